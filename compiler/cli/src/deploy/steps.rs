//! The deploy settings (Terraform command, credentials, profile, environment, root folder) in,
//! the exact command lines `hbmod plan|apply` runs out: program, arguments, extra environment
//! variables and folder. Pure, so the sequence is testable without processes; `--dry-run`
//! prints these.

use std::path::{Path, PathBuf};

use hbmod::config::{Credentials, Scanner};

/// One command to run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invocation {
    /// What the step is, for messages ("terraform init").
    pub label: String,
    /// The program (`terraform`, `tofu`, `aws-vault`, a scanner).
    pub program: String,
    /// Its arguments.
    pub args: Vec<String>,
    /// Environment variables set for it, in addition to hbmod's own environment.
    pub env: Vec<(String, String)>,
    /// The folder it runs in.
    pub dir: PathBuf,
}

impl Invocation {
    /// One line a person can read and paste into a shell: `(cd DIR && VAR=x program args)`.
    pub fn display(&self) -> String {
        let mut words: Vec<String> = self
            .env
            .iter()
            .map(|(key, value)| format!("{key}={}", quote(value)))
            .collect();
        words.push(quote(&self.program));
        words.extend(self.args.iter().map(|a| quote(a)));
        format!(
            "(cd {} && {})",
            quote(&self.dir.to_string_lossy()),
            words.join(" ")
        )
    }
}

/// A word quoted for a POSIX shell when it needs to be.
fn quote(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./=:@+,".contains(c));
    if plain {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

/// Everything the Terraform command lines depend on.
#[derive(Debug, Clone)]
pub struct Settings<'a> {
    /// `terraform` or `tofu`.
    pub terraform: &'a str,
    /// How credentials are obtained.
    pub credentials: Credentials,
    /// The environment's AWS profile.
    pub profile: Option<&'a str>,
    /// The environment (also the workspace).
    pub environment: &'a str,
    /// The generated root folder.
    pub dir: &'a Path,
}

/// The saved plan of `environment`, relative to the root folder (inside `.terraform/`, which
/// holds Terraform's own working files and is never committed).
pub fn plan_file(environment: &str) -> String {
    format!(".terraform/hbmod-{environment}.tfplan")
}

impl Settings<'_> {
    fn terraform(&self, label: &str, args: &[&str]) -> Invocation {
        let args: Vec<String> = args.iter().map(|a| (*a).to_string()).collect();
        let (program, args, env) = match (self.credentials, self.profile) {
            (Credentials::AwsVault, Some(profile)) => {
                let mut wrapped = vec![
                    "exec".to_string(),
                    profile.to_string(),
                    "--".to_string(),
                    self.terraform.to_string(),
                ];
                wrapped.extend(args);
                ("aws-vault".to_string(), wrapped, Vec::new())
            }
            (_, Some(profile)) => (
                self.terraform.to_string(),
                args,
                vec![("AWS_PROFILE".to_string(), profile.to_string())],
            ),
            (_, None) => (self.terraform.to_string(), args, Vec::new()),
        };
        Invocation {
            label: format!("{} {label}", self.terraform),
            program,
            args,
            env,
            dir: self.dir.to_path_buf(),
        }
    }

    /// `terraform init -input=false`: the backend of backend.tf, the providers.
    pub fn init(&self) -> Invocation {
        self.terraform("init", &["init", "-input=false"])
    }

    /// `terraform workspace select -or-create ENV`.
    pub fn workspace(&self) -> Invocation {
        self.terraform(
            "workspace select",
            &["workspace", "select", "-or-create", self.environment],
        )
    }

    /// `terraform plan -input=false -var-file=environments/ENV.tfvars -out=PLAN`.
    pub fn plan(&self) -> Invocation {
        let var_file = format!("-var-file=environments/{}.tfvars", self.environment);
        let out = format!("-out={}", plan_file(self.environment));
        self.terraform("plan", &["plan", "-input=false", &var_file, &out])
    }

    /// `terraform show -json PLAN`: the saved plan as JSON, for the summary.
    pub fn show(&self) -> Invocation {
        self.terraform("show", &["show", "-json", &plan_file(self.environment)])
    }

    /// `terraform apply -input=false PLAN`: exactly the saved plan.
    pub fn apply(&self) -> Invocation {
        self.terraform(
            "apply",
            &["apply", "-input=false", &plan_file(self.environment)],
        )
    }
}

/// The command line of a scanner over the root folder `dir`; each exits non-zero on a finding.
pub fn scanner(scanner: Scanner, dir: &Path) -> Invocation {
    let args: &[&str] = match scanner {
        Scanner::Checkov => &[
            "-d",
            ".",
            "--framework",
            "terraform",
            "--quiet",
            "--compact",
        ],
        Scanner::Trivy => &["config", "--exit-code", "1", "."],
        Scanner::Tfsec => &["."],
    };
    Invocation {
        label: scanner.name().to_string(),
        program: scanner.name().to_string(),
        args: args.iter().map(|a| (*a).to_string()).collect(),
        env: Vec::new(),
        dir: dir.to_path_buf(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(credentials: Credentials, profile: Option<&'static str>) -> Settings<'static> {
        Settings {
            terraform: "tofu",
            credentials,
            profile,
            environment: "staging",
            dir: Path::new("services/web/terraform"),
        }
    }

    #[test]
    fn the_sequence_uses_the_environment_and_its_saved_plan() {
        let s = settings(Credentials::Environment, None);
        let lines: Vec<String> = [s.init(), s.workspace(), s.plan(), s.show(), s.apply()]
            .iter()
            .map(Invocation::display)
            .collect();
        assert_eq!(
            lines,
            [
                "(cd services/web/terraform && tofu init -input=false)",
                "(cd services/web/terraform && tofu workspace select -or-create staging)",
                "(cd services/web/terraform && tofu plan -input=false -var-file=environments/staging.tfvars -out=.terraform/hbmod-staging.tfplan)",
                "(cd services/web/terraform && tofu show -json .terraform/hbmod-staging.tfplan)",
                "(cd services/web/terraform && tofu apply -input=false .terraform/hbmod-staging.tfplan)",
            ]
        );
    }

    #[test]
    fn a_profile_is_aws_profile_or_wrapped_by_aws_vault() {
        let plain = settings(Credentials::Environment, Some("example-staging")).init();
        assert_eq!(plain.program, "tofu");
        assert_eq!(
            plain.env,
            [("AWS_PROFILE".to_string(), "example-staging".to_string())]
        );
        let vault = settings(Credentials::AwsVault, Some("example-staging")).init();
        assert_eq!(vault.program, "aws-vault");
        assert_eq!(
            vault.args,
            [
                "exec",
                "example-staging",
                "--",
                "tofu",
                "init",
                "-input=false"
            ]
        );
        assert!(vault.env.is_empty());
    }

    #[test]
    fn odd_words_are_quoted_for_the_shell() {
        assert_eq!(quote("it's here"), r"'it'\''s here'");
        assert_eq!(quote(""), "''");
        assert_eq!(
            quote("-var-file=environments/a.tfvars"),
            "-var-file=environments/a.tfvars"
        );
    }
}
