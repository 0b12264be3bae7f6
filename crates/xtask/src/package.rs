//! `cargo xtask package`: a version's release artifacts, from a fresh `dist/`, written to
//! `target/package/`:
//!
//! - `wellcheck/`: the npm package (`package.json` with `exports` and `files`, the module,
//!   its glue and wasm, the on-demand module, the stylesheet, `custom-elements.json`,
//!   `wellcheck.d.ts`, the editors' README, the check page and the licence), packed by `npm pack` into
//!   `wellcheck-VERSION.tgz`, the file a CDN serves as `wellcheck@VERSION`;
//! - `wellcheck-VERSION.zip`: the same files in a folder `wellcheck-VERSION/`, to upload;
//! - `wellcheck-app-VERSION.zip`: the tablet app for a scheme's HTTPS host;
//! - `SNIPPET.html`: the exact tags for the version, from the CDN with Subresource
//!   Integrity, and self-hosted;
//! - `SHA256SUMS`: every artifact's SHA-256, as `sha256sum -c` reads it.
//!
//! The version is in every name (and in the CDN's path), so an update never mixes an old
//! module with a new wasm in a browser's cache. The package's static files live in
//! `crates/wellcheck-web/package/`.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};
use base64::Engine as _;
use sha2::{Digest, Sha256, Sha384};

use crate::cmd::{self, say};
use crate::{dist, workspace_root};

/// The version every artifact carries: the workspace's.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The npm package's name (and the CDN's path).
pub const NAME: &str = "wellcheck";

/// Where the CDN snippet points: jsDelivr serves every npm package as published.
pub const CDN: &str = "https://cdn.jsdelivr.net/npm";

/// The files a host may serve brotli-compressed: the package carries `<name>.br` beside each
/// (a host that serves precompressed files sends it with `Content-Encoding: br`).
pub const BROTLI_COPIES: [&str; 7] = [
    "wellcheck.js",
    "wellcheck_web.js",
    "wellcheck_web_bg.wasm",
    dist::LATER_PART,
    "wellcheck_fhir.js",
    "wellcheck_fhir_bg.wasm",
    "wellcheck.css",
];

/// The files of the npm package, besides `package.json` (which npm always includes).
pub const PACKAGE_FILES: [&str; 14] = [
    "wellcheck.js",
    "wellcheck_web.js",
    "wellcheck_web_bg.wasm",
    dist::LATER_PART,
    "wellcheck_fhir.js",
    "wellcheck_fhir_bg.wasm",
    "wellcheck.css",
    "wellcheck.d.ts",
    "custom-elements.json",
    "README.md",
    "LICENSE",
    "check.html",
    "check.js",
    "check.css",
];

/// What `cargo xtask package` made.
pub struct Artifacts {
    /// The npm package's folder.
    pub package: PathBuf,
    /// The npm tarball.
    pub tarball: PathBuf,
    /// The self-hosting zip.
    pub zip: PathBuf,
    /// The tablet app's zip.
    pub app_zip: PathBuf,
}

/// Builds `dist/`, writes every artifact, and checks them as `cargo xtask test` does.
pub fn run() -> Result<()> {
    let root = workspace_root();
    let widget = dist::run()?;
    let tools = crate::toolchain::ensure_node_tools(&root)?;
    check(&root, &widget, &root.join("dist/app"), &tools.tsc)
}

