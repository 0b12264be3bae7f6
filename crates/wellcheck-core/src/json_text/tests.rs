//! Tests of the JSON reader and writer: what it refuses and where, and what it writes.

#[test]
fn a_key_given_twice_in_one_object_is_refused_where_it_is() {
    let error = parse(r#"{"mode":"paged","nextSteps":{},"mode":"single"}"#).unwrap_err();
    assert_eq!(error.at, 31, "{error}");
    assert!(
        error
            .to_string()
            .contains("a key not already in this object"),
        "{error}"
    );
    // The same key in two objects is fine.
    assert!(parse(r#"[{"a":1},{"a":2}]"#).is_ok());
}

use super::*;

#[test]
fn reads_and_writes_as_serde_json_does() {
    let samples = [
        r#"{"a":1,"b":[true,false,null],"c":"x\"y\\z\n\t\u0001é€😀","d":-12.5,"e":{}}"#,
        r#"[1e3,-7,0.25,"\ud83d\ude00","\/"]"#,
        r#"  { "nested" : [ [ [ ] ] ] , "s" : "" }  "#,
    ];
    for sample in samples {
        let ours = parse(sample).unwrap();
        let theirs: serde_json::Value = serde_json::from_str(sample).unwrap();
        let rewritten: serde_json::Value = serde_json::from_str(&ours.to_text()).unwrap();
        assert_eq!(rewritten, theirs, "{sample}");
    }
    let text = "quote \" back \\ controls \u{1}\u{8}\u{c}\n\r\t\u{1f}\u{7f} and é";
    let mut ours = String::new();
    write_string(&mut ours, text);
    assert_eq!(ours, serde_json::to_string(text).unwrap());
}

/// Numbers are kept as text, so their acceptance and whole values are checked against
/// what a double makes of the same text (serde_json refuses what becomes infinite).
#[test]
fn numbers_kept_as_text_agree_with_a_double() {
    let mantissas = [
        "0",
        "-0",
        "1",
        "-7",
        "0.0",
        "1.0",
        "1.5",
        "-2.50",
        "0.001",
        "10",
        "100.000",
        "9007199254740992",
        "9007199254740993",
        "9007199254740991.0",
        "900719925474099.2",
        "1797693134862315",
        "17976931348623157",
        "1.7976931348623157",
        "1.7976931348623158",
        "1.797693134862315807937",
        "1.7976931348623158079372897",
        "1.7976931348623158079372898",
        "1.7976931348623159",
        "1.8",
        "0.00000000001",
        "123456789012345678901234567890",
    ];
    let exponents = [
        "",
        "e0",
        "e1",
        "E+2",
        "e-1",
        "e-2",
        "e15",
        "e16",
        "e-16",
        "e292",
        "e307",
        "e308",
        "e309",
        "e-308",
        "e-400",
        "e99999999999999999999",
        "e-99999999999999999999",
    ];
    for mantissa in mantissas {
        for exponent in exponents {
            let text = format!("{mantissa}{exponent}");
            // The standard library's reading is correctly rounded (serde_json's
            // default reading is not, in the last place).
            let double = text.parse::<f64>().ok().filter(|value| value.is_finite());
            let ours = parse(&text);
            assert_eq!(
                ours.is_ok(),
                double.is_some(),
                "{text}: {ours:?} {double:?}"
            );
            let (Ok(ours), Some(double)) = (ours, double) else {
                continue;
            };
            #[allow(clippy::cast_possible_truncation, reason = "whole and within 2^53")]
            let whole = (double.fract() == 0.0 && double.abs() <= 9_007_199_254_740_992.0)
                .then_some(double as i64);
            // Plain whole numbers are read as i64, exactly, as before.
            if let Value::Number(Number::Int(value)) = ours {
                assert_eq!(Ok(value), text.parse::<i64>(), "{text}");
                continue;
            }
            // Text keeps what a double rounds away: 1e-400 is not whole, though the
            // double it becomes (0) is; nor is 1797693134862315.9, though its double is.
            // Up to 15 significant digits, and above the smallest normal double, the
            // double is whole exactly when the text is (the cases below check more).
            let significant = mantissa.trim_matches(['-', '0', '.']).replace('.', "");
            if significant.len() <= 15 {
                let underflows = double.abs() < f64::MIN_POSITIVE && !significant.is_empty();
                assert_eq!(
                    ours.as_i64(),
                    if underflows { None } else { whole },
                    "{text}"
                );
            }
            // Equal as values (`-0` is read as the whole number 0, as before).
            let rewritten: f64 = ours.to_text().parse().unwrap();
            #[allow(clippy::float_cmp, reason = "the same text must give the same double")]
            let same = rewritten == double;
            assert!(same, "{text}: {rewritten} {double}");
        }
    }
    // Exactly, where a double would round.
    for (text, whole) in [
        ("9007199254740992.0", Some(9_007_199_254_740_992)),
        ("-900719925474099.2e1", Some(-9_007_199_254_740_992)),
        ("9007199254740993e0", None),
        ("1797693134862315.9", None),
        ("1.7976931348623159e15", None),
        ("179769313486231590e-2", None),
        (
            "1234567890123456000000000000000e-15",
            Some(1_234_567_890_123_456),
        ),
        ("1234567890123456789012345678900e-15", None),
        (
            "0.000000000000000000000000000000e99999999999999999999",
            Some(0),
        ),
    ] {
        assert_eq!(parse(text).unwrap().as_i64(), whole, "{text}");
    }
}

#[test]
fn decimals_are_written_as_serde_json_writes_scores() {
    for hundredths in -20_000..20_000 {
        let value = Decimal::from_hundredths(hundredths);
        assert_eq!(
            Value::Number(Number::Decimal(value)).to_text(),
            serde_json::to_string(&value).unwrap(),
            "{hundredths}"
        );
    }
}

#[test]
fn bad_documents_are_named_with_their_place_and_deep_nesting_is_refused() {
    for (text, at) in [
        ("", 0),
        ("{", 1),
        ("[1,]", 3),
        ("{\"a\" 1}", 5),
        ("\"abc", 4),
        ("tru", 0),
        ("1 2", 2),
        ("\"\\x\"", 2),
        ("\"\\u+041\"", 3),
        ("\"\\ud800\"", 7),
        ("01", 1),
        ("1e999", 0),
    ] {
        let error = parse(text).unwrap_err();
        assert_eq!(error.at, at, "{text}: {error}");
    }
    let deep = "[".repeat(MAX_DEPTH + 1) + &"]".repeat(MAX_DEPTH + 1);
    assert_eq!(
        parse(&deep).unwrap_err().expected,
        "less deeply nested lists and objects"
    );
    let fine = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
    assert!(parse(&fine).is_ok());
}

#[test]
fn sorted_orders_keys_as_serde_json_values_do() {
    let value = parse(r#"{"b":1,"a":{"z":1,"y":[{"d":1,"c":2}]}}"#).unwrap();
    assert_eq!(
        value.sorted().to_text(),
        r#"{"a":{"y":[{"c":2,"d":1}],"z":1},"b":1}"#
    );
    // A repeated key is refused (serde_json would keep the last).
    assert!(parse(r#"{"a":1,"a":2}"#).is_err());
}
