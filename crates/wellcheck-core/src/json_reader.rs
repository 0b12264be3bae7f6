//! A reader over a parsed JSON document that records every problem with its path.
//!
//! Definition files are decoded by hand from a [`serde_json::Value`] rather than with
//! `#[derive(Deserialize)]` because serde stops at the first error, and an editor fixing a
//! custom instrument file wants the whole list at once.

use serde_json::{Map, Value};

use crate::limits::{
    FORMAT_VERSION, MAX_DEFINITION_BYTES, MAX_LIST, MAX_NUMBER, MAX_SCORE, MAX_TEXT_CHARS,
};
use crate::problem::{DefinitionError, Problem};

/// Reads a whole document: parses the JSON (a syntax error carries its line and column),
/// runs `decode` over it collecting every problem, and succeeds only if there were none.
/// Definitions, batteries and licensed text are all read this way, within the limits of
/// [`crate::limits`] (size, list lengths, text lengths, number magnitudes).
pub(crate) fn read_document<T>(
    text: &str,
    decode: impl FnOnce(&Located<'_>, &mut Problems) -> Option<T>,
) -> Result<T, DefinitionError> {
    if text.len() > MAX_DEFINITION_BYTES {
        return Err(DefinitionError::Invalid(vec![Problem {
            path: "$".to_owned(),
            message: format!(
                "the file is {} bytes; a definition may be at most {MAX_DEFINITION_BYTES} bytes",
                text.len()
            ),
        }]));
    }
    // Editors on Windows often save with a byte order mark; it is not part of the JSON.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let document: Value =
        crate::json_strict::from_str(text).map_err(|error| DefinitionError::Syntax {
            line: error.line(),
            column: error.column(),
            message: error.to_string(),
        })?;
    let mut problems = Problems::default();
    match decode(&Located::root(&document), &mut problems) {
        Some(value) if problems.is_empty() => Ok(value),
        _ => Err(DefinitionError::Invalid(problems.into_vec())),
    }
}

/// Requires the document's `format` to be the one version this build reads.
pub(crate) fn check_format(obj: &mut Obj<'_>, problems: &mut Problems) {
    if let Some(format) = obj
        .required("format", problems)
        .and_then(|v| v.integer(problems))
        && format != FORMAT_VERSION
    {
        problems.add(
            &format!("{}.format", obj.path()),
            format!("format {format} is not supported (this build reads format {FORMAT_VERSION})"),
        );
    }
}

/// The problems found so far while reading one document.
#[derive(Debug, Default)]
pub(crate) struct Problems(Vec<Problem>);

impl Problems {
    pub(crate) fn add(&mut self, path: &str, message: impl Into<String>) {
        self.0.push(Problem {
            path: path.to_owned(),
            message: message.into(),
        });
    }

    /// How many so far; it only grows, so comparing counts tells whether a check added any.
    pub(crate) fn len(&self) -> usize {
        self.0.len()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub(crate) fn into_vec(self) -> Vec<Problem> {
        self.0
    }
}

/// One value in the document and where it is.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Field<'a> {
    pub(crate) value: &'a Value,
    path: &'a str,
}

/// An owned path plus the value it points at; paths are built as the reader descends.
#[derive(Debug, Clone)]
pub(crate) struct Located<'a> {
    pub(crate) value: &'a Value,
    pub(crate) path: String,
}

impl<'a> Located<'a> {
    pub(crate) fn root(value: &'a Value) -> Self {
        Located {
            value,
            path: String::from("$"),
        }
    }

    pub(crate) fn field(&self) -> Field<'_> {
        Field {
            value: self.value,
            path: &self.path,
        }
    }

    pub(crate) fn object(&self, problems: &mut Problems) -> Option<Obj<'a>> {
        match self.value {
            Value::Object(map) => Some(Obj {
                map,
                path: self.path.clone(),
                known: Vec::new(),
            }),
            other => {
                problems.add(
                    &self.path,
                    format!("expected an object, found {}", kind(other)),
                );
                None
            }
        }
    }

    pub(crate) fn array(&self, problems: &mut Problems) -> Option<Vec<Located<'a>>> {
        match self.value {
            Value::Array(values) if values.len() > MAX_LIST => {
                problems.add(
                    &self.path,
                    format!(
                        "has {} entries; a list may have at most {MAX_LIST}",
                        values.len()
                    ),
                );
                None
            }
            Value::Array(values) => Some(
                values
                    .iter()
                    .enumerate()
                    .map(|(index, value)| Located {
                        value,
                        path: format!("{}[{index}]", self.path),
                    })
                    .collect(),
            ),
            other => {
                problems.add(
                    &self.path,
                    format!("expected an array, found {}", kind(other)),
                );
                None
            }
        }
    }

    pub(crate) fn string(&self, problems: &mut Problems) -> Option<String> {
        self.field().string(problems)
    }

    pub(crate) fn integer(&self, problems: &mut Problems) -> Option<i64> {
        self.field().integer(problems)
    }

    pub(crate) fn boolean(&self, problems: &mut Problems) -> Option<bool> {
        match self.value {
            Value::Bool(flag) => Some(*flag),
            other => {
                problems.add(
                    &self.path,
                    format!("expected true or false, found {}", kind(other)),
                );
                None
            }
        }
    }

    pub(crate) fn decimal(&self, problems: &mut Problems) -> Option<crate::decimal::Decimal> {
        let limit = crate::decimal::Decimal::from_int(MAX_SCORE);
        let found = crate::decimal::Decimal::from_json(self.value);
        if let Some(value) = found
            && (value > limit || value.hundredths() < -limit.hundredths())
        {
            problems.add(
                &self.path,
                format!("{value} is beyond the largest score allowed, ±{MAX_SCORE}"),
            );
            return None;
        }
        if found.is_none() {
            problems.add(
                &self.path,
                format!(
                    "expected a number with at most two decimal places, found {}",
                    kind(self.value)
                ),
            );
        }
        found
    }

    pub(crate) fn integer_list(&self, problems: &mut Problems) -> Option<Vec<i64>> {
        let items = self.array(problems)?;
        let numbers: Vec<Option<i64>> = items.iter().map(|item| item.integer(problems)).collect();
        numbers.into_iter().collect()
    }

    pub(crate) fn string_list(&self, problems: &mut Problems) -> Option<Vec<String>> {
        let items = self.array(problems)?;
        let strings: Vec<Option<String>> = items.iter().map(|item| item.string(problems)).collect();
        strings.into_iter().collect()
    }
}

