//! The browsers the end-to-end tests drive and what each needs to start: the engines
//! ([`Engine`]), Chromium's flags, a Firefox profile whose toolbar cannot widen the window,
//! WebKitGTK's style and its own virtual display (Xvfb), the session's scratch folder, and
//! the process group each driver runs in so ending a session ends its browser too.

use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use serde_json::{Value, json};

use crate::required_env;

/// The flags headless Chromium needs as root on these machines, without which it floods
/// the closed network with background requests.
pub(crate) const CHROME_ARGS: &[&str] = &[
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
];

/// A browser engine the suite drives, each over WebDriver by its own driver.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// Headless Chromium (`CHROME`) by chromedriver (`CHROMEDRIVER`): Chrome, Edge, Android.
    Chromium,
    /// Headless Firefox ESR (`FIREFOX`) by geckodriver (`GECKODRIVER`).
    Firefox,
    /// WebKitGTK's MiniBrowser (`MINIBROWSER`) by WebKitWebDriver (`WEBKIT_DRIVER`), on an
    /// Xvfb display (`XVFB`): the engine of Safari on iPhones and iPads.
    WebKit,
}

impl Engine {
    /// The engine's name, as failures and screenshots give it.
    pub fn name(self) -> &'static str {
        match self {
            Engine::Chromium => "Chromium",
            Engine::Firefox => "Firefox",
            Engine::WebKit => "WebKit",
        }
    }

    /// How long a page may take to reach a state the test waits for. Firefox and WebKit run
    /// beside the rest of the suite with software rendering on a virtual display: slower.
    pub(crate) fn patience(self) -> Duration {
        match self {
            Engine::Chromium => Duration::from_secs(10),
            Engine::Firefox | Engine::WebKit => Duration::from_secs(25),
        }
    }
}

impl std::fmt::Display for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Firefox's window cannot be narrower than its toolbar, 500 px: the toolbar is hidden and
/// the limit lifted (the page's viewport is then the window, as on a phone).
pub(crate) const FIREFOX_USER_CHROME: &str = "\
:root, #main-window { min-width: 0 !important; min-height: 0 !important; }
#navigator-toolbox { visibility: collapse !important; }
";

/// Firefox preferences: the user chrome above, no background requests to Mozilla (this
/// machine's network is closed; a test must see only the site's own requests), and the
/// answer to its storage prompt.
pub(crate) fn firefox_prefs() -> serde_json::Map<String, Value> {
    let mut prefs = serde_json::Map::new();
    for (name, value) in [
        (
            "toolkit.legacyUserProfileCustomizations.stylesheets",
            json!(true),
        ),
        ("app.update.auto", json!(false)),
        ("app.update.enabled", json!(false)),
        ("browser.safebrowsing.malware.enabled", json!(false)),
        ("browser.safebrowsing.phishing.enabled", json!(false)),
        ("browser.safebrowsing.downloads.enabled", json!(false)),
        ("browser.shell.checkDefaultBrowser", json!(false)),
        ("datareporting.policy.dataSubmissionEnabled", json!(false)),
        ("datareporting.healthreport.uploadEnabled", json!(false)),
        ("toolkit.telemetry.enabled", json!(false)),
        ("network.captive-portal-service.enabled", json!(false)),
        ("network.connectivity-service.enabled", json!(false)),
        ("extensions.update.enabled", json!(false)),
        ("extensions.getAddons.cache.enabled", json!(false)),
        ("browser.region.update.enabled", json!(false)),
        ("services.settings.server", json!("http://127.0.0.1:9/")),
        // The person's answer to "keep this site's data?" (`navigator.storage.persist()`):
        // Allow, as a link worker setting up the tablet would.
        ("dom.storageManager.prompt.testing", json!(true)),
        ("dom.storageManager.prompt.testing.allow", json!(true)),
    ] {
        prefs.insert(name.to_owned(), value);
    }
    prefs
}

/// MiniBrowser's GTK toolbar keeps its window at least 447 px wide: the toolbar's widgets
/// are shrunk to nothing so a phone's width fits (GTK 3 reads this from
/// `$XDG_CONFIG_HOME/gtk-3.0/gtk.css`; it styles the browser's own widgets, not pages).
pub(crate) const WEBKIT_GTK_CSS: &str = "\
* { min-width: 0; min-height: 0; padding: 0; margin: 0; border-width: 0; font-size: 1px; -gtk-icon-transform: scale(0.01); }
";

/// A folder of its own for one browser session (a new profile), removed when it ends.
pub(crate) fn scratch_folder(engine: Engine) -> PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static COUNT: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "wellcheck-e2e-{}-{}-{}",
        engine.name().to_lowercase(),
        std::process::id(),
        COUNT.fetch_add(1, Ordering::SeqCst)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("making a browser profile folder");
    dir
}

/// Starts Xvfb on a free display (it picks one and writes its number); returns the
/// process and `:N`.
pub(crate) fn start_virtual_display() -> (std::process::Child, String) {
    use std::io::BufRead as _;
    let mut xvfb = spawn_in_own_group(
        Command::new(required_env("XVFB"))
            // Large enough for a portrait tablet and the browser's own window edges.
            .args([
                "-displayfd",
                "1",
                "-screen",
                "0",
                "2048x2048x24",
                "-nolisten",
                "tcp",
            ])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null()),
        "Xvfb",
    );
    let mut line = String::new();
    let stdout = xvfb.stdout.take().expect("Xvfb's output");
    std::io::BufReader::new(stdout)
        .read_line(&mut line)
        .expect("reading Xvfb's display number");
    let number = line.trim();
    assert!(
        !number.is_empty() && number.chars().all(|c| c.is_ascii_digit()),
        "Xvfb did not say which display it took: {line:?}"
    );
    (xvfb, format!(":{number}"))
}

/// Starts a driver in a process group of its own, so that ending the group ends the browser
/// it started too (killing geckodriver alone leaves Firefox running).
pub(crate) fn spawn_in_own_group(command: &mut Command, what: &str) -> std::process::Child {
    use std::os::unix::process::CommandExt as _;
    command
        .process_group(0)
        .spawn()
        .unwrap_or_else(|error| panic!("starting {what}: {error}"))
}

/// Ends a process and every process in its group.
pub(crate) fn end_group(child: &mut std::process::Child) {
    let _ = Command::new("kill")
        .args(["-KILL", "--", &format!("-{}", child.id())])
        .stderr(std::process::Stdio::null())
        .status();
    let _ = child.kill();
    let _ = child.wait();
}
