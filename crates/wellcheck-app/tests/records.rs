//! The app's records as plain data: checking what a worker types, the caseload index, search
//! and sort, follow-up due, and the scheme's pick lists. Native: no browser needed.
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    missing_docs,
    reason = "tests"
)]

use std::rc::Rc;

use wellcheck_app::picklists::{self, NEEDS, SUPPORT};
use wellcheck_app::records::*;
use wellcheck_core::catalogue;
use wellcheck_web::kit::{Action, Flow, Layout};

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
    assert!(index.reference_taken(&reference_key("maple-7"), Some("client-2")));
    // Look-alikes that would read as MAPLE-7 on screen are refused outright: another
    // script's letters, full-width forms, a non-breaking hyphen, direction overrides and
    // invisible characters (the reviewer's list).
    for look_alike in [
        "M\u{410}PLE-7",
        "\u{FF2D}\u{FF21}\u{FF30}\u{FF2C}\u{FF25}-\u{FF17}",
        "MAPLE\u{2011}7",
        "\u{202E}7-ELPAM",
        "\u{200B}\u{200B}",
        "MAPLE\u{2060}-7",
    ] {
        let problems = input(look_alike, "CD", "", "")
            .check("client-3".to_owned(), 2026, |_| false)
            .unwrap_err();
        assert_eq!(fields(&problems), ["reference"], "{look_alike:?}");
        assert!(
            problems[0].message.contains("A to Z") || problems[0].message.contains("Enter"),
            "{look_alike:?}: {}",
            problems[0].message
        );
    }
    // Internal spacing does not make a different reference.
    assert_eq!(reference_key("SP  0001"), reference_key("sp 0001"));
}

#[test]
fn nhs_number_problems_say_which_field_and_what_to_do() {
    let message = |nhs: &str| {
        input("Oak-1", "AB", "", nhs)
            .check("client-1".to_owned(), 2026, |_| false)
            .unwrap_err()[0]
            .message
            .clone()
    };
    assert_eq!(
        message("943 476 591"),
        "The NHS number has 9 digits: it must have 10, or be left empty"
    );
    assert!(message("943 476 591x").starts_with("The NHS number must be 10 digits"));
    assert!(message("943 476 5918").starts_with("The NHS number is not valid"));
}

