//! End-to-end tests: the demo site in headless Chromium, driven through WebDriver.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs,
    reason = "tests"
)]

// The UCLA-3 slice through every layer: keyboard, widget, event, CLI.
mod ucla3;
