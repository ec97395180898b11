//! A `dir` or `file` value (relative to the spec) in, the checked path relative to the generated
//! root module out: it must exist, stay inside the repository and hold what the module needs.

use super::Resolver;
use crate::diagnostic::{Code, Diagnostic};
use crate::ir::Value;
use crate::syntax::ast::Expr;
use crate::types::Type;
use crate::world::Entry;

/// At most this many problem files are named in one diagnostic.
const MAX_NAMED: usize = 5;

/// `base` joined with `relative`, normalised; `None` when `..` climbs above the repository root.
pub(super) fn join(base: &str, relative: &str) -> Option<String> {
    let mut parts: Vec<&str> = base.split('/').filter(|p| !p.is_empty()).collect();
    for part in relative.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            _ => parts.push(part),
        }
    }
    Some(parts.join("/"))
}

/// The path from folder `from` to `to` (both repository-relative), e.g. `../dist`.
pub(super) fn relative(from: &str, to: &str) -> String {
    let from: Vec<&str> = from.split('/').filter(|p| !p.is_empty()).collect();
    let to: Vec<&str> = to.split('/').filter(|p| !p.is_empty()).collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<&str> = vec![".."; from.len() - common];
    parts.extend(to.get(common..).unwrap_or_default());
    if parts.is_empty() {
        ".".to_string()
    } else {
        parts.join("/")
    }
}

