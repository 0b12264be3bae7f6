//! The release package as a practice's web editor uses it (`cargo xtask package`): the npm
//! tarball installed with `npm install` (by the package step) and served from another
//! origin, standing in for a CDN with the cross-origin header CDNs send, under a practice
//! page whose Content-Security-Policy names that origin, as the package's README tells
//! editors to ask for; and the self-hosting zip unpacked onto the practice's own site. In
//! both, a patient answers to the result, and `fhirBundle()` and `licensedText` (which fetch
//! the on-demand module) work.

use std::io::Read as _;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};

use serde_json::Value;
use wellcheck_e2e::{Session, fake_licensed_text};

use crate::widget_driver::{answer, press, shown};

fn env_path(name: &str) -> PathBuf {
    PathBuf::from(
        std::env::var_os(name)
            .unwrap_or_else(|| panic!("{name} is not set: run the tests with `cargo xtask test`")),
    )
}

fn local() -> SocketAddr {
    SocketAddr::from((Ipv4Addr::LOCALHOST, 0))
}

/// The code blocks of the package README (as the installed package carries it, with its
/// version), in order, as `(language, text)`.
fn readme_blocks(package: &Path) -> Vec<(String, String)> {
    xtask::markdown::code_blocks(&std::fs::read_to_string(package.join("README.md")).unwrap())
}

/// The README's block of one language holding `marker`.
fn readme_block(package: &Path, language: &str, marker: &str) -> String {
    readme_blocks(package)
        .into_iter()
        .find(|(lang, text)| lang == language && text.contains(marker))
        .map(|(_, text)| text.trim().to_owned())
        .unwrap_or_else(|| panic!("no {language} block with `{marker}` in the README"))
}

/// The README's Content-Security-Policy lines for the CDN or for self-hosting, on a site
/// whose own policy allows nothing else (`default-src 'self'`).
fn readme_policy(package: &Path, from_the_cdn: bool) -> String {
    let policy = readme_blocks(package)
        .into_iter()
        .filter(|(lang, text)| lang == "text" && text.contains("script-src"))
        .map(|(_, text)| text.trim().to_owned())
        .find(|text| text.contains("cdn.jsdelivr.net") == from_the_cdn)
        .expect("the README's policy");
    format!("default-src 'self'; {policy}")
}

/// A practice's page made of the package README's own snippets, pasted as an editor would:
/// the script tag (`module_tag`, one of the README's two), the questionnaire with its `id`,
/// the options file saved as the README says and loaded from `<head>`. A licensed
/// questionnaire with its wording (a file of the test's own) shows `licensedText` working.
fn practice_page(site: &Path, package: &Path, module_tag: &str) {
    std::fs::create_dir_all(site).unwrap();
    let blocks = readme_blocks(package);
    let at_options = blocks
        .iter()
        .position(|(_, text)| text.contains("id=\"loneliness-check\""))
        .expect("the README's options example");
    let (element, options_file, options_tag) = match &blocks[at_options..at_options + 3] {
        [(a, element), (b, file), (c, tag)] if a == "html" && b == "js" && c == "html" => {
            (element.trim(), file, tag.trim())
        }
        other => {
            panic!("the README's options example is not an element, a file and a tag: {other:?}")
        }
    };
    assert!(options_tag.contains("practice-options.js"), "{options_tag}");
    std::fs::write(site.join("practice-options.js"), options_file).unwrap();
    let stylesheet = format!(
        "{}\n{}\n",
        readme_block(package, "css", "@media print"),
        readme_block(package, "css", "--wc-color-button")
    );
    std::fs::write(site.join("site.css"), stylesheet).unwrap();
    let wording = serde_json::to_string(&fake_licensed_text("swemwbs")).unwrap();
    std::fs::write(
        site.join("licensed.js"),
        format!(
            "window.addEventListener('DOMContentLoaded', () => {{
               document.getElementById('wellbeing-check').options = {{ licensedText: {wording} }};
             }});\n"
        ),
    )
    .unwrap();
    std::fs::write(
        site.join("index.html"),
        format!(
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <title>Riverside Medical Practice: how are you?</title>\n\
             <link rel=\"stylesheet\" href=\"/site.css\">\n\
             {module_tag}\n{options_tag}\n<script src=\"/licensed.js\"></script>\n</head>\n<body>\n\
             <header><a href=\"/\">Riverside Medical Practice</a><nav><a href=\"/\">Home</a></nav></header>\n<main>\n\
             <h1>How are you?</h1>\n{element}\n\
             <wellcheck-questionnaire id=\"wellbeing-check\" instrument=\"swemwbs\" resume=\"off\"></wellcheck-questionnaire>\n\
             </main>\n</body>\n</html>\n"
        ),
    )
    .unwrap();
}

