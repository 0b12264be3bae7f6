//! The tablet app's page driver for the end-to-end tests: how a test sets up, unlocks,
//! adds a client, runs a visit, hands over, backs up and restores, and reads what the app
//! shows and stores (the raw IndexedDB), with the screen checks (axe-core, 44 px targets,
//! the Tab walk). `tablet_app` and `every_engine` drive the app through these.

use serde_json::{Value, json};
use wellcheck_e2e::Session;

pub(crate) const PASSPHRASE: &str = "correct horse battery staple";

/// A JavaScript string literal.
pub(crate) fn js_string(text: &str) -> String {
    serde_json::to_string(text).unwrap()
}

/// Types `text` into the element matching `selector`, as a person typing would (one input
/// event with the new value).
pub(crate) async fn fill(session: &Session, selector: &str, text: &str) {
    let found = session
        .js(&format!(
            "const el = document.querySelector({}); if (!el) return false;
             el.focus(); el.value = {};
             el.dispatchEvent(new InputEvent('input', {{ bubbles: true }}));
             el.dispatchEvent(new Event('change', {{ bubbles: true }}));
             return true;",
            js_string(selector),
            js_string(text)
        ))
        .await;
    assert_eq!(found, json!(true), "no field {selector}");
}

pub(crate) async fn click(session: &Session, selector: &str) {
    let found = session
        .js(&format!(
            "const el = document.querySelector({}); if (!el) return false; el.click(); return true;",
            js_string(selector)
        ))
        .await;
    assert_eq!(found, json!(true), "nothing to click at {selector}");
}

/// Waits until the page's main heading contains `text`.
pub(crate) async fn wait_heading(session: &Session, text: &str) {
    session
        .wait_for(&format!(
            "document.querySelector('main h1') && document.querySelector('main h1').textContent.includes({})",
            js_string(text)
        ))
        .await;
}

pub(crate) async fn main_text(session: &Session) -> String {
    session
        .js("return document.querySelector('main').innerText;")
        .await
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// Opens the app on a fresh browser profile and sets up the records.
pub(crate) async fn open_and_set_up(session: &Session) {
    session.open("/app/").await;
    wait_heading(session, "Set up this tablet").await;
    fill(session, "#field-passphrase", PASSPHRASE).await;
    fill(session, "#field-repeat", PASSPHRASE).await;
    click(session, "form button[type=submit]").await;
    wait_heading(session, "Clients").await;
}

/// Reloads the page and unlocks; returns the heading shown after unlocking.
pub(crate) async fn reload_and_unlock(session: &Session) {
    session.js("window.location.reload(); return true;").await;
    wait_heading(session, "Unlock your records").await;
    unlock(session, PASSPHRASE).await;
}

/// Enters a passphrase and waits until the app has finished with it (unlocked, or the
/// attempt counted and refused).
pub(crate) async fn unlock(session: &Session, passphrase: &str) {
    let attempts = session
        .js("return document.querySelector('[data-app-attempts]').dataset.appAttempts;")
        .await;
    fill(session, "#field-passphrase", passphrase).await;
    click(session, "[data-app-unlock]").await;
    session
        .wait_for(&format!(
            "!document.querySelector('[data-app-attempts]') || document.querySelector('[data-app-attempts]').dataset.appAttempts !== {attempts}"
        ))
        .await;
}

pub(crate) async fn add_client(session: &Session, reference: &str) {
    click(session, "[data-app-add-client]").await;
    wait_heading(session, "Add a client").await;
    fill(session, "#field-reference", reference).await;
    fill(session, "#field-initials", "JBQ").await;
    fill(session, "#field-year-of-birth", "1951").await;
    fill(session, "#field-nhs-number", "943 476 5919").await;
    fill(session, "#field-notes", "Prefers mornings").await;
    click(session, "[data-app-save-client]").await;
    wait_heading(session, reference).await;
}

/// How many saves of the visit's record have landed (`data-app-saves`).
pub(crate) async fn saves_landed(session: &Session) -> u64 {
    session
        .js("return Number(document.documentElement.dataset.appSaves ?? 0);")
        .await
        .as_u64()
        .unwrap_or(0)
}

/// Waits until an answer given after `before` saves is in the store: more saves have
/// landed, and none for half a second. One answer can save twice (the answer, then the
/// page moving on), so a late save of the previous answer alone must not count as this
/// one's.
pub(crate) async fn wait_answer_saved(session: &Session, before: u64) {
    session
        .wait_for(&format!(
            "(() => {{ const n = Number(document.documentElement.dataset.appSaves ?? 0);
               if (window.__wcSaves !== n) {{ window.__wcSaves = n; window.__wcSavesAt = Date.now(); return false; }}
               return n > {before} && Date.now() - window.__wcSavesAt > 500; }})()"
        ))
        .await;
}

