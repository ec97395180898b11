//! Org policy checks: the generated files of a build and the rules (stdlib's and the org's) in,
//! one diagnostic per violation out, positioned at the spec instance whose module generated the
//! offending resource. The rules are data (stdlib/policies.toml, hbmod.toml `[[policies]]`);
//! each rule is one of a few kinds of check, implemented here.

pub mod model;
pub use crate::rules;

use hcl::eval::Evaluate as _;
use hcl::{Body, Expression, ObjectKey, Value};
use indexmap::IndexMap;
use rayon::prelude::*;

use crate::diagnostic::{Code, Diagnostic};
use crate::emit::GeneratedFile;
use crate::ir::Plan;
use crate::memo::{Found, Memo};
pub use crate::rules::Rule;
use model::{Evaluator, Model, Resource};

/// One violation, before it becomes a diagnostic.
struct Violation<'r> {
    rule: &'r Rule,
    instance: String,
    /// Placeholder values for the rule's message.
    facts: Vec<(&'static str, String)>,
}

/// Checks the generated files against `rules`; `allowed_regions` and `required_tags` come from
/// the org config (empty without one). Instance files are independent, so they are read and
/// checked on all cores, each part with the shared files (providers, tfvars); violations come
/// out in file order whatever the split. With a `memo`, an instance file checked before under
/// the same shared files and rules keeps the violations found then, unread.
pub fn check(
    plan: &Plan,
    files: &[GeneratedFile],
    rules: &[Rule],
    allowed_regions: &[String],
    required_tags: &[String],
    memo: Option<&Memo>,
) -> Vec<Diagnostic> {
    let (shared, units): (Vec<&GeneratedFile>, Vec<&GeneratedFile>) = files
        .iter()
        .partition(|f| f.name == "providers.tf" || f.name.starts_with("environments/"));
    let context = Context {
        plan,
        rules,
        allowed_regions,
        required_tags,
    };
    if let Some(memo) = memo {
        memo.policy_context(format!(
            "{shared:?}\0{rules:?}\0{allowed_regions:?}\0{required_tags:?}"
        ));
    }
    let stem = |file: &GeneratedFile| {
        file.name
            .strip_suffix(".tf")
            .unwrap_or(&file.name)
            .to_string()
    };
    let remembered: Vec<Option<Vec<Found>>> = units
        .iter()
        .map(|unit| memo.and_then(|m| m.checked(&stem(unit), unit)))
        .collect();
    let fresh: Vec<&GeneratedFile> = units
        .iter()
        .zip(&remembered)
        .filter(|(_, known)| known.is_none())
        .map(|(unit, _)| *unit)
        .collect();
    let mut diagnostics = Vec::new();
    // The violations of each freshly read file, by its stem.
    let mut found: IndexMap<String, Vec<Violation<'_>>> = IndexMap::new();
    let mut unread = std::collections::HashSet::new();
    for (part, result) in read_and_check(&context, &shared, &fresh) {
        match result {
            Ok(violations) => {
                for unit in part {
                    found.entry(stem(unit)).or_default();
                }
                for v in violations {
                    found.entry(v.instance.clone()).or_default().push(v);
                }
            }
            Err(error) => {
                unread.extend(part.iter().map(|unit| stem(unit)));
                diagnostics.push(unreadable(plan, &error.file, &error.message));
            }
        }
    }
    if let Some(memo) = memo {
        for unit in &fresh {
            let name = stem(unit);
            if let (Some(violations), false) = (found.get(&name), unread.contains(&name)) {
                let kept = violations
                    .iter()
                    .filter_map(|v| {
                        let rule = rules.iter().position(|r| std::ptr::eq(r, v.rule))?;
                        Some(Found {
                            rule,
                            facts: v.facts.clone(),
                        })
                    })
                    .collect();
                memo.check(&name, unit, kept);
            }
        }
    }
    // Every violation in file order: remembered ones as they were found, fresh ones as read.
    let mut ordered: Vec<Violation<'_>> = Vec::new();
    for (unit, known) in units.iter().zip(remembered) {
        let name = stem(unit);
        match known {
            Some(known) => ordered.extend(known.into_iter().filter_map(|f| {
                Some(Violation {
                    rule: rules.get(f.rule)?,
                    instance: name.clone(),
                    facts: f.facts,
                })
            })),
            None => ordered.extend(found.swap_remove(&name).unwrap_or_default()),
        }
    }
    // Violations in files that are not instance files or the other units (none today: the
    // shared files hold no resources).
    ordered.extend(found.into_values().flatten());
    // One diagnostic per instance and rule: the first violation, the others named in a note.
    let mut grouped: IndexMap<(String, &str), Vec<Violation<'_>>> = IndexMap::new();
    for v in ordered {
        grouped
            .entry((v.instance.clone(), v.rule.id.as_str()))
            .or_default()
            .push(v);
    }
    for (_, violations) in grouped {
        let others: Vec<String> = violations.iter().skip(1).map(address).collect();
        if let Some(first) = violations.into_iter().next() {
            let mut diagnostic = diagnostic(plan, first);
            if !others.is_empty() {
                diagnostic = diagnostic.with_note(format!(
                    "this instance breaks the same rule {} more time(s): {}",
                    others.len(),
                    others.join(", ")
                ));
            }
            diagnostics.push(diagnostic);
        }
    }
    diagnostics
}

