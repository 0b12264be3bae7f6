//! The app's root state, natively: what each action does to the phase, the screen and the
//! hand-over, with no browser. Which screen opens on unlocking (a flag first, then an
//! unfinished visit), a lock while the client holds the tablet, the restore and its cancel,
//! and a save that lands after a lock.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, missing_docs, reason = "tests")]

use std::rc::Rc;

use yew::functional::Reducible;
use yew::prelude::AttrValue;

use wellcheck_app::caseload::Caseload;
use wellcheck_app::records::{Client, Index, Visit, VisitKind};
use wellcheck_app::ui::{AppAction, AppState, Phase, Screen, Shared};

fn after(state: AppState, actions: Vec<AppAction>) -> AppState {
    let mut state = Rc::new(state);
    for action in actions {
        state = state.reduce(action);
    }
    (*state).clone()
}

fn closed() -> Shared {
    Shared(Rc::new(Caseload::closed()))
}

fn client(id: &str) -> Client {
    Client {
        id: id.to_owned(),
        reference: id.to_uppercase(),
        initials: String::new(),
        year_of_birth: None,
        nhs_number: None,
        notes: String::new(),
    }
}

fn visit(id: &str, client: &str, finished: bool, flagged: bool) -> Visit {
    let mut visit = Visit::new(
        id.to_owned(),
        client.to_owned(),
        "2026-11-02".to_owned(),
        VisitKind::Baseline,
        Vec::new(),
    );
    visit.finished = finished;
    if flagged {
        visit.unseen_flags = vec![("phq-9".to_owned(), "self_harm_risk".to_owned())];
    }
    visit
}

fn index(visits: &[Visit]) -> Index {
    let mut index = Index::default();
    for id in ["client-a", "client-b"] {
        index.set_client(&client(id));
    }
    for visit in visits {
        assert!(index.set_visit(visit));
    }
    index
}

fn opened(index: Index) -> AppState {
    after(
        AppState::default(),
        vec![AppAction::Opened(closed(), index)],
    )
}

#[test]
fn the_browser_check_leads_to_set_up_the_lock_or_a_plain_failure() {
    let locked = after(AppState::default(), vec![AppAction::Checked(Ok(true))]);
    assert!(locked.phase == Phase::Locked(None));
    let new = after(AppState::default(), vec![AppAction::Checked(Ok(false))]);
    assert!(new.phase == Phase::SetUp);
    let failed = after(
        AppState::default(),
        vec![AppAction::Checked(Err(AttrValue::from("blocked")))],
    );
    assert!(failed.phase == Phase::Failed(AttrValue::from("blocked")));
}

#[test]
fn unlocking_opens_a_flag_first_then_where_the_worker_was_else_the_clients() {
    assert_eq!(opened(index(&[])).screen, Screen::Clients);
    let done = visit("visit-1", "client-a", true, false);
    // An unfinished visit no longer takes over every unlock: the client list opens.
    let unfinished = visit("visit-2", "client-a", false, false);
    assert_eq!(
        opened(index(&[done.clone(), unfinished.clone()])).screen,
        Screen::Clients
    );
    // Where the worker was before the lock opens again, if its record is still there; a
    // visit's questionnaires or a hand-over reopen at the visit's page.
    let kept = index(&[done.clone(), unfinished.clone()]);
    let reopened = |last: Screen| {
        after(
            AppState::resuming(last),
            vec![AppAction::Opened(closed(), kept.clone())],
        )
        .screen
    };
    assert_eq!(
        reopened(Screen::RunVisit("visit-2".to_owned())),
        Screen::Visit("visit-2".to_owned())
    );
    assert_eq!(
        reopened(Screen::HandOver("visit-2".to_owned())),
        Screen::Visit("visit-2".to_owned())
    );
    assert_eq!(
        reopened(Screen::Client("client-a".to_owned())),
        Screen::Client("client-a".to_owned())
    );
    assert_eq!(reopened(Screen::Settings), Screen::Settings);
    // A record deleted meanwhile (in another tab): the client list.
    assert_eq!(
        reopened(Screen::Visit("visit-gone".to_owned())),
        Screen::Clients
    );
    assert_eq!(
        reopened(Screen::Client("client-gone".to_owned())),
        Screen::Clients
    );
    // A lock and unlock in one session keeps the place too.
    let there = after(
        opened(kept.clone()),
        vec![
            AppAction::Go(Screen::Visit("visit-1".to_owned())),
            AppAction::Locked(None),
            AppAction::Opened(closed(), kept.clone()),
        ],
    );
    assert_eq!(there.screen, Screen::Visit("visit-1".to_owned()));
    // A safety flag the worker has not seen comes first, wherever they were.
    let flagged = visit("visit-3", "client-b", true, true);
    assert_eq!(
        opened(index(&[done, unfinished, flagged])).screen,
        Screen::Visit("visit-3".to_owned())
    );
}

