//! What the app gives out, all from one list of finished forms: the forms as CSV in the
//! documented format (what `wellcheck csv` and `wellcheck report` read), one FHIR Bundle per
//! visit, and the scheme's outcomes. Because the outcomes page and the CSV export are made
//! from the same forms by the same core code, `wellcheck report` over the export gives the
//! page's figures.

use std::collections::BTreeMap;
use std::rc::Rc;

use wellcheck_core::{Answers, Instrument, ScoreReport};
use wellcheck_interchange::csv_records::{self, Record};
use wellcheck_interchange::fhir;
use wellcheck_outcomes::{AddError, Cohort, Outcomes, Place, Rule};

use crate::records::{
    Client, Index, Visit, VisitDigest, VisitKind, VisitSummary, built_in, short_hash,
};

/// Longest tablet name.
pub const MAX_TABLET_NAME: usize = 20;

/// Checks the name a tablet's exports carry: 1 to 20 letters A to Z and digits.
pub fn check_tablet_name(name: &str) -> Result<String, String> {
    let name = name.trim();
    if name.is_empty()
        || name.chars().count() > MAX_TABLET_NAME
        || !name.chars().all(|c| c.is_ascii_alphanumeric())
    {
        return Err(format!(
            "The tablet's name must be 1 to {MAX_TABLET_NAME} letters A to Z or digits, like NORTH1"
        ));
    }
    Ok(name.to_ascii_uppercase())
}

/// A client's id in exports: the tablet's name and the reference, so several tablets'
/// exports merge without two clients sharing an id.
pub fn export_client_id(tablet: &str, reference: &str) -> String {
    format!("{tablet}-{reference}")
}

/// One finished form with the result kept when it was finished.
#[derive(Debug, Clone)]
pub struct Form {
    /// The client's id in exports.
    pub client: String,
    /// The visit's record id.
    pub visit: String,
    /// The visit's date.
    pub date: String,
    /// Baseline or follow-up, as shown.
    pub kind: &'static str,
    /// The instrument (structure and scoring), shared by every form of it.
    pub instrument: Rc<Instrument>,
    /// The answers, with how they were given.
    pub answers: Answers,
    /// The result the journey scored, as kept in the visit's record.
    pub report: ScoreReport,
    /// The needs raised at the visit.
    pub needs: Vec<String>,
    /// The support offered or connected to at the visit.
    pub support: Vec<String>,
}

/// Every finished form of every finished visit, by client id, then date, then the order
/// run, each with the result kept when it was finished. A form that cannot be used (its
/// instrument gone from this version, or its kept result unreadable) is named in the
/// second list rather than dropped silently.
pub fn finished_forms(
    clients: &[Client],
    visits: &[Visit],
    tablet: &str,
) -> (Vec<Form>, Vec<String>) {
    let references: BTreeMap<&str, &str> = clients
        .iter()
        .map(|client| (client.id.as_str(), client.reference.as_str()))
        .collect();
    let mut forms = Vec::new();
    let mut problems = Vec::new();
    for visit in visits.iter().filter(|visit| visit.finished) {
        let Some(reference) = references.get(visit.client.as_str()) else {
            problems.push(format!(
                "A visit on {} belongs to no client in this caseload.",
                visit.date
            ));
            continue;
        };
        for form in &visit.forms {
            // Each definition is read and checked once (`built_in`), not once a form.
            let finished = built_in(&form.instrument).and_then(|instrument| {
                let finished = form.finished(&instrument)?;
                Ok((instrument, finished.answers, finished.report))
            });
            match finished {
                Ok((instrument, answers, report)) => forms.push(Form {
                    client: export_client_id(tablet, reference),
                    visit: visit.id.clone(),
                    date: visit.date.clone(),
                    kind: visit.kind.label(),
                    instrument,
                    answers,
                    report,
                    needs: as_exported(&visit.needs),
                    support: as_exported(&visit.support),
                }),
                Err(error) => problems.push(format!(
                    "{reference}'s {} form of {} is left out: {error}",
                    form.instrument, visit.date
                )),
            }
        }
    }
    // Stable: forms of one visit keep the order they were run in; on one day a baseline
    // comes before a follow-up.
    forms.sort_by(|a, b| {
        (&a.client, &a.date, a.kind != VisitKind::Baseline.label()).cmp(&(
            &b.client,
            &b.date,
            b.kind != VisitKind::Baseline.label(),
        ))
    });
    // `wellcheck report` refuses two forms of one questionnaire for a client on one day, so
    // the second is neither exported nor counted, and the worker is told.
    let mut seen = std::collections::BTreeSet::new();
    forms.retain(|form| {
        let first = seen.insert((form.client.clone(), form.instrument.id().to_owned(), form.date.clone()));
        if !first {
            problems.push(format!(
                "{} has two {} forms dated {} (two visits that day): only one is exported and counted, the baseline's if either visit is one.",
                form.client,
                form.instrument.id(),
                form.date,
            ));
        }
        first
    });
    (forms, problems)
}

