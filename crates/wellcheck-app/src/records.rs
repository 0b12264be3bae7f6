//! What the app keeps: clients, visits and the caseload index, as plain serde types, and the
//! rules for reading them from what a worker types. No browser code, so all of it is tested
//! natively; [`crate::caseload`] seals these into the store.

use std::collections::BTreeMap;
use std::rc::Rc;

use serde::{Deserialize, Serialize};
use wellcheck_core::definition::{LicenceClass, MAX_DEFINITION_BYTES};
use wellcheck_core::text::is_hidden;
use wellcheck_core::{Administration, Instrument, apply_licensed_text, catalogue, dates};
use wellcheck_interchange::nhs_number::{NhsNumber, NhsNumberError};
use wellcheck_web::options::Mode as Layout;
use wellcheck_web::state::{Flow, Saved};

/// Longest client reference, in characters.
pub const MAX_REFERENCE: usize = 40;
/// Longest notes, in characters.
pub const MAX_NOTES: usize = 5_000;
/// Earliest year of birth accepted.
pub const EARLIEST_BIRTH_YEAR: u16 = 1900;

/// A client, as the worker recorded them. Pseudonymous by design: the reference is the
/// worker's own, and the NHS number is optional.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Client {
    /// The record's id (random, never shown).
    pub id: String,
    /// The worker's reference for the client (`MAPLE-7`).
    pub reference: String,
    /// Initials.
    pub initials: String,
    /// Year of birth, if given.
    pub year_of_birth: Option<u16>,
    /// The NHS number's ten digits, if given (checked when entered).
    pub nhs_number: Option<String>,
    /// Free notes.
    pub notes: String,
}

/// What the worker typed on the client form, before checking.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClientInput {
    /// Reference.
    pub reference: String,
    /// Initials.
    pub initials: String,
    /// Year of birth (may be empty).
    pub year_of_birth: String,
    /// NHS number (may be empty; spaces and dashes allowed).
    pub nhs_number: String,
    /// Notes.
    pub notes: String,
}

/// A problem with one field of a form: which field, and what to do, in the words shown
/// beside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldProblem {
    /// The field's name (`reference`, `initials`, …), also its element id suffix.
    pub field: &'static str,
    /// What is wrong, in plain words.
    pub message: String,
}

fn problem(field: &'static str, message: impl Into<String>) -> FieldProblem {
    FieldProblem {
        field,
        message: message.into(),
    }
}

/// The index record's id.
pub const INDEX_ID: &str = "index";
/// The start of every client record's id.
pub const CLIENT_PREFIX: &str = "client-";
/// The start of every visit record's id.
pub const VISIT_PREFIX: &str = "visit-";
/// The start of every licensed wording record's id.
pub const LICENSED_PREFIX: &str = "licensed-";

/// What a record is, in a link worker's words, from its id.
fn kind_of(id: &str) -> &'static str {
    if id == INDEX_ID {
        "list of clients"
    } else if id.starts_with(CLIENT_PREFIX) {
        "client record"
    } else if id.starts_with(VISIT_PREFIX) {
        "visit record"
    } else if id.starts_with(LICENSED_PREFIX) {
        "licensed wording record"
    } else {
        "record"
    }
}

/// "1 visit record", "2 client records and 1 visit record": a count per kind of record, in
/// words, from their ids.
pub fn count_in_words<'a>(ids: impl IntoIterator<Item = &'a str>) -> String {
    let mut counts = BTreeMap::<&str, usize>::new();
    for id in ids {
        *counts.entry(kind_of(id)).or_default() += 1;
    }
    let parts: Vec<String> = counts
        .into_iter()
        .map(|(kind, count)| {
            if count == 1 {
                format!("1 {kind}")
            } else {
                format!("{count} {kind}s")
            }
        })
        .collect();
    match parts.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    }
}

/// Longest licence reference kept from a wording file.
pub const MAX_LICENCE_REFERENCE: usize = 200;

