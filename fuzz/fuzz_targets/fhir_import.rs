//! Any bytes imported as a QuestionnaireResponse (or a Bundle) for every built-in
//! instrument: answers or an error with a path, never a panic; imported answers score.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wellcheck_core::{catalogue, score};
use wellcheck_interchange::fhir;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for id in catalogue::ids() {
        let Ok(instrument) = catalogue::get(id) else {
            continue;
        };
        match fhir::answers_from_response(&instrument, text) {
            Ok(answers) => {
                let _ = score(&instrument, &answers);
            }
            Err(error) => assert!(error.path.starts_with('$'), "{error}"),
        }
    }
});
