//! `cargo xtask test`'s tidy step: rules about the source tree that no compiler checks
//! (after rust-analyzer's `xtask/src/tidy.rs`).
//!
//! - Every Rust file opens with a `//!` line saying what it is for.
//! - No import circle between the top-level modules of a crate: reading a crate's modules
//!   in the order `lib.rs` declares them, each uses only those above it.
//! - Each crate depends only on the crates ARCHITECTURE.md allows it ([`ALLOWED`]).
//! - Files over [`LONG_FILE_LINES`] lines are listed (a warning, not a failure): a long file
//!   should be one concern.
//! - The project's JavaScript is as prettier formats it ([`check_javascript`], a step of its
//!   own once the npm tools are installed).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use anyhow::{Result, bail};

use crate::cmd::say;

/// A file longer than this is listed, to be split unless it is one concern.
pub const LONG_FILE_LINES: usize = 800;

/// The workspace's crates, and the workspace crates each may depend on (normal, build or dev
/// dependencies), as ARCHITECTURE.md draws them: the scoring kernel (`wellcheck-core`) at
/// the bottom; interchange (FHIR, CSV) and outcomes on it; the widget on the kernel alone;
/// the app on the widget and all three; the CLI beside it; xtask and the tests above all.
pub const ALLOWED: &[(&str, &[&str])] = &[
    ("wellcheck-core", &[]),
    ("wellcheck-interchange", &["wellcheck-core"]),
    // Its tests read forms from CSV.
    (
        "wellcheck-outcomes",
        &["wellcheck-core", "wellcheck-interchange"],
    ),
    (
        "wellcheck-fhir",
        &["wellcheck-core", "wellcheck-interchange"],
    ),
    // The embed's first load: the scoring kernel only, never FHIR, CSV or outcomes.
    ("wellcheck-web", &["wellcheck-core"]),
    (
        "wellcheck-app",
        &[
            "wellcheck-core",
            "wellcheck-interchange",
            "wellcheck-outcomes",
            "wellcheck-web",
        ],
    ),
    (
        "wellcheck-cli",
        &[
            "wellcheck-core",
            "wellcheck-interchange",
            "wellcheck-outcomes",
        ],
    ),
    ("xtask", &["wellcheck-core", "wellcheck-interchange"]),
    (
        "wellcheck-e2e",
        &["wellcheck-core", "wellcheck-interchange", "xtask"],
    ),
    (
        "wellcheck-fuzz",
        &["wellcheck-core", "wellcheck-interchange"],
    ),
];

/// Runs every rule over the workspace; fails listing every breach.
pub fn run(workspace: &Path) -> Result<()> {
    let files = rust_files(workspace);
    let mut problems = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap_or_default();
        problems.extend(doc_line_problem(&relative(workspace, file), &text));
    }
    for source in crate_sources(workspace) {
        problems.extend(module_circles(workspace, &source));
    }
    problems.extend(dependency_problems(workspace));
    for file in &files {
        let path = relative(workspace, file);
        if path.starts_with("crates/wellcheck-app/") {
            let text = std::fs::read_to_string(file).unwrap_or_default();
            problems.extend(outside_the_kit(&path, &text));
        }
    }
    let long = long_files(workspace, &files);
    if !long.is_empty() {
        say(format!(
            "tidy: {} files over {LONG_FILE_LINES} lines (each should be one concern):",
            long.len()
        ));
        for (path, lines) in &long {
            say(format!("  {lines:>5}  {path}"));
        }
    }
    if !problems.is_empty() {
        bail!("the tree is not tidy:\n  {}", problems.join("\n  "));
    }
    say(format!(
        "tidy: {} Rust files open with `//!`; no import circle; crate dependencies as ARCHITECTURE.md draws them; the app uses the widget through its kit",
        files.len()
    ));
    Ok(())
}

/// The project's own JavaScript, which prettier keeps formatted (`.prettierrc.json`).
pub const JAVASCRIPT: &[&str] = &[
    "crates/wellcheck-web/js",
    "crates/wellcheck-app/shell",
    "www",
    "tests/bench/pages",
];

