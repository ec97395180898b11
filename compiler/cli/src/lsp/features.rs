//! A document's analysis and a request's position in, the answers of the language features out:
//! completion, hover, definition, rename (adding `was OLD`), formatting and document symbols.

use std::collections::HashMap;

use hbmod::catalog::{Catalog, Module, Param};
use hbmod::source::Span;
use hbmod::stdlib::naming::{self, NameParts};
use hbmod::syntax::ast::{Block, Entry, Expr, ExprKind, Ident, Item};
use hbmod::types::Type;
use lsp_types::{
    CompletionItem, CompletionItemKind, DocumentSymbol, Documentation, Hover, HoverContents,
    Location, MarkupContent, MarkupKind, Range, SymbolKind, TextEdit, Url, WorkspaceEdit,
};

use super::analysis::Analysis;
use super::context::{self, Place};
use super::position::LineIndex;

/// The completions at byte `offset`.
pub fn completion(analysis: &Analysis, offset: usize) -> Vec<CompletionItem> {
    let text = analysis.source.text();
    let Some(catalog) = analysis.catalog.as_deref() else {
        return Vec::new();
    };
    let headers = context::headers(text);
    let module_of = |instance: &str| {
        headers
            .iter()
            .find(|h| h.name == instance && h.head != "env" && h.head != "service")
            .and_then(|h| catalog.module(&h.head))
    };
    match context::place(text, offset) {
        Place::ItemStart => {
            let mut items: Vec<CompletionItem> = catalog
                .modules()
                .map(|m| item(&m.name, CompletionItemKind::MODULE, &m.summary, None))
                .collect();
            items.push(item(
                "service",
                CompletionItemKind::KEYWORD,
                "the service header: who owns this file",
                None,
            ));
            items.push(item(
                "env",
                CompletionItemKind::KEYWORD,
                "values for one environment",
                None,
            ));
            items
        }
        Place::EnvName => analysis
            .environments
            .iter()
            .map(|e| {
                item(
                    e,
                    CompletionItemKind::ENUM_MEMBER,
                    "an environment of the org config",
                    None,
                )
            })
            .collect(),
        Place::Key { head, written } => {
            let taken = context::keys_in_block(text, offset);
            if head == "service" {
                return hbmod::check::HEADER_FIELDS
                    .iter()
                    .filter(|f| !taken.iter().any(|t| t == *f))
                    .map(|f| {
                        item(
                            f,
                            CompletionItemKind::FIELD,
                            "service header key",
                            Some(format!("{f} = ")),
                        )
                    })
                    .collect();
            }
            if head == "env" {
                return match written.split_once('.') {
                    Some((instance, _)) => module_of(instance)
                        .map(|m| params(m, &[]))
                        .unwrap_or_default(),
                    None => headers
                        .iter()
                        .filter(|h| h.head != "env" && h.head != "service")
                        .map(|h| {
                            item(
                                &h.name,
                                CompletionItemKind::VARIABLE,
                                &format!("a {} instance", h.head),
                                Some(format!("{}.", h.name)),
                            )
                        })
                        .collect(),
                };
            }
            catalog
                .module(&head)
                .map(|m| params(m, &taken))
                .unwrap_or_default()
        }
        Place::Value { head, key } => {
            let param = match (head.as_str(), key.as_slice()) {
                ("env", [instance, param]) => module_of(instance).and_then(|m| m.params.get(param)),
                (_, [param]) => catalog.module(&head).and_then(|m| m.params.get(param)),
                _ => None,
            };
            param.map(|p| values(&p.ty, &headers)).unwrap_or_default()
        }
        Place::Elsewhere => Vec::new(),
    }
}

fn item(
    label: &str,
    kind: CompletionItemKind,
    detail: &str,
    insert: Option<String>,
) -> CompletionItem {
    CompletionItem {
        label: label.to_string(),
        kind: Some(kind),
        detail: Some(detail.to_string()),
        insert_text: insert,
        ..CompletionItem::default()
    }
}

/// The parameters of `module` not yet in `taken`, required ones first.
fn params(module: &Module, taken: &[String]) -> Vec<CompletionItem> {
    module
        .params
        .values()
        .filter(|p| !taken.contains(&p.name))
        .map(|p| CompletionItem {
            label: p.name.clone(),
            kind: Some(CompletionItemKind::FIELD),
            detail: Some(p.ty.to_string()),
            documentation: Some(markdown(param_doc(p))),
            insert_text: Some(format!("{} = ", p.name)),
            sort_text: Some(format!("{}{}", if p.required() { 0 } else { 1 }, p.name)),
            ..CompletionItem::default()
        })
        .collect()
}

