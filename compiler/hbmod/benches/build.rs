//! `cargo bench -p hbmod`: builds one spec with 1, 100 and 1,000 spa instances through the whole
//! pipeline (parse, check, expand, print as terraform fmt) and writes the files, printing wall
//! time, files and bytes; the org policy checks alone (included in parse..fmt); then times
//! writing the same bytes alone, the floor for any tool.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::time::{Duration, Instant};

use hbmod::catalog::{embedded_files, Catalog};
use hbmod::resolve::SpecContext;
use hbmod::source::SourceFile;
use hbmod::world::MemoryWorld;

fn spec(instances: usize) -> String {
    let mut text = String::from("service bench <\n  team = \"platform\",\n>\n");
    for i in 0..instances {
        text.push_str(&format!(
            "\nspa site_{i} <\n  folder = \"./dist\",\n  domain = \"site{i}.example.com\",\n  aliases = [\"www.site{i}.example.com\"],\n>\n"
        ));
    }
    text
}

fn write_all(dir: &std::path::Path, files: &[(String, String)]) -> u64 {
    let mut bytes = 0;
    for (name, contents) in files {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, contents).unwrap();
        bytes += contents.len() as u64;
    }
    bytes
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn main() {
    let catalog = Catalog::load(&embedded_files()).expect("catalog");
    let world = MemoryWorld::with_files(&[
        "services/bench/dist/index.html",
        "services/bench/dist/app.js",
    ]);
    println!(
        "{:>9}  {:>12}  {:>12}  {:>12}  {:>7}  {:>11}  {:>15}",
        "instances", "build+write", "parse..fmt", "policies", "files", "bytes", "write-only copy"
    );
    for instances in [1usize, 100, 1000] {
        let text = spec(instances);
        let runs = if instances == 1000 { 5 } else { 11 };
        let mut total = Vec::new();
        let mut compile = Vec::new();
        let mut copy = Vec::new();
        let mut policies = Vec::new();
        let mut files_written = 0;
        let mut bytes_written = 0;
        for _ in 0..runs {
            let out = tempfile::tempdir().unwrap();
            let start = Instant::now();
            let source = SourceFile::new("services/bench/bench.hb", text.clone());
            let input = hbmod::BuildInput {
                catalog: &catalog,
                world: &world,
                spec: SpecContext {
                    spec_path: "services/bench/bench.hb",
                    output_dir: "services/bench/terraform",
                },
                environments: hbmod::stdlib::DEFAULT_ENVIRONMENTS,
                config: None,
            };
            let (generated, diagnostics) = hbmod::build(&source, &input);
            assert!(diagnostics.is_empty(), "{diagnostics:?}");
            let generated = generated.unwrap();
            let compiled = start.elapsed();
            let (plan, _) = hbmod::check_spec(&source, &input);
            let plan = plan.unwrap();
            let rules = hbmod::policy::rules::stdlib();
            let start_policies = Instant::now();
            let violations = hbmod::policy::check(&plan, &generated, &rules, &[], &[]);
            policies.push(start_policies.elapsed());
            assert!(violations.is_empty(), "{violations:?}");
            let files: Vec<(String, String)> = generated
                .into_iter()
                .map(|f| (f.name, f.contents))
                .collect();
            bytes_written = write_all(out.path(), &files);
            files_written = files.len();
            total.push(start.elapsed());
            compile.push(compiled);
            let again = tempfile::tempdir().unwrap();
            let start = Instant::now();
            write_all(again.path(), &files);
            copy.push(start.elapsed());
        }
        println!(
            "{instances:>9}  {:>10.1}ms  {:>10.1}ms  {:>10.1}ms  {files_written:>7}  {bytes_written:>11}  {:>13.1}ms",
            median(total).as_secs_f64() * 1000.0,
            median(compile).as_secs_f64() * 1000.0,
            median(policies).as_secs_f64() * 1000.0,
            median(copy).as_secs_f64() * 1000.0,
        );
    }
}
