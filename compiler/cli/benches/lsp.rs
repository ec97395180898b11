//! `cargo bench -p hbmod-cli --bench lsp`: the latency an editor sees from sending a change of
//! a 1,000-instance spec to receiving its diagnostics from `hbmod lsp` (the real binary over
//! JSON-RPC, org config with a policy, spas with folders on disk), for an edit of one instance's
//! value (what typing does), for an edit that introduces a mistake, and for an edit of the
//! service header that changes every instance (the server then re-expands and re-checks all of
//! them). Prints median, p90 and max; the target is ≤ 100 ms for edits of one instance.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

#[path = "../tests/support/lsp_client.rs"]
mod lsp_client;

use std::time::{Duration, Instant};

use lsp_client::{url, Client};

const TARGET: Duration = Duration::from_millis(100);

/// The bench spec after `edit` edits: each edit changes one value of one instance (a table's
/// partition key or a queue's timeout, a different instance each time), as typing does; with
/// `everywhere`, the edit is to the service header's team, which every instance's names use.
fn spec(instances: usize, edit: usize, everywhere: bool) -> String {
    let team = if everywhere {
        format!("platform{edit}")
    } else {
        "platform".to_string()
    };
    let edited = if everywhere || edit == 0 {
        usize::MAX
    } else {
        (edit * 37) % instances
    };
    let mut text = format!("service bench <\n  team = \"{team}\",\n>\n");
    for i in 0..instances {
        let changed = if i == edited { edit } else { 0 };
        match i % 4 {
            0 => text.push_str(&format!(
                "\nspa site_{i} <\n  folder = \"./dist\",\n  domain = \"site{i}.example.com\",\n>\n"
            )),
            1 => text.push_str(&format!("\ntable table_{i} <\n  partition_key = \"id{changed}\",\n>\n")),
            2 => text.push_str(&format!("\nqueue queue_{i} <\n  visibility_timeout = {}s,\n>\n", 30 + changed % 60)),
            _ => text.push_str(&format!(
                "\nfunction fn_{i} <\n  source = \"./src\",\n  runtime = nodejs22,\n  writes = [table_{}],\n  sends = [queue_{}],\n>\n",
                i - 2,
                i - 1
            )),
        }
    }
    text
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir(root.join(".git")).unwrap();
    std::fs::create_dir_all(root.join("services/bench/dist")).unwrap();
    std::fs::create_dir_all(root.join("services/bench/src")).unwrap();
    std::fs::write(root.join("services/bench/dist/index.html"), "<h1>hi</h1>\n").unwrap();
    std::fs::write(
        root.join("services/bench/src/index.mjs"),
        "export const handler = async () => ({});\n",
    )
    .unwrap();
    std::fs::write(
        root.join("hbmod.toml"),
        "org = \"example\"\n\n[environments.staging]\naccount_id = \"222222222222\"\nregion = \"eu-west-1\"\n\n[environments.production]\naccount_id = \"333333333333\"\nregion = \"eu-west-1\"\n\n[[policies]]\nid = \"no-admin\"\nkind = \"forbid_action\"\npatterns = [\"iam:.*\"]\nmessage = \"{address} allows IAM changes\"\nhelp = \"grant IAM through the platform team\"\n",
    )
    .unwrap();
    let instances = 1000;
    let path = root.join("services/bench/bench.hb");
    std::fs::write(&path, spec(instances, 0, false)).unwrap();
    let (mut client, _) = Client::start(root);
    let uri = url(&path);
    client.open(&uri, &spec(instances, 0, false));
    let opened = client.diagnostics(&uri, Some(1));
    assert!(opened.is_empty(), "the bench spec checks: {opened:?}");

    println!(
        "{:>9}  {:>22}  {:>8}  {:>8}  {:>8}",
        "instances", "edit", "median", "p90", "max"
    );
    let mut version = 1;
    for (label, broken, everywhere) in [
        ("clean edit", false, false),
        ("edit with a mistake", true, false),
        ("edit of the header", false, true),
    ] {
        let mut samples = Vec::new();
        for edit in 1..=21 {
            version += 1;
            let mut text = spec(instances, edit, everywhere);
            if broken {
                text = text.replace(
                    "runtime = nodejs22,\n  writes = [table_1]",
                    "runtime = nodejs99,\n  writes = [table_1]",
                );
            }
            let started = Instant::now();
            client.change(&uri, version, &text);
            let diagnostics = client.diagnostics(&uri, Some(version));
            samples.push(started.elapsed());
            assert_eq!(diagnostics.is_empty(), !broken, "{diagnostics:?}");
        }
        samples.sort();
        let median = samples[samples.len() / 2];
        let p90 = samples[samples.len() * 9 / 10];
        let max = samples[samples.len() - 1];
        println!(
            "{instances:>9}  {label:>22}  {:>6.1}ms  {:>6.1}ms  {:>6.1}ms  {}",
            ms(median),
            ms(p90),
            ms(max),
            if everywhere {
                "(every instance changes: no target)"
            } else if median <= TARGET {
                "(target ≤ 100 ms: met)"
            } else {
                "(target ≤ 100 ms: MISSED)"
            }
        );
    }
    client.shutdown();
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}
