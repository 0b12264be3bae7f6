//! Scoring through the binary: the contract object, plain English, one published vector
//! per contract id, PHQ-9's flag, how a form was completed, batteries, optional items left
//! off, and ids whatever their case.

use crate::support::{stderr, stdout, wellcheck};
use crate::usage::assert_one_line_error;

#[test]
fn score_json_prints_the_contract_object() {
    let output = wellcheck(&["score", "ucla-3", "--answers", "2,3,2", "--json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(json["instrument"], "ucla-3");
    assert_eq!(json["complete"], true);
    assert_eq!(json["scores"]["total"]["value"], 7);
    assert_eq!(json["scores"]["total"]["band"], "lonely");
    assert_eq!(json["flags"], serde_json::json!([]));
}

#[test]
fn score_with_a_skipped_item_is_incomplete_with_no_value() {
    let output = wellcheck(&["score", "ucla-3", "--answers", "2,-,2", "--json"]);
    assert!(output.status.success());
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(json["complete"], false);
    assert_eq!(json["scores"]["total"]["value"], serde_json::Value::Null);
    assert_eq!(json["scores"]["total"]["band"], serde_json::Value::Null);
}

#[test]
fn score_without_json_is_plain_english() {
    let output = wellcheck(&["score", "ucla-3", "--answers", "1,1,1"]);
    let text = stdout(&output);
    assert!(
        text.contains("Loneliness score: 3 (Not lonely, convention cut-offs)"),
        "{text}"
    );
}

#[test]
fn list_names_every_instrument() {
    let output = wellcheck(&["list"]);
    assert!(stdout(&output).contains("ucla-3"));
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&wellcheck(&["list", "--json"]))).unwrap();
    let ids: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| entry["id"].as_str().unwrap())
        .collect();
    for id in [
        "ucla-3",
        "ons-loneliness",
        "ons4",
        "who-5",
        "phq-9",
        "gad-7",
        "phq-2",
        "gad-2",
        "phq-4",
        "cel",
        "gppaq",
        "pa-1",
        "evs",
        "wemwbs",
        "swemwbs",
        "ucla-20",
        "djg-6",
        "djg-11",
        "social-prescribing",
    ] {
        assert!(ids.contains(&id), "`wellcheck list --json` lacks {id}");
    }
    let ucla3 = json
        .as_array()
        .unwrap()
        .iter()
        .find(|entry| entry["id"] == "ucla-3")
        .unwrap();
    assert_eq!(ucla3["items"], 3);
    assert_eq!(ucla3["licence"], "open");
}

/// One published vector per contract id, through the binary (the core's tests hold the
/// full vectors, named after each source).
#[test]
fn every_contract_id_scores_through_the_cli() {
    let vectors: &[(&str, &str, &str, serde_json::Value, Option<&str>)] = &[
        ("ucla-3", "2,3,2", "total", 7.into(), Some("lonely")),
        (
            "ons-loneliness",
            "1",
            "frequency",
            1.into(),
            Some("chronic_loneliness"),
        ),
        ("ons4", "7,8,6,3", "anxiety", 3.into(), Some("low")),
        (
            "who-5",
            "3,3,3,2,2",
            "percentage",
            52.into(),
            Some("above_cut_off"),
        ),
        (
            "phq-9",
            "2,1,1,1,1,1,1,1,1",
            "total",
            10.into(),
            Some("moderate"),
        ),
        ("gad-7", "3,2,2,2,2,2,2", "total", 15.into(), Some("severe")),
        ("phq-2", "2,1", "total", 3.into(), Some("positive")),
        ("gad-2", "1,1", "total", 2.into(), Some("negative")),
        ("phq-4", "2,1,0,0", "anxiety", 3.into(), Some("positive")),
        ("cel", "4,4,4", "total", 12.into(), None),
        (
            "gppaq",
            "3,2,1,2,2,2,2",
            "activity_index",
            3.into(),
            Some("moderately_active"),
        ),
        (
            "pa-1",
            "5",
            "total",
            5.into(),
            Some("met_former_recommendation"),
        ),
        (
            "evs",
            "3,50",
            "minutes_per_week",
            150.into(),
            Some("sufficiently_active"),
        ),
        (
            "wemwbs",
            "3,3,3,3,3,3,3,3,3,3,3,3,3,2",
            "total",
            41.into(),
            Some("possible_depression"),
        ),
        (
            "swemwbs",
            "3,3,3,3,3,3,3",
            "metric",
            serde_json::json!(19.25),
            Some("possible_depression"),
        ),
        (
            "ucla-20",
            "1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1",
            "total",
            47.into(),
            None,
        ),
        (
            "djg-6",
            "2,2,2,2,2,2",
            "total",
            6.into(),
            Some("severely_lonely"),
        ),
        (
            "djg-11",
            "2,2,2,2,2,2,2,2,2,2,2",
            "total",
            11.into(),
            Some("very_severely_lonely"),
        ),
    ];
    for (id, answers, score, value, band) in vectors {
        let output = wellcheck(&["score", id, "--answers", answers, "--json"]);
        assert!(output.status.success(), "{id}: {}", stderr(&output));
        let json: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
        assert_eq!(json["instrument"], *id);
        assert_eq!(&json["scores"][score]["value"], value, "{id} {score}");
        assert_eq!(
            json["scores"][score]["band"].as_str(),
            *band,
            "{id} {score}"
        );
        assert!(
            json["definition_hash"]
                .as_str()
                .unwrap()
                .starts_with("sha256:")
        );
    }
}