/// Goes to the client list by the menu, once the records are open.
pub(crate) async fn go_to_clients(session: &Session) {
    session
        .wait_for("document.querySelector('[data-app-nav=clients]')")
        .await;
    click(session, "[data-app-nav=clients]").await;
    wait_heading(session, "Clients").await;
}

/// Waits for a client's own page (a visit's page names the client in its heading too).
pub(crate) async fn wait_client_page(session: &Session, reference: &str) {
    session
        .wait_for(&format!(
            "document.querySelector('[data-app-client-corrections]') && document.querySelector('main h1').textContent.includes({})",
            js_string(reference)
        ))
        .await;
}

/// Opens a client from the client list.
pub(crate) async fn open_client(session: &Session, reference: &str) {
    session
        .js(&format!(
            "[...document.querySelectorAll('[data-app-clients] button')].find((b) => b.textContent === {}).click(); return true;",
            js_string(reference)
        ))
        .await;
    wait_heading(session, reference).await;
}

/// Opens one of the client's visits from their page, by the words it is listed with
/// (`2026-01-05 — Baseline`).
pub(crate) async fn open_visit(session: &Session, listed: &str) {
    let found = session
        .js(&format!(
            "const b = [...document.querySelectorAll('[data-app-visits] button')].find((b) => b.textContent === {}); if (!b) return false; b.click(); return true;",
            js_string(listed)
        ))
        .await;
    assert_eq!(found, json!(true), "no visit listed as {listed}");
    session
        .wait_for("document.querySelector('[data-app-visit-corrections]')")
        .await;
}

/// On visit set-up: every questionnaire whose way of completion is not yet known (a
/// client's first visit, or one newly ticked) is set to "completed by the client", as a
/// worker would choose it; remembered choices are left as they are.
pub(crate) async fn choose_unchosen_modes(session: &Session) {
    session
        .js("for (const s of document.querySelectorAll('.app-choice-conditional select')) {
               if (!s.value) { s.value = 'self'; s.dispatchEvent(new Event('change', { bubbles: true })); }
             } return true;")
        .await;
    session
        .wait_for("[...document.querySelectorAll('.app-choice-conditional select')].every((s) => s.value && !s.querySelector('option[value=\"\"]'))")
        .await;
}

/// On visit set-up: chooses what is not yet chosen and starts the questionnaires.
pub(crate) async fn begin_visit(session: &Session) {
    choose_unchosen_modes(session).await;
    click(session, "[data-app-begin]").await;
}

/// On "A safety answer needs your attention": notes what was done and opens the visit.
pub(crate) async fn acknowledge_flag(session: &Session, note: &str) {
    fill(session, "#field-safety-note", note).await;
    click(session, "[data-app-flag-seen]").await;
}

/// From a client's page, starts a baseline visit with the default battery.
pub(crate) async fn start_visit(session: &Session) {
    click(session, "[data-app-start-visit]").await;
    wait_heading(session, "Start a visit").await;
    begin_visit(session).await;
    session
        .wait_for("document.querySelector('[data-wc-page]')")
        .await;
}

