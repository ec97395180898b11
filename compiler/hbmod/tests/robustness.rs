//! Hostile bytes in (arbitrary data, invalid UTF-8, NUL, 100k-deep nesting, 10 MB lines):
//! the front end must return diagnostics, never panic, overflow the stack or hang.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::sync::mpsc;
use std::time::Duration;

use hbmod::diagnostic::{Code, Diagnostic};
use proptest::prelude::*;

/// A generous bound that only a hang or a quadratic blow-up can exceed.
const LIMIT: Duration = Duration::from_secs(60);

fn front_end(bytes: &[u8]) -> Vec<Diagnostic> {
    let (source, encoding_error) = hbmod::syntax::source_from_bytes("input.hb", bytes);
    if let Some(error) = encoding_error {
        return vec![error];
    }
    let (file, diagnostics) = hbmod::check_source(&source);
    if diagnostics.is_empty() {
        // Valid input must also survive the formatter, and format to a fixed point
        // (unless one element per line has pushed it past the size limit).
        let once = hbmod::syntax::format(&source, &file);
        if once.len() > hbmod::syntax::MAX_SOURCE_BYTES {
            return diagnostics;
        }
        let again = hbmod::SourceFile::new("input.hb", once.clone());
        let (file, diagnostics) = hbmod::check_source(&again);
        assert!(
            diagnostics.is_empty(),
            "formatted output has diagnostics: {once}"
        );
        assert_eq!(hbmod::syntax::format(&again, &file), once);
    }
    diagnostics
}

/// Runs the front end on a thread with a small stack, so deep recursion fails loudly here.
fn bounded(bytes: Vec<u8>) -> Vec<Diagnostic> {
    let (sender, receiver) = mpsc::channel();
    let worker = std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(move || {
            let _ = sender.send(front_end(&bytes));
        })
        .expect("thread");
    let result = receiver
        .recv_timeout(LIMIT)
        .expect("the front end did not return in time (or panicked)");
    worker.join().expect("no panic");
    result
}

fn codes(diagnostics: &[Diagnostic]) -> Vec<Code> {
    diagnostics.iter().map(|d| d.code).collect()
}

#[test]
fn invalid_utf8_is_a_positioned_diagnostic() {
    let diagnostics = bounded(b"spa web < folder = \"\xff\xfe\" >".to_vec());
    assert_eq!(codes(&diagnostics), vec![Code::HB0019]);
    assert_eq!(diagnostics[0].primary_span().start, 20);
}

#[test]
fn nul_bytes_are_refused() {
    let diagnostics = bounded(b"spa web <\0>".to_vec());
    assert_eq!(codes(&diagnostics), vec![Code::HB0019]);
}

#[test]
fn hundred_thousand_deep_nesting_is_refused_without_recursion() {
    for open in ["[", "{ a = ", "[{ a = "] {
        let mut text = String::from("spa web < a = ");
        text.push_str(&open.repeat(100_000));
        let diagnostics = bounded(text.into_bytes());
        assert_eq!(
            codes(&diagnostics),
            vec![Code::HB0018],
            "opening with {open:?}"
        );
    }
}

#[test]
fn ten_megabyte_lines_are_refused_quickly() {
    for byte in [b'a', b'"', b',', b'[', b'<', b'1', b'#'] {
        let diagnostics = bounded(vec![byte; 10 * 1024 * 1024]);
        assert_eq!(
            codes(&diagnostics),
            vec![Code::HB0027],
            "line of {:?}",
            char::from(byte)
        );
    }
}

#[test]
fn megabyte_inputs_parse() {
    // A quarter of the limit keeps debug-build test runs short; the release-built fuzz
    // target and `hbmod check` on generated files cover the full size.
    let size = hbmod::syntax::MAX_SOURCE_BYTES / 4;
    let cases: Vec<Vec<u8>> = vec![
        vec![b'a'; size],
        vec![b','; size],
        vec![b'<'; size],
        format!("spa web < a = \"{}\" >", "x".repeat(size - 30)).into_bytes(),
        format!("spa web < a = [{}] >", "1,".repeat((size - 30) / 2)).into_bytes(),
        format!("spa web < {} >", "a = 1, ".repeat((size - 30) / 7)).into_bytes(),
        "spa web <\n".repeat(size / 10).into_bytes(),
    ];
    for case in cases {
        let head: String = String::from_utf8_lossy(&case[..20]).into_owned();
        let _ = bounded(case);
        eprintln!("ok: {head}…");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = front_end(&bytes);
    }

    #[test]
    fn spec_like_text_never_panics(text in "([a-z_]{1,6}|[<>\\[\\]{},=.\"#\\\\ \n-]|[0-9]{1,3}(ms|s|m|MB|x)?|\"[a-z\\\\{}u0-9]{0,6}\"){0,60}") {
        let _ = front_end(text.as_bytes());
    }
}

#[test]
fn a_parameter_name_of_65536_characters_formats_without_a_panic() {
    // `{:<width$}` panics past 65,535 ("Formatting argument out of range"): the formatter
    // pads by hand. Two keys so that alignment pads the short one to the long one's width.
    let long = "a".repeat(65_536);
    let spec = format!("service s < team = \"t\" >\nspa web <\n  {long} = \"x\",\n  b = 1,\n>\n");
    let diagnostics = front_end(spec.as_bytes());
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
}
