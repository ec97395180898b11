//! Lines of tokens in, the number of spaces (0 or 1) before every token
//! that is not the first of its line or cell out, decided by hclwrite's
//! table of token pairs (`spaceAfterToken`).

use crate::lexer::{Kind, Token};
use crate::lines::{bracket_change, set, Line};

/// Sets the spaces between neighbouring tokens within the lead and
/// assignment cells of each line; an assignment cell starts one space
/// after the lead (the aligner may widen that).
pub(crate) fn space(toks: &[Token<'_>], lines: &[Line], spaces: &mut [usize]) {
    for line in lines {
        space_cell(toks, line.lead.clone(), spaces);
        if let Some(assign) = &line.assign {
            set(spaces, assign.start, 1);
            space_cell(toks, assign.clone(), spaces);
        }
    }
}

fn space_cell(toks: &[Token<'_>], cell: std::ops::Range<usize>, spaces: &mut [usize]) {
    let Some(cell_toks) = toks.get(cell.clone()) else {
        return;
    };
    for (i, pair) in cell_toks.windows(2).enumerate() {
        let [subject, after] = pair else { continue };
        let before = i.checked_sub(1).and_then(|j| cell_toks.get(j));
        let n = usize::from(space_after(subject, before, after));
        set(spaces, cell.start + i + 1, n);
    }
}

/// Whether `subject` is followed by a space when `after` comes next and
/// `before` (if any, within the same cell) precedes it.
fn space_after(subject: &Token<'_>, before: Option<&Token<'_>>, after: &Token<'_>) -> bool {
    use Kind::*;
    let (s, a) = (subject.kind, after.kind);
    let b = before.map(|t| t.kind);
    if a == Newline {
        return false;
    }
    if s == Ident && a == OParen {
        return false;
    }
    if (s == Ident && a == DoubleColon) || (s == DoubleColon && a == Ident) {
        return false;
    }
    if s == Dot || a == Dot {
        return false;
    }
    if a == Comma || a == Ellipsis {
        return false;
    }
    if s == Comma {
        return true;
    }
    if matches!(s, QuotedLit | StringLit | OQuote | OHeredoc)
        || matches!(a, QuotedLit | StringLit | CQuote | CHeredoc)
    {
        return false;
    }
    if subject.is_keyword("in") && b == Some(Ident) {
        return true;
    }
    if a == OBrack && (s == Ident || s == NumberLit || bracket_change(s) < 0) {
        return false;
    }
    if s == Bang {
        return false;
    }
    if s == Minus {
        return match b {
            None => false,
            Some(
                OParen | OBrace | OBrack | Equal | Colon | Comma | Question | Plus | Star | Slash
                | Percent | Minus | EqualOp | NotEqual | GreaterThan | GreaterThanEq | LessThan
                | LessThanEq | And | Or | Bang,
            ) => false,
            Some(_) => true,
        };
    }
    if s == OBrace || a == CBrace {
        return !(s == OBrace && a == CBrace);
    }
    if matches!(s, TemplateInterp | TemplateControl) && a == OBrace {
        return true;
    }
    if s == CBrace && a == TemplateSeqEnd {
        return true;
    }
    if s == TemplateSeqEnd && matches!(a, TemplateInterp | TemplateControl) {
        return false;
    }
    if bracket_change(s) > 0 {
        return false;
    }
    if bracket_change(a) < 0 {
        return false;
    }
    true
}
