//! The caseload's rules, natively over records kept in memory: the index always agrees
//! with the records (written together, rebuilt when missing, based on what another tab
//! wrote), a failed write changes nothing, and a closed caseload refuses every call. The
//! same `Caseload` runs over IndexedDB in the app (`tests/store.rs` and the end-to-end
//! tests cover that store).
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs,
    reason = "tests"
)]

use wellcheck_app::caseload::{Caseload, INDEX_ID};
use wellcheck_app::keeping::{MemoryRecords, Records};
use wellcheck_app::records::{Client, Index, Visit, VisitKind};
use wellcheck_app::store::StoreError;

mod support;
use support::run;

fn client(id: &str, reference: &str) -> Client {
    Client {
        id: id.to_owned(),
        reference: reference.to_owned(),
        initials: "JBQ".to_owned(),
        year_of_birth: Some(1951),
        nhs_number: None,
        notes: String::new(),
    }
}

fn visit(id: &str, client: &str, date: &str) -> Visit {
    Visit::new(
        id.to_owned(),
        client.to_owned(),
        date.to_owned(),
        VisitKind::Baseline,
        Vec::new(),
    )
}

fn references(index: &Index) -> Vec<String> {
    index
        .clients
        .iter()
        .map(|client| client.reference.clone())
        .collect()
}

#[test]
fn a_client_and_its_index_line_are_written_together() {
    let caseload = run(Caseload::open(MemoryRecords::default())).unwrap();
    assert!(run(caseload.index()).unwrap().clients.is_empty());
    let index = run(caseload.save_client(&client("client-01", "MAPLE-7"))).unwrap();
    assert_eq!(references(&index), ["MAPLE-7"]);
    assert_eq!(run(caseload.index()).unwrap(), index);
    let opened = run(caseload.client("client-01")).unwrap().unwrap();
    assert_eq!(opened.reference, "MAPLE-7");
    let index = run(caseload.save_visit(&visit("visit-01", "client-01", "2026-11-02"))).unwrap();
    assert_eq!(index.clients[0].visits.len(), 1);
    assert_eq!(index.clients[0].visits[0].date, "2026-11-02");
}

#[test]
fn a_visit_of_a_client_not_in_the_caseload_is_refused_and_nothing_is_written() {
    let caseload = run(Caseload::open(MemoryRecords::default())).unwrap();
    run(caseload.save_client(&client("client-01", "MAPLE-7"))).unwrap();
    let before = run(caseload.index()).unwrap();
    let error =
        run(caseload.save_visit(&visit("visit-09", "client-99", "2026-11-02"))).unwrap_err();
    assert!(
        error.to_string().contains("not in this caseload"),
        "{error}"
    );
    assert_eq!(run(caseload.index()).unwrap(), before);
    assert_eq!(run(caseload.visit("visit-09")).unwrap(), None);
}

#[test]
fn a_failed_write_changes_neither_the_records_nor_the_index() {
    let records = MemoryRecords::default();
    let caseload = run(Caseload::open(records.clone())).unwrap();
    run(caseload.save_client(&client("client-01", "MAPLE-7"))).unwrap();
    let (kept, listed) = (records.snapshot(), run(caseload.index()).unwrap());
    // The disk fills: each save fails whole.
    records.set_full(true);
    let error = run(caseload.save_client(&client("client-02", "ASH-4"))).unwrap_err();
    assert_eq!(error, StoreError::Full);
    let error =
        run(caseload.save_visit(&visit("visit-01", "client-01", "2026-11-02"))).unwrap_err();
    assert_eq!(error, StoreError::Full);
    assert_eq!(records.snapshot(), kept);
    assert_eq!(run(caseload.index()).unwrap(), listed);
    // Space freed: the same save works.
    records.set_full(false);
    let index = run(caseload.save_client(&client("client-02", "ASH-4"))).unwrap();
    assert_eq!(index.clients.len(), 2);
}

#[test]
fn a_store_without_its_index_lists_every_client_and_visit_afresh() {
    let records = MemoryRecords::default();
    for (id, reference) in [("client-01", "MAPLE-7"), ("client-02", "ASH-4")] {
        run(records.put(id, &serde_json::to_vec(&client(id, reference)).unwrap())).unwrap();
    }
    let orphan = visit("visit-02", "client-99", "2026-10-01");
    for record in [visit("visit-01", "client-01", "2026-11-02"), orphan] {
        run(records.put(&record.id, &serde_json::to_vec(&record).unwrap())).unwrap();
    }
    let caseload = run(Caseload::open(records)).unwrap();
    let index = run(caseload.index()).unwrap();
    let mut listed = references(&index);
    listed.sort();
    assert_eq!(listed, ["ASH-4", "MAPLE-7"]);
    let maple = index
        .clients
        .iter()
        .find(|client| client.reference == "MAPLE-7")
        .unwrap();
    assert_eq!(maple.visits.len(), 1);
    // A visit whose client is missing is kept in the store, not listed.
    assert!(run(caseload.visit("visit-02")).unwrap().is_some());
}

