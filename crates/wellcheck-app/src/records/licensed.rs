//! A licensed questionnaire's imported wording: checked before it is kept, listed in the
//! index by instrument and licence reference.

use serde::{Deserialize, Serialize};
use wellcheck_core::definition::{LicenceClass, MAX_DEFINITION_BYTES};
use wellcheck_core::text::is_hidden;
use wellcheck_core::{Instrument, apply_licensed_text, catalogue};

use super::*;

/// Longest licence reference kept from a wording file.
pub const MAX_LICENCE_REFERENCE: usize = 200;

/// A licensed questionnaire's wording, imported from the file the organisation holding the
/// licence supplies (wellcheck never ships it): what the lists show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LicensedWording {
    /// The instrument's id.
    pub instrument: String,
    /// The licence reference the file names.
    pub licence_reference: String,
    /// The date it was imported, `YYYY-MM-DD`.
    pub imported: String,
}

impl LicensedWording {
    /// The id of the sealed record that holds the wording file.
    pub fn record_id(instrument: &str) -> String {
        format!("{LICENSED_PREFIX}{instrument}")
    }

    /// Checks a wording file as the core checks it (every item and option covered, no
    /// open instrument's wording replaced) and says which questionnaire it is for. Every
    /// problem is named with where it is.
    pub fn check(text: &str, today: &str) -> Result<(LicensedWording, Instrument), Vec<String>> {
        if text.len() > MAX_DEFINITION_BYTES {
            return Err(vec![format!(
                "The file is {} bytes; a wording file may be at most {MAX_DEFINITION_BYTES} bytes.",
                text.len()
            )]);
        }
        let named = serde_json::from_str::<serde_json::Value>(text)
            .ok()
            .and_then(|value| value.get("instrument")?.as_str().map(str::to_owned));
        let Some(id) = named else {
            // Not JSON, or no `instrument`: the core's reader says exactly where.
            return Err(vec![
                "This is not a wellcheck wording file: it must be JSON naming its `instrument`."
                    .to_owned(),
            ]);
        };
        let instrument = catalogue::get(&id).map_err(|error| vec![error.to_string()])?;
        if instrument.licence() == LicenceClass::Open {
            return Err(vec![format!(
                "{} ({}) is an open questionnaire: its published wording is built in and is never replaced.",
                instrument.name(),
                instrument.id()
            )]);
        }
        let filled = apply_licensed_text(&instrument, text).map_err(|error| error.lines())?;
        let licence_reference = serde_json::from_str::<serde_json::Value>(text)
            .ok()
            .and_then(|value| value.get("licence_reference")?.as_str().map(str::to_owned))
            .unwrap_or_default();
        // It is shown in lists: one short line of visible text.
        if licence_reference.chars().count() > MAX_LICENCE_REFERENCE
            || licence_reference.chars().any(is_hidden)
        {
            return Err(vec![format!(
                "$.licence_reference: must be one line of up to {MAX_LICENCE_REFERENCE} visible characters"
            )]);
        }
        Ok((
            LicensedWording {
                instrument: instrument.id().to_owned(),
                licence_reference,
                imported: today.to_owned(),
            },
            filled,
        ))
    }
}
