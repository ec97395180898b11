//! `hbmod check FILE...`: spec paths in, diagnostics on stderr (people) or stdout (JSON, SARIF) out.

use std::path::PathBuf;

use hbmod::diagnostic::{self, render, Diagnostic};
use hbmod::source::SourceFile;

use crate::{files, Outcome};

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
            None => hbmod::check_source(&loaded.source).1,
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

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
