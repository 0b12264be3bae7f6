//! Decoding a definition file into an [`Instrument`], collecting every problem with its path.

use super::{Basis, Codes, DefinitionError, Instrument, LicenceClass, Sourced};
use crate::json_reader::{Located, Obj, Problems, check_format, read_document};

pub use crate::limits::FORMAT_VERSION;

// The sections of a definition, each read by a module of its own, in the order a file has them.
mod items;
mod rules;
mod missing;
mod bands;
mod changes;
mod scores;
mod flags;

use bands::*;
use changes::*;
use flags::*;
use items::*;
use missing::*;
use rules::*;
use scores::*;

pub(super) fn instrument(text: &str) -> Result<Instrument, DefinitionError> {
    read_document(text, decode_instrument).map(|mut instrument| {
        instrument.hash = crate::hash::sha256_hex(text.as_bytes());
        instrument
    })
}

/// Reading state shared by the parts of one document.
struct Context {
    licence: Option<LicenceClass>,
    default_source: String,
}

fn decode_instrument(root: &Located<'_>, problems: &mut Problems) -> Option<Instrument> {
    let mut obj = root.object(problems)?;
    check_format(&mut obj, problems);
    let id = obj.required_string("id", problems);
    if let Some(id) = &id {
        check_instrument_id(id, &format!("{}.id", obj.path()), problems);
    }
    let version = obj.required_string("version", problems);
    let name = obj.required_string("name", problems);
    let short_name = obj.required_string("short_name", problems);
    let licence = obj
        .required("licence", problems)
        .and_then(|v| decode_licence(&v, problems));
    let attribution = obj.required_string("attribution", problems);
    let sources = obj
        .required("sources", problems)
        .and_then(|v| non_empty_list(&v, problems));
    let context = Context {
        licence: licence.as_ref().map(|(class, _)| *class),
        default_source: sources
            .as_ref()
            .and_then(|s| s.first().cloned())
            .unwrap_or_default(),
    };
    let instructions = obj.optional("instructions").and_then(|v| {
        forbid_if_licensed(&context, &v.path, problems);
        v.string(problems)
    });
    let codes = decode_optional_codes(&mut obj, problems);
    let response_sets = obj
        .required("response_sets", problems)
        .and_then(|v| decode_response_sets(&v, &context, problems));
    let declared = obj
        .required("items", problems)
        .and_then(|v| decode_items(&v, response_sets.as_ref(), &context, problems));
    let scores = match (obj.required("scores", problems), &declared) {
        (Some(scores), Some(declared)) => decode_scores(&scores, declared, &context, problems),
        _ => None,
    };
    let flags = match (obj.optional("flags"), &declared) {
        (Some(flags), Some(declared)) => decode_flags(&flags, declared, problems),
        (None, _) => Some(Vec::new()),
        (Some(_), None) => None,
    };
    obj.finish(problems);

    let (licence, licence_statement) = licence?;
    Some(Instrument {
        id: id?,
        version: version?,
        name: name?,
        short_name: short_name?,
        licence,
        licence_statement,
        attribution: attribution?,
        sources: sources?,
        instructions,
        items: declared?.items?,
        scores: scores?,
        flags: flags?,
        codes: codes?,
        hash: String::new(),
        licensed_text_reference: None,
    })
}

fn non_empty_list(value: &Located<'_>, problems: &mut Problems) -> Option<Vec<String>> {
    let list = value.string_list(problems)?;
    if list.is_empty() {
        problems.add(&value.path, "must list at least one entry");
        return None;
    }
    Some(list)
}

fn forbid_if_licensed(context: &Context, path: &str, problems: &mut Problems) {
    if context.licence == Some(LicenceClass::Licensed) {
        problems.add(
            path,
            "a licensed instrument ships no wording (the deploying organisation supplies it as licensed text)",
        );
    }
}

fn require_if_open<T>(
    context: &Context,
    found: &Option<T>,
    path: &str,
    key: &str,
    problems: &mut Problems,
) {
    if context.licence == Some(LicenceClass::Open) && found.is_none() {
        problems.add(
            path,
            format!("missing required field `{key}` (an open instrument ships its wording)"),
        );
    }
}

fn decode_licence(value: &Located<'_>, problems: &mut Problems) -> Option<(LicenceClass, String)> {
    let mut obj = value.object(problems)?;
    let class = obj
        .required("class", problems)
        .and_then(|v| match v.string(problems)?.as_str() {
            "open" => Some(LicenceClass::Open),
            "licensed" => Some(LicenceClass::Licensed),
            other => {
                problems.add(
                    &v.path,
                    format!("unknown licence class `{other}` (expected `open` or `licensed`)"),
                );
                None
            }
        });
    let statement = obj.required_string("statement", problems);
    obj.finish(problems);
    Some((class?, statement?))
}

fn decode_basis(value: &Located<'_>, problems: &mut Problems) -> Option<Basis> {
    match value.string(problems)?.as_str() {
        "published" => Some(Basis::Published),
        "convention" => Some(Basis::Convention),
        other => {
            problems.add(
                &value.path,
                format!("unknown basis `{other}` (expected `published` or `convention`)"),
            );
            None
        }
    }
}

/// `basis` and `source` fields of an object, both required.
fn decode_sourced(obj: &mut Obj<'_>, problems: &mut Problems) -> Option<Sourced> {
    let basis = obj
        .required("basis", problems)
        .and_then(|v| decode_basis(&v, problems));
    let source = obj.required_string("source", problems);
    Some(Sourced {
        basis: basis?,
        source: source?,
    })
}

fn decode_optional_codes(obj: &mut Obj<'_>, problems: &mut Problems) -> Option<Codes> {
    match obj.optional("codes") {
        None => Some(Codes::default()),
        Some(value) => {
            let mut codes = value.object(problems)?;
            let loinc = codes.optional("loinc").and_then(|v| v.string(problems));
            let snomed = codes.optional("snomed").and_then(|v| v.string(problems));
            let snomed_term = codes
                .optional("snomed_term")
                .and_then(|v| v.string(problems));
            let source = codes.optional("source").and_then(|v| v.string(problems));
            let path = codes.path().to_owned();
            codes.finish(problems);
            if let Some(snomed) = &snomed
                && let Err(why) = crate::snomed::check_concept_id(snomed)
            {
                problems.add(&format!("{path}.snomed"), why);
            }
            if snomed.is_none() && snomed_term.is_some() {
                problems.add(
                    &format!("{path}.snomed_term"),
                    "a SNOMED CT term needs the code it names (`snomed`)",
                );
            }
            Some(Codes {
                loinc,
                snomed,
                snomed_term,
                source,
            })
        }
    }
}

fn check_instrument_id(id: &str, path: &str, problems: &mut Problems) {
    let valid = !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !id.starts_with('-')
        && !id.ends_with('-');
    if !valid {
        problems.add(
            path,
            format!(
                "`{id}` is not a valid instrument id (use lowercase letters, digits and hyphens)"
            ),
        );
    }
}

pub(crate) fn check_snake_case(id: &str, path: &str, problems: &mut Problems) {
    let valid = id.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !valid {
        problems.add(
            path,
            format!("`{id}` is not a valid id (use snake_case: lowercase letters, digits and `_`)"),
        );
    }
}
