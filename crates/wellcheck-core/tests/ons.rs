//! ONS national measures: the direct loneliness question and ONS4 personal well-being.
//!
//! Sources: ONS (2018) "Measuring loneliness: guidance for use of the national indicators on
//! surveys"; GSS harmonised standard "Personal well-being" (wording); ONS thresholds from the
//! FOI response "A set of annual UK SWB score distributions" (shared/research/instruments.md
//! sections 3 and 7).

use wellcheck_core::catalogue;

use crate::support::{expect, expect_unscored, report};

#[test]
fn ons_direct_question_wording_and_codes_in_printed_order() {
    let ons = catalogue::get("ons-loneliness").unwrap();
    assert_eq!(ons.items()[0].text(), Some("How often do you feel lonely?"));
    let labels: Vec<(i64, &str)> = ons.items()[0]
        .options()
        .iter()
        .map(|o| (o.value(), o.label().unwrap()))
        .collect();
    assert_eq!(
        labels,
        [
            (1, "Often/always"),
            (2, "Some of the time"),
            (3, "Occasionally"),
            (4, "Hardly ever"),
            (5, "Never")
        ]
    );
}

#[test]
fn ons_direct_question_often_always_is_reported_as_chronic() {
    expect(
        "ons-loneliness",
        "1",
        "frequency",
        "1",
        Some("chronic_loneliness"),
    );
    for code in 2..=5 {
        expect(
            "ons-loneliness",
            &code.to_string(),
            "frequency",
            &code.to_string(),
            Some("not_chronic"),
        );
    }
}

#[test]
fn ons4_wording_is_the_harmonised_standard() {
    let ons4 = catalogue::get("ons4").unwrap();
    let texts: Vec<&str> = ons4
        .items()
        .iter()
        .map(|item| item.text().unwrap())
        .collect();
    assert_eq!(
        texts,
        [
            "Overall, how satisfied are you with your life nowadays?",
            "Overall, to what extent do you feel that the things you do in your life are worthwhile?",
            "Overall, how happy did you feel yesterday?",
            "On a scale where 0 is \"not at all anxious\" and 10 is \"completely anxious\", overall, how anxious did you feel yesterday?",
        ]
    );
    assert!(
        ons4.instructions()
            .unwrap()
            .starts_with("Next I would like to ask you four questions")
    );
}

#[test]
fn ons4_is_four_separate_scores_never_a_total() {
    let ons4 = catalogue::get("ons4").unwrap();
    let ids: Vec<&str> = ons4.scores().iter().map(|s| s.id()).collect();
    assert_eq!(
        ids,
        ["life_satisfaction", "worthwhile", "happiness", "anxiety"]
    );
}

#[test]
fn ons_thresholds_for_the_positive_measures() {
    for (value, band) in [
        (0, "low"),
        (4, "low"),
        (5, "medium"),
        (6, "medium"),
        (7, "high"),
        (8, "high"),
        (9, "very_high"),
        (10, "very_high"),
    ] {
        let answers = format!("{value},{value},{value},0");
        for score in ["life_satisfaction", "worthwhile", "happiness"] {
            expect("ons4", &answers, score, &value.to_string(), Some(band));
        }
    }
}

#[test]
fn ons_thresholds_for_anxiety_run_the_other_way() {
    for (value, band) in [
        (0, "very_low"),
        (1, "very_low"),
        (2, "low"),
        (3, "low"),
        (4, "medium"),
        (5, "medium"),
        (6, "high"),
        (10, "high"),
    ] {
        expect(
            "ons4",
            &format!("5,5,5,{value}"),
            "anxiety",
            &value.to_string(),
            Some(band),
        );
    }
}

#[test]
fn ons4_missing_answer_leaves_only_that_measure_unscored() {
    let result = report("ons4", "7,-,7,2");
    assert!(!result.complete);
    expect_unscored("ons4", "7,-,7,2", "worthwhile");
    expect("ons4", "7,-,7,2", "life_satisfaction", "7", Some("high"));
}
