//! The result page: the score in plain words, what the band means, that it is not a
//! diagnosis, and where to get help.

use std::rc::Rc;

use wellcheck_core::definition::Basis;
use wellcheck_core::{Instrument, ScoreReport};
use yew::prelude::*;

/// A scored form.
#[derive(Debug, Clone, PartialEq, Properties)]
pub struct ResultViewProps {
    /// The instrument answered.
    pub instrument: Rc<Instrument>,
    /// Its result.
    pub report: Rc<ScoreReport>,
    /// Clears the answers.
    pub on_start_again: Callback<()>,
}

/// Shows one result; focus moves to its heading so screen readers announce it.
#[component]
pub fn ResultView(props: &ResultViewProps) -> Html {
    let heading = use_node_ref();
    {
        let heading = heading.clone();
        use_effect_with((), move |_| {
            if let Some(heading) = heading.cast::<web_sys::HtmlElement>() {
                // Focus can fail only if the node left the page; nothing to do then.
                let _ = heading.focus();
            }
        });
    }
    let instrument = &props.instrument;
    let on_start_again = props.on_start_again.reform(|_: MouseEvent| ());
    html! {
        <section class="wc-result">
            <h2 class="wc-title" tabindex="-1" ref={heading}>{ "Your result" }</h2>
            { for instrument.flags().iter().filter(|flag| props.report.flags.iter().any(|id| id == flag.id())).map(|flag| html! {
                <div class="wc-flag" role="alert">
                    <p><strong>{ flag.label() }</strong></p>
                </div>
            }) }
            { for instrument.scores().iter().zip(&props.report.scores).enumerate().map(|(position, (definition, entry))| {
                let range = instrument.range_of(position);
                let basis = definition.banding().map(|banding| banding.basis());
                html! {
                    <div class="wc-score">
                        <p class="wc-score-line">
                            { format!("{}: ", definition.name()) }
                            <strong class="wc-score-value">
                                { entry.value.map_or_else(|| "not scored".to_owned(), |value| value.to_string()) }
                            </strong>
                            if let Some((low, high)) = range {
                                { format!(" (scores run from {low} to {high})") }
                            }
                        </p>
                        if let Some(label) = &entry.band_label {
                            <p class="wc-band">{ "This is in the group: " }<strong>{ label }</strong></p>
                        }
                        if basis == Some(Basis::Convention) {
                            <p class="wc-note">
                                { "These groups are a common reporting convention, not set by the questionnaire's authors." }
                            </p>
                        }
                    </div>
                }
            }) }
            <p class="wc-not-diagnosis">{ "This is not a diagnosis. Your answers stay on this device unless you choose to share them." }</p>
            <div class="wc-help">
                <h3>{ "If you would like support" }</h3>
                <ul>
                    <li>{ "Talk to your GP practice, or ask about a social prescribing link worker." }</li>
                    <li>{ "For urgent help that is not an emergency, call NHS 111." }</li>
                    <li>{ "To talk to someone at any time, call Samaritans free on 116 123." }</li>
                    <li>{ "In an emergency, call 999." }</li>
                </ul>
            </div>
            <button type="button" class="wc-button wc-button-secondary" onclick={on_start_again}>{ "Start again" }</button>
        </section>
    }
}