/// Fails, naming each file, when any of the project's JavaScript is not as prettier writes
/// it. `prettier --write` with the same files puts them right.
pub fn check_javascript(workspace: &Path, prettier: &Path) -> Result<()> {
    let mut files = Vec::new();
    for dir in JAVASCRIPT {
        let Ok(entries) = std::fs::read_dir(workspace.join(dir)) else {
            continue;
        };
        for entry in entries.filter_map(Result::ok) {
            let path = entry.path();
            if path.extension().is_some_and(|extension| extension == "js") {
                files.push(relative(workspace, &path));
            }
        }
    }
    files.sort();
    let mut command = std::process::Command::new(prettier);
    command.current_dir(workspace).arg("--check").args(&files);
    if crate::cmd::run(&mut command).is_err() {
        bail!(
            "JavaScript not formatted: run `tests/node_modules/.bin/prettier --write {}`",
            files.join(" ")
        );
    }
    say(format!("tidy: {} JavaScript files formatted", files.len()));
    Ok(())
}

/// Every `.rs` file of the project, outside build output and installed tools.
fn rust_files(workspace: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for top in ["crates", "tests", "fuzz"] {
        walk(&workspace.join(top), &mut found);
    }
    found.sort();
    found
}

fn walk(dir: &Path, found: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if path.is_dir() {
            if !matches!(
                name.as_ref(),
                "target" | "node_modules" | "corpus" | "artifacts"
            ) {
                walk(&path, found);
            }
        } else if name.ends_with(".rs") {
            found.push(path);
        }
    }
}

fn relative(workspace: &Path, file: &Path) -> String {
    file.strip_prefix(workspace)
        .unwrap_or(file)
        .to_string_lossy()
        .into_owned()
}

/// The first line with text must be a `//!` module doc.
pub fn doc_line_problem(path: &str, text: &str) -> Option<String> {
    let first = text.lines().map(str::trim).find(|line| !line.is_empty());
    match first {
        Some(line) if line.starts_with("//!") => None,
        Some(line) => Some(format!(
            "{path}: does not open with a `//!` line saying what it is for (it opens `{}`)",
            line.chars().take(60).collect::<String>()
        )),
        None => Some(format!("{path}: is empty")),
    }
}

/// A crate's `src` folder and its root file.
struct CrateSource {
    root: PathBuf,
    src: PathBuf,
}

fn crate_sources(workspace: &Path) -> Vec<CrateSource> {
    let mut sources = Vec::new();
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(workspace.join("crates"))
        .map(|entries| entries.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    dirs.push(workspace.join("tests"));
    dirs.sort();
    for dir in dirs {
        let src = dir.join("src");
        // One graph per `src` folder, whether it holds a library, a program or both.
        if let Some(root) = ["lib.rs", "main.rs"]
            .into_iter()
            .map(|root| src.join(root))
            .find(|root| root.is_file())
        {
            sources.push(CrateSource {
                root,
                src: src.clone(),
            });
        }
    }
    sources
}

/// The top-level module a file of `src` belongs to (`None` for the crate root).
fn top_module(src: &Path, file: &Path) -> Option<String> {
    let relative = file.strip_prefix(src).ok()?;
    let first = relative.components().next()?;
    let name = first.as_os_str().to_string_lossy();
    let name = name.trim_end_matches(".rs");
    if matches!(name, "lib" | "main") {
        return None;
    }
    Some(name.to_owned())
}

/// The modules a line of code names through `crate::` (and, in a top-level module's own
/// file, `super::`), comments aside.
pub fn named_modules(line: &str, top_level_file: bool) -> Vec<String> {
    let code = line.split("//").next().unwrap_or_default();
    let mut names = Vec::new();
    let mut prefixes = vec!["crate::"];
    if top_level_file {
        prefixes.push("super::");
    }
    for prefix in prefixes {
        let mut rest = code;
        while let Some(at) = rest.find(prefix) {
            let before = rest[..at].chars().last();
            rest = &rest[at + prefix.len()..];
            // `$crate::` in macros, and `xcrate::` in a longer name, are not this crate.
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$') {
                continue;
            }
            if let Some(group) = rest.strip_prefix('{') {
                let inner = group.split('}').next().unwrap_or_default();
                names.extend(inner.split(',').filter_map(|part| identifier(part.trim())));
            } else if let Some(name) = identifier(rest) {
                names.push(name);
            }
        }
    }
    names
}

