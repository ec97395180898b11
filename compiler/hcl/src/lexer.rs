//! HCL source text in, a flat list of tokens out, split exactly where the
//! `hclsyntax` scanner of HashiCorp's HCL (the one `terraform fmt` uses)
//! splits them, with no whitespace tokens: the formatter recomputes all
//! spacing between tokens.

use std::borrow::Cow;

use crate::FormatError;

/// The kinds of token the formatter distinguishes, mirroring `hclsyntax`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    OBrace,
    CBrace,
    OBrack,
    CBrack,
    OParen,
    CParen,
    OQuote,
    CQuote,
    OHeredoc,
    CHeredoc,
    Star,
    Slash,
    Plus,
    Minus,
    Percent,
    Equal,
    EqualOp,
    NotEqual,
    LessThan,
    LessThanEq,
    GreaterThan,
    GreaterThanEq,
    And,
    Or,
    Bang,
    Dot,
    Comma,
    DoubleColon,
    Ellipsis,
    FatArrow,
    Question,
    Colon,
    TemplateInterp,
    TemplateControl,
    TemplateSeqEnd,
    QuotedLit,
    StringLit,
    NumberLit,
    Ident,
    Comment,
    Newline,
}

/// One token: its kind, its exact text and the byte offset where it began in
/// the source (synthetic tokens borrow the offset of the token they replace).
#[derive(Clone, Debug)]
pub(crate) struct Token<'a> {
    pub kind: Kind,
    pub text: Cow<'a, str>,
    pub offset: usize,
}

impl Token<'_> {
    /// True for an identifier spelled exactly `word`.
    pub fn is_keyword(&self, word: &str) -> bool {
        self.kind == Kind::Ident && self.text == word
    }
}

/// What the scanner is inside: ordinary expression syntax, a quoted
/// template, or a heredoc template (with its closing marker).
enum Mode<'a> {
    Main,
    Quoted,
    Heredoc { marker: &'a str, line_start: bool },
}

struct Lexer<'a> {
    src: &'a str,
    pos: usize,
    modes: Vec<Mode<'a>>,
    braces: i64,
    ret_braces: Vec<i64>,
    toks: Vec<Token<'a>>,
    /// Set once a search for `*/` failed: none exists from this offset on,
    /// so later unterminated `/*` need not rescan (keeps lexing linear).
    no_comment_end_from: Option<usize>,
}

/// Splits `src` into tokens. Characters that `hclsyntax` rejects outright
/// (stray `&`, `;`, a newline inside a quoted string, ...) are reported as
/// errors here rather than as invalid tokens.
pub(crate) fn lex(src: &str) -> Result<Vec<Token<'_>>, FormatError> {
    let mut lx = Lexer {
        src,
        pos: 0,
        modes: vec![Mode::Main],
        braces: 0,
        ret_braces: Vec::new(),
        toks: Vec::with_capacity(src.len() / 3 + 4),
        no_comment_end_from: None,
    };
    // A UTF-8 byte order mark is skipped (and so dropped from the output).
    if src.starts_with('\u{feff}') {
        lx.pos = '\u{feff}'.len_utf8();
    }
    while lx.pos < src.len() {
        match lx.modes.last() {
            Some(Mode::Quoted) => lx.quoted()?,
            Some(Mode::Heredoc { .. }) => lx.heredoc()?,
            _ => lx.main()?,
        }
    }
    Ok(lx.toks)
}

fn is_ident_start(c: char) -> bool {
    c == '_' || c.is_alphabetic()
}

fn is_ident_continue(c: char) -> bool {
    c == '_' || c == '-' || c.is_alphanumeric() || ('\u{300}'..='\u{36f}').contains(&c)
}

