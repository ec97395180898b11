//! One consumer's generated files under the old catalog and under the new one in, what a
//! catalog release does to it out: a unified diff per changed file, and the Terraform resources
//! it would create, destroy or replace. A replacement is a resource address that disappears
//! while another of the same type appears (Terraform destroys one and creates the other); a
//! changed physical name (the `<instance>_names` locals hbmod writes) is reported as a rename,
//! which replaces the resources named by it; a kept address whose force-new attribute changes
//! (the modules' `[force_new]`, as `hbmod diff` reads it) is a replacement too.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet, VecDeque};

use hbmod_hcl::model::{Body, Expr};
use indexmap::IndexMap;

use crate::emit::GeneratedFile;

/// What a catalog change does to one consumer's generated Terraform.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ConsumerDiff {
    /// Unified diffs of every changed, added or removed file (`a/<file>` → `b/<file>`).
    pub unified: String,
    /// Files that differ.
    pub changed_files: Vec<String>,
    /// Resource addresses only the new output has.
    pub created: Vec<String>,
    /// Resource addresses only the old output has.
    pub destroyed: Vec<String>,
    /// `(old address, new address)` pairs of one type: destroyed and created again.
    pub replaced: Vec<(String, String)>,
    /// Physical names that change: (`web_names.production.bucket`, old, new). AWS cannot
    /// rename most resources, so Terraform replaces the resources named by them.
    pub renamed: Vec<(String, String, String)>,
    /// Kept addresses replaced because a force-new attribute changes: (address, attributes).
    pub forced: Vec<(String, Vec<String>)>,
}

impl ConsumerDiff {
    /// Whether the consumer's output is unchanged.
    pub fn is_empty(&self) -> bool {
        self.changed_files.is_empty()
    }
}

/// Compares the files a consumer gets from the old catalog with those from the new one;
/// `prefix` goes before file names in the diff headers (the consumer's output folder).
/// `catalog` (the new one) says which attributes force replacement (`[force_new]`).
pub fn compare(
    old: &[GeneratedFile],
    new: &[GeneratedFile],
    prefix: &str,
    catalog: Option<&crate::catalog::Catalog>,
) -> ConsumerDiff {
    let mut out = ConsumerDiff::default();
    let (before_files, after_files) = (by_name(old), by_name(new));
    let names: BTreeSet<&str> = before_files
        .keys()
        .chain(after_files.keys())
        .copied()
        .collect();
    for name in names {
        let before = before_files.get(name).copied().unwrap_or("");
        let after = after_files.get(name).copied().unwrap_or("");
        if before == after {
            continue;
        }
        out.changed_files.push(name.to_string());
        out.unified.push_str(&crate::unified::unified(
            before,
            after,
            &format!("a/{prefix}{name}"),
            &format!("b/{prefix}{name}"),
        ));
    }
    // Each side's `.tf` files are read once, for both the resources and the physical names,
    // one file at a time.
    let (before, before_names) = read(old);
    let (after, after_names) = read(new);
    let before_set: HashSet<&str> = before.iter().map(String::as_str).collect();
    let after_set: HashSet<&str> = after.iter().map(String::as_str).collect();
    let created: Vec<&String> = after
        .iter()
        .filter(|a| !before_set.contains(a.as_str()))
        .collect();
    // A destroyed address is paired with the first still unpaired created one of its type.
    let mut unpaired: BTreeMap<&str, VecDeque<usize>> = BTreeMap::new();
    for (at, address) in created.iter().enumerate() {
        unpaired
            .entry(resource_type(address))
            .or_default()
            .push_back(at);
    }
    // Each created address, until a destroyed one takes it as its replacement.
    let mut created: Vec<Option<&String>> = created.into_iter().map(Some).collect();
    for gone in before.iter().filter(|b| !after_set.contains(b.as_str())) {
        let partner = unpaired
            .get_mut(resource_type(gone))
            .and_then(VecDeque::pop_front)
            .and_then(|at| created.get_mut(at)?.take());
        match partner {
            Some(new_address) => out.replaced.push((gone.clone(), new_address.clone())),
            None => out.destroyed.push(gone.clone()),
        }
    }
    out.created = created.into_iter().flatten().cloned().collect();
    if let (Some(catalog), false) = (catalog, out.changed_files.is_empty()) {
        let replaced_to: HashSet<&str> = out.replaced.iter().map(|(_, b)| b.as_str()).collect();
        out.forced = crate::diff::forced_replacements(old, new, catalog)
            .into_iter()
            .filter(|(address, _)| !replaced_to.contains(address.as_str()))
            .collect();
    }
    let mut old_names: HashMap<String, String> = HashMap::new();
    for (key, value) in before_names {
        old_names.entry(key).or_insert(value);
    }
    for (key, value) in after_names {
        if let Some(old_value) = old_names.get(&key) {
            if *old_value != value {
                out.renamed.push((key, old_value.clone(), value));
            }
        }
    }
    out
}

