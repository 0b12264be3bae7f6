//! Every screen at both tablet orientations (axe-core, target size, keyboard, screenshots),
//! a new version picked up at the next online start, and what Settings says about storage.

use serde_json::json;
use wellcheck_e2e::Session;

use crate::app_driver::*;

async fn tour(width: u32, height: u32) {
    let session = Session::start(width, height).await;
    let size = format!("{width}x{height}");
    let mut problems = Vec::new();
    session.open("/app/").await;
    wait_heading(&session, "Set up this tablet").await;
    check_screen(&session, "set up", &mut problems).await;
    shot(&session, &format!("app-setup-{size}")).await;
    // Too short, shown with its error.
    fill(&session, "#field-passphrase", "short").await;
    click(&session, "form button[type=submit]").await;
    session
        .wait_for("document.querySelector('[data-wc-error-summary]')")
        .await;
    check_screen(&session, "set up with an error", &mut problems).await;
    open_and_set_up(&session).await;
    check_screen(&session, "no clients", &mut problems).await;
    click(&session, "[data-app-add-client]").await;
    wait_heading(&session, "Add a client").await;
    fill(&session, "#field-nhs-number", "1234567890").await;
    click(&session, "[data-app-save-client]").await;
    session
        .wait_for("document.querySelector('[data-wc-error-summary]')")
        .await;
    check_screen(&session, "client form with errors", &mut problems).await;
    shot(&session, &format!("app-client-form-errors-{size}")).await;
    click(&session, ".wc-button-secondary").await;
    wait_heading(&session, "Clients").await;
    for reference in ["BIRCH-2", "MAPLE-7"] {
        add_client(&session, reference).await;
        click(&session, ".wc-back-link").await;
        wait_heading(&session, "Clients").await;
    }
    check_screen(&session, "client list", &mut problems).await;
    shot(&session, &format!("app-clients-{size}")).await;
    session
        .js("[...document.querySelectorAll('[data-app-clients] button')].find((b) => b.textContent === 'MAPLE-7').click(); return true;")
        .await;
    wait_heading(&session, "MAPLE-7").await;
    check_screen(&session, "client page", &mut problems).await;
    shot(&session, &format!("app-client-{size}")).await;
    click(&session, "[data-app-start-visit]").await;
    wait_heading(&session, "Start a visit").await;
    check_screen(&session, "visit set-up", &mut problems).await;
    shot(&session, &format!("app-visit-setup-{size}")).await;
    begin_visit(&session).await;
    session
        .wait_for("document.querySelector('[data-wc-page=question]')")
        .await;
    check_screen(&session, "question", &mut problems).await;
    shot(&session, &format!("app-question-{size}")).await;
    answer_question(&session, 0).await;
    click(&session, "[data-app-pause]").await;
    session
        .wait_for("document.querySelector('[data-app-continue]')")
        .await;
    check_screen(&session, "unfinished visit", &mut problems).await;
    shot(&session, &format!("app-unfinished-visit-{size}")).await;
    click(&session, "[data-app-nav=settings]").await;
    wait_heading(&session, "Settings").await;
    session
        .wait_for("document.querySelector('[data-app-storage] p, [data-app-storage] .app-warning')")
        .await;
    check_screen(&session, "settings", &mut problems).await;
    shot(&session, &format!("app-settings-{size}")).await;
    click(&session, "[data-app-nav=outcomes]").await;
    wait_heading(&session, "Your scheme's outcomes").await;
    check_screen(&session, "outcomes", &mut problems).await;
    shot(&session, &format!("app-outcomes-empty-{size}")).await;
    click(&session, "[data-app-lock]").await;
    wait_heading(&session, "Unlock your records").await;
    check_screen(&session, "unlock", &mut problems).await;
    shot(&session, &format!("app-unlock-{size}")).await;
    session.close().await;
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[tokio::test]
async fn every_screen_is_accessible_in_landscape() {
    tour(1024, 768).await;
}

#[tokio::test]
async fn every_screen_is_accessible_in_portrait() {
    tour(768, 1024).await;
}

#[tokio::test]
async fn a_new_version_is_picked_up_at_the_next_online_start_and_the_person_is_told() {
    // A copy of the app that the test can "release" again.
    let app = std::env::temp_dir().join(format!("wellcheck-e2e-app-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&app);
    std::fs::create_dir_all(&app).unwrap();
    for entry in std::fs::read_dir(Session::app_dir()).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), app.join(entry.file_name())).unwrap();
    }
    let session = Session::start_with_app(1024, 768, app.clone()).await;
    open_and_set_up(&session).await;
    add_client(&session, "WILLOW-5").await;
    session
        .wait_for("navigator.serviceWorker && navigator.serviceWorker.controller")
        .await;
    assert_eq!(
        session
            .js("return document.getElementById('app-update').hidden;")
            .await,
        json!(true)
    );

    // A new release: a changed stylesheet, and sw.js with its new version, as `cargo xtask
    // dist` writes them.
    let marker = "/* release 2 */";
    let css = std::fs::read_to_string(app.join("app.css")).unwrap();
    std::fs::write(app.join("app.css"), format!("{css}\n{marker}\n")).unwrap();
    let worker = std::fs::read_to_string(app.join("sw.js")).unwrap();
    let version = worker
        .lines()
        .find(|line| line.starts_with("const VERSION"))
        .unwrap()
        .to_owned();
    std::fs::write(
        app.join("sw.js"),
        worker.replace(&version, "const VERSION = 'release-2';"),
    )
    .unwrap();

    // The next online start still opens the version in the cache, fetches the new one, and
    // says so.
    session.js("window.location.reload(); return true;").await;
    wait_heading(&session, "Unlock your records").await;
    session
        .wait_for("!document.getElementById('app-update').hidden")
        .await;
    let banner = session
        .js("return document.getElementById('app-update').innerText;")
        .await;
    assert!(
        banner
            .as_str()
            .unwrap()
            .contains("A new version of the app has been installed"),
        "{banner}"
    );
    click(&session, "#app-update button").await;
    wait_heading(&session, "Unlock your records").await;
    let css = session
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             fetch('app.css').then((r) => r.text()).then(done, () => done(''));",
            vec![],
        )
        .await
        .unwrap();
    assert!(
        css.as_str().unwrap().contains(marker),
        "the new version is not in use"
    );
    // And the records are untouched.
    unlock(&session, PASSPHRASE).await;
    go_to_clients(&session).await;
    assert!(main_text(&session).await.contains("WILLOW-5"));
    session.close().await;
    let _ = std::fs::remove_dir_all(&app);
}

