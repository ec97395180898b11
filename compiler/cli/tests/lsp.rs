//! `hbmod lsp` driven as an editor drives it: JSON-RPC over the binary's stdin/stdout.
//! Initialize, open, change, complete, hover, definition, rename, format, symbols, shutdown.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

#[path = "support/lsp_client.rs"]
mod lsp_client;

use lsp_client::{url, Client};
use serde_json::{json, Value};

const CONFIG: &str = "org = \"example\"\n\n[environments.staging]\naccount_id = \"222222222222\"\nregion = \"eu-west-1\"\n\n[environments.production]\naccount_id = \"333333333333\"\nregion = \"eu-west-1\"\n\n[[policies]]\nid = \"sites-behind-waf\"\nkind = \"require_attribute\"\nresources = [\"aws_cloudfront_distribution\"]\nattribute = \"web_acl_id\"\nmessage = \"the distribution {address} has no web ACL\"\nhelp = \"set the spa's `waf_web_acl` to the org's web ACL ARN\"\n";

const SPEC: &str = "service web <\n  team = \"frontend\",\n>\n\nspa web <\n  folder = \"./dist\",\n  domain = \"app.example.com\",\n>\n\ntable clicks <\n  partition_key = \"id\",\n>\n\nqueue jobs <\n>\n\nfunction ingest <\n  source  = \"./src\",\n  runtime = nodejs22,\n  writes  = [clicks],\n>\n";

/// A repository with the org config above and `services/web/site.hb` (not yet written).
fn repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir(root.join(".git")).unwrap();
    std::fs::create_dir_all(root.join("services/web/dist")).unwrap();
    std::fs::create_dir_all(root.join("services/web/src")).unwrap();
    std::fs::write(root.join("services/web/dist/index.html"), "<h1>hi</h1>\n").unwrap();
    std::fs::write(
        root.join("services/web/src/index.mjs"),
        "export const handler = async () => ({});\n",
    )
    .unwrap();
    std::fs::write(root.join("hbmod.toml"), CONFIG).unwrap();
    std::fs::write(root.join("services/web/site.hb"), SPEC).unwrap();
    dir
}

/// The LSP position of the `nth` (0-based) occurrence of `needle` in `text`, plus `shift` characters.
fn position(text: &str, needle: &str, shift: usize) -> Value {
    let offset = text
        .find(needle)
        .unwrap_or_else(|| panic!("`{needle}` not in text"))
        + shift;
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let column = before.rsplit('\n').next().unwrap().chars().count();
    json!({ "line": line, "character": column })
}

fn at(uri: &str, text: &str, needle: &str, shift: usize) -> Value {
    json!({ "textDocument": { "uri": uri }, "position": position(text, needle, shift) })
}

fn labels(items: &Value) -> Vec<String> {
    items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap().to_string())
        .collect()
}

fn codes(diagnostics: &[Value]) -> Vec<String> {
    diagnostics
        .iter()
        .map(|d| d["code"].as_str().unwrap_or("").to_string())
        .collect()
}

