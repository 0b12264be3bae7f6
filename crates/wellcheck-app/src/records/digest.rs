//! What the scheme's outcomes need of a finished visit, kept on the visit's line in the
//! index, so the Outcomes page reads one record (the index, already open) rather than every
//! visit (thousands, each decrypted and read: seven seconds for 2,000 clients on a slow
//! tablet). Each form's score values as its kept result gives them, the definition they were
//! scored with (the first 12 hex digits of its hash), and the visit's needs and support.
//!
//! It is worked out from the visit whenever the visit's line is ([`VisitSummary::of`], which
//! every save goes through), so it cannot drift from the visit. A line without one (written
//! before it existed, or restored from such a backup), or one scored with a definition this
//! version of the app has changed, sends the Outcomes page the long way, through every
//! visit, which gives the same figures.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use serde::{Deserialize, Serialize};
use wellcheck_core::{Instrument, catalogue};

use super::*;

thread_local! {
    /// Each built-in definition, read and checked once (reading one takes milliseconds).
    static BUILT_IN: RefCell<BTreeMap<String, Result<Rc<Instrument>, String>>> =
        const { RefCell::new(BTreeMap::new()) };
}

/// A built-in questionnaire, read once and shared.
pub fn built_in(id: &str) -> Result<Rc<Instrument>, String> {
    BUILT_IN.with(|known| {
        known
            .borrow_mut()
            .entry(id.to_owned())
            .or_insert_with(|| {
                catalogue::get(id)
                    .map(Rc::new)
                    .map_err(|error| error.to_string())
            })
            .clone()
    })
}

/// The part of a definition hash a digest keeps: enough to notice a changed definition.
pub fn short_hash(hash: &str) -> String {
    hash.trim_start_matches("sha256:")
        .chars()
        .take(12)
        .collect()
}

/// One finished form, for the outcomes. Short field names: the index holds one per form of
/// every finished visit, and is read at every unlock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormDigest {
    /// The questionnaire's id.
    #[serde(rename = "i")]
    pub instrument: String,
    /// [`short_hash`] of the definition the values were scored with; empty when the form
    /// cannot be used.
    #[serde(rename = "h", default, skip_serializing_if = "String::is_empty")]
    pub hash: String,
    /// Each score's value in hundredths, in the definition's order (`None`: not scored).
    #[serde(rename = "v", default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<Option<i64>>,
    /// Why the form cannot be used, in the worker's words (as the long way says it).
    #[serde(rename = "e", default, skip_serializing_if = "Option::is_none")]
    pub unusable: Option<String>,
}

/// A finished visit, for the outcomes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitDigest {
    /// Each form, in the order run.
    #[serde(rename = "f")]
    pub forms: Vec<FormDigest>,
    /// The needs raised.
    #[serde(rename = "n", default, skip_serializing_if = "Vec::is_empty")]
    pub needs: Vec<String>,
    /// The support offered or connected to.
    #[serde(rename = "s", default, skip_serializing_if = "Vec::is_empty")]
    pub support: Vec<String>,
}

impl VisitDigest {
    /// The digest of a finished visit (`None` while it is unfinished): each form as
    /// [`VisitForm::finished`] reads it, exactly as the long way does.
    pub fn of(visit: &Visit) -> Option<VisitDigest> {
        if !visit.finished {
            return None;
        }
        let forms = visit
            .forms
            .iter()
            .map(|form| {
                let finished = built_in(&form.instrument).and_then(|instrument| {
                    let result = form.finished(&instrument)?;
                    Ok((instrument, result))
                });
                match finished {
                    Ok((instrument, result)) => FormDigest {
                        instrument: form.instrument.clone(),
                        hash: short_hash(&result.report.definition_hash),
                        values: instrument
                            .scores()
                            .iter()
                            .map(|score| {
                                result
                                    .report
                                    .score(score.id())
                                    .and_then(|entry| entry.value)
                                    .map(|value| value.hundredths())
                            })
                            .collect(),
                        unusable: None,
                    },
                    Err(why) => FormDigest {
                        instrument: form.instrument.clone(),
                        hash: String::new(),
                        values: Vec::new(),
                        unusable: Some(why),
                    },
                }
            })
            .collect();
        Some(VisitDigest {
            forms,
            needs: visit.needs.clone(),
            support: visit.support.clone(),
        })
    }
}