/// The characters a reference may use.
fn is_reference_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.' | '/' | '#')
}

/// A reference as people read it: no surrounding or invisible characters, any case. Two
/// references that read the same are one client.
pub fn reference_key(reference: &str) -> String {
    reference
        .chars()
        .filter(|c| !is_hidden(*c))
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

impl ClientInput {
    /// The form filled in from a saved client (to edit it).
    pub fn from_client(client: &Client) -> ClientInput {
        ClientInput {
            reference: client.reference.clone(),
            initials: client.initials.clone(),
            year_of_birth: client
                .year_of_birth
                .map(|year| year.to_string())
                .unwrap_or_default(),
            nhs_number: client
                .nhs_number
                .as_deref()
                .and_then(|digits| NhsNumber::parse(digits).ok())
                .map(|number| number.formatted())
                .unwrap_or_default(),
            notes: client.notes.clone(),
        }
    }

    /// Checks every field; `taken` says whether another client already has a reference
    /// (by [`reference_key`]); `this_year` bounds the year of birth. All problems are
    /// returned at once, in the form's order.
    pub fn check(
        &self,
        id: String,
        this_year: u16,
        taken: impl Fn(&str) -> bool,
    ) -> Result<Client, Vec<FieldProblem>> {
        let mut problems = Vec::new();
        let reference = self.reference.trim().to_owned();
        if reference.is_empty() {
            problems.push(problem("reference", "Enter a reference for the client"));
        } else if reference.chars().count() > MAX_REFERENCE {
            problems.push(problem(
                "reference",
                format!("The reference must be {MAX_REFERENCE} characters or fewer"),
            ));
        } else if !reference.chars().all(is_reference_char) {
            // Only characters that cannot be mistaken for others: no look-alike letters
            // from other scripts, full-width forms, invisible or direction-changing marks.
            problems.push(problem(
                "reference",
                "The reference may use only letters A to Z, digits, spaces and - _ . / #",
            ));
        } else if taken(&reference_key(&reference)) {
            problems.push(problem(
                "reference",
                "Another client already has this reference: choose a different one",
            ));
        }
        let initials: String = self.initials.split_whitespace().collect();
        if initials.is_empty() {
            problems.push(problem("initials", "Enter the client's initials"));
        } else if initials.chars().count() > 5
            || !initials
                .chars()
                .all(|c| c.is_alphabetic() || c == '-' || c == '\'' || c == '.')
        {
            problems.push(problem(
                "initials",
                "Initials must be up to 5 letters, like JBQ",
            ));
        }
        let year_of_birth = match self.year_of_birth.trim() {
            "" => None,
            text => match text.parse::<u16>() {
                Ok(year) if (EARLIEST_BIRTH_YEAR..=this_year).contains(&year) => Some(year),
                _ => {
                    problems.push(problem(
                        "year-of-birth",
                        format!(
                            "Year of birth must be a year from {EARLIEST_BIRTH_YEAR} to {this_year}, like 1951, or left empty"
                        ),
                    ));
                    None
                }
            },
        };
        let nhs_number = match self.nhs_number.trim() {
            "" => None,
            text => match NhsNumber::parse(text) {
                Ok(number) => Some(number.digits().to_owned()),
                Err(error) => {
                    let message = match error {
                        NhsNumberError::NotADigit { position, .. } => format!(
                            "The NHS number must be 10 digits (spaces are allowed): character {position} is not a digit"
                        ),
                        NhsNumberError::WrongLength { digits } => format!(
                            "The NHS number has {digits} digits: it must have 10, or be left empty"
                        ),
                        NhsNumberError::NoValidCheckDigit
                        | NhsNumberError::CheckDigitMismatch { .. } => {
                            "The NHS number is not valid: its last digit does not match the others. Check for a mistyped digit, or leave it empty".to_owned()
                        }
                    };
                    problems.push(problem("nhs-number", message));
                    None
                }
            },
        };
        if self.notes.chars().count() > MAX_NOTES {
            problems.push(problem(
                "notes",
                format!("Notes must be {MAX_NOTES} characters or fewer"),
            ));
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Client {
            id,
            reference,
            initials: initials.to_uppercase(),
            year_of_birth,
            nhs_number,
            notes: self.notes.clone(),
        })
    }
}

/// First meeting or a later one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum VisitKind {
    /// The first meeting, before any support.
    Baseline,
    /// A later meeting, to see what changed.
    FollowUp,
}

