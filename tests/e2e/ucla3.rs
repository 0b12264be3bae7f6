//! The demo page as a practice would publish it: UCLA-3 completed by keyboard, the
//! completion event equals the CLI's object, the page asks for nothing from elsewhere, and
//! a questionnaire whose definitions cannot be fetched says so.

use fantoccini::key::Key;
use serde_json::{Value, json};
use wellcheck_e2e::{Session, WIDGET_ROOT, wellcheck};

#[tokio::test]
async fn ucla3_completed_by_keyboard_alone_sends_the_clis_result() {
    let session = Session::start(1024, 768).await;
    session.open("/example.html").await;
    session.wait_for_widget().await;
    session
        .js("localStorage.clear(); window.received = []; document.addEventListener('wellcheck-complete', (e) => \
             window.received.push({ detail: e.detail, bubbles: e.bubbles, composed: e.composed })); return true;")
        .await;
    let (tab, down, enter): (char, char, char) =
        (Key::Tab.into(), Key::Down.into(), Key::Enter.into());

    // Question 1: "Some of the time" (2). Tab enters the group on its first option.
    session.press(&[tab]).await;
    assert_eq!(session.focused().await, "radio:wc-0-lack_companionship:1");
    session.press(&[down, tab]).await;
    assert_eq!(session.focused().await, "button:continue");
    session.press(&[enter]).await;
    session
        .wait_for(&format!(
            "{WIDGET_ROOT}?.querySelector('[data-wc-item=\"1\"]')"
        ))
        .await;
    assert!(
        session
            .focused()
            .await
            .starts_with("heading:Question 2 of 3")
    );
    // Question 2: "Often" (3).
    session.press(&[tab, down, down, tab, enter]).await;
    session
        .wait_for(&format!(
            "{WIDGET_ROOT}?.querySelector('[data-wc-item=\"2\"]')"
        ))
        .await;
    // Question 3: "Some of the time" (2).
    session.press(&[tab, down, tab, enter]).await;
    session
        .wait_for(&format!(
            "{WIDGET_ROOT}?.querySelector('[data-wc-page=\"check\"]')"
        ))
        .await;
    assert_eq!(session.focused().await, "heading:Check your answers");
    session.tab_to("button:see-result").await;
    session.press(&[enter]).await;

    session.wait_for("window.received.length === 1").await;
    let event = session.js("return window.received[0];").await;
    assert_eq!(event["bubbles"], true);
    assert_eq!(event["composed"], true);
    let cli = wellcheck(&["score", "ucla-3", "--answers", "2,3,2", "--json"]);
    assert!(
        cli.status.success(),
        "{}",
        String::from_utf8_lossy(&cli.stderr)
    );
    let cli_object: Value = serde_json::from_slice(&cli.stdout).unwrap();
    assert_eq!(
        event["detail"], cli_object,
        "the event detail must equal the CLI's object"
    );

    let focus = session.focused().await;
    assert!(
        focus.starts_with("heading:Your result UCLA 3-item Loneliness Scale (ONS wording), "),
        "{focus}"
    );
    let shown = session
        .js(&format!("return {WIDGET_ROOT}.textContent;"))
        .await;
    let shown = shown.as_str().unwrap();
    assert!(shown.contains("Your score: 7"), "{shown}");
    assert!(
        shown.contains("Your result is in the group: Lonely"),
        "{shown}"
    );
    assert!(shown.contains("This is not a diagnosis"), "{shown}");
    assert_eq!(
        session
            .js("return document.getElementById('last-result').textContent.includes('\"lonely\"');")
            .await,
        true
    );
    session.close().await;
}

#[tokio::test]
async fn the_page_requests_nothing_but_its_own_files() {
    let session = Session::start(360, 740).await;
    session.open("/try.html?instrument=phq-9").await;
    session.wait_for_widget().await;
    let foreign = session
        .js("return performance.getEntriesByType('resource').map((e) => e.name).filter((url) => new URL(url).origin !== location.origin);")
        .await;
    assert_eq!(foreign, Value::Array(vec![]), "requests to other origins");
    let loaded = session
        .js("return performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname);")
        .await;
    let loaded: Vec<&str> = loaded
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    for file in [
        "/wellcheck/wellcheck.js",
        "/wellcheck/wellcheck_web_bg.wasm",
        "/wellcheck/wellcheck.css",
    ] {
        assert!(loaded.contains(&file), "{file} not loaded: {loaded:?}");
    }
    // Of the questionnaires' definitions, only the page's own.
    let definitions: Vec<&str> = loaded
        .iter()
        .copied()
        .filter(|path| path.starts_with("/wellcheck/definitions/"))
        .collect();
    assert_eq!(definitions, ["/wellcheck/definitions/phq-9.bin"]);
    // Served with `default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'`.
    assert_eq!(
        session.js("return window.wellcheckCspViolations;").await,
        Value::Array(vec![])
    );
    session.close().await;
}

#[tokio::test]
async fn a_questionnaire_whose_definitions_cannot_be_fetched_says_so_and_a_later_update_tries_again()
 {
    let session = Session::start(360, 740).await;
    session.cdp("Network.enable", json!({})).await;
    session
        .cdp(
            "Network.setBlockedURLs",
            json!({ "urls": ["*/definitions/gad-7.bin"] }),
        )
        .await;
    session.open("/try.html?instrument=gad-7&resume=off").await;
    let root =
        "document.querySelector('wellcheck-questionnaire').shadowRoot?.querySelector('.wc-root')";
    session
        .wait_for(&format!(
            "{root}?.textContent === 'This questionnaire could not be loaded. Please try again later.'"
        ))
        .await;
    // No question is left on screen to answer (the pre-rendered first page went too).
    assert_eq!(
        session
            .js(&format!("return {root}.querySelectorAll('input').length;"))
            .await,
        0
    );
    // Reachable again, the next change fetches it and the questionnaire shows.
    session
        .cdp("Network.setBlockedURLs", json!({ "urls": [] }))
        .await;
    session
        .js("document.querySelector('wellcheck-questionnaire').setAttribute('language', 'en'); return true;")
        .await;
    session.wait_for_widget().await;
    assert!(
        session
            .js(&format!("return {root}.textContent;"))
            .await
            .as_str()
            .unwrap()
            .contains("Feeling nervous, anxious, or on edge"),
        "GAD-7's first question"
    );
    session.close().await;
}
