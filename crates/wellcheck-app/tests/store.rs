//! The encrypted store in a real headless Chromium: real IndexedDB, real WebCrypto, and the
//! raw database read directly to check that nothing about a client is in clear.
#![cfg(target_arch = "wasm32")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs,
    reason = "tests"
)]

use idb::{Factory, TransactionMode};
use js_sys::{Reflect, Uint8Array};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;
use wellcheck_app::store::{FORMAT_VERSION, Store, StoreError};
use wellcheck_app::vault::{self, VaultError};

wasm_bindgen_test_configure!(run_in_browser);

/// A database name no other test uses.
fn fresh_name(test: &str) -> String {
    let random = wellcheck_app::vault::random_bytes(6).unwrap();
    let suffix: String = random.iter().map(|b| format!("{b:02x}")).collect();
    format!("wellcheck-test-{test}-{suffix}")
}

/// The raw value IndexedDB holds under `key` in `store`, read without the app.
async fn raw(name: &str, store: &str, key: &str) -> JsValue {
    let database = Factory::new()
        .unwrap()
        .open(name, None)
        .unwrap()
        .await
        .unwrap();
    let transaction = database
        .transaction(&[store], TransactionMode::ReadOnly)
        .unwrap();
    let value = transaction
        .object_store(store)
        .unwrap()
        .get(JsValue::from_str(key))
        .unwrap()
        .await
        .unwrap()
        .unwrap();
    transaction.await.unwrap();
    database.close();
    value
}

/// Writes `value` under `key` in `store` directly, as another version of the app would.
async fn raw_put(name: &str, store: &str, key: &str, value: &JsValue) {
    let database = Factory::new()
        .unwrap()
        .open(name, None)
        .unwrap()
        .await
        .unwrap();
    let transaction = database
        .transaction(&[store], TransactionMode::ReadWrite)
        .unwrap();
    transaction
        .object_store(store)
        .unwrap()
        .put(value, Some(&JsValue::from_str(key)))
        .unwrap()
        .await
        .unwrap();
    transaction.commit().unwrap().await.unwrap();
    database.close();
}

fn raw_bytes(value: &JsValue, field: &str) -> Vec<u8> {
    Uint8Array::new(&Reflect::get(value, &JsValue::from_str(field)).unwrap()).to_vec()
}

const RECORD: &[u8] = br#"{"reference":"MAPLE-7","initials":"JBQ","born":1951,"visit":"2026-03-14","answers":[3,2,3]}"#;

#[wasm_bindgen_test]
async fn records_survive_a_lock_and_are_never_in_clear() {
    let name = fresh_name("clear");
    let store = Store::set_up(&name, "a long passphrase").await.unwrap();
    store.put("r-1", RECORD).await.unwrap();
    let first = raw(&name, "records", "r-1").await;
    store.put("r-1", RECORD).await.unwrap();
    let second = raw(&name, "records", "r-1").await;
    store.lock();

    // Two writes of the same record use different nonces.
    assert_ne!(raw_bytes(&first, "nonce"), raw_bytes(&second, "nonce"));
    // Nothing of the client is readable in the database: not the reference, the initials,
    // the year, the date or the answers.
    let data = raw_bytes(&second, "data");
    for clear in [&b"MAPLE-7"[..], b"JBQ", b"1951", b"2026-03-14", b"[3,2,3]"] {
        assert!(
            !data.windows(clear.len()).any(|w| w == clear),
            "{} in clear",
            String::from_utf8_lossy(clear)
        );
    }
    let keys = raw(&name, "meta", "keys").await;
    assert_eq!(
        Reflect::get(&keys, &JsValue::from_str("iterations")).unwrap(),
        600_000
    );

    let reopened = Store::unlock(&name, "a long passphrase").await.unwrap();
    assert_eq!(reopened.get("r-1").await.unwrap().unwrap(), RECORD);
    assert_eq!(reopened.get("r-2").await.unwrap(), None);
    reopened.lock();
}

#[wasm_bindgen_test]
async fn a_deleted_record_is_gone_from_the_database_with_the_writes_beside_it() {
    let name = fresh_name("delete");
    let store = Store::set_up(&name, "a long passphrase").await.unwrap();
    store
        .put_all(&[
            ("client-1".to_owned(), RECORD.to_vec()),
            ("visit-1".to_owned(), RECORD.to_vec()),
            ("index".to_owned(), b"before".to_vec()),
        ])
        .await
        .unwrap();
    store
        .change_all(
            &[("index".to_owned(), b"after".to_vec())],
            &["client-1".to_owned(), "visit-1".to_owned()],
        )
        .await
        .unwrap();
    // Gone from IndexedDB itself (its keys, read whole), not hidden.
    assert_eq!(store.ids().await.unwrap(), ["index"]);
    assert_eq!(store.get("index").await.unwrap().unwrap(), b"after");
    store.lock();
}

