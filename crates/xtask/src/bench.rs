//! `cargo xtask bench`: the speed and memory figures the project promises, measured on the
//! release build (never asserted by timed tests).
//!
//! - `core`: criterion benchmarks of the core, natively (`crates/wellcheck-interchange/benches/`,
//!   which reaches the kernel and the formats both):
//!   scoring one form, reading and validating a definition, a FHIR Bundle, CSV records.
//! - `csv`: `wellcheck csv` over 1,000,000 generated rows (goal: under 10 s, under 200 MB).
//! - `validate`: `wellcheck validate` over the worst definitions the limits allow, each
//!   just under 1 MB (goal: under 1 s, under 100 MB each).
//! - `report`: `wellcheck report --json` over 100,000 clients, each with a baseline and a
//!   follow-up on the `social-prescribing` battery (goal: under 1 s, under 200 MB).
//! - `app`: the release tablet app in headless Chromium with a caseload of 500 clients of 6
//!   visits each and the CPU slowed four times: unlocking and listing them, one client's
//!   change view, and the outcomes page over all of them (goal: under 1 s each). The driver is `tests/bench/app_unlock.rs`; the caseload is written by the
//!   app's own store code, in a build with the `bench-seed` feature under `target/bench/app`.
//!
//! - `embed`: the embed side by side with SurveyJS and LHC-Forms, the same PHQ-9 in one
//!   headless Chromium (driver `tests/bench/embed_compare.rs`); the peers are installed
//!   from the npm registry into `target/bench/peers` (never committed). It writes
//!   `docs/benchmarks.md`. `BENCH_RUNS=N` changes the runs per page and condition (10).
//!
//! Each command runs in its own process under a small measuring process (`xtask
//! bench-measure`), which reports the wall time and the peak resident memory of exactly
//! that command (`getrusage` of its children).

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use anyhow::{Context, Result, bail};

use crate::cmd::{self, cargo, say};
use crate::workspace_root;
use crate::{dist, lforms, toolchain};

/// One measured run.
struct Measured {
    seconds: f64,
    peak_mb: f64,
}

/// `cargo xtask bench [core] [csv] [validate] [report] [app] [embed]`.
pub fn run(args: &[String]) -> Result<()> {
    let all = ["core", "csv", "validate", "report", "app", "embed"];
    let wanted: Vec<&str> = if args.is_empty() {
        all.to_vec()
    } else {
        args.iter().map(String::as_str).collect()
    };
    if let Some(unknown) = wanted.iter().find(|name| !all.contains(name)) {
        bail!(
            "bench: unknown benchmark `{unknown}` (known: {})",
            all.join(", ")
        );
    }
    cmd::run(cargo().args(["build", "--release", "--package", "wellcheck-cli"]))?;
    let root = workspace_root();
    let cli = root.join("target/release/wellcheck");
    let dir = root.join("target/bench");
    std::fs::create_dir_all(&dir)?;
    let mut report = String::new();
    if wanted.contains(&"core") {
        report.push_str(&core_bench(&root)?);
    }
    if wanted.contains(&"csv") {
        report.push_str(&csv_bench(&cli, &dir)?);
    }
    if wanted.contains(&"validate") {
        report.push_str(&validate_bench(&cli, &dir)?);
    }
    if wanted.contains(&"report") {
        report.push_str(&report_bench(&cli, &dir)?);
    }
    if wanted.contains(&"app") {
        report.push_str(&app_bench(&root, &dir)?);
    }
    if wanted.contains(&"embed") {
        report.push_str(&embed_bench(&root, &dir)?);
    }
    say("results:");
    eprint!("{report}");
    std::fs::write(dir.join("results.txt"), &report)?;
    say(format!("written to {}", dir.join("results.txt").display()));
    Ok(())
}