impl VisitKind {
    /// The words shown.
    pub fn label(self) -> &'static str {
        match self {
            VisitKind::Baseline => "Baseline",
            VisitKind::FollowUp => "Follow-up",
        }
    }
}

/// How one form was completed, as stored (the core's [`Administration`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// The client read and answered it.
    #[default]
    #[serde(rename = "self")]
    SelfCompleted,
    /// The worker read the questions aloud; the client answered.
    ReadAloud,
    /// The worker answered on the client's behalf.
    OnBehalf,
}

impl Mode {
    /// Every mode, in the order offered.
    pub const ALL: [Mode; 3] = [Mode::SelfCompleted, Mode::ReadAloud, Mode::OnBehalf];

    /// The core's value, which goes into the result's provenance.
    pub fn administration(self) -> Administration {
        match self {
            Mode::SelfCompleted => Administration::SelfCompleted,
            Mode::ReadAloud => Administration::ReadAloud,
            Mode::OnBehalf => Administration::OnBehalf,
        }
    }

    /// The words shown.
    pub fn label(self) -> &'static str {
        match self {
            Mode::SelfCompleted => "Client answered alone",
            Mode::ReadAloud => "Read aloud to the client",
            Mode::OnBehalf => "Answered on the client's behalf",
        }
    }

    /// The value used in form controls and ids.
    pub fn value(self) -> &'static str {
        self.administration().as_str()
    }
}

/// One questionnaire in a visit: how it was run and, once finished, what was answered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VisitForm {
    /// The instrument's id.
    pub instrument: String,
    /// How it was completed.
    pub mode: Mode,
    /// Its answers by item position, once finished.
    pub answers: Option<Vec<Option<i64>>>,
    /// The result object (the CLI's `score --json`), once finished: scores, bands, flags and
    /// provenance (instrument version, definition hash, scoring rule, administration).
    pub result: Option<serde_json::Value>,
}

/// A meeting with a client.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Visit {
    /// The record's id (random).
    pub id: String,
    /// The client's record id.
    pub client: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Baseline or follow-up.
    pub kind: VisitKind,
    /// The forms, in the order run.
    pub forms: Vec<VisitForm>,
    /// Needs raised, from the scheme's list.
    pub needs: Vec<String>,
    /// Support offered or groups connected to, from the scheme's list.
    pub support: Vec<String>,
    /// Free notes.
    pub notes: String,
    /// The questionnaires' progress while unfinished (answers so far and the page), so the
    /// visit resumes where it stopped after a reload, a crash or a lock.
    pub progress: Option<Saved>,
    /// Progress that no longer fits the questionnaires (an app update changed one of their
    /// definitions while the visit was unfinished): kept, never dropped, so no answer given
    /// is lost, though the questions are asked again. Absent in records from before it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub set_aside: Vec<Saved>,
    /// Safety flags raised by answers in this visit (instrument, flag) that the worker has
    /// not yet said they have seen: shown first at every unlock until they do, so a lock or
    /// reload while the client held the tablet cannot hide one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unseen_flags: Vec<(String, String)>,
    /// Whether every form is finished.
    pub finished: bool,
}

impl Visit {
    /// A visit as set up: its forms, nothing answered, no pick lists, notes or progress,
    /// unfinished.
    pub fn new(
        id: String,
        client: String,
        date: String,
        kind: VisitKind,
        forms: Vec<VisitForm>,
    ) -> Visit {
        Visit {
            id,
            client,
            date,
            kind,
            forms,
            needs: Vec::new(),
            support: Vec::new(),
            notes: String::new(),
            progress: None,
            set_aside: Vec::new(),
            unseen_flags: Vec::new(),
            finished: false,
        }
    }

