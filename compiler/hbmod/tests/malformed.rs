//! The malformed-spec corpus: each `corpus/malformed/*.hb` file in, an assertion on its
//! diagnostics' codes and positions plus a snapshot of how they render out.
//!
//! The first line of each case says what it must produce:
//! `# expect: HB0002 at 3:30` (several: `# expect: HB0005 at 2:9, HB0014 at 4:1`).
//! Adding a case is adding a file; `INSTA_UPDATE=always cargo test` writes its snapshot,
//! which must then be read before it is committed.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::BTreeSet;

use hbmod::diagnostic::{render, Code, Diagnostic};
use hbmod::source::SourceFile;

fn diagnose(name: &str, bytes: &[u8]) -> (SourceFile, Vec<Diagnostic>) {
    let (source, encoding_error) = hbmod::syntax::source_from_bytes(name, bytes);
    match encoding_error {
        Some(error) => (source, vec![error]),
        None => {
            let (_, diagnostics) = hbmod::check_source(&source);
            (source, diagnostics)
        }
    }
}

/// `(code, "line:column")` pairs from the case's first line.
fn expectations(bytes: &[u8]) -> Vec<(String, String)> {
    let first = bytes.split(|b| *b == b'\n').next().unwrap_or_default();
    let first = String::from_utf8_lossy(first);
    let list = first.strip_prefix("# expect:").unwrap_or_else(|| {
        panic!("the first line must be `# expect: CODE at LINE:COLUMN`, found {first:?}")
    });
    list.split(',')
        .map(|item| {
            let (code, at) = item
                .trim()
                .split_once(" at ")
                .expect("`CODE at LINE:COLUMN`");
            (code.trim().to_string(), at.trim().to_string())
        })
        .collect()
}

#[test]
fn malformed_corpus() {
    insta::glob!("corpus/malformed/*.hb", |path| {
        let bytes = std::fs::read(path).expect("readable case");
        let name = format!("malformed/{}", path.file_name().unwrap().to_string_lossy());
        let (source, diagnostics) = diagnose(&name, &bytes);
        let found: Vec<(String, String)> = diagnostics
            .iter()
            .map(|d| {
                let p = source.position(d.primary_span().start);
                (d.code.to_string(), format!("{}:{}", p.line, p.column))
            })
            .collect();
        assert_eq!(
            found,
            expectations(&bytes),
            "{name}: codes and positions differ"
        );
        for d in &diagnostics {
            assert!(d.help.is_some(), "{name}: {} has no help line", d.code);
            assert!(
                !d.message.ends_with('.'),
                "{name}: messages end without a period"
            );
        }
        let rendered = render::human(&source, &diagnostics, false);
        // Control and bidi characters are shown as stand-ins so snapshots stay readable text.
        let shown = render::visible(source.text());
        insta::assert_snapshot!(format!(
            "----- SOURCE\n{shown}\n----- DIAGNOSTICS\n{rendered}"
        ));
    });
}

