//! Outcome figures from hand-computed fixtures: pairing (rows out of order, several
//! follow-ups, missing follow-ups), every rule, the Student's t interval, the baseline-band
//! breakdown with its regression-to-the-mean note, the funnel, and duplicates refused.

use wellcheck_interchange::csv_records::FormReader;
use wellcheck_outcomes::{AddError, Cohort, Place, REGRESSION_NOTE, Rule, ScoreOutcome};

/// Answers for an instrument whose items all run from `low` to `high`, adding up to `total`.
fn answers_totalling(items: usize, low: i64, high: i64, total: i64) -> String {
    let mut left = total - low * items as i64;
    assert!(left >= 0 && left <= (high - low) * items as i64, "{total}");
    (0..items)
        .map(|_| {
            let add = left.min(high - low);
            left -= add;
            (low + add).to_string()
        })
        .collect::<Vec<_>>()
        .join(",")
}

pub(crate) fn phq9(total: i64) -> String {
    answers_totalling(9, 0, 3, total)
}

fn wemwbs(total: i64) -> String {
    answers_totalling(14, 1, 5, total)
}

/// A cohort from CSV text, as the command line builds it.
pub(crate) fn cohort(csv: &str) -> Cohort {
    let mut cohort = Cohort::new();
    let source = cohort.add_source("test.csv");
    let mut reader = FormReader::new(csv.as_bytes()).unwrap();
    while let Some(row) = reader.next_row() {
        let records = row.unwrap();
        let line = reader.row_line();
        if let Some(first) = records.first() {
            cohort
                .add_work(&first.client, &first.date, &first.needs, &first.support)
                .unwrap();
        }
        for record in records {
            let instrument = wellcheck_core::catalogue::get(&record.report.instrument).unwrap();
            cohort
                .add(
                    Place { source, line },
                    &record.client,
                    &record.date,
                    &instrument,
                    &record.report,
                )
                .unwrap();
        }
    }
    cohort
}

fn row<'a>(rows: &'a [ScoreOutcome], instrument: &str, score: &str) -> &'a ScoreOutcome {
    rows.iter()
        .find(|r| r.instrument == instrument && r.score == score)
        .unwrap()
}

fn counts(row: &ScoreOutcome) -> (u64, u64, u64) {
    (
        row.movement.improved,
        row.movement.unchanged,
        row.movement.worsened,
    )
}

/// PHQ-9, four paired clients and one without a follow-up. Rows are out of date order, and
/// client A has a middle form that must not count (the latest one does).
///
/// | client | baseline | follow-up | change |
/// | A | 15 (2026-01-10) | 9 (2026-04-10; 20 on 2026-02-10 ignored) | -6 |
/// | B | 12 | 8 | -4 |
/// | C | 10 | 17 | +7 |
/// | D | 8 | 8 | 0 |
/// | E | 11 | (none) | |
fn phq9_fixture() -> String {
    let mut csv = String::from("client,date,instrument,answers\n");
    for (client, date, total) in [
        ("A", "2026-04-10", 9),
        ("B", "2026-04-01", 8),
        ("A", "2026-02-10", 20),
        ("C", "2026-03-20", 17),
        ("A", "2026-01-10", 15),
        ("B", "2026-01-05", 12),
        ("C", "2026-01-06", 10),
        ("D", "2026-01-07", 8),
        ("D", "2026-03-07", 8),
        ("E", "2026-01-08", 11),
    ] {
        csv.push_str(&format!("{client},{date},phq-9,\"{}\"\n", phq9(total)));
    }
    csv
}

