//! `hbmod fmt [--check] FILE...`: spec paths in, the files rewritten in canonical layout
//! (or, with `--check`, a unified diff of what would change) out.

use std::path::{Path, PathBuf};

use hbmod::diagnostic::{self, render};

use crate::{files, Outcome};

/// Arguments of `hbmod fmt`.
#[derive(clap::Args)]
pub struct Args {
    /// Spec files, or folders to search for `*.hb` files (default: the current folder).
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,
    /// Write nothing; print a diff and exit 1 when a file is not formatted.
    #[arg(long)]
    check: bool,
}

/// Formats every spec; specs with syntax errors are reported and left untouched.
pub fn run(args: &Args, color: bool) -> Outcome {
    let paths = match files::expand(&args.paths) {
        Ok(paths) => paths,
        Err(message) => {
            eprintln!("error: {message}");
            return Outcome::Failure;
        }
    };
    let mut outcome = Outcome::Clean;
    for path in &paths {
        outcome = outcome.max(format_one(path, args.check, color));
    }
    outcome
}

fn format_one(path: &Path, check: bool, color: bool) -> Outcome {
    let loaded = match files::load(path) {
        Ok(loaded) => loaded,
        Err(message) => {
            eprintln!("error: {message}");
            return Outcome::Failure;
        }
    };
    let source = &loaded.source;
    let (file, diagnostics) = match loaded.encoding_error {
        Some(error) => (Default::default(), vec![error]),
        None => hbmod::syntax::parse(source),
    };
    if diagnostic::has_errors(&diagnostics) {
        eprint!("{}", render::human(source, &diagnostics, color));
        eprintln!(
            "error: {} was not formatted because it has syntax errors",
            source.name()
        );
        return Outcome::Findings;
    }
    let formatted = hbmod::syntax::format(source, &file);
    if formatted == source.text() {
        return Outcome::Clean;
    }
    if check {
        let name = source.name();
        // CRLF against LF would show every line removed and re-added, the two sides alike:
        // say so once, and diff only what else differs.
        let crlf = source.text().contains("\r\n");
        let compared = if crlf {
            source.text().replace("\r\n", "\n")
        } else {
            source.text().to_string()
        };
        if crlf {
            eprintln!(
                "{name}: uses CRLF line endings; hbmod fmt writes LF (keep them with `*.hb text eol=lf` in .gitattributes)"
            );
        }
        print!(
            "{}",
            hbmod::unified::unified(&compared, &formatted, name, &format!("{name} (formatted)"))
        );
        return Outcome::Findings;
    }
    match write_atomically(path, &formatted) {
        Ok(()) => {
            eprintln!("formatted {}", source.name());
            Outcome::Clean
        }
        Err(error) => {
            eprintln!("error: cannot write {}: {error}", path.display());
            Outcome::Failure
        }
    }
}

/// Writes `text` to a temporary file beside `path`, then renames it over `path`.
fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = path.with_file_name(format!(".{name}.hbmod-fmt.tmp"));
    std::fs::write(&temporary, text)?;
    if let Ok(metadata) = std::fs::metadata(path) {
        std::fs::set_permissions(&temporary, metadata.permissions())?;
    }
    std::fs::rename(&temporary, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&temporary);
    })
}
