//! The error summary at the top of a page (NHS.UK pattern): each entry moves focus to its
//! question or field. The journey moves focus to it; a form of the tablet app asks it to
//! take focus itself when shown (`focus_when_shown`).

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

impl ErrorEntry {
    /// The entry for a [`TextField`](crate::components::fields::TextField) or other field
    /// named `name` (its control's id is `field-{name}`).
    pub fn for_field(name: &str, text: impl Into<String>) -> ErrorEntry {
        ErrorEntry {
            text: text.into(),
            target: crate::components::fields::field_id(name),
        }
    }
}

/// The summary.
#[derive(Debug, Clone, PartialEq, Properties)]
pub struct ErrorSummaryProps {
    /// What to fix.
    pub entries: Vec<ErrorEntry>,
    /// Take focus whenever the entries change and there are some (a form that is its own
    /// page; the journey moves focus itself).
    #[prop_or_default]
    pub focus_when_shown: bool,
}

/// Shown only when there are entries.
#[component]
pub fn ErrorSummary(props: &ErrorSummaryProps) -> Html {
    let ui = use_ui();
    let node = use_node_ref();
    {
        let node = node.clone();
        let focus = props.focus_when_shown;
        use_effect_with(props.entries.clone(), move |entries| {
            if focus
                && !entries.is_empty()
                && let Some(element) = node.cast::<web_sys::HtmlElement>()
            {
                let _ = element.focus();
            }
        });
    }
    if props.entries.is_empty() {
        return Html::default();
    }
    html! {
        <div class="wc-error-summary" role="alert" tabindex="-1" ref={node} data-wc-error-summary="">
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
/// `document.getElementById` inside a shadow root, and the page's hash must not change),
/// or in the document when the summary is outside a widget (the tablet app's forms).
fn focus_in_widget(event: &MouseEvent, id: &str) {
    use wasm_bindgen::JsCast;
    let within = event
        .target()
        .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
        .and_then(|element| {
            element
                .closest("[data-wc-root]")
                .ok()
                .flatten()
                .or_else(|| {
                    element
                        .owner_document()
                        .and_then(|document| document.document_element())
                })
        });
    if let Some(target) = within
        .and_then(|root| root.query_selector(&format!("[id='{id}']")).ok().flatten())
        .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = target.focus();
    }
}
