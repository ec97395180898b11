//! The repository's `modules/` folder in, `$OUT_DIR/catalog.rs` out: the default catalog,
//! embedded in the library as (path, contents) pairs so `hbmod` works from any directory.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    let modules = manifest.join("../../modules");
    println!("cargo:rerun-if-changed={}", modules.display());
    let mut files = Vec::new();
    collect(&modules, &modules, &mut files);
    files.sort();
    let mut code = String::from("/// The embedded default catalog: paths relative to `modules/`, and contents.\npub static EMBEDDED: &[(&str, &str)] = &[\n");
    for (relative, absolute) in files {
        let _ = writeln!(
            code,
            "    ({relative:?}, include_str!({:?})),",
            absolute.display().to_string()
        );
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default()).join("catalog.rs");
    if let Err(error) = std::fs::write(&out, code) {
        println!("cargo:warning=cannot write {}: {error}", out.display());
    }
}

/// Text files of the catalog: interfaces, templates, READMEs and examples.
fn collect(root: &Path, dir: &Path, out: &mut Vec<(String, PathBuf)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(root, &path, out);
        } else if path
            .extension()
            .is_some_and(|e| e == "toml" || e == "tera" || e == "md" || e == "hb")
        {
            let relative = path
                .strip_prefix(root)
                .unwrap_or(&path)
                .to_string_lossy()
                .replace('\\', "/");
            let absolute = path.canonicalize().unwrap_or(path.clone());
            out.push((relative, absolute));
        }
    }
}
