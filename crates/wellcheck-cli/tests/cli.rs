//! The `wellcheck` binary as a user runs it: the contract's output and one-line errors.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs,
    reason = "tests"
)]

use std::io::Write;
use std::process::{Command, Output};

fn wellcheck(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_wellcheck"))
        .args(args)
        .output()
        .unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

/// Bad input: non-zero exit, exactly one line on stderr naming the problem, no panic.
fn assert_one_line_error(args: &[&str], fragment: &str) {
    let output = wellcheck(args);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{args:?}: {err}");
    assert_eq!(
        err.lines().count(),
        1,
        "{args:?} should print one line, printed:\n{err}"
    );
    assert!(err.starts_with("wellcheck: error: "), "{err}");
    assert!(
        err.contains(fragment),
        "{args:?}: expected `{fragment}` in {err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    assert!(
        output.stdout.is_empty(),
        "{args:?} printed to stdout on error"
    );
}

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
fn bad_input_gets_one_clear_line() {
    assert_one_line_error(
        &["score", "ucla-9", "--answers", "1,1,1"],
        "unknown instrument `ucla-9`",
    );
    assert_one_line_error(
        &["score", "ucla-3", "--answers", "1,1"],
        "3 items but 2 answers",
    );
    assert_one_line_error(
        &["score", "ucla-3", "--answers", "1,1,1,1"],
        "3 items but 4 answers",
    );
    assert_one_line_error(
        &["score", "ucla-3", "--answers", "1,4,1"],
        "answer 2 (item `left_out`) is 4",
    );
    assert_one_line_error(
        &["score", "ucla-3", "--answers", "1,x,1"],
        "`x`, which is not a number",
    );
    assert_one_line_error(
        &["score", "ucla-3", "--answers", "1,1.5,1"],
        "`1.5`, which is not a number",
    );
    assert_one_line_error(
        &["score", "ucla-3", "--answers", "99999999999999999999,1,1"],
        "not a number",
    );
    assert_one_line_error(&["score", "ucla-3"], "needs --answers");
    assert_one_line_error(&["score"], "needs an instrument id");
    assert_one_line_error(&["score", "ucla-3", "--answers"], "missing argument");
    assert_one_line_error(
        &["score", "ucla-3", "--answers", "1,1,1", "--colour"],
        "--colour",
    );
    assert_one_line_error(&["frobnicate"], "unknown command `frobnicate`");
    assert_one_line_error(&[], "no command given");
    assert_one_line_error(
        &["validate", "/no/such/file.json"],
        "cannot read /no/such/file.json",
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

#[test]
fn validate_lists_every_problem_with_its_path() {
    let dir = std::env::temp_dir().join(format!("wellcheck-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let good = dir.join("good.json");
    std::fs::write(&good, wellcheck_core_definition()).unwrap();
    let output = wellcheck(&["validate", good.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stdout(&output).contains("valid definition of ucla-3"));

    let bad = dir.join("bad.json");
    let broken = wellcheck_core_definition()
        .replace("\"format\": 1", "\"format\": 7")
        .replace(
            "\"left_out\",\n      \"text\"",
            "\"left out\",\n      \"text\"",
        )
        .replace("\"id\": \"not_lonely\"", "\"id\": \"Not lonely\"");
    std::fs::File::create(&bad)
        .unwrap()
        .write_all(broken.as_bytes())
        .unwrap();
    let output = wellcheck(&["validate", bad.to_str().unwrap()]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(err.contains("4 found"), "{err}");
    assert!(err.contains("$.format: format 7 is not supported"), "{err}");
    assert!(
        err.contains("$.items[1].id: `left out` is not a valid id"),
        "{err}"
    );
    assert!(
        err.contains("$.scores[0].rule.items[1]: no item with id `left_out`"),
        "{err}"
    );
    assert!(
        err.contains("$.scores[0].bands.list[0].id: `Not lonely` is not a valid id"),
        "{err}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

fn wellcheck_core_definition() -> String {
    include_str!("../../wellcheck-core/instruments/ucla-3.json").to_owned()
}
