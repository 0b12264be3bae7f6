//! The SNOMED CT codes the built-in definitions carry, each named with the published source
//! it was read in (`../shared/research/codes.md` lists where each was found). A code is
//! shipped only when it was confirmed; every other score carries none.

use serde_json::json;
use wellcheck_core::{DefinitionError, Instrument, catalogue};

/// (instrument, score, SNOMED CT code, term, words the definition's source must contain).
const SCORE_CODES: [(&str, &str, &str, &str, &str); 6] = [
    // NHS England, "SNOMED code usage in primary care" 2023-24: 1,669,350 uses.
    (
        "phq-9",
        "total",
        "720433000",
        "Patient Health Questionnaire Nine Item score",
        "SNOMED code usage in primary care",
    ),
    // The same file: 566,790 uses.
    (
        "phq-2",
        "total",
        "836541000000100",
        "Patient health questionnaire 2 score",
        "SNOMED code usage in primary care",
    ),
    // NHS Digital's Mental Health Services Data Set assessment scale table, range 0-21.
    (
        "gad-7",
        "total",
        "445455005",
        "Generalized anxiety disorder 7 item score",
        "Mental Health Services Data Set",
    ),
    // The MHSDS table, range 14-70.
    (
        "wemwbs",
        "total",
        "718426000",
        "Warwick-Edinburgh Mental Well-being Scale score",
        "Mental Health Services Data Set",
    ),
    // The MHSDS table, range 7-35: the raw score, not the metric one.
    (
        "swemwbs",
        "raw",
        "718466001",
        "Short Warwick-Edinburgh Mental Well-being Scale score",
        "Mental Health Services Data Set",
    ),
    // NHS England, NHS Health Check online, "Terminology standards".
    (
        "gppaq",
        "activity_index",
        "1086511000000107",
        "General Practice Physical Activity Questionnaire Physical Activity Index",
        "NHS Health Check",
    ),
];

/// GPPAQ's categories (Read v2 138b, 138a, 138Y, 138X), from NHS Health Check online's
/// "Terminology standards".
const GPPAQ_BANDS: [(&str, &str); 4] = [
    ("active", "366241000000106"),
    ("moderately_active", "366211000000105"),
    ("moderately_inactive", "366171000000107"),
    ("inactive", "366121000000108"),
];

#[test]
fn each_confirmed_score_code_is_in_its_definition_with_its_source() {
    for (id, score_id, code, term, source) in SCORE_CODES {
        let instrument = catalogue::get(id).unwrap();
        let score = instrument
            .scores()
            .iter()
            .find(|score| score.id() == score_id)
            .unwrap_or_else(|| panic!("{id} has no score {score_id}"));
        let codes = score.codes();
        assert_eq!(codes.snomed(), Some(code), "{id} {score_id}");
        assert_eq!(codes.snomed_term(), Some(term), "{id} {score_id}");
        let named = codes.source().unwrap_or_default();
        assert!(named.contains(source), "{id} {score_id}: source {named:?}");
    }
}

#[test]
fn no_other_built_in_score_carries_an_unconfirmed_code() {
    for id in catalogue::ids() {
        let instrument = catalogue::get(id).unwrap();
        for score in instrument.scores() {
            let listed = SCORE_CODES
                .iter()
                .any(|(i, s, ..)| *i == id && *s == score.id());
            assert_eq!(
                score.codes().snomed().is_some(),
                listed,
                "{id} {}: a SNOMED CT code only where a source confirmed it",
                score.id()
            );
            for banding in score.bandings() {
                for band in banding.bands() {
                    if band.codes().snomed().is_some() {
                        assert_eq!(id, "gppaq", "{id} {}: band code", band.id());
                    }
                }
            }
        }
    }
}

#[test]
fn gppaqs_four_categories_carry_their_codes() {
    let instrument = catalogue::get("gppaq").unwrap();
    let banding = instrument.scores()[0].banding().unwrap();
    assert_eq!(banding.bands().len(), GPPAQ_BANDS.len());
    for (band_id, code) in GPPAQ_BANDS {
        let band = banding
            .bands()
            .iter()
            .find(|band| band.id() == band_id)
            .unwrap();
        assert_eq!(band.codes().snomed(), Some(code), "{band_id}");
        assert!(
            band.codes().source().unwrap().contains("NHS Health Check"),
            "{band_id}"
        );
        assert!(
            band.codes()
                .snomed_term()
                .unwrap()
                .ends_with(&band.label().to_lowercase()),
            "{band_id}: the term names the category"
        );
    }
}

#[test]
fn a_mistyped_code_is_refused_with_its_path() {
    let (_, text) = catalogue::DEFINITIONS
        .iter()
        .find(|(id, _)| *id == "phq-9")
        .unwrap();
    let mut document: serde_json::Value = serde_json::from_str(text).unwrap();
    // One digit of 720433000 changed.
    document["scores"][0]["codes"]["snomed"] = json!("720443000");
    document["scores"][0]["bands"]["list"][0]["codes"] = json!({ "snomed_term": "A term alone" });
    match Instrument::from_json(&document.to_string()) {
        Err(DefinitionError::Invalid(problems)) => {
            assert!(
                problems
                    .iter()
                    .any(|p| p.path == "$.scores[0].codes.snomed"
                        && p.message.contains("check digit")),
                "{problems:?}"
            );
            assert!(
                problems
                    .iter()
                    .any(|p| p.path == "$.scores[0].bands.list[0].codes.snomed_term"),
                "{problems:?}"
            );
        }
        other => panic!("expected problems, got {other:?}"),
    }
}
