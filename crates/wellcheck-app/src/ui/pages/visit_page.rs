//! A visit: its results (as the journey scored them, kept in the visit's record), the needs raised and support offered from the scheme's pick lists, and
//! notes, each saved as it changes (notes a moment after typing stops). An unfinished visit
//! offers to carry on where it stopped.

use std::rc::Rc;

use gloo_timers::callback::Timeout;
use wellcheck_core::catalogue;
use wellcheck_web::kit::{Language, ReportView, Shell, Ui, status};
use yew::prelude::*;

use crate::exports::{finished_forms, visit_bundle, visit_fhir_file_name};
use crate::picklists::{self, NEEDS, SUPPORT};
use crate::records::{FormResult, MAX_NOTES, Visit, VisitForm};
use crate::ui::pages::corrections::VisitCorrections;
use crate::ui::pages::safety::{FlagAttention, SafetyMarks};
use crate::ui::parts::files::download;
use crate::ui::{Screen, Session, use_session};

/// Props for [`VisitPage`].
#[derive(Properties, PartialEq)]
pub struct VisitPageProps {
    /// The visit's record id.
    pub id: AttrValue,
}

/// A finished form's result (as kept, unless scored again after a definition changed),
/// with its instrument.
fn kept_result(form: &VisitForm) -> Result<(Rc<wellcheck_core::Instrument>, FormResult), String> {
    let instrument = catalogue::get(&form.instrument).map_err(|error| error.to_string())?;
    let finished = form.finished(&instrument)?;
    Ok((Rc::new(instrument), finished))
}

/// One row per score of a finished form: the compact view of a visit's results.
fn summary_rows(instrument: &wellcheck_core::Instrument, result: &FormResult) -> Vec<Html> {
    result
        .report
        .scores
        .iter()
        .zip(instrument.scores())
        .map(|(entry, score)| {
            html! {
                <tr>
                    <th scope="row">{ format!("{}: {}", instrument.short_name(), score.name()) }</th>
                    <td>{ entry.value.map_or_else(|| "Not scored".to_owned(), |value| value.to_string()) }</td>
                    <td>{ entry.band_label.clone().unwrap_or_default() }</td>
                </tr>
            }
        })
        .collect()
}

/// How long after the last keystroke notes are saved.
const NOTES_PAUSE_MS: u32 = 800;

/// Saves what this page changes (needs, support, notes) over the stored visit, so answers
/// saved meanwhile are kept.
fn save_page(session: &Session, current: Visit, saved_message: UseStateHandle<Option<String>>) {
    if current.notes.chars().count() > MAX_NOTES {
        saved_message.set(Some(format!(
            "Not saved: notes must be {MAX_NOTES} characters or fewer."
        )));
        return;
    }
    let session = session.clone();
    yew::platform::spawn_local(async move {
        let result = session
            .caseload
            .0
            .update_visit(&current.id, |stored| {
                stored.needs = current.needs.clone();
                stored.support = current.support.clone();
                stored.notes = current.notes.clone();
            })
            .await;
        match result {
            Ok(index) => {
                session.set_index.emit(index);
                saved_message.set(Some("Saved.".to_owned()));
            }
            Err(error) => saved_message.set(Some(format!("Not saved. {error}"))),
        }
    });
}

