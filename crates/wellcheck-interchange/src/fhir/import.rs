//! FHIR in: a `QuestionnaireResponse` (alone, or in a `Bundle`) read back into
//! [`Answers`] for an instrument, refusing anything it cannot place exactly (a duplicate
//! `linkId`, a non-list, nesting, a modifier extension), each refusal with its element path.

use serde_json::{Map, Value};

use wellcheck_core::answers::Answers;
use wellcheck_core::definition::{Instrument, Response};

use super::{canonical, option_coding, score_link_id};

/// Why a `QuestionnaireResponse` could not be read back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    /// Where, as a JSON path (`$.item[2].answer[0]`).
    pub path: String,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

impl std::error::Error for ImportError {}

/// Reads a `QuestionnaireResponse` (JSON text) made for this instrument back into answers.
/// Nothing is imported in part: any answer that cannot be placed exactly is an error.
///
/// The text may be the response itself or a `Bundle` holding it (as `fhir response` and
/// the widget write), and may start with a byte order mark. Refused, with the element path:
/// an `item` or `answer` that is not a list, an item without a string `linkId`, a `linkId`
/// given twice (the second answer would silently replace the first), nested `item`s (this
/// project's questionnaires are flat), and a Bundle with no response, or with several, for
/// this instrument.
pub fn answers_from_response(instrument: &Instrument, text: &str) -> Result<Answers, ImportError> {
    let fail = |path: &str, message: String| ImportError {
        path: path.to_owned(),
        message,
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let value: Value = wellcheck_core::json_strict::from_str(text).map_err(|error| {
        if error.is_data() {
            // A key given twice: the message names where, then what.
            let text = error.to_string();
            match text.split_once(": ") {
                Some((path, message)) if path.starts_with('$') => fail(path, message.to_owned()),
                _ => fail("$", text),
            }
        } else {
            fail(
                "$",
                format!(
                    "not valid JSON (line {}, column {})",
                    error.line(),
                    error.column()
                ),
            )
        }
    })?;
    let (root, object) = find_response(instrument, &value)?;
    let questionnaire = object
        .get("questionnaire")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let expected = canonical(instrument);
    let (url, version) = match questionnaire.split_once('|') {
        Some((url, version)) => (url, Some(version)),
        None => (questionnaire, None),
    };
    if url != expected {
        return Err(fail(
            &format!("{root}.questionnaire"),
            format!("is `{questionnaire}`, expected `{expected}`"),
        ));
    }
    if let Some(version) = version.filter(|version| *version != instrument.version()) {
        return Err(fail(
            &format!("{root}.questionnaire"),
            format!(
                "answers version `{version}` of {}, but this build has version `{}`: the items may differ",
                instrument.id(),
                instrument.version()
            ),
        ));
    }
    match object.get("status").and_then(Value::as_str) {
        Some("in-progress" | "completed" | "amended" | "stopped") => {}
        Some("entered-in-error") => {
            return Err(fail(
                &format!("{root}.status"),
                "is entered-in-error: this response was recorded by mistake and holds no answers to import".into(),
            ));
        }
        // FHIR R4 requires a status, from this set, written exactly so.
        Some(other) => {
            return Err(fail(
                &format!("{root}.status"),
                format!(
                    "`{other}` is not a QuestionnaireResponse status (in-progress, completed, amended, entered-in-error, stopped)"
                ),
            ));
        }
        None => {
            return Err(fail(
                &format!("{root}.status"),
                "is missing: a QuestionnaireResponse must say whether it is complete".into(),
            ));
        }
    }
    refuse_modifier_extension(object.get("modifierExtension"), &root)?;
    let mut answers = Answers::new(instrument);
    let items = match object.get("item") {
        None => &[][..],
        Some(Value::Array(items)) => items.as_slice(),
        Some(other) => {
            return Err(fail(
                &format!("{root}.item"),
                format!("must be a list of items, found {}", json_kind(other)),
            ));
        }
    };
    let mut seen: Vec<(String, String)> = Vec::new();
    let mut positions: Vec<(usize, String)> = Vec::new();
    for (position, item) in items.iter().enumerate() {
        let path = format!("{root}.item[{position}]");
        if !item.is_object() {
            return Err(fail(
                &path,
                format!("must be an item object, found {}", json_kind(item)),
            ));
        }
        let link_id = item
            .get("linkId")
            .and_then(Value::as_str)
            .ok_or_else(|| fail(&format!("{path}.linkId"), "missing, or not a string".into()))?;
        if let Some((_, first)) = seen.iter().find(|(id, _)| id == link_id) {
            return Err(fail(
                &format!("{path}.linkId"),
                format!("`{link_id}` is answered twice (first at {first}); refusing to choose"),
            ));
        }
        seen.push((link_id.to_owned(), path.clone()));
        refuse_modifier_extension(item.get("modifierExtension"), &path)?;
        if item.get("item").is_some() {
            return Err(fail(
                &format!("{path}.item"),
                format!(
                    "nested items are not part of {}'s questionnaire, which is flat",
                    instrument.id()
                ),
            ));
        }
        if link_id.starts_with("score_")
            && instrument
                .scores()
                .iter()
                .any(|s| score_link_id(s.id()) == link_id)
        {
            continue; // Scores are recomputed, never imported.
        }
        let index = instrument.item_index(link_id).ok_or_else(|| {
            fail(
                &format!("{path}.linkId"),
                format!("{} has no item `{link_id}`", instrument.id()),
            )
        })?;
        let Some(question) = instrument.items().get(index) else {
            continue;
        };
        let answer_list = match item.get("answer") {
            // A question left unanswered is valid FHIR: it stays unanswered here too.
            None => continue,
            Some(Value::Array(list)) => list.as_slice(),
            Some(other) => {
                return Err(fail(
                    &format!("{path}.answer"),
                    format!("must be a list, found {}", json_kind(other)),
                ));
            }
        };
        if answer_list.len() != 1 {
            return Err(fail(
                &format!("{path}.answer"),
                format!("expected exactly one answer, found {}", answer_list.len()),
            ));
        }
        let answer_path = format!("{path}.answer[0]");
        let answer = answer_list.first().cloned().unwrap_or(Value::Null);
        if answer.get("item").is_some() {
            return Err(fail(
                &format!("{answer_path}.item"),
                "items nested under an answer are not part of this questionnaire".into(),
            ));
        }
        refuse_modifier_extension(answer.get("modifierExtension"), &answer_path)?;
        let values: Vec<&String> = answer
            .as_object()
            .map(|fields| {
                fields
                    .keys()
                    .filter(|key| key.starts_with("value"))
                    .collect()
            })
            .unwrap_or_default();
        if values.len() > 1 {
            return Err(fail(
                &answer_path,
                format!(
                    "holds {} values ({}); an answer has exactly one",
                    values.len(),
                    values
                        .iter()
                        .map(|key| key.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
        }
        let value = match question.response() {
            Response::Number { .. } => answer
                .get("valueInteger")
                .and_then(Value::as_i64)
                .ok_or_else(|| fail(&answer_path, "expected valueInteger".into()))?,
            Response::Choice { set, options } => {
                let coding = answer
                    .get("valueCoding")
                    .ok_or_else(|| fail(&answer_path, "expected valueCoding".into()))?;
                let system = coding
                    .get("system")
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                let code = coding
                    .get("code")
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                options
                    .iter()
                    .find(|option| {
                        let expected =
                            option_coding(instrument, set, option.value(), None, option.codes());
                        expected["system"] == system && expected["code"] == code
                    })
                    .map(wellcheck_core::definition::ResponseOption::value)
                    .ok_or_else(|| {
                        fail(
                            &format!("{answer_path}.valueCoding"),
                            format!("`{system}|{code}` is not an answer to `{link_id}`"),
                        )
                    })?
            }
        };
        answers
            .set(instrument, link_id, value)
            .map_err(|error| fail(&answer_path, error.to_string()))?;
        positions.push((index, path));
    }
    // An answer to a question the other answers say is not asked cannot be placed.
    for (index, path) in positions {
        if !instrument.is_enabled(index, answers.values()) {
            let id = instrument.items().get(index).map_or("", |item| item.id());
            return Err(fail(
                &path,
                format!(
                    "`{id}` is answered, but the other answers say it is not asked (enableWhen)"
                ),
            ));
        }
    }
    Ok(answers)
}

/// A `modifierExtension` changes what the element means; one this project does not know
/// cannot be ignored (FHIR R4, Extensibility: modifier extensions).
fn refuse_modifier_extension(value: Option<&Value>, path: &str) -> Result<(), ImportError> {
    match value {
        None => Ok(()),
        Some(_) => Err(ImportError {
            path: format!("{path}.modifierExtension"),
            message:
                "changes the meaning of this element in a way wellcheck does not know; refusing"
                    .into(),
        }),
    }
}

/// The response to import and its path: the document itself, or the one entry of a Bundle
/// that is a response to this instrument's questionnaire.
fn find_response<'a>(
    instrument: &Instrument,
    value: &'a Value,
) -> Result<(String, &'a Map<String, Value>), ImportError> {
    let fail = |path: &str, message: String| ImportError {
        path: path.to_owned(),
        message,
    };
    let object = value.as_object().ok_or_else(|| {
        fail(
            "$",
            format!("expected an object, found {}", json_kind(value)),
        )
    })?;
    match object.get("resourceType").and_then(Value::as_str) {
        Some("QuestionnaireResponse") => Ok(("$".to_owned(), object)),
        Some("Bundle") => {
            let entries = match object.get("entry") {
                Some(Value::Array(entries)) => entries.as_slice(),
                Some(other) => {
                    return Err(fail(
                        "$.entry",
                        format!("must be a list, found {}", json_kind(other)),
                    ));
                }
                None => &[][..],
            };
            for (index, entry) in entries.iter().enumerate() {
                refuse_modifier_extension(
                    entry.get("modifierExtension"),
                    &format!("$.entry[{index}]"),
                )?;
            }
            let expected = canonical(instrument);
            let responses: Vec<(String, &Map<String, Value>)> = entries
                .iter()
                .enumerate()
                .filter_map(|(index, entry)| {
                    let resource = entry.get("resource")?.as_object()?;
                    (resource.get("resourceType").and_then(Value::as_str)
                        == Some("QuestionnaireResponse"))
                    .then(|| (format!("$.entry[{index}].resource"), resource))
                })
                .collect();
            let mine: Vec<&(String, &Map<String, Value>)> = responses
                .iter()
                .filter(|(_, resource)| {
                    resource
                        .get("questionnaire")
                        .and_then(Value::as_str)
                        .and_then(|url| url.split('|').next())
                        == Some(expected.as_str())
                })
                .collect();
            match (mine.as_slice(), responses.as_slice()) {
                ([one], _) => Ok((one.0.clone(), one.1)),
                ([], [only]) => Ok((only.0.clone(), only.1)),
                ([], []) => Err(fail(
                    "$.entry",
                    "the Bundle holds no QuestionnaireResponse".into(),
                )),
                ([], _) => Err(fail(
                    "$.entry",
                    format!("the Bundle holds no QuestionnaireResponse for `{expected}`"),
                )),
                (several, _) => Err(fail(
                    "$.entry",
                    format!(
                        "the Bundle holds {} QuestionnaireResponses for `{expected}` ({}); import one at a time",
                        several.len(),
                        several
                            .iter()
                            .map(|(path, _)| path.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )),
            }
        }
        _ => Err(fail(
            "$.resourceType",
            "expected \"QuestionnaireResponse\" or a \"Bundle\" holding one".into(),
        )),
    }
}

/// How a JSON value is described in an error.
fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "true or false",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}
