//! The journey: holds the state, moves focus when the page changes, and hands whoever
//! mounted it typed events: progress to keep for resuming, flags as they are raised, and the
//! finished forms. The embed turns these into localStorage and JSON events for the host
//! page; the tablet app keeps them in its encrypted store.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use wellcheck_core::{Answers, Instrument, ScoreReport, raised_flags};
use yew::prelude::*;

use crate::components::confirm::ConfirmButton;
use crate::components::form_page::FormPage;
use crate::components::later::{self, Status};
use crate::components::question_page::QuestionPage;
use crate::components::urgent_help::UrgentHelp;
use crate::components::{Ui, use_ui};
use crate::i18n::{Language, Message};
use crate::state::{Action, Flow, JourneySpec, Page, Saved};

/// One finished questionnaire, scored once, here: whoever mounted the journey keeps this
/// result and never scores the answers again.
#[derive(Debug, Clone, PartialEq)]
pub struct FinishedForm {
    /// The instrument answered.
    pub instrument: Rc<Instrument>,
    /// Every answer given, with how the form was completed.
    pub answers: Answers,
    /// Its scores, bands, flags and provenance.
    pub report: ScoreReport,
}

/// What the journey tells whoever mounted it.
#[derive(Debug, Clone, PartialEq)]
pub enum JourneyEvent {
    /// The answers or the place changed: what to keep for resuming, or `None` when there is
    /// nothing to keep (finished, emptied, or resuming is off).
    Progress(Option<Saved>),
    /// An answer raised a flag (said once per flag).
    Flag {
        /// The instrument's id.
        instrument: String,
        /// The flag's id.
        flag: String,
    },
    /// Every form is finished and scored.
    Finished(Rc<Vec<FinishedForm>>),
}

/// What the journey needs.
#[derive(Debug, Clone, PartialEq, Properties)]
pub struct JourneyProps {
    /// What to run: the subject, its questionnaires and how each is completed, the layout,
    /// and whether progress is kept.
    pub spec: Rc<JourneySpec>,
    /// Answers kept from an earlier, unfinished journey, read when the journey starts.
    #[prop_or_default]
    pub restored: Option<Rc<Saved>>,
    /// Receives progress, flags and the finished forms.
    pub on_event: Callback<JourneyEvent>,
    /// Shown in place of the result page when the forms are finished, in the very render
    /// that leaves the last page (the tablet app's hand-over: the client must never see a
    /// result, not even for a frame). `None`: the result page, as the embed shows it.
    #[prop_or_default]
    pub finished_view: Option<Html>,
    /// Focus the first page's heading as soon as it shows, as every later page's is: the
    /// tablet app, where the journey is the whole screen. The embed leaves it `false`: a
    /// widget must not pull focus away from its host page on load.
    #[prop_or_default]
    pub focus_first_page: bool,
}

