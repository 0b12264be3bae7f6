//! FHIR R4: Questionnaires from definitions, response Bundles, and import back into answers.
//! (Independent validation of the same output runs in `cargo xtask test`, with fhir.resources.)

use serde_json::{Value, json};
use wellcheck_core::{Answers, catalogue, score};
use wellcheck_interchange::fhir;

fn extremes(id: &str) -> Vec<Vec<Option<i64>>> {
    let instrument = catalogue::get(id).unwrap();
    [true, false]
        .iter()
        .map(|lowest| {
            instrument
                .items()
                .iter()
                .map(|item| {
                    if *lowest {
                        item.lowest()
                    } else {
                        item.highest()
                    }
                })
                .collect()
        })
        .collect()
}

#[test]
fn every_response_round_trips_through_a_questionnaire_response() {
    for id in catalogue::ids() {
        let instrument = catalogue::get(id).unwrap();
        for codes in extremes(id) {
            let answers = Answers::from_codes(&instrument, &codes).unwrap();
            let report = score(&instrument, &answers).unwrap();
            let bundle = fhir::bundle(&instrument, &answers, &report);
            let response = bundle["entry"][0]["resource"].to_string();
            let back = fhir::answers_from_response(&instrument, &response)
                .unwrap_or_else(|e| panic!("{id}: {e}"));
            let rescored = score(&instrument, &back).unwrap();
            assert_eq!(
                rescored.scores, report.scores,
                "{id}: scores after the round trip"
            );
            let asked: Vec<Option<i64>> = codes
                .iter()
                .enumerate()
                .map(|(index, value)| {
                    if instrument.is_enabled(index, &codes) {
                        *value
                    } else {
                        None
                    }
                })
                .collect();
            assert_eq!(
                back.values(),
                asked.as_slice(),
                "{id}: answers after the round trip"
            );
        }
    }
}

#[test]
fn questionnaire_carries_codes_weights_conditions_and_the_calculated_total() {
    let phq9 = fhir::questionnaire(&catalogue::get("phq-9").unwrap());
    assert_eq!(phq9["resourceType"], "Questionnaire");
    assert_eq!(
        phq9["code"][0],
        json!({ "system": "http://loinc.org", "code": "44249-1", "display": "Patient Health Questionnaire-9" })
    );
    let first = &phq9["item"][0];
    assert_eq!(first["code"][0]["code"], "44250-9");
    assert_eq!(first["answerOption"][1]["valueCoding"]["code"], "LA6569-3");
    assert_eq!(first["answerOption"][1]["extension"][0]["valueDecimal"], 1);
    let total = phq9["item"]
        .as_array()
        .unwrap()
        .iter()
        .find(|item| item["linkId"] == "score_total")
        .unwrap();
    assert_eq!(total["readOnly"], true);
    assert_eq!(total["code"][0]["code"], "44261-6");
    let expression = total["extension"][0]["valueExpression"]["expression"]
        .as_str()
        .unwrap();
    assert!(
        expression.contains("weight().sum()") && expression.contains("'thoughts_self_harm'"),
        "{expression}"
    );
    assert_eq!(
        phq9["item"][9]["required"], false,
        "the difficulty question is optional"
    );

    let evs = fhir::questionnaire(&catalogue::get("evs").unwrap());
    assert_eq!(
        evs["item"][1]["enableWhen"],
        json!([{ "question": "days_per_week", "operator": ">", "answerInteger": 0 }])
    );
    assert_eq!(evs["item"][1]["type"], "integer");
}

#[test]
fn licensed_questionnaires_carry_no_wording() {
    for id in ["wemwbs", "swemwbs", "ucla-20", "djg-6", "djg-11"] {
        let questionnaire = fhir::questionnaire(&catalogue::get(id).unwrap());
        for item in questionnaire["item"].as_array().unwrap() {
            if item["linkId"].as_str().unwrap().starts_with("score_") {
                continue;
            }
            assert!(
                item.get("text").is_none(),
                "{id} ships text for {}",
                item["linkId"]
            );
            for option in item["answerOption"].as_array().unwrap() {
                assert!(
                    option["valueCoding"].get("display").is_none(),
                    "{id} ships an answer label"
                );
            }
        }
    }
}

