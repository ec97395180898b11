//! Type expressions as written in module.toml in (`"list<domain>?"`, `"int(128..10240)"`),
//! a [`Type`] or what is wrong with the text, in words, out.

use super::units::{parse_duration, parse_size};
use super::Type;
use crate::text::Invalid;

/// Every type name, for messages and suggestions.
pub const TYPE_NAMES: &[&str] = &[
    "string", "int", "bool", "duration", "size", "domain", "dir", "file", "email", "url", "arn",
    "region", "cidr", "enum", "list", "map", "ref",
];

/// How deeply `list<...>` and `map<...>` may nest.
pub const MAX_TYPE_DEPTH: usize = 8;

/// Names from other languages and their hbmod spelling.
const ALIASES: &[(&str, &str)] = &[
    ("str", "string"),
    ("text", "string"),
    ("integer", "int"),
    ("number", "int"),
    ("boolean", "bool"),
    ("array", "list"),
    ("set", "list"),
    ("dict", "map"),
    ("object", "map"),
    ("hostname", "domain"),
    ("host", "domain"),
    ("folder", "dir"),
    ("directory", "dir"),
    ("path", "file"),
    ("uri", "url"),
    ("time", "duration"),
    ("bytes", "size"),
];

/// Parses a type as written in module.toml.
pub fn parse_type(text: &str) -> Result<Type, Invalid> {
    if text.trim().is_empty() {
        return Err(Invalid::from(
            "the type is empty; write one like `string` or `list<domain>`".to_string(),
        ));
    }
    if let Some(c) = text.chars().find(|c| !(c.is_ascii_graphic() || *c == ' ')) {
        return Err(Invalid::from(format!(
            "the type holds {}; types are written in ASCII, like `list<domain>`",
            super::shown(c)
        )));
    }
    let mut parser = Parser { text, pos: 0 };
    let ty = parser.top()?;
    parser.skip_space();
    match parser.rest().chars().next() {
        None => Ok(ty),
        Some('?') => Err(Invalid::from(format!(
            "`{text}` has more than one `?`; a type is optional once"
        ))),
        Some(_) => Err(Invalid::from(format!(
            "unexpected `{}` after the type `{ty}`",
            parser.rest().trim_end()
        ))),
    }
}

