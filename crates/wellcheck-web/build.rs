//! Reads and validates every built-in definition, battery and the result words with the
//! core's full decoder, and writes them in the compact form the widget embeds
//! (`$OUT_DIR/builtin.wcc`, see `wellcheck_core::compact`), and the same without the
//! definitions (`$OUT_DIR/index.wcc`, the shipped embed's: feature `definitions-apart`). A
//! broken definition stops the build here, with every problem and its path.

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
    let written = wellcheck_core::compact::encode_builtin().and_then(|whole| {
        let (index, _) = wellcheck_core::compact::encode_split()?;
        Ok([("builtin.wcc", whole), ("index.wcc", index)])
    });
    match written {
        Ok(files) => {
            for (name, bytes) in files {
                let path = PathBuf::from(&out_dir).join(name);
                if let Err(error) = std::fs::write(&path, bytes) {
                    eprintln!(
                        "wellcheck-web build: cannot write {}: {error}",
                        path.display()
                    );
                    return ExitCode::FAILURE;
                }
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
