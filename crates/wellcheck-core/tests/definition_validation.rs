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

/// A definition of `count` number items with this range, whose one score is `kind` over
/// all of them, banded by `bands` (`(min, max)` pairs).
fn numbers(count: usize, min: i64, max: Value, kind: &str, bands: &[(i64, i64)]) -> Value {
    let mut document: Value = serde_json::from_str(
        wellcheck_core::catalogue::DEFINITIONS
            .iter()
            .find(|(id, _)| *id == "evs")
            .unwrap()
            .1,
    )
    .unwrap();
    let ids: Vec<String> = (0..count).map(|n| format!("count_{n}")).collect();
    document["items"] = ids
        .iter()
        .map(|id| json!({ "id": id, "text": "How many?", "number": { "min": min, "max": max, "unit": "days" } }))
        .collect();
    document["scores"][0]["rule"] = json!({ "kind": kind, "items": ids });
    document["scores"][0]["bands"]["list"] = bands
        .iter()
        .enumerate()
        .map(|(n, (low, high))| json!({ "id": format!("band_{n}"), "label": "Band", "min": low, "max": high }))
        .collect();
    document
}

#[test]
fn huge_number_ranges_are_refused_with_the_limit_named() {
    let found = problems(&numbers(
        1,
        0,
        json!(9_223_372_036_854_775_807_i64),
        "sum",
        &[(0, 1)],
    ));
    assert!(
        has(
            &found,
            "$.items[0].number.max",
            "beyond the largest number allowed here, ±1000000000"
        ),
        "{found:#?}"
    );
}

#[test]
fn sums_of_wide_number_items_are_checked_over_intervals() {
    // Five items of 0 to 1,000,000,000: 5,000,000,001 possible totals, never listed one by one.
    let covered = numbers(
        5,
        0,
        json!(1_000_000_000),
        "sum",
        &[(0, 2_999_999_999), (3_000_000_000, 5_000_000_000)],
    );
    let instrument = Instrument::from_json(&covered.to_string()).unwrap();
    assert_eq!(
        instrument
            .range_of(0)
            .map(|(low, high)| (low.to_string(), high.to_string())),
        Some(("0".to_owned(), "5000000000".to_owned()))
    );

    let gap = numbers(
        5,
        0,
        json!(1_000_000_000),
        "sum",
        &[(0, 2_999_999_999), (3_000_000_010, 5_000_000_000)],
    );
    let found = problems(&gap);
    assert!(
        has(
            &found,
            "$.scores[0].bands.list",
            "possible score(s) 3000000000, 3000000001, 3000000002, 3000000003, 3000000004 and 5 more fall in no band"
        ),
        "{found:#?}"
    );
}

#[test]
fn a_product_that_could_exceed_the_score_limit_is_refused() {
    let found = problems(&numbers(3, 0, json!(1_000_000_000), "product", &[(0, 1)]));
    assert!(
        has(
            &found,
            "$.scores[0]",
            "beyond ±10000000000000, the largest allowed"
        ),
        "{found:#?}"
    );
}

#[test]
fn definitions_beyond_the_documented_limits_are_refused() {
    let found = problems(&numbers(501, 0, json!(1), "sum", &[(0, 501)]));
    assert!(
        has(
            &found,
            "$.items",
            "has 501 items; an instrument may have at most 500"
        ),
        "{found:#?}"
    );

    let mut long = valid();
    long["name"] = json!("x".repeat(10_001));
    let found = problems(&long);
    assert!(has(&found, "$.name", "10001 characters long"), "{found:#?}");

    let mut large = valid();
    large["sources"] = json!(vec!["a source of some length".repeat(20); 2_500]);
    let found = problems(&large);
    assert!(
        found.iter().any(|p| p
            .message
            .contains("a definition may be at most 1048576 bytes")),
        "{found:#?}"
    );
}

