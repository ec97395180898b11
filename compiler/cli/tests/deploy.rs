//! `hbmod plan` / `hbmod apply` end to end, in a copy of examples/ (its own repository):
//! - with a fake `terraform` script on PATH that logs its argv, folder and AWS_PROFILE and
//!   fails on request: the command sequence, a failure of each step stopping the rest, drift
//!   refusal, unknown names, protected environments, aws-vault wrapping, scanners, --dry-run
//!   and Ctrl-C passed on once;
//! - with the real offline Terraform of `../shared/tools/terraform` (a local-backend override in
//!   the copy only): `hbmod apply clicks playground --auto-approve`, then `hbmod plan` finds no
//!   changes. Skipped with a note when the tool is missing, unless `HBMOD_REQUIRE_TOOLS` is set.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

#[path = "support/skip.rs"]
mod skip;

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let path = entry.path();
        let name = entry.file_name();
        if name == "terraform" {
            continue;
        }
        if path.is_dir() {
            copy_dir(&path, &to.join(&name));
        } else {
            std::fs::copy(&path, to.join(&name)).unwrap();
        }
    }
}

/// A repository holding a copy of examples/, every service built, and a `bin/` for fakes.
struct Sandbox {
    dir: tempfile::TempDir,
}

const FAKE_TERRAFORM: &str = r#"#!/bin/sh
# A fake terraform: logs each call, prints a canned plan for `show -json`, fails on request.
echo "terraform $* | dir=${PWD##*/services/} | profile=${AWS_PROFILE:-}" >> "$FAKE_LOG"
case "$1" in
  show) cat "$FAKE_PLAN" ;;
  plan)
    if [ -n "$FAKE_WAIT_FOR_INT" ]; then
      trap 'echo "got INT" >> "$FAKE_LOG"; exit 1' INT
      : > "$FAKE_WAIT_FOR_INT"
      sleep 30 >/dev/null 2>&1 & wait $!
      echo "plan not interrupted" >> "$FAKE_LOG"
    fi ;;
esac
if [ "$1" = "$FAKE_FAIL" ]; then
  echo "Error: ${FAKE_ERROR:-$1 failed (fake)}" >&2
  exit 1
fi
exit 0
"#;

const CHANGES: &str = r#"{"format_version":"1.2","resource_changes":[
  {"address":"aws_s3_bucket.site","mode":"managed","type":"aws_s3_bucket","change":{"actions":["create"]}},
  {"address":"aws_iam_role_policy.ingest","mode":"managed","type":"aws_iam_role_policy","change":{"actions":["update"]}}
]}"#;

impl Sandbox {
    fn new() -> Sandbox {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join(".git")).unwrap();
        copy_dir(&repo().join("examples"), &dir.path().join("examples"));
        let sandbox = Sandbox { dir };
        sandbox.build();
        let bin = sandbox.bin();
        std::fs::create_dir(&bin).unwrap();
        sandbox.script("terraform", FAKE_TERRAFORM);
        std::fs::write(sandbox.root().join("plan.json"), CHANGES).unwrap();
        std::fs::write(sandbox.log(), "").unwrap();
        sandbox
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn examples(&self) -> PathBuf {
        self.root().join("examples")
    }

    fn bin(&self) -> PathBuf {
        self.root().join("bin")
    }

    fn log(&self) -> PathBuf {
        self.root().join("calls.log")
    }

    fn calls(&self) -> Vec<String> {
        std::fs::read_to_string(self.log())
            .unwrap()
            .lines()
            .map(str::to_string)
            .collect()
    }

    fn script(&self, name: &str, text: &str) {
        let path = self.bin().join(name);
        std::fs::write(&path, text).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
    }

