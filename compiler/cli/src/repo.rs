//! Spec paths in, the repository they live in out: its root (found by walking up to `.git`),
//! repository-relative names, and the `World` the library reads files through (also over any
//! other folder, such as a `--catalog DIR`).

use std::path::{Path, PathBuf};

use hbmod::world::{Entry, ReadError, World};

/// At most this many files are listed below one folder, so a huge folder cannot stall a build.
const MAX_FILES: usize = 100_000;

/// A repository on disk.
#[derive(Clone)]
pub struct Repository {
    /// Its root, canonical.
    root: PathBuf,
}

impl Repository {
    /// The repository holding `spec`: the nearest folder above it with a `.git`, else the
    /// spec's own folder (so nothing outside it can be reached).
    pub fn around(spec: &Path) -> std::io::Result<Repository> {
        let spec = spec.canonicalize()?;
        let start = spec.parent().map(Path::to_path_buf).unwrap_or_default();
        let root = start
            .ancestors()
            .find(|dir| dir.join(".git").exists())
            .map_or(start.clone(), Path::to_path_buf);
        Ok(Repository { root })
    }

    /// The repository holding folder `dir` (itself, or the nearest folder above with a `.git`).
    pub fn around_folder(dir: &Path) -> std::io::Result<Repository> {
        let start = dir.canonicalize()?;
        let root = start
            .ancestors()
            .find(|d| d.join(".git").exists())
            .map_or(start.clone(), Path::to_path_buf);
        Ok(Repository { root })
    }

    /// A world rooted at folder `dir` itself (a catalog folder given on the command line).
    pub fn at(dir: &Path) -> std::io::Result<Repository> {
        Ok(Repository {
            root: dir.canonicalize()?,
        })
    }

    /// The repository's root folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// `path` relative to the root, `/`-separated; `None` when outside the repository.
    pub fn relative(&self, path: &Path) -> Option<String> {
        let absolute = if path.is_absolute() {
            path.to_path_buf()
        } else {
            std::env::current_dir().ok()?.join(path)
        };
        let absolute = normalise(&absolute);
        let relative = absolute.strip_prefix(&self.root).ok()?;
        Some(
            relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/"),
        )
    }

    fn absolute(&self, relative: &str) -> PathBuf {
        if relative.is_empty() {
            self.root.clone()
        } else {
            self.root.join(relative)
        }
    }

    fn classify(&self, path: &Path) -> Entry {
        let Ok(metadata) = std::fs::symlink_metadata(path) else {
            return Entry::Missing;
        };
        let target = if metadata.file_type().is_symlink() {
            match path.canonicalize() {
                Ok(target) if target.starts_with(&self.root) => target,
                Ok(_) => return Entry::Outside,
                Err(_) => return Entry::Missing,
            }
        } else {
            path.to_path_buf()
        };
        match std::fs::metadata(&target) {
            Ok(m) if m.is_dir() => Entry::Dir,
            Ok(_) => Entry::File,
            Err(_) => Entry::Missing,
        }
    }
}

/// What one entry below an uploaded folder is, judged against that folder.
enum Below {
    /// A folder to walk (its real path): a plain folder, or a link to one inside the folder
    /// that is not above the link itself.
    Dir(PathBuf),
    /// A regular file, or a link to one inside the folder.
    File,
    /// A link whose target leaves the folder or is a folder the walk is already inside.
    Escapes,
    /// Gone, dangling, or neither file nor folder (a socket, a fifo).
    Missing,
}

/// Classifies `path`, found in a folder whose real path is `above.last()`, inside the
/// uploaded folder `top` (real path). A folder link to `top` itself or to any folder on the
/// way down (`above`) would loop, so it escapes as surely as one that leaves `top`.
fn link_below(path: &Path, top: &Path, above: &[PathBuf]) -> Below {
    let Ok(metadata) = std::fs::symlink_metadata(path) else {
        return Below::Missing;
    };
    if !metadata.file_type().is_symlink() {
        return if metadata.is_dir() {
            let real = above.last().map_or_else(
                || path.to_path_buf(),
                |dir| dir.join(path.file_name().unwrap_or_default()),
            );
            Below::Dir(real)
        } else if metadata.is_file() {
            Below::File
        } else {
            Below::Missing
        };
    }
    let Ok(target) = path.canonicalize() else {
        // Dangling, or a loop the OS itself gave up on (ELOOP): either way not uploadable,
        // and a dangling link may be filled in before the plan.
        return Below::Escapes;
    };
    if target == top || !target.starts_with(top) {
        return Below::Escapes;
    }
    match std::fs::metadata(&target) {
        Ok(m) if m.is_dir() => {
            if above.iter().any(|dir| dir.starts_with(&target)) {
                Below::Escapes
            } else {
                Below::Dir(target)
            }
        }
        Ok(m) if m.is_file() => Below::File,
        _ => Below::Escapes,
    }
}

