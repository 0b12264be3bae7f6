//! Outcomes for a scheme, paired by person: each client's earliest form for an instrument is
//! their baseline, and their latest later form is their follow-up. Reviewers of social
//! prescribing schemes (Bickerdike et al. 2017, BMJ Open 7:e013384) found reports unpaired,
//! without n, silent about people who did not come back, and inflated by regression to the
//! mean; this analysis answers each of those.
//!
//! - [`Cohort`] takes forms one at a time, in any order, and holds one small record per
//!   client and instrument (the two forms that matter) plus the date of every form, so that a
//!   second form for the same client, instrument and date is caught wherever it falls.
//! - [`Cohort::analyse`] counts improved, unchanged and worsened under a stated [`Rule`],
//!   with the mean change and its Student's t interval, the median, the mean change among
//!   those who improved, the same by baseline band (with a regression-to-the-mean note on the
//!   extreme bands), and the follow-up funnel.
//!
//! Counts and sums are exact (scores are hundredths); means, deviations and intervals are
//! computed once from those sums in floating point and rounded for display.

pub mod html;
pub mod stats;

use std::collections::HashMap;
use std::fmt;

use serde_json::{Map, Value, json};

use wellcheck_core::dates;
pub use wellcheck_core::dates::date_number;
use wellcheck_core::decimal::Decimal;
use wellcheck_core::definition::{Banding, ChangeSummary, Direction, Instrument, ScoreDefinition};
use wellcheck_core::report::ScoreReport;

/// How a paired change is classed as improved, unchanged or worsened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// The score's reliable-change threshold, else its meaningful-change threshold, else any
    /// change in the better direction.
    Default,
    /// Any change in the better direction is an improvement (counts noise as change).
    AnyChange,
    /// A change of at least the score's minimal important change.
    Meaningful,
    /// A change of at least the score's reliable-change threshold.
    Reliable,
    /// A move to a better (or worse) band of the score's default banding.
    Band,
    /// The Jacobson-Truax reliable change index beyond 1.96, from the definition's reference
    /// SD and reliability.
    Rci,
}

impl Rule {
    /// Every rule, the default first.
    pub const ALL: [Rule; 6] = [
        Rule::Default,
        Rule::AnyChange,
        Rule::Meaningful,
        Rule::Reliable,
        Rule::Band,
        Rule::Rci,
    ];

    /// The rule's name on the command line and in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Rule::Default => "default",
            Rule::AnyChange => "any-change",
            Rule::Meaningful => "meaningful",
            Rule::Reliable => "reliable",
            Rule::Band => "band",
            Rule::Rci => "rci",
        }
    }

    /// Reads a rule name in any letter case, with `-` or `_`.
    pub fn parse(text: &str) -> Option<Rule> {
        let wanted = text.trim().to_ascii_lowercase().replace('_', "-");
        Rule::ALL.into_iter().find(|rule| rule.as_str() == wanted)
    }
}

/// Where a form came from: which input (as numbered by [`Cohort::add_source`]) and which line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    /// The input's number.
    pub source: usize,
    /// The 1-based line in it.
    pub line: u64,
}

/// Why a form could not be added.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AddError {
    /// The client already has a form for this instrument on this date.
    Duplicate {
        /// Where the first one is.
        first: Place,
    },
    /// The date is not `YYYY-MM-DD`.
    BadDate,
    /// The report or values are for another instrument than the definition given.
    WrongInstrument,
    /// More than 65,535 instruments, or 4,294,967,295 clients.
    TooMany,
}

/// Where and when a form was read.
#[derive(Debug, Clone, Copy)]
struct Dated {
    date: u32,
    place: Place,
}

/// The earliest and latest dated values of one score for one client. Kept per score, so an
/// unfinished form (without this score) never hides a client's two finished ones.
#[derive(Debug, Clone, Copy, Default)]
struct ScoreEnds {
    first: Option<(u32, Decimal)>,
    last: Option<(u32, Decimal)>,
}

impl ScoreEnds {
    fn add(&mut self, date: u32, value: Decimal) {
        match self.first {
            None => self.first = Some((date, value)),
            Some((first, _)) if date < first => {
                if self.last.is_none() {
                    self.last = self.first;
                }
                self.first = Some((date, value));
            }
            Some(_) => {
                if self.last.is_none_or(|(last, _)| date > last) {
                    self.last = Some((date, value));
                }
            }
        }
    }
}

/// One client's forms for one instrument: the first and last form (for the funnel and for
/// duplicates) and, per score, its earliest and latest values.
#[derive(Debug, Clone)]
struct Pair {
    instrument: u16,
    first: Dated,
    last: Option<Dated>,
    scores: Box<[ScoreEnds]>,
}

