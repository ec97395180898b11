//! A service or environment name from the command line in, the one spec or environment it
//! names out, or an error message with "did you mean". Pure: the candidates are given.

use std::path::PathBuf;

/// A spec a service name may refer to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// The spec file.
    pub spec: PathBuf,
    /// The name in its `service NAME < ... >` header, if it has one.
    pub header: Option<String>,
    /// The name of the folder it is in.
    pub folder: String,
}

impl Candidate {
    fn names(&self) -> impl Iterator<Item = &str> {
        self.header
            .as_deref()
            .into_iter()
            .chain([self.folder.as_str()])
    }
}

/// The one candidate whose header name or folder is `name`.
pub fn service<'a>(name: &str, candidates: &'a [Candidate]) -> Result<&'a Candidate, String> {
    let matching: Vec<&Candidate> = candidates
        .iter()
        .filter(|c| c.names().any(|n| n == name))
        .collect();
    match matching.as_slice() {
        [one] => Ok(one),
        [] => {
            let mut names: Vec<&str> = candidates.iter().flat_map(Candidate::names).collect();
            names.sort_unstable();
            names.dedup();
            let help = match hbmod::text::did_you_mean(name, names.iter().copied()) {
                Some(close) => format!("did you mean `{close}`?"),
                None if names.is_empty() => {
                    "no .hb spec below the current folder; run hbmod from the repository, or name the spec file".to_string()
                }
                None => format!("the services below the current folder: {}", names.join(", ")),
            };
            Err(format!("no service is named `{name}`\nhelp: {help}"))
        }
        several => {
            let specs: Vec<String> = several
                .iter()
                .map(|c| crate::files::display_name(&c.spec))
                .collect();
            Err(format!(
                "`{name}` names {} specs: {}\nhelp: name the spec file instead, like `hbmod plan {} ENV`",
                specs.len(),
                specs.join(", "),
                specs.first().map_or("", String::as_str)
            ))
        }
    }
}

/// `name` when it is one of `environments`, else an error with "did you mean".
pub fn environment<'a>(name: &str, environments: &[&'a str]) -> Result<&'a str, String> {
    if let Some(found) = environments.iter().find(|e| **e == name) {
        return Ok(found);
    }
    let help = match hbmod::text::did_you_mean(name, environments.iter().copied()) {
        Some(close) => format!("did you mean `{close}`?"),
        None => format!(
            "the environments of hbmod.toml: {}",
            environments.join(", ")
        ),
    };
    Err(format!("no environment is named `{name}`\nhelp: {help}"))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn candidate(spec: &str, header: Option<&str>, folder: &str) -> Candidate {
        Candidate {
            spec: PathBuf::from(spec),
            header: header.map(str::to_string),
            folder: folder.to_string(),
        }
    }

    #[test]
    fn a_service_is_found_by_header_or_folder() {
        let candidates = [
            candidate("services/clicks/clicks.hb", Some("clicks"), "clicks"),
            candidate("services/web/site.hb", Some("site"), "web"),
        ];
        assert_eq!(
            service("site", &candidates).unwrap().spec,
            PathBuf::from("services/web/site.hb")
        );
        assert_eq!(
            service("web", &candidates).unwrap().spec,
            PathBuf::from("services/web/site.hb")
        );
        let error = service("clics", &candidates).unwrap_err();
        assert!(error.contains("no service is named `clics`"), "{error}");
        assert!(error.contains("did you mean `clicks`?"), "{error}");
        let error = service("zzzzzz", &candidates).unwrap_err();
        assert!(error.contains("clicks, site, web"), "{error}");
    }

    #[test]
    fn an_ambiguous_name_lists_the_specs() {
        let candidates = [
            candidate("a/jobs/one.hb", Some("jobs"), "jobs"),
            candidate("a/jobs/two.hb", Some("two"), "jobs"),
        ];
        let error = service("jobs", &candidates).unwrap_err();
        assert!(
            error.contains("names 2 specs: a/jobs/one.hb, a/jobs/two.hb"),
            "{error}"
        );
    }

    #[test]
    fn an_unknown_environment_gets_did_you_mean() {
        let environments = ["playground", "staging", "production"];
        assert_eq!(environment("staging", &environments).unwrap(), "staging");
        let error = environment("prod", &environments).unwrap_err();
        assert!(error.contains("no environment is named `prod`"), "{error}");
        let error = environment("playgorund", &environments).unwrap_err();
        assert!(error.contains("did you mean `playground`?"), "{error}");
    }
}
