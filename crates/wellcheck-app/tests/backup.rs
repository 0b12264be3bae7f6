//! The backup file's format: written and read back exactly, and every kind of damaged,
//! foreign or hostile file refused with what and where. Native: no browser needed (the
//! round trip through a real store is in `tests/store.rs`).
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    missing_docs,
    reason = "tests"
)]

use wellcheck_app::backup::{self, MAX_BYTES};
use wellcheck_app::vault::Sealed;

fn sample() -> String {
    let records = vec![
        (
            "index".to_owned(),
            Sealed {
                nonce: vec![1; 12],
                ciphertext: vec![2; 40],
            },
        ),
        (
            "client-00aa".to_owned(),
            Sealed {
                nonce: vec![3; 12],
                ciphertext: vec![4; 100],
            },
        ),
    ];
    let manifest = Sealed {
        nonce: vec![5; 12],
        ciphertext: vec![6; 64],
    };
    backup::write(
        "2026-11-24",
        2,
        600_000,
        &[9; 16],
        &[7; 40],
        &records,
        &manifest,
    )
    .unwrap()
}

fn refused(value: &serde_json::Value) -> String {
    backup::read(&value.to_string(), 2).unwrap_err()
}

#[test]
fn a_backup_reads_back_exactly_what_was_written() {
    let checked = backup::read(&sample(), 2).unwrap();
    assert_eq!(checked.created, "2026-11-24");
    assert_eq!(checked.store_format, 2);
    assert_eq!((checked.salt, checked.iterations), (vec![9; 16], 600_000));
    assert_eq!(checked.wrapped, vec![7; 40]);
    assert_eq!(checked.records.len(), 2);
    assert_eq!(checked.records[1].0, "client-00aa");
    assert_eq!(checked.records[1].1.ciphertext, vec![4; 100]);
    // An earlier store format is read (and re-sealed on restore).
    let mut older: serde_json::Value = serde_json::from_str(&sample()).unwrap();
    older["store_format"] = 1.into();
    assert_eq!(backup::read(&older.to_string(), 2).unwrap().store_format, 1);
}

#[test]
fn damaged_foreign_and_hostile_files_are_refused_with_what_and_where() {
    let good: serde_json::Value = serde_json::from_str(&sample()).unwrap();
    let text = sample();
    // Truncated anywhere.
    for cut in [1, text.len() / 3, text.len() - 1] {
        let error = backup::read(&text[..cut], 2).unwrap_err();
        assert!(
            error.contains("cut short") || error.contains("not valid JSON"),
            "{cut}: {error}"
        );
    }
    assert!(backup::read("", 2).unwrap_err().contains("cut short"));
    // Foreign files.
    assert!(
        backup::read("client,date\n", 2)
            .unwrap_err()
            .contains("not a wellcheck backup")
    );
    assert!(
        refused(&serde_json::json!({ "resourceType": "Bundle" }))
            .contains("not a wellcheck backup")
    );
    // Newer than this app.
    let mut newer = good.clone();
    newer["format"] = 3.into();
    assert!(refused(&newer).contains("newer version"));
    let mut newer_store = good.clone();
    newer_store["store_format"] = 3.into();
    assert!(refused(&newer_store).contains("store format 3"));
    // Every damaged field named.
    let cases: Vec<(&str, serde_json::Value, &str)> = vec![
        ("/kdf/algorithm", "MD5".into(), "kdf.algorithm"),
        ("/kdf/iterations", 1000.into(), "1000 rounds"),
        // A hostile round count would stall the tablet: refused, not attempted.
        ("/kdf/iterations", 4_000_000_000u32.into(), "rounds"),
        ("/kdf/salt", "!!!".into(), "kdf.salt is not valid base64"),
        ("/kdf/salt", "AAAA".into(), "kdf.salt is 3 bytes"),
        ("/wrapped_key", "AAAA".into(), "wrapped_key is 3 bytes"),
        ("/created", "yesterday".into(), "created"),
        (
            "/created",
            "x".repeat(10_000).into(),
            "created is not a date",
        ),
        ("/records/1/id", "".into(), "records[1].id"),
        (
            "/records/1/id",
            "index".into(),
            "records[1]: the record `index` appears twice",
        ),
        (
            "/records/0/nonce",
            "AAAA".into(),
            "records[0].nonce is 3 bytes",
        ),
        (
            "/records/1/data",
            "AAAA".into(),
            "records[1].data is too short",
        ),
        (
            "/records/1/data",
            "not base64!".into(),
            "records[1].data is not valid base64",
        ),
        ("/records", serde_json::json!({}), "damaged"),
    ];
    for (pointer, value, expected) in cases {
        let mut bad = good.clone();
        *bad.pointer_mut(pointer).unwrap() = value;
        let error = refused(&bad);
        assert!(error.contains(expected), "{pointer}: {error}");
        assert!(
            error.len() < 400,
            "the error repeats the file back: {}",
            error.len()
        );
    }
    let mut extra = good.clone();
    extra["surprise"] = true.into();
    assert!(refused(&extra).contains("surprise"));
    let mut missing = good;
    missing.as_object_mut().unwrap().remove("wrapped_key");
    assert!(refused(&missing).contains("wrapped_key"));
    // Too large, refused by its size before parsing.
    let huge = " ".repeat(MAX_BYTES + 1);
    assert!(backup::read(&huge, 2).unwrap_err().contains("at most"));
}

