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

/// The catalog folder a spec is built against: the version its header pins (`catalog =
/// "1.4.0"`) or the org config pins (`[catalog] version`) inside the bundle `[catalog] path`
/// names, or that folder itself; `None` for hbmod's embedded catalog. `Err` when a pin cannot
/// be met.
pub fn catalog_folder(
    spec: &Path,
    source: &hbmod::SourceFile,
    repo: &Repository,
    config: Option<&OrgConfig>,
    color: bool,
) -> Result<Option<PathBuf>, PinError> {
    let (file, _) = hbmod::syntax::parse(source);
    let spec_pin = hbmod::publish::spec_pin(&file).map_err(PinError::Spec)?;
    let found = config.and_then(|config| {
        let relative = config.catalog.as_ref()?;
        let folder = spec.canonicalize().ok()?.parent()?.to_path_buf();
        let file = find(&folder, repo.root())?;
        Some((relative.clone(), file.parent()?.join(relative), file))
    });
    if let Some(pin) = spec_pin {
        let Some((relative, folder, _)) = found else {
            return Err(PinError::Spec(hbmod::publish::spec_pin_missing(
                &pin,
                None,
                &[],
            )));
        };
        return crate::catalog::pinned(&folder, &pin.version)
            .map(Some)
            .map_err(|versions| {
                PinError::Spec(hbmod::publish::spec_pin_missing(
                    &pin,
                    Some(&relative),
                    &versions,
                ))
            });
    }
    let Some((relative, folder, file)) = found else {
        return Ok(None);
    };
    let Some(pin) = config.and_then(|c| c.catalog_version.as_ref()) else {
        return Ok(Some(folder));
    };
    match crate::catalog::pinned(&folder, &pin.version) {
        Ok(version_folder) => Ok(Some(version_folder)),
        Err(versions) => {
            let name = repo
                .relative(&file)
                .unwrap_or_else(|| file.display().to_string());
            let text = std::fs::read_to_string(&file).unwrap_or_default();
            let config_source = hbmod::SourceFile::new(name, text);
            Err(PinError::Config(render::human(
                &config_source,
                &[pin.missing(&relative, &versions)],
                color,
            )))
        }
    }
}

/// Why a pinned catalog version cannot be used.
pub enum PinError {
    /// The spec's own pin: a diagnostic in the spec.
    Spec(hbmod::diagnostic::Diagnostic),
    /// The org config's pin: rendered against hbmod.toml.
    Config(String),
}
