//! What the library may ask of a file tree, as a trait: repository-relative paths in, what is
//! there (and what a file holds) out. The `hbmod` binary implements it over the working tree, a
//! git revision and a catalog folder; tests use `MemoryWorld`.

use std::collections::BTreeMap;

/// What a repository-relative path names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Entry {
    /// Nothing.
    Missing,
    /// A regular file (or a symlink to one inside the repository).
    File,
    /// A folder (or a symlink to one inside the repository).
    Dir,
    /// A symlink whose target is outside the repository; from `World::files`, a symlink that
    /// leaves the folder listed, points to a folder above itself (a loop) or to nothing.
    Outside,
}

/// A file that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    /// The path asked for (relative to the world's root).
    pub path: String,
    /// Why it could not be read, in words.
    pub reason: String,
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "cannot read {}: {}", self.path, self.reason)
    }
}

impl std::error::Error for ReadError {}

/// The file system as the library sees it: read-only, rooted at the repository. Shared by the
/// threads that build specs in parallel, hence `Sync`.
pub trait World: Sync {
    /// What is at `path` (repository-relative, `/`-separated, without `.` or `..`).
    fn entry(&self, path: &str) -> Entry;
    /// Every file below folder `dir`, recursively, as repository-relative paths in sorted
    /// order. Symlinks are judged against `dir` itself, because tools that upload the folder
    /// follow them: one that leaves `dir`, points at a folder above itself (a loop) or at
    /// nothing is `Outside` and not followed; one to a file or folder inside `dir` is followed.
    fn files(&self, dir: &str) -> Vec<(String, Entry)>;
    /// `files(dir)` without anything inside a folder named `skip` below `dir` (at any depth):
    /// for folders whose dependencies another step reads (a packaged function's
    /// `node_modules`), so that checking a spec does not walk them.
    fn files_without(&self, dir: &str, skip: &str) -> Vec<(String, Entry)> {
        let below = if dir.is_empty() {
            String::new()
        } else {
            format!("{dir}/")
        };
        self.files(dir)
            .into_iter()
            .filter(|(path, _)| {
                let inner = path.strip_prefix(&below).unwrap_or(path);
                // The last part is the file itself; only folders on the way are skipped.
                let mut folders = inner.split('/').rev().skip(1);
                !folders.any(|part| part == skip)
            })
            .collect()
    }
    /// The entries directly inside folder `dir` as (name, entry), sorted by name; empty when
    /// `dir` is not a folder.
    fn list(&self, dir: &str) -> Vec<(String, Entry)>;
    /// The bytes of the file at `path`.
    fn read(&self, path: &str) -> Result<Vec<u8>, ReadError>;
}

/// `folder/name`, or `name` at the root.
pub fn join(folder: &str, name: &str) -> String {
    if folder.is_empty() {
        name.to_string()
    } else {
        format!("{folder}/{name}")
    }
}

/// The folder holding `path` (`""` for the root).
pub fn parent(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(dir, _)| dir)
}

/// `relative` (which may hold `.` and `..`) joined to `folder`, resolved lexically; `None`
/// when it climbs above the root or is absolute.
pub fn resolve(folder: &str, relative: &str) -> Option<String> {
    if relative.starts_with('/') {
        return None;
    }
    let mut parts: Vec<&str> = folder.split('/').filter(|p| !p.is_empty()).collect();
    for part in relative.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    Some(parts.join("/"))
}

/// An in-memory world for tests: paths of files (and symlinks leaving the repository).
#[derive(Debug, Clone, Default)]
pub struct MemoryWorld {
    entries: BTreeMap<String, Entry>,
    contents: BTreeMap<String, Vec<u8>>,
}

impl MemoryWorld {
    /// A world holding `files` (repository-relative paths).
    pub fn with_files(files: &[&str]) -> Self {
        let mut world = MemoryWorld::default();
        for file in files {
            world.entries.insert((*file).to_string(), Entry::File);
        }
        world
    }

    /// Adds a file at `path` holding `contents`.
    pub fn with_file(mut self, path: &str, contents: impl Into<Vec<u8>>) -> Self {
        self.entries.insert(path.to_string(), Entry::File);
        self.contents.insert(path.to_string(), contents.into());
        self
    }

