//! `hbmod --help` in, its first line out: the command's own doc comment, not the crate description.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::Command;

#[test]
fn help_opens_with_the_doc_comment() {
    let out = Command::new(env!("CARGO_BIN_EXE_hbmod"))
        .arg("--help")
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        text.lines().next(),
        Some("hbmod: a few lines of spec in, your platform team's Terraform out.")
    );
    // It says what hbmod does for its user and where to start, not how it is built.
    assert!(text.contains("Start with `hbmod init`"), "{text}");
    assert!(!text.contains("library"), "{text}");
}
