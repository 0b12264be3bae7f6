//! The link worker tablet app (`/app/`) in headless Chromium with real IndexedDB, real
//! WebCrypto and its real service worker: offline after one visit, a full baseline visit
//! kept across reloads and locks, a reload at every question of the battery, wrong
//! passphrases, a full disk, the raw database holding nothing in clear, and axe-core, target
//! size and keyboard checks on every screen at both tablet orientations, with screenshots
//! under `target/screenshots/` for a person to look at.

use serde_json::{Value, json};
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

    // Everything is there after a reload with the network still cut.
    reload_and_unlock(&session).await;
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
        let saves = session
            .js("return Number(document.documentElement.dataset.appSaves ?? 0);")
            .await;
        let answered = answer_question(&session, given.len() + 2).await;
        given.push(answered);
        // Once the answer is in the store (a save lands a few milliseconds after the tap).
        session
            .wait_for(&format!(
                "Number(document.documentElement.dataset.appSaves ?? 0) > {saves}"
            ))
            .await;
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
    unlock(&session, PASSPHRASE).await;
    wait_heading(&session, "Clients").await;

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

async fn tour(width: u32, height: u32) {
    let session = Session::start(width, height).await;
    let size = format!("{width}x{height}");
    let mut problems = Vec::new();
    session.open("/app/").await;
    wait_heading(&session, "Set up this tablet").await;
    check_screen(&session, "set up", &mut problems).await;
    shot(&session, &format!("app-setup-{size}")).await;
    // Too short, shown with its error.
    fill(&session, "#field-passphrase", "short").await;
    click(&session, "form button[type=submit]").await;
    session
        .wait_for("document.querySelector('[data-wc-error-summary]')")
        .await;
    check_screen(&session, "set up with an error", &mut problems).await;
    open_and_set_up(&session).await;
    check_screen(&session, "no clients", &mut problems).await;
    click(&session, "[data-app-add-client]").await;
    wait_heading(&session, "Add a client").await;
    fill(&session, "#field-nhs-number", "1234567890").await;
    click(&session, "[data-app-save-client]").await;
    session
        .wait_for("document.querySelector('[data-wc-error-summary]')")
        .await;
    check_screen(&session, "client form with errors", &mut problems).await;
    shot(&session, &format!("app-client-form-errors-{size}")).await;
    click(&session, ".wc-button-secondary").await;
    wait_heading(&session, "Clients").await;
    for reference in ["BIRCH-2", "MAPLE-7"] {
        add_client(&session, reference).await;
        click(&session, ".wc-back-link").await;
        wait_heading(&session, "Clients").await;
    }
    check_screen(&session, "client list", &mut problems).await;
    shot(&session, &format!("app-clients-{size}")).await;
    session
        .js("[...document.querySelectorAll('[data-app-clients] button')].find((b) => b.textContent === 'MAPLE-7').click(); return true;")
        .await;
    wait_heading(&session, "MAPLE-7").await;
    check_screen(&session, "client page", &mut problems).await;
    shot(&session, &format!("app-client-{size}")).await;
    click(&session, "[data-app-start-visit]").await;
    wait_heading(&session, "Start a visit").await;
    check_screen(&session, "visit set-up", &mut problems).await;
    shot(&session, &format!("app-visit-setup-{size}")).await;
    click(&session, "[data-app-begin]").await;
    session
        .wait_for("document.querySelector('[data-wc-page=question]')")
        .await;
    check_screen(&session, "question", &mut problems).await;
    shot(&session, &format!("app-question-{size}")).await;
    answer_question(&session, 0).await;
    click(&session, "[data-app-pause]").await;
    session
        .wait_for("document.querySelector('[data-app-continue]')")
        .await;
    check_screen(&session, "unfinished visit", &mut problems).await;
    shot(&session, &format!("app-unfinished-visit-{size}")).await;
    click(&session, "[data-app-nav=settings]").await;
    wait_heading(&session, "Settings").await;
    session
        .wait_for("document.querySelector('[data-app-storage] p, [data-app-storage] .app-warning')")
        .await;
    check_screen(&session, "settings", &mut problems).await;
    shot(&session, &format!("app-settings-{size}")).await;
    click(&session, "[data-app-nav=outcomes]").await;
    wait_heading(&session, "Your scheme's outcomes").await;
    check_screen(&session, "outcomes", &mut problems).await;
    shot(&session, &format!("app-outcomes-empty-{size}")).await;
    click(&session, "[data-app-lock]").await;
    wait_heading(&session, "Unlock your records").await;
    check_screen(&session, "unlock", &mut problems).await;
    shot(&session, &format!("app-unlock-{size}")).await;
    session.close().await;
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[tokio::test]
async fn every_screen_is_accessible_in_landscape() {
    tour(1024, 768).await;
}

#[tokio::test]
async fn every_screen_is_accessible_in_portrait() {
    tour(768, 1024).await;
}

#[tokio::test]
async fn a_new_version_is_picked_up_at_the_next_online_start_and_the_person_is_told() {
    // A copy of the app that the test can "release" again.
    let app = std::env::temp_dir().join(format!("wellcheck-e2e-app-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&app);
    std::fs::create_dir_all(&app).unwrap();
    for entry in std::fs::read_dir(Session::app_dir()).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), app.join(entry.file_name())).unwrap();
    }
    let session = Session::start_with_app(1024, 768, app.clone()).await;
    open_and_set_up(&session).await;
    add_client(&session, "WILLOW-5").await;
    session
        .wait_for("navigator.serviceWorker && navigator.serviceWorker.controller")
        .await;
    assert_eq!(
        session
            .js("return document.getElementById('app-update').hidden;")
            .await,
        json!(true)
    );

    // A new release: a changed stylesheet, and sw.js with its new version, as `cargo xtask
    // dist` writes them.
    let marker = "/* release 2 */";
    let css = std::fs::read_to_string(app.join("app.css")).unwrap();
    std::fs::write(app.join("app.css"), format!("{css}\n{marker}\n")).unwrap();
    let worker = std::fs::read_to_string(app.join("sw.js")).unwrap();
    let version = worker
        .lines()
        .find(|line| line.starts_with("const VERSION"))
        .unwrap()
        .to_owned();
    std::fs::write(
        app.join("sw.js"),
        worker.replace(&version, "const VERSION = 'release-2';"),
    )
    .unwrap();

    // The next online start still opens the version in the cache, fetches the new one, and
    // says so.
    session.js("window.location.reload(); return true;").await;
    wait_heading(&session, "Unlock your records").await;
    session
        .wait_for("!document.getElementById('app-update').hidden")
        .await;
    let banner = session
        .js("return document.getElementById('app-update').innerText;")
        .await;
    assert!(
        banner
            .as_str()
            .unwrap()
            .contains("A new version of the app has been installed"),
        "{banner}"
    );
    click(&session, "#app-update button").await;
    wait_heading(&session, "Unlock your records").await;
    let css = session
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             fetch('app.css').then((r) => r.text()).then(done, () => done(''));",
            vec![],
        )
        .await
        .unwrap();
    assert!(
        css.as_str().unwrap().contains(marker),
        "the new version is not in use"
    );
    // And the records are untouched.
    unlock(&session, PASSPHRASE).await;
    wait_heading(&session, "Clients").await;
    assert!(main_text(&session).await.contains("WILLOW-5"));
    session.close().await;
    let _ = std::fs::remove_dir_all(&app);
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

    // Kept across a lock, sealed like every record.
    reload_and_unlock(&session).await;
    wait_heading(&session, "Clients").await;
    let raw = raw_database(&session).await.to_string();
    assert!(
        !raw.contains("FAKE") && !raw.contains("TEST-ONLY"),
        "the wording is in clear"
    );

    // A visit of that questionnaire alone, in the imported wording.
    session
        .js("[...document.querySelectorAll('[data-app-clients] button')].find((b) => b.textContent === 'HAZEL-9').click(); return true;")
        .await;
    wait_heading(&session, "HAZEL-9").await;
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

