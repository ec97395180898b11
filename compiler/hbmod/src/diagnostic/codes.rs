//! The registry of diagnostic codes: each code in, its title and markdown explanation out.

macro_rules! codes {
    ($($variant:ident => $title:literal,)*) => {
        /// A stable diagnostic code. Codes are never reused for another meaning.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $(
                #[doc = $title]
                $variant,
            )*
        }

        impl Code {
            /// Every code, in order.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The code as written in output, e.g. `HB0002`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => stringify!($variant),)*
                }
            }

            /// A one-line title, used as the SARIF rule description.
            pub fn title(self) -> &'static str {
                match self {
                    $(Code::$variant => $title,)*
                }
            }

            /// The markdown explanation printed by `hbmod explain`.
            pub fn explanation(self) -> &'static str {
                match self {
                    $(Code::$variant => include_str!(concat!("explanations/", stringify!($variant), ".md")),)*
                }
            }
        }
    };
}

codes! {
    HB0001 => "unexpected input",
    HB0002 => "parameter list not closed with `>`",
    HB0003 => "missing `=` between a parameter and its value",
    HB0004 => "missing value after `=`",
    HB0005 => "missing comma between two entries",
    HB0006 => "comma where no entry precedes it",
    HB0007 => "doubled comma",
    HB0008 => "string not closed on its line",
    HB0009 => "unknown escape sequence in a string",
    HB0010 => "unknown unit after a number",
    HB0011 => "unit separated from its number",
    HB0012 => "parameter given twice",
    HB0013 => "two instances with the same name",
    HB0014 => "list not closed with `]`",
    HB0015 => "map not closed with `}`",
    HB0016 => "name is not a valid identifier",
    HB0017 => "instance without a name",
    HB0018 => "lists and maps nested too deeply",
    HB0019 => "spec is not valid UTF-8 text",
    HB0020 => "number out of range",
    HB0021 => "service header given twice or after instances",
    HB0022 => "dotted key in an instance's parameters",
    HB0023 => "overlay key is not `instance.parameter`",
    HB0024 => "overlay sets a value on an unknown instance",
    HB0025 => "environment overlay given twice",
    HB0026 => "fractional number",
    HB0027 => "spec file too large",
    HB0028 => "unknown service header field",
    HB0029 => "map key given twice",
    HB0030 => "missing `<` after an instance name",
    HB0031 => "unknown module",
    HB0032 => "unknown parameter",
    HB0033 => "required parameters missing",
    HB0034 => "value of the wrong type",
    HB0035 => "invalid value",
    HB0036 => "unknown enum member",
    HB0037 => "value out of range",
    HB0038 => "folder or file not found",
    HB0039 => "path leaves the repository",
    HB0040 => "folder lacks required files",
    HB0041 => "reference to an unknown instance",
    HB0042 => "reference to the wrong kind of instance",
    HB0043 => "instances reference each other in a cycle",
    HB0044 => "domain outside its hosted zone",
    HB0045 => "reference to an unknown output",
    HB0046 => "service header incomplete",
    HB0047 => "an overlay value that cannot differ per environment",
    HB0048 => "a module produced invalid Terraform",
    HB0049 => "folder holds the spec or its output",
    HB0050 => "invalid org config",
    HB0051 => "required tag missing or not allowed",
    HB0052 => "a module refused the instance's values",
    HB0053 => "overlay for an unknown environment",
    HB0054 => "the generated Terraform breaks an org policy",
    HB0065 => "`was` names an instance that still exists",
    HB0066 => "two instances renamed from the same name",
    HB0067 => "`was` after a service header or overlay",
    HB0068 => "two specs in one folder would write the same output",
    HB0069 => "two specs name the same service",
    HB0070 => "a parameter exceeds a limit set by an instance it references",
    HB0080 => "catalog template uses an undeclared parameter",
    HB0081 => "catalog parameter no template uses",
    HB0082 => "module version is not semver",
    HB0083 => "pinned catalog version not in the bundle",
    HB0084 => "spec pins a catalog version that cannot be used",
    HB0085 => "catalog module does not load",
    HB0086 => "misplaced `_` in a number",
    HB0090 => "a function's dependency is not installed",
    HB0091 => "installed dependencies differ from the lockfile",
    HB0092 => "native code built for another platform than the function's",
    HB0093 => "package over Lambda's size limits",
    HB0094 => "dependencies hbmod cannot package for this runtime",
    HB0095 => "package.json or lockfile unreadable",
    HB0096 => "a file in the package cannot be read or packaged",
    HB0097 => "invalid `exclude` glob",
    HB0110 => "spec cannot be checked in the editor: its org config or catalog is broken",
}

impl Code {
    /// Looks a code up by its text, ignoring case (`hb0002` finds `HB0002`).
    pub fn parse(text: &str) -> Option<Code> {
        Code::ALL
            .iter()
            .copied()
            .find(|code| code.as_str().eq_ignore_ascii_case(text.trim()))
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeSet, HashMap};

    #[test]
    fn every_code_has_its_own_explanation() {
        let mut seen: HashMap<&str, Code> = HashMap::new();
        for &code in Code::ALL {
            let text = code.explanation();
            assert!(
                text.starts_with(&format!("# {code}")),
                "{code}: explanation must start with `# {code}`"
            );
            assert!(
                text.lines().count() >= 5,
                "{code}: explanation is too short"
            );
            if let Some(other) = seen.insert(text, code) {
                panic!("{code} and {other} share one explanation");
            }
        }
    }

    #[test]
    fn every_explanation_file_belongs_to_a_code() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/diagnostic/explanations");
        let files: BTreeSet<String> = std::fs::read_dir(dir)
            .map(|entries| {
                entries
                    .filter_map(Result::ok)
                    .map(|e| {
                        e.file_name()
                            .to_string_lossy()
                            .trim_end_matches(".md")
                            .to_string()
                    })
                    .collect()
            })
            .unwrap_or_default();
        let codes: BTreeSet<String> = Code::ALL.iter().map(|c| c.as_str().to_string()).collect();
        assert_eq!(files, codes, "explanation files and codes differ");
    }

    #[test]
    fn codes_parse_back() {
        for &code in Code::ALL {
            assert_eq!(Code::parse(&code.as_str().to_lowercase()), Some(code));
        }
        assert_eq!(Code::parse("HB9999"), None);
    }
}
