//! The untyped syntax tree of one spec file, with byte spans; built by `lower.rs`, read by every later stage.

use crate::source::Span;

/// A parsed spec file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct File {
    /// Items in source order.
    pub items: Vec<Item>,
    /// Every `#` comment, in source order (kept for `hbmod fmt`).
    pub comments: Vec<Comment>,
}

/// A `# ...` comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    /// The comment's span, from `#` to the end of its line.
    pub span: Span,
}

/// A name as written, with its span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ident {
    /// The text of the name.
    pub name: String,
    /// Where it is written.
    pub span: Span,
}

/// A top-level item.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// `service NAME < team = ..., owner = ... >`: who the file belongs to.
    Service(Block),
    /// `env NAME < instance.param = value, ... >`: values for one environment.
    Overlay(Block),
    /// `MODULE NAME < param = value, ... >`: one instance of a catalog module.
    Instance(Block),
}

impl Item {
    /// The block every item kind shares.
    pub fn block(&self) -> &Block {
        match self {
            Item::Service(block) | Item::Overlay(block) | Item::Instance(block) => block,
        }
    }
}

/// The shape every item shares: a keyword or module, an optional name, and entries in `< >`.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    /// `service`, `env` or the module name.
    pub head: Ident,
    /// The item's name (`web` in `spa web < >`); `None` only where allowed or already reported.
    pub name: Option<Ident>,
    /// The entries between `<` and `>`.
    pub entries: Vec<Entry>,
    /// The span of `<`.
    pub open: Span,
    /// The span of `>`, when present.
    pub close: Option<Span>,
    /// `was OLD` after `>`: the name this instance had before a rename.
    pub was: Option<Ident>,
    /// The whole item.
    pub span: Span,
}

/// `key = value` inside `< >`.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The key: one name for instances and the header, `instance.param` in overlays.
    pub key: Vec<Ident>,
    /// The value.
    pub value: Expr,
    /// From the key to the end of the value.
    pub span: Span,
}

impl Entry {
    /// The span of the whole key (`web.domain`).
    pub fn key_span(&self) -> Span {
        match (self.key.first(), self.key.last()) {
            (Some(first), Some(last)) => first.span.join(last.span),
            _ => self.span,
        }
    }

    /// The key as written, segments joined by `.`.
    pub fn key_text(&self) -> String {
        self.key
            .iter()
            .map(|i| i.name.as_str())
            .collect::<Vec<_>>()
            .join(".")
    }
}

/// A value with its span.
#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    /// What the value is.
    pub kind: ExprKind,
    /// Where it is written.
    pub span: Span,
}

/// The kinds of values a spec can write.
#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    /// `"text"`, escapes already decoded.
    String(String),
    /// `42`, `-1`, `1_000`.
    Int(i64),
    /// `true` or `false`.
    Bool(bool),
    /// `10s`, `5m`, `14d`.
    Duration(Duration),
    /// `256MB`, `1GB`.
    Size(Size),
    /// `[a, b]`.
    List(Vec<Expr>),
    /// `{ key = value }`.
    Map(Vec<MapEntry>),
    /// A bare word or dotted path: an enum member (`all`) or a reference (`clicks`, `web.url`).
    Path(Vec<Ident>),
    /// A value that could not be parsed; its diagnostic has been reported.
    Error,
}

/// `key = value` inside `{ }`.
#[derive(Debug, Clone, PartialEq)]
pub struct MapEntry {
    /// The key, from a name or a string.
    pub key: Ident,
    /// The value.
    pub value: Expr,
}

/// A length of time, kept in the unit it was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Duration {
    /// The number as written.
    pub value: u64,
    /// The unit as written.
    pub unit: DurationUnit,
}

impl Duration {
    /// The duration in milliseconds (saturating).
    pub fn as_millis(self) -> u64 {
        self.value.saturating_mul(self.unit.millis())
    }
}

/// A unit of time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DurationUnit {
    /// `ms`
    Millis,
    /// `s`
    Seconds,
    /// `m`
    Minutes,
    /// `h`
    Hours,
    /// `d`
    Days,
}

impl DurationUnit {
    /// Milliseconds in one unit.
    pub fn millis(self) -> u64 {
        match self {
            DurationUnit::Millis => 1,
            DurationUnit::Seconds => 1_000,
            DurationUnit::Minutes => 60_000,
            DurationUnit::Hours => 3_600_000,
            DurationUnit::Days => 86_400_000,
        }
    }
}

/// An amount of data, kept in the unit it was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Size {
    /// The number as written.
    pub value: u64,
    /// The unit as written.
    pub unit: SizeUnit,
}

impl Size {
    /// The size in bytes (saturating).
    pub fn as_bytes(self) -> u64 {
        self.value.saturating_mul(self.unit.bytes())
    }
}

/// A unit of data; like AWS, `KB`, `MB`... are powers of 1024.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SizeUnit {
    /// `B`
    Bytes,
    /// `KB` = 1024 B
    Kilobytes,
    /// `MB` = 1024 KB
    Megabytes,
    /// `GB` = 1024 MB
    Gigabytes,
    /// `TB` = 1024 GB
    Terabytes,
}

impl SizeUnit {
    /// Bytes in one unit.
    pub fn bytes(self) -> u64 {
        match self {
            SizeUnit::Bytes => 1,
            SizeUnit::Kilobytes => 1 << 10,
            SizeUnit::Megabytes => 1 << 20,
            SizeUnit::Gigabytes => 1 << 30,
            SizeUnit::Terabytes => 1 << 40,
        }
    }
}
