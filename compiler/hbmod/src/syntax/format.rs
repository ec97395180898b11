//! A parsed spec and its source in, the spec in its one canonical layout out (`hbmod fmt`).
//!
//! The layout: one blank line between items; one entry per line, indented two spaces, each
//! ending in a comma, with `=` aligned across a run of consecutive one-line entries; lists and
//! maps on one line when they fit in 80 columns and hold no comment, else one element per line.
//! Comments are kept: own-line comments stay before what follows them, end-of-line comments
//! stay at the end of their line, single blank lines between entries are kept.

use super::ast::{Block, Comment, Expr, ExprKind, File, Item};
use crate::source::{SourceFile, Span};

/// The widest a line may get before a list or map is broken over several lines.
const MAX_WIDTH: usize = 80;
const INDENT: &str = "  ";

/// Formats `file`, parsed from `source` without errors.
pub fn format(source: &SourceFile, file: &File) -> String {
    let mut printer = Printer {
        src: source.text(),
        comments: &file.comments,
        next: 0,
    };
    let mut lines: Vec<String> = Vec::new();
    let mut previous_end: Option<usize> = None;
    for item in &file.items {
        let block = item.block();
        let leading = printer.comments_before(block.span.start);
        if previous_end.is_some() {
            lines.push(String::new());
        }
        for comment in &leading {
            if previous_end.is_some_and(|end| printer.blank_between(end, comment.start))
                && lines.last().is_some_and(|l| !l.is_empty())
            {
                lines.push(String::new());
            }
            lines.push(printer.comment_text(*comment));
            previous_end = Some(comment.end);
        }
        if let Some(end) = previous_end {
            if !leading.is_empty() && printer.blank_between(end, block.span.start) {
                lines.push(String::new());
            }
        }
        printer.block(item, &mut lines);
        previous_end = Some(block.span.end);
        if let Some(trailing) = printer.trailing_comment(block.span.end) {
            if let Some(last) = lines.last_mut() {
                last.push(' ');
                last.push_str(&trailing);
            }
        }
    }
    let after_items = previous_end.is_some();
    for (index, comment) in printer.comments_before(usize::MAX).into_iter().enumerate() {
        let blank = previous_end.is_some_and(|end| printer.blank_between(end, comment.start));
        if blank || (index == 0 && after_items) {
            lines.push(String::new());
        }
        lines.push(printer.comment_text(comment));
        previous_end = Some(comment.end);
    }
    let mut out = String::new();
    for line in lines {
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// One line-level piece of a sequence body, before alignment.
enum Piece {
    Blank,
    Comment(String),
    /// `key = value,` (`key` empty for list elements); `value` may span lines.
    Element {
        key: String,
        value: String,
        trailing: Option<String>,
    },
}

struct Printer<'a> {
    src: &'a str,
    comments: &'a [Comment],
    /// The first comment not yet printed.
    next: usize,
}

impl Printer<'_> {
    fn text(&self, span: Span) -> &str {
        self.src.get(span.range()).unwrap_or("")
    }

    fn comment_text(&self, span: Span) -> String {
        self.text(span).trim_end().to_string()
    }

    /// Takes the comments that start before `offset`.
    fn comments_before(&mut self, offset: usize) -> Vec<Span> {
        let mut taken = Vec::new();
        while let Some(comment) = self
            .comments
            .get(self.next)
            .filter(|c| c.span.start < offset)
        {
            taken.push(comment.span);
            self.next += 1;
        }
        taken
    }

    /// Takes the next comment if it ends the line that `offset` is on (only `,` and spaces between).
    fn trailing_comment(&mut self, offset: usize) -> Option<String> {
        let comment = self.comments.get(self.next)?;
        let gap = self.src.get(offset..comment.span.start)?;
        if gap
            .chars()
            .all(|c| c == ' ' || c == '\t' || c == ',' || c == '\r')
        {
            self.next += 1;
            Some(self.comment_text(comment.span))
        } else {
            None
        }
    }

    /// Whether a comment not yet printed lies inside `span`.
    fn has_comment_inside(&self, span: Span) -> bool {
        self.comments
            .get(self.next..)
            .unwrap_or_default()
            .iter()
            .take_while(|c| c.span.start < span.end)
            .any(|c| c.span.start >= span.start)
    }

    /// Whether the source has an empty line between `from` and `to`.
    fn blank_between(&self, from: usize, to: usize) -> bool {
        self.src
            .get(from..to)
            .is_some_and(|gap| gap.matches('\n').count() >= 2)
    }

    fn block(&mut self, item: &Item, lines: &mut Vec<String>) {
        let block: &Block = item.block();
        let mut header = block.head.name.clone();
        if let Some(name) = &block.name {
            header.push(' ');
            header.push_str(&name.name);
        }
        let close = block.close.map_or(block.span.end, |c| c.start);
        let body = Span::new(block.open.end, close);
        let was = block
            .was
            .as_ref()
            .map_or(String::new(), |w| format!(" was {}", w.name));
        if block.entries.is_empty() && !self.has_comment_inside(body) {
            lines.push(format!("{header} < >{was}"));
            return;
        }
        header.push_str(" <");
        if let Some(trailing) = self.trailing_comment(block.open.end) {
            header.push(' ');
            header.push_str(&trailing);
        }
        lines.push(header);
        let elements: Vec<(Span, String, &Expr)> = block
            .entries
            .iter()
            .map(|e| (e.span, e.key_text(), &e.value))
            .collect();
        let pieces = self.sequence(block.open.end, &elements, close, 1);
        emit(&pieces, 1, lines);
        lines.push(format!(">{was}"));
    }

    /// The pieces of a sequence body: comments, blank lines and elements in source order.
    fn sequence(
        &mut self,
        start: usize,
        elements: &[(Span, String, &Expr)],
        close: usize,
        indent: usize,
    ) -> Vec<Piece> {
        let mut pieces = Vec::new();
        let mut previous_end = start;
        let mut first = true;
        for (span, key, value) in elements {
            for comment in self.comments_before(span.start) {
                if !first && self.blank_between(previous_end, comment.start) {
                    pieces.push(Piece::Blank);
                }
                pieces.push(Piece::Comment(self.comment_text(comment)));
                previous_end = comment.end;
                first = false;
            }
            if !first && self.blank_between(previous_end, span.start) {
                pieces.push(Piece::Blank);
            }
            let rendered = self.value(
                value,
                indent,
                indent * INDENT.len() + key.len() + if key.is_empty() { 0 } else { 3 },
            );
            let end = value.span.end.max(span.end);
            let trailing = self.trailing_comment(end);
            pieces.push(Piece::Element {
                key: key.clone(),
                value: rendered,
                trailing,
            });
            previous_end = end;
            first = false;
        }
        for comment in self.comments_before(close) {
            if !first && self.blank_between(previous_end, comment.start) {
                pieces.push(Piece::Blank);
            }
            pieces.push(Piece::Comment(self.comment_text(comment)));
            previous_end = comment.end;
            first = false;
        }
        pieces
    }

    /// Renders a value whose first line starts at column `column`; later lines carry their
    /// own indentation (`indent` is the nesting level of the line the value starts on).
    fn value(&mut self, expr: &Expr, indent: usize, column: usize) -> String {
        match &expr.kind {
            ExprKind::Path(idents) => idents
                .iter()
                .map(|i| i.name.as_str())
                .collect::<Vec<_>>()
                .join("."),
            ExprKind::Bool(value) => value.to_string(),
            ExprKind::List(elements) => {
                let close = expr.span.end.saturating_sub(1);
                if !self.has_comment_inside(expr.span) {
                    if elements.is_empty() {
                        return "[]".to_string();
                    }
                    let parts: Vec<String> = elements.iter().map(|e| self.inline(e)).collect();
                    let inline = format!("[{}]", parts.join(", "));
                    if !inline.contains('\n') && column + inline.len() < MAX_WIDTH {
                        return inline;
                    }
                }
                let items: Vec<(Span, String, &Expr)> = elements
                    .iter()
                    .map(|e| (e.span, String::new(), e))
                    .collect();
                let pieces = self.sequence(expr.span.start + 1, &items, close, indent + 1);
                multi_line("[", "]", &pieces, indent)
            }
            ExprKind::Map(entries) => {
                let close = expr.span.end.saturating_sub(1);
                if !self.has_comment_inside(expr.span) {
                    if entries.is_empty() {
                        return "{}".to_string();
                    }
                    let parts: Vec<String> = entries
                        .iter()
                        .map(|e| format!("{} = {}", self.text(e.key.span), self.inline(&e.value)))
                        .collect();
                    let inline = format!("{{ {} }}", parts.join(", "));
                    if !inline.contains('\n') && column + inline.len() < MAX_WIDTH {
                        return inline;
                    }
                }
                let items: Vec<(Span, String, &Expr)> = entries
                    .iter()
                    .map(|e| {
                        (
                            e.key.span.join(e.value.span),
                            self.text(e.key.span).to_string(),
                            &e.value,
                        )
                    })
                    .collect();
                let pieces = self.sequence(expr.span.start + 1, &items, close, indent + 1);
                multi_line("{", "}", &pieces, indent)
            }
            ExprKind::String(_)
            | ExprKind::Int(_)
            | ExprKind::Duration(_)
            | ExprKind::Size(_)
            | ExprKind::Error => self.text(expr.span).to_string(),
        }
    }

    /// A value on one line, for the fits-on-one-line test (may contain `\n` when it cannot).
    fn inline(&self, expr: &Expr) -> String {
        match &expr.kind {
            ExprKind::List(elements) if elements.is_empty() => "[]".to_string(),
            ExprKind::List(elements) => format!(
                "[{}]",
                elements
                    .iter()
                    .map(|e| self.inline(e))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            ExprKind::Map(entries) if entries.is_empty() => "{}".to_string(),
            ExprKind::Map(entries) => format!(
                "{{ {} }}",
                entries
                    .iter()
                    .map(|e| format!("{} = {}", self.text(e.key.span), self.inline(&e.value)))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            ExprKind::Path(idents) => idents
                .iter()
                .map(|i| i.name.as_str())
                .collect::<Vec<_>>()
                .join("."),
            ExprKind::Bool(value) => value.to_string(),
            ExprKind::String(_)
            | ExprKind::Int(_)
            | ExprKind::Duration(_)
            | ExprKind::Size(_)
            | ExprKind::Error => self.text(expr.span).to_string(),
        }
    }
}

/// `open`, the pieces one level deeper than `indent`, then `close` at `indent`.
fn multi_line(open: &str, close: &str, pieces: &[Piece], indent: usize) -> String {
    let mut lines = vec![open.to_string()];
    emit(pieces, indent + 1, &mut lines);
    lines.push(format!("{}{close}", INDENT.repeat(indent)));
    lines.join("\n")
}

/// Writes pieces as lines at `indent`, aligning `=` across runs of one-line keyed elements.
fn emit(pieces: &[Piece], indent: usize, lines: &mut Vec<String>) {
    let pad = INDENT.repeat(indent);
    let mut index = 0;
    while let Some(piece) = pieces.get(index) {
        match piece {
            Piece::Blank => lines.push(String::new()),
            Piece::Comment(text) => lines.push(format!("{pad}{text}")),
            Piece::Element { .. } => {
                let run_end = pieces
                    .get(index..)
                    .unwrap_or_default()
                    .iter()
                    .position(|p| !is_one_line_element(p))
                    .map_or(pieces.len(), |offset| index + offset);
                let run = pieces
                    .get(index..run_end.max(index + 1))
                    .unwrap_or_default();
                let width = run
                    .iter()
                    .filter_map(|p| match p {
                        Piece::Element { key, .. } => Some(key.chars().count()),
                        _ => None,
                    })
                    .max()
                    .unwrap_or(0);
                for piece in run {
                    if let Piece::Element {
                        key,
                        value,
                        trailing,
                    } = piece
                    {
                        let mut line = if key.is_empty() {
                            format!("{pad}{value},")
                        } else {
                            // Padded by hand: `{:<width$}` panics past 65,535.
                            let fill = " ".repeat(width.saturating_sub(key.chars().count()));
                            format!("{pad}{key}{fill} = {value},")
                        };
                        if let Some(trailing) = trailing {
                            line.push(' ');
                            line.push_str(trailing);
                        }
                        lines.push(line);
                    }
                }
                index = run_end.max(index + 1);
                continue;
            }
        }
        index += 1;
    }
}

fn is_one_line_element(piece: &Piece) -> bool {
    matches!(piece, Piece::Element { value, .. } if !value.contains('\n'))
}
