//! The root component: checks the host's options, then runs the journey, or explains the
//! setup problem to the site editor.

use std::rc::Rc;

use yew::prelude::*;

use crate::components::Ui;
use crate::components::journey::Journey;
use crate::i18n::Message;
use crate::options::Config;

/// What the host asked for.
#[derive(Debug, Clone, PartialEq, Properties)]
pub struct WidgetProps {
    /// The element's attributes and `configure()` options, merged, as JSON.
    pub options: AttrValue,
    /// Tells the host page: `("complete", json)` or `("flag", json)`.
    pub emit: Callback<(String, String)>,
}

/// The whole widget.
#[component]
pub fn Widget(props: &WidgetProps) -> Html {
    let config = use_memo(props.options.clone(), |options| Config::from_json(options));
    match &*config {
        Ok(config) => {
            let ui = Rc::new(Ui {
                language: config.language,
                practice_name: config.practice_name.clone(),
                signposting: config.signposting.clone(),
            });
            let theme = format!("wc-theme-{}", config.theme);
            html! {
                <ContextProvider<Rc<Ui>> context={Rc::clone(&ui)}>
                    <div class={classes!("wc-shell", theme)} lang={ui.language.tag()} data-wc-root="">
                        <Journey config={Rc::new(config.clone())} emit={props.emit.clone()} />
                    </div>
                </ContextProvider<Rc<Ui>>>
            }
        }
        // Shown to whoever set up the page: a patient should never see this in production.
        Err(problem) => html! {
            <div class="wc-shell wc-setup-error" role="alert" lang={problem.language.tag()} data-wc-root="">
                <p><strong>{ Message::SetupProblemTitle.text(problem.language) }</strong></p>
                <p>{ problem.message.clone() }</p>
            </div>
        },
    }
}
