//! `hbmod catalog check`, `hbmod catalog publish --out DIR` and `hbmod catalog diff --from OLD
//! --to NEW`: a catalog folder (or the embedded catalog) in; the check report, a versioned bundle
//! `DIR/<version>/` (index.json, modules/, docs/, index.html) after the semver check against
//! the previous version, and each consumer's generated-Terraform diff and replacements out.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use hbmod::catalog::{Catalog, CatalogFile};
use hbmod::diagnostic::{self, render, Diagnostic};
use hbmod::emit::GeneratedFile;
use hbmod::publish::{self, index::Version, semver::Bump};
use hbmod::source::SourceFile;
use hbmod::workspace::{CatalogChoice, Workspace};

use crate::{catalog, files, Outcome};

/// Arguments of `hbmod catalog publish`.
#[derive(clap::Args)]
pub struct Args {
    /// The bundle folder: the version is written to DIR/<version>/, beside earlier versions.
    #[arg(long)]
    out: PathBuf,
    /// The version to publish (X.Y.Z). Default: the previous version grown by what changed
    /// (patch, minor or major), or 0.1.0 for a first version.
    #[arg(long = "catalog-version", value_name = "X.Y.Z")]
    catalog_version: Option<String>,
    /// The previously published version to compare with (a version folder, or a bundle folder
    /// whose highest version is taken). Default: the highest version in --out.
    #[arg(long)]
    previous: Option<PathBuf>,
    /// Consumer specs (files or folders) whose generated Terraform diff is reported.
    /// Default: `examples/` when the current folder has one.
    consumers: Vec<PathBuf>,
}

/// Arguments of `hbmod catalog diff`.
#[derive(clap::Args)]
pub struct DiffArgs {
    /// The old catalog: a published version folder (or a module folder).
    #[arg(long)]
    from: PathBuf,
    /// The new catalog: a published version folder (or a module folder).
    #[arg(long)]
    to: PathBuf,
    /// Consumer specs (files or folders). Default: `examples/` when the current folder has one.
    specs: Vec<PathBuf>,
}

/// `hbmod catalog check`.
pub fn check(dir: Option<&Path>, format: super::check::Format, color: bool) -> Outcome {
    let Some((catalog, files)) = catalog::load_with_files(dir) else {
        return Outcome::Findings;
    };
    let started = std::time::Instant::now();
    let report = located(publish::check::check(&catalog, &files), dir);
    let sources: Vec<render::FileDiagnostics<'_>> = report
        .files
        .iter()
        .map(|(source, diagnostics)| render::FileDiagnostics {
            source,
            diagnostics,
        })
        .collect();
    match format {
        super::check::Format::Human => {
            eprint!("{}", render_check(&catalog, &report, started, color))
        }
        super::check::Format::Json => print!("{}", render::json(&sources)),
        super::check::Format::Sarif => {
            print!("{}", render::sarif(&sources, env!("CARGO_PKG_VERSION")))
        }
    }
    if report.has_errors() {
        Outcome::Findings
    } else {
        Outcome::Clean
    }
}

/// The report with file names as the user reaches them: below the `--catalog` folder given
/// (`modules/queue/module.toml`), so editors and SARIF viewers open the right file.
fn located(mut report: publish::check::Report, dir: Option<&Path>) -> publish::check::Report {
    let Some(dir) = dir else {
        return report;
    };
    let root = catalog::modules_folder(dir);
    let prefix = root.display().to_string();
    let prefix = prefix.trim_end_matches('/');
    for (source, _) in &mut report.files {
        *source = SourceFile::new(
            format!("{prefix}/{}", source.name()),
            source.text().to_string(),
        );
    }
    report
}

/// Runs the catalog check: whether it passed, and its rendered report with a summary line.
fn run_check(
    catalog: &Catalog,
    files: &[CatalogFile],
    dir: Option<&Path>,
    color: bool,
) -> (bool, String) {
    let started = std::time::Instant::now();
    let report = located(publish::check::check(catalog, files), dir);
    (
        !report.has_errors(),
        render_check(catalog, &report, started, color),
    )
}