/// From a client's page, starts a visit of one questionnaire instead of the default battery.
pub(crate) async fn start_visit_of(session: &Session, instrument: &str) {
    click(session, "[data-app-start-visit]").await;
    wait_heading(session, "Start a visit").await;
    for id in ["ucla-3", "ons-loneliness", "ons4", "evs", instrument] {
        click(session, &format!("#instrument-{id}")).await;
    }
    begin_visit(session).await;
    session
        .wait_for("document.querySelector('[data-wc-page]')")
        .await;
}

/// Where the journey is: `{kind, form, item}`.
pub(crate) async fn journey_page(session: &Session) -> Value {
    session
        .js("const page = document.querySelector('[data-wc-page]');
             if (!page) return { kind: 'none' };
             return { kind: page.dataset.wcPage, form: Number(page.dataset.wcForm ?? -1), item: Number(page.dataset.wcItem ?? -1) };")
        .await
}

/// Answers the question on screen with its `choice`-th option (or a number), presses
/// Continue, and returns `(form, item, value given)`.
pub(crate) async fn answer_question(session: &Session, choice: usize) -> (i64, i64, i64) {
    let page = journey_page(session).await;
    assert_eq!(page["kind"], "question", "not on a question: {page}");
    let value = session
        .js(&format!(
            "const page = document.querySelector('[data-wc-page=question]');
             const radios = [...page.querySelectorAll('input[type=radio]')];
             if (radios.length) {{ const radio = radios[{choice} % radios.length]; radio.click(); return Number(radio.value); }}
             const input = page.querySelector('input');
             const value = Math.min(Number(input.dataset.wcMax ?? 7), {choice} + 1);
             input.value = String(value);
             input.dispatchEvent(new InputEvent('input', {{ bubbles: true }}));
             return value;"
        ))
        .await
        .as_i64()
        .unwrap();
    let moves = session
        .js("return document.querySelector('[data-wc-moves]').dataset.wcMoves;")
        .await;
    click(session, "[data-wc-action=continue]").await;
    session
        .wait_for(&format!(
            "!document.querySelector('[data-wc-moves]') || document.querySelector('[data-wc-moves]').dataset.wcMoves !== {moves}"
        ))
        .await;
    (
        page["form"].as_i64().unwrap(),
        page["item"].as_i64().unwrap(),
        value,
    )
}

/// Every record in the app's IndexedDB as stored: keys, and each value's bytes as text
/// (Latin-1, so any ASCII in clear would show), read directly, without the app.
pub(crate) async fn raw_database(session: &Session) -> Value {
    session
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             const open = indexedDB.open('wellcheck-app');
             open.onerror = () => done({ error: String(open.error) });
             open.onsuccess = () => {
               const db = open.result;
               const tx = db.transaction(['meta', 'records'], 'readonly');
               const out = { meta: {}, records: {} };
               const text = (bytes) => Array.from(new Uint8Array(ArrayBuffer.isView(bytes) ? bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) : bytes), (b) => String.fromCharCode(b)).join('');
               // Bytes at any depth as text: Firefox's WebDriver refuses to send typed arrays.
               const plain = (v) => (v instanceof ArrayBuffer || ArrayBuffer.isView(v)) ? text(v)
                 : (v && typeof v === 'object') ? Object.fromEntries(Object.entries(v).map(([k, inner]) => [k, plain(inner)]))
                 : v;
               const read = (name, into) => {
                 const cursor = tx.objectStore(name).openCursor();
                 cursor.onsuccess = () => {
                   const c = cursor.result;
                   if (!c) return;
                   const value = c.value;
                   into[c.key] = plain(value);
                   c.continue();
                 };
               };
               read('meta', out.meta);
               read('records', out.records);
               tx.oncomplete = () => { db.close(); done(out); };
             };",
            vec![],
        )
        .await
        .expect("reading IndexedDB")
}

/// A screenshot of the screen as a person first sees it: scrolled to the top, nothing
/// focused.
pub(crate) async fn shot(session: &Session, name: &str) {
    session
        .js("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); return true;")
        .await;
    session.screenshot(name).await;
}

