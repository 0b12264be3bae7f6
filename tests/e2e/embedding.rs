//! The element as a practice or charity website uses it: several on a page, the script
//! included twice, structured options through `configure()`, host text that contains markup,
//! safety signposting, and answers that survive a reload.
//!
//! One file a part of what a host page and its visitors do; the page driver is
//! `widget_driver.rs`.

mod host_page;
mod safety;
mod layout;
mod editors;
mod answers_kept;
mod first_page;
mod later_part;
