//! A git revision of a repository in, a `World` over its files out: the tree listed once with
//! `git ls-tree`, file contents read on demand through one long-lived `git cat-file --batch`
//! process (not one `git` per file). Symlinks are not followed: they count as leaving the tree.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::Mutex;

use hbmod::world::{listing, Entry, ReadError, World};

/// Runs git in `dir`; its stdout, or a message.
pub fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "git {} failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    Ok(output.stdout)
}

/// One revision's files.
pub struct GitWorld {
    /// The repository's root on disk.
    pub root: PathBuf,
    /// The commit, as a full hash.
    pub commit: String,
    /// Every path (blobs as `File`, symlinks as `Outside`), repository-relative, sorted.
    entries: BTreeMap<String, Entry>,
    /// The `cat-file --batch` process, started on the first read.
    reader: Mutex<Option<Batch>>,
}

struct Batch {
    child: Child,
    input: ChildStdin,
    output: BufReader<ChildStdout>,
}

impl GitWorld {
    /// The tree of revision `rev` of the repository at `root`.
    pub fn open(root: &Path, rev: &str) -> Result<GitWorld, String> {
        let commit = git(
            root,
            &[
                "rev-parse",
                "--verify",
                "--quiet",
                &format!("{rev}^{{commit}}"),
            ],
        )
        .map_err(|_| {
            format!(
                "`{rev}` is not a commit of the repository at {}",
                root.display()
            )
        })?;
        let commit = String::from_utf8_lossy(&commit).trim().to_string();
        let listing = git(root, &["ls-tree", "-r", "-z", "--full-tree", &commit])?;
        let mut entries = BTreeMap::new();
        for entry in listing.split(|b| *b == 0).filter(|e| !e.is_empty()) {
            let entry = String::from_utf8_lossy(entry);
            let Some((meta, path)) = entry.split_once('\t') else {
                continue;
            };
            match meta.split(' ').next() {
                Some("120000") => {
                    entries.insert(path.to_string(), Entry::Outside);
                }
                Some("160000") => {}
                _ => {
                    entries.insert(path.to_string(), Entry::File);
                }
            }
        }
        Ok(GitWorld {
            root: root.to_path_buf(),
            commit,
            entries,
            reader: Mutex::new(None),
        })
    }

    /// Every path of the revision (files and symlinks), sorted.
    pub fn paths(&self) -> impl Iterator<Item = &String> {
        self.entries.keys()
    }

    /// Whether the revision holds a file or symlink at `path`.
    pub fn contains(&self, path: &str) -> bool {
        self.entries.contains_key(path)
    }

    fn start(&self) -> std::io::Result<Batch> {
        let mut child = Command::new("git")
            .arg("-C")
            .arg(&self.root)
            .args(["cat-file", "--batch"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()?;
        let input = child
            .stdin
            .take()
            .ok_or_else(|| std::io::Error::other("git cat-file has no stdin"))?;
        let output = child
            .stdout
            .take()
            .ok_or_else(|| std::io::Error::other("git cat-file has no stdout"))?;
        Ok(Batch {
            child,
            input,
            output: BufReader::new(output),
        })
    }

    fn read_blob(&self, path: &str) -> std::io::Result<Vec<u8>> {
        let mut guard = self
            .reader
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if guard.is_none() {
            *guard = Some(self.start()?);
        }
        let Some(batch) = guard.as_mut() else {
            return Err(std::io::Error::other("git cat-file did not start"));
        };
        writeln!(batch.input, "{}:{path}", self.commit)?;
        batch.input.flush()?;
        let mut header = String::new();
        batch.output.read_line(&mut header)?;
        // `<hash> blob <size>`, or `<name> missing`.
        let mut parts = header.split_whitespace();
        let (Some(_), Some("blob"), Some(size)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(std::io::Error::other(format!(
                "git cat-file: {}",
                header.trim()
            )));
        };
        let size: usize = size
            .parse()
            .map_err(|_| std::io::Error::other("git cat-file: bad size"))?;
        let mut bytes = vec![0; size];
        batch.output.read_exact(&mut bytes)?;
        let mut newline = [0u8; 1];
        batch.output.read_exact(&mut newline)?;
        Ok(bytes)
    }
}

impl Drop for GitWorld {
    fn drop(&mut self) {
        let reader = self
            .reader
            .get_mut()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(mut batch) = reader.take() {
            drop(batch.input);
            let _ = batch.child.wait();
        }
    }
}

impl World for GitWorld {
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
        let error = |reason: String| ReadError {
            path: path.to_string(),
            reason,
        };
        match self.entries.get(path) {
            Some(Entry::File) => self.read_blob(path).map_err(|e| error(e.to_string())),
            Some(_) => Err(error("it is a symlink".to_string())),
            None => Err(error(format!("no such file at {}", self.commit))),
        }
    }
}
