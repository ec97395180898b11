//! Org policy checks: the generated files of a build (the shared files once, then each instance
//! file's model, read where the file was printed) and the rules (stdlib's and the org's) in, one
//! diagnostic per violation out, positioned at the spec instance whose module generated the
//! offending resource. The rules are data (stdlib/policies.toml, hbmod.toml `[[policies]]`);
//! each rule is one of a few kinds of check, implemented here.

pub mod model;
pub use crate::rules;

use hbmod_hcl::eval::{Term, Value};
use hbmod_hcl::model::{Body, Expr};
use indexmap::IndexMap;
use rayon::prelude::*;

use crate::diagnostic::{Code, Diagnostic};
use crate::emit::GeneratedFile;
use crate::ir::Plan;
use crate::memo::{Found, Memo};
pub use crate::rules::Rule;
use model::{attribute, Evaluator, Model, ReadError, Resource, Shared};

/// Placeholder values for a rule's message (`address`, `key`, `region`, ...).
type Facts = Vec<(&'static str, String)>;

/// One violation, before it becomes a diagnostic.
struct Violation<'r> {
    rule: &'r Rule,
    instance: String,
    /// Placeholder values for the rule's message.
    facts: Facts,
}

/// Checks instance files against the org policies: made once per build from the shared files
/// (providers, tfvars) and the rules, then given each instance's file as it is printed, on any
/// thread; `diagnostics` turns what was found into positioned errors.
pub struct Checker<'a> {
    context: Context<'a>,
    shared: Result<Shared, ReadError>,
    memo: Option<&'a Memo>,
}

/// What checking one instance file found: its violations (by rule index), or why the file could
/// not be read.
pub struct Findings {
    instance: String,
    found: Result<Vec<Found>, ReadError>,
}

