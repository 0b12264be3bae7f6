//! Licensed instruments: structure and scoring only, wording supplied by the deploying
//! organisation. UCLA-20 (Russell 1996), De Jong Gierveld 6 and 11 (authors' manual; National
//! Survey for Wales banding), WEMWBS (Tennant 2007) and SWEMWBS (Stewart-Brown 2009, with
//! the raw-to-metric table as two independent public implementations give it).

use wellcheck_core::definition::LicenceClass;
use wellcheck_core::{Answers, DefinitionError, apply_licensed_text, catalogue, score};

use crate::support::{expect, expect_unscored, fake_swemwbs_text, repeat, report};

const LICENSED: &[&str] = &["wemwbs", "swemwbs", "ucla-20", "djg-6", "djg-11"];

#[test]
fn licensed_instruments_ship_no_wording_at_all() {
    for id in LICENSED {
        let instrument = catalogue::get(id).unwrap();
        assert_eq!(instrument.licence(), LicenceClass::Licensed, "{id}");
        assert!(
            instrument.instructions().is_none(),
            "{id} ships instructions"
        );
        for item in instrument.items() {
            assert!(
                item.text().is_none() && item.stem().is_none(),
                "{id} ships text for {}",
                item.id()
            );
            assert!(
                item.options().iter().all(|o| o.label().is_none()),
                "{id} ships labels for {}",
                item.id()
            );
        }
        assert!(!instrument.has_text());
    }
    for id in catalogue::ids().filter(|id| !LICENSED.contains(id)) {
        assert!(
            catalogue::get(id).unwrap().has_text(),
            "open instrument {id} lacks wording"
        );
    }
}

#[test]
fn ucla20_russell_1996_reverse_items_and_range() {
    let ucla20 = catalogue::get("ucla-20").unwrap();
    let range = ucla20
        .range_of(0)
        .map(|(low, high)| (low.to_string(), high.to_string()));
    assert_eq!(range, Some(("20".into(), "80".into())));
    // All 1s: 11 items count 1, the 9 reversed items (1, 5, 6, 9, 10, 15, 16, 19, 20) count 4.
    expect("ucla-20", &repeat(1, 20), "total", "47", None);
    expect("ucla-20", &repeat(4, 20), "total", "53", None);
    // The least lonely answers: 1 on normal items, 4 on reversed ones.
    let least: Vec<&str> = (1..=20)
        .map(|n| {
            if [1, 5, 6, 9, 10, 15, 16, 19, 20].contains(&n) {
                "4"
            } else {
                "1"
            }
        })
        .collect();
    expect("ucla-20", &least.join(","), "total", "20", None);
}

#[test]
fn djg6_manual_dichotomises_and_bands() {
    // Items in order: emotional, social, social, social, emotional, emotional.
    // Codes: 1 yes, 2 more or less, 3 no.
    expect(
        "djg-6",
        &repeat(1, 6),
        "total",
        "3",
        Some("moderately_lonely"),
    );
    expect("djg-6", &repeat(1, 6), "emotional", "3", Some("lonely"));
    expect("djg-6", &repeat(1, 6), "social", "0", Some("not_lonely"));
    expect(
        "djg-6",
        &repeat(2, 6),
        "total",
        "6",
        Some("severely_lonely"),
    );
    expect("djg-6", "3,1,1,1,3,3", "total", "0", Some("not_lonely"));
    expect("djg-6", "1,1,1,1,3,3", "total", "1", Some("not_lonely"));
    expect(
        "djg-6",
        "1,1,1,1,1,3",
        "total",
        "2",
        Some("moderately_lonely"),
    );
    expect(
        "djg-6",
        "1,2,1,1,1,1",
        "total",
        "4",
        Some("moderately_lonely"),
    );
    expect(
        "djg-6",
        "1,2,2,1,1,1",
        "total",
        "5",
        Some("severely_lonely"),
    );
}

#[test]
fn djg6_national_survey_for_wales_banding_is_carried_alongside() {
    let band = |answers: &str| {
        let result = report("djg-6", answers);
        let total = result.score("total").unwrap();
        (total.band.clone(), total.other_bands.clone())
    };
    let wales = |b: &str| vec![("national_survey_for_wales".to_owned(), Some(b.to_owned()))];
    assert_eq!(
        band("1,1,1,1,1,1"),
        (Some("moderately_lonely".into()), wales("not_lonely"))
    );
    assert_eq!(
        band("1,2,1,1,1,1"),
        (Some("moderately_lonely".into()), wales("lonely"))
    );
}

#[test]
fn djg6_manual_missing_rule_one_item_for_the_total_none_for_subscales() {
    let one = report("djg-6", "1,-,3,3,1,1");
    let total = one.score("total").unwrap();
    assert_eq!(total.value.map(|v| v.to_string()), Some("5".into()));
    assert_eq!(total.scored_without, ["social_1"]);
    assert!(
        total
            .missing_rule
            .as_deref()
            .unwrap()
            .contains("no proration")
    );
    expect_unscored("djg-6", "1,-,3,3,1,1", "social");
    expect("djg-6", "1,-,3,3,1,1", "emotional", "3", Some("lonely"));
    expect_unscored("djg-6", "1,-,-,3,1,1", "total");
}

