//! The pick lists for a visit: needs raised and support offered, grouped as PRSB's Social
//! Prescribing Information Standard groups its minimum dataset (needs or concerns; support
//! offered and the groups and services a client is connected to). The standard's coded item
//! list was not read in full (research/outcomes.md), so these are short plain-words lists in
//! its two groups (each entry with a group of its own for the report's counts), and a
//! scheme extends them in settings with its own entries. An entry may not hold `;`, which
//! separates entries in the CSV export's `needs` and `support` columns.

/// The standard lists, each entry with its group: one source, shared with the outcomes
/// report, which counts them (`wellcheck_outcomes::work`).
pub use wellcheck_outcomes::work::{NEEDS, SUPPORT};

/// Longest entry a scheme may add, in characters.
pub const MAX_ENTRY: usize = 60;
/// Most entries a scheme may add to one list.
pub const MAX_EXTRA: usize = 50;

/// The standard list's entries followed by the scheme's additions.
pub fn with_extra<'a>(standard: &'a [(&'a str, &'a str)], extra: &'a [String]) -> Vec<&'a str> {
    standard
        .iter()
        .map(|(entry, _)| *entry)
        .chain(extra.iter().map(String::as_str))
        .collect()
}

/// Checks a scheme's new entry against the list it joins (`standard` and the scheme's
/// `extra` entries); the entry as kept, or what is wrong in plain words.
pub fn check_entry(
    entry: &str,
    standard: &[(&str, &str)],
    extra: &[String],
) -> Result<String, String> {
    let entry = entry.split_whitespace().collect::<Vec<_>>().join(" ");
    if entry.is_empty() {
        return Err("Enter the entry's name".to_owned());
    }
    if entry.chars().count() > MAX_ENTRY {
        return Err(format!("Entries must be {MAX_ENTRY} characters or fewer"));
    }
    if entry.chars().any(wellcheck_core::text::is_hidden) {
        return Err("Entries must be plain text on one line, without hidden characters".to_owned());
    }
    if entry.contains(';') {
        return Err(
            "Entries cannot hold a semicolon (;): it separates entries in the exports".to_owned(),
        );
    }
    if with_extra(standard, extra)
        .iter()
        .any(|known| known.to_lowercase() == entry.to_lowercase())
    {
        return Err(format!("“{entry}” is already on the list"));
    }
    if extra.len() >= MAX_EXTRA {
        return Err(format!(
            "A scheme can add up to {MAX_EXTRA} entries to a list"
        ));
    }
    Ok(entry)
}
