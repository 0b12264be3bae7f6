//! One client's change over their visits: each score's values visit by visit, and what the
//! change since their first visit amounts to, judged by the same core analysis and rule as
//! the scheme's outcomes report (so a client counted as improved there reads as improved
//! here), with band movements in plain words.

use wellcheck_core::definition::Direction;
use wellcheck_outcomes::words::signed;
use wellcheck_outcomes::{Rule, ScoreOutcome};

use crate::exports::{Form, outcomes};

/// One visit's value of a score.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    /// The visit's date.
    pub date: String,
    /// The value, if the form gave one.
    pub value: Option<f64>,
    /// The value as the report writes it.
    pub text: String,
    /// Its band, if the score has bands.
    pub band: Option<String>,
}

/// A score over a client's visits.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// The instrument's id.
    pub instrument: String,
    /// Its name.
    pub instrument_name: String,
    /// The score's id.
    pub score: String,
    /// Its name.
    pub score_name: String,
    /// Which way is better.
    pub direction: Direction,
    /// The lowest and highest values the score can take.
    pub range: Option<(f64, f64)>,
    /// The published guideline the score is set against (minutes a week), if it has one.
    pub guideline: Option<f64>,
    /// Visit by visit, oldest first.
    pub points: Vec<Point>,
    /// What the change since the first visit amounts to, once there is a later visit.
    pub verdict: Option<String>,
    /// How the band moved, in words, once there is a later visit.
    pub bands: Option<String>,
}

impl Series {
    /// The vertical scale a chart of this series uses: the score's whole range while the
    /// values (and the guideline, when the score has one) spread over a tenth of it or
    /// more, so a small change on a short scale is not made to look large; else fitted to
    /// them, in round numbers within the range, so 30 to 120 minutes of exercise on a scale
    /// running to 10,080 is not a flat line.
    pub fn chart_scale(&self) -> (f64, f64) {
        let shown: Vec<f64> = self
            .points
            .iter()
            .filter_map(|point| point.value)
            .chain(self.guideline)
            .collect();
        let least = shown.iter().copied().fold(f64::INFINITY, f64::min);
        let most = shown.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let (low, high) = match self.range {
            Some((low, high)) if high > low => (low, high),
            _ if least.is_finite() && most > least => (least, most),
            _ if least.is_finite() => (least - 1.0, least + 1.0),
            _ => (0.0, 1.0),
        };
        let span = high - low;
        if !least.is_finite() || most - least >= span / 10.0 {
            return (low, high);
        }
        let pad = ((most - least) * 0.25).max(span / 100.0);
        // Round to a step of about a tenth of what is shown: 10s for minutes, 1s for points.
        let step = 10_f64
            .powf(((most - least + 2.0 * pad) / 10.0).log10().floor())
            .max(0.01);
        let fitted_low = ((least - pad) / step).floor() * step;
        let fitted_high = ((most + pad) / step).ceil() * step;
        (fitted_low.max(low), fitted_high.min(high))
    }
}

fn number(hundredths: i64) -> f64 {
    hundredths as f64 / 100.0
}

