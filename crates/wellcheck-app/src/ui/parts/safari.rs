//! Safari in a browser tab: WebKit clears a website's storage after 7 days without use,
//! except for an app added to the home screen (which runs standalone). The app says so
//! where a link worker will see it: before setting up, on the client list, and in Settings.

use yew::prelude::*;

/// Whether this is Safari (or another WebKit browser that says it is Safari) in a tab
/// rather than opened from the home screen.
pub fn in_a_tab() -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let agent = window.navigator().user_agent().unwrap_or_default();
    let safari = agent.contains("Safari")
        && !agent.contains("Chrome")
        && !agent.contains("Chromium")
        && !agent.contains("Android");
    let standalone = window
        .match_media("(display-mode: standalone)")
        .ok()
        .flatten()
        .is_some_and(|query| query.matches());
    safari && !standalone
}

/// What to do about it, in words.
pub const ADD_TO_HOME_SCREEN: &str = "In Safari, a website's data is cleared after 7 days without use. Add this app to the home screen (Share, then Add to Home Screen) and always open it from there.";

/// The warning, shown only in Safari in a tab.
#[component]
pub fn SafariWarning() -> Html {
    if !in_a_tab() {
        return Html::default();
    }
    html! {
        <div class="app-warning" role="note" data-app-safari-warning="">
            <h2>{ "Records in a Safari tab can be cleared" }</h2>
            <p>{ ADD_TO_HOME_SCREEN }</p>
        </div>
    }
}
