//! What keeps a caseload safe: wrong passphrases and a full disk change nothing, the idle
//! lock, one tab at a time, and the client holding the tablet (only the PIN gives it back,
//! the flag first, never a result, not even when the save fails).

use serde_json::{Value, json};
use wellcheck_e2e::Session;

use crate::app_driver::*;

#[tokio::test]
async fn wrong_passphrases_change_nothing_and_a_full_disk_saves_nothing_half_written() {
    let session = Session::start(1024, 768).await;
    open_and_set_up(&session).await;
    add_client(&session, "ELM-3").await;
    session.js("window.location.reload(); return true;").await;
    wait_heading(&session, "Unlock your records").await;
    let before = raw_database(&session).await;
    for attempt in 0..20 {
        unlock(&session, &format!("wrong passphrase {attempt}")).await;
        let message = main_text(&session).await;
        assert!(
            message.contains("That passphrase is not right. Nothing has been changed"),
            "{message}"
        );
    }
    assert_eq!(raw_database(&session).await, before);
    // Unlocking opens the client the worker was on before the reload.
    unlock(&session, PASSPHRASE).await;
    wait_client_page(&session, "ELM-3").await;
    go_to_clients(&session).await;

    // The disk fills up as a client is saved.
    session
        .js("const put = IDBObjectStore.prototype.put;
             window.__restorePut = () => { IDBObjectStore.prototype.put = put; };
             IDBObjectStore.prototype.put = function () { throw new DOMException('The quota has been exceeded.', 'QuotaExceededError'); };
             return true;")
        .await;
    click(&session, "[data-app-add-client]").await;
    wait_heading(&session, "Add a client").await;
    fill(&session, "#field-reference", "ASH-4").await;
    fill(&session, "#field-initials", "AB").await;
    click(&session, "[data-app-save-client]").await;
    session
        .wait_for("document.querySelector('[data-wc-error-summary]')")
        .await;
    let message = main_text(&session).await;
    assert!(
        message.contains("Not saved") && message.contains("out of space"),
        "{message}"
    );
    session.js("window.__restorePut(); return true;").await;
    let stored = raw_database(&session).await;
    assert_eq!(
        stored["records"].as_object().unwrap().len(),
        before["records"].as_object().unwrap().len()
    );
    // Once there is space, the same save works.
    click(&session, "[data-app-save-client]").await;
    wait_heading(&session, "ASH-4").await;
    session.close().await;
}

#[tokio::test]
async fn the_app_locks_itself_after_the_idle_time_the_worker_set() {
    let session = Session::start(1024, 768).await;
    open_and_set_up(&session).await;
    click(&session, "[data-app-nav=settings]").await;
    wait_heading(&session, "Settings").await;
    fill(&session, "#field-auto-lock", "1").await;
    click(&session, "[data-app-save-settings]").await;
    session
        .wait_for("document.querySelector('main').innerText.includes('Saved.')")
        .await;
    let started = std::time::Instant::now();
    // Activity keeps it open: at 40 s the app is still unlocked.
    tokio::time::sleep(std::time::Duration::from_secs(40)).await;
    session
        .js("document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Shift' })); return true;")
        .await;
    tokio::time::sleep(std::time::Duration::from_secs(40)).await;
    assert!(
        session
            .js("return Boolean(document.querySelector('[data-app-lock]'));")
            .await
            == json!(true),
        "locked although there was activity {:?} ago",
        std::time::Duration::from_secs(40)
    );
    // A minute without activity locks it.
    let deadline = std::time::Duration::from_secs(40 + 60 + 15);
    while session
        .js("return Boolean(document.querySelector('[data-app-lock]'));")
        .await
        == json!(true)
    {
        assert!(started.elapsed() < deadline, "never locked");
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    }
    assert!(started.elapsed() >= std::time::Duration::from_secs(95));
    let text = main_text(&session).await;
    assert!(text.contains("Locked after a time without use"), "{text}");
    session.close().await;
}

#[tokio::test]
async fn one_tab_has_the_records_open_at_a_time_and_a_lock_always_wins() {
    let session = Session::start(1024, 768).await;
    open_and_set_up(&session).await;
    add_client(&session, "ALPHA-1").await;

    // A save and a lock in the same moment: the lock wins, and the save is kept.
    click(&session, "[data-app-edit-client]").await;
    wait_heading(&session, "Change").await;
    fill(&session, "#field-notes", "Saved as the lock came").await;
    session
        .js("document.querySelector('[data-app-save-client]').click();
             document.querySelector('[data-app-lock]').click(); return true;")
        .await;
    wait_heading(&session, "Unlock your records").await;
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    assert!(
        main_text(&session).await.contains("Unlock your records"),
        "a save landing after the lock reopened the records"
    );
    unlock(&session, PASSPHRASE).await;
    go_to_clients(&session).await;

    // A second tab opens the records: the first locks, and nothing either saved is lost.
    let first = session.client.window().await.unwrap();
    let second = session.client.new_window(true).await.unwrap().handle;
    session
        .client
        .switch_to_window(second.clone())
        .await
        .unwrap();
    session.open("/app/").await;
    wait_heading(&session, "Unlock your records").await;
    unlock(&session, PASSPHRASE).await;
    wait_heading(&session, "Clients").await;
    add_client(&session, "BETA-2").await;
    session.client.switch_to_window(first).await.unwrap();
    wait_heading(&session, "Unlock your records").await;
    assert!(
        main_text(&session)
            .await
            .contains("opened in another tab or window"),
        "{}",
        main_text(&session).await
    );
    unlock(&session, PASSPHRASE).await;
    go_to_clients(&session).await;
    let list = main_text(&session).await;
    assert!(
        list.contains("ALPHA-1") && list.contains("BETA-2"),
        "{list}"
    );
    click(&session, "[data-app-clients] button").await;
    wait_heading(&session, "ALPHA-1").await;
    assert!(main_text(&session).await.contains("Saved as the lock came"));
    session.close().await;
}

async fn the_client_answers_alone_and_only_the_pin_gives_the_tablet_back_with_the_flag_first_at(
    width: u32,
    height: u32,
) {
    let session = Session::start(width, height).await;
    open_and_set_up(&session).await;
    add_client(&session, "ROWAN-8").await;
    start_visit_of(&session, "phq-9").await;
    click(&session, "[data-app-hand-over]").await;
    wait_heading(&session, "Hand the tablet to the client").await;
    let mut problems = Vec::new();
    check_screen(&session, "hand over", &mut problems).await;
    fill(&session, "#field-pin", "12").await;
    click(&session, "[data-app-hand-over-start]").await;
    session
        .wait_for("document.querySelector('[data-wc-error-summary]')")
        .await;
    fill(&session, "#field-pin", "2468").await;
    fill(&session, "#field-pin-repeat", "2468").await;
    click(&session, "[data-app-hand-over-start]").await;
    session
        .wait_for("document.querySelector('[data-wc-page]')")
        .await;
    assert!(
        no_way_out(&session).await,
        "a way out while the client holds the tablet"
    );
    shot(&session, &format!("app-with-client-{width}x{height}")).await;

    // The client answers every PHQ-9 question "Several days" (item 9 above 0).
    answer_question(&session, 1).await;
    // The browser's Back stays in the questionnaire.
    session.js("history.back(); return true;").await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert!(no_way_out(&session).await);
    assert_ne!(journey_page(&session).await["kind"], "none");
    let mut given = 1;
    while journey_page(&session).await["kind"] == "question" {
        answer_question(&session, 1).await;
        given += 1;
        assert!(given < 20, "PHQ-9 never ended");
    }
    assert!(
        session
            .js("return Boolean(document.querySelector('[data-wc-urgent]'));")
            .await
            == json!(true),
        "the client was not shown urgent help"
    );
    click(&session, "[data-wc-action=see-result]").await;
    wait_heading(&session, "Please hand the tablet back").await;
    let shown = main_text(&session).await;
    assert!(
        !shown.contains("ROWAN") && !shown.contains("PHQ"),
        "{shown}"
    );
    assert!(no_way_out(&session).await);
    check_screen(&session, "hand back", &mut problems).await;
    shot(&session, &format!("app-hand-back-{width}x{height}")).await;
    // Back, pressed again and again, and Escape reveal nothing.
    for _ in 0..3 {
        session.js("history.back(); return true;").await;
        tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    }
    session.press(&['\u{e00c}']).await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert!(
        main_text(&session)
            .await
            .contains("Please hand the tablet back")
    );
    assert!(no_way_out(&session).await);

    // A wrong PIN is refused; the right one shows the flag before anything else.
    fill(&session, "#field-hand-back-pin", "1111").await;
    click(&session, "[data-app-hand-back-submit]").await;
    session
        .wait_for("document.querySelector('[data-wc-error-summary]')")
        .await;
    assert!(main_text(&session).await.contains("not the hand-back PIN"));
    fill(&session, "#field-hand-back-pin", "2468").await;
    click(&session, "[data-app-hand-back-submit]").await;
    wait_heading(&session, "A safety answer needs your attention").await;
    let flagged = main_text(&session).await;
    assert!(flagged.contains("PHQ-9 question 9"), "{flagged}");
    assert!(
        session
            .js("return Boolean(document.querySelector('[data-app-flagged] [data-wc-urgent]'));")
            .await
            == json!(true)
    );
    check_screen(&session, "flag on hand-back", &mut problems).await;
    shot(&session, &format!("app-flag-{width}x{height}")).await;
    // Seen is not enough: what was done about it is noted, and kept.
    click(&session, "[data-app-flag-seen]").await;
    session
        .wait_for("document.querySelector('[data-wc-error-summary]')")
        .await;
    assert!(
        main_text(&session)
            .await
            .contains("Enter what you did about it")
    );
    check_screen(&session, "flag note missing", &mut problems).await;
    acknowledge_flag(
        &session,
        "Talked it through; gave the Samaritans number (116 123).",
    )
    .await;
    session
        .wait_for("document.querySelector('[data-app-results]')")
        .await;
    // The visit page: the mark and the note first, needs and notes before the results,
    // which are a compact table with the full pages folded away.
    let order = session
        .js("const at = (s) => { const e = document.querySelector(s); return e ? [...document.querySelectorAll('*')].indexOf(e) : -1; };
             return [at('[data-app-safety-marks]'), at('#field-visit-notes'), at('[data-app-results-summary]'), at('[data-app-results-details]')];")
        .await;
    let order: Vec<i64> = order
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_i64().unwrap())
        .collect();
    assert!(
        order.iter().all(|at| *at >= 0) && order.windows(2).all(|w| w[0] < w[1]),
        "{order:?}"
    );
    assert_eq!(
        session
            .js("return document.querySelector('[data-app-results-details]').open;")
            .await,
        json!(false)
    );
    let marks = session
        .js("return document.querySelector('[data-app-safety-marks]').innerText;")
        .await;
    assert!(
        marks
            .as_str()
            .unwrap()
            .contains("gave the Samaritans number"),
        "{marks}"
    );
    check_screen(&session, "visit page after a flag", &mut problems).await;
    shot(&session, &format!("app-visit-flag-noted-{width}x{height}")).await;
    assert!(
        session
            .js("return Boolean(document.querySelector('[data-app-lock]'));")
            .await
            == json!(true)
    );

    // A reload while the client holds the tablet, after a flagged answer, shows only the
    // locked screen; after the passphrase, the flag comes first.
    click(&session, ".wc-back-link").await;
    wait_heading(&session, "ROWAN-8").await;
    start_visit_of(&session, "phq-9").await;
    click(&session, "[data-app-hand-over]").await;
    fill(&session, "#field-pin", "2468").await;
    fill(&session, "#field-pin-repeat", "2468").await;
    click(&session, "[data-app-hand-over-start]").await;
    session
        .wait_for("document.querySelector('[data-wc-page]')")
        .await;
    for _ in 0..9 {
        answer_question(&session, 1).await;
    }
    session
        .wait_for("document.querySelector('[data-wc-urgent]')")
        .await;
    // Let the flag's save land, as it does while the client reads the help.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    session.js("window.location.reload(); return true;").await;
    wait_heading(&session, "Unlock your records").await;
    let locked = main_text(&session).await;
    assert!(!locked.contains("ROWAN"), "{locked}");
    unlock(&session, PASSPHRASE).await;
    wait_heading(&session, "A safety answer needs your attention").await;
    acknowledge_flag(&session, "Called their GP with their consent.").await;
    session
        .wait_for("document.querySelector('[data-app-continue]')")
        .await;
    // A lasting mark: on the client list, and on the client's page with both notes.
    click(&session, ".wc-back-link").await;
    wait_client_page(&session, "ROWAN-8").await;
    let marks = session
        .js("return document.querySelector('[data-app-safety-marks]').innerText;")
        .await;
    let marks = marks.as_str().unwrap();
    assert!(
        marks.contains("Samaritans") && marks.contains("Called their GP"),
        "{marks}"
    );
    check_screen(&session, "client page with a safety mark", &mut problems).await;
    shot(&session, &format!("app-client-safety-{width}x{height}")).await;
    go_to_clients(&session).await;
    assert_eq!(
        session
            .js("return document.querySelector('[data-app-clients] [data-app-safety-tag]')?.closest('tr').innerText.includes('ROWAN-8') ?? false;")
            .await,
        json!(true)
    );
    assert!(problems.is_empty(), "{problems:#?}");
    session.close().await;
}

#[tokio::test]
async fn a_client_holding_the_tablet_never_sees_a_result_not_even_when_the_save_fails() {
    let session = Session::start(1024, 768).await;
    open_and_set_up(&session).await;
    add_client(&session, "HAZEL-3").await;

    // A slow tablet (the CPU six times slower): the last answer gives way to "Please hand
    // the tablet back" with no frame of a result between.
    start_visit_of(&session, "phq-4").await;
    hand_over_with_pin(&session).await;
    answer_to_the_end(&session).await;
    session
        .cdp("Emulation.setCPUThrottlingRate", json!({ "rate": 6 }))
        .await;
    watch_for_results(&session).await;
    click(&session, "[data-wc-action=see-result]").await;
    session
        .wait_for("document.querySelector('[data-app-hand-back]')")
        .await;
    session
        .cdp("Emulation.setCPUThrottlingRate", json!({ "rate": 1 }))
        .await;
    let seen = session.js("return window.resultSeen;").await;
    assert_eq!(seen, json!([]), "the client was shown a result");
    assert!(main_text(&session).await.contains("Your answers are saved"));
    fill(&session, "#field-hand-back-pin", "2468").await;
    click(&session, "[data-app-hand-back-submit]").await;
    session
        .wait_for("document.querySelector('[data-app-results]')")
        .await;
    // Its FHIR file for the GP record names the client, in the file's name and inside.
    catch_downloads(&session).await;
    click(&session, "[data-app-export-fhir]").await;
    session.wait_for("window.caughtDownload").await;
    let caught = session.js("return window.caughtDownload;").await;
    let name = caught["name"].as_str().unwrap();
    assert!(
        name.starts_with("wellcheck-fhir-")
            && name.contains("HAZEL-3")
            && name.ends_with("-baseline.json"),
        "{name}"
    );
    let bundle: Value = serde_json::from_str(caught["text"].as_str().unwrap()).unwrap();
    let patient = &bundle["entry"][0]["resource"];
    assert_eq!(patient["resourceType"], "Patient", "{bundle}");
    assert_eq!(
        patient["identifier"][0]["system"],
        "https://fhir.nhs.uk/Id/nhs-number"
    );
    assert_eq!(patient["identifier"][0]["value"], "9434765919");
    assert!(
        patient["identifier"][1]["value"]
            .as_str()
            .unwrap()
            .ends_with("HAZEL-3")
    );
    session
        .js("window.caughtDownload = undefined; return true;")
        .await;

    // The final save fails while the client holds the tablet: they see only a request to
    // hand it back; the worker, after the PIN, sees why and saves again.
    click(&session, ".wc-back-link").await;
    wait_heading(&session, "HAZEL-3").await;
    start_visit_of(&session, "phq-4").await;
    hand_over_with_pin(&session).await;
    answer_to_the_end(&session).await;
    watch_for_results(&session).await;
    session
        .js("const put = IDBObjectStore.prototype.put;
             window.__restorePut = () => { IDBObjectStore.prototype.put = put; };
             IDBObjectStore.prototype.put = function () { throw new DOMException('The disk is full', 'QuotaExceededError'); };
             return true;")
        .await;
    click(&session, "[data-wc-action=see-result]").await;
    session
        .wait_for("document.querySelector('[data-app-hand-back]')")
        .await;
    let shown = main_text(&session).await;
    assert!(shown.contains("Please hand the tablet back"), "{shown}");
    for hidden in ["saved", "space", "not", "error", "Error"] {
        assert!(
            !shown.contains(hidden),
            "the client is told `{hidden}`: {shown}"
        );
    }
    assert_eq!(session.js("return window.resultSeen;").await, json!([]));
    assert!(no_way_out(&session).await);
    fill(&session, "#field-hand-back-pin", "2468").await;
    click(&session, "[data-app-hand-back-submit]").await;
    wait_heading(&session, "The visit was not saved").await;
    let worker = main_text(&session).await;
    assert!(worker.contains("out of space"), "{worker}");
    session.js("window.__restorePut(); return true;").await;
    // Saved, the worker's own page shows the results (the client has handed it back).
    click(&session, "[data-app-retry-save]").await;
    session
        .wait_for("document.querySelector('[data-app-results]')")
        .await;

    // A lock while the client holds the tablet (the idle lock's own path, taken here by
    // the page being hidden rather than by waiting minutes) shows them a plain request to
    // hand it back, not the passphrase.
    click(&session, ".wc-back-link").await;
    wait_heading(&session, "HAZEL-3").await;
    start_visit_of(&session, "phq-4").await;
    hand_over_with_pin(&session).await;
    session
        .js("window.dispatchEvent(new Event('pagehide')); return true;")
        .await;
    session
        .wait_for("document.querySelector('[data-app-locked-hand-back]')")
        .await;
    let shown = main_text(&session).await;
    assert!(shown.contains("Please hand the tablet back"), "{shown}");
    assert_eq!(
        session
            .js("return document.querySelector('#field-passphrase') === null && !document.body.innerText.includes('HAZEL');")
            .await,
        json!(true)
    );
    let mut problems = Vec::new();
    check_screen(&session, "locked while handed over", &mut problems).await;
    assert!(problems.is_empty(), "{problems:#?}");
    click(&session, "[data-app-worker-unlock]").await;
    wait_heading(&session, "Unlock your records").await;
    unlock(&session, PASSPHRASE).await;
    session.wait_for("document.querySelector('main h1')").await;
    session.close().await;
}

#[tokio::test]
async fn the_client_answers_alone_and_only_the_pin_gives_the_tablet_back_with_the_flag_first_in_portrait()
 {
    the_client_answers_alone_and_only_the_pin_gives_the_tablet_back_with_the_flag_first_at(
        768, 1024,
    )
    .await;
}

#[tokio::test]
async fn the_client_answers_alone_and_only_the_pin_gives_the_tablet_back_with_the_flag_first_in_landscape()
 {
    the_client_answers_alone_and_only_the_pin_gives_the_tablet_back_with_the_flag_first_at(
        1024, 768,
    )
    .await;
}
