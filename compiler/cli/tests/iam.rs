//! The generated Terraform of every golden output in; the IAM guarantees checked on it out:
//! every IAM role carries the permissions boundary, and no Allow statement holds a wildcard
//! action (`*` or `service:*`). The files are `terraform fmt` canonical, so a line-based
//! reading of blocks and statement objects is exact enough for these two facts.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::{Path, PathBuf};

fn tf_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            tf_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "tf") {
            out.push(path);
        }
    }
}

fn golden() -> Vec<(PathBuf, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../golden");
    let mut files = Vec::new();
    tf_files(&root, &mut files);
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            (p, text)
        })
        .collect()
}

/// The lines of the block that starts at line `start` (up to its closing brace at column 0).
fn block(lines: &[&str], start: usize) -> Vec<String> {
    lines[start..]
        .iter()
        .take_while(|l| **l != "}")
        .map(|l| l.to_string())
        .collect()
}

#[test]
fn every_iam_role_carries_the_permissions_boundary() {
    let mut roles = 0;
    for (path, text) in golden() {
        let lines: Vec<&str> = text.lines().collect();
        for (index, line) in lines.iter().enumerate() {
            if line.starts_with("resource \"aws_iam_role\" ") {
                roles += 1;
                let body = block(&lines, index);
                assert!(
                    body.iter()
                        .any(|l| l.trim_start().starts_with("permissions_boundary")
                            && l.ends_with("var.permissions_boundary_arn")),
                    "{}:{}: {line} has no permissions boundary",
                    path.display(),
                    index + 1
                );
            }
        }
    }
    assert!(
        roles >= 5,
        "expected the function examples' roles, found {roles}"
    );
}

#[test]
fn no_allow_statement_holds_a_wildcard_action() {
    let wildcard = |line: &str| {
        line.split('"')
            .skip(1)
            .step_by(2)
            .any(|s| s == "*" || s.ends_with(":*") || s.contains('*') && !s.contains('/'))
    };
    let mut actions = 0;
    for (path, text) in golden() {
        let lines: Vec<&str> = text.lines().collect();
        for (index, line) in lines.iter().enumerate() {
            let trimmed = line.trim_start();
            if !(trimmed.starts_with("Action ")
                || trimmed.starts_with("Action=")
                || trimmed.starts_with("actions "))
            {
                continue;
            }
            actions += 1;
            if !wildcard(trimmed) {
                continue;
            }
            // The statement object around it: back to its opening `{`, forward to its `}`.
            let indent = line.len() - trimmed.len();
            let opening = (0..index)
                .rev()
                .find(|i| lines[*i].trim() == "{" && lines[*i].len() - 1 < indent)
                .unwrap_or(0);
            let closing = (index..lines.len())
                .find(|i| {
                    lines[*i].trim_start().starts_with('}')
                        && lines[*i].len() - lines[*i].trim_start().len() < indent
                })
                .unwrap_or(lines.len());
            let deny = lines[opening..closing]
                .iter()
                .any(|l| l.contains("Effect") && l.contains("\"Deny\""));
            assert!(
                deny,
                "{}:{}: a wildcard action outside a Deny statement: {trimmed}",
                path.display(),
                index + 1
            );
        }
    }
    assert!(
        actions > 20,
        "expected the golden policies, found {actions} action lines"
    );
}
