//! `build_into` against `build`, on a real spec with the embedded catalog: the files handed to
//! `put` one by one are exactly the files `build` returns (names and bytes), the names come back
//! sorted, and a build that fails after some files were put (an org policy violation, found
//! per instance) says so with the diagnostics `build` gives.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::BTreeMap;
use std::sync::Mutex;

use hbmod::catalog::{embedded_files, Catalog};
use hbmod::config::{self, OrgConfig};
use hbmod::emit::GeneratedFile;
use hbmod::resolve::SpecContext;
use hbmod::source::SourceFile;
use hbmod::world::MemoryWorld;

const SPEC: &str = r#"service orders <
  team = "commerce",
>

bucket receipts < >

queue placed < >

topic shipped < >

function fulfil <
  source    = "./src",
  runtime   = nodejs22,
  writes    = [receipts],
  consumes  = [placed],
  publishes = [shipped],
>

spa shop <
  folder = "./dist",
  domain = "shop.example.com",
>
"#;

const NO_QUEUES: &str = r#"org = "example"

[environments.staging]
account_id = "222222222222"
region = "eu-west-1"

[[policies]]
id = "no-queues"
kind = "forbid_resource"
resources = ["aws_sqs_queue"]
message = "{address} is a queue"
help = "use a topic"
"#;

fn org(text: &str) -> OrgConfig {
    let (org, diagnostics) = config::parse(&SourceFile::new(config::FILE_NAME, text));
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    org.unwrap()
}

/// The spec's build input against the embedded catalog (staging only with an org config).
fn input<'a>(
    catalog: &'a Catalog,
    world: &'a MemoryWorld,
    config: Option<&'a OrgConfig>,
) -> hbmod::BuildInput<'a> {
    hbmod::BuildInput {
        catalog,
        world,
        spec: SpecContext {
            spec_path: "services/orders/orders.hb",
            output_dir: "services/orders/terraform",
        },
        environments: match config {
            Some(_) => &["staging"],
            None => hbmod::stdlib::DEFAULT_ENVIRONMENTS,
        },
        config,
    }
}

fn world() -> MemoryWorld {
    MemoryWorld::with_files(&[
        "services/orders/src/index.mjs",
        "services/orders/dist/index.html",
    ])
}

/// What `build` gave: its files and its diagnostics (as debug text).
type Built = (Option<Vec<GeneratedFile>>, Vec<String>);
/// What `build_into` gave: the names, the files it put, its diagnostics.
type Streamed = (Option<Vec<String>>, BTreeMap<String, String>, Vec<String>);

fn both(config: Option<&OrgConfig>) -> (Built, Streamed) {
    let catalog = Catalog::load(&embedded_files()).unwrap();
    let world = world();
    let input = input(&catalog, &world, config);
    let source = SourceFile::new("services/orders/orders.hb", SPEC);
    let text = |d: &[hbmod::diagnostic::Diagnostic]| d.iter().map(|d| format!("{d:?}")).collect();
    let (files, diagnostics) = hbmod::build(&source, &input);
    let put = Mutex::new(BTreeMap::new());
    let (names, streamed) = hbmod::build_into(&source, &input, &|file: GeneratedFile| {
        let previous = put.lock().unwrap().insert(file.name, file.contents);
        assert!(previous.is_none(), "a file was put twice");
    });
    (
        (files, text(&diagnostics)),
        (names, put.into_inner().unwrap(), text(&streamed)),
    )
}

#[test]
fn the_files_put_are_the_files_build_returns() {
    let ((files, diagnostics), (names, put, streamed)) = both(None);
    assert_eq!(streamed, diagnostics);
    let files = files.expect("the spec builds");
    let expected: BTreeMap<String, String> = files
        .iter()
        .map(|f| (f.name.clone(), f.contents.clone()))
        .collect();
    assert_eq!(put, expected, "the same files, byte for byte");
    let names = names.expect("the names come back");
    let in_order: Vec<String> = files.iter().map(|f| f.name.clone()).collect();
    assert_eq!(names, in_order, "in the order build returns them");
    assert!(names.len() > 8, "{names:?}");
}

#[test]
fn a_violation_found_after_files_were_put_fails_the_build() {
    let config = org(NO_QUEUES);
    let ((files, diagnostics), (names, put, streamed)) = both(Some(&config));
    assert!(files.is_none());
    assert!(
        names.is_none(),
        "no names: the caller discards what was put"
    );
    assert!(
        !put.is_empty(),
        "files were put before the violation was known"
    );
    assert_eq!(streamed, diagnostics);
    assert!(
        streamed
            .iter()
            .any(|d| d.contains("HB0054") && d.contains("no-queues")),
        "{streamed:?}"
    );
}

#[test]
fn build_and_read_keeps_the_model_of_each_instance_file_as_read_from_its_text() {
    let catalog = Catalog::load(&embedded_files()).unwrap();
    let world = world();
    let input = input(&catalog, &world, None);
    let source = SourceFile::new("services/orders/orders.hb", SPEC);
    let (files, _) = hbmod::build(&source, &input);
    let (read, diagnostics) = hbmod::build_and_read(&source, &input);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let read = read.unwrap();
    let (built, models): (Vec<GeneratedFile>, Vec<_>) = read.into_iter().unzip();
    assert_eq!(Some(built.clone()), files, "the same files as build");
    let mut instance_files = 0;
    for (file, model) in built.iter().zip(&models) {
        let instance = ["receipts", "placed", "shipped", "fulfil", "shop"]
            .iter()
            .any(|i| file.name == format!("{i}.tf"));
        match model {
            Some(model) => {
                assert!(instance, "{} is not an instance file", file.name);
                let again = hbmod::hbmod_hcl::model::read(&file.contents).unwrap();
                assert_eq!(model, &again, "{}: the kept model is the file's", file.name);
                instance_files += 1;
            }
            None => assert!(!instance, "{} has no model", file.name),
        }
    }
    assert_eq!(instance_files, 5);
}
