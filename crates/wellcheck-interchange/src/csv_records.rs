//! Completed forms as CSV, for spreadsheets and scheme databases.
//!
//! **Reading** ([`FormReader`], or [`read`] for a whole text) accepts any CSV with a header
//! holding at least `client`, `date` (a real calendar date, `YYYY-MM-DD`), `instrument` and
//! `answers` (the command line's form: `2,3,-`, quoted because it holds commas), in any order
//! and any letter case. An optional `administration` column (`self`, `read_aloud`,
//! `on_behalf`) is used when present. The columns this module writes (`version`, `complete`,
//! `flags`, `score_N`, `value_N`, `band_N`, `definition_hash`) are recomputed, never trusted,
//! so a file it wrote reads back. Any other column is the scheme's own: it is kept, in order,
//! and written after the documented columns. Two columns with the same name are refused. The
//! `instrument` may be a battery: its answers are its instruments' answers one after another,
//! and the row gives one record per instrument. Reading streams: one row at a time, each
//! instrument resolved once.
//!
//! **Writing** ([`FormWriter`], or [`write`]) gives one row per form with these columns:
//! `client, date, instrument, version, administration, complete, answers, flags`, then for
//! each score a triple `score_N, value_N, band_N`, then `definition_hash`, then the scheme's
//! own columns. Flags are joined with `;`.
//!
//! **Spreadsheet safety** (OWASP, "CSV Injection"): a spreadsheet runs a cell that begins
//! with `=`, `+`, `-`, `@`, a tab or a carriage return as a formula. Every text cell written
//! here that begins so is prefixed with a single quote (and quoted by the CSV writer), and
//! reading removes that prefix again, so values survive the round trip exactly. Score values
//! are numbers the core computed and are written as numbers, negative ones included.

use std::collections::HashMap;
use std::fmt;
use std::io;
use std::rc::Rc;

use wellcheck_core::answers::{Administration, Answers};
use wellcheck_core::battery::split_answers;
use wellcheck_core::catalogue::{self, Subject};
use wellcheck_core::dates;
use wellcheck_core::report::ScoreReport;
use wellcheck_core::scoring::{score, score_values};

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
    /// The scheme's own columns from the input row, as `(header, value)` in input order.
    pub extra: Vec<(String, String)>,
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

impl CsvProblem {
    fn new(line: u64, column: Option<&str>, message: impl Into<String>) -> CsvProblem {
        CsvProblem {
            line,
            column: column.map(str::to_owned),
            message: message.into(),
        }
    }
}

/// The longest cell accepted in the columns this module reads (`client`, `date`,
/// `instrument`, `answers`, `administration`); the scheme's own columns are kept as they are.
pub const MAX_CELL_CHARS: usize = 1_000;

/// [`read`] lists at most this many problems, then one line saying how many more there were.
pub const MAX_LISTED_PROBLEMS: usize = 100;

const REQUIRED: [&str; 4] = ["client", "date", "instrument", "answers"];
const ADMINISTRATION: &str = "administration";
/// Columns this module writes and recomputes on reading (besides the score triples).
const COMPUTED: [&str; 4] = ["version", "complete", "flags", "definition_hash"];

/// Whether a header names a column this module computes (`score_3`, `value_1`, …).
fn is_computed(name: &str) -> bool {
    COMPUTED.contains(&name)
        || ["score_", "value_", "band_"].iter().any(|prefix| {
            name.strip_prefix(prefix)
                .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        })
}

/// Where each known column is, and the scheme's own columns.
#[derive(Debug, Clone)]
struct Columns {
    client: usize,
    date: usize,
    instrument: usize,
    answers: usize,
    administration: Option<usize>,
    extra: Vec<(usize, String)>,
    /// Columns with no name: they must stay empty, or their values would be lost.
    blank: Vec<usize>,
}

/// Header names for a message: a few, each cut short, so a broken file cannot flood it.
fn shown_names(names: &[String]) -> String {
    let mut shown: Vec<String> = names
        .iter()
        .take(12)
        .map(|name| {
            let cut: String = name.chars().take(40).collect();
            if cut.len() < name.len() {
                format!("{cut}…")
            } else {
                cut
            }
        })
        .collect();
    if names.len() > 12 {
        shown.push(format!("and {} more", names.len() - 12));
    }
    shown.join(", ")
}

