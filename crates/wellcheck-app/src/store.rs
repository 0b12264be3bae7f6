//! The encrypted store in IndexedDB: records sealed by the [`crate::vault`], the wrapped data
//! key and its salt beside them, and nothing about a client in clear.
//!
//! Two object stores: `meta` holds one entry, `keys` (the store's format version, the salt,
//! the PBKDF2 round count and the wrapped data key: none of it secret without the
//! passphrase); `records` maps a record id (random, chosen by the app, never a client's
//! reference) to `{nonce, data}`. Every record is sealed *before* its transaction opens,
//! because awaiting anything else inside an IndexedDB transaction commits it early.

use idb::{DatabaseEvent, Factory, ObjectStoreParams, TransactionMode};
use js_sys::{Object, Reflect, Uint8Array};
use wasm_bindgen::JsValue;
use web_sys::CryptoKey;

use crate::backup;
use crate::vault::{self, PBKDF2_ITERATIONS, SALT_BYTES, Sealed, VaultError};

/// The store's format version: bound into every record's associated data, and the starting
/// point of any migration.
///
/// - 1: records sealed under format 1 (the first store).
/// - 2: the app keeps a caseload index record beside the clients and visits, so unlocking
///   opens one record rather than every one. Upgrading re-seals every record under format 2
///   (the version is part of each record's associated data) in one transaction; the app
///   rebuilds the index when it finds none.
pub const FORMAT_VERSION: u32 = 2;
const META: &str = "meta";
const RECORDS: &str = "records";
const KEYS: &str = "keys";

/// Why a store operation failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreError {
    /// From the key hierarchy (a wrong passphrase, a tampered record).
    Vault(VaultError),
    /// No store has been set up in this browser yet.
    NotSetUp,
    /// A store is already set up: it is never overwritten.
    AlreadySetUp,
    /// The store was written by a newer version of the app.
    NewerFormat(u32),
    /// The browser is out of space for this site.
    Full,
    /// The records were locked (by the worker or after idle time) before this could run.
    Locked,
    /// IndexedDB refused; the message is its own.
    Database(String),
    /// A backup file's record did not open: the file was altered or damaged.
    DamagedBackup(String),
    /// A backup file's record opened but this app cannot read it (a newer app's, or
    /// damaged before it was sealed).
    UnreadableBackup(String),
    /// A backup file differs from what was sealed in it when it was made (a record left
    /// out, an older copy put back, the date changed), or its records disagree with its
    /// own list of clients. The text says what, in plain words.
    AlteredBackup(String),
    /// A change the records do not allow (discarding a finished visit, a follow-up dated
    /// before the baseline); the text says why, in the worker's words.
    Refused(String),
}

impl From<VaultError> for StoreError {
    fn from(error: VaultError) -> Self {
        StoreError::Vault(error)
    }
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StoreError::Vault(error) => error.fmt(f),
            StoreError::NotSetUp => f.write_str("No records are set up on this device yet."),
            StoreError::AlreadySetUp => {
                f.write_str("Records are already set up on this device: unlock them instead.")
            }
            StoreError::NewerFormat(version) => write!(
                f,
                "These records were saved by a newer version of the app (format {version}): update the app to open them."
            ),
            StoreError::Full => f.write_str(
                "The device is out of space for this app, so nothing was saved. Free some space and try again.",
            ),
            StoreError::Locked => f.write_str("The records are locked: unlock them to continue."),
            StoreError::Database(message) => write!(f, "The browser's storage refused: {message}"),
            StoreError::Refused(why) => f.write_str(why),
            StoreError::UnreadableBackup(problem) => write!(
                f,
                "The backup holds a record this app cannot read ({problem}), so nothing was restored"
            ),
            StoreError::AlteredBackup(problem) => write!(
                f,
                "The backup has been changed since it was made: {problem}, so nothing was restored"
            ),
            StoreError::DamagedBackup(id) => write!(
                f,
                "The backup's record `{id}` does not open: the file has been damaged or altered, so nothing was restored"
            ),
        }
    }
}

impl std::error::Error for StoreError {}

fn database_error(error: idb::Error) -> StoreError {
    let text = error.to_string();
    if text.contains("QuotaExceeded") {
        StoreError::Full
    } else {
        StoreError::Database(text)
    }
}

