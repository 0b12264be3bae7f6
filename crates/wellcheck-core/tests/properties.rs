//! Properties that hold for every instrument in the catalogue, checked on generated answers.

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use wellcheck_core::definition::Response;
use wellcheck_core::{AnswerError, Answers, Instrument, catalogue, score};

fn runner() -> TestRunner {
    TestRunner::new(Config {
        cases: 200,
        failure_persistence: None,
        ..Config::default()
    })
}

/// Every answer an item accepts (the built-in number ranges are small enough to list).
fn accepted_values(item: &wellcheck_core::definition::Item) -> Vec<i64> {
    match item.response() {
        Response::Choice { options, .. } => options.iter().map(|o| o.value()).collect(),
        Response::Number { min, max, .. } => (*min..=*max).collect(),
    }
}

/// Answers drawn from each item's accepted values, sometimes left out.
fn answer_sets(instrument: &Instrument) -> Vec<impl Strategy<Value = Option<i64>>> {
    instrument
        .items()
        .iter()
        .map(|item| prop::option::weighted(0.85, prop::sample::select(accepted_values(item))))
        .collect()
}

#[test]
fn every_valid_answer_set_scores_within_range_and_in_exactly_one_band() {
    for id in catalogue::ids() {
        let instrument = catalogue::get(id).unwrap();
        runner()
            .run(&answer_sets(&instrument), |codes| {
                let answers = Answers::from_codes(&instrument, &codes).unwrap();
                let report = score(&instrument, &answers).unwrap();
                for (position, (definition, entry)) in
                    instrument.scores().iter().zip(&report.scores).enumerate()
                {
                    if report.complete {
                        prop_assert!(
                            entry.value.is_some(),
                            "complete form but {} unscored",
                            definition.id()
                        );
                    }
                    let Some(value) = entry.value else { continue };
                    prop_assert!(
                        instrument.achievable(position).unwrap().contains(value),
                        "{} = {value} is not an achievable score",
                        definition.id()
                    );
                    for banding in definition.bandings() {
                        let containing = banding
                            .bands()
                            .iter()
                            .filter(|band| band.contains(value))
                            .count();
                        prop_assert_eq!(
                            containing,
                            1,
                            "{} = {} in {} bands of `{}`",
                            definition.id(),
                            value,
                            containing,
                            banding.id()
                        );
                    }
                    prop_assert_eq!(entry.band.is_some(), definition.banding().is_some());
                }
                Ok(())
            })
            .unwrap_or_else(|error| panic!("{id}: {error}"));
    }
}

#[test]
fn every_out_of_range_value_is_rejected_naming_its_item() {
    for id in catalogue::ids() {
        let instrument = catalogue::get(id).unwrap();
        for (position, item) in instrument.items().iter().enumerate() {
            let accepted = accepted_values(item);
            runner()
                .run(
                    &any::<i64>()
                        .prop_filter("outside the item's values", move |v| !accepted.contains(v)),
                    |bad| {
                        let mut codes: Vec<Option<i64>> = vec![None; instrument.items().len()];
                        codes[position] = Some(bad);
                        match Answers::from_codes(&instrument, &codes) {
                            Err(AnswerError::OutOfRange {
                                position: at,
                                item: named,
                                value,
                                ..
                            }) => {
                                prop_assert_eq!(at, position + 1);
                                prop_assert_eq!(named.as_str(), item.id());
                                prop_assert_eq!(value, bad);
                            }
                            other => {
                                prop_assert!(false, "{} accepted {}: {:?}", item.id(), bad, other)
                            }
                        }
                        Ok(())
                    },
                )
                .unwrap_or_else(|error| panic!("{id}: {error}"));
        }
    }
}

#[test]
fn any_answer_text_is_parsed_or_refused_never_a_panic() {
    for id in ["ucla-3", "phq-9", "evs", "gppaq"] {
        let instrument = catalogue::get(id).unwrap();
        runner()
            .run(&"[-0-9, .a-z]{0,40}", |text| {
                let _ = Answers::parse(&instrument, &text);
                Ok(())
            })
            .unwrap_or_else(|error| panic!("{id}: {error}"));
    }
}

#[test]
fn any_json_is_refused_or_accepted_never_a_panic() {
    let valid = catalogue::DEFINITIONS
        .iter()
        .find(|(id, _)| *id == "who-5")
        .unwrap()
        .1;
    runner()
        .run(
            &(0..valid.len(), 0..valid.len(), "[ -~]{0,8}"),
            |(from, to, insert)| {
                let (from, to) = (from.min(to), from.max(to));
                let mut text = valid.to_owned();
                if text.is_char_boundary(from) && text.is_char_boundary(to) {
                    text.replace_range(from..to, &insert);
                }
                let _ = Instrument::from_json(&text);
                Ok(())
            },
        )
        .unwrap();
}

/// The result object written without serde_json (what the embed sends) is byte for byte
/// what serde_json writes (what the command line printed), for any answers and every way a
/// form is completed.
#[test]
fn the_result_json_is_byte_for_byte_serde_jsons() {
    let administrations = ["self", "read_aloud", "on_behalf"];
    for id in catalogue::ids() {
        let instrument = catalogue::get(id).unwrap();
        runner()
            .run(
                &(
                    answer_sets(&instrument),
                    prop::sample::select(administrations.to_vec()),
                ),
                |(codes, administration)| {
                    let mut answers = Answers::from_codes(&instrument, &codes).unwrap();
                    answers.set_administration(
                        wellcheck_core::Administration::parse(administration).unwrap(),
                    );
                    let report = score(&instrument, &answers).unwrap();
                    prop_assert_eq!(report.to_json(), serde_json::to_string(&report).unwrap());
                    prop_assert_eq!(
                        report.to_text_value().sorted().to_text(),
                        report.to_json_value().to_string()
                    );
                    Ok(())
                },
            )
            .unwrap_or_else(|error| panic!("{id}: {error}"));
    }
}
