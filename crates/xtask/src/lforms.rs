//! LHC-Forms (npm `lforms`), used by an end-to-end test to prove that wellcheck's exported
//! Questionnaires work in NLM's renderer. Its `dist/` is a self-contained bundle, so only
//! the package tarball is fetched (`npm pack`, no dependencies: installing its Angular
//! dependency tree takes many minutes), checked against the pinned integrity, and unpacked
//! into `target/tools/lforms-<version>/`.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

use crate::cmd::{self, say};
use crate::toolchain::which;

/// The pinned release and the integrity the registry publishes for it.
pub const VERSION: &str = "40.1.3";
const INTEGRITY: &str = "sha512-WLruTm+BcVnafC0rSAQ3/cNqhxvclBUxyBG68aub/uha2NaK9H8ZZcEXTTuORuGzzCt0wa7fvhuieZtcDIdPzQ==";

/// The unpacked `dist/lforms` folder, fetching it when missing.
pub fn ensure(workspace: &Path) -> Result<PathBuf> {
    let root = workspace.join(format!("target/tools/lforms-{VERSION}"));
    let dist = root.join("package/dist/lforms");
    if dist.join("webcomponent/lhc-forms.js").exists() {
        return Ok(dist);
    }
    if which("npm").is_none() || which("tar").is_none() {
        bail!("fetching LHC-Forms needs npm and tar");
    }
    say(format!(
        "fetching LHC-Forms {VERSION} (the lforms package tarball only)"
    ));
    std::fs::create_dir_all(&root).context("creating the lforms folder")?;
    let output = Command::new("npm")
        .current_dir(&root)
        .args(["pack", &format!("lforms@{VERSION}"), "--json"])
        .output()
        .context("running npm pack")?;
    if !output.status.success() {
        bail!(
            "npm pack lforms@{VERSION} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let report: serde_json::Value =
        serde_json::from_slice(&output.stdout).context("reading npm pack's report")?;
    let integrity = report
        .get(0)
        .and_then(|entry| entry.get("integrity"))
        .and_then(serde_json::Value::as_str);
    if integrity != Some(INTEGRITY) {
        bail!("lforms@{VERSION} has integrity {integrity:?}, expected {INTEGRITY}");
    }
    cmd::run(
        Command::new("tar")
            .current_dir(&root)
            .args(["xzf", &format!("lforms-{VERSION}.tgz")]),
    )?;
    Ok(dist)
}
