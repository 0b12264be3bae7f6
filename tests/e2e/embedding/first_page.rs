//! The first question before the WebAssembly arrives (issue 25): the site holds the
//! module back (`xtask::site::WasmGate`), as a slow phone connection would, and the page
//! must already show the pre-rendered first question, accessible; a choice made and a
//! Continue pressed then are kept when the widget takes over; what the widget then shows
//! is the same markup; a Welsh battery works; and a person resuming saved answers never
//! sees question 1 flash.

use wellcheck_e2e::{Session, WIDGET_ROOT};
use xtask::site::WasmGate;

/// The demo site with its WebAssembly held back; the gate starts closed.
async fn gated_site() -> (String, WasmGate, tokio::task::JoinHandle<()>) {
    let gate = WasmGate::default();
    gate.set_open(false);
    let (site, server) = super::site_behind(gate.clone()).await;
    (site, gate, server)
}

/// The widget's markup, each element with its attributes sorted (the server's renderer and
/// the browser's write them in different orders), and its text.
const CANONICAL: &str = "const canonical = (node) => {
       if (node.nodeType === Node.TEXT_NODE) return node.textContent;
       if (node.nodeType !== Node.ELEMENT_NODE) return '';
       // A text box's value is a property the live widget sets, an attribute the server
       // writes: it is compared on its own.
       const attributes = [...node.attributes]
         .filter((a) => !(a.name === 'value' && node.localName === 'input' && node.type !== 'radio'))
         .map((a) => `${a.name}=\"${a.value}\"`).sort().join(' ');
       return `<${node.localName} ${attributes}>${[...node.childNodes].map(canonical).join('')}</${node.localName}>`;
     };";

