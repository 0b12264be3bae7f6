//! The printable outcome report (`wellcheck report --html`) opened on its own, as a
//! commissioner would open the file: axe-core finds no WCAG 2.2 AA violation, it loads
//! nothing, hostile names stay text, nothing scrolls sideways, and screenshots at phone and
//! A4 widths are saved under `target/screenshots/` for a person to look at.

use std::path::PathBuf;

use serde_json::Value;
use wellcheck_e2e::{Session, wellcheck};

/// A small scheme: twelve clients on the social-prescribing battery (three without a
/// follow-up), four on PHQ-9, and a client reference that is an HTML injection attempt.
fn scheme_csv() -> String {
    let mut csv = String::from("client,date,instrument,answers\n");
    let battery = [
        ("3,3,3,1,2,3,4,7,1,30", "2,2,1,3,6,7,6,4,3,30"),
        ("3,2,3,2,4,4,5,6,0,0", "2,2,2,4,6,6,6,3,2,20"),
        ("2,2,2,3,5,6,5,5,2,20", "2,2,3,3,5,5,4,6,2,20"),
        ("3,3,3,1,1,2,2,9,0,0", "1,2,1,4,7,8,7,2,5,30"),
        ("2,3,2,2,6,6,6,4,1,60", "3,3,3,2,5,6,5,5,1,60"),
        ("1,1,1,5,8,9,8,1,3,45", "1,1,1,5,8,8,9,2,4,45"),
        ("3,3,2,2,3,4,3,7,0,0", "2,2,2,3,5,5,5,5,2,15"),
        ("2,2,3,2,4,5,4,6,1,10", "2,1,2,3,6,6,5,4,3,30"),
        ("3,3,3,1,2,2,2,8,0,0", "3,3,3,1,2,2,3,8,0,0"),
    ];
    for (index, (before, after)) in battery.iter().enumerate() {
        let client = if index == 0 {
            "<img src=x onerror=alert(1)>".to_owned()
        } else {
            format!("SP-{index:03}")
        };
        csv.push_str(&format!(
            "\"{client}\",2026-01-{:02},social-prescribing,\"{before}\"\n",
            index + 5
        ));
        csv.push_str(&format!(
            "\"{client}\",2026-05-{:02},social-prescribing,\"{after}\"\n",
            index + 5
        ));
    }
    for index in 0..3 {
        csv.push_str(&format!(
            "SP-1{index:02},2026-02-01,social-prescribing,\"3,3,3,1,3,3,3,6,1,20\"\n"
        ));
    }
    for (client, before, after) in [
        ("P1", "3,3,3,3,3,0,0,0,0", "3,3,3,0,0,0,0,0,0"),
        ("P2", "3,3,3,3,0,0,0,0,0", "3,3,2,0,0,0,0,0,0"),
        ("P3", "3,3,3,1,0,0,0,0,0", "3,3,3,3,3,2,0,0,0"),
        ("P4", "3,3,2,0,0,0,0,0,0", "3,3,2,0,0,0,0,0,0"),
    ] {
        csv.push_str(&format!("{client},2026-01-10,phq-9,\"{before}\"\n"));
        csv.push_str(&format!("{client},2026-04-10,phq-9,\"{after}\"\n"));
    }
    csv
}

