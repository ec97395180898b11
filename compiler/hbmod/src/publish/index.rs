//! A loaded catalog and its files in, the bundle's `index.json` model out: every module with
//! its version, parameters (types, defaults, required), outputs, grants and a digest of its
//! files. Read back with serde for the semver check. Schema: docs/catalog-index.schema.json.

pub use crate::version::Version;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::catalog::{Catalog, CatalogFile, Module};

/// The `schema` number of the index format this hbmod writes and reads.
pub const SCHEMA: u32 = 1;

/// A published catalog version: `index.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Index {
    /// The index format (`1`).
    pub schema: u32,
    /// The catalog version (semver `X.Y.Z`).
    pub version: String,
    /// The modules, in name order.
    pub modules: Vec<ModuleEntry>,
}

/// One module of a published catalog.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModuleEntry {
    /// The module name (its folder).
    pub name: String,
    /// The module's own version, from module.toml.
    pub version: String,
    /// One line saying what it builds.
    pub summary: String,
    /// Parameters, in declaration order.
    pub params: Vec<ParamEntry>,
    /// Outputs, in declaration order.
    pub outputs: Vec<OutputEntry>,
    /// Grants the module's instances can give.
    pub grants: Vec<GrantEntry>,
    /// The module's files in the bundle, relative to the bundle folder (`modules/spa/module.toml`).
    pub files: Vec<String>,
    /// Its README with generated Inputs/Outputs tables, relative to the bundle folder.
    pub docs: String,
    /// SHA-256 (hex) over the module's files, names and contents: any change shows here.
    pub sha256: String,
}

/// One parameter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParamEntry {
    /// Its name.
    pub name: String,
    /// Its type as written in module.toml (`"string(1..64)"`, `"enum{a, b}"`, `"domain?"`).
    #[serde(rename = "type")]
    pub ty: String,
    /// Whether a spec must set it.
    pub required: bool,
    /// Its default, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<serde_json::Value>,
    /// The default as a spec writes it (`4d`, `256MB`, `arm64`), when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_in_spec: Option<String>,
    /// What it is for.
    pub doc: String,
    /// For a reference parameter: the grant each referenced instance gives.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grant: Option<String>,
}

/// One output.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutputEntry {
    /// Its name.
    pub name: String,
    /// Its type.
    #[serde(rename = "type")]
    pub ty: String,
    /// What it is.
    pub doc: String,
}

/// One grant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GrantEntry {
    /// Its name (`read`, `send`...).
    pub name: String,
    /// What it allows.
    pub doc: String,
    /// Every IAM action it gives, in statement order.
    pub actions: Vec<String>,
}

/// The index of `catalog` (whose files are `files`) as version `version`.
pub fn build(catalog: &Catalog, files: &[CatalogFile], version: &str) -> Index {
    Index {
        schema: SCHEMA,
        version: version.to_string(),
        modules: catalog
            .modules()
            .map(|module| module_entry(module, files))
            .collect(),
    }
}

/// One module's entry, as index.json (and `catalog list|show --format json`) give it.
pub fn module_entry(module: &Module, files: &[CatalogFile]) -> ModuleEntry {
    let prefix = format!("{}/", module.name);
    let mut own: Vec<&CatalogFile> = files
        .iter()
        .filter(|f| f.path.starts_with(&prefix))
        .collect();
    own.sort_by(|a, b| a.path.cmp(&b.path));
    let mut hasher = Sha256::new();
    for file in &own {
        hasher.update(file.path.as_bytes());
        hasher.update([0]);
        hasher.update(file.contents.as_bytes());
        hasher.update([0]);
    }
    let sha256 = hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    ModuleEntry {
        name: module.name.clone(),
        version: module.version.clone(),
        summary: module.summary.clone(),
        params: module
            .params
            .values()
            .map(|p| ParamEntry {
                name: p.name.clone(),
                ty: p.ty.to_string(),
                required: p.required(),
                default: p.default.clone(),
                default_in_spec: p.default_in_spec(),
                doc: p.doc.clone(),
                grant: p.grant.clone(),
            })
            .collect(),
        outputs: module
            .outputs
            .iter()
            .map(|(name, o)| OutputEntry {
                name: name.clone(),
                ty: o.ty.to_string(),
                doc: o.doc.clone(),
            })
            .collect(),
        grants: module
            .grants
            .iter()
            .map(|(name, g)| GrantEntry {
                name: name.clone(),
                doc: g.doc.clone(),
                actions: g
                    .statements
                    .iter()
                    .flat_map(|s| s.actions.iter().cloned())
                    .collect(),
            })
            .collect(),
        files: own.iter().map(|f| format!("modules/{}", f.path)).collect(),
        docs: format!("docs/{}.md", module.name),
        sha256,
    }
}

/// Why an `index.json` was refused.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    /// Not the JSON shape of an index.
    #[error("{0}")]
    Json(#[from] serde_json::Error),
    /// Written by an hbmod with another index schema.
    #[error("index schema {0} is not the one this hbmod reads ({SCHEMA})")]
    Schema(u32),
    /// The catalog version is not `X.Y.Z`.
    #[error("`version` \"{0}\" is not X.Y.Z")]
    Version(String),
}

/// Parses `index.json`.
pub fn parse(text: &str) -> Result<Index, IndexError> {
    let index: Index = serde_json::from_str(text)?;
    if index.schema != SCHEMA {
        return Err(IndexError::Schema(index.schema));
    }
    if Version::parse(&index.version).is_none() {
        return Err(IndexError::Version(index.version));
    }
    Ok(index)
}

/// The index as pretty JSON with a final newline.
pub fn to_json(index: &Index) -> String {
    let mut text = serde_json::to_string_pretty(index).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The documented schema names exactly the keys the index has, and requires the ones that
    /// are always written.
    #[test]
    fn the_schema_matches_the_index() {
        let schema: serde_json::Value =
            serde_json::from_str(include_str!("../../../../docs/catalog-index.schema.json"))
                .unwrap();
        let files = crate::catalog::embedded_files();
        let catalog = Catalog::load(&files).unwrap();
        let index = serde_json::to_value(build(&catalog, &files, "1.0.0")).unwrap();
        let check = |object: &serde_json::Value, schema: &serde_json::Value, what: &str| {
            let keys: Vec<&String> = object.as_object().unwrap().keys().collect();
            let properties = schema["properties"].as_object().unwrap();
            for key in &keys {
                assert!(
                    properties.contains_key(*key),
                    "{what}: `{key}` is not in the schema"
                );
            }
            for required in schema["required"].as_array().unwrap() {
                assert!(
                    keys.iter().any(|k| *k == required.as_str().unwrap()),
                    "{what}: `{required}` is missing"
                );
            }
        };
        check(&index, &schema, "index");
        let defs = &schema["$defs"];
        for module in index["modules"].as_array().unwrap() {
            check(module, &defs["module"], "module");
            for (list, def) in [
                ("params", "param"),
                ("outputs", "output"),
                ("grants", "grant"),
            ] {
                for item in module[list].as_array().unwrap() {
                    check(item, &defs[def], def);
                }
            }
        }
    }

    #[test]
    fn the_index_reads_back() {
        let files = crate::catalog::embedded_files();
        let catalog = Catalog::load(&files).unwrap();
        let index = build(&catalog, &files, "1.0.0");
        assert_eq!(parse(&to_json(&index)).unwrap(), index);
        assert!(index.modules.iter().any(|m| m.name == "spa"));
    }
}
