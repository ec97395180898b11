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
    /// `human`, or `json`: one document on stdout, `{"files": [{"path", "status",
    /// "crlf", "diff"}]}` (status: `formatted`, `unformatted`, `written`, `syntax_errors`,
    /// `unreadable`); fields are only ever added.
    #[arg(long, value_enum, default_value_t = super::catalog::Output::Human)]
    format: super::catalog::Output,
}

/// What `fmt` found or did to one file (`--format json`'s `status`).
#[derive(Clone, Copy, serde::Serialize)]
#[serde(rename_all = "snake_case")]
enum FileStatus {
    /// Already as `hbmod fmt` writes it.
    Formatted,
    /// Not formatted (`--check`).
    Unformatted,
    /// Rewritten.
    Written,
    /// Not formatted because it does not parse.
    SyntaxErrors,
    /// Could not be read or written.
    Unreadable,
}

/// One file's result, for `--format json`.
#[derive(serde::Serialize)]
struct FileReport {
    path: String,
    status: FileStatus,
    crlf: bool,
    #[serde(skip_serializing_if = "String::is_empty")]
    diff: String,
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
    let json = args.format == super::catalog::Output::Json;
    let mut outcome = Outcome::Clean;
    let mut reports = Vec::new();
    for path in &paths {
        let (result, report) = format_one(path, args.check, color);
        outcome = outcome.max(result);
        if json {
            reports.push(report);
        } else {
            print!("{}", report.diff);
        }
    }
    if json {
        #[derive(serde::Serialize)]
        struct Files {
            files: Vec<FileReport>,
        }
        println!(
            "{}",
            serde_json::to_string_pretty(&Files { files: reports }).unwrap_or_default()
        );
    }
    outcome
}

fn format_one(path: &Path, check: bool, color: bool) -> (Outcome, FileReport) {
    let mut report = FileReport {
        path: files::display_name(path),
        status: FileStatus::Formatted,
        crlf: false,
        diff: String::new(),
    };
    let loaded = match files::load(path) {
        Ok(loaded) => loaded,
        Err(message) => {
            eprintln!("error: {message}");
            report.status = FileStatus::Unreadable;
            return (Outcome::Failure, report);
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
        report.status = FileStatus::SyntaxErrors;
        return (Outcome::Findings, report);
    }
    let formatted = hbmod::syntax::format(source, &file);
    report.crlf = source.text().contains("\r\n");
    if formatted == source.text() {
        return (Outcome::Clean, report);
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
        report.status = FileStatus::Unformatted;
        report.diff =
            hbmod::unified::unified(&compared, &formatted, name, &format!("{name} (formatted)"));
        return (Outcome::Findings, report);
    }
    match write_atomically(path, &formatted) {
        Ok(()) => {
            eprintln!("formatted {}", source.name());
            report.status = FileStatus::Written;
            (Outcome::Clean, report)
        }
        Err(error) => {
            eprintln!("error: cannot write {}: {error}", path.display());
            report.status = FileStatus::Unreadable;
            (Outcome::Failure, report)
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
