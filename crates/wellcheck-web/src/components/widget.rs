//! The root component: checks the host's options, then runs the journey. A setup problem
//! shows the patient a neutral sentence and gives the site editor the precise reason in
//! the browser console (through the host element, which says each message once).

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
    /// Tells the host page: `("complete", json)`, `("flag", json)`, and for the site
    /// editor `("setup-problem", text)` and `("warning", text)`.
    pub emit: Callback<(String, String)>,
}

/// The whole widget.
#[component]
pub fn Widget(props: &WidgetProps) -> Html {
    let config = use_memo(props.options.clone(), |options| Config::from_json(options));
    // A setting that goes wrong mid-journey (a typo in a language, say) is the editor's to
    // fix; the person keeps their place and answers under the last good settings.
    let last_good = use_mut_ref(|| None::<Rc<Config>>);
    let shown: Result<Rc<Config>, crate::options::SetupProblem> = match &*config {
        Ok(good) => {
            let good = Rc::new(good.clone());
            *last_good.borrow_mut() = Some(Rc::clone(&good));
            Ok(good)
        }
        Err(problem) => last_good.borrow().clone().ok_or_else(|| problem.clone()),
    };
    {
        let emit = props.emit.clone();
        use_effect_with(Rc::clone(&config), move |config| match &**config {
            Ok(config) => {
                for warning in &config.warnings {
                    emit.emit(("warning".to_owned(), warning.clone()));
                }
            }
            Err(problem) => emit.emit(("setup-problem".to_owned(), problem.message.clone())),
        });
    }
    match shown {
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
                        // Keyed by what is answered: a new instrument is a new journey, while
                        // other changes (language, signposting) keep the person's place.
                        <Journey key={config.subject.clone()} config={Rc::clone(&config)} emit={props.emit.clone()} />
                    </div>
                </ContextProvider<Rc<Ui>>>
            }
        }
        // The patient sees a plain sentence; the reason is in the console for the editor.
        Err(problem) => html! {
            <div class="wc-shell wc-unavailable" lang={problem.language.tag()} data-wc-root="" data-wc-setup-problem="">
                <p>{ Message::NotAvailableYet.text(problem.language) }</p>
            </div>
        },
    }
}
