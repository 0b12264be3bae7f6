//! Helpers shared by the scoring vectors.

use wellcheck_core::{Answers, ScoreReport, catalogue, score};

/// Scores the command-line answer form (`2,3,-`) for a built-in instrument.
#[track_caller]
pub fn report(instrument: &str, answers: &str) -> ScoreReport {
    let instrument = catalogue::get(instrument).unwrap();
    let answers =
        Answers::parse(&instrument, answers).unwrap_or_else(|error| panic!("{answers}: {error}"));
    score(&instrument, &answers).unwrap()
}

/// A score's value as text (`7`, `14.08`) and its default band, or `None`s when unscored.
#[track_caller]
pub fn scored(instrument: &str, answers: &str, score_id: &str) -> (Option<String>, Option<String>) {
    let report = report(instrument, answers);
    let entry = report
        .score(score_id)
        .unwrap_or_else(|| panic!("{instrument} has no score `{score_id}`"));
    (
        entry.value.map(|value| value.to_string()),
        entry.band.clone(),
    )
}

/// Asserts a score's value and band.
#[track_caller]
pub fn expect(instrument: &str, answers: &str, score_id: &str, value: &str, band: Option<&str>) {
    let (got_value, got_band) = scored(instrument, answers, score_id);
    assert_eq!(
        (got_value.as_deref(), got_band.as_deref()),
        (Some(value), band),
        "{instrument} {score_id} for answers {answers}"
    );
}

/// Asserts a score is not computed (missing answers).
#[track_caller]
pub fn expect_unscored(instrument: &str, answers: &str, score_id: &str) {
    assert_eq!(
        scored(instrument, answers, score_id),
        (None, None),
        "{instrument} {score_id} for {answers}"
    );
}

/// `n` copies of one answer, comma-separated.
pub fn repeat(answer: i64, n: usize) -> String {
    vec![answer.to_string(); n].join(",")
}

/// Made-up wording for SWEMWBS, shaped as an organisation's licensed text (never the real
/// wording, which is licensed). The interchange crate's tests read the same file.
pub fn fake_swemwbs_text() -> serde_json::Value {
    serde_json::from_str(include_str!("fixtures/fake-swemwbs-wording.json"))
        .expect("the fake wording fixture is JSON")
}