#[test]
fn phq9_pairs_by_client_with_the_reliable_change_threshold_of_six() {
    let outcomes = cohort(&phq9_fixture()).analyse(Rule::Default);
    let phq = row(&outcomes.scores, "phq-9", "total");
    // The default rule is the reliable-change threshold, 6 points (NHS Talking Therapies).
    assert_eq!(phq.rule.used, Rule::Reliable);
    assert_eq!(phq.rule.threshold, Some(6.0));
    assert!(
        phq.rule.description.contains("a fall of 6 points or more"),
        "{:?}",
        phq.rule
    );
    assert_eq!((phq.n_paired, phq.n_unpaired, phq.n_incomplete), (4, 1, 0));
    // A's fall of exactly 6 counts (a tie with the threshold is improved); B's 4 does not;
    // C's rise of 7 is a reliable worsening; D did not move.
    assert_eq!(counts(phq), (1, 2, 1));
    assert_eq!(phq.mean_change_among_improved, Some(-6.0));
    // Changes -6, -4, +7, 0: mean -0.75; sorted -6, -4, 0, 7: median (-4 + 0) / 2 = -2.
    assert_eq!(phq.mean_change, Some(-0.75));
    assert_eq!(phq.median_change, Some(-2.0));
    assert_eq!(phq.mean_baseline, Some(11.25));
    assert_eq!(phq.mean_follow_up, Some(10.5));
    // By hand, n = 4: deviations from -0.75 are -5.25, -3.25, 7.75, 0.75; squares sum to
    // 98.75; sd = sqrt(98.75 / 3) = 5.7373. t(0.975, 3 df) = 3.182 (not 1.96), so the half
    // width is 3.1824 x 5.7373 / sqrt(4) = 9.129: the interval is -9.88 to 8.38.
    assert_eq!(phq.sd_change, Some(5.74));
    assert_eq!(phq.t_multiplier, Some(3.182));
    assert_eq!(phq.mean_change_ci95, Some((-9.88, 8.38)));
}

#[test]
fn phq9_under_each_rule() {
    let cohort = cohort(&phq9_fixture());
    let under = |rule| {
        let outcomes = cohort.analyse(rule);
        let phq = row(&outcomes.scores, "phq-9", "total").clone();
        (phq.rule.used, counts(&phq))
    };
    assert_eq!(under(Rule::Reliable), (Rule::Reliable, (1, 2, 1)));
    // Meaningful (Lowe 2004): 5 points. -6 improved, -4 not, +7 worse.
    assert_eq!(under(Rule::Meaningful), (Rule::Meaningful, (1, 2, 1)));
    // Any change: A and B improved, D unchanged, C worse.
    assert_eq!(under(Rule::AnyChange), (Rule::AnyChange, (2, 1, 1)));
    // Bands: A moderately severe to mild, B moderate to mild (better); C moderate to
    // moderately severe (worse); D mild to mild.
    assert_eq!(under(Rule::Band), (Rule::Band, (2, 1, 1)));
    // PHQ-9 has no reference SD and reliability here, so `rci` falls back to the default
    // and says so.
    let outcomes = cohort.analyse(Rule::Rci);
    let phq = row(&outcomes.scores, "phq-9", "total");
    assert_eq!(
        (phq.rule.used, phq.rule.requested),
        (Rule::Reliable, Rule::Rci)
    );
    assert!(
        phq.rule
            .note
            .as_deref()
            .unwrap()
            .contains("`rci` was asked for"),
        "{:?}",
        phq.rule
    );
}

#[test]
fn the_funnel_counts_who_came_back() {
    let outcomes = cohort(&phq9_fixture()).analyse(Rule::Default);
    assert_eq!(outcomes.funnel.clients_with_baseline, 5);
    assert_eq!(outcomes.funnel.clients_with_follow_up, 4);
    let json = outcomes.to_json_value();
    assert_eq!(json["funnel"]["attrition"], 0.2);
    assert_eq!(json["funnel"]["lost_to_follow_up"], 1);
    assert_eq!(json["funnel"]["by_instrument"][0]["with_baseline"], 5);
}

/// WEMWBS: ten paired clients, five starting at 40 (the lowest band, "probable
/// depression", 14-40) and five at 50 ("average", 45-59).
///
/// Changes: +11, +9, +8, +4, +3 (from 40) and +2, 0, -3, -10, -11 (from 50).
fn wemwbs_cohort() -> Cohort {
    let mut csv = String::from("client,date,instrument,answers\n");
    let pairs = [
        (40, 51),
        (40, 49),
        (40, 48),
        (40, 44),
        (40, 43),
        (50, 52),
        (50, 50),
        (50, 47),
        (50, 40),
        (50, 39),
    ];
    for (index, (before, after)) in pairs.iter().enumerate() {
        csv.push_str(&format!(
            "w{index},2026-01-01,wemwbs,\"{}\"\n",
            wemwbs(*before)
        ));
        csv.push_str(&format!(
            "w{index},2026-06-01,wemwbs,\"{}\"\n",
            wemwbs(*after)
        ));
    }
    cohort(&csv)
}

