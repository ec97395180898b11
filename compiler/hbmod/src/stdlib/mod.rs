//! The conventions every spec gets: physical naming, default tags, pinned versions.

pub mod conventions;
pub mod naming;

/// Environments a service is deployed to when the org config names none.
pub const DEFAULT_ENVIRONMENTS: &[&str] = &["playground", "staging", "production"];

/// The tag key naming the owning team when the org config does not choose one.
pub const DEFAULT_TEAM_TAG: &str = "Team";

/// The tags hbmod puts on every resource besides the team's (the providers' `default_tags`).
pub const HBMOD_TAGS: &[&str] = &["Service", "Environment", "ManagedBy", "Source"];
