//! Any bytes given to the definition parser: it must answer with an instrument or a list
//! of problems, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wellcheck_core::Instrument;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(instrument) = Instrument::from_json(text) {
            // A definition that parses must also have computable score ranges.
            for position in 0..instrument.scores().len() {
                let _ = instrument.range_of(position);
            }
        }
    }
});
