//! Argument parsing and the subcommands; returns the text to print so it can be tested.

use std::ffi::OsString;

use lexopt::prelude::*;
use wellcheck_core::{Answers, Instrument, catalogue, score};

/// Usage text shown by `wellcheck help` and after a usage error hint.
pub const USAGE: &str = "\
wellcheck: validated questionnaires and their published scoring

Usage:
  wellcheck list [--json]
  wellcheck score <id> --answers <a1,a2,...> [--json]
  wellcheck validate <definition.json>
  wellcheck help

--answers gives one value per item in definition order, using the instrument's published
numeric codes; `-` marks an unanswered item.
";

/// Why a command failed.
#[derive(Debug)]
pub enum Failure {
    /// The command line itself is wrong.
    Usage(String),
    /// The input (an id, answers, a file) is wrong.
    Input(String),
    /// A definition file has problems; each is listed.
    Invalid {
        /// The file that was checked.
        file: String,
        /// Every problem, as `path: message`.
        problems: Vec<String>,
    },
}

impl From<lexopt::Error> for Failure {
    fn from(error: lexopt::Error) -> Self {
        Failure::Usage(format!("{error} (see `wellcheck help`)"))
    }
}

/// Runs one command line (without the program name).
pub fn run(args: Vec<OsString>) -> Result<String, Failure> {
    let mut parser = lexopt::Parser::from_args(args);
    let command = match parser.next()? {
        Some(Value(command)) => command.string()?,
        Some(Long("help") | Short('h')) => return Ok(USAGE.to_owned()),
        Some(other) => return Err(other.unexpected().into()),
        None => {
            return Err(Failure::Usage(
                "no command given (see `wellcheck help`)".to_owned(),
            ));
        }
    };
    match command.as_str() {
        "list" => list(&mut parser),
        "score" => score_command(&mut parser),
        "validate" => validate(&mut parser),
        "help" => Ok(USAGE.to_owned()),
        other => Err(Failure::Usage(format!(
            "unknown command `{other}` (expected list, score or validate; see `wellcheck help`)"
        ))),
    }
}

fn list(parser: &mut lexopt::Parser) -> Result<String, Failure> {
    let mut json = false;
    while let Some(arg) = parser.next()? {
        match arg {
            Long("json") => json = true,
            other => return Err(other.unexpected().into()),
        }
    }
    let mut instruments = Vec::new();
    for id in catalogue::ids() {
        instruments.push(catalogue::get(id).map_err(|error| Failure::Input(error.to_string()))?);
    }
    if json {
        let entries: Vec<serde_json::Value> = instruments
            .iter()
            .map(|instrument| {
                serde_json::json!({
                    "id": instrument.id(),
                    "name": instrument.name(),
                    "version": instrument.version(),
                    "items": instrument.items().len(),
                })
            })
            .collect();
        return Ok(format!("{}\n", serde_json::Value::Array(entries)));
    }
    let width = instruments.iter().map(|i| i.id().len()).max().unwrap_or(0);
    Ok(instruments
        .iter()
        .map(|i| {
            format!(
                "{:width$}  {} ({} items)\n",
                i.id(),
                i.name(),
                i.items().len()
            )
        })
        .collect())
}

fn score_command(parser: &mut lexopt::Parser) -> Result<String, Failure> {
    let mut id = None;
    let mut answers_text = None;
    let mut json = false;
    while let Some(arg) = parser.next()? {
        match arg {
            Long("answers") => answers_text = Some(parser.value()?.string()?),
            Long("json") => json = true,
            Value(value) if id.is_none() => id = Some(value.string()?),
            other => return Err(other.unexpected().into()),
        }
    }
    let id = id.ok_or_else(|| {
        Failure::Usage("`score` needs an instrument id (see `wellcheck list`)".to_owned())
    })?;
    let instrument = catalogue::get(&id).map_err(|error| Failure::Input(error.to_string()))?;
    let answers_text = answers_text
        .ok_or_else(|| Failure::Usage(format!("`score {id}` needs --answers <a1,a2,...>")))?;
    let answers = Answers::parse(&instrument, &answers_text)
        .map_err(|error| Failure::Input(error.to_string()))?;
    let report = score(&instrument, &answers).map_err(|error| Failure::Input(error.to_string()))?;
    if json {
        return Ok(format!("{}\n", report.to_json_pretty()));
    }
    Ok(human_report(&instrument, &report))
}

fn human_report(instrument: &Instrument, report: &wellcheck_core::ScoreReport) -> String {
    let mut out = format!("{} ({})\n", instrument.name(), instrument.id());
    if !report.complete {
        out.push_str("incomplete: scores that need a missing answer are not given\n");
    }
    for (definition, entry) in instrument.scores().iter().zip(&report.scores) {
        let value = entry
            .value
            .map_or_else(|| "not scored".to_owned(), |v| v.to_string());
        let band = match (&entry.band_label, entry.band_basis) {
            (Some(label), Some(basis)) => format!(" ({label}, {basis} cut-offs)"),
            _ => String::new(),
        };
        out.push_str(&format!("{}: {value}{band}\n", definition.name()));
    }
    out
}

fn validate(parser: &mut lexopt::Parser) -> Result<String, Failure> {
    let mut path = None;
    while let Some(arg) = parser.next()? {
        match arg {
            Value(value) if path.is_none() => path = Some(value.string()?),
            other => return Err(other.unexpected().into()),
        }
    }
    let path =
        path.ok_or_else(|| Failure::Usage("`validate` needs a definition file".to_owned()))?;
    let text = std::fs::read_to_string(&path)
        .map_err(|error| Failure::Input(format!("cannot read {path}: {error}")))?;
    match Instrument::from_json(&text) {
        Ok(instrument) => Ok(format!(
            "{path}: valid definition of {} version {} ({} items, {} scores)\n",
            instrument.id(),
            instrument.version(),
            instrument.items().len(),
            instrument.scores().len()
        )),
        Err(error) => Err(Failure::Invalid {
            file: path,
            problems: error.lines(),
        }),
    }
}
