//! Org policy checks, proved on a module made here that breaks each stdlib rule on request
//! (and one org rule from hbmod.toml): spec in, one positioned HB0054 per violation out, with
//! the rule, the resource and a help line; snapshot-tested. A clean instance passes.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use hbmod::catalog::{Catalog, CatalogFile};
use hbmod::config::{self, OrgConfig};
use hbmod::diagnostic::{render, Code, Diagnostic};
use hbmod::resolve::SpecContext;
use hbmod::source::SourceFile;
use hbmod::world::MemoryWorld;

const BAD: &str = r#"
name = "bad"
version = "0.1.0"
summary = "A module that breaks one org policy on request"
providers = ["aws.us_east_1"]

[params.breaks]
type = "enum{nothing, boundary, null_boundary, wildcard, tags, region, name, public_url}"
doc = "Which policy to break"

[names]
role = "iam_role"
queue = "sqs_queue"
"#;

const TEMPLATE: &str = r#"
locals {
  # Set to null: an attribute that evaluates to null in an environment counts as missing.
  {{ name }}_boundary = null
}
resource "aws_iam_role" "{{ name }}" {
  name = {{ names.role }}
{%- if p.breaks == "null_boundary" %}
  permissions_boundary = local.{{ name }}_boundary
{%- elif p.breaks != "boundary" %}
  permissions_boundary = {{ boundary }}
{%- endif %}
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }]
  })
}

resource "aws_iam_role_policy" "{{ name }}" {
  role = aws_iam_role.{{ name }}.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "DenyAll", Effect = "Deny", Action = "sqs:*", Resource = "*" },
      { Sid = "Send", Effect = "Allow", Action = [{% if p.breaks == "wildcard" %}"sqs:*"{% else %}"sqs:SendMessage"{% endif %}], Resource = [aws_sqs_queue.{{ name }}.arn] },
    ]
  })
}

resource "aws_sqs_queue" "{{ name }}" {
{%- if p.breaks == "region" %}
  provider = aws.us_east_1
{%- endif %}
{%- if p.breaks == "name" %}
  name = "${ {{- names.queue }}}-with-a-suffix-that-makes-the-queue-name-much-longer-than-eighty"
{%- else %}
  name = {{ names.queue }}
{%- endif %}
{%- if p.breaks == "tags" %}
  tags = { Team = "" }
{%- endif %}
  sqs_managed_sse_enabled = true
}
{%- if p.breaks == "public_url" %}

resource "aws_lambda_function_url" "{{ name }}" {
  function_name      = "x"
  authorization_type = "NONE"
}
{%- endif %}
"#;

fn catalog() -> Catalog {
    let file = |path: &str, contents: &str| CatalogFile {
        path: path.to_string(),
        contents: contents.to_string(),
    };
    Catalog::load(&[
        file("bad/module.toml", BAD),
        file("bad/main.tf.tera", TEMPLATE),
    ])
    .unwrap()
}

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

fn org() -> OrgConfig {
    let source = SourceFile::new(config::FILE_NAME, CONFIG);
    let (org, diagnostics) = config::parse(&source);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    org.unwrap()
}

fn build(breaks: &str) -> (SourceFile, Option<usize>, Vec<Diagnostic>) {
    let catalog = catalog();
    let org = org();
    let world = MemoryWorld::default();
    let input = hbmod::BuildInput {
        catalog: &catalog,
        world: &world,
        spec: SpecContext {
            spec_path: "services/jobs/jobs.hb",
            output_dir: "services/jobs/terraform",
        },
        environments: &["staging", "production"],
        config: Some(&org),
    };
    let text = format!(
        "service jobs < team = \"data\" >\n\nbad clean < breaks = nothing >\n\nbad broken <\n  breaks = {breaks},\n>\n"
    );
    let source = SourceFile::new("services/jobs/jobs.hb", text);
    let (files, diagnostics) = hbmod::build(&source, &input);
    (source, files.map(|f| f.len()), diagnostics)
}

#[test]
fn a_clean_instance_passes_every_policy() {
    let (_, files, diagnostics) = build("nothing");
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    assert!(files.is_some());
}

#[test]
fn each_violation_is_a_positioned_error_at_the_instance() {
    for (breaks, rule) in [
        ("boundary", "role-without-boundary"),
        ("null_boundary", "role-without-boundary"),
        ("wildcard", "wildcard-action"),
        ("tags", "untagged-resource"),
        ("region", "region-not-allowed"),
        ("name", "name-over-limit"),
        ("public_url", "no-public-function-urls"),
    ] {
        let (source, files, diagnostics) = build(breaks);
        assert!(files.is_none(), "{breaks}: a violation writes nothing");
        assert_eq!(
            diagnostics.iter().map(|d| d.code).collect::<Vec<_>>(),
            vec![Code::HB0054],
            "{breaks}: {diagnostics:?}"
        );
        let diagnostic = &diagnostics[0];
        assert!(
            diagnostic.message.starts_with(&format!("policy `{rule}`:")),
            "{breaks}: {}",
            diagnostic.message
        );
        // At the broken instance (line 5), not the clean one and not generated code.
        let span = diagnostic.primary_span();
        assert_eq!(
            source.text()[span.start..].lines().next(),
            Some("bad broken <"),
            "{breaks}"
        );
        insta::assert_snapshot!(
            format!("policy_{breaks}"),
            render::human(&source, &diagnostics, false)
        );
    }
}

#[test]
fn a_bad_org_rule_is_a_positioned_config_error() {
    let text = CONFIG.replace("kind = \"forbid_resource\"", "kind = \"forbid_resources\"");
    let source = SourceFile::new(config::FILE_NAME, text);
    let (org, diagnostics) = config::parse(&source);
    assert!(org.is_none());
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    let shown = render::human(&source, &diagnostics, false);
    assert!(shown.contains("did you mean `forbid_resource`"), "{shown}");
    assert!(shown.contains("hbmod.toml:12:1"), "{shown}");
}
