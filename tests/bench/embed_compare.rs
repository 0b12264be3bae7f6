//! The side-by-side benchmark of `cargo xtask bench embed`: the same PHQ-9 rendered by
//! wellcheck's embed (`dist/wellcheck`), SurveyJS (npm `survey-core` + `survey-js-ui`, one
//! question per page) and LHC-Forms (npm `lforms`, wellcheck's exported Questionnaire), in
//! one headless Chromium, served from 127.0.0.1 with gzip.
//!
//! Runs are interleaved (wellcheck, SurveyJS, LHC-Forms, then again), each in a fresh
//! browser with the cache disabled, in two conditions: unthrottled, and the CPU slowed 4x
//! with 400 ms latency and 400 kbit/s each way (DevTools `Emulation.setCPUThrottlingRate`
//! and `Network.emulateNetworkConditions`). A script added before each page's own
//! (`Page.addScriptToEvaluateOnNewDocument`) records, the same way for all three:
//!
//! - bytes on the wire: the page's and every resource's `transferSize`, once the page is
//!   live and settled (wellcheck: after its widget has taken over from the pre-rendered
//!   first page); and of those, the ones whose response ended before the first question was
//!   visible;
//! - first question visible: when the first question's text is first laid out with a size,
//!   looked for in the document and every open shadow root at each animation frame;
//! - blocking time before the first question: the sum over long tasks that start before
//!   that moment of their time over 50 ms (not Lighthouse's window, which runs to
//!   interactive);
//! - click to checked: from clicking "Several days" on question 1 (a script click: no
//!   pointer events) until the page shows it chosen (native `checked`, or SurveyJS's own
//!   checked class), then the next frame and the task after its paint;
//! - Continue to next: from clicking the page's Continue or Next until question 2's text is
//!   visible, then the next frame likewise (LHC-Forms shows every question on one page, so
//!   it has none). Each of the two clicks comes 200 ms plus a random part of a frame after
//!   the page last settled, as a person's would: clicked straight after the frame that
//!   showed the choice (as before 2026-12-06), Continue could not be under one frame.
//! - first choice kept (a run of its own): "Several days" is clicked the moment the first
//!   question is visible; the time, from the start of navigation, until the page's own code
//!   holds it chosen (wellcheck: the live widget, after it has taken over from the
//!   pre-rendered first page; the peers: as above, since they show nothing before their
//!   code runs);
//! - Continue works (a run of its own): "Several days" and then Continue clicked the moment
//!   the first question is visible; the time, from the start of navigation, until question
//!   2's text is visible (LHC-Forms: none).
//!
//! The pages differ where the products do: SurveyJS shows a survey title and repeats the
//! stem under each question; LHC-Forms shows all ten questions, the options with their
//! scores, and the total it computes as an eleventh item, and no stem; wellcheck shows the
//! stem once and "Question 1 of 10".
//!
//! It prints medians with min and max and the ratios, and writes `docs/benchmarks.md`.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a benchmark driver: failing loudly is the point"
)]

use std::fmt::Write as _;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::time::Duration;

use serde_json::{Value, json};
use wellcheck_core::catalogue;
use wellcheck_core::definition::Response;
use wellcheck_e2e::Session;

/// The three pages, in the order runs are interleaved.
const PAGES: [(&str, &str); 3] = [
    ("wellcheck", "/wellcheck.html"),
    ("SurveyJS", "/surveyjs.html"),
    ("LHC-Forms", "/lforms.html"),
];

/// A condition pages are loaded under.
struct Condition {
    name: &'static str,
    /// How many times slower the page's CPU is made.
    cpu: u32,
    /// Added latency (ms) and throughput each way (bytes per second), if throttled.
    network: Option<(u32, u32)>,
}

/// Unthrottled, and an old phone on weak signal.
const CONDITIONS: [Condition; 2] = [
    Condition {
        name: "unthrottled",
        cpu: 1,
        network: None,
    },
    Condition {
        name: "4x CPU, 400 ms, 400 kbit/s",
        cpu: 4,
        network: Some((400, 50_000)),
    },
];

