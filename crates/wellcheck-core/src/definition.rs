//! Instrument definitions: the validated [`Instrument`] a definition file becomes.
//!
//! The format (`"format": 1`, documented in `instruments/README.md`) is a deliberate,
//! versioned boundary: strict (unknown fields are errors), and every problem is reported
//! with its path. Once parsed, an [`Instrument`] upholds its invariants (ids unique,
//! references resolved, every achievable score in exactly one band of each banding, lookup
//! and matrix tables complete), so scoring never re-checks them.

mod compact;
mod decode;
mod possible;
mod wording;

pub use possible::Achievable;
pub use wording::CheckedText;

/// The limits, where they were first published.
pub use crate::limits;
pub use crate::limits::MAX_DEFINITION_BYTES;

use crate::decimal::Decimal;

pub use decode::FORMAT_VERSION;

pub use crate::problem::{DefinitionError, Problem};

/// Who may see an instrument's wording.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LicenceClass {
    /// The owner allows free reproduction: the wording ships with wellcheck.
    Open,
    /// Wording is licensed: wellcheck ships structure and scoring only, and the deploying
    /// organisation supplies its own licensed text (see [`crate::licensed_text`]).
    Licensed,
}

impl LicenceClass {
    /// The word used in definition files and in listings.
    pub fn as_str(self) -> &'static str {
        match self {
            LicenceClass::Open => "open",
            LicenceClass::Licensed => "licensed",
        }
    }
}

/// Whether a fact comes from the instrument's owner or is a convention others use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    /// Stated by the instrument's owner or a primary source, and verified.
    Published,
    /// Used in practice, or seen only in secondary sources; results must say so.
    Convention,
}

impl Basis {
    /// The word used in definition files and in results.
    pub const fn as_str(self) -> &'static str {
        match self {
            Basis::Published => "published",
            Basis::Convention => "convention",
        }
    }
}

/// A fact together with where it comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sourced {
    basis: Basis,
    source: String,
}

impl Sourced {
    /// Owner-published or convention.
    pub fn basis(&self) -> Basis {
        self.basis
    }
    /// Where it comes from.
    pub fn source(&self) -> &str {
        &self.source
    }
}

/// Codes in standard terminologies, only where verified in an official source.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Codes {
    loinc: Option<String>,
    snomed: Option<String>,
    snomed_term: Option<String>,
    source: Option<String>,
}

impl Codes {
    /// The LOINC code.
    pub fn loinc(&self) -> Option<&str> {
        self.loinc.as_deref()
    }
    /// The SNOMED CT code.
    pub fn snomed(&self) -> Option<&str> {
        self.snomed.as_deref()
    }
    /// The SNOMED CT term for [`Codes::snomed`], as the source words it (a FHIR coding's
    /// `display`; a display that differs from the term is an error to FHIR validators).
    pub fn snomed_term(&self) -> Option<&str> {
        self.snomed_term.as_deref()
    }
    /// The published source the codes were confirmed in.
    pub fn source(&self) -> Option<&str> {
        self.source.as_deref()
    }
    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.loinc.is_none() && self.snomed.is_none()
    }
}

/// One answer a person can give, with the instrument's published numeric code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseOption {
    value: i64,
    label: Option<String>,
    codes: Codes,
}

impl ResponseOption {
    /// The published numeric code.
    pub fn value(&self) -> i64 {
        self.value
    }
    /// The wording shown to the person; `None` for licensed instruments until the deploying
    /// organisation supplies it.
    pub fn label(&self) -> Option<&str> {
        self.label.as_deref()
    }
    /// Terminology codes for this answer.
    pub fn codes(&self) -> &Codes {
        &self.codes
    }
}

/// How an item is answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Response {
    /// One of a fixed list of options, each with its published code.
    Choice {
        /// The name of the shared response set (licensed text keys labels by it).
        set: String,
        /// The options in printed order, shared by every item that uses the set (so a large
        /// set is held once, however many items use it).
        options: std::sync::Arc<[ResponseOption]>,
    },
    /// A whole number in a range.
    Number {
        /// Smallest accepted value.
        min: i64,
        /// Largest accepted value.
        max: i64,
        /// What is counted (`days`, `minutes`).
        unit: String,
    },
}