fn identifier(text: &str) -> Option<String> {
    let name: String = text
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    (!name.is_empty()).then_some(name)
}

/// Circles in the graph of a crate's top-level modules, each as `a -> b -> a`.
fn module_circles(workspace: &Path, source: &CrateSource) -> Vec<String> {
    let mut files = Vec::new();
    walk(&source.src, &mut files);
    let modules: BTreeSet<String> = files
        .iter()
        .filter_map(|file| top_module(&source.src, file))
        .collect();
    // A name the crate root re-exports (`pub use analysis::Outcomes;`) stands for its module.
    let root_text = ["lib.rs", "main.rs"]
        .iter()
        .find_map(|name| std::fs::read_to_string(source.src.join(name)).ok())
        .unwrap_or_default();
    let reexported = root_reexports(&root_text);
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut problems = Vec::new();
    for file in &files {
        let Some(from) = top_module(&source.src, file) else {
            continue;
        };
        let top_level_file = file.parent() == Some(source.src.as_path());
        let text = std::fs::read_to_string(file).unwrap_or_default();
        for line in text.lines() {
            let trimmed = line.trim_start();
            if trimmed.starts_with("//") {
                continue;
            }
            if trimmed.starts_with("use crate::*") || trimmed.starts_with("pub use crate::*") {
                problems.push(format!(
                    "{}: `crate::*` hides which modules it uses: name them",
                    relative(workspace, file)
                ));
            }
            for name in named_modules(line, top_level_file) {
                let to = if modules.contains(&name) {
                    Some(name)
                } else {
                    reexported.get(&name).cloned()
                };
                if let Some(to) = to.filter(|to| *to != from && modules.contains(to)) {
                    edges.entry(from.clone()).or_default().insert(to);
                }
            }
        }
    }
    problems.extend(find_circles(&edges).into_iter().map(|circle| {
        format!(
            "{}: import circle between modules: {}",
            relative(workspace, &source.root),
            circle.join(" -> ")
        )
    }));
    problems
}

/// The tablet app takes the widget's parts only through its UI kit (`wellcheck_web::kit`),
/// so the kit is the whole of what the two share: each use of anything else is named.
pub fn outside_the_kit(path: &str, text: &str) -> Vec<String> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| {
            let code = line.split("//").next().unwrap_or_default();
            code.match_indices("wellcheck_web::")
                .any(|(at, _)| !code[at + "wellcheck_web::".len()..].starts_with("kit"))
        })
        .map(|(number, _)| {
            format!(
                "{path}:{}: the app takes the widget's parts through `wellcheck_web::kit` only",
                number + 1
            )
        })
        .collect()
}

/// The names a crate root re-exports, each with the module it comes from:
/// `pub use analysis::{Outcomes, Stat};` gives `Outcomes` and `Stat` from `analysis`.
pub fn root_reexports(root: &str) -> BTreeMap<String, String> {
    let mut names = BTreeMap::new();
    let mut rest = root;
    while let Some(at) = rest.find("pub use ") {
        rest = &rest[at + "pub use ".len()..];
        let statement = rest.split(';').next().unwrap_or_default();
        let path = statement.trim().trim_start_matches("crate::");
        let Some(module) = identifier(path) else {
            continue;
        };
        let tail = &path[module.len()..];
        let listed: Vec<String> = if let Some((_, group)) = tail.split_once('{') {
            group
                .split('}')
                .next()
                .unwrap_or_default()
                .split(',')
                .filter_map(|part| {
                    let part = part.trim();
                    // `Name as Other` is known by its new name.
                    let name = part.rsplit(" as ").next().unwrap_or(part);
                    identifier(name.trim())
                })
                .collect()
        } else {
            tail.rsplit("::")
                .next()
                .and_then(|last| identifier(last.rsplit(" as ").next().unwrap_or(last).trim()))
                .into_iter()
                .collect()
        };
        for name in listed {
            names.insert(name, module.clone());
        }
    }
    names
}

