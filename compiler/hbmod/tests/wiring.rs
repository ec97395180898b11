//! Removing one reference from a real spec (the click stream, with the embedded catalog) in, the
//! lines that disappear from the generated Terraform out: exactly that reference's grant
//! statements and its wiring (the event source mapping, the reference's environment
//! variables), nothing added, no other file touched.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use hbmod::catalog::{embedded_files, Catalog};
use hbmod::resolve::SpecContext;
use hbmod::source::SourceFile;
use hbmod::world::MemoryWorld;
use similar::{ChangeTag, TextDiff};

const SPEC: &str = r#"service clicks <
  team = "analytics",
>

table clicks <
  partition_key = "click_id",
>

queue enrich < >

function enricher <
  source   = "./src",
  runtime  = nodejs22,
  reads    = [clicks],
  consumes = [enrich],
>
"#;

fn build(text: &str) -> Vec<(String, String)> {
    let catalog = Catalog::load(&embedded_files()).unwrap();
    let world = MemoryWorld::with_files(&["services/clicks/src/index.mjs"]);
    let input = hbmod::BuildInput {
        catalog: &catalog,
        world: &world,
        spec: SpecContext {
            spec_path: "services/clicks/clicks.hb",
            output_dir: "services/clicks/terraform",
        },
        environments: hbmod::stdlib::DEFAULT_ENVIRONMENTS,
        config: None,
    };
    let (files, diagnostics) =
        hbmod::build(&SourceFile::new("services/clicks/clicks.hb", text), &input);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    files
        .unwrap()
        .into_iter()
        .map(|f| (f.name, f.contents))
        .collect()
}

#[test]
fn removing_a_consume_reference_removes_exactly_its_statements_and_wiring() {
    let before = build(SPEC);
    let after = build(&SPEC.replace("  consumes = [enrich],\n", ""));
    assert_eq!(
        before.iter().map(|(n, _)| n).collect::<Vec<_>>(),
        after.iter().map(|(n, _)| n).collect::<Vec<_>>()
    );
    for ((name, old), (_, new)) in before.iter().zip(&after) {
        let diff = TextDiff::from_lines(old.as_str(), new.as_str());
        let mut removed = String::new();
        for change in diff.iter_all_changes() {
            if change.value().starts_with(hbmod::emit::CHECKSUM_PREFIX) {
                continue;
            }
            match change.tag() {
                ChangeTag::Equal => {}
                ChangeTag::Insert => panic!("{name}: a line was added: {}", change.value()),
                ChangeTag::Delete => removed.push_str(change.value()),
            }
        }
        if name != "enricher.tf" {
            assert_eq!(removed, "", "{name} changed");
            continue;
        }
        // What went: the variables naming the queue, both consume statements, the mapping.
        for expected in [
            "ENRICH_ARN  = aws_sqs_queue.enrich.arn",
            "Sid      = \"ConsumeEnrich\"",
            "Sid      = \"ConsumeEnrich2\"",
            "resource \"aws_lambda_event_source_mapping\" \"enricher_enrich\"",
        ] {
            assert!(
                removed.contains(expected),
                "{expected} not removed:\n{removed}"
            );
        }
        // ...and nothing of the table's grant, the function or its role.
        for kept in [
            "ReadClicks",
            "resource \"aws_lambda_function\"",
            "resource \"aws_iam_role\"",
            "permissions_boundary",
        ] {
            assert!(!removed.contains(kept), "{kept} removed:\n{removed}");
        }
        // Every removed line is part of one of those three things.
        let statements = removed.matches("Sid ").count();
        assert_eq!(statements, 2, "{removed}");
        assert_eq!(removed.matches("resource \"").count(), 1, "{removed}");
        for line in removed.lines() {
            let line = line.trim();
            let known = line.is_empty()
                || line.starts_with('#')
                || line.to_lowercase().contains("enrich")
                || ["{", "}", "},", "]", "Effect   = \"Allow\""].contains(&line)
                || line.starts_with("Action")
                || line.starts_with("Condition")
                || line.starts_with("StringEquals")
                || line.starts_with("batch_size")
                || line.starts_with("maximum_")
                || line.starts_with("function_")
                || line.starts_with("scaling_config")
                || line.starts_with("depends_on");
            assert!(known, "unexpected removed line `{line}` in:\n{removed}");
        }
    }
}
