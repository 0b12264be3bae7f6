//! Exports from Settings: every finished form as CSV in the documented format (what
//! `wellcheck csv` and `wellcheck report` read), with this tablet's name before each client
//! reference so several workers' files merge. Unlike a backup, an export is readable: the
//! page says so.

use yew::prelude::*;

use crate::exports::{self, check_tablet_name, finished_forms, forms_csv};
use crate::records::FieldProblem;
use crate::ui::parts::files::download;
use crate::ui::parts::problems::{error_summary, problem_for};
use crate::ui::use_session;
use wellcheck_web::kit::{TextField, setter, status};

/// The Settings section for the CSV export.
#[component]
pub fn ExportSettings() -> Html {
    let session = use_session();
    let name = use_state(|| session.index.settings.tablet_name.clone());
    let problems = use_state(Vec::<FieldProblem>::new);
    let message = use_state(|| None::<String>);
    let busy = use_state(|| false);
    let onsubmit = {
        let (session, name, problems, message, busy) = (
            session.clone(),
            name.clone(),
            problems.clone(),
            message.clone(),
            busy.clone(),
        );
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if *busy {
                return;
            }
            let tablet = match check_tablet_name(&name) {
                Ok(tablet) => tablet,
                Err(error) => {
                    problems.set(vec![FieldProblem {
                        field: "tablet-name",
                        message: error,
                    }]);
                    return;
                }
            };
            problems.set(Vec::new());
            busy.set(true);
            let (session, name, message, busy) =
                (session.clone(), name.clone(), message.clone(), busy.clone());
            yew::platform::spawn_local(async move {
                let caseload = &session.caseload.0;
                let mut said = String::new();
                if session.index.settings.tablet_name != tablet {
                    let mut settings = session.index.settings.clone();
                    settings.tablet_name = tablet.clone();
                    match caseload.save_settings(&settings).await {
                        Ok(index) => session.set_index.emit(index),
                        Err(error) => said = format!("The tablet's name was not saved. {error} "),
                    }
                    name.set(tablet.clone());
                }
                match caseload.all_records().await {
                    Ok((clients, visits)) => {
                        let (forms, left_out) = finished_forms(&clients, &visits, &tablet);
                        let file = format!("wellcheck-forms-{tablet}-{}.csv", session.today);
                        let clients_in = forms
                            .iter()
                            .map(|form| form.client.as_str())
                            .collect::<std::collections::BTreeSet<_>>()
                            .len();
                        said.push_str(&match download(&file, "text/csv", &forms_csv(&forms)) {
                            Ok(()) => format!(
                                "Exported {} forms of {clients_in} clients: {file}, in this tablet's downloads.",
                                forms.len()
                            ),
                            Err(error) => format!("The export could not be offered as a download ({error})."),
                        });
                        for problem in left_out {
                            said.push(' ');
                            said.push_str(&problem);
                        }
                    }
                    Err(error) => said.push_str(&format!("Nothing was exported. {error}")),
                }
                message.set(Some(said));
                busy.set(false);
            });
        })
    };
    html! {
        <section data-app-exports="">
            <h2>{ "Exports" }</h2>
            <p>{ "Every finished questionnaire as a spreadsheet file (CSV), for the scheme's records or for " }<code>{ "wellcheck report" }</code>{ ". Unfinished visits are left out." }</p>
            <div class="app-warning" role="note">
                <h3>{ "An export is not encrypted" }</h3>
                <p>{ "It holds client references and answers in plain text. Keep it as securely as the scheme's other client records, and delete it from this tablet once it is moved." }</p>
            </div>
            { error_summary(&problems) }
            <form {onsubmit} novalidate=true>
                <TextField name="tablet-name" label="This tablet's name in exports" narrow=true
                    hint={AttrValue::from(format!("Up to {} letters and digits, like NORTH1. Each client is written as NAME-REFERENCE, so exports from several tablets can be merged.", exports::MAX_TABLET_NAME))}
                    value={AttrValue::from((*name).clone())} error={problem_for(&problems, "tablet-name")} oninput={setter(&name)} />
                <button type="submit" class="wc-button" disabled={*busy} data-app-export-csv="">
                    { if *busy { "Exporting…" } else { "Download forms as CSV" } }
                </button>
            </form>
            { status(&message) }
        </section>
    }
}
