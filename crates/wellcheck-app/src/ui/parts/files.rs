//! Giving the worker a file: a backup, a CSV export, a FHIR Bundle, a printable report.

use wasm_bindgen::JsCast;

/// Offers `text` to the person as a download named `name`.
pub fn download(name: &str, mime: &str, text: &str) -> Result<(), String> {
    let blob = gloo_file::Blob::new_with_options(text, Some(mime));
    let url = gloo_file::ObjectUrl::from(blob);
    let document = web_sys::window()
        .and_then(|window| window.document())
        .ok_or("no document")?;
    let link = document
        .create_element("a")
        .map_err(|_| "no link")?
        .dyn_into::<web_sys::HtmlAnchorElement>()
        .map_err(|_| "no link")?;
    link.set_href(&url);
    link.set_download(name);
    // In the page while it is clicked: some browsers ignore a click on a detached link.
    let body = document.body().ok_or("no page body")?;
    body.append_child(&link).map_err(|_| "no link")?;
    link.click();
    link.remove();
    // Some browsers read the file from the URL after the click returns: it is released a
    // minute later, not at once.
    gloo_timers::callback::Timeout::new(60_000, move || drop(url)).forget();
    Ok(())
}
