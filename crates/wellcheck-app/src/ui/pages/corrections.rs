//! Putting the caseload right: a visit's date or kind changed, an unfinished visit
//! discarded, a client deleted with every visit, and two records of one person merged.
//! Each removal asks first, says what will go and that backups made before now still hold
//! it; the records go from the store itself ([`crate::caseload::Caseload`]).

use wellcheck_outcomes::words::plural;
use yew::prelude::*;

use crate::records::{Visit, VisitKind};
use crate::ui::parts::ask_first::AskFirst;
use crate::ui::{Screen, Session, use_session};
use wellcheck_web::kit::status;

/// "1 visit", "3 visits".
fn visits_in_words(count: usize) -> String {
    plural(u64::try_from(count).unwrap_or(u64::MAX), "visit", "visits")
}

/// What backups do with a removal.
const BACKUPS_STILL_HOLD: &str =
    "Backups made before now still hold it: restoring one of them would bring it back.";

/// Props for [`ClientCorrections`].
#[derive(Properties, PartialEq)]
pub struct ClientCorrectionsProps {
    /// The client's record id.
    pub id: AttrValue,
    /// Their reference, as shown.
    pub reference: AttrValue,
    /// How many visits they have.
    pub visits: usize,
}

/// Delete a client, or merge another record of the same person into this one.
#[component]
pub fn ClientCorrections(props: &ClientCorrectionsProps) -> Html {
    let session = use_session();
    let message = use_state(|| None::<String>);
    let other = use_state(String::new);
    let delete = {
        let (session, message, id) = (session.clone(), message.clone(), props.id.to_string());
        Callback::from(move |()| {
            let (session, message, id) = (session.clone(), message.clone(), id.clone());
            yew::platform::spawn_local(async move {
                match session.caseload.0.delete_client(&id).await {
                    Ok((index, _)) => {
                        session.set_index.emit(index);
                        session.go.emit(Screen::Clients);
                    }
                    Err(error) => message.set(Some(format!("Nothing was deleted. {error}"))),
                }
            });
        })
    };
    let others: Vec<(String, String, usize)> = session
        .index
        .clients
        .iter()
        .filter(|client| client.id != props.id.as_str())
        .map(|client| {
            (
                client.id.clone(),
                format!("{} ({})", client.reference, client.initials),
                client.visits.len(),
            )
        })
        .collect();
    let chosen = others.iter().find(|(id, _, _)| *id == *other).cloned();
    let merge = {
        let (session, message, id, other) = (
            session.clone(),
            message.clone(),
            props.id.to_string(),
            other.clone(),
        );
        Callback::from(move |()| {
            let (session, message, id, duplicate) = (
                session.clone(),
                message.clone(),
                id.clone(),
                (*other).clone(),
            );
            if duplicate.is_empty() {
                message.set(Some(
                    "Choose the other record of this person first.".to_owned(),
                ));
                return;
            }
            yew::platform::spawn_local(async move {
                match session.caseload.0.merge_clients(&id, &duplicate).await {
                    Ok((index, moved)) => {
                        session.set_index.emit(index);
                        message.set(Some(format!(
                            "Merged: {} moved to this client, and the other record was deleted.",
                            visits_in_words(moved)
                        )));
                    }
                    Err(error) => message.set(Some(error.to_string())),
                }
            });
        })
    };
    let choose = {
        let other = other.clone();
        Callback::from(move |event: Event| {
            if let Some(select) = event.target_dyn_into::<web_sys::HtmlSelectElement>() {
                other.set(select.value());
            }
        })
    };
    let reference = props.reference.to_string();
    let flagged = session
        .index
        .client(&props.id)
        .is_some_and(|summary| summary.visits.iter().any(|visit| visit.flagged));
    let mut delete_consequences: Vec<AttrValue> = Vec::new();
    if flagged {
        delete_consequences.push(AttrValue::from(
            "A safety flag raised at one of their visits has not yet been seen: open the visit and act on it first.",
        ));
    }
    delete_consequences.extend([
        AttrValue::from(format!(
            "{reference}'s record and their {} are deleted from this tablet, with every answer and note.",
            visits_in_words(props.visits)
        )),
        AttrValue::from("They leave the client list, the exports and the outcomes."),
        AttrValue::from(BACKUPS_STILL_HOLD),
    ]);
    let merge_consequences: Vec<AttrValue> = match &chosen {
        Some((_, name, visits)) => vec![
            format!(
                "{name}: its {} {} to {reference}.",
                visits_in_words(*visits),
                if *visits == 1 { "moves" } else { "move" }
            )
            .into(),
            format!("Its NHS number, year of birth and notes are kept where {reference}'s record lacks them; the record {name} is then deleted from this tablet.").into(),
            BACKUPS_STILL_HOLD.into(),
        ],
        None => vec!["Choose the other record of this person below.".into()],
    };
    html! {
        <section class="app-corrections" data-app-client-corrections="">
            <h2>{ "Put this record right" }</h2>
            <div class="app-button-row">
                <AskFirst name="delete-client" label="Delete this client"
                    question={format!("Delete {reference}?")}
                    consequences={delete_consequences}
                    confirm={format!("Yes, delete {reference}")}
                    on_confirm={delete} />
                if !others.is_empty() {
                    <AskFirst name="merge-client" label="Merge with another record of this person"
                        question={format!("Merge another record into {reference}?")}
                        consequences={merge_consequences}
                        confirm="Yes, merge them"
                        on_confirm={merge}>
                        <div class="wc-field">
                            <label class="wc-label" for="field-merge-other">{ "The other record of this person" }</label>
                            <select id="field-merge-other" class="wc-select" onchange={choose} data-app-merge-other="">
                                <option value="" selected={other.is_empty()}>{ "Choose a client" }</option>
                                { for others.iter().map(|(id, name, _)| html! {
                                    <option value={id.clone()} selected={*other == *id}>{ name.clone() }</option>
                                }) }
                            </select>
                        </div>
                    </AskFirst>
                }
            </div>
            { status(&message) }
        </section>
    }
}