#[test]
fn bundle_has_an_observation_per_score_with_verified_codes_only() {
    let instrument = catalogue::get("phq-9").unwrap();
    let answers = Answers::parse(&instrument, "1,1,1,1,1,1,1,1,1").unwrap();
    let bundle = fhir::bundle(
        &instrument,
        &answers,
        &score(&instrument, &answers).unwrap(),
    );
    assert_eq!(bundle["type"], "collection");
    let observation = &bundle["entry"][1]["resource"];
    assert_eq!(
        observation["code"]["coding"],
        json!([
            { "system": "http://loinc.org", "code": "44261-6", "display": "Depression score" },
            // Confirmed in NHS England's "SNOMED code usage in primary care" 2023-24.
            { "system": "http://snomed.info/sct", "code": "720433000", "display": "Patient Health Questionnaire Nine Item score" },
        ])
    );
    assert_eq!(observation["valueInteger"], 9);
    assert_eq!(
        observation["interpretation"][0]["coding"][0]["code"],
        "mild"
    );
    assert_eq!(
        observation["derivedFrom"][0]["reference"],
        bundle["entry"][0]["fullUrl"]
    );
    // UCLA-3 has no verified code: the Observation says what it is in text only.
    let ucla3 = catalogue::get("ucla-3").unwrap();
    let answers = Answers::parse(&ucla3, "2,3,2").unwrap();
    let bundle = fhir::bundle(&ucla3, &answers, &score(&ucla3, &answers).unwrap());
    assert!(
        bundle["entry"][1]["resource"]["code"]
            .get("coding")
            .is_none()
    );
    assert_eq!(
        bundle["entry"][1]["resource"]["code"]["text"],
        "UCLA-3: Loneliness score"
    );
}

#[test]
fn bundles_are_deterministic() {
    let instrument = catalogue::get("who-5").unwrap();
    let answers = Answers::parse(&instrument, "3,3,3,2,2").unwrap();
    let report = score(&instrument, &answers).unwrap();
    assert_eq!(
        fhir::bundle(&instrument, &answers, &report),
        fhir::bundle(&instrument, &answers, &report)
    );
}

fn import_error(id: &str, response: &Value) -> String {
    let instrument = catalogue::get(id).unwrap();
    fhir::answers_from_response(&instrument, &response.to_string())
        .unwrap_err()
        .to_string()
}

#[test]
fn bad_responses_are_refused_naming_the_element() {
    let instrument = catalogue::get("ucla-3").unwrap();
    let answers = Answers::parse(&instrument, "2,3,2").unwrap();
    let good = fhir::bundle(
        &instrument,
        &answers,
        &score(&instrument, &answers).unwrap(),
    )["entry"][0]["resource"]
        .clone();

    let mut wrong = good.clone();
    wrong["questionnaire"] = json!("urn:wellcheck:questionnaire:phq-9|1");
    assert!(
        import_error("ucla-3", &wrong)
            .starts_with("$.questionnaire: is `urn:wellcheck:questionnaire:phq-9|1`")
    );

    let mut unknown = good.clone();
    unknown["item"][1]["linkId"] = json!("feeling_down");
    assert_eq!(
        import_error("ucla-3", &unknown),
        "$.item[1].linkId: ucla-3 has no item `feeling_down`"
    );

    let mut bad_code = good.clone();
    bad_code["item"][2]["answer"][0]["valueCoding"]["code"] = json!("7");
    assert!(
        import_error("ucla-3", &bad_code).starts_with("$.item[2].answer[0].valueCoding: "),
        "{}",
        import_error("ucla-3", &bad_code)
    );

    let mut two = good.clone();
    two["item"][0]["answer"] = json!([good["item"][0]["answer"][0], good["item"][0]["answer"][0]]);
    assert_eq!(
        import_error("ucla-3", &two),
        "$.item[0].answer: expected exactly one answer, found 2"
    );

    assert!(
        import_error("ucla-3", &json!({ "resourceType": "Patient" })).starts_with("$.resourceType")
    );
    let instrument = catalogue::get("ucla-3").unwrap();
    assert!(
        fhir::answers_from_response(&instrument, "{not json")
            .unwrap_err()
            .to_string()
            .contains("not valid JSON")
    );
}

