//! The result in words a patient understands, numbers second (the NHS.UK results pattern):
//! the questionnaire and the date in the heading; for each score what it measures, the
//! person's group among all the groups (in text and as a scale that does not rely on
//! colour), which direction is better, and the number, the answer given, or the activity
//! guideline; then what to do next, that it is not a diagnosis, where to get support, and a
//! print layout with every answer and the sources.
//!
//! Every phrase about a score or band comes from the core (the definition, or its result
//! words in `result-words.json`); this file only arranges them.

use std::rc::Rc;

use wellcheck_core::definition::{Band, Basis, Direction, Response, ScoreDefinition, ScoreRule};
use wellcheck_core::result_words::{NextStep, ScoreWords};
use wellcheck_core::{Decimal, Instrument, ScoreReport};
use yew::prelude::*;

use crate::components::check_answers::AnswerList;
use crate::components::confirm::ConfirmButton;
use crate::components::support::Support;
use crate::components::urgent_help::UrgentHelp;
use crate::components::{Ui, use_ui};
use crate::i18n::{Language, Message};
use crate::options::{NextStepChoice, Signpost};
use crate::state::{Action, Flow};

/// Where NHS Talking Therapies self-referral starts (NHS.UK's service finder).
const TALKING_THERAPIES: &str = "https://www.nhs.uk/nhs-services/mental-health-services/find-nhs-talking-therapies-for-anxiety-and-depression/";

/// The journey, finished.
#[derive(Debug, Clone, PartialEq, Properties)]
pub struct ResultPageProps {
    /// The journey.
    pub state: UseReducerHandle<Flow>,
    /// One report per questionnaire.
    pub reports: Rc<Vec<ScoreReport>>,
}

/// Today's date: day, month, year (words in whatever language the page is in when shown).
fn today() -> (u32, u32, i32) {
    let now = js_sys::Date::new_0();
    (
        now.get_date(),
        now.get_month() + 1,
        now.get_full_year() as i32,
    )
}

/// How a result names its questionnaire, in full: "Patient Health Questionnaire-9
/// (PHQ-9)", but the name alone when adding the short name would nest brackets or repeat it.
/// (A printout goes to a GP, who needs the published name.)
fn full_name(instrument: &Instrument) -> String {
    let (name, short) = (instrument.name(), instrument.short_name());
    if name.contains(short) || name.contains('(') || short.contains('(') {
        name.to_owned()
    } else {
        format!("{name} ({short})")
    }
}

