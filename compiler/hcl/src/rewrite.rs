//! Tokens plus the parser's edits in, tokens out with Terraform fmt's
//! non-whitespace rewrites applied: block labels become quoted strings,
//! interpolation-only values `"${x}"` become `x`, and in top-level
//! `variable` blocks `type = list` becomes `list(any)` and the legacy
//! quoted types `"string"`, `"list"`, `"map"` become `string`,
//! `list(string)`, `map(string)`.

use std::borrow::Cow;

use crate::lexer::{Kind, Token};
use crate::parser::Edit;

/// Applies `edits` (non-overlapping raw token ranges) to `toks`.
pub(crate) fn apply(toks: Vec<Token<'_>>, mut edits: Vec<Edit>) -> Vec<Token<'_>> {
    if edits.is_empty() {
        return toks;
    }
    let range = |e: &Edit| match e {
        Edit::Labels { start, end, .. }
        | Edit::Value { start, end }
        | Edit::VarType { start, end }
        | Edit::DropKey { start, end } => (*start, *end),
    };
    edits.sort_by_key(|e| range(e).0);
    // Dropped keys lie inside other edits' ranges: remove them first, as
    // hclwrite loses them while parsing, before Terraform's rewrites run.
    let mut drops = edits
        .iter()
        .filter(|e| matches!(e, Edit::DropKey { .. }))
        .map(range)
        .collect::<Vec<_>>()
        .into_iter()
        .peekable();
    let kept = toks.into_iter().enumerate().filter(move |(i, _)| {
        while drops.next_if(|&(_, end)| end <= *i).is_some() {}
        drops.peek().is_none_or(|&(start, _)| start > *i)
    });
    let mut out = Vec::new();
    let mut it = kept.peekable();
    for edit in edits {
        let (start, end) = range(&edit);
        while let Some((_, t)) = it.next_if(|(i, _)| *i < start) {
            out.push(t);
        }
        let mut seg = Vec::new();
        while let Some((_, t)) = it.next_if(|(i, _)| *i < end) {
            seg.push(t);
        }
        match edit {
            Edit::Labels { labels, .. } => out.extend(quoted_labels(&seg, &labels)),
            Edit::Value { .. } => out.extend(unwrap_interpolation(seg)),
            Edit::VarType { .. } => out.extend(modern_type(seg)),
            Edit::DropKey { .. } => out.extend(seg),
        }
    }
    out.extend(it.map(|(_, t)| t));
    out
}

fn synthetic(kind: Kind, text: &'static str, offset: usize) -> Token<'static> {
    Token {
        kind,
        text: Cow::Borrowed(text),
        offset,
    }
}

/// Each label as `"` escaped-text `"`; comments between labels are dropped.
fn quoted_labels<'a>(seg: &[Token<'a>], labels: &[String]) -> Vec<Token<'a>> {
    let offset = seg.first().map_or(0, |t| t.offset);
    let mut out = Vec::with_capacity(labels.len() * 3);
    for label in labels {
        out.push(synthetic(Kind::OQuote, "\"", offset));
        if !label.is_empty() {
            out.push(Token {
                kind: Kind::QuotedLit,
                text: Cow::Owned(escape_label(label)),
                offset,
            });
        }
        out.push(synthetic(Kind::CQuote, "\"", offset));
    }
    out
}

/// Escapes a string the way hclwrite writes a quoted string literal.
fn escape_label(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '$' | '%' => {
                out.push(c);
                if chars.peek() == Some(&'{') {
                    out.push(c);
                }
            }
            c if !is_printable(c) => {
                let n = u32::from(c);
                if n < 0x10000 {
                    out.push_str(&format!("\\u{n:04x}"));
                } else {
                    out.push_str(&format!("\\U{n:08x}"));
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// Approximates Go's `unicode.IsPrint`: no control, format or non-ASCII
/// space characters.
fn is_printable(c: char) -> bool {
    if c == ' ' {
        return true;
    }
    !(c.is_control()
        || c.is_whitespace()
        || matches!(c, '\u{ad}' | '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2060}'..='\u{2064}' | '\u{feff}'))
}

/// Terraform's `formatValueExpr`: `"${expr}"` with nothing else in the
/// outer template becomes `expr` (parenthesised if it spans lines).
fn unwrap_interpolation(seg: Vec<Token<'_>>) -> Vec<Token<'_>> {
    let n = seg.len();
    if n < 5 {
        return seg;
    }
    let kind = |i: usize| seg.get(i).map(|t| t.kind);
    if kind(0) != Some(Kind::OQuote)
        || kind(1) != Some(Kind::TemplateInterp)
        || kind(n - 2) != Some(Kind::TemplateSeqEnd)
        || kind(n - 1) != Some(Kind::CQuote)
    {
        return seg;
    }
    let mut quotes = 0i64;
    for t in seg.get(2..n - 2).unwrap_or(&[]) {
        match t.kind {
            Kind::OQuote => quotes += 1,
            Kind::CQuote => quotes -= 1,
            _ if quotes > 0 => {}
            Kind::TemplateInterp | Kind::TemplateSeqEnd | Kind::QuotedLit => return seg,
            _ => {}
        }
    }
    let offset = seg.first().map_or(0, |t| t.offset);
    let mut inside: Vec<Token<'_>> = seg.into_iter().skip(2).take(n - 4).collect();
    while inside.last().is_some_and(|t| t.kind == Kind::Newline) {
        inside.pop();
    }
    let lead_newlines = inside
        .iter()
        .take_while(|t| t.kind == Kind::Newline)
        .count();
    inside.drain(..lead_newlines);
    let multi_line = inside.iter().any(|t| t.kind == Kind::Newline);
    let parened = inside.first().is_some_and(|t| t.kind == Kind::OParen)
        && inside.len() > 1
        && inside.last().is_some_and(|t| t.kind == Kind::CParen);
    if multi_line && !parened {
        inside.insert(0, synthetic(Kind::OParen, "(", offset));
        inside.push(synthetic(Kind::CParen, ")", offset));
    }
    inside
}

/// Terraform's `formatTypeExpr` for `type` in a top-level variable block.
fn modern_type(seg: Vec<Token<'_>>) -> Vec<Token<'_>> {
    let offset = seg.first().map_or(0, |t| t.offset);
    let call = |name: &'static str, arg: &'static str| {
        vec![
            synthetic(Kind::Ident, name, offset),
            synthetic(Kind::OParen, "(", offset),
            synthetic(Kind::Ident, arg, offset),
            synthetic(Kind::CParen, ")", offset),
        ]
    };
    match seg.as_slice() {
        [t] if t.kind == Kind::Ident => match &*t.text {
            "list" => call("list", "any"),
            "map" => call("map", "any"),
            "set" => call("set", "any"),
            _ => seg,
        },
        [o, s, c]
            if o.kind == Kind::OQuote && s.kind == Kind::QuotedLit && c.kind == Kind::CQuote =>
        {
            match &*s.text {
                "string" => vec![synthetic(Kind::Ident, "string", offset)],
                "list" => call("list", "string"),
                "map" => call("map", "string"),
                _ => seg,
            }
        }
        _ => seg,
    }
}
