//! What the host page asked for: the element's attributes and the `configure()` options,
//! which arrive merged as one JSON object, checked and turned into a [`Config`].
//!
//! Anything wrong here is a site setup problem: its precise reason is for the site editor
//! (the browser console), while a patient sees only that the questionnaire is not
//! available yet. Instrument and battery ids are read whatever their case and spacing.

use std::rc::Rc;

use wellcheck_core::definition::LicenceClass;
use wellcheck_core::json_text::{self, Value};
use wellcheck_core::licensed_text::{apply_checked, checked_for};
use wellcheck_core::{Instrument, catalogue};

use crate::builtin;
use crate::i18n::Language;

/// How questions are laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// One question per page (the NHS.UK pattern; the default).
    #[default]
    Paged,
    /// Every question of a questionnaire on one page.
    SinglePage,
}

/// Where answers in progress are kept until the journey is finished (`resume`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Resume {
    /// For this browser tab only (sessionStorage): a reload or a crash of the page keeps
    /// them, closing the tab does not. The default, because devices are often shared.
    #[default]
    Tab,
    /// On this device until finished (localStorage); the host opts in and the page says so.
    Device,
    /// Nothing is kept.
    Off,
}

impl Resume {
    /// Whether progress is kept anywhere.
    pub fn keeps(self) -> bool {
        self != Resume::Off
    }
}

/// What the host said to show as the next step for a band (`nextSteps`), by key:
/// `instrument/score/band`, `instrument/score` or `instrument`. The most specific key wins;
/// `None` means the host asked for no next step there.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NextSteps {
    entries: Vec<(String, Option<Signpost>)>,
}

/// What to do about a band's next step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NextStepChoice<'a> {
    /// The host gave none for this band: the band's default, if it has one.
    Default,
    /// The host asked for nothing here.
    Nothing,
    /// The host's text and link.
    Host(&'a Signpost),
}

impl NextSteps {
    /// The host's choice for a band. An instrument- or score-wide entry stands in for the
    /// bands that have a default next step; a band's own entry applies whatever the band.
    pub fn choice(
        &self,
        instrument: &str,
        score: &str,
        band: &str,
        has_default: bool,
    ) -> NextStepChoice<'_> {
        let keys = [
            (format!("{instrument}/{score}/{band}"), true),
            (format!("{instrument}/{score}"), has_default),
            (instrument.to_owned(), has_default),
        ];
        for (key, applies) in keys {
            if let Some((_, entry)) = self.entries.iter().find(|(known, _)| *known == key) {
                if !applies {
                    return NextStepChoice::Default;
                }
                return entry
                    .as_ref()
                    .map_or(NextStepChoice::Nothing, NextStepChoice::Host);
            }
        }
        NextStepChoice::Default
    }
}

/// A support link or line the host configures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signpost {
    /// What to show, as plain text.
    pub text: String,
    /// Where it links (`https:`, `http:`, `tel:` or `mailto:` only; anything else is dropped).
    pub href: Option<String>,
}

/// The options as the element passes them, each field as given (checked afterwards).
#[derive(Debug, Default)]
struct RawOptions {
    instrument: Option<String>,
    battery: Option<String>,
    language: Option<String>,
    mode: Option<String>,
    theme: Option<String>,
    resume: Option<Value>,
    next_steps: Option<Value>,
    practice_name: Option<Value>,
    signposting: Option<Value>,
    licensed_text: Option<Value>,
    storage_key: Option<String>,
    /// Set by the element when the host's options could not be read at all.
    unreadable: Option<String>,
}

/// Every field the element may pass.
const FIELDS: &[&str] = &[
    "instrument",
    "battery",
    "language",
    "mode",
    "theme",
    "resume",
    "nextSteps",
    "practiceName",
    "signposting",
    "licensedText",
    "storageKey",
    "unreadable",
];

