//! Reads and validates every built-in definition, battery and the result words with the
//! core's full decoder, and writes them in the compact form the widget embeds
//! (`$OUT_DIR/builtin.wcc`, see `wellcheck_core::compact`). A broken definition stops the
//! build here, with every problem and its path.

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    // The core is a build dependency: when a definition changes, the core is rebuilt
    // (its `include_str!`s are tracked) and so this script runs again.
    println!("cargo::rerun-if-changed=build.rs");
    let Some(out_dir) = std::env::var_os("OUT_DIR") else {
        eprintln!("wellcheck-web build: OUT_DIR is not set (run through cargo)");
        return ExitCode::FAILURE;
    };
    match wellcheck_core::compact::encode_builtin() {
        Ok(bytes) => {
            let path = PathBuf::from(out_dir).join("builtin.wcc");
            if let Err(error) = std::fs::write(&path, bytes) {
                eprintln!(
                    "wellcheck-web build: cannot write {}: {error}",
                    path.display()
                );
                return ExitCode::FAILURE;
            }
            ExitCode::SUCCESS
        }
        Err(problems) => {
            eprintln!("wellcheck-web build: the built-in catalogue is not valid:");
            for problem in problems {
                eprintln!("  {problem}");
            }
            ExitCode::FAILURE
        }
    }
}
