//! `hbmod catalog check|publish|diff` and catalog pinning, run as a platform engineer runs them:
//! a copy of the catalog edited in a temporary folder, bundles published beside it, and the
//! repository's examples as consumers.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn hbmod(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hbmod"))
        .current_dir(dir)
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("hbmod runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("utf-8 output")
}

/// Copies the repository's catalog (interfaces, templates, READMEs, example specs) to `to`.
fn copy_catalog(to: &Path) {
    for module in std::fs::read_dir(repo().join("modules")).unwrap() {
        let module = module.unwrap().path();
        if !module.is_dir() {
            continue; // modules/hbmod.toml: the org config of the examples, not a module
        }
        let name = module.file_name().unwrap();
        std::fs::create_dir_all(to.join(name).join("examples")).unwrap();
        for entry in std::fs::read_dir(&module).unwrap() {
            let path = entry.unwrap().path();
            if path.is_file() {
                std::fs::copy(&path, to.join(name).join(path.file_name().unwrap())).unwrap();
            }
        }
        for entry in std::fs::read_dir(module.join("examples")).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "hb") {
                std::fs::copy(
                    &path,
                    to.join(name)
                        .join("examples")
                        .join(path.file_name().unwrap()),
                )
                .unwrap();
            }
        }
    }
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} lacks {from:?}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

fn publish(catalog: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "catalog",
        "--catalog",
        catalog.to_str().unwrap(),
        "publish",
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    hbmod(&repo(), &args)
}

/// Removes `[params.max_receive_count]` from the queue module, its use and its example.
fn remove_max_receive_count(catalog: &Path) {
    let toml = catalog.join("queue/module.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    let start = text.find("[params.max_receive_count]").unwrap();
    let end = start + text[start..].find("\n\n").unwrap() + 2;
    std::fs::write(&toml, format!("{}{}", &text[..start], &text[end..])).unwrap();
    edit(
        &catalog.join("queue/queue.tf.tera"),
        "{{ p.max_receive_count | hcl }}",
        "5",
    );
    edit(
        &catalog.join("queue/examples/full.hb"),
        "  max_receive_count           = 3,\n",
        "",
    );
}

#[test]
fn the_catalog_checks_clean() {
    let out = hbmod(&repo(), &["catalog", "check"]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains("checked 9 modules: 22 examples and"), "{err}");
    assert!(err.contains("no problems"), "{err}");
}

#[test]
fn check_points_at_undeclared_and_unused_parameters() {
    let dir = tempfile::tempdir().unwrap();
    copy_catalog(dir.path());
    edit(
        &dir.path().join("queue/queue.tf.tera"),
        "{{ p.visibility_timeout | hcl }}",
        "{{ p.visibility_timout | hcl }}",
    );
    let out = hbmod(
        &repo(),
        &[
            "catalog",
            "--catalog",
            dir.path().to_str().unwrap(),
            "check",
        ],
    );
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("error[HB0080]: the template uses `p.visibility_timout`, which `queue/module.toml` does not declare"), "{err}");
    assert!(
        err.contains(&format!(
            "┌─ {}/queue/queue.tf.tera:23:",
            dir.path().display()
        )),
        "{err}"
    );
    assert!(
        err.contains("did you mean `p.visibility_timeout`?"),
        "{err}"
    );
    assert!(err.contains("error[HB0081]: parameter `visibility_timeout` is declared but no template of `queue` uses it"), "{err}");
    assert!(
        err.contains(&format!("┌─ {}/queue/module.toml:", dir.path().display())),
        "{err}"
    );
    // SARIF for code review: the rules and the files as given.
    let sarif = hbmod(
        &repo(),
        &[
            "catalog",
            "--catalog",
            dir.path().to_str().unwrap(),
            "check",
            "--format",
            "sarif",
        ],
    );
    assert_eq!(sarif.status.code(), Some(1));
    let sarif: serde_json::Value = serde_json::from_slice(&sarif.stdout).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert!(
        results.iter().any(|r| r["ruleId"] == "HB0080"
            && r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
                .ends_with("/queue/queue.tf.tera")),
        "{results:?}"
    );
    // A broken catalog is never published.
    let bundle = tempfile::tempdir().unwrap();
    let out = publish(dir.path(), bundle.path(), &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("nothing was published"));
    assert_eq!(
        std::fs::read_dir(bundle.path())
            .map(|d| d.count())
            .unwrap_or(0),
        0
    );
}

