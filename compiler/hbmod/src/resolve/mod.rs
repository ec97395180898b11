//! The parsed spec, the catalog and a read-only view of the repository in; the typed `ir::Plan`
//! (every value checked against its parameter's type, defaults applied, references resolved)
//! and a positioned diagnostic for every mistake out.

mod hostnames;
mod limits;
mod paths;
mod value;

use std::collections::{HashMap, HashSet};

use indexmap::IndexMap;

use crate::catalog::{Catalog, Module};
use crate::config::OrgConfig;
use crate::diagnostic::{Code, Diagnostic};
use crate::ir::{Instance, Plan, Service, Value};
use crate::source::Span;
use crate::stdlib::{DEFAULT_TEAM_TAG, HBMOD_TAGS};
use crate::syntax::ast::{Block, Entry, ExprKind, File, Item};
use crate::text::{did_you_mean, quoted_list};
use crate::world::World;

/// Where the spec is, relative to the repository root.
#[derive(Debug, Clone, Copy)]
pub struct SpecContext<'a> {
    /// The spec file (`services/web/site.hb`).
    pub spec_path: &'a str,
    /// The folder the Terraform will be written to (`services/web/terraform`).
    pub output_dir: &'a str,
}

impl SpecContext<'_> {
    /// The spec's folder.
    pub fn spec_dir(&self) -> &str {
        self.spec_path.rsplit_once('/').map_or("", |(dir, _)| dir)
    }
}

/// Checks `file` against `catalog`; the plan is returned only when there is no error.
pub fn resolve(
    file: &File,
    catalog: &Catalog,
    world: &dyn World,
    spec: SpecContext<'_>,
    config: Option<&OrgConfig>,
    environments: &[&str],
) -> (Option<Plan>, Vec<Diagnostic>) {
    let mut resolver = Resolver {
        catalog,
        world,
        spec,
        config,
        environments,
        overlays: IndexMap::new(),
        diagnostics: Vec::new(),
        instances: IndexMap::new(),
        packaged: false,
    };
    for item in &file.items {
        if let Item::Instance(block) = item {
            if let Some(name) = &block.name {
                resolver.instances.entry(name.name.clone()).or_insert(block);
            }
        }
    }
    let service = resolver.service(file);
    let mut instances = Vec::new();
    for item in &file.items {
        match item {
            Item::Instance(block) => instances.extend(resolver.instance(block)),
            Item::Overlay(block) => resolver.overlay(block),
            Item::Service(_) => {}
        }
    }
    resolver.cycles(&instances);
    let broken = limits::check(&instances, &resolver.instances, catalog);
    resolver.diagnostics.extend(broken);
    resolver
        .diagnostics
        .extend(hostnames::duplicates(file, catalog));
    for instance in &mut instances {
        resolver.vary(instance);
    }
    let Resolver { diagnostics, .. } = resolver;
    match (service, crate::diagnostic::has_errors(&diagnostics)) {
        (Some(service), false) => (
            Some(Plan {
                spec_path: spec.spec_path.to_string(),
                service,
                instances,
                naming_pattern: config
                    .and_then(|c| c.naming.clone())
                    .unwrap_or_else(|| crate::stdlib::naming::DEFAULT_PATTERN.to_string()),
                org: config.map(|c| c.org.clone()).unwrap_or_default(),
                team_tag: config
                    .and_then(|c| c.abac_tag_key.clone())
                    .unwrap_or_else(|| DEFAULT_TEAM_TAG.to_string()),
                abac: config.is_some_and(|c| c.abac_tag_key.is_some()),
            }),
            diagnostics,
        ),
        _ => (None, diagnostics),
    }
}

struct Resolver<'a> {
    catalog: &'a Catalog,
    config: Option<&'a OrgConfig>,
    environments: &'a [&'a str],
    /// Checked overlay values: instance → (environment, parameter, value).
    overlays: IndexMap<String, Vec<(String, String, Value)>>,
    world: &'a dyn World,
    spec: SpecContext<'a>,
    diagnostics: Vec<Diagnostic>,
    /// Instances by name (the first of duplicates), for references.
    instances: IndexMap<String, &'a Block>,
    /// The parameter being checked is a folder `hbmod package` reads (`packaged = true`).
    packaged: bool,
}

