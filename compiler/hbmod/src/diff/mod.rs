//! Two versions of a spec (text and generated files, or a build error) in, what changes
//! between them out: per instance the resources created, changed attribute by attribute,
//! replaced (from the modules' `[force_new]`), moved or destroyed; IAM permissions added or
//! removed (with widening flagged); renames that `was` would make free; the unified HCL diff.
//! `render` prints the result for people, for a pull-request comment and as JSON.

pub mod render;
pub mod resources;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use indexmap::IndexMap;
use serde::Serialize;

use crate::catalog::Catalog;
use crate::emit::GeneratedFile;
use crate::syntax::ast::Item;
use crate::SourceFile;
use resources::{FileModel, Permission, Resource};

/// One side of the comparison for one spec.
pub struct Version<'a> {
    /// The spec's text.
    pub spec_text: &'a str,
    /// Its generated files, or why it did not build.
    pub result: Result<&'a [GeneratedFile], BuildFailure>,
    /// The model of each file the build kept (`hbmod::build_and_read`), in the files' order;
    /// empty when it kept none. A file without one is read here.
    pub models: &'a [Option<hbmod_hcl::model::Body>],
}

/// Why one side of a comparison did not build: its diagnostics (or its set-up's) as the
/// terminal shows them, which the report quotes in `error`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{report}")]
pub struct BuildFailure {
    /// The rendered diagnostics.
    pub report: String,
}

/// Everything `hbmod diff` found, over every spec.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The shape's version: fields are only ever added.
    pub version: u32,
    /// What was compared from (`main`).
    pub base: String,
    /// What was compared to (`working tree`).
    pub head: String,
    /// Totals.
    pub summary: Summary,
    /// Specs that changed or failed, in path order.
    pub specs: Vec<SpecDiff>,
}

/// Totals over every spec.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    /// Resources created.
    pub create: usize,
    /// Resources changed in place.
    pub change: usize,
    /// Resources destroyed and created again.
    pub replace: usize,
    /// Resources destroyed.
    pub destroy: usize,
    /// Resources moved to a new address (`moved` blocks), state kept.
    pub moved: usize,
    /// Existing policies that allow more than before.
    pub iam_widened: usize,
    /// New policies (new roles, new resource policies).
    pub iam_new: usize,
    /// Specs that did not build on one side.
    pub failed: usize,
}

