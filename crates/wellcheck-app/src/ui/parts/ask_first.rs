//! A change that cannot be undone asks first: a button that opens a panel saying what will
//! go and that backups made before now still hold it, with the change and "Cancel". Focus
//! moves to the panel when it opens and back to the button when it closes.

use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Props for [`AskFirst`].
#[derive(Properties, PartialEq)]
pub struct AskFirstProps {
    /// The button that opens the question (`Delete this client`).
    pub label: AttrValue,
    /// The question, as the panel's heading (`Delete MAPLE-7?`).
    pub question: AttrValue,
    /// What will happen, in plain words (`Their 3 visits are deleted …`).
    pub consequences: Vec<AttrValue>,
    /// The button that makes the change (`Yes, delete MAPLE-7`).
    pub confirm: AttrValue,
    /// Makes the change.
    pub on_confirm: Callback<()>,
    /// A `data-app-…` name for the opening button; the panel and its buttons get
    /// `-question`, `-confirm` and `-cancel` after it.
    pub name: AttrValue,
    /// Anything to choose before confirming (the other record in a merge).
    #[prop_or_default]
    pub children: Html,
}

/// A button whose change asks first.
#[component]
pub fn AskFirst(props: &AskFirstProps) -> Html {
    let open = use_state(|| false);
    let panel = use_node_ref();
    let opener = use_node_ref();
    let was_open = use_mut_ref(|| false);
    {
        let (panel, opener) = (panel.clone(), opener.clone());
        use_effect_with(*open, move |open| {
            let target = if *open {
                panel.cast::<web_sys::HtmlElement>()
            } else if std::mem::replace(&mut *was_open.borrow_mut(), false) {
                opener.cast::<web_sys::HtmlElement>()
            } else {
                None
            };
            if *open {
                *was_open.borrow_mut() = true;
            }
            if let Some(element) =
                target.and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let _ = element.focus();
            }
        });
    }
    let toggle = |to: bool| {
        let open = open.clone();
        Callback::from(move |_| open.set(to))
    };
    let confirm = {
        let (on_confirm, open) = (props.on_confirm.clone(), open.clone());
        Callback::from(move |_| {
            open.set(false);
            on_confirm.emit(());
        })
    };
    let attribute = |suffix: &str| format!("data-app-{}{suffix}", props.name);
    if !*open {
        return html! {
            <button type="button" class="wc-button wc-button-secondary" ref={opener} onclick={toggle(true)}
                data-app-ask={props.name.clone()}>{ props.label.clone() }</button>
        };
    }
    html! {
        <div class="app-warning" role="group" aria-labelledby={attribute("-heading")} tabindex="-1" ref={panel}
            data-app-asking={props.name.clone()}>
            <h3 id={attribute("-heading")}>{ props.question.clone() }</h3>
            <ul>{ for props.consequences.iter().map(|line| html! { <li>{ line.clone() }</li> }) }</ul>
            { props.children.clone() }
            <div class="app-button-row">
                <button type="button" class="wc-button wc-button-warning" onclick={confirm}
                    data-app-confirm={props.name.clone()}>{ props.confirm.clone() }</button>
                <button type="button" class="wc-link-button" onclick={toggle(false)}
                    data-app-cancel={props.name.clone()}>{ "Cancel" }</button>
            </div>
        </div>
    }
}
