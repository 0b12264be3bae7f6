//! The widget's state and its transitions, kept apart from rendering so that every step is
//! a plain function of the previous state and an action.

use std::rc::Rc;

use wellcheck_core::{Answers, Instrument, ScoreReport, missing_items, score};
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
    /// Cleared the answer to the item at this position (an emptied number box).
    Clear {
        /// Item position in definition order.
        item: usize,
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
                if let Some(id) = id
                    && next.answers.set(&self.instrument, &id, value).is_ok()
                {
                    next.missing.retain(|missing| *missing != item);
                }
            }
            Action::Clear { item } => next.answers.clear(item),
            Action::Submit => {
                next.missing = missing_items(&self.instrument, &self.answers);
                if next.missing.is_empty()
                    && let Ok(report) = score(&self.instrument, &self.answers)
                {
                    next.stage = Stage::Finished(Rc::new(report));
                }
            }
            Action::StartAgain => next = FormState::new(Rc::clone(&self.instrument)),
        }
        next
    }
}

impl Reducible for FormState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let next = self.apply(action);
        if next == *self { self } else { Rc::new(next) }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "tests")]

    use super::*;
    use wellcheck_core::catalogue;

    fn blank() -> FormState {
        FormState::new(Rc::new(catalogue::get("ucla-3").unwrap()))
    }

    #[test]
    fn submitting_with_gaps_lists_them_and_stays_on_the_questions() {
        let state = blank()
            .apply(Action::Answer { item: 1, value: 2 })
            .apply(Action::Submit);
        assert_eq!(state.stage, Stage::Answering);
        assert_eq!(state.missing, vec![0, 2]);
    }

    #[test]
    fn answering_a_missing_item_clears_its_error() {
        let state = blank()
            .apply(Action::Submit)
            .apply(Action::Answer { item: 2, value: 1 });
        assert_eq!(state.missing, vec![0, 1]);
    }

    #[test]
    fn a_complete_submission_is_scored_by_the_core() {
        let state = [(0, 2), (1, 3), (2, 2)]
            .into_iter()
            .fold(blank(), |state, (item, value)| {
                state.apply(Action::Answer { item, value })
            })
            .apply(Action::Submit);
        let Stage::Finished(report) = &state.stage else {
            panic!("not finished: {state:?}")
        };
        assert_eq!(
            report.score("total").unwrap().value,
            Some(wellcheck_core::Decimal::from_int(7))
        );
        assert_eq!(
            report.score("total").unwrap().band.as_deref(),
            Some("lonely")
        );
    }

    #[test]
    fn an_offered_code_is_kept_and_a_stale_one_ignored() {
        let state = blank().apply(Action::Answer { item: 0, value: 3 });
        assert_eq!(state.answers.get(0), Some(3));
        let state = state
            .apply(Action::Answer { item: 0, value: 9 })
            .apply(Action::Answer { item: 7, value: 1 });
        assert_eq!(state.answers.get(0), Some(3));
    }

    #[test]
    fn start_again_clears_everything() {
        let state = blank()
            .apply(Action::Answer { item: 0, value: 3 })
            .apply(Action::Submit)
            .apply(Action::StartAgain);
        assert_eq!(state, blank());
    }
}