/// Entries as the CSV's `needs` and `support` lists carry them: a `;` (which separates
/// entries there) in an entry saved before it was refused becomes a `,`, and a hidden
/// character saved before those were refused is dropped (`wellcheck report` refuses one).
fn as_exported(entries: &[String]) -> Vec<String> {
    entries
        .iter()
        .map(|entry| {
            entry
                .chars()
                .filter(|c| !wellcheck_core::text::is_hidden(*c))
                .collect::<String>()
                .replace(';', ",")
        })
        .collect()
}

/// The forms as CSV, in the documented columns plus `visit` (baseline or follow-up). Every
/// text cell is made safe for spreadsheets by the core's writer.
pub fn forms_csv(forms: &[Form]) -> String {
    let records: Vec<Record> = forms
        .iter()
        .map(|form| Record {
            client: form.client.clone(),
            date: form.date.clone(),
            answers: form.answers.clone(),
            report: form.report.clone(),
            needs: form.needs.clone(),
            support: form.support.clone(),
            extra: vec![("visit".to_owned(), form.kind.to_owned())],
        })
        .collect();
    csv_records::write(&records)
}

/// One visit's forms as a FHIR R4 Bundle (a QuestionnaireResponse and Observations per
/// form), as `wellcheck fhir response` writes them, dated with the visit's date (each
/// response's `authored`, each Observation's `effectiveDateTime`), and about the client: a
/// Patient with their NHS number when it was recorded and the client's id in exports (the
/// scheme's reference), which every response and Observation names as its subject.
pub fn visit_bundle(forms: &[Form], visit: &str, nhs_number: Option<&str>) -> serde_json::Value {
    let chosen: Vec<(&Instrument, &Answers, &ScoreReport)> = forms
        .iter()
        .filter(|form| form.visit == visit)
        .map(|form| (&*form.instrument, &form.answers, &form.report))
        .collect();
    let mut patient: Vec<fhir::PatientIdentifier> = nhs_number
        .and_then(|number| fhir::PatientIdentifier::nhs_number(number).ok())
        .into_iter()
        .collect();
    patient.extend(
        forms
            .iter()
            .find(|form| form.visit == visit)
            .and_then(|form| fhir::PatientIdentifier::scheme_reference(&form.client).ok()),
    );
    let bundle = fhir::with_patient(fhir::battery_bundle(&chosen), &patient);
    match forms.iter().find(|form| form.visit == visit) {
        Some(form) => fhir::dated(bundle, &form.date),
        None => bundle,
    }
}

/// The name of a visit's FHIR file: the client's id in exports, the date and the kind
/// (`wellcheck-fhir-NORTH1-MAPLE-7-2026-12-05-follow-up.json`), so two clients' files of one
/// day cannot be told apart only by the order they were downloaded. Characters a file name
/// cannot hold become `-`, followed then by six hex digits of the exact id's SHA-256.
pub fn visit_fhir_file_name(client: &str, date: &str, kind: &str) -> String {
    let safe: String = client
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '-'
            }
        })
        .collect();
    let mut name = safe.trim_matches(|c| c == '.' || c == '-').to_owned();
    // Different references can read alike once made safe (`A/1`, `A 1`, `A-1`): then a
    // few digits of the exact reference's digest tell their files apart.
    if name != client {
        use sha2::{Digest, Sha256};
        let digest = Sha256::digest(client.as_bytes());
        for byte in digest.iter().take(3) {
            name.push_str(&format!("{byte:02x}"));
        }
        name.insert(name.len() - 6, '-');
    }
    format!("wellcheck-fhir-{name}-{date}-{}.json", kind.to_lowercase())
}

/// One form as the outcomes count it: whose, when, which questionnaire, its score values in
/// the definition's order, and its visit's needs and support.
struct Counted<'a> {
    client: &'a str,
    date: &'a str,
    instrument: &'a Instrument,
    values: Vec<Option<wellcheck_core::Decimal>>,
    needs: &'a [String],
    support: &'a [String],
}

