//! The app's exports from one list of finished forms: CSV that the core reads back exactly,
//! outcomes equal to those of the CSV read back (what `wellcheck report` does), FHIR Bundles
//! per visit, and clear words for what is left out. Native: no browser needed.
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    missing_docs,
    reason = "tests"
)]

use wellcheck_app::exports::{self, check_tablet_name};
use wellcheck_app::records::{Client, Mode, Visit, VisitKind};
use wellcheck_interchange::csv_records;
use wellcheck_outcomes::{Cohort, Place, Rule};

mod support;
use support::finished_form;

fn client(id: &str, reference: &str) -> Client {
    Client {
        id: id.to_owned(),
        reference: reference.to_owned(),
        initials: "AB".to_owned(),
        year_of_birth: None,
        nhs_number: None,
        notes: String::new(),
    }
}

/// A finished social-prescribing visit with these UCLA-3 answers and EVS minutes.
fn visit(
    id: &str,
    client: &str,
    date: &str,
    kind: VisitKind,
    ucla: [i64; 3],
    minutes: i64,
) -> Visit {
    let form = |instrument: &str, answers: Vec<i64>, mode: Mode| {
        finished_form(instrument, mode, answers.into_iter().map(Some).collect())
    };
    let forms = vec![
        form("ucla-3", ucla.to_vec(), Mode::SelfCompleted),
        form("ons-loneliness", vec![3], Mode::ReadAloud),
        form("ons4", vec![6, 7, 5, 3], Mode::SelfCompleted),
        form("evs", vec![3, minutes / 3], Mode::OnBehalf),
    ];
    Visit {
        finished: true,
        ..Visit::new(
            id.to_owned(),
            client.to_owned(),
            date.to_owned(),
            kind,
            forms,
        )
    }
}

fn caseload() -> (Vec<Client>, Vec<Visit>) {
    let clients = vec![
        client("c-1", "MAPLE-7"),
        client("c-2", "-OAK"),
        client("c-3", "ASH"),
    ];
    let mut unfinished = visit(
        "v-6",
        "c-3",
        "2026-05-01",
        VisitKind::FollowUp,
        [1, 1, 1],
        90,
    );
    unfinished.finished = false;
    let visits = vec![
        visit(
            "v-1",
            "c-1",
            "2026-01-05",
            VisitKind::Baseline,
            [3, 3, 2],
            30,
        ),
        visit(
            "v-2",
            "c-1",
            "2026-04-05",
            VisitKind::FollowUp,
            [1, 2, 1],
            90,
        ),
        visit(
            "v-3",
            "c-2",
            "2026-01-06",
            VisitKind::Baseline,
            [2, 2, 2],
            60,
        ),
        visit(
            "v-4",
            "c-2",
            "2026-04-06",
            VisitKind::FollowUp,
            [3, 3, 3],
            30,
        ),
        visit(
            "v-5",
            "c-3",
            "2026-01-07",
            VisitKind::Baseline,
            [2, 3, 2],
            0,
        ),
        unfinished,
    ];
    (clients, visits)
}