/// When an item is asked: only while another item's answer meets a test.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Condition {
    items: Vec<usize>,
    test: Test,
}

/// A test on one answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Test {
    /// Greater than.
    Above(i64),
    /// Less than or equal to.
    AtMost(i64),
    /// One of these codes.
    OneOf(Vec<i64>),
}

impl Test {
    /// Whether an answer passes.
    pub fn passes(&self, value: i64) -> bool {
        match self {
            Test::Above(limit) => value > *limit,
            Test::AtMost(limit) => value <= *limit,
            Test::OneOf(values) => values.contains(&value),
        }
    }
}

impl Condition {
    /// Item positions the test looks at (it passes when any answered one passes).
    pub fn items(&self) -> &[usize] {
        &self.items
    }
    /// The test.
    pub fn test(&self) -> &Test {
        &self.test
    }
}

/// One question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    id: String,
    stem: Option<String>,
    text: Option<String>,
    response: Response,
    optional: bool,
    enable_when: Option<Condition>,
    codes: Codes,
}

impl Item {
    /// Stable id, unique within the instrument.
    pub fn id(&self) -> &str {
        &self.id
    }
    /// Shared lead-in shown before the item text (a question with several parts).
    pub fn stem(&self) -> Option<&str> {
        self.stem.as_deref()
    }
    /// The verbatim wording; `None` for licensed instruments until supplied.
    pub fn text(&self) -> Option<&str> {
        self.text.as_deref()
    }
    /// How it is answered.
    pub fn response(&self) -> &Response {
        &self.response
    }
    /// The options of a choice item (empty for a number item).
    pub fn options(&self) -> &[ResponseOption] {
        match &self.response {
            Response::Choice { options, .. } => options,
            Response::Number { .. } => &[],
        }
    }
    /// The option with this code, if the item has one.
    pub fn option(&self, value: i64) -> Option<&ResponseOption> {
        self.options().iter().find(|option| option.value == value)
    }
    /// Whether a value is an acceptable answer.
    pub fn accepts(&self, value: i64) -> bool {
        match &self.response {
            Response::Choice { options, .. } => options.iter().any(|option| option.value == value),
            Response::Number { min, max, .. } => (*min..=*max).contains(&value),
        }
    }
    /// The lowest acceptable answer.
    pub fn lowest(&self) -> Option<i64> {
        match &self.response {
            Response::Choice { options, .. } => options.iter().map(|option| option.value).min(),
            Response::Number { min, .. } => Some(*min),
        }
    }
    /// The highest acceptable answer.
    pub fn highest(&self) -> Option<i64> {
        match &self.response {
            Response::Choice { options, .. } => options.iter().map(|option| option.value).max(),
            Response::Number { max, .. } => Some(*max),
        }
    }
    /// Optional items (such as the PHQ-9 difficulty question) may be left unanswered.
    pub fn is_optional(&self) -> bool {
        self.optional
    }
    /// When the item is asked; `None` means always.
    pub fn enable_when(&self) -> Option<&Condition> {
        self.enable_when.as_ref()
    }
    /// Terminology codes for this item.
    pub fn codes(&self) -> &Codes {
        &self.codes
    }
}

