//! The built-in instruments, batteries and result words, as the widget reads them: the
//! compact form the build script wrote after validating every definition with the core's
//! full decoder (see `wellcheck_core::compact`). So the embed carries no JSON definitions,
//! no definition decoder and no hashing: each definition's hash and score ranges were
//! worked out at build time.

use wellcheck_core::compact::Builtin;
use wellcheck_core::result_words::{Phrase, ScoreWords};
use wellcheck_core::{Battery, CatalogueError, Instrument};

static BUILTIN: Builtin = Builtin::new(include_bytes!(concat!(env!("OUT_DIR"), "/builtin.wcc")));

/// A built-in instrument by id (case and surrounding space ignored).
pub fn get(id: &str) -> Result<Instrument, CatalogueError> {
    BUILTIN.get(id)
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
    use wellcheck_core::{catalogue, compact};

    #[test]
    fn the_embedded_catalogue_is_the_current_one() {
        let fresh = compact::encode_builtin().unwrap();
        assert_eq!(
            include_bytes!(concat!(env!("OUT_DIR"), "/builtin.wcc")).as_slice(),
            fresh.as_slice()
        );
        for id in catalogue::ids() {
            assert_eq!(super::get(id).unwrap(), catalogue::get(id).unwrap(), "{id}");
        }
    }
}
