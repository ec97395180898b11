//! `hbmod package` on a copy of examples/ (its own repository, symlinks kept): the click
//! stream's functions are zipped with exactly their production closure (a registry package
//! with its own dependency, and the workspace package `@clicks/core` as real files), never the
//! dev dependency or tests; the handler runs from the unzipped folder with `node`; zips are
//! byte-identical across runs, paths, mtimes and umasks; every refusal is a positioned, coded
//! error that writes nothing. One more test installs real packages with `npm ci` when npm and
//! its registry are reachable, and says so when skipped.

#![cfg(unix)]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

#[path = "support/skip.rs"]
mod skip;

use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

/// A repository holding a copy of examples/ (`cp -a`: links, modes and all).
fn sandbox() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    let status = Command::new("cp")
        .arg("-a")
        .arg(repo().join("examples"))
        .arg(dir.path())
        .status()
        .unwrap();
    assert!(status.success());
    let _ = std::fs::remove_dir_all(dir.path().join("examples/services/clicks/terraform"));
    dir
}

fn examples(dir: &tempfile::TempDir) -> PathBuf {
    dir.path().join("examples")
}

fn hbmod(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hbmod"))
        .current_dir(dir)
        .args(args)
        .args(["--color", "never"])
        .output()
        .unwrap()
}

fn text(out: &Output) -> String {
    format!(
        "exit {:?}\n{}{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn artifact(dir: &tempfile::TempDir, instance: &str) -> PathBuf {
    examples(dir).join(format!(
        "services/clicks/terraform/.artifacts/{instance}.zip"
    ))
}

fn package(dir: &tempfile::TempDir) -> Output {
    hbmod(&examples(dir), &["package", "services/clicks/clicks.hb"])
}

/// Every entry of a zip: (path, unix mode, bytes).
fn entries(zip: &Path) -> Vec<(String, u32, Vec<u8>)> {
    let file = std::fs::File::open(zip).unwrap();
    let mut archive = zip::ZipArchive::new(file).unwrap();
    let mut out = Vec::new();
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).unwrap();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        out.push((
            entry.name().to_string(),
            entry.unix_mode().unwrap_or(0),
            bytes,
        ));
    }
    out
}