#[test]
fn a_client_session_from_initialize_to_shutdown() {
    let dir = repository();
    let (mut client, init) = Client::start(dir.path());
    let capabilities = &init["capabilities"];
    for capability in [
        "completionProvider",
        "hoverProvider",
        "definitionProvider",
        "renameProvider",
        "documentFormattingProvider",
        "documentSymbolProvider",
    ] {
        assert!(
            !capabilities[capability].is_null(),
            "{capability} missing: {init}"
        );
    }
    let uri = url(&dir.path().join("services/web/site.hb"));

    // Open: the org policy is broken by the spa, as `hbmod check` reports it.
    client.open(&uri, SPEC);
    let diagnostics = client.diagnostics(&uri, Some(1));
    assert_eq!(codes(&diagnostics), ["HB0054"], "{diagnostics:?}");
    let policy = &diagnostics[0];
    assert!(
        policy["message"]
            .as_str()
            .unwrap()
            .contains("policy `sites-behind-waf`"),
        "{policy}"
    );
    assert!(
        policy["message"]
            .as_str()
            .unwrap()
            .contains("help: set the spa's `waf_web_acl`"),
        "{policy}"
    );
    assert_eq!(policy["range"]["start"]["line"], 4, "{policy}");
    assert_eq!(
        policy["codeDescription"]["href"],
        "https://github.com/hbmod/hbmod/blob/main/compiler/hbmod/src/diagnostic/explanations/HB0054.md"
    );

    // Change: a misspelt parameter is reported where it is written; fixing it clears everything.
    let typo = SPEC.replace("partition_key", "partition_kee");
    client.change(&uri, 2, &typo);
    let diagnostics = client.diagnostics(&uri, Some(2));
    let unknown = diagnostics
        .iter()
        .find(|d| d["message"].as_str().unwrap().contains("partition_kee"))
        .unwrap_or_else(|| panic!("no diagnostic for the typo: {diagnostics:?}"));
    assert_eq!(
        unknown["range"]["start"],
        position(&typo, "partition_kee", 0)
    );
    let waf = "  waf_web_acl = \"arn:aws:wafv2:us-east-1:333333333333:global/webacl/org/0a1b2c3d-0a1b-0a1b-0a1b-0a1b2c3d4e5f\",\n";
    let clean = SPEC.replace(
        "  domain = \"app.example.com\",\n",
        &format!("  domain = \"app.example.com\",\n{waf}"),
    );
    client.change(&uri, 3, &clean);
    assert_eq!(client.diagnostics(&uri, Some(3)), Vec::<Value>::new());

    // Completion of module names at the start of an item.
    let text = format!("{clean}\nqu");
    client.change(&uri, 4, &text);
    client.diagnostics(&uri, Some(4));
    let items = client.request("textDocument/completion", at(&uri, &text, "\nqu", 3));
    let names = labels(&items);
    for expected in ["spa", "queue", "function", "service", "env"] {
        assert!(names.contains(&expected.to_string()), "{names:?}");
    }

    // Parameter names not yet set, with type and doc.
    let items = client.request("textDocument/completion", at(&uri, &clean, "  domain", 0));
    let names = labels(&items);
    assert!(names.contains(&"aliases".to_string()), "{names:?}");
    assert!(
        !names.contains(&"folder".to_string()),
        "already set: {names:?}"
    );
    let aliases = items
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["label"] == "aliases")
        .unwrap();
    assert_eq!(aliases["detail"], "list<domain>", "{aliases}");
    assert!(
        aliases["documentation"]["value"]
            .as_str()
            .unwrap()
            .contains("`aliases`"),
        "{aliases}"
    );

    // Enum members, and references filtered by the kinds the parameter accepts.
    let items = client.request("textDocument/completion", at(&uri, &clean, "nodejs22", 0));
    assert!(
        labels(&items).contains(&"python3_13".to_string()),
        "{items}"
    );
    let items = client.request("textDocument/completion", at(&uri, &clean, "clicks]", 0));
    assert_eq!(
        labels(&items),
        ["clicks"],
        "a table, not the queue or the spa: {items}"
    );

    // Environment names in an overlay, and service header keys.
    let text = format!("{clean}\nenv ");
    client.change(&uri, 5, &text);
    let items = client.request("textDocument/completion", at(&uri, &text, "\nenv ", 5));
    assert_eq!(labels(&items), ["staging", "production"]);
    let items = client.request("textDocument/completion", at(&uri, &clean, "  team", 0));
    let names = labels(&items);
    assert!(
        names.contains(&"owner".to_string()) && !names.contains(&"team".to_string()),
        "{names:?}"
    );
    client.change(&uri, 6, &clean);

    // Hover: a parameter's type, default and doc; a module's summary; physical names.
    let hover = client.request("textDocument/hover", at(&uri, &clean, "partition_key", 0));
    let value = hover["contents"]["value"].as_str().unwrap();
    assert!(value.contains("`partition_key`: `string"), "{value}");
    let hover = client.request("textDocument/hover", at(&uri, &clean, "spa web", 0));
    let value = hover["contents"]["value"].as_str().unwrap();
    assert!(value.contains("**spa**"), "{value}");
    let hover = client.request("textDocument/hover", at(&uri, &clean, "table clicks", 7));
    let value = hover["contents"]["value"].as_str().unwrap();
    assert!(
        value.contains("production") && value.contains("`frontend-web-production-clicks`"),
        "{value}"
    );
    assert!(value.contains("`frontend-web-staging-clicks`"), "{value}");

    // Definition: a reference goes to the instance.
    let found = client.request("textDocument/definition", at(&uri, &clean, "[clicks]", 1));
    assert_eq!(found["uri"], uri.as_str());
    assert_eq!(found["range"]["start"], position(&clean, "clicks <", 0));

    // Rename: every occurrence, and `was OLD` so that the table is moved, not replaced.
    let prepared = client.request(
        "textDocument/prepareRename",
        at(&uri, &clean, "clicks <", 0),
    );
    assert_eq!(prepared["placeholder"], "clicks");
    let edit = client.request(
        "textDocument/rename",
        json!({ "textDocument": { "uri": uri }, "position": position(&clean, "clicks <", 0), "newName": "events" }),
    );
    let edits = edit["changes"][uri.as_str()].as_array().unwrap();
    let renamed = apply(&clean, edits);
    assert!(
        renamed.contains("table events <\n  partition_key = \"id\",\n> was clicks\n"),
        "{renamed}"
    );
    assert!(renamed.contains("writes  = [events]"), "{renamed}");
    client.change(&uri, 7, &renamed);
    assert_eq!(
        client.diagnostics(&uri, Some(7)),
        Vec::<Value>::new(),
        "the renamed spec checks"
    );
    let found = client.request(
        "textDocument/definition",
        at(&uri, &renamed, "was clicks", 4),
    );
    assert_eq!(found["range"]["start"], position(&renamed, "events <", 0));
    let refused = client.try_request(
        "textDocument/rename",
        json!({ "textDocument": { "uri": uri }, "position": position(&renamed, "events <", 0), "newName": "web" }),
    );
    assert!(refused.unwrap_err()["message"]
        .as_str()
        .unwrap()
        .contains("already exists"));

    // Formatting: `hbmod fmt`'s layout as one edit; none for a formatted file.
    let messy = renamed.replace("  source  = \"./src\",", "source=\"./src\",");
    client.change(&uri, 8, &messy);
    let edits = client.request("textDocument/formatting", json!({ "textDocument": { "uri": uri }, "options": { "tabSize": 2, "insertSpaces": true } }));
    let formatted = apply(&messy, edits.as_array().unwrap());
    assert!(
        formatted.contains("  source  = \"./src\",\n"),
        "{formatted}"
    );
    assert!(
        formatted.contains("  folder      = \"./dist\",\n"),
        "aligned: {formatted}"
    );
    client.change(&uri, 9, &formatted);
    let edits = client.request("textDocument/formatting", json!({ "textDocument": { "uri": uri }, "options": { "tabSize": 2, "insertSpaces": true } }));
    assert_eq!(edits, json!([]));

    // Symbols: one per item, entries as children.
    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": uri } }),
    );
    let names: Vec<&str> = symbols
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["web", "web", "events", "jobs", "ingest"]);
    assert_eq!(symbols[4]["detail"], "function");
    assert_eq!(symbols[4]["children"][1]["name"], "runtime");

    client.shutdown();
}