/// The check report for people: each file's diagnostics, then a summary line.
fn render_check(
    catalog: &Catalog,
    report: &publish::check::Report,
    started: std::time::Instant,
    color: bool,
) -> String {
    let mut out = String::new();
    for (source, diagnostics) in &report.files {
        out.push_str(&render::human(source, diagnostics, color));
    }
    let errors = publish::check::errors(report);
    let _ = writeln!(
        out,
        "checked {} modules: {} examples and {} boundary-value specs built ({} refused by the module's own rules) in {} ms; {}",
        catalog.modules().count(),
        report.examples,
        report.boundary,
        report.refused,
        started.elapsed().as_millis(),
        if errors == 0 {
            "no problems".to_string()
        } else {
            format!("{errors} error{}", if errors == 1 { "" } else { "s" })
        }
    );
    out
}

/// `hbmod catalog publish`.
pub fn publish(args: &Args, dir: Option<&Path>, color: bool) -> Outcome {
    let Some((catalog, files)) = catalog::load_with_files(dir) else {
        return Outcome::Findings;
    };
    let (ok, text) = run_check(&catalog, &files, dir, color);
    eprint!("{text}");
    if !ok {
        eprintln!("error: nothing was published; fix the problems `hbmod catalog check` reports");
        return Outcome::Findings;
    }
    let previous = match previous_version(args) {
        Ok(previous) => previous,
        Err(message) => {
            eprintln!("error: {message}");
            return Outcome::Failure;
        }
    };
    let draft = publish::index::build(&catalog, &files, "0.0.0");
    let mut notes = String::new();
    let version = match &previous {
        None => match args.catalog_version.as_deref().map(Version::parse) {
            None => Version {
                major: 0,
                minor: 1,
                patch: 0,
            },
            Some(Some(v)) => v,
            Some(None) => return bad_version(args),
        },
        Some((old, _)) => {
            let changes = publish::semver::compare(old, &draft);
            let Some(before) = Version::parse(&old.version) else {
                eprintln!(
                    "error: the previous index has version \"{}\", not X.Y.Z",
                    old.version
                );
                return Outcome::Failure;
            };
            notes = explain_changes(&old.version, &changes);
            eprint!("{notes}");
            for module in publish::semver::unchanged_module_versions(old, &draft, &changes) {
                let version = draft
                    .modules
                    .iter()
                    .find(|m| m.name == module)
                    .map_or("", |m| m.version.as_str());
                eprintln!(
                    "note: `{module}` changed but its module.toml still says version {version}"
                );
            }
            match choose_version(args, before, &changes) {
                Ok(version) => version,
                Err(outcome) => return outcome,
            }
        }
    };
    let index = publish::index::build(&catalog, &files, &version.to_string());
    let target = args.out.join(version.to_string());
    if target.exists() {
        eprintln!(
            "error: {} exists: a published version never changes; publish a greater version",
            target.display()
        );
        return Outcome::Failure;
    }
    // Consumer impact against the previous version, shown and kept in the bundle.
    let impact = match &previous {
        None => None,
        Some((_, old_folder)) => {
            let Some(old) = catalog::load(Some(old_folder)) else {
                return Outcome::Failure;
            };
            let consumers = match default_specs(&args.consumers) {
                Ok(specs) => specs,
                Err(message) => {
                    eprintln!("error: {message}");
                    return Outcome::Failure;
                }
            };
            let (report, _) = consumer_report(&old, &catalog, &consumers, false);
            Some((old_folder.clone(), report))
        }
    };
    let release_notes = release_notes(
        &version,
        previous.as_ref().map(|(old, _)| old.version.as_str()),
        &notes,
        impact.as_ref().map(|(_, report)| report),
    );
    if let Err(error) = write_bundle(
        &args.out,
        &version.to_string(),
        &index,
        &files,
        &publish::shortest_examples(&catalog),
        &release_notes,
        impact
            .as_ref()
            .map_or("", |(_, report)| report.out.as_str()),
    ) {
        eprintln!(
            "error: cannot write {}: {error}; nothing was published",
            target.display()
        );
        return Outcome::Failure;
    }
    if let Err(error) = write_versions_page(&args.out) {
        eprintln!(
            "warning: cannot update {}: {error}",
            args.out.join("index.html").display()
        );
    }
    eprintln!(
        "published catalog {version} → {} ({} modules; index.json, modules/, docs/, index.html, CHANGES.md)",
        target.display(),
        index.modules.len()
    );
    if let Some((old_folder, report)) = impact {
        eprintln!("\nconsumer impact of {} → {version}:", old_folder.display());
        print!("{}", report.out);
        eprint!("{}", report.err);
        eprintln!("(each consumer built twice in {} ms)", report.elapsed_ms);
    }
    Outcome::Clean
}