/// Writes every artifact from a built widget folder and app folder.
pub fn build(root: &Path, widget: &Path, app: &Path) -> Result<Artifacts> {
    let out = root.join("target/package");
    if out.exists() {
        std::fs::remove_dir_all(&out).context("clearing target/package")?;
    }
    let package = out.join(NAME);
    std::fs::create_dir_all(&package).context("creating target/package/wellcheck")?;
    say(format!(
        "packaging wellcheck {VERSION} into target/package/"
    ));
    let statics = root.join("crates/wellcheck-web/package");
    for file in PACKAGE_FILES {
        let from = match file {
            "wellcheck.d.ts"
            | "custom-elements.json"
            | "README.md"
            | "check.html"
            | "check.js"
            | "check.css" => statics.join(file),
            "LICENSE" => root.join("LICENSE"),
            _ => widget.join(file),
        };
        let text_with_version = matches!(file, "README.md" | "check.html");
        if text_with_version {
            let text = std::fs::read_to_string(&from)
                .with_context(|| format!("reading {}", from.display()))?;
            let text = text
                .replace("VERSION", VERSION)
                .replace("NEXT_STEPS_KEYS", &next_steps_keys()?);
            std::fs::write(package.join(file), text)?;
        } else {
            std::fs::copy(&from, package.join(file))
                .with_context(|| format!("copying {}", from.display()))?;
        }
    }
    for file in BROTLI_COPIES {
        let bytes = std::fs::read(package.join(file))?;
        std::fs::write(
            package.join(format!("{file}.br")),
            crate::size::brotli_bytes(&bytes)?,
        )?;
    }
    // The pre-rendered first pages and the definitions files, which `wellcheck.js`
    // fetches from its own folder.
    for file in folder_files(widget)? {
        let to = package.join(&file);
        if let Some(folder) = to.parent() {
            std::fs::create_dir_all(folder)?;
        }
        std::fs::copy(widget.join(&file), &to).with_context(|| format!("copying {file}"))?;
    }
    std::fs::write(package.join("package.json"), package_json())?;

    say("npm pack: the tarball a CDN serves");
    cmd::run(
        Command::new("npm")
            .current_dir(&package)
            .args(["pack", "--pack-destination"])
            .arg(&out),
    )?;
    let tarball = out.join(format!("{NAME}-{VERSION}.tgz"));
    if !tarball.is_file() {
        bail!("npm pack did not write {}", tarball.display());
    }

    let zip = self_hosting_zip(root);
    zip_folder(&package, &format!("{NAME}-{VERSION}"), &zip)?;
    let app_zip = out.join(format!("{NAME}-app-{VERSION}.zip"));
    zip_folder(app, &format!("{NAME}-app-{VERSION}"), &app_zip)?;

    let module = std::fs::read(package.join("wellcheck.js"))?;
    std::fs::write(out.join("SNIPPET.html"), snippet(&module))?;

    let mut sums = String::new();
    for artifact in [&tarball, &zip, &app_zip] {
        let name = artifact
            .file_name()
            .and_then(|name| name.to_str())
            .unwrap_or_default();
        let bytes = std::fs::read(artifact)?;
        sums.push_str(&format!("{:x}  {name}\n", Sha256::digest(&bytes)));
    }
    std::fs::write(out.join("SHA256SUMS"), sums)?;
    for line in [
        format!("  target/package/{NAME}-{VERSION}.tgz (npm; a CDN serves it as {NAME}@{VERSION})"),
        format!("  target/package/{NAME}-{VERSION}.zip (upload the folder inside to your site)"),
        format!("  target/package/{NAME}-app-{VERSION}.zip (the tablet app)"),
        "  target/package/SNIPPET.html, target/package/SHA256SUMS".to_owned(),
    ] {
        say(line);
    }
    Ok(Artifacts {
        package,
        tarball,
        zip,
        app_zip,
    })
}

/// Every `nextSteps` key of the built-in questionnaires, as a Markdown list for the
/// editors' README: each questionnaire, its scores with groups, and each group with its
/// label. Made from the catalogue, so it cannot name a key that does not exist.
pub fn next_steps_keys() -> Result<String> {
    let mut list = String::new();
    for id in wellcheck_core::catalogue::ids() {
        let instrument = wellcheck_core::catalogue::get(id)
            .map_err(|error| anyhow::anyhow!("instruments/{id}.json: {error}"))?;
        list.push_str(&format!("- `{id}` ({})", instrument.short_name()));
        for score in instrument.scores() {
            let Some(banding) = score.banding() else {
                continue;
            };
            let groups: Vec<String> = banding
                .bands()
                .iter()
                .map(|band| format!("`{id}/{}/{}` ({})", score.id(), band.id(), band.label()))
                .collect();
            list.push_str(&format!("; `{id}/{}`: {}", score.id(), groups.join(", ")));
        }
        list.push('\n');
    }
    Ok(list)
}

/// Where the package check installs the tarball: the package as `npm install` gives it.
pub fn installed(root: &Path) -> PathBuf {
    root.join("target/package-check/node_modules").join(NAME)
}

/// The self-hosting zip.
pub fn self_hosting_zip(root: &Path) -> PathBuf {
    root.join("target/package")
        .join(format!("{NAME}-{VERSION}.zip"))
}

/// The files of the widget's folders (`prerender/ucla-3.en.html`, …,
/// `definitions/phq-9.bin`, …), sorted.
pub fn folder_files(widget: &Path) -> Result<Vec<String>> {
    let mut files = Vec::new();
    for (folder, extension) in [
        (dist::PRERENDER_FOLDER, ".html"),
        (dist::DEFINITIONS_FOLDER, ".bin"),
    ] {
        files.extend(
            files_in(widget, folder, extension)?
                .into_iter()
                .map(|name| format!("{folder}/{name}")),
        );
    }
    files.sort();
    Ok(files)
}