#[test]
fn a_change_builds_on_the_index_another_tab_wrote_since() {
    let records = MemoryRecords::default();
    let caseload = run(Caseload::open(records.clone())).unwrap();
    run(caseload.save_client(&client("client-01", "MAPLE-7"))).unwrap();
    // Another tab adds a client: its record and its own index, beside this tab's copy.
    let other = client("client-02", "ASH-4");
    let mut theirs = run(caseload.index()).unwrap();
    theirs.set_client(&other);
    run(records.put_all(&[
        (other.id.clone(), serde_json::to_vec(&other).unwrap()),
        (INDEX_ID.to_owned(), serde_json::to_vec(&theirs).unwrap()),
    ]))
    .unwrap();
    // This tab's next save keeps the other tab's client.
    let index = run(caseload.save_client(&client("client-03", "ELM-2"))).unwrap();
    let mut listed = references(&index);
    listed.sort();
    assert_eq!(listed, ["ASH-4", "ELM-2", "MAPLE-7"]);
    let stored: Index = serde_json::from_slice(&records.snapshot()[INDEX_ID]).unwrap();
    assert_eq!(stored, index);
}

#[test]
fn a_closed_caseload_refuses_every_call() {
    let caseload = run(Caseload::open(MemoryRecords::default())).unwrap();
    run(caseload.save_client(&client("client-01", "MAPLE-7"))).unwrap();
    assert!(!caseload.is_locked());
    run(caseload.close());
    assert!(caseload.is_locked());
    assert_eq!(run(caseload.index()), Err(StoreError::Locked));
    assert_eq!(run(caseload.client("client-01")), Err(StoreError::Locked));
    assert_eq!(
        run(caseload.save_client(&client("client-02", "ASH-4"))),
        Err(StoreError::Locked)
    );
    let never_opened: Caseload<MemoryRecords> = Caseload::closed();
    assert_eq!(run(never_opened.index()), Err(StoreError::Locked));
}

#[test]
fn a_backup_is_sealed_first_and_counts_only_once_made() {
    let caseload = run(Caseload::open(MemoryRecords::default())).unwrap();
    run(caseload.save_client(&client("client-01", "MAPLE-7"))).unwrap();
    let before = run(caseload.index()).unwrap();
    assert!(!before.backups_sealed && before.last_backup.is_none());
    let (file, index) = run(caseload.backup("2026-12-05")).unwrap();
    assert!(
        file.contains("client-01") && file.contains("2026-12-05"),
        "{file}"
    );
    assert!(index.backups_sealed);
    assert_eq!(index.last_backup.as_deref(), Some("2026-12-05"));
    // A restored backup dated after today does not count as recent.
    let index = run(caseload.note_restored("2099-01-01", "2026-12-06")).unwrap();
    assert_eq!(index.last_backup.as_deref(), Some("2026-12-05"));
}

#[test]
fn a_visit_changed_in_one_step_keeps_what_was_saved_meanwhile() {
    let caseload = run(Caseload::open(MemoryRecords::default())).unwrap();
    run(caseload.save_client(&client("client-01", "MAPLE-7"))).unwrap();
    let mut first = visit("visit-01", "client-01", "2026-11-02");
    run(caseload.save_visit(&first)).unwrap();
    // The questionnaires save a need while the visit page holds an older copy.
    first.needs = vec!["loneliness".to_owned()];
    run(caseload.save_visit(&first)).unwrap();
    run(caseload.update_visit("visit-01", |visit| {
        visit.notes = "Tuesday walk".to_owned();
    }))
    .unwrap();
    let stored = run(caseload.visit("visit-01")).unwrap().unwrap();
    assert_eq!(stored.needs, ["loneliness"]);
    assert_eq!(stored.notes, "Tuesday walk");
    let error = run(caseload.update_visit("visit-99", |_| {})).unwrap_err();
    assert!(error.to_string().contains("visit-99"), "{error}");
    let (clients, visits) = run(caseload.all_records()).unwrap();
    assert_eq!((clients.len(), visits.len()), (1, 1));
}