/// A word of the diff's vocabulary: printed and serialized as its lowercase name.
macro_rules! word {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $text:literal,)* }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
        pub enum $name {
            $($(#[$vdoc])* #[serde(rename = $text)] $variant,)*
        }

        impl $name {
            /// Its word, as reports print it.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)*
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

word! {
    /// What happened to a spec's generated output.
    SpecStatus {
        /// A new spec.
        Added = "added",
        /// A spec that is gone.
        Removed = "removed",
        /// Its output changed.
        Changed = "changed",
        /// Its output is the same.
        Unchanged = "unchanged",
        /// One side does not build.
        Failed = "failed",
    }
}

word! {
    /// What happened to an instance.
    InstanceStatus {
        /// A new instance.
        Created = "created",
        /// An instance that is gone.
        Removed = "removed",
        /// Its resources changed.
        Changed = "changed",
        /// Renamed with `was`.
        Renamed = "renamed",
    }
}

word! {
    /// What Terraform will do to a resource.
    Action {
        /// Create it.
        Create = "create",
        /// Change it in place.
        Update = "update",
        /// Destroy it and create it again.
        Replace = "replace",
        /// Destroy it.
        Destroy = "destroy",
        /// Move it to a new address (a `moved` block).
        Move = "move",
    }
}

word! {
    /// How a policy document changed.
    IamStatus {
        /// A new document.
        New = "new",
        /// It allows more.
        Widened = "widened",
        /// It allows less.
        Narrowed = "narrowed",
        /// It allows some more and some less.
        Changed = "changed",
        /// The document is gone.
        Removed = "removed",
    }
}

/// What changed for one spec.
#[derive(Debug, Clone, Serialize)]
pub struct SpecDiff {
    /// The spec's path in the repository.
    pub spec: String,
    /// The service it belongs to (its header's name, or its folder's).
    pub service: String,
    /// Where its Terraform goes.
    pub output_dir: String,
    /// What happened to its output.
    pub status: SpecStatus,
    /// Why a side did not build.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Instances that changed, in the new spec's order, then the removed ones.
    pub instances: Vec<InstanceDiff>,
    /// Policy changes.
    pub iam: Vec<IamChange>,
    /// Removed and added instances with the same module and parameters.
    pub renames: Vec<RenameHint>,
    /// What the change breaks outside Terraform (environment variable names a renamed
    /// instance gives the code that references it), in words.
    pub warnings: Vec<String>,
    /// Generated files added, changed or removed: (`added`|`changed`|`removed`, name).
    pub files: Vec<(String, String)>,
    /// The unified diff of the generated files.
    pub hcl_diff: String,
}

/// What changed for one instance.
#[derive(Debug, Clone, Serialize)]
pub struct InstanceDiff {
    /// Its name (the new one when renamed); `(root module)` for shared files.
    pub name: String,
    /// Its module.
    pub module: String,
    /// What happened to it.
    pub status: InstanceStatus,
    /// The old name, when renamed with `was`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub renamed_from: Option<String>,
    /// Resources that change.
    pub resources: Vec<ResourceChange>,
}

/// What happens to one resource.
#[derive(Debug, Clone, Serialize)]
pub struct ResourceChange {
    /// Its address in the new output (the old one when destroyed).
    pub address: String,
    /// What Terraform will do to it.
    pub action: Action,
    /// The old address when moved.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub moved_from: Option<String>,
    /// Attribute changes (for update, replace and move).
    pub attributes: Vec<AttributeChange>,
    /// For a replacement or destruction: the old resource has deletion protection on (or may,
    /// when it varies per environment), so the apply will fail until it is turned off.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub protected: Option<String>,
}

/// One attribute's change.
#[derive(Debug, Clone, Serialize)]
pub struct AttributeChange {
    /// Its path (`bucket`, `logging_config.log_format`).
    pub path: String,
    /// The old value (absent when added).
    pub before: Option<String>,
    /// The new value (absent when removed).
    pub after: Option<String>,
    /// Whether changing it replaces the resource.
    pub forces_replacement: bool,
}

/// A policy document that changes.
#[derive(Debug, Clone, Serialize)]
pub struct IamChange {
    /// The resource holding it (`aws_iam_role_policy.ingest`).
    pub address: String,
    /// Its attribute (`policy`, `assume_role_policy`).
    pub attribute: String,
    /// How it changed.
    pub status: IamStatus,
    /// Whether it allows more than before (new allows, or removed denies).
    pub widens: bool,
    /// Permissions only in the new version.
    pub added: Vec<Permission>,
    /// Permissions only in the old version.
    pub removed: Vec<Permission>,
}

/// A removed and an added instance that look like a rename.
#[derive(Debug, Clone, Serialize)]
pub struct RenameHint {
    /// The module.
    pub module: String,
    /// The removed name.
    pub from: String,
    /// The added name.
    pub to: String,
    /// What to write in the spec instead.
    pub syntax: String,
}

/// What the spec text says about its instances: module, parameter text, `was`.
#[derive(Debug, Clone)]
struct InstanceInfo {
    module: String,
    params: Vec<(String, String)>,
    was: Option<String>,
}

fn instances(name: &str, text: &str) -> IndexMap<String, InstanceInfo> {
    let source = SourceFile::new(name, text);
    let (file, _) = crate::syntax::parse(&source);
    let mut out = IndexMap::new();
    for item in &file.items {
        let Item::Instance(block) = item else {
            continue;
        };
        let Some(instance) = &block.name else {
            continue;
        };
        let mut params: Vec<(String, String)> = block
            .entries
            .iter()
            .map(|e| {
                let value = source.slice(e.value.span);
                (e.key_text(), normalise_space(value))
            })
            .collect();
        params.sort();
        out.insert(
            instance.name.clone(),
            InstanceInfo {
                module: block.head.name.clone(),
                params,
                was: block.was.as_ref().map(|w| w.name.clone()),
            },
        );
    }
    out
}

/// The name in the spec's `service NAME < ... >` header, if it has one.
fn service_name(name: &str, text: &str) -> Option<String> {
    let (file, _) = crate::syntax::parse(&SourceFile::new(name, text));
    file.items.iter().find_map(|item| match item {
        Item::Service(block) => block.name.as_ref().map(|n| n.name.clone()),
        _ => None,
    })
}

/// Runs of whitespace as one space (outside nothing: good enough to compare parameters).
fn normalise_space(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The pseudo-instance of the files every root module has.
pub const ROOT: &str = "(root module)";

/// Compares one spec's two versions (`None`: the spec does not exist on that side).
pub fn compare(
    spec: &str,
    output_dir: &str,
    base: Option<&Version<'_>>,
    head: Option<&Version<'_>>,
    catalog: &Catalog,
) -> SpecDiff {
    let service = head
        .or(base)
        .and_then(|v| service_name(spec, v.spec_text))
        .unwrap_or_else(|| {
            let folder = spec.rsplit_once('/').map_or("", |(dir, _)| dir);
            folder.rsplit('/').next().unwrap_or(folder).to_string()
        });
    let mut diff = SpecDiff {
        spec: spec.to_string(),
        service,
        output_dir: output_dir.to_string(),
        status: SpecStatus::Unchanged,
        error: None,
        instances: Vec::new(),
        iam: Vec::new(),
        renames: Vec::new(),
        warnings: Vec::new(),
        files: Vec::new(),
        hcl_diff: String::new(),
    };
    let failed = |v: Option<&Version<'_>>, side: &str| {
        v.and_then(|v| v.result.as_ref().err())
            .map(|e| format!("{side} does not build: {e}"))
    };
    let (base_error, head_error) = (
        failed(base, "the base version"),
        failed(head, "the new version"),
    );
    if base_error.is_some() && head_error.is_some() {
        // Broken before and after: nothing this change did to the output.
        return diff;
    }
    if let Some(error) = base_error.or(head_error) {
        diff.status = SpecStatus::Failed;
        diff.error = Some(error);
        return diff;
    }
    let empty: &[GeneratedFile] = &[];
    let base_files = base
        .and_then(|v| v.result.as_ref().ok().copied())
        .unwrap_or(empty);
    let head_files = head
        .and_then(|v| v.result.as_ref().ok().copied())
        .unwrap_or(empty);
    let (base_read, head_read) = (
        base.map_or(&[][..], |v| v.models),
        head.map_or(&[][..], |v| v.models),
    );
    let base_info = base.map_or_else(IndexMap::new, |v| instances(spec, v.spec_text));
    let head_info = head.map_or_else(IndexMap::new, |v| instances(spec, v.spec_text));

    diff.hcl_diff = hcl_diff(output_dir, base_files, head_files, &mut diff.files);
    if diff.files.is_empty() {
        return diff;
    }
    diff.status = match (base, head) {
        (None, _) => SpecStatus::Added,
        (_, None) => SpecStatus::Removed,
        _ => SpecStatus::Changed,
    };

    let base_models = models(base_files, base_read, &base_info);
    let head_models = models(head_files, head_read, &head_info);

    // Moved blocks of the new version rename addresses: compare old text in new names.
    let base_addresses: HashSet<&str> = base_models
        .values()
        .flat_map(|m| m.resources.iter().map(|r| r.address.as_str()))
        .collect();
    let mut moved: Vec<(String, String)> = head_models
        .values()
        .flat_map(|m| m.moved.iter().cloned())
        .filter(|(from, _)| base_addresses.contains(from.as_str()))
        .collect();

    // Pair instances: same name, or `was`.
    let mut order: Vec<(Option<String>, Option<String>)> = Vec::new();
    for (name, info) in &head_info {
        let from = info
            .was
            .clone()
            .filter(|old| base_info.contains_key(old) && !head_info.contains_key(old))
            .or_else(|| base_info.contains_key(name).then(|| name.clone()));
        if let (Some(old_model), Some(new_model)) = (
            from.as_ref()
                .filter(|old| *old != name)
                .and_then(|old| base_models.get(old)),
            head_models.get(name),
        ) {
            // Data sources are read again, not moved: pair them by order, like the templates.
            moved.extend(
                old_model
                    .data
                    .iter()
                    .cloned()
                    .zip(new_model.data.iter().cloned()),
            );
        }
        order.push((from, Some(name.clone())));
    }
    let moves = Moves::new(&moved);
    let renamed_base = |resource: &Resource| rename_addresses(resource, &moves);
    let paired: HashSet<String> = order.iter().filter_map(|(from, _)| from.clone()).collect();
    for name in base_info.keys() {
        if !paired.contains(name) {
            order.push((Some(name.clone()), None));
        }
    }
    order.push((Some(ROOT.to_string()), Some(ROOT.to_string())));

    let no_model = FileModel::default();
    let mut entries: Vec<Entry<'_>> = Vec::new();
    for (from, to) in &order {
        let old = from
            .as_ref()
            .and_then(|n| base_models.get(n))
            .unwrap_or(&no_model);
        let new = to
            .as_ref()
            .and_then(|n| head_models.get(n))
            .unwrap_or(&no_model);
        let module = to
            .as_ref()
            .and_then(|n| head_info.get(n))
            .or_else(|| from.as_ref().and_then(|n| base_info.get(n)))
            .map_or(String::new(), |i| i.module.clone());
        let force_new = force_new(catalog, &module);
        let old: Vec<Resource> = old.resources.iter().map(renamed_base).collect();
        let (changes, iam) = compare_resources(&old, &new.resources, &moves, &force_new);
        diff.iam.extend(iam);
        let status = match (from, to) {
            (Some(f), Some(t)) if f != t => InstanceStatus::Renamed,
            (Some(_), Some(_)) => InstanceStatus::Changed,
            (None, _) => InstanceStatus::Created,
            (_, None) => InstanceStatus::Removed,
        };
        let instance = InstanceDiff {
            name: to.clone().or(from.clone()).unwrap_or_default(),
            module: if module.is_empty() {
                ROOT.to_string()
            } else {
                module
            },
            status,
            renamed_from: (status == InstanceStatus::Renamed)
                .then(|| from.clone())
                .flatten(),
            resources: changes,
        };
        entries.push((instance, new.resources.as_slice(), force_new));
    }
    follow_replacements(&mut entries);
    diff.instances = entries
        .into_iter()
        .map(|(instance, _, _)| instance)
        .filter(|i| !i.resources.is_empty() || i.status == InstanceStatus::Renamed)
        .collect();

    // A renamed instance changes the names of the variables its name gives to the code of
    // instances that reference it (modules with `referenced` in module.toml).
    for (name, info) in &head_info {
        let Some(old) = &info.was else {
            continue;
        };
        let readers: Vec<&str> = head_info
            .iter()
            .filter(|(reader, reader_info)| {
                *reader != name
                    && catalog
                        .module(&reader_info.module)
                        .is_some_and(|m| m.referenced.is_some())
                    && reader_info
                        .params
                        .iter()
                        .any(|(_, text)| mentions(text, name))
            })
            .map(|(reader, _)| reader.as_str())
            .collect();
        if readers.is_empty() {
            continue;
        }
        diff.warnings.push(format!(
            "`{name}` was renamed from `{old}`, so {} now read{} it from the environment as `{}_*` instead of `{}_*` (`_NAME`, `_ARN`, `_URL`): update the code before this is applied",
            readers.iter().map(|r| format!("`{r}`")).collect::<Vec<_>>().join(", "),
            if readers.len() == 1 { "s" } else { "" },
            name.to_uppercase(),
            old.to_uppercase()
        ));
    }

    // Removed + added with the same module and parameters: suggest `was`.
    for (old, info) in &base_info {
        if head_info.contains_key(old) || head_info.values().any(|i| i.was.as_ref() == Some(old)) {
            continue;
        }
        for (new, candidate) in &head_info {
            if !base_info.contains_key(new)
                && candidate.was.is_none()
                && candidate.module == info.module
                && candidate.params == info.params
            {
                diff.renames.push(RenameHint {
                    module: info.module.clone(),
                    from: old.clone(),
                    to: new.clone(),
                    syntax: format!("{} {new} < ... > was {old}", info.module),
                });
            }
        }
    }
    diff
}

/// One instance's changes, its new resources and its force-new attributes per type.
type Entry<'r> = (
    InstanceDiff,
    &'r [Resource],
    BTreeMap<String, BTreeSet<String>>,
);

/// A resource whose force-new attribute refers to a replaced resource (`bucket =
/// aws_s3_bucket.web.id`) is replaced too, even though its text did not change: repeated
/// until nothing more follows.
fn follow_replacements(entries: &mut [Entry<'_>]) {
    loop {
        let replaced: BTreeSet<String> = entries
            .iter()
            .flat_map(|(i, _, _)| i.resources.iter())
            .filter(|r| r.action == Action::Replace)
            .map(|r| r.address.clone())
            .collect();
        let mut changed = false;
        for (instance, resources, force_new) in entries.iter_mut() {
            // Each address's first change, by position (kept up to date as changes are added).
            let mut position: HashMap<String, usize> = HashMap::new();
            for (at, change) in instance.resources.iter().enumerate() {
                position.entry(change.address.clone()).or_insert(at);
            }
            for resource in resources.iter() {
                let current = position.get(&resource.address).copied();
                if current.is_some_and(|i| {
                    matches!(
                        instance.resources.get(i).map(|r| r.action),
                        Some(Action::Replace | Action::Create)
                    )
                }) {
                    continue;
                }
                let Some(attributes) = force_new.get(&resource.kind) else {
                    continue;
                };
                let cause = attributes.iter().find_map(|attribute| {
                    let value = resource.attributes.get(attribute)?;
                    first_reference(value, &replaced)
                        .map(|address| (attribute.clone(), value.clone(), address.clone()))
                });
                let Some((attribute, value, address)) = cause else {
                    continue;
                };
                let change = AttributeChange {
                    path: attribute,
                    before: Some(value.clone()),
                    after: Some(format!("{value} (known after {address} is replaced)")),
                    forces_replacement: true,
                };
                match current.and_then(|i| instance.resources.get_mut(i)) {
                    Some(existing) => {
                        existing.action = Action::Replace;
                        existing.attributes.push(change);
                        existing.protected =
                            existing.protected.take().or_else(|| protection(resource));
                    }
                    None => {
                        position.insert(resource.address.clone(), instance.resources.len());
                        instance.resources.push(ResourceChange {
                            address: resource.address.clone(),
                            action: Action::Replace,
                            moved_from: None,
                            attributes: vec![change],
                            protected: protection(resource),
                        });
                    }
                }
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
}

/// Whether `c` can be part of a traversal (`aws_s3_bucket.web-logs.arn`).
fn in_traversal(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '-' || c == '.'
}

/// The first of `addresses` (in their order) that `value` refers to as `TYPE.NAME.` (an
/// attribute of it: `aws_s3_bucket.web.arn`, `"${aws_s3_bucket.web.arn}/*"`; not
/// `data.aws_s3_bucket.web.arn`). Reads the start of each traversal of the text once and looks
/// it up, so the cost is the text's length, not the text times the number of addresses.
fn first_reference<'a>(value: &str, addresses: &'a BTreeSet<String>) -> Option<&'a String> {
    value
        .split(|c: char| !in_traversal(c))
        .filter_map(|run| {
            // `TYPE.NAME` = the run up to its second dot (no second dot: no attribute named).
            let second_dot = run.match_indices('.').nth(1)?.0;
            addresses.get(run.get(..second_dot)?)
        })
        .min()
}

/// The resource with every moved-from address in its values replaced by the moved-to one, so
/// that a rename does not show as a change of everything that refers to it.
fn rename_addresses(resource: &Resource, moves: &Moves<'_>) -> Resource {
    if moves.to.is_empty() {
        return resource.clone();
    }
    let rename = |text: &str| rename_references(text, moves);
    let mut out = resource.clone();
    for value in out.attributes.values_mut() {
        *value = rename(value);
    }
    for (_, permissions) in &mut out.policies {
        for p in permissions.iter_mut() {
            p.resource = rename(&p.resource);
            p.principal = p.principal.as_deref().map(rename);
            p.condition = p.condition.as_deref().map(rename);
        }
        permissions.sort();
    }
    out
}

/// `text` with each traversal (`aws_s3_bucket.web.arn`) that starts with a moved-from address
/// (the longest one, ending at a `.` or the traversal's end: not `aws_s3_bucket.web_logs`)
/// starting with the moved-to address instead. Each traversal is renamed once, so the moves
/// `a → b` and `b → c` of one change rename `a` to `b`, not on to `c`; one pass over the text,
/// whatever the number of moves.
fn rename_references(text: &str, moves: &Moves<'_>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        let (run, after) = rest.split_at(rest.find(|c| !in_traversal(c)).unwrap_or(rest.len()));
        let ends = run.match_indices('.').map(|(at, _)| at).chain([run.len()]);
        let renamed = ends
            .rev()
            .find_map(|end| Some((end, moves.renamed(run.get(..end)?)?)));
        match renamed {
            Some((end, to)) => {
                out.push_str(to);
                out.push_str(run.get(end..).unwrap_or_default());
            }
            None => out.push_str(run),
        }
        let (between, next) = after.split_at(after.find(in_traversal).unwrap_or(after.len()));
        out.push_str(between);
        rest = next;
    }
    out
}

/// Each instance's resources (the shared files', and every file's when `info` names no
/// instance, under ROOT) in one side's files.
fn models(
    files: &[GeneratedFile],
    read: &[Option<hbmod_hcl::model::Body>],
    info: &IndexMap<String, InstanceInfo>,
) -> IndexMap<String, FileModel> {
    let tfvars: Vec<(String, String)> = files
        .iter()
        .filter_map(|f| {
            let name = f.name.rsplit('/').next().unwrap_or(&f.name);
            let environment = name.strip_suffix(".tfvars")?;
            Some((environment.to_string(), f.contents.clone()))
        })
        .collect();
    let vars = resources::variables(&tfvars);
    let mut by_instance: IndexMap<String, FileModel> = IndexMap::new();
    for (index, file) in files.iter().enumerate() {
        if !file.name.ends_with(".tf") {
            continue;
        }
        let stem = file.name.trim_end_matches(".tf");
        let owner = if info.contains_key(stem) { stem } else { ROOT };
        let model = match read.get(index) {
            Some(Some(body)) => resources::from_body(body, &vars),
            _ => resources::read(&file.contents, &vars).unwrap_or_default(),
        };
        let entry = by_instance.entry(owner.to_string()).or_default();
        entry.resources.extend(model.resources);
        entry.moved.extend(model.moved);
        entry.data.extend(model.data);
    }
    by_instance
}

/// The resources of two versions of one output (the same spec under two catalogs) that
/// Terraform replaces in place: kept addresses whose force-new attribute changes (any module's
/// `[force_new]` for the resource's type), and those that follow a replaced resource they name
/// in a force-new attribute. (address, the force-new attributes that change), in file order.
pub fn forced_replacements(
    old: &[GeneratedFile],
    new: &[GeneratedFile],
    catalog: &Catalog,
) -> Vec<(String, Vec<String>)> {
    let nobody = IndexMap::new();
    let (old, new) = (models(old, &[], &nobody), models(new, &[], &nobody));
    let no_model = FileModel::default();
    let old = old.get(ROOT).unwrap_or(&no_model);
    let new = new.get(ROOT).unwrap_or(&no_model);
    let force_new = force_new(catalog, "");
    // `moved` blocks (a `was` in the spec) rename the old addresses, as in `compare`.
    let old_addresses: HashSet<&str> = old.resources.iter().map(|r| r.address.as_str()).collect();
    let moved: Vec<(String, String)> = new
        .moved
        .iter()
        .filter(|(from, _)| old_addresses.contains(from.as_str()))
        .cloned()
        .collect();
    let moves = Moves::new(&moved);
    let old: Vec<Resource> = old
        .resources
        .iter()
        .map(|r| rename_addresses(r, &moves))
        .collect();
    let (changes, _) = compare_resources(&old, &new.resources, &moves, &force_new);
    let instance = InstanceDiff {
        name: ROOT.to_string(),
        module: ROOT.to_string(),
        status: InstanceStatus::Changed,
        renamed_from: None,
        resources: changes,
    };
    let mut entries = vec![(instance, new.resources.as_slice(), force_new)];
    follow_replacements(&mut entries);
    entries
        .into_iter()
        .flat_map(|(instance, _, _)| instance.resources)
        .filter(|r| r.action == Action::Replace)
        .map(|r| {
            let attributes = r
                .attributes
                .iter()
                .filter(|a| a.forces_replacement)
                .map(|a| a.path.clone())
                .collect();
            (r.address, attributes)
        })
        .collect()
}

/// The force-new attributes for an instance of `module` (every module's, for shared files).
fn force_new(catalog: &Catalog, module: &str) -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for m in catalog
        .modules()
        .filter(|m| module.is_empty() || m.name == module)
    {
        for (kind, attributes) in &m.force_new {
            out.entry(kind.clone())
                .or_default()
                .extend(attributes.iter().cloned());
        }
    }
    out
}

/// The `moved` blocks of one comparison, looked up from either end (each list in block order).
/// Made once and shared by every instance's comparison, so that a spec renaming all of its
/// instances is compared in linear time.
#[derive(Default)]
struct Moves<'m> {
    /// Moved-to address → its moved-from addresses.
    from: HashMap<&'m str, Vec<&'m str>>,
    /// Moved-from address → its moved-to addresses.
    to: HashMap<&'m str, Vec<&'m str>>,
}

impl<'m> Moves<'m> {
    fn new(moved: &'m [(String, String)]) -> Self {
        let mut moves = Moves::default();
        for (from, to) in moved {
            moves.from.entry(to).or_default().push(from);
            moves.to.entry(from).or_default().push(to);
        }
        moves
    }

    /// The first moved-from address of `to` that `exists`.
    fn source_of(&self, to: &str, exists: impl Fn(&str) -> bool) -> Option<&'m str> {
        self.from.get(to)?.iter().copied().find(|from| exists(from))
    }

    /// Where the first `moved` block from `from` moves it.
    fn renamed(&self, from: &str) -> Option<&'m str> {
        self.to.get(from)?.first().copied()
    }

    /// Whether `from` was moved to an address that `exists`.
    fn moved_away(&self, from: &str, exists: impl Fn(&str) -> bool) -> bool {
        self.to
            .get(from)
            .is_some_and(|tos| tos.iter().any(|to| exists(to)))
    }
}

