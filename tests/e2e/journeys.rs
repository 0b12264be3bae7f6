//! Every instrument, the battery, the Welsh interface and single-page mode, completed with
//! the keyboard alone at tablet and phone sizes. On every screen: axe-core finds no WCAG 2.2
//! A/AA violation, targets are at least 44x44, nothing scrolls sideways, and focus is where
//! a screen-reader user expects (the new page's heading, or the error summary). At the end
//! the `wellcheck-complete` detail must equal what the CLI prints for the same answers, and
//! the result must read as issue 12 asks: the heading names the questionnaire and the date;
//! each banded score lists every group with the person's marked (in Welsh too, from the
//! result words); a one-question measure shows the answer given, never its code. A
//! screenshot of each result is kept in `target/screenshots/result-*.png` to be looked at.

use fantoccini::key::Key;
use serde_json::Value;
use wellcheck_core::catalogue;
use wellcheck_core::definition::{LicenceClass, ScoreRule};
use wellcheck_e2e::{Session, WIDGET_ROOT, fake_licensed_text, wellcheck};

/// What to open: the query string of `/try.html`, and the CLI id to compare with.
struct Case {
    query: String,
    cli_id: String,
}

fn cases() -> Vec<Case> {
    let mut cases: Vec<Case> = catalogue::ids()
        .map(|id| Case {
            query: format!("instrument={id}"),
            cli_id: id.to_owned(),
        })
        .collect();
    cases.push(Case {
        query: "battery=social-prescribing".into(),
        cli_id: "social-prescribing".into(),
    });
    // Every questionnaire in Welsh too: the interface, score names, groups and sentences.
    cases.extend(catalogue::ids().map(|id| Case {
        query: format!("instrument={id}&language=cy"),
        cli_id: id.to_owned(),
    }));
    cases.push(Case {
        query: "battery=social-prescribing&language=cy".into(),
        cli_id: "social-prescribing".into(),
    });
    cases.push(Case {
        query: "instrument=phq-9&mode=single-page".into(),
        cli_id: "phq-9".into(),
    });
    cases.push(Case {
        query: "instrument=gppaq&mode=single-page&theme=plain".into(),
        cli_id: "gppaq".into(),
    });
    // While working on one journey: WELLCHECK_E2E_ONLY=<part of the query>.
    if let Ok(only) = std::env::var("WELLCHECK_E2E_ONLY") {
        cases.retain(|case| case.query.contains(&only));
    }
    cases
}

/// A varied but repeatable choice: the option index for the n-th question answered.
fn pick(n: usize, count: usize) -> usize {
    (n * 3 + 1) % count
}

#[tokio::test]
async fn every_journey_by_keyboard_at_tablet_size() {
    run_all(1024, 768).await;
}

#[tokio::test]
async fn every_journey_by_keyboard_at_phone_size() {
    run_all(360, 740).await;
}

