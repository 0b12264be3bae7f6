//! The definition format's version, and its limits, so that checking any file is quick and
//! small (a file within them validates in well under a second). Each limit is far beyond any
//! real questionnaire. They sit below every reader of the format (definitions, batteries,
//! licensed text), which all take them from here.

/// The only definition format version this build reads.
pub const FORMAT_VERSION: i64 = 1;

/// Largest definition (or licensed-text) file, in bytes.
pub const MAX_DEFINITION_BYTES: usize = 1024 * 1024;
/// Most items in one instrument.
pub const MAX_ITEMS: usize = 500;
/// Most scores in one instrument.
pub const MAX_SCORES: usize = 100;
/// Most options in one response set, bands in one banding, or rows in one table.
pub const MAX_LIST: usize = 2_000;
/// Longest text (wording, names, sources), in characters.
pub const MAX_TEXT_CHARS: usize = 10_000;
/// Largest magnitude of a number item's `min` or `max`, and of any code or threshold.
pub const MAX_NUMBER: i64 = 1_000_000_000;
/// Largest magnitude any score may reach, in whole units (so hundredths, squared for a
/// product, stay far inside 64 bits).
pub const MAX_SCORE: i64 = 10_000_000_000_000;
