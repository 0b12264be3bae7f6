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

/// A fresh element to mount into, so tests do not see each other's widgets.
fn fresh_root() -> Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    root
}

/// Mounts a widget; returns its root and the JSON texts its completion callback received.
fn mount(
    instrument: &str,
) -> (
    Element,
    Rc<RefCell<Vec<String>>>,
    wellcheck_web::WidgetHandle,
) {
    let root = fresh_root();
    let received = Rc::new(RefCell::new(Vec::new()));
    let sink = Rc::clone(&received);
    let callback = Closure::<dyn Fn(String)>::new(move |json: String| sink.borrow_mut().push(json));
    let handle = wellcheck_web::mount(
        root.clone(),
        instrument,
        callback
            .as_ref()
            .unchecked_ref::<js_sys::Function>()
            .clone(),
    );
    callback.forget();
    (root, received, handle)
}

async fn settle() {
    yew::scheduler::flush().await;
}

fn texts(root: &Element, selector: &str) -> Vec<String> {
    let nodes = root.query_selector_all(selector).unwrap();
    (0..nodes.length())
        .map(|i| nodes.item(i).unwrap().text_content().unwrap_or_default())
        .collect()
}

fn choose(root: &Element, item: &str, value: i64) {
    let input: HtmlInputElement = root
        .query_selector(&format!("input[name='wc-q-{item}'][value='{value}']"))
        .unwrap()
        .expect("radio for the option")
        .dyn_into()
        .unwrap();
    input.click();
}

fn submit(root: &Element) {
    let button: HtmlElement = root
        .query_selector("button[type=submit]")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    button.click();
}

#[wasm_bindgen_test]
async fn renders_every_item_as_a_fieldset_with_its_verbatim_wording() {
    let (root, _, _handle) = mount("ucla-3");
    settle().await;
    let ucla3 = wellcheck_core::catalogue::get("ucla-3").unwrap();
    let legends = texts(&root, "fieldset > legend .wc-item-text");
    let expected: Vec<String> = ucla3
        .items()
        .iter()
        .map(|item| item.text().unwrap().to_owned())
        .collect();
    assert_eq!(legends, expected);
    assert_eq!(texts(&root, "fieldset .wc-radio-label").len(), 9);
    assert_eq!(texts(&root, ".wc-counter")[1], "Question 2 of 3");
}

#[wasm_bindgen_test]
async fn completing_reports_the_same_object_as_the_core() {
    let (root, received, _handle) = mount("ucla-3");
    settle().await;
    choose(&root, "lack_companionship", 2);
    choose(&root, "left_out", 3);
    choose(&root, "isolated", 2);
    settle().await;
    submit(&root);
    settle().await;

    let received = received.borrow();
    assert_eq!(received.len(), 1, "one completion event");
    let expected = wellcheck_web::score_json("ucla-3", "2,3,2").unwrap();
    assert_eq!(received[0], expected);
    let shown = root.text_content().unwrap();
    assert!(shown.contains("Your result"), "{shown}");
    assert!(shown.contains("Loneliness score: 7"), "{shown}");
    assert!(shown.contains("Lonely"), "{shown}");
    assert!(shown.contains("not a diagnosis"), "{shown}");
}

#[wasm_bindgen_test]
async fn submitting_with_a_gap_shows_errors_and_reports_nothing() {
    let (root, received, _handle) = mount("ucla-3");
    settle().await;
    choose(&root, "left_out", 1);
    settle().await;
    submit(&root);
    settle().await;
    assert!(received.borrow().is_empty());
    assert_eq!(
        texts(&root, ".wc-error-summary li"),
        ["Answer question 1 of 3", "Answer question 3 of 3"]
    );
    assert_eq!(texts(&root, ".wc-error-message").len(), 2);
}

#[wasm_bindgen_test]
async fn an_unknown_instrument_says_so_to_the_site_editor() {
    let (root, _, _handle) = mount("ucla-33");
    settle().await;
    let shown = root.text_content().unwrap();
    assert!(shown.contains("could not be shown"), "{shown}");
    assert!(shown.contains("unknown instrument `ucla-33`"), "{shown}");
}

#[wasm_bindgen_test]
async fn host_text_is_rendered_as_text_not_markup() {
    let (root, _, _handle) = mount("<img src=x onerror=alert(1)>");
    settle().await;
    assert!(root.query_selector("img").unwrap().is_none());
    assert!(root.text_content().unwrap().contains("<img src=x"));
}

#[wasm_bindgen_test]
async fn destroy_removes_the_widget() {
    let (root, _, mut handle) = mount("ucla-3");
    settle().await;
    assert!(root.query_selector("fieldset").unwrap().is_some());
    handle.destroy();
    settle().await;
    assert!(root.query_selector("fieldset").unwrap().is_none());
}
