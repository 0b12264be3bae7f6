//! The widget's components, one per file.

pub mod question;
pub mod result;
pub mod widget;
