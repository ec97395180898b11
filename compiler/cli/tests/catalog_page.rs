//! The published catalog page (`index.html`) opened in headless Chromium with no network: the
//! module list renders, and searching (`?q=`, `#q=` as typed into the box) filters and ranks it.
//! Skipped with a note when Chromium is missing, unless `HBMOD_REQUIRE_BROWSER` is set (CI sets
//! it and installs Debian's `chromium`).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

#[path = "support/skip.rs"]
mod skip;

use std::path::{Path, PathBuf};
use std::process::Command;

fn chromium() -> Option<PathBuf> {
    ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.is_file())
}

/// Runs headless Chromium on `url` with `args`, offline, and returns its stdout.
fn browse(browser: &Path, profile: &Path, args: &[&str], url: &str) -> String {
    let out = Command::new("timeout")
        .arg("120")
        .arg(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-extensions",
            "--host-resolver-rules=MAP * ~NOTFOUND",
            "--proxy-server=http://127.0.0.1:9",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(url)
        .output()
        .expect("chromium runs");
    assert!(
        out.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The `<li class="module" ...>` tags of a dumped DOM, in order: (name, hidden).
fn modules(dom: &str) -> Vec<(String, bool)> {
    dom.split("<li class=\"module\"")
        .skip(1)
        .map(|rest| {
            let tag = &rest[..rest.find('>').unwrap()];
            let name = tag.split("data-name=\"").nth(1).unwrap();
            (
                name[..name.find('"').unwrap()].to_string(),
                tag.contains("hidden"),
            )
        })
        .collect()
}

fn shown(dom: &str) -> Vec<String> {
    modules(dom)
        .into_iter()
        .filter(|(_, hidden)| !hidden)
        .map(|(n, _)| n)
        .collect()
}

#[test]
fn the_catalog_page_lists_modules_and_search_filters_them() {
    let Some(browser) = chromium() else {
        if std::env::var_os("HBMOD_REQUIRE_BROWSER").is_some()
            || std::env::var_os("HBMOD_REQUIRE_TOOLS").is_some()
        {
            panic!(
                "HBMOD_REQUIRE_BROWSER is set but Chromium is missing: apt-get install -y chromium"
            );
        }
        skip::skip("no /usr/bin/chromium (apt-get install -y chromium)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let bundle = dir.path().join("bundle");
    let out = Command::new(env!("CARGO_BIN_EXE_hbmod"))
        .args(["catalog", "publish", "--out"])
        .arg(&bundle)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let page = bundle.join("0.1.0/index.html");
    let url = format!("file://{}", page.display());
    let profile = dir.path().join("profile");

    // Every module is listed, none hidden.
    let dom = browse(&browser, &profile, &["--dump-dom"], &url);
    let all = modules(&dom);
    assert_eq!(all.len(), 9, "{dom}");
    assert!(all.iter().all(|(_, hidden)| !hidden), "{all:?}");
    assert!(dom.contains("9 of 9 modules"), "{dom}");
    // The details the script renders from the inline data are there.
    assert!(dom.contains("<code>price_class</code>"), "{dom}");

    // A search for a parameter finds the one module that has it.
    let dom = browse(
        &browser,
        &profile,
        &["--dump-dom"],
        &format!("{url}?q=fifo"),
    );
    assert_eq!(shown(&dom), ["queue"], "{dom}");
    assert!(dom.contains("1 of 9 modules"), "{dom}");
    // With one match, its parameters are shown without a click.
    assert!(dom.contains("<details open=\"\">"), "{dom}");

    // A module's name ranks it first among the modules that mention the word.
    let dom = browse(
        &browser,
        &profile,
        &["--dump-dom"],
        &format!("{url}#q=queue"),
    );
    let found = shown(&dom);
    assert_eq!(
        found.first().map(String::as_str),
        Some("queue"),
        "{found:?}"
    );
    assert!(
        found.len() < 8 && !found.contains(&"spa".to_string()),
        "{found:?}"
    );

    // Nothing matches: the list is empty and the page says so.
    let dom = browse(
        &browser,
        &profile,
        &["--dump-dom"],
        &format!("{url}?q=kubernetes"),
    );
    assert!(shown(&dom).is_empty());
    assert!(dom.contains("<p id=\"none\">No module matches"), "{dom}");

    // A screenshot of a search, kept in the target folder for people to look at.
    let shot = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("catalog-page-search.png");
    let _ = std::fs::remove_file(&shot);
    browse(
        &browser,
        &profile,
        &[
            &format!("--screenshot={}", shot.display()),
            "--window-size=1200,1000",
        ],
        &format!("{url}?q=queue"),
    );
    let png = std::fs::read(&shot).unwrap();
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
    assert!(
        png.len() > 10_000,
        "a blank page would be tiny: {} bytes",
        png.len()
    );
}
