//! `hbmod package [SPEC-or-DIR...] [--check]`: specs in, one reproducible zip per packaged
//! folder (a function's `source`) out, at `.artifacts/<instance>.zip` in the spec's output
//! folder, holding exactly the function's own files and its production dependencies. Refusals
//! (a dependency missing, at another version than the lockfile, built for another platform,
//! over Lambda's size limits) are diagnostics at the `source` line, and then nothing is written.

mod archive;
mod node;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use hbmod::diagnostic::{self, render, Code, Diagnostic};
use hbmod::package::Packaged;
use hbmod::source::Span;
use hbmod::workspace::{Setup, SetupError};
use hbmod::world::World;
use hbmod::SourceFile;

use crate::setup::Given;
use crate::{files, Outcome};

/// Lambda's limit for a zip uploaded directly (50 MB).
pub const MAX_ZIPPED: u64 = 50 * 1024 * 1024;
/// Lambda's limit for the unzipped code (250 MB).
pub const MAX_UNZIPPED: u64 = 250 * 1024 * 1024;

/// Arguments of `hbmod package`.
#[derive(clap::Args)]
pub struct Args {
    /// Spec files, or folders to search for `*.hb` files (default: the current folder).
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,
    /// The spec's output folder, as given to `hbmod build --out` (one spec only).
    #[arg(long)]
    out: Option<PathBuf>,
    /// A catalog folder to use instead of the one built into hbmod.
    #[arg(long)]
    catalog: Option<PathBuf>,
    /// Write nothing; exit 1 when a package is missing or not what packaging would write now.
    #[arg(long)]
    check: bool,
}

/// Why a folder cannot be packaged, before it is positioned at the spec's `source` line.
#[derive(Debug, Clone)]
pub struct Refusal {
    /// Its code.
    pub code: Code,
    /// What is wrong.
    pub message: String,
    /// The label under the `source` value.
    pub label: String,
    /// How to fix it.
    pub help: String,
    /// More facts (the largest packages, ...).
    pub notes: Vec<String>,
}

impl Refusal {
    fn at(self, span: Span, instance: &str) -> Diagnostic {
        let mut diagnostic = Diagnostic::error(
            self.code,
            span,
            format!("cannot package `{instance}`: {}", self.message),
            self.label,
        )
        .with_help(self.help);
        for note in self.notes {
            diagnostic = diagnostic.with_note(note);
        }
        diagnostic
    }
}

/// One package written (or checked).
pub struct Done {
    /// The instance.
    pub instance: String,
    /// The zip on disk.
    pub path: PathBuf,
    /// Files in it.
    pub files: usize,
    /// Its size.
    pub bytes: usize,
    /// Whether the file on disk was missing or different (written, or stale under `--check`).
    pub changed: bool,
    /// Something worth saying (no lockfile, ...).
    pub note: Option<String>,
}

/// Packages every packaged folder of one spec into `target/.artifacts/` (or, with `check`,
/// compares). All or nothing: on any refusal nothing is written and the diagnostics come back.
pub fn package_spec(
    root: &Path,
    setup: &Setup,
    world: &dyn World,
    source: &SourceFile,
    target: &Path,
    check: bool,
) -> Result<Vec<Done>, Vec<Diagnostic>> {
    let (plan, diagnostics) = setup.check(world, source);
    let plan = match plan {
        Some(plan) if !diagnostic::has_errors(&diagnostics) => plan,
        _ => return Err(diagnostics),
    };
    let (file, _) = hbmod::check_source(source);
    let folders = hbmod::package::packaged(&plan, &setup.catalog, &setup.output_dir, &file);
    let mut built = Vec::new();
    let mut refused = Vec::new();
    for folder in &folders {
        match package_one(root, folder) {
            Ok(zip) => built.push((folder, zip)),
            Err(refusal) => refused.push(refusal.at(folder.span, &folder.instance)),
        }
    }
    if !refused.is_empty() {
        return Err(refused);
    }
    let artifacts = target.join(".artifacts");
    let mut done = Vec::new();
    for (folder, zip) in built {
        let path = target.join(hbmod::package::artifact(&folder.instance));
        let changed = std::fs::read(&path).ok().as_deref() != Some(zip.bytes.as_slice());
        if changed && !check {
            write(&artifacts, &path, &zip.bytes).map_err(|error| {
                vec![Refusal {
                    code: Code::HB0096,
                    message: format!("cannot write {}: {error}", path.display()),
                    label: "not written".to_string(),
                    help: "make the output folder writable".to_string(),
                    notes: Vec::new(),
                }
                .at(folder.span, &folder.instance)]
            })?;
        }
        done.push(Done {
            instance: folder.instance.clone(),
            path,
            files: zip.files,
            bytes: zip.bytes.len(),
            changed,
            note: zip.note,
        });
    }
    if !check {
        remove_stale(&artifacts, &done);
    }
    Ok(done)
}

