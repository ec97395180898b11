//! Every example spec (examples/**/*.hb and modules/*/examples/*.hb) in; its generated
//! Terraform compared byte for byte with `golden/<spec path without .hb>/` out.
//! `HBMOD_BLESS=1 cargo test --test golden` rewrites the golden folders; read the diff before
//! committing it, and run `../shared/tools/tfcheck` on each (CI does).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

fn specs(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() && path.file_name().is_some_and(|n| n != "terraform") {
            specs(&path, out);
        } else if path.extension().is_some_and(|e| e == "hb") {
            out.push(path);
        }
    }
}

fn examples() -> Vec<String> {
    let root = repo();
    let mut found = Vec::new();
    specs(&root.join("examples"), &mut found);
    for module in std::fs::read_dir(root.join("modules")).unwrap().flatten() {
        specs(&module.path().join("examples"), &mut found);
    }
    found
        .iter()
        .map(|p| {
            p.strip_prefix(&root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect()
}

#[test]
fn examples_match_their_golden_output() {
    let root = repo();
    let bless = std::env::var_os("HBMOD_BLESS").is_some();
    let specs = examples();
    assert!(
        specs.len() >= 3,
        "expected the example specs, found {specs:?}"
    );
    let mut failures = Vec::new();
    for spec in &specs {
        let golden = format!("golden/{}", spec.trim_end_matches(".hb"));
        let mut command = Command::new(env!("CARGO_BIN_EXE_hbmod"));
        command
            .current_dir(&root)
            .args(["build", spec, "--out", &golden, "--color", "never"]);
        if !bless {
            command.arg("--check");
        }
        let out = command.output().unwrap();
        if !out.status.success() {
            failures.push(format!(
                "{spec} (golden {golden}):\n{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "golden output differs; rebuild with HBMOD_BLESS=1 after reading the diff:\n{}",
        failures.join("\n")
    );
}

#[test]
fn building_twice_gives_identical_bytes() {
    let root = repo();
    let spec = "examples/services/web/site.hb";
    // Inside the repository (output paths are relative to it); `target/` may not exist yet
    // when CARGO_TARGET_DIR points elsewhere.
    std::fs::create_dir_all(root.join("target")).unwrap();
    let out = tempfile::tempdir_in(root.join("target")).unwrap();
    let mut runs = Vec::new();
    for _ in 0..2 {
        let target = out.path().join("terraform");
        let status = Command::new(env!("CARGO_BIN_EXE_hbmod"))
            .current_dir(&root)
            .args(["build", spec, "--out", target.to_str().unwrap()])
            .status()
            .unwrap();
        assert!(status.success());
        let mut files = Vec::new();
        for entry in std::fs::read_dir(&target).unwrap().flatten() {
            if entry.path().is_file() {
                files.push((entry.file_name(), std::fs::read(entry.path()).unwrap()));
            }
        }
        files.sort();
        runs.push(files);
    }
    assert_eq!(runs[0], runs[1]);
}
