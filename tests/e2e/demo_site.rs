//! The demo site as a practice web editor meets it: a landing page linking every
//! questionnaire by its name, the battery and the tablet app; the CSP check and editor
//! messages on a page for editors; every page axe-clean at phone and tablet sizes.

use wellcheck_core::catalogue;
use wellcheck_e2e::Session;

#[tokio::test]
async fn the_landing_page_links_every_questionnaire_by_name_and_the_editors_page_checks_csp() {
    for (width, height) in [(360, 740), (1024, 768)] {
        let session = Session::start(width, height).await;
        session.open("/").await;
        let links = session
            .js("return [...document.querySelectorAll('main a')].map((a) => [a.getAttribute('href'), a.textContent.trim()]);")
            .await;
        let links: Vec<(String, String)> = serde_json::from_value(links).unwrap();
        for id in catalogue::ids() {
            let instrument = catalogue::get(id).unwrap();
            let href = format!("/try.html?instrument={id}");
            assert!(
                links
                    .iter()
                    .any(|(h, text)| *h == href && text == instrument.name()),
                "the landing page does not link {id} by its name `{}`: {links:?}",
                instrument.name()
            );
        }
        for id in catalogue::battery_ids() {
            let battery = catalogue::battery(id).unwrap();
            assert!(
                links
                    .iter()
                    .any(|(h, text)| *h == format!("/try.html?battery={id}")
                        && text == battery.name()),
                "the battery {id} is not linked by its name: {links:?}"
            );
        }
        for page in ["/app/", "/editors.html", "/example.html"] {
            assert!(links.iter().any(|(h, _)| h == page), "no link to {page}");
        }
        for page in [
            "/",
            "/example.html",
            "/editors.html",
            "/try.html?instrument=phq-9",
        ] {
            session.open(page).await;
            if page != "/" {
                session.wait_for_widget().await;
            }
            assert_eq!(
                session.axe_violations().await,
                Vec::<String>::new(),
                "{page} at {width}x{height}"
            );
            assert_eq!(
                session.layout_problems().await,
                Vec::<String>::new(),
                "{page} at {width}x{height}"
            );
            session
                .screenshot(&format!(
                    "site-{}-{width}x{height}",
                    page.trim_matches('/').replace(['/', '?', '='], "-")
                ))
                .await;
        }
        // The editors' page shows the CSP check and the editor's messages on the page.
        session
            .open("/editors.html?instrument=ucla-3&resume=forever")
            .await;
        session.wait_for_widget().await;
        session
            .wait_for("document.getElementById('editor-messages').textContent.includes('resume `forever` is not known')")
            .await;
        let csp = session
            .js("return document.getElementById('csp-violations').textContent;")
            .await;
        assert_eq!(csp, "None.");
        session.close().await;
    }
}