/// Codes whose snapshot lives in a named test rather than a corpus file.
const COVERED_ELSEWHERE: &[(&str, &str)] = &[
    (
        "HB0054",
        "policy.rs: each_violation_is_a_positioned_error_at_the_instance (needs a module that breaks policies)",
    ),
    (
        "HB0080",
        "cli/tests/publish.rs: check_points_at_undeclared_and_unused_parameters (a catalog check finding)",
    ),
    (
        "HB0081",
        "cli/tests/publish.rs: check_points_at_undeclared_and_unused_parameters",
    ),
    (
        "HB0082",
        "publish/check.rs: a_module_version_must_be_semver (a catalog check finding)",
    ),
    (
        "HB0084",
        "cli/tests/publish.rs: a_spec_can_pin_its_own_catalog_version (needs a bundle on disk)",
    ),
    (
        "HB0083",
        "cli/tests/publish.rs: a_pinned_catalog_version_builds_offline_from_its_bundle (needs a bundle on disk)",
    ),
    (
        "HB0027",
        "malformed.rs: oversized_spec (a spec over the size limit cannot be a corpus file)",
    ),
    (
        "HB0042",
        "references.rs: snapshots_of_reference_diagnostics (needs a module with references)",
    ),
    (
        "HB0043",
        "references.rs: snapshots_of_reference_diagnostics",
    ),
    (
        "HB0048",
        "references.rs: a_template_that_renders_invalid_terraform_is_a_module_bug_at_the_instance",
    ),
    (
        "HB0050",
        "config.rs: a_bad_config_is_a_positioned_error (hbmod.toml, not a spec)",
    ),
    (
        "HB0051",
        "config.rs: required_tags_are_checked_against_the_config (needs an org config)",
    ),
    (
        "HB0085",
        "workspace.rs: a_broken_catalog_module_is_a_positioned_diagnostic_in_its_file; cli.rs: a_broken_catalog_module_is_positioned_in_its_file_in_every_format (needs a catalog folder)",
    ),
    ("HB0068", "cli build.rs: two_specs_in_one_folder_or_of_one_service_are_refused (needs two spec files)"),
    ("HB0069", "cli build.rs: two_specs_in_one_folder_or_of_one_service_are_refused (needs two spec files)"),
    ("HB0090", "cli package.rs: a_dependency_that_is_not_installed_is_refused (needs an installed node_modules)"),
    ("HB0091", "cli package.rs: a_version_other_than_the_lockfiles_is_refused_naming_the_fix, a_pnpm_lockfile_is_checked_too"),
    ("HB0092", "cli package.rs: native_code_for_another_platform_is_refused"),
    ("HB0093", "cli package.rs: a_package_over_lambdas_limits_is_refused_naming_the_largest"),
    ("HB0094", "cli package.rs: python_dependencies_are_refused_with_the_artifact_route"),
    ("HB0095", "cli package.rs: a_broken_package_json_or_a_link_out_of_a_package_is_refused"),
    ("HB0096", "cli package.rs: a_broken_package_json_or_a_link_out_of_a_package_is_refused"),
    ("HB0097", "cli package.rs: exclude_globs_leave_files_out_and_a_bad_glob_is_refused"),
    (
        "HB0110",
        "cli lsp.rs: a_broken_org_config_is_reported_on_the_config_file (only the language server reports it)",
    ),
];

#[test]
fn every_code_has_a_snapshot_case() {
    let mut covered = BTreeSet::new();
    let mut cases = 0;
    for corpus in ["malformed", "typecheck"] {
        let dir = format!("{}/tests/corpus/{corpus}", env!("CARGO_MANIFEST_DIR"));
        for entry in std::fs::read_dir(dir).expect("corpus folder") {
            let bytes = std::fs::read(entry.expect("entry").path()).expect("readable case");
            cases += usize::from(corpus == "malformed");
            let first =
                String::from_utf8_lossy(bytes.split(|b| *b == b'\n').next().unwrap_or_default())
                    .into_owned();
            for item in first.trim_start_matches("# expect:").split(',') {
                if let Some((code, _)) = item.trim().split_once(" at ") {
                    covered.insert(code.to_string());
                }
            }
        }
    }
    assert!(
        cases >= 40,
        "the malformed corpus has {cases} cases; keep at least 40"
    );
    covered.extend(COVERED_ELSEWHERE.iter().map(|(code, _)| code.to_string()));
    let missing: Vec<&str> = Code::ALL
        .iter()
        .map(|c| c.as_str())
        .filter(|c| !covered.contains(*c))
        .collect();
    assert!(
        missing.is_empty(),
        "codes without a snapshot case: {missing:?}"
    );
}

#[test]
fn oversized_spec() {
    let text = "# filler\n".repeat(hbmod::syntax::MAX_SOURCE_BYTES / 9 + 1);
    let (source, diagnostics) = diagnose("oversized.hb", text.as_bytes());
    assert_eq!(
        diagnostics.iter().map(|d| d.code).collect::<Vec<_>>(),
        vec![Code::HB0027]
    );
    insta::assert_snapshot!(render::human(&source, &diagnostics, false));
}
