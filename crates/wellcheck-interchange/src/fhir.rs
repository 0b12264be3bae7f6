//! FHIR R4 (with SDC) for instruments and completed forms.
//!
//! - [`questionnaire`]: a `Questionnaire` from a definition: item codes, answer options with
//!   `ordinalValue`/`itemWeight`, `enableWhen`, number limits, and each summed score as an
//!   SDC `calculatedExpression`. Licensed instruments carry no wording.
//! - [`bundle`]: for a scored form, a `Bundle` (type `collection`) of the
//!   `QuestionnaireResponse` and one `Observation` per score, coded with LOINC/SNOMED only
//!   where the reference marks the code verified.
//! - [`answers_from_response`] (`fhir/import.rs`): a `QuestionnaireResponse` back into
//!   [`Answers`], refusing anything it cannot place exactly, with the element path.
//! - [`bundle_from_result`] (`fhir/from_result.rs`): the Bundle for the widget's result.
//!
//! Identifiers are URNs (`urn:wellcheck:…`) and entry ids are derived from content, so the
//! same input always gives the same output and no randomness is needed.

// Writes like `item["code"] = …` only ever target objects built with `json!({ … })` a few
// lines above in the same function, where serde_json's IndexMut cannot panic; reading
// untrusted input (import) uses `get` throughout.
#![allow(
    clippy::indexing_slicing,
    reason = "IndexMut on objects this module has just built"
)]

use serde_json::{Value, json};

mod from_result;
mod import;
pub use from_result::bundle_from_result;
pub use import::{ImportError, answers_from_response};

use wellcheck_core::answers::Answers;
use wellcheck_core::definition::{Codes, Instrument, Item, Response, ScoreRule, Test};
use wellcheck_core::report::ScoreReport;

/// NHS England's identifier system for the NHS number (FHIR UK Core).
pub const NHS_NUMBER_SYSTEM: &str = "https://fhir.nhs.uk/Id/nhs-number";
/// The identifier system for a social prescribing scheme's own reference for a client (not
/// an NHS number, and meaningful only to the scheme that wrote it).
pub const SCHEME_REFERENCE_SYSTEM: &str = "urn:wellcheck:scheme-reference";
/// The longest scheme reference written into a record.
pub const MAX_SCHEME_REFERENCE: usize = 64;
const LOINC: &str = "http://loinc.org";
const SNOMED: &str = "http://snomed.info/sct";
const ORDINAL_VALUE: &str = "http://hl7.org/fhir/StructureDefinition/ordinalValue";
const ITEM_WEIGHT: &str = "http://hl7.org/fhir/StructureDefinition/itemWeight";
const MIN_VALUE: &str = "http://hl7.org/fhir/StructureDefinition/minValue";
const MAX_VALUE: &str = "http://hl7.org/fhir/StructureDefinition/maxValue";
const CALCULATED: &str =
    "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-calculatedExpression";
const UNIT_OPTION: &str = "http://hl7.org/fhir/StructureDefinition/questionnaire-unit";
const ITEM_CONTROL: &str = "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl";

/// The Questionnaire's canonical URL.
pub fn canonical(instrument: &Instrument) -> String {
    format!("urn:wellcheck:questionnaire:{}", instrument.id())
}

/// The code system for an answer set without published codes.
fn answer_system(instrument: &Instrument, set: &str) -> String {
    format!("urn:wellcheck:{}:answers:{set}", instrument.id())
}

fn score_link_id(score: &str) -> String {
    format!("score_{score}")
}

fn codings(codes: &Codes, display: Option<&str>) -> Vec<Value> {
    let mut list = Vec::new();
    if let Some(code) = codes.loinc() {
        list.push(coding(LOINC, code, display));
    }
    if let Some(code) = codes.snomed() {
        // SNOMED CT's own term, never the instrument's wording: a coding's display must be
        // one of the concept's designations.
        list.push(coding(SNOMED, code, codes.snomed_term()));
    }
    list
}

fn coding(system: &str, code: &str, display: Option<&str>) -> Value {
    let mut coding = json!({ "system": system, "code": code });
    if let Some(display) = display {
        coding["display"] = json!(display);
    }
    coding
}

