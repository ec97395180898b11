//! pest pairs in, the `ast::File` and a diagnostic for every syntax mistake out.
//! pest types never leave this module; its rule names never reach a message.

mod literals;

use pest::iterators::Pair;
use pest::Parser as _;

use super::ast::{Block, Comment, Entry, Expr, ExprKind, File, Ident, Item, MapEntry};

use crate::diagnostic::{Code, Diagnostic};
use crate::source::{SourceFile, Span};

#[derive(pest_derive::Parser)]
#[grammar = "syntax/spec.pest"]
struct SpecParser;

/// Parses `source` (already prescanned) into a file and its syntax diagnostics.
pub fn lower(source: &SourceFile) -> (File, Vec<Diagnostic>) {
    let mut lowerer = Lowerer {
        source,
        diagnostics: Vec::new(),
        recovered_at: None,
    };
    let file = match SpecParser::parse(Rule::file, source.text()) {
        Ok(mut pairs) => match pairs.next() {
            Some(pair) => lowerer.file(pair),
            None => File::default(),
        },
        // The grammar accepts every input; this is only reachable through pest's own limits.
        Err(error) => {
            let offset = match error.location {
                pest::error::InputLocation::Pos(offset) => offset,
                pest::error::InputLocation::Span((start, _)) => start,
            };
            lowerer.diagnostics.push(
                Diagnostic::error(
                    Code::HB0001,
                    Span::empty(offset),
                    "the spec could not be read past this point",
                    "here",
                )
                .with_help("simplify the text around this position"),
            );
            File::default()
        }
    };
    (file, lowerer.diagnostics)
}

struct Lowerer<'a> {
    source: &'a SourceFile,
    diagnostics: Vec<Diagnostic>,
    /// Where the last unclosed string, list or map ended: the element holding it needs no comma report.
    recovered_at: Option<usize>,
}

fn span_of(pair: &Pair<'_, Rule>) -> Span {
    Span::new(pair.as_span().start(), pair.as_span().end())
}

/// Children that are not comments (comments are collected once, in `file`).
fn children<'i>(pair: Pair<'i, Rule>) -> impl Iterator<Item = Pair<'i, Rule>> {
    pair.into_inner().filter(|p| p.as_rule() != Rule::COMMENT)
}

/// What a separated sequence (`< >`, `[ ]`, `{ }`) saw last, to judge commas.
#[derive(Clone, Copy)]
enum Last {
    Start,
    Element(Span),
    Comma(Span),
    /// After a reported stray token: anything may follow without a further report.
    Recovered,
}

/// One kind of separated sequence: its words for messages, and its stray and closing rules.
struct SequenceWords {
    elements: &'static str,
    element: &'static str,
    /// The rule for text that is no element here.
    stray: Rule,
    /// The rule of the closing bracket.
    close: Rule,
    /// What a stray token is reported as missing (`None`: a parameter name, with its own help).
    expected: Option<&'static str>,
}

const PARAMETERS: SequenceWords = SequenceWords {
    elements: "parameters",
    element: "parameter",
    stray: Rule::stray,
    close: Rule::close_angle,
    expected: None,
};
const LIST: SequenceWords = SequenceWords {
    elements: "list elements",
    element: "element",
    stray: Rule::stray_in_list,
    close: Rule::close_bracket,
    expected: Some("a list element"),
};
const MAP: SequenceWords = SequenceWords {
    elements: "map entries",
    element: "entry",
    stray: Rule::stray_in_map,
    close: Rule::close_brace,
    expected: Some("a map key"),
};

/// What reading a sequence found.
struct Parts<T> {
    items: Vec<T>,
    open: Option<Span>,
    close: Option<Span>,
    /// The end of the last thing read (where a missing closer is expected).
    end: usize,
}

