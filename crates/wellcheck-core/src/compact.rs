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
//! The embed's first load carries less: [`encode_split`] writes the same with `WCI1` and,
//! for each instrument, a `v` checksum in place of the `c` definition, and the result words
//! as an outline (every title, score id and band id; no other text); and one file for each
//! instrument and each battery, `WCP1` then `v` entries each `s` id, `c` definition and `c`
//! scores' words, which the page fetches alongside the module and gives to
//! [`Builtin::add_definitions`]. The checksum is of the definition and words together. So
//! a page pulls one questionnaire's definitions and words, not eighteen, and a file from
//! another build is refused by its checksum.
//!
//! The reader never panics on damaged bytes and never allocates more than the bytes could
//! hold: every count is checked against what is left.

use std::sync::{Mutex, OnceLock};

use litemap::LiteMap;

pub use crate::compact_bytes::{CompactError, Reader, Writer};

use crate::battery::Battery;
use crate::catalogue::{self, CatalogueError, Subject};
use crate::definition::{DefinitionError, Instrument, Problem};
use crate::result_words::{BandWords, Guideline, NextStep, Phrase, ScoreWords, WordsFile};

const MAGIC: &[u8; 4] = b"WCC1";
/// The catalogue without its definitions (see [`encode_split`]).
const SPLIT_MAGIC: &[u8; 4] = b"WCI1";
/// Definitions apart from the catalogue.
const PIECE_MAGIC: &[u8; 4] = b"WCP1";

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
        write_scores(out, scores);
    }
}