impl RawOptions {
    /// Reads the element's JSON: an object of known fields; the text ones must be text.
    fn read(json: &str) -> Result<RawOptions, String> {
        let value = json_text::parse(json).map_err(|error| error.to_string())?;
        let Some(entries) = value.as_object() else {
            return Err("expected an object".into());
        };
        if let Some((key, _)) = entries
            .iter()
            .find(|(key, _)| !FIELDS.contains(&key.as_str()))
        {
            return Err(format!(
                "unknown field `{key}`, expected one of {}",
                FIELDS.join(", ")
            ));
        }
        let text = |name: &str| match value.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(text)) => Ok(Some(text.clone())),
            Some(other) => Err(format!("`{name}` should be text, not {}", other.to_text())),
        };
        let any = |name: &str| value.get(name).filter(|v| **v != Value::Null).cloned();
        Ok(RawOptions {
            instrument: text("instrument")?,
            battery: text("battery")?,
            language: text("language")?,
            mode: text("mode")?,
            theme: text("theme")?,
            resume: any("resume"),
            next_steps: any("nextSteps"),
            practice_name: any("practiceName"),
            signposting: any("signposting"),
            licensed_text: any("licensedText"),
            storage_key: text("storageKey")?,
            unreadable: text("unreadable")?,
        })
    }
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
    /// Where answers in progress are kept.
    pub resume: Resume,
    /// The host's next steps, replacing the defaults band by band.
    pub next_steps: NextSteps,
    /// The practice or charity name, shown in signposting.
    pub practice_name: Option<String>,
    /// The host's support list, replacing the default one.
    pub signposting: Option<Vec<Signpost>>,
    /// Where this element keeps answers for resuming (one key per element on a page).
    pub storage_key: String,
    /// Things the site editor should fix that do not stop the questionnaire (a link that
    /// was dropped as unsafe), each said once in the browser console.
    pub warnings: Vec<String>,
}

/// Why the widget cannot be shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetupProblem {
    /// Interface language for what the patient sees.
    pub language: Language,
    /// The precise reason, for the site editor (English, in the browser console).
    pub message: String,
}

