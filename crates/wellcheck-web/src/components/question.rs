//! One question: a fieldset whose legend is the verbatim item text, with one radio per
//! published option, or a labelled whole-number box for number items.

use wellcheck_core::definition::{Item, Response};
use yew::prelude::*;

/// One item and its answer.
#[derive(Debug, Clone, PartialEq, Properties)]
pub struct QuestionProps {
    /// The item, with its verbatim wording and options.
    pub item: Item,
    /// Its position (0-based) in the instrument.
    pub index: usize,
    /// How many items the instrument has.
    pub count: usize,
    /// The chosen code, if any.
    pub selected: Option<i64>,
    /// Whether to show the "answer this" error.
    pub missing: bool,
    /// Called with the chosen option's code.
    pub on_answer: Callback<i64>,
    /// Called when a number box is emptied.
    pub on_clear: Callback<()>,
}

/// A radio group or number box for one item.
#[component]
pub fn Question(props: &QuestionProps) -> Html {
    let item = &props.item;
    let group = format!("wc-q-{}", item.id());
    let error_id = format!("{group}-error");
    let class = classes!("wc-question", props.missing.then_some("wc-question-error"));
    let error = props.missing.then(|| {
        html! {
            <p class="wc-error-message" id={error_id.clone()}>
                <span class="wc-visually-hidden">{ "Error: " }</span>{ "Answer this question" }
            </p>
        }
    });
    let heading = html! {
        <>
            <span class="wc-counter">{ format!("Question {} of {}", props.index + 1, props.count) }</span>
            if let Some(stem) = item.stem() {
                <span class="wc-stem">{ stem }</span>
            }
            <span class="wc-item-text">{ item.text().unwrap_or_default() }</span>
        </>
    };
    match item.response() {
        Response::Choice { options, .. } => html! {
            <fieldset {class} aria-describedby={props.missing.then(|| error_id.clone())}>
                <legend class="wc-legend">{ heading }</legend>
                { error }
                <div class="wc-radios">
                    { for options.iter().map(|option| {
                        let value = option.value();
                        let id = format!("{group}-{value}");
                        let on_answer = props.on_answer.clone();
                        html! {
                            <div class="wc-radio">
                                <input
                                    class="wc-radio-input"
                                    type="radio"
                                    id={id.clone()}
                                    name={group.clone()}
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
            let on_answer = props.on_answer.clone();
            let on_clear = props.on_clear.clone();
            let onchange = Callback::from(move |event: Event| {
                let input: web_sys::HtmlInputElement = event.target_unchecked_into();
                match input.value().trim().parse::<i64>() {
                    Ok(value) if (min..=max).contains(&value) => on_answer.emit(value),
                    _ => on_clear.emit(()),
                }
            });
            let hint_id = format!("{group}-hint");
            let described = if props.missing {
                format!("{hint_id} {error_id}")
            } else {
                hint_id.clone()
            };
            html! {
                <div {class}>
                    <label class="wc-legend" for={group.clone()}>{ heading }</label>
                    <p class="wc-hint" id={hint_id}>{ format!("A whole number of {unit}, from {min} to {max}") }</p>
                    { error }
                    <input
                        class="wc-number-input"
                        type="number"
                        inputmode="numeric"
                        id={group.clone()}
                        min={min.to_string()}
                        max={max.to_string()}
                        step="1"
                        aria-describedby={described}
                        value={props.selected.map(|value| value.to_string()).unwrap_or_default()}
                        {onchange}
                    />
                    <span class="wc-unit">{ format!(" {unit}") }</span>
                </div>
            }
        }
    }
}
