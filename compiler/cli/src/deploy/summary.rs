//! A saved plan as `terraform show -json` prints it, plus the generated root's own resource
//! model (hbmod's diff model: each policy's permissions), in; the short summary `hbmod plan`
//! prints out: resources to add, change and destroy, and the IAM changes with the
//! permissions each created or updated policy grants.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use hbmod::diff::resources::Permission;
use hbmod::diff::Action;
use serde_json::Value;

/// What a plan would do.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Resources to create (a replacement counts here and in `destroy`, as Terraform counts).
    pub add: usize,
    /// Resources to update in place.
    pub change: usize,
    /// Resources to delete.
    pub destroy: usize,
    /// Whether an output value changes.
    pub outputs_change: bool,
    /// IAM resources that change: address and action (`create`, `update`, `replace`, `delete`).
    pub iam: Vec<(String, Action)>,
}

impl Summary {
    /// Nothing to apply.
    pub fn is_empty(&self) -> bool {
        self.add + self.change + self.destroy == 0 && !self.outputs_change
    }
}

/// Reads `terraform show -json PLAN`; `Err` when it is not a plan.
pub fn read(json: &str) -> Result<Summary, String> {
    let plan: Value =
        serde_json::from_str(json).map_err(|e| format!("the plan is not JSON: {e}"))?;
    let mut summary = Summary::default();
    let changes = plan
        .get("resource_changes")
        .and_then(Value::as_array)
        .map_or(&[][..], Vec::as_slice);
    for change in changes {
        if change.get("mode").and_then(Value::as_str) == Some("data") {
            continue;
        }
        let actions: Vec<&str> = change
            .pointer("/change/actions")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let action = match actions.as_slice() {
            ["create"] => {
                summary.add += 1;
                Action::Create
            }
            ["update"] => {
                summary.change += 1;
                Action::Update
            }
            ["delete"] => {
                summary.destroy += 1;
                Action::Destroy
            }
            ["delete", "create"] | ["create", "delete"] => {
                summary.add += 1;
                summary.destroy += 1;
                Action::Replace
            }
            _ => continue,
        };
        let kind = change.get("type").and_then(Value::as_str).unwrap_or("");
        if is_iam(kind) {
            let address = change.get("address").and_then(Value::as_str).unwrap_or("");
            summary.iam.push((address.to_string(), action));
        }
    }
    summary.outputs_change = plan
        .get("output_changes")
        .and_then(Value::as_object)
        .is_some_and(|outputs| {
            outputs.values().any(|o| {
                o.pointer("/actions")
                    .and_then(Value::as_array)
                    .is_some_and(|a| a.iter().any(|x| x.as_str() != Some("no-op")))
            })
        });
    Ok(summary)
}

/// Resource types that grant or hold access: roles, policies, and the resource policies of
/// other services.
fn is_iam(kind: &str) -> bool {
    kind.starts_with("aws_iam_")
        || kind.ends_with("_policy")
            && !kind.ends_with("cache_policy")
            && !kind.ends_with("response_headers_policy")
            && !kind.ends_with("origin_request_policy")
            && !kind.ends_with("lifecycle_policy")
            && !kind.ends_with("redrive_allow_policy")
            && !kind.ends_with("redrive_policy")
        || kind == "aws_lambda_permission"
}

/// The summary for people: a headline, then each IAM change with the permissions hbmod's model
/// of the generated files gives it (`permissions`: resource address → allowed permissions).
pub fn render(
    summary: &Summary,
    what: &str,
    permissions: &BTreeMap<String, Vec<Permission>>,
) -> String {
    let mut out = String::new();
    if summary.is_empty() {
        let _ = writeln!(out, "{what}: no changes");
        return out;
    }
    let _ = writeln!(
        out,
        "{what}: {} to add, {} to change, {} to destroy{}",
        summary.add,
        summary.change,
        summary.destroy,
        if summary.outputs_change {
            " (and output values change)"
        } else {
            ""
        }
    );
    if summary.iam.is_empty() {
        return out;
    }
    let _ = writeln!(out, "IAM changes ({}):", summary.iam.len());
    for (address, action) in &summary.iam {
        let sign = match *action {
            Action::Create => "+",
            Action::Destroy => "-",
            Action::Replace => "-/+",
            Action::Update | Action::Move => "~",
        };
        let _ = writeln!(out, "  {sign} {address} ({action})");
        if *action == Action::Destroy {
            continue;
        }
        for permission in permissions.get(address).into_iter().flatten() {
            let _ = write!(
                out,
                "      {} {} on {}",
                permission.effect, permission.action, permission.resource
            );
            if let Some(principal) = &permission.principal {
                let _ = write!(out, " to {principal}");
            }
            if let Some(condition) = &permission.condition {
                let _ = write!(out, " when {condition}");
            }
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    const PLAN: &str = r#"{
      "format_version": "1.2",
      "resource_changes": [
        {"address": "aws_s3_bucket.web", "mode": "managed", "type": "aws_s3_bucket",
         "change": {"actions": ["create"]}},
        {"address": "aws_iam_role_policy.ingest", "mode": "managed", "type": "aws_iam_role_policy",
         "change": {"actions": ["update"]}},
        {"address": "aws_sqs_queue.jobs", "mode": "managed", "type": "aws_sqs_queue",
         "change": {"actions": ["delete", "create"]}},
        {"address": "aws_iam_role.old", "mode": "managed", "type": "aws_iam_role",
         "change": {"actions": ["delete"]}},
        {"address": "aws_cloudfront_cache_policy.c", "mode": "managed", "type": "aws_cloudfront_cache_policy",
         "change": {"actions": ["no-op"]}},
        {"address": "data.aws_region.current", "mode": "data", "type": "aws_region",
         "change": {"actions": ["read"]}}
      ],
      "output_changes": {"url": {"actions": ["no-op"]}}
    }"#;

    #[test]
    fn counts_follow_terraform_and_iam_changes_are_listed() {
        let summary = read(PLAN).unwrap();
        assert_eq!((summary.add, summary.change, summary.destroy), (2, 1, 2));
        assert!(!summary.outputs_change);
        assert_eq!(
            summary.iam,
            [
                ("aws_iam_role_policy.ingest".to_string(), Action::Update),
                ("aws_iam_role.old".to_string(), Action::Destroy)
            ]
        );
        let mut permissions = BTreeMap::new();
        permissions.insert(
            "aws_iam_role_policy.ingest".to_string(),
            vec![Permission {
                effect: "Allow".to_string(),
                action: "sqs:SendMessage".to_string(),
                resource: "aws_sqs_queue.jobs.arn".to_string(),
                principal: None,
                condition: None,
            }],
        );
        let text = render(&summary, "jobs in staging", &permissions);
        assert_eq!(
            text,
            "jobs in staging: 2 to add, 1 to change, 2 to destroy\n\
             IAM changes (2):\n  \
               ~ aws_iam_role_policy.ingest (update)\n      \
                   Allow sqs:SendMessage on aws_sqs_queue.jobs.arn\n  \
               - aws_iam_role.old (destroy)\n"
        );
    }

    #[test]
    fn a_plan_without_changes_says_so() {
        let summary = read(r#"{"format_version": "1.2", "resource_changes": []}"#).unwrap();
        assert!(summary.is_empty());
        assert_eq!(
            render(&summary, "web in playground", &BTreeMap::new()),
            "web in playground: no changes\n"
        );
        assert!(read("Error: not a plan").is_err());
    }
}
