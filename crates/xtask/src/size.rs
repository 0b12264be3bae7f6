//! `cargo xtask size`: the gzip size of what a page downloads to show the widget (the
//! custom element script, the wasm-bindgen glue, the module and the stylesheet), checked
//! against the budget in `size-budget.txt`. `cargo xtask test` runs the same check.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result, bail};
use flate2::Compression;
use flate2::write::GzEncoder;

use crate::cmd::say;
use crate::{dist, workspace_root};

/// The files of the first load, in the order the browser fetches them.
pub const FIRST_LOAD: &[&str] = &[
    "wellcheck.js",
    "wellcheck_web.js",
    "wellcheck_web_bg.wasm",
    "wellcheck.css",
];

/// `cargo xtask size`: build, then measure the embed (against its budget) and the tablet
/// app (reported; it loads once and then runs offline from its cache).
pub fn run() -> Result<()> {
    let bundle = dist::run()?;
    check(&bundle)?;
    report_app(&bundle.with_file_name("app")).map(|_| ())
}

/// Prints the tablet app's files, raw and gzip, and their total gzip size.
pub fn report_app(app: &Path) -> Result<u64> {
    say("the tablet app (downloaded once, then run from the offline cache):");
    let mut names: Vec<String> = std::fs::read_dir(app)
        .context("reading dist/app")?
        .filter_map(|entry| entry.ok())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let (mut total_raw, mut total_gzip) = (0, 0);
    for name in &names {
        let bytes =
            std::fs::read(app.join(name)).with_context(|| format!("reading dist/app/{name}"))?;
        let gzip = gzip_len(&bytes)?;
        say(format!(
            "  {name:<24} {:>9} bytes raw {gzip:>9} bytes gzip",
            bytes.len()
        ));
        total_raw += bytes.len() as u64;
        total_gzip += gzip;
    }
    say(format!(
        "  {:<24} {total_raw:>9} bytes raw {total_gzip:>9} bytes gzip",
        "total"
    ));
    Ok(total_gzip)
}

/// Prints each file's raw and gzip size and fails if the total is over budget.
pub fn check(bundle: &Path) -> Result<u64> {
    let budget = budget()?;
    let mut total_raw = 0;
    let mut total_gzip = 0;
    say("first load of the embed (what a page downloads to show a questionnaire):");
    for name in FIRST_LOAD {
        let bytes = std::fs::read(bundle.join(name))
            .with_context(|| format!("reading dist/wellcheck/{name}"))?;
        let gzip = gzip_len(&bytes)?;
        say(format!(
            "  {name:<24} {:>9} bytes raw {:>9} bytes gzip",
            bytes.len(),
            gzip
        ));
        total_raw += bytes.len() as u64;
        total_gzip += gzip;
    }
    say(format!(
        "  {:<24} {total_raw:>9} bytes raw {total_gzip:>9} bytes gzip (budget {budget})",
        "total"
    ));
    if total_gzip > budget {
        bail!(
            "the embed's first load is {total_gzip} bytes gzip, over the budget of {budget} in size-budget.txt"
        );
    }
    Ok(total_gzip)
}

fn gzip_len(bytes: &[u8]) -> Result<u64> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    encoder.write_all(bytes)?;
    Ok(encoder.finish()?.len() as u64)
}

fn budget() -> Result<u64> {
    let path = workspace_root().join("size-budget.txt");
    let text = std::fs::read_to_string(&path).context("reading size-budget.txt")?;
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .find_map(|line| {
            line.strip_prefix("first_load_gzip_bytes")
                .map(|rest| rest.trim_start_matches([' ', '=']).trim().to_owned())
        })
        .context("size-budget.txt has no `first_load_gzip_bytes = N` line")?
        .parse()
        .context("size-budget.txt: first_load_gzip_bytes is not a whole number")
}
