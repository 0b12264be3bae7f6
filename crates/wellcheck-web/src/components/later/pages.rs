//! The later part's entry points: everything only these reach is, in the shipped embed, in
//! the second module (see [`super`]). Call them only when [`super::status`] is ready.

use std::rc::Rc;

use wellcheck_core::{Answers, Instrument, ScoreReport};
use yew::prelude::*;

use crate::components::check_answers::CheckAnswers;
use crate::components::journey::FinishedForm;
use crate::components::result_page::ResultPage;
use crate::components::widget;
use crate::state::Flow;

// Never inlined: the build finds these by name (see `super`).

/// "Check your answers".
#[inline(never)]
pub fn check(state: UseReducerHandle<Flow>) -> Html {
    html! { <CheckAnswers {state} /> }
}

/// The result page.
#[inline(never)]
pub fn result(state: UseReducerHandle<Flow>, reports: Rc<Vec<ScoreReport>>) -> Html {
    html! { <ResultPage {state} {reports} /> }
}

/// The finished forms, each with its result, as the journey hands them on.
#[inline(never)]
pub fn finished(
    forms: Vec<(Rc<Instrument>, Answers)>,
    reports: &[ScoreReport],
) -> Rc<Vec<FinishedForm>> {
    Rc::new(
        forms
            .into_iter()
            .zip(reports)
            .map(|((instrument, answers), report)| FinishedForm {
                instrument,
                answers,
                report: report.clone(),
            })
            .collect(),
    )
}

/// The `wellcheck-complete` detail.
#[inline(never)]
pub fn result_json(subject: &str, several: bool, forms: &[FinishedForm]) -> String {
    widget::result_json(subject, several, forms)
}
