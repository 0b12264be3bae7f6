//! The person's way through one or more questionnaires, as plain state transitions.
//!
//! The pages are worked out afresh from the answers each time, so an enable condition
//! (EVS: minutes asked only when days > 0) adds or removes pages as answers change. Every
//! rule about answers and scores is the core's; this module only decides which page comes
//! next and what errors to show.

use std::collections::BTreeMap;
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
    pub drafts: BTreeMap<(usize, usize), String>,
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
    /// Asked for the result from the check page.
    Submit,
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
            drafts: BTreeMap::new(),
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
            Action::Submit => next.submit(),
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
            self.drafts.remove(&(form, item));
        } else {
            self.drafts.insert((form, item), text.to_owned());
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
        let Some(draft) = self.drafts.get(&(form, item)) else {
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

    fn submit(&mut self) {
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
        let reports: Result<Vec<ScoreReport>, _> = self
            .forms
            .iter()
            .map(|form| score(&form.instrument, &form.answers))
            .collect();
        if let Ok(reports) = reports {
            self.reports = Some(Rc::new(reports));
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
mod tests {
    #![allow(
        clippy::unwrap_used,
        clippy::indexing_slicing,
        clippy::panic,
        reason = "tests"
    )]

    use wellcheck_core::catalogue;

    use super::*;

    fn flow(ids: &[&str], mode: Mode) -> Flow {
        let instruments: Vec<Rc<Instrument>> = ids
            .iter()
            .map(|id| Rc::new(catalogue::get(id).unwrap()))
            .collect();
        Flow::new(&instruments, mode)
    }

    fn answer(flow: &Flow, form: usize, item: usize, value: i64) -> Flow {
        flow.apply(Action::Answer { form, item, value })
            .apply(Action::Continue)
    }

    #[test]
    fn each_form_is_scored_as_the_spec_says_it_was_completed() {
        let spec = JourneySpec {
            subject: "social-prescribing".to_owned(),
            instruments: ["ucla-3", "ons4"]
                .iter()
                .map(|id| Rc::new(catalogue::get(id).unwrap()))
                .collect(),
            administration: vec![Administration::ReadAloud, Administration::OnBehalf],
            mode: Mode::SinglePage,
            resume: Resume::Off,
        };
        let answered = |start: Flow| {
            let mut state = start;
            for (form, values) in [(0, vec![2, 3, 2]), (1, vec![7, 8, 6, 3])] {
                for (item, value) in values.into_iter().enumerate() {
                    state = state.apply(Action::Answer { form, item, value });
                }
            }
            state
                .apply(Action::Continue)
                .apply(Action::Continue)
                .apply(Action::Submit)
        };
        let administration = |state: &Flow| -> Vec<&str> {
            state
                .reports
                .as_ref()
                .unwrap()
                .iter()
                .map(|r| r.administration)
                .collect()
        };
        let done = answered(Flow::start(&spec));
        assert_eq!(done.page, Page::Result);
        assert_eq!(administration(&done), ["read_aloud", "on_behalf"]);
        // Starting again keeps how each form is completed; so does resuming.
        let again = answered(done.apply(Action::StartAgain));
        assert_eq!(administration(&again), ["read_aloud", "on_behalf"]);
        let part = Flow::start(&spec).apply(Action::Answer {
            form: 0,
            item: 0,
            value: 2,
        });
        let saved = part.saved(&spec.subject).unwrap();
        let resumed = Flow::resume(&spec, Some(&saved));
        assert!(resumed.resumed);
        assert_eq!(
            administration(&answered(resumed)),
            ["read_aloud", "on_behalf"]
        );
        // The embed's journeys are self-completed.
        let embed = JourneySpec::self_completed(
            spec.subject.clone(),
            spec.instruments.clone(),
            Mode::SinglePage,
            Resume::Off,
        );
        assert_eq!(
            administration(&answered(Flow::start(&embed))),
            ["self", "self"]
        );
    }

    #[test]
    fn continue_without_an_answer_shows_an_error_and_stays() {
        let start = flow(&["ucla-3"], Mode::Paged);
        let next = start.apply(Action::Continue);
        assert_eq!(next.page, Page::Question { form: 0, item: 0 });
        assert_eq!(next.errors, [(0, 0)]);
        let fixed = next.apply(Action::Answer {
            form: 0,
            item: 0,
            value: 2,
        });
        assert!(fixed.errors.is_empty());
    }

    #[test]
    fn one_question_per_page_then_check_then_result() {
        let mut state = flow(&["ucla-3"], Mode::Paged);
        for (item, value) in [(0, 2), (1, 3), (2, 2)] {
            assert_eq!(state.page, Page::Question { form: 0, item });
            state = answer(&state, 0, item, value);
        }
        assert_eq!(state.page, Page::Check);
        state = state.apply(Action::Submit);
        assert_eq!(state.page, Page::Result);
        let reports = state.reports.as_ref().unwrap();
        assert_eq!(
            reports[0].score("total").unwrap().band.as_deref(),
            Some("lonely")
        );
        assert!(
            state.saved("ucla-3").is_none(),
            "nothing is kept once finished"
        );
    }

    #[test]
    fn answering_is_not_a_move_but_continue_is() {
        let start = flow(&["ucla-3"], Mode::Paged);
        let answered = start.apply(Action::Answer {
            form: 0,
            item: 0,
            value: 1,
        });
        assert_eq!(answered.moves, start.moves);
        assert_eq!(answered.apply(Action::Continue).moves, start.moves + 1);
        assert_eq!(
            start.apply(Action::Continue).moves,
            start.moves + 1,
            "an error is a move too"
        );
    }

    #[test]
    fn back_goes_to_the_previous_question_and_keeps_answers() {
        let state = answer(&flow(&["ucla-3"], Mode::Paged), 0, 0, 3);
        assert!(state.can_go_back());
        let back = state.apply(Action::Back);
        assert_eq!(back.page, Page::Question { form: 0, item: 0 });
        assert_eq!(back.forms[0].answers.get(0), Some(3));
        assert!(!back.can_go_back());
    }

    #[test]
    fn evs_skips_minutes_when_no_exercise_days() {
        let zero = answer(&flow(&["evs"], Mode::Paged), 0, 0, 0);
        assert_eq!(zero.page, Page::Check);
        let some = answer(&flow(&["evs"], Mode::Paged), 0, 0, 3);
        assert_eq!(some.page, Page::Question { form: 0, item: 1 });
    }

    #[test]
    fn change_from_check_returns_to_check_unless_a_new_question_opens() {
        let done = answer(&flow(&["evs"], Mode::Paged), 0, 0, 0);
        assert_eq!(done.page, Page::Check);
        let changing = done.apply(Action::Change { form: 0, item: 0 });
        assert_eq!(changing.page, Page::Question { form: 0, item: 0 });
        // Changing days to 3 opens the minutes question, which must be answered first.
        let opened = answer(&changing, 0, 0, 3);
        assert_eq!(opened.page, Page::Question { form: 0, item: 1 });
        let back_to_check = answer(&opened, 0, 1, 30);
        assert_eq!(back_to_check.page, Page::Check);
        assert!(!back_to_check.returning);
    }

    #[test]
    fn optional_questions_may_be_skipped() {
        let mut state = flow(&["phq-9"], Mode::Paged);
        for item in 0..9 {
            state = answer(&state, 0, item, 0);
        }
        assert_eq!(state.page, Page::Question { form: 0, item: 9 });
        let skipped = state.apply(Action::Continue);
        assert_eq!(skipped.page, Page::Check);
    }

    #[test]
    fn a_battery_runs_each_questionnaire_in_turn() {
        let mut state = flow(&["phq-2", "gad-2"], Mode::Paged);
        for (form, item) in [(0, 0), (0, 1), (1, 0), (1, 1)] {
            assert_eq!(state.page, Page::Question { form, item });
            state = answer(&state, form, item, 1);
        }
        assert_eq!(state.apply(Action::Submit).reports.unwrap().len(), 2);
    }

    #[test]
    fn single_page_mode_checks_the_whole_questionnaire() {
        let state = flow(&["ucla-3"], Mode::SinglePage);
        assert_eq!(state.page, Page::Form { form: 0 });
        let partial = state
            .apply(Action::Answer {
                form: 0,
                item: 1,
                value: 1,
            })
            .apply(Action::Continue);
        assert_eq!(partial.errors, [(0, 0), (0, 2)]);
        let done = partial
            .apply(Action::Answer {
                form: 0,
                item: 0,
                value: 1,
            })
            .apply(Action::Answer {
                form: 0,
                item: 2,
                value: 1,
            })
            .apply(Action::Continue);
        assert_eq!(done.page, Page::Check);
    }

    #[test]
    fn saved_answers_restore_only_into_the_same_definitions() {
        let instruments = vec![Rc::new(catalogue::get("ucla-3").unwrap())];
        let state = answer(&Flow::new(&instruments, Mode::Paged), 0, 0, 3);
        let saved = state.saved("ucla-3").unwrap();
        let restored = Flow::restore(&instruments, Mode::Paged, "ucla-3", &saved).unwrap();
        assert_eq!(restored.page, Page::Question { form: 0, item: 1 });
        assert_eq!(restored.forms[0].answers.get(0), Some(3));
        assert!(restored.resumed);

        let mut changed = saved.clone();
        changed.definitions[0] = "sha256:other".into();
        assert!(Flow::restore(&instruments, Mode::Paged, "ucla-3", &changed).is_none());
        assert!(Flow::restore(&instruments, Mode::Paged, "phq-9", &saved).is_none());
    }

    #[test]
    fn a_corrupt_saved_answer_is_dropped_and_the_valid_ones_kept() {
        let instruments = vec![Rc::new(catalogue::get("ucla-3").unwrap())];
        let state = answer(
            &answer(&Flow::new(&instruments, Mode::Paged), 0, 0, 3),
            0,
            1,
            2,
        );
        let mut tampered = state.saved("ucla-3").unwrap();
        tampered.answers[0][1] = Some(99);
        let restored = Flow::restore(&instruments, Mode::Paged, "ucla-3", &tampered).unwrap();
        assert_eq!(restored.forms[0].answers.values(), [Some(3), None, None]);
        // Back to the question whose answer was dropped, not past it.
        assert_eq!(restored.page, Page::Question { form: 0, item: 1 });
    }

    #[test]
    fn a_saved_entry_with_wrongly_typed_parts_keeps_what_is_usable() {
        let instruments = vec![Rc::new(catalogue::get("ucla-3").unwrap())];
        let state = answer(
            &answer(&Flow::new(&instruments, Mode::Paged), 0, 0, 3),
            0,
            1,
            2,
        );
        let saved = state.saved("ucla-3").unwrap();
        let mut json: serde_json::Value = serde_json::to_value(&saved).unwrap();
        json["answers"][0][1] = serde_json::json!("2");
        json["page"] = serde_json::json!("Bogus");
        let (read, page_known) = Saved::from_json(&json.to_string()).unwrap();
        assert!(!page_known);
        let restored = Flow::restore(&instruments, Mode::Paged, "ucla-3", &read).unwrap();
        assert_eq!(restored.forms[0].answers.values(), [Some(3), None, None]);
        assert_eq!(restored.page, Page::Question { form: 0, item: 1 });
    }

    #[test]
    fn saved_entries_are_written_as_serde_writes_them_and_read_back() {
        let instruments = vec![Rc::new(catalogue::get("ucla-3").unwrap())];
        let state = answer(&Flow::new(&instruments, Mode::Paged), 0, 0, 3);
        let mut saved = state.saved("ucla-3").unwrap();
        for page in [
            Page::Question { form: 0, item: 1 },
            Page::Form { form: 0 },
            Page::Check,
            Page::Result,
        ] {
            saved.page = page;
            assert_eq!(saved.to_json(), serde_json::to_string(&saved).unwrap());
            assert_eq!(
                Saved::from_json(&saved.to_json()),
                Some((saved.clone(), true))
            );
        }
        for bad_page in [
            r#"{"Question":{"form":0}}"#,
            r#"{"Question":{"form":0,"item":1,"extra":2}}"#,
            r#"{"Form":{"form":-1}}"#,
            r#""Elsewhere""#,
            r#"{"Check":null,"Result":null}"#,
        ] {
            let text = format!(
                r#"{{"version":1,"subject":"ucla-3","definitions":[],"answers":[],"page":{bad_page}}}"#
            );
            let (_, page_known) = Saved::from_json(&text).unwrap();
            assert!(!page_known, "{bad_page}");
        }
    }

    #[test]
    fn a_saved_entry_without_definition_hashes_is_not_trusted() {
        let instruments = vec![Rc::new(catalogue::get("ucla-3").unwrap())];
        let state = answer(&Flow::new(&instruments, Mode::Paged), 0, 0, 3);
        let mut unhashed = state.saved("ucla-3").unwrap();
        unhashed.definitions.clear();
        assert!(Flow::restore(&instruments, Mode::Paged, "ucla-3", &unhashed).is_none());
    }

    #[test]
    fn a_typed_number_out_of_range_is_kept_and_named() {
        let start = flow(&["evs"], Mode::Paged);
        let typed = |flow: &Flow, text: &str| {
            flow.apply(Action::Type {
                form: 0,
                item: 0,
                text: text.into(),
            })
        };
        for (text, problem) in [
            (
                "8",
                AnswerProblem::OutOfRange {
                    min: 0,
                    max: 7,
                    unit: "days".into(),
                },
            ),
            (
                "-1",
                AnswerProblem::OutOfRange {
                    min: 0,
                    max: 7,
                    unit: "days".into(),
                },
            ),
            ("3.5", AnswerProblem::NotWhole),
            (
                "99999999999999999999",
                AnswerProblem::OutOfRange {
                    min: 0,
                    max: 7,
                    unit: "days".into(),
                },
            ),
            ("two", AnswerProblem::NotWhole),
        ] {
            let state = typed(&start, text).apply(Action::Continue);
            assert_eq!(state.page, Page::Question { form: 0, item: 0 }, "{text}");
            assert_eq!(state.errors, [(0, 0)], "{text}");
            assert_eq!(state.drafts.get(&(0, 0)).map(String::as_str), Some(text));
            assert_eq!(state.problem(0, 0), problem, "{text}");
            assert_eq!(state.forms[0].answers.get(0), None, "{text}");
            // Fixing it clears the error; the box keeps what was typed.
            let fixed = typed(&state, " 3 ");
            assert!(fixed.errors.is_empty(), "{text}");
            assert_eq!(fixed.drafts.get(&(0, 0)).map(String::as_str), Some(" 3 "));
            assert_eq!(fixed.forms[0].answers.get(0), Some(3));
        }
        assert_eq!(
            typed(&start, "").apply(Action::Continue).problem(0, 0),
            AnswerProblem::Missing
        );
        for (text, value) in [("007", 7), ("３", 3), ("٣", 3), ("+3", 3)] {
            let state = typed(&start, text);
            assert_eq!(state.forms[0].answers.get(0), Some(value), "{text}");
            assert_eq!(state.drafts.get(&(0, 0)).map(String::as_str), Some(text));
        }
    }

    #[test]
    fn a_layout_change_keeps_answers_and_place() {
        let state = answer(&flow(&["phq-9"], Mode::Paged), 0, 0, 1);
        let single = state.apply(Action::Relayout(Mode::SinglePage));
        assert_eq!(single.page, Page::Form { form: 0 });
        assert_eq!(single.forms[0].answers.get(0), Some(1));
        let paged = single.apply(Action::Relayout(Mode::Paged));
        assert_eq!(paged.page, Page::Question { form: 0, item: 1 });
    }

    #[test]
    fn start_again_clears_everything() {
        let start = flow(&["ucla-3"], Mode::Paged);
        let state = answer(&start, 0, 0, 3).apply(Action::StartAgain);
        assert_eq!(Flow { moves: 0, ..state }, start);
    }
}
