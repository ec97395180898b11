//! HCL native syntax (Terraform `.tf` / `.tfvars` text) in, the exact bytes
//! `terraform fmt` (Terraform 1.15) would write out, or a positioned error
//! when Terraform would refuse the file as syntactically invalid.
//!
//! The pipeline mirrors Terraform's own: lex into `hclsyntax`-shaped tokens
//! (`lexer`), check the syntax and find the few places Terraform rewrites
//! (`parser`, `expr`, `template`, `rewrite`), then re-space the token
//! stream the way `hclwrite.format` does: lines and indentation (`lines`),
//! spacing between tokens (`spacing`) and alignment of `=` and comments
//! (`align`). See the crate README for the rules and their limits.

mod align;
pub mod eval;
mod expr;
mod lexer;
mod lines;
pub mod model;
mod parser;
mod rewrite;
mod spacing;
mod template;

use std::fmt;

/// Deepest bracket / block / expression nesting accepted before giving up
/// with an error, so that hostile input cannot exhaust the stack.
pub const MAX_NESTING: usize = 256;

/// Why a text could not be formatted: a syntax error (Terraform would refuse
/// to format the file too) or nesting deeper than [`MAX_NESTING`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormatError {
    /// What is wrong, in one sentence.
    pub message: String,
    /// 1-based line of the offending text.
    pub line: usize,
    /// 1-based column (in characters) of the offending text.
    pub column: usize,
}

impl FormatError {
    /// Builds an error located at byte `offset` of `src`.
    pub(crate) fn at(src: &str, offset: usize, message: &str) -> FormatError {
        let mut offset = offset.min(src.len());
        while !src.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = src.get(..offset).unwrap_or("");
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
        FormatError {
            message: message.to_string(),
            line,
            column,
        }
    }
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

impl std::error::Error for FormatError {}

/// Formats HCL native syntax exactly as `terraform fmt` does.
///
/// Returns the formatted text, or an error if the text is not valid HCL
/// (the cases where `terraform fmt` refuses to touch a file) or nests deeper
/// than [`MAX_NESTING`]. Never panics; runs in time linear in the input.
///
/// ```
/// let out = hbmod_hcl::format("a=1\nlonger = { x=1 }\n")?;
/// assert_eq!(out, "a      = 1\nlonger = { x = 1 }\n");
/// # Ok::<(), hbmod_hcl::FormatError>(())
/// ```
pub fn format(src: &str) -> Result<String, FormatError> {
    let tokens = lexer::lex(src)?;
    let edits = parser::parse(src, &tokens)?;
    Ok(print(src, tokens, edits))
}

/// [`format`], and the [`model`] of the same text read from the same tokens: one lexing and
/// one syntax check for both, so a caller that prints a file and then inspects it never parses
/// it twice.
///
/// ```
/// let (out, body) = hbmod_hcl::format_and_read("a=1\n")?;
/// assert_eq!(out, "a = 1\n");
/// assert_eq!(body.attributes[0].value.text(), "1");
/// # Ok::<(), hbmod_hcl::FormatError>(())
/// ```
pub fn format_and_read(src: &str) -> Result<(String, model::Body), FormatError> {
    let tokens = lexer::lex(src)?;
    let edits = parser::parse(src, &tokens)?;
    let body = model::from_tokens(&tokens);
    Ok((print(src, tokens, edits), body))
}

/// Checked tokens and the parser's rewrites in, the formatted text out.
fn print(src: &str, tokens: Vec<lexer::Token<'_>>, edits: Vec<parser::Edit>) -> String {
    // Whitespace after the last token is kept as that many spaces, because
    // hclwrite never re-spaces its end-of-file token.
    let last_end = tokens.last().map_or(0, |t| t.offset + t.text.len());
    let trailing = src.len().saturating_sub(last_end);
    let tokens = rewrite::apply(tokens, edits);
    let lines = lines::split(&tokens);
    let mut spaces = vec![0usize; tokens.len()];
    lines::indent(&tokens, &lines, &mut spaces);
    spacing::space(&tokens, &lines, &mut spaces);
    align::align(&tokens, &lines, &mut spaces);
    let mut out = String::with_capacity(src.len() + src.len() / 8);
    for (tok, n) in tokens.iter().zip(&spaces) {
        out.extend(std::iter::repeat_n(' ', *n));
        out.push_str(&tok.text);
    }
    out.extend(std::iter::repeat_n(' ', trailing));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_carry_line_and_column() {
        let err = format("a = 1\nbé = ;\n").err();
        let err = err.map(|e| (e.line, e.column, e.to_string()));
        assert_eq!(err, Some((2, 6, "2:6: Invalid character ';'".to_string())));
    }

    #[test]
    fn empty_and_blank_inputs() {
        assert_eq!(format(""), Ok(String::new()));
        assert_eq!(format("\n\n"), Ok("\n\n".to_string()));
        assert_eq!(format("  \t"), Ok("   ".to_string()));
    }
}