/// A cursor over the type text.
struct Parser<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Parser<'a> {
    fn rest(&self) -> &'a str {
        self.text.get(self.pos..).unwrap_or("")
    }

    fn skip_space(&mut self) {
        let rest = self.rest();
        self.pos += rest.len() - rest.trim_start().len();
    }

    /// Consumes `c` (after spaces) if it is next.
    fn eat(&mut self, c: char) -> bool {
        self.skip_space();
        if self.rest().starts_with(c) {
            self.pos += c.len_utf8();
            true
        } else {
            false
        }
    }

    /// A type with an optional `?`, at the top of the expression.
    fn top(&mut self) -> Result<Type, Invalid> {
        let ty = self.base(0)?;
        if self.eat('?') {
            Ok(Type::Optional(Box::new(ty)))
        } else {
            Ok(ty)
        }
    }

    /// A word like `string`, `int` or `list`.
    fn word(&mut self) -> &'a str {
        self.skip_space();
        let rest = self.rest();
        let end = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
            .unwrap_or(rest.len());
        self.pos += end;
        rest.get(..end).unwrap_or("")
    }

    /// The next character after spaces, without consuming it.
    fn peek(&mut self) -> Option<char> {
        self.skip_space();
        self.rest().chars().next()
    }

    /// A type without `?`; `depth` counts enclosing `list<`/`map<`.
    fn base(&mut self, depth: usize) -> Result<Type, Invalid> {
        let name = self.word();
        if name.is_empty() {
            return Err(match self.peek() {
                None => format!("`{}` ends where a type should follow", self.text.trim()).into(),
                Some(c) => format!(
                    "`{c}` where a type name should be, in `{}`",
                    self.text.trim()
                )
                .into(),
            });
        }
        match name {
            "string" => {
                let (min, max) = self.range(name, "1..64", parse_count)?;
                Ok(Type::String { min, max })
            }
            "int" => {
                let (min, max) = self.range(name, "128..10240", parse_int)?;
                Ok(Type::Int { min, max })
            }
            "duration" => {
                let (min_ms, max_ms) = self.range(name, "1s..15m", parse_duration)?;
                Ok(Type::Duration { min_ms, max_ms })
            }
            "size" => {
                let (min_bytes, max_bytes) = self.range(name, "128MB..10GB", parse_size)?;
                Ok(Type::Size {
                    min_bytes,
                    max_bytes,
                })
            }
            "bool" => self.plain(name, Type::Bool),
            "domain" => self.plain(name, Type::Domain),
            "dir" => self.plain(name, Type::Dir),
            "file" => self.plain(name, Type::File),
            "email" => self.plain(name, Type::Email),
            "url" => self.plain(name, Type::Url),
            "arn" => self.plain(name, Type::Arn),
            "region" => self.plain(name, Type::Region),
            "cidr" => self.plain(name, Type::Cidr),
            "enum" => self.members(),
            "list" | "map" => {
                let inner = self.element(name, depth)?;
                Ok(if name == "list" {
                    Type::List(Box::new(inner))
                } else {
                    Type::Map(Box::new(inner))
                })
            }
            "ref" => self.reference(),
            _ => Err(unknown(name)),
        }
    }

    /// A type that takes no parameters: refuses `bool(…)`, `domain<…>`, `url{…}`.
    fn plain(&mut self, name: &str, ty: Type) -> Result<Type, Invalid> {
        match self.peek() {
            Some(c @ ('(' | '<' | '{')) => Err(Invalid::from(format!(
                "`{name}` takes no parameters, but `{c}` follows it; write just `{name}`"
            ))),
            _ => Ok(ty),
        }
    }

    /// An optional `(min..max)` after `name`; either bound may be left out, not both.
    fn range<T: PartialOrd + Copy + std::fmt::Display>(
        &mut self,
        name: &str,
        example: &str,
        bound: fn(&str) -> Result<T, Invalid>,
    ) -> Result<(Option<T>, Option<T>), Invalid> {
        match self.peek() {
            Some('(') => {}
            Some(c @ ('<' | '{')) => {
                return Err(Invalid::from(format!(
                    "`{name}` takes a range in parentheses, not `{c}`: `{name}({example})`"
                )))
            }
            _ => return Ok((None, None)),
        }
        self.eat('(');
        let rest = self.rest();
        let Some(close) = rest.find(')') else {
            return Err(Invalid::from(format!(
                "`{}` is missing the `)` that closes the range",
                self.text.trim()
            )));
        };
        let inside = rest.get(..close).unwrap_or("").trim();
        self.pos += close + 1;
        let Some((low, high)) = inside.split_once("..") else {
            return Err(Invalid::from(format!(
                "the range `{inside}` has no `..`; write it as `MIN..MAX`, like `{name}({example})`"
            )));
        };
        if high.starts_with('=') {
            return Err(Invalid::from(format!(
                "ranges are inclusive already; write `{name}({}..{})`",
                low.trim(),
                high.trim_start_matches('=').trim()
            )));
        }
        let (low, high) = (low.trim(), high.trim());
        if low.is_empty() && high.is_empty() {
            return Err(Invalid::from(format!(
                "the range `..` has no bounds; write just `{name}` for no limit"
            )));
        }
        let min = (!low.is_empty()).then(|| bound(low)).transpose()?;
        let max = (!high.is_empty()).then(|| bound(high)).transpose()?;
        if let (Some(min), Some(max)) = (min, max) {
            if min > max {
                return Err(Invalid::from(format!(
                    "the range `{low}..{high}` is empty: its lower bound is above its upper bound; write `{name}({high}..{low})`"
                )));
            }
        }
        Ok((min, max))
    }

    /// `{a, b, c}` after `enum`.
    fn members(&mut self) -> Result<Type, Invalid> {
        if !self.eat('{') {
            return Err(Invalid::from(
                "`enum` needs its members in braces, like `enum{a, b}`".to_string(),
            ));
        }
        let rest = self.rest();
        let Some(close) = rest.find('}') else {
            return Err(Invalid::from(format!(
                "`{}` is missing the `}}` that closes the members",
                self.text.trim()
            )));
        };
        let inside = rest.get(..close).unwrap_or("");
        self.pos += close + 1;
        let mut members: Vec<String> = Vec::new();
        let words: Vec<&str> = inside.split(',').map(str::trim).collect();
        let last = words.len().saturating_sub(1);
        for (index, word) in words.into_iter().enumerate() {
            if word.is_empty() {
                // A trailing comma is fine; an empty list or `a,,b` is not.
                if index == last && index > 0 {
                    continue;
                }
                return Err(if inside.trim().is_empty() {
                    "`enum{}` has no members; list them like `enum{a, b}`".into()
                } else {
                    format!(
                        "`enum{{{}}}` has an empty member between commas",
                        inside.trim()
                    )
                    .into()
                });
            }
            if !valid_member(word) {
                return Err(Invalid::from(format!(
                    "the enum member `{word}` is not a bare word; members are ASCII letters, digits, `_` and `-`, starting with a letter or `_`"
                )));
            }
            if let Some(same) = members.iter().find(|m| m.eq_ignore_ascii_case(word)) {
                return Err(if same == word {
                    format!("the enum member `{word}` is listed twice").into()
                } else {
                    format!("the enum members `{same}` and `{word}` differ only in case").into()
                });
            }
            members.push(word.to_string());
        }
        Ok(Type::Enum(members))
    }

    /// `<T>` after `list` or `map`.
    fn element(&mut self, name: &str, depth: usize) -> Result<Type, Invalid> {
        if !self.eat('<') {
            return Err(Invalid::from(format!(
                "`{name}` needs an element type in angle brackets, like `{name}<string>`"
            )));
        }
        if depth + 1 >= MAX_TYPE_DEPTH {
            return Err(Invalid::from(format!(
                "types nest at most {MAX_TYPE_DEPTH} deep"
            )));
        }
        if matches!(self.peek(), None | Some('>')) {
            return Err(Invalid::from(format!(
                "`{name}<` needs an element type, like `{name}<string>`"
            )));
        }
        let inner = self.base(depth + 1)?;
        if self.eat('?') {
            return Err(Invalid::from(format!(
                "elements of a {name} cannot be optional; to make the whole {name} optional write `{name}<{inner}>?`"
            )));
        }
        if !self.eat('>') {
            return Err(match self.peek() {
                None => format!("`{}` is missing its closing `>`", self.text.trim()).into(),
                Some(c) => format!("expected `>` to close `{name}<{inner}`, found `{c}`").into(),
            });
        }
        Ok(inner)
    }

    /// `<module>` after `ref`.
    fn reference(&mut self) -> Result<Type, Invalid> {
        if !self.eat('<') {
            return Err(Invalid::from(
                "`ref` needs a module name in angle brackets, like `ref<queue>`".to_string(),
            ));
        }
        let mut modules = vec![self.word()];
        while self.eat('|') {
            modules.push(self.word());
        }
        let joined = modules.join("|");
        let module = joined.as_str();
        if !self.eat('>') {
            return Err(match self.peek() {
                None => format!("`{}` is missing its closing `>`", self.text.trim()).into(),
                Some(c) => {
                    format!("`{c}` in `ref<…>`; it holds one module name, like `ref<queue>`").into()
                }
            });
        }
        if module.is_empty() {
            return Err(Invalid::from(
                "`ref<>` needs a module name, like `ref<queue>`".to_string(),
            ));
        }
        if let Some(bad) = modules.iter().find(|m| !crate::text::valid_name(m)) {
            return Err(Invalid::from(format!(
                "`{bad}` is not a module name; module names are lowercase letters, digits and `_` (several are separated by `|`: `ref<table|bucket>`)"
            )));
        }
        Ok(Type::Ref(joined))
    }
}

