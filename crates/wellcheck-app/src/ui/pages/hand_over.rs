//! Handing the tablet to the client for the private questions. The worker sets a hand-back
//! PIN; the screen then shows only the current questionnaire, full screen, with no menu,
//! no Lock or Pause, and the browser's Back caught, so no other record can be reached. The
//! last answer gives way at once to "Please hand the tablet back" (never a result, not for a
//! frame); if the finished visit's save fails, the client is told nothing more and the worker
//! sees why after the PIN and saves again. Only the PIN (or, after five
//! wrong tries, the passphrase: the records lock) returns the tablet to the worker. A safety
//! flag raised meanwhile (PHQ-9 item 9 above 0) is kept in the visit's record, so the
//! worker sees it first however the tablet comes back (the PIN, or a lock and the
//! passphrase). A reload locks the records, as always.

use std::rc::Rc;

use gloo_events::EventListener;
use yew::prelude::*;

use crate::records::FieldProblem;
use crate::ui::pages::visit_run::{FinalSaveFailed, VisitRun};
use crate::ui::parts::problems::{error_summary, problem_for};
use crate::ui::{Screen, use_session};
use wellcheck_web::kit::{TextField, setter};

/// Wrong PINs allowed before the records lock and need the passphrase.
const PIN_TRIES: u32 = 5;

/// Props for [`HandOver`].
#[derive(Properties, PartialEq)]
pub struct HandOverProps {
    /// The visit's record id.
    pub id: AttrValue,
}

#[derive(Clone, PartialEq)]
enum Stage {
    /// The worker chooses the hand-back PIN.
    SetPin,
    /// The client has the tablet.
    WithClient,
    /// The questionnaires are done: waiting for the worker's PIN. The finished visit's
    /// save failed when `failed` holds why; the client is not told.
    HandBack { failed: Option<Rc<FinalSaveFailed>> },
    /// Handed back after the finished visit failed to save: the worker sees why and saves
    /// it again.
    SaveFailed(Rc<FinalSaveFailed>),
}

/// Checks a new PIN: 4 to 8 digits, typed twice alike.
fn check_pin(pin: &str, repeat: &str) -> Vec<FieldProblem> {
    if !(4..=8).contains(&pin.chars().count()) || !pin.chars().all(|c| c.is_ascii_digit()) {
        return vec![FieldProblem {
            field: "pin",
            message: "The PIN must be 4 to 8 digits".to_owned(),
        }];
    }
    if pin != repeat {
        return vec![FieldProblem {
            field: "pin-repeat",
            message: "The two PINs are not the same".to_owned(),
        }];
    }
    Vec::new()
}

/// Full screen for the client, where the browser allows it (it may refuse: nothing else
/// depends on it).
fn full_screen(on: bool) {
    let Some(document) = web_sys::window().and_then(|window| window.document()) else {
        return;
    };
    if on {
        if let Some(root) = document.document_element() {
            let _ = root.request_fullscreen();
        }
    } else if document.fullscreen_element().is_some() {
        document.exit_fullscreen();
    }
}

