//! `publish::diff::compare`, what `hbmod catalog diff` and `hbmod catalog publish` report per
//! consumer, on a release that touches every instance of a large output (a renamed resource,
//! changed physical names, force-new attributes that change or follow a replaced resource):
//! the report is complete, its one-line summary stays short, and its time grows about linearly
//! from 1× to 16× the instances (the passes that looked each resource up in a list of all of
//! them took ~256× there).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::time::{Duration, Instant};

use hbmod::catalog::{embedded_files, Catalog};
use hbmod::emit::GeneratedFile;
use hbmod::publish::diff::{compare, summary, ConsumerDiff};

/// An output with `instances` instance files shaped like the `spa` module's (small, so that the
/// comparison and not the reading dominates): a KMS alias, a bucket named by the instance's
/// `_names` local, a lifecycle configuration that names the bucket in a force-new attribute,
/// and ten log groups.
fn output(instances: usize) -> Vec<GeneratedFile> {
    let mut files = vec![GeneratedFile {
        name: "providers.tf".to_string(),
        contents: "variable \"environment\" {\n  type = string\n}\n".to_string(),
    }];
    for i in 0..instances {
        let mut text = format!(
            "locals {{\n  site_{i}_names = {{\n    production = {{\n      bucket = \"shop-production-site-{i}\"\n    }}\n  }}[var.environment]\n}}\n\n\
             resource \"aws_kms_alias\" \"site_{i}\" {{\n  name = \"alias/shop-production-site-{i}\"\n}}\n\n\
             resource \"aws_s3_bucket\" \"site_{i}\" {{\n  bucket = local.site_{i}_names.bucket\n}}\n\n\
             resource \"aws_s3_bucket_lifecycle_configuration\" \"site_{i}\" {{\n  bucket = aws_s3_bucket.site_{i}.id\n}}\n"
        );
        for k in 0..10 {
            text.push_str(&format!(
                "\nresource \"aws_cloudwatch_log_group\" \"site_{i}_{k}\" {{\n  name = \"/shop/site-{i}/{k}\"\n}}\n"
            ));
        }
        files.push(GeneratedFile {
            name: format!("site_{i}.tf"),
            contents: text,
        });
    }
    files
}

/// The files as a release would change them: every KMS alias renamed (a replacement) and the
/// production names changed (renames; the buckets' force-new `bucket` changes, and the
/// lifecycle configurations follow the replaced buckets).
fn released(files: &[GeneratedFile]) -> Vec<GeneratedFile> {
    files
        .iter()
        .map(|f| GeneratedFile {
            name: f.name.clone(),
            contents: f
                .contents
                .replace(
                    "resource \"aws_kms_alias\" \"",
                    "resource \"aws_kms_alias\" \"alias_",
                )
                .replace("-production-", "-prod-"),
        })
        .collect()
}

/// The comparison and the best time of three.
fn measure(catalog: &Catalog, instances: usize) -> (ConsumerDiff, Duration) {
    let old = output(instances);
    let new = released(&old);
    let mut best = Duration::MAX;
    let mut diff = ConsumerDiff::default();
    for _ in 0..3 {
        let start = Instant::now();
        diff = compare(&old, &new, "terraform/", Some(catalog));
        best = best.min(start.elapsed());
    }
    (diff, best)
}

#[test]
fn a_release_touching_every_instance_is_reported_in_linear_time() {
    let catalog = Catalog::load(&embedded_files()).unwrap();
    let n = 100;
    let (small, small_time) = measure(&catalog, n);
    let (large, large_time) = measure(&catalog, 16 * n);
    let ratio = large_time.as_secs_f64() / small_time.as_secs_f64().max(1e-4);
    eprintln!(
        "compare: {n} → {} instances: {small_time:?} → {large_time:?} ({ratio:.1}×)",
        16 * n
    );
    for (diff, instances) in [(&small, n), (&large, 16 * n)] {
        assert_eq!(diff.changed_files.len(), instances);
        assert_eq!(diff.replaced.len(), instances, "{:?}", diff.replaced);
        assert!(diff.replaced.iter().all(|(old, new)| new
            .strip_prefix("aws_kms_alias.alias_")
            .is_some_and(|rest| old == &format!("aws_kms_alias.{rest}"))));
        assert_eq!(diff.renamed.len(), instances, "{:?}", diff.renamed);
        // Each bucket (its name changes) and each lifecycle configuration (it names the bucket).
        assert_eq!(diff.forced.len(), 2 * instances, "{:?}", diff.forced);
        assert!(diff.forced.iter().any(|(address, attributes)| address
            == "aws_s3_bucket_lifecycle_configuration.site_0"
            && attributes == &["bucket"]));
        assert!(diff.created.is_empty() && diff.destroyed.is_empty());
    }
    let (short, long) = (summary(&small), summary(&large));
    assert!(
        long.contains(&format!(", and {} more", 16 * n - 10)),
        "{long}"
    );
    assert!(long.len() < short.len() + 100, "{short}\n{long}");
    assert!(ratio < 48.0, "16× the instances took {ratio:.1}× the time");
}
