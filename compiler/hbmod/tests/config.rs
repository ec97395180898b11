//! The org config (`hbmod.toml`) in: positioned errors for a bad config, and its effect on a
//! build (required tags, accounts, regions, state, boundary) out.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use hbmod::catalog::{embedded_files, Catalog};
use hbmod::config::{self, OrgConfig};
use hbmod::diagnostic::{render, Code, Diagnostic};
use hbmod::resolve::SpecContext;
use hbmod::source::SourceFile;
use hbmod::world::MemoryWorld;

const CONFIG: &str = r#"org = "example"
allowed_regions = ["eu-west-1", "eu-central-1"]

[environments.staging]
account_id = "222222222222"
region = "eu-west-1"

[environments.production]
account_id = "333333333333"
region = "eu-central-1"

[state]
bucket = "example-terraform-state"
region = "eu-west-1"

[iam]
permissions_boundary = "arn:aws:iam::{account_id}:policy/platform-boundary"

[required_tags]
CostCenter = ["1234", "5678"]
"#;

fn config(text: &str) -> (SourceFile, Option<OrgConfig>, Vec<Diagnostic>) {
    let source = SourceFile::new(config::FILE_NAME, text);
    let (parsed, diagnostics) = config::parse(&source);
    (source, parsed, diagnostics)
}

/// File names and contents of a build.
type Files = Vec<(String, String)>;

fn build(spec: &str, org: &OrgConfig) -> (SourceFile, Option<Files>, Vec<Diagnostic>) {
    let catalog = Catalog::load(&embedded_files()).unwrap();
    let world = MemoryWorld::with_files(&["services/web/dist/index.html"]);
    let environments: Vec<&str> = org.environments.keys().map(String::as_str).collect();
    let input = hbmod::BuildInput {
        catalog: &catalog,
        world: &world,
        spec: SpecContext {
            spec_path: "services/web/site.hb",
            output_dir: "services/web/terraform",
        },
        environments: &environments,
        config: Some(org),
    };
    let source = SourceFile::new("services/web/site.hb", spec);
    let (files, diagnostics) = hbmod::build(&source, &input);
    (
        source,
        files.map(|f| f.into_iter().map(|f| (f.name, f.contents)).collect()),
        diagnostics,
    )
}

const SPEC: &str = "service web <\n  team = \"frontend\",\n  tags = { CostCenter = \"1234\" },\n>\n\nspa web <\n  folder = \"./dist\",\n  domain = \"app.example.com\",\n>\n";

#[test]
fn a_bad_config_is_a_positioned_error() {
    let bad = CONFIG
        .replace("\"333333333333\"", "\"3333\"")
        .replace("region = \"eu-central-1\"\n", "region = \"us-east-1\"\n");
    let (source, parsed, diagnostics) = config(&bad);
    assert!(parsed.is_none());
    assert_eq!(
        diagnostics.iter().map(|d| d.code).collect::<Vec<_>>(),
        vec![Code::HB0050, Code::HB0050]
    );
    insta::assert_snapshot!("config_errors", render::human(&source, &diagnostics, false));
}

#[test]
fn required_tags_are_checked_against_the_config() {
    let (_, org, _) = config(CONFIG);
    let org = org.unwrap();
    let (source, files, diagnostics) = build(
        &SPEC.replace("  tags = { CostCenter = \"1234\" },\n", ""),
        &org,
    );
    assert!(files.is_none());
    assert_eq!(
        diagnostics.iter().map(|d| d.code).collect::<Vec<_>>(),
        vec![Code::HB0051]
    );
    insta::assert_snapshot!(
        "required_tag_missing",
        render::human(&source, &diagnostics, false)
    );
    let (_, _, diagnostics) = build(&SPEC.replace("\"1234\"", "\"9999\""), &org);
    assert_eq!(
        diagnostics.iter().map(|d| d.code).collect::<Vec<_>>(),
        vec![Code::HB0051]
    );
}

#[test]
fn the_config_reaches_providers_state_and_tfvars() {
    let (_, org, _) = config(CONFIG);
    let (_, files, diagnostics) = build(SPEC, &org.unwrap());
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let files = files.unwrap();
    let file = |name: &str| {
        files
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, c)| c.as_str())
            .unwrap_or_else(|| panic!("{name} missing"))
    };
    assert!(file("providers.tf").contains("allowed_account_ids = [var.account_id]"));
    assert!(
        file("providers.tf")
            .lines()
            .any(|l| l.trim_start().starts_with("CostCenter ") && l.ends_with("= \"1234\"")),
        "{}",
        file("providers.tf")
    );
    assert!(
        file("backend.tf").contains("key          = \"services/web/site/terraform.tfstate\""),
        "{}",
        file("backend.tf")
    );
    let production = file("environments/production.tfvars");
    assert!(
        production.contains("region      = \"eu-central-1\""),
        "{production}"
    );
    assert!(
        production.contains("account_id  = \"333333333333\""),
        "{production}"
    );
    assert!(
        !files
            .iter()
            .any(|(n, _)| n == "environments/playground.tfvars"),
        "only the config's environments"
    );
    assert!(file("web.tf").contains("staging = {"));
}

#[test]
fn an_org_naming_pattern_names_every_resource() {
    let text = CONFIG.replace(
        "[required_tags]",
        "[naming]\npattern = \"{org}-{env}-{service}-{instance}\"\n\n[required_tags]",
    );
    let (_, org, diagnostics) = config(&text);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let (_, files, diagnostics) = build(SPEC, &org.unwrap());
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let web = files
        .unwrap()
        .into_iter()
        .find(|(n, _)| n == "web.tf")
        .unwrap()
        .1;
    assert!(
        web.contains("bucket          = \"example-production-web-web\""),
        "{web}"
    );
    let (_, _, diagnostics) = config(&CONFIG.replace(
        "[required_tags]",
        "[naming]\npattern = \"{team}-{service}\"\n\n[required_tags]",
    ));
    assert_eq!(diagnostics.len(), 1);
    assert!(
        diagnostics[0].message.contains("must contain `{env}`"),
        "{}",
        diagnostics[0].message
    );
}