    fn build(&self) {
        let out = Command::new(env!("CARGO_BIN_EXE_hbmod"))
            .current_dir(self.examples())
            .args(["build", "--color", "never"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", text(&out));
    }

    fn config(&self, edit: impl FnOnce(String) -> String) {
        let path = self.examples().join("hbmod.toml");
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, edit(text)).unwrap();
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_hbmod"));
        command
            .current_dir(self.examples())
            .args(args)
            .args(["--color", "never"])
            .env("PATH", format!("{}:/usr/bin:/bin", self.bin().display()))
            .env("FAKE_LOG", self.log())
            .env("FAKE_PLAN", self.root().join("plan.json"))
            .env_remove("CI")
            .env_remove("AWS_PROFILE")
            .stdin(Stdio::null());
        command
    }

    fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().unwrap()
    }

    fn run_with_input(&self, args: &[&str], input: &str) -> Output {
        let mut child = self
            .command(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    }
}

fn text(out: &Output) -> String {
    format!(
        "exit {:?}\n--- stdout\n{}--- stderr\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

const SEQUENCE: [&str; 5] = [
    "terraform init -input=false | dir=clicks/terraform | profile=",
    "terraform workspace select -or-create playground | dir=clicks/terraform | profile=",
    "terraform plan -input=false -var-file=environments/playground.tfvars -out=.terraform/hbmod-playground.tfplan | dir=clicks/terraform | profile=",
    "terraform show -json .terraform/hbmod-playground.tfplan | dir=clicks/terraform | profile=",
    "terraform apply -input=false .terraform/hbmod-playground.tfplan | dir=clicks/terraform | profile=",
];

#[test]
fn apply_runs_init_workspace_plan_show_and_applies_the_saved_plan() {
    let sandbox = Sandbox::new();
    let out = sandbox.run(&["apply", "clicks", "playground", "--auto-approve"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert_eq!(sandbox.calls(), SEQUENCE);
    // The functions were packaged before Terraform ran: the zips the Terraform deploys.
    for instance in ["ingest", "enricher"] {
        let zip = sandbox.examples().join(format!(
            "services/clicks/terraform/.artifacts/{instance}.zip"
        ));
        assert!(zip.is_file(), "{instance}: {}", text(&out));
    }
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains(
            "services/clicks/clicks.hb in playground: 1 to add, 1 to change, 0 to destroy"
        ),
        "{}",
        text(&out)
    );
    // The IAM change carries the permissions hbmod's own model reads from the generated policy.
    assert!(
        stdout.contains("~ aws_iam_role_policy.ingest (update)"),
        "{}",
        text(&out)
    );
    assert!(
        stdout.contains("Allow dynamodb:PutItem on aws_dynamodb_table.clicks.arn"),
        "{}",
        text(&out)
    );

    // `plan` stops after the summary; a spec path works as well as a service name.
    std::fs::write(sandbox.log(), "").unwrap();
    let out = sandbox.run(&["plan", "services/clicks/clicks.hb", "playground"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert_eq!(sandbox.calls(), SEQUENCE[..4]);
}

#[test]
fn a_failing_step_stops_the_rest() {
    let sandbox = Sandbox::new();
    for (index, step) in ["init", "workspace", "plan", "show", "apply"]
        .iter()
        .enumerate()
    {
        std::fs::write(sandbox.log(), "").unwrap();
        let out = sandbox
            .command(&["apply", "clicks", "playground", "--auto-approve"])
            .env("FAKE_FAIL", step)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{step}: {}", text(&out));
        assert_eq!(sandbox.calls(), SEQUENCE[..=index], "{step}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains(&format!("Error: {step} failed (fake)")),
            "Terraform's own error streams through: {stderr}"
        );
        assert!(stderr.contains("nothing after it was run"), "{stderr}");
    }
}

#[test]
fn credentials_for_another_account_are_explained() {
    let sandbox = Sandbox::new();
    let out = sandbox
        .command(&["plan", "clicks", "staging"])
        .env("FAKE_FAIL", "plan")
        .env("FAKE_ERROR", "AWS account ID not allowed: 999999999999")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("the credentials Terraform got belong to another AWS account than 222222222222 of `staging`"),
        "{}",
        text(&out)
    );
}

#[test]
fn drift_is_refused_before_terraform_runs() {
    let sandbox = Sandbox::new();
    let spec = sandbox.examples().join("services/clicks/clicks.hb");
    let text_before = std::fs::read_to_string(&spec).unwrap();
    std::fs::write(
        &spec,
        text_before.replace("visibility_timeout = 3m", "visibility_timeout = 4m"),
    )
    .unwrap();
    assert_ne!(
        std::fs::read_to_string(&spec).unwrap(),
        text_before,
        "the spec edit must change it"
    );
    let out = sandbox.run(&["apply", "clicks", "playground", "--auto-approve"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(sandbox.calls().is_empty(), "{:?}", sandbox.calls());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("is not what the spec builds"),
        "{}",
        text(&out)
    );
    assert!(
        stderr.contains("run `hbmod build services/clicks/clicks.hb`"),
        "{}",
        text(&out)
    );
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("+++ "),
        "the diff is shown: {}",
        text(&out)
    );
}

#[test]
fn unknown_names_are_usage_errors_with_did_you_mean() {
    let sandbox = Sandbox::new();
    let out = sandbox.run(&["plan", "clics", "playground"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("no service is named `clics`\nhelp: did you mean `clicks`?"),
        "{}",
        text(&out)
    );
    let out = sandbox.run(&["plan", "clicks", "stagin"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("no environment is named `stagin`\nhelp: did you mean `staging`?"),
        "{}",
        text(&out)
    );
    assert!(sandbox.calls().is_empty());
}

#[test]
fn a_protected_environment_needs_its_name_or_ci() {
    let sandbox = Sandbox::new();
    sandbox.config(|text| {
        text.replace(
            "account_id = \"333333333333\"",
            "account_id = \"333333333333\"\nprotected = true",
        )
    });
    let apply = ["apply", "clicks", "production", "--auto-approve"];
    let out = sandbox.run(&apply);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("`production` is protected"),
        "{}",
        text(&out)
    );
    assert!(
        !sandbox
            .calls()
            .iter()
            .any(|c| c.starts_with("terraform apply")),
        "{:?}",
        sandbox.calls()
    );

    std::fs::write(sandbox.log(), "").unwrap();
    let out = sandbox.run_with_input(&["apply", "clicks", "production"], "yes\n");
    assert_eq!(
        out.status.code(),
        Some(1),
        "`yes` is not the name: {}",
        text(&out)
    );
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("type its name to confirm"),
        "{}",
        text(&out)
    );
    assert!(!sandbox
        .calls()
        .iter()
        .any(|c| c.starts_with("terraform apply")));

    std::fs::write(sandbox.log(), "").unwrap();
    let out = sandbox.run_with_input(&["apply", "clicks", "production"], "production\n");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("(account 333333333333)"),
        "the question names the account: {}",
        text(&out)
    );
    assert!(sandbox
        .calls()
        .iter()
        .any(|c| c.starts_with("terraform apply")));

    std::fs::write(sandbox.log(), "").unwrap();
    let out = sandbox.command(&apply).env("CI", "true").output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(sandbox
        .calls()
        .iter()
        .any(|c| c.starts_with("terraform apply")));

    // An unprotected environment asks for `yes`; anything else (or no input) applies nothing.
    std::fs::write(sandbox.log(), "").unwrap();
    let out = sandbox.run(&["apply", "clicks", "playground"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(!sandbox
        .calls()
        .iter()
        .any(|c| c.starts_with("terraform apply")));
}

#[test]
fn profiles_are_aws_profile_or_wrapped_by_aws_vault() {
    let sandbox = Sandbox::new();
    sandbox.config(|text| {
        text.replace(
            "account_id = \"111111111111\"",
            "account_id = \"111111111111\"\nprofile = \"example-playground\"",
        )
    });
    let out = sandbox.run(&["plan", "clicks", "playground"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(
        sandbox
            .calls()
            .iter()
            .all(|c| c.ends_with("profile=example-playground")),
        "{:?}",
        sandbox.calls()
    );

    sandbox.config(|text| {
        text.replace(
            "account_id = \"222222222222\"",
            "account_id = \"222222222222\"\nprofile = \"s\"",
        )
        .replace(
            "account_id = \"333333333333\"",
            "account_id = \"333333333333\"\nprofile = \"p\"",
        ) + "\n[deploy]\ncredentials = \"aws-vault\"\n"
    });
    // Without aws-vault installed, nothing runs.
    std::fs::write(sandbox.log(), "").unwrap();
    let out = sandbox.run(&["plan", "clicks", "playground"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("`aws-vault` is not installed"),
        "{}",
        text(&out)
    );
    assert!(sandbox.calls().is_empty());
    sandbox.script(
        "aws-vault",
        "#!/bin/sh\necho \"aws-vault $1 $2 $3\" >> \"$FAKE_LOG\"\nshift 3\nexec \"$@\"\n",
    );
    let out = sandbox.run(&["plan", "clicks", "playground"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let calls = sandbox.calls();
    assert_eq!(calls.len(), 8, "{calls:?}");
    assert_eq!(calls[0], "aws-vault exec example-playground --");
    assert_eq!(
        calls[1],
        "terraform init -input=false | dir=clicks/terraform | profile="
    );
}

#[test]
fn scanners_run_first_and_a_missing_one_is_an_error() {
    let sandbox = Sandbox::new();
    sandbox.config(|text| text + "\n[deploy]\nscanners = [\"checkov\"]\n");
    let out = sandbox.run(&["plan", "clicks", "playground"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains(
            "the scanner `checkov` is named in hbmod.toml `[deploy] scanners` but is not installed"
        ),
        "{}",
        text(&out)
    );
    assert!(sandbox.calls().is_empty());

    sandbox.script(
        "checkov",
        "#!/bin/sh\necho \"checkov $*\" >> \"$FAKE_LOG\"\necho 'Check: CKV_AWS_1 FAILED'\nexit 1\n",
    );
    let out = sandbox.run(&["plan", "clicks", "playground"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert_eq!(
        sandbox.calls(),
        ["checkov -d . --framework terraform --quiet --compact"]
    );
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("checkov found problems"),
        "{}",
        text(&out)
    );

    sandbox.script(
        "checkov",
        "#!/bin/sh\necho \"checkov $*\" >> \"$FAKE_LOG\"\n",
    );
    std::fs::write(sandbox.log(), "").unwrap();
    let out = sandbox.run(&["plan", "clicks", "playground"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert_eq!(sandbox.calls().len(), 5, "{:?}", sandbox.calls());
}

#[test]
fn dry_run_prints_every_command_and_runs_none() {
    let sandbox = Sandbox::new();
    let out = sandbox.run(&["apply", "web", "staging", "--dry-run"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(sandbox.calls().is_empty());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("(account 222222222222); dry run, nothing is run"),
        "{stdout}"
    );
    assert!(stdout.contains("(cd services/web/terraform && terraform plan -input=false -var-file=environments/staging.tfvars -out=.terraform/hbmod-staging.tfplan)"), "{stdout}");
    assert!(
        stdout.contains("terraform apply -input=false .terraform/hbmod-staging.tfplan)"),
        "{stdout}"
    );
}

#[cfg(unix)]
#[test]
fn an_interrupt_reaches_terraform_once_and_stops_the_deploy() {
    let sandbox = Sandbox::new();
    let ready = sandbox.root().join("plan-started");
    let child = sandbox
        .command(&["apply", "clicks", "playground", "--auto-approve"])
        .env("FAKE_WAIT_FOR_INT", &ready)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    while !ready.exists() {
        assert!(started.elapsed().as_secs() < 60, "the plan never started");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    // Sent to hbmod alone (as `kill -INT` or a CI runner would): hbmod passes it on, once.
    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let out = child.wait_with_output().unwrap();
    assert!(
        started.elapsed().as_secs() < 25,
        "terraform was not interrupted"
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let calls = sandbox.calls();
    assert_eq!(
        calls.iter().filter(|c| *c == "got INT").count(),
        1,
        "{calls:?}"
    );
    assert!(
        !calls
            .iter()
            .any(|c| c.starts_with("terraform show") || c.starts_with("terraform apply")),
        "{calls:?}"
    );
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("interrupted"),
        "{}",
        text(&out)
    );
}

/// The offline Terraform of ../shared/tools, or `None` (skipped) when it is missing.
fn real_terraform() -> Option<PathBuf> {
    let dir = repo().join("../shared/tools/terraform");
    if dir.join("terraform").is_file() {
        return Some(dir.canonicalize().unwrap());
    }
    assert!(
        std::env::var_os("HBMOD_REQUIRE_TOOLS").is_none(),
        "HBMOD_REQUIRE_TOOLS is set but ../shared/tools/terraform/terraform is missing"
    );
    skip::skip("hbmod apply against real Terraform needs ../shared/tools/terraform: check out the shared tools beside the repository");
    None
}

#[test]
fn apply_clicks_to_playground_with_real_terraform_then_plan_finds_no_changes() {
    let Some(terraform) = real_terraform() else {
        return;
    };
    let sandbox = Sandbox::new();
    std::fs::remove_file(sandbox.bin().join("terraform")).unwrap();
    // The real S3 backend needs AWS; the test's copy only points the root at a local backend.
    let root = sandbox.examples().join("services/clicks/terraform");
    std::fs::write(
        root.join("local_backend_override.tf"),
        "terraform {\n  backend \"local\" {\n    path = \"terraform.tfstate\"\n  }\n}\n",
    )
    .unwrap();
    let path = format!(
        "{}:{}:/usr/bin:/bin",
        terraform.display(),
        sandbox.bin().display()
    );
    let run = |args: &[&str]| {
        sandbox
            .command(args)
            .env("PATH", &path)
            .env("TFPLAN_WRITE_ROOT", sandbox.root())
            // Cargo points this at build outputs; the offline Terraform loads its own library.
            .env_remove("LD_LIBRARY_PATH")
            .output()
            .unwrap()
    };
    let out = run(&["apply", "clicks", "playground", "--auto-approve"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains(
            "services/clicks/clicks.hb in playground: 101 to add, 0 to change, 0 to destroy"
        ),
        "{}",
        text(&out)
    );
    assert!(
        stdout.contains("Apply complete! Resources: 101 added, 0 changed, 0 destroyed."),
        "{}",
        text(&out)
    );
    assert!(root
        .join("terraform.tfstate.d/playground/terraform.tfstate")
        .is_file());

    let out = run(&["plan", "clicks", "playground"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("is initialised and no .tf file changed since; no init"),
        "{}",
        text(&out)
    );
    assert!(
        String::from_utf8_lossy(&out.stdout)
            .contains("services/clicks/clicks.hb in playground: no changes"),
        "{}",
        text(&out)
    );
}

#[test]
fn a_symlink_added_to_a_site_after_the_build_stops_the_plan_before_terraform() {
    // Terraform's fileset would follow the link at plan time; hbmod vets the folder again first.
    let sandbox = Sandbox::new();
    #[cfg(unix)]
    std::os::unix::fs::symlink("../../..", sandbox.examples().join("services/web/dist/up"))
        .unwrap();
    let out = sandbox.run(&["plan", "web", "playground"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("services/web/dist/up"), "{stderr}");
    assert!(stderr.contains("nothing was deployed"), "{stderr}");
    assert!(sandbox.calls().is_empty(), "{:?}", sandbox.calls());
}

#[test]
fn a_function_that_cannot_be_packaged_stops_the_plan_before_terraform() {
    let sandbox = Sandbox::new();
    std::fs::remove_dir_all(sandbox.examples().join("node_modules/tiny-random")).unwrap();
    let out = sandbox.run(&["plan", "clicks", "playground"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("error[HB0090]"), "{stderr}");
    assert!(
        stderr.contains("cannot be packaged; nothing was deployed"),
        "{stderr}"
    );
    assert!(sandbox.calls().is_empty(), "{:?}", sandbox.calls());
}
