//! The idle lock: after the worker's chosen minutes without a touch, key or typing, the app
//! locks. Answers in progress are already saved, so nothing is lost. A tablet that slept
//! past the limit (timers may not run while it sleeps) locks the moment it is shown again,
//! and leaving the page locks at once.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo_events::EventListener;
use gloo_timers::callback::Timeout;
use yew::prelude::*;

/// What the unlock screen says after an idle lock.
const IDLE_MESSAGE: &str =
    "Locked after a time without use. Everything saved is kept: unlock to carry on.";

/// Locks through `lock` after `minutes` without activity on the page.
#[hook]
pub fn use_idle_lock(minutes: u16, lock: Callback<Option<AttrValue>>) {
    use_effect_with(minutes, move |minutes| {
        let millis = u32::from(*minutes).saturating_mul(60_000);
        let last_activity = Rc::new(Cell::new(js_sys::Date::now()));
        let start = {
            let lock = lock.clone();
            move || {
                let lock = lock.clone();
                Timeout::new(millis, move || {
                    lock.emit(Some(AttrValue::from(IDLE_MESSAGE)));
                })
            }
        };
        let timer = Rc::new(RefCell::new(Some(start())));
        let document = web_sys::window().and_then(|window| window.document());
        let mut listeners: Vec<EventListener> = document
            .as_ref()
            .map(|document| {
                ["pointerdown", "keydown", "input", "wheel", "touchstart"]
                    .into_iter()
                    .map(|kind| {
                        let (timer, start, last_activity) =
                            (timer.clone(), start.clone(), last_activity.clone());
                        EventListener::new(document, kind, move |_| {
                            last_activity.set(js_sys::Date::now());
                            // Dropping a gloo Timeout cancels it.
                            *timer.borrow_mut() = Some(start());
                        })
                    })
                    .collect()
            })
            .unwrap_or_default();
        // Leaving the page (another address, or closing the tab) locks at once, so a page
        // the browser keeps and shows again on Forward opens locked.
        if let Some(window) = web_sys::window() {
            let lock = lock.clone();
            listeners.push(EventListener::new(&window, "pagehide", move |_| {
                lock.emit(Some(AttrValue::from(
                    "Locked because the app was left. Everything saved is kept: unlock to carry on.",
                )));
            }));
        }
        if let Some(document) = document {
            let (lock, shown) = (lock.clone(), document.clone());
            listeners.push(EventListener::new(
                &document,
                "visibilitychange",
                move |_| {
                    let idle = js_sys::Date::now() - last_activity.get();
                    if !shown.hidden() && idle >= f64::from(millis) {
                        lock.emit(Some(AttrValue::from(IDLE_MESSAGE)));
                    }
                },
            ));
        }
        move || {
            drop(listeners);
            timer.borrow_mut().take();
        }
    });
}
