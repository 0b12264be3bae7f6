//! Setting up the records with a passphrase, and unlocking them. Deriving the key takes a
//! moment on purpose (600,000 PBKDF2 rounds), so the button says what is happening.

use std::rc::Rc;

use yew::prelude::*;

use crate::caseload::Caseload;
use crate::records::FieldProblem;
use crate::store::{Store, StoreError};
use crate::ui::DATABASE;
use crate::ui::parts::problems::{error_summary, problem_for};
use crate::vault::VaultError;
use wellcheck_web::kit::{TextField, setter};

/// Shortest passphrase accepted, in characters.
pub const MIN_PASSPHRASE: usize = 12;

/// Props for the set-up and unlock forms.
#[derive(Properties, PartialEq)]
pub struct SetUpProps {
    /// Receives the opened caseload.
    pub on_open: Callback<Rc<Caseload>>,
}

/// Checks a new passphrase and its repeat.
pub fn check_new_passphrase(
    passphrase: &str,
    repeat: &str,
    field: &'static str,
) -> Vec<FieldProblem> {
    let mut problems = Vec::new();
    // Spaces around it do not count: twelve spaces are no passphrase.
    if passphrase.trim().chars().count() < MIN_PASSPHRASE {
        problems.push(FieldProblem {
            field,
            message: format!(
                "The passphrase must be at least {MIN_PASSPHRASE} characters: a few unrelated words work well"
            ),
        });
    } else if passphrase != repeat {
        problems.push(FieldProblem {
            field: "repeat",
            message: "The two passphrases are not the same".to_owned(),
        });
    }
    problems
}

/// First use on this device: choose a passphrase.
#[component]
pub fn SetUpForm(props: &SetUpProps) -> Html {
    let passphrase = use_state(String::new);
    let repeat = use_state(String::new);
    let problems = use_state(Vec::<FieldProblem>::new);
    let busy = use_state(|| false);
    let onsubmit = {
        let (passphrase, repeat, problems, busy) = (
            passphrase.clone(),
            repeat.clone(),
            problems.clone(),
            busy.clone(),
        );
        let on_open = props.on_open.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if *busy {
                return;
            }
            let found = check_new_passphrase(&passphrase, &repeat, "passphrase");
            if !found.is_empty() {
                problems.set(found);
                return;
            }
            busy.set(true);
            let (passphrase, problems, busy, on_open) = (
                (*passphrase).clone(),
                problems.clone(),
                busy.clone(),
                on_open.clone(),
            );
            yew::platform::spawn_local(async move {
                let opened = match Store::set_up(DATABASE, &passphrase).await {
                    Ok(store) => Caseload::open(store).await,
                    Err(error) => Err(error),
                };
                busy.set(false);
                match opened {
                    Ok(caseload) => on_open.emit(Rc::new(caseload)),
                    Err(error) => problems.set(vec![FieldProblem {
                        field: "passphrase",
                        message: error.to_string(),
                    }]),
                }
            });
        })
    };
    html! {
        <div class="app-narrow">
            <h1>{ "Set up this tablet" }</h1>
            <p>{ "Your clients' records are kept on this tablet only, encrypted with a passphrase you choose now. Nobody else holds a copy of it, so there is no way to reset it:" }<strong>{ " if it is forgotten, the records cannot be opened." }</strong></p>
            <crate::ui::parts::safari::SafariWarning />
            { error_summary(&problems) }
            <form {onsubmit} novalidate=true>
                <TextField name="passphrase" label="Choose a passphrase" kind="password" autocomplete="new-password"
                    hint={AttrValue::from(format!("At least {MIN_PASSPHRASE} characters. A few unrelated words are easy to type and hard to guess."))}
                    value={AttrValue::from((*passphrase).clone())} error={problem_for(&problems, "passphrase")} oninput={setter(&passphrase)} />
                <TextField name="repeat" label="Type the passphrase again" kind="password" autocomplete="new-password"
                    value={AttrValue::from((*repeat).clone())} error={problem_for(&problems, "repeat")} oninput={setter(&repeat)} />
                <button type="submit" class="wc-button" disabled={*busy}>
                    { if *busy { "Setting up…" } else { "Set up" } }
                </button>
            </form>
        </div>
    }
}

/// Props for [`UnlockForm`].
#[derive(Properties, PartialEq)]
pub struct UnlockProps {
    /// Receives the opened caseload.
    pub on_open: Callback<Rc<Caseload>>,
    /// Why the records were locked, if the app did it.
    #[prop_or_default]
    pub reason: Option<AttrValue>,
}

/// The records are locked: enter the passphrase.
#[component]
pub fn UnlockForm(props: &UnlockProps) -> Html {
    let passphrase = use_state(String::new);
    let problems = use_state(Vec::<FieldProblem>::new);
    let busy = use_state(|| false);
    // Counts finished attempts, so a test (or assistive software) can tell one refusal
    // from the next.
    let attempts = use_state(|| 0_u32);
    let onsubmit = {
        let (passphrase, problems, busy, attempts) = (
            passphrase.clone(),
            problems.clone(),
            busy.clone(),
            attempts.clone(),
        );
        let on_open = props.on_open.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if *busy {
                return;
            }
            if passphrase.is_empty() {
                problems.set(vec![FieldProblem {
                    field: "passphrase",
                    message: "Enter your passphrase".to_owned(),
                }]);
                return;
            }
            busy.set(true);
            let (text, passphrase, problems, busy, on_open, attempts) = (
                (*passphrase).clone(),
                passphrase.clone(),
                problems.clone(),
                busy.clone(),
                on_open.clone(),
                attempts.clone(),
            );
            yew::platform::spawn_local(async move {
                let opened = match Store::unlock(DATABASE, &text).await {
                    Ok(store) => Caseload::open(store).await,
                    Err(error) => Err(error),
                };
                busy.set(false);
                attempts.set(*attempts + 1);
                match opened {
                    Ok(caseload) => on_open.emit(Rc::new(caseload)),
                    Err(error) => {
                        passphrase.set(String::new());
                        let message = match error {
                            StoreError::Vault(VaultError::WrongPassphrase) => {
                                "That passphrase is not right. Nothing has been changed: try again."
                                    .to_owned()
                            }
                            other => other.to_string(),
                        };
                        problems.set(vec![FieldProblem {
                            field: "passphrase",
                            message,
                        }]);
                    }
                }
            });
        })
    };
    html! {
        <div class="app-narrow">
            <h1>{ "Unlock your records" }</h1>
            if let Some(reason) = &props.reason {
                <p class="app-inset">{ reason.clone() }</p>
            }
            { error_summary(&problems) }
            <form {onsubmit} novalidate=true data-app-attempts={attempts.to_string()}>
                <TextField name="passphrase" label="Passphrase" kind="password" autocomplete="current-password"
                    value={AttrValue::from((*passphrase).clone())} error={problem_for(&problems, "passphrase")} oninput={setter(&passphrase)} />
                <button type="submit" class="wc-button" disabled={*busy} data-app-unlock="">
                    { if *busy { "Unlocking…" } else { "Unlock" } }
                </button>
            </form>
        </div>
    }
}
