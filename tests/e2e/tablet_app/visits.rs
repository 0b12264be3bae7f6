//! A link worker's visits: offline after one visit, a full baseline kept across reloads
//! and locks, a reload at every question of the battery, a licensed questionnaire once its
//! wording is imported, and a follow-up dated before the baseline refused.

use serde_json::json;
use wellcheck_e2e::Session;

use crate::app_driver::*;

#[tokio::test]
async fn offline_after_one_visit_a_full_baseline_visit_is_kept_and_nothing_is_in_clear() {
    let session = Session::start(1024, 768).await;
    open_and_set_up(&session).await;
    go_offline(&session).await;
    reload_and_unlock(&session).await;
    wait_heading(&session, "Clients").await;
    add_client(&session, "MAPLE-7").await;
    start_visit(&session).await;
    let mut given = Vec::new();
    while journey_page(&session).await["kind"] == "question" {
        given.push(answer_question(&session, 1).await);
        assert!(given.len() < 40, "the battery never ended");
    }
    assert_eq!(journey_page(&session).await["kind"], "check");
    click(&session, "[data-wc-action=see-result]").await;
    session
        .wait_for("document.querySelector('[data-app-results]')")
        .await;
    let results = main_text(&session).await;
    assert!(results.contains("Baseline visit"), "{results}");
    for name in ["UCLA", "ONS4", "Exercise"] {
        assert!(results.contains(name), "no {name} result: {results}");
    }
    // Needs and support, from the pick lists.
    click(&session, "input[id^=need-]").await;
    let walking = session
        .js("const label = [...document.querySelectorAll('label')].find((l) => l.textContent === 'Walking group'); label.click(); return label.htmlFor;")
        .await;
    assert!(walking.as_str().unwrap().starts_with("support-"));
    fill(
        &session,
        "#field-visit-notes",
        "Interested in the Tuesday walk",
    )
    .await;
    click(&session, "[data-app-save-visit]").await;
    session
        .wait_for("document.querySelector('main').innerText.includes('Saved.')")
        .await;

    // Everything is there after a reload with the network still cut, and unlocking opens
    // the visit the worker was on.
    reload_and_unlock(&session).await;
    session
        .wait_for("document.querySelector('[data-app-save-visit]')")
        .await;
    click(&session, "[data-app-nav=clients]").await;
    wait_heading(&session, "Clients").await;
    let list = main_text(&session).await;
    assert!(list.contains("MAPLE-7") && !list.contains("943"), "{list}");
    session
        .js("[...document.querySelectorAll('[data-app-clients] button')].find((b) => b.textContent === 'MAPLE-7').click(); return true;")
        .await;
    wait_heading(&session, "MAPLE-7").await;
    let client = main_text(&session).await;
    for expected in ["JBQ", "1951", "943 476 5919", "Prefers mornings"] {
        assert!(client.contains(expected), "no {expected}: {client}");
    }
    click(&session, "[data-app-visits] button").await;
    session
        .wait_for("document.querySelector('[data-app-results]')")
        .await;
    let visit = session
        .js("return { walking: document.querySelector(`#${[...document.querySelectorAll('label')].find((l) => l.textContent === 'Walking group').htmlFor}`).checked,
                      notes: document.querySelector('#field-visit-notes').value };")
        .await;
    assert_eq!(
        visit,
        json!({ "walking": true, "notes": "Interested in the Tuesday walk" })
    );
    shot(&session, "app-visit-1024x768").await;

    // The raw database: nothing about the client in clear, in keys or values.
    let raw = raw_database(&session).await;
    let text = raw.to_string();
    let this_month = session
        .js("const d = new Date(); return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;")
        .await;
    let this_month = this_month.as_str().unwrap();
    for clear in [
        "MAPLE",
        "JBQ",
        "1951",
        "9434765919",
        "943 476",
        "Prefers",
        "Tuesday",
        "Walking",
        this_month,
        "ucla",
        "\"answers\"",
    ] {
        assert!(!text.contains(clear), "`{clear}` is readable in IndexedDB");
    }
    assert!(raw["records"].as_object().unwrap().len() >= 3, "{raw}");

    // Two writes of the same record use different nonces.
    let before = raw["records"]["index"]["nonce"].clone();
    session.outage.set(false);
    click(&session, "[data-app-save-visit]").await;
    session
        .wait_for("document.querySelector('main').innerText.includes('Saved.')")
        .await;
    let after = raw_database(&session).await["records"]["index"]["nonce"].clone();
    assert_ne!(before, after);
    assert_eq!(before.as_str().unwrap().chars().count(), 12);
    session.close().await;
}

