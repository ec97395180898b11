//! `cargo bench -p hbmod --bench build`: builds one spec with 1, 10, 100 and 1,000 spa instances
//! through the whole pipeline and writes the files. Each size runs in its own process (this
//! binary re-run with `HBMOD_BENCH_INSTANCES=N`), so its peak RSS (VmHWM from /proc/self/status)
//! is that size's alone. Per size it prints: build from no output as `hbmod build` runs it
//! (`build_into`, each file written as soon as it is checked, then sync), the floor (`cp -r` of
//! the output folder + `sync`, measured in the same run) and their ratio, the builds' peak RSS
//! (read before the stage timings, which hold the whole output), time and memory per instance
//! (linearity), and the stages' share (parse, resolve, expand, print, policy, write).
//!
//! Stages are timed alone, on one thread, from outside the library: parse = `check_source`,
//! resolve = `check_spec` − parse, expand = `expand::instance_input` and `render` over every instance (Tera),
//! print = `hbmod_hcl::format_and_read` over the generated files (the formatter is idempotent,
//! so this is what printing and reading the model costs), policy = `policy::Checker` over those
//! models, write = writing the files. `build` runs
//! expand, print and policy on all cores, so on a multi-core machine the shares can add up to
//! more than 100%.

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

fn write_all(dir: &std::path::Path, files: &[hbmod::emit::GeneratedFile]) -> u64 {
    let mut bytes = 0;
    for hbmod::emit::GeneratedFile { name, contents } in files {
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

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Peak resident set size of this process so far, in kB (VmHWM), when /proc has it.
fn peak_rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn sync() {
    let status = std::process::Command::new("sync").status().unwrap();
    assert!(status.success());
}

fn main() {
    if let Ok(n) = std::env::var("HBMOD_BENCH_INSTANCES") {
        one_size(n.parse().unwrap());
        return;
    }
    println!(
        "{:>9}  {:>9}  {:>9}  {:>6}  {:>8}  {:>9}  {:>9}  {:>6} {:>6} {:>6} {:>6} {:>6} {:>6}  {:>5}  {:>9}",
        "instances", "build", "floor", "ratio", "peak RSS", "ms/inst", "kB/inst",
        "parse", "resolv", "expand", "print", "policy", "write", "files", "bytes"
    );
    let exe = std::env::current_exe().unwrap();
    for instances in [1usize, 10, 100, 1000] {
        let status = std::process::Command::new(&exe)
            .env("HBMOD_BENCH_INSTANCES", instances.to_string())
            .status()
            .unwrap();
        assert!(status.success(), "{instances} instances: {status}");
    }
    println!(
        "build = hbmod::build_into writing each file as it is complete + sync, from no output; floor = cp -r of that output + sync; \
         stage columns are % of build, each stage timed alone on one thread; peak RSS includes the loaded catalog (see the 1-instance row)"
    );
}

fn one_size(instances: usize) {
    let catalog = Catalog::load(&embedded_files()).expect("catalog");
    let world = MemoryWorld::with_files(&[
        "services/bench/dist/index.html",
        "services/bench/dist/app.js",
    ]);
    let text = spec(instances);
    let runs = if instances >= 1000 { 5 } else { 11 };
    let (mut total, mut floor) = (Vec::new(), Vec::new());
    let (mut parse, mut resolve, mut expand, mut print, mut policies, mut write) = (
        Vec::new(),
        Vec::new(),
        Vec::new(),
        Vec::new(),
        Vec::new(),
        Vec::new(),
    );
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
    let mut files_written = 0;
    let mut bytes_written = 0;
    for _ in 0..runs {
        let out = tempfile::tempdir().unwrap();
        let target = out.path().join("terraform");
        // The build as `hbmod build` runs it: no output folder yet, each file written as soon
        // as it is complete and checked (`build_into`), then synced.
        let start = Instant::now();
        let bytes = std::sync::atomic::AtomicU64::new(0);
        let put = |file: hbmod::emit::GeneratedFile| {
            let path = target.join(&file.name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &file.contents).unwrap();
            bytes.fetch_add(
                file.contents.len() as u64,
                std::sync::atomic::Ordering::Relaxed,
            );
        };
        let (names, diagnostics) = hbmod::build_into(&source, &input, &put);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        sync();
        total.push(start.elapsed());
        files_written = names.unwrap().len();
        bytes_written = bytes.into_inner();

        // The floor: copying the same folder, in the same run.
        let start = Instant::now();
        let status = std::process::Command::new("cp")
            .arg("-r")
            .arg(&target)
            .arg(out.path().join("copy"))
            .status()
            .unwrap();
        assert!(status.success());
        sync();
        floor.push(start.elapsed());
    }
    // The peak of the builds alone: the stage timings below hold the whole output at once.
    let rss = peak_rss_kb().unwrap_or(0);
    let rules = hbmod::policy::rules::stdlib();
    for _ in 0..runs {
        let (generated, _) = hbmod::build(&source, &input);
        let generated = generated.unwrap();
        let out = tempfile::tempdir().unwrap();
        let start = Instant::now();
        write_all(&out.path().join("terraform"), &generated);
        write.push(start.elapsed());

        // The stages, each timed alone.
        let start = Instant::now();
        let _ = hbmod::check_source(&source);
        parse.push(start.elapsed());
        let start = Instant::now();
        let (plan, _) = hbmod::check_spec(&source, &input);
        resolve.push(start.elapsed());
        let plan = plan.unwrap();
        // Print and policy interleaved, file by file, as the build runs them (so that no more
        // than one file's model is held), each timed on its own.
        let start = Instant::now();
        let shared: Vec<hbmod::emit::GeneratedFile> = generated
            .iter()
            .filter(|f| hbmod::policy::is_shared(&f.name))
            .cloned()
            .collect();
        let checker = hbmod::policy::Checker::new(&plan, &shared, &rules, &[], &[], None);
        let (mut printing, mut checking) = (Duration::ZERO, start.elapsed());
        let mut findings = Vec::new();
        for file in generated.iter().filter(|f| f.name.ends_with(".tf")) {
            let start = Instant::now();
            let (printed, body) = hbmod_hcl::format_and_read(&file.contents).unwrap();
            assert_eq!(printed.len(), file.contents.len(), "{}", file.name);
            printing += start.elapsed();
            let start = Instant::now();
            if let Some(instance) = file.name.strip_suffix(".tf") {
                findings.push(checker.instance(instance, file, Some(&body)));
            }
            checking += start.elapsed();
        }
        print.push(printing);
        let start = Instant::now();
        let violations = checker.diagnostics(findings);
        policies.push(checking + start.elapsed());
        assert!(violations.is_empty(), "{violations:?}");
        let start = Instant::now();
        let indexed = hbmod::expand::Indexed::new(&plan);
        for instance in &plan.instances {
            let text = hbmod::expand::instance_input(
                &indexed,
                instance,
                &catalog,
                hbmod::stdlib::DEFAULT_ENVIRONMENTS,
            )
            .and_then(|input| input.render(&catalog));
            assert!(text.is_ok());
        }
        expand.push(start.elapsed());
    }
    let total = median(total);
    let parse = median(parse);
    let resolve = median(resolve).saturating_sub(parse);
    let policy = median(policies);
    let print = median(print);
    let write = median(write);
    let expand = median(expand);
    let floor = median(floor);
    let share = |d: Duration| 100.0 * d.as_secs_f64() / total.as_secs_f64();
    println!(
        "{instances:>9}  {:>7.1}ms  {:>7.1}ms  {:>5.1}x  {:>6}MB  {:>9.3}  {:>9.1}  {:>5.1}% {:>5.1}% {:>5.1}% {:>5.1}% {:>5.1}% {:>5.1}%  {files_written:>5}  {bytes_written:>9}",
        ms(total),
        ms(floor),
        total.as_secs_f64() / floor.as_secs_f64(),
        rss / 1024,
        ms(total) / instances as f64,
        rss as f64 / instances as f64,
        share(parse),
        share(resolve),
        share(expand),
        share(print),
        share(policy),
        share(write),
    );
    if instances == 1000 {
        // Issue 14's goal at 1,000 instances, and what stands between it and the numbers.
        let ratio = total.as_secs_f64() / floor.as_secs_f64();
        let mb = rss / 1024;
        println!(
            "goal at 1000: build <= 5x the floor: {} ({ratio:.1}x); peak RSS <= 30 MB: {} ({mb} MB{})",
            if ratio <= 5.0 { "met" } else { "MISSED" },
            if mb <= 30 { "met" } else { "MISSED" },
            if mb <= 30 {
                String::new()
            } else {
                ": see the stage shares and run heaptrack on this bench with HBMOD_BENCH_INSTANCES=1000"
                    .to_string()
            }
        );
    }
}
