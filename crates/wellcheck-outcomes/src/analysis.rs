//! Analysis: [`Cohort::analyse`] turns the gathered pairs into [`Outcomes`] under a stated
//! [`Rule`]: each score's rule in full, counts both ways, the mean change and its interval,
//! the median, the breakdown by baseline band with the regression-to-the-mean note, and the
//! follow-up funnel.

use wellcheck_core::dates;
use wellcheck_core::decimal::Decimal;
use wellcheck_core::definition::{Banding, ChangeSummary, Direction, Instrument, ScoreDefinition};

use crate::cohort::{Cohort, Pair, days_between};
use crate::work::{Work, WorkCount};
use crate::{Rule, stats, words};

/// The rule a row used, stated in full.
#[derive(Debug, Clone, PartialEq)]
pub struct AppliedRule {
    /// The rule used (never [`Rule::Default`]: the default resolves to one of the others).
    pub used: Rule,
    /// The rule asked for.
    pub requested: Rule,
    /// The size of change that counts, in score points, for a threshold or the RCI.
    pub threshold: Option<f64>,
    /// `published` or `convention`, for a threshold or reference.
    pub basis: Option<&'static str>,
    /// Where the threshold or reference comes from.
    pub source: Option<String>,
    /// The rule in words: what counts as improved.
    pub description: String,
    /// Why the rule used differs from the one requested, or what the rule cannot tell.
    pub note: Option<String>,
}

/// Improved, unchanged and worsened counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Movement {
    /// Moved in the better direction by the rule.
    pub improved: u64,
    /// Did not move enough to count either way.
    pub unchanged: u64,
    /// Moved in the worse direction by the rule.
    pub worsened: u64,
}

impl Movement {
    pub(crate) fn count(&mut self, class: Class) {
        match class {
            Class::Improved => self.improved += 1,
            Class::Unchanged => self.unchanged += 1,
            Class::Worsened => self.worsened += 1,
        }
    }
    /// How many were classed.
    pub fn total(&self) -> u64 {
        self.improved + self.unchanged + self.worsened
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    Improved,
    Unchanged,
    Worsened,
}

/// Figures for the clients of one baseline band.
#[derive(Debug, Clone, PartialEq)]
pub struct BandOutcome {
    /// The band's id.
    pub id: String,
    /// The band's label.
    pub label: String,
    /// Paired clients whose baseline was in this band.
    pub n: u64,
    /// Their movement under the row's rule.
    pub movement: Movement,
    /// Their mean change (follow-up minus baseline), rounded to two places.
    pub mean_change: Option<f64>,
    /// For an extreme band: the regression-to-the-mean caution.
    pub note: Option<String>,
}

/// Figures for one score of one instrument.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoreOutcome {
    /// Instrument id.
    pub instrument: String,
    /// Instrument name.
    pub instrument_name: String,
    /// The instrument's short name (`UCLA-3`), for the headline.
    pub instrument_short: String,
    /// What the score counts, singular and plural (`point`/`points`, `minute a week`/…).
    pub unit: (String, String),
    /// Score id.
    pub score: String,
    /// Score name.
    pub score_name: String,
    /// Which way is better.
    pub direction: Direction,
    /// The rule this row used.
    pub rule: AppliedRule,
    /// Clients with a baseline and a later follow-up, both with this score.
    pub n_paired: u64,
    /// Clients with a baseline and no later form.
    pub n_unpaired: u64,
    /// Clients with two forms where this score is missing from either (an incomplete form).
    pub n_incomplete: u64,
    /// Movement under the rule.
    pub movement: Movement,
    /// Mean baseline of the paired clients.
    pub mean_baseline: Option<f64>,
    /// Mean follow-up of the paired clients.
    pub mean_follow_up: Option<f64>,
    /// Mean of follow-up minus baseline.
    pub mean_change: Option<f64>,
    /// Standard deviation of the changes (n - 1).
    pub sd_change: Option<f64>,
    /// The 95% confidence interval of the mean change (Student's t), from two clients up.
    pub mean_change_ci95: Option<(f64, f64)>,
    /// The t multiplier used for the interval.
    pub t_multiplier: Option<f64>,
    /// Median of the changes.
    pub median_change: Option<f64>,
    /// Median days from baseline to follow-up among the paired clients.
    pub median_days_to_follow_up: Option<f64>,
    /// Mean change among those who improved.
    pub mean_change_among_improved: Option<f64>,
    /// The default banding used for the breakdown: id, basis and source.
    pub banding: Option<(String, &'static str, String)>,
    /// The same figures by baseline band, lowest band first.
    pub by_baseline_band: Vec<BandOutcome>,
    /// Plain warnings about this row (no interval, few clients, no published threshold).
    pub notes: Vec<String>,
    /// Only counts are given: the score is a category code.
    pub counts_only: bool,
}

/// One instrument's follow-up funnel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunnelRow {
    /// Instrument id.
    pub instrument: String,
    /// Instrument name.
    pub name: String,
    /// Clients with at least one form.
    pub with_baseline: u64,
    /// Of those, clients with a later form.
    pub with_follow_up: u64,
}