/// The values a parameter of type `ty` takes that can be listed: enum members, booleans, and
/// the instances of the module a reference accepts.
fn values(ty: &Type, headers: &[context::Header]) -> Vec<CompletionItem> {
    match ty.required() {
        Type::Enum(members) => members
            .iter()
            .map(|m| item(m, CompletionItemKind::ENUM_MEMBER, &ty.to_string(), None))
            .collect(),
        Type::Bool => ["true", "false"]
            .iter()
            .map(|b| item(b, CompletionItemKind::VALUE, "bool", None))
            .collect(),
        // `ref<table|bucket>`: instances of any of the modules named.
        Type::Ref(modules) => headers
            .iter()
            .filter(|h| modules.split('|').any(|m| m == h.head))
            .map(|h| {
                item(
                    &h.name,
                    CompletionItemKind::REFERENCE,
                    &format!("a {} instance", h.head),
                    None,
                )
            })
            .collect(),
        Type::List(inner) | Type::Map(inner) => values(inner, headers),
        _ => Vec::new(),
    }
}

fn markdown(value: String) -> Documentation {
    Documentation::MarkupContent(MarkupContent {
        kind: MarkupKind::Markdown,
        value,
    })
}

fn param_doc(param: &Param) -> String {
    let mut text = format!("`{}`: `{}`", param.name, param.ty);
    match param.default_in_spec() {
        Some(default) => text.push_str(&format!(", default `{default}`")),
        None if param.required() => text.push_str(", required"),
        None => text.push_str(", optional"),
    }
    text.push_str("\n\n");
    text.push_str(&param.doc);
    text
}

fn module_doc(module: &Module) -> String {
    let mut text = format!(
        "**{}** {}: {}\n\n",
        module.name, module.version, module.summary
    );
    for param in module.params.values() {
        let required = if param.required() { " (required)" } else { "" };
        text.push_str(&format!("- `{}`: `{}`{required}\n", param.name, param.ty));
    }
    text
}

/// What the cursor is on, found in the syntax tree.
enum Target<'a> {
    /// The module name heading an instance.
    Module(&'a str),
    /// An instance's name, where it is declared or referenced.
    Instance(&'a str),
    /// A parameter key of an instance of `module`.
    Param { module: &'a str, param: &'a str },
    /// The old name after `was`, on the block it renames.
    Was(&'a Block),
}

fn contains(span: Span, offset: usize) -> bool {
    span.start <= offset && offset <= span.end
}

fn instances(analysis: &Analysis) -> impl Iterator<Item = &Block> {
    analysis.file.items.iter().filter_map(|item| match item {
        Item::Instance(block) => Some(block),
        _ => None,
    })
}

fn instance_block<'a>(analysis: &'a Analysis, name: &str) -> Option<&'a Block> {
    instances(analysis).find(|b| b.name.as_ref().is_some_and(|n| n.name == name))
}

fn target(analysis: &Analysis, offset: usize) -> Option<Target<'_>> {
    for item in &analysis.file.items {
        let block = item.block();
        if !contains(block.span, offset)
            && !block.was.as_ref().is_some_and(|w| contains(w.span, offset))
        {
            continue;
        }
        if let Some(was) = &block.was {
            if contains(was.span, offset) {
                return Some(Target::Was(block));
            }
        }
        if contains(block.head.span, offset) {
            return matches!(item, Item::Instance(_)).then_some(Target::Module(&block.head.name));
        }
        if let Some(name) = &block.name {
            if contains(name.span, offset) {
                return matches!(item, Item::Instance(_)).then_some(Target::Instance(&name.name));
            }
        }
        for entry in &block.entries {
            if let Some(found) = entry_target(analysis, item, entry, offset) {
                return Some(found);
            }
        }
    }
    None
}

fn entry_target<'a>(
    analysis: &'a Analysis,
    item: &'a Item,
    entry: &'a Entry,
    offset: usize,
) -> Option<Target<'a>> {
    if contains(entry.key_span(), offset) {
        return match (item, entry.key.as_slice()) {
            (Item::Instance(block), [key]) => Some(Target::Param {
                module: &block.head.name,
                param: &key.name,
            }),
            (Item::Overlay(_), [instance, param]) => {
                if contains(instance.span, offset) {
                    return Some(Target::Instance(&instance.name));
                }
                let block = instance_block(analysis, &instance.name)?;
                Some(Target::Param {
                    module: &block.head.name,
                    param: &param.name,
                })
            }
            _ => None,
        };
    }
    let ident = path_at(&entry.value, offset)?;
    instance_block(analysis, &ident.name).map(|_| Target::Instance(&ident.name))
}

