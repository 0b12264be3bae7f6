//! The widget's components, one per file.

pub mod answer_control;
pub mod check_answers;
pub mod confirm;
pub mod error_summary;
pub mod fields;
pub mod form_page;
pub mod journey;
pub mod later;
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
use wellcheck_core::Instrument;
use wellcheck_core::definition::{Item, Response};

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

    /// The error for a question, in GOV.UK's and NHS.UK's pattern (the same words next to
    /// the question and in the error summary, naming what to do and which question):
    /// "Select an answer to ‘How often do you feel left out?’", "Enter a number of days from
    /// 0 to 7". `number` is the question's number on a page of several, used only when the
    /// question has no wording of its own.
    pub fn problem_text(
        &self,
        problem: &AnswerProblem,
        question: Option<&Item>,
        number: Option<usize>,
    ) -> String {
        let message = match problem {
            AnswerProblem::Missing => match question.map(Item::response) {
                Some(Response::Number { min, max, unit }) => {
                    Message::NumberOutOfRange(unit.clone(), *min, *max)
                }
                _ => Message::SelectAnswer(
                    question
                        .and_then(Item::text)
                        .map(|text| text.trim().to_owned()),
                    number,
                ),
            },
            AnswerProblem::NotWhole => Message::EnterWholeNumber,
            AnswerProblem::OutOfRange { min, max, unit } => {
                Message::NumberOutOfRange(unit.clone(), *min, *max)
            }
        };
        self.t(message)
    }

    /// What a patient calls a questionnaire, with its `lang`: its plain title in the
    /// interface language ("How you feel about your life"), not a code ("ONS4") that means
    /// nothing to them; the short name for an instrument without one.
    pub fn plain_title(&self, instrument: &Instrument) -> (String, &'static str) {
        match (crate::builtin::title(instrument.id()), self.language) {
            (Some(title), Language::Cy) => (title.cy.clone(), "cy"),
            (Some(title), Language::En) => (title.en.clone(), "en"),
            (None, _) => (instrument.short_name().to_owned(), "en"),
        }
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
