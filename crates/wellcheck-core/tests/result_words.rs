//! The result words (`result-words.json`) cover the catalogue exactly, in both languages,
//! and carry the next steps and the guideline issue 12 asks for.

use wellcheck_core::catalogue;
use wellcheck_core::result_words::{self, NextStep};

fn every_instrument() -> Vec<wellcheck_core::Instrument> {
    catalogue::ids()
        .map(|id| catalogue::get(id).unwrap())
        .collect()
}

#[test]
fn every_score_and_band_in_the_catalogue_has_its_words_and_nothing_else_does() {
    assert_eq!(
        result_words::check(&every_instrument()),
        Vec::<String>::new()
    );
}

#[test]
fn a_band_renamed_in_a_definition_is_caught_both_ways() {
    let text = catalogue::DEFINITIONS
        .iter()
        .find(|(id, _)| *id == "phq-9")
        .unwrap()
        .1
        .replace("\"id\": \"mild\"", "\"id\": \"mildish\"");
    let changed = wellcheck_core::Instrument::from_json(&text).unwrap();
    let problems = result_words::check(&[changed]);
    assert_eq!(
        problems[..2],
        [
            "phq-9.total.mildish: no words for this band",
            "phq-9.total.mild: words for a band that does not exist"
        ]
    );
}

#[test]
fn only_catalogue_instruments_have_words() {
    let problems = result_words::check(&[catalogue::get("phq-9").unwrap()]);
    assert!(
        problems
            .contains(&"gad-7: words for an instrument that is not in the catalogue".to_owned())
    );
}

/// NHS Talking Therapies self-referral for PHQ and GAD bands of moderate and above (issue 12;
/// PHQ-9 and GAD-7 bands from Kroenke 2001 and Spitzer 2006); for the most severe bands the
/// practice comes first, with Talking Therapies as well; nothing below moderate.
#[test]
fn moderate_and_worse_phq_and_gad_bands_point_to_talking_therapies() {
    for (instrument, moderate, severe) in [
        (
            "phq-9",
            &["moderate"][..],
            &["moderately_severe", "severe"][..],
        ),
        ("gad-7", &["moderate"][..], &["severe"][..]),
        ("phq-4", &["moderate"][..], &["severe"][..]),
    ] {
        let words = result_words::for_score(instrument, "total").unwrap();
        for (band, band_words) in &words.bands {
            let expected = if moderate.contains(&band.as_str()) {
                Some(NextStep::TalkingTherapies)
            } else if severe.contains(&band.as_str()) {
                Some(NextStep::PracticeFirst)
            } else {
                None
            };
            assert_eq!(band_words.next_step, expected, "{instrument} {band}");
        }
    }
}

/// Loneliness and activity bands that fall short point to the practice and its link worker.
#[test]
fn lonely_and_inactive_bands_point_to_the_practice() {
    for (instrument, score, band) in [
        ("ucla-3", "total", "lonely"),
        ("ons-loneliness", "frequency", "chronic_loneliness"),
        ("djg-6", "total", "severely_lonely"),
        ("evs", "minutes_per_week", "inactive"),
        ("evs", "minutes_per_week", "insufficiently_active"),
        ("pa-1", "total", "below_former_recommendation"),
    ] {
        let words = result_words::for_score(instrument, score).unwrap();
        assert_eq!(
            words.band(band).unwrap().next_step,
            Some(NextStep::Practice),
            "{instrument} {band}"
        );
    }
    let active = result_words::for_score("evs", "minutes_per_week").unwrap();
    assert_eq!(active.band("sufficiently_active").unwrap().next_step, None);
}

/// UK Chief Medical Officers' Physical Activity Guidelines (2019): at least 150 minutes of
/// moderate activity a week. EVS reports minutes a week, and its sufficiently-active band
/// starts where the guideline does.
#[test]
fn exercise_minutes_are_set_against_the_2019_cmo_guideline() {
    let words = result_words::for_score("evs", "minutes_per_week").unwrap();
    let guideline = words.guideline.as_ref().unwrap();
    assert_eq!(guideline.minutes_per_week, 150);
    assert!(
        guideline.source.contains("Chief Medical Officers") && guideline.source.contains("2019")
    );
    let evs = catalogue::get("evs").unwrap();
    let band = evs.scores()[0]
        .banding()
        .unwrap()
        .bands()
        .iter()
        .find(|b| b.id() == "sufficiently_active")
        .unwrap();
    assert_eq!(
        band.min(),
        wellcheck_core::Decimal::from(guideline.minutes_per_week)
    );
}
