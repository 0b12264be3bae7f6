//! Starting a visit: its date and kind, and which questionnaires to run (the
//! `social-prescribing` battery by default, or any catalogue instrument) with how each is
//! completed.

use wellcheck_core::catalogue;
use wellcheck_core::definition::LicenceClass;
use yew::prelude::*;

use crate::caseload;
use crate::records::{FieldProblem, Index, Mode, Visit, VisitForm, VisitKind};
use crate::ui::parts::problems::{error_summary, problem_for};
use crate::ui::{Screen, use_session};
use wellcheck_web::kit::{TextField, setter};

/// The battery a visit runs unless the worker chooses otherwise.
pub const DEFAULT_BATTERY: &str = "social-prescribing";

/// An instrument offered: id, name, and whether it can be run (its wording ships, or, for
/// a licensed one, the organisation's wording file has been imported in Settings).
fn offered(index: &Index) -> Vec<(String, String, bool)> {
    let all: Vec<&str> = catalogue::ids().collect();
    let set = catalogue::battery(DEFAULT_BATTERY)
        .map(|battery| battery.instruments().to_vec())
        .unwrap_or_default();
    crate::visit_plan::offered_order(&all, &set)
        .into_iter()
        .filter_map(|id| catalogue::get(id).ok())
        .map(|instrument| {
            let open = instrument.licence() != LicenceClass::Licensed
                || index.licensed(instrument.id()).is_some();
            (
                instrument.id().to_owned(),
                instrument.name().to_owned(),
                open,
            )
        })
        .collect()
}

fn default_forms() -> Vec<VisitForm> {
    catalogue::battery(DEFAULT_BATTERY)
        .map(|battery| battery.instruments().to_vec())
        .unwrap_or_default()
        .into_iter()
        .map(|instrument| VisitForm {
            instrument,
            mode: Mode::default(),
            answers: None,
            result: None,
        })
        .collect()
}

/// Props for [`VisitSetup`].
#[derive(Properties, PartialEq)]
pub struct VisitSetupProps {
    /// The client's record id.
    pub client: AttrValue,
}

/// The field name of a questionnaire's "how it is completed" choice: the instrument's id
/// (its select is `field-{id}`), as the error summary links to it.
fn mode_field(id: &str) -> &'static str {
    catalogue::ids()
        .find(|known| *known == id)
        .unwrap_or("instruments")
}