#[wasm_bindgen_test]
async fn twenty_wrong_passphrases_change_nothing() {
    let name = fresh_name("wrong");
    let store = Store::set_up(&name, "the right one").await.unwrap();
    store.put("r-1", RECORD).await.unwrap();
    store.lock();
    let keys_before = raw_bytes(&raw(&name, "meta", "keys").await, "wrapped");
    let record_before = raw_bytes(&raw(&name, "records", "r-1").await, "data");
    for attempt in 0..20 {
        let result = Store::unlock(&name, &format!("wrong {attempt}")).await;
        assert_eq!(
            result.err(),
            Some(StoreError::Vault(VaultError::WrongPassphrase))
        );
    }
    assert_eq!(
        raw_bytes(&raw(&name, "meta", "keys").await, "wrapped"),
        keys_before
    );
    assert_eq!(
        raw_bytes(&raw(&name, "records", "r-1").await, "data"),
        record_before
    );
    let store = Store::unlock(&name, "the right one").await.unwrap();
    assert_eq!(store.get("r-1").await.unwrap().unwrap(), RECORD);
    store.lock();
}

#[wasm_bindgen_test]
async fn a_store_is_never_set_up_twice_and_must_exist_to_unlock() {
    let name = fresh_name("twice");
    assert!(!Store::is_set_up(&name).await.unwrap());
    assert_eq!(
        Store::unlock(&name, "anything").await.err(),
        Some(StoreError::NotSetUp)
    );
    Store::set_up(&name, "first").await.unwrap().lock();
    assert!(Store::is_set_up(&name).await.unwrap());
    assert_eq!(
        Store::set_up(&name, "second").await.err(),
        Some(StoreError::AlreadySetUp)
    );
    // The first passphrase still opens it.
    Store::unlock(&name, "first").await.unwrap().lock();
}

#[wasm_bindgen_test]
async fn a_full_disk_is_reported_and_leaves_the_saved_version_whole() {
    let name = fresh_name("quota");
    let store = Store::set_up(&name, "passphrase").await.unwrap();
    store.put("r-1", b"version one").await.unwrap();
    // The browser's storage refuses the next write as a full disk would.
    js_sys::Function::new_no_args(
        "const original = IDBObjectStore.prototype.put;
         window.__wellcheckRestorePut = () => { IDBObjectStore.prototype.put = original; };
         IDBObjectStore.prototype.put = function () {
           throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
         };",
    )
    .call0(&JsValue::NULL)
    .unwrap();
    let result = store.put("r-1", b"version two").await;
    js_sys::Function::new_no_args("window.__wellcheckRestorePut();")
        .call0(&JsValue::NULL)
        .unwrap();
    assert_eq!(result, Err(StoreError::Full));
    assert!(StoreError::Full.to_string().contains("nothing was saved"));
    // The earlier version is still there, whole, and the store still works.
    assert_eq!(store.get("r-1").await.unwrap().unwrap(), b"version one");
    store.put("r-1", b"version three").await.unwrap();
    assert_eq!(store.get("r-1").await.unwrap().unwrap(), b"version three");
    store.lock();
}

#[wasm_bindgen_test]
async fn a_new_passphrase_rewraps_the_key_and_every_record_still_opens() {
    let name = fresh_name("change");
    let store = Store::set_up(&name, "old passphrase").await.unwrap();
    store.put("b", b"second").await.unwrap();
    store.put("a", b"first").await.unwrap();
    let record_before = raw_bytes(&raw(&name, "records", "a").await, "data");
    assert_eq!(
        store
            .change_passphrase("not the old one", "new passphrase")
            .await,
        Err(StoreError::Vault(VaultError::WrongPassphrase))
    );
    store
        .change_passphrase("old passphrase", "new passphrase")
        .await
        .unwrap();
    store.lock();
    // No record was re-encrypted: only the key was wrapped again.
    assert_eq!(
        raw_bytes(&raw(&name, "records", "a").await, "data"),
        record_before
    );
    assert_eq!(
        Store::unlock(&name, "old passphrase").await.err(),
        Some(StoreError::Vault(VaultError::WrongPassphrase))
    );
    let store = Store::unlock(&name, "new passphrase").await.unwrap();
    assert_eq!(store.ids().await.unwrap(), ["a", "b"]);
    assert_eq!(store.get("b").await.unwrap().unwrap(), b"second");
    store.lock();
}

