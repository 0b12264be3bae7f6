//! What the app keeps: clients, visits and the caseload index, as plain serde types, and the
//! rules for reading them from what a worker types. No browser code, so all of it is tested
//! natively; [`crate::caseload`] seals these into the store.

// In reading order: each module uses only those above it.
mod ids;
mod client;
mod visit;
mod licensed;
mod digest;
mod index;

pub use client::*;
pub use digest::*;
pub use ids::*;
pub use index::*;
pub use licensed::*;
pub use visit::*;
