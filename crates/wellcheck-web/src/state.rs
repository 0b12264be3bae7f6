//! The widget's state and its transitions, kept apart from rendering so that every step is
//! a plain function of the previous state and an action.

use std::rc::Rc;

use wellcheck_core::{Answers, Instrument, ScoreReport, score};
use yew::Reducible;

/// Where the person is in the form.
#[derive(Debug, Clone, PartialEq)]
pub enum Stage {
    /// Answering the questions.
    Answering,
    /// Submitted and scored.
    Finished(Rc<ScoreReport>),
}

/// One person's progress through one instrument.
#[derive(Debug, Clone, PartialEq)]
pub struct FormState {
    /// The instrument being answered.
    pub instrument: Rc<Instrument>,
    /// Answers so far.
    pub answers: Answers,
    /// Answering or finished.
    pub stage: Stage,
    /// Items the person tried to submit without answering (shown as errors).
    pub missing: Vec<usize>,
}

/// Something the person did.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Chose the option with this code for the item at this position.
    Answer {
        /// Item position in definition order.
        item: usize,
        /// The option's published code.
        value: i64,
    },
    /// Asked to see the result.
    Submit,
    /// Cleared everything to begin again.
    StartAgain,
}

impl FormState {
    /// A blank form.
    pub fn new(instrument: Rc<Instrument>) -> FormState {
        FormState {
            answers: Answers::new(&instrument),
            instrument,
            stage: Stage::Answering,
            missing: Vec::new(),
        }
    }

    /// The state after an action; an action that changes nothing returns the same state.
    pub fn apply(&self, action: Action) -> FormState {
        let mut next = self.clone();
        match action {
            Action::Answer { item, value } => {
                let id = self
                    .instrument
                    .items()
                    .get(item)
                    .map(|item| item.id().to_owned());
                // Only codes the instrument offers are ever rendered, so a refusal here means
                // a stale event; keeping the previous answer is the safe outcome.
                if let Some(id) = id {
                    if next.answers.set(&self.instrument, &id, value).is_ok() {
                        next.missing.retain(|missing| *missing != item);
                    }
                }
            }
            Action::Submit => {
                next.missing = unanswered(&self.answers);
                if next.missing.is_empty() {
                    if let Ok(report) = score(&self.instrument, &self.answers) {
                        next.stage = Stage::Finished(Rc::new(report));
                    }
                }
            }
            Action::StartAgain => next = FormState::new(Rc::clone(&self.instrument)),
        }
        next
    }
}

fn unanswered(answers: &Answers) -> Vec<usize> {
    answers
        .values()
        .iter()
        .enumerate()
        .filter(|(_, value)| value.is_none())
        .map(|(index, _)| index)
        .collect()
}

impl Reducible for FormState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let next = self.apply(action);
        if next == *self { self } else { Rc::new(next) }
    }
}