fn response_for(id: &str, answers: &str) -> Value {
    let instrument = catalogue::get(id).unwrap();
    let answers = Answers::parse(&instrument, answers).unwrap();
    fhir::bundle(
        &instrument,
        &answers,
        &score(&instrument, &answers).unwrap(),
    )["entry"][0]["resource"]
        .clone()
}

#[test]
fn a_link_id_answered_twice_is_refused_not_overwritten() {
    // PHQ-9 item 9 "Several days" then "Not at all": taking the last would lose the flag.
    let mut response = response_for("phq-9", "0,0,0,0,0,0,0,0,1");
    let items = response["item"].as_array_mut().unwrap();
    let mut again = items[8].clone();
    again["answer"] = response_for("phq-9", "0,0,0,0,0,0,0,0,0")["item"][8]["answer"].clone();
    items.insert(9, again);
    assert_eq!(
        import_error("phq-9", &response),
        "$.item[9].linkId: `thoughts_self_harm` is answered twice (first at $.item[8]); refusing to choose"
    );
}

#[test]
fn an_item_list_that_is_not_a_list_is_refused() {
    for (bad, found) in [
        (json!("x"), "a string"),
        (json!({}), "an object"),
        (json!(null), "null"),
    ] {
        let mut response = response_for("ucla-3", "2,3,2");
        response["item"] = bad;
        assert_eq!(
            import_error("ucla-3", &response),
            format!("$.item: must be a list of items, found {found}")
        );
    }
    let mut response = response_for("ucla-3", "2,3,2");
    response["item"][1] = json!("left_out");
    assert_eq!(
        import_error("ucla-3", &response),
        "$.item[1]: must be an item object, found a string"
    );
    let mut response = response_for("ucla-3", "2,3,2");
    response["item"][0]["answer"] = json!({ "valueInteger": 2 });
    assert_eq!(
        import_error("ucla-3", &response),
        "$.item[0].answer: must be a list, found an object"
    );
}

#[test]
fn nested_items_are_refused_not_ignored() {
    let mut response = response_for("ucla-3", "2,3,2");
    response["item"][1]["item"] = json!([response["item"][2].clone()]);
    assert_eq!(
        import_error("ucla-3", &response),
        "$.item[1].item: nested items are not part of ucla-3's questionnaire, which is flat"
    );
    let mut response = response_for("ucla-3", "2,3,2");
    response["item"][1]["answer"][0]["item"] = json!([response["item"][2].clone()]);
    assert!(import_error("ucla-3", &response).starts_with("$.item[1].answer[0].item: "));
}

#[test]
fn a_bundle_and_a_byte_order_mark_are_read() {
    let instrument = catalogue::get("phq-9").unwrap();
    let answers = Answers::parse(&instrument, "1,0,2,0,3,0,0,0,1").unwrap();
    let bundle = fhir::bundle(
        &instrument,
        &answers,
        &score(&instrument, &answers).unwrap(),
    );
    let text = format!("\u{feff}{bundle}");
    let back = fhir::answers_from_response(&instrument, &text).unwrap();
    assert_eq!(back.values(), answers.values());

    let empty = json!({ "resourceType": "Bundle", "type": "collection", "entry": [] });
    assert_eq!(
        import_error("phq-9", &empty),
        "$.entry: the Bundle holds no QuestionnaireResponse"
    );
    let mut twice = bundle.clone();
    let first = twice["entry"][0].clone();
    twice["entry"].as_array_mut().unwrap().push(first);
    assert!(
        import_error("phq-9", &twice).contains("holds 2 QuestionnaireResponses"),
        "{}",
        import_error("phq-9", &twice)
    );
}

