//! The widget mounted in a real headless Chromium: what a person sees and does.
#![cfg(target_arch = "wasm32")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs,
    reason = "tests"
)]

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

type Emitted = Rc<RefCell<Vec<(String, String)>>>;

/// Mounts a widget into a fresh element; returns the element and what it emitted.
fn mount(options: &str) -> (Element, Emitted, wellcheck_web::WidgetHandle) {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    // Each test starts without saved answers.
    web_sys::window()
        .unwrap()
        .local_storage()
        .unwrap()
        .unwrap()
        .clear()
        .unwrap();
    let emitted: Emitted = Rc::new(RefCell::new(Vec::new()));
    let sink = Rc::clone(&emitted);
    let callback = Closure::<dyn Fn(String, String)>::new(move |kind: String, json: String| {
        sink.borrow_mut().push((kind, json))
    });
    let handle = wellcheck_web::mount(
        root.clone(),
        options,
        callback
            .as_ref()
            .unchecked_ref::<js_sys::Function>()
            .clone(),
    );
    callback.forget();
    (root, emitted, handle)
}

async fn settle() {
    yew::scheduler::flush().await;
}

fn text(root: &Element) -> String {
    root.text_content().unwrap_or_default()
}

fn texts(root: &Element, selector: &str) -> Vec<String> {
    let nodes = root.query_selector_all(selector).unwrap();
    (0..nodes.length())
        .map(|i| nodes.item(i).unwrap().text_content().unwrap_or_default())
        .collect()
}

async fn choose(root: &Element, value: i64) {
    let input: HtmlInputElement = root
        .query_selector(&format!("input[type=radio][value='{value}']"))
        .unwrap()
        .expect("a radio for the option")
        .dyn_into()
        .unwrap();
    input.click();
    settle().await;
}

async fn press(root: &Element, label: &str) {
    let buttons = root.query_selector_all("button").unwrap();
    let button: HtmlElement = (0..buttons.length())
        .map(|i| buttons.item(i).unwrap().dyn_into::<HtmlElement>().unwrap())
        .find(|button| button.text_content().unwrap_or_default().trim() == label)
        .unwrap_or_else(|| panic!("no button `{label}` in: {}", text(root)));
    button.click();
    settle().await;
}

