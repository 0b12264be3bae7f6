//! The journeys people take, in every engine they use: Chromium (Chrome, Edge, Android),
//! Firefox ESR, and WebKit (Safari on iPhones and iPads, here WebKitGTK's MiniBrowser). The
//! rest of the suite runs in Chromium alone; these two journeys are the ones that protect
//! most per minute:
//!
//! - a patient on a phone, on a practice website with a strict Content-Security-Policy:
//!   UCLA-3 by keyboard to the result (the event and `fhirBundle()` equal to the CLI's), the
//!   social prescribing battery, Welsh, PHQ-9 question 9's urgent help on screen, answers
//!   kept across a reload, with no CSP violation and no request beyond the site;
//! - a link worker's day on a tablet, offline once the service worker has the app: Safari's
//!   7-day warning where it applies, set-up, a client, a visit with a reload in the middle,
//!   hand-to-client and hand-back, lock and unlock, a follow-up, the outcomes page, nothing
//!   readable in the store, a backup, and its restore on a new tablet (a fresh profile).
//!
//! axe-core, 44 px targets and the keyboard are checked on each screen of both. And where
//! the browser cannot run the app at all (here, its WebAssembly cannot be compiled, as in a
//! browser too old for it), the link worker is told so in words, not left with an empty
//! page. Each test's name, and every failure it gives, names the engine.

use fantoccini::key::Key;
use serde_json::{Value, json};
use wellcheck_e2e::{Engine, Session, WIDGET_ROOT, wellcheck};

use crate::app_driver::{
    CLEAR_IN_A_BACKUP, PASSPHRASE, answer_question, answer_to_the_end, begin_visit,
    catch_downloads, check_screen, choose_backup, choose_unchosen_modes, click, fill, go_offline,
    journey_page, main_text, open_client, raw_database, run_battery, saves_landed, shot,
    shown_answer, submit_restore, wait_answer_saved, wait_client_page, wait_heading,
};
use crate::widget_driver::{answer, assert_on_screen, press, shown, urgent_notice_on_screen};

/// One test per journey per engine, so that the test's name says the engine.
macro_rules! in_every_engine {
    ($($module:ident => $engine:ident),* $(,)?) => {$(
        mod $module {
            use wellcheck_e2e::Engine;

            #[tokio::test]
            async fn a_patient_on_a_phone_answers_on_a_strict_practice_website() {
                super::a_patient_on_a_phone(Engine::$engine).await;
            }

            #[tokio::test]
            async fn a_link_workers_day_on_the_tablet_from_set_up_to_a_restore_on_a_new_tablet() {
                super::a_link_workers_day(Engine::$engine).await;
            }

            #[tokio::test]
            async fn an_app_that_cannot_start_in_this_browser_says_so_in_words() {
                super::an_app_that_cannot_start(Engine::$engine).await;
            }
        }
    )*};
}

in_every_engine! {
    chromium => Chromium,
    firefox => Firefox,
    webkit => WebKit,
}

/// The page's CSP violations, script errors and requests to other origins (as the demo
/// site's `diagnostics.js` lists them), each a line for a failure.
async fn page_leaks(session: &Session, here: &str) -> Vec<String> {
    let found = session
        .js("const foreign = performance.getEntriesByType('resource').map((e) => e.name).filter((url) => new URL(url).origin !== location.origin);
             if (!window.wellcheckCspViolations || !window.wellcheckPageErrors) return ['the page has no diagnostics.js to report CSP violations and script errors'];
             return [...window.wellcheckCspViolations.map((v) => 'CSP violation: ' + v),
                     ...window.wellcheckPageErrors.map((e) => 'script error: ' + e),
                     ...foreign.map((url) => 'request to another origin: ' + url)];")
        .await;
    found
        .as_array()
        .map(|lines| {
            lines
                .iter()
                .filter_map(Value::as_str)
                .map(|line| format!("{here}: {line}"))
                .collect()
        })
        .unwrap_or_default()
}

/// axe-core and the widget's layout checks (44 px targets, no sideways scrolling).
async fn check_widget_screen(session: &Session, here: &str, problems: &mut Vec<String>) {
    for violation in session.axe_violations().await {
        problems.push(format!("{here}: {violation}"));
    }
    for problem in session.layout_problems().await {
        problems.push(format!("{here}: {problem}"));
    }
}

/// Answers whatever the first widget shows (the first option, or a number's lowest value)
/// and presses Continue, until the check page; returns how many questions it answered.
async fn answer_every_question(session: &Session) -> usize {
    let mut given = 0;
    while session.widget_page().await["kind"] == "question" {
        let moved = session
            .js(&format!(
                "const root = {WIDGET_ROOT};
                 const page = root.querySelector('[data-wc-page=question]');
                 const radio = page.querySelector('input[type=radio]');
                 if (radio) radio.click();
                 else {{
                   const input = page.querySelector('input');
                   input.value = input.dataset.wcMin ?? '0';
                   input.dispatchEvent(new InputEvent('input', {{ bubbles: true, composed: true }}));
                 }}
                 const before = [page.dataset.wcForm, page.dataset.wcItem].join('/');
                 root.querySelector('[data-wc-action=continue]').click();
                 return before;"
            ))
            .await;
        session
            .wait_for(&format!(
                "(() => {{ const page = {WIDGET_ROOT}.querySelector('[data-wc-page]');
                   return page && (page.dataset.wcPage !== 'question' || [page.dataset.wcForm, page.dataset.wcItem].join('/') !== {moved}); }})()"
            ))
            .await;
        given += 1;
        assert!(
            given < 60,
            "{}: the questionnaire never ended",
            session.engine
        );
    }
    given
}

