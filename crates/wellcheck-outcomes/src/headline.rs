//! The summary a commissioner reads in one minute, first on every outcome page: the scheme,
//! the period, how many clients were seen and came back, and one sentence per score in the
//! form schemes report ("62% felt less lonely, activity up 90 minutes a week"), made honest:
//! paired clients only, with n, both directions, the rule and the unit stated, and for an
//! amount the mean over everyone, with its interval, beside the mean among those who did more.
//!
//! Also the order the pages read in: the scheme's own set, else the built-in batteries'
//! order, never the alphabet (the JSON contract keeps its id order).

use wellcheck_core::definition::Direction;

use crate::Rule;
use crate::analysis::{FunnelRow, Outcomes, ScoreOutcome};
use crate::words::{amount, percent, plural, signed, signed_amount};
use crate::work::WorkCount;

/// What the headline says, as plain text (each page escapes it as it renders it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Headline {
    /// The scheme's name, when it was given.
    pub scheme: Option<String>,
    /// `1 March 2026 to 30 November 2026`, from the forms' dates.
    pub period: Option<String>,
    /// `6 clients seen; 4 came back for a follow-up (67%).`
    pub clients: String,
    /// One sentence per reported score, in reading order.
    pub sentences: Vec<String>,
    /// What was done, as counts: the needs and the support most often recorded.
    pub work: Vec<String>,
}

/// The longest scheme name a page shows.
pub const MAX_SCHEME_NAME: usize = 80;

/// A scheme's name as given (`--scheme`, the app's Settings), trimmed: one line of 1 to
/// [`MAX_SCHEME_NAME`] visible characters, or why not.
pub fn check_scheme_name(text: &str) -> Result<String, String> {
    let name = text.trim();
    if name.is_empty() || !wellcheck_core::text::has_visible(name) {
        return Err(
            "the scheme's name is empty: give the name your commissioner knows it by".to_owned(),
        );
    }
    if name.chars().count() > MAX_SCHEME_NAME {
        return Err(format!(
            "the scheme's name is {} characters: at most {MAX_SCHEME_NAME}",
            name.chars().count()
        ));
    }
    if name
        .chars()
        .any(|c| wellcheck_core::text::is_hidden(c) || (c.is_whitespace() && c != ' '))
    {
        return Err("the scheme's name must be one line, without hidden characters".to_owned());
    }
    Ok(name.to_owned())
}

/// The built-in batteries' instruments, one battery after another: read once per ordering,
/// not once per score.
fn battery_order() -> Vec<String> {
    wellcheck_core::catalogue::battery_ids()
        .filter_map(|battery| wellcheck_core::catalogue::battery(battery).ok())
        .flat_map(|battery| battery.instruments().to_vec())
        .collect()
}

/// Where an instrument sits in the reading order: the given order first, then the built-in
/// batteries' order, then after everything (by id, as the caller sorts stably).
fn place(order: &[String], batteries: &[String], id: &str) -> (usize, usize) {
    if let Some(at) = order.iter().position(|known| known == id) {
        return (0, at);
    }
    match batteries.iter().position(|known| known == id) {
        Some(at) => (1, at),
        None => (2, 0),
    }
}

impl Outcomes {
    /// The scores in the order the pages show them (the scheme's, else a battery's).
    pub fn reading_order(&self) -> Vec<&ScoreOutcome> {
        let batteries = battery_order();
        let mut scores: Vec<&ScoreOutcome> = self.scores.iter().collect();
        scores.sort_by_cached_key(|score| {
            (
                place(&self.order, &batteries, &score.instrument),
                score.instrument.clone(),
            )
        });
        scores
    }

    /// The funnel's rows in the same order.
    pub fn funnel_in_reading_order(&self) -> Vec<&FunnelRow> {
        let batteries = battery_order();
        let mut rows: Vec<&FunnelRow> = self.funnel.by_instrument.iter().collect();
        rows.sort_by_cached_key(|row| {
            (
                place(&self.order, &batteries, &row.instrument),
                row.instrument.clone(),
            )
        });
        rows
    }

    /// The headline summary.
    pub fn headline(&self) -> Headline {
        let funnel = &self.funnel;
        let seen = funnel.clients_with_baseline;
        let back = funnel.clients_with_follow_up;
        Headline {
            scheme: self.scheme.clone(),
            period: self.period.as_ref().map(|(from, to)| {
                if from == to {
                    long_date(from)
                } else {
                    format!("{} to {}", long_date(from), long_date(to))
                }
            }),
            clients: format!(
                "{} seen; {back} came back for a follow-up{}.",
                plural(seen, "client", "clients"),
                if seen > 0 {
                    format!(" ({})", percent(back, seen))
                } else {
                    String::new()
                }
            ),
            sentences: self.reading_order().into_iter().map(sentence).collect(),
            work: [
                ("Needs raised most often", &self.needs),
                ("Support most often offered or connected to", &self.support),
            ]
            .into_iter()
            .filter(|(_, counts)| !counts.is_empty())
            .map(|(what, counts)| format!("{what}: {}.", top_entries(counts, seen)))
            .collect(),
        }
    }
}

