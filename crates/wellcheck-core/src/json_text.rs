//! A small JSON value, reader and writer for the embed's first load, which carries no
//! serde_json: the host's options and saved answers are read with [`parse`], and results
//! are written with [`Value::to_text`], byte for byte as serde_json writes them (the
//! result object is a contract the command line prints too; tests compare the two).
//!
//! Objects keep their keys in order (the result object's order is its definition's);
//! [`Value::sorted`] gives serde_json's `Value` order where a result was made that way.
//! The reader bounds nesting, so a hostile document cannot exhaust the stack. It holds no
//! floating-point numbers: a number that is not a whole i64 is kept as its text
//! ([`Number::Literal`]), so the embed carries no float parsing or printing.

use std::fmt;

use crate::decimal::Decimal;

/// How deeply lists and objects may nest (serde_json's own limit).
pub const MAX_DEPTH: usize = 128;

/// A number as read or as it is to be written.
#[derive(Debug, Clone, PartialEq)]
pub enum Number {
    /// A whole number.
    Int(i64),
    /// A two-place decimal (written as serde_json writes a score).
    Decimal(Decimal),
    /// Any other number read from text (a fraction, an exponent, or a whole number beyond
    /// i64), kept as its JSON text and written back as read. Not a float: parsing and
    /// printing floats took 18 KB of the embed's module, gzip (measured 2026-12-06), and
    /// nothing read needs more than [`Value::as_i64`].
    Literal(Box<str>),
}

/// A JSON value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number.
    Number(Number),
    /// Text.
    String(String),
    /// A list.
    Array(Vec<Value>),
    /// An object, keys in order.
    Object(Vec<(String, Value)>),
}

/// Why text is not JSON, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    /// Byte offset.
    pub at: usize,
    /// What was expected.
    pub expected: &'static str,
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "expected {} at byte {}", self.expected, self.at + 1)
    }
}

impl std::error::Error for JsonError {}

impl fmt::Display for Value {
    /// The compact JSON text.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_text())
    }
}

impl Value {
    /// A member of an object (the last, if a key is repeated, as serde_json reads it).
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(entries) => entries
                .iter()
                .rev()
                .find(|(name, _)| name == key)
                .map(|(_, value)| value),
            _ => None,
        }
    }

    /// The text, if this is text.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(text) => Some(text),
            _ => None,
        }
    }

    /// The whole number, if this is one (within ±2^53, so exact).
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Number(Number::Int(value)) => Some(*value),
            Value::Number(Number::Decimal(value)) => value.as_int(),
            Value::Number(Number::Literal(text)) => whole_literal(text),
            _ => None,
        }
    }

    /// The list, if this is one.
    pub fn as_array(&self) -> Option<&[Value]> {
        match self {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    /// The object's entries, if this is one.
    pub fn as_object(&self) -> Option<&[(String, Value)]> {
        match self {
            Value::Object(entries) => Some(entries),
            _ => None,
        }
    }

    /// An object from its entries.
    pub fn object<K: Into<String>>(entries: impl IntoIterator<Item = (K, Value)>) -> Value {
        Value::Object(
            entries
                .into_iter()
                .map(|(key, value)| (key.into(), value))
                .collect(),
        )
    }

    /// Text.
    pub fn text(text: impl Into<String>) -> Value {
        Value::String(text.into())
    }

    /// Text, or `null`.
    pub fn optional_text(text: Option<impl Into<String>>) -> Value {
        text.map_or(Value::Null, |text| Value::String(text.into()))
    }

    /// A whole number.
    pub fn int(value: i64) -> Value {
        Value::Number(Number::Int(value))
    }

    /// A whole number, or `null`.
    pub fn optional_int(value: Option<i64>) -> Value {
        value.map_or(Value::Null, Value::int)
    }

    /// The same value with every object's keys in order (as `serde_json::Value` keeps them).
    pub fn sorted(mut self) -> Value {
        match &mut self {
            Value::Object(entries) => {
                let mut taken: Vec<(String, Value)> = std::mem::take(entries)
                    .into_iter()
                    .map(|(key, value)| (key, value.sorted()))
                    .collect();
                taken.sort_by(|a, b| a.0.cmp(&b.0));
                *entries = taken;
            }
            Value::Array(items) => {
                let taken = std::mem::take(items);
                *items = taken.into_iter().map(Value::sorted).collect();
            }
            _ => {}
        }
        self
    }

    /// Compact JSON text, as `serde_json::to_string` writes it for text, whole numbers and
    /// scores (the result object is property-tested against it); a float read from text is
    /// written as Rust writes it (`0.0000001` where serde_json writes `1e-7`).
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }

    fn write(&self, out: &mut String) {
        match self {
            Value::Null => out.push_str("null"),
            Value::Bool(value) => out.push_str(if *value { "true" } else { "false" }),
            Value::Number(number) => write_number(out, number),
            Value::String(text) => write_string(out, text),
            Value::Array(items) => {
                out.push('[');
                for (index, item) in items.iter().enumerate() {
                    if index > 0 {
                        out.push(',');
                    }
                    item.write(out);
                }
                out.push(']');
            }
            Value::Object(entries) => {
                out.push('{');
                for (index, (key, value)) in entries.iter().enumerate() {
                    if index > 0 {
                        out.push(',');
                    }
                    write_string(out, key);
                    out.push(':');
                    value.write(out);
                }
                out.push('}');
            }
        }
    }
}

