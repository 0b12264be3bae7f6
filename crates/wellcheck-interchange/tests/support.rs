//! What the FHIR tests share: made-up licensed wording (never the real, licensed text).

/// Made-up wording for SWEMWBS, shaped as an organisation's licensed text: the core's test
/// fixture, so both crates test with the same file.
pub fn fake_swemwbs_text() -> serde_json::Value {
    serde_json::from_str(include_str!(
        "../../wellcheck-core/tests/fixtures/fake-swemwbs-wording.json"
    ))
    .expect("the fake wording fixture is JSON")
}