/// Instance files checked together with one read of the shared files.
const PART: usize = 16;

/// The files of one part and what checking them found.
type Part<'a, 'f> = (
    Vec<&'f GeneratedFile>,
    Result<Vec<Violation<'a>>, model::ReadError>,
);

/// The violations in `units` (each part read with the shared files), part by part: on all
/// cores when there are enough units.
fn read_and_check<'a, 'f>(
    context: &Context<'a>,
    shared: &[&'f GeneratedFile],
    units: &[&'f GeneratedFile],
) -> Vec<Part<'a, 'f>> {
    if units.is_empty() {
        return Vec::new();
    }
    let part = |chunk: &[&'f GeneratedFile]| {
        let result = Model::read(shared.iter().chain(chunk).copied())
            .map(|model| context.violations(&model));
        (chunk.to_vec(), result)
    };
    // Small parts: each holds the model of its files only while it is checked, so memory
    // stays flat however many instances there are; each part reads the (small) shared files
    // again.
    units.par_chunks(PART).map(part).collect()
}

/// What every rule needs besides the model.
struct Context<'a> {
    plan: &'a Plan,
    rules: &'a [Rule],
    allowed_regions: &'a [String],
    required_tags: &'a [String],
}

impl<'a> Context<'a> {
    fn violations(&self, model: &Model) -> Vec<Violation<'a>> {
        // One evaluator per environment, shared by the rules, so each file's locals are
        // computed once per environment.
        let mut environments: Vec<(String, Evaluator<'_>)> = model
            .environments
            .iter()
            .map(|env| (env.name.clone(), model.evaluator(Some(env))))
            .collect();
        if environments.is_empty() {
            environments.push(("every environment".to_string(), model.evaluator(None)));
        }
        let envs = &mut environments;
        let mut violations = Vec::new();
        for rule in self.rules {
            let out = &mut violations;
            match rule.kind.as_str() {
                "require_attribute" => require_attribute(model, envs, rule, out),
                "forbid_resource" => forbid_resource(model, rule, out),
                "forbid_action" => forbid_action(model, rule, out),
                "require_tags" => require_tags(model, rule, self.plan, self.required_tags, out),
                "allowed_regions" => allowed(model, envs, rule, self.allowed_regions, out),
                "name_length" => name_length(model, envs, rule, out),
                _ => {}
            }
        }
        violations
    }
}

fn diagnostic(plan: &Plan, violation: Violation<'_>) -> Diagnostic {
    let instance = plan.instances.iter().find(|i| i.name == violation.instance);
    let span = instance.map_or(crate::source::Span::empty(0), |i| i.span);
    let module = instance.map_or("?", |i| i.module.as_str());
    let mut message = violation.rule.message.clone();
    let mut help = violation.rule.help.clone();
    for (key, value) in &violation.facts {
        message = message.replace(&format!("{{{key}}}"), value);
        help = help.replace(&format!("{{{key}}}"), value);
    }
    Diagnostic::error(
        Code::HB0054,
        span,
        format!("policy `{}`: {message}", violation.rule.id),
        format!(
            "`{}` is generated by the `{module}` module for this instance",
            address(&violation)
        ),
    )
    .with_help(help)
}

fn address(violation: &Violation<'_>) -> String {
    violation
        .facts
        .iter()
        .find(|(k, _)| *k == "address")
        .map(|(_, v)| v.clone())
        .unwrap_or_default()
}

fn unreadable(plan: &Plan, file: &str, message: &str) -> Diagnostic {
    let instance = file.strip_suffix(".tf").unwrap_or(file);
    let found = plan.instances.iter().find(|i| i.name == instance);
    let span = found.map_or(crate::source::Span::empty(0), |i| i.span);
    Diagnostic::error(
        Code::HB0048,
        span,
        format!("the org policy checks cannot read the generated `{file}`"),
        "while checking this instance",
    )
    .with_note(message.to_string())
    .with_help("this is a bug in hbmod or the catalog module, not in your spec: report it")
}

fn violation<'r>(
    rule: &'r Rule,
    resource: &Resource,
    mut facts: Vec<(&'static str, String)>,
) -> Violation<'r> {
    facts.push(("address", resource.address.clone()));
    Violation {
        rule,
        instance: resource.instance.clone(),
        facts,
    }
}

