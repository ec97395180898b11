//! `hbmod catalog list|show|check|publish|diff`: the module catalog in; its documentation for
//! the terminal, its check report, a published versioned bundle (index.json, sources, docs, an
//! offline HTML page) with the semver check against the previous one, or the generated-Terraform
//! diff every consumer spec sees between two catalog versions out.

use std::fmt::Write as _;
use std::path::PathBuf;

use hbmod::catalog::{Catalog, Module};

use crate::{catalog, Outcome};

/// Arguments of `hbmod catalog`.
#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
    /// A catalog folder to use instead of the one built into hbmod.
    #[arg(long, global = true)]
    catalog: Option<PathBuf>,
}

/// `catalog list|show --format json`: the modules as index.json lists them.
#[derive(serde::Serialize)]
struct Modules {
    modules: Vec<hbmod::publish::index::ModuleEntry>,
}

/// How `list` and `show` print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Output {
    /// Text for people.
    #[default]
    Human,
    /// JSON on stdout: `{"modules": [...]}` with index.json's module entries
    /// (docs/catalog-index.schema.json); fields are only ever added.
    Json,
}

#[derive(clap::Subcommand)]
enum Command {
    /// List the modules with their versions.
    List {
        /// `human`, or `json` (index.json's module entries).
        #[arg(long, value_enum, default_value_t = Output::Human)]
        format: Output,
    },
    /// Show one module: parameters, outputs, grants and an example.
    Show {
        /// The module's name, e.g. `spa`.
        name: String,
        /// `human`, or `json` (the module's index.json entry).
        #[arg(long, value_enum, default_value_t = Output::Human)]
        format: Output,
    },
    /// Check every module: interface, parameter use, examples and boundary values build.
    Check {
        /// How to print problems: `human` on stderr, `json` or `sarif` on stdout.
        #[arg(long, value_enum, default_value_t = super::check::Format::Human)]
        format: super::check::Format,
    },
    /// Publish a versioned bundle (index.json, sources, docs, HTML page) into DIR/<version>/.
    Publish(super::publish::Args),
    /// Show what changes for every consumer spec between two catalog versions.
    Diff(super::publish::DiffArgs),
}

/// Runs one `hbmod catalog` command.
pub fn run(args: &Args, color: bool) -> Outcome {
    match &args.command {
        Command::Check { format } => {
            return super::publish::check(args.catalog.as_deref(), *format, color)
        }
        Command::Publish(publish) => {
            return super::publish::publish(publish, args.catalog.as_deref(), color)
        }
        Command::Diff(diff) => return super::publish::diff(diff, color),
        Command::List { .. } | Command::Show { .. } => {}
    }
    let Some((catalog, files)) = catalog::load_with_files(args.catalog.as_deref()) else {
        return Outcome::Failure;
    };
    let json = |modules: Vec<&Module>| {
        let entries: Vec<_> = modules
            .into_iter()
            .map(|module| hbmod::publish::index::module_entry(module, &files))
            .collect();
        println!(
            "{}",
            serde_json::to_string_pretty(&Modules { modules: entries }).unwrap_or_default()
        );
    };
    match &args.command {
        Command::List {
            format: Output::Json,
        } => {
            json(catalog.modules().collect());
            Outcome::Clean
        }
        Command::Show {
            name,
            format: Output::Json,
        } => match catalog.module(name) {
            Some(module) => {
                json(vec![module]);
                Outcome::Clean
            }
            None => {
                unknown(&catalog, name);
                Outcome::Failure
            }
        },
        Command::List { .. } => {
            let width = catalog.modules().map(|m| m.name.len()).max().unwrap_or(0);
            for module in catalog.modules() {
                println!(
                    "{:<width$}  {:<8}  {}",
                    module.name, module.version, module.summary
                );
            }
            Outcome::Clean
        }
        Command::Show { name, .. } => match catalog.module(name) {
            Some(module) => {
                print!("{}", show(module));
                Outcome::Clean
            }
            None => {
                unknown(&catalog, name);
                Outcome::Failure
            }
        },
        Command::Check { .. } | Command::Publish(_) | Command::Diff(_) => Outcome::Failure,
    }
}

fn unknown(catalog: &Catalog, name: &str) {
    let names: Vec<&str> = catalog.modules().map(|m| m.name.as_str()).collect();
    eprintln!("error: the catalog has no module `{name}`");
    match hbmod::text::did_you_mean(name, names.iter().copied()) {
        Some(close) => {
            eprintln!("help: did you mean `{close}`? run `hbmod catalog list` to see them all")
        }
        None => eprintln!("help: the catalog has {}", hbmod::text::quoted_list(&names)),
    }
}

/// One module's documentation as text.
fn show(module: &Module) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} {} — {}\n",
        module.name, module.version, module.summary
    );
    let _ = writeln!(out, "PARAMETERS");
    for param in module.params.values() {
        let default = match (&param.default, param.required()) {
            (_, true) => "required".to_string(),
            (Some(_), _) => format!("default {}", param.default_in_spec().unwrap_or_default()),
            (None, false) => "optional".to_string(),
        };
        let _ = writeln!(out, "  {}: {}  ({default})", param.name, param.ty);
        let _ = writeln!(out, "      {}", param.doc);
        if let Some(grant) = &param.grant {
            let _ = writeln!(
                out,
                "      each referenced instance grants `{grant}` access"
            );
        }
    }
    if !module.outputs.is_empty() {
        let _ = writeln!(out, "\nOUTPUTS (reference them as `<instance>.<output>`)");
        for (name, output) in &module.outputs {
            let _ = writeln!(out, "  {name}: {}\n      {}", output.ty, output.doc);
        }
    }
    if let Some(referenced) = &module.referenced {
        let _ = writeln!(out, "\nREFERENCES\n  {referenced}");
    }
    if !module.grants.is_empty() {
        let _ = writeln!(
            out,
            "\nGRANTS (access this module gives to instances that reference it)"
        );
        for (name, grant) in &module.grants {
            let _ = writeln!(out, "  {name}: {}", grant.doc);
            for statement in &grant.statements {
                let _ = writeln!(out, "      {}", statement.actions.join(", "));
            }
        }
    }
    // The shortest example is the one that shows what a spec must say.
    if let Some((file, text)) = module.examples.iter().min_by_key(|(_, text)| text.len()) {
        let _ = writeln!(out, "\nEXAMPLE ({file})\n");
        for line in text.lines() {
            let _ = writeln!(out, "{}", format!("  {line}").trim_end());
        }
    }
    out
}
