//! Argument parsing (lexopt) and the subcommands. Each command writes to the output it is
//! given, so tests and `main` share one path, and `csv` can stream.

use std::ffi::OsString;
use std::io::{self, Read, Write};

use lexopt::prelude::*;
use wellcheck_core::catalogue::{self, Subject};
use wellcheck_core::{
    Administration, Answers, Instrument, ScoreReport, apply_licensed_text, score, split_answers,
};
use wellcheck_interchange::csv_records::{FormReader, FormWriter, ProblemList};
use wellcheck_interchange::fhir::PatientIdentifier;

pub use crate::failure::Failure;
use crate::help::{command_help, is_help, usage};
use crate::spool::Spooled;

/// Largest definition or licensed-text file `validate` reads.
pub const MAX_DEFINITION_BYTES: u64 = wellcheck_core::definition::MAX_DEFINITION_BYTES as u64;
/// Largest FHIR document `fhir import` reads.
pub const MAX_FHIR_BYTES: u64 = 16 * 1024 * 1024;

/// Runs one command line (without the program name), writing its output to `out`.
pub fn run(args: Vec<OsString>, out: &mut dyn Write) -> Result<(), Failure> {
    let mut parser = lexopt::Parser::from_args(args);
    let command = match parser.next()? {
        Some(Value(command)) => command.string()?,
        Some(Long("help") | Short('h')) | None => return Ok(out.write_all(usage().as_bytes())?),
        Some(Long("version") | Short('V')) => {
            return Ok(writeln!(out, "wellcheck {}", env!("CARGO_PKG_VERSION"))?);
        }
        Some(other) => return Err(other.unexpected().into()),
    };
    let text = match command.as_str() {
        "list" => list(&mut parser)?,
        "score" => score_command(&mut parser)?,
        "validate" => validate(&mut parser)?,
        "fhir" => fhir(&mut parser)?,
        "csv" => return csv(&mut parser, out),
        "report" => return crate::report::report(&mut parser, out),
        "help" => match parser.next()? {
            Some(Value(name)) => command_help(&name.string()?)?,
            Some(arg) if is_help(&arg) => command_help("help")?,
            None => usage(),
            Some(other) => return Err(other.unexpected().into()),
        },
        other => {
            return Err(Failure::Usage(format!(
                "unknown command `{other}` (expected list, score, validate, fhir, csv or report; see `wellcheck help`)"
            )));
        }
    };
    out.write_all(text.as_bytes())?;
    Ok(())
}

fn list(parser: &mut lexopt::Parser) -> Result<String, Failure> {
    let mut json = false;
    while let Some(arg) = parser.next()? {
        match arg {
            arg if is_help(&arg) => return command_help("list"),
            Long("json") => json = true,
            other => return Err(other.unexpected().into()),
        }
    }
    let mut instruments = Vec::new();
    for id in catalogue::ids() {
        instruments.push(catalogue::get(id).map_err(input_error)?);
    }
    let mut batteries = Vec::new();
    for id in catalogue::battery_ids() {
        batteries.push(catalogue::battery(id).map_err(input_error)?);
    }
    if json {
        let mut entries: Vec<serde_json::Value> = instruments
            .iter()
            .map(|instrument| {
                serde_json::json!({
                    "id": instrument.id(),
                    "kind": "instrument",
                    "name": instrument.name(),
                    "version": instrument.version(),
                    "licence": instrument.licence().as_str(),
                    "items": instrument.items().len(),
                    "scores": instrument.scores().iter().map(|score| score.id()).collect::<Vec<_>>(),
                })
            })
            .collect();
        entries.extend(batteries.iter().map(|battery| {
            serde_json::json!({
                "id": battery.id(),
                "kind": "battery",
                "name": battery.name(),
                "instruments": battery.instruments(),
            })
        }));
        return Ok(format!("{}\n", serde_json::Value::Array(entries)));
    }
    let width = instruments
        .iter()
        .map(|i| i.id().len())
        .chain(batteries.iter().map(|b| b.id().len()))
        .max()
        .unwrap_or(0);
    let mut out = String::from("Instruments:\n");
    for i in &instruments {
        let licence = match i.licence() {
            wellcheck_core::definition::LicenceClass::Open => "",
            wellcheck_core::definition::LicenceClass::Licensed => {
                ", licensed: wording supplied by you"
            }
        };
        let count = i.items().len();
        let noun = if count == 1 { "item" } else { "items" };
        out.push_str(&format!(
            "  {:width$}  {} ({count} {noun}{licence})\n",
            i.id(),
            i.name()
        ));
    }
    out.push_str("Batteries:\n");
    for b in &batteries {
        out.push_str(&format!(
            "  {:width$}  {}: {}\n",
            b.id(),
            b.name(),
            b.instruments().join(" + ")
        ));
    }
    Ok(out)
}