fn csv_bench(cli: &Path, dir: &Path) -> Result<String> {
    const ROWS: usize = 1_000_000;
    let input = dir.join("forms-1m.csv");
    if !input.exists() {
        say(format!("generating {ROWS} rows in {}", input.display()));
        write_forms(&input, ROWS)?;
    }
    let size_mb = std::fs::metadata(&input)?.len() as f64 / 1e6;
    let output = dir.join("forms-1m-scored.csv");
    let measured = measure(Command::new(cli).arg("csv").arg(&input), Some(&output))?;
    let rows_out = count_lines(&output)?.saturating_sub(1);
    let mut text = String::new();
    writeln!(
        text,
        "csv: {ROWS} rows ({size_mb:.0} MB) -> {rows_out} scored rows in {:.2} s, peak {:.0} MB (goal: under 10 s and 200 MB)",
        measured.seconds, measured.peak_mb
    )?;
    // The scheme's own columns, as many as a 1 MiB header holds: time must grow with the
    // number of columns, not its square (40,000 columns once took 20 s).
    const COLUMNS: usize = 120_000;
    let wide = dir.join("forms-wide.csv");
    write_wide_forms(&wide, COLUMNS, 3)?;
    let measured = measure(
        Command::new(cli).arg("csv").arg(&wide),
        Some(&dir.join("forms-wide-scored.csv")),
    )?;
    writeln!(
        text,
        "csv: 3 rows with {COLUMNS} of the scheme's own columns in {:.2} s, peak {:.0} MB (goal: under 1 s)",
        measured.seconds, measured.peak_mb
    )?;
    Ok(text)
}

/// A few forms with very many of the scheme's own columns.
fn write_wide_forms(path: &Path, columns: usize, rows: usize) -> Result<()> {
    let file = std::fs::File::create(path)?;
    let mut out = std::io::BufWriter::new(file);
    write!(out, "client,date,instrument,answers")?;
    for column in 0..columns {
        write!(out, ",n{column}")?;
    }
    writeln!(out)?;
    for row in 0..rows {
        write!(out, "C{row},2026-01-{:02},ucla-3,\"2,3,2\"", row + 1)?;
        for _ in 0..columns {
            write!(out, ",x")?;
        }
        writeln!(out)?;
    }
    out.flush()?;
    Ok(())
}

/// Forms of several instruments, with a scheme column and some hostile cells.
fn write_forms(path: &Path, rows: usize) -> Result<()> {
    let file = std::fs::File::create(path)?;
    let mut out = std::io::BufWriter::new(file);
    writeln!(out, "client,date,instrument,answers,administration,worker")?;
    let forms = [
        ("ucla-3", "2,3,2"),
        ("phq-9", "1,0,2,0,3,0,1,0,1,1"),
        ("ons4", "7,8,6,3"),
        ("evs", "3,50"),
        ("who-5", "3,3,2,4,1"),
        ("gad-7", "0,1,2,3,0,1,2"),
    ];
    for (row, (instrument, answers)) in forms.iter().cycle().take(rows).enumerate() {
        let day = row % 28 + 1;
        let month = row / 28 % 12 + 1;
        writeln!(
            out,
            "C{:06},2026-{month:02}-{day:02},{instrument},\"{answers}\",self,\"=W{}\"",
            row / 6,
            row % 7
        )?;
    }
    out.flush()?;
    Ok(())
}

fn report_bench(cli: &Path, dir: &Path) -> Result<String> {
    const CLIENTS: usize = 100_000;
    let input = dir.join("clients-100k.csv");
    if !input.exists() {
        say(format!(
            "generating {CLIENTS} clients' baselines and follow-ups in {}",
            input.display()
        ));
        write_clients(&input, CLIENTS)?;
    }
    let size_mb = std::fs::metadata(&input)?.len() as f64 / 1e6;
    let output = dir.join("clients-100k-report.json");
    let measured = measure(
        Command::new(cli).arg("report").arg(&input).arg("--json"),
        Some(&output),
    )?;
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(&output)?)?;
    let paired = json
        .pointer("/funnel/clients_with_follow_up")
        .and_then(serde_json::Value::as_u64)
        .unwrap_or(0);
    let mut text = String::new();
    writeln!(
        text,
        "report: {CLIENTS} clients x 2 social-prescribing forms ({size_mb:.0} MB), {paired} followed up, in {:.2} s, peak {:.0} MB (goal: under 1 s and 200 MB)",
        measured.seconds, measured.peak_mb
    )?;
    Ok(text)
}

