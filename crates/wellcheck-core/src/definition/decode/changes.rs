//! Change thresholds (reliable and meaningful) with their references.

use crate::decimal::Decimal;
use crate::definition::{ChangeReference, ChangeThreshold, ReliabilityKind};
use crate::json_reader::{Located, Problems};

use super::*;

pub(super) fn decode_changes(
    value: &Located<'_>,
    problems: &mut Problems,
) -> Option<Vec<ChangeThreshold>> {
    let mut changes = Vec::new();
    let mut kinds: Vec<String> = Vec::new();
    let mut complete = true;
    for entry in value.array(problems)? {
        let Some(mut obj) = entry.object(problems) else {
            complete = false;
            continue;
        };
        let kind = obj.required("kind", problems).and_then(|v| {
            let kind = v.string(problems)?;
            if kind != "meaningful" && kind != "reliable" {
                problems.add(
                    &v.path,
                    format!("unknown change kind `{kind}` (expected `meaningful` or `reliable`)"),
                );
                return None;
            }
            Some(kind)
        });
        let threshold = obj.required("threshold", problems).and_then(|v| {
            let threshold = v.decimal(problems)?;
            if threshold <= Decimal::ZERO {
                problems.add(
                    &v.path,
                    format!("a change threshold must be above 0, found {threshold}"),
                );
                return None;
            }
            Some(threshold)
        });
        if let Some(kind) = &kind {
            if kinds.contains(kind) {
                problems.add(
                    &entry.path,
                    format!(
                        "a `{kind}` threshold is given twice; a report could not tell which to use"
                    ),
                );
                complete = false;
            }
            kinds.push(kind.clone());
        }
        let sourced = decode_sourced(&mut obj, problems);
        obj.finish(problems);
        match (kind, threshold, sourced) {
            (Some(kind), Some(threshold), Some(sourced)) => changes.push(ChangeThreshold {
                kind,
                threshold,
                sourced,
            }),
            _ => complete = false,
        }
    }
    complete.then_some(changes)
}

/// `change_reference`: `{ "sd", "reliability", "reliability_kind", "basis", "source" }`.
pub(super) fn decode_change_reference(
    value: &Located<'_>,
    problems: &mut Problems,
) -> Option<ChangeReference> {
    let mut obj = value.object(problems)?;
    let sd = obj.required("sd", problems).and_then(|v| {
        let sd = v.decimal(problems)?;
        if sd <= Decimal::ZERO {
            problems.add(
                &v.path,
                format!("a standard deviation must be above 0, found {sd}"),
            );
            return None;
        }
        Some(sd)
    });
    let reliability = obj.required("reliability", problems).and_then(|v| {
        let r = v.decimal(problems)?;
        if r <= Decimal::ZERO || r >= Decimal::from_int(1) {
            problems.add(
                &v.path,
                format!("a reliability must be between 0 and 1 (exclusive), found {r}"),
            );
            return None;
        }
        Some(r)
    });
    let reliability_kind = obj.required("reliability_kind", problems).and_then(|v| {
        match v.string(problems)?.as_str() {
            "test_retest" => Some(ReliabilityKind::TestRetest),
            "internal_consistency" => Some(ReliabilityKind::InternalConsistency),
            other => {
                problems.add(
                    &v.path,
                    format!(
                        "unknown reliability kind `{other}` (expected `test_retest` or `internal_consistency`)"
                    ),
                );
                None
            }
        }
    });
    let sourced = decode_sourced(&mut obj, problems);
    obj.finish(problems);
    Some(ChangeReference {
        sd: sd?,
        reliability: reliability?,
        reliability_kind: reliability_kind?,
        sourced: sourced?,
    })
}
