//! What a scheme did, counted: the needs clients raised and the support they were offered
//! or connected to, from the tablet's pick lists (grouped after the PRSB Social Prescribing
//! Information Standard: needs or concerns; support offered and the groups and services a
//! client is connected to) and the scheme's own entries. Counts of what was recorded,
//! worded as such: they say nothing about what the support changed.

use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The standard needs a client may raise, each with its group.
pub const NEEDS: &[(&str, &str)] = &[
    ("Loneliness or social isolation", "Connection"),
    ("Physical activity", "Health and wellbeing"),
    ("Mental wellbeing", "Health and wellbeing"),
    ("Living with a long-term condition", "Health and wellbeing"),
    ("Bereavement", "Health and wellbeing"),
    ("Housing", "Money and housing"),
    ("Debt or money worries", "Money and housing"),
    ("Welfare benefits", "Money and housing"),
    ("Food", "Money and housing"),
    (
        "Employment, training or education",
        "Work, learning and caring",
    ),
    ("Caring responsibilities", "Work, learning and caring"),
];

/// The standard support, with the groups and services a client may be connected to.
pub const SUPPORT: &[(&str, &str)] = &[
    ("Walking group", "Being active"),
    ("Exercise or leisure service", "Being active"),
    ("Allotment or gardening project", "Community and nature"),
    ("Community group or club", "Community and nature"),
    ("Arts or creative activity", "Community and nature"),
    ("Volunteering", "Community and nature"),
    ("Befriending service", "Community and nature"),
    ("Citizens Advice", "Advice"),
    ("Debt advice service", "Advice"),
    ("Housing support", "Advice"),
    ("Carers' support", "Care and health"),
    ("NHS Talking Therapies", "Care and health"),
];

/// What the counts are, said beside them in every rendering.
pub const WORK_NOTE: &str = "These count what link workers recorded at visits: how many clients raised each need, and how many were offered or connected to each kind of support. They do not show that the support caused any change.";

/// The headings of the two lists.
pub const NEEDS_HEADING: &str = "Needs raised";
/// See [`NEEDS_HEADING`].
pub const SUPPORT_HEADING: &str = "Support offered or connected to";

/// The most different entries counted in one list (the tablet allows the standard ones and
/// 50 of a scheme's own; many tablets' files together stay far below this).
pub const MAX_ENTRIES: usize = 10_000;

/// The group of an entry a scheme added itself.
pub const SCHEME_GROUP: &str = "The scheme's own";

/// What is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Work {
    /// Needs raised.
    Needs,
    /// Support offered or connected to.
    Support,
}

impl Work {
    /// The standard list.
    pub fn standard(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Work::Needs => NEEDS,
            Work::Support => SUPPORT,
        }
    }

    /// An entry's group: its standard one, else [`SCHEME_GROUP`].
    pub fn group_of(self, entry: &str) -> &'static str {
        self.standard()
            .iter()
            .find(|(known, _)| key_of(known) == key_of(entry))
            .map_or(SCHEME_GROUP, |(_, group)| group)
    }
}

/// One entry counted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkCount {
    /// The entry as worded on the tablet.
    pub entry: String,
    /// Its group.
    pub group: String,
    /// How many clients had it recorded at any visit.
    pub clients: usize,
    /// At how many visits (a client and a date) it was recorded.
    pub visits: usize,
}

/// The tally as forms come in: per entry, the clients and visits it was recorded at.
#[derive(Debug, Clone, Default)]
pub(crate) struct Tally {
    clients: HashMap<Box<str>, u32>,
    needs: BTreeMap<String, Counted>,
    support: BTreeMap<String, Counted>,
}

#[derive(Debug, Clone, Default)]
struct Counted {
    /// The wording shown: the standard entry's, else the first spelling met.
    shown: String,
    clients: BTreeSet<u32>,
    visits: BTreeSet<(u32, u32)>,
}

/// An entry as compared: spaces collapsed, lower case, so "Men's Shed" and "men's  shed"
/// from two tablets are one entry.
fn key_of(entry: &str) -> String {
    entry
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

impl Tally {
    /// Notes what was recorded at one visit of `client` on `date` (a date number). The
    /// same visit noted twice (a row per form) counts once. `None` when there are more
    /// clients than can be numbered, or more than [`MAX_ENTRIES`] different entries.
    pub(crate) fn note(
        &mut self,
        client: &str,
        date: u32,
        needs: &[String],
        support: &[String],
    ) -> Option<()> {
        let client = match self.clients.get(client) {
            Some(number) => *number,
            None => {
                let number = u32::try_from(self.clients.len()).ok()?;
                self.clients.insert(client.into(), number);
                number
            }
        };
        for (work, list, entries) in [
            (Work::Needs, &mut self.needs, needs),
            (Work::Support, &mut self.support, support),
        ] {
            for entry in entries {
                let key = key_of(entry);
                if key.is_empty() {
                    continue;
                }
                if !list.contains_key(&key) && list.len() >= MAX_ENTRIES {
                    return None;
                }
                let counted = list.entry(key).or_insert_with(|| Counted {
                    shown: work
                        .standard()
                        .iter()
                        .find(|(known, _)| key_of(known) == key_of(entry))
                        .map_or_else(
                            || entry.split_whitespace().collect::<Vec<_>>().join(" "),
                            |(known, _)| (*known).to_owned(),
                        ),
                    ..Counted::default()
                });
                counted.clients.insert(client);
                counted.visits.insert((client, date));
            }
        }
        Some(())
    }

    /// The counts of one list: most clients first, then the standard list's order, then
    /// the scheme's own entries by name.
    pub(crate) fn counts(&self, work: Work) -> Vec<WorkCount> {
        let list = match work {
            Work::Needs => &self.needs,
            Work::Support => &self.support,
        };
        let mut counts: Vec<WorkCount> = list
            .values()
            .map(|counted| WorkCount {
                entry: counted.shown.clone(),
                group: work.group_of(&counted.shown).to_owned(),
                clients: counted.clients.len(),
                visits: counted.visits.len(),
            })
            .collect();
        // A standard entry is shown in the standard wording, so its place is found exactly,
        // once per entry.
        let place = |entry: &str| {
            work.standard()
                .iter()
                .position(|(known, _)| *known == entry)
                .unwrap_or(usize::MAX)
        };
        counts.sort_by_cached_key(|count| {
            (
                std::cmp::Reverse(count.clients),
                place(&count.entry),
                count.entry.clone(),
            )
        });
        counts
    }
}
