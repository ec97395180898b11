//! Tokens in, lines out: the token stream split into lines, each line cut
//! into hclwrite's three cells (lead, `=`-assignment, trailing comment),
//! and the indentation of every line computed from bracket nesting.

use std::ops::Range;

use crate::lexer::{Kind, Token};

/// One line of tokens as index ranges into the token list.
#[derive(Debug)]
pub(crate) struct Line {
    /// Everything up to the assignment or trailing comment.
    pub lead: Range<usize>,
    /// From a `=` whose right-hand side is bracket-balanced on this line.
    pub assign: Option<Range<usize>>,
    /// A trailing comment on a line that has other tokens.
    pub comment: Option<usize>,
}

/// True for tokens that end a line: newlines and `#` / `//` comments
/// (which include their newline).
fn ends_line(t: &Token<'_>) -> bool {
    match t.kind {
        Kind::Newline => true,
        Kind::Comment => t.text.ends_with('\n'),
        _ => false,
    }
}

/// +1 for an opening bracket or template sequence, -1 for a closing one.
pub(crate) fn bracket_change(kind: Kind) -> i64 {
    match kind {
        Kind::OBrace
        | Kind::OBrack
        | Kind::OParen
        | Kind::TemplateControl
        | Kind::TemplateInterp => 1,
        Kind::CBrace | Kind::CBrack | Kind::CParen | Kind::TemplateSeqEnd => -1,
        _ => 0,
    }
}

fn kind_at(toks: &[Token<'_>], i: usize) -> Option<Kind> {
    toks.get(i).map(|t| t.kind)
}

/// Splits the tokens into lines and cells.
pub(crate) fn split(toks: &[Token<'_>]) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut start = 0;
    for (i, t) in toks.iter().enumerate() {
        if ends_line(t) {
            lines.push(start..i + 1);
            start = i + 1;
        }
    }
    lines.push(start..toks.len());
    lines.into_iter().map(|lead| cells(toks, lead)).collect()
}

fn cells(toks: &[Token<'_>], mut lead: Range<usize>) -> Line {
    let mut line = Line {
        lead: lead.clone(),
        assign: None,
        comment: None,
    };
    if lead.is_empty() {
        return line;
    }
    if lead.len() > 1 && kind_at(toks, lead.end - 1) == Some(Kind::Comment) {
        line.comment = Some(lead.end - 1);
        lead.end -= 1;
    }
    if let Some(eq) = (lead.start + 1..lead.end).find(|&i| kind_at(toks, i) == Some(Kind::Equal)) {
        let net: i64 = toks
            .get(eq..lead.end)
            .unwrap_or(&[])
            .iter()
            .map(|t| bracket_change(t.kind))
            .sum();
        if net == 0 {
            line.assign = Some(eq..lead.end);
            lead.end = eq;
        }
    }
    line.lead = lead;
    line
}

/// Sets the indentation (spaces before the first token) of every line:
/// two spaces per open bracket level, where a line opening several brackets
/// at once only indents the following lines by one level.
pub(crate) fn indent(toks: &[Token<'_>], lines: &[Line], spaces: &mut [usize]) {
    let mut indents: Vec<i64> = Vec::with_capacity(16);
    for line in lines {
        let Some(first) = toks.get(line.lead.start).filter(|_| !line.lead.is_empty()) else {
            continue;
        };
        if first.kind == Kind::Newline {
            set(spaces, line.lead.start, 0);
            continue;
        }
        let mut net = 0i64;
        for t in toks.get(line.lead.clone()).unwrap_or(&[]) {
            net += bracket_change(t.kind);
            if t.kind == Kind::OHeredoc {
                break;
            }
        }
        if let Some(assign) = &line.assign {
            net += toks
                .get(assign.clone())
                .unwrap_or(&[])
                .iter()
                .map(|t| bracket_change(t.kind))
                .sum::<i64>();
        }
        if net > 0 {
            set(spaces, line.lead.start, 2 * indents.len());
            indents.push(net);
        } else {
            let mut closed = -net;
            while closed > 0 {
                let Some(top) = indents.last_mut() else { break };
                if closed >= *top {
                    closed -= *top;
                    indents.pop();
                } else {
                    *top -= closed;
                    closed = 0;
                }
            }
            set(spaces, line.lead.start, 2 * indents.len());
        }
    }
}

pub(crate) fn set(spaces: &mut [usize], i: usize, n: usize) {
    if let Some(s) = spaces.get_mut(i) {
        *s = n;
    }
}
