//! The columns of a forms file: the four required, administration, the computed ones this
//! writer adds, the visit's needs and support, and the scheme's own, found by name in the
//! header row.

use super::*;

pub(crate) const REQUIRED: [&str; 4] = ["client", "date", "instrument", "answers"];
pub(crate) const ADMINISTRATION: &str = "administration";
/// The needs raised at the visit, `;`-separated, as worded on the tablet.
pub const NEEDS: &str = "needs";
/// The support offered or connected to at the visit, `;`-separated.
pub const SUPPORT: &str = "support";
/// Columns this module writes and recomputes on reading (besides the score triples).
pub(crate) const COMPUTED: [&str; 4] = ["version", "complete", "flags", "definition_hash"];

/// Whether a header names a column this module computes (`score_3`, `value_1`, …).
pub(crate) fn is_computed(name: &str) -> bool {
    COMPUTED.contains(&name)
        || ["score_", "value_", "band_", "snomed_", "band_snomed_"]
            .iter()
            .any(|prefix| {
                name.strip_prefix(prefix)
                    .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
            })
}

/// Where each known column is, and the scheme's own columns.
#[derive(Debug, Clone)]
pub(crate) struct Columns {
    pub(crate) client: usize,
    pub(crate) date: usize,
    pub(crate) instrument: usize,
    pub(crate) answers: usize,
    pub(crate) administration: Option<usize>,
    pub(crate) needs: Option<usize>,
    pub(crate) support: Option<usize>,
    pub(crate) extra: Vec<(usize, String)>,
    /// Columns with no name: they must stay empty, or their values would be lost.
    pub(crate) blank: Vec<usize>,
}

/// Header names for a message: a few, each cut short, so a broken file cannot flood it.
pub(crate) fn shown_names(names: &[String]) -> String {
    let mut shown: Vec<String> = names
        .iter()
        .take(12)
        .map(|name| {
            let cut: String = name.chars().take(40).collect();
            if cut.len() < name.len() {
                format!("{cut}…")
            } else {
                cut
            }
        })
        .collect();
    if names.len() > 12 {
        shown.push(format!("and {} more", names.len() - 12));
    }
    shown.join(", ")
}

impl Columns {
    pub(crate) fn from_header(header: &csv::StringRecord) -> Result<Columns, CsvProblem> {
        let names: Vec<String> = header
            .iter()
            .map(|name| unescape(name.trim()).to_owned())
            .collect();
        let keys: Vec<String> = names.iter().map(|name| name.to_ascii_lowercase()).collect();
        let mut first_of: HashMap<&str, usize> = HashMap::with_capacity(keys.len());
        for (index, key) in keys.iter().enumerate() {
            // Columns with no name (a spreadsheet's trailing commas) may repeat.
            if key.is_empty() {
                continue;
            }
            if let Some(first) = first_of.insert(key, index) {
                return Err(CsvProblem::new(
                    1,
                    None,
                    format!(
                        "the header names `{}` twice (columns {} and {}): rename or remove one",
                        names.get(index).map_or("", String::as_str),
                        first + 1,
                        index + 1
                    ),
                ));
            }
        }
        let position = |name: &str| keys.iter().position(|key| key == name);
        let missing: Vec<&str> = REQUIRED
            .iter()
            .copied()
            .filter(|name| position(name).is_none())
            .collect();
        if names.iter().all(|name| name.is_empty()) {
            return Err(CsvProblem::new(
                1,
                None,
                "the file is empty: it needs a header row naming the columns client, date, instrument and answers",
            ));
        }
        let [Some(client), Some(date), Some(instrument), Some(answers)] = REQUIRED.map(position)
        else {
            return Err(CsvProblem::new(
                1,
                None,
                format!(
                    "the header needs the columns {} (found: {})",
                    missing.join(", "),
                    shown_names(&names)
                ),
            ));
        };
        let administration = position(ADMINISTRATION);
        let extra = names
            .iter()
            .zip(&keys)
            .enumerate()
            .filter(|(_, (_, key))| {
                !key.is_empty()
                    && !REQUIRED.contains(&key.as_str())
                    && *key != ADMINISTRATION
                    && *key != NEEDS
                    && *key != SUPPORT
                    && !is_computed(key)
            })
            .map(|(index, (name, _))| (index, name.clone()))
            .collect();
        let blank = keys
            .iter()
            .enumerate()
            .filter(|(_, key)| key.is_empty())
            .map(|(index, _)| index)
            .collect();
        Ok(Columns {
            client,
            date,
            instrument,
            answers,
            administration,
            needs: position(NEEDS),
            support: position(SUPPORT),
            extra,
            blank,
        })
    }
}