/// Writes `bytes` to `path` through a temporary file, with `.artifacts/.gitignore` (`*`) so
/// the folder never reaches version control.
fn write(artifacts: &Path, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    std::fs::create_dir_all(artifacts)?;
    let ignore = artifacts.join(".gitignore");
    if !ignore.exists() {
        std::fs::write(
            &ignore,
            "# Packages written by `hbmod package`; never committed.\n*\n",
        )?;
    }
    let temporary = path.with_extension(format!("zip.{}.tmp", std::process::id()));
    std::fs::write(&temporary, bytes)?;
    std::fs::rename(&temporary, path)
}

/// Removes zips of instances the spec no longer packages.
fn remove_stale(artifacts: &Path, done: &[Done]) {
    let Ok(entries) = std::fs::read_dir(artifacts) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "zip") && !done.iter().any(|d| d.path == path) {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// One folder's zip.
struct Zip {
    bytes: Vec<u8>,
    files: usize,
    note: Option<String>,
}

/// The dependency manifests of runtimes whose dependencies hbmod does not install or package.
const FOREIGN_MANIFESTS: &[(&str, &[&str])] = &[
    (
        "python",
        &["requirements.txt", "uv.lock", "pyproject.toml", "Pipfile"],
    ),
    ("ruby", &["Gemfile", "Gemfile.lock"]),
];

fn package_one(root: &Path, folder: &Packaged) -> Result<Zip, Refusal> {
    let source = root
        .join(&folder.source)
        .canonicalize()
        .map_err(|e| Refusal {
            code: Code::HB0096,
            message: format!("cannot read {}: {e}", folder.source),
            label: "unreadable".to_string(),
            help: "fix the path".to_string(),
            notes: Vec::new(),
        })?;
    for (prefix, manifests) in FOREIGN_MANIFESTS {
        if !folder.runtime.starts_with(prefix) {
            continue;
        }
        if let Some(found) = manifests.iter().find(|m| source.join(m).exists()) {
            return Err(Refusal {
                code: Code::HB0094,
                message: format!(
                    "its {found} lists dependencies, and hbmod packages {} dependencies only for Node.js",
                    folder.runtime
                ),
                label: "dependencies hbmod cannot package".to_string(),
                help: format!(
                    "build the zip yourself with the dependencies for Lambda's platform (e.g. `uv pip install --target build --python-platform {}-manylinux2014 -r requirements.txt`, then zip it), and give it as `artifact = \"./build.zip\"` instead of `source`",
                    if folder.architecture == "x86_64" { "x86_64" } else { "aarch64" }
                ),
                notes: Vec::new(),
            });
        }
    }
    let exclude = globs(&folder.exclude)?;
    let mut entries = Vec::new();
    let mut sizes: BTreeMap<String, u64> = BTreeMap::new();
    let own = collect(&source, &source, Some(&exclude), None, &mut entries)?;
    sizes.insert("(the function's own files)".to_string(), own);
    let mut note = None;
    if folder.runtime.starts_with("nodejs") && source.join("package.json").is_file() {
        let packages = node::closure(&source, root, &folder.architecture)?;
        note = node::check_lockfile(&source, root, &packages)?;
        for package in &packages {
            let files = match &package.files {
                Some(patterns) => Some(package_files(patterns)?),
                None => None,
            };
            let tests = if package.workspace {
                Some(GlobSet::empty())
            } else {
                None
            };
            let mut found = Vec::new();
            let size = collect(
                &package.real,
                &package.real,
                tests.as_ref(),
                files.as_ref(),
                &mut found,
            )?;
            for entry in found {
                native(&entry, &package.name, &folder.architecture)?;
                entries.push(archive::Entry {
                    path: format!("{}/{}", package.placement, entry.path),
                    ..entry
                });
            }
            *sizes
                .entry(format!("{}@{}", package.name, package.version))
                .or_default() += size;
        }
    }
    let unzipped: u64 = sizes.values().sum();
    if unzipped > MAX_UNZIPPED {
        return Err(too_large(
            format!(
                "it is {} unzipped, over Lambda's 250 MB",
                megabytes(unzipped)
            ),
            &sizes,
        ));
    }
    let files = entries.len();
    let bytes = archive::zip(entries).map_err(|e| Refusal {
        code: Code::HB0096,
        message: format!("cannot zip it: {e}"),
        label: "not zipped".to_string(),
        help: "this is a bug in hbmod if the files are readable; please report it".to_string(),
        notes: Vec::new(),
    })?;
    if bytes.len() as u64 > MAX_ZIPPED {
        return Err(too_large(
            format!(
                "its zip is {}, over Lambda's 50 MB for a direct upload",
                megabytes(bytes.len() as u64)
            ),
            &sizes,
        ));
    }
    Ok(Zip { bytes, files, note })
}

fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
}

