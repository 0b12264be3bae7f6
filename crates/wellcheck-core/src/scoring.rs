//! Scoring: answers in, [`ScoreReport`] out, by the rules in the definition.
//!
//! Missing answers: no score is computed with an item missing unless the score's own rule
//! allows it (`missing.allowed`; see `shared/research/instruments.md`, "Missing items": only
//! the De Jong Gierveld manual states such a rule). Missing items then count as zero, never
//! prorated, and the result lists them. Items not asked (an enable condition failed) are
//! not missing. A score that cannot be computed is absent, never guessed.

use crate::answers::{AnswerError, Answers};
use crate::decimal::Decimal;
use crate::definition::{Instrument, ScoreDefinition, ScoreRule, condition_holds};
use crate::report::{ScoreEntry, ScoreReport};

/// Scores a set of answers. Fails only when the answers were made for another instrument.
pub fn score(instrument: &Instrument, answers: &Answers) -> Result<ScoreReport, AnswerError> {
    answers.check_instrument(instrument)?;
    let effective = effective_answers(instrument, answers);
    let mut values: Vec<Option<Decimal>> = Vec::new();
    let mut entries = Vec::new();
    for definition in instrument.scores() {
        let (value, missing) = evaluate(instrument, definition, &effective, &values);
        values.push(value);
        entries.push(entry(instrument, definition, value, missing));
    }
    let flags = instrument
        .flags()
        .iter()
        .filter(|flag| condition_holds(flag.when(), &effective))
        .map(|flag| flag.id().to_owned())
        .collect();
    Ok(ScoreReport {
        instrument: instrument.id().to_owned(),
        version: instrument.version().to_owned(),
        definition_hash: instrument.definition_hash().to_owned(),
        administration: answers.administration().as_str(),
        licensed_text_reference: instrument.licensed_text_reference().map(str::to_owned),
        complete: missing_items(instrument, answers).is_empty(),
        scores: entries,
        flags,
        answers: instrument
            .items()
            .iter()
            .zip(&effective)
            .map(|(item, value)| (item.id().to_owned(), *value))
            .collect(),
    })
}

/// The score values alone, in the definition's order: what outcome figures need from each
/// of many forms, without building a full report.
pub fn score_values(
    instrument: &Instrument,
    answers: &Answers,
) -> Result<Vec<Option<Decimal>>, AnswerError> {
    answers.check_instrument(instrument)?;
    let effective = effective_answers(instrument, answers);
    let mut values: Vec<Option<Decimal>> = Vec::with_capacity(instrument.scores().len());
    for definition in instrument.scores() {
        let (value, _) = evaluate(instrument, definition, &effective, &values);
        values.push(value);
    }
    Ok(values)
}

/// Flags that call for help now, not at the next appointment: urgent-help signposting shows
/// the moment one is raised, independent of any score, and a link worker is alerted first.
/// PHQ-9 item 9 (thoughts of being better off dead or of self-harm) answered above "Not at
/// all" raises `self_harm_risk`; the PHQ-9's safety rule (Kroenke, Spitzer & Williams 2001,
/// and `shared/research/instruments.md`, "Safety rule (mandatory)") asks for exactly this.
pub const URGENT_FLAGS: &[&str] = &["self_harm_risk"];

/// Whether a raised flag (by its id, as results carry it) calls for urgent help.
pub fn is_urgent(flag: &str) -> bool {
    URGENT_FLAGS.contains(&flag)
}

/// The flags the answers raise now, whether or not the form is complete: safety flags such
/// as PHQ-9 item 9 must show the moment the answer is given, before any score.
pub fn raised_flags<'a>(
    instrument: &'a Instrument,
    answers: &Answers,
) -> Vec<&'a crate::definition::FlagDefinition> {
    let effective = effective_answers(instrument, answers);
    instrument
        .flags()
        .iter()
        .filter(|flag| condition_holds(flag.when(), &effective))
        .collect()
}

