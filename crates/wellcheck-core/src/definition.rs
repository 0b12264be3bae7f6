//! Instrument definitions: the on-disk format and the validated [`Instrument`] it becomes.
//!
//! The format (`"format": 1`) is a deliberate, versioned boundary: strict (unknown fields
//! are errors), and every problem is reported with its path. Once parsed, an
//! [`Instrument`] upholds its invariants (ids unique, references resolved, bands tiling the
//! score's whole possible range) so the scoring code never needs to re-check them.
//! The format itself is documented in `instruments/README.md`.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use crate::json_reader::{Located, Obj, Problems};

/// The only definition format version this build reads.
pub const FORMAT_VERSION: i64 = 1;

/// One problem in a definition file, with the JSON path where it was found
/// (for example `$.items[1].responses`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where in the document, as `$` followed by `.field` and `[index]` steps.
    pub path: String,
    /// What is wrong, in lowercase, with no trailing full stop.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// Why a definition file could not be turned into an [`Instrument`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DefinitionError {
    /// The file is not JSON at all.
    Syntax {
        /// 1-based line of the error.
        line: usize,
        /// 1-based column of the error.
        column: usize,
        /// What the JSON parser said.
        message: String,
    },
    /// The file is JSON but breaks the format's rules; every problem found is listed.
    Invalid(Vec<Problem>),
}

impl DefinitionError {
    /// Every problem, one line each, as `path: message`.
    pub fn lines(&self) -> Vec<String> {
        match self {
            DefinitionError::Syntax {
                line,
                column,
                message,
            } => vec![format!(
                "line {line}, column {column}: not valid JSON: {message}"
            )],
            DefinitionError::Invalid(problems) => problems.iter().map(Problem::to_string).collect(),
        }
    }
}

impl fmt::Display for DefinitionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DefinitionError::Syntax { .. } => write!(f, "{}", self.lines().join("; ")),
            DefinitionError::Invalid(problems) => {
                let count = problems.len();
                let noun = if count == 1 { "problem" } else { "problems" };
                write!(f, "{count} {noun}: {}", self.lines().join("; "))
            }
        }
    }
}

impl std::error::Error for DefinitionError {}

/// Who may see an instrument's wording.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LicenceClass {
    /// The owner allows free reproduction: the wording ships with wellcheck.
    Open,
    /// Wording is licensed: wellcheck ships structure and scoring only, and the deploying
    /// organisation supplies its own licensed text.
    Licensed,
}

/// Whether a fact comes from the instrument's owner or is a convention others use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    /// Stated by the instrument's owner or the primary source.
    Published,
    /// Used in practice but not stated by the owner; results must say so.
    Convention,
}

impl Basis {
    /// The word used in definition files and in results.
    pub fn as_str(self) -> &'static str {
        match self {
            Basis::Published => "published",
            Basis::Convention => "convention",
        }
    }
}

/// One answer a person can give, with the instrument's published numeric code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseOption {
    value: i64,
    label: String,
}

impl ResponseOption {
    /// The published numeric code.
    pub fn value(&self) -> i64 {
        self.value
    }
    /// The wording shown to the person.
    pub fn label(&self) -> &str {
        &self.label
    }
}

/// One question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    id: String,
    text: String,
    options: Vec<ResponseOption>,
}

impl Item {
    /// Stable id, unique within the instrument.
    pub fn id(&self) -> &str {
        &self.id
    }
    /// The verbatim wording.
    pub fn text(&self) -> &str {
        &self.text
    }
    /// The answers, in the order the source prints them.
    pub fn options(&self) -> &[ResponseOption] {
        &self.options
    }
    /// The option with this code, if the item has one.
    pub fn option(&self, value: i64) -> Option<&ResponseOption> {
        self.options.iter().find(|option| option.value == value)
    }
}

/// How a score is computed from the answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScoreRule {
    /// The sum of the codes of these items (indices into [`Instrument::items`]).
    Sum {
        /// Indices of the summed items, in definition order.
        items: Vec<usize>,
    },
}

/// A named range of a score, inclusive at both ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Band {
    id: String,
    label: String,
    min: i64,
    max: i64,
}

impl Band {
    /// snake_case id used in results.
    pub fn id(&self) -> &str {
        &self.id
    }
    /// Plain-English name.
    pub fn label(&self) -> &str {
        &self.label
    }
    /// Lowest score in the band.
    pub fn min(&self) -> i64 {
        self.min
    }
    /// Highest score in the band.
    pub fn max(&self) -> i64 {
        self.max
    }
    /// Whether the score falls in this band.
    pub fn contains(&self, value: i64) -> bool {
        (self.min..=self.max).contains(&value)
    }
}