fn field(object: &JsValue, name: &str) -> Option<JsValue> {
    Reflect::get(object, &JsValue::from_str(name))
        .ok()
        .filter(|value| !value.is_undefined())
}

fn bytes(object: &JsValue, name: &str) -> Option<Vec<u8>> {
    field(object, name).map(|value| Uint8Array::new(&value).to_vec())
}

fn set(object: &Object, name: &str, value: &JsValue) -> Result<(), StoreError> {
    Reflect::set(object, &JsValue::from_str(name), value)
        .map(|_| ())
        .map_err(|_| StoreError::Database("could not build a record".to_owned()))
}

/// The saved key entry: what unlocking needs besides the passphrase.
struct SavedKeys {
    format: u32,
    salt: Vec<u8>,
    iterations: u32,
    wrapped: Vec<u8>,
}

impl SavedKeys {
    fn from_entry(entry: &JsValue) -> Result<SavedKeys, StoreError> {
        let number = |name| field(entry, name).and_then(|v| v.as_f64());
        match (
            number("format"),
            bytes(entry, "salt"),
            number("iterations"),
            bytes(entry, "wrapped"),
        ) {
            (Some(format), Some(salt), Some(iterations), Some(wrapped)) => Ok(SavedKeys {
                format: format as u32,
                salt,
                iterations: iterations as u32,
                wrapped,
            }),
            _ => Err(StoreError::Database(
                "the saved key is incomplete".to_owned(),
            )),
        }
    }

    async fn read(database: &idb::Database) -> Result<SavedKeys, StoreError> {
        let entry = read_keys(database).await?.ok_or(StoreError::NotSetUp)?;
        let keys = SavedKeys::from_entry(&entry)?;
        if keys.format > FORMAT_VERSION {
            return Err(StoreError::NewerFormat(keys.format));
        }
        Ok(keys)
    }
}

/// Says whether a backup's opened records, `(id, plaintext)`, are ones the app can read
/// ([`StoreError::UnreadableBackup`]) and agree with each other
/// ([`StoreError::AlteredBackup`]), or why not. The flag says whether the file was sealed
/// with a manifest (see [`backup::Manifest`]).
pub type RecordCheck = dyn Fn(&[(String, Vec<u8>)], bool) -> Result<(), StoreError>;

/// An unlocked store: the open database and the data key (non-extractable).
pub struct Store {
    database: idb::Database,
    data_key: CryptoKey,
}

async fn open_database(name: &str) -> Result<idb::Database, StoreError> {
    let factory = Factory::new().map_err(database_error)?;
    let mut request = factory.open(name, Some(1)).map_err(database_error)?;
    request.on_upgrade_needed(|event| {
        if let Ok(database) = event.database() {
            let _ = database.create_object_store(META, ObjectStoreParams::new());
            let _ = database.create_object_store(RECORDS, ObjectStoreParams::new());
        }
    });
    request.await.map_err(database_error)
}

async fn read_keys(database: &idb::Database) -> Result<Option<JsValue>, StoreError> {
    let transaction = database
        .transaction(&[META], TransactionMode::ReadOnly)
        .map_err(database_error)?;
    let meta = transaction.object_store(META).map_err(database_error)?;
    let keys = meta
        .get(JsValue::from_str(KEYS))
        .map_err(database_error)?
        .await
        .map_err(database_error)?;
    transaction.await.map_err(database_error)?;
    Ok(keys)
}

fn keys_entry(
    format: u32,
    salt: &[u8],
    iterations: u32,
    wrapped: &[u8],
) -> Result<JsValue, StoreError> {
    let entry = Object::new();
    set(&entry, "format", &JsValue::from(format))?;
    set(&entry, "salt", &Uint8Array::from(salt).into())?;
    set(&entry, "iterations", &JsValue::from(iterations))?;
    set(&entry, "wrapped", &Uint8Array::from(wrapped).into())?;
    Ok(entry.into())
}

async fn write_keys(
    database: &idb::Database,
    salt: &[u8],
    iterations: u32,
    wrapped: &[u8],
) -> Result<(), StoreError> {
    let entry = keys_entry(FORMAT_VERSION, salt, iterations, wrapped)?;
    put_committed(database, META, KEYS, &entry).await
}

