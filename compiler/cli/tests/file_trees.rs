//! Hostile file trees below an uploaded folder in, `hbmod build`'s verdict out. Terraform's
//! `fileset` follows symlinks when it lists a site's files at plan time, so anything a link
//! reaches would be uploaded: links to parents, to `.git`, to files beside the folder, loops,
//! dangling links (filled in later) and names with control characters are refused with a
//! positioned error and nothing is written; links that stay inside the folder and hard links
//! (which are the file itself) are accepted.

#![cfg(unix)]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::os::unix::fs::symlink;
use std::path::Path;
use std::process::{Command, Output};

const SPEC: &str = "service web <\n  team = \"frontend\",\n>\n\nspa web <\n  folder = \"./dist\",\n  domain = \"app.example.com\",\n>\n";

/// A repository with `.env`, `services/web/site.hb` and `services/web/dist/{index.html,assets/app.js}`.
fn repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join(".git")).unwrap();
    std::fs::write(root.join(".git/config"), "[core]\n").unwrap();
    std::fs::write(root.join(".env"), "AWS_SECRET_ACCESS_KEY=do-not-upload\n").unwrap();
    std::fs::create_dir_all(root.join("services/web/dist/assets")).unwrap();
    std::fs::write(root.join("services/web/dist/index.html"), "<h1>hi</h1>\n").unwrap();
    std::fs::write(root.join("services/web/dist/assets/app.js"), "1;\n").unwrap();
    std::fs::write(root.join("services/web/site.hb"), SPEC).unwrap();
    dir
}

fn dist(repo: &tempfile::TempDir) -> std::path::PathBuf {
    repo.path().join("services/web/dist")
}

fn build(dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hbmod"))
        .current_dir(dir)
        .args(["build", "services/web/site.hb", "--color", "never"])
        .output()
        .unwrap()
}

fn text(out: &Output) -> String {
    format!(
        "exit {:?}\n{}{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// The build fails at `folder = "./dist"` (line 6), names `culprit`, and writes nothing.
fn assert_refused(repo: &tempfile::TempDir, culprit: &str, why: &str) {
    let out = build(repo.path());
    let shown = text(&out);
    assert_eq!(out.status.code(), Some(1), "{shown}");
    assert!(shown.contains("services/web/site.hb:6:12"), "{shown}");
    assert!(shown.contains(why), "{shown}");
    assert!(shown.contains(culprit), "{shown}");
    assert!(
        !repo.path().join("services/web/terraform").exists(),
        "nothing may be written: {shown}"
    );
}

fn assert_accepted(repo: &tempfile::TempDir) {
    let out = build(repo.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
}

#[test]
fn a_link_to_a_folder_above_is_refused() {
    let repo = repository();
    symlink("../../..", dist(&repo).join("up")).unwrap();
    assert_refused(
        &repo,
        "services/web/dist/up",
        "holds symlinks that point outside it",
    );
}

#[test]
fn a_link_to_the_repositorys_git_folder_is_refused() {
    let repo = repository();
    symlink("../../../.git", dist(&repo).join("assets/git")).unwrap();
    assert_refused(&repo, "services/web/dist/assets/git", "point outside it");
}

#[test]
fn a_link_to_a_file_beside_the_folder_is_refused() {
    let repo = repository();
    symlink("../../../.env", dist(&repo).join("env.txt")).unwrap();
    assert_refused(&repo, "services/web/dist/env.txt", "point outside it");
}

#[test]
fn a_link_to_the_folder_itself_or_a_folder_above_it_inside_is_a_loop_and_refused() {
    let repo = repository();
    symlink("..", dist(&repo).join("assets/loop")).unwrap();
    assert_refused(&repo, "services/web/dist/assets/loop", "point outside it");

    let repo = repository();
    symlink(".", dist(&repo).join("assets/here")).unwrap();
    assert_refused(&repo, "services/web/dist/assets/here", "point outside it");
}

#[test]
fn two_links_that_point_at_each_others_folders_are_a_loop_and_refused() {
    let repo = repository();
    std::fs::create_dir_all(dist(&repo).join("a")).unwrap();
    std::fs::create_dir_all(dist(&repo).join("b")).unwrap();
    symlink("../b", dist(&repo).join("a/to-b")).unwrap();
    symlink("../a", dist(&repo).join("b/to-a")).unwrap();
    assert_refused(&repo, "services/web/dist/a/to-b/to-a", "point outside it");
}

#[test]
fn a_link_to_itself_or_to_nothing_is_refused() {
    let repo = repository();
    symlink("self", dist(&repo).join("self")).unwrap();
    assert_refused(&repo, "services/web/dist/self", "to nothing");

    // Dangling now, but whatever appears at its target before the plan would be uploaded.
    let repo = repository();
    symlink("../../../later", dist(&repo).join("later")).unwrap();
    assert_refused(&repo, "services/web/dist/later", "point outside it");
}

#[test]
fn names_with_newlines_or_invalid_bytes_are_refused() {
    let repo = repository();
    std::fs::write(dist(&repo).join("evil\nname.html"), "x").unwrap();
    assert_refused(
        &repo,
        "services/web/dist/evil\\nname.html",
        "control characters",
    );

    let repo = repository();
    use std::os::unix::ffi::OsStrExt as _;
    let name = std::ffi::OsStr::from_bytes(b"bad\xffbyte.html");
    std::fs::write(dist(&repo).join(name), "x").unwrap();
    assert_refused(&repo, "bad\u{FFFD}byte.html", "not UTF-8");
}

#[test]
fn links_that_stay_inside_the_folder_are_accepted() {
    let repo = repository();
    symlink("index.html", dist(&repo).join("home.html")).unwrap();
    symlink("assets", dist(&repo).join("v2")).unwrap();
    symlink("../index.html", dist(&repo).join("assets/index.html")).unwrap();
    assert_accepted(&repo);
}

#[test]
fn a_hard_link_is_the_file_itself_and_accepted() {
    // A hard link is not a path that can be followed later: its bytes are in the folder now,
    // exactly as if copied, so it is uploaded like any file the user put there.
    let repo = repository();
    std::fs::hard_link(repo.path().join(".env"), dist(&repo).join("copied.txt")).unwrap();
    assert_accepted(&repo);
}

#[test]
fn a_link_that_appears_after_the_build_is_refused_by_check() {
    // `hbmod check` (and `hbmod plan`, which checks first) vets the folder again, so a link
    // added between build and plan never reaches Terraform through hbmod.
    let repo = repository();
    assert_accepted(&repo);
    symlink("../../..", dist(&repo).join("up")).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_hbmod"))
        .current_dir(repo.path())
        .args(["check", "services/web/site.hb", "--color", "never"])
        .output()
        .unwrap();
    let shown = text(&out);
    assert_eq!(out.status.code(), Some(1), "{shown}");
    assert!(shown.contains("services/web/dist/up"), "{shown}");
}
