//! `wellcheck report`: honest outcome figures over the CSV exports of one or more tablets.
//!
//! Each file is read a row at a time into the core's [`Cohort`], which keeps one small record
//! per client and instrument; nothing is written unless every row of every file is good. A
//! second form for the same client, instrument and date (within a file or across two) is an
//! error naming both places. The figures and the HTML page are the core's; this module only
//! chooses the output and lays out the text table.

use std::io::{self, Read, Write};

use lexopt::prelude::*;
use wellcheck_interchange::csv_records::FormReader;
use wellcheck_outcomes::{html, text};

use wellcheck_outcomes::{AddError, Cohort, Place, Rule, date_number};

use crate::failure::Failure;
use crate::help::{command_help, is_help};

/// The earliest plausible form date: the oldest instrument here (UCLA, 1978; its short
/// forms and the rest far later) was not in routine use in schemes before 1990.
const EARLIEST_DATE: u32 = 19_900_101;

/// How many problems are listed before the rest are only counted.
const LISTED: usize = 100;

enum Output {
    Text,
    Json,
    Html(String),
}

/// Problems across every file, each named with its file when there are several.
struct Problems {
    listed: Vec<String>,
    total: u64,
}

impl Problems {
    fn add(&mut self, problem: String) {
        self.total += 1;
        if self.listed.len() < LISTED {
            self.listed.push(problem);
        }
    }
}

/// Shows a client id in a message: short, and control characters made visible.
fn shown(text: &str) -> String {
    let cut: String = text.chars().take(40).collect();
    let more = if cut.len() < text.len() { "…" } else { "" };
    format!("{}{more}", cut.escape_debug())
}

pub fn report(parser: &mut lexopt::Parser, out: &mut dyn Write) -> Result<(), Failure> {
    let mut files: Vec<String> = Vec::new();
    let mut rule = Rule::Default;
    let mut output = Output::Text;
    let mut output_chosen = false;
    let mut scheme: Option<String> = None;
    while let Some(arg) = parser.next()? {
        match arg {
            arg if is_help(&arg) => {
                return Ok(out.write_all(command_help("report")?.as_bytes())?);
            }
            Long("rule") => {
                let text = parser.value()?.string()?;
                rule = Rule::parse(&text).ok_or_else(|| {
                    Failure::Usage(format!(
                        "`--rule {}` is not a rule (expected one of: {})",
                        shown(&text),
                        Rule::ALL.map(Rule::as_str).join(", ")
                    ))
                })?;
            }
            Long("scheme") => {
                let text = parser.value()?.string()?;
                scheme = Some(
                    wellcheck_outcomes::headline::check_scheme_name(&text)
                        .map_err(|why| Failure::Usage(format!("--scheme: {why}")))?,
                );
            }
            Long("json") | Long("html") if output_chosen => {
                return Err(Failure::Usage(
                    "give --json or --html once, not both and not twice".into(),
                ));
            }
            Long("json") => {
                output = Output::Json;
                output_chosen = true;
            }
            Long("html") => {
                output = Output::Html(parser.value()?.string()?);
                output_chosen = true;
            }
            Value(value) => files.push(value.string()?),
            other => return Err(other.unexpected().into()),
        }
    }
    if files.is_empty() {
        return Err(Failure::Usage(
            "`report` needs at least one CSV file (or - for standard input)".into(),
        ));
    }
    if files.iter().filter(|f| *f == "-").count() > 1 {
        return Err(Failure::Usage(
            "standard input (-) can be read only once".into(),
        ));
    }

    refuse_repeated_paths(&files, &output)?;
    let (cohort, mut problems) = gather(&files)?;
    if problems.total > 0 {
        let unlisted = problems.total - problems.listed.len() as u64;
        if unlisted > 0 {
            problems
                .listed
                .push(format!("and {unlisted} more problem(s), not listed"));
        }
        let file = match files.as_slice() {
            [only] => display_name(only),
            _ => "the input files".to_owned(),
        };
        return Err(Failure::Invalid {
            file,
            problems: problems.listed,
            total: problems.total,
        });
    }
    if cohort.client_count() == 0 {
        return Err(Failure::Input(
            "there are no forms in the input (only a header): nothing to report".into(),
        ));
    }
    let mut outcomes = cohort.analyse(rule);
    outcomes.scheme = scheme;
    let generator = format!("wellcheck {}", env!("CARGO_PKG_VERSION"));
    match output {
        Output::Text => out.write_all(text::render(&outcomes, &generator).as_bytes())?,
        Output::Json => {
            let json = serde_json::to_string_pretty(&outcomes.to_json_value())
                .map_err(|error| Failure::Input(format!("cannot write JSON: {error}")))?;
            writeln!(out, "{json}")?;
        }
        Output::Html(path) if path == "-" => {
            out.write_all(html::render(&outcomes, &generator).as_bytes())?;
        }
        Output::Html(path) => write_file(&path, &html::render(&outcomes, &generator))?,
    }
    Ok(())
}

/// A file's name for messages and the report (`main` and the text table make control
/// characters visible; the JSON and HTML escape for themselves).
fn display_name(path: &str) -> String {
    if path == "-" {
        "standard input".to_owned()
    } else {
        path.to_owned()
    }
}

/// Which file a path (or standard input, `-`) is: device and inode, so links, `./` and a
/// redirected standard input are all recognised.
fn identity(path: &str) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    let metadata = if path == "-" {
        std::fs::metadata("/dev/stdin").ok()?
    } else {
        std::fs::metadata(path).ok()?
    };
    Some((metadata.dev(), metadata.ino()))
}

