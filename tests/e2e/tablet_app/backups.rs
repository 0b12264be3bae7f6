//! A backup restored here or on a new tablet, and a bad one that changes nothing, at both
//! orientations.

use serde_json::{Value, json};
use wellcheck_e2e::Session;

use crate::app_driver::*;

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
    // Unlocking after a reload opens the client the worker was on.
    reload_and_unlock(&fresh).await;
    wait_heading(&fresh, "MAPLE-7").await;
    fresh.close().await;
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