impl Columns {
    fn from_header(header: &csv::StringRecord) -> Result<Columns, CsvProblem> {
        let names: Vec<String> = header
            .iter()
            .map(|name| unescape(name.trim()).to_owned())
            .collect();
        let keys: Vec<String> = names.iter().map(|name| name.to_ascii_lowercase()).collect();
        let mut first_of: HashMap<&str, usize> = HashMap::with_capacity(keys.len());
        for (index, key) in keys.iter().enumerate() {
            // Columns with no name (a spreadsheet's trailing commas) may repeat.
            if key.is_empty() {
                continue;
            }
            if let Some(first) = first_of.insert(key, index) {
                return Err(CsvProblem::new(
                    1,
                    None,
                    format!(
                        "the header names `{}` twice (columns {} and {}): rename or remove one",
                        names.get(index).map_or("", String::as_str),
                        first + 1,
                        index + 1
                    ),
                ));
            }
        }
        let position = |name: &str| keys.iter().position(|key| key == name);
        let missing: Vec<&str> = REQUIRED
            .iter()
            .copied()
            .filter(|name| position(name).is_none())
            .collect();
        if names.iter().all(|name| name.is_empty()) {
            return Err(CsvProblem::new(
                1,
                None,
                "the file is empty: it needs a header row naming the columns client, date, instrument and answers",
            ));
        }
        let [Some(client), Some(date), Some(instrument), Some(answers)] = REQUIRED.map(position)
        else {
            return Err(CsvProblem::new(
                1,
                None,
                format!(
                    "the header needs the columns {} (found: {})",
                    missing.join(", "),
                    shown_names(&names)
                ),
            ));
        };
        let administration = position(ADMINISTRATION);
        let extra = names
            .iter()
            .zip(&keys)
            .enumerate()
            .filter(|(_, (_, key))| {
                !key.is_empty()
                    && !REQUIRED.contains(&key.as_str())
                    && *key != ADMINISTRATION
                    && !is_computed(key)
            })
            .map(|(index, (name, _))| (index, name.clone()))
            .collect();
        let blank = keys
            .iter()
            .enumerate()
            .filter(|(_, key)| key.is_empty())
            .map(|(index, _)| index)
            .collect();
        Ok(Columns {
            client,
            date,
            instrument,
            answers,
            administration,
            extra,
            blank,
        })
    }
}

/// Reads forms from CSV one row at a time.
///
/// Each call to [`FormReader::next_row`] reads one row and gives its records (one, or one
/// per instrument of a battery) or every problem in it. After the last row it reports a
/// quoted field left open at the end of the input, which a CSV parser would otherwise
/// swallow with the rest of the file.
pub struct FormReader<R: io::Read> {
    reader: csv::Reader<QuoteWatch<R>>,
    columns: Rc<Columns>,
    subjects: HashMap<String, Result<Rc<Subject>, String>>,
    row: csv::StringRecord,
    finished: bool,
    row_line: u64,
}

impl<R: io::Read> FormReader<R> {
    /// Reads and checks the header.
    pub fn new(input: R) -> Result<FormReader<R>, CsvProblem> {
        let mut reader = csv::ReaderBuilder::new()
            .flexible(false)
            .from_reader(QuoteWatch::new(input));
        let header = reader
            .headers()
            .map_err(|error| {
                let reason = match error.kind() {
                    csv::ErrorKind::Io(io_error) => io_error.to_string(),
                    _ => error.to_string(),
                };
                CsvProblem::new(1, None, format!("cannot read the header: {reason}"))
            })?
            .clone();
        let columns = Rc::new(Columns::from_header(&header)?);
        Ok(FormReader {
            reader,
            columns,
            subjects: HashMap::new(),
            row: csv::StringRecord::new(),
            finished: false,
            row_line: 1,
        })
    }

    /// The scheme's own column names, in input order.
    pub fn extra_columns(&self) -> Vec<String> {
        self.columns
            .extra
            .iter()
            .map(|(_, name)| name.clone())
            .collect()
    }

    /// The line on which the row last read by [`FormReader::next_row`] begins.
    pub fn row_line(&self) -> u64 {
        self.row_line
    }

    /// The next row's records, its problems, or `None` after the last row.
    pub fn next_row(&mut self) -> Option<Result<Vec<Record>, Vec<CsvProblem>>> {
        Some(match self.read_next()? {
            Ok(()) => self.check_row(),
            Err(problems) => Err(problems),
        })
    }

