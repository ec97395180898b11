//! A Node.js function's source folder in, the packages its zip must hold out: the production
//! dependency closure of its `package.json`, found the way Node finds modules (from each
//! package's real path, through `node_modules` folders up to the repository root, so npm,
//! pnpm's linked store and yarn v1 / npm workspaces all work), each placed at the path inside
//! the zip from which Node will find it again, and checked against the lockfile.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::Refusal;
use hbmod::diagnostic::Code;

/// One package in the closure.
#[derive(Debug, Clone)]
pub struct Placed {
    /// Its name (`left-pad`, `@clicks/core`).
    pub name: String,
    /// Its version, from its package.json.
    pub version: String,
    /// Its folder on disk, canonical.
    pub real: PathBuf,
    /// Where it goes in the zip (`node_modules/left-pad`, `node_modules/a/node_modules/b`).
    pub placement: String,
    /// A workspace package (a folder of the repository linked into node_modules), copied as
    /// real files and not in the registry's lockfile entries.
    pub workspace: bool,
    /// The `files` list of its package.json, if any (published packages are already filtered).
    pub files: Option<Vec<String>>,
}

/// A parsed package.json.
pub struct Manifest {
    json: Value,
}

impl Manifest {
    /// Reads `dir/package.json`.
    pub fn read(dir: &Path) -> Result<Manifest, String> {
        let path = dir.join("package.json");
        let text = std::fs::read_to_string(&path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let json: Value = serde_json::from_str(&text)
            .map_err(|e| format!("{} is not valid JSON: {e}", path.display()))?;
        Ok(Manifest { json })
    }

    fn text(&self, key: &str) -> String {
        self.json
            .get(key)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    }

    fn names(&self, key: &str) -> Vec<String> {
        self.json
            .get(key)
            .and_then(Value::as_object)
            .map(|deps| deps.keys().cloned().collect())
            .unwrap_or_default()
    }

    fn list(&self, key: &str) -> Option<Vec<String>> {
        self.json.get(key).and_then(Value::as_array).map(|items| {
            items
                .iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
    }

    /// Production dependencies as (name, required): `dependencies` are required;
    /// `optionalDependencies` and `peerDependencies` are taken when installed.
    fn production(&self) -> Vec<(String, bool)> {
        let mut out: Vec<(String, bool)> = Vec::new();
        let optional = self.names("optionalDependencies");
        for name in self.names("dependencies") {
            let required = !optional.contains(&name);
            out.push((name, required));
        }
        for name in optional.into_iter().chain(self.names("peerDependencies")) {
            if !out.iter().any(|(n, _)| n == &name) {
                out.push((name, false));
            }
        }
        out
    }
}

/// A package whose dependencies are still to place: (its placement, its real folder, who it
/// is for messages, its production dependencies).
type Pending = (String, PathBuf, String, Vec<(String, bool)>);

/// The closure of `source`'s package.json (its real path `source`), inside `root`.
/// `architecture` is the Lambda's (`arm64` or `x86_64`): optional packages built for another
/// platform are skipped (as npm would skip them there); required ones are refused.
pub fn closure(source: &Path, root: &Path, architecture: &str) -> Result<Vec<Placed>, Refusal> {
    let manifest = Manifest::read(source).map_err(|message| Refusal {
        code: Code::HB0095,
        message,
        label: "package.json unreadable".to_string(),
        help: "fix the function's package.json (it must be valid JSON)".to_string(),
        notes: Vec::new(),
    })?;
    let mut placed: BTreeMap<String, Placed> = BTreeMap::new();
    let mut pending: VecDeque<Pending> = VecDeque::new();
    pending.push_back((
        String::new(),
        source.to_path_buf(),
        "the function".to_string(),
        manifest.production(),
    ));
    while let Some((location, from, needed_by, dependencies)) = pending.pop_front() {
        for (name, required) in dependencies {
            let Some(real) = installed(&from, &name, root)? else {
                if required {
                    return Err(missing(&name, &needed_by));
                }
                continue;
            };
            let taken = visible(&placed, &location, &name);
            if taken.is_some_and(|found| found.real == real) {
                continue;
            }
            let top = format!("node_modules/{name}");
            let placement = if taken.is_none() && !placed.contains_key(&top) {
                top
            } else {
                format!("{location}/node_modules/{name}")
            };
            let manifest = Manifest::read(&real).map_err(|message| Refusal {
                code: Code::HB0095,
                message,
                label: "a dependency's package.json is unreadable".to_string(),
                help: "reinstall the dependencies (`npm ci` or `pnpm install --frozen-lockfile`)"
                    .to_string(),
                notes: Vec::new(),
            })?;
            if let Some(reason) = foreign_platform(&manifest, architecture) {
                if required {
                    return Err(Refusal {
                        code: Code::HB0092,
                        message: format!(
                            "the dependency `{name}` (needed by {needed_by}) is built for {reason}, not for Lambda's linux/{architecture}"
                        ),
                        label: "cannot run on Lambda".to_string(),
                        help: format!("install dependencies for Lambda's platform (e.g. `npm ci --os=linux --cpu={}`), or set `architecture` to the one it is built for", npm_cpu(architecture)),
                        notes: Vec::new(),
                    });
                }
                continue;
            }
            let workspace = !real.components().any(|c| c.as_os_str() == "node_modules");
            let dependencies = manifest.production();
            pending.push_back((
                placement.clone(),
                real.clone(),
                format!("`{name}`"),
                dependencies,
            ));
            placed.insert(
                placement.clone(),
                Placed {
                    name: name.clone(),
                    version: manifest.text("version"),
                    real,
                    placement,
                    workspace,
                    files: if workspace {
                        manifest.list("files")
                    } else {
                        None
                    },
                },
            );
        }
    }
    Ok(placed.into_values().collect())
}

fn missing(name: &str, needed_by: &str) -> Refusal {
    Refusal {
        code: Code::HB0090,
        message: format!("the dependency `{name}` of {needed_by} is not installed"),
        label: "dependency missing".to_string(),
        help: "install the dependencies from the lockfile first: `npm ci` (or `pnpm install --frozen-lockfile`); hbmod never runs a package manager".to_string(),
        notes: Vec::new(),
    }
}

/// npm's name for a Lambda architecture.
pub fn npm_cpu(architecture: &str) -> &'static str {
    if architecture == "x86_64" {
        "x64"
    } else {
        "arm64"
    }
}

/// Why a package.json's `os` or `cpu` excludes Lambda's platform, if it does.
fn foreign_platform(manifest: &Manifest, architecture: &str) -> Option<String> {
    let excludes = |list: &[String], value: &str| {
        let allowed: Vec<&String> = list.iter().filter(|v| !v.starts_with('!')).collect();
        list.iter().any(|v| v.strip_prefix('!') == Some(value))
            || (!allowed.is_empty() && !allowed.iter().any(|v| *v == value))
    };
    if let Some(os) = manifest.list("os").filter(|os| excludes(os, "linux")) {
        return Some(format!("os {}", os.join("/")));
    }
    let cpu = npm_cpu(architecture);
    if let Some(cpus) = manifest.list("cpu").filter(|cpus| excludes(cpus, cpu)) {
        return Some(format!("cpu {}", cpus.join("/")));
    }
    None
}

/// The package Node would load as `name` from folder `from` (a real path): the first
/// `node_modules/<name>` on the way up to `root`, canonical. A link that leaves the
/// repository is refused.
fn installed(from: &Path, name: &str, root: &Path) -> Result<Option<PathBuf>, Refusal> {
    let mut dir = from.to_path_buf();
    loop {
        if dir.file_name().is_none_or(|n| n != "node_modules") {
            let candidate = dir.join("node_modules").join(name);
            if candidate.join("package.json").is_file() {
                let real = candidate.canonicalize().map_err(|e| missing_io(name, &e))?;
                if !real.starts_with(root) {
                    return Err(Refusal {
                        code: Code::HB0090,
                        message: format!(
                            "the dependency `{name}` links to {}, outside the repository",
                            real.display()
                        ),
                        label: "dependency outside the repository".to_string(),
                        help: "install dependencies inside the repository (`npm ci`), so every machine packages the same files".to_string(),
                        notes: Vec::new(),
                    });
                }
                return Ok(Some(real));
            }
        }
        if dir == root {
            return Ok(None);
        }
        match dir.parent() {
            Some(parent) if parent.starts_with(root) => dir = parent.to_path_buf(),
            _ => return Ok(None),
        }
    }
}

fn missing_io(name: &str, error: &std::io::Error) -> Refusal {
    let mut refusal = missing(name, "the function");
    refusal.notes.push(error.to_string());
    refusal
}

/// The package Node, running from the zip, would find as `name` from placement `location`.
fn visible<'a>(
    placed: &'a BTreeMap<String, Placed>,
    location: &str,
    name: &str,
) -> Option<&'a Placed> {
    let mut current = location.to_string();
    loop {
        let candidate = if current.is_empty() {
            format!("node_modules/{name}")
        } else {
            format!("{current}/node_modules/{name}")
        };
        if let Some(found) = placed.get(&candidate) {
            return Some(found);
        }
        if current.is_empty() {
            return None;
        }
        // Up to the package holding this one's node_modules folder (or the root).
        current = match current.rfind("/node_modules/") {
            Some(at) => current.get(..at).unwrap_or_default().to_string(),
            None => String::new(),
        };
    }
}

