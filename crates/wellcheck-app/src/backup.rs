//! The backup file: the whole encrypted store as one JSON file, to restore on this tablet or
//! another with the passphrase and no account.
//!
//! It holds exactly what IndexedDB holds, still sealed: the key-derivation parameters and
//! salt, the wrapped data key, and every record's id, nonce and ciphertext. Nothing in it is
//! readable without the passphrase that was in use when it was made, and the associated data
//! (record id and store format) still binds each record to its place, so a record moved,
//! swapped or altered in the file is refused on restore.
//!
//! ```json
//! { "kind": "wellcheck-app-backup", "format": 2, "created": "2026-11-24",
//!   "store_format": 2,
//!   "kdf": { "algorithm": "PBKDF2-SHA256", "iterations": 600000, "salt": "<base64>" },
//!   "wrapped_key": "<base64>",
//!   "records": [ { "id": "client-…", "nonce": "<base64>", "data": "<base64>" } ],
//!   "manifest": { "nonce": "<base64>", "data": "<base64>" } }
//! ```
//!
//! Sealing each record is not enough on its own: a person holding the file could leave a
//! record out, put back an older copy from an earlier backup, or change `created`, and every
//! record left would still open. So format 2 adds the [`Manifest`], sealed with the data key
//! like a record (under its own associated data): the backup's format, `created`, the store
//! format and every record's id with the SHA-256 of its sealed bytes. A restore opens it and
//! refuses any difference before anything is replaced ([`Manifest::check`]).
//!
//! Format 1 (before 2026-12-05) had no manifest. Such files are still read, but nothing can
//! show that one was not changed; the restore cross-checks its records against its own list
//! of clients and says that it is an older, unsealed backup.
//!
//! [`read`] checks a file completely (and within limits) before anything is decrypted, so a
//! corrupt, truncated or foreign file is refused with what is wrong and where, and the
//! current records are never touched.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::records::count_in_words;
use crate::vault::{NONCE_BYTES, SALT_BYTES, Sealed};

/// What the file calls itself.
pub const KIND: &str = "wellcheck-app-backup";
/// The layout of this file. 1: the first. 2: a sealed [`Manifest`] of every record.
pub const FORMAT: u32 = 2;
/// The first layout with a manifest.
const FIRST_SEALED_FORMAT: u32 = 2;
/// The largest backup read, in bytes (a caseload of thousands of clients is a few tens of
/// megabytes).
pub const MAX_BYTES: usize = 256 * 1024 * 1024;
/// The key derivation the app uses.
pub const KDF_ALGORITHM: &str = "PBKDF2-SHA256";
/// Round counts accepted from a file: at least OWASP 2023's floor for PBKDF2-SHA256, and
/// not so many that a hostile file could stall the tablet deriving a key.
pub const KDF_ROUNDS: std::ops::RangeInclusive<u32> = 600_000..=10_000_000;
/// An AES-KW-wrapped 256-bit key is 40 bytes.
const WRAPPED_KEY_BYTES: usize = 40;
/// AES-GCM's tag alone is 16 bytes; a record is never shorter.
const MIN_CIPHERTEXT_BYTES: usize = 16;
/// Longest record id (the app's are under 30 characters).
const MAX_ID_CHARS: usize = 200;

/// The file as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Backup {
    /// Always [`KIND`].
    pub kind: String,
    /// [`FORMAT`].
    pub format: u32,
    /// The day it was made, `YYYY-MM-DD`.
    pub created: String,
    /// The store's format version the records were sealed under.
    pub store_format: u32,
    /// How the passphrase becomes the key-encryption key.
    pub kdf: Kdf,
    /// The data key, wrapped by the key-encryption key (base64).
    pub wrapped_key: String,
    /// Every record, sealed.
    pub records: Vec<BackupRecord>,
    /// The [`Manifest`], sealed (format 2 on; absent in format 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manifest: Option<SealedManifest>,
}

/// The sealed manifest as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SealedManifest {
    /// Its nonce (base64).
    pub nonce: String,
    /// Its ciphertext and tag (base64).
    pub data: String,
}

/// Key-derivation parameters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Kdf {
    /// [`KDF_ALGORITHM`].
    pub algorithm: String,
    /// Rounds.
    pub iterations: u32,
    /// The salt (base64).
    pub salt: String,
}

/// One sealed record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BackupRecord {
    /// The record's id.
    pub id: String,
    /// Its nonce (base64).
    pub nonce: String,
    /// Its ciphertext and tag (base64).
    pub data: String,
}

