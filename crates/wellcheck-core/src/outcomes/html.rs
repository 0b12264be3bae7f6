//! The printable outcome report.