#[wasm_bindgen_test]
async fn a_store_from_a_newer_app_is_refused_and_left_alone() {
    let name = fresh_name("newer");
    Store::set_up(&name, "passphrase").await.unwrap().lock();
    // As a later version of the app would leave it.
    let newer = FORMAT_VERSION + 1;
    let keys = raw(&name, "meta", "keys").await;
    Reflect::set(&keys, &JsValue::from_str("format"), &JsValue::from(newer)).unwrap();
    raw_put(&name, "meta", "keys", &keys).await;
    let result = Store::unlock(&name, "passphrase").await;
    assert_eq!(result.err(), Some(StoreError::NewerFormat(newer)));
    assert!(
        StoreError::NewerFormat(newer)
            .to_string()
            .contains("update the app")
    );
    let after = raw(&name, "meta", "keys").await;
    assert_eq!(
        Reflect::get(&after, &JsValue::from_str("format")).unwrap(),
        newer
    );
}

fn object(fields: &[(&str, JsValue)]) -> JsValue {
    let object = js_sys::Object::new();
    for (name, value) in fields {
        Reflect::set(&object, &JsValue::from_str(name), value).unwrap();
    }
    object.into()
}

#[wasm_bindgen_test]
async fn a_store_written_in_format_1_is_upgraded_and_every_record_found() {
    let name = fresh_name("format1");
    // A store exactly as format 1 wrote it: the key entry says format 1, and each record is
    // sealed with format 1 in its associated data.
    assert!(!Store::is_set_up(&name).await.unwrap());
    let salt = vault::random_bytes(vault::SALT_BYTES).unwrap();
    let kek = vault::derive_kek("old store", &salt, vault::PBKDF2_ITERATIONS)
        .await
        .unwrap();
    let (wrapped, data_key) = vault::new_data_key(&kek).await.unwrap();
    let records = [
        ("client-1", &b"first client"[..]),
        ("client-2", b"second client"),
        ("visit-1", b"a visit"),
    ];
    for (id, plaintext) in records {
        let sealed = vault::seal(&data_key, &vault::associated_data(id, 1), plaintext)
            .await
            .unwrap();
        let entry = object(&[
            ("nonce", Uint8Array::from(sealed.nonce.as_slice()).into()),
            (
                "data",
                Uint8Array::from(sealed.ciphertext.as_slice()).into(),
            ),
        ]);
        raw_put(&name, "records", id, &entry).await;
    }
    let keys = object(&[
        ("format", JsValue::from(1)),
        ("salt", Uint8Array::from(salt.as_slice()).into()),
        ("iterations", JsValue::from(vault::PBKDF2_ITERATIONS)),
        ("wrapped", Uint8Array::from(wrapped.as_slice()).into()),
    ]);
    raw_put(&name, "meta", "keys", &keys).await;

    // A wrong passphrase upgrades nothing.
    assert!(Store::unlock(&name, "wrong").await.is_err());
    let untouched = raw(&name, "meta", "keys").await;
    assert_eq!(
        Reflect::get(&untouched, &JsValue::from_str("format")).unwrap(),
        1
    );

    let store = Store::unlock(&name, "old store").await.unwrap();
    let found = store.get_all().await.unwrap();
    assert_eq!(
        found,
        records
            .iter()
            .map(|(id, plaintext)| ((*id).to_owned(), plaintext.to_vec()))
            .collect::<Vec<_>>()
    );
    store.lock();
    let upgraded = raw(&name, "meta", "keys").await;
    assert_eq!(
        Reflect::get(&upgraded, &JsValue::from_str("format")).unwrap(),
        FORMAT_VERSION
    );
    // Every record now opens under the current format, after a fresh unlock too.
    let store = Store::unlock(&name, "old store").await.unwrap();
    assert_eq!(store.get("visit-1").await.unwrap().unwrap(), b"a visit");
    store.lock();
}

