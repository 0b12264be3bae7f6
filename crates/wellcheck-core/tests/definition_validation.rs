//! A host's own definition file is checked strictly, and every problem is reported with
//! its path at once (not just the first), so an editor can fix the file in one pass.

use serde_json::{Value, json};
use wellcheck_core::{DefinitionError, Instrument, Problem};

fn valid() -> Value {
    let (_, text) = wellcheck_core::catalogue::DEFINITIONS
        .iter()
        .find(|(id, _)| *id == "ucla-3")
        .unwrap();
    serde_json::from_str(text).unwrap()
}

fn problems(document: &Value) -> Vec<Problem> {
    match Instrument::from_json(&document.to_string()) {
        Err(DefinitionError::Invalid(problems)) => problems,
        other => panic!("expected validation problems, got {other:?}"),
    }
}

fn has(problems: &[Problem], path: &str, fragment: &str) -> bool {
    problems
        .iter()
        .any(|p| p.path == path && p.message.contains(fragment))
}

#[test]
fn a_valid_definition_parses() {
    assert!(Instrument::from_json(&valid().to_string()).is_ok());
}

#[test]
fn not_json_reports_line_and_column() {
    let error = Instrument::from_json("{\n  \"id\": ucla\n}").unwrap_err();
    match &error {
        DefinitionError::Syntax { line, column, .. } => assert_eq!((*line, *column), (2, 9)),
        other => panic!("{other:?}"),
    }
    assert!(error.to_string().contains("line 2, column 9"), "{error}");
}

#[test]
fn every_problem_is_reported_with_its_path() {
    let mut document = valid();
    document["format"] = json!(2);
    document["id"] = json!("UCLA 3");
    document["colour"] = json!("blue");
    document.as_object_mut().unwrap().remove("attribution");
    document["items"][1]["responses"] = json!("how_often_4");
    document["items"][2]["id"] = json!("left_out");
    document["items"][0]["text"] = json!("");
    document["scores"][0]["rule"]["items"][2] = json!("lonely");
    document["response_sets"]["how_often_3"][1]["value"] = json!(1);

    let found = problems(&document);
    let expected = [
        ("$.format", "format 2 is not supported"),
        ("$.id", "not a valid instrument id"),
        ("$.colour", "unknown field"),
        ("$", "missing required field `attribution`"),
        (
            "$.items[1].responses",
            "no response set named `how_often_4`",
        ),
        ("$.items[2].id", "item id `left_out` is used twice"),
        ("$.items[0].text", "must not be empty"),
        ("$.response_sets.how_often_3[1]", "value 1 is used twice"),
    ];
    for (path, fragment) in expected {
        assert!(
            has(&found, path, fragment),
            "missing `{path}: ...{fragment}...` in {found:#?}"
        );
    }
}

#[test]
fn a_sum_over_an_unknown_item_is_reported() {
    let mut document = valid();
    document["scores"][0]["rule"]["items"][2] = json!("lonely");
    let found = problems(&document);
    assert!(
        has(
            &found,
            "$.scores[0].rule.items[2]",
            "no item with id `lonely`"
        ),
        "{found:#?}"
    );
}

#[test]
fn every_possible_score_must_fall_in_exactly_one_band() {
    let mut gap = valid();
    gap["scores"][0]["bands"]["list"][1]["min"] = json!(7);
    let found = problems(&gap);
    assert!(
        has(
            &found,
            "$.scores[0].bands.list",
            "possible score(s) 6 fall in no band (scores run from 3 to 9)"
        ),
        "{found:#?}"
    );

    let mut overlap = valid();
    overlap["scores"][0]["bands"]["list"][1]["min"] = json!(5);
    let found = problems(&overlap);
    assert!(
        has(
            &found,
            "$.scores[0].bands.list[1]",
            "inside or before `not_lonely`"
        ),
        "{found:#?}"
    );

    let mut short = valid();
    short["scores"][0]["bands"]["list"][1]["max"] = json!(8);
    let found = problems(&short);
    assert!(
        has(
            &found,
            "$.scores[0].bands.list",
            "possible score(s) 9 fall in no band"
        ),
        "{found:#?}"
    );

    let mut unreachable = valid();
    unreachable["scores"][0]["bands"]["list"][0]["min"] = json!(0);
    unreachable["scores"][0]["bands"]["list"][0]["max"] = json!(2);
    let found = problems(&unreachable);
    assert!(
        has(
            &found,
            "$.scores[0].bands.list[0]",
            "band `not_lonely` contains no possible score"
        ),
        "{found:#?}"
    );
}

#[test]
fn unknown_rules_classes_and_bases_are_named() {
    let mut document = valid();
    document["scores"][0]["rule"]["kind"] = json!("average");
    document["licence"]["class"] = json!("free");
    document["scores"][0]["bands"]["basis"] = json!("folklore");
    let found = problems(&document);
    assert!(
        has(
            &found,
            "$.scores[0].rule.kind",
            "unknown scoring rule `average`"
        ),
        "{found:#?}"
    );
    assert!(
        has(&found, "$.licence.class", "unknown licence class `free`"),
        "{found:#?}"
    );
    assert!(
        has(
            &found,
            "$.scores[0].bands.basis",
            "unknown basis `folklore`"
        ),
        "{found:#?}"
    );
}

#[test]
fn wrong_types_say_what_was_found() {
    let mut document = valid();
    document["items"] = json!({"lack_companionship": "x"});
    document["version"] = json!(3);
    let found = problems(&document);
    assert!(
        has(&found, "$.items", "expected an array, found an object"),
        "{found:#?}"
    );
    assert!(
        has(
            &found,
            "$.version",
            "expected a string, found a whole number"
        ),
        "{found:#?}"
    );
}

#[test]
fn arbitrary_json_never_panics() {
    for text in [
        "null",
        "[]",
        "1",
        "\"x\"",
        "{}",
        "{\"items\": [null, 1, []]}",
        "{\"scores\": [{\"bands\": {}}]}",
    ] {
        assert!(Instrument::from_json(text).is_err(), "{text}");
    }
}
