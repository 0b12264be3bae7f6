//! A score's rule for missing answers (none allowed, at most so many, prorated).

use crate::definition::{MissingRule, ScoreRule};
use crate::json_reader::{Located, Problems};

use super::*;

pub(super) fn decode_missing(
    value: &Located<'_>,
    rule: Option<&ScoreRule>,
    problems: &mut Problems,
) -> Option<MissingRule> {
    let mut obj = value.object(problems)?;
    let allowed = obj.required("allowed", problems).and_then(|v| {
        let n = v.integer(problems)?;
        let fits = usize::try_from(n).ok().filter(|n| *n > 0);
        if fits.is_none() {
            problems.add(
                &v.path,
                "must be 1 or more (leave `missing` out to allow none)",
            );
        }
        fits
    });
    let sourced = decode_sourced(&mut obj, problems);
    obj.finish(problems);
    if let Some(rule) = rule
        && !matches!(
            rule,
            ScoreRule::Sum { .. } | ScoreRule::CountMatching { .. }
        )
    {
        problems.add(
            &value.path,
            "a missing-answer allowance only applies to `sum` and `count_matching` rules",
        );
        return None;
    }
    Some(MissingRule {
        allowed: allowed?,
        sourced: sourced?,
    })
}
