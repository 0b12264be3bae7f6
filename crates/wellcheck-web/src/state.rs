//! The person's way through one or more questionnaires, as plain state transitions.
//!
//! The pages are worked out afresh from the answers each time, so an enable condition
//! (EVS: minutes asked only when days > 0) adds or removes pages as answers change. Every
//! rule about answers and scores is the core's; this module only decides which page comes
//! next and what errors to show.

use std::rc::Rc;

use serde::{Deserialize, Serialize};
use wellcheck_core::{Administration, Answers, Instrument, ScoreReport, missing_items, score};
use yew::Reducible;

use crate::options::{Mode, Resume};

mod saved;
pub use saved::Saved;

/// What a journey is asked to run: all `Journey` reads. The embed makes one from the
/// host's options (every form self-completed); the tablet app from a visit, each form
/// completed as the worker chose, which goes into that form's result.
#[derive(Debug, Clone, PartialEq)]
pub struct JourneySpec {
    /// The instrument or battery id, which saved progress must match.
    pub subject: String,
    /// The questionnaires, in order.
    pub instruments: Vec<Rc<Instrument>>,
    /// How each questionnaire is completed, in the order of `instruments`; one not listed
    /// is self-completed.
    pub administration: Vec<Administration>,
    /// Layout.
    pub mode: Mode,
    /// Where progress is kept until the end.
    pub resume: Resume,
}

impl JourneySpec {
    /// Every form self-completed, as a person does on a website.
    pub fn self_completed(
        subject: String,
        instruments: Vec<Rc<Instrument>>,
        mode: Mode,
        resume: Resume,
    ) -> JourneySpec {
        JourneySpec {
            subject,
            instruments,
            administration: Vec::new(),
            mode,
            resume,
        }
    }
}

/// One questionnaire being answered.
#[derive(Debug, Clone, PartialEq)]
pub struct Form {
    /// The instrument.
    pub instrument: Rc<Instrument>,
    /// Its answers so far.
    pub answers: Answers,
}

/// A screen of the widget.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Page {
    /// One question (paged mode).
    Question {
        /// Which questionnaire.
        form: usize,
        /// Which item.
        item: usize,
    },
    /// All questions of one questionnaire (single-page mode).
    Form {
        /// Which questionnaire.
        form: usize,
    },
    /// Check your answers.
    Check,
    /// The result.
    Result,
}

impl Page {
    /// Order of pages: by questionnaire, then item; check, then result, last.
    fn key(self) -> (usize, usize) {
        match self {
            Page::Question { form, item } => (form, item),
            Page::Form { form } => (form, 0),
            Page::Check => (usize::MAX - 1, 0),
            Page::Result => (usize::MAX, 0),
        }
    }
}

/// The whole journey.
#[derive(Debug, Clone, PartialEq)]
pub struct Flow {
    /// The questionnaires, in order.
    pub forms: Vec<Form>,
    /// Layout.
    pub mode: Mode,
    /// The current page.
    pub page: Page,
    /// Questions to show an error on, as `(form, item)`; empty when there is no error.
    pub errors: Vec<(usize, usize)>,
    /// Came from the check page to change an answer: go back there next.
    pub returning: bool,
    /// Results, once submitted.
    pub reports: Option<Rc<Vec<ScoreReport>>>,
    /// Whether earlier answers were restored.
    pub resumed: bool,
    /// Counts moves (Continue, Back, Change, Submit, Start again): focus follows a move, and
    /// only a move, so choosing an answer never pulls focus away from it.
    pub moves: u64,
    /// What the person typed in a number box that is not an acceptable answer (`8` days,
    /// `3.5`), by `(form, item)`: kept on screen so they can see and fix it.
    pub drafts: Drafts,
}

/// What was typed in number boxes, by `(form, item)`. A list, not a map: a page holds a
/// handful at most, and each map type costs the embed kilobytes of its own code.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Drafts(Vec<((usize, usize), String)>);

impl Drafts {
    /// What was typed in this box, if it is kept.
    pub fn get(&self, at: (usize, usize)) -> Option<&String> {
        self.0
            .iter()
            .find(|(key, _)| *key == at)
            .map(|(_, text)| text)
    }

    /// Keeps what was typed in this box, replacing what was kept before in its place (so
    /// the same text typed again leaves the drafts equal, and the page unchanged).
    pub fn set(&mut self, at: (usize, usize), text: String) {
        match self.0.iter_mut().find(|(key, _)| *key == at) {
            Some((_, kept)) => *kept = text,
            None => self.0.push((at, text)),
        }
    }

    /// Forgets what was typed in this box.
    pub fn remove(&mut self, at: (usize, usize)) {
        self.0.retain(|(key, _)| *key != at);
    }
}

