//! `cargo xtask size`: the gzip and brotli sizes of what a page downloads to show the widget (the
//! custom element script, the wasm-bindgen glue, the module and the stylesheet), checked
//! against the budget in `size-budget.txt` (gzip), and the tablet app's beside it.
//! `cargo xtask test` runs the same check.

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
    report_fhir(&bundle)?;
    report_app(&bundle.with_file_name("app")).map(|_| ())
}

/// Text that only the code the first load must not carry would hold: the FHIR writer and
/// the licensed-text checker (in the on-demand module), the definition decoder (definitions
/// are checked at build time) and serde_json (the widget reads and writes JSON itself).
const LEFT_OUT: &[(&str, &str)] = &[
    ("QuestionnaireResponse", "the FHIR writer"),
    ("urn:uuid:", "the FHIR writer"),
    ("must list at least one entry", "the definition decoder"),
    ("missing label for code", "the licensed-text checker"),
    ("EOF while parsing", "serde_json"),
    // PHQ-9's first question: the questionnaires' wording is in `definitions/`.
    (
        "Little interest or pleasure in doing things",
        "a questionnaire's definition (they belong in definitions/)",
    ),
    // The result words' meaning of a band: they come with each questionnaire's definition.
    (
        "Your answers suggest",
        "the result words (each questionnaire's belong in its file in definitions/)",
    ),
];

/// Fails if the first load's module carries what belongs in the on-demand module or at build
/// time, or the on-demand module lacks the FHIR writer.
fn check_left_out(bundle: &Path) -> Result<()> {
    let read =
        |name: &str| std::fs::read(bundle.join(name)).with_context(|| format!("reading {name}"));
    let contains = |bytes: &[u8], text: &str| {
        bytes
            .windows(text.len())
            .any(|window| window == text.as_bytes())
    };
    let first = read("wellcheck_web_bg.wasm")?;
    for (text, what) in LEFT_OUT {
        if contains(&first, text) {
            bail!("the first load's module holds `{text}`: {what} has entered the first load");
        }
    }
    let fhir = read("wellcheck_fhir_bg.wasm")?;
    if !contains(&fhir, "QuestionnaireResponse") {
        bail!("the on-demand module does not hold the FHIR writer");
    }
    // A stylesheet is read in the page's encoding when the server names no charset: only
    // ASCII reads the same in every one.
    if !read("wellcheck.css")?.is_ascii() {
        bail!("wellcheck.css holds characters outside ASCII: write them as CSS escapes");
    }
    say(
        "  the first load's module holds no FHIR writer, licensed-text checker, definition decoder, serde_json, questionnaire wording or result words; the stylesheet is ASCII",
    );
    Ok(())
}

/// Prints the on-demand module's files (fetched only when a host first calls `fhirBundle()` or
/// supplies `licensedText`).
pub fn report_fhir(bundle: &Path) -> Result<u64> {
    say(
        "the on-demand module (FHIR and the licensed-text checker, fetched only when a host asks for a Bundle or supplies licensedText):",
    );
    let names: Vec<String> = dist::ON_DEMAND_MODULE
        .iter()
        .map(|name| (*name).to_owned())
        .collect();
    let sizes = measure(bundle, &names)?;
    say(format!("  {}", sizes.line("total")));
    Ok(sizes.gzip)
}

/// Prints the tablet app's files, raw, gzip and brotli, and returns their total gzip size.
pub fn report_app(app: &Path) -> Result<u64> {
    say("the tablet app (downloaded once, then run from the offline cache):");
    let mut names: Vec<String> = std::fs::read_dir(app)
        .context("reading dist/app")?
        .filter_map(|entry| entry.ok())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let sizes = measure(app, &names)?;
    say(format!("  {}", sizes.line("total")));
    Ok(sizes.gzip)
}

/// Prints each file's raw, gzip and brotli size and fails if the gzip total is over budget.
pub fn check(bundle: &Path) -> Result<u64> {
    // The size build (std rebuilt for size) is the one the budget is for; a machine where
    // it was not available built the stable way, which has its own, larger budget.
    let kind = std::fs::read_to_string(bundle.with_extension("build")).unwrap_or_default();
    let stable = kind.lines().next().map(str::trim) == Some("stable");
    if kind.lines().any(|line| line.trim() == "unminified") {
        bail!(
            "the embed's JavaScript and stylesheet were not minified (terser and csso, npm tools, were unavailable: see cargo xtask dist's output); the budget in size-budget.txt is for the minified bundle"
        );
    }
    if stable {
        say(
            "the embed was built without the size build (see cargo xtask dist's output): using the stable build's budget",
        );
    }
    let budget = budget(if stable {
        "first_load_gzip_bytes_stable_build"
    } else {
        "first_load_gzip_bytes"
    })?;
    say("first load of the embed (what a page downloads to show a questionnaire):");
    // With the page's definitions file: the largest, so the budget holds for every page.
    let definitions = largest_file(&bundle.join(dist::DEFINITIONS_FOLDER))?;
    let names: Vec<String> = FIRST_LOAD
        .iter()
        .map(|name| (*name).to_owned())
        .chain([format!("{}/{}", dist::DEFINITIONS_FOLDER, definitions.1)])
        .collect();
    let sizes = measure(bundle, &names)?;
    say(format!("  {} (budget {budget} gzip)", sizes.line("total")));
    check_left_out(bundle)?;
    report_first_question(bundle)?;
    report_later_part(bundle)?;
    if sizes.gzip > budget {
        bail!(
            "the embed's first load is {} bytes gzip, over the budget of {budget} in size-budget.txt",
            sizes.gzip
        );
    }
    Ok(sizes.gzip)
}

