//! Running a visit's questionnaires in the embed's journey. Every answer is sealed into the
//! visit's record at once (its `progress`), so a reload, a crash or a lock at any question
//! loses nothing and the visit resumes where it stopped. When the last form is done, the
//! journey hands back each form's result (scored by the core with how the form was
//! completed), and the visit is saved as finished with those results.
//! Progress that no longer fits (an update changed a questionnaire) is set aside in the
//! record, never overwritten.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use wellcheck_core::definition::LicenceClass;
use wellcheck_core::{Instrument, apply_licensed_text, catalogue};
use wellcheck_web::kit::{
    Journey, JourneyEvent, JourneySpec, Language, Layout, Resume, Saved, Shell, Ui,
};
use yew::prelude::*;

use crate::caseload::Caseload;
use crate::records::Visit;
use crate::ui::{Screen, Session, use_session};

/// Props for [`VisitRun`].
#[derive(Properties, PartialEq)]
pub struct VisitRunProps {
    /// The visit's record id.
    pub id: AttrValue,
    /// While the client holds the tablet: called once the finished visit's save has ended
    /// (instead of opening the visit's page), with `None` when it is saved and the failure
    /// when not, which only the worker is shown. The questionnaires offer no way out, and
    /// the last answer is replaced at once by "Please hand the tablet back", never a result.
    #[prop_or_default]
    pub with_client: Option<Callback<Option<Rc<FinalSaveFailed>>>>,
}

/// The finished visit could not be saved while the client held the tablet: what to tell
/// the worker once it is handed back, and the visit to save again.
#[derive(Debug, PartialEq)]
pub struct FinalSaveFailed {
    /// What went wrong, for the worker.
    pub message: String,
    /// The finished visit, to save again.
    pub visit: Visit,
}

/// What to do once a save has landed.
#[derive(Clone, PartialEq)]
enum Then {
    /// Nothing more (an answer in progress).
    Stay,
    /// Open this screen (the finished visit's page).
    Go(Screen),
    /// Tell whoever handed the tablet over how the save ended.
    Call(Callback<Option<Rc<FinalSaveFailed>>>),
}

/// The journey for a visit's forms, each completed as the worker chose; a licensed
/// questionnaire gets the wording imported for it (`wording`, by instrument id).
fn spec_for(visit: &Visit, wording: &BTreeMap<String, String>) -> Result<JourneySpec, String> {
    let instruments = visit
        .forms
        .iter()
        .map(|form| {
            let instrument = catalogue::get(&form.instrument).map_err(|error| error.to_string())?;
            if instrument.licence() == LicenceClass::Open {
                return Ok(Rc::new(instrument));
            }
            let text = wording.get(instrument.id()).ok_or_else(|| {
                format!(
                    "{} is licensed and its wording is not in the app. Import your organisation's wording file in Settings, then come back to this visit.",
                    instrument.name()
                )
            })?;
            apply_licensed_text(&instrument, text)
                .map(Rc::new)
                .map_err(|error| {
                    format!(
                        "The wording imported for {} is not usable: {}",
                        instrument.name(),
                        error.lines().join("; ")
                    )
                })
        })
        .collect::<Result<Vec<Rc<Instrument>>, String>>()?;
    Ok(JourneySpec {
        subject: visit.id.clone(),
        instruments,
        administration: visit
            .forms
            .iter()
            .map(|form| form.mode.administration())
            .collect(),
        mode: Layout::Paged,
        // Kept in the visit's sealed record, not in the browser's storage: `Device` only
        // says that progress is kept.
        resume: Resume::Device,
    })
}

/// The imported wording of each licensed questionnaire in the visit, by instrument id.
async fn licensed_wording(
    caseload: &Caseload,
    visit: &Visit,
) -> Result<BTreeMap<String, String>, String> {
    let mut wording = BTreeMap::new();
    for form in &visit.forms {
        let licensed = catalogue::get(&form.instrument)
            .is_ok_and(|instrument| instrument.licence() != LicenceClass::Open);
        if licensed
            && let Some(text) = caseload
                .licensed_text(&form.instrument)
                .await
                .map_err(|error| error.to_string())?
        {
            wording.insert(form.instrument.clone(), text);
        }
    }
    Ok(wording)
}

/// A save that failed: what to tell the worker, and what to save again when they ask.
#[derive(Clone, PartialEq)]
struct Failed {
    message: String,
    visit: Visit,
    then: Then,
}

