//! The typed plan and the catalog in, each instance's Terraform text out: its physical names
//! for every environment, then its module's templates rendered by Tera with HCL autoescaping.

use std::collections::HashMap;
use std::fmt::Write as _;

use serde_json::{json, Map, Value as Json};

use crate::catalog::{tera_message, Catalog, Module};
use crate::escape;
use crate::ir::{Instance, Plan, Value};
use crate::stdlib::naming::{self, NameParts};
use crate::template::{literal, EXPRESSION};

/// A checked value as template context; references become objects that print (with `hcl`)
/// as the instance's name and carry `.name`, `.module` and `.outputs.<output>`.
fn context_value(value: &Value, plan: &Indexed<'_>, catalog: &Catalog) -> Json {
    match value {
        Value::String(s) | Value::Enum(s) | Value::Path(s) => Json::String(s.clone()),
        Value::Int(i) => json!(i),
        Value::Bool(b) => json!(b),
        Value::Seconds(n) | Value::Megabytes(n) => json!(n),
        Value::List(items) => Json::Array(
            items
                .iter()
                .map(|v| context_value(v, plan, catalog))
                .collect(),
        ),
        Value::Map(entries) => Json::Object(
            entries
                .iter()
                .map(|(k, v)| (k.clone(), context_value(v, plan, catalog)))
                .collect(),
        ),
        Value::Ref(name) => reference(name, plan, catalog),
        Value::OutputRef { expression, .. } => json!({ EXPRESSION: expression }),
        Value::Null => Json::Null,
    }
}

/// The Terraform variable of a parameter that differs per environment.
pub fn variable_name(instance: &str, param: &str) -> String {
    format!("var.{instance}_{param}")
}

/// A checked value as an HCL literal (for tfvars files).
pub fn value_literal(value: &Value, plan: &Indexed<'_>, catalog: &Catalog) -> String {
    literal(&context_value(value, plan, catalog))
}

