//! Using the command: one clear line for bad input, help per command and the version,
//! `-` for standard input, and closed pipes ending quietly.

use std::process::Command;

use crate::support::{stderr, stdout, wellcheck, wellcheck_with_stdin};

/// Bad input: non-zero exit, exactly one line on stderr naming the problem, no panic.
pub(crate) fn assert_one_line_error(args: &[&str], fragment: &str) {
    let output = wellcheck(args);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{args:?}: {err}");
    assert_eq!(
        err.lines().count(),
        1,
        "{args:?} should print one line, printed:\n{err}"
    );
    assert!(err.starts_with("wellcheck: error: "), "{err}");
    assert!(
        err.contains(fragment),
        "{args:?}: expected `{fragment}` in {err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    assert!(
        output.stdout.is_empty(),
        "{args:?} printed to stdout on error"
    );
}

#[test]
fn bad_input_gets_one_clear_line() {
    assert_one_line_error(
        &["score", "ucla-9", "--answers", "1,1,1"],
        "unknown instrument `ucla-9`",
    );
    assert_one_line_error(
        &["score", "ucla-3", "--answers", "1,1"],
        "3 items but 2 answers",
    );
    assert_one_line_error(
        &["score", "ucla-3", "--answers", "1,1,1,1"],
        "3 items but 4 answers",
    );
    assert_one_line_error(
        &["score", "ucla-3", "--answers", "1,4,1"],
        "answer 2 (item `left_out`) is 4",
    );
    assert_one_line_error(
        &["score", "ucla-3", "--answers", "1,x,1"],
        "`x`, which is not a number",
    );
    assert_one_line_error(
        &["score", "ucla-3", "--answers", "1,1.5,1"],
        "`1.5`, which is not a number",
    );
    assert_one_line_error(
        &["score", "ucla-3", "--answers", "99999999999999999999,1,1"],
        "not a number",
    );
    assert_one_line_error(&["score", "ucla-3"], "needs --answers");
    assert_one_line_error(&["score"], "needs an instrument id");
    assert_one_line_error(&["score", "ucla-3", "--answers"], "missing argument");
    assert_one_line_error(
        &["score", "ucla-3", "--answers", "1,1,1", "--colour"],
        "--colour",
    );
    assert_one_line_error(&["frobnicate"], "unknown command `frobnicate`");
    assert_one_line_error(
        &["validate", "/no/such/file.json"],
        "cannot read /no/such/file.json",
    );
}

#[test]
fn usage_help_per_command_and_version() {
    let alone = wellcheck(&[]);
    assert!(alone.status.success());
    assert!(
        stdout(&alone).contains("wellcheck score <id> --answers"),
        "{}",
        stdout(&alone)
    );
    for args in [
        &["help", "score"][..],
        &["score", "--help"][..],
        &["score", "ucla-3", "-h"][..],
    ] {
        let output = wellcheck(args);
        assert!(output.status.success(), "{args:?}");
        let text = stdout(&output);
        assert!(
            text.starts_with("Usage:\n  wellcheck score <id>"),
            "{args:?}: {text}"
        );
        assert!(
            text.contains("Example:\n  wellcheck score ucla-3 --answers 2,3,2 --json"),
            "{text}"
        );
    }
    for command in ["list", "validate", "fhir", "csv", "help"] {
        let text = stdout(&wellcheck(&[command, "--help"]));
        assert!(text.contains("Example:"), "{command}: {text}");
    }
    let version = stdout(&wellcheck(&["--version"]));
    assert_eq!(
        version,
        format!("wellcheck {}\n", env!("CARGO_PKG_VERSION"))
    );
    assert_one_line_error(&["help", "frobnicate"], "no command `frobnicate`");
}

#[test]
fn a_dash_reads_standard_input() {
    let csv = b"client,date,instrument,answers\nA,2026-01-01,ucla-3,\"2,3,2\"\n";
    let output = wellcheck_with_stdin(&["csv", "-"], csv);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output).contains(",total,7,lonely,"),
        "{}",
        stdout(&output)
    );

    let definition = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../wellcheck-core/instruments/phq-9.json"
    ))
    .unwrap();
    let output = wellcheck_with_stdin(&["validate", "-"], &definition);
    assert!(
        stdout(&output).starts_with("-: valid definition of phq-9"),
        "{}",
        stdout(&output)
    );

    let bundle = wellcheck(&[
        "fhir",
        "response",
        "phq-9",
        "--answers",
        "1,0,2,0,3,0,0,0,1",
    ]);
    let output = wellcheck_with_stdin(&["fhir", "import", "phq-9", "-"], &bundle.stdout);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(stdout(&output), "1,0,2,0,3,0,0,0,1,-\n");
}

#[test]
fn a_closed_output_pipe_ends_quietly() {
    // Enough rows that the output is far larger than a pipe's buffer.
    let mut csv = String::from("client,date,instrument,answers\n");
    for n in 0..5_000 {
        csv.push_str(&format!("C{n},2026-01-01,phq-9,\"1,1,1,1,1,1,1,1,1\"\n"));
    }
    let dir = std::env::temp_dir().join(format!("wellcheck-cli-pipe-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let input = dir.join("many.csv");
    std::fs::write(&input, csv).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_wellcheck"))
        .args(["csv", input.to_str().unwrap()])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Read one line, as `head -1` would, then close the pipe.
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 64];
    std::io::Read::read_exact(&mut stdout, &mut first).unwrap();
    drop(stdout);
    let output = child.wait_with_output().unwrap();
    let err = stderr(&output);
    assert!(
        !err.contains("panicked") && !err.contains("Broken pipe"),
        "{err}"
    );
    assert_eq!(output.status.code(), Some(0), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_closed_error_pipe_ends_cleanly_too() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_wellcheck"))
        .args(["score", "nope", "--answers", "1"])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stderr.take());
    let status = child.wait().unwrap();
    assert_eq!(
        status.code(),
        Some(2),
        "a usage error, not a panic (101) or abort"
    );
}
