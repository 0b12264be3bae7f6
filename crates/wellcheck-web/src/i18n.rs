//! Every piece of interface text, in English and Welsh.
//!
//! Messages are a Rust enum and each language is one exhaustive `match`, so a message
//! without a translation does not compile. Counted messages choose their form by the CLDR
//! plural category of the number: English has `one` and `other`; Welsh has `zero`, `one`,
//! `two`, `few`, `many` and `other`. Instrument wording is never translated here: it comes
//! from the definition, in English unless an official translation exists (none in the
//! catalogue yet), and the Welsh interface says so.
//!
//! The Welsh strings were written for this project and should be reviewed by a Welsh-speaking
//! health content designer before release.

use std::fmt;

/// An interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Language {
    /// English.
    #[default]
    En,
    /// Welsh (Cymraeg).
    Cy,
}

impl Language {
    /// Reads a BCP 47 tag (`en`, `en-GB`, `cy`, `cy-GB`).
    pub fn parse(tag: &str) -> Option<Language> {
        let primary = tag
            .trim()
            .split(['-', '_'])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Language::En),
            "cy" => Some(Language::Cy),
            _ => None,
        }
    }

    /// The tag for the `lang` attribute.
    pub fn tag(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::Cy => "cy",
        }
    }
}

/// CLDR plural categories.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plural {
    /// Welsh 0.
    Zero,
    /// 1.
    One,
    /// Welsh 2.
    Two,
    /// Welsh 3.
    Few,
    /// Welsh 6.
    Many,
    /// Everything else.
    Other,
}

/// The plural category of a whole number (CLDR rules for `en` and `cy`).
pub fn plural(language: Language, n: u64) -> Plural {
    match (language, n) {
        (Language::En, 1) => Plural::One,
        (Language::En, _) => Plural::Other,
        (Language::Cy, 0) => Plural::Zero,
        (Language::Cy, 1) => Plural::One,
        (Language::Cy, 2) => Plural::Two,
        (Language::Cy, 3) => Plural::Few,
        (Language::Cy, 6) => Plural::Many,
        (Language::Cy, _) => Plural::Other,
    }
}

