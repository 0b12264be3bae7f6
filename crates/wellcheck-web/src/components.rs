//! The widget's components, one per file.

pub mod answer_control;
pub mod check_answers;
pub mod confirm;
pub mod error_summary;
pub mod fields;
pub mod form_page;
pub mod journey;
pub mod question_page;
pub mod result_page;
pub mod shell;
pub mod support;
pub mod urgent_help;
pub mod widget;

use std::rc::Rc;

use yew::prelude::*;

use crate::i18n::{Language, Message};
use crate::options::{NextSteps, Resume, Signpost};
use crate::state::AnswerProblem;

/// Settings every component may need, provided once at the root.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Ui {
    /// Interface language.
    pub language: Language,
    /// The practice or charity name for signposting.
    pub practice_name: Option<String>,
    /// The host's support list, if it replaced the default.
    pub signposting: Option<Vec<Signpost>>,
    /// The host's next steps, band by band.
    pub next_steps: NextSteps,
    /// Where answers in progress are kept (the page says so when it is the device).
    pub resume: Resume,
    /// The day the answers were given, `(day, month, year)`, for the result's heading:
    /// today when `None`. The tablet app gives a back-dated visit's own date.
    pub answered_on: Option<(u32, u32, i32)>,
}

impl Ui {
    /// A message in the interface language.
    pub fn t(&self, message: Message) -> String {
        message.text(self.language)
    }

    /// The error for a question, in NHS.UK's words: `(next to the question, in the error
    /// summary)`. `number` is the question's number on a page of several, `None` on its own
    /// page.
    pub fn problem_text(&self, problem: &AnswerProblem, number: Option<usize>) -> (String, String) {
        let inline = match problem {
            AnswerProblem::Missing => Message::AnswerThisQuestion,
            AnswerProblem::NotWhole => Message::EnterWholeNumber,
            AnswerProblem::OutOfRange { min, max, unit } => {
                Message::NumberOutOfRange(unit.clone(), *min, *max)
            }
        };
        let summary = match (problem, number) {
            (AnswerProblem::Missing, Some(n)) => Message::AnswerQuestion(n),
            _ => inline.clone(),
        };
        (self.t(inline), self.t(summary))
    }

    /// The `lang` for instrument wording: English, since no official translation ships.
    pub fn wording_lang(&self) -> &'static str {
        "en"
    }
}

/// The [`Ui`] settings from context (defaults if none is provided).
#[hook]
pub fn use_ui() -> Rc<Ui> {
    use_context::<Rc<Ui>>().unwrap_or_default()
}
