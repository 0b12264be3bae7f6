//! Decoding a definition file into an [`Instrument`], collecting every problem with its path.

use std::collections::{BTreeMap, BTreeSet};

use super::limits::{MAX_ITEMS, MAX_SCORE, MAX_SCORES};
use super::possible::{self, Achievable, Budget, Unknown};
use super::{
    Band, Banding, Basis, ChangeReference, ChangeSummary, ChangeThreshold, Codes, Condition,
    DefinitionError, Direction, FlagDefinition, Instrument, Item, LicenceClass, MissingRule,
    ReliabilityKind, Response, ResponseOption, ScoreDefinition, ScoreRule, Sourced, Test,
};
use crate::decimal::Decimal;
use crate::json_reader::{Located, Obj, Problems, check_format, read_document};

pub use crate::limits::FORMAT_VERSION;

pub(super) fn instrument(text: &str) -> Result<Instrument, DefinitionError> {
    read_document(text, decode_instrument).map(|mut instrument| {
        instrument.hash = crate::hash::sha256_hex(text.as_bytes());
        instrument
    })
}

/// Reading state shared by the parts of one document.
struct Context {
    licence: Option<LicenceClass>,
    default_source: String,
}

fn decode_instrument(root: &Located<'_>, problems: &mut Problems) -> Option<Instrument> {
    let mut obj = root.object(problems)?;
    check_format(&mut obj, problems);
    let id = obj.required_string("id", problems);
    if let Some(id) = &id {
        check_instrument_id(id, &format!("{}.id", obj.path()), problems);
    }
    let version = obj.required_string("version", problems);
    let name = obj.required_string("name", problems);
    let short_name = obj.required_string("short_name", problems);
    let licence = obj
        .required("licence", problems)
        .and_then(|v| decode_licence(&v, problems));
    let attribution = obj.required_string("attribution", problems);
    let sources = obj
        .required("sources", problems)
        .and_then(|v| non_empty_list(&v, problems));
    let context = Context {
        licence: licence.as_ref().map(|(class, _)| *class),
        default_source: sources
            .as_ref()
            .and_then(|s| s.first().cloned())
            .unwrap_or_default(),
    };
    let instructions = obj.optional("instructions").and_then(|v| {
        forbid_if_licensed(&context, &v.path, problems);
        v.string(problems)
    });
    let codes = decode_optional_codes(&mut obj, problems);
    let response_sets = obj
        .required("response_sets", problems)
        .and_then(|v| decode_response_sets(&v, &context, problems));
    let declared = obj
        .required("items", problems)
        .and_then(|v| decode_items(&v, response_sets.as_ref(), &context, problems));
    let scores = match (obj.required("scores", problems), &declared) {
        (Some(scores), Some(declared)) => decode_scores(&scores, declared, &context, problems),
        _ => None,
    };
    let flags = match (obj.optional("flags"), &declared) {
        (Some(flags), Some(declared)) => decode_flags(&flags, declared, problems),
        (None, _) => Some(Vec::new()),
        (Some(_), None) => None,
    };
    obj.finish(problems);

    let (licence, licence_statement) = licence?;
    Some(Instrument {
        id: id?,
        version: version?,
        name: name?,
        short_name: short_name?,
        licence,
        licence_statement,
        attribution: attribution?,
        sources: sources?,
        instructions,
        items: declared?.items?,
        scores: scores?,
        flags: flags?,
        codes: codes?,
        hash: String::new(),
        licensed_text_reference: None,
    })
}

fn non_empty_list(value: &Located<'_>, problems: &mut Problems) -> Option<Vec<String>> {
    let list = value.string_list(problems)?;
    if list.is_empty() {
        problems.add(&value.path, "must list at least one entry");
        return None;
    }
    Some(list)
}

fn forbid_if_licensed(context: &Context, path: &str, problems: &mut Problems) {
    if context.licence == Some(LicenceClass::Licensed) {
        problems.add(
            path,
            "a licensed instrument ships no wording (the deploying organisation supplies it as licensed text)",
        );
    }
}

