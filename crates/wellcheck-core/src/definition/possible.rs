//! The values each score can take, computed from the items' codes.
//!
//! Used when a definition is parsed, to check that every achievable score falls in exactly
//! one band and that lookup and matrix tables cover every case; and by property tests.
//!
//! The analysis is bounded in time and memory whatever the definition. Small sets of values
//! are enumerated exactly (every built-in instrument stays exact: the largest, the EVS
//! product, has about 11,000 values). When a set, or the work of combining two sets, would
//! be large, the analysis reasons over a [`Achievable::Lattice`] instead: the evenly spaced
//! values from a low to a high end. A lattice may hold values no answers produce, never the
//! reverse, so coverage checks over it are strict: every lattice value needs a band.

use std::collections::BTreeSet;

use super::{Instrument, Item, Response, ResponseOption, ScoreDefinition, ScoreRule};
use crate::decimal::Decimal;

/// Past this many values a set is reasoned about as a lattice.
const SET_LIMIT: usize = 50_000;
/// Past this many pairings, combining two sets is reasoned about as a lattice.
const WORK_LIMIT: usize = 500_000;
/// How many values one definition's analysis may list and pair in all, across every
/// score and table, before everything left is reasoned about as lattices (a few tenths of
/// a second at most).
pub(crate) const DEFINITION_WORK: usize = 1_000_000;

/// What is left of a definition's work allowance.
#[derive(Debug)]
pub(crate) struct Budget(usize);

impl Budget {
    /// A fresh allowance for one definition.
    pub(crate) fn new() -> Budget {
        Budget(DEFINITION_WORK)
    }

    /// Takes `amount` if that much is left.
    fn take(&mut self, amount: usize) -> bool {
        match self.0.checked_sub(amount) {
            Some(left) => {
                self.0 = left;
                true
            }
            None => false,
        }
    }
}
/// The largest magnitude any score may reach ([`crate::limits::MAX_SCORE`]).
pub(crate) const SCORE_LIMIT: i64 = crate::limits::MAX_SCORE;

/// The values a score can take.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Achievable {
    /// Exactly these values.
    Exactly(BTreeSet<Decimal>),
    /// Every value `low + k × step` up to `high` (in hundredths; `step` 0 means `low` only).
    /// A superset of what answers can give.
    Lattice {
        /// The lowest value.
        low: Decimal,
        /// The highest value.
        high: Decimal,
        /// The spacing, in hundredths.
        step: i64,
    },
}

impl Achievable {
    /// The lowest value.
    pub fn low(&self) -> Option<Decimal> {
        match self {
            Achievable::Exactly(set) => set.first().copied(),
            Achievable::Lattice { low, .. } => Some(*low),
        }
    }

    /// The highest value.
    pub fn high(&self) -> Option<Decimal> {
        match self {
            Achievable::Exactly(set) => set.last().copied(),
            Achievable::Lattice { high, .. } => Some(*high),
        }
    }

    /// Whether the value can occur.
    pub fn contains(&self, value: Decimal) -> bool {
        match self {
            Achievable::Exactly(set) => set.contains(&value),
            Achievable::Lattice { low, high, step } => {
                (*low..=*high).contains(&value)
                    && (*step == 0 && value == *low
                        || *step > 0 && (value.hundredths() - low.hundredths()) % step == 0)
            }
        }
    }

    /// Whether every value is whole.
    pub fn all_whole(&self) -> bool {
        match self {
            Achievable::Exactly(set) => set.iter().all(|value| value.is_whole()),
            Achievable::Lattice { low, step, .. } => low.is_whole() && step % 100 == 0,
        }
    }

    /// How many values there are.
    pub fn count(&self) -> u64 {
        match self {
            Achievable::Exactly(set) => set.len() as u64,
            Achievable::Lattice { low, high, step } => lattice_count(*low, *high, *step),
        }
    }

    /// The first value at or above `from`, if any.
    fn first_from(&self, from: Decimal) -> Option<Decimal> {
        match self {
            Achievable::Exactly(set) => set.range(from..).next().copied(),
            Achievable::Lattice { low, high, step } => {
                let candidate = if from <= *low {
                    *low
                } else if *step == 0 {
                    return None;
                } else {
                    // Values stay within ±SCORE_LIMIT hundredths, far inside i64.
                    let offset = from.hundredths().checked_sub(low.hundredths())?;
                    let steps = offset.checked_add(*step - 1)? / *step;
                    Decimal::from_hundredths(
                        low.hundredths().checked_add(steps.checked_mul(*step)?)?,
                    )
                };
                (candidate <= *high).then_some(candidate)
            }
        }
    }