/// Why a question on the page cannot be accepted yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnswerProblem {
    /// Nothing was given.
    Missing,
    /// The box holds something that is not a whole number (`3.5`, `two`).
    NotWhole,
    /// A whole number outside the question's range.
    OutOfRange {
        /// Smallest accepted.
        min: i64,
        /// Largest accepted.
        max: i64,
        /// What is counted (`days`).
        unit: String,
    },
}

/// Something the person did.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Chose an answer.
    Answer {
        /// Which questionnaire.
        form: usize,
        /// Which item.
        item: usize,
        /// The option's code, or the number entered.
        value: i64,
    },
    /// Typed in a number box (anything: it is checked here).
    Type {
        /// Which questionnaire.
        form: usize,
        /// Which item.
        item: usize,
        /// The box's text.
        text: String,
    },
    /// The host changed the layout (one question per page, or all on one): answers stay.
    Relayout(Mode),
    /// Pressed Continue.
    Continue,
    /// Pressed Back.
    Back,
    /// Chose to change an answer from the check page.
    Change {
        /// Which questionnaire.
        form: usize,
        /// Which item.
        item: usize,
    },
    /// Asked for the result from the check page, with every form's scores as
    /// [`Flow::scores`] gave them then (`None`: a form could not be scored). The check page
    /// scores, not the reducer, so scoring is in the embed's later part with that page.
    Submit(Option<Rc<Vec<ScoreReport>>>),
    /// Cleared everything to begin again.
    StartAgain,
}

impl Flow {
    /// A fresh start.
    pub fn new(instruments: &[Rc<Instrument>], mode: Mode) -> Flow {
        let forms = instruments
            .iter()
            .map(|instrument| Form {
                answers: Answers::new(instrument),
                instrument: Rc::clone(instrument),
            })
            .collect();
        let mut flow = Flow {
            forms,
            mode,
            page: Page::Check,
            errors: Vec::new(),
            returning: false,
            reports: None,
            resumed: false,
            moves: 0,
            drafts: Drafts::default(),
        };
        flow.page = flow.pages().first().copied().unwrap_or(Page::Check);
        flow
    }

    /// A fresh start of what `spec` asks, each form recording how it is completed.
    pub fn start(spec: &JourneySpec) -> Flow {
        Flow::new(&spec.instruments, spec.mode).administered(&spec.administration)
    }

    /// The journey `spec` asks, resumed from `saved` when it fits, else a fresh start.
    pub fn resume(spec: &JourneySpec, saved: Option<&Saved>) -> Flow {
        saved
            .and_then(|saved| Flow::restore(&spec.instruments, spec.mode, &spec.subject, saved))
            .map_or_else(
                || Flow::start(spec),
                |flow| flow.administered(&spec.administration),
            )
    }

    /// Each form completed as `administration` says, in order (the rest self-completed).
    fn administered(mut self, administration: &[Administration]) -> Flow {
        for (form, how) in self.forms.iter_mut().zip(administration) {
            form.answers.set_administration(*how);
        }
        self
    }

    /// The pages as the answers stand now, in order, ending with the check page.
    pub fn pages(&self) -> Vec<Page> {
        let mut pages = Vec::new();
        for (form_index, form) in self.forms.iter().enumerate() {
            match self.mode {
                Mode::SinglePage => pages.push(Page::Form { form: form_index }),
                Mode::Paged => {
                    for item in 0..form.instrument.items().len() {
                        if form.instrument.is_enabled(item, form.answers.values()) {
                            pages.push(Page::Question {
                                form: form_index,
                                item,
                            });
                        }
                    }
                }
            }
        }
        pages.push(Page::Check);
        pages
    }

    /// Whether Back has somewhere to go.
    pub fn can_go_back(&self) -> bool {
        self.page != Page::Result && self.pages().iter().any(|page| page.key() < self.page.key())
    }

