//! `wellcheck`: the native command line over `wellcheck-core`.
//!
//! Every failure prints one line, `wellcheck: error: <what and where>`, to stderr and exits
//! with status 2; scoring and validation are the core's, so the CLI, the widget and the
//! tests agree by construction.

mod commands;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().skip(1).collect();
    match commands::run(args) {
        Ok(output) => {
            print!("{output}");
            ExitCode::SUCCESS
        }
        Err(commands::Failure::Usage(message)) | Err(commands::Failure::Input(message)) => {
            eprintln!("wellcheck: error: {message}");
            ExitCode::from(2)
        }
        Err(commands::Failure::Invalid { file, problems }) => {
            eprintln!(
                "wellcheck: error: {file} has problems ({} found):",
                problems.len()
            );
            for problem in problems {
                eprintln!("  {problem}");
            }
            ExitCode::from(1)
        }
    }
}