/// After a change, the front end's diagnostics come at once with the last complete check's
/// policy findings carried over to their instances' new place; the complete ones follow. A
/// burst of changes ends with the complete diagnostics of its last version.
#[test]
fn policy_findings_follow_their_instance_until_the_complete_check() {
    let dir = repository();
    let (mut client, _) = Client::start(dir.path());
    let uri = url(&dir.path().join("services/web/site.hb"));
    client.open(&uri, SPEC);
    let opened = client.diagnostics(&uri, Some(1));
    assert_eq!(codes(&opened), ["HB0054"], "{opened:?}");
    assert_eq!(opened[0]["range"]["start"]["line"], 4);

    // Two lines above everything: the finding moves with the spa at once.
    let moved = format!("# site\n# web\n{SPEC}");
    client.change(&uri, 2, &moved);
    let first = client.first_diagnostics(&uri, Some(2));
    assert_eq!(codes(&first), ["HB0054"], "{first:?}");
    assert_eq!(first[0]["range"]["start"]["line"], 6, "{first:?}");
    let complete = client.diagnostics(&uri, Some(2));
    assert_eq!(complete, first);

    // A burst: only the last text matters, and it clears the finding.
    let waf = "  waf_web_acl = \"arn:aws:wafv2:us-east-1:333333333333:global/webacl/org/0a1b2c3d-0a1b-0a1b-0a1b-0a1b2c3d4e5f\",\n";
    let clean = moved.replace(
        "  domain = \"app.example.com\",\n",
        &format!("  domain = \"app.example.com\",\n{waf}"),
    );
    for version in 3..=7 {
        let text = if version == 7 {
            clean.clone()
        } else {
            format!("{moved}\n# {version}\n")
        };
        client.change(&uri, version, &text);
    }
    assert_eq!(client.diagnostics(&uri, Some(7)), Vec::<Value>::new());
    client.shutdown();
}

