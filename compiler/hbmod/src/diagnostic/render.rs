//! Diagnostics of one or more sources in, text out: rustc-style for people (with or without
//! colour), JSON and SARIF 2.1.0 for machines.

use codespan_reporting::diagnostic as cs;
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, termcolor, Styles, StylesWriter};
use serde_json::{json, Value};

use super::{Code, Diagnostic, Severity};
use crate::source::SourceFile;

/// Renders diagnostics for people: the source line, carets, labels, notes and a help line.
pub fn human(source: &SourceFile, diagnostics: &[Diagnostic], color: bool) -> String {
    let text = visible(source.text());
    let file = SimpleFile::new(source.name(), text.as_str());
    let config = term::Config::default();
    let styles = Styles::default();
    let mut out = String::new();
    for diagnostic in diagnostics {
        let converted = to_codespan(diagnostic);
        let mut buffer = Vec::new();
        let written = if color {
            let mut writer = StylesWriter::new(termcolor::Ansi::new(&mut buffer), &styles);
            term::emit_to_write_style(&mut writer, &config, &file, &converted)
        } else {
            term::emit_to_io_write(&mut buffer, &config, &file, &converted)
        };
        match written {
            Ok(()) => out.push_str(&String::from_utf8_lossy(&buffer)),
            // Only reachable with a span outside the file: fall back to the plain facts.
            Err(_) => out.push_str(&plain(source, diagnostic)),
        }
    }
    out
}

/// `text` with every control, bidi and zero-width character (other than tab and line ends; the
/// invisible characters of `expand::escape`) replaced by a
/// visible stand-in of the same length in bytes, so spans still fit and nothing invisible (or
/// terminal-controlling) is echoed back: `?` for 1 byte, `¿` for 2, `�` for 3, `�?` for 4.
pub fn visible(text: &str) -> String {
    text.chars()
        .map(|c| {
            let hidden = (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
                || crate::expand::escape::is_invisible(c);
            match (hidden, c.len_utf8()) {
                (false, _) => c.to_string(),
                (true, 1) => "?".to_string(),
                (true, 2) => "\u{BF}".to_string(),
                (true, 3) => "\u{FFFD}".to_string(),
                (true, _) => "\u{FFFD}?".to_string(),
            }
        })
        .collect()
}

/// One line per diagnostic: `file:line:column: error[HB0002]: message`.
fn plain(source: &SourceFile, diagnostic: &Diagnostic) -> String {
    let position = source.position(diagnostic.primary_span().start);
    format!(
        "{}:{}:{}: {}[{}]: {}\n",
        source.name(),
        position.line,
        position.column,
        diagnostic.severity.as_str(),
        diagnostic.code,
        diagnostic.message
    )
}

fn to_codespan(diagnostic: &Diagnostic) -> cs::Diagnostic<()> {
    let severity = match diagnostic.severity {
        Severity::Error => cs::Severity::Error,
        Severity::Warning => cs::Severity::Warning,
    };
    let labels = diagnostic
        .labels
        .iter()
        .map(|label| {
            let style = if label.primary {
                cs::LabelStyle::Primary
            } else {
                cs::LabelStyle::Secondary
            };
            cs::Label::new(style, (), label.span.range()).with_message(&label.message)
        })
        .collect();
    let mut notes = diagnostic.notes.clone();
    if let Some(help) = &diagnostic.help {
        notes.push(format!("help: {help}"));
    }
    cs::Diagnostic::new(severity)
        .with_code(diagnostic.code.as_str())
        .with_message(&diagnostic.message)
        .with_labels(labels)
        .with_notes(notes)
}

/// One file's diagnostics, for the machine formats.
pub struct FileDiagnostics<'a> {
    /// The source the diagnostics point into.
    pub source: &'a SourceFile,
    /// Its diagnostics.
    pub diagnostics: &'a [Diagnostic],
}