/// The bands of one score and where they come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Banding {
    basis: Basis,
    source: String,
    bands: Vec<Band>,
}

impl Banding {
    /// Owner-published or convention.
    pub fn basis(&self) -> Basis {
        self.basis
    }
    /// Where the cut-offs come from.
    pub fn source(&self) -> &str {
        &self.source
    }
    /// The bands, lowest first; together they cover every possible score exactly once.
    pub fn bands(&self) -> &[Band] {
        &self.bands
    }
    /// The band a score falls in.
    pub fn band_for(&self, value: i64) -> Option<&Band> {
        self.bands.iter().find(|band| band.contains(value))
    }
}

/// One score an instrument produces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScoreDefinition {
    id: String,
    name: String,
    rule: ScoreRule,
    banding: Option<Banding>,
}

impl ScoreDefinition {
    /// snake_case id used in results (`total`, `raw`, ...).
    pub fn id(&self) -> &str {
        &self.id
    }
    /// Plain-English name.
    pub fn name(&self) -> &str {
        &self.name
    }
    /// How it is computed.
    pub fn rule(&self) -> &ScoreRule {
        &self.rule
    }
    /// Its bands, if the instrument has any.
    pub fn banding(&self) -> Option<&Banding> {
        self.banding.as_ref()
    }
}

/// A validated questionnaire definition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instrument {
    id: String,
    version: String,
    name: String,
    short_name: String,
    licence: LicenceClass,
    licence_statement: String,
    attribution: String,
    sources: Vec<String>,
    instructions: Option<String>,
    items: Vec<Item>,
    scores: Vec<ScoreDefinition>,
}

impl Instrument {
    /// Parses and validates a definition file, reporting every problem found.
    pub fn from_json(text: &str) -> Result<Instrument, DefinitionError> {
        let document: serde_json::Value =
            serde_json::from_str(text).map_err(|error| DefinitionError::Syntax {
                line: error.line(),
                column: error.column(),
                message: error.to_string(),
            })?;
        let mut problems = Problems::default();
        let instrument = decode_instrument(&Located::root(&document), &mut problems);
        match instrument {
            Some(instrument) if problems.is_empty() => Ok(instrument),
            _ => Err(DefinitionError::Invalid(problems.into_vec())),
        }
    }

    /// The contract id (`ucla-3`, `phq-9`, ...).
    pub fn id(&self) -> &str {
        &self.id
    }
    /// The definition's version, recorded in every result.
    pub fn version(&self) -> &str {
        &self.version
    }
    /// Full name.
    pub fn name(&self) -> &str {
        &self.name
    }
    /// Short name for headings and lists.
    pub fn short_name(&self) -> &str {
        &self.short_name
    }
    /// Whether the wording ships with wellcheck.
    pub fn licence(&self) -> LicenceClass {
        self.licence
    }
    /// The licence terms in one sentence.
    pub fn licence_statement(&self) -> &str {
        &self.licence_statement
    }
    /// The copyright or attribution line shown with the questions.
    pub fn attribution(&self) -> &str {
        &self.attribution
    }
    /// Published sources of the wording and scoring.
    pub fn sources(&self) -> &[String] {
        &self.sources
    }
    /// Verbatim instructions shown before the questions, where the source has them.
    pub fn instructions(&self) -> Option<&str> {
        self.instructions.as_deref()
    }
    /// The questions in order.
    pub fn items(&self) -> &[Item] {
        &self.items
    }
    /// The scores it produces, in order.
    pub fn scores(&self) -> &[ScoreDefinition] {
        &self.scores
    }
    /// The lowest and highest value a score can take, from its items' codes.
    pub fn range_of(&self, score: &ScoreDefinition) -> (i64, i64) {
        rule_range(score.rule(), &self.items)
    }

    /// The position of an item by id.
    pub fn item_index(&self, id: &str) -> Option<usize> {
        self.items.iter().position(|item| item.id == id)
    }
}