/// Who came back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Funnel {
    /// Clients with at least one form of any instrument.
    pub clients_with_baseline: u64,
    /// Of those, clients with a later form of at least one instrument.
    pub clients_with_follow_up: u64,
    /// The same per instrument.
    pub by_instrument: Vec<FunnelRow>,
}

/// The share lost to follow-up, from 0 to 1 (rounded to three places), if anyone started.
pub fn attrition(with_baseline: u64, with_follow_up: u64) -> Option<f64> {
    (with_baseline > 0).then(|| {
        stats::round(
            (with_baseline - with_follow_up.min(with_baseline)) as f64 / with_baseline as f64,
            3,
        )
    })
}

/// A score whose change is reported on another score of its instrument.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OmittedScore {
    /// Instrument id.
    pub instrument: String,
    /// Score id.
    pub score: String,
    /// Why, from the definition.
    pub reason: String,
}

/// A definition the report used, for provenance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DefinitionUsed {
    /// Instrument id.
    pub id: String,
    /// Instrument name.
    pub name: String,
    /// Definition version.
    pub version: String,
    /// Definition hash (`sha256:…`).
    pub hash: String,
}

/// Everything an outcome report shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcomes {
    /// The rule requested.
    pub rule: Rule,
    /// Who came back.
    pub funnel: Funnel,
    /// One entry per instrument and score, instruments in id order (the JSON contract's
    /// order); pages show them in [`Outcomes::reading_order`].
    pub scores: Vec<ScoreOutcome>,
    /// The definitions used.
    pub definitions: Vec<DefinitionUsed>,
    /// Scores left out because their change is reported on another score.
    pub omitted: Vec<OmittedScore>,
    /// Things in the data a coordinator should check (client references that differ only in
    /// letter case or invisible characters; clients whose forms come from several files).
    pub warnings: Vec<String>,
    /// The inputs' names.
    pub sources: Vec<String>,
    /// The earliest and latest form dates, `YYYY-MM-DD`.
    pub period: Option<(String, String)>,
    /// How many clients raised each need, most first.
    pub needs: Vec<WorkCount>,
    /// How many clients were offered or connected to each kind of support, most first.
    pub support: Vec<WorkCount>,
    /// The scheme's name, for the page's title and headline (`--scheme`, the app's Settings).
    pub scheme: Option<String>,
    /// The instruments in the order the scheme asks them (its set, or a battery's order);
    /// pages follow it, and instruments not in it come after, by id.
    pub order: Vec<String>,
}

/// The caution shown on a breakdown row for an extreme baseline band.
pub const REGRESSION_NOTE: &str = "Clients were grouped by an extreme baseline. Regression to the mean alone moves an extreme group toward the middle when it is measured again, even with no effect, so this row overstates any change.";