#[test]
fn wemwbs_under_every_rule() {
    let cohort = wemwbs_cohort();
    let under = |rule| {
        let outcomes = cohort.analyse(rule);
        let wemwbs = row(&outcomes.scores, "wemwbs", "total").clone();
        (wemwbs.rule.used, counts(&wemwbs))
    };
    // Any rise: +11, +9, +8, +4, +3, +2 improved; 0 unchanged; -3, -10, -11 worse.
    assert_eq!(under(Rule::AnyChange), (Rule::AnyChange, (6, 1, 3)));
    // Meaningful, 3 points (1 SEM, Maheswaran 2012): +2 and 0 unchanged; -3 is worse.
    assert_eq!(under(Rule::Meaningful), (Rule::Meaningful, (5, 2, 3)));
    // Reliable, 8 points (2.77 SEM): +11, +9, +8 improved; -10 and -11 worse.
    assert_eq!(under(Rule::Reliable), (Rule::Reliable, (3, 5, 2)));
    assert_eq!(under(Rule::Default), (Rule::Reliable, (3, 5, 2)));
    // RCI: 1.96 x sqrt(2) x 8.79 x sqrt(1 - 0.83) = 10.05 points, so only +11 and -11.
    assert_eq!(under(Rule::Rci), (Rule::Rci, (1, 8, 1)));
    // Bands: from 40, every rise leaves the lowest band; from 50, 52, 50 and 47 stay in
    // "average" and 40 and 39 fall to the lowest.
    assert_eq!(under(Rule::Band), (Rule::Band, (5, 3, 2)));

    let outcomes = cohort.analyse(Rule::Rci);
    let rci = &row(&outcomes.scores, "wemwbs", "total").rule;
    assert_eq!(rci.threshold, Some(10.05));
    assert!(
        rci.description.contains("10.05 points"),
        "{}",
        rci.description
    );
}

#[test]
fn wemwbs_interval_for_ten_clients_and_the_breakdown_by_baseline_band() {
    let outcomes = wemwbs_cohort().analyse(Rule::Default);
    let wemwbs = row(&outcomes.scores, "wemwbs", "total");
    // Mean 13 / 10 = 1.3; median of ten: (2 + 3) / 2 = 2.5; sd 7.5137; t(9) = 2.262:
    // half width 2.2622 x 7.5137 / sqrt(10) = 5.375, so -4.07 to 6.67.
    assert_eq!(wemwbs.mean_change, Some(1.3));
    assert_eq!(wemwbs.median_change, Some(2.5));
    assert_eq!(wemwbs.t_multiplier, Some(2.262));
    assert_eq!(wemwbs.mean_change_ci95, Some((-4.07, 6.67)));
    // Reliable improvers: +11, +9, +8, mean 28 / 3 = 9.33.
    assert_eq!(wemwbs.mean_change_among_improved, Some(9.33));

    let bands = &wemwbs.by_baseline_band;
    let ids: Vec<&str> = bands.iter().map(|b| b.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "probable_depression",
            "possible_depression",
            "average",
            "high"
        ]
    );
    let lowest = &bands[0];
    assert_eq!(
        (
            lowest.n,
            lowest.movement.improved,
            lowest.movement.unchanged
        ),
        (5, 3, 2)
    );
    assert_eq!(lowest.mean_change, Some(7.0));
    // The lowest band is extreme: "100% of the most severely affected improved" is the
    // pattern regression to the mean produces, and the row says so.
    assert_eq!(lowest.note.as_deref(), Some(REGRESSION_NOTE));
    let average = &bands[2];
    assert_eq!(
        (
            average.n,
            average.movement.unchanged,
            average.movement.worsened
        ),
        (5, 3, 2)
    );
    assert_eq!(average.mean_change, Some(-4.4));
    assert_eq!(average.note, None, "a middle band is not extreme");
    assert_eq!((bands[1].n, bands[3].n), (0, 0));
    assert_eq!(bands[3].note, None, "an empty band has no note");

    let json = wemwbs.to_json_value();
    assert_eq!(json["by_baseline_band"]["probable_depression"]["n"], 5);
    assert_eq!(json["by_baseline_band"]["probable_depression"]["order"], 0);
    assert_eq!(
        json["band_order"],
        serde_json::json!([
            "probable_depression",
            "possible_depression",
            "average",
            "high"
        ])
    );
    assert_eq!(json["by_baseline_band"]["average"]["mean_change"], -4.4);
    assert_eq!(json["mean_change_ci95"]["low"], -4.07);
    assert_eq!(json["higher_is"], "better");
}