    /// Moves progress that no longer fits the visit's questionnaires (`instruments`, as now
    /// built into the app) into [`Visit::set_aside`], so the journey starts afresh without
    /// overwriting it. Returns whether it did.
    pub fn set_aside_unfitting_progress(&mut self, instruments: &[Rc<Instrument>]) -> bool {
        let Some(progress) = &self.progress else {
            return false;
        };
        if Flow::restore(instruments, Layout::Paged, &self.id, progress).is_some() {
            return false;
        }
        let answered = progress.answers.iter().flatten().any(Option::is_some);
        let progress = self.progress.take();
        if answered {
            self.set_aside.extend(progress);
        }
        answered
    }
}

/// A visit record read for its answers only: the stored result objects (the largest part
/// of a record), notes and progress are skipped unread. Exports and the outcomes page
/// re-score from the answers, so reading thousands of visits stays quick.
#[derive(Debug, Deserialize)]
pub struct VisitAnswers {
    id: String,
    client: String,
    date: String,
    kind: VisitKind,
    forms: Vec<FormAnswers>,
    finished: bool,
}

#[derive(Debug, Deserialize)]
struct FormAnswers {
    instrument: String,
    mode: Mode,
    answers: Option<Vec<Option<i64>>>,
}

impl VisitAnswers {
    /// A [`Visit`] with these answers and nothing else (no results, notes or pick lists).
    pub fn into_visit(self) -> Visit {
        let forms = self
            .forms
            .into_iter()
            .map(|form| VisitForm {
                instrument: form.instrument,
                mode: form.mode,
                answers: form.answers,
                result: None,
            })
            .collect();
        Visit {
            finished: self.finished,
            ..Visit::new(self.id, self.client, self.date, self.kind, forms)
        }
    }
}

/// A client's line in the caseload index: enough to list, search and sort without opening
/// every record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientSummary {
    /// The client's record id.
    pub id: String,
    /// Reference.
    pub reference: String,
    /// Initials.
    pub initials: String,
    /// Each visit: `(id, date, kind, finished)`, by date.
    pub visits: Vec<VisitSummary>,
}

/// A visit's line in the index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitSummary {
    /// The visit's record id.
    pub id: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Baseline or follow-up.
    pub kind: VisitKind,
    /// Whether every form is finished.
    pub finished: bool,
    /// Whether a safety flag in it awaits the worker.
    #[serde(default)]
    pub flagged: bool,
}

impl VisitSummary {
    /// The index line for a visit.
    pub fn of(visit: &Visit) -> VisitSummary {
        VisitSummary {
            id: visit.id.clone(),
            date: visit.date.clone(),
            kind: visit.kind,
            finished: visit.finished,
            flagged: !visit.unseen_flags.is_empty(),
        }
    }
}

impl ClientSummary {
    /// The index line for a client and their visits.
    pub fn of(client: &Client, visits: Vec<VisitSummary>) -> ClientSummary {
        let mut summary = ClientSummary {
            id: client.id.clone(),
            reference: client.reference.clone(),
            initials: client.initials.clone(),
            visits,
        };
        summary.sort_visits();
        summary
    }

    fn sort_visits(&mut self) {
        self.visits
            .sort_by(|a, b| (&a.date, &a.id).cmp(&(&b.date, &b.id)));
    }

    /// Adds or replaces a visit's line.
    pub fn set_visit(&mut self, visit: VisitSummary) {
        self.visits.retain(|known| known.id != visit.id);
        self.visits.push(visit);
        self.sort_visits();
    }

