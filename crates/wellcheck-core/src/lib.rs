//! The pure core of wellcheck: every rule about every instrument lives here.
//!
//! The pipeline, each step a pure function so that the browser widget, the command line
//! and the tests all run the same code:
//!
//! - **Definitions** ([`definition`]): a definition file (JSON, one per instrument under
//!   `instruments/`) is decoded into a validated [`Instrument`]; every problem is reported
//!   with its path, not just the first.
//! - **Catalogue** ([`catalogue`]): the built-in instruments and batteries, embedded at
//!   compile time.
//! - **Licensed text** ([`licensed_text`]): wording a deploying organisation supplies for
//!   licensed instruments, checked to cover every item.
//! - **Answers** ([`answers`]): answers checked against the instrument as they are given.
//! - **Scoring** ([`scoring`]): [`score`] turns an instrument and its answers into a
//!   [`ScoreReport`] with scores, bands, flags and provenance.
//! - **Result words** ([`result_words`]): what each built-in score measures and each band
//!   means, in English and Welsh, with the next step a band suggests.
//!
//! This crate has no web or platform dependency (a test in `tests/` enforces it), does no
//! I/O and never panics on bad input: every failure is an error value naming what and where.

// In reading order: each module uses only those above it.
pub mod text;
pub mod decimal;
pub mod dates;
pub mod hash;
pub mod json_strict;
pub mod json_text;
pub mod limits;
pub mod compact_bytes;
pub mod problem;
pub mod snomed;
mod json_reader;
pub mod definition;
pub mod answers;
pub mod report;
pub mod scoring;
pub mod battery;
pub mod catalogue;
pub mod licensed_text;
pub mod result_words;
pub mod compact;

pub use answers::{Administration, AnswerError, Answers};
pub use battery::{Battery, BatteryAnswerError, split_answers};
pub use catalogue::{CatalogueError, Subject};
pub use decimal::Decimal;
pub use definition::{DefinitionError, Instrument, Problem};
pub use licensed_text::apply_licensed_text;
pub use report::ScoreReport;
pub use scoring::{is_urgent, missing_items, raised_flags, score};
