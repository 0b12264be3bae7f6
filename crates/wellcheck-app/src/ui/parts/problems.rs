//! A form's field problems ([`FieldProblem`], found by the records' checks) shown with the
//! kit's error summary and text fields.

use wellcheck_web::kit::{ErrorEntry, ErrorSummary};
use yew::prelude::*;

use crate::records::FieldProblem;

/// "There is a problem", linking to each field; takes focus when shown.
pub fn error_summary(problems: &[FieldProblem]) -> Html {
    let entries: Vec<ErrorEntry> = problems
        .iter()
        .map(|problem| ErrorEntry::for_field(problem.field, problem.message.clone()))
        .collect();
    html! { <ErrorSummary {entries} focus_when_shown=true /> }
}

/// The message for `field`, if it has a problem.
pub fn problem_for(problems: &[FieldProblem], field: &str) -> Option<String> {
    problems
        .iter()
        .find(|problem| problem.field == field)
        .map(|problem| problem.message.clone())
}
