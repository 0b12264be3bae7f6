//! Campaign to End Loneliness Measurement Tool.
//!
//! Source: Campaign to End Loneliness (2015) "Measuring your impact on loneliness in later
//! life" (wording, alternating printed order); scoring 4 (strongly disagree) to 0 (strongly
//! agree), total 0-12, is unconfirmed and shipped as a convention (instruments.md section 6).

use wellcheck_core::catalogue;
use wellcheck_core::definition::Basis;

use crate::support::{expect, repeat};

#[test]
fn wording_and_alternating_printed_order() {
    let cel = catalogue::get("cel").unwrap();
    let texts: Vec<&str> = cel
        .items()
        .iter()
        .map(|item| item.text().unwrap())
        .collect();
    assert_eq!(
        texts,
        [
            "I am content with my friendships and relationships",
            "I have enough people I feel comfortable asking for help at any time",
            "My relationships are as satisfying as I would want them to be",
        ]
    );
    let first_labels: Vec<&str> = cel
        .items()
        .iter()
        .map(|item| item.options()[0].label().unwrap())
        .collect();
    assert_eq!(
        first_labels,
        ["Strongly disagree", "Strongly agree", "Strongly disagree"]
    );
}

#[test]
fn scoring_runs_from_0_to_12_and_is_labelled_a_convention() {
    expect("cel", &repeat(0, 3), "total", "0", None);
    expect("cel", &repeat(4, 3), "total", "12", None);
    expect("cel", "4,0,2", "total", "6", None);
    let cel = catalogue::get("cel").unwrap();
    assert_eq!(cel.scores()[0].rule_basis(), Basis::Convention);
    assert!(
        cel.scores()[0].banding().is_none(),
        "CEL is not a screening tool: no bands"
    );
}
