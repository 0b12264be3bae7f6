//! Running the real `wellcheck` binary, shared by the CLI test files.
#![allow(dead_code, reason = "each test file uses some of these")]

use std::io::Write;
use std::process::{Command, Output};

pub fn wellcheck(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_wellcheck"))
        .args(args)
        .output()
        .unwrap()
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

pub fn wellcheck_with_stdin(args: &[&str], input: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_wellcheck"))
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}
