//! The compact form's bytes: [`Writer`] and [`Reader`] of varints, text, lists and
//! checksummed chunks, and [`CompactError`]. Below the definitions and the catalogue, which
//! both write and read their parts with them (see `compact.rs` for the layout).

use std::fmt;

use crate::decimal::Decimal;

/// Where compact bytes stopped making sense (only damaged or mismatched bytes give this).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompactError {
    /// Byte offset of the problem.
    pub at: usize,
    /// What was expected there.
    pub expected: &'static str,
}

impl fmt::Display for CompactError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "compact catalogue: expected {} at byte {}",
            self.expected, self.at
        )
    }
}

impl std::error::Error for CompactError {}

/// FNV-1a (64-bit): enough to notice damaged bytes, or a definitions file from another
/// build; the bytes are the widget's own files, so there is nobody to guard against but
/// corruption and mismatch.
pub(crate) fn checksum(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Appends values in the compact form.
#[derive(Debug, Default)]
pub struct Writer {
    pub(crate) bytes: Vec<u8>,
}

impl Writer {
    /// The bytes written so far.
    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }

    /// An unsigned number.
    pub fn unsigned(&mut self, mut value: u64) {
        loop {
            let low = (value & 0x7f) as u8;
            value >>= 7;
            if value == 0 {
                self.bytes.push(low);
                return;
            }
            self.bytes.push(low | 0x80);
        }
    }

    /// A count or position.
    pub fn count(&mut self, value: usize) {
        self.unsigned(value as u64);
    }

    /// A signed number (zig-zag, so small negatives stay short).
    pub fn signed(&mut self, value: i64) {
        self.unsigned(((value << 1) ^ (value >> 63)) as u64);
    }

    /// A two-place decimal, as its hundredths.
    pub fn decimal(&mut self, value: Decimal) {
        self.signed(value.hundredths());
    }

    /// A yes or no.
    pub fn flag(&mut self, value: bool) {
        self.bytes.push(u8::from(value));
    }

    /// Bytes with their length.
    pub fn bytes(&mut self, bytes: &[u8]) {
        self.count(bytes.len());
        self.bytes.extend_from_slice(bytes);
    }

    /// Bytes with their length and then their checksum, so a changed byte is noticed
    /// rather than read as a different definition that still carries the original's hash.
    pub fn checked_bytes(&mut self, bytes: &[u8]) {
        self.bytes(bytes);
        self.unsigned(checksum(bytes));
    }

    /// Text with its length.
    pub fn text(&mut self, text: &str) {
        self.bytes(text.as_bytes());
    }

    /// Optional text: a flag, then the text when present.
    pub fn optional_text(&mut self, text: Option<&str>) {
        self.flag(text.is_some());
        if let Some(text) = text {
            self.text(text);
        }
    }

    /// A list: its length, then each element as `write` puts it.
    pub fn list<T>(&mut self, items: &[T], mut write: impl FnMut(&mut Writer, &T)) {
        self.count(items.len());
        for item in items {
            write(self, item);
        }
    }
}

/// Reads values in the compact form, in the order they were written.
#[derive(Debug, Clone)]
pub struct Reader<'a> {
    pub(crate) bytes: &'a [u8],
    pub(crate) at: usize,
}

