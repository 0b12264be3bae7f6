//! Why a command failed ([`Failure`]): the one type every command returns, which `main`
//! turns into a line on standard error and an exit status.

use std::io;

/// Why a command failed.
#[derive(Debug)]
pub enum Failure {
    /// The command line itself is wrong.
    Usage(String),
    /// The input (an id, answers, a file) is wrong.
    Input(String),
    /// A file has problems; each is listed (a long list is cut short, and says so).
    Invalid {
        /// The file that was checked.
        file: String,
        /// The problems listed, as `path: message`.
        problems: Vec<String>,
        /// How many were found in all.
        total: u64,
    },
    /// Writing the output failed (a closed pipe, a full disk).
    Output(io::Error),
}

impl From<lexopt::Error> for Failure {
    fn from(error: lexopt::Error) -> Self {
        Failure::Usage(format!("{error} (see `wellcheck help`)"))
    }
}

impl From<io::Error> for Failure {
    fn from(error: io::Error) -> Self {
        Failure::Output(error)
    }
}
