//! Settings: when to lock, when follow-up falls due, the scheme's own pick-list entries,
//! licensed questionnaires' wording (`licensed.rs`), the passphrase, and whether the browser will keep the records (persistent storage and space
//! used, with a plain warning when it may clear them).

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use yew::prelude::*;

use crate::picklists::{self, NEEDS, SUPPORT};
use crate::records::{AUTO_LOCK_RANGE, FOLLOW_UP_RANGE, FieldProblem, Settings};
use crate::store::StoreError;
use crate::ui::pages::backup::BackupSettings;
use crate::ui::pages::exports::ExportSettings;
use crate::ui::pages::licensed::LicensedWordingSettings;
use crate::ui::pages::unlock::check_new_passphrase;
use crate::ui::parts::problems::{error_summary, problem_for};
use crate::ui::use_session;
use crate::vault::VaultError;
use wellcheck_web::kit::{TextField, setter, status};

/// The settings page.
#[component]
pub fn SettingsPage() -> Html {
    html! {
        <div class="app-narrow">
            <h1>{ "Settings" }</h1>
            <StorageStatus />
            <SchemeSettings />
            <PickListSettings />
            <LicensedWordingSettings />
            <BackupSettings />
            <ExportSettings />
            <PassphraseChange />
        </div>
    }
}

fn save_settings(
    session: &crate::ui::Session,
    settings: Settings,
    message: UseStateHandle<Option<String>>,
) {
    let session = session.clone();
    yew::platform::spawn_local(async move {
        match session.caseload.0.save_settings(&settings).await {
            Ok(index) => {
                session.set_index.emit(index);
                message.set(Some("Saved.".to_owned()));
            }
            Err(error) => message.set(Some(format!("Not saved. {error}"))),
        }
    });
}

#[component]
fn SchemeSettings() -> Html {
    let session = use_session();
    let minutes = use_state(|| session.index.settings.auto_lock_minutes.to_string());
    let weeks = use_state(|| session.index.settings.follow_up_weeks.to_string());
    let scheme = use_state(|| session.index.settings.scheme_name.clone());
    let problems = use_state(Vec::<FieldProblem>::new);
    let message = use_state(|| None::<String>);
    let onsubmit = {
        let (scheme, minutes, weeks, problems, message, session) = (
            scheme.clone(),
            minutes.clone(),
            weeks.clone(),
            problems.clone(),
            message.clone(),
            session.clone(),
        );
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let mut found = Vec::new();
            // The name is optional: an empty field clears it.
            let scheme_name = if scheme.trim().is_empty() {
                Ok(String::new())
            } else {
                wellcheck_outcomes::headline::check_scheme_name(&scheme)
            };
            if let Err(why) = &scheme_name {
                let mut why = why.clone();
                if let Some(first) = why.get(..1) {
                    why = format!(
                        "{}{}",
                        first.to_uppercase(),
                        why.get(1..).unwrap_or_default()
                    );
                }
                found.push(FieldProblem {
                    field: "scheme-name",
                    message: why,
                });
            }
            let read = |text: &str, range: &std::ops::RangeInclusive<u16>| {
                text.trim()
                    .parse::<u16>()
                    .ok()
                    .filter(|value| range.contains(value))
            };
            let lock = read(&minutes, &AUTO_LOCK_RANGE);
            if lock.is_none() {
                found.push(FieldProblem {
                    field: "auto-lock",
                    message: format!(
                        "Enter a whole number of minutes from {} to {}",
                        AUTO_LOCK_RANGE.start(),
                        AUTO_LOCK_RANGE.end()
                    ),
                });
            }
            let follow = read(&weeks, &FOLLOW_UP_RANGE);
            if follow.is_none() {
                found.push(FieldProblem {
                    field: "follow-up",
                    message: format!(
                        "Enter a whole number of weeks from {} to {}",
                        FOLLOW_UP_RANGE.start(),
                        FOLLOW_UP_RANGE.end()
                    ),
                });
            }
            problems.set(found);
            if let (Some(lock), Some(follow), Ok(scheme_name)) = (lock, follow, scheme_name) {
                let mut settings = session.index.settings.clone();
                settings.scheme_name = scheme_name;
                settings.auto_lock_minutes = lock;
                settings.follow_up_weeks = follow;
                save_settings(&session, settings, message.clone());
            }
        })
    };
    html! {
        <section>
            <h2>{ "Your scheme, locking and follow-up" }</h2>
            { error_summary(&problems) }
            <form {onsubmit} novalidate=true>
                <TextField name="scheme-name" label="Your scheme's name (optional)"
                    hint={AttrValue::from("Shown at the top of the Outcomes page and on its printout, for your commissioner. For example: North Town Link.")}
                    value={AttrValue::from((*scheme).clone())} error={problem_for(&problems, "scheme-name")} oninput={setter(&scheme)} />
                <TextField name="auto-lock" label="Lock after this many minutes without use" narrow=true inputmode={AttrValue::from("numeric")}
                    hint={AttrValue::from("From 1 to 60. The default is 5.")}
                    value={AttrValue::from((*minutes).clone())} error={problem_for(&problems, "auto-lock")} oninput={setter(&minutes)} />
                <TextField name="follow-up" label="Follow-up is due this many weeks after a baseline" narrow=true inputmode={AttrValue::from("numeric")}
                    hint={AttrValue::from("From 1 to 104. The default is 12 (about 3 months).")}
                    value={AttrValue::from((*weeks).clone())} error={problem_for(&problems, "follow-up")} oninput={setter(&weeks)} />
                <button type="submit" class="wc-button" data-app-save-settings="">{ "Save" }</button>
                { status(&message) }
            </form>
        </section>
    }
}

