//! Running other programs, saying what is being run.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

/// Prints a progress line.
pub fn say(message: impl std::fmt::Display) {
    eprintln!("xtask: {message}");
}

/// `cargo`, the same one that is running xtask.
pub fn cargo() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

fn describe(command: &Command) -> String {
    let mut text = command.get_program().to_string_lossy().into_owned();
    for arg in command.get_args() {
        text.push(' ');
        text.push_str(&arg.to_string_lossy());
    }
    text
}

/// Runs a command with inherited output; fails if it exits non-zero.
pub fn run(command: &mut Command) -> Result<()> {
    say(format!("$ {}", describe(command)));
    let status = command
        .status()
        .with_context(|| format!("could not start `{}`", describe(command)))?;
    if !status.success() {
        bail!("`{}` failed ({status})", describe(command));
    }
    Ok(())
}

/// Runs a command and returns its standard output, or `None` if it cannot start or fails.
pub fn output(command: &mut Command) -> Option<String> {
    let output = command.stderr(Stdio::null()).output().ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).into_owned())
}

/// Runs a command but gives up after `limit`, killing it. Returns whether it succeeded.
pub fn run_with_limit(command: &mut Command, limit: Duration) -> Result<bool> {
    say(format!(
        "$ {} (giving up after {} s)",
        describe(command),
        limit.as_secs()
    ));
    let mut child = command
        .stdin(Stdio::null())
        .spawn()
        .with_context(|| format!("could not start `{}`", describe(command)))?;
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait()? {
            return Ok(status.success());
        }
        if started.elapsed() > limit {
            // A hung download never answers; ending it is the only way forward.
            let _ = child.kill();
            let _ = child.wait();
            say(format!(
                "gave up on `{}` after {} s",
                describe(command),
                limit.as_secs()
            ));
            return Ok(false);
        }
        std::thread::sleep(Duration::from_millis(250));
    }
}