/// The outcomes of forms in the export's order, and what was left out, named.
fn count<'a>(forms: impl Iterator<Item = Counted<'a>>, rule: Rule) -> (Outcomes, Vec<String>) {
    let mut cohort = Cohort::new();
    let source = cohort.add_source("this tablet");
    let mut left_out = Vec::new();
    for (line, form) in (1_u64..).zip(forms) {
        let place = Place { source, line };
        // Each form carries its visit's needs and support, as each row of the export does.
        if let Err(error) = cohort.add_work(form.client, form.date, form.needs, form.support) {
            left_out.push(format!(
                "{}'s needs and support of {} are not counted: {error}",
                form.client, form.date
            ));
        }
        match cohort.add_values(place, form.client, form.date, form.instrument, &form.values) {
            Ok(()) => {}
            Err(AddError::Duplicate { .. }) => left_out.push(format!(
                "{} has two {} forms dated {}: only the first is counted.",
                form.client,
                form.instrument.id(),
                form.date
            )),
            Err(other) => left_out.push(format!(
                "{}'s {} form of {} is left out: {other}",
                form.client,
                form.instrument.id(),
                form.date
            )),
        }
    }
    (cohort.analyse(rule), left_out)
}

/// The scheme's outcomes under `rule`, and the forms left out (a second form for the same
/// client, questionnaire and date, which `wellcheck report` refuses), each named.
pub fn outcomes(forms: &[Form], rule: Rule) -> (Outcomes, Vec<String>) {
    count(
        forms.iter().map(|form| Counted {
            client: &form.client,
            date: &form.date,
            instrument: &form.instrument,
            values: form
                .instrument
                .scores()
                .iter()
                .map(|score| form.report.score(score.id()).and_then(|entry| entry.value))
                .collect(),
            needs: &form.needs,
            support: &form.support,
        }),
        rule,
    )
}

/// The same outcomes and the same forms left out as [`finished_forms`] then [`outcomes`]
/// give, from the index alone (each finished visit's [`VisitDigest`]), without opening a
/// visit. `None` when a finished visit's line has no digest, or one scored with a definition
/// this version has changed: then only the long way gives the figures.
pub fn outcomes_from_index(
    index: &Index,
    tablet: &str,
    rule: Rule,
) -> Option<(Outcomes, Vec<String>, usize)> {
    struct Entry<'a> {
        client: String,
        reference: &'a str,
        visit: &'a VisitSummary,
        digest: &'a VisitDigest,
    }
    let mut entries = Vec::new();
    for client in &index.clients {
        for visit in client.visits.iter().filter(|visit| visit.finished) {
            entries.push(Entry {
                client: export_client_id(tablet, &client.reference),
                reference: &client.reference,
                visit,
                digest: visit.digest.as_ref()?,
            });
        }
    }
    // The long way reads visits in the store's order (by record id) and sorts stably.
    entries.sort_by(|a, b| {
        (
            &a.client,
            &a.visit.date,
            a.visit.kind != VisitKind::Baseline,
            &a.visit.id,
        )
            .cmp(&(
                &b.client,
                &b.visit.date,
                b.visit.kind != VisitKind::Baseline,
                &b.visit.id,
            ))
    });
    let mut problems = Vec::new();
    let mut usable = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for entry in &entries {
        let needs = as_exported(&entry.digest.needs);
        let support = as_exported(&entry.digest.support);
        for form in &entry.digest.forms {
            let readable = match &form.unusable {
                Some(why) => Err(why.clone()),
                None => built_in(&form.instrument),
            };
            let instrument = match readable {
                Ok(instrument) => instrument,
                Err(why) => {
                    problems.push(format!(
                        "{}'s {} form of {} is left out: {why}",
                        entry.reference, form.instrument, entry.visit.date
                    ));
                    continue;
                }
            };
            if form.hash != short_hash(instrument.definition_hash())
                || form.values.len() != instrument.scores().len()
            {
                return None;
            }
            if !seen.insert((
                entry.client.clone(),
                form.instrument.clone(),
                entry.visit.date.clone(),
            )) {
                problems.push(format!(
                    "{} has two {} forms dated {} (two visits that day): only one is exported and counted, the baseline's if either visit is one.",
                    entry.client, form.instrument, entry.visit.date,
                ));
                continue;
            }
            usable.push((entry, instrument, form, needs.clone(), support.clone()));
        }
    }
    let forms = usable.len();
    let (report, mut left_out) = count(
        usable
            .iter()
            .map(|(entry, instrument, form, needs, support)| Counted {
                client: &entry.client,
                date: &entry.visit.date,
                instrument,
                values: form
                    .values
                    .iter()
                    .map(|value| value.map(wellcheck_core::Decimal::from_hundredths))
                    .collect(),
                needs,
                support,
            }),
        rule,
    );
    left_out.extend(problems);
    Some((report, left_out, forms))
}
