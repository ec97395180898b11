//! The conventions every spec gets: physical naming and default tags.

pub mod naming;

/// Environments a service is deployed to when the org config names none.
pub const DEFAULT_ENVIRONMENTS: &[&str] = &["playground", "staging", "production"];
