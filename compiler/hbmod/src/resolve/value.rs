//! One spec value and its parameter's type in, the checked `ir::Value` (or a positioned
//! diagnostic saying what was expected, in words) out.

use indexmap::IndexMap;
use unicode_normalization::UnicodeNormalization;

use super::Resolver;
use crate::catalog::{KeyRule, Module};
use crate::diagnostic::{Code, Diagnostic};
use crate::ir::Value;
use crate::syntax::ast::{Expr, ExprKind, Ident};
use crate::text::{did_you_mean, quoted_list};
use crate::types::{self, Type};

/// What a written value is, for "found ..." in messages.
fn found(expr: &Expr) -> String {
    match &expr.kind {
        ExprKind::String(s) => format!(
            "the string \"{}\"",
            s.chars().take(40).collect::<String>().escape_debug()
        ),
        ExprKind::Int(i) => format!("the number {i}"),
        ExprKind::Bool(b) => format!("`{b}`"),
        ExprKind::Duration(_) => "a duration".to_string(),
        ExprKind::Size(_) => "a size".to_string(),
        ExprKind::List(_) => "a list".to_string(),
        ExprKind::Map(_) => "a map".to_string(),
        ExprKind::Path(path) => format!("the word `{}`", join(path)),
        ExprKind::Error => "an unreadable value".to_string(),
    }
}

/// How messages name what is checked: "`aliases`", or "each element of `aliases`" for
/// list elements (checked under the name `aliases[]`).
fn subject(param: &str) -> String {
    match param.strip_suffix("[]") {
        Some(list) => format!("each element of `{}`", list.trim_end_matches("[]")),
        None => format!("`{param}`"),
    }
}

/// The parameter's own name, for `name = value` suggestions.
fn base(param: &str) -> &str {
    param.split("[]").next().unwrap_or(param)
}

fn join(path: &[Ident]) -> String {
    path.iter()
        .map(|i| i.name.as_str())
        .collect::<Vec<_>>()
        .join(".")
}

