//! Tokens of one HCL expression in (through the shared [`Parser`]), `Ok`
//! once the expression is consumed or a syntax error out: conditionals,
//! binary and unary operators, traversals, splats, function calls, tuple,
//! object and `for` constructors, quoted and heredoc templates. Nothing is
//! built: the formatter only needs to know the text is valid and where
//! each attribute value ends. Templates are in `template.rs`.

use crate::lexer::Kind;
use crate::parser::{Parser, Peeked};
use crate::FormatError;

/// Binary operators from loosest to tightest binding.
const LEVELS: [&[Kind]; 6] = [
    &[Kind::Or],
    &[Kind::And],
    &[Kind::EqualOp, Kind::NotEqual],
    &[
        Kind::GreaterThan,
        Kind::GreaterThanEq,
        Kind::LessThan,
        Kind::LessThanEq,
    ],
    &[Kind::Plus, Kind::Minus],
    &[Kind::Star, Kind::Slash, Kind::Percent],
];

impl Parser<'_, '_> {
    /// A full expression, including a trailing `? :` conditional.
    pub fn expression(&mut self) -> Result<(), FormatError> {
        self.enter()?;
        self.binary(0)?;
        if self.next().is(Kind::Question) {
            self.read();
            self.expression()?;
            let colon = self.next();
            if !colon.is(Kind::Colon) {
                return Err(self.err(
                    colon,
                    "Missing false expression in conditional: expected \":\"",
                ));
            }
            self.read();
            self.expression()?;
        }
        self.leave();
        Ok(())
    }

    fn binary(&mut self, level: usize) -> Result<(), FormatError> {
        let Some(ops) = LEVELS.get(level) else {
            return self.with_traversals();
        };
        self.binary(level + 1)?;
        while self.next().kind.is_some_and(|k| ops.contains(&k)) {
            self.read();
            self.binary(level + 1)?;
        }
        Ok(())
    }

    fn with_traversals(&mut self) -> Result<(), FormatError> {
        let chain = self.term()?;
        self.traversals(chain)
    }

    fn legacy_index(&mut self, t: Peeked) -> Result<(), FormatError> {
        let text = self.text(t);
        if text.contains('.') {
            return Err(self.err(
                t,
                "Invalid legacy index syntax: use [index] instead of .index.index",
            ));
        }
        self.number(t)
    }

    fn number(&self, t: Peeked) -> Result<(), FormatError> {
        let b = self.text(t).as_bytes();
        let mut i = b.iter().take_while(|c| c.is_ascii_digit()).count();
        let mut ok = i > 0;
        if b.get(i) == Some(&b'.') {
            let n = b
                .get(i + 1..)
                .map_or(0, |r| r.iter().take_while(|c| c.is_ascii_digit()).count());
            ok &= n > 0;
            i += 1 + n;
        }
        if matches!(b.get(i), Some(b'e' | b'E')) {
            i += 1;
            if matches!(b.get(i), Some(b'+' | b'-')) {
                i += 1;
            }
            let n = b
                .get(i..)
                .map_or(0, |r| r.iter().take_while(|c| c.is_ascii_digit()).count());
            ok &= n > 0;
            i += n;
        }
        if ok && i == b.len() {
            Ok(())
        } else {
            Err(self.err(t, "Invalid number literal"))
        }
    }

    /// `.attr`, `.0`, `.*`, `[key]`, `[*]`, repeated. `chain` is true while
    /// the steps so far form a variable traversal (a free identifier
    /// followed only by names and literal keys), the only place hclwrite
    /// mishandles `[true]`-style keys.
    fn traversals(&mut self, mut chain: bool) -> Result<(), FormatError> {
        loop {
            let t = self.next();
            match t.kind {
                Some(Kind::Dot) => {
                    self.read();
                    let a = self.next();
                    match a.kind {
                        Some(Kind::Ident) => {
                            self.read();
                        }
                        Some(Kind::NumberLit) => {
                            self.read();
                            self.legacy_index(a)?;
                        }
                        Some(Kind::Star) => {
                            self.read();
                            chain = false;
                            while self.next().is(Kind::Dot) {
                                self.read();
                                let s = self.next();
                                match s.kind {
                                    Some(Kind::NumberLit) => {
                                        self.read();
                                        self.legacy_index(s)?;
                                    }
                                    Some(Kind::Ident) => {
                                        self.read();
                                    }
                                    Some(Kind::Star) => {
                                        return Err(
                                            self.err(s, "Nested splat expression not allowed")
                                        )
                                    }
                                    _ => return Err(self.err(s, "Invalid attribute name")),
                                }
                            }
                        }
                        _ => {
                            return Err(self.err(
                                a,
                                "Invalid attribute name: an attribute name is required after a dot",
                            ))
                        }
                    }
                }
                Some(Kind::OBrack) => {
                    let open = self.read();
                    if self.next().is(Kind::Star) {
                        self.read();
                        let close = self.read();
                        if !close.is(Kind::CBrack) {
                            return Err(self.err(close, "Missing close bracket on splat index"));
                        }
                        self.enter()?;
                        self.traversals(false)?;
                        self.leave();
                        return Ok(());
                    }
                    self.push_newlines(false);
                    let key_start = self.next().idx;
                    self.expression()?;
                    let close = self.read();
                    if !close.is(Kind::CBrack) {
                        return Err(self.err(close, "Missing close bracket on index"));
                    }
                    self.pop_newlines();
                    if chain {
                        chain = self.literal_key(open.idx, key_start, close.idx);
                    }
                }
                _ => return Ok(()),
            }
        }
    }

