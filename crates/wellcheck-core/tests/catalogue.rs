//! The built-in catalogue: every definition file registered, sorted, parsed, tidily
//! formatted and named by its file, and an unknown id answered with the known ones.

use std::path::Path;

use wellcheck_core::Instrument;
use wellcheck_core::catalogue::{self, DEFINITIONS};

fn files_on_disk() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("instruments");
    let mut ids: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .filter_map(|name| name.strip_suffix(".json").map(str::to_owned))
        .collect();
    ids.sort();
    ids
}

#[test]
fn every_definition_file_is_registered() {
    let registered: Vec<String> = catalogue::ids().map(str::to_owned).collect();
    assert_eq!(
        registered,
        files_on_disk(),
        "instruments/*.json and catalogue::DEFINITIONS differ"
    );
}

#[test]
fn registry_is_sorted_by_id() {
    let ids: Vec<&str> = catalogue::ids().collect();
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    assert_eq!(ids, sorted);
}

#[test]
fn every_definition_parses_and_its_id_matches_its_file() {
    for (id, text) in DEFINITIONS {
        let instrument =
            Instrument::from_json(text).unwrap_or_else(|error| panic!("{id}: {error}"));
        assert_eq!(instrument.id(), *id, "the id inside {id}.json");
        assert!(catalogue::get(id).is_ok());
    }
}

#[test]
fn every_definition_file_is_tidily_formatted() {
    for (id, text) in DEFINITIONS {
        assert!(text.ends_with("}\n"), "{id}.json must end with one newline");
        assert!(!text.ends_with("\n\n"), "{id}.json ends with blank lines");
        for (number, line) in text.lines().enumerate() {
            let at = format!("{id}.json line {}", number + 1);
            assert!(!line.ends_with(' '), "{at}: trailing space");
            assert!(!line.contains('\t'), "{at}: tab (indent with two spaces)");
            let indent = line.len() - line.trim_start().len();
            assert_eq!(indent % 2, 0, "{at}: indent by two spaces");
        }
    }
}

#[test]
fn unknown_id_names_the_id_and_the_known_ones() {
    let error = catalogue::get("ucla-4").unwrap_err().to_string();
    assert!(error.contains("`ucla-4`"), "{error}");
    assert!(error.contains("ucla-3"), "{error}");
}
