//! Correcting the caseload, natively over records kept in memory: an unfinished visit
//! discarded, a visit's date or kind changed with the pairing following, a client deleted
//! with every visit, and two records of one person merged. Each removal takes the records
//! out of the store itself, with the index, in one write; a refusal or a full disk changes
//! nothing.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs,
    reason = "tests"
)]

use wellcheck_app::caseload::{Caseload, INDEX_ID};
use wellcheck_app::keeping::MemoryRecords;
use wellcheck_app::records::{Client, Visit, VisitKind};
use wellcheck_app::store::StoreError;

mod support;
use support::run;

/// Today on the test's clock.
const TODAY: &str = "2026-12-05";

fn client(id: &str, reference: &str) -> Client {
    Client {
        id: id.to_owned(),
        reference: reference.to_owned(),
        initials: "JBQ".to_owned(),
        year_of_birth: None,
        nhs_number: None,
        notes: "Prefers mornings".to_owned(),
    }
}

fn visit(id: &str, client: &str, date: &str, kind: VisitKind, finished: bool) -> Visit {
    Visit {
        finished,
        ..Visit::new(
            id.to_owned(),
            client.to_owned(),
            date.to_owned(),
            kind,
            Vec::new(),
        )
    }
}

/// A caseload of two clients: MAPLE-7 with a finished baseline, a finished follow-up and
/// an unfinished visit; OAK-2 with a finished baseline. Returns it and its records.
fn caseload() -> (Caseload<MemoryRecords>, MemoryRecords) {
    let records = MemoryRecords::default();
    let caseload = run(Caseload::open(records.clone())).unwrap();
    run(caseload.save_client(&client("client-a", "MAPLE-7"))).unwrap();
    run(caseload.save_client(&Client {
        nhs_number: Some("9434765919".to_owned()),
        notes: "Walks with a stick".to_owned(),
        ..client("client-b", "OAK-2")
    }))
    .unwrap();
    for visit in [
        visit(
            "visit-1",
            "client-a",
            "2026-01-05",
            VisitKind::Baseline,
            true,
        ),
        visit(
            "visit-2",
            "client-a",
            "2026-04-05",
            VisitKind::FollowUp,
            true,
        ),
        visit(
            "visit-3",
            "client-a",
            "2026-05-01",
            VisitKind::FollowUp,
            false,
        ),
        visit(
            "visit-9",
            "client-b",
            "2026-02-01",
            VisitKind::Baseline,
            true,
        ),
    ] {
        run(caseload.save_visit(&visit)).unwrap();
    }
    (caseload, records)
}

fn ids(records: &MemoryRecords) -> Vec<String> {
    records.snapshot().keys().cloned().collect()
}

