//! The host's options checked natively: every attribute and `configure()` option, the
//! set-up problems and warnings told to the site editor, and licensed wording applied.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "tests")]

use super::*;

#[test]
fn attributes_become_a_config() {
    let config = Config::from_json(
        r#"{"instrument":"phq-9","language":"cy","mode":"single-page","resume":false}"#,
    )
    .unwrap();
    assert_eq!(config.subject, "phq-9");
    assert_eq!(
        (config.language, config.mode, config.resume),
        (Language::Cy, Mode::SinglePage, Resume::Off)
    );
}

#[test]
fn answers_are_kept_for_the_tab_unless_the_host_asks_for_the_device_or_nothing() {
    let resume = |value: &str| {
        let config = Config::from_json(&format!(r#"{{"instrument":"ucla-3"{value}}}"#)).unwrap();
        (config.resume, config.warnings)
    };
    assert_eq!(resume(""), (Resume::Tab, vec![]));
    assert_eq!(resume(r#","resume":"device""#), (Resume::Device, vec![]));
    assert_eq!(resume(r#","resume":" OFF ""#), (Resume::Off, vec![]));
    assert_eq!(resume(r#","resume":true"#), (Resume::Tab, vec![]));
    assert_eq!(
        resume(r#","resume":"forever""#),
        (
            Resume::Tab,
            vec!["resume `forever` is not known (use tab, device or off); answers are kept for this browser tab only".to_owned()]
        )
    );
}

#[test]
fn next_steps_are_read_by_key_and_mistakes_name_the_key() {
    let config = Config::from_json(
        r#"{"instrument":"phq-9","nextSteps":{
            "phq-9/total/moderate":{"text":"Call our wellbeing team","href":"tel:0123"},
            "ucla-3":"Join the Tuesday coffee morning",
            "gad-7/total":null,
            "phq-9/total/medium":"x",
            "phq-99":"x",
            "ucla-3/score":"x",
            "evs":{"text":"Walk","href":"javascript:alert(1)"},
            "who-5":42,
            "phq-2":"first",
            " PHQ-2 ":"second",
            "ucla-3/total":{"href":"https://example.org"}
        }}"#,
    )
    .unwrap();
    let steps = &config.next_steps;
    assert_eq!(
        steps.choice("phq-9", "total", "moderate", true),
        NextStepChoice::Host(&Signpost {
            text: "Call our wellbeing team".into(),
            href: Some("tel:0123".into())
        })
    );
    // A band-level key is for that band only.
    assert_eq!(
        steps.choice("phq-9", "total", "severe", true),
        NextStepChoice::Default
    );
    // An instrument-level key stands in for the bands that have a default next step.
    assert!(matches!(
        steps.choice("ucla-3", "total", "lonely", true),
        NextStepChoice::Host(_)
    ));
    assert_eq!(
        steps.choice("ucla-3", "total", "not_lonely", false),
        NextStepChoice::Default
    );
    assert_eq!(
        steps.choice("gad-7", "total", "severe", true),
        NextStepChoice::Nothing
    );
    assert!(
        matches!(steps.choice("phq-2", "total", "positive", true), NextStepChoice::Host(step) if step.text == "first")
    );
    assert_eq!(
        steps.choice("evs", "minutes_per_week", "inactive", true),
        NextStepChoice::Host(&Signpost {
            text: "Walk".into(),
            href: None
        })
    );
    assert_eq!(
        config.warnings,
        // In the order the host wrote them; of two keys naming the same thing, the first.
        [
            "nextSteps `phq-9/total/medium`: phq-9/total has no band `medium` (its bands: minimal, mild, moderate, moderately_severe, severe); it was ignored",
            "nextSteps `phq-99`: `phq-99` is not a questionnaire in the catalogue (its questionnaires: cel, djg-11, djg-6, evs, gad-2, gad-7, gppaq, ons-loneliness, ons4, pa-1, phq-2, phq-4, phq-9, swemwbs, ucla-20, ucla-3, wemwbs, who-5); it was ignored",
            "nextSteps `ucla-3/score`: ucla-3 has no score `score` (its scores: total); it was ignored",
            "the nextSteps `evs` link \"Walk\" to `javascript:alert(1)` was shown as plain text: only absolute https:, http:, tel: and mailto: links are allowed",
            "nextSteps `who-5` should be text, { text, href } or null, not 42; it was ignored",
            "nextSteps ` PHQ-2 ` names `phq-2`, as `phq-2` does; `phq-2` is used",
            "nextSteps `ucla-3/total` has no text; it was ignored",
        ]
    );
}

#[test]
fn a_battery_expands_to_its_instruments() {
    let config = Config::from_json(r#"{"battery":"social-prescribing"}"#).unwrap();
    let ids: Vec<&str> = config.instruments.iter().map(|i| i.id()).collect();
    assert_eq!(ids, ["ucla-3", "ons-loneliness", "ons4", "evs"]);
}

#[test]
fn setup_problems_are_plain_messages() {
    for (json, fragment) in [
        (r#"{"instrument":"nope"}"#, "unknown instrument `nope`"),
        (r#"{}"#, "say which questionnaire"),
        (
            r#"{"instrument":"ucla-3","battery":"social-prescribing"}"#,
            "not both",
        ),
        (
            r#"{"instrument":"ucla-3","language":"fr"}"#,
            "language `fr`",
        ),
        (
            r#"{"instrument":"ucla-3","colour":"red"}"#,
            "unknown field `colour`",
        ),
        (r#"{"instrument":"wemwbs"}"#, "is licensed"),
        (r#"{"instrument":"phq-9","language":"fr"}"#, "language `fr`"),
    ] {
        let problem = Config::from_json(json).unwrap_err();
        assert!(
            problem.message.contains(fragment),
            "{json}: {}",
            problem.message
        );
    }
}

#[test]
fn unsafe_links_lose_their_href() {
    let config = Config::from_json(
        r#"{"instrument":"ucla-3","signposting":[{"text":"A","href":"javascript:alert(1)"},{"text":"B","href":"tel:0123"},{"text":"C","href":" JAVASCRIPT:x"}]}"#,
    )
    .unwrap();
    let links: Vec<Option<&str>> = config
        .signposting
        .as_ref()
        .unwrap()
        .iter()
        .map(|s| s.href.as_deref())
        .collect();
    assert_eq!(links, [None, Some("tel:0123"), None]);
    assert_eq!(config.warnings.len(), 2);
    assert!(
        config.warnings[0].contains("\"A\" to `javascript:alert(1)`"),
        "{:?}",
        config.warnings
    );
}

#[test]
fn a_relative_link_is_dropped_with_a_warning_naming_it() {
    let config = Config::from_json(
        r#"{"instrument":"ucla-3","signposting":[{"text":"Our hub","href":"/hub"}]}"#,
    )
    .unwrap();
    assert_eq!(config.signposting.unwrap()[0].href, None);
    assert_eq!(
        config.warnings,
        [
            "the signposting link \"Our hub\" to `/hub` was shown as plain text: only absolute https:, http:, tel: and mailto: links are allowed"
        ]
    );
}

#[test]
fn a_mistake_in_the_support_list_or_name_is_a_warning_not_an_outage() {
    let config = Config::from_json(
        r#"{"instrument":"ucla-3","practiceName":42,"signposting":[{"text":"Hub","href":"https://example.org","colour":"red"},{"href":"tel:1"}],"mode":" Paged ","theme":"NHS"}"#,
    )
    .unwrap();
    assert_eq!(config.practice_name, None);
    assert_eq!(config.signposting.unwrap().len(), 1);
    assert_eq!(config.warnings.len(), 3, "{:?}", config.warnings);
    assert!(
        config.warnings[0].contains("unknown field `colour`"),
        "{:?}",
        config.warnings
    );
}

#[test]
fn an_instrument_given_as_a_battery_or_the_reverse_is_named() {
    let problem = Config::from_json(r#"{"instrument":"social-prescribing"}"#).unwrap_err();
    assert!(
        problem
            .message
            .contains("is a battery: write battery=\"social-prescribing\""),
        "{}",
        problem.message
    );
    let problem = Config::from_json(r#"{"battery":"ucla-3"}"#).unwrap_err();
    assert!(
        problem
            .message
            .contains("is an instrument: write instrument=\"ucla-3\""),
        "{}",
        problem.message
    );
}

#[test]
fn ids_and_languages_are_read_whatever_their_case_and_spacing() {
    let config = Config::from_json(r#"{"instrument":" PHQ-9 ","language":" CY "}"#).unwrap();
    assert_eq!(
        (config.subject.as_str(), config.language),
        ("phq-9", Language::Cy)
    );
    assert_eq!(config.storage_key, "phq-9");
    let battery = Config::from_json(
        r#"{"battery":"Social-Prescribing","storageKey":"social-prescribing@second"}"#,
    )
    .unwrap();
    assert_eq!(battery.subject, "social-prescribing");
    assert_eq!(battery.storage_key, "social-prescribing@second");
}
