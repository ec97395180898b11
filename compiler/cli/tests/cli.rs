//! The `hbmod` binary run as a user runs it: arguments and files in, exit codes, stdout and
//! stderr out.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Runs hbmod in `dir` with a clean colour environment.
fn hbmod(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_hbmod"));
    command
        .current_dir(dir)
        .args(args)
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE");
    for (key, value) in env {
        command.env(key, value);
    }
    command.output().expect("hbmod runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("utf-8 output")
}

const BROKEN: &str = "spa web <\n  folder = \"./dist\"\n  domain = \"app.example.com\",\n";

#[test]
fn check_passes_on_the_examples() {
    let out = hbmod(&repo(), &["check", "examples/"], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("no problems"));
}

#[test]
fn check_reports_errors_with_exit_1_and_names_the_position() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("site.hb"), BROKEN).unwrap();
    let out = hbmod(dir.path(), &["check", "site.hb"], &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("error[HB0005]: expected `,` between parameters"),
        "{err}"
    );
    assert!(err.contains("site.hb:2:20"), "{err}");
    assert!(err.contains("error[HB0002]"), "{err}");
    assert!(err.contains("= help:"), "{err}");
    assert!(
        !err.contains("\u{1b}["),
        "no colour when stderr is not a terminal"
    );
}

#[test]
fn check_exits_2_on_missing_files_and_bad_usage() {
    let dir = tempfile::tempdir().unwrap();
    let out = hbmod(dir.path(), &["check", "nope.hb"], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("cannot read nope.hb"));
    assert_eq!(hbmod(dir.path(), &["check"], &[]).status.code(), Some(2));
    assert_eq!(
        hbmod(dir.path(), &["check", "--format", "xml", "a.hb"], &[])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        hbmod(dir.path(), &["frobnicate"], &[]).status.code(),
        Some(2)
    );
}

#[test]
fn a_missing_file_does_not_hide_the_others() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("site.hb"), BROKEN).unwrap();
    let out = hbmod(dir.path(), &["check", "nope.hb", "site.hb"], &[]);
    assert_eq!(out.status.code(), Some(2), "the worst result wins");
    assert!(text(&out.stderr).contains("error[HB0005]"));
}

#[test]
fn json_goes_to_stdout_with_positions() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("site.hb"), BROKEN).unwrap();
    let out = hbmod(
        dir.path(),
        &["check", "--format", "json", "--color", "always", "site.hb"],
        &[],
    );
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    assert!(
        !stdout.contains("\u{1b}["),
        "machine formats have no colour"
    );
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let first = &json["diagnostics"][0];
    assert_eq!(first["file"], "site.hb");
    assert_eq!(first["code"], "HB0005");
    assert_eq!(first["severity"], "error");
    assert_eq!(
        (first["line"].as_u64(), first["column"].as_u64()),
        (Some(2), Some(20))
    );
    assert!(first["help"].as_str().unwrap().starts_with("add a comma"));
}

#[test]
fn sarif_has_what_github_code_scanning_needs() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("services")).unwrap();
    std::fs::write(dir.path().join("services/site.hb"), BROKEN).unwrap();
    let out = hbmod(
        dir.path(),
        &["check", "--format", "sarif", "./services/site.hb"],
        &[],
    );
    assert_eq!(out.status.code(), Some(1));
    let sarif: serde_json::Value = serde_json::from_str(&text(&out.stdout)).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    assert!(sarif["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
    let run = &sarif["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "hbmod");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), hbmod::diagnostic::Code::ALL.len());
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 2);
    for result in results {
        let rule_id = result["ruleId"].as_str().unwrap();
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], rule_id, "ruleIndex points at the rule");
        assert_eq!(result["level"], "error");
        assert!(!result["message"]["text"].as_str().unwrap().is_empty());
        let location = &result["locations"][0]["physicalLocation"];
        assert_eq!(location["artifactLocation"]["uri"], "services/site.hb");
        assert!(location["region"]["startLine"].as_u64().unwrap() >= 1);
        assert!(location["region"]["startColumn"].as_u64().unwrap() >= 1);
    }
}

#[test]
fn colour_follows_the_flag_and_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("site.hb"), BROKEN).unwrap();
    let coloured = |args: &[&str], env: &[(&str, &str)]| {
        text(&hbmod(dir.path(), args, env).stderr).contains("\u{1b}[")
    };
    assert!(coloured(&["--color", "always", "check", "site.hb"], &[]));
    assert!(!coloured(
        &["--color", "never", "check", "site.hb"],
        &[("CLICOLOR_FORCE", "1")]
    ));
    assert!(coloured(&["check", "site.hb"], &[("CLICOLOR_FORCE", "1")]));
    assert!(!coloured(
        &["check", "site.hb"],
        &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]
    ));
    assert!(!coloured(&["check", "site.hb"], &[]));
}

