//! Catalog files (module.toml interfaces, Tera templates) in, a checked `Catalog` out: the
//! modules a spec may use, with typed parameters, outputs, physical names and templates.

mod interface;

use indexmap::IndexMap;

pub use interface::{Grant, KeyRule, Module, NameSpec, Output, Param, Statement};

include!(concat!(env!("OUT_DIR"), "/catalog.rs"));

/// One file of a catalog: its path relative to the catalog root (`spa/module.toml`) and text.
#[derive(Debug, Clone)]
pub struct CatalogFile {
    /// Path relative to the catalog root, `/`-separated.
    pub path: String,
    /// The file's text.
    pub contents: String,
}

/// The catalog that ships inside hbmod (this repository's `modules/`).
pub fn embedded_files() -> Vec<CatalogFile> {
    EMBEDDED
        .iter()
        .map(|(path, contents)| CatalogFile {
            path: (*path).to_string(),
            contents: (*contents).to_string(),
        })
        .collect()
}

/// A mistake in the catalog itself: the platform team's to fix, not the spec author's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogError {
    /// The catalog file, relative to the catalog root.
    pub file: String,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for CatalogError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.file, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

/// The loaded catalog.
pub struct Catalog {
    modules: IndexMap<String, Module>,
    templates: tera::Tera,
    /// The SHA-256 of its files (paths and contents, in path order).
    fingerprint: String,
}

impl std::fmt::Debug for Catalog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Catalog")
            .field("modules", &self.modules.keys().collect::<Vec<_>>())
            .finish()
    }
}

