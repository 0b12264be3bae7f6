//! The static web server behind `cargo xtask serve` and the end-to-end tests.
//!
//! It serves `www/` at `/`, the built widget (`dist/wellcheck/`) at `/wellcheck/` and the
//! tablet app (`dist/app/`) at `/app/`, with
//! the strict Content-Security-Policy a careful practice website would send, so that every
//! page we test proves the widget works under it.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use axum::Router;
use axum::http::{HeaderName, HeaderValue};
use axum::response::IntoResponse;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

/// The policy every page is served with: no inline script or style, no eval, nothing from
/// other origins; `'wasm-unsafe-eval'` is what compiling our own WebAssembly needs.
pub const CONTENT_SECURITY_POLICY: &str =
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";

/// Where the site's files are.
#[derive(Debug, Clone)]
pub struct SiteRoots {
    /// The static site (`www/`).
    pub www: PathBuf,
    /// The built widget folder (`dist/wellcheck/`), served at `/wellcheck/`.
    pub widget: PathBuf,
    /// The built tablet app (`dist/app/`), served at `/app/`.
    pub app: PathBuf,
}

impl SiteRoots {
    /// The roots inside a checkout of the repository.
    pub fn in_workspace(workspace: &Path) -> SiteRoots {
        SiteRoots {
            www: workspace.join("www"),
            widget: workspace.join("dist").join("wellcheck"),
            app: workspace.join("dist").join("app"),
        }
    }
}

/// The router for the site.
pub fn router(roots: &SiteRoots) -> Router {
    let header = |name: &'static str, value: &'static str| {
        SetResponseHeaderLayer::overriding(
            HeaderName::from_static(name),
            HeaderValue::from_static(value),
        )
    };
    Router::new()
        .nest_service("/wellcheck", ServeDir::new(&roots.widget))
        .nest_service("/app", ServeDir::new(&roots.app))
        .fallback_service(ServeDir::new(&roots.www))
        .layer(header("content-security-policy", CONTENT_SECURITY_POLICY))
        .layer(header("cache-control", "no-cache"))
        .layer(header("x-content-type-options", "nosniff"))
}

/// Binds `addr` (port 0 picks a free port) and serves the site until the task is dropped.
/// Returns the address actually bound.
pub async fn spawn(
    roots: &SiteRoots,
    addr: SocketAddr,
) -> std::io::Result<(SocketAddr, tokio::task::JoinHandle<()>)> {
    spawn_with_outage(roots, addr, Outage::default()).await
}

/// A switch that makes the server fail every request (503), as if the network were cut:
/// the end-to-end tests use it to show the tablet app runs from its offline cache. Unlike
/// stopping the server, it also covers connections the browser keeps open.
#[derive(Debug, Clone, Default)]
pub struct Outage(Arc<AtomicBool>);

impl Outage {
    /// Cuts the network (`true`) or restores it.
    pub fn set(&self, cut: bool) {
        self.0.store(cut, Ordering::SeqCst);
    }

    fn is_cut(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}

/// [`spawn`], with an [`Outage`] switch.
pub async fn spawn_with_outage(
    roots: &SiteRoots,
    addr: SocketAddr,
    outage: Outage,
) -> std::io::Result<(SocketAddr, tokio::task::JoinHandle<()>)> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let bound = listener.local_addr()?;
    let app = router(roots).layer(axum::middleware::from_fn(
        move |request: axum::extract::Request, next: axum::middleware::Next| {
            let outage = outage.clone();
            async move {
                if outage.is_cut() {
                    axum::http::StatusCode::SERVICE_UNAVAILABLE.into_response()
                } else {
                    next.run(request).await
                }
            }
        },
    ));
    let task = tokio::spawn(async move {
        // Serving ends only when the listener fails; the caller owns the task's lifetime.
        let _ = axum::serve(listener, app).await;
    });
    Ok((bound, task))
}

/// A gate that holds back one of the widget's WebAssembly files until it is opened, or
/// answers it with an error: the end-to-end tests use it to see what a person sees, and can
/// do, before a module arrives on a slow connection or when it cannot be had. By default it
/// gates the first load's module (`wellcheck_web_bg.wasm`); [`WasmGate::later_part`] gates
/// the check and result pages' (`wellcheck_web_later.wasm`). Open by default.
#[derive(Debug, Clone)]
pub struct WasmGate {
    open: Arc<tokio::sync::watch::Sender<bool>>,
    failing: Arc<AtomicBool>,
    damaged: Arc<AtomicBool>,
    file: &'static str,
}

impl Default for WasmGate {
    fn default() -> Self {
        WasmGate {
            open: Arc::new(tokio::sync::watch::channel(true).0),
            failing: Arc::default(),
            damaged: Arc::default(),
            file: "/wellcheck_web_bg.wasm",
        }
    }
}

impl WasmGate {
    /// A gate in front of the later part (`wellcheck_web_later.wasm`).
    pub fn later_part() -> Self {
        WasmGate {
            file: "/wellcheck_web_later.wasm",
            ..WasmGate::default()
        }
    }

    /// Holds the module back (`false`) or lets it through, with every request held so far.
    pub fn set_open(&self, open: bool) {
        self.open.send_replace(open);
    }

