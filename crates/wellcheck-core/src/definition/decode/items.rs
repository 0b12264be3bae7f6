//! The items section: response sets (shared between the items that use them), the items
//! with their responses, numbers and enable conditions.

use std::collections::{BTreeMap, BTreeSet};

use crate::definition::limits::MAX_ITEMS;
use crate::definition::{Condition, Item, Response, ResponseOption, Test};
use crate::json_reader::{Located, Problems};

use super::*;

pub(super) fn decode_response_sets(
    value: &Located<'_>,
    context: &Context,
    problems: &mut Problems,
) -> Option<BTreeMap<String, std::sync::Arc<[ResponseOption]>>> {
    let obj = value.object(problems)?;
    let mut sets = BTreeMap::new();
    for (name, set) in obj.entries() {
        check_snake_case(name, &set.path, problems);
        let Some(entries) = set.array(problems) else {
            continue;
        };
        if entries.is_empty() {
            problems.add(&set.path, "a response set needs at least one option");
        }
        let mut options = Vec::new();
        let mut seen = BTreeSet::new();
        for entry in &entries {
            let Some(mut option) = entry.object(problems) else {
                continue;
            };
            let code = option
                .required("value", problems)
                .and_then(|v| v.integer(problems));
            let label = option.optional("label").and_then(|v| {
                forbid_if_licensed(context, &v.path, problems);
                v.string(problems)
            });
            require_if_open(context, &label, &entry.path, "label", problems);
            let codes = decode_optional_codes(&mut option, problems);
            option.finish(problems);
            if let Some(code) = code
                && !seen.insert(code)
            {
                problems.add(
                    &entry.path,
                    format!("value {code} is used twice in this set"),
                );
            }
            if let (Some(value), Some(codes)) = (code, codes) {
                options.push(ResponseOption {
                    value,
                    label,
                    codes,
                });
            }
        }
        sets.insert(name.to_owned(), options.into());
    }
    Some(sets)
}

/// The items as declared: every entry's id (even where the rest of the entry is broken, so
/// that later references and duplicates are still checked), and the items themselves when
/// every entry decoded.
pub(super) struct DecodedItems {
    pub(super) ids: Vec<Option<String>>,
    pub(super) items: Option<Vec<Item>>,
}

impl DecodedItems {
    pub(super) fn resolve(
        &self,
        ids: &[String],
        path: &str,
        problems: &mut Problems,
    ) -> Option<Vec<usize>> {
        let mut indices = Vec::new();
        let mut ok = true;
        for (position, id) in ids.iter().enumerate() {
            match self.ids.iter().position(|item| item.as_ref() == Some(id)) {
                Some(index) if indices.contains(&index) => {
                    problems.add(
                        &format!("{path}[{position}]"),
                        format!("item `{id}` is listed twice"),
                    );
                    ok = false;
                }
                Some(index) => indices.push(index),
                None => {
                    problems.add(
                        &format!("{path}[{position}]"),
                        format!("no item with id `{id}`"),
                    );
                    ok = false;
                }
            }
        }
        ok.then_some(indices)
    }

    pub(super) fn resolve_field(
        &self,
        value: &Located<'_>,
        problems: &mut Problems,
    ) -> Option<Vec<usize>> {
        let ids = value.string_list(problems)?;
        if ids.is_empty() {
            problems.add(&value.path, "must list at least one item");
            return None;
        }
        self.resolve(&ids, &value.path, problems)
    }
}

