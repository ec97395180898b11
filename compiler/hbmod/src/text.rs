//! Leaf text helpers with no dependency inside the crate: a phrase in, its PascalCase out.

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
