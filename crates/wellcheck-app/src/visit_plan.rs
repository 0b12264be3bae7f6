//! Planning a visit: which questionnaires are offered first (the scheme's set, in its
//! order), and how each is completed, remembered from the client's last visit, so a
//! worker-led follow-up is not exported as self-completed because nobody changed four
//! selects.

use std::collections::BTreeMap;

use crate::records::{Mode, Visit};

/// The instrument ids in the order a visit offers them: the scheme's set first, in its
/// order, then the rest as the catalogue lists them.
pub fn offered_order<'a>(all: &[&'a str], set: &[String]) -> Vec<&'a str> {
    let in_set = |id: &str| set.iter().position(|known| known == id);
    let mut first: Vec<(usize, &'a str)> = all
        .iter()
        .filter_map(|id| in_set(id).map(|place| (place, *id)))
        .collect();
    first.sort_unstable();
    first
        .into_iter()
        .map(|(_, id)| id)
        .chain(all.iter().copied().filter(|id| in_set(id).is_none()))
        .collect()
}

/// How each questionnaire was completed at the client's most recent visit that had it
/// (`visits` in any order), by instrument id.
pub fn remembered_modes(visits: &[Visit]) -> BTreeMap<String, Mode> {
    let mut by_date: Vec<&Visit> = visits.iter().collect();
    by_date.sort_by(|a, b| (&a.date, &a.id).cmp(&(&b.date, &b.id)));
    let mut modes = BTreeMap::new();
    for visit in by_date {
        for form in &visit.forms {
            modes.insert(form.instrument.clone(), form.mode);
        }
    }
    modes
}
