//! hbmod where teams already run their checks: the pre-commit hooks (`.pre-commit-hooks.yaml`)
//! run by the real `pre-commit` tool against a scratch repository, and the GitHub Action
//! (`action.yml`): its YAML parses with the keys GitHub needs, and its comment script posts,
//! then updates, one `hbmod diff` comment against a stand-in GitHub API on loopback.
//!
//! `pre-commit` and PyYAML come from PyPI (.ci/run installs them into
//! `$HOME/.cache/hbmod-ci/venv`); without them these tests say they skip, unless
//! `HBMOD_REQUIRE_TOOLS` is set, when a missing tool fails them.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

#[path = "support/skip.rs"]
mod skip;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Arc, Mutex};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

/// The CI venv's `bin/` (pre-commit, python with PyYAML), if installed.
fn venv_bin() -> Option<PathBuf> {
    let home = std::env::var_os("HOME")?;
    let bin = PathBuf::from(home).join(".cache/hbmod-ci/venv/bin");
    bin.join("pre-commit").is_file().then_some(bin)
}

/// `Some(venv bin)`, or `None` after printing why the test skips (a failure under
/// `HBMOD_REQUIRE_TOOLS`).
fn tools(test: &str) -> Option<PathBuf> {
    if let Some(bin) = venv_bin() {
        return Some(bin);
    }
    let why = "pre-commit and PyYAML in $HOME/.cache/hbmod-ci/venv: python3 -m venv $HOME/.cache/hbmod-ci/venv && $HOME/.cache/hbmod-ci/venv/bin/pip install pre-commit pyyaml";
    assert!(
        std::env::var_os("HBMOD_REQUIRE_TOOLS").is_none(),
        "HBMOD_REQUIRE_TOOLS is set but {test} needs {why}"
    );
    skip::skip(format_args!("{test} needs {why}"));
    None
}

/// PATH with hbmod's folder (and `extra`) first.
fn path_with_hbmod(extra: &Path) -> String {
    let hbmod = Path::new(env!("CARGO_BIN_EXE_hbmod")).parent().unwrap();
    format!(
        "{}:{}:{}",
        hbmod.display(),
        extra.display(),
        std::env::var("PATH").unwrap_or_default()
    )
}

fn run(dir: &Path, program: &str, args: &[&str], path: &str) -> Output {
    Command::new(program)
        .current_dir(dir)
        .args(args)
        .env("PATH", path)
        .env("GIT_AUTHOR_NAME", "hbmod test")
        .env("GIT_AUTHOR_EMAIL", "test@example.com")
        .env("GIT_COMMITTER_NAME", "hbmod test")
        .env("GIT_COMMITTER_EMAIL", "test@example.com")
        .env_remove("NO_COLOR")
        .output()
        .unwrap_or_else(|e| panic!("{program} runs: {e}"))
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// A git repository made by `hbmod init`, built and committed.
fn scratch_repository(path: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    for (program, args) in [
        ("git", vec!["init", "-q", "-b", "main"]),
        (env!("CARGO_BIN_EXE_hbmod"), vec!["init", "."]),
        (env!("CARGO_BIN_EXE_hbmod"), vec!["build"]),
        ("git", vec!["add", "-A"]),
        ("git", vec!["commit", "-q", "-m", "base"]),
    ] {
        let out = run(root, program, &args, path);
        assert!(out.status.success(), "{program} {args:?}: {}", text(&out));
    }
    dir
}

/// The one spec `hbmod init` writes.
fn the_spec(root: &Path) -> PathBuf {
    let services = root.join("services");
    let service = std::fs::read_dir(&services)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    std::fs::read_dir(&service)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "hb"))
        .unwrap()
}

