//! Harness for the end-to-end tests: the real site (served by the same code as
//! `cargo xtask serve`) and a browser driven through WebDriver: headless Chromium by
//! chromedriver for most tests, and for the journeys of `every_engine`, Firefox ESR by
//! geckodriver and WebKitGTK's MiniBrowser by WebKitWebDriver under a virtual display of its
//! own (Xvfb). `cargo xtask test` installs them, builds the widget and sets the environment
//! this needs.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    reason = "test harness: failing loudly is the point"
)]

use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{Value, json};
use xtask::site::{self, SiteRoots};

mod engine;
pub use engine::Engine;
use engine::*;

fn required_env(name: &str) -> PathBuf {
    std::env::var_os(name)
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            panic!("{name} is not set: run the end-to-end tests through `cargo xtask test`")
        })
}

/// The strings in a JSON array (what the page scripts return as lists of problems).
fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .map(|list| {
            list.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// JavaScript for the first widget's shadow root.
pub const WIDGET_ROOT: &str = "document.querySelector('wellcheck-questionnaire')?.shadowRoot";

/// Fake licensed wording for a licensed instrument, built from its definition: obviously
/// not real text, covering every item and option.
pub fn fake_licensed_text(id: &str) -> Value {
    let instrument = wellcheck_core::catalogue::get(id).expect("a built-in instrument");
    let items: serde_json::Map<String, Value> = instrument
        .items()
        .iter()
        .map(|item| {
            (
                item.id().to_owned(),
                Value::String(format!("FAKE WORDING FOR {}", item.id())),
            )
        })
        .collect();
    let mut responses = serde_json::Map::new();
    for item in instrument.items() {
        if let wellcheck_core::definition::Response::Choice { set, options } = item.response() {
            let labels: serde_json::Map<String, Value> = options
                .iter()
                .map(|option| {
                    (
                        option.value().to_string(),
                        Value::String(format!("FAKE ANSWER {}", option.value())),
                    )
                })
                .collect();
            responses.insert(set.clone(), Value::Object(labels));
        }
    }
    json!({ "format": 1, "instrument": id, "language": "en", "licence_reference": "TEST-ONLY", "items": items, "responses": responses })
}

/// Runs the `wellcheck` binary built for this test run.
pub fn wellcheck(args: &[&str]) -> Output {
    Command::new(required_env("WELLCHECK_CLI"))
        .args(args)
        .output()
        .expect("running the wellcheck CLI")
}

/// A Chrome DevTools Protocol command, sent as chromedriver's `goog/cdp/execute`.
#[derive(Debug)]
struct DevToolsCommand {
    command: String,
    params: Value,
}

impl fantoccini::wd::WebDriverCompatibleCommand for DevToolsCommand {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/goog/cdp/execute",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        let body = json!({ "cmd": self.command, "params": self.params });
        (http::Method::POST, Some(body.to_string()))
    }
}

/// One browser session on the site.
pub struct Session {
    /// The WebDriver client.
    pub client: Client,
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// Cuts the network to the site (every request fails) or restores it.
    pub outage: site::Outage,
    /// The browser engine of this session.
    pub engine: Engine,
    driver: std::process::Child,
    /// Xvfb, for WebKit.
    display: Option<std::process::Child>,
    /// The session's own profile folder (Firefox and WebKit).
    scratch: Option<PathBuf>,
    /// Files the test picks in file fields, each in a folder of its own (see [`Session::file`]).
    files: PathBuf,
    server: tokio::task::JoinHandle<()>,
}

impl Drop for Session {
    /// A failing test must not leave a driver, its browser or a display running.
    fn drop(&mut self) {
        end_group(&mut self.driver);
        if let Some(display) = &mut self.display {
            end_group(display);
        }
        if let Some(scratch) = &self.scratch {
            let _ = std::fs::remove_dir_all(scratch);
        }
        let _ = std::fs::remove_dir_all(&self.files);
        self.server.abort();
    }
}

impl Session {
    /// The built tablet app (`WELLCHECK_APP_DIR`, or `dist/app`).
    pub fn app_dir() -> PathBuf {
        let workspace = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
        std::env::var_os("WELLCHECK_APP_DIR")
            .map_or_else(|| workspace.join("dist/app"), PathBuf::from)
    }

    /// Serves the site, starts chromedriver and opens a headless Chromium of this window size.
    pub async fn start(width: u32, height: u32) -> Session {
        Session::start_in(Engine::Chromium, width, height).await
    }

    /// [`Session::start`] in any engine: a new profile, a viewport of exactly this size.
    pub async fn start_in(engine: Engine, width: u32, height: u32) -> Session {
        Session::launch(
            engine,
            width,
            height,
            Session::app_dir(),
            "/try.html?instrument=ucla-3&resume=off",
        )
        .await
    }

    /// [`Session::start`], but the browser has opened nothing of the site: the viewport is
    /// checked on a blank page of its own. For benchmarks, where an earlier page of the site would
    /// leave the WebAssembly compiled and warm in the browser.
    pub async fn start_blank(width: u32, height: u32) -> Session {
        // A blank page of its own, with the phone viewport rule pages of the site have.
        let blank =
            "data:text/html,<meta name=viewport content='width=device-width, initial-scale=1'>";
        Session::launch(Engine::Chromium, width, height, Session::app_dir(), blank).await
    }

    /// [`Session::start`], serving the tablet app from `app` (a copy a test may change, as
    /// a new release would).
    pub async fn start_with_app(width: u32, height: u32, app: PathBuf) -> Session {
        Session::start_in_with_app(Engine::Chromium, width, height, app).await
    }

    /// [`Session::start_with_app`] in any engine.
    pub async fn start_in_with_app(
        engine: Engine,
        width: u32,
        height: u32,
        app: PathBuf,
    ) -> Session {
        Session::launch(
            engine,
            width,
            height,
            app,
            "/try.html?instrument=ucla-3&resume=off",
        )
        .await
    }

    /// Serves the site, starts the engine's driver and browser, and checks its viewport on
    /// `first` (a path of the site, or an address of its own).
    async fn launch(engine: Engine, width: u32, height: u32, app: PathBuf, first: &str) -> Session {
        let workspace = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
        let roots = SiteRoots {
            www: workspace.join("www"),
            widget: required_env("WELLCHECK_WIDGET_DIR"),
            app,
        };
        let outage = site::Outage::default();
        let (address, server) = site::spawn_with_outage(
            &roots,
            SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            outage.clone(),
        )
        .await
        .expect("serving the site");

        let port = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let (driver, display, scratch, capabilities) = match engine {
            Engine::Chromium => {
                let driver = spawn_in_own_group(
                    Command::new(required_env("CHROMEDRIVER"))
                        .arg(format!("--port={port}"))
                        .stdout(std::process::Stdio::null()),
                    "chromedriver",
                );
                let args: Vec<String> = CHROME_ARGS.iter().map(|arg| (*arg).to_owned()).collect();
                // A desktop window cannot be narrower than 500 px, so the viewport is set by
                // device emulation: exactly `width` x `height` CSS px, as on a phone or tablet.
                let mut capabilities = serde_json::Map::new();
                capabilities.insert(
                    "goog:chromeOptions".into(),
                    json!({
                        "binary": required_env("CHROME"),
                        "args": args,
                        "mobileEmulation": { "deviceMetrics": { "width": width, "height": height, "pixelRatio": 1.0, "touch": true, "mobile": true } }
                    }),
                );
                (driver, None, None, capabilities)
            }
            Engine::Firefox => {
                let profile = scratch_folder(engine);
                std::fs::create_dir_all(profile.join("chrome")).unwrap();
                std::fs::write(profile.join("chrome/userChrome.css"), FIREFOX_USER_CHROME).unwrap();
                let driver = spawn_in_own_group(
                    Command::new(required_env("GECKODRIVER"))
                        .args(["--port", &port.to_string(), "--log", "error"])
                        .stdout(std::process::Stdio::null())
                        .stderr(std::process::Stdio::null()),
                    "geckodriver",
                );
                let mut capabilities = serde_json::Map::new();
                capabilities.insert("browserName".into(), json!("firefox"));
                capabilities.insert(
                    "moz:firefoxOptions".into(),
                    json!({
                        "binary": required_env("FIREFOX"),
                        "args": ["-headless", "-profile", profile],
                        "prefs": firefox_prefs(),
                    }),
                );
                (driver, None, Some(profile), capabilities)
            }
            Engine::WebKit => {
                let (xvfb, display) = start_virtual_display();
                let home = scratch_folder(engine);
                std::fs::create_dir_all(home.join("config/gtk-3.0")).unwrap();
                std::fs::write(home.join("config/gtk-3.0/gtk.css"), WEBKIT_GTK_CSS).unwrap();
                // MiniBrowser inherits the driver's environment: its display and its toolbar
                // style. Under automation it keeps the session's web data in memory (a new
                // profile each session; the XDG folders only keep GTK's own files apart).
                let driver = spawn_in_own_group(
                    Command::new(required_env("WEBKIT_DRIVER"))
                        .arg(format!("--port={port}"))
                        .env("DISPLAY", &display)
                        .env("XDG_CONFIG_HOME", home.join("config"))
                        .env("XDG_DATA_HOME", home.join("data"))
                        .env("XDG_CACHE_HOME", home.join("cache"))
                        .stdout(std::process::Stdio::null())
                        .stderr(std::process::Stdio::null()),
                    "WebKitWebDriver",
                );
                let mut capabilities = serde_json::Map::new();
                capabilities.insert("browserName".into(), json!("MiniBrowser"));
                capabilities.insert(
                    "webkitgtk:browserOptions".into(),
                    json!({ "binary": required_env("MINIBROWSER"), "args": ["--automation"] }),
                );
                (driver, Some(xvfb), Some(home), capabilities)
            }
        };

        let started = Instant::now();
        let client = loop {
            match ClientBuilder::new(HttpConnector::new())
                .capabilities(capabilities.clone())
                .connect(&format!("http://127.0.0.1:{port}"))
                .await
            {
                Ok(client) => break client,
                Err(error) if started.elapsed() > Duration::from_secs(30) => {
                    panic!("could not start a {engine} session through its WebDriver: {error}")
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
            }
        };
        let files = scratch_folder(engine);
        let session = Session {
            client,
            base: format!("http://{address}"),
            outage,
            engine,
            driver,
            display,
            scratch,
            files,
            server,
        };
        if engine != Engine::Chromium {
            session.fit_viewport(width, height).await;
        }
        if first.starts_with('/') {
            session.open(first).await;
        } else {
            session.open_url(first).await;
        }
        let viewport = session
            .js("return [window.innerWidth, window.innerHeight];")
            .await;
        assert_eq!(
            viewport,
            json!([width, height]),
            "{engine} did not give the viewport asked for"
        );
        session
    }

    /// Sizes the window so that the page's viewport is exactly `width` x `height`: the
    /// window's own edges (a toolbar) measured on a blank page and added.
    async fn fit_viewport(&self, width: u32, height: u32) {
        self.client
            .set_window_size(width, height)
            .await
            .unwrap_or_else(|error| panic!("{}: sizing the window: {error}", self.engine));
        let inner = self
            .js("return [window.innerWidth, window.innerHeight];")
            .await;
        let edge = |index: usize, asked: u32| {
            let got = inner
                .get(index)
                .and_then(Value::as_u64)
                .unwrap_or(u64::from(asked));
            u32::try_from(u64::from(asked).saturating_sub(got)).unwrap_or(0)
        };
        let (extra_width, extra_height) = (edge(0, width), edge(1, height));
        if extra_width > 0 || extra_height > 0 {
            self.client
                .set_window_size(width + extra_width, height + extra_height)
                .await
                .unwrap_or_else(|error| panic!("{}: sizing the window: {error}", self.engine));
        }
    }

    /// Writes `text` as a file called `name` in a folder of its own (tests run side by side,
    /// and a browser reading a file rewritten under it reads the wrong one, or fails); it
    /// is removed with the session.
    pub fn file(&self, name: &str, text: &str) -> PathBuf {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static CHOSEN: AtomicUsize = AtomicUsize::new(0);
        let dir = self
            .files
            .join(CHOSEN.fetch_add(1, Ordering::SeqCst).to_string());
        std::fs::create_dir_all(&dir).expect("making a folder for a chosen file");
        let path = dir.join(name);
        std::fs::write(&path, text).expect("writing a chosen file");
        path
    }

    /// Types `text` into the field at `selector`, key by key, after clearing it, as a person
    /// at the keyboard.
    pub async fn type_into(&self, selector: &str, text: &str) {
        let field = self
            .client
            .find(fantoccini::Locator::Css(selector))
            .await
            .unwrap_or_else(|error| panic!("{}: no field {selector}: {error}", self.engine));
        field
            .clear()
            .await
            .unwrap_or_else(|error| panic!("{}: clearing {selector}: {error}", self.engine));
        field
            .send_keys(text)
            .await
            .unwrap_or_else(|error| panic!("{}: typing into {selector}: {error}", self.engine));
    }

    /// Clicks the element at `selector` as a pointer would (WebDriver's click: it must be
    /// on screen and not covered).
    pub async fn click_on(&self, selector: &str) {
        self.client
            .find(fantoccini::Locator::Css(selector))
            .await
            .unwrap_or_else(|error| {
                panic!("{}: nothing to click at {selector}: {error}", self.engine)
            })
            .click()
            .await
            .unwrap_or_else(|error| panic!("{}: clicking {selector}: {error}", self.engine));
    }

    /// What has focus in the page: `TAG:text` (its first 40 characters), or `BODY` when
    /// focus was lost to the page itself.
    pub async fn page_focus(&self) -> String {
        let found = self
            .js("const el = document.activeElement;
                 if (!el || el === document.body || el === document.documentElement) return 'BODY';
                 return el.tagName + ':' + (el.textContent || el.id || '').trim().replace(/\\s+/g, ' ').slice(0, 40);")
            .await;
        found.as_str().unwrap_or("BODY").to_owned()
    }

    /// Opens a page of the site.
    pub async fn open(&self, path: &str) {
        self.client
            .goto(&format!("{}{path}", self.base))
            .await
            .unwrap_or_else(|error| panic!("{}: opening the page: {error}", self.engine));
    }

    /// Opens any address (a `file://` page, for one that must stand alone).
    pub async fn open_url(&self, url: &str) {
        self.client
            .goto(url)
            .await
            .unwrap_or_else(|error| panic!("{}: opening the address: {error}", self.engine));
    }

    /// Saves a screenshot of the viewport as `target/screenshots/<name>.png`, for a person
    /// to look at; returns its path.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let png = self
            .client
            .screenshot()
            .await
            .unwrap_or_else(|error| panic!("{}: taking a screenshot: {error}", self.engine));
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/screenshots");
        std::fs::create_dir_all(&dir).expect("making target/screenshots");
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, png).expect("writing the screenshot");
        path
    }

    /// Saves a screenshot of the whole page, below the fold too, as
    /// `target/screenshots/<name>.png` (through DevTools: WebDriver sees only the viewport).
    pub async fn screenshot_full_page(&self, name: &str) -> PathBuf {
        use base64::Engine as _;
        let shot = self
            .cdp(
                "Page.captureScreenshot",
                json!({ "format": "png", "captureBeyondViewport": true }),
            )
            .await;
        let png = base64::engine::general_purpose::STANDARD
            .decode(
                shot.get("data")
                    .and_then(Value::as_str)
                    .expect("screenshot data"),
            )
            .expect("screenshot as base64");
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/screenshots");
        std::fs::create_dir_all(&dir).expect("making target/screenshots");
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, png).expect("writing the screenshot");
        path
    }

    /// Prints the page as Chromium prints it on A4 (DevTools `Page.printToPDF`, the page's
    /// own `@page` size), saves it as `target/screenshots/<name>.pdf` and gives the number of
    /// pages.
    pub async fn print_pdf(&self, name: &str) -> (PathBuf, usize) {
        use base64::Engine as _;
        let printed = self
            .cdp(
                "Page.printToPDF",
                json!({ "preferCSSPageSize": true, "printBackground": true, "paperWidth": 8.27, "paperHeight": 11.69 }),
            )
            .await;
        let pdf = base64::engine::general_purpose::STANDARD
            .decode(
                printed
                    .get("data")
                    .and_then(Value::as_str)
                    .expect("PDF data"),
            )
            .expect("PDF as base64");
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/screenshots");
        std::fs::create_dir_all(&dir).expect("making target/screenshots");
        let path = dir.join(format!("{name}.pdf"));
        std::fs::write(&path, &pdf).expect("writing the PDF");
        // Each page is one `/Type /Page` object (the tree above them is `/Type /Pages`).
        let text = String::from_utf8_lossy(&pdf);
        let pages = text
            .match_indices("/Type /Page")
            .filter(|(at, found)| text.as_bytes().get(at + found.len()) != Some(&b's'))
            .count();
        (path, pages)
    }

    /// Lays the page out for `media` (`"print"`, or `""` for the screen again), as
    /// Chromium's DevTools emulate it.
    pub async fn emulate_media(&self, media: &str) {
        self.cdp("Emulation.setEmulatedMedia", json!({ "media": media }))
            .await;
    }

    /// Sets the browser's default text size in pixels, as a person who enlarges text in
    /// their browser's settings does (16 is 100%, 32 is 200%).
    pub async fn set_default_text_size(&self, pixels: u32) {
        self.cdp(
            "Page.setFontSizes",
            json!({ "fontSizes": { "standard": pixels } }),
        )
        .await;
    }

    /// Runs JavaScript in the page and returns its value.
    pub async fn js(&self, script: &str) -> Value {
        self.client
            .execute(script, vec![])
            .await
            .unwrap_or_else(|error| panic!("script failed in {}: {error}\n{script}", self.engine))
    }

    /// Sends a Chrome DevTools Protocol command through chromedriver (`goog/cdp/execute`),
    /// for what WebDriver has no word for, such as slowing the CPU.
    pub async fn cdp(&self, command: &str, params: Value) -> Value {
        assert_eq!(
            self.engine,
            Engine::Chromium,
            "DevTools command {command} asked of {}: only Chromium has DevTools",
            self.engine
        );
        self.client
            .issue_cmd(DevToolsCommand {
                command: command.to_owned(),
                params,
            })
            .await
            .unwrap_or_else(|error| panic!("DevTools command {command} failed: {error}"))
    }

    /// Polls a JavaScript expression until it is true, or fails the test after 10 s (25 s
    /// in Firefox and WebKit), with any script error the page recorded (what an engine
    /// lacking something the page uses shows first).
    pub async fn wait_for(&self, expression: &str) {
        let started = Instant::now();
        while self.js(&format!("return Boolean({expression});")).await != Value::Bool(true) {
            if started.elapsed() >= self.engine.patience() {
                let errors = self
                    .js("return window.wellcheckPageErrors ?? 'not recorded by this page';")
                    .await;
                panic!(
                    "{}: timed out waiting for: {expression}\nscript errors on the page: {errors}",
                    self.engine
                );
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Presses keys one after another, as a person at a keyboard would.
    pub async fn press(&self, keys: &[char]) {
        let mut actions = KeyActions::new("keyboard".to_owned());
        for key in keys {
            actions = actions
                .then(KeyAction::Down { value: *key })
                .then(KeyAction::Up { value: *key });
        }
        self.client
            .perform_actions(actions)
            .await
            .unwrap_or_else(|error| panic!("{}: pressing keys: {error}", self.engine));
    }

    /// Waits until the first widget on the page has rendered a page or a setup message.
    pub async fn wait_for_widget(&self) {
        // The widget itself, not the pre-rendered first page shown while its module loads
        // (on that page, answers and Continue are held until the widget takes over).
        self.wait_for(&format!(
            "{WIDGET_ROOT} && {WIDGET_ROOT}.querySelector('[data-wc-page], [data-wc-setup-problem]') && !{WIDGET_ROOT}.querySelector('[data-wc-first-page]')"
        ))
        .await;
    }

    /// Where the first widget is: `{kind, form, item, controls: [...]}`.
    pub async fn widget_page(&self) -> Value {
        self.js(&format!(
            "const root = {WIDGET_ROOT}; const page = root && root.querySelector('[data-wc-page]');
             if (!page) return {{ kind: 'none' }};
             const controls = [...page.querySelectorAll('fieldset.wc-question, div.wc-question')].map((q) => {{
               const radios = [...q.querySelectorAll('input[type=radio]')];
               if (radios.length) return {{ type: 'radio', name: radios[0].name, values: radios.map((r) => Number(r.value)) }};
               const input = q.querySelector('input');
               return {{ type: 'number', id: input.id, min: Number(input.dataset.wcMin), max: Number(input.dataset.wcMax) }};
             }});
             return {{ kind: page.dataset.wcPage, form: Number(page.dataset.wcForm ?? -1), item: Number(page.dataset.wcItem ?? -1), controls }};"
        ))
        .await
    }

    /// What has focus inside the first widget: `radio:<name>:<value>`, `number:<id>`,
    /// `button:<text>`, `heading:<text>`, `error-summary`, `link:<text>`, or `outside`.
    pub async fn focused(&self) -> String {
        let value = self
            .js(&format!(
                "const root = {WIDGET_ROOT}; const el = root && root.activeElement;
                 if (!el) return 'outside';
                 const text = el.textContent.trim().replace(/\\s+/g, ' ');
                 if (el.matches('input[type=radio]')) return `radio:${{el.name}}:${{el.value}}`;
                 if (el.matches('input')) return `number:${{el.id}}`;
                 if (el.matches('button')) return `button:${{el.dataset.wcAction || text}}`;
                 if (el.matches('h2')) return `heading:${{text}}`;
                 if (el.matches('[data-wc-error-summary]')) return 'error-summary';
                 if (el.matches('a')) return `link:${{text}}`;
                 return `${{el.tagName.toLowerCase()}}:${{text.slice(0, 40)}}`;"
            ))
            .await;
        value.as_str().unwrap_or_default().to_owned()
    }

    /// Presses Tab until the focused element's description starts with `prefix`.
    pub async fn tab_to(&self, prefix: &str) {
        let tab: char = fantoccini::key::Key::Tab.into();
        let mut seen = Vec::new();
        for _ in 0..40 {
            let now = self.focused().await;
            if now.starts_with(prefix) {
                return;
            }
            seen.push(now);
            self.press(&[tab]).await;
        }
        panic!(
            "{}: Tab never reached `{prefix}`; focus went through: {seen:?}",
            self.engine
        );
    }

    /// Runs axe-core (WCAG 2.0-2.2 A and AA rules) on the whole page, shadow DOM included;
    /// returns one line per violation.
    pub async fn axe_violations(&self) -> Vec<String> {
        if self.js("return typeof window.axe;").await != Value::String("object".into()) {
            let source =
                std::fs::read_to_string(required_env("AXE_SOURCE")).expect("reading axe.min.js");
            self.client
                .execute(&source, vec![])
                .await
                .unwrap_or_else(|error| panic!("{}: injecting axe-core: {error}", self.engine));
        }
        let result = self
            .client
            .execute_async(
                // axe-core adds an inline <style> of its own while it runs, which the site's
                // CSP refuses: that refusal is the test tool's, not the page's, so the
                // page's list of violations (diagnostics.js) is put back as it was.
                "const done = arguments[arguments.length - 1];
                 const violations = window.wellcheckCspViolations;
                 const before = violations ? violations.length : 0;
                 const settle = () => new Promise((resolve) => setTimeout(resolve, 50));
                 axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } })
                   .then((r) => settle().then(() => { if (violations) violations.splice(before); return r; }))
                   .then((r) => done(r.violations.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`)))
                   .catch((e) => done([`axe failed: ${e}`]));",
                vec![],
            )
            .await
            .unwrap_or_else(|error| panic!("{}: running axe-core: {error}", self.engine));
        strings(&result)
    }

    /// Layout problems a person would meet: interactive targets under 44x44 CSS px inside the
    /// widget, radio groups not grouped in a fieldset with a legend, and content wider than
    /// the viewport (horizontal scrolling).
    pub async fn layout_problems(&self) -> Vec<String> {
        let result = self
            .js(
                "const problems = [];
                 for (const host of document.querySelectorAll('wellcheck-questionnaire')) {
                   for (const el of host.shadowRoot.querySelectorAll('input, button, a, select, textarea')) {
                     const r = el.getBoundingClientRect();
                     if (r.width === 0 && r.height === 0) continue;
                     if (r.width < 44 || r.height < 44) problems.push(`target ${el.tagName.toLowerCase()} '${el.textContent.trim().slice(0, 30) || el.id || el.name}' is ${Math.round(r.width)}x${Math.round(r.height)}`);
                   }
                 }
                 for (const host of document.querySelectorAll('wellcheck-questionnaire')) {
                   for (const radio of host.shadowRoot.querySelectorAll('input[type=radio]')) {
                     const fieldset = radio.closest('fieldset');
                     if (!fieldset || !fieldset.querySelector(':scope > legend')?.textContent.trim()) problems.push(`radio ${radio.name} is not in a fieldset with a legend`);
                   }
                 }
                 if (document.documentElement.scrollWidth > window.innerWidth) problems.push(`page scrolls sideways: ${document.documentElement.scrollWidth} > ${window.innerWidth}`);
                 return problems;"
            )
            .await;
        strings(&result)
    }

    /// Ends the browser session; dropping the session then stops chromedriver and the server.
    pub async fn close(self) {
        let _ = self.client.clone().close().await;
    }
}
