//! A diff `Report` in, text out: for a terminal, for a pull-request comment (Markdown, summary
//! first, under GitHub's 65,536-character limit) and as JSON (the `Report` shape, `version` 1).

use std::fmt::Write as _;

use super::{Action, IamChange, IamStatus, InstanceStatus, Report, ResourceChange, SpecDiff};

/// GitHub refuses comments longer than this many characters.
pub const GITHUB_COMMENT_LIMIT: usize = 65_536;
/// What the Markdown aims to stay under, leaving room for the truncation note.
const BUDGET: usize = 64_000;
/// Longer attribute values are cut in tables and lists.
const MAX_VALUE: usize = 160;

/// The first line: what is created, changed, replaced, destroyed; whether IAM widens.
pub fn headline(report: &Report) -> String {
    let s = &report.summary;
    let mut parts = vec![
        format!("{} to create", s.create),
        format!("{} to change", s.change),
        format!("{} to replace", s.replace),
        format!("{} to destroy", s.destroy),
    ];
    if s.moved > 0 {
        parts.push(format!("{} to move (no replacement)", s.moved));
    }
    let mut line = parts.join(", ");
    line.push_str("; IAM: ");
    line.push_str(&if s.iam_widened > 0 {
        let names: Vec<String> = report
            .specs
            .iter()
            .flat_map(|spec| spec.iam.iter().filter(|c| c.widens))
            .map(|c| format!("`{}`", c.address))
            .collect();
        let shown = if names.len() <= 3 {
            format!(" ({})", names.join(", "))
        } else {
            String::new()
        };
        format!(
            "access widens for {} {}{shown}",
            s.iam_widened,
            plural(s.iam_widened, "policy", "policies")
        )
    } else {
        "no existing access widens".to_string()
    });
    if s.iam_new > 0 {
        let _ = write!(
            line,
            ", {} new {}",
            s.iam_new,
            plural(s.iam_new, "policy", "policies")
        );
    }
    if s.failed > 0 {
        let _ = write!(
            line,
            "; {} {} did not build",
            s.failed,
            plural(s.failed, "spec", "specs")
        );
    }
    line
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 {
        one
    } else {
        many
    }
}

fn short(value: &str) -> String {
    if value.chars().count() <= MAX_VALUE {
        return value.to_string();
    }
    let cut: String = value.chars().take(MAX_VALUE).collect();
    format!("{cut}…")
}

/// Two long values shown around where they differ: `…same prefix|difference|same suffix…`.
fn pair(before: Option<&str>, after: Option<&str>) -> (String, String) {
    let (Some(b), Some(a)) = (before, after) else {
        return (
            before.map_or("(none)".to_string(), short),
            after.map_or("(none)".to_string(), short),
        );
    };
    if b.chars().count() <= MAX_VALUE && a.chars().count() <= MAX_VALUE {
        return (b.to_string(), a.to_string());
    }
    let (bc, ac): (Vec<char>, Vec<char>) = (b.chars().collect(), a.chars().collect());
    let prefix = bc.iter().zip(&ac).take_while(|(x, y)| x == y).count();
    let suffix = bc
        .iter()
        .rev()
        .zip(ac.iter().rev())
        .take_while(|(x, y)| x == y)
        .count()
        .min(bc.len().min(ac.len()) - prefix);
    let context = 24;
    let show = |chars: &[char]| {
        let start = prefix.saturating_sub(context);
        let end = (chars.len() - suffix + context).min(chars.len());
        let middle: String = chars.get(start..end).unwrap_or_default().iter().collect();
        let mut text = String::new();
        if start > 0 {
            text.push('…');
        }
        text.push_str(&short(&middle));
        if end < chars.len() {
            text.push('…');
        }
        text
    };
    (show(&bc), show(&ac))
}

fn sign(action: Action) -> &'static str {
    match action {
        Action::Create => "+",
        Action::Destroy => "-",
        Action::Replace => "-/+",
        Action::Move => "→",
        Action::Update => "~",
    }
}

/// For a reviewer: `` `dynamodb:GetItem` on `aws_dynamodb_table.clicks.arn` `` (the verb
/// — allows, no longer denies — is the caller's).
fn permission_phrase(p: &super::Permission) -> String {
    let mut line = format!("{} on {}", code(&p.action), code(&p.resource));
    if let Some(principal) = &p.principal {
        let _ = write!(line, " for {}", code(principal));
    }
    if let Some(condition) = &p.condition {
        let _ = write!(line, " when {}", code(condition));
    }
    line
}

