//! Plain words for a result, kept as data (`result-words.json`): each built-in
//! questionnaire's plain title (what a patient sees instead of a code such as "ONS4"), what
//! each score measures, what each band means, the Welsh score names and band labels, the default next
//! step a band suggests, and the physical-activity guideline a score is set against.
//!
//! The words sit beside the definitions rather than in them: the definitions' hashes are the
//! provenance stored with every result, and wording that does not change scoring must not
//! change them. [`check`] ties the words to the catalogue (every score and band has its
//! words, in both languages, and nothing else is there); the catalogue tests run it, so a
//! missing translation or a band added without its meaning fails the build's tests.

use std::sync::OnceLock;

use litemap::LiteMap;
use serde_json::{Map, Value};

use crate::definition::Instrument;

/// The words file, embedded at compile time.
pub const TEXT: &str = include_str!("../result-words.json");

/// A phrase in each interface language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phrase {
    /// English.
    pub en: String,
    /// Welsh.
    pub cy: String,
}

/// Where a band points a person by default (the widget words it; the host may replace it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NextStep {
    /// The person's GP practice and its social prescribing link worker.
    Practice,
    /// NHS Talking Therapies, by self-referral.
    TalkingTherapies,
    /// The most severe groups: the practice first, soon, and Talking Therapies as well.
    PracticeFirst,
}

/// What one band means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BandWords {
    /// The band's label in Welsh (the English label is the definition's).
    pub label_cy: String,
    /// What being in this band means, to the person who answered.
    pub meaning: Phrase,
    /// The default next step, if the band suggests one.
    pub next_step: Option<NextStep>,
}

/// A published guideline a score is set against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Guideline {
    /// The guideline's minimum, in minutes a week.
    pub minutes_per_week: i64,
    /// The guideline in a sentence.
    pub text: Phrase,
    /// Who set it, and when.
    pub source: String,
}

/// The words for one score.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScoreWords {
    /// The score's name in Welsh (the English name is the definition's).
    pub name_cy: String,
    /// What the score measures, in a sentence.
    pub measures: Phrase,
    /// The guideline the score is shown against, if any.
    pub guideline: Option<Guideline>,
    /// Each band's words, by band id.
    pub bands: LiteMap<String, BandWords>,
}

impl ScoreWords {
    /// The words for a band of this score.
    pub fn band(&self, id: &str) -> Option<&BandWords> {
        self.bands.get(id)
    }
}

/// The words file: each instrument's plain title, and every score's words.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WordsFile {
    /// Each built-in instrument's plain title ("How you feel about your life"), by id: what
    /// a patient sees where a code ("ONS4") would mean nothing to them.
    pub titles: LiteMap<String, Phrase>,
    /// Every score's words, by instrument id and score id.
    pub scores: LiteMap<String, LiteMap<String, ScoreWords>>,
}

// A small reader over `serde_json::Value` rather than serde's derive: the embed already
// carries `Value`, and derived deserialisers for these types cost it several kilobytes.
// Every error names the path in the file.

fn object<'a>(value: &'a Value, path: &str) -> Result<&'a Map<String, Value>, String> {
    value
        .as_object()
        .ok_or_else(|| format!("{path}: expected an object"))
}

fn only(object: &Map<String, Value>, path: &str, known: &[&str]) -> Result<(), String> {
    match object.keys().find(|key| !known.contains(&key.as_str())) {
        Some(key) => Err(format!(
            "{path}: unknown field `{key}` (known: {})",
            known.join(", ")
        )),
        None => Ok(()),
    }
}

fn text(object: &Map<String, Value>, path: &str, key: &str) -> Result<String, String> {
    object
        .get(key)
        .and_then(Value::as_str)
        .map(str::to_owned)
        .ok_or_else(|| format!("{path}.{key}: expected text"))
}

fn phrase(parent: &Map<String, Value>, path: &str, key: &str) -> Result<Phrase, String> {
    let path = format!("{path}.{key}");
    let value = object(parent.get(key).unwrap_or(&Value::Null), &path)?;
    only(value, &path, &["en", "cy"])?;
    Ok(Phrase {
        en: text(value, &path, "en")?,
        cy: text(value, &path, "cy")?,
    })
}

