//! `--catalog DIR` (or nothing, for the catalog embedded in hbmod) in, a loaded catalog out,
//! read through the library (`hbmod::workspace`) over DIR as a world of its own. DIR is a
//! module folder (`<module>/module.toml`...) or one version of a published bundle
//! (`index.json` beside `modules/`).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use hbmod::catalog::{Catalog, CatalogFile};
use hbmod::workspace::{self, CatalogChoice, SetupError};
use hbmod::SourceFile;

use crate::files;
use crate::repo::Repository;

/// Loads the catalog; errors are printed for the platform team.
pub fn load(dir: Option<&Path>) -> Option<Catalog> {
    load_with_files(dir).map(|(catalog, _)| catalog)
}

/// The catalog every spec is built against: `--catalog DIR` when given (loaded now, errors
/// printed), else whatever each spec's org config names.
pub fn choice(dir: Option<&Path>) -> Option<CatalogChoice> {
    match try_choice(dir) {
        Ok(choice) => Some(choice),
        Err(error) => {
            eprint!(
                "{}",
                crate::config::Reported::default().render(&error, None, false)
            );
            None
        }
    }
}

/// `choice`, with the error for the caller to report.
pub fn try_choice(dir: Option<&Path>) -> Result<CatalogChoice, SetupError> {
    match dir {
        None => Ok(CatalogChoice::FromConfig),
        Some(dir) => {
            try_load(Some(dir)).map(|(catalog, _)| CatalogChoice::Given(Arc::new(catalog)))
        }
    }
}

/// Loads the catalog and keeps its files (for publishing and checking).
pub fn load_with_files(dir: Option<&Path>) -> Option<(Catalog, Vec<CatalogFile>)> {
    match try_load(dir) {
        Ok(loaded) => Some(loaded),
        Err(error) => {
            eprint!(
                "{}",
                crate::config::Reported::default().render(&error, None, false)
            );
            None
        }
    }
}

/// Loads the catalog in `dir` (or the embedded one); errors name files as `DIR/<module>/...`.
fn try_load(dir: Option<&Path>) -> Result<(Catalog, Vec<CatalogFile>), SetupError> {
    let Some(dir) = dir else {
        let files = hbmod::catalog::embedded_files();
        return match Catalog::load(&files) {
            Ok(catalog) => Ok((catalog, files)),
            Err(errors) => Err(SetupError::Catalog {
                folder: "the embedded catalog".to_string(),
                files: workspace::catalog_diagnostics(&errors, &files, "modules"),
                errors: Vec::new(),
                help: None,
            }),
        };
    };
    let world = Repository::at(dir).map_err(|error| {
        SetupError::Read(hbmod::world::ReadError {
            path: dir.display().to_string(),
            reason: error.to_string(),
        })
    })?;
    workspace::load_catalog(&world, "").map_err(|error| match error {
        SetupError::Catalog {
            files,
            errors,
            help,
            ..
        } => SetupError::Catalog {
            folder: dir.display().to_string(),
            files: files
                .into_iter()
                .map(|(source, diagnostics)| {
                    let name = format!("{}/{}", files::display_name(dir), source.name());
                    (Arc::new(SourceFile::new(name, source.text())), diagnostics)
                })
                .collect(),
            errors,
            help,
        },
        other => other,
    })
}

/// The module folder of a catalog folder: `DIR/modules` for a published version, else DIR.
pub fn modules_folder(dir: &Path) -> PathBuf {
    match Repository::at(dir) {
        Ok(world) => dir.join(workspace::modules_folder(&world, "")),
        Err(_) => dir.to_path_buf(),
    }
}

/// The published versions below a bundle folder (subfolders with an `index.json`), ascending.
pub fn versions(bundle: &Path) -> Vec<(hbmod::publish::index::Version, PathBuf)> {
    let Ok(world) = Repository::at(bundle) else {
        return Vec::new();
    };
    workspace::versions(&world, "")
        .into_iter()
        .map(|(version, folder)| (version, bundle.join(folder)))
        .collect()
}

/// The `index.json` of a published version folder.
pub fn read_index(version_folder: &Path) -> Result<hbmod::publish::index::Index, String> {
    let world = Repository::at(version_folder)
        .map_err(|e| format!("cannot read {}: {e}", version_folder.display()))?;
    workspace::read_index(&world, "").map_err(|e| format!("{}: {e}", version_folder.display()))
}
