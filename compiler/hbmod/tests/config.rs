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
    let world =
        MemoryWorld::with_files(&["services/web/dist/index.html", "services/web/src/index.mjs"]);
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

/// Every granted statement of the role policy in `function_tf`: its text from `Sid` to `},`.
fn granted_statements<'a>(function_tf: &'a str, sids: &[&str]) -> Vec<&'a str> {
    sids.iter()
        .map(|sid| {
            let start = function_tf
                .find(&format!("Sid      = \"{sid}\""))
                .unwrap_or_else(|| panic!("{sid} missing in\n{function_tf}"));
            let rest = &function_tf[start..];
            &rest[..rest.find("\n      },").unwrap()]
        })
        .collect()
}

const ABAC_SPEC: &str = "service web <\n  team = \"frontend\",\n  tags = { CostCenter = \"1234\" },\n>\n\ntable items < partition_key = \"id\" >\n\nbucket files < >\n\nfunction worker <\n  source = \"./src\",\n  runtime = nodejs22,\n  reads = [items, files],\n>\n";

#[test]
fn abac_conditions_every_granted_statement_the_service_can_evaluate() {
    let text = CONFIG.replace("[iam]\n", "[iam]\nabac_tag_key = \"owner-team\"\n");
    let (_, org, diagnostics) = config(&text);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let org = org.unwrap();
    let (_, files, diagnostics) = build(ABAC_SPEC, &org);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let files = files.unwrap();
    let file = |name: &str| files.iter().find(|(n, _)| n == name).unwrap().1.clone();
    // The team tag is under the org's key on every resource and role.
    let providers = file("providers.tf");
    assert!(
        providers.contains("\"owner-team\" = \"frontend\"")
            || providers.contains("owner-team  = \"frontend\""),
        "{providers}"
    );
    assert!(!providers.contains("Team "), "{providers}");
    let worker = file("worker.tf");
    let condition =
        "StringEquals = { \"aws:ResourceTag/owner-team\" = \"$${aws:PrincipalTag/owner-team}\" }";
    // Table and key statements carry the condition; S3 object and list statements say why not.
    for statement in granted_statements(
        &worker,
        &["ReadItems", "ReadItems2", "ReadItems3", "ReadFiles3"],
    ) {
        assert!(statement.contains(condition), "{statement}");
    }
    for sid in ["ReadFiles", "ReadFiles2"] {
        let at = worker.find(&format!("Sid      = \"{sid}\"")).unwrap();
        let before = &worker[..at];
        let comment = &before[before.rfind("{\n").unwrap()..];
        assert!(
            comment.contains("# Not conditioned on the team tag:"),
            "{sid}: {comment}"
        );
        assert!(
            !granted_statements(&worker, &[sid])[0].contains("Condition"),
            "{sid}"
        );
    }
    // The function's own statements (logs, key, DLQ) are exact ARNs of its own resources.
    let conditioned = worker.matches("aws:ResourceTag/owner-team").count();
    assert_eq!(conditioned, 4, "{worker}");

    // ABAC off: no condition, no comment, the team under `Team`.
    let (_, files, _) = build(ABAC_SPEC, &config(CONFIG).1.unwrap());
    let files = files.unwrap();
    let worker = &files.iter().find(|(n, _)| n == "worker.tf").unwrap().1;
    assert!(!worker.contains("aws:ResourceTag/"), "{worker}");
    assert!(!worker.contains("Not conditioned"), "{worker}");
}

#[test]
fn an_abac_tag_key_hbmod_already_sets_is_refused() {
    let text = CONFIG.replace("[iam]\n", "[iam]\nabac_tag_key = \"Environment\"\n");
    let (source, org, diagnostics) = config(&text);
    assert!(org.is_none());
    let shown = render::human(&source, &diagnostics, false);
    assert!(
        shown.contains("`Environment` cannot be the ABAC tag key"),
        "{shown}"
    );
}

#[test]
fn a_required_tag_hbmod_sets_itself_is_refused() {
    let text = CONFIG.replace("[required_tags]\n", "[required_tags]\nTeam = []\n");
    let (source, org, diagnostics) = config(&text);
    assert!(org.is_none());
    let shown = render::human(&source, &diagnostics, false);
    assert!(
        shown.contains("`Team` cannot be a required tag: hbmod sets it on every resource itself"),
        "{shown}"
    );
}
