//! References between instances, checked with a small catalog made here: a `queue` with an
//! output and a `worker` that takes references. Spec text in, diagnostics and the generated
//! HCL expressions out.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use hbmod::catalog::{Catalog, CatalogFile};
use hbmod::diagnostic::{render, Code, Diagnostic};
use hbmod::resolve::SpecContext;
use hbmod::source::SourceFile;
use hbmod::world::MemoryWorld;

const QUEUE: &str = r#"
name = "queue"
version = "0.1.0"
summary = "A queue"

[params.retention]
type = "duration(1m..14d)"
default = "4d"
doc = "How long messages are kept"

[grants.send]
doc = "Send messages"
statements = [
  { actions = ["sqs:SendMessage"], resources = ["terraform_data.{name}.id"] },
  { actions = ["kms:GenerateDataKey"], resources = ["terraform_data.{name}.output"] },
]

[outputs.arn]
type = "arn"
doc = "The queue's ARN"
value = "terraform_data.{name}.id"

[outputs.url]
type = "url"
doc = "The queue's URL"
value = "terraform_data.{name}.output"
"#;

const WORKER: &str = r#"
name = "worker"
version = "0.1.0"
summary = "A worker"

[params.reads]
type = "list<ref<queue>>"
default = []
doc = "Queues it reads"

[params.sends]
type = "list<ref<queue>>"
default = []
grant = "send"
doc = "Queues it sends to"

[params.next]
type = "ref<worker>?"
doc = "The worker it hands on to"

[params.endpoint]
type = "url?"
doc = "Where it reports"
"#;

fn catalog() -> Catalog {
    catalog_with("")
}

/// The test catalog; `broken` is appended to the worker's template.
fn catalog_with(broken: &str) -> Catalog {
    let file = |path: &str, contents: &str| CatalogFile {
        path: path.to_string(),
        contents: contents.to_string(),
    };
    Catalog::load(&[
        file("queue/module.toml", QUEUE),
        file("queue/main.tf.tera", "resource \"terraform_data\" \"{{ name }}\" {\n  input = {{ p.retention | hcl }}\n}\n"),
        file("worker/module.toml", WORKER),
        file(
            "worker/main.tf.tera",
            &format!("resource \"terraform_data\" \"{{{{ name }}}}\" {{\n  input = [{{{{ p.reads | hcl }}}}, {{{{ p.next | hcl }}}}, {{{{ p.endpoint | hcl }}}}]\n}}\n{{% for g in grants %}}\nresource \"terraform_data\" \"{{{{ name }}}}_{{{{ g.sid }}}}\" {{\n  input = [{{{{ g.actions | hcl }}}}, {{{{ g.resources | hcl }}}}]\n}}\n{{% endfor %}}{broken}"),
        ),
    ])
    .unwrap()
}

fn build(body: &str) -> (Option<String>, Vec<Diagnostic>) {
    build_with(&catalog(), body).1
}

/// The source, and what building it gives: the files' text joined, and the diagnostics.
fn build_with(catalog: &Catalog, body: &str) -> (SourceFile, (Option<String>, Vec<Diagnostic>)) {
    let world = MemoryWorld::default();
    let input = hbmod::BuildInput {
        catalog,
        world: &world,
        spec: SpecContext {
            spec_path: "services/jobs/jobs.hb",
            output_dir: "services/jobs/terraform",
        },
        environments: &["production"],
        config: None,
    };
    let text = format!("service jobs < team = \"data\" >\n{body}");
    let source = SourceFile::new("jobs.hb", text);
    let (files, diagnostics) = hbmod::build(&source, &input);
    // Each file's checksum line changes with it; the rest of the files are compared.
    let all = files.map(|files| {
        files
            .into_iter()
            .map(|f| {
                f.contents
                    .lines()
                    .filter(|l| !l.starts_with(hbmod::emit::CHECKSUM_PREFIX))
                    .collect::<Vec<_>>()
                    .join("\n")
            })
            .collect::<Vec<_>>()
            .join("\n")
    });
    (source, (all, diagnostics))
}

/// The rendered diagnostics under the source, as the snapshots show them.
fn rendered(source: &SourceFile, diagnostics: &[Diagnostic]) -> String {
    format!(
        "----- SOURCE\n{}\n----- DIAGNOSTICS\n{}",
        source.text(),
        render::human(source, diagnostics, false)
    )
}

fn codes(diagnostics: &[Diagnostic]) -> Vec<Code> {
    diagnostics.iter().map(|d| d.code).collect()
}

#[test]
fn references_become_terraform_expressions() {
    let (out, diagnostics) = build(
        "queue events < >\nqueue clicks < retention = 1d >\nworker ingest < reads = [events, clicks], endpoint = events.url >\n",
    );
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let out = out.unwrap();
    assert!(
        out.contains("input = [[events, clicks], null, terraform_data.events.output]"),
        "{out}"
    );
    assert!(
        out.contains("input = 86400"),
        "durations reach templates in seconds: {out}"
    );
}