fn too_large(message: String, sizes: &BTreeMap<String, u64>) -> Refusal {
    let mut largest: Vec<(&String, &u64)> = sizes.iter().collect();
    largest.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let named: Vec<String> = largest
        .iter()
        .take(5)
        .map(|(name, size)| format!("{name}: {}", megabytes(**size)))
        .collect();
    Refusal {
        code: Code::HB0093,
        message,
        label: "too large for Lambda".to_string(),
        help: "drop or replace the largest dependencies, leave files out with `exclude`, or move large assets to a bucket; a container image function is the way past these limits".to_string(),
        notes: vec![format!("largest (unzipped): {}", named.join(", "))],
    }
}

fn globs(patterns: &[String]) -> Result<GlobSet, Refusal> {
    let mut builder = GlobSetBuilder::new();
    for pattern in patterns {
        let glob = Glob::new(pattern).map_err(|e| Refusal {
            code: Code::HB0097,
            message: format!(
                "`exclude` holds \"{}\", which is not a glob: {e}",
                pattern.escape_debug()
            ),
            label: "invalid glob".to_string(),
            help: "write globs like \"fixtures/**\" or \"*.md\", relative to source".to_string(),
            notes: Vec::new(),
        })?;
        builder.add(glob);
    }
    builder.build().map_err(|e| Refusal {
        code: Code::HB0097,
        message: format!("`exclude` cannot be compiled: {e}"),
        label: "invalid glob".to_string(),
        help: "write globs like \"fixtures/**\" or \"*.md\", relative to source".to_string(),
        notes: Vec::new(),
    })
}

/// The `files` field of a workspace package's package.json as globs (a folder means
/// everything below it); package.json itself is always in.
fn package_files(patterns: &[String]) -> Result<GlobSet, Refusal> {
    let mut all = vec!["package.json".to_string()];
    for pattern in patterns {
        let pattern = pattern.trim_start_matches("./").trim_end_matches('/');
        all.push(pattern.to_string());
        all.push(format!("{pattern}/**"));
    }
    globs(&all)
}