/// The caution every report carries about regression to the mean.
pub const REGRESSION_CAVEAT: &str = "Regression to the mean: people often join a scheme at a low point, and a group chosen for an extreme score moves toward the middle when it is measured again, even with no effect. Rows for an extreme baseline band are marked.";

/// The caution every report carries about the lack of a control group.
pub const NO_CONTROL_NOTE: &str = "There is no control group: these figures show change over time, not what the scheme caused. People may have improved anyway, and those who did not come back are not counted in the paired figures.";

pub(crate) const ANY_CHANGE_NOTE: &str =
    "Any change in the better direction counts, so measurement noise counts as change.";

/// The rule a score uses when `requested` is asked for.
pub(crate) fn applied_rule(score: &ScoreDefinition, requested: Rule) -> AppliedRule {
    let better = match score.direction() {
        Direction::HigherIsBetter => "a rise",
        Direction::LowerIsBetter => "a fall",
    };
    let threshold_rule = |kind: &str, rule: Rule| {
        score.change(kind).map(|change| {
            let points = change.threshold();
            let described = if kind == "reliable" {
                "reliable change"
            } else {
                "meaningful change"
            };
            AppliedRule {
                used: rule,
                requested,
                threshold: Some(points.hundredths() as f64 / 100.0),
                basis: Some(change.basis().as_str()),
                source: Some(change.source().to_owned()),
                description: format!(
                    "improved: {better} of {} or more ({described}, {}); worsened: the same the other way",
                    words::amount(points.hundredths() as f64 / 100.0, score.unit()),
                    change.basis().as_str()
                ),
                note: None,
            }
        })
    };
    let any_change = |note: Option<String>| AppliedRule {
        used: Rule::AnyChange,
        requested,
        threshold: None,
        basis: None,
        source: None,
        description: format!(
            "improved: any {} (worsened: any change the other way)",
            &better[2..]
        ),
        note: Some(match note {
            Some(note) => format!("{note} {ANY_CHANGE_NOTE}"),
            None => ANY_CHANGE_NOTE.to_owned(),
        }),
    };
    let default = |why: Option<String>| {
        let mut rule = threshold_rule("reliable", Rule::Reliable)
            .or_else(|| threshold_rule("meaningful", Rule::Meaningful))
            .unwrap_or_else(|| {
                any_change(Some(match score.no_published_change() {
                    Some(why) => format!("No change threshold: {}.", why.trim_end_matches('.')),
                    None => "No change threshold is published for this score.".to_owned(),
                }))
            });
        if let Some(why) = why {
            rule.note = Some(match rule.note {
                Some(note) => format!("{why} {note}"),
                None => why,
            });
        }
        rule
    };
    let unavailable = |what: &str| {
        default(Some(format!(
            "`{}` was asked for, but {what}; the default rule was used.",
            requested.as_str()
        )))
    };
    match requested {
        Rule::Default => default(None),
        Rule::AnyChange => any_change(None),
        Rule::Meaningful => threshold_rule("meaningful", Rule::Meaningful)
            .unwrap_or_else(|| unavailable("this score has no meaningful-change threshold")),
        Rule::Reliable => threshold_rule("reliable", Rule::Reliable)
            .unwrap_or_else(|| unavailable("this score has no reliable-change threshold")),
        Rule::Band => match score.banding() {
            Some(banding) => AppliedRule {
                used: Rule::Band,
                requested,
                threshold: None,
                basis: Some(banding.basis().as_str()),
                source: Some(banding.source().to_owned()),
                description: "improved: a move to a better band; worsened: a move to a worse band"
                    .to_owned(),
                note: None,
            },
            None => unavailable("this score has no bands"),
        },
        Rule::Rci => match score.change_reference() {
            Some(reference) => {
                let points = 1.96 * reference.standard_error_of_difference();
                AppliedRule {
                    used: Rule::Rci,
                    requested,
                    threshold: Some(stats::round(points, 2)),
                    basis: Some(reference.basis().as_str()),
                    source: Some(reference.source().to_owned()),
                    description: format!(
                        "improved: a reliable change index beyond 1.96 in the better direction, that is {better} of more than {:.2} {} (reference SD {}, {} reliability {})",
                        points,
                        score.unit().1,
                        reference.sd(),
                        reference.reliability_kind().as_str().replace('_', "-"),
                        reference.reliability()
                    ),
                    note: None,
                }
            }
            None => unavailable(
                "this score has no published reference SD and reliability for the reliable change index",
            ),
        },
    }
}