fn applies(rule: &Rule, resource: &Resource) -> bool {
    rule.resources.contains(&resource.kind)
}

fn attribute<'b>(body: &'b Body, key: &str) -> Option<&'b Expression> {
    body.attributes()
        .find(|a| a.key.as_str() == key)
        .map(|a| &a.expr)
}

/// Missing, or null in some environment (a local that a parameter left unset).
fn require_attribute<'r>(
    model: &Model,
    evaluators: &mut [(String, Evaluator<'_>)],
    rule: &'r Rule,
    out: &mut Vec<Violation<'r>>,
) {
    let Some(key) = rule.attribute.as_deref() else {
        return;
    };
    for resource in model.resources.iter().filter(|r| applies(rule, r)) {
        let set = match attribute(&resource.body, key) {
            None | Some(Expression::Null) => false,
            Some(expression) => !evaluators.iter_mut().any(|(_, evaluator)| {
                matches!(evaluator.value_in(resource, expression), Some(Value::Null))
            }),
        };
        if !set {
            out.push(violation(
                rule,
                resource,
                vec![("attribute", key.to_string())],
            ));
        }
    }
}

fn forbid_resource<'r>(model: &Model, rule: &'r Rule, out: &mut Vec<Violation<'r>>) {
    for resource in model.resources.iter().filter(|r| applies(rule, r)) {
        out.push(violation(rule, resource, Vec::new()));
    }
}

/// Allow statements of every IAM policy document a resource holds (`jsonencode({ Statement =
/// [...] })` in any attribute), with actions matching a pattern.
fn forbid_action<'r>(model: &Model, rule: &'r Rule, out: &mut Vec<Violation<'r>>) {
    let patterns: Vec<regex::Regex> = rule
        .patterns
        .iter()
        .filter_map(|p| rules::compile(p).ok())
        .collect();
    for resource in &model.resources {
        let mut statements = Vec::new();
        for attribute in resource.body.attributes() {
            find_statements(&attribute.expr, &mut statements);
        }
        for statement in statements {
            let field = |key: &str| {
                statement
                    .iter()
                    .find(|(k, _)| object_key(k).as_deref() == Some(key))
                    .map(|(_, v)| v)
            };
            let effect = field("Effect").and_then(literal);
            if effect.as_deref().is_some_and(|e| e != "Allow") {
                continue;
            }
            let sid = field("Sid")
                .and_then(literal)
                .unwrap_or_else(|| "without Sid".to_string());
            let actions = match field("Action") {
                Some(Expression::Array(items)) => items.iter().filter_map(literal).collect(),
                Some(other) => literal(other).into_iter().collect(),
                None => Vec::new(),
            };
            for action in actions {
                if patterns.iter().any(|p| p.is_match(&action)) {
                    out.push(violation(
                        rule,
                        resource,
                        vec![("action", action), ("sid", sid.clone())],
                    ));
                }
            }
        }
    }
}

/// The statement objects of policy documents inside `expression`.
fn find_statements<'e>(
    expression: &'e Expression,
    out: &mut Vec<&'e hcl::Object<ObjectKey, Expression>>,
) {
    match expression {
        Expression::FuncCall(call) => call.args.iter().for_each(|a| find_statements(a, out)),
        Expression::Parenthesis(inner) => find_statements(inner, out),
        Expression::Array(items) => items.iter().for_each(|a| find_statements(a, out)),
        Expression::Object(object) => {
            for (key, value) in object {
                if object_key(key).as_deref() == Some("Statement") {
                    match value {
                        Expression::Array(items) => {
                            for item in items {
                                if let Expression::Object(statement) = item {
                                    out.push(statement);
                                }
                            }
                        }
                        Expression::Object(statement) => out.push(statement),
                        _ => {}
                    }
                } else {
                    find_statements(value, out);
                }
            }
        }
        _ => {}
    }
}

fn object_key(key: &ObjectKey) -> Option<String> {
    match key {
        ObjectKey::Identifier(id) => Some(id.to_string()),
        ObjectKey::Expression(expression) => literal(expression),
        _ => None,
    }
}