/// A JSON number's parts: its sign, its significant digits (no leading or trailing zeros,
/// empty for zero) and the power of ten they are multiplied by. The text has been checked
/// to be a JSON number; an exponent too large to count saturates.
fn number_parts(text: &str) -> (bool, String, i64) {
    let (negative, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(at) => (
            unsigned.get(..at).unwrap_or_default(),
            unsigned.get(at + 1..).unwrap_or_default(),
        ),
        None => (unsigned, ""),
    };
    let exponent = {
        let (negative, digits) = match exponent.as_bytes().first() {
            Some(b'-') => (true, exponent.get(1..).unwrap_or_default()),
            Some(b'+') => (false, exponent.get(1..).unwrap_or_default()),
            _ => (false, exponent),
        };
        // Past a billion the answer is the same: zero, or too large for a double.
        let magnitude = digits.bytes().fold(0_i64, |sum, digit| {
            (sum * 10 + i64::from(digit - b'0')).min(1_000_000_000)
        });
        if negative { -magnitude } else { magnitude }
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all_digits = format!("{whole}{fraction}");
    let significant = all_digits.trim_start_matches('0');
    let trimmed = significant.trim_end_matches('0');
    #[allow(
        clippy::cast_possible_wrap,
        reason = "a document is at most a few megabytes, so these lengths fit"
    )]
    let scale = exponent - fraction.len() as i64 + (significant.len() - trimmed.len()) as i64;
    (negative, trimmed.to_owned(), scale)
}

/// The number's value if it is whole and within ±2^53 (so a double holds it exactly, as
/// a JavaScript host's number would be): `1.0`, `1e3` and `-2.50e1` are whole.
fn whole_literal(text: &str) -> Option<i64> {
    let (negative, digits, scale) = number_parts(text);
    if digits.is_empty() {
        return Some(0);
    }
    #[allow(
        clippy::cast_possible_wrap,
        reason = "at most a few megabytes of digits"
    )]
    if scale < 0 || digits.len() as i64 + scale > 16 {
        return None;
    }
    let mut value: i64 = digits.parse().ok()?;
    for _ in 0..scale {
        value = value.checked_mul(10)?;
    }
    (value <= 1 << 53).then_some(if negative { -value } else { value })
}

/// Whether the number's magnitude is beyond what a double holds (serde_json refuses those,
/// and a JavaScript host reads them as Infinity). Anything from halfway between the largest
/// double and 2^1024, that is 2^1024 - 2^970, rounds to infinity.
fn beyond_a_double(text: &str) -> bool {
    /// 2^1024 - 2^970, all 309 digits.
    const HALFWAY: &str = concat!(
        "179769313486231580793728971405303415079934132710037826936173",
        "778980444968292764750946649017977587207096330286416692887910",
        "946555547851940402630657488671505820681908902000708383676273",
        "854845817711531764475730270069855571366959622842914819860834",
        "936475292719074168444365510704342711559699508093042880177904",
        "174497792",
    );
    let (_, digits, scale) = number_parts(text);
    if digits.is_empty() {
        return false;
    }
    #[allow(
        clippy::cast_possible_wrap,
        reason = "at most a few megabytes of digits"
    )]
    let leading_power = digits.len() as i64 - 1 + scale;
    match leading_power.cmp(&308) {
        std::cmp::Ordering::Less => false,
        std::cmp::Ordering::Greater => true,
        // Same leading power: digit strings compare as the numbers do.
        std::cmp::Ordering::Equal => digits.as_str() >= HALFWAY,
    }
}

