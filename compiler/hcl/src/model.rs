//! HCL text in, a small read-only model out: blocks (type, labels, body) and attributes whose
//! values are object, tuple, call and index expressions where the text has that shape, and
//! normalised one-line text otherwise. `hbmod diff` reads generated Terraform through it; it
//! is not a full HCL expression tree (no operators, no evaluation).

use crate::lexer::{self, Kind, Token};
use crate::{parser, FormatError};

/// The attributes and blocks of a file or of a block, in source order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Body {
    /// `name = expression` lines.
    pub attributes: Vec<Attribute>,
    /// Nested blocks.
    pub blocks: Vec<Block>,
}

/// `name = expression`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribute {
    /// The attribute's name.
    pub name: String,
    /// Its value.
    pub value: Expr,
}

/// `type "label" ... { body }`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// The block type (`resource`, `locals`, `lifecycle`).
    pub kind: String,
    /// The labels, decoded.
    pub labels: Vec<String>,
    /// What is inside.
    pub body: Body,
}

/// An expression, structured where that is cheap and useful.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expr {
    /// `{ key = value, ... }`: keys as written (quoted keys decoded).
    Object(Vec<(String, Expr)>),
    /// `[a, b]` (not a `for` expression).
    Tuple(Vec<Expr>),
    /// `name(arg, ...)`.
    Call(String, Vec<Expr>),
    /// `collection[key]`, the key as normalised text.
    Index(Box<Expr>, String),
    /// Anything else, as one line of text with comments dropped and spacing normalised.
    Other(String),
}

impl Expr {
    /// The expression as one line of canonical text.
    pub fn text(&self) -> String {
        match self {
            Expr::Object(entries) if entries.is_empty() => "{}".to_string(),
            Expr::Object(entries) => {
                let inner: Vec<String> = entries
                    .iter()
                    .map(|(k, v)| format!("{k} = {}", v.text()))
                    .collect();
                format!("{{ {} }}", inner.join(", "))
            }
            Expr::Tuple(items) => {
                let inner: Vec<String> = items.iter().map(Expr::text).collect();
                format!("[{}]", inner.join(", "))
            }
            Expr::Call(name, args) => {
                let inner: Vec<String> = args.iter().map(Expr::text).collect();
                format!("{name}({})", inner.join(", "))
            }
            Expr::Index(base, key) => format!("{}[{key}]", base.text()),
            Expr::Other(text) => text.clone(),
        }
    }

    /// The value of a quoted string without interpolation (`"a"` → `a`), if it is one.
    pub fn as_literal_string(&self) -> Option<String> {
        let Expr::Other(text) = self else { return None };
        let inner = text.strip_prefix('"')?.strip_suffix('"')?;
        if inner.contains("${") || inner.contains("%{") || inner.contains('"') {
            return None;
        }
        parser::decode_quoted(inner).ok()
    }
}

/// Reads `src` into its model; an error where `terraform fmt` would refuse the file.
pub fn read(src: &str) -> Result<Body, FormatError> {
    let tokens = lexer::lex(src)?;
    parser::parse(src, &tokens)?;
    Ok(from_tokens(&tokens))
}

/// The model of tokens the parser accepted.
pub(crate) fn from_tokens(tokens: &[Token<'_>]) -> Body {
    let toks: Vec<Tok<'_>> = tokens
        .iter()
        .filter_map(|t| match t.kind {
            Kind::Comment if t.text.ends_with('\n') => Some(Tok::of(t, Kind::Newline)),
            Kind::Comment => None,
            kind => Some(Tok::of(t, kind)),
        })
        .collect();
    let mut reader = Reader {
        toks: &toks,
        pos: 0,
    };
    reader.body(false)
}

/// A token without comments: kind, text and byte range.
#[derive(Debug, Clone)]
struct Tok<'s> {
    kind: Kind,
    text: &'s str,
    start: usize,
    end: usize,
}

impl<'s> Tok<'s> {
    fn of(t: &'s Token<'_>, kind: Kind) -> Tok<'s> {
        Tok {
            kind,
            text: &t.text,
            start: t.offset,
            end: t.offset + t.text.len(),
        }
    }
}

pub(crate) fn opens(kind: Kind) -> bool {
    matches!(
        kind,
        Kind::OBrace
            | Kind::OBrack
            | Kind::OParen
            | Kind::OQuote
            | Kind::OHeredoc
            | Kind::TemplateInterp
            | Kind::TemplateControl
    )
}

pub(crate) fn closes(kind: Kind) -> bool {
    matches!(
        kind,
        Kind::CBrace
            | Kind::CBrack
            | Kind::CParen
            | Kind::CQuote
            | Kind::CHeredoc
            | Kind::TemplateSeqEnd
    )
}