/// PHQ-9's first two questions, as every page shows them.
const FIRST: &str = "Little interest or pleasure in doing things";
const SECOND: &str = "Feeling down, depressed, or hopeless";

/// Runs before each page's own scripts: records long tasks and when the first question is
/// visible, and offers the timed interactions.
const PROBE: &str = r#"
(() => {
  const bench = (window.__bench = { longTasks: [] });
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) bench.longTasks.push([entry.startTime, entry.duration]);
    }).observe({ type: 'longtask', buffered: true });
  } catch (error) { bench.noLongTasks = String(error); }
  const roots = () => {
    const found = [document];
    for (let i = 0; i < found.length; i += 1) {
      for (const element of found[i].querySelectorAll('*')) if (element.shadowRoot) found.push(element.shadowRoot);
    }
    return found;
  };
  bench.visible = (text) => {
    for (const root of roots()) {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (!node.data.includes(text)) continue;
        const box = node.parentElement.getBoundingClientRect();
        if (box.width > 0 && box.height > 0 && getComputedStyle(node.parentElement).visibility !== 'hidden') return node.parentElement;
      }
    }
    return null;
  };
  // A tap (and a Continue) the moment the question shows, as a person who knows the
  // question would: `window.__benchEarly` says which, and how this page shows a choice.
  const early = (plan) => {
    const radio = plan.radio();
    if (!radio) { bench.earlyDone = 'no option to tap'; return; }
    radio.click();
    let done = () => plan.kept(radio);
    if (plan.mode === 'continue') {
      const next = plan.next();
      if (!next) { bench.earlyDone = null; return; }
      next.click();
      done = () => bench.visible(SECOND_TEXT);
    }
    const poll = () => {
      if (done()) bench.earlyDone = performance.now();
      else if (performance.now() > 120000) bench.earlyDone = 'never';
      else requestAnimationFrame(poll);
    };
    poll();
  };
  const watch = () => {
    if (bench.visible(FIRST)) {
      bench.firstVisible = performance.now();
      if (window.__benchEarly) early(window.__benchEarly);
    } else requestAnimationFrame(watch);
  };
  requestAnimationFrame(watch);
  const tick = () => new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(0);
  });
  // Clicks, then lets the page's own update run (at least one task after the click) until
  // `done()` holds; the time in milliseconds, or null after 10 s.
  bench.timed = async (element, done) => {
    const start = performance.now();
    element.click();
    do {
      await tick();
      if (performance.now() - start > 10000) return null;
    } while (!done());
    // Until the change is on screen: the next frame, then the task after its paint.
    await new Promise((resolve) => requestAnimationFrame(resolve));
    await tick();
    return performance.now() - start;
  };
})();
"#;

/// The interactions on each page, as page script: `[click to checked, Continue to next]`.
fn interactions(page: &str) -> String {
    let (radio, checked, next) = match page {
        "wellcheck" => (
            "document.querySelector('wellcheck-questionnaire').shadowRoot.querySelector('input[type=radio][value=\"1\"]')",
            "radio.checked",
            "document.querySelector('wellcheck-questionnaire').shadowRoot.querySelector('[data-wc-action=continue]')",
        ),
        "SurveyJS" => (
            "document.querySelector('input[type=radio][value=\"1\"]')",
            "radio.closest('.sd-item').classList.contains('sd-item--checked')",
            "document.querySelector('.sd-navigation__next-btn')",
        ),
        _ => (
            // As the LHC-Forms e2e test finds an option: by its label, which LHC-Forms may
            // suffix with the option's score ("Several days - 1").
            "[...document.querySelectorAll(\"lhc-item[id='item-little_interest/1'] input[type=radio]\")].find((input) => {
               const label = document.querySelector(`label[for='${input.id}']`) || input.closest('label');
               const text = label && label.textContent.trim();
               return text === 'Several days' || (text && text.startsWith('Several days - '));
             })",
            // LHC-Forms's radios (ng-zorro) show the choice by a class on their label.
            "radio.checked || Boolean(radio.closest('.ant-radio-wrapper-checked'))",
            "null",
        ),
    };
    format!(
        "const done = arguments[arguments.length - 1];
         const FIRST = {FIRST:?}, SECOND = {SECOND:?};
         (async () => {{
           // A person taps, then moves to Continue: each press comes a while after the
           // page last drew, at no particular point of a frame. Pressed straight after a
           // frame, a figure could never be under one frame (16.7 ms), whatever the page
           // did, so each waits 200 ms plus a random part of a frame.
           const pause = () => new Promise((resolve) => setTimeout(resolve, 200 + Math.random() * 16.7));
           await pause();
           const radio = {radio};
           const click = await window.__bench.timed(radio, () => {checked});
           await pause();
           const next = {next};
           const moved = next ? await window.__bench.timed(next, () => window.__bench.visible(SECOND)) : null;
           done([click, moved]);
         }})().catch((error) => done(['error', String(error)]));"
    )
}