    /// Reads the next row into `self.row`: `None` after the last, or the problems of a row
    /// the CSV parser could not read.
    fn read_next(&mut self) -> Option<Result<(), Vec<CsvProblem>>> {
        if self.finished {
            return None;
        }
        match self.reader.read_record(&mut self.row) {
            Ok(true) => Some(Ok(())),
            Ok(false) => {
                self.finished = true;
                let open = self.reader.get_ref().unterminated_quote()?;
                Some(Err(vec![CsvProblem::new(
                    open,
                    None,
                    "a quoted field opened on this line is never closed (unterminated `\"`)",
                )]))
            }
            Err(error) => {
                // An I/O error (including a row over the size limit) ends the input; a
                // malformed row does not.
                if let csv::ErrorKind::Io(io_error) = error.kind() {
                    self.finished = true;
                    let line = self.reader.get_ref().current_row_line();
                    return Some(Err(vec![CsvProblem::new(line, None, io_error.to_string())]));
                }
                let line = self
                    .reader
                    .get_ref()
                    .line_at(error.position().map_or(0, csv::Position::byte));
                let reason = match error.kind() {
                    csv::ErrorKind::UnequalLengths {
                        expected_len, len, ..
                    } => format!("has {len} fields, but the header has {expected_len}"),
                    csv::ErrorKind::Utf8 { .. } => "is not UTF-8 text".to_owned(),
                    other => format!("{other:?}"),
                };
                Some(Err(vec![CsvProblem::new(
                    line,
                    None,
                    format!("not a valid CSV row: it {reason}"),
                )]))
            }
        }
    }

    fn subject(&mut self, id: &str) -> Result<Rc<Subject>, String> {
        if let Some(known) = self.subjects.get(id) {
            return known.clone();
        }
        let resolved = catalogue::subject(id)
            .map(Rc::new)
            .map_err(|error| error.to_string());
        // Bounded: only ids that resolve are remembered, and there are few of those.
        if resolved.is_ok() {
            self.subjects.insert(id.to_owned(), resolved.clone());
        }
        resolved
    }

    /// The next row's forms with their score values only (no full report): for outcome
    /// figures over many rows. The same checks as [`FormReader::next_row`].
    pub fn next_row_values(&mut self) -> Option<Result<RowValues, Vec<CsvProblem>>> {
        let row = match self.read_next()? {
            Ok(()) => self.check_fields(),
            Err(problems) => return Some(Err(problems)),
        };
        Some(row.and_then(|checked| {
            let mut values = Vec::with_capacity(checked.answers.len());
            let mut problems = checked.problems;
            for (instrument, answers) in checked
                .subject
                .instrument_slice()
                .iter()
                .zip(&checked.answers)
            {
                match score_values(instrument, answers) {
                    Ok(found) => values.push(found),
                    Err(error) => problems.push(CsvProblem::new(
                        checked.line,
                        Some("answers"),
                        error.to_string(),
                    )),
                }
            }
            if problems.is_empty() {
                Ok(RowValues {
                    client: checked.client,
                    date: checked.date,
                    subject: checked.subject,
                    values,
                })
            } else {
                Err(problems)
            }
        }))
    }

    fn check_row(&mut self) -> Result<Vec<Record>, Vec<CsvProblem>> {
        let checked = self.check_fields()?;
        let mut problems = checked.problems;
        let mut records = Vec::with_capacity(checked.answers.len());
        for (instrument, answers) in checked
            .subject
            .instrument_slice()
            .iter()
            .zip(checked.answers)
        {
            match score(instrument, &answers) {
                Ok(report) => records.push(Record {
                    client: checked.client.clone(),
                    date: checked.date.clone(),
                    answers,
                    report,
                    extra: checked.extra.clone(),
                }),
                Err(error) => problems.push(CsvProblem::new(
                    checked.line,
                    Some("answers"),
                    error.to_string(),
                )),
            }
        }
        if problems.is_empty() {
            Ok(records)
        } else {
            Err(problems)
        }
    }

