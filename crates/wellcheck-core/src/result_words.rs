//! Plain words for a result, kept as data (`result-words.json`): what each built-in score
//! measures, what each band means, the Welsh score names and band labels, the default next
//! step a band suggests, and the physical-activity guideline a score is set against.
//!
//! The words sit beside the definitions rather than in them: the definitions' hashes are the
//! provenance stored with every result, and wording that does not change scoring must not
//! change them. [`check`] ties the words to the catalogue (every score and band has its
//! words, in both languages, and nothing else is there); the catalogue tests run it, so a
//! missing translation or a band added without its meaning fails the build's tests.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::definition::Instrument;

/// The words file, embedded at compile time.
pub const TEXT: &str = include_str!("../result-words.json");

/// A phrase in each interface language.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Phrase {
    /// English.
    pub en: String,
    /// Welsh.
    pub cy: String,
}

/// Where a band points a person by default (the widget words it; the host may replace it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NextStep {
    /// The person's GP practice and its social prescribing link worker.
    Practice,
    /// NHS Talking Therapies, by self-referral.
    TalkingTherapies,
}

/// What one band means.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BandWords {
    /// The band's label in Welsh (the English label is the definition's).
    pub label_cy: String,
    /// What being in this band means, to the person who answered.
    pub meaning: Phrase,
    /// The default next step, if the band suggests one.
    #[serde(default)]
    pub next_step: Option<NextStep>,
}

/// A published guideline a score is set against.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Guideline {
    /// The guideline's minimum, in minutes a week.
    pub minutes_per_week: i64,
    /// The guideline in a sentence.
    pub text: Phrase,
    /// Who set it, and when.
    pub source: String,
}

/// The words for one score.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoreWords {
    /// The score's name in Welsh (the English name is the definition's).
    pub name_cy: String,
    /// What the score measures, in a sentence.
    pub measures: Phrase,
    /// The guideline the score is shown against, if any.
    #[serde(default)]
    pub guideline: Option<Guideline>,
    /// Each band's words, by band id.
    #[serde(default)]
    pub bands: BTreeMap<String, BandWords>,
}

impl ScoreWords {
    /// The words for a band of this score.
    pub fn band(&self, id: &str) -> Option<&BandWords> {
        self.bands.get(id)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct WordsFile {
    format: u32,
    #[serde(rename = "about")]
    _about: String,
    instruments: BTreeMap<String, BTreeMap<String, ScoreWords>>,
}

/// Reads the words file once; `Err` names what is wrong with it.
fn all() -> &'static Result<WordsFile, String> {
    static WORDS: OnceLock<Result<WordsFile, String>> = OnceLock::new();
    WORDS.get_or_init(|| {
        let file: WordsFile =
            serde_json::from_str(TEXT).map_err(|error| format!("result-words.json: {error}"))?;
        if file.format != 1 {
            return Err(format!(
                "result-words.json: format {} is not known (expected 1)",
                file.format
            ));
        }
        Ok(file)
    })
}

/// The words for a built-in instrument's score, if there are any (an instrument supplied
/// from elsewhere has none, and is shown with its definition's English alone).
pub fn for_score(instrument: &str, score: &str) -> Option<&'static ScoreWords> {
    all().as_ref().ok()?.instruments.get(instrument)?.get(score)
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
        let words = file.instruments.get(id);
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
    for extra in file.instruments.keys() {
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