#[tokio::test]
async fn a_reload_at_every_question_of_the_battery_brings_every_answer_back() {
    let session = Session::start(1024, 768).await;
    open_and_set_up(&session).await;
    add_client(&session, "OAK-1").await;
    start_visit(&session).await;
    let mut given = Vec::new();
    while journey_page(&session).await["kind"] == "question" {
        let saves = saves_landed(&session).await;
        let answered = answer_question(&session, given.len() + 2).await;
        given.push(answered);
        // Once the answer is in the store (a save lands a few milliseconds after the tap).
        wait_answer_saved(&session, saves).await;
        // Reload: the app unlocks to the unfinished visit, which carries on at the next
        // question with every answer so far.
        reload_and_unlock(&session).await;
        session
            .wait_for("document.querySelector('[data-app-continue]')")
            .await;
        click(&session, "[data-app-continue]").await;
        session
            .wait_for("document.querySelector('[data-wc-page]')")
            .await;
        let page = journey_page(&session).await;
        if page["kind"] == "question" {
            assert!(
                (page["form"].as_i64(), page["item"].as_i64())
                    > (Some(answered.0), Some(answered.1)),
                "after a reload at {answered:?} the visit went back to {page}"
            );
        }
        // One step back shows the answer just given, restored.
        click(&session, "[data-wc-action=back]").await;
        session
            .wait_for(&format!(
                "document.querySelector('[data-wc-page=question][data-wc-form=\"{}\"][data-wc-item=\"{}\"]')",
                answered.0, answered.1
            ))
            .await;
        let shown = shown_answer(&session).await;
        assert_eq!(
            shown,
            json!(answered.2),
            "the answer at {answered:?} did not come back"
        );
        click(&session, "[data-wc-action=continue]").await;
        session
            .wait_for(&format!(
                "!document.querySelector('[data-wc-page=question][data-wc-form=\"{}\"][data-wc-item=\"{}\"]')",
                answered.0, answered.1
            ))
            .await;
        assert!(given.len() < 40, "the battery never ended");
    }
    assert!(given.len() >= 10, "only {} questions", given.len());
    assert_eq!(journey_page(&session).await["kind"], "check");
    click(&session, "[data-wc-action=see-result]").await;
    session
        .wait_for("document.querySelector('[data-app-results]')")
        .await;
    let results = main_text(&session).await;
    assert!(!results.contains("not finished"), "{results}");
    session.close().await;
}

