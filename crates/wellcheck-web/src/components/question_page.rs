//! One question on its own page (the default layout): back link, error summary, the
//! question as the page heading, Continue.

use yew::prelude::*;

use crate::components::answer_control::AnswerControl;
use crate::components::confirm::ConfirmButton;
use crate::components::error_summary::{ErrorEntry, ErrorSummary};
use crate::components::urgent_help::{UrgentNotice, raised_by};
use crate::components::{Ui, use_ui};
use crate::i18n::Message;
use crate::options::Resume;
use crate::state::{Action, Flow};

/// Which question.
#[derive(Debug, Clone, PartialEq, Properties)]
pub struct QuestionPageProps {
    /// The journey.
    pub state: UseReducerHandle<Flow>,
    /// Which questionnaire.
    pub form: usize,
    /// Which item.
    pub item: usize,
}

/// The page.
#[component]
pub fn QuestionPage(props: &QuestionPageProps) -> Html {
    let ui = use_ui();
    let flow = &*props.state;
    let (form_index, item_index) = (props.form, props.item);
    let Some(form) = flow.forms.get(form_index) else {
        return Html::default();
    };
    let Some(item) = form.instrument.items().get(item_index) else {
        return Html::default();
    };
    let count = form.instrument.items().len();
    let mut caption = ui.t(Message::QuestionOf(item_index + 1, count));
    if flow.forms.len() > 1 {
        caption = format!(
            "{}: {} · {caption}",
            ui.t(Message::PartOf(form_index + 1, flow.forms.len())),
            ui.plain_title(&form.instrument).0
        );
    }
    let prefix = format!("wc-{form_index}-{}", item.id());
    let stem_id = format!("wc-{form_index}-stem");
    let error = flow
        .errors
        .contains(&(form_index, item_index))
        .then(|| ui.problem_text(&flow.problem(form_index, item_index), Some(item), None));
    let entries = match &error {
        Some(summary) => {
            let target = match item.options().first() {
                Some(option) => format!("{prefix}-{}", option.value()),
                None => prefix.clone(),
            };
            vec![ErrorEntry {
                text: summary.clone(),
                target,
            }]
        }
        None => Vec::new(),
    };
    // The answer on this page is what raises urgent help: it is said right under the
    // answer, where the person is looking (the full panel is above, maybe off-screen).
    let urgent_here = raised_by(&form.instrument, &form.answers, item_index);
    let dispatch = |action: fn(usize, usize, i64) -> Action| {
        let state = props.state.clone();
        Callback::from(move |value: i64| state.dispatch(action(form_index, item_index, value)))
    };
    let on_answer = dispatch(|form, item, value| Action::Answer { form, item, value });
    let on_text = {
        let state = props.state.clone();
        Callback::from(move |text: String| {
            state.dispatch(Action::Type {
                form: form_index,
                item: item_index,
                text,
            })
        })
    };
    let on_submit = {
        let state = props.state.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            state.dispatch(Action::Continue);
        })
    };
    html! {
        <form class="wc-page" novalidate=true onsubmit={on_submit} data-wc-page="question" data-wc-form={form_index.to_string()} data-wc-item={item_index.to_string()}>
            <BackLink state={props.state.clone()} />
            <ErrorSummary {entries} />
            // The stem on every page: a person who comes back to question 6 must not have to
            // go back to question 1 to learn what "Feeling tired" is asked about.
            if let Some(instructions) = form.instrument.instructions() {
                <p class="wc-instructions" id={stem_id.clone()} lang="en">{ instructions }</p>
            }
            <AnswerControl
                described_by={form.instrument.instructions().map(|_| AttrValue::from(stem_id))}
                item={item.clone()}
                id_prefix={prefix}
                caption={Some(caption)}
                page_heading=true
                selected={form.answers.get(item_index)}
                draft={flow.drafts.get((form_index, item_index)).cloned()}
                {error}
                {on_answer}
                {on_text}
            />
            if urgent_here {
                <UrgentNotice />
            }
            <button type="submit" class="wc-button" data-wc-action="continue">{ ui.t(Message::Continue) }</button>
            { question_footer(&ui, &props.state) }
        </form>
    }
}

/// Under every question page: "Clear my answers" (asking first), and where answers are
/// kept on the device, a sentence saying so.
pub fn question_footer(ui: &Ui, state: &UseReducerHandle<Flow>) -> Html {
    let clear = {
        let state = state.clone();
        Callback::from(move |()| state.dispatch(Action::StartAgain))
    };
    html! {
        <div class="wc-question-footer">
            if ui.resume == Resume::Device {
                <p class="wc-note" data-wc-kept-on-device="">{ ui.t(Message::KeptOnDevice) }</p>
            }
            <ConfirmButton label={ui.t(Message::ClearMyAnswers)} question={ui.t(Message::ConfirmClear)} as_link=true action="clear" on_confirm={clear} />
        </div>
    }
}

/// Props for [`BackLink`].
#[derive(Debug, Clone, PartialEq, Properties)]
pub struct BackLinkProps {
    /// The journey.
    pub state: UseReducerHandle<Flow>,
}

/// "Back", when there is somewhere to go back to.
#[component]
pub fn BackLink(props: &BackLinkProps) -> Html {
    let ui = use_ui();
    if !props.state.can_go_back() {
        return Html::default();
    }
    let state = props.state.clone();
    html! {
        <button type="button" class="wc-back-link" data-wc-action="back" onclick={Callback::from(move |_| state.dispatch(Action::Back))}>
            { ui.t(Message::Back) }
        </button>
    }
}