/// The names of the files in one of a built widget's folders ending in `extension`, sorted.
fn files_in(widget: &Path, folder: &str, extension: &str) -> Result<Vec<String>> {
    let path = widget.join(folder);
    let mut names = Vec::new();
    for entry in std::fs::read_dir(&path).with_context(|| format!("reading {}", path.display()))? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        if name.ends_with(extension) {
            names.push(name);
        }
    }
    names.sort();
    if names.is_empty() {
        bail!("{} holds no {extension} file", path.display());
    }
    Ok(names)
}

/// The npm package's `package.json`.
pub fn package_json() -> String {
    let brotli: Vec<String> = BROTLI_COPIES
        .iter()
        .map(|file| format!("{file}.br"))
        .collect();
    let files: Vec<&str> = PACKAGE_FILES
        .iter()
        .copied()
        .chain(brotli.iter().map(String::as_str))
        .chain(["prerender/", "definitions/"])
        .collect();
    let manifest = serde_json::json!({
        "name": NAME,
        "version": VERSION,
        "description": "Validated loneliness, wellbeing and physical-activity questionnaires with their published scoring, as one web component: <wellcheck-questionnaire>. Nothing is sent anywhere.",
        "license": "MIT OR Apache-2.0",
        "type": "module",
        "main": "./wellcheck.js",
        "module": "./wellcheck.js",
        "types": "./wellcheck.d.ts",
        "customElements": "custom-elements.json",
        "exports": {
            ".": { "types": "./wellcheck.d.ts", "default": "./wellcheck.js" },
            "./wellcheck.css": "./wellcheck.css",
            "./custom-elements.json": "./custom-elements.json",
            "./package.json": "./package.json"
        },
        "files": files,
        "sideEffects": ["./wellcheck.js"],
        "keywords": ["web-component", "custom-element", "questionnaire", "nhs", "loneliness", "wellbeing", "phq-9", "social-prescribing"]
    });
    format!(
        "{}\n",
        serde_json::to_string_pretty(&manifest).unwrap_or_default()
    )
}

/// `sha384-…` of a file, as a script tag's `integrity` takes it.
pub fn integrity(bytes: &[u8]) -> String {
    format!(
        "sha384-{}",
        base64::engine::general_purpose::STANDARD.encode(Sha384::digest(bytes))
    )
}

/// The snippet page: the exact tags for this version.
fn snippet(module: &[u8]) -> String {
    let integrity = integrity(module);
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>wellcheck {VERSION}: the tags to paste</title></head>\n<body>\n\
<h1>wellcheck {VERSION}: the tags to paste</h1>\n\
<h2>From the CDN</h2>\n\
<p>Paste where the questionnaire should appear. The <code>integrity</code> hash makes the browser refuse a changed file.\n\
Your Content-Security-Policy, if you have one, needs <code>script-src https://cdn.jsdelivr.net 'wasm-unsafe-eval'</code>, <code>connect-src https://cdn.jsdelivr.net</code> and <code>style-src https://cdn.jsdelivr.net</code>.</p>\n\
<pre><code>&lt;script type=\"module\" src=\"{CDN}/{NAME}@{VERSION}/wellcheck.js\" integrity=\"{integrity}\" crossorigin=\"anonymous\"&gt;&lt;/script&gt;\n\
&lt;wellcheck-questionnaire instrument=\"ucla-3\"&gt;&lt;/wellcheck-questionnaire&gt;</code></pre>\n\
<h2>From your own site</h2>\n\
<p>Upload the folder <code>{NAME}-{VERSION}</code> from <code>{NAME}-{VERSION}.zip</code> as it is, then paste:\n\
Your Content-Security-Policy, if you have one, needs <code>script-src 'self' 'wasm-unsafe-eval'</code>, <code>connect-src 'self'</code> and <code>style-src 'self'</code>.</p>\n\
<pre><code>&lt;script type=\"module\" src=\"/{NAME}-{VERSION}/wellcheck.js\" integrity=\"{integrity}\"&gt;&lt;/script&gt;\n\
&lt;wellcheck-questionnaire instrument=\"ucla-3\"&gt;&lt;/wellcheck-questionnaire&gt;</code></pre>\n\
</body>\n</html>\n"
    )
}

