//! The root component: checks the host's options, then runs the journey. A setup problem
//! shows the patient a neutral sentence and gives the site editor the precise reason in
//! the browser console (through the host element, which says each message once).

use std::rc::Rc;

use wellcheck_core::ScoreReport;
use wellcheck_core::json_text::Value;
use yew::prelude::*;

use crate::components::Ui;
use crate::components::journey::{FinishedForm, Journey, JourneyEvent};
use crate::components::shell::Shell;
use crate::i18n::Message;
use crate::options::Config;
use crate::state::JourneySpec;
use crate::storage;

/// What the host asked for.
#[derive(Debug, Clone, PartialEq, Properties)]
pub struct WidgetProps {
    /// The element's attributes and `configure()` options, merged, as JSON.
    pub options: AttrValue,
    /// Tells the host page: `("complete", json)`, `("flag", json)`, and for the site
    /// editor `("setup-problem", text)` and `("warning", text)`.
    pub emit: Callback<(String, String)>,
}

/// The whole widget.
#[component]
pub fn Widget(props: &WidgetProps) -> Html {
    let config = use_memo(props.options.clone(), |options| Config::from_json(options));
    // A setting that goes wrong mid-journey (a typo in a language, say) is the editor's to
    // fix; the person keeps their place and answers under the last good settings.
    let last_good = use_mut_ref(|| None::<Rc<Config>>);
    let shown: Result<Rc<Config>, crate::options::SetupProblem> = match &*config {
        Ok(good) => {
            let good = Rc::new(good.clone());
            *last_good.borrow_mut() = Some(Rc::clone(&good));
            Ok(good)
        }
        Err(problem) => last_good.borrow().clone().ok_or_else(|| problem.clone()),
    };
    {
        let emit = props.emit.clone();
        use_effect_with(Rc::clone(&config), move |config| match &**config {
            Ok(config) => {
                for warning in &config.warnings {
                    emit.emit(("warning".to_owned(), warning.clone()));
                }
            }
            Err(problem) => emit.emit(("setup-problem".to_owned(), problem.message.clone())),
        });
    }
    // Read once per journey (the journey is keyed by its subject).
    let restored = {
        let (key, resume) = match &shown {
            Ok(config) => (
                Some((config.storage_key.clone(), config.subject.clone())),
                config.resume,
            ),
            Err(_) => (None, crate::options::Resume::Off),
        };
        use_memo((key, resume), |(key, resume)| {
            let (key, _) = key.as_ref()?;
            storage::load(key, *resume).map(Rc::new)
        })
    };
    let spec = use_memo(shown.as_ref().ok().map(Rc::clone), |config| {
        config.as_ref().map(|config| {
            Rc::new(JourneySpec::self_completed(
                config.subject.clone(),
                config.instruments.clone(),
                config.mode,
                config.resume,
            ))
        })
    });
    match (shown, (*spec).clone()) {
        (Ok(config), Some(spec)) => {
            let on_event = host_events(&config, props.emit.clone());
            let ui = Rc::new(Ui {
                language: config.language,
                practice_name: config.practice_name.clone(),
                signposting: config.signposting.clone(),
                next_steps: config.next_steps.clone(),
                resume: config.resume,
                answered_on: None,
            });
            html! {
                <Shell ui={Rc::clone(&ui)} theme={config.theme.clone()}>
                    // Keyed by what is answered: a new instrument is a new journey, while
                    // other changes (language, signposting) keep the person's place.
                    <Journey key={config.subject.clone()} {spec} restored={(*restored).clone()} {on_event} />
                </Shell>
            }
        }
        // The patient sees a plain sentence; the reason is in the console for the editor.
        (Err(problem), _) => {
            let ui = Rc::new(Ui {
                language: problem.language,
                ..Ui::default()
            });
            html! {
                <Shell {ui} class={classes!("wc-unavailable")}>
                    <p data-wc-setup-problem="">{ Message::NotAvailableYet.text(problem.language) }</p>
                </Shell>
            }
        }
        // The spec is made from the very options shown, in this render.
        (Ok(_), None) => Html::default(),
    }
}

/// The journey's events as the embed keeps and reports them: progress in localStorage,
/// flags and the finished result as JSON for the host page (`wellcheck-flag` and
/// `wellcheck-complete`; the element makes the FHIR Bundle from the result on demand).
fn host_events(config: &Config, emit: Callback<(String, String)>) -> Callback<JourneyEvent> {
    let key = config.storage_key.clone();
    let resume = config.resume;
    let subject = config.subject.clone();
    let several = config.instruments.len() > 1;
    Callback::from(move |event| match event {
        JourneyEvent::Progress(Some(saved)) => storage::save(&key, resume, &saved),
        // Finished, emptied, or the host turned resuming off: nothing stays behind.
        JourneyEvent::Progress(None) => storage::clear(&key),
        JourneyEvent::Flag { instrument, flag } => {
            emit.emit(("flag".to_owned(), flag_json(&instrument, &flag)));
        }
        JourneyEvent::Finished(forms) => {
            emit.emit((
                "complete".to_owned(),
                crate::components::later::pages::result_json(&subject, several, &forms),
            ));
        }
    })
}

/// The result object the CLI prints (`score --json`): one form's own, or for a battery
/// `{battery, results}`.
pub(crate) fn result_json(subject: &str, several: bool, forms: &[FinishedForm]) -> String {
    if several {
        battery_json(subject, forms.iter().map(|form| &form.report))
    } else {
        forms
            .first()
            .map(|form| form.report.to_json())
            .unwrap_or_default()
    }
}

/// The `wellcheck-flag` detail, keys in the order it has always had.
fn flag_json(instrument: &str, flag: &str) -> String {
    Value::object([
        ("flag", Value::text(flag)),
        ("instrument", Value::text(instrument)),
    ])
    .to_text()
}

/// A battery's result object as the CLI's `score --json` makes it: every form's result with
/// its keys in order, as `serde_json::Value` holds them.
fn battery_json<'a>(subject: &str, reports: impl Iterator<Item = &'a ScoreReport>) -> String {
    Value::object([
        ("battery", Value::text(subject)),
        (
            "results",
            Value::Array(
                reports
                    .map(|report| report.to_text_value().sorted())
                    .collect(),
            ),
        ),
    ])
    .to_text()
}

#[cfg(test)]
mod tests {
    use wellcheck_core::{Answers, catalogue, score};

    #[test]
    fn host_events_are_written_as_serde_json_wrote_them() {
        assert_eq!(
            super::flag_json("phq-9", "self_harm_risk"),
            serde_json::json!({ "instrument": "phq-9", "flag": "self_harm_risk" }).to_string()
        );
        let reports: Vec<_> = [("ucla-3", "2,3,2"), ("ons4", "7,8,6,3")]
            .iter()
            .map(|(id, answers)| {
                let instrument = catalogue::get(id).unwrap();
                score(&instrument, &Answers::parse(&instrument, answers).unwrap()).unwrap()
            })
            .collect();
        assert_eq!(
            super::battery_json("social-prescribing", reports.iter()),
            serde_json::json!({
                "battery": "social-prescribing",
                "results": reports.iter().map(|r| r.to_json_value()).collect::<Vec<_>>(),
            })
            .to_string()
        );
    }
}