impl Resolver<'_> {
    pub(super) fn path(
        &mut self,
        param: &str,
        ty: &Type,
        expr: &Expr,
        text: &str,
        contains: &[String],
    ) -> Option<Value> {
        let what = if matches!(ty, Type::Dir) {
            "folder"
        } else {
            "file"
        };
        if text.starts_with('/') || text.contains('\\') || text.get(1..3) == Some(":/") {
            self.report(
                Diagnostic::error(
                    Code::HB0039,
                    expr.span,
                    format!(
                        "`{param}` must be a path relative to the spec, found \"{}\"",
                        text.escape_debug()
                    ),
                    "not relative",
                )
                .with_help(format!(
                    "write the {what}'s path from the spec's folder with `/`, like \"./dist\""
                )),
            );
            return None;
        }
        let Some(path) = join(self.spec.spec_dir(), text) else {
            self.report(
                Diagnostic::error(Code::HB0039, expr.span, format!("\"{}\" leaves the repository", text.escape_debug()), "outside the repository")
                    .with_help(format!("the {what} must be inside the repository, so that every build sees the same files")),
            );
            return None;
        };
        match (self.world.entry(&path), ty) {
            (Entry::Missing, _) => {
                self.report(
                    Diagnostic::error(Code::HB0038, expr.span, format!("the {what} \"{}\" does not exist", text.escape_debug()), format!("looked for `{path}`"))
                        .with_help(if matches!(ty, Type::Dir) {
                            "build it first (e.g. `npm run build`), or fix the path; paths are relative to the spec's folder".to_string()
                        } else {
                            "fix the path; paths are relative to the spec's folder".to_string()
                        }),
                );
                return None;
            }
            (Entry::Outside, _) => {
                self.report(
                    Diagnostic::error(
                        Code::HB0039,
                        expr.span,
                        format!(
                            "\"{}\" is a symlink that leaves the repository",
                            text.escape_debug()
                        ),
                        "outside the repository",
                    )
                    .with_help(format!(
                        "copy the {what} into the repository instead of linking to it"
                    )),
                );
                return None;
            }
            (Entry::File, Type::Dir) => {
                self.report(
                    Diagnostic::error(
                        Code::HB0038,
                        expr.span,
                        format!("\"{}\" is a file, not a folder", text.escape_debug()),
                        "not a folder",
                    )
                    .with_help(format!("`{param}` expects the folder that holds the files")),
                );
                return None;
            }
            (Entry::Dir, Type::File) => {
                self.report(
                    Diagnostic::error(
                        Code::HB0038,
                        expr.span,
                        format!("\"{}\" is a folder, not a file", text.escape_debug()),
                        "not a file",
                    )
                    .with_help(format!("`{param}` expects one file")),
                );
                return None;
            }
            _ => {}
        }
        if matches!(ty, Type::Dir) && !self.folder_contents(param, expr, text, &path, contains) {
            return None;
        }
        Some(Value::Path(relative(self.spec.output_dir, &path)))
    }

    /// Checks that a folder is not empty, links nowhere outside, and holds `contains`.
    fn folder_contents(
        &mut self,
        param: &str,
        expr: &Expr,
        text: &str,
        path: &str,
        contains: &[String],
    ) -> bool {
        let shown = text.escape_debug().to_string();
        let holds = |inner: &str| path.is_empty() || inner.starts_with(&format!("{path}/"));
        if holds(self.spec.spec_path) || holds(self.spec.output_dir) {
            self.report(
                Diagnostic::error(
                    Code::HB0049,
                    expr.span,
                    format!("the folder \"{shown}\" holds this spec and its generated Terraform"),
                    "would be uploaded too",
                )
                .with_help(format!(
                    "`{param}` must be a folder of its own, such as the build output \"./dist\"; everything in it is uploaded"
                )),
            );
            return false;
        }
        // A packaged folder's dependencies (pnpm links them into a store outside the folder)
        // are resolved and vetted by `hbmod package`, and Terraform only reads its zip: its
        // node_modules is not walked on every check.
        let files = if self.packaged {
            self.world.files_without(path, "node_modules")
        } else {
            self.world.files(path)
        };
        let outside: Vec<&str> = files
            .iter()
            .filter(|(_, e)| *e == Entry::Outside)
            .map(|(f, _)| f.as_str())
            .collect();
        if !outside.is_empty() {
            let named: Vec<String> = outside
                .iter()
                .take(MAX_NAMED)
                .map(|f| format!("`{f}`"))
                .collect();
            self.report(
                Diagnostic::error(Code::HB0039, expr.span, format!("the folder \"{shown}\" holds symlinks that point outside it"), "links out of the folder")
                    .with_note(format!("{}{}", named.join(", "), if outside.len() > MAX_NAMED { ", ..." } else { "" }))
                    .with_help("Terraform follows links when it uploads the folder, so a link out of it, up into a folder above itself (a loop), or to nothing (filled in later) would upload files hbmod never checked; copy the files in or remove the links"),
            );
            return false;
        }
        let unnamable: Vec<String> = files
            .iter()
            .map(|(f, _)| f.as_str())
            .filter(|f| f.chars().any(|c| c.is_control() || c == '\u{FFFD}'))
            .take(MAX_NAMED)
            .map(|f| format!("`{}`", f.escape_debug()))
            .collect();
        if !unnamable.is_empty() {
            self.report(
                Diagnostic::error(Code::HB0039, expr.span, format!("the folder \"{shown}\" holds file names with control characters or bytes that are not UTF-8"), "names that cannot be uploaded faithfully")
                    .with_note(unnamable.join(", "))
                    .with_help("a newline, tab or invalid byte in a name becomes a different object key, or breaks the tools that read the upload's logs; rename the files"),
            );
            return false;
        }
        if files.is_empty() {
            self.report(
                Diagnostic::error(
                    Code::HB0040,
                    expr.span,
                    format!("the folder \"{shown}\" is empty"),
                    "empty folder",
                )
                .with_help(format!(
                    "`{param}` must hold the built files; build them first (e.g. `npm run build`)"
                )),
            );
            return false;
        }
        let missing: Vec<&String> = contains
            .iter()
            .filter(|name| !files.iter().any(|(f, _)| f == &format!("{path}/{name}")))
            .collect();
        if !missing.is_empty() {
            let names: Vec<String> = missing.iter().map(|m| format!("`{m}`")).collect();
            self.report(
                Diagnostic::error(
                    Code::HB0040,
                    expr.span,
                    format!("the folder \"{shown}\" has no {}", names.join(", ")),
                    "missing files",
                )
                .with_help(format!(
                    "`{param}` must hold {}; is this the build output folder?",
                    names.join(", ")
                )),
            );
            return false;
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_join_and_relate() {
        assert_eq!(
            join("services/web", "./dist").as_deref(),
            Some("services/web/dist")
        );
        assert_eq!(
            join("services/web", "../shared/dist").as_deref(),
            Some("services/shared/dist")
        );
        assert_eq!(join("services/web", "../../../etc"), None);
        assert_eq!(
            relative("services/web/terraform", "services/web/dist"),
            "../dist"
        );
        assert_eq!(relative("out", "services/web/dist"), "../services/web/dist");
    }
}
