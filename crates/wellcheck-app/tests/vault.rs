//! The key hierarchy in a real headless Chromium's WebCrypto.
#![cfg(target_arch = "wasm32")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs,
    reason = "tests"
)]

use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use wellcheck_app::vault::{
    self, PBKDF2_ITERATIONS, SALT_BYTES, VaultError, associated_data, derive_kek, new_data_key,
    open, rewrap_data_key, seal, unwrap_data_key,
};

wasm_bindgen_test_configure!(run_in_browser);

/// Fewer rounds keep most tests quick; one test uses the real count.
const QUICK: u32 = 1_000;

#[wasm_bindgen_test]
async fn a_record_round_trips_and_each_write_has_a_fresh_nonce() {
    let salt = vault::random_bytes(SALT_BYTES).unwrap();
    let kek = derive_kek("correct horse battery staple", &salt, QUICK)
        .await
        .unwrap();
    let (_wrapped, data_key) = new_data_key(&kek).await.unwrap();
    let aad = associated_data("client-1", 1);
    let first = seal(&data_key, &aad, b"Initials AB").await.unwrap();
    let second = seal(&data_key, &aad, b"Initials AB").await.unwrap();
    assert_ne!(
        first.nonce, second.nonce,
        "two writes of one record use different nonces"
    );
    assert_ne!(first.ciphertext, second.ciphertext);
    assert!(
        !first.ciphertext.windows(2).any(|w| w == b"AB"),
        "no clear text"
    );
    assert_eq!(open(&data_key, &aad, &first).await.unwrap(), b"Initials AB");
}

#[wasm_bindgen_test]
async fn a_record_moved_altered_or_read_as_another_version_does_not_open() {
    let salt = vault::random_bytes(SALT_BYTES).unwrap();
    let kek = derive_kek("passphrase", &salt, QUICK).await.unwrap();
    let (_wrapped, data_key) = new_data_key(&kek).await.unwrap();
    let sealed = seal(&data_key, &associated_data("client-1", 1), b"notes")
        .await
        .unwrap();
    let moved = open(&data_key, &associated_data("client-2", 1), &sealed).await;
    assert_eq!(moved, Err(VaultError::Tampered));
    let other_version = open(&data_key, &associated_data("client-1", 2), &sealed).await;
    assert_eq!(other_version, Err(VaultError::Tampered));
    let mut altered = sealed.clone();
    altered.ciphertext[0] ^= 1;
    assert_eq!(
        open(&data_key, &associated_data("client-1", 1), &altered).await,
        Err(VaultError::Tampered)
    );
}

#[wasm_bindgen_test]
async fn a_wrong_passphrase_is_told_apart_and_a_change_rewraps_one_key() {
    let salt = vault::random_bytes(SALT_BYTES).unwrap();
    let kek = derive_kek("first passphrase", &salt, QUICK).await.unwrap();
    let (wrapped, data_key) = new_data_key(&kek).await.unwrap();
    let sealed = seal(&data_key, b"aad", b"answers").await.unwrap();

    for attempt in 0..20 {
        let wrong = derive_kek(&format!("guess {attempt}"), &salt, QUICK)
            .await
            .unwrap();
        assert_eq!(
            unwrap_data_key(&wrapped, &wrong).await.err(),
            Some(VaultError::WrongPassphrase)
        );
    }
    // Still opens with the right one after twenty wrong tries.
    let again = unwrap_data_key(&wrapped, &kek).await.unwrap();
    assert_eq!(open(&again, b"aad", &sealed).await.unwrap(), b"answers");

    // A new passphrase re-wraps the same data key: old records open, the old one no longer works.
    let new_salt = vault::random_bytes(SALT_BYTES).unwrap();
    let new_kek = derive_kek("second passphrase", &new_salt, QUICK)
        .await
        .unwrap();
    let rewrapped = rewrap_data_key(&wrapped, &kek, &new_kek).await.unwrap();
    let reopened = unwrap_data_key(&rewrapped, &new_kek).await.unwrap();
    assert_eq!(open(&reopened, b"aad", &sealed).await.unwrap(), b"answers");
    assert_eq!(
        unwrap_data_key(&rewrapped, &kek).await.err(),
        Some(VaultError::WrongPassphrase)
    );
}

#[wasm_bindgen_test]
async fn keys_cannot_be_read_out_of_the_browser() {
    let salt = vault::random_bytes(SALT_BYTES).unwrap();
    // The real round count, once, so the configuration the app uses is exercised.
    let kek = derive_kek("passphrase", &salt, PBKDF2_ITERATIONS)
        .await
        .unwrap();
    let (_wrapped, data_key) = new_data_key(&kek).await.unwrap();
    assert!(!data_key.extractable());
    assert!(!kek.extractable());
    let subtle = web_sys::window().unwrap().crypto().unwrap().subtle();
    let exported = JsFuture::from(subtle.export_key("raw", &data_key).unwrap()).await;
    assert!(
        exported.is_err(),
        "a non-extractable key cannot be exported"
    );
}
