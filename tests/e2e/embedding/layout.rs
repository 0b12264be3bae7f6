//! What a host page's styles and a person's settings cannot break: a small root font, a
//! narrow screen at double text size, and the printed result; start again asks first.

use wellcheck_e2e::{Session, WIDGET_ROOT};

use crate::widget_driver::*;

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
    session.set_default_text_size(32).await;
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
async fn narrow_screen_and_double_text_size_never_scroll_sideways() {
    let session = Session::start(320, 740).await;
    assert_eq!(
        session.js("return window.innerWidth;").await,
        320,
        "the browser must really be 320 px wide"
    );
    // 200% text, as a person who enlarges text in their browser settings (the browser's
    // default size: the widget sizes from it, never from the page's root font size).
    session.set_default_text_size(32).await;
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
    session.emulate_media("print").await;
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
    session.emulate_media("").await;
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
async fn the_back_links_chevron_is_drawn_not_read_aloud() {
    let session = Session::start(1024, 768).await;
    session.open("/try.html?instrument=ucla-3&resume=off").await;
    session.wait_for_widget().await;
    answer(&session, 0, 2).await;
    session
        .wait_for(&format!("{WIDGET_ROOT}.querySelector('.wc-back-link')"))
        .await;
    // What a screen reader reads: Chromium's accessibility tree, shadow root included.
    let tree = session
        .cdp("Accessibility.getFullAXTree", serde_json::json!({}))
        .await;
    let names: Vec<String> = tree["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|node| node["name"]["value"].as_str())
        .filter(|name| name.contains("Back"))
        .map(str::to_owned)
        .collect();
    assert!(
        !names.is_empty(),
        "no Back control in the accessibility tree"
    );
    assert!(
        names.iter().all(|name| !name.contains('\u{2039}')),
        "the chevron is read aloud: {names:?}"
    );
    session.close().await;
}

/// Words of the result's group names that a line break splits, as the page is laid out
/// now: each word's text as a range, and a word with more than one line box is split.
async fn split_group_names(session: &Session) -> Vec<String> {
    let found = session
        .js(&format!(
            "const split = [];
             for (const label of {WIDGET_ROOT}.querySelectorAll('.wc-scale-label')) {{
               const node = label.firstChild;
               if (!node || node.nodeType !== Node.TEXT_NODE) continue;
               const text = node.textContent;
               for (const match of text.matchAll(/\\S+/g)) {{
                 const range = document.createRange();
                 range.setStart(node, match.index);
                 range.setEnd(node, match.index + match[0].length);
                 const lines = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top)));
                 if (lines.size > 1) split.push(match[0]);
               }}
             }}
             return split;"
        ))
        .await;
    found
        .as_array()
        .map(|words| {
            words
                .iter()
                .filter_map(|word| word.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn printed_at_double_text_size_group_names_keep_whole_words_and_no_page_is_left_half_blank() {
    // An A4 page's printable width at 96 px an inch, so the page lays out as it prints.
    let session = Session::start(718, 1000).await;
    for (text_size, standard) in [("100%", 16), ("200%", 32)] {
        session.set_default_text_size(standard).await;
        for query in ["instrument=phq-9", "battery=social-prescribing"] {
            session.open(&format!("/try.html?{query}&resume=off")).await;
            session.wait_for_widget().await;
            while session.widget_page().await["kind"] == "question" {
                session
                    .js(&format!("const root = {WIDGET_ROOT}; const radio = root.querySelector('input[type=radio]'); if (radio) radio.click(); else {{ const input = root.querySelector('input'); input.value = '3'; input.dispatchEvent(new InputEvent('input', {{ bubbles: true, composed: true }})); }} return true;"))
                    .await;
                press(&session, 0, "continue").await;
            }
            press(&session, 0, "see-result").await;
            session
                .wait_for(&format!("{WIDGET_ROOT}.querySelector('.wc-result')"))
                .await;
            session.emulate_media("print").await;
            let split = split_group_names(&session).await;
            assert!(
                split.is_empty(),
                "{query} at {text_size}: split words {split:?}"
            );
            // A block printing keeps whole moves to the next page when it does not fit:
            // one taller than a third of the page (1,047 px printable) leaves a page half
            // blank, as a whole score kept together did at 200% text.
            let unbroken = session
                .js(&format!(
                    "return [...{WIDGET_ROOT}.querySelectorAll('*')]
                       .filter((element) => ['avoid', 'avoid-page'].includes(getComputedStyle(element).breakInside))
                       .map((element) => [element.className, Math.round(element.getBoundingClientRect().height)]);"
                ))
                .await;
            let unbroken = unbroken.as_array().cloned().unwrap_or_default();
            assert!(
                !unbroken.is_empty(),
                "{query} at {text_size}: each group of a scale is kept whole"
            );
            for block in unbroken {
                assert!(
                    block[1].as_i64().unwrap_or(i64::MAX) <= 1047 / 3,
                    "{query} at {text_size}: {block} is kept whole on paper but is taller than a third of a page"
                );
            }
            session.emulate_media("").await;
            let name = format!(
                "result-printed-{}-{}",
                query.split('=').nth(1).unwrap_or("x"),
                text_size.trim_end_matches('%')
            );
            let (_, pages) = session.print_pdf(&name).await;
            assert!(pages >= 1, "{name}");
        }
    }
    session.close().await;
}
