//! The org config (`hbmod.toml`) text in, a checked `OrgConfig` (environments with accounts and
//! regions, allowed regions, remote state, permissions boundary, required tags, how `hbmod
//! plan|apply` deploys) or positioned diagnostics out. Unknown keys are refused with "did you mean".

use indexmap::IndexMap;
use serde::Deserialize;

use crate::diagnostic::{Code, Diagnostic};
use crate::source::{SourceFile, Span};
use crate::text::did_you_mean;
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
    pub policies: Vec<crate::rules::Rule>,
    /// The catalog version specs are built against (`[catalog] version`), with its position.
    pub catalog_version: Option<CatalogPin>,
    /// How `hbmod plan` / `hbmod apply` run Terraform (`[deploy]`).
    pub deploy: Deploy,
}

/// How `hbmod plan` / `hbmod apply` deploy (`[deploy]`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Deploy {
    /// Scanners run on the generated root before Terraform; a finding stops the run.
    pub scanners: Vec<Scanner>,
    /// How Terraform gets its AWS credentials.
    pub credentials: Credentials,
    /// The Terraform command; `None`: `terraform` if on PATH, else `tofu`.
    pub terraform: Option<Tool>,
}

/// A static-analysis scanner `hbmod plan|apply` runs on the generated root.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scanner {
    /// `checkov -d DIR --framework terraform --quiet --compact`.
    Checkov,
    /// `trivy config --exit-code 1 DIR`.
    Trivy,
    /// `tfsec DIR`.
    Tfsec,
}

impl Scanner {
    /// Every scanner, by its name in hbmod.toml.
    pub const ALL: [(&'static str, Scanner); 3] = [
        ("checkov", Scanner::Checkov),
        ("trivy", Scanner::Trivy),
        ("tfsec", Scanner::Tfsec),
    ];

    /// Its name in hbmod.toml, which is also its command.
    pub fn name(self) -> &'static str {
        match self {
            Scanner::Checkov => "checkov",
            Scanner::Trivy => "trivy",
            Scanner::Tfsec => "tfsec",
        }
    }
}

/// Where Terraform's AWS credentials come from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Credentials {
    /// The environment's `profile` as `AWS_PROFILE` (or whatever the caller's environment holds).
    #[default]
    Environment,
    /// `aws-vault exec PROFILE -- terraform ...`.
    AwsVault,
}

/// The Terraform implementation to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tool {
    /// HashiCorp Terraform.
    Terraform,
    /// OpenTofu.
    Tofu,
}

impl Tool {
    /// The command's name.
    pub fn command(self) -> &'static str {
        match self {
            Tool::Terraform => "terraform",
            Tool::Tofu => "tofu",
        }
    }
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
    /// The AWS profile Terraform runs with (`AWS_PROFILE`, or `aws-vault exec PROFILE`).
    pub profile: Option<String>,
    /// Deploying needs the environment's name typed, or `--auto-approve` with `CI=true`.
    pub protected: bool,
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
    policies: Vec<toml::Spanned<crate::rules::Rule>>,
    #[serde(default)]
    required_tags: IndexMap<String, toml::Spanned<Vec<String>>>,
    naming: Option<RawNaming>,
    catalog: Option<RawCatalog>,
    deploy: Option<RawDeploy>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDeploy {
    #[serde(default)]
    scanners: Vec<toml::Spanned<String>>,
    credentials: Option<toml::Spanned<String>>,
    terraform: Option<toml::Spanned<String>>,
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
    profile: Option<toml::Spanned<String>>,
    #[serde(default)]
    protected: bool,
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
        if !crate::text::valid_name(name) {
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
        if let Some(profile) = &environment.profile {
            if let Err(reason) = validate_profile(profile.get_ref()) {
                error(
                    span(profile),
                    format!(
                        "`{}` cannot be an AWS profile name: {reason}",
                        profile.get_ref()
                    ),
                    "invalid profile",
                    "name a profile of ~/.aws/config, like \"example-production\"".to_string(),
                );
            }
        }
        environments.insert(
            name.clone(),
            Environment {
                account_id: account.clone(),
                region: region.clone(),
                profile: environment.profile.as_ref().map(|p| p.get_ref().clone()),
                protected: environment.protected,
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
                        .into()
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
        if crate::version::Version::parse(text).is_none() {
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
        match crate::rules::validate(rule.get_ref()) {
            Ok(()) => policies.push(rule.get_ref().clone()),
            Err(reason) => error(
                span(rule),
                format!("this policy rule cannot be used: {reason}"),
                "invalid rule",
                "`hbmod explain HB0054` lists the kinds of rule and their fields".to_string(),
            ),
        }
    }
    let deploy = raw
        .deploy
        .as_ref()
        .map(|raw_deploy| deploy(raw_deploy, &raw.environments, &mut error))
        .unwrap_or_default();
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
        deploy,
    };
    (Some(config), diagnostics)
}

/// An AWS profile name: what `~/.aws/config` section names and `AWS_PROFILE` accept.
fn validate_profile(name: &str) -> Result<(), crate::text::Invalid> {
    if name.is_empty() || name.len() > 128 {
        return Err("it must be 1 to 128 characters".into());
    }
    match name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || "-_.@+/".contains(*c)))
    {
        Some(c) => Err(format!(
            "`{}` is not allowed; use letters, digits and `- _ . @ + /`",
            c.escape_debug()
        )
        .into()),
        None => Ok(()),
    }
}