/// Items that must still be answered: asked (enabled), not optional, unanswered.
pub fn missing_items(instrument: &Instrument, answers: &Answers) -> Vec<usize> {
    let values = answers.values();
    instrument
        .items()
        .iter()
        .enumerate()
        .filter(|(index, item)| {
            !item.is_optional()
                && instrument.is_enabled(*index, values)
                && values.get(*index).copied().flatten().is_none()
        })
        .map(|(index, _)| index)
        .collect()
}

/// The answers that count: an answer to an item that is not asked is ignored.
fn effective_answers(instrument: &Instrument, answers: &Answers) -> Vec<Option<i64>> {
    let values = answers.values();
    values
        .iter()
        .enumerate()
        .map(|(index, value)| {
            if instrument.is_enabled(index, values) {
                *value
            } else {
                None
            }
        })
        .collect()
}

/// The value, and the ids' positions of missing items it was scored without.
fn evaluate(
    instrument: &Instrument,
    definition: &ScoreDefinition,
    answers: &[Option<i64>],
    earlier: &[Option<Decimal>],
) -> (Option<Decimal>, Vec<usize>) {
    let answer = |index: &usize| answers.get(*index).copied().flatten();
    let allowed = definition.missing().map_or(0, |rule| rule.allowed());
    match definition.rule() {
        ScoreRule::Sum { items, reverse } => {
            let missing: Vec<usize> = items
                .iter()
                .copied()
                .filter(|index| answer(index).is_none())
                .collect();
            if missing.len() > allowed {
                return (None, missing);
            }
            let mut sum = Decimal::ZERO;
            for index in items {
                if let Some(value) = answer(index) {
                    let counted = if reverse.contains(index) {
                        reversed(instrument, *index, value)
                    } else {
                        value
                    };
                    sum = sum.plus(Decimal::from_int(counted));
                }
            }
            (Some(sum), missing)
        }
        ScoreRule::CountMatching { groups } => {
            let mut missing = Vec::new();
            let mut count = 0;
            for (items, matching) in groups {
                for index in items {
                    match answer(index) {
                        Some(value) => count += i64::from(matching.contains(&value)),
                        None => missing.push(*index),
                    }
                }
            }
            if missing.len() > allowed {
                (None, missing)
            } else {
                (Some(Decimal::from_int(count)), missing)
            }
        }
        ScoreRule::Multiply { score, factor } => (
            earlier
                .get(*score)
                .copied()
                .flatten()
                .map(|value| value.times(*factor)),
            Vec::new(),
        ),
        ScoreRule::Lookup { score, table } => {
            let value = earlier.get(*score).copied().flatten().and_then(|value| {
                table
                    .iter()
                    .find(|(from, _)| *from == value)
                    .map(|(_, to)| *to)
            });
            (value, Vec::new())
        }
        ScoreRule::Product { items } => {
            let values: Vec<Option<i64>> = items.iter().map(answer).collect();
            if values.contains(&Some(0)) {
                return (Some(Decimal::ZERO), Vec::new());
            }
            let product = values.iter().try_fold(Decimal::from_int(1), |acc, value| {
                value.map(|value| acc.times(Decimal::from_int(value)))
            });
            (product, Vec::new())
        }
        ScoreRule::Matrix {
            rows,
            columns,
            table,
        } => {
            let highest = |indices: &[usize]| {
                indices
                    .iter()
                    .map(answer)
                    .collect::<Option<Vec<i64>>>()?
                    .into_iter()
                    .max()
            };
            let cell = highest(rows)
                .zip(highest(columns))
                .and_then(|(row, column)| {
                    table
                        .iter()
                        .find(|(r, c, _)| *r == row && *c == column)
                        .map(|(_, _, result)| *result)
                });
            (cell, Vec::new())
        }
        ScoreRule::Item { item } => (answer(item).map(Decimal::from_int), Vec::new()),
    }
}

