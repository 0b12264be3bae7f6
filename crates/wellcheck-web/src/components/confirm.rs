//! A button whose action cannot be undone ("Start again", "Clear my answers") asks first:
//! one tap shows the question with "Yes, clear my answers" and "No, keep my answers", so a
//! stray tap loses nothing. Focus moves to the question, and back to the button on "No" or
//! Escape.

use web_sys::HtmlElement;
use yew::prelude::*;

use crate::components::use_ui;
use crate::i18n::Message;

/// What the button says, what it asks, and what happens on "Yes". The words come already
/// in the page's language: a `Message` compared and cloned as a prop cost the embed more.
#[derive(Debug, Clone, PartialEq, Properties)]
pub struct ConfirmButtonProps {
    /// The button's label.
    pub label: AttrValue,
    /// The question asked before acting.
    pub question: AttrValue,
    /// Looks like a link rather than a button.
    #[prop_or_default]
    pub as_link: bool,
    /// `data-wc-action` of the first button (the confirm button gets `<action>-confirm`).
    pub action: AttrValue,
    /// Done after "Yes".
    pub on_confirm: Callback<()>,
}

/// The button, or the question in its place.
#[component]
pub fn ConfirmButton(props: &ConfirmButtonProps) -> Html {
    let ui = use_ui();
    let asking = use_state_eq(|| false);
    let question_ref = use_node_ref();
    let button_ref = use_node_ref();
    let moved = use_mut_ref(|| false);
    {
        let (question_ref, button_ref) = (question_ref.clone(), button_ref.clone());
        use_effect_with(*asking, move |asking| {
            // Not on first render: a page must not pull focus to a button it has not used.
            if !std::mem::replace(&mut *moved.borrow_mut(), true) {
                return;
            }
            let target = if *asking { &question_ref } else { &button_ref };
            if let Some(element) = target.cast::<HtmlElement>() {
                let _ = element.focus();
            }
        });
    }
    let set = |value: bool| {
        let asking = asking.clone();
        Callback::from(move |_: MouseEvent| asking.set(value))
    };
    let confirm = {
        let (asking, on_confirm) = (asking.clone(), props.on_confirm.clone());
        Callback::from(move |_: MouseEvent| {
            asking.set(false);
            on_confirm.emit(());
        })
    };
    let class = if props.as_link {
        "wc-link-button"
    } else {
        "wc-button wc-button-secondary"
    };
    if *asking {
        // Escape is "No", as in any dialog.
        let on_key = {
            let asking = asking.clone();
            Callback::from(move |event: KeyboardEvent| {
                if event.key() == "Escape" {
                    event.prevent_default();
                    asking.set(false);
                }
            })
        };
        let question_id = format!("wc-confirm-{}", props.action);
        html! {
            <div class="wc-confirm" role="group" aria-labelledby={question_id.clone()} onkeydown={on_key} data-wc-confirm="">
                <p class="wc-confirm-question" id={question_id} tabindex="-1" ref={question_ref}>{ props.question.clone() }</p>
                <div class="wc-actions">
                    <button type="button" class="wc-button wc-button-warning" onclick={confirm} data-wc-action={format!("{}-confirm", props.action)}>{ ui.t(Message::YesClear) }</button>
                    <button type="button" class="wc-button wc-button-secondary" onclick={set(false)} data-wc-action={format!("{}-cancel", props.action)}>{ ui.t(Message::NoKeep) }</button>
                </div>
            </div>
        }
    } else {
        html! {
            <button type="button" {class} ref={button_ref} onclick={set(true)} data-wc-action={props.action.clone()}>{ props.label.clone() }</button>
        }
    }
}
