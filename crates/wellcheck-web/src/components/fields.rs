//! Form fields in NHS.UK's pattern, for pages that are forms of their own (the tablet app's
//! set-up, client and visit forms): a labelled text box that shows its hint and its own
//! error, and a status line that screen readers announce. Each field's control has the id
//! `field-{name}`, which the [`ErrorSummary`](crate::components::error_summary::ErrorSummary)
//! links to through [`ErrorEntry::for_field`](crate::components::error_summary::ErrorEntry::for_field).
//! Their styles extend the widget's family in the page's own stylesheet (the app's
//! `app.css`): the embed shows no text box, so its stylesheet does not carry them.

use yew::prelude::*;

/// The id of the control of the field named `name`.
pub fn field_id(name: &str) -> String {
    format!("field-{name}")
}

/// Props for [`TextField`].
#[derive(Properties, PartialEq)]
pub struct TextFieldProps {
    /// The field's name (its id is `field-{name}`).
    pub name: AttrValue,
    /// The label.
    pub label: AttrValue,
    /// A hint under the label.
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    /// The current text.
    pub value: AttrValue,
    /// The error to show, if any.
    #[prop_or_default]
    pub error: Option<String>,
    /// `text`, `password`, `number`, `date` or `search`.
    #[prop_or(AttrValue::Static("text"))]
    pub kind: AttrValue,
    /// `autocomplete`.
    #[prop_or(AttrValue::Static("off"))]
    pub autocomplete: AttrValue,
    /// `inputmode`, if any.
    #[prop_or_default]
    pub inputmode: Option<AttrValue>,
    /// A multi-line box instead.
    #[prop_or_default]
    pub multiline: bool,
    /// Narrow width (for short answers).
    #[prop_or_default]
    pub narrow: bool,
    /// Receives the new text.
    pub oninput: Callback<String>,
}

/// A labelled input with its hint and error.
#[component]
pub fn TextField(props: &TextFieldProps) -> Html {
    let id = field_id(&props.name);
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described: Vec<&str> = [
        props.hint.as_ref().map(|_| hint_id.as_str()),
        props.error.as_ref().map(|_| error_id.as_str()),
    ]
    .into_iter()
    .flatten()
    .collect();
    let describedby = (!described.is_empty()).then(|| described.join(" "));
    let oninput = {
        let callback = props.oninput.clone();
        Callback::from(move |event: InputEvent| {
            if let Some(input) = event.target_dyn_into::<web_sys::HtmlInputElement>() {
                callback.emit(input.value());
            } else if let Some(area) = event.target_dyn_into::<web_sys::HtmlTextAreaElement>() {
                callback.emit(area.value());
            }
        })
    };
    let class = classes!(
        "wc-input",
        props.narrow.then_some("wc-input-narrow"),
        props.error.is_some().then_some("wc-input-error")
    );
    html! {
        <div class={classes!("wc-field", props.error.is_some().then_some("wc-field-error"))}>
            <label class="wc-label" for={id.clone()}>{ props.label.clone() }</label>
            if let Some(hint) = &props.hint {
                <p class="wc-hint" id={hint_id.clone()}>{ hint.clone() }</p>
            }
            if let Some(error) = &props.error {
                <p class="wc-error-message" id={error_id.clone()}>
                    <span class="wc-visually-hidden">{ "Error: " }</span>{ error.clone() }
                </p>
            }
            if props.multiline {
                <textarea {id} {class} rows="4" aria-describedby={describedby} value={props.value.clone()} {oninput} />
            } else {
                <input {id} {class} type={props.kind.clone()} autocomplete={props.autocomplete.clone()}
                    inputmode={props.inputmode.clone()} spellcheck="false"
                    aria-describedby={describedby} aria-invalid={props.error.is_some().then_some("true")}
                    value={props.value.clone()} {oninput} />
            }
        </div>
    }
}

/// A status line that screen readers announce.
pub fn status(message: &Option<String>) -> Html {
    html! {
        <p class="wc-status" role="status" aria-live="polite">{ message.clone().unwrap_or_default() }</p>
    }
}

/// The `oninput` of a [`TextField`] that keeps its text in `state`.
pub fn setter(state: &UseStateHandle<String>) -> Callback<String> {
    let state = state.clone();
    Callback::from(move |text: String| state.set(text))
}
