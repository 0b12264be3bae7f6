//! Integration tests of the outcomes analysis.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs,
    reason = "tests"
)]

// Outcome figures for a scheme, from hand-computed fixtures.
mod outcomes;
// The headline a commissioner reads first, hand-computed for six clients.
mod headline;