#[test]
fn pre_commit_runs_the_hooks_and_each_one_catches_its_mistake() {
    let Some(bin) = tools("the pre-commit hook test") else {
        return;
    };
    let path = path_with_hbmod(&bin);
    let manifest = repo().join(".pre-commit-hooks.yaml");
    let out = run(
        &repo(),
        bin.join("pre-commit").to_str().unwrap(),
        &["validate-manifest", manifest.to_str().unwrap()],
        &path,
    );
    assert!(out.status.success(), "{}", text(&out));

    let scratch = scratch_repository(&path);
    let root = scratch.path();
    let cache = tempfile::tempdir().unwrap();
    let try_repo = |root: &Path| {
        Command::new(bin.join("pre-commit"))
            .current_dir(root)
            .args(["try-repo", repo().to_str().unwrap(), "--all-files"])
            .env("PATH", &path)
            .env("PRE_COMMIT_HOME", cache.path())
            .env("GIT_AUTHOR_NAME", "hbmod test")
            .env("GIT_AUTHOR_EMAIL", "test@example.com")
            .env("GIT_COMMITTER_NAME", "hbmod test")
            .env("GIT_COMMITTER_EMAIL", "test@example.com")
            .output()
            .unwrap()
    };
    let clean = try_repo(root);
    let report = text(&clean);
    assert!(clean.status.success(), "{report}");
    for hook in ["hbmod fmt --check", "hbmod check", "hbmod build --check"] {
        assert!(
            report
                .lines()
                .any(|l| l.starts_with(hook) && l.ends_with("Passed")),
            "{hook} passes: {report}"
        );
    }

    // Badly laid out, but the same spec: only fmt fails.
    let spec = the_spec(root);
    let original = std::fs::read_to_string(&spec).unwrap();
    std::fs::write(&spec, original.replace(" = ", "   =   ")).unwrap();
    let out = try_repo(root);
    let report = text(&out);
    assert_eq!(out.status.code(), Some(1), "{report}");
    let failed: Vec<&str> = report.lines().filter(|l| l.ends_with("Failed")).collect();
    assert_eq!(failed.len(), 1, "{report}");
    assert!(failed[0].starts_with("hbmod fmt --check"), "{report}");

    // A new instance without rebuilding: the committed Terraform has drifted.
    std::fs::write(&spec, format!("{original}\nqueue jobs < >\n")).unwrap();
    let out = try_repo(root);
    let report = text(&out);
    assert_eq!(out.status.code(), Some(1), "{report}");
    assert!(
        report
            .lines()
            .any(|l| l.starts_with("hbmod build --check") && l.ends_with("Failed")),
        "{report}"
    );
    assert!(
        report
            .lines()
            .any(|l| l.starts_with("hbmod check") && l.ends_with("Passed")),
        "{report}"
    );

    // A type error: check fails and names the line.
    std::fs::write(&spec, format!("{original}\nqueue jobs < retention = 5 >\n")).unwrap();
    let out = try_repo(root);
    let report = text(&out);
    assert!(
        report
            .lines()
            .any(|l| l.starts_with("hbmod check") && l.ends_with("Failed")),
        "{report}"
    );
    assert!(report.contains("error[HB0034]"), "{report}");
}

#[test]
fn the_action_yaml_has_what_github_needs() {
    let Some(bin) = tools("the action.yml test") else {
        return;
    };
    let script = r#"
import json, sys, yaml
action = yaml.safe_load(open(sys.argv[1]))
print(json.dumps(action))
"#;
    let out = run(
        &repo(),
        bin.join("python").to_str().unwrap(),
        &["-c", script, repo().join("action.yml").to_str().unwrap()],
        &path_with_hbmod(&bin),
    );
    assert!(out.status.success(), "{}", text(&out));
    let action: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(action["runs"]["using"], "composite");
    assert!(action["description"]
        .as_str()
        .is_some_and(|d| !d.is_empty()));
    for input in [
        "paths",
        "working-directory",
        "install",
        "upload-sarif",
        "comment",
        "github-token",
    ] {
        assert!(
            action["inputs"][input]["description"].is_string(),
            "input {input} is documented"
        );
    }
    let steps = action["runs"]["steps"].as_array().unwrap();
    for step in steps {
        if let Some(run) = step["run"].as_str() {
            assert_eq!(step["shell"], "bash", "composite run steps need a shell");
            assert!(
                !run.contains("${{"),
                "inputs reach scripts through env, never interpolated into them: {run}"
            );
            for script in ["compiler/ci/install.sh", "compiler/ci/comment.py"] {
                if run.contains(script) {
                    assert!(repo().join(script).is_file(), "{script} exists");
                }
            }
        }
    }
    let commands: Vec<&str> = steps.iter().filter_map(|s| s["run"].as_str()).collect();
    assert!(commands
        .iter()
        .any(|r| r.contains("hbmod check --format sarif")));
    assert!(commands.iter().any(|r| r.contains("hbmod build --check")));
    assert!(steps.iter().any(|s| s["uses"]
        .as_str()
        .is_some_and(|u| u.starts_with("github/codeql-action/upload-sarif"))));
}

/// A request the stand-in GitHub API received.
#[derive(Debug, Clone)]
struct Request {
    method: String,
    path: String,
    body: String,
}

