//! The check and result pages as the embed's later part (`wellcheck_web_later.wasm`,
//! issue 25's bytes): it is not in the first load, it is fetched once the person begins,
//! a page that needs it before it arrives says "Loading…" and then shows, and when it
//! cannot be had the person is told, keeps their answers, and can try again.

use wellcheck_e2e::{Session, WIDGET_ROOT};
use xtask::site::WasmGate;

/// The demo site with a gate in front of the later part, open.
async fn site_with_later_gate() -> (String, WasmGate, tokio::task::JoinHandle<()>) {
    let gate = WasmGate::later_part();
    let (site, server) = super::site_behind(gate.clone()).await;
    (site, gate, server)
}

/// Presses Try again on the failure page and waits for the check page.
async fn try_again_reaches_the_check_page(session: &Session) {
    session
        .js(&format!(
            "{WIDGET_ROOT}.querySelector('.wc-held button').click(); return true;"
        ))
        .await;
    session
        .wait_for(&format!(
            "{WIDGET_ROOT}.querySelector('[data-wc-page=check] .wc-summary-row')"
        ))
        .await;
}

/// Whether the page has asked for the later part.
async fn later_requested(session: &Session) -> bool {
    session
        .js("return performance.getEntriesByType('resource').some((r) => r.name.includes('wellcheck_web_later.wasm'));")
        .await
        == true
}

/// Answers UCLA-3's three questions "Some of the time", pressing Continue after each.
async fn answer_all(session: &Session) {
    for item in 0..3 {
        session
            .wait_for(&format!(
                "{WIDGET_ROOT}?.querySelector('[data-wc-page=question]:not([data-wc-first-page])')?.dataset.wcItem === '{item}'"
            ))
            .await;
        session
            .js(&format!(
                "{WIDGET_ROOT}.querySelector('input[type=radio][value=\"2\"]').click();
                 {WIDGET_ROOT}.querySelector('[data-wc-action=continue]').click();
                 return true;"
            ))
            .await;
    }
}

/// The text of the element that has the focus in the widget.
async fn focused_text(session: &Session) -> String {
    session
        .js(&format!(
            "return {WIDGET_ROOT}.activeElement?.textContent ?? '';"
        ))
        .await
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn the_check_page_waits_for_the_later_part_and_then_shows_with_the_focus_on_its_heading() {
    let (site, gate, _server) = site_with_later_gate().await;
    gate.set_open(false);
    let session = Session::start_blank(360, 740).await;
    session
        .open_url(&format!("{site}/try.html?instrument=ucla-3"))
        .await;
    session
        .wait_for(&format!(
            "{WIDGET_ROOT}?.querySelector('[data-wc-page=question]:not([data-wc-first-page])')"
        ))
        .await;
    // Live and untouched: the later part is not part of the first load.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert!(
        !later_requested(&session).await,
        "the later part was fetched before the person began"
    );
    answer_all(&session).await;
    // The last Continue leads to the check page, which waits for the held later part.
    session
        .wait_for(&format!(
            "{WIDGET_ROOT}.querySelector('.wc-held [role=status]')?.textContent === 'Loading…'"
        ))
        .await;
    assert_eq!(
        focused_text(&session).await,
        "Loading…",
        "focus follows the move"
    );
    let violations = session.axe_violations().await;
    assert!(violations.is_empty(), "the held page: {violations:#?}");

    gate.set_open(true);
    session
        .wait_for(&format!(
            "{WIDGET_ROOT}.querySelector('[data-wc-page=check]')"
        ))
        .await;
    assert_eq!(
        focused_text(&session).await,
        "Check your answers",
        "the check page's heading takes the focus from Loading…"
    );
    session
        .js(&format!(
            "{WIDGET_ROOT}.querySelector('[data-wc-action=see-result]').click(); return true;"
        ))
        .await;
    session
        .wait_for(&format!(
            "{WIDGET_ROOT}.querySelector('[data-wc-page=result]')?.textContent.includes('6')"
        ))
        .await;
    session.close().await;
}

#[tokio::test]
async fn when_the_later_part_cannot_be_had_the_answers_are_kept_and_try_again_goes_on() {
    let (site, gate, _server) = site_with_later_gate().await;
    gate.set_failing(true);
    let session = Session::start_blank(360, 740).await;
    session
        .open_url(&format!("{site}/try.html?instrument=ucla-3"))
        .await;
    answer_all(&session).await;
    session
        .wait_for(&format!(
            "{WIDGET_ROOT}.querySelector('.wc-held [role=alert]')"
        ))
        .await;
    let said = session
        .js(&format!(
            "return {WIDGET_ROOT}.querySelector('.wc-held').textContent;"
        ))
        .await;
    assert_eq!(
        said,
        "This page could not be loaded. Your answers have not been lost.Try again"
    );
    let violations = session.axe_violations().await;
    assert!(violations.is_empty(), "the failure page: {violations:#?}");

    gate.set_failing(false);
    try_again_reaches_the_check_page(&session).await;
    // Every answer given before the failure is on the check page.
    let answered = session
        .js(&format!(
            "return [...{WIDGET_ROOT}.querySelectorAll('[data-wc-page=check] dd.wc-summary-value')].filter((d) => d.textContent.includes('Some of the time')).length;"
        ))
        .await;
    assert_eq!(answered, 3, "the answers were kept");
    session.close().await;
}

#[tokio::test]
async fn a_damaged_later_part_is_refused_and_a_good_copy_is_fetched_past_the_cache() {
    let (site, gate, _server) = site_with_later_gate().await;
    gate.set_damaged(true);
    let session = Session::start_blank(360, 740).await;
    session
        .open_url(&format!("{site}/try.html?instrument=ucla-3"))
        .await;
    answer_all(&session).await;
    // Still a valid module, but not the one this build made: its SHA-256 differs.
    session
        .wait_for(&format!(
            "{WIDGET_ROOT}.querySelector('.wc-held [role=alert]')"
        ))
        .await;
    gate.set_damaged(false);
    try_again_reaches_the_check_page(&session).await;
    session.close().await;
}

#[tokio::test]
async fn a_page_arriving_while_the_person_is_elsewhere_leaves_their_focus_where_it_is() {
    let (site, gate, _server) = site_with_later_gate().await;
    gate.set_open(false);
    let session = Session::start_blank(360, 740).await;
    let page = format!("{site}/try.html?instrument=ucla-3&resume=tab");
    session.open_url(&page).await;
    answer_all(&session).await;
    session
        .wait_for(&format!(
            "{WIDGET_ROOT}.querySelector('.wc-held [role=status]')"
        ))
        .await;
    // Back on the page later: it resumes at the check page, still arriving, while the
    // person is on the host page's own first link.
    session.open_url(&page).await;
    session
        .wait_for(&format!(
            "{WIDGET_ROOT}?.querySelector('.wc-held [role=status]')"
        ))
        .await;
    let host = session
        .js("const link = document.querySelector('a[href]'); link.focus(); return document.activeElement === link;")
        .await;
    assert_eq!(host, true, "the host page has a link to focus");
    gate.set_open(true);
    session
        .wait_for(&format!(
            "{WIDGET_ROOT}.querySelector('[data-wc-page=check]')"
        ))
        .await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let still = session
        .js("return document.activeElement === document.querySelector('a[href]');")
        .await;
    assert_eq!(
        still, true,
        "the arriving page took the focus from the host page"
    );
    session.close().await;
}
