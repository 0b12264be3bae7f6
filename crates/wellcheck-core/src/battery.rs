//! Batteries: several instruments asked in one sitting (`social-prescribing` is the ONS
//! loneliness set, ONS4 and the Exercise Vital Sign). Defined in data like instruments,
//! under `batteries/`. Format:
//!
//! ```json
//! { "format": 1, "id": "social-prescribing", "name": "…", "description": "…",
//!   "instruments": ["ucla-3", "ons-loneliness", "ons4", "evs"] }
//! ```

use std::fmt;

use crate::answers::{AnswerError, Answers};
use crate::definition::{DefinitionError, Instrument};
use crate::json_reader::{Located, Problems, check_format, read_document};

/// A validated battery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Battery {
    id: String,
    name: String,
    description: String,
    instruments: Vec<String>,
}

impl Battery {
    /// Parses a battery, checking each instrument id with `is_known`.
    pub fn from_json(
        text: &str,
        is_known: impl Fn(&str) -> bool,
    ) -> Result<Battery, DefinitionError> {
        read_document(text, |root, problems| decode(root, &is_known, problems))
    }

    /// A battery already validated (the compact catalogue's).
    pub(crate) fn from_parts(
        id: String,
        name: String,
        description: String,
        instruments: Vec<String>,
    ) -> Battery {
        Battery {
            id,
            name,
            description,
            instruments,
        }
    }

    /// Its id (`social-prescribing`).
    pub fn id(&self) -> &str {
        &self.id
    }
    /// Full name.
    pub fn name(&self) -> &str {
        &self.name
    }
    /// What it is for.
    pub fn description(&self) -> &str {
        &self.description
    }
    /// The instrument ids in the order they are asked.
    pub fn instruments(&self) -> &[String] {
        &self.instruments
    }
}

fn decode(
    root: &Located<'_>,
    is_known: &impl Fn(&str) -> bool,
    problems: &mut Problems,
) -> Option<Battery> {
    let mut obj = root.object(problems)?;
    check_format(&mut obj, problems);
    let id = obj.required_string("id", problems);
    let name = obj.required_string("name", problems);
    let description = obj.required_string("description", problems);
    let instruments = obj.required("instruments", problems).and_then(|v| {
        let ids = v.string_list(problems)?;
        if ids.len() < 2 {
            problems.add(&v.path, "a battery needs at least two instruments");
        }
        for (index, id) in ids.iter().enumerate() {
            if !is_known(id) {
                problems.add(
                    &format!("{}[{index}]", v.path),
                    format!("unknown instrument `{id}`"),
                );
            }
            if ids.iter().take(index).any(|seen| seen == id) {
                problems.add(
                    &format!("{}[{index}]", v.path),
                    format!("`{id}` is listed twice"),
                );
            }
        }
        Some(ids)
    });
    obj.finish(problems);
    Some(Battery {
        id: id?,
        name: name?,
        description: description?,
        instruments: instruments?,
    })
}

/// Why a battery's answers could not be split among its instruments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BatteryAnswerError {
    /// The number of answers is not the battery's item count.
    WrongCount {
        /// The battery id.
        battery: String,
        /// Its instruments, in order.
        instruments: Vec<String>,
        /// Items across all its instruments.
        expected: usize,
        /// Answers given.
        found: usize,
    },
    /// One instrument's share of the answers is wrong.
    Answer {
        /// The battery id.
        battery: String,
        /// What is wrong, naming the instrument and item.
        error: AnswerError,
    },
}

impl fmt::Display for BatteryAnswerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BatteryAnswerError::WrongCount {
                battery,
                instruments,
                expected,
                found,
            } => write!(
                f,
                "{battery} has {expected} items across {} but {found} answers were given \
                 (its instruments' answers one after another)",
                instruments.join(", ")
            ),
            BatteryAnswerError::Answer { battery, error } => write!(f, "{battery}: {error}"),
        }
    }
}

impl std::error::Error for BatteryAnswerError {}

/// Splits a battery's answers in the text form (`2,3,2,1,…`: its instruments' answers one
/// after another, every item counted, trailing optional items included) into one checked
/// [`Answers`] per instrument, in the battery's order.
pub fn split_answers(
    battery: &str,
    instruments: &[&Instrument],
    text: &str,
) -> Result<Vec<Answers>, BatteryAnswerError> {
    let parts: Vec<&str> = text.split(',').collect();
    let expected: usize = instruments.iter().map(|i| i.items().len()).sum();
    if parts.len() != expected {
        return Err(BatteryAnswerError::WrongCount {
            battery: battery.to_owned(),
            instruments: instruments.iter().map(|i| i.id().to_owned()).collect(),
            expected,
            found: parts.len(),
        });
    }
    let mut rest = parts.as_slice();
    let mut all = Vec::with_capacity(instruments.len());
    for instrument in instruments {
        let (own, after) = rest.split_at(instrument.items().len().min(rest.len()));
        rest = after;
        let answers = Answers::parse(instrument, &own.join(",")).map_err(|error| {
            BatteryAnswerError::Answer {
                battery: battery.to_owned(),
                error,
            }
        })?;
        all.push(answers);
    }
    Ok(all)
}