/// A reverse-keyed answer counts as (lowest code + highest code - answer), so on a 1-4 scale
/// 1 counts 4 and 4 counts 1.
fn reversed(instrument: &Instrument, index: usize, value: i64) -> i64 {
    let item = instrument.items().get(index);
    match (
        item.and_then(crate::definition::Item::lowest),
        item.and_then(crate::definition::Item::highest),
    ) {
        // Codes are within ±MAX_NUMBER (checked on parsing), so this cannot overflow.
        (Some(low), Some(high)) => low.saturating_add(high).saturating_sub(value),
        _ => value,
    }
}

fn entry(
    instrument: &Instrument,
    definition: &ScoreDefinition,
    value: Option<Decimal>,
    missing: Vec<usize>,
) -> ScoreEntry {
    fn band_in(
        banding: &crate::definition::Banding,
        value: Option<Decimal>,
    ) -> Option<&crate::definition::Band> {
        value.and_then(|value| banding.band_for(value))
    }
    let band = definition
        .banding()
        .and_then(|banding| band_in(banding, value));
    let scored_without: Vec<String> = if value.is_some() {
        missing
            .iter()
            .filter_map(|index| instrument.items().get(*index))
            .map(|item| item.id().to_owned())
            .collect()
    } else {
        Vec::new()
    };
    ScoreEntry {
        id: definition.id().to_owned(),
        value,
        band: band.map(|band| band.id().to_owned()),
        band_label: band.map(|band| band.label().to_owned()),
        band_basis: definition.banding().map(|banding| banding.basis().as_str()),
        other_bands: definition
            .bandings()
            .iter()
            .skip(1)
            .map(|banding| {
                (
                    banding.id().to_owned(),
                    band_in(banding, value).map(|band| band.id().to_owned()),
                )
            })
            .collect(),
        rule: describe(definition.rule(), instrument),
        rule_basis: definition.rule_basis().as_str(),
        missing_rule: (!scored_without.is_empty())
            .then(|| definition.missing().map(|rule| rule.source().to_owned()))
            .flatten(),
        scored_without,
    }
}

fn describe(rule: &ScoreRule, instrument: &Instrument) -> String {
    let names = |indices: &[usize]| -> String {
        indices
            .iter()
            .filter_map(|index| instrument.items().get(*index))
            .map(|item| item.id())
            .collect::<Vec<_>>()
            .join(" + ")
    };
    let score_name = |index: &usize| {
        instrument
            .scores()
            .get(*index)
            .map_or("?", |score| score.id())
    };
    match rule {
        ScoreRule::Sum { items, reverse } if reverse.is_empty() => {
            format!("sum of {}", names(items))
        }
        ScoreRule::Sum { items, reverse } => format!(
            "sum of {} (reverse-scored: {})",
            names(items),
            names(reverse).replace(" + ", ", ")
        ),
        ScoreRule::CountMatching { groups } => {
            let parts: Vec<String> = groups
                .iter()
                .map(|(items, values)| {
                    let codes: Vec<String> = values.iter().map(i64::to_string).collect();
                    format!(
                        "{} answered {}",
                        names(items).replace(" + ", ", "),
                        codes.join(" or ")
                    )
                })
                .collect();
            format!("count of items: {}", parts.join("; "))
        }
        ScoreRule::Multiply { score, factor } => format!("{} x {factor}", score_name(score)),
        ScoreRule::Lookup { score, .. } => {
            format!("{} converted by its conversion table", score_name(score))
        }
        ScoreRule::Product { items } => {
            format!("{} (0 if any is 0)", names(items).replace(" + ", " x "))
        }
        ScoreRule::Matrix { rows, columns, .. } => format!(
            "table cell: row = highest of {}, column = {}",
            names(rows).replace(" + ", ", "),
            names(columns).replace(" + ", ", ")
        ),
        ScoreRule::Item { item } => format!("answer to {}", names(std::slice::from_ref(item))),
    }
}
