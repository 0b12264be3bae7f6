//! Keeping answers in this browser so a person can resume after a reload or a closed tab.
//! One entry per instrument or battery, removed on completion or "start again". If storage
//! is unavailable (private browsing, blocked by the host), the widget works without it.

use crate::state::Saved;

const PREFIX: &str = "wellcheck:v1:";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The saved journey for this instrument or battery, if any and readable.
pub fn load(subject: &str) -> Option<Saved> {
    let text = storage()?
        .get_item(&format!("{PREFIX}{subject}"))
        .ok()
        .flatten()?;
    Saved::from_json(&text).map(|(saved, _)| saved)
}

/// Saves the journey (quietly does nothing if storage refuses).
pub fn save(subject: &str, saved: &Saved) {
    if let (Some(storage), Ok(text)) = (storage(), serde_json::to_string(saved)) {
        let _ = storage.set_item(&format!("{PREFIX}{subject}"), &text);
    }
}

/// Forgets the journey.
pub fn clear(subject: &str) {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(&format!("{PREFIX}{subject}"));
    }
}