/// `CHANGES.md` of a version: the semver changes module by module, and each consumer's summary
/// (the full diffs are in `consumers.diff` beside it).
fn release_notes(
    version: &Version,
    previous: Option<&str>,
    changes: &str,
    impact: Option<&Report>,
) -> String {
    let mut out = format!("# Catalog {version}\n\n");
    match previous {
        None => out.push_str("The first published version.\n"),
        Some(previous) => {
            let _ = writeln!(out, "Compared with {previous}:\n\n```\n{}```", changes);
        }
    }
    if let Some(report) = impact {
        let _ = writeln!(
            out,
            "\n## Consumer impact\n\nEvery module example and consumer spec built with {} and with {version}; the diffs are in `consumers.diff`.\n\n```\n{}```",
            previous.unwrap_or("the previous version"),
            report.err
        );
    }
    out
}

/// The version to publish after `before`: `--catalog-version` when the changes allow it, else
/// `before` grown by what they need. `Err` when nothing changed or the asked version is refused
/// (the reasons printed module by module).
fn choose_version(
    args: &Args,
    before: Version,
    changes: &[publish::semver::Change],
) -> Result<Version, Outcome> {
    let bump = publish::semver::required(changes);
    let needed = publish::semver::next(before, bump);
    let asked = match args.catalog_version.as_deref().map(Version::parse) {
        None if bump == Bump::None => {
            eprintln!("nothing changed since {before}; nothing was published");
            return Err(Outcome::Clean);
        }
        None => return Ok(needed),
        Some(None) => return Err(bad_version(args)),
        Some(Some(asked)) => asked,
    };
    if asked <= before {
        let suggested = needed.max(publish::semver::next(before, Bump::Patch));
        eprintln!("error: version {asked} is not greater than {before}, the previous version; a published version never changes");
        eprintln!(
            "help: publish with --catalog-version {suggested} (or leave --catalog-version out)"
        );
        return Err(Outcome::Findings);
    }
    if asked < needed {
        eprintln!(
            "error: version {asked} is too small: the changes since {before} need a {bump} version, at least {needed}"
        );
        for change in changes
            .iter()
            .filter(|c| bump_floor(before, c.bump) > asked)
        {
            eprintln!(
                "  {}: {} ({} needs {})",
                change.module,
                change.what,
                change.bump,
                bump_floor(before, change.bump)
            );
        }
        eprintln!("help: publish with --catalog-version {needed} (or leave --catalog-version out to get it)");
        return Err(Outcome::Findings);
    }
    Ok(asked)
}

fn bad_version(args: &Args) -> Outcome {
    eprintln!(
        "error: --catalog-version {} is not a version: write three numbers, like 1.4.0",
        args.catalog_version.as_deref().unwrap_or_default()
    );
    Outcome::Failure
}

/// The smallest version after `before` that a change of `bump` allows.
fn bump_floor(before: Version, bump: Bump) -> Version {
    publish::semver::next(before, bump)
}

/// The changes since the previous version, module by module.
fn explain_changes(previous: &str, changes: &[publish::semver::Change]) -> String {
    let mut out = String::new();
    let bump = publish::semver::required(changes);
    if changes.is_empty() {
        return out;
    }
    let _ = writeln!(
        out,
        "changes since {previous} (they need a {bump} version):"
    );
    let mut module = "";
    for change in changes {
        if change.module != module {
            module = &change.module;
            let _ = writeln!(out, "  {module}:");
        }
        let _ = writeln!(out, "    {:<5}  {}", change.bump.to_string(), change.what);
    }
    out
}

