//! The PHQ and GAD family: PHQ-9, GAD-7, PHQ-2, GAD-2, PHQ-4.
//!
//! Sources: Kroenke, Spitzer & Williams (2001) JGIM 16:606 (PHQ-9 bands); Spitzer et al.
//! (2006) Arch Intern Med 166:1092 (GAD-7 bands); Kroenke et al. (2003) Med Care 41:1284 and
//! (2007) Ann Intern Med 146:317 (two-item screens, 3 or more positive); Kroenke et al.
//! (2009) Psychosomatics 50:613 (PHQ-4); LOINC panels 44249-1, 69737-5, 55757-9 (wording and
//! codes). PHQ-9 item 9 above 0 raises `self_harm_risk` whatever the total.

use wellcheck_core::{Answers, catalogue};

use crate::support::{expect, expect_unscored, repeat, report};

#[test]
fn phq9_wording_and_loinc_codes_from_the_lhc_panel() {
    let phq9 = catalogue::get("phq-9").unwrap();
    assert_eq!(phq9.codes().loinc(), Some("44249-1"));
    assert_eq!(phq9.scores()[0].codes().loinc(), Some("44261-6"));
    let first = &phq9.items()[0];
    assert_eq!(
        (first.text(), first.codes().loinc()),
        (
            Some("Little interest or pleasure in doing things"),
            Some("44250-9")
        )
    );
    let ninth = &phq9.items()[8];
    assert_eq!(ninth.codes().loinc(), Some("44260-8"));
    assert_eq!(
        ninth.text(),
        Some("Thoughts that you would be better off dead, or of hurting yourself in some way")
    );
    let answers: Vec<(i64, Option<&str>)> = first
        .options()
        .iter()
        .map(|o| (o.value(), o.codes().loinc()))
        .collect();
    assert_eq!(
        answers,
        [
            (0, Some("LA6568-5")),
            (1, Some("LA6569-3")),
            (2, Some("LA6570-1")),
            (3, Some("LA6571-9"))
        ]
    );
}

#[test]
fn phq9_kroenke_2001_band_edges() {
    for (answers, total, band) in [
        ("0,0,0,0,0,0,0,0,0", "0", "minimal"),
        ("1,1,1,1,0,0,0,0,0", "4", "minimal"),
        ("1,1,1,1,1,0,0,0,0", "5", "mild"),
        ("1,1,1,1,1,1,1,1,1", "9", "mild"),
        ("2,1,1,1,1,1,1,1,1", "10", "moderate"),
        ("2,2,2,2,2,1,1,1,1", "14", "moderate"),
        ("2,2,2,2,2,2,1,1,1", "15", "moderately_severe"),
        ("3,3,3,2,2,2,2,2,0", "19", "moderately_severe"),
        ("3,3,3,3,2,2,2,2,1", "21", "severe"),
        ("3,3,3,3,3,3,3,3,3", "27", "severe"),
    ] {
        expect("phq-9", answers, "total", total, Some(band));
    }
}

#[test]
fn phq9_item_9_above_0_flags_self_harm_whatever_the_total() {
    assert_eq!(
        report("phq-9", "0,0,0,0,0,0,0,0,1").flags,
        ["self_harm_risk"]
    );
    assert_eq!(
        report("phq-9", "0,0,0,0,0,0,0,0,3").flags,
        ["self_harm_risk"]
    );
    assert!(report("phq-9", "3,3,3,3,3,3,3,3,0").flags.is_empty());
    // Even when other answers are missing and no total can be given.
    assert_eq!(
        report("phq-9", "-,-,-,-,-,-,-,-,2").flags,
        ["self_harm_risk"]
    );
}

#[test]
fn only_phq9_item_9_is_urgent_of_every_flag_the_catalogue_raises() {
    // PHQ-9's safety rule: item 9 above "Not at all" brings urgent help at once.
    let raised = report("phq-9", "0,0,0,0,0,0,0,0,1").flags;
    assert!(raised.iter().all(|flag| wellcheck_core::is_urgent(flag)));
    let mut defined = Vec::new();
    for id in catalogue::ids() {
        for flag in catalogue::get(id).unwrap().flags() {
            defined.push((
                id.to_owned(),
                flag.id().to_owned(),
                wellcheck_core::is_urgent(flag.id()),
            ));
        }
    }
    let urgent: Vec<_> = defined.iter().filter(|(_, _, urgent)| *urgent).collect();
    assert_eq!(
        urgent,
        [&("phq-9".to_owned(), "self_harm_risk".to_owned(), true)],
        "every flag defined: {defined:?}"
    );
    assert!(!wellcheck_core::is_urgent("low_activity"));
}

