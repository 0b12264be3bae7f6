//! `wellcheck`: the native command line over `wellcheck-core`.
//!
//! Every failure prints one line, `wellcheck: error: <what and where>`, to stderr and exits
//! with status 2 (a file with problems lists each one and exits with status 1); scoring and
//! validation are the core's, so the CLI, the widget and the tests agree by construction.
//! A closed output pipe (`wellcheck … | head`) ends the program quietly, as Unix tools do.

// In reading order: each module uses only those above it.
mod failure;
mod help;
mod spool;
mod report;
mod commands;

use std::io::{self, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().skip(1).collect();
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let result = commands::run(args, &mut out).and_then(|()| Ok(out.flush()?));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(commands::Failure::Output(error)) if error.kind() == io::ErrorKind::BrokenPipe => {
            ExitCode::SUCCESS
        }
        Err(commands::Failure::Output(error)) => {
            tell(&[format!(
                "wellcheck: error: cannot write the output: {error}"
            )]);
            ExitCode::from(2)
        }
        Err(commands::Failure::Usage(message)) | Err(commands::Failure::Input(message)) => {
            tell(&[format!("wellcheck: error: {message}")]);
            ExitCode::from(2)
        }
        Err(commands::Failure::Invalid {
            file,
            problems,
            total,
        }) => {
            let mut lines = vec![format!(
                "wellcheck: error: problems in {file} ({total} found):"
            )];
            lines.extend(problems.iter().map(|problem| format!("  {problem}")));
            tell(&lines);
            ExitCode::from(1)
        }
    }
}

/// Writes to standard error; if that is closed too (`2>&1 | head`), there is no one left
/// to tell, and the program still ends cleanly rather than panicking.
///
/// Messages can quote input (a cell, a file name), so control characters are shown escaped:
/// a hostile cell cannot forge a line or send terminal escape sequences.
fn tell(lines: &[String]) {
    let mut err = io::stderr().lock();
    for line in lines {
        if writeln!(err, "{}", wellcheck_core::text::visible(line)).is_err() {
            return;
        }
    }
}
