//! Parameter types: type expressions from module.toml in (`"list<domain>"`), a [`Type`] with
//! its description and the validators for string-shaped spec values out.
//!
//! `parse_type` reads a type; `Type::describe` says in words what it expects; the
//! `validate_*` functions accept or reject one string, with the reason in words
//! (lowercase, no final period). Nothing here reads files or the environment.

use crate::text::Invalid;
mod aws;
mod cidr;
mod describe;
mod net;
mod parse;
mod regions;
mod units;

#[cfg(test)]
mod tests_parse;

use std::fmt;

pub use aws::{validate_arn, validate_bucket_name, validate_tag_key, validate_tag_value};
pub use cidr::validate_cidr;
pub use net::{validate_domain, validate_email, validate_url};
pub use parse::{parse_type, MAX_TYPE_DEPTH, TYPE_NAMES};
pub use regions::{region_partition, suggest_region, validate_region, REGIONS};
pub use units::{format_duration, format_size, parse_duration, parse_size};

/// A parameter type, parsed from the strings in module.toml.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Type {
    /// `string`, `string(1..64)`: a string, optionally with a length range in characters.
    String {
        /// Fewest characters, inclusive.
        min: Option<usize>,
        /// Most characters, inclusive.
        max: Option<usize>,
    },
    /// `int`, `int(128..10240)`: a whole number, optionally within an inclusive range.
    Int {
        /// Smallest value, inclusive.
        min: Option<i64>,
        /// Largest value, inclusive.
        max: Option<i64>,
    },
    /// `bool`: `true` or `false`.
    Bool,
    /// `duration`, `duration(1s..15m)`: a length of time, optionally within a range.
    Duration {
        /// Shortest, in milliseconds, inclusive.
        min_ms: Option<u64>,
        /// Longest, in milliseconds, inclusive.
        max_ms: Option<u64>,
    },
    /// `size`, `size(128MB..10GB)`: an amount of data (`KB` = 1024 B), optionally within a range.
    Size {
        /// Smallest, in bytes, inclusive.
        min_bytes: Option<u64>,
        /// Largest, in bytes, inclusive.
        max_bytes: Option<u64>,
    },
    /// `domain`: an RFC 1123 host name ([`validate_domain`]).
    Domain,
    /// `dir`: a folder relative to the spec (checked against the file system by the caller).
    Dir,
    /// `file`: a file relative to the spec (checked against the file system by the caller).
    File,
    /// `email`: an email address ([`validate_email`]).
    Email,
    /// `url`: an https URL ([`validate_url`]).
    Url,
    /// `arn`: an Amazon Resource Name ([`validate_arn`]).
    Arn,
    /// `region`: a known AWS region ([`validate_region`]).
    Region,
    /// `cidr`: an IPv4 or IPv6 network ([`validate_cidr`]).
    Cidr,
    /// `enum{us_eu, us_eu_asia, all}`: one bare word out of the members, in declared order.
    Enum(Vec<String>),
    /// `list<T>`: a list of `T`.
    List(Box<Type>),
    /// `map<T>`: a map from string keys to `T`.
    Map(Box<Type>),
    /// `T?`: a `T` or nothing. Only at the top of a type: `list<string?>` is refused.
    Optional(Box<Type>),
    /// `ref<spa>`: the name of another instance of module `spa`.
    Ref(String),
}

/// A validator for one string-shaped value: `Ok(())` or the reason it is wrong.
pub type Validator = fn(&str) -> Result<(), Invalid>;

impl Type {
    /// The validator for values of this type when they are strings with a fixed shape
    /// (`domain`, `email`, `url`, `arn`, `region`, `cidr`); `None` for every other type,
    /// including `Optional` (look at [`Type::required`] first).
    pub fn validator(&self) -> Option<Validator> {
        match self {
            Type::Domain => Some(validate_domain),
            Type::Email => Some(validate_email),
            Type::Url => Some(validate_url),
            Type::Arn => Some(validate_arn),
            Type::Region => Some(validate_region),
            Type::Cidr => Some(validate_cidr),
            _ => None,
        }
    }

    /// Whether the parameter may be left out without a default (`T?`).
    pub fn is_optional(&self) -> bool {
        matches!(self, Type::Optional(_))
    }

    /// The type without its `?`: `T` for `T?`, itself otherwise.
    pub fn required(&self) -> &Type {
        match self {
            Type::Optional(inner) => inner,
            other => other,
        }
    }
}

