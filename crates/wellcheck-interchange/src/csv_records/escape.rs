//! Cells safe from spreadsheet formulas: [`escape`] puts a `'` before a cell a spreadsheet
//! would run, and [`unescape`] takes it off, so output reads back exactly.

/// Whether a spreadsheet would read this cell as a formula (or it is a value this module
/// escaped, which must be escaped again to read back exactly).
pub(crate) fn needs_quote_prefix(cell: &str) -> bool {
    match cell.as_bytes().first() {
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') => true,
        Some(b'\'') => cell.get(1..).is_some_and(needs_quote_prefix),
        _ => false,
    }
}

/// A text cell made safe for spreadsheets: a leading `'` where it would start a formula.
pub fn escape(cell: &str) -> std::borrow::Cow<'_, str> {
    if needs_quote_prefix(cell) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// The original text of a cell written by [`escape`].
pub fn unescape(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if needs_quote_prefix(rest) => rest,
        _ => cell,
    }
}