/// The visit page.
#[component]
pub fn VisitPage(props: &VisitPageProps) -> Html {
    let session = use_session();
    let visit = use_state(|| None::<Result<Visit, String>>);
    // Bumped to read the visit again after its date or kind changed.
    let reads = use_state(|| 0_u32);
    let saved_message = use_state(|| None::<String>);
    let fhir_message = use_state(|| None::<String>);
    // Notes typed but not yet saved (the timer that will save them): saved at once if the
    // page closes first.
    let pending = use_mut_ref(|| None::<(Timeout, Visit)>);
    {
        let (pending, session, saved_message) =
            (pending.clone(), session.clone(), saved_message.clone());
        use_effect_with((), move |_| {
            move || {
                if let Some((timer, unsaved)) = pending.borrow_mut().take() {
                    drop(timer);
                    save_page(&session, unsaved, saved_message);
                }
            }
        });
    }
    {
        let (visit, caseload) = (visit.clone(), session.caseload.clone());
        use_effect_with((props.id.clone(), *reads), move |(id, _)| {
            let id = id.clone();
            yew::platform::spawn_local(async move {
                visit.set(Some(match caseload.0.visit(&id).await {
                    Ok(Some(found)) => Ok(found),
                    Ok(None) => Err("This visit's record was not found.".to_owned()),
                    Err(error) => Err(error.to_string()),
                }));
            });
        });
    }
    let current = match &*visit {
        None => return html! { <p class="wc-status" role="status">{ "Opening…" }</p> },
        Some(Err(message)) => {
            return html! { <p class="app-panel app-panel-error" role="alert">{ message.clone() }</p> };
        }
        Some(Ok(found)) => found.clone(),
    };
    if !current.unseen_flags.is_empty() {
        let on_seen = {
            let visit = visit.clone();
            Callback::from(move |found: Visit| visit.set(Some(Ok(found))))
        };
        return html! { <FlagAttention visit={current.clone()} {on_seen} /> };
    }
    let read_again = {
        let reads = reads.clone();
        Callback::from(move |()| reads.set(*reads + 1))
    };
    let reference = session
        .index
        .client(&current.client)
        .map(|client| client.reference.clone())
        .unwrap_or_default();
    let go = |screen: Screen| {
        let go = session.go.clone();
        Callback::from(move |_| go.emit(screen.clone()))
    };
    let settings = &session.index.settings;
    // Each tick is saved at once.
    let toggle = |list: fn(&mut Visit) -> &mut Vec<String>, entry: String| {
        let (visit, saved_message, session) =
            (visit.clone(), saved_message.clone(), session.clone());
        Callback::from(move |_| {
            if let Some(Ok(found)) = &*visit {
                let mut next = found.clone();
                let entries = list(&mut next);
                if entries.contains(&entry) {
                    entries.retain(|known| known != &entry);
                } else {
                    entries.push(entry.clone());
                }
                visit.set(Some(Ok(next.clone())));
                save_page(&session, next, saved_message.clone());
            }
        })
    };
    let pick_list = |legend: &str,
                     name: &str,
                     standard: &[(&str, &str)],
                     extra: &[String],
                     chosen: &[String],
                     list: fn(&mut Visit) -> &mut Vec<String>| {
        html! {
            <fieldset class="app-fieldset">
                <legend class="wc-legend">{ legend.to_owned() }</legend>
                <div class="app-choice-columns">
                    { for picklists::with_extra(standard, extra).into_iter().enumerate().map(|(n, entry)| {
                        let id = format!("{name}-{n}");
                        html! {
                            <div class="app-choice">
                                <input type="checkbox" class="app-choice-input" id={id.clone()} checked={chosen.iter().any(|known| known == entry)}
                                    onchange={toggle(list, entry.to_owned())} />
                                <label class="app-choice-label" for={id}>{ entry.to_owned() }</label>
                            </div>
                        }
                    }) }
                </div>
            </fieldset>
        }
    };
    // Notes are saved a moment after typing stops.
    let notes_input = {
        let (visit, saved_message, session, pending) = (
            visit.clone(),
            saved_message.clone(),
            session.clone(),
            pending.clone(),
        );
        Callback::from(move |event: InputEvent| {
            if let (Some(area), Some(Ok(found))) = (
                event.target_dyn_into::<web_sys::HtmlTextAreaElement>(),
                &*visit,
            ) {
                let mut next = found.clone();
                next.notes = area.value();
                saved_message.set(None);
                visit.set(Some(Ok(next.clone())));
                let (session, saved_message, later) =
                    (session.clone(), saved_message.clone(), next.clone());
                let timer = Timeout::new(NOTES_PAUSE_MS, move || {
                    save_page(&session, later, saved_message);
                });
                *pending.borrow_mut() = Some((timer, next));
            }
        })
    };
    let onsubmit = {
        let (session, saved_message, current, pending) = (
            session.clone(),
            saved_message.clone(),
            current.clone(),
            pending.clone(),
        );
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            pending.borrow_mut().take();
            save_page(&session, current.clone(), saved_message.clone());
        })
    };
    let fhir = {
        let (session, current, fhir_message) =
            (session.clone(), current.clone(), fhir_message.clone());
        Callback::from(move |_| {
            let (session, current, fhir_message) =
                (session.clone(), current.clone(), fhir_message.clone());
            yew::platform::spawn_local(async move {
                let client = match session.caseload.0.client(&current.client).await {
                    Ok(Some(client)) => client,
                    Ok(None) => {
                        fhir_message.set(Some("This visit's client was not found.".to_owned()));
                        return;
                    }
                    Err(error) => {
                        fhir_message.set(Some(error.to_string()));
                        return;
                    }
                };
                let tablet = &session.index.settings.tablet_name;
                let named_by = if client.nhs_number.is_some() {
                    "their NHS number and reference"
                } else {
                    "their reference (no NHS number is recorded)"
                };
                let nhs_number = client.nhs_number.clone();
                let export_id = crate::exports::export_client_id(tablet, &client.reference);
                let (forms, left_out) =
                    finished_forms(&[client], std::slice::from_ref(&current), tablet);
                if forms.is_empty() {
                    fhir_message.set(Some(format!(
                        "Nothing to download: no questionnaire of this visit can be exported. {}",
                        left_out.join(" ")
                    )));
                    return;
                }
                // A form that cannot be exported is named, never left out silently.
                let left_out = if left_out.is_empty() {
                    String::new()
                } else {
                    format!(" Left out: {}", left_out.join(" "))
                };
                let bundle = visit_bundle(&forms, &current.id, nhs_number.as_deref());
                let file = visit_fhir_file_name(&export_id, &current.date, current.kind.label());
                let text = serde_json::to_string_pretty(&bundle).unwrap_or_default();
                fhir_message.set(Some(match download(&file, "application/fhir+json", &text) {
                    Ok(()) => format!(
                        "Downloaded {file}: a FHIR R4 Bundle of this visit's questionnaires, naming the client by {named_by}. It is not encrypted.{left_out}"
                    ),
                    Err(error) => format!("The file could not be offered as a download ({error})."),
                }));
            });
        })
    };
    let ui = Rc::new(Ui {
        language: Language::En,
        practice_name: None,
        signposting: None,
        ..Default::default()
    });
    let set_aside = match current
        .set_aside
        .iter()
        .flat_map(|saved| saved.answers.iter().flatten())
        .filter(|answer| answer.is_some())
        .count()
    {
        1 => "1 answer".to_owned(),
        count => format!("{count} answers"),
    };
    // A finished form whose result cannot be shown is named, never left out silently.
    let (results, unreadable): (Vec<_>, Vec<_>) = current
        .forms
        .iter()
        .filter(|form| form.answers.is_some())
        .map(|form| (form, kept_result(form)))
        .partition(|(_, kept)| kept.is_ok());
    let results: Vec<_> = results
        .into_iter()
        .filter_map(|(form, kept)| kept.ok().map(|kept| (form.mode, kept)))
        .collect();
    html! {
        <div>
            <p><button type="button" class="wc-back-link" onclick={go(Screen::Client(current.client.clone()))}>{ format!("Back to {reference}") }</button></p>
            <h1><span class="app-caption">{ reference.clone() }</span>{ format!("{} visit, {}", current.kind.label(), current.date) }</h1>
            if !current.finished {
                <div class="app-inset">
                    <p>{ "The questionnaires are not finished. Every answer given so far is saved." }</p>
                    <button type="button" class="wc-button" onclick={go(Screen::RunVisit(current.id.clone()))} data-app-continue="">{ "Continue the questionnaires" }</button>
                </div>
            }
            <SafetyMarks notes={current.safety_notes.iter().map(|note| (current.date.clone(), note.clone())).collect::<Vec<_>>()} />
            if !current.set_aside.is_empty() {
                <p class="wc-hint" data-app-set-aside="">
                    { format!("This record also keeps {set_aside} given before an app update changed a questionnaire in this visit. They are not scored.") }
                </p>
            }
            { for unreadable.into_iter().map(|(form, kept)| html! {
                <p class="app-panel app-panel-error" role="alert" data-app-unreadable-result="">
                    { format!("The {} result cannot be shown: {}.", form.instrument, kept.err().unwrap_or_default()) }
                </p>
            }) }
            <form {onsubmit} novalidate=true>
                <h2>{ "Needs and support" }</h2>
                { pick_list("Needs raised", "need", NEEDS, &settings.extra_needs, &current.needs, |visit| &mut visit.needs) }
                { pick_list("Support offered and groups connected to", "support", SUPPORT, &settings.extra_support, &current.support, |visit| &mut visit.support) }
                <div class="wc-field">
                    <label class="wc-label" for="field-visit-notes">{ "Notes" }</label>
                    <textarea id="field-visit-notes" class="wc-input" rows="4" value={current.notes.clone()} oninput={notes_input} />
                </div>
                <div class="app-actions">
                    <button type="submit" class="wc-button" data-app-save-visit="">{ "Save needs, support and notes" }</button>
                </div>
                { status(&saved_message) }
            </form>
            if !results.is_empty() {
                <h2>{ "Results" }</h2>
                <div class="app-table-scroll" tabindex="0" role="region" aria-label="Results">
                    <table class="app-table" data-app-results-summary="">
                        <thead><tr><th scope="col">{ "Questionnaire" }</th><th scope="col">{ "Score" }</th><th scope="col">{ "Result" }</th></tr></thead>
                        <tbody>
                            { for results.iter().flat_map(|(_, (instrument, result))| summary_rows(instrument, result)) }
                        </tbody>
                    </table>
                </div>
                if current.finished {
                    <p>
                        <button type="button" class="wc-button wc-button-secondary" onclick={fhir} data-app-export-fhir="">{ "Download as FHIR (for a GP record)" }</button>
                    </p>
                    { status(&fhir_message) }
                }
                <details class="app-details" data-app-results-details="">
                    <summary>{ format!("The results of {} in full, as the client's result pages word them", current.date) }</summary>
                    <Shell {ui} standalone=true>
                        <div data-app-results="">
                            { for results.into_iter().map(|(mode, (instrument, result))| html! {
                                <div class="app-result">
                                    <ReportView instrument={Rc::clone(&instrument)} report={result.report} several=true />
                                    <p class="wc-hint">{ mode.label() }</p>
                                    if let Some(version) = result.scored_again_from {
                                        <p class="wc-hint" data-app-scored-again="">
                                            { format!("Scored again with this version of the questionnaire ({}): the app was updated after this visit, whose result was of version {version}.", instrument.version()) }
                                        </p>
                                    }
                                </div>
                            }) }
                        </div>
                    </Shell>
                </details>
            }
            <VisitCorrections visit={current.clone()} on_changed={read_again} />
        </div>
    }
}
