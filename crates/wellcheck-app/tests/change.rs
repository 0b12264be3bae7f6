//! One client's change view: each score visit by visit, and the judgement of the change
//! since the first visit, which must agree with the scheme's outcomes report for that
//! client. Native: no browser needed.
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    missing_docs,
    reason = "tests"
)]

use wellcheck_app::change::client_change;
use wellcheck_app::exports::{self, finished_forms};
use wellcheck_app::records::{Client, Mode, Visit, VisitKind};
use wellcheck_outcomes::Rule;

mod support;
use support::finished_form;

fn client() -> Client {
    Client {
        id: "c-1".to_owned(),
        reference: "MAPLE-7".to_owned(),
        initials: "AB".to_owned(),
        year_of_birth: None,
        nhs_number: None,
        notes: String::new(),
    }
}

fn visit(id: &str, date: &str, ucla: [i64; 3], minutes: i64) -> Visit {
    let form = |instrument: &str, answers: Vec<i64>| {
        finished_form(
            instrument,
            Mode::SelfCompleted,
            answers.into_iter().map(Some).collect(),
        )
    };
    let forms = vec![
        form("ucla-3", ucla.to_vec()),
        form("evs", vec![3, minutes / 3]),
    ];
    Visit {
        finished: true,
        ..Visit::new(
            id.to_owned(),
            "c-1".to_owned(),
            date.to_owned(),
            VisitKind::FollowUp,
            forms,
        )
    }
}

#[test]
fn each_score_is_followed_visit_by_visit_and_judged_as_the_outcomes_report_judges() {
    let visits = vec![
        visit("v-3", "2026-07-01", [1, 1, 1], 150),
        visit("v-1", "2026-01-05", [3, 3, 3], 30),
        visit("v-2", "2026-04-05", [2, 2, 2], 90),
    ];
    let (forms, _) = finished_forms(&[client()], &visits, "T");
    let series = client_change(&forms);
    let ucla = series
        .iter()
        .find(|one| one.instrument == "ucla-3")
        .unwrap();
    let dates: Vec<&str> = ucla
        .points
        .iter()
        .map(|point| point.date.as_str())
        .collect();
    assert_eq!(dates, ["2026-01-05", "2026-04-05", "2026-07-01"]);
    let values: Vec<Option<f64>> = ucla.points.iter().map(|point| point.value).collect();
    assert_eq!(values, [Some(9.0), Some(6.0), Some(3.0)]);
    assert_eq!(ucla.range, Some((3.0, 9.0)));
    let verdict = ucla.verdict.as_deref().unwrap();
    let bands = ucla.bands.as_deref().unwrap();
    // The same judgement as the outcomes report for this one client.
    let (report, _) = exports::outcomes(&forms, Rule::Default);
    let outcome = report
        .scores
        .iter()
        .find(|score| score.instrument == "ucla-3")
        .unwrap();
    assert_eq!(outcome.movement.improved, 1);
    // UCLA-3 has no published change threshold (instruments.md), so any fall counts.
    assert_eq!(
        verdict,
        "Improved (−6 points). No published threshold: any fall counts."
    );
    assert_eq!(bands, "Moved from the band “Lonely” to “Not lonely”.");
    let evs = series.iter().find(|one| one.instrument == "evs").unwrap();
    assert!(
        evs.verdict.as_deref().unwrap().contains("+120 points"),
        "{:?}",
        evs.verdict
    );
}

#[test]
fn one_visit_has_values_but_no_judgement_yet() {
    let (forms, _) = finished_forms(
        &[client()],
        &[visit("v-1", "2026-01-05", [2, 2, 2], 60)],
        "T",
    );
    let series = client_change(&forms);
    assert!(!series.is_empty());
    for one in &series {
        assert_eq!(one.points.len(), 1);
        assert_eq!((one.verdict.as_deref(), one.bands.as_deref()), (None, None));
    }
}

#[test]
fn a_score_with_a_published_threshold_is_judged_against_it() {
    let phq9 = |id: &str, date: &str, each: i64| {
        let mut visit = visit(id, date, [1, 1, 1], 0);
        visit.forms = vec![finished_form(
            "phq-9",
            Mode::SelfCompleted,
            vec![Some(each); 9].into_iter().chain([Some(1)]).collect(),
        )];
        visit
    };
    let judged = |first: i64, last: i64| {
        let visits = [
            phq9("v-1", "2026-01-05", first),
            phq9("v-2", "2026-04-05", last),
        ];
        let (forms, problems) = finished_forms(&[client()], &visits, "T");
        assert!(problems.is_empty(), "{problems:?}");
        let series = client_change(&forms);
        let total = series.iter().find(|one| one.score == "total").unwrap();
        total.verdict.clone().unwrap()
    };
    let big = judged(3, 1);
    assert!(
        big.starts_with("A reliable improvement (−18 points): a fall of at least"),
        "{big}"
    );
    let small = judged(1, 1);
    assert!(
        small.starts_with("No reliable change (0 points): less than the"),
        "{small}"
    );
    let worse = judged(0, 2);
    assert!(
        worse.starts_with("A reliable worsening (+18 points)"),
        "{worse}"
    );
}

#[test]
fn a_chart_is_fitted_to_the_values_on_a_long_scale_and_shows_the_guideline() {
    let visits = [
        visit("v-1", "2026-01-05", [3, 3, 3], 30),
        visit("v-2", "2026-04-05", [2, 2, 2], 120),
    ];
    let (forms, problems) = finished_forms(&[client()], &visits, "T");
    assert!(problems.is_empty(), "{problems:?}");
    let series = client_change(&forms);
    let exercise = series.iter().find(|one| one.instrument == "evs").unwrap();
    // 30 to 120 minutes on a scale running to 10,080: fitted, the guideline (150) in view.
    assert_eq!(exercise.guideline, Some(150.0));
    let (low, high) = exercise.chart_scale();
    assert!(
        (0.0..=30.0).contains(&low) && (150.0..=300.0).contains(&high),
        "{low}..{high}"
    );
    // UCLA-3 runs 3 to 9: its whole range, so a change of a point looks like one.
    let ucla = series
        .iter()
        .find(|one| one.instrument == "ucla-3")
        .unwrap();
    assert_eq!(ucla.guideline, None);
    assert_eq!(ucla.chart_scale(), (3.0, 9.0));
}