#[test]
fn fmt_check_prints_a_diff_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let messy = "spa web < folder = \"./dist\", domain = \"app.example.com\" >\n";
    std::fs::write(dir.path().join("site.hb"), messy).unwrap();
    let out = hbmod(dir.path(), &["fmt", "--check", "site.hb"], &[]);
    assert_eq!(out.status.code(), Some(1));
    let diff = text(&out.stdout);
    assert!(
        diff.starts_with("--- site.hb\n+++ site.hb (formatted)\n"),
        "{diff}"
    );
    assert!(diff.contains("+  folder = \"./dist\",\n"), "{diff}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("site.hb")).unwrap(),
        messy
    );
}

#[test]
fn fmt_rewrites_then_has_nothing_left_to_do() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("site.hb"),
        "spa web < folder = \"./dist\", domain = \"app.example.com\" > # the site\n",
    )
    .unwrap();
    assert_eq!(
        hbmod(dir.path(), &["fmt", "site.hb"], &[]).status.code(),
        Some(0)
    );
    let formatted = std::fs::read_to_string(dir.path().join("site.hb")).unwrap();
    assert_eq!(
        formatted,
        "spa web <\n  folder = \"./dist\",\n  domain = \"app.example.com\",\n> # the site\n"
    );
    let again = hbmod(dir.path(), &["fmt", "--check", "site.hb"], &[]);
    assert_eq!(again.status.code(), Some(0));
    assert!(text(&again.stdout).is_empty());
}

#[test]
fn fmt_leaves_files_with_syntax_errors_alone() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("site.hb"), BROKEN).unwrap();
    let out = hbmod(dir.path(), &["fmt", "site.hb"], &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("was not formatted because it has syntax errors"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("site.hb")).unwrap(),
        BROKEN
    );
}

#[test]
fn explain_prints_markdown_and_refuses_unknown_codes() {
    let out = hbmod(&repo(), &["explain", "hb0002"], &[]);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).starts_with("# HB0002"));
    let list = hbmod(&repo(), &["explain"], &[]);
    assert_eq!(
        text(&list.stdout).lines().count(),
        hbmod::diagnostic::Code::ALL.len()
    );
    let unknown = hbmod(&repo(), &["explain", "HB9999"], &[]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(text(&unknown.stderr).contains("is not an hbmod diagnostic code"));
}