#[test]
fn the_csv_export_reads_back_exactly_and_gives_the_same_outcomes() {
    let (clients, mut visits) = caseload();
    // The needs and support ticked at two visits leave the tablet with their forms.
    visits[0].needs = vec![
        "Housing".to_owned(),
        "Loneliness or social isolation".to_owned(),
    ];
    visits[0].support = vec!["Walking group".to_owned()];
    visits[1].needs = vec!["Housing".to_owned()];
    // An entry saved before `;` was refused in the scheme's list: exported with a `,`.
    visits[1].support = vec![
        "Citizens Advice".to_owned(),
        "Men's shed; Tuesdays".to_owned(),
    ];
    let (forms, problems) = exports::finished_forms(&clients, &visits, "NORTH1");
    assert!(problems.is_empty(), "{problems:?}");
    // Five finished visits of four forms; the unfinished one is not exported.
    assert_eq!(forms.len(), 20);
    let csv = exports::forms_csv(&forms);
    let header = csv.lines().next().unwrap();
    assert!(
        header.starts_with("client,date,instrument,version,administration"),
        "{header}"
    );
    assert!(header.ends_with(",needs,support,visit"), "{header}");
    assert!(
        csv.contains(",Housing; Loneliness or social isolation,Walking group,Baseline"),
        "{csv}"
    );
    assert!(csv.contains("NORTH1-MAPLE-7,2026-01-05,ucla-3"));
    // A reference a spreadsheet could take for a formula is written as text.
    assert!(csv.contains("NORTH1--OAK"), "{csv}");
    let read = csv_records::read(&csv).unwrap();
    assert_eq!(read.len(), forms.len());
    for (record, form) in read.iter().zip(&forms) {
        assert_eq!(record.client, form.client);
        assert_eq!(record.date, form.date);
        assert_eq!(record.report, form.report);
        assert_eq!(record.answers, form.answers);
        assert_eq!(
            (&record.needs, &record.support),
            (&form.needs, &form.support)
        );
    }
    // `wellcheck report` over the export: a cohort built from the CSV read back.
    for rule in Rule::ALL {
        let mut cohort = Cohort::new();
        let source = cohort.add_source("this tablet");
        for (line, record) in (1_u64..).zip(&read) {
            let instrument = wellcheck_core::catalogue::get(record.answers.instrument()).unwrap();
            cohort
                .add_work(&record.client, &record.date, &record.needs, &record.support)
                .unwrap();
            cohort
                .add(
                    Place { source, line },
                    &record.client,
                    &record.date,
                    &instrument,
                    &record.report,
                )
                .unwrap();
        }
        let (from_app, left_out) = exports::outcomes(&forms, rule);
        assert!(left_out.is_empty());
        assert_eq!(
            from_app.to_json_value(),
            cohort.analyse(rule).to_json_value(),
            "rule {rule:?}"
        );
    }
    let (outcomes, _) = exports::outcomes(&forms, Rule::Default);
    assert_eq!(outcomes.funnel.clients_with_baseline, 3);
    assert_eq!(outcomes.funnel.clients_with_follow_up, 2);
    let ucla = outcomes
        .scores
        .iter()
        .find(|score| score.instrument == "ucla-3")
        .unwrap();
    assert_eq!(ucla.n_paired, 2);
    assert_eq!((ucla.movement.improved, ucla.movement.worsened), (1, 1));
    let housing = outcomes
        .needs
        .iter()
        .find(|count| count.entry == "Housing")
        .unwrap();
    assert_eq!(
        (housing.entry.as_str(), housing.clients, housing.visits),
        ("Housing", 1, 2)
    );
    assert_eq!(outcomes.support.len(), 3);
}