impl Lowerer<'_> {
    fn text(&self, span: Span) -> &str {
        self.source.slice(span)
    }

    fn report(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    fn file(&mut self, pair: Pair<'_, Rule>) -> File {
        let mut comments = Vec::new();
        for comment in pair
            .clone()
            .into_inner()
            .flatten()
            .filter(|p| p.as_rule() == Rule::COMMENT)
        {
            let span = span_of(&comment);
            if comment.as_str().starts_with("//") {
                self.report(
                    Diagnostic::error(
                        Code::HB0001,
                        Span::new(span.start, span.start + 2),
                        "comments start with `#`, not `//`",
                        "not a comment in a spec",
                    )
                    .with_help("write `#` instead of `//`"),
                );
            }
            comments.push(Comment { span });
        }
        let mut items = Vec::new();
        for child in children(pair) {
            match child.as_rule() {
                Rule::item => items.push(self.item(child)),
                Rule::junk => self.junk(child),
                _ => {}
            }
        }
        File { items, comments }
    }

    /// A name; one that is not plain ASCII is reported here, naming the odd character.
    fn ident(&mut self, pair: &Pair<'_, Rule>) -> Ident {
        let ident = Ident {
            name: pair.as_str().to_string(),
            span: span_of(pair),
        };
        if let Some((offset, c)) = ident.name.char_indices().find(|(_, c)| !c.is_ascii()) {
            let start = ident.span.start + offset;
            self.report(
                Diagnostic::error(
                    Code::HB0016,
                    Span::new(start, start + c.len_utf8()),
                    format!(
                        "`{}` contains `{c}` (U+{:04X}), which is not an ASCII letter",
                        ident.name,
                        u32::from(c)
                    ),
                    "not ASCII",
                )
                .with_help(
                    "names are written with ASCII letters, digits and `_`; retype this character",
                ),
            );
        }
        ident
    }

    fn item(&mut self, pair: Pair<'_, Rule>) -> Item {
        // The item ends with its last part: the optional `was` clause must not pull in the
        // whitespace the grammar skipped while looking for it.
        let span = span_of(&pair);
        let end = children(pair.clone())
            .map(|c| span_of(&c).end)
            .max()
            .unwrap_or(span.end);
        let span = Span::new(span.start, end.min(span.end));
        let mut idents = Vec::new();
        let mut block = None;
        let mut was = None;
        for child in children(pair) {
            match child.as_rule() {
                Rule::ident | Rule::item_name => idents.push(self.ident(&child)),
                Rule::params => block = Some(child),
                Rule::was_clause => {
                    was = children(child)
                        .find(|c| c.as_rule() == Rule::item_name)
                        .map(|c| self.ident(&c));
                }
                _ => {}
            }
        }
        let mut idents = idents.into_iter();
        let head = idents.next().unwrap_or(Ident {
            name: String::new(),
            span: Span::empty(span.start),
        });
        let name = idents.next();
        let (entries, open, close) = match block {
            Some(params) => self.params(params, &head, name.as_ref()),
            None => (Vec::new(), Span::empty(span.end), None),
        };
        let block = Block {
            head,
            name,
            entries,
            open,
            close,
            was,
            span,
        };
        match block.head.name.as_str() {
            "service" => Item::Service(block),
            "env" => {
                if block.name.is_none() {
                    self.report(
                        Diagnostic::error(
                            Code::HB0017,
                            block.head.span,
                            "environment overlay without an environment name",
                            "which environment?",
                        )
                        .with_help(
                            "name the environment: `env production < web.domain = \"...\" >`",
                        ),
                    );
                }
                Item::Overlay(block)
            }
            _ => {
                if block.name.is_none() {
                    let head = block.head.name.clone();
                    self.report(
                        Diagnostic::error(
                            Code::HB0017,
                            block.head.span,
                            format!("this `{head}` instance has no name"),
                            "expected a name after this",
                        )
                        .with_help(format!("name the instance: `{head} web < ... >`; names are lowercase words like `web` or `click_api`")),
                    );
                }
                Item::Instance(block)
            }
        }
    }

    /// Top-level text that is not an item: one diagnostic per run.
    fn junk(&mut self, pair: Pair<'_, Rule>) {
        let span = span_of(&pair);
        let tokens: Vec<Pair<'_, Rule>> = children(pair).collect();
        let first_two_paths = match (tokens.first(), tokens.get(1)) {
            (Some(a), Some(b)) if a.as_rule() == Rule::path && b.as_rule() == Rule::path => {
                Some((a.clone(), b.clone()))
            }
            _ => None,
        };
        if let Some((module, name)) = first_two_paths {
            let name_span = span_of(&name);
            let (module, name) = (module.as_str(), name.as_str());
            let rest = self.source.text().get(name_span.end..).unwrap_or("");
            let next = rest
                .char_indices()
                .find(|(_, c)| !c.is_whitespace() || *c == '\n');
            let diagnostic = match next {
                Some((offset, c)) if c != '\n' && c != '#' => {
                    let at = name_span.end + offset;
                    Diagnostic::error(
                        Code::HB0030,
                        Span::new(at, at + c.len_utf8()),
                        format!("expected `<` after `{module} {name}` to open its parameter list, found `{c}`"),
                        "expected `<` here",
                    )
                }
                _ => Diagnostic::error(
                    Code::HB0030,
                    Span::empty(name_span.end),
                    format!("expected `<` after `{module} {name}` to open its parameter list"),
                    "expected `<` here",
                ),
            };
            self.report(diagnostic.with_help(format!("parameter lists are written in angle brackets: `{module} {name} < param = value, ... >`")));
            return;
        }
        let first = first_token(self.text(span));
        let first_span = Span::new(span.start, span.start + first.len());
        self.report(
            Diagnostic::error(
                Code::HB0001,
                first_span,
                format!("expected an instance like `spa web < ... >`, found {}", describe(first)),
                "unexpected here",
            )
            .with_help("a spec holds instances (`MODULE NAME < ... >`), a `service` header and `env` overlays; remove this text or make it one of those"),
        );
    }

    fn params(
        &mut self,
        pair: Pair<'_, Rule>,
        head: &Ident,
        name: Option<&Ident>,
    ) -> (Vec<Entry>, Span, Option<Span>) {
        let start = span_of(&pair).start;
        let parts = self.sequence(pair, &PARAMETERS, |lowerer, child| {
            (child.as_rule() == Rule::entry).then(|| {
                let entry = lowerer.entry(child);
                (entry.span, entry)
            })
        });
        let (entries, end, close) = (parts.items, parts.end, parts.close);
        let open = parts.open.unwrap_or(Span::empty(start));
        if close.is_none() {
            let opened = self.source.position(open.start);
            let what = match name {
                Some(name) => format!("`{} {}`", head.name, name.name),
                None => format!("`{}`", head.name),
            };
            self.report(
                Diagnostic::error(
                    Code::HB0002,
                    Span::empty(end),
                    format!(
                        "expected `>` to close the parameter list opened at {}:{}",
                        opened.line, opened.column
                    ),
                    "expected `>` here",
                )
                .with_label(open, format!("the parameter list of {what} opens here"))
                .with_help(format!("add `>` after the last parameter of {what}")),
            );
        }
        (entries, open, close)
    }

    /// Reads the children of a `< >`, `[ ]` or `{ }`: judges commas, reports each run of
    /// stray text once, and keeps what `element` makes of each element.
    fn sequence<'i, T>(
        &mut self,
        pair: Pair<'i, Rule>,
        kind: &SequenceWords,
        mut element: impl FnMut(&mut Self, Pair<'i, Rule>) -> Option<(Span, T)>,
    ) -> Parts<T> {
        let mut parts = Parts {
            items: Vec::new(),
            open: None,
            close: None,
            end: span_of(&pair).start + 1,
        };
        let mut last = Last::Start;
        let mut stray_run = false;
        for child in children(pair) {
            let rule = child.as_rule();
            let span = span_of(&child);
            parts.end = span.end;
            if rule != kind.stray {
                stray_run = false;
            }
            if rule == Rule::comma {
                last = self.comma(span, last, kind);
            } else if rule == kind.close {
                parts.close = Some(span);
            } else if rule == Rule::open_angle {
                parts.open = Some(span);
            } else if rule == kind.stray {
                if !stray_run {
                    match kind.expected {
                        Some(expected) => self.stray_in_value(&child, expected),
                        None => self.stray_in_params(&child),
                    }
                }
                stray_run = true;
                last = Last::Recovered;
            } else if let Some((span, item)) = element(self, child) {
                last = self.element(span, last, kind);
                parts.items.push(item);
            }
        }
        parts
    }

    fn stray_in_params(&mut self, pair: &Pair<'_, Rule>) {
        let span = span_of(pair);
        let token = pair
            .clone()
            .into_inner()
            .find(|p| p.as_rule() != Rule::COMMENT);
        let (message, help) = match token.as_ref().map(Pair::as_rule) {
            Some(Rule::string) => (
                "expected a parameter name, found a string".to_string(),
                "parameter names are written without quotes: `folder = \"./dist\"`".to_string(),
            ),
            _ if self.text(span) == "=" => (
                "expected a parameter name before `=`".to_string(),
                "write the parameter's name before `=`: `folder = \"./dist\"`".to_string(),
            ),
            _ => (
                format!(
                    "expected a parameter name, found {}",
                    describe(first_token(self.text(span)))
                ),
                "parameters are written `name = value`, separated by commas".to_string(),
            ),
        };
        self.report(
            Diagnostic::error(Code::HB0001, span, message, "unexpected here").with_help(help),
        );
    }

    /// Judges a comma in a sequence; returns the new state.
    fn comma(&mut self, span: Span, last: Last, words: &SequenceWords) -> Last {
        match last {
            Last::Start => self.report(
                Diagnostic::error(
                    Code::HB0006,
                    span,
                    format!("unexpected `,` before the first {}", words.element),
                    "remove this comma",
                )
                .with_help(format!(
                    "commas go between {}, and after the last one",
                    words.elements
                )),
            ),
            Last::Comma(previous) => self.report(
                Diagnostic::error(Code::HB0007, span, "doubled comma", "remove this comma")
                    .with_label(previous, "the comma before it")
                    .with_help(format!("one comma separates two {}", words.elements)),
            ),
            Last::Element(_) | Last::Recovered => {}
        }
        Last::Comma(span)
    }

    /// Judges an element (entry, list element) in a sequence; returns the new state.
    fn element(&mut self, span: Span, last: Last, words: &SequenceWords) -> Last {
        if self
            .recovered_at
            .is_some_and(|at| span.start <= at && at <= span.end)
        {
            // The comma after it, if any, was read as part of the unclosed value.
            return Last::Recovered;
        }
        if let Last::Element(previous) = last {
            let line_end = self
                .text(span)
                .find('\n')
                .map_or(span.end, |i| span.start + i);
            let head = Span::new(span.start, line_end);
            let before = self.text(previous).to_string();
            self.report(
                Diagnostic::error(
                    Code::HB0005,
                    Span::empty(previous.end),
                    format!("expected `,` between {}", words.elements),
                    "expected `,` here",
                )
                .with_label(head, format!("the next {} starts here", words.element))
                .with_help(format!("add a comma: `{},`", shorten(&before))),
            );
        }
        Last::Element(span)
    }

    /// `=`, or `:` / `==` reported as a slip for `=`.
    fn eq(&mut self, pair: &Pair<'_, Rule>) -> Span {
        let span = span_of(pair);
        let written = pair.as_str();
        if written != "=" {
            self.report(
                Diagnostic::error(
                    Code::HB0003,
                    span,
                    format!("expected `=` between a key and its value, found `{written}`"),
                    "use `=` here",
                )
                .with_help("keys and values are separated by one `=`: `folder = \"./dist\"`"),
            );
        }
        span
    }

    fn key(&mut self, pair: Pair<'_, Rule>) -> Vec<Ident> {
        children(pair)
            .filter(|p| p.as_rule() == Rule::ident)
            .map(|p| self.ident(&p))
            .collect()
    }

    fn entry(&mut self, pair: Pair<'_, Rule>) -> Entry {
        let mut span = Span::empty(span_of(&pair).start);
        let mut key = Vec::new();
        let mut eq = None;
        let mut value = None;
        for child in children(pair) {
            // The pair's own span may run over whitespace after its last part.
            span = span.join(span_of(&child));
            match child.as_rule() {
                Rule::key => key = self.key(child),
                Rule::eq => eq = Some(self.eq(&child)),
                _ => value = Some(self.value(child)),
            }
        }
        let key_text = key
            .iter()
            .map(|i| i.name.as_str())
            .collect::<Vec<_>>()
            .join(".");
        let key_span = match (key.first(), key.last()) {
            (Some(first), Some(last)) => first.span.join(last.span),
            _ => Span::empty(span.start),
        };
        let value = self.missing_parts(&key_text, key_span, eq, value);
        Entry { key, value, span }
    }

    /// Reports a missing `=` or value in `key = value`; returns the value to keep.
    fn missing_parts(
        &mut self,
        key: &str,
        key_span: Span,
        eq: Option<Span>,
        value: Option<Expr>,
    ) -> Expr {
        match (eq, value) {
            (Some(_), Some(value)) => value,
            (None, Some(value)) => {
                let written = self.text(value.span).to_string();
                self.report(
                    Diagnostic::error(
                        Code::HB0003,
                        Span::empty(key_span.end),
                        format!("expected `=` between `{key}` and its value"),
                        "expected `=` here",
                    )
                    .with_help(format!("write `{key} = {}`", shorten(&written))),
                );
                value
            }
            (Some(eq), None) => {
                self.report(
                    Diagnostic::error(
                        Code::HB0004,
                        Span::empty(eq.end),
                        format!("expected a value after `{key} =`"),
                        "expected a value here",
                    )
                    .with_label(key_span, "this has no value")
                    .with_help(format!(
                        "give `{key}` a value, or remove it to use its default"
                    )),
                );
                Expr {
                    kind: ExprKind::Error,
                    span: eq,
                }
            }
            (None, None) => {
                self.report(
                    Diagnostic::error(
                        Code::HB0004,
                        Span::empty(key_span.end),
                        format!("expected `=` and a value after `{key}`"),
                        "expected `= value` here",
                    )
                    .with_label(key_span, "this has no value")
                    .with_help(format!(
                        "write `{key} = value`, or remove it to use its default"
                    )),
                );
                Expr {
                    kind: ExprKind::Error,
                    span: key_span,
                }
            }
        }
    }

    fn value(&mut self, pair: Pair<'_, Rule>) -> Expr {
        let span = span_of(&pair);
        let kind = match pair.as_rule() {
            Rule::string => ExprKind::String(self.string(pair)),
            Rule::single_quoted => {
                let text = pair.as_str();
                let inner = text.trim_start_matches('\'').trim_end_matches('\'');
                self.report(
                    Diagnostic::error(
                        Code::HB0001,
                        span,
                        format!(
                            "strings are written in double quotes, found {}",
                            describe(text)
                        ),
                        "single quotes",
                    )
                    .with_help(format!("write `\"{inner}\"`")),
                );
                ExprKind::String(inner.to_string())
            }
            Rule::bare_url => {
                let text = pair.as_str();
                self.report(
                    Diagnostic::error(
                        Code::HB0001,
                        span,
                        "a URL is text and must be quoted",
                        "not quoted",
                    )
                    .with_help(format!("write `\"{text}\"`")),
                );
                ExprKind::String(text.to_string())
            }
            Rule::number => self.number(pair),
            Rule::list => self.list(pair),
            Rule::map => self.map(pair),
            Rule::path | Rule::ident => {
                let idents: Vec<Ident> = if pair.as_rule() == Rule::ident {
                    vec![self.ident(&pair)]
                } else {
                    children(pair).map(|p| self.ident(&p)).collect()
                };
                match idents.as_slice() {
                    [only] if only.name == "true" => ExprKind::Bool(true),
                    [only] if only.name == "false" => ExprKind::Bool(false),
                    _ => ExprKind::Path(idents),
                }
            }
            _ => ExprKind::Error,
        };
        Expr { kind, span }
    }

    fn list(&mut self, pair: Pair<'_, Rule>) -> ExprKind {
        let span = span_of(&pair);
        let parts = self.sequence(pair, &LIST, |lowerer, child| {
            let value = lowerer.value(child);
            Some((value.span, value))
        });
        let (elements, end, closed) = (parts.items, parts.end, parts.close.is_some());
        if !closed {
            self.recovered_at = Some(end);
            self.report(
                Diagnostic::error(
                    Code::HB0014,
                    Span::empty(end),
                    "expected `]` to close the list",
                    "expected `]` here",
                )
                .with_label(
                    Span::new(span.start, span.start + 1),
                    "the list starts here",
                )
                .with_help("add `]` after the last element"),
            );
        }
        ExprKind::List(elements)
    }

    fn map(&mut self, pair: Pair<'_, Rule>) -> ExprKind {
        let span = span_of(&pair);
        let parts = self.sequence(pair, &MAP, |lowerer, child| {
            (child.as_rule() == Rule::map_entry).then(|| {
                let entry_span = span_of(&child);
                (entry_span, lowerer.map_entry(child))
            })
        });
        let (entries, end, closed) = (parts.items, parts.end, parts.close.is_some());
        if !closed {
            self.recovered_at = Some(end);
            self.report(
                Diagnostic::error(
                    Code::HB0015,
                    Span::empty(end),
                    "expected `}` to close the map",
                    "expected `}` here",
                )
                .with_label(Span::new(span.start, span.start + 1), "the map starts here")
                .with_help("add `}` after the last entry"),
            );
        }
        ExprKind::Map(entries)
    }

    fn map_entry(&mut self, pair: Pair<'_, Rule>) -> MapEntry {
        let mut key = None;
        let mut eq = None;
        let mut value = None;
        for child in children(pair) {
            match child.as_rule() {
                Rule::eq => eq = Some(self.eq(&child)),
                Rule::ident if key.is_none() => key = Some(self.ident(&child)),
                Rule::string if key.is_none() => {
                    let span = span_of(&child);
                    key = Some(Ident {
                        name: self.string(child),
                        span,
                    });
                }
                _ => value = Some(self.value(child)),
            }
        }
        let key = key.unwrap_or(Ident {
            name: String::new(),
            span: Span::default(),
        });
        let value = self.missing_parts(&key.name, key.span, eq, value);
        MapEntry { key, value }
    }

    fn stray_in_value(&mut self, pair: &Pair<'_, Rule>, expected: &str) {
        let span = span_of(pair);
        let found = describe(first_token(self.text(span)));
        self.report(
            Diagnostic::error(Code::HB0001, span, format!("expected {expected}, found {found}"), "unexpected here")
                .with_help("lists are written `[a, b]` and maps `{ key = value }`; remove this or put a comma before it"),
        );
    }
}