/// The journey.
#[component]
pub fn Journey(props: &JourneyProps) -> Html {
    let ui = use_ui();
    let spec = Rc::clone(&props.spec);
    let restored = props.restored.clone();
    let state = use_reducer_eq(move || Flow::resume(&spec, restored.as_deref()));

    // The host may switch layout mid-journey: the answers and place are kept.
    {
        let state = state.clone();
        use_effect_with(props.spec.mode, move |mode| {
            state.dispatch(Action::Relayout(*mode));
        });
    }

    // The finished forms are handed on before the progress that finishing clears, so a
    // keeper of progress (the tablet app's visit record) has the finished visit first and
    // never writes "no progress" over answers that are not yet saved as finished.
    {
        let on_event = props.on_event.clone();
        let forms: Vec<(Rc<Instrument>, Answers)> = state
            .forms
            .iter()
            .map(|form| (Rc::clone(&form.instrument), form.answers.clone()))
            .collect();
        use_effect_with(state.reports.clone(), move |reports| {
            if let Some(reports) = reports {
                on_event.emit(JourneyEvent::Finished(later::pages::finished(
                    forms, reports,
                )));
            }
        });
    }

    // Every change is handed on at once; finishing or starting again hands on `None`.
    {
        let (subject, resume, on_event) = (
            props.spec.subject.clone(),
            props.spec.resume,
            props.on_event.clone(),
        );
        use_effect_with(((*state).clone(), resume), move |(flow, resume)| {
            let keep = flow.saved(&subject).filter(|saved| {
                resume.keeps() && saved.answers.iter().flatten().any(Option::is_some)
            });
            on_event.emit(JourneyEvent::Progress(keep));
        });
    }

    // The check and result pages come with the embed's later part: until it is here the
    // page's place says "Loading…" (or that it could not be had, with a way to try again).
    let later_status = later::status();
    let held = matches!(
        (state.page, &props.finished_view),
        (Page::Check, _) | (Page::Result, None)
    ) && later_status != Status::Ready;
    // What shows in the page's place: `Some(Waiting)` "Loading…", `Some(Failed)` the failure.
    let held_view = held.then_some(later_status);
    let rerender = use_force_update();
    {
        let rerender = rerender.clone();
        use_effect_with(held_view, move |held_view| {
            let when_settled = Callback::from(move |()| rerender.force_update());
            match held_view {
                Some(Status::Waiting) => later::request(when_settled),
                // Another widget's Try again may bring it.
                Some(Status::Failed) => later::watch(when_settled),
                _ => {}
            }
        });
    }
    // Whether the person is on the held page (its text or Try again has the focus): only
    // then does what replaces it take the focus, never from the host page or another widget.
    let held_focused = use_mut_ref(|| false);

    // Focus follows the page (the error summary when there are errors), but not on first
    // load unless asked (`focus_first_page`): a widget must not pull focus away from the
    // host page.
    let root = use_node_ref();
    let first_render = use_mut_ref(|| true);
    let last_moves = use_mut_ref(|| state.moves);
    {
        let root = root.clone();
        let focus_first_page = props.focus_first_page;
        let held_focused = held_focused.clone();
        // Keyed on moves, not on the errors: answering a question clears its error, and
        // that must not pull focus away from the answer just chosen.
        let has_errors = !state.errors.is_empty();
        // And on what stands in a held page's place, which passes the focus on only if the
        // person is there.
        use_effect_with((state.moves, held_view), move |(moves, held_view)| {
            let moved = std::mem::replace(&mut *last_moves.borrow_mut(), *moves) != *moves;
            let was_held_focused = *held_focused.borrow();
            *held_focused.borrow_mut() = held_view.is_some() && was_held_focused;
            let first = std::mem::replace(&mut *first_render.borrow_mut(), false);
            if first && !focus_first_page {
                return;
            }
            if !first && !moved && !was_held_focused {
                return;
            }
            let selector = if has_errors {
                "[data-wc-error-summary]"
            } else {
                "[data-wc-heading]"
            };
            if let Some(target) = root
                .cast::<web_sys::Element>()
                .and_then(|root| root.query_selector(selector).ok().flatten())
                .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let _ = target.focus();
            }
        });
    }

    // Flags are reported once each, as soon as an answer raises them.
    // Lists, not sets: each form's flags are distinct already, and each set type costs the
    // embed its own code.
    let flags: Vec<(String, String)> = state
        .forms
        .iter()
        .flat_map(|form| {
            raised_flags(&form.instrument, &form.answers)
                .into_iter()
                .map(|flag| (form.instrument.id().to_owned(), flag.id().to_owned()))
        })
        .collect();
    {
        let on_event = props.on_event.clone();
        let reported = use_mut_ref(Vec::<(String, String)>::new);
        use_effect_with(flags.clone(), move |flags| {
            for raised in flags {
                if reported.borrow().contains(raised) {
                    continue;
                }
                reported.borrow_mut().push(raised.clone());
                let (instrument, flag) = raised.clone();
                on_event.emit(JourneyEvent::Flag { instrument, flag });
            }
        });
    }

    let urgent = flags
        .iter()
        .any(|(_, flag)| wellcheck_core::is_urgent(flag));
    let page = match (state.page, &state.reports, &props.finished_view) {
        (Page::Question { form, item }, ..) => {
            html! { <QuestionPage state={state.clone()} {form} {item} /> }
        }
        (Page::Form { form }, ..) => html! { <FormPage state={state.clone()} {form} /> },
        _ if held => held_page(later_status, &rerender, &ui, &held_focused),
        (Page::Check, ..) => later::pages::check(state.clone()),
        (Page::Result, _, Some(view)) => view.clone(),
        (Page::Result, Some(reports), None) => {
            later::pages::result(state.clone(), Rc::clone(reports))
        }
        (Page::Result, None, None) => Html::default(),
    };
    let start_again = {
        let state = state.clone();
        Callback::from(move |()| state.dispatch(Action::StartAgain))
    };
    html! {
        <div class="wc-app" ref={root} data-wc-moves={state.moves.to_string()}>
            if ui.language == Language::Cy {
                <p class="wc-note">{ ui.t(Message::NoOfficialTranslation) }</p>
            }
            if state.resumed && state.page != Page::Result {
                <div class="wc-resumed">
                    <p>{ ui.t(Message::Resumed) }</p>
                    <ConfirmButton label={ui.t(Message::StartAgain)} question={ui.t(Message::ConfirmClear)} as_link=true action="start-again" on_confirm={start_again} />
                </div>
            }
            // Shown the moment the answer is given, on every page until the end.
            if urgent && state.page != Page::Result {
                <UrgentHelp />
            }
            { page }
        </div>
    }
}

/// In a held page's place: "Loading…", or that it could not be had and a way to try again
/// (the answers stay as they are). `focused` follows whether the person is on it.
fn held_page(
    status: Status,
    rerender: &UseForceUpdateHandle,
    ui: &Ui,
    focused: &Rc<std::cell::RefCell<bool>>,
) -> Html {
    let onfocusin = {
        let focused = Rc::clone(focused);
        Callback::from(move |_: FocusEvent| *focused.borrow_mut() = true)
    };
    // Leaving for another element; a focused element that is replaced leaves for none.
    let onfocusout = {
        let focused = Rc::clone(focused);
        Callback::from(move |event: FocusEvent| {
            if event.related_target().is_some() {
                *focused.borrow_mut() = false;
            }
        })
    };
    let content = if status == Status::Failed {
        let rerender = rerender.clone();
        let try_again = Callback::from(move |_: MouseEvent| {
            let when_settled = rerender.clone();
            later::request(Callback::from(move |()| when_settled.force_update()));
            rerender.force_update();
        });
        html! {
            <>
                <p role="alert" data-wc-heading="" tabindex="-1">{ ui.t(Message::PageNotLoaded) }</p>
                <button type="button" class="wc-button" onclick={try_again}>{ ui.t(Message::TryAgain) }</button>
            </>
        }
    } else {
        html! { <p role="status" data-wc-heading="" tabindex="-1">{ ui.t(Message::PageLoading) }</p> }
    };
    html! { <div class="wc-held" {onfocusin} {onfocusout}>{ content }</div> }
}
