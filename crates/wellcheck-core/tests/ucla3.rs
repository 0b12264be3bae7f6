//! UCLA-3 with the ONS wording.
//!
//! Source: ONS (2018) "Measuring loneliness: guidance for use of the national indicators on
//! surveys" (wording, three items, sum 3-9, higher = lonelier); response codes 1-3 as in
//! Understanding Society `scaloneliness` and Hughes et al. (2004). Bands 3-5 / 6-9 are a
//! reporting convention, not ONS guidance (shared/research/instruments.md §3).

use wellcheck_core::definition::{Basis, LicenceClass};
use wellcheck_core::{Answers, ScoreReport, catalogue, score};

fn scored(answers: &str) -> ScoreReport {
    let ucla3 = catalogue::get("ucla-3").unwrap();
    score(&ucla3, &Answers::parse(&ucla3, answers).unwrap()).unwrap()
}

fn total_and_band(answers: &str) -> (Option<i64>, Option<String>) {
    let report = scored(answers);
    let total = report.score("total").unwrap();
    (
        total.value.and_then(|value| value.as_int()),
        total.band.clone(),
    )
}

#[test]
fn ons_guidance_wording_is_verbatim() {
    let ucla3 = catalogue::get("ucla-3").unwrap();
    let texts: Vec<&str> = ucla3
        .items()
        .iter()
        .map(|item| item.text().unwrap())
        .collect();
    assert_eq!(
        texts,
        [
            "How often do you feel that you lack companionship?",
            "How often do you feel left out?",
            "How often do you feel isolated from others?",
        ]
    );
    for item in ucla3.items() {
        let options: Vec<(i64, &str)> = item
            .options()
            .iter()
            .map(|o| (o.value(), o.label().unwrap()))
            .collect();
        assert_eq!(
            options,
            [
                (1, "Hardly ever or never"),
                (2, "Some of the time"),
                (3, "Often")
            ]
        );
    }
    assert_eq!(ucla3.licence(), LicenceClass::Open);
    assert!(ucla3.attribution().contains("Open Government Licence"));
    assert!(ucla3.attribution().contains("Hughes"));
}

#[test]
fn ons_guidance_minimum_is_3_and_maximum_is_9() {
    assert_eq!(
        total_and_band("1,1,1"),
        (Some(3), Some("not_lonely".into()))
    );
    assert_eq!(total_and_band("3,3,3"), (Some(9), Some("lonely".into())));
}

#[test]
fn convention_band_edges_5_and_6() {
    assert_eq!(
        total_and_band("1,2,2"),
        (Some(5), Some("not_lonely".into()))
    );
    assert_eq!(total_and_band("2,2,2"), (Some(6), Some("lonely".into())));
}

#[test]
fn score_is_the_sum_for_every_answer_set() {
    for a in 1..=3 {
        for b in 1..=3 {
            for c in 1..=3 {
                let (total, band) = total_and_band(&format!("{a},{b},{c}"));
                let sum = a + b + c;
                assert_eq!(total, Some(sum));
                let expected = if sum <= 5 { "not_lonely" } else { "lonely" };
                assert_eq!(band.as_deref(), Some(expected), "{a},{b},{c}");
            }
        }
    }
}

#[test]
fn bands_are_labelled_as_a_convention() {
    let ucla3 = catalogue::get("ucla-3").unwrap();
    let banding = ucla3.scores()[0].banding().unwrap();
    assert_eq!(banding.basis(), Basis::Convention);
    assert_eq!(
        scored("2,3,2").score("total").unwrap().band_basis,
        Some("convention")
    );
}

#[test]
fn no_score_with_a_missing_answer() {
    let report = scored("3,-,3");
    assert!(!report.complete);
    assert_eq!(report.score("total").unwrap().value, None);
    assert_eq!(report.score("total").unwrap().band, None);
}

#[test]
fn contract_object_for_2_3_2() {
    let json: serde_json::Value = serde_json::from_str(&scored("2,3,2").to_json()).unwrap();
    assert_eq!(json["instrument"], "ucla-3");
    assert_eq!(json["complete"], true);
    assert_eq!(json["scores"]["total"]["value"], 7);
    assert_eq!(json["scores"]["total"]["band"], "lonely");
    assert_eq!(json["flags"], serde_json::json!([]));
    assert_eq!(
        json["answers"],
        serde_json::json!({"lack_companionship": 2, "left_out": 3, "isolated": 2})
    );
}
