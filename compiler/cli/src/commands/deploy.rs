//! `hbmod plan SERVICE ENV` and `hbmod apply SERVICE ENV`: arguments in, `deploy::run` out.

use std::path::PathBuf;

use crate::deploy::{self, Mode, Request};
use crate::Outcome;

/// Arguments of `hbmod plan`.
#[derive(clap::Args)]
pub struct PlanArgs {
    /// A service's name (its header's name or its folder), a spec file, or a service folder.
    service: String,
    /// An environment of hbmod.toml.
    environment: String,
    /// Print every command with its folder and environment variables; run nothing.
    #[arg(long)]
    dry_run: bool,
    /// A catalog folder to use instead of the one built into hbmod.
    #[arg(long)]
    catalog: Option<PathBuf>,
}

/// Arguments of `hbmod apply`.
#[derive(clap::Args)]
pub struct ApplyArgs {
    #[command(flatten)]
    plan: PlanArgs,
    /// Apply without asking (for CI). A protected environment also needs `CI=true`.
    #[arg(long)]
    auto_approve: bool,
}

/// `hbmod plan`.
pub fn plan(args: &PlanArgs, color: bool) -> Outcome {
    deploy::run(&request(args, Mode::Plan, false), color)
}

/// `hbmod apply`.
pub fn apply(args: &ApplyArgs, color: bool) -> Outcome {
    deploy::run(&request(&args.plan, Mode::Apply, args.auto_approve), color)
}

fn request(args: &PlanArgs, mode: Mode, auto_approve: bool) -> Request<'_> {
    Request {
        target: &args.service,
        environment: &args.environment,
        catalog: args.catalog.as_deref(),
        dry_run: args.dry_run,
        auto_approve,
        mode,
    }
}
