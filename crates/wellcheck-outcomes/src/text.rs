//! The outcome report as plain text for a terminal (`wellcheck report`'s default): the same
//! figures as the page (`html.rs`), in the same words (`words.rs`), with every name from an
//! input shown with its control and direction characters escaped.

use std::fmt::Write;

use crate::words::{direction_words, requested_rule_words, share};
use crate::work::{NEEDS_HEADING, SUPPORT_HEADING, WORK_NOTE};
use crate::{NO_CONTROL_NOTE, Outcomes, REGRESSION_CAVEAT, ScoreOutcome};

/// A signed number for a terminal: `+1.3`, `-4.4`, `0`.
fn signed(value: f64) -> String {
    crate::words::signed(value).replace('\u{2212}', "-")
}

fn optional(value: Option<f64>) -> String {
    value.map_or_else(|| "n/a".to_owned(), signed)
}

/// The readable table `wellcheck report` prints by default.
pub fn render(outcomes: &Outcomes, generator: &str) -> String {
    let mut page = String::new();
    let funnel = &outcomes.funnel;
    let _ = writeln!(page, "{} ({generator})", crate::html::title(outcomes));
    headline_text(&mut page, outcomes);
    let _ = writeln!(
        page,
        "Inputs: {}",
        wellcheck_core::text::visible(&outcomes.sources.join(", "))
    );
    if let Some((from, to)) = &outcomes.period {
        let _ = writeln!(page, "Forms dated: {from} to {to}");
    }
    let _ = writeln!(
        page,
        "Pairing: per client and score, the earliest form with the score (baseline) against the latest later form with it (follow-up)."
    );
    let _ = writeln!(
        page,
        "Rule asked for: {}.",
        requested_rule_words(outcomes.rule)
    );
    for warning in &outcomes.warnings {
        let _ = writeln!(page, "Check the data: {warning}");
    }
    let _ = writeln!(page);
    let _ = writeln!(page, "Who came back");
    let width = funnel
        .by_instrument
        .iter()
        .map(|row| row.name.chars().count())
        .max()
        .unwrap_or(0)
        .max(18);
    let _ = writeln!(
        page,
        "  {:width$}  {:>8}  {:>9}  no follow-up yet",
        "questionnaire", "baseline", "follow-up"
    );
    let lost = |with: u64, back: u64| share(with - back.min(with), with);
    for row in outcomes.funnel_in_reading_order() {
        let _ = writeln!(
            page,
            "  {:width$}  {:>8}  {:>9}  {}",
            row.name,
            row.with_baseline,
            row.with_follow_up,
            lost(row.with_baseline, row.with_follow_up)
        );
    }
    let _ = writeln!(
        page,
        "  {:width$}  {:>8}  {:>9}  {}",
        "any questionnaire",
        funnel.clients_with_baseline,
        funnel.clients_with_follow_up,
        lost(funnel.clients_with_baseline, funnel.clients_with_follow_up)
    );
    for score in outcomes.reading_order() {
        score_text(&mut page, score);
    }
    for omitted in &outcomes.omitted {
        let _ = writeln!(page);
        let _ = writeln!(
            page,
            "Not reported: {} {}: {}.",
            omitted.instrument, omitted.score, omitted.reason
        );
    }
    work_text(&mut page, outcomes);
    let _ = writeln!(page);
    let _ = writeln!(page, "Read these figures with care:");
    let _ = writeln!(page, "  - {NO_CONTROL_NOTE}");
    let _ = writeln!(page, "  - {REGRESSION_CAVEAT}");
    let _ = writeln!(page);
    let _ = writeln!(page, "Definitions used:");
    for definition in &outcomes.definitions {
        let _ = writeln!(
            page,
            "  {} {} {}",
            definition.id, definition.version, definition.hash
        );
    }
    page
}

/// The headline summary, first: the same sentences as the page's.
fn headline_text(page: &mut String, outcomes: &Outcomes) {
    let headline = outcomes.headline();
    let _ = writeln!(page);
    let _ = writeln!(page, "Summary");
    if let Some(scheme) = &headline.scheme {
        let _ = writeln!(page, "  Scheme: {}", wellcheck_core::text::visible(scheme));
    }
    if let Some(period) = &headline.period {
        let _ = writeln!(page, "  Period: {period}");
    }
    let _ = writeln!(page, "  {}", headline.clients);
    for line in headline.sentences.iter().chain(&headline.work) {
        let _ = writeln!(
            page,
            "  - {}",
            wellcheck_core::text::visible(&line.replace('\u{2212}', "-"))
        );
    }
    let _ = writeln!(page);
}