struct Reader<'t, 's> {
    toks: &'t [Tok<'s>],
    pos: usize,
}

impl<'t, 's> Reader<'t, 's> {
    fn peek(&self) -> Option<&'t Tok<'s>> {
        self.toks.get(self.pos)
    }

    /// A body up to its `}` (consumed) or the end of the input. The input has been checked by
    /// the parser, so the shapes below are the only ones that occur.
    fn body(&mut self, in_block: bool) -> Body {
        let mut body = Body::default();
        while let Some(tok) = self.peek() {
            match tok.kind {
                Kind::Newline => self.pos += 1,
                Kind::CBrace if in_block => {
                    self.pos += 1;
                    break;
                }
                Kind::Ident => {
                    let name = tok.text.to_string();
                    self.pos += 1;
                    if self.peek().is_some_and(|t| t.kind == Kind::Equal) {
                        self.pos += 1;
                        let start = self.pos;
                        let mut depth = 0usize;
                        while let Some(t) = self.peek() {
                            if depth == 0
                                && (t.kind == Kind::Newline || (t.kind == Kind::CBrace && in_block))
                            {
                                break;
                            }
                            if opens(t.kind) {
                                depth += 1;
                            } else if closes(t.kind) {
                                depth = depth.saturating_sub(1);
                            }
                            self.pos += 1;
                        }
                        let value = expr(self.toks.get(start..self.pos).unwrap_or_default());
                        body.attributes.push(Attribute { name, value });
                    } else {
                        let labels = self.labels();
                        let inner = self.body(true);
                        body.blocks.push(Block {
                            kind: name,
                            labels,
                            body: inner,
                        });
                    }
                }
                _ => self.pos += 1,
            }
        }
        body
    }

    /// Block labels up to and including `{`.
    fn labels(&mut self) -> Vec<String> {
        let mut labels = Vec::new();
        while let Some(tok) = self.peek() {
            self.pos += 1;
            match tok.kind {
                Kind::OBrace => break,
                Kind::Ident => labels.push(tok.text.to_string()),
                Kind::OQuote => {
                    let mut label = String::new();
                    while let Some(t) = self.peek() {
                        self.pos += 1;
                        if t.kind == Kind::CQuote {
                            break;
                        }
                        label.push_str(&parser::decode_quoted(t.text).unwrap_or_default());
                    }
                    labels.push(label);
                }
                _ => {}
            }
        }
        labels
    }
}

/// The index of the token closing the one opened at `open`.
fn matching(toks: &[Tok<'_>], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, t) in toks.iter().enumerate().skip(open) {
        if opens(t.kind) {
            depth += 1;
        } else if closes(t.kind) {
            depth = depth.saturating_sub(1);
            if depth == 0 {
                return Some(i);
            }
        }
    }
    None
}

/// Splits `toks` at depth-0 tokens of the given kinds, dropping empty pieces.
fn split_top<'t, 's>(toks: &'t [Tok<'s>], at: &[Kind]) -> Vec<&'t [Tok<'s>]> {
    let mut pieces = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (i, t) in toks.iter().enumerate() {
        if opens(t.kind) {
            depth += 1;
        } else if closes(t.kind) {
            depth = depth.saturating_sub(1);
        } else if depth == 0 && at.contains(&t.kind) {
            pieces.push(toks.get(start..i).unwrap_or_default());
            start = i + 1;
        }
    }
    pieces.push(toks.get(start..).unwrap_or_default());
    pieces
        .into_iter()
        .filter(|p| p.iter().any(|t| t.kind != Kind::Newline))
        .collect()
}

fn trim<'t, 's>(toks: &'t [Tok<'s>]) -> &'t [Tok<'s>] {
    let start = toks
        .iter()
        .position(|t| t.kind != Kind::Newline)
        .unwrap_or(toks.len());
    let end = toks
        .iter()
        .rposition(|t| t.kind != Kind::Newline)
        .map_or(start, |i| i + 1);
    toks.get(start..end).unwrap_or_default()
}

