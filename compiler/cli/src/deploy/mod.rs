//! `hbmod plan|apply SERVICE-or-SPEC ENV`: a service and environment in, that environment
//! deployed out — drift refused, functions packaged, the org's scanners run, then Terraform
//! (or OpenTofu) init, workspace, plan with the environment's tfvars and credentials, a short
//! summary, and for apply exactly the saved plan after a confirmation. The pure parts are
//! `lookup` (names), `steps` (command lines) and `summary` (the plan's JSON); `process` runs.

pub mod lookup;
pub mod process;
pub mod steps;
pub mod summary;

use std::collections::BTreeMap;
use std::io::{BufRead as _, Write as _};
use std::path::{Path, PathBuf};

use hbmod::config::{Credentials, OrgConfig, Tool};
use hbmod::diagnostic::{self, render};
use hbmod::emit::GeneratedFile;
use hbmod::workspace::SetupError;

use crate::setup::Repositories;
use crate::{catalog, files, write, Outcome};
use steps::{Invocation, Settings};

/// `plan` or `apply`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Stop after the plan and its summary.
    Plan,
    /// Apply the saved plan after confirmation.
    Apply,
}

/// What the command line asked for.
pub struct Request<'a> {
    /// A service name, a spec file or a service folder.
    pub target: &'a str,
    /// The environment.
    pub environment: &'a str,
    /// `--catalog DIR`.
    pub catalog: Option<&'a Path>,
    /// `--dry-run`: print the commands, run none.
    pub dry_run: bool,
    /// `--auto-approve` (apply only).
    pub auto_approve: bool,
    /// `plan` or `apply`.
    pub mode: Mode,
}

/// Exit codes: 0 applied, planned or no changes; 1 refused or Terraform failed; 2 usage.
pub fn run(request: &Request<'_>, color: bool) -> Outcome {
    match deploy(request, color) {
        Ok(()) => Outcome::Clean,
        Err(Stop::Usage(message)) => {
            eprintln!("error: {message}");
            Outcome::Failure
        }
        Err(Stop::Refused(message)) => {
            if !message.is_empty() {
                eprintln!("error: {message}");
            }
            Outcome::Findings
        }
    }
}

/// Why a deploy stopped.
enum Stop {
    /// Exit 2: a name, path or argument is wrong.
    Usage(String),
    /// Exit 1: refused, or a step failed (the message may already have been printed: empty).
    Refused(String),
}