fn write_number(out: &mut String, number: &Number) {
    use std::fmt::Write;
    // Writing into a String cannot fail.
    let _ = match number {
        Number::Int(value) => write!(out, "{value}"),
        Number::Decimal(value) => match value.as_int() {
            Some(whole) => write!(out, "{whole}"),
            None => {
                // serde_json writes a non-whole score as the shortest f64 text: for two
                // places that is the digits with trailing zeros dropped.
                let hundredths = value.hundredths();
                let sign = if hundredths < 0 { "-" } else { "" };
                let magnitude = hundredths.unsigned_abs();
                let (whole, fraction) = (magnitude / 100, magnitude % 100);
                if fraction % 10 == 0 {
                    write!(out, "{sign}{whole}.{}", fraction / 10)
                } else {
                    write!(out, "{sign}{whole}.{fraction:02}")
                }
            }
        },
        // The same value as serde_json would write, though it may spell it otherwise
        // (`1e3` where serde_json writes `1000.0`).
        Number::Literal(text) => {
            out.push_str(text);
            Ok(())
        }
    };
}

/// Writes text as a JSON string, escaped as serde_json escapes it.
pub fn write_string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                let byte = u32::from(c) as usize;
                out.push_str("\\u00");
                out.push(char::from(HEX.get(byte >> 4).copied().unwrap_or(b'0')));
                out.push(char::from(HEX.get(byte & 0xf).copied().unwrap_or(b'0')));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Reads a whole JSON document.
pub fn parse(text: &str) -> Result<Value, JsonError> {
    let mut reader = Reader {
        bytes: text.as_bytes(),
        text,
        at: 0,
    };
    let value = reader.value(0)?;
    reader.space();
    if reader.at < reader.bytes.len() {
        return reader.fail("the end of the document");
    }
    Ok(value)
}

struct Reader<'a> {
    bytes: &'a [u8],
    text: &'a str,
    at: usize,
}