/// The needs and support counted, when any were recorded.
fn work_text(page: &mut String, outcomes: &Outcomes) {
    if outcomes.needs.is_empty() && outcomes.support.is_empty() {
        return;
    }
    let _ = writeln!(page);
    let _ = writeln!(page, "What was done");
    let _ = writeln!(page, "  {WORK_NOTE}");
    for (heading, counts) in [
        (NEEDS_HEADING, &outcomes.needs),
        (SUPPORT_HEADING, &outcomes.support),
    ] {
        if counts.is_empty() {
            continue;
        }
        let named: Vec<String> = counts
            .iter()
            .map(|count| {
                wellcheck_core::text::visible(&format!("{} ({})", count.entry, count.group))
            })
            .collect();
        let width = named
            .iter()
            .map(|name| name.chars().count())
            .max()
            .unwrap_or(0)
            .max(heading.len());
        let _ = writeln!(
            page,
            "  {heading:width$}  {:>7}  {:>6}",
            "clients", "visits"
        );
        for (name, count) in named.iter().zip(counts.iter()) {
            let _ = writeln!(
                page,
                "  {name:width$}  {:>7}  {:>6}",
                count.clients, count.visits
            );
        }
    }
}

fn score_text(page: &mut String, score: &ScoreOutcome) {
    let n = score.n_paired;
    let _ = writeln!(page);
    let _ = writeln!(
        page,
        "{} - {} ({})",
        score.instrument_name,
        score.score_name,
        direction_words(score.direction)
    );
    let _ = writeln!(
        page,
        "  Rule used: {}: {}",
        score.rule.used.as_str(),
        score.rule.description
    );
    if let Some(note) = &score.rule.note {
        let _ = writeln!(page, "    {note}");
    }
    let _ = writeln!(
        page,
        "  Paired {n}; baseline only {}{}",
        score.n_unpaired,
        if score.n_incomplete > 0 {
            format!("; followed up but incomplete {}", score.n_incomplete)
        } else {
            String::new()
        }
    );
    let movement = score.movement;
    let _ = writeln!(page, "  Improved   {}", share(movement.improved, n));
    let _ = writeln!(page, "  Unchanged  {}", share(movement.unchanged, n));
    let _ = writeln!(page, "  Worsened   {}", share(movement.worsened, n));
    if score.counts_only {
        let _ = writeln!(page, "  Averages not given: the score is a category code");
    } else {
        averages_text(page, score);
    }
    for note in &score.notes {
        let _ = writeln!(page, "  Note: {note}");
    }
    bands_text(page, score);
}

fn averages_text(page: &mut String, score: &ScoreOutcome) {
    let n = score.n_paired;
    let unit = (score.unit.0.as_str(), score.unit.1.as_str());
    let optional = |value: Option<f64>| {
        value.map_or_else(
            || "n/a".to_owned(),
            |v| crate::words::signed_amount(v, unit).replace('\u{2212}', "-"),
        )
    };
    let interval = match (score.mean_change_ci95, score.t_multiplier) {
        (Some((low, high)), Some(t)) => format!(
            " (95% CI {} to {}; t = {t} with {} df)",
            signed(low),
            signed(high),
            n.saturating_sub(1)
        ),
        _ => " (no interval)".to_owned(),
    };
    let _ = writeln!(
        page,
        "  Mean change {}{interval}",
        optional(score.mean_change)
    );
    let _ = writeln!(page, "  Median change {}", optional(score.median_change));
    if let (Some(before), Some(after)) = (score.mean_baseline, score.mean_follow_up) {
        let _ = writeln!(
            page,
            "  Mean score {} at baseline, {} at follow-up",
            signed(before).trim_start_matches('+'),
            signed(after).trim_start_matches('+')
        );
    }
    if let Some(days) = score.median_days_to_follow_up {
        let unit = if days == 1.0 { "day" } else { "days" };
        let _ = writeln!(page, "  Median time to follow-up {days} {unit}");
    }
    let _ = writeln!(
        page,
        "  Mean change among those who improved {}",
        optional(score.mean_change_among_improved)
    );
}

fn bands_text(page: &mut String, score: &ScoreOutcome) {
    if score.by_baseline_band.is_empty() || score.n_paired == 0 {
        return;
    }
    let width = score
        .by_baseline_band
        .iter()
        .map(|band| band.label.chars().count())
        .max()
        .unwrap_or(0)
        .max(16);
    let _ = writeln!(
        page,
        "  By baseline band:\n    {:width$}  {:>5}  {:>8}  {:>9}  {:>8}  {:>11}",
        "band", "n", "improved", "unchanged", "worsened", "mean change"
    );
    let mut any_extreme = false;
    for band in &score.by_baseline_band {
        let mark = if band.note.is_some() {
            any_extreme = true;
            " *"
        } else {
            ""
        };
        let _ = writeln!(
            page,
            "    {:width$}  {:>5}  {:>8}  {:>9}  {:>8}  {:>11}{mark}",
            band.label,
            band.n,
            band.movement.improved,
            band.movement.unchanged,
            band.movement.worsened,
            optional(band.mean_change)
        );
    }
    if any_extreme {
        let _ = writeln!(
            page,
            "    * an extreme baseline band: regression to the mean alone moves it toward the middle"
        );
    }
}
