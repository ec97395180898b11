//! Tokens in, either a syntax error (where `hclsyntax.ParseConfig`, which
//! `terraform fmt` runs first, would report one) or the list of edits
//! Terraform's fmt command makes on top of pure re-spacing: block labels to
//! canonical quoted form, interpolation-only attribute values unwrapped,
//! legacy `variable` type expressions modernised.
//!
//! This file holds the token peeker and the body grammar (attributes and
//! blocks); expressions and templates live in `expr.rs`.

use std::collections::HashSet;

use crate::lexer::{Kind, Token};
use crate::{FormatError, MAX_NESTING};

/// A rewrite of the raw tokens `start..end`.
#[derive(Debug)]
pub(crate) enum Edit {
    /// Block labels, replaced by quoted labels with these decoded values.
    Labels {
        start: usize,
        end: usize,
        labels: Vec<String>,
    },
    /// The expression of a body attribute (candidate for `"${x}"` -> `x`).
    Value { start: usize, end: usize },
    /// The `type` expression of a top-level `variable` block.
    VarType { start: usize, end: usize },
    /// The key of a `[true]`, `[false]` or `[null]` step in a variable
    /// traversal: hclwrite's parser loses these tokens (it only keeps
    /// string and number keys), so `terraform fmt` writes `x[]`.
    DropKey { start: usize, end: usize },
}

/// What [`Parser::peek`] sees: a token kind (with comments folded away the
/// way the `hclsyntax` peeker folds them) and the raw token index.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Peeked {
    pub kind: Option<Kind>,
    pub idx: usize,
}

impl Peeked {
    pub fn is(&self, kind: Kind) -> bool {
        self.kind == Some(kind)
    }
}

/// Recursive-descent checker over the token list.
pub(crate) struct Parser<'s, 't> {
    pub src: &'s str,
    pub toks: &'t [Token<'s>],
    pub pos: usize,
    newlines: Vec<bool>,
    depth: usize,
    /// Raw index one past the last token read.
    pub last_end: usize,
    pub edits: Vec<Edit>,
    /// Names bound by enclosing `for` expressions and directives.
    pub locals: Vec<String>,
}

/// Checks the syntax of a whole file and returns the edits to apply.
pub(crate) fn parse<'s>(src: &'s str, toks: &[Token<'s>]) -> Result<Vec<Edit>, FormatError> {
    let mut p = Parser {
        src,
        toks,
        pos: 0,
        newlines: vec![true],
        depth: 0,
        last_end: 0,
        edits: Vec::new(),
        locals: Vec::new(),
    };
    p.body(None, 0)?;
    Ok(p.edits)
}

impl<'s, 't> Parser<'s, 't> {
    /// Next significant token without consuming it. Comments are skipped;
    /// a `#`/`//` comment that ends a line reads as a newline when newlines
    /// are significant. `None` kind means end of input.
    pub fn peek(&self) -> (Peeked, usize) {
        let include_nl = self.newlines.last().copied().unwrap_or(true);
        let mut i = self.pos;
        while let Some(t) = self.toks.get(i) {
            match t.kind {
                Kind::Comment => {
                    if include_nl && t.text.ends_with('\n') {
                        return (
                            Peeked {
                                kind: Some(Kind::Newline),
                                idx: i,
                            },
                            i + 1,
                        );
                    }
                }
                Kind::Newline if !include_nl => {}
                k => {
                    return (
                        Peeked {
                            kind: Some(k),
                            idx: i,
                        },
                        i + 1,
                    )
                }
            }
            i += 1;
        }
        (
            Peeked {
                kind: None,
                idx: self.toks.len(),
            },
            self.toks.len(),
        )
    }

    pub fn next(&self) -> Peeked {
        self.peek().0
    }

    pub fn read(&mut self) -> Peeked {
        let (t, next) = self.peek();
        if t.kind.is_some() {
            self.last_end = next;
        }
        self.pos = next;
        t
    }

    pub fn push_newlines(&mut self, include: bool) {
        self.newlines.push(include);
    }

    pub fn pop_newlines(&mut self) {
        self.newlines.pop();
    }

    pub fn text(&self, t: Peeked) -> &str {
        self.toks.get(t.idx).map_or("", |t| &t.text)
    }

    pub fn is_keyword(&self, t: Peeked, word: &str) -> bool {
        self.toks.get(t.idx).is_some_and(|tok| tok.is_keyword(word))
    }