/// Zips `folder`'s files (not its subfolders' structure beyond one level) under `inside/`.
fn zip_folder(folder: &Path, inside: &str, to: &Path) -> Result<()> {
    let file = std::fs::File::create(to).with_context(|| format!("creating {}", to.display()))?;
    let mut zip = zip::ZipWriter::new(file);
    // A fixed time, so the same build gives the same zip.
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    let mut entries: Vec<PathBuf> = walk(folder)?;
    entries.sort();
    for path in entries {
        let relative = path
            .strip_prefix(folder)
            .context("a file outside the folder")?
            .to_string_lossy()
            .replace('\\', "/");
        zip.start_file(format!("{inside}/{relative}"), options)?;
        zip.write_all(&std::fs::read(&path)?)?;
    }
    zip.finish()?;
    Ok(())
}

/// Every file under `folder`.
fn walk(folder: &Path) -> Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    for entry in
        std::fs::read_dir(folder).with_context(|| format!("reading {}", folder.display()))?
    {
        let path = entry?.path();
        if path.is_dir() {
            found.extend(walk(&path)?);
        } else {
            found.push(path);
        }
    }
    Ok(found)
}

/// The package check in `cargo xtask test`: packs from the built `dist/`, then checks what a
/// web editor and a TypeScript user get. `npm pack --dry-run` lists exactly the intended
/// files; the tarball installs with `npm install` into an empty folder, where
/// `tests/package/example.ts` (every option and event) compiles with `tsc --strict`; the
/// zips hold their folders; `SHA256SUMS` and the snippet's integrity hash match the files.
pub fn check(root: &Path, widget: &Path, app: &Path, tsc: &Path) -> Result<()> {
    let artifacts = build(root, widget, app)?;

    let listed = cmd::output(Command::new("npm").current_dir(&artifacts.package).args([
        "pack",
        "--dry-run",
        "--json",
    ]))
    .context("npm pack --dry-run failed")?;
    let listed: serde_json::Value =
        serde_json::from_str(&listed).context("npm pack --dry-run --json")?;
    let mut files: Vec<String> = listed
        .get(0)
        .and_then(|pack| pack.get("files"))
        .and_then(serde_json::Value::as_array)
        .map(|files| {
            files
                .iter()
                .filter_map(|file| file.get("path").and_then(serde_json::Value::as_str))
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    let mut wanted: Vec<String> = PACKAGE_FILES
        .iter()
        .map(|file| (*file).to_owned())
        .chain(["package.json".to_owned()])
        .chain(BROTLI_COPIES.iter().map(|file| format!("{file}.br")))
        .chain(folder_files(widget)?)
        .collect();
    wanted.sort();
    if files != wanted {
        bail!("npm pack lists {files:?}, not exactly {wanted:?}");
    }
    say(format!(
        "npm pack --dry-run lists exactly the {} intended files (with the pre-rendered first pages and the definitions files)",
        files.len()
    ));

    let install = root.join("target/package-check");
    if install.exists() {
        std::fs::remove_dir_all(&install)?;
    }
    std::fs::create_dir_all(&install)?;
    std::fs::write(install.join("package.json"), "{ \"private\": true }\n")?;
    cmd::run(
        Command::new("npm")
            .current_dir(&install)
            .args(["install", "--no-audit", "--no-fund"])
            .arg(&artifacts.tarball),
    )?;
    let installed = installed(root);
    for file in PACKAGE_FILES {
        if !installed.join(file).is_file() {
            bail!("the installed package lacks {file}");
        }
    }
    // Each brotli copy is its file, exactly.
    for file in BROTLI_COPIES {
        let mut unpacked = Vec::new();
        let packed = std::fs::read(installed.join(format!("{file}.br")))
            .with_context(|| format!("the installed package lacks {file}.br"))?;
        brotli::BrotliDecompress(&mut &packed[..], &mut unpacked)
            .with_context(|| format!("{file}.br is not brotli"))?;
        if unpacked != std::fs::read(installed.join(file))? {
            bail!("{file}.br is not a copy of {file}");
        }
    }
    std::fs::copy(
        root.join("tests/package/example.ts"),
        install.join("example.ts"),
    )?;
    std::fs::write(
        install.join("tsconfig.json"),
        serde_json::to_string_pretty(&serde_json::json!({
            "compilerOptions": {
                "strict": true,
                "noEmit": true,
                "target": "es2022",
                "module": "esnext",
                "moduleResolution": "bundler",
                "lib": ["es2022", "dom"],
                "skipLibCheck": false
            },
            "files": ["example.ts"]
        }))?,
    )?;
    say(
        "tsc --strict: the example that uses every option and event, against the installed package",
    );
    cmd::run(
        Command::new(tsc)
            .current_dir(&install)
            .args(["-p", "tsconfig.json"]),
    )?;

    for (zip_path, inside, from) in [
        (
            &artifacts.zip,
            format!("{NAME}-{VERSION}"),
            artifacts.package.clone(),
        ),
        (
            &artifacts.app_zip,
            format!("{NAME}-app-{VERSION}"),
            app.to_path_buf(),
        ),
    ] {
        let mut archive = zip::ZipArchive::new(std::fs::File::open(zip_path)?)?;
        let mut names: Vec<String> = archive.file_names().map(str::to_owned).collect();
        names.sort();
        let mut expected: Vec<String> = walk(&from)?
            .iter()
            .filter_map(|path| path.strip_prefix(&from).ok())
            .map(|relative| format!("{inside}/{}", relative.to_string_lossy().replace('\\', "/")))
            .collect();
        expected.sort();
        if names != expected {
            bail!("{} holds {names:?}, not {expected:?}", zip_path.display());
        }
        let module = format!(
            "{inside}/{}",
            if inside.contains("-app-") {
                "index.html"
            } else {
                "wellcheck.js"
            }
        );
        let mut entry = archive.by_name(&module)?;
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut entry, &mut bytes)?;
        if bytes != std::fs::read(from.join(module.trim_start_matches(&format!("{inside}/"))))? {
            bail!(
                "{module} in {} differs from the built file",
                zip_path.display()
            );
        }
    }

    let sums = std::fs::read_to_string(root.join("target/package/SHA256SUMS"))?;
    for line in sums.lines() {
        let (sum, name) = line.split_once("  ").context("a SHA256SUMS line")?;
        let bytes = std::fs::read(root.join("target/package").join(name))?;
        if format!("{:x}", Sha256::digest(&bytes)) != sum {
            bail!("SHA256SUMS: {name} does not match");
        }
    }
    let snippet = std::fs::read_to_string(root.join("target/package/SNIPPET.html"))?;
    let hash = integrity(&std::fs::read(installed.join("wellcheck.js"))?);
    if snippet.matches(&hash).count() != 2
        || !snippet.contains(&format!("{CDN}/{NAME}@{VERSION}/wellcheck.js"))
    {
        bail!(
            "SNIPPET.html does not carry the installed module's integrity hash and versioned address"
        );
    }
    say("the zips hold their folders, SHA256SUMS and the snippet's integrity hash match");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use xtask::markdown::{code_blocks, editors_section};

    fn read(path: &str) -> String {
        std::fs::read_to_string(workspace_root().join(path)).unwrap_or_default()
    }

    /// The editors' section of the main README gives the release README's snippets word for
    /// word (the end-to-end tests run the release README's), with this version in them.
    #[test]
    fn every_next_steps_key_is_listed_for_editors() {
        let keys = next_steps_keys().unwrap_or_default();
        for id in wellcheck_core::catalogue::ids() {
            assert!(keys.contains(&format!("- `{id}` (")), "{id}: {keys}");
        }
        for key in [
            "`phq-9/total/moderately_severe` (Moderately severe)",
            "`ons4/anxiety`",
            "`evs/minutes_per_week/sufficiently_active`",
        ] {
            assert!(keys.contains(key), "{key}: {keys}");
        }
        let release = read("crates/wellcheck-web/package/README.md");
        assert_eq!(release.matches("NEXT_STEPS_KEYS").count(), 1);
    }

    #[test]
    fn the_main_readme_gives_editors_the_release_readmes_own_snippets() {
        let main = read("README.md");
        let section = editors_section(&main).unwrap_or_default();
        let release = read("crates/wellcheck-web/package/README.md").replace("VERSION", VERSION);
        let ours = code_blocks(section);
        assert!(ours.len() >= 8, "{ours:#?}");
        assert_eq!(ours, code_blocks(&release));
        assert!(section.contains(&format!("wellcheck-{VERSION}.zip")));
        // Every property the stylesheet reads is listed for editors (but the one it sets
        // itself from the person's text size).
        let stylesheet = read("crates/wellcheck-web/style/wellcheck.css");
        let mut properties: Vec<&str> = stylesheet
            .match_indices("var(--wc-")
            .filter_map(|(at, _)| stylesheet[at + 4..].split(')').next())
            .filter(|name| *name != "--wc-r")
            .collect();
        properties.sort_unstable();
        properties.dedup();
        assert!(properties.len() > 10, "{properties:?}");
        for property in properties {
            let listed = format!("`{property}`");
            assert!(
                section.contains(&listed),
                "{property} is not listed for editors"
            );
            assert!(
                release.contains(&listed),
                "{property} is not in the release README"
            );
        }
    }
}
