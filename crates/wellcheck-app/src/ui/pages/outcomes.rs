//! The scheme's outcomes over the records on this tablet: the core's outcome analysis (the
//! one `wellcheck report` runs) over every finished form, shown with the core's own report
//! body (rules, n, both directions, who came back, caveats, charts with their data tables),
//! a choice of rule, a print layout, and the same report as a stand-alone page to hand on.

use std::rc::Rc;

use wellcheck_outcomes::{Outcomes, Rule, html};
use yew::prelude::*;

use crate::exports::{Form, finished_forms, outcomes, outcomes_from_index};
use crate::ui::parts::files::download;
use crate::ui::use_session;
use wellcheck_web::kit::status;

/// What the page shows once the records are read.
struct Loaded {
    forms: Vec<Form>,
    problems: Vec<String>,
}

fn rule_words(rule: Rule) -> &'static str {
    match rule {
        Rule::Default => "Each score's own threshold (recommended)",
        Rule::AnyChange => "Any change in the better direction",
        Rule::Meaningful => "At least the minimal important change",
        Rule::Reliable => "At least the reliable-change threshold",
        Rule::Band => "A move to a better or worse band",
        Rule::Rci => "Reliable change index beyond 1.96",
    }
}

/// The outcomes screen.
#[component]
pub fn OutcomesPage() -> Html {
    let session = use_session();
    let loaded = use_state(|| None::<Result<Rc<Loaded>, String>>);
    let rule = use_state(|| Rule::Default);
    let message = use_state(|| None::<String>);
    let tablet = match session.index.settings.tablet_name.as_str() {
        "" => "TABLET".to_owned(),
        name => name.to_owned(),
    };
    // From the index alone when every finished visit's line carries its digest (one record,
    // already open); otherwise every record is read, the long way, to the same figures.
    let quick = outcomes_from_index(&session.index, &tablet, *rule);
    {
        let (loaded, session) = (loaded.clone(), session.clone());
        use_effect_with(quick.is_none(), move |long_way| {
            if *long_way {
                yew::platform::spawn_local(async move {
                    loaded.set(Some(match session.caseload.0.all_records().await {
                        Ok((clients, visits)) => {
                            let (forms, problems) = finished_forms(&clients, &visits, &tablet);
                            Ok(Rc::new(Loaded { forms, problems }))
                        }
                        Err(error) => Err(error.to_string()),
                    }));
                });
            }
        });
    }
    let (mut report, mut left_out, counted): (Outcomes, Vec<String>, usize) = match quick {
        Some(found) => found,
        None => {
            let found = match &*loaded {
                None => {
                    return html! { <p class="wc-status" role="status">{ "Reading the records…" }</p> };
                }
                Some(Err(error)) => {
                    return html! { <p class="app-panel app-panel-error" role="alert">{ error.clone() }</p> };
                }
                Some(Ok(found)) => Rc::clone(found),
            };
            let (report, mut left_out) = outcomes(&found.forms, *rule);
            left_out.extend(found.problems.iter().cloned());
            (report, left_out, found.forms.len())
        }
    };
    // The headline names the scheme (Settings); the sections follow the battery's order.
    report.scheme =
        Some(session.index.settings.scheme_name.clone()).filter(|name| !name.is_empty());
    left_out.sort();
    let onchange = {
        let rule = rule.clone();
        Callback::from(move |event: Event| {
            if let Some(select) = event.target_dyn_into::<web_sys::HtmlSelectElement>()
                && let Some(chosen) = Rule::parse(&select.value())
            {
                rule.set(chosen);
            }
        })
    };
    let print = Callback::from(|_| {
        if let Some(window) = web_sys::window() {
            let _ = window.print();
        }
    });
    let report = Rc::new(report);
    let save_page = {
        let (message, today, report) = (message.clone(), session.today.clone(), Rc::clone(&report));
        Callback::from(move |_| {
            // Written when asked for, not at every drawing of the page.
            let page = html::render(
                &report,
                concat!("wellcheck ", env!("CARGO_PKG_VERSION"), " (tablet app)"),
            );
            let file = format!("wellcheck-outcomes-{today}.html");
            message.set(Some(match download(&file, "text/html", &page) {
                Ok(()) => format!("Downloaded {file}: the same report as a page that opens and prints anywhere. It holds no client's details."),
                Err(error) => format!("The page could not be offered as a download ({error})."),
            }));
        })
    };
    let body = Html::from_html_unchecked(AttrValue::from(html::body(&report)));
    html! {
        <div class="app-outcomes">
            <h1>{ "Your scheme's outcomes" }</h1>
            <p class="app-no-print">{ format!(
                "From the {} finished questionnaires on this tablet. To combine several tablets, export each one's forms (Settings) and run wellcheck report over the files.",
                counted
            ) }</p>
            if counted == 0 {
                <p>{ "No visit has been finished yet, so there is nothing to report." }</p>
            } else {
                <div class="app-filters app-no-print">
                    <div class="wc-field">
                        <label class="wc-label" for="outcome-rule">{ "How a change is counted" }</label>
                        <select id="outcome-rule" class="wc-select" {onchange} data-app-rule="">
                            { for Rule::ALL.into_iter().map(|option| html! {
                                <option value={option.as_str()} selected={option == *rule}>{ rule_words(option) }</option>
                            }) }
                        </select>
                    </div>
                </div>
                <div class="app-button-row app-no-print">
                    <button type="button" class="wc-button" onclick={print} data-app-print="">{ "Print" }</button>
                    <button type="button" class="wc-button wc-button-secondary" onclick={save_page} data-app-save-report="">{ "Download as a page to hand on" }</button>
                </div>
                { status(&message) }
                if !left_out.is_empty() {
                    <div class="app-warning" role="note" data-app-left-out="">
                        <h2>{ "Left out of these figures" }</h2>
                        <ul>{ for left_out.iter().map(|line| html! { <li>{ line.clone() }</li> }) }</ul>
                    </div>
                }
                // The core's report body: its text is escaped by the core, and it carries no
                // script and no style attribute (so the app's CSP holds).
                <div class="app-report" data-app-report="">{ body }</div>
            }
        </div>
    }
}