fn input_error(error: impl std::fmt::Display) -> Failure {
    Failure::Input(error.to_string())
}

/// Every form of an instrument or battery, scored from the command line's answer text.
fn score_subject(
    subject: &Subject,
    answers: &str,
    administration: Administration,
) -> Result<Vec<(Answers, ScoreReport)>, Failure> {
    let instruments = subject.instruments();
    let all = match subject {
        Subject::Instrument(instrument) => {
            vec![Answers::parse(instrument, answers).map_err(input_error)?]
        }
        Subject::Battery(battery, _) => {
            split_answers(battery.id(), &instruments, answers).map_err(input_error)?
        }
    };
    instruments
        .iter()
        .zip(all)
        .map(|(instrument, mut answers)| {
            answers.set_administration(administration);
            let report = score(instrument, &answers).map_err(input_error)?;
            Ok((answers, report))
        })
        .collect()
}

fn score_command(parser: &mut lexopt::Parser) -> Result<String, Failure> {
    let mut id = None;
    let mut answers_text = None;
    let mut administration = Administration::default();
    let mut json = false;
    while let Some(arg) = parser.next()? {
        match arg {
            arg if is_help(&arg) => return command_help("score"),
            Long("answers") => answers_text = Some(parser.value()?.string()?),
            Long("administration") => {
                let text = parser.value()?.string()?;
                administration = Administration::parse(&text).ok_or_else(|| {
                    Failure::Usage(format!(
                        "--administration `{text}`: expected self, read-aloud or on-behalf"
                    ))
                })?;
            }
            Long("json") => json = true,
            Value(value) if id.is_none() => id = Some(value.string()?),
            other => return Err(other.unexpected().into()),
        }
    }
    let id = id.ok_or_else(|| {
        Failure::Usage("`score` needs an instrument id (see `wellcheck list`)".to_owned())
    })?;
    let answers_text = answers_text
        .ok_or_else(|| Failure::Usage(format!("`score {id}` needs --answers <a1,a2,...>")))?;
    let subject = catalogue::subject(&id).map_err(input_error)?;
    let forms = score_subject(&subject, &answers_text, administration)?;
    match (&subject, json) {
        (Subject::Battery(battery, _), true) => {
            let results: Vec<serde_json::Value> = forms
                .iter()
                .map(|(_, report)| report.to_json_value())
                .collect();
            let object = serde_json::json!({ "battery": battery.id(), "results": results });
            Ok(format!(
                "{}\n",
                serde_json::to_string_pretty(&object).unwrap_or_default()
            ))
        }
        (Subject::Instrument(_), true) => Ok(forms
            .first()
            .map(|(_, report)| format!("{}\n", report.to_json_pretty()))
            .unwrap_or_default()),
        (_, false) => Ok(subject
            .instruments()
            .iter()
            .zip(&forms)
            .map(|(instrument, (_, report))| human_report(instrument, report))
            .collect()),
    }
}