    /// Up to `most` values in `[from, to]`, and how many there are in all.
    pub fn within(&self, from: Decimal, to: Decimal, most: usize) -> (Vec<Decimal>, u64) {
        if from > to {
            return (Vec::new(), 0);
        }
        match self {
            Achievable::Exactly(set) => {
                let mut shown = Vec::new();
                let mut count = 0u64;
                for value in set.range(from..=to) {
                    if shown.len() < most {
                        shown.push(*value);
                    }
                    count += 1;
                }
                (shown, count)
            }
            Achievable::Lattice { high, step, .. } => {
                let Some(first) = self.first_from(from) else {
                    return (Vec::new(), 0);
                };
                let last = to.min(*high);
                if first > last {
                    return (Vec::new(), 0);
                }
                let count = lattice_count(first, last, *step);
                let shown = (0..most.min(usize::try_from(count).unwrap_or(usize::MAX)))
                    .filter_map(|k| {
                        let k = i64::try_from(k).ok()?;
                        Some(Decimal::from_hundredths(
                            first.hundredths().checked_add(k.checked_mul(*step)?)?,
                        ))
                    })
                    .collect();
                (shown, count)
            }
        }
    }

    /// Every value, if there are at most `most` of them.
    pub fn enumerate(&self, most: usize) -> Option<Vec<Decimal>> {
        if self.count() > most as u64 {
            return None;
        }
        match (self.low(), self.high()) {
            (Some(low), Some(high)) => Some(self.within(low, high, most).0),
            _ => Some(Vec::new()),
        }
    }

    /// As a lattice (exact sets become their smallest enclosing lattice).
    fn to_lattice(&self) -> Option<(i64, i64, i64)> {
        match self {
            Achievable::Lattice { low, high, step } => {
                Some((low.hundredths(), high.hundredths(), *step))
            }
            Achievable::Exactly(set) => {
                let low = set.first()?.hundredths();
                let high = set.last()?.hundredths();
                let step = set
                    .iter()
                    .fold(0, |step, value| gcd(step, value.hundredths() - low));
                Some((low, high, step))
            }
        }
    }
}

fn lattice_count(low: Decimal, high: Decimal, step: i64) -> u64 {
    if high < low {
        return 0;
    }
    if step == 0 {
        return 1;
    }
    let span = high.hundredths().saturating_sub(low.hundredths());
    u64::try_from(span / step).unwrap_or(0).saturating_add(1)
}

fn gcd(a: i64, b: i64) -> i64 {
    let (mut a, mut b) = (a.unsigned_abs(), b.unsigned_abs());
    while b != 0 {
        (a, b) = (b, a % b);
    }
    i64::try_from(a).unwrap_or(1)
}

/// Why a score's values could not be worked out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Unknown {
    /// The rule refers to an item or score that is not there (reported elsewhere).
    Missing,
    /// Some answers would give a score beyond ±[`SCORE_LIMIT`].
    TooLarge,
}

type Outcome = Result<Achievable, Unknown>;

fn bounded(low: i64, high: i64, step: i64) -> Outcome {
    let limit = SCORE_LIMIT * 100;
    if low < -limit || high > limit {
        return Err(Unknown::TooLarge);
    }
    Ok(Achievable::Lattice {
        low: Decimal::from_hundredths(low),
        high: Decimal::from_hundredths(high),
        step: if low == high { 0 } else { step },
    })
}

/// An exact set, or its lattice when it is large.
fn from_set(set: BTreeSet<Decimal>) -> Outcome {
    let limit = Decimal::from_int(SCORE_LIMIT);
    if set
        .iter()
        .any(|value| *value > limit || value.hundredths() < -limit.hundredths())
    {
        return Err(Unknown::TooLarge);
    }
    if set.len() <= SET_LIMIT {
        return Ok(Achievable::Exactly(set));
    }
    let exact = Achievable::Exactly(set);
    let (low, high, step) = exact.to_lattice().ok_or(Unknown::Missing)?;
    bounded(low, high, step)
}

/// An item's answers as values.
fn item_values(item: &Item, budget: &mut Budget) -> Outcome {
    match item.response() {
        Response::Choice { options, .. } => from_set(
            options
                .iter()
                .map(|option| Decimal::from_int(option.value()))
                .collect(),
        ),
        Response::Number { min, max, .. } => {
            let (low, high) = (
                min.checked_mul(100).ok_or(Unknown::TooLarge)?,
                max.checked_mul(100).ok_or(Unknown::TooLarge)?,
            );
            let count = usize::try_from((high - low) / 100 + 1).unwrap_or(usize::MAX);
            if count <= SET_LIMIT && budget.take(count) {
                from_set((*min..=*max).map(Decimal::from_int).collect())
            } else {
                bounded(low, high, 100)
            }
        }
    }
}

