//! The app's screens, one a file: what the worker (or, handed the tablet, the client) sees
//! at one time. `ui/mod.rs` chooses among them by [`Screen`](crate::ui::Screen).

pub mod backup;
pub mod client_form;
pub mod client_page;
pub mod clients;
pub mod corrections;
pub mod exports;
pub mod hand_over;
pub mod licensed;
pub mod outcomes;
pub mod safety;
pub mod settings;
pub mod unlock;
pub mod visit_page;
pub mod visit_run;
pub mod visit_setup;