/// What a page downloads before the first question is visible: `wellcheck.js`, the
/// stylesheet and the pre-rendered first page (the WebAssembly arrives while the person
/// reads it). Reported for UCLA-3 in English, with the largest first page beside it.
fn report_first_question(bundle: &Path) -> Result<()> {
    let largest = largest_file(&bundle.join(dist::PRERENDER_FOLDER))?;
    say("before the first question is visible (the WebAssembly arrives while it is read):");
    let names: Vec<String> = ["wellcheck.js", "wellcheck.css", "prerender/ucla-3.en.html"]
        .iter()
        .map(|name| (*name).to_owned())
        .collect();
    let sizes = measure(bundle, &names)?;
    say(format!("  {}", sizes.line("total")));
    say(format!(
        "  the largest first page is prerender/{}: {} bytes gzip",
        largest.1, largest.0
    ));
    Ok(())
}

/// The later part: the check and result pages, fetched once the person begins answering
/// (or when a page needs it), never before the first question can be answered.
fn report_later_part(bundle: &Path) -> Result<()> {
    say("the later part (the check and result pages, fetched once the person begins):");
    let sizes = measure(bundle, &[dist::LATER_PART.to_owned()])?;
    say(format!("  {}", sizes.line("total")));
    Ok(())
}

/// The gzip size and name of the largest file in `folder` (by gzip size).
fn largest_file(folder: &Path) -> Result<(u64, String)> {
    let mut largest = (0, String::new());
    for entry in
        std::fs::read_dir(folder).with_context(|| format!("reading {}", folder.display()))?
    {
        let path = entry?.path();
        let size = gzip_len(&std::fs::read(&path)?)?;
        if size > largest.0 {
            largest = (
                size,
                path.file_name()
                    .map(|name| name.to_string_lossy().into_owned())
                    .unwrap_or_default(),
            );
        }
    }
    Ok(largest)
}

/// Raw, gzip (-9) and brotli (quality 11) sizes.
#[derive(Debug, Default, Clone, Copy)]
struct Sizes {
    raw: u64,
    gzip: u64,
    brotli: u64,
}

impl Sizes {
    fn line(self, name: &str) -> String {
        format!(
            "{name:<24} {:>9} bytes raw {:>9} bytes gzip {:>9} bytes brotli",
            self.raw, self.gzip, self.brotli
        )
    }
}

/// Prints each file's sizes; returns the totals.
fn measure(dir: &Path, names: &[String]) -> Result<Sizes> {
    let mut total = Sizes::default();
    for name in names {
        let bytes = std::fs::read(dir.join(name))
            .with_context(|| format!("reading {}", dir.join(name).display()))?;
        let sizes = Sizes {
            raw: bytes.len() as u64,
            gzip: gzip_len(&bytes)?,
            brotli: brotli_len(&bytes)?,
        };
        say(format!("  {}", sizes.line(name)));
        total.raw += sizes.raw;
        total.gzip += sizes.gzip;
        total.brotli += sizes.brotli;
    }
    Ok(total)
}

fn gzip_len(bytes: &[u8]) -> Result<u64> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    encoder.write_all(bytes)?;
    Ok(encoder.finish()?.len() as u64)
}

fn brotli_len(bytes: &[u8]) -> Result<u64> {
    Ok(brotli_bytes(bytes)?.len() as u64)
}

/// `bytes` compressed with brotli at its best (quality 11), as a host serving `.br` copies
/// would have them.
pub fn brotli_bytes(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params)?;
    Ok(out)
}

fn budget(key: &str) -> Result<u64> {
    let path = workspace_root().join("size-budget.txt");
    let text = std::fs::read_to_string(&path).context("reading size-budget.txt")?;
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .find_map(|line| {
            let (name, value) = line.split_once('=')?;
            (name.trim() == key).then(|| value.trim().to_owned())
        })
        .with_context(|| format!("size-budget.txt has no `{key} = N` line"))?
        .parse()
        .with_context(|| format!("size-budget.txt: {key} is not a whole number"))
}
