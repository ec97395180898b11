//! `hbmod init [DIR]` and `hbmod new service NAME`: a folder in, a new repository (org config,
//! one service with a static site, `.gitattributes`, `.gitignore`) or one new service out.
//! Existing files are never overwritten: in an existing repository, `init` appends the lines
//! `.gitignore` and `.gitattributes` lack, keeps an existing hbmod.toml and services/, and
//! reports what it added.

use std::path::{Path, PathBuf};

use crate::Outcome;

/// Arguments of `hbmod init`.
#[derive(clap::Args)]
pub struct InitArgs {
    /// Where to create the repository (default: the current folder).
    #[arg(default_value = ".")]
    dir: PathBuf,
}

/// Arguments of `hbmod new`.
#[derive(clap::Args)]
pub struct NewArgs {
    #[command(subcommand)]
    what: New,
}

#[derive(clap::Subcommand)]
enum New {
    /// Add `services/NAME/NAME.hb` to the repository.
    Service {
        /// The service's name: lowercase letters, digits and `_`.
        name: String,
        /// The team that owns it.
        #[arg(long, default_value = "my-team")]
        team: String,
        /// The repository (default: the current folder).
        #[arg(long, default_value = ".")]
        dir: PathBuf,
    },
}

const ORG_CONFIG: &str = r#"# The org config: every spec below this folder is built with it. See docs/config.md
# in the hbmod repository. Replace the account ids and the state bucket with yours.
org = "my-org"
allowed_regions = ["eu-west-1"]

[environments.playground]
account_id = "111111111111"
region = "eu-west-1"
# profile = "my-org-playground"    # the AWS profile `hbmod plan|apply` runs Terraform with

[environments.staging]
account_id = "222222222222"
region = "eu-west-1"

[environments.production]
account_id = "333333333333"
region = "eu-west-1"
protected = true                   # `hbmod apply` asks for the name to be typed

[state]
bucket = "my-org-terraform-state"
region = "eu-west-1"

[iam]
permissions_boundary = "arn:aws:iam::{account_id}:policy/platform-boundary"
"#;

const GITATTRIBUTES: &str = "# GitHub would show .hb files as Harbour; they read best as HCL.\n*.hb linguist-language=HCL\n# Specs keep LF line endings on every platform (hbmod fmt writes LF).\n*.hb text eol=lf\n";

const GITIGNORE: &str = "# Terraform's working files; the generated terraform/ folders are committed.\n.terraform/\n*.tfstate\n*.tfstate.backup\n# Function packages written by `hbmod package` (the folder also ignores itself).\n.artifacts/\n";

const INDEX_HTML: &str = "<!doctype html>\n<html lang=\"en\">\n  <head><meta charset=\"utf-8\"><title>Hello</title></head>\n  <body><h1>Hello from hbmod</h1></body>\n</html>\n";

fn spec(name: &str, team: &str, with_site: bool) -> String {
    let mut text = format!("service {name} <\n  team = \"{team}\",\n>\n");
    if with_site {
        text.push_str(&format!(
            "\n# A static site from ./dist; `hbmod catalog list` shows the other modules.\nspa site <\n  folder = \"./dist\",\n  domain = \"{}.example.com\",\n>\n",
            name.replace('_', "-")
        ));
    } else {
        text.push_str("\n# Add instances here, e.g. `table orders < partition_key = \"order_id\" >`;\n# `hbmod catalog list` shows the modules and `hbmod catalog show NAME` their parameters.\n");
    }
    text
}

/// Creates `files` under `root`, refusing to touch any that exist.
fn create(root: &Path, files: &[(String, String)]) -> Outcome {
    let existing: Vec<String> = files
        .iter()
        .filter(|(p, _)| root.join(p).exists())
        .map(|(p, _)| p.clone())
        .collect();
    if !existing.is_empty() {
        eprintln!(
            "error: {} already exist{}; nothing was created",
            existing.join(", "),
            if existing.len() == 1 { "s" } else { "" }
        );
        return Outcome::Failure;
    }
    for (path, contents) in files {
        let path = root.join(path);
        let written = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&path, contents));
        if let Err(error) = written {
            eprintln!("error: cannot write {}: {error}", path.display());
            return Outcome::Failure;
        }
        eprintln!("created {}", path.display());
    }
    Outcome::Clean
}