    /// Why a new visit on `date` of this `kind` would turn the client's outcome round, if
    /// it would: a follow-up dated before their finished baseline (a clock set back,
    /// a slip in the date field), or a baseline dated after a finished follow-up. Pairing
    /// goes by date, so such a visit would be read as the wrong end of the change.
    pub fn visit_date_problem(&self, date: &str, kind: VisitKind) -> Option<String> {
        let finished = |wanted: VisitKind| {
            self.visits
                .iter()
                .filter(move |visit| visit.finished && visit.kind == wanted)
                .map(|visit| visit.date.as_str())
        };
        match kind {
            VisitKind::FollowUp => finished(VisitKind::Baseline)
                .min()
                .filter(|baseline| date < *baseline)
                .map(|baseline| {
                    format!(
                        "A follow-up must come after the client's baseline visit on {baseline}. Check the date, or make this visit the baseline"
                    )
                }),
            VisitKind::Baseline => finished(VisitKind::FollowUp)
                .min()
                .filter(|follow_up| date > *follow_up)
                .map(|follow_up| {
                    format!(
                        "A baseline must come before the client's follow-up visit on {follow_up}. Check the date, or make this visit a follow-up"
                    )
                }),
        }
    }

    /// The date of the latest finished visit.
    pub fn last_visit(&self) -> Option<&str> {
        self.visits
            .iter()
            .rev()
            .find(|visit| visit.finished)
            .map(|visit| visit.date.as_str())
    }

    /// When a follow-up is due: `weeks` after the latest finished baseline, unless a
    /// finished follow-up came after it.
    pub fn follow_up_due(&self, weeks: u16) -> Option<String> {
        let baseline = self
            .visits
            .iter()
            .rev()
            .find(|visit| visit.finished && visit.kind == VisitKind::Baseline)?;
        let followed = self.visits.iter().any(|visit| {
            visit.finished && visit.kind == VisitKind::FollowUp && visit.date > baseline.date
        });
        if followed {
            return None;
        }
        let date = dates::date_number(&baseline.date)?;
        dates::add_days(date, i64::from(weeks) * 7).map(dates::text)
    }

    /// An unfinished visit to resume, if there is one.
    pub fn unfinished_visit(&self) -> Option<&VisitSummary> {
        self.visits.iter().rev().find(|visit| !visit.finished)
    }
}

/// The scheme's settings, kept in the index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Lock after this many idle minutes.
    pub auto_lock_minutes: u16,
    /// Follow-up falls due this many weeks after a baseline.
    pub follow_up_weeks: u16,
    /// Needs the scheme added to the standard list.
    pub extra_needs: Vec<String>,
    /// Support the scheme added to the standard list.
    pub extra_support: Vec<String>,
    /// This tablet's name in exports (client ids are written `NAME-REFERENCE`); empty
    /// until the worker first exports.
    #[serde(default)]
    pub tablet_name: String,
}

/// Shortest and longest idle time before locking, in minutes.
pub const AUTO_LOCK_RANGE: std::ops::RangeInclusive<u16> = 1..=60;
/// Shortest and longest follow-up interval, in weeks.
pub const FOLLOW_UP_RANGE: std::ops::RangeInclusive<u16> = 1..=104;

impl Default for Settings {
    fn default() -> Self {
        Settings {
            auto_lock_minutes: 5,
            // Schemes commonly follow up at 3 months (outcomes.md: 3 and 6 months).
            follow_up_weeks: 12,
            extra_needs: Vec::new(),
            extra_support: Vec::new(),
            tablet_name: String::new(),
        }
    }
}

/// The caseload index: one record opened at unlock to list every client.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Index {
    /// Settings.
    pub settings: Settings,
    /// Every client.
    pub clients: Vec<ClientSummary>,
    /// Licensed questionnaires whose wording has been imported (the wording itself is a
    /// sealed record of its own, [`LicensedWording::record_id`]). Absent in indexes from
    /// before it.
    #[serde(default)]
    pub licensed: Vec<LicensedWording>,
    /// The day the last backup was made on this tablet, `YYYY-MM-DD`. Absent in indexes
    /// from before backups existed.
    #[serde(default)]
    pub last_backup: Option<String>,
    /// Whether this store's backups are sealed with a manifest (written by every version
    /// since backup format 2), so a backup whose manifest was taken out to pass it off as
    /// an older, unsealed one is refused. Absent (false) in indexes from before it.
    #[serde(default)]
    pub backups_sealed: bool,
}