/// Props for [`VisitCorrections`].
#[derive(Properties, PartialEq)]
pub struct VisitCorrectionsProps {
    /// The visit as stored.
    pub visit: Visit,
    /// Called once the visit's date or kind has changed (to read it again).
    pub on_changed: Callback<()>,
}

/// Change a visit's date or kind; discard it while unfinished.
#[component]
pub fn VisitCorrections(props: &VisitCorrectionsProps) -> Html {
    let session = use_session();
    let date = use_state(|| props.visit.date.clone());
    let kind = use_state(|| props.visit.kind);
    let message = use_state(|| None::<String>);
    let save = {
        let (session, date, kind, message, id, on_changed) = (
            session.clone(),
            date.clone(),
            kind.clone(),
            message.clone(),
            props.visit.id.clone(),
            props.on_changed.clone(),
        );
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let (session, message, id, on_changed) = (
                session.clone(),
                message.clone(),
                id.clone(),
                on_changed.clone(),
            );
            let (date, kind) = ((*date).clone(), *kind);
            yew::platform::spawn_local(async move {
                match session
                    .caseload
                    .0
                    .change_visit_when(&id, &date, kind, &session.today)
                    .await
                {
                    Ok(index) => {
                        session.set_index.emit(index);
                        message.set(Some(
                            "Saved: the visit's date and kind are changed.".to_owned(),
                        ));
                        on_changed.emit(());
                    }
                    Err(error) => message.set(Some(format!("Not changed. {error}"))),
                }
            });
        })
    };
    let discard = discard_callback(&session, &props.visit, message.clone());
    let set_date = {
        let date = date.clone();
        Callback::from(move |event: InputEvent| {
            if let Some(input) = event.target_dyn_into::<web_sys::HtmlInputElement>() {
                date.set(input.value());
            }
        })
    };
    let set_kind = |to: VisitKind| {
        let kind = kind.clone();
        Callback::from(move |_| kind.set(to))
    };
    html! {
        <section class="app-corrections" data-app-visit-corrections="">
            <h2>{ "Put this visit right" }</h2>
            <details class="app-details">
                <summary data-app-change-when="">{ "Change the date or kind of visit" }</summary>
                <form onsubmit={save} novalidate=true>
                    <div class="wc-field">
                        <label class="wc-label" for="field-visit-date">{ "Date of the visit" }</label>
                        <input id="field-visit-date" class="wc-input wc-input-narrow" type="date"
                            value={(*date).clone()} oninput={set_date} />
                    </div>
                    <fieldset class="app-fieldset">
                        <legend class="wc-legend">{ "Kind of visit" }</legend>
                        { for [VisitKind::Baseline, VisitKind::FollowUp].into_iter().map(|option| {
                            let id = format!("field-visit-kind-{}", option.value());
                            html! {
                                <div class="app-choice">
                                    <input id={id.clone()} class="app-choice-input" type="radio" name="visit-kind"
                                        checked={*kind == option} onchange={set_kind(option)} />
                                    <label class="app-choice-label" for={id}>{ option.label() }</label>
                                </div>
                            }
                        }) }
                    </fieldset>
                    <button type="submit" class="wc-button" data-app-save-when="">{ "Save the date and kind" }</button>
                </form>
            </details>
            if !props.visit.finished {
                <AskFirst name="discard-visit" label="Discard this visit"
                    question="Discard this unfinished visit?"
                    consequences={vec![
                        AttrValue::from("The visit and every answer given in it so far are deleted from this tablet."),
                        AttrValue::from(BACKUPS_STILL_HOLD),
                    ]}
                    confirm="Yes, discard it"
                    on_confirm={discard} />
            }
            { status(&message) }
        </section>
    }
}

fn discard_callback(
    session: &Session,
    visit: &Visit,
    message: UseStateHandle<Option<String>>,
) -> Callback<()> {
    let (session, id, client) = (session.clone(), visit.id.clone(), visit.client.clone());
    Callback::from(move |()| {
        let (session, id, client, message) =
            (session.clone(), id.clone(), client.clone(), message.clone());
        yew::platform::spawn_local(async move {
            match session.caseload.0.discard_visit(&id).await {
                Ok(index) => {
                    session.set_index.emit(index);
                    session.go.emit(Screen::Client(client));
                }
                Err(error) => message.set(Some(format!("Nothing was discarded. {error}"))),
            }
        });
    })
}