/// A computable name: letters and digits, starting with a capital (FHIR `que-0`).
fn computable_name(instrument: &Instrument) -> String {
    let mut name = String::from("Wellcheck");
    for part in instrument.id().split('-') {
        let mut chars = part.chars();
        if let Some(first) = chars.next() {
            name.extend(first.to_uppercase());
            name.push_str(chars.as_str());
        }
    }
    name
}

/// The answer coding for an option: the published LOINC answer code where there is one,
/// otherwise the instrument's own code system with the published numeric code.
fn option_coding(
    instrument: &Instrument,
    set: &str,
    value: i64,
    label: Option<&str>,
    codes: &Codes,
) -> Value {
    match codes.loinc() {
        Some(code) => coding(LOINC, code, label),
        None => coding(&answer_system(instrument, set), &value.to_string(), label),
    }
}

/// A FHIR R4 `Questionnaire` for an instrument.
pub fn questionnaire(instrument: &Instrument) -> Value {
    let mut items: Vec<Value> = instrument
        .items()
        .iter()
        .map(|item| questionnaire_item(instrument, item))
        .collect();
    for score in instrument.scores() {
        let mut item = json!({
            "linkId": score_link_id(score.id()),
            "text": score.name(),
            "type": if instrument.achievable(instrument.scores().iter().position(|s| s.id() == score.id()).unwrap_or(0)).is_none_or(|values| values.all_whole()) { "integer" } else { "decimal" },
            "readOnly": true,
        });
        let code = codings(score.codes(), Some(score.name()));
        if !code.is_empty() {
            item["code"] = json!(code);
        }
        if let Some(expression) =
            calculated_expression(instrument, score.rule(), score.missing().is_some())
        {
            item["extension"] = json!([{
                "url": CALCULATED,
                "valueExpression": {
                    "description": format!("{} ({})", score.name(), score.rule_basis().as_str()),
                    "language": "text/fhirpath",
                    "expression": expression,
                }
            }]);
        }
        items.push(item);
    }
    let mut resource = json!({
        "resourceType": "Questionnaire",
        "id": instrument.id(),
        "url": canonical(instrument),
        "version": instrument.version(),
        "name": computable_name(instrument),
        "title": instrument.name(),
        "status": "active",
        "subjectType": ["Patient"],
        "description": instrument.sources().join("; "),
        "copyright": format!("{} {}", instrument.attribution(), instrument.licence_statement()),
        "item": items,
    });
    let code = codings(instrument.codes(), Some(instrument.name()));
    if !code.is_empty() {
        resource["code"] = json!(code);
    }
    resource
}

/// FHIRPath for the rules a form renderer can compute: a plain sum of answer weights (empty
/// until every summed item is answered), and an earlier score times a factor.
fn calculated_expression(
    instrument: &Instrument,
    rule: &ScoreRule,
    allows_missing: bool,
) -> Option<String> {
    match rule {
        ScoreRule::Sum { items, reverse } if reverse.is_empty() && !allows_missing => {
            let ids: Vec<String> = items
                .iter()
                .filter_map(|index| instrument.items().get(*index))
                .map(|item| format!("'{}'", item.id()))
                .collect();
            Some(format!(
                "iif(%resource.repeat(item).where(linkId in ({ids}) and answer.exists()).count() = {count}, %resource.repeat(item).where(linkId in ({ids})).answer.value.weight().sum(), {{}})",
                ids = ids.join(" | "),
                count = ids.len()
            ))
        }
        ScoreRule::Multiply { score, factor } => {
            let earlier = instrument.scores().get(*score)?;
            Some(format!(
                "%resource.repeat(item).where(linkId = '{}').answer.value * {factor}",
                score_link_id(earlier.id())
            ))
        }
        _ => None,
    }
}

