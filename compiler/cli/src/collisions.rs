//! The specs of one command in, for each, the other specs it would collide with out, as
//! diagnostics at its service header: two specs in one folder write the same `terraform/`
//! (HB0068), and two specs of one service name get the same physical names, roles and state
//! (HB0069). Specs in a catalog module's `examples/` folder are exempt from the first rule:
//! they are built with `--out` by the golden tests and `catalog publish`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use hbmod::diagnostic::{Code, Diagnostic};
use hbmod::source::Span;
use hbmod::syntax::ast::Item;

/// One spec's service: its name and where its header is.
struct Header {
    name: String,
    span: Span,
}

fn header(path: &Path) -> Option<Header> {
    let bytes = std::fs::read(path).ok()?;
    let (source, error) = hbmod::syntax::source_from_bytes(&path.to_string_lossy(), &bytes);
    if error.is_some() {
        return None;
    }
    let (file, _) = hbmod::check_source(&source);
    let folder = path
        .canonicalize()
        .ok()?
        .parent()?
        .file_name()?
        .to_string_lossy()
        .into_owned();
    let block = file.items.iter().find_map(|item| match item {
        Item::Service(block) => Some(block),
        _ => None,
    });
    Some(match block {
        Some(block) => Header {
            name: block.name.as_ref().map_or(folder, |n| n.name.clone()),
            span: block.name.as_ref().map_or(block.head.span, |n| n.span),
        },
        None => Header {
            name: folder,
            span: file
                .items
                .first()
                .map_or(Span::empty(0), |item| item.block().head.span),
        },
    })
}

/// Whether `folder` is a catalog module's examples folder (`<module>/examples/`, beside a
/// module.toml).
fn catalog_examples(folder: &Path) -> bool {
    folder.file_name().is_some_and(|n| n == "examples")
        && folder
            .parent()
            .is_some_and(|m| m.join("module.toml").is_file())
}

/// The `*.hb` files beside `spec`, other than itself, sorted.
fn siblings(spec: &Path) -> Vec<PathBuf> {
    let Some(folder) = spec.parent() else {
        return Vec::new();
    };
    let folder = if folder.as_os_str().is_empty() {
        Path::new(".")
    } else {
        folder
    };
    if catalog_examples(
        &folder
            .canonicalize()
            .unwrap_or_else(|_| folder.to_path_buf()),
    ) {
        return Vec::new();
    }
    let own = spec.file_name();
    let mut found: Vec<PathBuf> = std::fs::read_dir(folder)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "hb") && p.file_name() != own)
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found
}

/// For each of `specs` (in order), its collisions. `out`: the command writes to an explicit
/// folder (`--out`), so the folder rule does not apply.
pub fn find(specs: &[PathBuf], out: bool) -> Vec<Vec<Diagnostic>> {
    let headers: Vec<Option<Header>> = specs.iter().map(|spec| header(spec)).collect();
    let mut by_name: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (index, found) in headers.iter().enumerate() {
        if let Some(found) = found {
            by_name.entry(found.name.as_str()).or_default().push(index);
        }
    }
    let mut all = Vec::new();
    for (index, spec) in specs.iter().enumerate() {
        let mut diagnostics = Vec::new();
        let Some(own) = headers.get(index).and_then(Option::as_ref) else {
            all.push(diagnostics);
            continue;
        };
        if !out {
            let others = siblings(spec);
            if let Some(first) = others.first() {
                let notes: Vec<String> = others
                    .iter()
                    .skip(1)
                    .map(|o| format!("also {}", o.display()))
                    .collect();
                let folder = spec
                    .parent()
                    .map(Path::display)
                    .map(|d| d.to_string())
                    .unwrap_or_default();
                let shown = if folder.is_empty() {
                    ".".to_string()
                } else {
                    folder
                };
                let mut diagnostic =
                    Diagnostic::error(
                        Code::HB0068,
                        own.span,
                        format!(
                            "{} is in the same folder, and both specs would write {shown}/terraform/",
                            first.display()
                        ),
                        "shares its output folder",
                    )
                    .with_help("give each spec a folder of its own (services/<name>/<name>.hb), or build one of them with --out DIR");
                for note in notes {
                    diagnostic = diagnostic.with_note(note);
                }
                diagnostics.push(diagnostic);
            }
        }
        let same: Vec<&PathBuf> = by_name
            .get(own.name.as_str())
            .into_iter()
            .flatten()
            .filter(|other| **other != index)
            .filter_map(|other| specs.get(*other))
            .collect();
        if let Some(first) = same.first() {
            diagnostics.push(
                Diagnostic::error(
                    Code::HB0069,
                    own.span,
                    format!(
                        "the service `{}` is also defined by {}",
                        own.name,
                        first.display()
                    ),
                    "service name used twice",
                )
                .with_help("a service name names its resources, roles and Terraform state, so two stacks would fight over them: rename one (`service <name> < ... >`; without a header, the folder name is the service name)"),
            );
        }
        all.push(diagnostics);
    }
    all
}