#[test]
fn an_unknown_instance_is_reported_with_a_suggestion() {
    let (_, diagnostics) = build("queue events < >\nworker ingest < reads = [evnets] >\n");
    assert_eq!(codes(&diagnostics), vec![Code::HB0041]);
    assert_eq!(
        diagnostics[0].help.as_deref(),
        Some("did you mean `events`?")
    );
}

#[test]
fn a_reference_of_the_wrong_kind_names_both_kinds() {
    let (_, diagnostics) = build("worker other < >\nworker ingest < reads = [other] >\n");
    assert_eq!(codes(&diagnostics), vec![Code::HB0042]);
    assert!(
        diagnostics[0]
            .message
            .contains("expects a `queue` instance, but `other` is a `worker`"),
        "{}",
        diagnostics[0].message
    );
}

#[test]
fn an_unknown_output_is_reported() {
    let (_, diagnostics) = build("queue events < >\nworker ingest < endpoint = events.uri >\n");
    assert_eq!(codes(&diagnostics), vec![Code::HB0045]);
    assert_eq!(
        diagnostics[0].help.as_deref(),
        Some("did you mean `events.url`?")
    );
}

#[test]
fn an_output_of_the_wrong_type_is_a_type_error() {
    let (_, diagnostics) = build("queue events < >\nworker ingest < endpoint = events.arn >\n");
    assert_eq!(codes(&diagnostics), vec![Code::HB0034]);
}

#[test]
fn reference_cycles_are_reported_once() {
    let (out, diagnostics) =
        build("worker a < next = b >\nworker b < next = c >\nworker c < next = a >\n");
    assert!(out.is_none());
    assert_eq!(codes(&diagnostics), vec![Code::HB0043]);
    assert!(
        diagnostics[0].message.contains("`a` → `b` → `c` → `a`"),
        "{}",
        diagnostics[0].message
    );
    let (_, diagnostics) = build("worker a < next = a >\n");
    assert_eq!(codes(&diagnostics), vec![Code::HB0043]);
}

#[test]
fn snapshots_of_reference_diagnostics() {
    let catalog = catalog();
    for (name, body, code) in [
        (
            "wrong_kind",
            "worker other < >\nworker ingest < reads = [other] >\n",
            Code::HB0042,
        ),
        (
            "cycle",
            "worker a < next = b >\nworker b < next = a >\n",
            Code::HB0043,
        ),
    ] {
        let (source, (_, diagnostics)) = build_with(&catalog, body);
        assert_eq!(codes(&diagnostics), vec![code]);
        insta::assert_snapshot!(name, rendered(&source, &diagnostics));
    }
}

#[test]
fn a_template_that_renders_invalid_terraform_is_a_module_bug_at_the_instance() {
    let catalog = catalog_with("resource \"terraform_data\" \"{{ name }}_extra\" {\n");
    let (source, (out, diagnostics)) = build_with(&catalog, "worker ingest < >\n");
    assert!(out.is_none(), "no partial output");
    assert_eq!(codes(&diagnostics), vec![Code::HB0048]);
    insta::assert_snapshot!("module_bug", rendered(&source, &diagnostics));
}

#[test]
fn grants_follow_references_exactly() {
    let both = "queue events < >\nqueue audit < >\nworker ingest < sends = [events, audit] >\n";
    let (out, diagnostics) = build(both);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let out = out.unwrap();
    for (sid, input) in [
        (
            "SendEvents",
            "[[\"sqs:SendMessage\"], [terraform_data.events.id]]",
        ),
        (
            "SendEvents2",
            "[[\"kms:GenerateDataKey\"], [terraform_data.events.output]]",
        ),
        (
            "SendAudit",
            "[[\"sqs:SendMessage\"], [terraform_data.audit.id]]",
        ),
        (
            "SendAudit2",
            "[[\"kms:GenerateDataKey\"], [terraform_data.audit.output]]",
        ),
    ] {
        assert!(
            out.contains(&format!("\"ingest_{sid}\" {{\n  input = {input}\n}}")),
            "{sid} missing:\n{out}"
        );
    }
    // Removing one reference removes exactly its statements and nothing else.
    let (fewer, _) = build(&both.replace("[events, audit]", "[events]"));
    let fewer = fewer.unwrap();
    let removed: Vec<&str> = out.lines().filter(|l| !fewer.contains(*l)).collect();
    assert!(
        removed.iter().all(|l| l.contains("SendAudit")
            || l.contains("terraform_data.audit")
            || l.contains("input = [events, audit]")
            || l.trim() == "}"
            || l.is_empty()),
        "{removed:?}"
    );
    assert!(!fewer.contains("audit.id]]"), "{fewer}");
    assert!(fewer.contains("\"ingest_SendEvents\""));
}
