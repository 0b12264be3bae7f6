//! `cargo xtask dist`: builds the widget into `dist/wellcheck/`, the folder a web editor
//! copies as-is to any static host, and the link worker tablet app into `dist/app/`.
//!
//! The widget's folder holds `wellcheck.js` (the one file a page loads: it defines the
//! custom element), the wasm-bindgen glue and `.wasm` it imports, its stylesheet, the
//! on-demand module, `definitions/` (each questionnaire's definitions, fetched by its page)
//! and `prerender/` (each questionnaire's first page, shown while the module downloads).
//!
//! The app's folder holds its shell (`crates/wellcheck-app/shell/`: page, start script,
//! styles, manifest, icon), the widget's stylesheet for the questionnaire pages, its own
//! glue and `.wasm`, and `sw.js`, into which this step writes the list of files to cache
//! and a version that is a hash of all of them, so any change reaches tablets at their next
//! online start. The app is a separate wasm module: none of its code enters the widget.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};
use sha2::Digest;

use crate::cmd::{self, say};
use crate::toolchain::{self, NodeTools, Wasm, WasmBindgen};
use crate::workspace_root;
use crate::{short_names, split_later};

/// Files copied verbatim from the web crate into the bundle.
const STATIC_FILES: &[&str] = &["js/wellcheck.js", "style/wellcheck.css"];

/// The on-demand module's files (FHIR and the licensed-text checker), served beside the
/// widget and fetched only by `fhirBundle()` or for `licensedText`.
pub const ON_DEMAND_MODULE: &[&str] = &["wellcheck_fhir.js", "wellcheck_fhir_bg.wasm"];

/// The embed's later part: the check and result pages ([`split_later`]).
pub const LATER_PART: &str = "wellcheck_web_later.wasm";

/// The app's shell files, copied from `crates/wellcheck-app/shell/` (`sw.js` is written).
const APP_SHELL: &[&str] = &[
    "index.html",
    "app.js",
    "app.css",
    "manifest.webmanifest",
    "icon.svg",
];

/// `cargo xtask dist`: the widget, then the app. Returns the widget's folder.
pub fn run() -> Result<PathBuf> {
    let workspace = workspace_root();
    let wasm = toolchain::ensure_wasm()?;
    let bindgen = toolchain::ensure_wasm_bindgen(&workspace)?;
    let tools = optional_node_tools(&workspace);
    let widget = build(&workspace, &wasm, &bindgen, tools.as_ref())?;
    let wasm_opt = tools.as_ref().map(|tools| tools.wasm_opt.as_path());
    build_app(&workspace, &wasm, &bindgen, wasm_opt)?;
    Ok(widget)
}

/// The npm tools that shrink the bundle: wasm-opt for the modules, terser and csso for the
/// embed's JavaScript (the element and the wasm-bindgen glue) and stylesheet, which every
/// page that shows a questionnaire downloads. None is required: without them the build
/// still works, and says so.
pub fn optional_node_tools(workspace: &Path) -> Option<NodeTools> {
    match toolchain::ensure_node_tools(workspace) {
        Ok(tools) => Some(tools),
        Err(error) => {
            say(format!(
                "the npm tools are unavailable ({error:#}); the modules will be built unoptimised, the JavaScript and the stylesheet shipped unminified"
            ));
            None
        }
    }
}

/// Minifies each ES module in `files` in place with terser (compressed and mangled).
fn minify_javascript(terser: &Path, files: &[PathBuf]) -> Result<()> {
    for file in files {
        let minified = file.with_extension("min.js");
        cmd::run(
            Command::new(terser)
                .arg(file)
                .args(["--module", "--compress", "--mangle", "--output"])
                .arg(&minified),
        )
        .with_context(|| format!("minifying {}", file.display()))?;
        std::fs::rename(&minified, file)
            .with_context(|| format!("replacing {} with its minified form", file.display()))?;
    }
    Ok(())
}