    /// Checks the current row's cells and parses its answers, one set per instrument.
    fn check_fields(&mut self) -> Result<CheckedRow, Vec<CsvProblem>> {
        let line = self
            .reader
            .get_ref()
            .line_at(self.row.position().map_or(0, csv::Position::byte));
        self.row_line = line;
        let columns = Rc::clone(&self.columns);
        let raw = |index: usize| unescape(self.row.get(index).unwrap_or_default()).to_owned();
        // Our columns are read without surrounding space; the scheme's own are kept exactly.
        let field =
            |index: usize| unescape(self.row.get(index).unwrap_or_default().trim()).to_owned();
        let (client, date, instrument_text, answers_text) = (
            field(columns.client),
            field(columns.date),
            field(columns.instrument),
            field(columns.answers),
        );
        let administration_text = columns.administration.map(field).unwrap_or_default();
        // A huge cell in one of our columns is refused without echoing it back.
        let too_long: Vec<&str> = [
            ("client", &client),
            ("date", &date),
            ("instrument", &instrument_text),
            ("answers", &answers_text),
            (ADMINISTRATION, &administration_text),
        ]
        .into_iter()
        .filter(|(_, text)| text.chars().count() > MAX_CELL_CHARS)
        .map(|(name, _)| name)
        .collect();
        if !too_long.is_empty() {
            return Err(too_long
                .into_iter()
                .map(|name| {
                    CsvProblem::new(
                        line,
                        Some(name),
                        format!("is over {MAX_CELL_CHARS} characters long"),
                    )
                })
                .collect());
        }
        let extra: Vec<(String, String)> = columns
            .extra
            .iter()
            .map(|(index, name)| (name.clone(), raw(*index)))
            .collect();
        let mut problems = Vec::new();
        let problem = |column: &str, message: String| CsvProblem::new(line, Some(column), message);
        for index in &columns.blank {
            if !self.row.get(*index).unwrap_or_default().trim().is_empty() {
                problems.push(CsvProblem::new(
                    line,
                    None,
                    format!(
                        "column {} has no name in the header, but this row has a value there; name the column",
                        index + 1
                    ),
                ));
            }
        }
        if client.eq_ignore_ascii_case("client") && date.eq_ignore_ascii_case("date") {
            return Err(vec![CsvProblem::new(
                line,
                None,
                "this row repeats the header: were two files joined together? Give each file on its own",
            )]);
        }
        if client.is_empty() {
            problems.push(problem("client", "is empty".into()));
        }
        if let Err(message) = dates::check(&date) {
            problems.push(problem("date", message));
        }
        let administration = if administration_text.is_empty() {
            Some(Administration::default())
        } else {
            let parsed = Administration::parse(&administration_text);
            if parsed.is_none() {
                problems.push(problem(
                    ADMINISTRATION,
                    format!("`{administration_text}` is not self, read_aloud or on_behalf"),
                ));
            }
            parsed
        };
        let subject = match self.subject(&instrument_text) {
            Ok(subject) => subject,
            Err(message) => {
                problems.push(problem("instrument", message));
                return Err(problems);
            }
        };
        let answers = match &*subject {
            Subject::Instrument(instrument) => Answers::parse(instrument, &answers_text)
                .map(|answers| vec![answers])
                .map_err(|error| error.to_string()),
            Subject::Battery(battery, instruments) => {
                let instruments: Vec<&wellcheck_core::Instrument> = instruments.iter().collect();
                split_answers(battery.id(), &instruments, &answers_text)
                    .map_err(|error| error.to_string())
            }
        };
        let answers = match answers {
            Ok(answers) => answers,
            Err(message) => {
                problems.push(problem("answers", message));
                return Err(problems);
            }
        };
        let Some(administration) = administration else {
            return Err(problems);
        };
        let mut answers = answers;
        for one in &mut answers {
            one.set_administration(administration);
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(CheckedRow {
            line,
            client,
            date,
            subject,
            answers,
            extra,
            problems,
        })
    }
}

/// A row whose cells are good and whose answers parse, before scoring.
struct CheckedRow {
    line: u64,
    client: String,
    date: String,
    subject: Rc<Subject>,
    answers: Vec<Answers>,
    extra: Vec<(String, String)>,
    problems: Vec<CsvProblem>,
}

/// One row's forms as score values only ([`FormReader::next_row_values`]).
#[derive(Debug, Clone)]
pub struct RowValues {
    /// The scheme's client reference.
    pub client: String,
    /// When the forms were completed, `YYYY-MM-DD`.
    pub date: String,
    /// The instrument or battery of the row.
    pub subject: Rc<Subject>,
    /// Per instrument of the subject, in order: its score values in definition order.
    pub values: Vec<Vec<Option<wellcheck_core::decimal::Decimal>>>,
}

/// Reads and scores every row of a whole text, or reports its problems (at most
/// [`MAX_LISTED_PROBLEMS`], then a count of the rest); nothing is read in part.
pub fn read(text: &str) -> Result<Vec<Record>, Vec<CsvProblem>> {
    let mut reader = FormReader::new(text.as_bytes()).map_err(|problem| vec![problem])?;
    let mut records = Vec::new();
    let mut problems = ProblemList::default();
    while let Some(row) = reader.next_row() {
        match row {
            Ok(mut rows) if problems.is_empty() => records.append(&mut rows),
            Ok(_) => {}
            Err(found) => problems.extend(found),
        }
    }
    problems.into_result(records)
}

/// Problems, listed up to [`MAX_LISTED_PROBLEMS`] and counted beyond, so a file with a
/// million bad rows still gives a short, bounded answer.
#[derive(Debug, Default)]
pub struct ProblemList {
    listed: Vec<CsvProblem>,
    unlisted: u64,
    first_unlisted_line: u64,
}

impl ProblemList {
    /// Adds problems.
    pub fn extend(&mut self, problems: impl IntoIterator<Item = CsvProblem>) {
        for problem in problems {
            if self.listed.len() < MAX_LISTED_PROBLEMS {
                self.listed.push(problem);
            } else {
                if self.unlisted == 0 {
                    self.first_unlisted_line = problem.line;
                }
                self.unlisted += 1;
            }
        }
    }

