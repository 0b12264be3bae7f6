//! End-to-end tests: the demo site in headless Chromium, driven through WebDriver.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs,
    reason = "tests"
)]

// The demo site: landing page, editors' page, every page axe-clean.
mod demo_site;
// The embed's page driver, shared by its tests.
mod widget_driver;
// The tablet app's page driver, shared by its tests.
mod app_driver;
// The journeys people take, in Chromium, Firefox and WebKit.
mod every_engine;
// Every instrument by keyboard, with axe-core and layout checks on every screen.
// Embedding, safety, resume and layout, as a host page sees them.
mod embedding;
mod journeys;
// Exported Questionnaires in LHC-Forms.
mod lhc_forms;
// The release package from another origin (a CDN) and from its self-hosting zip.
mod package;
// The printable outcome report, opened on its own.
mod outcomes_report;
// The link worker tablet app: offline, encrypted, resumable, accessible.
mod tablet_app;
// The UCLA-3 demo page: keyboard, event, CLI, and what the page requests.
mod ucla3;
