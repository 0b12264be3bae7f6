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

/// Runs the `wellcheck` binary built for this test run.
pub fn wellcheck(args: &[&str]) -> Output {
    Command::new(required_env("WELLCHECK_CLI"))
        .args(args)
        .output()
        .expect("running the wellcheck CLI")
}

/// One browser session on the site.
pub struct Session {
    /// The WebDriver client.
    pub client: Client,
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    driver: std::process::Child,
    server: tokio::task::JoinHandle<()>,
}

impl Session {
    /// Serves the site, starts chromedriver and opens a headless Chromium of this window size.
    pub async fn start(width: u32, height: u32) -> Session {
        let workspace = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
        let roots = SiteRoots {
            www: workspace.join("www"),
            widget: required_env("WELLCHECK_WIDGET_DIR"),
        };
        let (address, server) = site::spawn(&roots, SocketAddr::from((Ipv4Addr::LOCALHOST, 0)))
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

        let mut args: Vec<String> = CHROME_ARGS.iter().map(|arg| (*arg).to_owned()).collect();
        args.push(format!("--window-size={width},{height}"));
        let mut capabilities = serde_json::Map::new();
        capabilities.insert(
            "goog:chromeOptions".into(),
            json!({ "binary": required_env("CHROME"), "args": args }),
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
        Session {
            client,
            base: format!("http://{address}"),
            driver,
            server,
        }
    }

    /// Opens a page of the site.
    pub async fn open(&self, path: &str) {
        self.client
            .goto(&format!("{}{path}", self.base))
            .await
            .expect("opening the page");
    }

    /// Runs JavaScript in the page and returns its value.
    pub async fn js(&self, script: &str) -> Value {
        self.client
            .execute(script, vec![])
            .await
            .unwrap_or_else(|error| panic!("script failed: {error}\n{script}"))
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

    /// Ends the browser, chromedriver and the server.
    pub async fn close(mut self) {
        let _ = self.client.close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        self.server.abort();
    }
}