/// The first segment of the path value under `offset`, if any.
fn path_at(expr: &Expr, offset: usize) -> Option<&Ident> {
    if !contains(expr.span, offset) {
        return None;
    }
    match &expr.kind {
        ExprKind::Path(segments) => segments.first(),
        ExprKind::List(items) => items.iter().find_map(|e| path_at(e, offset)),
        ExprKind::Map(entries) => entries.iter().find_map(|e| path_at(&e.value, offset)),
        _ => None,
    }
}

/// Hover text at `offset`.
pub fn hover(analysis: &Analysis, offset: usize) -> Option<Hover> {
    let catalog = analysis.catalog.as_deref()?;
    let text = match target(analysis, offset)? {
        Target::Module(name) => module_doc(catalog.module(name)?),
        Target::Param { module, param } => param_doc(catalog.module(module)?.params.get(param)?),
        Target::Instance(name) => instance_doc(analysis, catalog, name)?,
        Target::Was(block) => format!(
            "Renamed from `{}`: its resources keep their physical names and Terraform moves them (no replacement).",
            block.was.as_ref()?.name
        ),
    };
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: text,
        }),
        range: None,
    })
}

/// An instance's module and its physical names per environment (from the resolved plan, so
/// the org's naming pattern and `was` apply).
fn instance_doc(analysis: &Analysis, catalog: &Catalog, name: &str) -> Option<String> {
    let block = instance_block(analysis, name)?;
    let module = catalog.module(&block.head.name)?;
    let mut text = format!(
        "**{name}**: a `{}` instance. {}\n",
        module.name, module.summary
    );
    let Some((repo, setup)) = &analysis.context else {
        return Some(text);
    };
    let environments = setup.environments();
    let input = hbmod::BuildInput {
        catalog,
        world: repo,
        spec: hbmod::resolve::SpecContext {
            spec_path: &setup.spec_path,
            output_dir: &setup.output_dir,
        },
        environments: &environments,
        config: setup.config.as_ref().map(|loaded| &loaded.config),
    };
    let (Some(plan), _) = hbmod::check_spec(&analysis.source, &input) else {
        text.push_str("\nPhysical names appear once the spec has no errors.");
        return Some(text);
    };
    let instance = plan.instances.iter().find(|i| i.name == name)?;
    if module.names.is_empty() {
        return Some(text);
    }
    text.push_str(&format!("\nPhysical names (`{}`):\n", plan.naming_pattern));
    for environment in &environments {
        for (key, spec) in &module.names {
            let parts = NameParts {
                team: &plan.service.team,
                service: &plan.service.name,
                environment,
                instance: instance.physical_name(),
                suffix: spec.suffix.as_deref(),
                org: &plan.org,
            };
            if let Some(physical) =
                naming::physical_name_with(&plan.naming_pattern, &spec.kind, parts)
            {
                text.push_str(&format!("- {environment} {key}: `{physical}`\n"));
            }
        }
    }
    Some(text)
}

/// Where the thing at `offset` is defined: an instance's name for a reference; for `was OLD`,
/// the instance it renamed (which now carries the old resources).
pub fn definition(analysis: &Analysis, offset: usize) -> Option<Span> {
    match target(analysis, offset)? {
        Target::Instance(name) => Some(instance_block(analysis, name)?.name.as_ref()?.span),
        Target::Was(block) => Some(block.name.as_ref()?.span),
        Target::Module(_) | Target::Param { .. } => None,
    }
}

/// The instance name at `offset` and the span under the cursor, when it can be renamed.
pub fn prepare_rename(analysis: &Analysis, offset: usize) -> Option<(String, Span)> {
    let Target::Instance(name) = target(analysis, offset)? else {
        return None;
    };
    let span = occurrences(analysis, name)
        .into_iter()
        .find(|s| contains(*s, offset))?;
    Some((name.to_string(), span))
}

/// Every span naming instance `name`: its declaration, references and overlay keys.
fn occurrences(analysis: &Analysis, name: &str) -> Vec<Span> {
    let mut spans = Vec::new();
    for item in &analysis.file.items {
        let block = item.block();
        if let (Item::Instance(_), Some(declared)) = (item, &block.name) {
            if declared.name == name {
                spans.push(declared.span);
            }
        }
        for entry in &block.entries {
            if let (Item::Overlay(_), Some(first)) = (item, entry.key.first()) {
                if first.name == name && entry.key.len() > 1 {
                    spans.push(first.span);
                }
            }
            if matches!(item, Item::Instance(_)) {
                paths(&entry.value, name, &mut spans);
            }
        }
    }
    spans
}

