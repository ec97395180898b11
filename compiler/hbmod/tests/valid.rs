//! Every valid spec in the repository (examples/ and corpus/valid/) in: each checks clean,
//! formatting it is idempotent and keeps every comment.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::{Path, PathBuf};

use hbmod::source::SourceFile;

fn specs() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    for dir in [root.join("tests/corpus/valid"), root.join("../../examples")] {
        collect(&dir, &mut out);
    }
    out.sort();
    assert!(!out.is_empty(), "no valid specs found");
    out
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "hb") {
            out.push(path);
        }
    }
}

/// The formatted text and the comments of the input, in order.
fn format(name: &str, text: &str) -> (String, Vec<String>) {
    let source = SourceFile::new(name, text);
    let (file, diagnostics) = hbmod::check_source(&source);
    assert!(
        diagnostics.is_empty(),
        "{name} has diagnostics:\n{}",
        hbmod::diagnostic::render::human(&source, &diagnostics, false)
    );
    let comments = file
        .comments
        .iter()
        .map(|c| source.slice(c.span).trim_end().to_string())
        .collect();
    (hbmod::syntax::format(&source, &file), comments)
}

#[test]
fn valid_specs_check_clean_and_format_idempotently() {
    for path in specs() {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(&path).expect("readable spec");
        let (once, comments) = format(&name, &text);
        let (twice, comments_after) = format(&name, &once);
        assert_eq!(once, twice, "{name}: fmt(fmt(x)) != fmt(x)");
        assert_eq!(
            comments, comments_after,
            "{name}: fmt lost, changed or reordered a comment"
        );
    }
}

#[test]
fn examples_are_formatted() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let mut paths = Vec::new();
    collect(&root, &mut paths);
    for path in paths {
        let text = std::fs::read_to_string(&path).expect("readable spec");
        let name = path.display().to_string();
        assert_eq!(
            format(&name, &text).0,
            text,
            "{name} is not formatted: run `hbmod fmt`"
        );
    }
}
