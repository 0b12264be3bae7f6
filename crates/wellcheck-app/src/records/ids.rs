//! Record ids (what kind each record is, and nothing about the client) and the problem
//! a field can have, shared by every record type.

use std::collections::BTreeMap;

/// A problem with one field of a form: which field, and what to do, in the words shown
/// beside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldProblem {
    /// The field's name (`reference`, `initials`, …), also its element id suffix.
    pub field: &'static str,
    /// What is wrong, in plain words.
    pub message: String,
}

pub(crate) fn problem(field: &'static str, message: impl Into<String>) -> FieldProblem {
    FieldProblem {
        field,
        message: message.into(),
    }
}

/// The index record's id.
pub const INDEX_ID: &str = "index";
/// The start of every client record's id.
pub const CLIENT_PREFIX: &str = "client-";
/// The start of every visit record's id.
pub const VISIT_PREFIX: &str = "visit-";
/// The start of every licensed wording record's id.
pub const LICENSED_PREFIX: &str = "licensed-";

/// What a record is, in a link worker's words, from its id.
pub(crate) fn kind_of(id: &str) -> &'static str {
    if id == INDEX_ID {
        "list of clients"
    } else if id.starts_with(CLIENT_PREFIX) {
        "client record"
    } else if id.starts_with(VISIT_PREFIX) {
        "visit record"
    } else if id.starts_with(LICENSED_PREFIX) {
        "licensed wording record"
    } else {
        "record"
    }
}

/// "1 visit record", "2 client records and 1 visit record": a count per kind of record, in
/// words, from their ids.
pub fn count_in_words<'a>(ids: impl IntoIterator<Item = &'a str>) -> String {
    let mut counts = BTreeMap::<&str, usize>::new();
    for id in ids {
        *counts.entry(kind_of(id)).or_default() += 1;
    }
    let parts: Vec<String> = counts
        .into_iter()
        .map(|(kind, count)| {
            if count == 1 {
                format!("1 {kind}")
            } else {
                format!("{count} {kind}s")
            }
        })
        .collect();
    match parts.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    }
}