#[test]
fn a_visit_becomes_one_fhir_bundle_and_what_is_left_out_is_named() {
    let (clients, mut visits) = caseload();
    let (forms, _) = exports::finished_forms(&clients, &visits, "NORTH1");
    let bundle = exports::visit_bundle(&forms, "v-2", Some("943 476 5919"));
    assert_eq!(bundle["resourceType"], "Bundle");
    // It says whom it is about: the NHS number and the scheme's reference, on a Patient
    // that every response and Observation names as its subject.
    let patient = &bundle["entry"][0];
    assert_eq!(patient["resource"]["resourceType"], "Patient");
    let identifiers = patient["resource"]["identifier"].as_array().unwrap();
    assert_eq!(
        identifiers[0]["system"],
        "https://fhir.nhs.uk/Id/nhs-number"
    );
    assert_eq!(identifiers[0]["value"], "9434765919");
    assert_eq!(
        identifiers[1]["value"],
        forms
            .iter()
            .find(|form| form.visit == "v-2")
            .unwrap()
            .client
            .as_str()
    );
    for entry in &bundle["entry"].as_array().unwrap()[1..] {
        assert_eq!(
            entry["resource"]["subject"]["reference"],
            patient["fullUrl"]
        );
    }
    // Without an NHS number, the reference alone.
    let unnamed = exports::visit_bundle(&forms, "v-2", None);
    assert_eq!(
        unnamed["entry"][0]["resource"]["identifier"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    // The file name carries the client, so two clients' files of a day differ.
    assert_eq!(
        exports::visit_fhir_file_name("NORTH1-MAPLE-7", "2026-12-05", "Follow-up"),
        "wellcheck-fhir-NORTH1-MAPLE-7-2026-12-05-follow-up.json"
    );
    let made_safe = exports::visit_fhir_file_name("NORTH1-MAPLE 7/b", "2026-12-05", "Follow-up");
    assert!(
        made_safe.starts_with("wellcheck-fhir-NORTH1-MAPLE-7-b-")
            && made_safe.ends_with("-2026-12-05-follow-up.json"),
        "{made_safe}"
    );
    // References that differ only in what a file name cannot hold still differ.
    let alike: std::collections::BTreeSet<String> = ["N-A/1", "N-A 1", "N-A#1", "N-A-1"]
        .iter()
        .map(|client| exports::visit_fhir_file_name(client, "2026-12-05", "Baseline"))
        .collect();
    assert_eq!(alike.len(), 4, "{alike:?}");
    assert_ne!(
        exports::visit_fhir_file_name("NORTH1-OAK-2", "2026-12-05", "Follow-up"),
        exports::visit_fhir_file_name("NORTH1-ASH-9", "2026-12-05", "Follow-up")
    );
    let responses = bundle["entry"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|entry| entry["resource"]["resourceType"] == "QuestionnaireResponse")
        .count();
    assert_eq!(responses, 4);
    // Dated with the visit's date, for a GP record.
    for entry in bundle["entry"].as_array().unwrap() {
        let resource = &entry["resource"];
        match resource["resourceType"].as_str().unwrap() {
            "QuestionnaireResponse" => assert_eq!(resource["authored"], "2026-04-05"),
            "Observation" => assert_eq!(resource["effectiveDateTime"], "2026-04-05"),
            _ => {}
        }
    }

    // A second visit on the same day: its forms are left out of the outcomes, by name.
    let mut again = visits[1].clone();
    again.id = "v-9".to_owned();
    visits.push(again);
    // A visit whose client is gone.
    visits.push(visit(
        "v-10",
        "c-gone",
        "2026-02-01",
        VisitKind::Baseline,
        [1, 1, 1],
        0,
    ));
    let (forms, problems) = exports::finished_forms(&clients, &visits, "NORTH1");
    assert_eq!(problems.len(), 5, "{problems:?}");
    assert_eq!(
        problems[0],
        "A visit on 2026-02-01 belongs to no client in this caseload."
    );
    assert!(
        problems[1].starts_with("NORTH1-MAPLE-7 has two ucla-3 forms dated 2026-04-05"),
        "{problems:?}"
    );
    // Neither exported nor counted: the export reads into `wellcheck report` without refusal.
    assert_eq!(forms.len(), 20);
    let (_, left_out) = exports::outcomes(&forms, Rule::Default);
    assert!(left_out.is_empty(), "{left_out:?}");

    // On one day, a baseline comes first whatever order the records are in.
    let mut same_day = caseload().1;
    same_day[1].date = "2026-01-05".to_owned();
    same_day.swap(0, 1);
    let (forms, _) = exports::finished_forms(&clients, &same_day, "NORTH1");
    let kept = forms
        .iter()
        .find(|form| form.client == "NORTH1-MAPLE-7" && form.instrument.id() == "ucla-3")
        .unwrap();
    assert_eq!(kept.kind, "Baseline");
}

#[test]
fn exports_carry_the_result_kept_at_the_visit_and_name_one_that_cannot_be_read() {
    let (clients, mut visits) = caseload();
    // Kept from an earlier version of the definition: exported as it was scored then.
    let kept = visits[0].forms[0].result.as_mut().unwrap();
    kept["version"] = serde_json::json!("russell-1980.0");
    // A result that was never kept, and one damaged in the record.
    visits[1].forms[0].result = None;
    visits[1].forms[2].result.as_mut().unwrap()["scores"]["wellbeing"]["value"] =
        serde_json::json!("high");
    let (forms, problems) = exports::finished_forms(&clients, &visits, "NORTH1");
    let first = forms
        .iter()
        .find(|form| form.visit == visits[0].id && form.instrument.id() == "ucla-3")
        .unwrap();
    assert_eq!(first.report.version, "russell-1980.0");
    assert_eq!(first.answers.administration().as_str(), "self");
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(
        problems[0].ends_with("ucla-3 form of 2026-04-05 is left out: its result was not kept"),
        "{problems:?}"
    );
    assert!(
        problems[1].contains("ons4 form of 2026-04-05 is left out: its kept result is damaged ($.scores.wellbeing.value: expected a number"),
        "{problems:?}"
    );
    let csv = exports::forms_csv(&forms);
    assert!(csv.contains("russell-1980.0"), "{csv}");
}

#[test]
fn a_tablet_name_is_short_plain_and_upper_case() {
    assert_eq!(check_tablet_name(" north1 ").unwrap(), "NORTH1");
    for bad in ["", "  ", "NORTH 1", "N-1", "=1+1", &"A".repeat(21), "NÖRTH"] {
        assert!(check_tablet_name(bad).is_err(), "{bad:?}");
    }
}

#[test]
fn a_result_kept_under_an_older_definition_is_scored_again_and_said_and_a_mismatch_is_named() {
    let instrument = wellcheck_core::catalogue::get("ucla-3").unwrap();
    let form = finished_form("ucla-3", Mode::ReadAloud, vec![Some(2), Some(3), Some(2)]);
    let kept = form.finished(&instrument).unwrap();
    assert_eq!(kept.scored_again_from, None);
    assert_eq!(kept.report.administration, "read_aloud");
    assert_eq!(kept.answers.values(), [Some(2), Some(3), Some(2)]);

    // The app was updated with a changed definition: the answers are scored with this
    // version's, and the version the visit was scored with is said.
    let mut older = form.clone();
    let result = older.result.as_mut().unwrap();
    result["definition_hash"] = serde_json::json!("sha256:0000");
    result["version"] = serde_json::json!("russell-1980.0");
    result["scores"]["total"]["value"] = serde_json::json!(3);
    let again = older.finished(&instrument).unwrap();
    assert_eq!(again.scored_again_from.as_deref(), Some("russell-1980.0"));
    assert_eq!(again.report, kept.report);

    // A kept result that is not of the record's answers, or of how the form was completed.
    let mut other_answers = form.clone();
    other_answers.answers = Some(vec![Some(1), Some(1), Some(1)]);
    assert_eq!(
        other_answers.finished(&instrument).unwrap_err(),
        "its kept result does not match its answers"
    );
    let mut other_mode = form.clone();
    other_mode.mode = Mode::OnBehalf;
    assert_eq!(
        other_mode.finished(&instrument).unwrap_err(),
        "its kept result does not match its answers"
    );
    let mut no_answers = form;
    no_answers.answers = None;
    assert_eq!(
        no_answers.finished(&instrument).unwrap_err(),
        "it has no answers"
    );
}

#[test]
fn the_outcomes_from_the_index_alone_are_those_of_every_visit_read() {
    let (clients, mut visits) = caseload();
    visits[0].needs = vec!["Housing".to_owned()];
    visits[1].support = vec![
        "Citizens Advice".to_owned(),
        "Men's shed; Tues\u{200b}days\u{202e}".to_owned(),
    ];
    // A second follow-up of MAPLE-7 the same day as v-2: one of the two is counted.
    visits.push(visit(
        "v-7",
        "c-1",
        "2026-04-05",
        VisitKind::FollowUp,
        [1, 1, 1],
        120,
    ));
    // A form whose result was never kept: named, not counted.
    visits[3].forms[1].result = None;
    let mut index = wellcheck_app::records::Index::default();
    for client in &clients {
        index.set_client(client);
    }
    for visit in &visits {
        assert!(index.set_visit(visit));
    }
    // The index as stored (its JSON) is what the page reads.
    let index: wellcheck_app::records::Index =
        serde_json::from_str(&serde_json::to_string(&index).unwrap()).unwrap();
    for rule in Rule::ALL {
        let (forms, problems) = exports::finished_forms(&clients, &visits, "NORTH1");
        let (long, mut long_left) = exports::outcomes(&forms, rule);
        long_left.extend(problems);
        let (quick, mut quick_left, counted) =
            exports::outcomes_from_index(&index, "NORTH1", rule).unwrap();
        assert_eq!(quick.to_json_value(), long.to_json_value(), "rule {rule:?}");
        assert_eq!(quick, long);
        long_left.sort();
        quick_left.sort();
        assert_eq!(quick_left, long_left);
        assert_eq!(counted, forms.len());
        // The unkept result, and the four forms of the second visit that day.
        assert_eq!(quick_left.len(), 5, "{quick_left:?}");
    }
    // An entry saved with hidden characters before they were refused leaves without them,
    // so `wellcheck report` reads the export.
    let (forms, _) = exports::finished_forms(&clients, &visits, "NORTH1");
    let read = csv_records::read(&exports::forms_csv(&forms)).unwrap();
    assert!(
        read.iter()
            .any(|record| record.support.contains(&"Men's shed, Tuesdays".to_owned()))
    );
    // A line from before digests, or one scored with a definition since changed: only the
    // long way can give the figures.
    let mut old = index.clone();
    old.clients[0].visits[0].digest = None;
    assert!(exports::outcomes_from_index(&old, "NORTH1", Rule::Default).is_none());
    let mut changed = index.clone();
    changed.clients[0].visits[0].digest.as_mut().unwrap().forms[0].hash = "000000000000".into();
    assert!(exports::outcomes_from_index(&changed, "NORTH1", Rule::Default).is_none());
    // An unfinished visit has no digest and is not needed.
    assert!(
        index.clients[2]
            .visits
            .iter()
            .any(|v| !v.finished && v.digest.is_none())
    );
}