/// Every message the interface shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    /// Progress within one questionnaire.
    QuestionOf(usize, usize),
    /// Which questionnaire of a battery.
    PartOf(usize, usize),
    /// Button.
    Continue,
    /// Link.
    Back,
    /// Error summary heading.
    ThereIsAProblem,
    /// A question with a choice left unanswered, named as GOV.UK's error pattern asks: its
    /// wording when it has one, else its number on a page of several.
    SelectAnswer(Option<String>, Option<usize>),
    /// A number box holds something that is not a whole number.
    EnterWholeNumber,
    /// A number box holds a number outside the question's range: unit, min, max.
    NumberOutOfRange(String, i64, i64),
    /// What a patient sees when the page is not set up right (the editor's detail goes to
    /// the browser console).
    NotAvailableYet,
    /// What a patient sees when the widget's files could not be fetched (a dropped
    /// connection): only wellcheck.js shows it, since the module may be what is missing.
    CouldNotLoad,
    /// Prefix read before an error message.
    ErrorPrefix,
    /// Hint for a number question: the definition's unit word (`days`), minimum, maximum.
    NumberHint(String, i64, i64),
    /// A unit word (`days`, `minutes`), translated where known.
    Unit(String),
    /// Page heading.
    CheckYourAnswers,
    /// How many questions have been answered.
    QuestionsAnswered(u64),
    /// Link on the check page.
    Change,
    /// Shown for an unanswered optional question.
    NotAnswered,
    /// Button on the check page.
    SeeMyResult,
    /// Result heading.
    YourResult,
    /// A score and its range.
    ScoreRange(String, String),
    /// A score that could not be worked out.
    NotScored,
    /// The band a score falls in.
    InGroup,
    /// The band cut-offs are a convention.
    ConventionNote,
    /// Not a diagnosis.
    NotADiagnosis,
    /// Privacy line.
    AnswersStayHere,
    /// Support heading.
    SupportHeading,
    /// Default signposting: the practice (named, or "your GP practice").
    TalkToPractice(Option<String>),
    /// Default signposting.
    Nhs111,
    /// Default signposting.
    Samaritans,
    /// Default signposting.
    Emergency999,
    /// Urgent help heading.
    UrgentHeading,
    /// Urgent help: why it is shown.
    UrgentReason,
    /// Urgent help line.
    UrgentSamaritans,
    /// Urgent help line.
    UrgentGp,
    /// Urgent help line.
    UrgentDanger,
    /// Urgent help notice under an answer: the link to the full panel.
    UrgentSeeAll,
    /// Urgent help notice under an answer: Samaritans, short enough for a phone at 200%.
    UrgentNoticeSamaritans,
    /// Urgent help notice under an answer: 999, short.
    UrgentNoticeDanger,
    /// WHO-5 follow-up flag.
    LowItemScore,
    /// Button.
    StartAgain,
    /// Button.
    Print,
    /// The questions are in English because no official Welsh version exists.
    NoOfficialTranslation,
    /// Resumed answers notice.
    Resumed,
    /// The check or result page is still arriving (the embed's later part).
    PageLoading,
    /// The check or result page could not be had; the answers are kept.
    PageNotLoaded,
    /// Button: fetch it again.
    TryAgain,
    /// Hidden text after "Change" naming what it changes.
    ChangeAnswerTo,
    /// A yes/no style label for a question number in the check page.
    Questionnaire,
    /// A date: day, month (1 to 12), year.
    Date(u32, u32, i32),
    /// Result heading for several questionnaires.
    YourResults,
    /// Before the person's band.
    YourGroupIs,
    /// Heading of the list of every band.
    AllTheGroups,
    /// Marks the person's band in the list.
    YourResultMarker,
    /// A band's range: low, high.
    Between(String, String),
    /// The top group of an open-ended count (minutes a week): "150 or more".
    OrMore(String),
    /// Direction.
    LowerIsBetter,
    /// Direction.
    HigherIsBetter,
    /// The person's score.
    YourScore(String),
    /// Before the answer given to a single-question measure.
    YouSaid,
    /// Activity in minutes a week.
    MinutesAWeek(String),
    /// Before a source line.
    Source,
    /// The bands were set by the questionnaire's authors.
    PublishedGroups,
    /// Heading of the next steps.
    WhatNext,
    /// Default next step: the practice (named, or "your GP practice") and its link worker.
    NextStepPractice(Option<String>),
    /// Default next step: NHS Talking Therapies self-referral.
    NextStepTalkingTherapies,
    /// Asks before starting again from the result.
    ConfirmStartAgain,
    /// Asks before clearing answers part-way.
    ConfirmClear,
    /// Confirms.
    YesClear,
    /// Cancels.
    NoKeep,
    /// Link on each question page.
    ClearMyAnswers,
    /// Said when `resume="device"` keeps answers on the device.
    KeptOnDevice,
    /// Heading of the source lines in the print layout.
    Sources,
    /// Heading of the answers in the print layout.
    YourAnswers,
    /// Under a score whose questionnaire raised the self-harm flag, whatever its group.
    SafetyFirst,
    /// Default next step for the most severe groups: the practice first, then Talking
    /// Therapies.
    NextStepPracticeFirst(Option<String>),
}

impl Message {
    /// The text in a language.
    pub fn text(&self, language: Language) -> String {
        match language {
            Language::En => english(self),
            Language::Cy => welsh(self),
        }
    }
}