/// A backup file that has passed every check, decoded, ready to restore.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    /// The file's layout ([`FORMAT`] or an earlier one).
    pub format: u32,
    /// The day it was made.
    pub created: String,
    /// The store format of its records.
    pub store_format: u32,
    /// PBKDF2 salt.
    pub salt: Vec<u8>,
    /// PBKDF2 rounds.
    pub iterations: u32,
    /// The wrapped data key.
    pub wrapped: Vec<u8>,
    /// `(id, sealed)` for every record.
    pub records: Vec<(String, Sealed)>,
    /// The sealed manifest; `None` only in a format 1 file.
    pub manifest: Option<Sealed>,
}

impl Checked {
    /// Whether the file carries a manifest that proves it whole (format 2 on).
    pub fn is_sealed(&self) -> bool {
        self.manifest.is_some()
    }
}

/// What a backup held when it was made, sealed with the data key so that nothing in the
/// file can be left out, replaced by an older copy or redated without a restore noticing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// The backup's format.
    pub format: u32,
    /// The day it was made.
    pub created: String,
    /// The store format of its records.
    pub store_format: u32,
    /// Every record, in the file's order.
    pub records: Vec<ManifestEntry>,
}

/// One record in the manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManifestEntry {
    /// The record's id.
    pub id: String,
    /// SHA-256 of its nonce and ciphertext, lowercase hex.
    pub sha256: String,
}

/// The associated data the manifest is sealed under: unlike any record's
/// ([`crate::vault::associated_data`]), so a record can never stand in for it.
pub fn manifest_associated_data(format: u32) -> Vec<u8> {
    format!("wellcheck-app-backup/v{format}/manifest").into_bytes()
}

/// The SHA-256 of a sealed record's nonce and ciphertext (the nonce is of fixed length, so
/// the two cannot be re-split), lowercase hex.
pub fn sealed_digest(sealed: &Sealed) -> String {
    let mut hasher = Sha256::new();
    hasher.update(&sealed.nonce);
    hasher.update(&sealed.ciphertext);
    hasher
        .finalize()
        .iter()
        .fold(String::with_capacity(64), |mut text, byte| {
            // Writing into a String cannot fail.
            let _ = write!(text, "{byte:02x}");
            text
        })
}

impl Manifest {
    /// The manifest of a backup about to be written.
    pub fn of(created: &str, store_format: u32, records: &[(String, Sealed)]) -> Manifest {
        Manifest {
            format: FORMAT,
            created: created.to_owned(),
            store_format,
            records: records
                .iter()
                .map(|(id, sealed)| ManifestEntry {
                    id: id.clone(),
                    sha256: sealed_digest(sealed),
                })
                .collect(),
        }
    }

    /// Its plaintext, to be sealed.
    pub fn to_bytes(&self) -> Result<Vec<u8>, String> {
        serde_json::to_vec(self)
            .map_err(|error| format!("the backup's manifest could not be written ({error})"))
    }

    /// Reads an opened manifest and checks the file against it: the same format, date and
    /// store format, and exactly the same records with the same sealed bytes. Every
    /// difference is named in plain words; any one refuses the restore.
    pub fn check(plaintext: &[u8], checked: &Checked) -> Result<(), String> {
        let manifest: Manifest = serde_json::from_slice(plaintext)
            .map_err(|_| "its seal holds no list of what it held".to_owned())?;
        let mut problems = Vec::new();
        if manifest.format != checked.format {
            problems.push(format!(
                "it says it is backup format {}, but it was made in format {}",
                checked.format, manifest.format
            ));
        }
        if manifest.created != checked.created {
            problems.push(format!(
                "its date was changed: it says {}, but it was made on {}",
                checked.created, manifest.created
            ));
        }
        if manifest.store_format != checked.store_format {
            problems.push(format!(
                "it says its records are in store format {}, but they were sealed in format {}",
                checked.store_format, manifest.store_format
            ));
        }
        let listed: BTreeMap<&str, &str> = manifest
            .records
            .iter()
            .map(|entry| (entry.id.as_str(), entry.sha256.as_str()))
            .collect();
        let present: BTreeMap<&str, &Sealed> = checked
            .records
            .iter()
            .map(|(id, sealed)| (id.as_str(), sealed))
            .collect();
        let missing: Vec<&str> = listed
            .keys()
            .copied()
            .filter(|id| !present.contains_key(id))
            .collect();
        if !missing.is_empty() {
            problems.push(format!("the backup is missing {}", count_in_words(missing)));
        }
        let added: Vec<&str> = present
            .keys()
            .copied()
            .filter(|id| !listed.contains_key(id))
            .collect();
        if !added.is_empty() {
            problems.push(format!(
                "it holds {} that {} not in it when it was made",
                count_in_words(added.iter().copied()),
                if added.len() == 1 { "was" } else { "were" }
            ));
        }
        let replaced: Vec<&str> = present
            .iter()
            .filter(|(id, sealed)| {
                listed
                    .get(*id)
                    .is_some_and(|digest| *digest != sealed_digest(sealed))
            })
            .map(|(id, _)| *id)
            .collect();
        if !replaced.is_empty() {
            problems.push(format!(
                "{} {} not the copy it was made with (an older or altered copy was put in)",
                count_in_words(replaced.iter().copied()),
                if replaced.len() == 1 { "is" } else { "are" }
            ));
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems.join("; "))
        }
    }
}

