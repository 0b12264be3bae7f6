//! The pure core of wellcheck: every rule about every instrument lives here.
//!
//! The pipeline, each step a pure function so that the browser widget, the command line
//! and the tests all run the same code:
//!
//! - **Definitions** ([`definition`]): a definition file (JSON, one per instrument under
//!   `instruments/`) is decoded into a validated [`Instrument`]; every problem is reported
//!   with its path, not just the first.
//! - **Catalogue** ([`catalogue`]): the built-in instruments, embedded at compile time.
//! - **Answers** ([`answers`]): answers checked against the instrument as they are given.
//! - **Scoring** ([`scoring`]): [`score`] turns an instrument and its answers into a
//!   [`ScoreReport`] with scores, bands, flags and provenance.
//!
//! This crate has no web or platform dependency (a test in `tests/` enforces it), does no
//! I/O and never panics on bad input: every failure is an error value naming what and where.

pub mod answers;
pub mod catalogue;
pub mod definition;
mod json_reader;
pub mod report;
pub mod scoring;

pub use answers::{AnswerError, Answers};
pub use catalogue::CatalogueError;
pub use definition::{DefinitionError, Instrument, Problem};
pub use report::ScoreReport;
pub use scoring::score;
