//! Two texts in, a unified line diff out (`---`/`+++` headers, `@@` hunks, 3 lines of
//! context), in bounded time: one helper for `fmt --check`, `build --check`, `hbmod diff` and
//! catalog publishing.
//!
//! A minimal diff (Myers) costs O((N + M) · D) for D differing lines, which is quadratic when
//! most lines differ: 32,768 blank lines took seconds. So lines common to both ends are
//! trimmed first, and when the rest is larger than `MINIMAL_LIMIT` lines it is shown as one
//! hunk that removes the old middle and adds the new one: still a correct patch, found in
//! linear time, and the same bytes on every machine (no deadline).

use std::fmt::Write as _;

/// Differing lines (old + new, after trimming the common ends) up to which the diff is minimal.
pub const MINIMAL_LIMIT: usize = 4_000;

/// Lines of context around each change.
const CONTEXT: usize = 3;

/// The unified diff from `old` to `new`, with `from` and `to` in the headers; empty when the
/// texts are equal.
pub fn unified(old: &str, new: &str, from: &str, to: &str) -> String {
    if old == new {
        return String::new();
    }
    let old_lines: Vec<&str> = old.split_inclusive('\n').collect();
    let new_lines: Vec<&str> = new.split_inclusive('\n').collect();
    let prefix = old_lines
        .iter()
        .zip(&new_lines)
        .take_while(|(a, b)| a == b)
        .count();
    let suffix = old_lines
        .get(prefix..)
        .unwrap_or_default()
        .iter()
        .rev()
        .zip(new_lines.get(prefix..).unwrap_or_default().iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let changed = old_lines.len() + new_lines.len() - 2 * (prefix + suffix);
    if changed <= MINIMAL_LIMIT {
        return similar::TextDiff::from_lines(old, new)
            .unified_diff()
            .context_radius(CONTEXT)
            .header(from, to)
            .to_string();
    }
    one_hunk(&old_lines, &new_lines, prefix, suffix, from, to)
}

/// One hunk replacing `old[prefix..len - suffix]` by `new[prefix..len - suffix]`.
fn one_hunk(
    old: &[&str],
    new: &[&str],
    prefix: usize,
    suffix: usize,
    from: &str,
    to: &str,
) -> String {
    let start = prefix.saturating_sub(CONTEXT);
    let old_end = (old.len() - suffix + CONTEXT).min(old.len());
    let new_end = (new.len() - suffix + CONTEXT).min(new.len());
    let mut out = format!("--- {from}\n+++ {to}\n");
    let _ = writeln!(
        out,
        "@@ -{} +{} @@",
        range(start, old_end - start),
        range(start, new_end - start)
    );
    let mut line = |mark: char, text: &str| {
        out.push(mark);
        out.push_str(text);
        if !text.ends_with('\n') {
            out.push_str("\n\\ No newline at end of file\n");
        }
    };
    let parts = [
        (' ', old, start..prefix),
        ('-', old, prefix..old.len() - suffix),
        ('+', new, prefix..new.len() - suffix),
        (' ', old, old.len() - suffix..old_end),
    ];
    for (mark, from, range) in parts {
        for text in from.get(range).unwrap_or_default() {
            line(mark, text);
        }
    }
    out
}

/// A hunk range as unified diff writes it: `start,count` (1-based; `start-1,0` when empty).
fn range(start: usize, count: usize) -> String {
    match count {
        0 => format!("{start},0"),
        1 => format!("{}", start + 1),
        _ => format!("{},{count}", start + 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_texts_have_no_diff() {
        assert_eq!(unified("a\n", "a\n", "x", "y"), "");
    }

    #[test]
    fn small_changes_get_a_minimal_diff() {
        let diff = unified("a\nb\nc\n", "a\nB\nc\n", "old", "new");
        assert_eq!(diff, "--- old\n+++ new\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n");
    }

    #[test]
    fn a_huge_change_is_one_hunk_that_still_applies() {
        let old = format!("head\n{}tail\n", "\n".repeat(50_000));
        let new = "head\n\ntail\n".to_string();
        // Under the limit both ends are trimmed; well over it, one hunk in linear time.
        let diff = unified(&old, &new, "a", "b");
        assert!(
            diff.starts_with("--- a\n+++ b\n@@ -1,50002 +1,3 @@\n head\n \n-\n"),
            "{}",
            &diff[..80]
        );
        // 49,999 removed blank lines and the `---` header.
        assert_eq!(diff.lines().filter(|l| l.starts_with('-')).count(), 50_000);
        assert!(diff.ends_with("-\n tail\n"));
        assert_eq!(apply(&old, &diff), new);
    }

    #[test]
    fn a_missing_final_newline_is_marked() {
        let old = "x\n".repeat(MINIMAL_LIMIT) + "end";
        let new = "y\n".repeat(MINIMAL_LIMIT) + "end\n";
        let diff = unified(&old, &new, "a", "b");
        assert!(diff.contains("-end\n\\ No newline at end of file\n"));
        assert_eq!(apply(&old, &diff), new);
    }

    /// Applies a one-hunk diff made by `one_hunk` (context and removals checked).
    fn apply(old: &str, diff: &str) -> String {
        let lines: Vec<&str> = old.split_inclusive('\n').collect();
        let header = diff.lines().nth(2).unwrap_or_default();
        let start: usize = header
            .trim_start_matches("@@ -")
            .split([',', ' '])
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or(1);
        let mut out: String = lines[..start - 1].concat();
        let mut at = start - 1;
        let body: Vec<&str> = diff.split_inclusive('\n').skip(3).collect();
        for (index, piece) in body.iter().enumerate() {
            let no_newline = body.get(index + 1).is_some_and(|n| n.starts_with('\\'));
            let text = if no_newline {
                piece[1..].trim_end_matches('\n')
            } else {
                &piece[1..]
            };
            match piece.chars().next() {
                Some(' ') => {
                    assert_eq!(lines[at], text);
                    out.push_str(text);
                    at += 1;
                }
                Some('-') => {
                    assert_eq!(lines[at], text);
                    at += 1;
                }
                Some('+') => out.push_str(text),
                _ => {}
            }
        }
        out.push_str(&lines[at..].concat());
        out
    }
}