/// Minifies a stylesheet in place with csso: comments and spaces go and values are written
/// at their shortest, but no rule is moved or merged (`--no-restructure`), so the cascade
/// is the source's.
fn minify_stylesheet(csso: &Path, file: &Path) -> Result<()> {
    let minified = file.with_extension("min.css");
    cmd::run(
        Command::new(csso)
            .arg(file)
            .args(["--comments", "none", "--no-restructure", "--output"])
            .arg(&minified),
    )
    .with_context(|| format!("minifying {}", file.display()))?;
    let css = std::fs::read_to_string(&minified)
        .with_context(|| format!("reading {}", minified.display()))?;
    std::fs::write(file, ascii_css(&css))
        .with_context(|| format!("replacing {} with its minified form", file.display()))?;
    std::fs::remove_file(&minified).with_context(|| format!("removing {}", minified.display()))
}

/// The stylesheet with every character outside ASCII written as a CSS escape (`\2039 `), as
/// the source writes them: csso writes the characters themselves, which a page in a legacy
/// encoding would read wrongly from a server that names no charset ("â€¹" for "‹").
fn ascii_css(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    for character in css.chars() {
        if character.is_ascii() {
            out.push(character);
        } else {
            // The space ends the escape and is not part of the text.
            out.push_str(&format!("\\{:x} ", u32::from(character)));
        }
    }
    out
}

/// Builds the release bundle and returns its folder.
pub fn build(
    workspace: &Path,
    wasm: &Wasm,
    bindgen: &WasmBindgen,
    tools: Option<&NodeTools>,
) -> Result<PathBuf> {
    say("building the widget (release, size-optimised wasm32)");
    let wasm_opt = tools.map(|tools| tools.wasm_opt.as_path());
    let dist = workspace.join("dist");
    let staging = dist.join("wellcheck.partial");
    let target = dist.join("wellcheck");
    let kind = compile_module(
        workspace,
        wasm,
        bindgen,
        wasm_opt,
        Module {
            package: "wellcheck-web",
            out_name: "wellcheck_web",
            // The questionnaires' definitions apart, in `definitions/` (written below), and
            // the check and result pages in a module of their own.
            features: &["definitions-apart", "later-apart"],
            later_part: Some(LATER_ENTRY),
        },
        &staging,
    )?;
    // The on-demand module, fetched by `fhirBundle()` or for `licensedText`: beside the
    // widget's own files, outside the first load. Built into its own staging folder
    // (each build starts afresh).
    let fhir_staging = dist.join("wellcheck-fhir.partial");
    compile_module(
        workspace,
        wasm,
        bindgen,
        wasm_opt,
        Module {
            package: "wellcheck-fhir",
            out_name: "wellcheck_fhir",
            features: &[],
            later_part: None,
        },
        &fhir_staging,
    )?;
    for name in ON_DEMAND_MODULE {
        std::fs::rename(fhir_staging.join(name), staging.join(name))
            .with_context(|| format!("moving the on-demand module's {name} into the widget"))?;
    }
    std::fs::remove_dir_all(&fhir_staging)
        .with_context(|| format!("removing {}", fhir_staging.display()))?;
    let web_crate = workspace.join("crates/wellcheck-web");
    for file in STATIC_FILES {
        let source = web_crate.join(file);
        let name = source.file_name().context("static file without a name")?;
        std::fs::copy(&source, staging.join(name))
            .with_context(|| format!("copying {}", source.display()))?;
    }
    write_later_hash(&staging)?;
    shorten_names(&staging, "wellcheck_web")?;
    prerender_first_pages(workspace, &staging.join(PRERENDER_FOLDER))?;
    write_definitions(&staging.join(DEFINITIONS_FOLDER))?;
    if let Some(tools) = tools {
        say("minifying the embed's JavaScript with terser and its stylesheet with csso");
        let scripts: Vec<PathBuf> = ["wellcheck.js", "wellcheck_web.js", "wellcheck_fhir.js"]
            .iter()
            .map(|name| staging.join(name))
            .collect();
        minify_javascript(&tools.terser, &scripts)?;
        minify_stylesheet(&tools.csso, &staging.join("wellcheck.css"))?;
    }
    swap_in(&staging, &target)?;
    // The size budget is for minified JavaScript and CSS: `cargo xtask size` reads this line.
    let kind = if tools.is_some() {
        kind.to_owned()
    } else {
        format!("{kind}\nunminified")
    };
    record_build(&target, &kind)?;
    Ok(target)
}