impl<'a> Lexer<'a> {
    fn rest(&self) -> &'a str {
        self.src.get(self.pos..).unwrap_or("")
    }

    fn byte_at(&self, i: usize) -> Option<u8> {
        self.src.as_bytes().get(i).copied()
    }

    fn push(&mut self, kind: Kind, len: usize) {
        let end = (self.pos + len).min(self.src.len());
        let text = self.src.get(self.pos..end).unwrap_or("");
        self.toks.push(Token {
            kind,
            text: Cow::Borrowed(text),
            offset: self.pos,
        });
        self.pos = end;
    }

    fn invalid(&self, what: &str) -> FormatError {
        FormatError::at(self.src, self.pos, what)
    }

    /// Length of an identifier starting at the current position (0 if none).
    fn ident_len(&self, from: usize) -> usize {
        let rest = self.src.get(from..).unwrap_or("");
        let mut chars = rest.char_indices();
        match chars.next() {
            Some((_, c)) if is_ident_start(c) => {}
            _ => return 0,
        }
        for (i, c) in chars {
            if !is_ident_continue(c) {
                return i;
            }
        }
        rest.len()
    }

    /// Length of a number literal: a digit, then digits, dots and exponents,
    /// never ending on a dot.
    fn number_len(&self) -> usize {
        let b = self.rest().as_bytes();
        let mut i = 1;
        let mut good = 1;
        loop {
            match b.get(i) {
                Some(c) if c.is_ascii_digit() => {
                    i += 1;
                    good = i;
                }
                Some(b'.') => i += 1,
                Some(b'e' | b'E') => {
                    let mut j = i + 1;
                    if matches!(b.get(j), Some(b'+' | b'-')) {
                        j += 1;
                    }
                    if b.get(j).is_some_and(u8::is_ascii_digit) {
                        i = j + 1;
                        good = i;
                    } else {
                        break;
                    }
                }
                _ => break,
            }
        }
        good
    }

    /// Opens a `${` or `%{` sequence: the scanner switches back to ordinary
    /// syntax until the matching `}`.
    fn open_template_seq(&mut self, kind: Kind) {
        let len = if self.byte_at(self.pos + 2) == Some(b'~') {
            3
        } else {
            2
        };
        self.push(kind, len);
        self.braces += 1;
        self.ret_braces.push(self.braces);
        if let Some(Mode::Heredoc { line_start, .. }) = self.modes.last_mut() {
            *line_start = false;
        }
        self.modes.push(Mode::Main);
    }

    fn close_brace(&mut self, len: usize) {
        if self.ret_braces.last() == Some(&self.braces) {
            self.push(Kind::TemplateSeqEnd, len);
            self.braces -= 1;
            self.ret_braces.pop();
            self.modes.pop();
        } else {
            let kind = if len == 2 {
                Kind::TemplateSeqEnd
            } else {
                Kind::CBrace
            };
            self.push(kind, len);
            self.braces -= 1;
        }
    }

    fn main(&mut self) -> Result<(), FormatError> {
        let rest = self.rest();
        let b = rest.as_bytes();
        let Some(&c) = b.first() else {
            return Ok(());
        };
        let next = b.get(1).copied();
        match c {
            b' ' | b'\t' => {
                let n = b.iter().take_while(|&&x| x == b' ' || x == b'\t').count();
                self.pos += n;
            }
            b'0'..=b'9' => {
                let n = self.number_len();
                self.push(Kind::NumberLit, n);
            }
            b'#' => self.line_comment(),
            b'/' if next == Some(b'/') => self.line_comment(),
            b'/' if next == Some(b'*') => match self.block_comment_end() {
                Some(end) => self.push(Kind::Comment, end + 4),
                None => self.push(Kind::Slash, 1),
            },
            b'\n' => self.push(Kind::Newline, 1),
            b'\r' if next == Some(b'\n') => self.push(Kind::Newline, 2),
            b'=' if next == Some(b'=') => self.push(Kind::EqualOp, 2),
            b'=' if next == Some(b'>') => self.push(Kind::FatArrow, 2),
            b'!' if next == Some(b'=') => self.push(Kind::NotEqual, 2),
            b'>' if next == Some(b'=') => self.push(Kind::GreaterThanEq, 2),
            b'<' if next == Some(b'<') && self.heredoc_intro() => {}
            b'<' if next == Some(b'=') => self.push(Kind::LessThanEq, 2),
            b'&' if next == Some(b'&') => self.push(Kind::And, 2),
            b'|' if next == Some(b'|') => self.push(Kind::Or, 2),
            b':' if next == Some(b':') => self.push(Kind::DoubleColon, 2),
            b'.' if next == Some(b'.') && b.get(2) == Some(&b'.') => self.push(Kind::Ellipsis, 3),
            b'~' if next == Some(b'}') => self.close_brace(2),
            b'{' => {
                self.push(Kind::OBrace, 1);
                self.braces += 1;
            }
            b'}' => self.close_brace(1),
            b'"' => {
                self.push(Kind::OQuote, 1);
                self.modes.push(Mode::Quoted);
            }
            _ => {
                let kind = match c {
                    b'[' => Kind::OBrack,
                    b']' => Kind::CBrack,
                    b'(' => Kind::OParen,
                    b')' => Kind::CParen,
                    b'.' => Kind::Dot,
                    b',' => Kind::Comma,
                    b'*' => Kind::Star,
                    b'/' => Kind::Slash,
                    b'%' => Kind::Percent,
                    b'+' => Kind::Plus,
                    b'-' => Kind::Minus,
                    b'=' => Kind::Equal,
                    b'<' => Kind::LessThan,
                    b'>' => Kind::GreaterThan,
                    b'!' => Kind::Bang,
                    b'?' => Kind::Question,
                    b':' => Kind::Colon,
                    _ => {
                        let n = self.ident_len(self.pos);
                        if n > 0 {
                            self.push(Kind::Ident, n);
                            return Ok(());
                        }
                        let ch = rest.chars().next().unwrap_or('?');
                        return Err(self.invalid(&format!("Invalid character {ch:?}")));
                    }
                };
                self.push(kind, 1);
            }
        }
        Ok(())
    }

    /// Offset of the `*/` closing a `/*` at the current position, relative
    /// to the text after the `/*`.
    fn block_comment_end(&mut self) -> Option<usize> {
        if self
            .no_comment_end_from
            .is_some_and(|from| from <= self.pos)
        {
            return None;
        }
        let found = self.rest().get(2..).and_then(|r| r.find("*/"));
        if found.is_none() {
            self.no_comment_end_from = Some(self.pos);
        }
        found
    }

    fn line_comment(&mut self) {
        let rest = self.rest();
        let n = rest.find('\n').map_or(rest.len(), |i| i + 1);
        self.push(Kind::Comment, n);
    }

    /// Tries `<<` `-`? identifier newline; on success pushes the opener
    /// (newline included) and enters heredoc mode.
    fn heredoc_intro(&mut self) -> bool {
        let mut i = self.pos + 2;
        if self.byte_at(i) == Some(b'-') {
            i += 1;
        }
        let n = self.ident_len(i);
        if n == 0 {
            return false;
        }
        let marker = self.src.get(i..i + n).unwrap_or("");
        let nl = match (self.byte_at(i + n), self.byte_at(i + n + 1)) {
            (Some(b'\n'), _) => 1,
            (Some(b'\r'), Some(b'\n')) => 2,
            _ => return false,
        };
        let len = i + n + nl - self.pos;
        self.push(Kind::OHeredoc, len);
        self.modes.push(Mode::Heredoc {
            marker,
            line_start: true,
        });
        true
    }

    /// Inside `"..."`: literal runs, template sequences, the closing quote.
    fn quoted(&mut self) -> Result<(), FormatError> {
        let b = self.rest().as_bytes();
        match (b.first(), b.get(1)) {
            (Some(b'$'), Some(b'{')) => self.open_template_seq(Kind::TemplateInterp),
            (Some(b'%'), Some(b'{')) => self.open_template_seq(Kind::TemplateControl),
            (Some(b'"'), _) => {
                self.push(Kind::CQuote, 1);
                self.modes.pop();
            }
            (Some(b'\n' | b'\r'), _) => {
                return Err(self.invalid("Invalid multi-line string: quoted strings may not be split over multiple lines"));
            }
            _ => {
                let n = literal_len(b, true);
                if n == 0 {
                    return Err(self.invalid("Invalid character in quoted string"));
                }
                self.push(Kind::QuotedLit, n);
            }
        }
        Ok(())
    }

    /// Inside a heredoc: one line (or part of a line before a template
    /// sequence) at a time; a whole line equal to the marker closes it.
    fn heredoc(&mut self) -> Result<(), FormatError> {
        let b = self.rest().as_bytes();
        match (b.first(), b.get(1)) {
            (Some(b'$'), Some(b'{')) => {
                self.open_template_seq(Kind::TemplateInterp);
                return Ok(());
            }
            (Some(b'%'), Some(b'{')) => {
                self.open_template_seq(Kind::TemplateControl);
                return Ok(());
            }
            _ => {}
        }
        let n = literal_len(b, false);
        let nl = match (b.get(n), b.get(n + 1)) {
            (Some(b'\n'), _) => 1,
            (Some(b'\r'), Some(b'\n')) => 2,
            (Some(b'\r'), _) => {
                return Err(FormatError::at(
                    self.src,
                    self.pos + n,
                    "Invalid character '\\r' in heredoc",
                ))
            }
            _ => 0,
        };
        let Some(Mode::Heredoc { marker, line_start }) = self.modes.last_mut() else {
            return Ok(());
        };
        if nl == 0 {
            *line_start = false;
            self.push(Kind::StringLit, n);
            return Ok(());
        }
        let text = self.src.get(self.pos..self.pos + n).unwrap_or("");
        if *line_start && text.trim() == *marker {
            self.modes.pop();
            self.push(Kind::CHeredoc, n);
            self.push(Kind::Newline, nl);
        } else {
            *line_start = true;
            self.push(Kind::StringLit, n + nl);
        }
        Ok(())
    }
}

/// Length of the literal text at the start of `b`, stopping before a
/// template sequence (`${`, `%{`), a line break and, in quoted strings, the
/// closing quote. `$${` and `%%{` are escapes and stay in the literal.
fn literal_len(b: &[u8], quoted: bool) -> usize {
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        match c {
            b'\n' | b'\r' => break,
            b'"' if quoted => break,
            b'\\' if quoted => match b.get(i + 1) {
                None | Some(b'\n' | b'\r') => break,
                Some(_) => i += 2,
            },
            b'$' | b'%' => match (b.get(i + 1), b.get(i + 2)) {
                (Some(b'{'), _) => break,
                (Some(&d), Some(b'{')) if d == c => i += 3,
                _ => i += 1,
            },
            _ => i += 1,
        }
    }
    // Never split a UTF-8 sequence: `\` followed by a multi-byte character
    // advanced by two bytes only, so extend to the next character boundary.
    while i < b.len() && b.get(i).is_some_and(|&x| (x & 0xC0) == 0x80) {
        i += 1;
    }
    i
}