/// Forms gathered for an outcome report.
///
/// Each client holds a short list of pairs, one per instrument they answered. Only the
/// earliest and latest forms of a pair are kept; the date and place of any other form (one
/// displaced or between the two) go to `displaced`, so a duplicate is caught wherever it
/// falls while the usual two forms per client cost nothing extra.
#[derive(Debug, Default)]
pub struct Cohort {
    sources: Vec<String>,
    instruments: Vec<Instrument>,
    clients: HashMap<Box<str>, u32>,
    pairs: Vec<Vec<Pair>>,
    displaced: HashMap<(u32, u16, u32), Place>,
    earliest: Option<u32>,
    latest: Option<u32>,
}

/// A client reference as a person would read it: without invisible characters or
/// surrounding space, in lower case. Two references that read the same are likely one person.
fn as_read(client: &str) -> String {
    client
        .chars()
        .filter(|c| {
            !matches!(
                c,
                '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
            )
        })
        .map(|c| if c == '\u{00A0}' { ' ' } else { c })
        .collect::<String>()
        .trim()
        .to_lowercase()
}

fn days_between(from: u32, to: u32) -> u32 {
    u32::try_from(dates::days_from_civil(to) - dates::days_from_civil(from)).unwrap_or(0)
}

/// A date number as `YYYY-MM-DD`.
fn date_text(date: u32) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        date / 10_000,
        date / 100 % 100,
        date % 100
    )
}

impl Cohort {
    /// An empty cohort.
    pub fn new() -> Cohort {
        Cohort::default()
    }

    /// Names an input (a file) and gives its number, for [`Place`].
    pub fn add_source(&mut self, name: &str) -> usize {
        self.sources.push(name.to_owned());
        self.sources.len() - 1
    }

    /// The name of input `source`.
    pub fn source_name(&self, source: usize) -> &str {
        self.sources.get(source).map_or("", String::as_str)
    }

    /// How many clients have at least one form.
    pub fn client_count(&self) -> usize {
        self.clients.len()
    }

    /// Adds one scored form. Forms may come in any order; a second form for the same
    /// client, instrument and date is refused, naming where the first one was.
    pub fn add(
        &mut self,
        place: Place,
        client: &str,
        date: &str,
        instrument: &Instrument,
        report: &ScoreReport,
    ) -> Result<(), AddError> {
        if report.instrument != instrument.id() {
            return Err(AddError::WrongInstrument);
        }
        let values: Vec<Option<Decimal>> = instrument
            .scores()
            .iter()
            .map(|score| report.score(score.id()).and_then(|entry| entry.value))
            .collect();
        self.add_values(place, client, date, instrument, &values)
    }

    /// Adds one form as its score values in the definition's order (as
    /// [`wellcheck_core::scoring::score_values`] gives them): the same as [`Cohort::add`] without a
    /// full report.
    pub fn add_values(
        &mut self,
        place: Place,
        client: &str,
        date: &str,
        instrument: &Instrument,
        values: &[Option<Decimal>],
    ) -> Result<(), AddError> {
        if values.len() != instrument.scores().len() {
            return Err(AddError::WrongInstrument);
        }
        let date = date_number(date).ok_or(AddError::BadDate)?;
        let instrument_number = match self
            .instruments
            .iter()
            .position(|known| known.id() == instrument.id())
        {
            Some(number) => u16::try_from(number).map_err(|_| AddError::TooMany)?,
            None => {
                let number =
                    u16::try_from(self.instruments.len()).map_err(|_| AddError::TooMany)?;
                self.instruments.push(instrument.clone());
                number
            }
        };
        let client_number = match self.clients.get(client) {
            Some(number) => *number,
            None => {
                let number = u32::try_from(self.clients.len()).map_err(|_| AddError::TooMany)?;
                self.clients.insert(client.into(), number);
                self.pairs.push(Vec::new());
                number
            }
        };
        let Some(pairs) = self.pairs.get_mut(client_number as usize) else {
            return Err(AddError::TooMany);
        };
        self.earliest = Some(self.earliest.map_or(date, |known| known.min(date)));
        self.latest = Some(self.latest.map_or(date, |known| known.max(date)));
        let form = Dated { date, place };
        let Some(pair) = pairs.iter_mut().find(|p| p.instrument == instrument_number) else {
            let mut scores = vec![ScoreEnds::default(); values.len()].into_boxed_slice();
            for (ends, value) in scores.iter_mut().zip(values) {
                if let Some(value) = value {
                    ends.add(date, *value);
                }
            }
            pairs.push(Pair {
                instrument: instrument_number,
                first: form,
                last: None,
                scores,
            });
            return Ok(());
        };
        let key = |date| (client_number, instrument_number, date);
        let held = std::iter::once(&pair.first).chain(&pair.last);
        if let Some(first) = held
            .filter(|kept| kept.date == date)
            .map(|kept| kept.place)
            .next()
            .or_else(|| self.displaced.get(&key(date)).copied())
        {
            return Err(AddError::Duplicate { first });
        }
        for (ends, value) in pair.scores.iter_mut().zip(values) {
            if let Some(value) = value {
                ends.add(date, *value);
            }
        }
        let dropped = if date < pair.first.date {
            let earlier = std::mem::replace(&mut pair.first, form);
            // The old first form becomes the last, unless a later one is already held.
            if pair.last.is_none() {
                pair.last = Some(earlier);
                None
            } else {
                Some(earlier)
            }
        } else {
            match &pair.last {
                Some(latest) if date < latest.date => Some(form),
                _ => pair.last.replace(form),
            }
        };
        if let Some(dropped) = dropped {
            self.displaced.insert(key(dropped.date), dropped.place);
        }
        Ok(())
    }

