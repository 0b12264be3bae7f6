//! Licensed wording supplied by the deploying organisation.
//!
//! wellcheck never ships the text of licensed instruments (WEMWBS, SWEMWBS, UCLA-20,
//! De Jong Gierveld): an organisation that holds a licence supplies its wording as a JSON
//! file keyed by item id, with its licence reference. The file must cover every item and
//! every answer option; it is checked as strictly as a definition. Format:
//!
//! ```json
//! {
//!   "format": 1,
//!   "instrument": "swemwbs",
//!   "language": "en",
//!   "licence_reference": "Warwick non-commercial licence 1234",
//!   "instructions": "…optional…",
//!   "items": { "item_1": "…", "item_2": "…" },
//!   "responses": { "frequency_5": { "1": "…", "2": "…" } }
//! }
//! ```

use litemap::LiteMap;

use crate::definition::{DefinitionError, Instrument, LicenceClass, Response};
use crate::json_reader::{Located, Problems, check_format, read_document};
use crate::json_text::Value;

pub use crate::definition::CheckedText;

/// The wording objects in a page's `licensedText` option: one object, or a list of them
/// (one per licensed instrument in a battery), each naming its `instrument`.
fn wording_objects(supplied: &Value) -> Vec<&Value> {
    match supplied {
        Value::Array(list) => list.iter().collect(),
        Value::Null => Vec::new(),
        single => vec![single],
    }
}

/// The wording a page supplied for one instrument (see [`wording_objects`]).
pub fn supplied_for<'a>(supplied: &'a Value, instrument: &str) -> Option<&'a Value> {
    wording_objects(supplied)
        .into_iter()
        .find(|candidate| candidate.get("instrument").and_then(Value::as_str) == Some(instrument))
}

impl CheckedText {
    /// As JSON: `{ reference, instructions, items: { id: text }, labels: [[set, code,
    /// label]] }`, how the widget's on-demand module hands checked wording to the widget.
    pub fn to_value(&self) -> Value {
        Value::object([
            ("reference", Value::text(&self.reference)),
            (
                "instructions",
                Value::optional_text(self.instructions.as_deref()),
            ),
            (
                "items",
                Value::object(
                    self.items
                        .iter()
                        .map(|(id, text)| (id.as_str(), Value::text(text))),
                ),
            ),
            (
                "labels",
                Value::Array(
                    self.labels
                        .iter()
                        .map(|((set, code), label)| {
                            Value::Array(vec![
                                Value::text(set),
                                Value::int(*code),
                                Value::text(label),
                            ])
                        })
                        .collect(),
                ),
            ),
        ])
    }

    /// Reads what [`CheckedText::to_value`] wrote; `None` if it is not that shape.
    pub fn from_value(value: &Value) -> Option<CheckedText> {
        let text = |value: &Value| value.as_str().map(str::to_owned);
        let instructions = match value.get("instructions")? {
            Value::Null => None,
            other => Some(text(other)?),
        };
        // Inserted one by one rather than collected: collecting sorts, and a sort of each
        // entry type is code the embed would carry for nothing (to_value wrote them sorted).
        let mut items = LiteMap::new();
        for (id, item) in value.get("items")?.as_object()? {
            items.insert(id.clone(), text(item)?);
        }
        let mut labels = LiteMap::new();
        for entry in value.get("labels")?.as_array()? {
            let [set, code, label] = entry.as_array()? else {
                return None;
            };
            labels.insert((text(set)?, code.as_i64()?), text(label)?);
        }
        Some(CheckedText {
            reference: text(value.get("reference")?)?,
            instructions,
            items,
            labels,
        })
    }
}

/// Checks every wording object a page supplied (its `licensedText` option: one object, or
/// a list) against the built-in instrument it names. One entry per object: the instrument
/// it names (empty if none) and the checked wording, or every problem in a line.
pub fn check_supplied(supplied: &Value) -> Vec<(String, Result<CheckedText, String>)> {
    wording_objects(supplied)
        .into_iter()
        .map(|object| {
            // Ids are read whatever their case and spacing, as everywhere else.
            let id = crate::catalogue::normalise_id(
                object
                    .get("instrument")
                    .and_then(Value::as_str)
                    .unwrap_or_default(),
            );
            let checked = crate::catalogue::get(&id)
                .map_err(|error| error.to_string())
                .and_then(|instrument| {
                    read_document(&object.to_text(), |root, problems| {
                        check(&instrument, root, problems)
                    })
                    .map_err(|error| error.lines().join("; "))
                });
            (id, checked)
        })
        .collect()
}

/// [`check_supplied`]'s entries as JSON, as the widget's on-demand module hands them to
/// the widget: `[{ instrument, checked }` or `{ instrument, problem }]`.
pub fn checked_to_value(entries: &[(String, Result<CheckedText, String>)]) -> Value {
    Value::Array(
        entries
            .iter()
            .map(|(id, checked)| {
                Value::object([
                    ("instrument", Value::text(id)),
                    match checked {
                        Ok(text) => ("checked", text.to_value()),
                        Err(problem) => ("problem", Value::text(problem)),
                    },
                ])
            })
            .collect(),
    )
}

