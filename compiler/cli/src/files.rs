//! Paths given on the command line in, spec files (read, decoded, or an IO error message) out.

use std::path::{Path, PathBuf};

use hbmod::diagnostic::Diagnostic;
use hbmod::source::SourceFile;

/// The spec files named by `paths`: files as given, folders searched for `*.hb` (sorted),
/// skipping hidden folders, `target` and published catalog versions.
pub fn expand(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    for path in paths {
        if path.is_dir() {
            let before = out.len();
            walk(path, &mut out)
                .map_err(|e| format!("cannot read folder {}: {e}", path.display()))?;
            if out.len() == before {
                return Err(format!("no .hb spec files under {}", path.display()));
            }
        } else {
            out.push(path.clone());
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let kind = entry.file_type()?;
        if kind.is_dir() {
            // A published catalog version (`hbmod catalog publish`) holds the catalog's example
            // specs, which are not this repository's specs.
            let bundle = path.join("index.json").is_file() && path.join("modules").is_dir();
            if !name.starts_with('.') && name != "target" && !bundle {
                walk(&path, out)?;
            }
        } else if kind.is_file() && name.ends_with(".hb") {
            out.push(path);
        }
    }
    Ok(())
}

/// A spec read from disk: its source, and a diagnostic when the bytes are not UTF-8.
pub struct Loaded {
    /// The source, named by the path as the user gave it.
    pub source: SourceFile,
    /// Set when the file is not valid UTF-8.
    pub encoding_error: Option<Diagnostic>,
}

/// Reads one spec file.
pub fn load(path: &Path) -> Result<Loaded, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let name = display_name(path);
    let (source, encoding_error) = hbmod::syntax::source_from_bytes(&name, &bytes);
    Ok(Loaded {
        source,
        encoding_error,
    })
}

/// The path as diagnostics name it: as given, with `/` separators and no leading `./`.
pub fn display_name(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    text.strip_prefix("./").map(str::to_string).unwrap_or(text)
}