    /// What a coordinator should check before trusting the pairing.
    fn warnings(&self) -> Vec<String> {
        let mut warnings = Vec::new();
        let mut read: HashMap<String, &str> = HashMap::new();
        let mut alike = 0_u64;
        let mut examples = Vec::new();
        // In order, so the same input always gives the same examples (the map's own order
        // changes from run to run).
        let mut clients: Vec<&str> = self.clients.keys().map(|client| &**client).collect();
        clients.sort_unstable();
        for client in clients {
            let key = as_read(client);
            match read.get(&key) {
                Some(other) if *other != client => {
                    alike += 1;
                    if examples.len() < 5 {
                        examples.push(format!("{other:?} and {client:?}"));
                    }
                }
                Some(_) => {}
                None => {
                    read.insert(key, client);
                }
            }
        }
        if alike > 0 {
            examples.sort();
            warnings.push(format!(
                "{alike} client reference(s) differ from another only in letter case, spaces or invisible characters (for example {}): if they are the same person, correct the references, or their forms are not paired.",
                examples.join("; ")
            ));
        }
        if self.sources.len() > 1 {
            let spanning = self
                .pairs
                .iter()
                .filter(|pairs| {
                    let mut sources = pairs
                        .iter()
                        .flat_map(|pair| std::iter::once(pair.first).chain(pair.last))
                        .map(|form| form.place.source);
                    let first = sources.next();
                    sources.any(|source| Some(source) != first)
                })
                .count();
            if spanning > 0 {
                warnings.push(format!(
                    "{spanning} client(s) have forms in more than one file: check that each reference means the same person on every tablet."
                ));
            }
        }
        warnings
    }

    /// The outcome figures under a rule, per instrument and score, with the funnel.
    pub fn analyse(&self, rule: Rule) -> Outcomes {
        let mut by_instrument: Vec<Vec<&Pair>> = vec![Vec::new(); self.instruments.len()];
        let mut clients_with_follow_up = 0_u64;
        for pairs in &self.pairs {
            for pair in pairs {
                if let Some(list) = by_instrument.get_mut(usize::from(pair.instrument)) {
                    list.push(pair);
                }
            }
            if pairs.iter().any(|pair| pair.last.is_some()) {
                clients_with_follow_up += 1;
            }
        }
        let mut order: Vec<usize> = (0..self.instruments.len()).collect();
        order.sort_by(|a, b| {
            let id = |i: &usize| self.instruments.get(*i).map_or("", Instrument::id);
            id(a).cmp(id(b))
        });
        let mut scores = Vec::new();
        let mut funnel_rows = Vec::new();
        let mut definitions = Vec::new();
        let mut omitted = Vec::new();
        for index in order {
            let (Some(instrument), Some(pairs)) =
                (self.instruments.get(index), by_instrument.get(index))
            else {
                continue;
            };
            let with_follow_up = pairs.iter().filter(|p| p.last.is_some()).count();
            funnel_rows.push(FunnelRow {
                instrument: instrument.id().to_owned(),
                name: instrument.name().to_owned(),
                with_baseline: pairs.len() as u64,
                with_follow_up: with_follow_up as u64,
            });
            definitions.push(DefinitionUsed {
                id: instrument.id().to_owned(),
                name: instrument.name().to_owned(),
                version: instrument.version().to_owned(),
                hash: instrument.definition_hash().to_owned(),
            });
            for (position, score) in instrument.scores().iter().enumerate() {
                if score.change_summary() == ChangeSummary::NotReported {
                    omitted.push(OmittedScore {
                        instrument: instrument.id().to_owned(),
                        score: score.id().to_owned(),
                        reason: score.no_published_change().unwrap_or_default().to_owned(),
                    });
                    continue;
                }
                let mut outcome = score_outcome(instrument, score, position, pairs, rule);
                if score.change_summary() == ChangeSummary::CountsOnly {
                    outcome.counts_only();
                }
                scores.push(outcome);
            }
        }
        Outcomes {
            warnings: self.warnings(),
            rule,
            funnel: Funnel {
                clients_with_baseline: self.clients.len() as u64,
                clients_with_follow_up,
                by_instrument: funnel_rows,
            },
            scores,
            definitions,
            omitted,
            sources: self.sources.clone(),
            period: self
                .earliest
                .zip(self.latest)
                .map(|(from, to)| (date_text(from), date_text(to))),
        }
    }
}

