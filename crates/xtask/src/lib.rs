//! Pieces of wellcheck's build system that the end-to-end tests reuse.
//!
//! The binary (`cargo xtask ...`) is the only build entry point; this library holds what
//! must behave identically for `cargo xtask serve` and for the tests, so that the tests
//! exercise the site exactly as a developer sees it.

pub mod markdown;
pub mod site;