/// The hex SHA-256 of catalog files: each path and contents, length-prefixed, in the given order.
fn fingerprint(files: &[&CatalogFile]) -> String {
    use sha2::{Digest, Sha256};
    let mut hasher = Sha256::new();
    for file in files {
        for part in [&file.path, &file.contents] {
            hasher.update((part.len() as u64).to_le_bytes());
            hasher.update(part.as_bytes());
        }
    }
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl Catalog {
    /// Its files' SHA-256: equal fingerprints, equal catalogs.
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// Loads a catalog from its files; every problem is reported, not just the first.
    pub fn load(files: &[CatalogFile]) -> Result<Catalog, Vec<CatalogError>> {
        let mut errors = Vec::new();
        let mut modules = IndexMap::new();
        let mut templates = Vec::new();
        let mut examples = Vec::new();
        // Folders with a module.toml, read or not: a template beside a module.toml that did not
        // parse is not "without a module" (the module.toml's own errors say what is wrong).
        let mut declared = std::collections::BTreeSet::new();
        let mut sorted: Vec<&CatalogFile> = files.iter().collect();
        sorted.sort_by(|a, b| a.path.cmp(&b.path));
        for file in &sorted {
            let mut parts = file.path.splitn(2, '/');
            let (Some(folder), Some(rest)) = (parts.next(), parts.next()) else {
                continue;
            };
            if rest == "module.toml" {
                declared.insert(folder.to_string());
                match interface::parse(folder, file) {
                    Ok(module) => {
                        modules.insert(folder.to_string(), module);
                    }
                    Err(mut found) => errors.append(&mut found),
                }
            } else if !rest.contains('/') && rest.ends_with(".tf.tera") {
                templates.push((folder.to_string(), file.path.clone(), file.contents.clone()));
            } else if let Some(example) = rest
                .strip_prefix("examples/")
                .filter(|e| e.ends_with(".hb") && !e.contains('/'))
            {
                examples.push((
                    folder.to_string(),
                    example.to_string(),
                    file.contents.clone(),
                ));
            }
        }
        for (folder, name, contents) in examples {
            if let Some(module) = modules.get_mut(&folder) {
                module.examples.push((name, contents));
            }
        }
        let mut tera = tera::Tera::default();
        crate::template::configure(&mut tera);
        for (folder, path, contents) in &templates {
            match modules.get_mut(folder) {
                Some(module) => module.templates.push(path.clone()),
                None if declared.contains(folder) => {}
                None => errors.push(CatalogError {
                    file: path.clone(),
                    line: None,
                    message: format!(
                        "template without a module: `{folder}/module.toml` is missing"
                    ),
                }),
            }
            if let Err(error) = tera.add_raw_template(path, contents) {
                errors.push(CatalogError {
                    file: path.clone(),
                    line: None,
                    message: tera_message(&error),
                });
            }
        }
        for (folder, path, contents) in &templates {
            if let Some(module) = modules.get_mut(folder) {
                errors.extend(skip_mismatches(module, path, contents));
                module.uses_boundary |= contents.contains("boundary }}");
            }
        }
        errors.extend(grant_mismatches(&modules));
        for (name, module) in &modules {
            for id in module.checkov_skips.keys() {
                let used = templates.iter().any(|(folder, _, contents)| {
                    folder == name && contents.contains(&format!("checkov:skip={id}:"))
                });
                if !used {
                    errors.push(CatalogError {
                        file: format!("{name}/module.toml"),
                        line: None,
                        message: format!(
                            "`[checkov_skips]` lists `{id}`, but no template skips it; remove it"
                        ),
                    });
                }
            }
            if module.templates.is_empty() {
                errors.push(CatalogError {
                    file: format!("{name}/module.toml"),
                    line: None,
                    message: format!("module `{name}` has no `*.tf.tera` template"),
                });
            }
        }
        if errors.is_empty() {
            Ok(Catalog {
                modules,
                templates: tera,
                fingerprint: fingerprint(&sorted),
            })
        } else {
            Err(errors)
        }
    }

    /// The module named `name`.
    pub fn module(&self, name: &str) -> Option<&Module> {
        self.modules.get(name)
    }

    /// Every module, in name order.
    pub fn modules(&self) -> impl Iterator<Item = &Module> {
        self.modules.values()
    }

    /// The Tera instance holding every template, keyed by path.
    pub(crate) fn templates(&self) -> &tera::Tera {
        &self.templates
    }
}

/// Reference parameters naming a module the catalog lacks, or asking for a grant that a module
/// they may reference does not give.
fn grant_mismatches(modules: &IndexMap<String, Module>) -> Vec<CatalogError> {
    let mut errors = Vec::new();
    for module in modules.values() {
        for param in module.params.values() {
            let Some(kinds) = referenced_modules(&param.ty) else {
                continue;
            };
            for kind in kinds.split('|') {
                let problem = match (modules.get(kind), &param.grant) {
                    (None, _) => format!("parameter `{}` references module `{kind}`, which the catalog does not have", param.name),
                    (Some(_), None) => continue,
                    (Some(target), Some(grant)) if !target.grants.contains_key(grant) => {
                        format!("parameter `{}` asks `{kind}` instances for the grant `{grant}`, which `{kind}` does not declare", param.name)
                    }
                    (Some(_), Some(_)) => continue,
                };
                errors.push(CatalogError {
                    file: format!("{}/module.toml", module.name),
                    line: None,
                    message: problem,
                });
            }
        }
    }
    errors
}

/// The module names of a reference type (`table|bucket` in `list<ref<table|bucket>>`).
pub(crate) fn referenced_modules(ty: &crate::types::Type) -> Option<&str> {
    use crate::types::Type;
    match ty {
        Type::Ref(kinds) => Some(kinds),
        Type::List(inner) | Type::Map(inner) | Type::Optional(inner) => referenced_modules(inner),
        _ => None,
    }
}

/// Inline `# checkov:skip=ID:reason` comments of a template that `[checkov_skips]` does not
/// declare with the same reason: every skip must be documented, word for word.
fn skip_mismatches(module: &Module, path: &str, contents: &str) -> Vec<CatalogError> {
    let mut errors = Vec::new();
    for (index, line) in contents.lines().enumerate() {
        let Some((_, skip)) = line.split_once("checkov:skip=") else {
            continue;
        };
        let (id, reason) = skip.split_once(':').unwrap_or((skip, ""));
        let problem = match module.checkov_skips.get(id.trim()) {
            None => format!(
                "skips `{}`, which `[checkov_skips]` in module.toml does not list with its reason",
                id.trim()
            ),
            Some(declared) if declared.trim() != reason.trim() => {
                format!(
                    "the reason given for skipping `{}` differs from the one in `[checkov_skips]`",
                    id.trim()
                )
            }
            Some(_) => continue,
        };
        errors.push(CatalogError {
            file: path.to_string(),
            line: Some(index + 1),
            message: problem,
        });
    }
    errors
}

/// A Tera error with its causes, on one line.
pub(crate) fn tera_message(error: &tera::Error) -> String {
    let mut message = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    message
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(template: &str, skips: &str) -> Vec<CatalogFile> {
        let toml = format!(
            "name = \"m\"\nversion = \"0.1.0\"\nsummary = \"m\"\n\n[checkov_skips]\n{skips}"
        );
        vec![
            CatalogFile {
                path: "m/module.toml".to_string(),
                contents: toml,
            },
            CatalogFile {
                path: "m/main.tf.tera".to_string(),
                contents: template.to_string(),
            },
        ]
    }

    #[test]
    fn every_inline_skip_is_declared_with_the_same_reason() {
        let skip = "resource \"terraform_data\" \"x\" {\n  # checkov:skip=CKV_X_1:because\n}\n";
        assert!(Catalog::load(&files(skip, "CKV_X_1 = \"because\"\n")).is_ok());
        let errors = Catalog::load(&files(skip, "")).unwrap_err();
        assert!(errors[0].message.contains("does not list"), "{errors:?}");
        let errors = Catalog::load(&files(skip, "CKV_X_1 = \"other\"\n")).unwrap_err();
        assert!(errors[0].message.contains("differs"), "{errors:?}");
        let errors = Catalog::load(&files("# nothing\n", "CKV_X_1 = \"because\"\n")).unwrap_err();
        assert!(
            errors[0].message.contains("no template skips it"),
            "{errors:?}"
        );
    }

    #[test]
    fn a_broken_module_toml_is_not_reported_missing() {
        let mut broken = files("# nothing\n", "");
        if let Some(toml) = broken.first_mut() {
            toml.contents = "name = \"m\"\nversion = 1\n".to_string();
        }
        let errors = Catalog::load(&broken).unwrap_err();
        assert!(!errors.is_empty());
        assert!(
            errors.iter().all(|e| !e.message.contains("is missing")),
            "{errors:?}"
        );
        assert!(
            errors.iter().any(|e| e.file == "m/module.toml"),
            "{errors:?}"
        );
        let orphan = vec![CatalogFile {
            path: "m/main.tf.tera".to_string(),
            contents: "# nothing\n".to_string(),
        }];
        let errors = Catalog::load(&orphan).unwrap_err();
        assert!(errors[0].message.contains("is missing"), "{errors:?}");
    }

    #[test]
    fn the_embedded_catalog_loads() {
        let catalog = Catalog::load(&embedded_files()).unwrap_or_else(|errors| {
            panic!(
                "{}",
                errors
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("\n")
            )
        });
        assert!(catalog.module("spa").is_some());
    }
}
