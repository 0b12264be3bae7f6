//! Finding, and where missing installing, the tools the build needs.
//!
//! - The wasm32 standard library: rustup's target where it can be had; otherwise (these
//!   machines cannot download it) Debian's `rustc-web` and `rust-web-src`, building std
//!   from source with `-Z build-std`. See `../shared/TOOLCHAIN.md` for how this was found.
//! - wasm-bindgen-cli at exactly the version `Cargo.lock` resolves.
//! - Chromium and chromedriver from Debian.
//! - For the journeys in every engine: Debian's Firefox ESR, WebKitGTK's WebDriver and
//!   MiniBrowser, and Xvfb; geckodriver from crates.io at a pinned version.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use anyhow::{Context, Result, bail};

use crate::cmd::{self, cargo, say};

const WASM_TARGET: &str = "wasm32-unknown-unknown";
const DEBIAN_RUSTC: &str = "/usr/bin/rustc";
const DEBIAN_RUSTDOC: &str = "/usr/bin/rustdoc";
const DEBIAN_CLIPPY_DRIVER: &str = "/usr/bin/clippy-driver";
const DEBIAN_LIBRARY_SOURCE: &str = "/usr/lib/rustlib/src/rust/library";

/// How wasm32 code gets compiled on this machine.
#[derive(Debug, Clone)]
pub enum Wasm {
    /// rustup has the wasm32 target: plain `cargo --target wasm32-unknown-unknown`.
    Rustup,
    /// Debian's compiler builds the standard library from source.
    BuildStd {
        /// The linker, `rust-lld` from the rustup toolchain (or a system `wasm-ld`).
        linker: PathBuf,
    },
}

impl Wasm {
    /// A cargo command for the wasm32 target: `cargo <subcommand> --target ... [-Z build-std]`,
    /// building into `target/wasm` so the native and wasm compilers never invalidate each
    /// other's artefacts.
    pub fn cargo(&self, workspace: &Path, subcommand: &str) -> Command {
        let mut command = cargo();
        command
            .current_dir(workspace)
            .arg(subcommand)
            .args(["--target", WASM_TARGET])
            .env("CARGO_TARGET_DIR", workspace.join("target").join("wasm"));
        if let Wasm::BuildStd { linker } = self {
            command
                .arg("-Zbuild-std=std,panic_abort")
                .env("RUSTC", DEBIAN_RUSTC)
                .env("RUSTDOC", DEBIAN_RUSTDOC)
                // `-Z build-std` is unstable; Debian's stable compiler allows it only so.
                .env("RUSTC_BOOTSTRAP", "1")
                .env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER", linker);
        }
        command
    }

    /// The release build of a shipped module (`cargo xtask dist`), made as small as the
    /// toolchain allows: with rustup's `rust-src` (installed here when missing), the
    /// standard library is rebuilt for size (`-Z build-std`, its `optimize_for_size`
    /// feature) and panics abort at once without formatting a message
    /// (`-C panic=immediate-abort`). Both are unstable, allowed on the stable compiler by
    /// `RUSTC_BOOTSTRAP=1`. It builds into `target/wasm-size`, apart from the tests' build.
    /// `None` when that is not available (Debian's fallback compiler, no `rust-src`, or
    /// `WELLCHECK_STABLE_WASM=1`): the caller then uses the plain stable build.
    pub fn size_cargo(&self, workspace: &Path, subcommand: &str) -> Option<Command> {
        if !matches!(self, Wasm::Rustup) || std::env::var_os("WELLCHECK_STABLE_WASM").is_some() {
            return None;
        }
        if !ensure_rust_src() {
            return None;
        }
        // The ordinary wasm32 command, into its own folder (a later `env` replaces the first).
        let mut command = self.cargo(workspace, subcommand);
        command
            .args([
                "-Zbuild-std=std,panic_abort",
                "-Zbuild-std-features=optimize_for_size",
            ])
            .env(
                "CARGO_TARGET_DIR",
                workspace.join("target").join("wasm-size"),
            )
            .env("RUSTC_BOOTSTRAP", "1")
            .env("RUSTFLAGS", "-Zunstable-options -Cpanic=immediate-abort");
        Some(command)
    }