/// The achievable values of score `score` of a parsed instrument.
pub(crate) fn score_values(instrument: &Instrument, score: usize) -> Option<Achievable> {
    let definition = instrument.scores.get(score)?;
    rule_values(
        &definition.rule,
        definition.missing.as_ref().map_or(0, |m| m.allowed),
        &instrument.items,
        instrument.scores.get(..score)?,
        &mut Budget::new(),
    )
    .ok()
}

/// The achievable values of a rule, given the items and the scores defined before it.
pub(crate) fn rule_values(
    rule: &ScoreRule,
    missing_allowed: usize,
    items: &[Item],
    earlier: &[ScoreDefinition],
    budget: &mut Budget,
) -> Outcome {
    let item = |index: &usize| items.get(*index).ok_or(Unknown::Missing);
    match rule {
        ScoreRule::Sum {
            items: indices,
            reverse,
        } => {
            let mut parts = Vec::new();
            for index in indices {
                let values = item_values(item(index)?, budget)?;
                let values = if reverse.contains(index) {
                    // Reverse keying maps v to low + high − v: the same values, mirrored.
                    let (Some(low), Some(high)) = (values.low(), values.high()) else {
                        return Err(Unknown::Missing);
                    };
                    mirror(&values, low.plus(high))?
                } else {
                    values
                };
                parts.push(with_zero_if(values, missing_allowed > 0)?);
            }
            fold(parts, Op::Plus, budget)
        }
        ScoreRule::CountMatching { groups } => {
            let mut parts = Vec::new();
            for (indices, matching) in groups {
                // A set, so that many options against many codes stays quick; and each
                // response set is counted once, however many items share it.
                let matching: BTreeSet<i64> = matching.iter().copied().collect();
                let mut counted_sets: Vec<(*const ResponseOption, Achievable)> = Vec::new();
                for index in indices {
                    let options = item(index)?.options();
                    let known = counted_sets
                        .iter()
                        .find(|(shared, _)| std::ptr::eq(*shared, options.as_ptr()))
                        .map(|(_, counted)| counted.clone());
                    let counted = match known {
                        Some(counted) => counted,
                        None => {
                            let counted = from_set(
                                options
                                    .iter()
                                    .map(|option| {
                                        Decimal::from_int(i64::from(
                                            matching.contains(&option.value()),
                                        ))
                                    })
                                    .collect(),
                            )?;
                            counted_sets.push((options.as_ptr(), counted.clone()));
                            counted
                        }
                    };
                    parts.push(with_zero_if(counted, missing_allowed > 0)?);
                }
            }
            fold(parts, Op::Plus, budget)
        }
        ScoreRule::Multiply { score, factor } => {
            let base = earlier_values(earlier, *score, items, budget)?;
            scale(&base, *factor)
        }
        ScoreRule::Lookup { score, table } => {
            let base = earlier_values(earlier, *score, items, budget)?;
            from_set(
                table
                    .iter()
                    .filter(|(from, _)| base.contains(*from))
                    .map(|(_, to)| *to)
                    .collect(),
            )
        }
        ScoreRule::Product { items: indices } => {
            let parts = indices
                .iter()
                .map(|index| item_values(item(index)?, budget))
                .collect::<Result<Vec<_>, _>>()?;
            fold(parts, Op::Times, budget)
        }
        ScoreRule::Matrix { table, .. } => {
            from_set(table.iter().map(|(_, _, result)| *result).collect())
        }
        ScoreRule::Item { item: index } => item_values(item(index)?, budget),
    }
}

fn earlier_values(
    earlier: &[ScoreDefinition],
    score: usize,
    items: &[Item],
    budget: &mut Budget,
) -> Outcome {
    let definition = earlier.get(score).ok_or(Unknown::Missing)?;
    rule_values(
        &definition.rule,
        definition.missing.as_ref().map_or(0, |m| m.allowed),
        items,
        earlier.get(..score).ok_or(Unknown::Missing)?,
        budget,
    )
}

/// The achievable values of the highest answer among these items.
pub(crate) fn highest_of(
    indices: &[usize],
    items: &[Item],
    budget: &mut Budget,
) -> Result<Achievable, Unknown> {
    let parts = indices
        .iter()
        .map(|index| item_values(items.get(*index).ok_or(Unknown::Missing)?, budget))
        .collect::<Result<Vec<_>, _>>()?;
    fold(parts, Op::Max, budget)
}