impl fmt::Display for AddError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AddError::Duplicate { .. } => {
                f.write_str("this client already has a form for this instrument on this date")
            }
            AddError::BadDate => f.write_str("is not a date in the form YYYY-MM-DD"),
            AddError::WrongInstrument => {
                f.write_str("the scored form is for another instrument (a bug)")
            }
            AddError::TooMany => f.write_str("too many clients or instruments for one report"),
        }
    }
}

/// The rule a row used, stated in full.
#[derive(Debug, Clone, PartialEq)]
pub struct AppliedRule {
    /// The rule used (never [`Rule::Default`]: the default resolves to one of the others).
    pub used: Rule,
    /// The rule asked for.
    pub requested: Rule,
    /// The size of change that counts, in score points, for a threshold or the RCI.
    pub threshold: Option<f64>,
    /// `published` or `convention`, for a threshold or reference.
    pub basis: Option<&'static str>,
    /// Where the threshold or reference comes from.
    pub source: Option<String>,
    /// The rule in words: what counts as improved.
    pub description: String,
    /// Why the rule used differs from the one requested, or what the rule cannot tell.
    pub note: Option<String>,
}

/// Improved, unchanged and worsened counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Movement {
    /// Moved in the better direction by the rule.
    pub improved: u64,
    /// Did not move enough to count either way.
    pub unchanged: u64,
    /// Moved in the worse direction by the rule.
    pub worsened: u64,
}

impl Movement {
    fn count(&mut self, class: Class) {
        match class {
            Class::Improved => self.improved += 1,
            Class::Unchanged => self.unchanged += 1,
            Class::Worsened => self.worsened += 1,
        }
    }
    /// How many were classed.
    pub fn total(&self) -> u64 {
        self.improved + self.unchanged + self.worsened
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Improved,
    Unchanged,
    Worsened,
}

/// Figures for the clients of one baseline band.
#[derive(Debug, Clone, PartialEq)]
pub struct BandOutcome {
    /// The band's id.
    pub id: String,
    /// The band's label.
    pub label: String,
    /// Paired clients whose baseline was in this band.
    pub n: u64,
    /// Their movement under the row's rule.
    pub movement: Movement,
    /// Their mean change (follow-up minus baseline), rounded to two places.
    pub mean_change: Option<f64>,
    /// For an extreme band: the regression-to-the-mean caution.
    pub note: Option<String>,
}

/// Figures for one score of one instrument.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoreOutcome {
    /// Instrument id.
    pub instrument: String,
    /// Instrument name.
    pub instrument_name: String,
    /// Score id.
    pub score: String,
    /// Score name.
    pub score_name: String,
    /// Which way is better.
    pub direction: Direction,
    /// The rule this row used.
    pub rule: AppliedRule,
    /// Clients with a baseline and a later follow-up, both with this score.
    pub n_paired: u64,
    /// Clients with a baseline and no later form.
    pub n_unpaired: u64,
    /// Clients with two forms where this score is missing from either (an incomplete form).
    pub n_incomplete: u64,
    /// Movement under the rule.
    pub movement: Movement,
    /// Mean baseline of the paired clients.
    pub mean_baseline: Option<f64>,
    /// Mean follow-up of the paired clients.
    pub mean_follow_up: Option<f64>,
    /// Mean of follow-up minus baseline.
    pub mean_change: Option<f64>,
    /// Standard deviation of the changes (n - 1).
    pub sd_change: Option<f64>,
    /// The 95% confidence interval of the mean change (Student's t), from two clients up.
    pub mean_change_ci95: Option<(f64, f64)>,
    /// The t multiplier used for the interval.
    pub t_multiplier: Option<f64>,
    /// Median of the changes.
    pub median_change: Option<f64>,
    /// Median days from baseline to follow-up among the paired clients.
    pub median_days_to_follow_up: Option<f64>,
    /// Mean change among those who improved.
    pub mean_change_among_improved: Option<f64>,
    /// The default banding used for the breakdown: id, basis and source.
    pub banding: Option<(String, &'static str, String)>,
    /// The same figures by baseline band, lowest band first.
    pub by_baseline_band: Vec<BandOutcome>,
    /// Plain warnings about this row (no interval, few clients, no published threshold).
    pub notes: Vec<String>,
    /// Only counts are given: the score is a category code.
    pub counts_only: bool,
}

/// One instrument's follow-up funnel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunnelRow {
    /// Instrument id.
    pub instrument: String,
    /// Instrument name.
    pub name: String,
    /// Clients with at least one form.
    pub with_baseline: u64,
    /// Of those, clients with a later form.
    pub with_follow_up: u64,
}

/// Who came back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Funnel {
    /// Clients with at least one form of any instrument.
    pub clients_with_baseline: u64,
    /// Of those, clients with a later form of at least one instrument.
    pub clients_with_follow_up: u64,
    /// The same per instrument.
    pub by_instrument: Vec<FunnelRow>,
}