/// `path` with `.` and `..` resolved lexically (for paths that may not exist yet).
fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

impl World for Repository {
    fn entry(&self, path: &str) -> Entry {
        // Every folder on the way must stay inside the repository too.
        let mut current = self.root.clone();
        for part in path.split('/').filter(|p| !p.is_empty()) {
            current.push(part);
            match self.classify(&current) {
                Entry::Dir => {}
                other if current == self.absolute(path) => return other,
                Entry::Outside => return Entry::Outside,
                _ => return Entry::Missing,
            }
        }
        Entry::Dir
    }

    fn files(&self, dir: &str) -> Vec<(String, Entry)> {
        self.walk(dir, None)
    }

    fn files_without(&self, dir: &str, skip: &str) -> Vec<(String, Entry)> {
        self.walk(dir, Some(skip))
    }

    fn list(&self, dir: &str) -> Vec<(String, Entry)> {
        self.list_entries(dir)
    }

    fn read(&self, path: &str) -> Result<Vec<u8>, ReadError> {
        self.read_file(path)
    }
}

impl Repository {
    /// Every file below `dir` (see `World::files`), never entering a folder named `skip`.
    fn walk(&self, dir: &str, skip: Option<&str>) -> Vec<(String, Entry)> {
        // Symlinks are judged against `dir`, not the repository: Terraform's `fileset` follows
        // them at plan time, so a link that points out of the folder (or up into a folder
        // above itself, which would loop) would upload files nobody chose. Links inside the
        // folder are followed, each folder's real path remembered so a cycle ends.
        let Ok(top) = self.absolute(dir).canonicalize() else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let mut pending: Vec<(String, Vec<PathBuf>)> = vec![(dir.to_string(), vec![top.clone()])];
        while let Some((folder, above)) = pending.pop() {
            let Ok(entries) = std::fs::read_dir(self.absolute(&folder)) else {
                continue;
            };
            for entry in entries.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                let relative = if folder.is_empty() {
                    name
                } else {
                    format!("{folder}/{name}")
                };
                match link_below(&entry.path(), &top, &above) {
                    Below::Dir(_) if skip.is_some_and(|s| entry.file_name() == s) => {}
                    Below::Dir(real) => {
                        let mut chain = above.clone();
                        chain.push(real);
                        pending.push((relative, chain));
                    }
                    Below::File => out.push((relative, Entry::File)),
                    Below::Escapes => out.push((relative, Entry::Outside)),
                    Below::Missing => {}
                }
                if out.len() >= MAX_FILES {
                    out.sort();
                    return out;
                }
            }
        }
        out.sort();
        out
    }

    fn list_entries(&self, dir: &str) -> Vec<(String, Entry)> {
        if self.entry(dir) != Entry::Dir {
            return Vec::new();
        }
        let Ok(entries) = std::fs::read_dir(self.absolute(dir)) else {
            return Vec::new();
        };
        let mut out: Vec<(String, Entry)> = entries
            .flatten()
            .take(MAX_FILES)
            .filter_map(|entry| {
                let name = entry.file_name().to_str()?.to_string();
                match self.classify(&entry.path()) {
                    Entry::Missing => None,
                    kind => Some((name, kind)),
                }
            })
            .collect();
        out.sort();
        out
    }

    fn read_file(&self, path: &str) -> Result<Vec<u8>, ReadError> {
        let error = |reason: String| ReadError {
            path: path.to_string(),
            reason,
        };
        match self.entry(path) {
            Entry::File => {}
            Entry::Outside => {
                return Err(error(
                    "it is a symlink that leaves the repository".to_string(),
                ))
            }
            Entry::Dir => return Err(error("it is a folder".to_string())),
            Entry::Missing => return Err(error("no such file".to_string())),
        }
        std::fs::read(self.absolute(path)).map_err(|e| error(e.to_string()))
    }
}