/// Whether a path is a test file or inside a test folder (never packaged from the function's
/// own files or a workspace package).
fn is_test(relative: &str) -> bool {
    relative.split('/').any(|part| part == "__tests__")
        || relative
            .rsplit('/')
            .next()
            .is_some_and(|name| name.contains(".test.") || name.contains(".spec."))
}

/// Files never packaged from a function's own folder: dependencies (packaged from the
/// closure), lockfiles, and npm credentials.
fn never_packaged(relative: &str) -> bool {
    relative.split('/').any(|part| part == "node_modules")
        || matches!(
            relative,
            "package-lock.json" | "pnpm-lock.yaml" | "yarn.lock"
        )
        || relative.rsplit('/').next() == Some(".npmrc")
}

/// Every file below `dir` (relative to `top`) as zip entries, sorted; returns their total
/// size. `own` (the exclude globs): a function's or workspace package's own files, so tests and
/// lockfiles stay out; `only`: a `files` list. A link to a file inside `top` is packaged as
/// that file; any other link is refused, since it would package files nobody chose.
fn collect(
    top: &Path,
    dir: &Path,
    own: Option<&GlobSet>,
    only: Option<&GlobSet>,
    out: &mut Vec<archive::Entry>,
) -> Result<u64, Refusal> {
    let unreadable = |path: &Path, e: std::io::Error| Refusal {
        code: Code::HB0096,
        message: format!("cannot read {}: {e}", path.display()),
        label: "unreadable file".to_string(),
        help: "make the files readable".to_string(),
        notes: Vec::new(),
    };
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| unreadable(dir, e))?
        .flatten()
        .collect();
    names.sort_by_key(std::fs::DirEntry::file_name);
    let mut total = 0;
    for item in names {
        let path = item.path();
        let Some(relative) = path
            .strip_prefix(top)
            .ok()
            .and_then(Path::to_str)
            .map(|r| r.replace('\\', "/"))
        else {
            return Err(refused_link(&path, "its name is not UTF-8"));
        };
        if relative.split('/').any(|part| part == "node_modules") {
            continue;
        }
        if let Some(exclude) = own {
            if never_packaged(&relative) || is_test(&relative) || exclude.is_match(&relative) {
                continue;
            }
        }
        let metadata = std::fs::symlink_metadata(&path).map_err(|e| unreadable(&path, e))?;
        let (is_dir, is_file) = if metadata.file_type().is_symlink() {
            let target = path.canonicalize().map_err(|e| unreadable(&path, e))?;
            let real = std::fs::metadata(&target).map_err(|e| unreadable(&path, e))?;
            if !target.starts_with(top) || real.is_dir() {
                return Err(refused_link(
                    &path,
                    "it is a link out of its folder, or to a folder",
                ));
            }
            (false, real.is_file())
        } else {
            (metadata.is_dir(), metadata.is_file())
        };
        if is_dir {
            total += collect(top, &path, own, only, out)?;
            continue;
        }
        if !is_file || only.is_some_and(|files| !files.is_match(&relative)) {
            continue;
        }
        let bytes = std::fs::read(&path).map_err(|e| unreadable(&path, e))?;
        total += bytes.len() as u64;
        let executable = {
            use std::os::unix::fs::PermissionsExt as _;
            std::fs::metadata(&path).is_ok_and(|m| m.permissions().mode() & 0o111 != 0)
        };
        out.push(archive::Entry {
            path: relative,
            bytes,
            executable,
        });
    }
    Ok(total)
}

fn refused_link(path: &Path, why: &str) -> Refusal {
    Refusal {
        code: Code::HB0096,
        message: format!("{} cannot be packaged: {why}", path.display()),
        label: "file hbmod does not package".to_string(),
        help: "replace the link by the file it points to, or rename the file".to_string(),
        notes: Vec::new(),
    }
}

