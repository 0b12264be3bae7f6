//! Completed forms as CSV, for spreadsheets and scheme databases.
//!
//! **Reading** ([`FormReader`], or [`read`] for a whole text) accepts any CSV with a header
//! holding at least `client`, `date` (a real calendar date, `YYYY-MM-DD`), `instrument` and
//! `answers` (the command line's form: `2,3,-`, quoted because it holds commas), in any order
//! and any letter case. An optional `administration` column (`self`, `read_aloud`,
//! `on_behalf`) is used when present. The columns this module writes (`version`, `complete`,
//! `flags`, `score_N`, `value_N`, `band_N`, `snomed_N`, `band_snomed_N`, `definition_hash`)
//! are recomputed, never trusted,
//! so a file it wrote reads back. Any other column is the scheme's own: it is kept, in order,
//! and written after the documented columns. Two columns with the same name are refused. The
//! `instrument` may be a battery: its answers are its instruments' answers one after another,
//! and the row gives one record per instrument. Reading streams: one row at a time, each
//! instrument resolved once.
//!
//! **Writing** ([`FormWriter`], or [`write`]) gives one row per form with these columns:
//! `client, date, instrument, version, administration, complete, answers, flags`, then for
//! each score `score_N, value_N, band_N, snomed_N, band_snomed_N` (the SNOMED CT codes of the
//! score and of its band, where a built-in definition carries them), then `definition_hash`,
//! then the visit's `needs` and `support`, then the scheme's
//! own columns. Flags are joined with `;`.
//!
//! **Spreadsheet safety** (OWASP, "CSV Injection"): a spreadsheet runs a cell that begins
//! with `=`, `+`, `-`, `@`, a tab or a carriage return as a formula. Every text cell written
//! here that begins so is prefixed with a single quote (and quoted by the CSV writer), and
//! reading removes that prefix again, so values survive the round trip exactly. Score values
//! are numbers the core computed and are written as numbers, negative ones included.

use std::collections::HashMap;
use std::fmt;
use std::io;
use std::rc::Rc;

use wellcheck_core::answers::{Administration, Answers};
use wellcheck_core::battery::split_answers;
use wellcheck_core::catalogue::{self, Subject};
use wellcheck_core::dates;
use wellcheck_core::report::ScoreReport;
use wellcheck_core::scoring::{score, score_values};

/// One completed (or partly completed) form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// The scheme's client reference.
    pub client: String,
    /// When the form was completed, `YYYY-MM-DD`.
    pub date: String,
    /// The answers (with the administration mode).
    pub answers: Answers,
    /// The answers scored by the core.
    pub report: ScoreReport,
    /// The needs raised at the visit the form belongs to, as worded on the tablet (the
    /// `needs` column, `;`-separated); empty when none were recorded.
    pub needs: Vec<String>,
    /// The support offered or connected to at that visit (the `support` column).
    pub support: Vec<String>,
    /// The scheme's own columns from the input row, as `(header, value)` in input order.
    pub extra: Vec<(String, String)>,
}

/// One problem in a CSV file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvProblem {
    /// 1-based line in the file (the header is line 1).
    pub line: u64,
    /// The column, when the problem is in one.
    pub column: Option<String>,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for CsvProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.column {
            Some(column) => write!(f, "line {}, column `{column}`: {}", self.line, self.message),
            None => write!(f, "line {}: {}", self.line, self.message),
        }
    }
}

impl CsvProblem {
    fn new(line: u64, column: Option<&str>, message: impl Into<String>) -> CsvProblem {
        CsvProblem {
            line,
            column: column.map(str::to_owned),
            message: message.into(),
        }
    }
}

/// The longest cell accepted in the columns this module reads (`client`, `date`,
/// `instrument`, `answers`, `administration`); the scheme's own columns are kept as they are.
pub const MAX_CELL_CHARS: usize = 1_000;

/// [`read`] lists at most this many problems, then one line saying how many more there were.
pub const MAX_LISTED_PROBLEMS: usize = 100;

// In reading order: each module uses only those above it.
mod escape;
mod problems;
mod columns;
mod quotes;
mod read;
mod write;
#[cfg(test)]
mod tests;

use columns::*;
pub use escape::{escape, unescape};
pub use problems::ProblemList;
pub use quotes::MAX_ROW_BYTES;
use quotes::*;
pub use read::{FormReader, RowValues, read, split_entries};
pub use write::{FormWriter, write};
