//! The key hierarchy of the tablet app's store, all in the browser's WebCrypto.
//!
//! - The worker's passphrase and a random 16-byte salt give a key-encryption key (KEK) by
//!   PBKDF2-SHA256 with [`PBKDF2_ITERATIONS`] rounds (OWASP's 2023 advice is 600,000 or more).
//!   The KEK is an AES-KW key that can only wrap and unwrap.
//! - One random 256-bit AES-GCM data key encrypts every record. It is stored only wrapped by
//!   the KEK, so changing the passphrase re-wraps one key and re-encrypts nothing.
//! - Each record is sealed with a fresh random 96-bit nonce, and associated data naming the
//!   record and the store's format version, so a sealed record moved to another id or read
//!   as another version fails to open.
//! - Every key the app holds is a non-extractable `CryptoKey`: script in the page can use it
//!   but never read it. A wrong passphrase fails AES-KW's integrity check on unwrapping,
//!   which is how it is told apart, and nothing changes.

use js_sys::{Array, Object, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    AesDerivedKeyParams, AesGcmParams, AesKeyGenParams, CryptoKey, Pbkdf2Params, SubtleCrypto,
};

/// PBKDF2-SHA256 rounds for new stores (OWASP Password Storage Cheat Sheet, 2023: 600,000).
pub const PBKDF2_ITERATIONS: u32 = 600_000;
/// Salt length in bytes.
pub const SALT_BYTES: usize = 16;
/// AES-GCM nonce length in bytes (96 bits, as NIST SP 800-38D recommends).
pub const NONCE_BYTES: usize = 12;

/// Why a vault operation failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VaultError {
    /// The passphrase does not unwrap the data key.
    WrongPassphrase,
    /// A sealed record failed its integrity check: altered, moved, or from another store.
    Tampered,
    /// The browser has no WebCrypto here (an insecure origin, or a very old browser).
    NoWebCrypto,
    /// The browser refused an operation; the message is its own.
    Browser(String),
}

impl std::fmt::Display for VaultError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            VaultError::WrongPassphrase => f.write_str("That passphrase is not right. Nothing has been changed."),
            VaultError::Tampered => f.write_str("A saved record failed its integrity check and was not opened."),
            VaultError::NoWebCrypto => f.write_str("This browser cannot encrypt here: open the app over https or from this device's own address."),
            VaultError::Browser(message) => write!(f, "The browser refused: {message}"),
        }
    }
}

impl std::error::Error for VaultError {}

fn browser_error(error: JsValue) -> VaultError {
    let message = error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "an unknown error".to_owned());
    VaultError::Browser(message)
}

fn crypto() -> Result<web_sys::Crypto, VaultError> {
    web_sys::window()
        .ok_or(VaultError::NoWebCrypto)?
        .crypto()
        .map_err(|_| VaultError::NoWebCrypto)
}

fn subtle() -> Result<SubtleCrypto, VaultError> {
    Ok(crypto()?.subtle())
}

/// `count` bytes from the browser's cryptographic random source.
pub fn random_bytes(count: usize) -> Result<Vec<u8>, VaultError> {
    let mut bytes = vec![0_u8; count];
    crypto()?
        .get_random_values_with_u8_array(&mut bytes)
        .map_err(browser_error)?;
    Ok(bytes)
}

fn usages(names: &[&str]) -> Array {
    names.iter().map(|name| JsValue::from_str(name)).collect()
}

async fn settle(promise: Result<js_sys::Promise, JsValue>) -> Result<JsValue, JsValue> {
    JsFuture::from(promise?).await
}

fn key(value: JsValue) -> Result<CryptoKey, VaultError> {
    value
        .dyn_into::<CryptoKey>()
        .map_err(|_| VaultError::Browser("expected a CryptoKey".to_owned()))
}

/// The key-encryption key from a passphrase and salt.
pub async fn derive_kek(
    passphrase: &str,
    salt: &[u8],
    iterations: u32,
) -> Result<CryptoKey, VaultError> {
    let subtle = subtle()?;
    let material = Uint8Array::from(passphrase.as_bytes());
    let base = settle(subtle.import_key_with_str(
        "raw",
        &material,
        "PBKDF2",
        false,
        &usages(&["deriveKey"]),
    ))
    .await
    .map_err(browser_error)?;
    let salt = Uint8Array::from(salt);
    let params = Pbkdf2Params::new_with_str("PBKDF2", "SHA-256", iterations, &salt);
    let kek_type = AesDerivedKeyParams::new("AES-KW", 256);
    let derived = settle(subtle.derive_key_with_object_and_object(
        &params,
        &key(base)?,
        &kek_type,
        false,
        &usages(&["wrapKey", "unwrapKey"]),
    ))
    .await
    .map_err(browser_error)?;
    key(derived)
}

