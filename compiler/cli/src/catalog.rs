//! `--catalog DIR` (or nothing, for the catalog embedded in hbmod) in, a loaded catalog out.

use std::path::Path;

use hbmod::catalog::{Catalog, CatalogFile};

/// Loads the catalog; errors are printed, one per line, for the platform team.
pub fn load(dir: Option<&Path>) -> Option<Catalog> {
    let files = match dir {
        None => hbmod::catalog::embedded_files(),
        Some(dir) => match read(dir) {
            Ok(files) => files,
            Err(error) => {
                eprintln!("error: cannot read the catalog {}: {error}", dir.display());
                return None;
            }
        },
    };
    match Catalog::load(&files) {
        Ok(catalog) => Some(catalog),
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
