//! One consumer's generated files under the old catalog and under the new one in, what a
//! catalog release does to it out: a unified diff per changed file, and the Terraform resources
//! it would create, destroy or replace. A replacement is a resource address that disappears
//! while another of the same type appears (Terraform destroys one and creates the other); a
//! changed physical name (the `<instance>_names` locals hbmod writes) is reported as a rename,
//! which replaces the resources named by it; a kept address whose force-new attribute changes
//! (the modules' `[force_new]`, as `hbmod diff` reads it) is a replacement too.

use hbmod_hcl::model::{Body, Expr};

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
    let mut names: Vec<&str> = old
        .iter()
        .chain(new.iter())
        .map(|f| f.name.as_str())
        .collect();
    names.sort_unstable();
    names.dedup();
    for name in names {
        let before = old
            .iter()
            .find(|f| f.name == name)
            .map_or("", |f| f.contents.as_str());
        let after = new
            .iter()
            .find(|f| f.name == name)
            .map_or("", |f| f.contents.as_str());
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
    let before = resources(old);
    let after = resources(new);
    let mut created: Vec<String> = after
        .iter()
        .filter(|a| !before.contains(a))
        .cloned()
        .collect();
    let destroyed: Vec<String> = before
        .iter()
        .filter(|a| !after.contains(a))
        .cloned()
        .collect();
    for gone in destroyed {
        let ty = resource_type(&gone);
        match created.iter().position(|c| resource_type(c) == ty) {
            Some(at) => {
                let new_address = created.remove(at);
                out.replaced.push((gone, new_address));
            }
            None => out.destroyed.push(gone),
        }
    }
    out.created = created;
    if let (Some(catalog), false) = (catalog, out.changed_files.is_empty()) {
        out.forced = crate::diff::forced_replacements(old, new, catalog)
            .into_iter()
            .filter(|(address, _)| !out.replaced.iter().any(|(_, b)| b == address))
            .collect();
    }
    let before = physical_names(old);
    for (key, value) in physical_names(new) {
        if let Some((_, old_value)) = before.iter().find(|(k, _)| *k == key) {
            if *old_value != value {
                out.renamed.push((key, old_value.clone(), value));
            }
        }
    }
    out
}

/// The physical names hbmod writes into each instance file, as (`web_names.<env>.<key>`, name):
/// the `<instance>_names = { <env> = { key = "name" ... } ... }[var.environment]` locals, read
/// through `hbmod_hcl::model` (a file that does not read has none).
pub fn physical_names(files: &[GeneratedFile]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for body in models(files) {
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
    }
    out
}

/// Each `.tf` file's model, in file order (a file that does not read is skipped: hbmod
/// generated it, so it reads unless it was edited by hand, which the build refuses).
fn models(files: &[GeneratedFile]) -> impl Iterator<Item = Body> + '_ {
    files
        .iter()
        .filter(|f| f.name.ends_with(".tf"))
        .filter_map(|f| hbmod_hcl::model::read(&f.contents).ok())
}

fn resource_type(address: &str) -> &str {
    address.split('.').next().unwrap_or_default()
}

/// Every `resource "TYPE" "NAME"` of the files, as `TYPE.NAME`, in file order.
pub fn resources(files: &[GeneratedFile]) -> Vec<String> {
    models(files)
        .flat_map(|body| body.blocks)
        .filter(|block| block.kind == "resource")
        .filter_map(|block| match block.labels.as_slice() {
            [kind, name] => Some(format!("{kind}.{name}")),
            _ => None,
        })
        .collect()
}

/// A short human summary: `2 files changed; replaces aws_x.a → aws_x.b; creates ...`.
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
            diff.replaced
                .iter()
                .map(|(a, b)| if a == b {
                    a.clone()
                } else {
                    format!("{a} → {b}")
                })
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if !diff.forced.is_empty() {
        parts.push(format!(
            "REPLACES {}",
            diff.forced
                .iter()
                .map(|(address, attributes)| format!(
                    "{address} (force-new: {})",
                    attributes.join(", ")
                ))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if !diff.renamed.is_empty() {
        // One entry per name across environments: `web_names.router` (3 environments; the last
        // one's old and new name as the example).
        let mut groups: Vec<(String, usize, String)> = Vec::new();
        for (key, old, new) in &diff.renamed {
            let mut parts = key.splitn(3, '.');
            let (local, env, name) = (
                parts.next().unwrap_or_default(),
                parts.next().unwrap_or_default(),
                parts.next().unwrap_or_default(),
            );
            let group = format!("{local}.{name}");
            let example = format!("{env}: {old} → {new}");
            match groups.iter_mut().find(|(g, _, _)| *g == group) {
                Some(found) => {
                    found.1 += 1;
                    found.2 = example;
                }
                None => groups.push((group, 1, example)),
            }
        }
        parts.push(format!(
            "RENAMES (replaces what they name) {}",
            groups
                .iter()
                .map(|(group, count, example)| format!(
                    "{group} ({count} environment{}; {example})",
                    if *count == 1 { "" } else { "s" }
                ))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if !diff.destroyed.is_empty() {
        parts.push(format!("DESTROYS {}", diff.destroyed.join(", ")));
    }
    if !diff.created.is_empty() {
        parts.push(format!("creates {}", diff.created.join(", ")));
    }
    parts.join("; ")
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