impl<'a> Resolver<'a> {
    fn report(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    fn service(&mut self, file: &File) -> Option<Service> {
        let header = file.items.iter().find_map(|item| match item {
            Item::Service(block) => Some(block),
            _ => None,
        });
        let folder = self
            .spec
            .spec_dir()
            .rsplit('/')
            .next()
            .unwrap_or("")
            .to_string();
        let Some(header) = header else {
            let first = file
                .items
                .first()
                .map_or(Span::empty(0), |item| item.block().head.span);
            self.report(
                Diagnostic::error(Code::HB0046, first, "this spec has no `service` header", "add the header before this")
                    .with_help("start the file with the team that owns it: `service < team = \"web-team\", owner = \"web@example.com\" >`"),
            );
            return None;
        };
        let name = match &header.name {
            Some(name) => name.name.clone(),
            None if crate::text::valid_name(&folder.replace('-', "_")) => folder,
            None => {
                self.report(
                    Diagnostic::error(
                        Code::HB0046,
                        header.head.span,
                        format!("the spec's folder `{folder}` cannot name the service"),
                        "unnamed service",
                    )
                    .with_help("name the service in the header: `service web < ... >`"),
                );
                return None;
            }
        };
        let mut fields: HashMap<&str, &Entry> = HashMap::new();
        for entry in &header.entries {
            if let Some(key) = entry.key.first() {
                fields.insert(key.name.as_str(), entry);
            }
        }
        let team = match fields.get("team").map(|e| (&e.value.kind, e.value.span)) {
            Some((ExprKind::String(team), span)) => {
                if team.is_empty()
                    || team.len() > 32
                    || !team.starts_with(|c: char| c.is_ascii_lowercase())
                    || !team
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                {
                    self.report(
                        Diagnostic::error(Code::HB0035, span, format!("the team name \"{}\" cannot be used in resource names and tags", team.escape_debug()), "invalid team name")
                            .with_help("team names are 1 to 32 lowercase letters, digits and `-`, starting with a letter, like \"web-team\""),
                    );
                    None
                } else {
                    Some(team.clone())
                }
            }
            Some((ExprKind::Error, _)) => None,
            Some((_, span)) => {
                self.report(
                    Diagnostic::error(
                        Code::HB0034,
                        span,
                        "`team` expects the team's name as a string",
                        "not a string",
                    )
                    .with_help("write `team = \"web-team\"`"),
                );
                None
            }
            None => {
                self.report(
                    Diagnostic::error(Code::HB0046, header.head.span, "the `service` header does not name the owning team", "no `team`")
                        .with_help("add `team = \"web-team\"`: the team goes into every resource's name and tags"),
                );
                None
            }
        };
        let owner = self.header_text(&fields, "owner", true);
        let description = self.header_text(&fields, "description", false);
        let tags = self.header_tags(header, fields.get("tags").copied());
        Some(Service {
            name,
            team: team?,
            owner,
            description,
            tags: tags?,
        })
    }

    /// The header's `tags`, checked as AWS tags and against the org config's required tags.
    fn header_tags(
        &mut self,
        header: &Block,
        entry: Option<&Entry>,
    ) -> Option<IndexMap<String, String>> {
        let mut tags = IndexMap::new();
        let mut ok = true;
        match entry.map(|e| &e.value.kind) {
            None => {}
            Some(ExprKind::Map(entries)) => {
                for pair in entries {
                    let key = &pair.key.name;
                    let value = match &pair.value.kind {
                        ExprKind::String(value) => value.clone(),
                        _ => {
                            self.report(
                                Diagnostic::error(
                                    Code::HB0034,
                                    pair.value.span,
                                    format!("the tag `{key}` needs a string value"),
                                    "not a string",
                                )
                                .with_help(format!("write `{key} = \"...\"`")),
                            );
                            ok = false;
                            continue;
                        }
                    };
                    let team_tag = self
                        .config
                        .and_then(|c| c.abac_tag_key.as_deref())
                        .unwrap_or(DEFAULT_TEAM_TAG);
                    if key == team_tag || HBMOD_TAGS.contains(&key.as_str()) {
                        self.report(
                            Diagnostic::error(
                                Code::HB0035,
                                pair.key.span,
                                format!("hbmod sets the tag `{key}` on every resource itself"),
                                "set by hbmod",
                            )
                            .with_help(format!(
                                "remove `{key}` from `tags`: {}",
                                match key.as_str() {
                                    k if k == team_tag => "it is the header's `team`",
                                    "Service" => "it is the service's name",
                                    "Environment" => "it is the environment being deployed",
                                    "Source" => "it is the spec's path",
                                    _ => "it marks resources hbmod manages",
                                }
                            )),
                        );
                        ok = false;
                        continue;
                    }
                    let checked = crate::types::validate_tag_key(key)
                        .and_then(|()| crate::types::validate_tag_value(&value));
                    if let Err(reason) = checked {
                        self.report(
                            Diagnostic::error(Code::HB0035, pair.key.span.join(pair.value.span), format!("`{key}` cannot be an AWS tag: {reason}"), "invalid tag")
                                .with_help("tag keys have 1 to 127 and values up to 256 letters, digits, spaces and `_ . : / = + - @`"),
                        );
                        ok = false;
                        continue;
                    }
                    tags.insert(key.clone(), value);
                }
            }
            Some(ExprKind::Error) => ok = false,
            Some(_) => {
                if let Some(entry) = entry {
                    self.report(
                        Diagnostic::error(
                            Code::HB0034,
                            entry.value.span,
                            "`tags` expects a map of tag names to values",
                            "not a map",
                        )
                        .with_help("write `tags = { CostCenter = \"1234\" }`"),
                    );
                }
                ok = false;
            }
        }
        let required: Vec<(String, Vec<String>)> = self
            .config
            .map(|c| {
                c.required_tags
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect()
            })
            .unwrap_or_default();
        for (key, allowed) in required {
            let allowed_text = allowed
                .iter()
                .map(|v| format!("\"{v}\""))
                .collect::<Vec<_>>()
                .join(", ");
            match tags.get(&key) {
                None => {
                    let example = allowed
                        .first()
                        .cloned()
                        .unwrap_or_else(|| "...".to_string());
                    let mut help =
                        format!("add `tags = {{ {key} = \"{example}\" }}` to the header");
                    if !allowed.is_empty() {
                        help.push_str(&format!("; allowed values: {allowed_text}"));
                    }
                    self.report(
                        Diagnostic::error(Code::HB0051, header.head.span, format!("the service does not set the tag `{key}` that the org config requires"), "the header")
                            .with_help(help),
                    );
                    ok = false;
                }
                Some(value) if !allowed.is_empty() && !allowed.contains(value) => {
                    let span = entry.map_or(header.head.span, |e| e.value.span);
                    self.report(
                        Diagnostic::error(
                            Code::HB0051,
                            span,
                            format!("`{value}` is not an allowed value of the tag `{key}`"),
                            "not allowed",
                        )
                        .with_help(format!("the org config allows {allowed_text}")),
                    );
                    ok = false;
                }
                Some(_) => {}
            }
        }
        ok.then_some(tags)
    }

    fn header_text(
        &mut self,
        fields: &HashMap<&str, &Entry>,
        key: &str,
        email: bool,
    ) -> Option<String> {
        let entry = fields.get(key)?;
        match &entry.value.kind {
            ExprKind::String(text) => {
                if email {
                    if let Err(reason) = crate::types::validate_email(text) {
                        self.report(
                            Diagnostic::error(Code::HB0035, entry.value.span, format!("\"{}\" is not an email address", text.escape_debug()), reason.to_string())
                                .with_help("`owner` is who to ask about this service, like \"web-team@example.com\""),
                        );
                        return None;
                    }
                }
                Some(text.clone())
            }
            ExprKind::Error => None,
            _ => {
                self.report(
                    Diagnostic::error(
                        Code::HB0034,
                        entry.value.span,
                        format!("`{key}` expects a string"),
                        "not a string",
                    )
                    .with_help(format!("write `{key} = \"...\"`")),
                );
                None
            }
        }
    }

    fn instance(&mut self, block: &'a Block) -> Option<Instance> {
        let name = block.name.as_ref()?;
        let Some(module) = self.catalog.module(&block.head.name) else {
            let known: Vec<&str> = self.catalog.modules().map(|m| m.name.as_str()).collect();
            let help = match did_you_mean(&block.head.name, known.iter().copied()) {
                Some(close) => format!(
                    "did you mean `{close}`? the catalog has {}",
                    quoted_list(&known)
                ),
                None => format!("the catalog has {}", quoted_list(&known)),
            };
            self.report(
                Diagnostic::error(
                    Code::HB0031,
                    block.head.span,
                    format!("the catalog has no module `{}`", block.head.name),
                    "unknown module",
                )
                .with_help(help),
            );
            return None;
        };
        let mut given: HashMap<&str, (&Entry, Value)> = HashMap::new();
        let mut unknown: Vec<&str> = Vec::new();
        for entry in &block.entries {
            let [key] = entry.key.as_slice() else {
                continue;
            };
            let Some(param) = module.params.get(&key.name) else {
                self.unknown_param(module, key.span, &key.name);
                unknown.push(key.name.as_str());
                continue;
            };
            if let Some(value) = self.value(module, &param.name, &entry.value) {
                given.insert(param.name.as_str(), (entry, value));
            }
        }
        let missing: Vec<&crate::catalog::Param> = module
            .params
            .values()
            .filter(|p| p.required() && !block.entries.iter().any(|e| e.key_text() == p.name))
            .collect();
        // A misspelt required parameter is reported once, as the typo (with its fix).
        let params: Vec<&str> = module.params.keys().map(String::as_str).collect();
        let misspelt: Vec<&str> = unknown
            .iter()
            .filter_map(|u| did_you_mean(u, params.iter().copied()))
            .collect();
        let missing: Vec<&crate::catalog::Param> = missing
            .into_iter()
            .filter(|p| !misspelt.contains(&p.name.as_str()))
            .collect();
        if !unknown.is_empty() && missing.is_empty() {
            return None;
        }
        if !missing.is_empty() {
            let names: Vec<&str> = missing.iter().map(|p| p.name.as_str()).collect();
            let mut diagnostic = Diagnostic::error(
                Code::HB0033,
                block.head.span.join(name.span),
                format!(
                    "`{} {}` is missing {} {}",
                    module.name,
                    name.name,
                    if missing.len() == 1 {
                        "the required parameter"
                    } else {
                        "required parameters"
                    },
                    quoted_list(&names)
                ),
                "missing parameters",
            );
            for param in &missing {
                diagnostic =
                    diagnostic.with_note(format!("`{}` ({}): {}", param.name, param.ty, param.doc));
            }
            let example: Vec<String> = missing
                .iter()
                .map(|p| format!("`{} = {},`", p.name, p.ty.example()))
                .collect();
            self.report(diagnostic.with_help(format!("add {}", example.join(" and "))));
            return None;
        }
        let mut params = IndexMap::new();
        for (key, param) in &module.params {
            let value = match given.remove(key.as_str()) {
                Some((_, value)) => value,
                None => match &param.default {
                    Some(default) => value::from_default(default, &param.ty),
                    None => Value::Null,
                },
            };
            params.insert(key.clone(), value);
        }
        self.zones(module, block, &mut params);
        Some(Instance {
            name: name.name.clone(),
            module: module.name.clone(),
            params,
            varying: IndexMap::new(),
            span: block.span,
            was: block.was.as_ref().map(|w| w.name.clone()),
        })
    }

    fn unknown_param(&mut self, module: &Module, span: Span, key: &str) {
        let known: Vec<&str> = module.params.keys().map(String::as_str).collect();
        let help = match did_you_mean(key, known.iter().copied()) {
            Some(close) => format!(
                "did you mean `{close}`? `{}` takes {}",
                module.name,
                quoted_list(&known)
            ),
            None => format!("`{}` takes {}", module.name, quoted_list(&known)),
        };
        self.report(
            Diagnostic::error(
                Code::HB0032,
                span,
                format!("the `{}` module has no parameter `{key}`", module.name),
                "unknown parameter",
            )
            .with_help(help),
        );
    }

    /// Checks an overlay's environment, keys and values, and keeps the values.
    fn overlay(&mut self, block: &'a Block) {
        let Some(environment) = &block.name else {
            return;
        };
        if !self.environments.contains(&environment.name.as_str()) {
            let help = match did_you_mean(&environment.name, self.environments.iter().copied()) {
                Some(close) => format!("did you mean `{close}`?"),
                None => format!("the environments are {}", quoted_list(self.environments)),
            };
            self.report(
                Diagnostic::error(
                    Code::HB0053,
                    environment.span,
                    format!("there is no `{}` environment", environment.name),
                    "unknown environment",
                )
                .with_help(format!(
                    "{help} (the org config's `[environments]` lists them)"
                )),
            );
            return;
        }
        for entry in &block.entries {
            let [instance, param] = entry.key.as_slice() else {
                continue;
            };
            let Some(target) = self.instances.get(&instance.name).copied() else {
                continue;
            };
            let Some(module) = self.catalog.module(&target.head.name) else {
                continue;
            };
            let Some(declared) = module.params.get(&param.name) else {
                self.unknown_param(module, param.span, &param.name);
                continue;
            };
            let Some(value) = self.value(module, &declared.name, &entry.value) else {
                continue;
            };
            let mut targets = Vec::new();
            value::references(&value, &mut targets);
            if !targets.is_empty() {
                self.report(
                    Diagnostic::error(
                        Code::HB0047,
                        entry.value.span,
                        format!("`{}` refers to other instances, which cannot differ per environment", entry.key_text()),
                        "a reference",
                    )
                    .with_help("references decide which resources exist and are wired; keep them the same in every environment"),
                );
                continue;
            }
            self.overlays
                .entry(instance.name.clone())
                .or_default()
                .push((environment.name.clone(), param.name.clone(), value));
        }
    }

    /// Applies the overlays of `instance`: each parameter's value per environment (derived
    /// hosted zones follow their domain); the ones that differ go to `varying`.
    fn vary(&mut self, instance: &mut Instance) {
        let Some(overlays) = self.overlays.get(&instance.name).cloned() else {
            return;
        };
        let Some(module) = self.catalog.module(&instance.module) else {
            return;
        };
        let Some(block) = self.instances.get(&instance.name).copied() else {
            return;
        };
        let given: Vec<String> = block.entries.iter().map(Entry::key_text).collect();
        let mut per_environment: Vec<(String, IndexMap<String, Value>)> = Vec::new();
        for environment in self.environments.iter().copied() {
            let mut params = instance.params.clone();
            let mut overlaid = Vec::new();
            for (_, param, value) in overlays.iter().filter(|(env, _, _)| env == environment) {
                params.insert(param.clone(), value.clone());
                overlaid.push(param.clone());
            }
            if overlaid.is_empty() {
                // The instance's own values, already checked (and its zone derived).
                per_environment.push((environment.to_string(), params));
                continue;
            }
            // A hosted zone hbmod derived from the domain is derived again from this environment's domain.
            for (key, param) in &module.params {
                if !param.zone_of.is_empty() && !given.contains(key) && !overlaid.contains(key) {
                    params.insert(key.clone(), Value::Null);
                }
            }
            self.zones(module, block, &mut params);
            per_environment.push((environment.to_string(), params));
        }
        for key in module.params.keys() {
            let values: IndexMap<String, Value> = per_environment
                .iter()
                .filter_map(|(env, params)| params.get(key).map(|v| (env.clone(), v.clone())))
                .collect();
            let mut distinct = values.values();
            let first = distinct.next();
            if distinct.any(|v| Some(v) != first) {
                instance.varying.insert(key.clone(), values);
            } else if let Some(same) = first {
                // The same in every environment: a literal, even if an overlay repeated it.
                instance.params.insert(key.clone(), same.clone());
            }
        }
    }

    /// Applies `zone_of`: a hosted zone parameter, derived when left out, must contain the
    /// domains it is the zone of.
    fn zones(&mut self, module: &Module, block: &Block, params: &mut IndexMap<String, Value>) {
        for (zone_key, param) in &module.params {
            if param.zone_of.is_empty() {
                continue;
            }
            let zone = match params.get(zone_key) {
                Some(Value::String(zone)) => zone.clone(),
                _ => {
                    let Some(Value::String(first)) =
                        param.zone_of.first().and_then(|k| params.get(k))
                    else {
                        continue;
                    };
                    // `app.example.com` is in `example.com`; `example.com` is its own zone.
                    let parent = match first.split_once('.') {
                        Some((_, rest)) if rest.contains('.') => rest.to_string(),
                        _ => first.clone(),
                    };
                    params.insert(zone_key.clone(), Value::String(parent.clone()));
                    parent
                }
            };
            for key in &param.zone_of {
                let domains: Vec<&str> = match params.get(key) {
                    Some(Value::String(domain)) => vec![domain.as_str()],
                    Some(Value::List(items)) => items
                        .iter()
                        .filter_map(|v| {
                            if let Value::String(s) = v {
                                Some(s.as_str())
                            } else {
                                None
                            }
                        })
                        .collect(),
                    _ => continue,
                };
                for domain in domains {
                    if domain == zone || domain.ends_with(&format!(".{zone}")) {
                        continue;
                    }
                    // Point at the very string: the element of a list, or the value.
                    let span = block.entries.iter().find(|e| e.key_text() == *key).map_or(
                        block.head.span,
                        |e| match &e.value.kind {
                            ExprKind::List(items) => items
                                .iter()
                                .find(|i| matches!(&i.kind, ExprKind::String(s) if s == domain))
                                .map_or(e.value.span, |i| i.span),
                            _ => e.value.span,
                        },
                    );
                    let zone_given = block.entries.iter().any(|e| e.key_text() == *zone_key);
                    self.report(
                        Diagnostic::error(Code::HB0044, span, format!("\"{domain}\" is not in the hosted zone \"{zone}\""), "outside the zone")
                            .with_note(if zone_given {
                                format!("`{zone_key}` sets the Route53 hosted zone the records go into")
                            } else {
                                format!("without `{zone_key}`, the hosted zone is the parent of `{}`", param.zone_of.first().map_or("", String::as_str))
                            })
                            .with_help(format!("use a name ending in \".{zone}\", or set `{zone_key}` to the hosted zone that holds it")),
                    );
                }
            }
        }
    }

    /// Reports references that form a cycle.
    fn cycles(&mut self, instances: &[Instance]) {
        let edges: HashMap<&str, Vec<&str>> = instances
            .iter()
            .map(|instance| {
                let mut targets = Vec::new();
                for value in instance.params.values() {
                    value::references(value, &mut targets);
                }
                (instance.name.as_str(), targets)
            })
            .collect();
        let mut done: HashSet<&str> = HashSet::new();
        for start in instances {
            let mut path: Vec<&str> = Vec::new();
            if let Some(cycle) = find_cycle(start.name.as_str(), &edges, &mut path, &mut done) {
                let span = self
                    .instances
                    .get(start.name.as_str())
                    .and_then(|b| b.name.as_ref())
                    .map_or(start.span, |n| n.span);
                self.report(
                    Diagnostic::error(
                        Code::HB0043,
                        span,
                        format!(
                            "these instances reference each other in a cycle: {}",
                            cycle.join(" → ")
                        ),
                        "part of the cycle",
                    )
                    .with_help(
                        "Terraform needs an order to create them in; remove one of the references",
                    ),
                );
                return;
            }
        }
    }
}

/// Depth-first search for a cycle through `node`; returns it as names, first repeated last.
fn find_cycle<'n>(
    node: &'n str,
    edges: &HashMap<&'n str, Vec<&'n str>>,
    path: &mut Vec<&'n str>,
    done: &mut HashSet<&'n str>,
) -> Option<Vec<String>> {
    if let Some(position) = path.iter().position(|n| *n == node) {
        let mut cycle: Vec<String> = path
            .get(position..)
            .unwrap_or_default()
            .iter()
            .map(|n| format!("`{n}`"))
            .collect();
        cycle.push(format!("`{node}`"));
        return Some(cycle);
    }
    if done.contains(node) {
        return None;
    }
    path.push(node);
    for next in edges.get(node).map(Vec::as_slice).unwrap_or_default() {
        if let Some(cycle) = find_cycle(next, edges, path, done) {
            return Some(cycle);
        }
    }
    path.pop();
    done.insert(node);
    None
}