#[test]
fn boundary_values_reach_template_bugs() {
    let dir = tempfile::tempdir().unwrap();
    copy_catalog(dir.path());
    // A template that breaks only for the largest retention SQS allows.
    edit(
        &dir.path().join("queue/queue.tf.tera"),
        "resource \"aws_sqs_queue\" \"{{ name }}\" {",
        "{% if p.retention == 1209600 %}}{% endif %}\nresource \"aws_sqs_queue\" \"{{ name }}\" {",
    );
    let out = hbmod(
        &repo(),
        &[
            "catalog",
            "--catalog",
            dir.path().to_str().unwrap(),
            "check",
        ],
    );
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("error[HB0048]"), "{err}");
    assert!(
        err.contains("queue/examples/minimal.hb [jobs: retention = 14d]"),
        "{err}"
    );
}

#[test]
fn a_template_change_publishes_a_patch_and_shows_each_consumer_diff() {
    let dir = tempfile::tempdir().unwrap();
    let catalog = dir.path().join("modules");
    let bundle = dir.path().join("bundle");
    copy_catalog(&catalog);
    let first = publish(&catalog, &bundle, &[]);
    assert_eq!(first.status.code(), Some(0), "{}", text(&first.stderr));
    assert!(text(&first.stderr).contains("published catalog 0.1.0"));
    for file in [
        "index.json",
        "index.html",
        "docs/queue.md",
        "modules/queue/module.toml",
        "modules/queue/queue.tf.tera",
    ] {
        assert!(bundle.join("0.1.0").join(file).is_file(), "{file}");
    }
    let readme = std::fs::read_to_string(bundle.join("0.1.0/docs/queue.md")).unwrap();
    assert!(readme.contains("<!-- BEGIN_TF_DOCS -->\n## Inputs\n\n| Name | Description | Type | Default | Required |"), "{readme}");
    assert!(
        readme.trim_end().ends_with("<!-- END_TF_DOCS -->"),
        "{readme}"
    );

    let again = publish(&catalog, &bundle, &[]);
    assert_eq!(again.status.code(), Some(0));
    assert!(text(&again.stderr).contains("nothing changed since 0.1.0; nothing was published"));

    edit(
        &catalog.join("queue/queue.tf.tera"),
        "kms_data_key_reuse_period_seconds = 300",
        "kms_data_key_reuse_period_seconds = 600",
    );
    let second = publish(&catalog, &bundle, &[]);
    let (out, err) = (text(&second.stdout), text(&second.stderr));
    assert_eq!(second.status.code(), Some(0), "{err}");
    assert!(err.contains("changes since 0.1.0 (they need a patch version):\n  queue:\n    patch  templates or docs changed; the interface did not\n"), "{err}");
    assert!(err.contains("published catalog 0.1.1"), "{err}");
    // The release notes and every consumer's diff stay in the bundle.
    let notes = std::fs::read_to_string(bundle.join("0.1.1/CHANGES.md")).unwrap();
    assert!(
        notes.contains("  queue:\n    patch  templates or docs changed"),
        "{notes}"
    );
    assert!(
        notes.contains("  examples/services/clicks/clicks.hb: 1 file changed; no replacements\n"),
        "{notes}"
    );
    let diffs = std::fs::read_to_string(bundle.join("0.1.1/consumers.diff")).unwrap();
    assert!(diffs.contains("+  kms_data_key_reuse_period_seconds = 600\n"));
    let front = std::fs::read_to_string(bundle.join("index.html")).unwrap();
    assert!(
        front.contains("<li><a href=\"0.1.1/index.html\">0.1.1</a> · 9 modules · newest</li>\n<li><a href=\"0.1.0/index.html\">0.1.0</a>"),
        "{front}"
    );
    // Each consumer, with a summary; the repository's clicks service uses a queue.
    assert!(
        err.contains("  examples/services/clicks/clicks.hb: 1 file changed; no replacements\n"),
        "{err}"
    );
    assert!(
        err.contains("  examples/services/web/site.hb: unchanged\n"),
        "{err}"
    );
    assert!(
        err.contains(
            "  catalog example queue/examples/minimal.hb: 1 file changed; no replacements\n"
        ),
        "{err}"
    );
    assert!(out.contains("# examples/services/clicks/clicks.hb (1 file changed; no replacements)\n--- a/examples/services/clicks/terraform/"), "{out}");
    assert!(out.contains("\n-  kms_data_key_reuse_period_seconds = 300\n+  kms_data_key_reuse_period_seconds = 600\n"), "{out}");

    // `catalog diff` between the two published versions shows the same.
    let diff = hbmod(
        &repo(),
        &[
            "catalog",
            "diff",
            "--from",
            bundle.join("0.1.0").to_str().unwrap(),
            "--to",
            bundle.join("0.1.1").to_str().unwrap(),
            "examples/services",
        ],
    );
    assert_eq!(diff.status.code(), Some(0), "{}", text(&diff.stderr));
    assert!(text(&diff.stdout).contains("+  kms_data_key_reuse_period_seconds = 600\n"));
    assert!(
        text(&diff.stderr).contains("3 consumers from examples/services")
            || text(&diff.stderr).contains("consumers: "),
        "{}",
        text(&diff.stderr)
    );
}