/// One circle through each strongly connected group of the graph (depth-first search).
pub fn find_circles(edges: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    let mut circles = Vec::new();
    // A circle is reported once, however many of its modules the search starts from.
    let mut reported: BTreeSet<BTreeSet<String>> = BTreeSet::new();
    for start in edges.keys() {
        let mut path = vec![start.clone()];
        if let Some(circle) = circle_from(edges, &mut path, &mut BTreeSet::new())
            && reported.insert(circle.iter().cloned().collect())
        {
            circles.push(circle);
        }
    }
    circles
}

fn circle_from(
    edges: &BTreeMap<String, BTreeSet<String>>,
    path: &mut Vec<String>,
    seen: &mut BTreeSet<String>,
) -> Option<Vec<String>> {
    let here = path.last()?.clone();
    for next in edges.get(&here).into_iter().flatten() {
        if let Some(at) = path.iter().position(|node| node == next) {
            let mut circle = path.get(at..).unwrap_or_default().to_vec();
            circle.push(next.clone());
            return Some(circle);
        }
        if seen.insert(next.clone()) {
            path.push(next.clone());
            if let Some(circle) = circle_from(edges, path, seen) {
                return Some(circle);
            }
            path.pop();
        }
    }
    None
}

/// Workspace crates a crate depends on that [`ALLOWED`] does not list for it.
fn dependency_problems(workspace: &Path) -> Vec<String> {
    // Every crate's manifest: those under `crates/`, the end-to-end tests and the fuzzers.
    let mut manifests: Vec<PathBuf> = std::fs::read_dir(workspace.join("crates"))
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|entry| entry.path().join("Cargo.toml"))
                .filter(|path| path.is_file())
                .collect()
        })
        .unwrap_or_default();
    manifests.extend(["tests", "fuzz"].map(|dir| workspace.join(dir).join("Cargo.toml")));
    manifests.sort();
    let known: BTreeSet<&str> = ALLOWED.iter().map(|(name, _)| *name).collect();
    let mut problems = Vec::new();
    for manifest in manifests {
        let Ok(text) = std::fs::read_to_string(&manifest) else {
            continue;
        };
        let Some(name) = package_name(&text) else {
            continue;
        };
        let Some((_, allowed)) = ALLOWED.iter().find(|(crate_name, _)| *crate_name == name) else {
            problems.push(format!(
                "{}: crate `{name}` is not in tidy's ALLOWED list (add it as ARCHITECTURE.md draws it)",
                relative(workspace, &manifest)
            ));
            continue;
        };
        for dependency in workspace_dependencies(&text, &known) {
            if !allowed.contains(&dependency.as_str()) {
                problems.push(format!(
                    "{}: `{name}` depends on `{dependency}`, which ARCHITECTURE.md does not allow",
                    relative(workspace, &manifest)
                ));
            }
        }
    }
    problems
}

fn package_name(manifest: &str) -> Option<String> {
    let mut in_package = false;
    for line in manifest.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_package = line == "[package]";
        } else if in_package && let Some(value) = line.strip_prefix("name") {
            let value = value.trim_start().strip_prefix('=')?.trim();
            return Some(value.trim_matches('"').to_owned());
        }
    }
    None
}

/// The workspace crates named in a manifest's dependency tables.
pub fn workspace_dependencies(manifest: &str, known: &BTreeSet<&str>) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut in_dependencies = false;
    for line in manifest.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_dependencies = line.contains("dependencies");
            // `[dependencies.wellcheck-core]`
            if let Some(name) = line
                .trim_matches(|c| c == '[' || c == ']')
                .rsplit('.')
                .next()
                .filter(|name| known.contains(name))
                && line.contains("dependencies.")
            {
                found.insert(name.to_owned());
            }
        } else if in_dependencies {
            let name = line
                .split(['=', '.'])
                .next()
                .unwrap_or_default()
                .trim()
                .trim_matches('"');
            if known.contains(name) {
                found.insert(name.to_owned());
            }
        }
    }
    found
}