/// The previous published version: its index and folder.
fn previous_version(args: &Args) -> Result<Option<(publish::index::Index, PathBuf)>, String> {
    let folder = match &args.previous {
        Some(folder) if folder.join("index.json").is_file() => folder.clone(),
        Some(folder) => match catalog::versions(folder).pop() {
            Some((_, path)) => path,
            None => {
                return Err(format!(
                    "{} holds no published catalog version (no index.json)",
                    folder.display()
                ))
            }
        },
        None => match catalog::versions(&args.out).pop() {
            Some((_, path)) => path,
            None => return Ok(None),
        },
    };
    let index = catalog::read_index(&folder)?;
    Ok(Some((index, folder)))
}

/// Writes `out/<version>/` through a staging folder renamed into place, so a failed publish
/// leaves no partial version.
fn write_bundle(
    out: &Path,
    version: &str,
    index: &publish::index::Index,
    files: &[CatalogFile],
    examples: &[(String, String)],
    notes: &str,
    consumer_diffs: &str,
) -> std::io::Result<()> {
    std::fs::create_dir_all(out)?;
    let staging = out.join(format!(".{version}.partial-{}", std::process::id()));
    if staging.exists() {
        std::fs::remove_dir_all(&staging)?;
    }
    let result = (|| {
        let put = |relative: &str, contents: &str| -> std::io::Result<()> {
            let path = staging.join(relative);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(path, contents)
        };
        put("index.json", &publish::index::to_json(index))?;
        put("index.html", &publish::docs::html(index, examples))?;
        put("CHANGES.md", notes)?;
        if !consumer_diffs.is_empty() {
            put("consumers.diff", consumer_diffs)?;
        }
        for file in files {
            put(&format!("modules/{}", file.path), &file.contents)?;
        }
        for module in &index.modules {
            let readme = files
                .iter()
                .find(|f| f.path == format!("{}/README.md", module.name))
                .map_or("", |f| f.contents.as_str());
            put(&module.docs, &publish::docs::readme(module, readme))?;
        }
        std::fs::rename(&staging, out.join(version))
    })();
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&staging);
    }
    result
}

/// Rewrites `out/index.html`, the list of published versions (through a renamed temporary
/// file, so a reader never sees half a page).
fn write_versions_page(out: &Path) -> std::io::Result<()> {
    let versions: Vec<(Version, usize)> = catalog::versions(out)
        .into_iter()
        .map(|(version, folder)| {
            let modules = catalog::read_index(&folder).map_or(0, |index| index.modules.len());
            (version, modules)
        })
        .collect();
    let temporary = out.join(format!(".index.html.{}", std::process::id()));
    std::fs::write(&temporary, publish::docs::versions_page(&versions))?;
    std::fs::rename(&temporary, out.join("index.html"))
}

/// `hbmod catalog diff`.
pub fn diff(args: &DiffArgs, color: bool) -> Outcome {
    let (Some(old), Some(new)) = (
        catalog::load(Some(&args.from)),
        catalog::load(Some(&args.to)),
    ) else {
        return Outcome::Failure;
    };
    let specs = match default_specs(&args.specs) {
        Ok(specs) => specs,
        Err(message) => {
            eprintln!("error: {message}");
            return Outcome::Failure;
        }
    };
    let (report, broken) = consumer_report(&old, &new, &specs, color);
    print!("{}", report.out);
    eprint!("{}", report.err);
    eprintln!("(each consumer built twice in {} ms)", report.elapsed_ms);
    if broken {
        Outcome::Findings
    } else {
        Outcome::Clean
    }
}

/// The given specs, or every spec below `examples/` when none are given and it exists.
fn default_specs(given: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    if !given.is_empty() {
        return files::expand(given);
    }
    let examples = PathBuf::from("examples");
    if examples.is_dir() {
        files::expand(&[examples])
    } else {
        Ok(Vec::new())
    }
}

/// What a report printed: diffs on stdout, summaries on stderr.
#[derive(Default)]
struct Report {
    out: String,
    err: String,
    /// How long building every consumer twice took (shown, never written into a bundle).
    elapsed_ms: u128,
}

/// One consumer built with both catalogs.
struct Consumer {
    /// The spec, as shown.
    name: String,
    /// The output folder prefix for diff headers.
    prefix: String,
    source: SourceFile,
    old: (Option<Vec<GeneratedFile>>, Vec<Diagnostic>),
    new: (Option<Vec<GeneratedFile>>, Vec<Diagnostic>),
}

