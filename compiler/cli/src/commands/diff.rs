//! `hbmod diff [--base REV] [PATH...]`: the specs at REV (read through git, no checkout) and in
//! the working tree in, both compiled, what changes per spec and instance out (resources,
//! attributes, replacements, IAM widening, rename hints, the HCL diff) as text, Markdown for a
//! pull-request comment, or JSON.

use std::path::{Path, PathBuf};

use hbmod::catalog::Catalog;
use hbmod::diagnostic::{self, render};
use hbmod::diff::{self, Version};
use hbmod::emit::GeneratedFile;
use hbmod::workspace::{CatalogChoice, Workspace};
use hbmod::world::World;
use hbmod::SourceFile;
use rayon::prelude::*;

use crate::commands::build::OUTPUT_FOLDER;
use crate::git_world::{git, GitWorld};
use crate::repo::Repository;
use crate::{catalog, files, Outcome};

/// How to print the result.
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Format {
    /// For a terminal.
    Human,
    /// A pull-request comment: summary first, details collapsed, under 65,536 characters.
    Markdown,
    /// The report as JSON (see docs/diff.md).
    Json,
}

/// Arguments of `hbmod diff`.
#[derive(clap::Args)]
pub struct Args {
    /// Spec files, or folders to search for `*.hb` files (default: the current folder).
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,
    /// The git revision to compare with (a branch, tag or commit).
    #[arg(long, default_value = "HEAD")]
    base: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// A catalog folder to use instead of the one built into hbmod (for both sides).
    #[arg(long)]
    catalog: Option<PathBuf>,
}

/// Compares every spec under the paths at `--base` and in the working tree.
pub fn run(args: &Args, _color: bool) -> Outcome {
    let cwd = std::env::current_dir().unwrap_or_default();
    let first = args
        .paths
        .first()
        .cloned()
        .unwrap_or_else(|| PathBuf::from("."));
    let probe = if first.is_dir() {
        first.clone()
    } else {
        first.parent().map_or(cwd.clone(), Path::to_path_buf)
    };
    let probe = if probe.as_os_str().is_empty() {
        cwd.clone()
    } else {
        probe
    };
    let root = match git(&probe, &["rev-parse", "--show-toplevel"]) {
        Ok(out) => PathBuf::from(String::from_utf8_lossy(&out).trim()),
        Err(message) => {
            eprintln!("error: hbmod diff needs a git repository: {message}");
            return Outcome::Failure;
        }
    };
    let root = root.canonicalize().unwrap_or(root);
    let base = match GitWorld::open(&root, &args.base) {
        Ok(base) => base,
        Err(message) => {
            eprintln!("error: {message}");
            eprintln!("help: name a branch, tag or commit: `hbmod diff --base main`");
            return Outcome::Failure;
        }
    };
    let Some(catalog) = catalog::load(args.catalog.as_deref()) else {
        return Outcome::Failure;
    };
    let catalog = std::sync::Arc::new(catalog);
    let choice = if args.catalog.is_some() {
        CatalogChoice::Given(std::sync::Arc::clone(&catalog))
    } else {
        CatalogChoice::FromConfig
    };
    let working_tree = match Repository::at(&root) {
        Ok(repo) => repo,
        Err(error) => {
            eprintln!("error: cannot read {}: {error}", root.display());
            return Outcome::Failure;
        }
    };
    let sides = Sides {
        working: Workspace::new(&working_tree, choice.clone()),
        base: Workspace::new(&base, choice),
        base_tree: &base,
    };

    // Specs on either side, by repository-relative path.
    let mut specs: std::collections::BTreeMap<String, Option<PathBuf>> = Default::default();
    for path in &args.paths {
        let found = match files::expand(std::slice::from_ref(path)) {
            Ok(found) => found,
            Err(_) if path.is_dir() || !path.exists() => Vec::new(),
            Err(message) => {
                eprintln!("error: {message}");
                return Outcome::Failure;
            }
        };
        for spec in found.into_iter().filter(|p| p.exists()) {
            let Some(relative) = spec
                .canonicalize()
                .ok()
                .and_then(|c| relative_to(&root, &c))
            else {
                eprintln!(
                    "error: {} is outside the repository at {}",
                    spec.display(),
                    root.display()
                );
                return Outcome::Failure;
            };
            specs.insert(relative, Some(spec));
        }
        let prefix = absolute(&cwd, path)
            .and_then(|p| relative_to(&root, &p))
            .unwrap_or_default();
        for candidate in base.paths().filter(|p| p.ends_with(".hb")) {
            let inside = prefix.is_empty()
                || candidate == &prefix
                || candidate.starts_with(&format!("{prefix}/"));
            let hidden = candidate
                .split('/')
                .rev()
                .skip(1)
                .any(|part| part.starts_with('.') || part == "target");
            if inside && !hidden {
                specs.entry(candidate.clone()).or_insert(None);
            }
        }
    }

    // Specs are independent: compare them on all cores (rayon keeps path order for the report).
    let specs: Vec<(&String, &Option<PathBuf>)> = specs.iter().collect();
    let done: Vec<Result<diff::SpecDiff, String>> = specs
        .par_iter()
        .map(|(relative, working)| compare_one(relative, working.as_deref(), &sides, &catalog))
        .collect();
    let mut results = Vec::new();
    for result in done {
        match result {
            Ok(diff) => results.push(diff),
            Err(message) => {
                eprintln!("error: {message}");
                return Outcome::Failure;
            }
        }
    }
    let report = diff::report(&args.base, "working tree", results);
    let text = match args.format {
        Format::Human => diff::render::human(&report),
        Format::Markdown => diff::render::markdown(&report),
        Format::Json => diff::render::json(&report),
    };
    print!("{text}");
    if report.specs.is_empty() {
        Outcome::Clean
    } else {
        Outcome::Findings
    }
}

