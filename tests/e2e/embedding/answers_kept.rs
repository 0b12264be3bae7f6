//! Answers kept and explained: across a reload, per tab by default, on the device when the
//! host opts in (said, and cleared only when asked twice), and a number out of range kept
//! on screen with what to change.

use serde_json::Value;
use wellcheck_e2e::{Session, WIDGET_ROOT};

use crate::widget_driver::*;

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
