//! What the host page asked for: the element's attributes and the `configure()` options,
//! which arrive merged as one JSON object, checked and turned into a [`Config`].
//!
//! Anything wrong here is a site setup problem, shown to the editor in plain words; a
//! patient should never meet it on a finished site.

use std::rc::Rc;

use serde::Deserialize;
use wellcheck_core::definition::LicenceClass;
use wellcheck_core::{Instrument, apply_licensed_text, catalogue};

use crate::i18n::{Language, Message};

/// How questions are laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// One question per page (the NHS.UK pattern; the default).
    #[default]
    Paged,
    /// Every question of a questionnaire on one page.
    SinglePage,
}

/// A support link or line the host configures.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signpost {
    /// What to show, as plain text.
    pub text: String,
    /// Where it links (`https:`, `http:`, `tel:` or `mailto:` only; anything else is dropped).
    #[serde(default)]
    pub href: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct RawOptions {
    #[serde(default)]
    instrument: Option<String>,
    #[serde(default)]
    battery: Option<String>,
    #[serde(default)]
    language: Option<String>,
    #[serde(default)]
    mode: Option<String>,
    #[serde(default)]
    theme: Option<String>,
    #[serde(default)]
    resume: Option<bool>,
    #[serde(default)]
    practice_name: Option<String>,
    #[serde(default)]
    signposting: Option<Vec<Signpost>>,
    #[serde(default)]
    licensed_text: Option<serde_json::Value>,
}

/// A checked configuration, ready to render.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// What is being answered: an instrument id or a battery id (the storage key too).
    pub subject: String,
    /// The instruments, in order (one unless a battery).
    pub instruments: Vec<Rc<Instrument>>,
    /// Interface language.
    pub language: Language,
    /// Layout.
    pub mode: Mode,
    /// `nhs` (default) or `plain`.
    pub theme: String,
    /// Whether answers are kept in this browser until completed.
    pub resume: bool,
    /// The practice or charity name, shown in signposting.
    pub practice_name: Option<String>,
    /// The host's support list, replacing the default one.
    pub signposting: Option<Vec<Signpost>>,
}

/// Why the widget cannot be shown: one message for the site editor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetupProblem {
    /// Interface language for the message.
    pub language: Language,
    /// Plain-text explanation.
    pub message: String,
}

impl Config {
    /// Checks the host's options.
    pub fn from_json(json: &str) -> Result<Config, SetupProblem> {
        let fail = |language: Language, message: String| SetupProblem { language, message };
        let raw: RawOptions = serde_json::from_str(json).map_err(|error| {
            fail(
                Language::En,
                format!("Site setup problem: the widget's options are not valid ({error})."),
            )
        })?;
        let language = match raw.language.as_deref() {
            None | Some("") => Language::En,
            Some(tag) => Language::parse(tag).ok_or_else(|| {
                fail(
                    Language::En,
                    format!(
                        "Site setup problem: language `{tag}` is not available (use `en` or `cy`)."
                    ),
                )
            })?,
        };
        let mode = match raw.mode.as_deref() {
            None | Some("") | Some("paged") => Mode::Paged,
            Some("single-page") => Mode::SinglePage,
            Some(other) => {
                return Err(fail(
                    language,
                    format!(
                        "Site setup problem: mode `{other}` is not known (use `paged` or `single-page`)."
                    ),
                ));
            }
        };
        let theme = match raw.theme.as_deref() {
            None | Some("") | Some("nhs") => "nhs".to_owned(),
            Some("plain") => "plain".to_owned(),
            Some(other) => {
                return Err(fail(
                    language,
                    format!(
                        "Site setup problem: theme `{other}` is not known (use `nhs` or `plain`)."
                    ),
                ));
            }
        };
        let (subject, ids) = match (
            raw.instrument.filter(|s| !s.is_empty()),
            raw.battery.filter(|s| !s.is_empty()),
        ) {
            (Some(id), None) => (id.clone(), vec![id]),
            (None, Some(id)) => {
                let battery = catalogue::battery(&id)
                    .map_err(|error| fail(language, format!("Site setup problem: {error}.")))?;
                (id, battery.instruments().to_vec())
            }
            (Some(_), Some(_)) => {
                return Err(fail(
                    language,
                    "Site setup problem: give either `instrument` or `battery`, not both.".into(),
                ));
            }
            (None, None) => {
                return Err(fail(language, "Site setup problem: say which questionnaire to show with `instrument=\"...\"`.".into()));
            }
        };
        let mut instruments = Vec::new();
        for id in &ids {
            let instrument = catalogue::get(id)
                .map_err(|error| fail(language, format!("Site setup problem: {error}.")))?;
            instruments.push(Rc::new(with_licensed_text(
                instrument,
                raw.licensed_text.as_ref(),
                language,
            )?));
        }
        Ok(Config {
            subject,
            instruments,
            language,
            mode,
            theme,
            resume: raw.resume.unwrap_or(true),
            practice_name: raw.practice_name.filter(|name| !name.trim().is_empty()),
            signposting: raw
                .signposting
                .map(|list| list.into_iter().map(safe_signpost).collect()),
        })
    }
}

