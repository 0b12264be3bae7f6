//! One client: their details (the NHS number only here, never in lists) and their visits,
//! with the way to start a new visit or resume an unfinished one.

use wellcheck_core::nhs_number::NhsNumber;
use yew::prelude::*;

use crate::records::Client;
use crate::ui::{Screen, use_session};

/// Props for [`ClientPage`].
#[derive(Properties, PartialEq)]
pub struct ClientPageProps {
    /// The client's record id.
    pub id: AttrValue,
}

/// The client page.
#[component]
pub fn ClientPage(props: &ClientPageProps) -> Html {
    let session = use_session();
    let client = use_state(|| None::<Result<Client, String>>);
    {
        let (client, caseload) = (client.clone(), session.caseload.clone());
        use_effect_with(props.id.clone(), move |id| {
            let id = id.clone();
            yew::platform::spawn_local(async move {
                client.set(Some(match caseload.0.client(&id).await {
                    Ok(Some(found)) => Ok(found),
                    Ok(None) => Err("This client's record was not found.".to_owned()),
                    Err(error) => Err(error.to_string()),
                }));
            });
        });
    }
    let client = match &*client {
        None => return html! { <p class="app-status" role="status">{ "Opening…" }</p> },
        Some(Err(message)) => {
            return html! { <p class="app-panel app-panel-error" role="alert">{ message.clone() }</p> };
        }
        Some(Ok(client)) => client.clone(),
    };
    let summary = session.index.client(&client.id).cloned();
    let visits = summary
        .as_ref()
        .map(|summary| summary.visits.clone())
        .unwrap_or_default();
    let due = summary
        .as_ref()
        .and_then(|summary| summary.follow_up_due(session.index.settings.follow_up_weeks));
    let go = |screen: Screen| {
        let go = session.go.clone();
        Callback::from(move |_| go.emit(screen.clone()))
    };
    let nhs = client
        .nhs_number
        .as_deref()
        .and_then(|digits| NhsNumber::parse(digits).ok())
        .map(|number| number.formatted());
    html! {
        <div>
            <p><button type="button" class="app-back-link" onclick={go(Screen::Clients)}>{ "Back to clients" }</button></p>
            <div class="app-title-row">
                <h1><span class="app-caption">{ "Client" }</span>{ client.reference.clone() }</h1>
                <button type="button" class="app-button" onclick={go(Screen::NewVisit(client.id.clone()))} data-app-start-visit="">{ "Start a visit" }</button>
            </div>
            <dl class="app-summary-list">
                <div><dt>{ "Initials" }</dt><dd>{ client.initials.clone() }</dd></div>
                <div><dt>{ "Year of birth" }</dt><dd>{ client.year_of_birth.map_or_else(|| "Not given".to_owned(), |year| year.to_string()) }</dd></div>
                <div><dt>{ "NHS number" }</dt><dd>{ nhs.unwrap_or_else(|| "Not given".to_owned()) }</dd></div>
                <div><dt>{ "Follow-up due" }</dt><dd>{ due.unwrap_or_else(|| "Not due".to_owned()) }</dd></div>
                <div><dt>{ "Notes" }</dt><dd class="app-pre">{ if client.notes.is_empty() { "None".to_owned() } else { client.notes.clone() } }</dd></div>
            </dl>
            <p><button type="button" class="app-button app-button-secondary" onclick={go(Screen::EditClient(client.id.clone()))} data-app-edit-client="">{ "Change details" }</button></p>
            <h2>{ "Visits" }</h2>
            if visits.is_empty() {
                <p>{ "No visits yet." }</p>
            } else {
                <ul class="app-visit-list" data-app-visits="">
                    { for visits.iter().rev().map(|visit| html! {
                        <li>
                            <button type="button" class="app-link-button" onclick={go(Screen::Visit(visit.id.clone()))}>
                                { format!("{} — {}", visit.date, visit.kind.label()) }
                            </button>
                            if !visit.finished { <strong class="app-tag">{ "Unfinished" }</strong> }
                        </li>
                    }) }
                </ul>
            }
        </div>
    }
}