    /// After `[key]` in a variable traversal: whether the key is a literal
    /// (so the traversal goes on); records the hclwrite token loss for
    /// `true`, `false` and `null` keys.
    fn literal_key(&mut self, open: usize, key_start: usize, close: usize) -> bool {
        let sig: Vec<&crate::lexer::Token<'_>> = self
            .toks
            .get(key_start..close)
            .unwrap_or(&[])
            .iter()
            .filter(|t| !matches!(t.kind, Kind::Comment | Kind::Newline))
            .collect();
        match sig.as_slice() {
            [t] if t.kind == Kind::NumberLit => true,
            [t] if t.is_keyword("true") || t.is_keyword("false") || t.is_keyword("null") => {
                self.edits.push(crate::parser::Edit::DropKey {
                    start: open + 1,
                    end: close,
                });
                true
            }
            [o, middle @ .., c]
                if matches!(o.kind, Kind::OQuote | Kind::OHeredoc)
                    && matches!(c.kind, Kind::CQuote | Kind::CHeredoc) =>
            {
                // An empty template counts as one empty literal part.
                middle
                    .iter()
                    .all(|t| matches!(t.kind, Kind::QuotedLit | Kind::StringLit))
            }
            _ => false,
        }
    }

    /// One term; returns true when it is a free variable reference (the
    /// root of a traversal hclwrite re-parses).
    fn term(&mut self) -> Result<bool, FormatError> {
        let t = self.next();
        match t.kind {
            Some(Kind::OParen) => {
                self.read();
                self.push_newlines(false);
                self.expression()?;
                let close = self.next();
                if !close.is(Kind::CParen) {
                    return Err(self.err(close, "Unbalanced parentheses: expected \")\""));
                }
                self.read();
                self.pop_newlines();
            }
            Some(Kind::NumberLit) => {
                self.read();
                self.number(t)?;
            }
            Some(Kind::Ident) => {
                self.read();
                let n = self.next();
                if n.is(Kind::OParen) || n.is(Kind::DoubleColon) {
                    self.call()?;
                } else {
                    let name = self.text(t);
                    let free = !matches!(name, "true" | "false" | "null") && !self.locals.iter().any(|l| l == name);
                    return Ok(free);
                }
            }
            Some(Kind::OQuote) => {
                self.read();
                self.template(Kind::CQuote)?;
            }
            Some(Kind::OHeredoc) => {
                self.read();
                self.template(Kind::CHeredoc)?;
            }
            Some(Kind::Minus | Kind::Bang) => {
                self.read();
                self.enter()?;
                self.with_traversals()?;
                self.leave();
            }
            Some(Kind::OBrack) => self.tuple()?,
            Some(Kind::OBrace) => self.object()?,
            None => return Err(self.err(t, "Missing expression: expected the start of an expression, but found the end of the file")),
            Some(_) => return Err(self.err(t, "Invalid expression: expected the start of an expression")),
        }
        Ok(false)
    }

    /// After a function name: `::name`* then `(args)`.
    fn call(&mut self) -> Result<(), FormatError> {
        let mut open = self.read();
        while open.is(Kind::DoubleColon) {
            let name = self.read();
            if !name.is(Kind::Ident) {
                return Err(self.err(name, "Missing function name after \"::\""));
            }
            open = self.read();
        }
        if !open.is(Kind::OParen) {
            return Err(self.err(open, "Missing open parenthesis in function call"));
        }
        self.push_newlines(false);
        loop {
            if self.next().is(Kind::CParen) {
                self.read();
                break;
            }
            self.expression()?;
            let sep = self.read();
            match sep.kind {
                Some(Kind::CParen) => break,
                Some(Kind::Ellipsis) => {
                    let close = self.read();
                    if !close.is(Kind::CParen) {
                        return Err(
                            self.err(close, "Missing closing parenthesis after expanded argument")
                        );
                    }
                    break;
                }
                Some(Kind::Comma) => {
                    if self.next().is(Kind::CParen) {
                        self.read();
                        break;
                    }
                }
                None => return Err(self.err(sep, "Unterminated function call")),
                Some(_) => {
                    return Err(self.err(sep, "Missing argument separator: expected \",\" or \")\""))
                }
            }
        }
        self.pop_newlines();
        Ok(())
    }

