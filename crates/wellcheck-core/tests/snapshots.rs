//! Snapshot of every instrument's result for its lowest and highest answers, so any change
//! to wording, scoring or output shape shows up in review. Update deliberately with
//! `INSTA_UPDATE=always cargo test -p wellcheck-core` and read the diff.

use wellcheck_core::{Answers, catalogue, score};

#[test]
fn results_for_lowest_and_highest_answers() {
    for id in catalogue::ids() {
        let instrument = catalogue::get(id).unwrap();
        for (name, pick) in [("lowest", true), ("highest", false)] {
            let codes: Vec<Option<i64>> = instrument
                .items()
                .iter()
                .map(|item| if pick { item.lowest() } else { item.highest() })
                .collect();
            let report = score(
                &instrument,
                &Answers::from_codes(&instrument, &codes).unwrap(),
            )
            .unwrap();
            insta::assert_snapshot!(format!("{id}-{name}"), report.to_json_pretty());
        }
    }
}