#[test]
fn removing_a_parameter_demands_a_major_version() {
    let dir = tempfile::tempdir().unwrap();
    let catalog = dir.path().join("modules");
    let bundle = dir.path().join("bundle");
    copy_catalog(&catalog);
    assert_eq!(
        publish(&catalog, &bundle, &["--catalog-version", "1.2.0"])
            .status
            .code(),
        Some(0)
    );
    remove_max_receive_count(&catalog);
    let refused = publish(&catalog, &bundle, &["--catalog-version", "1.3.0"]);
    let err = text(&refused.stderr);
    assert_eq!(refused.status.code(), Some(1), "{err}");
    assert!(err.contains("error: version 1.3.0 is too small: the changes since 1.2.0 need a major version, at least 2.0.0"), "{err}");
    assert!(err.contains("  queue: parameter `max_receive_count` was removed: specs that set it no longer build (major needs 2.0.0)"), "{err}");
    assert!(!bundle.join("1.3.0").exists());
    let published = publish(&catalog, &bundle, &[]);
    assert_eq!(
        published.status.code(),
        Some(0),
        "{}",
        text(&published.stderr)
    );
    assert!(text(&published.stderr).contains("published catalog 2.0.0"));

    // A consumer that set the parameter breaks, and `catalog diff` says so.
    let spec_dir = dir.path().join("svc");
    std::fs::create_dir_all(&spec_dir).unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    std::fs::write(
        spec_dir.join("jobs.hb"),
        "service jobs <\n  team  = \"jobs-team\",\n  owner = \"jobs@example.com\",\n>\n\nqueue work <\n  max_receive_count = 3,\n>\n",
    )
    .unwrap();
    let diff = hbmod(
        dir.path(),
        &[
            "catalog",
            "diff",
            "--from",
            "bundle/1.2.0",
            "--to",
            "bundle/2.0.0",
            "svc",
        ],
    );
    let err = text(&diff.stderr);
    assert_eq!(diff.status.code(), Some(1), "{err}");
    assert!(
        err.contains("svc/jobs.hb: DOES NOT BUILD with the new catalog"),
        "{err}"
    );
    assert!(err.contains("error[HB0032]"), "{err}");
}

