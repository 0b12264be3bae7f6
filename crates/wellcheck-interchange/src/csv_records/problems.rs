//! [`ProblemList`]: the problems of a file, kept to a bounded list with a count of the rest.

use super::*;

/// Problems, listed up to [`MAX_LISTED_PROBLEMS`] and counted beyond, so a file with a
/// million bad rows still gives a short, bounded answer.
#[derive(Debug, Default)]
pub struct ProblemList {
    pub(crate) listed: Vec<CsvProblem>,
    pub(crate) unlisted: u64,
    pub(crate) first_unlisted_line: u64,
}

impl ProblemList {
    /// Adds problems.
    pub fn extend(&mut self, problems: impl IntoIterator<Item = CsvProblem>) {
        for problem in problems {
            if self.listed.len() < MAX_LISTED_PROBLEMS {
                self.listed.push(problem);
            } else {
                if self.unlisted == 0 {
                    self.first_unlisted_line = problem.line;
                }
                self.unlisted += 1;
            }
        }
    }

    /// How many were found, listed or not.
    pub fn total(&self) -> u64 {
        self.listed.len() as u64 + self.unlisted
    }

    /// Whether none was found.
    pub fn is_empty(&self) -> bool {
        self.listed.is_empty()
    }

    /// The problems as listed, with one closing line counting the rest.
    pub fn into_problems(self) -> Vec<CsvProblem> {
        let mut listed = self.listed;
        if self.unlisted > 0 {
            listed.push(CsvProblem::new(
                self.first_unlisted_line,
                None,
                format!(
                    "and {} more problem(s) from this line on, not listed",
                    self.unlisted
                ),
            ));
        }
        listed
    }

    /// `Ok(value)` when there were no problems.
    pub fn into_result<T>(self, value: T) -> Result<T, Vec<CsvProblem>> {
        if self.is_empty() {
            Ok(value)
        } else {
            Err(self.into_problems())
        }
    }
}
