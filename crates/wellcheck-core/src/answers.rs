//! Answers to one instrument, checked against it as they are given.
//!
//! An [`Answers`] value only ever holds codes the instrument accepts, so scoring never meets
//! an out-of-range value. The text form (`2,3,-`) is the one the command line and CSV files
//! use: one value per item in definition order, `-` for an unanswered item.

use std::fmt;

use crate::definition::Instrument;

/// The answers given so far, one slot per item in definition order, and how the form was
/// completed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answers {
    instrument: String,
    values: Vec<Option<i64>>,
    administration: Administration,
}

/// How a form was completed; it changes scores, so every result records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Administration {
    /// The person read and answered it alone.
    #[default]
    SelfCompleted,
    /// Someone read the questions aloud and the person answered.
    ReadAloud,
    /// A worker answered on the person's behalf.
    OnBehalf,
}

impl Administration {
    /// The word used in results and on the command line.
    pub const fn as_str(self) -> &'static str {
        match self {
            Administration::SelfCompleted => "self",
            Administration::ReadAloud => "read_aloud",
            Administration::OnBehalf => "on_behalf",
        }
    }

    /// Reads `self`, `read_aloud` or `on_behalf` (hyphens accepted too).
    pub fn parse(text: &str) -> Option<Administration> {
        match text.trim().to_ascii_lowercase().replace('-', "_").as_str() {
            "self" => Some(Administration::SelfCompleted),
            "read_aloud" => Some(Administration::ReadAloud),
            "on_behalf" => Some(Administration::OnBehalf),
            _ => None,
        }
    }
}

/// What an item accepts, for error messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Allowed {
    /// One of these codes.
    Codes(Vec<i64>),
    /// A whole number in this range.
    Range(i64, i64),
}

impl fmt::Display for Allowed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Allowed::Codes(codes) => write!(f, "{}", list_of_codes(codes)),
            Allowed::Range(min, max) => write!(f, "only a whole number from {min} to {max}"),
        }
    }
}

/// Why an answer was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum AnswerError {
    /// The answers were made for another instrument.
    WrongInstrument {
        /// The instrument being scored.
        expected: String,
        /// The instrument the answers belong to.
        found: String,
    },
    /// The answer list does not have one value per item.
    WrongCount {
        /// The instrument.
        instrument: String,
        /// How many items it has.
        expected: usize,
        /// How many values were given.
        found: usize,
    },
    /// A value in an answer list is not a number.
    NotANumber {
        /// 1-based position in the list.
        position: usize,
        /// The item at that position.
        item: String,
        /// What was given.
        text: String,
    },
    /// A value is not one of the item's codes.
    OutOfRange {
        /// The instrument.
        instrument: String,
        /// 1-based position of the item.
        position: usize,
        /// The item.
        item: String,
        /// What was given.
        value: i64,
        /// What the item accepts.
        allowed: Allowed,
    },
    /// No item has this id.
    UnknownItem {
        /// The instrument.
        instrument: String,
        /// The id asked for.
        item: String,
    },
}

impl fmt::Display for AnswerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AnswerError::WrongInstrument { expected, found } => {
                write!(f, "these answers are for {found}, not {expected}")
            }
            AnswerError::WrongCount {
                instrument,
                expected,
                found,
            } => write!(
                f,
                "{instrument} has {expected} items but {found} {} given \
                 (give one per item in order, `-` for an unanswered one)",
                if *found == 1 {
                    "answer was"
                } else {
                    "answers were"
                }
            ),
            AnswerError::NotANumber {
                position,
                item,
                text,
            } => write!(
                f,
                "answer {position} (item `{item}`) is `{text}`, which is not a number \
                 (use the item's numeric code, or `-` if unanswered)"
            ),
            AnswerError::OutOfRange {
                instrument,
                position,
                item,
                value,
                allowed,
            } => write!(
                f,
                "answer {position} (item `{item}`) is {value}, but {instrument} accepts {allowed} there"
            ),
            AnswerError::UnknownItem { instrument, item } => {
                write!(f, "{instrument} has no item `{item}`")
            }
        }
    }
}

impl std::error::Error for AnswerError {}

fn list_of_codes(codes: &[i64]) -> String {
    let words: Vec<String> = codes.iter().map(i64::to_string).collect();
    match words.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("only {} or {last}", rest.join(", ")),
        Some((only, _)) => format!("only {only}"),
        None => String::from("no answer"),
    }
}

impl Answers {
    /// No answers yet.
    pub fn new(instrument: &Instrument) -> Answers {
        Answers {
            instrument: instrument.id().to_owned(),
            values: vec![None; instrument.items().len()],
            administration: Administration::default(),
        }
    }

