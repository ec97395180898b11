//! Name parts (team, service, environment, instance, suffix) and an AWS resource kind in, the
//! physical name out: `{team}-{service}-{env}-{instance}[-{suffix}]`, within the kind's length
//! and character limits, shortened with a stable hash when too long.

use crate::text::Invalid;
use sha2::{Digest, Sha256};

pub use super::conventions::KindLimits;

/// Every kind hbmod knows, with its limits (`stdlib/conventions.toml`).
pub fn kinds() -> &'static [KindLimits] {
    &super::conventions::conventions().kinds
}

/// Characters of the hash that replaces the end of a name that is too long.
pub const HASH_LENGTH: usize = 6;

/// The limits of `kind`, if hbmod knows it.
pub fn limits(kind: &str) -> Option<&'static KindLimits> {
    kinds().iter().find(|k| k.kind == kind)
}

/// The parts a physical name is made of; all are lowercase identifiers or words.
#[derive(Debug, Clone, Copy)]
pub struct NameParts<'a> {
    /// The owning team (`frontend`).
    pub team: &'a str,
    /// The service (`web`).
    pub service: &'a str,
    /// The environment (`production`).
    pub environment: &'a str,
    /// The instance (`web`).
    pub instance: &'a str,
    /// What this name is for within the instance (`logs`), if more than one.
    pub suffix: Option<&'a str>,
    /// The organisation (`{org}` in a pattern; empty without an org config).
    pub org: &'a str,
}

/// The physical name of a resource of `kind`; `None` for an unknown kind.
pub fn physical_name(kind: &str, parts: NameParts<'_>) -> Option<String> {
    physical_name_with(DEFAULT_PATTERN, kind, parts)
}

/// The default naming pattern; an org config may set another with the same placeholders.
pub const DEFAULT_PATTERN: &str = "{team}-{service}-{env}-{instance}";

/// Why a naming pattern cannot be used, if it cannot: it must hold `{env}` and `{instance}`
/// (names must differ between environments and instances) and only known placeholders,
/// lowercase letters, digits and `-` otherwise.
pub fn check_pattern(pattern: &str) -> Result<(), Invalid> {
    for needed in ["{env}", "{instance}"] {
        if !pattern.contains(needed) {
            return Err(Invalid::from(format!("the pattern must contain `{needed}`, so that names differ between environments and instances")));
        }
    }
    let mut rest = pattern.to_string();
    for placeholder in ["{team}", "{service}", "{env}", "{instance}", "{org}"] {
        rest = rest.replace(placeholder, "");
    }
    match rest.chars().find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-')) {
        Some(c) => Err(Invalid::from(format!("`{c}` is not allowed; patterns are `{{team}}`, `{{service}}`, `{{env}}`, `{{instance}}`, `{{org}}`, lowercase letters, digits and `-`"))),
        None => Ok(()),
    }
}

/// The physical name of a resource of `kind` under a naming `pattern` (checked by `check_pattern`).
pub fn physical_name_with(pattern: &str, kind: &str, parts: NameParts<'_>) -> Option<String> {
    let limits = limits(kind)?;
    let mut name = pattern
        .replace("{team}", parts.team)
        .replace("{service}", parts.service)
        .replace("{env}", parts.environment)
        .replace("{instance}", parts.instance)
        .replace("{org}", parts.org);
    if let Some(suffix) = parts.suffix {
        name.push('-');
        name.push_str(suffix);
    }
    let mut name = name.to_lowercase();
    if !limits.underscore {
        name = name.replace('_', "-");
    }
    Some(shorten(&name, limits.max))
}

/// `name` cut to `max` characters, its end replaced by `-` and a hash of the whole name.
fn shorten(name: &str, max: usize) -> String {
    if name.len() <= max {
        return name.to_string();
    }
    let digest = Sha256::digest(name.as_bytes());
    let hash: String = digest
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<String>()
        .chars()
        .take(HASH_LENGTH)
        .collect();
    let keep = max.saturating_sub(HASH_LENGTH + 1);
    let head = name
        .get(..keep)
        .unwrap_or(name)
        .trim_end_matches(['-', '_']);
    format!("{head}-{hash}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts<'a>(instance: &'a str, suffix: Option<&'a str>) -> NameParts<'a> {
        NameParts {
            team: "frontend",
            service: "web",
            environment: "production",
            instance,
            suffix,
            org: "example",
        }
    }

    #[test]
    fn names_follow_the_pattern() {
        assert_eq!(
            physical_name("iam_role", parts("web", None)).as_deref(),
            Some("frontend-web-production-web")
        );
        assert_eq!(
            physical_name("s3_bucket", parts("click_api", Some("logs"))).as_deref(),
            Some("frontend-web-production-click-api-logs")
        );
        assert_eq!(physical_name("no_such_kind", parts("web", None)), None);
    }

    #[test]
    fn an_org_pattern_reorders_the_parts() {
        let name = physical_name_with(
            "{org}-{env}-{service}-{instance}",
            "iam_role",
            parts("web", Some("logs")),
        );
        assert_eq!(name.as_deref(), Some("example-production-web-web-logs"));
        assert!(check_pattern("{team}-{service}").is_err());
        assert!(check_pattern("{env}_{instance}").is_err());
        assert!(check_pattern("{org}-{env}-{instance}").is_ok());
    }

    #[test]
    fn long_names_are_shortened_stably_within_the_limit() {
        let long = "a_very_long_instance_name_that_does_not_fit";
        let name = physical_name("s3_bucket", parts(long, Some("logs"))).unwrap();
        assert!(name.len() <= 50, "{name}");
        assert_eq!(
            name,
            physical_name("s3_bucket", parts(long, Some("logs"))).unwrap()
        );
        let other = physical_name(
            "s3_bucket",
            parts("a_very_long_instance_name_that_does_not_fit2", Some("logs")),
        )
        .unwrap();
        assert_ne!(name, other, "different names keep different hashes");
        assert!(name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'));
    }
}