#[wasm_bindgen_test]
async fn records_saved_together_are_all_saved_or_none_when_the_commit_fails() {
    let name = fresh_name("commit");
    let store = Store::set_up(&name, "passphrase").await.unwrap();
    store.put("index", b"index one").await.unwrap();
    // The browser accepts each put, then aborts the transaction at commit with a quota
    // error, as it does when the space runs out only as the data is written.
    js_sys::Function::new_no_args(
        "const commit = IDBTransaction.prototype.commit;
         const error = Object.getOwnPropertyDescriptor(IDBTransaction.prototype, 'error');
         window.__wellcheckRestore = () => {
           IDBTransaction.prototype.commit = commit;
           Object.defineProperty(IDBTransaction.prototype, 'error', error);
         };
         Object.defineProperty(IDBTransaction.prototype, 'error', {
           configurable: true,
           get() { return new DOMException('The quota has been exceeded.', 'QuotaExceededError'); },
         });
         IDBTransaction.prototype.commit = function () { this.abort(); };",
    )
    .call0(&JsValue::NULL)
    .unwrap();
    let result = store
        .put_all(&[
            ("index".to_owned(), b"index two".to_vec()),
            ("visit-1".to_owned(), b"visit".to_vec()),
        ])
        .await;
    js_sys::Function::new_no_args("window.__wellcheckRestore();")
        .call0(&JsValue::NULL)
        .unwrap();
    assert_eq!(result, Err(StoreError::Full));
    assert_eq!(store.get("index").await.unwrap().unwrap(), b"index one");
    assert_eq!(store.get("visit-1").await.unwrap(), None);
    store.lock();
}

#[wasm_bindgen_test]
async fn a_backup_restores_exactly_and_a_bad_one_touches_nothing() {
    use wellcheck_app::backup;

    let source = fresh_name("backup-source");
    let store = Store::set_up(&source, "backup passphrase one")
        .await
        .unwrap();
    store
        .put_all(&[
            ("index".to_owned(), b"{\"clients\":[]}".to_vec()),
            ("client-01".to_owned(), b"MAPLE-7 JBQ 1951".to_vec()),
            ("visit-01".to_owned(), vec![0, 1, 2, 255]),
        ])
        .await
        .unwrap();
    let file = store.export("2026-11-24").await.unwrap();
    let original = store.get_all().await.unwrap();
    assert!(
        !file.contains("MAPLE") && !file.contains("JBQ"),
        "the backup is readable"
    );

    // Another tablet, with records of its own.
    let target = fresh_name("backup-target");
    let other = Store::set_up(&target, "the other tablet's passphrase")
        .await
        .unwrap();
    other.put("client-99", b"OAK-1").await.unwrap();
    let before = other.get_all().await.unwrap();
    other.lock();
    let checked = backup::read(&file, FORMAT_VERSION).unwrap();

    // A wrong passphrase: refused, the other tablet's records untouched.
    let wrong = Store::restore(&target, "not the passphrase", &checked, &|_, _| Ok(())).await;
    assert!(matches!(
        wrong,
        Err(StoreError::Vault(VaultError::WrongPassphrase))
    ));
    // Records swapped in the file: refused (by the manifest, before their associated data
    // would refuse them), nothing touched.
    let mut swapped = checked.clone();
    let first = swapped.records[0].1.clone();
    swapped.records[0].1 = swapped.records[1].1.clone();
    swapped.records[1].1 = first;
    let error = Store::restore(&target, "backup passphrase one", &swapped, &|_, _| Ok(()))
        .await
        .err()
        .unwrap();
    assert!(
        error
            .to_string()
            .contains("are not the copy it was made with"),
        "{error}"
    );
    let unchanged = Store::unlock(&target, "the other tablet's passphrase")
        .await
        .unwrap();
    assert_eq!(unchanged.get_all().await.unwrap(), before);
    unchanged.lock();

    // A record the app could not read refuses the restore, and nothing is touched.
    let unreadable =
        Store::restore(
            &target,
            "backup passphrase one",
            &checked,
            &|records, _| match records.iter().any(|(id, _)| id == "visit-01") {
                true => Err(StoreError::UnreadableBackup(
                    "record `visit-01`: not a visit".to_owned(),
                )),
                false => Ok(()),
            },
        )
        .await
        .err()
        .unwrap();
    assert!(
        unreadable
            .to_string()
            .contains("record `visit-01`: not a visit"),
        "{unreadable}"
    );
    let unchanged = Store::unlock(&target, "the other tablet's passphrase")
        .await
        .unwrap();
    assert_eq!(unchanged.get_all().await.unwrap(), before);
    unchanged.lock();

    // The right passphrase: exactly what was there, and the backup's passphrase now opens it.
    let restored = Store::restore(&target, "backup passphrase one", &checked, &|_, _| Ok(()))
        .await
        .unwrap();
    assert_eq!(restored.get_all().await.unwrap(), original);
    restored.lock();
    assert!(matches!(
        Store::unlock(&target, "the other tablet's passphrase").await,
        Err(StoreError::Vault(VaultError::WrongPassphrase))
    ));
    let reopened = Store::unlock(&target, "backup passphrase one")
        .await
        .unwrap();
    assert_eq!(reopened.get_all().await.unwrap(), original);
    // Made again from the restored store, the backup holds the same records.
    let again = backup::read(
        &reopened.export("2026-11-25").await.unwrap(),
        FORMAT_VERSION,
    )
    .unwrap();
    assert_eq!(again.records, checked.records);
    reopened.lock();
    store.lock();
}