/// The two sides compared: the working tree and the base revision, each a workspace.
struct Sides<'w> {
    working: Workspace<'w>,
    base: Workspace<'w>,
    base_tree: &'w GitWorld,
}

/// One spec compared: both sides compiled (a side that does not build is reported, not an
/// error); `Err` for a file that cannot be read.
fn compare_one(
    relative: &str,
    working: Option<&Path>,
    sides: &Sides<'_>,
    catalog: &Catalog,
) -> Result<diff::SpecDiff, String> {
    let output_dir = match relative.rsplit_once('/') {
        Some((dir, _)) => format!("{dir}/{OUTPUT_FOLDER}"),
        None => OUTPUT_FOLDER.to_string(),
    };
    let head = match working {
        Some(path) => {
            let loaded = files::load(path)?;
            let text = loaded.source.text().to_string();
            let result = match loaded.encoding_error {
                Some(error) => Err(render::human(&loaded.source, &[error], false)),
                None => compile(&sides.working, relative, &output_dir, &loaded.source),
            };
            Some((text, result))
        }
        None => None,
    };
    let old = if sides.base_tree.contains(relative) {
        let bytes = sides.base_tree.read(relative).map_err(|e| e.to_string())?;
        Some(match String::from_utf8(bytes) {
            Ok(text) => {
                let source = SourceFile::new(relative, text.as_str());
                let result = compile(&sides.base, relative, &output_dir, &source);
                (text, result)
            }
            Err(e) => (
                String::from_utf8_lossy(e.as_bytes()).into_owned(),
                Err(format!("{relative} is not UTF-8 text")),
            ),
        })
    } else {
        None
    };
    let (old_v, new_v) = (as_version(&old), as_version(&head));
    Ok(diff::compare(
        relative,
        &output_dir,
        old_v.as_ref(),
        new_v.as_ref(),
        catalog,
    ))
}

/// One side's build of a spec: its files with the models the build read (so the comparison
/// never parses them again), or what stopped it, rendered.
fn compile(
    workspace: &Workspace<'_>,
    spec_path: &str,
    output_dir: &str,
    source: &SourceFile,
) -> Result<Files, String> {
    let setup = workspace
        .setup(spec_path, output_dir, source)
        .map_err(|error| crate::config::Reported::default().render(&error, Some(source), false))?;
    let (generated, diagnostics) = setup.build_and_read(workspace.world(), source);
    match generated {
        Some(read) if !diagnostic::has_errors(&diagnostics) => Ok(read.into_iter().unzip()),
        _ => Err(render::human(source, &diagnostics, false)),
    }
}

fn as_version(side: &Option<Built>) -> Option<Version<'_>> {
    side.as_ref().map(|(text, result)| Version {
        spec_text: text,
        result: match result {
            Ok((files, _)) => Ok(files.as_slice()),
            Err(report) => Err(hbmod::diff::BuildFailure {
                report: report.clone(),
            }),
        },
        models: result
            .as_ref()
            .map_or(&[][..], |(_, models)| models.as_slice()),
    })
}

fn absolute(cwd: &Path, path: &Path) -> Option<PathBuf> {
    let full = if path.is_absolute() {
        path.to_path_buf()
    } else {
        cwd.join(path)
    };
    match full.canonicalize() {
        Ok(c) => Some(c),
        Err(_) => Some(full),
    }
}

fn relative_to(root: &Path, path: &Path) -> Option<String> {
    let rest = path.strip_prefix(root).ok()?;
    Some(
        rest.components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/"),
    )
}

/// A side's generated files and, aligned with them, the models the build kept.
type Files = (
    Vec<GeneratedFile>,
    Vec<Option<hbmod::hbmod_hcl::model::Body>>,
);
type Built = (String, Result<Files, String>);