/// Every record as stored, `(id, entry)`, read in one transaction.
async fn read_all_entries(database: &idb::Database) -> Result<Vec<(String, JsValue)>, StoreError> {
    let transaction = database
        .transaction(&[RECORDS], TransactionMode::ReadOnly)
        .map_err(database_error)?;
    let records = transaction.object_store(RECORDS).map_err(database_error)?;
    let keys = records
        .get_all_keys(None, None)
        .map_err(database_error)?
        .await
        .map_err(database_error)?;
    let values = records
        .get_all(None, None)
        .map_err(database_error)?
        .await
        .map_err(database_error)?;
    transaction.await.map_err(database_error)?;
    if keys.len() != values.len() {
        return Err(StoreError::Database(
            "the records changed while being read".to_owned(),
        ));
    }
    keys.into_iter()
        .zip(values)
        .map(|(key, value)| {
            key.as_string()
                .map(|id| (id, value))
                .ok_or_else(|| StoreError::Database("a record has no text id".to_owned()))
        })
        .collect()
}

/// Brings a store written by an earlier format up to [`FORMAT_VERSION`]: every record is
/// opened under its old associated data and sealed under the new, all before one
/// transaction writes them and the new format number together. A failure anywhere leaves
/// the old store as it was, still readable by the old rules.
async fn migrate(
    database: &idb::Database,
    data_key: &CryptoKey,
    keys: &SavedKeys,
) -> Result<(), StoreError> {
    let mut writes = Vec::new();
    for (id, entry) in read_all_entries(database).await? {
        let plaintext = vault::open(
            data_key,
            &vault::associated_data(&id, keys.format),
            &sealed_from_entry(&entry)?,
        )
        .await?;
        let sealed = vault::seal(
            data_key,
            &vault::associated_data(&id, FORMAT_VERSION),
            &plaintext,
        )
        .await?;
        writes.push((RECORDS, id, sealed_entry(&sealed)?));
    }
    let entry = keys_entry(FORMAT_VERSION, &keys.salt, keys.iterations, &keys.wrapped)?;
    writes.push((META, KEYS.to_owned(), entry));
    write_committed(database, &writes).await
}

/// Puts one entry in its own read-write transaction and waits until it is committed, so a
/// failure leaves the previous entry whole.
async fn put_committed(
    database: &idb::Database,
    store: &str,
    key: &str,
    entry: &JsValue,
) -> Result<(), StoreError> {
    write_committed(database, &[(store, key.to_owned(), entry.clone())]).await
}

/// Puts every entry in one read-write transaction and waits until it is committed: all of
/// them are saved or none is. A quota error may come from a `put` or only when the browser
/// commits (an aborted transaction whose error is `QuotaExceededError`); both are `Full`.
async fn write_committed(
    database: &idb::Database,
    writes: &[(&str, String, JsValue)],
) -> Result<(), StoreError> {
    commit_writes(database, writes, &[], false).await
}

/// As [`write_committed`], emptying the records first in the same transaction (a restore):
/// the old records are gone only if every new one is saved.
async fn replace_committed(
    database: &idb::Database,
    writes: &[(&str, String, JsValue)],
) -> Result<(), StoreError> {
    commit_writes(database, writes, &[], true).await
}

