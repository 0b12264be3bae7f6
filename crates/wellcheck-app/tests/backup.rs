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
    backup::write("2026-11-24", 2, 600_000, &[9; 16], &[7; 40], &records).unwrap()
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
    newer["format"] = 2.into();
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
