//! A build that reuses its previous results (`hbmod::build_with` and a `Memo`, as `hbmod lsp`
//! re-checks after each keystroke) gives exactly what a build from nothing gives: over a run of
//! edits (a value, a policy violation coming and going, a rename with `was`, the header, a
//! removed instance, a syntax error), a changed catalog and a changed org config. And it does
//! reuse: after an edit of one value, only that instance is expanded and checked again.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use hbmod::catalog::{embedded_files, Catalog, CatalogFile};
use hbmod::config::{self, OrgConfig};
use hbmod::memo::{Memo, Reused};
use hbmod::resolve::SpecContext;
use hbmod::source::SourceFile;
use hbmod::world::MemoryWorld;

/// A module that breaks an org rule on request: a public function URL.
const LOUD: &str = r#"
name = "loud"
version = "0.1.0"
summary = "A module that breaks the org's rule against public function URLs on request"

[params.public]
type = "bool"
doc = "Whether to give it a public URL"
"#;

const LOUD_TEMPLATE: &str = r#"
{%- if p.public %}
resource "aws_lambda_function_url" "{{ name }}" {
  function_name      = "x"
  authorization_type = "NONE"
}
{%- endif %}
"#;

const CONFIG: &str = r#"org = "example"
allowed_regions = ["eu-west-1"]

[environments.staging]
account_id = "222222222222"
region = "eu-west-1"

[environments.production]
account_id = "333333333333"
region = "eu-west-1"

[[policies]]
id = "no-public-function-urls"
kind = "forbid_resource"
resources = ["aws_lambda_function_url"]
message = "{address} would give a function a public URL"
help = "put the function behind an `api` instance, which authorizes every route"
"#;

fn load_catalog(template: &str) -> Catalog {
    let mut files = embedded_files();
    for (path, contents) in [("loud/module.toml", LOUD), ("loud/main.tf.tera", template)] {
        files.push(CatalogFile {
            path: path.to_string(),
            contents: contents.to_string(),
        });
    }
    Catalog::load(&files).unwrap()
}

fn load_org(text: &str) -> OrgConfig {
    let source = SourceFile::new(config::FILE_NAME, text);
    let (org, diagnostics) = config::parse(&source);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    org.unwrap()
}

const BASE: &str = r#"service jobs < team = "data" >

spa site < folder = "./dist", domain = "jobs.example.com" >

table runs < partition_key = "id" >

queue work < visibility_timeout = 30s >

function worker <
  source = "./src",
  runtime = nodejs22,
  writes = [runs],
  sends = [work],
>

loud hook < public = false >
"#;

/// The spec after each edit, in order.
fn edits() -> Vec<(&'static str, String)> {
    let renamed = BASE
        .replace("table runs <", "table jobs_run < was = runs,")
        .replace("writes = [runs]", "writes = [jobs_run]");
    vec![
        ("the spec", BASE.to_string()),
        ("the same spec again", BASE.to_string()),
        (
            "one value",
            BASE.replace("visibility_timeout = 30s", "visibility_timeout = 45s"),
        ),
        (
            "a policy violation",
            BASE.replace("public = false", "public = true"),
        ),
        (
            "the violation kept, another value",
            BASE.replace("public = false", "public = true")
                .replace("\"id\"", "\"run_id\""),
        ),
        ("the violation gone", BASE.to_string()),
        ("a rename with was", renamed.clone()),
        ("the renamed spec again", renamed),
        (
            "the header",
            BASE.replace("team = \"data\"", "team = \"analytics\""),
        ),
        (
            "a referenced instance removed",
            BASE.replace("table runs < partition_key = \"id\" >\n", ""),
        ),
        ("a syntax error", BASE.replace("queue work <", "queue work")),
        ("back to the spec", BASE.to_string()),
    ]
}

fn build(text: &str, catalog: &Catalog, org: &OrgConfig, memo: Option<&Memo>) -> String {
    let world = MemoryWorld::with_files(&[
        "services/jobs/dist/index.html",
        "services/jobs/src/index.mjs",
    ]);
    let input = hbmod::BuildInput {
        catalog,
        world: &world,
        spec: SpecContext {
            spec_path: "services/jobs/jobs.hb",
            output_dir: "services/jobs/terraform",
        },
        environments: &["staging", "production"],
        config: Some(org),
    };
    let source = SourceFile::new("services/jobs/jobs.hb", text);
    format!("{:#?}", hbmod::build_with(&source, &input, memo))
}

#[test]
fn a_build_with_a_memo_gives_what_a_build_from_nothing_gives() {
    let catalog = load_catalog(LOUD_TEMPLATE);
    let org = load_org(CONFIG);
    let memo = Memo::new();
    for (edit, text) in edits() {
        let fresh = build(&text, &catalog, &org, None);
        let remembered = build(&text, &catalog, &org, Some(&memo));
        assert_eq!(remembered, fresh, "after an edit of {edit}");
    }
    // Another catalog (the same modules, one template changed) and another org config (the
    // rule gone, then against other resources): nothing built against the old ones is reused.
    let text = BASE.replace("public = false", "public = true");
    let changed = load_catalog(&LOUD_TEMPLATE.replace("\"x\"", "\"y\""));
    let without_rule = load_org(&CONFIG[..CONFIG.find("[[policies]]").unwrap()]);
    let against_queues =
        load_org(&CONFIG.replace("\"aws_lambda_function_url\"", "\"aws_sqs_queue\""));
    for (what, catalog, org) in [
        ("the first catalog", &catalog, &org),
        ("a changed catalog", &changed, &org),
        ("an org config without the rule", &changed, &without_rule),
        ("the rule against queues instead", &changed, &against_queues),
        ("the rule back", &changed, &org),
    ] {
        let fresh = build(&text, catalog, org, None);
        let remembered = build(&text, catalog, org, Some(&memo));
        assert_eq!(remembered, fresh, "with {what}");
    }
    // The changed template shows in the output (so the catalogs really differ).
    let built = build(&text, &changed, &without_rule, None);
    assert!(built.contains("\\\"y\\\""), "{built}");
}

#[test]
fn an_edit_of_one_value_expands_and_checks_only_that_instance_again() {
    let catalog = load_catalog(LOUD_TEMPLATE);
    let org = load_org(CONFIG);
    let memo = Memo::new();
    build(BASE, &catalog, &org, Some(&memo));
    assert_eq!(
        memo.reused(),
        Reused::default(),
        "nothing to reuse at first"
    );
    build(BASE, &catalog, &org, Some(&memo));
    let all = memo.reused();
    assert_eq!(all.expanded, 5, "every instance reused: {all:?}");
    build(
        &BASE.replace("visibility_timeout = 30s", "visibility_timeout = 45s"),
        &catalog,
        &org,
        Some(&memo),
    );
    let reused = memo.reused();
    assert_eq!(reused.expanded, 4, "all but the queue: {reused:?}");
    // The shared files are unchanged (the queue's values are not in them): only the queue's
    // file is checked again.
    assert_eq!(reused.checked, all.checked - 1, "{reused:?} after {all:?}");
}
