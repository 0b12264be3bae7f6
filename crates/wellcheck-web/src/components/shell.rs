//! The shell every wellcheck surface renders in: the [`Ui`] settings as context, and the
//! root element that carries the theme, the language and `data-wc-root` (where the error
//! summary looks for its fields, and where the page's tests find the widget). The embed's
//! widget and the tablet app's questionnaire and result panels all use it, so they share
//! one stylesheet and one set of settings.

use std::rc::Rc;

use yew::prelude::*;

use crate::components::Ui;

/// Props for [`Shell`].
#[derive(Debug, Clone, PartialEq, Properties)]
pub struct ShellProps {
    /// The settings the components read (language, signposting, next steps, resume).
    pub ui: Rc<Ui>,
    /// `nhs` or `plain` (the class `wc-theme-{theme}`).
    #[prop_or(AttrValue::Static("nhs"))]
    pub theme: AttrValue,
    /// Outside a shadow root (the tablet app): the widget's settings are set on the shell
    /// itself (`wc-standalone`), as `:host` sets them in the embed.
    #[prop_or_default]
    pub standalone: bool,
    /// Extra classes (`wc-unavailable`).
    #[prop_or_default]
    pub class: Classes,
    /// What is shown.
    #[prop_or_default]
    pub children: Html,
}

/// The root of a wellcheck surface.
#[component]
pub fn Shell(props: &ShellProps) -> Html {
    let class = classes!(
        props.standalone.then_some("wc-standalone"),
        "wc-shell",
        format!("wc-theme-{}", props.theme),
        props.class.clone()
    );
    html! {
        <ContextProvider<Rc<Ui>> context={Rc::clone(&props.ui)}>
            <div {class} lang={props.ui.language.tag()} data-wc-root="">
                { props.children.clone() }
            </div>
        </ContextProvider<Rc<Ui>>>
    }
}
