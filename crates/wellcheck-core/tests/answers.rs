//! Answers as they are given: the text form (codes and dashes), counts, positions and
//! ranges, each refusal naming the item and what was wrong.

use wellcheck_core::answers::Allowed;
use wellcheck_core::{AnswerError, Answers, catalogue, missing_items};

#[test]
fn text_form_accepts_codes_and_dashes() {
    let ucla3 = catalogue::get("ucla-3").unwrap();
    let answers = Answers::parse(&ucla3, "2, -,3").unwrap();
    assert_eq!(answers.values(), &[Some(2), None, Some(3)]);
    assert_eq!(missing_items(&ucla3, &answers), vec![1]);
}

#[test]
fn wrong_count_is_refused_with_both_counts() {
    let ucla3 = catalogue::get("ucla-3").unwrap();
    let error = Answers::parse(&ucla3, "2,3").unwrap_err();
    assert_eq!(
        error,
        AnswerError::WrongCount {
            instrument: "ucla-3".into(),
            expected: 3,
            found: 2
        }
    );
    assert!(
        error.to_string().contains("3 items but 2 answers"),
        "{error}"
    );
}

#[test]
fn non_number_names_position_and_item() {
    let ucla3 = catalogue::get("ucla-3").unwrap();
    let error = Answers::parse(&ucla3, "1,two,1").unwrap_err().to_string();
    assert!(error.contains("answer 2"), "{error}");
    assert!(error.contains("left_out"), "{error}");
    assert!(error.contains("`two`"), "{error}");
}

#[test]
fn every_out_of_range_code_is_refused() {
    let ucla3 = catalogue::get("ucla-3").unwrap();
    for bad in [-1, 0, 4, 99, i64::MAX, i64::MIN] {
        let error = Answers::parse(&ucla3, &format!("1,1,{bad}")).unwrap_err();
        assert!(
            matches!(&error, AnswerError::OutOfRange { position: 3, value, allowed, .. } if *value == bad && *allowed == Allowed::Codes(vec![1, 2, 3])),
            "{bad}: {error:?}"
        );
    }
}

#[test]
fn setting_by_id_checks_the_item_and_the_code() {
    let ucla3 = catalogue::get("ucla-3").unwrap();
    let mut answers = Answers::new(&ucla3);
    answers.set(&ucla3, "isolated", 3).unwrap();
    assert_eq!(answers.get(2), Some(3));
    assert!(matches!(
        answers.set(&ucla3, "lonely", 1),
        Err(AnswerError::UnknownItem { .. })
    ));
    assert!(matches!(
        answers.set(&ucla3, "isolated", 0),
        Err(AnswerError::OutOfRange { .. })
    ));
    assert_eq!(
        answers.get(2),
        Some(3),
        "a refused answer leaves the previous one"
    );
    answers.clear(2);
    assert_eq!(answers.get(2), None);
}
