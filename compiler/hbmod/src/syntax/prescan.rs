//! Raw spec text in, diagnostics for what the parser must never see out: oversized files,
//! control and bidi characters, nesting deep enough to exhaust the stack. One linear pass.

use crate::diagnostic::{Code, Diagnostic};
use crate::source::Span;

/// Specs larger than this are refused before parsing (a large service spec is a few KB).
pub const MAX_SOURCE_BYTES: usize = 4 * 1024 * 1024;

/// Lists and maps may nest this deep; deeper input is refused before parsing.
pub const MAX_NESTING: usize = 32;

/// Brackets counted everywhere, whatever the scan thinks it is inside (a string, a comment):
/// a misread quote or `#` must not switch the depth guard off. Loose enough that brackets in
/// strings never trip it, tight enough that the recursive parser and lowerer cannot overflow.
const MAX_RAW_NESTING: usize = 4 * MAX_NESTING;

/// At most this many character diagnostics are reported per file.
const MAX_CHARACTER_DIAGNOSTICS: usize = 10;

/// Checks `text` before parsing; an empty result means the parser may run.
pub fn prescan(text: &str) -> Vec<Diagnostic> {
    if text.len() > MAX_SOURCE_BYTES {
        return vec![Diagnostic::error(
            Code::HB0027,
            Span::empty(0),
            format!(
                "this spec is {} bytes, more than the {} bytes a spec may have",
                text.len(),
                MAX_SOURCE_BYTES
            ),
            "file starts here",
        )
        .with_help("split the service into several spec files, or several services")];
    }
    let mut diagnostics = Vec::new();
    let mut depth_error = None;
    let mut depth = 0usize;
    let mut raw_depth = 0usize;
    let mut in_string = false;
    let mut in_comment = false;
    let mut escaped = false;
    for (offset, c) in text.char_indices() {
        if let Some(reason) = forbidden_character(c) {
            if diagnostics.len() < MAX_CHARACTER_DIAGNOSTICS {
                diagnostics.push(character_diagnostic(offset, c, reason));
            }
            continue;
        }
        match c {
            '[' | '{' => {
                raw_depth += 1;
                if raw_depth > MAX_RAW_NESTING && depth_error.is_none() {
                    depth_error = Some(offset);
                }
            }
            ']' | '}' => raw_depth = raw_depth.saturating_sub(1),
            _ => {}
        }
        if c == '\n' {
            in_string = false;
            in_comment = false;
            escaped = false;
            continue;
        }
        if in_comment {
            // Comments are shown to reviewers as they are: an invisible character there can
            // hide or reorder what the line seems to say (Trojan Source), as in a value.
            if crate::escape::is_invisible(c) && diagnostics.len() < MAX_CHARACTER_DIAGNOSTICS {
                diagnostics.push(character_diagnostic(
                    offset,
                    c,
                    "an invisible character in a comment, which can hide what the line says",
                ));
            }
            continue;
        }
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '#' => in_comment = true,
            '"' => in_string = true,
            '[' | '{' => {
                depth += 1;
                if depth > MAX_NESTING && depth_error.is_none() {
                    depth_error = Some(offset);
                }
            }
            ']' | '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    if let Some(offset) = depth_error {
        diagnostics.push(
            Diagnostic::error(
                Code::HB0018,
                Span::new(offset, offset + 1),
                format!("lists and maps are nested more than {MAX_NESTING} levels deep"),
                format!("level {} starts here", MAX_NESTING + 1),
            )
            .with_help("flatten the value; no module parameter needs this much nesting"),
        );
    }
    diagnostics
}

/// Why `c` may not appear in a spec, if it may not.
fn forbidden_character(c: char) -> Option<&'static str> {
    match c {
        '\t' | '\n' | '\r' => None,
        '\0' => Some("a NUL byte"),
        c if c.is_control() => Some("a control character"),
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' => {
            Some("an invisible bidirectional control character, which can make code read differently than it parses")
        }
        _ => None,
    }
}

fn character_diagnostic(offset: usize, c: char, reason: &str) -> Diagnostic {
    let code = format!("U+{:04X}", u32::from(c));
    Diagnostic::error(
        Code::HB0019,
        Span::new(offset, offset + c.len_utf8()),
        format!("the spec contains {reason} ({code})"),
        format!("{code} here"),
    )
    .with_help(format!(
        "delete it; inside a string, write it as the escape `\\u{{{:X}}}` if you really mean it",
        u32::from(c)
    ))
}

/// Checks raw bytes for UTF-8; the error points at the first invalid byte.
pub fn decode_utf8(bytes: &[u8]) -> Result<&str, Diagnostic> {
    std::str::from_utf8(bytes).map_err(|error| {
        Diagnostic::error(
            Code::HB0019,
            Span::empty(error.valid_up_to()),
            "the spec is not valid UTF-8 text",
            "the first invalid byte is here",
        )
        .with_help("save the file as UTF-8; specs are text, and every editor can convert them")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 11 defect 3: a `'#'` made the scan think the rest was a comment, so 10,000
    /// nested brackets reached the recursive lowerer and overflowed the stack.
    #[test]
    fn a_misread_comment_does_not_switch_the_depth_guard_off() {
        let text = format!(
            "spa s < a = '#', b = {}{}\n",
            "[".repeat(10_000),
            "]".repeat(10_000)
        );
        let diagnostics = prescan(&text);
        assert!(
            diagnostics.iter().any(|d| d.code == Code::HB0018),
            "{diagnostics:?}"
        );
        let quoted = format!(
            "spa s < a = \"x, b = {}{}\n",
            "[".repeat(10_000),
            "]".repeat(10_000)
        );
        assert!(prescan(&quoted).iter().any(|d| d.code == Code::HB0018));
    }

    #[test]
    fn brackets_inside_strings_are_allowed() {
        let text = format!("spa s < a = \"{}\"\n", "[".repeat(40));
        assert!(prescan(&text).is_empty());
    }
}
