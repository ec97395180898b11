//! `cargo bench -p hbmod --bench services`: a monorepo of 10, 100 and 1,000 generated services
//! (one spec each: a static site, a table, a queue and two functions wired together) built
//! through the whole pipeline and written to disk, on one thread and on every core. Prints
//! wall time per size, per service, and the speed-up, to show linear scaling on all cores.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use hbmod::catalog::{embedded_files, Catalog};
use hbmod::resolve::SpecContext;
use hbmod::source::SourceFile;
use hbmod::world::MemoryWorld;

fn spec(i: usize) -> String {
    format!(
        "service svc{i} <\n  team = \"team{}\",\n>\n\nspa site <\n  folder = \"./dist\",\n  domain = \"svc{i}.example.com\",\n>\n\ntable items <\n  partition_key = \"id\",\n>\n\nqueue jobs < >\n\nfunction api <\n  source = \"./src\",\n  runtime = nodejs22,\n  writes = [items],\n  sends = [jobs],\n>\n\nfunction worker <\n  source = \"./src\",\n  runtime = nodejs22,\n  reads = [items],\n  consumes = [jobs],\n>\n",
        i % 7
    )
}

/// Builds services `0..count` with `threads` workers and writes their files under `out`.
fn build_all(
    count: usize,
    threads: usize,
    catalog: &Catalog,
    world: &MemoryWorld,
    out: &std::path::Path,
) -> (usize, u64) {
    let next = AtomicUsize::new(0);
    let totals: Vec<(usize, u64)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let (mut files, mut bytes) = (0, 0u64);
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        if i >= count {
                            break;
                        }
                        let spec_path = format!("services/svc{i}/svc{i}.hb");
                        let output_dir = format!("services/svc{i}/terraform");
                        let input = hbmod::BuildInput {
                            catalog,
                            world,
                            spec: SpecContext {
                                spec_path: &spec_path,
                                output_dir: &output_dir,
                            },
                            environments: hbmod::stdlib::DEFAULT_ENVIRONMENTS,
                            config: None,
                        };
                        let (generated, diagnostics) =
                            hbmod::build(&SourceFile::new(&spec_path, spec(i)), &input);
                        assert!(diagnostics.is_empty(), "{diagnostics:?}");
                        let dir = out.join(format!("svc{i}"));
                        for file in generated.unwrap() {
                            let path = dir.join(&file.name);
                            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                            std::fs::write(&path, &file.contents).unwrap();
                            files += 1;
                            bytes += file.contents.len() as u64;
                        }
                    }
                    (files, bytes)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    totals
        .into_iter()
        .fold((0, 0), |(f, b), (f2, b2)| (f + f2, b + b2))
}

fn main() {
    let catalog = Catalog::load(&embedded_files()).expect("catalog");
    let mut paths = Vec::new();
    for i in 0..1000 {
        paths.push(format!("services/svc{i}/dist/index.html"));
        paths.push(format!("services/svc{i}/src/index.mjs"));
    }
    let world = MemoryWorld::with_files(&paths.iter().map(String::as_str).collect::<Vec<_>>());
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    println!(
        "{:>8}  {:>7}  {:>11}  {:>13}  {:>7}  {:>11}",
        "services", "threads", "wall", "per service", "files", "bytes"
    );
    for count in [10usize, 100, 1000] {
        let mut one = Duration::ZERO;
        for threads in [1, cores] {
            let out = tempfile::tempdir().unwrap();
            let start = Instant::now();
            let (files, bytes) = build_all(count, threads, &catalog, &world, out.path());
            let wall = start.elapsed();
            if threads == 1 {
                one = wall;
            }
            println!(
                "{count:>8}  {threads:>7}  {:>9.1}ms  {:>11.2}ms  {files:>7}  {bytes:>11}{}",
                wall.as_secs_f64() * 1000.0,
                wall.as_secs_f64() * 1000.0 / count as f64,
                if threads > 1 {
                    format!(
                        "   speed-up {:.2}x on {threads} cores",
                        one.as_secs_f64() / wall.as_secs_f64()
                    )
                } else {
                    String::new()
                }
            );
        }
    }
}