pub(crate) fn classify(
    rule: &AppliedRule,
    score: &ScoreDefinition,
    banding: Option<&Banding>,
    baseline: Decimal,
    follow_up: Decimal,
) -> Class {
    let change = i128::from(follow_up.hundredths()) - i128::from(baseline.hundredths());
    let better = match score.direction() {
        Direction::HigherIsBetter => change,
        Direction::LowerIsBetter => -change,
    };
    let by_sign = |value: i128| match value.signum() {
        1 => Class::Improved,
        -1 => Class::Worsened,
        _ => Class::Unchanged,
    };
    match rule.used {
        Rule::Meaningful | Rule::Reliable => {
            let kind = if rule.used == Rule::Reliable {
                "reliable"
            } else {
                "meaningful"
            };
            let Some(threshold) = score
                .change(kind)
                .map(|c| i128::from(c.threshold().hundredths()))
            else {
                return by_sign(better);
            };
            if better >= threshold {
                Class::Improved
            } else if -better >= threshold {
                Class::Worsened
            } else {
                Class::Unchanged
            }
        }
        Rule::Band => {
            let position = |value: Decimal| {
                banding.and_then(|b| b.bands().iter().position(|band| band.contains(value)))
            };
            match (position(baseline), position(follow_up)) {
                (Some(from), Some(to)) => {
                    let moved = to as i128 - from as i128;
                    by_sign(match score.direction() {
                        Direction::HigherIsBetter => moved,
                        Direction::LowerIsBetter => -moved,
                    })
                }
                _ => Class::Unchanged,
            }
        }
        Rule::Rci => {
            let Some(s_diff) = score
                .change_reference()
                .map(|r| r.standard_error_of_difference())
                .filter(|s| *s > 0.0)
            else {
                return by_sign(better);
            };
            let index = better as f64 / 100.0 / s_diff;
            if index > 1.96 {
                Class::Improved
            } else if index < -1.96 {
                Class::Worsened
            } else {
                Class::Unchanged
            }
        }
        Rule::Default | Rule::AnyChange => by_sign(better),
    }
}

/// Mean, in score points, of a sum of hundredths over n.
pub(crate) fn mean_points(sum: i128, n: usize) -> Option<f64> {
    (n > 0).then(|| sum as f64 / 100.0 / n as f64)
}