/// Days without a backup after which the app says so.
pub const BACKUP_NUDGE_DAYS: i64 = 7;

/// A licensed questionnaire's wording, imported from the file the organisation holding the
/// licence supplies (wellcheck never ships it): what the lists show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LicensedWording {
    /// The instrument's id.
    pub instrument: String,
    /// The licence reference the file names.
    pub licence_reference: String,
    /// The date it was imported, `YYYY-MM-DD`.
    pub imported: String,
}

impl LicensedWording {
    /// The id of the sealed record that holds the wording file.
    pub fn record_id(instrument: &str) -> String {
        format!("{LICENSED_PREFIX}{instrument}")
    }

    /// Checks a wording file as the core checks it (every item and option covered, no
    /// open instrument's wording replaced) and says which questionnaire it is for. Every
    /// problem is named with where it is.
    pub fn check(text: &str, today: &str) -> Result<(LicensedWording, Instrument), Vec<String>> {
        if text.len() > MAX_DEFINITION_BYTES {
            return Err(vec![format!(
                "The file is {} bytes; a wording file may be at most {MAX_DEFINITION_BYTES} bytes.",
                text.len()
            )]);
        }
        let named = serde_json::from_str::<serde_json::Value>(text)
            .ok()
            .and_then(|value| value.get("instrument")?.as_str().map(str::to_owned));
        let Some(id) = named else {
            // Not JSON, or no `instrument`: the core's reader says exactly where.
            return Err(vec![
                "This is not a wellcheck wording file: it must be JSON naming its `instrument`."
                    .to_owned(),
            ]);
        };
        let instrument = catalogue::get(&id).map_err(|error| vec![error.to_string()])?;
        if instrument.licence() == LicenceClass::Open {
            return Err(vec![format!(
                "{} ({}) is an open questionnaire: its published wording is built in and is never replaced.",
                instrument.name(),
                instrument.id()
            )]);
        }
        let filled = apply_licensed_text(&instrument, text).map_err(|error| error.lines())?;
        let licence_reference = serde_json::from_str::<serde_json::Value>(text)
            .ok()
            .and_then(|value| value.get("licence_reference")?.as_str().map(str::to_owned))
            .unwrap_or_default();
        // It is shown in lists: one short line of visible text.
        if licence_reference.chars().count() > MAX_LICENCE_REFERENCE
            || licence_reference.chars().any(is_hidden)
        {
            return Err(vec![format!(
                "$.licence_reference: must be one line of up to {MAX_LICENCE_REFERENCE} visible characters"
            )]);
        }
        Ok((
            LicensedWording {
                instrument: instrument.id().to_owned(),
                licence_reference,
                imported: today.to_owned(),
            },
            filled,
        ))
    }
}

impl Index {
    /// Records an imported wording (replacing an earlier one for the same questionnaire).
    pub fn set_licensed(&mut self, wording: LicensedWording) {
        self.licensed
            .retain(|known| known.instrument != wording.instrument);
        self.licensed.push(wording);
        self.licensed
            .sort_by(|a, b| a.instrument.cmp(&b.instrument));
    }

    /// What to say when a backup is due: there are clients and no backup yet, or none for
    /// [`BACKUP_NUDGE_DAYS`] days. `None` when all is well.
    pub fn backup_nudge(&self, today: &str) -> Option<String> {
        if self.clients.is_empty() {
            return None;
        }
        let Some(last) = &self.last_backup else {
            return Some("No backup of these records has been made yet.".to_owned());
        };
        if last.as_str() > today {
            return Some(format!(
                "The last backup is dated {last}, after today's date on this tablet: make a backup now."
            ));
        }
        let days = match (dates::date_number(last), dates::date_number(today)) {
            (Some(last), Some(today)) => {
                dates::days_from_civil(today) - dates::days_from_civil(last)
            }
            _ => return None,
        };
        (days >= BACKUP_NUDGE_DAYS)
            .then(|| format!("The last backup of these records was made {days} days ago."))
    }

