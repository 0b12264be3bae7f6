//! Licensed questionnaires (WEMWBS, SWEMWBS, UCLA-20, De Jong Gierveld): wellcheck ships
//! their structure and scoring only, so a scheme that holds a licence imports the wording
//! file its licensor supplies. The file is checked by the core as strictly as a definition,
//! then sealed in the store like any record; from then on the questionnaire can be chosen
//! for a visit.

use wellcheck_core::catalogue;
use wellcheck_core::definition::{LicenceClass, MAX_DEFINITION_BYTES};
use yew::prelude::*;

use crate::records::{FieldProblem, LicensedWording};
use crate::ui::parts::problems::error_summary;
use crate::ui::use_session;
use wellcheck_web::kit::status;

/// The file field's name (its id is `field-licensed-file`).
const FIELD: &str = "licensed-file";
/// How many of a file's problems are listed; the rest are counted.
const PROBLEMS_SHOWN: usize = 10;

/// The licensed questionnaires in the catalogue: id and name.
fn licensed_instruments() -> Vec<(String, String)> {
    catalogue::ids()
        .filter_map(|id| catalogue::get(id).ok())
        .filter(|instrument| instrument.licence() == LicenceClass::Licensed)
        .map(|instrument| (instrument.id().to_owned(), instrument.name().to_owned()))
        .collect()
}

fn problems_of(lines: Vec<String>) -> Vec<FieldProblem> {
    let more = lines.len().saturating_sub(PROBLEMS_SHOWN);
    let mut problems: Vec<FieldProblem> = lines
        .into_iter()
        .take(PROBLEMS_SHOWN)
        .map(|message| FieldProblem {
            field: FIELD,
            message,
        })
        .collect();
    if more > 0 {
        problems.push(FieldProblem {
            field: FIELD,
            message: format!("and {more} more problems in the same file"),
        });
    }
    problems
}

/// The settings section that lists licensed questionnaires and imports their wording.
#[component]
pub fn LicensedWordingSettings() -> Html {
    let session = use_session();
    let problems = use_state(Vec::<FieldProblem>::new);
    let message = use_state(|| None::<String>);
    let busy = use_state(|| false);
    let onchange = {
        let (problems, message, busy, session) = (
            problems.clone(),
            message.clone(),
            busy.clone(),
            session.clone(),
        );
        Callback::from(move |event: Event| {
            let Some(input) = event.target_dyn_into::<web_sys::HtmlInputElement>() else {
                return;
            };
            let Some(file) = input.files().and_then(|files| files.get(0)) else {
                return;
            };
            // So that choosing the same file again (after fixing it) is a change too.
            input.set_value("");
            let file = gloo_file::File::from(file);
            message.set(None);
            if file.size() > MAX_DEFINITION_BYTES as u64 {
                problems.set(problems_of(vec![format!(
                    "The file is {} bytes; a wording file may be at most {MAX_DEFINITION_BYTES} bytes.",
                    file.size()
                )]));
                return;
            }
            busy.set(true);
            let (problems, message, busy, session) = (
                problems.clone(),
                message.clone(),
                busy.clone(),
                session.clone(),
            );
            yew::platform::spawn_local(async move {
                let text = gloo_file::futures::read_as_text(&file).await;
                let checked = text
                    .map_err(|error| vec![format!("The file could not be read ({error}).")])
                    .and_then(|text| {
                        LicensedWording::check(&text, &session.today)
                            .map(|(wording, instrument)| (wording, instrument, text))
                    });
                match checked {
                    Err(lines) => problems.set(problems_of(lines)),
                    Ok((wording, instrument, text)) => {
                        problems.set(Vec::new());
                        let reference = wording.licence_reference.clone();
                        match session.caseload.0.save_licensed(wording, &text).await {
                            Ok(index) => {
                                session.set_index.emit(index);
                                message.set(Some(format!(
                                    "Imported the wording for {} (licence: {reference}). It can now be chosen for a visit.",
                                    instrument.name()
                                )));
                            }
                            Err(error) => message.set(Some(format!("Not saved. {error}"))),
                        }
                    }
                }
                busy.set(false);
            });
        })
    };
    let error = !problems.is_empty();
    html! {
        <section>
            <h2>{ "Licensed questionnaires" }</h2>
            <p>{ "These questionnaires' wording is licensed, so it is not built into the app. If your organisation holds a licence, import the wording file from your licensor (a .json file) to use it in visits. It is kept encrypted with the records." }</p>
            { error_summary(&problems) }
            <table class="app-table" data-app-licensed="">
                <thead>
                    <tr>
                        <th scope="col">{ "Questionnaire" }</th>
                        <th scope="col">{ "Wording" }</th>
                    </tr>
                </thead>
                <tbody>
                    { for licensed_instruments().into_iter().map(|(id, name)| html! {
                        <tr>
                            <td>{ name }</td>
                            <td>{ match session.index.licensed(&id) {
                                Some(wording) if wording.imported.is_empty() => format!("Imported (licence: {})", wording.licence_reference),
                                Some(wording) => format!("Imported {} (licence: {})", wording.imported, wording.licence_reference),
                                None => "Not imported".to_owned(),
                            } }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
            <div class={classes!("wc-field", error.then_some("wc-field-error"))}>
                <label class="wc-label" for="field-licensed-file">{ "Import a wording file" }</label>
                <p class="wc-hint" id="field-licensed-file-hint">{ "Importing a file for a questionnaire that already has wording replaces it." }</p>
                if error {
                    <p class="wc-error-message">
                        <span class="wc-visually-hidden">{ "Error: " }</span>
                        { "That file cannot be used: its problems are listed above. Nothing was changed." }
                    </p>
                }
                <input type="file" id="field-licensed-file" class="app-file" accept=".json,application/json"
                    aria-describedby="field-licensed-file-hint" disabled={*busy} {onchange} />
            </div>
            { status(&message) }
        </section>
    }
}
