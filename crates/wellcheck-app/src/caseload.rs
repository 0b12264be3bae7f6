//! The caseload over the encrypted store: clients, visits and the index that lists them,
//! each a sealed JSON record. Every change that touches the index writes the record and the
//! new index in one transaction, so the list never disagrees with the records. Writes are
//! taken one at a time (an async lock), so a save of answers in progress can never land
//! after, and undo, the save that finished the visit.

use std::cell::Cell;

use serde::Serialize;
use serde::de::DeserializeOwned;
use tokio::sync::Mutex;

use std::rc::Rc;

use crate::keeping::Records;
use crate::records::{Client, Index, LicensedWording, Settings, Visit, VisitForExports, VisitKind};
use crate::store::{Store, StoreError};
use crate::vault;

pub use crate::records::INDEX_ID;
use crate::records::{CLIENT_PREFIX, LICENSED_PREFIX, VISIT_PREFIX};

/// An unlocked caseload, over records kept sealed in IndexedDB ([`Store`]) in the app, or in
/// memory in native tests ([`crate::keeping::MemoryRecords`]).
pub struct Caseload<R: Records = Store> {
    /// `None` once locked: the key is gone and every call says so.
    inner: Mutex<Option<Inner<R>>>,
    /// Set the moment a lock is asked for, before any write under way has finished, so
    /// the screens never reopen on a save that lands after the lock.
    locked: Cell<bool>,
}

struct Inner<R> {
    store: R,
    index: Index,
}

fn encode<T: Serialize>(value: &T) -> Result<Vec<u8>, StoreError> {
    serde_json::to_vec(value)
        .map_err(|error| StoreError::Database(format!("a record could not be written ({error})")))
}

fn decode<T: DeserializeOwned>(id: &str, bytes: &[u8]) -> Result<T, StoreError> {
    serde_json::from_slice(bytes)
        .map_err(|error| StoreError::Database(format!("record `{id}` could not be read ({error})")))
}

/// A fresh record id: a prefix and 16 random hex digits (no client detail in it).
fn new_id(prefix: &str) -> Result<String, StoreError> {
    let random = vault::random_bytes(8)?;
    Ok(random
        .iter()
        .fold(prefix.to_owned(), |id, byte| format!("{id}{byte:02x}")))
}

/// A new client record id.
pub fn new_client_id() -> Result<String, StoreError> {
    new_id(CLIENT_PREFIX)
}

/// A new visit record id.
pub fn new_visit_id() -> Result<String, StoreError> {
    new_id(VISIT_PREFIX)
}

impl<R: Records> Caseload<R> {
    /// Opens the caseload of an unlocked store: its index, or (for a store from before the
    /// index existed, or an empty one) an index rebuilt from every record.
    pub async fn open(store: R) -> Result<Caseload<R>, StoreError> {
        let index = match store.get(INDEX_ID).await? {
            Some(bytes) => decode(INDEX_ID, &bytes)?,
            None => rebuild_index(&store).await?,
        };
        Ok(Caseload {
            inner: Mutex::new(Some(Inner { store, index })),
            locked: Cell::new(false),
        })
    }

    /// A caseload that is already locked (a placeholder that refuses every call).
    pub fn closed() -> Caseload<R> {
        Caseload {
            inner: Mutex::new(None),
            locked: Cell::new(true),
        }
    }

    /// A copy of the index (to list clients).
    pub async fn index(&self) -> Result<Index, StoreError> {
        let guard = self.inner.lock().await;
        Ok(guard.as_ref().ok_or(StoreError::Locked)?.index.clone())
    }

    /// Opens a client's record.
    pub async fn client(&self, id: &str) -> Result<Option<Client>, StoreError> {
        let guard = self.inner.lock().await;
        let inner = guard.as_ref().ok_or(StoreError::Locked)?;
        match inner.store.get(id).await? {
            Some(bytes) => decode(id, &bytes).map(Some),
            None => Ok(None),
        }
    }