    /// `cargo clippy` for wasm32 on these packages, with every warning an error.
    pub fn clippy(&self, workspace: &Path, packages: &[&str]) -> Command {
        let package_args = packages.iter().flat_map(|package| ["--package", package]);
        match self {
            Wasm::Rustup => {
                let mut command = self.cargo(workspace, "clippy");
                command
                    .args(package_args)
                    .args(["--all-targets", "--", "-D", "warnings"]);
                command
            }
            Wasm::BuildStd { .. } => {
                // rustup's clippy cannot read artefacts of Debian's newer compiler, so use
                // Debian's clippy-driver as the wrapper for workspace crates only.
                let mut command = self.cargo(workspace, "check");
                command
                    .args(package_args)
                    .arg("--all-targets")
                    .env("RUSTC_WORKSPACE_WRAPPER", DEBIAN_CLIPPY_DRIVER)
                    .env(
                        "CLIPPY_ARGS",
                        "-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__",
                    );
                command
            }
        }
    }
}

/// Makes sure wasm32 code can be compiled, installing what is missing.
pub fn ensure_wasm() -> Result<Wasm> {
    if rustup_has_wasm_target() {
        say("wasm32: using rustup's wasm32-unknown-unknown target");
        return Ok(Wasm::Rustup);
    }
    if debian_fallback_installed() {
        say("wasm32: rustup has no wasm32 target here; using Debian's rustc-web with -Z build-std");
        return Ok(Wasm::BuildStd {
            linker: find_linker()?,
        });
    }
    if which("rustup").is_some() {
        say("wasm32: asking rustup for the wasm32-unknown-unknown target");
        let mut add = Command::new("rustup");
        add.args(["target", "add", WASM_TARGET]);
        if cmd::run_with_limit(&mut add, Duration::from_secs(45))? && rustup_has_wasm_target() {
            return Ok(Wasm::Rustup);
        }
    }
    say("wasm32: falling back to Debian's rustc-web + rust-web-src (builds std from source)");
    apt_install(&["rustc-web", "rust-web-src", "rust-web-clippy"])?;
    if !debian_fallback_installed() {
        bail!(
            "installed rustc-web and rust-web-src but {DEBIAN_RUSTC} or {DEBIAN_LIBRARY_SOURCE} is still missing"
        );
    }
    Ok(Wasm::BuildStd {
        linker: find_linker()?,
    })
}

/// rustup's standard-library source, which `-Z build-std` compiles; asked for once when
/// missing (a short time limit: a machine that cannot fetch it builds without it).
fn ensure_rust_src() -> bool {
    static ASKED: AtomicBool = AtomicBool::new(false);
    // The compiler of the toolchain cargo runs (the `rustc` beside `$CARGO`), not whichever
    // is first on PATH.
    let rustc = std::env::var_os("CARGO")
        .map(PathBuf::from)
        .and_then(|cargo| cargo.parent().map(|dir| dir.join("rustc")))
        .filter(|rustc| rustc.exists())
        .unwrap_or_else(|| PathBuf::from("rustc"));
    let present = || {
        cmd::output(Command::new(&rustc).args(["--print", "sysroot"])).is_some_and(|sysroot| {
            Path::new(sysroot.trim())
                .join("lib/rustlib/src/rust/library/std")
                .is_dir()
        })
    };
    if present() {
        return true;
    }
    if ASKED.swap(true, Ordering::SeqCst) || which("rustup").is_none() {
        return false;
    }
    say(
        "size build: asking rustup for rust-src (the standard library's source, to rebuild it for size)",
    );
    let mut add = Command::new("rustup");
    add.args(["component", "add", "rust-src"]);
    matches!(
        cmd::run_with_limit(&mut add, Duration::from_secs(90)),
        Ok(true)
    ) && present()
}

fn rustup_has_wasm_target() -> bool {
    cmd::output(Command::new("rustup").args(["target", "list", "--installed"]))
        .is_some_and(|targets| targets.lines().any(|line| line.trim() == WASM_TARGET))
}

fn debian_fallback_installed() -> bool {
    Path::new(DEBIAN_RUSTC).exists()
        && Path::new(DEBIAN_LIBRARY_SOURCE).is_dir()
        && Path::new(DEBIAN_CLIPPY_DRIVER).exists()
}

/// rust-lld ships inside every rustup toolchain; a system wasm-ld works too.
fn find_linker() -> Result<PathBuf> {
    let sysroot = cmd::output(Command::new("rustc").args(["--print", "sysroot"]));
    let host = cmd::output(Command::new("rustc").arg("-vV")).and_then(|info| {
        info.lines()
            .find_map(|line| line.strip_prefix("host: ").map(str::to_owned))
    });
    if let (Some(sysroot), Some(host)) = (sysroot, host) {
        let lld = Path::new(sysroot.trim())
            .join("lib/rustlib")
            .join(host.trim())
            .join("bin/rust-lld");
        if lld.exists() {
            return Ok(lld);
        }
    }
    for name in ["wasm-ld", "wasm-ld-19", "rust-lld"] {
        if let Some(path) = which(name) {
            return Ok(path);
        }
    }
    say("wasm32: no wasm linker found; installing Debian's lld-19");
    apt_install(&["lld-19"])?;
    which("wasm-ld-19").context("installed lld-19 but wasm-ld-19 is not on PATH")
}

