//! A `World` in, everything building one spec needs out: the org config that governs it (the
//! nearest `hbmod.toml` above the spec, read and checked once per file), the catalog it is built
//! against (the one the command was given; else the version a pin names inside the bundle the
//! org config points at, or that folder; else the catalog embedded in hbmod; each folder loaded
//! once) and its environments. Every command that builds specs (build, check, diff, publish,
//! package, plan/apply, the language server) sets up through here, over the working tree, a git
//! revision or a published bundle alike.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use crate::catalog::{Catalog, CatalogError, CatalogFile};
use crate::config::{self, OrgConfig};
use crate::diagnostic::{Code, Diagnostic};
use crate::emit::GeneratedFile;
use crate::publish::index::{self, Version};
use crate::source::{SourceFile, Span};
use crate::world::{self, Entry, ReadError, World};

/// An org config as read: the file it came from and what it says.
#[derive(Debug)]
pub struct LoadedConfig {
    /// The file, world-relative (`hbmod.toml`, `team/hbmod.toml`).
    pub path: String,
    /// Its text, for positions.
    pub source: Arc<SourceFile>,
    /// The checked config.
    pub config: OrgConfig,
}

/// Why a spec cannot be set up for building.
#[derive(Debug, Clone)]
pub enum SetupError {
    /// The org config (or its catalog pin) is wrong: diagnostics in that file. Every spec it
    /// governs gets the same error; report it once per file (`source.name()`).
    Config {
        /// The org config file.
        source: Arc<SourceFile>,
        /// Everything wrong with it.
        diagnostics: Vec<Diagnostic>,
    },
    /// The spec's own catalog pin cannot be met: a diagnostic in the spec.
    Spec(Diagnostic),
    /// A catalog folder that does not load: the platform team's to fix.
    Catalog {
        /// The folder, as named to the user.
        folder: String,
        /// Problems in its files (`HB0085`), each positioned in the module file it is about,
        /// grouped by file.
        files: Vec<FileDiagnostics>,
        /// Problems with the folder itself.
        errors: Vec<String>,
        /// How to fix it, when there is one thing to say.
        help: Option<String>,
    },
    /// A file that exists but could not be read.
    Read(ReadError),
}

impl SetupError {
    /// The key under which a caller reports this error once (the config file, the catalog
    /// folder); `None` for errors that belong to one spec.
    pub fn shared_key(&self) -> Option<&str> {
        match self {
            SetupError::Config { source, .. } => Some(source.name()),
            SetupError::Catalog { folder, .. } => Some(folder),
            SetupError::Spec(_) | SetupError::Read(_) => None,
        }
    }
}

/// Diagnostics in one file.
pub type FileDiagnostics = (Arc<SourceFile>, Vec<Diagnostic>);

/// Catalog load errors as `HB0085` diagnostics, each in its own file (named `prefix/<path>`,
/// positioned at its line when known), in file order.
pub fn catalog_diagnostics(
    errors: &[CatalogError],
    files: &[CatalogFile],
    prefix: &str,
) -> Vec<FileDiagnostics> {
    let mut out: Vec<FileDiagnostics> = Vec::new();
    for error in errors {
        let contents = files
            .iter()
            .find(|f| f.path == error.file)
            .map_or("", |f| f.contents.as_str());
        let name = world::join(prefix, &error.file);
        let position = out.iter().position(|(source, _)| source.name() == name);
        let index = match position {
            Some(index) => index,
            None => {
                out.push((Arc::new(SourceFile::new(name, contents)), Vec::new()));
                out.len() - 1
            }
        };
        let Some((source, diagnostics)) = out.get_mut(index) else {
            continue;
        };
        let span = error
            .line
            .and_then(|line| line_span(source.text(), line))
            .unwrap_or(Span::empty(0));
        let label = if error.line.is_some() {
            "here"
        } else {
            "in this file"
        };
        diagnostics.push(
            Diagnostic::error(Code::HB0085, span, error.message.clone(), label).with_help(
                "this is the catalog's to fix, not the spec's: `hbmod catalog check --catalog DIR` \
                 lists every problem"
                    .to_string(),
            ),
        );
    }
    out
}

/// The span of 1-based `line` of `text`, without its line break.
fn line_span(text: &str, line: usize) -> Option<Span> {
    let start = if line <= 1 {
        0
    } else {
        text.match_indices('\n').nth(line - 2)?.0 + 1
    };
    let rest = text.get(start..)?;
    let end = start + rest.find('\n').unwrap_or(rest.len());
    Some(Span::new(start, end))
}