impl Reader<'_> {
    fn fail<T>(&self, expected: &'static str) -> Result<T, JsonError> {
        Err(JsonError {
            at: self.at,
            expected,
        })
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn literal(&mut self, word: &'static str, value: Value) -> Result<Value, JsonError> {
        if self.bytes.get(self.at..self.at + word.len()) == Some(word.as_bytes()) {
            self.at += word.len();
            Ok(value)
        } else {
            self.fail(word)
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value, JsonError> {
        self.space();
        match self.peek() {
            Some(b'n') => self.literal("null", Value::Null),
            Some(b't') => self.literal("true", Value::Bool(true)),
            Some(b'f') => self.literal("false", Value::Bool(false)),
            Some(b'"') => self.string().map(Value::String),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(b'[') if depth < MAX_DEPTH => {
                self.at += 1;
                let mut items = Vec::new();
                self.space();
                if self.peek() == Some(b']') {
                    self.at += 1;
                    return Ok(Value::Array(items));
                }
                loop {
                    items.push(self.value(depth + 1)?);
                    self.space();
                    match self.peek() {
                        Some(b',') => self.at += 1,
                        Some(b']') => {
                            self.at += 1;
                            return Ok(Value::Array(items));
                        }
                        _ => return self.fail("`,` or `]`"),
                    }
                }
            }
            Some(b'{') if depth < MAX_DEPTH => {
                self.at += 1;
                let mut entries = Vec::new();
                self.space();
                if self.peek() == Some(b'}') {
                    self.at += 1;
                    return Ok(Value::Object(entries));
                }
                loop {
                    self.space();
                    if self.peek() != Some(b'"') {
                        return self.fail("a key in quotes");
                    }
                    let key_at = self.at;
                    let key = self.string()?;
                    // A key given twice is refused, never read as the last of them. A
                    // look back over the keys so far: the objects read here (options,
                    // saved answers) have a handful of keys, and the text is bounded.
                    if entries.iter().any(|(known, _)| *known == key) {
                        return Err(JsonError {
                            at: key_at,
                            expected: "a key not already in this object",
                        });
                    }
                    self.space();
                    if self.peek() != Some(b':') {
                        return self.fail("`:`");
                    }
                    self.at += 1;
                    entries.push((key, self.value(depth + 1)?));
                    self.space();
                    match self.peek() {
                        Some(b',') => self.at += 1,
                        Some(b'}') => {
                            self.at += 1;
                            return Ok(Value::Object(entries));
                        }
                        _ => return self.fail("`,` or `}`"),
                    }
                }
            }
            Some(b'[' | b'{') => self.fail("less deeply nested lists and objects"),
            _ => self.fail("a value"),
        }
    }

    fn number(&mut self) -> Result<Value, JsonError> {
        let start = self.at;
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        let digits = |reader: &mut Self| {
            let from = reader.at;
            while matches!(reader.peek(), Some(b'0'..=b'9')) {
                reader.at += 1;
            }
            reader.at > from
        };
        // JSON allows no leading zero: `01` is `0` followed by something else.
        if self.peek() == Some(b'0') {
            self.at += 1;
        } else if !digits(self) {
            return self.fail("a digit");
        }
        let mut whole = true;
        if self.peek() == Some(b'.') {
            self.at += 1;
            whole = false;
            if !digits(self) {
                return self.fail("a digit");
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.at += 1;
            whole = false;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.at += 1;
            }
            if !digits(self) {
                return self.fail("a digit");
            }
        }
        let text = self.text.get(start..self.at).unwrap_or_default();
        if whole && let Ok(value) = text.parse::<i64>() {
            return Ok(Value::Number(Number::Int(value)));
        }
        if beyond_a_double(text) {
            self.at = start;
            return self.fail("a number JSON can hold");
        }
        Ok(Value::Number(Number::Literal(text.into())))
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        // Four hex digits exactly (`from_str_radix` alone would take a leading `+`).
        let digits = self
            .text
            .get(self.at..self.at + 4)
            .filter(|digits| digits.bytes().all(|byte| byte.is_ascii_hexdigit()))
            .and_then(|digits| u32::from_str_radix(digits, 16).ok());
        match digits {
            Some(value) => {
                self.at += 4;
                Ok(value)
            }
            None => self.fail("four hex digits"),
        }
    }

    fn string(&mut self) -> Result<String, JsonError> {
        self.at += 1;
        let mut out = String::new();
        loop {
            let run = self.at;
            while matches!(self.peek(), Some(byte) if byte != b'"' && byte != b'\\' && byte >= 0x20)
            {
                self.at += 1;
            }
            out.push_str(self.text.get(run..self.at).unwrap_or_default());
            match self.peek() {
                Some(b'"') => {
                    self.at += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.at += 1;
                    let escape = self.peek();
                    self.at += 1;
                    match escape {
                        Some(b'"') => out.push('"'),
                        Some(b'\\') => out.push('\\'),
                        Some(b'/') => out.push('/'),
                        Some(b'b') => out.push('\u{8}'),
                        Some(b'f') => out.push('\u{c}'),
                        Some(b'n') => out.push('\n'),
                        Some(b'r') => out.push('\r'),
                        Some(b't') => out.push('\t'),
                        Some(b'u') => {
                            let first = self.hex4()?;
                            let code = if (0xd800..0xdc00).contains(&first) {
                                if self.bytes.get(self.at..self.at + 2) != Some(b"\\u") {
                                    return self.fail("the second half of a surrogate pair");
                                }
                                self.at += 2;
                                let second = self.hex4()?;
                                if !(0xdc00..0xe000).contains(&second) {
                                    return self.fail("the second half of a surrogate pair");
                                }
                                0x10000 + ((first - 0xd800) << 10) + (second - 0xdc00)
                            } else {
                                first
                            };
                            match char::from_u32(code) {
                                Some(c) => out.push(c),
                                None => return self.fail("a character, not half a pair"),
                            }
                        }
                        _ => {
                            self.at -= 1;
                            return self.fail("an escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u)");
                        }
                    }
                }
                Some(_) => return self.fail("no control character in text"),
                None => return self.fail("the closing `\"`"),
            }
        }
    }
}

#[cfg(test)]
mod tests;