/// A literal string (or a template without interpolations, read as its text).
fn literal(expression: &Expression) -> Option<String> {
    match expression {
        Expression::String(s) => Some(s.clone()),
        Expression::TemplateExpr(_) => match expression.evaluate(&hcl::eval::Context::new()) {
            Ok(Value::String(s)) => Some(s),
            _ => None,
        },
        _ => None,
    }
}

fn require_tags<'r>(
    model: &Model,
    rule: &'r Rule,
    plan: &Plan,
    required_tags: &[String],
    out: &mut Vec<Violation<'r>>,
) {
    let mut keys: Vec<String> = rule
        .keys
        .iter()
        .map(|k| k.replace("{team}", &plan.team_tag))
        .collect();
    keys.extend(required_tags.iter().cloned());
    let evaluator = model.evaluator(None);
    let mut defaults: IndexMap<&str, IndexMap<String, Option<String>>> = IndexMap::new();
    for resource in &model.resources {
        let taggable = if rule.resources.is_empty() {
            rules::taggable(&resource.kind)
        } else {
            applies(rule, resource)
        };
        if !taggable {
            continue;
        }
        let provider = defaults.entry(&resource.provider).or_insert_with(|| {
            let mut tags = IndexMap::new();
            if let Some(Expression::Object(object)) = model.provider_tags(&resource.provider) {
                add_tags(object, &evaluator, &mut tags);
            }
            tags
        });
        let mut tags = provider.clone();
        match attribute(&resource.body, "tags") {
            None | Some(Expression::Null) => {}
            Some(Expression::Object(own)) => add_tags(own, &evaluator, &mut tags),
            // Keys only known at apply time: not judged here.
            Some(_) => continue,
        }
        for key in &keys {
            let present = matches!(tags.get(key), Some(Some(value)) if !value.is_empty())
                || matches!(tags.get(key), Some(None));
            if !present {
                out.push(violation(rule, resource, vec![("key", key.clone())]));
            }
        }
    }
}

/// Adds an object's tags: a value only known at apply time is `None` (present, value unknown).
fn add_tags(
    object: &hcl::Object<ObjectKey, Expression>,
    evaluator: &Evaluator<'_>,
    tags: &mut IndexMap<String, Option<String>>,
) {
    for (key, value) in object {
        let Some(key) = object_key(key) else {
            continue;
        };
        let value = match evaluator.value(value) {
            Some(Value::String(s)) => Some(s),
            Some(Value::Null) => Some(String::new()),
            Some(other) => Some(other.to_string()),
            None => None,
        };
        tags.insert(key, value);
    }
}

fn allowed<'r>(
    model: &Model,
    evaluators: &[(String, Evaluator<'_>)],
    rule: &'r Rule,
    allowed_regions: &[String],
    out: &mut Vec<Violation<'r>>,
) {
    if allowed_regions.is_empty() {
        return;
    }
    for resource in model
        .resources
        .iter()
        .filter(|r| r.kind.starts_with("aws_"))
    {
        let Some(region) = model.provider_region(&resource.provider) else {
            continue;
        };
        let mut seen = Vec::new();
        for (_, evaluator) in evaluators {
            let Some(Value::String(region)) = evaluator.value(region) else {
                continue;
            };
            let exempt = rule
                .global
                .get(&region)
                .is_some_and(|types| types.contains(&resource.kind));
            if allowed_regions.contains(&region) || exempt || seen.contains(&region) {
                continue;
            }
            seen.push(region.clone());
            out.push(violation(rule, resource, vec![("region", region)]));
        }
    }
}

fn name_length<'r>(
    model: &Model,
    evaluators: &mut [(String, Evaluator<'_>)],
    rule: &'r Rule,
    out: &mut Vec<Violation<'r>>,
) {
    let limits: IndexMap<(&str, &str), usize> = rule
        .limits
        .iter()
        .filter_map(|(key, limit)| key.split_once('.').map(|k| (k, *limit)))
        .collect();
    for resource in &model.resources {
        for attribute in resource.body.attributes() {
            let Some(limit) = limits.get(&(resource.kind.as_str(), attribute.key.as_str())) else {
                continue;
            };
            for (env, evaluator) in evaluators.iter_mut() {
                let Some(Value::String(name)) = evaluator.value_in(resource, &attribute.expr)
                else {
                    continue;
                };
                let length = name.chars().count();
                if length > *limit {
                    out.push(violation(
                        rule,
                        resource,
                        vec![
                            ("env", env.clone()),
                            ("name", name),
                            ("length", length.to_string()),
                            ("limit", limit.to_string()),
                        ],
                    ));
                    // One environment is enough to say it; the others follow the same pattern.
                    break;
                }
            }
        }
    }
}