async fn a_patient_on_a_phone(engine: Engine) {
    let session = Session::start_in(engine, 360, 740).await;
    let mut problems = Vec::new();
    let (tab, down, enter): (char, char, char) =
        (Key::Tab.into(), Key::Down.into(), Key::Enter.into());

    // UCLA-3, by keyboard alone.
    session.open("/try.html?instrument=ucla-3&resume=off").await;
    session.wait_for_widget().await;
    session
        .js("localStorage.clear(); sessionStorage.clear(); window.received = [];
             document.addEventListener('wellcheck-complete', (e) => window.received.push({ detail: e.detail, composed: e.composed }));
             return true;")
        .await;
    check_widget_screen(&session, "first question", &mut problems).await;
    session.tab_to("radio:wc-0-lack_companionship:").await;
    // "Some of the time", "Often", "Some of the time": 2, 3, 2.
    for (question, downs) in [(2, 1), (3, 2)] {
        let mut keys = vec![down; downs];
        keys.extend([tab, enter]);
        session.press(&keys).await;
        session
            .wait_for(&format!(
                "{WIDGET_ROOT}?.querySelector('[data-wc-item=\"{}\"]')",
                question - 1
            ))
            .await;
        let focus = session.focused().await;
        assert!(
            focus.starts_with(&format!("heading:Question {question} of 3")),
            "{engine}: after Continue, focus is on {focus}"
        );
        session.press(&[tab]).await;
    }
    session.press(&[down, tab, enter]).await;
    session
        .wait_for(&format!(
            "{WIDGET_ROOT}?.querySelector('[data-wc-page=\"check\"]')"
        ))
        .await;
    assert_eq!(
        session.focused().await,
        "heading:Check your answers",
        "{engine}"
    );
    check_widget_screen(&session, "check your answers", &mut problems).await;
    session.tab_to("button:see-result").await;
    session.press(&[enter]).await;
    session.wait_for("window.received.length === 1").await;
    let event = session.js("return window.received[0];").await;
    let cli = wellcheck(&["score", "ucla-3", "--answers", "2,3,2", "--json"]);
    assert!(cli.status.success());
    let expected: Value = serde_json::from_slice(&cli.stdout).unwrap();
    assert_eq!(
        event["detail"], expected,
        "{engine}: the event is not the CLI's result"
    );
    assert_eq!(event["composed"], true, "{engine}");
    let result = shown(&session, 0).await;
    assert!(
        result.contains("Your score: 7") && result.contains("Lonely"),
        "{engine}: {result}"
    );
    check_widget_screen(&session, "result", &mut problems).await;
    session
        .screenshot(&format!(
            "engine-{}-ucla3-result-360x740",
            engine_file(engine)
        ))
        .await;
    let bundle = session
        .js("return document.querySelector('wellcheck-questionnaire').fhirBundle();")
        .await;
    let cli = wellcheck(&["fhir", "response", "ucla-3", "--answers", "2,3,2"]);
    assert!(cli.status.success());
    let expected: Value = serde_json::from_slice(&cli.stdout).unwrap();
    assert_eq!(
        bundle, expected,
        "{engine}: fhirBundle() is not the CLI's bundle"
    );
    problems.extend(page_leaks(&session, "UCLA-3").await);

    // Answers kept across a reload, then cleared once finished.
    session.open("/try.html?instrument=ucla-3").await;
    session.wait_for_widget().await;
    session.js("sessionStorage.clear(); return true;").await;
    session.client.refresh().await.unwrap();
    session.wait_for_widget().await;
    answer(&session, 0, 3).await;
    session
        .wait_for("sessionStorage.getItem('wellcheck:v1:ucla-3')")
        .await;
    session.client.refresh().await.unwrap();
    session.wait_for_widget().await;
    let kept = shown(&session, 0).await;
    assert!(
        kept.contains("We kept the answers you gave before") && kept.contains("Question 2 of 3"),
        "{engine}: after a reload: {kept}"
    );
    answer(&session, 0, 1).await;
    answer(&session, 0, 1).await;
    press(&session, 0, "see-result").await;
    session
        .wait_for(&format!("{WIDGET_ROOT}.querySelector('.wc-result')"))
        .await;
    assert_eq!(
        session
            .js("return sessionStorage.getItem('wellcheck:v1:ucla-3');")
            .await,
        Value::Null,
        "{engine}: answers kept after the result"
    );
    problems.extend(page_leaks(&session, "resume after a reload").await);

    // The social prescribing battery, every questionnaire to its result.
    session
        .open("/try.html?battery=social-prescribing&resume=off")
        .await;
    session.wait_for_widget().await;
    check_widget_screen(&session, "battery, first question", &mut problems).await;
    // A patient is told which part they are on in plain words, not by a code.
    let caption = session
        .js(&format!(
            "return {WIDGET_ROOT}.querySelector('.wc-caption').textContent;"
        ))
        .await;
    assert_eq!(
        caption.as_str(),
        Some("Part 1 of 4: Company and feeling left out · Question 1 of 3"),
        "{engine}"
    );
    let given = answer_every_question(&session).await;
    assert!(given >= 5, "{engine}: the battery asked only {given} pages");
    press(&session, 0, "see-result").await;
    session
        .wait_for(&format!("{WIDGET_ROOT}.querySelector('.wc-result')"))
        .await;
    let results = shown(&session, 0).await;
    for name in ["UCLA", "ONS4", "Exercise"] {
        assert!(results.contains(name), "{engine}: no {name} in {results}");
    }
    // Each questionnaire's heading gives its plain title first, then its published name.
    let titles = session
        .js(&format!("return [...{WIDGET_ROOT}.querySelectorAll('.wc-report-title')].map((title) => title.textContent);"))
        .await;
    assert_eq!(
        titles,
        serde_json::json!([
            "Company and feeling left out UCLA 3-item Loneliness Scale (ONS wording)",
            "How often you feel lonely ONS direct question on loneliness (ONS loneliness question)",
            "How you feel about your life ONS4 personal well-being questions",
            "Exercise Exercise Vital Sign",
        ]),
        "{engine}"
    );
    // Where the groups come from is said once on the page, not under every score.
    assert_eq!(
        results.matches("common reporting convention").count(),
        1,
        "{engine}: {results}"
    );
    check_widget_screen(&session, "battery results", &mut problems).await;
    problems.extend(page_leaks(&session, "battery").await);

    // Welsh, to the result.
    session
        .open("/try.html?instrument=who-5&language=cy&resume=off")
        .await;
    session.wait_for_widget().await;
    let welsh = shown(&session, 0).await;
    assert!(welsh.contains("Parhau"), "{engine}: {welsh}");
    answer_every_question(&session).await;
    press(&session, 0, "see-result").await;
    session
        .wait_for(&format!("{WIDGET_ROOT}.querySelector('.wc-result')"))
        .await;
    let welsh = shown(&session, 0).await;
    assert!(welsh.contains("Eich sgôr"), "{engine}: {welsh}");
    check_widget_screen(&session, "Welsh result", &mut problems).await;
    problems.extend(page_leaks(&session, "Welsh").await);

    // PHQ-9 question 9: urgent help on the phone's screen at once, and the host told.
    let notice = urgent_notice_on_screen(&session, "en").await;
    assert_on_screen(&notice, &format!("{engine}, PHQ-9 question 9"));
    assert_eq!(notice["alert"], true, "{engine}: the help is not announced");
    let text = notice["text"].as_str().unwrap_or_default();
    for words in ["Get help now", "116 123", "999"] {
        assert!(text.contains(words), "{engine}: `{words}` missing: {text}");
    }
    session
        .screenshot(&format!("engine-{}-urgent-360x740", engine_file(engine)))
        .await;
    check_widget_screen(&session, "urgent help", &mut problems).await;
    problems.extend(page_leaks(&session, "PHQ-9").await);

    assert!(problems.is_empty(), "{engine}: {problems:#?}");
    session.close().await;
}

/// An engine's name as it goes in a file name.
fn engine_file(engine: Engine) -> String {
    engine.name().to_lowercase()
}

/// Reloads the app and unlocks it with the passphrase typed key by key.
async fn reload_and_unlock_by_typing(session: &Session) {
    session.js("window.location.reload(); return true;").await;
    wait_heading(session, "Unlock your records").await;
    session.type_into("#field-passphrase", PASSPHRASE).await;
    session.click_on("[data-app-unlock]").await;
    session
        .wait_for("!document.querySelector('[data-app-unlock]')")
        .await;
}

/// Adds a client, every field typed key by key, from the client list.
async fn add_client_by_typing(session: &Session, reference: &str) {
    session.click_on("[data-app-add-client]").await;
    wait_heading(session, "Add a client").await;
    for (field, text) in [
        ("#field-reference", reference),
        ("#field-initials", "JBQ"),
        ("#field-year-of-birth", "1951"),
        ("#field-nhs-number", "943 476 5919"),
        ("#field-notes", "Prefers mornings"),
    ] {
        session.type_into(field, text).await;
    }
    session.click_on("[data-app-save-client]").await;
    wait_heading(session, reference).await;
}

/// After a change of screen, focus is on the new screen (its heading, or a field), never
/// lost to the page, where a screen reader would start again from the top.
async fn expect_focus_moved(session: &Session, here: &str, problems: &mut Vec<String>) {
    let focus = session.page_focus().await;
    if focus == "BODY" {
        problems.push(format!("{here}: focus was lost to the page"));
    }
}

/// Whether the warning that Safari clears a tab's records after 7 days is on screen.
async fn safari_warning_shown(session: &Session) -> bool {
    let shown = session
        .js("const warning = document.querySelector('[data-app-safari-warning]');
             return Boolean(warning && warning.innerText.includes('cleared after 7 days without use'));")
        .await;
    shown == json!(true)
}

async fn a_link_workers_day(engine: Engine) {
    // iPads are held either way: WebKit in portrait, the others in landscape.
    let (width, height) = match engine {
        Engine::WebKit => (768, 1024),
        Engine::Chromium | Engine::Firefox => (1024, 768),
    };
    let size = format!("{}-{width}x{height}", engine_file(engine));
    let session = Session::start_in(engine, width, height).await;
    let mut problems = Vec::new();
    // Safari's engine, in a tab: told before setting up that its records can be cleared.
    session.open("/app/").await;
    wait_heading(&session, "Set up this tablet").await;
    assert_eq!(
        safari_warning_shown(&session).await,
        engine == Engine::WebKit,
        "{engine}: the set-up screen's Safari warning"
    );
    check_screen(&session, "set up", &mut problems).await;
    shot(&session, &format!("engine-app-set-up-{size}")).await;
    session.type_into("#field-passphrase", PASSPHRASE).await;
    session.type_into("#field-repeat", PASSPHRASE).await;
    session.click_on("form button[type=submit]").await;
    wait_heading(&session, "Clients").await;
    expect_focus_moved(&session, "after set-up", &mut problems).await;
    assert_eq!(
        safari_warning_shown(&session).await,
        engine == Engine::WebKit,
        "{engine}: the client list's Safari warning"
    );
    check_screen(&session, "clients, empty", &mut problems).await;
    // Offline from here: the app opens, unlocks, saves and exports with every request to
    // the site failing.
    go_offline(&session).await;
    reload_and_unlock_by_typing(&session).await;
    wait_heading(&session, "Clients").await;
    add_client_by_typing(&session, "MAPLE-7").await;
    expect_focus_moved(&session, "a new client's page", &mut problems).await;
    check_screen(&session, "client", &mut problems).await;

    // A baseline visit dated in the past, with a reload after the third answer.
    click(&session, "[data-app-start-visit]").await;
    wait_heading(&session, "Start a visit").await;
    check_screen(&session, "start a visit", &mut problems).await;
    fill(&session, "#field-date", "2026-09-07").await;
    choose_unchosen_modes(&session).await;
    session.click_on("[data-app-begin]").await;
    session
        .wait_for("document.querySelector('[data-wc-page]')")
        .await;
    expect_focus_moved(&session, "the visit's first question", &mut problems).await;
    check_screen(&session, "first question", &mut problems).await;
    let mut given = Vec::new();
    for _ in 0..3 {
        let saves = saves_landed(&session).await;
        given.push(answer_question(&session, 2).await);
        // Once the answer is in the store (a save lands a few milliseconds after the tap).
        wait_answer_saved(&session, saves).await;
    }
    reload_and_unlock_by_typing(&session).await;
    session
        .wait_for("document.querySelector('[data-app-continue]')")
        .await;
    session.click_on("[data-app-continue]").await;
    session
        .wait_for("document.querySelector('[data-wc-page=question]')")
        .await;
    expect_focus_moved(
        &session,
        "the visit, carried on after a reload",
        &mut problems,
    )
    .await;
    // The visit carries on where it was: at the next question, or (when the reload came
    // before the move was saved) at the last one answered; either way every answer is back.
    let last = given.last().copied().unwrap_or_default();
    let at = |page: &Value| (page["form"].as_i64(), page["item"].as_i64());
    if at(&journey_page(&session).await) != (Some(last.0), Some(last.1)) {
        click(&session, "[data-wc-action=back]").await;
    }
    for (form, item, value) in given.iter().rev() {
        session
            .wait_for(&format!(
                "document.querySelector('[data-wc-page=question][data-wc-form=\"{form}\"][data-wc-item=\"{item}\"]')"
            ))
            .await;
        let shown = shown_answer(&session).await;
        assert_eq!(
            shown,
            json!(value),
            "{engine}: after a reload, the answer to {form}/{item} is not back"
        );
        if (*form, *item) != (0, 0) {
            click(&session, "[data-wc-action=back]").await;
        }
    }
    // On to the question after the last one answered.
    for (form, item, _) in &given {
        click(&session, "[data-wc-action=continue]").await;
        session
            .wait_for(&format!(
                "!document.querySelector('[data-wc-page=question][data-wc-form=\"{form}\"][data-wc-item=\"{item}\"]')"
            ))
            .await;
    }
    let page = journey_page(&session).await;
    assert!(
        at(&page) > (Some(last.0), Some(last.1)),
        "{engine}: after a reload at {last:?} the visit went back to {page}"
    );
    answer_to_the_end(&session).await;
    click(&session, "[data-wc-action=see-result]").await;
    session
        .wait_for("document.querySelector('[data-app-results]')")
        .await;
    let results = main_text(&session).await;
    for name in ["Baseline visit", "UCLA", "ONS4"] {
        assert!(results.contains(name), "{engine}: no {name}: {results}");
    }
    check_screen(&session, "visit results", &mut problems).await;
    shot(&session, &format!("engine-app-results-{size}")).await;

    // Lock, and unlock with the passphrase.
    click(&session, "[data-app-lock]").await;
    wait_heading(&session, "Unlock your records").await;
    let locked = main_text(&session).await;
    assert!(!locked.contains("MAPLE"), "{engine}: {locked}");
    check_screen(&session, "unlock", &mut problems).await;
    session.type_into("#field-passphrase", PASSPHRASE).await;
    session.click_on("[data-app-unlock]").await;
    // Unlocking opens the visit the worker was on.
    session
        .wait_for("document.querySelector('[data-app-results]')")
        .await;
    click(&session, "[data-app-nav=clients]").await;
    wait_heading(&session, "Clients").await;

    // The follow-up: PHQ-9 with the client holding the tablet, handed back by PIN.
    open_client(&session, "MAPLE-7").await;
    click(&session, "[data-app-start-visit]").await;
    wait_heading(&session, "Start a visit").await;
    for id in ["ons-loneliness", "ons4", "evs", "phq-9"] {
        click(&session, &format!("#instrument-{id}")).await;
    }
    begin_visit(&session).await;
    session
        .wait_for("document.querySelector('[data-wc-page]')")
        .await;
    session.click_on("[data-app-hand-over]").await;
    wait_heading(&session, "Hand the tablet to the client").await;
    expect_focus_moved(&session, "hand the tablet to the client", &mut problems).await;
    session.type_into("#field-pin", "2468").await;
    session.type_into("#field-pin-repeat", "2468").await;
    session.click_on("[data-app-hand-over-start]").await;
    session
        .wait_for("document.querySelector('[data-wc-page]')")
        .await;
    expect_focus_moved(&session, "the client's first question", &mut problems).await;
    assert_eq!(
        session
            .js("return document.querySelector('.app-nav, [data-app-lock]') === null;")
            .await,
        json!(true),
        "{engine}: a way out while the client holds the tablet"
    );
    answer_to_the_end(&session).await;
    assert_eq!(
        session
            .js("return Boolean(document.querySelector('[data-wc-urgent]'));")
            .await,
        json!(true),
        "{engine}: the client was not shown urgent help"
    );
    click(&session, "[data-wc-action=see-result]").await;
    wait_heading(&session, "Please hand the tablet back").await;
    let hand_back = main_text(&session).await;
    assert!(
        !hand_back.contains("Your result") && !hand_back.contains("MAPLE"),
        "{engine}: {hand_back}"
    );
    check_screen(&session, "hand back", &mut problems).await;
    expect_focus_moved(&session, "please hand the tablet back", &mut problems).await;
    session.type_into("#field-hand-back-pin", "2468").await;
    click(&session, "[data-app-hand-back-submit]").await;
    wait_heading(&session, "A safety answer needs your attention").await;
    session
        .type_into("#field-safety-note", "Talked it through with them.")
        .await;
    click(&session, "[data-app-flag-seen]").await;
    session
        .wait_for("document.querySelector('[data-app-results]')")
        .await;
    let follow_up = main_text(&session).await;
    assert!(follow_up.contains("UCLA"), "{engine}: {follow_up}");
    click(&session, ".wc-back-link").await;
    wait_client_page(&session, "MAPLE-7").await;

    // A second client with a baseline only, then the outcomes page.
    click(&session, ".wc-back-link").await;
    wait_heading(&session, "Clients").await;
    add_client_by_typing(&session, "ASH-4").await;
    run_battery(&session, Some("2026-10-05"), 1).await;
    wait_heading(&session, "ASH-4").await;
    click(&session, "[data-app-nav=outcomes]").await;
    wait_heading(&session, "Your scheme's outcomes").await;
    session
        .wait_for("document.querySelector('[data-app-report]')")
        .await;
    let report = session
        .js("return document.querySelector('[data-app-report]').innerText;")
        .await;
    let report = report.as_str().unwrap_or_default();
    assert!(
        report.contains("Paired") || report.contains("Clients paired"),
        "{engine}: {report}"
    );
    check_screen(&session, "outcomes", &mut problems).await;
    shot(&session, &format!("engine-app-outcomes-{size}")).await;

    // Nothing about the clients is readable in the store.
    let raw = raw_database(&session).await.to_string();
    for clear in [
        "MAPLE",
        "ASH-4",
        "JBQ",
        "1951",
        "9434765919",
        "Prefers",
        "2026-09-07",
        "ucla",
    ] {
        assert!(
            !raw.contains(clear),
            "{engine}: `{clear}` is readable in IndexedDB"
        );
    }

    // Settings, and a backup.
    click(&session, "[data-app-nav=settings]").await;
    wait_heading(&session, "Settings").await;
    session
        .wait_for("document.querySelector('[data-app-storage]')")
        .await;
    let storage = session
        .js("return document.querySelector('[data-app-storage]').innerText;")
        .await;
    let storage = storage.as_str().unwrap_or_default().to_owned();
    assert_storage_words(engine, &storage);
    // Asking the browser to keep the records: Chromium answers at once; Firefox asks the
    // person (here its testing preference answers Allow); Safari's engine is never asked,
    // as only the home screen keeps its records.
    let ask = session
        .js("return Boolean(document.querySelector('[data-app-ask-persist]'));")
        .await;
    assert_eq!(
        ask,
        json!(engine != Engine::WebKit),
        "{engine}: the ask button, shown or not: {storage}"
    );
    if engine != Engine::WebKit {
        click(&session, "[data-app-ask-persist]").await;
        session
            .wait_for("!document.querySelector('[data-app-storage]').innerText.includes('The browser may ask you first')")
            .await;
        let answered = main_text(&session).await;
        if engine == Engine::Firefox {
            assert!(
                answered.contains("The browser has agreed to keep these records"),
                "{engine}: after Allow: {answered}"
            );
        } else {
            // Chromium answers at once, yes or no; either way the screen says which.
            assert!(
                answered.contains("The browser has agreed to keep these records")
                    || answered.contains("The browser has not agreed to keep these records"),
                "{engine}: after asking: {answered}"
            );
        }
    }
    check_screen(&session, "settings", &mut problems).await;
    shot(&session, &format!("engine-app-settings-{size}")).await;
    catch_downloads(&session).await;
    click(&session, "[data-app-make-backup]").await;
    session.wait_for("window.caughtDownload").await;
    let caught = session.js("return window.caughtDownload;").await;
    let file = caught["text"]
        .as_str()
        .unwrap_or_else(|| panic!("{engine}: the backup could not be read: {caught}"))
        .to_owned();
    for clear in CLEAR_IN_A_BACKUP {
        assert!(
            !file.contains(clear),
            "{engine}: `{clear}` is readable in the backup"
        );
    }
    assert!(problems.is_empty(), "{engine}: {problems:#?}");
    session.close().await;

    // A new tablet (a fresh profile of the same engine): restored from the backup.
    let fresh = Session::start_in(engine, width, height).await;
    fresh.open("/app/").await;
    wait_heading(&fresh, "Set up this tablet").await;
    click(&fresh, "[data-app-start-restore]").await;
    wait_heading(&fresh, "Restore from a backup").await;
    choose_backup(&fresh, "backup.json", &file).await;
    fresh
        .wait_for("document.querySelector('[data-app-backup-summary]')")
        .await;
    check_screen(&fresh, "restore", &mut problems).await;
    fill(&fresh, "#field-backup-passphrase", PASSPHRASE).await;
    submit_restore(&fresh).await;
    wait_heading(&fresh, "Clients").await;
    let list = main_text(&fresh).await;
    assert!(
        list.contains("MAPLE-7") && list.contains("ASH-4"),
        "{engine}: after the restore: {list}"
    );
    reload_and_unlock_by_typing(&fresh).await;
    wait_heading(&fresh, "Clients").await;
    open_client(&fresh, "MAPLE-7").await;
    let client = main_text(&fresh).await;
    assert!(
        client.contains("JBQ") && client.contains("943 476 5919"),
        "{engine}: {client}"
    );
    assert!(problems.is_empty(), "{engine}: {problems:#?}");
    fresh.close().await;
}

/// Settings says what this browser is known to do with the records: in Safari's engine,
/// in a tab, that they may be cleared after 7 days without use.
fn assert_storage_words(engine: Engine, storage: &str) {
    let safari_words = "cleared after 7 days without use";
    match engine {
        Engine::WebKit => assert!(
            storage.contains(safari_words),
            "{engine}: Settings does not warn of Safari's 7 days: {storage}"
        ),
        Engine::Chromium | Engine::Firefox => assert!(
            !storage.contains(safari_words),
            "{engine}: Settings warns of Safari's 7 days outside Safari: {storage}"
        ),
    }
}

async fn an_app_that_cannot_start(engine: Engine) {
    // A copy of the app whose WebAssembly no browser can compile.
    let app = std::env::temp_dir().join(format!(
        "wellcheck-e2e-unstartable-{}-{}",
        engine_file(engine),
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&app);
    std::fs::create_dir_all(&app).unwrap();
    for entry in std::fs::read_dir(Session::app_dir()).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), app.join(entry.file_name())).unwrap();
    }
    std::fs::write(app.join("wellcheck_app_bg.wasm"), b"\0asm not a module").unwrap();
    let session = Session::start_in_with_app(engine, 768, 1024, app.clone()).await;
    session.open("/app/").await;
    session
        .wait_for("document.querySelector('[data-app-cannot-start]')")
        .await;
    let text = main_text(&session).await;
    for words in [
        "The app could not start in this browser",
        "Any records already on this tablet have not been changed",
        "For whoever supports the app:",
    ] {
        assert!(text.contains(words), "{engine}: `{words}` missing: {text}");
    }
    session
        .screenshot(&format!(
            "engine-app-cannot-start-{}-768x1024",
            engine_file(engine)
        ))
        .await;
    let problems = session.axe_violations().await;
    assert!(problems.is_empty(), "{engine}: {problems:#?}");
    session.close().await;
    let _ = std::fs::remove_dir_all(&app);
}