/// The same file twice would pair every form with itself, and writing the page over an
/// input would destroy a tablet's export: both are refused before anything is read.
fn refuse_repeated_paths(files: &[String], output: &Output) -> Result<(), Failure> {
    let mut seen: Vec<((u64, u64), &str)> = Vec::new();
    for path in files {
        if let Some(file) = identity(path) {
            if let Some((_, first)) = seen.iter().find(|(known, _)| *known == file) {
                return Err(Failure::Usage(format!(
                    "{} and {} are the same file: give each export once",
                    display_name(first),
                    display_name(path)
                )));
            }
            seen.push((file, path));
        }
    }
    if let Output::Html(page) = output
        && page != "-"
    {
        if let Ok(metadata) = std::fs::symlink_metadata(page)
            && !metadata.file_type().is_file()
        {
            return Err(Failure::Usage(format!(
                "--html {page} is not a plain file (a link, a device or a folder): name a new file for the page"
            )));
        }
        if let Some(file) = identity(page)
            && seen.iter().any(|(known, _)| *known == file)
        {
            return Err(Failure::Usage(format!(
                "--html {page} would overwrite an input file: name a new file for the page"
            )));
        }
    }
    Ok(())
}

/// Tomorrow's date as a number (`20261125`), from the system clock (UTC): a form dated later
/// is refused, since a mistyped year would otherwise turn a client's result round. Tomorrow
/// is allowed for a form saved just after midnight where local time is ahead of UTC.
fn tomorrow() -> Option<u32> {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_secs();
    let days = i64::try_from(seconds / 86_400).ok()? + 1;
    wellcheck_core::dates::from_days(days)
}

/// Writes the page beside its destination and renames it into place, so a reader never
/// sees half a report and a failed run leaves any earlier report as it was.
fn write_file(path: &str, content: &str) -> Result<(), Failure> {
    let target = std::path::Path::new(path);
    if target.file_name().is_none() {
        return Err(Failure::Usage(format!(
            "`--html {path}` is not a file name"
        )));
    }
    // A new file of our own (never an existing one, never through a link) beside the target.
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.subsec_nanos());
    // A short name of its own, whatever the target's length: a legal name of 231 to 255
    // bytes would otherwise be too long once the suffix is added.
    let temporary = target.with_file_name(format!(
        ".wellcheck-report-{}-{stamp}.partial",
        std::process::id()
    ));
    let cannot = |error: io::Error| Failure::Input(format!("cannot write {path}: {error}"));
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&temporary)
        .map_err(cannot)?;
    let written = file
        .write_all(content.as_bytes())
        .and_then(|()| file.sync_all())
        .and_then(|()| std::fs::rename(&temporary, target));
    written.map_err(|error| {
        let _ = std::fs::remove_file(&temporary);
        cannot(error)
    })
}

/// Reads every file into one cohort, collecting every problem.
fn gather(files: &[String]) -> Result<(Cohort, Problems), Failure> {
    let mut cohort = Cohort::new();
    let mut problems = Problems {
        listed: Vec::new(),
        total: 0,
    };
    let several = files.len() > 1;
    let latest_allowed = tomorrow();
    for path in files {
        let name = display_name(path);
        let source = cohort.add_source(&name);
        let at = |text: String| {
            if several {
                format!("{name}: {text}")
            } else {
                text
            }
        };
        let input: Box<dyn Read> = if path == "-" {
            Box::new(io::stdin().lock())
        } else {
            Box::new(
                std::fs::File::open(path)
                    .map_err(|error| Failure::Input(format!("cannot read {name}: {error}")))?,
            )
        };
        let mut reader = match FormReader::new(io::BufReader::new(input)) {
            Ok(reader) => reader,
            Err(problem) => {
                problems.add(at(problem.to_string()));
                continue;
            }
        };
        while let Some(row) = reader.next_row_values() {
            let row = match row {
                Ok(row) => row,
                Err(found) => {
                    for problem in found {
                        problems.add(at(problem.to_string()));
                    }
                    continue;
                }
            };
            let line = reader.row_line();
            if let (Some(date), Some(latest)) = (date_number(&row.date), latest_allowed)
                && date > latest
            {
                problems.add(at(format!(
                    "line {line}, column `date`: {} is in the future: is the year mistyped?",
                    row.date
                )));
                continue;
            }
            if date_number(&row.date).is_some_and(|date| date < EARLIEST_DATE) {
                problems.add(at(format!(
                    "line {line}, column `date`: {} is before 1990, before any of these questionnaires was in use: is the year mistyped?",
                    row.date
                )));
                continue;
            }
            if let Err(other) = cohort.add_work(&row.client, &row.date, &row.needs, &row.support) {
                problems.add(at(format!("line {line}: {other}")));
            }
            for (instrument, values) in row.subject.instrument_slice().iter().zip(&row.values) {
                let place = Place { source, line };
                match cohort.add_values(place, &row.client, &row.date, instrument, values) {
                    Ok(()) => {}
                    Err(AddError::Duplicate { first }) => problems.add(at(format!(
                        "line {line}, column `date`: client `{}` already has a form for {} dated {}, at {} line {}; remove one of them",
                        shown(&row.client),
                        instrument.id(),
                        row.date,
                        cohort.source_name(first.source),
                        first.line
                    ))),
                    Err(other) => problems.add(at(format!("line {line}: {other}"))),
                }
            }
        }
    }
    Ok((cohort, problems))
}
