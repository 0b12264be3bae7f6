//! The result of scoring one completed (or partly completed) form.
//!
//! Its JSON form is a contract: the command line prints it, the widget sends it as the
//! `wellcheck-complete` event's detail, and hosts read `instrument`, `complete`,
//! `scores.<id>.value`, `scores.<id>.band` and `flags`. Fields may be added, never removed.

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

use crate::decimal::Decimal;
use crate::json_text::{self, Number, Value};

mod stored;

/// Scores, bands, flags and provenance for one form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScoreReport {
    /// The instrument's contract id.
    pub instrument: String,
    /// The definition version that produced this result.
    pub version: String,
    /// `sha256:…` of the exact definition text that produced this result.
    pub definition_hash: String,
    /// How the form was completed: `self`, `read_aloud` or `on_behalf`.
    pub administration: &'static str,
    /// For licensed instruments: the deploying organisation's licence reference.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub licensed_text_reference: Option<String>,
    /// Whether every item that must be answered was answered.
    pub complete: bool,
    /// Each score in definition order, serialised as an object keyed by score id.
    #[serde(serialize_with = "scores_as_map")]
    pub scores: Vec<ScoreEntry>,
    /// Safety and follow-up flags raised (`self_harm_risk`, ...).
    pub flags: Vec<String>,
    /// The answers scored, by item id in definition order (`null` where unanswered or not asked).
    #[serde(serialize_with = "pairs_as_map")]
    pub answers: Vec<(String, Option<i64>)>,
}

/// One score in a [`ScoreReport`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScoreEntry {
    /// Score id (`total`, ...); the key in the JSON object, not repeated inside it.
    #[serde(skip)]
    pub id: String,
    /// The score, or `None` when answers it needs are missing.
    pub value: Option<Decimal>,
    /// The band id in the default banding, when the score has bands and a value.
    pub band: Option<String>,
    /// The band's plain-English name.
    pub band_label: Option<String>,
    /// `published` or `convention`: whether the owner set the cut-offs.
    pub band_basis: Option<&'static str>,
    /// Band ids in alternative bandings (`national_survey_for_wales`), by banding id.
    #[serde(serialize_with = "pairs_as_map", skip_serializing_if = "Vec::is_empty")]
    pub other_bands: Vec<(String, Option<String>)>,
    /// How the value was computed.
    pub rule: String,
    /// `published` or `convention`: whether the scoring rule is the owner's.
    pub rule_basis: &'static str,
    /// Items that were missing but allowed by the score's own rule (counted as zero).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub scored_without: Vec<String>,
    /// The source of the missing-answer rule, when it was used.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub missing_rule: Option<String>,
}

impl ScoreReport {
    /// The contract's JSON object as a value (keys sorted, as `serde_json::Value` keeps them).
    pub fn to_json_value(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or(serde_json::Value::Null)
    }

    /// The contract's JSON object as compact text, keys in definition order: byte for byte
    /// what serde_json writes for it (a property test checks), without serde_json, so the
    /// embed's first load need not carry it.
    pub fn to_json(&self) -> String {
        self.to_text_value().to_text()
    }

    /// The contract's JSON object as a [`json_text::Value`], keys in definition order.
    pub fn to_text_value(&self) -> json_text::Value {
        let mut object = vec![
            ("instrument", Value::text(&self.instrument)),
            ("version", Value::text(&self.version)),
            ("definition_hash", Value::text(&self.definition_hash)),
            ("administration", Value::text(self.administration)),
        ];
        if let Some(reference) = &self.licensed_text_reference {
            object.push(("licensed_text_reference", Value::text(reference)));
        }
        object.push(("complete", Value::Bool(self.complete)));
        object.push((
            "scores",
            Value::object(
                self.scores
                    .iter()
                    .map(|entry| (entry.id.as_str(), entry.to_text_value())),
            ),
        ));
        object.push((
            "flags",
            Value::Array(self.flags.iter().map(Value::text).collect()),
        ));
        object.push((
            "answers",
            Value::object(
                self.answers
                    .iter()
                    .map(|(id, code)| (id.as_str(), Value::optional_int(*code))),
            ),
        ));
        Value::object(object)
    }

    /// The same, indented for people to read.
    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// One score by id.
    pub fn score(&self, id: &str) -> Option<&ScoreEntry> {
        self.scores.iter().find(|entry| entry.id == id)
    }
}

impl ScoreEntry {
    /// The entry as its JSON object (without its id, which is the key it sits under).
    fn to_text_value(&self) -> json_text::Value {
        let mut object = vec![
            (
                "value",
                self.value
                    .map_or(Value::Null, |value| Value::Number(Number::Decimal(value))),
            ),
            ("band", Value::optional_text(self.band.as_deref())),
            (
                "band_label",
                Value::optional_text(self.band_label.as_deref()),
            ),
            ("band_basis", Value::optional_text(self.band_basis)),
        ];
        if !self.other_bands.is_empty() {
            object.push((
                "other_bands",
                Value::object(
                    self.other_bands
                        .iter()
                        .map(|(id, band)| (id.as_str(), Value::optional_text(band.as_deref()))),
                ),
            ));
        }
        object.push(("rule", Value::text(&self.rule)));
        object.push(("rule_basis", Value::text(self.rule_basis)));
        if !self.scored_without.is_empty() {
            object.push((
                "scored_without",
                Value::Array(self.scored_without.iter().map(Value::text).collect()),
            ));
        }
        if let Some(rule) = &self.missing_rule {
            object.push(("missing_rule", Value::text(rule)));
        }
        Value::object(object)
    }
}

fn scores_as_map<S: Serializer>(scores: &[ScoreEntry], serializer: S) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(Some(scores.len()))?;
    for entry in scores {
        map.serialize_entry(&entry.id, entry)?;
    }
    map.end()
}

fn pairs_as_map<S: Serializer, V: Serialize>(
    pairs: &[(String, V)],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(Some(pairs.len()))?;
    for (key, value) in pairs {
        map.serialize_entry(key, value)?;
    }
    map.end()
}
