//! The spec language front end: source text in, an `ast::File` and syntax diagnostics out.
//! Parsing never fails: whatever it cannot read becomes a diagnostic.

pub mod ast;
mod format;
mod literal;
mod lower;
mod prescan;

pub use format::format;
pub use prescan::{MAX_NESTING, MAX_SOURCE_BYTES};

use crate::diagnostic::Diagnostic;
use crate::source::SourceFile;

/// Parses one spec file; every syntax mistake is a diagnostic, several per file where recovery is sensible.
pub fn parse(source: &SourceFile) -> (ast::File, Vec<Diagnostic>) {
    let problems = prescan::prescan(source.text());
    if !problems.is_empty() {
        return (ast::File::default(), problems);
    }
    lower::lower(source)
}

/// Makes a source from raw file bytes. Invalid UTF-8 gives a diagnostic, and the
/// source then holds a lossy copy of the text so that the diagnostic can be shown.
pub fn source_from_bytes(name: &str, bytes: &[u8]) -> (SourceFile, Option<Diagnostic>) {
    match prescan::decode_utf8(bytes) {
        Ok(text) => (SourceFile::new(name, text), None),
        Err(diagnostic) => (
            SourceFile::new(name, String::from_utf8_lossy(bytes)),
            Some(diagnostic),
        ),
    }
}
