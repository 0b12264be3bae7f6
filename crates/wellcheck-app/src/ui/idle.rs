//! The idle lock: after the worker's chosen minutes without a touch, key or typing, the app
//! locks. Answers in progress are already saved, so nothing is lost.

use gloo_events::EventListener;
use gloo_timers::callback::Timeout;
use yew::prelude::*;

/// Locks through `lock` after `minutes` without activity on the page.
#[hook]
pub fn use_idle_lock(minutes: u16, lock: Callback<Option<AttrValue>>) {
    use_effect_with(minutes, move |minutes| {
        let millis = u32::from(*minutes).saturating_mul(60_000);
        let start = {
            let lock = lock.clone();
            move || {
                let lock = lock.clone();
                Timeout::new(millis, move || {
                    lock.emit(Some(AttrValue::from(
                        "Locked after a time without use. Your work is saved.",
                    )));
                })
            }
        };
        let timer = std::rc::Rc::new(std::cell::RefCell::new(Some(start())));
        let document = web_sys::window().and_then(|window| window.document());
        let listeners: Vec<EventListener> = document
            .map(|document| {
                ["pointerdown", "keydown", "input", "wheel", "touchstart"]
                    .into_iter()
                    .map(|kind| {
                        let (timer, start) = (timer.clone(), start.clone());
                        EventListener::new(&document, kind, move |_| {
                            // Dropping a gloo Timeout cancels it.
                            *timer.borrow_mut() = Some(start());
                        })
                    })
                    .collect()
            })
            .unwrap_or_default();
        move || {
            drop(listeners);
            timer.borrow_mut().take();
        }
    });
}
