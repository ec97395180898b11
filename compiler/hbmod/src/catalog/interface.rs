//! One `module.toml` in, a checked `Module` interface out (or every mistake in it).

use indexmap::IndexMap;
use serde::Deserialize;

use super::{CatalogError, CatalogFile};
use crate::types::{self, Type};

/// A module's interface: what a spec may set, and what the templates get.
#[derive(Debug, Clone)]
pub struct Module {
    /// The module's name, which is also its folder name.
    pub name: String,
    /// The module's version (semver).
    pub version: String,
    /// One line saying what the module builds.
    pub summary: String,
    /// Parameters in declaration order.
    pub params: IndexMap<String, Param>,
    /// Outputs other instances may reference (`web.url`).
    pub outputs: IndexMap<String, Output>,
    /// Physical names the templates need.
    pub names: IndexMap<String, NameSpec>,
    /// Provider aliases the templates use (`aws.us_east_1`).
    pub providers: Vec<String>,
    /// Providers besides aws the templates use (`archive`), pinned in versions.tf.
    pub required_providers: Vec<String>,
    /// Checkov checks the templates skip, with the reason.
    pub checkov_skips: IndexMap<String, String>,
    /// The access this module's instances can give to others, by grant name.
    pub grants: IndexMap<String, Grant>,
    /// Per Terraform resource type, the attributes whose change replaces the resource
    /// (`[force_new]`: `aws_s3_bucket = ["bucket"]`); `hbmod diff` reports such changes.
    pub force_new: IndexMap<String, Vec<String>>,
    /// Rules between parameters of this instance and of the instances it references
    /// (`[[limits]]`), checked at the spec.
    pub limits: Vec<Limit>,
    /// What an instance gets from each instance it references besides access, in words
    /// (`referenced = "..."`: the function's `<INSTANCE>_NAME` variables), for `catalog show`.
    pub referenced: Option<String>,
    /// Whether the templates create IAM roles (and so need the permissions boundary).
    pub uses_boundary: bool,
    /// Template paths, rendered in this order.
    pub templates: Vec<String>,
    /// Example specs (`examples/*.hb`): file name and text.
    pub examples: Vec<(String, String)>,
}

/// One parameter.
#[derive(Debug, Clone)]
pub struct Param {
    /// Its name.
    pub name: String,
    /// Its type.
    pub ty: Type,
    /// The default when the spec does not set it; `None` means required (unless optional).
    pub default: Option<serde_json::Value>,
    /// What it is for, shown in errors and docs.
    pub doc: String,
    /// For `dir`: files that must exist inside.
    pub contains: Vec<String>,
    /// For a reference parameter: the grant each referenced instance gives this one.
    pub grant: Option<String>,
    /// For a hosted-zone `domain`: the parameters whose domains must lie in this zone. When
    /// the parameter is left out, it is the parent domain of the first of them.
    pub zone_of: Vec<String>,
    /// For a `map<...>`: the rule every key must follow (`keys = { pattern, doc }`).
    pub keys: Option<KeyRule>,
    /// A public host name the instance serves (`unique_hostname = true`): no other such
    /// parameter in the spec may name the same host.
    pub unique_hostname: bool,
    /// For `dir`: `hbmod package` reads the folder and Terraform never does (a function's
    /// source), so links inside `node_modules` are left to the packager's own rules.
    pub packaged: bool,
}

/// The keys a map parameter accepts: those matching `pattern` and not `reserved`.
#[derive(Debug, Clone)]
pub struct KeyRule {
    /// The regular expression, anchored as written in module.toml.
    pub pattern: regex::Regex,
    /// Keys that match but are taken (Lambda's own environment variables, say).
    pub reserved: Vec<String>,
    /// What a key looks like, in words, for the error's help.
    pub doc: String,
}

impl Param {
    /// Whether a spec must set it.
    pub fn required(&self) -> bool {
        self.default.is_none() && !matches!(self.ty, Type::Optional(_))
    }

    /// Its default as a spec would write it (`4d`, `256MB`, `arm64`, `"index.handler"`,
    /// `["GET"]`), for `catalog show`, hovers and the catalog's docs.
    pub fn default_in_spec(&self) -> Option<String> {
        self.default
            .as_ref()
            .map(|value| spec_syntax(&self.ty, value))
    }
}

