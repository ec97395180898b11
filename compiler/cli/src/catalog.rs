//! `--catalog DIR` (or nothing, for the catalog embedded in hbmod) in, a loaded catalog out.
//! DIR is a module folder (`<module>/module.toml`...) or one version of a published bundle
//! (`index.json` beside `modules/`); a bundle root with a pinned version resolves to its
//! version folder.

use std::path::{Path, PathBuf};

use hbmod::catalog::{Catalog, CatalogFile};

/// Loads the catalog; errors are printed, one per line, for the platform team.
pub fn load(dir: Option<&Path>) -> Option<Catalog> {
    load_with_files(dir).map(|(catalog, _)| catalog)
}

/// Loads the catalog and keeps its files (for publishing and checking).
pub fn load_with_files(dir: Option<&Path>) -> Option<(Catalog, Vec<CatalogFile>)> {
    if let Some(dir) = dir {
        let held = versions(dir);
        if !held.is_empty() && !dir.join("index.json").is_file() {
            let names: Vec<String> = held.iter().map(|(v, _)| v.to_string()).collect();
            eprintln!(
                "error: {} is a catalog bundle holding versions {}; name one version's folder",
                dir.display(),
                names.join(", ")
            );
            if let Some((_, latest)) = held.last() {
                eprintln!("help: for the newest, use {}", latest.display());
            }
            return None;
        }
    }
    let files = match dir {
        None => hbmod::catalog::embedded_files(),
        Some(dir) => match read(&modules_folder(dir)) {
            Ok(files) => files,
            Err(error) => {
                eprintln!("error: cannot read the catalog {}: {error}", dir.display());
                return None;
            }
        },
    };
    match Catalog::load(&files) {
        Ok(catalog) => Some((catalog, files)),
        Err(errors) => {
            let root = dir.map_or("the embedded catalog".to_string(), |d| {
                d.display().to_string()
            });
            for error in errors {
                eprintln!("error: catalog {root}: {error}");
            }
            None
        }
    }
}

/// The module folder of a catalog folder: `DIR/modules` for a published version, else DIR.
pub fn modules_folder(dir: &Path) -> PathBuf {
    if dir.join("index.json").is_file() && dir.join("modules").is_dir() {
        dir.join("modules")
    } else {
        dir.to_path_buf()
    }
}

/// The published versions below a bundle folder (subfolders with an `index.json`), ascending.
pub fn versions(bundle: &Path) -> Vec<(hbmod::publish::index::Version, PathBuf)> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(bundle) else {
        return out;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if let Some(version) = hbmod::publish::index::Version::parse(&name) {
            if entry.path().join("index.json").is_file() {
                out.push((version, entry.path()));
            }
        }
    }
    out.sort();
    out
}

/// The `index.json` of a published version folder.
pub fn read_index(version_folder: &Path) -> Result<hbmod::publish::index::Index, String> {
    let path = version_folder.join("index.json");
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    hbmod::publish::index::parse(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// The folder holding version `version` of the bundle at `folder`: `folder/<version>`, or
/// `folder` itself when it is that version. `Err` lists the versions the folder holds.
pub fn pinned(folder: &Path, version: &str) -> Result<PathBuf, Vec<String>> {
    let inside = folder.join(version);
    for candidate in [inside, folder.to_path_buf()] {
        if let Ok(index) = read_index(&candidate) {
            if index.version == version {
                return Ok(candidate);
            }
        }
    }
    let mut found: Vec<String> = versions(folder)
        .into_iter()
        .map(|(v, _)| v.to_string())
        .collect();
    if let Ok(index) = read_index(folder) {
        found.push(index.version);
    }
    Err(found)
}

/// Every interface and template file of a catalog folder (`<module>/module.toml`, `<module>/*.tf.tera`).
fn read(dir: &Path) -> std::io::Result<Vec<CatalogFile>> {
    let mut files = Vec::new();
    for module in std::fs::read_dir(dir)? {
        let module = module?;
        if !module.file_type()?.is_dir() {
            continue;
        }
        let examples = module.path().join("examples");
        if examples.is_dir() {
            for entry in std::fs::read_dir(&examples)? {
                let entry = entry?;
                let name = entry.file_name().to_string_lossy().into_owned();
                if entry.file_type()?.is_file() && name.ends_with(".hb") {
                    files.push(CatalogFile {
                        path: format!("{}/examples/{name}", module.file_name().to_string_lossy()),
                        contents: std::fs::read_to_string(entry.path())?,
                    });
                }
            }
        }
        for entry in std::fs::read_dir(module.path())? {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if entry.file_type()?.is_file()
                && (name == "module.toml" || name.ends_with(".tf.tera") || name == "README.md")
            {
                files.push(CatalogFile {
                    path: format!("{}/{name}", module.file_name().to_string_lossy()),
                    contents: std::fs::read_to_string(entry.path())?,
                });
            }
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}