/// The result page.
#[component]
pub fn ResultPage(props: &ResultPageProps) -> Html {
    let ui = use_ui();
    let flow = &*props.state;
    // Fixed when the result is first shown, so a printout made later names the day answered.
    let date = use_memo((), |()| today());
    let (day, month, year) = ui.answered_on.unwrap_or(*date);
    let urgent = props.reports.iter().any(|report| {
        report
            .flags
            .iter()
            .any(|flag| wellcheck_core::is_urgent(flag))
    });
    let start_again = {
        let state = props.state.clone();
        Callback::from(move |()| state.dispatch(Action::StartAgain))
    };
    let print = Callback::from(|_| {
        if let Some(window) = web_sys::window() {
            let _ = window.print();
        }
    });
    let several = flow.forms.len() > 1;
    // A battery's heading gives the date alone: each questionnaire is named over its own
    // scores, by its plain title and its full name.
    let name = flow
        .forms
        .first()
        .filter(|_| !several)
        .map(|form| full_name(&form.instrument));
    let next_steps = next_steps(&ui, flow, &props.reports);
    html! {
        <div class="wc-page wc-result" data-wc-page="result">
            <h2 class="wc-title" tabindex="-1" data-wc-heading="">
                { ui.t(if several { Message::YourResults } else { Message::YourResult }) }{ " " }
                <span class="wc-title-detail" data-wc-result-for="">
                    if let Some(name) = name {
                        <span lang="en">{ name }</span>{ ", " }
                    }
                    { ui.t(Message::Date(day, month, year)) }
                </span>
            </h2>
            if urgent {
                <UrgentHelp />
            }
            { for flow.forms.iter().zip(props.reports.iter()).enumerate().map(|(at, (form, report))| {
                // The convention note is said once on the page, under the first score it
                // applies to, not under every score of a battery.
                let convention_said = flow.forms.iter().take(at).any(|earlier| has_convention_groups(&earlier.instrument));
                html! {
                    <ReportView instrument={Rc::clone(&form.instrument)} report={report.clone()} {several} {convention_said} />
                }
            }) }
            if !next_steps.is_empty() {
                <section class="wc-next-steps" data-wc-next-steps="">
                    <h3 class="wc-help-title">{ ui.t(Message::WhatNext) }</h3>
                    <ul>
                        { for next_steps.iter().map(|step| match &step.href {
                            Some(href) => html! { <li><a href={href.clone()}>{ step.text.clone() }</a></li> },
                            None => html! { <li>{ step.text.clone() }</li> },
                        }) }
                    </ul>
                </section>
            }
            <p class="wc-not-diagnosis"><strong>{ ui.t(Message::NotADiagnosis) }</strong>{ " " }{ ui.t(Message::AnswersStayHere) }</p>
            <Support />
            <section class="wc-print-only" data-wc-print-record="">
                <h3>{ ui.t(Message::YourAnswers) }</h3>
                <AnswerList state={props.state.clone()} changeable=false />
                <h3>{ ui.t(Message::Sources) }</h3>
                <ul class="wc-sources" lang="en">
                    { for flow.forms.iter().flat_map(|form| form.instrument.sources().to_vec()).map(|source| html! { <li>{ source }</li> }) }
                </ul>
            </section>
            <div class="wc-actions wc-no-print">
                <button type="button" class="wc-button wc-button-secondary" onclick={print} data-wc-action="print">{ ui.t(Message::Print) }</button>
                <ConfirmButton label={ui.t(Message::StartAgain)} question={ui.t(Message::ConfirmStartAgain)} action="start-again" on_confirm={start_again} />
            </div>
        </div>
    }
}

/// The next steps the person's bands suggest, in order and each once: the host's own
/// (`nextSteps`) where it gave one, otherwise the band's default.
fn next_steps(ui: &Ui, flow: &Flow, reports: &[ScoreReport]) -> Vec<Signpost> {
    let mut steps: Vec<Signpost> = Vec::new();
    for (form, report) in flow.forms.iter().zip(reports) {
        let instrument = &form.instrument;
        for (definition, entry) in instrument.scores().iter().zip(&report.scores) {
            let Some(band) = &entry.band else { continue };
            let default = crate::builtin::words(instrument.id(), definition.id())
                .and_then(|words| words.band(band))
                .and_then(|words| words.next_step);
            let step = match ui.next_steps.choice(
                instrument.id(),
                definition.id(),
                band,
                default.is_some(),
            ) {
                NextStepChoice::Host(signpost) => Some(signpost.clone()),
                NextStepChoice::Nothing => None,
                NextStepChoice::Default => default.map(|step| match step {
                    NextStep::Practice => Signpost {
                        text: ui.t(Message::NextStepPractice(ui.practice_name.clone())),
                        href: None,
                    },
                    NextStep::PracticeFirst => Signpost {
                        text: ui.t(Message::NextStepPracticeFirst(ui.practice_name.clone())),
                        href: Some(TALKING_THERAPIES.to_owned()),
                    },
                    NextStep::TalkingTherapies => Signpost {
                        text: ui.t(Message::NextStepTalkingTherapies),
                        href: Some(TALKING_THERAPIES.to_owned()),
                    },
                }),
            };
            if let Some(step) = step.filter(|step| !steps.contains(step)) {
                steps.push(step);
            }
        }
    }
    steps
}

/// One questionnaire's scores (also shown by the tablet app's visit page).
#[derive(Debug, Clone, PartialEq, Properties)]
pub struct ReportViewProps {
    /// The instrument.
    pub instrument: Rc<Instrument>,
    /// Its result.
    pub report: ScoreReport,
    /// Whether several questionnaires are shown (each then gets its name as a heading).
    pub several: bool,
    /// Whether a questionnaire shown above already said its groups are a reporting
    /// convention: the note is then not said again.
    #[prop_or_default]
    pub convention_said: bool,
}