    /// Opens a visit's record.
    pub async fn visit(&self, id: &str) -> Result<Option<Visit>, StoreError> {
        let guard = self.inner.lock().await;
        let inner = guard.as_ref().ok_or(StoreError::Locked)?;
        match inner.store.get(id).await? {
            Some(bytes) => decode(id, &bytes).map(Some),
            None => Ok(None),
        }
    }

    /// Saves a client (new or changed) and its index line together. Returns the new index.
    pub async fn save_client(&self, client: &Client) -> Result<Index, StoreError> {
        let mut guard = self.inner.lock().await;
        let inner = guard.as_mut().ok_or(StoreError::Locked)?;
        let mut index = stored_index(inner).await?;
        index.set_client(client);
        inner
            .store
            .put_all(&[
                (client.id.clone(), encode(client)?),
                (INDEX_ID.to_owned(), encode(&index)?),
            ])
            .await?;
        inner.index = index.clone();
        Ok(index)
    }

    /// Saves a visit and its index line together. Returns the new index.
    pub async fn save_visit(&self, visit: &Visit) -> Result<Index, StoreError> {
        let mut guard = self.inner.lock().await;
        let inner = guard.as_mut().ok_or(StoreError::Locked)?;
        let mut index = stored_index(inner).await?;
        if !index.set_visit(visit) {
            return Err(StoreError::Database(
                "the visit's client is not in this caseload".to_owned(),
            ));
        }
        inner
            .store
            .put_all(&[
                (visit.id.clone(), encode(visit)?),
                (INDEX_ID.to_owned(), encode(&index)?),
            ])
            .await?;
        inner.index = index.clone();
        Ok(index)
    }

    /// Every client and visit record, opened, for exports and the outcomes page: visits as
    /// [`VisitForExports`] gives them (answers and kept results), the rest of each
    /// record skipped unread.
    pub async fn all_records(&self) -> Result<(Vec<Client>, Vec<Visit>), StoreError> {
        let guard = self.inner.lock().await;
        let inner = guard.as_ref().ok_or(StoreError::Locked)?;
        let mut clients = Vec::new();
        let mut visits = Vec::new();
        for (id, bytes) in inner.store.get_all().await? {
            if id.starts_with(CLIENT_PREFIX) {
                clients.push(decode::<Client>(&id, &bytes)?);
            } else if id.starts_with(VISIT_PREFIX) {
                visits.push(decode::<VisitForExports>(&id, &bytes)?.into_visit());
            }
        }
        Ok((clients, visits))
    }

    /// Changes a stored visit in one step (read, change, save with its index line), so
    /// answers saved meanwhile by the questionnaires are kept. Returns the new index.
    pub async fn update_visit(
        &self,
        id: &str,
        change: impl FnOnce(&mut Visit),
    ) -> Result<Index, StoreError> {
        let mut guard = self.inner.lock().await;
        let inner = guard.as_mut().ok_or(StoreError::Locked)?;
        let bytes = inner
            .store
            .get(id)
            .await?
            .ok_or_else(|| StoreError::Database(format!("the visit `{id}` was not found")))?;
        let mut visit: Visit = decode(id, &bytes)?;
        change(&mut visit);
        let mut index = stored_index(inner).await?;
        if !index.set_visit(&visit) {
            return Err(StoreError::Database(
                "the visit's client is not in this caseload".to_owned(),
            ));
        }
        inner
            .store
            .put_all(&[
                (visit.id.clone(), encode(&visit)?),
                (INDEX_ID.to_owned(), encode(&index)?),
            ])
            .await?;
        inner.index = index.clone();
        Ok(index)
    }

    /// Discards an unfinished visit (started by mistake): its record is deleted from the
    /// store with its index line, in one transaction. A finished visit is refused: its
    /// results count in the outcomes, and are corrected by changing its date or kind.
    /// Returns the new index.
    pub async fn discard_visit(&self, id: &str) -> Result<Index, StoreError> {
        let mut guard = self.inner.lock().await;
        let inner = guard.as_mut().ok_or(StoreError::Locked)?;
        let visit: Visit = read_record(inner, id, "visit").await?;
        if visit.finished {
            return Err(StoreError::Refused(
                "This visit is finished, so it is not discarded: its results count in the outcomes. Change its date or kind if they are wrong."
                    .to_owned(),
            ));
        }
        let mut index = stored_index(inner).await?;
        index.remove_visit(id);
        inner
            .store
            .change_all(&[(INDEX_ID.to_owned(), encode(&index)?)], &[id.to_owned()])
            .await?;
        inner.index = index.clone();
        Ok(index)
    }

