//! Completed forms as CSV: the minimal input columns, the documented output, and errors that
//! name the line and column with nothing read in part.

use wellcheck_core::csv_records::{read, write};

#[test]
fn minimal_columns_in_any_order_are_accepted() {
    let records = read("answers,instrument,client,date\n\"2,3,2\",ucla-3,C9,2026-01-31\n").unwrap();
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].client, "C9");
    assert_eq!(
        records[0].report.score("total").unwrap().band.as_deref(),
        Some("lonely")
    );
}

#[test]
fn written_csv_reads_back_to_the_same_records() {
    let input = "client,date,instrument,answers,administration\nA,2026-01-01,phq-9,\"1,1,1,1,1,1,1,1,1\",read_aloud\nB,2026-01-02,ons4,\"7,8,6,3\",\n";
    let records = read(input).unwrap();
    assert_eq!(records[0].report.administration, "read_aloud");
    let text = write(&records);
    assert!(
        text.lines()
            .next()
            .unwrap()
            .ends_with("score_4,value_4,band_4,definition_hash"),
        "ONS4 needs four triples"
    );
    assert_eq!(read(&text).unwrap(), records);
}

#[test]
fn every_bad_row_is_reported_and_nothing_is_returned() {
    let input = "client,date,instrument,answers\n,2026-01-01,ucla-3,\"1,1,1\"\nB,01/02/2026,ucla-3,\"1,1,1\"\nC,2026-01-03,ucla-9,\"1\"\nD,2026-01-04,ucla-3,\"1,1\"\nE,2026-01-05,ucla-3,\"1,1,1\"\n";
    let problems: Vec<String> = read(input)
        .unwrap_err()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(problems.len(), 4, "{problems:#?}");
    assert_eq!(problems[0], "line 2, column `client`: is empty");
    assert!(
        problems[1].starts_with("line 3, column `date`: `01/02/2026`"),
        "{problems:#?}"
    );
    assert!(
        problems[2].starts_with("line 4, column `instrument`: unknown instrument `ucla-9`"),
        "{problems:#?}"
    );
    assert!(
        problems[3].starts_with("line 5, column `answers`: ucla-3 has 3 items but 2 answers"),
        "{problems:#?}"
    );
}

#[test]
fn a_header_without_the_required_columns_is_refused() {
    let problems = read("name,when\nx,y\n").unwrap_err();
    assert_eq!(problems.len(), 1);
    assert!(
        problems[0]
            .to_string()
            .contains("needs the columns client, date, instrument, answers"),
        "{}",
        problems[0]
    );
}
