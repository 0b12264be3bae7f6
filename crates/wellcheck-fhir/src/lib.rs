//! The widget's on-demand module, `wellcheck_fhir_bg.wasm`: fetched the first time a host
//! asks for a FHIR Bundle (`element.fhirBundle()`) or supplies licensed wording
//! (`licensedText`, checked here before the widget shows it). It holds the core's FHIR
//! writer, the JSON definitions and the licensed-text checker, none of which a patient
//! answering an open questionnaire needs, so the first load stays small. The Bundle is made by `wellcheck_interchange::fhir::bundle_from_result`, the same
//! code as `wellcheck fhir response`.

use wasm_bindgen::prelude::*;

/// The FHIR R4 Bundle for a result object (the `wellcheck-complete` event's detail, as
/// JSON text), or for a battery a list with one Bundle per form, as JSON text.
/// `licensed_text` is the page's `licensedText` option as JSON (`null` if none). An error
/// names what in the result is wrong.
#[wasm_bindgen]
pub fn fhir_bundle(result: &str, licensed_text: &str) -> Result<String, JsError> {
    bundle_text(result, licensed_text).map_err(|error| JsError::new(&error))
}

/// Checks the page's `licensedText` option (JSON text) against the instruments it names,
/// for the widget, whose first load has no checker: JSON text of
/// `[{ instrument, checked } or { instrument, problem }]`.
#[wasm_bindgen]
pub fn check_licensed_text(licensed_text: &str) -> String {
    use wellcheck_core::licensed_text::{check_supplied, checked_to_value};
    match wellcheck_core::json_text::parse(licensed_text) {
        Ok(supplied) => checked_to_value(&check_supplied(&supplied)).to_text(),
        Err(error) => {
            checked_to_value(&[(String::new(), Err(format!("not JSON: {error}")))]).to_text()
        }
    }
}

fn bundle_text(result: &str, licensed_text: &str) -> Result<String, String> {
    let result: serde_json::Value =
        serde_json::from_str(result).map_err(|error| format!("the result is not JSON: {error}"))?;
    let licensed_text = wellcheck_core::json_text::parse(licensed_text)
        .map_err(|error| format!("the licensed text is not JSON: {error}"))?;
    wellcheck_interchange::fhir::bundle_from_result(&result, &licensed_text)
        .map(|bundle| bundle.to_string())
}

#[cfg(test)]
mod tests {
    use super::bundle_text;

    #[test]
    fn text_in_text_out_and_bad_json_is_named() {
        let instrument = wellcheck_core::catalogue::get("ucla-3").unwrap();
        let answers = wellcheck_core::Answers::parse(&instrument, "2,3,2").unwrap();
        let report = wellcheck_core::score(&instrument, &answers).unwrap();
        let bundle = bundle_text(&report.to_json(), "null").unwrap();
        assert_eq!(
            bundle,
            wellcheck_interchange::fhir::bundle(&instrument, &answers, &report).to_string()
        );
        assert!(
            bundle_text("{", "null")
                .unwrap_err()
                .starts_with("the result is not JSON")
        );
        assert!(
            bundle_text(&report.to_json(), "[")
                .unwrap_err()
                .starts_with("the licensed text is not JSON")
        );
    }
}
