//! The element as a practice or charity website uses it: several on a page, the script
//! included twice, structured options through `configure()`, host text that contains markup,
//! safety signposting, and answers that survive a reload.
//!
//! One file a part of what a host page and its visitors do; the page driver is
//! `widget_driver.rs`.

mod host_page;
mod safety;
mod layout;
mod editors;
mod answers_kept;
mod first_page;
mod later_part;

/// The demo site with `gate` in front of one of the widget's WebAssembly files.
async fn site_behind(gate: xtask::site::WasmGate) -> (String, tokio::task::JoinHandle<()>) {
    let workspace = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let roots = xtask::site::SiteRoots {
        www: workspace.join("www"),
        widget: std::path::PathBuf::from(
            std::env::var_os("WELLCHECK_WIDGET_DIR").expect("WELLCHECK_WIDGET_DIR"),
        ),
        app: wellcheck_e2e::Session::app_dir(),
    };
    let (address, server) = xtask::site::spawn_with_gate(
        &roots,
        std::net::SocketAddr::from((std::net::Ipv4Addr::LOCALHOST, 0)),
        gate,
    )
    .await
    .expect("serving the site");
    (format!("http://{address}"), server)
}