    /// An error located at the token `t`.
    pub fn err(&self, t: Peeked, message: &str) -> FormatError {
        let offset = self.toks.get(t.idx).map_or(self.src.len(), |t| t.offset);
        FormatError::at(self.src, offset, message)
    }

    /// Enters one level of nesting, failing beyond [`MAX_NESTING`].
    pub fn enter(&mut self) -> Result<(), FormatError> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            let t = self.next();
            return Err(self.err(t, &format!("nesting deeper than {MAX_NESTING} levels")));
        }
        Ok(())
    }

    pub fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    /// A body: attributes and blocks up to `}` (or end of file when
    /// `block_type` is `None`). `nesting` counts enclosing blocks.
    fn body(&mut self, block_type: Option<&str>, nesting: usize) -> Result<(), FormatError> {
        self.enter()?;
        let in_variable = nesting == 1 && block_type == Some("variable");
        let end = if block_type.is_some() {
            Some(Kind::CBrace)
        } else {
            None
        };
        let toks: &'t [Token<'s>] = self.toks;
        let mut names: HashSet<&'t str> = HashSet::new();
        loop {
            let t = self.next();
            if t.kind == end {
                self.read();
                break;
            }
            match t.kind {
                Some(Kind::Newline) => {
                    self.read();
                }
                Some(Kind::Ident) => {
                    self.read();
                    let name: &'t str = toks.get(t.idx).map_or("", |t| &*t.text);
                    let after = self.next();
                    if after.is(Kind::Equal) {
                        if !names.insert(name) {
                            return Err(self.err(
                                t,
                                &format!(
                                    "Attribute redefined: the argument {name:?} was already set"
                                ),
                            ));
                        }
                        self.attribute(in_variable && name == "type")?;
                        self.end_of_item("Missing newline after argument")?;
                    } else if after.is(Kind::OQuote)
                        || after.is(Kind::OBrace)
                        || after.is(Kind::Ident)
                    {
                        self.block(name, nesting + 1)?;
                    } else {
                        return Err(self.err(
                            t,
                            "Argument or block definition required: use \"=\" to set an argument",
                        ));
                    }
                }
                Some(Kind::OQuote) => {
                    return Err(self.err(
                        t,
                        "Invalid argument name: argument names must not be quoted",
                    ))
                }
                None => {
                    return Err(self.err(
                        t,
                        "Unclosed configuration block: no closing brace before the end of the file",
                    ))
                }
                Some(_) => return Err(self.err(t, "Argument or block definition required")),
            }
        }
        self.leave();
        Ok(())
    }

    /// After an attribute or block: a newline or the end of the file.
    fn end_of_item(&mut self, message: &str) -> Result<(), FormatError> {
        let t = self.next();
        match t.kind {
            Some(Kind::Newline) => {
                self.read();
                Ok(())
            }
            None => Ok(()),
            Some(Kind::Comma) => Err(self.err(
                t,
                "Unexpected comma after argument: arguments are separated by newlines",
            )),
            Some(_) => Err(self.err(t, message)),
        }
    }

    /// `= expression`, recording the expression's raw token range.
    fn attribute(&mut self, is_var_type: bool) -> Result<(), FormatError> {
        self.read(); // the equals sign
        let start = self.next().idx;
        self.expression()?;
        let end = self.last_end.max(start);
        self.edits.push(if is_var_type {
            Edit::VarType { start, end }
        } else {
            Edit::Value { start, end }
        });
        Ok(())
    }

    /// Block labels, `{`, then a body (multi-line or single-attribute).
    fn block(&mut self, block_type: &str, nesting: usize) -> Result<(), FormatError> {
        let mut labels = Vec::new();
        let mut first_label = None;
        let mut labels_end = 0;
        loop {
            let t = self.next();
            match t.kind {
                Some(Kind::OBrace) => {
                    self.read();
                    break;
                }
                Some(Kind::OQuote) => {
                    first_label.get_or_insert(t.idx);
                    // hclwrite silently drops a label that hclsyntax lexed
                    // into several literal tokens (any `$` or `%` in it).
                    if let Some(label) = self.quoted_label()? {
                        labels.push(label);
                    }
                    labels_end = self.last_end;
                }
                Some(Kind::Ident) => {
                    first_label.get_or_insert(t.idx);
                    self.read();
                    labels.push(self.text(t).to_string());
                    labels_end = self.last_end;
                }
                Some(Kind::Equal) => return Err(self.err(t, "Invalid block definition: \"=\" must not be used when defining a block")),
                Some(Kind::Newline) => {
                    return Err(self.err(t, "Invalid block definition: block content must start with \"{\" on the same line as the block header"))
                }
                _ => return Err(self.err(t, "Invalid block definition: a quoted label or \"{\" is expected here")),
            }
        }
        if let Some(start) = first_label {
            self.edits.push(Edit::Labels {
                start,
                end: labels_end,
                labels,
            });
        }
        let t = self.next();
        match t.kind {
            Some(Kind::Newline | Kind::CBrace) | None => self.body(Some(block_type), nesting)?,
            _ => {
                // Single-line block: exactly one attribute, then "}".
                let name = self.read();
                if !name.is(Kind::Ident) {
                    return Err(self.err(name, "Argument or block definition required"));
                }
                if !self.next().is(Kind::Equal) {
                    return Err(self.err(name, "Argument definition required: a single-line block can contain only a single argument"));
                }
                self.attribute(false)?;
                let close = self.next();
                if !close.is(Kind::CBrace) {
                    return Err(self.err(close, "Invalid single-argument block definition: close the block on the same line"));
                }
                self.read();
            }
        }
        self.end_of_item("Missing newline after block definition")
    }

    /// A quoted label: only literal text, no template sequences. Returns
    /// the decoded value, or `None` when hclwrite would lose the label.
    fn quoted_label(&mut self) -> Result<Option<String>, FormatError> {
        self.read(); // the opening quote
        let mut value = String::new();
        let mut pieces = 0;
        loop {
            let t = self.read();
            match t.kind {
                Some(Kind::CQuote) => return Ok((pieces <= 1).then_some(value)),
                Some(Kind::QuotedLit) => {
                    let text = self.text(t).to_string();
                    pieces += literal_pieces(&text);
                    match decode_quoted(&text) {
                        Ok(s) => value.push_str(&s),
                        Err(msg) => return Err(self.err(t, msg)),
                    }
                }
                Some(Kind::TemplateInterp | Kind::TemplateControl) => return Err(self.err(
                    t,
                    "Invalid string literal: template sequences are not allowed in a block label",
                )),
                None => return Err(self.err(t, "Unterminated string literal")),
                Some(_) => return Err(self.err(t, "Invalid string literal")),
            }
        }
    }
}