#[component]
fn PickListSettings() -> Html {
    let session = use_session();
    let need = use_state(String::new);
    let support = use_state(String::new);
    let problems = use_state(Vec::<FieldProblem>::new);
    let message = use_state(|| None::<String>);
    let add = |field: &'static str,
               text: UseStateHandle<String>,
               standard: &'static [(&'static str, &'static str)],
               list: fn(&mut Settings) -> &mut Vec<String>| {
        let (problems, message, session) = (problems.clone(), message.clone(), session.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let mut settings = session.index.settings.clone();
            match picklists::check_entry(&text, standard, list(&mut settings)) {
                Ok(entry) => {
                    list(&mut settings).push(entry);
                    problems.set(Vec::new());
                    text.set(String::new());
                    save_settings(&session, settings, message.clone());
                }
                Err(error) => problems.set(vec![FieldProblem {
                    field,
                    message: error,
                }]),
            }
        })
    };
    let extra = |entries: &[String]| {
        if entries.is_empty() {
            html! { <p class="wc-hint">{ "None added yet." }</p> }
        } else {
            html! { <ul>{ for entries.iter().map(|entry| html! { <li>{ entry.clone() }</li> }) }</ul> }
        }
    };
    html! {
        <section>
            <h2>{ "Your scheme's pick lists" }</h2>
            <p>{ "Visits offer a standard list of needs and of support, grouped as the PRSB Social Prescribing Information Standard groups them. Add your scheme's own groups and services here." }</p>
            { error_summary(&problems) }
            <h3>{ "Needs you added" }</h3>
            { extra(&session.index.settings.extra_needs) }
            <form onsubmit={add("new-need", need.clone(), NEEDS, |settings| &mut settings.extra_needs)} novalidate=true>
                <TextField name="new-need" label="Add a need" value={AttrValue::from((*need).clone())} error={problem_for(&problems, "new-need")} oninput={setter(&need)} />
                <button type="submit" class="wc-button wc-button-secondary">{ "Add need" }</button>
            </form>
            <h3>{ "Support you added" }</h3>
            { extra(&session.index.settings.extra_support) }
            <form onsubmit={add("new-support", support.clone(), SUPPORT, |settings| &mut settings.extra_support)} novalidate=true>
                <TextField name="new-support" label="Add a group or service" hint={AttrValue::from("For example: Tuesday walking group, Hillside allotments")}
                    value={AttrValue::from((*support).clone())} error={problem_for(&problems, "new-support")} oninput={setter(&support)} />
                <button type="submit" class="wc-button wc-button-secondary">{ "Add support" }</button>
            </form>
            { status(&message) }
        </section>
    }
}