#[test]
fn a_pinned_catalog_version_builds_offline_from_its_bundle() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    assert_eq!(hbmod(dir.path(), &["init"]).status.code(), Some(0));
    // The platform team's catalog lives elsewhere; only the bundle is in this repository.
    let source = tempfile::tempdir().unwrap();
    copy_catalog(source.path());
    let out = hbmod(
        dir.path(),
        &[
            "catalog",
            "--catalog",
            source.path().to_str().unwrap(),
            "publish",
            "--out",
            "vendor/catalog",
            "--catalog-version",
            "1.4.0",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let config = std::fs::read_to_string(dir.path().join("hbmod.toml")).unwrap();
    let pin = |version: &str| {
        std::fs::write(
            dir.path().join("hbmod.toml"),
            format!("{config}\n[catalog]\npath = \"vendor/catalog\"\nversion = \"{version}\"\n"),
        )
        .unwrap();
    };
    pin("1.4.0");
    let out = hbmod(dir.path(), &["build"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    pin("1.5.0");
    let out = hbmod(dir.path(), &["build"]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains(
            "error[HB0083]: catalog version 1.5.0 is pinned, but `vendor/catalog` holds 1.4.0"
        ),
        "{err}"
    );
    let line = config.lines().count() + 4;
    assert!(err.contains(&format!("┌─ hbmod.toml:{line}:11")), "{err}");

    // The bundle is what is built against: break it, and the build says where.
    pin("1.4.0");
    std::fs::remove_dir_all(dir.path().join("vendor/catalog/1.4.0/modules/queue")).unwrap();
    let out = hbmod(dir.path(), &["build"]);
    let err = text(&out.stderr);
    assert_ne!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains("error[HB0085]: parameter `sends` references module `queue`"),
        "{err}"
    );
    assert!(
        err.contains("┌─ vendor/catalog/1.4.0/modules/function/module.toml"),
        "{err}"
    );
}

#[test]
fn a_spec_can_pin_its_own_catalog_version() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    assert_eq!(hbmod(dir.path(), &["init"]).status.code(), Some(0));
    let source = tempfile::tempdir().unwrap();
    copy_catalog(source.path());
    for version in ["1.4.0", "1.5.0"] {
        let out = hbmod(
            dir.path(),
            &[
                "catalog",
                "--catalog",
                source.path().to_str().unwrap(),
                "publish",
                "--out",
                "vendor/catalog",
                "--catalog-version",
                version,
            ],
        );
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    }
    let config = std::fs::read_to_string(dir.path().join("hbmod.toml")).unwrap();
    std::fs::write(
        dir.path().join("hbmod.toml"),
        format!("{config}\n[catalog]\npath = \"vendor/catalog\"\nversion = \"1.4.0\"\n"),
    )
    .unwrap();
    // 1.4.0, the org's pin, lacks the queue module; the spec pins 1.5.0, which has it.
    for module in ["queue", "function", "rule", "topic", "api"] {
        std::fs::remove_dir_all(dir.path().join("vendor/catalog/1.4.0/modules").join(module))
            .unwrap();
    }
    let spec = dir.path().join("services/jobs/jobs.hb");
    std::fs::create_dir_all(spec.parent().unwrap()).unwrap();
    let write = |pin: &str| {
        std::fs::write(
            &spec,
            format!("service jobs <\n  team    = \"jobs-team\",\n  catalog = {pin},\n>\n\nqueue work < >\n"),
        )
        .unwrap();
    };
    write("\"1.5.0\"");
    let out = hbmod(dir.path(), &["build", "services/jobs/jobs.hb"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    // Without its pin, the spec gets the org's 1.4.0, which has no queue.
    std::fs::write(
        &spec,
        "service jobs <\n  team = \"jobs-team\",\n>\n\nqueue work < >\n",
    )
    .unwrap();
    let out = hbmod(dir.path(), &["check", "services/jobs/jobs.hb"]);
    assert!(
        text(&out.stderr).contains("the catalog has no module `queue`"),
        "{}",
        text(&out.stderr)
    );

    write("\"2.0.0\"");
    let out = hbmod(dir.path(), &["check", "services/jobs/jobs.hb"]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("error[HB0084]: this spec pins catalog version 2.0.0, but `vendor/catalog` holds 1.4.0, 1.5.0"), "{err}");
    assert!(err.contains("┌─ services/jobs/jobs.hb:3:13"), "{err}");
    write("\"latest\"");
    let out = hbmod(dir.path(), &["build", "services/jobs/jobs.hb"]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("error[HB0084]: the service header's `catalog` must be a catalog version"),
        "{err}"
    );
}

/// Every file of a folder, relative path → bytes.
fn tree(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut out = std::collections::BTreeMap::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let relative = path.strip_prefix(dir).unwrap().display().to_string();
                out.insert(relative, std::fs::read(&path).unwrap());
            }
        }
    }
    out
}