/// Axe-core, 44 px targets and the keyboard on the current screen.
pub(crate) async fn check_screen(session: &Session, here: &str, problems: &mut Vec<String>) {
    for violation in session.axe_violations().await {
        problems.push(format!("{here}: {violation}"));
    }
    for problem in app_layout_problems(session).await {
        problems.push(format!("{here}: {problem}"));
    }
    for missed in unreachable_by_keyboard(session).await {
        problems.push(format!("{here}: not reachable by Tab: {missed}"));
    }
}

/// Controls smaller than 44x44 CSS px (a checkbox or radio counts with its label, which
/// takes the tap too), and sideways scrolling.
pub(crate) async fn app_layout_problems(session: &Session) -> Vec<String> {
    let found = session
        .js("const problems = [];
             for (const el of document.querySelectorAll('main input, main button, main a, main select, main textarea, header button')) {
               const r = el.getBoundingClientRect();
               if (r.width === 0 && r.height === 0) continue;
               if (r.width < 44 || r.height < 44) {
                 const label = el.id && document.querySelector(`label[for='${el.id}']`);
                 const box = label && label.parentElement.getBoundingClientRect();
                 if (!(box && box.height >= 44)) problems.push(`target ${el.tagName.toLowerCase()} '${(el.textContent.trim() || el.id || el.name).slice(0, 30)}' is ${Math.round(r.width)}x${Math.round(r.height)}`);
               }
             }
             if (document.documentElement.scrollWidth > window.innerWidth) problems.push(`page scrolls sideways: ${document.documentElement.scrollWidth} > ${window.innerWidth}`);
             return problems;")
        .await;
    found
        .as_array()
        .unwrap()
        .iter()
        .map(|value| value.as_str().unwrap().to_owned())
        .collect()
}

/// Presses Tab through the page and returns every visible, enabled control that focus
/// never reached.
pub(crate) async fn unreachable_by_keyboard(session: &Session) -> Vec<String> {
    let count = session
        .js("window.__wcReached = new Set();
             document.addEventListener('focusin', (e) => window.__wcReached.add(e.target), { capture: true });
             // Tab starts from the top of the page, as on arriving there: Firefox starts a
             // blurred page's Tab from where focus was, and leaves the page at its end.
             document.body.tabIndex = -1; document.body.focus(); document.body.removeAttribute('tabindex');
             // Scrollable regions take a Tab stop too: enough presses to go round once.
             return document.querySelectorAll('input, button, a[href], select, textarea, [tabindex]:not([tabindex=\"-1\"])').length;")
        .await
        .as_u64()
        .unwrap();
    let tab: char = fantoccini::key::Key::Tab.into();
    for _ in 0..(count + 4) {
        session.press(&[tab]).await;
        // WebKit fires no `focusin` when Tab enters a date field's day, month and year, so
        // where focus is after each press counts too.
        session
            .js("window.__wcReached.add(document.activeElement); return true;")
            .await;
    }
    let missed = session
        .js("const missed = [];
             const seen = new Set();
             for (const el of document.querySelectorAll('input, button, a[href], select, textarea')) {
               const r = el.getBoundingClientRect();
               if (el.disabled || (r.width === 0 && r.height === 0)) continue;
               // Not rendered (in a closed <details>, say): not a Tab stop, rightly.
               if (el.checkVisibility && !el.checkVisibility()) continue;
               // Of a radio group, one radio takes focus; the arrows move between them.
               if (el.type === 'radio') {
                 if (seen.has(el.name)) continue;
                 seen.add(el.name);
                 const group = [...document.querySelectorAll(`input[type=radio][name='${el.name}']`)];
                 if (group.some((r) => window.__wcReached.has(r))) continue;
               } else if (window.__wcReached.has(el)) continue;
               missed.push(`${el.tagName.toLowerCase()} '${(el.textContent.trim() || el.id || el.name).slice(0, 30)}'`);
             }
             return missed;")
        .await;
    missed
        .as_array()
        .unwrap()
        .iter()
        .map(|value| value.as_str().unwrap().to_owned())
        .collect()
}

/// Chooses a file holding `text` in the file field `selector`, as a person picking a file.
pub(crate) async fn choose_file(session: &Session, selector: &str, name: &str, text: &str) {
    let path = session.file(name, text);
    session
        .client
        .find(fantoccini::Locator::Css(selector))
        .await
        .unwrap_or_else(|error| panic!("{}: no file field {selector}: {error}", session.engine))
        .send_keys(path.to_str().unwrap_or_default())
        .await
        .unwrap_or_else(|error| panic!("{}: choosing {name}: {error}", session.engine));
}

/// Chooses a licensed wording file in Settings.
pub(crate) async fn import_wording(session: &Session, name: &str, text: &str) {
    choose_file(session, "#field-licensed-file", name, text).await;
}

/// What [`add_client`] typed for MAPLE-7, as it would appear in a backup in clear.
pub(crate) const CLEAR_IN_A_BACKUP: [&str; 5] = [
    "MAPLE-7",
    "\"JBQ\"",
    "Prefers mornings",
    "9434765919",
    "943 476 5919",
];

/// Catches the next download the app offers: `{name, text}` once it has been made.
pub(crate) async fn catch_downloads(session: &Session) {
    session
        .js("window.caughtDownload = null;
             window.madeBlobs = new Map();
             const createObjectURL = URL.createObjectURL;
             URL.createObjectURL = (blob) => {
               const url = createObjectURL.call(URL, blob);
               window.madeBlobs.set(url, blob);
               return url;
             };
             document.addEventListener('click', (event) => {
               const link = event.target;
               if (!(link instanceof HTMLAnchorElement) || !link.download) return;
               event.preventDefault();
               // The page's CSP forbids fetching the blob: URL, so the blob is read itself.
               const name = link.download;
               const blob = window.madeBlobs.get(link.href);
               if (!blob) { window.caughtDownload = { name, error: 'no blob made for ' + link.href }; return; }
               blob.text().then((text) => { window.caughtDownload = { name, text }; });
             }, { capture: true });
             return true;")
        .await;
}

/// Chooses a file in the restore form.
pub(crate) async fn choose_backup(session: &Session, name: &str, text: &str) {
    choose_file(session, "#field-backup-file", name, text).await;
}

/// Submits the restore form and waits until it has finished (restored, or refused).
pub(crate) async fn submit_restore(session: &Session) {
    click(session, "[data-app-restore-submit]").await;
    session
        .wait_for("!document.querySelector('[data-app-restore]') || (document.querySelector('[data-wc-error-summary]') && !document.querySelector('[data-app-restore-submit]').disabled)")
        .await;
}

/// From a client's page: a visit of the default battery on `date` (None: today), every
/// question answered with its `choice`-th option, finished.
pub(crate) async fn run_battery(session: &Session, date: Option<&str>, choice: usize) {
    click(session, "[data-app-start-visit]").await;
    wait_heading(session, "Start a visit").await;
    if let Some(date) = date {
        fill(session, "#field-date", date).await;
    }
    begin_visit(session).await;
    session
        .wait_for("document.querySelector('[data-wc-page]')")
        .await;
    let mut given = 0;
    while journey_page(session).await["kind"] == "question" {
        answer_question(session, choice).await;
        given += 1;
        assert!(given < 40, "the battery never ended");
    }
    click(session, "[data-wc-action=see-result]").await;
    session
        .wait_for("document.querySelector('[data-app-results]')")
        .await;
    click(session, ".wc-back-link").await;
}

/// The text of the core's report body as the app shows it, and as the `--html` page from
/// `wellcheck report` holds it (its <main> without the title), read by the same browser.
pub(crate) async fn report_texts(session: &Session, page: &str) -> (String, String) {
    let texts = session
        .js(&format!(
            "const doc = new DOMParser().parseFromString({}, 'text/html');
             const main = doc.querySelector('main');
             main.querySelector('h1').remove();
             const shown = document.querySelector('[data-app-report]');
             const holder = document.createElement('div');
             holder.className = 'app-report';
             holder.append(...main.childNodes);
             shown.after(holder);
             const texts = [shown.innerText, holder.innerText];
             holder.remove();
             return texts;",
            js_string(page)
        ))
        .await;
    (
        texts[0].as_str().unwrap().to_owned(),
        texts[1].as_str().unwrap().to_owned(),
    )
}

pub(crate) async fn today(session: &Session) -> String {
    session
        .js("const d = new Date(); return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;")
        .await
        .as_str()
        .unwrap()
        .to_owned()
}

/// Nothing on screen leads away from the questionnaire: no menu, Lock or Pause.
pub(crate) async fn no_way_out(session: &Session) -> bool {
    session
        .js("return document.querySelector('.app-nav, [data-app-lock], [data-app-pause], [data-app-hand-over]') === null;")
        .await
        == json!(true)
}

/// Starts watching, frame by frame and mutation by mutation, for anything of a result on
/// the page; `window.resultSeen` lists what was seen.
pub(crate) async fn watch_for_results(session: &Session) {
    session
        .js("window.resultSeen = [];
             const look = (when) => {
               const found = document.querySelector('[data-wc-page=result], .wc-result, [data-wc-result-for], .wc-score');
               if (found) window.resultSeen.push(when + ': ' + found.outerHTML.slice(0, 80));
               if (/Your result|Your score/.test(document.body.innerText)) window.resultSeen.push(when + ': result words');
             };
             new MutationObserver(() => look('mutation')).observe(document.body, { subtree: true, childList: true, characterData: true });
             const frame = () => { look('frame'); requestAnimationFrame(frame); };
             requestAnimationFrame(frame);
             return true;")
        .await;
}

/// Hands the tablet over with PIN 2468 and waits for the first question.
pub(crate) async fn hand_over_with_pin(session: &Session) {
    click(session, "[data-app-hand-over]").await;
    wait_heading(session, "Hand the tablet to the client").await;
    fill(session, "#field-pin", "2468").await;
    fill(session, "#field-pin-repeat", "2468").await;
    click(session, "[data-app-hand-over-start]").await;
    session
        .wait_for("document.querySelector('[data-wc-page]')")
        .await;
}

/// Answers every question on screen with the second option, up to the check page.
pub(crate) async fn answer_to_the_end(session: &Session) {
    let mut given = 0;
    while journey_page(session).await["kind"] == "question" {
        answer_question(session, 1).await;
        given += 1;
        assert!(given < 20, "the questionnaire never ended");
    }
}

/// Once the service worker controls the page (it has cached the app), cuts the network to
/// the site: every request fails from here on, which a fetch the cache cannot answer shows.
pub(crate) async fn go_offline(session: &Session) {
    session
        .wait_for("navigator.serviceWorker && navigator.serviceWorker.ready && navigator.serviceWorker.controller")
        .await;
    session.outage.set(true);
    let status = session
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             fetch('/try.html', { cache: 'no-store' }).then((r) => done(r.status), () => done(0));",
            vec![],
        )
        .await
        .unwrap_or_else(|error| panic!("{}: asking for a page: {error}", session.engine));
    assert_eq!(
        status,
        json!(503),
        "{}: the network was not cut",
        session.engine
    );
}

/// The answer the question on screen shows: the chosen option's code, or the number typed
/// (`null` when nothing is).
pub(crate) async fn shown_answer(session: &Session) -> Value {
    session
        .js(
            "const page = document.querySelector('[data-wc-page=question]');
             const checked = page.querySelector('input[type=radio]:checked');
             if (checked) return Number(checked.value);
             const input = page.querySelector('input:not([type=radio])');
             return input && input.value !== '' ? Number(input.value) : null;",
        )
        .await
}