fn long_files(workspace: &Path, files: &[PathBuf]) -> Vec<(String, usize)> {
    let mut long: Vec<(String, usize)> = files
        .iter()
        .filter_map(|file| {
            let lines = std::fs::read_to_string(file).ok()?.lines().count();
            (lines > LONG_FILE_LINES).then(|| (relative(workspace, file), lines))
        })
        .collect();
    long.sort_by_key(|(_, lines)| std::cmp::Reverse(*lines));
    long
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph(pairs: &[(&str, &str)]) -> BTreeMap<String, BTreeSet<String>> {
        let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (from, to) in pairs {
            edges
                .entry((*from).to_owned())
                .or_default()
                .insert((*to).to_owned());
        }
        edges
    }

    #[test]
    fn names_a_crate_root_re_exports_stand_for_their_modules() {
        let root = "pub mod cohort;\npub use analysis::{\n    Funnel, Outcomes as Results,\n};\npub use cohort::Place;\npub use crate::words::signed;\n";
        let names = root_reexports(root);
        assert_eq!(names.get("Funnel").map(String::as_str), Some("analysis"));
        assert_eq!(names.get("Results").map(String::as_str), Some("analysis"));
        assert_eq!(names.get("Place").map(String::as_str), Some("cohort"));
        assert_eq!(names.get("signed").map(String::as_str), Some("words"));
        assert_eq!(names.get("Outcomes"), None);
    }

    #[test]
    fn the_app_reaches_the_widget_only_through_the_kit() {
        let text = "use wellcheck_web::kit::{Shell, Ui};\nuse wellcheck_web::state::Saved;\n// wellcheck_web::options in a comment\nlet x: wellcheck_web::kit::Layout;\n";
        assert_eq!(
            outside_the_kit("crates/wellcheck-app/src/a.rs", text),
            vec![
                "crates/wellcheck-app/src/a.rs:2: the app takes the widget's parts through `wellcheck_web::kit` only"
            ]
        );
    }

    #[test]
    fn a_circle_is_found_and_a_chain_is_not() {
        let circle = graph(&[("a", "b"), ("b", "c"), ("c", "a"), ("d", "a")]);
        assert_eq!(find_circles(&circle), vec![vec!["a", "b", "c", "a"]]);
        let chain = graph(&[("a", "b"), ("b", "c"), ("a", "c")]);
        assert!(find_circles(&chain).is_empty());
    }

    #[test]
    fn modules_are_read_from_paths_groups_and_super_but_not_comments_or_macros() {
        assert_eq!(
            named_modules("use crate::definition::limits::{A, B};", false),
            vec!["definition"]
        );
        assert_eq!(
            named_modules("use crate::{dist, size as s};", false),
            vec!["dist", "size"]
        );
        assert_eq!(
            named_modules("super::safari::in_a_tab()", true),
            vec!["safari"]
        );
        assert!(named_modules("super::safari::in_a_tab()", false).is_empty());
        assert!(named_modules("let x = 1; // see crate::report", false).is_empty());
        assert!(named_modules("$crate::answers::x", false).is_empty());
    }

    #[test]
    fn a_file_without_its_doc_line_is_named() {
        assert!(doc_line_problem("a.rs", "\n//! What it is for.\nuse x;").is_none());
        let problem = doc_line_problem("b.rs", "use std::path::Path;\n").unwrap_or_default();
        assert!(problem.contains("b.rs") && problem.contains("use std::path::Path"));
    }

    #[test]
    fn workspace_dependencies_are_read_from_every_table() {
        let known: BTreeSet<&str> = ["wellcheck-core", "wellcheck-web"].into_iter().collect();
        let manifest = "[package]\nname = \"x\"\n[dependencies]\nserde = \"1\"\nwellcheck-core.workspace = true\n[dev-dependencies]\nwellcheck-web = { path = \"../web\" }\n";
        let found = workspace_dependencies(manifest, &known);
        assert_eq!(
            found.into_iter().collect::<Vec<_>>(),
            vec!["wellcheck-core", "wellcheck-web"]
        );
        assert_eq!(package_name(manifest).as_deref(), Some("x"));
    }
}