fn questionnaire_item(instrument: &Instrument, item: &Item) -> Value {
    let mut out = json!({ "linkId": item.id(), "required": !item.is_optional() });
    let text = match (item.stem(), item.text()) {
        (Some(stem), Some(text)) => Some(format!("{stem} {text}")),
        (None, Some(text)) => Some(text.to_owned()),
        _ => None,
    };
    if let Some(text) = &text {
        out["text"] = json!(text);
    }
    let code = codings(item.codes(), text.as_deref());
    if !code.is_empty() {
        out["code"] = json!(code);
    }
    match item.response() {
        Response::Choice { set, options } => {
            out["type"] = json!("choice");
            // Shown as radio buttons, as the published forms print them.
            out["extension"] = json!([{
                "url": ITEM_CONTROL,
                "valueCodeableConcept": { "coding": [{ "system": "http://hl7.org/fhir/questionnaire-item-control", "code": "radio-button", "display": "Radio Button" }] }
            }]);
            out["answerOption"] = options
                .iter()
                .map(|option| {
                    let mut value = option_coding(
                        instrument,
                        set,
                        option.value(),
                        option.label(),
                        option.codes(),
                    );
                    value["extension"] =
                        json!([{ "url": ORDINAL_VALUE, "valueDecimal": option.value() }]);
                    json!({
                        "extension": [{ "url": ITEM_WEIGHT, "valueDecimal": option.value() }],
                        "valueCoding": value,
                    })
                })
                .collect();
        }
        Response::Number { min, max, unit } => {
            out["type"] = json!("integer");
            out["extension"] = json!([
                { "url": MIN_VALUE, "valueInteger": min },
                { "url": MAX_VALUE, "valueInteger": max },
                { "url": UNIT_OPTION, "valueCoding": { "system": "http://unitsofmeasure.org", "code": ucum(unit), "display": unit } },
            ]);
        }
    }
    if let Some(condition) = item.enable_when() {
        let whens: Vec<Value> = condition
            .items()
            .iter()
            .filter_map(|index| instrument.items().get(*index))
            .flat_map(|question| enable_when(instrument, question, condition.test()))
            .collect();
        if whens.len() > 1 {
            out["enableBehavior"] = json!("any");
        }
        out["enableWhen"] = json!(whens);
    }
    out
}

fn ucum(unit: &str) -> &str {
    match unit {
        "days" => "d",
        "minutes" => "min",
        other => other,
    }
}

fn enable_when(instrument: &Instrument, question: &Item, test: &Test) -> Vec<Value> {
    match (question.response(), test) {
        (Response::Number { .. }, Test::Above(limit)) => {
            vec![json!({ "question": question.id(), "operator": ">", "answerInteger": limit })]
        }
        (Response::Number { .. }, Test::AtMost(limit)) => {
            vec![json!({ "question": question.id(), "operator": "<=", "answerInteger": limit })]
        }
        // Choices are compared by coding: list every code that passes the test.
        _ => question
            .options()
            .iter()
            .filter(|option| test.passes(option.value()))
            .map(|option| {
                let set = match question.response() {
                    Response::Choice { set, .. } => set.as_str(),
                    Response::Number { .. } => "",
                };
                json!({
                    "question": question.id(),
                    "operator": "=",
                    "answerCoding": option_coding(instrument, set, option.value(), None, option.codes()),
                })
            })
            .collect(),
    }
}

/// A deterministic `urn:uuid:` from content (RFC 4122 layout with the version-4 and variant
/// bits set), so entry ids are stable without randomness in the core.
fn content_uuid(seed: &str) -> String {
    let hash = wellcheck_core::hash::sha256_hex(seed.as_bytes());
    let hex = hash.trim_start_matches("sha256:");
    let part = |from: usize, to: usize| hex.get(from..to).unwrap_or_default();
    format!(
        "urn:uuid:{}-{}-4{}-8{}-{}",
        part(0, 8),
        part(8, 12),
        part(13, 16),
        part(17, 20),
        part(20, 32)
    )
}

/// A `QuestionnaireResponse` for answers to an instrument.
pub fn questionnaire_response(
    instrument: &Instrument,
    answers: &Answers,
    report: &ScoreReport,
) -> Value {
    let values = answers.values();
    let items: Vec<Value> = instrument
        .items()
        .iter()
        .enumerate()
        .filter_map(|(index, item)| {
            let value = values.get(index).copied().flatten()?;
            if !instrument.is_enabled(index, values) {
                return None;
            }
            let answer = match item.response() {
                Response::Choice { set, .. } => {
                    let option = item.option(value)?;
                    json!({ "valueCoding": option_coding(instrument, set, value, option.label(), option.codes()) })
                }
                Response::Number { .. } => json!({ "valueInteger": value }),
            };
            let mut out = json!({ "linkId": item.id(), "answer": [answer] });
            if let Some(text) = item.text() {
                out["text"] = json!(text);
            }
            Some(out)
        })
        .chain(report.scores.iter().filter_map(|entry| {
            let value = entry.value?;
            let answer = match value.as_int() {
                Some(whole) => json!({ "valueInteger": whole }),
                None => json!({ "valueDecimal": value }),
            };
            Some(json!({ "linkId": score_link_id(&entry.id), "answer": [answer] }))
        }))
        .collect();
    json!({
        "resourceType": "QuestionnaireResponse",
        "questionnaire": format!("{}|{}", canonical(instrument), instrument.version()),
        "status": if report.complete { "completed" } else { "in-progress" },
        "item": items,
    })
}