#[tokio::test]
async fn settings_say_at_once_what_is_known_about_storage_and_never_that_backups_are_missing() {
    let session = Session::start(1024, 768).await;
    open_and_set_up(&session).await;
    // Firefox's persist() waits for a permission prompt that may never be answered: here it
    // never settles, and counts the times it is asked.
    session
        .js("window.persistAsked = 0;
             navigator.storage.persist = () => { window.persistAsked += 1; return new Promise(() => {}); };
             navigator.storage.persisted = () => Promise.resolve(false);
             return true;")
        .await;
    click(&session, "[data-app-nav=settings]").await;
    wait_heading(&session, "Settings").await;
    session
        .wait_for("document.querySelector('[data-app-storage]')")
        .await;
    let text = main_text(&session).await;
    assert!(!text.contains("Checking"), "{text}");
    assert!(!text.contains("cannot make backups"), "{text}");
    assert!(
        text.contains("The browser may clear these records"),
        "{text}"
    );
    assert!(text.contains("Make a backup often"), "{text}");
    assert_eq!(session.js("return window.persistAsked;").await, json!(0));
    // Asked only when the worker presses the button, and the screen says it is waiting.
    click(&session, "[data-app-ask-persist]").await;
    session.wait_for("window.persistAsked === 1").await;
    assert!(
        main_text(&session)
            .await
            .contains("The browser may ask you first")
    );
    // An unanswered question never leaves the button stuck: it can be pressed again.
    assert_eq!(
        session
            .js("return document.querySelector('[data-app-ask-persist]').disabled;")
            .await,
        json!(false)
    );
    click(&session, "[data-app-ask-persist]").await;
    session.wait_for("window.persistAsked === 2").await;
    session.close().await;
}
