//! A worker putting the caseload right, at both tablet orientations: a second visit started
//! while one is unfinished is offered back; unlocking opens what they were doing; an
//! unfinished visit discarded (asked first, cancelled once); a visit's date changed; two
//! records of one person merged; a client deleted, then a backup restored on a new tablet
//! and the CSV export, each without them. The raw database keeps none of their records.

use wellcheck_e2e::Session;

use crate::app_driver::*;

/// The text of the client's visit list.
async fn visit_list(session: &Session) -> String {
    session
        .js("return document.querySelector('[data-app-visits]')?.innerText ?? '';")
        .await
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// Opens an "asks first" panel and returns its text.
async fn ask(session: &Session, name: &str) -> String {
    click(session, &format!("[data-app-ask={name}]")).await;
    session
        .wait_for(&format!(
            "document.activeElement === document.querySelector('[data-app-asking={name}]')"
        ))
        .await;
    session
        .js(&format!(
            "return document.querySelector('[data-app-asking={name}]').innerText;"
        ))
        .await
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

async fn a_worker_corrects_and_deletes_records_at(width: u32, height: u32) {
    let size = format!("{width}x{height}");
    let session = Session::start(width, height).await;
    let mut problems = Vec::new();
    open_and_set_up(&session).await;
    add_client(&session, "MAPLE-7").await;
    // At a first visit, how each questionnaire is completed must be chosen: none is taken
    // to be the client's own by default.
    click(&session, "[data-app-start-visit]").await;
    wait_heading(&session, "Start a visit").await;
    click(&session, "[data-app-begin]").await;
    session
        .wait_for("document.querySelector('[data-wc-error-summary]')")
        .await;
    let summary = main_text(&session).await;
    for name in ["UCLA-3", "ONS4"] {
        assert!(
            summary.contains(&format!("Choose how {name} will be completed")),
            "{size}: {summary}"
        );
    }
    check_screen(&session, "how it is completed, not chosen", &mut problems).await;
    shot(&session, &format!("app-visit-setup-choose-{size}")).await;
    click(&session, "[data-app-cancel-visit]").await;
    wait_client_page(&session, "MAPLE-7").await;
    run_battery(&session, Some("2026-01-05"), 1).await;
    wait_client_page(&session, "MAPLE-7").await;
    // A back-dated visit's results are of its own date, not today's.
    open_visit(&session, "2026-01-05 — Baseline").await;
    let results = session
        .js("return document.querySelector('[data-app-results-details] summary').innerText;")
        .await;
    assert_eq!(
        results,
        serde_json::json!(
            "The results of 2026-01-05 in full, as the client's result pages word them"
        )
    );
    click(&session, ".wc-back-link").await;
    wait_client_page(&session, "MAPLE-7").await;

    // A visit paused after one answer, then "Start a visit" again: it is offered back. The
    // scheme's set is offered first; UCLA-3 is read aloud at this visit.
    click(&session, "[data-app-start-visit]").await;
    wait_heading(&session, "Start a visit").await;
    assert_eq!(
        session
            .js("return document.querySelector('input[id^=instrument-]').id;")
            .await,
        serde_json::json!("instrument-ucla-3")
    );
    session
        .js("const s = document.querySelector('#field-ucla-3'); s.value = 'read_aloud'; s.dispatchEvent(new Event('change', { bubbles: true })); return true;")
        .await;
    begin_visit(&session).await;
    session
        .wait_for("document.querySelector('[data-wc-page]')")
        .await;
    answer_question(&session, 2).await;
    click(&session, "[data-app-pause]").await;
    session
        .wait_for("document.querySelector('[data-app-continue]')")
        .await;
    click(&session, ".wc-back-link").await;
    wait_client_page(&session, "MAPLE-7").await;
    click(&session, "[data-app-start-visit]").await;
    wait_heading(&session, "Start a visit").await;
    let offer = session
        .js("return document.querySelector('[data-app-unfinished-offer]')?.innerText ?? '';")
        .await;
    assert!(
        offer
            .as_str()
            .unwrap()
            .contains("unfinished follow-up visit of"),
        "{size}: {offer}"
    );
    check_screen(&session, "an unfinished visit offered back", &mut problems).await;
    // How UCLA-3 was completed last time is where the choice starts.
    session
        .wait_for("document.querySelector('#field-ucla-3')?.value === 'read_aloud'")
        .await;
    click(&session, "[data-app-continue-unfinished]").await;
    session
        .wait_for("document.querySelector('[data-wc-page=question]')")
        .await;
    click(&session, "[data-app-pause]").await;
    session
        .wait_for("document.querySelector('[data-app-continue]')")
        .await;

    // Locked and unlocked: the visit the worker was on opens again, not the list.
    click(&session, "[data-app-lock]").await;
    wait_heading(&session, "Unlock your records").await;
    unlock(&session, PASSPHRASE).await;
    session
        .wait_for("document.querySelector('[data-app-continue]') && document.querySelector('[data-app-visit-corrections]')")
        .await;

    // Discarding it asks first, says what goes, and Cancel changes nothing.
    let asked = ask(&session, "discard-visit").await;
    assert!(
        asked.contains("every answer given in it so far are deleted")
            && asked.contains("Backups made before now still hold it"),
        "{size}: {asked}"
    );
    check_screen(&session, "discard asks first", &mut problems).await;
    session
        .screenshot_full_page(&format!("app-discard-visit-{size}"))
        .await;
    click(&session, "[data-app-cancel=discard-visit]").await;
    session
        .wait_for(
            "document.activeElement === document.querySelector('[data-app-ask=discard-visit]')",
        )
        .await;
    ask(&session, "discard-visit").await;
    click(&session, "[data-app-confirm=discard-visit]").await;
    wait_client_page(&session, "MAPLE-7").await;
    let list = visit_list(&session).await;
    assert!(
        list.contains("2026-01-05") && !list.contains("Unfinished"),
        "{size}: {list}"
    );

    // The baseline's date was mistyped: changed, the list and the page follow.
    open_visit(&session, "2026-01-05 — Baseline").await;
    click(&session, "[data-app-change-when]").await;
    fill(&session, "#field-visit-date", "2026-01-12").await;
    check_screen(&session, "a visit's date and kind", &mut problems).await;
    click(&session, "[data-app-save-when]").await;
    session
        .wait_for("document.querySelector('main h1').textContent.includes('2026-01-12')")
        .await;
    assert!(
        main_text(&session)
            .await
            .contains("Saved: the visit's date and kind are changed.")
    );
    click(&session, ".wc-back-link").await;
    wait_client_page(&session, "MAPLE-7").await;
    assert!(visit_list(&session).await.contains("2026-01-12 — Baseline"));

    // The same person entered twice: merged into MAPLE-7.
    click(&session, "[data-app-nav=clients]").await;
    wait_heading(&session, "Clients").await;
    add_client(&session, "MAPLE-7B").await;
    run_battery(&session, Some("2026-04-05"), 2).await;
    click(&session, "[data-app-nav=clients]").await;
    wait_heading(&session, "Clients").await;
    open_client(&session, "MAPLE-7").await;
    let asked = ask(&session, "merge-client").await;
    assert!(asked.contains("Choose the other record"), "{size}: {asked}");
    session
        .js("const s = document.querySelector('[data-app-merge-other]'); s.value = [...s.options].find((o) => o.textContent.startsWith('MAPLE-7B')).value; s.dispatchEvent(new Event('change', { bubbles: true })); return true;")
        .await;
    session
        .wait_for("document.querySelector('[data-app-asking=merge-client]').innerText.includes('its 1 visit moves to MAPLE-7')")
        .await;
    check_screen(&session, "merge asks first", &mut problems).await;
    session
        .screenshot_full_page(&format!("app-merge-clients-{size}"))
        .await;
    click(&session, "[data-app-confirm=merge-client]").await;
    session
        .wait_for("document.querySelector('main').innerText.includes('Merged: 1 visit moved to this client')")
        .await;
    let list = visit_list(&session).await;
    assert!(
        list.contains("2026-01-12") && list.contains("2026-04-05"),
        "{size}: {list}"
    );
    click(&session, "[data-app-nav=clients]").await;
    wait_heading(&session, "Clients").await;
    assert!(!main_text(&session).await.contains("MAPLE-7B"));

    // Another client who stays, then MAPLE-7 deleted with both visits.
    add_client(&session, "OAK-2").await;
    run_battery(&session, Some("2026-02-01"), 1).await;
    // A need and a support ticked at OAK-2's visit: they leave the tablet and are counted.
    wait_client_page(&session, "OAK-2").await;
    open_visit(&session, "2026-02-01 — Baseline").await;
    for entry in ["Housing", "Citizens Advice"] {
        session
            .js(&format!(
                "[...document.querySelectorAll('label.app-choice-label')].find((l) => l.textContent === {}).click(); return true;",
                js_string(entry)
            ))
            .await;
    }
    // Each tick is saved at once; the records take saves in order, so the Outcomes
    // screen, which reads them next, has both.
    session
        .wait_for("document.querySelector('main').innerText.includes('Saved.')")
        .await;
    click(&session, "[data-app-nav=outcomes]").await;
    wait_heading(&session, "Your scheme's outcomes").await;
    session
        .wait_for("document.querySelector('main').innerText.includes('What was done')")
        .await;
    let counted = main_text(&session).await;
    assert!(
        counted.contains("Housing") && counted.contains("Citizens Advice"),
        "{size}: {counted}"
    );
    click(&session, "[data-app-nav=clients]").await;
    wait_heading(&session, "Clients").await;
    open_client(&session, "MAPLE-7").await;
    let gone_ids = raw_database(&session).await["records"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect::<Vec<_>>();
    let asked = ask(&session, "delete-client").await;
    assert!(
        asked.contains("MAPLE-7's record and their 2 visits are deleted from this tablet")
            && asked.contains("Backups made before now still hold it"),
        "{size}: {asked}"
    );
    check_screen(&session, "delete asks first", &mut problems).await;
    session
        .screenshot_full_page(&format!("app-delete-client-{size}"))
        .await;
    click(&session, "[data-app-confirm=delete-client]").await;
    wait_heading(&session, "Clients").await;
    let list = main_text(&session).await;
    assert!(
        !list.contains("MAPLE-7") && list.contains("OAK-2"),
        "{size}: {list}"
    );
    // Gone from the database itself: only OAK-2's client and visit and the index remain.
    let kept: Vec<String> = raw_database(&session).await["records"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    assert_eq!(kept.len(), 3, "{size}: {kept:?}");
    assert!(
        gone_ids.iter().filter(|id| !kept.contains(id)).count() >= 3,
        "{size}: before {gone_ids:?}, after {kept:?}"
    );

    // The export holds OAK-2 only.
    click(&session, "[data-app-nav=settings]").await;
    wait_heading(&session, "Settings").await;
    fill(&session, "#field-tablet-name", "north1").await;
    catch_downloads(&session).await;
    click(&session, "[data-app-export-csv]").await;
    session.wait_for("window.caughtDownload").await;
    let csv = session.js("return window.caughtDownload.text;").await;
    let csv = csv.as_str().unwrap();
    assert!(
        csv.contains("NORTH1-OAK-2")
            && !csv.contains("MAPLE-7")
            && csv.contains(",Housing,Citizens Advice,"),
        "{size}: {csv}"
    );

    // A backup made now, restored on a new tablet: MAPLE-7 is not in it.
    catch_downloads(&session).await;
    click(&session, "[data-app-make-backup]").await;
    session.wait_for("window.caughtDownload").await;
    let file = session.js("return window.caughtDownload.text;").await;
    let file = file.as_str().unwrap().to_owned();
    let fresh = Session::start(width, height).await;
    fresh.open("/app/").await;
    wait_heading(&fresh, "Set up this tablet").await;
    click(&fresh, "[data-app-start-restore]").await;
    wait_heading(&fresh, "Restore from a backup").await;
    choose_backup(&fresh, "backup.json", &file).await;
    fresh
        .wait_for("document.querySelector('[data-app-backup-summary]')")
        .await;
    fill(&fresh, "#field-backup-passphrase", PASSPHRASE).await;
    submit_restore(&fresh).await;
    wait_heading(&fresh, "Clients").await;
    let list = main_text(&fresh).await;
    assert!(
        !list.contains("MAPLE-7") && list.contains("OAK-2"),
        "{size}: {list}"
    );
    fresh.close().await;
    assert!(problems.is_empty(), "{size}: {problems:#?}");
    session.close().await;
}

#[tokio::test]
async fn a_worker_corrects_and_deletes_records_in_landscape() {
    a_worker_corrects_and_deletes_records_at(1024, 768).await;
}

#[tokio::test]
async fn a_worker_corrects_and_deletes_records_in_portrait() {
    a_worker_corrects_and_deletes_records_at(768, 1024).await;
}
