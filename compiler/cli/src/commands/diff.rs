//! `hbmod diff [--base REV] [PATH...]`: the specs at REV (read through git, no checkout) and in
//! the working tree in, both compiled, what changes per spec and instance out (resources,
//! attributes, replacements, IAM widening, rename hints, the HCL diff) as text, Markdown for a
//! pull-request comment, or JSON.

use std::path::{Path, PathBuf};
use std::process::Command;

use hbmod::catalog::Catalog;
use hbmod::diagnostic::{self, render};
use hbmod::diff::{self, Version};
use hbmod::emit::GeneratedFile;
use hbmod::resolve::SpecContext;
use hbmod::world::{Entry, MemoryWorld};
use hbmod::SourceFile;

use crate::commands::build::{environment_names, locate, OUTPUT_FOLDER};
use crate::{catalog, files, Outcome};

/// How to print the result.
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Format {
    /// For a terminal.
    Human,
    /// A pull-request comment: summary first, details collapsed, under 65,536 characters.
    Markdown,
    /// The report as JSON (see docs/diff.md).
    Json,
}

/// Arguments of `hbmod diff`.
#[derive(clap::Args)]
pub struct Args {
    /// Spec files, or folders to search for `*.hb` files (default: the current folder).
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,
    /// The git revision to compare with (a branch, tag or commit).
    #[arg(long, default_value = "HEAD")]
    base: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// A catalog folder to use instead of the one built into hbmod (for both sides).
    #[arg(long)]
    catalog: Option<PathBuf>,
}

/// Runs git in `dir`; its stdout, or a message.
fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, String> {
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

/// The base revision's files, read through git.
struct BaseTree {
    root: PathBuf,
    commit: String,
    /// Every path (blobs and symlinks), repository-relative.
    world: MemoryWorld,
    paths: Vec<String>,
}

impl BaseTree {
    fn open(root: &Path, rev: &str) -> Result<BaseTree, String> {
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
        let mut files = Vec::new();
        let mut links = Vec::new();
        for entry in listing.split(|b| *b == 0).filter(|e| !e.is_empty()) {
            let entry = String::from_utf8_lossy(entry);
            let Some((meta, path)) = entry.split_once('\t') else {
                continue;
            };
            match meta.split(' ').next() {
                Some("120000") => links.push(path.to_string()),
                Some("160000") => {}
                _ => files.push(path.to_string()),
            }
        }
        let refs: Vec<&str> = files.iter().map(String::as_str).collect();
        let mut world = MemoryWorld::with_files(&refs);
        // A symlink's target is not followed in the base tree: it counts as leaving it.
        for link in &links {
            world = world.with_outside_link(link);
        }
        files.extend(links);
        files.sort();
        Ok(BaseTree {
            root: root.to_path_buf(),
            commit,
            world,
            paths: files,
        })
    }

    fn read_bytes(&self, path: &str) -> Result<Vec<u8>, String> {
        git(
            &self.root,
            &["cat-file", "blob", &format!("{}:{path}", self.commit)],
        )
    }

    fn read(&self, path: &str) -> Result<String, String> {
        String::from_utf8(self.read_bytes(path)?)
            .map_err(|_| format!("{path} at the base revision is not UTF-8"))
    }
}

/// Compares every spec under the paths at `--base` and in the working tree.
pub fn run(args: &Args, _color: bool) -> Outcome {
    let cwd = std::env::current_dir().unwrap_or_default();
    let first = args
        .paths
        .first()
        .cloned()
        .unwrap_or_else(|| PathBuf::from("."));
    let probe = if first.is_dir() {
        first.clone()
    } else {
        first.parent().map_or(cwd.clone(), Path::to_path_buf)
    };
    let probe = if probe.as_os_str().is_empty() {
        cwd.clone()
    } else {
        probe
    };
    let root = match git(&probe, &["rev-parse", "--show-toplevel"]) {
        Ok(out) => PathBuf::from(String::from_utf8_lossy(&out).trim()),
        Err(message) => {
            eprintln!("error: hbmod diff needs a git repository: {message}");
            return Outcome::Failure;
        }
    };
    let root = root.canonicalize().unwrap_or(root);
    let base = match BaseTree::open(&root, &args.base) {
        Ok(base) => base,
        Err(message) => {
            eprintln!("error: {message}");
            eprintln!("help: name a branch, tag or commit: `hbmod diff --base main`");
            return Outcome::Failure;
        }
    };
    let Some(catalog) = catalog::load(args.catalog.as_deref()) else {
        return Outcome::Failure;
    };

    // Specs on either side, by repository-relative path.
    let mut specs: std::collections::BTreeMap<String, Option<PathBuf>> = Default::default();
    for path in &args.paths {
        let found = match files::expand(std::slice::from_ref(path)) {
            Ok(found) => found,
            Err(_) if path.is_dir() || !path.exists() => Vec::new(),
            Err(message) => {
                eprintln!("error: {message}");
                return Outcome::Failure;
            }
        };
        for spec in found.into_iter().filter(|p| p.exists()) {
            let Some(relative) = spec
                .canonicalize()
                .ok()
                .and_then(|c| relative_to(&root, &c))
            else {
                eprintln!(
                    "error: {} is outside the repository at {}",
                    spec.display(),
                    root.display()
                );
                return Outcome::Failure;
            };
            specs.insert(relative, Some(spec));
        }
        let prefix = absolute(&cwd, path)
            .and_then(|p| relative_to(&root, &p))
            .unwrap_or_default();
        for candidate in base.paths.iter().filter(|p| p.ends_with(".hb")) {
            let inside = prefix.is_empty()
                || candidate == &prefix
                || candidate.starts_with(&format!("{prefix}/"));
            let hidden = candidate
                .split('/')
                .rev()
                .skip(1)
                .any(|part| part.starts_with('.') || part == "target");
            if inside && !hidden {
                specs.entry(candidate.clone()).or_insert(None);
            }
        }
    }

    // Specs are independent: compare them on all cores, then report in path order.
    let specs: Vec<(&String, &Option<PathBuf>)> = specs.iter().collect();
    let workers = std::thread::available_parallelism()
        .map_or(1, std::num::NonZeroUsize::get)
        .min(specs.len().max(1));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let catalog_given = args.catalog.is_some();
    let mut done: Vec<(usize, Result<diff::SpecDiff, String>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let index = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some((relative, working)) = specs.get(index) else {
                            break;
                        };
                        let result = compare_one(
                            relative,
                            working.as_deref(),
                            &base,
                            &catalog,
                            catalog_given,
                        );
                        done.push((index, result));
                    }
                    done
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    });
    if done.len() != specs.len() {
        eprintln!("error: an internal error stopped a diff worker; this is a bug in hbmod, please report it");
        return Outcome::Failure;
    }
    done.sort_by_key(|(index, _)| *index);
    let mut results = Vec::new();
    for (_, result) in done {
        match result {
            Ok(diff) => results.push(diff),
            Err(message) => {
                eprintln!("error: {message}");
                return Outcome::Failure;
            }
        }
    }
    let report = diff::report(&args.base, "working tree", results);
    let text = match args.format {
        Format::Human => diff::render::human(&report),
        Format::Markdown => diff::render::markdown(&report),
        Format::Json => diff::render::json(&report),
    };
    print!("{text}");
    if report.specs.is_empty() {
        Outcome::Clean
    } else {
        Outcome::Findings
    }
}