    /// How many were found, listed or not.
    pub fn total(&self) -> u64 {
        self.listed.len() as u64 + self.unlisted
    }

    /// Whether none was found.
    pub fn is_empty(&self) -> bool {
        self.listed.is_empty()
    }

    /// The problems as listed, with one closing line counting the rest.
    pub fn into_problems(self) -> Vec<CsvProblem> {
        let mut listed = self.listed;
        if self.unlisted > 0 {
            listed.push(CsvProblem::new(
                self.first_unlisted_line,
                None,
                format!(
                    "and {} more problem(s) from this line on, not listed",
                    self.unlisted
                ),
            ));
        }
        listed
    }

    /// `Ok(value)` when there were no problems.
    pub fn into_result<T>(self, value: T) -> Result<T, Vec<CsvProblem>> {
        if self.is_empty() {
            Ok(value)
        } else {
            Err(self.into_problems())
        }
    }
}

/// Whether a spreadsheet would read this cell as a formula (or it is a value this module
/// escaped, which must be escaped again to read back exactly).
fn needs_quote_prefix(cell: &str) -> bool {
    match cell.as_bytes().first() {
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') => true,
        Some(b'\'') => cell.get(1..).is_some_and(needs_quote_prefix),
        _ => false,
    }
}

/// A text cell made safe for spreadsheets: a leading `'` where it would start a formula.
pub fn escape(cell: &str) -> std::borrow::Cow<'_, str> {
    if needs_quote_prefix(cell) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// The original text of a cell written by [`escape`].
pub fn unescape(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if needs_quote_prefix(rest) => rest,
        _ => cell,
    }
}

/// Writes forms as CSV with the documented columns, one row at a time.
pub struct FormWriter<W: io::Write> {
    writer: csv::Writer<W>,
    triples: usize,
    extra: Vec<String>,
    row: Vec<String>,
}

impl<W: io::Write> FormWriter<W> {
    /// Writes the header: `triples` score columns (at least one), then the scheme's own
    /// columns, `extra`, whose values each record carries by name.
    pub fn new(output: W, triples: usize, extra: &[String]) -> io::Result<FormWriter<W>> {
        let triples = triples.max(1);
        let mut writer = csv::Writer::from_writer(output);
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
        header.extend(extra.iter().map(|name| escape(name).into_owned()));
        writer.write_record(&header).map_err(io_error)?;
        Ok(FormWriter {
            writer,
            triples,
            extra: extra.to_vec(),
            row: Vec::new(),
        })
    }