/// `[deploy]` checked: known scanners (each once), credentials and Terraform command.
fn deploy(
    raw: &RawDeploy,
    environments: &toml::Spanned<IndexMap<String, toml::Spanned<RawEnvironment>>>,
    error: &mut impl FnMut(Span, String, &str, String),
) -> Deploy {
    let mut scanners = Vec::new();
    for name in &raw.scanners {
        match Scanner::ALL
            .iter()
            .find(|(known, _)| known == name.get_ref())
        {
            Some((_, scanner)) if scanners.contains(scanner) => error(
                span(name),
                format!("the scanner `{}` is listed twice", name.get_ref()),
                "listed before",
                "list each scanner once".to_string(),
            ),
            Some((_, scanner)) => scanners.push(*scanner),
            None => {
                let names = Scanner::ALL.iter().map(|(known, _)| *known);
                let help = match did_you_mean(name.get_ref(), names.clone()) {
                    Some(close) => format!("did you mean `{close}`?"),
                    None => format!(
                        "hbmod runs these scanners: {}",
                        names.collect::<Vec<_>>().join(", ")
                    ),
                };
                error(
                    span(name),
                    format!("`{}` is not a scanner hbmod can run", name.get_ref()),
                    "unknown scanner",
                    help,
                );
            }
        }
    }
    let credentials = match &raw.credentials {
        None => Credentials::Environment,
        Some(value) => match value.get_ref().as_str() {
            "aws-vault" => Credentials::AwsVault,
            "environment" => Credentials::Environment,
            other => {
                error(span(value), format!("`{other}` is not a way to get credentials"), "unknown", "use \"aws-vault\" (runs Terraform under `aws-vault exec PROFILE --`) or \"environment\" (the default: `AWS_PROFILE` from the environment's `profile`)".to_string());
                Credentials::Environment
            }
        },
    };
    if credentials == Credentials::AwsVault {
        for (name, environment) in environments.get_ref() {
            if environment.get_ref().profile.is_none() {
                error(span(environment), format!("the environment `{name}` has no `profile`, which `credentials = \"aws-vault\"` needs"), "no profile", format!("add `profile = \"...\"` to `[environments.{name}]`: the aws-vault profile of its account"));
            }
        }
    }
    let terraform = raw.terraform.as_ref().and_then(|value| match value.get_ref().as_str() {
        "terraform" => Some(Tool::Terraform),
        "tofu" => Some(Tool::Tofu),
        other => {
            error(span(value), format!("`{other}` is not a Terraform command hbmod can drive"), "unknown", "use \"terraform\" or \"tofu\" (OpenTofu); leave it out to use whichever is on PATH, terraform first".to_string());
            None
        }
    });
    Deploy {
        scanners,
        credentials,
        terraform,
    }
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
    "profile",
    "protected",
    "deploy",
    "scanners",
    "credentials",
    "terraform",
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
    fn deploy_settings_are_read_and_checked() {
        let text = GOOD.replace(
            "region = \"eu-west-1\"\n\n[state]",
            "region = \"eu-west-1\"\nprofile = \"example-production\"\nprotected = true\n\n[state]",
        ) + "\n[deploy]\nscanners = [\"checkov\"]\nterraform = \"tofu\"\n";
        let (config, diagnostics) = check(&text);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let config = config.unwrap();
        let production = &config.environments["production"];
        assert_eq!(production.profile.as_deref(), Some("example-production"));
        assert!(production.protected);
        assert!(!config.environments["playground"].protected);
        assert_eq!(config.deploy.scanners, [Scanner::Checkov]);
        assert_eq!(config.deploy.terraform, Some(Tool::Tofu));
        assert_eq!(config.deploy.credentials, Credentials::Environment);
    }

    #[test]
    fn deploy_mistakes_are_positioned() {
        let text = GOOD.to_string()
            + "\n[deploy]\nscanners = [\"chekov\"]\ncredentials = \"aws-vault\"\nterraform = \"terragrunt\"\n";
        let (config, diagnostics) = check(&text);
        assert!(config.is_none());
        let messages: Vec<String> = diagnostics
            .iter()
            .map(|d| format!("{} | {}", d.message, d.help.clone().unwrap_or_default()))
            .collect();
        assert!(
            messages
                .iter()
                .any(|m| m.contains("`chekov` is not a scanner")
                    && m.contains("did you mean `checkov`?")),
            "{messages:?}"
        );
        assert!(
            messages
                .iter()
                .any(|m| m.contains("`playground` has no `profile`")),
            "{messages:?}"
        );
        assert!(
            messages
                .iter()
                .any(|m| m.contains("`terragrunt` is not a Terraform command")),
            "{messages:?}"
        );
        let bad_profile = GOOD.replace(
            "region = \"eu-west-1\"\n\n[state]",
            "region = \"eu-west-1\"\nprofile = \"prod; rm -rf\"\n\n[state]",
        );
        let (_, diagnostics) = check(&bad_profile);
        let first = diagnostics.first().unwrap();
        let at = first.primary_span();
        assert!(
            first.message.contains("cannot be an AWS profile name"),
            "{first:?}"
        );
        assert_eq!(&bad_profile[at.start..at.end], "\"prod; rm -rf\"");
        let (_, diagnostics) = check(&(GOOD.to_string() + "\n[deploy]\nscaners = []\n"));
        assert_eq!(
            diagnostics.first().unwrap().help.as_deref(),
            Some("did you mean `scanners`?")
        );
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
