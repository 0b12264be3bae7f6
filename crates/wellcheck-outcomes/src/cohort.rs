//! Gathering: [`Cohort`] takes scored forms one at a time, in any order, and keeps per
//! client and instrument only the two forms that matter and per score the earliest and
//! latest values, plus the date and place of every form (so a second form for the same
//! client, instrument and date is caught wherever it falls).

use std::collections::HashMap;
use std::fmt;

use wellcheck_core::dates;
use wellcheck_core::decimal::Decimal;
use wellcheck_core::definition::Instrument;
use wellcheck_core::report::ScoreReport;

use wellcheck_core::dates::date_number;

use crate::work::Tally;

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
pub(crate) struct Dated {
    pub(crate) date: u32,
    pub(crate) place: Place,
}

/// The earliest and latest dated values of one score for one client. Kept per score, so an
/// unfinished form (without this score) never hides a client's two finished ones.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct ScoreEnds {
    pub(crate) first: Option<(u32, Decimal)>,
    pub(crate) last: Option<(u32, Decimal)>,
}

impl ScoreEnds {
    pub(crate) fn add(&mut self, date: u32, value: Decimal) {
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
pub(crate) struct Pair {
    pub(crate) instrument: u16,
    pub(crate) first: Dated,
    pub(crate) last: Option<Dated>,
    pub(crate) scores: Box<[ScoreEnds]>,
}

/// Forms gathered for an outcome report.
///
/// Each client holds a short list of pairs, one per instrument they answered. Only the
/// earliest and latest forms of a pair are kept; the date and place of any other form (one
/// displaced or between the two) go to `displaced`, so a duplicate is caught wherever it
/// falls while the usual two forms per client cost nothing extra.
#[derive(Debug, Default)]
pub struct Cohort {
    pub(crate) sources: Vec<String>,
    pub(crate) instruments: Vec<Instrument>,
    pub(crate) clients: HashMap<Box<str>, u32>,
    pub(crate) pairs: Vec<Vec<Pair>>,
    pub(crate) displaced: HashMap<(u32, u16, u32), Place>,
    pub(crate) earliest: Option<u32>,
    pub(crate) latest: Option<u32>,
    /// The needs and support recorded at each visit.
    pub(crate) work: Tally,
}

/// A client reference as a person would read it: without invisible characters or
/// surrounding space, in lower case. Two references that read the same are likely one person.
pub(crate) fn as_read(client: &str) -> String {
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

pub(crate) fn days_between(from: u32, to: u32) -> u32 {
    u32::try_from(dates::days_from_civil(to) - dates::days_from_civil(from)).unwrap_or(0)
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

    /// Notes the needs raised and the support offered or connected to at a visit of
    /// `client` on `date` (`YYYY-MM-DD`). A visit noted again (once per form of it) counts
    /// once. Counted apart from the forms: a client with needs but no form is in these
    /// counts and not in the funnel.
    pub fn add_work(
        &mut self,
        client: &str,
        date: &str,
        needs: &[String],
        support: &[String],
    ) -> Result<(), AddError> {
        if needs.is_empty() && support.is_empty() {
            return Ok(());
        }
        let date = date_number(date).ok_or(AddError::BadDate)?;
        self.work
            .note(client, date, needs, support)
            .ok_or(AddError::TooMany)
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
    pub(crate) fn warnings(&self) -> Vec<String> {
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