fn english(message: &Message) -> String {
    match message {
        Message::QuestionOf(n, m) => format!("Question {n} of {m}"),
        Message::PartOf(n, m) => format!("Part {n} of {m}"),
        Message::Continue => "Continue".into(),
        Message::Back => "Back".into(),
        Message::ThereIsAProblem => "There is a problem".into(),
        Message::SelectAnswer(Some(question), _) => format!("Select an answer to ‘{question}’"),
        Message::SelectAnswer(None, Some(n)) => format!("Select an answer to question {n}"),
        Message::SelectAnswer(None, None) => "Select an answer".into(),
        Message::EnterWholeNumber => "Enter a whole number".into(),
        Message::NumberOutOfRange(unit, min, max) => {
            format!("Enter a number of {unit} from {min} to {max}")
        }
        Message::NotAvailableYet => "This questionnaire is not available on this page yet.".into(),
        Message::CouldNotLoad => {
            "This questionnaire could not be loaded. Please try again later.".into()
        }
        Message::ErrorPrefix => "Error:".into(),
        Message::NumberHint(unit, min, max) => format!("Enter a whole number of {unit}, from {min} to {max}"),
        Message::Unit(unit) => unit.clone(),
        Message::CheckYourAnswers => "Check your answers".into(),
        Message::QuestionsAnswered(n) => match plural(Language::En, *n) {
            Plural::One => format!("{n} question answered"),
            _ => format!("{n} questions answered"),
        },
        Message::Change => "Change".into(),
        Message::NotAnswered => "Not answered".into(),
        Message::SeeMyResult => "See my result".into(),
        Message::YourResult => "Your result".into(),
        Message::ScoreRange(low, high) => format!("Scores run from {low} to {high}."),
        Message::NotScored => "Not scored: some answers it needs are missing".into(),
        Message::InGroup => "This is in the group:".into(),
        Message::ConventionNote => {
            "These groups are a common reporting convention, not set by the questionnaire's authors.".into()
        }
        Message::NotADiagnosis => "This is not a diagnosis.".into(),
        Message::AnswersStayHere => "Your answers stay on this device unless you choose to share them.".into(),
        Message::SupportHeading => "If you would like support".into(),
        Message::TalkToPractice(Some(name)) => {
            format!("Talk to {name}, or ask about a social prescribing link worker.")
        }
        Message::TalkToPractice(None) => {
            "Talk to your GP practice, or ask about a social prescribing link worker.".into()
        }
        Message::Nhs111 => "For urgent help that is not an emergency, call NHS 111.".into(),
        Message::Samaritans => "To talk to someone at any time, call Samaritans free on 116 123.".into(),
        Message::Emergency999 => "In an emergency, call 999.".into(),
        Message::UrgentHeading => "Get help now".into(),
        Message::UrgentReason => {
            "You said you have had thoughts that you would be better off dead, or of hurting yourself. Please talk to someone now.".into()
        }
        Message::UrgentSamaritans => "Call Samaritans free on 116 123, any time, day or night.".into(),
        Message::UrgentGp => "Call NHS 111, or contact your GP practice today.".into(),
        Message::UrgentDanger => "If you are in danger now, call 999 or go to A&E.".into(),
        Message::UrgentSeeAll => "See every way to get help now".into(),
        Message::UrgentNoticeSamaritans => "Samaritans (free, any time): 116 123".into(),
        Message::UrgentNoticeDanger => "In danger now: call 999".into(),
        Message::LowItemScore => {
            "Some of your answers suggest it may help to talk to your GP practice about how you have been feeling.".into()
        }
        Message::StartAgain => "Start again".into(),
        Message::Print => "Print or save as PDF".into(),
        Message::NoOfficialTranslation => String::new(),
        Message::Resumed => "We kept the answers you gave before. Carry on, or start again.".into(),
        Message::PageLoading => "Loading…".into(),
        Message::PageNotLoaded => "This page could not be loaded. Your answers have not been lost.".into(),
        Message::TryAgain => "Try again".into(),
        Message::ChangeAnswerTo => "your answer to:".into(),
        Message::Questionnaire => "Questionnaire".into(),
        Message::Date(day, month, year) => {
            const MONTHS: [&str; 12] = [
                "January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December",
            ];
            let name = MONTHS.get((*month as usize).wrapping_sub(1)).copied().unwrap_or_default();
            format!("{day} {name} {year}")
        }
        Message::YourResults => "Your results".into(),
        Message::YourGroupIs => "Your result is in the group:".into(),
        Message::AllTheGroups => "All the groups".into(),
        Message::YourResultMarker => "Your result".into(),
        Message::Between(low, high) => format!("{low} to {high}"),
        Message::OrMore(low) => format!("{low} or more"),
        Message::LowerIsBetter => "A lower score is better.".into(),
        Message::HigherIsBetter => "A higher score is better.".into(),
        Message::YourScore(value) => format!("Your score: {value}"),
        Message::YouSaid => "You said:".into(),
        Message::MinutesAWeek(minutes) => format!("Your answers add up to {minutes} minutes a week."),
        Message::Source => "Source:".into(),
        Message::PublishedGroups => "These groups were set by the questionnaire's authors.".into(),
        Message::WhatNext => "What you can do next".into(),
        Message::NextStepPractice(name) => format!(
            "Talk to {}. You can ask to see a social prescribing link worker, who can put you in touch with local groups, activities and advice.",
            name.as_deref().unwrap_or("your GP practice")
        ),
        Message::NextStepTalkingTherapies => {
            "You can refer yourself to NHS Talking Therapies for free help with feelings like these, without seeing your GP first.".into()
        }
        Message::ConfirmStartAgain => "Start again? Your answers and your result will be cleared from this page.".into(),
        Message::ConfirmClear => "Clear your answers? Everything you have answered so far will be cleared from this page.".into(),
        Message::YesClear => "Yes, clear my answers".into(),
        Message::NoKeep => "No, keep my answers".into(),
        Message::ClearMyAnswers => "Clear my answers".into(),
        Message::KeptOnDevice => {
            "Your answers are saved on this device until you finish, so you can come back to them. Anyone who uses this device could see them.".into()
        }
        Message::Sources => "Sources".into(),
        Message::YourAnswers => "Your answers".into(),
        Message::SafetyFirst => {
            "Whatever your score, your answer about thoughts of being better off dead or of hurting yourself matters most. Please use the help under \"Get help now\" above.".into()
        }
        Message::NextStepPracticeFirst(name) => format!(
            "Contact {} soon: they can help you straight away and talk through treatment. You can also refer yourself to NHS Talking Therapies.",
            name.as_deref().unwrap_or("your GP practice")
        ),
    }
}