async fn markup(session: &Session) -> String {
    session
        .js(&format!(
            "{CANONICAL} return [...{WIDGET_ROOT}.querySelector('.wc-root').childNodes].map(canonical).join('');"
        ))
        .await
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// Waits until the widget has taken over: its root is no longer the marked first page's.
async fn taken_over(session: &Session) {
    session
        .wait_for(&format!(
            "{WIDGET_ROOT}.querySelector('.wc-root') && !{WIDGET_ROOT}.querySelector('.wc-root').dataset.test"
        ))
        .await;
}

/// Marks the root now shown (the pre-rendered page), so the takeover can be seen.
async fn mark_first_page(session: &Session) {
    session
        .js(&format!(
            "const root = {WIDGET_ROOT}.querySelector('.wc-root'); root.dataset.test = 'first-page'; return true;"
        ))
        .await;
}

#[tokio::test]
async fn the_first_question_shows_before_the_webassembly_and_a_choice_and_continue_then_are_kept() {
    let (site, gate, _server) = gated_site().await;
    let session = Session::start_blank(360, 740).await;
    session
        .open_url(&format!("{site}/try.html?instrument=ucla-3"))
        .await;
    // The module is held back: what shows is the pre-rendered first question.
    session
        .wait_for(&format!(
            "{WIDGET_ROOT}?.querySelector('[data-wc-page=question] .wc-item-text')?.getBoundingClientRect().height > 0"
        ))
        .await;
    let held = session
        .js("return performance.getEntriesByType('resource').some((r) => r.name.endsWith('_bg.wasm'));")
        .await;
    assert_eq!(held, false, "the module's response must still be held");
    let shown = session
        .js(&format!(
            "return {WIDGET_ROOT}.querySelector('[data-wc-page=question]').textContent;"
        ))
        .await;
    assert!(
        shown
            .as_str()
            .unwrap_or_default()
            .contains("How often do you feel that you lack companionship?"),
        "{shown}"
    );
    let violations = session.axe_violations().await;
    assert!(
        violations.is_empty(),
        "the pre-rendered page: {violations:#?}"
    );
    let marked = session
        .js(&format!(
            "return {WIDGET_ROOT}.querySelectorAll('[data-wc-first-page]').length;"
        ))
        .await;
    assert_eq!(marked, 1, "the pre-rendered first page is marked");
    mark_first_page(&session).await;

    // The person chooses "Some of the time" and presses Continue at once.
    session
        .js(&format!(
            "{WIDGET_ROOT}.querySelector('label[for$=\"-2\"]').click();
             {WIDGET_ROOT}.querySelector('[data-wc-action=continue]').click();
             return true;"
        ))
        .await;
    let waiting = session
        .js(&format!(
            "return {WIDGET_ROOT}.querySelector('[data-wc-action=continue]').textContent;"
        ))
        .await;
    assert_eq!(waiting, "Loading…", "Continue waits visibly");
    assert_eq!(
        session
            .js("return location.pathname + location.search;")
            .await,
        "/try.html?instrument=ucla-3",
        "the page did not submit or navigate"
    );

    gate.set_open(true);
    taken_over(&session).await;
    session
        .wait_for(&format!(
            "{WIDGET_ROOT}.querySelector('[data-wc-page=question]')?.dataset.wcItem === '1'"
        ))
        .await;
    let left = session
        .js(&format!(
            "return {WIDGET_ROOT}.querySelectorAll('.wc-root, [data-wc-first-page]').length;"
        ))
        .await;
    assert_eq!(left, 1, "one root, the widget's, once it has taken over");
    // The choice made before the module arrived is the first answer.
    session
        .js(&format!(
            "{WIDGET_ROOT}.querySelector('[data-wc-action=back]').click(); return true;"
        ))
        .await;
    session
        .wait_for(&format!(
            "{WIDGET_ROOT}.querySelector('[data-wc-page=question]')?.dataset.wcItem === '0'"
        ))
        .await;
    let chosen = session
        .js(&format!(
            "return {WIDGET_ROOT}.querySelector('input:checked')?.value ?? null;"
        ))
        .await;
    assert_eq!(chosen, "2", "the early choice was lost");
    session.close().await;
}

#[tokio::test]
async fn the_widget_takes_over_the_same_markup_in_english_welsh_and_a_battery() {
    let (site, gate, _server) = gated_site().await;
    let session = Session::start_blank(1024, 768).await;
    for query in [
        "instrument=phq-9",
        "battery=social-prescribing&language=cy",
        "instrument=evs",
        "instrument=ucla-3&resume=off",
        "instrument=gad-7&resume=device",
    ] {
        gate.set_open(false);
        session.open_url(&format!("{site}/try.html?{query}")).await;
        session
            .wait_for(&format!(
                "{WIDGET_ROOT}?.querySelector('[data-wc-page=question]')"
            ))
            .await;
        let before = markup(&session).await;
        let shown_early = session
            .js(&format!(
                "return Boolean({WIDGET_ROOT}.querySelector('[data-wc-first-page]'));"
            ))
            .await;
        assert_eq!(shown_early, true, "{query}: no pre-rendered first page");
        mark_first_page(&session).await;
        if query.contains("battery") {
            assert!(before.contains("Rhan 1 o 4"), "{query}: {before}");
        }
        let violations = session.axe_violations().await;
        assert!(
            violations.is_empty(),
            "{query}, pre-rendered: {violations:#?}"
        );
        // A number typed before the module arrives is kept too.
        let typed = query.contains("evs");
        if typed {
            session
                .js(&format!(
                    "const input = {WIDGET_ROOT}.querySelector('input'); input.value = '3'; return true;"
                ))
                .await;
        }
        gate.set_open(true);
        taken_over(&session).await;
        let after = markup(&session).await;
        assert_eq!(
            before, after,
            "{query}: the widget's first page differs from the pre-rendered one"
        );
        if typed {
            let kept = session
                .js(&format!(
                    "return {WIDGET_ROOT}.querySelector('input').value;"
                ))
                .await;
            assert_eq!(kept, "3", "the number typed before the module arrived");
        }
        // Leave nothing saved for the next page.
        session
            .js("sessionStorage.clear(); localStorage.clear(); return true;")
            .await;
    }
    session.close().await;
}

#[tokio::test]
async fn resuming_saved_answers_never_shows_question_one_first() {
    let (site, gate, _server) = gated_site().await;
    gate.set_open(true);
    let session = Session::start_blank(360, 740).await;
    session
        .open_url(&format!("{site}/try.html?instrument=ucla-3"))
        .await;
    session.wait_for_widget().await;
    session
        .js(&format!(
            "{WIDGET_ROOT}.querySelector('label[for$=\"-3\"]').click();
             {WIDGET_ROOT}.querySelector('[data-wc-action=continue]').click();
             return true;"
        ))
        .await;
    session
        .wait_for(&format!(
            "{WIDGET_ROOT}.querySelector('[data-wc-page=question]')?.dataset.wcItem === '1'"
        ))
        .await;
    // Back after a reload, with the module slow: nothing is shown rather than question 1.
    gate.set_open(false);
    session
        .open_url(&format!("{site}/try.html?instrument=ucla-3"))
        .await;
    session
        .wait_for(&format!("{WIDGET_ROOT}?.querySelector('.wc-root')"))
        .await;
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    let shown = session
        .js(&format!(
            "return {WIDGET_ROOT}.querySelector('[data-wc-page]')?.dataset.wcItem ?? null;"
        ))
        .await;
    assert_eq!(
        shown,
        serde_json::Value::Null,
        "a page was shown before the saved answers could be read"
    );
    gate.set_open(true);
    session
        .wait_for(&format!(
            "{WIDGET_ROOT}.querySelector('[data-wc-page=question]')?.dataset.wcItem === '1'"
        ))
        .await;
    session.close().await;
}