/// Writes the later part's SHA-256 into `wellcheck.js`, which checks it before running the
/// later part (a damaged or stale copy is refused).
fn write_later_hash(folder: &Path) -> Result<()> {
    const PLACEHOLDER: &str = "__WELLCHECK_LATER_SHA256__";
    let later = std::fs::read(folder.join(LATER_PART)).context("reading the later part")?;
    let hash: String = sha2::Sha256::digest(&later)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect();
    let script_path = folder.join("wellcheck.js");
    let script = std::fs::read_to_string(&script_path).context("reading wellcheck.js")?;
    if script.matches(PLACEHOLDER).count() != 1 {
        bail!("wellcheck.js must hold {PLACEHOLDER} exactly once, for the later part's SHA-256");
    }
    std::fs::write(&script_path, script.replace(PLACEHOLDER, &hash)).context("writing wellcheck.js")
}

/// Gives the embed's module and its glue short names for the calls between them
/// ([`short_names`]), in place.
fn shorten_names(folder: &Path, out_name: &str) -> Result<()> {
    let module_path = folder.join(format!("{out_name}_bg.wasm"));
    let glue_path = folder.join(format!("{out_name}.js"));
    let module = std::fs::read(&module_path)
        .with_context(|| format!("reading {}", module_path.display()))?;
    let glue = std::fs::read_to_string(&glue_path)
        .with_context(|| format!("reading {}", glue_path.display()))?;
    let own_module = format!("./{out_name}_bg.js");
    let (short_module, short_glue) = short_names::shorten(&module, &glue, &own_module)
        .with_context(|| format!("shortening the names between {out_name}'s module and glue"))?;
    say(format!(
        "{out_name}: short import and export names: module {} -> {} bytes, glue {} -> {} bytes",
        module.len(),
        short_module.len(),
        glue.len(),
        short_glue.len()
    ));
    std::fs::write(&module_path, short_module)
        .with_context(|| format!("writing {}", module_path.display()))?;
    std::fs::write(&glue_path, short_glue)
        .with_context(|| format!("writing {}", glue_path.display()))
}

/// The widget's folder of pre-rendered first pages (`<id>.<language>.html`).
pub const PRERENDER_FOLDER: &str = "prerender";

/// Writes each built-in questionnaire's first page, rendered natively by the widget's own
/// components (Yew's server-side rendering, the `ssr` feature), into `folder`:
/// `wellcheck.js` shows it while the WebAssembly downloads.
fn prerender_first_pages(workspace: &Path, folder: &Path) -> Result<()> {
    say("pre-rendering each questionnaire's first page (Yew server-side rendering, native)");
    cmd::run(
        cmd::cargo()
            .current_dir(workspace)
            .args([
                "run",
                "--quiet",
                "--package",
                "wellcheck-web",
                "--features",
                "ssr",
                "--bin",
                "wellcheck-prerender",
                "--",
            ])
            .arg(folder),
    )
}

/// The widget's folder of definitions files (`<id>.bin`), one for each instrument and battery.
/// `.bin`, not an extension of our own: some servers (IIS among them) refuse to serve a
/// file whose extension they do not know.
pub const DEFINITIONS_FOLDER: &str = "definitions";

/// Writes each instrument's and each battery's definitions file into `folder`: the module
/// holds the catalogue without them, and `wellcheck.js` fetches the one its page needs
/// alongside the module (see `wellcheck_core::compact::encode_split`).
fn write_definitions(folder: &Path) -> Result<()> {
    let (_, files) = wellcheck_core::compact::encode_split().map_err(|problems| {
        anyhow::anyhow!(
            "the built-in catalogue is not valid:\n  {}",
            problems.join("\n  ")
        )
    })?;
    std::fs::create_dir_all(folder).with_context(|| format!("creating {}", folder.display()))?;
    for (id, bytes) in &files {
        let path = folder.join(format!("{id}.bin"));
        std::fs::write(&path, bytes).with_context(|| format!("writing {}", path.display()))?;
    }
    say(format!(
        "{} definitions files in {}",
        files.len(),
        folder.display()
    ));
    Ok(())
}

