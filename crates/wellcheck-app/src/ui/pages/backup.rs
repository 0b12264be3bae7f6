//! Backups: making one (a download of the whole store, still sealed) from Settings, and
//! restoring one, on this tablet or a new one, with the passphrase that was in use when it
//! was made. A restore checks the whole file and opens every record before it replaces
//! anything, so a wrong passphrase or a damaged file leaves the current records as they are.

use std::rc::Rc;

use yew::prelude::*;

use crate::backup::{self, MAX_BYTES};
use crate::caseload::{Caseload, check_backup_records};
use crate::records::FieldProblem;
use crate::store::{FORMAT_VERSION, Store, StoreError};
use crate::ui::parts::files::download;
use crate::ui::parts::problems::{error_summary, problem_for};
use crate::ui::{DATABASE, use_session};
use crate::vault::VaultError;
use wellcheck_web::kit::{TextField, setter, status};

/// The Settings section: when the last backup was made, and making one.
#[component]
pub fn BackupSettings() -> Html {
    let session = use_session();
    let message = use_state(|| None::<String>);
    let busy = use_state(|| false);
    let make = {
        let (session, message, busy) = (session.clone(), message.clone(), busy.clone());
        Callback::from(move |_| {
            if *busy {
                return;
            }
            busy.set(true);
            let (session, message, busy) = (session.clone(), message.clone(), busy.clone());
            yew::platform::spawn_local(async move {
                let name = format!("wellcheck-backup-{}.json", session.today);
                match session.caseload.0.backup(&session.today).await {
                    Ok((file, index)) => {
                        message.set(Some(match download(&name, "application/json", &file) {
                            Ok(()) => format!(
                                "Backup made: {name}, in this tablet's downloads. Move it somewhere safe that is not this tablet. It opens only with today's passphrase."
                            ),
                            Err(error) => format!("The backup could not be offered as a download ({error})."),
                        }));
                        session.set_index.emit(index);
                    }
                    Err(error) => message.set(Some(format!("No backup was made. {error}"))),
                }
                busy.set(false);
            });
        })
    };
    let restore = {
        let start = session.start_restore.clone();
        Callback::from(move |_| start.emit(()))
    };
    html! {
        <section data-app-backup="">
            <h2>{ "Backups" }</h2>
            <p>{ match &session.index.last_backup {
                Some(date) => format!("The last backup was made on {date}."),
                None => "No backup has been made on this tablet yet.".to_owned(),
            } }</p>
            <p>{ "A backup is one file holding every record, still encrypted. It restores on this tablet or a new one with the passphrase in use when it was made." }</p>
            <button type="button" class="wc-button" onclick={make} disabled={*busy} data-app-make-backup="">
                { if *busy { "Making a backup…" } else { "Make a backup" } }
            </button>
            { status(&message) }
            <h3>{ "Restore from a backup" }</h3>
            <p>{ "Restoring replaces every record on this tablet with the backup's. The records are locked first." }</p>
            <button type="button" class="wc-button wc-button-secondary" onclick={restore} data-app-start-restore="">
                { "Restore from a backup" }
            </button>
        </section>
    }
}

/// Props for [`RestoreForm`].
#[derive(Properties, PartialEq)]
pub struct RestoreProps {
    /// Receives the restored, opened caseload.
    pub on_open: Callback<Rc<Caseload>>,
    /// Back to where the person came from, with nothing changed.
    pub on_cancel: Callback<()>,
    /// Whether records are already set up here (and would be replaced).
    pub replacing: bool,
}

/// The file chosen, checked.
type Chosen = Result<Rc<backup::Checked>, String>;