/// Licensed instruments need the organisation's wording: one object, or a list of them
/// (one per licensed instrument in a battery), each naming its `instrument`.
fn with_licensed_text(
    instrument: Instrument,
    supplied: Option<&serde_json::Value>,
    language: Language,
) -> Result<Instrument, SetupProblem> {
    if instrument.licence() == LicenceClass::Open {
        return Ok(instrument);
    }
    let candidates: Vec<&serde_json::Value> = match supplied {
        Some(serde_json::Value::Array(list)) => list.iter().collect(),
        Some(single) => vec![single],
        None => Vec::new(),
    };
    let text = candidates.into_iter().find(|candidate| {
        candidate
            .get("instrument")
            .and_then(serde_json::Value::as_str)
            == Some(instrument.id())
    });
    let missing = || SetupProblem {
        language,
        message: Message::LicensedTextMissing(format!(
            "{} ({})",
            instrument.name(),
            instrument.id()
        ))
        .text(language),
    };
    let text = text.ok_or_else(missing)?;
    apply_licensed_text(&instrument, &text.to_string()).map_err(|error| SetupProblem {
        language,
        message: format!(
            "Site setup problem: the licensed wording for {} is not usable: {}",
            instrument.id(),
            error.lines().join("; ")
        ),
    })
}

/// Only web, phone and email links survive; a `javascript:` or data URL becomes plain text.
fn safe_signpost(signpost: Signpost) -> Signpost {
    let allowed = ["https:", "http:", "tel:", "mailto:"];
    let href = signpost.href.filter(|href| {
        allowed
            .iter()
            .any(|scheme| href.trim().to_ascii_lowercase().starts_with(scheme))
    });
    Signpost {
        text: signpost.text,
        href,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "tests")]

    use super::*;

    #[test]
    fn attributes_become_a_config() {
        let config = Config::from_json(
            r#"{"instrument":"phq-9","language":"cy","mode":"single-page","resume":false}"#,
        )
        .unwrap();
        assert_eq!(config.subject, "phq-9");
        assert_eq!(
            (config.language, config.mode, config.resume),
            (Language::Cy, Mode::SinglePage, false)
        );
    }

    #[test]
    fn a_battery_expands_to_its_instruments() {
        let config = Config::from_json(r#"{"battery":"social-prescribing"}"#).unwrap();
        let ids: Vec<&str> = config.instruments.iter().map(|i| i.id()).collect();
        assert_eq!(ids, ["ucla-3", "ons-loneliness", "ons4", "evs"]);
    }

    #[test]
    fn setup_problems_are_plain_messages() {
        for (json, fragment) in [
            (r#"{"instrument":"nope"}"#, "unknown instrument `nope`"),
            (r#"{}"#, "say which questionnaire"),
            (
                r#"{"instrument":"ucla-3","battery":"social-prescribing"}"#,
                "not both",
            ),
            (
                r#"{"instrument":"ucla-3","language":"fr"}"#,
                "language `fr`",
            ),
            (
                r#"{"instrument":"ucla-3","colour":"red"}"#,
                "unknown field `colour`",
            ),
            (r#"{"instrument":"wemwbs"}"#, "is licensed"),
        ] {
            let problem = Config::from_json(json).unwrap_err();
            assert!(
                problem.message.contains(fragment),
                "{json}: {}",
                problem.message
            );
        }
    }

    #[test]
    fn unsafe_links_lose_their_href() {
        let config = Config::from_json(
            r#"{"instrument":"ucla-3","signposting":[{"text":"A","href":"javascript:alert(1)"},{"text":"B","href":"tel:0123"},{"text":"C","href":" JAVASCRIPT:x"}]}"#,
        )
        .unwrap();
        let links: Vec<Option<&str>> = config
            .signposting
            .as_ref()
            .unwrap()
            .iter()
            .map(|s| s.href.as_deref())
            .collect();
        assert_eq!(links, [None, Some("tel:0123"), None]);
    }
}