/// Records which build made the module in `folder`, beside it (`<folder>.build`: `size` or
/// `stable`, and a line `unminified` when terser did not run), for `cargo xtask size`,
/// whose budget depends on it.
fn record_build(folder: &Path, kind: &str) -> Result<()> {
    let marker = folder.with_extension("build");
    std::fs::write(&marker, kind).with_context(|| format!("writing {}", marker.display()))
}

/// Builds the tablet app into `dist/app/` and returns the folder.
pub fn build_app(
    workspace: &Path,
    wasm: &Wasm,
    bindgen: &WasmBindgen,
    wasm_opt: Option<&Path>,
) -> Result<PathBuf> {
    say("building the tablet app (release, size-optimised wasm32)");
    let target = workspace.join("dist/app");
    build_app_into(workspace, wasm, bindgen, wasm_opt, &[], &target)?;
    Ok(target)
}

/// Builds the tablet app, with these cargo `features`, into `target` (the benchmark's
/// build adds `bench-seed` and goes under `target/bench/`, never into `dist/`).
pub fn build_app_into(
    workspace: &Path,
    wasm: &Wasm,
    bindgen: &WasmBindgen,
    wasm_opt: Option<&Path>,
    features: &[&str],
    target: &Path,
) -> Result<()> {
    let staging = target.with_extension("partial");
    let kind = compile_module(
        workspace,
        wasm,
        bindgen,
        wasm_opt,
        Module {
            package: "wellcheck-app",
            out_name: "wellcheck_app",
            features,
            later_part: None,
        },
        &staging,
    )?;
    let shell = workspace.join("crates/wellcheck-app/shell");
    for name in APP_SHELL {
        std::fs::copy(shell.join(name), staging.join(name))
            .with_context(|| format!("copying crates/wellcheck-app/shell/{name}"))?;
    }
    let widget_css = workspace.join("crates/wellcheck-web/style/wellcheck.css");
    std::fs::copy(&widget_css, staging.join("wellcheck.css"))
        .context("copying the widget's stylesheet into the app")?;
    let template = std::fs::read_to_string(shell.join("sw.js"))
        .context("reading crates/wellcheck-app/shell/sw.js")?;
    let service_worker = write_service_worker(&template, &staging)?;
    std::fs::write(staging.join("sw.js"), service_worker)
        .with_context(|| format!("writing {}", staging.join("sw.js").display()))?;
    swap_in(&staging, target)?;
    record_build(target, kind)
}

/// Replaces `target` with the finished `staging` folder and lists what it holds. Building
/// beside the old folder and swapping at the end means a failed build never leaves a
/// half-written one behind.
fn swap_in(staging: &Path, target: &Path) -> Result<()> {
    if target.exists() {
        std::fs::remove_dir_all(target)
            .with_context(|| format!("removing the previous {}", target.display()))?;
    }
    std::fs::rename(staging, target)
        .with_context(|| format!("moving the new build into {}", target.display()))?;
    list_files(target)
}

/// `sw.js` with its file list and version filled in: every file in `folder` (the page as
/// `./` too, since that is how it is opened), and a hash of all their bytes.
pub fn write_service_worker(template: &str, folder: &Path) -> Result<String> {
    use sha2::{Digest, Sha256};
    let mut names: Vec<String> = std::fs::read_dir(folder)?
        .filter_map(|entry| entry.ok())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name != "sw.js")
        .collect();
    names.sort();
    let mut hasher = Sha256::new();
    for name in &names {
        hasher.update(name.as_bytes());
        hasher.update(std::fs::read(folder.join(name)).with_context(|| format!("reading {name}"))?);
    }
    let version: String = hasher
        .finalize()
        .iter()
        .take(8)
        .map(|byte| format!("{byte:02x}"))
        .collect();
    let assets: Vec<String> = std::iter::once("./".to_owned())
        .chain(names.iter().map(|name| format!("./{name}")))
        .collect();
    let assets = serde_json::to_string(&assets)?;
    if !template.contains("__WELLCHECK_VERSION__") || !template.contains("__WELLCHECK_ASSETS__") {
        anyhow::bail!(
            "crates/wellcheck-app/shell/sw.js lacks its __WELLCHECK_VERSION__ or __WELLCHECK_ASSETS__ placeholder"
        );
    }
    Ok(template
        .replace("__WELLCHECK_VERSION__", &version)
        .replace("__WELLCHECK_ASSETS__", &assets))
}