#[derive(Clone, Copy)]
enum Op {
    Plus,
    Times,
    Max,
}

impl Op {
    fn apply(self, a: Decimal, b: Decimal) -> Decimal {
        match self {
            Op::Plus => a.plus(b),
            Op::Times => a.times(b),
            Op::Max => a.max(b),
        }
    }
}

fn with_zero_if(values: Achievable, add_zero: bool) -> Outcome {
    if !add_zero || values.contains(Decimal::ZERO) {
        return Ok(values);
    }
    match values {
        Achievable::Exactly(mut set) => {
            set.insert(Decimal::ZERO);
            from_set(set)
        }
        lattice => {
            let (low, high, step) = lattice.to_lattice().ok_or(Unknown::Missing)?;
            bounded(low.min(0), high.max(0), gcd(step, low))
        }
    }
}

fn mirror(values: &Achievable, around: Decimal) -> Outcome {
    match values {
        Achievable::Exactly(set) => from_set(
            set.iter()
                .map(|value| Decimal::from_hundredths(around.hundredths() - value.hundredths()))
                .collect(),
        ),
        Achievable::Lattice { low, high, step } => bounded(
            around.hundredths() - high.hundredths(),
            around.hundredths() - low.hundredths(),
            *step,
        ),
    }
}

fn scale(values: &Achievable, factor: Decimal) -> Outcome {
    match values {
        Achievable::Exactly(set) => from_set(set.iter().map(|value| value.times(factor)).collect()),
        Achievable::Lattice { low, high, step } => {
            let (a, b) = (low.times(factor), high.times(factor));
            let scaled = step
                .checked_mul(factor.hundredths())
                .ok_or(Unknown::TooLarge)?;
            // A step that does not scale to whole hundredths (rounding) becomes one hundredth.
            let step = if scaled % 100 == 0 {
                (scaled / 100).abs()
            } else {
                1
            };
            bounded(a.min(b).hundredths(), a.max(b).hundredths(), step)
        }
    }
}

/// Every value of `op` folded over one choice from each part, exact while that stays cheap
/// (and the definition's budget lasts).
fn fold(parts: Vec<Achievable>, op: Op, budget: &mut Budget) -> Outcome {
    let mut parts = parts.into_iter();
    let mut acc = parts.next().ok_or(Unknown::Missing)?;
    for part in parts {
        acc = match (&acc, &part) {
            (Achievable::Exactly(a), Achievable::Exactly(b))
                if a.len().saturating_mul(b.len()) <= WORK_LIMIT
                    && budget.take(a.len().saturating_mul(b.len())) =>
            {
                let mut next = BTreeSet::new();
                for x in a {
                    for y in b {
                        next.insert(op.apply(*x, *y));
                    }
                }
                from_set(next)?
            }
            _ => combine_lattices(&acc, &part, op)?,
        };
    }
    Ok(acc)
}

fn combine_lattices(a: &Achievable, b: &Achievable, op: Op) -> Outcome {
    let (Some((a_low, a_high, a_step)), Some((b_low, b_high, b_step))) =
        (a.to_lattice(), b.to_lattice())
    else {
        return Err(Unknown::Missing);
    };
    match op {
        Op::Plus => bounded(
            a_low.checked_add(b_low).ok_or(Unknown::TooLarge)?,
            a_high.checked_add(b_high).ok_or(Unknown::TooLarge)?,
            gcd(a_step, b_step),
        ),
        Op::Max => {
            // The highest of two answers lies between the larger low and the larger high.
            let low = a_low.max(b_low);
            let high = a_high.max(b_high);
            bounded(low, high, gcd(gcd(a_step, b_step), a_low - b_low))
        }
        Op::Times => {
            let corners = [
                Decimal::from_hundredths(a_low).times(Decimal::from_hundredths(b_low)),
                Decimal::from_hundredths(a_low).times(Decimal::from_hundredths(b_high)),
                Decimal::from_hundredths(a_high).times(Decimal::from_hundredths(b_low)),
                Decimal::from_hundredths(a_high).times(Decimal::from_hundredths(b_high)),
            ];
            let limit = Decimal::from_int(SCORE_LIMIT);
            if corners
                .iter()
                .any(|c| *c >= limit || c.hundredths() <= -limit.hundredths())
            {
                return Err(Unknown::TooLarge);
            }
            let low = corners.iter().min().copied().unwrap_or(Decimal::ZERO);
            let high = corners.iter().max().copied().unwrap_or(Decimal::ZERO);
            let whole = a.all_whole() && b.all_whole();
            bounded(
                low.hundredths(),
                high.hundredths(),
                if whole { 100 } else { 1 },
            )
        }
    }
}
