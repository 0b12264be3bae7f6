//! The journey's transitions, tested natively: pages, errors, returning from the check
//! page, resuming, and how each form is completed.
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "tests"
)]

use wellcheck_core::catalogue;

use super::*;

fn flow(ids: &[&str], mode: Mode) -> Flow {
    let instruments: Vec<Rc<Instrument>> = ids
        .iter()
        .map(|id| Rc::new(catalogue::get(id).unwrap()))
        .collect();
    Flow::new(&instruments, mode)
}

fn answer(flow: &Flow, form: usize, item: usize, value: i64) -> Flow {
    flow.apply(Action::Answer { form, item, value })
        .apply(Action::Continue)
}

#[test]
fn each_form_is_scored_as_the_spec_says_it_was_completed() {
    let spec = JourneySpec {
        subject: "social-prescribing".to_owned(),
        instruments: ["ucla-3", "ons4"]
            .iter()
            .map(|id| Rc::new(catalogue::get(id).unwrap()))
            .collect(),
        administration: vec![Administration::ReadAloud, Administration::OnBehalf],
        mode: Mode::SinglePage,
        resume: Resume::Off,
    };
    let answered = |start: Flow| {
        let mut state = start;
        for (form, values) in [(0, vec![2, 3, 2]), (1, vec![7, 8, 6, 3])] {
            for (item, value) in values.into_iter().enumerate() {
                state = state.apply(Action::Answer { form, item, value });
            }
        }
        submit(&state.apply(Action::Continue).apply(Action::Continue))
    };
    let administration = |state: &Flow| -> Vec<&str> {
        state
            .reports
            .as_ref()
            .unwrap()
            .iter()
            .map(|r| r.administration)
            .collect()
    };
    let done = answered(Flow::start(&spec));
    assert_eq!(done.page, Page::Result);
    assert_eq!(administration(&done), ["read_aloud", "on_behalf"]);
    // Starting again keeps how each form is completed; so does resuming.
    let again = answered(done.apply(Action::StartAgain));
    assert_eq!(administration(&again), ["read_aloud", "on_behalf"]);
    let part = Flow::start(&spec).apply(Action::Answer {
        form: 0,
        item: 0,
        value: 2,
    });
    let saved = part.saved(&spec.subject).unwrap();
    let resumed = Flow::resume(&spec, Some(&saved));
    assert!(resumed.resumed);
    assert_eq!(
        administration(&answered(resumed)),
        ["read_aloud", "on_behalf"]
    );
    // The embed's journeys are self-completed.
    let embed = JourneySpec::self_completed(
        spec.subject.clone(),
        spec.instruments.clone(),
        Mode::SinglePage,
        Resume::Off,
    );
    assert_eq!(
        administration(&answered(Flow::start(&embed))),
        ["self", "self"]
    );
}

#[test]
fn continue_without_an_answer_shows_an_error_and_stays() {
    let start = flow(&["ucla-3"], Mode::Paged);
    let next = start.apply(Action::Continue);
    assert_eq!(next.page, Page::Question { form: 0, item: 0 });
    assert_eq!(next.errors, [(0, 0)]);
    let fixed = next.apply(Action::Answer {
        form: 0,
        item: 0,
        value: 2,
    });
    assert!(fixed.errors.is_empty());
}

#[test]
fn one_question_per_page_then_check_then_result() {
    let mut state = flow(&["ucla-3"], Mode::Paged);
    for (item, value) in [(0, 2), (1, 3), (2, 2)] {
        assert_eq!(state.page, Page::Question { form: 0, item });
        state = answer(&state, 0, item, value);
    }
    assert_eq!(state.page, Page::Check);
    state = submit(&state);
    assert_eq!(state.page, Page::Result);
    let reports = state.reports.as_ref().unwrap();
    assert_eq!(
        reports[0].score("total").unwrap().band.as_deref(),
        Some("lonely")
    );
    assert!(
        state.saved("ucla-3").is_none(),
        "nothing is kept once finished"
    );
}

