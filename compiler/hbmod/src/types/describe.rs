//! A [`Type`] in, what it expects in words with an example out, for "expects ..." messages:
//! `list<domain>` → "a list of domain names like [\"app.example.com\"]".

use super::units::{format_duration, format_size};
use super::Type;
use crate::text::quoted_list;

impl Type {
    /// What the type expects, in words, usually with an example value as written in a spec.
    pub fn describe(&self) -> String {
        match self {
            Type::Bool => "`true` or `false`".to_string(),
            Type::Enum(members) => format!("one of {}", quoted_list(members)),
            Type::Ref(modules) => {
                let first = modules.split('|').next().unwrap_or(modules);
                format!(
                    "the name of a {} instance in this spec, like `my_{first}`",
                    crate::text::alternatives(modules.split('|'))
                )
            }
            Type::Optional(inner) => format!("{}, or nothing", inner.describe()),
            Type::List(inner) => {
                format!("a list of {} like [{}]", inner.plural(), inner.example())
            }
            Type::Map(inner) => {
                format!(
                    "a map of {} like {{ key = {} }}",
                    inner.plural(),
                    inner.example()
                )
            }
            Type::Dir | Type::File => format!(
                "{} like {}, relative to the spec",
                self.singular(),
                self.example()
            ),
            _ => match self.limits() {
                Some(limits) => format!("{} {limits}", self.singular()),
                None => format!("{} like {}", self.singular(), self.example()),
            },
        }
    }

    /// The noun with its article: "a domain name", "an email address".
    fn singular(&self) -> String {
        let noun = match self {
            Type::String { .. } => "a string",
            Type::Int { .. } => "a whole number",
            Type::Bool => "a boolean",
            Type::Duration { .. } => "a duration",
            Type::Size { .. } => "a size",
            Type::Domain => "a domain name",
            Type::Dir => "a folder path",
            Type::File => "a file path",
            Type::Email => "an email address",
            Type::Url => "an https URL",
            Type::Arn => "an ARN",
            Type::Region => "an AWS region",
            Type::Cidr => "a CIDR block",
            Type::Enum(_) => "a word",
            Type::List(_) => "a list",
            Type::Map(_) => "a map",
            Type::Ref(_) => "an instance name",
            Type::Optional(inner) => return inner.singular(),
        };
        noun.to_string()
    }

    /// The noun in the plural with its limits: "domain names", "whole numbers from 1 to 5".
    fn plural(&self) -> String {
        let noun = match self {
            Type::String { .. } => "strings",
            Type::Int { .. } => "whole numbers",
            Type::Bool => "`true`/`false` values",
            Type::Duration { .. } => "durations",
            Type::Size { .. } => "sizes",
            Type::Domain => "domain names",
            Type::Dir => "folder paths relative to the spec",
            Type::File => "file paths relative to the spec",
            Type::Email => "email addresses",
            Type::Url => "https URLs",
            Type::Arn => "ARNs",
            Type::Region => "AWS regions",
            Type::Cidr => "CIDR blocks",
            Type::Enum(members) => return format!("words out of {}", quoted_list(members)),
            Type::List(inner) => return format!("lists of {}", inner.plural()),
            Type::Map(inner) => return format!("maps of {}", inner.plural()),
            Type::Ref(modules) => {
                return format!(
                    "names of {} instances",
                    crate::text::alternatives(modules.split('|'))
                );
            }
            Type::Optional(inner) => return inner.plural(),
        };
        match self.limits() {
            Some(limits) => format!("{noun} {limits}"),
            None => noun.to_string(),
        }
    }

    /// The range of a ranged type in words: "from 128 to 10240", "of at most 64 characters".
    fn limits(&self) -> Option<String> {
        match self {
            Type::String { min, max } => {
                let chars = |n: usize| if n == 1 { "character" } else { "characters" };
                match (min, max) {
                    (Some(a), Some(b)) if a == b => Some(format!("of exactly {a} {}", chars(*a))),
                    (Some(a), Some(b)) => Some(format!("of {a} to {b} {}", chars(*b))),
                    (Some(a), None) => Some(format!("of at least {a} {}", chars(*a))),
                    (None, Some(b)) => Some(format!("of at most {b} {}", chars(*b))),
                    (None, None) => None,
                }
            }
            Type::Int { min, max } => bounds(*min, *max, |n| n.to_string()),
            Type::Duration { min_ms, max_ms } => bounds(*min_ms, *max_ms, format_duration),
            Type::Size {
                min_bytes,
                max_bytes,
            } => bounds(*min_bytes, *max_bytes, format_size),
            _ => None,
        }
    }

    /// A value of the type as written in a spec, inside the type's range.
    pub fn example(&self) -> String {
        match self {
            Type::String { min, max } => {
                let low = min.unwrap_or(0);
                let length = 5.clamp(low, max.unwrap_or(usize::MAX).max(low));
                match length {
                    5 => "\"hello\"".to_string(),
                    n if n <= 12 => format!("\"{}\"", "x".repeat(n)),
                    _ => "\"...\"".to_string(),
                }
            }
            Type::Int { min, max } => {
                let value = match (min, max) {
                    (Some(a), _) => *a,
                    (None, Some(b)) => (*b).min(42),
                    (None, None) => 42,
                };
                value.to_string()
            }
            Type::Bool => "true".to_string(),
            Type::Duration { min_ms, max_ms } => format_duration(pick(*min_ms, *max_ms, 30_000)),
            Type::Size {
                min_bytes,
                max_bytes,
            } => format_size(pick(*min_bytes, *max_bytes, 256 << 20)),
            Type::Domain => "\"app.example.com\"".to_string(),
            Type::Dir => "\"./dist\"".to_string(),
            Type::File => "\"./handler.zip\"".to_string(),
            Type::Email => "\"team@example.com\"".to_string(),
            Type::Url => "\"https://example.com/path\"".to_string(),
            Type::Arn => "\"arn:aws:sns:eu-west-1:123456789012:alerts\"".to_string(),
            Type::Region => "\"eu-west-1\"".to_string(),
            Type::Cidr => "\"10.0.0.0/16\"".to_string(),
            Type::Enum(members) => members.first().cloned().unwrap_or_default(),
            Type::List(inner) => format!("[{}]", inner.example()),
            Type::Map(inner) => format!("{{ key = {} }}", inner.example()),
            Type::Ref(modules) => format!("my_{}", modules.split('|').next().unwrap_or(modules)),
            Type::Optional(inner) => inner.example(),
        }
    }
}

/// A number inside `min..max`: `default` when it fits, else the nearest bound.
fn pick(min: Option<u64>, max: Option<u64>, default: u64) -> u64 {
    let low = min.unwrap_or(0);
    let high = max.unwrap_or(u64::MAX);
    default.clamp(low, high.max(low))
}

/// "from A to B", "of at least A", "of at most B", or `None` without bounds.
fn bounds<T: PartialEq>(
    min: Option<T>,
    max: Option<T>,
    show: impl Fn(T) -> String,
) -> Option<String> {
    match (min, max) {
        (Some(a), Some(b)) if a == b => Some(format!("of exactly {}", show(a))),
        (Some(a), Some(b)) => Some(format!("from {} to {}", show(a), show(b))),
        (Some(a), None) => Some(format!("of at least {}", show(a))),
        (None, Some(b)) => Some(format!("of at most {}", show(b))),
        (None, None) => None,
    }
}
