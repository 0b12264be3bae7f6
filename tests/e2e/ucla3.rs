use fantoccini::key::Key;
use serde_json::Value;
use wellcheck_e2e::{Session, wellcheck};

const WIDGET: &str = "document.querySelector('wellcheck-questionnaire').shadowRoot";

/// The id of the focused element inside the widget, or its tag and text for ones without.
async fn focused(session: &Session) -> String {
    let value = session
        .js(&format!(
            "const el = {WIDGET}.activeElement; \
             return el ? (el.id || el.tagName.toLowerCase() + ':' + el.textContent.trim()) : 'outside';"
        ))
        .await;
    value.as_str().unwrap_or_default().to_owned()
}

#[tokio::test]
async fn ucla3_completed_by_keyboard_alone_sends_the_clis_result() {
    let session = Session::start(1024, 768).await;
    session.open("/").await;
    session
        .wait_for(&format!(
            "{WIDGET} && {WIDGET}.querySelectorAll('fieldset').length === 3"
        ))
        .await;
    session
        .js("window.received = []; document.addEventListener('wellcheck-complete', (e) => \
             window.received.push({ detail: e.detail, bubbles: e.bubbles, composed: e.composed })); return true;")
        .await;

    let tab: char = Key::Tab.into();
    let down: char = Key::Down.into();
    let enter: char = Key::Enter.into();

    // Question 1: "Some of the time" (2). Tab enters the group on its first option.
    session.press(&[tab]).await;
    assert_eq!(focused(&session).await, "wc-q-lack_companionship-1");
    session.press(&[down]).await;
    assert_eq!(focused(&session).await, "wc-q-lack_companionship-2");
    // Question 2: "Often" (3).
    session.press(&[tab, down, down]).await;
    assert_eq!(focused(&session).await, "wc-q-left_out-3");
    // Question 3: "Some of the time" (2).
    session.press(&[tab, down]).await;
    assert_eq!(focused(&session).await, "wc-q-isolated-2");
    // The submit button, then Enter.
    session.press(&[tab]).await;
    assert_eq!(focused(&session).await, "button:See my result");
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
    assert_eq!(event["detail"]["scores"]["total"]["value"], 7);
    assert_eq!(event["detail"]["scores"]["total"]["band"], "lonely");

    // The result replaces the questions and takes focus, so a screen reader announces it.
    assert_eq!(focused(&session).await, "h2:Your result");
    let shown = session.js(&format!("return {WIDGET}.textContent;")).await;
    let shown = shown.as_str().unwrap();
    assert!(shown.contains("Loneliness score: 7"), "{shown}");
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
    session.open("/").await;
    session
        .wait_for(&format!(
            "{WIDGET} && {WIDGET}.querySelectorAll('fieldset').length === 3"
        ))
        .await;
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
    // Nothing wider than a phone screen: no horizontal scrolling.
    assert_eq!(
        session
            .js("return document.documentElement.scrollWidth <= window.innerWidth;")
            .await,
        true
    );
    session.close().await;
}