/// One spec compared: both sides compiled (a side that does not build is reported, not an
/// error); `Err` for a file that cannot be read.
fn compare_one(
    relative: &str,
    working: Option<&Path>,
    base: &BaseTree,
    catalog: &Catalog,
    catalog_given: bool,
) -> Result<diff::SpecDiff, String> {
    let output_dir = match relative.rsplit_once('/') {
        Some((dir, _)) => format!("{dir}/{OUTPUT_FOLDER}"),
        None => OUTPUT_FOLDER.to_string(),
    };
    let head = match working {
        Some(path) => match compile_working(path, catalog, catalog_given) {
            Ok(built) => Some(built),
            Err(message) if message.starts_with("io:") => {
                return Err(message.trim_start_matches("io:").to_string())
            }
            Err(message) => Some((
                std::fs::read_to_string(path).unwrap_or_default(),
                Err(message),
            )),
        },
        None => None,
    };
    let old = if base
        .paths
        .binary_search_by(|p| p.as_str().cmp(relative))
        .is_ok()
    {
        let bytes = base.read_bytes(relative)?;
        Some(match String::from_utf8(bytes) {
            Ok(text) => {
                let result = compile_base(base, relative, &output_dir, &text, catalog);
                (text, result)
            }
            Err(e) => (
                String::from_utf8_lossy(e.as_bytes()).into_owned(),
                Err(format!("{relative} is not UTF-8 text")),
            ),
        })
    } else {
        None
    };
    let (old_v, new_v) = (as_version(&old), as_version(&head));
    Ok(diff::compare(
        relative,
        &output_dir,
        old_v.as_ref(),
        new_v.as_ref(),
        catalog,
    ))
}

fn as_version(side: &Option<Built>) -> Option<Version<'_>> {
    side.as_ref().map(|(text, result)| Version {
        spec_text: text,
        result: result.as_deref().map_err(Clone::clone),
    })
}

fn absolute(cwd: &Path, path: &Path) -> Option<PathBuf> {
    let full = if path.is_absolute() {
        path.to_path_buf()
    } else {
        cwd.join(path)
    };
    match full.canonicalize() {
        Ok(c) => Some(c),
        Err(_) => Some(full),
    }
}