/// Whether a result shows a score whose groups are a reporting convention (so says the note).
fn has_convention_groups(instrument: &Instrument) -> bool {
    instrument
        .scores()
        .iter()
        .enumerate()
        .any(|(position, score)| {
            !feeds_another_score(instrument, position)
                && score
                    .banding()
                    .is_some_and(|banding| banding.basis() == Basis::Convention)
        })
}

/// A name or label in the interface language where the result words give one, with the
/// `lang` it is in.
fn in_language(ui: &Ui, english: &str, welsh: Option<&str>) -> (String, &'static str) {
    match (ui.language, welsh) {
        (Language::Cy, Some(welsh)) => (welsh.to_owned(), "cy"),
        _ => (english.to_owned(), "en"),
    }
}

/// One questionnaire's scores, each in words first.
#[component]
pub fn ReportView(props: &ReportViewProps) -> Html {
    let ui = use_ui();
    let instrument = &props.instrument;
    let safety_first = props
        .report
        .flags
        .iter()
        .any(|flag| wellcheck_core::is_urgent(flag));
    let mut convention_said = props.convention_said;
    let (title, title_lang) = ui.plain_title(instrument);
    html! {
        <section class="wc-report" data-wc-report={instrument.id().to_owned()}>
            if props.several {
                <h3 class="wc-report-title">
                    <span lang={title_lang}>{ title }</span>{ " " }
                    <span class="wc-title-detail" lang="en">{ full_name(instrument) }</span>
                </h3>
            }
            { for instrument.scores().iter().zip(&props.report.scores).enumerate()
                .filter(|(position, _)| !feeds_another_score(instrument, *position))
                .map(|(position, (definition, entry))| {
                let convention = definition
                    .banding()
                    .is_some_and(|banding| banding.basis() == Basis::Convention);
                let basis_note = !(convention && convention_said);
                convention_said |= convention;
                html! {
                { score_view(&ui, &ScoreViewProps {
                    instrument,
                    position,
                    value: entry.value,
                    band: entry.band.as_deref(),
                    heading_level: if props.several { 4 } else { 3 },
                    definition,
                    safety_first,
                    basis_note,
                }) }
            }}) }
            if props.report.flags.iter().any(|flag| flag == "low_item_score") {
                <p class="wc-flag">{ ui.t(Message::LowItemScore) }</p>
            }
            <p class="wc-attribution" lang="en">{ instrument.attribution() }</p>
        </section>
    }
}

/// What [`score_view`] shows. Plain functions rather than components: they have no state,
/// and each Yew component costs the embed's first load far more than a function.
struct ScoreViewProps<'a> {
    instrument: &'a Instrument,
    position: usize,
    definition: &'a ScoreDefinition,
    value: Option<Decimal>,
    band: Option<&'a str>,
    heading_level: u8,
    /// The questionnaire raised the self-harm flag: no group may reassure on its own.
    safety_first: bool,
    /// Whether to say where the groups come from (a convention's note is said once a page).
    basis_note: bool,
}

/// A raw total that another score converts (WHO-5 raw to percentage, SWEMWBS raw to metric):
/// the person is shown the converted score only, so one questionnaire gives one number.
pub fn feeds_another_score(instrument: &Instrument, position: usize) -> bool {
    instrument.scores().iter().any(|score| match score.rule() {
        ScoreRule::Multiply { score, .. } | ScoreRule::Lookup { score, .. } => *score == position,
        _ => false,
    })
}