fn paths(expr: &Expr, name: &str, spans: &mut Vec<Span>) {
    match &expr.kind {
        ExprKind::Path(segments) => {
            if let Some(first) = segments.first().filter(|f| f.name == name) {
                spans.push(first.span);
            }
        }
        ExprKind::List(items) => items.iter().for_each(|e| paths(e, name, spans)),
        ExprKind::Map(entries) => entries.iter().for_each(|e| paths(&e.value, name, spans)),
        _ => {}
    }
}

/// The edits renaming the instance at `offset` to `new_name`: every occurrence, and
/// ` was OLD` after the block when it has no `was` yet, so that its resources are moved
/// rather than destroyed and created again. `Err` says why the rename cannot be done.
pub fn rename(
    analysis: &Analysis,
    offset: usize,
    new_name: &str,
    uri: &Url,
) -> Result<WorkspaceEdit, String> {
    let (old, _) = prepare_rename(analysis, offset).ok_or("only instance names can be renamed")?;
    if !hbmod::text::valid_name(new_name) {
        return Err(format!("`{new_name}` is not an instance name: use lowercase letters, digits and `_` (at most 64), starting with a letter or `_`"));
    }
    if instance_block(analysis, new_name).is_some() {
        return Err(format!("an instance named `{new_name}` already exists"));
    }
    let block =
        instance_block(analysis, &old).ok_or("the instance is not declared in this file")?;
    let index = LineIndex::new(analysis.source.text());
    let mut edits: Vec<TextEdit> = occurrences(analysis, &old)
        .into_iter()
        .map(|span| TextEdit::new(index.range(span.start, span.end), new_name.to_string()))
        .collect();
    match (&block.was, block.close) {
        (None, Some(close)) => edits.push(TextEdit::new(
            index.range(close.end, close.end),
            format!(" was {old}"),
        )),
        (None, None) => return Err("the instance's block is not closed with `>`".to_string()),
        (Some(_), _) => {}
    }
    Ok(WorkspaceEdit {
        changes: Some(HashMap::from([(uri.clone(), edits)])),
        ..WorkspaceEdit::default()
    })
}

/// The edit turning the document into `hbmod fmt`'s layout; `None` when it has syntax errors.
pub fn format(analysis: &Analysis) -> Option<Vec<TextEdit>> {
    let (file, diagnostics) = hbmod::syntax::parse(&analysis.source);
    if hbmod::diagnostic::has_errors(&diagnostics) {
        return None;
    }
    let formatted = hbmod::syntax::format(&analysis.source, &file);
    let text = analysis.source.text();
    if formatted == text {
        return Some(Vec::new());
    }
    let index = LineIndex::new(text);
    Some(vec![TextEdit::new(index.range(0, text.len()), formatted)])
}

/// The outline: one symbol per item, its entries as children.
#[allow(deprecated)] // `DocumentSymbol::deprecated` must still be written.
pub fn symbols(analysis: &Analysis) -> Vec<DocumentSymbol> {
    let index = LineIndex::new(analysis.source.text());
    let range = |span: Span| -> Range { index.range(span.start, span.end) };
    analysis
        .file
        .items
        .iter()
        .map(|item| {
            let block = item.block();
            let (kind, detail) = match item {
                Item::Service(_) => (SymbolKind::NAMESPACE, "service"),
                Item::Overlay(_) => (SymbolKind::OBJECT, "env"),
                Item::Instance(_) => (SymbolKind::MODULE, block.head.name.as_str()),
            };
            let name = block
                .name
                .as_ref()
                .map_or(block.head.name.clone(), |n| n.name.clone());
            let selection = block.name.as_ref().map_or(block.head.span, |n| n.span);
            let children = block
                .entries
                .iter()
                .map(|entry| DocumentSymbol {
                    name: entry.key_text(),
                    detail: None,
                    kind: SymbolKind::FIELD,
                    tags: None,
                    deprecated: None,
                    range: range(entry.span),
                    selection_range: range(entry.key_span()),
                    children: None,
                })
                .collect();
            DocumentSymbol {
                name,
                detail: Some(detail.to_string()),
                kind,
                tags: None,
                deprecated: None,
                range: range(block.span),
                selection_range: range(selection),
                children: Some(children),
            }
        })
        .collect()
}

/// A location in the document `uri`.
pub fn location(analysis: &Analysis, uri: &Url, span: Span) -> Location {
    let index = LineIndex::new(analysis.source.text());
    Location::new(uri.clone(), index.range(span.start, span.end))
}
