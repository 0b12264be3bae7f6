//! Batteries: several instruments in one sitting, defined in data.

use wellcheck_core::{Battery, DefinitionError, catalogue};

#[test]
fn social_prescribing_is_the_ons_loneliness_set_ons4_and_evs() {
    let battery = catalogue::battery("social-prescribing").unwrap();
    assert_eq!(
        battery.instruments(),
        ["ucla-3", "ons-loneliness", "ons4", "evs"]
    );
}

#[test]
fn every_battery_file_is_registered_and_valid() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("batteries");
    let mut on_disk: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|entry| {
            entry
                .unwrap()
                .file_name()
                .into_string()
                .unwrap()
                .strip_suffix(".json")
                .map(str::to_owned)
        })
        .collect();
    on_disk.sort();
    let registered: Vec<&str> = catalogue::battery_ids().collect();
    assert_eq!(registered, on_disk);
    for id in registered {
        assert_eq!(catalogue::battery(id).unwrap().id(), id);
    }
}

#[test]
fn a_battery_naming_unknown_or_repeated_instruments_is_refused() {
    let text = r#"{"format": 1, "id": "x", "name": "X", "description": "d", "instruments": ["ucla-3", "ucla-9", "ucla-3"], "extra": 1}"#;
    let error =
        Battery::from_json(text, |id| catalogue::ids().any(|known| known == id)).unwrap_err();
    let DefinitionError::Invalid(problems) = error else {
        panic!("{error:?}")
    };
    let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert!(
        lines.contains(&"$.instruments[1]: unknown instrument `ucla-9`".to_owned()),
        "{lines:#?}"
    );
    assert!(
        lines.contains(&"$.instruments[2]: `ucla-3` is listed twice".to_owned()),
        "{lines:#?}"
    );
    assert!(
        lines
            .iter()
            .any(|line| line.starts_with("$.extra: unknown field")),
        "{lines:#?}"
    );
}