/// A `Bundle` (type `collection`) of the `QuestionnaireResponse` and an `Observation` for
/// each computed score.
pub fn bundle(instrument: &Instrument, answers: &Answers, report: &ScoreReport) -> Value {
    let response = questionnaire_response(instrument, answers, report);
    let response_url = content_uuid(&response.to_string());
    let mut entries = vec![json!({ "fullUrl": response_url, "resource": response })];
    for (definition, entry) in instrument.scores().iter().zip(&report.scores) {
        let Some(value) = entry.value else { continue };
        let mut code =
            json!({ "text": format!("{}: {}", instrument.short_name(), definition.name()) });
        let codes = codings(definition.codes(), Some(definition.name()));
        if !codes.is_empty() {
            code["coding"] = json!(codes);
        }
        let mut observation = json!({
            "resourceType": "Observation",
            "status": "final",
            "category": [{ "coding": [{ "system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "survey", "display": "Survey" }] }],
            "code": code,
            "derivedFrom": [{ "reference": response_url }],
        });
        let band_coding = |band: &str, label: &str| json!({ "system": format!("urn:wellcheck:{}:bands:{}", instrument.id(), definition.id()), "code": band, "display": label });
        // A band with its own SNOMED CT concept (GPPAQ's "active" and the rest) is the value
        // a GP record files, as NHS England's Health Check records GPPAQ: the index code with
        // the category's code as the value. The number stays in the QuestionnaireResponse.
        let coded_band = entry.band.as_deref().and_then(|band| {
            definition
                .banding()?
                .bands()
                .iter()
                .find(|candidate| candidate.id() == band)
                .filter(|candidate| candidate.codes().snomed().is_some())
        });
        match (coded_band, value.as_int()) {
            (Some(band), _) => {
                let mut coding = codings(band.codes(), None);
                coding.push(band_coding(band.id(), band.label()));
                observation["valueCodeableConcept"] =
                    json!({ "coding": coding, "text": band.label() });
            }
            (None, Some(whole)) => observation["valueInteger"] = json!(whole),
            (None, None) => {
                observation["valueQuantity"] = json!({ "value": value, "unit": "{score}", "system": "http://unitsofmeasure.org", "code": "{score}" })
            }
        }
        if let (Some(band), Some(label)) = (&entry.band, &entry.band_label) {
            observation["interpretation"] = json!([{
                "coding": [band_coding(band, label)],
                "text": format!("{label} ({} cut-offs)", entry.band_basis.unwrap_or("convention")),
            }]);
        }
        let url = content_uuid(&format!("{response_url}/{}", definition.id()));
        entries.push(json!({ "fullUrl": url, "resource": observation }));
    }
    json!({ "resourceType": "Bundle", "type": "collection", "entry": entries })
}

/// One `Bundle` (type `collection`) for several forms answered in one sitting (a battery):
/// each form's response and Observations, in order. Entry ids stay content-derived, so
/// they are unique across the forms.
pub fn battery_bundle(forms: &[(&Instrument, &Answers, &ScoreReport)]) -> Value {
    let mut entries = Vec::new();
    for (instrument, answers, report) in forms {
        if let Value::Object(mut one) = bundle(instrument, answers, report)
            && let Some(Value::Array(mut more)) = one.remove("entry")
        {
            entries.append(&mut more);
        }
    }
    json!({ "resourceType": "Bundle", "type": "collection", "entry": entries })
}

/// A Bundle from [`bundle`] or [`battery_bundle`] dated: each `QuestionnaireResponse`'s
/// `authored` and each `Observation`'s `effectiveDateTime` set to `date` (`YYYY-MM-DD`,
/// checked by the caller), the day the answers were given, so a GP record files a score
/// under that day rather than the day it was imported.
pub fn dated(mut bundle: Value, date: &str) -> Value {
    if let Some(Value::Array(entries)) = bundle.get_mut("entry") {
        for resource in entries
            .iter_mut()
            .filter_map(|entry| entry.get_mut("resource"))
        {
            let field = match resource.get("resourceType").and_then(Value::as_str) {
                Some("QuestionnaireResponse") => "authored",
                Some("Observation") => "effectiveDateTime",
                _ => continue,
            };
            if let Some(object) = resource.as_object_mut() {
                object.insert(field.to_owned(), Value::String(date.to_owned()));
            }
        }
    }
    bundle
}

/// One way of naming whom a record is about: an identifier of a FHIR `Patient`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PatientIdentifier {
    /// An NHS number (checked by its modulus 11 digit).
    NhsNumber(crate::nhs_number::NhsNumber),
    /// The scheme's own reference for the client (`NORTH1-MAPLE-7`).
    SchemeReference(String),
}

impl PatientIdentifier {
    /// An NHS number from its written form (`943 476 5919`), checked.
    pub fn nhs_number(text: &str) -> Result<PatientIdentifier, String> {
        crate::nhs_number::NhsNumber::parse(text)
            .map(PatientIdentifier::NhsNumber)
            .map_err(|error| format!("the NHS number is not valid: {error}"))
    }

    /// A scheme reference: one line of up to [`MAX_SCHEME_REFERENCE`] visible characters.
    pub fn scheme_reference(text: &str) -> Result<PatientIdentifier, String> {
        let text = text.trim();
        if text.is_empty()
            || text.chars().count() > MAX_SCHEME_REFERENCE
            || !wellcheck_core::text::has_visible(text)
            || text.chars().any(wellcheck_core::text::is_hidden)
        {
            return Err(format!(
                "the reference must be one line of 1 to {MAX_SCHEME_REFERENCE} visible characters"
            ));
        }
        Ok(PatientIdentifier::SchemeReference(text.to_owned()))
    }

    fn to_value(&self) -> Value {
        match self {
            PatientIdentifier::NhsNumber(number) => {
                json!({ "system": NHS_NUMBER_SYSTEM, "value": number.digits() })
            }
            PatientIdentifier::SchemeReference(reference) => json!({
                "type": { "text": "Social prescribing scheme reference" },
                "system": SCHEME_REFERENCE_SYSTEM,
                "value": reference,
            }),
        }
    }
}

/// A Bundle from [`bundle`] or [`battery_bundle`] with whom it is about: a `Patient` entry
/// (first) carrying the identifiers (an NHS number first, whatever the order given), and every `QuestionnaireResponse` and `Observation`'s
/// `subject` pointing to it. A record without a subject is easily filed against the wrong
/// person; with none given, the Bundle is returned as it was.
pub fn with_patient(mut bundle: Value, identifiers: &[PatientIdentifier]) -> Value {
    if identifiers.is_empty() {
        return bundle;
    }
    // The NHS number first: the identifier a GP record files by.
    let mut ordered: Vec<&PatientIdentifier> = identifiers.iter().collect();
    ordered.sort_by_key(|identifier| !matches!(identifier, PatientIdentifier::NhsNumber(_)));
    let identifier: Vec<Value> = ordered
        .into_iter()
        .map(PatientIdentifier::to_value)
        .collect();
    let patient = json!({ "resourceType": "Patient", "identifier": identifier });
    let patient_url = content_uuid(&patient.to_string());
    if let Some(Value::Array(entries)) = bundle.get_mut("entry") {
        for resource in entries
            .iter_mut()
            .filter_map(|entry| entry.get_mut("resource"))
        {
            if matches!(
                resource.get("resourceType").and_then(Value::as_str),
                Some("QuestionnaireResponse" | "Observation")
            ) && let Some(object) = resource.as_object_mut()
            {
                object.insert("subject".to_owned(), json!({ "reference": patient_url }));
            }
        }
        entries.insert(0, json!({ "fullUrl": patient_url, "resource": patient }));
    }
    bundle
}
