//! Where a caseload's records are kept: the [`Records`] a [`crate::caseload::Caseload`] is
//! written over. The app keeps them sealed in IndexedDB ([`crate::store::Store`]); native
//! tests keep them in memory ([`MemoryRecords`]), so the caseload's rules (the index always
//! agrees with the records, a failed write changes nothing) are tested without a browser.
//! A shared scheme store would be another implementation.

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::rc::Rc;

use crate::store::{Store, StoreError};

/// What a caseload needs of where its records are kept: whole records by id, written one
/// at a time or several in one transaction (all or none).
#[allow(
    async_fn_in_trait,
    reason = "a generic bound on one thread's caseload, never a boxed trait object"
)]
pub trait Records {
    /// One record's bytes, if there is one.
    async fn get(&self, id: &str) -> Result<Option<Vec<u8>>, StoreError>;
    /// Every record, by id.
    async fn get_all(&self) -> Result<Vec<(String, Vec<u8>)>, StoreError>;
    /// Writes one record.
    async fn put(&self, id: &str, bytes: &[u8]) -> Result<(), StoreError>;
    /// Writes several records in one transaction: all of them, or none.
    async fn put_all(&self, records: &[(String, Vec<u8>)]) -> Result<(), StoreError>;
    /// Writes `records` and deletes the records `deletes` in one transaction: all or none.
    /// A deleted record is gone, not hidden.
    async fn change_all(
        &self,
        records: &[(String, Vec<u8>)],
        deletes: &[String],
    ) -> Result<(), StoreError>;
    /// Changes the passphrase that opens them.
    async fn change_passphrase(&self, old: &str, new: &str) -> Result<(), StoreError>;
    /// A backup file of every record, dated `created`.
    async fn export(&self, created: &str) -> Result<String, StoreError>;
    /// Closes them: nothing can be read or written after.
    fn close(self);
}

/// Records in memory, for native tests. A clone shares them (a test keeps one to look at
/// or change what the caseload keeps, as another tab would). A write can be made to fail,
/// as a full disk does.
#[derive(Debug, Default, Clone)]
pub struct MemoryRecords {
    records: Rc<RefCell<BTreeMap<String, Vec<u8>>>>,
    full: Rc<Cell<bool>>,
}

impl MemoryRecords {
    /// From now on every write fails with [`StoreError::Full`] (`true`), or works.
    pub fn set_full(&self, full: bool) {
        self.full.set(full);
    }

    /// Every record as kept, for a test to look at.
    pub fn snapshot(&self) -> BTreeMap<String, Vec<u8>> {
        self.records.borrow().clone()
    }

    fn writable(&self) -> Result<(), StoreError> {
        if self.full.get() {
            Err(StoreError::Full)
        } else {
            Ok(())
        }
    }
}

impl Records for MemoryRecords {
    async fn get(&self, id: &str) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self.records.borrow().get(id).cloned())
    }

    async fn get_all(&self) -> Result<Vec<(String, Vec<u8>)>, StoreError> {
        Ok(self
            .records
            .borrow()
            .iter()
            .map(|(id, bytes)| (id.clone(), bytes.clone()))
            .collect())
    }

    async fn put(&self, id: &str, bytes: &[u8]) -> Result<(), StoreError> {
        self.writable()?;
        self.records
            .borrow_mut()
            .insert(id.to_owned(), bytes.to_vec());
        Ok(())
    }

    async fn put_all(&self, records: &[(String, Vec<u8>)]) -> Result<(), StoreError> {
        self.writable()?;
        let mut kept = self.records.borrow_mut();
        for (id, bytes) in records {
            kept.insert(id.clone(), bytes.clone());
        }
        Ok(())
    }

    async fn change_all(
        &self,
        records: &[(String, Vec<u8>)],
        deletes: &[String],
    ) -> Result<(), StoreError> {
        self.writable()?;
        let mut kept = self.records.borrow_mut();
        for id in deletes {
            kept.remove(id);
        }
        for (id, bytes) in records {
            kept.insert(id.clone(), bytes.clone());
        }
        Ok(())
    }

    async fn change_passphrase(&self, _old: &str, _new: &str) -> Result<(), StoreError> {
        self.writable()
    }

    async fn export(&self, created: &str) -> Result<String, StoreError> {
        let ids: Vec<String> = self.records.borrow().keys().cloned().collect();
        Ok(serde_json::json!({ "created": created, "ids": ids }).to_string())
    }

    fn close(self) {}
}

impl Records for Store {
    async fn get(&self, id: &str) -> Result<Option<Vec<u8>>, StoreError> {
        Store::get(self, id).await
    }

    async fn get_all(&self) -> Result<Vec<(String, Vec<u8>)>, StoreError> {
        Store::get_all(self).await
    }

    async fn put(&self, id: &str, bytes: &[u8]) -> Result<(), StoreError> {
        Store::put(self, id, bytes).await
    }

    async fn put_all(&self, records: &[(String, Vec<u8>)]) -> Result<(), StoreError> {
        Store::put_all(self, records).await
    }

    async fn change_all(
        &self,
        records: &[(String, Vec<u8>)],
        deletes: &[String],
    ) -> Result<(), StoreError> {
        Store::change_all(self, records, deletes).await
    }

    async fn change_passphrase(&self, old: &str, new: &str) -> Result<(), StoreError> {
        Store::change_passphrase(self, old, new).await
    }

    async fn export(&self, created: &str) -> Result<String, StoreError> {
        Store::export(self, created).await
    }

    fn close(self) {
        Store::lock(self);
    }
}