#[wasm_bindgen_test]
async fn a_backup_edited_without_the_passphrase_is_refused_and_changes_nothing() {
    use wellcheck_app::backup;

    let source = fresh_name("edited-source");
    let store = Store::set_up(&source, "edited passphrase").await.unwrap();
    store
        .put_all(&[
            ("index".to_owned(), b"index, first copy".to_vec()),
            ("client-01".to_owned(), b"MAPLE-7".to_vec()),
            ("visit-01".to_owned(), b"a visit".to_vec()),
        ])
        .await
        .unwrap();
    let earlier = store.export("2026-11-20").await.unwrap();
    store.put("index", b"index, second copy").await.unwrap();
    let file = store.export("2026-11-24").await.unwrap();
    let sealed_records = store.get_all().await.unwrap();
    store.lock();

    let target = fresh_name("edited-target");
    let other = Store::set_up(&target, "target passphrase").await.unwrap();
    other.put("client-99", b"OAK-1").await.unwrap();
    let before = other.get_all().await.unwrap();
    other.lock();

    let good: serde_json::Value = serde_json::from_str(&file).unwrap();
    let old: serde_json::Value = serde_json::from_str(&earlier).unwrap();
    let position = |value: &serde_json::Value, id: &str| {
        value["records"]
            .as_array()
            .unwrap()
            .iter()
            .position(|record| record["id"] == id)
            .unwrap()
    };
    let mut no_visit = good.clone();
    no_visit["records"]
        .as_array_mut()
        .unwrap()
        .remove(position(&good, "visit-01"));
    let mut older_index = good.clone();
    older_index["records"][position(&good, "index")] =
        old["records"][position(&old, "index")].clone();
    let mut emptied = good.clone();
    emptied["records"] = serde_json::json!([]);
    let mut redated = good.clone();
    redated["created"] = "2099-12-31".into();
    let mut old_manifest = good.clone();
    old_manifest["manifest"] = old["manifest"].clone();
    let mut bad_seal = good.clone();
    bad_seal["manifest"]["data"] = old["records"][0]["data"].clone();
    for (what, edited, expected) in [
        (
            "a visit taken out",
            &no_visit,
            "the backup is missing 1 visit record",
        ),
        (
            "an earlier backup's copy of the index",
            &older_index,
            "1 list of clients is not the copy it was made with",
        ),
        (
            "every record taken out",
            &emptied,
            "the backup is missing 1 client record, 1 list of clients and 1 visit record",
        ),
        (
            "the date changed",
            &redated,
            "its date was changed: it says 2099-12-31, but it was made on 2026-11-24",
        ),
        (
            "an earlier backup's manifest",
            &old_manifest,
            "1 list of clients is not the copy it was made with",
        ),
        (
            "a record in the manifest's place",
            &bad_seal,
            "its seal does not open",
        ),
    ] {
        let checked = backup::read(&edited.to_string(), FORMAT_VERSION).unwrap();
        let error = Store::restore(&target, "edited passphrase", &checked, &|_, _| Ok(()))
            .await
            .err()
            .unwrap_or_else(|| panic!("{what}: restored"));
        assert!(
            matches!(error, StoreError::AlteredBackup(_)),
            "{what}: {error:?}"
        );
        assert!(error.to_string().contains(expected), "{what}: {error}");
        assert!(
            error.to_string().contains("nothing was restored"),
            "{what}: {error}"
        );
        let unchanged = Store::unlock(&target, "target passphrase").await.unwrap();
        assert_eq!(unchanged.get_all().await.unwrap(), before, "{what}");
        unchanged.lock();
    }
    // Both untouched files restore, each exactly as it was when made.
    for (text, expected_index) in [
        (&earlier, &b"index, first copy"[..]),
        (&file, &b"index, second copy"[..]),
    ] {
        let checked = backup::read(text, FORMAT_VERSION).unwrap();
        let restored = Store::restore(&target, "edited passphrase", &checked, &|_, _| Ok(()))
            .await
            .unwrap();
        assert_eq!(
            restored.get("index").await.unwrap().unwrap(),
            expected_index
        );
        restored.lock();
    }
    let reopened = Store::unlock(&target, "edited passphrase").await.unwrap();
    assert_eq!(reopened.get_all().await.unwrap(), sealed_records);
    reopened.lock();
}
