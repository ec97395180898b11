//! The review workflow on real git repositories made in temporary folders: `hbmod build
//! --check` drift, stale-file removal, hand-edit protection, an interrupted build, renames with
//! `was` (moved blocks checked by the real `terraform validate` through tfvalidate), and
//! `hbmod diff` in its three formats. Every scenario also checks that no hand-written or
//! hand-edited file is lost.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

#[path = "support/skip.rs"]
mod skip;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const SPEC: &str = "service web <\n  team = \"frontend\",\n>\n\nspa web <\n  folder = \"./dist\",\n  domain = \"app.example.com\",\n>\n";

const CLICKS: &str = "service clicks <\n  team = \"analytics\",\n>\n\ntable clicks <\n  partition_key = \"click_id\",\n>\n\nqueue enrich < >\n\nfunction ingest <\n  source = \"./src\",\n  runtime = nodejs22,\n  writes = [clicks],\n>\n";

/// A hand-written file kept in an output folder (hbmod does not own it).
const NOTES: &str = "# Hand-written notes: hbmod must never touch this file.\n";

/// A hand-written Terraform file beside the generated ones (no hbmod header).
const HAND_TF: &str = "# Written by hand: an extra local the team keeps next to hbmod's output.\nlocals {\n  hand_written = true\n}\n";

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .current_dir(dir)
        .args(["-c", "user.name=test", "-c", "user.email=test@example.com"])
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn write(dir: &Path, path: &str, text: &str) {
    let path = dir.join(path);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn read(dir: &Path, path: &str) -> String {
    std::fs::read_to_string(dir.join(path)).unwrap()
}

/// A git repository on branch `main` with a web service (and a clicks service), built and
/// committed, with a hand-written file in each output folder.
fn repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    git(root, &["init", "-q"]);
    write(root, "services/web/dist/index.html", "<h1>hi</h1>\n");
    write(root, "services/web/site.hb", SPEC);
    write(
        root,
        "services/clicks/src/index.js",
        "exports.handler = async () => {};\n",
    );
    write(root, "services/clicks/clicks.hb", CLICKS);
    let out = hbmod(root, &["build"], &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    write(root, "services/web/terraform/NOTES.md", NOTES);
    write(root, "services/clicks/terraform/NOTES.md", NOTES);
    write(root, "services/web/terraform/hand.tf", HAND_TF);
    git(root, &["add", "-A"]);
    git(root, &["commit", "-q", "-m", "first"]);
    dir
}

fn hbmod(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_hbmod"));
    command
        .current_dir(dir)
        .arg("--color")
        .arg("never")
        .args(args);
    for (key, value) in env {
        command.env(key, value);
    }
    command.output().unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The hand-written notes are still there, byte for byte.
fn notes_kept(root: &Path) {
    assert_eq!(read(root, "services/web/terraform/NOTES.md"), NOTES);
    assert_eq!(read(root, "services/clicks/terraform/NOTES.md"), NOTES);
    assert_eq!(read(root, "services/web/terraform/hand.tf"), HAND_TF);
}

/// `git status --porcelain` of the output folders (empty: as committed).
fn output_status(root: &Path) -> String {
    git(
        root,
        &[
            "status",
            "--porcelain",
            "--untracked-files=all",
            "services/web/terraform",
            "services/clicks/terraform",
        ],
    )
}

#[test]
fn check_finds_drift_and_writes_nothing() {
    let repo = repository();
    let root = repo.path();
    let out = hbmod(root, &["build", "--check"], &[]);
    assert!(
        out.status.success(),
        "fresh output is current: {}",
        stderr(&out)
    );

    write(
        root,
        "services/web/site.hb",
        &SPEC.replace("app.example.com", "www.example.com"),
    );
    let out = hbmod(root, &["build", "--check"], &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stdout(&out).contains("+  web_domain"), "{}", stdout(&out));
    assert!(stderr(&out).contains("is not current"), "{}", stderr(&out));
    assert_eq!(output_status(root), "", "--check wrote something");
    notes_kept(root);

    // A generated file deleted by hand is drift too.
    std::fs::remove_file(root.join("services/web/terraform/versions.tf")).unwrap();
    git(root, &["checkout", "-q", "--", "services/web/site.hb"]);
    let out = hbmod(root, &["build", "--check", "services/web"], &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
}

#[test]
fn a_renamed_instance_leaves_no_stale_file_and_keeps_hand_written_ones() {
    let repo = repository();
    let root = repo.path();
    write(
        root,
        "services/web/site.hb",
        &SPEC.replace("spa web <", "spa site <"),
    );
    let out = hbmod(root, &["build", "services/web/site.hb"], &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        !root.join("services/web/terraform/web.tf").exists(),
        "stale web.tf kept"
    );
    assert!(root.join("services/web/terraform/site.tf").exists());
    notes_kept(root);
    let status = output_status(root);
    assert!(
        status.contains(" D services/web/terraform/web.tf"),
        "{status}"
    );
    assert!(
        status.contains("?? services/web/terraform/site.tf"),
        "{status}"
    );
}

#[test]
fn a_hand_edited_file_stops_the_build_and_is_kept() {
    let repo = repository();
    let root = repo.path();
    let edited = read(root, "services/web/terraform/web.tf").replace(
        "resource \"aws_s3_bucket\" \"web\" {",
        "resource \"aws_s3_bucket\" \"web\" {\n  # hand edit: force_destroy for a demo\n  force_destroy = true",
    );
    write(root, "services/web/terraform/web.tf", &edited);
    write(
        root,
        "services/web/site.hb",
        &SPEC.replace("app.example.com", "www.example.com"),
    );
    let out = hbmod(root, &["build", "services/web/site.hb"], &[]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("changed since hbmod wrote it"),
        "{}",
        stderr(&out)
    );
    assert!(
        stdout(&out).contains("-  force_destroy = true"),
        "{}",
        stdout(&out)
    );
    assert_eq!(
        read(root, "services/web/terraform/web.tf"),
        edited,
        "hand edit lost"
    );
    // Nothing else in the folder moved either: only the hand edit differs from the commit.
    assert_eq!(output_status(root), " M services/web/terraform/web.tf\n");
    notes_kept(root);
    // The whole-repository build stops at the same file and builds the other service.
    let out = hbmod(root, &["build"], &[]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(read(root, "services/web/terraform/web.tf"), edited);
    notes_kept(root);
}

#[test]
fn an_interrupted_build_leaves_the_old_output_intact() {
    let repo = repository();
    let root = repo.path();
    write(
        root,
        "services/web/site.hb",
        &SPEC.replace("spa web <", "spa site <"),
    );
    let out = hbmod(
        root,
        &["build", "services/web/site.hb"],
        &[("HBMOD_FAIL_BEFORE_SWAP", "1")],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(
        output_status(root),
        "",
        "the interrupted build changed the output"
    );
    notes_kept(root);
    let leftovers: Vec<PathBuf> = std::fs::read_dir(root.join("services/web"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "staging left behind: {leftovers:?}");
    // The next build goes through.
    let out = hbmod(root, &["build", "services/web/site.hb"], &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    notes_kept(root);
}

/// `resource "TYPE" "NAME"` addresses of every `.tf` file text given.
fn addresses(texts: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for text in texts {
        for line in text.lines() {
            let Some(rest) = line.strip_prefix("resource \"") else {
                continue;
            };
            let mut parts = rest.split('"');
            let kind = parts.next().unwrap();
            let name = parts.nth(1).unwrap();
            out.push(format!("{kind}.{name}"));
        }
    }
    out
}

/// `(from, to)` of every `moved` block.
fn moved(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        if line == "moved {" {
            let from = lines
                .next()
                .unwrap()
                .split('=')
                .nth(1)
                .unwrap()
                .trim()
                .to_string();
            let to = lines
                .next()
                .unwrap()
                .split('=')
                .nth(1)
                .unwrap()
                .trim()
                .to_string();
            out.push((from, to));
        }
    }
    out
}

/// Runs the real `terraform validate` (tfvalidate; `HBMOD_TFVALIDATE` overrides its path) on
/// `dir` and asserts it passes. Without ../shared/tools this part is skipped with a line saying
/// so, unless `HBMOD_REQUIRE_TOOLS` is set.
fn validate_with_terraform(dir: &Path) {
    let path = std::env::var_os("HBMOD_TFVALIDATE").map_or_else(
        || {
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../../../shared/tools/tfvalidate/tfvalidate")
        },
        PathBuf::from,
    );
    if !path.exists() {
        assert!(
            std::env::var_os("HBMOD_REQUIRE_TOOLS").is_none(),
            "HBMOD_REQUIRE_TOOLS is set but ../shared/tools/tfvalidate is missing (or set HBMOD_TFVALIDATE)"
        );
        skip::skip(format_args!(
            "terraform validate of {} needs ../shared/tools/tfvalidate (run its setup.sh), or HBMOD_TFVALIDATE",
            dir.display()
        ));
        return;
    }
    let out = Command::new(path).arg(dir).output().unwrap();
    assert!(
        out.status.success(),
        "tfvalidate: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_rename_with_was_moves_every_resource_and_passes_terraform_validate() {
    let repo = repository();
    let root = repo.path();
    let before = addresses(&[read(root, "services/web/terraform/web.tf")]);
    let old_bucket_names: Vec<String> = read(root, "services/web/terraform/web.tf")
        .lines()
        .filter(|l| l.trim_start().starts_with("bucket ") && l.contains('"'))
        .map(str::to_string)
        .collect();
    let renamed = SPEC
        .replace("spa web <", "spa site <")
        .trim_end()
        .to_string()
        + " was web\n";
    write(root, "services/web/site.hb", &renamed);
    let out = hbmod(root, &["fmt", "--check", "services/web/site.hb"], &[]);
    assert!(
        out.status.success(),
        "`was` is canonical layout: {}",
        stdout(&out)
    );

    // hbmod diff sees moves, no creation, no destruction.
    let out = hbmod(root, &["diff", "--base", "main", "--format", "json"], &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["summary"]["create"], 0, "{report:#}");
    assert_eq!(report["summary"]["destroy"], 0);
    assert_eq!(report["summary"]["replace"], 0);
    assert_eq!(report["summary"]["moved"], before.len());
    // Policies that name the renamed resources (`AWS:SourceArn` conditions too) are the same
    // policies under the new names: no access widens, and none is reported at all.
    assert_eq!(report["summary"]["iam_widened"], 0, "{report:#}");
    assert_eq!(
        report["specs"][0]["iam"],
        serde_json::json!([]),
        "{report:#}"
    );
    let instance = &report["specs"][0]["instances"][0];
    assert_eq!(instance["status"], "renamed");
    assert_eq!(instance["renamed_from"], "web");

    let out = hbmod(root, &["build", "services/web/site.hb"], &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    notes_kept(root);
    let site = read(root, "services/web/terraform/site.tf");
    let after = addresses(std::slice::from_ref(&site));
    let moves = moved(&site);
    assert_eq!(moves.len(), before.len(), "one moved block per resource");
    for (from, to) in &moves {
        assert!(
            before.contains(from),
            "moved from {from}, which the old output did not have"
        );
        assert!(
            after.contains(to),
            "moved to {to}, which the new output does not have"
        );
    }
    // Physical names keep following the old name.
    let new_bucket_names: Vec<String> = site
        .lines()
        .filter(|l| l.trim_start().starts_with("bucket ") && l.contains('"'))
        .map(str::to_string)
        .collect();
    assert_eq!(old_bucket_names, new_bucket_names);
    assert!(
        site.contains("\"frontend-web-production-web\""),
        "physical names changed"
    );

    // The real Terraform accepts the moved blocks (with the hand-written hand.tf beside them).
    validate_with_terraform(&root.join("services/web/terraform"));
}

#[test]
fn diff_markdown_says_first_what_is_created_changed_replaced_and_which_access_widens() {
    let repo = repository();
    let root = repo.path();
    git(root, &["checkout", "-q", "-b", "feature"]);
    let changed = CLICKS
        .replace("partition_key = \"click_id\"", "partition_key = \"id\"")
        .replace(
            "writes = [clicks],",
            "writes = [clicks],\n  sends = [enrich],",
        )
        + "\nqueue audit < >\n";
    write(root, "services/clicks/clicks.hb", &changed);
    let out = hbmod(
        root,
        &["diff", "--base", "main", "--format", "markdown"],
        &[],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let markdown = stdout(&out);
    let first = markdown.lines().next().unwrap();
    assert!(
        first.starts_with("**hbmod diff** `main` → working tree: "),
        "{first}"
    );
    for expected in [
        "8 to create",
        "2 to change",
        "1 to replace",
        "0 to destroy",
        "IAM: access widens for 1 policy",
    ] {
        assert!(
            first.contains(expected),
            "`{expected}` missing from {first}"
        );
    }
    let head: String = markdown.lines().take(12).collect::<Vec<_>>().join("\n");
    assert!(head.contains("**⚠ Replaced**"), "{head}");
    assert!(head.contains("`aws_dynamodb_table.clicks`"), "{head}");
    assert!(head.contains("`hash_key`"), "{head}");
    assert!(head.contains("**⚠ IAM access widens**"), "{head}");
    assert!(head.contains("`aws_iam_role_policy.ingest`"), "{head}");
    assert!(
        markdown.contains("allows `sqs:SendMessage` on `aws_sqs_queue.enrich.arn`"),
        "{markdown}"
    );
    assert!(
        markdown.contains("<details><summary>HCL diff of <code>services/clicks/terraform</code>")
    );
    assert!(markdown.chars().count() < 65_536);
    // Every line outside the collapsed HCL diff is one a reviewer can act on: no internal
    // template expressions, no `Allow` inside the "allows" sentence.
    let reviewed = markdown
        .split("<details><summary>HCL diff")
        .next()
        .unwrap_or_default();
    for noise in ["lifecycle.precondition", "dynamic[", "allows `Allow"] {
        assert!(!reviewed.contains(noise), "{noise} in:\n{reviewed}");
    }

    // Human and JSON agree.
    let out = hbmod(root, &["diff", "--base", "main"], &[]);
    assert!(
        stdout(&out).contains("-/+ aws_dynamodb_table.clicks (REPLACED)"),
        "{}",
        stdout(&out)
    );
    assert!(stdout(&out).contains("hash_key: \"click_id\" → \"id\"  (forces replacement)"));
    let out = hbmod(root, &["diff", "--base", "main", "--format", "json"], &[]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["version"], 1);
    assert_eq!(report["base"], "main");
    assert_eq!(report["summary"]["replace"], 1);
    assert_eq!(report["summary"]["iam_widened"], 1);
    let widened: Vec<&serde_json::Value> = report["specs"][0]["iam"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["widens"] == true)
        .collect();
    assert_eq!(widened.len(), 1);
    assert_eq!(widened[0]["address"], "aws_iam_role_policy.ingest");

    // Nothing was written, and nothing hand-written was touched.
    assert_eq!(output_status(root), "");
    notes_kept(root);

    // Against the working tree's own commit there is nothing to say.
    git(root, &["add", "-A"]);
    git(root, &["commit", "-q", "-m", "change"]);
    let out = hbmod(root, &["diff"], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(stdout(&out).contains("0 to create, 0 to change, 0 to replace, 0 to destroy"));
}

#[test]
fn diff_suggests_was_for_a_removed_and_an_added_instance_with_the_same_parameters() {
    let repo = repository();
    let root = repo.path();
    write(
        root,
        "services/web/site.hb",
        &SPEC.replace("spa web <", "spa site <"),
    );
    let out = hbmod(
        root,
        &[
            "diff",
            "--base",
            "main",
            "--format",
            "markdown",
            "services/web",
        ],
        &[],
    );
    let markdown = stdout(&out);
    assert!(markdown.contains("**Possible renames**"), "{markdown}");
    assert!(
        markdown.contains("`spa site < ... > was web`"),
        "{markdown}"
    );
    let out = hbmod(root, &["diff", "--base", "main", "services/web"], &[]);
    assert!(
        stdout(&out).contains("hint: `web` was removed and `site` added"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn diff_reports_added_and_removed_specs_and_refuses_an_unknown_base() {
    let repo = repository();
    let root = repo.path();
    std::fs::remove_file(root.join("services/clicks/clicks.hb")).unwrap();
    write(root, "services/docs/dist/index.html", "<h1>docs</h1>\n");
    write(
        root,
        "services/docs/docs.hb",
        &SPEC
            .replace("spa web <", "spa docs <")
            .replace("app.example.com", "docs.example.com"),
    );
    let out = hbmod(root, &["diff", "--format", "json"], &[]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let statuses: Vec<(String, String)> = report["specs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["spec"].as_str().unwrap().to_string(),
                s["status"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        statuses,
        vec![
            (
                "services/clicks/clicks.hb".to_string(),
                "removed".to_string()
            ),
            ("services/docs/docs.hb".to_string(), "added".to_string()),
        ]
    );
    assert!(report["summary"]["destroy"].as_u64().unwrap() > 0);
    assert!(report["summary"]["create"].as_u64().unwrap() > 0);

    // Naming the deleted spec itself works too.
    let out = hbmod(
        root,
        &["diff", "--format", "json", "services/clicks/clicks.hb"],
        &[],
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["specs"][0]["status"], "removed", "{report:#}");
    assert_eq!(report["specs"].as_array().unwrap().len(), 1);

    let out = hbmod(root, &["diff", "--base", "no-such-branch"], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("`no-such-branch` is not a commit"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn diff_markdown_stays_under_the_github_limit_and_says_it_was_cut() {
    let repo = repository();
    let root = repo.path();
    // Forty renamed sites: tens of thousands of lines of HCL diff.
    let mut many = String::from("service web <\n  team = \"frontend\",\n>\n");
    for i in 0..40 {
        many.push_str(&format!(
            "\nspa site{i} <\n  folder = \"./dist\",\n  domain = \"s{i}.example.com\",\n>\n"
        ));
    }
    write(root, "services/web/site.hb", &many);
    let out = hbmod(
        root,
        &["diff", "--base", "main", "--format", "markdown"],
        &[],
    );
    let markdown = stdout(&out);
    assert!(
        markdown.chars().count() < 65_536,
        "{} characters",
        markdown.chars().count()
    );
    assert!(markdown.starts_with("**hbmod diff** `main` → working tree: "));
    assert!(markdown.contains("_Truncated: "), "no truncation note");
    assert_eq!(
        markdown.matches("<details>").count(),
        markdown.matches("</details>").count()
    );
    assert_eq!(
        markdown.lines().filter(|l| l.starts_with("```")).count() % 2,
        0
    );
}

#[test]
fn renaming_a_referenced_instance_moves_resources_named_after_it_in_other_instances() {
    let repo = repository();
    let root = repo.path();
    let spec = "service jobs <\n  team = \"batch\",\n>\n\nqueue work < >\n\nfunction worker <\n  source = \"./src\",\n  runtime = nodejs22,\n  consumes = [work],\n>\n";
    write(
        root,
        "services/jobs/src/index.js",
        "exports.handler = async () => {};\n",
    );
    write(root, "services/jobs/jobs.hb", spec);
    let out = hbmod(root, &["build", "services/jobs/jobs.hb"], &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    git(root, &["add", "-A"]);
    git(root, &["commit", "-q", "-m", "jobs"]);
    let before = addresses(&[
        read(root, "services/jobs/terraform/work.tf"),
        read(root, "services/jobs/terraform/worker.tf"),
    ]);
    assert!(before.contains(&"aws_lambda_event_source_mapping.worker_work".to_string()));

    let renamed = spec
        .replace("queue work < >", "queue tasks < > was work")
        .replace("consumes = [work]", "consumes = [tasks]");
    write(root, "services/jobs/jobs.hb", &renamed);
    let out = hbmod(
        root,
        &[
            "diff",
            "--base",
            "main",
            "--format",
            "json",
            "services/jobs",
        ],
        &[],
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["summary"]["create"], 0, "{report:#}");
    assert_eq!(report["summary"]["destroy"], 0, "{report:#}");
    assert_eq!(report["summary"]["replace"], 0, "{report:#}");
    assert_eq!(report["summary"]["iam_widened"], 0, "{report:#}");
    // The resources move, but the worker's code reads the queue under a new name.
    let warning = report["specs"][0]["warnings"][0]
        .as_str()
        .unwrap_or_default();
    assert!(
        warning.contains("`tasks` was renamed from `work`, so `worker` now reads it from the environment as `TASKS_*` instead of `WORK_*`"),
        "{report:#}"
    );
    let markdown = hbmod(
        root,
        &[
            "diff",
            "--base",
            "main",
            "--format",
            "markdown",
            "services/jobs",
        ],
        &[],
    );
    assert!(
        stdout(&markdown).contains("**⚠ Code must change**"),
        "{}",
        stdout(&markdown)
    );

    let out = hbmod(root, &["build", "services/jobs/jobs.hb"], &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let worker = read(root, "services/jobs/terraform/worker.tf");
    let tasks = read(root, "services/jobs/terraform/tasks.tf");
    let after = addresses(&[tasks.clone(), worker.clone()]);
    let moves: Vec<(String, String)> = moved(&tasks).into_iter().chain(moved(&worker)).collect();
    assert!(moves.contains(&(
        "aws_lambda_event_source_mapping.worker_work".to_string(),
        "aws_lambda_event_source_mapping.worker_tasks".to_string()
    )));
    // Every old address is kept or moved; every move lands on a resource that exists.
    for address in &before {
        assert!(
            after.contains(address) || moves.iter().any(|(from, _)| from == address),
            "{address} would be destroyed"
        );
    }
    for (_, to) in &moves {
        assert!(after.contains(to), "moved to {to}, which does not exist");
    }
    validate_with_terraform(&root.join("services/jobs/terraform"));
    notes_kept(root);
}

#[test]
fn renaming_a_bucket_replaces_it_and_what_is_tied_to_it() {
    let repo = repository();
    let root = repo.path();
    // A new team changes every physical name: the buckets get new names.
    write(
        root,
        "services/web/site.hb",
        &SPEC.replace("team = \"frontend\"", "team = \"platform\""),
    );
    let out = hbmod(
        root,
        &["diff", "--base", "main", "--format", "json", "services/web"],
        &[],
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let resources = report["specs"][0]["instances"][0]["resources"]
        .as_array()
        .unwrap();
    let action = |address: &str| {
        resources
            .iter()
            .find(|r| r["address"] == address)
            .map(|r| r["action"].as_str().unwrap().to_string())
    };
    assert_eq!(action("aws_s3_bucket.web").as_deref(), Some("replace"));
    let bucket = resources
        .iter()
        .find(|r| r["address"] == "aws_s3_bucket.web")
        .unwrap();
    assert_eq!(bucket["attributes"][0]["path"], "bucket");
    assert_eq!(bucket["attributes"][0]["forces_replacement"], true);
    // Its policy names the bucket by its id, which is new: replaced too.
    assert_eq!(
        action("aws_s3_bucket_policy.web").as_deref(),
        Some("replace")
    );
    let markdown = stdout(&hbmod(
        root,
        &["diff", "--base", "main", "--format", "markdown"],
        &[],
    ));
    assert!(
        markdown.lines().next().unwrap().contains("0 to create"),
        "{markdown}"
    );
    assert!(markdown.contains("- `aws_s3_bucket.web` (instance `web` in `services/web/site.hb`), because `bucket` changes"));
    notes_kept(root);
}

#[test]
fn a_value_changed_for_one_environment_shows_per_environment() {
    let repo = repository();
    let root = repo.path();
    write(
        root,
        "services/web/site.hb",
        &format!("{SPEC}\nenv production <\n  web.price_class = all,\n>\n"),
    );
    let out = hbmod(root, &["diff", "--base", "main", "services/web"], &[]);
    assert!(
        stdout(&out).contains(
            "price_class: \"PriceClass_100\" → { playground = \"PriceClass_100\", production = \"PriceClass_All\", staging = \"PriceClass_100\" }[var.environment]"
        ),
        "{}",
        stdout(&out)
    );
}

#[test]
fn replacing_a_protected_table_says_the_apply_will_fail() {
    let repo = repository();
    let root = repo.path();
    let spec = "service store <\n  team = \"data\",\n>\n\ntable orders <\n  partition_key = \"id\",\n  deletion_protection = true,\n>\n";
    write(root, "services/store/store.hb", spec);
    let out = hbmod(root, &["build", "services/store/store.hb"], &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    git(root, &["add", "-A"]);
    git(root, &["commit", "-q", "-m", "store"]);
    write(
        root,
        "services/store/store.hb",
        &spec.replace("partition_key = \"id\"", "partition_key = \"order_id\""),
    );
    let out = hbmod(
        root,
        &[
            "diff",
            "--base",
            "main",
            "--format",
            "markdown",
            "services/store",
        ],
        &[],
    );
    let markdown = stdout(&out);
    assert!(markdown.contains("**⚠ Replaced**"), "{markdown}");
    assert!(
        markdown.contains("**The apply will fail**: `deletion_protection_enabled = true` protects it from deletion"),
        "{markdown}"
    );
    let human = hbmod(root, &["diff", "--base", "main", "services/store"], &[]);
    assert!(
        stdout(&human).contains("the apply will fail: `deletion_protection_enabled = true`"),
        "{}",
        stdout(&human)
    );
}
