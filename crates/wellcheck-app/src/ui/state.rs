//! The app's root state, as the widget's journey keeps its own: [`AppState`] changed only by
//! [`AppAction`]s through one reducer, so every decision about what the app shows (which
//! phase, which screen after unlocking, whether a lock asks for the tablet back) is plain
//! data with native tests. The side effects (locking the caseload, telling other tabs) stay
//! with the callbacks that dispatch.

use std::rc::Rc;

use yew::prelude::*;

use super::{Screen, Shared};
use crate::records::Index;

/// Where the app is.
#[derive(Clone, PartialEq)]
pub enum Phase {
    /// Looking for records in this browser.
    Checking,
    /// No records yet: set up, or restore a backup.
    SetUp,
    /// Records here, locked; why, when the app locked them itself.
    Locked(Option<AttrValue>),
    /// Unlocked: the caseload and the index as last saved.
    Open(Shared, Rc<Index>),
    /// Restoring a backup; `replacing` when records are set up here already.
    Restore {
        /// Whether records are set up here (they will be replaced).
        replacing: bool,
    },
    /// The records cannot be opened in this browser.
    Failed(AttrValue),
}

/// The whole app's state.
#[derive(Clone, PartialEq)]
pub struct AppState {
    /// Where the app is.
    pub phase: Phase,
    /// Which screen shows while open.
    pub screen: Screen,
    /// Whether the client holds the tablet (the header then offers nothing to press).
    pub handed_over: bool,
    /// Locked while the client held the tablet: the locked screen asks for the tablet back,
    /// not for the passphrase, until the worker says it is them.
    pub hand_back_first: bool,
}

impl Default for AppState {
    fn default() -> Self {
        AppState::resuming(Screen::Clients)
    }
}

impl AppState {
    /// The state at start, remembering the screen the worker was on before this tab was
    /// reloaded (opened on unlocking if its record is still there).
    pub fn resuming(screen: Screen) -> AppState {
        AppState {
            phase: Phase::Checking,
            screen,
            handed_over: false,
            hand_back_first: false,
        }
    }
}

/// What happens to the app.
pub enum AppAction {
    /// The browser was checked for records: `Ok(true)` when set up here.
    Checked(Result<bool, AttrValue>),
    /// The records were unlocked (or set up, or restored).
    Opened(Shared, Index),
    /// The records could not be opened.
    Failed(AttrValue),
    /// The records were locked: by the worker (`None`), the idle time, hand-back PINs or
    /// another tab (each with why).
    Locked(Option<AttrValue>),
    /// The worker asked to restore a backup.
    StartRestore,
    /// The restore was cancelled.
    CancelRestore,
    /// Another screen.
    Go(Screen),
    /// A save gave a new index.
    IndexSaved(Index),
    /// The client took the tablet (`true`) or gave it back (`false`).
    HandedOver(bool),
    /// At the locked "hand the tablet back" screen, the worker says it is them.
    WorkerUnlock,
}

/// The screen to open on unlocking: a safety flag the worker has not seen first; else
/// where the worker was before the lock (`last`), if its record is still there, with a
/// visit's questionnaires or a hand-over reopening at the visit's page (from where they
/// carry on, and never in the client's hands); else the client list.
pub fn first_screen(index: &Index, last: &Screen) -> Screen {
    let visits = || index.clients.iter().flat_map(|client| &client.visits);
    if let Some(flagged) = visits().find(|visit| visit.flagged) {
        return Screen::Visit(flagged.id.clone());
    }
    let visit_kept = |id: &str| visits().any(|visit| visit.id == id);
    let client_kept = |id: &str| index.client(id).is_some();
    match last {
        Screen::Visit(id) | Screen::RunVisit(id) | Screen::HandOver(id) if visit_kept(id) => {
            Screen::Visit(id.clone())
        }
        Screen::Client(id) | Screen::EditClient(id) | Screen::NewVisit(id) if client_kept(id) => {
            last.clone()
        }
        Screen::NewClient | Screen::Settings | Screen::Outcomes => last.clone(),
        _ => Screen::Clients,
    }
}

impl Reducible for AppState {
    type Action = AppAction;

    fn reduce(self: Rc<Self>, action: AppAction) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            AppAction::Checked(Ok(true)) => next.phase = Phase::Locked(None),
            AppAction::Checked(Ok(false)) => next.phase = Phase::SetUp,
            AppAction::Checked(Err(why)) | AppAction::Failed(why) => {
                next.phase = Phase::Failed(why);
            }
            AppAction::Opened(caseload, index) => {
                next.screen = first_screen(&index, &next.screen);
                next.phase = Phase::Open(caseload, Rc::new(index));
                next.hand_back_first = false;
            }
            AppAction::Locked(why) => {
                // On any lock: if the client may be holding the tablet, the locked screen
                // asks them to hand it back rather than showing the passphrase.
                if next.handed_over {
                    next.hand_back_first = true;
                }
                next.handed_over = false;
                next.phase = Phase::Locked(why);
            }
            AppAction::StartRestore => {
                // A restore replaces the records, and with them what the worker was doing.
                next.screen = Screen::Clients;
                let replacing = !matches!(next.phase, Phase::SetUp);
                next.phase = Phase::Restore { replacing };
            }
            AppAction::CancelRestore => {
                if let Phase::Restore { replacing } = next.phase {
                    next.phase = if replacing {
                        Phase::Locked(None)
                    } else {
                        Phase::SetUp
                    };
                }
            }
            AppAction::Go(screen) => next.screen = screen,
            AppAction::IndexSaved(index) => match &next.phase {
                // A save that lands after a lock must not reopen the screens.
                Phase::Open(caseload, _) if !caseload.0.is_locked() => {
                    next.phase = Phase::Open(caseload.clone(), Rc::new(index));
                }
                _ => return self,
            },
            AppAction::HandedOver(on) => next.handed_over = on,
            AppAction::WorkerUnlock => next.hand_back_first = false,
        }
        Rc::new(next)
    }
}