#[test]
fn evs_minutes_a_week_the_ninety_minutes_kind_of_figure() {
    // (days, minutes a day) at baseline and follow-up: 0 to 90, 60 to 150, 60 to 60, 60 to 30.
    let mut csv = String::from("client,date,instrument,answers\n");
    for (client, before, after) in [
        ("a", "0,0", "3,30"),
        ("b", "2,30", "5,30"),
        ("c", "1,60", "1,60"),
        ("d", "3,20", "2,15"),
    ] {
        csv.push_str(&format!("{client},2026-02-01,evs,\"{before}\"\n"));
        csv.push_str(&format!("{client},2026-05-01,evs,\"{after}\"\n"));
    }
    let outcomes = cohort(&csv).analyse(Rule::Default);
    let evs = row(&outcomes.scores, "evs", "minutes_per_week");
    // No threshold is published for EVS, so any rise counts, and the row says that this
    // counts noise as change.
    assert_eq!(evs.rule.used, Rule::AnyChange);
    assert!(
        evs.rule.note.as_deref().unwrap().contains("noise"),
        "{:?}",
        evs.rule
    );
    assert_eq!(counts(evs), (2, 1, 1));
    // Changes +90, +90, 0, -30: "those who increased their activity did so by 90 minutes a
    // week", but the mean over everyone is 37.5 and the median 45.
    assert_eq!(evs.mean_change_among_improved, Some(90.0));
    assert_eq!(evs.mean_change, Some(37.5));
    assert_eq!(evs.median_change, Some(45.0));
    // sd 61.8466; t(3) = 3.1824; half width 98.41: -60.91 to 135.91, which includes no
    // change at all.
    assert_eq!(evs.mean_change_ci95, Some((-60.91, 135.91)));
}

#[test]
fn one_pair_has_no_interval_and_says_so() {
    let csv = format!(
        "client,date,instrument,answers\nx,2026-01-01,phq-9,\"{}\"\nx,2026-02-01,phq-9,\"{}\"\n",
        phq9(10),
        phq9(3)
    );
    let outcomes = cohort(&csv).analyse(Rule::Default);
    let phq = row(&outcomes.scores, "phq-9", "total");
    assert_eq!(phq.n_paired, 1);
    assert_eq!(phq.mean_change, Some(-7.0));
    assert_eq!(phq.mean_change_ci95, None);
    assert_eq!(phq.t_multiplier, None);
    assert!(
        phq.notes.iter().any(|n| n.contains("no interval")),
        "{:?}",
        phq.notes
    );
}

#[test]
fn a_form_missing_the_score_is_counted_not_dropped() {
    // UCLA-3 with an unanswered item has no total; the pair is counted as incomplete.
    let csv = "client,date,instrument,answers\n\
               a,2026-01-01,ucla-3,\"3,3,3\"\n\
               a,2026-02-01,ucla-3,\"1,-,1\"\n\
               b,2026-01-01,ucla-3,\"3,3,2\"\n\
               b,2026-02-01,ucla-3,\"1,1,1\"\n";
    let outcomes = cohort(csv).analyse(Rule::Default);
    let ucla = row(&outcomes.scores, "ucla-3", "total");
    assert_eq!(
        (ucla.n_paired, ucla.n_unpaired, ucla.n_incomplete),
        (1, 0, 1)
    );
    assert_eq!(ucla.mean_change, Some(-5.0));
}