/// Checks every installed registry package against the lockfile that governs `source`
/// (the nearest `package-lock.json` or `pnpm-lock.yaml` up to `root`); `Ok` when there is none
/// (the note says so).
pub fn check_lockfile(
    source: &Path,
    root: &Path,
    packages: &[Placed],
) -> Result<Option<String>, Refusal> {
    let mut dir = source.to_path_buf();
    loop {
        let npm = dir.join("package-lock.json");
        let pnpm = dir.join("pnpm-lock.yaml");
        if npm.is_file() {
            return check_npm(&npm, &dir, packages).map(|()| None);
        }
        if pnpm.is_file() {
            return check_pnpm(&pnpm, packages).map(|()| None);
        }
        if dir == root {
            break;
        }
        match dir.parent() {
            Some(parent) if parent.starts_with(root) => dir = parent.to_path_buf(),
            _ => break,
        }
    }
    Ok(Some(
        "no package-lock.json or pnpm-lock.yaml governs it: the installed versions were not checked".to_string(),
    ))
}

fn stale(name: &str, installed: &str, locked: Option<&str>, fix: &str) -> Refusal {
    Refusal {
        code: Code::HB0091,
        message: match locked {
            Some(locked) => {
                format!("`{name}` {installed} is installed, but the lockfile says {locked}")
            }
            None => format!("`{name}` {installed} is installed, but the lockfile does not list it"),
        },
        label: "installed tree differs from the lockfile".to_string(),
        help: format!(
            "reinstall exactly the lockfile: `{fix}`; hbmod packages only what the lockfile pins"
        ),
        notes: Vec::new(),
    }
}

