//! Adding a client or changing their details. Every field is checked by
//! [`crate::records::ClientInput::check`]; problems are listed together, each linked to
//! its field.

use yew::prelude::*;

use crate::caseload;
use crate::records::{ClientInput, FieldProblem};
use crate::ui::parts::problems::{error_summary, problem_for};
use crate::ui::{Screen, this_year, use_session};
use wellcheck_web::kit::TextField;

/// Props for [`ClientForm`].
#[derive(Properties, PartialEq)]
pub struct ClientFormProps {
    /// The client being changed; `None` for a new one.
    pub id: Option<AttrValue>,
}

/// The client form.
#[component]
pub fn ClientForm(props: &ClientFormProps) -> Html {
    let session = use_session();
    let input = use_state(ClientInput::default);
    let problems = use_state(Vec::<FieldProblem>::new);
    let busy = use_state(|| false);
    {
        // Changing a client starts from what was saved.
        let (input, caseload) = (input.clone(), session.caseload.clone());
        use_effect_with(props.id.clone(), move |id| {
            if let Some(id) = id.clone() {
                yew::platform::spawn_local(async move {
                    if let Ok(Some(client)) = caseload.0.client(&id).await {
                        input.set(ClientInput::from_client(&client));
                    }
                });
            }
        });
    }
    let field = |pick: fn(&mut ClientInput) -> &mut String| {
        let input = input.clone();
        Callback::from(move |text: String| {
            let mut next = (*input).clone();
            *pick(&mut next) = text;
            input.set(next);
        })
    };
    let onsubmit = {
        let (input, problems, busy, session) = (
            input.clone(),
            problems.clone(),
            busy.clone(),
            session.clone(),
        );
        let id = props.id.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if *busy {
                return;
            }
            let record_id = match &id {
                Some(id) => id.to_string(),
                None => match caseload::new_client_id() {
                    Ok(id) => id,
                    Err(error) => {
                        problems.set(vec![FieldProblem {
                            field: "reference",
                            message: error.to_string(),
                        }]);
                        return;
                    }
                },
            };
            let index = session.index.clone();
            let checked = input.check(record_id.clone(), this_year(), |key| {
                index.reference_taken(key, Some(&record_id))
            });
            let client = match checked {
                Ok(client) => client,
                Err(found) => {
                    problems.set(found);
                    return;
                }
            };
            busy.set(true);
            let (problems, busy, session) = (problems.clone(), busy.clone(), session.clone());
            yew::platform::spawn_local(async move {
                let saved = session.caseload.0.save_client(&client).await;
                busy.set(false);
                match saved {
                    Ok(index) => {
                        session.set_index.emit(index);
                        session.go.emit(Screen::Client(client.id.clone()));
                    }
                    Err(error) => problems.set(vec![FieldProblem {
                        field: "reference",
                        message: format!("Not saved. {error}"),
                    }]),
                }
            });
        })
    };
    let cancel = {
        let go = session.go.clone();
        let back = props
            .id
            .as_ref()
            .map_or(Screen::Clients, |id| Screen::Client(id.to_string()));
        Callback::from(move |_| go.emit(back.clone()))
    };
    html! {
        <div class="app-narrow">
            <h1>{ if props.id.is_some() { "Change client details" } else { "Add a client" } }</h1>
            { error_summary(&problems) }
            <form {onsubmit} novalidate=true>
                <TextField name="reference" label="Reference"
                    hint={AttrValue::from("Your own reference for this client, not their name (for example MAPLE-7)")}
                    value={AttrValue::from(input.reference.clone())} error={problem_for(&problems, "reference")}
                    oninput={field(|input| &mut input.reference)} />
                <TextField name="initials" label="Initials" narrow=true
                    value={AttrValue::from(input.initials.clone())} error={problem_for(&problems, "initials")}
                    oninput={field(|input| &mut input.initials)} />
                <TextField name="year-of-birth" label="Year of birth (optional)" narrow=true inputmode={AttrValue::from("numeric")}
                    hint={AttrValue::from("For example 1951")}
                    value={AttrValue::from(input.year_of_birth.clone())} error={problem_for(&problems, "year-of-birth")}
                    oninput={field(|input| &mut input.year_of_birth)} />
                <TextField name="nhs-number" label="NHS number (optional)" inputmode={AttrValue::from("numeric")}
                    hint={AttrValue::from("10 digits, for example 943 476 5919. It is kept encrypted and never shown in lists.")}
                    value={AttrValue::from(input.nhs_number.clone())} error={problem_for(&problems, "nhs-number")}
                    oninput={field(|input| &mut input.nhs_number)} />
                <TextField name="notes" label="Notes (optional)" multiline=true
                    value={AttrValue::from(input.notes.clone())} error={problem_for(&problems, "notes")}
                    oninput={field(|input| &mut input.notes)} />
                <div class="app-actions">
                    <button type="submit" class="wc-button" disabled={*busy} data-app-save-client="">
                        { if *busy { "Saving…" } else { "Save client" } }
                    </button>
                    <button type="button" class="wc-button wc-button-secondary" onclick={cancel}>{ "Cancel" }</button>
                </div>
            </form>
        </div>
    }
}