#[wasm_bindgen_test]
async fn the_first_question_is_the_page_heading_inside_its_fieldset_legend() {
    let (root, _, _handle) = mount(r#"{"instrument":"ucla-3"}"#);
    settle().await;
    let heading = root
        .query_selector("fieldset > legend > h2")
        .unwrap()
        .expect("h2 in the legend");
    let heading = heading.text_content().unwrap();
    assert!(heading.starts_with("Question 1 of 3"), "{heading}");
    assert!(
        heading.ends_with("How often do you feel that you lack companionship?"),
        "{heading}"
    );
    assert_eq!(
        texts(&root, ".wc-radio-label"),
        ["Hardly ever or never", "Some of the time", "Often"]
    );
}

#[wasm_bindgen_test]
async fn completing_reports_the_same_object_as_the_core() {
    let (root, emitted, _handle) = mount(r#"{"instrument":"ucla-3"}"#);
    settle().await;
    for value in [2, 3, 2] {
        choose(&root, value).await;
        press(&root, "Continue").await;
    }
    assert!(
        text(&root).contains("Check your answers"),
        "{}",
        text(&root)
    );
    assert_eq!(
        texts(&root, ".wc-summary-value"),
        ["Some of the time", "Often", "Some of the time"]
    );
    press(&root, "See my result").await;

    let emitted = emitted.borrow();
    let kinds: Vec<&str> = emitted.iter().map(|(kind, _)| kind.as_str()).collect();
    // The FHIR Bundle is made on demand from this object (the element's fhirBundle()).
    assert_eq!(kinds, ["complete"], "{emitted:?}");
    assert_eq!(
        emitted[0],
        ("complete".to_owned(), {
            let ucla3 = wellcheck_core::catalogue::get("ucla-3").unwrap();
            let answers = wellcheck_core::Answers::parse(&ucla3, "2,3,2").unwrap();
            wellcheck_core::score(&ucla3, &answers).unwrap().to_json()
        })
    );
    let shown = text(&root);
    for expected in [
        "Your result",
        "Loneliness score",
        "Your score: 7",
        "Lonely",
        "This is not a diagnosis",
        "116 123",
    ] {
        assert!(
            shown.contains(expected),
            "`{expected}` missing from {shown}"
        );
    }
}

#[wasm_bindgen_test]
async fn continue_without_an_answer_shows_the_error_summary_and_stays() {
    let (root, emitted, _handle) = mount(r#"{"instrument":"ucla-3"}"#);
    settle().await;
    press(&root, "Continue").await;
    assert!(emitted.borrow().is_empty());
    assert_eq!(texts(&root, ".wc-error-summary h2"), ["There is a problem"]);
    // GOV.UK's pattern: what to do, naming the question; the same words by the question.
    let named = "Select an answer to ‘How often do you feel that you lack companionship?’";
    assert_eq!(texts(&root, ".wc-error-summary a"), [named]);
    assert_eq!(
        texts(&root, ".wc-error-message"),
        [format!("Error: {named}")]
    );
    assert!(text(&root).contains("Question 1 of 3"));
}

#[wasm_bindgen_test]
async fn a_number_left_empty_says_what_to_enter_and_a_single_page_names_each_question() {
    let (root, _emitted, _handle) = mount(r#"{"instrument":"evs"}"#);
    settle().await;
    press(&root, "Continue").await;
    assert_eq!(
        texts(&root, ".wc-error-summary a"),
        ["Enter a number of days from 0 to 7"]
    );
    let (root, _emitted, _handle) = mount(r#"{"instrument":"ucla-3","mode":"single-page"}"#);
    settle().await;
    press(&root, "Continue").await;
    assert_eq!(
        texts(&root, ".wc-error-summary a"),
        [
            "Select an answer to ‘How often do you feel that you lack companionship?’",
            "Select an answer to ‘How often do you feel left out?’",
            "Select an answer to ‘How often do you feel isolated from others?’",
        ]
    );
}

#[wasm_bindgen_test]
async fn phq9_item_9_shows_urgent_help_the_moment_it_is_answered() {
    let (root, emitted, _handle) = mount(r#"{"instrument":"phq-9"}"#);
    settle().await;
    for _ in 0..8 {
        choose(&root, 0).await;
        press(&root, "Continue").await;
    }
    assert!(root.query_selector("[data-wc-urgent]").unwrap().is_none());
    choose(&root, 1).await;
    // Before Continue, before any score.
    let urgent = root
        .query_selector("[data-wc-urgent]")
        .unwrap()
        .expect("urgent help shown at once");
    assert!(urgent.text_content().unwrap().contains("116 123"));
    assert_eq!(urgent.get_attribute("role").as_deref(), Some("alert"));
    let emitted = emitted.borrow();
    assert_eq!(emitted.len(), 1);
    assert_eq!(emitted[0].0, "flag");
    assert!(emitted[0].1.contains("self_harm_risk"));
}

#[wasm_bindgen_test]
async fn welsh_interface_says_the_questions_are_in_english() {
    let (root, _, _handle) = mount(r#"{"instrument":"ucla-3","language":"cy"}"#);
    settle().await;
    let shown = text(&root);
    assert!(shown.contains("Cwestiwn 1 o 3"), "{shown}");
    assert!(shown.contains("Parhau"), "{shown}");
    assert!(
        shown.contains("Nid oes fersiwn Gymraeg swyddogol"),
        "{shown}"
    );
    assert_eq!(
        root.query_selector("[data-wc-root]")
            .unwrap()
            .unwrap()
            .get_attribute("lang")
            .as_deref(),
        Some("cy")
    );
    assert_eq!(
        root.query_selector(".wc-item-text")
            .unwrap()
            .unwrap()
            .get_attribute("lang")
            .as_deref(),
        Some("en")
    );
}

#[wasm_bindgen_test]
async fn setup_problems_show_patients_a_plain_sentence_and_tell_the_editor_the_reason() {
    for (options, expected) in [
        (
            r#"{"instrument":"ucla-33"}"#,
            "unknown instrument `ucla-33`",
        ),
        (r#"{"instrument":"wemwbs"}"#, "is licensed"),
        (
            r#"{"instrument":"<img src=x onerror=alert(1)>"}"#,
            "<img src=x",
        ),
        (r#"{}"#, "say which questionnaire"),
        (r#"{"instrument":"phq-9","language":"fr"}"#, "language `fr`"),
    ] {
        let (root, emitted, _handle) = mount(options);
        settle().await;
        let shown = text(&root);
        assert_eq!(
            shown.trim(),
            "This questionnaire is not available on this page yet."
        );
        assert!(!shown.contains("Site setup"), "{shown}");
        let told: Vec<(String, String)> = emitted.borrow().clone();
        assert_eq!(told.len(), 1, "{told:?}");
        assert_eq!(told[0].0, "setup-problem");
        assert!(told[0].1.contains(expected), "{told:?}");
        assert!(
            root.query_selector("img").unwrap().is_none(),
            "host text must stay text"
        );
    }
}

#[wasm_bindgen_test]
async fn new_options_keep_the_answers_and_place_unless_the_instrument_changes() {
    let (root, _, mut handle) = mount(r#"{"instrument":"ucla-3","resume":false}"#);
    settle().await;
    root.query_selector("input[type=radio][value='2']")
        .unwrap()
        .unwrap()
        .dyn_into::<HtmlElement>()
        .unwrap()
        .click();
    settle().await;
    root.query_selector("[data-wc-action=continue]")
        .unwrap()
        .unwrap()
        .dyn_into::<HtmlElement>()
        .unwrap()
        .click();
    settle().await;
    assert!(text(&root).contains("Question 2 of 3"), "{}", text(&root));

    handle.update(
        r#"{"instrument":"ucla-3","resume":false,"language":"cy","practiceName":"Riverside"}"#,
    );
    settle().await;
    assert!(text(&root).contains("Cwestiwn 2 o 3"), "{}", text(&root));
    assert_eq!(root.query_selector_all("form").unwrap().length(), 1);

    handle.update(r#"{"instrument":"phq-9","resume":false}"#);
    settle().await;
    assert!(text(&root).contains("Question 1 of 10"), "{}", text(&root));
}

#[wasm_bindgen_test]
async fn destroy_removes_the_widget() {
    let (root, _, mut handle) = mount(r#"{"instrument":"ucla-3"}"#);
    settle().await;
    assert!(root.query_selector("fieldset").unwrap().is_some());
    handle.destroy();
    settle().await;
    assert!(root.query_selector("fieldset").unwrap().is_none());
}
