//! Diagnostics of one or more sources in, text out: rustc-style for people (with or without
//! colour), JSON and SARIF 2.1.0 for machines.

use codespan_reporting::diagnostic as cs;
use codespan_reporting::files::{Error as FilesError, Files, SimpleFile};
use codespan_reporting::term::{self, termcolor, Styles, StylesWriter};
use serde_json::{json, Value};

use super::{Code, Diagnostic, Severity};
use crate::source::SourceFile;

/// At most this many diagnostics of one file are drawn; the rest are counted on one line.
pub const SHOWN_PER_FILE: usize = 50;

/// Source lines longer than this (in bytes) are shown as a window around the label.
const LONG_LINE: usize = 240;

/// Bytes of a long line shown on each side of a label.
const WINDOW_SIDE: usize = 60;

/// Renders diagnostics for people: the source line, carets, labels, notes and a help line.
/// Output stays proportional to the input: past `SHOWN_PER_FILE` diagnostics one line counts
/// the rest, and a long source line is cut to a window around the label.
pub fn human(source: &SourceFile, diagnostics: &[Diagnostic], color: bool) -> String {
    let text = visible(source.text());
    let file = SimpleFile::new(source.name(), text.as_str());
    let config = term::Config::default();
    let styles = Styles::default();
    let mut out = String::new();
    for diagnostic in diagnostics.iter().take(SHOWN_PER_FILE) {
        let mut buffer = Vec::new();
        let written = match window(source, &text, diagnostic) {
            Some((window, converted)) => {
                emit(&mut buffer, color, &styles, &config, &window, &converted)
            }
            None => emit(
                &mut buffer,
                color,
                &styles,
                &config,
                &file,
                &to_codespan(diagnostic, 0),
            ),
        };
        match written {
            Ok(()) => out.push_str(&String::from_utf8_lossy(&buffer)),
            // Only reachable with a span outside the file: fall back to the plain facts.
            Err(_) => out.push_str(&plain(source, diagnostic)),
        }
    }
    if let Some(rest) = diagnostics
        .get(SHOWN_PER_FILE..)
        .filter(|rest| !rest.is_empty())
    {
        let errors = rest
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        let warnings = rest.len() - errors;
        let plural = |n: usize| if n == 1 { "" } else { "s" };
        let mut counted = Vec::new();
        if errors > 0 {
            counted.push(format!("{errors} more error{}", plural(errors)));
        }
        if warnings > 0 {
            counted.push(format!("{warnings} more warning{}", plural(warnings)));
        }
        out.push_str(&format!(
            "... and {} in {} (fix the ones above first, or list them all with `--format json`)\n",
            counted.join(" and "),
            source.name()
        ));
    }
    out
}

fn emit<'f, F: Files<'f, FileId = ()>>(
    buffer: &mut Vec<u8>,
    color: bool,
    styles: &Styles,
    config: &term::Config,
    files: &'f F,
    diagnostic: &cs::Diagnostic<()>,
) -> Result<(), FilesError> {
    if color {
        let mut writer = StylesWriter::new(termcolor::Ansi::new(buffer), styles);
        term::emit_to_write_style(&mut writer, config, files, diagnostic)
    } else {
        term::emit_to_io_write(buffer, config, files, diagnostic)
    }
}

/// When the primary label sits on a line longer than `LONG_LINE`, that line cut to
/// `WINDOW_SIDE` bytes around the label (with `…` where it was cut) as a one-line file that
/// still reports the real line and column, and the diagnostic with its labels moved into it
/// (labels outside the window are dropped).
fn window(
    source: &SourceFile,
    text: &str,
    diagnostic: &Diagnostic,
) -> Option<(Window, cs::Diagnostic<()>)> {
    let primary = diagnostic.primary_span();
    let line_start = text
        .get(..primary.start.min(text.len()))?
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let line_end = text
        .get(line_start..)?
        .find('\n')
        .map_or(text.len(), |i| line_start + i);
    if line_end - line_start <= LONG_LINE {
        return None;
    }
    let floor = |i: usize| crate::source::floor_char_boundary(text, i);
    let from = floor(primary.start.saturating_sub(WINDOW_SIDE).max(line_start));
    let to = floor((primary.end.min(primary.start + WINDOW_SIDE) + WINDOW_SIDE).min(line_end));
    let lead = if from > line_start { "\u{2026}" } else { "" };
    let tail = if to < line_end { "\u{2026}" } else { "" };
    let excerpt = format!("{lead}{}{tail}", text.get(from..to)?);
    let position = source.position(from);
    // Labels outside the window are dropped; the rest move left by `from`, right past `…`.
    let mut kept = diagnostic.clone();
    kept.labels
        .retain(|label| label.span.start >= from && label.span.start <= to);
    let mut converted = to_codespan(&kept, from);
    for label in &mut converted.labels {
        label.range = label.range.start + lead.len()..label.range.end.min(to - from) + lead.len();
    }
    Some((
        Window {
            name: source.name().to_string(),
            excerpt,
            line: position.line,
            column: position.column,
            lead: lead.len(),
        },
        converted,
    ))
}

/// One cut line of a source, reporting the real line and columns.
struct Window {
    name: String,
    excerpt: String,
    line: usize,
    /// The real column of the first byte after `lead`.
    column: usize,
    lead: usize,
}

impl<'a> Files<'a> for Window {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, (): ()) -> Result<&'a str, FilesError> {
        Ok(&self.name)
    }

    fn source(&'a self, (): ()) -> Result<&'a str, FilesError> {
        Ok(&self.excerpt)
    }

    fn line_index(&'a self, (): (), _byte_index: usize) -> Result<usize, FilesError> {
        Ok(0)
    }

    fn line_number(&'a self, (): (), _line_index: usize) -> Result<usize, FilesError> {
        Ok(self.line)
    }

    fn column_number(
        &'a self,
        (): (),
        _line_index: usize,
        byte_index: usize,
    ) -> Result<usize, FilesError> {
        let after = self
            .excerpt
            .get(self.lead..byte_index.max(self.lead))
            .unwrap_or_default();
        Ok(self.column + after.chars().count())
    }

    fn line_range(
        &'a self,
        (): (),
        _line_index: usize,
    ) -> Result<std::ops::Range<usize>, FilesError> {
        Ok(0..self.excerpt.len())
    }
}

/// `text` with every control, bidi and zero-width character (other than tab and line ends; the
/// invisible characters of `escape`) replaced by a
/// visible stand-in of the same length in bytes, so spans still fit and nothing invisible (or
/// terminal-controlling) is echoed back: `?` for 1 byte, `¿` for 2, `�` for 3, `�?` for 4.
pub fn visible(text: &str) -> String {
    text.chars()
        .map(|c| {
            let hidden = (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
                || crate::escape::is_invisible(c);
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

/// The diagnostic for codespan, its label ranges moved `shift` bytes left.
fn to_codespan(diagnostic: &Diagnostic, shift: usize) -> cs::Diagnostic<()> {
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
            let range = label.span.range();
            let range = range.start.saturating_sub(shift)..range.end.saturating_sub(shift);
            cs::Label::new(style, (), range).with_message(&label.message)
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