fn decode_instrument(root: &Located<'_>, problems: &mut Problems) -> Option<Instrument> {
    let mut obj = root.object(problems)?;
    let format = obj
        .required("format", problems)
        .and_then(|v| v.integer(problems));
    if let Some(format) = format.filter(|format| *format != FORMAT_VERSION) {
        problems.add(
            &format!("{}.format", obj.path()),
            format!("format {format} is not supported (this build reads format {FORMAT_VERSION})"),
        );
    }
    let id = required_string(&mut obj, "id", problems);
    if let Some(id) = &id {
        check_instrument_id(id, &format!("{}.id", obj.path()), problems);
    }
    let version = required_string(&mut obj, "version", problems);
    let name = required_string(&mut obj, "name", problems);
    let short_name = required_string(&mut obj, "short_name", problems);
    let licence = obj
        .required("licence", problems)
        .and_then(|v| decode_licence(&v, problems));
    let attribution = required_string(&mut obj, "attribution", problems);
    let sources = obj
        .required("sources", problems)
        .and_then(|v| non_empty_list(&v, problems));
    let instructions = obj
        .optional("instructions")
        .and_then(|v| v.string(problems));
    let response_sets = obj
        .required("response_sets", problems)
        .and_then(|v| decode_response_sets(&v, problems));
    let items = obj
        .required("items", problems)
        .and_then(|v| decode_items(&v, response_sets.as_ref(), problems));
    let scores = match (obj.required("scores", problems), &items) {
        (Some(scores), Some(items)) => decode_scores(&scores, items, problems),
        _ => None,
    };
    let items = items.and_then(|decoded| decoded.items);
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
        items: items?,
        scores: scores?,
    })
}

fn required_string(
    obj: &mut Obj<'_>,
    key: &'static str,
    problems: &mut Problems,
) -> Option<String> {
    obj.required(key, problems).and_then(|v| v.string(problems))
}

fn non_empty_list(value: &Located<'_>, problems: &mut Problems) -> Option<Vec<String>> {
    let list = value.string_list(problems)?;
    if list.is_empty() {
        problems.add(&value.path, "must list at least one entry");
        return None;
    }
    Some(list)
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
    let statement = required_string(&mut obj, "statement", problems);
    obj.finish(problems);
    Some((class?, statement?))
}

fn decode_response_sets(
    value: &Located<'_>,
    problems: &mut Problems,
) -> Option<BTreeMap<String, Vec<ResponseOption>>> {
    let obj = value.object(problems)?;
    let mut sets = BTreeMap::new();
    for (name, set) in obj.entries() {
        check_snake_case(name, &set.path, problems);
        let Some(entries) = set.array(problems) else {
            continue;
        };
        if entries.is_empty() {
            problems.add(&set.path, "a response set needs at least one option");
        }
        let mut options = Vec::new();
        let mut seen = BTreeSet::new();
        for entry in &entries {
            let Some(mut option) = entry.object(problems) else {
                continue;
            };
            let code = option
                .required("value", problems)
                .and_then(|v| v.integer(problems));
            let label = required_string(&mut option, "label", problems);
            option.finish(problems);
            if let Some(code) = code
                && !seen.insert(code)
            {
                problems.add(
                    &entry.path,
                    format!("value {code} is used twice in this set"),
                );
            }
            if let (Some(value), Some(label)) = (code, label) {
                options.push(ResponseOption { value, label });
            }
        }
        sets.insert(name.to_owned(), options);
    }
    Some(sets)
}

/// The items as declared: every entry's id (even where the rest of the entry is broken, so
/// that later references and duplicates are still checked), and the items themselves when
/// every entry decoded.
struct DecodedItems {
    ids: Vec<Option<String>>,
    items: Option<Vec<Item>>,
}

