//! `wellcheck report` as a scheme coordinator runs it: several tablets' exports merged, the
//! JSON contract, the text table, the HTML page, and bad input refused with file, line and
//! column.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs,
    reason = "tests"
)]

mod support;

use std::path::{Path, PathBuf};

use support::{stderr, stdout, wellcheck, wellcheck_with_stdin};

/// A private folder for one test's files.
fn folder(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("wellcheck-report-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_owned()
}

/// Two link workers' exports: PHQ-9 for A and B in one, C and D in the other, with the
/// follow-ups out of date order. Totals: A 15 to 9, B 12 to 8, C 10 to 17, D 8 to 8; E has a
/// baseline only.
const NORTH: &str = "client,date,instrument,answers,worker\n\
A,2026-04-10,phq-9,\"3,3,3,0,0,0,0,0,0\",Sam\n\
A,2026-01-10,phq-9,\"3,3,3,3,3,0,0,0,0\",Sam\n\
B,2026-01-05,phq-9,\"3,3,3,3,0,0,0,0,0\",Sam\n\
B,2026-04-01,phq-9,\"3,3,2,0,0,0,0,0,0\",Sam\n";
const SOUTH: &str = "client,date,instrument,answers\n\
C,2026-03-20,phq-9,\"3,3,3,3,3,2,0,0,0\"\n\
C,2026-01-06,phq-9,\"3,3,3,1,0,0,0,0,0\"\n\
D,2026-01-07,phq-9,\"3,3,2,0,0,0,0,0,0\"\n\
D,2026-03-07,phq-9,\"3,3,2,0,0,0,0,0,0\"\n\
E,2026-01-08,phq-9,\"3,3,3,2,0,0,0,0,0\"\n";

#[test]
fn json_merges_files_and_has_the_contract_fields() {
    let dir = folder("json");
    let north = write(&dir, "north.csv", NORTH);
    let south = write(&dir, "south.csv", SOUTH);
    let output = wellcheck(&["report", &north, &south, "--json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    let phq = &json["instruments"][0];
    for field in [
        "instrument",
        "score",
        "higher_is",
        "rule",
        "n_paired",
        "n_unpaired",
        "improved",
        "unchanged",
        "worsened",
        "mean_change",
        "mean_change_ci95",
        "median_change",
        "mean_change_among_improved",
        "by_baseline_band",
    ] {
        assert!(phq.get(field).is_some(), "missing `{field}` in {phq}");
    }
    assert_eq!(phq["instrument"], "phq-9");
    assert_eq!(phq["higher_is"], "worse");
    assert_eq!(phq["rule"], "reliable");
    assert_eq!(
        (phq["n_paired"].as_u64(), phq["n_unpaired"].as_u64()),
        (Some(4), Some(1))
    );
    assert_eq!(
        (&phq["improved"], &phq["unchanged"], &phq["worsened"]),
        (
            &serde_json::json!(1),
            &serde_json::json!(2),
            &serde_json::json!(1)
        )
    );
    // Changes -6, -4, +7, 0 (see the core's fixture for the arithmetic): t(3) = 3.182.
    assert_eq!(phq["mean_change"], -0.75);
    assert_eq!(
        phq["mean_change_ci95"],
        serde_json::json!({"low": -9.88, "high": 8.38})
    );
    assert_eq!(phq["median_change"], -2.0);
    assert_eq!(phq["by_baseline_band"]["moderate"]["n"], 2);
    assert_eq!(json["funnel"]["clients_with_baseline"], 5);
    assert_eq!(json["funnel"]["clients_with_follow_up"], 4);
    assert_eq!(json["definitions"][0]["instrument"], "phq-9");
    assert!(
        json["definitions"][0]["definition_hash"]
            .as_str()
            .unwrap()
            .starts_with("sha256:")
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn each_rule_is_selectable_and_stated() {
    let dir = folder("rules");
    let north = write(&dir, "north.csv", NORTH);
    let south = write(&dir, "south.csv", SOUTH);
    for (rule, used, counts) in [
        ("any-change", "any-change", (2, 1, 1)),
        ("MEANINGFUL", "meaningful", (1, 2, 1)),
        ("reliable", "reliable", (1, 2, 1)),
        ("band", "band", (2, 1, 1)),
        ("rci", "reliable", (1, 2, 1)),
    ] {
        let output = wellcheck(&["report", &north, &south, "--rule", rule, "--json"]);
        assert!(output.status.success(), "{rule}: {}", stderr(&output));
        let json: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
        let phq = &json["instruments"][0];
        assert_eq!(phq["rule"], used, "{rule}");
        let found = (
            phq["improved"].as_u64().unwrap(),
            phq["unchanged"].as_u64().unwrap(),
            phq["worsened"].as_u64().unwrap(),
        );
        assert_eq!(found, counts, "{rule}");
    }
    let output = wellcheck(&["report", &north, "--rule", "significant"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("any-change, meaningful"),
        "{}",
        stderr(&output)
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn text_is_a_readable_table_with_both_directions_and_the_caveats() {
    let dir = folder("text");
    let north = write(&dir, "north.csv", NORTH);
    let south = write(&dir, "south.csv", SOUTH);
    let output = wellcheck(&["report", &north, &south]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    for expected in [
        "Patient Health Questionnaire-9 - Depression score (lower is better)",
        "Rule used: reliable: improved: a fall of 6 points or more",
        "Paired 4; baseline only 1",
        "Improved   1 of 4 (25%)",
        "Unchanged  2 of 4 (50%)",
        "Worsened   1 of 4 (25%)",
        "Mean change -0.75 points (95% CI -9.88 to +8.38; t = 3.182 with 3 df)",
        "Median change -2 points",
        "Summary",
        "  - PHQ-9, depression score: 1 of 4 clients paired (25%) improved by at least 6 points (the reliable-change threshold); 1 worsened by as much.",
        "There is no control group",
        "Regression to the mean",
        "phq-9 loinc-44249-1.1 sha256:",
    ] {
        assert!(text.contains(expected), "missing `{expected}` in:\n{text}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn html_is_written_whole_to_the_file_named() {
    let dir = folder("html");
    let north = write(&dir, "north.csv", NORTH);
    let page = dir.join("outcomes.html");
    let output = wellcheck(&["report", &north, "--html", page.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(output.stdout.is_empty());
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<svg role=\"img\""));
    assert!(!html.contains("<script"), "no script in the page");
    for outside in ["src=", "href=", "url(", "@import"] {
        assert!(
            !html.contains(outside),
            "the page must not load anything: {outside}"
        );
    }
    assert!(!dir.join("outcomes.html.partial").exists());
    let both = wellcheck(&["report", &north, "--json", "--html", "x.html"]);
    assert_eq!(both.status.code(), Some(2));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn bad_input_is_refused_with_file_line_and_column() {
    let dir = folder("bad");
    let north = write(&dir, "north.csv", NORTH);
    let bad = write(
        &dir,
        "bad.csv",
        "client,date,instrument,answers\n\
         F,2026-02-30,phq-9,\"1,1,1,1,1,1,1,1,1\"\n\
         G,2026-02-01,phq-10,\"1\"\n\
         A,2026-01-10,phq-9,\"0,0,0,0,0,0,0,0,0\"\n",
    );
    let output = wellcheck(&["report", &north, &bad]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(
        output.stdout.is_empty(),
        "nothing is reported from bad input"
    );
    for expected in [
        "(3 found)",
        "bad.csv: line 2, column `date`: `2026-02-30` is not a date",
        "bad.csv: line 3, column `instrument`:",
        // The same client, instrument and date in two files names both places.
        &format!(
            "bad.csv: line 4, column `date`: client `A` already has a form for phq-9 dated 2026-01-10, at {north} line 3"
        ),
    ] {
        assert!(err.contains(expected), "missing `{expected}` in:\n{err}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn standard_input_and_an_empty_file() {
    let output = wellcheck_with_stdin(&["report", "-", "--json"], NORTH.as_bytes());
    assert!(output.status.success(), "{}", stderr(&output));
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(json["inputs"][0], "standard input");
    let empty = wellcheck_with_stdin(&["report", "-"], b"client,date,instrument,answers\n");
    assert_eq!(empty.status.code(), Some(2));
    assert!(stderr(&empty).contains("no forms"), "{}", stderr(&empty));
    let twice = wellcheck(&["report", "-", "-"]);
    assert_eq!(twice.status.code(), Some(2));
}

#[test]
fn the_same_file_twice_an_input_overwritten_and_future_dates_are_refused() {
    let dir = folder("refusals");
    let north = write(&dir, "north.csv", NORTH);
    let also_north = format!("{}/./north.csv", dir.display());
    let twice = wellcheck(&["report", &north, &also_north]);
    assert_eq!(twice.status.code(), Some(2));
    assert!(
        stderr(&twice).contains("are the same file"),
        "{}",
        stderr(&twice)
    );

    let overwrite = wellcheck(&["report", &north, "--html", &north]);
    assert_eq!(overwrite.status.code(), Some(2));
    assert!(
        stderr(&overwrite).contains("would overwrite an input"),
        "{}",
        stderr(&overwrite)
    );
    assert_eq!(
        std::fs::read_to_string(&north).unwrap(),
        NORTH,
        "the export is untouched"
    );

    // A mistyped year (2062 for 2026) would make this client's improvement a worsening.
    let future = write(
        &dir,
        "future.csv",
        "client,date,instrument,answers\n\
         A,2062-01-10,ucla-3,\"3,3,3\"\n\
         A,2026-04-10,ucla-3,\"1,1,1\"\n",
    );
    let output = wellcheck(&["report", &future]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("line 2, column `date`: 2062-01-10 is in the future"),
        "{}",
        stderr(&output)
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_long_list_of_problems_says_how_many_are_not_listed() {
    let mut csv = String::from("client,date,instrument,answers\n");
    for row in 0..150 {
        csv.push_str(&format!("c{row},2026-13-01,ucla-3,\"1,1,1\"\n"));
    }
    let output = wellcheck_with_stdin(&["report", "-"], csv.as_bytes());
    let err = stderr(&output);
    assert!(err.contains("(150 found)"), "{err}");
    assert!(err.contains("and 50 more problem(s), not listed"), "{err}");
}

#[test]
fn file_names_cannot_forge_lines_of_output() {
    let dir = folder("names");
    let forged = write(&dir, "a\nImproved 4 of 4 (100%)\n.csv", NORTH);
    let output = wellcheck(&["report", &forged]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(
        !text.lines().any(|line| line.starts_with("Improved 4 of 4")),
        "{text}"
    );
    assert!(text.contains("a\\nImproved"), "{text}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_page_is_never_written_through_a_link_or_over_standard_input() {
    let dir = folder("links");
    let north = write(&dir, "north.csv", NORTH);
    let precious = write(&dir, "precious.txt", "precious");
    let link = dir.join("page.html");
    std::os::unix::fs::symlink(&precious, &link).unwrap();
    let output = wellcheck(&["report", &north, "--html", link.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("not a plain file"),
        "{}",
        stderr(&output)
    );
    assert_eq!(std::fs::read_to_string(&precious).unwrap(), "precious");

    // Standard input redirected from the file the page would replace.
    let victim = write(&dir, "victim.csv", NORTH);
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_wellcheck"))
        .args(["report", "-", "--html", &victim])
        .stdin(std::fs::File::open(&victim).unwrap())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), NORTH);

    // A good run leaves only the page: no temporary file behind.
    let page = dir.join("outcomes.html");
    assert!(
        wellcheck(&["report", &north, "--html", page.to_str().unwrap()])
            .status
            .success()
    );
    let names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().all(|name| !name.contains("partial")),
        "{names:?}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn hostile_cells_cannot_forge_lines_or_send_escapes_and_old_years_are_refused() {
    let csv = "client,date,instrument,answers\n\
               a,\"2026-01-01\nall good: 0 problems\",ucla-3,\"1,1,1\"\n\
               b,2026-01-01,\"phq\u{1b}]0;pwn\u{7}\",\"1\"\n\
               c,1926-01-01,ucla-3,\"1,1,1\"\n";
    let output = wellcheck_with_stdin(&["report", "-"], csv.as_bytes());
    let err = stderr(&output);
    assert!(!err.contains('\u{1b}'), "{err:?}");
    assert!(
        !err.lines().any(|line| line.starts_with("all good")),
        "{err}"
    );
    assert!(err.contains("\\nall good"), "{err}");
    assert!(err.contains("1926-01-01 is before 1990"), "{err}");
}

#[test]
fn a_category_code_is_counted_not_averaged() {
    let csv = "client,date,instrument,answers\n\
               a,2026-01-01,ons-loneliness,1\na,2026-03-01,ons-loneliness,3\n\
               b,2026-01-01,ons-loneliness,4\nb,2026-03-01,ons-loneliness,4\n";
    let output = wellcheck_with_stdin(&["report", "-"], csv.as_bytes());
    let text = stdout(&output);
    assert!(
        text.contains("Averages not given: the score is a category code"),
        "{text}"
    );
    assert!(!text.contains("Mean change"), "{text}");
    assert!(text.contains("Improved   1 of 2 (50%)"), "{text}");
    let page = wellcheck_with_stdin(&["report", "-", "--html", "-"], csv.as_bytes());
    let html = stdout(&page);
    assert!(
        html.contains("Not given: the score is a category code"),
        "{html}"
    );
    assert!(!html.contains("<dt>Mean change</dt>"), "{html}");
}

#[test]
fn html_takes_any_legal_file_name_up_to_255_bytes() {
    let dir = folder("long-name");
    let north = write(&dir, "north.csv", NORTH);
    for length in [231, 240, 255] {
        let name = format!("{}.html", "o".repeat(length - 5));
        assert_eq!(name.len(), length);
        let page = dir.join(&name);
        let output = wellcheck(&["report", &north, "--html", page.to_str().unwrap()]);
        assert!(output.status.success(), "{length}: {}", stderr(&output));
        assert!(
            std::fs::read_to_string(&page)
                .unwrap()
                .starts_with("<!DOCTYPE html>")
        );
    }
    // Nothing is left beside it.
    let left: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name())
        .filter(|name| name.to_string_lossy().ends_with(".partial"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn needs_and_support_columns_are_counted_in_every_form_of_the_report() {
    let dir = folder("work");
    let file = write(
        &dir,
        "work.csv",
        "client,date,instrument,answers,needs,support\n\
         A,2026-01-10,ucla-3,\"3,3,3\",Housing; Debt or money worries,Citizens Advice\n\
         A,2026-04-10,ucla-3,\"2,2,2\",Housing,Walking group\n\
         B,2026-01-11,ucla-3,\"3,2,3\",Housing,\n",
    );
    let json = wellcheck(&["report", &file, "--json"]);
    assert!(json.status.success(), "{}", stderr(&json));
    let json: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
    assert_eq!(
        json["needs"],
        serde_json::json!([
            { "entry": "Housing", "group": "Money and housing", "clients": 2, "visits": 3 },
            { "entry": "Debt or money worries", "group": "Money and housing", "clients": 1, "visits": 1 },
        ])
    );
    assert_eq!(json["support"].as_array().unwrap().len(), 2);
    let text = wellcheck(&["report", &file]);
    let text = stdout(&text);
    assert!(
        text.contains("What was done") && text.contains("Needs raised"),
        "{text}"
    );
    assert!(
        text.contains("do not show that the support caused any change"),
        "{text}"
    );
    let page = dir.join("work.html");
    let html = wellcheck(&["report", &file, "--html", page.to_str().unwrap()]);
    assert!(html.status.success(), "{}", stderr(&html));
    let page = std::fs::read_to_string(&page).unwrap();
    assert!(page.contains("<table id=\"support\">"), "{page}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_scheme_is_named_in_every_form_and_a_bad_name_is_refused() {
    let dir = folder("scheme");
    let north = write(&dir, "north.csv", NORTH);
    let output = wellcheck(&["report", &north, "--scheme", "North Town Link"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(
        text.starts_with("North Town Link: outcomes report ("),
        "{text}"
    );
    assert!(text.contains("  Scheme: North Town Link\n"), "{text}");
    let output = wellcheck(&["report", &north, "--scheme", "North", "--json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(json["scheme"], "North");
    assert!(
        json["headline"]["sentences"][0]
            .as_str()
            .unwrap()
            .starts_with("PHQ-9")
    );
    let page = dir.join("outcomes.html");
    let output = wellcheck(&[
        "report",
        &north,
        "--scheme",
        "<b>North</b>",
        "--html",
        page.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains("<h1>&lt;b&gt;North&lt;/b&gt;: outcomes report</h1>"));
    for bad in ["", "a\u{7}b", &"x".repeat(81)] {
        let output = wellcheck(&["report", &north, "--scheme", bad]);
        assert_eq!(output.status.code(), Some(2), "{bad:?}");
        assert!(
            stderr(&output).contains("--scheme: the scheme's name"),
            "{}",
            stderr(&output)
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