#[test]
fn a_second_form_on_the_same_date_is_refused_naming_the_first() {
    let instrument = wellcheck_core::catalogue::get("ucla-3").unwrap();
    let answers = wellcheck_core::Answers::parse(&instrument, "1,2,3").unwrap();
    let report = wellcheck_core::score(&instrument, &answers).unwrap();
    let mut cohort = Cohort::new();
    let first_file = cohort.add_source("north.csv");
    let second_file = cohort.add_source("south.csv");
    let first = Place {
        source: first_file,
        line: 7,
    };
    cohort
        .add(first, "C-1", "2026-03-01", &instrument, &report)
        .unwrap();
    // A middle date, then the duplicate of the first: still caught.
    cohort
        .add(
            Place {
                source: first_file,
                line: 8,
            },
            "C-1",
            "2026-04-01",
            &instrument,
            &report,
        )
        .unwrap();
    let second = Place {
        source: second_file,
        line: 3,
    };
    assert_eq!(
        cohort.add(second, "C-1", "2026-03-01", &instrument, &report),
        Err(AddError::Duplicate { first })
    );
    assert_eq!(cohort.source_name(first.source), "north.csv");
    assert_eq!(
        cohort.add(second, "C-1", "01/03/2026", &instrument, &report),
        Err(AddError::BadDate)
    );
    // Another client on the same date is fine.
    assert!(
        cohort
            .add(second, "C-2", "2026-03-01", &instrument, &report)
            .is_ok()
    );
}

#[test]
fn duplicates_of_forms_no_longer_held_are_caught_too() {
    let instrument = wellcheck_core::catalogue::get("ucla-3").unwrap();
    let answers = wellcheck_core::Answers::parse(&instrument, "1,2,3").unwrap();
    let report = wellcheck_core::score(&instrument, &answers).unwrap();
    let mut cohort = Cohort::new();
    let source = cohort.add_source("a.csv");
    let at = |line| Place { source, line };
    // March, then May, then April (between: not held), then February (the new baseline
    // displaces March, which is not the latest either).
    for (line, date) in [
        (2, "2026-03-01"),
        (3, "2026-05-01"),
        (4, "2026-04-01"),
        (5, "2026-02-01"),
    ] {
        cohort
            .add(at(line), "c", date, &instrument, &report)
            .unwrap();
    }
    for (date, first) in [
        ("2026-04-01", 4),
        ("2026-03-01", 2),
        ("2026-05-01", 3),
        ("2026-02-01", 5),
    ] {
        assert_eq!(
            cohort.add(at(9), "c", date, &instrument, &report),
            Err(AddError::Duplicate { first: at(first) }),
            "{date}"
        );
    }
    // February is the baseline and May the follow-up.
    let outcomes = cohort.analyse(Rule::Default);
    assert_eq!(outcomes.funnel.by_instrument[0].with_follow_up, 1);
}

#[test]
fn rule_names_are_read_in_any_case() {
    assert_eq!(Rule::parse("ANY_CHANGE"), Some(Rule::AnyChange));
    assert_eq!(Rule::parse(" rci "), Some(Rule::Rci));
    assert_eq!(Rule::parse("significant"), None);
    for rule in Rule::ALL {
        assert_eq!(Rule::parse(rule.as_str()), Some(rule));
    }
}

#[test]
fn an_unfinished_form_does_not_hide_a_clients_finished_pair() {
    // A finished on 10 January and 10 February, then a blank form on 10 April: the pair is
    // January to February, not lost. B's only finished form is its baseline.
    let csv = "client,date,instrument,answers\n\
               a,2026-01-10,ucla-3,\"3,3,3\"\n\
               a,2026-02-10,ucla-3,\"1,1,2\"\n\
               a,2026-04-10,ucla-3,\"-,-,-\"\n\
               b,2026-01-10,ucla-3,\"3,3,2\"\n\
               b,2026-03-10,ucla-3,\"1,-,1\"\n";
    let outcomes = cohort(csv).analyse(Rule::Default);
    let ucla = row(&outcomes.scores, "ucla-3", "total");
    assert_eq!(
        (ucla.n_paired, ucla.n_unpaired, ucla.n_incomplete),
        (1, 0, 1)
    );
    assert_eq!(ucla.mean_change, Some(-5.0));
    // 10 January to 10 February is 31 days.
    assert_eq!(ucla.median_days_to_follow_up, Some(31.0));
    assert_eq!(
        outcomes.period,
        Some(("2026-01-10".to_owned(), "2026-04-10".to_owned()))
    );
}