#[test]
fn answering_is_not_a_move_but_continue_is() {
    let start = flow(&["ucla-3"], Mode::Paged);
    let answered = start.apply(Action::Answer {
        form: 0,
        item: 0,
        value: 1,
    });
    assert_eq!(answered.moves, start.moves);
    assert_eq!(answered.apply(Action::Continue).moves, start.moves + 1);
    assert_eq!(
        start.apply(Action::Continue).moves,
        start.moves + 1,
        "an error is a move too"
    );
}

#[test]
fn back_goes_to_the_previous_question_and_keeps_answers() {
    let state = answer(&flow(&["ucla-3"], Mode::Paged), 0, 0, 3);
    assert!(state.can_go_back());
    let back = state.apply(Action::Back);
    assert_eq!(back.page, Page::Question { form: 0, item: 0 });
    assert_eq!(back.forms[0].answers.get(0), Some(3));
    assert!(!back.can_go_back());
}

#[test]
fn evs_skips_minutes_when_no_exercise_days() {
    let zero = answer(&flow(&["evs"], Mode::Paged), 0, 0, 0);
    assert_eq!(zero.page, Page::Check);
    let some = answer(&flow(&["evs"], Mode::Paged), 0, 0, 3);
    assert_eq!(some.page, Page::Question { form: 0, item: 1 });
}

#[test]
fn change_from_check_returns_to_check_unless_a_new_question_opens() {
    let done = answer(&flow(&["evs"], Mode::Paged), 0, 0, 0);
    assert_eq!(done.page, Page::Check);
    let changing = done.apply(Action::Change { form: 0, item: 0 });
    assert_eq!(changing.page, Page::Question { form: 0, item: 0 });
    // Changing days to 3 opens the minutes question, which must be answered first.
    let opened = answer(&changing, 0, 0, 3);
    assert_eq!(opened.page, Page::Question { form: 0, item: 1 });
    let back_to_check = answer(&opened, 0, 1, 30);
    assert_eq!(back_to_check.page, Page::Check);
    assert!(!back_to_check.returning);
}

#[test]
fn optional_questions_may_be_skipped() {
    let mut state = flow(&["phq-9"], Mode::Paged);
    for item in 0..9 {
        state = answer(&state, 0, item, 0);
    }
    assert_eq!(state.page, Page::Question { form: 0, item: 9 });
    let skipped = state.apply(Action::Continue);
    assert_eq!(skipped.page, Page::Check);
}

#[test]
fn a_battery_runs_each_questionnaire_in_turn() {
    let mut state = flow(&["phq-2", "gad-2"], Mode::Paged);
    for (form, item) in [(0, 0), (0, 1), (1, 0), (1, 1)] {
        assert_eq!(state.page, Page::Question { form, item });
        state = answer(&state, form, item, 1);
    }
    assert_eq!(submit(&state).reports.unwrap().len(), 2);
}

#[test]
fn single_page_mode_checks_the_whole_questionnaire() {
    let state = flow(&["ucla-3"], Mode::SinglePage);
    assert_eq!(state.page, Page::Form { form: 0 });
    let partial = state
        .apply(Action::Answer {
            form: 0,
            item: 1,
            value: 1,
        })
        .apply(Action::Continue);
    assert_eq!(partial.errors, [(0, 0), (0, 2)]);
    let done = partial
        .apply(Action::Answer {
            form: 0,
            item: 0,
            value: 1,
        })
        .apply(Action::Answer {
            form: 0,
            item: 2,
            value: 1,
        })
        .apply(Action::Continue);
    assert_eq!(done.page, Page::Check);
}

