//! Catalog publishing, without IO: a loaded catalog in; its check report, its versioned
//! `index.json`, its docs (terraform-docs tables, an offline HTML page), the semver bump between
//! two published versions, and the generated-Terraform diff a consumer sees between two
//! catalogs out. The `hbmod catalog` commands write and read the bundles.

pub mod check;
pub mod diff;
pub mod docs;
pub mod index;
pub mod semver;

/// Each module's shortest example (module name, spec text): what the catalog page shows.
pub fn shortest_examples(catalog: &crate::catalog::Catalog) -> Vec<(String, String)> {
    catalog
        .modules()
        .filter_map(|module| {
            module
                .examples
                .iter()
                .min_by_key(|(name, text)| (text.len(), name.clone()))
                .map(|(_, text)| (module.name.clone(), text.clone()))
        })
        .collect()
}

use crate::config::CatalogPin;
use crate::diagnostic::{Code, Diagnostic};
use crate::syntax::ast;

/// The catalog version a spec's service header pins (`catalog = "1.4.0"`), if any; a value that
/// is not a version string is an error at the value.
pub fn spec_pin(file: &ast::File) -> Result<Option<CatalogPin>, Diagnostic> {
    let Some(entry) = file.items.iter().find_map(|item| match item {
        ast::Item::Service(block) => block.entries.iter().find(|e| e.key_text() == "catalog"),
        _ => None,
    }) else {
        return Ok(None);
    };
    match &entry.value.kind {
        ast::ExprKind::String(version) if index::Version::parse(version).is_some() => {
            Ok(Some(CatalogPin {
                version: version.clone(),
                span: entry.value.span,
            }))
        }
        _ => Err(Diagnostic::error(
            Code::HB0084,
            entry.value.span,
            "the service header's `catalog` must be a catalog version",
            "not a version string",
        )
        .with_help("write it as a string of three numbers, like `catalog = \"1.4.0\"`")),
    }
}

/// The error for a spec pin that cannot be met: `folder` is the bundle the org config names
/// (`None`: it names none), `found` the versions it holds.
pub fn spec_pin_missing(pin: &CatalogPin, folder: Option<&str>, found: &[String]) -> Diagnostic {
    let (message, help) = match folder {
        None => (
            format!("this spec pins catalog version {}, but the org config names no catalog bundle", pin.version),
            "set `[catalog] path` in hbmod.toml to the folder `hbmod catalog publish --out DIR` wrote".to_string(),
        ),
        Some(folder) => (
            format!(
                "this spec pins catalog version {}, but `{folder}` holds {}",
                pin.version,
                if found.is_empty() { "no published version".to_string() } else { found.join(", ") }
            ),
            format!("pin a version the bundle holds, or publish {} into it", pin.version),
        ),
    };
    Diagnostic::error(Code::HB0084, pin.span, message, "pinned here").with_help(help)
}
