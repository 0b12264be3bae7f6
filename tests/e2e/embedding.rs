//! The element as a practice or charity website uses it: several on a page, the script
//! included twice, structured options through `configure()`, host text that contains markup,
//! safety signposting, and answers that survive a reload.

use serde_json::Value;
use wellcheck_e2e::{Session, WIDGET_ROOT};

/// Clicks the radio with this value in the n-th widget, then its Continue button.
async fn answer(session: &Session, widget: usize, value: i64) {
    session
        .js(&format!(
            "const root = document.querySelectorAll('wellcheck-questionnaire')[{widget}].shadowRoot;
             root.querySelector('input[type=radio][value=\"{value}\"]').click();
             return true;"
        ))
        .await;
    press(session, widget, "continue").await;
}

async fn press(session: &Session, widget: usize, action: &str) {
    session
        .js(&format!(
            "document.querySelectorAll('wellcheck-questionnaire')[{widget}].shadowRoot.querySelector('[data-wc-action=\"{action}\"]').click(); return true;"
        ))
        .await;
    tokio::time::sleep(std::time::Duration::from_millis(60)).await;
}

async fn shown(session: &Session, widget: usize) -> String {
    let text = session
        .js(&format!("return document.querySelectorAll('wellcheck-questionnaire')[{widget}].shadowRoot.textContent;"))
        .await;
    text.as_str().unwrap_or_default().to_owned()
}