    /// Notes a backup made (or restored) on `date`, keeping the later of it and the last.
    /// A date after `today` (a tablet whose clock was wrong, or an edited file) is never
    /// kept, and one already kept is dropped: it would silence the backup reminder until
    /// that day.
    pub fn note_backup(&mut self, date: &str, today: &str) {
        // A last backup dated after today (its tablet's clock ran ahead, or it came in a
        // restored backup) counts for nothing: kept, it would outrank every real one.
        if self.last_backup.as_deref().is_some_and(|last| last > today) {
            self.last_backup = None;
        }
        if dates::check(date).is_err() || date > today {
            return;
        }
        if self.last_backup.as_deref().is_none_or(|last| last < date) {
            self.last_backup = Some(date.to_owned());
        }
    }

    /// Where this index and the records beside it disagree (a backup with a record taken
    /// out, or an older copy of one put back), in plain words; empty when every client,
    /// visit and licensed wording it names is there, as it names it, and nothing else.
    pub fn disagreements(
        &self,
        clients: &[Client],
        visits: &[Visit],
        licensed_ids: &[&str],
    ) -> Vec<String> {
        use std::collections::BTreeSet;
        let mut problems = Vec::new();
        let mut say = |ids: Vec<&str>, before: &str, after: &str| {
            if !ids.is_empty() {
                let count = count_in_words(ids.iter().copied());
                problems.push(format!("{before}{count}{after}"));
            }
        };
        let client_records: BTreeMap<&str, &Client> = clients
            .iter()
            .map(|client| (client.id.as_str(), client))
            .collect();
        let visit_records: BTreeMap<&str, &Visit> = visits
            .iter()
            .map(|visit| (visit.id.as_str(), visit))
            .collect();
        let listed_visits: BTreeMap<&str, (&str, &VisitSummary)> = self
            .clients
            .iter()
            .flat_map(|client| {
                client
                    .visits
                    .iter()
                    .map(move |visit| (visit.id.as_str(), (client.id.as_str(), visit)))
            })
            .collect();
        let listed_licensed: Vec<String> = self
            .licensed
            .iter()
            .map(|wording| LicensedWording::record_id(&wording.instrument))
            .collect();
        // Every record the index names, and every record the backup holds.
        let listed: BTreeSet<&str> = self
            .clients
            .iter()
            .map(|client| client.id.as_str())
            .chain(listed_visits.keys().copied())
            .chain(listed_licensed.iter().map(String::as_str))
            .collect();
        let held: BTreeSet<&str> = client_records
            .keys()
            .chain(visit_records.keys())
            .chain(licensed_ids)
            .copied()
            .collect();
        say(
            listed.difference(&held).copied().collect(),
            "the backup is missing ",
            "",
        );
        say(
            held.difference(&listed).copied().collect(),
            "it holds ",
            " that its list of clients does not name",
        );
        let stale_clients = self.clients.iter().filter_map(|summary| {
            let record = client_records.get(summary.id.as_str())?;
            (record.reference != summary.reference || record.initials != summary.initials)
                .then_some(summary.id.as_str())
        });
        let stale_visits = listed_visits.iter().filter_map(|(id, (client, summary))| {
            let record = visit_records.get(id)?;
            (record.client != *client || VisitSummary::of(record) != **summary).then_some(*id)
        });
        say(
            stale_clients.chain(stale_visits).collect(),
            "it holds an older or altered copy of ",
            "",
        );
        problems
    }

    /// The imported wording for `instrument`, if any.
    pub fn licensed(&self, instrument: &str) -> Option<&LicensedWording> {
        self.licensed
            .iter()
            .find(|known| known.instrument == instrument)
    }
}