/// Counts answers saved, on the page's root element (`data-app-saves`), so a test (or an
/// assistive tool) can tell that an answer is in the store, not only on screen.
fn count_saved_answer() {
    if let Some(root) = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.document_element())
    {
        let saved = root
            .get_attribute("data-app-saves")
            .and_then(|count| count.parse::<u64>().ok())
            .unwrap_or(0);
        let _ = root.set_attribute("data-app-saves", &(saved + 1).to_string());
    }
}

/// Saves the visit as it now stands; writes are taken in order by the caseload.
fn save(session: &Session, visit: Visit, problem: UseStateHandle<Option<Failed>>, then: Then) {
    let session = session.clone();
    yew::platform::spawn_local(async move {
        match session.caseload.0.save_visit(&visit).await {
            Ok(index) => {
                problem.set(None);
                session.set_index.emit(index);
                count_saved_answer();
                match then {
                    Then::Stay => {}
                    Then::Go(screen) => session.go.emit(screen),
                    Then::Call(callback) => callback.emit(None),
                }
            }
            // The client holds the tablet: the failure is the worker's to see, after it is
            // handed back, never the client's.
            Err(error) if matches!(then, Then::Call(_)) => {
                if let Then::Call(callback) = then {
                    callback.emit(Some(Rc::new(FinalSaveFailed {
                        message: format!("The finished visit was not saved. {error}"),
                        visit,
                    })));
                }
            }
            Err(error) => problem.set(Some(Failed {
                message: format!("Your last answer was not saved. {error}"),
                visit,
                then,
            })),
        }
    });
}

