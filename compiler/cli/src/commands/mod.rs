//! One module per subcommand: its arguments in, an `Outcome` out.

pub mod build;
pub mod catalog;
pub mod check;
pub mod config;
pub mod deploy;
pub mod diff;
pub mod explain;
pub mod fmt;
pub mod init;
pub mod publish;
