//! The first page of each built-in questionnaire, rendered when the widget is built by the
//! very components that render it in the browser (Yew's server-side rendering, run
//! natively), so a page can show the first question from a few kilobytes while the
//! WebAssembly downloads. `wellcheck.js` shows it and hands over to the live widget, which
//! renders the same markup; nothing here is a hand-written copy of a questionnaire.

use wellcheck_core::json_text::Value;
use yew::{Callback, LocalServerRenderer};

use crate::components::widget::{Widget, WidgetProps};

/// The interface languages a first page is rendered in.
pub const LANGUAGES: [&str; 2] = ["en", "cy"];

/// The `resume` settings a first page is rendered for, with the suffix its file carries
/// (`ucla-3.en.html`, `ucla-3.en.resume-off.html`): the setting changes the page's footer.
pub const RESUMES: [(&str, &str); 3] = [
    ("tab", ""),
    ("off", ".resume-off"),
    ("device", ".resume-device"),
];

/// The options `wellcheck.js` gives the widget for `<wellcheck-questionnaire {attribute}="{id}"
/// language="{language}" resume="{resume}">` with nothing else set, and no answers saved.
pub fn default_options(attribute: &str, id: &str, language: &str, resume: &str) -> String {
    Value::object([
        (attribute, Value::text(id)),
        ("language", Value::text(language)),
        ("resume", Value::text(resume)),
        ("storageKey", Value::text(id)),
    ])
    .to_text()
}

/// The first page the widget shows for these options, as HTML (the widget's root and what
/// is inside it), or `None` when it shows no questionnaire (a licensed one without its
/// wording, an unknown id).
pub fn first_page(options: &str) -> Option<String> {
    let props = WidgetProps {
        options: options.to_owned().into(),
        emit: Callback::noop(),
    };
    let html = futures::executor::block_on(
        LocalServerRenderer::<Widget>::with_props(props)
            .hydratable(false)
            .render(),
    );
    let shows_a_question = html.contains("data-wc-page=\"question\"");
    shows_a_question.then_some(html)
}

/// Every first page there is to render: `(file stem, HTML)`, e.g. `("ucla-3.en", …)`, for
/// each built-in questionnaire and battery, in each language and for each `resume` setting.
/// One that shows no questionnaire without more (a licensed one, before its wording) has an
/// empty page: `wellcheck.js` then waits for the widget, and the page meets no missing file.
pub fn every_first_page() -> Vec<(String, String)> {
    let subjects = crate::builtin::ids()
        .into_iter()
        .map(|id| ("instrument", id))
        .chain(
            crate::builtin::battery_ids()
                .into_iter()
                .map(|id| ("battery", id)),
        );
    let mut pages = Vec::new();
    for (attribute, id) in subjects {
        for language in LANGUAGES {
            for (resume, suffix) in RESUMES {
                let options = default_options(attribute, id, language, resume);
                let html = first_page(&options).unwrap_or_default();
                pages.push((format!("{id}.{language}{suffix}"), html));
            }
        }
    }
    pages
}