impl Field<'_> {
    fn string(&self, problems: &mut Problems) -> Option<String> {
        match self.value {
            Value::String(text) if text.trim().is_empty() => {
                problems.add(self.path, "must not be empty");
                None
            }
            // Text that shows as blank (only invisible characters) or that can hide or
            // reorder what is shown (control and direction characters) is refused: a
            // question must read as what it is.
            Value::String(text) if !crate::text::has_visible(text) => {
                problems.add(
                    self.path,
                    "has nothing that can be seen: only spaces or invisible characters",
                );
                None
            }
            Value::String(text) if crate::text::has_hidden_control(text) => {
                problems.add(
                    self.path,
                    "holds a control or text-direction character, which can hide or change what is shown",
                );
                None
            }
            Value::String(text) if text.chars().count() > MAX_TEXT_CHARS => {
                problems.add(
                    self.path,
                    format!(
                        "is {} characters long; a text may have at most {MAX_TEXT_CHARS}",
                        text.chars().count()
                    ),
                );
                None
            }
            Value::String(text) => Some(text.clone()),
            other => {
                problems.add(
                    self.path,
                    format!("expected a string, found {}", kind(other)),
                );
                None
            }
        }
    }

    fn integer(&self, problems: &mut Problems) -> Option<i64> {
        match self.value.as_i64() {
            Some(number) if number.unsigned_abs() > MAX_NUMBER.unsigned_abs() => {
                problems.add(
                    self.path,
                    format!("{number} is beyond the largest number allowed here, ±{MAX_NUMBER}"),
                );
                None
            }
            Some(number) => Some(number),
            None => {
                problems.add(
                    self.path,
                    format!("expected a whole number, found {}", kind(self.value)),
                );
                None
            }
        }
    }
}

/// A JSON object being read: every key read is remembered so that [`Obj::finish`] can
/// report the ones nobody asked for (the format is strict: unknown fields are errors).
#[derive(Debug)]
pub(crate) struct Obj<'a> {
    map: &'a Map<String, Value>,
    path: String,
    known: Vec<&'static str>,
}

impl<'a> Obj<'a> {
    pub(crate) fn path(&self) -> &str {
        &self.path
    }

    /// A key that must be present.
    pub(crate) fn required(
        &mut self,
        key: &'static str,
        problems: &mut Problems,
    ) -> Option<Located<'a>> {
        let found = self.optional(key);
        if found.is_none() {
            problems.add(&self.path, format!("missing required field `{key}`"));
        }
        found
    }

    /// A key that must be present and hold a non-empty string.
    pub(crate) fn required_string(
        &mut self,
        key: &'static str,
        problems: &mut Problems,
    ) -> Option<String> {
        self.required(key, problems)
            .and_then(|v| v.string(problems))
    }

    /// A key that may be absent; `null` counts as absent.
    pub(crate) fn optional(&mut self, key: &'static str) -> Option<Located<'a>> {
        self.known.push(key);
        match self.map.get(key) {
            None | Some(Value::Null) => None,
            Some(value) => Some(Located {
                value,
                path: format!("{}.{key}", self.path),
            }),
        }
    }

    /// All entries, for objects used as maps keyed by id.
    pub(crate) fn entries(&self) -> Vec<(&'a str, Located<'a>)> {
        self.map
            .iter()
            .map(|(key, value)| {
                (
                    key.as_str(),
                    Located {
                        value,
                        path: format!("{}.{key}", self.path),
                    },
                )
            })
            .collect()
    }

    /// Reports every key that was never read.
    pub(crate) fn finish(self, problems: &mut Problems) {
        for key in self.map.keys() {
            if !self.known.contains(&key.as_str()) {
                let expected = self.known.join("`, `");
                problems.add(
                    &format!("{}.{key}", self.path),
                    format!("unknown field (expected one of `{expected}`)"),
                );
            }
        }
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "true or false",
        Value::Number(number) if number.is_i64() || number.is_u64() => "a whole number",
        Value::Number(_) => "a decimal number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