/// A module.toml default (JSON) written in spec syntax for type `ty`: durations, sizes,
/// enum members and numbers bare, text quoted, lists and maps element by element.
pub fn spec_syntax(ty: &Type, value: &serde_json::Value) -> String {
    use serde_json::Value as Json;
    let ty = match ty {
        Type::Optional(inner) => inner.as_ref(),
        other => other,
    };
    match (ty, value) {
        (Type::List(inner), Json::Array(items)) => format!(
            "[{}]",
            items
                .iter()
                .map(|item| spec_syntax(inner, item))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        (Type::Map(_), Json::Object(entries)) if entries.is_empty() => "{}".to_string(),
        (Type::Map(inner), Json::Object(entries)) => format!(
            "{{ {} }}",
            entries
                .iter()
                .map(|(key, item)| format!(
                    "{} = {}",
                    serde_json::Value::String(key.clone()),
                    spec_syntax(inner, item)
                ))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        (Type::Duration { .. } | Type::Size { .. } | Type::Enum(_), Json::String(bare)) => {
            bare.clone()
        }
        (_, other) => other.to_string(),
    }
}

/// Access an instance can give: exact actions on its own resources.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    /// What the access allows, in words.
    pub doc: String,
    /// The IAM statements, in order.
    pub statements: Vec<Statement>,
}

/// One IAM statement of a grant.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Statement {
    /// Exact IAM actions (`sqs:SendMessage`), never wildcards.
    pub actions: Vec<String>,
    /// HCL expressions of the resources, `{name}` standing for the granting instance.
    pub resources: Vec<String>,
    /// Why the statement cannot carry the ABAC team-tag condition (the service does not
    /// evaluate `aws:ResourceTag` for these actions); absent for statements that can.
    #[serde(default)]
    pub unconditioned: Option<String>,
}

/// A `[[limits]]` rule: this instance's `param` may be at most `target_param` of every
/// instance its reference parameter `via` names (`timeout` ≤ `consumes.visibility_timeout`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limit {
    /// A duration, size or int parameter of this module.
    pub param: String,
    /// A reference (or list of references) parameter of this module.
    pub via: String,
    /// The parameter of each referenced instance that bounds `param`.
    pub target_param: String,
    /// Why, in words: the platform's rule the limit states.
    pub doc: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLimit {
    param: String,
    at_most: String,
    doc: String,
}

/// One output.
#[derive(Debug, Clone)]
pub struct Output {
    /// Its type.
    pub ty: Type,
    /// What it is.
    pub doc: String,
    /// An HCL expression with `{name}` standing for the instance name.
    pub value: String,
}