/// The early-interaction plan for a page (`mode`: `choice` or `continue`), as a script run
/// before the page's own: how to find "Several days", when the page's own code holds it
/// chosen, and its Continue.
fn early_plan(page: &str, mode: &str) -> String {
    let (radio, kept, next) = match page {
        "wellcheck" => (
            "document.querySelector('wellcheck-questionnaire')?.shadowRoot?.querySelector('input[type=radio][value=\"1\"]')",
            // The live widget's radio, once no pre-rendered first page is left.
            "(() => { const root = document.querySelector('wellcheck-questionnaire').shadowRoot;
                      return !root.querySelector('[data-wc-first-page]') && Boolean(root.querySelector('input[type=radio][value=\"1\"]')?.checked); })()",
            "document.querySelector('wellcheck-questionnaire').shadowRoot.querySelector('[data-wc-action=continue]')",
        ),
        "SurveyJS" => (
            "document.querySelector('input[type=radio][value=\"1\"]')",
            "radio.closest('.sd-item').classList.contains('sd-item--checked')",
            "document.querySelector('.sd-navigation__next-btn')",
        ),
        _ => (
            "[...document.querySelectorAll(\"lhc-item[id='item-little_interest/1'] input[type=radio]\")].find((input) => {
               const label = document.querySelector(`label[for='${input.id}']`) || input.closest('label');
               const text = label && label.textContent.trim();
               return text === 'Several days' || (text && text.startsWith('Several days - '));
             })",
            "radio.checked || Boolean(radio.closest('.ant-radio-wrapper-checked'))",
            "null",
        ),
    };
    format!(
        "window.__benchEarly = {{
           mode: {mode:?},
           radio: () => {radio},
           kept: (radio) => {kept},
           next: () => {next},
         }};"
    )
}

/// One run's figures.
#[derive(Debug, Clone, Default)]
struct Run {
    bytes: f64,
    bytes_before_first: f64,
    first_visible_ms: f64,
    blocking_ms: f64,
    click_ms: Option<f64>,
    next_ms: Option<f64>,
    choice_kept_ms: Option<f64>,
    continue_works_ms: Option<f64>,
}

/// What a run measures: the page's load and the settled interactions, or one of the two
/// early interactions (`choice`, `continue`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Settled,
    Early(&'static str),
}