#[test]
fn a_response_in_error_of_another_version_or_with_modifiers_is_refused() {
    let good = response_for("ucla-3", "2,3,2");
    let mut in_error = good.clone();
    in_error["status"] = json!("entered-in-error");
    assert!(import_error("ucla-3", &in_error).starts_with("$.status: is entered-in-error"));

    let mut old = good.clone();
    old["questionnaire"] = json!("urn:wellcheck:questionnaire:ucla-3|ancient-0.1");
    assert!(
        import_error("ucla-3", &old)
            .starts_with("$.questionnaire: answers version `ancient-0.1` of ucla-3"),
        "{}",
        import_error("ucla-3", &old)
    );

    for path in ["", "/item/0", "/item/0/answer/0"] {
        let mut modified = good.clone();
        modified
            .pointer_mut(if path.is_empty() { "" } else { path })
            .unwrap()["modifierExtension"] =
            json!([{ "url": "http://example.org/negated", "valueBoolean": true }]);
        assert!(
            import_error("ucla-3", &modified).contains(".modifierExtension: changes the meaning")
        );
    }

    let mut two_values = good.clone();
    two_values["item"][0]["answer"][0]["valueInteger"] = json!(3);
    assert_eq!(
        import_error("ucla-3", &two_values),
        "$.item[0].answer[0]: holds 2 values (valueCoding, valueInteger); an answer has exactly one"
    );
}

#[test]
fn an_unanswered_item_imports_as_unanswered_and_an_answer_not_asked_is_refused() {
    let instrument = catalogue::get("ucla-3").unwrap();
    let mut skipped = response_for("ucla-3", "2,3,2");
    skipped["item"][1].as_object_mut().unwrap().remove("answer");
    let back = fhir::answers_from_response(&instrument, &skipped.to_string()).unwrap();
    assert_eq!(back.values(), [Some(2), None, Some(2)]);

    let mut not_asked = response_for("evs", "3,50");
    not_asked["item"][0]["answer"][0]["valueInteger"] = json!(0);
    assert_eq!(
        import_error("evs", &not_asked),
        "$.item[1]: `minutes_per_day` is answered, but the other answers say it is not asked (enableWhen)"
    );
}

#[test]
fn a_response_without_a_valid_status_or_with_a_modified_entry_is_refused() {
    for (status, message) in [
        (
            json!("ENTERED-IN-ERROR"),
            "$.status: `ENTERED-IN-ERROR` is not a QuestionnaireResponse status",
        ),
        (
            json!("bogus"),
            "$.status: `bogus` is not a QuestionnaireResponse status",
        ),
        (Value::Null, "$.status: is missing"),
    ] {
        let mut response = response_for("ucla-3", "2,3,2");
        if status.is_null() {
            response.as_object_mut().unwrap().remove("status");
        } else {
            response["status"] = status;
        }
        assert!(
            import_error("ucla-3", &response).starts_with(message),
            "{}",
            import_error("ucla-3", &response)
        );
    }
    let instrument = catalogue::get("ucla-3").unwrap();
    let answers = Answers::parse(&instrument, "2,3,2").unwrap();
    let mut bundle = fhir::bundle(
        &instrument,
        &answers,
        &score(&instrument, &answers).unwrap(),
    );
    bundle["entry"][0]["modifierExtension"] =
        json!([{ "url": "http://example.org/x", "valueBoolean": true }]);
    assert!(import_error("ucla-3", &bundle).starts_with("$.entry[0].modifierExtension: "));
}

