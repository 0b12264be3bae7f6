//! The journey: holds the state, keeps it for resuming, moves focus when the page changes,
//! and tells the host page about flags and completion.

use std::collections::BTreeSet;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use wellcheck_core::raised_flags;
use yew::prelude::*;

use crate::components::check_answers::CheckAnswers;
use crate::components::form_page::FormPage;
use crate::components::question_page::QuestionPage;
use crate::components::result_page::ResultPage;
use crate::components::urgent_help::UrgentHelp;
use crate::components::use_ui;
use crate::i18n::{Language, Message};
use crate::options::Config;
use crate::state::{Action, Flow, Page};
use crate::storage;

/// What the journey needs.
#[derive(Debug, Clone, PartialEq, Properties)]
pub struct JourneyProps {
    /// The checked configuration.
    pub config: Rc<Config>,
    /// Tells the host: `("complete", json)` or `("flag", json)`.
    pub emit: Callback<(String, String)>,
}

/// The journey.
#[component]
pub fn Journey(props: &JourneyProps) -> Html {
    let ui = use_ui();
    let config = Rc::clone(&props.config);
    let state = use_reducer_eq(move || {
        let restored = config
            .resume
            .then(|| storage::load(&config.storage_key))
            .flatten()
            .and_then(|saved| {
                Flow::restore(&config.instruments, config.mode, &config.subject, &saved)
            });
        restored.unwrap_or_else(|| Flow::new(&config.instruments, config.mode))
    });

    // The host may switch layout mid-journey: the answers and place are kept.
    {
        let state = state.clone();
        use_effect_with(props.config.mode, move |mode| {
            state.dispatch(Action::Relayout(*mode));
        });
    }

    // Every change is saved at once; finishing or starting again removes the record.
    {
        let (subject, key, resume) = (
            props.config.subject.clone(),
            props.config.storage_key.clone(),
            props.config.resume,
        );
        use_effect_with(
            ((*state).clone(), resume),
            move |(flow, resume)| match flow.saved(&subject) {
                Some(saved) if *resume && saved.answers.iter().flatten().any(Option::is_some) => {
                    storage::save(&key, &saved)
                }
                // Finished, emptied, or the host turned resuming off: nothing stays behind.
                _ => storage::clear(&key),
            },
        );
    }

    // Focus follows the page (the error summary when there are errors), but never on first
    // load: a widget must not pull focus away from the host page.
    let root = use_node_ref();
    let first_render = use_mut_ref(|| true);
    {
        let root = root.clone();
        // Keyed on moves, not on the errors: answering a question clears its error, and
        // that must not pull focus away from the answer just chosen.
        let has_errors = !state.errors.is_empty();
        use_effect_with(state.moves, move |_| {
            if std::mem::replace(&mut *first_render.borrow_mut(), false) {
                return;
            }
            let selector = if has_errors {
                "[data-wc-error-summary]"
            } else {
                "[data-wc-heading]"
            };
            if let Some(target) = root
                .cast::<web_sys::Element>()
                .and_then(|root| root.query_selector(selector).ok().flatten())
                .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let _ = target.focus();
            }
        });
    }

    // Flags are reported once each, as soon as an answer raises them.
    let flags: BTreeSet<(String, String)> = state
        .forms
        .iter()
        .flat_map(|form| {
            raised_flags(&form.instrument, &form.answers)
                .into_iter()
                .map(|flag| (form.instrument.id().to_owned(), flag.id().to_owned()))
        })
        .collect();
    {
        let emit = props.emit.clone();
        let reported = use_mut_ref(BTreeSet::<(String, String)>::new);
        use_effect_with(flags.clone(), move |flags| {
            for (instrument, flag) in flags {
                if reported
                    .borrow_mut()
                    .insert((instrument.clone(), flag.clone()))
                {
                    let detail = serde_json::json!({ "instrument": instrument, "flag": flag });
                    emit.emit(("flag".to_owned(), detail.to_string()));
                }
            }
        });
    }

    {
        let emit = props.emit.clone();
        let subject = props.config.subject.clone();
        let several = props.config.instruments.len() > 1;
        let forms: Vec<(Rc<wellcheck_core::Instrument>, wellcheck_core::Answers)> = state
            .forms
            .iter()
            .map(|form| (Rc::clone(&form.instrument), form.answers.clone()))
            .collect();
        use_effect_with(state.reports.clone(), move |reports| {
            if let Some(reports) = reports {
                let detail = if several {
                    serde_json::json!({
                        "battery": subject,
                        "results": reports.iter().map(wellcheck_core::ScoreReport::to_json_value).collect::<Vec<_>>(),
                    })
                    .to_string()
                } else {
                    reports
                        .first()
                        .map(wellcheck_core::ScoreReport::to_json)
                        .unwrap_or_default()
                };
                // The same FHIR the CLI's `fhir response` prints, for the host's JS API.
                let bundles: Vec<serde_json::Value> = forms
                    .iter()
                    .zip(reports.iter())
                    .map(|((instrument, answers), report)| {
                        wellcheck_core::fhir::bundle(instrument, answers, report)
                    })
                    .collect();
                let fhir = if several {
                    serde_json::Value::Array(bundles)
                } else {
                    bundles.into_iter().next().unwrap_or_default()
                };
                emit.emit(("fhir".to_owned(), fhir.to_string()));
                emit.emit(("complete".to_owned(), detail));
            }
        });
    }

    let urgent = flags.iter().any(|(_, flag)| flag == "self_harm_risk");
    let page = match (state.page, &state.reports) {
        (Page::Question { form, item }, _) => {
            html! { <QuestionPage state={state.clone()} {form} {item} /> }
        }
        (Page::Form { form }, _) => html! { <FormPage state={state.clone()} {form} /> },
        (Page::Check, _) => html! { <CheckAnswers state={state.clone()} /> },
        (Page::Result, Some(reports)) => {
            html! { <ResultPage state={state.clone()} reports={Rc::clone(reports)} /> }
        }
        (Page::Result, None) => Html::default(),
    };
    let start_again = {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(Action::StartAgain))
    };
    html! {
        <div class="wc-app" ref={root} data-wc-moves={state.moves.to_string()}>
            if ui.language == Language::Cy {
                <p class="wc-note">{ ui.t(Message::NoOfficialTranslation) }</p>
            }
            if state.resumed && state.page != Page::Result {
                <div class="wc-resumed">
                    <p>{ ui.t(Message::Resumed) }</p>
                    <button type="button" class="wc-link-button" onclick={start_again}>{ ui.t(Message::StartAgain) }</button>
                </div>
            }
            // Shown the moment the answer is given, on every page until the end.
            if urgent && state.page != Page::Result {
                <UrgentHelp />
            }
            { page }
        </div>
    }
}
