//! Urgent help: shown and announced the moment PHQ-9 question 9 raises it, on a phone's
//! screen at any text size, under the answer in the single-page layout, and never replaced
//! by a host's next steps.

use wellcheck_e2e::{Session, WIDGET_ROOT};

use crate::widget_driver::*;

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
        session.set_default_text_size(standard).await;
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
