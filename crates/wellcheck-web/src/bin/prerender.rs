//! `wellcheck-prerender OUT`: writes the pre-rendered first page of every built-in
//! questionnaire and battery, in each language, as `OUT/<id>.<language>.html` (run by
//! `cargo xtask dist`, natively, with the `ssr` feature).

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(out) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: wellcheck-prerender OUT_FOLDER");
        return ExitCode::from(2);
    };
    if let Err(error) = std::fs::create_dir_all(&out) {
        eprintln!("wellcheck-prerender: creating {}: {error}", out.display());
        return ExitCode::FAILURE;
    }
    let pages = wellcheck_web::prerender::every_first_page();
    for (stem, html) in &pages {
        let path = out.join(format!("{stem}.html"));
        if let Err(error) = std::fs::write(&path, html) {
            eprintln!("wellcheck-prerender: writing {}: {error}", path.display());
            return ExitCode::FAILURE;
        }
    }
    println!(
        "wellcheck-prerender: {} first pages in {}",
        pages.len(),
        out.display()
    );
    ExitCode::SUCCESS
}
