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
use std::process::Command;

mod support;
use support::{stderr, stdout, wellcheck, wellcheck_with_stdin};

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
    assert!(
        err.contains("problems in") && err.contains("(4 found)"),
        "{err}"
    );
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
fn validate_for_checks_an_organisations_licensed_text() {
    let dir = std::env::temp_dir().join(format!("wellcheck-cli-text-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let items: serde_json::Map<String, serde_json::Value> = (1..=14)
        .map(|n| {
            (
                format!("item_{n:02}"),
                serde_json::json!(format!("FAKE WORDING {n}")),
            )
        })
        .collect();
    let labels: serde_json::Map<String, serde_json::Value> = (1..=5)
        .map(|n| (n.to_string(), serde_json::json!(format!("FAKE LABEL {n}"))))
        .collect();
    let mut text = serde_json::json!({
        "format": 1, "instrument": "wemwbs", "language": "en", "licence_reference": "TEST-1",
        "items": items, "responses": { "frequency_5": labels }
    });
    let good = dir.join("wemwbs-text.json");
    std::fs::write(&good, text.to_string()).unwrap();
    let output = wellcheck(&["validate", good.to_str().unwrap(), "--for", "wemwbs"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stdout(&output).contains("valid licensed text for wemwbs"));

    text["items"].as_object_mut().unwrap().remove("item_07");
    let bad = dir.join("wemwbs-bad.json");
    std::fs::write(&bad, text.to_string()).unwrap();
    let output = wellcheck(&["validate", bad.to_str().unwrap(), "--for", "wemwbs"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("$.items: missing text for item `item_07`"),
        "{}",
        stderr(&output)
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn csv_reads_the_minimal_columns_and_writes_the_full_record() {
    let dir = std::env::temp_dir().join(format!("wellcheck-cli-csv-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let input = dir.join("records.csv");
    std::fs::write(&input, "client,date,instrument,answers\nC001,2026-11-01,ucla-3,\"2,3,2\"\nC001,2026-11-01,evs,\"3,50\"\n").unwrap();
    let output = wellcheck(&["csv", input.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some(
            "client,date,instrument,version,administration,complete,answers,flags,score_1,value_1,band_1,definition_hash"
        )
    );
    assert!(lines.next().unwrap().starts_with(
        "C001,2026-11-01,ucla-3,ons-2018.1,self,true,\"2,3,2\",,total,7,lonely,sha256:"
    ));
    assert!(
        lines
            .next()
            .unwrap()
            .contains("minutes_per_week,150,sufficiently_active")
    );

    // Our own output reads back in.
    let full = dir.join("full.csv");
    std::fs::write(&full, &text).unwrap();
    assert_eq!(stdout(&wellcheck(&["csv", full.to_str().unwrap()])), text);

    let bad = dir.join("bad.csv");
    std::fs::write(&bad, "client,date,instrument,answers\nC001,2026-13-01,ucla-3,\"2,3,2\"\nC002,2026-11-02,ucla-3,\"2,9,2\"\n").unwrap();
    let output = wellcheck(&["csv", bad.to_str().unwrap()]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(
        output.stdout.is_empty(),
        "nothing is written when any row is bad"
    );
    assert!(
        err.contains("line 2, column `date`: `2026-13-01` is not a date"),
        "{err}"
    );
    assert!(
        err.contains("line 3, column `answers`: answer 2 (item `left_out`) is 9"),
        "{err}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn usage_help_per_command_and_version() {
    let alone = wellcheck(&[]);
    assert!(alone.status.success());
    assert!(
        stdout(&alone).contains("wellcheck score <id> --answers"),
        "{}",
        stdout(&alone)
    );
    for args in [
        &["help", "score"][..],
        &["score", "--help"][..],
        &["score", "ucla-3", "-h"][..],
    ] {
        let output = wellcheck(args);
        assert!(output.status.success(), "{args:?}");
        let text = stdout(&output);
        assert!(
            text.starts_with("Usage:\n  wellcheck score <id>"),
            "{args:?}: {text}"
        );
        assert!(
            text.contains("Example:\n  wellcheck score ucla-3 --answers 2,3,2 --json"),
            "{text}"
        );
    }
    for command in ["list", "validate", "fhir", "csv", "help"] {
        let text = stdout(&wellcheck(&[command, "--help"]));
        assert!(text.contains("Example:"), "{command}: {text}");
    }
    let version = stdout(&wellcheck(&["--version"]));
    assert_eq!(
        version,
        format!("wellcheck {}\n", env!("CARGO_PKG_VERSION"))
    );
    assert_one_line_error(&["help", "frobnicate"], "no command `frobnicate`");
}

#[test]
fn a_dash_reads_standard_input() {
    let csv = b"client,date,instrument,answers\nA,2026-01-01,ucla-3,\"2,3,2\"\n";
    let output = wellcheck_with_stdin(&["csv", "-"], csv);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output).contains(",total,7,lonely,"),
        "{}",
        stdout(&output)
    );

    let definition = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../wellcheck-core/instruments/phq-9.json"
    ))
    .unwrap();
    let output = wellcheck_with_stdin(&["validate", "-"], &definition);
    assert!(
        stdout(&output).starts_with("-: valid definition of phq-9"),
        "{}",
        stdout(&output)
    );

    let bundle = wellcheck(&[
        "fhir",
        "response",
        "phq-9",
        "--answers",
        "1,0,2,0,3,0,0,0,1",
    ]);
    let output = wellcheck_with_stdin(&["fhir", "import", "phq-9", "-"], &bundle.stdout);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(stdout(&output), "1,0,2,0,3,0,0,0,1,-\n");
}

#[test]
fn fhir_import_takes_a_bundle_with_a_byte_order_mark_and_refuses_lost_answers() {
    let bundle = wellcheck(&["fhir", "response", "ucla-3", "--answers", "2,3,2"]).stdout;
    let mut with_bom = "\u{feff}".as_bytes().to_vec();
    with_bom.extend(&bundle);
    let output = wellcheck_with_stdin(&["fhir", "import", "ucla-3", "-"], &with_bom);
    assert_eq!(stdout(&output), "2,3,2\n", "{}", stderr(&output));

    let output = wellcheck_with_stdin(
        &["fhir", "import", "ucla-3", "-"],
        br#"{"resourceType":"QuestionnaireResponse","questionnaire":"urn:wellcheck:questionnaire:ucla-3","status":"completed","item":"x"}"#,
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("-: $.item: must be a list of items, found a string"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn batteries_work_in_fhir_and_csv() {
    let answers = "2,3,2,1,7,8,6,3,3,50";
    let output = wellcheck(&[
        "fhir",
        "response",
        "social-prescribing",
        "--answers",
        answers,
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let bundle: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let responses: Vec<&str> = bundle["entry"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|entry| entry["resource"]["resourceType"] == "QuestionnaireResponse")
        .map(|entry| entry["resource"]["questionnaire"].as_str().unwrap())
        .collect();
    assert_eq!(responses.len(), 4, "{responses:?}");
    let output = wellcheck_with_stdin(
        &["fhir", "import", "social-prescribing", "-"],
        &output.stdout,
    );
    assert_eq!(
        stdout(&output),
        format!("{answers}\n"),
        "{}",
        stderr(&output)
    );

    assert_one_line_error(
        &["fhir", "questionnaire", "social-prescribing"],
        "social-prescribing is a battery of ucla-3, ons-loneliness, ons4, evs: ask for each of them",
    );

    let csv =
        format!("client,date,instrument,answers\nA,2026-01-01,Social-Prescribing,\"{answers}\"\n");
    let output = wellcheck_with_stdin(&["csv", "-"], csv.as_bytes());
    assert!(output.status.success(), "{}", stderr(&output));
    let rows: Vec<String> = stdout(&output).lines().skip(1).map(str::to_owned).collect();
    assert_eq!(rows.len(), 4, "{rows:#?}");
    assert!(rows[3].starts_with("A,2026-01-01,evs,"), "{rows:#?}");
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

#[test]
fn a_closed_output_pipe_ends_quietly() {
    // Enough rows that the output is far larger than a pipe's buffer.
    let mut csv = String::from("client,date,instrument,answers\n");
    for n in 0..5_000 {
        csv.push_str(&format!("C{n},2026-01-01,phq-9,\"1,1,1,1,1,1,1,1,1\"\n"));
    }
    let dir = std::env::temp_dir().join(format!("wellcheck-cli-pipe-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let input = dir.join("many.csv");
    std::fs::write(&input, csv).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_wellcheck"))
        .args(["csv", input.to_str().unwrap()])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Read one line, as `head -1` would, then close the pipe.
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 64];
    std::io::Read::read_exact(&mut stdout, &mut first).unwrap();
    drop(stdout);
    let output = child.wait_with_output().unwrap();
    let err = stderr(&output);
    assert!(
        !err.contains("panicked") && !err.contains("Broken pipe"),
        "{err}"
    );
    assert_eq!(output.status.code(), Some(0), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn validate_answers_quickly_on_huge_number_ranges() {
    let dir = std::env::temp_dir().join(format!("wellcheck-cli-ranges-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut definition: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../wellcheck-core/instruments/evs.json"
        ))
        .unwrap(),
    )
    .unwrap();
    definition["items"][1]["number"]["max"] = serde_json::json!(9_223_372_036_854_775_807_i64);
    let path = dir.join("huge.json");
    std::fs::write(&path, definition.to_string()).unwrap();
    let output = wellcheck(&["validate", path.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stderr(&output).contains(
            "$.items[1].number.max: 9223372036854775807 is beyond the largest number allowed here"
        ),
        "{}",
        stderr(&output)
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_closed_error_pipe_ends_cleanly_too() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_wellcheck"))
        .args(["score", "nope", "--answers", "1"])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stderr.take());
    let status = child.wait().unwrap();
    assert_eq!(
        status.code(),
        Some(2),
        "a usage error, not a panic (101) or abort"
    );
}

#[test]
fn validate_reads_a_file_saved_with_a_byte_order_mark() {
    let mut definition = "\u{feff}".as_bytes().to_vec();
    definition.extend(
        std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../wellcheck-core/instruments/ucla-3.json"
        ))
        .unwrap(),
    );
    let output = wellcheck_with_stdin(&["validate", "-"], &definition);
    assert!(output.status.success(), "{}", stderr(&output));
}

#[test]
fn csv_reads_a_pipe_named_as_a_file_and_counts_every_problem() {
    let mut csv = String::from("client,date,instrument,answers\n");
    for n in 0..150 {
        csv.push_str(&format!("C{n},2026-02-30,ucla-3,\"2,3,2\"\n"));
    }
    let output = wellcheck_with_stdin(&["csv", "/dev/stdin"], csv.as_bytes());
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(
        err.starts_with("wellcheck: error: problems in /dev/stdin (150 found):"),
        "{err}"
    );
    assert!(
        err.contains("and 50 more problem(s) from this line on, not listed"),
        "{err}"
    );
}

#[test]
fn fhir_response_names_the_patient_it_is_about_when_told() {
    let output = wellcheck(&[
        "fhir",
        "response",
        "ucla-3",
        "--answers",
        "2,3,2",
        "--reference",
        "NORTH1-MAPLE-7",
        "--nhs-number",
        "943 476 5919",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let bundle: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    let entries = bundle["entry"].as_array().unwrap();
    let patient = &entries[0];
    assert_eq!(patient["resource"]["resourceType"], "Patient");
    // The NHS number first, as a GP record files by it; then the scheme's reference.
    assert_eq!(
        patient["resource"]["identifier"],
        serde_json::json!([
            { "system": "https://fhir.nhs.uk/Id/nhs-number", "value": "9434765919" },
            { "type": { "text": "Social prescribing scheme reference" },
              "system": "urn:wellcheck:scheme-reference", "value": "NORTH1-MAPLE-7" }
        ])
    );
    for entry in &entries[1..] {
        assert_eq!(
            entry["resource"]["subject"]["reference"], patient["fullUrl"],
            "{entry}"
        );
    }
    // Read back, the answers are the same.
    let back = wellcheck_with_stdin(&["fhir", "import", "ucla-3", "-"], &output.stdout);
    assert_eq!(stdout(&back), "2,3,2\n", "{}", stderr(&back));

    // A mistyped NHS number or an invisible reference is refused, naming the option.
    assert_one_line_error(
        &[
            "fhir",
            "response",
            "ucla-3",
            "--answers",
            "2,3,2",
            "--nhs-number",
            "943 476 5918",
        ],
        "--nhs-number: the NHS number is not valid",
    );
    assert_one_line_error(
        &[
            "fhir",
            "response",
            "ucla-3",
            "--answers",
            "2,3,2",
            "--reference",
            "\u{200b}\u{202e}",
        ],
        "--reference: the reference must be one line",
    );
    // Two NHS numbers (or two references) would name two people in one record.
    assert_one_line_error(
        &[
            "fhir",
            "response",
            "ucla-3",
            "--answers",
            "2,3,2",
            "--nhs-number",
            "943 476 5919",
            "--nhs-number",
            "401 023 2137",
        ],
        "--nhs-number is given twice",
    );
    assert_one_line_error(
        &[
            "fhir",
            "response",
            "ucla-3",
            "--answers",
            "2,3,2",
            "--reference",
            "A-1",
            "--reference",
            "A-2",
        ],
        "--reference is given twice",
    );
    // Without them, no Patient: the Bundle is as before.
    let plain = wellcheck(&["fhir", "response", "ucla-3", "--answers", "2,3,2"]);
    assert!(!stdout(&plain).contains("Patient"));
}

#[test]
fn validate_prints_text_from_the_file_escaped_and_refuses_hidden_or_blank_texts() {
    let mut definition: serde_json::Value =
        serde_json::from_str(&wellcheck_core_definition()).unwrap();
    // A zero-width space is not refused in a version, but it is printed escaped.
    definition["version"] = "1.0\u{200b}".into();
    let output = wellcheck_with_stdin(&["validate", "-"], definition.to_string().as_bytes());
    assert!(output.status.success(), "{}", stderr(&output));
    let said = stdout(&output);
    assert!(said.contains("version 1.0\\u{200b} "), "{said}");
    assert!(!said.contains('\u{200b}'), "{said}");
    // A terminal escape sequence or a direction override in a text is refused, and the
    // refusal itself prints nothing raw.
    for (field, text) in [
        ("version", "1.0\u{1b}]0;owned\u{7}"),
        ("name", "UCLA \u{202e}3"),
        ("name", "\u{200b}\u{2060}\u{00ad}"),
    ] {
        let mut bad = definition.clone();
        bad[field] = text.into();
        let output = wellcheck_with_stdin(&["validate", "-"], bad.to_string().as_bytes());
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{text:?}: {err}");
        assert!(err.contains(&format!("$.{field}")), "{text:?}: {err}");
        assert!(
            !err.chars()
                .any(|c| c.is_control() && c != '\n'
                    || wellcheck_core::text::is_invisible_or_bidi(c)),
            "{text:?}: raw characters in {err:?}"
        );
    }
}
