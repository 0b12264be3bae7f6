//! What the native tests share: a finished form as the journey leaves it in a visit's
//! record (answers, and the result the core scored with how the form was completed), and
//! running a caseload call over records kept in memory.
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    dead_code,
    reason = "tests; each file uses part"
)]

use std::future::Future;
use std::task::{Context, Poll, Waker};

use wellcheck_app::records::{Mode, VisitForm};
use wellcheck_core::{Answers, catalogue, score};

/// A form of `instrument` finished with `answers`, its result kept as the journey keeps it.
pub fn finished_form(instrument: &str, mode: Mode, answers: Vec<Option<i64>>) -> VisitForm {
    let definition = catalogue::get(instrument).unwrap();
    let mut given = Answers::from_codes(&definition, &answers).unwrap();
    given.set_administration(mode.administration());
    VisitForm {
        instrument: instrument.to_owned(),
        mode,
        answers: Some(answers),
        result: Some(score(&definition, &given).unwrap().to_json_value()),
    }
}

/// Runs a caseload call to its end. Records in memory never wait, and an uncontended lock
/// is taken at once, so one poll finishes it.
pub fn run<F: Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    match future
        .as_mut()
        .poll(&mut Context::from_waker(Waker::noop()))
    {
        Poll::Ready(value) => value,
        Poll::Pending => panic!("a caseload call waited on records kept in memory"),
    }
}
