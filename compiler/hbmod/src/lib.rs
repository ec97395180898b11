//! The hbmod compiler as a library: spec text in, diagnostics (and, later, Terraform) out.
//! It does no file-system, environment or process access; the `hbmod` binary does that.

pub mod check;
pub use source::SourceFile;
pub mod diagnostic;
pub mod source;
pub mod syntax;

use diagnostic::Diagnostic;

/// Parses and checks one spec: every diagnostic the front end finds, sorted by position.
pub fn check_source(source: &SourceFile) -> (syntax::ast::File, Vec<Diagnostic>) {
    let (file, mut diagnostics) = syntax::parse(source);
    diagnostics.extend(check::structure(&file));
    diagnostic::sort(&mut diagnostics);
    (file, diagnostics)
}