/// Each file's contents by its name.
fn by_name(files: &[GeneratedFile]) -> BTreeMap<&str, &str> {
    files
        .iter()
        .map(|f| (f.name.as_str(), f.contents.as_str()))
        .collect()
}

/// The resources (`TYPE.NAME`) and physical names of the files, in file order, reading one
/// file's model at a time (a file that does not read has none: hbmod generated it, so it reads
/// unless it was edited by hand, which the build refuses).
fn read(files: &[GeneratedFile]) -> (Vec<String>, Vec<(String, String)>) {
    let (mut resources, mut names) = (Vec::new(), Vec::new());
    let models = files
        .iter()
        .filter(|f| f.name.ends_with(".tf"))
        .filter_map(|f| hbmod_hcl::model::read(&f.contents).ok());
    for body in models {
        resources.extend(resources_in(&body));
        names.extend(physical_names_in(&body));
    }
    (resources, names)
}

/// Every `resource "TYPE" "NAME"` of one file's model, as `TYPE.NAME`.
fn resources_in(body: &Body) -> impl Iterator<Item = String> + '_ {
    body.blocks
        .iter()
        .filter(|block| block.kind == "resource")
        .filter_map(|block| match block.labels.as_slice() {
            [kind, name] => Some(format!("{kind}.{name}")),
            _ => None,
        })
}

/// The physical names hbmod writes into one instance file, as (`web_names.<env>.<key>`,
/// name): the `<instance>_names = { <env> = { key = "name" ... } ... }[var.environment]` locals.
fn physical_names_in(body: &Body) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let locals = body.blocks.iter().filter(|b| b.kind == "locals");
    for attribute in locals.flat_map(|b| &b.body.attributes) {
        if !attribute.name.ends_with("_names") {
            continue;
        }
        let map = match &attribute.value {
            Expr::Index(map, _) => map.as_ref(),
            other => other,
        };
        let Expr::Object(environments) = map else {
            continue;
        };
        for (environment, names) in environments {
            let Expr::Object(names) = names else {
                continue;
            };
            for (key, value) in names {
                if let Some(name) = value.as_literal_string() {
                    out.push((format!("{}.{environment}.{key}", attribute.name), name));
                }
            }
        }
    }
    out
}

fn resource_type(address: &str) -> &str {
    address.split('.').next().unwrap_or_default()
}

/// How many entries of each kind the one-line summary names; the unified diff has all of them.
const LISTED: usize = 10;