/// The share lost to follow-up, from 0 to 1 (rounded to three places), if anyone started.
pub fn attrition(with_baseline: u64, with_follow_up: u64) -> Option<f64> {
    (with_baseline > 0).then(|| {
        stats::round(
            (with_baseline - with_follow_up.min(with_baseline)) as f64 / with_baseline as f64,
            3,
        )
    })
}

/// A score whose change is reported on another score of its instrument.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OmittedScore {
    /// Instrument id.
    pub instrument: String,
    /// Score id.
    pub score: String,
    /// Why, from the definition.
    pub reason: String,
}

/// A definition the report used, for provenance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DefinitionUsed {
    /// Instrument id.
    pub id: String,
    /// Instrument name.
    pub name: String,
    /// Definition version.
    pub version: String,
    /// Definition hash (`sha256:…`).
    pub hash: String,
}

/// Everything an outcome report shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcomes {
    /// The rule requested.
    pub rule: Rule,
    /// Who came back.
    pub funnel: Funnel,
    /// One entry per instrument and score, instruments in id order.
    pub scores: Vec<ScoreOutcome>,
    /// The definitions used.
    pub definitions: Vec<DefinitionUsed>,
    /// Scores left out because their change is reported on another score.
    pub omitted: Vec<OmittedScore>,
    /// Things in the data a coordinator should check (client references that differ only in
    /// letter case or invisible characters; clients whose forms come from several files).
    pub warnings: Vec<String>,
    /// The inputs' names.
    pub sources: Vec<String>,
    /// The earliest and latest form dates, `YYYY-MM-DD`.
    pub period: Option<(String, String)>,
}

/// The caution shown on a breakdown row for an extreme baseline band.
pub const REGRESSION_NOTE: &str = "Clients were grouped by an extreme baseline. Regression to the mean alone moves an extreme group toward the middle when it is measured again, even with no effect, so this row overstates any change.";

/// The caution every report carries about regression to the mean.
pub const REGRESSION_CAVEAT: &str = "Regression to the mean: people often join a scheme at a low point, and a group chosen for an extreme score moves toward the middle when it is measured again, even with no effect. Rows for an extreme baseline band are marked.";

/// The caution every report carries about the lack of a control group.
pub const NO_CONTROL_NOTE: &str = "There is no control group: these figures show change over time, not what the scheme caused. People may have improved anyway, and those who did not come back are not counted in the paired figures.";

const ANY_CHANGE_NOTE: &str =
    "Any change in the better direction counts, so measurement noise counts as change.";

/// The rule a score uses when `requested` is asked for.
fn applied_rule(score: &ScoreDefinition, requested: Rule) -> AppliedRule {
    let better = match score.direction() {
        Direction::HigherIsBetter => "a rise",
        Direction::LowerIsBetter => "a fall",
    };
    let threshold_rule = |kind: &str, rule: Rule| {
        score.change(kind).map(|change| {
            let points = change.threshold();
            let described = if kind == "reliable" {
                "reliable change"
            } else {
                "meaningful change"
            };
            AppliedRule {
                used: rule,
                requested,
                threshold: Some(points.hundredths() as f64 / 100.0),
                basis: Some(change.basis().as_str()),
                source: Some(change.source().to_owned()),
                description: format!(
                    "improved: {better} of {points} points or more ({described}, {}); worsened: the same the other way",
                    change.basis().as_str()
                ),
                note: None,
            }
        })
    };
    let any_change = |note: Option<String>| AppliedRule {
        used: Rule::AnyChange,
        requested,
        threshold: None,
        basis: None,
        source: None,
        description: format!(
            "improved: any {} (worsened: any change the other way)",
            &better[2..]
        ),
        note: Some(match note {
            Some(note) => format!("{note} {ANY_CHANGE_NOTE}"),
            None => ANY_CHANGE_NOTE.to_owned(),
        }),
    };
    let default = |why: Option<String>| {
        let mut rule = threshold_rule("reliable", Rule::Reliable)
            .or_else(|| threshold_rule("meaningful", Rule::Meaningful))
            .unwrap_or_else(|| {
                any_change(Some(match score.no_published_change() {
                    Some(why) => format!("No change threshold: {}.", why.trim_end_matches('.')),
                    None => "No change threshold is published for this score.".to_owned(),
                }))
            });
        if let Some(why) = why {
            rule.note = Some(match rule.note {
                Some(note) => format!("{why} {note}"),
                None => why,
            });
        }
        rule
    };
    let unavailable = |what: &str| {
        default(Some(format!(
            "`{}` was asked for, but {what}; the default rule was used.",
            requested.as_str()
        )))
    };
    match requested {
        Rule::Default => default(None),
        Rule::AnyChange => any_change(None),
        Rule::Meaningful => threshold_rule("meaningful", Rule::Meaningful)
            .unwrap_or_else(|| unavailable("this score has no meaningful-change threshold")),
        Rule::Reliable => threshold_rule("reliable", Rule::Reliable)
            .unwrap_or_else(|| unavailable("this score has no reliable-change threshold")),
        Rule::Band => match score.banding() {
            Some(banding) => AppliedRule {
                used: Rule::Band,
                requested,
                threshold: None,
                basis: Some(banding.basis().as_str()),
                source: Some(banding.source().to_owned()),
                description: "improved: a move to a better band; worsened: a move to a worse band"
                    .to_owned(),
                note: None,
            },
            None => unavailable("this score has no bands"),
        },
        Rule::Rci => match score.change_reference() {
            Some(reference) => {
                let points = 1.96 * reference.standard_error_of_difference();
                AppliedRule {
                    used: Rule::Rci,
                    requested,
                    threshold: Some(stats::round(points, 2)),
                    basis: Some(reference.basis().as_str()),
                    source: Some(reference.source().to_owned()),
                    description: format!(
                        "improved: a reliable change index beyond 1.96 in the better direction, that is {better} of more than {:.2} points (reference SD {}, {} reliability {})",
                        points,
                        reference.sd(),
                        reference.reliability_kind().as_str().replace('_', "-"),
                        reference.reliability()
                    ),
                    note: None,
                }
            }
            None => unavailable(
                "this score has no published reference SD and reliability for the reliable change index",
            ),
        },
    }
}

