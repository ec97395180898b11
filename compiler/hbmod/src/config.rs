//! The org config (`hbmod.toml`) text in, a checked `OrgConfig` (environments with accounts and
//! regions, allowed regions, remote state, permissions boundary, required tags) or positioned
//! diagnostics out. Unknown keys are refused with "did you mean".

use indexmap::IndexMap;
use serde::Deserialize;

use crate::check::did_you_mean;
use crate::diagnostic::{Code, Diagnostic};
use crate::source::{SourceFile, Span};
use crate::types;

/// The name of the org config file, found by walking up from a spec.
pub const FILE_NAME: &str = "hbmod.toml";

/// The checked org config.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgConfig {
    /// The organisation's name.
    pub org: String,
    /// Environments in declaration order.
    pub environments: IndexMap<String, Environment>,
    /// Regions resources may be created in.
    pub allowed_regions: Vec<String>,
    /// Where Terraform state lives.
    pub state: Option<State>,
    /// The permissions boundary policy ARN, `{account_id}` standing for each environment's account.
    pub permissions_boundary: Option<String>,
    /// ABAC: the tag key naming a resource's or role's team. When set, every resource and role
    /// carries it (through the provider's default tags) and granted statements are conditioned
    /// on `aws:ResourceTag/<key>` = `${aws:PrincipalTag/<key>}`.
    pub abac_tag_key: Option<String>,
    /// Tags every service must set in its header, with their allowed values (empty: any value).
    pub required_tags: IndexMap<String, Vec<String>>,
    /// The naming pattern for physical names, when not the stdlib default.
    pub naming: Option<String>,
    /// A catalog folder (relative to the config file) to use instead of the built-in one: a
    /// module folder, or a bundle written by `hbmod catalog publish`.
    pub catalog: Option<String>,
    /// The org's own policy rules, checked after the stdlib's (`[[policies]]`).
    pub policies: Vec<crate::policy::Rule>,
    /// The catalog version specs are built against (`[catalog] version`), with its position.
    pub catalog_version: Option<CatalogPin>,
}

/// A pinned catalog version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogPin {
    /// `X.Y.Z`.
    pub version: String,
    /// Where hbmod.toml says it.
    pub span: Span,
}

impl CatalogPin {
    /// The error when the bundle at `folder` does not hold the pinned version; `found` lists
    /// the versions it holds.
    pub fn missing(&self, folder: &str, found: &[String]) -> Diagnostic {
        let holds = if found.is_empty() {
            "no published version (no `index.json`)".to_string()
        } else {
            found.join(", ")
        };
        Diagnostic::error(
            Code::HB0083,
            self.span,
            format!(
                "catalog version {} is pinned, but `{folder}` holds {holds}",
                self.version
            ),
            "pinned here",
        )
        .with_help(if found.is_empty() {
            "point `[catalog] path` at the folder `hbmod catalog publish --out DIR` wrote"
                .to_string()
        } else {
            format!(
                "pin one of the versions the bundle holds, or publish {} into it",
                self.version
            )
        })
    }
}

/// One environment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Environment {
    /// The AWS account it deploys to (12 digits).
    pub account_id: String,
    /// Its region.
    pub region: String,
}

/// Remote state in S3.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct State {
    /// The state bucket.
    pub bucket: String,
    /// The bucket's region.
    pub region: String,
}