    /// Adds a symlink at `path` whose target leaves the repository.
    pub fn with_outside_link(mut self, path: &str) -> Self {
        self.entries.insert(path.to_string(), Entry::Outside);
        self
    }
}

/// A file tree held as a sorted map of paths (files, and symlinks as `Outside`), with the
/// `World` queries over it: shared by `MemoryWorld` and the binary's git-revision world.
pub mod listing {
    use std::collections::BTreeMap;

    use super::Entry;

    fn prefix(dir: &str) -> String {
        if dir.is_empty() {
            String::new()
        } else {
            format!("{dir}/")
        }
    }

    /// What `path` names: a listed entry, a folder when something lies below it, or nothing.
    pub fn entry(entries: &BTreeMap<String, Entry>, path: &str) -> Entry {
        if let Some(entry) = entries.get(path) {
            return *entry;
        }
        let below = prefix(path);
        let any = entries
            .range(below.clone()..)
            .next()
            .is_some_and(|(k, _)| k.starts_with(&below));
        if path.is_empty() || any {
            Entry::Dir
        } else {
            Entry::Missing
        }
    }

    /// Every entry below `dir`, recursively, sorted.
    pub fn files(entries: &BTreeMap<String, Entry>, dir: &str) -> Vec<(String, Entry)> {
        let below = prefix(dir);
        entries
            .range(below.clone()..)
            .take_while(|(k, _)| k.starts_with(&below))
            .map(|(k, v)| (k.clone(), *v))
            .collect()
    }

    /// The entries directly inside `dir` (folders once each), sorted by name.
    pub fn children(entries: &BTreeMap<String, Entry>, dir: &str) -> Vec<(String, Entry)> {
        let below = prefix(dir);
        let mut out: Vec<(String, Entry)> = Vec::new();
        for (path, entry) in entries
            .range(below.clone()..)
            .take_while(|(k, _)| k.starts_with(&below))
        {
            let rest = path.get(below.len()..).unwrap_or_default();
            let item = match rest.split_once('/') {
                Some((name, _)) => (name.to_string(), Entry::Dir),
                None => (rest.to_string(), *entry),
            };
            if out.last() != Some(&item) {
                out.push(item);
            }
        }
        out
    }
}

impl World for MemoryWorld {
    fn entry(&self, path: &str) -> Entry {
        listing::entry(&self.entries, path)
    }

    fn files(&self, dir: &str) -> Vec<(String, Entry)> {
        listing::files(&self.entries, dir)
    }

    fn list(&self, dir: &str) -> Vec<(String, Entry)> {
        listing::children(&self.entries, dir)
    }

    fn read(&self, path: &str) -> Result<Vec<u8>, ReadError> {
        match self.contents.get(path) {
            Some(bytes) => Ok(bytes.clone()),
            None if self.entries.contains_key(path) => Ok(Vec::new()),
            None => Err(ReadError {
                path: path.to_string(),
                reason: "no such file".to_string(),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolve_stays_inside_the_root() {
        assert_eq!(resolve("a/b", "../c").as_deref(), Some("a/c"));
        assert_eq!(resolve("a", "./x/./y").as_deref(), Some("a/x/y"));
        assert_eq!(resolve("a", "../.."), None);
        assert_eq!(resolve("", "/etc"), None);
    }

    #[test]
    fn files_without_skips_folders_of_that_name_at_any_depth() {
        let world = MemoryWorld::with_files(&[
            "src/index.mjs",
            "src/node_modules/a/index.js",
            "src/lib/node_modules/b/index.js",
            "src/node_modules.txt",
        ])
        .with_outside_link("src/node_modules/.pnpm/link");
        let names: Vec<String> = world
            .files_without("src", "node_modules")
            .into_iter()
            .map(|(path, _)| path)
            .collect();
        assert_eq!(names, ["src/index.mjs", "src/node_modules.txt"]);
    }

    #[test]
    fn memory_world_lists_children_once() {
        let world = MemoryWorld::default()
            .with_file("m/a/module.toml", "x")
            .with_file("m/a/t.tf.tera", "y")
            .with_file("m/b.txt", "z");
        assert_eq!(
            world.list("m"),
            vec![
                ("a".to_string(), Entry::Dir),
                ("b.txt".to_string(), Entry::File)
            ]
        );
        assert_eq!(world.read("m/b.txt"), Ok(b"z".to_vec()));
        assert!(world.read("m/c").is_err());
    }
}
