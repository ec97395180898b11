//! The typed plan and the catalog in, each instance's Terraform text out: its physical names
//! for every environment, then its module's templates rendered by Tera with HCL autoescaping.

pub mod escape;

use std::collections::HashMap;
use std::fmt::Write as _;

use serde_json::{json, Map, Value as Json};

use crate::catalog::{tera_message, Catalog, Module};
use crate::ir::{Instance, Plan, Value};
use crate::stdlib::naming::{self, NameParts};

/// The key that marks a JSON object as a raw HCL expression for the `hcl` filter.
const EXPRESSION: &str = "__hcl_expression";

/// Sets up a Tera instance for catalog templates: HCL-string autoescaping on `*.tf.tera`,
/// and the `hcl` filter.
pub(crate) fn configure(tera: &mut tera::Tera) {
    tera.autoescape_on(vec![".tf.tera"]);
    tera.set_escape_fn(escape::escape);
    tera.register_filter("hcl", HclFilter);
}

/// `{{ value | hcl }}`: any context value as an HCL literal (strings quoted and escaped).
struct HclFilter;

impl tera::Filter for HclFilter {
    fn filter(&self, value: &Json, _args: &HashMap<String, Json>) -> tera::Result<Json> {
        Ok(Json::String(literal(value)))
    }

    fn is_safe(&self) -> bool {
        true
    }
}

/// A JSON context value as HCL.
fn literal(value: &Json) -> String {
    match value {
        Json::Null => "null".to_string(),
        Json::Bool(b) => b.to_string(),
        Json::Number(n) => n.to_string(),
        Json::String(s) => escape::quote(s),
        Json::Array(items) => format!(
            "[{}]",
            items.iter().map(literal).collect::<Vec<_>>().join(", ")
        ),
        Json::Object(entries) => match entries.get(EXPRESSION) {
            Some(Json::String(expression)) if entries.len() == 1 => expression.clone(),
            _ if entries.is_empty() => "{}".to_string(),
            _ => format!(
                "{{ {} }}",
                entries
                    .iter()
                    .map(|(k, v)| format!("{} = {}", escape::quote(k), literal(v)))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        },
    }
}

/// A checked value as template context.
fn context_value(value: &Value) -> Json {
    match value {
        Value::String(s) | Value::Enum(s) | Value::Path(s) => Json::String(s.clone()),
        Value::Int(i) => json!(i),
        Value::Bool(b) => json!(b),
        Value::Seconds(n) | Value::Megabytes(n) => json!(n),
        Value::List(items) => Json::Array(items.iter().map(context_value).collect()),
        Value::Map(entries) => Json::Object(
            entries
                .iter()
                .map(|(k, v)| (k.clone(), context_value(v)))
                .collect(),
        ),
        Value::Ref(name) => json!({ EXPRESSION: name }),
        Value::OutputRef { expression, .. } => json!({ EXPRESSION: expression }),
        Value::Null => Json::Null,
    }
}

/// Why an instance could not be expanded: a catalog bug, reported at the instance.
#[derive(Debug, Clone)]
pub struct ExpandError {
    /// The instance's name.
    pub instance: String,
    /// What went wrong.
    pub message: String,
}

/// The Terraform text (not yet formatted) of one instance.
pub fn instance_text(
    plan: &Plan,
    instance: &Instance,
    catalog: &Catalog,
    environments: &[&str],
) -> Result<String, ExpandError> {
    let error = |message: String| ExpandError {
        instance: instance.name.clone(),
        message,
    };
    let module = catalog
        .module(&instance.module)
        .ok_or_else(|| error(format!("unknown module `{}`", instance.module)))?;
    let mut text = names_block(plan, instance, module, environments).map_err(error)?;
    let mut params = Map::new();
    for (key, value) in &instance.params {
        params.insert(key.clone(), context_value(value));
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
    });
    let context = tera::Context::from_value(context).map_err(|e| error(tera_message(&e)))?;
    for template in &module.templates {
        let rendered = catalog
            .templates()
            .render(template, &context)
            .map_err(|e| error(format!("{template}: {}", tera_message(&e))))?;
        text.push('\n');
        text.push_str(&rendered);
    }
    Ok(text)
}

/// `locals { <name>_names = { <env> = { key = "..." } }[terraform.workspace] }`.
fn names_block(
    plan: &Plan,
    instance: &Instance,
    module: &Module,
    environments: &[&str],
) -> Result<String, String> {
    if module.names.is_empty() {
        return Ok(String::new());
    }
    let mut text = String::new();
    let _ = writeln!(text, "locals {{");
    let _ = writeln!(
        text,
        "# Physical names per environment ({{team}}-{{service}}-{{env}}-{{instance}})."
    );
    let _ = writeln!(text, "{}_names = {{", instance.name);
    for environment in environments {
        let _ = writeln!(text, "{environment} = {{");
        for (key, spec) in &module.names {
            let parts = NameParts {
                team: &plan.service.team,
                service: &plan.service.name,
                environment,
                instance: &instance.name,
                suffix: spec.suffix.as_deref(),
            };
            let name = naming::physical_name(&spec.kind, parts)
                .ok_or_else(|| format!("unknown name kind `{}`", spec.kind))?;
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
