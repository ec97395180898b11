//! The parsed `ast::File` in, diagnostics for what is wrong with its structure out: duplicate
//! names and keys, misplaced headers, malformed names and overlay keys. Needs no catalog.

mod names;

use std::collections::HashMap;

use unicode_normalization::UnicodeNormalization as _;

use crate::diagnostic::{Code, Diagnostic};
use crate::source::Span;
use crate::syntax::ast::{Block, Entry, Expr, ExprKind, File, Item};
use crate::text::{did_you_mean, quoted_list};

/// The fields a `service` header may set.
pub const HEADER_FIELDS: &[&str] = &["team", "owner", "description", "tags", "catalog"];

/// Checks the structure of a parsed file.
pub fn structure(file: &File) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    header_placement(file, &mut diagnostics);
    let instances = instance_names(file, &mut diagnostics);
    renames(file, &instances, &mut diagnostics);
    let mut environments: HashMap<&str, Span> = HashMap::new();
    for item in &file.items {
        let block = item.block();
        match item {
            Item::Service(_) => header_fields(block, &mut diagnostics),
            Item::Instance(_) => {
                for entry in &block.entries {
                    if entry.key.len() > 1 {
                        diagnostics.push(dotted_key(block, entry));
                    }
                }
            }
            Item::Overlay(_) => {
                if let Some(name) = &block.name {
                    names::check_name(name, "environment", &mut diagnostics);
                    if let Some(first) = environments.insert(&name.name, name.span) {
                        diagnostics.push(
                            Diagnostic::error(
                                Code::HB0025,
                                name.span,
                                format!("the `{}` environment has a second overlay", name.name),
                                "second overlay",
                            )
                            .with_label(first, "first overlay here")
                            .with_help("merge the two overlays into one"),
                        );
                    }
                }
                overlay_keys(block, &instances, &mut diagnostics);
            }
        }
        duplicate_keys(block, &mut diagnostics);
        for entry in &block.entries {
            duplicate_map_keys(&entry.value, &mut diagnostics);
        }
    }
    diagnostics
}

fn header_placement(file: &File, diagnostics: &mut Vec<Diagnostic>) {
    let mut first_header: Option<Span> = None;
    let mut first_instance: Option<Span> = None;
    for item in &file.items {
        match item {
            Item::Service(block) => {
                if let Some(first) = first_header {
                    diagnostics.push(
                        Diagnostic::error(Code::HB0021, block.head.span, "a second `service` header", "second header")
                            .with_label(first, "the first header")
                            .with_help("a spec file belongs to one service: keep one header and merge their fields"),
                    );
                } else if let Some(instance) = first_instance {
                    diagnostics.push(
                        Diagnostic::error(
                            Code::HB0021,
                            block.head.span,
                            "the `service` header comes after an instance",
                            "header here",
                        )
                        .with_label(instance, "first instance")
                        .with_help("move the `service` header to the top of the file"),
                    );
                }
                first_header.get_or_insert(block.head.span);
            }
            Item::Instance(block) => {
                first_instance.get_or_insert(block.head.span);
            }
            Item::Overlay(_) => {}
        }
    }
}

/// Instance names (reporting invalid and duplicate ones), for overlay checks.
fn instance_names<'a>(file: &'a File, diagnostics: &mut Vec<Diagnostic>) -> HashMap<&'a str, Span> {
    let mut seen: HashMap<&str, Span> = HashMap::new();
    for item in &file.items {
        let Item::Instance(block) = item else {
            continue;
        };
        let Some(name) = &block.name else { continue };
        names::check_name(name, "instance", diagnostics);
        if let Some(first) = seen.get(name.name.as_str()) {
            diagnostics.push(
                Diagnostic::error(
                    Code::HB0013,
                    name.span,
                    format!("two instances are named `{}`", name.name),
                    "second instance with this name",
                )
                .with_label(*first, "first instance with this name")
                .with_help("rename one of them; names are unique within a service because they name Terraform resources"),
            );
        } else {
            seen.insert(&name.name, name.span);
        }
    }
    seen
}

