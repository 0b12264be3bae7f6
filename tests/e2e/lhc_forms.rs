//! wellcheck's exported FHIR Questionnaires in LHC-Forms (NLM's renderer, npm `lforms`):
//! answered by clicking its own radio buttons, the total it computes from our SDC
//! `calculatedExpression` must equal wellcheck's score for the same answers.

use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;

use serde_json::Value;
use wellcheck_core::catalogue;
use wellcheck_e2e::{Session, wellcheck};

#[tokio::test]
async fn lhc_forms_computes_the_same_totals() {
    let session = Session::start(1024, 768).await;
    let lforms = PathBuf::from(
        std::env::var("LFORMS_DIST").expect("LFORMS_DIST is set by cargo xtask test"),
    );
    let pages = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("lhc");
    let (address, _server) = xtask::site::spawn_plain(
        &[("/", pages), ("/lforms", lforms)],
        SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
    )
    .await
    .expect("serving LHC-Forms");
    for (id, answers, score_id) in [
        ("ucla-3", "2,3,2", "total"),
        ("phq-9", "1,2,0,3,1,0,2,1,0", "total"),
        ("gad-7", "3,2,2,1,0,1,2", "total"),
        ("who-5", "3,4,1,2,5", "raw"),
        ("who-5", "3,4,1,2,5", "percentage"),
        ("phq-4", "2,1,0,3", "total"),
        ("phq-4", "2,1,0,3", "anxiety"),
    ] {
        session
            .client
            .goto(&format!("http://{address}/index.html"))
            .await
            .unwrap();
        session
            .wait_for("window.LForms && window.LForms.Util && window.LForms.Util.addFormToPage")
            .await;
        let output = wellcheck(&["fhir", "questionnaire", id]);
        let questionnaire: Value = serde_json::from_slice(&output.stdout).unwrap();
        session
            .js(&format!(
                "LForms.Util.addFormToPage({questionnaire}, 'form'); return true;"
            ))
            .await;
        let instrument = catalogue::get(id).unwrap();
        let codes: Vec<i64> = answers
            .split(',')
            .map(|code| code.parse().unwrap())
            .collect();
        for (item, code) in instrument.items().iter().zip(&codes) {
            let label = item
                .option(*code)
                .and_then(|option| option.label())
                .unwrap();
            let selector = format!("lhc-item[id='item-{}/1']", item.id());
            session
                .wait_for(&format!("document.querySelector(\"{selector}\")"))
                .await;
            let clicked = session
                .js(&format!(
                    "const item = document.querySelector(\"{selector}\");
                     const radio = [...item.querySelectorAll('input[type=radio]')].find((input) => {{
                       const label = item.querySelector(`label[for='${{input.id}}']`) || input.closest('label');
                       // LHC-Forms adds each option's weight to its label, as in: Often - 3.
                       const text = label && label.textContent.trim();
                       return text === {label} || (text && text.startsWith({label} + ' - '));
                     }});
                     if (!radio) return [...item.querySelectorAll('label')].map((l) => l.textContent.trim());
                     radio.click();
                     return true;",
                    label = Value::String(label.to_owned())
                ))
                .await;
            assert_eq!(
                clicked,
                Value::Bool(true),
                "{id}: no radio labelled `{label}` in item {}; labels: {clicked}",
                item.id()
            );
        }
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        let response = session
            .js("return LForms.Util.getFormFHIRData('QuestionnaireResponse', 'R4', document.getElementById('form'));")
            .await;
        let computed = response["item"]
            .as_array()
            .and_then(|items| {
                items
                    .iter()
                    .find(|item| item["linkId"] == format!("score_{score_id}").as_str())
            })
            .map(|item| item["answer"][0].clone());
        let ours = wellcheck(&["score", id, "--answers", answers, "--json"]);
        let ours: Value = serde_json::from_slice(&ours.stdout).unwrap();
        let expected = ours["scores"][score_id]["value"].clone();
        assert!(
            expected.is_number(),
            "{id}: wellcheck has no {score_id} for {answers}"
        );
        let got = computed
            .as_ref()
            .and_then(|answer| answer.get("valueInteger").or(answer.get("valueDecimal")))
            .cloned();
        assert_eq!(
            got,
            Some(expected.clone()),
            "{id} {score_id}: LHC-Forms computed {computed:?}, wellcheck scores {expected}; response {response}"
        );
    }
    session.close().await;
}