async fn one_run(
    base: &str,
    page: &str,
    path: &str,
    cpu: u32,
    network: Option<(u32, u32)>,
    kind: Kind,
) -> Run {
    // Nothing of the site opened first: a page with the same WebAssembly would leave it
    // compiled in the browser, and wellcheck would start warm.
    let session = Session::start_blank(360, 740).await;
    session.cdp("Network.enable", json!({})).await;
    session.cdp("Network.clearBrowserCache", json!({})).await;
    session
        .cdp("Network.setCacheDisabled", json!({ "cacheDisabled": true }))
        .await;
    // The probe looks for the first question by its text.
    let probe = PROBE
        .replace("SECOND_TEXT", &format!("{SECOND:?}"))
        .replace("FIRST", &format!("{FIRST:?}"));
    if let Kind::Early(mode) = kind {
        session
            .cdp(
                "Page.addScriptToEvaluateOnNewDocument",
                json!({ "source": early_plan(page, mode) }),
            )
            .await;
    }
    session
        .cdp(
            "Page.addScriptToEvaluateOnNewDocument",
            json!({ "source": probe }),
        )
        .await;
    if let Some((latency, bytes_per_second)) = network {
        session
            .cdp(
                "Network.emulateNetworkConditions",
                json!({
                    "offline": false,
                    "latency": latency,
                    "downloadThroughput": bytes_per_second,
                    "uploadThroughput": bytes_per_second,
                }),
            )
            .await;
    }
    if cpu > 1 {
        session
            .cdp("Emulation.setCPUThrottlingRate", json!({ "rate": cpu }))
            .await;
    }
    session.open_url(&format!("{base}{path}")).await;
    let started = std::time::Instant::now();
    loop {
        let seen = session
            .js("return window.__bench && window.__bench.firstVisible;")
            .await;
        if seen.is_number() {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "{page}: the first question never became visible"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    if let Kind::Early(mode) = kind {
        let started = std::time::Instant::now();
        let done = loop {
            let done = session
                .js("return window.__bench.earlyDone === undefined ? false : [window.__bench.earlyDone];")
                .await;
            if done != Value::Bool(false) {
                break done[0].clone();
            }
            assert!(
                started.elapsed() < Duration::from_secs(130),
                "{page}: the early {mode} never finished"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        };
        assert!(
            done.is_number() || done.is_null(),
            "{page}: the early {mode}: {done}"
        );
        session.close().await;
        let ms = done.as_f64();
        return Run {
            choice_kept_ms: ms.filter(|_| mode == "choice"),
            continue_works_ms: ms.filter(|_| mode == "continue"),
            ..Run::default()
        };
    }
    // wellcheck shows its pre-rendered first page before the widget is live: the settled
    // figures (bytes, click, Continue) are taken once the widget has taken over.
    if page == "wellcheck" {
        let started = std::time::Instant::now();
        while session
            .js("return Boolean(document.querySelector('wellcheck-questionnaire').shadowRoot.querySelector('[data-wc-first-page]'));")
            .await
            == Value::Bool(true)
        {
            assert!(
                started.elapsed() < Duration::from_secs(120),
                "{page}: the widget never took over from the first page"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
    // Let late requests finish and the page settle before counting and clicking.
    tokio::time::sleep(Duration::from_millis(if network.is_some() {
        3000
    } else {
        1000
    }))
    .await;
    let figures = session
        .js(
            "const bench = window.__bench;
             const entries = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')];
             const blocking = bench.longTasks
               .filter(([start]) => start < bench.firstVisible)
               .reduce((sum, [, duration]) => sum + Math.max(0, duration - 50), 0);
             const before = entries.filter((e) => e.responseEnd <= bench.firstVisible);
             return { bytes: entries.reduce((sum, e) => sum + (e.transferSize || 0), 0), bytesBefore: before.reduce((sum, e) => sum + (e.transferSize || 0), 0), first: bench.firstVisible, blocking };",
        )
        .await;
    let timed: Value = session
        .client
        .execute_async(&interactions(page), vec![])
        .await
        .unwrap_or_else(|error| panic!("{page}: the interactions failed: {error}"));
    assert_ne!(timed[0], "error", "{page}: {timed}");
    // Every page has a first question to click; all but LHC-Forms have a Continue. A figure
    // that timed out is a broken page, not a missing number.
    assert!(
        timed[0].is_number(),
        "{page}: clicking an option never showed it chosen: {timed}"
    );
    assert!(
        page == "LHC-Forms" || timed[1].is_number(),
        "{page}: Continue never showed question 2: {timed}"
    );
    session.close().await;
    Run {
        bytes: figures["bytes"].as_f64().unwrap(),
        bytes_before_first: figures["bytesBefore"].as_f64().unwrap(),
        first_visible_ms: figures["first"].as_f64().unwrap(),
        blocking_ms: figures["blocking"].as_f64().unwrap(),
        click_ms: timed[0].as_f64(),
        next_ms: timed[1].as_f64(),
        ..Run::default()
    }
}

/// PHQ-9 for SurveyJS: the definition's own wording, options and stem, one question per
/// page, every question but the optional last required, as wellcheck asks them.
fn surveyjs_phq9() -> Value {
    let instrument = catalogue::get("phq-9").unwrap();
    let elements: Vec<Value> = instrument
        .items()
        .iter()
        .map(|item| {
            let choices: Vec<Value> = match item.response() {
                Response::Choice { options, .. } => options
                    .iter()
                    .map(|option| json!({ "value": option.value(), "text": option.label() }))
                    .collect(),
                Response::Number { .. } => Vec::new(),
            };
            json!({
                "type": "radiogroup",
                "name": item.id(),
                "title": item.text(),
                "description": instrument.instructions(),
                "isRequired": !item.is_optional(),
                "choices": choices,
            })
        })
        .collect();
    json!({
        "title": instrument.name(),
        "questionsOnPageMode": "questionPerPage",
        "showQuestionNumbers": "on",
        "pages": [{ "name": "questions", "elements": elements }],
    })
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    }
}

/// `median (min–max)` of some runs' figure, or `n/a`.
fn summary(
    runs: &[Run],
    figure: impl Fn(&Run) -> Option<f64>,
    scale: f64,
    unit: &str,
) -> (Option<f64>, String) {
    let mut values: Vec<f64> = runs.iter().filter_map(&figure).map(|v| v / scale).collect();
    if values.is_empty() {
        return (None, "n/a".into());
    }
    let (min, max) = values
        .iter()
        .fold((f64::MAX, f64::MIN), |(lo, hi), v| (lo.min(*v), hi.max(*v)));
    let mid = median(&mut values);
    let digits = if scale > 1.0 && unit == "s" { 2 } else { 1 };
    (
        Some(mid),
        format!("{mid:.digits$} {unit} ({min:.digits$}–{max:.digits$})"),
    )
}

#[tokio::main]
async fn main() {
    let runs: usize = match std::env::var("BENCH_RUNS") {
        Err(_) => 10,
        Ok(text) => match text.trim().parse() {
            Ok(n) if n > 0 => n,
            _ => panic!("BENCH_RUNS must be a whole number of runs, 1 or more (not `{text}`)"),
        },
    };
    let env_path = |name: &str| {
        PathBuf::from(
            std::env::var_os(name)
                .unwrap_or_else(|| panic!("{name} is set by cargo xtask bench embed")),
        )
    };
    let pages = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("bench/pages");
    let data = env_path("BENCH_DATA_DIR");
    std::fs::create_dir_all(&data).unwrap();
    std::fs::write(
        data.join("phq9-surveyjs.js"),
        format!("window.PHQ9_SURVEY = {};\n", surveyjs_phq9()),
    )
    .unwrap();
    let questionnaire =
        wellcheck_interchange::fhir::questionnaire(&catalogue::get("phq-9").unwrap());
    std::fs::write(
        data.join("phq9-questionnaire.js"),
        format!("window.PHQ9_QUESTIONNAIRE = {questionnaire};\n"),
    )
    .unwrap();
    let (address, _server) = xtask::site::spawn_gzip(
        &[
            ("/", pages),
            ("/data", data),
            ("/wellcheck", env_path("WELLCHECK_WIDGET_DIR")),
            ("/peers", env_path("BENCH_PEERS_DIR")),
            ("/lforms", env_path("LFORMS_DIST")),
        ],
        SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
    )
    .await
    .expect("serving the benchmark pages");
    let base = format!("http://{address}");

    let mut report = String::new();
    for Condition {
        name: condition,
        cpu,
        network,
    } in CONDITIONS
    {
        let mut results: Vec<Vec<Run>> = vec![Vec::new(); PAGES.len()];
        for round in 0..runs {
            // Each page follows each of the others in turn.
            for step in 0..PAGES.len() {
                let index = (round + step) % PAGES.len();
                let (page, path) = PAGES[index];
                let mut run = one_run(&base, page, path, cpu, network, Kind::Settled).await;
                let choice = one_run(&base, page, path, cpu, network, Kind::Early("choice")).await;
                let next = one_run(&base, page, path, cpu, network, Kind::Early("continue")).await;
                run.choice_kept_ms = choice.choice_kept_ms;
                run.continue_works_ms = next.continue_works_ms;
                eprintln!(
                    "{condition}, run {}: {page}: {:.0} B, first question {:.0} ms, TBT {:.0} ms, click {:?} ms, next {:?} ms, first choice kept {:?} ms, Continue works {:?} ms",
                    round + 1,
                    run.bytes,
                    run.first_visible_ms,
                    run.blocking_ms,
                    run.click_ms,
                    run.next_ms,
                    run.choice_kept_ms,
                    run.continue_works_ms
                );
                results[index].push(run);
            }
        }
        writeln!(
            report,
            "\n### {condition} ({runs} runs of each page, interleaved)\n"
        )
        .unwrap();
        writeln!(report, "| | {} |", PAGES.map(|(page, _)| page).join(" | ")).unwrap();
        writeln!(report, "|---|{}", "---|".repeat(PAGES.len())).unwrap();
        let mut medians: Vec<(&str, Vec<Option<f64>>)> = Vec::new();
        for (name, figure, scale, unit) in [
            (
                "bytes on the wire",
                (|run: &Run| Some(run.bytes)) as fn(&Run) -> Option<f64>,
                1024.0,
                "KiB",
            ),
            (
                "bytes before the first question is visible",
                |run: &Run| Some(run.bytes_before_first),
                1024.0,
                "KiB",
            ),
            (
                "first question visible",
                |run: &Run| Some(run.first_visible_ms),
                1000.0,
                "s",
            ),
            (
                "first choice kept (tapped at once)",
                |run: &Run| run.choice_kept_ms,
                1000.0,
                "s",
            ),
            (
                "Continue works (pressed at once)",
                |run: &Run| run.continue_works_ms,
                1000.0,
                "s",
            ),
            (
                "blocking time before the first question",
                |run: &Run| Some(run.blocking_ms),
                1.0,
                "ms",
            ),
            ("click to checked", |run: &Run| run.click_ms, 1.0, "ms"),
            (
                "Continue to next question",
                |run: &Run| run.next_ms,
                1.0,
                "ms",
            ),
        ] {
            let cells: Vec<(Option<f64>, String)> = results
                .iter()
                .map(|runs| summary(runs, figure, scale, unit))
                .collect();
            writeln!(
                report,
                "| {name} | {} |",
                cells
                    .iter()
                    .map(|(_, text)| text.as_str())
                    .collect::<Vec<_>>()
                    .join(" | ")
            )
            .unwrap();
            medians.push((name, cells.into_iter().map(|(m, _)| m).collect()));
        }
        writeln!(report).unwrap();
        for (name, values) in &medians {
            // A ratio to nothing (a peer's median of 0, or no figure) is not given.
            let ratio = |theirs: Option<f64>| match (values[0], theirs) {
                (Some(ours), Some(theirs)) if theirs > 0.0 => format!("{:.2}", ours / theirs),
                _ => "n/a".to_owned(),
            };
            writeln!(
                report,
                "- {name}: wellcheck / SurveyJS = {}; wellcheck / LHC-Forms = {}",
                ratio(values[1]),
                ratio(values[2])
            )
            .unwrap();
        }
    }
    let versions = std::env::var("BENCH_VERSIONS").unwrap_or_default();
    let machine = std::env::var("BENCH_MACHINE").unwrap_or_default();
    let date = std::env::var("BENCH_DATE").unwrap_or_default();
    let document = format!(
        "# Benchmarks\n\nWritten by `cargo xtask bench embed` on {date}. Do not edit by hand: run it again.\n\n\
         The same PHQ-9 in three embeds, each page served from 127.0.0.1 with gzip and loaded\n\
         with a cold cache in a fresh headless Chromium at 360x740, runs interleaved. The\n\
         driver is `tests/bench/embed_compare.rs`; its opening comment says how each figure is\n\
         taken. Figures are medians, with the smallest and largest run in brackets; a ratio\n\
         below 1 means wellcheck is smaller or faster.\n\n\
         - Machine: {machine}\n- Versions: {versions}\n{report}"
    );
    let out = env_path("BENCH_REPORT");
    std::fs::write(&out, document).unwrap();
    print!("{report}");
    eprintln!("written to {}", out.display());
}