pub(crate) fn score_outcome(
    instrument: &Instrument,
    score: &ScoreDefinition,
    position: usize,
    pairs: &[&Pair],
    requested: Rule,
) -> ScoreOutcome {
    let rule = applied_rule(score, requested);
    let banding = score.banding();
    let bands = banding.map_or(&[][..], Banding::bands);
    let mut movement = Movement::default();
    let mut band_movement = vec![Movement::default(); bands.len()];
    let mut band_sums = vec![0_i128; bands.len()];
    let mut changes: Vec<i64> = Vec::new();
    let (mut sum_baseline, mut sum_follow_up, mut sum_change) = (0_i128, 0_i128, 0_i128);
    let (mut improved_sum, mut improved_n) = (0_i128, 0_usize);
    let (mut n_unpaired, mut n_incomplete) = (0_u64, 0_u64);
    let mut days: Vec<u32> = Vec::new();
    for pair in pairs {
        if pair.last.is_none() {
            n_unpaired += 1;
            continue;
        }
        let ends = pair.scores.get(position).copied().unwrap_or_default();
        let (Some((from, before)), Some((to, after))) = (ends.first, ends.last) else {
            n_incomplete += 1;
            continue;
        };
        days.push(days_between(from, to));
        let change = after.hundredths().saturating_sub(before.hundredths());
        let class = classify(&rule, score, banding, before, after);
        movement.count(class);
        if class == Class::Improved {
            improved_sum += i128::from(change);
            improved_n += 1;
        }
        if let Some(band) = bands.iter().position(|band| band.contains(before)) {
            if let Some(m) = band_movement.get_mut(band) {
                m.count(class);
            }
            if let Some(sum) = band_sums.get_mut(band) {
                *sum += i128::from(change);
            }
        }
        sum_baseline += i128::from(before.hundredths());
        sum_follow_up += i128::from(after.hundredths());
        sum_change += i128::from(change);
        changes.push(change);
    }
    let n = changes.len();
    let mean_change = mean_points(sum_change, n);
    let sd_change = match (mean_change, n) {
        (Some(mean), 2..) => {
            let squares: f64 = changes
                .iter()
                .map(|c| (*c as f64 / 100.0 - mean).powi(2))
                .sum();
            Some((squares / (n - 1) as f64).sqrt())
        }
        _ => None,
    };
    let t_multiplier = stats::t_975(n.saturating_sub(1) as u64);
    let mean_change_ci95 = match (mean_change, sd_change, t_multiplier) {
        (Some(mean), Some(sd), Some(t)) => {
            let half = t * sd / (n as f64).sqrt();
            Some((stats::round(mean - half, 2), stats::round(mean + half, 2)))
        }
        _ => None,
    };
    changes.sort_unstable();
    days.sort_unstable();
    let day_numbers: Vec<i64> = days.iter().map(|d| i64::from(*d)).collect();
    let median_days_to_follow_up = stats::median_of_sorted(&day_numbers);
    let median_change = stats::median_of_sorted(&changes).map(|m| stats::round(m / 100.0, 3));
    let mut notes = Vec::new();
    match n {
        0 => notes.push("No client has both a baseline and a follow-up for this score.".to_owned()),
        1 => notes.push("Only one client is paired: there is no interval.".to_owned()),
        2..30 => notes.push(format!(
            "Only {n} clients are paired: one or two people can move every figure, and any interval is wide."
        )),
        _ => {}
    }
    // Exactly, on the hundredths: floating point would leave a trace of spread.
    if n >= 2 && changes.first() == changes.last() {
        notes.push(
            "Every paired client changed by the same amount, so the interval has no width: it describes these clients only, not what to expect of others.".to_owned(),
        );
    }
    let last_band = bands.len().saturating_sub(1);
    // With two bands, only the worse one is a group picked for an extreme score; with more,
    // both ends are.
    let worse_end = match score.direction() {
        Direction::HigherIsBetter => 0,
        Direction::LowerIsBetter => last_band,
    };
    let by_baseline_band = bands
        .iter()
        .enumerate()
        .map(|(index, band)| {
            let band_movement = band_movement.get(index).copied().unwrap_or_default();
            let band_n = band_movement.total();
            let extreme = match bands.len() {
                0 | 1 => false,
                2 => index == worse_end,
                _ => index == 0 || index == last_band,
            };
            BandOutcome {
                id: band.id().to_owned(),
                label: band.label().to_owned(),
                n: band_n,
                movement: band_movement,
                mean_change: mean_points(
                    band_sums.get(index).copied().unwrap_or_default(),
                    band_n as usize,
                )
                .map(|m| stats::round(m, 2)),
                note: (extreme && band_n > 0).then(|| REGRESSION_NOTE.to_owned()),
            }
        })
        .collect();
    ScoreOutcome {
        instrument: instrument.id().to_owned(),
        instrument_name: instrument.name().to_owned(),
        instrument_short: instrument.short_name().to_owned(),
        unit: {
            let (one, other) = score.unit();
            (one.to_owned(), other.to_owned())
        },
        score: score.id().to_owned(),
        score_name: score.name().to_owned(),
        direction: score.direction(),
        rule,
        n_paired: n as u64,
        n_unpaired,
        n_incomplete,
        movement,
        mean_baseline: mean_points(sum_baseline, n).map(|m| stats::round(m, 2)),
        mean_follow_up: mean_points(sum_follow_up, n).map(|m| stats::round(m, 2)),
        mean_change: mean_change.map(|m| stats::round(m, 2)),
        sd_change: sd_change.map(|s| stats::round(s, 2)),
        mean_change_ci95,
        t_multiplier: t_multiplier.filter(|_| n >= 2).map(|t| stats::round(t, 3)),
        median_change,
        median_days_to_follow_up,
        mean_change_among_improved: mean_points(improved_sum, improved_n)
            .map(|m| stats::round(m, 2)),
        banding: banding.map(|b| (b.id().to_owned(), b.basis().as_str(), b.source().to_owned())),
        by_baseline_band,
        notes,
        counts_only: false,
    }
}