#[test]
fn the_screen_kept_across_a_reload_reads_back_and_nothing_else_does() {
    for screen in [
        Screen::Clients,
        Screen::NewClient,
        Screen::EditClient("client-a".to_owned()),
        Screen::Client("client-a".to_owned()),
        Screen::NewVisit("client-a".to_owned()),
        Screen::RunVisit("visit-1".to_owned()),
        Screen::Visit("visit-1".to_owned()),
        Screen::Settings,
        Screen::Outcomes,
        Screen::HandOver("visit-1".to_owned()),
    ] {
        assert_eq!(Screen::from_key(&screen.to_key()), Some(screen));
    }
    for junk in ["", "visit", "visit:", "clients:x", "outcomes:1", "nothing"] {
        assert_eq!(Screen::from_key(junk), None, "{junk}");
    }
}

#[test]
fn a_lock_while_the_client_holds_the_tablet_asks_for_it_back_first() {
    let open = opened(index(&[]));
    let handed = after(open.clone(), vec![AppAction::HandedOver(true)]);
    assert!(handed.handed_over);
    let locked = after(
        handed,
        vec![
            AppAction::Locked(Some(AttrValue::from("idle"))),
            // The hand-over screen closing after the lock changes nothing.
            AppAction::HandedOver(false),
        ],
    );
    assert!(locked.hand_back_first && !locked.handed_over);
    assert!(locked.phase == Phase::Locked(Some(AttrValue::from("idle"))));
    let worker = after(locked, vec![AppAction::WorkerUnlock]);
    assert!(!worker.hand_back_first);
    // A lock with nobody else holding the tablet goes straight to the passphrase.
    let plain = after(open, vec![AppAction::Locked(None)]);
    assert!(!plain.hand_back_first);
}

#[test]
fn a_restore_replaces_only_records_that_exist_and_its_cancel_goes_back() {
    let from_set_up = after(
        AppState::default(),
        vec![AppAction::Checked(Ok(false)), AppAction::StartRestore],
    );
    assert!(from_set_up.phase == Phase::Restore { replacing: false });
    let back = after(from_set_up, vec![AppAction::CancelRestore]);
    assert!(back.phase == Phase::SetUp);
    let from_locked = after(
        AppState::default(),
        vec![AppAction::Checked(Ok(true)), AppAction::StartRestore],
    );
    assert!(from_locked.phase == Phase::Restore { replacing: true });
    let back = after(from_locked, vec![AppAction::CancelRestore]);
    assert!(back.phase == Phase::Locked(None));
    // A restore replaces what the worker was doing: the client list opens after it.
    let restored = after(
        AppState::resuming(Screen::Settings),
        vec![
            AppAction::Checked(Ok(true)),
            AppAction::StartRestore,
            AppAction::Opened(closed(), index(&[])),
        ],
    );
    assert_eq!(restored.screen, Screen::Clients);
}

#[test]
fn a_save_that_lands_after_the_lock_does_not_reopen_the_screens() {
    // The caseload here is locked, as it is once a lock has been asked for.
    let open = opened(index(&[]));
    let before = open.clone();
    let after_save = after(open, vec![AppAction::IndexSaved(index(&[]))]);
    assert!(after_save == before);
    let go = after(before, vec![AppAction::Go(Screen::Settings)]);
    assert_eq!(go.screen, Screen::Settings);
}