fn check_npm(lockfile: &Path, lock_dir: &Path, packages: &[Placed]) -> Result<(), Refusal> {
    let unreadable = |message: String| Refusal {
        code: Code::HB0095,
        message,
        label: "lockfile unreadable".to_string(),
        help: "regenerate it with npm 7 or later (`npm install`), and commit it".to_string(),
        notes: Vec::new(),
    };
    let text = std::fs::read_to_string(lockfile)
        .map_err(|e| unreadable(format!("cannot read {}: {e}", lockfile.display())))?;
    let json: Value = serde_json::from_str(&text)
        .map_err(|e| unreadable(format!("{} is not valid JSON: {e}", lockfile.display())))?;
    let version = json.get("lockfileVersion").and_then(Value::as_u64);
    let Some(entries) = json
        .get("packages")
        .and_then(Value::as_object)
        .filter(|_| matches!(version, Some(2 | 3)))
    else {
        return Err(unreadable(format!(
            "{} is lockfile version {}; hbmod reads versions 2 and 3",
            lockfile.display(),
            version.map_or("unknown".to_string(), |v| v.to_string())
        )));
    };
    for package in packages.iter().filter(|p| !p.workspace) {
        let Ok(relative) = package.real.strip_prefix(lock_dir) else {
            continue;
        };
        let key = relative.to_string_lossy().replace('\\', "/");
        let entry = entries.get(&key);
        // A workspace package copied in place of its link: the lockfile links it.
        if entry.and_then(|e| e.get("link")).and_then(Value::as_bool) == Some(true) {
            continue;
        }
        let locked = entry
            .and_then(|entry| entry.get("version"))
            .and_then(Value::as_str);
        if locked != Some(package.version.as_str()) {
            return Err(stale(&package.name, &package.version, locked, "npm ci"));
        }
    }
    Ok(())
}

/// pnpm-lock.yaml v9: the keys of the top-level `packages:` map are `name@version` (quoted
/// when scoped), one per line at two spaces' indent; that is all hbmod reads.
fn check_pnpm(lockfile: &Path, packages: &[Placed]) -> Result<(), Refusal> {
    let text = std::fs::read_to_string(lockfile).map_err(|e| Refusal {
        code: Code::HB0095,
        message: format!("cannot read {}: {e}", lockfile.display()),
        label: "lockfile unreadable".to_string(),
        help: "regenerate it with `pnpm install`".to_string(),
        notes: Vec::new(),
    })?;
    let mut locked: BTreeSet<String> = BTreeSet::new();
    let mut inside = false;
    for line in text.lines() {
        if !line.starts_with(' ') && !line.is_empty() {
            inside = line.trim_end() == "packages:";
            continue;
        }
        if let Some(key) = line
            .strip_prefix("  ")
            .filter(|k| inside && !k.starts_with(' '))
        {
            let key = key
                .trim_end()
                .trim_end_matches(':')
                .trim_matches(['\'', '"']);
            // `name@version(peer@x)`: the peer suffix does not change what is installed.
            let key = key.split('(').next().unwrap_or_default();
            locked.insert(key.to_string());
        }
    }
    for package in packages.iter().filter(|p| !p.workspace) {
        if !locked.contains(&format!("{}@{}", package.name, package.version)) {
            let prefix = format!("{}@", package.name);
            let other = locked
                .iter()
                .find_map(|key| key.strip_prefix(&prefix).filter(|v| !v.contains('@')));
            return Err(stale(
                &package.name,
                &package.version,
                other,
                "pnpm install --frozen-lockfile",
            ));
        }
    }
    Ok(())
}
