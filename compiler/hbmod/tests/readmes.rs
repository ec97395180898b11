//! Every catalog module's README in, its parameter table compared with module.toml out: the
//! same parameters in the same order, each with module.toml's type and its default as a spec
//! writes it (`required` when there is none; for an optional one `–` or words, never a
//! value), so the docs a team reads cannot drift from what hbmod checks.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::Path;

use hbmod::catalog::{embedded_files, Catalog};

/// The rows of the table under `| parameter | type | default | what it is |`: (name, type,
/// default), backticks removed, `\|` unescaped.
fn parameter_rows(readme: &str) -> Vec<(String, String, String)> {
    let mut rows = Vec::new();
    let mut inside = false;
    for line in readme.lines() {
        if line.starts_with("| parameter | type | default |") {
            inside = true;
            continue;
        }
        if !inside || line.starts_with("|---") {
            continue;
        }
        if !line.starts_with('|') {
            break;
        }
        let cells: Vec<String> = line
            .replace("\\|", "\u{1}")
            .split('|')
            .map(|cell| cell.trim().replace('\u{1}', "|"))
            .collect();
        let strip = |cell: &str| cell.trim_matches('`').to_string();
        // `dir`, must contain `index.html`: the type is the first code span.
        let ty = cells[2].split('`').nth(1).unwrap_or_default().to_string();
        rows.push((strip(&cells[1]), ty, cells[3].clone()));
    }
    rows
}

#[test]
fn every_readme_parameter_table_matches_module_toml() {
    let catalog = Catalog::load(&embedded_files()).unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../modules");
    let mut problems = Vec::new();
    for module in catalog.modules() {
        let readme = std::fs::read_to_string(root.join(&module.name).join("README.md")).unwrap();
        let rows = parameter_rows(&readme);
        let documented: Vec<&str> = rows.iter().map(|(name, _, _)| name.as_str()).collect();
        let declared: Vec<&str> = module.params.keys().map(String::as_str).collect();
        if documented != declared {
            problems.push(format!(
                "{}: README lists {documented:?}, module.toml declares {declared:?}",
                module.name
            ));
            continue;
        }
        for (name, ty, default) in &rows {
            let param = &module.params[name];
            if hbmod::types::parse_type(ty).as_ref() != Ok(&param.ty) {
                problems.push(format!(
                    "{}.{name}: README type `{ty}`, module.toml `{}`",
                    module.name, param.ty
                ));
            }
            let expected = match param.default_in_spec() {
                Some(written) => format!("`{written}`"),
                None if param.required() => "required".to_string(),
                None => "–".to_string(),
            };
            // An optional parameter without default may say what happens in words.
            let described =
                expected == "–" && !(default.starts_with('`') && default.ends_with('`'));
            if *default != expected && !described {
                problems.push(format!(
                    "{}.{name}: README default {default}, module.toml {expected}",
                    module.name
                ));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "README tables out of date:\n{}",
        problems.join("\n")
    );
}
