//! The built-in instruments, batteries and result words, as the widget reads them: the
//! compact form the build script wrote after validating every definition with the core's
//! full decoder (see `wellcheck_core::compact`). So the embed carries no JSON definitions,
//! no definition decoder and no hashing: each definition's hash and score ranges were
//! worked out at build time.

use wellcheck_core::compact::{AddError, Builtin};
use wellcheck_core::result_words::{Phrase, ScoreWords};
use wellcheck_core::{Battery, CatalogueError, Instrument};

// The shipped embed holds the catalogue without its definitions; the page fetches its
// questionnaire's from `definitions/` alongside the module and adds them
// ([`add_definitions`]). Tests, the tablet app and the pre-rendering hold them all.
#[cfg(not(feature = "definitions-apart"))]
static BUILTIN: Builtin = Builtin::new(include_bytes!(concat!(env!("OUT_DIR"), "/builtin.wcc")));
#[cfg(feature = "definitions-apart")]
static BUILTIN: Builtin = Builtin::new(include_bytes!(concat!(env!("OUT_DIR"), "/index.wcc")));

/// A built-in instrument by id (case and surrounding space ignored).
pub fn get(id: &str) -> Result<Instrument, CatalogueError> {
    BUILTIN.get(id)
}

/// Adds one of `definitions/`'s files (see `wellcheck_core::compact::encode_split`).
pub fn add_definitions(bytes: &[u8]) -> Result<(), AddError> {
    BUILTIN.add_definitions(bytes)
}

/// Whether a built-in instrument has this id, whether or not its definition is held yet.
pub fn has_instrument(id: &str) -> bool {
    BUILTIN.has_instrument(id)
}

/// For an instrument or a battery whose definitions are not all held yet, the id its file
/// in `definitions/` is named by (as the widget reads the id: case and surrounding space
/// ignored).
pub fn definitions_needed(id: &str) -> Option<String> {
    match BUILTIN.subject(id) {
        Err(CatalogueError::NotLoaded(_)) => Some(wellcheck_core::catalogue::normalise_id(id)),
        Ok(_) | Err(_) => None,
    }
}

/// Each score's id with its bands' ids (in the order of their ids), from the result words,
/// which name every score and band: for an instrument whose definition is not held.
pub fn outline(instrument: &str) -> Vec<(String, Vec<String>)> {
    BUILTIN.outline(instrument)
}

/// Every built-in instrument's id, in the catalogue's order.
pub fn ids() -> Vec<&'static str> {
    BUILTIN.ids()
}

/// Every built-in battery's id.
pub fn battery_ids() -> Vec<&'static str> {
    BUILTIN.battery_ids()
}

/// A built-in battery by id (case and surrounding space ignored).
pub fn battery(id: &str) -> Result<Battery, CatalogueError> {
    BUILTIN.battery(id)
}

/// A built-in instrument's plain title ("How you feel about your life"), if it has one.
pub fn title(instrument: &str) -> Option<&'static Phrase> {
    BUILTIN.title(instrument)
}

/// The words for a built-in instrument's score, if there are any.
pub fn words(instrument: &str, score: &str) -> Option<&'static ScoreWords> {
    BUILTIN.words(instrument, score)
}

#[cfg(test)]
mod tests {
    use wellcheck_core::catalogue;

    /// The outline checks a host's `nextSteps` for a questionnaire not on the page: every
    /// score with every band, as the definitions have them.
    #[test]
    fn the_outline_from_the_result_words_names_every_score_and_band() {
        for id in catalogue::ids() {
            let instrument = catalogue::get(id).unwrap();
            let mut expected: Vec<(String, Vec<String>)> = instrument
                .scores()
                .iter()
                .map(|score| {
                    let bands = score.banding().map(|b| b.bands()).unwrap_or_default();
                    let mut bands: Vec<String> =
                        bands.iter().map(|band| band.id().to_owned()).collect();
                    bands.sort();
                    (score.id().to_owned(), bands)
                })
                .collect();
            expected.sort();
            assert_eq!(super::outline(id), expected, "{id}");
        }
        assert!(super::outline("phq-99").is_empty());
    }

    #[cfg(not(feature = "definitions-apart"))]
    #[test]
    fn the_embedded_catalogue_is_the_current_one() {
        let fresh = wellcheck_core::compact::encode_builtin().unwrap();
        assert_eq!(
            include_bytes!(concat!(env!("OUT_DIR"), "/builtin.wcc")).as_slice(),
            fresh.as_slice()
        );
        for id in catalogue::ids() {
            assert_eq!(super::get(id).unwrap(), catalogue::get(id).unwrap(), "{id}");
        }
    }
}