/// Renders diagnostics as one JSON document: `{"diagnostics": [...]}`, positions 1-based.
pub fn json(files: &[FileDiagnostics<'_>]) -> String {
    let mut all = Vec::new();
    for file in files {
        for diagnostic in file.diagnostics {
            let span = diagnostic.primary_span();
            let start = file.source.position(span.start);
            let end = file.source.position(span.end);
            let labels: Vec<Value> = diagnostic
                .labels
                .iter()
                .map(|label| {
                    json!({
                        "message": label.message,
                        "primary": label.primary,
                        "start": file.source.position(label.span.start),
                        "end": file.source.position(label.span.end),
                    })
                })
                .collect();
            all.push(json!({
                "file": file.source.name(),
                "code": diagnostic.code.as_str(),
                "severity": diagnostic.severity.as_str(),
                "message": diagnostic.message,
                "line": start.line,
                "column": start.column,
                "end_line": end.line,
                "end_column": end.column,
                "labels": labels,
                "notes": diagnostic.notes,
                "help": diagnostic.help,
            }));
        }
    }
    pretty(&json!({ "diagnostics": all }))
}

/// Renders diagnostics as a SARIF 2.1.0 log that GitHub code scanning accepts.
/// File names should be paths relative to the repository root.
pub fn sarif(files: &[FileDiagnostics<'_>], tool_version: &str) -> String {
    let rules: Vec<Value> = Code::ALL
        .iter()
        .map(|code| {
            json!({
                "id": code.as_str(),
                "name": rule_name(*code),
                "shortDescription": { "text": code.title() },
                "fullDescription": { "text": code.title() },
                "help": { "text": code.explanation(), "markdown": code.explanation() },
                "helpUri": format!("https://github.com/hbmod/hbmod/blob/main/compiler/hbmod/src/diagnostic/explanations/{}.md", code.as_str()),
                "defaultConfiguration": { "level": "error" },
            })
        })
        .collect();
    let mut results = Vec::new();
    for file in files {
        for diagnostic in file.diagnostics {
            let span = diagnostic.primary_span();
            let start = file.source.position(span.start);
            let end = file.source.position(span.end);
            let rule_index = Code::ALL
                .iter()
                .position(|c| *c == diagnostic.code)
                .unwrap_or(0);
            let mut text = diagnostic.message.clone();
            if let Some(help) = &diagnostic.help {
                text.push_str("\nhelp: ");
                text.push_str(help);
            }
            results.push(json!({
                "ruleId": diagnostic.code.as_str(),
                "ruleIndex": rule_index,
                "level": diagnostic.severity.as_str(),
                "message": { "text": text },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri(file.source.name()) },
                        "region": {
                            "startLine": start.line,
                            "startColumn": start.column,
                            "endLine": end.line,
                            "endColumn": end.column,
                        }
                    }
                }],
            }));
        }
    }
    pretty(&json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "hbmod",
                    "version": tool_version,
                    "informationUri": "https://github.com/hbmod/hbmod",
                    "rules": rules,
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    }))
}

/// A SARIF rule name: the title in PascalCase words (`UnknownUnitAfterANumber`).
fn rule_name(code: Code) -> String {
    crate::text::pascal_case(code.title())
}

/// A relative file path as a URI reference: forward slashes, reserved characters escaped.
fn uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let path = path.strip_prefix("./").unwrap_or(&path);
    let mut out = String::new();
    for byte in path.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(char::from(byte))
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

fn pretty(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invisible_characters_become_visible_with_the_same_length() {
        let text = "a\0b\u{202E}c\u{85}d\te";
        let shown = visible(text);
        assert_eq!(shown, "a?b\u{FFFD}c\u{BF}d\te");
        assert_eq!(shown.len(), text.len());
    }

    #[test]
    fn rule_names_are_pascal_case() {
        assert_eq!(rule_name(Code::HB0010), "UnknownUnitAfterANumber");
    }

    #[test]
    fn uris_are_relative_and_escaped() {
        assert_eq!(
            uri("./services/web/my site.hb"),
            "services/web/my%20site.hb"
        );
    }
}
