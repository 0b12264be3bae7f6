//! A large caseload for `cargo xtask bench app`, written through the app's own store and
//! records (the same sealing, ids and index as real use), so the unlock benchmark opens a
//! store exactly like a busy worker's. Built only with the `bench-seed` feature: it is never
//! in `dist/app`.

use wasm_bindgen::prelude::*;
use wellcheck_core::{Answers, catalogue, score};

use crate::caseload::{INDEX_ID, new_client_id, new_visit_id};
use crate::records::{Client, Index, Mode, Visit, VisitForm, VisitKind};
use crate::store::{Store, StoreError};
use crate::ui::DATABASE;

/// How many records go into one transaction: large enough to be quick, small enough that
/// no single write holds hundreds of megabytes.
const RECORDS_PER_WRITE: usize = 200;

/// Each form's answers, as the CLI's `--answers` takes them, varied by `seed`.
fn battery_answers(seed: u32) -> [(&'static str, String); 4] {
    let step = |range: u32| seed % range;
    [
        (
            "ucla-3",
            format!(
                "{},{},{}",
                1 + step(3),
                1 + (seed / 3) % 3,
                1 + (seed / 9) % 3
            ),
        ),
        ("ons-loneliness", format!("{}", 1 + step(5))),
        (
            "ons4",
            format!(
                "{},{},{},{}",
                step(11),
                (seed / 2) % 11,
                (seed / 5) % 11,
                (seed / 7) % 11
            ),
        ),
        ("evs", format!("{},{}", step(8), (seed / 8) % 7 * 10)),
    ]
}

fn finished_forms(seed: u32) -> Result<Vec<VisitForm>, String> {
    battery_answers(seed)
        .into_iter()
        .map(|(id, text)| {
            let instrument = catalogue::get(id).map_err(|error| error.to_string())?;
            let answers = Answers::parse(&instrument, &text).map_err(|error| error.to_string())?;
            let report = score(&instrument, &answers).map_err(|error| error.to_string())?;
            Ok(VisitForm {
                instrument: id.to_owned(),
                mode: Mode::SelfCompleted,
                answers: Some(answers.values().to_vec()),
                result: Some(report.to_json_value()),
            })
        })
        .collect()
}

fn encode<T: serde::Serialize>(value: &T) -> Result<Vec<u8>, String> {
    serde_json::to_vec(value).map_err(|error| error.to_string())
}

fn store_error(error: StoreError) -> JsValue {
    JsValue::from_str(&error.to_string())
}

/// Sets up the app's store with `passphrase` and writes `clients` clients, each with
/// `visits` finished visits (a baseline, then follow-ups a month apart) on the
/// social-prescribing battery, and the index. Returns the number of records written.
#[wasm_bindgen(js_name = seedCaseload)]
pub async fn seed_caseload(passphrase: String, clients: u32, visits: u32) -> Result<u32, JsValue> {
    let store = Store::set_up(DATABASE, &passphrase)
        .await
        .map_err(store_error)?;
    let mut index = Index::default();
    let mut records: Vec<(String, Vec<u8>)> = Vec::new();
    let mut written = 0u32;
    for number in 0..clients {
        let client = Client {
            id: new_client_id().map_err(store_error)?,
            reference: format!("SP-{number:04}"),
            initials: [number % 26, (number / 26) % 26]
                .iter()
                .map(|letter| char::from(b'A' + *letter as u8))
                .collect(),
            year_of_birth: Some(1930 + (number % 70) as u16),
            nhs_number: None,
            notes: "Prefers morning appointments; walking group on Tuesdays.".to_owned(),
        };
        index.set_client(&client);
        records.push((client.id.clone(), encode(&client).map_err(JsValue::from)?));
        for meeting in 0..visits {
            let kind = if meeting == 0 {
                VisitKind::Baseline
            } else {
                VisitKind::FollowUp
            };
            let forms = finished_forms(number.wrapping_mul(7).wrapping_add(meeting))
                .map_err(JsValue::from)?;
            let visit = Visit {
                needs: vec!["Loneliness or social isolation".to_owned()],
                support: vec!["Walking group".to_owned()],
                notes: "Went to the Tuesday walk twice.".to_owned(),
                finished: true,
                ..Visit::new(
                    new_visit_id().map_err(store_error)?,
                    client.id.clone(),
                    format!("2026-{:02}-{:02}", 1 + meeting % 12, 1 + number % 28),
                    kind,
                    forms,
                )
            };
            index.set_visit(&visit);
            records.push((visit.id.clone(), encode(&visit).map_err(JsValue::from)?));
        }
        if records.len() >= RECORDS_PER_WRITE {
            written += records.len() as u32;
            store.put_all(&records).await.map_err(store_error)?;
            records.clear();
        }
    }
    records.push((INDEX_ID.to_owned(), encode(&index).map_err(JsValue::from)?));
    written += records.len() as u32;
    store.put_all(&records).await.map_err(store_error)?;
    store.lock();
    Ok(written)
}