/// The judgement of one client's pair, in words: the same rule and classification as the
/// outcomes report.
fn verdict(outcome: &ScoreOutcome, change: Option<f64>) -> String {
    let movement = outcome.movement;
    let (up, down) = match outcome.direction {
        Direction::HigherIsBetter => ("rise", "fall"),
        Direction::LowerIsBetter => ("fall", "rise"),
    };
    let amount = change.map_or_else(String::new, |change| {
        format!(" ({} points)", signed(change))
    });
    let threshold = outcome
        .rule
        .threshold
        .map(|points| signed(points.abs()).trim_start_matches('+').to_owned());
    let kind = match outcome.rule.used {
        Rule::Reliable | Rule::Rci => "reliable",
        Rule::Meaningful => "meaningful",
        Rule::Band | Rule::AnyChange | Rule::Default => "",
    };
    if movement.improved == 1 {
        match (&threshold, kind) {
            (Some(points), kind) if !kind.is_empty() => {
                format!("A {kind} improvement{amount}: a {up} of at least {points} points counts.")
            }
            _ if outcome.rule.used == Rule::Band => {
                format!("Improved{amount}: moved to a better band.")
            }
            _ => format!("Improved{amount}. No published threshold: any {up} counts."),
        }
    } else if movement.worsened == 1 {
        match (&threshold, kind) {
            (Some(points), kind) if !kind.is_empty() => {
                format!("A {kind} worsening{amount}: a {down} of at least {points} points counts.")
            }
            _ if outcome.rule.used == Rule::Band => {
                format!("Worsened{amount}: moved to a worse band.")
            }
            _ => format!("Worsened{amount}. No published threshold: any {down} counts."),
        }
    } else {
        match (&threshold, kind) {
            (Some(points), kind) if !kind.is_empty() => {
                format!("No {kind} change{amount}: less than the {points} points that count.")
            }
            _ if outcome.rule.used == Rule::Band => format!("No change of band{amount}."),
            _ => format!("No change{amount}."),
        }
    }
}

fn band_words(first: Option<&str>, last: Option<&str>) -> Option<String> {
    match (first, last) {
        (Some(first), Some(last)) if first == last => Some(format!("Still in the band “{last}”.")),
        (Some(first), Some(last)) => Some(format!("Moved from the band “{first}” to “{last}”.")),
        _ => None,
    }
}

/// Every score of every questionnaire in one client's finished forms (`forms`, all of the
/// same client), in the order first met.
pub fn client_change(forms: &[Form]) -> Vec<Series> {
    let mut series: Vec<Series> = Vec::new();
    for form in forms {
        for (position, definition) in form.instrument.scores().iter().enumerate() {
            let entry = form.report.score(definition.id());
            let value = entry.and_then(|entry| entry.value);
            let point = Point {
                date: form.date.clone(),
                value: value.map(|value| number(value.hundredths())),
                text: value.map_or_else(|| "not scored".to_owned(), |value| value.to_string()),
                band: entry.and_then(|entry| entry.band_label.clone()),
            };
            match series.iter_mut().find(|known| {
                known.instrument == form.instrument.id() && known.score == definition.id()
            }) {
                Some(known) => known.points.push(point),
                None => series.push(Series {
                    instrument: form.instrument.id().to_owned(),
                    instrument_name: form.instrument.name().to_owned(),
                    score: definition.id().to_owned(),
                    score_name: definition.name().to_owned(),
                    direction: definition.direction(),
                    range: form
                        .instrument
                        .range_of(position)
                        .map(|(low, high)| (number(low.hundredths()), number(high.hundredths()))),
                    guideline: wellcheck_core::result_words::for_score(
                        form.instrument.id(),
                        definition.id(),
                    )
                    .and_then(|words| words.guideline.as_ref())
                    .map(|guideline| guideline.minutes_per_week as f64),
                    points: vec![point],
                    verdict: None,
                    bands: None,
                }),
            }
        }
    }
    let (report, _) = outcomes(forms, Rule::Default);
    for one in &mut series {
        one.points.sort_by(|a, b| a.date.cmp(&b.date));
        let Some(outcome) = report
            .scores
            .iter()
            .find(|outcome| outcome.instrument == one.instrument && outcome.score == one.score)
        else {
            continue;
        };
        if outcome.n_paired != 1 {
            continue;
        }
        one.verdict = Some(verdict(outcome, outcome.mean_change));
        let scored: Vec<&Point> = one
            .points
            .iter()
            .filter(|point| point.value.is_some())
            .collect();
        one.bands = band_words(
            scored.first().and_then(|point| point.band.as_deref()),
            scored.last().and_then(|point| point.band.as_deref()),
        );
    }
    series
}
