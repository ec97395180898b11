//! One open document (its path and editor text) in, everything the server knows about it out:
//! the parsed file, the diagnostics `hbmod check` would report (org config and catalog problems
//! included, on their own files), and the catalog, environments and set-up to complete against.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use hbmod::catalog::Catalog;
use hbmod::diagnostic::{Code, Diagnostic};
use hbmod::memo::Memo;
use hbmod::source::{SourceFile, Span};
use hbmod::syntax::ast;
use hbmod::workspace::{CatalogChoice, Setup, SetupError, Workspace};

use crate::repo::Repository;
use crate::setup::Repositories;

/// What the server knows about one document after its latest change.
pub struct Analysis {
    /// The document's text.
    pub source: SourceFile,
    /// Its syntax tree (possibly partial).
    pub file: ast::File,
    /// Diagnostics on the document itself.
    pub diagnostics: Vec<Diagnostic>,
    /// Diagnostics on other files that stop it (a broken org config or catalog), by path.
    pub others: Vec<(PathBuf, SourceFile, Vec<Diagnostic>)>,
    /// The catalog it is checked against (`None`: not even the embedded one loads).
    pub catalog: Option<Arc<Catalog>>,
    /// The environments of its org config (or hbmod's defaults).
    pub environments: Vec<String>,
    /// Its repository and set-up, when it is a file on disk with a working set-up.
    pub context: Option<(Repository, Setup)>,
    /// The resolved plan, when the front end found no error (a check without a memo).
    pub plan: Option<hbmod::ir::Plan>,
    /// Whether `diagnostics` are all `hbmod check` would report; when not, expansion and the
    /// org policies are still to run (`super::checker`).
    pub complete: bool,
}

/// Checks `text`, the editor's contents of the spec at `path` (`None`: not a file on disk).
/// With a `memo`, as `hbmod check` does: expansion and org policies included, reusing what the
/// previous check of this document found for unchanged instances. Without one, the front end
/// and resolution only (every mistake in the spec itself; `Analysis::complete` says whether
/// that is already everything).
pub fn analyse(path: Option<&Path>, text: &str, memo: Option<&Memo>) -> Analysis {
    let name = path.map_or_else(|| "untitled.hb".to_string(), |p| p.display().to_string());
    let source = SourceFile::new(name, text);
    let (file, _) = hbmod::syntax::parse(&source);
    let mut analysis = Analysis {
        diagnostics: Vec::new(),
        others: Vec::new(),
        catalog: None,
        environments: default_environments(),
        context: None,
        complete: true,
        plan: None,
        file,
        source,
    };
    let located = path.filter(|p| p.is_file()).and_then(|path| {
        let (repositories, mut located) = Repositories::locate(&[path.to_path_buf()], None);
        let spec = located.pop()?.ok()?;
        let repo = repositories.list.into_iter().nth(spec.repo)?;
        Some((repo, spec))
    });
    let Some((repo, spec)) = located else {
        // Not on disk (or not readable): the front end and the embedded catalog only.
        standalone(&mut analysis);
        return analysis;
    };
    let setup = {
        let workspace = Workspace::new(&repo, CatalogChoice::FromConfig);
        workspace.setup(&spec.spec_path, &spec.output_dir, &analysis.source)
    };
    match setup {
        Ok(setup) => {
            let diagnostics = match memo {
                Some(memo) => setup.build_with(&repo, &analysis.source, memo).1,
                None => {
                    let (plan, diagnostics) = setup.check(&repo, &analysis.source);
                    analysis.plan = plan;
                    diagnostics
                }
            };
            analysis.complete = memo.is_some() || analysis.plan.is_none();
            analysis.diagnostics = diagnostics;
            analysis.catalog = Some(Arc::clone(&setup.catalog));
            analysis.environments = setup.environments().iter().map(|e| e.to_string()).collect();
            analysis.context = Some((repo, setup));
        }
        Err(error) => {
            standalone(&mut analysis);
            analysis.diagnostics = setup_diagnostics(&repo, error, &mut analysis.others);
        }
    }
    analysis
}

/// The front end's diagnostics, with the embedded catalog to complete against.
fn standalone(analysis: &mut Analysis) {
    let (_, diagnostics) = hbmod::check_source(&analysis.source);
    analysis.diagnostics = diagnostics;
    analysis.catalog = hbmod::workspace::embedded().ok();
}

fn default_environments() -> Vec<String> {
    hbmod::stdlib::DEFAULT_ENVIRONMENTS
        .iter()
        .map(|e| e.to_string())
        .collect()
}

/// The spec's own diagnostics for a set-up that failed; the failing files' diagnostics go to
/// `others`, each named by its path on disk.
fn setup_diagnostics(
    repo: &Repository,
    error: SetupError,
    others: &mut Vec<(PathBuf, SourceFile, Vec<Diagnostic>)>,
) -> Vec<Diagnostic> {
    let stopped = |what: String| {
        vec![Diagnostic::error(
            Code::HB0110,
            Span::empty(0),
            format!("this spec cannot be checked: {what}"),
            "stopped here",
        )]
    };
    match error {
        SetupError::Spec(diagnostic) => vec![diagnostic],
        SetupError::Config {
            source,
            diagnostics,
        } => {
            let name = source.name().to_string();
            others.push((repo.root().join(&name), (*source).clone(), diagnostics));
            stopped(format!("its org config {name} has errors; fix them there"))
        }
        SetupError::Catalog { folder, files, .. } => {
            for (source, diagnostics) in files {
                let path = repo.root().join(source.name());
                others.push((path, (*source).clone(), diagnostics));
            }
            stopped(format!(
                "its catalog {folder} cannot be loaded; fix the module files"
            ))
        }
        SetupError::Read(error) => stopped(error.to_string()),
    }
}