    /// Writes one record.
    pub fn write(&mut self, record: &Record) -> io::Result<()> {
        let report = &record.report;
        let answers = record.answers.to_text();
        let row = &mut self.row;
        row.clear();
        for text in [
            record.client.as_str(),
            record.date.as_str(),
            report.instrument.as_str(),
            report.version.as_str(),
            report.administration,
            if report.complete { "true" } else { "false" },
            answers.as_str(),
            report.flags.join(";").as_str(),
        ] {
            row.push(escape(text).into_owned());
        }
        for n in 0..self.triples {
            match report.scores.get(n) {
                Some(entry) => {
                    row.push(escape(&entry.id).into_owned());
                    // A number the core computed: written as a number, sign and all.
                    row.push(entry.value.map(|v| v.to_string()).unwrap_or_default());
                    row.push(escape(entry.band.as_deref().unwrap_or_default()).into_owned());
                }
                None => row.extend([String::new(), String::new(), String::new()]),
            }
        }
        row.push(escape(&report.definition_hash).into_owned());
        // A record read from a file carries its own columns in the header's order, so each
        // is found at its place; otherwise they are looked up by name, once for the row.
        // Never a search per column: a file with 100,000 own columns stays linear.
        let mut by_name: Option<std::collections::HashMap<&str, &str>> = None;
        for (index, name) in self.extra.iter().enumerate() {
            let value = match record.extra.get(index) {
                Some((column, value)) if column == name => value.as_str(),
                _ => by_name
                    .get_or_insert_with(|| {
                        record
                            .extra
                            .iter()
                            .rev()
                            .map(|(column, value)| (column.as_str(), value.as_str()))
                            .collect()
                    })
                    .get(name.as_str())
                    .copied()
                    .unwrap_or(""),
            };
            row.push(escape(value).into_owned());
        }
        self.writer.write_record(&*row).map_err(io_error)
    }

    /// Flushes and gives back the output.
    pub fn finish(self) -> io::Result<W> {
        self.writer
            .into_inner()
            .map_err(csv::IntoInnerError::into_error)
    }
}

/// The underlying I/O error (a closed pipe stays a closed pipe, so callers can tell).
fn io_error(error: csv::Error) -> io::Error {
    match error.into_kind() {
        csv::ErrorKind::Io(error) => error,
        other => io::Error::other(format!("{other:?}")),
    }
}

/// Writes records as CSV with the documented columns (as many score triples as the record
/// with most scores needs; the scheme's own columns in order of first appearance).
pub fn write(records: &[Record]) -> String {
    let triples = records
        .iter()
        .map(|record| record.report.scores.len())
        .max()
        .unwrap_or(1);
    let mut extra: Vec<String> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (name, _) in records.iter().flat_map(|record| &record.extra) {
        if seen.insert(name.as_str()) {
            extra.push(name.clone());
        }
    }
    let written = FormWriter::new(Vec::new(), triples, &extra).and_then(|mut writer| {
        for record in records {
            writer.write(record)?;
        }
        writer.finish()
    });
    written
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
        .unwrap_or_default()
}

/// The longest row read, in bytes: past it the input is refused (a quote that is never
/// closed would otherwise pull the rest of a file into memory as one field).
pub const MAX_ROW_BYTES: u64 = 1024 * 1024;

/// Passes bytes through while following CSV quoting (as the `csv` crate parses it), so
/// that a quoted field still open at the end of the input can be reported with the line it
/// opened on; counts lines as a person sees them (`\n`, `\r\n` or a lone `\r` each end one),
/// so every problem names the line an editor shows; and refuses a row over
/// [`MAX_ROW_BYTES`], so memory stays bounded whatever the file.
struct QuoteWatch<R> {
    inner: R,
    state: QuoteState,
    /// Bytes passed so far.
    offset: u64,
    /// The line the next byte is on.
    line: u64,
    /// `(offset, line)` of the first character of each row, while the parser may still ask.
    row_starts: std::collections::VecDeque<(u64, u64)>,
    at_line_start: bool,
    last_was_cr: bool,
    opened_on: u64,
    row_started_on: u64,
    row_bytes: u64,
    /// The file's first byte, to tell a UTF-16 file by its first two.
    first: u8,
    /// Whether the header row (the first that is not blank) has ended.
    header_done: bool,
}

/// How far past [`MAX_ROW_BYTES`] an over-long quoted field is followed (keeping nothing)
/// to tell a missing closing quote from a field that is merely too long.
const MAX_FIELD_SCAN_BYTES: u64 = 256 * 1024 * 1024;

/// What people are told when a file is UTF-16, as Excel's "Unicode Text" saves it.
const UTF16_MESSAGE: &str = "this file is saved as UTF-16 (Excel's \"Unicode Text\"), not UTF-8: in Excel choose File, Save As, \"CSV UTF-8 (Comma delimited) (*.csv)\", and use that file";