/// The context object of a reference to instance `name`.
fn reference(name: &str, plan: &Indexed<'_>, catalog: &Catalog) -> Json {
    let module = plan.instance(name).map_or("", |i| i.module.as_str());
    let outputs: Map<String, Json> = catalog
        .module(module)
        .map(|m| {
            m.outputs
                .iter()
                .map(|(key, output)| {
                    (
                        key.clone(),
                        json!({ EXPRESSION: output.value.replace("{name}", name) }),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    json!({ EXPRESSION: name, "name": name, "module": module, "outputs": outputs })
}

/// The IAM statements `instance`'s references grant it, in parameter and reference order.
fn grants(
    indexed: &Indexed<'_>,
    instance: &Instance,
    module: &Module,
    catalog: &Catalog,
) -> Vec<Json> {
    let plan = indexed.plan;
    let mut statements = Vec::new();
    for (key, param) in &module.params {
        let Some(grant_name) = &param.grant else {
            continue;
        };
        let mut targets = Vec::new();
        if let Some(value) = instance.params.get(key) {
            referenced(value, &mut targets);
        }
        for target in targets {
            let Some(target_module) = indexed
                .instance(target)
                .and_then(|i| catalog.module(&i.module))
            else {
                continue;
            };
            let Some(grant) = target_module.grants.get(grant_name) else {
                continue;
            };
            for (index, statement) in grant.statements.iter().enumerate() {
                let mut sid = format!(
                    "{}{}",
                    crate::text::pascal_case(grant_name),
                    crate::text::pascal_case(target)
                );
                if index > 0 {
                    let _ = write!(sid, "{}", index + 1);
                }
                let resources: Vec<Json> = statement
                    .resources
                    .iter()
                    .map(|r| json!({ EXPRESSION: r.replace("{name}", target) }))
                    .collect();
                let condition = match (&statement.unconditioned, plan.abac) {
                    (None, true) => abac_condition(&plan.team_tag),
                    _ => Json::Null,
                };
                let unconditioned = match plan.abac {
                    true => json!(statement.unconditioned),
                    false => Json::Null,
                };
                statements.push(json!({
                    "sid": sid,
                    "grant": grant_name,
                    "instance": target,
                    "actions": statement.actions,
                    "resources": resources,
                    "condition": condition,
                    "unconditioned": unconditioned,
                }));
            }
        }
    }
    statements
}

/// The ABAC condition of a granted statement, `StringEquals` of `key` to `value`: the
/// resource's team tag is the principal's. Printed with `hcl`, the policy variable is escaped
/// (`$${...}`) so that IAM, not Terraform, reads it.
fn abac_condition(tag_key: &str) -> Json {
    json!({
        "key": format!("aws:ResourceTag/{tag_key}"),
        "value": format!("${{aws:PrincipalTag/{tag_key}}}"),
    })
}

/// The instances whose parameters reference `instance`.
fn referenced_by(plan: &Indexed<'_>, instance: &Instance, catalog: &Catalog) -> Vec<Json> {
    let mut found = Vec::new();
    for (other, key) in plan
        .referrers
        .get(instance.name.as_str())
        .into_iter()
        .flatten()
    {
        let Some(module) = catalog.module(&other.module) else {
            continue;
        };
        let grant = module.params.get(*key).and_then(|p| p.grant.clone());
        let mut entry = reference(&other.name, plan, catalog);
        if let Json::Object(fields) = &mut entry {
            fields.insert("param".to_string(), json!(key));
            fields.insert("grant".to_string(), json!(grant));
        }
        found.push(entry);
    }
    found
}

/// A plan with its instances indexed by name and by the instances referencing them, made once
/// per build so that expanding every instance stays linear in the number of instances.
pub struct Indexed<'p> {
    /// The plan.
    pub plan: &'p Plan,
    by_name: HashMap<&'p str, &'p Instance>,
    /// By referenced instance: each (instance, parameter) whose value references it, in plan
    /// and parameter order.
    referrers: HashMap<&'p str, Vec<(&'p Instance, &'p str)>>,
}

impl<'p> Indexed<'p> {
    /// Indexes `plan`.
    pub fn new(plan: &'p Plan) -> Self {
        let mut by_name = HashMap::new();
        let mut referrers: HashMap<&'p str, Vec<(&'p Instance, &'p str)>> = HashMap::new();
        for instance in &plan.instances {
            by_name.entry(instance.name.as_str()).or_insert(instance);
            for (key, value) in &instance.params {
                let mut targets = Vec::new();
                referenced(value, &mut targets);
                targets.sort_unstable();
                targets.dedup();
                for target in targets {
                    referrers
                        .entry(target)
                        .or_default()
                        .push((instance, key.as_str()));
                }
            }
        }
        Indexed {
            plan,
            by_name,
            referrers,
        }
    }

    /// The instance called `name` (the first, should a broken plan have two).
    pub fn instance(&self, name: &str) -> Option<&'p Instance> {
        self.by_name.get(name).copied()
    }
}

/// The instance names a value references directly.
fn referenced<'v>(value: &'v Value, out: &mut Vec<&'v str>) {
    match value {
        Value::Ref(name) => out.push(name),
        Value::List(items) => items.iter().for_each(|v| referenced(v, out)),
        Value::Map(entries) => entries.values().for_each(|v| referenced(v, out)),
        _ => {}
    }
}

/// The HCL expression of the permissions boundary every role carries.
pub const BOUNDARY: &str = "var.permissions_boundary_arn";

/// Why an instance could not be expanded, reported at the instance.
#[derive(Debug, Clone)]
pub struct ExpandError {
    /// The instance's name.
    pub instance: String,
    /// What went wrong.
    pub message: String,
    /// The template refused the values on purpose (`throw`): the spec's mistake, not a bug.
    pub refused: bool,
}

/// The message of a `throw(message=...)` the template called: found by the error's kind (Tera's
/// `CallFunction("throw")` somewhere in the chain), not by matching its text.
fn refusal(error: &tera::Error) -> Option<String> {
    let mut current: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(cause) = current {
        if let Some(tera) = cause.downcast_ref::<tera::Error>() {
            if matches!(&tera.kind, tera::ErrorKind::CallFunction(name) if name == "throw") {
                return Some(
                    std::error::Error::source(tera).map_or_else(String::new, |s| s.to_string()),
                );
            }
        }
        current = cause.source();
    }
    None
}

/// The Terraform text (not yet formatted) of one instance.
pub fn instance_text(
    plan: &Plan,
    instance: &Instance,
    catalog: &Catalog,
    environments: &[&str],
) -> Result<String, ExpandError> {
    instance_input(&Indexed::new(plan), instance, catalog, environments)?.render(catalog)
}

/// Everything an instance's text is made from: its names block and its templates' context.
/// Equal inputs (against one catalog) render equal text, so an input also serves as the key
/// under which a rendered instance can be reused (the memo of `build_with`).
pub struct InstanceInput {
    instance: String,
    module: String,
    names: String,
    context: Json,
}

impl InstanceInput {
    /// The input as one string: equal strings, equal inputs.
    pub fn key(&self) -> String {
        format!("{}\0{}\0{}", self.module, self.names, self.context)
    }

    /// Renders the module's templates with this input, after the names block.
    pub fn render(&self, catalog: &Catalog) -> Result<String, ExpandError> {
        let error = |message: String| ExpandError {
            instance: self.instance.clone(),
            message,
            refused: false,
        };
        let module = catalog
            .module(&self.module)
            .ok_or_else(|| error(format!("unknown module `{}`", self.module)))?;
        let context =
            tera::Context::from_serialize(&self.context).map_err(|e| error(tera_message(&e)))?;
        let mut text = self.names.clone();
        for template in &module.templates {
            let rendered =
                catalog
                    .templates()
                    .render(template, &context)
                    .map_err(|e| match refusal(&e) {
                        Some(refusal) => ExpandError {
                            instance: self.instance.clone(),
                            message: refusal,
                            refused: true,
                        },
                        None => error(format!("{template}: {}", tera_message(&e))),
                    })?;
            text.push('\n');
            text.push_str(&rendered);
        }
        Ok(text)
    }
}

/// What one instance is expanded from (`InstanceInput::render` gives its text).
pub fn instance_input(
    indexed: &Indexed<'_>,
    instance: &Instance,
    catalog: &Catalog,
    environments: &[&str],
) -> Result<InstanceInput, ExpandError> {
    let error = |message: String| ExpandError {
        instance: instance.name.clone(),
        message,
        refused: false,
    };
    let plan = indexed.plan;
    let module = catalog
        .module(&instance.module)
        .ok_or_else(|| error(format!("unknown module `{}`", instance.module)))?;
    let names_text = names_block(plan, instance, module, environments)?;
    let mut params = Map::new();
    for (key, value) in &instance.params {
        let context = if instance.varying.contains_key(key) {
            // Differs per environment: the template gets the variable the tfvars files set.
            json!({ EXPRESSION: variable_name(&instance.name, key) })
        } else {
            context_value(value, indexed, catalog)
        };
        params.insert(key.clone(), context);
    }
    let names: Map<String, Json> = module
        .names
        .keys()
        .map(|key| {
            (
                key.clone(),
                Json::String(format!("local.{}_names.{key}", instance.name)),
            )
        })
        .collect();
    let context = json!({
        "name": instance.name,
        "p": params,
        "names": names,
        "service": { "name": plan.service.name, "team": plan.service.team },
        "grants": grants(indexed, instance, module, catalog),
        "referenced_by": referenced_by(indexed, instance, catalog),
        "boundary": BOUNDARY,
    });
    Ok(InstanceInput {
        instance: instance.name.clone(),
        module: instance.module.clone(),
        names: names_text,
        context,
    })
}

/// `moved` blocks for the resources of instance `name` (its Terraform `text`) whose address
/// changed because of a `was` rename: templates name each resource `<instance>` or
/// `<instance>_<suffix>`, and a suffix may be another instance's name (a subscription, an
/// event source mapping). `renames` holds (new name, old name) for every renamed instance.
pub fn moved_blocks(text: &str, name: &str, renames: &[(String, String)]) -> String {
    let Ok(body) = hbmod_hcl::model::read(text) else {
        return String::new();
    };
    let old_name = renames
        .iter()
        .find(|(new, _)| new == name)
        .map_or(name, |(_, old)| old.as_str());
    let mut out = String::new();
    for block in &body.blocks {
        let (true, [kind, resource]) = (block.kind == "resource", block.labels.as_slice()) else {
            continue;
        };
        let rest = if resource == name {
            None
        } else if let Some(rest) = resource.strip_prefix(&format!("{name}_")) {
            Some(rest)
        } else {
            continue;
        };
        let rest = rest.map(|r| {
            renames
                .iter()
                .find(|(new, _)| new == r)
                .map_or(r, |(_, old)| old.as_str())
        });
        let from = match rest {
            None => old_name.to_string(),
            Some(rest) => format!("{old_name}_{rest}"),
        };
        if &from == resource {
            continue;
        }
        if out.is_empty() {
            let _ = writeln!(
                out,
                "# Renamed with `was`: these resources were created under their old addresses;"
            );
            let _ = writeln!(
                out,
                "# Terraform moves their state to the new ones instead of replacing them."
            );
        }
        let _ = writeln!(
            out,
            "moved {{\nfrom = {kind}.{from}\nto = {kind}.{resource}\n}}\n"
        );
    }
    out
}

/// `locals { <name>_names = { <env> = { key = "..." } }[var.environment] }`.
fn names_block(
    plan: &Plan,
    instance: &Instance,
    module: &Module,
    environments: &[&str],
) -> Result<String, ExpandError> {
    if module.names.is_empty() {
        return Ok(String::new());
    }
    let mut text = String::new();
    let _ = writeln!(text, "locals {{");
    let _ = writeln!(
        text,
        "# Physical names per environment ({}).",
        plan.naming_pattern
    );
    let _ = writeln!(text, "{}_names = {{", instance.name);
    for environment in environments {
        let _ = writeln!(text, "{environment} = {{");
        for (key, spec) in &module.names {
            let parts = NameParts {
                team: &plan.service.team,
                service: &plan.service.name,
                environment,
                instance: instance.physical_name(),
                suffix: spec.suffix.as_deref(),
                org: &plan.org,
            };
            let name = naming::physical_name_with(&plan.naming_pattern, &spec.kind, parts)
                .ok_or_else(|| ExpandError {
                    instance: instance.name.clone(),
                    message: format!("unknown name kind `{}`", spec.kind),
                    refused: false,
                })?;
            let _ = writeln!(text, "{key} = {}", escape::quote(&name));
        }
        let _ = writeln!(text, "}}");
    }
    let _ = writeln!(text, "}}[var.environment]");
    let _ = writeln!(text, "}}");
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_print_every_value_kind() {
        let value =
            json!({ "a": [1, true, null, "x${y}"], "b": { EXPRESSION: "aws_s3_bucket.web.arn" } });
        assert_eq!(
            literal(&value),
            r#"{ "a" = [1, true, null, "x$${y}"], "b" = aws_s3_bucket.web.arn }"#
        );
    }
}