async fn run_all(width: u32, height: u32) {
    let session = Session::start(width, height).await;
    let mut problems = Vec::new();
    for case in cases() {
        let started = std::time::Instant::now();
        let found = run_case(&session, &case).await;
        eprintln!(
            "journey {} at {width}x{height}: {} problem(s) in {:.1} s",
            case.query,
            found.len(),
            started.elapsed().as_secs_f64()
        );
        problems.extend(
            found
                .into_iter()
                .map(|problem| format!("[{} at {width}x{height}] {problem}", case.query)),
        );
    }
    session.close().await;
    assert!(
        problems.is_empty(),
        "{} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// Answers recorded per questionnaire by item position, for the CLI.
type Recorded = Vec<Vec<Option<i64>>>;

async fn run_case(session: &Session, case: &Case) -> Vec<String> {
    let mut problems = Vec::new();
    session
        .open(&format!("/try.html?{}&resume=off", case.query))
        .await;
    session.wait_for_widget().await;
    session
        .js("window.received = []; document.addEventListener('wellcheck-complete', (e) => window.received.push(e.detail)); return true;")
        .await;
    // Licensed instruments get (obviously fake) wording through the host API.
    if let Ok(instrument) = catalogue::get(&case.cli_id)
        && instrument.licence() == LicenceClass::Licensed
    {
        let text = fake_licensed_text(&case.cli_id);
        session
            .js(&format!("document.querySelector('wellcheck-questionnaire').configure({{ licensedText: {text} }}); return true;"))
            .await;
        session
            .wait_for(&format!("{WIDGET_ROOT}?.querySelector('.wc-item-text')"))
            .await;
    }
    let forms = match catalogue::battery(&case.cli_id) {
        Ok(battery) => battery
            .instruments()
            .iter()
            .map(|id| catalogue::get(id).unwrap().items().len())
            .collect(),
        Err(_) => vec![catalogue::get(&case.cli_id).unwrap().items().len()],
    };
    let mut recorded: Recorded = forms.iter().map(|count| vec![None; *count]).collect();

    let (down, space, enter): (char, char, char) = (Key::Down.into(), ' ', Key::Enter.into());
    let mut answered = 0;
    let mut first = true;
    for step in 0..80 {
        let page = session.widget_page().await;
        let kind = page["kind"].as_str().unwrap_or("none").to_owned();
        let here = format!("step {step} ({kind} {}:{})", page["form"], page["item"]);
        if !first {
            let focus = session.focused().await;
            if !focus.starts_with("heading:") {
                problems.push(format!(
                    "{here}: focus is on `{focus}`, not the new page's heading"
                ));
            }
        }
        check_screen(session, &here, &mut problems).await;

        match kind.as_str() {
            "question" | "form" => {
                if first {
                    // Continue with nothing answered: the error summary takes focus.
                    session.tab_to("button:continue").await;
                    session.press(&[enter]).await;
                    session
                        .wait_for(&format!(
                            "{WIDGET_ROOT}?.querySelector('[data-wc-error-summary]')"
                        ))
                        .await;
                    let focus = session.focused().await;
                    if focus != "error-summary" {
                        problems.push(format!(
                            "{here}: after an empty Continue focus is on `{focus}`"
                        ));
                    }
                    check_screen(session, &format!("{here} with errors"), &mut problems).await;
                }
                let form = page["form"].as_u64().unwrap_or(0) as usize;
                let controls = page["controls"].as_array().cloned().unwrap_or_default();
                for control in controls {
                    let item = control_item(session, &control).await;
                    match control["type"].as_str() {
                        Some("radio") => {
                            let values: Vec<i64> = control["values"]
                                .as_array()
                                .unwrap()
                                .iter()
                                .filter_map(Value::as_i64)
                                .collect();
                            let name = control["name"].as_str().unwrap();
                            session.tab_to(&format!("radio:{name}:")).await;
                            let index = pick(answered, values.len());
                            if index == 0 {
                                session.press(&[space]).await;
                            } else {
                                session.press(&vec![down; index]).await;
                            }
                            let focus = session.focused().await;
                            let expected = format!("radio:{name}:{}", values[index]);
                            if focus != expected {
                                problems.push(format!(
                                    "{here}: arrow keys reached `{focus}`, expected `{expected}`"
                                ));
                            }
                            recorded[form][item] = Some(values[index]);
                        }
                        Some("number") => {
                            let (min, max) = (
                                control["min"].as_i64().unwrap(),
                                control["max"].as_i64().unwrap(),
                            );
                            let value = min + (answered as i64 * 3 + 1) % (max - min + 1).min(10);
                            session
                                .tab_to(&format!("number:{}", control["id"].as_str().unwrap()))
                                .await;
                            let digits: Vec<char> = value.to_string().chars().collect();
                            session.press(&digits).await;
                            recorded[form][item] = Some(value);
                        }
                        _ => problems.push(format!("{here}: unknown control {control}")),
                    }
                    answered += 1;
                }
                session.tab_to("button:continue").await;
                session.press(&[enter]).await;
            }
            "check" => {
                session.tab_to("button:see-result").await;
                session.press(&[enter]).await;
            }
            "result" => {
                compare_with_cli(session, case, &recorded, &mut problems).await;
                check_result(session, case, &mut problems).await;
                let size = session.js("return `${innerWidth}x${innerHeight}`;").await;
                let name = case.query.replace(['=', '&'], "-");
                session
                    .screenshot_full_page(&format!(
                        "result-{name}-{}",
                        size.as_str().unwrap_or_default()
                    ))
                    .await;
                return problems;
            }
            other => {
                problems.push(format!("{here}: unexpected page `{other}`"));
                return problems;
            }
        }
        first = false;
        // Wait for the page to change before looking again.
        let started = std::time::Instant::now();
        loop {
            let now = session.widget_page().await;
            if now != page && now["kind"] != "none" {
                break;
            }
            if started.elapsed() > std::time::Duration::from_secs(5) {
                problems.push(format!(
                    "{here}: the page did not change after pressing the button"
                ));
                return problems;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
    }
    problems.push("the journey did not finish in 80 steps".into());
    problems
}

/// The item position of a control: its name or id is `wc-<form>-<item id>`, and the
/// catalogue knows each instrument's item order.
async fn control_item(session: &Session, control: &Value) -> usize {
    let key = control["name"]
        .as_str()
        .or(control["id"].as_str())
        .unwrap_or_default();
    let mut parts = key.splitn(3, '-').skip(1);
    let form: usize = parts.next().and_then(|form| form.parse().ok()).unwrap_or(0);
    let item_id = parts.next().unwrap_or_default();
    let subject = session
        .js("const el = document.querySelector('wellcheck-questionnaire'); return el.getAttribute('battery') || el.getAttribute('instrument');")
        .await;
    let subject = subject.as_str().unwrap_or_default().to_owned();
    let instrument_id = match catalogue::battery(&subject) {
        Ok(battery) => battery.instruments()[form].clone(),
        Err(_) => subject,
    };
    catalogue::get(&instrument_id)
        .unwrap()
        .item_index(item_id)
        .unwrap()
}

async fn check_screen(session: &Session, here: &str, problems: &mut Vec<String>) {
    for violation in session.axe_violations().await {
        problems.push(format!("{here}: axe: {violation}"));
    }
    for problem in session.layout_problems().await {
        problems.push(format!("{here}: {problem}"));
    }
}

async fn compare_with_cli(
    session: &Session,
    case: &Case,
    recorded: &Recorded,
    problems: &mut Vec<String>,
) {
    session.wait_for("window.received.length === 1").await;
    let detail = session.js("return window.received[0];").await;
    let answers: Vec<String> = recorded
        .iter()
        .flatten()
        .map(|value| value.map_or_else(|| "-".to_owned(), |v| v.to_string()))
        .collect();
    let output = wellcheck(&[
        "score",
        &case.cli_id,
        "--answers",
        &answers.join(","),
        "--json",
    ]);
    if !output.status.success() {
        problems.push(format!(
            "CLI refused {}: {}",
            answers.join(","),
            String::from_utf8_lossy(&output.stderr)
        ));
        return;
    }
    let mut expected: Value = serde_json::from_slice(&output.stdout).unwrap();
    // The widget's licensed instruments carry the host's licence reference; the CLI has no text.
    strip_licence_reference(&mut expected);
    let mut got = detail.clone();
    strip_licence_reference(&mut got);
    if got != expected {
        problems.push(format!(
            "event detail differs from the CLI for {}:\n  widget: {got}\n  cli:    {expected}",
            answers.join(",")
        ));
    }
}

/// The result page as a patient reads it, checked against the `wellcheck-complete` detail
/// and the core's definitions and result words.
async fn check_result(session: &Session, case: &Case, problems: &mut Vec<String>) {
    let welsh = case.query.contains("language=cy");
    let detail = session.js("return window.received[0];").await;
    let results: Vec<Value> = match detail.get("results") {
        Some(Value::Array(list)) => list.clone(),
        _ => vec![detail.clone()],
    };
    let page = session
        .js(&format!(
            "const root = {WIDGET_ROOT};
             const heading = root.querySelector('[data-wc-result-for]')?.textContent ?? '';
             const scores = [...root.querySelectorAll('[data-wc-report] [data-wc-score]')].map((score) => ({{
               instrument: score.closest('[data-wc-report]').dataset.wcReport,
               score: score.dataset.wcScore,
               text: score.textContent,
               bands: [...score.querySelectorAll('[data-wc-band]')].map((band) => band.dataset.wcBand),
               marked: [...score.querySelectorAll('[data-wc-band][aria-current=true]')].map((band) => [band.dataset.wcBand, band.querySelector('.wc-scale-label').textContent, band.textContent]),
               saidText: score.querySelector('[data-wc-you-said]')?.textContent ?? null,
             }}));
             const titles = Object.fromEntries([...root.querySelectorAll('[data-wc-report]')].map((report) => [report.dataset.wcReport, report.querySelector('.wc-report-title')?.textContent ?? '']));
             return {{ heading, year: String(new Date().getFullYear()), scores, titles }};"
        ))
        .await;
    let heading = page["heading"].as_str().unwrap_or_default();
    if !heading.contains(page["year"].as_str().unwrap_or("?")) {
        problems.push(format!(
            "result heading `{heading}` does not give today's date"
        ));
    }
    let shown = page["scores"].as_array().cloned().unwrap_or_default();
    for result in &results {
        let id = result["instrument"].as_str().unwrap_or_default();
        let instrument = catalogue::get(id).unwrap();
        // One questionnaire is named in the page's heading; each of a battery's over its
        // own scores, by its plain title and its published name.
        let own_title = page["titles"][id].as_str().unwrap_or_default();
        let named = if results.len() == 1 {
            heading.contains(instrument.name())
        } else {
            own_title.contains(instrument.name())
                && wellcheck_core::result_words::title(id).is_some_and(|title| {
                    own_title.contains(if welsh { &title.cy } else { &title.en })
                })
        };
        if !named {
            problems.push(format!(
                "the result does not name {} (heading `{heading}`, title `{own_title}`)",
                instrument.short_name()
            ));
        }
        for (position, definition) in instrument.scores().iter().enumerate() {
            // A raw total another score converts is not shown to the person (one number each).
            let feeds_another = instrument.scores().iter().any(|score| {
                matches!(score.rule(), ScoreRule::Multiply { score, .. } | ScoreRule::Lookup { score, .. } if *score == position)
            });
            if feeds_another {
                continue;
            }
            let entry = &result["scores"][definition.id()];
            let place = format!("{id}.{}", definition.id());
            let Some(score) = shown
                .iter()
                .find(|s| s["instrument"] == id && s["score"] == definition.id())
            else {
                problems.push(format!("{place}: not shown on the result page"));
                continue;
            };
            let text = score["text"].as_str().unwrap_or_default();
            let words = wellcheck_core::result_words::for_score(id, definition.id()).unwrap();
            let name = if welsh {
                words.name_cy.as_str()
            } else {
                definition.name()
            };
            if !text.contains(name) {
                problems.push(format!("{place}: the score's name `{name}` is not shown"));
            }
            if let (Some(banding), Some(band)) = (definition.banding(), entry["band"].as_str()) {
                let expected: Vec<&str> = banding.bands().iter().map(|b| b.id()).collect();
                if score["bands"] != serde_json::json!(expected) {
                    problems.push(format!(
                        "{place}: groups shown {} instead of {expected:?}",
                        score["bands"]
                    ));
                }
                let label = if welsh {
                    words.band(band).unwrap().label_cy.clone()
                } else {
                    banding
                        .bands()
                        .iter()
                        .find(|b| b.id() == band)
                        .unwrap()
                        .label()
                        .to_owned()
                };
                let marker = if welsh {
                    "Eich canlyniad"
                } else {
                    "Your result"
                };
                let marked = &score["marked"];
                let ok = marked.as_array().is_some_and(|m| {
                    m.len() == 1
                        && m[0][0] == band
                        && m[0][1] == label.as_str()
                        && m[0][2].as_str().is_some_and(|t| t.contains(marker))
                });
                if !ok {
                    problems.push(format!("{place}: expected only `{band}` ({label}) marked \"{marker}\", got {marked}"));
                }
            }
            // A category from a table (GPPAQ) is its group, never shown as a number.
            if matches!(definition.rule(), ScoreRule::Matrix { .. })
                && (text.contains("Your score")
                    || text.contains("Eich sgôr")
                    || text.contains("score is better")
                    || text.contains("yn well"))
            {
                problems.push(format!("{place}: a category is shown as a score: {text}"));
            }
            // A one-question measure with labelled answers shows the answer, not its code.
            if let ScoreRule::Item { item } = definition.rule() {
                let item = &instrument.items()[*item];
                let code = entry["value"].as_i64();
                if let Some(label) = code
                    .and_then(|code| item.option(code))
                    .and_then(|o| o.label())
                {
                    let said = score["saidText"].as_str().unwrap_or_default();
                    if !said.ends_with(label) {
                        problems.push(format!(
                            "{place}: shows `{said}`, not the answer given (`{label}`)"
                        ));
                    }
                    let words_only = item.options().iter().all(|option| {
                        option
                            .label()
                            .is_some_and(|label| !label.starts_with(|c: char| c.is_ascii_digit()))
                    });
                    if words_only && (text.contains("score is better") || text.contains("yn well"))
                    {
                        problems.push(format!(
                            "{place}: answers in words are given a direction in numbers: {text}"
                        ));
                    }
                    if text.contains("Your score") || text.contains("Eich sgôr") {
                        problems.push(format!(
                            "{place}: a one-question measure is shown as a score: {text}"
                        ));
                    }
                }
            }
        }
    }
}

fn strip_licence_reference(value: &mut Value) {
    if let Some(object) = value.as_object_mut() {
        object.remove("licensed_text_reference");
    }
}
