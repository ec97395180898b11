//! A folder (or spec) on disk in, the org config that governs it out, read through the library's
//! `Workspace`; and the library's set-up errors rendered for people, each shared error (a broken
//! org config or catalog) once however many specs it stops.

use std::collections::BTreeSet;
use std::path::Path;

use hbmod::config::OrgConfig;
use hbmod::diagnostic::render;
use hbmod::workspace::{CatalogChoice, SetupError, Workspace};
use hbmod::SourceFile;

use crate::repo::Repository;

/// The org config governing `folder` and the file it came from (repository-relative), if any;
/// `Err` holds the rendered errors.
pub fn load(
    folder: &Path,
    repo: &Repository,
    color: bool,
) -> Result<Option<(OrgConfig, String)>, String> {
    let relative = folder
        .canonicalize()
        .ok()
        .and_then(|dir| repo.relative(&dir))
        .unwrap_or_default();
    let workspace = Workspace::new(repo, CatalogChoice::FromConfig);
    match workspace.config_for(&relative) {
        Ok(found) => Ok(found.map(|loaded| (loaded.config.clone(), loaded.path.clone()))),
        Err(error) => Err(Reported::default().render(&error, None, color)),
    }
}

/// The shared set-up errors already shown, so that each is shown once.
#[derive(Default)]
pub struct Reported {
    keys: BTreeSet<String>,
}

impl Reported {
    /// `error` rendered for people (against `spec` for the spec's own errors); empty when it
    /// is a shared error already shown.
    pub fn render(&mut self, error: &SetupError, spec: Option<&SourceFile>, color: bool) -> String {
        if let Some(key) = error.shared_key() {
            if !self.keys.insert(key.to_string()) {
                return String::new();
            }
        }
        match error {
            SetupError::Config {
                source,
                diagnostics,
            } => render::human(source, diagnostics, color),
            SetupError::Spec(diagnostic) => match spec {
                Some(spec) => render::human(spec, std::slice::from_ref(diagnostic), color),
                None => format!("error: {}\n", diagnostic.message),
            },
            SetupError::Catalog {
                folder,
                files,
                errors,
                help,
            } => {
                let mut out: String = files
                    .iter()
                    .map(|(source, diagnostics)| render::human(source, diagnostics, color))
                    .collect();
                for error in errors {
                    out.push_str(&format!("error: catalog {folder}: {error}\n"));
                }
                if let Some(help) = help {
                    out.push_str(&format!("help: {help}\n"));
                }
                out
            }
            SetupError::Read(error) => format!("error: {error}\n"),
        }
    }
}
