//! The outcome report's words for numbers and rules, the same in the printable page
//! (`html.rs`) and the command line's text report (`text.rs`): signed changes, shares,
//! which way is better, and the rule asked for.

use wellcheck_core::definition::Direction;

use crate::Rule;

/// A signed number for reading: `+1.3`, `−4.4` (a true minus sign), `0`.
pub fn signed(value: f64) -> String {
    let text = trim(value.abs());
    if value > 0.0 {
        format!("+{text}")
    } else if value < 0.0 {
        format!("\u{2212}{text}")
    } else {
        text
    }
}

/// A number with at most two decimals and no trailing zeros.
pub fn trim(value: f64) -> String {
    let text = format!("{value:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".to_owned()
    } else {
        text.to_owned()
    }
}

/// `5 of 8 (63%)`.
pub fn share(count: u64, of: u64) -> String {
    if of == 0 {
        return format!("{count} of {of}");
    }
    format!("{count} of {of} ({})", percent(count, of))
}

/// A share as a whole percentage, never rounded to 0% or 100% when it is not exactly that
/// (299 of 300 is ">99%", 1 of 300 "<1%").
pub fn percent(count: u64, of: u64) -> String {
    if of == 0 {
        return "0%".to_owned();
    }
    let rounded = (count as f64 * 100.0 / of as f64).round();
    if count > 0 && rounded == 0.0 {
        "<1%".to_owned()
    } else if count < of && rounded == 100.0 {
        ">99%".to_owned()
    } else {
        format!("{rounded}%")
    }
}

/// Which way is better, in words.
pub fn direction_words(direction: Direction) -> &'static str {
    match direction {
        Direction::HigherIsBetter => "higher is better",
        Direction::LowerIsBetter => "lower is better",
    }
}

/// The rule asked for, in words.
pub fn requested_rule_words(rule: Rule) -> &'static str {
    match rule {
        Rule::Default => {
            "default: each score's reliable-change threshold where it has one, else its meaningful-change threshold, else any change in the better direction"
        }
        Rule::AnyChange => "any change in the better direction",
        Rule::Meaningful => "a change of at least the score's minimal important change",
        Rule::Reliable => "a change of at least the score's reliable-change threshold",
        Rule::Band => "a move to a better or worse band",
        Rule::Rci => "the Jacobson-Truax reliable change index beyond 1.96",
    }
}

/// `1 client`, `3 clients`.
pub fn plural(n: u64, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// An amount with its unit: `1 point`, `6 points`, `90 minutes a week`, `1.5 points`.
pub fn amount(value: f64, (one, other): (&str, &str)) -> String {
    let unit = if value.abs() == 1.0 { one } else { other };
    format!("{} {unit}", trim(value))
}

/// A signed amount with its unit: `+90 minutes a week`, `−1 point`, `0 points`.
pub fn signed_amount(value: f64, (one, other): (&str, &str)) -> String {
    let unit = if value.abs() == 1.0 { one } else { other };
    format!("{} {unit}", signed(value))
}

#[cfg(test)]
mod tests {
    use super::{amount, signed_amount};

    #[test]
    fn amounts_take_the_singular_only_for_exactly_one() {
        let points = ("point", "points");
        assert_eq!(amount(1.0, points), "1 point");
        assert_eq!(amount(6.0, points), "6 points");
        assert_eq!(amount(0.5, points), "0.5 points");
        let minutes = ("minute a week", "minutes a week");
        assert_eq!(signed_amount(90.0, minutes), "+90 minutes a week");
        assert_eq!(signed_amount(-1.0, points), "\u{2212}1 point");
        assert_eq!(signed_amount(0.0, points), "0 points");
    }

    #[test]
    fn a_share_is_never_rounded_to_none_or_all() {
        assert_eq!(super::share(299, 300), "299 of 300 (>99%)");
        assert_eq!(super::share(1, 300), "1 of 300 (<1%)");
        assert_eq!(super::share(300, 300), "300 of 300 (100%)");
        assert_eq!(super::share(0, 300), "0 of 300 (0%)");
        assert_eq!(super::share(2, 4), "2 of 4 (50%)");
    }
}
