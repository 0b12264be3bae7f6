//! The built-in instruments, embedded at compile time from `instruments/*.json`.
//!
//! Every file in that folder must be registered here; a test checks that, and that every
//! registered definition parses, validates and is tidily formatted, so a broken definition
//! never ships.

use std::fmt;

use crate::definition::{DefinitionError, Instrument};

macro_rules! definition {
    ($id:literal) => {
        ($id, include_str!(concat!("../instruments/", $id, ".json")))
    };
}

/// `(id, definition text)` for every built-in instrument, sorted by id.
pub const DEFINITIONS: &[(&str, &str)] = &[definition!("ucla-3")];

/// Why an instrument could not be had from the catalogue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CatalogueError {
    /// No built-in instrument has this id.
    UnknownId(String),
    /// A built-in definition failed to parse (a bug: the catalogue tests catch this).
    Broken(String, DefinitionError),
}

impl fmt::Display for CatalogueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CatalogueError::UnknownId(id) => {
                write!(
                    f,
                    "unknown instrument `{id}` (known: {})",
                    ids().collect::<Vec<_>>().join(", ")
                )
            }
            CatalogueError::Broken(id, error) => {
                write!(f, "built-in instrument `{id}` is broken: {error}")
            }
        }
    }
}

impl std::error::Error for CatalogueError {}

/// The ids of every built-in instrument.
pub fn ids() -> impl Iterator<Item = &'static str> {
    DEFINITIONS.iter().map(|(id, _)| *id)
}

/// A built-in instrument by its contract id.
pub fn get(id: &str) -> Result<Instrument, CatalogueError> {
    let (_, text) = DEFINITIONS
        .iter()
        .find(|(known, _)| *known == id)
        .ok_or_else(|| CatalogueError::UnknownId(id.to_owned()))?;
    Instrument::from_json(text).map_err(|error| CatalogueError::Broken(id.to_owned(), error))
}
