//! Policy rules as data in (stdlib/policies.toml, or an org config's `[[policies]]`), checked
//! rules out: each rule's kind known and the fields that kind needs present and well-formed.

use crate::text::Invalid;
use indexmap::IndexMap;
use regex::Regex;
use serde::Deserialize;

/// The stdlib's rules (stdlib/policies.toml).
const STDLIB: &str = include_str!("../../../stdlib/policies.toml");

/// Resource types that take tags (stdlib/aws-taggable-resources.txt).
const TAGGABLE: &str = include_str!("../../../stdlib/aws-taggable-resources.txt");

/// One rule, as written.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// A short name, shown with every violation (`wildcard-action`).
    pub id: String,
    /// What is checked: one of [`KINDS`].
    pub kind: String,
    /// The violation in words, with placeholders (`{address}`, `{action}`, ...).
    pub message: String,
    /// How to fix it.
    pub help: String,
    /// Resource types the rule applies to.
    #[serde(default)]
    pub resources: Vec<String>,
    /// `require_attribute`: the attribute that must be set.
    #[serde(default)]
    pub attribute: Option<String>,
    /// `forbid_action`: regular expressions an action must not match (whole action).
    #[serde(default)]
    pub patterns: Vec<String>,
    /// `require_tags`: tag keys (`{team}` for the team tag key).
    #[serde(default)]
    pub keys: Vec<String>,
    /// `allowed_regions`: region → resource types that may be created there anyway.
    #[serde(default)]
    pub global: IndexMap<String, Vec<String>>,
    /// `name_length`: `<resource type>.<attribute>` → most characters.
    #[serde(default)]
    pub limits: IndexMap<String, usize>,
}

/// The kinds of check a rule can be.
pub const KINDS: &[&str] = &[
    "require_attribute",
    "forbid_resource",
    "forbid_action",
    "require_tags",
    "allowed_regions",
    "name_length",
];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StdlibFile {
    rule: Vec<Rule>,
}

/// The stdlib's rules. They are checked by a test, so a mistake in them cannot ship; should
/// one slip through anyway, that rule is left out rather than failing every build.
pub fn stdlib() -> Vec<Rule> {
    toml::from_str::<StdlibFile>(STDLIB)
        .map(|file| {
            file.rule
                .into_iter()
                .filter(|rule| validate(rule).is_ok())
                .collect()
        })
        .unwrap_or_default()
}

/// Whether resources of `resource_type` take tags.
pub fn taggable(resource_type: &str) -> bool {
    taggable_types().contains(&resource_type)
}

fn taggable_types() -> &'static std::collections::HashSet<&'static str> {
    static TYPES: std::sync::OnceLock<std::collections::HashSet<&'static str>> =
        std::sync::OnceLock::new();
    TYPES.get_or_init(|| {
        TAGGABLE
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect()
    })
}

/// Checks that a rule can be applied: a known kind with the fields it needs, valid patterns.
pub fn validate(rule: &Rule) -> Result<(), Invalid> {
    let id = &rule.id;
    let valid_id = !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !valid_id {
        return Err(Invalid::from(format!(
            "the rule id `{id}` must be lowercase letters, digits and `-`"
        )));
    }
    if rule.message.trim().is_empty() || rule.help.trim().is_empty() {
        return Err(Invalid::from(format!(
            "rule `{id}` needs a `message` and a `help` (how to fix a violation)"
        )));
    }
    let needs = |present: bool, field: &str| {
        if present {
            Ok(())
        } else {
            Err(Invalid::from(format!(
                "rule `{id}` of kind `{}` needs `{field}`",
                rule.kind
            )))
        }
    };
    match rule.kind.as_str() {
        "require_attribute" => {
            needs(!rule.resources.is_empty(), "resources")?;
            needs(rule.attribute.is_some(), "attribute")
        }
        "forbid_resource" => needs(!rule.resources.is_empty(), "resources"),
        "forbid_action" => {
            needs(!rule.patterns.is_empty(), "patterns")?;
            for pattern in &rule.patterns {
                compile(pattern).map_err(|e| format!("rule `{id}`: {e}"))?;
            }
            Ok(())
        }
        "require_tags" => needs(!rule.keys.is_empty(), "keys"),
        "allowed_regions" => Ok(()),
        "name_length" => {
            needs(!rule.limits.is_empty(), "limits")?;
            match rule.limits.keys().find(|k| k.split_once('.').is_none()) {
                Some(key) => Err(Invalid::from(format!(
                    "rule `{id}`: `{key}` must be `<resource type>.<attribute>`"
                ))),
                None => Ok(()),
            }
        }
        other => {
            let hint = crate::text::did_you_mean(other, KINDS.iter().copied())
                .map(|k| format!("; did you mean `{k}`?"))
                .unwrap_or_default();
            Err(Invalid::from(format!(
                "rule `{id}` has the unknown kind `{other}`{hint} (kinds: {})",
                KINDS.join(", ")
            )))
        }
    }
}

/// A `forbid_action` pattern, anchored so that it matches whole actions.
pub fn compile(pattern: &str) -> Result<Regex, Invalid> {
    Ok(Regex::new(&format!("^(?:{pattern})$"))
        .map_err(|e| format!("`{pattern}` is not a regular expression: {e}"))?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stdlib_rules_are_all_valid() {
        let file: StdlibFile = toml::from_str(STDLIB).unwrap();
        for rule in &file.rule {
            assert_eq!(validate(rule), Ok(()), "{}", rule.id);
        }
        assert_eq!(stdlib().len(), 5);
        assert!(taggable("aws_s3_bucket") && taggable("aws_iam_role"));
        assert!(!taggable("aws_iam_role_policy") && !taggable("aws_kms_alias"));
    }

    #[test]
    fn a_rule_of_an_unknown_kind_gets_a_suggestion() {
        let rule = Rule {
            id: "x".into(),
            kind: "forbid_actions".into(),
            message: "m".into(),
            help: "h".into(),
            resources: vec![],
            attribute: None,
            patterns: vec![],
            keys: vec![],
            global: IndexMap::new(),
            limits: IndexMap::new(),
        };
        let error = validate(&rule).unwrap_err();
        assert!(
            error.reason.contains("did you mean `forbid_action`"),
            "{error}"
        );
    }
}
