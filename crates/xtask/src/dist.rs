//! `cargo xtask dist`: builds the widget into `dist/wellcheck/`, the folder a web editor
//! copies as-is to any static host.
//!
//! The folder holds `wellcheck.js` (the one file a page loads: it defines the custom
//! element), the wasm-bindgen glue and `.wasm` it imports, and the widget's stylesheet.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::cmd::{self, say};
use crate::toolchain::{self, Wasm, WasmBindgen};
use crate::workspace_root;

/// Files copied verbatim from the web crate into the bundle.
const STATIC_FILES: &[&str] = &["js/wellcheck.js", "style/wellcheck.css"];

/// `cargo xtask dist`.
pub fn run() -> Result<PathBuf> {
    let workspace = workspace_root();
    let wasm = toolchain::ensure_wasm()?;
    let bindgen = toolchain::ensure_wasm_bindgen(&workspace)?;
    let wasm_opt = optional_wasm_opt(&workspace);
    build(&workspace, &wasm, &bindgen, wasm_opt.as_deref())
}

/// wasm-opt shrinks the bundle but is never required: without it the build still works,
/// and says so.
pub fn optional_wasm_opt(workspace: &Path) -> Option<PathBuf> {
    match toolchain::ensure_node_tools(workspace) {
        Ok(tools) => Some(tools.wasm_opt),
        Err(error) => {
            say(format!(
                "wasm-opt unavailable ({error:#}); the bundle will be built unoptimised"
            ));
            None
        }
    }
}

/// Builds the release bundle and returns its folder.
pub fn build(
    workspace: &Path,
    wasm: &Wasm,
    bindgen: &WasmBindgen,
    wasm_opt: Option<&Path>,
) -> Result<PathBuf> {
    say("building the widget (release, size-optimised wasm32)");
    // `--crate-type cdylib` here rather than in Cargo.toml: LTO is skipped for a crate that
    // lists both cdylib and rlib, and the browser tests need the rlib.
    cmd::run(wasm.cargo(workspace, "rustc").args([
        "--package",
        "wellcheck-web",
        "--lib",
        "--release",
        "--crate-type",
        "cdylib",
    ]))?;
    let module = workspace.join("target/wasm/wasm32-unknown-unknown/release/wellcheck_web.wasm");

    // Build beside the old bundle and swap at the end, so a failed build never leaves a
    // half-written folder behind.
    let dist = workspace.join("dist");
    let staging = dist.join("wellcheck.partial");
    let target = dist.join("wellcheck");
    if staging.exists() {
        std::fs::remove_dir_all(&staging).context("clearing dist/wellcheck.partial")?;
    }
    std::fs::create_dir_all(&staging).context("creating dist/wellcheck.partial")?;
    cmd::run(
        std::process::Command::new(&bindgen.cli)
            .args([
                "--target",
                "web",
                "--no-typescript",
                "--out-name",
                "wellcheck_web",
                "--out-dir",
            ])
            .arg(&staging)
            .arg(&module),
    )?;
    if let Some(wasm_opt) = wasm_opt {
        let module = staging.join("wellcheck_web_bg.wasm");
        let before = std::fs::metadata(&module)
            .map(|meta| meta.len())
            .unwrap_or(0);
        // The features rustc's wasm32 target emits by default; wasm-opt must accept them.
        let optimised = cmd::run(
            std::process::Command::new(wasm_opt)
                .arg("-Oz")
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
                say(format!("wasm-opt -Oz: {before} -> {after} bytes"));
            }
            Err(error) => say(format!(
                "wasm-opt failed ({error:#}); keeping the unoptimised module"
            )),
        }
    }
    let web_crate = workspace.join("crates/wellcheck-web");
    for file in STATIC_FILES {
        let source = web_crate.join(file);
        let name = source.file_name().context("static file without a name")?;
        std::fs::copy(&source, staging.join(name))
            .with_context(|| format!("copying {}", source.display()))?;
    }
    if target.exists() {
        std::fs::remove_dir_all(&target).context("removing the previous dist/wellcheck")?;
    }
    std::fs::rename(&staging, &target).context("moving the new bundle into dist/wellcheck")?;

    let mut files: Vec<_> = std::fs::read_dir(&target)?
        .filter_map(|entry| entry.ok())
        .collect();
    files.sort_by_key(|entry| entry.file_name());
    for entry in files {
        let size = entry.metadata().map(|meta| meta.len()).unwrap_or(0);
        say(format!(
            "  dist/wellcheck/{:<24} {:>9} bytes",
            entry.file_name().to_string_lossy(),
            size
        ));
    }
    Ok(target)
}
