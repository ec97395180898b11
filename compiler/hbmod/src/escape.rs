//! Text in, an HCL quoted-string body out that Terraform reads back as exactly that text:
//! no interpolation, no directive, no way out of the string (SECURITY.md §3).

use std::fmt::Write as _;

use unicode_normalization::UnicodeNormalization;

/// Escapes `text` for the inside of an HCL quoted string. NFC-normalises first, then in one
/// left-to-right pass: `\` `"` and line ends become escapes, `${` becomes `$${`, `%{` becomes
/// `%%{`, and every other control, line/paragraph separator or invisible format character
/// becomes `\uXXXX` (`\UXXXXXXXX` above the BMP). A lone `$` or `%` is kept as it is.
pub fn escape(text: &str) -> String {
    let normalised: String = text.nfc().collect();
    let mut out = String::with_capacity(normalised.len() + 2);
    let mut chars = normalised.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '$' | '%' if chars.peek() == Some(&'{') => {
                out.push(c);
                out.push(c);
            }
            c if c.is_control() || is_invisible(c) => {
                let code = u32::from(c);
                if code > 0xFFFF {
                    let _ = write!(out, "\\U{code:08X}");
                } else {
                    let _ = write!(out, "\\u{code:04X}");
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// `text` as a complete HCL string literal, quotes included.
pub fn quote(text: &str) -> String {
    format!("\"{}\"", escape(text))
}

/// Line and paragraph separators and Unicode format characters (category Cf): bidi controls,
/// zero-width characters, the BOM, and the like, which would hide what a value really is.
pub(crate) fn is_invisible(c: char) -> bool {
    matches!(
        u32::from(c),
        0x00AD
            | 0x0600..=0x0605
            | 0x061C
            | 0x06DD
            | 0x070F
            | 0x0890..=0x0891
            | 0x08E2
            | 0x180E
            | 0x200B..=0x200F
            | 0x2028..=0x202E
            | 0x2060..=0x2064
            | 0x2066..=0x206F
            | 0xFEFF
            | 0xFFF9..=0xFFFB
            | 0x110BD
            | 0x110CD
            | 0x13430..=0x1343F
            | 0x1BCA0..=0x1BCA3
            | 0x1D173..=0x1D17A
            | 0xE0001
            | 0xE0020..=0xE007F
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interpolation_and_directives_are_escaped() {
        assert_eq!(
            escape("x${file(\"/etc/passwd\")}"),
            "x$${file(\\\"/etc/passwd\\\")}"
        );
        assert_eq!(escape("%{ for x in y }"), "%%{ for x in y }");
        assert_eq!(escape("cost: 5$ or 10%"), "cost: 5$ or 10%");
        assert_eq!(escape("$${x}"), "$$${x}");
    }

    #[test]
    fn quotes_newlines_and_backslashes_cannot_end_the_string() {
        assert_eq!(
            escape("a\"\nresource \"x\" {}"),
            "a\\\"\\nresource \\\"x\\\" {}"
        );
        assert_eq!(escape("C:\\path\\"), "C:\\\\path\\\\");
        assert_eq!(escape("tab\there\r"), "tab\\there\\r");
    }

    #[test]
    fn invisible_characters_become_visible_escapes() {
        assert_eq!(
            escape("a\u{202E}b\u{200B}c\u{FEFF}"),
            "a\\u202Eb\\u200Bc\\uFEFF"
        );
        assert_eq!(escape("\u{0}\u{7F}\u{2028}"), "\\u0000\\u007F\\u2028");
        assert_eq!(escape("\u{E0041}"), "\\U000E0041");
    }

    #[test]
    fn text_is_nfc_normalised_first() {
        assert_eq!(escape("e\u{301}"), "\u{E9}");
    }
}