/// What the widget's FHIR module does with a result object: the Bundle `fhir::bundle`
/// makes for the same form, for every instrument, both extremes and each administration.
#[test]
fn a_result_object_gives_the_same_bundle_as_its_form() {
    let licensed_json = json!([crate::support::fake_swemwbs_text()]);
    let licensed = wellcheck_core::json_text::parse(&licensed_json.to_string()).unwrap();
    let mut compared = 0;
    for id in catalogue::ids() {
        let mut instrument = catalogue::get(id).unwrap();
        if !instrument.has_text() {
            if id != "swemwbs" {
                continue;
            }
            instrument =
                wellcheck_core::apply_licensed_text(&instrument, &licensed_json[0].to_string())
                    .unwrap();
        }
        for codes in extremes(id) {
            for administration in ["self", "on_behalf"] {
                let mut answers = Answers::from_codes(&instrument, &codes).unwrap();
                answers.set_administration(
                    wellcheck_core::Administration::parse(administration).unwrap(),
                );
                let report = score(&instrument, &answers).unwrap();
                // As the host's page holds it: the event's JSON text, read back.
                let result: Value = serde_json::from_str(&report.to_json()).unwrap();
                assert_eq!(
                    fhir::bundle_from_result(&result, &licensed).unwrap(),
                    fhir::bundle(&instrument, &answers, &report),
                    "{id} {administration}"
                );
                compared += 1;
            }
        }
    }
    assert!(compared >= 4 * 14, "{compared}");
}

const NONE: wellcheck_core::json_text::Value = wellcheck_core::json_text::Value::Null;

#[test]
fn a_changed_result_or_missing_wording_gives_no_bundle() {
    let instrument = catalogue::get("phq-9").unwrap();
    let answers = Answers::parse(&instrument, "1,1,1,1,1,1,1,1,0,1").unwrap();
    let result = score(&instrument, &answers).unwrap().to_json_value();
    assert!(fhir::bundle_from_result(&result, &NONE).is_ok());

    let mut raised = result.clone();
    raised["scores"]["total"]["value"] = json!(27);
    let error = fhir::bundle_from_result(&raised, &NONE).unwrap_err();
    assert!(error.contains("does not match"), "{error}");

    let mut unknown_answer = result.clone();
    unknown_answer["answers"]["little_interest"] = json!(7);
    let error = fhir::bundle_from_result(&unknown_answer, &NONE).unwrap_err();
    assert!(error.starts_with("$.answers"), "{error}");

    let mut no_answers = result.clone();
    no_answers.as_object_mut().unwrap().remove("answers");
    let error = fhir::bundle_from_result(&no_answers, &NONE).unwrap_err();
    assert_eq!(error, "$: the result has no `answers`");

    let swemwbs = catalogue::get("swemwbs").unwrap();
    let text = crate::support::fake_swemwbs_text();
    let filled = wellcheck_core::apply_licensed_text(&swemwbs, &text.to_string()).unwrap();
    let report = score(&filled, &Answers::parse(&filled, "3,3,3,3,3,3,3").unwrap()).unwrap();
    let error = fhir::bundle_from_result(&report.to_json_value(), &NONE).unwrap_err();
    assert!(error.contains("no longer supplies its wording"), "{error}");
    let mut other_licence = text.clone();
    other_licence["licence_reference"] = json!("ANOTHER-LICENCE");
    let other_licence = wellcheck_core::json_text::parse(&other_licence.to_string()).unwrap();
    let error = fhir::bundle_from_result(&report.to_json_value(), &other_licence).unwrap_err();
    assert!(error.contains("does not match"), "{error}");
}

#[test]
fn a_key_given_twice_in_one_object_is_refused_naming_it() {
    // Item 9's answer given twice in one item object: the text, not a JSON value, since a
    // JSON value cannot hold a key twice. serde_json alone would import the second.
    let response = response_for("phq-9", "0,0,0,0,0,0,0,0,1");
    let answer = response["item"][8]["answer"].to_string();
    let none = response_for("phq-9", "0,0,0,0,0,0,0,0,0")["item"][8]["answer"].to_string();
    let text = response.to_string();
    let doubled = text.replacen(
        &format!("\"answer\":{answer}"),
        &format!("\"answer\":{answer},\"answer\":{none}"),
        1,
    );
    assert_ne!(doubled, text);
    let instrument = catalogue::get("phq-9").unwrap();
    let error = fhir::answers_from_response(&instrument, &doubled)
        .unwrap_err()
        .to_string();
    assert!(
        error.starts_with("$.item[8]: the key `answer` appears twice in one object"),
        "{error}"
    );
}

