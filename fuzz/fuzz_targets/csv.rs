//! Any bytes read as a forms CSV: every row gives records or problems, never a panic; and
//! whatever reads cleanly writes out and reads back to the same records.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wellcheck_interchange::csv_records::{FormReader, read, write};

fuzz_target!(|data: &[u8]| {
    if let Ok(mut reader) = FormReader::new(data) {
        while reader.next_row().is_some() {}
    }
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(records) = read(text) {
        let written = write(&records);
        assert_eq!(read(&written).ok(), Some(records), "round trip of {text:?}");
    }
});