/// A stand-in for the GitHub REST API on loopback: answers `GET` of comments with
/// `comments`, anything else with `{}`, and records every request. Stops after `count`.
fn fake_github(comments: serde_json::Value, count: usize) -> (String, Arc<Mutex<Vec<Request>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = Arc::clone(&seen);
    std::thread::spawn(move || {
        for stream in listener.incoming().take(count) {
            let mut stream = stream.unwrap();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            let mut parts = line.split_whitespace();
            let method = parts.next().unwrap_or_default().to_string();
            let path = parts.next().unwrap_or_default().to_string();
            let mut length = 0;
            loop {
                let mut header = String::new();
                reader.read_line(&mut header).unwrap();
                if header.trim().is_empty() {
                    break;
                }
                if let Some((name, value)) = header.split_once(':') {
                    if name.eq_ignore_ascii_case("content-length") {
                        length = value.trim().parse().unwrap();
                    }
                }
            }
            let mut body = vec![0; length];
            reader.read_exact(&mut body).unwrap();
            let answer = if method == "GET" {
                comments.to_string()
            } else {
                "{}".to_string()
            };
            record.lock().unwrap().push(Request {
                method,
                path,
                body: String::from_utf8(body).unwrap(),
            });
            write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{answer}",
                answer.len()
            )
            .unwrap();
        }
    });
    (url, seen)
}

#[test]
fn the_action_posts_one_diff_comment_then_updates_it() {
    let path = path_with_hbmod(Path::new("/nonexistent"));
    let scratch = scratch_repository(&path);
    let root = scratch.path();
    let base = String::from_utf8(run(root, "git", &["rev-parse", "HEAD"], &path).stdout)
        .unwrap()
        .trim()
        .to_string();
    let spec = the_spec(root);
    let original = std::fs::read_to_string(&spec).unwrap();
    std::fs::write(&spec, format!("{original}\nqueue jobs < >\n")).unwrap();
    let event = root.join("event.json");
    std::fs::write(
        &event,
        serde_json::json!({"pull_request": {"number": 7, "base": {"sha": base}}}).to_string(),
    )
    .unwrap();
    let comment = |api: &str| {
        Command::new("python3")
            .current_dir(root)
            .arg(repo().join("compiler/ci/comment.py"))
            .env("PATH", &path)
            .env("GITHUB_API_URL", api)
            .env("GITHUB_REPOSITORY", "acme/infra")
            .env("GITHUB_TOKEN", "test-token")
            .env("GITHUB_EVENT_PATH", &event)
            .env("HBMOD_PATHS", ".")
            .output()
            .unwrap()
    };

    // First push: no comment yet, so one is created.
    let (api, seen) = fake_github(serde_json::json!([]), 2);
    let out = comment(&api);
    assert!(out.status.success(), "{}", text(&out));
    let requests = seen.lock().unwrap().clone();
    assert_eq!(requests.len(), 2, "{requests:?}");
    assert_eq!(requests[0].method, "GET");
    assert!(requests[0]
        .path
        .starts_with("/repos/acme/infra/issues/7/comments"));
    assert_eq!(requests[1].method, "POST");
    assert_eq!(requests[1].path, "/repos/acme/infra/issues/7/comments");
    let posted: serde_json::Value = serde_json::from_str(&requests[1].body).unwrap();
    let body = posted["body"].as_str().unwrap();
    assert!(body.starts_with("<!-- hbmod diff -->\n"), "{body}");
    assert!(
        body.contains("jobs"),
        "the new queue is in the comment: {body}"
    );

    // Next push: the earlier comment is found by its marker and edited, not duplicated.
    let (api, seen) = fake_github(
        serde_json::json!([
            {"id": 41, "body": "looks good"},
            {"id": 99, "body": "<!-- hbmod diff -->\nold"}
        ]),
        2,
    );
    let out = comment(&api);
    assert!(out.status.success(), "{}", text(&out));
    let requests = seen.lock().unwrap().clone();
    assert_eq!(requests.len(), 2, "{requests:?}");
    assert_eq!(requests[1].method, "PATCH");
    assert_eq!(requests[1].path, "/repos/acme/infra/issues/comments/99");

    // No change and no earlier comment: nothing is posted.
    std::fs::write(&spec, &original).unwrap();
    let (api, seen) = fake_github(serde_json::json!([]), 1);
    let out = comment(&api);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("no comment"), "{}", text(&out));
    assert!(seen.lock().unwrap().iter().all(|r| r.method == "GET"));
}