#[tokio::test]
async fn two_widgets_and_a_second_copy_of_the_script_work_side_by_side() {
    let session = Session::start(1024, 768).await;
    session.open("/try.html?instrument=ucla-3&resume=off").await;
    session.wait_for_widget().await;
    session
        .js("const second = document.createElement('wellcheck-questionnaire');
             second.setAttribute('instrument', 'phq-2'); second.setAttribute('resume', 'off');
             document.getElementById('slot').append(second);
             const again = document.createElement('script'); again.type = 'module'; again.src = '/wellcheck/wellcheck.js?copy=2';
             document.head.append(again);
             window.done = []; document.addEventListener('wellcheck-complete', (e) => window.done.push(e.detail.instrument));
             return true;")
        .await;
    session
        .wait_for("document.querySelectorAll('wellcheck-questionnaire')[1].shadowRoot?.querySelector('[data-wc-page]')")
        .await;
    answer(&session, 1, 2).await;
    answer(&session, 0, 1).await;
    answer(&session, 1, 3).await;
    press(&session, 1, "see-result").await;
    session.wait_for("window.done.length === 1").await;
    assert_eq!(
        session.js("return window.done;").await,
        serde_json::json!(["phq-2"])
    );
    assert!(shown(&session, 1).await.contains("Positive screen"));
    assert!(
        shown(&session, 0).await.contains("Question 2 of 3"),
        "the first widget kept its own place"
    );
    assert_eq!(
        session
            .js("return window.wellcheckCspViolations.length;")
            .await,
        0
    );
    session.close().await;
}

#[tokio::test]
async fn host_supplied_text_is_shown_as_text_and_callbacks_are_called() {
    let session = Session::start(1024, 768).await;
    session
        .open("/try.html?instrument=ons-loneliness&resume=off")
        .await;
    session.wait_for_widget().await;
    session
        .js("window.calls = [];
             document.querySelector('wellcheck-questionnaire').configure({
               practiceName: '<img src=x id=evil-image>',
               signposting: [
                 { text: '<b id=evil-bold>Call the surgery</b>', href: 'javascript:alert(1)' },
                 { text: 'Riverside link worker', href: 'tel:01234567890' }
               ],
               onComplete: (detail) => window.calls.push(['complete', detail.instrument]),
             });
             return true;")
        .await;
    answer(&session, 0, 2).await;
    press(&session, 0, "see-result").await;
    session.wait_for("window.calls.length === 1").await;
    assert_eq!(
        session.js("return window.calls;").await,
        serde_json::json!([["complete", "ons-loneliness"]])
    );
    let text = shown(&session, 0).await;
    assert!(
        text.contains("<b id=evil-bold>Call the surgery</b>"),
        "{text}"
    );
    let injected = session
        .js(&format!("return [{WIDGET_ROOT}.querySelector('#evil-image, #evil-bold, img, b'), document.querySelector('#evil-image, #evil-bold')];"))
        .await;
    assert_eq!(
        injected,
        serde_json::json!([null, null]),
        "markup from the host must not become elements"
    );
    let hrefs = session.js(&format!("return [...{WIDGET_ROOT}.querySelectorAll('.wc-help a')].map((a) => a.getAttribute('href'));")).await;
    assert_eq!(
        hrefs,
        serde_json::json!(["tel:01234567890"]),
        "the javascript: link must lose its href"
    );
    session.close().await;
}

#[tokio::test]
async fn phq9_item_9_shows_urgent_help_at_once_and_tells_the_host() {
    let session = Session::start(360, 740).await;
    session.open("/try.html?instrument=phq-9&resume=off").await;
    session.wait_for_widget().await;
    session
        .js("window.flags = []; document.addEventListener('wellcheck-flag', (e) => window.flags.push(e.detail)); return true;")
        .await;
    for _ in 0..8 {
        answer(&session, 0, 0).await;
    }
    assert!(!shown(&session, 0).await.contains("Get help now"));
    session
        .js(&format!(
            "{WIDGET_ROOT}.querySelector('input[type=radio][value=\"1\"]').click(); return true;"
        ))
        .await;
    // Before Continue, before any score: the urgent help is on screen and announced.
    session
        .wait_for(&format!(
            "{WIDGET_ROOT}.querySelector('[data-wc-urgent][role=alert]')"
        ))
        .await;
    let urgent = session
        .js(&format!(
            "return {WIDGET_ROOT}.querySelector('[data-wc-urgent]').textContent;"
        ))
        .await;
    let urgent = urgent.as_str().unwrap();
    for expected in ["Get help now", "116 123", "999", "111"] {
        assert!(
            urgent.contains(expected),
            "`{expected}` missing from {urgent}"
        );
    }
    assert_eq!(
        session.js("return window.flags;").await,
        serde_json::json!([{ "instrument": "phq-9", "flag": "self_harm_risk" }])
    );
    // It stays on every page to the result.
    press(&session, 0, "continue").await;
    press(&session, 0, "continue").await;
    assert!(shown(&session, 0).await.contains("Check your answers"));
    assert!(shown(&session, 0).await.contains("Get help now"));
    session.close().await;
}

#[tokio::test]
async fn answers_survive_a_reload_and_are_cleared_when_finished() {
    let session = Session::start(1024, 768).await;
    session.open("/try.html?instrument=ucla-3").await;
    session.wait_for_widget().await;
    session.js("localStorage.clear(); return true;").await;
    session.client.refresh().await.unwrap();
    session.wait_for_widget().await;
    answer(&session, 0, 3).await;
    let stored = session
        .js("return localStorage.getItem('wellcheck:v1:ucla-3');")
        .await;
    assert!(
        stored
            .as_str()
            .is_some_and(|text| text.contains("[3,null,null]")),
        "{stored}"
    );

    session.client.refresh().await.unwrap();
    session.wait_for_widget().await;
    let text = shown(&session, 0).await;
    assert!(
        text.contains("We kept the answers you gave before"),
        "{text}"
    );
    assert!(text.contains("Question 2 of 3"), "{text}");
    answer(&session, 0, 1).await;
    answer(&session, 0, 1).await;
    press(&session, 0, "see-result").await;
    assert!(shown(&session, 0).await.contains("Your result"));
    assert_eq!(
        session
            .js("return localStorage.getItem('wellcheck:v1:ucla-3');")
            .await,
        Value::Null
    );

    session.open("/try.html?instrument=ucla-3&resume=off").await;
    session.wait_for_widget().await;
    answer(&session, 0, 2).await;
    assert_eq!(
        session.js("return localStorage.length;").await,
        0,
        "resume=off keeps nothing"
    );
    session.close().await;
}

#[tokio::test]
async fn narrow_screen_and_double_text_size_never_scroll_sideways() {
    let session = Session::start(320, 740).await;
    assert_eq!(
        session.js("return window.innerWidth;").await,
        320,
        "the browser must really be 320 px wide"
    );
    for query in [
        "instrument=gppaq",
        "battery=social-prescribing",
        "instrument=who-5&language=cy",
    ] {
        session.open(&format!("/try.html?{query}&resume=off")).await;
        session.wait_for_widget().await;
        // 200% text, as a person who enlarges text in their browser settings.
        session
            .js("document.documentElement.style.fontSize = '200%'; return true;")
            .await;
        for step in 0..4 {
            let problems = session.layout_problems().await;
            assert!(problems.is_empty(), "{query} step {step}: {problems:?}");
            session
                .js(&format!("const radio = {WIDGET_ROOT}.querySelector('input[type=radio]'); if (radio) radio.click(); return true;"))
                .await;
            press(&session, 0, "continue").await;
        }
    }
    session.close().await;
}

#[tokio::test]
async fn the_host_gets_the_same_fhir_bundle_as_the_cli() {
    let session = Session::start(1024, 768).await;
    session.open("/try.html?instrument=ucla-3&resume=off").await;
    session.wait_for_widget().await;
    assert_eq!(
        session
            .js("return document.querySelector('wellcheck-questionnaire').fhirBundle();")
            .await,
        Value::Null
    );
    for value in [2, 3, 2] {
        answer(&session, 0, value).await;
    }
    press(&session, 0, "see-result").await;
    session
        .wait_for("document.querySelector('wellcheck-questionnaire').fhirBundle() !== null")
        .await;
    let bundle = session
        .js("return document.querySelector('wellcheck-questionnaire').fhirBundle();")
        .await;
    let cli = wellcheck_e2e::wellcheck(&["fhir", "response", "ucla-3", "--answers", "2,3,2"]);
    assert!(
        cli.status.success(),
        "{}",
        String::from_utf8_lossy(&cli.stderr)
    );
    let expected: Value = serde_json::from_slice(&cli.stdout).unwrap();
    assert_eq!(bundle, expected);
    assert_eq!(
        bundle["entry"][0]["resource"]["resourceType"],
        "QuestionnaireResponse"
    );
    session.close().await;
}
