//! `cargo xtask fuzz [target] [--seconds N]`: runs a cargo-fuzz target on the core's parsers
//! (not part of `cargo xtask test`). Installs cargo-fuzz when missing. libFuzzer needs
//! unstable compiler flags; `RUSTC_BOOTSTRAP=1` lets the stable toolchain accept them.
//!
//! Each target starts from the committed seeds in `fuzz/seeds/<target>` and the corpus in
//! `fuzz/corpus/<target>` (new finds go there). An input that takes over 5 s or 2 GB counts
//! as a crash, so a hang or runaway allocation is found like a panic.

use std::process::Command;

use anyhow::{Context, Result, bail};

use crate::cmd::{self, cargo, say};
use crate::toolchain::which;
use crate::workspace_root;

const TARGETS: &[&str] = &[
    "definition",
    "answers",
    "licensed_text",
    "csv",
    "fhir_import",
];

/// `cargo xtask fuzz`.
pub fn run(args: &[String]) -> Result<()> {
    let mut targets: Vec<String> = Vec::new();
    let mut seconds: u32 = 60;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--seconds" => {
                let value = args.next().context("--seconds needs a number")?;
                seconds = value
                    .parse()
                    .with_context(|| format!("--seconds: `{value}` is not a number"))?;
            }
            name if TARGETS.contains(&name) => targets.push(name.to_owned()),
            other => bail!(
                "fuzz: unknown target or option `{other}` (targets: {}; option: --seconds N)",
                TARGETS.join(", ")
            ),
        }
    }
    if targets.is_empty() {
        targets = TARGETS.iter().map(|target| (*target).to_owned()).collect();
    }
    if which("cargo-fuzz").is_none() {
        say("installing cargo-fuzz (once)");
        cmd::run(cargo().args(["install", "cargo-fuzz", "--locked"]))?;
    }
    let fuzz_dir = workspace_root().join("fuzz");
    for target in &targets {
        say(format!("fuzzing `{target}` for {seconds} s"));
        let corpus = fuzz_dir.join("corpus").join(target);
        let seeds = fuzz_dir.join("seeds").join(target);
        std::fs::create_dir_all(&corpus)?;
        std::fs::create_dir_all(&seeds)?;
        cmd::run(
            Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
                .current_dir(&fuzz_dir)
                .args(["fuzz", "run", target])
                .arg(&corpus)
                .arg(&seeds)
                .args([
                    "--",
                    &format!("-max_total_time={seconds}"),
                    "-timeout=5",
                    "-rss_limit_mb=2048",
                ])
                .env("RUSTC_BOOTSTRAP", "1"),
        )?;
    }
    say("no crashes found");
    Ok(())
}