/// Each client's baseline then follow-up on the social-prescribing battery (UCLA-3, the ONS
/// direct question, ONS4, EVS), with answers from a fixed pseudo-random sequence so the
/// figures are the same on every run.
fn write_clients(path: &Path, clients: usize) -> Result<()> {
    let file = std::fs::File::create(path)?;
    let mut out = std::io::BufWriter::new(file);
    writeln!(out, "client,date,instrument,answers,worker")?;
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = |range: u64| {
        // xorshift64: deterministic, good enough to spread answers.
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state % range
    };
    for (visit, month) in [(0, 1), (1, 7)] {
        for client in 0..clients {
            let day = client % 28 + 1;
            let lift = visit * next(2);
            let ucla: Vec<String> = (0..3).map(|_| (1 + next(3)).to_string()).collect();
            writeln!(
                out,
                "SP{client:06},2026-{month:02}-{day:02},social-prescribing,\"{},{},{},{},{},{},{},{}\",W{}",
                ucla.join(","),
                1 + next(5),
                (next(9) + lift * 2).min(10),
                (next(9) + lift).min(10),
                next(11),
                next(11),
                next(8),
                next(7) * 10,
                client % 12
            )?;
        }
    }
    out.flush()?;
    Ok(())
}

/// Builds the widget (the test site needs it) and the app with its seeding export, then
/// runs the unlock driver and returns what it printed.
fn app_bench(root: &Path, dir: &Path) -> Result<String> {
    let wasm = toolchain::ensure_wasm()?;
    let bindgen = toolchain::ensure_wasm_bindgen(root)?;
    let browser = toolchain::ensure_browser()?;
    let tools = dist::optional_node_tools(root);
    let widget = dist::build(root, &wasm, &bindgen, tools.as_ref())?;
    let app = dir.join("app");
    say("building the tablet app with its bench-only seeding export");
    dist::build_app_into(
        root,
        &wasm,
        &bindgen,
        tools.as_ref().map(|tools| tools.wasm_opt.as_path()),
        &["bench-seed"],
        &app,
    )?;
    say("seeding 500 clients x 6 visits and timing the unlock (a few minutes)");
    let output = cargo()
        .current_dir(root)
        .args([
            "run",
            "--quiet",
            "--package",
            "wellcheck-e2e",
            "--bin",
            "app-unlock-bench",
        ])
        .env("WELLCHECK_WIDGET_DIR", &widget)
        .env("WELLCHECK_APP_DIR", &app)
        .env("CHROME", &browser.chrome)
        .env("CHROMEDRIVER", &browser.chromedriver)
        .stderr(Stdio::inherit())
        .output()
        .context("running the app unlock benchmark")?;
    if !output.status.success() {
        bail!("the app unlock benchmark failed ({})", output.status);
    }
    let text = String::from_utf8_lossy(&output.stdout);
    Ok(text.lines().map(|line| format!("app: {line}\n")).collect())
}

/// The peers, pinned: what `docs/benchmarks.md` compares against.
const SURVEYJS_VERSION: &str = "2.5.38";

/// SurveyJS's packages in `target/bench/peers/node_modules`, installed when missing.
fn ensure_surveyjs(dir: &Path) -> Result<PathBuf> {
    let peers = dir.join("peers");
    let modules = peers.join("node_modules");
    let installed = ["survey-core", "survey-js-ui"].iter().all(|name| {
        std::fs::read_to_string(modules.join(name).join("package.json"))
            .ok()
            .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
            .is_some_and(|package| {
                package.get("version").and_then(serde_json::Value::as_str) == Some(SURVEYJS_VERSION)
            })
    });
    if !installed {
        say(format!(
            "installing SurveyJS {SURVEYJS_VERSION} (survey-core, survey-js-ui) from the npm registry into {}, as locked in tests/bench/peers",
            peers.display()
        ));
        std::fs::create_dir_all(&peers)?;
        // The committed manifest and lock (exact versions and integrity), installed with
        // `npm ci` into the ignored folder.
        let locked = workspace_root().join("tests/bench/peers");
        for file in ["package.json", "package-lock.json"] {
            std::fs::copy(locked.join(file), peers.join(file))
                .with_context(|| format!("copying tests/bench/peers/{file}"))?;
        }
        cmd::run(Command::new("npm").current_dir(&peers).args([
            "ci",
            "--no-audit",
            "--no-fund",
            "--ignore-scripts",
        ]))?;
    }
    Ok(modules)
}