/// Appends to `path` the lines of `wanted` (comments included with the line after them) it
/// does not hold yet; returns the rules added.
fn merge_lines(path: &Path, wanted: &str) -> std::io::Result<Vec<String>> {
    let existing = std::fs::read_to_string(path)?;
    let have: std::collections::BTreeSet<&str> = existing.lines().map(str::trim).collect();
    let mut append = String::new();
    let mut added = Vec::new();
    let mut comment = String::new();
    for line in wanted.lines() {
        if line.starts_with('#') {
            comment = format!("{line}\n");
            continue;
        }
        if !have.contains(line.trim()) {
            append.push_str(&comment);
            append.push_str(line);
            append.push('\n');
            added.push(line.to_string());
        }
        comment.clear();
    }
    if !added.is_empty() {
        let mut text = existing;
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        text.push_str(&append);
        std::fs::write(path, text)?;
    }
    Ok(added)
}

/// `hbmod init`: a new repository, or hbmod added to an existing one.
pub fn init(args: &InitArgs) -> Outcome {
    let root = &args.dir;
    let mut files = Vec::new();
    let mut kept = Vec::new();
    if root.join("hbmod.toml").exists() {
        kept.push("hbmod.toml");
    } else {
        files.push(("hbmod.toml".to_string(), ORG_CONFIG.to_string()));
    }
    if root.join("services").exists() {
        kept.push("services/");
    } else {
        files.push((
            "services/web/web.hb".to_string(),
            spec("web", "my-team", true),
        ));
        files.push((
            "services/web/dist/index.html".to_string(),
            INDEX_HTML.to_string(),
        ));
    }
    for (name, contents) in [(".gitattributes", GITATTRIBUTES), (".gitignore", GITIGNORE)] {
        let path = root.join(name);
        if !path.exists() {
            files.push((name.to_string(), contents.to_string()));
            continue;
        }
        match merge_lines(&path, contents) {
            Ok(added) if added.is_empty() => kept.push(name),
            Ok(added) => eprintln!("added to {}: {}", path.display(), added.join(", ")),
            Err(error) => {
                eprintln!("error: cannot update {}: {error}", path.display());
                return Outcome::Failure;
            }
        }
    }
    let outcome = create(root, &files);
    if !kept.is_empty() {
        eprintln!("kept as they are: {}", kept.join(", "));
    }
    if outcome == Outcome::Clean {
        if files.iter().any(|(p, _)| p == "services/web/web.hb") {
            eprintln!("next: edit hbmod.toml (accounts, state bucket), then run `hbmod build` to write services/web/terraform/ and `hbmod apply web playground` to deploy it (docs/deploy.md)");
        } else {
            eprintln!("next: `hbmod new service NAME` adds a service; `hbmod build` writes each spec's terraform/");
        }
    }
    outcome
}

/// `hbmod new service NAME`.
pub fn new(args: &NewArgs) -> Outcome {
    let New::Service { name, team, dir } = &args.what;
    if !hbmod::text::valid_name(name) {
        eprintln!("error: `{name}` cannot name a service: use lowercase letters, digits and `_`, starting with a letter");
        return Outcome::Failure;
    }
    if team.is_empty()
        || !team.starts_with(|c: char| c.is_ascii_lowercase())
        || !team
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        eprintln!("error: `{team}` cannot name a team: use lowercase letters, digits and `-`, like \"web-team\"");
        return Outcome::Failure;
    }
    let files = vec![(
        format!("services/{name}/{name}.hb"),
        spec(name, team, false),
    )];
    create(dir, &files)
}