/// Writes `writes` and deletes the records `deletes` in one transaction (all or none),
/// emptying the records first when `clear_records` (a restore).
async fn commit_writes(
    database: &idb::Database,
    writes: &[(&str, String, JsValue)],
    deletes: &[String],
    clear_records: bool,
) -> Result<(), StoreError> {
    let mut stores: Vec<&str> = writes.iter().map(|(store, _, _)| *store).collect();
    if clear_records || !deletes.is_empty() {
        stores.push(RECORDS);
    }
    stores.sort_unstable();
    stores.dedup();
    let transaction = database
        .transaction(&stores, TransactionMode::ReadWrite)
        .map_err(database_error)?;
    let mut watch = None;
    if clear_records {
        let records = transaction.object_store(RECORDS).map_err(database_error)?;
        records
            .clear()
            .map_err(database_error)?
            .await
            .map_err(database_error)?;
        watch = Some(records.transaction());
    }
    for id in deletes {
        let records = transaction.object_store(RECORDS).map_err(database_error)?;
        records
            .delete(JsValue::from_str(id))
            .map_err(database_error)?
            .await
            .map_err(database_error)?;
        watch = Some(records.transaction());
    }
    for (store, key, entry) in writes {
        let object_store = transaction.object_store(store).map_err(database_error)?;
        object_store
            .put(entry, Some(&JsValue::from_str(key)))
            .map_err(database_error)?
            .await
            .map_err(database_error)?;
        watch = Some(object_store.transaction());
    }
    let committed = match transaction.commit() {
        Ok(transaction) => transaction.await.map(|result| result.is_committed()),
        Err(error) => Err(error),
    };
    match committed {
        Ok(true) => Ok(()),
        // The transaction's own error says why it ended (a quota found at commit time).
        failed => {
            let reason = watch
                .and_then(|transaction| transaction.error())
                .map(|error| error.name())
                .unwrap_or_default();
            if reason == "QuotaExceededError" {
                return Err(StoreError::Full);
            }
            Err(match failed {
                Err(error) => database_error(error),
                _ => StoreError::Database(format!(
                    "the browser did not save the change ({})",
                    if reason.is_empty() {
                        "aborted"
                    } else {
                        &reason
                    }
                )),
            })
        }
    }
}

/// A record's stored form: the nonce and ciphertext, nothing else.
fn sealed_entry(sealed: &Sealed) -> Result<JsValue, StoreError> {
    let entry = Object::new();
    set(
        &entry,
        "nonce",
        &Uint8Array::from(sealed.nonce.as_slice()).into(),
    )?;
    set(
        &entry,
        "data",
        &Uint8Array::from(sealed.ciphertext.as_slice()).into(),
    )?;
    Ok(entry.into())
}

/// A stored record's parts; anything else is treated as tampering.
fn sealed_from_entry(entry: &JsValue) -> Result<Sealed, StoreError> {
    match (bytes(entry, "nonce"), bytes(entry, "data")) {
        (Some(nonce), Some(ciphertext)) => Ok(Sealed { nonce, ciphertext }),
        _ => Err(StoreError::Vault(VaultError::Tampered)),
    }
}

impl Store {
    /// Whether a store is set up in this browser under `name`.
    pub async fn is_set_up(name: &str) -> Result<bool, StoreError> {
        let database = open_database(name).await?;
        let found = read_keys(&database).await?.is_some();
        database.close();
        Ok(found)
    }

    /// Sets up a new store with a passphrase. An existing store is never overwritten.
    pub async fn set_up(name: &str, passphrase: &str) -> Result<Store, StoreError> {
        let database = open_database(name).await?;
        if read_keys(&database).await?.is_some() {
            database.close();
            return Err(StoreError::AlreadySetUp);
        }
        let salt = vault::random_bytes(SALT_BYTES)?;
        let kek = vault::derive_kek(passphrase, &salt, PBKDF2_ITERATIONS).await?;
        let (wrapped, data_key) = vault::new_data_key(&kek).await?;
        write_keys(&database, &salt, PBKDF2_ITERATIONS, &wrapped).await?;
        Ok(Store { database, data_key })
    }

    /// Unlocks the store; a wrong passphrase changes nothing.
    pub async fn unlock(name: &str, passphrase: &str) -> Result<Store, StoreError> {
        let database = open_database(name).await?;
        let keys = match SavedKeys::read(&database).await {
            Ok(keys) => keys,
            Err(error) => {
                database.close();
                return Err(error);
            }
        };
        let kek = vault::derive_kek(passphrase, &keys.salt, keys.iterations).await?;
        let data_key = match vault::unwrap_data_key(&keys.wrapped, &kek).await {
            Ok(key) => key,
            Err(error) => {
                database.close();
                return Err(error.into());
            }
        };
        if keys.format < FORMAT_VERSION
            && let Err(error) = migrate(&database, &data_key, &keys).await
        {
            database.close();
            return Err(error);
        }
        Ok(Store { database, data_key })
    }

    /// Saves a record: sealed first, then written in one transaction, so a failure (such as
    /// a full disk) leaves the previous version whole.
    pub async fn put(&self, id: &str, plaintext: &[u8]) -> Result<(), StoreError> {
        self.put_all(&[(id.to_owned(), plaintext.to_vec())]).await
    }