    /// Changes a visit's date or kind (a slip in the date field, a follow-up entered as a
    /// baseline), with the rules a new visit's date meets: a real date, not after `today`,
    /// not before 1990, and not one that would put a follow-up before the baseline (checked
    /// for an unfinished visit too, which will be paired once finished). The pairing and the
    /// follow-up due date follow from the index. Returns the new index.
    pub async fn change_visit_when(
        &self,
        id: &str,
        date: &str,
        kind: VisitKind,
        today: &str,
    ) -> Result<Index, StoreError> {
        check_visit_date(date, today).map_err(StoreError::Refused)?;
        let mut guard = self.inner.lock().await;
        let inner = guard.as_mut().ok_or(StoreError::Locked)?;
        let mut visit: Visit = read_record(inner, id, "visit").await?;
        let mut index = stored_index(inner).await?;
        let summary = index.client(&visit.client).ok_or_else(|| {
            StoreError::Refused("This visit's client is not in this caseload.".to_owned())
        })?;
        if let Some(problem) = summary.changed_visit_date_problem(date, kind, Some(id)) {
            return Err(StoreError::Refused(format!("{problem}.")));
        }
        visit.date = date.to_owned();
        visit.kind = kind;
        index.set_visit(&visit);
        inner
            .store
            .put_all(&[
                (visit.id.clone(), encode(&visit)?),
                (INDEX_ID.to_owned(), encode(&index)?),
            ])
            .await?;
        inner.index = index.clone();
        Ok(index)
    }

    /// Deletes a client and every visit of theirs (a withdrawn consent, a client entered by
    /// mistake): each record is deleted from the store, with the index line, in one
    /// transaction. Earlier backups still hold them. Returns the new index and how many
    /// visits went.
    pub async fn delete_client(&self, id: &str) -> Result<(Index, usize), StoreError> {
        let mut guard = self.inner.lock().await;
        let inner = guard.as_mut().ok_or(StoreError::Locked)?;
        let _: Client = read_record(inner, id, "client").await?;
        let mut index = stored_index(inner).await?;
        let mut gone = visits_of(inner, id).await?;
        if let Some(summary) = index.remove_client(id) {
            // A visit the index lists but the records lack is gone already: nothing to do.
            gone.extend(summary.visits.into_iter().map(|visit| visit.id));
        }
        gone.sort_unstable();
        gone.dedup();
        let visits = gone.len();
        gone.push(id.to_owned());
        inner
            .store
            .change_all(&[(INDEX_ID.to_owned(), encode(&index)?)], &gone)
            .await?;
        inner.index = index.clone();
        Ok((index, visits))
    }

