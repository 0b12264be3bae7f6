//! The embeddable wellcheck widget: Yew components plus the small API the
//! `<wellcheck-questionnaire>` custom element (`js/wellcheck.js`) calls.
//!
//! This crate only adapts browser events to `wellcheck-core`: every rule (wording, valid
//! answers, scoring, bands) comes from the core, so the widget and the command line give
//! the same result for the same answers.

mod api;
mod components;
mod state;

pub use api::{WidgetHandle, mount, score_json};
pub use components::widget::{Widget, WidgetProps};
pub use state::{Action, FormState, Stage};