    /// Saves several records together: all are sealed first, then written in one
    /// transaction, so either every one is saved or none is.
    pub async fn put_all(&self, records: &[(String, Vec<u8>)]) -> Result<(), StoreError> {
        let mut writes = Vec::with_capacity(records.len());
        for (id, plaintext) in records {
            let sealed = vault::seal(
                &self.data_key,
                &vault::associated_data(id, FORMAT_VERSION),
                plaintext,
            )
            .await?;
            writes.push((RECORDS, id.clone(), sealed_entry(&sealed)?));
        }
        write_committed(&self.database, &writes).await
    }

    /// Writes `records` and deletes the records `deletes` in one transaction: a deleted
    /// record is gone from the store (not hidden), and only if every write is saved too.
    pub async fn change_all(
        &self,
        records: &[(String, Vec<u8>)],
        deletes: &[String],
    ) -> Result<(), StoreError> {
        let mut writes = Vec::with_capacity(records.len());
        for (id, plaintext) in records {
            let sealed = vault::seal(
                &self.data_key,
                &vault::associated_data(id, FORMAT_VERSION),
                plaintext,
            )
            .await?;
            writes.push((RECORDS, id.clone(), sealed_entry(&sealed)?));
        }
        commit_writes(&self.database, &writes, deletes, false).await
    }

    /// Reads a record, if there is one under `id`.
    pub async fn get(&self, id: &str) -> Result<Option<Vec<u8>>, StoreError> {
        let transaction = self
            .database
            .transaction(&[RECORDS], TransactionMode::ReadOnly)
            .map_err(database_error)?;
        let records = transaction.object_store(RECORDS).map_err(database_error)?;
        let entry = records
            .get(JsValue::from_str(id))
            .map_err(database_error)?
            .await
            .map_err(database_error)?;
        transaction.await.map_err(database_error)?;
        let Some(entry) = entry else {
            return Ok(None);
        };
        let plaintext = vault::open(
            &self.data_key,
            &vault::associated_data(id, FORMAT_VERSION),
            &sealed_from_entry(&entry)?,
        )
        .await?;
        Ok(Some(plaintext))
    }

    /// The ids of every record, in IndexedDB's key order.
    pub async fn ids(&self) -> Result<Vec<String>, StoreError> {
        let transaction = self
            .database
            .transaction(&[RECORDS], TransactionMode::ReadOnly)
            .map_err(database_error)?;
        let records = transaction.object_store(RECORDS).map_err(database_error)?;
        let keys = records
            .get_all_keys(None, None)
            .map_err(database_error)?
            .await
            .map_err(database_error)?;
        transaction.await.map_err(database_error)?;
        Ok(keys.iter().filter_map(JsValue::as_string).collect())
    }

    /// Changes the passphrase: the old one must be right; the data key is wrapped again
    /// under a new salt and passphrase, and no record is re-encrypted.
    pub async fn change_passphrase(&self, old: &str, new: &str) -> Result<(), StoreError> {
        let keys = SavedKeys::read(&self.database).await?;
        let old_kek = vault::derive_kek(old, &keys.salt, keys.iterations).await?;
        let new_salt = vault::random_bytes(SALT_BYTES)?;
        let new_kek = vault::derive_kek(new, &new_salt, PBKDF2_ITERATIONS).await?;
        let rewrapped = vault::rewrap_data_key(&keys.wrapped, &old_kek, &new_kek).await?;
        write_keys(&self.database, &new_salt, PBKDF2_ITERATIONS, &rewrapped).await
    }

    /// Every record, opened: `(id, plaintext)` in id order. One read transaction; the
    /// records are opened after it ends.
    pub async fn get_all(&self) -> Result<Vec<(String, Vec<u8>)>, StoreError> {
        let entries = read_all_entries(&self.database).await?;
        // Every record is handed to WebCrypto at once: it decrypts them off the page's
        // thread, and the page waits once rather than once a record.
        let opening = entries.into_iter().map(|(id, entry)| async move {
            let sealed = sealed_from_entry(&entry)?;
            let plaintext = vault::open(
                &self.data_key,
                &vault::associated_data(&id, FORMAT_VERSION),
                &sealed,
            )
            .await?;
            Ok::<_, StoreError>((id, plaintext))
        });
        futures::future::join_all(opening)
            .await
            .into_iter()
            .collect()
    }