fn classify(
    rule: &AppliedRule,
    score: &ScoreDefinition,
    banding: Option<&Banding>,
    baseline: Decimal,
    follow_up: Decimal,
) -> Class {
    let change = i128::from(follow_up.hundredths()) - i128::from(baseline.hundredths());
    let better = match score.direction() {
        Direction::HigherIsBetter => change,
        Direction::LowerIsBetter => -change,
    };
    let by_sign = |value: i128| match value.signum() {
        1 => Class::Improved,
        -1 => Class::Worsened,
        _ => Class::Unchanged,
    };
    match rule.used {
        Rule::Meaningful | Rule::Reliable => {
            let kind = if rule.used == Rule::Reliable {
                "reliable"
            } else {
                "meaningful"
            };
            let Some(threshold) = score
                .change(kind)
                .map(|c| i128::from(c.threshold().hundredths()))
            else {
                return by_sign(better);
            };
            if better >= threshold {
                Class::Improved
            } else if -better >= threshold {
                Class::Worsened
            } else {
                Class::Unchanged
            }
        }
        Rule::Band => {
            let position = |value: Decimal| {
                banding.and_then(|b| b.bands().iter().position(|band| band.contains(value)))
            };
            match (position(baseline), position(follow_up)) {
                (Some(from), Some(to)) => {
                    let moved = to as i128 - from as i128;
                    by_sign(match score.direction() {
                        Direction::HigherIsBetter => moved,
                        Direction::LowerIsBetter => -moved,
                    })
                }
                _ => Class::Unchanged,
            }
        }
        Rule::Rci => {
            let Some(s_diff) = score
                .change_reference()
                .map(|r| r.standard_error_of_difference())
                .filter(|s| *s > 0.0)
            else {
                return by_sign(better);
            };
            let index = better as f64 / 100.0 / s_diff;
            if index > 1.96 {
                Class::Improved
            } else if index < -1.96 {
                Class::Worsened
            } else {
                Class::Unchanged
            }
        }
        Rule::Default | Rule::AnyChange => by_sign(better),
    }
}

/// Mean, in score points, of a sum of hundredths over n.
fn mean_points(sum: i128, n: usize) -> Option<f64> {
    (n > 0).then(|| sum as f64 / 100.0 / n as f64)
}

