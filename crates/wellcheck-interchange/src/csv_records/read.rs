//! Reading forms: [`FormReader`] streams rows, checks and scores each, and [`read`] reads a
//! whole text; each problem names its line.

use super::*;

/// Reads forms from CSV one row at a time.
///
/// Each call to [`FormReader::next_row`] reads one row and gives its records (one, or one
/// per instrument of a battery) or every problem in it. After the last row it reports a
/// quoted field left open at the end of the input, which a CSV parser would otherwise
/// swallow with the rest of the file.
pub struct FormReader<R: io::Read> {
    pub(crate) reader: csv::Reader<QuoteWatch<R>>,
    pub(crate) columns: Rc<Columns>,
    pub(crate) subjects: HashMap<String, Result<Rc<Subject>, String>>,
    pub(crate) row: csv::StringRecord,
    pub(crate) finished: bool,
    pub(crate) row_line: u64,
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
    pub(crate) fn read_next(&mut self) -> Option<Result<(), Vec<CsvProblem>>> {
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

    pub(crate) fn subject(&mut self, id: &str) -> Result<Rc<Subject>, String> {
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
                    needs: checked.needs,
                    support: checked.support,
                })
            } else {
                Err(problems)
            }
        }))
    }

    pub(crate) fn check_row(&mut self) -> Result<Vec<Record>, Vec<CsvProblem>> {
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
                    needs: checked.needs.clone(),
                    support: checked.support.clone(),
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
    pub(crate) fn check_fields(&mut self) -> Result<CheckedRow, Vec<CsvProblem>> {
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
        let needs_text = columns.needs.map(field).unwrap_or_default();
        let support_text = columns.support.map(field).unwrap_or_default();
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
        .chain(
            [(NEEDS, &needs_text), (SUPPORT, &support_text)]
                .into_iter()
                .filter(|(_, text)| text.chars().count() > MAX_LIST_CHARS)
                .map(|(name, _)| name),
        )
        .collect();
        if !too_long.is_empty() {
            return Err(too_long
                .into_iter()
                .map(|name| {
                    let most = if name == NEEDS || name == SUPPORT {
                        MAX_LIST_CHARS
                    } else {
                        MAX_CELL_CHARS
                    };
                    CsvProblem::new(line, Some(name), format!("is over {most} characters long"))
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
        let (needs, support) = (split_entries(&needs_text), split_entries(&support_text));
        for (name, entries) in [(NEEDS, &needs), (SUPPORT, &support)] {
            if entries.len() > MAX_LIST_ENTRIES {
                problems.push(problem(
                    name,
                    format!(
                        "lists {} entries; at most {MAX_LIST_ENTRIES} are read",
                        entries.len()
                    ),
                ));
            }
            if entries
                .iter()
                .any(|entry| entry.chars().count() > MAX_ENTRY_CHARS)
            {
                problems.push(problem(
                    name,
                    format!("has an entry over {MAX_ENTRY_CHARS} characters long"),
                ));
            }
            // A direction override or an invisible character would turn a page's figures
            // round, or make two entries that look the same count apart.
            if let Some(entry) = entries
                .iter()
                .find(|entry| entry.chars().any(wellcheck_core::text::is_hidden))
            {
                problems.push(problem(
                    name,
                    format!(
                        "the entry `{}` holds a hidden or control character; retype it",
                        wellcheck_core::text::visible(&entry.chars().take(40).collect::<String>())
                    ),
                ));
            }
        }
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
            needs,
            support,
            extra,
            problems,
        })
    }
}

/// A row whose cells are good and whose answers parse, before scoring.
pub(crate) struct CheckedRow {
    pub(crate) line: u64,
    pub(crate) client: String,
    pub(crate) date: String,
    pub(crate) subject: Rc<Subject>,
    pub(crate) answers: Vec<Answers>,
    pub(crate) needs: Vec<String>,
    pub(crate) support: Vec<String>,
    pub(crate) extra: Vec<(String, String)>,
    pub(crate) problems: Vec<CsvProblem>,
}

/// The longest `needs` or `support` cell read: room for every standard entry and 50 of a
/// scheme's own of 60 characters (what the tablet allows), with their separators.
pub const MAX_LIST_CHARS: usize = 4_000;
/// The most entries in one `needs` or `support` cell.
pub const MAX_LIST_ENTRIES: usize = 100;
/// The longest entry in a `needs` or `support` cell.
pub const MAX_ENTRY_CHARS: usize = 200;

/// A `needs` or `support` cell read into its entries: `;`-separated, each trimmed, empty
/// ones dropped.
pub fn split_entries(cell: &str) -> Vec<String> {
    cell.split(';')
        .map(str::trim)
        .filter(|entry| !entry.is_empty())
        .map(str::to_owned)
        .collect()
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
    /// The needs raised at the visit (the `needs` column), if given.
    pub needs: Vec<String>,
    /// The support offered or connected to (the `support` column), if given.
    pub support: Vec<String>,
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
