//! What the library may ask of the file system, as a trait: repository-relative paths in, what
//! is there out. The `hbmod` binary implements it over real files; tests use `MemoryWorld`.

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
    /// A symlink whose target is outside the repository.
    Outside,
}

/// The file system as the library sees it: read-only, rooted at the repository.
pub trait World {
    /// What is at `path` (repository-relative, `/`-separated, without `.` or `..`).
    fn entry(&self, path: &str) -> Entry;
    /// Every file below folder `dir`, recursively, as repository-relative paths in sorted
    /// order, with symlinks that leave the repository as `Outside`.
    fn files(&self, dir: &str) -> Vec<(String, Entry)>;
}

/// An in-memory world for tests: paths of files (and symlinks leaving the repository).
#[derive(Debug, Clone, Default)]
pub struct MemoryWorld {
    entries: BTreeMap<String, Entry>,
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

    /// Adds a symlink at `path` whose target leaves the repository.
    pub fn with_outside_link(mut self, path: &str) -> Self {
        self.entries.insert(path.to_string(), Entry::Outside);
        self
    }
}

impl World for MemoryWorld {
    fn entry(&self, path: &str) -> Entry {
        if let Some(entry) = self.entries.get(path) {
            return *entry;
        }
        let prefix = format!("{path}/");
        if path.is_empty() || self.entries.keys().any(|k| k.starts_with(&prefix)) {
            Entry::Dir
        } else {
            Entry::Missing
        }
    }

    fn files(&self, dir: &str) -> Vec<(String, Entry)> {
        let prefix = if dir.is_empty() {
            String::new()
        } else {
            format!("{dir}/")
        };
        self.entries
            .iter()
            .filter(|(k, _)| k.starts_with(&prefix))
            .map(|(k, v)| (k.clone(), *v))
            .collect()
    }
}
