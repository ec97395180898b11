//! Lines with their cells in, the spaces before each `=` cell and each
//! trailing-comment cell out, so that runs of consecutive lines line those
//! cells up in one column (hclwrite's `formatCells`).

use crate::lexer::Token;
use crate::lines::{set, Line};

/// Aligns `=` across each run of consecutive lines that have an assignment
/// cell, then trailing comments across each run of lines that have one.
pub(crate) fn align(toks: &[Token<'_>], lines: &[Line], spaces: &mut [usize]) {
    let cols = |r: std::ops::Range<usize>, spaces: &[usize]| -> usize {
        let n_spaces: usize = spaces.get(r.clone()).unwrap_or(&[]).iter().sum();
        let n_text: usize = toks
            .get(r)
            .unwrap_or(&[])
            .iter()
            .map(|t| width(&t.text))
            .sum();
        n_spaces + n_text
    };
    let mut run: Vec<(usize, usize)> = Vec::new(); // (token index of cell, columns before it)
    let flush = |run: &mut Vec<(usize, usize)>, spaces: &mut [usize]| {
        let max = run.iter().map(|&(_, c)| c).max().unwrap_or(0);
        for &(i, c) in run.iter() {
            set(spaces, i, max - c + 1);
        }
        run.clear();
    };
    for line in lines {
        match &line.assign {
            Some(assign) => run.push((assign.start, cols(line.lead.clone(), spaces))),
            None => flush(&mut run, spaces),
        }
    }
    flush(&mut run, spaces);
    for line in lines {
        match line.comment {
            Some(c) => {
                let mut n = cols(line.lead.clone(), spaces);
                if let Some(assign) = &line.assign {
                    n += cols(assign.clone(), spaces);
                }
                run.push((c, n));
            }
            None => flush(&mut run, spaces),
        }
    }
    flush(&mut run, spaces);
}

/// Display width as hclwrite counts it: grapheme clusters, approximated as
/// characters minus combining marks, joiners and variation selectors (and
/// `\r\n` counting once).
pub(crate) fn width(s: &str) -> usize {
    if s.is_ascii() {
        return s.len() - s.matches("\r\n").count();
    }
    let mut n = 0;
    let mut joined = false;
    let mut prev_cr = false;
    for c in s.chars() {
        let extends = matches!(c,
            '\u{300}'..='\u{36f}' | '\u{483}'..='\u{489}' | '\u{591}'..='\u{5bd}' | '\u{610}'..='\u{61a}'
            | '\u{64b}'..='\u{65f}' | '\u{900}'..='\u{903}' | '\u{93a}'..='\u{94f}' | '\u{1ab0}'..='\u{1aff}'
            | '\u{1dc0}'..='\u{1dff}' | '\u{200c}' | '\u{200d}' | '\u{20d0}'..='\u{20ff}' | '\u{fe00}'..='\u{fe0f}'
            | '\u{fe20}'..='\u{fe2f}' | '\u{1f3fb}'..='\u{1f3ff}' | '\u{e0020}'..='\u{e007f}' | '\u{e0100}'..='\u{e01ef}')
            || (prev_cr && c == '\n');
        if !extends && !joined {
            n += 1;
        }
        joined = c == '\u{200d}';
        prev_cr = c == '\r';
    }
    n
}