/// The message for a word that is no type name, with the likely intended one.
fn unknown(name: &str) -> Invalid {
    let lower = name.to_ascii_lowercase();
    let suggestion = TYPE_NAMES
        .iter()
        .copied()
        .find(|known| *known == lower)
        .or_else(|| {
            ALIASES
                .iter()
                .find(|(alias, _)| *alias == lower)
                .map(|(_, known)| *known)
        })
        .or_else(|| crate::text::did_you_mean(&lower, TYPE_NAMES.iter().copied()));
    Invalid::from(match suggestion {
        Some(known) => format!("unknown type `{name}`; did you mean `{known}`?"),
        None => format!(
            "unknown type `{name}`; the types are {}",
            TYPE_NAMES
                .iter()
                .map(|t| format!("`{t}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    })
}

/// Whether `word` can be an enum member: a bare word of the spec language, ASCII only.
fn valid_member(word: &str) -> bool {
    let mut chars = word.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// A string length bound: a whole number, at least 0.
fn parse_count(text: &str) -> Result<usize, Invalid> {
    text.replace('_', "").parse().map_err(|_| {
        Invalid::from(format!(
            "`{text}` is not a length; write a whole number of characters, at least 0"
        ))
    })
}

/// An integer bound, possibly negative.
fn parse_int(text: &str) -> Result<i64, Invalid> {
    text.replace('_', "").parse().map_err(|_| {
        Invalid::from(format!(
            "`{text}` is not a whole number (or it is too large)"
        ))
    })
}