/// The zip's files in a fresh folder outside the repository.
fn unzip(zip: &Path) -> tempfile::TempDir {
    let folder = tempfile::tempdir().unwrap();
    for (name, _, bytes) in entries(zip) {
        let path = folder.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    folder
}

fn node() -> Option<PathBuf> {
    let found = Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found && std::env::var_os("HBMOD_REQUIRE_TOOLS").is_some() {
        panic!("node is required (HBMOD_REQUIRE_TOOLS is set) but not on PATH");
    }
    found.then(|| PathBuf::from("node"))
}

#[test]
fn the_zip_holds_exactly_the_production_closure_and_the_handler_runs_from_it() {
    let dir = sandbox();
    let out = package(&dir);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(
        text(&out).contains(".artifacts/ingest.zip written (8 files"),
        "{}",
        text(&out)
    );

    let zip = artifact(&dir, "ingest");
    let names: Vec<String> = entries(&zip).into_iter().map(|(name, _, _)| name).collect();
    assert_eq!(
        names,
        [
            "index.mjs",
            "node_modules/@clicks/core/index.js",
            "node_modules/@clicks/core/package.json",
            "node_modules/tiny-id/index.js",
            "node_modules/tiny-id/package.json",
            "node_modules/tiny-random/index.js",
            "node_modules/tiny-random/package.json",
            "package.json",
        ],
        "own files without tests; tiny-id and its tiny-random; the workspace package by its `files` list; no tiny-test (dev)"
    );
    for (name, mode, _) in entries(&zip) {
        assert_eq!(mode & 0o777, 0o644, "{name}");
    }
    // The workspace package is real files in the zip, not a link.
    assert_eq!(
        entries(&zip)[1].2,
        std::fs::read(repo().join("examples/packages/click-core/index.js")).unwrap()
    );
    // Both functions share the folder, so their zips are the same bytes.
    assert_eq!(
        std::fs::read(&zip).unwrap(),
        std::fs::read(artifact(&dir, "enricher")).unwrap()
    );
    // The artifacts folder ignores itself.
    assert_eq!(
        std::fs::read_to_string(zip.with_file_name(".gitignore"))
            .unwrap()
            .lines()
            .last(),
        Some("*")
    );

    let Some(node) = node() else {
        skip::skip("running the handler: node is not on PATH");
        return;
    };
    let unzipped = unzip(&zip);
    // Outside the repository, Node can load the dependencies only from the zip's node_modules.
    let run = Command::new(node)
        .current_dir(unzipped.path())
        .arg("--input-type=module")
        .arg("-e")
        .arg("const { handler } = await import('./index.mjs'); const r = await handler({ body: JSON.stringify({ page: '/pricing' }) }); console.log('RESULT ' + r.statusCode + ' ' + JSON.parse(r.body).click_id.length);")
        .output()
        .unwrap();
    let shown = text(&run);
    assert!(run.status.success(), "{shown}");
    assert!(shown.contains("RESULT 200 16"), "{shown}");
    assert!(shown.contains("\"page\":\"/pricing\""), "{shown}");
}

#[test]
fn zips_are_the_same_bytes_across_runs_paths_mtimes_and_umasks() {
    let first = sandbox();
    assert!(package(&first).status.success());
    let bytes = std::fs::read(artifact(&first, "ingest")).unwrap();
    let again = package(&first);
    assert!(
        text(&again).contains("ingest.zip unchanged"),
        "{}",
        text(&again)
    );
    assert_eq!(std::fs::read(artifact(&first, "ingest")).unwrap(), bytes);

    // Another path, every file's mtime moved and its mode narrowed as a 077 umask would.
    let second = sandbox();
    let mut pending = vec![examples(&second)];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(&folder).unwrap().flatten() {
            let kind = entry.file_type().unwrap();
            if kind.is_dir() {
                pending.push(entry.path());
            } else if kind.is_file() {
                use std::os::unix::fs::PermissionsExt as _;
                let file = std::fs::File::options()
                    .write(true)
                    .open(entry.path())
                    .unwrap();
                file.set_modified(
                    std::time::SystemTime::UNIX_EPOCH
                        + std::time::Duration::from_secs(1_234_567_890),
                )
                .unwrap();
                std::fs::set_permissions(entry.path(), std::fs::Permissions::from_mode(0o600))
                    .unwrap();
            }
        }
    }
    let out = package(&second);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(std::fs::read(artifact(&second, "ingest")).unwrap(), bytes);

    // --check: current now, stale after a code change.
    let check = hbmod(
        &examples(&second),
        &["package", "--check", "services/clicks/clicks.hb"],
    );
    assert_eq!(check.status.code(), Some(0), "{}", text(&check));
    std::fs::write(
        examples(&second).join("services/clicks/src/extra.mjs"),
        "export const x = 1;\n",
    )
    .unwrap();
    let check = hbmod(
        &examples(&second),
        &["package", "--check", "services/clicks/clicks.hb"],
    );
    assert_eq!(check.status.code(), Some(1), "{}", text(&check));
    assert!(
        text(&check).contains("is missing or stale; run `hbmod package`"),
        "{}",
        text(&check)
    );
    assert_eq!(
        std::fs::read(artifact(&second, "ingest")).unwrap(),
        bytes,
        "--check writes nothing"
    );
}