/// One score: its name, what it measures, the person's group and meaning, the number (or the
/// answer given, or minutes against the guideline), then every group with theirs marked.
fn score_view(ui: &Ui, props: &ScoreViewProps<'_>) -> Html {
    let definition = props.definition;
    let words = crate::builtin::words(props.instrument.id(), definition.id());
    let (name, name_lang) = in_language(ui, definition.name(), words.map(|w| w.name_cy.as_str()));
    let heading = if props.heading_level == 4 {
        html! { <h4 class="wc-score-name" lang={name_lang}>{ name }</h4> }
    } else {
        html! { <h3 class="wc-score-name" lang={name_lang}>{ name }</h3> }
    };
    let measures = words.map(|words| match ui.language {
        Language::En => words.measures.en.clone(),
        Language::Cy => words.measures.cy.clone(),
    });
    let Some(value) = props.value else {
        return html! {
            <div class="wc-score" data-wc-score={definition.id().to_owned()}>
                { heading }
                if let Some(measures) = measures { <p class="wc-measures">{ measures }</p> }
                <p class="wc-score-value">{ ui.t(Message::NotScored) }</p>
            </div>
        };
    };
    let banding = definition.banding();
    let band = banding.and_then(|banding| {
        banding
            .bands()
            .iter()
            .find(|band| Some(band.id()) == props.band)
    });
    html! {
        <div class="wc-score" data-wc-score={definition.id().to_owned()}>
            { heading }
            if let Some(measures) = measures { <p class="wc-measures">{ measures }</p> }
            if let Some(band) = band {
                <p class="wc-band">
                    { ui.t(Message::YourGroupIs) }{ " " }
                    { band_label(ui, band, words) }
                </p>
                if let Some(meaning) = words.and_then(|w| w.band(band.id())).map(|w| match ui.language {
                    Language::En => w.meaning.en.clone(),
                    Language::Cy => w.meaning.cy.clone(),
                }) {
                    <p class="wc-meaning">{ meaning }</p>
                }
                if props.safety_first {
                    <p class="wc-safety-first" data-wc-safety-first=""><strong>{ ui.t(Message::SafetyFirst) }</strong></p>
                }
            }
            { the_number(ui, props.instrument, definition, props.position, value, words) }
            if let Some(banding) = banding {
                { band_scale(ui, &BandScaleProps { instrument: props.instrument, definition, bands: banding.bands(), yours: props.band, words }) }
                if props.basis_note {
                    <p class="wc-note">
                        { ui.t(match banding.basis() {
                            Basis::Published => Message::PublishedGroups,
                            Basis::Convention => Message::ConventionNote,
                        }) }
                    </p>
                }
            } else {
                <p class="wc-direction">{ ui.t(direction(definition)) }</p>
            }
        </div>
    }
}

fn direction(definition: &ScoreDefinition) -> Message {
    match definition.direction() {
        Direction::HigherIsBetter => Message::HigherIsBetter,
        Direction::LowerIsBetter => Message::LowerIsBetter,
    }
}

fn band_label(ui: &Ui, band: &Band, words: Option<&ScoreWords>) -> Html {
    let welsh = words
        .and_then(|w| w.band(band.id()))
        .map(|w| w.label_cy.as_str());
    let (label, lang) = in_language(ui, band.label(), welsh);
    html! { <strong class="wc-band-label" {lang}>{ label }</strong> }
}

/// The number second: the answer given for a one-question measure, minutes a week against
/// the guideline for activity, otherwise the score and its range.
fn the_number(
    ui: &Ui,
    instrument: &Instrument,
    definition: &ScoreDefinition,
    position: usize,
    value: Decimal,
    words: Option<&ScoreWords>,
) -> Html {
    // A category from a table (the GPPAQ index): its group is the result, and its code
    // would read as a score.
    if matches!(definition.rule(), ScoreRule::Matrix { .. }) {
        return Html::default();
    }
    if let ScoreRule::Item { item } = definition.rule()
        && let Some(item) = instrument.items().get(*item)
    {
        let answer = match item.response() {
            Response::Choice { .. } => value
                .as_int()
                .and_then(|code| item.option(code))
                .and_then(|option| option.label())
                .map(|label| html! { <span lang="en">{ label.to_owned() }</span> }),
            Response::Number { unit, .. } => Some(
                html! { <>{ value.to_string() }{ " " }{ ui.t(Message::Unit(unit.clone())) }</> },
            ),
        };
        if let Some(answer) = answer {
            return html! { <p class="wc-score-line" data-wc-you-said="">{ ui.t(Message::YouSaid) }{ " " }<strong>{ answer }</strong></p> };
        }
    }
    if let Some(guideline) = words.and_then(|w| w.guideline.as_ref()) {
        let text = match ui.language {
            Language::En => guideline.text.en.clone(),
            Language::Cy => guideline.text.cy.clone(),
        };
        return html! {
            <div class="wc-guideline" data-wc-guideline="">
                <p class="wc-score-line"><strong>{ ui.t(Message::MinutesAWeek(value.to_string())) }</strong></p>
                <p>{ text }</p>
                <p class="wc-source">{ ui.t(Message::Source) }{ " " }<span lang="en">{ guideline.source.clone() }</span></p>
            </div>
        };
    }
    let range = instrument.range_of(position);
    html! {
        <p class="wc-score-line">
            <strong class="wc-score-value">{ ui.t(Message::YourScore(value.to_string())) }</strong>
            if let Some((low, high)) = range {
                { " " }{ ui.t(Message::ScoreRange(low.to_string(), high.to_string())) }
            }
        </p>
    }
}

