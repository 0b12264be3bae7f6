//! `cargo xtask test`: every check, cheapest first, each timed, with a summary at the end.

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};

use crate::cmd::{self, cargo, say};
use crate::{dist, fhir_check, lforms, size, tidy, toolchain, workspace_root};

/// Crates that compile to wasm32 and are linted for it.
const WASM_CRATES: &[&str] = &[
    "wellcheck-core",
    "wellcheck-interchange",
    "wellcheck-outcomes",
    "wellcheck-web",
    "wellcheck-fhir",
    "wellcheck-app",
];

struct Steps {
    done: Vec<(&'static str, Duration)>,
    started: Instant,
}

impl Steps {
    fn step<T>(&mut self, name: &'static str, body: impl FnOnce() -> Result<T>) -> Result<T> {
        say(format!("== {name}"));
        let started = Instant::now();
        let value = body().with_context(|| format!("step `{name}` failed"))?;
        self.done.push((name, started.elapsed()));
        Ok(value)
    }

    fn summary(&self) {
        say("== summary");
        for (name, took) in &self.done {
            say(format!("  ok  {name:<40} {:>6.1} s", took.as_secs_f64()));
        }
        say(format!(
            "all {} steps passed in {:.1} s",
            self.done.len(),
            self.started.elapsed().as_secs_f64()
        ));
    }
}

/// `cargo xtask test`.
pub fn run() -> Result<()> {
    let workspace = workspace_root();
    let ws = workspace.as_path();
    let mut steps = Steps {
        done: Vec::new(),
        started: Instant::now(),
    };

    steps.step("format (rustfmt --check)", || {
        cmd::run(cargo().current_dir(ws).args(["fmt", "--all", "--check"]))
    })?;
    steps.step("tidy (doc lines, import circles, crate layers)", || {
        tidy::run(ws)
    })?;
    steps.step("clippy, native, -D warnings", || {
        cmd::run(cargo().current_dir(ws).args([
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]))
    })?;
    // The build's pre-rendering (Yew's server-side rendering) is a feature no other
    // target enables: linted on its own.
    steps.step(
        "clippy, native, the widget's pre-rendering (ssr), -D warnings",
        || {
            cmd::run(cargo().current_dir(ws).args([
                "clippy",
                "--package",
                "wellcheck-web",
                "--features",
                "ssr",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ]))
        },
    )?;
    steps.step("native tests", || {
        cmd::run(
            cargo()
                .current_dir(ws)
                .args(["test", "--workspace", "--exclude", "wellcheck-e2e"])
                // A missing or changed snapshot is a failure, never silently written.
                .env("INSTA_UPDATE", "no"),
        )
    })?;

    steps.step(
        "FHIR output checked by an independent validator (fhir.resources)",
        || fhir_check::run(ws),
    )?;

    let wasm = steps.step("wasm32 toolchain", toolchain::ensure_wasm)?;
    steps.step("clippy, wasm32, -D warnings", || {
        cmd::run(&mut wasm.clippy(ws, WASM_CRATES))
    })?;
    let bindgen = steps.step("wasm-bindgen-cli", || toolchain::ensure_wasm_bindgen(ws))?;
    let browser = steps.step("Chromium and chromedriver", toolchain::ensure_browser)?;
    steps.step(
        "browser tests (wasm-bindgen-test, headless Chromium)",
        || {
            // The widget, and the tablet app's WebCrypto key hierarchy.
            for package in ["wellcheck-web", "wellcheck-app"] {
                cmd::run(
                    wasm.cargo(ws, "test")
                        .args(["--package", package])
                        // The runner reads webdriver.json (headless flags) from the crate folder.
                        .current_dir(ws.join("crates").join(package))
                        .env(
                            "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
                            &bindgen.test_runner,
                        )
                        .env("CHROMEDRIVER", &browser.chromedriver)
                        .env("WASM_BINDGEN_TEST_TIMEOUT", "120"),
                )?;
            }
            Ok(())
        },
    )?;

    let node_tools = steps.step(
        "npm tools (axe-core, binaryen, terser, csso, prettier)",
        || toolchain::ensure_node_tools(ws),
    )?;
    steps.step("JavaScript formatted (prettier --check)", || {
        tidy::check_javascript(ws, &node_tools.prettier)
    })?;
    let lforms = steps.step("LHC-Forms (lforms package)", || lforms::ensure(ws))?;
    let bundle = steps.step("dist (release widget bundle)", || {
        dist::build(ws, &wasm, &bindgen, Some(&node_tools))
    })?;
    let app = steps.step("dist (release tablet app)", || {
        dist::build_app(ws, &wasm, &bindgen, Some(&node_tools.wasm_opt))
    })?;
    steps.step("bundle size within budget", || {
        size::check(&bundle).map(|_| ())?;
        size::report_fhir(&bundle).map(|_| ())?;
        size::report_app(&app).map(|_| ())
    })?;
    steps.step(
        "package (npm pack, installed and type-checked with tsc --strict; zips, sums, snippet)",
        || crate::package::check(ws, &bundle, &app, &node_tools.tsc),
    )?;
    let engines = steps.step("Firefox ESR, WebKitGTK, Xvfb and geckodriver", || {
        let engines = toolchain::ensure_engines()?;
        say(format!("engines: {}", engines.versions()));
        Ok(engines)
    })?;
    steps.step(
        "end-to-end tests (Chromium; journeys also in Firefox and WebKit)",
        || {
            cmd::run(
                cargo()
                    .current_dir(ws)
                    .args(["build", "--package", "wellcheck-cli"]),
            )?;
            run_end_to_end(ws, &bundle, &browser, &engines, &node_tools, &lforms)
        },
    )?;

    steps.summary();
    Ok(())
}

fn run_end_to_end(
    ws: &Path,
    bundle: &Path,
    browser: &toolchain::Browser,
    engines: &toolchain::Engines,
    tools: &toolchain::NodeTools,
    lforms: &Path,
) -> Result<()> {
    cmd::run(
        cargo()
            .current_dir(ws)
            .args(["test", "--package", "wellcheck-e2e"])
            .env("WELLCHECK_WIDGET_DIR", bundle)
            .env("WELLCHECK_APP_DIR", ws.join("dist/app"))
            .env("WELLCHECK_CLI", ws.join("target/debug/wellcheck"))
            .env("CHROME", &browser.chrome)
            .env("CHROMEDRIVER", &browser.chromedriver)
            .env("FIREFOX", &engines.firefox)
            .env("GECKODRIVER", &engines.geckodriver)
            .env("WEBKIT_DRIVER", &engines.webkit_driver)
            .env("MINIBROWSER", &engines.minibrowser)
            .env("XVFB", &engines.xvfb)
            .env("AXE_SOURCE", &tools.axe)
            .env("LFORMS_DIST", lforms)
            // The package step's tarball, installed, and its self-hosting zip.
            .env("WELLCHECK_PACKAGE_DIR", crate::package::installed(ws))
            .env(
                "WELLCHECK_PACKAGE_ZIP",
                crate::package::self_hosting_zip(ws),
            ),
    )
}
