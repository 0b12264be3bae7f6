//! The embed's page driver for the end-to-end tests: answering and pressing in a widget's
//! shadow root, what it shows, where urgent help's notice lands on screen, what it keeps in
//! storage, and what it tells the editor. `embedding` and `every_engine` drive the widget
//! through these.

use serde_json::Value;
use wellcheck_e2e::{Session, WIDGET_ROOT};

/// Clicks the radio with this value in the n-th widget, then its Continue button.
pub(crate) async fn answer(session: &Session, widget: usize, value: i64) {
    session
        .js(&format!(
            "const root = document.querySelectorAll('wellcheck-questionnaire')[{widget}].shadowRoot;
             root.querySelector('input[type=radio][value=\"{value}\"]').click();
             return true;"
        ))
        .await;
    press(session, widget, "continue").await;
}

pub(crate) async fn press(session: &Session, widget: usize, action: &str) {
    session
        .js(&format!(
            "document.querySelectorAll('wellcheck-questionnaire')[{widget}].shadowRoot.querySelector('[data-wc-action=\"{action}\"]').click(); return true;"
        ))
        .await;
    tokio::time::sleep(std::time::Duration::from_millis(60)).await;
}

pub(crate) async fn shown(session: &Session, widget: usize) -> String {
    let text = session
        .js(&format!("return document.querySelectorAll('wellcheck-questionnaire')[{widget}].shadowRoot.textContent;"))
        .await;
    text.as_str().unwrap_or_default().to_owned()
}

/// Where urgent help's notice is on screen once PHQ-9 question 9 is answered "Several
/// days" in `language` (see [`urgent_notice_where_it_shows`]).
pub(crate) async fn urgent_notice_on_screen(session: &Session, language: &str) -> Value {
    session
        .open(&format!(
            "/try.html?instrument=phq-9&resume=off&language={language}"
        ))
        .await;
    session.wait_for_widget().await;
    for _ in 0..8 {
        answer(session, 0, 0).await;
    }
    session
        .js(&format!(
            "{WIDGET_ROOT}.querySelector('input[type=radio][value=\"1\"]').click(); return true;"
        ))
        .await;
    urgent_notice_where_it_shows(session).await
}

/// Once urgent help's notice shows and any scrolling has settled: `{ top, bottom, height,
/// text, alert }`, in viewport pixels, `alert` saying whether the full panel is announced.
pub(crate) async fn urgent_notice_where_it_shows(session: &Session) -> Value {
    session
        .wait_for(&format!(
            "{WIDGET_ROOT}.querySelector('[data-wc-urgent-notice]')"
        ))
        .await;
    // Let any scrolling settle.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    session
        .js(&format!(
            "const notice = {WIDGET_ROOT}.querySelector('[data-wc-urgent-notice]');
             const box = notice.getBoundingClientRect();
             return {{ top: box.top, bottom: box.bottom, height: window.innerHeight, text: notice.textContent,
                       alert: Boolean({WIDGET_ROOT}.querySelector('[data-wc-urgent][role=alert]')) }};"
        ))
        .await
}

/// The notice measured by [`urgent_notice_where_it_shows`] is wholly on the screen, to
/// within a pixel (scrolling aligns to fractions of one).
pub(crate) fn assert_on_screen(notice: &Value, case: &str) {
    let (top, bottom, height) = (
        notice["top"].as_f64().unwrap(),
        notice["bottom"].as_f64().unwrap(),
        notice["height"].as_f64().unwrap(),
    );
    assert!(
        top >= -1.0 && bottom <= height + 1.0,
        "{case}: the notice is at {top}..{bottom} of a {height} px screen"
    );
}

/// How many requests the page has made for the FHIR module's files.
pub(crate) async fn fhir_module_requests(session: &Session) -> u64 {
    session
        .js("return performance.getEntriesByType('resource').filter((e) => e.name.includes('wellcheck_fhir')).length;")
        .await
        .as_u64()
        .unwrap_or(u64::MAX)
}

/// How many journeys the n-th widget holds, and whether any element id repeats in it.
pub(crate) async fn journeys_in(session: &Session, widget: usize) -> (u64, bool) {
    let value = session
        .js(&format!(
            "const root = document.querySelectorAll('wellcheck-questionnaire')[{widget}].shadowRoot;
             const ids = [...root.querySelectorAll('[id]')].map((e) => e.id);
             return [root.querySelectorAll('.wc-app').length, new Set(ids).size !== ids.length];"
        ))
        .await;
    (
        value[0].as_u64().unwrap_or(0),
        value[1] == Value::Bool(true),
    )
}

/// Types into the first widget's number box (as a person would, with `input` events).
pub(crate) async fn type_number(session: &Session, text: &str) {
    session
        .js(&format!(
            "const input = {WIDGET_ROOT}.querySelector('input.wc-number-input');
             input.value = '{text}'; input.dispatchEvent(new InputEvent('input', {{ bubbles: true }}));
             return true;"
        ))
        .await;
}

/// What the page's diagnostics saw wellcheck tell the site editor in the console.
pub(crate) async fn editor_messages(session: &Session) -> Vec<String> {
    let messages = session.js("return window.wellcheckEditorMessages;").await;
    messages
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .map(str::to_owned)
        .collect()
}

/// The storage keys the widget holds in a store (`sessionStorage` or `localStorage`).
pub(crate) async fn kept_in(session: &Session, store: &str) -> Vec<String> {
    let keys = session
        .js(&format!(
            "return Object.keys({store}).filter((k) => k.startsWith('wellcheck:')).sort();"
        ))
        .await;
    serde_json::from_value(keys).unwrap()
}

/// Closes the current tab and opens the page in a new one, as a person closing and
/// reopening the browser tab would (a new tab has its own sessionStorage).
pub(crate) async fn in_a_new_tab(session: &Session, path: &str) {
    let old = session.client.window().await.unwrap();
    let new = session.client.new_window(true).await.unwrap();
    session.client.close_window().await.unwrap();
    assert_ne!(old, new.handle);
    session.client.switch_to_window(new.handle).await.unwrap();
    session.open(path).await;
    session.wait_for_widget().await;
}