/// Packaging fails at the ingest function's `source` (line 34, column 13) with `code`, says
/// `words`, and writes no artifact.
fn assert_refused(dir: &tempfile::TempDir, code: &str, words: &str) {
    let out = package(dir);
    let shown = text(&out);
    assert_eq!(out.status.code(), Some(1), "{shown}");
    assert!(shown.contains(&format!("error[{code}]")), "{shown}");
    assert!(shown.contains("services/clicks/clicks.hb:34:13"), "{shown}");
    assert!(shown.contains(words), "{shown}");
    assert!(shown.contains("nothing was written"), "{shown}");
    assert!(!artifact(dir, "ingest").exists(), "{shown}");
    assert!(!artifact(dir, "enricher").exists(), "{shown}");
}

#[test]
fn a_dependency_that_is_not_installed_is_refused() {
    let dir = sandbox();
    std::fs::remove_dir_all(examples(&dir).join("node_modules/tiny-random")).unwrap();
    assert_refused(
        &dir,
        "HB0090",
        "the dependency `tiny-random` of `@clicks/core` is not installed",
    );
}

#[test]
fn a_version_other_than_the_lockfiles_is_refused_naming_the_fix() {
    let dir = sandbox();
    let manifest = examples(&dir).join("node_modules/tiny-id/package.json");
    let text = std::fs::read_to_string(&manifest).unwrap();
    std::fs::write(&manifest, text.replace("\"2.1.0\"", "\"2.2.0\"")).unwrap();
    assert_refused(
        &dir,
        "HB0091",
        "`tiny-id` 2.2.0 is installed, but the lockfile says 2.1.0",
    );
    assert!(text_of(&dir).contains("`npm ci`"));
}

fn text_of(dir: &tempfile::TempDir) -> String {
    text(&package(dir))
}

#[test]
fn a_pnpm_lockfile_is_checked_too() {
    let dir = sandbox();
    std::fs::remove_file(examples(&dir).join("package-lock.json")).unwrap();
    let lock = "lockfileVersion: '9.0'\n\nimporters:\n\n  .: {}\n\npackages:\n\n  tiny-id@2.1.0:\n    resolution: {integrity: sha512-x}\n\n  tiny-random@1.0.1:\n    resolution: {integrity: sha512-y}\n\nsnapshots:\n\n  tiny-id@2.1.0:\n    dependencies:\n      tiny-random: 1.0.1\n";
    std::fs::write(examples(&dir).join("pnpm-lock.yaml"), lock).unwrap();
    assert_refused(
        &dir,
        "HB0091",
        "`tiny-random` 1.0.2 is installed, but the lockfile says 1.0.1",
    );
    assert!(text_of(&dir).contains("pnpm install --frozen-lockfile"));

    std::fs::write(
        examples(&dir).join("pnpm-lock.yaml"),
        lock.replace("1.0.1", "1.0.2"),
    )
    .unwrap();
    let out = package(&dir);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
}

#[test]
fn native_code_for_another_platform_is_refused() {
    // An x86-64 ELF addon, and the function runs on arm64 (the default).
    let dir = sandbox();
    let build = examples(&dir).join("node_modules/tiny-id/build");
    std::fs::create_dir_all(&build).unwrap();
    let mut elf = b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x03\x00".to_vec();
    elf.extend_from_slice(&62u16.to_le_bytes());
    elf.extend_from_slice(&[0; 44]);
    std::fs::write(build.join("id.node"), &elf).unwrap();
    assert_refused(
        &dir,
        "HB0092",
        "holds native code (build/id.node) built for x86_64, and the function runs on linux/arm64",
    );

    // A required dependency that declares another operating system.
    let dir = sandbox();
    let manifest = examples(&dir).join("node_modules/tiny-random/package.json");
    let text = std::fs::read_to_string(&manifest).unwrap();
    std::fs::write(
        &manifest,
        text.replace("\"main\"", "\"os\": [\"darwin\"],\n  \"main\""),
    )
    .unwrap();
    assert_refused(
        &dir,
        "HB0092",
        "is built for os darwin, not for Lambda's linux/arm64",
    );
}

