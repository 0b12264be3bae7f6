//! The embeddable wellcheck widget: Yew components plus the small API the
//! `<wellcheck-questionnaire>` custom element (`js/wellcheck.js`) calls.
//!
//! This crate only adapts browser events to `wellcheck-core`: every rule (wording, valid
//! answers, scoring, bands, flags) comes from the core, so the widget and the command line
//! give the same result for the same answers. The journey itself (which page comes next)
//! is plain state in [`state`], tested natively.

mod api;
pub mod builtin;
pub mod components;
pub mod i18n;
pub mod kit;
pub mod options;
#[cfg(feature = "ssr")]
pub mod prerender;
pub mod state;
mod storage;

pub use api::{WidgetHandle, mount};
pub use components::widget::{Widget, WidgetProps};

// Every module that links the widget (the embed, the tablet app, the browser tests) takes
// this allocator: single-threaded, growing WebAssembly memory as it needs.
#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
