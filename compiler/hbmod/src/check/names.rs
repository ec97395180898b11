//! Names in, whether they are valid identifiers and which known name is closest out.

use crate::diagnostic::{Code, Diagnostic};
use crate::syntax::ast::Ident;

/// Longest name allowed: Terraform labels and physical names must stay short.
pub const MAX_NAME_LENGTH: usize = 64;

/// Whether `name` is a Terraform-safe identifier: `^[a-z_][a-z0-9_]{0,63}$`.
pub fn valid_name(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some('a'..='z' | '_'))
        && name.len() <= MAX_NAME_LENGTH
        && chars.all(|c| matches!(c, 'a'..='z' | '0'..='9' | '_'))
}

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

/// The candidate closest to `word`, if any is close enough to be a likely typo, else the one
/// candidate `word` abbreviates (`prod` for `production`; at least 3 characters).
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let candidates: Vec<&str> = candidates.into_iter().collect();
    let limit = (word.chars().count() / 3).max(1);
    let typo = candidates
        .iter()
        .map(|candidate| (strsim::osa_distance(word, candidate), *candidate))
        .filter(|(distance, _)| *distance <= limit)
        .min()
        .map(|(_, candidate)| candidate);
    typo.or_else(|| {
        let mut longer = candidates
            .iter()
            .filter(|c| word.chars().count() >= 3 && c.len() > word.len() && c.starts_with(word));
        match (longer.next(), longer.next()) {
            (Some(only), None) => Some(*only),
            _ => None,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_cover_typos_and_abbreviations() {
        let environments = ["playground", "staging", "production"];
        assert_eq!(did_you_mean("prod", environments), Some("production"));
        assert_eq!(did_you_mean("stagin", environments), Some("staging"));
        assert_eq!(did_you_mean("pr", environments), None);
        assert_eq!(did_you_mean("p", ["play", "prod"]), None);
        assert_eq!(did_you_mean("pro", ["prod", "production"]), Some("prod"));
    }

    #[test]
    fn names() {
        assert!(valid_name("web"));
        assert!(valid_name("_x9"));
        assert!(!valid_name("Web"));
        assert!(!valid_name("my-site"));
        assert!(!valid_name("9lives"));
        assert!(!valid_name(&"a".repeat(65)));
    }

    #[test]
    fn suggestions() {
        assert_eq!(did_you_mean("fodler", ["folder", "domain"]), Some("folder"));
        assert_eq!(did_you_mean("zzz", ["folder", "domain"]), None);
        assert_eq!(did_you_mean("wbe", ["web", "api"]), Some("web"));
    }
}