fn score_outcome(
    instrument: &Instrument,
    score: &ScoreDefinition,
    position: usize,
    pairs: &[&Pair],
    requested: Rule,
) -> ScoreOutcome {
    let rule = applied_rule(score, requested);
    let banding = score.banding();
    let bands = banding.map_or(&[][..], Banding::bands);
    let mut movement = Movement::default();
    let mut band_movement = vec![Movement::default(); bands.len()];
    let mut band_sums = vec![0_i128; bands.len()];
    let mut changes: Vec<i64> = Vec::new();
    let (mut sum_baseline, mut sum_follow_up, mut sum_change) = (0_i128, 0_i128, 0_i128);
    let (mut improved_sum, mut improved_n) = (0_i128, 0_usize);
    let (mut n_unpaired, mut n_incomplete) = (0_u64, 0_u64);
    let mut days: Vec<u32> = Vec::new();
    for pair in pairs {
        if pair.last.is_none() {
            n_unpaired += 1;
            continue;
        }
        let ends = pair.scores.get(position).copied().unwrap_or_default();
        let (Some((from, before)), Some((to, after))) = (ends.first, ends.last) else {
            n_incomplete += 1;
            continue;
        };
        days.push(days_between(from, to));
        let change = after.hundredths().saturating_sub(before.hundredths());
        let class = classify(&rule, score, banding, before, after);
        movement.count(class);
        if class == Class::Improved {
            improved_sum += i128::from(change);
            improved_n += 1;
        }
        if let Some(band) = bands.iter().position(|band| band.contains(before)) {
            if let Some(m) = band_movement.get_mut(band) {
                m.count(class);
            }
            if let Some(sum) = band_sums.get_mut(band) {
                *sum += i128::from(change);
            }
        }
        sum_baseline += i128::from(before.hundredths());
        sum_follow_up += i128::from(after.hundredths());
        sum_change += i128::from(change);
        changes.push(change);
    }
    let n = changes.len();
    let mean_change = mean_points(sum_change, n);
    let sd_change = match (mean_change, n) {
        (Some(mean), 2..) => {
            let squares: f64 = changes
                .iter()
                .map(|c| (*c as f64 / 100.0 - mean).powi(2))
                .sum();
            Some((squares / (n - 1) as f64).sqrt())
        }
        _ => None,
    };
    let t_multiplier = stats::t_975(n.saturating_sub(1) as u64);
    let mean_change_ci95 = match (mean_change, sd_change, t_multiplier) {
        (Some(mean), Some(sd), Some(t)) => {
            let half = t * sd / (n as f64).sqrt();
            Some((stats::round(mean - half, 2), stats::round(mean + half, 2)))
        }
        _ => None,
    };
    changes.sort_unstable();
    days.sort_unstable();
    let day_numbers: Vec<i64> = days.iter().map(|d| i64::from(*d)).collect();
    let median_days_to_follow_up = stats::median_of_sorted(&day_numbers);
    let median_change = stats::median_of_sorted(&changes).map(|m| stats::round(m / 100.0, 3));
    let mut notes = Vec::new();
    match n {
        0 => notes.push("No client has both a baseline and a follow-up for this score.".to_owned()),
        1 => notes.push("Only one client is paired: there is no interval.".to_owned()),
        2..30 => notes.push(format!(
            "Only {n} clients are paired: one or two people can move every figure, and any interval is wide."
        )),
        _ => {}
    }
    // Exactly, on the hundredths: floating point would leave a trace of spread.
    if n >= 2 && changes.first() == changes.last() {
        notes.push(
            "Every paired client changed by the same amount, so the interval has no width: it describes these clients only, not what to expect of others.".to_owned(),
        );
    }
    let last_band = bands.len().saturating_sub(1);
    // With two bands, only the worse one is a group picked for an extreme score; with more,
    // both ends are.
    let worse_end = match score.direction() {
        Direction::HigherIsBetter => 0,
        Direction::LowerIsBetter => last_band,
    };
    let by_baseline_band = bands
        .iter()
        .enumerate()
        .map(|(index, band)| {
            let band_movement = band_movement.get(index).copied().unwrap_or_default();
            let band_n = band_movement.total();
            let extreme = match bands.len() {
                0 | 1 => false,
                2 => index == worse_end,
                _ => index == 0 || index == last_band,
            };
            BandOutcome {
                id: band.id().to_owned(),
                label: band.label().to_owned(),
                n: band_n,
                movement: band_movement,
                mean_change: mean_points(
                    band_sums.get(index).copied().unwrap_or_default(),
                    band_n as usize,
                )
                .map(|m| stats::round(m, 2)),
                note: (extreme && band_n > 0).then(|| REGRESSION_NOTE.to_owned()),
            }
        })
        .collect();
    ScoreOutcome {
        instrument: instrument.id().to_owned(),
        instrument_name: instrument.name().to_owned(),
        score: score.id().to_owned(),
        score_name: score.name().to_owned(),
        direction: score.direction(),
        rule,
        n_paired: n as u64,
        n_unpaired,
        n_incomplete,
        movement,
        mean_baseline: mean_points(sum_baseline, n).map(|m| stats::round(m, 2)),
        mean_follow_up: mean_points(sum_follow_up, n).map(|m| stats::round(m, 2)),
        mean_change: mean_change.map(|m| stats::round(m, 2)),
        sd_change: sd_change.map(|s| stats::round(s, 2)),
        mean_change_ci95,
        t_multiplier: t_multiplier.filter(|_| n >= 2).map(|t| stats::round(t, 3)),
        median_change,
        median_days_to_follow_up,
        mean_change_among_improved: mean_points(improved_sum, improved_n)
            .map(|m| stats::round(m, 2)),
        banding: banding.map(|b| (b.id().to_owned(), b.basis().as_str(), b.source().to_owned())),
        by_baseline_band,
        notes,
        counts_only: false,
    }
}

fn number(value: Option<f64>) -> Value {
    value.map_or(Value::Null, |v| json!(v))
}

