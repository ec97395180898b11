//! `hbmod check FILE...`: spec paths in, diagnostics on stderr (people) or stdout (JSON, SARIF) out.

use std::path::PathBuf;

use hbmod::diagnostic::{self, render, Diagnostic};
use hbmod::source::SourceFile;

use crate::{catalog, files, Outcome};

/// At most this many diagnostics per file are rendered for people; machine formats get all.
const MAX_SHOWN: usize = 50;

/// Arguments of `hbmod check`.
#[derive(clap::Args)]
pub struct Args {
    /// Spec files, or folders to search for `*.hb` files.
    #[arg(required = true)]
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
    let Some(catalog) = catalog::load(args.catalog.as_deref()) else {
        return Outcome::Failure;
    };
    let mut outcome = Outcome::Clean;
    let mut checked: Vec<(SourceFile, Vec<Diagnostic>)> = Vec::new();
    for path in &paths {
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
            None => match check_one(path, &loaded.source, &catalog, args.catalog.as_deref()) {
                Ok(diagnostics) => diagnostics,
                Err(message) => {
                    eprintln!("error: {message}");
                    outcome = outcome.max(Outcome::Failure);
                    continue;
                }
            },
        };
        if diagnostic::has_errors(&diagnostics) {
            outcome = outcome.max(Outcome::Findings);
        }
        if args.format == Format::Human {
            let shown = diagnostics.get(..MAX_SHOWN).unwrap_or(&diagnostics);
            eprint!("{}", render::human(&loaded.source, shown, color));
            if diagnostics.len() > MAX_SHOWN {
                eprintln!(
                    "note: {} more problems in {} are not shown; fix these first, or see them all with `--format json`\n",
                    diagnostics.len() - MAX_SHOWN,
                    loaded.source.name()
                );
            }
        }
        checked.push((loaded.source, diagnostics));
    }
    let reports: Vec<render::FileDiagnostics<'_>> = checked
        .iter()
        .map(|(source, diagnostics)| render::FileDiagnostics {
            source,
            diagnostics,
        })
        .collect();
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
        Format::Json => print!("{}", render::json(&reports)),
        Format::Sarif => print!("{}", render::sarif(&reports, env!("CARGO_PKG_VERSION"))),
    }
    outcome
}

/// Every diagnostic of one spec: syntax, structure and types against the catalog.
fn check_one(
    path: &std::path::Path,
    source: &SourceFile,
    catalog: &hbmod::catalog::Catalog,
    explicit_catalog: Option<&std::path::Path>,
) -> Result<Vec<Diagnostic>, String> {
    let (repo, spec_path, output_dir, _) = super::build::locate(path, None)?;
    let config = crate::config::for_spec(path, &repo, false).map_err(|rendered| {
        format!(
            "the org config of {} has errors:\n{rendered}",
            path.display()
        )
    })?;
    let environments = super::build::environment_names(config.as_ref());
    // The org config may name the catalog; `--catalog` still wins.
    let own_catalog;
    let folder = if explicit_catalog.is_some() {
        None
    } else {
        match crate::config::catalog_folder(path, source, &repo, config.as_ref(), false) {
            Ok(folder) => folder,
            Err(crate::config::PinError::Spec(diagnostic)) => return Ok(vec![diagnostic]),
            Err(crate::config::PinError::Config(rendered)) => {
                return Err(format!(
                    "the org config of {} pins a catalog version its bundle lacks:\n{rendered}",
                    path.display()
                ))
            }
        }
    };
    let catalog = match folder {
        Some(folder) if explicit_catalog.is_none() => {
            let Some(loaded) = crate::catalog::load(Some(&folder)) else {
                return Err(format!(
                    "the catalog named by the org config of {} has errors",
                    path.display()
                ));
            };
            own_catalog = loaded;
            &own_catalog
        }
        _ => catalog,
    };
    let input = hbmod::BuildInput {
        catalog,
        world: &repo,
        spec: hbmod::resolve::SpecContext {
            spec_path: &spec_path,
            output_dir: &output_dir,
        },
        environments: &environments,
        config: config.as_ref(),
    };
    // Everything `build` would refuse: the module's own refusals and the org policies need the
    // instances expanded, so `check` expands them too and only leaves out the writing.
    Ok(hbmod::build(source, &input).1)
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