/// The entry for one instrument in [`checked_to_value`]'s JSON: `None` if there is none,
/// else the checked wording or its problems (also if the entry is not of that shape).
/// An entry that names no instrument (wording that was not JSON, or named nothing) stands
/// for every instrument, so the editor hears what is wrong rather than that nothing came.
pub fn checked_for(entries: &Value, instrument: &str) -> Option<Result<CheckedText, String>> {
    let entries = entries.as_array()?;
    let named = |id: &str| {
        entries
            .iter()
            .find(|entry| entry.get("instrument").and_then(Value::as_str) == Some(id))
    };
    let entry = named(instrument).or_else(|| named(""))?;
    Some(match (entry.get("checked"), entry.get("problem")) {
        (Some(checked), None) => CheckedText::from_value(checked)
            .ok_or_else(|| "the checked wording could not be read".to_owned()),
        (None, Some(problem)) => Err(problem
            .as_str()
            .unwrap_or("the wording could not be checked")
            .to_owned()),
        _ => Err("the checked wording could not be read".to_owned()),
    })
}

/// The instrument with wording [`check_supplied`] checked for it filled in.
pub fn apply_checked(instrument: &Instrument, text: CheckedText) -> Instrument {
    let mut filled = instrument.clone();
    filled.apply_text(text);
    filled
}

/// The instrument with the organisation's licensed wording filled in.
pub fn apply_licensed_text(
    instrument: &Instrument,
    text: &str,
) -> Result<Instrument, DefinitionError> {
    read_document(text, |root, problems| check(instrument, root, problems)).map(|checked| {
        let mut filled = instrument.clone();
        filled.apply_text(checked);
        filled
    })
}

fn check(
    instrument: &Instrument,
    root: &Located<'_>,
    problems: &mut Problems,
) -> Option<CheckedText> {
    let mut obj = root.object(problems)?;
    check_format(&mut obj, problems);
    if let Some(v) = obj.required("instrument", problems)
        && let Some(id) = v.string(problems)
        && id != instrument.id()
    {
        problems.add(
            &v.path,
            format!("this text is for `{id}`, not `{}`", instrument.id()),
        );
    }
    if instrument.licence() == LicenceClass::Open {
        problems.add(
            "$.instrument",
            format!("{} is an open instrument: its published wording ships with wellcheck and is never replaced", instrument.id()),
        );
    }
    if let Some(v) = obj.required("language", problems)
        && let Some(language) = v.string(problems)
        && !["en", "cy"].contains(&language.as_str())
    {
        problems.add(
            &v.path,
            format!("unsupported language `{language}` (expected `en` or `cy`)"),
        );
    }
    let reference = obj.required_string("licence_reference", problems);
    let instructions = obj
        .optional("instructions")
        .and_then(|v| v.string(problems));

    let mut items = LiteMap::new();
    if let Some(v) = obj.required("items", problems)
        && let Some(map) = v.object(problems)
    {
        for (id, text) in map.entries() {
            if instrument.item_index(id).is_none() {
                problems.add(
                    &text.path,
                    format!("{} has no item `{id}`", instrument.id()),
                );
            } else if let Some(text) = text.string(problems) {
                items.insert(id.to_owned(), text);
            }
        }
        for item in instrument.items() {
            if !items.contains_key(item.id())
                && !map.entries().iter().any(|(id, _)| *id == item.id())
            {
                problems.add(&v.path, format!("missing text for item `{}`", item.id()));
            }
        }
    }

    let mut labels = LiteMap::new();
    let mut sets: LiteMap<&str, Vec<i64>> = LiteMap::new();
    for item in instrument.items() {
        if let Response::Choice { set, options } = item.response() {
            sets.insert(set, options.iter().map(|option| option.value()).collect());
        }
    }
    match obj.optional("responses") {
        Some(v) => {
            if let Some(map) = v.object(problems) {
                for (set, codes) in map.entries() {
                    let Some(expected) = sets.get(set) else {
                        problems.add(
                            &codes.path,
                            format!("{} has no response set `{set}`", instrument.id()),
                        );
                        continue;
                    };
                    let Some(code_map) = codes.object(problems) else {
                        continue;
                    };
                    for (code, label) in code_map.entries() {
                        match code
                            .parse::<i64>()
                            .ok()
                            .filter(|code| expected.contains(code))
                        {
                            Some(code) => {
                                if let Some(label) = label.string(problems) {
                                    labels.insert((set.to_owned(), code), label);
                                }
                            }
                            None => problems.add(
                                &label.path,
                                format!("response set `{set}` has no code `{code}`"),
                            ),
                        }
                    }
                    for code in expected {
                        if !code_map
                            .entries()
                            .iter()
                            .any(|(key, _)| key.parse::<i64>().ok() == Some(*code))
                        {
                            problems.add(&codes.path, format!("missing label for code {code}"));
                        }
                    }
                }
                for set in sets
                    .keys()
                    .filter(|set| !map.entries().iter().any(|(name, _)| name == *set))
                {
                    problems.add(&v.path, format!("missing labels for response set `{set}`"));
                }
            }
        }
        None if !sets.is_empty() => problems.add("$", "missing required field `responses`"),
        None => {}
    }
    obj.finish(problems);
    Some(CheckedText {
        reference: reference?,
        instructions,
        items,
        labels,
    })
}
