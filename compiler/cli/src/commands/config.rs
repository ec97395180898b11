//! `hbmod config show [DIR]`: a folder in, the org config that governs the specs there out,
//! each value with where it came from (the `hbmod.toml` file, or hbmod's default).

use std::fmt::Write as _;
use std::path::PathBuf;

use crate::repo::Repository;
use crate::Outcome;

/// Arguments of `hbmod config`.
#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Subcommand)]
enum Command {
    /// Print the effective org config for the specs in a folder, and where each value comes from.
    Show {
        /// The folder (default: the current one).
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
}

/// Prints the effective config.
pub fn run(args: &Args, color: bool) -> Outcome {
    let Command::Show { dir } = &args.command;
    let repo = match Repository::around_folder(dir) {
        Ok(repo) => repo,
        Err(error) => {
            eprintln!("error: cannot read {}: {error}", dir.display());
            return Outcome::Failure;
        }
    };
    let loaded = match crate::config::load(dir, &repo, color) {
        Ok(loaded) => loaded,
        Err(rendered) => {
            eprint!("{rendered}");
            return Outcome::Findings;
        }
    };
    let mut out = String::new();
    match &loaded {
        None => {
            let defaults = hbmod::stdlib::DEFAULT_ENVIRONMENTS.join(", ");
            let _ = writeln!(
                out,
                "no hbmod.toml between {} and the repository root; hbmod's defaults apply:",
                dir.display()
            );
            let _ = writeln!(out, "environments          {defaults}  (default; region and account left to the Terraform run)");
            let _ = writeln!(out, "state                 none: local state  (default)");
            let _ = writeln!(
                out,
                "permissions boundary  var.permissions_boundary_arn, set at apply time  (default)"
            );
            let _ = writeln!(out, "required tags         none  (default)");
        }
        Some((config, file)) => {
            let from = format!("({file})");
            let _ = writeln!(out, "org                   {}  {from}", config.org);
            for (name, environment) in &config.environments {
                let _ = writeln!(
                    out,
                    "environment           {name}: account {}, region {}  {from}",
                    environment.account_id, environment.region
                );
            }
            let allowed = if config.allowed_regions.is_empty() {
                "any".to_string()
            } else {
                config.allowed_regions.join(", ")
            };
            let _ = writeln!(
                out,
                "allowed regions       {allowed}  {}",
                if config.allowed_regions.is_empty() {
                    "(default)"
                } else {
                    &from
                }
            );
            match &config.state {
                Some(state) => {
                    let _ = writeln!(out, "state                 s3://{} in {}, S3 lock file, one workspace per environment  {from}", state.bucket, state.region);
                }
                None => {
                    let _ = writeln!(out, "state                 none: local state  (default)");
                }
            }
            match &config.permissions_boundary {
                Some(arn) => {
                    let _ = writeln!(out, "permissions boundary  {arn}  {from}");
                }
                None => {
                    let _ = writeln!(out, "permissions boundary  var.permissions_boundary_arn, set at apply time  (default)");
                }
            }
            match &config.abac_tag_key {
                Some(key) => {
                    let _ = writeln!(out, "ABAC                  on: team tag `{key}`, granted statements conditioned on it  {from}");
                }
                None => {
                    let _ = writeln!(
                        out,
                        "ABAC                  off: team tag `Team`, no tag conditions  (default)"
                    );
                }
            }
            let stdlib: Vec<String> = hbmod::policy::rules::stdlib()
                .into_iter()
                .map(|r| r.id)
                .collect();
            let _ = writeln!(
                out,
                "policies              stdlib: {}  (stdlib/policies.toml)",
                stdlib.join(", ")
            );
            if !config.policies.is_empty() {
                let own: Vec<&str> = config.policies.iter().map(|r| r.id.as_str()).collect();
                let _ = writeln!(out, "policies              org: {}  {from}", own.join(", "));
            }
            if config.required_tags.is_empty() {
                let _ = writeln!(out, "required tags         none  (default)");
            }
            for (key, values) in &config.required_tags {
                let allowed = if values.is_empty() {
                    "any value".to_string()
                } else {
                    values.join(", ")
                };
                let _ = writeln!(out, "required tag          {key}: {allowed}  {from}");
            }
        }
    }
    let (catalog, naming) = match &loaded {
        Some((config, file)) => (
            config.catalog.as_ref().map(|path| match &config.catalog_version {
                Some(pin) => format!(
                    "{path}/{}  (version {} pinned in {file}; a spec's `catalog = \"X.Y.Z\"` or --catalog DIR overrides)",
                    pin.version, pin.version
                ),
                None => format!("{path} (relative to {file}; --catalog DIR overrides)"),
            }),
            config
                .naming
                .as_ref()
                .map(|pattern| format!("{pattern}  ({file})")),
        ),
        None => (None, None),
    };
    let _ = writeln!(
        out,
        "catalog               {}",
        catalog.unwrap_or_else(|| format!(
            "embedded in hbmod {}  (default; --catalog DIR overrides)",
            env!("CARGO_PKG_VERSION")
        ))
    );
    let _ = writeln!(
        out,
        "naming                {}",
        naming.unwrap_or_else(|| format!("{}  (default)", hbmod::stdlib::naming::DEFAULT_PATTERN))
    );
    print!("{out}");
    Outcome::Clean
}