/// Compiles one crate to a cdylib, runs wasm-bindgen into a fresh `staging` folder, and
/// shrinks the module with wasm-opt when it is available.
/// Which crate to compile to a wasm module, and how.
struct Module<'a> {
    package: &'a str,
    /// The `.wasm` file's stem, and the glue's name.
    out_name: &'a str,
    features: &'a [&'a str],
    /// Split off what only functions named with this prefix reach, into
    /// `<out_name>_later.wasm` ([`split_later`]).
    later_part: Option<&'a str>,
}

/// The embed's later part's entry points (`crates/wellcheck-web/src/components/later/pages.rs`).
const LATER_ENTRY: &str = "wellcheck_web::components::later::pages::";

fn compile_module(
    workspace: &Path,
    wasm: &Wasm,
    bindgen: &WasmBindgen,
    wasm_opt: Option<&Path>,
    module: Module<'_>,
    staging: &Path,
) -> Result<&'static str> {
    let Module {
        package,
        out_name,
        features,
        later_part,
    } = module;
    // `--crate-type cdylib` here rather than in Cargo.toml: LTO is skipped for a crate that
    // lists both cdylib and rlib, and the browser tests need the rlib.
    let with_args = |mut rustc: std::process::Command| {
        rustc.args([
            "--package",
            package,
            "--lib",
            "--release",
            "--crate-type",
            "cdylib",
        ]);
        if !features.is_empty() {
            rustc.arg("--features").arg(features.join(","));
        }
        if later_part.is_some() {
            // The relocations say which function reaches which: what the split is made by.
            rustc.args(["--", "-C", "link-arg=--emit-relocs"]);
        }
        rustc
    };
    // The size build where the toolchain allows it, else (or if it fails) the stable one.
    let mut built_in = None;
    if let Some(size) = wasm.size_cargo(workspace, "rustc") {
        say(format!(
            "{package}: size build (std rebuilt for size, panics abort at once)"
        ));
        match cmd::run(&mut with_args(size)) {
            Ok(()) => built_in = Some("target/wasm-size"),
            Err(error) => say(format!(
                "{package}: the size build failed ({error:#}); building with the stable settings instead"
            )),
        }
    }
    let built_in = match built_in {
        Some(dir) => dir,
        None => {
            cmd::run(&mut with_args(wasm.cargo(workspace, "rustc")))?;
            "target/wasm"
        }
    };
    let module = workspace.join(format!(
        "{built_in}/wasm32-unknown-unknown/release/{out_name}.wasm"
    ));
    // Which build made the module, for `cargo xtask size` (its budget depends on it): the
    // callers record it beside the served folder once the folder is in place.
    let kind = if built_in == "target/wasm-size" {
        "size"
    } else {
        "stable"
    };
    // Build beside the old bundle and swap at the end, so a failed build never leaves a
    // half-written folder behind.
    if staging.exists() {
        std::fs::remove_dir_all(staging)
            .with_context(|| format!("clearing {}", staging.display()))?;
    }
    std::fs::create_dir_all(staging).with_context(|| format!("creating {}", staging.display()))?;
    cmd::run(
        std::process::Command::new(&bindgen.cli)
            .args([
                "--target",
                "web",
                "--no-typescript",
                "--out-name",
                out_name,
                "--out-dir",
            ])
            .arg(staging)
            .arg(&module),
    )?;
    let first = format!("{out_name}_bg.wasm");
    let mut outputs = vec![first.clone()];
    if let Some(entry) = later_part {
        let later = format!("{out_name}_later.wasm");
        split_module(&module, &staging.join(&first), &staging.join(&later), entry)?;
        outputs.push(later);
    }
    for output in outputs {
        let Some(wasm_opt) = wasm_opt else { break };
        let module = staging.join(output);
        let before = std::fs::metadata(&module)
            .map(|meta| meta.len())
            .unwrap_or(0);
        // The features rustc's wasm32 target emits by default; wasm-opt must accept them.
        let optimised = cmd::run(
            std::process::Command::new(wasm_opt)
                // `--converge` repeats the passes while they still shrink the module
                // (a few hundred bytes more, measured 2026-11-24).
                .args(["-Oz", "--converge"])
                // Lets wasm-opt fold a constant under 1 KiB added to a pointer into the
                // load's or store's offset, which differs only if the sum wraps past 2^32
                // into the lowest KiB. Rust's pointers never wrap; Rust's wasm32 targets
                // link the stack first (the first MiB, growing down) with every data
                // segment above it, and wasm-bindgen's glue reaches memory only through
                // addresses the module gave it (1.25 KB gzip of the module, measured
                // 2026-12-06).
                .arg("--low-memory-unused")
                .args([
                    "--enable-bulk-memory",
                    "--enable-nontrapping-float-to-int",
                    "--enable-sign-ext",
                    "--enable-mutable-globals",
                    "--enable-reference-types",
                    "--enable-multivalue",
                ])
                .arg(&module)
                .arg("-o")
                .arg(&module),
        );
        match optimised {
            Ok(()) => {
                let after = std::fs::metadata(&module)
                    .map(|meta| meta.len())
                    .unwrap_or(0);
                say(format!(
                    "wasm-opt -Oz --converge --low-memory-unused {out_name}: {before} -> {after} bytes"
                ));
            }
            Err(error) => say(format!(
                "wasm-opt failed ({error:#}); keeping the unoptimised module"
            )),
        }
    }
    Ok(kind)
}