fn relative_to(root: &Path, path: &Path) -> Option<String> {
    let rest = path.strip_prefix(root).ok()?;
    Some(
        rest.components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/"),
    )
}

type Built = (String, Result<Vec<GeneratedFile>, String>);

/// The working tree's version of a spec, built as `hbmod build` would (without writing).
fn compile_working(path: &Path, catalog: &Catalog, catalog_given: bool) -> Result<Built, String> {
    let loaded = files::load(path).map_err(|m| format!("io:{m}"))?;
    let text = loaded.source.text().to_string();
    if let Some(error) = loaded.encoding_error {
        return Ok((text, Err(render::human(&loaded.source, &[error], false))));
    }
    let (repo, spec_path, output_dir, _) = locate(path, None).map_err(|m| format!("io:{m}"))?;
    let config = match crate::config::for_spec(path, &repo, false) {
        Ok(config) => config,
        Err(rendered) => return Ok((text, Err(rendered))),
    };
    let own;
    let folder = if catalog_given {
        None
    } else {
        match crate::config::catalog_folder(path, &loaded.source, &repo, config.as_ref(), false) {
            Ok(folder) => folder,
            Err(crate::config::PinError::Config(rendered)) => return Ok((text, Err(rendered))),
            Err(crate::config::PinError::Spec(diagnostic)) => {
                return Ok((
                    text,
                    Err(render::human(&loaded.source, &[diagnostic], false)),
                ));
            }
        }
    };
    let catalog = match folder {
        Some(folder) if !catalog_given => {
            own = crate::catalog::load(Some(&folder))
                .ok_or("io:the org config's catalog does not load")?;
            &own
        }
        _ => catalog,
    };
    let environments = environment_names(config.as_ref());
    let input = hbmod::BuildInput {
        catalog,
        world: &repo,
        spec: SpecContext {
            spec_path: &spec_path,
            output_dir: &output_dir,
        },
        environments: &environments,
        config: config.as_ref(),
    };
    Ok((text, build(&loaded.source, &input)))
}

fn build(source: &SourceFile, input: &hbmod::BuildInput<'_>) -> Result<Vec<GeneratedFile>, String> {
    let (generated, diagnostics) = hbmod::build(source, input);
    match generated {
        Some(files) if !diagnostic::has_errors(&diagnostics) => Ok(files),
        _ => Err(render::human(source, &diagnostics, false)),
    }
}

/// The base revision's version of a spec, with the org config and folders of that revision.
/// (A catalog folder named by the org config is read from the working tree.)
fn compile_base(
    base: &BaseTree,
    spec_path: &str,
    output_dir: &str,
    text: &str,
    catalog: &Catalog,
) -> Result<Vec<GeneratedFile>, String> {
    let source = SourceFile::new(spec_path, text);
    let mut folder = spec_path
        .rsplit_once('/')
        .map_or("", |(dir, _)| dir)
        .to_string();
    let config_path = loop {
        let candidate = if folder.is_empty() {
            hbmod::config::FILE_NAME.to_string()
        } else {
            format!("{folder}/{}", hbmod::config::FILE_NAME)
        };
        if base.world_entry(&candidate) == Entry::File {
            break Some(candidate);
        }
        if folder.is_empty() {
            break None;
        }
        folder = folder
            .rsplit_once('/')
            .map_or("", |(dir, _)| dir)
            .to_string();
    };
    let config = match &config_path {
        Some(path) => {
            let config_text = base.read(path)?;
            let config_source = SourceFile::new(path.clone(), config_text);
            let (parsed, diagnostics) = hbmod::config::parse(&config_source);
            if !diagnostics.is_empty() {
                return Err(render::human(&config_source, &diagnostics, false));
            }
            parsed
        }
        None => None,
    };
    let own;
    let catalog = match (
        config.as_ref().and_then(|c| c.catalog.clone()),
        &config_path,
    ) {
        (Some(relative), Some(path)) => {
            let dir = path.rsplit_once('/').map_or("", |(d, _)| d);
            let folder = base.root.join(dir).join(relative);
            own = crate::catalog::load(Some(&folder))
                .ok_or_else(|| format!("the catalog {} does not load", folder.display()))?;
            &own
        }
        _ => catalog,
    };
    let environments = environment_names(config.as_ref());
    let input = hbmod::BuildInput {
        catalog,
        world: &base.world,
        spec: SpecContext {
            spec_path,
            output_dir,
        },
        environments: &environments,
        config: config.as_ref(),
    };
    build(&source, &input)
}

impl BaseTree {
    fn world_entry(&self, path: &str) -> Entry {
        hbmod::world::World::entry(&self.world, path)
    }
}
