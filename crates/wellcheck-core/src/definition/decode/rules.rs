//! A score's rule (sum, mean, lookup table, matrix, count, weighted): decoded and its tables
//! checked complete for every achievable value.

use std::collections::BTreeSet;

use crate::decimal::Decimal;
use crate::definition::possible::{self, Budget};
use crate::definition::{Basis, Item, ScoreDefinition, ScoreRule, Sourced};
use crate::json_reader::{Located, Obj, Problems};

use super::*;

pub(super) fn decode_rule(
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
pub(super) fn check_tables(
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
