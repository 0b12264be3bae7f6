//! `wellcheck validate`: every problem with its path, an organisation's licensed wording,
//! huge number ranges quickly, a byte order mark, and text from the file escaped.

use std::io::Write;

use crate::support::{stderr, stdout, wellcheck, wellcheck_with_stdin};

#[test]
fn validate_lists_every_problem_with_its_path() {
    let dir = std::env::temp_dir().join(format!("wellcheck-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let good = dir.join("good.json");
    std::fs::write(&good, wellcheck_core_definition()).unwrap();
    let output = wellcheck(&["validate", good.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stdout(&output).contains("valid definition of ucla-3"));

    let bad = dir.join("bad.json");
    let broken = wellcheck_core_definition()
        .replace("\"format\": 1", "\"format\": 7")
        .replace(
            "\"left_out\",\n      \"text\"",
            "\"left out\",\n      \"text\"",
        )
        .replace("\"id\": \"not_lonely\"", "\"id\": \"Not lonely\"");
    std::fs::File::create(&bad)
        .unwrap()
        .write_all(broken.as_bytes())
        .unwrap();
    let output = wellcheck(&["validate", bad.to_str().unwrap()]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(
        err.contains("problems in") && err.contains("(4 found)"),
        "{err}"
    );
    assert!(err.contains("$.format: format 7 is not supported"), "{err}");
    assert!(
        err.contains("$.items[1].id: `left out` is not a valid id"),
        "{err}"
    );
    assert!(
        err.contains("$.scores[0].rule.items[1]: no item with id `left_out`"),
        "{err}"
    );
    assert!(
        err.contains("$.scores[0].bands.list[0].id: `Not lonely` is not a valid id"),
        "{err}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

fn wellcheck_core_definition() -> String {
    include_str!("../../../wellcheck-core/instruments/ucla-3.json").to_owned()
}

#[test]
fn validate_for_checks_an_organisations_licensed_text() {
    let dir = std::env::temp_dir().join(format!("wellcheck-cli-text-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let items: serde_json::Map<String, serde_json::Value> = (1..=14)
        .map(|n| {
            (
                format!("item_{n:02}"),
                serde_json::json!(format!("FAKE WORDING {n}")),
            )
        })
        .collect();
    let labels: serde_json::Map<String, serde_json::Value> = (1..=5)
        .map(|n| (n.to_string(), serde_json::json!(format!("FAKE LABEL {n}"))))
        .collect();
    let mut text = serde_json::json!({
        "format": 1, "instrument": "wemwbs", "language": "en", "licence_reference": "TEST-1",
        "items": items, "responses": { "frequency_5": labels }
    });
    let good = dir.join("wemwbs-text.json");
    std::fs::write(&good, text.to_string()).unwrap();
    let output = wellcheck(&["validate", good.to_str().unwrap(), "--for", "wemwbs"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stdout(&output).contains("valid licensed text for wemwbs"));

    text["items"].as_object_mut().unwrap().remove("item_07");
    let bad = dir.join("wemwbs-bad.json");
    std::fs::write(&bad, text.to_string()).unwrap();
    let output = wellcheck(&["validate", bad.to_str().unwrap(), "--for", "wemwbs"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("$.items: missing text for item `item_07`"),
        "{}",
        stderr(&output)
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn validate_answers_quickly_on_huge_number_ranges() {
    let dir = std::env::temp_dir().join(format!("wellcheck-cli-ranges-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut definition: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../wellcheck-core/instruments/evs.json"
        ))
        .unwrap(),
    )
    .unwrap();
    definition["items"][1]["number"]["max"] = serde_json::json!(9_223_372_036_854_775_807_i64);
    let path = dir.join("huge.json");
    std::fs::write(&path, definition.to_string()).unwrap();
    let output = wellcheck(&["validate", path.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stderr(&output).contains(
            "$.items[1].number.max: 9223372036854775807 is beyond the largest number allowed here"
        ),
        "{}",
        stderr(&output)
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn validate_reads_a_file_saved_with_a_byte_order_mark() {
    let mut definition = "\u{feff}".as_bytes().to_vec();
    definition.extend(
        std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../wellcheck-core/instruments/ucla-3.json"
        ))
        .unwrap(),
    );
    let output = wellcheck_with_stdin(&["validate", "-"], &definition);
    assert!(output.status.success(), "{}", stderr(&output));
}

#[test]
fn validate_prints_text_from_the_file_escaped_and_refuses_hidden_or_blank_texts() {
    let mut definition: serde_json::Value =
        serde_json::from_str(&wellcheck_core_definition()).unwrap();
    // A zero-width space is not refused in a version, but it is printed escaped.
    definition["version"] = "1.0\u{200b}".into();
    let output = wellcheck_with_stdin(&["validate", "-"], definition.to_string().as_bytes());
    assert!(output.status.success(), "{}", stderr(&output));
    let said = stdout(&output);
    assert!(said.contains("version 1.0\\u{200b} "), "{said}");
    assert!(!said.contains('\u{200b}'), "{said}");
    // A terminal escape sequence or a direction override in a text is refused, and the
    // refusal itself prints nothing raw.
    for (field, text) in [
        ("version", "1.0\u{1b}]0;owned\u{7}"),
        ("name", "UCLA \u{202e}3"),
        ("name", "\u{200b}\u{2060}\u{00ad}"),
    ] {
        let mut bad = definition.clone();
        bad[field] = text.into();
        let output = wellcheck_with_stdin(&["validate", "-"], bad.to_string().as_bytes());
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{text:?}: {err}");
        assert!(err.contains(&format!("$.{field}")), "{text:?}: {err}");
        assert!(
            !err.chars()
                .any(|c| c.is_control() && c != '\n'
                    || wellcheck_core::text::is_invisible_or_bidi(c)),
            "{text:?}: raw characters in {err:?}"
        );
    }
}