impl Resolver<'_> {
    /// Checks the value of parameter `param` of `module`.
    pub(super) fn value(&mut self, module: &Module, param: &str, expr: &Expr) -> Option<Value> {
        let declared = module.params.get(param)?;
        let ty = declared.ty.clone();
        let contains = declared.contains.clone();
        let keys_ok = match (&declared.keys, &expr.kind) {
            (Some(rule), ExprKind::Map(entries)) => {
                let rule = rule.clone();
                // Every key is checked (and reported), not just up to the first bad one.
                let checked: Vec<bool> = entries
                    .iter()
                    .map(|entry| self.key(param, &rule, &entry.key))
                    .collect();
                checked.into_iter().all(|ok| ok)
            }
            _ => true,
        };
        self.packaged = declared.packaged;
        let value = self.typed(param, &ty, expr, &contains);
        self.packaged = false;
        value.filter(|_| keys_ok)
    }

    /// Checks one key of a map parameter against the module's rule for its keys.
    fn key(&mut self, param: &str, rule: &KeyRule, key: &Ident) -> bool {
        let shown = format!("`{}`", key.name.escape_debug());
        let problem = if !rule.pattern.is_match(&key.name) {
            format!("`{param}` cannot have the key {shown}")
        } else if rule.reserved.iter().any(|r| r == &key.name) {
            format!("the key {shown} of `{param}` is reserved")
        } else {
            return true;
        };
        self.report(
            Diagnostic::error(Code::HB0035, key.span, problem, "this key")
                .with_help(rule.doc.clone()),
        );
        false
    }

    fn mismatch(
        &mut self,
        param: &str,
        ty: &Type,
        expr: &Expr,
        help: Option<String>,
    ) -> Option<Value> {
        let help = help.unwrap_or_else(|| format!("{} expects {}", subject(param), ty.describe()));
        self.report(
            Diagnostic::error(
                Code::HB0034,
                expr.span,
                format!(
                    "{} expects {}, found {}",
                    subject(param),
                    ty.describe(),
                    found(expr)
                ),
                "wrong type",
            )
            .with_help(help),
        );
        None
    }

    fn typed(&mut self, param: &str, ty: &Type, expr: &Expr, contains: &[String]) -> Option<Value> {
        if matches!(expr.kind, ExprKind::Error) {
            return None;
        }
        if let ExprKind::Path(path) = &expr.kind {
            if path.len() == 2 && !matches!(ty, Type::Ref(_)) {
                return self.output_ref(param, ty, expr, path);
            }
        }
        match (ty, &expr.kind) {
            (Type::Optional(inner), _) => self.typed(param, inner, expr, contains),
            (Type::String { min, max }, ExprKind::String(text)) => {
                let text: String = text.nfc().collect();
                let length = text.chars().count();
                if min.is_some_and(|min| length < min) || max.is_some_and(|max| length > max) {
                    return self.out_of_range(
                        param,
                        ty,
                        expr,
                        format!("it is {length} characters long"),
                    );
                }
                Some(Value::String(text))
            }
            (Type::Int { min, max }, ExprKind::Int(value)) => {
                if min.is_some_and(|min| *value < min) || max.is_some_and(|max| *value > max) {
                    return self.out_of_range(
                        param,
                        ty,
                        expr,
                        format!("{value} is outside the range"),
                    );
                }
                Some(Value::Int(*value))
            }
            (Type::Bool, ExprKind::Bool(value)) => Some(Value::Bool(*value)),
            (Type::Duration { min_ms, max_ms }, ExprKind::Duration(duration)) => {
                let ms = duration.as_millis();
                if min_ms.is_some_and(|min| ms < min) || max_ms.is_some_and(|max| ms > max) {
                    return self.out_of_range(
                        param,
                        ty,
                        expr,
                        "it is outside the range".to_string(),
                    );
                }
                if ms % 1000 != 0 {
                    return self.out_of_range(
                        param,
                        ty,
                        expr,
                        "AWS takes this duration in whole seconds".to_string(),
                    );
                }
                Some(Value::Seconds(ms / 1000))
            }
            (
                Type::Size {
                    min_bytes,
                    max_bytes,
                },
                ExprKind::Size(size),
            ) => {
                let bytes = size.as_bytes();
                if min_bytes.is_some_and(|min| bytes < min)
                    || max_bytes.is_some_and(|max| bytes > max)
                {
                    return self.out_of_range(
                        param,
                        ty,
                        expr,
                        "it is outside the range".to_string(),
                    );
                }
                if bytes % (1 << 20) != 0 {
                    return self.out_of_range(
                        param,
                        ty,
                        expr,
                        "AWS takes this size in whole megabytes".to_string(),
                    );
                }
                Some(Value::Megabytes(bytes >> 20))
            }
            (Type::Duration { .. } | Type::Size { .. }, ExprKind::Int(value)) => {
                let unit = fitting_unit(ty, *value);
                self.mismatch(
                    param,
                    ty,
                    expr,
                    Some(format!("give the unit: `{} = {value}{unit}`", base(param))),
                )
            }
            (Type::Duration { .. } | Type::Size { .. }, ExprKind::String(text))
                if crate::types::parse_duration(text).is_ok()
                    || crate::types::parse_size(text).is_ok() =>
            {
                let what = if matches!(ty, Type::Duration { .. }) {
                    "durations"
                } else {
                    "sizes"
                };
                self.mismatch(
                    param,
                    ty,
                    expr,
                    Some(format!(
                        "{what} are written without quotes: `{} = {text}`",
                        base(param)
                    )),
                )
            }
            (
                Type::Domain | Type::Email | Type::Url | Type::Arn | Type::Region | Type::Cidr,
                ExprKind::String(text),
            ) => {
                let text: String = text.nfc().collect();
                let checked = match ty {
                    Type::Domain => types::validate_domain(&text),
                    Type::Email => types::validate_email(&text),
                    Type::Url => types::validate_url(&text),
                    Type::Arn => types::validate_arn(&text),
                    Type::Region => types::validate_region(&text),
                    _ => types::validate_cidr(&text),
                };
                match checked {
                    Ok(()) => Some(Value::String(text)),
                    Err(reason) => {
                        self.report(
                            Diagnostic::error(
                                Code::HB0035,
                                expr.span,
                                format!(
                                    "{} expects {}, but {reason}",
                                    subject(param),
                                    ty.describe()
                                ),
                                "invalid value",
                            )
                            .with_help(format!(
                                "{} expects {}",
                                subject(param),
                                ty.describe()
                            )),
                        );
                        None
                    }
                }
            }
            (Type::Dir | Type::File, ExprKind::String(text)) => {
                self.path(param, ty, expr, text, contains)
            }
            (Type::Enum(members), ExprKind::Path(path)) if path.len() == 1 => {
                let word = join(path);
                if members.contains(&word) {
                    return Some(Value::Enum(word));
                }
                let help = match types::suggest_enum(&word, members) {
                    Some(close) => format!(
                        "did you mean `{close}`? `{}` is one of {}",
                        base(param),
                        quoted_list(members)
                    ),
                    None => format!("`{}` is one of {}", base(param), quoted_list(members)),
                };
                self.report(
                    Diagnostic::error(
                        Code::HB0036,
                        expr.span,
                        format!("`{word}` is not a choice for `{}`", base(param)),
                        "unknown choice",
                    )
                    .with_help(help),
                );
                None
            }
            (Type::Enum(members), ExprKind::String(text)) if members.contains(text) => self
                .mismatch(
                    param,
                    ty,
                    expr,
                    Some(format!(
                        "choices are written without quotes: `{} = {text}`",
                        base(param)
                    )),
                ),
            (Type::List(inner), ExprKind::List(items)) => {
                let mut values = Vec::new();
                for item in items {
                    values.push(self.typed(&format!("{param}[]"), inner, item, contains));
                }
                values
                    .into_iter()
                    .collect::<Option<Vec<_>>>()
                    .map(Value::List)
            }
            (Type::Map(inner), ExprKind::Map(entries)) => {
                let mut values = IndexMap::new();
                let mut ok = true;
                for entry in entries {
                    match self.typed(param, inner, &entry.value, contains) {
                        Some(value) => {
                            values.insert(entry.key.name.nfc().collect::<String>(), value);
                        }
                        None => ok = false,
                    }
                }
                ok.then_some(Value::Map(values))
            }
            (Type::Ref(kind), ExprKind::Path(path)) if path.len() == 1 => {
                self.reference(param, kind, expr, path)
            }
            (_, ExprKind::Path(path))
                if path.len() == 1 && self.instances.contains_key(&join(path)) =>
            {
                let name = join(path);
                self.mismatch(
                    param,
                    ty,
                    expr,
                    Some(format!(
                        "`{name}` is an instance; {} expects {}",
                        subject(param),
                        ty.describe()
                    )),
                )
            }
            (
                Type::String { .. }
                | Type::Domain
                | Type::Email
                | Type::Url
                | Type::Arn
                | Type::Region
                | Type::Cidr
                | Type::Dir
                | Type::File,
                ExprKind::Path(path),
            ) => {
                let word = join(path);
                self.mismatch(
                    param,
                    ty,
                    expr,
                    Some(format!(
                        "text is written in quotes: `{} = \"{word}\"`",
                        base(param)
                    )),
                )
            }
            _ => self.mismatch(param, ty, expr, None),
        }
    }

    fn out_of_range(&mut self, param: &str, ty: &Type, expr: &Expr, why: String) -> Option<Value> {
        let why = range_detail(ty, expr).unwrap_or(why);
        self.report(
            Diagnostic::error(
                Code::HB0037,
                expr.span,
                format!("{} expects {}; {why}", subject(param), ty.describe()),
                "out of range",
            )
            .with_help(format!("give {} {}", subject(param), ty.describe())),
        );
        None
    }

    /// The instance now written `NEW < ... > was old`, if any.
    fn renamed_from(&self, old: &str) -> Option<String> {
        self.instances
            .iter()
            .find(|(_, b)| b.was.as_ref().is_some_and(|w| w.name == old))
            .map(|(n, _)| n.clone())
    }

    fn reference(&mut self, param: &str, kind: &str, expr: &Expr, path: &[Ident]) -> Option<Value> {
        let name = join(path);
        let Some(block) = self.instances.get(&name).copied() else {
            let candidates: Vec<String> = self
                .instances
                .iter()
                .filter(|(_, b)| kind.split('|').any(|k| k == b.head.name))
                .map(|(n, _)| n.clone())
                .collect();
            let renamed = self.renamed_from(&name);
            let help = match did_you_mean(&name, candidates.iter().map(String::as_str)) {
                _ if renamed.is_some() => format!(
                    "`{name}` was renamed (`was {name}`): refer to `{}`",
                    renamed.unwrap_or_default()
                ),
                Some(close) => format!("did you mean `{close}`?"),
                None if candidates.is_empty() => {
                    format!(
                        "declare a {} instance in this spec: `{} {name} < ... >`",
                        kinds(kind),
                        kind.split('|').next().unwrap_or(kind)
                    )
                }
                None => format!(
                    "the {} instances here are {}",
                    kinds(kind),
                    quoted_list(&candidates)
                ),
            };
            self.report(
                Diagnostic::error(
                    Code::HB0041,
                    expr.span,
                    format!("no instance is named `{name}`"),
                    "unknown instance",
                )
                .with_help(help),
            );
            return None;
        };
        if !kind.split('|').any(|k| k == block.head.name) {
            self.report(
                Diagnostic::error(
                    Code::HB0042,
                    expr.span,
                    format!(
                        "{} expects a {} instance, but `{name}` is a `{}`",
                        subject(param),
                        kinds(kind),
                        block.head.name
                    ),
                    "wrong kind of instance",
                )
                .with_help(format!(
                    "{} accepts instances of {}",
                    subject(param),
                    kinds(kind)
                )),
            );
            return None;
        }
        Some(Value::Ref(name))
    }

    fn output_ref(&mut self, param: &str, ty: &Type, expr: &Expr, path: &[Ident]) -> Option<Value> {
        let (Some(instance), Some(output)) = (path.first(), path.get(1)) else {
            return None;
        };
        let Some(block) = self.instances.get(&instance.name).copied() else {
            let names: Vec<String> = self.instances.keys().cloned().collect();
            let close = did_you_mean(&instance.name, names.iter().map(String::as_str));
            let names_an_output = self
                .catalog
                .modules()
                .any(|m| m.outputs.contains_key(&output.name));
            let textual =
                ty.required().validator().is_some() || matches!(ty.required(), Type::String { .. });
            if close.is_none() && !names_an_output && textual {
                // `domain = example.com`: text without quotes, not a reference.
                let word = join(path);
                return self.mismatch(
                    param,
                    ty,
                    expr,
                    Some(format!(
                        "text is written in quotes: `{} = \"{word}\"`",
                        base(param)
                    )),
                );
            }
            let renamed = self.renamed_from(&instance.name);
            let help = match close {
                _ if renamed.is_some() => format!(
                    "`{}` was renamed (`was {}`): refer to `{}.{}`",
                    instance.name,
                    instance.name,
                    renamed.unwrap_or_default(),
                    output.name
                ),
                Some(close) => format!("did you mean `{close}.{}`?", output.name),
                None if names.is_empty() => format!(
                    "`{}` is not an instance; this spec declares none",
                    instance.name
                ),
                None => format!("the instances in this spec are {}", quoted_list(&names)),
            };
            self.report(
                Diagnostic::error(
                    Code::HB0041,
                    instance.span,
                    format!("no instance is named `{}`", instance.name),
                    "unknown instance",
                )
                .with_help(help),
            );
            return None;
        };
        let module = self.catalog.module(&block.head.name)?;
        let Some(declared) = module.outputs.get(&output.name) else {
            let known: Vec<&str> = module.outputs.keys().map(String::as_str).collect();
            let help = match did_you_mean(&output.name, known.iter().copied()) {
                Some(close) => format!("did you mean `{}.{close}`?", instance.name),
                None if known.is_empty() => format!("`{}` has no outputs", module.name),
                None => format!("`{}` instances have {}", module.name, quoted_list(&known)),
            };
            self.report(
                Diagnostic::error(
                    Code::HB0045,
                    output.span,
                    format!("`{}` has no output `{}`", instance.name, output.name),
                    "unknown output",
                )
                .with_help(help),
            );
            return None;
        };
        let accepts = declared.ty == *ty.required()
            || matches!(
                ty.required(),
                Type::String {
                    min: None,
                    max: None
                }
            ) && matches!(
                declared.ty,
                Type::Domain | Type::Url | Type::Arn | Type::String { .. }
            );
        if !accepts {
            return self.mismatch(
                param,
                ty,
                expr,
                Some(format!(
                    "`{}.{}` is {}",
                    instance.name,
                    output.name,
                    declared.ty.describe()
                )),
            );
        }
        Some(Value::OutputRef {
            instance: instance.name.clone(),
            output: output.name.clone(),
            expression: declared.value.replace("{name}", &instance.name),
        })
    }
}