/// The README's script tag for one of its two ways: the first line of the block that loads
/// `wellcheck.js` from `address_part`.
fn readme_module_tag(package: &Path, address_part: &str) -> String {
    readme_blocks(package)
        .into_iter()
        .filter(|(language, _)| language == "html")
        .flat_map(|(_, text)| text.lines().map(str::to_owned).collect::<Vec<_>>())
        .find(|line| line.contains("wellcheck.js") && line.contains(address_part))
        .unwrap_or_else(|| panic!("no script tag for {address_part} in the README"))
}

/// A patient answers UCLA-3 to the result; the host gets its Bundle; the licensed
/// questionnaire shows the supplied wording; nothing was refused by the page's policy.
async fn a_patient_answers_and_the_host_gets_the_bundle(session: &Session, place: &str) {
    session
        .wait_for("document.querySelector('#loneliness-check')?.shadowRoot?.querySelector('[data-wc-page=question]') && !document.querySelector('#loneliness-check').shadowRoot.querySelector('[data-wc-first-page]')")
        .await;
    // The README's colours reach inside the questionnaire (its button: #00703c).
    let button = session
        .js("return getComputedStyle(document.querySelector('#loneliness-check').shadowRoot.querySelector('[data-wc-action=continue]')).backgroundColor;")
        .await;
    assert_eq!(
        button, "rgb(0, 112, 60)",
        "{place}: the README's colours did not apply"
    );
    for value in [2, 3, 2] {
        answer(session, 0, value).await;
    }
    press(session, 0, "see-result").await;
    session
        .wait_for(
            "document.querySelector('#loneliness-check').shadowRoot.querySelector('.wc-result')",
        )
        .await;
    let result = shown(session, 0).await;
    assert!(
        result.contains("Riverside Medical Practice") || result.contains("Tuesday coffee morning"),
        "{place}: the options set from <head> did not apply: {result}"
    );
    let bundle = session
        .js("return document.querySelector('#loneliness-check').fhirBundle();")
        .await;
    assert_eq!(bundle["resourceType"], "Bundle", "{place}: {bundle}");
    assert!(
        bundle["entry"]
            .as_array()
            .is_some_and(|entries| entries.len() >= 2),
        "{place}: {bundle}"
    );
    // The licensed questionnaire, its wording checked by the on-demand module, is shown.
    session
        .wait_for("document.querySelector('#wellbeing-check').shadowRoot.textContent.includes('FAKE WORDING FOR')")
        .await;
    // The README's print rule: printed, the site's header and menu are gone; the result stays.
    session.emulate_media("print").await;
    let printed = session
        .js("return [getComputedStyle(document.querySelector('header')).display, getComputedStyle(document.querySelector('nav')).display, getComputedStyle(document.querySelector('#loneliness-check')).display];")
        .await;
    assert_eq!(printed[0], "none", "{place}: {printed}");
    assert_eq!(printed[1], "none", "{place}: {printed}");
    assert_ne!(printed[2], "none", "{place}: {printed}");
    session.emulate_media("").await;
    let refused = session
        .js("return performance.getEntriesByType('resource').filter((r) => r.responseStatus >= 400 && !r.name.endsWith('/favicon.ico')).map((r) => r.name);")
        .await;
    assert_eq!(refused, Value::Array(Vec::new()), "{place}");
}

#[tokio::test]
async fn from_a_cdn_on_another_origin_under_the_policy_the_readme_gives() {
    let package = env_path("WELLCHECK_PACKAGE_DIR");
    let (cdn, _cdn) = xtask::site::spawn_cdn(package.clone(), local())
        .await
        .unwrap();
    let cdn = format!("http://{cdn}");
    let site = std::env::temp_dir().join(format!("wellcheck-e2e-practice-{}", std::process::id()));
    // The README's CDN line, pointed at the stand-in CDN instead of jsDelivr.
    let tag = readme_module_tag(&package, "cdn.jsdelivr.net");
    let jsdelivr = tag
        .split('"')
        .find(|part| part.starts_with("https://cdn.jsdelivr.net/"))
        .and_then(|address| address.strip_suffix("/wellcheck.js"))
        .unwrap()
        .to_owned();
    practice_page(&site, &package, &tag.replace(&jsdelivr, &cdn));
    // The README's policy for the CDN, exactly, with the test's origin for jsDelivr's.
    let policy = readme_policy(&package, true).replace("https://cdn.jsdelivr.net", &cdn);
    let (practice, _practice) = xtask::site::spawn_with_policy(site.clone(), &policy, local())
        .await
        .unwrap();
    let session = Session::start_blank(1024, 768).await;
    session.open_url(&format!("http://{practice}/")).await;
    a_patient_answers_and_the_host_gets_the_bundle(&session, "from the CDN").await;
    // Every file came from the CDN's origin, none from the practice's but its own page.
    let from = session
        .js("return performance.getEntriesByType('resource').map((r) => new URL(r.name).origin);")
        .await;
    let origins: Vec<&str> = from
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(origins.contains(&cdn.as_str()), "{origins:?}");
    let violations = session.axe_violations().await;
    assert!(violations.is_empty(), "{violations:#?}");
    session.close().await;
    std::fs::remove_dir_all(&site).unwrap();
}