/// One instrument's scores' words.
fn write_scores(out: &mut Writer, scores: &LiteMap<String, ScoreWords>) {
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

/// The words with every score's and band's id and none of their text: what the split
/// catalogue's index keeps (a host's `nextSteps` is checked against it), the text coming
/// with each instrument's definition.
fn outline_words(words: &WordsFile) -> WordsFile {
    let blank = || Phrase {
        en: String::new(),
        cy: String::new(),
    };
    let scores = words
        .scores
        .iter()
        .map(|(instrument, scores)| {
            let scores = scores
                .iter()
                .map(|(score, words)| {
                    let bands = words
                        .bands
                        .keys()
                        .map(|band| {
                            let words = BandWords {
                                label_cy: String::new(),
                                meaning: blank(),
                                next_step: None,
                            };
                            (band.clone(), words)
                        })
                        .collect();
                    let words = ScoreWords {
                        name_cy: String::new(),
                        measures: blank(),
                        guideline: None,
                        bands,
                    };
                    (score.clone(), words)
                })
                .collect();
            (instrument.clone(), scores)
        })
        .collect();
    WordsFile {
        titles: words.titles.clone(),
        scores,
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
    let mut bands = LiteMap::new();
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
        words.scores.insert(instrument, read_scores(input)?);
    }
    Ok(words)
}

fn read_scores(input: &mut Reader<'_>) -> Result<LiteMap<String, ScoreWords>, CompactError> {
    let mut scores = LiteMap::new();
    for _ in 0..input.count()? {
        let score = input.text()?;
        scores.insert(score, read_score_words(input)?);
    }
    Ok(scores)
}

/// Every part of the built-in catalogue, validated and in the compact form.
struct Parts {
    /// Each instrument's id and compact definition.
    instruments: Vec<(&'static str, Vec<u8>)>,
    /// Each battery's id, compact battery and instrument ids.
    batteries: Vec<(&'static str, Vec<u8>, Vec<String>)>,
    words: WordsFile,
}

/// Reads and validates every definition (with its hash), every battery and the result
/// words. `Err` lists every problem, each naming the file and the path within it, as the
/// catalogue tests would.
fn encode_parts() -> Result<Parts, Vec<String>> {
    let mut problems = Vec::new();
    let mut instruments = Vec::new();
    let mut decoded = Vec::new();
    for (id, _) in catalogue::DEFINITIONS {
        match catalogue::get(id) {
            Ok(instrument) => {
                instruments.push((*id, encode_instrument(&instrument)));
                decoded.push(instrument);
            }
            Err(error) => problems.push(format!("instruments/{id}.json: {error}")),
        }
    }
    let mut batteries = Vec::new();
    for (id, _) in catalogue::BATTERIES {
        match catalogue::battery(id) {
            Ok(battery) => {
                let mut one = Writer::default();
                write_battery(&mut one, &battery);
                batteries.push((*id, one.bytes, battery.instruments().to_vec()));
            }
            Err(error) => problems.push(format!("batteries/{id}.json: {error}")),
        }
    }
    let mut words = WordsFile::default();
    match crate::result_words::all() {
        Ok(all) => words.clone_from(all),
        Err(error) => problems.push(error.clone()),
    }
    problems.extend(crate::result_words::check(&decoded));
    if problems.is_empty() {
        Ok(Parts {
            instruments,
            batteries,
            words,
        })
    } else {
        Err(problems)
    }
}

impl Parts {
    /// The catalogue with each instrument's definition given by `instrument` (with the
    /// instrument's id), and these words.
    fn write(
        &self,
        magic: &[u8; 4],
        words: &WordsFile,
        instrument: impl Fn(&mut Writer, &str, &[u8]),
    ) -> Vec<u8> {
        let mut out = Writer::default();
        out.bytes.extend_from_slice(magic);
        out.count(self.instruments.len());
        for (id, definition) in &self.instruments {
            out.text(id);
            instrument(&mut out, id, definition);
        }
        out.count(self.batteries.len());
        for (id, battery, _) in &self.batteries {
            out.text(id);
            out.checked_bytes(battery);
        }
        let mut words_bytes = Writer::default();
        write_words(&mut words_bytes, words);
        out.checked_bytes(&words_bytes.bytes);
        out.bytes
    }

    /// One instrument's scores' words in the compact form (none for an id without any).
    fn scores_words(&self, id: &str) -> Vec<u8> {
        let mut out = Writer::default();
        write_scores(
            &mut out,
            self.words.scores.get(id).unwrap_or(&LiteMap::new()),
        );
        out.bytes
    }
}

/// What the split catalogue's index holds for an instrument, and its definitions file
/// checks: one checksum over the definition and then its scores' words, each written with
/// its length, so no byte can move from one to the other.
fn split_checksum(definition: &[u8], words: &[u8]) -> u64 {
    let mut both = Writer::default();
    both.checked_bytes(definition);
    both.checked_bytes(words);
    crate::compact_bytes::checksum(&both.bytes)
}

/// Reads, validates and writes the whole built-in catalogue: every definition (with its
/// hash), every battery and the result words. `Err` lists every problem, each naming the
/// file and the path within it, as the catalogue tests would.
pub fn encode_builtin() -> Result<Vec<u8>, Vec<String>> {
    let parts = encode_parts()?;
    Ok(parts.write(MAGIC, &parts.words, |out, _, definition| {
        out.checked_bytes(definition);
    }))
}

/// One definitions file: the instrument's or battery's id (its name, `<id>.bin`), and its
/// bytes.
pub type DefinitionsFile = (String, Vec<u8>);

/// The catalogue without its definitions, and the definitions apart, one file's bytes for
/// each instrument and each battery (its instruments), named by that id. The embed carries
/// the first and fetches the one file its page needs ([`Builtin::add_definitions`]): the
/// index names every instrument with the checksum of its definition and words, so a file
/// from another build is refused, and keeps the batteries, the plain titles and an outline
/// of the result words (every score and band, for checking a host's `nextSteps`); each
/// instrument's words come with its definition.
pub fn encode_split() -> Result<(Vec<u8>, Vec<DefinitionsFile>), Vec<String>> {
    let parts = encode_parts()?;
    let index = parts.write(
        SPLIT_MAGIC,
        &outline_words(&parts.words),
        |out, id, definition| {
            out.unsigned(split_checksum(definition, &parts.scores_words(id)));
        },
    );
    let piece = |ids: &[&str]| {
        let mut out = Writer::default();
        out.bytes.extend_from_slice(PIECE_MAGIC);
        let chosen: Vec<_> = parts
            .instruments
            .iter()
            .filter(|(id, _)| ids.contains(id))
            .collect();
        out.count(chosen.len());
        for (id, definition) in chosen {
            out.text(id);
            out.checked_bytes(definition);
            out.checked_bytes(&parts.scores_words(id));
        }
        out.bytes
    };
    let mut pieces: Vec<DefinitionsFile> = parts
        .instruments
        .iter()
        .map(|(id, _)| ((*id).to_owned(), piece(&[id])))
        .collect();
    for (id, _, members) in &parts.batteries {
        let members: Vec<&str> = members.iter().map(String::as_str).collect();
        pieces.push(((*id).to_owned(), piece(&members)));
    }
    Ok((index, pieces))
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

/// The built-in catalogue read from [`encode_builtin`]'s bytes, or from
/// [`encode_split`]'s index with the definitions added as they are fetched, as the embed
/// holds it.
#[derive(Debug)]
pub struct Builtin {
    bytes: &'static [u8],
    index: OnceLock<Result<Index, CompactError>>,
    words: OnceLock<Result<WordsFile, CompactError>>,
    /// Definitions added from [`encode_split`]'s files: each id (the index's) once.
    added: Mutex<Vec<Added>>,
}

/// An instrument's definition and scores' words, added from a definitions file and held
/// for the page's life.
#[derive(Debug)]
struct Added {
    id: &'static str,
    definition: &'static [u8],
    words: &'static LiteMap<String, ScoreWords>,
}

/// Where an instrument's definition is.
#[derive(Debug)]
enum Definition {
    /// In the catalogue's own bytes.
    Here(&'static [u8]),
    /// In a file of its own with its scores' words, added later; the checksum they must
    /// have ([`split_checksum`]).
    Apart(u64),
}

#[derive(Debug)]
struct Index {
    instruments: Vec<(&'static str, Definition)>,
    batteries: Vec<(&'static str, &'static [u8])>,
    words: &'static [u8],
}

fn read_index(bytes: &'static [u8]) -> Result<Index, CompactError> {
    let magic = bytes.get(..MAGIC.len());
    let split = magic == Some(&SPLIT_MAGIC[..]);
    if magic != Some(&MAGIC[..]) && !split {
        return Err(CompactError {
            at: 0,
            expected: "WCC1",
        });
    }
    let mut input = Reader {
        bytes,
        at: MAGIC.len(),
    };
    let instruments = input.list(|input: &mut Reader<'static>| {
        let id = input.str()?;
        let definition = if split {
            Definition::Apart(input.unsigned()?)
        } else {
            Definition::Here(input.checked_bytes()?)
        };
        Ok((id, definition))
    })?;
    let entry = |input: &mut Reader<'static>| Ok((input.str()?, input.checked_bytes()?));
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

/// One entry of a definitions file: an instrument's id, definition and scores' words.
type PieceEntry<'a> = (&'a str, &'a [u8], &'a [u8]);

/// The entries of one of [`encode_split`]'s definitions files.
fn read_piece(bytes: &[u8]) -> Result<Vec<PieceEntry<'_>>, CompactError> {
    if bytes.get(..PIECE_MAGIC.len()) != Some(&PIECE_MAGIC[..]) {
        return Err(CompactError {
            at: 0,
            expected: "WCP1",
        });
    }
    let mut input = Reader {
        bytes,
        at: PIECE_MAGIC.len(),
    };
    let entries: Vec<PieceEntry<'_>> =
        input.list(|input| Ok((input.str()?, input.checked_bytes()?, input.checked_bytes()?)))?;
    if !input.is_done() {
        return input.fail("the end");
    }
    // Each instrument once: a file is a battery's or one instrument's, never repeats.
    let mut ids: Vec<&str> = entries.iter().map(|(id, _, _)| *id).collect();
    ids.sort_unstable();
    if ids.windows(2).all(|pair| pair.first() != pair.last()) {
        Ok(entries)
    } else {
        Err(CompactError {
            at: PIECE_MAGIC.len(),
            expected: "each instrument once",
        })
    }
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

/// Why a definitions file was not taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AddError {
    /// The bytes are damaged or not a definitions file.
    Damaged(CompactError),
    /// The file names an instrument this catalogue does not have, or gives one that is not
    /// this build's (a file left from another version).
    NotThisBuild(String),
}

impl std::fmt::Display for AddError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AddError::Damaged(error) => write!(f, "definitions file: {error}"),
            AddError::NotThisBuild(id) => write!(
                f,
                "definitions file: `{id}` is not this build's (the files served are from different versions)"
            ),
        }
    }
}

impl std::error::Error for AddError {}

impl Builtin {
    /// The catalogue in `bytes` (read lazily, once).
    pub const fn new(bytes: &'static [u8]) -> Builtin {
        Builtin {
            bytes,
            index: OnceLock::new(),
            words: OnceLock::new(),
            added: Mutex::new(Vec::new()),
        }
    }

    fn index(&self) -> Result<&Index, CatalogueError> {
        self.index
            .get_or_init(|| read_index(self.bytes))
            .as_ref()
            .map_err(|error| damaged("catalogue", error))
    }

    /// Adds the definitions in one of [`encode_split`]'s files. Each is checked against the
    /// index before any is taken; a definition already held is kept as it is, so adding
    /// the same file again holds no more memory.
    pub fn add_definitions(&self, bytes: &[u8]) -> Result<(), AddError> {
        let index = self.index().map_err(|_| {
            AddError::Damaged(CompactError {
                at: 0,
                expected: "a readable catalogue to add to",
            })
        })?;
        let fits = |(id, definition, words): &PieceEntry<'_>| {
            index.instruments.iter().any(|(known, held)| {
                known == id
                    && matches!(held, Definition::Apart(checksum)
                        if split_checksum(definition, words) == *checksum)
            })
        };
        let entries = read_piece(bytes).map_err(AddError::Damaged)?;
        if let Some((id, _, _)) = entries.iter().find(|entry| !fits(entry)) {
            return Err(AddError::NotThisBuild((*id).to_owned()));
        }
        let mut read = Vec::with_capacity(entries.len());
        for (id, definition, words) in entries {
            // Nothing is held that cannot be read back whole.
            read_instrument(definition).map_err(AddError::Damaged)?;
            let mut input = Reader::new(words);
            let words = read_scores(&mut input).map_err(AddError::Damaged)?;
            if !input.is_done() {
                return Err(AddError::Damaged(CompactError {
                    at: input.at,
                    expected: "the end of the words",
                }));
            }
            read.push((id, definition, words));
        }
        let Ok(mut added) = self.added.lock() else {
            return Ok(());
        };
        for (id, definition, words) in read {
            let known = index.instruments.iter().find(|(known, _)| *known == id);
            if let Some((known, _)) = known
                && !added.iter().any(|held| held.id == *known)
            {
                // Held for the page's life: a copy of each definition and its words, once
                // for each instrument, whatever a host adds.
                added.push(Added {
                    id: known,
                    definition: Box::leak(definition.into()),
                    words: Box::leak(Box::new(words)),
                });
            }
        }
        Ok(())
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

    /// An instrument by id (case and surrounding space ignored), as `catalogue::get` gives it.
    pub fn get(&self, id: &str) -> Result<Instrument, CatalogueError> {
        let wanted = catalogue::normalise_id(id);
        let (known, definition) = self
            .index()?
            .instruments
            .iter()
            .find(|(known, _)| *known == wanted)
            .ok_or_else(|| self.unknown(id))?;
        let bytes = match definition {
            Definition::Here(bytes) => *bytes,
            Definition::Apart(_) => self
                .added
                .lock()
                .ok()
                .and_then(|added| {
                    added
                        .iter()
                        .find(|held| held.id == *known)
                        .map(|held| held.definition)
                })
                .ok_or_else(|| CatalogueError::NotLoaded((*known).to_owned()))?,
        };
        read_instrument(bytes).map_err(|error| damaged(id, &error))
    }

    /// Whether an instrument has this id (case and surrounding space ignored), whether or
    /// not its definition is held yet.
    pub fn has_instrument(&self, id: &str) -> bool {
        let wanted = catalogue::normalise_id(id);
        self.index()
            .is_ok_and(|index| index.instruments.iter().any(|(known, _)| *known == wanted))
    }

    /// A battery by id (case and surrounding space ignored).
    pub fn battery(&self, id: &str) -> Result<Battery, CatalogueError> {
        let wanted = catalogue::normalise_id(id);
        let bytes = self
            .index()?
            .batteries
            .iter()
            .find(|(known, _)| *known == wanted)
            .map(|(_, bytes)| *bytes)
            .ok_or_else(|| self.unknown(id))?;
        read_battery(&mut Reader::new(bytes)).map_err(|error| damaged(id, &error))
    }

    /// An instrument or a battery with its instruments, as `catalogue::subject` gives it.
    pub fn subject(&self, id: &str) -> Result<Subject, CatalogueError> {
        catalogue::subject_from(id, |id| self.battery(id), |id| self.get(id))
    }

    /// The result words for a built-in instrument's score, as `result_words::for_score`
    /// gives them: in the split catalogue, once the instrument's definitions file is added.
    pub fn words(&self, instrument: &str, score: &str) -> Option<&ScoreWords> {
        let (known, definition) = self
            .index()
            .ok()?
            .instruments
            .iter()
            .find(|(known, _)| *known == instrument)?;
        let scores = match definition {
            Definition::Here(_) => self.words_file()?.scores.get(instrument)?,
            Definition::Apart(_) => {
                let added = self.added.lock().ok()?;
                added.iter().find(|held| held.id == *known)?.words
            }
        };
        scores.get(score)
    }

    /// Each score's id of a built-in instrument with its bands' ids (in the order of their
    /// ids), whether or not its definition is held: the result words name every score and
    /// band. Empty for an unknown id.
    pub fn outline(&self, instrument: &str) -> Vec<(String, Vec<String>)> {
        self.words_file()
            .and_then(|words| words.scores.get(instrument))
            .map(|scores| {
                scores
                    .iter()
                    .map(|(score, words)| (score.clone(), words.bands.keys().cloned().collect()))
                    .collect()
            })
            .unwrap_or_default()
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