/// The first token-like piece of `text`, for messages.
fn first_token(text: &str) -> &str {
    let mut chars = text.char_indices();
    let Some((_, first)) = chars.next() else {
        return text;
    };
    let end = if first.is_alphanumeric() || first == '_' {
        text.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-' || c == '.'))
            .unwrap_or(text.len())
    } else if first == '"' {
        text.get(1..)
            .and_then(|rest| rest.find(['"', '\n']))
            .map_or(text.len(), |i| (i + 2).min(text.len()))
    } else {
        first.len_utf8()
    };
    text.get(..end).unwrap_or(text)
}

/// `found` text for messages: a quoted, shortened token.
fn describe(token: &str) -> String {
    let shown = shorten(token);
    if token.starts_with('"') {
        format!("the string {shown}")
    } else {
        let visible: String = shown
            .chars()
            .map(|c| {
                if c.is_control() {
                    c.escape_unicode().to_string()
                } else {
                    c.to_string()
                }
            })
            .collect();
        format!("`{visible}`")
    }
}

/// At most 40 characters of `text`, on one line.
fn shorten(text: &str) -> String {
    let line = text.lines().next().unwrap_or("");
    if line.chars().count() > 40 || line.len() != text.len() {
        format!("{}…", line.chars().take(40).collect::<String>())
    } else {
        line.to_string()
    }
}