#[test]
fn phq9_difficulty_question_is_optional_and_never_scored() {
    expect("phq-9", "1,1,1,1,1,1,1,1,1", "total", "9", Some("mild"));
    expect("phq-9", "1,1,1,1,1,1,1,1,1,4", "total", "9", Some("mild"));
    assert!(report("phq-9", "1,1,1,1,1,1,1,1,1").complete);
    let phq9 = catalogue::get("phq-9").unwrap();
    assert!(
        Answers::parse(&phq9, "1,1,1,1,1,1,1,1,1,5").is_err(),
        "difficulty codes are 1 to 4"
    );
}

#[test]
fn phq9_missing_item_means_no_total() {
    expect_unscored("phq-9", "1,1,1,1,-,1,1,1,1", "total");
    assert!(!report("phq-9", "1,1,1,1,-,1,1,1,1").complete);
}

#[test]
fn gad7_spitzer_2006_band_edges() {
    for (answers, total, band) in [
        ("0,0,0,0,0,0,0", "0", "minimal"),
        ("1,1,1,1,0,0,0", "4", "minimal"),
        ("1,1,1,1,1,0,0", "5", "mild"),
        ("2,2,2,1,1,1,0", "9", "mild"),
        ("2,2,2,2,1,1,0", "10", "moderate"),
        ("2,2,2,2,2,2,2", "14", "moderate"),
        ("3,2,2,2,2,2,2", "15", "severe"),
        ("3,3,3,3,3,3,3", "21", "severe"),
    ] {
        expect("gad-7", answers, "total", total, Some(band));
    }
    assert_eq!(
        catalogue::get("gad-7").unwrap().scores()[0].codes().loinc(),
        Some("70274-6")
    );
}

#[test]
fn two_item_screens_are_positive_from_3() {
    for id in ["phq-2", "gad-2"] {
        expect(id, "0,0", "total", "0", Some("negative"));
        expect(id, "1,1", "total", "2", Some("negative"));
        expect(id, "2,1", "total", "3", Some("positive"));
        expect(id, "3,3", "total", "6", Some("positive"));
    }
}

#[test]
fn two_item_screens_reuse_the_long_forms_first_two_items() {
    let phq9 = catalogue::get("phq-9").unwrap();
    let phq2 = catalogue::get("phq-2").unwrap();
    assert_eq!(phq2.items(), &phq9.items()[..2]);
    let gad7 = catalogue::get("gad-7").unwrap();
    let gad2 = catalogue::get("gad-2").unwrap();
    assert_eq!(gad2.items(), &gad7.items()[..2]);
}

#[test]
fn phq4_total_and_subscales() {
    expect("phq-4", "0,0,0,0", "total", "0", Some("normal"));
    expect("phq-4", "1,1,0,0", "total", "2", Some("normal"));
    expect("phq-4", "1,1,1,0", "total", "3", Some("mild"));
    expect("phq-4", "2,2,1,0", "total", "5", Some("mild"));
    expect("phq-4", "2,2,1,1", "total", "6", Some("moderate"));
    expect("phq-4", "2,2,2,2", "total", "8", Some("moderate"));
    expect("phq-4", "3,2,2,2", "total", "9", Some("severe"));
    expect("phq-4", &repeat(3, 4), "total", "12", Some("severe"));
    // Anxiety = the GAD-2 items (first two), depression = the PHQ-2 items (last two).
    expect("phq-4", "2,1,0,0", "anxiety", "3", Some("positive"));
    expect("phq-4", "2,1,0,0", "depression", "0", Some("negative"));
    expect("phq-4", "0,0,1,2", "depression", "3", Some("positive"));
}

#[test]
fn phq4_has_no_suicide_item() {
    let phq4 = catalogue::get("phq-4").unwrap();
    assert!(phq4.flags().is_empty());
    assert!(
        phq4.items()
            .iter()
            .all(|item| item.id() != "thoughts_self_harm")
    );
}