/// Whether an attribute change is one a reviewer can act on: not an internal expression of the
/// template (a `lifecycle` precondition, a `dynamic` block's `for_each`, `depends_on`), which
/// stays in the HCL diff.
fn reviewable(path: &str) -> bool {
    !(path.starts_with("lifecycle")
        || path.starts_with("dynamic[")
        || path.contains(".dynamic[")
        || path == "depends_on")
}

/// The line counting the attribute changes left to the HCL diff, if any.
fn internal_note(attributes: &[super::AttributeChange]) -> Option<String> {
    let hidden = attributes.iter().filter(|a| !reviewable(&a.path)).count();
    (hidden > 0).then(|| {
        format!(
            "{hidden} internal expression{} (lifecycle checks, dynamic blocks) changed: see the HCL diff",
            if hidden == 1 { "" } else { "s" }
        )
    })
}

fn permission_line(p: &super::Permission) -> String {
    let mut line = format!("{} {} on {}", p.effect, p.action, p.resource);
    if let Some(principal) = &p.principal {
        let _ = write!(line, " for {principal}");
    }
    if let Some(condition) = &p.condition {
        let _ = write!(line, " when {condition}");
    }
    line
}

/// For a terminal.
pub fn human(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "hbmod diff {} → {}: {}",
        report.base,
        report.head,
        headline(report)
    );
    if report.specs.is_empty() {
        let _ = writeln!(out, "no generated Terraform changes");
        return out;
    }
    for spec in &report.specs {
        let _ = writeln!(
            out,
            "\n{} (service {}): {}",
            spec.spec, spec.service, spec.status
        );
        if let Some(error) = &spec.error {
            let _ = writeln!(out, "  error: {error}");
        }
        for instance in &spec.instances {
            let renamed = instance
                .renamed_from
                .as_ref()
                .map_or(String::new(), |f| format!(" from `{f}`"));
            let _ = writeln!(
                out,
                "  {} {} ({}): {}{renamed}",
                if instance.name == super::ROOT {
                    ""
                } else {
                    "instance"
                },
                instance.name,
                instance.module,
                instance.status
            );
            for resource in &instance.resources {
                human_resource(&mut out, resource);
            }
        }
        for change in &spec.iam {
            let _ = writeln!(
                out,
                "  IAM {}.{}: {}{}",
                change.address,
                change.attribute,
                change.status,
                if change.widens {
                    " (access widens)"
                } else {
                    ""
                }
            );
            for p in &change.added {
                let _ = writeln!(out, "    + {}", permission_line(p));
            }
            for p in &change.removed {
                let _ = writeln!(out, "    - {}", permission_line(p));
            }
        }
        for hint in &spec.renames {
            let _ = writeln!(out, "  hint: {}", rename_sentence(hint));
        }
        for warning in &spec.warnings {
            let _ = writeln!(out, "  warning: {warning}");
        }
        if !spec.hcl_diff.is_empty() {
            let _ = writeln!(out);
            out.push_str(&spec.hcl_diff);
        }
    }
    out
}

fn human_resource(out: &mut String, resource: &ResourceChange) {
    let from = resource
        .moved_from
        .as_ref()
        .map_or(String::new(), |f| format!(" (moved from {f})"));
    let _ = writeln!(
        out,
        "    {} {}{from}{}",
        sign(resource.action),
        resource.address,
        if resource.action == Action::Replace {
            " (REPLACED)"
        } else {
            ""
        }
    );
    if let Some(guard) = &resource.protected {
        let _ = writeln!(
            out,
            "      the apply will fail: {guard} protects it from deletion; turn it off in one apply first"
        );
    }
    if let Some(note) = internal_note(&resource.attributes) {
        let _ = writeln!(out, "        {note}");
    }
    for a in resource.attributes.iter().filter(|a| reviewable(&a.path)) {
        let (before, after) = pair(a.before.as_deref(), a.after.as_deref());
        let _ = writeln!(
            out,
            "        {}: {before} → {after}{}",
            a.path,
            if a.forces_replacement {
                "  (forces replacement)"
            } else {
                ""
            }
        );
    }
}

fn rename_sentence(hint: &super::RenameHint) -> String {
    format!(
        "`{}` was removed and `{}` added with the same parameters; if this is a rename, write `{}` so that Terraform moves the resources instead of destroying and creating them",
        hint.from, hint.to, hint.syntax
    )
}

