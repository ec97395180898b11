//! Instance and module names in, a diagnostic suggesting a valid name out for each invalid one.

use crate::diagnostic::{Code, Diagnostic};
use crate::syntax::ast::Ident;
use crate::text::{valid_name, MAX_NAME_LENGTH};

/// Reports `name` if it is not a valid identifier, suggesting one that is.
pub(super) fn check_name(name: &Ident, what: &str, diagnostics: &mut Vec<Diagnostic>) {
    // Names with non-ASCII characters were reported by the parser, naming the character.
    if valid_name(&name.name) || !name.name.is_ascii() {
        return;
    }
    let fixed: String = name
        .name
        .chars()
        .map(|c| match c {
            'A'..='Z' => c.to_ascii_lowercase(),
            'a'..='z' | '0'..='9' | '_' => c,
            _ => '_',
        })
        .take(MAX_NAME_LENGTH)
        .collect();
    let fixed = if fixed.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{fixed}")
    } else {
        fixed
    };
    let fixed = fixed.chars().take(MAX_NAME_LENGTH).collect::<String>();
    let reason = if name.name.len() > MAX_NAME_LENGTH {
        format!("is longer than {MAX_NAME_LENGTH} characters")
    } else {
        "may only hold lowercase letters, digits and `_`, and must not start with a digit"
            .to_string()
    };
    diagnostics.push(
        Diagnostic::error(
            Code::HB0016,
            name.span,
            format!("the {what} name `{}` {reason}", name.name),
            "invalid name",
        )
        .with_help(format!(
            "{what} names name Terraform resources and files; try `{fixed}`"
        )),
    );
}
