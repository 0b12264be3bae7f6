//! Completed forms as CSV, for spreadsheets and scheme databases.
//!
//! **Reading** accepts any CSV with a header holding at least `client`, `date` (YYYY-MM-DD),
//! `instrument` and `answers` (the command line's form: `2,3,-`, quoted because it holds
//! commas), in any order. Other columns are ignored, so a file this module wrote can be read
//! back; an optional `administration` column (`self`, `read_aloud`, `on_behalf`) is used when
//! present. Every row is checked and scored; if any row is wrong nothing is returned, and
//! every problem names its line and column.
//!
//! **Writing** gives one row per form with these columns:
//! `client, date, instrument, version, administration, complete, answers, flags`, then for
//! each score a triple `score_N, value_N, band_N` (as many triples as the form with most
//! scores needs), then `definition_hash`. Flags are joined with `;`.

use std::fmt;

use crate::answers::{Administration, Answers};
use crate::catalogue;
use crate::report::ScoreReport;
use crate::scoring::score;

/// One completed (or partly completed) form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// The scheme's client reference.
    pub client: String,
    /// When the form was completed, `YYYY-MM-DD`.
    pub date: String,
    /// The answers (with the administration mode).
    pub answers: Answers,
    /// The answers scored by the core.
    pub report: ScoreReport,
}

/// One problem in a CSV file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvProblem {
    /// 1-based line in the file (the header is line 1).
    pub line: u64,
    /// The column, when the problem is in one.
    pub column: Option<String>,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for CsvProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.column {
            Some(column) => write!(f, "line {}, column `{column}`: {}", self.line, self.message),
            None => write!(f, "line {}: {}", self.line, self.message),
        }
    }
}

const REQUIRED: [&str; 4] = ["client", "date", "instrument", "answers"];

/// Reads and scores every row, or reports every problem (nothing is read in part).
pub fn read(text: &str) -> Result<Vec<Record>, Vec<CsvProblem>> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let problem = |line: u64, column: Option<&str>, message: String| CsvProblem {
        line,
        column: column.map(str::to_owned),
        message,
    };
    let headers = reader
        .headers()
        .map_err(|error| vec![problem(1, None, format!("cannot read the header: {error}"))])?
        .clone();
    let position = |name: &str| headers.iter().position(|header| header == name);
    let missing: Vec<&str> = REQUIRED
        .iter()
        .copied()
        .filter(|name| position(name).is_none())
        .collect();
    if !missing.is_empty() {
        return Err(vec![problem(
            1,
            None,
            format!(
                "the header needs the columns {} (found: {})",
                missing.join(", "),
                headers.iter().collect::<Vec<_>>().join(", ")
            ),
        )]);
    }
    let administration_column = position("administration");
    let mut records = Vec::new();
    let mut problems = Vec::new();
    for row in reader.records() {
        let row = match row {
            Ok(row) => row,
            Err(error) => {
                let line = error.position().map_or(0, csv::Position::line);
                problems.push(problem(line, None, format!("not a valid CSV row: {error}")));
                continue;
            }
        };
        let line = row.position().map_or(0, csv::Position::line);
        let field = |name: &str| {
            position(name)
                .and_then(|index| row.get(index))
                .unwrap_or_default()
        };
        let client = field("client");
        if client.is_empty() {
            problems.push(problem(line, Some("client"), "is empty".into()));
        }
        let date = field("date");
        if !is_date(date) {
            problems.push(problem(
                line,
                Some("date"),
                format!("`{date}` is not a date in the form YYYY-MM-DD"),
            ));
        }
        let instrument = match catalogue::get(field("instrument")) {
            Ok(instrument) => instrument,
            Err(error) => {
                problems.push(problem(line, Some("instrument"), error.to_string()));
                continue;
            }
        };
        let mut answers = match Answers::parse(&instrument, field("answers")) {
            Ok(answers) => answers,
            Err(error) => {
                problems.push(problem(line, Some("answers"), error.to_string()));
                continue;
            }
        };
        if let Some(index) = administration_column {
            let text = row.get(index).unwrap_or_default();
            if !text.is_empty() {
                match Administration::parse(text) {
                    Some(mode) => answers.set_administration(mode),
                    None => problems.push(problem(
                        line,
                        Some("administration"),
                        format!("`{text}` is not self, read_aloud or on_behalf"),
                    )),
                }
            }
        }
        match score(&instrument, &answers) {
            Ok(report) => records.push(Record {
                client: client.to_owned(),
                date: date.to_owned(),
                answers,
                report,
            }),
            Err(error) => problems.push(problem(line, Some("answers"), error.to_string())),
        }
    }
    if problems.is_empty() {
        Ok(records)
    } else {
        Err(problems)
    }
}

fn is_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let number = |part: Option<&&str>, len: usize| {
        part.filter(|p| p.len() == len && p.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|p| p.parse::<u32>().ok())
    };
    match (
        number(parts.first(), 4),
        number(parts.get(1), 2),
        number(parts.get(2), 2),
    ) {
        (Some(_), Some(month), Some(day)) => {
            parts.len() == 3 && (1..=12).contains(&month) && (1..=31).contains(&day)
        }
        _ => false,
    }
}

/// Writes records as CSV with the documented columns.
pub fn write(records: &[Record]) -> String {
    let triples = records
        .iter()
        .map(|record| record.report.scores.len())
        .max()
        .unwrap_or(1)
        .max(1);
    let mut header: Vec<String> = [
        "client",
        "date",
        "instrument",
        "version",
        "administration",
        "complete",
        "answers",
        "flags",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    for n in 1..=triples {
        header.extend([
            format!("score_{n}"),
            format!("value_{n}"),
            format!("band_{n}"),
        ]);
    }
    header.push("definition_hash".into());
    let mut writer = csv::Writer::from_writer(Vec::new());
    let _ = writer.write_record(&header);
    for record in records {
        let report = &record.report;
        let answers: Vec<String> = record
            .answers
            .values()
            .iter()
            .map(|value| value.map_or_else(|| "-".to_owned(), |v| v.to_string()))
            .collect();
        let mut row = vec![
            record.client.clone(),
            record.date.clone(),
            report.instrument.clone(),
            report.version.clone(),
            report.administration.to_owned(),
            report.complete.to_string(),
            answers.join(","),
            report.flags.join(";"),
        ];
        for n in 0..triples {
            match report.scores.get(n) {
                Some(entry) => row.extend([
                    entry.id.clone(),
                    entry
                        .value
                        .map(|value| value.to_string())
                        .unwrap_or_default(),
                    entry.band.clone().unwrap_or_default(),
                ]),
                None => row.extend([String::new(), String::new(), String::new()]),
            }
        }
        row.push(report.definition_hash.clone());
        let _ = writer.write_record(&row);
    }
    writer
        .into_inner()
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
        .unwrap_or_default()
}