/// `was OLD` clauses: only on instances, OLD a valid name that no live instance has, and
/// claimed by one instance only.
fn renames(file: &File, instances: &HashMap<&str, Span>, diagnostics: &mut Vec<Diagnostic>) {
    let mut claimed: HashMap<&str, Span> = HashMap::new();
    for item in &file.items {
        let block = item.block();
        let Some(was) = &block.was else { continue };
        let Item::Instance(_) = item else {
            let what = if matches!(item, Item::Service(_)) {
                "service header"
            } else {
                "environment overlay"
            };
            diagnostics.push(
                Diagnostic::error(
                    Code::HB0067,
                    was.span,
                    format!("`was` after a {what}"),
                    "only instances can be renamed",
                )
                .with_help("remove `was ...`; a renamed service is a new folder, a renamed environment a new overlay"),
            );
            continue;
        };
        names::check_name(was, "instance", diagnostics);
        if let Some(live) = instances.get(was.name.as_str()) {
            let itself = block.name.as_ref().is_some_and(|n| n.name == was.name);
            let mut diagnostic = Diagnostic::error(
                Code::HB0065,
                was.span,
                if itself {
                    format!("`{}` cannot be renamed from its own name", was.name)
                } else {
                    format!("`was {}` names an instance that still exists", was.name)
                },
                "old name",
            );
            if !itself {
                diagnostic = diagnostic.with_label(*live, "the live instance with this name");
            }
            diagnostics.push(diagnostic.with_help(
                "`was OLD` says this instance used to be called OLD; remove it once the rename is applied, or rename the other instance first",
            ));
        } else if let Some(first) = claimed.get(was.name.as_str()) {
            diagnostics.push(
                Diagnostic::error(
                    Code::HB0066,
                    was.span,
                    format!("two instances say they were `{}`", was.name),
                    "second claim",
                )
                .with_label(*first, "first claim")
                .with_help("one old instance can move to one new name only: keep `was` on the instance that takes over its resources"),
            );
        } else {
            claimed.insert(&was.name, was.span);
        }
    }
}

fn header_fields(block: &Block, diagnostics: &mut Vec<Diagnostic>) {
    if let Some(name) = &block.name {
        names::check_name(name, "service", diagnostics);
    }
    for entry in &block.entries {
        let key = entry.key_text();
        if HEADER_FIELDS.contains(&key.as_str()) {
            continue;
        }
        let help = match did_you_mean(&key, HEADER_FIELDS.iter().copied()) {
            Some(close) => format!(
                "did you mean `{close}`? the header sets {}",
                quoted_list(HEADER_FIELDS)
            ),
            None => format!("the header sets {}", quoted_list(HEADER_FIELDS)),
        };
        diagnostics.push(
            Diagnostic::error(
                Code::HB0028,
                entry.key_span(),
                format!("the `service` header has no field `{key}`"),
                "unknown field",
            )
            .with_help(help),
        );
    }
}

fn dotted_key(block: &Block, entry: &Entry) -> Diagnostic {
    let key = entry.key_text();
    let first = entry.key.first().map_or("", |i| i.name.as_str());
    let last = entry.key.last().map_or("", |i| i.name.as_str());
    let own_name = block.name.as_ref().is_some_and(|name| name.name == first);
    let help = if own_name && entry.key.len() == 2 {
        format!("inside `{first}` its parameters need no prefix: write `{last} = ...`; to set it for one environment, use an overlay: `env production < {key} = ... >`")
    } else {
        format!("write the parameter's name alone, like `{first} = ...`; a value with parts is a map: `{first} = {{ {} = ... }}`", entry.key.get(1).map_or("", |i| i.name.as_str()))
    };
    Diagnostic::error(
        Code::HB0022,
        entry.key_span(),
        format!("parameter names are single words, found `{key}`"),
        "dotted key",
    )
    .with_help(help)
}