impl Cohort {
    /// The outcome figures under a rule, per instrument and score, with the funnel.
    pub fn analyse(&self, rule: Rule) -> Outcomes {
        let mut by_instrument: Vec<Vec<&Pair>> = vec![Vec::new(); self.instruments.len()];
        let mut clients_with_follow_up = 0_u64;
        for pairs in &self.pairs {
            for pair in pairs {
                if let Some(list) = by_instrument.get_mut(usize::from(pair.instrument)) {
                    list.push(pair);
                }
            }
            if pairs.iter().any(|pair| pair.last.is_some()) {
                clients_with_follow_up += 1;
            }
        }
        let mut order: Vec<usize> = (0..self.instruments.len()).collect();
        order.sort_by(|a, b| {
            let id = |i: &usize| self.instruments.get(*i).map_or("", Instrument::id);
            id(a).cmp(id(b))
        });
        let mut scores = Vec::new();
        let mut funnel_rows = Vec::new();
        let mut definitions = Vec::new();
        let mut omitted = Vec::new();
        for index in order {
            let (Some(instrument), Some(pairs)) =
                (self.instruments.get(index), by_instrument.get(index))
            else {
                continue;
            };
            let with_follow_up = pairs.iter().filter(|p| p.last.is_some()).count();
            funnel_rows.push(FunnelRow {
                instrument: instrument.id().to_owned(),
                name: instrument.name().to_owned(),
                with_baseline: pairs.len() as u64,
                with_follow_up: with_follow_up as u64,
            });
            definitions.push(DefinitionUsed {
                id: instrument.id().to_owned(),
                name: instrument.name().to_owned(),
                version: instrument.version().to_owned(),
                hash: instrument.definition_hash().to_owned(),
            });
            for (position, score) in instrument.scores().iter().enumerate() {
                if score.change_summary() == ChangeSummary::NotReported {
                    omitted.push(OmittedScore {
                        instrument: instrument.id().to_owned(),
                        score: score.id().to_owned(),
                        reason: score.no_published_change().unwrap_or_default().to_owned(),
                    });
                    continue;
                }
                let mut outcome = score_outcome(instrument, score, position, pairs, rule);
                if score.change_summary() == ChangeSummary::CountsOnly {
                    outcome.counts_only();
                }
                scores.push(outcome);
            }
        }
        Outcomes {
            warnings: self.warnings(),
            rule,
            funnel: Funnel {
                clients_with_baseline: self.clients.len() as u64,
                clients_with_follow_up,
                by_instrument: funnel_rows,
            },
            scores,
            definitions,
            omitted,
            sources: self.sources.clone(),
            needs: self.work.counts(Work::Needs),
            support: self.work.counts(Work::Support),
            scheme: None,
            order: Vec::new(),
            period: self
                .earliest
                .zip(self.latest)
                .map(|(from, to)| (dates::text(from), dates::text(to))),
        }
    }
}
