//! The app's records as plain data: checking what a worker types, the caseload index, search
//! and sort, follow-up due, and the scheme's pick lists. Native: no browser needed.
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    missing_docs,
    reason = "tests"
)]

use wellcheck_app::picklists::{self, NEEDS, SUPPORT};
use wellcheck_app::records::*;

fn input(reference: &str, initials: &str, year: &str, nhs: &str) -> ClientInput {
    ClientInput {
        reference: reference.to_owned(),
        initials: initials.to_owned(),
        year_of_birth: year.to_owned(),
        nhs_number: nhs.to_owned(),
        notes: String::new(),
    }
}

fn fields(problems: &[FieldProblem]) -> Vec<&str> {
    problems.iter().map(|problem| problem.field).collect()
}

#[test]
fn a_good_client_is_kept_tidily() {
    let client = input("  MAPLE-7 ", "j b q", "1951", "943 476 5919")
        .check("client-1".to_owned(), 2026, |_| false)
        .unwrap();
    assert_eq!(client.reference, "MAPLE-7");
    assert_eq!(client.initials, "JBQ");
    assert_eq!(client.year_of_birth, Some(1951));
    assert_eq!(client.nhs_number.as_deref(), Some("9434765919"));
    // And back into the form for editing.
    let again = ClientInput::from_client(&client);
    assert_eq!(again.nhs_number, "943 476 5919");
    assert_eq!(
        again.check("client-1".to_owned(), 2026, |_| false).unwrap(),
        client
    );
}

#[test]
fn every_bad_field_is_named_at_once() {
    let problems = input("", "J7", "1850", "943 476 5918")
        .check("c".to_owned(), 2026, |_| false)
        .unwrap_err();
    assert_eq!(
        fields(&problems),
        ["reference", "initials", "year-of-birth", "nhs-number"]
    );
    assert!(
        problems[3].message.contains("leave it empty"),
        "{problems:?}"
    );
    let problems = input("A\u{7}B", "ABCDEF", "2027", "12345")
        .check("c".to_owned(), 2026, |_| false)
        .unwrap_err();
    assert_eq!(
        fields(&problems),
        ["reference", "initials", "year-of-birth", "nhs-number"]
    );
    let long = "x".repeat(MAX_REFERENCE + 1);
    let problems = input(&long, "AB", "", "")
        .check("c".to_owned(), 2026, |_| false)
        .unwrap_err();
    assert!(problems[0].message.contains("40 characters"));
    let mut notes = input("R", "AB", "", "");
    notes.notes = "n".repeat(MAX_NOTES + 1);
    assert_eq!(
        fields(&notes.check("c".to_owned(), 2026, |_| false).unwrap_err()),
        ["notes"]
    );
}

#[test]
fn a_reference_that_reads_the_same_as_another_is_refused() {
    let mut index = Index::default();
    let first = input("Maple-7", "AB", "", "")
        .check("client-1".to_owned(), 2026, |_| false)
        .unwrap();
    index.set_client(&first);
    for same in ["maple-7", " MAPLE-7", "Maple\u{200B}-7"] {
        let problems = input(same, "CD", "", "")
            .check("client-2".to_owned(), 2026, |key| {
                index.reference_taken(key, Some("client-2"))
            })
            .unwrap_err();
        assert_eq!(fields(&problems), ["reference"], "{same}");
    }
    // The client itself may keep its reference when edited.
    assert!(!index.reference_taken(&reference_key("MAPLE-7"), Some("client-1")));
}

fn visit(client: &str, id: &str, date: &str, kind: VisitKind, finished: bool) -> Visit {
    Visit {
        id: id.to_owned(),
        client: client.to_owned(),
        date: date.to_owned(),
        kind,
        forms: Vec::new(),
        needs: Vec::new(),
        support: Vec::new(),
        notes: String::new(),
        progress: None,
        finished,
    }
}

fn caseload() -> Index {
    let mut index = Index::default();
    for (id, reference) in [
        ("c-a", "Oak-2"),
        ("c-b", "ash-9"),
        ("c-c", "Birch-1"),
        ("c-d", "Elm-4"),
    ] {
        index.set_client(
            &input(reference, "AB", "", "")
                .check(id.to_owned(), 2026, |_| false)
                .unwrap(),
        );
    }
    // Oak: baseline in January, not yet followed up: due 12 weeks on.
    index.set_visit(&visit("c-a", "v1", "2026-01-10", VisitKind::Baseline, true));
    // Ash: baseline and follow-up done: nothing due.
    index.set_visit(&visit("c-b", "v2", "2026-02-01", VisitKind::Baseline, true));
    index.set_visit(&visit("c-b", "v3", "2026-05-01", VisitKind::FollowUp, true));
    // Birch: baseline in December, so due sooner than Oak; an unfinished visit since.
    index.set_visit(&visit("c-c", "v4", "2025-12-20", VisitKind::Baseline, true));
    index.set_visit(&visit(
        "c-c",
        "v5",
        "2026-03-01",
        VisitKind::FollowUp,
        false,
    ));
    // Elm: never visited.
    index
}