/// The hand-over screen.
#[component]
pub fn HandOver(props: &HandOverProps) -> Html {
    let session = use_session();
    let stage = use_state(|| Stage::SetPin);
    let pin = use_mut_ref(String::new);
    let typed = use_state(String::new);
    let repeat = use_state(String::new);
    let problems = use_state(Vec::<FieldProblem>::new);
    let tries = use_state(|| 0_u32);
    let with_client = matches!(*stage, Stage::WithClient | Stage::HandBack { .. });
    // While the client holds it: Back stays here, and the app shows no way out.
    {
        let set_handed_over = session.set_handed_over.clone();
        use_effect_with(with_client, move |with_client| {
            set_handed_over.emit(*with_client);
            let trap = with_client.then(|| {
                let window = web_sys::window()?;
                let history = window.history().ok()?;
                let _ = history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", None);
                Some(EventListener::new(&window, "popstate", move |_| {
                    let _ = history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", None);
                }))
            });
            move || drop(trap)
        });
    }
    {
        let set_handed_over = session.set_handed_over.clone();
        use_effect_with((), move |_| move || set_handed_over.emit(false));
    }
    // Each stage is a new screen: focus its heading, as a screen change does. With the
    // client, the questionnaire focuses its own first question.
    {
        let with_client = matches!(*stage, Stage::WithClient);
        let kind = std::mem::discriminant(&*stage);
        use_effect_with(kind, move |_| {
            if !with_client {
                crate::ui::focus_new_screen(None);
            }
        });
    }
    match &*stage {
        Stage::SetPin => {
            let onsubmit = {
                let (stage, pin, typed, repeat, problems) = (
                    stage.clone(),
                    pin.clone(),
                    typed.clone(),
                    repeat.clone(),
                    problems.clone(),
                );
                Callback::from(move |event: SubmitEvent| {
                    event.prevent_default();
                    let found = check_pin(&typed, &repeat);
                    if !found.is_empty() {
                        problems.set(found);
                        return;
                    }
                    *pin.borrow_mut() = (*typed).clone();
                    typed.set(String::new());
                    repeat.set(String::new());
                    problems.set(Vec::new());
                    full_screen(true);
                    stage.set(Stage::WithClient);
                })
            };
            let back = {
                let (go, id) = (session.go.clone(), props.id.to_string());
                Callback::from(move |_| go.emit(Screen::RunVisit(id.clone())))
            };
            html! {
                <div class="app-narrow">
                    <h1>{ "Hand the tablet to the client" }</h1>
                    <p>{ "The client will see only these questionnaires. Choose a PIN to get the tablet back afterwards: the client must not see it. It is kept only until the tablet is handed back." }</p>
                    { error_summary(&problems) }
                    <form {onsubmit} novalidate=true>
                        <TextField name="pin" label="Hand-back PIN" kind="password" inputmode={AttrValue::from("numeric")} narrow=true autocomplete="off"
                            hint={AttrValue::from("4 to 8 digits")} value={AttrValue::from((*typed).clone())} error={problem_for(&problems, "pin")} oninput={setter(&typed)} />
                        <TextField name="pin-repeat" label="The PIN again" kind="password" inputmode={AttrValue::from("numeric")} narrow=true autocomplete="off"
                            value={AttrValue::from((*repeat).clone())} error={problem_for(&problems, "pin-repeat")} oninput={setter(&repeat)} />
                        <div class="app-button-row">
                            <button type="submit" class="wc-button" data-app-hand-over-start="">{ "Hand over" }</button>
                            <button type="button" class="wc-button wc-button-secondary" onclick={back}>{ "Cancel" }</button>
                        </div>
                    </form>
                </div>
            }
        }
        Stage::WithClient => {
            let finished = {
                let stage = stage.clone();
                Callback::from(move |failed| stage.set(Stage::HandBack { failed }))
            };
            html! { <VisitRun id={props.id.clone()} with_client={finished} /> }
        }
        Stage::SaveFailed(failed) => {
            let retry = {
                let (session, stage, failed) = (session.clone(), stage.clone(), Rc::clone(failed));
                Callback::from(move |_| {
                    let (session, stage, failed) =
                        (session.clone(), stage.clone(), Rc::clone(&failed));
                    yew::platform::spawn_local(async move {
                        match session.caseload.0.save_visit(&failed.visit).await {
                            Ok(index) => {
                                session.set_index.emit(index);
                                session.go.emit(Screen::Visit(failed.visit.id.clone()));
                            }
                            Err(error) => stage.set(Stage::SaveFailed(Rc::new(FinalSaveFailed {
                                message: format!("The finished visit was still not saved. {error}"),
                                visit: failed.visit.clone(),
                            }))),
                        }
                    });
                })
            };
            html! {
                <div class="app-narrow" data-app-save-failed="">
                    <h1>{ "The visit was not saved" }</h1>
                    <div class="app-panel app-panel-error" role="alert">
                        <p>{ failed.message.clone() }</p>
                        <p>{ "The client's answers are still here. Save the visit again before you leave this screen." }</p>
                    </div>
                    <button type="button" class="wc-button" onclick={retry} data-app-retry-save="">{ "Try saving again" }</button>
                </div>
            }
        }
        Stage::HandBack { failed } => {
            let onsubmit = {
                let (pin, typed, problems, tries) =
                    (pin.clone(), typed.clone(), problems.clone(), tries.clone());
                let (stage, failed) = (stage.clone(), failed.clone());
                let (lock, go, id) = (
                    session.lock.clone(),
                    session.go.clone(),
                    props.id.to_string(),
                );
                Callback::from(move |event: SubmitEvent| {
                    event.prevent_default();
                    if *typed == *pin.borrow() {
                        full_screen(false);
                        problems.set(Vec::new());
                        match &failed {
                            Some(failed) => stage.set(Stage::SaveFailed(Rc::clone(failed))),
                            // The visit's page shows any safety flag first.
                            None => go.emit(Screen::Visit(id.clone())),
                        }
                        return;
                    }
                    typed.set(String::new());
                    let used = *tries + 1;
                    tries.set(used);
                    if used >= PIN_TRIES {
                        full_screen(false);
                        lock.emit(Some(AttrValue::from(
                            "Locked after five wrong hand-back PINs. The answers are saved: unlock with the passphrase.",
                        )));
                        return;
                    }
                    problems.set(vec![FieldProblem {
                        field: "hand-back-pin",
                        message: match PIN_TRIES - used {
                            1 => "That is not the hand-back PIN. One more try, then the records lock.".to_owned(),
                            left => format!("That is not the hand-back PIN. {left} more tries, then the records lock."),
                        },
                    }]);
                })
            };
            html! {
                <div class="app-narrow app-hand-back" data-app-hand-back="">
                    <h1>{ "Please hand the tablet back" }</h1>
                    <p>{ if failed.is_some() { "Thank you." } else { "Thank you. Your answers are saved." } }</p>
                    { error_summary(&problems) }
                    <form {onsubmit} novalidate=true>
                        <TextField name="hand-back-pin" label="For the link worker: hand-back PIN" kind="password" inputmode={AttrValue::from("numeric")} narrow=true autocomplete="off"
                            value={AttrValue::from((*typed).clone())} error={problem_for(&problems, "hand-back-pin")} oninput={setter(&typed)} />
                        <button type="submit" class="wc-button" data-app-hand-back-submit="">{ "Continue" }</button>
                    </form>
                </div>
            }
        }
    }
}