#[test]
fn with_two_bands_only_the_worse_one_carries_the_regression_note() {
    // UCLA-3: not lonely (3-5), lonely (6-9); lower is better, so "lonely" is the extreme.
    let csv = "client,date,instrument,answers\n\
               a,2026-01-01,ucla-3,\"3,3,3\"\na,2026-03-01,ucla-3,\"2,2,2\"\n\
               b,2026-01-01,ucla-3,\"1,1,1\"\nb,2026-03-01,ucla-3,\"1,1,2\"\n";
    let outcomes = cohort(csv).analyse(Rule::Default);
    let bands = &row(&outcomes.scores, "ucla-3", "total").by_baseline_band;
    assert_eq!(bands[0].id, "not_lonely");
    assert_eq!(bands[0].note, None);
    assert_eq!(bands[1].note.as_deref(), Some(REGRESSION_NOTE));
}

#[test]
fn identical_changes_give_an_interval_of_no_width_and_say_what_it_means() {
    let mut csv = String::from("client,date,instrument,answers\n");
    for client in ["a", "b", "c"] {
        csv.push_str(&format!(
            "{client},2026-01-01,phq-9,\"{}\"\n{client},2026-03-01,phq-9,\"{}\"\n",
            phq9(12),
            phq9(6)
        ));
    }
    let outcomes = cohort(&csv).analyse(Rule::Default);
    let phq = row(&outcomes.scores, "phq-9", "total");
    assert_eq!(phq.mean_change_ci95, Some((-6.0, -6.0)));
    assert!(
        phq.notes.iter().any(|n| n.contains("no width")),
        "{:?}",
        phq.notes
    );
    // The same for a score with decimals (SWEMWBS metric 7 to 9.51), where floating point
    // would leave a trace of spread.
    let mut csv = String::from("client,date,instrument,answers\n");
    for client in ["a", "b", "c"] {
        csv.push_str(&format!(
            "{client},2026-01-01,swemwbs,\"1,1,1,1,1,1,1\"\n{client},2026-03-01,swemwbs,\"1,2,1,1,1,1,1\"\n"
        ));
    }
    let outcomes = cohort(&csv).analyse(Rule::Default);
    let swemwbs = row(&outcomes.scores, "swemwbs", "metric");
    assert_eq!(swemwbs.mean_change, Some(2.51));
    assert!(
        swemwbs.notes.iter().any(|n| n.contains("no width")),
        "{:?}",
        swemwbs.notes
    );
}

#[test]
fn category_codes_get_counts_only_and_raw_scores_point_to_the_reported_one() {
    // The ONS direct question is a category code (1 often/always ... 5 never): no means.
    let csv = "client,date,instrument,answers\n\
               a,2026-01-01,ons-loneliness,1\na,2026-03-01,ons-loneliness,3\n\
               b,2026-01-01,ons-loneliness,4\nb,2026-03-01,ons-loneliness,4\n\
               c,2026-01-01,who-5,\"1,1,1,1,1\"\nc,2026-03-01,who-5,\"2,2,2,2,2\"\n";
    let outcomes = cohort(csv).analyse(Rule::Default);
    let ons = row(&outcomes.scores, "ons-loneliness", "frequency");
    assert_eq!(counts(ons), (1, 1, 0));
    assert_eq!(
        (ons.mean_change, ons.median_change, ons.mean_change_ci95),
        (None, None, None)
    );
    assert!(
        ons.by_baseline_band
            .iter()
            .all(|band| band.mean_change.is_none())
    );
    assert!(
        ons.notes.iter().any(|n| n.contains("category code")),
        "{:?}",
        ons.notes
    );
    // WHO-5's raw score is reported as the percentage, as the owner's guidance says.
    assert!(
        outcomes
            .scores
            .iter()
            .all(|r| !(r.instrument == "who-5" && r.score == "raw"))
    );
    assert_eq!(
        row(&outcomes.scores, "who-5", "percentage").mean_change,
        Some(20.0)
    );
    assert_eq!(outcomes.omitted.len(), 1);
    assert_eq!(
        (
            outcomes.omitted[0].instrument.as_str(),
            outcomes.omitted[0].score.as_str()
        ),
        ("who-5", "raw")
    );
}