/// What the benchmark ran on, for the report: cores and CPU model.
fn machine() -> String {
    let cores = std::thread::available_parallelism().map_or(0, std::num::NonZero::get);
    let model = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|text| {
            text.lines()
                .find(|line| line.starts_with("model name"))
                .and_then(|line| line.split(':').nth(1))
                .map(|model| model.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".to_owned());
    format!("{cores} cores, {model}, {}", std::env::consts::OS)
}

/// Today's date (UTC) as `YYYY-MM-DD`.
fn today() -> String {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs() / 86_400);
    wellcheck_core::dates::from_days(i64::try_from(days).unwrap_or(0)).map_or_else(
        String::new,
        |date| {
            format!(
                "{}-{:02}-{:02}",
                date / 10_000,
                date / 100 % 100,
                date % 100
            )
        },
    )
}

fn embed_bench(root: &Path, dir: &Path) -> Result<String> {
    let wasm = toolchain::ensure_wasm()?;
    let bindgen = toolchain::ensure_wasm_bindgen(root)?;
    let browser = toolchain::ensure_browser()?;
    let tools = dist::optional_node_tools(root);
    let widget = dist::build(root, &wasm, &bindgen, tools.as_ref())?;
    let lforms = lforms::ensure(root)?;
    let peers = ensure_surveyjs(dir)?;
    let chromium = Command::new(&browser.chrome)
        .arg("--version")
        .output()
        .map(|output| String::from_utf8_lossy(&output.stdout).trim().to_owned())
        .unwrap_or_default();
    // How wellcheck was built, so the figures say which build they are for.
    let build = std::fs::read_to_string(widget.with_extension("build")).unwrap_or_default();
    let build = format!(
        "{} build, {}",
        build.split_whitespace().collect::<Vec<_>>().join(", "),
        if tools.is_some() {
            "wasm-opt -Oz"
        } else {
            "no wasm-opt"
        }
    );
    let versions = format!(
        "wellcheck {} (this checkout; {build}), SurveyJS {SURVEYJS_VERSION} (survey-core, survey-js-ui), LHC-Forms {} (lforms), {chromium}",
        env!("CARGO_PKG_VERSION"),
        lforms::VERSION
    );
    say("running wellcheck, SurveyJS and LHC-Forms side by side (about 10 minutes)");
    let report = root.join("docs/benchmarks.md");
    let output = cargo()
        .current_dir(root)
        .args([
            "run",
            "--release",
            "--quiet",
            "--package",
            "wellcheck-e2e",
            "--bin",
            "embed-compare-bench",
        ])
        .env("WELLCHECK_WIDGET_DIR", &widget)
        .env("LFORMS_DIST", &lforms)
        .env("BENCH_PEERS_DIR", &peers)
        .env("BENCH_DATA_DIR", dir.join("embed-data"))
        .env("BENCH_REPORT", &report)
        .env("BENCH_VERSIONS", versions)
        .env("BENCH_MACHINE", machine())
        .env("BENCH_DATE", today())
        .env("CHROME", &browser.chrome)
        .env("CHROMEDRIVER", &browser.chromedriver)
        .stderr(Stdio::inherit())
        .output()
        .context("running the side-by-side benchmark")?;
    if !output.status.success() {
        bail!("the side-by-side benchmark failed ({})", output.status);
    }
    let text = String::from_utf8_lossy(&output.stdout);
    Ok(text
        .lines()
        .map(|line| format!("embed: {line}\n"))
        .collect())
}

/// Criterion's figures for the core: each benchmark's name and its time (and throughput).
fn core_bench(root: &Path) -> Result<String> {
    say("criterion benchmarks of the core (a minute or two)");
    let output = cargo()
        .current_dir(root)
        .args([
            "bench",
            "--package",
            "wellcheck-interchange",
            "--bench",
            "scoring",
        ])
        .stderr(Stdio::inherit())
        .output()
        .context("running the core's criterion benchmarks")?;
    if !output.status.success() {
        bail!("the core's criterion benchmarks failed ({})", output.status);
    }
    let text = String::from_utf8_lossy(&output.stdout);
    let mut report = String::new();
    let mut name = String::new();
    for line in text.lines() {
        let trimmed = line.trim();
        if let Some(figures) = trimmed.strip_prefix("time:") {
            writeln!(report, "core: {name}: {} per call", figures.trim())?;
        } else if let Some(figures) = trimmed.strip_prefix("thrpt:") {
            writeln!(report, "core: {name}: {}", figures.trim())?;
        } else if !trimmed.is_empty()
            && !line.starts_with(' ')
            && !trimmed.starts_with("Found")
            && !trimmed.starts_with("Benchmarking")
        {
            // A name, with its time on the same line when it is short.
            match trimmed.split_once("time:") {
                Some((short, figures)) => {
                    name = short.trim().to_owned();
                    writeln!(report, "core: {name}: {} per call", figures.trim())?;
                }
                None => name = trimmed.to_owned(),
            }
        }
    }
    Ok(report)
}

fn count_lines(path: &Path) -> Result<usize> {
    let bytes = std::fs::read(path)?;
    Ok(bytes.iter().filter(|b| **b == b'\n').count())
}

fn validate_bench(cli: &Path, dir: &Path) -> Result<String> {
    let mut text = String::new();
    for (name, definition) in worst_definitions()? {
        let path = dir.join(format!("worst-{name}.json"));
        std::fs::write(&path, &definition)?;
        let measured = measure(Command::new(cli).arg("validate").arg(&path), None)?;
        writeln!(
            text,
            "validate {name} ({} KB): {:.3} s, peak {:.1} MB (goal: under 1 s and 100 MB)",
            definition.len() / 1024,
            measured.seconds,
            measured.peak_mb
        )?;
    }
    Ok(text)
}

/// Definitions at the limits: as many of the widest items and largest tables as fit in
/// just under 1 MB.
#[allow(
    clippy::indexing_slicing,
    reason = "IndexMut on a JSON document of known shape (the EVS definition) built here"
)]
fn worst_definitions() -> Result<Vec<(&'static str, String)>> {
    let base: serde_json::Value = serde_json::from_str(
        wellcheck_core::catalogue::DEFINITIONS
            .iter()
            .find(|(id, _)| *id == "evs")
            .map(|(_, text)| *text)
            .context("the evs definition")?,
    )?;
    let number_items = |count: usize| -> Vec<serde_json::Value> {
        (0..count)
            .map(|n| serde_json::json!({ "id": format!("n_{n}"), "text": "How many?", "number": { "min": -1_000_000_000, "max": 1_000_000_000, "unit": "days" } }))
            .collect()
    };
    let mut sum = base.clone();
    let items = number_items(500);
    let ids: Vec<String> = (0..500).map(|n| format!("n_{n}")).collect();
    sum["items"] = serde_json::Value::Array(items);
    sum["scores"][0]["rule"] = serde_json::json!({ "kind": "sum", "items": ids });
    sum["scores"][0]["bands"]["list"] = (0..1_000)
        .map(|n: i64| {
            let low = -500_000_000_000 + n * 1_000_000_000;
            serde_json::json!({ "id": format!("b_{n}"), "label": "B", "min": low, "max": low + 999_999_999 })
        })
        .collect();
    sum["scores"][0]["bands"]["list"][999]["max"] = serde_json::json!(500_000_000_000_i64);

    let mut choices = base.clone();
    let options: Vec<serde_json::Value> = (0..2_000)
        .map(|n| serde_json::json!({ "value": n * 7, "label": format!("Option {n}") }))
        .collect();
    choices["response_sets"] = serde_json::json!({ "many": options });
    choices["items"] = (0..60)
        .map(|n| serde_json::json!({ "id": format!("c_{n}"), "text": "Which?", "responses": "many" }))
        .collect();
    let ids: Vec<String> = (0..60).map(|n| format!("c_{n}")).collect();
    choices["scores"][0]["rule"] = serde_json::json!({ "kind": "sum", "items": ids });
    choices["scores"][0]["bands"]["list"] =
        serde_json::json!([{ "id": "all", "label": "All", "min": 0, "max": 839_580 }]);

    // 100 scores, each summing all 500 items of 50 overlapping codes: the most exact-set
    // work the limits allow, which the definition's work budget must cut short.
    let mut scores = base.clone();
    let options: Vec<serde_json::Value> = (0..50)
        .map(|n| serde_json::json!({ "value": n, "label": format!("Option {n}") }))
        .collect();
    scores["response_sets"] = serde_json::json!({ "fifty": options });
    scores["items"] = (0..500)
        .map(|n| serde_json::json!({ "id": format!("i_{n}"), "text": "Which?", "responses": "fifty" }))
        .collect();
    let ids: Vec<String> = (0..500).map(|n| format!("i_{n}")).collect();
    let template = scores["scores"][0].clone();
    scores["scores"] = (0..100)
        .map(|n| {
            let mut score = template.clone();
            score["id"] = serde_json::json!(format!("s_{n}"));
            score["rule"] = serde_json::json!({ "kind": "sum", "items": ids });
            score["codes"] = serde_json::Value::Null;
            score["bands"]["list"] =
                serde_json::json!([{ "id": "all", "label": "All", "min": 0, "max": 24_500 }]);
            score
        })
        .collect();

    // 40 counting scores over 500 items that share one set of 2,000 options, every code
    // counted: a shape a reviewer found taking 38 s before response sets were shared.
    let mut counting = choices.clone();
    let ids: Vec<String> = (0..500).map(|n| format!("c_{n}")).collect();
    counting["items"] = ids
        .iter()
        .map(|id| serde_json::json!({ "id": id, "text": "Which?", "responses": "many" }))
        .collect();
    let all_codes: Vec<i64> = (0..2_000).map(|n| n * 7).collect();
    counting["scores"] = (0..40)
        .map(|n| {
            serde_json::json!({
                "id": format!("count_{n}"), "name": "Count", "higher_is": "worse",
                "rule": { "kind": "count_matching", "groups": [{ "items": ids, "values": all_codes }] }
            })
        })
        .collect();

    let mut out = Vec::new();
    for (name, document) in [
        ("500-wide-number-items", sum),
        ("60-items-of-2000-options", choices),
        ("100-scores-over-500-items", scores),
        ("40-counts-over-500-items-of-2000-options", counting),
    ] {
        // Compact, as a hostile file would be: the most content within the size limit.
        let text = serde_json::to_string(&document)?;
        if text.len() > wellcheck_core::definition::MAX_DEFINITION_BYTES {
            bail!(
                "bench definition {name} is {} bytes, over the limit",
                text.len()
            );
        }
        out.push((name, text));
    }
    Ok(out)
}