    /// The whole store as a backup file (see [`backup`]): the key parameters and every
    /// record exactly as stored, still sealed. Nothing is decrypted.
    /// The list of what it holds is sealed with the data key beside them
    /// ([`backup::Manifest`]), so a restore can tell that nothing was taken out or changed.
    pub async fn export(&self, created: &str) -> Result<String, StoreError> {
        let keys = SavedKeys::read(&self.database).await?;
        let mut records = Vec::new();
        for (id, entry) in read_all_entries(&self.database).await? {
            records.push((id, sealed_from_entry(&entry)?));
        }
        let manifest = backup::Manifest::of(created, keys.format, &records)
            .to_bytes()
            .map_err(StoreError::Database)?;
        let manifest = vault::seal(
            &self.data_key,
            &backup::manifest_associated_data(backup::FORMAT),
            &manifest,
        )
        .await?;
        backup::write(
            created,
            keys.format,
            keys.iterations,
            &keys.salt,
            &keys.wrapped,
            &records,
            &manifest,
        )
        .map_err(StoreError::Database)
    }

    /// Replaces the store `name` (set up or not) with a checked backup, unlocked with the
    /// passphrase that was in use when it was made. The manifest is opened and the file
    /// checked against it (nothing left out, added, replaced or redated), and every record
    /// is opened, proving the passphrase and that nothing in the file was altered, moved or
    /// swapped; records of an earlier format are sealed again under this one. Only then, in
    /// one transaction, are the old records removed and the backup's written: a wrong
    /// passphrase or a damaged or altered file leaves the current store exactly as it was.
    ///
    /// `readable` is asked about every opened record together (ids and plaintexts), so a
    /// record the app could not read, or records that disagree with each other, refuse the
    /// restore before anything is replaced.
    pub async fn restore(
        name: &str,
        passphrase: &str,
        checked: &backup::Checked,
        readable: &RecordCheck,
    ) -> Result<Store, StoreError> {
        let kek = vault::derive_kek(passphrase, &checked.salt, checked.iterations).await?;
        let data_key = vault::unwrap_data_key(&checked.wrapped, &kek).await?;
        if let Some(manifest) = &checked.manifest {
            let plaintext = vault::open(
                &data_key,
                &backup::manifest_associated_data(checked.format),
                manifest,
            )
            .await
            .map_err(|_| StoreError::AlteredBackup("its seal does not open".to_owned()))?;
            backup::Manifest::check(&plaintext, checked).map_err(StoreError::AlteredBackup)?;
        }
        let mut opened = Vec::with_capacity(checked.records.len());
        for (id, sealed) in &checked.records {
            let damaged = |_| StoreError::DamagedBackup(id.clone());
            let plaintext = vault::open(
                &data_key,
                &vault::associated_data(id, checked.store_format),
                sealed,
            )
            .await
            .map_err(damaged)?;
            opened.push((id.clone(), plaintext));
        }
        readable(&opened, checked.is_sealed())?;
        let mut writes = Vec::with_capacity(checked.records.len() + 1);
        for ((id, sealed), (_, plaintext)) in checked.records.iter().zip(&opened) {
            let entry = if checked.store_format == FORMAT_VERSION {
                sealed_entry(sealed)?
            } else {
                let resealed = vault::seal(
                    &data_key,
                    &vault::associated_data(id, FORMAT_VERSION),
                    plaintext,
                )
                .await?;
                sealed_entry(&resealed)?
            };
            writes.push((RECORDS, id.clone(), entry));
        }
        let keys = keys_entry(
            FORMAT_VERSION,
            &checked.salt,
            checked.iterations,
            &checked.wrapped,
        )?;
        writes.push((META, KEYS.to_owned(), keys));
        let database = open_database(name).await?;
        if let Err(error) = replace_committed(&database, &writes).await {
            database.close();
            return Err(error);
        }
        Ok(Store { database, data_key })
    }

    /// Closes the database and forgets the key (a lock).
    pub fn lock(self) {
        self.database.close();
    }
}