fn compare_resources(
    old: &[Resource],
    new: &[Resource],
    moves: &Moves<'_>,
    force_new: &BTreeMap<String, BTreeSet<String>>,
) -> (Vec<ResourceChange>, Vec<IamChange>) {
    // Looked up by address, so that a release touching every instance of a large spec (all its
    // resources under one entry) is linear: the first resource of each address, as `find` was.
    let mut old_by_address: HashMap<&str, &Resource> = HashMap::new();
    for resource in old {
        old_by_address.entry(&resource.address).or_insert(resource);
    }
    let new_addresses: HashSet<&str> = new.iter().map(|r| r.address.as_str()).collect();
    let mut changes = Vec::new();
    let mut iam = Vec::new();
    for resource in new {
        // A `moved` block whose old address exists (the first, if several name this one).
        let moved_from =
            moves.source_of(&resource.address, |from| old_by_address.contains_key(from));
        // A moved resource's old values were renamed; match by the new address.
        let previous = old_by_address
            .get(resource.address.as_str())
            .or_else(|| moved_from.and_then(|from| old_by_address.get(from)));
        let Some(&previous) = previous else {
            changes.push(ResourceChange {
                address: resource.address.clone(),
                action: Action::Create,
                moved_from: None,
                attributes: Vec::new(),
                protected: None,
            });
            iam.extend(policy_changes(None, Some(resource)));
            continue;
        };
        let replacing = force_new.get(&resource.kind);
        let attributes = attribute_changes(previous, resource, replacing);
        iam.extend(policy_changes(Some(previous), Some(resource)));
        let replaces = attributes.iter().any(|a| a.forces_replacement);
        let action = if replaces {
            Action::Replace
        } else if moved_from.is_some() {
            Action::Move
        } else if attributes.is_empty() {
            continue;
        } else {
            Action::Update
        };
        changes.push(ResourceChange {
            address: resource.address.clone(),
            action,
            moved_from: moved_from.map(str::to_string),
            attributes,
            protected: (action == Action::Replace)
                .then(|| protection(previous))
                .flatten(),
        });
    }
    for resource in old {
        let address = resource.address.as_str();
        let kept = new_addresses.contains(address)
            || moves.moved_away(address, |to| new_addresses.contains(to));
        if !kept {
            changes.push(ResourceChange {
                address: resource.address.clone(),
                action: Action::Destroy,
                moved_from: None,
                attributes: Vec::new(),
                protected: protection(resource),
            });
            iam.extend(policy_changes(Some(resource), None));
        }
    }
    (changes, iam)
}

