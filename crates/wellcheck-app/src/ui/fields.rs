//! Form parts in NHS.UK's pattern: an error summary that links to each field, and labelled
//! fields that show their own error.

use yew::prelude::*;

use crate::records::FieldProblem;

/// Props for [`ErrorSummary`].
#[derive(Properties, PartialEq)]
pub struct ErrorSummaryProps {
    /// The problems, in the form's order.
    pub problems: Vec<FieldProblem>,
}

/// "There is a problem", with a link to each field; takes focus when shown.
#[component]
pub fn ErrorSummary(props: &ErrorSummaryProps) -> Html {
    let node = use_node_ref();
    {
        let node = node.clone();
        use_effect_with(props.problems.clone(), move |problems| {
            if !problems.is_empty()
                && let Some(element) = node.cast::<web_sys::HtmlElement>()
            {
                let _ = element.focus();
            }
        });
    }
    if props.problems.is_empty() {
        return Html::default();
    }
    html! {
        <div class="app-error-summary" role="alert" tabindex="-1" ref={node} data-app-error-summary="">
            <h2 class="app-error-summary-title">{ "There is a problem" }</h2>
            <ul>
                { for props.problems.iter().map(|problem| html! {
                    <li><a href={format!("#field-{}", problem.field)}>{ problem.message.clone() }</a></li>
                }) }
            </ul>
        </div>
    }
}

/// The message for `field`, if it has a problem.
pub fn problem_for(problems: &[FieldProblem], field: &str) -> Option<String> {
    problems
        .iter()
        .find(|problem| problem.field == field)
        .map(|problem| problem.message.clone())
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
    let id = format!("field-{}", props.name);
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
        "app-input",
        props.narrow.then_some("app-input-narrow"),
        props.error.is_some().then_some("app-input-error")
    );
    html! {
        <div class={classes!("app-field", props.error.is_some().then_some("app-field-error"))}>
            <label class="app-label" for={id.clone()}>{ props.label.clone() }</label>
            if let Some(hint) = &props.hint {
                <p class="app-hint" id={hint_id.clone()}>{ hint.clone() }</p>
            }
            if let Some(error) = &props.error {
                <p class="app-error-message" id={error_id.clone()}>
                    <span class="app-visually-hidden">{ "Error: " }</span>{ error.clone() }
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
        <p class="app-status" role="status" aria-live="polite">{ message.clone().unwrap_or_default() }</p>
    }
}

/// The `oninput` of a [`TextField`] that keeps its text in `state`.
pub fn setter(state: &UseStateHandle<String>) -> Callback<String> {
    let state = state.clone();
    Callback::from(move |text: String| state.set(text))
}