/// The visit set-up form.
#[component]
pub fn VisitSetup(props: &VisitSetupProps) -> Html {
    let session = use_session();
    let summary = session.index.client(&props.client).cloned();
    let had_baseline = summary.as_ref().is_some_and(|client| {
        client
            .visits
            .iter()
            .any(|visit| visit.finished && visit.kind == VisitKind::Baseline)
    });
    let date = use_state(|| session.today.clone());
    let kind = use_state(move || {
        if had_baseline {
            VisitKind::FollowUp
        } else {
            VisitKind::Baseline
        }
    });
    let forms = use_state(default_forms);
    // How each questionnaire was completed at the client's last visits: the choice starts
    // there, for the set and for any questionnaire ticked later.
    let remembered = use_state(std::collections::BTreeMap::<String, Mode>::new);
    // Questionnaires whose way of completion is known: remembered, or chosen here. The rest
    // must be chosen before the visit starts, so nothing is exported as `self` by default.
    let chosen = use_state(std::collections::BTreeSet::<String>::new);
    {
        let (forms, remembered, chosen, caseload) = (
            forms.clone(),
            remembered.clone(),
            chosen.clone(),
            session.caseload.clone(),
        );
        let ids: Vec<String> = summary
            .as_ref()
            .map(|client| client.visits.iter().map(|visit| visit.id.clone()).collect())
            .unwrap_or_default();
        use_effect_with(props.client.clone(), move |_| {
            yew::platform::spawn_local(async move {
                let mut visits = Vec::new();
                for id in &ids {
                    if let Ok(Some(visit)) = caseload.0.visit(id).await {
                        visits.push(visit);
                    }
                }
                let modes = crate::visit_plan::remembered_modes(&visits);
                if modes.is_empty() {
                    return;
                }
                let mut next = (*forms).clone();
                for form in &mut next {
                    if let Some(mode) = modes.get(&form.instrument) {
                        form.mode = *mode;
                    }
                }
                forms.set(next);
                chosen.set(modes.keys().cloned().collect());
                remembered.set(modes);
            });
        });
    }
    let problems = use_state(Vec::<FieldProblem>::new);
    let busy = use_state(|| false);
    let instruments = offered(&session.index);

    let toggle = |id: String| {
        let (forms, remembered) = (forms.clone(), remembered.clone());
        Callback::from(move |_| {
            let mut next = (*forms).clone();
            if next.iter().any(|form| form.instrument == id) {
                next.retain(|form| form.instrument != id);
            } else {
                next.push(VisitForm {
                    instrument: id.clone(),
                    mode: remembered.get(&id).copied().unwrap_or_default(),
                    answers: None,
                    result: None,
                });
            }
            forms.set(next);
        })
    };
    let set_mode = |id: String| {
        let (forms, chosen) = (forms.clone(), chosen.clone());
        Callback::from(move |event: Event| {
            if let Some(select) = event.target_dyn_into::<web_sys::HtmlSelectElement>() {
                let picked = Mode::ALL
                    .into_iter()
                    .find(|mode| mode.value() == select.value());
                let mut known = (*chosen).clone();
                if picked.is_some() {
                    known.insert(id.clone());
                } else {
                    known.remove(&id);
                }
                chosen.set(known);
                let mode = picked.unwrap_or_default();
                let mut next = (*forms).clone();
                for form in next.iter_mut().filter(|form| form.instrument == id) {
                    form.mode = mode;
                }
                forms.set(next);
            }
        })
    };
    let onsubmit = {
        let chosen = chosen.clone();
        let (date, kind, forms, problems, busy, session) = (
            date.clone(),
            kind.clone(),
            forms.clone(),
            problems.clone(),
            busy.clone(),
            session.clone(),
        );
        let client = props.client.to_string();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if *busy {
                return;
            }
            let mut found = Vec::new();
            let date_text = date.trim().to_owned();
            match crate::caseload::check_visit_date(&date_text, &session.today) {
                Err(message) => found.push(FieldProblem {
                    field: "date",
                    message,
                }),
                Ok(()) => {
                    if let Some(message) = session
                        .index
                        .client(&client)
                        .and_then(|summary| summary.visit_date_problem(&date_text, *kind))
                    {
                        found.push(FieldProblem {
                            field: "date",
                            message,
                        });
                    }
                }
            }
            if forms.is_empty() {
                found.push(FieldProblem {
                    field: "instruments",
                    message: "Choose at least one questionnaire".to_owned(),
                });
            }
            for form in forms
                .iter()
                .filter(|form| !chosen.contains(&form.instrument))
            {
                let name = catalogue::get(&form.instrument)
                    .map_or_else(|_| form.instrument.clone(), |i| i.short_name().to_owned());
                found.push(FieldProblem {
                    field: mode_field(&form.instrument),
                    message: format!("Choose how {name} will be completed"),
                });
            }
            if !found.is_empty() {
                problems.set(found);
                return;
            }
            let id = match caseload::new_visit_id() {
                Ok(id) => id,
                Err(error) => {
                    problems.set(vec![FieldProblem {
                        field: "date",
                        message: error.to_string(),
                    }]);
                    return;
                }
            };
            // Forms run in the order chosen: the battery's own, then any ticked after.
            let visit = Visit::new(
                id.clone(),
                client.clone(),
                date_text,
                *kind,
                (*forms).clone(),
            );
            busy.set(true);
            let (problems, busy, session) = (problems.clone(), busy.clone(), session.clone());
            yew::platform::spawn_local(async move {
                let saved = session.caseload.0.save_visit(&visit).await;
                busy.set(false);
                match saved {
                    Ok(index) => {
                        session.set_index.emit(index);
                        session.go.emit(Screen::RunVisit(id));
                    }
                    Err(error) => problems.set(vec![FieldProblem {
                        field: "date",
                        message: format!("Not saved. {error}"),
                    }]),
                }
            });
        })
    };
    let cancel = {
        let go = session.go.clone();
        let client = props.client.to_string();
        Callback::from(move |_| go.emit(Screen::Client(client.clone())))
    };
    // A visit left unfinished for this client is offered first, so a second is not
    // started by mistake.
    let unfinished = summary
        .as_ref()
        .and_then(|client| client.unfinished_visit().cloned());
    let reference = summary.map(|client| client.reference).unwrap_or_default();
    html! {
        <div class="app-narrow">
            <h1><span class="app-caption">{ reference }</span>{ "Start a visit" }</h1>
            if let Some(visit) = unfinished {
                <div class="app-inset" role="note" data-app-unfinished-offer="">
                    <p>{ format!("This client has an unfinished {} visit of {}. Carry on with it, or start another below.", visit.kind.label().to_lowercase(), visit.date) }</p>
                    <button type="button" class="wc-button" data-app-continue-unfinished=""
                        onclick={ { let go = session.go.clone(); let id = visit.id.clone(); move |_| go.emit(Screen::RunVisit(id.clone())) } }>
                        { "Continue the unfinished visit" }
                    </button>
                </div>
            }
            { error_summary(&problems) }
            <form {onsubmit} novalidate=true>
                <TextField name="date" label="Date of the visit" kind="date" narrow=true
                    value={AttrValue::from((*date).clone())} error={problem_for(&problems, "date")} oninput={setter(&date)} />
                <fieldset class="app-fieldset">
                    <legend class="wc-legend">{ "Kind of visit" }</legend>
                    { for [VisitKind::Baseline, VisitKind::FollowUp].into_iter().map(|option| {
                        let kind = kind.clone();
                        let id = format!("kind-{}", if option == VisitKind::Baseline { "baseline" } else { "follow-up" });
                        html! {
                            <div class="app-choice">
                                <input type="radio" class="app-choice-input" id={id.clone()} name="kind" checked={*kind == option}
                                    onchange={move |_| kind.set(option)} />
                                <label class="app-choice-label" for={id}>{ option.label() }</label>
                            </div>
                        }
                    }) }
                </fieldset>
                <fieldset class={classes!("app-fieldset", problem_for(&problems, "instruments").map(|_| "wc-field-error"))} id="field-instruments">
                    <legend class="wc-legend">{ "Questionnaires" }</legend>
                    <p class="wc-hint">{ "The social prescribing set is chosen to start with: UCLA-3, the ONS loneliness question, ONS4 and the Exercise Vital Sign." }</p>
                    if let Some(error) = problem_for(&problems, "instruments") {
                        <p class="wc-error-message"><span class="wc-visually-hidden">{ "Error: " }</span>{ error }</p>
                    }
                    { for instruments.iter().map(|(id, name, open)| {
                        let ticked = forms.iter().find(|form| &form.instrument == id).cloned();
                        let input_id = format!("instrument-{id}");
                        let hint_id = format!("{input_id}-hint");
                        html! {
                            <div class="app-choice-group">
                                <div class="app-choice">
                                    <input type="checkbox" class="app-choice-input" id={input_id.clone()} checked={ticked.is_some()}
                                        disabled={!open} aria-describedby={(!open).then(|| hint_id.clone())}
                                        onchange={toggle(id.clone())} />
                                    <label class="app-choice-label" for={input_id.clone()}>{ name.clone() }</label>
                                </div>
                                if !open {
                                    <p class="wc-hint app-choice-hint" id={hint_id}>{ "Licensed: import your organisation's wording file in Settings to use it." }</p>
                                }
                                if let Some(form) = ticked {
                                    <div class={classes!("wc-field", "app-choice-conditional", problem_for(&problems, mode_field(id)).map(|_| "wc-field-error"))}>
                                        <label class="wc-label" for={format!("field-{id}")}>{ "How it is completed" }</label>
                                        if let Some(error) = problem_for(&problems, mode_field(id)) {
                                            <p class="wc-error-message" id={format!("field-{id}-error")}><span class="wc-visually-hidden">{ "Error: " }</span>{ error }</p>
                                        }
                                        <select id={format!("field-{id}")} class="wc-select" onchange={set_mode(id.clone())}
                                            aria-describedby={problem_for(&problems, mode_field(id)).map(|_| format!("field-{id}-error"))}>
                                            if !chosen.contains(id) {
                                                <option value="" selected=true>{ "Choose…" }</option>
                                            }
                                            { for Mode::ALL.into_iter().map(|mode| html! {
                                                <option value={mode.value()} selected={chosen.contains(id) && form.mode == mode}>{ mode.label() }</option>
                                            }) }
                                        </select>
                                    </div>
                                }
                            </div>
                        }
                    }) }
                </fieldset>
                <div class="app-actions">
                    <button type="submit" class="wc-button" disabled={*busy} data-app-begin="">
                        { if *busy { "Saving…" } else { "Start the questionnaires" } }
                    </button>
                    <button type="button" class="wc-button wc-button-secondary" onclick={cancel} data-app-cancel-visit="">{ "Cancel" }</button>
                </div>
            </form>
        </div>
    }
}