/// A short human summary: `2 files changed; REPLACES aws_x.a → aws_x.b; creates ...`, naming at
/// most ten entries of each kind (`, and 990 more`), so that a release that touches every
/// instance of a large spec still gives one readable line.
pub fn summary(diff: &ConsumerDiff) -> String {
    if diff.is_empty() {
        return "unchanged".to_string();
    }
    let mut parts = vec![format!(
        "{} file{} changed",
        diff.changed_files.len(),
        if diff.changed_files.len() == 1 {
            ""
        } else {
            "s"
        }
    )];
    if diff.replaced.is_empty() && diff.renamed.is_empty() && diff.forced.is_empty() {
        parts.push("no replacements".to_string());
    }
    if !diff.replaced.is_empty() {
        parts.push(format!(
            "REPLACES {}",
            listed(diff.replaced.iter().map(|(a, b)| if a == b {
                a.clone()
            } else {
                format!("{a} → {b}")
            }))
        ));
    }
    if !diff.forced.is_empty() {
        parts.push(format!(
            "REPLACES {}",
            listed(diff.forced.iter().map(|(address, attributes)| format!(
                "{address} (force-new: {})",
                attributes.join(", ")
            )))
        ));
    }
    if !diff.renamed.is_empty() {
        // One entry per name across environments: `web_names.router` (3 environments; the last
        // one's old and new name as the example).
        let mut groups: IndexMap<String, (usize, String)> = IndexMap::new();
        for (key, old, new) in &diff.renamed {
            let mut parts = key.splitn(3, '.');
            let (local, env, name) = (
                parts.next().unwrap_or_default(),
                parts.next().unwrap_or_default(),
                parts.next().unwrap_or_default(),
            );
            let group = groups.entry(format!("{local}.{name}")).or_default();
            group.0 += 1;
            group.1 = format!("{env}: {old} → {new}");
        }
        parts.push(format!(
            "RENAMES (replaces what they name) {}",
            listed(groups.iter().map(|(group, (count, example))| format!(
                "{group} ({count} environment{}; {example})",
                if *count == 1 { "" } else { "s" }
            )))
        ));
    }
    if !diff.destroyed.is_empty() {
        parts.push(format!(
            "DESTROYS {}",
            listed(diff.destroyed.iter().cloned())
        ));
    }
    if !diff.created.is_empty() {
        parts.push(format!("creates {}", listed(diff.created.iter().cloned())));
    }
    parts.join("; ")
}

/// The first `LISTED` entries, comma-separated, then `, and N more` for the rest.
fn listed(entries: impl ExactSizeIterator<Item = String>) -> String {
    let more = entries.len().saturating_sub(LISTED);
    let mut text = entries.take(LISTED).collect::<Vec<_>>().join(", ");
    if more > 0 {
        text.push_str(&format!(", and {more} more"));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, contents: &str) -> GeneratedFile {
        GeneratedFile {
            name: name.to_string(),
            contents: contents.to_string(),
        }
    }

    #[test]
    fn a_renamed_resource_is_a_replacement() {
        let old = [file(
            "web.tf",
            "resource \"aws_s3_bucket\" \"web\" {\n}\nresource \"aws_kms_key\" \"web\" {\n}\n",
        )];
        let new = [file(
            "web.tf",
            "resource \"aws_s3_bucket\" \"web_site\" {\n}\nresource \"aws_sqs_queue\" \"q\" {\n}\n",
        )];
        let diff = compare(&old, &new, "terraform/", None);
        assert_eq!(diff.changed_files, ["web.tf"]);
        assert_eq!(
            diff.replaced,
            [(
                "aws_s3_bucket.web".to_string(),
                "aws_s3_bucket.web_site".to_string()
            )]
        );
        assert_eq!(diff.destroyed, ["aws_kms_key.web"]);
        assert_eq!(diff.created, ["aws_sqs_queue.q"]);
        assert!(
            diff.unified
                .contains("--- a/terraform/web.tf\n+++ b/terraform/web.tf\n"),
            "{}",
            diff.unified
        );
        assert!(compare(&old, &old, "", None).is_empty());
    }

    #[test]
    fn a_changed_physical_name_is_a_rename() {
        let names = |bucket: &str| {
            format!("locals {{\n  web_names = {{\n    production = {{\n      bucket = \"{bucket}\"\n      logs   = \"x-logs\"\n    }}\n  }}[var.environment]\n}}\n")
        };
        let old = [file("web.tf", &names("team-web-production-web"))];
        let new = [file("web.tf", &names("team-web-production-site"))];
        let diff = compare(&old, &new, "", None);
        assert_eq!(
            diff.renamed,
            [(
                "web_names.production.bucket".to_string(),
                "team-web-production-web".to_string(),
                "team-web-production-site".to_string()
            )]
        );
        assert!(
            summary(&diff).contains("RENAMES (replaces what they name) web_names.bucket (1 environment; production: team-web-production-web → team-web-production-site)"),
            "{}",
            summary(&diff)
        );
    }
}