fn human_report(instrument: &Instrument, report: &ScoreReport) -> String {
    let mut out = format!("{} ({})\n", instrument.name(), instrument.id());
    if !report.complete {
        out.push_str("incomplete: scores that need a missing answer are not given\n");
    }
    for (definition, entry) in instrument.scores().iter().zip(&report.scores) {
        let value = entry
            .value
            .map_or_else(|| "not scored".to_owned(), |v| v.to_string());
        let value = if entry.scored_without.is_empty() {
            value
        } else {
            format!(
                "{value} (scored without {}, as its rule allows)",
                entry.scored_without.join(", ")
            )
        };
        let band = match (&entry.band_label, entry.band_basis) {
            (Some(label), Some(basis)) => format!(" ({label}, {basis} cut-offs)"),
            _ => String::new(),
        };
        out.push_str(&format!("{}: {value}{band}\n", definition.name()));
    }
    for flag in instrument
        .flags()
        .iter()
        .filter(|flag| report.flags.iter().any(|id| id == flag.id()))
    {
        out.push_str(&format!("FLAG {}: {}\n", flag.id(), flag.label()));
    }
    out
}

/// Reads a whole input file, or standard input for `-`, refusing more than `limit` bytes
/// (so a mistaken huge file is an error, not gigabytes of memory).
fn read_input(path: &str, limit: u64, what: &str) -> Result<String, Failure> {
    let name = if path == "-" { "standard input" } else { path };
    let mut bytes = Vec::new();
    let read = if path == "-" {
        io::stdin().lock().take(limit + 1).read_to_end(&mut bytes)
    } else {
        std::fs::File::open(path).and_then(|file| file.take(limit + 1).read_to_end(&mut bytes))
    };
    read.map_err(|error| Failure::Input(format!("cannot read {name}: {error}")))?;
    if bytes.len() as u64 > limit {
        return Err(Failure::Input(format!(
            "{name} is larger than {limit} bytes, the most a {what} may be"
        )));
    }
    String::from_utf8(bytes).map_err(|error| {
        Failure::Input(format!(
            "{name} is not UTF-8 text (invalid byte at offset {})",
            error.utf8_error().valid_up_to()
        ))
    })
}

fn invalid_definition(file: String, problems: Vec<String>) -> Failure {
    let total = problems.len() as u64;
    Failure::Invalid {
        file,
        problems,
        total,
    }
}

fn validate(parser: &mut lexopt::Parser) -> Result<String, Failure> {
    let mut path = None;
    let mut for_instrument = None;
    while let Some(arg) = parser.next()? {
        match arg {
            arg if is_help(&arg) => return command_help("validate"),
            Long("for") => for_instrument = Some(parser.value()?.string()?),
            Value(value) if path.is_none() => path = Some(value.string()?),
            other => return Err(other.unexpected().into()),
        }
    }
    let path = path.ok_or_else(|| {
        Failure::Usage("`validate` needs a definition file (or - for standard input)".to_owned())
    })?;
    let text = read_input(&path, MAX_DEFINITION_BYTES, "definition file")?;
    if let Some(id) = for_instrument {
        let instrument = catalogue::get(&id).map_err(input_error)?;
        return match apply_licensed_text(&instrument, &text) {
            // Text from the file is printed escaped: it cannot send escape sequences to
            // the terminal or reorder the line.
            Ok(filled) => Ok(format!(
                "{}: valid licensed text for {} ({} items, licence reference: {})\n",
                wellcheck_core::text::visible(&path),
                wellcheck_core::text::visible(filled.id()),
                filled.items().len(),
                wellcheck_core::text::visible(filled.licensed_text_reference().unwrap_or_default())
            )),
            Err(error) => Err(invalid_definition(path, error.lines())),
        };
    }
    match Instrument::from_json(&text) {
        Ok(instrument) => Ok(format!(
            "{}: valid definition of {} version {} ({} items, {} scores, {})\n",
            wellcheck_core::text::visible(&path),
            wellcheck_core::text::visible(instrument.id()),
            wellcheck_core::text::visible(instrument.version()),
            instrument.items().len(),
            instrument.scores().len(),
            instrument.definition_hash()
        )),
        Err(error) => Err(invalid_definition(path, error.lines())),
    }
}