/// Everything one spec is built with.
#[derive(Debug, Clone)]
pub struct Setup {
    /// The spec, world-relative.
    pub spec_path: String,
    /// Its output folder, world-relative.
    pub output_dir: String,
    /// The org config governing it, if any.
    pub config: Option<Arc<LoadedConfig>>,
    /// The catalog it is built against.
    pub catalog: Arc<Catalog>,
}

impl Setup {
    /// The environments names are generated for: the org config's, or hbmod's defaults.
    pub fn environments(&self) -> Vec<&str> {
        match &self.config {
            Some(loaded) => loaded
                .config
                .environments
                .keys()
                .map(String::as_str)
                .collect(),
            None => crate::stdlib::DEFAULT_ENVIRONMENTS.to_vec(),
        }
    }

    /// Builds the spec (`crate::build`) with this set-up, reading its folders through `world`.
    pub fn build(
        &self,
        world: &dyn World,
        source: &SourceFile,
    ) -> (Option<Vec<GeneratedFile>>, Vec<Diagnostic>) {
        self.build_against(world, source, &self.catalog)
    }

    /// Builds the spec as `build` does, handing each file to `put` as soon as it is complete
    /// and checked (`crate::build_into`): the names of the files put when the build succeeded.
    pub fn build_into(
        &self,
        world: &dyn World,
        source: &SourceFile,
        put: &(dyn Fn(GeneratedFile) + Sync),
    ) -> (Option<Vec<String>>, Vec<Diagnostic>) {
        let environments = self.environments();
        crate::build_into(
            source,
            &self.input(world, &self.catalog, &environments),
            put,
        )
    }

    /// Builds the spec as `build` does and keeps each instance file's model
    /// (`crate::build_and_read`), for callers that look into what they built.
    pub fn build_and_read(
        &self,
        world: &dyn World,
        source: &SourceFile,
    ) -> (Option<Vec<crate::Read>>, Vec<Diagnostic>) {
        let environments = self.environments();
        crate::build_and_read(source, &self.input(world, &self.catalog, &environments))
    }

    /// The build input of this set-up.
    fn input<'a>(
        &'a self,
        world: &'a dyn World,
        catalog: &'a Catalog,
        environments: &'a [&'a str],
    ) -> crate::BuildInput<'a> {
        crate::BuildInput {
            catalog,
            world,
            spec: crate::resolve::SpecContext {
                spec_path: &self.spec_path,
                output_dir: &self.output_dir,
            },
            environments,
            config: self.config.as_ref().map(|loaded| &loaded.config),
        }
    }

    /// Checks the spec (`crate::check_spec`) with this set-up: its resolved plan, for commands
    /// that act on the instances rather than on the generated Terraform (`hbmod package`).
    pub fn check(
        &self,
        world: &dyn World,
        source: &SourceFile,
    ) -> (Option<crate::ir::Plan>, Vec<Diagnostic>) {
        let environments = self.environments();
        let input = self.input(world, &self.catalog, &environments);
        crate::check_spec(source, &input)
    }

    /// Builds the spec as `build` does, reusing from `memo` the results of its previous build
    /// for instances whose inputs did not change (`crate::build_with`): an editor's re-check.
    pub fn build_with(
        &self,
        world: &dyn World,
        source: &SourceFile,
        memo: &crate::memo::Memo,
    ) -> (Option<Vec<GeneratedFile>>, Vec<Diagnostic>) {
        self.build_on(world, source, &self.catalog, Some(memo))
    }

    /// Completes a check this set-up resolved already (`crate::build_resolved`): expansion and
    /// org policies of `plan`, after its front-end `diagnostics`, reusing `memo`.
    pub fn build_resolved(
        &self,
        world: &dyn World,
        plan: &crate::ir::Plan,
        diagnostics: Vec<Diagnostic>,
        memo: &crate::memo::Memo,
    ) -> (Option<Vec<GeneratedFile>>, Vec<Diagnostic>) {
        let environments = self.environments();
        let input = self.input(world, &self.catalog, &environments);
        crate::build_resolved(plan, &input, Some(memo), diagnostics)
    }

    /// Builds the spec against another catalog (comparing two catalog versions).
    pub fn build_against(
        &self,
        world: &dyn World,
        source: &SourceFile,
        catalog: &Catalog,
    ) -> (Option<Vec<GeneratedFile>>, Vec<Diagnostic>) {
        self.build_on(world, source, catalog, None)
    }

    fn build_on(
        &self,
        world: &dyn World,
        source: &SourceFile,
        catalog: &Catalog,
        memo: Option<&crate::memo::Memo>,
    ) -> (Option<Vec<GeneratedFile>>, Vec<Diagnostic>) {
        let environments = self.environments();
        let input = self.input(world, catalog, &environments);
        crate::build_with(source, &input, memo)
    }
}

