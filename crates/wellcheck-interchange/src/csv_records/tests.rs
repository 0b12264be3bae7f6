//! Unit tests of the CSV parts from inside: escaping round trips, and quoting watched a
//! byte at a time.

use super::*;

#[test]
fn escaping_round_trips_and_neutralises_formulas() {
    for cell in [
        "=cmd|' /C calc'!A0",
        "+1",
        "-2+3",
        "@SUM(A1)",
        "\t=1",
        "\r=1",
        "'=1",
        "''=1",
        "'plain",
        "plain",
        "",
    ] {
        let escaped = escape(cell);
        assert!(
            !matches!(
                escaped.as_bytes().first(),
                Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
            ),
            "{cell:?} -> {escaped:?}"
        );
        assert_eq!(unescape(&escaped), cell, "{cell:?}");
    }
}

#[test]
fn calendar_dates() {
    assert!(dates::check("2024-02-29").is_ok());
    assert!(dates::check("2000-02-29").is_ok());
    for bad in [
        "2026-02-31",
        "2025-02-29",
        "1900-02-29",
        "0000-04-31",
        "0000-01-01",
        "2026-13-01",
        "2026-00-10",
        "2026-1-01",
        "2026/01/01",
        "２０２６-01-01",
    ] {
        assert!(dates::check(bad).is_err(), "{bad}");
    }
}