/// The visit's questionnaires.
#[component]
pub fn VisitRun(props: &VisitRunProps) -> Html {
    let session = use_session();
    let visit = use_mut_ref(|| None::<Visit>);
    let loaded = use_state(|| None::<Result<(Rc<JourneySpec>, Option<Rc<Saved>>), String>>);
    let problem = use_state(|| None::<Failed>);
    let set_aside = use_state(|| false);
    {
        let (visit, loaded, caseload, set_aside) = (
            visit.clone(),
            loaded.clone(),
            session.caseload.clone(),
            set_aside.clone(),
        );
        use_effect_with(props.id.clone(), move |id| {
            let id = id.clone();
            yew::platform::spawn_local(async move {
                let found = match caseload.0.visit(&id).await {
                    Ok(Some(found)) => licensed_wording(&caseload.0, &found)
                        .await
                        .map(|wording| (found, wording)),
                    Ok(None) => Err("This visit's record was not found.".to_owned()),
                    Err(error) => Err(error.to_string()),
                };
                let result = match found {
                    Ok((mut found, wording)) => match spec_for(&found, &wording) {
                        Ok(spec) => {
                            // Answers given before an update changed a questionnaire are
                            // moved aside and saved before the journey starts, so its first
                            // save cannot overwrite them.
                            let moved = found.set_aside_unfitting_progress(&spec.instruments);
                            let saved = if moved {
                                caseload.0.save_visit(&found).await.map(|_| ())
                            } else {
                                Ok(())
                            };
                            set_aside.set(moved);
                            saved.map_err(|error| error.to_string()).map(|()| {
                                let restored = found.progress.clone().map(Rc::new);
                                *visit.borrow_mut() = Some(found);
                                (Rc::new(spec), restored)
                            })
                        }
                        Err(error) => Err(error),
                    },
                    Err(error) => Err(error),
                };
                loaded.set(Some(result));
            });
        });
    }
    let on_event = {
        let (visit, session, problem) = (visit.clone(), session.clone(), problem.clone());
        let with_client = props.with_client.clone();
        Callback::from(move |event: JourneyEvent| {
            let finished = match &with_client {
                Some(callback) => Then::Call(callback.clone()),
                None => Then::Go(Screen::Visit(
                    visit
                        .borrow()
                        .as_ref()
                        .map(|current| current.id.clone())
                        .unwrap_or_default(),
                )),
            };
            on_journey_event(&visit, &session, &problem, event, finished)
        })
    };
    let hand_over = {
        let go = session.go.clone();
        let id = props.id.to_string();
        Callback::from(move |_| go.emit(Screen::HandOver(id.clone())))
    };
    let pause = {
        let go = session.go.clone();
        let id = props.id.to_string();
        Callback::from(move |_| go.emit(Screen::Visit(id.clone())))
    };
    let (spec, restored) = match &*loaded {
        None => return html! { <p class="wc-status" role="status">{ "Opening…" }</p> },
        Some(Err(message)) => {
            return html! { <p class="app-panel app-panel-error" role="alert">{ message.clone() }</p> };
        }
        Some(Ok((spec, restored))) => (Rc::clone(spec), restored.clone()),
    };
    // A back-dated visit's result is headed with the visit's date, not today's.
    let answered_on = visit
        .borrow()
        .as_ref()
        .and_then(|found| wellcheck_core::dates::date_number(&found.date))
        .map(|date| (date % 100, date / 100 % 100, (date / 10_000) as i32));
    let ui = Rc::new(Ui {
        language: Language::En,
        practice_name: None,
        signposting: None,
        answered_on,
        ..Default::default()
    });
    // While the client holds the tablet the last answer gives way to this at once.
    let finished_view = props.with_client.is_some().then(|| {
        html! {
            <div class="app-hand-back" data-app-finishing="">
                <h2 class="wc-title" tabindex="-1" data-wc-heading="">{ "Please hand the tablet back" }</h2>
                <p role="status">{ "Thank you. Saving your answers…" }</p>
            </div>
        }
    });
    let retry = {
        let (session, problem) = (session.clone(), problem.clone());
        Callback::from(move |_| {
            if let Some(failed) = (*problem).clone() {
                save(&session, failed.visit, problem.clone(), failed.then);
            }
        })
    };
    html! {
        <div class={classes!("app-run", props.with_client.is_some().then_some("app-with-client"))}>
            if let Some(failed) = &*problem {
                <div class="app-panel app-panel-error" role="alert">
                    <p>{ failed.message.clone() }</p>
                    <button type="button" class="wc-button" onclick={retry} data-app-retry-save="">{ "Try saving again" }</button>
                </div>
            }
            if *set_aside {
                <div class="app-panel" role="status" data-app-set-aside="">
                    { "The app has been updated since this visit started, and a questionnaire in it has changed. The answers given so far are kept in the visit's record, but the questions start again." }
                </div>
            }
            <Shell {ui} standalone=true>
                <Journey {spec} {restored} {on_event} finished_view={finished_view} focus_first_page=true />
            </Shell>
            if props.with_client.is_none() {
                <div class="app-pause">
                    <p class="wc-hint">{ "Every answer is saved as it is given. Pausing keeps the visit to carry on later." }</p>
                    <div class="app-button-row">
                        <button type="button" class="wc-button wc-button-secondary" onclick={pause} data-app-pause="">{ "Pause this visit" }</button>
                        <button type="button" class="wc-button wc-button-secondary" onclick={hand_over} data-app-hand-over="">{ "Hand the tablet to the client" }</button>
                    </div>
                </div>
            }
        </div>
    }
}

fn on_journey_event(
    visit: &Rc<RefCell<Option<Visit>>>,
    session: &Session,
    problem: &UseStateHandle<Option<Failed>>,
    event: JourneyEvent,
    when_finished: Then,
) {
    let mut guard = visit.borrow_mut();
    let Some(current) = guard.as_mut() else {
        return;
    };
    match event {
        JourneyEvent::Progress(progress) => {
            // A journey that has not started (or just finished) says `None`; only "start
            // again" turns kept answers into none, and then the record forgets them too.
            if progress.is_none() && current.progress.is_none() {
                return;
            }
            if current.finished {
                return;
            }
            current.progress = progress;
            save(session, current.clone(), problem.clone(), Then::Stay);
        }
        JourneyEvent::Flag { instrument, flag } => {
            // Kept in the record at once: the worker sees it first at the next unlock too.
            let raised = (instrument, flag);
            if !current.unseen_flags.contains(&raised) {
                current.unseen_flags.push(raised);
                save(session, current.clone(), problem.clone(), Then::Stay);
            }
        }
        JourneyEvent::Finished(finished) => {
            // What the journey scored is what is kept: the result is never worked out again.
            for (form, done) in current.forms.iter_mut().zip(finished.iter()) {
                form.answers = Some(done.answers.values().to_vec());
                form.result = Some(done.report.to_json_value());
            }
            current.progress = None;
            current.finished = true;
            save(session, current.clone(), problem.clone(), when_finished);
        }
    }
}