#[test]
fn change_thresholds_and_references_are_checked() {
    let mut document = valid();
    document["scores"][0]["change"] = json!([
        { "kind": "reliable", "threshold": 0, "basis": "convention", "source": "x" },
        { "kind": "reliable", "threshold": 2, "basis": "convention", "source": "x" }
    ]);
    document["scores"][0]["no_published_change"] = json!("none found");
    document["scores"][0]["change_reference"] = json!({
        "sd": -1, "reliability": 1, "reliability_kind": "split_half",
        "basis": "published", "source": "x"
    });
    let found = problems(&document);
    for (path, fragment) in [
        ("$.scores[0].change[0].threshold", "must be above 0"),
        ("$.scores[0].change[1]", "given twice"),
        ("$.scores[0].no_published_change", "keep one of them"),
        ("$.scores[0].change_reference.sd", "above 0"),
        (
            "$.scores[0].change_reference.reliability",
            "between 0 and 1",
        ),
        (
            "$.scores[0].change_reference.reliability_kind",
            "unknown reliability kind",
        ),
    ] {
        assert!(has(&found, path, fragment), "{path}: {found:?}");
    }
}

#[test]
fn a_key_given_twice_is_refused_naming_it_and_where() {
    let text = valid().to_string();
    // A second `name` in the root object: serde_json alone would keep the last.
    let doubled = text.replacen("{\"", "{\"name\":\"Another name\",\"", 1);
    let error = Instrument::from_json(&doubled).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("$: the key `name` appears twice"),
        "{error}"
    );
    // Deeper: an item's id twice.
    let first_item = text.find("\"items\":[{").unwrap() + "\"items\":[{".len();
    let mut nested = text.clone();
    nested.insert_str(first_item, "\"id\":\"sneaky\",");
    let error = Instrument::from_json(&nested).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("$.items[0]: the key `id` appears twice"),
        "{error}"
    );
}

#[test]
fn texts_that_show_blank_or_hide_what_follows_are_refused() {
    for (text, expected) in [
        ("\u{200b}\u{2060}", "nothing that can be seen"),
        ("\u{00ad}", "nothing that can be seen"),
        ("\u{202e}", "nothing that can be seen"),
        (" \u{200b} ", "nothing that can be seen"),
        ("\u{fff9}\u{fffa}\u{fffb}", "nothing that can be seen"),
        ("\u{e0041}\u{e0042}", "nothing that can be seen"),
        ("\u{2800}\u{2800}", "nothing that can be seen"),
        (
            "How often \u{202e}do you",
            "control or text-direction character",
        ),
        (
            "Feeling \u{1b}[2Jlonely",
            "control or text-direction character",
        ),
        ("Bell\u{7}", "control or text-direction character"),
    ] {
        let mut document = valid();
        document["name"] = json!(text);
        let found = problems(&document);
        assert!(has(&found, "$.name", expected), "{text:?}: {found:?}");
    }
    // Ordinary punctuation, accents and Welsh letters stay welcome.
    let mut document = valid();
    document["name"] = json!("Ŵyn a’r côr: “How often?” — 3 items");
    assert!(Instrument::from_json(&document.to_string()).is_ok());
}

#[test]
fn a_score_unit_is_read_and_a_broken_one_named() {
    let evs = wellcheck_core::catalogue::get("evs").unwrap();
    assert_eq!(evs.scores()[0].unit(), ("minute a week", "minutes a week"));
    let ucla = Instrument::from_json(&valid().to_string()).unwrap();
    assert_eq!(ucla.scores()[0].unit(), ("point", "points"));
    let mut document = valid();
    document["scores"][0]["unit"] = json!({ "one": "", "many": "x" });
    let problems = problems(&document);
    assert!(
        has(&problems, "$.scores[0].unit.one", "must not be empty"),
        "{problems:?}"
    );
    assert!(
        has(&problems, "$.scores[0].unit.many", "unknown field"),
        "{problems:?}"
    );
    assert!(has(&problems, "$.scores[0].unit", "other"), "{problems:?}");
}
