//! Any licensed-text file against every licensed instrument.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wellcheck_core::definition::LicenceClass;
use wellcheck_core::{apply_licensed_text, catalogue};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for id in catalogue::ids() {
        let Ok(instrument) = catalogue::get(id) else {
            continue;
        };
        if instrument.licence() == LicenceClass::Licensed {
            let _ = apply_licensed_text(&instrument, text);
        }
    }
});
