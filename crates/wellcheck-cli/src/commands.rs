//! Argument parsing and the subcommands; returns the text to print so it can be tested.

use std::ffi::OsString;

use lexopt::prelude::*;
use wellcheck_core::{
    Administration, Answers, Battery, Instrument, ScoreReport, apply_licensed_text, catalogue,
    score,
};

/// Usage text shown by `wellcheck help` and after a usage error hint.
pub const USAGE: &str = "\
wellcheck: validated questionnaires and their published scoring

Usage:
  wellcheck list [--json]
  wellcheck score <id> --answers <a1,a2,...> [--administration self|read-aloud|on-behalf] [--json]
  wellcheck validate <definition.json>
  wellcheck validate <licensed-text.json> --for <id>
  wellcheck fhir questionnaire <id>
  wellcheck fhir response <id> --answers <a1,a2,...>
  wellcheck fhir import <id> <questionnaire-response.json>
  wellcheck csv <records.csv>
  wellcheck help

<id> is an instrument or a battery (see `wellcheck list`).
--answers gives one value per item in definition order, using the instrument's published
numeric codes; `-` marks an unanswered item; trailing optional items may be left off. For a
battery, give the answers of its instruments one after another.
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
        "fhir" => fhir(&mut parser),
        "csv" => csv(&mut parser),
        "help" => Ok(USAGE.to_owned()),
        other => Err(Failure::Usage(format!(
            "unknown command `{other}` (expected list, score, validate, fhir or csv; see `wellcheck help`)"
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
    let mut batteries = Vec::new();
    for id in catalogue::battery_ids() {
        batteries.push(catalogue::battery(id).map_err(|error| Failure::Input(error.to_string()))?);
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

fn score_command(parser: &mut lexopt::Parser) -> Result<String, Failure> {
    let mut id = None;
    let mut answers_text = None;
    let mut administration = Administration::default();
    let mut json = false;
    while let Some(arg) = parser.next()? {
        match arg {
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
    if let Ok(battery) = catalogue::battery(&id) {
        return score_battery(&battery, &answers_text, administration, json);
    }
    let instrument = catalogue::get(&id).map_err(|error| Failure::Input(error.to_string()))?;
    let report = score_one(&instrument, &answers_text, administration)?;
    if json {
        return Ok(format!("{}\n", report.to_json_pretty()));
    }
    Ok(human_report(&instrument, &report))
}

fn score_one(
    instrument: &Instrument,
    answers: &str,
    administration: Administration,
) -> Result<ScoreReport, Failure> {
    let mut answers =
        Answers::parse(instrument, answers).map_err(|error| Failure::Input(error.to_string()))?;
    answers.set_administration(administration);
    score(instrument, &answers).map_err(|error| Failure::Input(error.to_string()))
}

/// A battery's answers are its instruments' answers one after another.
fn score_battery(
    battery: &Battery,
    answers: &str,
    administration: Administration,
    json: bool,
) -> Result<String, Failure> {
    let mut values: std::collections::VecDeque<&str> = answers.split(',').collect();
    let mut reports = Vec::new();
    let mut text = String::new();
    let total: usize = battery
        .instruments()
        .iter()
        .filter_map(|id| catalogue::get(id).ok())
        .map(|instrument| instrument.items().len())
        .sum();
    for id in battery.instruments() {
        let instrument = catalogue::get(id).map_err(|error| Failure::Input(error.to_string()))?;
        let count = instrument.items().len();
        if values.len() < count {
            return Err(Failure::Input(format!(
                "{} has {total} items across {} but {} answers were given",
                battery.id(),
                battery.instruments().join(", "),
                answers.split(',').count()
            )));
        }
        let own: Vec<&str> = values.drain(..count).collect();
        let report =
            score_one(&instrument, &own.join(","), administration).map_err(
                |failure| match failure {
                    Failure::Input(message) => {
                        Failure::Input(format!("{}: {message}", battery.id()))
                    }
                    other => other,
                },
            )?;
        text.push_str(&human_report(&instrument, &report));
        reports.push(report);
    }
    if !values.is_empty() {
        return Err(Failure::Input(format!(
            "{} has {total} items across {} but {} answers were given",
            battery.id(),
            battery.instruments().join(", "),
            answers.split(',').count()
        )));
    }
    if json {
        let results: Vec<serde_json::Value> =
            reports.iter().map(ScoreReport::to_json_value).collect();
        let object = serde_json::json!({ "battery": battery.id(), "results": results });
        return Ok(format!(
            "{}\n",
            serde_json::to_string_pretty(&object).unwrap_or_default()
        ));
    }
    Ok(text)
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

fn validate(parser: &mut lexopt::Parser) -> Result<String, Failure> {
    let mut path = None;
    let mut for_instrument = None;
    while let Some(arg) = parser.next()? {
        match arg {
            Long("for") => for_instrument = Some(parser.value()?.string()?),
            Value(value) if path.is_none() => path = Some(value.string()?),
            other => return Err(other.unexpected().into()),
        }
    }
    let path =
        path.ok_or_else(|| Failure::Usage("`validate` needs a definition file".to_owned()))?;
    let text = std::fs::read_to_string(&path)
        .map_err(|error| Failure::Input(format!("cannot read {path}: {error}")))?;
    if let Some(id) = for_instrument {
        let instrument = catalogue::get(&id).map_err(|error| Failure::Input(error.to_string()))?;
        return match apply_licensed_text(&instrument, &text) {
            Ok(filled) => Ok(format!(
                "{path}: valid licensed text for {} ({} items, licence reference: {})\n",
                filled.id(),
                filled.items().len(),
                filled.licensed_text_reference().unwrap_or_default()
            )),
            Err(error) => Err(Failure::Invalid {
                file: path,
                problems: error.lines(),
            }),
        };
    }
    match Instrument::from_json(&text) {
        Ok(instrument) => Ok(format!(
            "{path}: valid definition of {} version {} ({} items, {} scores, {})\n",
            instrument.id(),
            instrument.version(),
            instrument.items().len(),
            instrument.scores().len(),
            instrument.definition_hash()
        )),
        Err(error) => Err(Failure::Invalid {
            file: path,
            problems: error.lines(),
        }),
    }
}

/// `fhir questionnaire <id>`, `fhir response <id> --answers …`, `fhir import <id> <file>`.
fn fhir(parser: &mut lexopt::Parser) -> Result<String, Failure> {
    let what = match parser.next()? {
        Some(Value(what)) => what.string()?,
        _ => {
            return Err(Failure::Usage(
                "`fhir` needs questionnaire, response or import".to_owned(),
            ));
        }
    };
    let mut id = None;
    let mut answers_text = None;
    let mut file = None;
    while let Some(arg) = parser.next()? {
        match arg {
            Long("answers") if what == "response" => answers_text = Some(parser.value()?.string()?),
            Value(value) if id.is_none() => id = Some(value.string()?),
            Value(value) if what == "import" && file.is_none() => file = Some(value.string()?),
            other => return Err(other.unexpected().into()),
        }
    }
    let id = id.ok_or_else(|| Failure::Usage(format!("`fhir {what}` needs an instrument id")))?;
    let instrument = catalogue::get(&id).map_err(|error| Failure::Input(error.to_string()))?;
    let pretty = |value: &serde_json::Value| {
        format!(
            "{}\n",
            serde_json::to_string_pretty(value).unwrap_or_default()
        )
    };
    match what.as_str() {
        "questionnaire" => Ok(pretty(&wellcheck_core::fhir::questionnaire(&instrument))),
        "response" => {
            let text = answers_text.ok_or_else(|| {
                Failure::Usage(format!("`fhir response {id}` needs --answers <a1,a2,...>"))
            })?;
            let answers = Answers::parse(&instrument, &text)
                .map_err(|error| Failure::Input(error.to_string()))?;
            let report =
                score(&instrument, &answers).map_err(|error| Failure::Input(error.to_string()))?;
            Ok(pretty(&wellcheck_core::fhir::bundle(
                &instrument,
                &answers,
                &report,
            )))
        }
        "import" => {
            let path = file.ok_or_else(|| {
                Failure::Usage(format!(
                    "`fhir import {id}` needs a QuestionnaireResponse file"
                ))
            })?;
            let text = std::fs::read_to_string(&path)
                .map_err(|error| Failure::Input(format!("cannot read {path}: {error}")))?;
            let answers = wellcheck_core::fhir::answers_from_response(&instrument, &text)
                .map_err(|error| Failure::Input(format!("{path}: {error}")))?;
            let values: Vec<String> = answers
                .values()
                .iter()
                .map(|value| value.map_or_else(|| "-".to_owned(), |v| v.to_string()))
                .collect();
            Ok(format!("{}\n", values.join(",")))
        }
        other => Err(Failure::Usage(format!(
            "unknown fhir command `{other}` (expected questionnaire, response or import)"
        ))),
    }
}

/// `csv <records.csv>`: reads forms (at least `client,date,instrument,answers`), scores
/// every row, and prints the full CSV; any bad row stops everything, each problem listed.
fn csv(parser: &mut lexopt::Parser) -> Result<String, Failure> {
    let mut path = None;
    while let Some(arg) = parser.next()? {
        match arg {
            Value(value) if path.is_none() => path = Some(value.string()?),
            other => return Err(other.unexpected().into()),
        }
    }
    let path = path.ok_or_else(|| Failure::Usage("`csv` needs a CSV file".to_owned()))?;
    let text = std::fs::read_to_string(&path)
        .map_err(|error| Failure::Input(format!("cannot read {path}: {error}")))?;
    match wellcheck_core::csv_records::read(&text) {
        Ok(records) => Ok(wellcheck_core::csv_records::write(&records)),
        Err(problems) => Err(Failure::Invalid {
            file: path,
            problems: problems.iter().map(ToString::to_string).collect(),
        }),
    }
}