#[test]
fn a_package_over_lambdas_limits_is_refused_naming_the_largest() {
    let dir = sandbox();
    let big = std::fs::File::create(examples(&dir).join("services/clicks/src/model.bin")).unwrap();
    big.set_len(251 * 1024 * 1024).unwrap();
    assert_refused(&dir, "HB0093", "unzipped, over Lambda's 250 MB");
    assert!(text_of(&dir).contains("largest (unzipped): (the function's own files): 251.0 MB"));
}

#[test]
fn python_dependencies_are_refused_with_the_artifact_route() {
    let dir = sandbox();
    let spec = examples(&dir).join("services/clicks/clicks.hb");
    let text = std::fs::read_to_string(&spec).unwrap();
    std::fs::write(
        &spec,
        text.replacen("runtime = nodejs22", "runtime = python3_13", 1),
    )
    .unwrap();
    std::fs::write(
        examples(&dir).join("services/clicks/src/requirements.txt"),
        "requests==2.32.3\n",
    )
    .unwrap();
    assert_refused(&dir, "HB0094", "its requirements.txt lists dependencies");
    assert!(
        text_of(&dir).contains("artifact = \\\"./build.zip\\\"")
            || text_of(&dir).contains("artifact = \"./build.zip\"")
    );
}

#[test]
fn exclude_globs_leave_files_out_and_a_bad_glob_is_refused() {
    let dir = sandbox();
    let spec = examples(&dir).join("services/clicks/clicks.hb");
    let original = std::fs::read_to_string(&spec).unwrap();
    std::fs::create_dir_all(examples(&dir).join("services/clicks/src/fixtures")).unwrap();
    std::fs::write(
        examples(&dir).join("services/clicks/src/fixtures/click.json"),
        "{}",
    )
    .unwrap();
    std::fs::write(examples(&dir).join("services/clicks/src/NOTES.md"), "notes").unwrap();
    std::fs::write(
        &spec,
        original.replacen(
            "runtime = nodejs22,",
            "runtime = nodejs22,\n  exclude = [\"fixtures/**\", \"*.md\"],",
            1,
        ),
    )
    .unwrap();
    let out = package(&dir);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let ingest: Vec<String> = entries(&artifact(&dir, "ingest"))
        .into_iter()
        .map(|e| e.0)
        .collect();
    assert!(
        !ingest
            .iter()
            .any(|n| n.contains("fixtures") || n.ends_with(".md")),
        "{ingest:?}"
    );
    let enricher: Vec<String> = entries(&artifact(&dir, "enricher"))
        .into_iter()
        .map(|e| e.0)
        .collect();
    assert!(
        enricher.contains(&"fixtures/click.json".to_string()),
        "{enricher:?}"
    );

    std::fs::write(
        &spec,
        original.replacen(
            "runtime = nodejs22,",
            "runtime = nodejs22,\n  exclude = [\"[unclosed\"],",
            1,
        ),
    )
    .unwrap();
    let out = package(&dir);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("error[HB0097]"), "{}", text(&out));
}

