//! The Tera set-up every catalog template renders with: HCL-string autoescaping of `*.tf.tera`
//! (`crate::escape`), and the `hcl` filter, a JSON context value in, its HCL literal out.

use std::collections::HashMap;

use serde_json::Value as Json;

use crate::escape;

/// The key that marks a JSON object as a raw HCL expression for the `hcl` filter.
pub const EXPRESSION: &str = "__hcl_expression";

/// Sets up a Tera instance for catalog templates: HCL-string autoescaping on `*.tf.tera`,
/// and the `hcl` filter.
pub fn configure(tera: &mut tera::Tera) {
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
pub fn literal(value: &Json) -> String {
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
            Some(Json::String(expression)) => expression.clone(),
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
