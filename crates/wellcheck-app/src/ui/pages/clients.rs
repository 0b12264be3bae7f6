//! The client list: search by reference or initials, sort by reference, last visit or
//! follow-up due, shown [`PAGE_SIZE`] at a time (a caseload of thousands draws at once on a
//! slow tablet, and search finds anyone in it), a reminder when no backup has been made for a week, and Safari's 7 days. It reads only the index (never a client's NHS number or notes).

use yew::prelude::*;

use crate::records::SortBy;
use crate::ui::{Screen, use_session};

/// How many clients a page of the list shows.
pub const PAGE_SIZE: usize = 50;

/// The list of clients.
#[component]
pub fn ClientList() -> Html {
    let session = use_session();
    let search = use_state(String::new);
    let sort = use_state(SortBy::default);
    let page = use_state(|| 0_usize);
    let weeks = session.index.settings.follow_up_weeks;
    let clients = session.index.list(&search, *sort);
    let matching = clients.len();
    let pages = matching.div_ceil(PAGE_SIZE).max(1);
    let shown_page = (*page).min(pages - 1);
    let first = shown_page * PAGE_SIZE;
    let clients: Vec<_> = clients.into_iter().skip(first).take(PAGE_SIZE).collect();
    let oninput = {
        let (search, page) = (search.clone(), page.clone());
        Callback::from(move |event: InputEvent| {
            if let Some(input) = event.target_dyn_into::<web_sys::HtmlInputElement>() {
                search.set(input.value());
                page.set(0);
            }
        })
    };
    let onchange = {
        let (sort, page) = (sort.clone(), page.clone());
        Callback::from(move |event: Event| {
            if let Some(select) = event.target_dyn_into::<web_sys::HtmlSelectElement>() {
                sort.set(SortBy::parse(&select.value()));
                page.set(0);
            }
        })
    };
    let turn = |to: usize| {
        let page = page.clone();
        Callback::from(move |_| page.set(to))
    };
    let add = {
        let go = session.go.clone();
        Callback::from(move |_| go.emit(Screen::NewClient))
    };
    let total = session.index.clients.len();
    let nudge = session.index.backup_nudge(&session.today);
    let to_backups = {
        let go = session.go.clone();
        Callback::from(move |_| go.emit(Screen::Settings))
    };
    html! {
        <div>
            <div class="app-title-row">
                <h1>{ "Clients" }</h1>
                <button type="button" class="wc-button" onclick={add} data-app-add-client="">{ "Add a client" }</button>
            </div>
            <crate::ui::parts::safari::SafariWarning />
            if let Some(nudge) = nudge {
                <div class="app-warning" role="note" data-app-backup-nudge="">
                    <h2>{ "Make a backup" }</h2>
                    <p>{ nudge }{ " If this tablet is lost or broken, a backup is the only way to get the records back." }</p>
                    <button type="button" class="wc-button wc-button-secondary" onclick={to_backups}>{ "Go to backups in Settings" }</button>
                </div>
            }
            if total == 0 {
                <p>{ "No clients yet. Add a client to record their first visit." }</p>
            } else {
                <div class="app-filters">
                    <div class="wc-field">
                        <label class="wc-label" for="client-search">{ "Search by reference or initials" }</label>
                        <input id="client-search" class="wc-input" type="search" autocomplete="off" spellcheck="false"
                            value={(*search).clone()} {oninput} />
                    </div>
                    <div class="wc-field">
                        <label class="wc-label" for="client-sort">{ "Sort by" }</label>
                        <select id="client-sort" class="wc-select" {onchange}>
                            { for SortBy::ALL.into_iter().map(|option| html! {
                                <option value={option.value()} selected={option == *sort}>{ option.label() }</option>
                            }) }
                        </select>
                    </div>
                </div>
                <p class="wc-status" role="status" aria-live="polite" data-app-client-count="">
                    { if matching == total { format!("{total} {}", if total == 1 { "client" } else { "clients" }) }
                      else { format!("{matching} of {total} clients match") } }
                    if pages > 1 {
                        { format!(": showing {} to {}", first + 1, first + clients.len()) }
                    }
                </p>
                if !clients.is_empty() {
                    <div class="app-table-scroll" tabindex="0" role="region" aria-label="Clients">
                        <table class="app-table" data-app-clients="">
                            <thead>
                                <tr>
                                    <th scope="col">{ "Reference" }</th>
                                    <th scope="col">{ "Initials" }</th>
                                    <th scope="col">{ "Last visit" }</th>
                                    <th scope="col">{ "Follow-up due" }</th>
                                </tr>
                            </thead>
                            <tbody>
                                { for clients.into_iter().map(|client| {
                                    let go = session.go.clone();
                                    let id = client.id.clone();
                                    let open = Callback::from(move |_| go.emit(Screen::Client(id.clone())));
                                    let due = client.follow_up_due(weeks);
                                    let overdue = due.as_deref().is_some_and(|due| due <= session.today.as_str());
                                    html! {
                                        <tr>
                                            <td>
                                                <button type="button" class="wc-link-button" onclick={open}>{ client.reference.clone() }</button>
                                                if client.safety_marked() { <strong class="app-tag app-tag-safety" data-app-safety-tag="">{ "Safety flag" }</strong> }
                                            </td>
                                            <td>{ client.initials.clone() }</td>
                                            <td>{ client.last_visit().unwrap_or("None yet").to_owned() }</td>
                                            <td>
                                                { due.clone().unwrap_or_else(|| "Not due".to_owned()) }
                                                if overdue { <strong class="app-tag">{ "Due now" }</strong> }
                                            </td>
                                        </tr>
                                    }
                                }) }
                            </tbody>
                        </table>
                    </div>
                }
                if pages > 1 {
                    <nav class="app-pagination" aria-label="Pages of clients" data-app-pages="">
                        if shown_page > 0 {
                            <button type="button" class="wc-button wc-button-secondary" onclick={turn(shown_page - 1)} data-app-page-previous="">{ "Previous" }<span class="wc-visually-hidden">{ " page" }</span></button>
                        }
                        <span>{ format!("Page {} of {pages}", shown_page + 1) }</span>
                        if shown_page + 1 < pages {
                            <button type="button" class="wc-button wc-button-secondary" onclick={turn(shown_page + 1)} data-app-page-next="">{ "Next" }<span class="wc-visually-hidden">{ " page" }</span></button>
                        }
                    </nav>
                }
            }
        </div>
    }
}