async fn a_backup_restores_every_record_here_or_on_a_new_tablet_and_a_bad_one_changes_nothing_at(
    width: u32,
    height: u32,
) {
    let session = Session::start(width, height).await;
    open_and_set_up(&session).await;
    add_client(&session, "MAPLE-7").await;
    click(&session, ".wc-back-link").await;
    wait_heading(&session, "Clients").await;
    assert!(
        main_text(&session)
            .await
            .contains("No backup of these records has been made yet")
    );

    // Make a backup.
    click(&session, "[data-app-nav=settings]").await;
    wait_heading(&session, "Settings").await;
    catch_downloads(&session).await;
    click(&session, "[data-app-make-backup]").await;
    session
        .wait_for("window.caughtDownload || document.querySelector('[data-app-backup] .wc-status').textContent")
        .await;
    let said = session
        .js("return document.querySelector('[data-app-backup] .wc-status').textContent;")
        .await;
    session.wait_for("window.caughtDownload").await;
    assert!(said.as_str().unwrap().starts_with("Backup made"), "{said}");
    let caught = session.js("return window.caughtDownload;").await;
    let name = caught["name"].as_str().unwrap().to_owned();
    let file = caught["text"]
        .as_str()
        .unwrap_or_else(|| panic!("the download could not be read: {caught}"))
        .to_owned();
    assert!(
        name.starts_with("wellcheck-backup-") && name.ends_with(".json"),
        "{name}"
    );
    // Each long or marked enough that base64 of sealed bytes cannot hold it by chance (a
    // three-letter `JBQ` turns up in about one backup in twenty).
    for clear in CLEAR_IN_A_BACKUP {
        assert!(!file.contains(clear), "`{clear}` is readable in the backup");
    }
    let at_backup = raw_database(&session).await;
    click(&session, "[data-app-nav=clients]").await;
    wait_heading(&session, "Clients").await;
    assert!(!main_text(&session).await.contains("No backup"));
    // A client added after the backup.
    add_client(&session, "ASH-4").await;

    // Restoring here: refused files and a wrong passphrase change nothing.
    click(&session, "[data-app-nav=settings]").await;
    wait_heading(&session, "Settings").await;
    click(&session, "[data-app-backup] [data-app-start-restore]").await;
    wait_heading(&session, "Restore from a backup").await;
    shot(&session, &format!("app-restore-{width}x{height}")).await;
    let mut problems = Vec::new();
    check_screen(&session, "restore", &mut problems).await;
    assert!(problems.is_empty(), "{problems:#?}");
    let truncated = &file[..file.len() / 2];
    let mut foreign = serde_json::from_str::<Value>(&file).unwrap();
    foreign["kind"] = json!("something-else");
    let mut swapped = serde_json::from_str::<Value>(&file).unwrap();
    let records = swapped["records"].as_array_mut().unwrap();
    let first = records[0]["data"].clone();
    records[0]["data"] = records[1]["data"].clone();
    records[1]["data"] = first;
    // Edits a person holding the file could make without the passphrase.
    let good = serde_json::from_str::<Value>(&file).unwrap();
    let mut no_client = good.clone();
    no_client["records"]
        .as_array_mut()
        .unwrap()
        .retain(|record| !record["id"].as_str().unwrap().starts_with("client-"));
    let mut emptied = good.clone();
    emptied["records"] = json!([]);
    let mut redated = good.clone();
    redated["created"] = json!("2099-01-01");
    let mut unsealed = good.clone();
    unsealed.as_object_mut().unwrap().remove("manifest");
    unsealed["format"] = json!(1);
    for (label, text, passphrase, expected) in [
        (
            "no-client.json",
            no_client.to_string(),
            PASSPHRASE,
            "the backup is missing 1 client record",
        ),
        (
            "emptied.json",
            emptied.to_string(),
            PASSPHRASE,
            "the backup is missing 1 client record and 1 list of clients",
        ),
        (
            "redated.json",
            redated.to_string(),
            PASSPHRASE,
            "its date was changed: it says 2099-01-01",
        ),
        (
            "unsealed.json",
            unsealed.to_string(),
            PASSPHRASE,
            "its seal (the manifest) has been taken out",
        ),
        (
            "truncated.json",
            truncated.to_owned(),
            PASSPHRASE,
            "cut short",
        ),
        (
            "foreign.json",
            foreign.to_string(),
            PASSPHRASE,
            "not a wellcheck backup",
        ),
        (
            "swapped.json",
            swapped.to_string(),
            PASSPHRASE,
            "not the copy it was made with",
        ),
        (
            "good.json",
            file.clone(),
            "not the passphrase at all",
            "not the backup's passphrase",
        ),
    ] {
        choose_backup(&session, label, &text).await;
        fill(&session, "#field-backup-passphrase", passphrase).await;
        if session
            .js("return document.querySelector('#field-backup-confirm').checked;")
            .await
            == json!(false)
        {
            click(&session, "#field-backup-confirm").await;
        }
        // Let the file be read and checked.
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        submit_restore(&session).await;
        let summary = session
            .js("return document.querySelector('[data-wc-error-summary]').innerText;")
            .await;
        assert!(
            summary.as_str().unwrap().contains(expected),
            "{label}: {summary}"
        );
        if !matches!(label, "truncated.json" | "foreign.json") {
            assert!(
                summary
                    .as_str()
                    .unwrap()
                    .contains("Nothing has been changed"),
                "{label}: {summary}"
            );
        }
    }
    click(&session, "[data-app-restore-cancel]").await;
    wait_heading(&session, "Unlock your records").await;
    unlock(&session, PASSPHRASE).await;
    wait_heading(&session, "Clients").await;
    let list = main_text(&session).await;
    assert!(list.contains("MAPLE-7") && list.contains("ASH-4"), "{list}");

    // Restoring the good file with its passphrase: exactly what was there at the backup.
    click(&session, "[data-app-lock]").await;
    wait_heading(&session, "Unlock your records").await;
    click(&session, "[data-app-start-restore]").await;
    wait_heading(&session, "Restore from a backup").await;
    choose_backup(&session, "good.json", &file).await;
    session
        .wait_for("document.querySelector('[data-app-backup-summary]')")
        .await;
    fill(&session, "#field-backup-passphrase", PASSPHRASE).await;
    click(&session, "#field-backup-confirm").await;
    submit_restore(&session).await;
    wait_heading(&session, "Clients").await;
    let list = main_text(&session).await;
    assert!(
        list.contains("MAPLE-7") && !list.contains("ASH-4"),
        "{list}"
    );
    let restored = raw_database(&session).await;
    for (id, record) in at_backup["records"].as_object().unwrap() {
        if id != "index" {
            assert_eq!(&restored["records"][id], record, "record {id} differs");
        }
    }
    assert_eq!(
        restored["records"].as_object().unwrap().len(),
        at_backup["records"].as_object().unwrap().len()
    );
    session.close().await;

    // A new tablet: restore from the set-up screen, no account, just the passphrase.
    let fresh = Session::start(768, 1024).await;
    fresh.open("/app/").await;
    wait_heading(&fresh, "Set up this tablet").await;
    click(&fresh, "[data-app-start-restore]").await;
    wait_heading(&fresh, "Restore from a backup").await;
    assert_eq!(
        fresh
            .js("return document.querySelector('#field-backup-confirm') === null;")
            .await,
        json!(true),
        "nothing to replace on a new tablet"
    );
    choose_backup(&fresh, "good.json", &file).await;
    fresh
        .wait_for("document.querySelector('[data-app-backup-summary]')")
        .await;
    fill(&fresh, "#field-backup-passphrase", PASSPHRASE).await;
    submit_restore(&fresh).await;
    wait_heading(&fresh, "Clients").await;
    fresh
        .js("[...document.querySelectorAll('[data-app-clients] button')].find((b) => b.textContent === 'MAPLE-7').click(); return true;")
        .await;
    wait_heading(&fresh, "MAPLE-7").await;
    let client = main_text(&fresh).await;
    assert!(
        client.contains("JBQ") && client.contains("1951"),
        "{client}"
    );
    reload_and_unlock(&fresh).await;
    wait_heading(&fresh, "Clients").await;
    fresh.close().await;
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
    wait_heading(&session, "Clients").await;

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
    wait_heading(&session, "Clients").await;
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

async fn the_outcomes_page_gives_what_wellcheck_report_gives_over_the_apps_own_export_at(
    width: u32,
    height: u32,
) {
    let session = Session::start(width, height).await;
    open_and_set_up(&session).await;
    // Three clients back for a follow-up (one better, one worse, one the same), and one not.
    for (reference, baseline, follow_up) in [
        ("OAK-1", 0, Some(2)),
        ("ELM-2", 2, Some(0)),
        ("ASH-3", 1, Some(1)),
        ("YEW-4", 1, None),
    ] {
        add_client(&session, reference).await;
        run_battery(&session, Some("2026-01-05"), baseline).await;
        wait_heading(&session, reference).await;
        if let Some(choice) = follow_up {
            run_battery(&session, Some("2026-04-06"), choice).await;
            wait_heading(&session, reference).await;
        }
        click(&session, ".wc-back-link").await;
        wait_heading(&session, "Clients").await;
    }

    // The app's own CSV export, through `wellcheck report`.
    click(&session, "[data-app-nav=settings]").await;
    wait_heading(&session, "Settings").await;
    fill(&session, "#field-tablet-name", "north1").await;
    catch_downloads(&session).await;
    click(&session, "[data-app-export-csv]").await;
    session.wait_for("window.caughtDownload").await;
    let caught = session.js("return window.caughtDownload;").await;
    assert_eq!(
        caught["name"].as_str().unwrap(),
        format!("wellcheck-forms-NORTH1-{}.csv", today(&session).await)
    );
    let csv = caught["text"].as_str().unwrap().to_owned();
    assert!(csv.contains("NORTH1-OAK-1,2026-01-05,ucla-3"), "{csv}");
    assert_eq!(csv.lines().count(), 1 + 7 * 4, "a header and 28 forms");
    let path =
        std::env::temp_dir().join(format!("wellcheck-e2e-{}-export.csv", std::process::id()));
    std::fs::write(&path, &csv).unwrap();
    let path = path.to_str().unwrap().to_owned();

    click(&session, "[data-app-nav=outcomes]").await;
    wait_heading(&session, "Your scheme's outcomes").await;
    session
        .wait_for("document.querySelector('[data-app-report]')")
        .await;
    shot(&session, &format!("app-outcomes-{width}x{height}")).await;
    let mut problems = Vec::new();
    check_screen(&session, "outcomes", &mut problems).await;
    assert!(problems.is_empty(), "{problems:#?}");
    for rule in ["default", "any-change", "band"] {
        session
            .js(&format!(
                "const select = document.querySelector('[data-app-rule]'); select.value = {};
                 select.dispatchEvent(new Event('change', {{ bubbles: true }})); return true;",
                js_string(rule)
            ))
            .await;
        session
            .wait_for(&format!(
                "document.querySelector('[data-app-report]').innerText.includes({})",
                js_string(if rule == "default" {
                    "Rule asked for: default"
                } else {
                    rule
                })
            ))
            .await;
        let cli = wellcheck_e2e::wellcheck(&["report", &path, "--rule", rule, "--html", "-"]);
        assert!(
            cli.status.success(),
            "{}",
            String::from_utf8_lossy(&cli.stderr)
        );
        let (shown, reported) = report_texts(&session, &String::from_utf8_lossy(&cli.stdout)).await;
        assert!(
            shown.contains("Paired") || shown.contains("Clients paired"),
            "{shown}"
        );
        assert_eq!(
            shown, reported,
            "rule {rule}: the app and `wellcheck report` differ"
        );
    }
    // A client's change over time, judged as the report judges it.
    click(&session, "[data-app-nav=clients]").await;
    wait_heading(&session, "Clients").await;
    session
        .js("[...document.querySelectorAll('[data-app-clients] button')].find((b) => b.textContent === 'OAK-1').click(); return true;")
        .await;
    wait_heading(&session, "OAK-1").await;
    session
        .wait_for("document.querySelector('[data-app-change] [data-app-verdict]')")
        .await;
    let ucla = session
        .js(
            "const block = document.querySelector('[data-app-score=\"ucla-3/total\"]');
             return { verdict: block.querySelector('[data-app-verdict]').innerText,
                      rows: block.querySelectorAll('tbody tr').length,
                      chart: Boolean(block.querySelector('svg[role=img][aria-labelledby]')) };",
        )
        .await;
    assert_eq!(ucla["rows"], json!(2), "{ucla}");
    assert_eq!(ucla["chart"], json!(true), "{ucla}");
    assert!(
        ucla["verdict"].as_str().unwrap().contains("points"),
        "{ucla}"
    );
    let mut problems = Vec::new();
    check_screen(&session, "change over time", &mut problems).await;
    assert!(problems.is_empty(), "{problems:#?}");
    session
        .js("document.querySelector('[data-app-change]').scrollIntoView(); return true;")
        .await;
    session
        .screenshot(&format!("app-change-{width}x{height}"))
        .await;
    click(&session, "[data-app-nav=outcomes]").await;
    wait_heading(&session, "Your scheme's outcomes").await;
    session
        .wait_for("document.querySelector('[data-app-report]')")
        .await;

    // Printed, only the report.
    session
        .cdp("Emulation.setEmulatedMedia", json!({ "media": "print" }))
        .await;
    let hidden = session
        .js(
            "return ['.app-header', '.app-nav', '[data-app-rule]', '[data-app-print]', '[data-app-report]']
             .map((s) => document.querySelector(s).checkVisibility());",
        )
        .await;
    assert_eq!(hidden, json!([false, false, false, false, true]));
    shot(&session, &format!("app-outcomes-print-{width}")).await;
    session
        .cdp("Emulation.setEmulatedMedia", json!({ "media": "" }))
        .await;
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
    click(&session, "[data-app-flag-seen]").await;
    session
        .wait_for("document.querySelector('[data-app-results]')")
        .await;
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
    click(&session, "[data-app-flag-seen]").await;
    session
        .wait_for("document.querySelector('[data-app-continue]')")
        .await;
    assert!(problems.is_empty(), "{problems:#?}");
    session.close().await;
}

#[tokio::test]
async fn settings_say_at_once_what_is_known_about_storage_and_never_that_backups_are_missing() {
    let session = Session::start(1024, 768).await;
    open_and_set_up(&session).await;
    // Firefox's persist() waits for a permission prompt that may never be answered: here it
    // never settles, and counts the times it is asked.
    session
        .js("window.persistAsked = 0;
             navigator.storage.persist = () => { window.persistAsked += 1; return new Promise(() => {}); };
             navigator.storage.persisted = () => Promise.resolve(false);
             return true;")
        .await;
    click(&session, "[data-app-nav=settings]").await;
    wait_heading(&session, "Settings").await;
    session
        .wait_for("document.querySelector('[data-app-storage]')")
        .await;
    let text = main_text(&session).await;
    assert!(!text.contains("Checking"), "{text}");
    assert!(!text.contains("cannot make backups"), "{text}");
    assert!(
        text.contains("The browser may clear these records"),
        "{text}"
    );
    assert!(text.contains("Make a backup often"), "{text}");
    assert_eq!(session.js("return window.persistAsked;").await, json!(0));
    // Asked only when the worker presses the button, and the screen says it is waiting.
    click(&session, "[data-app-ask-persist]").await;
    session.wait_for("window.persistAsked === 1").await;
    assert!(
        main_text(&session)
            .await
            .contains("The browser may ask you first")
    );
    // An unanswered question never leaves the button stuck: it can be pressed again.
    assert_eq!(
        session
            .js("return document.querySelector('[data-app-ask-persist]').disabled;")
            .await,
        json!(false)
    );
    click(&session, "[data-app-ask-persist]").await;
    session.wait_for("window.persistAsked === 2").await;
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
    click(&session, "[data-app-begin]").await;
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
async fn a_backup_restores_every_record_here_or_on_a_new_tablet_and_a_bad_one_changes_nothing_in_landscape()
 {
    a_backup_restores_every_record_here_or_on_a_new_tablet_and_a_bad_one_changes_nothing_at(
        1024, 768,
    )
    .await;
}

#[tokio::test]
async fn a_backup_restores_every_record_here_or_on_a_new_tablet_and_a_bad_one_changes_nothing_in_portrait()
 {
    a_backup_restores_every_record_here_or_on_a_new_tablet_and_a_bad_one_changes_nothing_at(
        768, 1024,
    )
    .await;
}

#[tokio::test]
async fn the_outcomes_page_gives_what_wellcheck_report_gives_over_the_apps_own_export_in_landscape()
{
    the_outcomes_page_gives_what_wellcheck_report_gives_over_the_apps_own_export_at(1024, 768)
        .await;
}

#[tokio::test]
async fn the_outcomes_page_gives_what_wellcheck_report_gives_over_the_apps_own_export_in_portrait()
{
    the_outcomes_page_gives_what_wellcheck_report_gives_over_the_apps_own_export_at(768, 1024)
        .await;
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