impl<'a> Reader<'a> {
    /// Reads from the start of `bytes`.
    pub fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader { bytes, at: 0 }
    }

    /// An error at the current position.
    pub(crate) fn fail<T>(&self, expected: &'static str) -> Result<T, CompactError> {
        Err(CompactError {
            at: self.at,
            expected,
        })
    }

    /// Whether every byte has been read.
    pub fn is_done(&self) -> bool {
        self.at == self.bytes.len()
    }

    fn byte(&mut self) -> Result<u8, CompactError> {
        let Some(&byte) = self.bytes.get(self.at) else {
            return self.fail("more bytes");
        };
        self.at += 1;
        Ok(byte)
    }

    /// An unsigned number.
    pub fn unsigned(&mut self) -> Result<u64, CompactError> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = self.byte()?;
            value |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        self.fail("a number of at most ten bytes")
    }

    /// A count of things each at least one byte long, so never more than the bytes left.
    pub fn count(&mut self) -> Result<usize, CompactError> {
        let value = self.unsigned()?;
        match usize::try_from(value) {
            Ok(count) if count <= self.bytes.len().saturating_sub(self.at) => Ok(count),
            _ => self.fail("a count within the bytes left"),
        }
    }

    /// A position (an item or score index), small by the definition limits.
    pub fn position(&mut self) -> Result<usize, CompactError> {
        let value = self.unsigned()?;
        usize::try_from(value).or_else(|_| self.fail("a position"))
    }

    /// A signed number.
    pub fn signed(&mut self) -> Result<i64, CompactError> {
        let value = self.unsigned()?;
        Ok(((value >> 1) as i64) ^ -((value & 1) as i64))
    }

    /// A two-place decimal.
    pub fn decimal(&mut self) -> Result<Decimal, CompactError> {
        self.signed().map(Decimal::from_hundredths)
    }

    /// A yes or no.
    pub fn flag(&mut self) -> Result<bool, CompactError> {
        match self.byte()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => {
                self.at -= 1;
                self.fail("0 or 1")
            }
        }
    }

    /// Bytes with their length.
    pub fn bytes(&mut self) -> Result<&'a [u8], CompactError> {
        let length = self.count()?;
        let Some(bytes) = self.bytes.get(self.at..self.at.saturating_add(length)) else {
            return self.fail("more bytes");
        };
        self.at += length;
        Ok(bytes)
    }

    /// Bytes written by [`Writer::checked_bytes`], if their checksum matches.
    pub fn checked_bytes(&mut self) -> Result<&'a [u8], CompactError> {
        let start = self.at;
        let bytes = self.bytes()?;
        if self.unsigned()? == checksum(bytes) {
            Ok(bytes)
        } else {
            self.at = start;
            self.fail("bytes whose checksum matches")
        }
    }

    /// Text with its length.
    pub fn str(&mut self) -> Result<&'a str, CompactError> {
        let start = self.at;
        let bytes = self.bytes()?;
        std::str::from_utf8(bytes).or_else(|_| {
            self.at = start;
            self.fail("UTF-8 text")
        })
    }

    /// Owned text.
    pub fn text(&mut self) -> Result<String, CompactError> {
        self.str().map(str::to_owned)
    }

    /// Optional text.
    pub fn optional_text(&mut self) -> Result<Option<String>, CompactError> {
        Ok(if self.flag()? {
            Some(self.text()?)
        } else {
            None
        })
    }

    /// A list, each element read by `read`.
    pub fn list<T>(
        &mut self,
        mut read: impl FnMut(&mut Reader<'a>) -> Result<T, CompactError>,
    ) -> Result<Vec<T>, CompactError> {
        let count = self.count()?;
        let mut items = Vec::with_capacity(count);
        for _ in 0..count {
            items.push(read(self)?);
        }
        Ok(items)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_round_trip_at_their_extremes() {
        let values = [0, 1, -1, 63, -64, 64, i64::MAX, i64::MIN, 1_000_000_000_000];
        let mut out = Writer::default();
        for value in values {
            out.signed(value);
        }
        out.unsigned(u64::MAX);
        let bytes = out.into_bytes();
        let mut input = Reader::new(&bytes);
        for value in values {
            assert_eq!(input.signed().unwrap(), value);
        }
        assert_eq!(input.unsigned().unwrap(), u64::MAX);
        assert!(input.is_done());
    }

    #[test]
    fn a_count_larger_than_the_bytes_left_is_refused_before_allocating() {
        let mut out = Writer::default();
        out.unsigned(u64::MAX / 2);
        let bytes = out.into_bytes();
        let error = Reader::new(&bytes).list(Reader::text).unwrap_err();
        assert_eq!(error.expected, "a count within the bytes left");
    }

    #[test]
    fn an_overlong_number_and_bad_text_are_named_with_their_offset() {
        let overlong = [0xff; 11];
        let error = Reader::new(&overlong).unsigned().unwrap_err();
        assert_eq!(error.expected, "a number of at most ten bytes");
        let bad_text = [2, 0xc3, 0x28];
        let error = Reader::new(&bad_text).str().unwrap_err();
        assert_eq!((error.at, error.expected), (0, "UTF-8 text"));
    }
}
