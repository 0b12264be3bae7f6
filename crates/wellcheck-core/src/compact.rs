//! The built-in catalogue in a compact binary form, for the embed's first load.
//!
//! The built-in definitions never change at run time, so the widget need not carry a JSON
//! parser, the definition decoder or the bounded analysis to read them. A build script (the
//! web crate's) reads and validates every definition, battery and the result words with the
//! full decoder, so a broken definition still fails the build with every problem and its
//! path, and writes them with [`encode_builtin`]. The widget reads them back with
//! [`Builtin`]: varints and strings, nothing to check but that the bytes are whole. Each
//! instrument's `sha256:` hash and each score's range are carried over as computed at build
//! time, so results keep their provenance and the embed needs no hashing or analysis code.
//!
//! Layout (`v` an unsigned LEB128 varint, `s` a varint length and UTF-8 bytes, `c` a varint
//! length, the bytes and a `v` FNV-1a checksum of them): `WCC1`, then `v` instruments each
//! `s` id and `c` definition, `v` batteries each `s` id and `c` battery, then `c` result
//! words.
//!
//! The reader never panics on damaged bytes and never allocates more than the bytes could
//! hold: every count is checked against what is left.

use std::collections::BTreeMap;
use std::sync::OnceLock;

pub use crate::compact_bytes::{CompactError, Reader, Writer};

use crate::battery::Battery;
use crate::catalogue::{self, CatalogueError, Subject};
use crate::definition::{DefinitionError, Instrument, Problem};
use crate::result_words::{BandWords, Guideline, NextStep, Phrase, ScoreWords, WordsFile};

const MAGIC: &[u8; 4] = b"WCC1";

fn write_battery(out: &mut Writer, battery: &Battery) {
    out.text(battery.id());
    out.text(battery.name());
    out.text(battery.description());
    out.list(battery.instruments(), |out, id| out.text(id));
}

fn read_battery(input: &mut Reader<'_>) -> Result<Battery, CompactError> {
    Ok(Battery::from_parts(
        input.text()?,
        input.text()?,
        input.text()?,
        input.list(Reader::text)?,
    ))
}

fn write_phrase(out: &mut Writer, phrase: &Phrase) {
    out.text(&phrase.en);
    out.text(&phrase.cy);
}

fn read_phrase(input: &mut Reader<'_>) -> Result<Phrase, CompactError> {
    Ok(Phrase {
        en: input.text()?,
        cy: input.text()?,
    })
}

fn write_words(out: &mut Writer, words: &WordsFile) {
    out.count(words.titles.len());
    for (instrument, title) in &words.titles {
        out.text(instrument);
        write_phrase(out, title);
    }
    out.count(words.scores.len());
    for (instrument, scores) in &words.scores {
        out.text(instrument);
        out.count(scores.len());
        for (score, words) in scores {
            out.text(score);
            out.text(&words.name_cy);
            write_phrase(out, &words.measures);
            out.flag(words.guideline.is_some());
            if let Some(guideline) = &words.guideline {
                out.signed(guideline.minutes_per_week);
                write_phrase(out, &guideline.text);
                out.text(&guideline.source);
            }
            out.count(words.bands.len());
            for (band, words) in &words.bands {
                out.text(band);
                out.text(&words.label_cy);
                write_phrase(out, &words.meaning);
                out.unsigned(match words.next_step {
                    None => 0,
                    Some(NextStep::Practice) => 1,
                    Some(NextStep::TalkingTherapies) => 2,
                    Some(NextStep::PracticeFirst) => 3,
                });
            }
        }
    }
}

