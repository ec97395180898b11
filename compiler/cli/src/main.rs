//! The `hbmod` command line: arguments in, the library's work on real files out, with exit codes
//! 0 (clean), 1 (diagnostics or changes found), 2 (usage or IO error), 101 (internal error).

mod catalog;
mod collisions;
mod color;
mod commands;
mod config;
mod deploy;
mod files;
mod git_world;
mod lsp;
mod package;
mod repo;
mod setup;
mod write;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// hbmod: a few lines of spec in, your platform team's Terraform out.
///
/// Write what a service needs (`spa web < folder = "./dist", domain = "app.example.com" >`);
/// hbmod checks it against the module catalog and your org's rules, with errors at your line,
/// and writes hardened, tagged Terraform formatted as `terraform fmt` does, the same bytes
/// every time. Start with `hbmod init`, then `hbmod build`, `hbmod diff` in review,
/// `hbmod package` and `hbmod apply SERVICE ENV` to deploy.
#[derive(Parser)]
#[command(name = "hbmod", version, propagate_version = true)]
struct Cli {
    /// When to colour output meant for people.
    #[arg(long, global = true, value_enum, default_value_t = color::Choice::Auto)]
    color: color::Choice,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build specs into Terraform: `terraform/` beside each spec.
    Build(commands::build::Args),
    /// What changes between a git revision and the working tree, per spec and instance.
    Diff(commands::diff::Args),
    /// The module catalog: list, show, check, publish a version, diff two versions' consumers.
    Catalog(commands::catalog::Args),
    /// Check specs for mistakes without writing anything.
    Check(commands::check::Args),
    /// Rewrite specs in the one canonical layout.
    Fmt(commands::fmt::Args),
    /// Show the effective org config: `hbmod config show [DIR]`.
    Config(commands::config::Args),
    /// Create a new repository: org config, one service with a static site.
    Init(commands::init::InitArgs),
    /// Add to the repository: `hbmod new service NAME`.
    New(commands::init::NewArgs),
    /// Zip each function's source with exactly its production dependencies, reproducibly.
    Package(package::Args),
    /// Plan a service in an environment: drift refused, scanners, init, workspace, plan, summary.
    Plan(commands::deploy::PlanArgs),
    /// Deploy a service to an environment: `hbmod plan`, then exactly that plan, after confirmation.
    Apply(commands::deploy::ApplyArgs),
    /// Explain a diagnostic code, e.g. `hbmod explain HB0002`.
    Explain(commands::explain::Args),
    /// Serve the language server protocol on stdin/stdout, for editors.
    Lsp(lsp::Args),
    /// Print a shell completion script: `hbmod completions bash > /etc/bash_completion.d/hbmod`.
    Completions {
        /// The shell to complete in.
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff) of hbmod and its commands: `hbmod man > hbmod.1`.
    Man,
}

/// How a command ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Outcome {
    /// Nothing to report.
    Clean,
    /// Diagnostics were reported, or `--check` found a change.
    Findings,
    /// A usage or IO error.
    Failure,
}

impl Outcome {
    fn exit_code(self) -> ExitCode {
        match self {
            Outcome::Clean => ExitCode::SUCCESS,
            Outcome::Findings => ExitCode::from(1),
            Outcome::Failure => ExitCode::from(2),
        }
    }
}

/// The status of a process stopped by SIGPIPE (128 + 13), as a shell reports it.
const BROKEN_PIPE_STATUS: i32 = 141;

const BUG_REPORT: &str = "error: internal error: this is a bug in hbmod, please report it at \
https://github.com/hbmod/hbmod/issues with the spec that caused it";

fn main() -> ExitCode {
    let cli = Cli::parse();
    let show_details = std::env::var_os("HBMOD_BACKTRACE").is_some();
    std::panic::set_hook(Box::new(move |info| {
        // `print!` panics when the reader went away (`hbmod check --format json | head`):
        // end quietly, as Unix tools do when SIGPIPE stops them, with the same status.
        let message = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or_default();
        if message.contains("Broken pipe") || message.contains("os error 32") {
            std::process::exit(BROKEN_PIPE_STATUS);
        }
        eprintln!("{BUG_REPORT}");
        if show_details {
            eprintln!("{info}");
        }
    }));
    match std::panic::catch_unwind(move || run(cli)) {
        Ok(outcome) => outcome.exit_code(),
        Err(_) => ExitCode::from(101),
    }
}

/// The man page of `hbmod` followed by one section per subcommand (`hbmod-build(1)`, ...).
fn man() -> Outcome {
    let command = <Cli as clap::CommandFactory>::command();
    let mut out: Vec<u8> = Vec::new();
    let mut pages = vec![clap_mangen::Man::new(command.clone())];
    pages.extend(
        command
            .get_subcommands()
            .filter(|s| s.get_name() != "help")
            .map(|s| clap_mangen::Man::new(s.clone()).title(format!("hbmod-{}", s.get_name()))),
    );
    for page in pages {
        if let Err(error) = page.render(&mut out) {
            eprintln!("error: cannot render the man page: {error}");
            return Outcome::Failure;
        }
    }
    use std::io::Write as _;
    match std::io::stdout().write_all(&out) {
        Ok(()) => Outcome::Clean,
        Err(error) => {
            eprintln!("error: cannot write the man page: {error}");
            Outcome::Failure
        }
    }
}

fn run(cli: Cli) -> Outcome {
    if std::env::var_os("HBMOD_INJECT_PANIC").is_some() {
        // A failure-injection point: tests prove that a bug ends as exit 101 without panic text.
        #[allow(clippy::panic)]
        {
            panic!("panic injected by HBMOD_INJECT_PANIC");
        }
    }
    let color = cli.color.enabled();
    match cli.command {
        Command::Build(args) => commands::build::run(&args, color),
        Command::Package(args) => package::run(&args, color),
        Command::Catalog(args) => commands::catalog::run(&args, color),
        Command::Diff(args) => commands::diff::run(&args, color),
        Command::Check(args) => commands::check::run(&args, color),
        Command::Fmt(args) => commands::fmt::run(&args, color),
        Command::Config(args) => commands::config::run(&args, color),
        Command::Plan(args) => commands::deploy::plan(&args, color),
        Command::Apply(args) => commands::deploy::apply(&args, color),
        Command::Explain(args) => commands::explain::run(&args),
        Command::Init(args) => commands::init::init(&args),
        Command::New(args) => commands::init::new(&args),
        Command::Lsp(args) => lsp::run(&args),
        Command::Completions { shell } => {
            let mut command = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut command, "hbmod", &mut std::io::stdout());
            Outcome::Clean
        }
        Command::Man => man(),
    }
}
