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
        /// `human`, or `json`: one document on stdout with every effective value and `file`
        /// (the hbmod.toml it comes from, `null` for hbmod's defaults); fields are only added.
        #[arg(long, value_enum, default_value_t = super::catalog::Output::Human)]
        format: super::catalog::Output,
    },
}

/// Prints the effective config.
pub fn run(args: &Args, color: bool) -> Outcome {
    let Command::Show { dir, format } = &args.command;
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
    if *format == super::catalog::Output::Json {
        let document = json(
            loaded
                .as_ref()
                .map(|(config, file)| (config, file.as_str())),
        );
        println!(
            "{}",
            serde_json::to_string_pretty(&document).unwrap_or_default()
        );
        return Outcome::Clean;
    }
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

/// The effective config as JSON: hbmod's defaults where there is no hbmod.toml or no value.
fn json(loaded: Option<(&hbmod::config::OrgConfig, &str)>) -> serde_json::Value {
    use serde_json::{json, Value};
    let stdlib: Vec<String> = hbmod::policy::rules::stdlib()
        .into_iter()
        .map(|r| r.id)
        .collect();
    let Some((config, file)) = loaded else {
        return json!({
            "file": Value::Null,
            "org": "",
            "environments": hbmod::stdlib::DEFAULT_ENVIRONMENTS
                .iter()
                .map(|name| json!({ "name": name }))
                .collect::<Vec<_>>(),
            "allowed_regions": [],
            "state": Value::Null,
            "permissions_boundary": Value::Null,
            "abac_tag_key": Value::Null,
            "policies": { "stdlib": stdlib, "org": [] },
            "required_tags": {},
            "naming": hbmod::stdlib::naming::DEFAULT_PATTERN,
            "catalog": Value::Null,
        });
    };
    json!({
        "file": file,
        "org": config.org,
        "environments": config.environments.iter().map(|(name, e)| json!({
            "name": name,
            "account_id": e.account_id,
            "region": e.region,
            "profile": e.profile,
            "protected": e.protected,
        })).collect::<Vec<_>>(),
        "allowed_regions": config.allowed_regions,
        "state": config.state.as_ref().map(|s| json!({ "bucket": s.bucket, "region": s.region })),
        "permissions_boundary": config.permissions_boundary,
        "abac_tag_key": config.abac_tag_key,
        "policies": {
            "stdlib": stdlib,
            "org": config.policies.iter().map(|r| r.id.clone()).collect::<Vec<_>>(),
        },
        "required_tags": config.required_tags,
        "naming": config.naming.clone().unwrap_or_else(|| hbmod::stdlib::naming::DEFAULT_PATTERN.to_string()),
        "catalog": config.catalog.as_ref().map(|path| json!({
            "path": path,
            "version": config.catalog_version.as_ref().map(|pin| pin.version.clone()),
        })),
    })
}