    fn tuple(&mut self) -> Result<(), FormatError> {
        let open = self.read();
        self.push_newlines(false);
        if self.is_keyword(self.next(), "for") {
            self.for_expr(open, Kind::CBrack)?;
        } else {
            loop {
                if self.next().is(Kind::CBrack) {
                    self.read();
                    break;
                }
                self.expression()?;
                let sep = self.next();
                match sep.kind {
                    Some(Kind::CBrack) => {
                        self.read();
                        break;
                    }
                    Some(Kind::Comma) => {
                        self.read();
                    }
                    None => return Err(self.err(sep, "Unterminated tuple constructor expression")),
                    Some(_) => {
                        return Err(self.err(sep, "Missing item separator: expected \",\" or \"]\""))
                    }
                }
            }
        }
        self.pop_newlines();
        Ok(())
    }

    fn object(&mut self) -> Result<(), FormatError> {
        let open = self.read();
        self.push_newlines(false);
        let is_for = self.is_keyword(self.next(), "for");
        self.pop_newlines();
        if is_for {
            return self.for_expr(open, Kind::CBrace);
        }
        self.push_newlines(true);
        loop {
            let t = self.next();
            match t.kind {
                Some(Kind::Newline) => {
                    self.read();
                    continue;
                }
                Some(Kind::CBrace) => {
                    self.read();
                    break;
                }
                _ => {}
            }
            self.expression()?;
            let sep = self.next();
            match sep.kind {
                Some(Kind::Equal | Kind::Colon) => {
                    self.read();
                }
                Some(Kind::Newline | Kind::Comma) => {
                    return Err(self.err(sep, "Missing attribute value: expected \"=\" and a value"))
                }
                None => return Err(self.err(sep, "Unterminated object constructor expression")),
                Some(_) => return Err(self.err(sep, "Missing key/value separator: expected \"=\"")),
            }
            self.expression()?;
            let end = self.next();
            match end.kind {
                Some(Kind::CBrace) => {
                    self.read();
                    break;
                }
                Some(Kind::Comma | Kind::Newline) => {
                    self.read();
                }
                None => return Err(self.err(end, "Unterminated object constructor expression")),
                Some(_) => {
                    return Err(self.err(
                        end,
                        "Missing attribute separator: expected a newline or \",\"",
                    ))
                }
            }
        }
        self.pop_newlines();
        Ok(())
    }

    /// `for k, v in coll : key => value... if cond` up to `close`.
    fn for_expr(&mut self, open: Peeked, close: Kind) -> Result<(), FormatError> {
        let make_obj = close == Kind::CBrace;
        self.push_newlines(false);
        self.read(); // "for"
        let bad = |p: &Self, t: Peeked, what: &str| {
            p.err(t, &format!("Invalid 'for' expression: {what}"))
        };
        let v = self.read();
        if !v.is(Kind::Ident) {
            return Err(bad(self, v, "expected a variable name"));
        }
        let mut names = vec![self.text(v).to_string()];
        if self.next().is(Kind::Comma) {
            self.read();
            let v2 = self.read();
            if !v2.is(Kind::Ident) {
                return Err(bad(
                    self,
                    v2,
                    "expected a value variable name after the comma",
                ));
            }
            names.push(self.text(v2).to_string());
        }
        let kw = self.next();
        if !self.is_keyword(kw, "in") {
            return Err(bad(self, kw, "expected \"in\""));
        }
        self.read();
        self.expression()?;
        let n_names = names.len();
        self.locals.extend(names);
        let colon = self.next();
        if !colon.is(Kind::Colon) {
            return Err(bad(self, colon, "expected \":\""));
        }
        self.read();
        self.expression()?;
        let mut has_key = false;
        if self.next().is(Kind::FatArrow) {
            self.read();
            has_key = true;
            self.expression()?;
        }
        let mut group = false;
        if self.next().is(Kind::Ellipsis) {
            self.read();
            group = true;
        }
        if self.is_keyword(self.next(), "if") {
            self.read();
            self.expression()?;
        }
        let end = self.next();
        if !end.is(close) {
            return Err(bad(self, end, "expected the closing bracket"));
        }
        self.read();
        if !make_obj && (has_key || group) {
            return Err(bad(
                self,
                open,
                "key expressions and grouping (\"...\") are only for object 'for' expressions",
            ));
        }
        if make_obj && !has_key {
            return Err(bad(
                self,
                open,
                "an object 'for' expression needs a key expression (key => value)",
            ));
        }
        self.locals
            .truncate(self.locals.len().saturating_sub(n_names));
        self.pop_newlines();
        Ok(())
    }
}