/// A new random data key, returned wrapped by the KEK (to store) and as a non-extractable
/// key (to use). The extractable copy needed for wrapping is dropped at once.
pub async fn new_data_key(kek: &CryptoKey) -> Result<(Vec<u8>, CryptoKey), VaultError> {
    let subtle = subtle()?;
    let generated = settle(subtle.generate_key_with_object(
        &AesKeyGenParams::new("AES-GCM", 256),
        true,
        &usages(&["encrypt", "decrypt"]),
    ))
    .await
    .map_err(browser_error)?;
    let wrapped = settle(subtle.wrap_key_with_str("raw", &key(generated)?, kek, "AES-KW"))
        .await
        .map_err(browser_error)?;
    let wrapped = Uint8Array::new(&wrapped).to_vec();
    let usable = unwrap_data_key(&wrapped, kek).await?;
    Ok((wrapped, usable))
}

/// Unwraps the data key; `extractable` only for the moment a re-wrap needs it.
async fn unwrap_with(
    wrapped: &[u8],
    kek: &CryptoKey,
    extractable: bool,
) -> Result<CryptoKey, VaultError> {
    let unwrapped = settle(subtle()?.unwrap_key_with_u8_array_and_str_and_str(
        "raw",
        wrapped,
        kek,
        "AES-KW",
        "AES-GCM",
        extractable,
        &usages(&["encrypt", "decrypt"]),
    ))
    .await
    .map_err(|_| VaultError::WrongPassphrase)?;
    key(unwrapped)
}

/// The data key from its wrapped form; a wrong KEK (a wrong passphrase) fails here.
pub async fn unwrap_data_key(wrapped: &[u8], kek: &CryptoKey) -> Result<CryptoKey, VaultError> {
    unwrap_with(wrapped, kek, false).await
}

/// The data key wrapped again under a new KEK (a passphrase change). The key itself is the
/// same, so no record needs re-encrypting.
pub async fn rewrap_data_key(
    wrapped: &[u8],
    old_kek: &CryptoKey,
    new_kek: &CryptoKey,
) -> Result<Vec<u8>, VaultError> {
    let unwrapped = unwrap_with(wrapped, old_kek, true).await?;
    let rewrapped = settle(subtle()?.wrap_key_with_str("raw", &unwrapped, new_kek, "AES-KW"))
        .await
        .map_err(browser_error)?;
    Ok(Uint8Array::new(&rewrapped).to_vec())
}

/// A record sealed for storage: its nonce and ciphertext (with the GCM tag).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sealed {
    /// The fresh random nonce of this write.
    pub nonce: Vec<u8>,
    /// The ciphertext and tag.
    pub ciphertext: Vec<u8>,
}

/// The associated data binding a record to its id and the store's format version.
pub fn associated_data(record_id: &str, format_version: u32) -> Vec<u8> {
    format!("wellcheck-app/v{format_version}/{record_id}").into_bytes()
}

fn gcm_params(nonce: &[u8], aad: &[u8]) -> AesGcmParams {
    let params = AesGcmParams::new_with_u8_array("AES-GCM", &Uint8Array::from(nonce));
    params.set_additional_data_u8_array(&Uint8Array::from(aad));
    params
}

/// Encrypts a record's bytes with a fresh nonce.
pub async fn seal(
    data_key: &CryptoKey,
    aad: &[u8],
    plaintext: &[u8],
) -> Result<Sealed, VaultError> {
    let nonce = random_bytes(NONCE_BYTES)?;
    let params: Object = gcm_params(&nonce, aad).into();
    let ciphertext =
        settle(subtle()?.encrypt_with_object_and_u8_array(&params, data_key, plaintext))
            .await
            .map_err(browser_error)?;
    Ok(Sealed {
        nonce,
        ciphertext: Uint8Array::new(&ciphertext).to_vec(),
    })
}

/// Decrypts a sealed record; any change to it, its nonce or its associated data fails.
pub async fn open(
    data_key: &CryptoKey,
    aad: &[u8],
    sealed: &Sealed,
) -> Result<Vec<u8>, VaultError> {
    let params: Object = gcm_params(&sealed.nonce, aad).into();
    let plaintext =
        settle(subtle()?.decrypt_with_object_and_u8_array(&params, data_key, &sealed.ciphertext))
            .await
            .map_err(|_| VaultError::Tampered)?;
    Ok(Uint8Array::new(&plaintext).to_vec())
}
