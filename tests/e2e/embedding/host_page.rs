//! Several widgets and scripts on one host page: two widgets and a second copy of the
//! script side by side, host text shown as text and callbacks called, one journey per
//! element whatever the calls and moves, separate shadow roots, and the host's FHIR Bundle
//! equal to the CLI's.

use serde_json::Value;
use wellcheck_e2e::{Session, WIDGET_ROOT};

use crate::widget_driver::*;

#[tokio::test]
async fn two_widgets_and_a_second_copy_of_the_script_work_side_by_side() {
    let session = Session::start(1024, 768).await;
    session.open("/try.html?instrument=ucla-3&resume=off").await;
    session.wait_for_widget().await;
    session
        .js("const second = document.createElement('wellcheck-questionnaire');
             second.setAttribute('instrument', 'phq-2'); second.setAttribute('resume', 'off');
             document.getElementById('slot').append(second);
             const again = document.createElement('script'); again.type = 'module'; again.src = '/wellcheck/wellcheck.js?copy=2';
             document.head.append(again);
             window.done = []; document.addEventListener('wellcheck-complete', (e) => window.done.push(e.detail.instrument));
             return true;")
        .await;
    session
        .wait_for("document.querySelectorAll('wellcheck-questionnaire')[1].shadowRoot?.querySelector('[data-wc-page]')")
        .await;
    answer(&session, 1, 2).await;
    answer(&session, 0, 1).await;
    answer(&session, 1, 3).await;
    press(&session, 1, "see-result").await;
    session.wait_for("window.done.length === 1").await;
    assert_eq!(
        session.js("return window.done;").await,
        serde_json::json!(["phq-2"])
    );
    assert!(shown(&session, 1).await.contains("Positive screen"));
    assert!(
        shown(&session, 0).await.contains("Question 2 of 3"),
        "the first widget kept its own place"
    );
    assert_eq!(
        session
            .js("return window.wellcheckCspViolations.length;")
            .await,
        0
    );
    session.close().await;
}

#[tokio::test]
async fn host_supplied_text_is_shown_as_text_and_callbacks_are_called() {
    let session = Session::start(1024, 768).await;
    session
        .open("/try.html?instrument=ons-loneliness&resume=off")
        .await;
    session.wait_for_widget().await;
    session
        .js("window.calls = [];
             document.querySelector('wellcheck-questionnaire').configure({
               practiceName: '<img src=x id=evil-image>',
               signposting: [
                 { text: '<b id=evil-bold>Call the surgery</b>', href: 'javascript:alert(1)' },
                 { text: 'Riverside link worker', href: 'tel:01234567890' }
               ],
               onComplete: (detail) => window.calls.push(['complete', detail.instrument]),
             });
             return true;")
        .await;
    answer(&session, 0, 2).await;
    press(&session, 0, "see-result").await;
    session.wait_for("window.calls.length === 1").await;
    assert_eq!(
        session.js("return window.calls;").await,
        serde_json::json!([["complete", "ons-loneliness"]])
    );
    let text = shown(&session, 0).await;
    assert!(
        text.contains("<b id=evil-bold>Call the surgery</b>"),
        "{text}"
    );
    let injected = session
        .js(&format!("return [{WIDGET_ROOT}.querySelector('#evil-image, #evil-bold, img, b'), document.querySelector('#evil-image, #evil-bold')];"))
        .await;
    assert_eq!(
        injected,
        serde_json::json!([null, null]),
        "markup from the host must not become elements"
    );
    let hrefs = session.js(&format!("return [...{WIDGET_ROOT}.querySelectorAll('.wc-help a')].map((a) => a.getAttribute('href'));")).await;
    assert_eq!(
        hrefs,
        serde_json::json!(["tel:01234567890"]),
        "the javascript: link must lose its href"
    );
    session.close().await;
}

#[tokio::test]
async fn the_host_gets_the_same_fhir_bundle_as_the_cli() {
    let session = Session::start(1024, 768).await;
    session.open("/try.html?instrument=ucla-3&resume=off").await;
    session.wait_for_widget().await;
    // Nothing before completion, and nothing fetched for FHIR: the module is not part of
    // the first load.
    assert_eq!(
        session
            .js("return document.querySelector('wellcheck-questionnaire').fhirBundle();")
            .await,
        Value::Null
    );
    assert_eq!(fhir_module_requests(&session).await, 0);
    // A host that changes the event's object cannot change the record made from it.
    session
        .js("document.querySelector('wellcheck-questionnaire').addEventListener('wellcheck-complete', (e) => { e.detail.scores.total.value = 99; e.detail.answers.lack_companionship = 1; }); return true;")
        .await;
    for value in [2, 3, 2] {
        answer(&session, 0, value).await;
    }
    press(&session, 0, "see-result").await;
    session
        .wait_for("document.querySelector('wellcheck-questionnaire').shadowRoot.querySelector('.wc-result')")
        .await;
    assert_eq!(fhir_module_requests(&session).await, 0);
    let bundle = session
        .js("return document.querySelector('wellcheck-questionnaire').fhirBundle();")
        .await;
    let cli = wellcheck_e2e::wellcheck(&["fhir", "response", "ucla-3", "--answers", "2,3,2"]);
    assert!(
        cli.status.success(),
        "{}",
        String::from_utf8_lossy(&cli.stderr)
    );
    let expected: Value = serde_json::from_slice(&cli.stdout).unwrap();
    assert_eq!(bundle, expected);
    assert_eq!(
        bundle["entry"][0]["resource"]["resourceType"],
        "QuestionnaireResponse"
    );
    // Fetched on first use (its glue and its module), once.
    assert_eq!(fhir_module_requests(&session).await, 2);
    let again = session
        .js("return document.querySelector('wellcheck-questionnaire').fhirBundle();")
        .await;
    assert_eq!(again, expected);
    assert_eq!(fhir_module_requests(&session).await, 2);
    session.close().await;
}

#[tokio::test]
async fn each_element_holds_exactly_one_journey_whatever_the_calls_and_moves() {
    let session = Session::start(1024, 768).await;

    // Options and three attribute changes before the module loads.
    session.open("/examples/options-before-load.html").await;
    session.wait_for_widget().await;
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    assert_eq!(journeys_in(&session, 0).await, (1, false), "before load");
    for value in [1, 1, 1] {
        answer(&session, 0, value).await;
    }
    press(&session, 0, "see-result").await;
    session
        .wait_for(&format!(
            "{WIDGET_ROOT}.textContent.includes('Your result')"
        ))
        .await;
    assert!(
        shown(&session, 0)
            .await
            .contains("Call our social prescribing team on 01234 567890"),
        "options set before the element was defined apply"
    );

    // `configure()` twice in one task, as a module script or DOMContentLoaded handler does.
    session.open("/try.html?instrument=ucla-3&resume=off").await;
    session.wait_for_widget().await;
    session
        .js(
            "const element = document.querySelector('wellcheck-questionnaire');
             element.configure({ practiceName: 'One' }); element.configure({ practiceName: 'Two' });
             return true;",
        )
        .await;
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    assert_eq!(
        journeys_in(&session, 0).await,
        (1, false),
        "two configure() calls"
    );

    // A new element with three attributes set before it is connected, then moved twice.
    session
        .js(
            "const element = document.createElement('wellcheck-questionnaire');
             element.setAttribute('instrument', 'phq-2'); element.setAttribute('resume', 'off');
             element.setAttribute('language', 'cy');
             document.getElementById('slot').append(element);
             document.getElementById('main').prepend(element);
             return true;",
        )
        .await;
    session
        .wait_for("document.querySelectorAll('wellcheck-questionnaire')[0].shadowRoot?.querySelector('[data-wc-page]')")
        .await;
    answer(&session, 0, 2).await;
    session
        .js(
            "const element = document.querySelectorAll('wellcheck-questionnaire')[0];
             document.getElementById('slot').append(element); return true;",
        )
        .await;
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    assert_eq!(
        journeys_in(&session, 1).await,
        (1, false),
        "moved within one task"
    );
    assert!(
        shown(&session, 1).await.contains("Cwestiwn 2 o 2"),
        "a move keeps the answers"
    );

    // Removed and added back later, three times: still one journey and one stylesheet.
    for _ in 0..3 {
        session
            .js("window.moved = document.querySelectorAll('wellcheck-questionnaire')[1]; window.moved.remove(); return true;")
            .await;
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        session
            .js("document.getElementById('slot').append(window.moved); return true;")
            .await;
    }
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    assert_eq!(journeys_in(&session, 1).await, (1, false), "re-added");
    assert_eq!(
        session
            .js("return document.querySelectorAll('wellcheck-questionnaire')[1].shadowRoot.querySelectorAll('link[rel=stylesheet]').length;")
            .await,
        1
    );
    session.close().await;
}

#[tokio::test]
async fn two_widgets_for_one_instrument_keep_their_own_answers() {
    let session = Session::start(1024, 768).await;
    session.open("/try.html?instrument=ucla-3&copies=2").await;
    session
        .js("sessionStorage.clear(); location.reload(); return true;")
        .await;
    session
        .wait_for("document.querySelectorAll('wellcheck-questionnaire')[1]?.shadowRoot?.querySelector('[data-wc-page]')")
        .await;
    answer(&session, 0, 1).await;
    answer(&session, 1, 3).await;
    session.js("location.reload(); return true;").await;
    session
        .wait_for("document.querySelectorAll('wellcheck-questionnaire')[1]?.shadowRoot?.querySelector('[data-wc-page]')")
        .await;
    for (widget, expected) in [(0, "1"), (1, "3")] {
        assert!(
            shown(&session, widget).await.contains("Question 2 of 3"),
            "widget {widget}"
        );
        press(&session, widget, "back").await;
        assert_eq!(
            session
                .js(&format!("return document.querySelectorAll('wellcheck-questionnaire')[{widget}].shadowRoot.querySelector('input[type=radio]:checked')?.value;"))
                .await,
            expected,
            "widget {widget} kept its own answer"
        );
    }
    session.js("sessionStorage.clear(); return true;").await;
    session.close().await;
}

#[tokio::test]
async fn separate_shadow_roots_a_bad_setting_and_resume_off_lose_or_leak_nothing() {
    let session = Session::start(1024, 768).await;
    session.open("/try.html?instrument=ucla-3").await;
    session
        .js("sessionStorage.clear(); location.reload(); return true;")
        .await;
    session.wait_for_widget().await;
    // Two more, each inside a shadow root of its own (as a site's card component would).
    session
        .js("window.cards = [1, 2].map(() => {
               const host = document.createElement('div'); document.getElementById('slot').append(host);
               const element = document.createElement('wellcheck-questionnaire');
               element.setAttribute('instrument', 'ucla-3');
               host.attachShadow({ mode: 'open' }).append(element);
               return element;
             });
             return true;")
        .await;
    session
        .wait_for("window.cards.every((c) => c.shadowRoot?.querySelector('[data-wc-page]'))")
        .await;
    for (card, value) in [(0, 1), (1, 3)] {
        session
            .js(&format!(
                "const root = window.cards[{card}].shadowRoot;
                 root.querySelector('input[type=radio][value=\"{value}\"]').click();
                 root.querySelector('[data-wc-action=continue]').click(); return true;"
            ))
            .await;
    }
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let saved = session
        .js("return Object.keys(sessionStorage).filter((k) => k.startsWith('wellcheck:')).sort().map((k) => [k, JSON.parse(sessionStorage[k]).answers[0][0]]);")
        .await;
    assert_eq!(
        saved,
        serde_json::json!([["wellcheck:v1:ucla-3#2", 1], ["wellcheck:v1:ucla-3#3", 3]]),
        "each card saved under its own key"
    );

    // A bad language mid-journey keeps the person's place; fixing it changes nothing else.
    answer(&session, 0, 2).await;
    session
        .js("document.querySelector('wellcheck-questionnaire').setAttribute('language', 'fr'); return true;")
        .await;
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    assert!(shown(&session, 0).await.contains("Question 2 of 3"));
    session
        .js("document.querySelector('wellcheck-questionnaire').setAttribute('language', 'en'); return true;")
        .await;
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let text = shown(&session, 0).await;
    assert!(
        text.contains("Question 2 of 3") && !text.contains("We kept the answers"),
        "{text}"
    );
    assert_eq!(editor_messages(&session).await.len(), 1);

    // Turning resuming off mid-journey removes what was kept.
    assert_eq!(
        session
            .js("return sessionStorage.getItem('wellcheck:v1:ucla-3') !== null;")
            .await,
        true
    );
    session
        .js("document.querySelector('wellcheck-questionnaire').setAttribute('resume', 'off'); return true;")
        .await;
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    assert_eq!(
        session
            .js("return sessionStorage.getItem('wellcheck:v1:ucla-3');")
            .await,
        Value::Null
    );
    session.js("sessionStorage.clear(); return true;").await;
    session.close().await;
}

#[tokio::test]
async fn same_ids_in_separate_shadow_roots_a_late_id_and_unreadable_options_are_handled() {
    let session = Session::start(1024, 768).await;
    session.open("/try.html?instrument=phq-2&resume=off").await;
    session.wait_for_widget().await;
    session
        .js("sessionStorage.clear();
             window.cards = [1, 2].map(() => {
               const host = document.createElement('div'); document.getElementById('slot').append(host);
               const element = document.createElement('wellcheck-questionnaire');
               element.id = 'q'; element.setAttribute('instrument', 'ucla-3');
               host.attachShadow({ mode: 'open' }).append(element);
               return element;
             });
             return true;")
        .await;
    session
        .wait_for("window.cards.every((c) => c.shadowRoot?.querySelector('[data-wc-page]'))")
        .await;
    for (card, value) in [(0, 1), (1, 3)] {
        session
            .js(&format!(
                "const root = window.cards[{card}].shadowRoot;
                 root.querySelector('input[type=radio][value=\"{value}\"]').click(); return true;"
            ))
            .await;
    }
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let saved = session
        .js("return Object.keys(sessionStorage).sort().map((k) => [k, JSON.parse(sessionStorage[k]).answers[0][0]]);")
        .await;
    assert_eq!(
        saved,
        serde_json::json!([["wellcheck:v1:ucla-3@q", 1], ["wellcheck:v1:ucla-3@q#2", 3]]),
        "the same id in two shadow roots still gives two keys"
    );

    // An id set after the first answer: the answers move with it, and finishing clears them.
    session
        .js("const card = window.cards[0]; card.id = 'late'; card.configure({ practiceName: 'P' }); return true;")
        .await;
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    for action in ["continue", "continue", "continue"] {
        session
            .js(&format!(
                "const root = window.cards[0].shadowRoot;
                 root.querySelector('input[type=radio]:not(:checked)')?.click();
                 root.querySelector('[data-wc-action=\"{action}\"]')?.click(); return true;"
            ))
            .await;
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    session
        .js("window.cards[0].shadowRoot.querySelector('[data-wc-action=\"see-result\"]').click(); return true;")
        .await;
    session
        .wait_for("window.cards[0].shadowRoot.textContent.includes('Your result')")
        .await;
    assert_eq!(
        session
            .js("return Object.keys(sessionStorage).filter((k) => !k.endsWith('@q#2'));")
            .await,
        serde_json::json!([]),
        "nothing of the first card is left once it is finished"
    );

    // Options that cannot be read, before the element first shows: the plain sentence.
    session
        .js(
            "const element = document.createElement('wellcheck-questionnaire');
             element.setAttribute('instrument', 'ucla-3');
             const loop = { text: 'x' }; loop.self = loop;
             element.options = { signposting: [loop] };
             document.getElementById('slot').append(element); window.unreadable = element;
             return true;",
        )
        .await;
    session
        .wait_for("window.unreadable.shadowRoot?.querySelector('[data-wc-setup-problem]')")
        .await;
    let messages = editor_messages(&session).await;
    assert!(
        messages
            .iter()
            .any(|m| m.contains("the options could not be read")),
        "{messages:?}"
    );
    session.js("sessionStorage.clear(); return true;").await;
    session.close().await;
}

/// Each questionnaire's definitions are a file the page fetches (`definitions/<id>.bin`):
/// a change of questionnaire while one is on its way shows the one named last, an empty
/// `battery` names nothing, and a file that cannot be had leaves a journey under way as it
/// was.
#[tokio::test]
async fn definitions_fetched_on_the_way_follow_the_page_and_a_failed_one_keeps_the_journey() {
    let session = Session::start(1024, 768).await;
    session.open("/try.html?instrument=ucla-3&resume=off").await;
    session.wait_for_widget().await;
    // GAD-7's file is held until PHQ-9 has been named instead.
    session
        .js("const real = window.fetch;
             let release; const held = new Promise((resolve) => { release = resolve; });
             window.fetch = (url, init) => String(url).includes('/definitions/gad-7.bin')
               ? held.then(() => real(url, init)) : real(url, init);
             const element = document.querySelector('wellcheck-questionnaire');
             element.setAttribute('instrument', 'gad-7');
             setTimeout(() => { element.setAttribute('instrument', 'phq-9'); release(); }, 100);
             return true;")
        .await;
    session
        .wait_for(&format!(
            "{WIDGET_ROOT}.textContent.includes('Little interest or pleasure in doing things')"
        ))
        .await;
    assert!(
        !shown(&session, 0).await.contains("Feeling nervous"),
        "GAD-7 was named first"
    );

    // An empty battery beside an instrument names the instrument, as the widget reads it,
    // and its answers are kept under that instrument's key (not one shared by every
    // element with an empty battery).
    session
        .js("sessionStorage.clear();
             for (const id of ['phq-2', 'gad-2']) {
               const element = document.createElement('wellcheck-questionnaire');
               element.setAttribute('battery', ''); element.setAttribute('instrument', id);
               document.getElementById('slot').append(element);
             }
             return true;")
        .await;
    for widget in [1, 2] {
        session
            .wait_for(&format!("document.querySelectorAll('wellcheck-questionnaire')[{widget}].shadowRoot?.querySelector('[data-wc-page]')"))
            .await;
        answer(&session, widget, 1).await;
    }
    session
        .wait_for("Object.keys(sessionStorage).filter((key) => key.startsWith('wellcheck:')).length === 2")
        .await;
    let keys = session
        .js("return Object.keys(sessionStorage).filter((key) => key.startsWith('wellcheck:')).sort();")
        .await;
    assert_eq!(
        keys,
        serde_json::json!(["wellcheck:v1:gad-2", "wellcheck:v1:phq-2"])
    );

    // PHQ-9 under way; WHO-5's file cannot be fetched: the person keeps their place.
    answer(&session, 0, 1).await;
    assert!(shown(&session, 0).await.contains("Question 2 of 10"));
    session.cdp("Network.enable", serde_json::json!({})).await;
    session
        .cdp(
            "Network.setBlockedURLs",
            serde_json::json!({ "urls": ["*/definitions/who-5.bin"] }),
        )
        .await;
    session
        .js("document.querySelector('wellcheck-questionnaire').setAttribute('instrument', 'who-5'); return true;")
        .await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let text = shown(&session, 0).await;
    assert!(text.contains("Question 2 of 10"), "{text}");
    assert!(!text.contains("could not be loaded"), "{text}");
    session.js("sessionStorage.clear(); return true;").await;
    session.close().await;
}

/// A definitions file the server does not have (404), or answers with a page of its own,
/// is the site's to fix: patients see the set-up sentence, not "try again later", and the
/// editor is told which file and what to do.
#[tokio::test]
async fn a_definitions_file_missing_or_replaced_on_the_server_is_named_to_the_editor() {
    let session = Session::start(1024, 768).await;
    session.open("/try.html?instrument=ucla-3&resume=off").await;
    session.wait_for_widget().await;
    session
        .js(
            "window.said = []; const error = console.error;
             console.error = (...parts) => { window.said.push(parts.join(' ')); error(...parts); };
             const real = window.fetch;
             window.fetch = (url, init) => {
               if (String(url).includes('/definitions/who-5.bin'))
                 return Promise.resolve(new Response('Page not found', { status: 404, statusText: 'Not Found' }));
               if (String(url).includes('/definitions/gad-2.bin'))
                 return Promise.resolve(new Response('<html>Page not found</html>', { status: 200 }));
               return real(url, init);
             };
             for (const id of ['who-5', 'gad-2']) {
               const element = document.createElement('wellcheck-questionnaire');
               element.setAttribute('instrument', id); element.setAttribute('language', 'cy');
               document.getElementById('slot').append(element);
             }
             return true;",
        )
        .await;
    for widget in [1, 2] {
        session
            .wait_for(&format!(
                "document.querySelectorAll('wellcheck-questionnaire')[{widget}].shadowRoot?.querySelector('[data-wc-setup-problem]')"
            ))
            .await;
        assert_eq!(
            shown(&session, widget).await,
            "Nid yw'r holiadur hwn ar gael ar y dudalen hon eto."
        );
    }
    let said = session.js("return window.said.join('\\n');").await;
    let said = said.as_str().unwrap();
    assert!(
        said.contains("definitions/who-5.bin: the server answered 404 Not Found. Upload the whole wellcheck folder as it is"),
        "{said}"
    );
    assert!(
        said.contains(
            "definitions/gad-2.bin: this is not the file this version of wellcheck wrote"
        ),
        "{said}"
    );
    session.close().await;
}