fn decode_items(
    value: &Located<'_>,
    response_sets: Option<&BTreeMap<String, Vec<ResponseOption>>>,
    problems: &mut Problems,
) -> Option<DecodedItems> {
    let entries = value.array(problems)?;
    if entries.is_empty() {
        problems.add(&value.path, "an instrument needs at least one item");
    }
    let mut ids: Vec<Option<String>> = Vec::new();
    let mut items = Vec::new();
    let mut used_sets = BTreeSet::new();
    for entry in &entries {
        let Some(mut obj) = entry.object(problems) else {
            ids.push(None);
            continue;
        };
        let id = required_string(&mut obj, "id", problems);
        let text = required_string(&mut obj, "text", problems);
        let responses = obj.required("responses", problems);
        obj.finish(problems);
        let options = responses.and_then(|responses| {
            let name = responses.string(problems)?;
            used_sets.insert(name.clone());
            let found = response_sets?.get(&name).cloned();
            if found.is_none() {
                problems.add(&responses.path, format!("no response set named `{name}`"));
            }
            found
        });
        if let Some(id) = &id {
            check_snake_case(id, &format!("{}.id", entry.path), problems);
            if ids.iter().flatten().any(|seen| seen == id) {
                problems.add(
                    &format!("{}.id", entry.path),
                    format!("item id `{id}` is used twice"),
                );
            }
        }
        ids.push(id.clone());
        if let (Some(id), Some(text), Some(options)) = (id, text, options) {
            items.push(Item { id, text, options });
        }
    }
    if let Some(sets) = response_sets {
        for name in sets.keys().filter(|name| !used_sets.contains(*name)) {
            problems.add(
                &format!("{}.response_sets.{name}", parent(&value.path)),
                "response set is never used by an item",
            );
        }
    }
    let complete = items.len() == entries.len();
    Some(DecodedItems {
        ids,
        items: complete.then_some(items),
    })
}

fn decode_scores(
    value: &Located<'_>,
    declared: &DecodedItems,
    problems: &mut Problems,
) -> Option<Vec<ScoreDefinition>> {
    let entries = value.array(problems)?;
    let mut scores: Vec<ScoreDefinition> = Vec::new();
    let mut seen_ids = BTreeSet::new();
    let mut complete = true;
    for entry in &entries {
        let Some(mut obj) = entry.object(problems) else {
            complete = false;
            continue;
        };
        let id = required_string(&mut obj, "id", problems);
        let name = required_string(&mut obj, "name", problems);
        let rule = obj
            .required("rule", problems)
            .and_then(|v| decode_rule(&v, &declared.ids, problems));
        let bands = obj.optional("bands");
        obj.finish(problems);
        if let Some(id) = &id {
            check_snake_case(id, &format!("{}.id", entry.path), problems);
            if !seen_ids.insert(id.clone()) {
                problems.add(
                    &format!("{}.id", entry.path),
                    format!("score id `{id}` is used twice"),
                );
            }
        }
        // Bands are checked even when the rule is broken; only the range check needs both.
        let range = rule
            .as_ref()
            .zip(declared.items.as_deref())
            .map(|(rule, items)| rule_range(rule, items));
        let banding = bands
            .as_ref()
            .map(|bands| decode_banding(bands, range, problems));
        match (id, name, rule, banding) {
            (Some(id), Some(name), Some(rule), None) => scores.push(ScoreDefinition {
                id,
                name,
                rule,
                banding: None,
            }),
            (Some(id), Some(name), Some(rule), Some(Some(banding))) => {
                scores.push(ScoreDefinition {
                    id,
                    name,
                    rule,
                    banding: Some(banding),
                });
            }
            _ => complete = false,
        }
    }
    complete.then_some(scores)
}

fn decode_rule(
    value: &Located<'_>,
    item_ids: &[Option<String>],
    problems: &mut Problems,
) -> Option<ScoreRule> {
    let mut obj = value.object(problems)?;
    let kind = required_string(&mut obj, "kind", problems);
    match kind.as_deref() {
        Some("sum") => {
            let ids = obj.required("items", problems).and_then(|v| {
                let ids = v.string_list(problems)?;
                if ids.is_empty() {
                    problems.add(&v.path, "a sum needs at least one item");
                }
                Some((ids, v.path))
            });
            obj.finish(problems);
            ids.and_then(|(ids, path)| {
                resolve_items(&ids, item_ids, &path, problems).map(|items| ScoreRule::Sum { items })
            })
        }
        Some(other) => {
            // The other fields depend on the kind; listing them as unknown would only be noise.
            problems.add(
                &format!("{}.kind", obj.path()),
                format!("unknown scoring rule `{other}` (expected `sum`)"),
            );
            None
        }
        None => None,
    }
}

fn resolve_items(
    ids: &[String],
    item_ids: &[Option<String>],
    path: &str,
    problems: &mut Problems,
) -> Option<Vec<usize>> {
    let mut indices = Vec::new();
    let mut ok = true;
    for (position, id) in ids.iter().enumerate() {
        match item_ids.iter().position(|item| item.as_ref() == Some(id)) {
            Some(index) if indices.contains(&index) => {
                problems.add(
                    &format!("{path}[{position}]"),
                    format!("item `{id}` is listed twice"),
                );
                ok = false;
            }
            Some(index) => indices.push(index),
            None => {
                problems.add(
                    &format!("{path}[{position}]"),
                    format!("no item with id `{id}`"),
                );
                ok = false;
            }
        }
    }
    ok.then_some(indices)
}

