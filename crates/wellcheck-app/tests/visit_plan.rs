//! Planning a visit, natively: the scheme's set offered first in its order, and how each
//! questionnaire is completed remembered from the client's most recent visit that had it.
#![allow(clippy::unwrap_used, missing_docs, reason = "tests")]

use wellcheck_app::records::{Mode, Visit, VisitForm, VisitKind};
use wellcheck_app::visit_plan::{offered_order, remembered_modes};

fn visit(id: &str, date: &str, forms: &[(&str, Mode)]) -> Visit {
    Visit::new(
        id.to_owned(),
        "client-a".to_owned(),
        date.to_owned(),
        VisitKind::FollowUp,
        forms
            .iter()
            .map(|(instrument, mode)| VisitForm {
                instrument: (*instrument).to_owned(),
                mode: *mode,
                answers: None,
                result: None,
            })
            .collect(),
    )
}

#[test]
fn the_schemes_set_is_offered_first_in_its_own_order() {
    let all = ["cel", "evs", "ons-loneliness", "phq-9", "ucla-3", "ons4"];
    let set: Vec<String> = ["ucla-3", "ons-loneliness", "ons4", "evs"]
        .map(str::to_owned)
        .to_vec();
    assert_eq!(
        offered_order(&all, &set),
        ["ucla-3", "ons-loneliness", "ons4", "evs", "cel", "phq-9"]
    );
    assert_eq!(offered_order(&all, &[]), all);
}

#[test]
fn how_a_form_was_completed_is_remembered_from_the_latest_visit_that_had_it() {
    let visits = [
        visit("v-2", "2026-04-05", &[("ucla-3", Mode::ReadAloud)]),
        visit(
            "v-1",
            "2026-01-05",
            &[("ucla-3", Mode::SelfCompleted), ("evs", Mode::OnBehalf)],
        ),
    ];
    let modes = remembered_modes(&visits);
    // The later visit wins for UCLA-3; EVS was only in the first.
    assert_eq!(modes.get("ucla-3"), Some(&Mode::ReadAloud));
    assert_eq!(modes.get("evs"), Some(&Mode::OnBehalf));
    assert_eq!(modes.get("ons4"), None);
    assert!(remembered_modes(&[]).is_empty());
}
