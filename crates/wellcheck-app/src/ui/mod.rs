//! The app's screens (Yew). The root holds the phase (checking, set up, locked, open) and,
//! when open, which screen shows; each screen is its own module. Nothing here decides a
//! score: questionnaires run in the embed's journey, and results come from the core.

mod pages;
mod parts;
mod state;

use std::rc::Rc;

use wasm_bindgen::prelude::*;
use yew::prelude::*;

use crate::caseload::Caseload;
use crate::records::Index;
use pages::{
    backup, client_form, client_page, clients, hand_over, outcomes, settings, unlock, visit_page,
    visit_run, visit_setup,
};
use parts::idle;
pub use state::{AppAction, AppState, Phase, first_screen};

/// The IndexedDB database the app keeps its records in.
pub const DATABASE: &str = "wellcheck-app";
/// The BroadcastChannel through which tabs of the app tell each other they opened the records.
const TABS_CHANNEL: &str = "wellcheck-app-tabs";

/// Where the worker is, once unlocked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Screen {
    /// The client list.
    Clients,
    /// A new client's details.
    NewClient,
    /// Changing a client's details.
    EditClient(String),
    /// One client and their visits.
    Client(String),
    /// Setting up a visit for a client.
    NewVisit(String),
    /// Running a visit's questionnaires.
    RunVisit(String),
    /// A visit: results, needs, support and notes.
    Visit(String),
    /// Settings, storage and passphrase.
    Settings,
    /// The scheme's outcomes over the records on this tablet.
    Outcomes,
    /// A visit's questionnaires with the client holding the tablet.
    HandOver(String),
}

impl Screen {
    /// The screen as a short text (`visit:<record id>`): record ids are random and say
    /// nothing about the client.
    pub fn to_key(&self) -> String {
        match self {
            Screen::Clients => "clients".to_owned(),
            Screen::NewClient => "new-client".to_owned(),
            Screen::EditClient(id) => format!("edit-client:{id}"),
            Screen::Client(id) => format!("client:{id}"),
            Screen::NewVisit(id) => format!("new-visit:{id}"),
            Screen::RunVisit(id) => format!("run-visit:{id}"),
            Screen::Visit(id) => format!("visit:{id}"),
            Screen::Settings => "settings".to_owned(),
            Screen::Outcomes => "outcomes".to_owned(),
            Screen::HandOver(id) => format!("hand-over:{id}"),
        }
    }

    /// The screen [`Screen::to_key`] wrote, if `key` is one.
    pub fn from_key(key: &str) -> Option<Screen> {
        let (kind, id) = key.split_once(':').unwrap_or((key, ""));
        let id = id.to_owned();
        Some(match (kind, id.is_empty()) {
            ("clients", true) => Screen::Clients,
            ("new-client", true) => Screen::NewClient,
            ("settings", true) => Screen::Settings,
            ("outcomes", true) => Screen::Outcomes,
            ("edit-client", false) => Screen::EditClient(id),
            ("client", false) => Screen::Client(id),
            ("new-visit", false) => Screen::NewVisit(id),
            ("run-visit", false) => Screen::RunVisit(id),
            ("visit", false) => Screen::Visit(id),
            ("hand-over", false) => Screen::HandOver(id),
            _ => return None,
        })
    }
}

/// Where this tab keeps the screen the worker is on, so that unlocking after a reload
/// opens it again (sessionStorage: this tab only; a screen and a random record id, nothing
/// about a client).
const SCREEN_KEY: &str = "wellcheck-app-screen";

fn remembered_screen() -> Option<Screen> {
    web_sys::window()
        .and_then(|window| window.session_storage().ok().flatten())
        .and_then(|storage| storage.get_item(SCREEN_KEY).ok().flatten())
        .and_then(|key| Screen::from_key(&key))
}

fn remember_screen(screen: &Screen) {
    if let Some(storage) =
        web_sys::window().and_then(|window| window.session_storage().ok().flatten())
    {
        let _ = storage.set_item(SCREEN_KEY, &screen.to_key());
    }
}

/// The open caseload, shared by every screen (compared by identity).
#[derive(Clone)]
pub struct Shared(pub Rc<Caseload>);