#[test]
fn saved_answers_restore_only_into_the_same_definitions() {
    let instruments = vec![Rc::new(catalogue::get("ucla-3").unwrap())];
    let state = answer(&Flow::new(&instruments, Mode::Paged), 0, 0, 3);
    let saved = state.saved("ucla-3").unwrap();
    let restored = Flow::restore(&instruments, Mode::Paged, "ucla-3", &saved).unwrap();
    assert_eq!(restored.page, Page::Question { form: 0, item: 1 });
    assert_eq!(restored.forms[0].answers.get(0), Some(3));
    assert!(restored.resumed);

    let mut changed = saved.clone();
    changed.definitions[0] = "sha256:other".into();
    assert!(Flow::restore(&instruments, Mode::Paged, "ucla-3", &changed).is_none());
    assert!(Flow::restore(&instruments, Mode::Paged, "phq-9", &saved).is_none());
}

#[test]
fn a_corrupt_saved_answer_is_dropped_and_the_valid_ones_kept() {
    let instruments = vec![Rc::new(catalogue::get("ucla-3").unwrap())];
    let state = answer(
        &answer(&Flow::new(&instruments, Mode::Paged), 0, 0, 3),
        0,
        1,
        2,
    );
    let mut tampered = state.saved("ucla-3").unwrap();
    tampered.answers[0][1] = Some(99);
    let restored = Flow::restore(&instruments, Mode::Paged, "ucla-3", &tampered).unwrap();
    assert_eq!(restored.forms[0].answers.values(), [Some(3), None, None]);
    // Back to the question whose answer was dropped, not past it.
    assert_eq!(restored.page, Page::Question { form: 0, item: 1 });
}

#[test]
fn a_saved_entry_with_wrongly_typed_parts_keeps_what_is_usable() {
    let instruments = vec![Rc::new(catalogue::get("ucla-3").unwrap())];
    let state = answer(
        &answer(&Flow::new(&instruments, Mode::Paged), 0, 0, 3),
        0,
        1,
        2,
    );
    let saved = state.saved("ucla-3").unwrap();
    let mut json: serde_json::Value = serde_json::to_value(&saved).unwrap();
    json["answers"][0][1] = serde_json::json!("2");
    json["page"] = serde_json::json!("Bogus");
    let (read, page_known) = Saved::from_json(&json.to_string()).unwrap();
    assert!(!page_known);
    let restored = Flow::restore(&instruments, Mode::Paged, "ucla-3", &read).unwrap();
    assert_eq!(restored.forms[0].answers.values(), [Some(3), None, None]);
    assert_eq!(restored.page, Page::Question { form: 0, item: 1 });
}

#[test]
fn saved_entries_are_written_as_serde_writes_them_and_read_back() {
    let instruments = vec![Rc::new(catalogue::get("ucla-3").unwrap())];
    let state = answer(&Flow::new(&instruments, Mode::Paged), 0, 0, 3);
    let mut saved = state.saved("ucla-3").unwrap();
    for page in [
        Page::Question { form: 0, item: 1 },
        Page::Form { form: 0 },
        Page::Check,
        Page::Result,
    ] {
        saved.page = page;
        assert_eq!(saved.to_json(), serde_json::to_string(&saved).unwrap());
        assert_eq!(
            Saved::from_json(&saved.to_json()),
            Some((saved.clone(), true))
        );
    }
    for bad_page in [
        r#"{"Question":{"form":0}}"#,
        r#"{"Question":{"form":0,"item":1,"extra":2}}"#,
        r#"{"Form":{"form":-1}}"#,
        r#""Elsewhere""#,
        r#"{"Check":null,"Result":null}"#,
    ] {
        let text = format!(
            r#"{{"version":1,"subject":"ucla-3","definitions":[],"answers":[],"page":{bad_page}}}"#
        );
        let (_, page_known) = Saved::from_json(&text).unwrap();
        assert!(!page_known, "{bad_page}");
    }
}

#[test]
fn a_saved_entry_without_definition_hashes_is_not_trusted() {
    let instruments = vec![Rc::new(catalogue::get("ucla-3").unwrap())];
    let state = answer(&Flow::new(&instruments, Mode::Paged), 0, 0, 3);
    let mut unhashed = state.saved("ucla-3").unwrap();
    unhashed.definitions.clear();
    assert!(Flow::restore(&instruments, Mode::Paged, "ucla-3", &unhashed).is_none());
}

