//! `stdlib/conventions.toml` (built into the binary) in, the conventions hbmod generates with
//! out: each AWS resource kind's name limits, and the Terraform and provider versions the
//! generated code pins. Data, so that a module with a new resource kind needs no Rust.

use std::sync::OnceLock;

use serde::Deserialize;

const CONVENTIONS: &str = include_str!("../../../../stdlib/conventions.toml");

/// The conventions, as `stdlib/conventions.toml` writes them.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Conventions {
    /// The oldest Terraform the generated code supports (`required_version`).
    pub terraform: String,
    /// Providers the generated code may require, aws first.
    #[serde(rename = "provider")]
    pub providers: Vec<Provider>,
    /// Every resource kind a module's `[names]` may ask for.
    #[serde(rename = "kind")]
    pub kinds: Vec<KindLimits>,
}

/// One provider hbmod pins.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Provider {
    /// Its local name (`random`).
    pub name: String,
    /// Its registry source (`hashicorp/random`).
    pub source: String,
    /// The version constraint (`~> 3.7`).
    pub version: String,
}

/// The limits of one AWS resource kind's names.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KindLimits {
    /// The kind's name, as module.toml `[names]` writes it.
    #[serde(rename = "name")]
    pub kind: String,
    /// The longest name hbmod generates (the AWS limit minus what templates append).
    pub max: usize,
    /// Whether `_` is allowed; when not, it becomes `-`.
    pub underscore: bool,
    /// Where the limit comes from, for docs and messages.
    pub note: String,
}

/// The conventions, read once. The file is part of hbmod's source and a test reads it, so it
/// always parses; were it not to, hbmod would know no kinds and no providers and say so in
/// every module's errors, not crash.
pub fn conventions() -> &'static Conventions {
    static READ: OnceLock<Conventions> = OnceLock::new();
    READ.get_or_init(|| {
        toml::from_str(CONVENTIONS).unwrap_or_else(|_| Conventions {
            terraform: String::new(),
            providers: Vec::new(),
            kinds: Vec::new(),
        })
    })
}

/// The provider hbmod pins under `name`.
pub fn provider(name: &str) -> Option<&'static Provider> {
    conventions().providers.iter().find(|p| p.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_conventions_file_parses_and_pins_aws() {
        let read: Conventions = toml::from_str(CONVENTIONS).unwrap_or_else(|e| panic!("{e}"));
        assert!(!read.terraform.is_empty());
        assert_eq!(read.providers.first().map(|p| p.name.as_str()), Some("aws"));
        assert!(read
            .kinds
            .iter()
            .any(|k| k.kind == "s3_bucket" && !k.underscore));
        assert_eq!(conventions().kinds.len(), read.kinds.len());
    }

    /// stdlib/naming.md's table lists every kind with its limit, and no other.
    #[test]
    fn the_naming_page_lists_every_kind() {
        let page = include_str!("../../../../stdlib/naming.md");
        let table = page
            .split_once("| kind | longest name | why |")
            .map_or("", |(_, rest)| rest.split("\n\n").next().unwrap_or(""));
        let rows: Vec<(&str, &str)> = table
            .lines()
            .filter_map(|line| {
                let mut cells = line.split('|').map(str::trim).skip(1);
                let kind = cells.next()?.strip_prefix('`')?.strip_suffix('`')?;
                Some((kind, cells.next()?))
            })
            .collect();
        let kinds: Vec<(&str, String)> = conventions()
            .kinds
            .iter()
            .map(|k| (k.kind.as_str(), k.max.to_string()))
            .collect();
        let listed: Vec<(&str, String)> =
            rows.iter().map(|(k, m)| (*k, (*m).to_string())).collect();
        assert_eq!(
            listed, kinds,
            "stdlib/naming.md and stdlib/conventions.toml differ"
        );
    }
}
