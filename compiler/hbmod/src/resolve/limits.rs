//! Resolved instances and their syntax in, a diagnostic for each `[[limits]]` rule of their
//! modules that a spec breaks out: an instance's parameter larger than the bounding parameter
//! of an instance it references (a function's `timeout` longer than the `visibility_timeout`
//! of a queue it consumes, which Lambda refuses at apply), at the parameter's line, in every
//! environment its overlays give.

use indexmap::IndexMap;

use crate::catalog::Catalog;
use crate::diagnostic::{Code, Diagnostic};
use crate::ir::{Instance, Value};
use crate::syntax::ast::Block;

/// A comparable amount and how a spec writes it.
fn amount(value: &Value) -> Option<(u64, String)> {
    match value {
        Value::Seconds(s) => Some((*s, crate::types::format_duration(s.saturating_mul(1000)))),
        Value::Megabytes(m) => Some((*m, format!("{m}MB"))),
        Value::Int(i) => u64::try_from(*i).ok().map(|n| (n, n.to_string())),
        _ => None,
    }
}

/// The instance names a reference parameter holds.
fn referenced(value: &Value) -> Vec<&str> {
    match value {
        Value::Ref(name) => vec![name.as_str()],
        Value::List(items) => items.iter().flat_map(referenced).collect(),
        _ => Vec::new(),
    }
}

/// `param`'s value in the base spec and in each environment whose overlay changes it.
fn per_environment<'a>(instance: &'a Instance, param: &str) -> Vec<(Option<&'a str>, &'a Value)> {
    let mut out: Vec<(Option<&str>, &Value)> = Vec::new();
    if let Some(values) = instance.varying.get(param) {
        out.extend(
            values
                .iter()
                .map(|(env, value)| (Some(env.as_str()), value)),
        );
    } else if let Some(value) = instance.params.get(param) {
        out.push((None, value));
    }
    out
}

/// Every broken limit of `instances` (`blocks`: their syntax, for positions).
pub(super) fn check(
    instances: &[Instance],
    blocks: &IndexMap<String, &Block>,
    catalog: &Catalog,
) -> Vec<Diagnostic> {
    let by_name: IndexMap<&str, &Instance> =
        instances.iter().map(|i| (i.name.as_str(), i)).collect();
    let mut diagnostics = Vec::new();
    for instance in instances {
        let Some(module) = catalog.module(&instance.module) else {
            continue;
        };
        let Some(block) = blocks.get(&instance.name) else {
            continue;
        };
        let entry_span = |block: &Block, key: &str| {
            block
                .entries
                .iter()
                .find(|e| e.key_text() == key)
                .map(|e| e.value.span)
        };
        for limit in &module.limits {
            let Some(via) = instance.params.get(&limit.via) else {
                continue;
            };
            for target_name in referenced(via) {
                let Some(target) = by_name.get(target_name) else {
                    continue;
                };
                for (environment, own) in per_environment(instance, &limit.param) {
                    let Some((own_amount, own_text)) = amount(own) else {
                        continue;
                    };
                    let bound = environment
                        .and_then(|env| target.varying.get(&limit.target_param)?.get(env))
                        .or_else(|| target.params.get(&limit.target_param));
                    let Some((bound_amount, bound_text)) = bound.and_then(amount) else {
                        continue;
                    };
                    if own_amount <= bound_amount {
                        continue;
                    }
                    let span = entry_span(block, &limit.param)
                        .or_else(|| entry_span(block, &limit.via))
                        .unwrap_or(instance.span);
                    let given = entry_span(block, &limit.param).is_some();
                    let mut diagnostic = Diagnostic::error(
                        Code::HB0070,
                        span,
                        format!(
                            "`{}` is {own_text}{}, longer than `{target_name}.{}` ({bound_text}){}",
                            limit.param,
                            if given { "" } else { " (the default)" },
                            limit.target_param,
                            environment.map_or(String::new(), |env| format!(" in {env}"))
                        ),
                        format!("more than {target_name}'s {}", limit.target_param),
                    )
                    .with_note(limit.doc.clone())
                    .with_help(format!(
                        "raise `{}` of `{target_name}` to at least {own_text}, or lower `{}`",
                        limit.target_param, limit.param
                    ));
                    if let Some(target_block) = blocks.get(target_name) {
                        let target_span = entry_span(target_block, &limit.target_param)
                            .unwrap_or(target_block.head.span);
                        diagnostic = diagnostic.with_label(
                            target_span,
                            format!("{} of {target_name}", limit.target_param),
                        );
                    }
                    diagnostics.push(diagnostic);
                }
            }
        }
    }
    diagnostics
}
