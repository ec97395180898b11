//! One generated Terraform file's text in, its resources out: address, type and every
//! attribute (nested blocks flattened to paths) as text with `local.*` references replaced by
//! their values, plus its `moved` blocks. What `hbmod diff` compares.

use std::collections::BTreeMap;

use hbmod_hcl::model::{self, Body, Expr};
use indexmap::IndexMap;

/// A `resource` block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resource {
    /// `aws_s3_bucket.web`.
    pub address: String,
    /// `aws_s3_bucket`.
    pub kind: String,
    /// Attribute path (`bucket`, `logging_config.log_format`) → value text, locals resolved.
    pub attributes: IndexMap<String, String>,
    /// The IAM policy documents among its attributes (`policy`, `assume_role_policy`): the
    /// attribute and every (effect, action, resource, principal) its statements allow or deny.
    pub policies: Vec<(String, Vec<Permission>)>,
}

/// One action on one resource, as a policy statement grants or denies it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct Permission {
    /// `Allow` or `Deny`.
    pub effect: String,
    /// `s3:GetObject` (or `NotAction: ...`).
    pub action: String,
    /// The resource expression (`aws_s3_bucket.web.arn`, `*`).
    pub resource: String,
    /// The principal, for resource policies.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub principal: Option<String>,
    /// The statement's `Condition`, as one line of text (ABAC tag conditions, source ARNs).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub condition: Option<String>,
}

/// Attributes that hold an IAM policy document.
const POLICY_ATTRIBUTES: &[&str] = &["policy", "assume_role_policy"];

/// What one file declares.
#[derive(Debug, Clone, Default)]
pub struct FileModel {
    /// Resources in file order.
    pub resources: Vec<Resource>,
    /// `moved { from = ..., to = ... }` pairs.
    pub moved: Vec<(String, String)>,
    /// Data source addresses (`data.archive_file.ingest`), in file order.
    pub data: Vec<String>,
}

/// Reads a generated file; `None` when it is not valid HCL (it always is when hbmod wrote it).
/// `vars` holds the root module's variables as the tfvars files set them (see [`variables`]).
pub fn read(text: &str, vars: &BTreeMap<String, Expr>) -> Option<FileModel> {
    Some(from_body(&model::read(text).ok()?, vars))
}

/// [`read`] for a file whose model the build kept (`hbmod::build_and_read`).
pub fn from_body(body: &Body, vars: &BTreeMap<String, Expr>) -> FileModel {
    let mut locals: BTreeMap<String, Expr> = BTreeMap::new();
    for block in body.blocks.iter().filter(|b| b.kind == "locals") {
        for attribute in &block.body.attributes {
            locals.insert(attribute.name.clone(), attribute.value.clone());
        }
    }
    let resolver = Resolver {
        locals: &locals,
        vars,
    };
    let mut out = FileModel::default();
    for block in &body.blocks {
        match (block.kind.as_str(), block.labels.as_slice()) {
            ("resource", [kind, name]) => {
                let mut attributes = IndexMap::new();
                resolver.flatten("", &block.body, &mut attributes);
                let policies = block
                    .body
                    .attributes
                    .iter()
                    .filter(|a| POLICY_ATTRIBUTES.contains(&a.name.as_str()))
                    .map(|a| {
                        let document = resolver.resolve(&a.value, MAX_DEPTH);
                        (a.name.clone(), permissions(&document))
                    })
                    .collect();
                out.resources.push(Resource {
                    address: format!("{kind}.{name}"),
                    kind: kind.clone(),
                    attributes,
                    policies,
                });
            }
            ("data", [kind, name]) => out.data.push(format!("data.{kind}.{name}")),
            ("moved", []) => {
                let get = |key: &str| {
                    block
                        .body
                        .attributes
                        .iter()
                        .find(|a| a.name == key)
                        .map(|a| a.value.text())
                };
                if let (Some(from), Some(to)) = (get("from"), get("to")) {
                    out.moved.push((from, to));
                }
            }
            _ => {}
        }
    }
    out
}

