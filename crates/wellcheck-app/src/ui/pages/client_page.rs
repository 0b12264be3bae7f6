//! One client: their details (the NHS number only here, never in lists), their visits, with
//! the way to start a new visit or resume an unfinished one, and the change in each score
//! over their finished visits.

use wellcheck_core::definition::Direction;
use wellcheck_interchange::nhs_number::NhsNumber;
use yew::prelude::*;

use crate::change::{Series, client_change};
use crate::exports::finished_forms;
use crate::records::Client;
use crate::ui::pages::corrections::ClientCorrections;
use crate::ui::pages::safety::SafetyMarks;
use crate::ui::parts::chart::ScoreChart;
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
        None => return html! { <p class="wc-status" role="status">{ "Opening…" }</p> },
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
    let finished: Vec<String> = visits
        .iter()
        .filter(|visit| visit.finished)
        .map(|visit| visit.id.clone())
        .collect();
    let safety: Vec<_> = visits
        .iter()
        .flat_map(|visit| {
            visit
                .safety
                .iter()
                .map(|note| (visit.date.clone(), note.clone()))
        })
        .collect();
    let nhs = client
        .nhs_number
        .as_deref()
        .and_then(|digits| NhsNumber::parse(digits).ok())
        .map(|number| number.formatted());
    html! {
        <div>
            <p><button type="button" class="wc-back-link" onclick={go(Screen::Clients)}>{ "Back to clients" }</button></p>
            <div class="app-title-row">
                <h1><span class="app-caption">{ "Client" }</span>{ client.reference.clone() }</h1>
                <button type="button" class="wc-button" onclick={go(Screen::NewVisit(client.id.clone()))} data-app-start-visit="">{ "Start a visit" }</button>
            </div>
            <SafetyMarks notes={safety} />
            <dl class="app-summary-list">
                <div><dt>{ "Initials" }</dt><dd>{ client.initials.clone() }</dd></div>
                <div><dt>{ "Year of birth" }</dt><dd>{ client.year_of_birth.map_or_else(|| "Not given".to_owned(), |year| year.to_string()) }</dd></div>
                <div><dt>{ "NHS number" }</dt><dd>{ nhs.unwrap_or_else(|| "Not given".to_owned()) }</dd></div>
                <div><dt>{ "Follow-up due" }</dt><dd>{ due.unwrap_or_else(|| "Not due".to_owned()) }</dd></div>
                <div><dt>{ "Notes" }</dt><dd class="app-pre">{ if client.notes.is_empty() { "None".to_owned() } else { client.notes.clone() } }</dd></div>
            </dl>
            <p><button type="button" class="wc-button wc-button-secondary" onclick={go(Screen::EditClient(client.id.clone()))} data-app-edit-client="">{ "Change details" }</button></p>
            <h2>{ "Visits" }</h2>
            if visits.is_empty() {
                <p>{ "No visits yet." }</p>
            } else {
                <ul class="app-visit-list" data-app-visits="">
                    { for visits.iter().rev().map(|visit| html! {
                        <li>
                            <button type="button" class="wc-link-button" onclick={go(Screen::Visit(visit.id.clone()))}>
                                { format!("{} — {}", visit.date, visit.kind.label()) }
                            </button>
                            if !visit.finished { <strong class="app-tag">{ "Unfinished" }</strong> }
                            if visit.flagged { <strong class="app-tag app-tag-safety">{ "Safety flag not yet seen" }</strong> }
                            else if !visit.safety.is_empty() { <strong class="app-tag app-tag-safety">{ "Safety flag" }</strong> }
                        </li>
                    }) }
                </ul>
            }
            if !finished.is_empty() {
                <ChangeOverTime client={client.clone()} visits={finished} />
            }
            <ClientCorrections id={client.id.clone()} reference={client.reference.clone()} visits={visits.len()} />
        </div>
    }
}

/// Props for [`ChangeOverTime`].
#[derive(Properties, PartialEq)]
struct ChangeProps {
    client: Client,
    /// The client's finished visits' record ids.
    visits: Vec<String>,
}