fn deploy(request: &Request<'_>, color: bool) -> Result<(), Stop> {
    let spec = find_spec(request.target)?;
    let choice = catalog::choice(request.catalog).ok_or(Stop::Usage(String::new()))?;
    let (repositories, mut located) = Repositories::locate(std::slice::from_ref(&spec), None);
    let located = located
        .pop()
        .ok_or_else(|| Stop::Usage("nothing to deploy".to_string()))?
        .map_err(Stop::Usage)?;
    let workspaces = repositories.workspaces(&choice);
    let workspace = workspaces
        .get(located.repo)
        .ok_or_else(|| Stop::Usage("nothing to deploy".to_string()))?;
    let loaded = files::load(&located.path).map_err(Stop::Usage)?;
    if let Some(error) = loaded.encoding_error {
        eprint!("{}", render::human(&loaded.source, &[error], color));
        return Err(Stop::Refused(String::new()));
    }
    let setup = workspace
        .setup(&located.spec_path, &located.output_dir, &loaded.source)
        .map_err(|error| {
            eprint!(
                "{}",
                crate::config::Reported::default().render(&error, Some(&loaded.source), color)
            );
            match error {
                SetupError::Read(_) => Stop::Usage(String::new()),
                _ => Stop::Refused(format!("{} cannot be deployed", loaded.source.name())),
            }
        })?;
    let environment =
        lookup::environment(request.environment, &setup.environments()).map_err(Stop::Usage)?;
    let config = setup.config.as_ref().map(|loaded| &loaded.config);
    let target = located.target.as_path();
    let what = format!("{} in {environment}", loaded.source.name());

    // 1. The generated folder must be what a fresh build writes.
    let (generated, diagnostics) = setup.build(workspace.world(), &loaded.source);
    eprint!("{}", render::human(&loaded.source, &diagnostics, color));
    let generated = generated
        .filter(|_| !diagnostic::has_errors(&diagnostics))
        .ok_or_else(|| {
            Stop::Refused(format!(
                "{} does not build; nothing was deployed",
                loaded.source.name()
            ))
        })?;
    refuse_drift(target, &generated, loaded.source.name())?;

    // 2. Functions packaged, artifacts current.
    let root = repositories
        .list
        .get(located.repo)
        .map(|repository| repository.root().to_path_buf())
        .ok_or_else(|| Stop::Usage("nothing to deploy".to_string()))?;
    package_step(
        &root,
        &setup,
        workspace.world(),
        &loaded.source,
        target,
        color,
    )?;

    let account = config
        .and_then(|c| c.environments.get(environment))
        .map(|e| e.account_id.clone());
    let settings = settings(config, environment, target)?;
    let scanners = config
        .map(|c| c.deploy.scanners.clone())
        .unwrap_or_default();
    let scans: Vec<Invocation> = scanners
        .iter()
        .map(|scanner| steps::scanner(*scanner, target))
        .collect();
    let mut sequence = vec![
        settings.init(),
        settings.workspace(),
        settings.plan(),
        settings.show(),
    ];
    if request.mode == Mode::Apply {
        sequence.push(settings.apply());
    }
    let account_text = account.as_deref().map_or(
        "the account of your credentials (hbmod.toml sets none)".to_string(),
        |a| format!("account {a}"),
    );
    if request.dry_run {
        println!("{what} ({account_text}); dry run, nothing is run:");
        for invocation in scans.iter().chain(&sequence) {
            println!("  {}", invocation.display());
        }
        return Ok(());
    }
    for scan in &scans {
        if process::on_path(&scan.program).is_none() {
            return Err(Stop::Refused(format!(
                "the scanner `{}` is named in hbmod.toml `[deploy] scanners` but is not installed (not on PATH)\nhelp: install it, or remove it from `scanners`; hbmod never deploys without a scanner the org asked for",
                scan.program
            )));
        }
    }
    if let Some(program) = sequence.first().map(|i| i.program.clone()) {
        if process::on_path(&program).is_none() {
            return Err(Stop::Refused(format!(
                "`{program}` is not installed (not on PATH)\nhelp: {}",
                if program == "aws-vault" {
                    "install aws-vault, or remove `credentials = \"aws-vault\"` from hbmod.toml `[deploy]`"
                } else {
                    "install it, or choose the other with `[deploy] terraform = \"terraform\" | \"tofu\"` in hbmod.toml"
                }
            )));
        }
    }
    let runner = process::Runner::start().map_err(Stop::Refused)?;

    // 3. The org's scanners: a finding stops the run.
    for scan in &scans {
        eprintln!("hbmod: {}", scan.display());
        let ran = runner.run(scan, false).map_err(Stop::Refused)?;
        stop_if_interrupted(&runner)?;
        if !ran.success() {
            return Err(Stop::Refused(format!(
                "{} found problems in {} (exit {}); nothing was deployed\nhelp: fix them in the spec or the catalog module, then run again",
                scan.program,
                files::display_name(target),
                ran.code.map_or("by signal".to_string(), |c| c.to_string())
            )));
        }
    }

    // 4. init, workspace, plan, and the plan read back for the summary.
    let [init, select, plan, show, rest @ ..] = sequence.as_slice() else {
        return Err(Stop::Refused(
            "internal error: no Terraform sequence".to_string(),
        ));
    };
    if needs_init(target) {
        terraform_step(&runner, init, false, environment, account.as_deref())?;
    } else {
        eprintln!(
            "hbmod: {} is initialised and no .tf file changed since; no init",
            files::display_name(target)
        );
    }
    for step in [select, plan] {
        terraform_step(&runner, step, false, environment, account.as_deref())?;
    }
    let shown = terraform_step(&runner, show, true, environment, account.as_deref())?;
    let planned = summary::read(&shown)
        .map_err(|e| Stop::Refused(format!("cannot read the saved plan: {e}")))?;
    let permissions = permissions(&generated, environment);
    print!("{}", summary::render(&planned, &what, &permissions));
    let _ = std::io::stdout().flush();
    if request.mode == Mode::Plan {
        return Ok(());
    }
    if planned.is_empty() {
        eprintln!("hbmod: nothing to apply");
        return Ok(());
    }

    // 5. Exactly the saved plan, after confirmation.
    let protected = config
        .and_then(|c| c.environments.get(environment))
        .is_some_and(|e| e.protected);
    confirm(request.auto_approve, protected, environment, &account_text)?;
    for step in rest {
        terraform_step(&runner, step, false, environment, account.as_deref())?;
    }
    eprintln!("hbmod: applied {what}");
    Ok(())
}