    /// Merges two records of one person (entered twice): every visit of `duplicate` moves to
    /// `kept`, and `duplicate`'s record is deleted, in one transaction. Refused when a
    /// finished visit would then put a follow-up before the baseline. (Two forms of one
    /// questionnaire on one day are told at export, as for any client.) Returns the new
    /// index and how many visits moved.
    pub async fn merge_clients(
        &self,
        kept: &str,
        duplicate: &str,
    ) -> Result<(Index, usize), StoreError> {
        if kept == duplicate {
            return Err(StoreError::Refused(
                "Choose another client to merge with: a client cannot be merged with itself."
                    .to_owned(),
            ));
        }
        let mut guard = self.inner.lock().await;
        let inner = guard.as_mut().ok_or(StoreError::Locked)?;
        let mut kept_client: Client = read_record(inner, kept, "client").await?;
        let duplicate_client: Client = read_record(inner, duplicate, "client").await?;
        let mut index = stored_index(inner).await?;
        let mut moved = Vec::new();
        for visit_id in visits_of(inner, duplicate).await? {
            let mut visit: Visit = read_record(inner, &visit_id, "visit").await?;
            visit.client = kept.to_owned();
            moved.push(visit);
        }
        index.remove_client(duplicate);
        for visit in &moved {
            if !index.set_visit(visit) {
                return Err(StoreError::Refused(
                    "The client to keep is not in this caseload.".to_owned(),
                ));
            }
        }
        // Every finished visit of the merged record is checked against all the others,
        // so the answer does not depend on the order the visits are found in.
        if let Some(summary) = index.client(kept) {
            for visit in summary.visits.iter().filter(|visit| visit.finished) {
                if let Some(problem) =
                    summary.changed_visit_date_problem(&visit.date, visit.kind, Some(&visit.id))
                {
                    return Err(StoreError::Refused(format!(
                        "These records are not merged: the {} visit of {} would not fit. {problem}.",
                        visit.kind.label().to_lowercase(),
                        visit.date
                    )));
                }
            }
        }
        // What the kept record lacks is taken from the duplicate, so nothing about the
        // person is lost with it: the NHS number, the year of birth and the notes.
        kept_client.take_missing_from(&duplicate_client);
        index.set_client(&kept_client);
        let mut writes = Vec::with_capacity(moved.len() + 2);
        for visit in &moved {
            writes.push((visit.id.clone(), encode(visit)?));
        }
        writes.push((kept_client.id.clone(), encode(&kept_client)?));
        writes.push((INDEX_ID.to_owned(), encode(&index)?));
        inner
            .store
            .change_all(&writes, &[duplicate.to_owned()])
            .await?;
        inner.index = index.clone();
        Ok((index, moved.len()))
    }

    /// Saves the scheme's settings. Returns the new index.
    pub async fn save_settings(&self, settings: &Settings) -> Result<Index, StoreError> {
        let mut guard = self.inner.lock().await;
        let inner = guard.as_mut().ok_or(StoreError::Locked)?;
        let mut index = stored_index(inner).await?;
        index.settings = settings.clone();
        inner.store.put(INDEX_ID, &encode(&index)?).await?;
        inner.index = index.clone();
        Ok(index)
    }

    /// Saves a licensed questionnaire's wording file (checked by [`LicensedWording::check`])
    /// and its index line together. Returns the new index.
    pub async fn save_licensed(
        &self,
        wording: LicensedWording,
        text: &str,
    ) -> Result<Index, StoreError> {
        let mut guard = self.inner.lock().await;
        let inner = guard.as_mut().ok_or(StoreError::Locked)?;
        let mut index = stored_index(inner).await?;
        let id = LicensedWording::record_id(&wording.instrument);
        index.set_licensed(wording);
        inner
            .store
            .put_all(&[
                (id, text.as_bytes().to_vec()),
                (INDEX_ID.to_owned(), encode(&index)?),
            ])
            .await?;
        inner.index = index.clone();
        Ok(index)
    }

    /// The imported wording file for a licensed questionnaire, if there is one.
    pub async fn licensed_text(&self, instrument: &str) -> Result<Option<String>, StoreError> {
        let guard = self.inner.lock().await;
        let inner = guard.as_ref().ok_or(StoreError::Locked)?;
        let id = LicensedWording::record_id(instrument);
        match inner.store.get(&id).await? {
            Some(bytes) => String::from_utf8(bytes)
                .map(Some)
                .map_err(|_| StoreError::Database(format!("record `{id}` is not text"))),
            None => Ok(None),
        }
    }

    /// Makes a backup file of the whole store (see [`Records::export`]) and notes the day in
    /// the index. Returns the file and the new index.
    /// The index is written first when it does not yet say that this store's backups are
    /// sealed, so the backup's own index says so (see [`check_backup_records`]); the day is
    /// noted once the file is made.
    pub async fn backup(&self, today: &str) -> Result<(String, Index), StoreError> {
        let mut guard = self.inner.lock().await;
        let inner = guard.as_mut().ok_or(StoreError::Locked)?;
        let mut index = stored_index(inner).await?;
        if !index.backups_sealed {
            index.backups_sealed = true;
            inner.store.put(INDEX_ID, &encode(&index)?).await?;
            inner.index = index.clone();
        }
        let file = inner.store.export(today).await?;
        // Only a backup actually made counts.
        index.note_backup(today, today);
        inner.store.put(INDEX_ID, &encode(&index)?).await?;
        inner.index = index.clone();
        Ok((file, index))
    }