/// How a score is computed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScoreRule {
    /// The sum of the items' codes; reversed items count as (lowest + highest - code).
    Sum {
        /// Item positions.
        items: Vec<usize>,
        /// Positions (a subset of `items`) that are reverse-keyed.
        reverse: Vec<usize>,
    },
    /// How many items have an answer among their group's codes (De Jong Gierveld).
    CountMatching {
        /// `(item positions, codes that count 1)`.
        groups: Vec<(Vec<usize>, Vec<i64>)>,
    },
    /// Another score multiplied by a factor (WHO-5 percentage = raw x 4).
    Multiply {
        /// Position of the earlier score.
        score: usize,
        /// The factor.
        factor: Decimal,
    },
    /// Another score converted through a published table (SWEMWBS raw to metric).
    Lookup {
        /// Position of the earlier score.
        score: usize,
        /// `(from, to)` pairs covering every possible value of that score.
        table: Vec<(Decimal, Decimal)>,
    },
    /// The product of the items' values; zero as soon as any answered factor is zero
    /// (EVS: no exercise days means no minutes are asked).
    Product {
        /// Item positions.
        items: Vec<usize>,
    },
    /// A cell of a table indexed by two answers (GPPAQ activity index).
    Matrix {
        /// Items whose highest answer picks the row.
        rows: Vec<usize>,
        /// Items whose highest answer picks the column.
        columns: Vec<usize>,
        /// `(row value, column value, result)` covering every combination.
        table: Vec<(i64, i64, Decimal)>,
    },
    /// One item's answer reported as its own score (ONS4).
    Item {
        /// Item position.
        item: usize,
    },
}

/// A named range of a score, inclusive at both ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Band {
    id: String,
    label: String,
    min: Decimal,
    max: Decimal,
    codes: Codes,
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
    pub fn min(&self) -> Decimal {
        self.min
    }
    /// Highest score in the band.
    pub fn max(&self) -> Decimal {
        self.max
    }
    /// Codes for a score in this band (GPPAQ's four categories have SNOMED CT codes).
    pub fn codes(&self) -> &Codes {
        &self.codes
    }
    /// Whether the score falls in this band.
    pub fn contains(&self, value: Decimal) -> bool {
        (self.min..=self.max).contains(&value)
    }
}

/// One set of bands for a score and where it comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Banding {
    id: String,
    sourced: Sourced,
    bands: Vec<Band>,
}

impl Banding {
    /// `default`, or the name of an alternative convention (`national_survey_for_wales`).
    pub fn id(&self) -> &str {
        &self.id
    }
    /// Owner-published or convention.
    pub fn basis(&self) -> Basis {
        self.sourced.basis
    }
    /// Where the cut-offs come from.
    pub fn source(&self) -> &str {
        &self.sourced.source
    }
    /// The bands, lowest first; every achievable score is in exactly one.
    pub fn bands(&self) -> &[Band] {
        &self.bands
    }
    /// The band a score falls in.
    pub fn band_for(&self, value: Decimal) -> Option<&Band> {
        self.bands.iter().find(|band| band.contains(value))
    }
}

/// Which way is better, for reporting change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// A rise is an improvement (wellbeing).
    HigherIsBetter,
    /// A fall is an improvement (loneliness, depression).
    LowerIsBetter,
}

impl Direction {
    /// The word used in definition files and in results.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::HigherIsBetter => "better",
            Direction::LowerIsBetter => "worse",
        }
    }
}

/// The smallest change in a score that counts, and what kind of threshold it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeThreshold {
    kind: String,
    threshold: Decimal,
    sourced: Sourced,
}

impl ChangeThreshold {
    /// `meaningful` (minimal important change) or `reliable` (reliable change index).
    pub fn kind(&self) -> &str {
        &self.kind
    }
    /// The size of change, in score points.
    pub fn threshold(&self) -> Decimal {
        self.threshold
    }
    /// Owner-published or convention.
    pub fn basis(&self) -> Basis {
        self.sourced.basis
    }
    /// Where it comes from.
    pub fn source(&self) -> &str {
        &self.sourced.source
    }
}

/// Which reliability coefficient a reference gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReliabilityKind {
    /// Test-retest reliability (preferred for the reliable change index).
    TestRetest,
    /// Internal consistency (Cronbach's alpha), used where no test-retest figure exists.
    InternalConsistency,
}

impl ReliabilityKind {
    /// The word used in definition files and in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            ReliabilityKind::TestRetest => "test_retest",
            ReliabilityKind::InternalConsistency => "internal_consistency",
        }
    }
}

