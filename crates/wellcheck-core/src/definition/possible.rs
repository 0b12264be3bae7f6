//! The values each score can actually take, computed from the items' codes.
//!
//! Used to check, when a definition is parsed, that every achievable score falls in exactly
//! one band and that lookup and matrix tables cover every case; and by property tests.

use std::collections::BTreeSet;

use super::{Instrument, Item, ScoreDefinition, ScoreRule};
use crate::decimal::Decimal;

/// Past this many distinct values a set is not worth enumerating (no real instrument is
/// near it: the EVS product, the largest, has about 11,000).
pub(crate) const LIMIT: usize = 200_000;

pub(crate) type Values = BTreeSet<Decimal>;

/// The achievable values of score `score` of a parsed instrument.
pub(crate) fn score_values(instrument: &Instrument, score: usize) -> Option<Values> {
    let definition = instrument.scores.get(score)?;
    rule_values(
        &definition.rule,
        definition.missing.as_ref().map_or(0, |m| m.allowed),
        &instrument.items,
        instrument.scores.get(..score)?,
    )
}

/// The achievable values of a rule, given the items and the scores defined before it.
/// `None` if the set is too large to enumerate or refers to something missing.
pub(crate) fn rule_values(
    rule: &ScoreRule,
    missing_allowed: usize,
    items: &[Item],
    earlier: &[ScoreDefinition],
) -> Option<Values> {
    let item = |index: &usize| items.get(*index);
    match rule {
        ScoreRule::Sum {
            items: indices,
            reverse,
        } => {
            let mut sets = Vec::new();
            for index in indices {
                let item = item(index)?;
                let codes = item.values();
                let (low, high) = (*codes.first()?, *codes.last()?);
                let mut set: Values = codes
                    .iter()
                    .map(|code| {
                        Decimal::from_int(if reverse.contains(index) {
                            low + high - code
                        } else {
                            *code
                        })
                    })
                    .collect();
                if missing_allowed > 0 {
                    set.insert(Decimal::ZERO);
                }
                sets.push(set);
            }
            combine(&sets, Decimal::plus)
        }
        ScoreRule::CountMatching { groups } => {
            let mut sets = Vec::new();
            for (indices, matching) in groups {
                for index in indices {
                    let mut set: Values = item(index)?
                        .values()
                        .iter()
                        .map(|code| Decimal::from_int(i64::from(matching.contains(code))))
                        .collect();
                    if missing_allowed > 0 {
                        set.insert(Decimal::ZERO);
                    }
                    sets.push(set);
                }
            }
            combine(&sets, Decimal::plus)
        }
        ScoreRule::Multiply { score, factor } => {
            let base = earlier_values(earlier, *score, items)?;
            Some(base.into_iter().map(|value| value.times(*factor)).collect())
        }
        ScoreRule::Lookup { score, table } => {
            let base = earlier_values(earlier, *score, items)?;
            Some(
                base.into_iter()
                    .filter_map(|value| {
                        table
                            .iter()
                            .find(|(from, _)| *from == value)
                            .map(|(_, to)| *to)
                    })
                    .collect(),
            )
        }
        ScoreRule::Product { items: indices } => {
            let sets: Option<Vec<Values>> = indices
                .iter()
                .map(|index| {
                    Some(
                        item(index)?
                            .values()
                            .into_iter()
                            .map(Decimal::from_int)
                            .collect(),
                    )
                })
                .collect();
            combine(&sets?, Decimal::times)
        }
        ScoreRule::Matrix {
            rows,
            columns,
            table,
        } => {
            let row_values = highest_of(rows, items)?;
            let column_values = highest_of(columns, items)?;
            let mut values = Values::new();
            for row in &row_values {
                for column in &column_values {
                    if let Some((_, _, result)) =
                        table.iter().find(|(r, c, _)| r == row && c == column)
                    {
                        values.insert(*result);
                    }
                }
            }
            Some(values)
        }
        ScoreRule::Item { item: index } => Some(
            item(index)?
                .values()
                .into_iter()
                .map(Decimal::from_int)
                .collect(),
        ),
    }
}

fn earlier_values(earlier: &[ScoreDefinition], score: usize, items: &[Item]) -> Option<Values> {
    let definition = earlier.get(score)?;
    rule_values(
        &definition.rule,
        definition.missing.as_ref().map_or(0, |m| m.allowed),
        items,
        earlier.get(..score)?,
    )
}

/// The achievable values of the highest answer among these items.
pub(crate) fn highest_of(indices: &[usize], items: &[Item]) -> Option<BTreeSet<i64>> {
    let sets: Option<Vec<Values>> = indices
        .iter()
        .map(|index| {
            Some(
                items
                    .get(*index)?
                    .values()
                    .into_iter()
                    .map(Decimal::from_int)
                    .collect(),
            )
        })
        .collect();
    let highest = combine(&sets?, std::cmp::max)?;
    Some(highest.into_iter().filter_map(Decimal::as_int).collect())
}

/// Every value of `op` folded over one choice from each set.
fn combine(sets: &[Values], op: impl Fn(Decimal, Decimal) -> Decimal) -> Option<Values> {
    let (first, rest) = sets.split_first()?;
    let mut acc = first.clone();
    for set in rest {
        let mut next = Values::new();
        for a in &acc {
            for b in set {
                next.insert(op(*a, *b));
                if next.len() > LIMIT {
                    return None;
                }
            }
        }
        acc = next;
    }
    Some(acc)
}