/// Which end of the range a value misses, in the units it was written in.
fn range_detail(ty: &Type, expr: &Expr) -> Option<String> {
    use crate::types::{format_duration, format_size};
    let written = |e: &Expr| match &e.kind {
        ExprKind::Duration(d) => format_duration(d.as_millis()),
        ExprKind::Size(s) => format_size(s.as_bytes()),
        ExprKind::Int(i) => i.to_string(),
        _ => String::new(),
    };
    match (ty, &expr.kind) {
        (
            Type::Duration {
                min_ms: Some(min), ..
            },
            ExprKind::Duration(d),
        ) if d.as_millis() < *min => Some(format!(
            "{} is shorter than the minimum {}",
            written(expr),
            format_duration(*min)
        )),
        (
            Type::Duration {
                max_ms: Some(max), ..
            },
            ExprKind::Duration(d),
        ) if d.as_millis() > *max => Some(format!(
            "{} is longer than the maximum {}",
            written(expr),
            format_duration(*max)
        )),
        (
            Type::Size {
                min_bytes: Some(min),
                ..
            },
            ExprKind::Size(s),
        ) if s.as_bytes() < *min => Some(format!(
            "{} is smaller than the minimum {}",
            written(expr),
            format_size(*min)
        )),
        (
            Type::Size {
                max_bytes: Some(max),
                ..
            },
            ExprKind::Size(s),
        ) if s.as_bytes() > *max => Some(format!(
            "{} is larger than the maximum {}",
            written(expr),
            format_size(*max)
        )),
        (Type::Int { min: Some(min), .. }, ExprKind::Int(i)) if i < min => {
            Some(format!("{i} is below the minimum {min}"))
        }
        (Type::Int { max: Some(max), .. }, ExprKind::Int(i)) if i > max => {
            Some(format!("{i} is above the maximum {max}"))
        }
        _ => None,
    }
}