/// As JSON: the `Report` itself (`version` 1; fields are only added, never changed).
pub fn json(report: &Report) -> String {
    serde_json::to_string_pretty(report).unwrap_or_else(|_| "{}".to_string()) + "\n"
}

/// A pull-request comment: the summary line, then replacements, IAM widening and renames,
/// then per spec a table of instances and collapsed details. Always under
/// [`GITHUB_COMMENT_LIMIT`] characters; what is left out is said.
pub fn markdown(report: &Report) -> String {
    let mut head = String::new();
    let _ = writeln!(
        head,
        "**hbmod diff** `{}` → {}: {}\n",
        report.base,
        if report.head == "working tree" {
            "working tree".to_string()
        } else {
            format!("`{}`", report.head)
        },
        headline(report)
    );
    if report.specs.is_empty() {
        head.push_str("No generated Terraform changes.\n");
        return head;
    }
    // One line per spec: which instances are created, changed, renamed, removed.
    for spec in report.specs.iter().take(MAX_CALLOUTS) {
        let _ = writeln!(head, "- {}", spec_line(spec));
    }
    more(&mut head, report.specs.len());
    head.push('\n');
    let replaced: Vec<(&SpecDiff, &str, &ResourceChange)> = report
        .specs
        .iter()
        .flat_map(|s| {
            s.instances.iter().flat_map(move |i| {
                i.resources
                    .iter()
                    .filter(|r| r.action == Action::Replace)
                    .map(move |r| (s, i.name.as_str(), r))
            })
        })
        .collect();
    if !replaced.is_empty() {
        head.push_str("**⚠ Replaced** (destroyed, then created again: what they hold is lost):\n");
        for (spec, instance, r) in replaced.iter().take(MAX_CALLOUTS) {
            let because: Vec<String> = r
                .attributes
                .iter()
                .filter(|a| a.forces_replacement)
                .map(|a| format!("`{}`", a.path))
                .collect();
            let _ = writeln!(
                head,
                "- `{}` (instance `{instance}` in `{}`), because {} changes{}",
                r.address,
                spec.spec,
                because.join(", "),
                r.protected.as_ref().map_or(String::new(), |guard| format!(
                    ". **The apply will fail**: {guard} protects it from deletion; turn it off in one apply, then replace it in the next"
                ))
            );
        }
        more(&mut head, replaced.len());
        head.push('\n');
    }
    let warnings: Vec<(&SpecDiff, &String)> = report
        .specs
        .iter()
        .flat_map(|s| s.warnings.iter().map(move |w| (s, w)))
        .collect();
    if !warnings.is_empty() {
        head.push_str("**⚠ Code must change** (the Terraform alone does not show it):\n");
        for (spec, warning) in warnings.iter().take(MAX_CALLOUTS) {
            let _ = writeln!(head, "- in `{}`: {warning}", spec.spec);
        }
        more(&mut head, warnings.len());
        head.push('\n');
    }
    let widened: Vec<(&SpecDiff, &IamChange)> = report
        .specs
        .iter()
        .flat_map(|s| s.iam.iter().filter(|c| c.widens).map(move |c| (s, c)))
        .collect();
    if !widened.is_empty() {
        head.push_str("**⚠ IAM access widens**:\n");
        for (spec, change) in widened.iter().take(MAX_CALLOUTS) {
            let _ = writeln!(
                head,
                "- `{}` `{}` in `{}`:",
                change.address, change.attribute, spec.spec
            );
            let lines: Vec<String> = change
                .added
                .iter()
                .filter(|p| p.effect != "Deny")
                .map(|p| format!("  - allows {}", permission_phrase(p)))
                .chain(
                    change
                        .removed
                        .iter()
                        .filter(|p| p.effect == "Deny")
                        .map(|p| format!("  - no longer denies {}", permission_phrase(p))),
                )
                .collect();
            for line in lines.iter().take(MAX_CALLOUTS) {
                let _ = writeln!(head, "{line}");
            }
            if lines.len() > MAX_CALLOUTS {
                let _ = writeln!(head, "  - …and {} more", lines.len() - MAX_CALLOUTS);
            }
        }
        more(&mut head, widened.len());
        head.push('\n');
    }
    let new_policies: Vec<(&SpecDiff, &IamChange)> = report
        .specs
        .iter()
        .flat_map(|s| {
            s.iam
                .iter()
                .filter(|c| c.status == IamStatus::New)
                .map(move |c| (s, c))
        })
        .collect();
    if !new_policies.is_empty() {
        head.push_str("**New IAM policies**:\n");
        for (spec, change) in new_policies.iter().take(MAX_CALLOUTS) {
            let allows = change.added.iter().filter(|p| p.effect != "Deny").count();
            let _ = writeln!(
                head,
                "- `{}` `{}` in `{}`: {allows} allowed action–resource {}",
                change.address,
                change.attribute,
                spec.spec,
                plural(allows, "pair", "pairs")
            );
        }
        more(&mut head, new_policies.len());
        head.push('\n');
    }
    let hints: Vec<(&SpecDiff, &super::RenameHint)> = report
        .specs
        .iter()
        .flat_map(|s| s.renames.iter().map(move |h| (s, h)))
        .collect();
    if !hints.is_empty() {
        head.push_str("**Possible renames**:\n");
        for (spec, hint) in hints.iter().take(MAX_CALLOUTS) {
            let _ = writeln!(head, "- `{}`: {}", spec.spec, rename_sentence(hint));
        }
        more(&mut head, hints.len());
        head.push('\n');
    }
    let failed: Vec<&SpecDiff> = report.specs.iter().filter(|s| s.error.is_some()).collect();
    if !failed.is_empty() {
        head.push_str("**Did not build**:\n");
        for spec in failed {
            let error = spec.error.as_deref().unwrap_or("");
            let (first, rest) = error.split_once('\n').unwrap_or((error, ""));
            let _ = writeln!(head, "- `{}`: {first}", spec.spec);
            if !rest.trim().is_empty() {
                let _ = writeln!(
                    head,
                    "\n  ```text\n{}\n  ```\n",
                    rest.trim_end()
                        .replace("```", "` ` `")
                        .lines()
                        .map(|l| format!("  {l}"))
                        .collect::<Vec<_>>()
                        .join("\n")
                );
            }
        }
        head.push('\n');
    }
    let mut parts = vec![head];
    for spec in report.specs.iter().filter(|s| s.error.is_none()) {
        parts.push(spec_section(spec));
    }
    let diffs: Vec<String> = report
        .specs
        .iter()
        .filter(|s| !s.hcl_diff.is_empty())
        .map(|s| {
            format!(
                "<details><summary>HCL diff of <code>{}</code> ({} {})</summary>\n\n```diff\n{}```\n\n</details>\n\n",
                s.output_dir,
                s.files.len(),
                plural(s.files.len(), "file", "files"),
                s.hcl_diff.replace("```", "` ` `")
            )
        })
        .collect();
    parts.extend(diffs);
    assemble(&parts)
}

