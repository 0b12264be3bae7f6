//! Physical activity: GPPAQ, the single-item measure and the Exercise Vital Sign.
//!
//! Sources: Department of Health (2009) GPPAQ (questions; Physical Activity Index categories;
//! the matrix as a public scoring library has it, combining exercise and cycling as the
//! higher band: a convention until checked against the DH annex); Milton, Bull & Bauman
//! (2011) BJSM 45:203 (single item, 0-7 days); Coleman et al. (2012) MSSE 44:2071 (EVS:
//! minutes a week = days x minutes; minutes asked only when days > 0), LOINC codes from the
//! HL7 Physical Activity IG.

use wellcheck_core::{Answers, catalogue};

use crate::support::{expect, expect_unscored, report};

/// GPPAQ answers: occupation, exercise, cycling, walking, housework, gardening, pace.
fn gppaq(occupation: i64, exercise: i64, cycling: i64) -> String {
    format!("{occupation},{exercise},{cycling},2,2,2,2")
}

#[test]
fn gppaq_physical_activity_index_matrix() {
    // Rows: exercise/cycling None(1), <1h(2), 1-3h(3), 3h+(4). Columns: occupation A..E.
    let expected = [
        (
            1,
            [
                "inactive",
                "inactive",
                "moderately_inactive",
                "moderately_active",
                "active",
            ],
        ),
        (
            2,
            [
                "moderately_inactive",
                "moderately_inactive",
                "moderately_active",
                "active",
                "active",
            ],
        ),
        (
            3,
            [
                "moderately_active",
                "moderately_active",
                "active",
                "active",
                "active",
            ],
        ),
        (4, ["active", "active", "active", "active", "active"]),
    ];
    for (row, bands) in expected {
        for (column, band) in bands.iter().enumerate() {
            let occupation = i64::try_from(column).unwrap() + 1;
            let (_, got) =
                crate::support::scored("gppaq", &gppaq(occupation, row, 1), "activity_index");
            assert_eq!(
                got.as_deref(),
                Some(*band),
                "exercise {row}, occupation {occupation}"
            );
        }
    }
}

#[test]
fn gppaq_uses_the_higher_of_exercise_and_cycling() {
    expect(
        "gppaq",
        &gppaq(2, 1, 3),
        "activity_index",
        "3",
        Some("moderately_active"),
    );
    expect(
        "gppaq",
        &gppaq(2, 3, 1),
        "activity_index",
        "3",
        Some("moderately_active"),
    );
    let (rule_basis, _) = {
        let instrument = catalogue::get("gppaq").unwrap();
        (instrument.scores()[0].rule_basis(), ())
    };
    assert_eq!(rule_basis, wellcheck_core::definition::Basis::Convention);
}

#[test]
fn gppaq_walking_housework_gardening_and_pace_do_not_change_the_index() {
    let low = report("gppaq", "2,2,1,1,1,1,1");
    let high = report("gppaq", "2,2,1,4,4,4,4");
    assert_eq!(low.score("activity_index"), high.score("activity_index"));
}

#[test]
fn gppaq_index_needs_occupation_exercise_and_cycling() {
    expect_unscored("gppaq", "-,2,2,2,2,2,2", "activity_index");
    let partial = report("gppaq", "2,2,2,-,2,2,2");
    assert!(!partial.complete, "walking is still a question to answer");
    assert!(partial.score("activity_index").unwrap().value.is_some());
}

#[test]
fn milton_2011_single_item_counts_days() {
    expect(
        "pa-1",
        "0",
        "total",
        "0",
        Some("below_former_recommendation"),
    );
    expect(
        "pa-1",
        "4",
        "total",
        "4",
        Some("below_former_recommendation"),
    );
    expect("pa-1", "5", "total", "5", Some("met_former_recommendation"));
    expect("pa-1", "7", "total", "7", Some("met_former_recommendation"));
    let pa1 = catalogue::get("pa-1").unwrap();
    assert!(Answers::parse(&pa1, "8").is_err());
    assert!(Answers::parse(&pa1, "-1").is_err());
}

#[test]
fn coleman_2012_minutes_a_week_is_days_times_minutes() {
    expect(
        "evs",
        "3,50",
        "minutes_per_week",
        "150",
        Some("sufficiently_active"),
    );
    expect(
        "evs",
        "1,149",
        "minutes_per_week",
        "149",
        Some("insufficiently_active"),
    );
    expect(
        "evs",
        "5,30",
        "minutes_per_week",
        "150",
        Some("sufficiently_active"),
    );
    expect(
        "evs",
        "2,30",
        "minutes_per_week",
        "60",
        Some("insufficiently_active"),
    );
    expect(
        "evs",
        "7,1440",
        "minutes_per_week",
        "10080",
        Some("sufficiently_active"),
    );
}

#[test]
fn evs_no_exercise_days_means_minutes_are_not_asked() {
    let evs = catalogue::get("evs").unwrap();
    assert!(!evs.is_enabled(1, &[Some(0), None]));
    assert!(evs.is_enabled(1, &[Some(2), None]));
    let none = report("evs", "0,-");
    assert!(none.complete);
    expect("evs", "0,-", "minutes_per_week", "0", Some("inactive"));
    // A stale answer to a question no longer asked is ignored, not scored.
    let stale = report("evs", "0,45");
    assert_eq!(
        stale
            .score("minutes_per_week")
            .unwrap()
            .value
            .map(|v| v.to_string()),
        Some("0".into())
    );
    assert_eq!(stale.answers[1], ("minutes_per_day".to_owned(), None));
}

#[test]
fn evs_minutes_missing_after_some_days_means_no_score() {
    expect_unscored("evs", "2,-", "minutes_per_week");
    assert!(!report("evs", "2,-").complete);
}

#[test]
fn evs_loinc_codes_from_the_hl7_physical_activity_ig() {
    let evs = catalogue::get("evs").unwrap();
    assert_eq!(evs.items()[0].codes().loinc(), Some("89555-7"));
    assert_eq!(evs.items()[1].codes().loinc(), Some("68516-4"));
    assert_eq!(evs.scores()[0].codes().loinc(), Some("82290-8"));
    assert!(Answers::parse(&evs, "2,1441").is_err());
}
