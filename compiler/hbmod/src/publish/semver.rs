//! Two catalog indexes (the previous published version and the new one) in, the semver bump the
//! change requires out, with every reason, module by module: removed or narrowed interface →
//! major; additions → minor; changes to templates only → patch.

use super::index::{Index, ModuleEntry, ParamEntry, Version};
use crate::types::{self, Type};

/// How much a change requires a version to grow, smallest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Bump {
    /// Nothing changed.
    None,
    /// Templates or docs changed, no interface did.
    Patch,
    /// The interface grew compatibly.
    Minor,
    /// Specs that built against the old version may not build against the new one.
    Major,
}

impl std::fmt::Display for Bump {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Bump::None => "none",
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        })
    }
}

/// One reason for a bump.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The module it is about.
    pub module: String,
    /// The bump it requires.
    pub bump: Bump,
    /// What changed, in words.
    pub what: String,
}

/// Every change from `old` to `new`, by module name then severity (majors first).
pub fn compare(old: &Index, new: &Index) -> Vec<Change> {
    let mut changes = Vec::new();
    for before in &old.modules {
        match new.modules.iter().find(|m| m.name == before.name) {
            None => changes.push(Change {
                module: before.name.clone(),
                bump: Bump::Major,
                what: "the module was removed: specs using it no longer build".to_string(),
            }),
            Some(after) => changes.extend(module_changes(before, after)),
        }
    }
    for after in &new.modules {
        if !old.modules.iter().any(|m| m.name == after.name) {
            changes.push(Change {
                module: after.name.clone(),
                bump: Bump::Minor,
                what: "a new module".to_string(),
            });
        }
    }
    changes.sort_by(|a, b| a.module.cmp(&b.module).then(b.bump.cmp(&a.bump)));
    changes
}

/// Modules that changed while their own `version` in module.toml stayed the same: a note for
/// the platform team (the catalog version is what specs pin; module versions document).
pub fn unchanged_module_versions(old: &Index, new: &Index, changes: &[Change]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for change in changes {
        if out.contains(&change.module) {
            continue;
        }
        let before = old.modules.iter().find(|m| m.name == change.module);
        let after = new.modules.iter().find(|m| m.name == change.module);
        if let (Some(before), Some(after)) = (before, after) {
            if before.version == after.version {
                out.push(change.module.clone());
            }
        }
    }
    out
}

/// The bump the changes require together.
pub fn required(changes: &[Change]) -> Bump {
    changes.iter().map(|c| c.bump).max().unwrap_or(Bump::None)
}

/// `version` grown by `bump` (a major of a 0.x version still grows the major).
pub fn next(version: Version, bump: Bump) -> Version {
    match bump {
        Bump::None => version,
        Bump::Patch => Version {
            patch: version.patch + 1,
            ..version
        },
        Bump::Minor => Version {
            minor: version.minor + 1,
            patch: 0,
            ..version
        },
        Bump::Major => Version {
            major: version.major + 1,
            minor: 0,
            patch: 0,
        },
    }
}

