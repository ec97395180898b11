//! Catalog publishing, without IO: a loaded catalog in; its check report, its versioned
//! `index.json`, its docs (terraform-docs tables, an offline HTML page), the semver bump between
//! two published versions, and the generated-Terraform diff a consumer sees between two
//! catalogs out. The `hbmod catalog` commands write and read the bundles.

pub mod check;
pub mod diff;
pub mod docs;
pub mod index;
pub mod semver;
