//! A spec's instance blocks and overlays in, a diagnostic for each public host name claimed
//! twice out: two parameters marked `unique_hostname` in module.toml (a site's `domain` and
//! `aliases`, an API's `domain`) that name the same host, in one instance or two, would give
//! two CloudFront distributions or Route53 records the same name, which AWS refuses at apply.

use std::collections::HashMap;

use crate::catalog::Catalog;
use crate::diagnostic::{Code, Diagnostic};
use crate::source::Span;
use crate::syntax::ast::{Block, ExprKind, File, Item};

/// One claim on a host name: where, by which instance, in which environment (`None`: all).
struct Claim<'a> {
    span: Span,
    instance: &'a str,
    environment: Option<&'a str>,
}

/// Every host name given twice (case-insensitively) where both claims hold in one environment.
pub(super) fn duplicates(file: &File, catalog: &Catalog) -> Vec<Diagnostic> {
    let mut claims: HashMap<String, Vec<Claim<'_>>> = HashMap::new();
    let mut diagnostics = Vec::new();
    let modules: HashMap<&str, &str> = file
        .items
        .iter()
        .filter_map(|item| match item {
            Item::Instance(block) => {
                Some((block.name.as_ref()?.name.as_str(), block.head.name.as_str()))
            }
            _ => None,
        })
        .collect();
    for item in &file.items {
        let (block, environment) = match item {
            Item::Instance(block) => (block, None),
            Item::Overlay(block) => (block, block.name.as_ref().map(|n| n.name.as_str())),
            Item::Service(_) => continue,
        };
        for (instance, param, value) in entries(block, environment.is_some()) {
            let Some(module) = modules.get(instance).and_then(|m| catalog.module(m)) else {
                continue;
            };
            if !module.params.get(param).is_some_and(|p| p.unique_hostname) {
                continue;
            }
            let values: Vec<(&str, Span)> = match &value.kind {
                ExprKind::String(text) => vec![(text.as_str(), value.span)],
                ExprKind::List(items) => items
                    .iter()
                    .filter_map(|item| match &item.kind {
                        ExprKind::String(text) => Some((text.as_str(), item.span)),
                        _ => None,
                    })
                    .collect(),
                _ => Vec::new(),
            };
            for (host, span) in values {
                let key = host.trim_end_matches('.').to_ascii_lowercase();
                let earlier = claims.entry(key).or_default();
                let clash = earlier.iter().find(|c| {
                    c.environment.is_none() || environment.is_none() || c.environment == environment
                });
                if let Some(first) = clash {
                    let whose = if first.instance == instance {
                        format!("`{instance}` already serves it")
                    } else {
                        format!("`{}` already serves it", first.instance)
                    };
                    diagnostics.push(
                        Diagnostic::error(
                            Code::HB0035,
                            span,
                            format!("the host name `{}` is claimed twice", host.escape_debug()),
                            "claimed again here",
                        )
                        .with_label(first.span, whose)
                        .with_help(
                            "each public name can be served by one site or API: remove one, or give it another name",
                        ),
                    );
                } else {
                    earlier.push(Claim {
                        span,
                        instance,
                        environment,
                    });
                }
            }
        }
    }
    diagnostics
}

/// (instance, parameter, value) of a block's entries: an instance's own parameters, or an
/// overlay's `instance.parameter` keys.
fn entries(
    block: &Block,
    overlay: bool,
) -> impl Iterator<Item = (&str, &str, &crate::syntax::ast::Expr)> {
    let own = block
        .name
        .as_ref()
        .map(|n| n.name.as_str())
        .unwrap_or_default();
    block
        .entries
        .iter()
        .filter_map(move |entry| match (overlay, entry.key.as_slice()) {
            (false, [param]) => Some((own, param.name.as_str(), &entry.value)),
            (true, [instance, param]) => {
                Some((instance.name.as_str(), param.name.as_str(), &entry.value))
            }
            _ => None,
        })
}