impl fmt::Display for Type {
    /// The type as written in module.toml; `parse_type` reads it back to an equal `Type`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Type::String { min, max } => write_range(f, "string", *min, *max, |n| n.to_string()),
            Type::Int { min, max } => write_range(f, "int", *min, *max, |n| n.to_string()),
            Type::Bool => f.write_str("bool"),
            Type::Duration { min_ms, max_ms } => {
                write_range(f, "duration", *min_ms, *max_ms, units::format_duration)
            }
            Type::Size {
                min_bytes,
                max_bytes,
            } => write_range(f, "size", *min_bytes, *max_bytes, units::format_size),
            Type::Domain => f.write_str("domain"),
            Type::Dir => f.write_str("dir"),
            Type::File => f.write_str("file"),
            Type::Email => f.write_str("email"),
            Type::Url => f.write_str("url"),
            Type::Arn => f.write_str("arn"),
            Type::Region => f.write_str("region"),
            Type::Cidr => f.write_str("cidr"),
            Type::Enum(members) => write!(f, "enum{{{}}}", members.join(", ")),
            Type::List(inner) => write!(f, "list<{inner}>"),
            Type::Map(inner) => write!(f, "map<{inner}>"),
            Type::Optional(inner) => write!(f, "{inner}?"),
            Type::Ref(module) => write!(f, "ref<{module}>"),
        }
    }
}

/// Writes `name` or `name(min..max)`, leaving out a missing bound (`int(1..)`).
fn write_range<T: Copy>(
    f: &mut fmt::Formatter<'_>,
    name: &str,
    min: Option<T>,
    max: Option<T>,
    show: impl Fn(T) -> String,
) -> fmt::Result {
    f.write_str(name)?;
    if min.is_none() && max.is_none() {
        return Ok(());
    }
    let min = min.map(&show).unwrap_or_default();
    let max = max.map(&show).unwrap_or_default();
    write!(f, "({min}..{max})")
}

/// The enum member `word` most likely stands for: a member equal to it ignoring case
/// (`All` → `all`), else the closest one by edit distance if it is close enough to be a typo.
pub fn suggest_enum<'a>(word: &str, members: &'a [String]) -> Option<&'a str> {
    if let Some(exact) = members.iter().find(|m| m.eq_ignore_ascii_case(word)) {
        return Some(exact);
    }
    let lower = word.to_ascii_lowercase();
    crate::text::did_you_mean(&lower, members.iter().map(String::as_str))
}

/// A character for a message: `` `c` `` when it prints safely, else its code point (`U+202E`),
/// so that control, bidi and zero-width characters never reach a terminal raw.
pub(crate) fn shown(c: char) -> String {
    if c.is_ascii_graphic() || (c.is_alphanumeric() && !c.is_ascii()) {
        format!("`{c}`")
    } else if c == ' ' {
        "a space".to_string()
    } else {
        format!("U+{:04X}", u32::from(c))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn members(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| w.to_string()).collect()
    }

    #[test]
    fn display_writes_types_as_in_module_toml() {
        let cases = [
            (
                Type::String {
                    min: None,
                    max: None,
                },
                "string",
            ),
            (
                Type::String {
                    min: Some(1),
                    max: Some(64),
                },
                "string(1..64)",
            ),
            (
                Type::Int {
                    min: Some(-5),
                    max: None,
                },
                "int(-5..)",
            ),
            (
                Type::Int {
                    min: None,
                    max: Some(10),
                },
                "int(..10)",
            ),
            (
                Type::Duration {
                    min_ms: Some(1_000),
                    max_ms: Some(900_000),
                },
                "duration(1s..15m)",
            ),
            (
                Type::Size {
                    min_bytes: Some(128 << 20),
                    max_bytes: Some(10 << 30),
                },
                "size(128MB..10GB)",
            ),
            (Type::Enum(members(&["us_eu", "all"])), "enum{us_eu, all}"),
            (
                Type::Optional(Box::new(Type::List(Box::new(Type::Domain)))),
                "list<domain>?",
            ),
            (
                Type::Map(Box::new(Type::Ref("queue".into()))),
                "map<ref<queue>>",
            ),
        ];
        for (ty, text) in cases {
            assert_eq!(ty.to_string(), text);
        }
    }

    #[test]
    fn enum_suggestions() {
        let m = members(&["us_eu", "us_eu_asia", "all"]);
        assert_eq!(suggest_enum("All", &m), Some("all"));
        assert_eq!(suggest_enum("US_EU", &m), Some("us_eu"));
        assert_eq!(suggest_enum("us_ue", &m), Some("us_eu"));
        assert_eq!(suggest_enum("us_eu_asai", &m), Some("us_eu_asia"));
        assert_eq!(suggest_enum("everywhere", &m), None);
        assert_eq!(suggest_enum("x", &[]), None);
    }

    #[test]
    fn validators_by_type() {
        assert!(Type::Domain.validator().is_some());
        assert!(Type::String {
            min: None,
            max: None
        }
        .validator()
        .is_none());
        let check = Type::Region.validator().unwrap();
        assert!(check("eu-west-1").is_ok());
        assert!(check("eu-west1").is_err());
        let optional = Type::Optional(Box::new(Type::Cidr));
        assert!(optional.is_optional());
        assert_eq!(optional.required(), &Type::Cidr);
        assert!(optional.validator().is_none());
    }
}