/// Every permission of a policy document (`jsonencode({ Statement = [...] })`), sorted.
fn permissions(document: &Expr) -> Vec<Permission> {
    let document = match document {
        Expr::Call(name, args) if name == "jsonencode" => args.first().unwrap_or(document),
        other => other,
    };
    let statements = match field(document, "Statement") {
        Some(Expr::Tuple(items)) => items.clone(),
        Some(single @ Expr::Object(_)) => vec![single.clone()],
        _ => Vec::new(),
    };
    let mut out = Vec::new();
    for statement in &statements {
        let effect = field(statement, "Effect").map_or("Allow".to_string(), plain);
        let actions = match (field(statement, "Action"), field(statement, "NotAction")) {
            (Some(action), _) => items(action),
            (None, Some(not)) => items(not)
                .into_iter()
                .map(|a| format!("NotAction: {a}"))
                .collect(),
            (None, None) => Vec::new(),
        };
        let resources = field(statement, "Resource").map_or_else(|| vec!["*".to_string()], items);
        let principal = field(statement, "Principal").map(Expr::text);
        let condition = field(statement, "Condition").map(Expr::text);
        for action in &actions {
            for resource in &resources {
                out.push(Permission {
                    effect: effect.clone(),
                    action: action.clone(),
                    resource: resource.clone(),
                    principal: principal.clone(),
                    condition: condition.clone(),
                });
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

fn field<'e>(object: &'e Expr, key: &str) -> Option<&'e Expr> {
    match object {
        Expr::Object(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
        _ => None,
    }
}

/// A string value without its quotes, other expressions as text.
fn plain(expr: &Expr) -> String {
    expr.as_literal_string().unwrap_or_else(|| expr.text())
}

fn items(expr: &Expr) -> Vec<String> {
    match expr {
        Expr::Tuple(list) => list.iter().map(plain).collect(),
        other => vec![plain(other)],
    }
}

/// How deep `local.a` → `local.b` → ... chains are followed.
const MAX_DEPTH: usize = 6;

struct Resolver<'a> {
    locals: &'a BTreeMap<String, Expr>,
    vars: &'a BTreeMap<String, Expr>,
}

/// The variables the `environments/<env>.tfvars` files set (`(env, text)` pairs), each as
/// `{ env = value, ... }[var.environment]` (one value when every environment agrees).
/// `environment` itself stays a variable: it selects the values.
pub fn variables(tfvars: &[(String, String)]) -> BTreeMap<String, Expr> {
    let mut per_name: BTreeMap<String, Vec<(String, Expr)>> = BTreeMap::new();
    for (environment, text) in tfvars {
        let Ok(body) = model::read(text) else {
            continue;
        };
        for attribute in body.attributes {
            if attribute.name != "environment" {
                per_name
                    .entry(attribute.name)
                    .or_default()
                    .push((environment.clone(), attribute.value));
            }
        }
    }
    per_name
        .into_iter()
        .map(|(name, values)| {
            let value = Expr::Index(
                Box::new(Expr::Object(values)),
                "var.environment".to_string(),
            );
            (name, collapse(value))
        })
        .collect()
}

impl Resolver<'_> {
    fn flatten(&self, prefix: &str, body: &Body, out: &mut IndexMap<String, String>) {
        for attribute in &body.attributes {
            out.insert(
                format!("{prefix}{}", attribute.name),
                self.render(&attribute.value, MAX_DEPTH),
            );
        }
        let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
        for block in &body.blocks {
            let count = body.blocks.iter().filter(|b| b.kind == block.kind).count();
            let index = seen.entry(block.kind.as_str()).or_insert(0);
            let mut path = format!("{prefix}{}", block.kind);
            for label in &block.labels {
                path.push_str(&format!("[\"{label}\"]"));
            }
            if count > 1 && block.labels.is_empty() {
                path.push_str(&format!("[{index}]"));
            }
            *index += 1;
            path.push('.');
            self.flatten(&path, &block.body, out);
        }
    }

    /// The expression as text, every `local.NAME...` replaced by what it stands for.
    fn render(&self, expr: &Expr, depth: usize) -> String {
        self.resolve(expr, depth).text()
    }

    fn resolve(&self, expr: &Expr, depth: usize) -> Expr {
        match expr {
            Expr::Object(entries) => Expr::Object(
                entries
                    .iter()
                    .map(|(k, v)| (k.clone(), self.resolve(v, depth)))
                    .collect(),
            ),
            Expr::Tuple(items) => {
                Expr::Tuple(items.iter().map(|i| self.resolve(i, depth)).collect())
            }
            Expr::Call(name, args) => Expr::Call(
                name.clone(),
                args.iter().map(|a| self.resolve(a, depth)).collect(),
            ),
            Expr::Index(base, key) => {
                let base = self.resolve(base, depth);
                let key = self.substitute(key, depth);
                // `{ a = x, b = y }[local.k]` with `local.k = "a"` is `x`.
                if let (Expr::Object(entries), Some(k)) = (&base, key.as_literal_string()) {
                    if let Some((_, value)) = entries.iter().find(|(name, _)| *name == k) {
                        return value.clone();
                    }
                }
                // ... and with a per-environment key, a per-environment value.
                if let (Expr::Object(entries), Expr::Index(keys, selector)) = (&base, &key) {
                    if let Expr::Object(per_environment) = keys.as_ref() {
                        let picked: Option<Vec<(String, Expr)>> = per_environment
                            .iter()
                            .map(|(environment, k)| {
                                let k = k.as_literal_string()?;
                                let (_, value) = entries.iter().find(|(name, _)| *name == k)?;
                                Some((environment.clone(), value.clone()))
                            })
                            .collect();
                        if let Some(picked) = picked {
                            return collapse(Expr::Index(
                                Box::new(Expr::Object(picked)),
                                selector.clone(),
                            ));
                        }
                    }
                }
                Expr::Index(Box::new(base), key.text())
            }
            Expr::Other(text) => self.substitute(text, depth),
        }
    }

    /// `text` with its `local.a.b` traversals replaced; a text that is exactly one traversal
    /// becomes the local's (structured) value.
    fn substitute(&self, text: &str, depth: usize) -> Expr {
        let mut expr = Expr::Other(text.to_string());
        for prefix in ["local.", "var."] {
            expr = match expr {
                Expr::Other(text) => self.pass(&text, depth, prefix),
                structured => return structured,
            };
        }
        expr
    }

    /// One kind of reference (`local.` or `var.`) replaced in `text`.
    fn pass(&self, text: &str, depth: usize, prefix: &str) -> Expr {
        if depth == 0 || !text.contains(prefix) {
            return Expr::Other(text.to_string());
        }
        if let Some(path) = traversal(text, prefix) {
            if path.len() == text.len() {
                if let Some(value) = self.lookup(path, depth) {
                    return value;
                }
            }
        }
        let mut out = String::new();
        let mut rest = text;
        while let Some(at) = rest.find(prefix) {
            let (before, from) = rest.split_at(at);
            out.push_str(before);
            let boundary = before
                .chars()
                .last()
                .is_none_or(|c| !(c.is_alphanumeric() || c == '_' || c == '.'));
            let path = traversal(from, prefix).unwrap_or(prefix);
            match self.lookup(path, depth).filter(|_| boundary) {
                Some(value) => {
                    let value = value.text();
                    if value.contains(' ') {
                        out.push_str(&format!("({value})"));
                    } else {
                        out.push_str(&value);
                    }
                }
                None => out.push_str(path),
            }
            rest = from.get(path.len()..).unwrap_or("");
        }
        out.push_str(rest);
        Expr::Other(out)
    }

    /// The value of `local.name.key...`, walking object keys (per environment through
    /// `{ env = {...} }[var.environment]`).
    fn lookup(&self, path: &str, depth: usize) -> Option<Expr> {
        let mut steps = path.split('.');
        let map = if steps.next()? == "var" {
            self.vars
        } else {
            self.locals
        };
        let name = steps.next()?;
        let mut value = self.resolve(map.get(name)?, depth - 1);
        for step in steps {
            value = walk(&value, step)?;
        }
        Some(collapse(value))
    }
}

/// `local.a.b` at the start of `text`: the longest dotted identifier path.
fn traversal<'t>(text: &'t str, prefix: &str) -> Option<&'t str> {
    if !text.starts_with(prefix) {
        return None;
    }
    let end = text
        .char_indices()
        .find(|(i, c)| !(c.is_alphanumeric() || *c == '_' || *c == '-' || (*c == '.' && *i > 0)))
        .map_or(text.len(), |(i, _)| i);
    let path = text.get(..end)?.trim_end_matches('.');
    (path.len() > prefix.len()).then_some(path)
}