/// `fhir questionnaire <id>`, `fhir response <id> --answers …`, `fhir import <id> <file>`.
fn fhir(parser: &mut lexopt::Parser) -> Result<String, Failure> {
    let what = match parser.next()? {
        Some(Value(what)) => what.string()?,
        Some(arg) if is_help(&arg) => return command_help("fhir"),
        _ => {
            return Err(Failure::Usage(
                "`fhir` needs questionnaire, response or import (see `wellcheck help fhir`)"
                    .to_owned(),
            ));
        }
    };
    if !["questionnaire", "response", "import"].contains(&what.as_str()) {
        return Err(Failure::Usage(format!(
            "unknown fhir command `{what}` (expected questionnaire, response or import)"
        )));
    }
    let mut id = None;
    let mut answers_text = None;
    let mut file = None;
    let mut patient = Vec::new();
    let mut date = None;
    while let Some(arg) = parser.next()? {
        match arg {
            arg if is_help(&arg) => return command_help("fhir"),
            Long("answers") if what == "response" => answers_text = Some(parser.value()?.string()?),
            Long("date") if what == "response" => {
                let text = parser.value()?.string()?;
                wellcheck_core::dates::check(text.trim())
                    .map_err(|error| Failure::Usage(format!("--date: {error}")))?;
                date = Some(text.trim().to_owned());
            }
            Long(name @ ("nhs-number" | "reference")) if what == "response" => {
                let option = name.to_owned();
                let text = parser.value()?.string()?;
                let identifier = if option == "nhs-number" {
                    PatientIdentifier::nhs_number(&text)
                } else {
                    PatientIdentifier::scheme_reference(&text)
                }
                .map_err(|error| Failure::Usage(format!("--{option}: {error}")))?;
                // Two of a kind would name two people in one record.
                if patient.iter().any(|known| {
                    std::mem::discriminant(known) == std::mem::discriminant(&identifier)
                }) {
                    return Err(Failure::Usage(format!(
                        "--{option} is given twice: a Bundle is about one person"
                    )));
                }
                patient.push(identifier);
            }
            Value(value) if id.is_none() => id = Some(value.string()?),
            Value(value) if what == "import" && file.is_none() => file = Some(value.string()?),
            other => return Err(other.unexpected().into()),
        }
    }
    let id = id.ok_or_else(|| Failure::Usage(format!("`fhir {what}` needs an instrument id")))?;
    let subject = catalogue::subject(&id).map_err(input_error)?;
    let pretty = |value: &serde_json::Value| {
        format!(
            "{}\n",
            serde_json::to_string_pretty(value).unwrap_or_default()
        )
    };
    match (what.as_str(), &subject) {
        ("questionnaire", Subject::Instrument(instrument)) => Ok(pretty(
            &wellcheck_interchange::fhir::questionnaire(instrument),
        )),
        ("questionnaire", Subject::Battery(battery, _)) => Err(Failure::Input(format!(
            "`fhir questionnaire` makes one instrument's Questionnaire; {} is a battery of {}: ask for each of them",
            battery.id(),
            battery.instruments().join(", ")
        ))),
        ("response", _) => {
            let text = answers_text.ok_or_else(|| {
                Failure::Usage(format!("`fhir response {id}` needs --answers <a1,a2,...>"))
            })?;
            let forms = score_subject(&subject, &text, Administration::default())?;
            let instruments = subject.instruments();
            let parts: Vec<(&Instrument, &Answers, &ScoreReport)> = instruments
                .iter()
                .zip(&forms)
                .map(|(instrument, (answers, report))| (*instrument, answers, report))
                .collect();
            let bundle = match parts.as_slice() {
                [(instrument, answers, report)] => {
                    wellcheck_interchange::fhir::bundle(instrument, answers, report)
                }
                several => wellcheck_interchange::fhir::battery_bundle(several),
            };
            let bundle = wellcheck_interchange::fhir::with_patient(bundle, &patient);
            Ok(pretty(&match &date {
                Some(date) => wellcheck_interchange::fhir::dated(bundle, date),
                None => bundle,
            }))
        }
        _ => {
            let path = file.ok_or_else(|| {
                Failure::Usage(format!(
                    "`fhir import {id}` needs a QuestionnaireResponse file (or - for standard input)"
                ))
            })?;
            let text = read_input(&path, MAX_FHIR_BYTES, "FHIR document")?;
            let mut forms = Vec::new();
            for instrument in subject.instruments() {
                let answers = wellcheck_interchange::fhir::answers_from_response(instrument, &text)
                    .map_err(|error| Failure::Input(format!("{path}: {error}")))?;
                forms.push(answers.to_text());
            }
            // A battery's answers are its instruments' answers one after another.
            Ok(format!("{}\n", forms.join(",")))
        }
    }
}