impl<'a> Checker<'a> {
    /// A checker for the build of `plan` whose shared files are `shared`; `allowed_regions` and
    /// `required_tags` come from the org config (empty without one). With a `memo`, a file
    /// checked before under the same shared files and rules keeps the violations found then.
    pub fn new(
        plan: &'a Plan,
        shared: &[GeneratedFile],
        rules: &'a [Rule],
        allowed_regions: &'a [String],
        required_tags: &'a [String],
        memo: Option<&'a Memo>,
    ) -> Checker<'a> {
        if let Some(memo) = memo {
            memo.policy_context(format!(
                "{shared:?}\0{rules:?}\0{allowed_regions:?}\0{required_tags:?}"
            ));
        }
        Checker {
            context: Context {
                plan,
                rules,
                patterns: rules
                    .iter()
                    .map(|rule| {
                        rule.patterns
                            .iter()
                            .filter_map(|p| rules::compile(p).ok())
                            .collect()
                    })
                    .collect(),
                allowed_regions,
                required_tags,
            },
            shared: Shared::read(shared),
            memo,
        }
    }

    /// The violations in `instance`'s `file`, whose model is `body` when the caller read it
    /// while printing (otherwise the file is read here).
    pub fn instance(&self, instance: &str, file: &GeneratedFile, body: Option<&Body>) -> Findings {
        let findings = |found| Findings {
            instance: instance.to_string(),
            found,
        };
        let Ok(shared) = &self.shared else {
            return findings(Ok(Vec::new()));
        };
        if let Some(found) = self.memo.and_then(|m| m.checked(instance, file)) {
            return findings(Ok(found));
        }
        let read;
        let body = match body {
            Some(body) => body,
            None => match hbmod_hcl::model::read(&file.contents) {
                Ok(body) => {
                    read = body;
                    &read
                }
                Err(error) => {
                    return findings(Err(ReadError {
                        file: file.name.clone(),
                        message: error.to_string(),
                    }))
                }
            },
        };
        let model = Model::new(shared, instance, body);
        let found: Vec<Found> = self
            .context
            .violations(&model)
            .into_iter()
            .filter_map(|v| {
                let rule = self
                    .context
                    .rules
                    .iter()
                    .position(|r| std::ptr::eq(r, v.rule))?;
                Some(Found {
                    rule,
                    facts: v.facts,
                })
            })
            .collect();
        if let Some(memo) = self.memo {
            memo.check(instance, file, found.clone());
        }
        findings(Ok(found))
    }

    /// One diagnostic per instance and rule (the first violation, the others named in a note),
    /// in the order of `findings`; one per file that could not be read.
    pub fn diagnostics(&self, findings: Vec<Findings>) -> Vec<Diagnostic> {
        let plan = self.context.plan;
        let mut diagnostics = Vec::new();
        if let Err(error) = &self.shared {
            diagnostics.push(unreadable(plan, &error.file, &error.message));
        }
        let mut grouped: IndexMap<(String, usize), Vec<Facts>> = IndexMap::new();
        for findings in findings {
            match findings.found {
                Ok(found) => {
                    for f in found {
                        grouped
                            .entry((findings.instance.clone(), f.rule))
                            .or_default()
                            .push(f.facts);
                    }
                }
                Err(error) => diagnostics.push(unreadable(plan, &error.file, &error.message)),
            }
        }
        for ((instance, rule), facts) in grouped {
            let Some(rule) = self.context.rules.get(rule) else {
                continue;
            };
            let violations: Vec<Violation<'_>> = facts
                .into_iter()
                .map(|facts| Violation {
                    rule,
                    instance: instance.clone(),
                    facts,
                })
                .collect();
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
}

/// Checks all the generated `files` of a build at once (the shared ones and each instance's,
/// read here): what `Checker` does when the files were printed elsewhere.
pub fn check(
    plan: &Plan,
    files: &[GeneratedFile],
    rules: &[Rule],
    allowed_regions: &[String],
    required_tags: &[String],
    memo: Option<&Memo>,
) -> Vec<Diagnostic> {
    let (shared, units): (Vec<GeneratedFile>, Vec<&GeneratedFile>) = {
        let (shared, units): (Vec<&GeneratedFile>, Vec<&GeneratedFile>) =
            files.iter().partition(|f| is_shared(&f.name));
        (shared.into_iter().cloned().collect(), units)
    };
    let checker = Checker::new(plan, &shared, rules, allowed_regions, required_tags, memo);
    let findings = units
        .par_iter()
        .filter_map(|unit| {
            let instance = unit.name.strip_suffix(".tf")?;
            Some(checker.instance(instance, unit, None))
        })
        .collect();
    checker.diagnostics(findings)
}

/// The files every instance is checked with: providers.tf and the environments' tfvars.
pub fn is_shared(name: &str) -> bool {
    name == "providers.tf" || name.starts_with("environments/")
}

/// What every rule needs besides the model.
struct Context<'a> {
    plan: &'a Plan,
    rules: &'a [Rule],
    /// Each rule's action patterns, compiled once per build (by rule index).
    patterns: Vec<Vec<regex::Regex>>,
    allowed_regions: &'a [String],
    required_tags: &'a [String],
}

