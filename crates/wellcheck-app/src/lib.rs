//! The link worker tablet app: an offline, encrypted caseload of clients and visits.
//!
//! - [`vault`]: the key hierarchy. A passphrase-derived key-encryption key wraps one random
//!   data key, which seals every record with AES-256-GCM (WebCrypto).
//! - [`store`]: the sealed records in IndexedDB, with the format version and its upgrades.
//! - [`records`] and [`picklists`]: what is kept (clients, visits, the index, settings) as
//!   plain types, tested natively.
//! - [`caseload`]: those records over the store.
//! - [`change`]: one client's scores over their visits, judged as the outcomes report judges.
//! - [`visit_plan`]: which questionnaires a visit offers first, and how each is completed,
//!   remembered from the client's last visit.
//! - [`exports`]: the finished forms as CSV, FHIR Bundles and the scheme's outcomes.
//! - [`backup`]: the whole store, still sealed, as one file to restore anywhere.
//! - [`ui`]: the Yew app, which mounts the embed's journey for questionnaires.
//!
//! - `bench_seed` (only with the `bench-seed` feature): a large caseload for the unlock
//!   benchmark, written through the store and records above.
//!
//! None of it enters the embeddable widget's bundle.

pub mod backup;
#[cfg(feature = "bench-seed")]
pub mod bench_seed;
pub mod caseload;
pub mod change;
pub mod exports;
pub mod keeping;
pub mod picklists;
pub mod records;
pub mod store;
pub mod ui;
pub mod visit_plan;
pub mod vault;
