//! The outcomes page against `wellcheck report` over the app's own export, at both
//! orientations.

use serde_json::json;
use wellcheck_e2e::Session;

use crate::app_driver::*;

async fn the_outcomes_page_gives_what_wellcheck_report_gives_over_the_apps_own_export_at(
    width: u32,
    height: u32,
) {
    let session = Session::start(width, height).await;
    open_and_set_up(&session).await;
    // Three clients back for a follow-up (one better, one worse, one the same), and one not.
    for (reference, baseline, follow_up) in [
        ("OAK-1", 0, Some(2)),
        ("ELM-2", 2, Some(0)),
        ("ASH-3", 1, Some(1)),
        ("YEW-4", 1, None),
    ] {
        add_client(&session, reference).await;
        run_battery(&session, Some("2026-01-05"), baseline).await;
        wait_heading(&session, reference).await;
        if let Some(choice) = follow_up {
            run_battery(&session, Some("2026-04-06"), choice).await;
            wait_heading(&session, reference).await;
        }
        click(&session, ".wc-back-link").await;
        wait_heading(&session, "Clients").await;
    }

    // The app's own CSV export, through `wellcheck report`.
    click(&session, "[data-app-nav=settings]").await;
    wait_heading(&session, "Settings").await;
    // The scheme's name, for the Outcomes page's summary.
    fill(&session, "#field-scheme-name", "North Town Link").await;
    click(&session, "[data-app-save-settings]").await;
    session
        .wait_for("[...document.querySelectorAll('[role=status]')].some((s) => s.textContent.includes('Saved.'))")
        .await;
    fill(&session, "#field-tablet-name", "north1").await;
    catch_downloads(&session).await;
    click(&session, "[data-app-export-csv]").await;
    session.wait_for("window.caughtDownload").await;
    let caught = session.js("return window.caughtDownload;").await;
    assert_eq!(
        caught["name"].as_str().unwrap(),
        format!("wellcheck-forms-NORTH1-{}.csv", today(&session).await)
    );
    let csv = caught["text"].as_str().unwrap().to_owned();
    assert!(csv.contains("NORTH1-OAK-1,2026-01-05,ucla-3"), "{csv}");
    assert_eq!(csv.lines().count(), 1 + 7 * 4, "a header and 28 forms");
    let path =
        std::env::temp_dir().join(format!("wellcheck-e2e-{}-export.csv", std::process::id()));
    std::fs::write(&path, &csv).unwrap();
    let path = path.to_str().unwrap().to_owned();

    click(&session, "[data-app-nav=outcomes]").await;
    wait_heading(&session, "Your scheme's outcomes").await;
    session
        .wait_for("document.querySelector('[data-app-report]')")
        .await;
    shot(&session, &format!("app-outcomes-{width}x{height}")).await;
    // The summary opens the report: the scheme, who came back, and UCLA-3's sentence first
    // (the battery's order), worded with its rule.
    let summary = session
        .js("return document.querySelector('[data-app-report] .headline').innerText;")
        .await;
    let summary = summary.as_str().unwrap();
    for expected in [
        "Scheme: North Town Link",
        "4 clients seen; 3 came back for a follow-up (75%).",
        "UCLA-3, loneliness score: ",
    ] {
        assert!(
            summary.contains(expected),
            "missing {expected:?} in {summary}"
        );
    }
    assert!(
        summary.find("UCLA-3").unwrap() < summary.find("Exercise Vital Sign").unwrap(),
        "{summary}"
    );
    let mut problems = Vec::new();
    check_screen(&session, "outcomes", &mut problems).await;
    assert!(problems.is_empty(), "{problems:#?}");
    for rule in ["default", "any-change", "band"] {
        session
            .js(&format!(
                "const select = document.querySelector('[data-app-rule]'); select.value = {};
                 select.dispatchEvent(new Event('change', {{ bubbles: true }})); return true;",
                js_string(rule)
            ))
            .await;
        session
            .wait_for(&format!(
                "document.querySelector('[data-app-report]').innerText.includes({})",
                js_string(if rule == "default" {
                    "Rule asked for: default"
                } else {
                    rule
                })
            ))
            .await;
        let cli = wellcheck_e2e::wellcheck(&[
            "report",
            &path,
            "--rule",
            rule,
            "--scheme",
            "North Town Link",
            "--html",
            "-",
        ]);
        assert!(
            cli.status.success(),
            "{}",
            String::from_utf8_lossy(&cli.stderr)
        );
        let (shown, reported) = report_texts(&session, &String::from_utf8_lossy(&cli.stdout)).await;
        assert!(
            shown.contains("Paired") || shown.contains("Clients paired"),
            "{shown}"
        );
        assert_eq!(
            shown, reported,
            "rule {rule}: the app and `wellcheck report` differ"
        );
    }
    // A client's change over time, judged as the report judges it.
    click(&session, "[data-app-nav=clients]").await;
    wait_heading(&session, "Clients").await;
    session
        .js("[...document.querySelectorAll('[data-app-clients] button')].find((b) => b.textContent === 'OAK-1').click(); return true;")
        .await;
    wait_heading(&session, "OAK-1").await;
    session
        .wait_for("document.querySelector('[data-app-change] [data-app-verdict]')")
        .await;
    let ucla = session
        .js(
            "const block = document.querySelector('[data-app-score=\"ucla-3/total\"]');
             return { verdict: block.querySelector('[data-app-verdict]').innerText,
                      rows: block.querySelectorAll('tbody tr').length,
                      chart: Boolean(block.querySelector('svg[role=img][aria-labelledby]')) };",
        )
        .await;
    assert_eq!(ucla["rows"], json!(2), "{ucla}");
    assert_eq!(ucla["chart"], json!(true), "{ucla}");
    assert!(
        ucla["verdict"].as_str().unwrap().contains("points"),
        "{ucla}"
    );
    // Exercise is drawn on a scale fitted to its values, with the 150-minute guideline dashed
    // across it, not on 0 to 10,080 minutes.
    let exercise = session
        .js(
            "const block = document.querySelector('[data-app-score=\"evs/minutes_per_week\"]');
             return { guideline: Boolean(block.querySelector('svg [data-app-guideline]')),
                      text: block.querySelector('svg').textContent,
                      caption: block.innerText };",
        )
        .await;
    assert_eq!(exercise["guideline"], json!(true), "{exercise}");
    let axis = exercise["text"].as_str().unwrap();
    assert!(
        !axis.contains("10080") && !axis.contains("10,080"),
        "{axis}"
    );
    assert!(
        exercise["caption"].as_str().unwrap().contains("150"),
        "{exercise}"
    );
    let mut problems = Vec::new();
    check_screen(&session, "change over time", &mut problems).await;
    assert!(problems.is_empty(), "{problems:#?}");
    session
        .js("document.querySelector('[data-app-change]').scrollIntoView(); return true;")
        .await;
    session
        .screenshot(&format!("app-change-{width}x{height}"))
        .await;
    click(&session, "[data-app-nav=outcomes]").await;
    wait_heading(&session, "Your scheme's outcomes").await;
    session
        .wait_for("document.querySelector('[data-app-report]')")
        .await;

    // Printed, only the report.
    session.emulate_media("print").await;
    let hidden = session
        .js(
            "return ['.app-header', '.app-nav', '[data-app-rule]', '[data-app-print]', '[data-app-report]']
             .map((s) => document.querySelector(s).checkVisibility());",
        )
        .await;
    assert_eq!(hidden, json!([false, false, false, false, true]));
    // Nothing of the screen's own status text, and the details after the summary's page.
    assert_eq!(
        session
            .js("return [...document.querySelectorAll('.app-outcomes [role=status]')].every((s) => !s.checkVisibility())
                 && getComputedStyle(document.querySelector('[data-app-report] .details')).breakBefore === 'page';")
            .await,
        json!(true)
    );
    shot(&session, &format!("app-outcomes-print-{width}")).await;
    let (pdf, pages) = session
        .print_pdf(&format!("app-outcomes-printed-{width}"))
        .await;
    eprintln!(
        "the app's outcomes for 4 clients printed on {pages} A4 pages: {}",
        pdf.display()
    );
    assert!((2..=6).contains(&pages), "{pages} printed pages");
    session.emulate_media("").await;
    session.close().await;
}

#[tokio::test]
async fn the_outcomes_page_gives_what_wellcheck_report_gives_over_the_apps_own_export_in_landscape()
{
    the_outcomes_page_gives_what_wellcheck_report_gives_over_the_apps_own_export_at(1024, 768)
        .await;
}

#[tokio::test]
async fn the_outcomes_page_gives_what_wellcheck_report_gives_over_the_apps_own_export_in_portrait()
{
    the_outcomes_page_gives_what_wellcheck_report_gives_over_the_apps_own_export_at(768, 1024)
        .await;
}
