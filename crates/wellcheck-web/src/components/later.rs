//! The pages after the questions, "Check your answers" and the result, as the embed's later
//! part.
//!
//! The shipped embed (feature `later-apart`) does not carry them in its first load: `cargo
//! xtask dist` moves every function that only [`pages`] reaches into a second WebAssembly
//! module, which `wellcheck.js` fetches while the person answers (on their first tap or key
//! in the widget, or when a page here is needed first). Until it has arrived the journey
//! shows "Loading…" in the page's place, and says so plainly if it cannot be had; the
//! answers are never touched. Code may call into [`pages`] only once [`status`] is
//! [`Status::Ready`]: before then those functions are not in the module.
//!
//! Without the feature (tests, the tablet app, the pre-rendering) everything is in one
//! module and the status is always ready.

pub mod pages;

use std::cell::RefCell;

use yew::Callback;

/// Whether the later part can be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Asked for, or not yet asked for, and not here.
    Waiting,
    /// Here: [`pages`] may be called.
    Ready,
    /// The last fetch failed; [`request`] tries again.
    Failed,
}

#[derive(Default)]
struct Later {
    arrived: Option<bool>,
    /// Asks the page to fetch the later part (set by `mount`).
    fetch: Option<Callback<()>>,
    /// Told once when the later part arrives or fails.
    waiting: Vec<Callback<()>>,
}

thread_local! {
    static LATER: RefCell<Later> = RefCell::default();
}

/// Whether the later part can be used.
pub fn status() -> Status {
    if cfg!(feature = "later-apart") {
        fetched_status()
    } else {
        Status::Ready
    }
}

/// What the page has said of the later part so far.
fn fetched_status() -> Status {
    LATER.with(|later| match later.borrow().arrived {
        Some(true) => Status::Ready,
        Some(false) => Status::Failed,
        None => Status::Waiting,
    })
}

/// Sets how the later part is fetched: the embed's `mount` asks its page.
pub fn set_fetch(fetch: Callback<()>) {
    LATER.with(|later| later.borrow_mut().fetch = Some(fetch));
}

/// Asks for the later part (again, after a failure) and tells `when_settled` once it has
/// arrived or failed. Nothing to do when it is here.
pub fn request(when_settled: Callback<()>) {
    if fetched_status() == Status::Ready {
        return;
    }
    let fetch = LATER.with(|later| {
        let mut later = later.borrow_mut();
        if later.arrived == Some(false) {
            later.arrived = None;
        }
        later.waiting.push(when_settled);
        later.fetch.clone()
    });
    if let Some(fetch) = fetch {
        fetch.emit(());
    }
}

/// Tells `when_settled` once the later part arrives or a fetch fails, without asking for it:
/// a page showing the failure learns when another's Try again brings it.
pub fn watch(when_settled: Callback<()>) {
    LATER.with(|later| later.borrow_mut().waiting.push(when_settled));
}

/// The page's answer: the later part has arrived (`true`), or could not be had.
pub fn settled(arrived: bool) {
    let waiting = LATER.with(|later| {
        let mut later = later.borrow_mut();
        let waiting = std::mem::take(&mut later.waiting);
        // Once here it stays: a late failure report from another fetch changes nothing. A
        // failed fetch nobody waited for (the one the person's first tap began) changes
        // nothing either: it is tried again when a page needs the later part.
        if later.arrived != Some(true) && (arrived || !waiting.is_empty()) {
            later.arrived = Some(arrived);
        }
        waiting
    });
    for callback in waiting {
        callback.emit(());
    }
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;
    use std::rc::Rc;

    use super::*;

    /// Counts the calls of a callback.
    fn counter() -> (Rc<Cell<u32>>, Callback<()>) {
        let count = Rc::new(Cell::new(0));
        let counted = Rc::clone(&count);
        (
            count,
            Callback::from(move |()| counted.set(counted.get() + 1)),
        )
    }

    #[test]
    fn a_page_that_waits_is_told_once_when_the_later_part_arrives() {
        let (fetches, fetch) = counter();
        set_fetch(fetch);
        let (told, when_settled) = counter();
        assert_eq!(fetched_status(), Status::Waiting);
        request(when_settled);
        assert_eq!(fetches.get(), 1, "the page is asked to fetch it");
        settled(true);
        assert_eq!(fetched_status(), Status::Ready);
        assert_eq!(told.get(), 1);
        // Here: nothing more is fetched, and a late failure report changes nothing.
        request(Callback::noop());
        settled(false);
        assert_eq!((fetches.get(), told.get()), (1, 1));
        assert_eq!(fetched_status(), Status::Ready);
    }

    #[test]
    fn a_failure_while_a_page_waits_is_shown_and_asking_again_fetches_again() {
        let (fetches, fetch) = counter();
        set_fetch(fetch);
        let (told, when_settled) = counter();
        request(when_settled.clone());
        settled(false);
        assert_eq!(fetched_status(), Status::Failed);
        assert_eq!(told.get(), 1);
        request(when_settled);
        assert_eq!(fetched_status(), Status::Waiting, "trying again");
        assert_eq!(fetches.get(), 2);
        settled(true);
        assert_eq!((fetched_status(), told.get()), (Status::Ready, 2));
    }

    #[test]
    fn a_second_failure_report_nobody_waits_for_leaves_the_failure_shown() {
        set_fetch(Callback::noop());
        request(Callback::noop());
        settled(false);
        settled(false);
        assert_eq!(fetched_status(), Status::Failed);
    }

    #[test]
    fn a_page_showing_the_failure_is_told_when_another_brings_the_later_part() {
        set_fetch(Callback::noop());
        request(Callback::noop());
        settled(false);
        let (told, when_settled) = counter();
        watch(when_settled);
        request(Callback::noop());
        settled(true);
        assert_eq!(told.get(), 1);
    }

    #[test]
    fn a_failed_fetch_nobody_waited_for_is_tried_again_when_a_page_needs_it() {
        let (fetches, fetch) = counter();
        set_fetch(fetch);
        // The fetch the person's first tap began fails.
        settled(false);
        assert_eq!(fetched_status(), Status::Waiting);
        request(Callback::noop());
        assert_eq!(fetches.get(), 1);
    }
}