    /// Answers every request for the module with 503 Service Unavailable while set.
    pub fn set_failing(&self, failing: bool) {
        self.failing.store(failing, Ordering::SeqCst);
    }

    /// Serves the module with one byte of a class name changed while set: still a valid
    /// module, as a damaged copy in a cache might be.
    pub fn set_damaged(&self, damaged: bool) {
        self.damaged.store(damaged, Ordering::SeqCst);
    }

    async fn wait_open(&self) {
        let mut open = self.open.subscribe();
        // An error means the gate is gone: nothing holds the request any longer.
        let _ = open.wait_for(|open| *open).await;
    }
}

/// [`spawn`], with a [`WasmGate`] in front of one of the widget's WebAssembly files.
pub async fn spawn_with_gate(
    roots: &SiteRoots,
    addr: SocketAddr,
    gate: WasmGate,
) -> std::io::Result<(SocketAddr, tokio::task::JoinHandle<()>)> {
    let app = router(roots).layer(axum::middleware::from_fn(
        move |request: axum::extract::Request, next: axum::middleware::Next| {
            let gate = gate.clone();
            async move {
                if request.uri().path().ends_with(gate.file) {
                    if gate.failing.load(Ordering::SeqCst) {
                        return axum::http::StatusCode::SERVICE_UNAVAILABLE.into_response();
                    }
                    gate.wait_open().await;
                    if gate.damaged.load(Ordering::SeqCst) {
                        return damaged(next.run(request).await).await;
                    }
                }
                next.run(request).await
            }
        },
    ));
    serve_mounts(app, addr).await
}

/// The response with the first `wc-summary` in its body changed to `wc-summarz`.
async fn damaged(response: axum::response::Response) -> axum::response::Response {
    let (parts, body) = response.into_parts();
    let mut bytes = axum::body::to_bytes(body, usize::MAX)
        .await
        .map(|bytes| bytes.to_vec())
        .unwrap_or_default();
    if let Some(at) = bytes.windows(10).position(|window| window == b"wc-summary")
        && let Some(byte) = bytes.get_mut(at + 9)
    {
        *byte = b'z';
    }
    axum::response::Response::from_parts(parts, axum::body::Body::from(bytes))
}

/// A plain static server for third-party pages under test (such as LHC-Forms), which are
/// not ours and so are served without our Content-Security-Policy: `(url prefix, folder)`
/// pairs, the first with prefix `/` as the fallback.
pub async fn spawn_plain(
    mounts: &[(&str, PathBuf)],
    addr: SocketAddr,
) -> std::io::Result<(SocketAddr, tokio::task::JoinHandle<()>)> {
    serve_mounts(mounts_router(mounts), addr).await
}

/// A CDN as the package's end-to-end tests stand it in: the installed npm package's folder
/// at `/`, with the cross-origin header CDNs such as jsDelivr send
/// (`Access-Control-Allow-Origin: *`, so a module, its wasm and its on-demand module load
/// into a page of another origin) and a year's caching, as for a versioned path.
pub async fn spawn_cdn(
    folder: PathBuf,
    addr: SocketAddr,
) -> std::io::Result<(SocketAddr, tokio::task::JoinHandle<()>)> {
    let app = mounts_router(&[("/", folder)])
        .layer(SetResponseHeaderLayer::overriding(
            HeaderName::from_static("access-control-allow-origin"),
            HeaderValue::from_static("*"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            HeaderName::from_static("cache-control"),
            HeaderValue::from_static("public, max-age=31536000, immutable"),
        ));
    serve_mounts(app, addr).await
}

/// A practice's own site for the package's tests: `folder` at `/`, sent with `policy` as
/// its Content-Security-Policy (the one the package's README tells editors to ask for).
pub async fn spawn_with_policy(
    folder: PathBuf,
    policy: &str,
    addr: SocketAddr,
) -> std::io::Result<(SocketAddr, tokio::task::JoinHandle<()>)> {
    let policy = HeaderValue::from_str(policy).map_err(std::io::Error::other)?;
    let app = mounts_router(&[("/", folder)]).layer(SetResponseHeaderLayer::overriding(
        HeaderName::from_static("content-security-policy"),
        policy,
    ));
    serve_mounts(app, addr).await
}

/// Like [`spawn_plain`], but every response is gzip-compressed when the browser accepts it,
/// as a real site serves it: the side-by-side benchmark (`cargo xtask bench embed`) compares
/// bytes on the wire.
pub async fn spawn_gzip(
    mounts: &[(&str, PathBuf)],
    addr: SocketAddr,
) -> std::io::Result<(SocketAddr, tokio::task::JoinHandle<()>)> {
    let app =
        mounts_router(mounts).layer(tower_http::compression::CompressionLayer::new().gzip(true));
    serve_mounts(app, addr).await
}

fn mounts_router(mounts: &[(&str, PathBuf)]) -> Router {
    let mut app = Router::new();
    for (prefix, dir) in mounts {
        app = if *prefix == "/" {
            app.fallback_service(ServeDir::new(dir))
        } else {
            app.nest_service(prefix, ServeDir::new(dir))
        };
    }
    app
}

async fn serve_mounts(
    app: Router,
    addr: SocketAddr,
) -> std::io::Result<(SocketAddr, tokio::task::JoinHandle<()>)> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let bound = listener.local_addr()?;
    let task = tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    Ok((bound, task))
}
