//! A spec's path (or a folder) in, the org config that governs it out: `hbmod.toml`, found by
//! walking up to the repository root, parsed and checked (errors come back rendered).

use std::path::{Path, PathBuf};

use hbmod::config::{self, OrgConfig};
use hbmod::diagnostic::render;

use crate::repo::Repository;

/// The org config of `spec`, if any; `Err` holds the rendered errors when it exists but is wrong.
pub fn for_spec(spec: &Path, repo: &Repository, color: bool) -> Result<Option<OrgConfig>, String> {
    let folder = spec
        .canonicalize()
        .ok()
        .and_then(|s| s.parent().map(Path::to_path_buf))
        .unwrap_or_default();
    Ok(load(&folder, repo, color)?.map(|(config, _)| config))
}

/// The org config governing `folder` and the file it came from (repository-relative), if any.
pub fn load(
    folder: &Path,
    repo: &Repository,
    color: bool,
) -> Result<Option<(OrgConfig, String)>, String> {
    let Some(path) = find(folder, repo.root()) else {
        return Ok(None);
    };
    let name = repo
        .relative(&path)
        .unwrap_or_else(|| path.display().to_string());
    let bytes = std::fs::read(&path).map_err(|e| format!("error: cannot read {name}: {e}\n"))?;
    let (source, encoding_error) = hbmod::syntax::source_from_bytes(&name, &bytes);
    if let Some(error) = encoding_error {
        return Err(render::human(&source, &[error], color));
    }
    let (parsed, diagnostics) = config::parse(&source);
    if !diagnostics.is_empty() {
        return Err(render::human(&source, &diagnostics, color));
    }
    Ok(parsed.map(|config| (config, name)))
}

/// The nearest `hbmod.toml` from `folder` up to `root`.
fn find(folder: &Path, root: &Path) -> Option<PathBuf> {
    let start = folder.canonicalize().ok()?;
    start
        .ancestors()
        .take_while(|dir| dir.starts_with(root))
        .map(|dir| dir.join(config::FILE_NAME))
        .find(|candidate| candidate.is_file())
}

/// The catalog folder an org config names, resolved against the config file's folder; with a
/// pinned `[catalog] version`, the folder of that version inside the bundle. `Err` holds the
/// rendered HB0083 error when the bundle does not hold the pinned version.
pub fn catalog_folder(
    spec: &Path,
    repo: &Repository,
    config: &OrgConfig,
    color: bool,
) -> Result<Option<PathBuf>, String> {
    let Some(relative) = config.catalog.as_ref() else {
        return Ok(None);
    };
    let Some(folder) = spec
        .canonicalize()
        .ok()
        .and_then(|s| s.parent().map(Path::to_path_buf))
    else {
        return Ok(None);
    };
    let Some(file) = find(&folder, repo.root()) else {
        return Ok(None);
    };
    let Some(base) = file.parent() else {
        return Ok(None);
    };
    let folder = base.join(relative);
    let Some(pin) = &config.catalog_version else {
        return Ok(Some(folder));
    };
    match crate::catalog::pinned(&folder, &pin.version) {
        Ok(version_folder) => Ok(Some(version_folder)),
        Err(found) => {
            let name = repo
                .relative(&file)
                .unwrap_or_else(|| file.display().to_string());
            let text = std::fs::read_to_string(&file).unwrap_or_default();
            let source = hbmod::SourceFile::new(name, text);
            Err(render::human(
                &source,
                &[pin.missing(relative, &found)],
                color,
            ))
        }
    }
}