/// A reference sample's standard deviation and reliability, for the Jacobson-Truax reliable
/// change index (Jacobson & Truax 1991, J Consult Clin Psychol 59:12).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeReference {
    sd: Decimal,
    reliability: Decimal,
    reliability_kind: ReliabilityKind,
    sourced: Sourced,
}

impl ChangeReference {
    /// The reference sample's standard deviation, in score points.
    pub fn sd(&self) -> Decimal {
        self.sd
    }
    /// The reliability coefficient, between 0 and 1.
    pub fn reliability(&self) -> Decimal {
        self.reliability
    }
    /// Which coefficient it is.
    pub fn reliability_kind(&self) -> ReliabilityKind {
        self.reliability_kind
    }
    /// Owner-published or convention.
    pub fn basis(&self) -> Basis {
        self.sourced.basis
    }
    /// Where the figures come from.
    pub fn source(&self) -> &str {
        &self.sourced.source
    }
    /// The standard error of the difference between two scores:
    /// `sqrt(2) x SD x sqrt(1 - r)`.
    pub fn standard_error_of_difference(&self) -> f64 {
        let sd = self.sd.hundredths() as f64 / 100.0;
        let r = self.reliability.hundredths() as f64 / 100.0;
        std::f64::consts::SQRT_2 * sd * (1.0 - r).sqrt()
    }
}

/// How an outcome report summarises a score's change.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ChangeSummary {
    /// Counts of movement, means, median and interval.
    #[default]
    Full,
    /// Counts of movement only: the score is a category code, so a mean would mean nothing.
    CountsOnly,
    /// Not reported: change is reported on another score of the instrument (said in
    /// `no_published_change`).
    NotReported,
}

/// A rule that lets a score be computed with some answers missing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingRule {
    allowed: usize,
    sourced: Sourced,
}

impl MissingRule {
    /// How many of the score's items may be missing (they count as zero: no proration).
    pub fn allowed(&self) -> usize {
        self.allowed
    }
    /// Owner-published or convention.
    pub fn basis(&self) -> Basis {
        self.sourced.basis
    }
    /// Where it comes from.
    pub fn source(&self) -> &str {
        &self.sourced.source
    }
}

/// One score an instrument produces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScoreDefinition {
    id: String,
    name: String,
    rule: ScoreRule,
    rule_sourced: Sourced,
    direction: Direction,
    missing: Option<MissingRule>,
    bandings: Vec<Banding>,
    changes: Vec<ChangeThreshold>,
    change_reference: Option<ChangeReference>,
    no_published_change: Option<String>,
    change_summary: ChangeSummary,
    codes: Codes,
    /// What the score counts, singular and plural (`minute a week`, `minutes a week`);
    /// `None` for a score in points.
    unit: Option<(String, String)>,
    /// The lowest and highest achievable value, from the analysis that checked the bands
    /// when the definition was read (so a result's range needs no analysis at run time).
    range: Option<(Decimal, Decimal)>,
}

impl ScoreDefinition {
    /// What the score counts, singular and plural: `("point", "points")` unless the
    /// definition names a unit (`"unit": { "one": "minute a week", "other": "minutes a week" }`).
    pub fn unit(&self) -> (&str, &str) {
        self.unit
            .as_ref()
            .map_or(("point", "points"), |(one, other)| {
                (one.as_str(), other.as_str())
            })
    }
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
    /// Whether the scoring rule is the owner's or a convention.
    pub fn rule_basis(&self) -> Basis {
        self.rule_sourced.basis
    }
    /// Where the scoring rule comes from.
    pub fn rule_source(&self) -> &str {
        &self.rule_sourced.source
    }
    /// Which way is better.
    pub fn direction(&self) -> Direction {
        self.direction
    }
    /// The missing-answer allowance, if the source gives one.
    pub fn missing(&self) -> Option<&MissingRule> {
        self.missing.as_ref()
    }
    /// The default banding (the first), if the score has bands.
    pub fn banding(&self) -> Option<&Banding> {
        self.bandings.first()
    }
    /// Every banding, the default first.
    pub fn bandings(&self) -> &[Banding] {
        &self.bandings
    }
    /// Change thresholds, if any are published.
    pub fn changes(&self) -> &[ChangeThreshold] {
        &self.changes
    }
    /// The threshold of a kind (`reliable` or `meaningful`), if the definition has one.
    pub fn change(&self, kind: &str) -> Option<&ChangeThreshold> {
        self.changes.iter().find(|change| change.kind == kind)
    }
    /// The reference SD and reliability for the reliable change index, where published.
    pub fn change_reference(&self) -> Option<&ChangeReference> {
        self.change_reference.as_ref()
    }
    /// How an outcome report summarises this score's change.
    pub fn change_summary(&self) -> ChangeSummary {
        self.change_summary
    }
    /// Why the score has no change threshold (what was searched), when it has none.
    pub fn no_published_change(&self) -> Option<&str> {
        self.no_published_change.as_deref()
    }
    /// Terminology codes for the score.
    pub fn codes(&self) -> &Codes {
        &self.codes
    }
}

