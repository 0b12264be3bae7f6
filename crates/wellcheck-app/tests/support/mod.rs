//! What the native tests share: a finished form as the journey leaves it in a visit's
//! record (answers, and the result the core scored with how the form was completed).
#![allow(clippy::unwrap_used, reason = "tests")]

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