/// What [`band_scale`] shows.
struct BandScaleProps<'a> {
    instrument: &'a Instrument,
    definition: &'a ScoreDefinition,
    bands: &'a [Band],
    yours: Option<&'a str>,
    /// The score's result words, as the score view looked them up.
    words: Option<&'static ScoreWords>,
}

/// Every group, lowest score first, the person's marked in words and by its outline (never
/// by colour alone), with which way is better.
fn band_scale(ui: &Ui, props: &BandScaleProps<'_>) -> Html {
    let words = props.words;
    let heading_id = format!(
        "wc-scale-{}-{}",
        props.instrument.id(),
        props.definition.id()
    );
    // A one-question measure's groups are named by the answers in them, not their codes.
    let choice_item = match props.definition.rule() {
        ScoreRule::Item { item } => props
            .instrument
            .items()
            .get(*item)
            .filter(|item| matches!(item.response(), Response::Choice { .. })),
        _ => None,
    };
    let answers_are_words = choice_item.is_some_and(|item| {
        item.options().iter().all(|option| {
            option
                .label()
                .is_some_and(|label| !label.starts_with(|c: char| c.is_ascii_digit()))
        })
    });
    let range = |band: &Band| -> Html {
        if let Some(item) = choice_item {
            let labels: Vec<String> = item
                .options()
                .iter()
                .filter(|option| band.contains(Decimal::from(option.value())))
                .filter_map(|option| option.label().map(str::to_owned))
                .collect();
            // Answers in words are listed ("Some of the time, Occasionally…"); a number scale
            // reads as a range ("0 (not at all) to 4").
            let text = match labels.as_slice() {
                [] => String::new(),
                [one] => one.clone(),
                few if answers_are_words && few.len() <= 4 => few.join(", "),
                [first, .., last] => ui.t(Message::Between(first.clone(), last.clone())),
            };
            return html! { <span class="wc-scale-range" lang="en">{ text }</span> };
        }
        // An open-ended count (minutes a week) reads "150 or more", not "150 to 10080".
        let open_ended = words.is_some_and(|w| w.guideline.is_some())
            && props
                .bands
                .last()
                .is_some_and(|last| last.id() == band.id());
        if matches!(props.definition.rule(), ScoreRule::Matrix { .. }) {
            return Html::default();
        }
        let text = if band.min() == band.max() {
            band.min().to_string()
        } else if open_ended {
            ui.t(Message::OrMore(band.min().to_string()))
        } else {
            ui.t(Message::Between(
                band.min().to_string(),
                band.max().to_string(),
            ))
        };
        html! { <span class="wc-scale-range">{ text }</span> }
    };
    html! {
        <div class="wc-scale-block">
            <p class="wc-scale-heading" id={heading_id.clone()}>{ ui.t(Message::AllTheGroups) }</p>
            <ol class="wc-scale" aria-labelledby={heading_id}>
                { for props.bands.iter().map(|band| {
                    let yours = props.yours == Some(band.id());
                    let welsh = words.and_then(|w| w.band(band.id())).map(|w| w.label_cy.as_str());
                    let (label, lang) = in_language(ui, band.label(), welsh);
                    html! {
                        <li class={classes!("wc-scale-band", yours.then_some("wc-scale-yours"))} data-wc-band={band.id().to_owned()} aria-current={yours.then_some("true")}>
                            <span class="wc-scale-label" {lang}>{ label }</span>
                            { range(band) }
                            if yours {
                                <span class="wc-scale-marker">{ ui.t(Message::YourResultMarker) }</span>
                            }
                        </li>
                    }
                }) }
            </ol>
            // Which way is better means nothing when no number is shown: answers in words
            // ("Often/always"), or a category from a table (GPPAQ).
            if !answers_are_words && !matches!(props.definition.rule(), ScoreRule::Matrix { .. }) {
                <p class="wc-direction">{ ui.t(direction(props.definition)) }</p>
            }
        </div>
    }
}