#[test]
fn a_typed_number_out_of_range_is_kept_and_named() {
    let start = flow(&["evs"], Mode::Paged);
    let typed = |flow: &Flow, text: &str| {
        flow.apply(Action::Type {
            form: 0,
            item: 0,
            text: text.into(),
        })
    };
    for (text, problem) in [
        (
            "8",
            AnswerProblem::OutOfRange {
                min: 0,
                max: 7,
                unit: "days".into(),
            },
        ),
        (
            "-1",
            AnswerProblem::OutOfRange {
                min: 0,
                max: 7,
                unit: "days".into(),
            },
        ),
        ("3.5", AnswerProblem::NotWhole),
        (
            "99999999999999999999",
            AnswerProblem::OutOfRange {
                min: 0,
                max: 7,
                unit: "days".into(),
            },
        ),
        ("two", AnswerProblem::NotWhole),
    ] {
        let state = typed(&start, text).apply(Action::Continue);
        assert_eq!(state.page, Page::Question { form: 0, item: 0 }, "{text}");
        assert_eq!(state.errors, [(0, 0)], "{text}");
        assert_eq!(state.drafts.get((0, 0)).map(String::as_str), Some(text));
        assert_eq!(state.problem(0, 0), problem, "{text}");
        assert_eq!(state.forms[0].answers.get(0), None, "{text}");
        // Fixing it clears the error; the box keeps what was typed.
        let fixed = typed(&state, " 3 ");
        assert!(fixed.errors.is_empty(), "{text}");
        assert_eq!(fixed.drafts.get((0, 0)).map(String::as_str), Some(" 3 "));
        assert_eq!(fixed.forms[0].answers.get(0), Some(3));
    }
    assert_eq!(
        typed(&start, "").apply(Action::Continue).problem(0, 0),
        AnswerProblem::Missing
    );
    for (text, value) in [("007", 7), ("３", 3), ("٣", 3), ("+3", 3)] {
        let state = typed(&start, text);
        assert_eq!(state.forms[0].answers.get(0), Some(value), "{text}");
        assert_eq!(state.drafts.get((0, 0)).map(String::as_str), Some(text));
    }
}

#[test]
fn a_layout_change_keeps_answers_and_place() {
    let state = answer(&flow(&["phq-9"], Mode::Paged), 0, 0, 1);
    let single = state.apply(Action::Relayout(Mode::SinglePage));
    assert_eq!(single.page, Page::Form { form: 0 });
    assert_eq!(single.forms[0].answers.get(0), Some(1));
    let paged = single.apply(Action::Relayout(Mode::Paged));
    assert_eq!(paged.page, Page::Question { form: 0, item: 1 });
}

#[test]
fn start_again_clears_everything() {
    let start = flow(&["ucla-3"], Mode::Paged);
    let state = answer(&start, 0, 0, 3).apply(Action::StartAgain);
    assert_eq!(Flow { moves: 0, ..state }, start);
}

#[test]
fn a_box_keeps_only_what_was_typed_last_and_forgets_it_when_emptied() {
    let mut drafts = Drafts::default();
    drafts.set((0, 1), "8".to_owned());
    drafts.set((1, 1), "x".to_owned());
    drafts.set((0, 1), "3.5".to_owned());
    assert_eq!(drafts.get((0, 1)).map(String::as_str), Some("3.5"));
    assert_eq!(drafts.get((1, 1)).map(String::as_str), Some("x"));
    assert_eq!(drafts.get((1, 0)), None);
    let before = drafts.clone();
    drafts.set((0, 1), "3.5".to_owned());
    assert_eq!(drafts, before, "the same text again changes nothing");
    drafts.remove((0, 1));
    assert_eq!(drafts.get((0, 1)), None);
    assert_eq!(drafts, {
        let mut only = Drafts::default();
        only.set((1, 1), "x".to_owned());
        only
    });
}

/// "See my result" as the check page presses it: with the scores of the state it shows.
fn submit(state: &Flow) -> Flow {
    state.apply(Action::Submit(state.scores()))
}
