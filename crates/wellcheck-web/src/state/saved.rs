//! The saved-progress format: [`Saved`], what is kept in the browser (or, by the tablet app,
//! in its sealed visit record) so a person can resume after a reload, read back keeping what
//! is usable and written as the same JSON text serde writes for it.

use serde::{Deserialize, Serialize};
use wellcheck_core::json_text::{self, Value};

use super::Page;

/// What is kept in the browser so a person can resume after a reload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Saved {
    /// Layout of this saved state's format.
    pub version: u32,
    /// The instrument or battery id.
    pub subject: String,
    /// Definition hashes, so answers are never restored into a changed definition.
    pub definitions: Vec<String>,
    /// Each questionnaire's answers by item position.
    pub answers: Vec<Vec<Option<i64>>>,
    /// Where the person was.
    pub page: Page,
}

impl Saved {
    /// Reads a saved entry, keeping what is usable: an answer that is not a whole number
    /// becomes unanswered, and an unreadable page is left for [`Flow::restore`] to choose.
    /// Only the parts that say what the answers belong to (version, subject, definition
    /// hashes) must be exactly right.
    pub fn from_json(text: &str) -> Option<(Saved, bool)> {
        let value = json_text::parse(text).ok()?;
        let version = u32::try_from(value.get("version")?.as_i64()?).ok()?;
        let subject = value.get("subject")?.as_str()?.to_owned();
        let definitions = value
            .get("definitions")?
            .as_array()?
            .iter()
            .map(|hash| hash.as_str().map(str::to_owned))
            .collect::<Option<Vec<String>>>()?;
        let answers = value
            .get("answers")?
            .as_array()?
            .iter()
            .map(|form| {
                form.as_array()
                    .map(|codes| codes.iter().map(Value::as_i64).collect())
                    .unwrap_or_default()
            })
            .collect();
        let page = value.get("page").and_then(Page::from_value);
        let page_known = page.is_some();
        Some((
            Saved {
                version,
                subject,
                definitions,
                answers,
                page: page.unwrap_or(Page::Check),
            },
            page_known,
        ))
    }

    /// The entry as JSON text: the same text serde writes for it (the tablet app keeps
    /// `Saved` in its records with serde; a test checks the two agree).
    pub fn to_json(&self) -> String {
        let number = |value: usize| Value::int(i64::try_from(value).unwrap_or(i64::MAX));
        let codes = |codes: &Vec<Option<i64>>| {
            Value::Array(
                codes
                    .iter()
                    .map(|code| Value::optional_int(*code))
                    .collect(),
            )
        };
        Value::object([
            ("version", Value::int(i64::from(self.version))),
            ("subject", Value::text(&self.subject)),
            (
                "definitions",
                Value::Array(self.definitions.iter().map(Value::text).collect()),
            ),
            (
                "answers",
                Value::Array(self.answers.iter().map(codes).collect()),
            ),
            (
                "page",
                match self.page {
                    Page::Question { form, item } => Value::object([(
                        "Question",
                        Value::object([("form", number(form)), ("item", number(item))]),
                    )]),
                    Page::Form { form } => {
                        Value::object([("Form", Value::object([("form", number(form))]))])
                    }
                    Page::Check => Value::text("Check"),
                    Page::Result => Value::text("Result"),
                },
            ),
        ])
        .to_text()
    }
}

impl Page {
    /// A page as [`Saved::to_json`] writes it (serde's form of the enum).
    fn from_value(value: &Value) -> Option<Page> {
        let position = |value: &Value, name: &str| usize::try_from(value.get(name)?.as_i64()?).ok();
        match value {
            Value::String(name) if name == "Check" => Some(Page::Check),
            Value::String(name) if name == "Result" => Some(Page::Result),
            Value::Object(entries) if entries.len() == 1 => {
                let (name, fields) = entries.first()?;
                let only = |names: &[&str]| {
                    fields
                        .as_object()
                        .is_some_and(|f| f.iter().all(|(key, _)| names.contains(&key.as_str())))
                };
                match name.as_str() {
                    "Question" if only(&["form", "item"]) => Some(Page::Question {
                        form: position(fields, "form")?,
                        item: position(fields, "item")?,
                    }),
                    "Form" if only(&["form"]) => Some(Page::Form {
                        form: position(fields, "form")?,
                    }),
                    _ => None,
                }
            }
            _ => None,
        }
    }
}