#[test]
fn djg11_counts_to_11_with_subscales_6_and_5() {
    expect(
        "djg-11",
        &repeat(2, 11),
        "total",
        "11",
        Some("very_severely_lonely"),
    );
    expect("djg-11", &repeat(2, 11), "emotional", "6", None);
    expect("djg-11", &repeat(2, 11), "social", "5", None);
    expect(
        "djg-11",
        &repeat(1, 11),
        "total",
        "6",
        Some("moderately_lonely"),
    );
    expect(
        "djg-11",
        &repeat(3, 11),
        "total",
        "5",
        Some("moderately_lonely"),
    );
    let djg11 = catalogue::get("djg-11").unwrap();
    assert_eq!(
        djg11.scores()[0].banding().unwrap().basis(),
        wellcheck_core::definition::Basis::Convention
    );
}

#[test]
fn wemwbs_range_and_indicative_bands() {
    expect(
        "wemwbs",
        &repeat(1, 14),
        "total",
        "14",
        Some("probable_depression"),
    );
    expect(
        "wemwbs",
        "3,3,3,3,3,3,3,3,3,3,3,3,3,1",
        "total",
        "40",
        Some("probable_depression"),
    );
    expect(
        "wemwbs",
        "3,3,3,3,3,3,3,3,3,3,3,3,3,2",
        "total",
        "41",
        Some("possible_depression"),
    );
    expect(
        "wemwbs",
        "4,4,4,3,3,3,3,3,3,3,3,3,3,3",
        "total",
        "45",
        Some("average"),
    );
    expect(
        "wemwbs",
        "5,5,5,5,4,4,4,4,4,4,4,4,4,4",
        "total",
        "60",
        Some("high"),
    );
    expect("wemwbs", &repeat(5, 14), "total", "70", Some("high"));
}

/// The SWEMWBS raw-to-metric table, from shared/research/instruments.md section 9.
const METRIC: [(u32, &str); 29] = [
    (7, "7"),
    (8, "9.51"),
    (9, "11.25"),
    (10, "12.40"),
    (11, "13.33"),
    (12, "14.08"),
    (13, "14.75"),
    (14, "15.32"),
    (15, "15.84"),
    (16, "16.36"),
    (17, "16.88"),
    (18, "17.43"),
    (19, "17.98"),
    (20, "18.59"),
    (21, "19.25"),
    (22, "19.98"),
    (23, "20.73"),
    (24, "21.54"),
    (25, "22.35"),
    (26, "23.21"),
    (27, "24.11"),
    (28, "25.03"),
    (29, "26.02"),
    (30, "27.03"),
    (31, "28.13"),
    (32, "29.31"),
    (33, "30.70"),
    (34, "32.55"),
    (35, "35"),
];

/// Seven answers (1-5) that add up to `raw`.
fn swemwbs_answers(raw: u32) -> String {
    let mut left = raw - 7;
    (0..7)
        .map(|_| {
            let extra = left.min(4);
            left -= extra;
            (1 + extra).to_string()
        })
        .collect::<Vec<_>>()
        .join(",")
}

#[test]
fn swemwbs_conversion_table_end_to_end() {
    for (raw, metric) in METRIC {
        let answers = swemwbs_answers(raw);
        expect("swemwbs", &answers, "raw", &raw.to_string(), None);
        let (value, _) = crate::support::scored("swemwbs", &answers, "metric");
        assert_eq!(value.as_deref(), Some(metric), "raw {raw}");
    }
}

#[test]
fn swemwbs_metric_bands_edges() {
    for (raw, band) in [
        (19, "probable_depression"),
        (20, "possible_depression"),
        (23, "possible_depression"),
        (24, "average"),
        (30, "average"),
        (31, "high"),
    ] {
        let (_, got) = crate::support::scored("swemwbs", &swemwbs_answers(raw), "metric");
        assert_eq!(got.as_deref(), Some(band), "raw {raw}");
    }
}