/// Whether a parameter's text names `instance` as a reference (a whole word, maybe `.output`).
fn mentions(text: &str, instance: &str) -> bool {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
        .any(|word| word == instance)
}

/// The attribute that protects `resource` from deletion, when it is (or may be) on:
/// `deletion_protection_enabled = true`, `deletion_protection = true`, or
/// `lifecycle.prevent_destroy = true`; a value set per environment (`var.…`) may be on.
fn protection(resource: &Resource) -> Option<String> {
    resource.attributes.iter().find_map(|(path, value)| {
        let guards = path.ends_with("deletion_protection_enabled")
            || path.ends_with("deletion_protection")
            || path == "lifecycle.prevent_destroy";
        match value.as_str() {
            "true" if guards => Some(format!("`{path} = true`")),
            other if guards && other.starts_with("var.") => {
                Some(format!("`{path}` (on in the environments that set it)"))
            }
            _ => None,
        }
    })
}

fn attribute_changes(
    old: &Resource,
    new: &Resource,
    replacing: Option<&BTreeSet<String>>,
) -> Vec<AttributeChange> {
    let mut out = Vec::new();
    let forces = |path: &str| replacing.is_some_and(|set| set.contains(path));
    for (path, value) in &new.attributes {
        let before = old.attributes.get(path);
        if before != Some(value) {
            out.push(AttributeChange {
                path: path.clone(),
                before: before.cloned(),
                after: Some(value.clone()),
                forces_replacement: forces(path),
            });
        }
    }
    for (path, value) in &old.attributes {
        if !new.attributes.contains_key(path) {
            out.push(AttributeChange {
                path: path.clone(),
                before: Some(value.clone()),
                after: None,
                forces_replacement: forces(path),
            });
        }
    }
    out
}