fn overlay_keys(block: &Block, instances: &HashMap<&str, Span>, diagnostics: &mut Vec<Diagnostic>) {
    for entry in &block.entries {
        let [instance, _param] = entry.key.as_slice() else {
            diagnostics.push(
                Diagnostic::error(
                    Code::HB0023,
                    entry.key_span(),
                    format!(
                        "an overlay key names an instance and a parameter, found `{}`",
                        entry.key_text()
                    ),
                    "expected `instance.parameter`",
                )
                .with_help("write the instance and the parameter it sets: `web.domain = \"...\"`"),
            );
            continue;
        };
        // A name with a non-ASCII character was reported by the parser, naming the character.
        if instances.contains_key(instance.name.as_str()) || !instance.name.is_ascii() {
            continue;
        }
        let help = match did_you_mean(&instance.name, instances.keys().copied()) {
            Some(close) => format!("did you mean `{close}`?"),
            None if instances.is_empty() => {
                "this file declares no instances; overlays set values of instances in the same file"
                    .to_string()
            }
            None => format!(
                "the instances in this file are {}",
                quoted_list(&sorted_keys(instances))
            ),
        };
        diagnostics.push(
            Diagnostic::error(
                Code::HB0024,
                instance.span,
                format!("no instance is named `{}`", instance.name),
                "unknown instance",
            )
            .with_help(help),
        );
    }
}

fn duplicate_keys(block: &Block, diagnostics: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<String, Span> = HashMap::new();
    for entry in &block.entries {
        let key = entry.key_text();
        if key.is_empty() {
            continue;
        }
        let span = entry.key_span();
        if let Some(first) = seen.get(&key) {
            diagnostics.push(
                Diagnostic::error(
                    Code::HB0012,
                    span,
                    format!("`{key}` is given twice"),
                    "given again here",
                )
                .with_label(*first, "first given here")
                .with_help("remove one of them"),
            );
        } else {
            seen.insert(key, span);
        }
    }
}

fn duplicate_map_keys(value: &Expr, diagnostics: &mut Vec<Diagnostic>) {
    match &value.kind {
        ExprKind::Map(entries) => {
            // Keys are compared as Terraform will see them: NFC-normalised, so `café` written
            // precomposed and decomposed are one key, and one value would be lost silently.
            let mut seen: HashMap<String, (Span, &str)> = HashMap::new();
            for entry in entries {
                let key: String = entry.key.name.nfc().collect();
                if let Some((first, written)) = seen.get(&key) {
                    let same_text = *written == entry.key.name;
                    let mut diagnostic = Diagnostic::error(
                        Code::HB0029,
                        entry.key.span,
                        if same_text {
                            format!("the key `{}` is given twice in this map", entry.key.name)
                        } else {
                            format!(
                                "the keys `{}` and `{}` are the same key once Unicode-normalised (NFC), as Terraform reads them",
                                marks_shown(written),
                                marks_shown(&entry.key.name)
                            )
                        },
                        "given again here",
                    )
                    .with_label(*first, "first given here");
                    diagnostic = if same_text {
                        diagnostic.with_help("remove one of them")
                    } else {
                        diagnostic.with_help("one value would silently replace the other; write the key once (in one spelling) or make the keys differ in letters, not only in how an accent is encoded")
                    };
                    diagnostics.push(diagnostic);
                } else {
                    seen.insert(key, (entry.key.span, &entry.key.name));
                }
                duplicate_map_keys(&entry.value, diagnostics);
            }
        }
        ExprKind::List(elements) => elements
            .iter()
            .for_each(|e| duplicate_map_keys(e, diagnostics)),
        _ => {}
    }
}

/// `text` with every combining mark written as `\u{...}`, so two spellings that look alike
/// can be told apart in a message.
fn marks_shown(text: &str) -> String {
    text.chars()
        .map(|c| {
            if unicode_normalization::char::is_combining_mark(c) {
                format!("\\u{{{:X}}}", u32::from(c))
            } else {
                c.to_string()
            }
        })
        .collect()
}

fn sorted_keys<'a>(map: &HashMap<&'a str, Span>) -> Vec<&'a str> {
    let mut keys: Vec<&str> = map.keys().copied().collect();
    keys.sort_unstable();
    keys
}