/// `Housing (3 of 6 clients), Debt or money worries (2)`: the three most often recorded.
fn top_entries(counts: &[WorkCount], seen: u64) -> String {
    counts
        .iter()
        .take(3)
        .enumerate()
        .map(|(index, count)| {
            if index == 0 {
                format!(
                    "{} ({} of {})",
                    count.entry,
                    count.clients,
                    plural(seen, "client", "clients")
                )
            } else {
                format!("{} ({})", count.entry, count.clients)
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// `2026-03-01` as `1 March 2026`; anything else as it is.
fn long_date(date: &str) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let mut parts = date.splitn(3, '-');
    let (Some(year), Some(month), Some(day)) = (parts.next(), parts.next(), parts.next()) else {
        return date.to_owned();
    };
    let month = month
        .parse::<usize>()
        .ok()
        .and_then(|m| m.checked_sub(1))
        .and_then(|m| MONTHS.get(m));
    match (day.parse::<u32>(), month) {
        (Ok(day), Some(month)) => format!("{day} {month} {year}"),
        _ => date.to_owned(),
    }
}

/// `UCLA-3, loneliness score`: the short name, and the score's name in lower case unless
/// it is an abbreviation or in title case (`Physical Activity Index`).
fn label(score: &ScoreOutcome) -> String {
    let name = &score.score_name;
    let mut chars = name.chars();
    let title_case = name
        .split_whitespace()
        .skip(1)
        .any(|word| word.chars().next().is_some_and(char::is_uppercase));
    let name = match (chars.next(), chars.next()) {
        (Some(first), Some(second))
            if first.is_uppercase() && second.is_lowercase() && !title_case =>
        {
            first.to_lowercase().chain(name.chars().skip(1)).collect()
        }
        _ => name.clone(),
    };
    format!("{}, {name}", score.instrument_short)
}

/// One score's sentence: `UCLA-3, loneliness score: 2 of 4 clients paired (50%) improved by
/// at least 1 point (the reliable-change threshold); 1 worsened by as much.`
pub fn sentence(score: &ScoreOutcome) -> String {
    let n = score.n_paired;
    let label = label(score);
    if n == 0 {
        return format!("{label}: no client has both a baseline and a follow-up yet.");
    }
    let unit = (score.unit.0.as_str(), score.unit.1.as_str());
    // A score in its own unit (minutes, days) is an amount done, not a state felt.
    let amount_done = unit.1 != "points";
    let (more, less) = match score.direction {
        Direction::HigherIsBetter => ("did more", "did less"),
        Direction::LowerIsBetter => ("did less", "did more"),
    };
    let (better, worse) = match (score.rule.used, score.rule.threshold) {
        (Rule::Band, _) => ("moved to a better band".to_owned(), "moved to a worse band"),
        (Rule::Reliable | Rule::Meaningful, Some(threshold)) => (
            format!(
                "improved by at least {} (the {}-change threshold)",
                amount(threshold, unit),
                if score.rule.used == Rule::Reliable {
                    "reliable"
                } else {
                    "meaningful"
                }
            ),
            "worsened by as much",
        ),
        (Rule::Rci, _) => (
            "improved beyond the reliable change index".to_owned(),
            "worsened beyond it",
        ),
        _ if amount_done => (format!("{more} (any change counted)"), less),
        _ => ("improved (any change counted)".to_owned(), "worsened"),
    };
    let improved = score.movement.improved;
    let mut text = format!(
        "{label}: {improved} of {n} {} paired ({}) {better}; {} {worse}",
        if n == 1 { "client" } else { "clients" },
        percent(improved, n),
        score.movement.worsened
    );
    if amount_done && !score.counts_only {
        let mut said_among = false;
        if let Some(among) = score.mean_change_among_improved {
            text.push_str(&format!(
                "; {} on average among those who {}",
                signed_amount(among, unit),
                if better.starts_with("did ") {
                    more
                } else {
                    "improved"
                }
            ));
            said_among = true;
        }
        if let Some(mean) = score.mean_change {
            let interval = score.mean_change_ci95.map_or_else(
                || "too few clients for an interval".to_owned(),
                |(low, high)| format!("95% interval {} to {}", signed(low), signed(high)),
            );
            text.push_str(&format!(
                "{} {} {} ({interval})",
                if said_among { "," } else { ";" },
                signed_amount(mean, unit),
                if n == 1 {
                    "for the one client".to_owned()
                } else {
                    format!("over all {n}")
                }
            ));
        }
    }
    text.push('.');
    text
}

#[cfg(test)]
mod tests {
    use super::{check_scheme_name, long_date};

    #[test]
    fn a_scheme_name_is_one_visible_line() {
        assert_eq!(
            check_scheme_name("  North Town Link  "),
            Ok("North Town Link".to_owned())
        );
        assert!(check_scheme_name("").unwrap_err().contains("empty"));
        assert!(check_scheme_name("\u{200B}").unwrap_err().contains("empty"));
        assert!(check_scheme_name("a\nb").unwrap_err().contains("one line"));
        assert!(
            check_scheme_name("a\u{2028}b")
                .unwrap_err()
                .contains("one line")
        );
        assert!(
            check_scheme_name(&"x".repeat(81))
                .unwrap_err()
                .contains("at most 80")
        );
    }

    #[test]
    fn dates_read_as_words() {
        assert_eq!(long_date("2026-03-01"), "1 March 2026");
        assert_eq!(long_date("2026-12-31"), "31 December 2026");
        assert_eq!(long_date("2026-13-01"), "2026-13-01");
        assert_eq!(long_date("soon"), "soon");
    }
}