fn write_report() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("wellcheck-e2e-report-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // A hostile input name reaches the page's footer: it must stay text.
    let input = dir.join("north<b>&tablet.csv");
    std::fs::write(&input, scheme_csv()).unwrap();
    let page = dir.join("outcomes.html");
    let output = wellcheck(&[
        "report",
        input.to_str().unwrap(),
        "--html",
        page.to_str().unwrap(),
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    page
}

#[tokio::test]
async fn the_printed_report_is_accessible_self_contained_and_looked_at() {
    let page = write_report();
    let url = format!("file://{}", page.display());
    for (width, height, name) in [
        (360, 740, "outcomes-report-phone-360"),
        (794, 1123, "outcomes-report-a4-794"),
    ] {
        let session = Session::start(width, height).await;
        session.open_url(&url).await;
        assert_eq!(
            session.js("return document.title;").await,
            Value::String("Outcomes report".into()),
            "no --scheme: the plain title"
        );
        // Nothing but the page itself: no resource was fetched, and nothing could be.
        assert_eq!(
            session
                .js("return performance.getEntriesByType('resource').length;")
                .await,
            Value::from(0)
        );
        assert_eq!(
            session
                .js("return document.querySelectorAll('script, link, img, iframe, object, embed').length;")
                .await,
            Value::from(0),
            "the page holds no script and no external resource"
        );
        // The injected client reference and file name are text, not markup.
        assert_eq!(
            session
                .js("return document.body.textContent.includes('north<b>&tablet.csv');")
                .await,
            Value::Bool(true)
        );
        // One chart per score with paired clients, each followed by its data table.
        let charts = session
            .js("return [...document.querySelectorAll('figure svg[role=img]')].filter((svg) => svg.closest('figure').nextElementSibling?.querySelector('table')).length;")
            .await;
        assert!(
            charts.as_u64().unwrap() >= 8,
            "charts with tables: {charts}"
        );
        assert_eq!(
            session
                .js("return document.documentElement.scrollWidth <= window.innerWidth;")
                .await,
            Value::Bool(true),
            "the page scrolls sideways at {width} px"
        );
        let violations = session.axe_violations().await;
        assert!(violations.is_empty(), "axe at {width} px: {violations:#?}");
        session.screenshot(&format!("{name}-top")).await;
        session
            .js("document.querySelector('figure').scrollIntoView(); return true;")
            .await;
        session.screenshot(&format!("{name}-chart")).await;
        session.close().await;
    }
}

/// Six clients on the social prescribing battery, four back for a follow-up, with the needs
/// and support their visits recorded: the size of a small scheme's first quarter.
fn six_clients_csv() -> String {
    let mut csv = String::from("client,date,instrument,answers,needs,support\n");
    for (client, before, after, needs, support) in [
        (
            "NT-1",
            "3,3,3,1,2,3,4,7,1,30",
            "2,2,1,3,6,7,6,4,3,30",
            "Loneliness or social isolation; Housing",
            "Walking group; Citizens Advice",
        ),
        (
            "NT-2",
            "3,2,3,2,4,4,5,6,0,0",
            "2,2,2,4,6,6,6,3,2,20",
            "Housing",
            "Citizens Advice",
        ),
        (
            "NT-3",
            "2,2,2,3,5,6,5,5,2,20",
            "2,2,3,3,5,5,4,6,2,20",
            "Debt or money worries",
            "Citizens Advice",
        ),
        (
            "NT-4",
            "3,3,3,1,1,2,2,9,0,0",
            "1,2,1,4,7,8,7,2,5,30",
            "Loneliness or social isolation",
            "Walking group",
        ),
    ] {
        csv.push_str(&format!(
            "{client},2026-03-02,social-prescribing,\"{before}\",{needs},{support}\n"
        ));
        csv.push_str(&format!(
            "{client},2026-06-01,social-prescribing,\"{after}\",,\n"
        ));
    }
    for client in ["NT-5", "NT-6"] {
        csv.push_str(&format!(
            "{client},2026-04-01,social-prescribing,\"3,3,3,1,3,3,3,6,1,20\",Housing,\n"
        ));
    }
    csv
}

#[tokio::test]
async fn six_clients_print_as_a_summary_page_then_the_figures() {
    let dir = std::env::temp_dir().join(format!("wellcheck-e2e-six-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let input = dir.join("north-town.csv");
    std::fs::write(&input, six_clients_csv()).unwrap();
    let page = dir.join("six.html");
    let output = wellcheck(&[
        "report",
        input.to_str().unwrap(),
        "--scheme",
        "North Town Link",
        "--html",
        page.to_str().unwrap(),
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let session = Session::start(794, 1123).await;
    session
        .open_url(&format!("file://{}", page.display()))
        .await;
    // The summary opens the page: the scheme, the period, who came back, and one sentence per
    // score in the battery's order (UCLA-3 first, the Exercise Vital Sign last).
    let summary = session
        .js("return [...document.querySelectorAll('.headline li')].map((li) => li.textContent);")
        .await;
    let sentences: Vec<&str> = summary
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(
        sentences
            .first()
            .unwrap()
            .starts_with("UCLA-3, loneliness score: "),
        "{sentences:#?}"
    );
    assert!(
        sentences.last().unwrap().contains("minutes a week"),
        "{sentences:#?}"
    );
    let headline = session
        .js("return document.querySelector('.headline').textContent;")
        .await;
    let headline = headline.as_str().unwrap();
    for expected in [
        "Scheme: North Town Link",
        "Period: 2 March 2026 to 1 June 2026",
        "6 clients seen; 4 came back for a follow-up (67%).",
        "Needs raised most often: Housing (4 of 6 clients)",
    ] {
        assert!(
            headline.contains(expected),
            "missing {expected:?} in {headline}"
        );
    }
    assert!(!headline.contains("1 points") && !headline.contains("minutes a week points"));
    let violations = session.axe_violations().await;
    assert!(violations.is_empty(), "axe: {violations:#?}");
    session
        .screenshot("outcomes-six-clients-screen-a4-width")
        .await;
    // Printed: the summary alone on page one, the figures after; a handful of pages, not 15.
    let (pdf, pages) = session.print_pdf("outcomes-six-clients-printed").await;
    eprintln!("six clients printed on {pages} A4 pages: {}", pdf.display());
    assert!(
        (2..=6).contains(&pages),
        "six clients print on {pages} pages"
    );
    session.emulate_media("print").await;
    assert_eq!(
        session
            .js("return getComputedStyle(document.querySelector('.details')).breakBefore;")
            .await,
        Value::String("page".into())
    );
    session.screenshot("outcomes-six-clients-print-media").await;
    session.close().await;
    std::fs::remove_dir_all(&dir).unwrap();
}