fn band_words(value: &Value, path: &str) -> Result<BandWords, String> {
    let band = object(value, path)?;
    only(band, path, &["label_cy", "meaning", "next_step"])?;
    let next_step = match band.get("next_step") {
        None => None,
        Some(step) => Some(match step.as_str() {
            Some("practice") => NextStep::Practice,
            Some("talking_therapies") => NextStep::TalkingTherapies,
            Some("practice_first") => NextStep::PracticeFirst,
            _ => {
                return Err(format!(
                    "{path}.next_step: expected `practice`, `talking_therapies` or `practice_first`"
                ));
            }
        }),
    };
    Ok(BandWords {
        label_cy: text(band, path, "label_cy")?,
        meaning: phrase(band, path, "meaning")?,
        next_step,
    })
}

fn score_words(value: &Value, path: &str) -> Result<ScoreWords, String> {
    let score = object(value, path)?;
    only(score, path, &["name_cy", "measures", "guideline", "bands"])?;
    let guideline = match score.get("guideline") {
        None => None,
        Some(value) => {
            let path = format!("{path}.guideline");
            let guideline = object(value, &path)?;
            only(guideline, &path, &["minutes_per_week", "text", "source"])?;
            Some(Guideline {
                minutes_per_week: guideline
                    .get("minutes_per_week")
                    .and_then(Value::as_i64)
                    .ok_or_else(|| format!("{path}.minutes_per_week: expected a whole number"))?,
                text: phrase(guideline, &path, "text")?,
                source: text(guideline, &path, "source")?,
            })
        }
    };
    let mut bands = LiteMap::new();
    if let Some(value) = score.get("bands") {
        for (id, band) in object(value, &format!("{path}.bands"))? {
            bands.insert(id.clone(), band_words(band, &format!("{path}.bands.{id}"))?);
        }
    }
    Ok(ScoreWords {
        name_cy: text(score, path, "name_cy")?,
        measures: phrase(score, path, "measures")?,
        guideline,
        bands,
    })
}

fn read(text: &str) -> Result<WordsFile, String> {
    let document: Value =
        serde_json::from_str(text).map_err(|error| format!("result-words.json: {error}"))?;
    let root = object(&document, "result-words.json")?;
    only(
        root,
        "result-words.json",
        &["format", "about", "titles", "instruments"],
    )?;
    if root.get("format").and_then(Value::as_u64) != Some(1) {
        return Err("result-words.json: format must be 1".into());
    }
    let mut file = WordsFile::default();
    let titles = object(root.get("titles").unwrap_or(&Value::Null), "titles")?;
    for id in titles.keys() {
        file.titles
            .insert(id.clone(), phrase(titles, "titles", id)?);
    }
    for (id, scores) in object(
        root.get("instruments").unwrap_or(&Value::Null),
        "instruments",
    )? {
        let mut words = LiteMap::new();
        for (score, value) in object(scores, id)? {
            words.insert(score.clone(), score_words(value, &format!("{id}.{score}"))?);
        }
        file.scores.insert(id.clone(), words);
    }
    Ok(file)
}

/// Reads the words file once; `Err` names what is wrong with it.
pub(crate) fn all() -> &'static Result<WordsFile, String> {
    static WORDS: OnceLock<Result<WordsFile, String>> = OnceLock::new();
    WORDS.get_or_init(|| read(TEXT))
}

/// The words for a built-in instrument's score, if there are any (an instrument supplied
/// from elsewhere has none, and is shown with its definition's English alone).
pub fn for_score(instrument: &str, score: &str) -> Option<&'static ScoreWords> {
    all().as_ref().ok()?.scores.get(instrument)?.get(score)
}

/// A built-in instrument's plain title, if it has one (an instrument supplied from
/// elsewhere has none, and is shown by its short name).
pub fn title(instrument: &str) -> Option<&'static Phrase> {
    all().as_ref().ok()?.titles.get(instrument)
}

