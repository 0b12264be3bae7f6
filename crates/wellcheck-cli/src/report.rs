//! `wellcheck report`: honest outcome figures over the CSV exports of one or more tablets.
//!
//! Each file is read a row at a time into the core's [`Cohort`], which keeps one small record
//! per client and instrument; nothing is written unless every row of every file is good. A
//! second form for the same client, instrument and date (within a file or across two) is an
//! error naming both places. The figures and the HTML page are the core's; this module only
//! chooses the output and lays out the text table.

use std::fmt::Write as _;
use std::io::{self, Read, Write};

use lexopt::prelude::*;
use wellcheck_core::csv_records::FormReader;
use wellcheck_core::outcomes::html;
use wellcheck_core::outcomes::html::{direction_words, requested_rule_words, share};
use wellcheck_core::outcomes::{
    AddError, Cohort, NO_CONTROL_NOTE, Outcomes, Place, REGRESSION_CAVEAT, Rule, ScoreOutcome,
    attrition,
};

use crate::commands::{Failure, command_help, is_help};

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
            Long("json") | Long("html") if output_chosen => {
                return Err(Failure::Usage(
                    "give one of --json and --html, not both".into(),
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

    let (cohort, problems) = gather(&files)?;
    if problems.total > 0 {
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
    let outcomes = cohort.analyse(rule);
    let generator = format!("wellcheck {}", env!("CARGO_PKG_VERSION"));
    match output {
        Output::Text => out.write_all(text(&outcomes, &generator).as_bytes())?,
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

fn display_name(path: &str) -> String {
    if path == "-" {
        "standard input".to_owned()
    } else {
        path.to_owned()
    }
}

/// Writes the page beside its destination and renames it into place, so a reader never
/// sees half a report and a failed run leaves any earlier report as it was.
fn write_file(path: &str, content: &str) -> Result<(), Failure> {
    let target = std::path::Path::new(path);
    let file_name = target
        .file_name()
        .ok_or_else(|| Failure::Usage(format!("`--html {path}` is not a file name")))?;
    let mut partial = file_name.to_owned();
    partial.push(".partial");
    let temporary = target.with_file_name(partial);
    let cannot = |error: io::Error| Failure::Input(format!("cannot write {path}: {error}"));
    std::fs::write(&temporary, content).map_err(cannot)?;
    std::fs::rename(&temporary, target).map_err(|error| {
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
            for (instrument, values) in row.subject.instrument_slice().iter().zip(&row.values) {
                let place = Place { source, line };
                match cohort.add_values(place, &row.client, &row.date, instrument, values) {
                    Ok(()) => {}
                    Err(AddError::Duplicate { first }) => problems.add(at(format!(
                        "line {line}, column `date`: client `{}` already has a {} form dated {}, at {} line {}; remove one of them",
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

/// A signed number for a terminal: `+1.3`, `-4.4`, `0`.
fn signed(value: f64) -> String {
    html::signed(value).replace('\u{2212}', "-")
}

fn optional(value: Option<f64>) -> String {
    value.map_or_else(|| "n/a".to_owned(), signed)
}

/// The readable table printed by default.
fn text(outcomes: &Outcomes, generator: &str) -> String {
    let mut page = String::new();
    let funnel = &outcomes.funnel;
    let _ = writeln!(page, "Outcomes report ({generator})");
    let _ = writeln!(page, "Inputs: {}", outcomes.sources.join(", "));
    let _ = writeln!(
        page,
        "Pairing: each client's earliest form per questionnaire (baseline) against their latest later form (follow-up)."
    );
    let _ = writeln!(
        page,
        "Rule asked for: {}.",
        requested_rule_words(outcomes.rule)
    );
    let _ = writeln!(page);
    let _ = writeln!(page, "Who came back");
    let width = funnel
        .by_instrument
        .iter()
        .map(|row| row.name.chars().count())
        .max()
        .unwrap_or(0)
        .max(18);
    let _ = writeln!(
        page,
        "  {:width$}  {:>8}  {:>9}  lost to follow-up",
        "questionnaire", "baseline", "follow-up"
    );
    let lost = |with: u64, back: u64| {
        let gone = with - back.min(with);
        match attrition(with, back) {
            Some(share) => format!("{gone} ({}%)", (share * 100.0).round()),
            None => gone.to_string(),
        }
    };
    for row in &funnel.by_instrument {
        let _ = writeln!(
            page,
            "  {:width$}  {:>8}  {:>9}  {}",
            row.name,
            row.with_baseline,
            row.with_follow_up,
            lost(row.with_baseline, row.with_follow_up)
        );
    }
    let _ = writeln!(
        page,
        "  {:width$}  {:>8}  {:>9}  {}",
        "any questionnaire",
        funnel.clients_with_baseline,
        funnel.clients_with_follow_up,
        lost(funnel.clients_with_baseline, funnel.clients_with_follow_up)
    );
    for score in &outcomes.scores {
        score_text(&mut page, score);
    }
    let _ = writeln!(page);
    let _ = writeln!(page, "Read these figures with care:");
    let _ = writeln!(page, "  - {NO_CONTROL_NOTE}");
    let _ = writeln!(page, "  - {REGRESSION_CAVEAT}");
    let _ = writeln!(page);
    let _ = writeln!(page, "Definitions used:");
    for definition in &outcomes.definitions {
        let _ = writeln!(
            page,
            "  {} {} {}",
            definition.id, definition.version, definition.hash
        );
    }
    page
}

fn score_text(page: &mut String, score: &ScoreOutcome) {
    let n = score.n_paired;
    let _ = writeln!(page);
    let _ = writeln!(
        page,
        "{} - {} ({})",
        score.instrument_name,
        score.score_name,
        direction_words(score.direction)
    );
    let _ = writeln!(
        page,
        "  Rule used: {}: {}",
        score.rule.used.as_str(),
        score.rule.description
    );
    if let Some(note) = &score.rule.note {
        let _ = writeln!(page, "    {note}");
    }
    let _ = writeln!(
        page,
        "  Paired {n}; baseline only {}{}",
        score.n_unpaired,
        if score.n_incomplete > 0 {
            format!("; followed up but incomplete {}", score.n_incomplete)
        } else {
            String::new()
        }
    );
    let movement = score.movement;
    let _ = writeln!(page, "  Improved   {}", share(movement.improved, n));
    let _ = writeln!(page, "  Unchanged  {}", share(movement.unchanged, n));
    let _ = writeln!(page, "  Worsened   {}", share(movement.worsened, n));
    let interval = match (score.mean_change_ci95, score.t_multiplier) {
        (Some((low, high)), Some(t)) => format!(
            " (95% CI {} to {}; t = {t} with {} df)",
            signed(low),
            signed(high),
            n.saturating_sub(1)
        ),
        _ => " (no interval)".to_owned(),
    };
    let _ = writeln!(
        page,
        "  Mean change {}{interval}",
        optional(score.mean_change)
    );
    let _ = writeln!(page, "  Median change {}", optional(score.median_change));
    let _ = writeln!(
        page,
        "  Mean change among those who improved {}",
        optional(score.mean_change_among_improved)
    );
    for note in &score.notes {
        let _ = writeln!(page, "  Note: {note}");
    }
    if score.by_baseline_band.is_empty() || n == 0 {
        return;
    }
    let width = score
        .by_baseline_band
        .iter()
        .map(|band| band.label.chars().count())
        .max()
        .unwrap_or(0)
        .max(16);
    let _ = writeln!(
        page,
        "  By baseline band:\n    {:width$}  {:>5}  {:>8}  {:>9}  {:>8}  {:>11}",
        "band", "n", "improved", "unchanged", "worsened", "mean change"
    );
    let mut any_extreme = false;
    for band in &score.by_baseline_band {
        let mark = if band.note.is_some() {
            any_extreme = true;
            " *"
        } else {
            ""
        };
        let _ = writeln!(
            page,
            "    {:width$}  {:>5}  {:>8}  {:>9}  {:>8}  {:>11}{mark}",
            band.label,
            band.n,
            band.movement.improved,
            band.movement.unchanged,
            band.movement.worsened,
            optional(band.mean_change)
        );
    }
    if any_extreme {
        let _ = writeln!(
            page,
            "    * an extreme baseline band: regression to the mean alone moves it toward the middle"
        );
    }
}