/// `services/x.hb` (service `x`): created `a` (queue); changed `b`; ...
fn spec_line(spec: &SpecDiff) -> String {
    let mut parts = Vec::new();
    for status in [
        InstanceStatus::Created,
        InstanceStatus::Changed,
        InstanceStatus::Renamed,
        InstanceStatus::Removed,
    ] {
        let names: Vec<String> = spec
            .instances
            .iter()
            .filter(|i| i.status == status)
            .map(|i| match (&i.renamed_from, i.status) {
                (Some(from), _) => format!("`{from}` → `{}`", i.name),
                (None, InstanceStatus::Created) => format!("`{}` ({})", i.name, i.module),
                _ => format!("`{}`", i.name),
            })
            .collect();
        if !names.is_empty() {
            parts.push(format!("{status} {}", names.join(", ")));
        }
    }
    if spec.error.is_some() {
        parts.push("does not build".to_string());
    }
    format!(
        "`{}` (service `{}`): {}",
        spec.spec,
        spec.service,
        if parts.is_empty() {
            spec.status.to_string()
        } else {
            parts.join("; ")
        }
    )
}

/// How many entries each call-out list shows before "…and N more".
const MAX_CALLOUTS: usize = 20;

fn more(out: &mut String, total: usize) {
    if total > MAX_CALLOUTS {
        let _ = writeln!(
            out,
            "- …and {} more (see the specs below)",
            total - MAX_CALLOUTS
        );
    }
}