fn visit_ids(index: &wellcheck_app::records::Index, client: &str) -> Vec<String> {
    index
        .client(client)
        .map(|summary| {
            summary
                .visits
                .iter()
                .map(|visit| visit.id.clone())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn an_unfinished_visit_is_discarded_from_the_store_and_a_finished_one_is_not() {
    let (caseload, records) = caseload();
    let index = run(caseload.discard_visit("visit-3")).unwrap();
    assert_eq!(visit_ids(&index, "client-a"), ["visit-1", "visit-2"]);
    assert!(!ids(&records).contains(&"visit-3".to_owned()));
    assert_eq!(index.client("client-a").unwrap().unfinished_visit(), None);
    // The index as stored says the same.
    let stored: wellcheck_app::records::Index =
        serde_json::from_slice(&records.snapshot()[INDEX_ID]).unwrap();
    assert_eq!(stored, index);

    let before = records.snapshot();
    match run(caseload.discard_visit("visit-2")) {
        Err(StoreError::Refused(why)) => assert!(why.contains("finished"), "{why}"),
        other => panic!("a finished visit was discarded: {other:?}"),
    }
    assert_eq!(records.snapshot(), before);
    assert!(matches!(
        run(caseload.discard_visit("visit-404")),
        Err(StoreError::Refused(_))
    ));
}

#[test]
fn a_visits_date_or_kind_changes_with_the_pairing_and_cannot_turn_it_round() {
    let (caseload, records) = caseload();
    // The follow-up was typed a year out: corrected, the index sorts it and the due date
    // follows (no follow-up after the baseline any more until it is a follow-up again).
    let index =
        run(caseload.change_visit_when("visit-2", "2026-03-30", VisitKind::FollowUp, TODAY))
            .unwrap();
    let summary = index.client("client-a").unwrap();
    assert_eq!(summary.visits[1].date, "2026-03-30");
    let opened: Visit = run(caseload.visit("visit-2")).unwrap().unwrap();
    assert_eq!(
        (opened.date.as_str(), opened.kind),
        ("2026-03-30", VisitKind::FollowUp)
    );
    assert_eq!(summary.follow_up_due(12), None);
    let index =
        run(caseload.change_visit_when("visit-2", "2026-03-30", VisitKind::Baseline, TODAY))
            .unwrap();
    assert_eq!(
        index
            .client("client-a")
            .unwrap()
            .follow_up_due(12)
            .as_deref(),
        Some("2026-06-22")
    );

    // A follow-up before the baseline is refused, and nothing is written.
    run(caseload.change_visit_when("visit-2", "2026-03-30", VisitKind::FollowUp, TODAY)).unwrap();
    let before = records.snapshot();
    match run(caseload.change_visit_when("visit-2", "2025-12-01", VisitKind::FollowUp, TODAY)) {
        Err(StoreError::Refused(why)) => {
            assert!(
                why.contains("after the client's baseline visit on 2026-01-05"),
                "{why}"
            );
        }
        other => panic!("a follow-up before the baseline was saved: {other:?}"),
    }
    match run(caseload.change_visit_when("visit-2", "2026-02-30", VisitKind::FollowUp, TODAY)) {
        Err(StoreError::Refused(why)) => {
            assert!(why.contains("in full: day, month and year"), "{why}")
        }
        other => panic!("an impossible date was saved: {other:?}"),
    }
    // The rules of a new visit's date hold too: not in the future, not before 1990.
    for (date, why) in [
        ("2062-04-05", "today or in the past"),
        ("1926-04-05", "1990 or later"),
    ] {
        match run(caseload.change_visit_when("visit-2", date, VisitKind::FollowUp, TODAY)) {
            Err(StoreError::Refused(said)) => assert!(said.contains(why), "{said}"),
            other => panic!("{date} was saved: {other:?}"),
        }
    }
    // An unfinished visit is paired once finished: it cannot be dated round either.
    match run(caseload.change_visit_when("visit-3", "2025-12-01", VisitKind::FollowUp, TODAY)) {
        Err(StoreError::Refused(why)) => {
            assert!(why.contains("after the client's baseline"), "{why}")
        }
        other => panic!("an unfinished follow-up before the baseline was saved: {other:?}"),
    }
    assert_eq!(records.snapshot(), before);
    // The baseline may move later, as long as it stays before the follow-up.
    run(caseload.change_visit_when("visit-1", "2026-01-12", VisitKind::Baseline, TODAY)).unwrap();
}

#[test]
fn a_deleted_client_is_gone_from_the_store_with_every_visit_in_one_write() {
    let (caseload, records) = caseload();
    // A visit the index does not list goes too: the records themselves are searched.
    records
        .snapshot()
        .get("visit-1")
        .cloned()
        .map(|bytes| {
            let mut stray: Visit = serde_json::from_slice(&bytes).unwrap();
            stray.id = "visit-stray".to_owned();
            run(wellcheck_app::keeping::Records::put(
                &records,
                "visit-stray",
                &serde_json::to_vec(&stray).unwrap(),
            ))
            .unwrap();
        })
        .unwrap();

    // A full disk changes nothing.
    records.set_full(true);
    let before = records.snapshot();
    assert!(matches!(
        run(caseload.delete_client("client-a")),
        Err(StoreError::Full)
    ));
    assert_eq!(records.snapshot(), before);
    records.set_full(false);

    let (index, visits) = run(caseload.delete_client("client-a")).unwrap();
    assert_eq!(visits, 4);
    assert!(index.client("client-a").is_none());
    assert_eq!(
        ids(&records),
        ["client-b", INDEX_ID, "visit-9"]
            .map(str::to_owned)
            .to_vec()
    );
    assert!(matches!(
        run(caseload.delete_client("client-a")),
        Err(StoreError::Refused(_))
    ));
}

#[test]
fn whether_a_merge_fits_does_not_depend_on_the_order_the_visits_are_found_in() {
    // The kept record: a baseline on 03-01. The duplicate: a baseline on 01-01 and a
    // follow-up on 02-01, which comes before the kept baseline: refused whichever visit
    // is read first (record ids decide that order).
    for (first, second) in [("visit-m1", "visit-m2"), ("visit-m2", "visit-m1")] {
        let records = MemoryRecords::default();
        let caseload = run(Caseload::open(records.clone())).unwrap();
        run(caseload.save_client(&client("client-a", "MAPLE-7"))).unwrap();
        run(caseload.save_client(&client("client-b", "MAPLE-7B"))).unwrap();
        run(caseload.save_visit(&visit(
            "visit-k",
            "client-a",
            "2026-03-01",
            VisitKind::Baseline,
            true,
        )))
        .unwrap();
        run(caseload.save_visit(&visit(
            first,
            "client-b",
            "2026-01-01",
            VisitKind::Baseline,
            true,
        )))
        .unwrap();
        run(caseload.save_visit(&visit(
            second,
            "client-b",
            "2026-02-01",
            VisitKind::FollowUp,
            true,
        )))
        .unwrap();
        assert!(
            matches!(
                run(caseload.merge_clients("client-a", "client-b")),
                Err(StoreError::Refused(_))
            ),
            "{first} first"
        );
    }
}

#[test]
fn two_records_of_one_person_merge_into_one_and_a_merge_that_turns_a_change_round_is_refused() {
    let (caseload, records) = caseload();
    // OAK-2's baseline, dated after MAPLE-7's follow-up, would turn the change round.
    run(caseload.change_visit_when("visit-9", "2026-06-01", VisitKind::Baseline, TODAY)).unwrap();
    let before = records.snapshot();
    match run(caseload.merge_clients("client-a", "client-b")) {
        Err(StoreError::Refused(why)) => {
            assert!(
                why.starts_with("These records are not merged: the baseline visit of 2026-06-01"),
                "{why}"
            );
        }
        other => panic!("a merge turning a change round was made: {other:?}"),
    }
    assert_eq!(records.snapshot(), before);
    assert!(matches!(
        run(caseload.merge_clients("client-a", "client-a")),
        Err(StoreError::Refused(_))
    ));

    // As a follow-up it fits: the visit moves, the duplicate record goes.
    run(caseload.change_visit_when("visit-9", "2026-06-01", VisitKind::FollowUp, TODAY)).unwrap();
    let (index, moved) = run(caseload.merge_clients("client-a", "client-b")).unwrap();
    assert_eq!(moved, 1);
    assert!(index.client("client-b").is_none());
    assert_eq!(
        visit_ids(&index, "client-a"),
        ["visit-1", "visit-2", "visit-3", "visit-9"]
    );
    let moved: Visit = run(caseload.visit("visit-9")).unwrap().unwrap();
    assert_eq!(moved.client, "client-a");
    // What the kept record lacked came from the duplicate.
    let kept = run(caseload.client("client-a")).unwrap().unwrap();
    assert_eq!(kept.nhs_number.as_deref(), Some("9434765919"));
    assert!(
        kept.notes.contains("From OAK-2: Walks with a stick"),
        "{}",
        kept.notes
    );
    assert!(!ids(&records).contains(&"client-b".to_owned()));
}