fn require_if_open<T>(
    context: &Context,
    found: &Option<T>,
    path: &str,
    key: &str,
    problems: &mut Problems,
) {
    if context.licence == Some(LicenceClass::Open) && found.is_none() {
        problems.add(
            path,
            format!("missing required field `{key}` (an open instrument ships its wording)"),
        );
    }
}

fn decode_licence(value: &Located<'_>, problems: &mut Problems) -> Option<(LicenceClass, String)> {
    let mut obj = value.object(problems)?;
    let class = obj
        .required("class", problems)
        .and_then(|v| match v.string(problems)?.as_str() {
            "open" => Some(LicenceClass::Open),
            "licensed" => Some(LicenceClass::Licensed),
            other => {
                problems.add(
                    &v.path,
                    format!("unknown licence class `{other}` (expected `open` or `licensed`)"),
                );
                None
            }
        });
    let statement = obj.required_string("statement", problems);
    obj.finish(problems);
    Some((class?, statement?))
}

fn decode_basis(value: &Located<'_>, problems: &mut Problems) -> Option<Basis> {
    match value.string(problems)?.as_str() {
        "published" => Some(Basis::Published),
        "convention" => Some(Basis::Convention),
        other => {
            problems.add(
                &value.path,
                format!("unknown basis `{other}` (expected `published` or `convention`)"),
            );
            None
        }
    }
}

/// `basis` and `source` fields of an object, both required.
fn decode_sourced(obj: &mut Obj<'_>, problems: &mut Problems) -> Option<Sourced> {
    let basis = obj
        .required("basis", problems)
        .and_then(|v| decode_basis(&v, problems));
    let source = obj.required_string("source", problems);
    Some(Sourced {
        basis: basis?,
        source: source?,
    })
}

fn decode_optional_codes(obj: &mut Obj<'_>, problems: &mut Problems) -> Option<Codes> {
    match obj.optional("codes") {
        None => Some(Codes::default()),
        Some(value) => {
            let mut codes = value.object(problems)?;
            let loinc = codes.optional("loinc").and_then(|v| v.string(problems));
            let snomed = codes.optional("snomed").and_then(|v| v.string(problems));
            codes.finish(problems);
            Some(Codes { loinc, snomed })
        }
    }
}

