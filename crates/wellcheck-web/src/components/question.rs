//! One question: a fieldset whose legend is the verbatim item text, with one radio per
//! published option.

use wellcheck_core::definition::Item;
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
}

/// A radio group for one item.
#[component]
pub fn Question(props: &QuestionProps) -> Html {
    let item = &props.item;
    let group = format!("wc-q-{}", item.id());
    let error_id = format!("{group}-error");
    let class = classes!("wc-question", props.missing.then_some("wc-question-error"));
    html! {
        <fieldset {class} aria-describedby={props.missing.then(|| error_id.clone())}>
            <legend class="wc-legend">
                <span class="wc-counter">{ format!("Question {} of {}", props.index + 1, props.count) }</span>
                <span class="wc-item-text">{ item.text() }</span>
            </legend>
            if props.missing {
                <p class="wc-error-message" id={error_id.clone()}>
                    <span class="wc-visually-hidden">{ "Error: " }</span>{ "Select an answer" }
                </p>
            }
            <div class="wc-radios">
                { for item.options().iter().map(|option| {
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
                            <label class="wc-radio-label" for={id}>{ option.label() }</label>
                        </div>
                    }
                }) }
            </div>
        </fieldset>
    }
}
