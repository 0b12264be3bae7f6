//! Scoring: answers in, [`ScoreReport`] out, by the rules in the definition.
//!
//! Missing answers: no instrument is scored with an item missing unless its own published
//! rule allows it (see `../../shared/research/instruments.md`, "Missing items": only the
//! De Jong Gierveld manual states such a rule). A score that cannot be computed is reported
//! as absent, never guessed.

use crate::answers::{AnswerError, Answers};
use crate::definition::{Instrument, ScoreRule};
use crate::report::{ScoreEntry, ScoreReport};

/// Scores a set of answers.
///
/// Fails only when the answers were made for a different instrument.
pub fn score(instrument: &Instrument, answers: &Answers) -> Result<ScoreReport, AnswerError> {
    answers.check_instrument(instrument)?;
    let scores = instrument
        .scores()
        .iter()
        .map(|definition| {
            let value = evaluate(definition.rule(), answers);
            let band = value.and_then(|value| {
                definition
                    .banding()
                    .and_then(|banding| banding.band_for(value))
            });
            ScoreEntry {
                id: definition.id().to_owned(),
                value,
                band: band.map(|band| band.id().to_owned()),
                band_label: band.map(|band| band.label().to_owned()),
                band_basis: definition.banding().map(|banding| banding.basis().as_str()),
                rule: describe(definition.rule(), instrument),
            }
        })
        .collect();
    Ok(ScoreReport {
        instrument: instrument.id().to_owned(),
        version: instrument.version().to_owned(),
        complete: answers.is_complete(),
        scores,
        flags: Vec::new(),
        answers: instrument
            .items()
            .iter()
            .zip(answers.values())
            .map(|(item, value)| (item.id().to_owned(), *value))
            .collect(),
    })
}

fn evaluate(rule: &ScoreRule, answers: &Answers) -> Option<i64> {
    match rule {
        ScoreRule::Sum { items } => items.iter().map(|index| answers.get(*index)).sum(),
    }
}

fn describe(rule: &ScoreRule, instrument: &Instrument) -> String {
    match rule {
        ScoreRule::Sum { items } => {
            let ids: Vec<&str> = items
                .iter()
                .filter_map(|index| instrument.items().get(*index))
                .map(|item| item.id())
                .collect();
            format!("sum of {}", ids.join(" + "))
        }
    }
}
