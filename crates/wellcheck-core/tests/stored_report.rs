//! A result read back from its JSON contract (`ScoreReport::from_json_value`): every
//! built-in instrument's result reads back as it was written, alternative bands come back
//! in the definition's order, and a damaged field is named with its path.
use wellcheck_core::{Administration, Answers, Problem, ScoreReport, catalogue, score};

#[test]
fn every_built_in_result_reads_back_as_it_was_written() {
    for id in catalogue::ids() {
        let instrument = catalogue::get(id).unwrap();
        // The highest answer to each question, where the question takes it.
        let mut answers = Answers::new(&instrument);
        for item in instrument.items() {
            if let Some(highest) = item.highest() {
                let _ = answers.set(&instrument, item.id(), highest);
            }
        }
        answers.set_administration(Administration::ReadAloud);
        let report = score(&instrument, &answers).unwrap();
        let read = ScoreReport::from_json_value(&report.to_json_value()).unwrap();
        assert_eq!(read.in_order_of(&instrument), report, "{id}");
        let text: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
        let read = ScoreReport::from_json_value(&text).unwrap();
        assert_eq!(
            read.in_order_of(&instrument).to_json(),
            report.to_json(),
            "{id}"
        );
    }
}

#[test]
fn alternative_bands_read_back_in_the_definitions_order() {
    let with_alternatives = catalogue::ids()
        .map(|id| catalogue::get(id).unwrap())
        .find(|instrument| {
            instrument
                .scores()
                .iter()
                .any(|score| score.bandings().len() > 1)
        })
        .unwrap();
    let mut report = score(&with_alternatives, &Answers::new(&with_alternatives)).unwrap();
    // Two alternatives named so that the sorted order differs from the definition's.
    let entry = report
        .scores
        .iter_mut()
        .find(|entry| !entry.other_bands.is_empty())
        .unwrap();
    let first = entry.other_bands[0].0.clone();
    entry
        .other_bands
        .push(("a_made_up_banding".to_owned(), None));
    let read = ScoreReport::from_json_value(&report.to_json_value())
        .unwrap()
        .in_order_of(&with_alternatives);
    let entry = read
        .scores
        .iter()
        .find(|entry| !entry.other_bands.is_empty())
        .unwrap();
    assert_eq!(entry.other_bands[0].0, first);
    assert_eq!(entry.other_bands.last().unwrap().0, "a_made_up_banding");
}

#[test]
fn a_damaged_result_names_the_field() {
    let instrument = catalogue::get("ucla-3").unwrap();
    let report = score(&instrument, &Answers::parse(&instrument, "2,3,2").unwrap()).unwrap();
    let mut value = report.to_json_value();
    value["scores"]["total"]["value"] = serde_json::json!("seven");
    assert_eq!(
        ScoreReport::from_json_value(&value),
        Err(Problem {
            path: "$.scores.total.value".to_owned(),
            message: "expected a number with at most two decimal places".to_owned()
        })
    );
    let mut value = report.to_json_value();
    value["administration"] = serde_json::json!("by_post");
    assert_eq!(
        ScoreReport::from_json_value(&value).map_err(|problem| problem.to_string()),
        Err("$.administration: expected one of self, read_aloud, on_behalf".to_owned())
    );
    let mut value = report.to_json_value();
    value.as_object_mut().unwrap().remove("flags");
    assert_eq!(
        ScoreReport::from_json_value(&value).map_err(|problem| problem.path),
        Err("$.flags".to_owned())
    );
    assert!(ScoreReport::from_json_value(&serde_json::json!([1])).is_err());
}