#[test]
fn a_broken_org_config_is_reported_on_the_config_file() {
    let dir = repository();
    std::fs::write(
        dir.path().join("hbmod.toml"),
        CONFIG.replace("eu-west-1", "mars-east-1"),
    )
    .unwrap();
    let (mut client, _) = Client::start(dir.path());
    let uri = url(&dir.path().join("services/web/site.hb"));
    client.open(&uri, SPEC);
    let diagnostics = client.diagnostics(&uri, Some(1));
    assert_eq!(codes(&diagnostics), ["HB0110"], "{diagnostics:?}");
    let config = client.diagnostics(&url(&dir.path().join("hbmod.toml")), None);
    assert!(!config.is_empty());
    assert!(
        config
            .iter()
            .any(|d| d["message"].as_str().unwrap().contains("mars-east-1")),
        "{config:?}"
    );
    client.shutdown();
}

#[test]
fn a_document_outside_any_file_still_gets_syntax_errors_and_completion() {
    let dir = tempfile::tempdir().unwrap();
    let (mut client, _) = Client::start(dir.path());
    let uri = "untitled:Untitled-1";
    client.open(uri, "spa web <\n  folder = ,\n");
    let diagnostics = client.diagnostics(uri, Some(1));
    assert!(!diagnostics.is_empty());
    let items = client.request(
        "textDocument/completion",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 2, "character": 0 } }),
    );
    assert!(labels(&items).contains(&"domain".to_string()), "{items}");
    // A request for a document that is not open is an error, not a crash.
    let error = client.try_request("textDocument/hover", json!({ "textDocument": { "uri": "file:///nowhere.hb" }, "position": { "line": 0, "character": 0 } }));
    assert!(error.is_err());
    client.shutdown();
}

/// `text` with LSP `edits` applied (ranges in the original text, applied back to front).
fn apply(text: &str, edits: &[Value]) -> String {
    let offset = |p: &Value| {
        let line = p["line"].as_u64().unwrap() as usize;
        let character = p["character"].as_u64().unwrap() as usize;
        let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        let line_text = text[start..].split('\n').next().unwrap();
        start
            + line_text
                .char_indices()
                .nth(character)
                .map_or(line_text.len(), |(i, _)| i)
    };
    let mut ranges: Vec<(usize, usize, &str)> = edits
        .iter()
        .map(|e| {
            (
                offset(&e["range"]["start"]),
                offset(&e["range"]["end"]),
                e["newText"].as_str().unwrap(),
            )
        })
        .collect();
    ranges.sort_by_key(|r| std::cmp::Reverse(r.0));
    let mut out = text.to_string();
    for (start, end, new) in ranges {
        out.replace_range(start..end, new);
    }
    out
}