fn module_changes(old: &ModuleEntry, new: &ModuleEntry) -> Vec<Change> {
    let mut out = Vec::new();
    let mut change = |bump: Bump, what: String| {
        out.push(Change {
            module: new.name.clone(),
            bump,
            what,
        })
    };
    for before in &old.params {
        match new.params.iter().find(|p| p.name == before.name) {
            None => change(
                Bump::Major,
                format!(
                    "parameter `{}` was removed: specs that set it no longer build",
                    before.name
                ),
            ),
            Some(after) => param_change(before, after, &mut change),
        }
    }
    for after in &new.params {
        if old.params.iter().any(|p| p.name == after.name) {
            continue;
        }
        if after.required {
            change(
                Bump::Major,
                format!(
                    "new required parameter `{}`: every existing instance must now set it",
                    after.name
                ),
            );
        } else {
            change(
                Bump::Minor,
                format!("new optional parameter `{}`", after.name),
            );
        }
    }
    for before in &old.outputs {
        match new.outputs.iter().find(|o| o.name == before.name) {
            None => change(
                Bump::Major,
                format!(
                    "output `{}` was removed: specs referencing `<instance>.{}` no longer build",
                    before.name, before.name
                ),
            ),
            Some(after) if after.ty != before.ty => change(
                Bump::Major,
                format!(
                    "output `{}` changed type from `{}` to `{}`",
                    before.name, before.ty, after.ty
                ),
            ),
            Some(_) => {}
        }
    }
    for after in &new.outputs {
        if !old.outputs.iter().any(|o| o.name == after.name) {
            change(Bump::Minor, format!("new output `{}`", after.name));
        }
    }
    for before in &old.grants {
        match new.grants.iter().find(|g| g.name == before.name) {
            None => change(
                Bump::Major,
                format!(
                    "grant `{}` was removed: references asking for it no longer build",
                    before.name
                ),
            ),
            Some(after) if after.actions != before.actions => change(
                Bump::Patch,
                format!(
                    "grant `{}` gives other actions (the generated IAM policies change)",
                    before.name
                ),
            ),
            Some(_) => {}
        }
    }
    for after in &new.grants {
        if !old.grants.iter().any(|g| g.name == after.name) {
            change(Bump::Minor, format!("new grant `{}`", after.name));
        }
    }
    if out.is_empty() && old.sha256 != new.sha256 {
        out.push(Change {
            module: new.name.clone(),
            bump: Bump::Patch,
            what: "templates or docs changed; the interface did not".to_string(),
        });
    }
    out
}

fn param_change(old: &ParamEntry, new: &ParamEntry, change: &mut impl FnMut(Bump, String)) {
    let name = &old.name;
    if !old.required && new.required {
        change(
            Bump::Major,
            format!(
                "parameter `{name}` became required: instances that leave it out no longer build"
            ),
        );
    } else if old.required && !new.required {
        change(Bump::Minor, format!("parameter `{name}` became optional"));
    }
    if old.ty != new.ty {
        match (types::parse_type(&old.ty), types::parse_type(&new.ty)) {
            (Ok(before), Ok(after)) if accepts_all(&after, &before) => change(
                Bump::Minor,
                format!("parameter `{name}` accepts more: `{}` → `{}`", old.ty, new.ty),
            ),
            _ => change(
                Bump::Major,
                format!(
                    "parameter `{name}` was narrowed: `{}` → `{}`; some values that built before are refused",
                    old.ty, new.ty
                ),
            ),
        }
    }
    if !new.required && !old.required && old.default != new.default {
        let show = |v: &Option<serde_json::Value>| {
            v.as_ref().map_or("none".to_string(), ToString::to_string)
        };
        change(
            Bump::Minor,
            format!(
                "parameter `{name}` has a new default ({} → {}): instances that leave it out change",
                show(&old.default),
                show(&new.default)
            ),
        );
    }
    if old.grant != new.grant {
        change(
            Bump::Patch,
            format!("parameter `{name}` asks references for another grant (IAM policies change)"),
        );
    }
}

