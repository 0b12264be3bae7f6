//! A [`ScoreReport`] read back from its JSON contract: how a keeper of results (the tablet
//! app's visit records) shows and exports what was scored at the time, with the
//! definition's version and hash as they were then, instead of scoring the answers again.
//! Every field is checked; the first that does not fit is named with its JSON path.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::answers::Administration;
use crate::decimal::Decimal;
use crate::definition::{Basis, Instrument};
use crate::problem::Problem;
use crate::report::{ScoreEntry, ScoreReport};

/// The texts a result's `administration` may hold, from the type that writes them.
const ADMINISTRATIONS: [&str; 3] = [
    Administration::SelfCompleted.as_str(),
    Administration::ReadAloud.as_str(),
    Administration::OnBehalf.as_str(),
];

/// The texts a `band_basis` or `rule_basis` may hold, from the type that writes them.
const BASES: [&str; 2] = [Basis::Published.as_str(), Basis::Convention.as_str()];

impl ScoreReport {
    /// Reads a result object written by [`ScoreReport::to_json_value`] (or `to_json`).
    ///
    /// # Errors
    /// The first field that is missing or of the wrong kind, with its path (`$.scores.total.value`).
    pub fn from_json_value(value: &Value) -> Result<ScoreReport, Problem> {
        let object = object_at(value, "$")?;
        let scores = object_at(field(object, "$", "scores")?, "$.scores")?
            .iter()
            .map(|(id, entry)| ScoreEntry::from_json_value(id, entry))
            .collect::<Result<Vec<_>, _>>()?;
        let flags = array_at(field(object, "$", "flags")?, "$.flags")?
            .iter()
            .enumerate()
            .map(|(index, flag)| text_at(flag, &format!("$.flags[{index}]")))
            .collect::<Result<Vec<_>, _>>()?;
        let answers = object_at(field(object, "$", "answers")?, "$.answers")?
            .iter()
            .map(|(id, code)| match code {
                Value::Null => Ok((id.clone(), None)),
                code => code
                    .as_i64()
                    .map(|code| (id.clone(), Some(code)))
                    .ok_or_else(|| problem(&format!("$.answers.{id}"), "a whole number or null")),
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(ScoreReport {
            instrument: text_at(field(object, "$", "instrument")?, "$.instrument")?,
            version: text_at(field(object, "$", "version")?, "$.version")?,
            definition_hash: text_at(field(object, "$", "definition_hash")?, "$.definition_hash")?,
            administration: one_of(
                field(object, "$", "administration")?,
                "$.administration",
                &ADMINISTRATIONS,
            )?,
            licensed_text_reference: optional_text_at(
                object.get("licensed_text_reference"),
                "$.licensed_text_reference",
            )?,
            complete: field(object, "$", "complete")?
                .as_bool()
                .ok_or_else(|| problem("$.complete", "true or false"))?,
            scores,
            flags,
            answers,
        })
    }

    /// The same report with its scores, their alternative bands and its answers in the
    /// instrument's order. A JSON object read into a `serde_json::Value` has its keys
    /// sorted, so a report read back from one is put in order by the definition it came
    /// from; ids the instrument lacks go last.
    #[must_use]
    pub fn in_order_of(mut self, instrument: &Instrument) -> ScoreReport {
        let scores: BTreeMap<&str, usize> = instrument
            .scores()
            .iter()
            .enumerate()
            .map(|(position, score)| (score.id(), position))
            .collect();
        let items: BTreeMap<&str, usize> = instrument
            .items()
            .iter()
            .enumerate()
            .map(|(position, item)| (item.id(), position))
            .collect();
        let place = |order: &BTreeMap<&str, usize>, id: &str| -> usize {
            order.get(id).copied().unwrap_or(usize::MAX)
        };
        self.scores
            .sort_by_cached_key(|entry| place(&scores, &entry.id));
        for entry in &mut self.scores {
            let Some(definition) = instrument
                .scores()
                .iter()
                .find(|score| score.id() == entry.id)
            else {
                continue;
            };
            let bandings: BTreeMap<&str, usize> = definition
                .bandings()
                .iter()
                .enumerate()
                .map(|(position, banding)| (banding.id(), position))
                .collect();
            entry
                .other_bands
                .sort_by_cached_key(|(banding, _)| place(&bandings, banding));
        }
        self.answers.sort_by_cached_key(|(id, _)| place(&items, id));
        self
    }
}

impl ScoreEntry {
    /// One entry of `scores`, whose key is its id.
    fn from_json_value(id: &str, value: &Value) -> Result<ScoreEntry, Problem> {
        let path = format!("$.scores.{id}");
        let object = object_at(value, &path)?;
        let at = |name: &str| format!("{path}.{name}");
        let value = match field(object, &path, "value")? {
            Value::Null => None,
            number => Some(Decimal::from_json(number).ok_or_else(|| {
                problem(&at("value"), "a number with at most two decimal places")
            })?),
        };
        let band_basis = match object.get("band_basis") {
            None | Some(Value::Null) => None,
            Some(basis) => Some(one_of(basis, &at("band_basis"), &BASES)?),
        };
        let other_bands = match object.get("other_bands") {
            None => Vec::new(),
            Some(bands) => object_at(bands, &at("other_bands"))?
                .iter()
                .map(|(banding, band)| {
                    optional_text_at(Some(band), &format!("{path}.other_bands.{banding}"))
                        .map(|band| (banding.clone(), band))
                })
                .collect::<Result<Vec<_>, _>>()?,
        };
        let scored_without = match object.get("scored_without") {
            None => Vec::new(),
            Some(items) => array_at(items, &at("scored_without"))?
                .iter()
                .enumerate()
                .map(|(index, item)| text_at(item, &format!("{path}.scored_without[{index}]")))
                .collect::<Result<Vec<_>, _>>()?,
        };
        Ok(ScoreEntry {
            id: id.to_owned(),
            value,
            band: optional_text_at(object.get("band"), &at("band"))?,
            band_label: optional_text_at(object.get("band_label"), &at("band_label"))?,
            band_basis,
            other_bands,
            rule: text_at(field(object, &path, "rule")?, &at("rule"))?,
            rule_basis: one_of(
                field(object, &path, "rule_basis")?,
                &at("rule_basis"),
                &BASES,
            )?,
            scored_without,
            missing_rule: optional_text_at(object.get("missing_rule"), &at("missing_rule"))?,
        })
    }
}

fn problem(path: &str, expected: &str) -> Problem {
    Problem {
        path: path.to_owned(),
        message: format!("expected {expected}"),
    }
}

fn field<'a>(object: &'a Map<String, Value>, path: &str, name: &str) -> Result<&'a Value, Problem> {
    object.get(name).ok_or_else(|| Problem {
        path: format!("{path}.{name}"),
        message: "missing".to_owned(),
    })
}

fn object_at<'a>(value: &'a Value, path: &str) -> Result<&'a Map<String, Value>, Problem> {
    value.as_object().ok_or_else(|| problem(path, "an object"))
}

fn array_at<'a>(value: &'a Value, path: &str) -> Result<&'a Vec<Value>, Problem> {
    value.as_array().ok_or_else(|| problem(path, "a list"))
}

fn text_at(value: &Value, path: &str) -> Result<String, Problem> {
    value
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| problem(path, "text"))
}

fn optional_text_at(value: Option<&Value>, path: &str) -> Result<Option<String>, Problem> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(text) => text_at(text, path).map(Some),
    }
}

/// One of a closed set of texts, as the `&'static str` the report holds.
fn one_of(value: &Value, path: &str, allowed: &[&'static str]) -> Result<&'static str, Problem> {
    let text = value.as_str();
    allowed
        .iter()
        .copied()
        .find(|known| Some(*known) == text)
        .ok_or_else(|| problem(path, &format!("one of {}", allowed.join(", "))))
}
