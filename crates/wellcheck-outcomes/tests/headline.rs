//! The headline summary for six clients, every figure worked out by hand: the sentences,
//! their order (the battery's, not the alphabet), their units, and the pages that show them.

use wellcheck_outcomes::Rule;

use crate::outcomes::{cohort, phq9};

/// Six clients: four came back (a to d), two did not (e, f).
fn six_clients() -> String {
    let mut csv = String::from("client,date,instrument,answers,needs,support\n");
    // UCLA-3 totals (lower is better): 7 to 5, 6 to 6, 5 to 8, 9 to 4; e and f baseline only.
    let ucla = |total: i64| {
        let mut left = total - 3;
        (0..3)
            .map(|_| {
                let add = left.min(2);
                left -= add;
                (1 + add).to_string()
            })
            .collect::<Vec<_>>()
            .join(",")
    };
    // Exercise (days, minutes a day): changes +90, +90, 0 and -30 minutes a week.
    // PHQ-9 totals: 12 to 5 (-7), 10 to 6 (-4), 8 to 15 (+7), 14 to 13 (-1).
    for (client, (u0, u1), (e0, e1), (p0, p1), needs, support) in [
        (
            "a",
            (7, 5),
            ("0,0", "3,30"),
            (12, 5),
            "Housing",
            "Walking group; Citizens Advice",
        ),
        (
            "b",
            (6, 6),
            ("2,30", "5,30"),
            (10, 6),
            "Housing",
            "Walking group",
        ),
        (
            "c",
            (5, 8),
            ("1,60", "1,60"),
            (8, 15),
            "Debt or money worries",
            "",
        ),
        ("d", (9, 4), ("3,20", "2,15"), (14, 13), "", ""),
    ] {
        for (date, ucla_total, exercise, phq, needs, support) in [
            ("2026-03-02", u0, e0, p0, needs, support),
            ("2026-06-01", u1, e1, p1, "", ""),
        ] {
            csv.push_str(&format!(
                "{client},{date},ucla-3,\"{}\",{needs},{support}\n{client},{date},evs,\"{exercise}\",{needs},{support}\n{client},{date},phq-9,\"{}\",{needs},{support}\n",
                ucla(ucla_total),
                phq9(phq)
            ));
        }
    }
    csv.push_str(&format!("e,2026-04-01,ucla-3,\"{}\",,\n", ucla(6)));
    csv.push_str(&format!("f,2026-04-02,ucla-3,\"{}\",,\n", ucla(7)));
    csv
}

#[test]
fn six_clients_read_in_one_minute() {
    let mut outcomes = cohort(&six_clients()).analyse(Rule::Default);
    outcomes.scheme = Some("North Town Link".to_owned());
    let headline = outcomes.headline();
    assert_eq!(headline.scheme.as_deref(), Some("North Town Link"));
    assert_eq!(
        headline.period.as_deref(),
        Some("2 March 2026 to 1 June 2026")
    );
    assert_eq!(
        headline.clients,
        "6 clients seen; 4 came back for a follow-up (67%)."
    );
    assert_eq!(
        headline.sentences,
        [
            // The social prescribing battery's order: UCLA-3 before exercise; PHQ-9, in no
            // battery, after. Not the alphabet (evs, phq-9, ucla-3).
            "UCLA-3, loneliness score: 2 of 4 clients paired (50%) improved (any change counted); 1 worsened.",
            "Exercise Vital Sign, minutes of moderate to strenuous exercise a week: 2 of 4 clients paired (50%) did more (any change counted); 1 did less; +90 minutes a week on average among those who did more, +37.5 minutes a week over all 4 (95% interval \u{2212}60.91 to +135.91).",
            "PHQ-9, depression score: 1 of 4 clients paired (25%) improved by at least 6 points (the reliable-change threshold); 1 worsened by as much.",
        ]
    );
    assert_eq!(
        headline.work,
        [
            "Needs raised most often: Housing (2 of 6 clients), Debt or money worries (1).",
            "Support most often offered or connected to: Walking group (2 of 6 clients), Citizens Advice (1).",
        ]
    );
    // The JSON contract keeps its id order.
    let ids: Vec<&str> = outcomes
        .scores
        .iter()
        .map(|s| s.instrument.as_str())
        .collect();
    assert_eq!(ids, ["evs", "phq-9", "ucla-3"]);
}

#[test]
fn the_schemes_own_order_comes_first_and_a_threshold_of_one_is_one_point() {
    let mut outcomes = cohort(&six_clients()).analyse(Rule::Band);
    outcomes.order = vec!["phq-9".to_owned(), "ucla-3".to_owned()];
    let order: Vec<&str> = outcomes
        .reading_order()
        .iter()
        .map(|s| s.instrument.as_str())
        .collect();
    assert_eq!(order, ["phq-9", "ucla-3", "evs"]);
    let sentences = outcomes.headline().sentences;
    assert!(
        sentences[0].contains("moved to a better band")
            && sentences[0].contains("moved to a worse band"),
        "{sentences:?}"
    );
    // No "1 points" and no "points" for minutes anywhere in the words.
    let page = wellcheck_outcomes::html::render(&outcomes, "test");
    let text = wellcheck_outcomes::text::render(&outcomes, "test");
    for words in [&page, &text] {
        assert!(!words.contains("1 points"), "{words}");
        assert!(!words.contains(" minutes a week points"));
        assert!(words.contains("minutes a week"), "units are shown");
    }
    assert_eq!(
        wellcheck_outcomes::words::amount(1.0, ("point", "points")),
        "1 point"
    );
}

#[test]
fn the_page_opens_with_the_summary_and_keeps_the_details_for_after() {
    let mut outcomes = cohort(&six_clients()).analyse(Rule::Default);
    outcomes.scheme = Some("North <Town> Link".to_owned());
    let page = wellcheck_outcomes::html::render(&outcomes, "test");
    assert!(page.contains("<title>North &lt;Town&gt; Link: outcomes report</title>"));
    let summary = page.find("id=\"summary\"").unwrap();
    let details = page.find("class=\"details\"").unwrap();
    let first_score = page.find("<section class=\"score\"").unwrap();
    assert!(summary < details && details < first_score);
    // The sections in the battery's order.
    let at = |id: &str| page.find(&format!("<h2 id=\"{id}\"")).unwrap();
    assert!(at("ucla-3-total") < at("evs-minutes_per_week"));
    assert!(at("evs-minutes_per_week") < at("phq-9-total"));
    // The print stylesheet starts the details on a new page.
    assert!(page.contains(".details { break-before: page; }"));
    // The text report opens with the same summary.
    let text = wellcheck_outcomes::text::render(&outcomes, "test");
    let summary = text.find("Summary").unwrap();
    assert!(summary < text.find("Who came back").unwrap());
    assert!(text.contains("  6 clients seen; 4 came back for a follow-up (67%)."));
    assert!(text.contains("(95% interval -60.91 to +135.91)"), "{text}");
}

#[test]
fn nobody_back_yet_is_said_plainly() {
    let csv = format!(
        "client,date,instrument,answers\nx,2026-01-01,phq-9,\"{}\"\n",
        phq9(10)
    );
    let headline = cohort(&csv).analyse(Rule::Default).headline();
    assert_eq!(
        headline.clients,
        "1 client seen; 0 came back for a follow-up (0%)."
    );
    assert_eq!(
        headline.sentences,
        ["PHQ-9, depression score: no client has both a baseline and a follow-up yet."]
    );
    assert!(headline.scheme.is_none() && headline.work.is_empty());
}