    /// After a restore: notes the backup's day as the last backup, if it is later and not
    /// after `today`.
    pub async fn note_restored(&self, created: &str, today: &str) -> Result<Index, StoreError> {
        let mut guard = self.inner.lock().await;
        let inner = guard.as_mut().ok_or(StoreError::Locked)?;
        let mut index = stored_index(inner).await?;
        index.note_backup(created, today);
        if index != inner.index {
            inner.store.put(INDEX_ID, &encode(&index)?).await?;
            inner.index = index.clone();
        }
        Ok(index)
    }

    /// Changes the passphrase (see [`Records::change_passphrase`]).
    pub async fn change_passphrase(&self, old: &str, new: &str) -> Result<(), StoreError> {
        let guard = self.inner.lock().await;
        let inner = guard.as_ref().ok_or(StoreError::Locked)?;
        inner.store.change_passphrase(old, new).await
    }

    /// Whether a lock has been asked for.
    pub fn is_locked(&self) -> bool {
        self.locked.get()
    }

    /// Locks once any write under way has finished: closes the database and drops the key.
    /// [`Caseload::is_locked`] is true from the call on.
    pub fn lock(self: &Rc<Self>)
    where
        R: 'static,
    {
        self.locked.set(true);
        let caseload = Rc::clone(self);
        yew::platform::spawn_local(async move {
            // One turn of the event loop first, so a screen closing because of this lock
            // can queue its last save (notes typed a moment ago) ahead of the close.
            gloo_timers::future::TimeoutFuture::new(0).await;
            caseload.close().await;
        });
    }

    /// Closes the records now, once any write under way has finished (what
    /// [`Caseload::lock`] does after a turn of the event loop).
    pub async fn close(&self) {
        self.locked.set(true);
        if let Some(inner) = self.inner.lock().await.take() {
            inner.store.close();
        }
    }
}

/// Whether a backup's opened records are ones the app can read (each as the record its id
/// says it is) and agree with each other: the index names exactly the clients, visits and
/// licensed wording the backup holds, each as its record has it ([`Index::disagreements`]).
/// A restore refuses a backup that fails, before anything is replaced.
///
/// `sealed` says whether the file carried a manifest. An unsealed (format 1) backup must
/// hold its index (even one with no records: emptied by hand, it would replace the tablet's
/// records with nothing), so a record taken out of it is still noticed, and its index must
/// not come from a store whose backups are sealed (the manifest taken out to hide a change).
pub fn check_backup_records(records: &[(String, Vec<u8>)], sealed: bool) -> Result<(), StoreError> {
    let mut index = None;
    let mut clients = Vec::new();
    let mut visits = Vec::new();
    let mut licensed = Vec::new();
    for (id, bytes) in records {
        let unreadable =
            |problem: String| StoreError::UnreadableBackup(format!("record `{id}`: {problem}"));
        if id == INDEX_ID {
            index = Some(
                serde_json::from_slice::<Index>(bytes)
                    .map_err(|error| unreadable(error.to_string()))?,
            );
        } else if id.starts_with(CLIENT_PREFIX) {
            clients.push(
                serde_json::from_slice::<Client>(bytes)
                    .map_err(|error| unreadable(error.to_string()))?,
            );
        } else if id.starts_with(VISIT_PREFIX) {
            visits.push(
                serde_json::from_slice::<Visit>(bytes)
                    .map_err(|error| unreadable(error.to_string()))?,
            );
        } else if id.starts_with(LICENSED_PREFIX) {
            let text = std::str::from_utf8(bytes)
                .map_err(|_| unreadable("the licensed wording is not text".to_owned()))?;
            LicensedWording::check(text, "").map_err(|lines| unreadable(lines.join("; ")))?;
            licensed.push(id.as_str());
        } else {
            return Err(unreadable(
                "this app keeps no record of that kind".to_owned(),
            ));
        }
    }
    let Some(index) = index else {
        if sealed {
            // A sealed file is proven whole (a store from before the index had none: the
            // app lists its records afresh).
            return Ok(());
        }
        // Unsealed and without its list, even empty: a file emptied by hand would
        // otherwise replace every record on the tablet with nothing.
        return Err(StoreError::AlteredBackup(
            "it is an older, unsealed backup without its list of clients, so nothing shows that no record was taken out of it".to_owned(),
        ));
    };
    if !sealed && index.backups_sealed {
        return Err(StoreError::AlteredBackup(
            "it comes from records whose backups are sealed, but its seal (the manifest) has been taken out".to_owned(),
        ));
    }
    let problems = index.disagreements(&clients, &visits, &licensed);
    if problems.is_empty() {
        Ok(())
    } else {
        Err(StoreError::AlteredBackup(format!(
            "its records and its list of clients disagree: {}",
            problems.join("; ")
        )))
    }
}

