//! Leaf text helpers with no dependency inside the crate: whether a name is a valid
//! identifier, the known name closest to a typo, a phrase in PascalCase, and [`Invalid`], the
//! error of every check that refuses a text (a value of a parameter type, a type expression, a
//! naming pattern, a policy rule).

/// Why a text is refused, as one sentence that says what is wrong (the caller positions it).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{reason}")]
pub struct Invalid {
    /// What is wrong, in words.
    pub reason: String,
}

impl From<String> for Invalid {
    fn from(reason: String) -> Self {
        Invalid { reason }
    }
}

impl From<&str> for Invalid {
    fn from(reason: &str) -> Self {
        Invalid {
            reason: reason.to_string(),
        }
    }
}

/// `words like these` or `click_events` in PascalCase (`WordsLikeThese`, `ClickEvents`): every
/// run of ASCII letters and digits, capitalised. For SARIF rule names and IAM statement ids.
pub fn pascal_case(text: &str) -> String {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            chars
                .next()
                .map(|c| c.to_ascii_uppercase())
                .into_iter()
                .chain(chars)
                .collect::<String>()
        })
        .collect()
}

/// Longest name allowed: Terraform labels and physical names must stay short.
pub const MAX_NAME_LENGTH: usize = 64;

/// Whether `name` is a Terraform-safe identifier: `^[a-z_][a-z0-9_]{0,63}$`.
pub fn valid_name(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some('a'..='z' | '_'))
        && name.len() <= MAX_NAME_LENGTH
        && chars.all(|c| matches!(c, 'a'..='z' | '0'..='9' | '_'))
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

/// `a`, `b` and `c` as "`a`, `b`, `c`".
pub fn quoted_list<W: AsRef<str>>(words: &[W]) -> String {
    words
        .iter()
        .map(|w| format!("`{}`", w.as_ref()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `a`, `b` and `c` as "`a`, `b` or `c`" (two as "`a` or `b`").
pub fn alternatives<'a>(words: impl IntoIterator<Item = &'a str>) -> String {
    let quoted: Vec<String> = words.into_iter().map(|w| format!("`{w}`")).collect();
    match quoted.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
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
    fn alternatives_read_as_a_sentence() {
        assert_eq!(alternatives(["table"]), "`table`");
        assert_eq!(alternatives(["table", "bucket"]), "`table` or `bucket`");
        assert_eq!(
            alternatives(["table", "bucket", "secret"]),
            "`table`, `bucket` or `secret`"
        );
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
