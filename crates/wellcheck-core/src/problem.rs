//! What is wrong with a file the core reads: [`Problem`] (one, with its JSON path) and
//! [`DefinitionError`] (not JSON, or every problem found). Below every reader of the
//! format, so that each reports problems the same way.

use std::fmt;

/// One problem in a definition file, with the JSON path where it was found
/// (for example `$.items[1].responses`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where in the document, as `$` followed by `.field` and `[index]` steps.
    pub path: String,
    /// What is wrong, in lowercase, with no trailing full stop.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// Why a definition file could not be turned into an [`Instrument`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DefinitionError {
    /// The file is not JSON at all.
    Syntax {
        /// 1-based line of the error.
        line: usize,
        /// 1-based column of the error.
        column: usize,
        /// What the JSON parser said.
        message: String,
    },
    /// The file is JSON but breaks the format's rules; every problem found is listed.
    Invalid(Vec<Problem>),
}

impl DefinitionError {
    /// Every problem, one line each, as `path: message`.
    pub fn lines(&self) -> Vec<String> {
        match self {
            DefinitionError::Syntax {
                line,
                column,
                message,
            } => {
                vec![format!(
                    "line {line}, column {column}: not valid JSON: {message}"
                )]
            }
            DefinitionError::Invalid(problems) => problems.iter().map(Problem::to_string).collect(),
        }
    }
}

impl fmt::Display for DefinitionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DefinitionError::Syntax { .. } => write!(f, "{}", self.lines().join("; ")),
            DefinitionError::Invalid(problems) => {
                let count = problems.len();
                let noun = if count == 1 { "problem" } else { "problems" };
                write!(f, "{count} {noun}: {}", self.lines().join("; "))
            }
        }
    }
}

impl std::error::Error for DefinitionError {}