/// How the client list is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortBy {
    /// Reference, A to Z.
    #[default]
    Reference,
    /// Most recent visit first; never visited last.
    LastVisit,
    /// Soonest follow-up first; none due last.
    FollowUpDue,
}

impl SortBy {
    /// Every order, as offered.
    pub const ALL: [SortBy; 3] = [SortBy::Reference, SortBy::LastVisit, SortBy::FollowUpDue];

    /// The words shown.
    pub fn label(self) -> &'static str {
        match self {
            SortBy::Reference => "Reference (A to Z)",
            SortBy::LastVisit => "Last visit (most recent first)",
            SortBy::FollowUpDue => "Follow-up due (soonest first)",
        }
    }

    /// The value used in the form control.
    pub fn value(self) -> &'static str {
        match self {
            SortBy::Reference => "reference",
            SortBy::LastVisit => "last-visit",
            SortBy::FollowUpDue => "follow-up",
        }
    }

    /// Reads a form control's value.
    pub fn parse(value: &str) -> SortBy {
        SortBy::ALL
            .into_iter()
            .find(|sort| sort.value() == value)
            .unwrap_or_default()
    }
}

impl Index {
    /// The clients whose reference or initials contain `search` (any case), in `order`.
    pub fn list(&self, search: &str, order: SortBy) -> Vec<&ClientSummary> {
        let needle = reference_key(search);
        let mut found: Vec<&ClientSummary> = self
            .clients
            .iter()
            .filter(|client| {
                needle.is_empty()
                    || reference_key(&client.reference).contains(&needle)
                    || client.initials.to_lowercase().contains(&needle)
            })
            .collect();
        let weeks = self.settings.follow_up_weeks;
        let by_reference = |a: &&ClientSummary, b: &&ClientSummary| {
            reference_key(&a.reference).cmp(&reference_key(&b.reference))
        };
        match order {
            SortBy::Reference => found.sort_by(by_reference),
            SortBy::LastVisit => found.sort_by(|a, b| {
                // Latest first; never visited at the end.
                b.last_visit()
                    .cmp(&a.last_visit())
                    .then_with(|| by_reference(a, b))
            }),
            SortBy::FollowUpDue => found.sort_by(|a, b| {
                let (due_a, due_b) = (a.follow_up_due(weeks), b.follow_up_due(weeks));
                match (due_a, due_b) {
                    (Some(x), Some(y)) => x.cmp(&y),
                    (Some(_), None) => std::cmp::Ordering::Less,
                    (None, Some(_)) => std::cmp::Ordering::Greater,
                    (None, None) => std::cmp::Ordering::Equal,
                }
                .then_with(|| by_reference(a, b))
            }),
        }
        found
    }

    /// Whether a client other than `except` has a reference that reads as `key`.
    pub fn reference_taken(&self, key: &str, except: Option<&str>) -> bool {
        self.clients.iter().any(|client| {
            Some(client.id.as_str()) != except && reference_key(&client.reference) == key
        })
    }

    /// Adds or replaces a client's line, keeping their visits.
    pub fn set_client(&mut self, client: &Client) {
        match self.clients.iter_mut().find(|known| known.id == client.id) {
            Some(known) => {
                known.reference = client.reference.clone();
                known.initials = client.initials.clone();
            }
            None => self.clients.push(ClientSummary::of(client, Vec::new())),
        }
    }

    /// A client's line.
    pub fn client(&self, id: &str) -> Option<&ClientSummary> {
        self.clients.iter().find(|client| client.id == id)
    }

    /// Records a visit's line under its client; false if the client is unknown.
    pub fn set_visit(&mut self, visit: &Visit) -> bool {
        match self
            .clients
            .iter_mut()
            .find(|client| client.id == visit.client)
        {
            Some(client) => {
                client.set_visit(VisitSummary::of(visit));
                true
            }
            None => false,
        }
    }
}
