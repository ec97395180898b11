//! `cargo bench -p hbmod-cli --bench lsp`: the latency an editor sees from sending a change of
//! a 1,000-instance spec to receiving its diagnostics from `hbmod lsp` (the real binary over
//! JSON-RPC, org config with a policy, spas with folders on disk), for an edit of one instance's
//! value (what typing does), for an edit that introduces a mistake, and for an edit of the
//! service header that changes every instance (the server then re-expands and re-checks all of
//! them). For each: the time to the first diagnostics (front end, sent at once) and to the
//! complete ones (expansion and org policies, from the worker), median, p90 and max.

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
        "{:>9}  {:>20}  {:>28}  {:>28}",
        "instances", "edit", "first diagnostics (p50/p90/max)", "complete (p50/p90/max)"
    );
    let mut version = 1;
    for (label, broken, everywhere) in [
        ("one instance's value", false, false),
        ("a mistake", true, false),
        ("the header", false, true),
    ] {
        let (mut first, mut complete) = (Vec::new(), Vec::new());
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
            client.first_diagnostics(&uri, Some(version));
            first.push(started.elapsed());
            let diagnostics = client.diagnostics(&uri, Some(version));
            complete.push(started.elapsed());
            assert_eq!(diagnostics.is_empty(), !broken, "{diagnostics:?}");
        }
        let (first, complete) = (percentiles(first), percentiles(complete));
        println!(
            "{instances:>9}  {label:>20}  {:>28}  {:>28}  {}",
            first.0,
            complete.0,
            if first.1 <= TARGET && (everywhere || complete.1 <= TARGET) {
                "(target ≤ 100 ms: met)"
            } else {
                "(target ≤ 100 ms: MISSED)"
            }
        );
    }
    println!(
        "first = the front end's diagnostics with the last complete check's findings carried \
         over, sent at once; complete = expansion and org policies included ($/hbmod/checked). \
         Target: first ≤ 100 ms for every edit, complete ≤ 100 ms for an edit of one instance."
    );
    client.shutdown();
}

/// "p50 / p90 / max" in ms, and the median.
fn percentiles(mut samples: Vec<Duration>) -> (String, Duration) {
    samples.sort();
    let at = |q: usize| samples[(samples.len() * q / 100).min(samples.len() - 1)];
    (
        format!(
            "{:.1} / {:.1} / {:.1} ms",
            ms(at(50)),
            ms(at(90)),
            ms(at(100))
        ),
        at(50),
    )
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}