fn read_score_words(input: &mut Reader<'_>) -> Result<ScoreWords, CompactError> {
    let name_cy = input.text()?;
    let measures = read_phrase(input)?;
    let guideline = if input.flag()? {
        Some(Guideline {
            minutes_per_week: input.signed()?,
            text: read_phrase(input)?,
            source: input.text()?,
        })
    } else {
        None
    };
    let mut bands = BTreeMap::new();
    for _ in 0..input.count()? {
        let id = input.text()?;
        let label_cy = input.text()?;
        let meaning = read_phrase(input)?;
        let next_step = match input.unsigned()? {
            0 => None,
            1 => Some(NextStep::Practice),
            2 => Some(NextStep::TalkingTherapies),
            3 => Some(NextStep::PracticeFirst),
            _ => return input.fail("a next step (0 to 3)"),
        };
        bands.insert(
            id,
            BandWords {
                label_cy,
                meaning,
                next_step,
            },
        );
    }
    Ok(ScoreWords {
        name_cy,
        measures,
        guideline,
        bands,
    })
}

fn read_words(input: &mut Reader<'_>) -> Result<WordsFile, CompactError> {
    let mut words = WordsFile::default();
    for _ in 0..input.count()? {
        let instrument = input.text()?;
        words.titles.insert(instrument, read_phrase(input)?);
    }
    for _ in 0..input.count()? {
        let instrument = input.text()?;
        let mut scores = BTreeMap::new();
        for _ in 0..input.count()? {
            let score = input.text()?;
            scores.insert(score, read_score_words(input)?);
        }
        words.scores.insert(instrument, scores);
    }
    Ok(words)
}

/// Reads, validates and writes the whole built-in catalogue: every definition (with its
/// hash), every battery and the result words. `Err` lists every problem, each naming the
/// file and the path within it, as the catalogue tests would.
pub fn encode_builtin() -> Result<Vec<u8>, Vec<String>> {
    let mut problems = Vec::new();
    let mut out = Writer::default();
    out.bytes.extend_from_slice(MAGIC);
    let mut instruments = Vec::new();
    out.count(catalogue::DEFINITIONS.len());
    for (id, _) in catalogue::DEFINITIONS {
        out.text(id);
        match catalogue::get(id) {
            Ok(instrument) => {
                out.checked_bytes(&encode_instrument(&instrument));
                instruments.push(instrument);
            }
            Err(error) => problems.push(format!("instruments/{id}.json: {error}")),
        }
    }
    out.count(catalogue::BATTERIES.len());
    for (id, _) in catalogue::BATTERIES {
        out.text(id);
        match catalogue::battery(id) {
            Ok(battery) => {
                let mut one = Writer::default();
                write_battery(&mut one, &battery);
                out.checked_bytes(&one.bytes);
            }
            Err(error) => problems.push(format!("batteries/{id}.json: {error}")),
        }
    }
    match crate::result_words::all() {
        Ok(words) => {
            let mut one = Writer::default();
            write_words(&mut one, words);
            out.checked_bytes(&one.bytes);
        }
        Err(error) => problems.push(error.clone()),
    }
    problems.extend(crate::result_words::check(&instruments));
    if problems.is_empty() {
        Ok(out.bytes)
    } else {
        Err(problems)
    }
}

/// One instrument's compact bytes (as [`encode_instrument`] writes them) read back.
pub fn read_instrument(bytes: &[u8]) -> Result<Instrument, CompactError> {
    let mut input = Reader::new(bytes);
    let instrument = Instrument::read_compact(&mut input)?;
    if input.is_done() {
        Ok(instrument)
    } else {
        input.fail("the end")
    }
}

/// One validated instrument in the compact form.
pub fn encode_instrument(instrument: &Instrument) -> Vec<u8> {
    let mut out = Writer::default();
    instrument.write_compact(&mut out);
    out.bytes
}

/// The built-in catalogue read from [`encode_builtin`]'s bytes, as the embed holds it.
#[derive(Debug)]
pub struct Builtin {
    bytes: &'static [u8],
    index: OnceLock<Result<Index, CompactError>>,
    words: OnceLock<Result<WordsFile, CompactError>>,
}

#[derive(Debug)]
struct Index {
    instruments: Vec<(&'static str, &'static [u8])>,
    batteries: Vec<(&'static str, &'static [u8])>,
    words: &'static [u8],
}

