//! Tokens of a quoted or heredoc template in (through the shared
//! [`Parser`]), `Ok` once its closing quote or marker is consumed, or a
//! syntax error out: literal escapes, `${...}` interpolations and the
//! `%{if}`/`%{else}`/`%{endif}`/`%{for}`/`%{endfor}` directive structure.

use crate::lexer::Kind;
use crate::parser::{decode_quoted, Parser};
use crate::FormatError;

/// Open template directives, to check `if`/`else`/`endif`/`for`/`endfor`.
#[derive(PartialEq)]
enum Directive {
    If,
    Else,
    /// With the number of loop variables it bound.
    For(usize),
}

impl Parser<'_, '_> {
    /// Template parts up to the closing quote or heredoc marker.
    pub fn template(&mut self, close: Kind) -> Result<(), FormatError> {
        let mut open: Vec<Directive> = Vec::new();
        loop {
            let t = self.read();
            match t.kind {
                Some(k) if k == close => break,
                Some(Kind::QuotedLit) => {
                    if let Err(msg) = decode_quoted(self.text(t)) {
                        return Err(self.err(t, msg));
                    }
                }
                Some(Kind::StringLit) => {}
                Some(Kind::TemplateInterp) => {
                    self.push_newlines(false);
                    self.expression()?;
                    self.seq_end()?;
                    self.pop_newlines();
                }
                Some(Kind::TemplateControl) => {
                    self.push_newlines(false);
                    self.directive(&mut open)?;
                    self.seq_end()?;
                    self.pop_newlines();
                }
                None => {
                    return Err(self.err(
                        t,
                        "Unterminated template string: no closing marker was found",
                    ))
                }
                Some(_) => return Err(self.err(t, "Invalid template: unexpected token")),
            }
        }
        if !open.is_empty() {
            let t = self.next();
            return Err(self.err(
                t,
                "Unexpected end of template: a directive is missing its endif or endfor",
            ));
        }
        Ok(())
    }

    fn seq_end(&mut self) -> Result<(), FormatError> {
        let t = self.read();
        if t.is(Kind::TemplateSeqEnd) {
            Ok(())
        } else {
            Err(self.err(
                t,
                "Extra characters after template sequence: expected \"}\"",
            ))
        }
    }

    fn directive(&mut self, open: &mut Vec<Directive>) -> Result<(), FormatError> {
        let kw = self.read();
        let word = if kw.is(Kind::Ident) {
            self.text(kw).to_string()
        } else {
            String::new()
        };
        match word.as_str() {
            "if" => {
                self.expression()?;
                open.push(Directive::If);
            }
            "else" => match open.last_mut() {
                Some(d @ Directive::If) => *d = Directive::Else,
                _ => return Err(self.err(kw, "Unexpected else directive")),
            },
            "endif" => match open.last() {
                Some(Directive::If | Directive::Else) => {
                    open.pop();
                }
                _ => return Err(self.err(kw, "Unexpected endif directive")),
            },
            "for" => {
                let v = self.read();
                if !v.is(Kind::Ident) {
                    return Err(self.err(
                        v,
                        "Invalid template 'for' directive: expected a variable name",
                    ));
                }
                let mut names = vec![self.text(v).to_string()];
                if self.next().is(Kind::Comma) {
                    self.read();
                    let v2 = self.read();
                    if !v2.is(Kind::Ident) {
                        return Err(self.err(
                            v2,
                            "Invalid template 'for' directive: expected a variable name",
                        ));
                    }
                    names.push(self.text(v2).to_string());
                }
                let kw_in = self.read();
                if !self.is_keyword(kw_in, "in") {
                    return Err(
                        self.err(kw_in, "Invalid template 'for' directive: expected \"in\"")
                    );
                }
                self.expression()?;
                open.push(Directive::For(names.len()));
                self.locals.extend(names);
            }
            "endfor" => match open.last() {
                Some(&Directive::For(n)) => {
                    open.pop();
                    self.locals.truncate(self.locals.len().saturating_sub(n));
                }
                _ => return Err(self.err(kw, "Unexpected endfor directive")),
            },
            _ => {
                return Err(self.err(
                    kw,
                    "Invalid template directive: expected if, else, endif, for or endfor",
                ))
            }
        }
        Ok(())
    }
}
