//! The element as a practice or charity website uses it: several on a page, the script
//! included twice, structured options through `configure()`, host text that contains markup,
//! safety signposting, and answers that survive a reload.

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
async fn phq9_item_9_shows_urgent_help_at_once_and_tells_the_host() {
    let session = Session::start(360, 740).await;
    session.open("/try.html?instrument=phq-9&resume=off").await;
    session.wait_for_widget().await;
    session
        .js("window.flags = []; document.addEventListener('wellcheck-flag', (e) => window.flags.push(e.detail)); return true;")
        .await;
    for _ in 0..8 {
        answer(&session, 0, 0).await;
    }
    assert!(!shown(&session, 0).await.contains("Get help now"));
    session
        .js(&format!(
            "{WIDGET_ROOT}.querySelector('input[type=radio][value=\"1\"]').click(); return true;"
        ))
        .await;
    // Before Continue, before any score: the urgent help is on screen and announced.
    session
        .wait_for(&format!(
            "{WIDGET_ROOT}.querySelector('[data-wc-urgent][role=alert]')"
        ))
        .await;
    let urgent = session
        .js(&format!(
            "return {WIDGET_ROOT}.querySelector('[data-wc-urgent]').textContent;"
        ))
        .await;
    let urgent = urgent.as_str().unwrap();
    for expected in ["Get help now", "116 123", "999", "111"] {
        assert!(
            urgent.contains(expected),
            "`{expected}` missing from {urgent}"
        );
    }
    assert_eq!(
        session.js("return window.flags;").await,
        serde_json::json!([{ "instrument": "phq-9", "flag": "self_harm_risk" }])
    );
    // It stays on every page to the result.
    press(&session, 0, "continue").await;
    press(&session, 0, "continue").await;
    assert!(shown(&session, 0).await.contains("Check your answers"));
    assert!(shown(&session, 0).await.contains("Get help now"));
    session.close().await;
}

#[tokio::test]
async fn urgent_help_is_on_a_phones_screen_the_moment_it_is_raised_at_any_text_size() {
    let session = Session::start(360, 740).await;
    for (text_size, standard) in [("100%", 16), ("200%", 32)] {
        // The browser's own text-size setting, as a person with low vision sets it.
        session
            .cdp(
                "Page.setFontSizes",
                serde_json::json!({ "fontSizes": { "standard": standard } }),
            )
            .await;
        for (language, words) in [
            ("en", ["Get help now", "116 123", "999"]),
            ("cy", ["Cael help nawr", "116 123", "999"]),
        ] {
            let notice = urgent_notice_on_screen(&session, language).await;
            assert_on_screen(&notice, &format!("{language} at {text_size}"));
            let text = notice["text"].as_str().unwrap();
            for word in words {
                assert!(
                    text.contains(word),
                    "{language} at {text_size}: `{word}` missing from {text}"
                );
            }
            // The full panel is still announced.
            assert_eq!(notice["alert"], true, "{language} at {text_size}");
            // Its link brings the full panel onto the screen.
            session
                .js(&format!("{WIDGET_ROOT}.querySelector('[data-wc-action=urgent-panel]').click(); return true;"))
                .await;
            tokio::time::sleep(std::time::Duration::from_millis(300)).await;
            let panel = session
                .js(&format!(
                    "const box = {WIDGET_ROOT}.querySelector('[data-wc-urgent][role=alert]').getBoundingClientRect();
                     return box.top > -2 && box.top < window.innerHeight ? true : [box.top, box.bottom, window.innerHeight, window.scrollY];"
                ))
                .await;
            assert_eq!(
                panel, true,
                "{language} at {text_size}: the panel was not brought into view"
            );
        }
    }
    session.close().await;
}

#[tokio::test]
async fn urgent_help_is_said_under_the_answer_in_the_single_page_layout_too() {
    let session = Session::start(360, 740).await;
    session
        .open("/try.html?instrument=phq-9&resume=off&mode=single-page")
        .await;
    session.wait_for_widget().await;
    // Every question on one page: "Not at all" to the first eight, then "Several days".
    session
        .js(&format!(
            "const root = {WIDGET_ROOT};
             const names = [...new Set([...root.querySelectorAll('input[type=radio]')].map((radio) => radio.name))];
             names.slice(0, 9).forEach((name, index) => {{
               root.querySelector(`input[name=\"${{name}}\"][value=\"${{index === 8 ? 1 : 0}}\"]`).click();
             }});
             return names.length;"
        ))
        .await;
    let notice = urgent_notice_where_it_shows(&session).await;
    assert_on_screen(&notice, "single page");
    session.close().await;
}

