//! `hbmod build SPEC... [--out DIR]`: spec paths in, each spec's Terraform root module written
//! atomically to `terraform/` beside it (or `--out`), diagnostics on stderr out.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use hbmod::diagnostic::{self, render};
use hbmod::workspace::{SetupError, Workspace};
use rayon::prelude::*;

use crate::repo::Repository;
use crate::setup::{Given, Located};
use crate::{files, write, Outcome};

/// The folder, beside each spec, that receives its generated Terraform.
pub const OUTPUT_FOLDER: &str = "terraform";

/// Arguments of `hbmod build`.
#[derive(clap::Args)]
pub struct Args {
    /// Spec files, or folders to search for `*.hb` files (default: the current folder).
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,
    /// Where to write the Terraform (one spec only; inside the repository). Default: `terraform/` beside the spec.
    #[arg(long)]
    out: Option<PathBuf>,
    /// A catalog folder to use instead of the one built into hbmod.
    #[arg(long)]
    catalog: Option<PathBuf>,
    /// Write nothing; print a diff of what would change and exit 1 when the output is not current.
    #[arg(long)]
    check: bool,
    /// Overwrite generated files even where they were edited by hand.
    #[arg(long)]
    force: bool,
    /// `human`, or `json`: one document on stdout, `{"specs": [{"spec", "output", "status",
    /// "diagnostics", "diff", "log"}]}` (status: `built`, `current`, `drift`, `not_built`,
    /// `error`); fields are only ever added.
    #[arg(long, value_enum, default_value_t = super::catalog::Output::Human)]
    format: super::catalog::Output,
}

/// Builds every spec; one failing spec does not stop the others.
pub fn run(args: &Args, color: bool) -> Outcome {
    let Given {
        paths,
        choice,
        repositories,
        located,
    } = match crate::setup::given(&args.paths, args.out.as_deref(), args.catalog.as_deref()) {
        Ok(given) => given,
        Err(outcome) => return outcome,
    };
    let workspaces = repositories.workspaces(&choice);
    let collisions = crate::collisions::find(&paths, args.out.is_some());
    // Specs are independent: build them on all cores (rayon keeps path order for the report).
    let results: Vec<(Outcome, Report)> = located
        .par_iter()
        .enumerate()
        .map(|(index, spec)| {
            let mut report = Report::default();
            let collided = collisions.get(index).map_or(&[][..], Vec::as_slice);
            let outcome = build_one(spec, &workspaces, collided, args, color, &mut report);
            (outcome, report)
        })
        .collect();
    let mut outcome = Outcome::Clean;
    let mut reported = crate::config::Reported::default();
    let json = args.format == super::catalog::Output::Json;
    let mut documents = Vec::new();
    for (result, report) in results {
        if json {
            documents.push(spec_document(&report, result, args.check));
        } else {
            print!("{}", report.out);
        }
        eprint!("{}", report.err);
        if let Some((error, spec)) = &report.setup_error {
            eprint!("{}", reported.render(error, Some(spec), color));
            eprintln!("error: {} was not built", spec.name());
        }
        outcome = outcome.max(result);
    }
    if json {
        let document = serde_json::json!({ "specs": documents });
        println!(
            "{}",
            serde_json::to_string_pretty(&document).unwrap_or_default()
        );
    }
    if paths.len() > 1 {
        eprintln!(
            "{} spec files: {}",
            paths.len(),
            match outcome {
                Outcome::Clean if args.check => "all current",
                Outcome::Clean => "all built",
                Outcome::Findings if args.check => {
                    "some are not current or do not build (see above); nothing was written"
                }
                Outcome::Findings => "some were not built (see above)",
                Outcome::Failure => "some could not be read or written (see above)",
            }
        );
    }
    outcome
}

/// What building one spec printed, held until every spec is done so output never interleaves.
#[derive(Default)]
struct Report {
    out: String,
    err: String,
    /// Why the spec could not be set up (rendered in path order, a shared error once).
    setup_error: Option<(SetupError, hbmod::SourceFile)>,
    /// For `--format json`: the spec, its output folder, and its diagnostics.
    spec: String,
    output: String,
    diagnostics: Option<(hbmod::SourceFile, Vec<hbmod::diagnostic::Diagnostic>)>,
}

