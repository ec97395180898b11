//! A checked plan in, the folders `hbmod package` must zip out: every instance parameter the
//! catalog marks `packaged = true` (a function's `source`), with what packaging needs to know
//! (runtime, architecture, exclude globs) and where the spec sets it. The zipping itself reads
//! the file system and lives in the binary.

use crate::catalog::Catalog;
use crate::ir::{Plan, Value};
use crate::source::Span;
use crate::syntax::ast::{File, Item};

/// One folder to package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Packaged {
    /// The instance (its zip is `.artifacts/<instance>.zip` in the output folder).
    pub instance: String,
    /// The folder, repository-relative.
    pub source: String,
    /// The runtime member (`nodejs22`, `python3_13`, ...), empty when the module has none.
    pub runtime: String,
    /// `arm64` or `x86_64`.
    pub architecture: String,
    /// Globs relative to the folder whose files stay out.
    pub exclude: Vec<String>,
    /// The parameter's value in the spec (errors point here), else the instance.
    pub span: Span,
}

/// The file an instance's package is written to, relative to the output folder.
pub fn artifact(instance: &str) -> String {
    format!(".artifacts/{instance}.zip")
}

/// Every packaged folder of `plan`, in source order. `output_dir` is the repository-relative
/// output folder (plan paths are relative to it); `file` is the spec's syntax tree, for spans.
pub fn packaged(plan: &Plan, catalog: &Catalog, output_dir: &str, file: &File) -> Vec<Packaged> {
    let mut out = Vec::new();
    for instance in &plan.instances {
        let Some(module) = catalog.module(&instance.module) else {
            continue;
        };
        for (name, param) in &module.params {
            if !param.packaged {
                continue;
            }
            let Some(Value::Path(relative)) = instance.params.get(name) else {
                continue;
            };
            let Some(source) = crate::world::resolve(output_dir, relative) else {
                continue;
            };
            let text = |key: &str| match instance.params.get(key) {
                Some(Value::Enum(value) | Value::String(value)) => value.clone(),
                _ => String::new(),
            };
            let exclude = match instance.params.get("exclude") {
                Some(Value::List(items)) => items
                    .iter()
                    .filter_map(|item| match item {
                        Value::String(glob) => Some(glob.clone()),
                        _ => None,
                    })
                    .collect(),
                _ => Vec::new(),
            };
            out.push(Packaged {
                instance: instance.name.clone(),
                source,
                runtime: text("runtime"),
                architecture: text("architecture"),
                exclude,
                span: value_span(file, &instance.name, name).unwrap_or(instance.span),
            });
        }
    }
    out
}

/// The span of `param`'s value in instance `instance`'s block.
fn value_span(file: &File, instance: &str, param: &str) -> Option<Span> {
    file.items.iter().find_map(|item| match item {
        Item::Instance(block) if block.name.as_ref().is_some_and(|n| n.name == instance) => block
            .entries
            .iter()
            .find(|entry| {
                entry.key.len() == 1 && entry.key.first().is_some_and(|k| k.name == param)
            })
            .map(|entry| entry.value.span),
        _ => None,
    })
}
