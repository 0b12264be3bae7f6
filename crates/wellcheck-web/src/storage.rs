//! Keeping answers in progress so a person can resume after a reload: for this browser tab
//! only (sessionStorage, the default), on this device until finished (localStorage, when the
//! host asks for `resume="device"`), or nowhere. One entry per element, removed on
//! completion, "Start again" or "Clear my answers". If storage is unavailable (private
//! browsing, blocked by the host), the widget works without it.

use crate::options::Resume;
use crate::state::Saved;

const PREFIX: &str = "wellcheck:v1:";

// Outside a browser (the build's server-side rendering of first pages) nothing is kept:
// there is no window to ask.
fn session() -> Option<web_sys::Storage> {
    if cfg!(not(target_arch = "wasm32")) {
        return None;
    }
    web_sys::window()?.session_storage().ok().flatten()
}

fn device() -> Option<web_sys::Storage> {
    if cfg!(not(target_arch = "wasm32")) {
        return None;
    }
    web_sys::window()?.local_storage().ok().flatten()
}

fn place(resume: Resume) -> Option<web_sys::Storage> {
    match resume {
        Resume::Tab => session(),
        Resume::Device => device(),
        Resume::Off => None,
    }
}

/// The saved journey for this element, if any and readable. Answers left in the other
/// store by an earlier setting are removed: a page that no longer keeps answers on the
/// device must not leave them there.
pub fn load(key: &str, resume: Resume) -> Option<Saved> {
    for (store, used) in [(session(), Resume::Tab), (device(), Resume::Device)] {
        if let Some(store) = store.filter(|_| used != resume) {
            let _ = store.remove_item(&format!("{PREFIX}{key}"));
        }
    }
    let text = place(resume)?
        .get_item(&format!("{PREFIX}{key}"))
        .ok()
        .flatten()?;
    Saved::from_json(&text).map(|(saved, _)| saved)
}

/// Saves the journey (quietly does nothing if storage refuses).
pub fn save(key: &str, resume: Resume, saved: &Saved) {
    if let Some(storage) = place(resume) {
        let _ = storage.set_item(&format!("{PREFIX}{key}"), &saved.to_json());
    }
}

/// Forgets the journey, wherever it was kept.
pub fn clear(key: &str) {
    for storage in [session(), device()].into_iter().flatten() {
        let _ = storage.remove_item(&format!("{PREFIX}{key}"));
    }
}
