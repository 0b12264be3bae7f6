//! Integration tests of the interchange formats, one module per format.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs,
    reason = "tests"
)]

// Made-up licensed wording.
mod support;
// NHS numbers (modulus 11), for client records and FHIR Patients.
mod nhs_number;
// Completed forms as CSV.
mod csv;
// FHIR R4 output and import.
mod fhir;