/// The largest unit that puts `value` inside the type's range: `30` for `duration(1d..3650d)`
/// is `30d`, for `duration(1s..15m)` it is `30s`.
fn fitting_unit(ty: &Type, value: i64) -> &'static str {
    let value = u64::try_from(value).unwrap_or(0);
    let inside = |amount: u64, min: Option<u64>, max: Option<u64>| {
        min.is_none_or(|min| amount >= min) && max.is_none_or(|max| amount <= max)
    };
    match ty {
        Type::Duration { min_ms, max_ms } => [
            ("d", 86_400_000),
            ("h", 3_600_000),
            ("m", 60_000),
            ("s", 1_000),
        ]
        .into_iter()
        .find(|(_, per)| inside(value.saturating_mul(*per), *min_ms, *max_ms))
        .map_or("s", |(unit, _)| unit),
        Type::Size {
            min_bytes,
            max_bytes,
        } => [("GB", 1u64 << 30), ("MB", 1 << 20)]
            .into_iter()
            .find(|(_, per)| inside(value.saturating_mul(*per), *min_bytes, *max_bytes))
            .map_or("MB", |(unit, _)| unit),
        _ => "",
    }
}

/// `table|bucket` as "`table` or `bucket`".
fn kinds(kind: &str) -> String {
    crate::text::alternatives(kind.split('|'))
}

