//! The built-in instruments and batteries, embedded at compile time from
//! `instruments/*.json` and `batteries/*.json`.
//!
//! Every file in those folders must be registered here; tests check that, and that every
//! registered definition parses, validates and is tidily formatted, so a broken definition
//! never ships.

use std::fmt;

use crate::battery::Battery;
use crate::definition::{DefinitionError, Instrument};

macro_rules! definition {
    ($id:literal) => {
        ($id, include_str!(concat!("../instruments/", $id, ".json")))
    };
}

macro_rules! battery {
    ($id:literal) => {
        ($id, include_str!(concat!("../batteries/", $id, ".json")))
    };
}

/// `(id, definition text)` for every built-in instrument, sorted by id.
pub const DEFINITIONS: &[(&str, &str)] = &[
    definition!("cel"),
    definition!("djg-11"),
    definition!("djg-6"),
    definition!("evs"),
    definition!("gad-2"),
    definition!("gad-7"),
    definition!("gppaq"),
    definition!("ons-loneliness"),
    definition!("ons4"),
    definition!("pa-1"),
    definition!("phq-2"),
    definition!("phq-4"),
    definition!("phq-9"),
    definition!("swemwbs"),
    definition!("ucla-20"),
    definition!("ucla-3"),
    definition!("wemwbs"),
    definition!("who-5"),
];

/// `(id, battery text)` for every built-in battery, sorted by id.
pub const BATTERIES: &[(&str, &str)] = &[battery!("social-prescribing")];

/// Why an instrument or battery could not be had from the catalogue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CatalogueError {
    /// No built-in instrument or battery has this id: the id, and the ids that are known
    /// (as [`known_list`] words them).
    UnknownId(String, String),
    /// A built-in definition failed to parse (a bug: the catalogue tests catch this).
    Broken(String, DefinitionError),
    /// The embed holds this instrument's name but its definition, fetched apart, has not
    /// been added (see `compact::encode_split`).
    NotLoaded(String),
}

impl fmt::Display for CatalogueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CatalogueError::UnknownId(id, known) => {
                write!(f, "unknown instrument `{id}` ({known})")
            }
            CatalogueError::Broken(id, error) => {
                write!(f, "built-in definition `{id}` is broken: {error}")
            }
            CatalogueError::NotLoaded(id) => {
                write!(
                    f,
                    "the definition of `{id}` has not been loaded from definitions/"
                )
            }
        }
    }
}

impl std::error::Error for CatalogueError {}

/// The known ids as an unknown-id error gives them to the person who typed one.
pub fn known_list(instruments: &[&str], batteries: &[&str]) -> String {
    format!(
        "known: {}; batteries: {}",
        instruments.join(", "),
        batteries.join(", ")
    )
}

fn unknown(id: &str) -> CatalogueError {
    CatalogueError::UnknownId(
        id.to_owned(),
        known_list(
            &ids().collect::<Vec<_>>(),
            &battery_ids().collect::<Vec<_>>(),
        ),
    )
}

/// The ids of every built-in instrument.
pub fn ids() -> impl Iterator<Item = &'static str> {
    DEFINITIONS.iter().map(|(id, _)| *id)
}

/// The ids of every built-in battery.
pub fn battery_ids() -> impl Iterator<Item = &'static str> {
    BATTERIES.iter().map(|(id, _)| *id)
}

/// The contract form of an id as a person may type it: ` PHQ-9 ` is `phq-9`. Ids are
/// lower-case ASCII, so case and surrounding space never change which one is meant.
pub fn normalise_id(id: &str) -> String {
    id.trim().to_ascii_lowercase()
}

/// A built-in instrument by its contract id (case and surrounding space ignored).
pub fn get(id: &str) -> Result<Instrument, CatalogueError> {
    let wanted = normalise_id(id);
    let (_, text) = DEFINITIONS
        .iter()
        .find(|(known, _)| *known == wanted)
        .ok_or_else(|| unknown(id))?;
    Instrument::from_json(text).map_err(|error| CatalogueError::Broken(id.to_owned(), error))
}

/// A built-in battery by id (case and surrounding space ignored).
pub fn battery(id: &str) -> Result<Battery, CatalogueError> {
    let wanted = normalise_id(id);
    let (_, text) = BATTERIES
        .iter()
        .find(|(known, _)| *known == wanted)
        .ok_or_else(|| unknown(id))?;
    Battery::from_json(text, |instrument| ids().any(|known| known == instrument))
        .map_err(|error| CatalogueError::Broken(id.to_owned(), error))
}

/// What an id names: one instrument, or a battery with its instruments in order.
#[derive(Debug, Clone, PartialEq)]
pub enum Subject {
    /// A single instrument.
    Instrument(Box<Instrument>),
    /// A battery and its instruments, in the order they are asked.
    Battery(Battery, Vec<Instrument>),
}

impl Subject {
    /// The contract id of the instrument or battery.
    pub fn id(&self) -> &str {
        match self {
            Subject::Instrument(instrument) => instrument.id(),
            Subject::Battery(battery, _) => battery.id(),
        }
    }

    /// The instruments answered, in order (one unless a battery), without a new list.
    pub fn instrument_slice(&self) -> &[Instrument] {
        match self {
            Subject::Instrument(instrument) => std::slice::from_ref(&**instrument),
            Subject::Battery(_, instruments) => instruments,
        }
    }

    /// The instruments answered, in order (one unless a battery).
    pub fn instruments(&self) -> Vec<&Instrument> {
        match self {
            Subject::Instrument(instrument) => vec![instrument],
            Subject::Battery(_, instruments) => instruments.iter().collect(),
        }
    }
}

/// An instrument or a battery by id (case and surrounding space ignored).
pub fn subject(id: &str) -> Result<Subject, CatalogueError> {
    subject_from(id, battery, get)
}

/// An instrument or a battery by id, from a catalogue's own `battery` and `get` (this one's,
/// or the compact form's).
pub(crate) fn subject_from(
    id: &str,
    battery: impl Fn(&str) -> Result<Battery, CatalogueError>,
    get: impl Fn(&str) -> Result<Instrument, CatalogueError>,
) -> Result<Subject, CatalogueError> {
    match battery(id) {
        Ok(battery) => {
            let instruments = battery
                .instruments()
                .iter()
                .map(|id| get(id))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Subject::Battery(battery, instruments))
        }
        Err(CatalogueError::UnknownId(..)) => get(id).map(|one| Subject::Instrument(Box::new(one))),
        Err(broken) => Err(broken),
    }
}
