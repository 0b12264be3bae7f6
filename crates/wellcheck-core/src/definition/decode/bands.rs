//! Bandings: the bands of a score and their coverage of every achievable value.

use crate::decimal::Decimal;
use crate::definition::possible::Achievable;
use crate::definition::{Band, Banding};
use crate::json_reader::{Located, Problems};

use super::*;

pub(super) fn decode_banding(
    value: &Located<'_>,
    id: &str,
    achievable: Option<&Achievable>,
    problems: &mut Problems,
) -> Option<Banding> {
    let mut obj = value.object(problems)?;
    if id != "default" {
        // Alternative bandings carry their id inside the object.
        let _ = obj.required("id", problems);
    }
    let sourced = decode_sourced(&mut obj, problems);
    let list = obj.required("list", problems);
    let path = format!("{}.list", obj.path());
    obj.finish(problems);
    let entries = list.as_ref().and_then(|list| list.array(problems))?;

    let mut bands: Vec<Band> = Vec::new();
    for entry in &entries {
        let Some(mut band) = entry.object(problems) else {
            continue;
        };
        let band_id = band.required_string("id", problems);
        let label = band.required_string("label", problems);
        let min = band
            .required("min", problems)
            .and_then(|v| v.decimal(problems));
        let max = band
            .required("max", problems)
            .and_then(|v| v.decimal(problems));
        let codes = decode_optional_codes(&mut band, problems);
        band.finish(problems);
        if let Some(band_id) = &band_id {
            check_snake_case(band_id, &format!("{}.id", entry.path), problems);
            if bands.iter().any(|b| &b.id == band_id) {
                problems.add(
                    &format!("{}.id", entry.path),
                    format!("band id `{band_id}` is used twice"),
                );
            }
        }
        if let (Some(band_id), Some(label), Some(min), Some(max), Some(codes)) =
            (band_id, label, min, max, codes)
        {
            if min > max {
                problems.add(
                    &entry.path,
                    format!("band `{band_id}` starts at {min}, above its end {max}"),
                );
            }
            if let Some(previous) = bands.last()
                && min <= previous.max
            {
                problems.add(
                    &entry.path,
                    format!(
                        "band `{band_id}` starts at {min}, inside or before `{}` (ending at {})",
                        previous.id, previous.max
                    ),
                );
            }
            bands.push(Band {
                id: band_id,
                label,
                min,
                max,
                codes,
            });
        }
    }
    if bands.len() != entries.len() {
        return None;
    }
    if bands.is_empty() {
        problems.add(&path, "a banding needs at least one band");
        return None;
    }
    // Without achievable values (a broken rule) coverage cannot be checked; the rule's own
    // problems are reported instead.
    let covered = achievable.is_some_and(|values| check_coverage(&bands, values, &path, problems));
    let sourced = sourced?;
    covered.then(|| Banding {
        id: id.to_owned(),
        sourced,
        bands,
    })
}

/// Every achievable score must be in a band, and every band must be reachable. Bands are
/// in order and do not overlap (checked before), so the scores in no band are those in the
/// gaps before, between and after them.
pub(super) fn check_coverage(
    bands: &[Band],
    achievable: &Achievable,
    path: &str,
    problems: &mut Problems,
) -> bool {
    let before = problems.len();
    let (Some(low), Some(high)) = (achievable.low(), achievable.high()) else {
        return true;
    };
    let hundredth = Decimal::from_hundredths(1);
    let mut gaps = Vec::new();
    let mut from = low;
    for band in bands {
        if band.min > from {
            gaps.push((from, Decimal::from_hundredths(band.min.hundredths() - 1)));
        }
        from = from.max(band.max.plus(hundredth));
    }
    gaps.push((from, high));
    let mut shown: Vec<String> = Vec::new();
    let mut outside: u64 = 0;
    for (start, end) in gaps {
        let (values, count) = achievable.within(start, end, 5usize.saturating_sub(shown.len()));
        shown.extend(values.iter().map(Decimal::to_string));
        outside += count;
    }
    if outside > 0 {
        let more = if outside > shown.len() as u64 {
            format!(" and {} more", outside - shown.len() as u64)
        } else {
            String::new()
        };
        problems.add(
            path,
            format!(
                "possible score(s) {}{more} fall in no band (scores run from {low} to {high})",
                shown.join(", "),
            ),
        );
    }
    for (index, band) in bands.iter().enumerate() {
        if achievable.within(band.min, band.max, 0).1 == 0 {
            problems.add(
                &format!("{path}[{index}]"),
                format!("band `{}` contains no possible score", band.id),
            );
        }
    }
    problems.len() == before
}
