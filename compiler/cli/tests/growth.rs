//! Inputs that once cost quadratic time or output (issue 11, defect 4), grown from 1× to 16×:
//! hbmod's time and output must grow about linearly. A linear pass takes ~16× as long at 16×
//! and a quadratic one ~256×; the test fails above 48× (time, best of three runs, so that a
//! busy machine does not fail it) or 20× (bytes written, which are exact).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// Runs `hbmod args... spec` on `text` in a fresh repository: (best time of 3, bytes written).
fn measure(text: &str, args: &[&str]) -> (Duration, usize) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    std::fs::create_dir(dir.path().join("dist")).unwrap();
    std::fs::write(dir.path().join("dist/index.html"), "hi\n").unwrap();
    std::fs::write(dir.path().join("spec.hb"), text).unwrap();
    let mut best = Duration::MAX;
    let mut written = 0;
    for _ in 0..3 {
        let start = Instant::now();
        let out = run(dir.path(), args);
        best = best.min(start.elapsed());
        written = out;
    }
    (best, written)
}

fn run(dir: &Path, args: &[&str]) -> usize {
    let out = Command::new(env!("CARGO_BIN_EXE_hbmod"))
        .current_dir(dir)
        .args(args)
        .arg("spec.hb")
        .args(["--color", "never"])
        .output()
        .unwrap();
    assert!(
        out.status.code().is_some_and(|code| code <= 2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout.len() + out.stderr.len()
}

/// Fails when going from `n` to `16 n` costs super-linearly more.
fn assert_linear(what: &str, args: &[&str], spec: impl Fn(usize) -> String, n: usize) {
    let (small_time, small_bytes) = measure(&spec(n), args);
    let (large_time, large_bytes) = measure(&spec(16 * n), args);
    let time_ratio = large_time.as_secs_f64() / small_time.as_secs_f64().max(1e-3);
    let byte_ratio = large_bytes as f64 / small_bytes.max(1) as f64;
    eprintln!(
        "{what}: {n} → {}: time {small_time:?} → {large_time:?} ({time_ratio:.1}×), output {small_bytes} → {large_bytes} bytes ({byte_ratio:.1}×)",
        16 * n
    );
    assert!(
        time_ratio < 48.0,
        "{what}: 16× the input took {time_ratio:.1}× the time"
    );
    assert!(
        byte_ratio < 20.0,
        "{what}: 16× the input wrote {byte_ratio:.1}× the output"
    );
}

const HEADER: &str = "service s < team = \"t\" >\n";

#[test]
fn duplicate_unclosed_instances_on_one_line() {
    assert_linear(
        "`spa site < ` repeated",
        &["build"],
        |n| format!("{HEADER}{}", "spa site < ".repeat(n)),
        250,
    );
}

#[test]
fn many_instances() {
    assert_linear(
        "queue instances",
        &["check"],
        |n| {
            let mut text = HEADER.to_string();
            for i in 0..n {
                text.push_str(&format!("queue q{i} < >\n"));
            }
            text
        },
        40,
    );
}

#[test]
fn blank_lines_under_fmt_check() {
    assert_linear(
        "trailing blank lines",
        &["fmt", "--check"],
        |n| format!("{HEADER}{}", "\n".repeat(n)),
        4_096,
    );
}

#[test]
fn one_very_long_line_of_errors() {
    assert_linear(
        "`a = ` repeated inside one instance",
        &["check"],
        |n| format!("{HEADER}spa web < {}>\n", "a = , ".repeat(n)),
        250,
    );
}
