//! Where to get support: the host's list if it gave one, otherwise the defaults (the
//! practice or a link worker, NHS 111, Samaritans, 999).

use yew::prelude::*;

use crate::components::use_ui;
use crate::i18n::Message;

/// The support section.
#[component]
pub fn Support() -> Html {
    let ui = use_ui();
    let items: Html = match &ui.signposting {
        Some(list) => list
            .iter()
            .map(|signpost| match &signpost.href {
                Some(href) => {
                    html! { <li><a href={href.clone()}>{ signpost.text.clone() }</a></li> }
                }
                None => html! { <li>{ signpost.text.clone() }</li> },
            })
            .collect(),
        None => html! {
            <>
                <li>{ ui.t(Message::TalkToPractice(ui.practice_name.clone())) }</li>
                <li><a href="tel:111">{ ui.t(Message::Nhs111) }</a></li>
                <li><a href="tel:116123">{ ui.t(Message::Samaritans) }</a></li>
                <li><a href="tel:999">{ ui.t(Message::Emergency999) }</a></li>
            </>
        },
    };
    html! {
        <section class="wc-help">
            <h3 class="wc-help-title">{ ui.t(Message::SupportHeading) }</h3>
            <ul>{ items }</ul>
        </section>
    }
}