impl Config {
    /// Checks the host's options.
    pub fn from_json(json: &str) -> Result<Config, SetupProblem> {
        let fail = |language: Language, message: String| SetupProblem { language, message };
        let raw = RawOptions::read(json).map_err(|error| {
            fail(
                Language::En,
                format!("Site setup problem: the widget's options are not valid ({error})."),
            )
        })?;
        if let Some(reason) = &raw.unreadable {
            return Err(fail(
                Language::parse(raw.language.as_deref().unwrap_or("en")).unwrap_or_default(),
                format!(
                    "Site setup problem: the options could not be read ({reason}); use plain text, numbers, lists and objects."
                ),
            ));
        }
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
        let mode_text = raw.mode.as_deref().map(|m| m.trim().to_ascii_lowercase());
        let mode = match mode_text.as_deref() {
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
        let theme_text = raw.theme.as_deref().map(|t| t.trim().to_ascii_lowercase());
        let theme = match theme_text.as_deref() {
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
            raw.instrument
                .map(|id| catalogue::normalise_id(&id))
                .filter(|s| !s.is_empty()),
            raw.battery
                .map(|id| catalogue::normalise_id(&id))
                .filter(|s| !s.is_empty()),
        ) {
            (Some(id), None) => {
                if builtin::battery(&id).is_ok() {
                    return Err(fail(
                        language,
                        format!(
                            "Site setup problem: `{id}` is a battery: write battery=\"{id}\", not instrument=\"{id}\"."
                        ),
                    ));
                }
                (id.clone(), vec![id])
            }
            (None, Some(id)) => {
                if builtin::has_instrument(&id) {
                    return Err(fail(
                        language,
                        format!(
                            "Site setup problem: `{id}` is an instrument: write instrument=\"{id}\", not battery=\"{id}\"."
                        ),
                    ));
                }
                let battery = builtin::battery(&id)
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
            let instrument = builtin::get(id)
                .map_err(|error| fail(language, format!("Site setup problem: {error}.")))?;
            instruments.push(Rc::new(with_licensed_text(
                instrument,
                raw.licensed_text.as_ref(),
                language,
            )?));
        }
        let mut warnings = Vec::new();
        let signposting = raw
            .signposting
            .and_then(|value| read_signposting(&value, &mut warnings))
            .map(|list| {
                list.into_iter()
                    .map(|signpost| {
                        let (safe, warning) = safe_signpost(signpost, "the signposting link");
                        warnings.extend(warning);
                        safe
                    })
                    .collect()
            });
        let resume = read_resume(raw.resume.as_ref(), &mut warnings);
        let next_steps = raw
            .next_steps
            .map(|value| read_next_steps(&value, &mut warnings))
            .unwrap_or_default();
        let practice_name = match raw.practice_name {
            None | Some(Value::Null) => None,
            Some(Value::String(name)) => Some(name).filter(|n| !n.trim().is_empty()),
            Some(other) => {
                warnings.push(format!("practiceName should be text; {other} was ignored"));
                None
            }
        };
        Ok(Config {
            storage_key: raw
                .storage_key
                .filter(|key| !key.is_empty())
                .unwrap_or_else(|| subject.clone()),
            subject,
            instruments,
            language,
            mode,
            theme,
            resume,
            next_steps,
            practice_name,
            signposting,
            warnings,
        })
    }
}

/// The host's support list, read leniently: a mistake in one entry is the editor's to fix
/// (a warning), not a reason to take the questionnaire away from patients.
fn read_signposting(value: &Value, warnings: &mut Vec<String>) -> Option<Vec<Signpost>> {
    let Some(entries) = value.as_array() else {
        warnings.push("signposting should be a list of { text, href }; it was ignored".into());
        return None;
    };
    let list = entries
        .iter()
        .enumerate()
        .filter_map(|(index, entry)| {
            let what = format!("signposting entry {}", index + 1);
            read_link(entry, &what, "it was left out", warnings)
        })
        .collect();
    Some(list)
}

/// One `{ text, href }` (a support entry or a next step), named `what` in the editor's
/// messages; `None`, with `dropped` said, when it has no text.
fn read_link(
    entry: &Value,
    what: &str,
    dropped: &str,
    warnings: &mut Vec<String>,
) -> Option<Signpost> {
    let text = entry.get("text").and_then(Value::as_str);
    let Some(text) = text.filter(|text| !text.trim().is_empty()) else {
        warnings.push(format!("{what} has no text; {dropped}"));
        return None;
    };
    let href = match entry.get("href") {
        None | Some(Value::Null) => None,
        Some(Value::String(href)) => Some(href.clone()),
        Some(other) => {
            warnings.push(format!(
                "{what} has an href that is not text ({other}); it is shown without a link"
            ));
            None
        }
    };
    if let Some(object) = entry.as_object() {
        for key in object
            .iter()
            .map(|(key, _)| key)
            .filter(|key| *key != "text" && *key != "href")
        {
            warnings.push(format!(
                "{what}: unknown field `{key}` was ignored (use text and href)"
            ));
        }
    }
    Some(Signpost {
        text: text.to_owned(),
        href,
    })
}

/// `resume`: `tab` (the default; `on` and `true` too), `device`, or `off` (`false`, `no`).
fn read_resume(value: Option<&Value>, warnings: &mut Vec<String>) -> Resume {
    let text = match value {
        None | Some(Value::Null) | Some(Value::Bool(true)) => {
            return Resume::Tab;
        }
        Some(Value::Bool(false)) => return Resume::Off,
        Some(Value::String(text)) => text.trim().to_ascii_lowercase(),
        Some(other) => other.to_string(),
    };
    match text.as_str() {
        "" | "tab" | "on" | "true" | "yes" => Resume::Tab,
        "device" => Resume::Device,
        "off" | "false" | "no" => Resume::Off,
        _ => {
            warnings.push(format!(
                "resume `{text}` is not known (use tab, device or off); answers are kept for this browser tab only"
            ));
            Resume::Tab
        }
    }
}

/// `nextSteps`: an object whose keys are `instrument`, `instrument/score` or
/// `instrument/score/band` (ids as in the catalogue) and whose values are text, `{ text,
/// href }`, or `null` for no next step. A mistake is a warning naming the key; the rest
/// still applies.
fn read_next_steps(value: &Value, warnings: &mut Vec<String>) -> NextSteps {
    let Some(object) = value.as_object() else {
        warnings.push("nextSteps should be an object such as { \"phq-9/total/moderate\": { text, href } }; it was ignored".into());
        return NextSteps::default();
    };
    let mut entries = Vec::new();
    let mut seen: Vec<(String, String)> = Vec::new();
    for (raw_key, value) in object {
        // Read whatever the case and spacing, like every other id: ` PHQ-9 / Total ` is
        // `phq-9/total`.
        let key = raw_key
            .split('/')
            .map(|part| part.trim().to_ascii_lowercase())
            .collect::<Vec<_>>()
            .join("/");
        if let Err(problem) = check_next_step_key(&key) {
            warnings.push(format!("nextSteps `{raw_key}`: {problem}; it was ignored"));
            continue;
        }
        if let Some(earlier) = seen
            .iter()
            .find(|(known, _)| *known == key)
            .map(|(_, raw)| raw)
        {
            warnings.push(format!(
                "nextSteps `{raw_key}` names `{key}`, as `{earlier}` does; `{earlier}` is used"
            ));
            continue;
        }
        seen.push((key.clone(), raw_key.clone()));
        let entry = match value {
            Value::Null => None,
            Value::String(text) if !text.trim().is_empty() => Some(Signpost {
                text: text.clone(),
                href: None,
            }),
            Value::Object(_) => {
                let what = format!("nextSteps `{raw_key}`");
                let Some(signpost) = read_link(value, &what, "it was ignored", warnings) else {
                    continue;
                };
                let (safe, warning) =
                    safe_signpost(signpost, &format!("the nextSteps `{raw_key}` link"));
                warnings.extend(warning);
                Some(safe)
            }
            other => {
                warnings.push(format!(
                    "nextSteps `{raw_key}` should be text, {{ text, href }} or null, not {other}; it was ignored"
                ));
                continue;
            }
        };
        entries.push((key, entry));
    }
    NextSteps { entries }
}

/// A `nextSteps` key names a catalogue instrument, and its score and band if given.
fn check_next_step_key(key: &str) -> Result<(), String> {
    let mut parts = key.split('/');
    let instrument_id = parts.next().unwrap_or_default();
    // Each score's id with its bands' ids: from the definition when the page holds it (in
    // the definition's order), else from the result words, which name every score and band
    // of every questionnaire (in the order of their ids).
    let scores: Vec<(String, Vec<String>)> = match builtin::get(instrument_id) {
        Ok(instrument) => instrument
            .scores()
            .iter()
            .map(|score| {
                let bands = score.banding().map(|b| b.bands()).unwrap_or_default();
                (
                    score.id().to_owned(),
                    bands.iter().map(|band| band.id().to_owned()).collect(),
                )
            })
            .collect(),
        Err(_) if builtin::has_instrument(instrument_id) => builtin::outline(instrument_id),
        Err(_) => {
            return Err(format!(
                "`{instrument_id}` is not a questionnaire in the catalogue (its questionnaires: {})",
                builtin::ids().join(", ")
            ));
        }
    };
    let Some(score_id) = parts.next() else {
        return Ok(());
    };
    let (_, bands) = scores
        .iter()
        .find(|(id, _)| id == score_id)
        .ok_or_else(|| {
            let known: Vec<&str> = scores.iter().map(|(id, _)| id.as_str()).collect();
            format!(
                "{instrument_id} has no score `{score_id}` (its scores: {})",
                known.join(", ")
            )
        })?;
    let Some(band_id) = parts.next() else {
        return Ok(());
    };
    if !bands.iter().any(|band| band == band_id) {
        return Err(format!(
            "{instrument_id}/{score_id} has no band `{band_id}` (its bands: {})",
            if bands.is_empty() {
                "none".to_owned()
            } else {
                bands.join(", ")
            }
        ));
    }
    if parts.next().is_some() {
        return Err("use instrument/score/band, no more parts".into());
    }
    Ok(())
}

/// Licensed instruments need the organisation's wording: one object, or a list of them
/// (one per licensed instrument in a battery), each naming its `instrument`.
fn with_licensed_text(
    instrument: Instrument,
    supplied: Option<&Value>,
    language: Language,
) -> Result<Instrument, SetupProblem> {
    if instrument.licence() == LicenceClass::Open {
        return Ok(instrument);
    }
    // The element has had the wording checked by the on-demand module (the checker is not
    // part of the first load): here is, for each instrument, the checked wording or why not.
    let text = supplied.and_then(|supplied| checked_for(supplied, instrument.id()));
    let missing = || SetupProblem {
        language,
        message: format!(
            "Site setup problem: {} ({}) is licensed. Its wording must be supplied by the organisation that holds the licence (configure({{ licensedText }})); this page has not supplied it.",
            instrument.name(),
            instrument.id()
        ),
    };
    match text.ok_or_else(missing)? {
        Ok(checked) => Ok(apply_checked(&instrument, checked)),
        Err(problems) => Err(SetupProblem {
            language,
            message: format!(
                "Site setup problem: the licensed wording for {} is not usable: {problems}",
                instrument.id(),
            ),
        }),
    }
}

/// Only absolute web, phone and email links survive; a `javascript:` or data URL, or a
/// relative path, becomes plain text, and the editor is told which link was dropped.
fn safe_signpost(signpost: Signpost, what: &str) -> (Signpost, Option<String>) {
    let allowed = ["https:", "http:", "tel:", "mailto:"];
    let (href, warning) = match signpost.href {
        Some(href)
            if allowed
                .iter()
                .any(|scheme| href.trim().to_ascii_lowercase().starts_with(scheme)) =>
        {
            (Some(href), None)
        }
        Some(href) => {
            let warning = format!(
                "{what} \"{}\" to `{href}` was shown as plain text: only absolute https:, http:, tel: and mailto: links are allowed",
                signpost.text
            );
            (None, Some(warning))
        }
        None => (None, None),
    };
    (
        Signpost {
            text: signpost.text,
            href,
        },
        warning,
    )
}

#[cfg(test)]
mod tests;