fn walk(value: &Expr, key: &str) -> Option<Expr> {
    match value {
        Expr::Object(entries) => entries
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone()),
        Expr::Index(base, index) if index == "var.environment" => {
            let Expr::Object(environments) = base.as_ref() else {
                return None;
            };
            let walked: Option<Vec<(String, Expr)>> = environments
                .iter()
                .map(|(env, v)| walk(v, key).map(|w| (env.clone(), w)))
                .collect();
            Some(Expr::Index(Box::new(Expr::Object(walked?)), index.clone()))
        }
        _ => None,
    }
}

/// A per-environment value that is the same in every environment, as that value.
fn collapse(value: Expr) -> Expr {
    if let Expr::Index(base, index) = &value {
        if let Expr::Object(environments) = base.as_ref() {
            if let Some((_, first)) = environments.first() {
                if environments.iter().all(|(_, v)| v == first) {
                    return first.clone();
                }
            }
        }
        let _ = index;
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locals_are_resolved_per_environment() {
        let text = r#"
locals {
  web_names = {
    dev = { bucket = "a-dev", kms = "k" }
    prod = { bucket = "a-prod", kms = "k" }
  }[var.environment]
  web_bucket = local.web_names.bucket
  web_key = "x"
}
resource "aws_s3_bucket" "web" {
  bucket = local.web_bucket
  kms    = local.web_names.kms
  tag    = "${local.web_key}-y"
  logging_config {
    log_format = "JSON"
  }
}
moved {
  from = aws_s3_bucket.old
  to   = aws_s3_bucket.web
}
"#;
        let model = read(text, &BTreeMap::new()).unwrap();
        let r = &model.resources[0];
        assert_eq!(r.address, "aws_s3_bucket.web");
        assert_eq!(
            r.attributes["bucket"],
            "{ dev = \"a-dev\", prod = \"a-prod\" }[var.environment]"
        );
        assert_eq!(r.attributes["kms"], "\"k\"");
        assert_eq!(r.attributes["tag"], "\"${\"x\"}-y\"");
        assert_eq!(r.attributes["logging_config.log_format"], "\"JSON\"");
        assert_eq!(
            model.moved,
            vec![(
                "aws_s3_bucket.old".to_string(),
                "aws_s3_bucket.web".to_string()
            )]
        );
    }
}