/// One spec's result for `--format json`.
fn spec_document(report: &Report, outcome: Outcome, check: bool) -> serde_json::Value {
    let status = match outcome {
        Outcome::Clean if check => "current",
        Outcome::Clean => "built",
        Outcome::Findings if check && !report.out.is_empty() => "drift",
        Outcome::Findings => "not_built",
        Outcome::Failure => "error",
    };
    let diagnostics = report
        .diagnostics
        .as_ref()
        .map(|(source, diagnostics)| {
            let rendered = render::json(&[render::FileDiagnostics {
                source,
                diagnostics,
            }]);
            serde_json::from_str::<serde_json::Value>(&rendered)
                .ok()
                .and_then(|v| v.get("diagnostics").cloned())
                .unwrap_or_default()
        })
        .unwrap_or_else(|| serde_json::json!([]));
    serde_json::json!({
        "spec": report.spec,
        "output": report.output,
        "status": status,
        "diagnostics": diagnostics,
        "diff": report.out,
        "log": report.err,
    })
}

fn build_one(
    spec: &Result<Located, String>,
    workspaces: &[Workspace<'_>],
    collided: &[hbmod::diagnostic::Diagnostic],
    args: &Args,
    color: bool,
    report: &mut Report,
) -> Outcome {
    let spec = match spec {
        Ok(spec) => spec,
        Err(message) => {
            let _ = writeln!(report.err, "error: {message}");
            return Outcome::Failure;
        }
    };
    let Some(workspace) = workspaces.get(spec.repo) else {
        return Outcome::Failure;
    };
    let path = spec.path.as_path();
    let target = spec.target.as_path();
    report.spec = files::display_name(path);
    report.output = files::display_name(target);
    let loaded = match files::load(path) {
        Ok(loaded) => loaded,
        Err(message) => {
            let _ = writeln!(report.err, "error: {message}");
            return Outcome::Failure;
        }
    };
    if let Some(error) = loaded.encoding_error {
        let _ = write!(
            report.err,
            "{}",
            render::human(&loaded.source, &[error], color)
        );
        return Outcome::Findings;
    }
    if !collided.is_empty() {
        report.diagnostics = Some((loaded.source.clone(), collided.to_vec()));
        let _ = write!(
            report.err,
            "{}",
            render::human(&loaded.source, collided, color)
        );
        let _ = writeln!(
            report.err,
            "error: {} was not built; {} is unchanged",
            loaded.source.name(),
            files::display_name(target)
        );
        return Outcome::Findings;
    }
    let setup = match workspace.setup(&spec.spec_path, &spec.output_dir, &loaded.source) {
        Ok(setup) => setup,
        Err(error) => {
            let outcome = match error {
                SetupError::Read(_) => Outcome::Failure,
                _ => Outcome::Findings,
            };
            report.setup_error = Some((error, loaded.source));
            return outcome;
        }
    };
    if args.check {
        let (generated, diagnostics) = setup.build(workspace.world(), &loaded.source);
        let Some(generated) = report_build(
            report,
            &loaded.source,
            target,
            diagnostics,
            generated,
            color,
        ) else {
            return Outcome::Findings;
        };
        return check_current(report, &loaded.source, target, &generated);
    }
    // The files go into the staging folder as each is complete; they replace the output only
    // when the whole build succeeded.
    let mut ran = None;
    let written = write::build_folder(target, args.force, |put| {
        let (names, diagnostics) = setup.build_into(workspace.world(), &loaded.source, put);
        ran = Some(diagnostics);
        names
    });
    // When the folder could not even be prepared (locked, read-only), the spec's own errors
    // still come first: the build runs without writing to find them.
    let diagnostics = ran.unwrap_or_else(|| setup.build(workspace.world(), &loaded.source).1);
    let written = match written {
        Ok(Some(written)) => {
            report_build(report, &loaded.source, target, diagnostics, Some(()), color)
                .map(|()| Ok(written))
        }
        Ok(None) => report_build(report, &loaded.source, target, diagnostics, None, color),
        Err(error) => report_build(report, &loaded.source, target, diagnostics, Some(()), color)
            .map(|()| Err(error)),
    };
    let Some(written) = written else {
        return Outcome::Findings;
    };
    match written {
        Ok(write::Written { names, warnings }) => {
            for warning in warnings {
                let _ = writeln!(report.err, "warning: {warning}");
            }
            let _ = writeln!(
                report.err,
                "built {} → {} ({} files)",
                loaded.source.name(),
                files::display_name(target),
                names.len()
            );
            Outcome::Clean
        }
        Err(write::WriteError::HandEdited {
            files: edited,
            diff,
        }) => {
            let _ = write!(report.out, "{diff}");
            let _ = writeln!(report.err,
                "error: {} in {} changed since hbmod wrote {}; the diff above goes from the file as it is to what hbmod would write",
                edited.join(", "),
                files::display_name(target),
                if edited.len() == 1 { "it" } else { "them" }
            );
            let _ = writeln!(report.err, "help: move hand-written changes into the spec or the catalog module, or rebuild with --force to discard them (a file hbmod did not write is kept as <name>.hand-written)");
            Outcome::Failure
        }
        Err(write::WriteError::Locked) => {
            let _ = writeln!(
                report.err,
                "error: another hbmod build is writing {}; nothing was written",
                files::display_name(target)
            );
            let _ = writeln!(
                report.err,
                "help: run the build again when the other one has finished"
            );
            Outcome::Failure
        }
        Err(write::WriteError::Io(error)) => {
            let _ = writeln!(
                report.err,
                "error: cannot write {}: {error}; it is unchanged",
                files::display_name(target)
            );
            Outcome::Failure
        }
    }
}

/// `build --check`: whether `target` holds exactly `generated`; the diff and what to do if not.
fn check_current(
    report: &mut Report,
    source: &hbmod::SourceFile,
    target: &Path,
    generated: &[hbmod::emit::GeneratedFile],
) -> Outcome {
    match write::drift(target, generated) {
        Ok(diff) if diff.is_empty() => Outcome::Clean,
        Ok(diff) => {
            let _ = write!(report.out, "{diff}");
            let names: Vec<String> = generated.iter().map(|f| f.name.clone()).collect();
            let edited = write::hand_edited(target, &names).unwrap_or_default();
            if edited.is_empty() {
                let _ = writeln!(
                    report.err,
                    "error: {} is not current; run `hbmod build {}`",
                    files::display_name(target),
                    source.name()
                );
            } else {
                let _ = writeln!(
                    report.err,
                    "error: {} is not current, and {} in it changed by hand since hbmod wrote {}; `hbmod build {}` refuses to discard that",
                    files::display_name(target),
                    edited.join(", "),
                    if edited.len() == 1 { "it" } else { "them" },
                    source.name()
                );
                let _ = writeln!(report.err, "help: move the change into the spec or the catalog module, or run `hbmod build --force {}` to replace the files (a file hbmod did not write is kept as <name>.hand-written)", source.name());
            }
            Outcome::Findings
        }
        Err(error) => {
            let _ = writeln!(
                report.err,
                "error: cannot read {}: {error}",
                files::display_name(target)
            );
            Outcome::Failure
        }
    }
}

/// Records and prints a build's diagnostics; the build's result when it holds no error,
/// otherwise `None` after saying that nothing was written.
fn report_build<T>(
    report: &mut Report,
    source: &hbmod::SourceFile,
    target: &Path,
    diagnostics: Vec<hbmod::diagnostic::Diagnostic>,
    built: Option<T>,
    color: bool,
) -> Option<T> {
    let _ = write!(report.err, "{}", render::human(source, &diagnostics, color));
    let failed = diagnostic::has_errors(&diagnostics);
    report.diagnostics = Some((source.clone(), diagnostics));
    match built.filter(|_| !failed) {
        Some(built) => Some(built),
        None => {
            let _ = writeln!(
                report.err,
                "error: {} was not built; {} is unchanged",
                source.name(),
                files::display_name(target)
            );
            None
        }
    }
}

/// `path` made absolute through its nearest existing ancestor (canonical), without creating anything.
fn resolve_missing(path: &Path) -> std::io::Result<PathBuf> {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()?.join(path)
    };
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        rest.push(
            existing
                .file_name()
                .map(std::ffi::OsStr::to_os_string)
                .unwrap_or_default(),
        );
        existing = existing.parent().unwrap_or(Path::new("/"));
    }
    let mut resolved = existing.canonicalize()?;
    for part in rest.iter().rev() {
        if part == ".." {
            resolved.pop();
        } else if !part.is_empty() && part != "." {
            resolved.push(part);
        }
    }
    Ok(resolved)
}

/// The repository, the spec and output paths relative to its root, and the output folder.
pub(crate) fn locate(
    spec: &Path,
    out: Option<&Path>,
) -> Result<(Repository, String, String, PathBuf), String> {
    let repo =
        Repository::around(spec).map_err(|e| format!("cannot read {}: {e}", spec.display()))?;
    let canonical = spec
        .canonicalize()
        .map_err(|e| format!("cannot read {}: {e}", spec.display()))?;
    let spec_path = repo
        .relative(&canonical)
        .ok_or_else(|| format!("{} is outside its repository", spec.display()))?;
    let target = match out {
        Some(out) => out.to_path_buf(),
        None => spec
            .parent()
            .map_or(PathBuf::from(OUTPUT_FOLDER), |dir| dir.join(OUTPUT_FOLDER)),
    };
    let absolute_target = resolve_missing(&target)
        .map_err(|e| format!("cannot use {} as output folder: {e}", target.display()))?;
    let output_dir = repo.relative(&absolute_target).ok_or_else(|| {
        format!(
            "--out {} is outside the repository of {}; the generated Terraform refers to files by paths relative to it",
            target.display(),
            spec.display()
        )
    })?;
    Ok((repo, spec_path, output_dir, target))
}