/// Refuses a compiled Node addon (`*.node`) that is not an ELF shared object for the
/// function's architecture.
fn native(entry: &archive::Entry, package: &str, architecture: &str) -> Result<(), Refusal> {
    if !entry.path.ends_with(".node") {
        return Ok(());
    }
    // ELF: magic, then e_machine (little-endian u16) at byte 18: 183 aarch64, 62 x86-64.
    let machine = match entry.bytes.get(..20) {
        Some(head) if head.starts_with(b"\x7fELF") => {
            match u16::from_le_bytes([
                head.get(18).copied().unwrap_or(0),
                head.get(19).copied().unwrap_or(0),
            ]) {
                183 => "arm64",
                62 => "x86_64",
                _ => "another Linux architecture",
            }
        }
        _ => "another operating system (not a Linux ELF file)",
    };
    if machine == architecture {
        return Ok(());
    }
    Err(Refusal {
        code: Code::HB0092,
        message: format!(
            "the dependency `{package}` holds native code ({}) built for {machine}, and the function runs on linux/{architecture}",
            entry.path
        ),
        label: "cannot run on Lambda".to_string(),
        help: format!(
            "install it for Lambda's platform (e.g. `npm ci --os=linux --cpu={}` in a matching container), or set `architecture = {machine}` if that is what it is built for",
            node::npm_cpu(architecture)
        ),
        notes: Vec::new(),
    })
}

/// `hbmod package`: every spec in turn.
pub fn run(args: &Args, color: bool) -> Outcome {
    let Given {
        choice,
        repositories,
        located,
        ..
    } = match crate::setup::given(&args.paths, args.out.as_deref(), args.catalog.as_deref()) {
        Ok(given) => given,
        Err(outcome) => return outcome,
    };
    let workspaces = repositories.workspaces(&choice);
    let mut outcome = Outcome::Clean;
    let mut reported = crate::config::Reported::default();
    for spec in &located {
        let spec = match spec {
            Ok(spec) => spec,
            Err(message) => {
                eprintln!("error: {message}");
                outcome = outcome.max(Outcome::Failure);
                continue;
            }
        };
        let (Some(workspace), Some(repository)) =
            (workspaces.get(spec.repo), repositories.list.get(spec.repo))
        else {
            continue;
        };
        let loaded = match files::load(&spec.path) {
            Ok(loaded) => loaded,
            Err(message) => {
                eprintln!("error: {message}");
                outcome = outcome.max(Outcome::Failure);
                continue;
            }
        };
        let setup = match workspace.setup(&spec.spec_path, &spec.output_dir, &loaded.source) {
            Ok(setup) => setup,
            Err(error) => {
                eprint!("{}", reported.render(&error, Some(&loaded.source), color));
                eprintln!("error: {} was not packaged", loaded.source.name());
                outcome = outcome.max(match error {
                    SetupError::Read(_) => Outcome::Failure,
                    _ => Outcome::Findings,
                });
                continue;
            }
        };
        match package_spec(
            repository.root(),
            &setup,
            workspace.world(),
            &loaded.source,
            &spec.target,
            args.check,
        ) {
            Ok(done) => {
                let mut report = String::new();
                for package in &done {
                    let state = match (args.check, package.changed) {
                        (true, true) => {
                            outcome = outcome.max(Outcome::Findings);
                            "is missing or stale; run `hbmod package`"
                        }
                        (true, false) => "is current",
                        (false, true) => "written",
                        (false, false) => "unchanged",
                    };
                    let _ = writeln!(
                        report,
                        "{}: {} {state} ({} files, {} bytes)",
                        loaded.source.name(),
                        files::display_name(&package.path),
                        package.files,
                        package.bytes
                    );
                    if let Some(note) = &package.note {
                        let _ = writeln!(report, "note: `{}`: {note}", package.instance);
                    }
                }
                eprint!("{report}");
            }
            Err(diagnostics) => {
                eprint!("{}", render::human(&loaded.source, &diagnostics, color));
                eprintln!(
                    "error: {} was not packaged; nothing was written",
                    loaded.source.name()
                );
                outcome = outcome.max(Outcome::Findings);
            }
        }
    }
    outcome
}
