//! A client's record, and the rules for reading it from what a worker types (reference,
//! initials, year of birth, NHS number, notes).

use serde::{Deserialize, Serialize};
use wellcheck_core::text::is_hidden;
use wellcheck_interchange::nhs_number::{NhsNumber, NhsNumberError};

use super::*;

/// Longest client reference, in characters.
pub const MAX_REFERENCE: usize = 40;
/// Longest notes, in characters.
pub const MAX_NOTES: usize = 5_000;
/// Earliest year of birth accepted.
pub const EARLIEST_BIRTH_YEAR: u16 = 1900;

/// A client, as the worker recorded them. Pseudonymous by design: the reference is the
/// worker's own, and the NHS number is optional.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Client {
    /// The record's id (random, never shown).
    pub id: String,
    /// The worker's reference for the client (`MAPLE-7`).
    pub reference: String,
    /// Initials.
    pub initials: String,
    /// Year of birth, if given.
    pub year_of_birth: Option<u16>,
    /// The NHS number's ten digits, if given (checked when entered).
    pub nhs_number: Option<String>,
    /// Free notes.
    pub notes: String,
}

impl Client {
    /// Takes from `other` (another record of the same person, merged into this one) what
    /// this one lacks: the NHS number, the year of birth, and its notes after these (within
    /// the notes' limit, the rest said to be cut).
    pub fn take_missing_from(&mut self, other: &Client) {
        if self.nhs_number.is_none() {
            self.nhs_number.clone_from(&other.nhs_number);
        }
        if self.year_of_birth.is_none() {
            self.year_of_birth = other.year_of_birth;
        }
        if !other.notes.trim().is_empty() {
            let joined = if self.notes.trim().is_empty() {
                other.notes.clone()
            } else {
                format!(
                    "{}\n\nFrom {}: {}",
                    self.notes, other.reference, other.notes
                )
            };
            self.notes = if joined.chars().count() > MAX_NOTES {
                let cut: String = joined.chars().take(MAX_NOTES - 20).collect();
                format!("{cut} … (notes cut)")
            } else {
                joined
            };
        }
    }
}

/// What the worker typed on the client form, before checking.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClientInput {
    /// Reference.
    pub reference: String,
    /// Initials.
    pub initials: String,
    /// Year of birth (may be empty).
    pub year_of_birth: String,
    /// NHS number (may be empty; spaces and dashes allowed).
    pub nhs_number: String,
    /// Notes.
    pub notes: String,
}

/// The characters a reference may use.
pub(crate) fn is_reference_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.' | '/' | '#')
}

/// A reference as people read it: no surrounding or invisible characters, any case. Two
/// references that read the same are one client.
pub fn reference_key(reference: &str) -> String {
    reference
        .chars()
        .filter(|c| !is_hidden(*c))
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

impl ClientInput {
    /// The form filled in from a saved client (to edit it).
    pub fn from_client(client: &Client) -> ClientInput {
        ClientInput {
            reference: client.reference.clone(),
            initials: client.initials.clone(),
            year_of_birth: client
                .year_of_birth
                .map(|year| year.to_string())
                .unwrap_or_default(),
            nhs_number: client
                .nhs_number
                .as_deref()
                .and_then(|digits| NhsNumber::parse(digits).ok())
                .map(|number| number.formatted())
                .unwrap_or_default(),
            notes: client.notes.clone(),
        }
    }

    /// Checks every field; `taken` says whether another client already has a reference
    /// (by [`reference_key`]); `this_year` bounds the year of birth. All problems are
    /// returned at once, in the form's order.
    pub fn check(
        &self,
        id: String,
        this_year: u16,
        taken: impl Fn(&str) -> bool,
    ) -> Result<Client, Vec<FieldProblem>> {
        let mut problems = Vec::new();
        let reference = self.reference.trim().to_owned();
        if reference.is_empty() {
            problems.push(problem("reference", "Enter a reference for the client"));
        } else if reference.chars().count() > MAX_REFERENCE {
            problems.push(problem(
                "reference",
                format!("The reference must be {MAX_REFERENCE} characters or fewer"),
            ));
        } else if !reference.chars().all(is_reference_char) {
            // Only characters that cannot be mistaken for others: no look-alike letters
            // from other scripts, full-width forms, invisible or direction-changing marks.
            problems.push(problem(
                "reference",
                "The reference may use only letters A to Z, digits, spaces and - _ . / #",
            ));
        } else if taken(&reference_key(&reference)) {
            problems.push(problem(
                "reference",
                "Another client already has this reference: choose a different one",
            ));
        }
        let initials: String = self.initials.split_whitespace().collect();
        if initials.is_empty() {
            problems.push(problem("initials", "Enter the client's initials"));
        } else if initials.chars().count() > 5
            || !initials
                .chars()
                .all(|c| c.is_alphabetic() || c == '-' || c == '\'' || c == '.')
        {
            problems.push(problem(
                "initials",
                "Initials must be up to 5 letters, like JBQ",
            ));
        }
        let year_of_birth = match self.year_of_birth.trim() {
            "" => None,
            text => match text.parse::<u16>() {
                Ok(year) if (EARLIEST_BIRTH_YEAR..=this_year).contains(&year) => Some(year),
                _ => {
                    problems.push(problem(
                        "year-of-birth",
                        format!(
                            "Year of birth must be a year from {EARLIEST_BIRTH_YEAR} to {this_year}, like 1951, or left empty"
                        ),
                    ));
                    None
                }
            },
        };
        let nhs_number = match self.nhs_number.trim() {
            "" => None,
            text => match NhsNumber::parse(text) {
                Ok(number) => Some(number.digits().to_owned()),
                Err(error) => {
                    let message = match error {
                        NhsNumberError::NotADigit { position, .. } => format!(
                            "The NHS number must be 10 digits (spaces are allowed): character {position} is not a digit"
                        ),
                        NhsNumberError::WrongLength { digits } => format!(
                            "The NHS number has {digits} digits: it must have 10, or be left empty"
                        ),
                        NhsNumberError::NoValidCheckDigit
                        | NhsNumberError::CheckDigitMismatch { .. } => {
                            "The NHS number is not valid: its last digit does not match the others. Check for a mistyped digit, or leave it empty".to_owned()
                        }
                    };
                    problems.push(problem("nhs-number", message));
                    None
                }
            },
        };
        if self.notes.chars().count() > MAX_NOTES {
            problems.push(problem(
                "notes",
                format!("Notes must be {MAX_NOTES} characters or fewer"),
            ));
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Client {
            id,
            reference,
            initials: initials.to_uppercase(),
            year_of_birth,
            nhs_number,
            notes: self.notes.clone(),
        })
    }
}