/// Each score over the client's finished visits: a chart, its table, and what the change
/// since the first visit amounts to (the outcomes report's own judgement).
#[component]
fn ChangeOverTime(props: &ChangeProps) -> Html {
    let session = use_session();
    let loaded = use_state(|| None::<Result<(Vec<Series>, Vec<String>), String>>);
    {
        let (loaded, caseload) = (loaded.clone(), session.caseload.clone());
        use_effect_with(
            (props.client.clone(), props.visits.clone()),
            move |(client, ids)| {
                let (client, ids) = (client.clone(), ids.clone());
                yew::platform::spawn_local(async move {
                    let mut visits = Vec::new();
                    for id in &ids {
                        match caseload.0.visit(id).await {
                            Ok(Some(visit)) => visits.push(visit),
                            Ok(None) => {}
                            Err(error) => {
                                loaded.set(Some(Err(error.to_string())));
                                return;
                            }
                        }
                    }
                    let (forms, problems) =
                        finished_forms(std::slice::from_ref(&client), &visits, "T");
                    loaded.set(Some(Ok((client_change(&forms), problems))));
                });
            },
        );
    }
    let series = match &*loaded {
        None => return html! { <p class="wc-status" role="status">{ "Reading the visits…" }</p> },
        Some(Err(error)) => {
            return html! { <p class="app-panel app-panel-error" role="alert">{ error.clone() }</p> };
        }
        Some(Ok(found)) => found.clone(),
    };
    let (series, problems) = series;
    html! {
        <section data-app-change="">
            <h2>{ "Change over time" }</h2>
            <p>{ "Each score at every finished visit. The change since the first visit is judged by the same rule as the scheme's outcomes report." }</p>
            if !problems.is_empty() {
                <div class="app-warning" role="note">
                    <ul>{ for problems.iter().map(|line| html! { <li>{ line.clone() }</li> }) }</ul>
                </div>
            }
            { for series.into_iter().map(|one| {
                let anchor = format!("change-{}-{}", one.instrument, one.score);
                let caption = format!("{anchor}-caption");
                let better = match one.direction {
                    Direction::HigherIsBetter => "higher is better",
                    Direction::LowerIsBetter => "lower is better",
                };
                html! {
                    <div class="app-change" data-app-score={format!("{}/{}", one.instrument, one.score)}>
                        <h3 id={anchor.clone()}>{ format!("{}: {}", one.instrument_name, one.score_name) }</h3>
                        if let Some(verdict) = &one.verdict {
                            <p class="app-verdict" data-app-verdict="">{ verdict.clone() }</p>
                        }
                        if let Some(bands) = &one.bands {
                            <p>{ bands.clone() }</p>
                        }
                        <figure class="app-figure">
                            <ScoreChart series={one.clone()} caption={AttrValue::from(caption.clone())} />
                            <figcaption id={caption}>{ format!(
                                "{} at each visit ({better}). The table gives the same figures.{}",
                                one.score_name,
                                one.guideline.map_or_else(String::new, |minutes| format!(" The dashed line is the guideline of {minutes} minutes a week."))
                            ) }</figcaption>
                        </figure>
                        <div class="app-table-scroll" tabindex="0" role="region" aria-label={format!("{} by visit", one.score_name)}>
                            <table class="app-table">
                                <thead><tr><th scope="col">{ "Visit" }</th><th scope="col">{ "Score" }</th><th scope="col">{ "Band" }</th></tr></thead>
                                <tbody>
                                    { for one.points.iter().map(|point| html! {
                                        <tr>
                                            <td>{ point.date.clone() }</td>
                                            <td>{ point.text.clone() }</td>
                                            <td>{ point.band.clone().unwrap_or_else(|| "—".to_owned()) }</td>
                                        </tr>
                                    }) }
                                </tbody>
                            </table>
                        </div>
                    </div>
                }
            }) }
        </section>
    }
}
