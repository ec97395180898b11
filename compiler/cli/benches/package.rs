//! `cargo bench -p hbmod-cli --bench package`: `hbmod package` of one function whose
//! production closure holds 1,000 small packages (3 files each, a chain of dependencies through
//! node_modules), next to the floor measured in the same run on the same files: `cp -r` of the
//! function and its node_modules, then `zip -X -r` of the copy. Prints the median of 5 runs of
//! each and their ratio; the goal is a ratio ≤ 1 (no slower than copying and zipping).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

const PACKAGES: usize = 1_000;
const RUNS: usize = 5;

/// A repository with `fn/` depending on `p0`..`p999` (each also on the next one).
fn repository(root: &Path) {
    std::fs::create_dir_all(root.join(".git")).unwrap();
    let function = root.join("fn");
    std::fs::create_dir_all(&function).unwrap();
    let dependencies: Vec<String> = (0..PACKAGES)
        .map(|i| format!("\"p{i}\": \"1.0.0\""))
        .collect();
    std::fs::write(
        function.join("package.json"),
        format!(
            "{{ \"name\": \"fn\", \"version\": \"1.0.0\", \"dependencies\": {{ {} }} }}",
            dependencies.join(", ")
        ),
    )
    .unwrap();
    std::fs::write(
        function.join("index.mjs"),
        "export const handler = async () => 1;\n",
    )
    .unwrap();
    for i in 0..PACKAGES {
        let package = function.join(format!("node_modules/p{i}"));
        std::fs::create_dir_all(package.join("lib")).unwrap();
        let next = if i + 1 < PACKAGES {
            format!(", \"dependencies\": {{ \"p{}\": \"1.0.0\" }}", i + 1)
        } else {
            String::new()
        };
        std::fs::write(
            package.join("package.json"),
            format!("{{ \"name\": \"p{i}\", \"version\": \"1.0.0\", \"main\": \"lib/index.js\"{next} }}"),
        )
        .unwrap();
        std::fs::write(
            package.join("lib/index.js"),
            format!("module.exports = {i};\n").repeat(40),
        )
        .unwrap();
        std::fs::write(package.join("README.md"), "# a small package\n".repeat(20)).unwrap();
    }
    std::fs::write(
        root.join("fn.hb"),
        "service bench < team = \"platform\" >\n\nfunction hello <\n  source  = \"./fn\",\n  runtime = nodejs22,\n>\n",
    )
    .unwrap();
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn time(mut run: impl FnMut()) -> Duration {
    let times = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            run();
            start.elapsed()
        })
        .collect();
    median(times)
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    repository(root);

    let hbmod = time(|| {
        let _ = std::fs::remove_dir_all(root.join("terraform/.artifacts"));
        let out = Command::new(env!("CARGO_BIN_EXE_hbmod"))
            .current_dir(root)
            .args(["package", "fn.hb", "--color", "never"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    });
    let zip_size = std::fs::metadata(root.join("terraform/.artifacts/hello.zip"))
        .unwrap()
        .len();

    let zip_found = Command::new("zip")
        .arg("-v")
        .output()
        .is_ok_and(|o| o.status.success());
    if !zip_found {
        println!("hbmod package, {PACKAGES} packages: {hbmod:?} median ({zip_size} bytes); floor skipped: `zip` is not installed");
        return;
    }
    let floor = time(|| {
        let copy = root.join("copy");
        let _ = std::fs::remove_dir_all(&copy);
        let _ = std::fs::remove_file(root.join("copy.zip"));
        assert!(Command::new("cp")
            .arg("-r")
            .arg(root.join("fn"))
            .arg(&copy)
            .status()
            .unwrap()
            .success());
        assert!(Command::new("zip")
            .current_dir(&copy)
            .args(["-X", "-q", "-r", "../copy.zip", "."])
            .status()
            .unwrap()
            .success());
    });
    let floor_size = std::fs::metadata(root.join("copy.zip")).unwrap().len();
    println!("hbmod package, {PACKAGES} packages ({} files): {hbmod:?} median of {RUNS}, zip {zip_size} bytes", PACKAGES * 3 + 2);
    println!("floor, cp -r + zip -X -r of the same files:     {floor:?} median of {RUNS}, zip {floor_size} bytes");
    println!(
        "ratio: {:.2}x the floor (goal: <= 1.00x)",
        hbmod.as_secs_f64() / floor.as_secs_f64()
    );
}