/// Runs a command under `xtask bench-measure`, its standard output to `stdout` (or
/// discarded), and reads back its wall time and peak memory.
fn measure(command: &mut Command, stdout: Option<&PathBuf>) -> Result<Measured> {
    let xtask = std::env::current_exe().context("finding xtask itself")?;
    let mut measuring = Command::new(xtask);
    measuring
        .arg("bench-measure")
        .arg(stdout.map_or_else(|| PathBuf::from("/dev/null"), Clone::clone))
        .arg(command.get_program())
        .args(command.get_args())
        .stderr(Stdio::inherit());
    let output = measuring
        .output()
        .context("running the measuring process")?;
    if !output.status.success() {
        bail!("the measured command failed ({})", output.status);
    }
    let text = String::from_utf8_lossy(&output.stdout);
    let mut fields = text.split_whitespace().map(str::parse::<f64>);
    match (fields.next(), fields.next()) {
        (Some(Ok(seconds)), Some(Ok(peak_mb))) => Ok(Measured { seconds, peak_mb }),
        _ => bail!("unexpected measurement `{text}`"),
    }
}

/// `xtask bench-measure <stdout file> <program> <args…>`: runs the program once and prints
/// `<seconds> <peak MB>`. Only that one child is ever waited for, so the children's peak
/// is the program's own.
pub fn measure_child(args: &[String]) -> Result<()> {
    let [stdout, program, rest @ ..] = args else {
        bail!("bench-measure needs an output file and a program");
    };
    let started = Instant::now();
    let status = Command::new(program)
        .args(rest)
        .stdout(std::fs::File::create(stdout)?)
        .status()
        .with_context(|| format!("starting {program}"))?;
    let seconds = started.elapsed().as_secs_f64();
    let usage = nix::sys::resource::getrusage(nix::sys::resource::UsageWho::RUSAGE_CHILDREN)?;
    // Linux reports ru_maxrss in kilobytes.
    let peak_mb = usage.max_rss() as f64 / 1024.0;
    // A validation that finds problems exits 1: that is a result, not a failure to measure.
    if status.code().is_none_or(|code| code > 1) {
        bail!("{program} failed ({status})");
    }
    println!("{seconds:.4} {peak_mb:.2}");
    Ok(())
}
