//! The link worker tablet app (in progress): encrypted, offline client records.
//!
//! So far this crate holds the key hierarchy ([`vault`]): a passphrase-derived
//! key-encryption key wraps one random data key, which seals every record with AES-256-GCM;
//! and the encrypted store in IndexedDB ([`store`]).
//! None of it enters the embeddable widget's bundle.

pub mod store;
pub mod vault;