#[test]
fn uk_scores_carry_their_snomed_code_beside_loinc_with_snomeds_own_term() {
    for (id, code, term) in [
        (
            "gad-7",
            "445455005",
            "Generalized anxiety disorder 7 item score",
        ),
        (
            "phq-2",
            "836541000000100",
            "Patient health questionnaire 2 score",
        ),
        (
            "wemwbs",
            "718426000",
            "Warwick-Edinburgh Mental Well-being Scale score",
        ),
        (
            "swemwbs",
            "718466001",
            "Short Warwick-Edinburgh Mental Well-being Scale score",
        ),
    ] {
        let instrument = catalogue::get(id).unwrap();
        let codes = &extremes(id)[1];
        let answers = Answers::from_codes(&instrument, codes).unwrap();
        let bundle = fhir::bundle(
            &instrument,
            &answers,
            &score(&instrument, &answers).unwrap(),
        );
        let coding = bundle["entry"][1]["resource"]["code"]["coding"]
            .as_array()
            .unwrap()
            .clone();
        let snomed: Vec<&Value> = coding
            .iter()
            .filter(|c| c["system"] == "http://snomed.info/sct")
            .collect();
        assert_eq!(
            snomed,
            [&json!({ "system": "http://snomed.info/sct", "code": code, "display": term })],
            "{id}"
        );
        if id != "wemwbs" && id != "swemwbs" {
            assert!(
                coding.iter().any(|c| c["system"] == "http://loinc.org"),
                "{id}: LOINC kept"
            );
        }
        // The questionnaire's score item carries the same codes.
        let questionnaire = fhir::questionnaire(&instrument);
        let item = questionnaire["item"]
            .as_array()
            .unwrap()
            .iter()
            .find(|item| item["linkId"].as_str().unwrap().starts_with("score_"))
            .unwrap();
        assert!(
            item["code"]
                .as_array()
                .unwrap()
                .iter()
                .any(|c| c["code"] == code),
            "{id}"
        );
    }
    // SWEMWBS's metric score is not the coded one.
    let instrument = catalogue::get("swemwbs").unwrap();
    let answers = Answers::from_codes(&instrument, &extremes("swemwbs")[1]).unwrap();
    let bundle = fhir::bundle(
        &instrument,
        &answers,
        &score(&instrument, &answers).unwrap(),
    );
    assert!(
        bundle["entry"][2]["resource"]["code"]
            .get("coding")
            .is_none()
    );
}

#[test]
fn gppaq_is_filed_as_the_index_with_its_category_as_the_coded_value() {
    let instrument = catalogue::get("gppaq").unwrap();
    for (codes, band, value_code) in [
        (&extremes("gppaq")[0], "inactive", "366121000000108"),
        (&extremes("gppaq")[1], "active", "366241000000106"),
    ] {
        let answers = Answers::from_codes(&instrument, codes).unwrap();
        let report = score(&instrument, &answers).unwrap();
        assert_eq!(report.scores[0].band.as_deref(), Some(band));
        let bundle = fhir::bundle(&instrument, &answers, &report);
        let observation = &bundle["entry"][1]["resource"];
        assert_eq!(observation["code"]["coding"][0]["code"], "1086511000000107");
        let value = &observation["valueCodeableConcept"];
        assert_eq!(value["coding"][0]["system"], "http://snomed.info/sct");
        assert_eq!(value["coding"][0]["code"], value_code);
        assert_eq!(
            value["coding"][1]["code"], band,
            "the wellcheck band code too"
        );
        assert!(observation.get("valueInteger").is_none(), "one value only");
        // The index number stays in the QuestionnaireResponse.
        let response = &bundle["entry"][0]["resource"];
        assert!(
            response["item"]
                .as_array()
                .unwrap()
                .iter()
                .any(|item| item["linkId"] == "score_activity_index")
        );
    }
}
