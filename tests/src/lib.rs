//! Harness for the end-to-end tests: the real site (served by the same code as
//! `cargo xtask serve`), a chromedriver, and a headless Chromium session driven through
//! WebDriver. `cargo xtask test` builds the widget and sets the environment this needs.
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

/// The flags headless Chromium needs as root on these machines, without which it floods
/// the closed network with background requests.
const CHROME_ARGS: &[&str] = &[
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
    driver: std::process::Child,
    server: tokio::task::JoinHandle<()>,
}

impl Drop for Session {
    /// A failing test must not leave chromedriver and its browser running.
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
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
        Session::start_with_app(width, height, Session::app_dir()).await
    }

    /// [`Session::start`], but the browser has opened nothing of the site: the viewport is
    /// checked on a blank page of its own. For benchmarks, where an earlier page of the site would
    /// leave the WebAssembly compiled and warm in the browser.
    pub async fn start_blank(width: u32, height: u32) -> Session {
        // A blank page of its own, with the phone viewport rule pages of the site have.
        let blank =
            "data:text/html,<meta name=viewport content='width=device-width, initial-scale=1'>";
        Session::launch(width, height, Session::app_dir(), blank).await
    }

    /// [`Session::start`], serving the tablet app from `app` (a copy a test may change, as
    /// a new release would).
    pub async fn start_with_app(width: u32, height: u32, app: PathBuf) -> Session {
        Session::launch(width, height, app, "/try.html?instrument=ucla-3&resume=off").await
    }

    /// Serves the site, starts the browser, and checks its viewport on `first` (a path of
    /// the site, or an address of its own).
    async fn launch(width: u32, height: u32, app: PathBuf, first: &str) -> Session {
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
        let driver = Command::new(required_env("CHROMEDRIVER"))
            .arg(format!("--port={port}"))
            .stdout(std::process::Stdio::null())
            .spawn()
            .expect("starting chromedriver");

        let args: Vec<String> = CHROME_ARGS.iter().map(|arg| (*arg).to_owned()).collect();
        // A desktop window cannot be narrower than 500 px, so the viewport is set by device
        // emulation: exactly `width` x `height` CSS px, as on a phone or tablet.
        let mut capabilities = serde_json::Map::new();
        capabilities.insert(
            "goog:chromeOptions".into(),
            json!({
                "binary": required_env("CHROME"),
                "args": args,
                "mobileEmulation": { "deviceMetrics": { "width": width, "height": height, "pixelRatio": 1.0, "touch": true, "mobile": true } }
            }),
        );
        let started = Instant::now();
        let client = loop {
            match ClientBuilder::new(HttpConnector::new())
                .capabilities(capabilities.clone())
                .connect(&format!("http://127.0.0.1:{port}"))
                .await
            {
                Ok(client) => break client,
                Err(error) if started.elapsed() > Duration::from_secs(20) => {
                    panic!("could not start a browser session through chromedriver: {error}")
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
            }
        };
        let session = Session {
            client,
            base: format!("http://{address}"),
            outage,
            driver,
            server,
        };
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
            "the browser did not give the viewport asked for"
        );
        session
    }

    /// Opens a page of the site.
    pub async fn open(&self, path: &str) {
        self.client
            .goto(&format!("{}{path}", self.base))
            .await
            .expect("opening the page");
    }

    /// Opens any address (a `file://` page, for one that must stand alone).
    pub async fn open_url(&self, url: &str) {
        self.client.goto(url).await.expect("opening the address");
    }

    /// Saves a screenshot of the viewport as `target/screenshots/<name>.png`, for a person
    /// to look at; returns its path.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let png = self.client.screenshot().await.expect("taking a screenshot");
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

    /// Runs JavaScript in the page and returns its value.
    pub async fn js(&self, script: &str) -> Value {
        self.client
            .execute(script, vec![])
            .await
            .unwrap_or_else(|error| panic!("script failed: {error}\n{script}"))
    }

    /// Sends a Chrome DevTools Protocol command through chromedriver (`goog/cdp/execute`),
    /// for what WebDriver has no word for, such as slowing the CPU.
    pub async fn cdp(&self, command: &str, params: Value) -> Value {
        self.client
            .issue_cmd(DevToolsCommand {
                command: command.to_owned(),
                params,
            })
            .await
            .unwrap_or_else(|error| panic!("DevTools command {command} failed: {error}"))
    }

    /// Polls a JavaScript expression until it is true, or fails the test after 10 s.
    pub async fn wait_for(&self, expression: &str) {
        let started = Instant::now();
        while self.js(&format!("return Boolean({expression});")).await != Value::Bool(true) {
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "timed out waiting for: {expression}"
            );
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
            .expect("pressing keys");
    }

    /// Waits until the first widget on the page has rendered a page or a setup message.
    pub async fn wait_for_widget(&self) {
        self.wait_for(&format!(
            "{WIDGET_ROOT} && {WIDGET_ROOT}.querySelector('[data-wc-page], [data-wc-setup-problem]')"
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
        panic!("Tab never reached `{prefix}`; focus went through: {seen:?}");
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
                .expect("injecting axe-core");
        }
        let result = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } })
                   .then((r) => done(r.violations.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`)))
                   .catch((e) => done([`axe failed: ${e}`]));",
                vec![],
            )
            .await
            .expect("running axe-core");
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
