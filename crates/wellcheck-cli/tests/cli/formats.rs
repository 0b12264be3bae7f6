//! CSV and FHIR through the binary: the minimal columns read and the full record written,
//! a pipe named as a file, batteries, FHIR import, and the Patient a response names.

use crate::support::{stderr, stdout, wellcheck, wellcheck_with_stdin};
use crate::usage::assert_one_line_error;

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
            "client,date,instrument,version,administration,complete,answers,flags,score_1,value_1,band_1,snomed_1,band_snomed_1,definition_hash,needs,support"
        )
    );
    assert!(lines.next().unwrap().starts_with(
        "C001,2026-11-01,ucla-3,ons-2018.1,self,true,\"2,3,2\",,total,7,lonely,,,sha256:"
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
fn fhir_response_is_dated_when_told_and_a_bad_date_is_refused() {
    let output = wellcheck(&[
        "fhir",
        "response",
        "phq-9",
        "--answers",
        "1,1,1,1,1,1,1,1,1",
        "--date",
        "2026-03-02",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let bundle: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    let entries = bundle["entry"].as_array().unwrap();
    assert_eq!(entries[0]["resource"]["authored"], "2026-03-02");
    assert_eq!(entries[1]["resource"]["effectiveDateTime"], "2026-03-02");
    // Without --date, nothing claims a day.
    let output = wellcheck(&[
        "fhir",
        "response",
        "phq-9",
        "--answers",
        "1,1,1,1,1,1,1,1,1",
    ]);
    assert!(!stdout(&output).contains("effectiveDateTime"));
    let output = wellcheck(&[
        "fhir",
        "response",
        "phq-9",
        "--answers",
        "1,1,1,1,1,1,1,1,1",
        "--date",
        "2026-02-30",
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("--date:"), "{}", stderr(&output));
}