#[test]
fn an_internal_error_exits_101_without_panic_text() {
    let out = hbmod(
        &repo(),
        &["check", "examples/"],
        &[("HBMOD_INJECT_PANIC", "1")],
    );
    assert_eq!(out.status.code(), Some(101));
    let err = text(&out.stderr);
    assert!(
        err.contains("this is a bug in hbmod, please report it"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    assert!(!err.contains("injected"), "{err}");
}

#[test]
fn catalog_list_and_show_document_the_modules() {
    let list = hbmod(&repo(), &["catalog", "list"], &[]);
    assert_eq!(list.status.code(), Some(0));
    assert!(
        text(&list.stdout).lines().any(|l| l.starts_with("spa ")),
        "{}",
        text(&list.stdout)
    );
    let show = hbmod(&repo(), &["catalog", "show", "spa"], &[]);
    assert_eq!(show.status.code(), Some(0));
    let shown = text(&show.stdout);
    for expected in [
        "PARAMETERS",
        "  folder: dir  (required)",
        "OUTPUTS",
        "  url: url",
        "EXAMPLE (site.hb)",
        "  spa web <",
    ] {
        assert!(
            shown.contains(expected),
            "{expected:?} missing from:\n{shown}"
        );
    }
    // Defaults as a spec writes them: bare durations, sizes and enum members, quoted text.
    let show = hbmod(&repo(), &["catalog", "show", "function"], &[]);
    let shown = text(&show.stdout);
    for expected in [
        "(default 10s)",
        "(default 256MB)",
        "(default arm64)",
        "(default \"index.handler\")",
        "(default [])",
        "REFERENCES",
        "<INSTANCE>_URL for a queue",
    ] {
        assert!(
            shown.contains(expected),
            "{expected:?} missing from:\n{shown}"
        );
    }
    let unknown = hbmod(&repo(), &["catalog", "show", "sap"], &[]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(text(&unknown.stderr).contains("did you mean `spa`?"));
}

#[test]
fn init_in_an_existing_repository_merges_instead_of_stopping() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    std::fs::write(dir.path().join(".gitignore"), "node_modules/\n.terraform/").unwrap();
    std::fs::write(dir.path().join(".gitattributes"), "*.png binary\n").unwrap();
    std::fs::create_dir_all(dir.path().join("services/billing")).unwrap();
    let out = hbmod(dir.path(), &["init"], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let ignore = std::fs::read_to_string(dir.path().join(".gitignore")).unwrap();
    assert!(
        ignore.starts_with("node_modules/\n.terraform/\n"),
        "{ignore}"
    );
    assert_eq!(ignore.matches(".terraform/").count(), 1, "{ignore}");
    assert!(
        ignore.contains("*.tfstate\n") && ignore.contains(".artifacts/\n"),
        "{ignore}"
    );
    let attributes = std::fs::read_to_string(dir.path().join(".gitattributes")).unwrap();
    assert!(attributes.starts_with("*.png binary\n"), "{attributes}");
    assert!(attributes.contains("*.hb text eol=lf"), "{attributes}");
    let said = text(&out.stderr);
    assert!(
        said.contains("added to") && said.contains(".artifacts/"),
        "{said}"
    );
    assert!(
        said.contains("created") && said.contains("hbmod.toml"),
        "{said}"
    );
    assert!(said.contains("kept as they are: services/"), "{said}");
    assert!(
        !dir.path().join("services/web").exists(),
        "no sample service beside existing ones"
    );
}

#[test]
fn init_and_new_service_scaffold_a_repository_that_builds() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    assert_eq!(hbmod(dir.path(), &["init"], &[]).status.code(), Some(0));
    let attributes = std::fs::read_to_string(dir.path().join(".gitattributes")).unwrap();
    assert!(attributes.contains("*.hb linguist-language=HCL"));
    let new = hbmod(
        dir.path(),
        &["new", "service", "orders", "--team", "orders-team"],
        &[],
    );
    assert_eq!(new.status.code(), Some(0), "{}", text(&new.stderr));
    assert!(dir.path().join("services/orders/orders.hb").exists());
    let build = hbmod(dir.path(), &["build"], &[]);
    assert_eq!(build.status.code(), Some(0), "{}", text(&build.stderr));
    assert!(dir.path().join("services/web/terraform/site.tf").exists());
    assert!(dir
        .path()
        .join("services/web/terraform/backend.tf")
        .exists());
    // Nothing is ever overwritten: init again keeps hbmod.toml and services/ as they are.
    std::fs::write(dir.path().join("hbmod.toml"), "# mine\n").unwrap();
    let again = hbmod(dir.path(), &["init"], &[]);
    assert_eq!(again.status.code(), Some(0), "{}", text(&again.stderr));
    assert!(
        text(&again.stderr)
            .contains("kept as they are: hbmod.toml, services/, .gitattributes, .gitignore"),
        "{}",
        text(&again.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("hbmod.toml")).unwrap(),
        "# mine\n"
    );
    assert_eq!(
        hbmod(dir.path(), &["new", "service", "orders"], &[])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        hbmod(dir.path(), &["new", "service", "Bad-Name"], &[])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn config_show_says_where_each_value_comes_from() {
    let out = hbmod(
        &repo().join("examples/services/web"),
        &["config", "show"],
        &[],
    );
    assert_eq!(out.status.code(), Some(0));
    let shown = text(&out.stdout);
    assert!(shown.contains("environment           production: account 333333333333, region eu-central-1  (examples/hbmod.toml)"), "{shown}");
    assert!(
        shown.contains("required tag          CostCenter: any value  (examples/hbmod.toml)"),
        "{shown}"
    );
    // A repository without hbmod.toml (modules/ has its own, for the catalog's examples).
    let bare = tempfile::tempdir().unwrap();
    std::fs::create_dir(bare.path().join(".git")).unwrap();
    let defaults = text(&hbmod(bare.path(), &["config", "show"], &[]).stdout);
    assert!(defaults.contains("hbmod's defaults apply"), "{defaults}");
}

#[test]
fn the_org_config_can_name_the_catalog_folder() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    assert_eq!(hbmod(dir.path(), &["init"], &[]).status.code(), Some(0));
    let spa = repo().join("modules/spa");
    std::fs::create_dir_all(dir.path().join("catalog/spa")).unwrap();
    for file in ["module.toml", "spa.tf.tera"] {
        std::fs::copy(spa.join(file), dir.path().join("catalog/spa").join(file)).unwrap();
    }
    let config = std::fs::read_to_string(dir.path().join("hbmod.toml")).unwrap();
    std::fs::write(
        dir.path().join("hbmod.toml"),
        format!("{config}\n[catalog]\npath = \"catalog\"\n"),
    )
    .unwrap();
    let out = hbmod(dir.path(), &["build"], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    // A module the org's catalog lacks is unknown, though hbmod's own catalog has it.
    std::fs::write(
        dir.path().join("services/web/extra.hb"),
        "service extra < team = \"my-team\" >\nqueue jobs < >\n",
    )
    .unwrap();
    let out = hbmod(dir.path(), &["check", "services/web/extra.hb"], &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("the catalog has no module `queue`"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn check_and_build_report_an_org_policy_at_the_instance_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir(root.join(".git")).unwrap();
    std::fs::create_dir_all(root.join("services/web/dist")).unwrap();
    std::fs::write(root.join("services/web/dist/index.html"), "<h1>hi</h1>\n").unwrap();
    std::fs::write(
        root.join("hbmod.toml"),
        "org = \"example\"\n\n[environments.production]\naccount_id = \"333333333333\"\nregion = \"eu-west-1\"\n\n[[policies]]\nid = \"sites-behind-waf\"\nkind = \"require_attribute\"\nresources = [\"aws_cloudfront_distribution\"]\nattribute = \"web_acl_id\"\nmessage = \"the distribution {address} has no web ACL\"\nhelp = \"set the spa's `waf_web_acl` to the org's web ACL ARN\"\n",
    )
    .unwrap();
    let spec = "service web <\n  team = \"frontend\",\n>\n\nspa web <\n  folder = \"./dist\",\n  domain = \"app.example.com\",\n>\n";
    std::fs::write(root.join("services/web/site.hb"), spec).unwrap();
    for command in ["check", "build"] {
        let out = hbmod(root, &[command, "services/web/site.hb"], &[]);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{command}: {err}");
        assert!(
            err.contains("error[HB0054]: policy `sites-behind-waf`: the distribution aws_cloudfront_distribution.web has no web ACL"),
            "{command}: {err}"
        );
        assert!(err.contains("services/web/site.hb:5:1"), "{command}: {err}");
        assert!(
            err.contains("help: set the spa's `waf_web_acl`"),
            "{command}: {err}"
        );
        assert!(
            !root.join("services/web/terraform").exists(),
            "{command} wrote output"
        );
    }
    // With the web ACL set, both pass.
    let fixed = spec.replace(
        "  domain = \"app.example.com\",\n",
        "  domain = \"app.example.com\",\n  waf_web_acl = \"arn:aws:wafv2:us-east-1:333333333333:global/webacl/org/0a1b2c3d-0a1b-0a1b-0a1b-0a1b2c3d4e5f\",\n",
    );
    std::fs::write(root.join("services/web/site.hb"), fixed).unwrap();
    let out = hbmod(root, &["check", "services/web/site.hb"], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

/// A repository of three services under one org config with two mistakes.
fn repository_with_a_broken_config() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    std::fs::write(
        dir.path().join("hbmod.toml"),
        "org = \"acme\"\n\n[environments.playground]\naccount_id = \"1234\"\nregion = \"mars-east-1\"\n",
    )
    .unwrap();
    for service in ["a", "b", "c"] {
        let folder = dir.path().join("services").join(service);
        std::fs::create_dir_all(folder.join("dist")).unwrap();
        std::fs::write(folder.join("dist/index.html"), "<h1>hi</h1>").unwrap();
        std::fs::write(
            folder.join("site.hb"),
            format!("service {service} < team = \"web\", owner = \"web@example.com\" >\n\nspa site < folder = \"./dist\" >\n"),
        )
        .unwrap();
    }
    dir
}

#[test]
fn a_broken_org_config_is_reported_once_with_all_its_errors() {
    let dir = repository_with_a_broken_config();
    for command in ["build", "check"] {
        let out = hbmod(dir.path(), &[command, "."], &[]);
        assert_eq!(out.status.code(), Some(1), "{command}");
        let err = text(&out.stderr);
        assert_eq!(
            err.matches("`1234` is not an AWS account id").count(),
            1,
            "{command}: {err}"
        );
        assert_eq!(
            err.matches("`mars-east-1` is not an AWS region").count(),
            1,
            "{command}: {err}"
        );
        assert!(err.contains("hbmod.toml:4:14"), "{command}: {err}");
        assert!(!dir.path().join("services/a/terraform").exists());
    }
}

#[test]
fn sarif_and_json_carry_the_org_config_errors() {
    let dir = repository_with_a_broken_config();
    let out = hbmod(dir.path(), &["check", "--format", "sarif", "."], &[]);
    assert_eq!(out.status.code(), Some(1));
    let sarif: serde_json::Value = serde_json::from_str(&text(&out.stdout)).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 2, "{results:#?}");
    for result in results {
        assert_eq!(result["ruleId"], "HB0050");
        let location = &result["locations"][0]["physicalLocation"];
        assert_eq!(location["artifactLocation"]["uri"], "hbmod.toml");
    }
    let out = hbmod(dir.path(), &["check", "--format", "json", "."], &[]);
    let json: serde_json::Value = serde_json::from_str(&text(&out.stdout)).unwrap();
    let diagnostics = json["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 2);
    assert!(diagnostics.iter().all(|d| d["file"] == "hbmod.toml"));
}

#[test]
fn a_broken_catalog_module_is_positioned_in_its_file_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let catalog = dir.path().join("catalog");
    for entry in walk(&repo().join("modules")) {
        let relative = entry.strip_prefix(repo().join("modules")).unwrap();
        let target = catalog.join(relative);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(&entry, &target).unwrap();
    }
    let interface = catalog.join("queue/module.toml");
    let original = std::fs::read_to_string(&interface).unwrap();
    std::fs::write(&interface, original.replacen("[params.", "[parms.", 1)).unwrap();
    std::fs::write(
        dir.path().join("site.hb"),
        "spa web < folder = \"./dist\" >\n",
    )
    .unwrap();
    let out = hbmod(
        dir.path(),
        &["check", "--catalog", "catalog", "site.hb"],
        &[],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("error[HB0085]"), "{err}");
    assert!(err.contains("catalog/queue/module.toml:"), "{err}");
    let out = hbmod(
        dir.path(),
        &[
            "check",
            "--format",
            "sarif",
            "--catalog",
            "catalog",
            "site.hb",
        ],
        &[],
    );
    let sarif: serde_json::Value = serde_json::from_str(&text(&out.stdout)).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert!(!results.is_empty());
    assert_eq!(
        results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "catalog/queue/module.toml"
    );
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// The `secret` module (a resource kind of its own, `secretsmanager_secret`) comes in through
/// `--catalog` as module.toml and a template: the kind is data (stdlib/conventions.toml), so
/// no Rust is involved. A kind that is not there is named as unknown, not as a missing file.
#[test]
fn a_module_with_a_new_resource_kind_needs_no_rust() {
    let dir = tempfile::tempdir().unwrap();
    let catalog = dir.path().join("catalog");
    // The function module, the modules its references accept, and the secret module.
    for module in ["secret", "function", "table", "bucket", "queue", "topic"] {
        let from = repo().join("modules").join(module);
        for entry in walk(&from) {
            let target = catalog
                .join(module)
                .join(entry.strip_prefix(&from).unwrap());
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
            std::fs::copy(&entry, &target).unwrap();
        }
    }
    std::fs::create_dir_all(dir.path().join("src")).unwrap();
    std::fs::write(
        dir.path().join("src/index.mjs"),
        "export const handler = async () => ({});\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("vault.hb"),
        "service vault < team = \"platform\" >\n\nsecret api_key < >\n\nfunction reader <\n  source = \"./src\",\n  runtime = nodejs22,\n  reads = [api_key],\n>\n",
    )
    .unwrap();
    let out = hbmod(
        dir.path(),
        &["build", "--catalog", "catalog", "vault.hb"],
        &[],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let secret = std::fs::read_to_string(dir.path().join("terraform/api_key.tf")).unwrap();
    assert!(
        secret.contains("resource \"aws_secretsmanager_secret\" \"api_key\""),
        "{secret}"
    );
    assert!(
        secret.contains("secret = \"platform-vault-production-api_key\""),
        "{secret}"
    );
    let reader = std::fs::read_to_string(dir.path().join("terraform/reader.tf")).unwrap();
    assert!(
        reader.contains("\"secretsmanager:GetSecretValue\""),
        "{reader}"
    );

    // One rotating function per secret: the module refuses a second at the spec.
    std::fs::write(
        dir.path().join("twice.hb"),
        "service vault < team = \"platform\" >\n\nsecret api_key < >\n\nfunction one < source = \"./src\", runtime = nodejs22, rotates = [api_key] >\n\nfunction two < source = \"./src\", runtime = nodejs22, rotates = [api_key] >\n",
    )
    .unwrap();
    let out = hbmod(
        dir.path(),
        &["check", "--catalog", "catalog", "twice.hb"],
        &[],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("error[HB0052]"), "{err}");
    assert!(
        err.contains("these name it in their rotates: one, two"),
        "{err}"
    );

    let interface = catalog.join("secret/module.toml");
    let original = std::fs::read_to_string(&interface).unwrap();
    std::fs::write(
        &interface,
        original.replace(
            "secret = \"secretsmanager_secret\"",
            "secret = \"secrets_manager_secret\"",
        ),
    )
    .unwrap();
    let out = hbmod(
        dir.path(),
        &["check", "--catalog", "catalog", "vault.hb"],
        &[],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("unknown resource kind `secrets_manager_secret`"),
        "{err}"
    );
    assert!(err.contains("stdlib/conventions.toml"), "{err}");
    assert!(!err.contains("is missing"), "{err}");
}

#[test]
fn a_reader_that_goes_away_ends_hbmod_quietly() {
    // stdout is a pipe whose reading end is already closed: every write gets EPIPE, as when
    // `hbmod check --format json . | head -c 100` has read enough.
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let out = Command::new(env!("CARGO_BIN_EXE_hbmod"))
        .current_dir(repo())
        .args(["explain", "HB0050"])
        .stdout(writer)
        .output()
        .unwrap();
    let err = text(&out.stderr);
    assert!(!err.contains("internal error"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(out.status.code(), Some(141), "{err}");
}

#[test]
fn catalog_and_fmt_speak_json_and_fmt_names_crlf() {
    let list = hbmod(&repo(), &["catalog", "list", "--format", "json"], &[]);
    assert_eq!(list.status.code(), Some(0), "{}", text(&list.stderr));
    let document: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    let names: Vec<&str> = document["modules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["name"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"function") && names.contains(&"spa"),
        "{names:?}"
    );
    let show = hbmod(
        &repo(),
        &["catalog", "show", "queue", "--format", "json"],
        &[],
    );
    let document: serde_json::Value = serde_json::from_slice(&show.stdout).unwrap();
    let retention = document["modules"][0]["params"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "retention")
        .unwrap();
    assert_eq!(retention["default_in_spec"], "4d");
    assert_eq!(retention["default"], "4d");

    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("ok.hb"),
        "service ok <\n  team = \"t\",\n>\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("crlf.hb"),
        "service crlf <\r\n  team = \"t\",\r\n>\r\n",
    )
    .unwrap();
    let human = hbmod(dir.path(), &["fmt", "--check"], &[]);
    assert_eq!(human.status.code(), Some(1));
    assert!(
        text(&human.stderr).contains("crlf.hb: uses CRLF line endings; hbmod fmt writes LF"),
        "{}",
        text(&human.stderr)
    );
    assert!(
        !text(&human.stdout).contains("-service crlf"),
        "only the line endings differ, so no line is shown as changed: {}",
        text(&human.stdout)
    );
    let json = hbmod(dir.path(), &["fmt", "--check", "--format", "json"], &[]);
    assert_eq!(json.status.code(), Some(1));
    let document: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let files = document["files"].as_array().unwrap();
    assert_eq!(files.len(), 2, "{document}");
    let crlf = files
        .iter()
        .find(|f| f["path"].as_str().unwrap().ends_with("crlf.hb"))
        .unwrap();
    assert_eq!(crlf["status"], "unformatted");
    assert_eq!(crlf["crlf"], true);
    let ok = files
        .iter()
        .find(|f| f["path"].as_str().unwrap().ends_with("ok.hb"))
        .unwrap();
    assert_eq!(ok["status"], "formatted");
}

#[test]
fn config_show_speaks_json() {
    let out = hbmod(
        &repo().join("examples"),
        &["config", "show", "--format", "json"],
        &[],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let document: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        document["file"].as_str().unwrap().ends_with("hbmod.toml"),
        "{document}"
    );
    let names: Vec<&str> = document["environments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["playground", "staging", "production"]);
    assert_eq!(document["environments"][0]["account_id"], "111111111111");

    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    let out = hbmod(dir.path(), &["config", "show", "--format", "json"], &[]);
    let document: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(document["file"].is_null(), "{document}");
    assert_eq!(document["environments"].as_array().unwrap().len(), 3);
}
