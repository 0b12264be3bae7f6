//! The pick lists for a visit: needs raised and support offered, grouped as PRSB's Social
//! Prescribing Information Standard groups its minimum dataset (needs or concerns; support
//! offered and the groups and services a client is connected to). The standard's coded item
//! list was not read in full (research/outcomes.md), so these are short plain-words lists in
//! its two groups, and a scheme extends them in settings with its own entries.

/// Needs or concerns a client may raise.
pub const NEEDS: &[&str] = &[
    "Loneliness or social isolation",
    "Physical activity",
    "Mental wellbeing",
    "Housing",
    "Debt or money worries",
    "Welfare benefits",
    "Employment, training or education",
    "Caring responsibilities",
    "Bereavement",
    "Living with a long-term condition",
    "Food",
];

/// Support offered, including groups and services the client was connected to.
pub const SUPPORT: &[&str] = &[
    "Walking group",
    "Allotment or gardening project",
    "Citizens Advice",
    "Debt advice service",
    "Housing support",
    "Befriending service",
    "Community group or club",
    "Arts or creative activity",
    "Exercise or leisure service",
    "Volunteering",
    "Carers' support",
    "NHS Talking Therapies",
];

/// Longest entry a scheme may add, in characters.
pub const MAX_ENTRY: usize = 60;
/// Most entries a scheme may add to one list.
pub const MAX_EXTRA: usize = 50;

/// The standard list followed by the scheme's additions.
pub fn with_extra<'a>(standard: &'a [&'a str], extra: &'a [String]) -> Vec<&'a str> {
    standard
        .iter()
        .copied()
        .chain(extra.iter().map(String::as_str))
        .collect()
}

/// Checks a scheme's new entry against the list it joins (`standard` and the scheme's
/// `extra` entries); the entry as kept, or what is wrong in plain words.
pub fn check_entry(entry: &str, standard: &[&str], extra: &[String]) -> Result<String, String> {
    let entry = entry.split_whitespace().collect::<Vec<_>>().join(" ");
    if entry.is_empty() {
        return Err("Enter the entry's name".to_owned());
    }
    if entry.chars().count() > MAX_ENTRY {
        return Err(format!("Entries must be {MAX_ENTRY} characters or fewer"));
    }
    if entry.chars().any(char::is_control) {
        return Err("Entries must be plain text on one line".to_owned());
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
