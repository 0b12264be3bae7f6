//! The FHIR check in `cargo xtask test`: writes a Questionnaire for every instrument and a
//! response Bundle for each one's lowest and highest answers, then has an independent
//! validator (the `fhir.resources` Python package, pinned in `tests/fhir/requirements.txt`,
//! installed into `target/tools/fhir-venv`) check every file.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result};
use wellcheck_core::{Answers, catalogue, score};
use wellcheck_interchange::fhir;

use crate::cmd::{self, say};

/// Writes the files and validates them.
pub fn run(workspace: &Path) -> Result<()> {
    let python = ensure_validator(workspace)?;
    let dir = workspace.join("target/fhir-check");
    if dir.exists() {
        std::fs::remove_dir_all(&dir).context("clearing target/fhir-check")?;
    }
    std::fs::create_dir_all(&dir).context("creating target/fhir-check")?;
    let mut files = Vec::new();
    for id in catalogue::ids() {
        let instrument = catalogue::get(id).context("a built-in instrument")?;
        files.push(write(
            &dir,
            &format!("{id}-questionnaire"),
            &fhir::questionnaire(&instrument),
        )?);
        for (name, lowest) in [("lowest", true), ("highest", false)] {
            let codes: Vec<Option<i64>> = instrument
                .items()
                .iter()
                .map(|item| {
                    if lowest {
                        item.lowest()
                    } else {
                        item.highest()
                    }
                })
                .collect();
            let answers =
                Answers::from_codes(&instrument, &codes).context("answers from the item values")?;
            let report = score(&instrument, &answers).context("scoring")?;
            let bundle = fhir::bundle(&instrument, &answers, &report);
            files.push(write(&dir, &format!("{id}-bundle-{name}"), &bundle)?);
            // The tablet app's and `fhir response --nhs-number --reference --date`'s form: a
            // Patient named by the NHS number and the scheme's reference, dated.
            let patient = [
                fhir::PatientIdentifier::nhs_number("943 476 5919")
                    .map_err(|error| anyhow::anyhow!(error))?,
                fhir::PatientIdentifier::scheme_reference("NORTH1-MAPLE-7")
                    .map_err(|error| anyhow::anyhow!(error))?,
            ];
            files.push(write(
                &dir,
                &format!("{id}-bundle-{name}-patient"),
                &fhir::dated(fhir::with_patient(bundle, &patient), "2026-03-02"),
            )?);
        }
    }
    say(format!(
        "validating {} FHIR files with fhir.resources",
        files.len()
    ));
    cmd::run(
        Command::new(&python)
            .arg(workspace.join("tests/fhir/validate.py"))
            .args(&files),
    )
}

fn write(dir: &Path, name: &str, value: &serde_json::Value) -> Result<PathBuf> {
    let path = dir.join(format!("{name}.json"));
    std::fs::write(&path, serde_json::to_string_pretty(value)?)
        .with_context(|| format!("writing {}", path.display()))?;
    Ok(path)
}

/// A venv with the pinned validator; rebuilt when the requirements change.
fn ensure_validator(workspace: &Path) -> Result<PathBuf> {
    let requirements = workspace.join("tests/fhir/requirements.txt");
    let venv = workspace.join("target/tools/fhir-venv");
    let python = venv.join("bin/python");
    let stamp = venv.join("requirements.txt");
    let wanted =
        std::fs::read_to_string(&requirements).context("reading tests/fhir/requirements.txt")?;
    if python.exists() && std::fs::read_to_string(&stamp).ok().as_deref() == Some(wanted.as_str()) {
        return Ok(python);
    }
    say("installing the FHIR validator (fhir.resources from PyPI) into target/tools/fhir-venv");
    if venv.exists() {
        std::fs::remove_dir_all(&venv).context("removing the old venv")?;
    }
    let system_python =
        crate::toolchain::which("python3").context("python3 is needed for the FHIR validator")?;
    cmd::run(Command::new(system_python).args(["-m", "venv"]).arg(&venv))?;
    cmd::run(
        Command::new(venv.join("bin/pip"))
            .args(["install", "--quiet", "-r"])
            .arg(&requirements),
    )?;
    std::fs::write(&stamp, wanted).context("recording the installed requirements")?;
    Ok(python)
}
