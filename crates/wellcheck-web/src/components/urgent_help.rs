//! Urgent help, shown the moment an answer raises an urgent flag (the core's
//! `is_urgent`: PHQ-9 item 9 above 0), before and whatever any score. It cannot be
//! configured away: crisis lines always show.
//!
//! The full panel heads every page from then on; on a phone it may be above the screen
//! when it appears, so the question that raised it also says it right under the answer
//! ([`UrgentNotice`]), with the numbers and a way to the panel.

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::components::use_ui;
use crate::i18n::Message;

/// Whether the answer to item `item_index` is what raises urgent help in these answers
/// (without it, the flag would not be raised): the notice goes under that answer.
pub fn raised_by(
    instrument: &wellcheck_core::Instrument,
    answers: &wellcheck_core::Answers,
    item_index: usize,
) -> bool {
    let raises = |answers: &wellcheck_core::Answers| {
        wellcheck_core::raised_flags(instrument, answers)
            .iter()
            .any(|flag| wellcheck_core::is_urgent(flag.id()))
    };
    if !raises(answers) {
        return false;
    }
    // Asked on every question of a form, so the copy is made only when the flag is up.
    let mut without = answers.clone();
    without.clear(item_index);
    !raises(&without)
}

/// The full panel's element id, for the notice's link.
const PANEL_ID: &str = "wc-urgent-help";

/// The urgent help box.
#[component]
pub fn UrgentHelp() -> Html {
    let ui = use_ui();
    html! {
        <div class="wc-urgent" role="alert" id={PANEL_ID} tabindex="-1" data-wc-urgent="">
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

/// The short form under the answer that raised it: the two numbers to call, and a link
/// that brings the full panel into view (a fragment link cannot, inside a shadow root).
/// Not an alert itself: the panel is already announced.
#[component]
pub fn UrgentNotice() -> Html {
    let ui = use_ui();
    let node = use_node_ref();
    // Fully on screen the moment it appears (a tap near the bottom of a phone's screen would
    // otherwise leave it just below), without moving focus from the answer.
    {
        let node = node.clone();
        use_effect_with((), move |_| {
            if let Some(notice) = node.cast::<web_sys::Element>() {
                let options = web_sys::ScrollIntoViewOptions::new();
                options.set_block(web_sys::ScrollLogicalPosition::Nearest);
                notice.scroll_into_view_with_scroll_into_view_options(&options);
            }
        });
    }
    let show_panel = {
        let node = node.clone();
        Callback::from(move |event: MouseEvent| {
            event.prevent_default();
            let panel = node
                .cast::<web_sys::Element>()
                .and_then(|notice| notice.closest(".wc-app").ok().flatten())
                .and_then(|app| app.query_selector(&format!("#{PANEL_ID}")).ok().flatten());
            if let Some(panel) = panel {
                panel.scroll_into_view();
                if let Ok(panel) = panel.dyn_into::<web_sys::HtmlElement>() {
                    let _ = panel.focus();
                }
            }
        })
    };
    html! {
        <div class="wc-urgent wc-urgent-notice" ref={node} data-wc-urgent-notice="">
            // Short enough to sit on a phone's screen at twice the text size: the heading
            // leads to the full panel, then the two numbers.
            <p class="wc-urgent-title">
                <a href={format!("#{PANEL_ID}")} onclick={show_panel} data-wc-action="urgent-panel"
                    aria-label={ui.t(Message::UrgentSeeAll)}>{ ui.t(Message::UrgentHeading) }</a>
            </p>
            <ul>
                <li><a href="tel:116123">{ ui.t(Message::UrgentNoticeSamaritans) }</a></li>
                <li><a href="tel:999">{ ui.t(Message::UrgentNoticeDanger) }</a></li>
            </ul>
        </div>
    }
}
