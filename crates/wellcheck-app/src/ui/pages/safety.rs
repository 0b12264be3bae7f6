//! Safety flags from the worker's side: the screen that stops everything until the worker
//! has seen a flag and noted what they did ([`FlagAttention`]), and the lasting mark it
//! leaves on the client's page and the visit's ([`SafetyMarks`]).

use std::rc::Rc;

use wellcheck_web::kit::{Language, Shell, TextField, Ui, UrgentHelp, setter};
use yew::prelude::*;

use crate::records::{FieldProblem, MAX_SAFETY_NOTE, SafetyNote, Visit};
use crate::ui::parts::problems::{error_summary, problem_for};
use crate::ui::use_session;

/// A raised flag in the worker's words.
pub fn flag_words(instrument: &str, flag: &str) -> String {
    match (instrument, flag) {
        ("phq-9", "self_harm_risk") => "PHQ-9 question 9 (thoughts of being better off dead or of self-harm) was answered above “Not at all”.".to_owned(),
        (instrument, flag) => format!("{instrument}: {}", flag.replace('_', " ")),
    }
}

/// Props for [`FlagAttention`].
#[derive(Properties, PartialEq)]
pub struct FlagAttentionProps {
    /// The visit with unseen flags.
    pub visit: Visit,
    /// Called with the visit once the flags are recorded as seen.
    pub on_seen: Callback<Visit>,
}

/// "A safety answer needs your attention": what was answered, what the client was shown,
/// and a note of what the worker did, which stays on the client's record.
#[component]
pub fn FlagAttention(props: &FlagAttentionProps) -> Html {
    let session = use_session();
    let note = use_state(String::new);
    let problems = use_state(Vec::<FieldProblem>::new);
    let failed = use_state(|| None::<String>);
    let onsubmit = {
        let (session, note, problems, failed) = (
            session.clone(),
            note.clone(),
            problems.clone(),
            failed.clone(),
        );
        let (id, on_seen) = (props.visit.id.clone(), props.on_seen.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let checked = match SafetyNote::check_note(&note) {
                Ok(checked) => checked,
                Err(message) => {
                    problems.set(vec![FieldProblem {
                        field: "safety-note",
                        message,
                    }]);
                    return;
                }
            };
            problems.set(Vec::new());
            let (session, failed, id, on_seen) =
                (session.clone(), failed.clone(), id.clone(), on_seen.clone());
            yew::platform::spawn_local(async move {
                let today = session.today.clone();
                let result = session
                    .caseload
                    .0
                    .update_visit(&id, |stored| stored.acknowledge_flags(checked, &today))
                    .await;
                match result {
                    Ok(index) => {
                        session.set_index.emit(index);
                        match session.caseload.0.visit(&id).await {
                            Ok(Some(found)) => on_seen.emit(found),
                            Ok(None) => {
                                failed.set(Some("This visit's record was not found.".to_owned()))
                            }
                            Err(error) => failed.set(Some(error.to_string())),
                        }
                    }
                    Err(error) => failed.set(Some(format!("Not saved. {error}"))),
                }
            });
        })
    };
    let ui = Rc::new(Ui {
        language: Language::En,
        practice_name: None,
        signposting: None,
        ..Default::default()
    });
    let visit = &props.visit;
    html! {
        <div class="app-narrow" data-app-flagged="">
            <h1>{ "A safety answer needs your attention" }</h1>
            { error_summary(&problems) }
            if let Some(message) = &*failed {
                <p class="app-panel app-panel-error" role="alert">{ message.clone() }</p>
            }
            <p>{ format!("In the visit of {}, an answer raised a safety flag:", visit.date) }</p>
            <ul>
                { for visit.unseen_flags.iter().map(|(instrument, flag)| html! {
                    <li>{ flag_words(instrument, flag) }</li>
                }) }
            </ul>
            <p>{ "Talk with the client about it. This is what they were shown:" }</p>
            <Shell {ui} standalone=true>
                <UrgentHelp />
            </Shell>
            <form {onsubmit} novalidate=true>
                <TextField name="safety-note" label="What you did about it" multiline=true
                    hint={AttrValue::from(format!("For example: talked it through, gave the crisis line number, told their GP with their consent. This note stays on the client's record. Up to {MAX_SAFETY_NOTE} characters."))}
                    value={AttrValue::from((*note).clone())} error={problem_for(&problems, "safety-note")} oninput={setter(&note)} />
                <button type="submit" class="wc-button" data-app-flag-seen="">{ "Save the note and open the visit" }</button>
            </form>
        </div>
    }
}

/// Props for [`SafetyMarks`].
#[derive(Properties, PartialEq)]
pub struct SafetyMarksProps {
    /// Each safety note, with the date of the visit it was raised at.
    pub notes: Vec<(String, SafetyNote)>,
}

/// The lasting mark: each safety flag raised, when it was seen and what was done.
#[component]
pub fn SafetyMarks(props: &SafetyMarksProps) -> Html {
    if props.notes.is_empty() {
        return Html::default();
    }
    html! {
        <div class="app-warning" role="note" data-app-safety-marks="">
            <h2>{ "Safety flag" }</h2>
            <ul>
                { for props.notes.iter().map(|(visit_date, note)| html! {
                    <li>
                        { for note.flags.iter().map(|(instrument, flag)| html! {
                            <p>{ format!("At the visit of {visit_date}: {}", flag_words(instrument, flag)) }</p>
                        }) }
                        <p class="app-pre">{ format!("Seen on {}. What was done: {}", note.seen_on, note.note) }</p>
                    </li>
                }) }
            </ul>
        </div>
    }
}
