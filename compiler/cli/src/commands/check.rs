//! `hbmod check FILE...`: spec paths in, diagnostics on stderr (people) or stdout (JSON, SARIF) out.

use std::path::PathBuf;

use hbmod::diagnostic::{self, render, Diagnostic};
use hbmod::source::SourceFile;

use hbmod::workspace::{SetupError, Workspace};

use crate::setup::{Located, Repositories};
use crate::{catalog, files, Outcome};

/// Arguments of `hbmod check`.
#[derive(clap::Args)]
pub struct Args {
    /// Spec files, or folders to search for `*.hb` files (default: the current folder).
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,
    /// How to print diagnostics.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// A catalog folder to use instead of the one built into hbmod.
    #[arg(long)]
    catalog: Option<PathBuf>,
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Source excerpts with carets, on stderr.
    Human,
    /// One JSON document on stdout.
    Json,
    /// SARIF 2.1.0 on stdout, for GitHub code scanning.
    Sarif,
}

/// Checks every spec and reports all diagnostics.
pub fn run(args: &Args, color: bool) -> Outcome {
    let paths = match files::expand(&args.paths) {
        Ok(paths) => paths,
        Err(message) => {
            eprintln!("error: {message}");
            return Outcome::Failure;
        }
    };
    let mut outcome = Outcome::Clean;
    let mut checked: Vec<(SourceFile, Vec<Diagnostic>)> = Vec::new();
    let mut reported = crate::config::Reported::default();
    let choice = match catalog::try_choice(args.catalog.as_deref()) {
        Ok(choice) => choice,
        Err(error) => {
            // A broken `--catalog`: its module files' diagnostics, in every format.
            eprint!(
                "{}",
                reported.render(&error, None, color && args.format == Format::Human)
            );
            if let SetupError::Catalog { files, .. } = &error {
                checked.extend(files.iter().map(|(s, d)| ((**s).clone(), d.clone())));
            }
            print_machine(args.format, &checked);
            return Outcome::Failure;
        }
    };
    let (repositories, located) = Repositories::locate(&paths, None);
    let workspaces = repositories.workspaces(&choice);
    let collisions = crate::collisions::find(&paths, false);
    for (index, (path, spec)) in paths.iter().zip(&located).enumerate() {
        let loaded = match files::load(path) {
            Ok(loaded) => loaded,
            Err(message) => {
                eprintln!("error: {message}");
                outcome = outcome.max(Outcome::Failure);
                continue;
            }
        };
        let diagnostics = match loaded.encoding_error {
            Some(error) => vec![error],
            None => match check_one(spec, &workspaces, &loaded.source) {
                Ok(diagnostics) => diagnostics,
                Err(CheckError::Io(message)) => {
                    eprintln!("error: {message}");
                    outcome = outcome.max(Outcome::Failure);
                    continue;
                }
                Err(CheckError::Setup(error)) => {
                    // A broken org config is reported once, as its own file's diagnostics
                    // (in every format), then the spec it stops.
                    let rendered = reported.render(&error, Some(&loaded.source), color);
                    outcome = outcome.max(Outcome::Findings);
                    match &error {
                        SetupError::Config {
                            source,
                            diagnostics,
                        } => {
                            if !rendered.is_empty() {
                                if args.format == Format::Human {
                                    eprint!("{rendered}");
                                }
                                checked.push(((**source).clone(), diagnostics.clone()));
                            }
                            continue;
                        }
                        SetupError::Spec(diagnostic) => vec![diagnostic.clone()],
                        SetupError::Catalog { files, .. } => {
                            eprint!("{rendered}");
                            if !rendered.is_empty() {
                                checked
                                    .extend(files.iter().map(|(s, d)| ((**s).clone(), d.clone())));
                            }
                            continue;
                        }
                        SetupError::Read(_) => {
                            eprint!("{rendered}");
                            outcome = outcome.max(Outcome::Failure);
                            continue;
                        }
                    }
                }
            },
        };
        let mut diagnostics = diagnostics;
        if let Some(collided) = collisions.get(index) {
            diagnostics.extend(collided.iter().cloned());
            diagnostic::sort(&mut diagnostics);
        }
        if diagnostic::has_errors(&diagnostics) {
            outcome = outcome.max(Outcome::Findings);
        }
        if args.format == Format::Human {
            // At most `render::SHOWN_PER_FILE` are drawn, then one line counts the rest.
            eprint!("{}", render::human(&loaded.source, &diagnostics, color));
        }
        checked.push((loaded.source, diagnostics));
    }
    match args.format {
        Format::Human => {
            let errors: usize = checked.iter().map(|(_, d)| d.len()).sum();
            if errors == 0 && outcome == Outcome::Clean {
                eprintln!(
                    "checked {} spec file{}: no problems",
                    checked.len(),
                    plural(checked.len())
                );
            } else if errors > 0 {
                eprintln!(
                    "checked {} spec file{}: {errors} problem{}",
                    checked.len(),
                    plural(checked.len()),
                    plural(errors)
                );
            }
        }
        Format::Json | Format::Sarif => print_machine(args.format, &checked),
    }
    outcome
}

/// The JSON or SARIF report of `checked` on stdout (nothing for people's format).
fn print_machine(format: Format, checked: &[(SourceFile, Vec<Diagnostic>)]) {
    let reports: Vec<render::FileDiagnostics<'_>> = checked
        .iter()
        .map(|(source, diagnostics)| render::FileDiagnostics {
            source,
            diagnostics,
        })
        .collect();
    match format {
        Format::Human => {}
        Format::Json => print!("{}", render::json(&reports)),
        Format::Sarif => print!("{}", render::sarif(&reports, env!("CARGO_PKG_VERSION"))),
    }
}

/// Why a spec could not be checked.
enum CheckError {
    /// It could not be located or read.
    Io(String),
    /// Its org config, catalog pin or catalog is broken.
    Setup(SetupError),
}

/// Every diagnostic of one spec: syntax, structure and types against the catalog, the module's
/// own refusals and the org policies.
fn check_one(
    spec: &Result<Located, String>,
    workspaces: &[Workspace<'_>],
    source: &SourceFile,
) -> Result<Vec<Diagnostic>, CheckError> {
    let spec = spec.as_ref().map_err(|m| CheckError::Io(m.clone()))?;
    let workspace = workspaces
        .get(spec.repo)
        .ok_or_else(|| CheckError::Io(format!("{} has no repository", spec.path.display())))?;
    let setup = workspace
        .setup(&spec.spec_path, &spec.output_dir, source)
        .map_err(CheckError::Setup)?;
    // Everything `build` would refuse: the module's own refusals and the org policies need the
    // instances expanded, so `check` expands them too and only leaves out the writing.
    Ok(setup.build(workspace.world(), source).1)
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