fn policy_changes(old: Option<&Resource>, new: Option<&Resource>) -> Vec<IamChange> {
    let mut names: Vec<&String> = Vec::new();
    for resource in [old, new].into_iter().flatten() {
        for (attribute, _) in &resource.policies {
            if !names.contains(&attribute) {
                names.push(attribute);
            }
        }
    }
    let address = new.or(old).map_or(String::new(), |r| r.address.clone());
    let mut out = Vec::new();
    for name in names {
        let find = |r: Option<&Resource>| {
            r.and_then(|r| r.policies.iter().find(|(a, _)| a == name))
                .map(|(_, p)| p.clone())
        };
        let (before, after) = (find(old), find(new));
        let before_set: BTreeSet<Permission> =
            before.clone().unwrap_or_default().into_iter().collect();
        let after_set: BTreeSet<Permission> =
            after.clone().unwrap_or_default().into_iter().collect();
        let added: Vec<Permission> = after_set.difference(&before_set).cloned().collect();
        let removed: Vec<Permission> = before_set.difference(&after_set).cloned().collect();
        if added.is_empty() && removed.is_empty() {
            continue;
        }
        // An added Allow widens unless the same access was allowed before with no condition or
        // the same one (adding a condition, such as ABAC's team tag, narrows); a dropped Deny widens.
        let allowed_before = |p: &Permission| {
            before_set.iter().any(|old| {
                old.effect == p.effect
                    && old.action == p.action
                    && old.resource == p.resource
                    && old.principal == p.principal
                    && (old.condition.is_none() || old.condition == p.condition)
            })
        };
        let widens = added
            .iter()
            .any(|p| p.effect != "Deny" && !allowed_before(p))
            || removed.iter().any(|p| p.effect == "Deny");
        let status = match (&before, &after) {
            (None, _) => IamStatus::New,
            (_, None) => IamStatus::Removed,
            _ if widens => IamStatus::Widened,
            _ if added.is_empty() || removed.iter().all(|p| p.effect != "Deny") => {
                IamStatus::Narrowed
            }
            _ => IamStatus::Changed,
        };
        out.push(IamChange {
            address: address.clone(),
            attribute: name.clone(),
            status,
            widens: widens && before.is_some() && after.is_some(),
            added,
            removed,
        });
    }
    out
}