fn welsh(message: &Message) -> String {
    match message {
        Message::QuestionOf(n, m) => format!("Cwestiwn {n} o {m}"),
        Message::PartOf(n, m) => format!("Rhan {n} o {m}"),
        Message::Continue => "Parhau".into(),
        Message::Back => "Yn ôl".into(),
        Message::ThereIsAProblem => "Mae problem".into(),
        Message::SelectAnswer(Some(question), _) => format!("Dewiswch ateb i ‘{question}’"),
        // After "i", "cwestiwn" takes the soft mutation.
        Message::SelectAnswer(None, Some(n)) => format!("Dewiswch ateb i gwestiwn {n}"),
        Message::SelectAnswer(None, None) => "Dewiswch ateb".into(),
        Message::EnterWholeNumber => "Rhowch rif cyfan".into(),
        // After "o" the unit takes the soft mutation, as in the hint.
        Message::NumberOutOfRange(unit, min, max) => {
            format!("Rhowch nifer o {} o {min} i {max}", soft_mutated_unit(unit))
        }
        Message::NotAvailableYet => "Nid yw'r holiadur hwn ar gael ar y dudalen hon eto.".into(),
        Message::CouldNotLoad => {
            "Nid oedd modd llwytho'r holiadur hwn. Rhowch gynnig arall arni yn nes ymlaen.".into()
        }
        Message::ErrorPrefix => "Gwall:".into(),
        // After "o" the unit takes the soft mutation (ddiwrnodau); on its own it does not.
        Message::NumberHint(unit, min, max) => {
            format!("Rhowch rif cyfan o {}, o {min} i {max}", soft_mutated_unit(unit))
        }
        Message::Unit(unit) => match unit.as_str() {
            "days" => "diwrnod".into(),
            "minutes" => "munud".into(),
            other => other.to_owned(),
        },
        Message::CheckYourAnswers => "Gwiriwch eich atebion".into(),
        Message::QuestionsAnswered(n) => match plural(Language::Cy, *n) {
            Plural::One => format!("{n} cwestiwn wedi'i ateb"),
            Plural::Two => format!("{n} gwestiwn wedi'u hateb"),
            Plural::Few | Plural::Many => format!("{n} chwestiwn wedi'u hateb"),
            Plural::Zero | Plural::Other => format!("{n} cwestiwn wedi'u hateb"),
        },
        Message::Change => "Newid".into(),
        Message::NotAnswered => "Heb ei ateb".into(),
        Message::SeeMyResult => "Gweld fy nghanlyniad".into(),
        Message::YourResult => "Eich canlyniad".into(),
        Message::ScoreRange(low, high) => format!("Mae'r sgoriau'n mynd o {low} i {high}."),
        Message::NotScored => "Dim sgôr: mae rhai o'r atebion sydd eu hangen ar goll".into(),
        Message::InGroup => "Mae hyn yn y grŵp:".into(),
        Message::ConventionNote => {
            "Confensiwn adrodd cyffredin yw'r grwpiau hyn, nid rhai a osodwyd gan awduron yr holiadur.".into()
        }
        Message::NotADiagnosis => "Nid diagnosis yw hwn.".into(),
        Message::AnswersStayHere => {
            "Mae eich atebion yn aros ar y ddyfais hon oni bai eich bod yn dewis eu rhannu.".into()
        }
        Message::SupportHeading => "Os hoffech gael cymorth".into(),
        Message::TalkToPractice(name) => format!(
            "Siaradwch {}, neu gofynnwch am weithiwr cyswllt presgripsiynu cymdeithasol.",
            with_practice(name)
        ),
        Message::Nhs111 => "Am help brys nad yw'n argyfwng, ffoniwch GIG 111.".into(),
        Message::Samaritans => "I siarad â rhywun unrhyw bryd, ffoniwch y Samariaid am ddim ar 116 123.".into(),
        Message::Emergency999 => "Mewn argyfwng, ffoniwch 999.".into(),
        Message::UrgentHeading => "Cael help nawr".into(),
        Message::UrgentReason => {
            "Rydych wedi dweud eich bod wedi meddwl y byddai'n well petaech wedi marw, neu am eich brifo eich hun. Siaradwch â rhywun nawr.".into()
        }
        Message::UrgentSamaritans => "Ffoniwch y Samariaid am ddim ar 116 123, unrhyw bryd, ddydd neu nos.".into(),
        Message::UrgentGp => "Ffoniwch GIG 111, neu cysylltwch â'ch meddygfa heddiw.".into(),
        Message::UrgentDanger => "Os ydych mewn perygl nawr, ffoniwch 999 neu ewch i'r adran achosion brys.".into(),
        Message::UrgentSeeAll => "Gweld pob ffordd o gael help nawr".into(),
        Message::UrgentNoticeSamaritans => "Samariaid (am ddim): 116 123".into(),
        Message::UrgentNoticeDanger => "Mewn perygl: ffoniwch 999".into(),
        Message::LowItemScore => {
            "Mae rhai o'ch atebion yn awgrymu y gallai helpu siarad â'ch meddygfa am sut rydych wedi bod yn teimlo.".into()
        }
        Message::StartAgain => "Dechrau eto".into(),
        Message::Print => "Argraffu neu gadw fel PDF".into(),
        Message::NoOfficialTranslation => {
            "Nid oes fersiwn Gymraeg swyddogol o'r holiadur hwn, felly mae'r cwestiynau a'r atebion yn Saesneg.".into()
        }
        Message::Resumed => "Rydym wedi cadw'r atebion a roesoch o'r blaen. Ewch ymlaen, neu dechreuwch eto.".into(),
        Message::PageLoading => "Yn llwytho…".into(),
        Message::PageNotLoaded => "Nid oedd modd llwytho'r dudalen hon. Nid yw eich atebion wedi'u colli.".into(),
        Message::TryAgain => "Rhoi cynnig arall arni".into(),
        Message::ChangeAnswerTo => "eich ateb i:".into(),
        Message::Questionnaire => "Holiadur".into(),
        Message::Date(day, month, year) => {
            const MONTHS: [&str; 12] = [
                "Ionawr", "Chwefror", "Mawrth", "Ebrill", "Mai", "Mehefin", "Gorffennaf", "Awst",
                "Medi", "Hydref", "Tachwedd", "Rhagfyr",
            ];
            let name = MONTHS.get((*month as usize).wrapping_sub(1)).copied().unwrap_or_default();
            format!("{day} {name} {year}")
        }
        Message::YourResults => "Eich canlyniadau".into(),
        Message::YourGroupIs => "Mae eich canlyniad yn y grŵp:".into(),
        Message::AllTheGroups => "Pob grŵp".into(),
        Message::YourResultMarker => "Eich canlyniad".into(),
        Message::Between(low, high) => format!("{low} i {high}"),
        Message::OrMore(low) => format!("{low} neu fwy"),
        Message::LowerIsBetter => "Mae sgôr is yn well.".into(),
        Message::HigherIsBetter => "Mae sgôr uwch yn well.".into(),
        Message::YourScore(value) => format!("Eich sgôr: {value}"),
        Message::YouSaid => "Dywedoch chi:".into(),
        Message::MinutesAWeek(minutes) => {
            format!("Mae eich atebion yn dod i gyfanswm o {minutes} munud yr wythnos.")
        }
        Message::Source => "Ffynhonnell:".into(),
        Message::PublishedGroups => "Awduron yr holiadur a osododd y grwpiau hyn.".into(),
        Message::WhatNext => "Beth allwch chi ei wneud nesaf".into(),
        Message::NextStepPractice(name) => format!(
            "Siaradwch {}. Gallwch ofyn am gael gweld gweithiwr cyswllt presgripsiynu cymdeithasol, a all eich rhoi mewn cysylltiad â grwpiau, gweithgareddau a chyngor lleol.",
            with_practice(name)
        ),
        Message::NextStepTalkingTherapies => {
            "Gallwch eich atgyfeirio eich hun at Therapïau Siarad y GIG i gael help am ddim gyda theimladau fel hyn, heb weld eich meddyg teulu yn gyntaf.".into()
        }
        Message::ConfirmStartAgain => {
            "Dechrau eto? Bydd eich atebion a'ch canlyniad yn cael eu clirio o'r dudalen hon.".into()
        }
        Message::ConfirmClear => {
            "Clirio eich atebion? Bydd popeth rydych wedi'i ateb hyd yma yn cael ei glirio o'r dudalen hon.".into()
        }
        Message::YesClear => "Ie, clirio fy atebion".into(),
        Message::NoKeep => "Na, cadw fy atebion".into(),
        Message::ClearMyAnswers => "Clirio fy atebion".into(),
        Message::KeptOnDevice => {
            "Mae eich atebion yn cael eu cadw ar y ddyfais hon nes i chi orffen, er mwyn i chi allu dod yn ôl atynt. Gallai unrhyw un sy'n defnyddio'r ddyfais hon eu gweld.".into()
        }
        Message::Sources => "Ffynonellau".into(),
        Message::YourAnswers => "Eich atebion".into(),
        Message::SafetyFirst => {
            "Beth bynnag yw eich sgôr, eich ateb am feddyliau y byddai'n well petaech wedi marw neu am eich brifo eich hun sydd bwysicaf. Defnyddiwch yr help o dan \"Cael help nawr\" uchod.".into()
        }
        Message::NextStepPracticeFirst(name) => format!(
            "Cysylltwch {} yn fuan: gallant eich helpu ar unwaith a thrafod triniaeth. Gallwch hefyd eich atgyfeirio eich hun at Therapïau Siarad y GIG.",
            with_practice(name)
        ),
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.tag())
    }
}

