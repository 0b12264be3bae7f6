//! The definition hash recorded in every result, so a result can be traced to the exact
//! definition text that produced it (also the seed of FHIR ids, in `wellcheck-interchange`).

use std::fmt::Write;

use sha2::{Digest, Sha256};

/// `sha256:` followed by the lowercase hex digest.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut text = String::with_capacity(7 + 64);
    text.push_str("sha256:");
    for byte in digest {
        // `{:02x}` of one byte cannot fail to write into a String.
        let _ = write!(text, "{byte:02x}");
    }
    text
}
