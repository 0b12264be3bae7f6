//! The NHS number: ten digits, the last a check digit by the modulus 11 algorithm (NHS Data
//! Dictionary, "NHS Number": weights 10 down to 2 on the first nine digits; 11 minus the
//! remainder is the check digit, 11 giving 0; a result of 10 means no valid number). The
//! tablet app stores it only encrypted and never shows it in lists; this module only checks
//! and formats it.

use std::fmt;

/// A checked NHS number.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct NhsNumber([u8; 10]);

/// Why text is not an NHS number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NhsNumberError {
    /// A character other than a digit, a space or a hyphen, at a 1-based position.
    NotADigit {
        /// The character.
        found: char,
        /// Its position in the text.
        position: usize,
    },
    /// Not ten digits.
    WrongLength {
        /// How many digits there were.
        digits: usize,
    },
    /// The first nine digits give a check digit of 10: no NHS number starts with them.
    NoValidCheckDigit,
    /// The last digit is not the check digit of the first nine.
    CheckDigitMismatch {
        /// The check digit the first nine digits give.
        expected: u8,
        /// The last digit given.
        found: u8,
    },
}

impl fmt::Display for NhsNumberError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NhsNumberError::NotADigit { found, position } => write!(
                f,
                "character {position} ({}) is not a digit: an NHS number is 10 digits, spaces allowed",
                found.escape_debug()
            ),
            NhsNumberError::WrongLength { digits } => {
                write!(f, "has {digits} digits: an NHS number has 10")
            }
            NhsNumberError::NoValidCheckDigit | NhsNumberError::CheckDigitMismatch { .. } => f
                .write_str(
                    "is not a valid NHS number: its last digit does not match the others (check for a mistyped digit)",
                ),
        }
    }
}

impl std::error::Error for NhsNumberError {}

/// The check digit of nine digits, or `None` when the algorithm gives 10.
fn check_digit(first_nine: &[u8]) -> Option<u8> {
    let total: u32 = first_nine
        .iter()
        .zip((2..=10).rev())
        .map(|(digit, weight)| u32::from(*digit) * weight)
        .sum();
    match 11 - total % 11 {
        11 => Some(0),
        10 => None,
        digit => u8::try_from(digit).ok(),
    }
}

impl NhsNumber {
    /// Reads an NHS number, with or without spaces or hyphens (`943 476 5919`).
    pub fn parse(text: &str) -> Result<NhsNumber, NhsNumberError> {
        let mut digits = [0_u8; 10];
        let mut count = 0;
        for (index, c) in text.trim().chars().enumerate() {
            match c {
                ' ' | '-' => {}
                '0'..='9' => {
                    if let Some(slot) = digits.get_mut(count) {
                        *slot = c as u8 - b'0';
                    }
                    count += 1;
                }
                other => {
                    return Err(NhsNumberError::NotADigit {
                        found: other,
                        position: index + 1,
                    });
                }
            }
        }
        if count != 10 {
            return Err(NhsNumberError::WrongLength { digits: count });
        }
        let (first_nine, last) = digits.split_at(9);
        let found = last.first().copied().unwrap_or_default();
        match check_digit(first_nine) {
            None => Err(NhsNumberError::NoValidCheckDigit),
            Some(expected) if expected != found => {
                Err(NhsNumberError::CheckDigitMismatch { expected, found })
            }
            Some(_) => Ok(NhsNumber(digits)),
        }
    }

    /// The ten digits, `9434765919`.
    pub fn digits(&self) -> String {
        self.0.iter().map(|d| char::from(b'0' + d)).collect()
    }

    /// The usual written form, `943 476 5919`.
    pub fn formatted(&self) -> String {
        let digits = self.digits();
        format!(
            "{} {} {}",
            digits.get(0..3).unwrap_or_default(),
            digits.get(3..6).unwrap_or_default(),
            digits.get(6..).unwrap_or_default()
        )
    }
}

/// Debug output never shows the number, so it cannot leak into logs.
impl fmt::Debug for NhsNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("NhsNumber(…)")
    }
}