#[tokio::test]
async fn a_theme_with_a_small_root_font_cannot_shrink_or_restyle_the_questionnaire() {
    let session = Session::start(1024, 768).await;
    session.open("/examples/small-root-font.html").await;
    session.wait_for_widget().await;
    let measured = session
        .js(&format!(
            "const root = {WIDGET_ROOT};
             const style = (selector) => getComputedStyle(root.querySelector(selector));
             const label = style('label');
             const paragraph = style('.wc-page p, .wc-page legend, .wc-page h2');
             return {{ host: getComputedStyle(document.body).fontSize,
                       answer: parseFloat(label.fontSize), cont: parseFloat(style('[data-wc-action=continue]').fontSize),
                       align: paragraph.textAlign, letters: paragraph.letterSpacing, words: paragraph.wordSpacing,
                       transform: paragraph.textTransform }};"
        ))
        .await;
    // The theme really is small: its own text is 14 px.
    assert_eq!(measured["host"], "14px", "{measured}");
    assert!(measured["answer"].as_f64().unwrap() >= 16.0, "{measured}");
    assert!(measured["cont"].as_f64().unwrap() >= 16.0, "{measured}");
    assert_eq!(measured["align"], "start", "{measured}");
    assert_eq!(measured["letters"], "normal", "{measured}");
    assert_eq!(measured["words"], "0px", "{measured}");
    assert_eq!(measured["transform"], "none", "{measured}");

    // The person's own text size still counts: twice the browser's default, twice the text.
    session
        .cdp(
            "Page.setFontSizes",
            serde_json::json!({ "fontSizes": { "standard": 32 } }),
        )
        .await;
    session.open("/examples/small-root-font.html").await;
    session.wait_for_widget().await;
    let larger = session
        .js(&format!(
            "return parseFloat(getComputedStyle({WIDGET_ROOT}.querySelector('label')).fontSize);"
        ))
        .await;
    assert!(
        larger.as_f64().unwrap() >= 2.0 * measured["answer"].as_f64().unwrap() - 0.5,
        "{larger} after doubling the default, from {measured}"
    );
    session.close().await;
}

#[tokio::test]
async fn set_up_faults_show_patients_the_set_up_message_and_tell_the_editor_what_to_change() {
    let session = Session::start(1024, 768).await;
    for (page, tells) in [
        ("/examples/setup-fault-csp.html", "'wasm-unsafe-eval'"),
        (
            "/examples/setup-fault-options.html",
            "could not be read (the page builder could not find its data)",
        ),
    ] {
        session.open(page).await;
        session
            .wait_for(&format!(
                "{WIDGET_ROOT}?.querySelector('[data-wc-setup-problem]')"
            ))
            .await;
        let shown = session
            .js(&format!("return {WIDGET_ROOT}.textContent;"))
            .await;
        assert_eq!(
            shown, "This questionnaire is not available on this page yet.",
            "{page}"
        );
        let messages = session
            .js("return window.wellcheckEditorMessages.join('\\n');")
            .await;
        assert!(
            messages.as_str().unwrap().contains(tells),
            "{page}: {messages}"
        );
        assert_eq!(
            session.js("return document.querySelector('wellcheck-questionnaire') instanceof customElements.get('wellcheck-questionnaire');").await,
            true,
            "{page}: the element was not upgraded"
        );
    }
    session.close().await;
}

#[tokio::test]
async fn answers_survive_a_reload_and_are_cleared_when_finished() {
    let session = Session::start(1024, 768).await;
    session.open("/try.html?instrument=ucla-3").await;
    session.wait_for_widget().await;
    session.js("sessionStorage.clear(); return true;").await;
    session.client.refresh().await.unwrap();
    session.wait_for_widget().await;
    answer(&session, 0, 3).await;
    let stored = session
        .js("return sessionStorage.getItem('wellcheck:v1:ucla-3');")
        .await;
    assert!(
        stored
            .as_str()
            .is_some_and(|text| text.contains("[3,null,null]")),
        "{stored}"
    );

    session.client.refresh().await.unwrap();
    session.wait_for_widget().await;
    let text = shown(&session, 0).await;
    assert!(
        text.contains("We kept the answers you gave before"),
        "{text}"
    );
    assert!(text.contains("Question 2 of 3"), "{text}");
    answer(&session, 0, 1).await;
    answer(&session, 0, 1).await;
    press(&session, 0, "see-result").await;
    assert!(shown(&session, 0).await.contains("Your result"));
    assert_eq!(
        session
            .js("return sessionStorage.getItem('wellcheck:v1:ucla-3');")
            .await,
        Value::Null
    );

    session.open("/try.html?instrument=ucla-3&resume=off").await;
    session.wait_for_widget().await;
    answer(&session, 0, 2).await;
    assert_eq!(
        session.js("return sessionStorage.length;").await,
        0,
        "resume=off keeps nothing"
    );
    session.close().await;
}

