//! `cargo xtask serve`: builds the widget and the tablet app and serves the demo site (with
//! the app at `/app/`) on 127.0.0.1.

use std::net::{Ipv4Addr, SocketAddr};

use anyhow::{Context, Result, bail};
use xtask::site::{self, SiteRoots};

use crate::cmd::say;
use crate::{dist, workspace_root};

/// `cargo xtask serve [--port N] [--no-build]`.
pub fn run(args: &[String]) -> Result<()> {
    let mut port: u16 = 8080;
    let mut build = true;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--port" => {
                let value = args.next().context("--port needs a number")?;
                port = value
                    .parse()
                    .with_context(|| format!("--port: `{value}` is not a port number"))?;
            }
            "--no-build" => build = false,
            other => bail!("serve: unknown option `{other}` (expected --port N or --no-build)"),
        }
    }
    let workspace = workspace_root();
    if build {
        dist::run()?;
    }
    let roots = SiteRoots::in_workspace(&workspace);
    if !roots.widget.join("wellcheck.js").exists() {
        bail!("dist/wellcheck/ has no built widget; run without --no-build");
    }
    let runtime = tokio::runtime::Runtime::new().context("starting the async runtime")?;
    runtime.block_on(async {
        let address = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
        let (bound, server) = site::spawn(&roots, address).await.with_context(|| {
            format!("cannot listen on {address} (is the port in use? try --port)")
        })?;
        say(format!(
            "serving the demo site at http://{bound}/ and the tablet app at http://{bound}/app/ (Ctrl-C to stop)"
        ));
        tokio::select! {
            _ = server => bail!("the server stopped unexpectedly"),
            _ = tokio::signal::ctrl_c() => {
                say("stopped");
                Ok(())
            }
        }
    })
}