/// The rules every visit's date meets: a real date, not after `today` (the device's clock),
/// not before 1990 (before any of these questionnaires was in use; a mistyped year).
pub fn check_visit_date(date: &str, today: &str) -> Result<(), String> {
    wellcheck_core::dates::check(date)
        .map_err(|_| "Enter the visit's date in full: day, month and year".to_owned())?;
    if date > today {
        return Err("The visit's date must be today or in the past".to_owned());
    }
    if date < EARLIEST_VISIT {
        return Err("The visit's date must be in 1990 or later".to_owned());
    }
    Ok(())
}

/// The earliest date a visit may have (the outcomes report refuses earlier ones too).
pub const EARLIEST_VISIT: &str = "1990-01-01";

/// A record that must be there, of the kind `what` names (`visit`, `client`).
async fn read_record<R: Records, T: DeserializeOwned>(
    inner: &Inner<R>,
    id: &str,
    what: &str,
) -> Result<T, StoreError> {
    let bytes = inner
        .store
        .get(id)
        .await?
        .ok_or_else(|| StoreError::Refused(format!("This {what}'s record was not found.")))?;
    decode(id, &bytes)
}

/// The ids of every visit record of a client, read from the records themselves (so a visit
/// the index missed goes too).
async fn visits_of<R: Records>(inner: &Inner<R>, client: &str) -> Result<Vec<String>, StoreError> {
    let mut ids = Vec::new();
    for (id, bytes) in inner.store.get_all().await? {
        if id.starts_with(VISIT_PREFIX) {
            let visit: VisitOwner = decode(&id, &bytes)?;
            if visit.client == client {
                ids.push(id);
            }
        }
    }
    Ok(ids)
}

/// Only whose a visit record is: the rest of it is skipped unread.
#[derive(serde::Deserialize)]
struct VisitOwner {
    client: String,
}

/// The index as stored now, the base of every change: another tab of the app (or an
/// earlier save this one missed) may have written it since this tab opened it.
async fn stored_index<R: Records>(inner: &Inner<R>) -> Result<Index, StoreError> {
    match inner.store.get(INDEX_ID).await? {
        Some(bytes) => decode(INDEX_ID, &bytes),
        None => Ok(inner.index.clone()),
    }
}

/// The index made afresh from every client, visit and licensed wording record.
async fn rebuild_index<R: Records>(store: &R) -> Result<Index, StoreError> {
    let mut index = Index::default();
    let mut visits = Vec::new();
    for (id, bytes) in store.get_all().await? {
        if id.starts_with(CLIENT_PREFIX) {
            index.set_client(&decode::<Client>(&id, &bytes)?);
        } else if id.starts_with(VISIT_PREFIX) {
            visits.push(decode::<Visit>(&id, &bytes)?);
        } else if id.starts_with(LICENSED_PREFIX)
            && let Ok(text) = std::str::from_utf8(&bytes)
            && let Ok((wording, _)) = LicensedWording::check(text, "")
        {
            // The import date is not in the file; the wording itself is what matters.
            index.set_licensed(wording);
        }
    }
    for visit in &visits {
        // A visit whose client is missing cannot be listed; it stays in the store.
        index.set_visit(visit);
    }
    Ok(index)
}
