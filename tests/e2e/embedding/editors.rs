//! What a site editor is told: set-up faults and problems (a plain sentence for the
//! patient, the reason once in the console), a dropped link, licensed wording that cannot
//! be checked, and a change of configuration mid-journey that keeps the answers.

use wellcheck_e2e::{Session, WIDGET_ROOT};

use crate::widget_driver::*;

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
