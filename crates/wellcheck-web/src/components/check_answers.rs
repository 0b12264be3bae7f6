//! Check your answers (NHS.UK pattern): every question asked with its answer and a Change
//! link, then "See my result". Also used, without Change links, as the printable record of
//! answers on the result page.

use wellcheck_core::definition::{Item, Response};
use yew::prelude::*;

use crate::components::question_page::BackLink;
use crate::components::{Ui, use_ui};
use crate::i18n::Message;
use crate::state::{Action, Flow};

/// The journey.
#[derive(Debug, Clone, PartialEq, Properties)]
pub struct CheckAnswersProps {
    /// The journey.
    pub state: UseReducerHandle<Flow>,
}

/// The check page.
#[component]
pub fn CheckAnswers(props: &CheckAnswersProps) -> Html {
    let ui = use_ui();
    let answered: u64 = props
        .state
        .forms
        .iter()
        .map(|form| {
            form.answers
                .values()
                .iter()
                .filter(|value| value.is_some())
                .count() as u64
        })
        .sum();
    let submit = {
        let state = props.state.clone();
        Callback::from(move |_| state.dispatch(Action::Submit(state.scores())))
    };
    html! {
        <div class="wc-page" data-wc-page="check">
            <BackLink state={props.state.clone()} />
            <h2 class="wc-title" tabindex="-1" data-wc-heading="">{ ui.t(Message::CheckYourAnswers) }</h2>
            <p>{ ui.t(Message::QuestionsAnswered(answered)) }</p>
            <AnswerList state={props.state.clone()} changeable=true />
            <button type="button" class="wc-button" onclick={submit} data-wc-action="see-result">{ ui.t(Message::SeeMyResult) }</button>
        </div>
    }
}

/// Props for [`AnswerList`].
#[derive(Debug, Clone, PartialEq, Properties)]
pub struct AnswerListProps {
    /// The journey.
    pub state: UseReducerHandle<Flow>,
    /// Whether to offer Change links.
    pub changeable: bool,
}

/// Every question asked, with its answer.
#[component]
pub fn AnswerList(props: &AnswerListProps) -> Html {
    let ui = use_ui();
    let flow = &*props.state;
    html! {
        <>
            { for flow.forms.iter().enumerate().map(|(form_index, form)| {
                let (title, title_lang) = ui.plain_title(&form.instrument);
                html! {
                <section class="wc-answers">
                    if flow.forms.len() > 1 {
                        <h3 class="wc-answers-title" lang={title_lang}>{ title }</h3>
                    }
                    <dl class="wc-summary">
                        { for form.instrument.items().iter().enumerate()
                            .filter(|(index, _)| form.instrument.is_enabled(*index, form.answers.values()))
                            .map(|(index, item)| {
                                let state = props.state.clone();
                                let change = Callback::from(move |_| state.dispatch(Action::Change { form: form_index, item: index }));
                                html! {
                                    <div class="wc-summary-row">
                                        <dt class="wc-summary-key" lang="en">{ item.text().unwrap_or_default() }</dt>
                                        { answer_cell(&ui, item, form.answers.get(index)) }
                                        if props.changeable {
                                            <dd class="wc-summary-action">
                                                <button type="button" class="wc-link-button" onclick={change}>
                                                    { ui.t(Message::Change) }
                                                    <span class="wc-visually-hidden">{ format!(" {} {}", ui.t(Message::ChangeAnswerTo), item.text().unwrap_or_default()) }</span>
                                                </button>
                                            </dd>
                                        }
                                    </div>
                                }
                            }) }
                    </dl>
                </section>
                }
            }) }
        </>
    }
}

/// The answer as given: an option's published label (English), or a number with its unit
/// in the interface language.
fn answer_cell(ui: &Ui, item: &Item, value: Option<i64>) -> Html {
    let (text, lang) = match (item.response(), value) {
        (_, None) => (ui.t(Message::NotAnswered), ui.language.tag()),
        (Response::Choice { .. }, Some(value)) => (
            item.option(value)
                .and_then(|option| option.label())
                .unwrap_or_default()
                .to_owned(),
            "en",
        ),
        (Response::Number { unit, .. }, Some(value)) => (
            format!("{value} {}", ui.t(Message::Unit(unit.clone()))),
            ui.language.tag(),
        ),
    };
    html! { <dd class="wc-summary-value" {lang}>{ text }</dd> }
}