/// Which catalog specs are built against.
#[derive(Debug, Clone)]
pub enum CatalogChoice {
    /// The one given on the command line (`--catalog DIR`), for every spec.
    Given(Arc<Catalog>),
    /// The org config's (`[catalog]`), else the one embedded in hbmod.
    FromConfig,
}

type ConfigResult = Result<Option<Arc<LoadedConfig>>, SetupError>;
type CatalogResult = Result<Arc<Catalog>, SetupError>;

/// A repository (or revision, or bundle) seen through a `World`, with the org configs and
/// catalogs read so far. Shared by the threads that set up specs in parallel.
pub struct Workspace<'w> {
    world: &'w dyn World,
    choice: CatalogChoice,
    /// By config file path (`None` key: no config above that folder), by folder.
    configs: Mutex<HashMap<String, ConfigResult>>,
    /// By catalog folder (`""`: the embedded catalog).
    catalogs: Mutex<HashMap<String, CatalogResult>>,
}

impl<'w> Workspace<'w> {
    /// A workspace over `world`, building against `choice`.
    pub fn new(world: &'w dyn World, choice: CatalogChoice) -> Self {
        Workspace {
            world,
            choice,
            configs: Mutex::default(),
            catalogs: Mutex::default(),
        }
    }

    /// The world it reads.
    pub fn world(&self) -> &'w dyn World {
        self.world
    }

    /// The org config file governing `folder`: the nearest `hbmod.toml` at or above it.
    pub fn config_path(&self, folder: &str) -> Option<String> {
        let mut folder = folder;
        loop {
            let candidate = world::join(folder, config::FILE_NAME);
            if self.world.entry(&candidate) == Entry::File {
                return Some(candidate);
            }
            if folder.is_empty() {
                return None;
            }
            folder = world::parent(folder);
        }
    }

    /// The org config governing `folder`, read and checked once per file.
    pub fn config_for(&self, folder: &str) -> ConfigResult {
        let Some(path) = self.config_path(folder) else {
            return Ok(None);
        };
        if let Some(found) = lock(&self.configs).get(&path) {
            return found.clone();
        }
        let loaded = self.read_config(&path);
        lock(&self.configs).insert(path, loaded.clone());
        loaded
    }

    fn read_config(&self, path: &str) -> ConfigResult {
        let bytes = self.world.read(path).map_err(SetupError::Read)?;
        let (source, encoding_error) = crate::syntax::source_from_bytes(path, &bytes);
        let source = Arc::new(source);
        if let Some(error) = encoding_error {
            return Err(SetupError::Config {
                source,
                diagnostics: vec![error],
            });
        }
        let (parsed, diagnostics) = config::parse(&source);
        if crate::diagnostic::has_errors(&diagnostics) || parsed.is_none() {
            return Err(SetupError::Config {
                source,
                diagnostics,
            });
        }
        Ok(parsed.map(|config| {
            Arc::new(LoadedConfig {
                path: path.to_string(),
                source,
                config,
            })
        }))
    }

    /// Everything building the spec at `spec_path` (world-relative, text `source`) into
    /// `output_dir` needs.
    pub fn setup(
        &self,
        spec_path: &str,
        output_dir: &str,
        source: &SourceFile,
    ) -> Result<Setup, SetupError> {
        let config = self.config_for(world::parent(spec_path))?;
        let catalog = match &self.choice {
            CatalogChoice::Given(catalog) => Arc::clone(catalog),
            CatalogChoice::FromConfig => self.catalog_for(source, config.as_deref())?,
        };
        Ok(Setup {
            spec_path: spec_path.to_string(),
            output_dir: output_dir.to_string(),
            config,
            catalog,
        })
    }

    /// The set-up of a spec that will be built against catalogs the caller chooses
    /// (`Setup::build_against`): its org config, and the embedded catalog as `catalog`.
    pub fn setup_for_comparison(
        &self,
        spec_path: &str,
        output_dir: &str,
    ) -> Result<Setup, SetupError> {
        Ok(Setup {
            spec_path: spec_path.to_string(),
            output_dir: output_dir.to_string(),
            config: self.config_for(world::parent(spec_path))?,
            catalog: self.catalog_at("")?,
        })
    }

    /// The catalog a spec is built against when none was given: the version its header pins
    /// (`catalog = "1.4.0"`) or the org config pins (`[catalog] version`) inside the bundle
    /// `[catalog] path` names, or that folder itself, or the embedded catalog.
    fn catalog_for(&self, source: &SourceFile, config: Option<&LoadedConfig>) -> CatalogResult {
        let (file, _) = crate::syntax::parse(source);
        let spec_pin = crate::publish::spec_pin(&file).map_err(SetupError::Spec)?;
        let named = config.and_then(|loaded| {
            let relative = loaded.config.catalog.as_ref()?;
            Some((relative.clone(), loaded))
        });
        let Some((relative, loaded)) = named else {
            if let Some(pin) = spec_pin {
                return Err(SetupError::Spec(crate::publish::spec_pin_missing(
                    &pin,
                    None,
                    &[],
                )));
            }
            return self.catalog_at("");
        };
        let Some(folder) = world::resolve(world::parent(&loaded.path), &relative) else {
            return Err(SetupError::Catalog {
                folder: relative,
                files: Vec::new(),
                errors: vec![format!(
                    "{}: `[catalog] path` leaves the repository",
                    loaded.path
                )],
                help: Some(
                    "keep the catalog bundle inside the repository, e.g. `path = \"catalog\"`"
                        .to_string(),
                ),
            });
        };
        if let Some(pin) = spec_pin {
            return match pinned(self.world, &folder, &pin.version) {
                Ok(version_folder) => self.catalog_at(&version_folder),
                Err(found) => Err(SetupError::Spec(crate::publish::spec_pin_missing(
                    &pin,
                    Some(&relative),
                    &found,
                ))),
            };
        }
        match &loaded.config.catalog_version {
            None => self.catalog_at(&folder),
            Some(pin) => match pinned(self.world, &folder, &pin.version) {
                Ok(version_folder) => self.catalog_at(&version_folder),
                Err(found) => Err(SetupError::Config {
                    source: Arc::clone(&loaded.source),
                    diagnostics: vec![pin.missing(&relative, &found)],
                }),
            },
        }
    }

    /// The catalog in `folder` (`""` with no world folder: the embedded one), loaded once.
    fn catalog_at(&self, folder: &str) -> CatalogResult {
        if let Some(found) = lock(&self.catalogs).get(folder) {
            return found.clone();
        }
        let loaded = if folder.is_empty() {
            embedded()
        } else {
            load_catalog(self.world, folder).map(|(catalog, _)| Arc::new(catalog))
        };
        lock(&self.catalogs).insert(folder.to_string(), loaded.clone());
        loaded
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The catalog embedded in hbmod.
pub fn embedded() -> CatalogResult {
    // It is the same catalog every time: loaded once per process (an editor's server re-checks
    // a spec on every keystroke).
    static EMBEDDED: std::sync::OnceLock<CatalogResult> = std::sync::OnceLock::new();
    EMBEDDED.get_or_init(load_embedded).clone()
}

fn load_embedded() -> CatalogResult {
    let files = crate::catalog::embedded_files();
    Catalog::load(&files)
        .map(Arc::new)
        .map_err(|errors| SetupError::Catalog {
            folder: "the embedded catalog".to_string(),
            files: catalog_diagnostics(&errors, &files, "modules"),
            errors: Vec::new(),
            help: None,
        })
}

/// Loads the catalog in `folder` of `world` (a module folder, or one version of a published
/// bundle: `index.json` beside `modules/`), keeping its files for publishing and checking.
pub fn load_catalog(
    world: &dyn World,
    folder: &str,
) -> Result<(Catalog, Vec<CatalogFile>), SetupError> {
    let shown = if folder.is_empty() { "." } else { folder };
    let held = versions(world, folder);
    if !held.is_empty() && world.entry(&world::join(folder, "index.json")) != Entry::File {
        let names: Vec<String> = held.iter().map(|(v, _)| v.to_string()).collect();
        return Err(SetupError::Catalog {
            folder: shown.to_string(),
            files: Vec::new(),
            errors: vec![format!(
                "{shown} is a catalog bundle holding versions {}; name one version's folder",
                names.join(", ")
            )],
            help: held
                .last()
                .map(|(_, latest)| format!("for the newest, use {latest}")),
        });
    }
    let modules = modules_folder(world, folder);
    let files = read_catalog_files(world, &modules).map_err(SetupError::Read)?;
    match Catalog::load(&files) {
        Ok(catalog) => Ok((catalog, files)),
        Err(errors) => Err(SetupError::Catalog {
            folder: shown.to_string(),
            files: catalog_diagnostics(&errors, &files, &modules),
            errors: Vec::new(),
            help: None,
        }),
    }
}

/// The module folder of a catalog folder: `folder/modules` for a published version, else itself.
pub fn modules_folder(world: &dyn World, folder: &str) -> String {
    if world.entry(&world::join(folder, "index.json")) == Entry::File
        && world.entry(&world::join(folder, "modules")) == Entry::Dir
    {
        world::join(folder, "modules")
    } else {
        folder.to_string()
    }
}

/// The published versions below a bundle folder (subfolders with an `index.json`), ascending,
/// with their folders.
pub fn versions(world: &dyn World, bundle: &str) -> Vec<(Version, String)> {
    let mut out: Vec<(Version, String)> = world
        .list(bundle)
        .into_iter()
        .filter(|(_, entry)| *entry == Entry::Dir)
        .filter_map(|(name, _)| {
            let version = Version::parse(&name)?;
            let folder = world::join(bundle, &name);
            (world.entry(&world::join(&folder, "index.json")) == Entry::File)
                .then_some((version, folder))
        })
        .collect();
    out.sort();
    out
}

/// Why a version folder's `index.json` could not be read.
#[derive(Debug, thiserror::Error)]
pub enum IndexReadError {
    /// The file is missing or unreadable.
    #[error("{0}")]
    Read(world::ReadError),
    /// The file is not UTF-8.
    #[error("{0} is not UTF-8")]
    Encoding(String),
    /// The file is not an index this hbmod reads.
    #[error("{path}: {error}")]
    Invalid {
        /// The file.
        path: String,
        /// What is wrong with it.
        error: index::IndexError,
    },
}

/// The `index.json` of a published version folder.
pub fn read_index(world: &dyn World, version_folder: &str) -> Result<index::Index, IndexReadError> {
    let path = world::join(version_folder, "index.json");
    let bytes = world.read(&path).map_err(IndexReadError::Read)?;
    let text = String::from_utf8(bytes).map_err(|_| IndexReadError::Encoding(path.clone()))?;
    index::parse(&text).map_err(|error| IndexReadError::Invalid { path, error })
}

/// The folder holding version `version` of the bundle at `folder`: `folder/<version>`, or
/// `folder` itself when it is that version. `Err` lists the versions the folder holds.
pub fn pinned(world: &dyn World, folder: &str, version: &str) -> Result<String, Vec<String>> {
    for candidate in [world::join(folder, version), folder.to_string()] {
        if let Ok(index) = read_index(world, &candidate) {
            if index.version == version {
                return Ok(candidate);
            }
        }
    }
    let mut found: Vec<String> = versions(world, folder)
        .into_iter()
        .map(|(v, _)| v.to_string())
        .collect();
    if let Ok(index) = read_index(world, folder) {
        found.push(index.version);
    }
    Err(found)
}

/// Every interface, template, README and example of the modules in `dir`
/// (`<module>/module.toml`, `<module>/*.tf.tera`, `<module>/README.md`,
/// `<module>/examples/*.hb`), sorted by path.
fn read_catalog_files(world: &dyn World, dir: &str) -> Result<Vec<CatalogFile>, ReadError> {
    let mut files = Vec::new();
    let mut read = |path: String, name: String| -> Result<(), ReadError> {
        let bytes = world.read(&path)?;
        let contents = String::from_utf8(bytes).map_err(|_| ReadError {
            path: path.clone(),
            reason: "not UTF-8 text".to_string(),
        })?;
        files.push(CatalogFile {
            path: name,
            contents,
        });
        Ok(())
    };
    for (module, entry) in world.list(dir) {
        if entry != Entry::Dir {
            continue;
        }
        let module_dir = world::join(dir, &module);
        let examples = world::join(&module_dir, "examples");
        for (name, entry) in world.list(&examples) {
            if entry == Entry::File && name.ends_with(".hb") {
                read(
                    world::join(&examples, &name),
                    format!("{module}/examples/{name}"),
                )?;
            }
        }
        for (name, entry) in world.list(&module_dir) {
            if entry == Entry::File
                && (name == "module.toml" || name.ends_with(".tf.tera") || name == "README.md")
            {
                read(world::join(&module_dir, &name), format!("{module}/{name}"))?;
            }
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::world::MemoryWorld;

    const CONFIG: &str = "org = \"acme\"\n\n[environments.playground]\naccount_id = \"111111111111\"\nregion = \"eu-west-1\"\n";

    #[test]
    fn the_nearest_config_governs_and_is_read_once() {
        let world = MemoryWorld::default()
            .with_file("hbmod.toml", CONFIG)
            .with_file("services/web/site.hb", "");
        let workspace = Workspace::new(&world, CatalogChoice::FromConfig);
        let first = workspace.config_for("services/web");
        let second = workspace.config_for("services");
        let (Ok(Some(first)), Ok(Some(second))) = (first, second) else {
            unreachable!("the config parses");
        };
        assert!(Arc::ptr_eq(&first, &second));
        assert_eq!(first.path, "hbmod.toml");
    }

    #[test]
    fn a_broken_config_is_one_error_keyed_by_its_file() {
        let world = MemoryWorld::default().with_file("hbmod.toml", "org = 3\n");
        let workspace = Workspace::new(&world, CatalogChoice::FromConfig);
        let source = SourceFile::new("a/s.hb", "service s < team = \"t\" >\n");
        let Err(error) = workspace.setup("a/s.hb", "a/terraform", &source) else {
            unreachable!("the config is broken");
        };
        assert_eq!(error.shared_key(), Some("hbmod.toml"));
    }

    #[test]
    fn a_spec_pin_without_a_bundle_is_the_specs_error() {
        let world = MemoryWorld::default().with_file("hbmod.toml", CONFIG);
        let workspace = Workspace::new(&world, CatalogChoice::FromConfig);
        let source = SourceFile::new(
            "s.hb",
            "service s < team = \"t\", owner = \"t@example.com\", catalog = \"1.0.0\" >\n",
        );
        let result = workspace.setup("s.hb", "terraform", &source);
        assert!(matches!(result, Err(SetupError::Spec(_))), "{result:?}");
    }

    #[test]
    fn a_broken_catalog_module_is_a_positioned_diagnostic_in_its_file() {
        let mut world = MemoryWorld::default();
        for file in crate::catalog::embedded_files() {
            let contents = if file.path == "queue/module.toml" {
                file.contents.replacen("[params.", "[parms.", 1)
            } else {
                file.contents
            };
            world = world.with_file(&format!("cat/{}", file.path), contents);
        }
        let Err(SetupError::Catalog { files, .. }) = load_catalog(&world, "cat") else {
            unreachable!("the queue module is broken");
        };
        let Some((source, diagnostics)) = files.first() else {
            unreachable!("one file has errors");
        };
        assert_eq!(source.name(), "cat/queue/module.toml");
        let Some(first) = diagnostics.first() else {
            unreachable!("it has a diagnostic");
        };
        assert_eq!(first.code, Code::HB0085);
        let span = first.labels.first().map(|label| label.span);
        assert!(
            span.is_some_and(|span| source.slice(span).contains("parms")),
            "{first:?}"
        );
    }

    #[test]
    fn a_catalog_folder_loads_through_the_world() {
        let mut world = MemoryWorld::default().with_file(
            "hbmod.toml",
            &format!("{CONFIG}\n[catalog]\npath = \"cat\"\n")[..],
        );
        for file in crate::catalog::embedded_files() {
            world = world.with_file(&format!("cat/{}", file.path), file.contents);
        }
        let workspace = Workspace::new(&world, CatalogChoice::FromConfig);
        let source = SourceFile::new("svc/s.hb", "");
        let setup = workspace.setup("svc/s.hb", "svc/terraform", &source);
        let Ok(setup) = setup else {
            unreachable!("the catalog loads: {setup:?}");
        };
        assert!(setup.catalog.module("spa").is_some());
        assert_eq!(setup.environments(), vec!["playground"]);
    }
}