fn references(list: Vec<&ClientSummary>) -> Vec<&str> {
    list.into_iter()
        .map(|client| client.reference.as_str())
        .collect()
}

#[test]
fn clients_are_searched_and_sorted_three_ways() {
    let index = caseload();
    assert_eq!(
        references(index.list("", SortBy::Reference)),
        ["ash-9", "Birch-1", "Elm-4", "Oak-2"]
    );
    assert_eq!(
        references(index.list("", SortBy::LastVisit)),
        ["ash-9", "Oak-2", "Birch-1", "Elm-4"]
    );
    assert_eq!(
        references(index.list("", SortBy::FollowUpDue)),
        ["Birch-1", "Oak-2", "ash-9", "Elm-4"]
    );
    assert_eq!(references(index.list(" OAK", SortBy::Reference)), ["Oak-2"]);
    assert!(index.list("nobody", SortBy::Reference).is_empty());
    assert_eq!(SortBy::parse("follow-up"), SortBy::FollowUpDue);
    assert_eq!(SortBy::parse("anything else"), SortBy::Reference);
}

#[test]
fn follow_up_falls_due_after_the_latest_finished_baseline() {
    let index = caseload();
    let weeks = index.settings.follow_up_weeks;
    assert_eq!(weeks, 12);
    assert_eq!(
        index.client("c-a").unwrap().follow_up_due(weeks).as_deref(),
        Some("2026-04-04")
    );
    assert_eq!(index.client("c-b").unwrap().follow_up_due(weeks), None);
    // An unfinished follow-up does not count as done.
    assert_eq!(
        index.client("c-c").unwrap().follow_up_due(weeks).as_deref(),
        Some("2026-03-14")
    );
    assert_eq!(
        index.client("c-c").unwrap().last_visit(),
        Some("2025-12-20")
    );
    assert_eq!(
        index.client("c-c").unwrap().unfinished_visit().unwrap().id,
        "v5"
    );
    assert_eq!(index.client("c-d").unwrap().follow_up_due(weeks), None);
    // A visit for a client not in the caseload is refused.
    let mut index = index;
    assert!(!index.set_visit(&visit(
        "nobody",
        "v9",
        "2026-01-01",
        VisitKind::Baseline,
        true
    )));
}

#[test]
fn records_and_the_index_round_trip_through_json() {
    let index = caseload();
    let text = serde_json::to_string(&index).unwrap();
    assert_eq!(serde_json::from_str::<Index>(&text).unwrap(), index);
    // Settings saved before a field existed read with its default.
    let old: Index =
        serde_json::from_str(r#"{"settings":{"auto_lock_minutes":9},"clients":[]}"#).unwrap();
    assert_eq!(old.settings.auto_lock_minutes, 9);
    assert_eq!(old.settings.follow_up_weeks, 12);
    let mut visit = visit("c-a", "v1", "2026-01-10", VisitKind::FollowUp, false);
    visit.forms.push(VisitForm {
        instrument: "ucla-3".to_owned(),
        mode: Mode::ReadAloud,
        answers: Some(vec![Some(1), None]),
        result: None,
    });
    let text = serde_json::to_string(&visit).unwrap();
    assert!(text.contains(r#""kind":"follow-up""#) && text.contains(r#""mode":"read_aloud""#));
    assert_eq!(serde_json::from_str::<Visit>(&text).unwrap(), visit);
}

#[test]
fn a_scheme_extends_its_pick_lists_within_limits() {
    assert!(NEEDS.contains(&"Loneliness or social isolation") && NEEDS.contains(&"Housing"));
    assert!(SUPPORT.contains(&"Walking group") && SUPPORT.contains(&"Citizens Advice"));
    let extra = vec!["Tai chi class".to_owned()];
    assert_eq!(
        picklists::with_extra(SUPPORT, &extra).last(),
        Some(&"Tai chi class")
    );
    assert_eq!(
        picklists::check_entry("  Men's   shed ", SUPPORT, &extra),
        Ok("Men's shed".to_owned())
    );
    for bad in ["", "   ", "walking GROUP", "tai chi class", "a\u{7}b"] {
        assert!(
            picklists::check_entry(bad, SUPPORT, &extra).is_err(),
            "{bad:?}"
        );
    }
    assert!(picklists::check_entry(&"x".repeat(61), SUPPORT, &extra).is_err());
    let full: Vec<String> = (0..picklists::MAX_EXTRA)
        .map(|n| format!("Group {n}"))
        .collect();
    assert!(picklists::check_entry("One more", NEEDS, &full).is_err());
}