/// One expression's tokens in, its model out.
fn expr(toks: &[Tok<'_>]) -> Expr {
    let toks = trim(toks);
    let last = toks.len().saturating_sub(1);
    let Some(first) = toks.first() else {
        return Expr::Other(String::new());
    };
    let inner = |open: usize, close: usize| toks.get(open + 1..close).unwrap_or_default();
    match first.kind {
        Kind::OBrace | Kind::OBrack => {
            let Some(close) = matching(toks, 0) else {
                return Expr::Other(text(toks));
            };
            let is_for = inner(0, close)
                .iter()
                .find(|t| t.kind != Kind::Newline)
                .is_some_and(|t| t.kind == Kind::Ident && t.text == "for");
            let collection = if is_for {
                Expr::Other(text(toks.get(..=close).unwrap_or_default()))
            } else if first.kind == Kind::OBrace {
                object(inner(0, close))
            } else {
                Expr::Tuple(
                    split_top(inner(0, close), &[Kind::Comma])
                        .into_iter()
                        .map(expr)
                        .collect(),
                )
            };
            if close == last {
                return collection;
            }
            // `{ ... }[key]`: one index step after the collection, nothing else.
            let open = close + 1;
            match (toks.get(open), matching(toks, open)) {
                (Some(t), Some(end)) if t.kind == Kind::OBrack && end == last => {
                    Expr::Index(Box::new(collection), text(inner(open, end)))
                }
                _ => Expr::Other(text(toks)),
            }
        }
        Kind::Ident if toks.get(1).is_some_and(|t| t.kind == Kind::OParen) => {
            match matching(toks, 1) {
                Some(close) if close == last => Expr::Call(
                    first.text.to_string(),
                    split_top(inner(1, close), &[Kind::Comma])
                        .into_iter()
                        .map(expr)
                        .collect(),
                ),
                _ => Expr::Other(text(toks)),
            }
        }
        _ => Expr::Other(text(toks)),
    }
}

/// The entries of an object body: `key = value` separated by commas or newlines.
fn object(toks: &[Tok<'_>]) -> Expr {
    let mut entries = Vec::new();
    for piece in split_top(toks, &[Kind::Comma, Kind::Newline]) {
        let piece = trim(piece);
        let mut depth = 0usize;
        let mut split = None;
        for (i, t) in piece.iter().enumerate() {
            if opens(t.kind) {
                depth += 1;
            } else if closes(t.kind) {
                depth = depth.saturating_sub(1);
            } else if depth == 0 && matches!(t.kind, Kind::Equal | Kind::Colon) {
                split = Some(i);
                break;
            }
        }
        let Some(split) = split else {
            return Expr::Other(format!("{{ {} }}", text(toks)));
        };
        let key = expr(piece.get(..split).unwrap_or_default());
        let key = key.as_literal_string().unwrap_or_else(|| key.text());
        entries.push((key, expr(piece.get(split + 1..).unwrap_or_default())));
    }
    Expr::Object(entries)
}

/// Tokens as one line: a space wherever the source had whitespace, line breaks included.
fn text(toks: &[Tok<'_>]) -> String {
    let mut out = String::new();
    let mut previous_end: Option<usize> = None;
    for t in toks {
        if t.kind == Kind::Newline {
            continue;
        }
        if previous_end.is_some_and(|end| t.start > end) {
            out.push(' ');
        }
        out.push_str(t.text);
        previous_end = Some(t.end);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_attributes_and_shapes() {
        let src = r#"
# comment
resource "aws_s3_bucket" "web" {
  bucket = local.web_names.bucket # trailing
  tags   = { A = "1", "B c" = var.x }
  list = [
    "a",
    "b",
  ]
  policy = jsonencode({
    Statement = [{ Action = ["s3:GetObject"], Resource = "*" }]
  })
  lifecycle { prevent_destroy = true }
}
locals {
  web_names = {
    dev = { bucket = "x" }
  }[var.environment]
}
"#;
        let body = read(src).unwrap();
        let resource = &body.blocks[0];
        assert_eq!(resource.kind, "resource");
        assert_eq!(resource.labels, vec!["aws_s3_bucket", "web"]);
        let attrs: Vec<(String, String)> = resource
            .body
            .attributes
            .iter()
            .map(|a| (a.name.clone(), a.value.text()))
            .collect();
        assert_eq!(
            attrs,
            vec![
                ("bucket".into(), "local.web_names.bucket".into()),
                ("tags".into(), "{ A = \"1\", B c = var.x }".into()),
                ("list".into(), "[\"a\", \"b\"]".into()),
                (
                    "policy".into(),
                    "jsonencode({ Statement = [{ Action = [\"s3:GetObject\"], Resource = \"*\" }] })"
                        .into()
                ),
            ]
        );
        assert_eq!(resource.body.blocks[0].kind, "lifecycle");
        assert_eq!(
            resource.body.blocks[0].body.attributes[0].value.text(),
            "true"
        );
        let Expr::Index(base, key) = &body.blocks[1].body.attributes[0].value else {
            panic!("not an index")
        };
        assert_eq!(key, "var.environment");
        assert_eq!(base.text(), "{ dev = { bucket = \"x\" } }");
    }

    #[test]
    fn invalid_text_is_an_error() {
        assert!(read("resource {").is_err());
    }
}
