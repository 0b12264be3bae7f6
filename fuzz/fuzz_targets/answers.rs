//! Any answer text against every built-in instrument, then scoring whatever parses.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wellcheck_core::{Answers, catalogue, score};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for id in catalogue::ids() {
        let Ok(instrument) = catalogue::get(id) else {
            continue;
        };
        if let Ok(answers) = Answers::parse(&instrument, text) {
            let _ = score(&instrument, &answers);
        }
    }
});