#[test]
fn a_bundle_is_reproducible() {
    let dir = tempfile::tempdir().unwrap();
    let catalog = dir.path().join("modules");
    copy_catalog(&catalog);
    let (one, two) = (dir.path().join("one"), dir.path().join("two"));
    for out in [&one, &two] {
        assert_eq!(publish(&catalog, out, &[]).status.code(), Some(0));
    }
    edit(
        &catalog.join("queue/queue.tf.tera"),
        "kms_data_key_reuse_period_seconds = 300",
        "kms_data_key_reuse_period_seconds = 600",
    );
    for out in [&one, &two] {
        assert_eq!(publish(&catalog, out, &[]).status.code(), Some(0));
    }
    let (a, b) = (tree(&one), tree(&two));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (name, bytes) in &a {
        assert!(b[name] == *bytes, "{name} differs between two publications");
    }
    assert!(a.contains_key("0.1.1/consumers.diff"));
}

#[test]
fn catalog_diff_names_the_replacements_a_release_causes() {
    let (old, new) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    copy_catalog(old.path());
    copy_catalog(new.path());
    // A new physical name for every queue's dead-letter queue: SQS cannot rename a queue.
    edit(
        &new.path().join("queue/module.toml"),
        "dlq = { kind = \"sqs_queue\", suffix = \"dlq\" }",
        "dlq = { kind = \"sqs_queue\", suffix = \"deadletter\" }",
    );
    let out = hbmod(
        &repo(),
        &[
            "catalog",
            "diff",
            "--from",
            old.path().to_str().unwrap(),
            "--to",
            new.path().to_str().unwrap(),
            "examples/services/clicks",
        ],
    );
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    // The queue is replaced, and so is what names it in a force-new attribute (its policies).
    let line = err
        .lines()
        .find(|l| l.starts_with("  examples/services/clicks/clicks.hb: "))
        .unwrap_or_else(|| panic!("{err}"));
    assert!(
        line.starts_with("  examples/services/clicks/clicks.hb: 1 file changed; REPLACES aws_sqs_queue.enrich_dlq (force-new: name), aws_sqs_queue_redrive_allow_policy.enrich_dlq (force-new: queue_url)"),
        "{line}"
    );
    assert!(
        line.ends_with("RENAMES (replaces what they name) enrich_names.dlq (3 environments; production: analytics-clicks-production-enrich-dlq → analytics-clicks-production-enrich-deadletter)"),
        "{line}"
    );
    // The unified diff shows the new name.
    let diff = text(&out.stdout);
    assert!(
        diff.contains("--- a/examples/services/clicks/terraform/enrich.tf\n"),
        "{diff}"
    );
    assert!(
        diff.lines().any(|l| l.starts_with('+')
            && l.contains("\"analytics-clicks-production-enrich-deadletter\"")),
        "{diff}"
    );
}