#[tokio::test]
async fn narrow_screen_and_double_text_size_never_scroll_sideways() {
    let session = Session::start(320, 740).await;
    assert_eq!(
        session.js("return window.innerWidth;").await,
        320,
        "the browser must really be 320 px wide"
    );
    // 200% text, as a person who enlarges text in their browser settings (the browser's
    // default size: the widget sizes from it, never from the page's root font size).
    session
        .cdp(
            "Page.setFontSizes",
            serde_json::json!({ "fontSizes": { "standard": 32 } }),
        )
        .await;
    for query in [
        "instrument=gppaq",
        "battery=social-prescribing",
        "instrument=who-5&language=cy",
    ] {
        session.open(&format!("/try.html?{query}&resume=off")).await;
        session.wait_for_widget().await;
        assert_eq!(
            session
                .js(&format!(
                    "return getComputedStyle({WIDGET_ROOT}.querySelector('.wc-root')).fontSize;"
                ))
                .await,
            "32px",
            "{query}: the text is not at twice the default"
        );
        for step in 0..4 {
            let problems = session.layout_problems().await;
            assert!(problems.is_empty(), "{query} step {step}: {problems:?}");
            session
                .js(&format!("const radio = {WIDGET_ROOT}.querySelector('input[type=radio]'); if (radio) radio.click(); return true;"))
                .await;
            press(&session, 0, "continue").await;
        }
    }
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
async fn a_journey_under_way_survives_licensed_wording_that_cannot_be_checked() {
    let session = Session::start(1024, 768).await;
    session.open("/try.html?instrument=ucla-3&resume=off").await;
    session.wait_for_widget().await;
    answer(&session, 0, 2).await;
    // The on-demand module (the licensed-text checker) cannot be fetched.
    session.outage.set(true);
    session
        .js("window.said = []; const error = console.error; console.error = (...parts) => { window.said.push(parts.join(' ')); error(...parts); };
             document.querySelector('wellcheck-questionnaire').configure({ licensedText: { instrument: 'swemwbs' }, practiceName: 'Riverside Surgery' });
             return true;")
        .await;
    session
        .wait_for("window.said.some((line) => line.includes('the licensed wording could not be checked'))")
        .await;
    session.outage.set(false);
    // Still on question 2, with question 1's answer kept, and nothing replaced it.
    let state = session
        .js(&format!(
            "const root = {WIDGET_ROOT}; return [root.querySelector('[data-wc-page]')?.dataset.wcPage ?? null, root.textContent.includes('could not be loaded'), root.querySelectorAll('input:checked').length];"
        ))
        .await;
    assert_eq!(state[0], "question", "{state}");
    assert_eq!(state[1], false, "{state}");
    press(&session, 0, "back").await;
    let checked = session
        .js(&format!(
            "return {WIDGET_ROOT}.querySelectorAll('input:checked').length;"
        ))
        .await;
    assert_eq!(checked, 1);
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
async fn a_configuration_change_mid_journey_keeps_the_answers() {
    let session = Session::start(1024, 768).await;
    session.open("/try.html?instrument=ucla-3&resume=off").await;
    session.wait_for_widget().await;
    answer(&session, 0, 3).await;
    session
        .js("const element = document.querySelector('wellcheck-questionnaire');
             element.configure({ practiceName: 'Hillside Surgery', signposting: [{ text: 'Hillside hub', href: 'https://example.org' }] });
             element.setAttribute('language', 'cy'); element.setAttribute('mode', 'paged');
             return true;")
        .await;
    session
        .wait_for(&format!(
            "{WIDGET_ROOT}.textContent.includes('Cwestiwn 2 o 3')"
        ))
        .await;
    press(&session, 0, "back").await;
    assert_eq!(
        session
            .js(&format!(
                "return {WIDGET_ROOT}.querySelector('input[type=radio]:checked')?.value;"
            ))
            .await,
        "3",
        "the first answer is still there"
    );
    session
        .js("document.querySelector('wellcheck-questionnaire').setAttribute('instrument', 'phq-2'); return true;")
        .await;
    session
        .wait_for(&format!(
            "{WIDGET_ROOT}.textContent.includes('Cwestiwn 1 o 2')"
        ))
        .await;
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
async fn a_number_out_of_range_is_kept_and_explained() {
    let session = Session::start(360, 740).await;
    session.open("/try.html?instrument=evs&resume=off").await;
    session.wait_for_widget().await;
    for (typed, message) in [
        ("8", "Enter a number of days from 0 to 7"),
        ("-1", "Enter a number of days from 0 to 7"),
        ("3.5", "Enter a whole number"),
    ] {
        type_number(&session, typed).await;
        press(&session, 0, "continue").await;
        let text = shown(&session, 0).await;
        assert!(text.contains(message), "{typed}: {text}");
        assert!(!text.contains("Answer this question"), "{typed}: {text}");
        assert_eq!(
            session
                .js(&format!(
                    "return {WIDGET_ROOT}.querySelector('input.wc-number-input').value;"
                ))
                .await,
            typed,
            "what was typed stays in the box"
        );
        assert_eq!(session.focused().await, "error-summary");
        assert!(session.axe_violations().await.is_empty());
    }
    type_number(&session, "3").await;
    press(&session, 0, "continue").await;
    type_number(&session, "1441").await;
    press(&session, 0, "continue").await;
    assert!(
        shown(&session, 0)
            .await
            .contains("Enter a number of minutes from 0 to 1440")
    );
    session.close().await;
}

#[tokio::test]
async fn setup_problems_show_a_plain_sentence_and_tell_the_editor_once() {
    let session = Session::start(1024, 768).await;
    for (query, reason) in [
        ("instrument=wemwbs", "is licensed"),
        ("instrument=phq-99", "unknown instrument `phq-99`"),
        ("instrument=phq-9&language=fr", "language `fr`"),
    ] {
        session.open(&format!("/try.html?{query}&resume=off")).await;
        session.wait_for_widget().await;
        // More changes that leave it broken must not repeat the message.
        session
            .js(
                "const element = document.querySelector('wellcheck-questionnaire');
                 element.configure({ practiceName: 'A' }); return true;",
            )
            .await;
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        let text = shown(&session, 0).await;
        assert_eq!(
            text.trim(),
            "This questionnaire is not available on this page yet.",
            "{query}"
        );
        let messages = editor_messages(&session).await;
        assert_eq!(messages.len(), 1, "{query}: {messages:?}");
        assert!(
            messages[0].starts_with("error: wellcheck: ") && messages[0].contains(reason),
            "{messages:?}"
        );
        assert!(session.axe_violations().await.is_empty());
    }
    // Ids are read whatever their case and spacing.
    session
        .open("/try.html?instrument=%20PHQ-9%20&resume=off")
        .await;
    session.wait_for_widget().await;
    assert!(shown(&session, 0).await.contains("Question 1 of 10"));
    session.close().await;
}

#[tokio::test]
async fn a_dropped_link_is_named_to_the_editor_once() {
    let session = Session::start(1024, 768).await;
    session.open("/try.html?instrument=ucla-3&resume=off").await;
    session.wait_for_widget().await;
    session
        .js("const element = document.querySelector('wellcheck-questionnaire');
             const signposting = [{ text: 'Our hub', href: '/hub' }, { text: 'Bad', href: 'javascript:alert(1)' }];
             element.configure({ signposting }); return true;")
        .await;
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    session
        .js("document.querySelector('wellcheck-questionnaire').configure({ practiceName: 'B' }); return true;")
        .await;
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let messages = editor_messages(&session).await;
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert!(
        messages[0].starts_with("warn: wellcheck: the signposting link \"Our hub\" to `/hub`"),
        "{messages:?}"
    );
    assert!(
        messages[1].contains("`javascript:alert(1)`"),
        "{messages:?}"
    );
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

#[tokio::test]
async fn by_default_answers_survive_a_reload_but_not_closing_the_tab() {
    let session = Session::start(1024, 768).await;
    session.open("/try.html?instrument=ucla-3").await;
    session.wait_for_widget().await;
    session
        .js("sessionStorage.clear(); localStorage.clear(); return true;")
        .await;
    session.client.refresh().await.unwrap();
    session.wait_for_widget().await;
    answer(&session, 0, 3).await;
    assert_eq!(
        kept_in(&session, "sessionStorage").await,
        ["wellcheck:v1:ucla-3"]
    );
    assert!(
        kept_in(&session, "localStorage").await.is_empty(),
        "nothing on the device by default"
    );
    assert!(!shown(&session, 0).await.contains("saved on this device"));

    session.client.refresh().await.unwrap();
    session.wait_for_widget().await;
    let text = shown(&session, 0).await;
    assert!(
        text.contains("We kept the answers you gave before") && text.contains("Question 2 of 3"),
        "{text}"
    );

    in_a_new_tab(&session, "/try.html?instrument=ucla-3").await;
    let text = shown(&session, 0).await;
    assert!(
        text.contains("Question 1 of 3") && !text.contains("We kept"),
        "{text}"
    );
    assert!(kept_in(&session, "localStorage").await.is_empty());
    session.close().await;
}

#[tokio::test]
async fn resume_device_keeps_answers_across_tabs_says_so_and_clearing_asks_first() {
    let session = Session::start(360, 740).await;
    session
        .open("/try.html?instrument=ucla-3&resume=device")
        .await;
    session.wait_for_widget().await;
    session
        .js("sessionStorage.clear(); localStorage.clear(); return true;")
        .await;
    session.client.refresh().await.unwrap();
    session.wait_for_widget().await;
    answer(&session, 0, 3).await;
    assert!(
        shown(&session, 0)
            .await
            .contains("Your answers are saved on this device until you finish")
    );
    assert_eq!(
        kept_in(&session, "localStorage").await,
        ["wellcheck:v1:ucla-3"]
    );

    in_a_new_tab(&session, "/try.html?instrument=ucla-3&resume=device").await;
    let text = shown(&session, 0).await;
    assert!(
        text.contains("We kept the answers you gave before") && text.contains("Question 2 of 3"),
        "{text}"
    );

    // One tap on "Clear my answers" only asks; "No" keeps everything.
    press(&session, 0, "clear").await;
    let text = shown(&session, 0).await;
    assert!(text.contains("Clear your answers?"), "{text}");
    // Escape is "No" too, and focus returns to the link.
    let escape: char = fantoccini::key::Key::Escape.into();
    session.press(&[escape]).await;
    tokio::time::sleep(std::time::Duration::from_millis(60)).await;
    assert!(!shown(&session, 0).await.contains("Clear your answers?"));
    assert_eq!(session.focused().await, "button:clear");
    press(&session, 0, "clear").await;
    assert_eq!(session.axe_violations().await, Vec::<String>::new());
    assert_eq!(
        session.focused().await,
        "p:Clear your answers? Everything you have "
    );
    press(&session, 0, "clear-cancel").await;
    assert!(shown(&session, 0).await.contains("Question 2 of 3"));
    assert_eq!(
        kept_in(&session, "localStorage").await,
        ["wellcheck:v1:ucla-3"]
    );
    press(&session, 0, "clear").await;
    press(&session, 0, "clear-confirm").await;
    let text = shown(&session, 0).await;
    assert!(
        text.contains("Question 1 of 3") && !text.contains("We kept"),
        "{text}"
    );
    assert!(
        kept_in(&session, "localStorage").await.is_empty(),
        "cleared from the device"
    );

    // A page that stops keeping answers on the device removes what it left there.
    answer(&session, 0, 2).await;
    assert_eq!(
        kept_in(&session, "localStorage").await,
        ["wellcheck:v1:ucla-3"]
    );
    session.open("/try.html?instrument=ucla-3").await;
    session.wait_for_widget().await;
    assert!(kept_in(&session, "localStorage").await.is_empty());
    assert_eq!(
        kept_in(&session, "sessionStorage").await,
        Vec::<String>::new()
    );
    session.close().await;
}

#[tokio::test]
async fn start_again_needs_a_second_action_and_the_result_prints_in_full() {
    let session = Session::start(1024, 768).await;
    session.open("/try.html?instrument=ucla-3&resume=off").await;
    session.wait_for_widget().await;
    answer(&session, 0, 3).await;
    answer(&session, 0, 2).await;
    answer(&session, 0, 1).await;
    press(&session, 0, "see-result").await;
    assert!(shown(&session, 0).await.contains("Your result"));

    press(&session, 0, "start-again").await;
    let text = shown(&session, 0).await;
    assert!(
        text.contains("Your result")
            && text.contains("Start again? Your answers and your result will be cleared"),
        "{text}"
    );
    assert_eq!(
        session.axe_violations().await,
        Vec::<String>::new(),
        "the question in place of Start again"
    );
    press(&session, 0, "start-again-cancel").await;
    let text = shown(&session, 0).await;
    assert!(
        text.contains("Your result") && !text.contains("Start again?"),
        "{text}"
    );

    // Printed: the questionnaire, the date, every answer, each score and its meaning, sources.
    session
        .cdp(
            "Emulation.setEmulatedMedia",
            serde_json::json!({ "media": "print" }),
        )
        .await;
    let printed = session
        .js(&format!(
            "const root = {WIDGET_ROOT};
             const visible = (el) => el && getComputedStyle(el).display !== 'none' && el.getClientRects().length > 0;
             const text = (sel) => [...root.querySelectorAll(sel)].filter(visible).map((el) => el.innerText).join('\\n');
             return {{
               heading: text('h2'),
               record: text('[data-wc-print-record]'),
               scores: text('[data-wc-score]'),
               buttons: [...root.querySelectorAll('button')].filter(visible).map((b) => b.innerText),
             }};"
        ))
        .await;
    session.screenshot_full_page("result-print-ucla-3").await;
    session
        .cdp(
            "Emulation.setEmulatedMedia",
            serde_json::json!({ "media": "" }),
        )
        .await;
    let heading = printed["heading"].as_str().unwrap();
    assert!(
        heading.contains("UCLA 3-item Loneliness Scale (ONS wording)")
            && heading.contains(&this_year()),
        "{printed}"
    );
    let record = printed["record"].as_str().unwrap();
    for wording in wellcheck_core::catalogue::get("ucla-3")
        .unwrap()
        .items()
        .iter()
        .filter_map(|item| item.text())
    {
        assert!(
            record.contains(wording),
            "the printout lacks `{wording}`: {record}"
        );
    }
    assert!(
        record.contains("Your answers") && record.contains("Sources") && record.contains("Hughes"),
        "{record}"
    );
    let scores = printed["scores"].as_str().unwrap();
    assert!(
        scores.contains("Your result is in the group:") && scores.contains("Your answers suggest"),
        "{scores}"
    );
    assert_eq!(
        printed["buttons"],
        serde_json::json!([]),
        "no buttons on paper"
    );

    press(&session, 0, "start-again").await;
    press(&session, 0, "start-again-confirm").await;
    let text = shown(&session, 0).await;
    assert!(
        text.contains("Question 1 of 3") && !text.contains("Your result"),
        "{text}"
    );
    session.close().await;
}

/// This year, as the browser's clock has it (the result heading gives today's date).
fn this_year() -> String {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        / 86_400;
    let date = wellcheck_core::dates::from_days(days as i64).unwrap();
    (date / 10_000).to_string()
}

#[tokio::test]
async fn next_steps_follow_the_band_and_the_host_can_replace_them_but_not_urgent_help() {
    let session = Session::start(1024, 768).await;
    session.open("/try.html?instrument=phq-9&resume=off").await;
    session.wait_for_widget().await;
    // Moderate (10 to 14), with item 9 at "Several days".
    for value in [2, 2, 1, 1, 1, 1, 1, 0, 1] {
        answer(&session, 0, value).await;
    }
    press(&session, 0, "continue").await;
    press(&session, 0, "see-result").await;
    let text = shown(&session, 0).await;
    assert!(
        text.contains("You can refer yourself to NHS Talking Therapies"),
        "{text}"
    );
    assert!(text.contains("Get help now"), "{text}");

    session
        .js("document.querySelector('wellcheck-questionnaire').configure({ nextSteps: { 'phq-9/total/moderate': { text: 'Call the <b>wellbeing</b> team', href: 'tel:0123' } } }); return true;")
        .await;
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    let text = shown(&session, 0).await;
    assert!(
        text.contains("Call the <b>wellbeing</b> team") && !text.contains("NHS Talking Therapies"),
        "{text}"
    );
    session
        .js("document.querySelector('wellcheck-questionnaire').configure({ nextSteps: { 'phq-9': null } }); return true;")
        .await;
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    let text = shown(&session, 0).await;
    assert!(
        !text.contains("What you can do next")
            && text.contains("Get help now")
            && text.contains("116 123"),
        "{text}"
    );
    // The group never reassures on its own after item 9: the host cannot remove this either.
    assert!(
        text.contains("Whatever your score, your answer about thoughts of being better off dead"),
        "{text}"
    );
    session.close().await;
}