    /// The state after an action; an action that changes nothing returns an equal state.
    pub fn apply(&self, action: Action) -> Flow {
        let mut next = self.clone();
        if !matches!(
            action,
            Action::Answer { .. } | Action::Type { .. } | Action::Relayout(_)
        ) {
            next.moves = self.moves + 1;
        }
        match action {
            Action::Answer { form, item, value } => {
                if let Some(target) = next.forms.get_mut(form) {
                    let id = target
                        .instrument
                        .items()
                        .get(item)
                        .map(|item| item.id().to_owned());
                    // Only offered codes are ever rendered, so a refusal means a stale event:
                    // keeping the previous answer is the safe outcome.
                    if let Some(id) = id
                        && target.answers.set(&target.instrument, &id, value).is_ok()
                    {
                        next.errors.retain(|error| *error != (form, item));
                    }
                }
            }
            Action::Type { form, item, text } => next.typed(form, item, &text),
            Action::Relayout(mode) => next.relayout(mode),
            Action::Continue => next.continue_from_page(),
            Action::Back => {
                next.errors.clear();
                if let Some(previous) = self
                    .pages()
                    .into_iter()
                    .rev()
                    .find(|page| page.key() < self.page.key())
                {
                    next.page = previous;
                }
            }
            Action::Change { form, item } => {
                next.errors.clear();
                next.returning = true;
                next.page = match self.mode {
                    Mode::Paged => Page::Question { form, item },
                    Mode::SinglePage => Page::Form { form },
                };
            }
            Action::Submit(reports) => next.submit(reports),
            Action::StartAgain => {
                let instruments: Vec<Rc<Instrument>> = self
                    .forms
                    .iter()
                    .map(|form| Rc::clone(&form.instrument))
                    .collect();
                let administration: Vec<Administration> = self
                    .forms
                    .iter()
                    .map(|form| form.answers.administration())
                    .collect();
                next = Flow {
                    moves: self.moves + 1,
                    ..Flow::new(&instruments, self.mode).administered(&administration)
                };
            }
        }
        next
    }

    fn typed(&mut self, form: usize, item: usize, text: &str) {
        let Some(target) = self.forms.get_mut(form) else {
            return;
        };
        let Some(id) = target
            .instrument
            .items()
            .get(item)
            .map(|i| i.id().to_owned())
        else {
            return;
        };
        let accepted = whole_number(text)
            .filter(|value| target.answers.set(&target.instrument, &id, *value).is_ok());
        if accepted.is_some() {
            self.errors.retain(|error| *error != (form, item));
        } else {
            target.answers.clear(item);
        }
        // The box shows exactly what was typed (`007` stays `007`), answer or not.
        if text.trim().is_empty() {
            self.drafts.remove((form, item));
        } else {
            self.drafts.set((form, item), text.to_owned());
        }
    }

    /// The same answers in another layout, on the page that holds the current question.
    fn relayout(&mut self, mode: Mode) {
        if mode == self.mode {
            return;
        }
        self.mode = mode;
        self.errors.clear();
        self.page = match (self.page, mode) {
            (Page::Question { form, .. }, Mode::SinglePage) => Page::Form { form },
            (Page::Form { form }, Mode::Paged) => self
                .pages()
                .into_iter()
                .find(|page| {
                    matches!(page, Page::Question { form: f, .. } if *f == form)
                        && !self.missing_on_page(*page).is_empty()
                })
                .or_else(|| {
                    self.pages()
                        .into_iter()
                        .find(|page| matches!(page, Page::Question { form: f, .. } if *f == form))
                })
                .unwrap_or(Page::Check),
            (page, _) => page,
        };
    }

    /// Why a question is in error: what was typed if anything, else that it is unanswered.
    pub fn problem(&self, form: usize, item: usize) -> AnswerProblem {
        let Some(draft) = self.drafts.get((form, item)) else {
            return AnswerProblem::Missing;
        };
        let question = self
            .forms
            .get(form)
            .and_then(|f| f.instrument.items().get(item));
        let digits = ascii_digits(draft.trim());
        let integer_like = digits
            .strip_prefix(['-', '+'])
            .unwrap_or(&digits)
            .bytes()
            .all(|b| b.is_ascii_digit())
            && !digits.is_empty();
        match (integer_like, question.map(|q| q.response())) {
            (true, Some(wellcheck_core::definition::Response::Number { min, max, unit })) => {
                AnswerProblem::OutOfRange {
                    min: *min,
                    max: *max,
                    unit: unit.clone(),
                }
            }
            _ => AnswerProblem::NotWhole,
        }
    }

    fn continue_from_page(&mut self) {
        let missing = self.missing_on_page(self.page);
        if !missing.is_empty() {
            self.errors = missing;
            return;
        }
        self.errors.clear();
        let pages = self.pages();
        self.page = if self.returning {
            // Back to the check page, unless the change opened a question still to answer.
            pages
                .iter()
                .copied()
                .find(|page| *page != Page::Check && !self.missing_on_page(*page).is_empty())
                .unwrap_or(Page::Check)
        } else {
            pages
                .iter()
                .copied()
                .find(|page| page.key() > self.page.key())
                .unwrap_or(Page::Check)
        };
        if self.page == Page::Check {
            self.returning = false;
        }
    }

    /// Every form's scores, or `None` if one cannot be scored (an answer it needs is
    /// missing): what the check page submits.
    pub fn scores(&self) -> Option<Rc<Vec<ScoreReport>>> {
        self.forms
            .iter()
            .map(|form| score(&form.instrument, &form.answers).ok())
            .collect::<Option<Vec<_>>>()
            .map(Rc::new)
    }