#[test]
fn a_damaged_field_is_named_with_the_record_it_is_in() {
    let mut bad: serde_json::Value = serde_json::from_str(&sample()).unwrap();
    bad["records"][1]["data"] = 5.into();
    assert!(
        refused(&bad).starts_with("The backup is damaged: records[1]: invalid type"),
        "{}",
        refused(&bad)
    );
    let mut missing: serde_json::Value = serde_json::from_str(&sample()).unwrap();
    missing["records"][0]
        .as_object_mut()
        .unwrap()
        .remove("nonce");
    assert!(
        refused(&missing).contains("records[0]: missing field `nonce`"),
        "{}",
        refused(&missing)
    );
    let mut rounds: serde_json::Value = serde_json::from_str(&sample()).unwrap();
    rounds["kdf"]["iterations"] = "many".into();
    assert!(
        refused(&rounds).contains("kdf: invalid type"),
        "{}",
        refused(&rounds)
    );
}

/// The file and the manifest that would have been sealed in it when it was made.
fn sealed_pair() -> (serde_json::Value, Vec<u8>) {
    let file: serde_json::Value = serde_json::from_str(&sample()).unwrap();
    let checked = backup::read(&file.to_string(), 2).unwrap();
    let manifest = backup::Manifest::of(&checked.created, checked.store_format, &checked.records)
        .to_bytes()
        .unwrap();
    (file, manifest)
}

fn against_manifest(file: &serde_json::Value, manifest: &[u8]) -> Result<(), String> {
    let checked = backup::read(&file.to_string(), 2)?;
    backup::Manifest::check(manifest, &checked)
}

