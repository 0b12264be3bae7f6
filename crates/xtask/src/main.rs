//! `cargo xtask`: wellcheck's build system and the only build entry point.
//!
//! See `cargo xtask help`. Every command installs what it is missing (the wasm32 standard
//! library or Debian's fallback compiler, wasm-bindgen-cli at the locked version, Chromium
//! and chromedriver) and says what it is doing.

mod bench;
mod checks;
mod cmd;
mod dist;
mod fhir_check;
mod fuzz;
mod lforms;
mod package;
mod serve;
mod short_names;
mod split_later;
mod size;
mod tidy;
mod toolchain;

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "\
cargo xtask <command>

Commands:
  serve [--port N] [--no-build]   build the widget and serve www/ on http://127.0.0.1:N (default 8080)
  test                            every check: format, clippy (native and wasm32), native tests,
                                  browser tests in headless Chromium, end-to-end tests
  dist                            write dist/wellcheck/, the folder a website copies as-is
  package                         a version's release files in target/package/: the npm
                                  tarball (with custom-elements.json and TypeScript types), a
                                  zip to upload, the tablet app's zip, SNIPPET.html, SHA256SUMS
  size                            build, then print the gzip size of the embed's first load and
                                  check it against size-budget.txt
  bench [csv] [validate]          speed and peak memory of the release CLI: 1,000,000 CSV rows;
                                  validating the worst definitions the limits allow
  tidy                            the tree's own rules: a `//!` line atop every Rust file, no
                                  import circle, crate dependencies as ARCHITECTURE.md draws them,
                                  JavaScript as prettier formats it
  fuzz [target] [--seconds N]     fuzz the core's parsers (definition, answers, licensed_text,
                                  csv, fhir_import; 60 s each by default); not part of `test`
  help                            this text
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("serve") => serve::run(args.get(1..).unwrap_or_default()),
        Some("test") => checks::run(),
        Some("dist") => dist::run().map(|_| ()),
        Some("package") => package::run(),
        Some("size") => size::run(),
        Some("tidy") => tidy::run(&workspace_root()).and_then(|()| {
            let prettier = workspace_root().join("tests/node_modules/.bin/prettier");
            if prettier.exists() {
                tidy::check_javascript(&workspace_root(), &prettier)
            } else {
                cmd::say("tidy: prettier is not installed yet (`cargo xtask test` installs it); JavaScript not checked");
                Ok(())
            }
        }),
        Some("fuzz") => fuzz::run(args.get(1..).unwrap_or_default()),
        Some("bench") => bench::run(args.get(1..).unwrap_or_default()),
        Some("bench-measure") => bench::measure_child(args.get(1..).unwrap_or_default()),
        Some("help" | "--help" | "-h") | None => {
            print!("{USAGE}");
            Ok(())
        }
        Some(other) => Err(anyhow::anyhow!("unknown command `{other}`\n\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("xtask: error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root (this crate lives at `crates/xtask`).
fn workspace_root() -> PathBuf {
    let manifest_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest_dir
        .ancestors()
        .nth(2)
        .map_or_else(|| manifest_dir.clone(), PathBuf::from)
}