/// Splits wasm-bindgen's module (`bound`, in place) into the first load and `later`, by what
/// the linker's output (`linked`, with relocations) says only `entry`'s functions reach.
fn split_module(linked: &Path, bound: &Path, later: &Path, entry: &str) -> Result<()> {
    let read =
        |path: &Path| std::fs::read(path).with_context(|| format!("reading {}", path.display()));
    let names = split_later::later_functions(&read(linked)?, entry)?;
    let bound_bytes = read(bound)?;
    let split = split_later::split(&bound_bytes, &names, entry)?;
    say(format!(
        "split off the later part: {} functions and {} bytes of data; module {} -> {} bytes, later part {} bytes (before wasm-opt)",
        split.moved,
        split.data_moved,
        bound_bytes.len(),
        split.first.len(),
        split.later.len()
    ));
    std::fs::write(bound, &split.first).with_context(|| format!("writing {}", bound.display()))?;
    std::fs::write(later, &split.later).with_context(|| format!("writing {}", later.display()))
}

fn list_files(folder: &Path) -> Result<()> {
    let workspace = workspace_root();
    let label = folder.strip_prefix(&workspace).unwrap_or(folder).display();
    let mut files: Vec<_> = std::fs::read_dir(folder)?
        .filter_map(|entry| entry.ok())
        .collect();
    files.sort_by_key(|entry| entry.file_name());
    for entry in files {
        let size = entry.metadata().map(|meta| meta.len()).unwrap_or(0);
        say(format!(
            "  {label}/{:<24} {:>9} bytes",
            entry.file_name().to_string_lossy(),
            size
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_minified_stylesheet_is_written_in_ascii_with_css_escapes() {
        assert_eq!(
            super::ascii_css("a::before{content:\"\u{2039}\u{a0}\"}b{}"),
            "a::before{content:\"\\2039 \\a0 \"}b{}"
        );
        assert_eq!(super::ascii_css("plain{}"), "plain{}");
    }
}
