//! The root component: loads the instrument, holds the form state, and reports the result.

use std::rc::Rc;

use wellcheck_core::{Instrument, catalogue};
use yew::prelude::*;

use crate::components::question::Question;
use crate::components::result::ResultView;
use crate::state::{Action, FormState, Stage};

/// What the host asked for.
#[derive(Debug, Clone, PartialEq, Properties)]
pub struct WidgetProps {
    /// The instrument id from the `instrument` attribute.
    pub instrument: AttrValue,
    /// Called once per completed form with the result object as JSON text.
    pub on_complete: Callback<String>,
}

/// The whole widget.
#[component]
pub fn Widget(props: &WidgetProps) -> Html {
    match catalogue::get(&props.instrument) {
        // Licensed wording is supplied by the deploying organisation; never show a stand-in.
        Ok(instrument) if !instrument.has_text() => html! {
            <div class="wc-setup-error" role="alert">
                <p><strong>{ "This questionnaire could not be shown." }</strong></p>
                <p>{ format!(
                    "Site setup problem: {} ({}) is licensed. Its wording must be supplied by the organisation that holds the licence; this site has not supplied it.",
                    instrument.name(),
                    instrument.id()
                ) }</p>
            </div>
        },
        Ok(instrument) => html! {
            <Form instrument={Rc::new(instrument)} on_complete={props.on_complete.clone()} />
        },
        // Shown to whoever set up the page: a patient should never see this in production.
        Err(error) => html! {
            <div class="wc-setup-error" role="alert">
                <p><strong>{ "This questionnaire could not be shown." }</strong></p>
                <p>{ format!("Site setup problem: {error}") }</p>
            </div>
        },
    }
}

#[derive(Debug, Clone, PartialEq, Properties)]
struct FormProps {
    instrument: Rc<Instrument>,
    on_complete: Callback<String>,
}

#[component]
fn Form(props: &FormProps) -> Html {
    let state = {
        let instrument = Rc::clone(&props.instrument);
        use_reducer_eq(move || FormState::new(instrument))
    };

    let finished = match &state.stage {
        Stage::Finished(report) => Some(Rc::clone(report)),
        Stage::Answering => None,
    };
    {
        let on_complete = props.on_complete.clone();
        use_effect_with(finished.clone(), move |finished| {
            if let Some(report) = finished {
                on_complete.emit(report.to_json());
            }
        });
    }

    let instrument = &state.instrument;
    if let Some(report) = finished {
        let on_start_again = {
            let state = state.clone();
            Callback::from(move |_| state.dispatch(Action::StartAgain))
        };
        return html! {
            <ResultView instrument={Rc::clone(instrument)} {report} {on_start_again} />
        };
    }

    let on_submit = {
        let state = state.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            state.dispatch(Action::Submit);
        })
    };
    let count = instrument.items().len();
    html! {
        <form class="wc-form" novalidate=true onsubmit={on_submit}>
            <h2 class="wc-title">{ instrument.short_name() }</h2>
            if let Some(instructions) = instrument.instructions() {
                <p class="wc-instructions">{ instructions }</p>
            }
            if !state.missing.is_empty() {
                <div class="wc-error-summary" role="alert">
                    <h3 class="wc-error-summary-title">{ "There is a problem" }</h3>
                    <ul>
                        { for state.missing.iter().map(|index| html! {
                            <li>{ format!("Answer question {} of {count}", index + 1) }</li>
                        }) }
                    </ul>
                </div>
            }
            { for instrument.items().iter().enumerate().filter(|(index, _)| instrument.is_enabled(*index, state.answers.values())).map(|(index, item)| {
                let state = state.clone();
                let clear = state.clone();
                html! {
                    <Question
                        item={item.clone()}
                        {index}
                        {count}
                        selected={state.answers.get(index)}
                        missing={state.missing.contains(&index)}
                        on_answer={Callback::from(move |value| state.dispatch(Action::Answer { item: index, value }))}
                        on_clear={Callback::from(move |()| clear.dispatch(Action::Clear { item: index }))}
                    />
                }
            }) }
            <button type="submit" class="wc-button">{ "See my result" }</button>
            <p class="wc-attribution">{ instrument.attribution() }</p>
        </form>
    }
}
