//! Exact decimal numbers with two places, for score values.
//!
//! Scores are kept in hundredths as integers so that scoring is exact and identical on every
//! platform (the SWEMWBS conversion table has two decimal places; everything else is whole).

use std::fmt;

use serde::{Serialize, Serializer};

/// A number with at most two decimal places, stored as hundredths.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Decimal(i64);

impl Decimal {
    /// Zero.
    pub const ZERO: Decimal = Decimal(0);

    /// A whole number.
    pub const fn from_int(value: i64) -> Decimal {
        Decimal(value.saturating_mul(100))
    }

    /// From a count of hundredths (`1408` is 14.08).
    pub const fn from_hundredths(hundredths: i64) -> Decimal {
        Decimal(hundredths)
    }

    /// The value in hundredths.
    pub const fn hundredths(self) -> i64 {
        self.0
    }

    /// Whether there is no fractional part.
    pub const fn is_whole(self) -> bool {
        self.0 % 100 == 0
    }

    /// The whole number, if it is one.
    pub const fn as_int(self) -> Option<i64> {
        if self.is_whole() {
            Some(self.0 / 100)
        } else {
            None
        }
    }

    /// Sum, saturating rather than overflowing (no score comes near the limits).
    pub const fn plus(self, other: Decimal) -> Decimal {
        Decimal(self.0.saturating_add(other.0))
    }

    /// Product of two numbers (either may be fractional), rounded half away from zero to
    /// hundredths.
    pub fn times(self, other: Decimal) -> Decimal {
        let product = i128::from(self.0) * i128::from(other.0);
        let rounded = if product >= 0 {
            (product + 50) / 100
        } else {
            (product - 50) / 100
        };
        Decimal(i64::try_from(rounded).unwrap_or(if rounded > 0 { i64::MAX } else { i64::MIN }))
    }

    /// Reads a JSON number with at most two decimal places.
    pub fn from_json(value: &serde_json::Value) -> Option<Decimal> {
        if let Some(whole) = value.as_i64() {
            return whole.checked_mul(100).map(Decimal);
        }
        let float = value.as_f64()?;
        let scaled = float * 100.0;
        let rounded = scaled.round();
        // More than two decimal places cannot be represented exactly: refuse, do not round.
        if (scaled - rounded).abs() > 1e-6 || rounded.abs() > 9.0e15 {
            return None;
        }
        #[allow(
            clippy::cast_possible_truncation,
            reason = "bounded and whole, checked above"
        )]
        Some(Decimal(rounded as i64))
    }
}

impl From<i64> for Decimal {
    fn from(value: i64) -> Self {
        Decimal::from_int(value)
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.as_int() {
            Some(whole) => write!(f, "{whole}"),
            None => {
                let sign = if self.0 < 0 { "-" } else { "" };
                let magnitude = self.0.unsigned_abs();
                write!(f, "{sign}{}.{:02}", magnitude / 100, magnitude % 100)
            }
        }
    }
}

/// Whole numbers serialise as JSON integers (`7`), others as decimals (`14.08`).
impl Serialize for Decimal {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.as_int() {
            Some(whole) => serializer.serialize_i64(whole),
            #[allow(
                clippy::cast_precision_loss,
                reason = "scores are far below 2^52 hundredths"
            )]
            None => serializer.serialize_f64(self.0 as f64 / 100.0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_whole_and_two_place_numbers_exactly() {
        assert_eq!(
            Decimal::from_json(&serde_json::json!(7)),
            Some(Decimal::from_int(7))
        );
        assert_eq!(
            Decimal::from_json(&serde_json::json!(14.08)),
            Some(Decimal::from_hundredths(1408))
        );
        assert_eq!(
            Decimal::from_json(&serde_json::json!(35.0)),
            Some(Decimal::from_int(35))
        );
        assert_eq!(Decimal::from_json(&serde_json::json!(1.005)), None);
        assert_eq!(Decimal::from_json(&serde_json::json!("7")), None);
    }

    #[test]
    fn prints_and_serialises_without_float_noise() {
        assert_eq!(Decimal::from_hundredths(1408).to_string(), "14.08");
        assert_eq!(Decimal::from_hundredths(-5).to_string(), "-0.05");
        assert_eq!(Decimal::from_int(52).to_string(), "52");
        assert_eq!(
            serde_json::to_string(&Decimal::from_hundredths(2011))
                .ok()
                .as_deref(),
            Some("20.11")
        );
        assert_eq!(
            serde_json::to_string(&Decimal::from_int(7)).ok().as_deref(),
            Some("7")
        );
    }

    #[test]
    fn multiplies_exactly() {
        assert_eq!(
            Decimal::from_int(13).times(Decimal::from_int(4)),
            Decimal::from_int(52)
        );
        assert_eq!(
            Decimal::from_int(150).times(Decimal::from_int(0)),
            Decimal::ZERO
        );
    }
}