impl PartialEq for Shared {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// What every screen may use.
#[derive(Clone, PartialEq)]
pub struct Session {
    /// The caseload.
    pub caseload: Shared,
    /// The index as last saved.
    pub index: Rc<Index>,
    /// Moves to another screen.
    pub go: Callback<Screen>,
    /// Takes a newly saved index.
    pub set_index: Callback<Index>,
    /// Today, `YYYY-MM-DD`, on this device's clock.
    pub today: String,
    /// Locks the records and opens the restore form.
    pub start_restore: Callback<()>,
    /// Locks the records, saying why.
    pub lock: Callback<Option<AttrValue>>,
    /// Whether the client holds the tablet (the app then offers no way out).
    pub set_handed_over: Callback<bool>,
}

/// Moves focus to a new screen, so keyboard and screen-reader users start there and hear
/// that it changed: to `preferred` if it is on the page, else the main heading, else the
/// main region.
fn focus_new_screen(preferred: Option<&str>) {
    let Some(document) = web_sys::window().and_then(|window| window.document()) else {
        return;
    };
    let find = |selector: &str| document.query_selector(selector).ok().flatten();
    let target = preferred
        .and_then(find)
        .or_else(|| find("main h1"))
        .or_else(|| document.get_element_by_id("main"));
    if let Some(element) =
        target.and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok())
    {
        if element.tag_name() != "INPUT" && !element.has_attribute("tabindex") {
            let _ = element.set_attribute("tabindex", "-1");
        }
        let _ = element.focus();
    }
}

/// Today's date on this device, `YYYY-MM-DD`.
pub fn today() -> String {
    let now = js_sys::Date::new_0();
    format!(
        "{:04}-{:02}-{:02}",
        now.get_full_year(),
        now.get_month() + 1,
        now.get_date()
    )
}

/// The current year on this device.
pub fn this_year() -> u16 {
    u16::try_from(js_sys::Date::new_0().get_full_year()).unwrap_or(u16::MAX)
}

