//! Hostile input in (truncated corpus files, random token soup, absurd
//! nesting, huge files), no panic, no stack overflow and a sane result out:
//! `format` must return `Ok` or `Err`, never crash.

use std::fs;
use std::path::Path;

/// Tiny deterministic xorshift generator, so failures are reproducible.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn corpus_texts() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
        if let Ok(text) = fs::read_to_string(entry.path()) {
            out.push(text);
        }
    }
    out
}

#[test]
fn truncated_corpus_files_do_not_panic() {
    for text in corpus_texts() {
        let bounds: Vec<usize> = (0..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        // Every prefix of small files; an even sample of large ones.
        let step = (bounds.len() / 400).max(1);
        for &end in bounds.iter().step_by(step) {
            let prefix = text.get(..end).unwrap_or_default();
            let _ = hbmod_hcl::format(prefix);
            // Dropping a chunk from the middle makes unbalanced brackets.
            let suffix = text.get(end..).unwrap_or_default();
            let half = suffix
                .char_indices()
                .nth(suffix.chars().count() / 2)
                .map_or(0, |(i, _)| i);
            let _ = hbmod_hcl::format(&format!(
                "{prefix}{}",
                suffix.get(half..).unwrap_or_default()
            ));
        }
    }
}

#[test]
fn random_token_soup_does_not_panic() {
    const PIECES: &[&str] = &[
        "a", "b_1", "=", "==", "{", "}", "[", "]", "(", ")", "\"", "${", "%{", "~}", "}",
        "<<EOT\n", "<<-EOT\n", "EOT\n", "\n", "\r\n", " ", "\t", "#c\n", "//c\n", "/*", "*/", ",",
        ".", "...", "*", "-", "!", "?", ":", "=>", "1", "1.5e3", "for", "in", "if", "endif",
        "else", "endfor", "\\", "$", "%", "é", "日", "\u{301}", "\r", "&&", "||", "::", "<", ">=",
        "'", ";", "\u{feff}",
    ];
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for _ in 0..20_000 {
        let len = rng.below(40);
        let text: String = (0..len)
            .map(|_| PIECES.get(rng.below(PIECES.len())).copied().unwrap_or(""))
            .collect();
        if let Ok(out) = hbmod_hcl::format(&text) {
            // Whatever is accepted must format to a fixed point.
            assert_eq!(
                hbmod_hcl::format(&out).ok().as_deref(),
                Some(out.as_str()),
                "not idempotent on {text:?}"
            );
        }
    }
}

#[test]
fn random_bytes_do_not_panic() {
    let mut rng = Rng(42);
    for _ in 0..5_000 {
        let len = rng.below(64);
        let bytes: Vec<u8> = (0..len).map(|_| (rng.next() & 0x7f) as u8).collect();
        let text = String::from_utf8_lossy(&bytes);
        let _ = hbmod_hcl::format(&text);
    }
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    for (open, close) in [
        ("[", "]"),
        ("(", ")"),
        ("{a = ", "}"),
        ("f(", ")"),
        ("\"${", "}\""),
        ("-", ""),
        ("!", ""),
    ] {
        let text = format!("x = {}1{}\n", open.repeat(100_000), close.repeat(100_000));
        let err = hbmod_hcl::format(&text).err();
        assert!(
            err.is_some_and(|e| e.message.contains("nesting")),
            "{open}: expected a nesting error"
        );
    }
    let blocks = format!("{}{}", "a {\n".repeat(100_000), "}\n".repeat(100_000));
    assert!(hbmod_hcl::format(&blocks).is_err());
    // Moderate nesting is fine.
    let ok = format!("x = {}1{}\n", "[".repeat(200), "]".repeat(200));
    assert!(hbmod_hcl::format(&ok).is_ok());
}

#[test]
fn large_input_is_handled() {
    let mut text = String::new();
    for i in 0..50_000 {
        text.push_str(&format!(
            "locals {{\n  a{i} = {i}\n  bb = \"${{var.x}}\" # c\n  m = {{ k = [1, 2] }}\n}}\n"
        ));
    }
    let start = std::time::Instant::now();
    let out = hbmod_hcl::format(&text);
    assert!(out.is_ok());
    // Generous bound: a quadratic pass would take minutes here.
    assert!(start.elapsed().as_secs() < 60, "took {:?}", start.elapsed());
    // Pathological shapes that a naive scanner handles in quadratic time.
    for text in [
        format!("x = [{}", "/*x".repeat(300_000)),
        format!("y = ({}1)\n", "\n".repeat(300_000)),
        format!("z = \"{}\"\n", "$%".repeat(300_000)),
    ] {
        let start = std::time::Instant::now();
        let _ = hbmod_hcl::format(&text);
        assert!(start.elapsed().as_secs() < 20, "took {:?}", start.elapsed());
    }
}
