//! The error summary at the top of a page (NHS.UK pattern): takes focus, and each entry
//! moves focus to its question.

use yew::prelude::*;

use crate::components::use_ui;
use crate::i18n::Message;

/// One entry: the message and the id of the control to focus.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorEntry {
    /// What to fix.
    pub text: String,
    /// Element id (inside the widget) of the first control of the question.
    pub target: String,
}

/// The summary.
#[derive(Debug, Clone, PartialEq, Properties)]
pub struct ErrorSummaryProps {
    /// What to fix.
    pub entries: Vec<ErrorEntry>,
}

/// Shown only when there are entries.
#[component]
pub fn ErrorSummary(props: &ErrorSummaryProps) -> Html {
    let ui = use_ui();
    if props.entries.is_empty() {
        return Html::default();
    }
    html! {
        <div class="wc-error-summary" role="alert" tabindex="-1" data-wc-error-summary="">
            <h2 class="wc-error-summary-title">{ ui.t(Message::ThereIsAProblem) }</h2>
            <ul class="wc-error-summary-list">
                { for props.entries.iter().map(|entry| {
                    let target = entry.target.clone();
                    let onclick = Callback::from(move |event: MouseEvent| {
                        event.prevent_default();
                        focus_in_widget(&event, &target);
                    });
                    html! {
                        <li><a href={format!("#{}", entry.target)} {onclick}>{ entry.text.clone() }</a></li>
                    }
                }) }
            </ul>
        </div>
    }
}

/// Focuses an element by id within the widget's own root (ids are not visible to
/// `document.getElementById` inside a shadow root, and the page's hash must not change).
fn focus_in_widget(event: &MouseEvent, id: &str) {
    use wasm_bindgen::JsCast;
    let root = event
        .target()
        .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
        .and_then(|element| element.closest("[data-wc-root]").ok().flatten());
    if let Some(target) = root
        .and_then(|root| root.query_selector(&format!("[id='{id}']")).ok().flatten())
        .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = target.focus();
    }
}
