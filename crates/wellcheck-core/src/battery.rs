//! Batteries: several instruments asked in one sitting (`social-prescribing` is the ONS
//! loneliness set, ONS4 and the Exercise Vital Sign). Defined in data like instruments,
//! under `batteries/`. Format:
//!
//! ```json
//! { "format": 1, "id": "social-prescribing", "name": "…", "description": "…",
//!   "instruments": ["ucla-3", "ons-loneliness", "ons4", "evs"] }
//! ```

use crate::definition::DefinitionError;
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
