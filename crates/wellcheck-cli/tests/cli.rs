//! The `wellcheck` binary as a user runs it: the contract's output and one-line errors.
//!
//! One file a part of the command's use (`tests/cli/`); the helpers that run the binary
//! are `tests/support/`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs,
    reason = "tests"
)]

mod support;

#[path = "cli/scoring.rs"]
mod scoring;
#[path = "cli/validating.rs"]
mod validating;
#[path = "cli/formats.rs"]
mod formats;
#[path = "cli/usage.rs"]
mod usage;