#[component]
fn PassphraseChange() -> Html {
    let session = use_session();
    let old = use_state(String::new);
    let new = use_state(String::new);
    let repeat = use_state(String::new);
    let problems = use_state(Vec::<FieldProblem>::new);
    let message = use_state(|| None::<String>);
    let busy = use_state(|| false);
    let onsubmit = {
        let (old, new, repeat, problems, message, busy, session) = (
            old.clone(),
            new.clone(),
            repeat.clone(),
            problems.clone(),
            message.clone(),
            busy.clone(),
            session.clone(),
        );
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if *busy {
                return;
            }
            let found = check_new_passphrase(&new, &repeat, "new-passphrase");
            if !found.is_empty() {
                problems.set(found);
                return;
            }
            busy.set(true);
            let (old_text, new_text) = ((*old).clone(), (*new).clone());
            let (old, new, repeat, problems, message, busy, session) = (
                old.clone(),
                new.clone(),
                repeat.clone(),
                problems.clone(),
                message.clone(),
                busy.clone(),
                session.clone(),
            );
            yew::platform::spawn_local(async move {
                let result = session
                    .caseload
                    .0
                    .change_passphrase(&old_text, &new_text)
                    .await;
                busy.set(false);
                match result {
                    Ok(()) => {
                        for field in [&old, &new, &repeat] {
                            field.set(String::new());
                        }
                        problems.set(Vec::new());
                        message.set(Some(
                            "Passphrase changed. Use the new one from now on.".to_owned(),
                        ));
                    }
                    Err(StoreError::Vault(VaultError::WrongPassphrase)) => {
                        problems.set(vec![FieldProblem {
                            field: "old-passphrase",
                            message:
                                "Your current passphrase is not right. Nothing has been changed."
                                    .to_owned(),
                        }])
                    }
                    Err(error) => problems.set(vec![FieldProblem {
                        field: "old-passphrase",
                        message: error.to_string(),
                    }]),
                }
            });
        })
    };
    html! {
        <section>
            <h2>{ "Change your passphrase" }</h2>
            { error_summary(&problems) }
            <form {onsubmit} novalidate=true>
                <TextField name="old-passphrase" label="Current passphrase" kind="password" autocomplete="current-password"
                    value={AttrValue::from((*old).clone())} error={problem_for(&problems, "old-passphrase")} oninput={setter(&old)} />
                <TextField name="new-passphrase" label="New passphrase" kind="password" autocomplete="new-password"
                    value={AttrValue::from((*new).clone())} error={problem_for(&problems, "new-passphrase")} oninput={setter(&new)} />
                <TextField name="repeat" label="Type the new passphrase again" kind="password" autocomplete="new-password"
                    value={AttrValue::from((*repeat).clone())} error={problem_for(&problems, "repeat")} oninput={setter(&repeat)} />
                <button type="submit" class="wc-button wc-button-secondary" disabled={*busy}>
                    { if *busy { "Changing…" } else { "Change passphrase" } }
                </button>
                { status(&message) }
            </form>
        </section>
    }
}

/// What the browser says about keeping this site's data.
#[derive(Clone, PartialEq, Default)]
struct Persistence {
    persisted: Option<bool>,
    used: Option<f64>,
    quota: Option<f64>,
    safari_tab: bool,
    /// Firefox asks the person before it keeps a site's data, and has no Install option.
    firefox: bool,
}