/// wasm-bindgen's two programs, at the version the crate uses.
#[derive(Debug, Clone)]
pub struct WasmBindgen {
    /// Generates the JavaScript glue.
    pub cli: PathBuf,
    /// Runs `wasm-bindgen-test` suites in a browser.
    pub test_runner: PathBuf,
}

/// Makes sure wasm-bindgen-cli matches the `wasm-bindgen` version in `Cargo.lock`.
pub fn ensure_wasm_bindgen(workspace: &Path) -> Result<WasmBindgen> {
    let version = locked_version(workspace, "wasm-bindgen")?;
    let bin = cargo_bin_dir();
    let cli = bin.join("wasm-bindgen");
    let test_runner = bin.join("wasm-bindgen-test-runner");
    let installed = cmd::output(Command::new(&cli).arg("--version"));
    if installed.as_deref().map(str::trim) == Some(&format!("wasm-bindgen {version}"))
        && test_runner.exists()
    {
        return Ok(WasmBindgen { cli, test_runner });
    }
    say(format!(
        "installing wasm-bindgen-cli {version} to match Cargo.lock (found: {}); this takes a few minutes",
        installed.as_deref().map_or("none", str::trim)
    ));
    cargo_install("wasm-bindgen-cli", &version)?;
    Ok(WasmBindgen { cli, test_runner })
}

/// `cargo install <krate> --version <version> --locked`, into `~/.cargo/bin`, where later
/// runs find it (the install is the cache).
fn cargo_install(krate: &str, version: &str) -> Result<()> {
    let install = |locked: bool| {
        let mut command = cargo();
        command.args(["install", krate, "--version", version, "--force"]);
        if locked {
            command.arg("--locked");
        }
        cmd::run(&mut command)
    };
    // `--locked` has failed when the registry index lagged one of the tool's dependencies.
    if install(true).is_err() {
        say(format!("retrying the install of {krate} without --locked"));
        install(false)?;
    }
    Ok(())
}

fn cargo_bin_dir() -> PathBuf {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")))
        .unwrap_or_else(|| PathBuf::from(".cargo"));
    home.join("bin")
}

/// The version of a package in `Cargo.lock`.
pub fn locked_version(workspace: &Path, package: &str) -> Result<String> {
    let lock =
        std::fs::read_to_string(workspace.join("Cargo.lock")).context("reading Cargo.lock")?;
    let needle = format!("name = \"{package}\"");
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == needle
            && let Some(version) = lines
                .next()
                .and_then(|next| next.trim().strip_prefix("version = "))
        {
            return Ok(version.trim_matches('"').to_owned());
        }
    }
    bail!("Cargo.lock has no package `{package}`")
}

/// Where Chromium and its driver are.
#[derive(Debug, Clone)]
pub struct Browser {
    /// The browser binary.
    pub chrome: PathBuf,
    /// The matching chromedriver.
    pub chromedriver: PathBuf,
}

/// Makes sure Chromium and chromedriver are installed (`CHROME` and `CHROMEDRIVER` override).
pub fn ensure_browser() -> Result<Browser> {
    let find = || {
        let chrome = std::env::var_os("CHROME").map(PathBuf::from).or_else(|| {
            ["chromium", "chromium-browser", "google-chrome"]
                .iter()
                .find_map(|name| which(name))
        });
        let driver = std::env::var_os("CHROMEDRIVER")
            .map(PathBuf::from)
            .or_else(|| which("chromedriver"));
        chrome.zip(driver)
    };
    if let Some((chrome, chromedriver)) = find() {
        return Ok(Browser {
            chrome,
            chromedriver,
        });
    }
    say("browser tests need Chromium and chromedriver; installing Debian's packages");
    apt_install(&["chromium", "chromium-driver"])?;
    let (chrome, chromedriver) =
        find().context("installed chromium and chromium-driver but cannot find them on PATH")?;
    Ok(Browser {
        chrome,
        chromedriver,
    })
}

