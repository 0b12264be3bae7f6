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
use wellcheck_app::store::{Store, StoreError};
use wellcheck_app::vault::VaultError;

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
    let keys = raw(&name, "meta", "keys").await;
    Reflect::set(&keys, &JsValue::from_str("format"), &JsValue::from(2)).unwrap();
    let database = Factory::new()
        .unwrap()
        .open(&name, None)
        .unwrap()
        .await
        .unwrap();
    let transaction = database
        .transaction(&["meta"], TransactionMode::ReadWrite)
        .unwrap();
    transaction
        .object_store("meta")
        .unwrap()
        .put(&keys, Some(&JsValue::from_str("keys")))
        .unwrap()
        .await
        .unwrap();
    transaction.commit().unwrap().await.unwrap();
    database.close();
    let result = Store::unlock(&name, "passphrase").await;
    assert_eq!(result.err(), Some(StoreError::NewerFormat(2)));
    assert!(
        StoreError::NewerFormat(2)
            .to_string()
            .contains("update the app")
    );
    let after = raw(&name, "meta", "keys").await;
    assert_eq!(
        Reflect::get(&after, &JsValue::from_str("format")).unwrap(),
        2
    );
}