/// What is known now, without asking anything: `persisted()` answers at once in every
/// browser, where `persist()` may wait for a permission prompt (Firefox's) that a person
/// may never see.
async fn read_persistence() -> Persistence {
    let Some(window) = web_sys::window() else {
        return Persistence::default();
    };
    let navigator = window.navigator();
    let storage = navigator.storage();
    let persisted = match storage.persisted() {
        Ok(promise) => JsFuture::from(promise)
            .await
            .ok()
            .and_then(|value| value.as_bool()),
        Err(_) => None,
    };
    let (used, quota) = match storage.estimate() {
        Ok(promise) => match JsFuture::from(promise).await {
            Ok(estimate) => {
                let estimate: web_sys::StorageEstimate = estimate.unchecked_into();
                (estimate.get_usage(), estimate.get_quota())
            }
            Err(_) => (None, None),
        },
        Err(_) => (None, None),
    };
    Persistence {
        persisted,
        used,
        quota,
        safari_tab: crate::ui::parts::safari::in_a_tab(),
        firefox: navigator
            .user_agent()
            .is_ok_and(|agent| agent.contains("Firefox/")),
    }
}

/// A size as a person reads it: `3.2 MB`, or `10.7 GB` from a thousand megabytes up.
fn amount(bytes: f64) -> String {
    if bytes >= 1_000_000_000.0 {
        format!("{:.1} GB", bytes / 1_000_000_000.0)
    } else {
        format!("{:.1} MB", bytes / 1_000_000.0)
    }
}

/// Asks the browser to keep the records (it may ask the person first), then reads again.
async fn request_persistence() -> Persistence {
    if let Some(window) = web_sys::window()
        && let Ok(promise) = window.navigator().storage().persist()
    {
        let _ = JsFuture::from(promise).await;
    }
    read_persistence().await
}

#[component]
fn StorageStatus() -> Html {
    let status = use_state(|| None::<Persistence>);
    let asking = use_state(|| false);
    {
        let status = status.clone();
        use_effect_with((), move |_| {
            yew::platform::spawn_local(async move { status.set(Some(read_persistence().await)) });
        });
    }
    let Some(found) = (*status).clone() else {
        return html! { <section><h2>{ "Storage on this tablet" }</h2><p role="status">{ "Checking…" }</p></section> };
    };
    let ask = {
        let (status, asking) = (status.clone(), asking.clone());
        Callback::from(move |_| {
            asking.set(true);
            let (status, asking) = (status.clone(), asking.clone());
            yew::platform::spawn_local(async move {
                status.set(Some(request_persistence().await));
                asking.set(false);
            });
        })
    };
    let kept = found.persisted == Some(true) && !found.safari_tab;
    html! {
        <section data-app-storage="">
            <h2>{ "Storage on this tablet" }</h2>
            if kept {
                <p>{ "The browser has agreed to keep these records: it will not clear them to free space." }</p>
            } else {
                <div class="app-warning" role="note">
                    <h3>{ "The browser may clear these records" }</h3>
                    if found.safari_tab {
                        <p>{ crate::ui::parts::safari::ADD_TO_HOME_SCREEN }</p>
                    } else {
                        <p>
                            { "The browser has not agreed to keep these records, so it may clear them if the tablet runs short of space. " }
                            { if found.firefox {
                                "Firefox keeps them if you allow it: press the button below and answer Firefox's question."
                            } else {
                                "Installing the app (the browser's Install option) usually lets it keep them."
                            } }
                        </p>
                        // Never disabled while waiting: a question the person closed unanswered
                        // leaves the browser's answer pending for good, and they may ask again.
                        <button type="button" class="wc-button wc-button-secondary" onclick={ask} data-app-ask-persist="">
                            { "Ask the browser to keep these records" }
                        </button>
                        if *asking {
                            <p class="wc-hint" role="status">{ "The browser may ask you first: look for its question at the top of the screen. This page shows its answer as soon as it gives one." }</p>
                        }
                    }
                    <p>{ "Make a backup often (see Backups, below) and keep it somewhere other than this tablet: if the browser clears these records, a backup is the only way to get them back." }</p>
                </div>
            }
            <p>
                { match (found.used, found.quota) {
                    (Some(used), Some(quota)) => format!("Space used: {} of {} available to this app.", amount(used), amount(quota)),
                    (Some(used), None) => format!("Space used: {}.", amount(used)),
                    _ => "The browser does not say how much space is used.".to_owned(),
                } }
            </p>
        </section>
    }
}