    fn submit(&mut self, reports: Option<Rc<Vec<ScoreReport>>>) {
        if let Some(first) = self
            .pages()
            .into_iter()
            .find(|page| !self.missing_on_page(*page).is_empty())
        {
            self.errors = self.missing_on_page(first);
            self.page = first;
            self.returning = true;
            return;
        }
        if let Some(reports) = reports {
            self.reports = Some(reports);
            self.page = Page::Result;
            self.errors.clear();
            self.returning = false;
        }
    }

    /// Required questions on a page that are still unanswered, as `(form, item)`.
    pub fn missing_on_page(&self, page: Page) -> Vec<(usize, usize)> {
        let missing = |form: usize| -> Vec<usize> {
            self.forms
                .get(form)
                .map(|f| missing_items(&f.instrument, &f.answers))
                .unwrap_or_default()
        };
        match page {
            Page::Question { form, item } => {
                if missing(form).contains(&item) {
                    vec![(form, item)]
                } else {
                    Vec::new()
                }
            }
            Page::Form { form } => missing(form).into_iter().map(|item| (form, item)).collect(),
            Page::Check | Page::Result => Vec::new(),
        }
    }

    /// What to keep for resuming, or `None` once finished.
    pub fn saved(&self, subject: &str) -> Option<Saved> {
        if self.page == Page::Result {
            return None;
        }
        Some(Saved {
            version: 1,
            subject: subject.to_owned(),
            definitions: self
                .forms
                .iter()
                .map(|form| form.instrument.definition_hash().to_owned())
                .collect(),
            answers: self
                .forms
                .iter()
                .map(|form| form.answers.values().to_vec())
                .collect(),
            page: self.page,
        })
    }

    /// A journey restored from saved answers, if they still fit the same definitions.
    pub fn restore(
        instruments: &[Rc<Instrument>],
        mode: Mode,
        subject: &str,
        saved: &Saved,
    ) -> Option<Flow> {
        // Every definition must be named and match: a saved entry without hashes (or with
        // fewer) is not trusted, whatever else it holds.
        let fits = saved.version == 1
            && saved.subject == subject
            && saved.answers.len() == instruments.len()
            && saved.definitions.len() == instruments.len()
            && saved
                .definitions
                .iter()
                .zip(instruments)
                .all(|(hash, instrument)| hash == instrument.definition_hash());
        if !fits {
            return None;
        }
        let mut flow = Flow::new(instruments, mode);
        // Keep every answer that is still valid; drop only the ones that are not.
        for (form, codes) in flow.forms.iter_mut().zip(&saved.answers) {
            for (item, code) in form.instrument.items().iter().zip(codes) {
                if let Some(value) = code {
                    let _ = form.answers.set(&form.instrument, item.id(), *value);
                }
            }
        }
        if !flow
            .forms
            .iter()
            .any(|form| form.answers.values().iter().any(Option::is_some))
        {
            return None;
        }
        let pages = flow.pages();
        // Back where the person was, unless an earlier question now lacks its answer (a
        // dropped one) or that page is no longer asked: then the first page still needing one.
        let first_missing = pages
            .iter()
            .copied()
            .find(|page| !flow.missing_on_page(*page).is_empty());
        flow.page = match first_missing {
            Some(missing) if missing.key() < saved.page.key() || !pages.contains(&saved.page) => {
                missing
            }
            None if !pages.contains(&saved.page) => Page::Check,
            _ => saved.page,
        };
        flow.resumed = true;
        Some(flow)
    }
}

/// A whole number as a person may type it: surrounding space, a sign, and digits from
/// any common script (full-width `３`, Arabic-Indic `٣`, Devanagari `३`).
fn whole_number(text: &str) -> Option<i64> {
    ascii_digits(text.trim()).parse().ok()
}

/// The text with decimal digits of other scripts written as ASCII digits.
fn ascii_digits(text: &str) -> String {
    // The zero of each block of ten decimal digits that phones' keyboards commonly offer.
    const ZEROS: [u32; 6] = [0xFF10, 0x0660, 0x06F0, 0x0966, 0x09E6, 0x0A66];
    text.chars()
        .map(|c| {
            ZEROS
                .iter()
                .find_map(|zero| {
                    let offset = u32::from(c).checked_sub(*zero)?;
                    (offset < 10)
                        .then(|| char::from_digit(offset, 10))
                        .flatten()
                })
                .unwrap_or(c)
        })
        .collect()
}

impl Reducible for Flow {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let next = self.apply(action);
        if next == *self { self } else { Rc::new(next) }
    }
}

#[cfg(test)]
mod tests;