/// Writes a backup: the stored parts as they are, base64 for bytes.
pub fn write(
    created: &str,
    store_format: u32,
    iterations: u32,
    salt: &[u8],
    wrapped: &[u8],
    records: &[(String, Sealed)],
    manifest: &Sealed,
) -> Result<String, String> {
    let backup = Backup {
        kind: KIND.to_owned(),
        format: FORMAT,
        created: created.to_owned(),
        store_format,
        kdf: Kdf {
            algorithm: KDF_ALGORITHM.to_owned(),
            iterations,
            salt: BASE64.encode(salt),
        },
        wrapped_key: BASE64.encode(wrapped),
        records: records
            .iter()
            .map(|(id, sealed)| BackupRecord {
                id: id.clone(),
                nonce: BASE64.encode(&sealed.nonce),
                data: BASE64.encode(&sealed.ciphertext),
            })
            .collect(),
        manifest: Some(SealedManifest {
            nonce: BASE64.encode(&manifest.nonce),
            data: BASE64.encode(&manifest.ciphertext),
        }),
    };
    serde_json::to_string(&backup)
        .map_err(|error| format!("the backup could not be written ({error})"))
}

fn decode(text: &str, what: &str) -> Result<Vec<u8>, String> {
    BASE64
        .decode(text)
        .map_err(|_| format!("{what} is not valid base64"))
}

/// A sealed part of the file (a record or the manifest) at `place`, decoded and checked to
/// be of the shape AES-GCM gives: a whole nonce, and at least a tag's worth of ciphertext.
fn decode_sealed(place: &str, what: &str, nonce: &str, data: &str) -> Result<Sealed, String> {
    let nonce = decode(nonce, &format!("{place}.nonce"))?;
    if nonce.len() != NONCE_BYTES {
        return Err(format!(
            "{place}.nonce is {} bytes, not {NONCE_BYTES}.",
            nonce.len()
        ));
    }
    let ciphertext = decode(data, &format!("{place}.data"))?;
    if ciphertext.len() < MIN_CIPHERTEXT_BYTES {
        return Err(format!("{place}.data is too short to be a sealed {what}."));
    }
    Ok(Sealed { nonce, ciphertext })
}

