//! Urgent help, shown the moment an answer raises `self_harm_risk` (PHQ-9 item 9 above 0),
//! before and whatever any score. It cannot be configured away: crisis lines always show.

use yew::prelude::*;

use crate::components::use_ui;
use crate::i18n::Message;

/// The urgent help box.
#[component]
pub fn UrgentHelp() -> Html {
    let ui = use_ui();
    html! {
        <div class="wc-urgent" role="alert" data-wc-urgent="">
            <h2 class="wc-urgent-title">{ ui.t(Message::UrgentHeading) }</h2>
            <p>{ ui.t(Message::UrgentReason) }</p>
            <ul>
                <li><a href="tel:116123">{ ui.t(Message::UrgentSamaritans) }</a></li>
                <li><a href="tel:111">{ ui.t(Message::UrgentGp) }</a></li>
                <li><a href="tel:999">{ ui.t(Message::UrgentDanger) }</a></li>
            </ul>
        </div>
    }
}