#[tokio::test]
async fn from_the_self_hosting_zip_unpacked_onto_the_practices_site() {
    let zip = env_path("WELLCHECK_PACKAGE_ZIP");
    let site = std::env::temp_dir().join(format!("wellcheck-e2e-selfhost-{}", std::process::id()));
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&zip).unwrap()).unwrap();
    let mut folder = None;
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).unwrap();
        let name = entry.enclosed_name().expect("a safe path in the zip");
        folder.get_or_insert_with(|| name.components().next().unwrap().as_os_str().to_owned());
        let to = site.join(&name);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        std::fs::write(to, bytes).unwrap();
    }
    let folder = folder.unwrap().to_string_lossy().into_owned();
    assert!(
        folder.starts_with("wellcheck-"),
        "the zip's folder carries the version: {folder}"
    );
    // The README's self-hosted line, exactly as written: the zip's folder is where it points.
    let tag = readme_module_tag(&site.join(&folder), &format!("/{folder}/wellcheck.js"));
    practice_page(&site, &site.join(&folder), &tag);
    let policy = readme_policy(&site.join(&folder), false);
    let (practice, _practice) = xtask::site::spawn_with_policy(site.clone(), &policy, local())
        .await
        .unwrap();
    let session = Session::start_blank(1024, 768).await;
    session.open_url(&format!("http://{practice}/")).await;
    a_patient_answers_and_the_host_gets_the_bundle(&session, "self-hosted").await;
    session.close().await;
    std::fs::remove_dir_all(&site).unwrap();
}

#[tokio::test]
async fn the_check_page_says_what_works_and_names_a_policy_that_refuses_it() {
    let package = env_path("WELLCHECK_PACKAGE_DIR");
    let good = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; style-src 'self'";
    // A site whose policy lacks 'wasm-unsafe-eval', as many hosting suppliers' do.
    let bad = "default-src 'self'; script-src 'self'; connect-src 'self'; style-src 'self'";
    for (policy, works) in [(good, true), (bad, false)] {
        let (site, _site) = xtask::site::spawn_with_policy(package.clone(), policy, local())
            .await
            .unwrap();
        let session = Session::start_blank(1024, 768).await;
        session.open_url(&format!("http://{site}/check.html")).await;
        let done = if works {
            "document.querySelector('#findings').textContent.includes('it works on this site')"
        } else {
            "document.querySelector('#findings [data-check=problem]')"
        };
        session.wait_for(done).await;
        let found = session
            .js("return [...document.querySelectorAll('#findings li')].map((li) => li.dataset.check + ': ' + li.textContent);")
            .await;
        let found: Vec<&str> = found
            .as_array()
            .unwrap()
            .iter()
            .filter_map(Value::as_str)
            .collect();
        if works {
            assert!(
                found.iter().all(|line| line.starts_with("ok: ")),
                "{found:#?}"
            );
            assert!(
                found.iter().any(|line| line.contains("application/wasm")),
                "{found:#?}"
            );
            assert!(
                found
                    .iter()
                    .any(|line| line.contains("Content-Security-Policy lets the questionnaire run")),
                "{found:#?}"
            );
            assert!(
                found
                    .iter()
                    .any(|line| line.contains("definitions/ucla-3.bin is served")),
                "{found:#?}"
            );
            assert!(
                found.iter().any(|line| line
                    == &"ok: The check and result pages (wellcheck_web_later.wasm) are served."),
                "{found:#?}"
            );
            let violations = session.axe_violations().await;
            assert!(violations.is_empty(), "{violations:#?}");
            // The page's own questionnaire, whose file the server lacks.
            session
                .open_url(&format!("http://{site}/check.html?instrument=phq-99"))
                .await;
            session
                .wait_for("document.querySelector('#findings [data-check=problem]')")
                .await;
            let problems = session
                .js("return [...document.querySelectorAll('#findings [data-check=problem]')].map((li) => li.textContent).join(' | ');")
                .await;
            assert!(
                problems.as_str().unwrap().contains(
                    "The questionnaire's file definitions/phq-99.bin could not be fetched (HTTP 404). If \"phq-99\" is the right name"
                ),
                "{problems}"
            );
        } else {
            assert!(
                found.iter().any(|line| line.starts_with("problem: ")
                    && line.contains("add 'wasm-unsafe-eval' to the policy's script-src.")),
                "{found:#?}"
            );
            let messages = session
                .js("return document.querySelector('#messages').textContent;")
                .await;
            assert!(
                messages.as_str().unwrap().contains("wellcheck:"),
                "{messages}"
            );
        }
        session.close().await;
    }
}