/// A physical name the module needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameSpec {
    /// The AWS resource kind whose limits apply (`s3_bucket`).
    pub kind: String,
    /// A word appended to the name (`logs`).
    pub suffix: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawModule {
    name: String,
    version: String,
    summary: String,
    #[serde(default)]
    params: IndexMap<String, RawParam>,
    #[serde(default)]
    outputs: IndexMap<String, RawOutput>,
    #[serde(default)]
    names: IndexMap<String, RawName>,
    #[serde(default)]
    providers: Vec<String>,
    #[serde(default)]
    required_providers: Vec<String>,
    #[serde(default)]
    checkov_skips: IndexMap<String, String>,
    #[serde(default)]
    grants: IndexMap<String, RawGrant>,
    #[serde(default)]
    force_new: IndexMap<String, Vec<String>>,
    #[serde(default)]
    limits: Vec<RawLimit>,
    referenced: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGrant {
    doc: String,
    statements: Vec<Statement>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawParam {
    #[serde(rename = "type")]
    ty: String,
    doc: String,
    default: Option<toml::Value>,
    #[serde(default)]
    contains: Vec<String>,
    #[serde(default)]
    zone_of: Vec<String>,
    grant: Option<String>,
    keys: Option<RawKeys>,
    #[serde(default)]
    unique_hostname: bool,
    #[serde(default)]
    packaged: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawKeys {
    pattern: String,
    #[serde(default)]
    reserved: Vec<String>,
    doc: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOutput {
    #[serde(rename = "type")]
    ty: String,
    doc: String,
    value: String,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawName {
    Kind(String),
    Full {
        kind: String,
        suffix: Option<String>,
    },
}

/// Parses and checks `file`, the interface of the module in folder `folder`.
pub(super) fn parse(folder: &str, file: &CatalogFile) -> Result<Module, Vec<CatalogError>> {
    let error = |message: String| CatalogError {
        file: file.path.clone(),
        line: None,
        message,
    };
    let raw: RawModule = toml::from_str(&file.contents).map_err(|e| {
        let line = e.span().map(|span| {
            file.contents
                .get(..span.start)
                .map_or(0, |s| s.matches('\n').count())
                + 1
        });
        vec![CatalogError {
            file: file.path.clone(),
            line,
            message: e.message().to_string(),
        }]
    })?;
    let mut errors = Vec::new();
    if raw.name != folder {
        errors.push(error(format!(
            "the module is named `{}` but lives in folder `{folder}`",
            raw.name
        )));
    }
    let mut params = IndexMap::new();
    for (name, param) in raw.params {
        if !crate::text::valid_name(&name) {
            errors.push(error(format!(
                "parameter name `{name}` is not a lowercase identifier"
            )));
        }
        let ty = match types::parse_type(&param.ty) {
            Ok(ty) => ty,
            Err(message) => {
                errors.push(error(format!("parameter `{name}`: {message}")));
                continue;
            }
        };
        if !param.contains.is_empty() && !matches!(ty, Type::Dir) {
            errors.push(error(format!(
                "parameter `{name}`: `contains` only applies to `dir` parameters"
            )));
        }
        let default = match param.default.map(serde_json::to_value) {
            Some(Ok(value)) => Some(value),
            Some(Err(e)) => {
                errors.push(error(format!(
                    "parameter `{name}`: default cannot be used: {e}"
                )));
                None
            }
            None => None,
        };
        if param.grant.is_some() && !contains_ref(&ty) {
            errors.push(error(format!(
                "parameter `{name}`: `grant` only applies to reference parameters (`ref<...>`)"
            )));
        }
        let keys = match param.keys {
            Some(_) if !matches!(ty.required(), Type::Map(_)) => {
                errors.push(error(format!(
                    "parameter `{name}`: `keys` only applies to maps (`map<...>`)"
                )));
                None
            }
            Some(raw) => match regex::Regex::new(&raw.pattern) {
                Ok(pattern) => Some(KeyRule {
                    pattern,
                    reserved: raw.reserved,
                    doc: raw.doc,
                }),
                Err(e) => {
                    errors.push(error(format!(
                        "parameter `{name}`: `keys.pattern` is not a regular expression: {e}"
                    )));
                    None
                }
            },
            None => None,
        };
        params.insert(
            name.clone(),
            Param {
                name,
                ty,
                default,
                doc: param.doc,
                contains: param.contains,
                zone_of: param.zone_of,
                grant: param.grant,
                keys,
                unique_hostname: param.unique_hostname,
                packaged: param.packaged,
            },
        );
    }
    for (name, param) in &params {
        for target in &param.zone_of {
            if !params.contains_key(target) {
                errors.push(error(format!(
                    "parameter `{name}`: `zone_of` names `{target}`, which is not a parameter"
                )));
            }
        }
    }
    let mut outputs = IndexMap::new();
    for (name, output) in raw.outputs {
        match types::parse_type(&output.ty) {
            Ok(ty) => {
                outputs.insert(
                    name,
                    Output {
                        ty,
                        doc: output.doc,
                        value: output.value,
                    },
                );
            }
            Err(message) => errors.push(error(format!("output `{name}`: {message}"))),
        }
    }
    let mut names = IndexMap::new();
    for (key, name) in raw.names {
        let spec = match name {
            RawName::Kind(kind) => NameSpec { kind, suffix: None },
            RawName::Full { kind, suffix } => NameSpec { kind, suffix },
        };
        if crate::stdlib::naming::limits(&spec.kind).is_none() {
            errors.push(error(format!(
                "name `{key}`: unknown resource kind `{}`; the kinds are {} (hbmod's stdlib/conventions.toml lists them with their limits; a new kind is added there)",
                spec.kind,
                crate::stdlib::naming::kinds()
                    .iter()
                    .map(|k| format!("`{}`", k.kind))
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
        names.insert(key, spec);
    }
    for provider in &raw.required_providers {
        if crate::stdlib::conventions::provider(provider).is_none() {
            let known: Vec<&str> = crate::stdlib::conventions::conventions()
                .providers
                .iter()
                .map(|p| p.name.as_str())
                .collect();
            errors.push(error(format!(
                "`required_providers` names `{provider}`, which hbmod does not pin; it pins {} (hbmod's stdlib/conventions.toml; a new provider is added there)",
                known.join(", ")
            )));
        }
    }
    for (resource, attributes) in &raw.force_new {
        let word = |w: &str| {
            !w.is_empty()
                && w.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        };
        if !word(resource) || attributes.iter().any(|a| !word(a)) {
            errors.push(error(format!(
                "`[force_new]` entry `{resource}`: resource types and attribute names are lowercase Terraform identifiers"
            )));
        }
    }
    let mut limits = Vec::new();
    for limit in raw.limits {
        let Some((via, target_param)) = limit.at_most.split_once('.') else {
            errors.push(error(format!(
                "`[[limits]]` on `{}`: `at_most` is `<reference parameter>.<its parameter>`, found `{}`",
                limit.param, limit.at_most
            )));
            continue;
        };
        let comparable = params.get(&limit.param).is_some_and(|p: &Param| {
            matches!(
                p.ty.required(),
                Type::Duration { .. } | Type::Size { .. } | Type::Int { .. }
            )
        });
        let references = params.get(via).is_some_and(|p: &Param| contains_ref(&p.ty));
        if !comparable || !references {
            errors.push(error(format!(
                "`[[limits]]`: `{}` must be a duration, size or int parameter and `{via}` a reference parameter of this module",
                limit.param
            )));
            continue;
        }
        limits.push(Limit {
            param: limit.param,
            via: via.to_string(),
            target_param: target_param.to_string(),
            doc: limit.doc,
        });
    }
    let mut grant_errors = Vec::new();
    let grants = grants(raw.grants, &mut grant_errors);
    errors.extend(grant_errors.into_iter().map(error));
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Module {
        name: raw.name,
        version: raw.version,
        summary: raw.summary,
        params,
        outputs,
        names,
        providers: raw.providers,
        required_providers: raw.required_providers,
        checkov_skips: raw.checkov_skips,
        grants,
        force_new: raw.force_new,
        limits,
        referenced: raw.referenced,
        uses_boundary: false,
        templates: Vec::new(),
        examples: Vec::new(),
    })
}

/// Whether `ty` holds a reference anywhere (`ref<...>`, `list<ref<...>>`, ...).
fn contains_ref(ty: &Type) -> bool {
    match ty {
        Type::Ref(_) => true,
        Type::List(inner) | Type::Map(inner) | Type::Optional(inner) => contains_ref(inner),
        _ => false,
    }
}

/// Grants, with wildcard actions refused.
fn grants(raw: IndexMap<String, RawGrant>, errors: &mut Vec<String>) -> IndexMap<String, Grant> {
    let mut out = IndexMap::new();
    for (name, grant) in raw {
        for statement in &grant.statements {
            for action in &statement.actions {
                let (service, verb) = action.split_once(':').unwrap_or(("", ""));
                if action.contains('*') || service.is_empty() || verb.is_empty() {
                    errors.push(format!(
                        "grant `{name}`: `{action}` is not an exact IAM action; list each action (`sqs:SendMessage`), never `*` or `service:*`"
                    ));
                }
            }
            if statement
                .unconditioned
                .as_ref()
                .is_some_and(|reason| reason.trim().is_empty())
            {
                errors.push(format!(
                    "grant `{name}`: `unconditioned` must say why the service cannot evaluate the team tag for these actions"
                ));
            }
            if statement.actions.is_empty() || statement.resources.is_empty() {
                errors.push(format!(
                    "grant `{name}`: every statement needs actions and resources"
                ));
            }
        }
        out.insert(
            name,
            Grant {
                doc: grant.doc,
                statements: grant.statements,
            },
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_written_as_a_spec_writes_them() {
        let parse = |ty: &str| crate::types::parse_type(ty).unwrap_or(Type::Bool);
        let json = |text: &str| serde_json::from_str::<serde_json::Value>(text).unwrap_or_default();
        assert_eq!(
            spec_syntax(&parse("duration(1m..14d)"), &json("\"4d\"")),
            "4d"
        );
        assert_eq!(spec_syntax(&parse("size?"), &json("\"256MB\"")), "256MB");
        assert_eq!(
            spec_syntax(&parse("enum{arm64, x86_64}"), &json("\"arm64\"")),
            "arm64"
        );
        assert_eq!(
            spec_syntax(&parse("string"), &json("\"index.handler\"")),
            "\"index.handler\""
        );
        assert_eq!(spec_syntax(&parse("int"), &json("10")), "10");
        assert_eq!(
            spec_syntax(&parse("list<enum{GET, PUT}>"), &json("[\"GET\", \"PUT\"]")),
            "[GET, PUT]"
        );
        assert_eq!(
            spec_syntax(&parse("map<duration>"), &json("{\"tmp/\": \"7d\"}")),
            "{ \"tmp/\" = 7d }"
        );
    }
}
