//! A safety flag, once seen, leaves a lasting mark: the flags move into a note of what the
//! worker did, dated, and the client's index line carries the mark for the list and page.
#![allow(clippy::unwrap_used, missing_docs, reason = "tests")]

use wellcheck_app::records::{
    Client, ClientSummary, MAX_SAFETY_NOTE, SafetyNote, Visit, VisitKind, VisitSummary,
};

fn flagged_visit() -> Visit {
    let mut visit = Visit::new(
        "visit-1".to_owned(),
        "client-1".to_owned(),
        "2026-03-02".to_owned(),
        VisitKind::Baseline,
        Vec::new(),
    );
    visit.unseen_flags = vec![("phq-9".to_owned(), "self_harm_risk".to_owned())];
    visit
}

fn client() -> Client {
    Client {
        id: "client-1".to_owned(),
        reference: "ROWAN-8".to_owned(),
        initials: "RB".to_owned(),
        year_of_birth: None,
        nhs_number: None,
        notes: String::new(),
    }
}

#[test]
fn seeing_a_flag_keeps_it_with_the_note_and_the_day() {
    let mut visit = flagged_visit();
    let unseen = ClientSummary::of(&client(), vec![VisitSummary::of(&visit)]);
    assert!(unseen.safety_marked(), "an unseen flag marks the client");
    visit.acknowledge_flags("Talked it through.".to_owned(), "2026-03-03");
    assert!(visit.unseen_flags.is_empty());
    assert_eq!(
        visit.safety_notes,
        [SafetyNote {
            flags: vec![("phq-9".to_owned(), "self_harm_risk".to_owned())],
            seen_on: "2026-03-03".to_owned(),
            note: "Talked it through.".to_owned(),
        }]
    );
    // Seen, the mark stays: on the index line, for the list and the client's page.
    let seen = ClientSummary::of(&client(), vec![VisitSummary::of(&visit)]);
    assert!(seen.safety_marked());
    assert!(!seen.visits[0].flagged);
    assert_eq!(seen.visits[0].safety, visit.safety_notes);
    // Nothing unseen: acknowledging again adds nothing.
    visit.acknowledge_flags("Again.".to_owned(), "2026-03-04");
    assert_eq!(visit.safety_notes.len(), 1);
    // And it survives the record's own form (what is encrypted and backed up).
    let back: Visit = serde_json::from_str(&serde_json::to_string(&visit).unwrap()).unwrap();
    assert_eq!(back, visit);
}

#[test]
fn a_client_never_flagged_has_no_mark_and_old_records_read() {
    let mut visit = flagged_visit();
    visit.unseen_flags.clear();
    assert!(!ClientSummary::of(&client(), vec![VisitSummary::of(&visit)]).safety_marked());
    // A record from before safety notes existed reads with none.
    let mut old = serde_json::to_value(&visit).unwrap();
    old.as_object_mut().unwrap().remove("safety_notes");
    let back: Visit = serde_json::from_value(old).unwrap();
    assert!(back.safety_notes.is_empty());
}

#[test]
fn the_note_is_required_and_bounded() {
    assert_eq!(
        SafetyNote::check_note("  Gave the crisis line.  ").unwrap(),
        "Gave the crisis line."
    );
    assert!(
        SafetyNote::check_note("   ")
            .unwrap_err()
            .contains("Enter what you did")
    );
    let long = "x".repeat(MAX_SAFETY_NOTE + 1);
    assert!(
        SafetyNote::check_note(&long)
            .unwrap_err()
            .contains("1000 characters or fewer")
    );
    assert!(SafetyNote::check_note(&"x".repeat(MAX_SAFETY_NOTE)).is_ok());
}