    /// One value per item in definition order (`None` for unanswered), each checked.
    pub fn from_codes(
        instrument: &Instrument,
        codes: &[Option<i64>],
    ) -> Result<Answers, AnswerError> {
        if codes.len() != instrument.items().len() {
            return Err(AnswerError::WrongCount {
                instrument: instrument.id().to_owned(),
                expected: instrument.items().len(),
                found: codes.len(),
            });
        }
        let mut answers = Answers::new(instrument);
        for (index, code) in codes.iter().enumerate() {
            if let Some(value) = code {
                answers.set_at(instrument, index, *value)?;
            }
        }
        Ok(answers)
    }

    /// Parses the text form `2,3,-`: one value per item, `-` (or nothing) for unanswered.
    /// Trailing optional items (the PHQ-9 difficulty question) may be left off.
    pub fn parse(instrument: &Instrument, text: &str) -> Result<Answers, AnswerError> {
        let mut parts: Vec<&str> = text.split(',').map(str::trim).collect();
        let trailing_optional = instrument
            .items()
            .get(parts.len()..)
            .is_some_and(|rest| rest.iter().all(crate::definition::Item::is_optional));
        if trailing_optional {
            parts.resize(instrument.items().len(), "-");
        }
        if parts.len() != instrument.items().len() {
            return Err(AnswerError::WrongCount {
                instrument: instrument.id().to_owned(),
                expected: instrument.items().len(),
                found: parts.len(),
            });
        }
        let mut codes = Vec::with_capacity(parts.len());
        for (index, (part, item)) in parts.iter().zip(instrument.items()).enumerate() {
            let code = match *part {
                "-" | "" => None,
                number => Some(number.parse::<i64>().map_err(|_| AnswerError::NotANumber {
                    position: index + 1,
                    item: item.id().to_owned(),
                    text: (*number).to_owned(),
                })?),
            };
            codes.push(code);
        }
        Answers::from_codes(instrument, &codes)
    }

    /// The text form [`Answers::parse`] reads: one value per item, `-` for unanswered.
    pub fn to_text(&self) -> String {
        let mut text = String::new();
        for (index, value) in self.values.iter().enumerate() {
            if index > 0 {
                text.push(',');
            }
            match value {
                Some(value) => text.push_str(&value.to_string()),
                None => text.push('-'),
            }
        }
        text
    }

    /// Records an answer by item id.
    pub fn set(
        &mut self,
        instrument: &Instrument,
        item: &str,
        value: i64,
    ) -> Result<(), AnswerError> {
        self.check_instrument(instrument)?;
        let index = instrument
            .item_index(item)
            .ok_or_else(|| AnswerError::UnknownItem {
                instrument: instrument.id().to_owned(),
                item: item.to_owned(),
            })?;
        self.set_at(instrument, index, value)
    }

    /// Removes an answer by item id (no error if it was not answered).
    pub fn clear(&mut self, item_index: usize) {
        if let Some(slot) = self.values.get_mut(item_index) {
            *slot = None;
        }
    }

    fn set_at(
        &mut self,
        instrument: &Instrument,
        index: usize,
        value: i64,
    ) -> Result<(), AnswerError> {
        self.check_instrument(instrument)?;
        let (Some(item), Some(slot)) = (instrument.items().get(index), self.values.get_mut(index))
        else {
            return Err(AnswerError::WrongCount {
                instrument: instrument.id().to_owned(),
                expected: instrument.items().len(),
                found: index + 1,
            });
        };
        if !item.accepts(value) {
            let allowed = match item.response() {
                crate::definition::Response::Choice { options, .. } => {
                    Allowed::Codes(options.iter().map(|option| option.value()).collect())
                }
                crate::definition::Response::Number { min, max, .. } => Allowed::Range(*min, *max),
            };
            return Err(AnswerError::OutOfRange {
                instrument: instrument.id().to_owned(),
                position: index + 1,
                item: item.id().to_owned(),
                value,
                allowed,
            });
        }
        *slot = Some(value);
        Ok(())
    }

    pub(crate) fn check_instrument(&self, instrument: &Instrument) -> Result<(), AnswerError> {
        if self.instrument == instrument.id() && self.values.len() == instrument.items().len() {
            Ok(())
        } else {
            Err(AnswerError::WrongInstrument {
                expected: instrument.id().to_owned(),
                found: self.instrument.clone(),
            })
        }
    }

    /// The id of the instrument these answers belong to.
    pub fn instrument(&self) -> &str {
        &self.instrument
    }

    /// The answer at an item position, if given.
    pub fn get(&self, item_index: usize) -> Option<i64> {
        self.values.get(item_index).copied().flatten()
    }

    /// Every slot in definition order.
    pub fn values(&self) -> &[Option<i64>] {
        &self.values
    }

    /// How the form was completed.
    pub fn administration(&self) -> Administration {
        self.administration
    }

    /// Records how the form was completed.
    pub fn set_administration(&mut self, administration: Administration) {
        self.administration = administration;
    }
}
