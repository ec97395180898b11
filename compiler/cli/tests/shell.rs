//! `hbmod completions SHELL` and `hbmod man`: every subcommand appears in each script and page.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::process::Command;

const SUBCOMMANDS: &[&str] = &[
    "build",
    "diff",
    "catalog",
    "check",
    "fmt",
    "config",
    "init",
    "new",
    "explain",
    "lsp",
    "completions",
    "man",
];

fn hbmod(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_hbmod"))
        .args(args)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn completion_scripts_name_every_subcommand_in_every_shell() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = hbmod(&["completions", shell]);
        for subcommand in SUBCOMMANDS {
            assert!(
                script.contains(subcommand),
                "{shell} script lacks `{subcommand}`"
            );
        }
    }
    let bash = hbmod(&["completions", "bash"]);
    assert!(bash.contains("complete -F _hbmod"), "{bash}");
    assert!(bash.contains("--format"), "options are completed too");
}

#[test]
fn the_man_page_has_a_section_per_subcommand() {
    let page = hbmod(&["man"]);
    assert!(
        page.starts_with(".ie \\n(.g .ds Aq"),
        "roff: {}",
        &page[..80.min(page.len())]
    );
    assert!(page.contains(".TH hbmod 1"), "{page}");
    for subcommand in SUBCOMMANDS {
        assert!(
            page.contains(&format!(".TH hbmod-{subcommand} 1")),
            "no page for {subcommand}"
        );
    }
}

#[test]
fn an_unknown_shell_is_a_usage_error() {
    let out = Command::new(env!("CARGO_BIN_EXE_hbmod"))
        .args(["completions", "tcsh"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