/// The whole app.
#[component]
pub fn App() -> Html {
    let state = use_reducer(|| AppState::resuming(remembered_screen().unwrap_or(Screen::Clients)));
    use_effect_with(state.screen.clone(), remember_screen);
    {
        let state = state.dispatcher();
        use_effect_with((), move |_| {
            yew::platform::spawn_local(async move {
                let found = crate::store::Store::is_set_up(DATABASE).await;
                state.dispatch(AppAction::Checked(
                    found.map_err(|error| AttrValue::from(error.to_string())),
                ));
            });
        });
    }
    // The caseload open in this tab, for the locks that come from outside a render (another
    // tab, the idle timer), which must lock the one open now.
    let current = use_mut_ref(|| None::<Rc<Caseload>>);
    // One tab at a time: a tab that opens the records tells the others, which lock. Two
    // tabs writing the same records would each keep its own list of clients.
    let channel = use_state(|| web_sys::BroadcastChannel::new(TABS_CHANNEL).ok());
    {
        let (dispatch, current, channel) = (state.dispatcher(), current.clone(), channel.clone());
        use_effect_with((), move |_| {
            let listener = (*channel).as_ref().map(|channel| {
                gloo_events::EventListener::new(channel, "message", move |_| {
                    let opened_here = current.borrow_mut().take();
                    if let Some(caseload) = opened_here
                        && !caseload.is_locked()
                    {
                        caseload.lock();
                        dispatch.dispatch(AppAction::Locked(Some(AttrValue::from(
                            "The records were opened in another tab or window, so they were locked here. Only one can have them open at a time.",
                        ))));
                    }
                })
            });
            move || drop(listener)
        });
    }
    let on_open = {
        let dispatch = state.dispatcher();
        let (current, channel) = (current.clone(), channel.clone());
        Callback::from(move |caseload: Rc<Caseload>| {
            *current.borrow_mut() = Some(Rc::clone(&caseload));
            if let Some(channel) = (*channel).as_ref() {
                let _ = channel.post_message(&JsValue::from_str("opened"));
            }
            let dispatch = dispatch.clone();
            yew::platform::spawn_local(async move {
                dispatch.dispatch(match caseload.index().await {
                    Ok(index) => AppAction::Opened(Shared(caseload), index),
                    Err(error) => AppAction::Failed(error.to_string().into()),
                });
            });
        })
    };
    let lock_current = {
        let current = current.clone();
        move || {
            if let Some(caseload) = current.borrow_mut().take() {
                caseload.lock();
            }
        }
    };
    let lock = {
        let (dispatch, lock_current) = (state.dispatcher(), lock_current.clone());
        Callback::from(move |reason: Option<AttrValue>| {
            lock_current();
            dispatch.dispatch(AppAction::Locked(reason));
        })
    };
    let start_restore = {
        let dispatch = state.dispatcher();
        Callback::from(move |()| {
            lock_current();
            dispatch.dispatch(AppAction::StartRestore);
        })
    };
    let restore_link = html! {
        <p class="app-restore-link">
            <button type="button" class="wc-link-button" data-app-start-restore=""
                onclick={ { let start = start_restore.clone(); move |_| start.emit(()) } }>{ "Restore records from a backup" }</button>
        </p>
    };
    // Each change of phase (set up, locked, restore, open) starts at its top; a locked
    // screen at the passphrase.
    let phase_kind = match &state.phase {
        Phase::Checking => 0,
        Phase::SetUp => 1,
        Phase::Locked(_) => 2,
        Phase::Open(..) => 3,
        Phase::Restore { .. } => 4,
        Phase::Failed(_) => 5,
    };
    use_effect_with(
        (phase_kind, state.hand_back_first),
        |(kind, hand_back)| match kind {
            0 | 3 => {}
            2 if !hand_back => focus_new_screen(Some("#field-passphrase")),
            _ => focus_new_screen(None),
        },
    );
    let body = match &state.phase {
        Phase::Checking => html! { <p class="wc-status" role="status">{ "Opening…" }</p> },
        Phase::Failed(message) => html! {
            <div class="app-panel app-panel-error" role="alert">
                <h1>{ "The app cannot open its records" }</h1>
                <p>{ message.clone() }</p>
                <p>{ "This browser may block storage for this site (private browsing does). Nothing has been changed." }</p>
            </div>
        },
        Phase::SetUp => html! {
            <>
                <unlock::SetUpForm on_open={on_open.clone()} />
                { restore_link }
            </>
        },
        Phase::Locked(_) if state.hand_back_first => {
            let worker = {
                let dispatch = state.dispatcher();
                Callback::from(move |_| dispatch.dispatch(AppAction::WorkerUnlock))
            };
            html! {
                <div class="app-narrow app-hand-back" data-app-locked-hand-back="">
                    <h1>{ "Please hand the tablet back" }</h1>
                    <p>{ "Thank you." }</p>
                    <button type="button" class="wc-button wc-button-secondary" onclick={worker} data-app-worker-unlock="">
                        { "For the link worker: unlock" }
                    </button>
                </div>
            }
        }
        Phase::Locked(reason) => html! {
            <>
                <unlock::UnlockForm on_open={on_open.clone()} reason={reason.clone()} />
                { restore_link }
            </>
        },
        Phase::Restore { replacing } => {
            let on_cancel = {
                let dispatch = state.dispatcher();
                Callback::from(move |()| dispatch.dispatch(AppAction::CancelRestore))
            };
            html! { <backup::RestoreForm on_open={on_open.clone()} {on_cancel} replacing={*replacing} /> }
        }
        Phase::Open(caseload, index) => {
            let go = {
                let dispatch = state.dispatcher();
                Callback::from(move |next: Screen| dispatch.dispatch(AppAction::Go(next)))
            };
            let set_index = {
                let dispatch = state.dispatcher();
                Callback::from(move |index: Index| dispatch.dispatch(AppAction::IndexSaved(index)))
            };
            let session = Session {
                caseload: caseload.clone(),
                index: Rc::clone(index),
                go,
                set_index,
                today: today(),
                start_restore: start_restore.clone(),
                lock: lock.clone(),
                set_handed_over: {
                    let dispatch = state.dispatcher();
                    Callback::from(move |on: bool| dispatch.dispatch(AppAction::HandedOver(on)))
                },
            };
            let minutes = index.settings.auto_lock_minutes;
            html! {
                <ContextProvider<Session> context={session}>
                    <Opened screen={state.screen.clone()} lock={lock.clone()} {minutes} />
                </ContextProvider<Session>>
            }
        }
    };
    html! {
        <>
            <a class="app-skip-link" href="#main">{ "Skip to main content" }</a>
            <header class="app-header">
                <span class="app-name">{ "wellcheck" }<span class="app-name-part">{ " for link workers" }</span></span>
                if matches!(&state.phase, Phase::Open(..)) && !state.handed_over {
                    <button type="button" class="wc-button app-button-header" data-app-lock=""
                        onclick={ { let lock = lock.clone(); move |_| lock.emit(None) } }>{ "Lock" }</button>
                }
            </header>
            <main id="main" class="app-main">{ body }</main>
        </>
    }
}