impl<'a> Context<'a> {
    fn violations(&self, model: &Model<'_, '_>) -> Vec<Violation<'a>> {
        // One evaluator per environment, shared by the rules, so each file's locals are
        // computed once per environment.
        let mut environments: Vec<(String, Evaluator<'_>)> = model
            .environments()
            .iter()
            .map(|env| (env.name.clone(), model.evaluator(Some(env))))
            .collect();
        if environments.is_empty() {
            environments.push(("every environment".to_string(), model.evaluator(None)));
        }
        let envs = &mut environments;
        let mut violations = Vec::new();
        for (rule, patterns) in self.rules.iter().zip(&self.patterns) {
            let out = &mut violations;
            match rule.kind.as_str() {
                "require_attribute" => require_attribute(model, envs, rule, out),
                "forbid_resource" => forbid_resource(model, rule, out),
                "forbid_action" => forbid_action(model, rule, patterns, out),
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
    resource: &Resource<'_>,
    mut facts: Vec<(&'static str, String)>,
) -> Violation<'r> {
    facts.push(("address", resource.address.clone()));
    Violation {
        rule,
        instance: resource.instance.clone(),
        facts,
    }
}

fn applies(rule: &Rule, resource: &Resource<'_>) -> bool {
    rule.resources.contains(&resource.kind)
}

/// Missing, or null in some environment (a local that a parameter left unset).
fn require_attribute<'r>(
    model: &Model<'_, '_>,
    evaluators: &mut [(String, Evaluator<'_>)],
    rule: &'r Rule,
    out: &mut Vec<Violation<'r>>,
) {
    let Some(key) = rule.attribute.as_deref() else {
        return;
    };
    for resource in model.resources.iter().filter(|r| applies(rule, r)) {
        let set = match attribute(resource.body, key).map(Term::of) {
            None | Some(Term::Literal(Value::Null)) => false,
            Some(term) => !evaluators
                .iter_mut()
                .any(|(_, evaluator)| matches!(evaluator.value_in(&term), Some(Value::Null))),
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

fn forbid_resource<'r>(model: &Model<'_, '_>, rule: &'r Rule, out: &mut Vec<Violation<'r>>) {
    for resource in model.resources.iter().filter(|r| applies(rule, r)) {
        out.push(violation(rule, resource, Vec::new()));
    }
}

/// Allow statements of every IAM policy document a resource holds (`jsonencode({ Statement =
/// [...] })` in any attribute), with actions matching a pattern.
fn forbid_action<'r>(
    model: &Model<'_, '_>,
    rule: &'r Rule,
    patterns: &[regex::Regex],
    out: &mut Vec<Violation<'r>>,
) {
    for resource in &model.resources {
        let mut statements = Vec::new();
        for attribute in &resource.body.attributes {
            find_statements(&attribute.value, &mut statements);
        }
        for statement in statements {
            let field = |key: &str| statement.iter().find(|(k, _)| k == key).map(|(_, v)| v);
            let effect = field("Effect").and_then(Expr::as_literal_string);
            if effect.as_deref().is_some_and(|e| e != "Allow") {
                continue;
            }
            let sid = field("Sid")
                .and_then(Expr::as_literal_string)
                .unwrap_or_else(|| "without Sid".to_string());
            let actions = match field("Action") {
                Some(Expr::Tuple(items)) => {
                    items.iter().filter_map(Expr::as_literal_string).collect()
                }
                Some(other) => other.as_literal_string().into_iter().collect(),
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

/// The statement objects of policy documents inside `expression` (`jsonencode({ Statement =
/// [...] })`, in any argument, list or object).
fn find_statements<'e>(expression: &'e Expr, out: &mut Vec<&'e [(String, Expr)]>) {
    match expression {
        Expr::Call(_, args) | Expr::Tuple(args) => {
            args.iter().for_each(|a| find_statements(a, out))
        }
        Expr::Object(object) => {
            for (key, value) in object {
                if key == "Statement" {
                    match value {
                        Expr::Tuple(items) => {
                            for item in items {
                                if let Expr::Object(statement) = item {
                                    out.push(statement);
                                }
                            }
                        }
                        Expr::Object(statement) => out.push(statement),
                        _ => {}
                    }
                } else {
                    find_statements(value, out);
                }
            }
        }
        Expr::Index(..) | Expr::Other(_) => {}
    }
}

fn require_tags<'r>(
    model: &Model<'_, '_>,
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
            if let Some(Expr::Object(object)) = model.provider_tags(&resource.provider) {
                add_tags(object, &evaluator, &mut tags);
            }
            tags
        });
        let mut tags = provider.clone();
        match attribute(resource.body, "tags") {
            None => {}
            Some(Expr::Object(own)) => add_tags(own, &evaluator, &mut tags),
            Some(Expr::Other(null)) if null == "null" => {}
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
    object: &[(String, Expr)],
    evaluator: &Evaluator<'_>,
    tags: &mut IndexMap<String, Option<String>>,
) {
    for (key, value) in object {
        let value = match evaluator.value(&Term::of(value)) {
            Some(Value::String(s)) => Some(s),
            Some(Value::Null) => Some(String::new()),
            Some(other) => Some(other.to_string()),
            None => None,
        };
        tags.insert(key.clone(), value);
    }
}

fn allowed<'r>(
    model: &Model<'_, '_>,
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
    model: &Model<'_, '_>,
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
        for attribute in &resource.body.attributes {
            let Some(limit) = limits.get(&(resource.kind.as_str(), attribute.name.as_str())) else {
                continue;
            };
            let term = Term::of(&attribute.value);
            for (env, evaluator) in evaluators.iter_mut() {
                let Some(Value::String(name)) = evaluator.value_in(&term) else {
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
