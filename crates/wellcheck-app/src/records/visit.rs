//! A visit's record: its kind, date, forms (answers and result), needs, support, notes and
//! the questionnaires' progress; [`VisitForExports`] reads only what exports use.

use std::rc::Rc;

use serde::{Deserialize, Serialize};
use wellcheck_core::{Administration, Answers, Instrument, ScoreReport, score};
use wellcheck_web::kit::{Flow, Layout, Saved};

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

    /// The value used in form controls and ids.
    pub fn value(self) -> &'static str {
        match self {
            VisitKind::Baseline => "baseline",
            VisitKind::FollowUp => "follow-up",
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

/// A finished form ready to show and export: its answers, with how the form was completed,
/// and its result.
#[derive(Debug, Clone, PartialEq)]
pub struct FormResult {
    /// The answers, with how the form was completed.
    pub answers: Answers,
    /// The result: the one the journey scored, kept in the record, unless the definition has
    /// changed since (see `scored_again_from`).
    pub report: ScoreReport,
    /// The version the kept result was scored with, when an update of the app has changed
    /// the questionnaire's definition since and the answers were scored again with this
    /// version's (so the visit page, the exports and `wellcheck report` agree). `None` when
    /// the kept result is used as it was.
    pub scored_again_from: Option<String>,
}

impl VisitForm {
    /// A finished form as it was finished: its answers, with how the form was completed,
    /// and the result the journey scored then, read back and never worked out again, so
    /// the version and hash it names are those it was scored with. Only when the app has
    /// since been updated with a changed definition of the questionnaire are the answers
    /// scored again, with the current definition, and that is said (`scored_again_from`).
    ///
    /// # Errors
    /// Why the form cannot be used, in words for the worker: no answers, answers that do
    /// not fit `instrument`, no readable result, or a kept result that is not of these
    /// answers.
    pub fn finished(&self, instrument: &Instrument) -> Result<FormResult, String> {
        let codes = self.answers.as_deref().ok_or("it has no answers")?;
        let mut answers =
            Answers::from_codes(instrument, codes).map_err(|error| error.to_string())?;
        answers.set_administration(self.mode.administration());
        let kept = self.result.as_ref().ok_or("its result was not kept")?;
        let report = ScoreReport::from_json_value(kept)
            .map_err(|problem| format!("its kept result is damaged ({problem})"))?;
        if report.instrument != instrument.id() {
            return Err(format!(
                "its kept result is of {}, not {}",
                report.instrument,
                instrument.id()
            ));
        }
        if report.definition_hash != instrument.definition_hash() {
            let again = score(instrument, &answers).map_err(|error| error.to_string())?;
            return Ok(FormResult {
                answers,
                report: again,
                scored_again_from: Some(report.version),
            });
        }
        let report = report.in_order_of(instrument);
        // A question not asked (its condition unmet) is scored as unanswered, so a kept
        // `null` may stand beside an answer given before the condition changed.
        let matches = report.answers.len() == answers.values().len()
            && report
                .answers
                .iter()
                .zip(answers.values())
                .all(|((_, kept), given)| kept.is_none() || kept == given)
            && report.administration == answers.administration().as_str();
        if !matches {
            return Err("its kept result does not match its answers".to_owned());
        }
        Ok(FormResult {
            answers,
            report,
            scored_again_from: None,
        })
    }
}

/// The longest note of what was done about a safety flag.
pub const MAX_SAFETY_NOTE: usize = 1_000;

/// A safety flag the worker has seen, and what they did about it: kept on the visit and
/// shown on the client's page and in the client list for as long as the record lasts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SafetyNote {
    /// The flags raised (instrument, flag).
    pub flags: Vec<(String, String)>,
    /// The day the worker said they had seen them, `YYYY-MM-DD`.
    pub seen_on: String,
    /// What the worker did ("talked it through; gave the crisis line number").
    pub note: String,
}

impl SafetyNote {
    /// The note as the worker wrote it, trimmed: 1 to [`MAX_SAFETY_NOTE`] characters, or
    /// why not, in the words of a form's error.
    pub fn check_note(text: &str) -> Result<String, String> {
        let note = text.trim();
        if note.is_empty() {
            return Err("Enter what you did about it, for example: talked it through, gave the crisis line number".to_owned());
        }
        if note.chars().count() > MAX_SAFETY_NOTE {
            return Err(format!(
                "The note must be {MAX_SAFETY_NOTE} characters or fewer"
            ));
        }
        Ok(note.to_owned())
    }
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
    /// Safety flags seen, with what was done about each. Absent in records from before it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub safety_notes: Vec<SafetyNote>,
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
            safety_notes: Vec::new(),
            finished: false,
        }
    }

    /// Records that the worker has seen the visit's unseen flags and what they did, on
    /// `today`: the flags move into [`Visit::safety_notes`] with the note.
    pub fn acknowledge_flags(&mut self, note: String, today: &str) {
        if self.unseen_flags.is_empty() {
            return;
        }
        self.safety_notes.push(SafetyNote {
            flags: std::mem::take(&mut self.unseen_flags),
            seen_on: today.to_owned(),
            note,
        });
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

/// A visit record read for what exports and the outcomes page use: its forms' answers and
/// kept results, and the needs and support ticked; notes and progress are skipped unread,
/// so reading thousands of visits stays quick.
#[derive(Debug, Deserialize)]
pub struct VisitForExports {
    id: String,
    client: String,
    date: String,
    kind: VisitKind,
    forms: Vec<FormAnswers>,
    #[serde(default)]
    needs: Vec<String>,
    #[serde(default)]
    support: Vec<String>,
    finished: bool,
}

#[derive(Debug, Deserialize)]
pub(crate) struct FormAnswers {
    pub(crate) instrument: String,
    pub(crate) mode: Mode,
    pub(crate) answers: Option<Vec<Option<i64>>>,
    pub(crate) result: Option<serde_json::Value>,
}

impl VisitForExports {
    /// A [`Visit`] with these forms, needs and support, and nothing else (no notes or
    /// progress).
    pub fn into_visit(self) -> Visit {
        let forms = self
            .forms
            .into_iter()
            .map(|form| VisitForm {
                instrument: form.instrument,
                mode: form.mode,
                answers: form.answers,
                result: form.result,
            })
            .collect();
        Visit {
            finished: self.finished,
            needs: self.needs,
            support: self.support,
            ..Visit::new(self.id, self.client, self.date, self.kind, forms)
        }
    }
}