/// "with" the practice in Welsh: "â" and its name, or "â'ch meddygfa" (your practice), where
/// "â" and "eich" run together.
fn with_practice(name: &Option<String>) -> String {
    match name {
        Some(name) => format!("â {name}"),
        None => "â'ch meddygfa".to_owned(),
    }
}

/// A unit after "o" in Welsh, which takes the soft mutation (ddiwrnodau, funudau).
fn soft_mutated_unit(unit: &str) -> &str {
    match unit {
        "days" => "ddiwrnodau",
        "minutes" => "funudau",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn welsh_has_six_plural_categories() {
        let categories: Vec<Plural> = [0, 1, 2, 3, 6, 7, 11, 100]
            .iter()
            .map(|n| plural(Language::Cy, *n))
            .collect();
        assert_eq!(
            categories,
            [
                Plural::Zero,
                Plural::One,
                Plural::Two,
                Plural::Few,
                Plural::Many,
                Plural::Other,
                Plural::Other,
                Plural::Other
            ]
        );
        assert_eq!(plural(Language::En, 1), Plural::One);
        assert_eq!(plural(Language::En, 0), Plural::Other);
    }

    #[test]
    fn welsh_names_the_practice_or_says_your_practice() {
        assert!(
            Message::NextStepPractice(None)
                .text(Language::Cy)
                .starts_with("Siaradwch â'ch meddygfa. ")
        );
        assert!(
            Message::NextStepPracticeFirst(Some("Meddygfa'r Afon".into()))
                .text(Language::Cy)
                .starts_with("Cysylltwch â Meddygfa'r Afon yn fuan:")
        );
        assert!(
            Message::TalkToPractice(None)
                .text(Language::Cy)
                .starts_with("Siaradwch â'ch meddygfa, neu")
        );
    }

    #[test]
    fn counted_messages_follow_the_plural_forms() {
        assert_eq!(
            Message::QuestionsAnswered(1).text(Language::En),
            "1 question answered"
        );
        assert_eq!(
            Message::QuestionsAnswered(3).text(Language::En),
            "3 questions answered"
        );
        assert_eq!(
            Message::QuestionsAnswered(2).text(Language::Cy),
            "2 gwestiwn wedi'u hateb"
        );
        assert_eq!(
            Message::QuestionsAnswered(3).text(Language::Cy),
            "3 chwestiwn wedi'u hateb"
        );
        assert_eq!(
            Message::QuestionsAnswered(1).text(Language::Cy),
            "1 cwestiwn wedi'i ateb"
        );
    }

    #[test]
    fn every_message_has_text_in_both_languages() {
        let samples = [
            Message::CouldNotLoad,
            Message::Continue,
            Message::Back,
            Message::CheckYourAnswers,
            Message::UrgentHeading,
            Message::UrgentReason,
            Message::UrgentSeeAll,
            Message::UrgentNoticeSamaritans,
            Message::UrgentNoticeDanger,
            Message::NotADiagnosis,
            Message::Samaritans,
            Message::TalkToPractice(Some("Riverside".into())),
        ];
        for message in samples {
            let (en, cy) = (message.text(Language::En), message.text(Language::Cy));
            assert!(!en.is_empty() && !cy.is_empty() && en != cy, "{message:?}");
        }
        assert!(Message::Samaritans.text(Language::Cy).contains("116 123"));
        assert!(
            Message::UrgentNoticeSamaritans
                .text(Language::Cy)
                .contains("116 123")
        );
        assert!(
            Message::UrgentNoticeDanger
                .text(Language::Cy)
                .contains("999")
        );
    }

    /// wellcheck.js shows these sentences itself when the module cannot start (a policy
    /// without 'wasm-unsafe-eval', a file that could not be fetched): its copies must say
    /// exactly what the widget's words say.
    #[test]
    fn the_scripts_sentences_are_the_widgets() {
        let script = include_str!("../js/wellcheck.js");
        let sentences = [Message::NotAvailableYet, Message::CouldNotLoad];
        for (message, language) in sentences
            .iter()
            .flat_map(|message| [(message, Language::En), (message, Language::Cy)])
        {
            let sentence = message.text(language);
            assert!(
                script.contains(&format!("'{sentence}'"))
                    || script.contains(&format!("\"{sentence}\"")),
                "wellcheck.js lacks `{sentence}`"
            );
        }
    }

    #[test]
    fn language_tags() {
        assert_eq!(Language::parse("cy-GB"), Some(Language::Cy));
        assert_eq!(Language::parse("EN"), Some(Language::En));
        assert_eq!(Language::parse("fr"), None);
    }
}