pub(super) fn decode_items(
    value: &Located<'_>,
    response_sets: Option<&BTreeMap<String, std::sync::Arc<[ResponseOption]>>>,
    context: &Context,
    problems: &mut Problems,
) -> Option<DecodedItems> {
    let entries = value.array(problems)?;
    if entries.is_empty() {
        problems.add(&value.path, "an instrument needs at least one item");
    }
    if entries.len() > MAX_ITEMS {
        problems.add(
            &value.path,
            format!(
                "has {} items; an instrument may have at most {MAX_ITEMS}",
                entries.len()
            ),
        );
        return None;
    }
    // Ids first, so conditions can refer to any item.
    let mut ids: Vec<Option<String>> = Vec::new();
    for entry in &entries {
        let id = match entry.value.get("id") {
            Some(serde_json::Value::String(id)) => Some(id.clone()),
            _ => None,
        };
        if let Some(id) = &id {
            check_snake_case(id, &format!("{}.id", entry.path), problems);
            if ids.iter().flatten().any(|seen| seen == id) {
                problems.add(
                    &format!("{}.id", entry.path),
                    format!("item id `{id}` is used twice"),
                );
            }
        }
        ids.push(id);
    }
    let mut declared = DecodedItems { ids, items: None };

    let mut items = Vec::new();
    let mut used_sets = BTreeSet::new();
    for (position, entry) in entries.iter().enumerate() {
        let Some(mut obj) = entry.object(problems) else {
            continue;
        };
        let id = obj.required_string("id", problems);
        let stem = obj.optional("stem").and_then(|v| {
            forbid_if_licensed(context, &v.path, problems);
            v.string(problems)
        });
        let text = obj.optional("text").and_then(|v| {
            forbid_if_licensed(context, &v.path, problems);
            v.string(problems)
        });
        require_if_open(context, &text, &entry.path, "text", problems);
        let response = match (obj.optional("responses"), obj.optional("number")) {
            (Some(responses), None) => responses.string(problems).and_then(|name| {
                used_sets.insert(name.clone());
                let options = response_sets?.get(&name).cloned();
                if options.is_none() {
                    problems.add(&responses.path, format!("no response set named `{name}`"));
                }
                Some(Response::Choice {
                    set: name,
                    options: options?,
                })
            }),
            (None, Some(number)) => decode_number(&number, problems),
            (Some(_), Some(_)) => {
                problems.add(&entry.path, "give either `responses` or `number`, not both");
                None
            }
            (None, None) => {
                problems.add(
                    &entry.path,
                    "missing `responses` (a response set) or `number` (a range)",
                );
                None
            }
        };
        let optional = match obj.optional("optional") {
            Some(v) => v.boolean(problems),
            None => Some(false),
        };
        let enable_when = match obj.optional("enable_when") {
            Some(v) => decode_condition(&v, &declared, problems).map(|condition| {
                if condition.items.iter().any(|index| *index >= position) {
                    problems.add(&v.path, "an item can only depend on items before it");
                }
                Some(condition)
            }),
            None => Some(None),
        };
        let codes = decode_optional_codes(&mut obj, problems);
        obj.finish(problems);
        if let (Some(id), Some(response), Some(optional), Some(enable_when), Some(codes)) =
            (id, response, optional, enable_when, codes)
        {
            items.push(Item {
                id,
                stem,
                text,
                response,
                optional,
                enable_when,
                codes,
            });
        }
    }
    if let Some(sets) = response_sets {
        for name in sets.keys().filter(|name| !used_sets.contains(*name)) {
            problems.add(
                &format!("$.response_sets.{name}"),
                "response set is never used by an item",
            );
        }
    }
    if items.len() == entries.len() {
        declared.items = Some(items);
    }
    Some(declared)
}

pub(super) fn decode_number(value: &Located<'_>, problems: &mut Problems) -> Option<Response> {
    let mut obj = value.object(problems)?;
    let min = obj
        .required("min", problems)
        .and_then(|v| v.integer(problems));
    let max = obj
        .required("max", problems)
        .and_then(|v| v.integer(problems));
    let unit = obj.required_string("unit", problems);
    obj.finish(problems);
    let (min, max) = (min?, max?);
    if min > max {
        problems.add(&value.path, format!("min {min} is above max {max}"));
        return None;
    }
    Some(Response::Number {
        min,
        max,
        unit: unit?,
    })
}

pub(super) fn decode_condition(
    value: &Located<'_>,
    declared: &DecodedItems,
    problems: &mut Problems,
) -> Option<Condition> {
    let mut obj = value.object(problems)?;
    let items = obj
        .required("items", problems)
        .and_then(|v| declared.resolve_field(&v, problems));
    let above = obj
        .optional("above")
        .and_then(|v| v.integer(problems))
        .map(Test::Above);
    let at_most = obj
        .optional("at_most")
        .and_then(|v| v.integer(problems))
        .map(Test::AtMost);
    let one_of = obj
        .optional("one_of")
        .and_then(|v| v.integer_list(problems))
        .map(Test::OneOf);
    obj.finish(problems);
    let mut tests: Vec<Test> = [above, at_most, one_of].into_iter().flatten().collect();
    if tests.len() != 1 {
        problems.add(
            &value.path,
            "give exactly one test: `above`, `at_most` or `one_of`",
        );
        return None;
    }
    Some(Condition {
        items: items?,
        test: tests.pop()?,
    })
}