#[test]
fn references_that_read_alike_and_clients_across_files_are_flagged() {
    let instrument = wellcheck_core::catalogue::get("ucla-3").unwrap();
    let answers = wellcheck_core::Answers::parse(&instrument, "1,2,3").unwrap();
    let report = wellcheck_core::score(&instrument, &answers).unwrap();
    let mut cohort = Cohort::new();
    let north = cohort.add_source("north.csv");
    let south = cohort.add_source("south.csv");
    let at = |source, line| Place { source, line };
    for (place, client, date) in [
        (at(north, 2), "C001", "2026-01-01"),
        (at(north, 3), "c001", "2026-02-01"),
        (at(north, 4), "C\u{200B}002", "2026-01-01"),
        (at(north, 5), "C002", "2026-02-01"),
        (at(north, 6), "C003", "2026-01-01"),
        (at(south, 2), "C003", "2026-02-01"),
    ] {
        cohort
            .add(place, client, date, &instrument, &report)
            .unwrap();
    }
    let warnings = cohort.analyse(Rule::Default).warnings;
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(
        warnings[0].starts_with("2 client reference(s) differ"),
        "{warnings:?}"
    );
    assert!(
        warnings[1].starts_with("1 client(s) have forms in more than one file"),
        "{warnings:?}"
    );
}

#[test]
fn many_look_alike_references_give_the_same_warning_every_time_in_any_order() {
    // 40 clients whose references differ from another's only in case: more than the five
    // examples the warning gives, so which five depends on the order they are read in.
    let mut rows = vec!["client,date,instrument,answers".to_owned()];
    for n in 0..40 {
        rows.push(format!("client-{n:02},2026-01-05,phq-9,\"{}\"", phq9(12)));
        rows.push(format!("CLIENT-{n:02},2026-04-05,phq-9,\"{}\"", phq9(6)));
    }
    let forward = rows.join("\n");
    let mut backward_rows = rows[1..].to_vec();
    backward_rows.reverse();
    let backward = format!("{}\n{}", rows[0], backward_rows.join("\n"));
    let warnings = |csv: &str| cohort(csv).analyse(Rule::Default).warnings;
    let first = warnings(&forward);
    assert!(
        first
            .iter()
            .any(|warning| warning.contains("40 client reference(s)")),
        "{first:?}"
    );
    for _ in 0..5 {
        assert_eq!(warnings(&forward), first);
        assert_eq!(warnings(&backward), first);
    }
}

