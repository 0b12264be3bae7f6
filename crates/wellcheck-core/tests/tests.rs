//! Integration tests of the core, one module per concern.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs,
    reason = "tests"
)]

// Every built-in definition is registered, valid and tidy.
mod catalogue;
// The compact catalogue the embed carries reads back exactly as the definitions decode.
mod compact;
// Malformed definitions are rejected with every problem and its path.
mod definition_validation;
// The SNOMED CT codes shipped, each with the source it was confirmed in.
mod codes;
// Answers are checked as they are given.
mod answers;
// A result read back from its JSON contract, as the tablet app keeps it.
mod stored_report;
// The core stays free of web and platform dependencies.
mod purity;
// Helpers shared by the scoring vectors.
mod support;
// Scoring vectors, one module per instrument family, named after the published source.
mod activity;
mod cel;
mod licensed;
mod ons;
mod phq;
mod ucla3;
mod who5;
// Change thresholds and reliable-change references, checked against the outcomes research.
mod change;
// Batteries defined in data.
mod batteries;
// Properties over generated answers for every instrument.
#[cfg(not(target_arch = "wasm32"))]
mod properties;
// Results for every instrument, reviewed as snapshots.
#[cfg(not(target_arch = "wasm32"))]
mod snapshots;
// The plain words for each result: every score and band has them, in English and Welsh.
mod result_words;