/// Checks the words against the given instruments (the catalogue): every score and band
/// has its words, no phrase is blank, and no words are left for a score or band that does
/// not exist. Returns every problem, each naming its place.
pub fn check(instruments: &[Instrument]) -> Vec<String> {
    let file = match all() {
        Ok(file) => file,
        Err(error) => return vec![error.clone()],
    };
    let mut problems = Vec::new();
    let blank = |phrase: &Phrase| phrase.en.trim().is_empty() || phrase.cy.trim().is_empty();
    for instrument in instruments {
        let id = instrument.id();
        match file.titles.get(id) {
            None => problems.push(format!("titles.{id}: no plain title for this instrument")),
            Some(title) if blank(title) => problems.push(format!("titles.{id}: a blank title")),
            Some(_) => {}
        }
        let words = file.scores.get(id);
        for score in instrument.scores() {
            let place = format!("{id}.{}", score.id());
            let Some(score_words) = words.and_then(|w| w.get(score.id())) else {
                problems.push(format!("{place}: no words for this score"));
                continue;
            };
            if score_words.name_cy.trim().is_empty() || blank(&score_words.measures) {
                problems.push(format!("{place}: a blank name or measures phrase"));
            }
            if let Some(guideline) = &score_words.guideline
                && (blank(&guideline.text) || guideline.source.trim().is_empty())
            {
                problems.push(format!("{place}.guideline: a blank text or source"));
            }
            let bands = score.banding().map(|b| b.bands()).unwrap_or_default();
            for band in bands {
                match score_words.band(band.id()) {
                    None => problems.push(format!("{place}.{}: no words for this band", band.id())),
                    Some(words) if words.label_cy.trim().is_empty() || blank(&words.meaning) => {
                        problems.push(format!("{place}.{}: a blank label or meaning", band.id()))
                    }
                    Some(_) => {}
                }
            }
            for extra in score_words.bands.keys() {
                if !bands.iter().any(|band| band.id() == extra) {
                    problems.push(format!(
                        "{place}.{extra}: words for a band that does not exist"
                    ));
                }
            }
        }
        for extra in words.map(|w| w.keys()).into_iter().flatten() {
            if !instrument.scores().iter().any(|score| score.id() == extra) {
                problems.push(format!(
                    "{id}.{extra}: words for a score that does not exist"
                ));
            }
        }
    }
    for extra in file.scores.keys().chain(file.titles.keys()) {
        if !instruments
            .iter()
            .any(|instrument| instrument.id() == extra)
        {
            problems.push(format!(
                "{extra}: words for an instrument that is not in the catalogue"
            ));
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mistake_in_the_words_file_is_named_with_its_path() {
        let file = |band: &str| {
            format!(
                r#"{{"format":1,"about":"","titles":{{}},"instruments":{{"ucla-3":{{"total":{{"name_cy":"x","measures":{{"en":"a","cy":"b"}},"bands":{{"lonely":{band}}}}}}}}}}}"#
            )
        };
        assert!(
            read(&file(
                r#"{"label_cy":"Unig","meaning":{"en":"a","cy":"b"},"next_step":"practice"}"#
            ))
            .is_ok()
        );
        assert_eq!(
            read(&file(
                r#"{"label_cy":"Unig","meaning":{"en":"a","cy":"b"},"next_step":"gp"}"#
            ))
            .err(),
            Some(
                "ucla-3.total.bands.lonely.next_step: expected `practice`, `talking_therapies` or `practice_first`"
                    .to_owned()
            )
        );
        assert_eq!(
            read(&file(r#"{"label_cy":"Unig","meaning":{"en":"a"}}"#)).err(),
            Some("ucla-3.total.bands.lonely.meaning.cy: expected text".to_owned())
        );
        assert_eq!(
            read(&file(r#"{"label_cy":"Unig","meaning":{"en":"a","cy":"b"},"colour":"red"}"#)).err(),
            Some("ucla-3.total.bands.lonely: unknown field `colour` (known: label_cy, meaning, next_step)".to_owned())
        );
    }
}