#[test]
fn needs_and_support_are_counted_by_client_and_visit_and_said_to_be_counts() {
    // A visit's needs ride on each of its rows: A's baseline has two rows (one visit).
    let csv = "client,date,instrument,answers,needs,support\n\
        A,2026-01-05,ucla-3,\"3,3,3\",Housing; Loneliness or social isolation,Walking group\n\
        A,2026-01-05,ons-loneliness,3,Housing; Loneliness or social isolation,Walking group\n\
        A,2026-04-05,ucla-3,\"2,2,2\",Housing,Citizens Advice\n\
        B,2026-01-10,ucla-3,\"3,3,3\",Loneliness or social isolation,Men's shed\n\
        C,2026-01-11,ucla-3,\"1,1,1\",,\n";
    let mut cohort = Cohort::new();
    let source = cohort.add_source("work.csv");
    let mut reader = FormReader::new(csv.as_bytes()).unwrap();
    while let Some(row) = reader.next_row() {
        let line = reader.row_line();
        for record in row.unwrap() {
            cohort
                .add_work(&record.client, &record.date, &record.needs, &record.support)
                .unwrap();
            let instrument = wellcheck_core::catalogue::get(&record.report.instrument).unwrap();
            cohort
                .add(
                    Place { source, line },
                    &record.client,
                    &record.date,
                    &instrument,
                    &record.report,
                )
                .unwrap();
        }
    }
    let outcomes = cohort.analyse(Rule::Default);
    let listed =
        |counts: &[wellcheck_outcomes::work::WorkCount]| -> Vec<(String, String, usize, usize)> {
            counts
                .iter()
                .map(|count| {
                    (
                        count.entry.clone(),
                        count.group.clone(),
                        count.clients,
                        count.visits,
                    )
                })
                .collect()
        };
    let owned = |entry: &str, group: &str, clients, visits| {
        (entry.to_owned(), group.to_owned(), clients, visits)
    };
    // Most clients first; ties in the standard list's order, the scheme's own last.
    assert_eq!(
        listed(&outcomes.needs),
        [
            owned("Loneliness or social isolation", "Connection", 2, 2),
            owned("Housing", "Money and housing", 1, 2),
        ]
    );
    assert_eq!(
        listed(&outcomes.support),
        [
            owned("Walking group", "Being active", 1, 1),
            owned("Citizens Advice", "Advice", 1, 1),
            owned("Men's shed", "The scheme's own", 1, 1),
        ]
    );
    // The funnel still counts clients with forms only: the counts do not change it.
    assert_eq!(outcomes.funnel.clients_with_baseline, 3);
    let json = outcomes.to_json_value();
    assert_eq!(
        json["needs"][0],
        serde_json::json!({ "entry": "Loneliness or social isolation", "group": "Connection", "clients": 2, "visits": 2 })
    );
    assert_eq!(json["support"].as_array().unwrap().len(), 3);
    let text = wellcheck_outcomes::text::render(&outcomes, "test");
    assert!(
        text.contains("What was done") && text.contains(wellcheck_outcomes::work::WORK_NOTE),
        "{text}"
    );
    assert!(text.contains("Housing (Money and housing)"), "{text}");
    let page = wellcheck_outcomes::html::body(&outcomes);
    assert!(
        page.contains("<table id=\"needs\">") && page.contains("Men&#39;s shed")
            || page.contains("Men's shed"),
        "{page}"
    );
    assert!(
        page.contains("do not show that the support caused any change"),
        "{page}"
    );
    // With nothing recorded there is no section at all.
    let none = cohort_without_work();
    assert!(
        none.needs.is_empty()
            && !wellcheck_outcomes::text::render(&none, "t").contains("What was done")
    );
}

#[test]
fn entries_differing_in_case_or_spacing_are_one_entry_in_the_standard_wording() {
    let mut cohort = Cohort::new();
    let entries = |list: &[&str]| list.iter().map(|e| (*e).to_owned()).collect::<Vec<_>>();
    cohort
        .add_work(
            "A",
            "2026-01-05",
            &entries(&["housing"]),
            &entries(&["Men's Shed"]),
        )
        .unwrap();
    cohort
        .add_work(
            "B",
            "2026-01-06",
            &entries(&["  Housing "]),
            &entries(&["men's  shed"]),
        )
        .unwrap();
    let outcomes = cohort.analyse(Rule::Default);
    assert_eq!(outcomes.needs.len(), 1);
    assert_eq!(
        (
            outcomes.needs[0].entry.as_str(),
            outcomes.needs[0].group.as_str(),
            outcomes.needs[0].clients
        ),
        ("Housing", "Money and housing", 2)
    );
    assert_eq!(outcomes.support.len(), 1);
    assert_eq!(
        (
            outcomes.support[0].entry.as_str(),
            outcomes.support[0].clients
        ),
        ("Men's Shed", 2)
    );
    assert_eq!(outcomes.funnel.clients_with_baseline, 0);
}

fn cohort_without_work() -> wellcheck_outcomes::Outcomes {
    cohort("client,date,instrument,answers\nA,2026-01-05,ucla-3,\"3,3,3\"\n").analyse(Rule::Default)
}
