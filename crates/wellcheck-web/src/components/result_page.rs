//! The result in plain words: each score with its range and group, whether the groups are a
//! convention, any follow-up flags, that it is not a diagnosis, where to get support, and a
//! printable record of the answers.

use std::rc::Rc;

use wellcheck_core::definition::Basis;
use wellcheck_core::{Instrument, ScoreReport};
use yew::prelude::*;

use crate::components::check_answers::AnswerList;
use crate::components::support::Support;
use crate::components::urgent_help::UrgentHelp;
use crate::components::use_ui;
use crate::i18n::Message;
use crate::state::{Action, Flow};

/// The journey, finished.
#[derive(Debug, Clone, PartialEq, Properties)]
pub struct ResultPageProps {
    /// The journey.
    pub state: UseReducerHandle<Flow>,
    /// One report per questionnaire.
    pub reports: Rc<Vec<ScoreReport>>,
}

/// The result page.
#[component]
pub fn ResultPage(props: &ResultPageProps) -> Html {
    let ui = use_ui();
    let flow = &*props.state;
    let urgent = props
        .reports
        .iter()
        .any(|report| report.flags.iter().any(|flag| flag == "self_harm_risk"));
    let start_again = {
        let state = props.state.clone();
        Callback::from(move |_| state.dispatch(Action::StartAgain))
    };
    let print = Callback::from(|_| {
        if let Some(window) = web_sys::window() {
            let _ = window.print();
        }
    });
    html! {
        <div class="wc-page wc-result" data-wc-page="result">
            <h2 class="wc-title" tabindex="-1" data-wc-heading="">{ ui.t(Message::YourResult) }</h2>
            if urgent {
                <UrgentHelp />
            }
            { for flow.forms.iter().zip(props.reports.iter()).map(|(form, report)| html! {
                <ReportView instrument={Rc::clone(&form.instrument)} report={report.clone()} several={flow.forms.len() > 1} />
            }) }
            <p class="wc-not-diagnosis"><strong>{ ui.t(Message::NotADiagnosis) }</strong>{ " " }{ ui.t(Message::AnswersStayHere) }</p>
            <Support />
            <section class="wc-print-only">
                <h3>{ ui.t(Message::CheckYourAnswers) }</h3>
                <AnswerList state={props.state.clone()} changeable=false />
            </section>
            <div class="wc-actions">
                <button type="button" class="wc-button wc-button-secondary" onclick={print}>{ ui.t(Message::Print) }</button>
                <button type="button" class="wc-button wc-button-secondary" onclick={start_again}>{ ui.t(Message::StartAgain) }</button>
            </div>
        </div>
    }
}

/// One questionnaire's scores (also shown by the tablet app's visit page).
#[derive(Debug, Clone, PartialEq, Properties)]
pub struct ReportViewProps {
    /// The instrument.
    pub instrument: Rc<Instrument>,
    /// Its result.
    pub report: ScoreReport,
    /// Whether several questionnaires are shown (each then gets its name as a heading).
    pub several: bool,
}

/// One questionnaire's scores, with their ranges and groups.
#[component]
pub fn ReportView(props: &ReportViewProps) -> Html {
    let ui = use_ui();
    let instrument = &props.instrument;
    html! {
        <section class="wc-report">
            if props.several {
                <h3 class="wc-report-title">{ instrument.short_name() }</h3>
            }
            { for instrument.scores().iter().zip(&props.report.scores).enumerate().map(|(position, (definition, entry))| {
                let range = instrument.range_of(position);
                html! {
                    <div class="wc-score">
                        <p class="wc-score-line">
                            <span lang="en">{ format!("{}: ", definition.name()) }</span>
                            <strong class="wc-score-value">
                                { entry.value.map_or_else(|| ui.t(Message::NotScored), |value| value.to_string()) }
                            </strong>
                        </p>
                        if let Some((low, high)) = range.filter(|_| entry.value.is_some()) {
                            <p class="wc-score-range">{ ui.t(Message::ScoreRange(low.to_string(), high.to_string())) }</p>
                        }
                        if let Some(label) = &entry.band_label {
                            <p class="wc-band">{ ui.t(Message::InGroup) }{ " " }<strong lang="en">{ label }</strong></p>
                        }
                        if entry.band.is_some() && definition.banding().map(|b| b.basis()) == Some(Basis::Convention) {
                            <p class="wc-note">{ ui.t(Message::ConventionNote) }</p>
                        }
                    </div>
                }
            }) }
            if props.report.flags.iter().any(|flag| flag == "low_item_score") {
                <p class="wc-flag">{ ui.t(Message::LowItemScore) }</p>
            }
            <p class="wc-attribution" lang="en">{ instrument.attribution() }</p>
        </section>
    }
}
