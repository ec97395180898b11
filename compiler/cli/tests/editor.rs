//! The editor support in compiler/editors/vscode: the TextMate grammar's tests pass under
//! vscode-tmgrammar-test (and a wrong assertion fails, so the runner really checks), and the
//! extension folder packages into a .vsix holding the grammar, the language configuration and
//! the client. The runner comes from `HBMOD_TMGRAMMAR_TEST` or
//! `~/.cache/hbmod-ci/node/node_modules/.bin/vscode-tmgrammar-test` (`.ci/run` installs it);
//! without it the grammar test skips with one line, unless `HBMOD_REQUIRE_TOOLS` is set.
//! Packaging needs npm and its registry, and skips with a line when they are not reachable.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

#[path = "support/skip.rs"]
mod skip;

use std::path::{Path, PathBuf};
use std::process::Command;

fn extension() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../editors/vscode")
        .canonicalize()
        .unwrap()
}

fn runner() -> Option<PathBuf> {
    let found = std::env::var_os("HBMOD_TMGRAMMAR_TEST")
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME").map(|home| {
                Path::new(&home)
                    .join(".cache/hbmod-ci/node/node_modules/.bin/vscode-tmgrammar-test")
            })
        })
        .filter(|path| path.is_file());
    if found.is_none() && std::env::var_os("HBMOD_REQUIRE_TOOLS").is_some() {
        panic!("vscode-tmgrammar-test is required (HBMOD_REQUIRE_TOOLS is set): `npm install --prefix ~/.cache/hbmod-ci/node vscode-tmgrammar-test@0.1.3`");
    }
    found
}

fn text(out: &std::process::Output) -> String {
    format!(
        "exit {:?}\n{}{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn the_grammar_passes_its_tests_and_a_wrong_assertion_fails() {
    let Some(runner) = runner() else {
        skip::skip("vscode-tmgrammar-test is not installed (see the top of this file)");
        return;
    };
    let out = Command::new(&runner)
        .current_dir(extension())
        .args(["-g", "syntaxes/hbmod.tmLanguage.json", "tests/sample.hb"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));

    let scratch = tempfile::tempdir().unwrap();
    let wrong = scratch.path().join("wrong.hb");
    std::fs::write(
        &wrong,
        "# SYNTAX TEST \"source.hbmod\" \"a module is not a keyword\"\nspa web <\n# <--- keyword.other.hbmod\n>\n",
    )
    .unwrap();
    let out = Command::new(&runner)
        .current_dir(extension())
        .arg("-g")
        .arg("syntaxes/hbmod.tmLanguage.json")
        .arg(&wrong)
        .output()
        .unwrap();
    assert!(!out.status.success(), "{}", text(&out));
}

#[test]
fn the_extension_declares_the_grammar_and_the_language_server() {
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(extension().join("package.json")).unwrap())
            .unwrap();
    let grammar = manifest["contributes"]["grammars"][0]["path"]
        .as_str()
        .unwrap();
    let grammar: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(extension().join(grammar)).unwrap()).unwrap();
    assert_eq!(grammar["scopeName"], "source.hbmod");
    assert_eq!(
        manifest["contributes"]["languages"][0]["extensions"][0],
        ".hb"
    );
    let configuration = manifest["contributes"]["languages"][0]["configuration"]
        .as_str()
        .unwrap();
    let configuration: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(extension().join(configuration)).unwrap())
            .unwrap();
    assert_eq!(configuration["comments"]["lineComment"], "#");
    let client = std::fs::read_to_string(extension().join("extension.js")).unwrap();
    assert!(
        client.contains("args: [\"lsp\"]"),
        "the client starts `hbmod lsp`"
    );
}

#[test]
fn the_extension_packages_into_a_vsix() {
    let npm_found = Command::new("npm")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !npm_found {
        skip::skip("npm is not on PATH");
        return;
    }
    let scratch = tempfile::tempdir().unwrap();
    let copy = scratch.path().join("vscode");
    let status = Command::new("cp")
        .arg("-r")
        .arg(extension())
        .arg(&copy)
        .status()
        .unwrap();
    assert!(status.success());
    let _ = std::fs::remove_dir_all(copy.join("node_modules"));
    let install = Command::new("npm")
        .current_dir(&copy)
        .args(["ci", "--no-audit", "--no-fund", "--ignore-scripts"])
        .output()
        .unwrap();
    if !install.status.success() {
        skip::skip("`npm ci` could not reach the npm registry");
        return;
    }
    let package = Command::new("npx")
        .current_dir(&copy)
        .args([
            "vsce",
            "package",
            "--allow-missing-repository",
            "-o",
            "hbmod.vsix",
        ])
        .output()
        .unwrap();
    assert!(package.status.success(), "{}", text(&package));
    let file = std::fs::File::open(copy.join("hbmod.vsix")).unwrap();
    let archive = zip::ZipArchive::new(file).unwrap();
    let names: Vec<&str> = archive.file_names().collect();
    for expected in [
        "extension/package.json",
        "extension/extension.js",
        "extension/language-configuration.json",
        "extension/syntaxes/hbmod.tmLanguage.json",
        "extension/node_modules/vscode-languageclient/package.json",
    ] {
        assert!(
            names.contains(&expected),
            "{expected} missing from {names:?}"
        );
    }
    assert!(
        !names.iter().any(|n| n.starts_with("extension/tests/")),
        "{names:?}"
    );
}