#[derive(Clone, Copy, PartialEq, Eq)]
enum QuoteState {
    FieldStart,
    Unquoted,
    Quoted,
    QuoteInQuoted,
}

impl QuoteState {
    /// The state after `byte`, as the `csv` crate parses quoting: inside quotes, `""` is a
    /// quote in the text, and a `"` followed by anything else closed the field.
    fn after(self, byte: u8) -> QuoteState {
        use QuoteState::{FieldStart, QuoteInQuoted, Quoted, Unquoted};
        let ends_field = matches!(byte, b',' | b'\n' | b'\r');
        match (self, byte) {
            (FieldStart, b'"') | (QuoteInQuoted, b'"') => Quoted,
            (Quoted, b'"') => QuoteInQuoted,
            (Quoted, _) => Quoted,
            (FieldStart | Unquoted | QuoteInQuoted, _) if ends_field => FieldStart,
            (FieldStart | Unquoted | QuoteInQuoted, _) => Unquoted,
        }
    }

    /// Whether a quoted field is still being read.
    fn in_quotes(self) -> bool {
        matches!(self, QuoteState::Quoted | QuoteState::QuoteInQuoted)
    }
}

impl<R> QuoteWatch<R> {
    fn new(inner: R) -> QuoteWatch<R> {
        QuoteWatch {
            inner,
            state: QuoteState::FieldStart,
            offset: 0,
            line: 1,
            row_starts: std::collections::VecDeque::new(),
            at_line_start: true,
            last_was_cr: false,
            opened_on: 0,
            row_started_on: 1,
            row_bytes: 0,
            first: 0,
            header_done: false,
        }
    }

    /// The line a still-open quoted field started on, if the input ended inside one.
    fn unterminated_quote(&self) -> Option<u64> {
        (self.state == QuoteState::Quoted).then_some(self.opened_on)
    }

    /// The line of the record the parser says starts at byte `offset`: the line of the first
    /// row character at or after it (the parser counts a record from where it began reading,
    /// which may be the end of the line before, or blank lines it skipped).
    fn line_at(&self, offset: u64) -> u64 {
        let index = self
            .row_starts
            .partition_point(|(start, _)| *start < offset);
        self.row_starts
            .get(index)
            .map_or(self.row_started_on, |(_, line)| *line)
    }

    /// The line the row being read started on.
    fn current_row_line(&self) -> u64 {
        self.row_started_on
    }

    fn new_line(&mut self) {
        self.line += 1;
        self.at_line_start = self.state != QuoteState::Quoted;
    }

    fn follow(&mut self, byte: u8) -> io::Result<()> {
        use QuoteState::{FieldStart, Quoted};
        // A UTF-16 file starts with its byte order mark, or has a zero byte beside every
        // ASCII letter: said plainly, not as "invalid UTF-8".
        match self.offset {
            0 => self.first = byte,
            1 if matches!((self.first, byte), (0xFF, 0xFE) | (0xFE, 0xFF)) => {
                return Err(io::Error::new(io::ErrorKind::InvalidData, UTF16_MESSAGE));
            }
            _ => {}
        }
        // No text file has a zero byte, and a header in UTF-16 has one beside nearly every
        // character (whatever its first character, and after a UTF-8 mark too). The whole
        // header row is looked at, wherever it starts, so a file that reads is one whose
        // own output (header first) reads back too.
        if byte == 0 && !self.header_done {
            return Err(io::Error::new(io::ErrorKind::InvalidData, UTF16_MESSAGE));
        }
        if self.last_was_cr && byte != b'\n' {
            self.new_line();
        }
        self.last_was_cr = byte == b'\r';
        if self.at_line_start && !matches!(byte, b'\n' | b'\r') {
            self.at_line_start = false;
            self.row_starts.push_back((self.offset, self.line));
            // The parser asks only about rows in its buffer, a bounded way behind.
            if self.row_starts.len() > 65_536 {
                self.row_starts.pop_front();
            }
        }
        let ends_row = matches!(byte, b'\n' | b'\r');
        let before = self.state;
        self.state = before.after(byte);
        if (before, self.state) == (FieldStart, Quoted) {
            self.opened_on = self.line;
        }
        self.offset += 1;
        if byte == b'\n' {
            self.new_line();
        }
        if ends_row && before != Quoted {
            if self.row_bytes > 0 {
                self.header_done = true;
            }
            self.row_bytes = 0;
            self.row_started_on = self.line + u64::from(byte == b'\r');
            return Ok(());
        }
        self.row_bytes += 1;
        if self.row_bytes <= MAX_ROW_BYTES {
            return Ok(());
        }
        let reason = if self.state == Quoted {
            format!(
                "a quoted field opened on line {} runs on for over {MAX_ROW_BYTES} bytes: its closing `\"` is probably missing",
                self.opened_on
            )
        } else {
            format!("a row is over {MAX_ROW_BYTES} bytes long")
        };
        Err(io::Error::new(io::ErrorKind::InvalidData, reason))
    }
}