impl OrgConfig {
    /// The boundary ARN for `account_id`.
    pub fn boundary_for(&self, account_id: &str) -> Option<String> {
        self.permissions_boundary
            .as_ref()
            .map(|arn| arn.replace("{account_id}", account_id))
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    org: toml::Spanned<String>,
    #[serde(default)]
    allowed_regions: Vec<toml::Spanned<String>>,
    environments: toml::Spanned<IndexMap<String, toml::Spanned<RawEnvironment>>>,
    state: Option<toml::Spanned<RawState>>,
    iam: Option<RawIam>,
    #[serde(default)]
    policies: Vec<toml::Spanned<crate::policy::Rule>>,
    #[serde(default)]
    required_tags: IndexMap<String, toml::Spanned<Vec<String>>>,
    naming: Option<RawNaming>,
    catalog: Option<RawCatalog>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNaming {
    pattern: toml::Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCatalog {
    path: Option<toml::Spanned<String>>,
    version: Option<toml::Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEnvironment {
    account_id: toml::Spanned<String>,
    region: toml::Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawState {
    bucket: toml::Spanned<String>,
    region: toml::Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIam {
    permissions_boundary: Option<toml::Spanned<String>>,
    abac_tag_key: Option<toml::Spanned<String>>,
}

fn span<T>(value: &toml::Spanned<T>) -> Span {
    Span::new(value.span().start, value.span().end)
}

/// Parses and checks an org config.
pub fn parse(source: &SourceFile) -> (Option<OrgConfig>, Vec<Diagnostic>) {
    let raw: Raw = match toml::from_str(source.text()) {
        Ok(raw) => raw,
        Err(error) => return (None, vec![toml_error(&error)]),
    };
    let mut diagnostics = Vec::new();
    let mut error = |span: Span, message: String, label: &str, help: String| {
        diagnostics.push(Diagnostic::error(Code::HB0050, span, message, label).with_help(help));
    };
    let allowed: Vec<String> = raw
        .allowed_regions
        .iter()
        .map(|r| r.get_ref().clone())
        .collect();
    for region in &raw.allowed_regions {
        if let Err(reason) = types::validate_region(region.get_ref()) {
            error(
                span(region),
                format!("`allowed_regions` holds an unknown region: {reason}"),
                "unknown region",
                "list AWS region names such as \"eu-west-1\"".to_string(),
            );
        }
    }
    if raw.environments.get_ref().is_empty() {
        error(
            span(&raw.environments),
            "no environment is declared".to_string(),
            "empty",
            "declare at least one: `[environments.production]` with `account_id` and `region`"
                .to_string(),
        );
    }
    let mut environments = IndexMap::new();
    for (name, environment) in raw.environments.get_ref() {
        let environment = environment.get_ref();
        if !crate::check::valid_name(name) {
            error(
                span(&raw.environments),
                format!("the environment name `{name}` is not a lowercase identifier"),
                "invalid name",
                "environment names are lowercase letters, digits and `_`, like `production`"
                    .to_string(),
            );
        }
        let account = environment.account_id.get_ref();
        if account.len() != 12 || !account.chars().all(|c| c.is_ascii_digit()) {
            error(
                span(&environment.account_id),
                format!("`{account}` is not an AWS account id"),
                "not 12 digits",
                "an account id is 12 digits, like \"123456789012\" (quoted, so leading zeros stay)"
                    .to_string(),
            );
        }
        let region = environment.region.get_ref();
        if let Err(reason) = types::validate_region(region) {
            error(
                span(&environment.region),
                format!("`{region}` is not an AWS region: {reason}"),
                "unknown region",
                "use a region name such as \"eu-west-1\"".to_string(),
            );
        } else if !allowed.is_empty() && !allowed.contains(region) {
            error(
                span(&environment.region),
                format!("the region `{region}` of `{name}` is not in `allowed_regions`"),
                "region not allowed",
                format!(
                    "use one of {}, or add it to `allowed_regions`",
                    allowed.join(", ")
                ),
            );
        }
        environments.insert(
            name.clone(),
            Environment {
                account_id: account.clone(),
                region: region.clone(),
            },
        );
    }
    let state = raw.state.as_ref().map(|state| {
        let inner = state.get_ref();
        if let Err(reason) = types::validate_bucket_name(inner.bucket.get_ref()) {
            error(
                span(&inner.bucket),
                format!(
                    "`{}` is not an S3 bucket name: {reason}",
                    inner.bucket.get_ref()
                ),
                "invalid bucket name",
                "name the existing bucket that holds Terraform state".to_string(),
            );
        }
        if let Err(reason) = types::validate_region(inner.region.get_ref()) {
            error(
                span(&inner.region),
                format!(
                    "`{}` is not an AWS region: {reason}",
                    inner.region.get_ref()
                ),
                "unknown region",
                "the region of the state bucket, such as \"eu-west-1\"".to_string(),
            );
        }
        State {
            bucket: inner.bucket.get_ref().clone(),
            region: inner.region.get_ref().clone(),
        }
    });
    let permissions_boundary = raw.iam.as_ref().and_then(|iam| iam.permissions_boundary.as_ref()).map(|boundary| {
        let arn = boundary.get_ref();
        if let Err(reason) = types::validate_arn(&arn.replace("{account_id}", "123456789012")) {
            error(span(boundary), format!("`permissions_boundary` is not an IAM policy ARN: {reason}"), "invalid ARN", "write the boundary policy's ARN, with `{account_id}` for the environment's account: \"arn:aws:iam::{account_id}:policy/platform-boundary\"".to_string());
        }
        arn.clone()
    });
    let mut required_tags = IndexMap::new();
    for (key, values) in &raw.required_tags {
        if let Err(reason) = types::validate_tag_key(key) {
            error(
                span(values),
                format!("`{key}` cannot be a tag key: {reason}"),
                "invalid tag key",
                "tag keys are letters, digits, spaces and `_ . : / = + - @`".to_string(),
            );
        }
        let team = raw
            .iam
            .as_ref()
            .and_then(|iam| iam.abac_tag_key.as_ref())
            .map_or(crate::stdlib::DEFAULT_TEAM_TAG, |k| k.get_ref().as_str());
        if key == team || crate::stdlib::HBMOD_TAGS.contains(&key.as_str()) {
            error(
                span(values),
                format!("`{key}` cannot be a required tag: hbmod sets it on every resource itself"),
                "set by hbmod",
                format!("remove `{key}` from `required_tags`: hbmod tags every resource with the team, service, environment and source"),
            );
        }
        required_tags.insert(key.clone(), values.get_ref().clone());
    }
    let abac_tag_key = raw
        .iam
        .as_ref()
        .and_then(|iam| iam.abac_tag_key.as_ref())
        .map(|key| {
            let text = key.get_ref();
            let reason = types::validate_tag_key(text).err().or_else(|| {
                crate::stdlib::HBMOD_TAGS.contains(&text.as_str()).then(|| {
                    format!("hbmod already sets `{text}` to something else on every resource")
                })
            });
            if let Some(reason) = reason {
                error(
                    span(key),
                    format!("`{text}` cannot be the ABAC tag key: {reason}"),
                    "invalid tag key",
                    "name the tag that holds a team, like \"Team\"".to_string(),
                );
            }
            text.clone()
        });
    let naming = raw.naming.as_ref().map(|naming| {
        let pattern = naming.pattern.get_ref();
        if let Err(reason) = crate::stdlib::naming::check_pattern(pattern) {
            error(
                span(&naming.pattern),
                format!("`{pattern}` cannot be a naming pattern: {reason}"),
                "invalid pattern",
                format!(
                    "the default is \"{}\"",
                    crate::stdlib::naming::DEFAULT_PATTERN
                ),
            );
        }
        pattern.clone()
    });
    let catalog =
        raw.catalog
            .as_ref()
            .and_then(|c| c.path.as_ref())
            .map(|path_value| {
                let path = path_value.get_ref();
                if path.starts_with('/') || path.split('/').any(|p| p == "..") {
                    error(
                span(path_value),
                format!("`{path}` must be a folder inside the repository, relative to hbmod.toml"),
                "not relative",
                "write the catalog folder relative to hbmod.toml, like \"modules\"".to_string(),
            );
                }
                path.clone()
            });
    let catalog_version = raw.catalog.as_ref().and_then(|c| c.version.as_ref()).map(|version| {
        let text = version.get_ref();
        if crate::publish::index::Version::parse(text).is_none() {
            error(
                span(version),
                format!("`{text}` is not a catalog version"),
                "not MAJOR.MINOR.PATCH",
                "write the version as three numbers, like \"1.4.0\"".to_string(),
            );
        } else if catalog.is_none() {
            error(
                span(version),
                "a pinned catalog version needs the folder that holds it".to_string(),
                "no `path`",
                "add `path = \"...\"`, the folder `hbmod catalog publish --out DIR` wrote (inside the repository, relative to hbmod.toml)".to_string(),
            );
        }
        CatalogPin {
            version: text.clone(),
            span: span(version),
        }
    });
    let mut policies = Vec::new();
    for rule in &raw.policies {
        match crate::policy::rules::validate(rule.get_ref()) {
            Ok(()) => policies.push(rule.get_ref().clone()),
            Err(reason) => error(
                span(rule),
                format!("this policy rule cannot be used: {reason}"),
                "invalid rule",
                "`hbmod explain HB0054` lists the kinds of rule and their fields".to_string(),
            ),
        }
    }
    if !diagnostics.is_empty() {
        return (None, diagnostics);
    }
    let config = OrgConfig {
        org: raw.org.get_ref().clone(),
        environments,
        allowed_regions: allowed,
        state,
        permissions_boundary,
        abac_tag_key,
        required_tags,
        naming,
        catalog,
        policies,
        catalog_version,
    };
    (Some(config), diagnostics)
}

/// The keys each table accepts, for "did you mean".
const KEYS: &[&str] = &[
    "org",
    "allowed_regions",
    "environments",
    "state",
    "iam",
    "required_tags",
    "account_id",
    "region",
    "bucket",
    "permissions_boundary",
    "abac_tag_key",
    "policies",
    "id",
    "kind",
    "message",
    "help",
    "resources",
    "attribute",
    "patterns",
    "keys",
    "global",
    "limits",
    "catalog",
    "path",
    "version",
];

/// A TOML or shape error, positioned, with "did you mean" for unknown keys.
fn toml_error(error: &toml::de::Error) -> Diagnostic {
    let span = error
        .span()
        .map_or(Span::empty(0), |s| Span::new(s.start, s.end));
    let message = error.message().to_string();
    let help = match message
        .strip_prefix("unknown field `")
        .and_then(|rest| rest.split_once('`'))
    {
        Some((field, _)) => match did_you_mean(field, KEYS.iter().copied()) {
            Some(close) => format!("did you mean `{close}`?"),
            None => "remove it; `hbmod explain HB0050` lists every key".to_string(),
        },
        None => "`hbmod explain HB0050` lists every key and its type".to_string(),
    };
    let message = message
        .lines()
        .next()
        .unwrap_or("")
        .trim_end_matches('.')
        .to_string();
    Diagnostic::error(
        Code::HB0050,
        span,
        format!("invalid org config: {message}"),
        "here",
    )
    .with_help(help)
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"org = "example"
allowed_regions = ["eu-west-1"]

[environments.playground]
account_id = "111111111111"
region = "eu-west-1"

[environments.production]
account_id = "333333333333"
region = "eu-west-1"

[state]
bucket = "example-terraform-state"
region = "eu-west-1"

[iam]
permissions_boundary = "arn:aws:iam::{account_id}:policy/platform-boundary"

[required_tags]
CostCenter = ["1234", "5678"]
"#;

    fn check(text: &str) -> (Option<OrgConfig>, Vec<Diagnostic>) {
        parse(&SourceFile::new(FILE_NAME, text))
    }

    #[test]
    fn a_complete_config_parses_in_order() {
        let (config, diagnostics) = check(GOOD);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let config = config.unwrap();
        assert_eq!(
            config.environments.keys().collect::<Vec<_>>(),
            ["playground", "production"]
        );
        assert_eq!(
            config.boundary_for("333333333333").as_deref(),
            Some("arn:aws:iam::333333333333:policy/platform-boundary")
        );
    }

    #[test]
    fn mistakes_are_positioned_with_help() {
        let source = SourceFile::new(
            FILE_NAME,
            GOOD.replace("\"333333333333\"", "\"3333\"").replace(
                "region = \"eu-west-1\"\n\n[state]",
                "region = \"eu-west-9\"\n\n[state]",
            ),
        );
        let (_, diagnostics) = parse(&source);
        let found: Vec<(usize, String)> = diagnostics
            .iter()
            .map(|d| {
                (
                    source.position(d.primary_span().start).line,
                    d.message.clone(),
                )
            })
            .collect();
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(
            found[0].1.contains("`3333` is not an AWS account id"),
            "{found:?}"
        );
        assert!(
            found[1].1.contains("`eu-west-9` is not an AWS region"),
            "{found:?}"
        );
        assert_eq!(found[0].0, 9);
    }

    #[test]
    fn unknown_keys_get_did_you_mean() {
        let (_, diagnostics) = check(&GOOD.replace(
            "account_id = \"111111111111\"",
            "acount_id = \"111111111111\"",
        ));
        assert_eq!(diagnostics.len(), 1);
        assert!(
            diagnostics[0].message.contains("unknown field `acount_id`"),
            "{}",
            diagnostics[0].message
        );
        assert_eq!(
            diagnostics[0].help.as_deref(),
            Some("did you mean `account_id`?")
        );
    }

    #[test]
    fn a_region_outside_the_allowed_ones_is_refused() {
        let (_, diagnostics) =
            check(&GOOD.replacen("region = \"eu-west-1\"", "region = \"us-east-1\"", 1));
        assert_eq!(diagnostics.len(), 1);
        assert!(diagnostics[0].message.contains("not in `allowed_regions`"));
    }
}