/// A module.toml default as a value of its type (defaults are checked when the catalog loads).
pub(super) fn from_default(default: &serde_json::Value, ty: &Type) -> Value {
    match (ty.required(), default) {
        (Type::Enum(_), serde_json::Value::String(s)) => Value::Enum(s.clone()),
        (Type::Duration { .. }, serde_json::Value::String(s)) => {
            Value::Seconds(crate::types::parse_duration(s).unwrap_or(0) / 1000)
        }
        (Type::Size { .. }, serde_json::Value::String(s)) => {
            Value::Megabytes(crate::types::parse_size(s).unwrap_or(0) >> 20)
        }
        (Type::List(inner), serde_json::Value::Array(items)) => Value::List(
            items
                .iter()
                .map(|i| from_default(i, inner.as_ref()))
                .collect(),
        ),
        (Type::Map(inner), serde_json::Value::Object(entries)) => Value::Map(
            entries
                .iter()
                .map(|(k, v)| (k.clone(), from_default(v, inner.as_ref())))
                .collect(),
        ),
        (_, serde_json::Value::String(s)) => Value::String(s.nfc().collect()),
        (_, serde_json::Value::Bool(b)) => Value::Bool(b.to_owned()),
        (Type::Duration { .. }, serde_json::Value::Number(n)) => {
            Value::Seconds(n.as_u64().unwrap_or(0))
        }
        (Type::Size { .. }, serde_json::Value::Number(n)) => {
            Value::Megabytes(n.as_u64().unwrap_or(0))
        }
        (_, serde_json::Value::Number(n)) => Value::Int(n.as_i64().unwrap_or(0)),
        _ => Value::Null,
    }
}

/// The instances `value` refers to.
pub(super) fn references<'v>(value: &'v Value, out: &mut Vec<&'v str>) {
    match value {
        Value::Ref(name) => out.push(name),
        Value::OutputRef { instance, .. } => out.push(instance),
        Value::List(items) => items.iter().for_each(|v| references(v, out)),
        Value::Map(entries) => entries.values().for_each(|v| references(v, out)),
        _ => {}
    }
}
