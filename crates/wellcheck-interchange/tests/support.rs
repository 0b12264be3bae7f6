//! What the FHIR tests share: made-up licensed wording (never the real, licensed text).

/// Made-up wording for SWEMWBS, shaped as an organisation's licensed text (the same as the
/// core's tests use).
pub fn fake_swemwbs_text() -> serde_json::Value {
    serde_json::json!({
        "format": 1,
        "instrument": "swemwbs",
        "language": "en",
        "licence_reference": "TEST-LICENCE-0001",
        "items": {
            "item_01": "FAKE ITEM ONE", "item_02": "FAKE ITEM TWO", "item_03": "FAKE ITEM THREE",
            "item_06": "FAKE ITEM SIX", "item_07": "FAKE ITEM SEVEN", "item_09": "FAKE ITEM NINE",
            "item_11": "FAKE ITEM ELEVEN"
        },
        "responses": { "frequency_5": { "1": "FAKE 1", "2": "FAKE 2", "3": "FAKE 3", "4": "FAKE 4", "5": "FAKE 5" } }
    })
}
