//! NHS numbers by the modulus 11 algorithm of the NHS Data Dictionary, with the arithmetic
//! for each example worked by hand.

use wellcheck_interchange::nhs_number::{NhsNumber, NhsNumberError};

#[test]
fn valid_numbers_in_any_spacing() {
    // 943 476 5919: 9x10 + 4x9 + 3x8 + 4x7 + 7x6 + 6x5 + 5x4 + 9x3 + 1x2 = 299;
    // 299 mod 11 = 2; 11 - 2 = 9, the last digit.
    for text in [
        "9434765919",
        "943 476 5919",
        "943-476-5919",
        " 943 476 5919 ",
    ] {
        let number = NhsNumber::parse(text).unwrap();
        assert_eq!(number.digits(), "9434765919");
        assert_eq!(number.formatted(), "943 476 5919");
    }
    // 401 023 2137: 40 + 0 + 8 + 0 + 12 + 15 + 8 + 3 + 6 = 92; 92 mod 11 = 4; 11 - 4 = 7.
    assert!(NhsNumber::parse("4010232137").is_ok());
    // A total divisible by 11 gives 11, written as a check digit of 0: 000 000 0000.
    assert!(NhsNumber::parse("0000000000").is_ok());
}

#[test]
fn a_mistyped_digit_is_caught() {
    assert_eq!(
        NhsNumber::parse("943 476 5918"),
        Err(NhsNumberError::CheckDigitMismatch {
            expected: 9,
            found: 8
        })
    );
    // Two neighbouring digits swapped: 9434765919 becomes 9437465919.
    assert!(NhsNumber::parse("9437465919").is_err());
    // 000 000 006x: 6 x 2 = 12; 12 mod 11 = 1; 11 - 1 = 10, so no number starts so.
    assert_eq!(
        NhsNumber::parse("0000000061"),
        Err(NhsNumberError::NoValidCheckDigit)
    );
}

#[test]
fn wrong_shapes_say_what_is_wrong() {
    assert_eq!(
        NhsNumber::parse("943 476 591"),
        Err(NhsNumberError::WrongLength { digits: 9 })
    );
    assert_eq!(
        NhsNumber::parse("94347659190"),
        Err(NhsNumberError::WrongLength { digits: 11 })
    );
    let error = NhsNumber::parse("943.476.5919").unwrap_err();
    assert_eq!(
        error,
        NhsNumberError::NotADigit {
            found: '.',
            position: 4
        }
    );
    assert!(error.to_string().contains("character 4"), "{error}");
    assert_eq!(
        NhsNumber::parse(""),
        Err(NhsNumberError::WrongLength { digits: 0 })
    );
    // Digits in other scripts are not NHS number digits.
    assert!(NhsNumber::parse("٩٤٣٤٧٦٥٩١٩").is_err());
}

#[test]
fn the_number_never_appears_in_debug_output() {
    let number = NhsNumber::parse("9434765919").unwrap();
    assert!(!format!("{number:?}").contains("943"));
}