/// Builds every consumer (the new catalog's module examples, then `specs`) with both catalogs
/// and reports each one's diff and replacements; `true` when a consumer that built with the
/// old catalog does not build with the new one.
fn consumer_report(old: &Catalog, new: &Catalog, specs: &[PathBuf], color: bool) -> (Report, bool) {
    let started = std::time::Instant::now();
    let mut consumers = Vec::new();
    let mut report = Report::default();
    let old_world = publish::check::ExampleWorld::for_catalog(old);
    let new_world = publish::check::ExampleWorld::for_catalog(new);
    for module in new.modules() {
        for (file, text) in &module.examples {
            let source = SourceFile::new(format!("{}/examples/{file}", module.name), text.clone());
            consumers.push(Consumer {
                name: format!("catalog example {}", source.name()),
                prefix: format!("{}/examples/terraform/", module.name),
                old: publish::check::build_example(old, &old_world, &source),
                new: publish::check::build_example(new, &new_world, &source),
                source,
            });
        }
    }
    for path in specs {
        match build_spec(path, old, new) {
            Ok(consumer) => consumers.push(consumer),
            Err(message) => {
                let _ = writeln!(report.err, "error: {message}");
            }
        }
    }
    let (mut changed, mut replacing, mut broken) = (0, 0, false);
    let mut broken_count = 0;
    for consumer in &consumers {
        match (&consumer.old.0, &consumer.new.0) {
            (Some(before), Some(after)) => {
                let diff = publish::diff::compare(before, after, &consumer.prefix, Some(new));
                let summary = publish::diff::summary(&diff);
                let _ = writeln!(report.err, "  {}: {summary}", consumer.name);
                if !diff.is_empty() {
                    changed += 1;
                    if !diff.replaced.is_empty()
                        || !diff.destroyed.is_empty()
                        || !diff.renamed.is_empty()
                    {
                        replacing += 1;
                    }
                    let _ = writeln!(report.out, "# {} ({summary})", consumer.name);
                    report.out.push_str(&diff.unified);
                }
            }
            (Some(_), None) => {
                broken = true;
                broken_count += 1;
                let _ = writeln!(
                    report.err,
                    "  {}: DOES NOT BUILD with the new catalog:",
                    consumer.name
                );
                report
                    .err
                    .push_str(&render::human(&consumer.source, &consumer.new.1, color));
            }
            (None, Some(_)) => {
                let _ = writeln!(
                    report.err,
                    "  {}: builds only with the new catalog",
                    consumer.name
                );
            }
            (None, None) => {
                // Broken before and after: not this release's doing (`hbmod check` shows why).
                let first = consumer
                    .new
                    .1
                    .iter()
                    .find(|d| d.severity == diagnostic::Severity::Error)
                    .map_or(String::new(), |d| {
                        format!(" (first error: {} {})", d.code, d.message)
                    });
                let _ = writeln!(
                    report.err,
                    "  {}: builds with neither catalog{first}",
                    consumer.name
                );
            }
        }
    }
    let _ = writeln!(
        report.err,
        "{} consumers: {changed} changed ({replacing} with replacements or destroyed resources), {} unchanged, {broken_count} broken",
        consumers.len(),
        consumers.len().saturating_sub(changed + broken_count),
    );
    report.elapsed_ms = started.elapsed().as_millis();
    (report, broken)
}

/// Builds one spec on disk with both catalogs (its org config's catalog setting is ignored:
/// the two catalogs are the ones compared).
fn build_spec(path: &Path, old: &Catalog, new: &Catalog) -> Result<Consumer, String> {
    let loaded = files::load(path)?;
    let (repo, spec_path, output_dir, target) = super::build::locate(path, None)?;
    let workspace = Workspace::new(&repo, CatalogChoice::FromConfig);
    let setup = workspace
        .setup_for_comparison(&spec_path, &output_dir)
        .map_err(|error| {
            crate::config::Reported::default().render(&error, Some(&loaded.source), false)
        })?;
    let build = |catalog: &Catalog| setup.build_against(&repo, &loaded.source, catalog);
    Ok(Consumer {
        name: loaded.source.name().to_string(),
        prefix: format!("{}/", files::display_name(&target)),
        old: build(old),
        new: build(new),
        source: loaded.source,
    })
}