fn read_index(bytes: &'static [u8]) -> Result<Index, CompactError> {
    if bytes.get(..MAGIC.len()) != Some(&MAGIC[..]) {
        return Err(CompactError {
            at: 0,
            expected: "WCC1",
        });
    }
    let mut input = Reader {
        bytes,
        at: MAGIC.len(),
    };
    let entry = |input: &mut Reader<'static>| Ok((input.str()?, input.checked_bytes()?));
    let instruments = input.list(entry)?;
    let batteries = input.list(entry)?;
    let words = input.checked_bytes()?;
    if !input.is_done() {
        return input.fail("the end");
    }
    Ok(Index {
        instruments,
        batteries,
        words,
    })
}

fn damaged(id: &str, error: &CompactError) -> CatalogueError {
    CatalogueError::Broken(
        id.to_owned(),
        DefinitionError::Invalid(vec![Problem {
            path: format!("compact byte {}", error.at),
            message: format!("expected {}", error.expected),
        }]),
    )
}

impl Builtin {
    /// The catalogue in `bytes` (read lazily, once).
    pub const fn new(bytes: &'static [u8]) -> Builtin {
        Builtin {
            bytes,
            index: OnceLock::new(),
            words: OnceLock::new(),
        }
    }

    fn index(&self) -> Result<&Index, CatalogueError> {
        self.index
            .get_or_init(|| read_index(self.bytes))
            .as_ref()
            .map_err(|error| damaged("catalogue", error))
    }

    /// The ids of every instrument, in catalogue order.
    pub fn ids(&self) -> Vec<&'static str> {
        self.index()
            .map(|index| index.instruments.iter().map(|(id, _)| *id).collect())
            .unwrap_or_default()
    }

    /// The ids of every battery.
    pub fn battery_ids(&self) -> Vec<&'static str> {
        self.index()
            .map(|index| index.batteries.iter().map(|(id, _)| *id).collect())
            .unwrap_or_default()
    }

    fn unknown(&self, id: &str) -> CatalogueError {
        CatalogueError::UnknownId(
            id.to_owned(),
            catalogue::known_list(&self.ids(), &self.battery_ids()),
        )
    }

    /// The bytes of the entry with this id (case and surrounding space ignored).
    fn entry(
        &self,
        id: &str,
        entries: impl Fn(&Index) -> &[(&'static str, &'static [u8])],
    ) -> Result<&'static [u8], CatalogueError> {
        let wanted = catalogue::normalise_id(id);
        entries(self.index()?)
            .iter()
            .find(|(known, _)| *known == wanted)
            .map(|(_, bytes)| *bytes)
            .ok_or_else(|| self.unknown(id))
    }

    /// An instrument by id (case and surrounding space ignored), as `catalogue::get` gives it.
    pub fn get(&self, id: &str) -> Result<Instrument, CatalogueError> {
        let bytes = self.entry(id, |index| &index.instruments)?;
        read_instrument(bytes).map_err(|error| damaged(id, &error))
    }

    /// A battery by id (case and surrounding space ignored).
    pub fn battery(&self, id: &str) -> Result<Battery, CatalogueError> {
        let bytes = self.entry(id, |index| &index.batteries)?;
        read_battery(&mut Reader::new(bytes)).map_err(|error| damaged(id, &error))
    }

    /// An instrument or a battery with its instruments, as `catalogue::subject` gives it.
    pub fn subject(&self, id: &str) -> Result<Subject, CatalogueError> {
        catalogue::subject_from(id, |id| self.battery(id), |id| self.get(id))
    }

    /// The result words for a built-in instrument's score, as `result_words::for_score`
    /// gives them.
    pub fn words(&self, instrument: &str, score: &str) -> Option<&ScoreWords> {
        self.words_file()?.scores.get(instrument)?.get(score)
    }

    /// A built-in instrument's plain title, as `result_words::title` gives it.
    pub fn title(&self, instrument: &str) -> Option<&Phrase> {
        self.words_file()?.titles.get(instrument)
    }

    fn words_file(&self) -> Option<&WordsFile> {
        self.words
            .get_or_init(|| {
                let bytes = self.index().map(|index| index.words).unwrap_or_default();
                read_words(&mut Reader::new(bytes))
            })
            .as_ref()
            .ok()
    }
}