/// Whether `terraform init` must run: the folder was never initialised (no
/// `.terraform/terraform.tfstate`, Terraform's record of the backend), or a `.tf` file (backend,
/// providers, an override) changed since. Re-initialising an unchanged folder would only ask
/// the registry again (and fail offline).
fn needs_init(dir: &Path) -> bool {
    let modified = |path: &Path| path.metadata().and_then(|m| m.modified()).ok();
    let Some(initialised) = modified(&dir.join(".terraform/terraform.tfstate")) else {
        return true;
    };
    let Ok(entries) = std::fs::read_dir(dir) else {
        return true;
    };
    entries.flatten().any(|entry| {
        let path = entry.path();
        path.extension().is_some_and(|e| e == "tf")
            && modified(&path).is_none_or(|changed| changed >= initialised)
    })
}

/// The spec a command-line target names: a spec file, a folder with one spec, or a service
/// name looked up below the current folder (catalog module examples left out).
fn find_spec(target: &str) -> Result<PathBuf, Stop> {
    let path = PathBuf::from(target);
    if path.is_file() {
        return Ok(path);
    }
    if path.is_dir() && (target.contains('/') || target == ".") {
        let specs = files::expand(std::slice::from_ref(&path)).map_err(Stop::Usage)?;
        return match specs.as_slice() {
            [one] => Ok(one.clone()),
            _ => Err(Stop::Usage(format!(
                "{target} holds {} specs; name one of them",
                specs.len()
            ))),
        };
    }
    let specs = files::expand(&[PathBuf::from(".")]).unwrap_or_default();
    let candidates: Vec<lookup::Candidate> = specs
        .into_iter()
        .filter(|spec| {
            !spec
                .ancestors()
                .skip(1)
                .any(|dir| dir.join("module.toml").is_file())
        })
        .map(|spec| {
            let folder = spec
                .parent()
                .and_then(|dir| dir.canonicalize().ok())
                .and_then(|dir| dir.file_name().map(|n| n.to_string_lossy().into_owned()))
                .unwrap_or_default();
            let header = files::load(&spec)
                .ok()
                .and_then(|loaded| service_name(&loaded.source));
            let spec = PathBuf::from(files::display_name(&spec));
            lookup::Candidate {
                spec,
                header,
                folder,
            }
        })
        .collect();
    lookup::service(target, &candidates)
        .map(|c| c.spec.clone())
        .map_err(Stop::Usage)
}

/// The name in a spec's `service NAME < ... >` header.
fn service_name(source: &hbmod::SourceFile) -> Option<String> {
    let (file, _) = hbmod::syntax::parse(source);
    file.items.iter().find_map(|item| match item {
        hbmod::syntax::ast::Item::Service(block) => block.name.as_ref().map(|n| n.name.clone()),
        _ => None,
    })
}

fn refuse_drift(target: &Path, generated: &[GeneratedFile], spec: &str) -> Result<(), Stop> {
    if !target.is_dir() {
        return Err(Stop::Refused(format!(
            "{} does not exist: the spec was never built; nothing was deployed\nhelp: run `hbmod build {spec}`, review and commit the result, then deploy",
            files::display_name(target)
        )));
    }
    match write::drift(target, generated) {
        Ok(diff) if diff.is_empty() => Ok(()),
        Ok(diff) => {
            print!("{diff}");
            Err(Stop::Refused(format!(
                "{} is not what the spec builds (the diff above goes from it to a fresh build); nothing was deployed\nhelp: run `hbmod build {spec}`, review and commit the result, then deploy",
                files::display_name(target)
            )))
        }
        Err(error) => Err(Stop::Refused(format!(
            "cannot read {}: {error}",
            files::display_name(target)
        ))),
    }
}

/// Step 2: the service's functions packaged as `hbmod package` does (the zips the generated
/// Terraform deploys), refused before Terraform runs when a package cannot be made.
fn package_step(
    root: &Path,
    setup: &hbmod::workspace::Setup,
    world: &dyn hbmod::world::World,
    source: &hbmod::SourceFile,
    target: &Path,
    color: bool,
) -> Result<(), Stop> {
    match crate::package::package_spec(root, setup, world, source, target, false) {
        Ok(done) => {
            for package in done.iter().filter(|p| p.changed) {
                eprintln!(
                    "packaged {} ({} files, {} bytes)",
                    files::display_name(&package.path),
                    package.files,
                    package.bytes
                );
            }
            Ok(())
        }
        Err(diagnostics) => {
            eprint!("{}", render::human(source, &diagnostics, color));
            Err(Stop::Refused(format!(
                "{}'s functions cannot be packaged; nothing was deployed",
                source.name()
            )))
        }
    }
}