fn visit(client: &str, id: &str, date: &str, kind: VisitKind, finished: bool) -> Visit {
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
    let has = |list: &[(&str, &str)], entry: &str| list.iter().any(|(known, _)| *known == entry);
    assert!(has(NEEDS, "Loneliness or social isolation") && has(NEEDS, "Housing"));
    assert!(has(SUPPORT, "Walking group") && has(SUPPORT, "Citizens Advice"));
    let extra = vec!["Tai chi class".to_owned()];
    assert_eq!(
        picklists::with_extra(SUPPORT, &extra).last(),
        Some(&"Tai chi class")
    );
    assert_eq!(
        picklists::check_entry("  Men's   shed ", SUPPORT, &extra),
        Ok("Men's shed".to_owned())
    );
    for bad in [
        "",
        "   ",
        "walking GROUP",
        "tai chi class",
        "a\u{7}b",
        "Tea; and cake",
        "Walk\u{202e}ing",
        "Allot\u{200b}ment",
    ] {
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

#[test]
fn progress_from_a_changed_definition_is_set_aside_never_dropped() {
    let instruments = vec![Rc::new(catalogue::get("ucla-3").unwrap())];
    let mut visit = visit("c-a", "visit-1", "2026-03-01", VisitKind::Baseline, false);
    let flow = Flow::new(&instruments, Layout::Paged).apply(Action::Answer {
        form: 0,
        item: 0,
        value: 2,
    });
    let progress = flow.saved("visit-1").unwrap();
    visit.progress = Some(progress.clone());

    // The same definitions: the progress stays, to resume.
    assert!(!visit.set_aside_unfitting_progress(&instruments));
    assert_eq!(visit.progress.as_ref(), Some(&progress));

    // An update changed the definition: the answers move aside, kept in the record.
    let mut changed = progress.clone();
    changed.definitions[0] = "sha256:an-earlier-version".to_owned();
    visit.progress = Some(changed.clone());
    assert!(visit.set_aside_unfitting_progress(&instruments));
    assert_eq!(visit.progress, None);
    assert_eq!(visit.set_aside, vec![changed]);
    let text = serde_json::to_string(&visit).unwrap();
    assert_eq!(serde_json::from_str::<Visit>(&text).unwrap(), visit);

    // Nothing answered yet: nothing to keep.
    let mut empty = Flow::new(&instruments, Layout::Paged)
        .saved("visit-1")
        .unwrap();
    empty.definitions[0] = "sha256:an-earlier-version".to_owned();
    visit.progress = Some(empty);
    assert!(!visit.set_aside_unfitting_progress(&instruments));
    assert_eq!((visit.progress.as_ref(), visit.set_aside.len()), (None, 1));

    // A record written before the field existed reads with nothing set aside, and one with
    // nothing set aside is written without it.
    let mut old: serde_json::Value = serde_json::to_value(&visit).unwrap();
    old.as_object_mut().unwrap().remove("set_aside");
    let read: Visit = serde_json::from_value(old).unwrap();
    assert!(read.set_aside.is_empty());
    assert!(!serde_json::to_string(&read).unwrap().contains("set_aside"));
}

/// A wording file for a licensed instrument, built from its definition: obviously not the
/// real text, covering every item and option.
fn fake_wording(id: &str) -> serde_json::Value {
    let instrument = catalogue::get(id).unwrap();
    let mut items = serde_json::Map::new();
    let mut responses = serde_json::Map::new();
    for item in instrument.items() {
        items.insert(
            item.id().to_owned(),
            format!("FAKE WORDING FOR {}", item.id()).into(),
        );
        if let wellcheck_core::definition::Response::Choice { set, options } = item.response() {
            let labels: serde_json::Map<String, serde_json::Value> = options
                .iter()
                .map(|option| {
                    (
                        option.value().to_string(),
                        format!("FAKE {}", option.value()).into(),
                    )
                })
                .collect();
            responses.insert(set.clone(), labels.into());
        }
    }
    serde_json::json!({ "format": 1, "instrument": id, "language": "en",
        "licence_reference": "TEST-ONLY 42", "items": items, "responses": responses })
}

#[test]
fn a_licensed_wording_file_is_checked_before_it_is_kept() {
    let text = fake_wording("swemwbs").to_string();
    let (wording, filled) = LicensedWording::check(&text, "2026-11-24").unwrap();
    assert_eq!(
        wording,
        LicensedWording {
            instrument: "swemwbs".to_owned(),
            licence_reference: "TEST-ONLY 42".to_owned(),
            imported: "2026-11-24".to_owned(),
        }
    );
    assert_eq!(filled.id(), "swemwbs");
    assert_eq!(LicensedWording::record_id("swemwbs"), "licensed-swemwbs");

    let refused = |text: &str| {
        LicensedWording::check(text, "2026-11-24")
            .unwrap_err()
            .join("\n")
    };
    assert!(refused("not json").contains("must be JSON naming its `instrument`"));
    assert!(refused(r#"{"format": 1}"#).contains("`instrument`"));
    assert!(refused(r#"{"instrument": "no-such-thing"}"#).contains("no-such-thing"));
    let mut open = fake_wording("swemwbs");
    open["instrument"] = "ucla-3".into();
    assert!(refused(&open.to_string()).contains("open questionnaire"));
    // A file missing an item's wording names the item.
    let mut partial = fake_wording("swemwbs");
    let first = catalogue::get("swemwbs").unwrap().items()[0]
        .id()
        .to_owned();
    partial["items"].as_object_mut().unwrap().remove(&first);
    assert!(
        refused(&partial.to_string()).contains(&first),
        "{}",
        refused(&partial.to_string())
    );
    // The licence reference is shown in lists: one short visible line.
    for reference in [
        "x".repeat(201),
        "licence \u{202E}1234".to_owned(),
        "a\nb".to_owned(),
    ] {
        let mut odd = fake_wording("swemwbs");
        odd["licence_reference"] = reference.clone().into();
        assert!(
            refused(&odd.to_string()).contains("licence_reference"),
            "{reference:?}"
        );
    }
    // A huge file is refused by its size, before anything else.
    let huge = format!(
        "{{\"instrument\": \"swemwbs\", \"x\": \"{}\"}}",
        "a".repeat(1_100_000)
    );
    assert!(refused(&huge).contains("at most 1048576 bytes"));
}

#[test]
fn the_index_lists_imported_wording_once_per_questionnaire() {
    let mut index = Index::default();
    let wording = |instrument: &str, reference: &str| LicensedWording {
        instrument: instrument.to_owned(),
        licence_reference: reference.to_owned(),
        imported: "2026-11-24".to_owned(),
    };
    index.set_licensed(wording("wemwbs", "A"));
    index.set_licensed(wording("swemwbs", "B"));
    index.set_licensed(wording("wemwbs", "C"));
    assert_eq!(index.licensed.len(), 2);
    assert_eq!(index.licensed("wemwbs").unwrap().licence_reference, "C");
    assert!(index.licensed("ucla-20").is_none());
    // An index written before imports existed still reads.
    let mut old = serde_json::to_value(&index).unwrap();
    old.as_object_mut().unwrap().remove("licensed");
    assert!(
        serde_json::from_value::<Index>(old)
            .unwrap()
            .licensed
            .is_empty()
    );
}

#[test]
fn a_backup_is_asked_for_after_a_week_without_one() {
    let mut index = caseload();
    assert_eq!(
        index.backup_nudge("2026-03-01").as_deref(),
        Some("No backup of these records has been made yet.")
    );
    index.note_backup("2026-03-01", "2026-03-01");
    assert_eq!(index.backup_nudge("2026-03-07"), None);
    assert_eq!(
        index.backup_nudge("2026-03-08").as_deref(),
        Some("The last backup of these records was made 7 days ago.")
    );
    // An older backup restored never moves the date back.
    index.note_backup("2026-02-01", "2026-03-01");
    assert_eq!(index.last_backup.as_deref(), Some("2026-03-01"));
    // A backup dated after today (an edited file, a tablet with the wrong date) is never
    // kept: it would silence the reminder until then.
    index.note_backup("2099-01-01", "2026-03-08");
    index.note_backup("not a date", "2026-03-08");
    assert_eq!(index.last_backup.as_deref(), Some("2026-03-01"));
    assert!(index.backup_nudge("2026-03-08").is_some());
    // A last backup dated after today (from a tablet whose clock ran ahead) never silences
    // the reminder.
    index.last_backup = Some("2099-01-01".to_owned());
    assert_eq!(
        index.backup_nudge("2026-03-08").as_deref(),
        Some(
            "The last backup is dated 2099-01-01, after today's date on this tablet: make a backup now."
        )
    );
    // ... and the next backup made, or an earlier one restored, replaces it.
    index.note_backup("2026-03-08", "2026-03-08");
    assert_eq!(index.last_backup.as_deref(), Some("2026-03-08"));
    index.last_backup = Some("2099-01-01".to_owned());
    index.note_backup("2026-02-01", "2026-03-08");
    assert_eq!(index.last_backup.as_deref(), Some("2026-02-01"));
    // No clients, nothing to lose.
    assert_eq!(Index::default().backup_nudge("2026-03-08"), None);
}

#[test]
fn a_visit_read_for_exports_keeps_answers_results_needs_and_support_and_skips_the_rest() {
    let mut full = visit("c-a", "v-1", "2026-03-01", VisitKind::FollowUp, true);
    full.forms = vec![VisitForm {
        instrument: "ucla-3".to_owned(),
        mode: Mode::ReadAloud,
        answers: Some(vec![Some(2), None, Some(3)]),
        result: Some(serde_json::json!({ "big": "x".repeat(10_000) })),
    }];
    full.notes = "private".to_owned();
    full.needs = vec!["Housing".to_owned()];
    let text = serde_json::to_string(&full).unwrap();
    let read: VisitForExports = serde_json::from_str(&text).unwrap();
    let visit = read.into_visit();
    assert_eq!(visit.forms[0].answers, full.forms[0].answers);
    assert_eq!(visit.forms[0].mode, Mode::ReadAloud);
    assert_eq!(
        (
            visit.id.as_str(),
            visit.client.as_str(),
            visit.date.as_str()
        ),
        ("v-1", "c-a", "2026-03-01")
    );
    assert_eq!((visit.kind, visit.finished), (VisitKind::FollowUp, true));
    assert_eq!(visit.forms[0].result, full.forms[0].result);
    // Needs and support leave the tablet with the forms; notes do not.
    assert_eq!(visit.needs, full.needs);
    assert_eq!(visit.notes.as_str(), "");
}

/// A caseload's records as a backup holds them once opened: the index, each client and
/// each visit, as `(id, plaintext)`.
fn opened_backup() -> (Index, Vec<(String, Vec<u8>)>) {
    let mut index = Index::default();
    let mut records = Vec::new();
    for (id, reference) in [("client-a", "OAK-2"), ("client-b", "ASH-9")] {
        let client = input(reference, "AB", "", "")
            .check(id.to_owned(), 2026, |_| false)
            .unwrap();
        index.set_client(&client);
        records.push((id.to_owned(), serde_json::to_vec(&client).unwrap()));
    }
    for visit in [
        visit(
            "client-a",
            "visit-1",
            "2026-01-10",
            VisitKind::Baseline,
            true,
        ),
        visit(
            "client-a",
            "visit-2",
            "2026-04-10",
            VisitKind::FollowUp,
            true,
        ),
        visit(
            "client-b",
            "visit-3",
            "2026-02-01",
            VisitKind::Baseline,
            false,
        ),
    ] {
        index.set_visit(&visit);
        records.push((visit.id.clone(), serde_json::to_vec(&visit).unwrap()));
    }
    index.backups_sealed = true;
    records.push(("index".to_owned(), serde_json::to_vec(&index).unwrap()));
    (index, records)
}

fn restore_check(records: &[(String, Vec<u8>)], sealed: bool) -> Result<(), String> {
    wellcheck_app::caseload::check_backup_records(records, sealed)
        .map_err(|error| error.to_string())
}

#[test]
fn a_backup_whose_records_and_list_of_clients_disagree_is_refused_in_plain_words() {
    let (index, records) = opened_backup();
    assert_eq!(restore_check(&records, true), Ok(()));

    // A visit record taken out.
    let without: Vec<_> = records
        .iter()
        .filter(|(id, _)| id != "visit-2")
        .cloned()
        .collect();
    let error = restore_check(&without, true).unwrap_err();
    assert!(
        error.contains("the backup is missing 1 visit record"),
        "{error}"
    );
    assert!(error.contains("nothing was restored"), "{error}");
    // A client and their visits taken out.
    let without: Vec<_> = records
        .iter()
        .filter(|(id, _)| !matches!(id.as_str(), "client-a" | "visit-1" | "visit-2"))
        .cloned()
        .collect();
    assert!(
        restore_check(&without, true)
            .unwrap_err()
            .contains("the backup is missing 1 client record and 2 visit records")
    );
    // An older copy of a visit (unfinished then) put back.
    let mut older = records.clone();
    older[2].1 = serde_json::to_vec(&visit(
        "client-a",
        "visit-1",
        "2026-01-10",
        VisitKind::Baseline,
        false,
    ))
    .unwrap();
    assert!(
        restore_check(&older, true)
            .unwrap_err()
            .contains("it holds an older or altered copy of 1 visit record")
    );
    // A client record the list does not name (an older index put back).
    let mut earlier = index.clone();
    earlier.clients.retain(|client| client.id != "client-b");
    let mut stale_index = records.clone();
    let last = stale_index.len() - 1;
    stale_index[last].1 = serde_json::to_vec(&earlier).unwrap();
    assert!(restore_check(&stale_index, true).unwrap_err().contains(
        "it holds 1 client record and 1 visit record that its list of clients does not name"
    ));
    // An unsealed (format 1) file must bring its list of clients ...
    let no_index: Vec<_> = records
        .iter()
        .filter(|(id, _)| id != "index")
        .cloned()
        .collect();
    assert!(
        restore_check(&no_index, false)
            .unwrap_err()
            .contains("without its list of clients")
    );
    // ... even when it holds nothing at all, or only licensed wording: emptied by hand.
    assert!(
        restore_check(&[], false)
            .unwrap_err()
            .contains("without its list of clients")
    );
    // A sealed empty store is proven whole by its manifest.
    assert_eq!(restore_check(&[], true), Ok(()));
    // ... and its index must not be one whose backups are sealed (the manifest taken out).
    assert!(
        restore_check(&records, false)
            .unwrap_err()
            .contains("its seal (the manifest) has been taken out")
    );
    let mut before_sealing = index;
    before_sealing.backups_sealed = false;
    let mut old_file = records.clone();
    old_file[last].1 = serde_json::to_vec(&before_sealing).unwrap();
    assert_eq!(restore_check(&old_file, false), Ok(()));
    // A record of no kind the app keeps.
    let mut foreign = records;
    foreign.push(("surprise".to_owned(), b"{}".to_vec()));
    assert!(
        restore_check(&foreign, true)
            .unwrap_err()
            .contains("record `surprise`")
    );
}

#[test]
fn a_visit_dated_the_wrong_side_of_the_baseline_is_refused_before_it_turns_an_outcome_round() {
    let index = caseload();
    // Ash: finished baseline 2026-02-01, finished follow-up 2026-05-01.
    let ash = index.client("c-b").unwrap();
    let before = ash
        .visit_date_problem("2026-01-31", VisitKind::FollowUp)
        .unwrap();
    assert!(
        before.contains("after the client's baseline visit on 2026-02-01"),
        "{before}"
    );
    // The same day is not turned round (a second sitting on the day of the baseline).
    assert_eq!(
        ash.visit_date_problem("2026-02-01", VisitKind::FollowUp),
        None
    );
    assert_eq!(
        ash.visit_date_problem("2026-08-01", VisitKind::FollowUp),
        None
    );
    let late = ash
        .visit_date_problem("2026-05-02", VisitKind::Baseline)
        .unwrap();
    assert!(
        late.contains("before the client's follow-up visit on 2026-05-01"),
        "{late}"
    );
    assert_eq!(
        ash.visit_date_problem("2026-01-01", VisitKind::Baseline),
        None
    );
    // Elm has no visits: anything goes.
    let elm = index.client("c-d").unwrap();
    assert_eq!(
        elm.visit_date_problem("2020-01-01", VisitKind::FollowUp),
        None
    );
}