#[test]
fn a_backup_edited_after_it_was_made_is_told_from_its_manifest_in_plain_words() {
    let (file, manifest) = sealed_pair();
    assert_eq!(against_manifest(&file, &manifest), Ok(()));

    // A record taken out.
    let mut missing = file.clone();
    missing["records"].as_array_mut().unwrap().remove(1);
    assert_eq!(
        against_manifest(&missing, &manifest).unwrap_err(),
        "the backup is missing 1 client record"
    );
    // Every record taken out.
    let mut emptied = file.clone();
    emptied["records"] = serde_json::json!([]);
    assert_eq!(
        against_manifest(&emptied, &manifest).unwrap_err(),
        "the backup is missing 1 client record and 1 list of clients"
    );
    // An older copy of a record put back (other sealed bytes under the same id).
    let mut older = file.clone();
    older["records"][1]["data"] = serde_json::json!(base64_of(&[8; 100]));
    assert_eq!(
        against_manifest(&older, &manifest).unwrap_err(),
        "1 client record is not the copy it was made with (an older or altered copy was put in)"
    );
    // A record from another backup added.
    let mut added = file.clone();
    added["records"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({ "id": "visit-77", "nonce": base64_of(&[1; 12]), "data": base64_of(&[2; 40]) }));
    assert_eq!(
        against_manifest(&added, &manifest).unwrap_err(),
        "it holds 1 visit record that was not in it when it was made"
    );
    // Redated, to silence the backup reminder.
    let mut redated = file.clone();
    redated["created"] = "2099-01-01".into();
    assert_eq!(
        against_manifest(&redated, &manifest).unwrap_err(),
        "its date was changed: it says 2099-01-01, but it was made on 2026-11-24"
    );
    // Its store format changed.
    let mut reformatted = file.clone();
    reformatted["store_format"] = 1.into();
    assert!(
        against_manifest(&reformatted, &manifest)
            .unwrap_err()
            .contains("store format 1, but they were sealed in format 2")
    );
    // Not a manifest at all.
    assert_eq!(
        against_manifest(&file, b"[]").unwrap_err(),
        "its seal holds no list of what it held"
    );
}

#[test]
fn a_sealed_backup_cannot_be_passed_off_as_an_older_unsealed_one() {
    let (file, _) = sealed_pair();
    // The manifest taken out.
    let mut unsealed = file.clone();
    unsealed.as_object_mut().unwrap().remove("manifest");
    assert!(refused(&unsealed).contains("seal (its manifest) has been taken out"));
    // ... and the format number lowered too: read as format 1, unsealed, which the restore
    // cross-checks and refuses when its own index says its backups are sealed (records.rs).
    unsealed["format"] = 1.into();
    let checked = backup::read(&unsealed.to_string(), 2).unwrap();
    assert!(!checked.is_sealed());
    // A format 1 file cannot carry a manifest.
    let mut mixed = file;
    mixed["format"] = 1.into();
    assert!(refused(&mixed).contains("it has been altered"));
}

#[test]
fn a_manifest_lists_every_record_with_the_digest_of_its_sealed_bytes() {
    let checked = backup::read(&sample(), 2).unwrap();
    let manifest = backup::Manifest::of("2026-11-24", 2, &checked.records);
    assert_eq!(manifest.format, backup::FORMAT);
    assert_eq!(
        manifest
            .records
            .iter()
            .map(|entry| entry.id.as_str())
            .collect::<Vec<_>>(),
        ["index", "client-00aa"]
    );
    // SHA-256 of twelve 1s then forty 2s, worked out independently (Python hashlib).
    assert_eq!(
        manifest.records[0].sha256,
        "3ea48349e10e6b758a3dc0f9b4b1e25106c3a41f7ba2931793642453d0de9233"
    );
    assert_ne!(manifest.records[0].sha256, manifest.records[1].sha256);
    assert_ne!(
        backup::manifest_associated_data(2),
        wellcheck_app::vault::associated_data("manifest", 2)
    );
}

fn base64_of(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

#[test]
fn a_key_given_twice_is_refused_naming_it() {
    let text = sample();
    // A second `created` after the first: serde_json alone would keep the last.
    let doubled = text.replacen(
        "\"created\":\"2026-11-24\"",
        "\"created\":\"2026-11-24\",\"created\":\"2099-01-01\"",
        1,
    );
    assert_ne!(doubled, text);
    let error = backup::read(&doubled, 2).unwrap_err();
    assert!(error.contains("the key `created` appears twice"), "{error}");
    let doubled_id = text.replacen(
        "\"id\":\"index\"",
        "\"id\":\"index\",\"id\":\"client-9\"",
        1,
    );
    let error = backup::read(&doubled_id, 2).unwrap_err();
    assert!(
        error.contains("$.records[0]: the key `id` appears twice"),
        "{error}"
    );
}