#[derive(Properties, PartialEq)]
struct OpenedProps {
    screen: Screen,
    lock: Callback<Option<AttrValue>>,
    minutes: u16,
}

/// The unlocked app: navigation, the current screen, and the idle lock.
#[component]
fn Opened(props: &OpenedProps) -> Html {
    let session = use_session();
    idle::use_idle_lock(props.minutes, props.lock.clone());
    // A questionnaire moves focus itself, question by question.
    use_effect_with(props.screen.clone(), |screen| {
        if !matches!(screen, Screen::RunVisit(_)) {
            focus_new_screen(None);
        }
    });
    let nav = |label: &'static str, target: Screen, current: bool| {
        let go = session.go.clone();
        let name = label.to_lowercase();
        let onclick = Callback::from(move |_| go.emit(target.clone()));
        html! {
            <li>
                <button type="button" class="app-nav-link" aria-current={current.then_some("page")} data-app-nav={name} {onclick}>{ label }</button>
            </li>
        }
    };
    let screen = match &props.screen {
        Screen::Clients => html! { <clients::ClientList /> },
        Screen::NewClient => html! { <client_form::ClientForm id={None::<AttrValue>} /> },
        Screen::EditClient(id) => {
            html! { <client_form::ClientForm id={Some(AttrValue::from(id.clone()))} /> }
        }
        Screen::Client(id) => {
            html! { <client_page::ClientPage id={AttrValue::from(id.clone())} /> }
        }
        Screen::NewVisit(client) => {
            html! { <visit_setup::VisitSetup client={AttrValue::from(client.clone())} /> }
        }
        Screen::RunVisit(id) => {
            html! { <visit_run::VisitRun key={id.clone()} id={AttrValue::from(id.clone())} /> }
        }
        Screen::Visit(id) => {
            html! { <visit_page::VisitPage key={id.clone()} id={AttrValue::from(id.clone())} /> }
        }
        Screen::Settings => html! { <settings::SettingsPage /> },
        Screen::Outcomes => html! { <outcomes::OutcomesPage /> },
        Screen::HandOver(id) => {
            html! { <hand_over::HandOver key={id.clone()} id={AttrValue::from(id.clone())} /> }
        }
    };
    let running = matches!(props.screen, Screen::RunVisit(_) | Screen::HandOver(_));
    html! {
        <>
            if !running {
                <nav class="app-nav" aria-label="Main">
                    <ul>
                        { nav("Clients", Screen::Clients, props.screen == Screen::Clients) }
                        { nav("Outcomes", Screen::Outcomes, props.screen == Screen::Outcomes) }
                        { nav("Settings", Screen::Settings, props.screen == Screen::Settings) }
                    </ul>
                </nav>
            }
            { screen }
        </>
    }
}

/// The session, from context.
#[hook]
pub fn use_session() -> Session {
    match use_context::<Session>() {
        Some(session) => session,
        // Screens are only mounted inside the provider; this is never shown.
        None => Session {
            caseload: Shared(Rc::new(Caseload::closed())),
            index: Rc::new(Index::default()),
            go: Callback::noop(),
            set_index: Callback::noop(),
            today: today(),
            start_restore: Callback::noop(),
            lock: Callback::noop(),
            set_handed_over: Callback::noop(),
        },
    }
}

/// Starts the app in the page's `#app` element (called by `app.js`).
#[wasm_bindgen(js_name = startApp)]
pub fn start_app() -> Result<(), JsValue> {
    let root = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.get_element_by_id("app"))
        .ok_or_else(|| JsValue::from_str("the page has no #app element"))?;
    yew::Renderer::<App>::with_root(root).render();
    Ok(())
}