fn decode_response_sets(
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
struct DecodedItems {
    ids: Vec<Option<String>>,
    items: Option<Vec<Item>>,
}

impl DecodedItems {
    fn resolve(&self, ids: &[String], path: &str, problems: &mut Problems) -> Option<Vec<usize>> {
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

    fn resolve_field(&self, value: &Located<'_>, problems: &mut Problems) -> Option<Vec<usize>> {
        let ids = value.string_list(problems)?;
        if ids.is_empty() {
            problems.add(&value.path, "must list at least one item");
            return None;
        }
        self.resolve(&ids, &value.path, problems)
    }
}

fn decode_items(
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

fn decode_number(value: &Located<'_>, problems: &mut Problems) -> Option<Response> {
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

fn decode_condition(
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

fn decode_scores(
    value: &Located<'_>,
    declared: &DecodedItems,
    context: &Context,
    problems: &mut Problems,
) -> Option<Vec<ScoreDefinition>> {
    let entries = value.array(problems)?;
    if entries.len() > MAX_SCORES {
        problems.add(
            &value.path,
            format!(
                "has {} scores; an instrument may have at most {MAX_SCORES}",
                entries.len()
            ),
        );
        return None;
    }
    let mut scores: Vec<ScoreDefinition> = Vec::new();
    let mut ids: Vec<Option<String>> = Vec::new();
    // One allowance for the whole definition, however many scores and tables it has.
    let mut budget = Budget::new();
    let mut complete = true;
    for entry in &entries {
        let Some(mut obj) = entry.object(problems) else {
            complete = false;
            ids.push(None);
            continue;
        };
        let id = obj.required_string("id", problems);
        if let Some(id) = &id {
            check_snake_case(id, &format!("{}.id", entry.path), problems);
            if ids.iter().flatten().any(|seen| seen == id) {
                problems.add(
                    &format!("{}.id", entry.path),
                    format!("score id `{id}` is used twice"),
                );
            }
        }
        ids.push(id.clone());
        let name = obj.required_string("name", problems);
        let direction =
            obj.required("higher_is", problems)
                .and_then(|v| match v.string(problems)?.as_str() {
                    "better" => Some(Direction::HigherIsBetter),
                    "worse" => Some(Direction::LowerIsBetter),
                    other => {
                        problems.add(
                            &v.path,
                            format!("unknown direction `{other}` (expected `better` or `worse`)"),
                        );
                        None
                    }
                });
        let rule = obj
            .required("rule", problems)
            .and_then(|v| decode_rule(&v, declared, &ids, context, problems));
        let missing = match obj.optional("missing") {
            Some(v) => decode_missing(&v, rule.as_ref().map(|(rule, _)| rule), problems).map(Some),
            None => Some(None),
        };
        let codes = decode_optional_codes(&mut obj, problems);

        // Which values the score can take decides whether its bands and tables are complete.
        let achievable = match (&rule, &missing, &declared.items) {
            (Some((rule, _)), Some(missing), Some(items)) if complete => {
                let allowed = missing.as_ref().map_or(0, |m| m.allowed);
                let values = possible::rule_values(rule, allowed, items, &scores, &mut budget);
                if values == Err(Unknown::TooLarge) {
                    problems.add(
                        &entry.path,
                        format!("some answers would give a score beyond ±{MAX_SCORE}, the largest allowed"),
                    );
                }
                check_tables(rule, items, &scores, &entry.path, &mut budget, problems);
                values.ok()
            }
            _ => None,
        };

        let mut bandings = Vec::new();
        let mut bandings_ok = true;
        if let Some(bands) = obj.optional("bands") {
            match decode_banding(&bands, "default", achievable.as_ref(), problems) {
                Some(banding) => bandings.push(banding),
                None => bandings_ok = false,
            }
        }
        if let Some(others) = obj.optional("other_bands") {
            if bandings.is_empty() && bandings_ok {
                problems.add(&others.path, "`other_bands` needs a default `bands` first");
            }
            for other in others.array(problems).unwrap_or_default() {
                let other_id = other
                    .value
                    .get("id")
                    .and_then(serde_json::Value::as_str)
                    .map(str::to_owned);
                match other_id {
                    Some(other_id) if other_id != "default" => {
                        check_snake_case(&other_id, &format!("{}.id", other.path), problems);
                        match decode_banding(&other, &other_id, achievable.as_ref(), problems) {
                            Some(banding)
                                if bandings.iter().any(|b: &Banding| b.id == banding.id) =>
                            {
                                problems.add(
                                    &other.path,
                                    format!("banding `{other_id}` is given twice"),
                                );
                            }
                            Some(banding) => bandings.push(banding),
                            None => bandings_ok = false,
                        }
                    }
                    _ => {
                        problems.add(
                            &other.path,
                            "each alternative banding needs an `id` other than `default`",
                        );
                        bandings_ok = false;
                    }
                }
            }
        }
        let change = obj.optional("change");
        let obj_has_change = change
            .as_ref()
            .is_some_and(|v| v.value.as_array().is_none_or(|list| !list.is_empty()));
        let changes = match change {
            Some(v) => decode_changes(&v, problems),
            None => Some(Vec::new()),
        };
        let change_reference = match obj.optional("change_reference") {
            Some(v) => decode_change_reference(&v, problems).map(Some),
            None => Some(None),
        };
        let no_published_change = match obj.optional("no_published_change") {
            Some(v) => {
                let note = v.string(problems);
                if note.is_some() && obj_has_change {
                    problems.add(
                        &v.path,
                        "says no change threshold is published, but `change` lists one; keep one of them",
                    );
                }
                note.map(Some)
            }
            None => Some(None),
        };
        let change_summary = match obj.optional("change_summary") {
            None => Some(ChangeSummary::Full),
            Some(v) => match v.string(problems).as_deref() {
                Some("counts_only") => Some(ChangeSummary::CountsOnly),
                Some("not_reported") => Some(ChangeSummary::NotReported),
                Some(other) => {
                    problems.add(
                        &v.path,
                        format!("unknown change summary `{other}` (expected `counts_only` or `not_reported`)"),
                    );
                    None
                }
                None => None,
            },
        };
        obj.finish(problems);
        let changes = match (
            changes,
            change_reference,
            no_published_change,
            change_summary,
        ) {
            (Some(changes), Some(change_reference), Some(no_published_change), Some(summary)) => {
                Some((changes, change_reference, no_published_change, summary))
            }
            _ => None,
        };
        match (id, name, direction, rule, missing, codes, changes) {
            (
                Some(id),
                Some(name),
                Some(direction),
                Some((rule, rule_sourced)),
                Some(missing),
                Some(codes),
                Some((changes, change_reference, no_published_change, change_summary)),
            ) if bandings_ok => {
                scores.push(ScoreDefinition {
                    id,
                    name,
                    rule,
                    rule_sourced,
                    direction,
                    missing,
                    bandings,
                    changes,
                    change_reference,
                    no_published_change,
                    change_summary,
                    codes,
                    range: achievable
                        .as_ref()
                        .and_then(|values| Some((values.low()?, values.high()?))),
                });
            }
            _ => complete = false,
        }
    }
    complete.then_some(scores)
}

fn decode_rule(
    value: &Located<'_>,
    declared: &DecodedItems,
    earlier_ids: &[Option<String>],
    context: &Context,
    problems: &mut Problems,
) -> Option<(ScoreRule, Sourced)> {
    let mut obj = value.object(problems)?;
    let kind = obj.required_string("kind", problems)?;
    let basis = match obj.optional("basis") {
        Some(v) => decode_basis(&v, problems),
        None => Some(Basis::Published),
    };
    let source = obj
        .optional("source")
        .and_then(|v| v.string(problems))
        .unwrap_or_else(|| context.default_source.clone());
    // The score being defined is the last id; only earlier ones may be referred to.
    let earlier = earlier_ids
        .split_last()
        .map_or(earlier_ids, |(_, rest)| rest);
    let earlier_score = |obj: &mut Obj<'_>, problems: &mut Problems| {
        let v = obj.required("score", problems)?;
        let id = v.string(problems)?;
        let found = earlier.iter().position(|seen| seen.as_ref() == Some(&id));
        if found.is_none() {
            problems.add(
                &v.path,
                format!("no earlier score with id `{id}` (a score can only use scores before it)"),
            );
        }
        found
    };
    let rule = match kind.as_str() {
        "sum" => {
            let items = obj
                .required("items", problems)
                .and_then(|v| declared.resolve_field(&v, problems));
            let reverse = match obj.optional("reverse") {
                Some(v) => {
                    let reverse = declared.resolve_field(&v, problems);
                    let stray = reverse
                        .iter()
                        .flatten()
                        .any(|index| !items.as_ref().is_some_and(|items| items.contains(index)));
                    if stray {
                        problems.add(&v.path, "reversed items must also be listed in `items`");
                    }
                    reverse
                }
                None => Some(Vec::new()),
            };
            Some(ScoreRule::Sum {
                items: items?,
                reverse: reverse?,
            })
        }
        "count_matching" => obj.required("groups", problems).and_then(|groups| {
            let mut decoded = Vec::new();
            let mut ok = true;
            for group in groups.array(problems)? {
                let Some(mut group_obj) = group.object(problems) else {
                    ok = false;
                    continue;
                };
                let items = group_obj
                    .required("items", problems)
                    .and_then(|v| declared.resolve_field(&v, problems));
                let values = group_obj
                    .required("values", problems)
                    .and_then(|v| v.integer_list(problems));
                group_obj.finish(problems);
                match (items, values) {
                    (Some(items), Some(values)) => decoded.push((items, values)),
                    _ => ok = false,
                }
            }
            (ok && !decoded.is_empty()).then_some(ScoreRule::CountMatching { groups: decoded })
        }),
        "multiply" => {
            let score = earlier_score(&mut obj, problems);
            let factor = obj
                .required("factor", problems)
                .and_then(|v| v.decimal(problems));
            Some(ScoreRule::Multiply {
                score: score?,
                factor: factor?,
            })
        }
        "lookup" => {
            let score = earlier_score(&mut obj, problems);
            let table = obj.required("table", problems).and_then(|v| {
                let rows = v.array(problems)?;
                let mut table = Vec::new();
                for row in rows {
                    let pair = row.array(problems)?;
                    let values: Option<Vec<Decimal>> =
                        pair.iter().map(|cell| cell.decimal(problems)).collect();
                    match values?.as_slice() {
                        [from, to] if table.iter().any(|(seen, _)| seen == from) => {
                            problems.add(&row.path, format!("{from} is listed twice"));
                        }
                        [from, to] => table.push((*from, *to)),
                        _ => problems.add(&row.path, "each row is [from, to]"),
                    }
                }
                Some(table)
            });
            Some(ScoreRule::Lookup {
                score: score?,
                table: table?,
            })
        }
        "product" => {
            let items = obj
                .required("items", problems)
                .and_then(|v| declared.resolve_field(&v, problems));
            Some(ScoreRule::Product { items: items? })
        }
        "matrix" => {
            let rows = obj
                .required("rows", problems)
                .and_then(|v| declared.resolve_field(&v, problems));
            let columns = obj
                .required("columns", problems)
                .and_then(|v| declared.resolve_field(&v, problems));
            let table = obj.required("table", problems).and_then(|v| {
                let mut table = Vec::new();
                for row in v.array(problems)? {
                    let cells = row.array(problems)?;
                    match cells.as_slice() {
                        [r, c, result] => {
                            let (r, c, result) = (
                                r.integer(problems),
                                c.integer(problems),
                                result.decimal(problems),
                            );
                            if let (Some(r), Some(c), Some(result)) = (r, c, result) {
                                if table.iter().any(|(sr, sc, _)| *sr == r && *sc == c) {
                                    problems
                                        .add(&row.path, format!("cell ({r}, {c}) is listed twice"));
                                }
                                table.push((r, c, result));
                            }
                        }
                        _ => {
                            problems.add(&row.path, "each row is [row value, column value, result]")
                        }
                    }
                }
                Some(table)
            });
            Some(ScoreRule::Matrix {
                rows: rows?,
                columns: columns?,
                table: table?,
            })
        }
        "item" => {
            let item = obj.required("item", problems).and_then(|v| {
                let id = v.string(problems)?;
                declared
                    .resolve(std::slice::from_ref(&id), &v.path, problems)?
                    .first()
                    .copied()
            });
            Some(ScoreRule::Item { item: item? })
        }
        other => {
            // The other fields depend on the kind; listing them as unknown would only be noise.
            problems.add(
                &format!("{}.kind", obj.path()),
                format!(
                    "unknown scoring rule `{other}` (expected sum, count_matching, multiply, lookup, product, matrix or item)"
                ),
            );
            return None;
        }
    };
    obj.finish(problems);
    Some((
        rule?,
        Sourced {
            basis: basis?,
            source,
        },
    ))
}

/// Lookup and matrix tables must cover every achievable input exactly once.
fn check_tables(
    rule: &ScoreRule,
    items: &[Item],
    earlier: &[ScoreDefinition],
    path: &str,
    budget: &mut Budget,
    problems: &mut Problems,
) {
    let table_path = format!("{path}.rule.table");
    let mut report = |uncovered: Vec<String>, total: u64, what: &str| {
        if total == 0 {
            return;
        }
        let more = if total > uncovered.len() as u64 {
            format!(" and {} more", total - uncovered.len() as u64)
        } else {
            String::new()
        };
        problems.add(
            &table_path,
            format!("no {what} for possible {}{more}", uncovered.join(", ")),
        );
    };
    match rule {
        ScoreRule::Lookup { score, table } => {
            let Some(definition) = earlier.get(*score) else {
                return;
            };
            let allowed = definition.missing.as_ref().map_or(0, |m| m.allowed);
            let Ok(inputs) = possible::rule_values(
                &definition.rule,
                allowed,
                items,
                earlier.get(..*score).unwrap_or_default(),
                budget,
            ) else {
                return;
            };
            let rows: BTreeSet<Decimal> = table.iter().map(|(from, _)| *from).collect();
            // More inputs than rows cannot all be covered: say so without listing them all.
            let Some(values) = inputs.enumerate(rows.len()) else {
                let (low, high) = (
                    inputs.low().unwrap_or(Decimal::ZERO),
                    inputs.high().unwrap_or(Decimal::ZERO),
                );
                report(
                    vec![format!("values from {low} to {high}")],
                    1,
                    &format!("rows ({} rows for {} values)", rows.len(), inputs.count()),
                );
                return;
            };
            let uncovered: Vec<String> = values
                .iter()
                .filter(|input| !rows.contains(input))
                .map(Decimal::to_string)
                .collect();
            let total = uncovered.len() as u64;
            report(uncovered.into_iter().take(10).collect(), total, "row");
        }
        ScoreRule::Matrix {
            rows,
            columns,
            table,
        } => {
            let (Ok(row_values), Ok(column_values)) = (
                possible::highest_of(rows, items, budget),
                possible::highest_of(columns, items, budget),
            ) else {
                return;
            };
            let cells: BTreeSet<(i64, i64)> = table.iter().map(|(r, c, _)| (*r, *c)).collect();
            let pairs = row_values.count().saturating_mul(column_values.count());
            let (Some(row_list), Some(column_list), true) = (
                row_values.enumerate(cells.len()),
                column_values.enumerate(cells.len()),
                pairs <= cells.len() as u64,
            ) else {
                report(
                    vec![format!("(row, column) pairs: {pairs} pairs")],
                    1,
                    &format!("cell for some of the {} cells", cells.len()),
                );
                return;
            };
            let mut uncovered = Vec::new();
            let mut total = 0u64;
            for row in row_list.iter().filter_map(|value| value.as_int()) {
                for column in column_list.iter().filter_map(|value| value.as_int()) {
                    if !cells.contains(&(row, column)) {
                        total += 1;
                        if uncovered.len() < 10 {
                            uncovered.push(format!("({row}, {column})"));
                        }
                    }
                }
            }
            report(uncovered, total, "cell");
        }
        _ => {}
    }
}

fn decode_missing(
    value: &Located<'_>,
    rule: Option<&ScoreRule>,
    problems: &mut Problems,
) -> Option<MissingRule> {
    let mut obj = value.object(problems)?;
    let allowed = obj.required("allowed", problems).and_then(|v| {
        let n = v.integer(problems)?;
        let fits = usize::try_from(n).ok().filter(|n| *n > 0);
        if fits.is_none() {
            problems.add(
                &v.path,
                "must be 1 or more (leave `missing` out to allow none)",
            );
        }
        fits
    });
    let sourced = decode_sourced(&mut obj, problems);
    obj.finish(problems);
    if let Some(rule) = rule
        && !matches!(
            rule,
            ScoreRule::Sum { .. } | ScoreRule::CountMatching { .. }
        )
    {
        problems.add(
            &value.path,
            "a missing-answer allowance only applies to `sum` and `count_matching` rules",
        );
        return None;
    }
    Some(MissingRule {
        allowed: allowed?,
        sourced: sourced?,
    })
}

fn decode_banding(
    value: &Located<'_>,
    id: &str,
    achievable: Option<&Achievable>,
    problems: &mut Problems,
) -> Option<Banding> {
    let mut obj = value.object(problems)?;
    if id != "default" {
        // Alternative bandings carry their id inside the object.
        let _ = obj.required("id", problems);
    }
    let sourced = decode_sourced(&mut obj, problems);
    let list = obj.required("list", problems);
    let path = format!("{}.list", obj.path());
    obj.finish(problems);
    let entries = list.as_ref().and_then(|list| list.array(problems))?;

    let mut bands: Vec<Band> = Vec::new();
    for entry in &entries {
        let Some(mut band) = entry.object(problems) else {
            continue;
        };
        let band_id = band.required_string("id", problems);
        let label = band.required_string("label", problems);
        let min = band
            .required("min", problems)
            .and_then(|v| v.decimal(problems));
        let max = band
            .required("max", problems)
            .and_then(|v| v.decimal(problems));
        band.finish(problems);
        if let Some(band_id) = &band_id {
            check_snake_case(band_id, &format!("{}.id", entry.path), problems);
            if bands.iter().any(|b| &b.id == band_id) {
                problems.add(
                    &format!("{}.id", entry.path),
                    format!("band id `{band_id}` is used twice"),
                );
            }
        }
        if let (Some(band_id), Some(label), Some(min), Some(max)) = (band_id, label, min, max) {
            if min > max {
                problems.add(
                    &entry.path,
                    format!("band `{band_id}` starts at {min}, above its end {max}"),
                );
            }
            if let Some(previous) = bands.last()
                && min <= previous.max
            {
                problems.add(
                    &entry.path,
                    format!(
                        "band `{band_id}` starts at {min}, inside or before `{}` (ending at {})",
                        previous.id, previous.max
                    ),
                );
            }
            bands.push(Band {
                id: band_id,
                label,
                min,
                max,
            });
        }
    }
    if bands.len() != entries.len() {
        return None;
    }
    if bands.is_empty() {
        problems.add(&path, "a banding needs at least one band");
        return None;
    }
    // Without achievable values (a broken rule) coverage cannot be checked; the rule's own
    // problems are reported instead.
    let covered = achievable.is_some_and(|values| check_coverage(&bands, values, &path, problems));
    let sourced = sourced?;
    covered.then(|| Banding {
        id: id.to_owned(),
        sourced,
        bands,
    })
}

/// Every achievable score must be in a band, and every band must be reachable. Bands are
/// in order and do not overlap (checked before), so the scores in no band are those in the
/// gaps before, between and after them.
fn check_coverage(
    bands: &[Band],
    achievable: &Achievable,
    path: &str,
    problems: &mut Problems,
) -> bool {
    let before = problems.len();
    let (Some(low), Some(high)) = (achievable.low(), achievable.high()) else {
        return true;
    };
    let hundredth = Decimal::from_hundredths(1);
    let mut gaps = Vec::new();
    let mut from = low;
    for band in bands {
        if band.min > from {
            gaps.push((from, Decimal::from_hundredths(band.min.hundredths() - 1)));
        }
        from = from.max(band.max.plus(hundredth));
    }
    gaps.push((from, high));
    let mut shown: Vec<String> = Vec::new();
    let mut outside: u64 = 0;
    for (start, end) in gaps {
        let (values, count) = achievable.within(start, end, 5usize.saturating_sub(shown.len()));
        shown.extend(values.iter().map(Decimal::to_string));
        outside += count;
    }
    if outside > 0 {
        let more = if outside > shown.len() as u64 {
            format!(" and {} more", outside - shown.len() as u64)
        } else {
            String::new()
        };
        problems.add(
            path,
            format!(
                "possible score(s) {}{more} fall in no band (scores run from {low} to {high})",
                shown.join(", "),
            ),
        );
    }
    for (index, band) in bands.iter().enumerate() {
        if achievable.within(band.min, band.max, 0).1 == 0 {
            problems.add(
                &format!("{path}[{index}]"),
                format!("band `{}` contains no possible score", band.id),
            );
        }
    }
    problems.len() == before
}

fn decode_changes(value: &Located<'_>, problems: &mut Problems) -> Option<Vec<ChangeThreshold>> {
    let mut changes = Vec::new();
    let mut kinds: Vec<String> = Vec::new();
    let mut complete = true;
    for entry in value.array(problems)? {
        let Some(mut obj) = entry.object(problems) else {
            complete = false;
            continue;
        };
        let kind = obj.required("kind", problems).and_then(|v| {
            let kind = v.string(problems)?;
            if kind != "meaningful" && kind != "reliable" {
                problems.add(
                    &v.path,
                    format!("unknown change kind `{kind}` (expected `meaningful` or `reliable`)"),
                );
                return None;
            }
            Some(kind)
        });
        let threshold = obj.required("threshold", problems).and_then(|v| {
            let threshold = v.decimal(problems)?;
            if threshold <= Decimal::ZERO {
                problems.add(
                    &v.path,
                    format!("a change threshold must be above 0, found {threshold}"),
                );
                return None;
            }
            Some(threshold)
        });
        if let Some(kind) = &kind {
            if kinds.contains(kind) {
                problems.add(
                    &entry.path,
                    format!(
                        "a `{kind}` threshold is given twice; a report could not tell which to use"
                    ),
                );
                complete = false;
            }
            kinds.push(kind.clone());
        }
        let sourced = decode_sourced(&mut obj, problems);
        obj.finish(problems);
        match (kind, threshold, sourced) {
            (Some(kind), Some(threshold), Some(sourced)) => changes.push(ChangeThreshold {
                kind,
                threshold,
                sourced,
            }),
            _ => complete = false,
        }
    }
    complete.then_some(changes)
}

/// `change_reference`: `{ "sd", "reliability", "reliability_kind", "basis", "source" }`.
fn decode_change_reference(
    value: &Located<'_>,
    problems: &mut Problems,
) -> Option<ChangeReference> {
    let mut obj = value.object(problems)?;
    let sd = obj.required("sd", problems).and_then(|v| {
        let sd = v.decimal(problems)?;
        if sd <= Decimal::ZERO {
            problems.add(
                &v.path,
                format!("a standard deviation must be above 0, found {sd}"),
            );
            return None;
        }
        Some(sd)
    });
    let reliability = obj.required("reliability", problems).and_then(|v| {
        let r = v.decimal(problems)?;
        if r <= Decimal::ZERO || r >= Decimal::from_int(1) {
            problems.add(
                &v.path,
                format!("a reliability must be between 0 and 1 (exclusive), found {r}"),
            );
            return None;
        }
        Some(r)
    });
    let reliability_kind = obj.required("reliability_kind", problems).and_then(|v| {
        match v.string(problems)?.as_str() {
            "test_retest" => Some(ReliabilityKind::TestRetest),
            "internal_consistency" => Some(ReliabilityKind::InternalConsistency),
            other => {
                problems.add(
                    &v.path,
                    format!(
                        "unknown reliability kind `{other}` (expected `test_retest` or `internal_consistency`)"
                    ),
                );
                None
            }
        }
    });
    let sourced = decode_sourced(&mut obj, problems);
    obj.finish(problems);
    Some(ChangeReference {
        sd: sd?,
        reliability: reliability?,
        reliability_kind: reliability_kind?,
        sourced: sourced?,
    })
}

fn decode_flags(
    value: &Located<'_>,
    declared: &DecodedItems,
    problems: &mut Problems,
) -> Option<Vec<FlagDefinition>> {
    let mut flags: Vec<FlagDefinition> = Vec::new();
    let mut complete = true;
    for entry in value.array(problems)? {
        let Some(mut obj) = entry.object(problems) else {
            complete = false;
            continue;
        };
        let id = obj.required_string("id", problems);
        let label = obj.required_string("label", problems);
        let when = obj
            .required("when", problems)
            .and_then(|v| decode_condition(&v, declared, problems));
        let sourced = decode_sourced(&mut obj, problems);
        obj.finish(problems);
        if let Some(id) = &id {
            check_snake_case(id, &format!("{}.id", entry.path), problems);
            if flags.iter().any(|flag| &flag.id == id) {
                problems.add(
                    &format!("{}.id", entry.path),
                    format!("flag id `{id}` is used twice"),
                );
            }
        }
        match (id, label, when, sourced) {
            (Some(id), Some(label), Some(when), Some(sourced)) => flags.push(FlagDefinition {
                id,
                label,
                when,
                sourced,
            }),
            _ => complete = false,
        }
    }
    complete.then_some(flags)
}

fn check_instrument_id(id: &str, path: &str, problems: &mut Problems) {
    let valid = !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !id.starts_with('-')
        && !id.ends_with('-');
    if !valid {
        problems.add(
            path,
            format!(
                "`{id}` is not a valid instrument id (use lowercase letters, digits and hyphens)"
            ),
        );
    }
}

pub(crate) fn check_snake_case(id: &str, path: &str, problems: &mut Problems) {
    let valid = id.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !valid {
        problems.add(
            path,
            format!("`{id}` is not a valid id (use snake_case: lowercase letters, digits and `_`)"),
        );
    }
}