/// geckodriver, which drives Firefox; Debian does not package it, so it is built from
/// crates.io at this version (about 2 minutes on 2 cores, 10 on a busy machine).
const GECKODRIVER_VERSION: &str = "0.37.1";

/// The browsers beyond Chromium that the journeys of `every_engine` run in, and their drivers.
#[derive(Debug, Clone)]
pub struct Engines {
    /// Firefox ESR.
    pub firefox: PathBuf,
    /// geckodriver, at [`GECKODRIVER_VERSION`].
    pub geckodriver: PathBuf,
    /// WebKitGTK's WebDriver.
    pub webkit_driver: PathBuf,
    /// WebKitGTK's MiniBrowser, the browser WebKitWebDriver starts.
    pub minibrowser: PathBuf,
    /// The virtual display WebKitGTK draws on.
    pub xvfb: PathBuf,
}

impl Engines {
    /// One line naming each engine's version, for the log and for people reading it.
    pub fn versions(&self) -> String {
        let version = |program: &Path, arg: &str| {
            cmd::output(Command::new(program).arg(arg))
                .and_then(|out| out.lines().next().map(|line| line.trim().to_owned()))
                .unwrap_or_else(|| "version unknown".to_owned())
        };
        // MiniBrowser says its version only on a display: the library's package says it.
        let webkit = cmd::output(Command::new("dpkg-query").args([
            "--show",
            "--showformat=${Version}",
            "libwebkit2gtk-4.1-0",
        ]))
        .map_or_else(|| "version unknown".to_owned(), |out| out.trim().to_owned());
        format!(
            "{}; {}; WebKitGTK {webkit} (MiniBrowser)",
            version(&self.firefox, "--version"),
            version(&self.geckodriver, "--version"),
        )
    }
}

/// Makes sure Firefox ESR, WebKitGTK (driver and MiniBrowser), Xvfb and geckodriver are
/// installed (`FIREFOX`, `GECKODRIVER`, `WEBKIT_DRIVER`, `MINIBROWSER` and `XVFB` override).
pub fn ensure_engines() -> Result<Engines> {
    let from_env = |name: &str| std::env::var_os(name).map(PathBuf::from);
    let firefox = || from_env("FIREFOX").or_else(|| which("firefox-esr"));
    let webkit_driver = || from_env("WEBKIT_DRIVER").or_else(|| which("WebKitWebDriver"));
    let minibrowser = || from_env("MINIBROWSER").or_else(find_minibrowser);
    let xvfb = || from_env("XVFB").or_else(|| which("Xvfb"));
    let mut missing = Vec::new();
    if firefox().is_none() {
        missing.push("firefox-esr");
    }
    if webkit_driver().is_none() || minibrowser().is_none() {
        missing.push("webkit2gtk-driver");
    }
    if xvfb().is_none() {
        missing.push("xvfb");
    }
    if !missing.is_empty() {
        say(format!(
            "the journeys in every engine need Firefox ESR, WebKitGTK and a virtual display; installing Debian's {}",
            missing.join(", ")
        ));
        apt_install(&missing)?;
    }
    let geckodriver = ensure_geckodriver()?;
    Ok(Engines {
        firefox: firefox().context("installed firefox-esr but cannot find it on PATH")?,
        geckodriver,
        webkit_driver: webkit_driver()
            .context("installed webkit2gtk-driver but WebKitWebDriver is not on PATH")?,
        minibrowser: minibrowser().context(
            "installed webkit2gtk-driver but found no MiniBrowser under /usr/lib/*/webkit2gtk-4.1/",
        )?,
        xvfb: xvfb().context("installed xvfb but Xvfb is not on PATH")?,
    })
}

/// WebKitGTK's MiniBrowser, which Debian's libwebkit2gtk-4.1-0 ships beside the library.
fn find_minibrowser() -> Option<PathBuf> {
    std::fs::read_dir("/usr/lib")
        .ok()?
        .filter_map(|entry| entry.ok())
        .map(|entry| entry.path().join("webkit2gtk-4.1/MiniBrowser"))
        .find(|candidate| candidate.is_file())
}

