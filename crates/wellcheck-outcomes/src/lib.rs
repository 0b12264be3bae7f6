//! Outcomes for a scheme, paired by person: each client's earliest form for an instrument is
//! their baseline, and their latest later form is their follow-up. Reviewers of social
//! prescribing schemes (Bickerdike et al. 2017, BMJ Open 7:e013384) found reports unpaired,
//! without n, silent about people who did not come back, and inflated by regression to the
//! mean; this analysis answers each of those.
//!
//! - [`Cohort`] takes forms one at a time, in any order, and holds one small record per
//!   client and instrument (the two forms that matter) plus the date of every form, so that a
//!   second form for the same client, instrument and date is caught wherever it falls.
//! - [`Cohort::analyse`] counts improved, unchanged and worsened under a stated [`Rule`],
//!   with the mean change and its Student's t interval, the median, the mean change among
//!   those who improved, the same by baseline band (with a regression-to-the-mean note on the
//!   extreme bands), and the follow-up funnel.
//!
//! Counts and sums are exact (scores are hundredths); means, deviations and intervals are
//! computed once from those sums in floating point and rounded for display.

// In reading order: each module uses only those above it.
pub mod stats;
pub mod words;
pub mod work;
mod cohort;
mod analysis;
mod json;
pub mod headline;
pub mod html;
pub mod text;

pub use analysis::{
    AppliedRule, BandOutcome, DefinitionUsed, Funnel, FunnelRow, Movement, NO_CONTROL_NOTE,
    OmittedScore, Outcomes, REGRESSION_CAVEAT, REGRESSION_NOTE, ScoreOutcome, attrition,
};
pub use cohort::{AddError, Cohort, Place};

pub use wellcheck_core::dates::date_number;

/// How a paired change is classed as improved, unchanged or worsened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// The score's reliable-change threshold, else its meaningful-change threshold, else any
    /// change in the better direction.
    Default,
    /// Any change in the better direction is an improvement (counts noise as change).
    AnyChange,
    /// A change of at least the score's minimal important change.
    Meaningful,
    /// A change of at least the score's reliable-change threshold.
    Reliable,
    /// A move to a better (or worse) band of the score's default banding.
    Band,
    /// The Jacobson-Truax reliable change index beyond 1.96, from the definition's reference
    /// SD and reliability.
    Rci,
}

impl Rule {
    /// Every rule, the default first.
    pub const ALL: [Rule; 6] = [
        Rule::Default,
        Rule::AnyChange,
        Rule::Meaningful,
        Rule::Reliable,
        Rule::Band,
        Rule::Rci,
    ];

    /// The rule's name on the command line and in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Rule::Default => "default",
            Rule::AnyChange => "any-change",
            Rule::Meaningful => "meaningful",
            Rule::Reliable => "reliable",
            Rule::Band => "band",
            Rule::Rci => "rci",
        }
    }

    /// Reads a rule name in any letter case, with `-` or `_`.
    pub fn parse(text: &str) -> Option<Rule> {
        let wanted = text.trim().to_ascii_lowercase().replace('_', "-");
        Rule::ALL.into_iter().find(|rule| rule.as_str() == wanted)
    }
}