/// The unified diff of every generated file that differs; records each in `files`.
fn hcl_diff(
    output_dir: &str,
    base: &[GeneratedFile],
    head: &[GeneratedFile],
    files: &mut Vec<(String, String)>,
) -> String {
    let mut names: BTreeSet<&str> = base.iter().map(|f| f.name.as_str()).collect();
    names.extend(head.iter().map(|f| f.name.as_str()));
    let mut out = String::new();
    for name in names {
        let old = base
            .iter()
            .find(|f| f.name == name)
            .map(|f| f.contents.as_str());
        let new = head
            .iter()
            .find(|f| f.name == name)
            .map(|f| f.contents.as_str());
        if old == new {
            continue;
        }
        let status = match (old, new) {
            (None, _) => "added",
            (_, None) => "removed",
            _ => "changed",
        };
        files.push((status.to_string(), name.to_string()));
        let path = if output_dir.is_empty() {
            name.to_string()
        } else {
            format!("{output_dir}/{name}")
        };
        let text = crate::unified::unified(
            old.unwrap_or(""),
            new.unwrap_or(""),
            &if old.is_some() {
                format!("a/{path}")
            } else {
                "/dev/null".to_string()
            },
            &if new.is_some() {
                format!("b/{path}")
            } else {
                "/dev/null".to_string()
            },
        );
        out.push_str(&text);
    }
    out
}

