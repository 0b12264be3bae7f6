//! Parts the app's screens share that the UI kit (`wellcheck_web::kit`) does not have:
//! a change that asks first, the change chart, file downloads, the idle lock, Safari's storage warning, and the
//! error summary for a form's field problems.

pub mod ask_first;
pub mod chart;
pub mod files;
pub mod idle;
pub mod problems;
pub mod safari;
