//! SNOMED CT concept identifiers: the shape a definition's `snomed` code must have.
//!
//! An SCTID is 6 to 18 digits, the last a Verhoeff check digit over the others, and the two
//! digits before it the partition: `00` for a concept in the international release, `10` for
//! a concept in an extension (the UK's codes end `…1000000xxx`). Source: SNOMED International,
//! "SNOMED CT Technical Implementation Guide", section 6.7 "SCTID data type" (partition
//! identifiers) and 6.7.3 "Check-digit computation" (Verhoeff's dihedral algorithm). A
//! mistyped digit fails the check, so a code that passes is at least a real concept's shape.

/// Verhoeff's multiplication table of the dihedral group D5.
const MULTIPLY: [[u8; 10]; 10] = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
    [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
    [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
    [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
    [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
    [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
    [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
    [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
    [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
];

/// Verhoeff's permutation table, by position modulo 8.
const PERMUTE: [[u8; 10]; 8] = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
    [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
    [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
    [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
    [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
    [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
    [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
];

/// Whether the digits, check digit last, pass Verhoeff's check.
fn verhoeff_holds(digits: &[u8]) -> bool {
    let mut check = 0_u8;
    for (position, digit) in digits.iter().rev().enumerate() {
        let permuted = PERMUTE
            .get(position % 8)
            .and_then(|row| row.get(usize::from(*digit)))
            .copied()
            .unwrap_or(0);
        check = MULTIPLY
            .get(usize::from(check))
            .and_then(|row| row.get(usize::from(permuted)))
            .copied()
            .unwrap_or(0);
    }
    check == 0
}

/// Checks that `code` is a SNOMED CT concept identifier, saying what is wrong if not.
pub fn check_concept_id(code: &str) -> Result<(), String> {
    if !(6..=18).contains(&code.len()) || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!(
            "`{}` is not a SNOMED CT identifier: it must be 6 to 18 digits",
            code.chars().take(40).collect::<String>()
        ));
    }
    if code.starts_with('0') {
        return Err(format!(
            "`{code}` is not a SNOMED CT identifier: it cannot start with 0"
        ));
    }
    let digits: Vec<u8> = code.bytes().map(|b| b - b'0').collect();
    let partition = code.get(code.len() - 3..code.len() - 1).unwrap_or_default();
    if partition != "00" && partition != "10" {
        return Err(format!(
            "`{code}` is not a SNOMED CT concept: its partition digits are {partition}, a concept's are 00 or 10"
        ));
    }
    if !verhoeff_holds(&digits) {
        return Err(format!(
            "`{code}` is not a SNOMED CT identifier: its check digit does not match (a digit mistyped?)"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::check_concept_id;

    #[test]
    fn real_concepts_pass_and_one_digit_changed_fails() {
        // Codes from NHS England's code usage file and NHS Digital's MHSDS table.
        for code in [
            "720433000",
            "836541000000100",
            "445455005",
            "1086511000000107",
        ] {
            assert_eq!(check_concept_id(code), Ok(()), "{code}");
            for at in 0..code.len() - 3 {
                let mut changed = code.as_bytes().to_vec();
                changed[at] = if changed[at] == b'9' {
                    b'1'
                } else {
                    changed[at] + 1
                };
                let changed = String::from_utf8(changed).expect("digits");
                let error = check_concept_id(&changed).expect_err(&changed);
                assert!(error.contains("check digit"), "{changed}: {error}");
            }
        }
    }

    #[test]
    fn shapes_that_are_not_concepts_are_named() {
        for (code, says) in [
            ("72043", "6 to 18 digits"),
            ("72043300A", "6 to 18 digits"),
            ("0720433000", "cannot start with 0"),
            ("720433020", "partition digits are 02"),
        ] {
            let error = check_concept_id(code).expect_err(code);
            assert!(error.contains(says), "{code}: {error}");
        }
    }
}