/// Restoring a backup: the file, its passphrase, and (if there are records here) a
/// confirmation that they will be replaced.
#[component]
pub fn RestoreForm(props: &RestoreProps) -> Html {
    let chosen = use_state(|| None::<Chosen>);
    let passphrase = use_state(String::new);
    let confirmed = use_state(|| false);
    let problems = use_state(Vec::<FieldProblem>::new);
    let busy = use_state(|| false);
    let on_file = {
        let (chosen, problems) = (chosen.clone(), problems.clone());
        Callback::from(move |event: Event| {
            let Some(input) = event.target_dyn_into::<web_sys::HtmlInputElement>() else {
                return;
            };
            let Some(file) = input.files().and_then(|files| files.get(0)) else {
                chosen.set(None);
                return;
            };
            let file = gloo_file::File::from(file);
            problems.set(Vec::new());
            if file.size() > MAX_BYTES as u64 {
                chosen.set(Some(Err(format!(
                    "The file is {} bytes; a backup may be at most {MAX_BYTES} bytes.",
                    file.size()
                ))));
                return;
            }
            let chosen = chosen.clone();
            yew::platform::spawn_local(async move {
                let read = gloo_file::futures::read_as_text(&file)
                    .await
                    .map_err(|error| format!("The file could not be read ({error})."))
                    .and_then(|text| backup::read(&text, FORMAT_VERSION).map(Rc::new));
                chosen.set(Some(read));
            });
        })
    };
    let onsubmit = {
        let (chosen, passphrase, confirmed, problems, busy) = (
            chosen.clone(),
            passphrase.clone(),
            confirmed.clone(),
            problems.clone(),
            busy.clone(),
        );
        let (on_open, replacing) = (props.on_open.clone(), props.replacing);
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if *busy {
                return;
            }
            let mut found = Vec::new();
            let checked = match &*chosen {
                Some(Ok(checked)) => Some(Rc::clone(checked)),
                Some(Err(error)) => {
                    found.push(FieldProblem {
                        field: "backup-file",
                        message: error.clone(),
                    });
                    None
                }
                None => {
                    found.push(FieldProblem {
                        field: "backup-file",
                        message: "Choose the backup file".to_owned(),
                    });
                    None
                }
            };
            if passphrase.is_empty() {
                found.push(FieldProblem {
                    field: "backup-passphrase",
                    message: "Enter the passphrase that was in use when the backup was made"
                        .to_owned(),
                });
            }
            if replacing && !*confirmed {
                found.push(FieldProblem {
                    field: "backup-confirm",
                    message: "Confirm that the records on this tablet will be replaced".to_owned(),
                });
            }
            let Some(checked) = checked.filter(|_| found.is_empty()) else {
                problems.set(found);
                return;
            };
            busy.set(true);
            let (text, passphrase, problems, busy, on_open) = (
                (*passphrase).clone(),
                passphrase.clone(),
                problems.clone(),
                busy.clone(),
                on_open.clone(),
            );
            let today = crate::ui::today();
            yew::platform::spawn_local(async move {
                let opened =
                    match Store::restore(DATABASE, &text, &checked, &check_backup_records).await {
                        Ok(store) => match Caseload::open(store).await {
                            Ok(caseload) => caseload
                                .note_restored(&checked.created, &today)
                                .await
                                .map(|_| caseload),
                            Err(error) => Err(error),
                        },
                        Err(error) => Err(error),
                    };
                busy.set(false);
                match opened {
                    Ok(caseload) => on_open.emit(Rc::new(caseload)),
                    Err(error) => {
                        passphrase.set(String::new());
                        let (field, message) = match error {
                            StoreError::Vault(VaultError::WrongPassphrase) => (
                                "backup-passphrase",
                                "That is not the backup's passphrase. Nothing has been changed: try again.".to_owned(),
                            ),
                            other => (
                                "backup-file",
                                format!("{other}. Nothing has been changed."),
                            ),
                        };
                        problems.set(vec![FieldProblem { field, message }]);
                    }
                }
            });
        })
    };
    let file_error = problem_for(&problems, "backup-file").or_else(|| match &*chosen {
        Some(Err(error)) => Some(error.clone()),
        _ => None,
    });
    let summary = match &*chosen {
        Some(Ok(checked)) => Some(format!(
            "A backup {} holding {} {}.{}",
            if checked.created.as_str() > crate::ui::today().as_str() {
                format!(
                    "dated {}, after today (the tablet that made it had the wrong date; it will not count as a recent backup),",
                    checked.created
                )
            } else {
                format!("made on {}", checked.created)
            },
            checked.records.len(),
            if checked.records.len() == 1 {
                "record"
            } else {
                "records"
            },
            if checked.is_sealed() {
                ""
            } else {
                " It was made by an earlier version of the app, before backups were sealed, so the app cannot show that nothing in it was changed: restore it only if it has stayed in your keeping."
            }
        )),
        _ => None,
    };
    let cancel = {
        let on_cancel = props.on_cancel.clone();
        Callback::from(move |_| on_cancel.emit(()))
    };
    let confirm_error = problem_for(&problems, "backup-confirm");
    html! {
        <div class="app-narrow">
            <h1>{ "Restore from a backup" }</h1>
            if props.replacing {
                <div class="app-warning" role="note">
                    <h2>{ "This replaces the records on this tablet" }</h2>
                    <p>{ "Every client and visit now on this tablet is replaced by the backup's, and the backup's passphrase will open them. Make a backup of these first if you may need them." }</p>
                </div>
            }
            { error_summary(&problems) }
            <form {onsubmit} novalidate=true data-app-restore="">
                <div class={classes!("wc-field", file_error.is_some().then_some("wc-field-error"))}>
                    <label class="wc-label" for="field-backup-file">{ "Backup file" }</label>
                    <p class="wc-hint" id="field-backup-file-hint">{ "A file named like wellcheck-backup-2026-11-24.json." }</p>
                    if let Some(error) = &file_error {
                        <p class="wc-error-message"><span class="wc-visually-hidden">{ "Error: " }</span>{ error.clone() }</p>
                    }
                    <input type="file" id="field-backup-file" class="app-file" accept=".json,application/json"
                        aria-describedby="field-backup-file-hint" onchange={on_file} />
                    if let Some(summary) = summary {
                        <p class="wc-status" role="status" data-app-backup-summary="">{ summary }</p>
                    }
                </div>
                <TextField name="backup-passphrase" label="The backup's passphrase" kind="password" autocomplete="off"
                    hint={AttrValue::from("The passphrase that was in use on the day the backup was made.")}
                    value={AttrValue::from((*passphrase).clone())} error={problem_for(&problems, "backup-passphrase")} oninput={setter(&passphrase)} />
                if props.replacing {
                    <div class={classes!("wc-field", confirm_error.is_some().then_some("wc-field-error"))} id="field-backup-confirm-group">
                        if let Some(error) = &confirm_error {
                            <p class="wc-error-message"><span class="wc-visually-hidden">{ "Error: " }</span>{ error.clone() }</p>
                        }
                        <div class="app-choice">
                            <input type="checkbox" class="app-choice-input" id="field-backup-confirm" checked={*confirmed}
                                onchange={ { let confirmed = confirmed.clone(); move |_| confirmed.set(!*confirmed) } } />
                            <label class="app-choice-label" for="field-backup-confirm">{ "Replace every record on this tablet with the backup's" }</label>
                        </div>
                    </div>
                }
                <div class="app-button-row">
                    <button type="submit" class="wc-button" disabled={*busy} data-app-restore-submit="">
                        { if *busy { "Restoring…" } else { "Restore" } }
                    </button>
                    <button type="button" class="wc-button wc-button-secondary" onclick={cancel} data-app-restore-cancel="">{ "Cancel" }</button>
                </div>
            </form>
        </div>
    }
}
