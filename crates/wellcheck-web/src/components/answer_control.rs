//! The answer part of one question: radios for a choice, a labelled box for a number.
//! The question text itself is passed in as `heading`, so the same control serves a page
//! with one question and a page with all of them.

use wellcheck_core::definition::{Item, Response};
use yew::prelude::*;

use crate::components::use_ui;
use crate::i18n::Message;

/// One item's answer control.
#[derive(Debug, Clone, PartialEq, Properties)]
pub struct AnswerControlProps {
    /// The item.
    pub item: Item,
    /// Unique prefix for element ids (form and item).
    pub id_prefix: AttrValue,
    /// Shown above the question ("Question 2 of 7").
    pub caption: Option<String>,
    /// Whether the question is the page's heading (one question per page): it is then an
    /// `h2` that takes focus when the page opens.
    pub page_heading: bool,
    /// The chosen code or number.
    pub selected: Option<i64>,
    /// What a number box holds that is not an acceptable answer, shown as typed.
    #[prop_or_default]
    pub draft: Option<String>,
    /// The error to show next to the question, if any.
    pub error: Option<String>,
    /// Chose an option.
    pub on_answer: Callback<i64>,
    /// Typed in a number box (the journey checks it).
    pub on_text: Callback<String>,
    /// The item's shared stem already heads its group on the page: it is then read out with
    /// the question but not shown again.
    #[prop_or_default]
    pub stem_above: bool,
    /// The id of the questionnaire's stem above the question, read out with it: focus lands
    /// on the question, after the stem, so a screen reader would otherwise never reach it.
    #[prop_or_default]
    pub described_by: Option<AttrValue>,
}

/// Radios in a fieldset, or a number box with its label.
#[component]
pub fn AnswerControl(props: &AnswerControlProps) -> Html {
    let ui = use_ui();
    let item = &props.item;
    let prefix = props.id_prefix.to_string();
    let error_id = format!("{prefix}-error");
    let has_error = props.error.is_some();
    let class = classes!("wc-question", has_error.then_some("wc-question-error"));
    let error = props.error.clone().map(|message| {
        html! {
            <p class="wc-error-message" id={error_id.clone()}>
                <span class="wc-visually-hidden">{ ui.t(Message::ErrorPrefix) }{ " " }</span>
                { message }
            </p>
        }
    });
    let caption = props
        .caption
        .clone()
        .map(|caption| html! { <span class="wc-caption">{ caption }</span> });
    // The space keeps caption and question apart for screen readers ("Question 2 of 7 How...").
    let text = html! { <>{ caption }{ " " }{ wording(item, props.stem_above) }</> };
    let heading = |inner: Html| {
        if props.page_heading {
            html! { <h2 class="wc-question-heading" tabindex="-1" data-wc-heading="">{ inner }</h2> }
        } else {
            inner
        }
    };
    match item.response() {
        Response::Choice { options, .. } => html! {
            <fieldset {class} aria-describedby={describe(&[props.described_by.as_deref(), has_error.then_some(error_id.as_str())])}>
                <legend class="wc-legend">{ heading(text) }</legend>
                { error }
                <div class="wc-radios" lang={ui.wording_lang()}>
                    { for options.iter().map(|option| {
                        let value = option.value();
                        let id = format!("{prefix}-{value}");
                        let on_answer = props.on_answer.clone();
                        html! {
                            <div class="wc-radio">
                                <input
                                    class="wc-radio-input"
                                    type="radio"
                                    id={id.clone()}
                                    name={prefix.clone()}
                                    value={value.to_string()}
                                    checked={props.selected == Some(value)}
                                    onchange={Callback::from(move |_| on_answer.emit(value))}
                                />
                                <label class="wc-radio-label" for={id}>{ option.label().unwrap_or_default() }</label>
                            </div>
                        }
                    }) }
                </div>
            </fieldset>
        },
        Response::Number { min, max, unit } => {
            let (min, max) = (*min, *max);
            let on_text = props.on_text.clone();
            // `input` rather than `change`, so what is typed is kept at once; the journey
            // decides whether it is an answer, and keeps it on screen either way.
            let oninput = Callback::from(move |event: InputEvent| {
                let input: web_sys::HtmlInputElement = event.target_unchecked_into();
                on_text.emit(input.value());
            });
            let hint_id = format!("{prefix}-hint");
            let described = describe(&[
                props.described_by.as_deref(),
                Some(hint_id.as_str()),
                has_error.then_some(error_id.as_str()),
            ]);
            let unit_text = ui.t(Message::Unit(unit.clone()));
            html! {
                <div {class}>
                    { heading(html! { <label class="wc-legend wc-label" for={prefix.clone()}>{ text }</label> }) }
                    <p class="wc-hint" id={hint_id}>{ ui.t(Message::NumberHint(unit.clone(), min, max)) }</p>
                    { error }
                    <div class="wc-number">
                        <input
                            class="wc-number-input"
                            type="text"
                            inputmode="numeric"
                            pattern="[0-9]*"
                            autocomplete="off"
                            spellcheck="false"
                            id={prefix.clone()}
                            data-wc-min={min.to_string()}
                            data-wc-max={max.to_string()}
                            aria-describedby={described}
                            aria-invalid={has_error.then_some("true")}
                            value={props.draft.clone().or_else(|| props.selected.map(|value| value.to_string())).unwrap_or_default()}
                            {oninput}
                        />
                        <span class="wc-unit" aria-hidden="true">{ unit_text }</span>
                    </div>
                </div>
            }
        }
    }
}

/// An `aria-describedby` list from the ids present (`None` when there are none).
fn describe(ids: &[Option<&str>]) -> Option<String> {
    let present: Vec<&str> = ids.iter().flatten().copied().collect();
    (!present.is_empty()).then(|| present.join(" "))
}

/// The question's wording, with its shared stem if it has one (visually hidden when the stem
/// already heads the group).
pub fn wording(item: &Item, stem_above: bool) -> Html {
    let class = if stem_above {
        "wc-visually-hidden"
    } else {
        "wc-stem"
    };
    html! {
        <>
            if let Some(stem) = item.stem() {
                <span {class} lang="en">{ stem }</span>
            }
            <span class="wc-item-text" lang="en">{ item.text().unwrap_or_default() }</span>
        </>
    }
}