/// geckodriver at [`GECKODRIVER_VERSION`] (`GECKODRIVER` overrides), built when missing or
/// at another version.
fn ensure_geckodriver() -> Result<PathBuf> {
    if let Some(path) = std::env::var_os("GECKODRIVER") {
        return Ok(PathBuf::from(path));
    }
    let path = cargo_bin_dir().join("geckodriver");
    let installed = cmd::output(Command::new(&path).arg("--version"))
        .and_then(|out| out.lines().next().map(str::to_owned));
    if installed
        .as_deref()
        .is_some_and(|line| line.split_whitespace().nth(1) == Some(GECKODRIVER_VERSION))
    {
        return Ok(path);
    }
    say(format!(
        "building geckodriver {GECKODRIVER_VERSION} from crates.io (found: {}); this takes a few minutes, once",
        installed.as_deref().unwrap_or("none")
    ));
    cargo_install("geckodriver", GECKODRIVER_VERSION)?;
    Ok(path)
}

static APT_UPDATED: AtomicBool = AtomicBool::new(false);

fn apt_install(packages: &[&str]) -> Result<()> {
    let list = packages.join(" ");
    let is_root = cmd::output(Command::new("id").arg("-u")).is_some_and(|uid| uid.trim() == "0");
    if which("apt-get").is_none() || !is_root {
        bail!(
            "missing packages: {list}; install them with `sudo apt-get install {list}` (or your system's equivalent) and run again"
        );
    }
    say(format!("installing Debian packages: {list}"));
    if !APT_UPDATED.swap(true, Ordering::SeqCst) {
        cmd::run(Command::new("apt-get").args(["update", "-q"]))?;
    }
    cmd::run(
        Command::new("apt-get")
            .args(["install", "-y", "-q"])
            .args(packages)
            .env("DEBIAN_FRONTEND", "noninteractive"),
    )
}

/// The first executable called `name` on `PATH`.
pub fn which(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
}

/// The npm tools the checks use (`tests/package.json`, locked): axe-core, binaryen, terser,
/// csso, prettier and TypeScript.
#[derive(Debug, Clone)]
pub struct NodeTools {
    /// `axe.min.js`, injected into pages under test.
    pub axe: PathBuf,
    /// binaryen's `wasm-opt`.
    pub wasm_opt: PathBuf,
    /// terser, which minifies the embed's JavaScript in the release bundle.
    pub terser: PathBuf,
    /// csso (its command line, `csso-cli`), which minifies the embed's stylesheet.
    pub csso: PathBuf,
    /// prettier, which the tidy check runs over the project's JavaScript.
    pub prettier: PathBuf,
    /// TypeScript's `tsc`, which checks the package's declarations (`tsc --strict`).
    pub tsc: PathBuf,
}

/// Installs the locked npm tools when missing (needs Node.js and npm; installs Debian's
/// when absent).
pub fn ensure_node_tools(workspace: &Path) -> Result<NodeTools> {
    let dir = workspace.join("tests");
    let tools = NodeTools {
        axe: dir.join("node_modules/axe-core/axe.min.js"),
        wasm_opt: dir.join("node_modules/.bin/wasm-opt"),
        terser: dir.join("node_modules/.bin/terser"),
        csso: dir.join("node_modules/.bin/csso"),
        prettier: dir.join("node_modules/.bin/prettier"),
        tsc: dir.join("node_modules/.bin/tsc"),
    };
    let lock = dir.join("package-lock.json");
    let installed = dir.join("node_modules/.package-lock.json");
    let fresh = tools.axe.exists()
        && tools.wasm_opt.exists()
        && tools.terser.exists()
        && tools.csso.exists()
        && tools.prettier.exists()
        && tools.tsc.exists()
        && std::fs::read(&lock)
            .ok()
            .is_some_and(|lock| installed_matches(&lock, &installed));
    if fresh {
        return Ok(tools);
    }
    if which("npm").is_none() {
        say("the checks need Node.js and npm; installing Debian's packages");
        apt_install(&["nodejs", "npm"])?;
    }
    say(
        "installing the locked npm tools (axe-core, binaryen, terser, csso, prettier, typescript) with npm ci",
    );
    cmd::run(
        Command::new("npm")
            .current_dir(&dir)
            .args(["ci", "--no-audit", "--no-fund"]),
    )?;
    Ok(tools)
}

/// npm writes its own copy of the lock into node_modules; same packages, same versions.
fn installed_matches(lock: &[u8], installed: &Path) -> bool {
    let versions = |text: &str| -> Vec<String> {
        text.lines()
            .filter(|line| line.trim_start().starts_with("\"version\""))
            .map(str::to_owned)
            .collect()
    };
    match std::fs::read_to_string(installed) {
        Ok(installed) => {
            let lock = String::from_utf8_lossy(lock);
            let wanted = versions(&lock);
            let have = versions(&installed);
            !wanted.is_empty() && wanted.iter().all(|line| have.contains(line))
        }
        Err(_) => false,
    }
}