#[tokio::test]
async fn a_licensed_questionnaire_runs_once_its_wording_is_imported() {
    let session = Session::start(1024, 768).await;
    open_and_set_up(&session).await;
    add_client(&session, "HAZEL-9").await;
    click(&session, "[data-app-start-visit]").await;
    wait_heading(&session, "Start a visit").await;
    assert_eq!(
        session
            .js("return document.querySelector('#instrument-swemwbs').disabled;")
            .await,
        json!(true),
        "a licensed questionnaire was offered with no wording"
    );

    click(&session, "[data-app-nav=settings]").await;
    wait_heading(&session, "Settings").await;
    // Files that must be refused, each with its reason, changing nothing.
    let mut open = wellcheck_e2e::fake_licensed_text("swemwbs");
    open["instrument"] = json!("ucla-3");
    let mut partial = wellcheck_e2e::fake_licensed_text("swemwbs");
    partial["items"].as_object_mut().unwrap().clear();
    for (name, text, expected) in [
        (
            "garbage.json",
            "=HYPERLINK(\"x\")".to_owned(),
            "must be JSON naming its `instrument`",
        ),
        ("open.json", open.to_string(), "open questionnaire"),
        ("partial.json", partial.to_string(), "items"),
    ] {
        import_wording(&session, name, &text).await;
        session
            .wait_for("document.querySelector('[data-wc-error-summary]')")
            .await;
        let summary = session
            .js("return document.querySelector('[data-wc-error-summary]').innerText;")
            .await;
        assert!(
            summary.as_str().unwrap().contains(expected),
            "{name}: {summary}"
        );
        let table = session
            .js("return document.querySelector('[data-app-licensed]').innerText;")
            .await;
        assert!(!table.as_str().unwrap().contains("Imported"), "{table}");
    }
    let good = wellcheck_e2e::fake_licensed_text("swemwbs");
    import_wording(&session, "swemwbs.json", &good.to_string()).await;
    session
        .wait_for("document.querySelector('main').innerText.includes('Imported the wording for')")
        .await;
    let table = main_text(&session).await;
    assert!(
        table.contains("Imported") && table.contains("TEST-ONLY"),
        "{table}"
    );
    assert!(
        session
            .js("return document.querySelector('[data-wc-error-summary]') === null;")
            .await
            == json!(true)
    );
    session
        .js("document.querySelector('[data-app-licensed]').scrollIntoView(); return true;")
        .await;
    shot(&session, "app-settings-licensed-1024x768").await;

    // Kept across a lock, sealed like every record; unlocking opens Settings again.
    reload_and_unlock(&session).await;
    wait_heading(&session, "Settings").await;
    let raw = raw_database(&session).await.to_string();
    assert!(
        !raw.contains("FAKE") && !raw.contains("TEST-ONLY"),
        "the wording is in clear"
    );

    // A visit of that questionnaire alone, in the imported wording.
    go_to_clients(&session).await;
    open_client(&session, "HAZEL-9").await;
    start_visit_of(&session, "swemwbs").await;
    let first = main_text(&session).await;
    assert!(first.contains("FAKE WORDING FOR"), "{first}");
    let mut given = 0;
    while journey_page(&session).await["kind"] == "question" {
        answer_question(&session, 2).await;
        given += 1;
        assert!(given < 20, "the questionnaire never ended");
    }
    assert_eq!(given, 7);
    click(&session, "[data-wc-action=see-result]").await;
    session
        .wait_for("document.querySelector('[data-app-results]')")
        .await;
    let results = main_text(&session).await;
    assert!(
        results.contains("SWEMWBS") || results.contains("Short Warwick"),
        "{results}"
    );
    session.close().await;
}

#[tokio::test]
async fn a_visit_dated_the_wrong_side_of_the_baseline_is_refused_with_what_to_check() {
    let session = Session::start(1024, 768).await;
    open_and_set_up(&session).await;
    add_client(&session, "WILLOW-5").await;
    // A baseline today, finished.
    start_visit_of(&session, "phq-4").await;
    answer_to_the_end(&session).await;
    click(&session, "[data-wc-action=see-result]").await;
    session
        .wait_for("document.querySelector('[data-app-results]')")
        .await;
    click(&session, ".wc-back-link").await;
    wait_heading(&session, "WILLOW-5").await;
    // A follow-up dated years before it (a tablet's clock set back, a slip in the field).
    click(&session, "[data-app-start-visit]").await;
    wait_heading(&session, "Start a visit").await;
    assert_eq!(
        session
            .js("return document.querySelector('#kind-follow-up').checked;")
            .await,
        json!(true),
        "a client with a baseline is offered a follow-up"
    );
    fill(&session, "#field-date", "2020-01-01").await;
    begin_visit(&session).await;
    session
        .wait_for("document.querySelector('[data-wc-error-summary]')")
        .await;
    let said = main_text(&session).await;
    assert!(
        said.contains("A follow-up must come after the client's baseline visit on"),
        "{said}"
    );
    // Still on the form, nothing started: the worker corrects the date.
    wait_heading(&session, "Start a visit").await;
    session.close().await;
}
