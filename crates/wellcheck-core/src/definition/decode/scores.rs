//! The scores section: each score's id, name, range, items, rule, bands, change thresholds
//! and reliability, checked against what its answers can give.

use crate::definition::limits::{MAX_SCORE, MAX_SCORES};
use crate::definition::possible::{self, Budget, Unknown};
use crate::definition::{Banding, ChangeSummary, Direction, ScoreDefinition};
use crate::json_reader::{Located, Problems};

use super::*;

pub(super) fn decode_scores(
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
        let unit = match obj.optional("unit") {
            None => Some(None),
            Some(value) => value.object(problems).and_then(|mut unit| {
                let one = unit.required_string("one", problems);
                let other = unit.required_string("other", problems);
                for (key, text) in [("one", &one), ("other", &other)] {
                    if let Some(text) = text
                        && (text.trim().is_empty() || text.chars().count() > 40)
                    {
                        problems.add(
                            &format!("{}.{key}", unit.path()),
                            "a unit is 1 to 40 characters (`minutes a week`)",
                        );
                    }
                }
                unit.finish(problems);
                Some(Some((one?, other?)))
            }),
        };

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
        match (id, name, direction, rule, missing, codes, changes, unit) {
            (
                Some(id),
                Some(name),
                Some(direction),
                Some((rule, rule_sourced)),
                Some(missing),
                Some(codes),
                Some((changes, change_reference, no_published_change, change_summary)),
                Some(unit),
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
                    unit,
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