#[test]
fn phq9_self_harm_flag_is_printed_in_both_forms() {
    let json: serde_json::Value = serde_json::from_str(&stdout(&wellcheck(&[
        "score",
        "phq-9",
        "--answers",
        "0,0,0,0,0,0,0,0,1",
        "--json",
    ])))
    .unwrap();
    assert_eq!(json["flags"], serde_json::json!(["self_harm_risk"]));
    let text = stdout(&wellcheck(&[
        "score",
        "phq-9",
        "--answers",
        "0,0,0,0,0,0,0,0,1",
    ]));
    assert!(text.contains("FLAG self_harm_risk"), "{text}");
}

#[test]
fn administration_mode_is_recorded() {
    let json: serde_json::Value = serde_json::from_str(&stdout(&wellcheck(&[
        "score",
        "ucla-3",
        "--answers",
        "1,1,1",
        "--administration",
        "read-aloud",
        "--json",
    ])))
    .unwrap();
    assert_eq!(json["administration"], "read_aloud");
    assert_one_line_error(
        &[
            "score",
            "ucla-3",
            "--answers",
            "1,1,1",
            "--administration",
            "telepathy",
        ],
        "expected self, read-aloud or on-behalf",
    );
}

#[test]
fn a_battery_scores_each_instrument_in_turn() {
    let output = wellcheck(&[
        "score",
        "social-prescribing",
        "--answers",
        "2,3,2,1,7,8,6,3,3,50",
        "--json",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(json["battery"], "social-prescribing");
    let results = json["results"].as_array().unwrap();
    let ids: Vec<&str> = results
        .iter()
        .map(|r| r["instrument"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["ucla-3", "ons-loneliness", "ons4", "evs"]);
    assert_eq!(results[3]["scores"]["minutes_per_week"]["value"], 150);
    assert_one_line_error(
        &["score", "social-prescribing", "--answers", "2,3,2,1"],
        "10 items across",
    );
    assert_one_line_error(
        &[
            "score",
            "social-prescribing",
            "--answers",
            "2,3,2,1,7,8,6,3,3,50,1",
        ],
        "10 items across",
    );
    assert_one_line_error(
        &[
            "score",
            "social-prescribing",
            "--answers",
            "2,3,2,9,7,8,6,3,3,50",
        ],
        "social-prescribing: answer 1",
    );
}

#[test]
fn trailing_optional_items_may_be_left_off() {
    let output = wellcheck(&["score", "phq-9", "--answers", "1,1,1,1,1,1,1,1,1", "--json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_one_line_error(
        &["score", "phq-9", "--answers", "1,1,1,1,1,1,1,1"],
        "10 items but 8 answers",
    );
}

#[test]
fn instrument_ids_ignore_case_and_surrounding_space() {
    let output = wellcheck(&[
        "score",
        " PHQ-9 ",
        "--answers",
        "0,0,0,0,0,0,0,0,0",
        "--json",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["instrument"], "phq-9");
}