fn spec_section(spec: &SpecDiff) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "### `{}` (service `{}`, {})\n",
        spec.spec, spec.service, spec.status
    );
    if !spec.instances.is_empty() {
        out.push_str("| instance | module | change | resources |\n|---|---|---|---|\n");
        for instance in &spec.instances {
            let mut counts: Vec<String> = Vec::new();
            for action in [
                Action::Create,
                Action::Update,
                Action::Replace,
                Action::Destroy,
                Action::Move,
            ] {
                let n = instance
                    .resources
                    .iter()
                    .filter(|r| r.action == action)
                    .count();
                if n > 0 {
                    counts.push(format!("{n} to {action}"));
                }
            }
            let status = match &instance.renamed_from {
                Some(from) => format!("renamed from `{from}`"),
                None => instance.status.to_string(),
            };
            let _ = writeln!(
                out,
                "| `{}` | {} | {status} | {} |",
                instance.name,
                instance.module,
                if counts.is_empty() {
                    "none".to_string()
                } else {
                    counts.join(", ")
                }
            );
        }
        out.push('\n');
    }
    let detailed: Vec<&ResourceChange> = spec
        .instances
        .iter()
        .flat_map(|i| i.resources.iter())
        .collect();
    if !detailed.is_empty() {
        out.push_str("<details><summary>Resources, attribute by attribute</summary>\n\n");
        for r in detailed {
            let from = r
                .moved_from
                .as_ref()
                .map_or(String::new(), |f| format!(" (moved from `{f}`)"));
            let _ = writeln!(
                out,
                "- `{}` **{}** {}{from}",
                sign(r.action),
                r.action,
                code(&r.address)
            );
            for a in r.attributes.iter().filter(|a| reviewable(&a.path)) {
                let (before, after) = pair(a.before.as_deref(), a.after.as_deref());
                let _ = writeln!(
                    out,
                    "  - `{}`: {} → {}{}",
                    a.path,
                    code(&before),
                    code(&after),
                    if a.forces_replacement {
                        " **forces replacement**"
                    } else {
                        ""
                    }
                );
            }
            if let Some(note) = internal_note(&r.attributes) {
                let _ = writeln!(out, "  - {note}");
            }
        }
        out.push_str("\n</details>\n\n");
    }
    out
}

/// Inline code that survives backticks inside the value.
fn code(text: &str) -> String {
    if text.contains('`') {
        format!("`` {} ``", text.replace("``", "` `"))
    } else {
        format!("`{text}`")
    }
}

/// Joins the parts while they fit in the budget, cutting the first one that does not at a
/// line (closing its open code block and details) and saying what was left out.
fn assemble(parts: &[String]) -> String {
    let mut out = String::new();
    let mut left_out = 0usize;
    for part in parts {
        if left_out > 0 {
            left_out += part.chars().count();
            continue;
        }
        let room = BUDGET.saturating_sub(out.chars().count());
        if part.chars().count() <= room {
            out.push_str(part);
            continue;
        }
        let (cut, dropped) = cut(part, room.saturating_sub(200));
        out.push_str(&cut);
        left_out += dropped.max(1);
    }
    if left_out > 0 {
        let _ = writeln!(
            out,
            "\n_Truncated: {left_out} more characters of details were left out to stay under GitHub's {GITHUB_COMMENT_LIMIT}-character comment limit; run `hbmod diff` locally for everything._"
        );
    }
    out
}

/// The lines of `text` that fit in `room` characters, closed properly, and how many
/// characters were dropped.
fn cut(text: &str, room: usize) -> (String, usize) {
    let mut kept = String::new();
    let mut used = 0;
    for line in text.split_inclusive('\n') {
        let n = line.chars().count();
        if used + n > room {
            break;
        }
        kept.push_str(line);
        used += n;
    }
    let dropped = text.chars().count().saturating_sub(used);
    if kept
        .lines()
        .filter(|l| l.trim_start().starts_with("```"))
        .count()
        % 2
        == 1
    {
        kept.push_str("```\n");
    }
    let opened = kept.matches("<details>").count();
    let closed = kept.matches("</details>").count();
    for _ in closed..opened {
        kept.push_str("\n</details>\n");
    }
    (kept, dropped)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cut_closes_what_it_opened() {
        let text = "<details><summary>x</summary>\n\n```diff\n+a\n+b\n+c\n```\n</details>\n";
        let (kept, dropped) = cut(text, 45);
        assert!(kept.ends_with("```\n\n</details>\n"), "{kept}");
        assert!(dropped > 0);
    }
}