/// Whether every value `old` accepts, `new` accepts too (so the change is compatible).
pub fn accepts_all(new: &Type, old: &Type) -> bool {
    fn within<T: Ord + Copy>(new: (Option<T>, Option<T>), old: (Option<T>, Option<T>)) -> bool {
        let low = match (new.0, old.0) {
            (None, _) => true,
            (Some(_), None) => false,
            (Some(n), Some(o)) => n <= o,
        };
        let high = match (new.1, old.1) {
            (None, _) => true,
            (Some(_), None) => false,
            (Some(n), Some(o)) => n >= o,
        };
        low && high
    }
    match (new, old) {
        (Type::Optional(n), Type::Optional(o)) => accepts_all(n, o),
        (Type::Optional(n), o) => accepts_all(n, o),
        (_, Type::Optional(_)) => false,
        (Type::String { min: a, max: b }, Type::String { min: c, max: d }) => {
            within((*a, *b), (*c, *d))
        }
        (Type::Int { min: a, max: b }, Type::Int { min: c, max: d }) => within((*a, *b), (*c, *d)),
        (
            Type::Duration {
                min_ms: a,
                max_ms: b,
            },
            Type::Duration {
                min_ms: c,
                max_ms: d,
            },
        ) => within((*a, *b), (*c, *d)),
        (
            Type::Size {
                min_bytes: a,
                max_bytes: b,
            },
            Type::Size {
                min_bytes: c,
                max_bytes: d,
            },
        ) => within((*a, *b), (*c, *d)),
        (Type::Enum(n), Type::Enum(o)) => o.iter().all(|m| n.contains(m)),
        (Type::List(n), Type::List(o)) | (Type::Map(n), Type::Map(o)) => accepts_all(n, o),
        (Type::Ref(n), Type::Ref(o)) => o.split('|').all(|k| n.split('|').any(|m| m == k)),
        (n, o) => n == o,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{embedded_files, Catalog};
    use crate::publish::index;

    fn ty(text: &str) -> Type {
        types::parse_type(text).unwrap()
    }

    #[test]
    fn narrowing_and_widening() {
        assert!(accepts_all(&ty("string(1..128)"), &ty("string(1..64)")));
        assert!(!accepts_all(&ty("string(1..32)"), &ty("string(1..64)")));
        assert!(!accepts_all(&ty("enum{a}"), &ty("enum{a, b}")));
        assert!(accepts_all(&ty("enum{a, b, c}"), &ty("enum{a, b}")));
        assert!(!accepts_all(&ty("enum{a, b}"), &ty("string")));
        assert!(accepts_all(&ty("int?"), &ty("int")));
        assert!(!accepts_all(&ty("int"), &ty("int?")));
        assert!(accepts_all(
            &ty("list<ref<table|bucket>>"),
            &ty("list<ref<table>>")
        ));
    }

    fn index_of(edit: impl Fn(&mut Vec<crate::catalog::CatalogFile>)) -> Index {
        let mut files = embedded_files();
        edit(&mut files);
        let catalog = Catalog::load(&files).unwrap();
        index::build(&catalog, &files, "1.0.0")
    }

    fn edit(
        path: &'static str,
        from: &'static str,
        to: &'static str,
    ) -> impl Fn(&mut Vec<crate::catalog::CatalogFile>) {
        move |files| {
            let file = files.iter_mut().find(|f| f.path == path).unwrap();
            assert!(file.contents.contains(from), "{path} lacks {from}");
            file.contents = file.contents.replacen(from, to, 1);
        }
    }

    #[test]
    fn bumps_follow_the_interface() {
        let base = index_of(|_| {});
        assert_eq!(required(&compare(&base, &base)), Bump::None);
        let template = index_of(edit(
            "queue/queue.tf.tera",
            "resource",
            "# a comment\nresource",
        ));
        let changes = compare(&base, &template);
        assert_eq!(required(&changes), Bump::Patch, "{changes:?}");
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].module, "queue");
        let removed = index_of(edit(
            "queue/module.toml",
            "[params.max_receive_count]\ntype = \"int(1..1000)\"\ndefault = 5\ndoc = \"How many times a message is received without being deleted before SQS moves it to the dead-letter queue.\"\n",
            "",
        ));
        let changes = compare(&base, &removed);
        assert_eq!(required(&changes), Bump::Major, "{changes:?}");
        assert!(
            changes[0].what.contains("`max_receive_count` was removed"),
            "{changes:?}"
        );
        let narrowed = index_of(edit("queue/module.toml", "int(1..1000)", "int(1..100)"));
        assert_eq!(required(&compare(&base, &narrowed)), Bump::Major);
        let widened = index_of(edit("queue/module.toml", "int(1..1000)", "int(1..2000)"));
        assert_eq!(required(&compare(&base, &widened)), Bump::Minor);
        let optional = index_of(edit(
            "queue/module.toml",
            "[outputs.arn]",
            "[params.label]\ntype = \"string?\"\ndoc = \"x\"\n\n[outputs.arn]",
        ));
        assert_eq!(required(&compare(&base, &optional)), Bump::Minor);
        let needed = index_of(edit(
            "queue/module.toml",
            "[outputs.arn]",
            "[params.label]\ntype = \"string\"\ndoc = \"x\"\n\n[outputs.arn]",
        ));
        assert_eq!(required(&compare(&base, &needed)), Bump::Major);
        let one = Version::parse("1.4.2").unwrap();
        assert_eq!(next(one, Bump::Patch).to_string(), "1.4.3");
        assert_eq!(next(one, Bump::Minor).to_string(), "1.5.0");
        assert_eq!(next(one, Bump::Major).to_string(), "2.0.0");
    }
}