/// How many literal tokens the `hclsyntax` scanner makes of a run of
/// quoted-string text: it splits before and after every `$` and `%`
/// (keeping `$${` and `%%{` escapes whole), where this crate's lexer keeps
/// one token.
fn literal_pieces(text: &str) -> usize {
    let b = text.as_bytes();
    let (mut i, mut n, mut in_run) = (0, 0, false);
    while let Some(&c) = b.get(i) {
        match c {
            b'$' | b'%' => {
                in_run = false;
                n += 1;
                i += if b.get(i + 1) == Some(&c) && b.get(i + 2) == Some(&b'{') {
                    if b.get(i + 3) == Some(&b'~') {
                        4
                    } else {
                        3
                    }
                } else {
                    1
                };
            }
            _ => {
                if !in_run {
                    n += 1;
                    in_run = true;
                }
                i += if c == b'\\' { 2 } else { 1 };
            }
        }
    }
    n
}

/// Decodes the escapes of a quoted-string literal (`\n`, `\"`, `\u00e9`,
/// `$${`, `%%{`, ...), failing on an invalid escape sequence.
pub(crate) fn decode_quoted(text: &str) -> Result<String, &'static str> {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('n') => out.push('\n'),
                Some('r') => out.push('\r'),
                Some('t') => out.push('\t'),
                Some('"') => out.push('"'),
                Some('\\') => out.push('\\'),
                Some(u @ ('u' | 'U')) => {
                    let len = if u == 'u' { 4 } else { 8 };
                    let mut hex = String::new();
                    for _ in 0..len {
                        match chars.next_if(char::is_ascii_hexdigit) {
                            Some(h) => hex.push(h),
                            None => {
                                return Err("Invalid escape sequence: incomplete unicode escape")
                            }
                        }
                    }
                    let ch = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32);
                    match ch {
                        Some(ch) => out.push(ch),
                        None => {
                            return Err("Invalid escape sequence: not a valid unicode character")
                        }
                    }
                }
                _ => return Err("Invalid escape sequence"),
            },
            '$' | '%' if chars.peek() == Some(&c) => {
                let mut look = chars.clone();
                look.next();
                if look.peek() == Some(&'{') {
                    chars.next();
                }
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    Ok(out)
}
