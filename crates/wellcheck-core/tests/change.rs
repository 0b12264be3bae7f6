//! Every score's change thresholds, checked against `shared/research/outcomes.md`, which names
//! each source and how sure it is: [V] read in the source (so `published`), [S] seen quoted
//! in a secondary source (so `convention`). A score without a threshold says why.

use wellcheck_core::catalogue;
use wellcheck_core::definition::ReliabilityKind;

/// (instrument, score, kind, threshold, basis, a word the source must contain)
const THRESHOLDS: &[(&str, &str, &str, &str, &str, &str)] = &[
    // Maheswaran et al. 2012 [V]: SEM 2.4-3.1; 1 SEM about 3; 2.77 SEM about 8.
    (
        "wemwbs",
        "total",
        "meaningful",
        "3",
        "published",
        "Maheswaran",
    ),
    (
        "wemwbs",
        "total",
        "reliable",
        "8",
        "published",
        "Maheswaran",
    ),
    // Shah et al. 2018 [V]: 1 SEM = 1.03; 2.77 SEM = 2.87.
    (
        "swemwbs",
        "metric",
        "meaningful",
        "1.03",
        "published",
        "Shah",
    ),
    ("swemwbs", "metric", "reliable", "2.87", "published", "Shah"),
    // NHS Talking Therapies [S]: a fall of 6; Lowe et al. 2004 [S]: MCID 5.
    (
        "phq-9",
        "total",
        "reliable",
        "6",
        "convention",
        "Talking Therapies",
    ),
    ("phq-9", "total", "meaningful", "5", "convention", "Lowe"),
    // NHS Talking Therapies [S]: a fall of 4; Toussaint et al. 2020 [V]: MCID 4.
    (
        "gad-7",
        "total",
        "reliable",
        "4",
        "convention",
        "Talking Therapies",
    ),
    (
        "gad-7",
        "total",
        "meaningful",
        "4",
        "published",
        "Toussaint",
    ),
    // Topp et al. 2015 [S]: 10 points on the percentage score.
    (
        "who-5",
        "percentage",
        "meaningful",
        "10",
        "convention",
        "Topp",
    ),
];

#[test]
fn thresholds_match_the_outcomes_research() {
    for (instrument, score, kind, threshold, basis, cited) in THRESHOLDS {
        let definition = catalogue::get(instrument).unwrap();
        let score_definition = definition
            .scores()
            .iter()
            .find(|s| s.id() == *score)
            .unwrap();
        let change = score_definition
            .change(kind)
            .unwrap_or_else(|| panic!("{instrument} {score} has no {kind} threshold"));
        let at = format!("{instrument} {score} {kind}");
        assert_eq!(change.threshold().to_string(), *threshold, "{at}");
        assert_eq!(change.basis().as_str(), *basis, "{at}");
        assert!(change.source().contains(cited), "{at}: {}", change.source());
    }
}

#[test]
fn no_other_score_claims_a_threshold_and_each_says_why_it_has_none() {
    for id in catalogue::ids() {
        let definition = catalogue::get(id).unwrap();
        for score in definition.scores() {
            let listed = THRESHOLDS
                .iter()
                .filter(|(i, s, ..)| *i == id && *s == score.id())
                .count();
            assert_eq!(score.changes().len(), listed, "{id} {}", score.id());
            if listed == 0 {
                let note = score.no_published_change().unwrap_or_else(|| {
                    panic!("{id} {} has no threshold and does not say why", score.id())
                });
                assert!(note.len() > 40, "{id} {}: {note}", score.id());
            } else {
                assert!(score.no_published_change().is_none(), "{id} {}", score.id());
            }
        }
    }
}

#[test]
fn the_reliable_change_index_reference_is_given_only_where_a_source_gives_it() {
    let mut with_reference = Vec::new();
    for id in catalogue::ids() {
        for score in catalogue::get(id).unwrap().scores() {
            if let Some(reference) = score.change_reference() {
                with_reference.push((id, score.id().to_owned(), reference.clone()));
            }
        }
    }
    assert_eq!(
        with_reference.len(),
        1,
        "only WEMWBS has a reference sample so far"
    );
    let (id, score, reference) = &with_reference[0];
    assert_eq!((*id, score.as_str()), ("wemwbs", "total"));
    // Tennant et al. 2007: population SD 8.79, one-week test-retest 0.83.
    assert_eq!(reference.sd().to_string(), "8.79");
    assert_eq!(reference.reliability().to_string(), "0.83");
    assert_eq!(reference.reliability_kind(), ReliabilityKind::TestRetest);
    // By hand: SE = 8.79 x sqrt(0.17) = 3.6242; S_diff = sqrt(2) x 3.6242 = 5.1254.
    let s_diff = reference.standard_error_of_difference();
    assert!((s_diff - 5.1254).abs() < 0.0005, "{s_diff}");
}