impl<R: io::Read> QuoteWatch<R> {
    /// A quoted field has passed [`MAX_ROW_BYTES`]: reads on (keeping nothing) to tell a
    /// field whose closing quote is missing from one that is closed but too long, so the
    /// message says which. `rest` is what of the last read the parser has not been given.
    fn overlong_field(&mut self, rest: &[u8]) -> io::Error {
        let mut state = self.state;
        let mut length = self.row_bytes;
        // Follows the quoting on from where the parser stopped; true once the field closes.
        let mut closes = |bytes: &[u8]| {
            for byte in bytes {
                state = state.after(*byte);
                if !state.in_quotes() {
                    return true;
                }
                length += 1;
            }
            false
        };
        let mut closed = closes(rest);
        let mut scratch = vec![0_u8; 64 * 1024];
        // Bounded too, so an endless input (a pipe that never closes) still ends.
        let mut scanned = self.row_bytes + rest.len() as u64;
        while !closed && scanned <= MAX_FIELD_SCAN_BYTES {
            match self.inner.read(&mut scratch) {
                // The input ends: closed if its last byte was the closing quote.
                Ok(0) => {
                    closed = state == QuoteState::QuoteInQuoted;
                    break;
                }
                Ok(read) => {
                    scanned += read as u64;
                    closed = closes(scratch.get(..read).unwrap_or_default());
                }
                Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
                Err(error) => return error,
            }
        }
        let ran_out = scanned > MAX_FIELD_SCAN_BYTES;
        let reason = if closed {
            format!(
                "the quoted field opened on line {} is about {} MB long; a row may be at most {MAX_ROW_BYTES} bytes (1 MB): shorten it or move it out of the file",
                self.opened_on,
                (length + 500_000) / 1_000_000
            )
        } else if ran_out {
            format!(
                "a quoted field opened on line {} runs on for over {} MB: its closing `\"` is probably missing",
                self.opened_on,
                MAX_FIELD_SCAN_BYTES / 1_000_000
            )
        } else {
            format!(
                "a quoted field opened on line {} runs to the end of the file: its closing `\"` is missing",
                self.opened_on
            )
        };
        io::Error::new(io::ErrorKind::InvalidData, reason)
    }
}

impl<R: io::Read> io::Read for QuoteWatch<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let read = self.inner.read(buf)?;
        for (index, byte) in buf.iter().take(read).enumerate() {
            if let Err(error) = self.follow(*byte) {
                if self.state == QuoteState::Quoted && self.row_bytes > MAX_ROW_BYTES {
                    return Err(self.overlong_field(buf.get(index + 1..read).unwrap_or_default()));
                }
                return Err(error);
            }
        }
        Ok(read)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_round_trips_and_neutralises_formulas() {
        for cell in [
            "=cmd|' /C calc'!A0",
            "+1",
            "-2+3",
            "@SUM(A1)",
            "\t=1",
            "\r=1",
            "'=1",
            "''=1",
            "'plain",
            "plain",
            "",
        ] {
            let escaped = escape(cell);
            assert!(
                !matches!(
                    escaped.as_bytes().first(),
                    Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
                ),
                "{cell:?} -> {escaped:?}"
            );
            assert_eq!(unescape(&escaped), cell, "{cell:?}");
        }
    }

    #[test]
    fn calendar_dates() {
        assert!(dates::check("2024-02-29").is_ok());
        assert!(dates::check("2000-02-29").is_ok());
        for bad in [
            "2026-02-31",
            "2025-02-29",
            "1900-02-29",
            "0000-04-31",
            "0000-01-01",
            "2026-13-01",
            "2026-00-10",
            "2026-1-01",
            "2026/01/01",
            "２０２６-01-01",
        ] {
            assert!(dates::check(bad).is_err(), "{bad}");
        }
    }
}