/// A flag raised by answers (`self_harm_risk` for PHQ-9 item 9 above 0).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlagDefinition {
    id: String,
    label: String,
    when: Condition,
    sourced: Sourced,
}

impl FlagDefinition {
    /// snake_case id used in results.
    pub fn id(&self) -> &str {
        &self.id
    }
    /// What the flag means, in plain English.
    pub fn label(&self) -> &str {
        &self.label
    }
    /// When it is raised.
    pub fn when(&self) -> &Condition {
        &self.when
    }
    /// Owner-published or convention.
    pub fn basis(&self) -> Basis {
        self.sourced.basis
    }
    /// Where it comes from.
    pub fn source(&self) -> &str {
        &self.sourced.source
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
    flags: Vec<FlagDefinition>,
    codes: Codes,
    hash: String,
    licensed_text_reference: Option<String>,
}

impl Instrument {
    /// Parses and validates a definition file, reporting every problem found.
    pub fn from_json(text: &str) -> Result<Instrument, DefinitionError> {
        decode::instrument(text)
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
    /// The flags answers can raise.
    pub fn flags(&self) -> &[FlagDefinition] {
        &self.flags
    }
    /// Terminology codes for the instrument (a LOINC panel, say).
    pub fn codes(&self) -> &Codes {
        &self.codes
    }
    /// `sha256:<hex>` of the definition file's exact text: which definition made a result.
    pub fn definition_hash(&self) -> &str {
        &self.hash
    }
    /// For a licensed instrument whose text was supplied: the organisation's licence reference.
    pub fn licensed_text_reference(&self) -> Option<&str> {
        self.licensed_text_reference.as_deref()
    }
    /// Whether every item has wording to show (always for open instruments; for licensed
    /// ones only once the deploying organisation's text is applied).
    pub fn has_text(&self) -> bool {
        self.items.iter().all(|item| {
            item.text.is_some() && item.options().iter().all(|option| option.label.is_some())
        })
    }
    /// The values a score can take (exactly, or as a lattice enclosing them for a
    /// definition whose scores have very many values); `None` if the position is wrong.
    pub fn achievable(&self, score: usize) -> Option<Achievable> {
        possible::score_values(self, score)
    }
    /// The lowest and highest value a score can take.
    pub fn range_of(&self, score: usize) -> Option<(Decimal, Decimal)> {
        self.scores.get(score)?.range
    }
    /// The position of an item by id.
    pub fn item_index(&self, id: &str) -> Option<usize> {
        self.items.iter().position(|item| item.id == id)
    }
    /// Whether an item is asked, given the answers so far.
    pub fn is_enabled(&self, item: usize, answers: &[Option<i64>]) -> bool {
        let Some(condition) = self.items.get(item).and_then(Item::enable_when) else {
            return true;
        };
        condition_holds(condition, answers)
    }
}

/// Whether any answered item of the condition passes its test.
pub(crate) fn condition_holds(condition: &Condition, answers: &[Option<i64>]) -> bool {
    condition
        .items
        .iter()
        .filter_map(|index| answers.get(*index).copied().flatten())
        .any(|value| condition.test.passes(value))
}
