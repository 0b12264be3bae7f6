//! All questions of one questionnaire on one page (`mode="single-page"`).

use yew::prelude::*;

use crate::components::answer_control::AnswerControl;
use crate::components::error_summary::{ErrorEntry, ErrorSummary};
use crate::components::question_page::{BackLink, question_footer};
use crate::components::urgent_help::{UrgentNotice, raised_by};
use crate::components::use_ui;
use crate::i18n::Message;
use crate::state::{Action, Flow};

/// Which questionnaire.
#[derive(Debug, Clone, PartialEq, Properties)]
pub struct FormPageProps {
    /// The journey.
    pub state: UseReducerHandle<Flow>,
    /// Which questionnaire.
    pub form: usize,
}

/// The page.
#[component]
pub fn FormPage(props: &FormPageProps) -> Html {
    let ui = use_ui();
    let flow = &*props.state;
    let form_index = props.form;
    let Some(form) = flow.forms.get(form_index) else {
        return Html::default();
    };
    let count = form.instrument.items().len();
    let prefix = |id: &str| format!("wc-{form_index}-{id}");
    let entries: Vec<ErrorEntry> = flow
        .errors
        .iter()
        .filter(|(f, _)| *f == form_index)
        .filter_map(|(_, item)| {
            let question = form.instrument.items().get(*item)?;
            let target = match question.options().first() {
                Some(option) => format!("{}-{}", prefix(question.id()), option.value()),
                None => prefix(question.id()),
            };
            let text = ui.problem_text(
                &flow.problem(form_index, *item),
                Some(question),
                Some(item + 1),
            );
            Some(ErrorEntry { text, target })
        })
        .collect();
    let on_submit = {
        let state = props.state.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            state.dispatch(Action::Continue);
        })
    };
    let (title, title_lang) = ui.plain_title(&form.instrument);
    let part = (flow.forms.len() > 1).then(|| {
        format!(
            "{}: ",
            ui.t(Message::PartOf(form_index + 1, flow.forms.len()))
        )
    });
    html! {
        <form class="wc-page" novalidate=true onsubmit={on_submit} data-wc-page="form" data-wc-form={form_index.to_string()}>
            <BackLink state={props.state.clone()} />
            <ErrorSummary {entries} />
            <h2 class="wc-title" tabindex="-1" data-wc-heading="">{ part }<span lang={title_lang}>{ title }</span></h2>
            if let Some(instructions) = form.instrument.instructions() {
                <p class="wc-instructions" lang="en">{ instructions }</p>
            }
            { for form.instrument.items().iter().enumerate()
                .filter(|(index, _)| form.instrument.is_enabled(*index, form.answers.values()))
                .map(|(index, item)| {
                    let answer_state = props.state.clone();
                    let text_state = props.state.clone();
                    let error = flow
                        .errors
                        .contains(&(form_index, index))
                        .then(|| ui.problem_text(&flow.problem(form_index, index), Some(item), Some(index + 1)));
                    // A shared stem heads its run of questions once.
                    let previous_stem = index
                        .checked_sub(1)
                        .and_then(|previous| form.instrument.items().get(previous))
                        .and_then(|previous| previous.stem());
                    let stem = item.stem().filter(|stem| previous_stem != Some(*stem));
                    html! {
                        <>
                        if let Some(stem) = stem {
                            <h3 class="wc-group-stem" lang="en">{ stem }</h3>
                        }
                        <AnswerControl
                            stem_above={item.stem().is_some()}
                            item={item.clone()}
                            id_prefix={prefix(item.id())}
                            caption={Some(ui.t(Message::QuestionOf(index + 1, count)))}
                            page_heading=false
                            selected={form.answers.get(index)}
                            draft={flow.drafts.get((form_index, index)).cloned()}
                            {error}
                            on_answer={Callback::from(move |value| answer_state.dispatch(Action::Answer { form: form_index, item: index, value }))}
                            on_text={Callback::from(move |text| text_state.dispatch(Action::Type { form: form_index, item: index, text }))}
                        />
                        if raised_by(&form.instrument, &form.answers, index) {
                            <UrgentNotice />
                        }
                        </>
                    }
                }) }
            <button type="submit" class="wc-button" data-wc-action="continue">{ ui.t(Message::Continue) }</button>
            { question_footer(&ui, &props.state) }
        </form>
    }
}