#[test]
fn supplied_licensed_text_fills_every_item_and_is_recorded_in_results() {
    let swemwbs = catalogue::get("swemwbs").unwrap();
    let filled = apply_licensed_text(&swemwbs, &fake_swemwbs_text().to_string()).unwrap();
    assert!(filled.has_text());
    assert_eq!(filled.items()[3].text(), Some("FAKE ITEM SIX"));
    assert_eq!(filled.items()[0].options()[4].label(), Some("FAKE 5"));
    let result = score(&filled, &Answers::parse(&filled, "3,3,3,3,3,3,3").unwrap()).unwrap();
    assert_eq!(
        result.licensed_text_reference.as_deref(),
        Some("TEST-LICENCE-0001")
    );
    // The reference is in the result object, written byte for byte as serde_json would.
    assert!(
        result
            .to_json()
            .contains(r#""licensed_text_reference":"TEST-LICENCE-0001""#)
    );
    assert_eq!(result.to_json(), serde_json::to_string(&result).unwrap());
    assert_eq!(
        result.definition_hash,
        swemwbs.definition_hash(),
        "the definition is unchanged"
    );
}

fn text_problems(instrument: &str, text: &serde_json::Value) -> Vec<String> {
    let instrument = catalogue::get(instrument).unwrap();
    match apply_licensed_text(&instrument, &text.to_string()) {
        Err(DefinitionError::Invalid(problems)) => {
            problems.iter().map(ToString::to_string).collect()
        }
        other => panic!("expected problems, got {other:?}"),
    }
}

#[test]
fn licensed_text_must_cover_every_item_and_option() {
    let mut text = fake_swemwbs_text();
    text["items"].as_object_mut().unwrap().remove("item_09");
    text["items"]["item_99"] = serde_json::json!("FAKE");
    text["responses"]["frequency_5"]
        .as_object_mut()
        .unwrap()
        .remove("4");
    text["responses"]["frequency_5"]["6"] = serde_json::json!("FAKE 6");
    let problems = text_problems("swemwbs", &text);
    for expected in [
        "$.items: missing text for item `item_09`",
        "$.items.item_99: swemwbs has no item `item_99`",
        "$.responses.frequency_5: missing label for code 4",
        "$.responses.frequency_5.6: response set `frequency_5` has no code `6`",
    ] {
        assert!(
            problems.iter().any(|p| p == expected),
            "missing `{expected}` in {problems:#?}"
        );
    }
}

#[test]
fn licensed_text_is_refused_for_the_wrong_or_an_open_instrument() {
    let mut text = fake_swemwbs_text();
    text["instrument"] = serde_json::json!("wemwbs");
    assert!(
        text_problems("swemwbs", &text)
            .iter()
            .any(|p| p.contains("this text is for `wemwbs`, not `swemwbs`"))
    );
    let mut open = fake_swemwbs_text();
    open["instrument"] = serde_json::json!("ucla-3");
    assert!(
        text_problems("ucla-3", &open)
            .iter()
            .any(|p| p.contains("open instrument"))
    );
}

/// The widget's path: wording checked by the on-demand module, passed on as JSON text and
/// applied, gives exactly the instrument `apply_licensed_text` gives; problems pass on
/// word for word; an instrument with no wording has no entry.
#[test]
fn checked_wording_passed_as_json_applies_as_apply_licensed_text_does() {
    use wellcheck_core::json_text;
    use wellcheck_core::licensed_text::{
        apply_checked, check_supplied, checked_for, checked_to_value,
    };
    let good = fake_swemwbs_text();
    let mut bad = fake_swemwbs_text();
    bad["instrument"] = serde_json::json!("wemwbs");
    let supplied = json_text::parse(&serde_json::json!([good, bad]).to_string()).unwrap();
    let wire = checked_to_value(&check_supplied(&supplied)).to_text();
    let entries = json_text::parse(&wire).unwrap();

    let swemwbs = catalogue::get("swemwbs").unwrap();
    let checked = checked_for(&entries, "swemwbs").unwrap().unwrap();
    assert_eq!(
        apply_checked(&swemwbs, checked),
        apply_licensed_text(&swemwbs, &good.to_string()).unwrap()
    );
    let wemwbs = catalogue::get("wemwbs").unwrap();
    let expected = match apply_licensed_text(&wemwbs, &bad.to_string()).unwrap_err() {
        error @ DefinitionError::Invalid(_) => error.lines().join("; "),
        other => panic!("{other}"),
    };
    assert_eq!(
        checked_for(&entries, "wemwbs").unwrap().unwrap_err(),
        expected
    );
    assert!(checked_for(&entries, "ucla-20").is_none());
    // Wording naming its instrument in another case is filed under that instrument, so the
    // editor is told what is wrong with it (the checker wants the id exactly), and wording
    // naming nothing is reported for every instrument rather than lost.
    let mut shouted = fake_swemwbs_text();
    shouted["instrument"] = serde_json::json!(" SWEMWBS ");
    let shouted = json_text::parse(&shouted.to_string()).unwrap();
    let entries = json_text::parse(&checked_to_value(&check_supplied(&shouted)).to_text()).unwrap();
    let problem = checked_for(&entries, "swemwbs").unwrap().unwrap_err();
    assert!(
        problem.contains("this text is for ` SWEMWBS `"),
        "{problem}"
    );
    let nameless = json_text::parse(r#"{"format":1}"#).unwrap();
    let entries =
        json_text::parse(&checked_to_value(&check_supplied(&nameless)).to_text()).unwrap();
    let problem = checked_for(&entries, "swemwbs").unwrap().unwrap_err();
    assert!(problem.contains("unknown instrument ``"), "{problem}");
    let not_a_list = json_text::parse(r#"{"instrument":"swemwbs"}"#).unwrap();
    assert!(checked_for(&not_a_list, "swemwbs").is_none());
    let forged = json_text::parse(r#"[{"instrument":"swemwbs","checked":{"items":3}}]"#).unwrap();
    assert!(checked_for(&forged, "swemwbs").unwrap().is_err());
}