#[test]
fn real_packages_installed_by_npm_ci_are_packaged() {
    let Some(node) = node() else {
        skip::skip("node is not on PATH");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir(root.join(".git")).unwrap();
    std::fs::create_dir_all(root.join("fn")).unwrap();
    std::fs::write(
        root.join("fn/package.json"),
        r#"{ "name": "fn", "version": "1.0.0", "dependencies": { "ms": "2.1.3" }, "devDependencies": { "is-number": "7.0.0" } }"#,
    )
    .unwrap();
    std::fs::write(
        root.join("fn/index.mjs"),
        "import ms from 'ms';\nexport const handler = async () => ms('2 days');\n",
    )
    .unwrap();
    std::fs::write(
        root.join("fn.hb"),
        "service tiny < team = \"platform\" >\n\nfunction hello <\n  source  = \"./fn\",\n  runtime = nodejs22,\n>\n",
    )
    .unwrap();
    let install = Command::new("npm")
        .current_dir(root.join("fn"))
        .args(["install", "--no-audit", "--no-fund", "--ignore-scripts"])
        .output();
    let installed = install.as_ref().is_ok_and(|o| o.status.success());
    if !installed {
        skip::skip("`npm install` could not reach the npm registry (or npm is missing)");
        return;
    }
    // The lockfile now pins them; `npm ci` reinstalls exactly that.
    let ci = Command::new("npm")
        .current_dir(root.join("fn"))
        .args(["ci", "--no-audit", "--no-fund", "--ignore-scripts"])
        .output()
        .unwrap();
    assert!(ci.status.success(), "{}", text(&ci));
    let out = hbmod(root, &["package", "fn.hb"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let zip = root.join("terraform/.artifacts/hello.zip");
    let names: Vec<String> = entries(&zip).into_iter().map(|e| e.0).collect();
    assert!(
        names.contains(&"node_modules/ms/index.js".to_string()),
        "{names:?}"
    );
    assert!(!names.iter().any(|n| n.contains("is-number")), "{names:?}");
    let unzipped = unzip(&zip);
    let run = Command::new(node)
        .current_dir(unzipped.path())
        .args(["--input-type=module", "-e", "const { handler } = await import('./index.mjs'); console.log('RESULT ' + await handler());"])
        .output()
        .unwrap();
    assert!(text(&run).contains("RESULT 172800000"), "{}", text(&run));
}

#[test]
fn a_broken_package_json_or_a_link_out_of_a_package_is_refused() {
    let dir = sandbox();
    std::fs::write(
        examples(&dir).join("node_modules/tiny-id/package.json"),
        "{ not json",
    )
    .unwrap();
    assert_refused(
        &dir,
        "HB0095",
        "node_modules/tiny-id/package.json is not valid JSON",
    );

    // A dependency's file linking out of its folder would zip whatever it points to.
    let dir = sandbox();
    std::os::unix::fs::symlink(
        "../../../.git",
        examples(&dir).join("node_modules/tiny-id/git"),
    )
    .unwrap();
    assert_refused(
        &dir,
        "HB0096",
        "it is a link out of its folder, or to a folder",
    );
}

#[test]
fn a_pnpm_style_node_modules_inside_the_source_builds_and_packages() {
    // pnpm links each dependency into a store: `src/node_modules/tiny-id` points outside the
    // source folder. Terraform never reads the folder (only the zip), so build accepts it and
    // the packager follows the link to the real package.
    let dir = sandbox();
    let src = examples(&dir).join("services/clicks/src");
    std::fs::create_dir_all(src.join("node_modules")).unwrap();
    std::fs::rename(
        examples(&dir).join("node_modules/tiny-id"),
        examples(&dir).join("node_modules/.store-tiny-id"),
    )
    .unwrap();
    std::os::unix::fs::symlink(
        "../../../../node_modules/.store-tiny-id",
        src.join("node_modules/tiny-id"),
    )
    .unwrap();
    let manifest = examples(&dir).join("package-lock.json");
    let lock = std::fs::read_to_string(&manifest).unwrap();
    std::fs::write(
        &manifest,
        lock.replace(
            "\"node_modules/tiny-id\"",
            "\"node_modules/.store-tiny-id\"",
        ),
    )
    .unwrap();
    let build = hbmod(&examples(&dir), &["build", "services/clicks/clicks.hb"]);
    assert_eq!(build.status.code(), Some(0), "{}", text(&build));
    let out = package(&dir);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let names: Vec<String> = entries(&artifact(&dir, "ingest"))
        .into_iter()
        .map(|e| e.0)
        .collect();
    assert!(
        names.contains(&"node_modules/tiny-id/index.js".to_string()),
        "{names:?}"
    );
    assert!(
        names.contains(&"node_modules/tiny-random/index.js".to_string()),
        "{names:?}"
    );
}