/// The Terraform command lines' settings for `environment` under `config`.
fn settings<'a>(
    config: Option<&'a OrgConfig>,
    environment: &'a str,
    target: &'a Path,
) -> Result<Settings<'a>, Stop> {
    let deploy = config.map(|c| c.deploy.clone()).unwrap_or_default();
    let terraform = match deploy.terraform {
        Some(tool) => tool.command(),
        None if process::on_path(Tool::Terraform.command()).is_some() => Tool::Terraform.command(),
        None if process::on_path(Tool::Tofu.command()).is_some() => Tool::Tofu.command(),
        None => Tool::Terraform.command(),
    };
    let profile = config
        .and_then(|c| c.environments.get(environment))
        .and_then(|e| e.profile.as_deref());
    Ok(Settings {
        terraform,
        credentials: deploy.credentials,
        profile: if deploy.credentials == Credentials::AwsVault || profile.is_some() {
            profile
        } else {
            None
        },
        environment,
        dir: target,
    })
}

/// Runs one Terraform step; a failure stops the deploy, explained where hbmod knows why.
fn terraform_step(
    runner: &process::Runner,
    step: &Invocation,
    capture: bool,
    environment: &str,
    account: Option<&str>,
) -> Result<String, Stop> {
    eprintln!("hbmod: {}", step.display());
    let ran = runner.run(step, capture).map_err(Stop::Refused)?;
    stop_if_interrupted(runner)?;
    if ran.success() {
        return Ok(ran.stdout);
    }
    let mut message = format!(
        "`{}` failed (exit {}); nothing after it was run",
        step.label,
        ran.code.map_or("by signal".to_string(), |c| c.to_string())
    );
    if ran.stderr.contains("account ID not allowed") || ran.stderr.contains("AccountID not allowed")
    {
        message.push_str(&format!(
            "\nhelp: the credentials Terraform got belong to another AWS account than {} of `{environment}` in hbmod.toml; the provider's `allowed_account_ids` refused them before anything changed. Use the environment's credentials: set its `profile` in hbmod.toml, or log in to account {0}",
            account.unwrap_or("the one")
        ));
    }
    Err(Stop::Refused(message))
}

fn stop_if_interrupted(runner: &process::Runner) -> Result<(), Stop> {
    if runner.interrupted() {
        return Err(Stop::Refused(
            "interrupted; Terraform stopped and nothing after it was run".to_string(),
        ));
    }
    Ok(())
}

/// Asks before applying: `yes`, or the environment's name when it is protected.
/// `--auto-approve` skips the question; for a protected environment only together with `CI=true`.
fn confirm(
    auto_approve: bool,
    protected: bool,
    environment: &str,
    account_text: &str,
) -> Result<(), Stop> {
    let ci = std::env::var("CI").is_ok_and(|v| v == "true");
    if auto_approve {
        if protected && !ci {
            return Err(Stop::Refused(format!(
                "`{environment}` is protected: --auto-approve applies to it only in CI (with CI=true)\nhelp: run without --auto-approve and type `{environment}` to confirm"
            )));
        }
        return Ok(());
    }
    let expected = if protected { environment } else { "yes" };
    eprint!(
        "apply the plan above to {environment} ({account_text})? {}: ",
        if protected {
            format!("{environment} is protected; type its name to confirm")
        } else {
            "type `yes` to confirm".to_string()
        }
    );
    let _ = std::io::stderr().flush();
    let mut answer = String::new();
    let read = std::io::stdin().lock().read_line(&mut answer);
    match read {
        Ok(_) if answer.trim() == expected => Ok(()),
        _ => Err(Stop::Refused(format!(
            "not confirmed (expected `{expected}`); nothing was applied"
        ))),
    }
}

/// Every policy's permissions in the generated files, by resource address (hbmod's diff model).
fn permissions(
    generated: &[GeneratedFile],
    environment: &str,
) -> BTreeMap<String, Vec<hbmod::diff::resources::Permission>> {
    let tfvars: Vec<(String, String)> = generated
        .iter()
        .filter(|f| f.name == format!("environments/{environment}.tfvars"))
        .map(|f| (environment.to_string(), f.contents.clone()))
        .collect();
    let vars = hbmod::diff::resources::variables(&tfvars);
    let mut out = BTreeMap::new();
    for file in generated.iter().filter(|f| f.name.ends_with(".tf")) {
        let Some(model) = hbmod::diff::resources::read(&file.contents, &vars) else {
            continue;
        };
        for resource in model.resources {
            let permissions: Vec<_> = resource
                .policies
                .into_iter()
                .flat_map(|(_, permissions)| permissions)
                .collect();
            if !permissions.is_empty() {
                out.insert(resource.address, permissions);
            }
        }
    }
    out
}