/// Reads and checks a backup file. Every refusal says what is wrong and where; nothing is
/// decrypted here.
pub fn read(text: &str, newest_store_format: u32) -> Result<Checked, String> {
    if text.len() > MAX_BYTES {
        return Err(format!(
            "The file is {} bytes; a backup may be at most {MAX_BYTES} bytes.",
            text.len()
        ));
    }
    // What the file says it is comes first, so a foreign JSON file is named as foreign
    // rather than as a malformed backup.
    // A key given twice (two `created` dates, two `records`) is refused, not read as the
    // last of them.
    let value: serde_json::Value =
        wellcheck_core::json_strict::from_str(text).map_err(|error| {
            if error.is_data() {
                format!("The backup is damaged: {error}.")
            } else if error.is_eof() {
                format!(
                    "The file ends too soon (line {}, column {}): it may be cut short.",
                    error.line(),
                    error.column()
                )
            } else {
                format!(
                    "This is not a wellcheck backup: it is not valid JSON (line {}, column {}).",
                    error.line(),
                    error.column()
                )
            }
        })?;
    if value.get("kind").and_then(serde_json::Value::as_str) != Some(KIND) {
        return Err("This is not a wellcheck backup (it does not say `\"kind\": \"wellcheck-app-backup\"`).".to_owned());
    }
    let format = value.get("format").and_then(serde_json::Value::as_u64);
    if format.is_some_and(|format| format > u64::from(FORMAT)) {
        return Err(format!(
            "This backup was made by a newer version of the app (backup format {}): update the app to restore it.",
            format.unwrap_or_default()
        ));
    }
    let backup = Backup::deserialize(&value).map_err(|error| {
        // serde names the problem but not where: find the part it is in.
        let records = value.get("records").and_then(serde_json::Value::as_array);
        let in_record = records.and_then(|records| {
            records.iter().enumerate().find_map(|(position, record)| {
                BackupRecord::deserialize(record)
                    .err()
                    .map(|error| format!("records[{position}]: {error}"))
            })
        });
        let in_kdf = value
            .get("kdf")
            .and_then(|kdf| Kdf::deserialize(kdf).err())
            .map(|error| format!("kdf: {error}"));
        format!(
            "The backup is damaged: {}.",
            in_record.or(in_kdf).unwrap_or_else(|| error.to_string())
        )
    })?;
    if backup.format == 0 || backup.format > FORMAT {
        return Err(format!("Unknown backup format {}.", backup.format));
    }
    // A sealed format's manifest cannot be taken out to pass the file off as an older,
    // unsealed one's: the format number says which it is, and each must be as it says.
    let manifest = match (&backup.manifest, backup.format >= FIRST_SEALED_FORMAT) {
        (Some(sealed), true) => Some(decode_sealed(
            "manifest",
            "manifest",
            &sealed.nonce,
            &sealed.data,
        )?),
        (None, true) => {
            return Err(
                "The backup's seal (its manifest) has been taken out, so nothing in it can be trusted: nothing was restored."
                    .to_owned(),
            );
        }
        (Some(_), false) => {
            return Err(format!(
                "The backup says it is format {}, which has no manifest, yet it holds one: it has been altered.",
                backup.format
            ));
        }
        (None, false) => None,
    };
    // Checked by length first: an error never repeats a huge field back.
    if backup.created.len() != 10 || wellcheck_core::dates::check(&backup.created).is_err() {
        return Err("created is not a date in the form YYYY-MM-DD.".to_owned());
    }
    if backup.store_format == 0 || backup.store_format > newest_store_format {
        return Err(format!(
            "The backup's records are in store format {}, which this version of the app cannot read.",
            backup.store_format
        ));
    }
    if backup.kdf.algorithm != KDF_ALGORITHM {
        return Err(format!("kdf.algorithm is not {KDF_ALGORITHM}."));
    }
    if !KDF_ROUNDS.contains(&backup.kdf.iterations) {
        return Err(format!(
            "The backup's key derivation uses {} rounds; between {} and {} are accepted.",
            backup.kdf.iterations,
            KDF_ROUNDS.start(),
            KDF_ROUNDS.end()
        ));
    }
    let salt = decode(&backup.kdf.salt, "kdf.salt")?;
    if salt.len() != SALT_BYTES {
        return Err(format!(
            "kdf.salt is {} bytes, not {SALT_BYTES}.",
            salt.len()
        ));
    }
    let wrapped = decode(&backup.wrapped_key, "wrapped_key")?;
    if wrapped.len() != WRAPPED_KEY_BYTES {
        return Err(format!(
            "wrapped_key is {} bytes, not {WRAPPED_KEY_BYTES}.",
            wrapped.len()
        ));
    }
    let mut seen = BTreeSet::new();
    let mut records = Vec::with_capacity(backup.records.len());
    for (position, record) in backup.records.into_iter().enumerate() {
        let place = format!("records[{position}]");
        if record.id.is_empty()
            || record.id.chars().count() > MAX_ID_CHARS
            || record.id.chars().any(char::is_control)
        {
            return Err(format!("{place}.id is not a record id."));
        }
        if !seen.insert(record.id.clone()) {
            return Err(format!(
                "{place}: the record `{}` appears twice.",
                record.id
            ));
        }
        let sealed = decode_sealed(&place, "record", &record.nonce, &record.data)?;
        records.push((record.id, sealed));
    }
    Ok(Checked {
        format: backup.format,
        created: backup.created,
        store_format: backup.store_format,
        salt,
        iterations: backup.kdf.iterations,
        wrapped,
        records,
        manifest,
    })
}