impl Outcomes {
    /// The report as JSON: a contract (fields may be added, never removed).
    pub fn to_json_value(&self) -> Value {
        let instruments: Vec<Value> = self
            .scores
            .iter()
            .map(ScoreOutcome::to_json_value)
            .collect();
        let funnel = &self.funnel;
        json!({
            "report": "wellcheck outcomes",
            "pairing": "per client and score, the earliest form with the score (baseline) against the latest later form with it (follow-up)",
            "rule_requested": self.rule.as_str(),
            "caveats": [NO_CONTROL_NOTE, REGRESSION_CAVEAT],
            "warnings": self.warnings,
            "funnel": {
                "clients_with_baseline": funnel.clients_with_baseline,
                "clients_with_follow_up": funnel.clients_with_follow_up,
                "lost_to_follow_up": funnel.clients_with_baseline - funnel.clients_with_follow_up.min(funnel.clients_with_baseline),
                "attrition": number(attrition(funnel.clients_with_baseline, funnel.clients_with_follow_up)),
                "by_instrument": funnel.by_instrument.iter().map(|row| json!({
                    "instrument": row.instrument,
                    "with_baseline": row.with_baseline,
                    "with_follow_up": row.with_follow_up,
                    "lost_to_follow_up": row.with_baseline - row.with_follow_up.min(row.with_baseline),
                    "attrition": number(attrition(row.with_baseline, row.with_follow_up)),
                })).collect::<Vec<_>>(),
            },
            "instruments": instruments,
            "omitted_scores": self.omitted.iter().map(|o| json!({"instrument": o.instrument, "score": o.score, "reason": o.reason})).collect::<Vec<_>>(),
            "period": self.period.as_ref().map(|(from, to)| json!({"first_form": from, "last_form": to})),
            "definitions": self.definitions.iter().map(|d| json!({
                "instrument": d.id, "name": d.name, "version": d.version, "definition_hash": d.hash,
            })).collect::<Vec<_>>(),
            "inputs": self.sources,
        })
    }
}

impl ScoreOutcome {
    /// Keeps only counts of movement: the score is a category code, where a mean would be
    /// a number with no meaning.
    fn counts_only(&mut self) {
        self.mean_baseline = None;
        self.mean_follow_up = None;
        self.mean_change = None;
        self.sd_change = None;
        self.mean_change_ci95 = None;
        self.t_multiplier = None;
        self.median_change = None;
        self.mean_change_among_improved = None;
        for band in &mut self.by_baseline_band {
            band.mean_change = None;
        }
        self.counts_only = true;
        self.notes.push(
            "This score is a category code, so only the counts of clients who moved are given: an average of codes would mean nothing.".to_owned(),
        );
    }

    /// One instrument-and-score entry of the JSON report.
    pub fn to_json_value(&self) -> Value {
        let mut bands = Map::new();
        for (order, band) in self.by_baseline_band.iter().enumerate() {
            bands.insert(
                band.id.clone(),
                json!({
                    "order": order,
                    "label": band.label,
                    "n": band.n,
                    "improved": band.movement.improved,
                    "unchanged": band.movement.unchanged,
                    "worsened": band.movement.worsened,
                    "mean_change": number(band.mean_change),
                    "note": band.note,
                }),
            );
        }
        let rule = &self.rule;
        json!({
            "instrument": self.instrument,
            "instrument_name": self.instrument_name,
            "score": self.score,
            "score_name": self.score_name,
            "higher_is": self.direction.as_str(),
            "rule": rule.used.as_str(),
            "rule_requested": rule.requested.as_str(),
            "rule_description": rule.description,
            "rule_threshold": number(rule.threshold),
            "rule_basis": rule.basis,
            "rule_source": rule.source,
            "rule_note": rule.note,
            "n_paired": self.n_paired,
            "n_unpaired": self.n_unpaired,
            "n_incomplete": self.n_incomplete,
            "improved": self.movement.improved,
            "unchanged": self.movement.unchanged,
            "worsened": self.movement.worsened,
            "mean_baseline": number(self.mean_baseline),
            "mean_follow_up": number(self.mean_follow_up),
            "mean_change": number(self.mean_change),
            "sd_change": number(self.sd_change),
            "mean_change_ci95": self.mean_change_ci95.map(|(low, high)| json!({"low": low, "high": high})),
            "t_multiplier": number(self.t_multiplier),
            "median_change": number(self.median_change),
            "median_days_to_follow_up": number(self.median_days_to_follow_up),
            "mean_change_among_improved": number(self.mean_change_among_improved),
            "banding": self.banding.as_ref().map(|(id, basis, source)| json!({"id": id, "basis": basis, "source": source})),
            "by_baseline_band": bands,
            "band_order": self.by_baseline_band.iter().map(|band| band.id.as_str()).collect::<Vec<_>>(),
            "counts_only": self.counts_only,
            "notes": self.notes,
        })
    }
}