/// The report over every spec's comparison: totals, and only specs with something to say.
pub fn report(base: &str, head: &str, specs: Vec<SpecDiff>) -> Report {
    let mut summary = Summary::default();
    let specs: Vec<SpecDiff> = specs
        .into_iter()
        .filter(|s| s.status != SpecStatus::Unchanged)
        .collect();
    for spec in &specs {
        if spec.status == SpecStatus::Failed {
            summary.failed += 1;
        }
        for instance in &spec.instances {
            for resource in &instance.resources {
                match resource.action {
                    Action::Create => summary.create += 1,
                    Action::Update => summary.change += 1,
                    Action::Replace => summary.replace += 1,
                    Action::Destroy => summary.destroy += 1,
                    _ => summary.moved += 1,
                }
            }
        }
        for change in &spec.iam {
            if change.widens {
                summary.iam_widened += 1;
            }
            if change.status == IamStatus::New {
                summary.iam_new += 1;
            }
        }
    }
    Report {
        version: 1,
        base: base.to_string(),
        head: head.to_string(),
        summary,
        specs,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resource(text: &str) -> Resource {
        resources::read(text, &BTreeMap::new())
            .unwrap()
            .resources
            .remove(0)
    }

    fn policy(statements: &str) -> String {
        format!(
            "resource \"aws_s3_bucket_policy\" \"web\" {{\n  bucket = \"b\"\n  policy = jsonencode({{\n    Version = \"2012-10-17\"\n    Statement = [\n{statements}\n    ]\n  }})\n}}\n"
        )
    }

    const DENY: &str = "{ Effect = \"Deny\", Principal = \"*\", Action = \"s3:*\", Resource = aws_s3_bucket.web.arn },";
    const READ: &str = "{ Effect = \"Allow\", Action = [\"s3:GetObject\"], Resource = \"${aws_s3_bucket.web.arn}/*\" },";

    #[test]
    fn a_new_allow_or_a_dropped_deny_widens_and_the_opposite_narrows() {
        let base = resource(&policy(DENY));
        let more = resource(&policy(&format!("{DENY}\n{READ}")));
        let changes = policy_changes(Some(&base), Some(&more));
        assert_eq!(changes.len(), 1);
        assert!(changes[0].widens);
        assert_eq!(changes[0].status, IamStatus::Widened);
        assert_eq!(changes[0].added[0].action, "s3:GetObject");
        assert_eq!(
            changes[0].added[0].resource,
            "\"${aws_s3_bucket.web.arn}/*\""
        );

        let no_deny = resource(&policy(""));
        let changes = policy_changes(Some(&base), Some(&no_deny));
        assert!(changes[0].widens, "dropping a Deny widens");

        let changes = policy_changes(Some(&more), Some(&base));
        assert!(!changes[0].widens);
        assert_eq!(changes[0].status, IamStatus::Narrowed);

        // A new or destroyed document is new or removed, never "widened".
        assert_eq!(policy_changes(None, Some(&more))[0].status, IamStatus::New);
        assert!(!policy_changes(Some(&more), None)[0].widens);
        assert!(policy_changes(Some(&base), Some(&base)).is_empty());
    }

    #[test]
    fn adding_an_abac_condition_narrows_and_dropping_it_widens() {
        let open = resource(&policy(READ));
        let team = READ.replace(
            " },",
            ", Condition = { StringEquals = { \"aws:ResourceTag/Team\" = \"$${aws:PrincipalTag/Team}\" } } },",
        );
        let conditioned = resource(&policy(&team));
        let changes = policy_changes(Some(&open), Some(&conditioned));
        assert!(!changes[0].widens, "{changes:?}");
        assert_eq!(changes[0].status, IamStatus::Narrowed);
        assert!(changes[0].added[0]
            .condition
            .as_deref()
            .is_some_and(|c| c.contains("aws:ResourceTag/Team")));
        let changes = policy_changes(Some(&conditioned), Some(&open));
        assert!(
            changes[0].widens,
            "dropping the condition widens: {changes:?}"
        );
        assert_eq!(changes[0].status, IamStatus::Widened);
    }

    #[test]
    fn force_new_attributes_make_a_replacement() {
        let old = resource("resource \"aws_dynamodb_table\" \"t\" {\n  hash_key = \"a\"\n  billing_mode = \"PAY_PER_REQUEST\"\n}\n");
        let new = resource("resource \"aws_dynamodb_table\" \"t\" {\n  hash_key = \"b\"\n  billing_mode = \"PAY_PER_REQUEST\"\n}\n");
        let mut force = BTreeMap::new();
        force.insert(
            "aws_dynamodb_table".to_string(),
            BTreeSet::from(["hash_key".to_string()]),
        );
        let (changes, _) = compare_resources(
            std::slice::from_ref(&old),
            &[new],
            &Moves::default(),
            &force,
        );
        assert_eq!(changes[0].action, Action::Replace);
        assert!(changes[0].attributes[0].forces_replacement);
        let (changes, _) = compare_resources(
            std::slice::from_ref(&old),
            std::slice::from_ref(&old),
            &Moves::default(),
            &force,
        );
        assert!(changes.is_empty());
    }

    #[test]
    fn a_reference_is_an_attribute_of_a_resource_at_the_start_of_a_traversal() {
        let replaced = BTreeSet::from([
            "aws_s3_bucket.web".to_string(),
            "aws_kms_key.web".to_string(),
        ]);
        let found = |value: &str| first_reference(value, &replaced).cloned();
        assert_eq!(
            found("\"${aws_s3_bucket.web.arn}/*\""),
            Some("aws_s3_bucket.web".to_string())
        );
        // Both are referenced: the first in the set's order, wherever it appears.
        assert_eq!(
            found("[aws_s3_bucket.web.arn, aws_kms_key.web.arn]"),
            Some("aws_kms_key.web".to_string())
        );
        for value in [
            "data.aws_s3_bucket.web.arn",
            "aws_s3_bucket.web_logs.arn",
            "aws_s3_bucket.web",
            "x-aws_s3_bucket.web.arn",
            "local.aws_s3_bucket.web.arn",
        ] {
            assert_eq!(found(value), None, "{value}");
        }
    }

    #[test]
    fn renaming_respects_identifier_boundaries_and_renames_each_reference_once() {
        let moved = [
            (
                "aws_s3_bucket.web".to_string(),
                "aws_s3_bucket.site".to_string(),
            ),
            (
                "aws_s3_bucket.site".to_string(),
                "aws_s3_bucket.shop".to_string(),
            ),
        ];
        assert_eq!(
            rename_references(
                "${aws_s3_bucket.web.arn}/*, aws_s3_bucket.web_logs.arn, data.aws_s3_bucket.web.id, \
                 aws_s3_bucket.web, aws_s3_bucket.web[0].id, aws_s3_bucket.site.arn, \
                 x-aws_s3_bucket.web.arn, café.aws_s3_bucket.web",
                &Moves::new(&moved)
            ),
            "${aws_s3_bucket.site.arn}/*, aws_s3_bucket.web_logs.arn, data.aws_s3_bucket.web.id, \
             aws_s3_bucket.site, aws_s3_bucket.site[0].id, aws_s3_bucket.shop.arn, \
             x-aws_s3_bucket.web.arn, café.aws_s3_bucket.web"
        );
    }
}
