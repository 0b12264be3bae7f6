//! wellcheck's results in and out of other systems, over the scoring kernel
//! (`wellcheck-core`): FHIR R4 Bundles of a QuestionnaireResponse and its Observations (and
//! the Patient, named by NHS number), read back by `fhir import`; completed forms as CSV,
//! read and written a row at a time; and NHS numbers, checked by their modulus 11 digit.
//!
//! Not in the embed's first load: the widget's crate does not depend on this one (the
//! on-demand FHIR module, `wellcheck-fhir`, does).

// In reading order: each module uses only those above it.
pub mod nhs_number;
pub mod fhir;
pub mod csv_records;