/// The lowest and highest value a rule can produce, from the items' option codes.
pub(crate) fn rule_range(rule: &ScoreRule, items: &[Item]) -> (i64, i64) {
    match rule {
        ScoreRule::Sum { items: indices } => indices
            .iter()
            .filter_map(|index| items.get(*index))
            .map(|item| {
                let values = item.options.iter().map(|option| option.value);
                (values.clone().min().unwrap_or(0), values.max().unwrap_or(0))
            })
            .fold((0, 0), |(low, high), (min, max)| (low + min, high + max)),
    }
}

fn decode_banding(
    value: &Located<'_>,
    range: Option<(i64, i64)>,
    problems: &mut Problems,
) -> Option<Banding> {
    let mut obj = value.object(problems)?;
    let basis = obj
        .required("basis", problems)
        .and_then(|v| match v.string(problems)?.as_str() {
            "published" => Some(Basis::Published),
            "convention" => Some(Basis::Convention),
            other => {
                problems.add(
                    &v.path,
                    format!("unknown basis `{other}` (expected `published` or `convention`)"),
                );
                None
            }
        });
    let source = required_string(&mut obj, "source", problems);
    let list = obj.required("list", problems);
    let path = obj.path().to_owned();
    obj.finish(problems);
    let entries = list.as_ref().and_then(|list| list.array(problems))?;

    let mut bands: Vec<Band> = Vec::new();
    for entry in &entries {
        let Some(mut band) = entry.object(problems) else {
            continue;
        };
        let id = required_string(&mut band, "id", problems);
        let label = required_string(&mut band, "label", problems);
        let min = band
            .required("min", problems)
            .and_then(|v| v.integer(problems));
        let max = band
            .required("max", problems)
            .and_then(|v| v.integer(problems));
        band.finish(problems);
        if let Some(id) = &id {
            check_snake_case(id, &format!("{}.id", entry.path), problems);
        }
        if let (Some(id), Some(label), Some(min), Some(max)) = (id, label, min, max) {
            if min > max {
                problems.add(
                    &entry.path,
                    format!("band `{id}` starts at {min}, above its end {max}"),
                );
            }
            bands.push(Band {
                id,
                label,
                min,
                max,
            });
        }
    }
    if bands.len() != entries.len() {
        return None;
    }
    // Without a valid rule the possible range is unknown; the rule's own problems are reported.
    let tiled =
        range.is_some_and(|range| check_tiling(&bands, range, &format!("{path}.list"), problems));
    tiled.then(|| Banding {
        basis: basis.unwrap_or(Basis::Convention),
        source: source.unwrap_or_default(),
        bands,
    })
}

/// Bands must cover every possible score exactly once, lowest first, so that every
/// complete result has exactly one band.
fn check_tiling(
    bands: &[Band],
    (low, high): (i64, i64),
    path: &str,
    problems: &mut Problems,
) -> bool {
    let before = problems.len();
    let mut expected_start = low;
    for (index, band) in bands.iter().enumerate() {
        if band.min != expected_start {
            let reason = if band.min > expected_start {
                "leaves a gap"
            } else {
                "overlaps"
            };
            problems.add(
                &format!("{path}[{index}]"),
                format!(
                    "band `{}` starts at {} but should start at {expected_start} ({reason})",
                    band.id, band.min
                ),
            );
        }
        expected_start = band.max + 1;
    }
    match bands.last() {
        Some(last) if last.max != high => problems.add(
            path,
            format!(
                "bands end at {} but the highest possible score is {high}",
                last.max
            ),
        ),
        None => problems.add(path, "a banding needs at least one band"),
        _ => {}
    }
    let mut ids = BTreeSet::new();
    for (index, band) in bands.iter().enumerate() {
        if !ids.insert(band.id.as_str()) {
            problems.add(
                &format!("{path}[{index}].id"),
                format!("band id `{}` is used twice", band.id),
            );
        }
    }
    problems.len() == before
}

fn parent(path: &str) -> &str {
    path.rfind('.')
        .and_then(|at| path.get(..at))
        .unwrap_or(path)
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

fn check_snake_case(id: &str, path: &str, problems: &mut Problems) {
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
