//! The FHIR Bundle for a result object, as the widget's `wellcheck-complete` event gives it.
//!
//! The widget's first load carries no FHIR code: when a host asks for a Bundle, the embed
//! loads a second module that calls this with the result object and the licensed wording
//! the page had supplied. The instrument, its answers and its administration are read back
//! from the result, the form is scored again by the same core, and the Bundle is made only
//! if that gives exactly the result object it was given: a result changed since (by the
//! host, or by another version of wellcheck) is refused, not turned into a wrong record.

use serde_json::Value;

use super::bundle;
use wellcheck_core::answers::{Administration, Answers};
use wellcheck_core::catalogue;
use wellcheck_core::definition::{Instrument, LicenceClass};
use wellcheck_core::json_text;
use wellcheck_core::licensed_text::{apply_licensed_text, supplied_for};
use wellcheck_core::report::ScoreReport;
use wellcheck_core::scoring::score;

/// One form of a result object read back: the instrument (with the licensed wording the
/// form was shown with), its answers and the report scoring them gives.
fn read_form(
    result: &Value,
    licensed_text: &json_text::Value,
    place: &str,
) -> Result<(Instrument, Answers, ScoreReport), String> {
    let field = |name: &str| {
        result
            .get(name)
            .ok_or_else(|| format!("{place}: the result has no `{name}`"))
    };
    let id = field("instrument")?
        .as_str()
        .ok_or_else(|| format!("{place}.instrument: expected text"))?;
    let mut instrument =
        catalogue::get(id).map_err(|error| format!("{place}.instrument: {error}"))?;
    if instrument.licence() == LicenceClass::Licensed {
        let text = supplied_for(licensed_text, id).ok_or_else(|| {
            format!("{place}: {id} is licensed and the page no longer supplies its wording")
        })?;
        instrument = apply_licensed_text(&instrument, &text.to_string())
            .map_err(|error| format!("{place}: the licensed wording for {id}: {error}"))?;
    }
    let given = field("answers")?
        .as_object()
        .ok_or_else(|| format!("{place}.answers: expected an object"))?;
    let mut codes = Vec::with_capacity(instrument.items().len());
    for item in instrument.items() {
        codes.push(match given.get(item.id()) {
            Some(Value::Null) => None,
            Some(code) => Some(code.as_i64().ok_or_else(|| {
                format!(
                    "{place}.answers.{}: expected a whole number or null",
                    item.id()
                )
            })?),
            None => return Err(format!("{place}.answers: no entry for `{}`", item.id())),
        });
    }
    let mut answers = Answers::from_codes(&instrument, &codes)
        .map_err(|error| format!("{place}.answers: {error}"))?;
    let administration = field("administration")?
        .as_str()
        .and_then(Administration::parse)
        .ok_or_else(|| format!("{place}.administration: expected self, read_aloud or on_behalf"))?;
    answers.set_administration(administration);
    let report = score(&instrument, &answers).map_err(|error| format!("{place}: {error}"))?;
    if &report.to_json_value() != result {
        return Err(format!(
            "{place}: the result does not match what its answers give with this version of wellcheck; it may have been changed since it was made"
        ));
    }
    Ok((instrument, answers, report))
}

/// The Bundle for a result object (`score --json`'s, or the widget's event detail), or for
/// a battery's `{ battery, results }` a list with one Bundle per form, as `fhir response`
/// makes them. `licensed_text` is the page's `licensedText` option (`null` if none).
pub fn bundle_from_result(
    result: &Value,
    licensed_text: &json_text::Value,
) -> Result<Value, String> {
    match result.get("results") {
        Some(results) => {
            let results = results
                .as_array()
                .ok_or_else(|| "$.results: expected a list".to_owned())?;
            let forms = results
                .iter()
                .enumerate()
                .map(|(index, result)| {
                    read_form(result, licensed_text, &format!("$.results[{index}]"))
                })
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Value::Array(
                forms
                    .iter()
                    .map(|(instrument, answers, report)| bundle(instrument, answers, report))
                    .collect(),
            ))
        }
        None => {
            let (instrument, answers, report) = read_form(result, licensed_text, "$")?;
            Ok(bundle(&instrument, &answers, &report))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fhir::battery_bundle;

    #[test]
    fn a_battery_gives_one_bundle_per_form_like_battery_bundle_holds_them() {
        let forms: Vec<_> = ["ucla-3", "ons4"]
            .iter()
            .map(|id| {
                let instrument = catalogue::get(id).unwrap();
                let codes: Vec<Option<i64>> = instrument
                    .items()
                    .iter()
                    .map(|item| item.lowest())
                    .collect();
                let answers = Answers::from_codes(&instrument, &codes).unwrap();
                let report = score(&instrument, &answers).unwrap();
                (instrument, answers, report)
            })
            .collect();
        let result = serde_json::json!({
            "battery": "social-prescribing",
            "results": forms.iter().map(|(_, _, report)| report.to_json_value()).collect::<Vec<_>>(),
        });
        let bundles = bundle_from_result(&result, &json_text::Value::Null).unwrap();
        let entries: Vec<Value> = bundles
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|one| one["entry"].as_array().unwrap().clone())
            .collect();
        let together: Vec<_> = forms.iter().map(|(i, a, r)| (i, a, r)).collect();
        assert_eq!(Value::Array(entries), battery_bundle(&together)["entry"]);
    }
}