/// `csv <records.csv>`: reads forms, scores every row, and prints the full CSV.
///
/// Two passes over the input so nothing is held in memory and nothing is printed unless
/// every row is good: the first checks every row (and learns how many score columns the
/// output needs), the second scores again and writes. Standard input is first copied to a
/// private temporary file so it can be read twice.
fn csv(parser: &mut lexopt::Parser, out: &mut dyn Write) -> Result<(), Failure> {
    let mut path = None;
    while let Some(arg) = parser.next()? {
        match arg {
            arg if is_help(&arg) => return Ok(out.write_all(command_help("csv")?.as_bytes())?),
            Value(value) if path.is_none() => path = Some(value.string()?),
            other => return Err(other.unexpected().into()),
        }
    }
    let path = path
        .ok_or_else(|| Failure::Usage("`csv` needs a CSV file (or - for standard input)".into()))?;
    let name = if path == "-" {
        "standard input".to_owned()
    } else {
        path.clone()
    };
    let input: Box<dyn Read> = if path == "-" {
        Box::new(io::stdin().lock())
    } else {
        Box::new(
            std::fs::File::open(&path)
                .map_err(|error| Failure::Input(format!("cannot read {name}: {error}")))?,
        )
    };
    let copied = Spooled::create().map_err(|error| {
        Failure::Input(format!(
            "cannot make a private working copy in {}: {error}",
            std::env::temp_dir().display()
        ))
    })?;
    let first_pass = copied
        .tee(io::BufReader::new(input))
        .map_err(|error| Failure::Input(format!("cannot read {name}: {error}")))?;
    let invalid = |problems: Vec<String>, total: u64| Failure::Invalid {
        file: name.clone(),
        problems,
        total,
    };

    let mut reader =
        FormReader::new(first_pass).map_err(|problem| invalid(vec![problem.to_string()], 1))?;
    let mut problems = ProblemList::default();
    let mut triples = 1;
    while let Some(row) = reader.next_row() {
        match row {
            Ok(records) => {
                for record in &records {
                    triples = triples.max(record.report.scores.len());
                }
            }
            Err(found) => problems.extend(found),
        }
    }
    if !problems.is_empty() {
        let total = problems.total();
        return Err(invalid(
            problems
                .into_problems()
                .iter()
                .map(ToString::to_string)
                .collect(),
            total,
        ));
    }

    // The second pass reads the same private copy, so it meets exactly the rows checked.
    let second_pass = copied
        .reader()
        .map_err(|error| Failure::Input(format!("cannot read the working copy: {error}")))?;
    let mut reader =
        FormReader::new(second_pass).map_err(|problem| invalid(vec![problem.to_string()], 1))?;
    let mut writer = FormWriter::new(io::BufWriter::new(out), triples, &reader.extra_columns())?;
    while let Some(row) = reader.next_row() {
        let records = row.map_err(|_| {
            Failure::Input(format!(
                "{name}: a row checked a moment ago now fails (a bug)"
            ))
        })?;
        for record in &records {
            writer.write(record)?;
        }
    }
    writer.finish()?.flush()?;
    Ok(())
}
