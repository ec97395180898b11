//! A model expression ([`Expr`]) in, a [`Term`] (its full expression tree) out; a term and the
//! values it may read ([`Scope`]) in, its value out when everything it reads is known. Known
//! means: literals, quoted templates with interpolations, variables with attribute and index
//! steps, the arithmetic, comparison and logic operators, conditionals, tuples, objects and the
//! functions the scope supplies. Anything else (`for` expressions, splats, template directives,
//! heredocs, functions the scope does not have) has no value here, the way a plan shows "known
//! after apply". The parts the model keeps as one line of text are parsed with this crate's own
//! lexer, once per term, so there is one HCL reader.

use std::fmt;

use crate::lexer::{self, Kind, Token};
use crate::model::{closes, opens, Expr};
use crate::parser::decode_quoted;
use crate::MAX_NESTING;

/// A value: what Terraform's `cty` values are, as far as generated code uses them.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number (Terraform's are arbitrary precision; generated code stays well inside f64).
    Number(f64),
    /// A string.
    String(String),
    /// A tuple or list.
    List(Vec<Value>),
    /// An object or map, in the order its keys were written.
    Object(Vec<(String, Value)>),
}

impl Value {
    /// An object from its entries.
    pub fn object<K: Into<String>>(entries: impl IntoIterator<Item = (K, Value)>) -> Value {
        Value::Object(entries.into_iter().map(|(k, v)| (k.into(), v)).collect())
    }

    /// The value of an object's `key`.
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// What a template interpolation writes for this value: strings, numbers and bools.
    pub fn as_text(&self) -> Option<String> {
        match self {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(number_text(*n)),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Null => f.write_str("null"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Number(n) => f.write_str(&number_text(*n)),
            Value::String(s) => write!(f, "{s:?}"),
            Value::List(items) => {
                f.write_str("[")?;
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{item}")?;
                }
                f.write_str("]")
            }
            Value::Object(entries) => {
                f.write_str("{")?;
                for (i, (key, value)) in entries.iter().enumerate() {
                    let separator = if i > 0 { ", " } else { " " };
                    write!(f, "{separator}{key:?} = {value}")?;
                }
                f.write_str(if entries.is_empty() { "}" } else { " }" })
            }
        }
    }
}

/// A whole number without a fraction (`3`), others as Rust writes them (`0.5`).
fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{n:.0}")
    } else {
        n.to_string()
    }
}

/// An expression tree.
#[derive(Debug, Clone, PartialEq)]
pub enum Term {
    /// A literal value (`null`, `true`, `3`, `"text"` without interpolation).
    Literal(Value),
    /// A quoted template with interpolations.
    Template(Vec<Part>),
    /// A root variable (`var`, `local`, `data`, `aws_s3_bucket`).
    Variable(String),
    /// `base.name`.
    Attribute(Box<Term>, String),
    /// `base[key]` (and the legacy `base.0`).
    Index(Box<Term>, Box<Term>),
    /// `[a, b]`.
    Tuple(Vec<Term>),
    /// `{ key = value }`: identifier keys are literal strings.
    Object(Vec<(Term, Term)>),
    /// `name(arg, ...)`.
    Call(String, Vec<Term>),
    /// `!a`, `-a`.
    Unary(Op, Box<Term>),
    /// `a op b`.
    Binary(Op, Box<Term>, Box<Term>),
    /// `condition ? then : otherwise`.
    Conditional(Box<Term>, Box<Term>, Box<Term>),
    /// What this evaluator does not compute: `for`, splats, directives, heredocs.
    Unknown,
}

/// A piece of a quoted template.
#[derive(Debug, Clone, PartialEq)]
pub enum Part {
    /// Literal text, escapes decoded.
    Text(String),
    /// `${ expression }`.
    Interpolation(Term),
}

/// The operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum Op {
    Or,
    And,
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    Add,
    Subtract,
    Multiply,
    Divide,
    Modulo,
    Not,
    Negate,
}

impl Term {
    /// The tree of a model expression; the parts kept as text are parsed here.
    pub fn of(expr: &Expr) -> Term {
        match expr {
            Expr::Object(entries) => Term::Object(
                entries
                    .iter()
                    .map(|(key, value)| {
                        // Keys are decoded when literal; a key kept as text (quoted with
                        // interpolation, parenthesised) is an expression.
                        let key = if key.starts_with(['"', '(']) {
                            Term::parse(key)
                        } else {
                            Term::Literal(Value::String(key.clone()))
                        };
                        (key, Term::of(value))
                    })
                    .collect(),
            ),
            Expr::Tuple(items) => Term::Tuple(items.iter().map(Term::of).collect()),
            Expr::Call(name, args) => Term::Call(name.clone(), args.iter().map(Term::of).collect()),
            Expr::Index(base, key) => {
                Term::Index(Box::new(Term::of(base)), Box::new(Term::parse(key)))
            }
            Expr::Other(text) => Term::parse(text),
        }
    }

    /// The tree of one expression's text; [`Term::Unknown`] when it does not read as one.
    pub fn parse(text: &str) -> Term {
        let Ok(tokens) = lexer::lex(text) else {
            return Term::Unknown;
        };
        let tokens: Vec<Token<'_>> = tokens
            .into_iter()
            .filter(|t| !matches!(t.kind, Kind::Comment | Kind::Newline))
            .collect();
        let mut parser = Parser {
            toks: &tokens,
            pos: 0,
            depth: 0,
        };
        match parser.expression() {
            Some(term) if parser.pos == tokens.len() => term,
            _ => Term::Unknown,
        }
    }
}

/// The functions a scope supplies: the arguments' values in, the result out (`None`: unknown).
pub type Function = fn(&[Value]) -> Option<Value>;

/// What expressions may read: root variables by name, and functions.
#[derive(Clone, Default)]
pub struct Scope {
    variables: Vec<(String, Value)>,
    functions: Vec<(&'static str, Function)>,
}

impl Scope {
    /// Sets the root variable `name` (`var`, `local`, `data`), replacing an earlier value.
    pub fn set(&mut self, name: &str, value: Value) {
        match self.variables.iter_mut().find(|(n, _)| n == name) {
            Some((_, slot)) => *slot = value,
            None => self.variables.push((name.to_string(), value)),
        }
    }

    /// The root variable `name`, mutable (to add attributes one by one).
    pub fn variable_mut(&mut self, name: &str) -> Option<&mut Value> {
        self.variables
            .iter_mut()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v)
    }

    /// Declares the function `name`.
    pub fn function(&mut self, name: &'static str, function: Function) {
        self.functions.push((name, function));
    }

    /// The value of `term` here, when everything it reads is known.
    pub fn evaluate(&self, term: &Term) -> Option<Value> {
        Some(match term {
            Term::Literal(value) => value.clone(),
            Term::Template(parts) => {
                let mut out = String::new();
                for part in parts {
                    match part {
                        Part::Text(text) => out.push_str(text),
                        Part::Interpolation(inner) => {
                            out.push_str(&self.evaluate(inner)?.as_text()?)
                        }
                    }
                }
                Value::String(out)
            }
            Term::Variable(_) => self.place(term)?.clone(),
            Term::Attribute(base, name) => match self.place(base) {
                Some(base) => base.get(name)?.clone(),
                None => self.evaluate(base)?.get(name)?.clone(),
            },
            Term::Index(base, key) => {
                let key = self.evaluate(key)?;
                match self.place(base) {
                    Some(base) => index(base, &key)?.clone(),
                    None => index(&self.evaluate(base)?, &key)?.clone(),
                }
            }
            Term::Tuple(items) => Value::List(
                items
                    .iter()
                    .map(|item| self.evaluate(item))
                    .collect::<Option<_>>()?,
            ),
            Term::Object(entries) => {
                let mut object: Vec<(String, Value)> = Vec::with_capacity(entries.len());
                for (key, value) in entries {
                    let key = self.evaluate(key)?.as_text()?;
                    let value = self.evaluate(value)?;
                    match object.iter_mut().find(|(k, _)| *k == key) {
                        Some((_, slot)) => *slot = value,
                        None => object.push((key, value)),
                    }
                }
                Value::Object(object)
            }
            Term::Call(name, args) => {
                let function = self.functions.iter().find(|(n, _)| n == name)?.1;
                let args: Vec<Value> = args
                    .iter()
                    .map(|a| self.evaluate(a))
                    .collect::<Option<_>>()?;
                function(&args)?
            }
            Term::Unary(op, inner) => match (op, self.evaluate(inner)?) {
                (Op::Not, Value::Bool(b)) => Value::Bool(!b),
                (Op::Negate, Value::Number(n)) => Value::Number(-n),
                _ => return None,
            },
            Term::Binary(op, left, right) => {
                binary(*op, self.evaluate(left)?, self.evaluate(right)?)?
            }
            Term::Conditional(condition, then, otherwise) => match self.evaluate(condition)? {
                Value::Bool(true) => self.evaluate(then)?,
                Value::Bool(false) => self.evaluate(otherwise)?,
                _ => return None,
            },
            Term::Unknown => return None,
        })
    }
}

impl Scope {
    /// Where a traversal (`local.web_names.bucket`, `var.x[0]`) leads inside the scope's values,
    /// without copying what it passes through; `None` when `term` is not a traversal from a
    /// variable or leads nowhere.
    fn place(&self, term: &Term) -> Option<&Value> {
        match term {
            Term::Variable(name) => self
                .variables
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v),
            Term::Attribute(base, name) => self.place(base)?.get(name),
            Term::Index(base, key) => index(self.place(base)?, &self.evaluate(key)?),
            _ => None,
        }
    }
}

/// `collection[key]`: an object's attribute (a key written as text) or a list's item.
fn index<'v>(collection: &'v Value, key: &Value) -> Option<&'v Value> {
    match (collection, key) {
        (Value::Object(_), key) => collection.get(&key.as_text()?),
        (Value::List(items), Value::Number(n)) if *n >= 0.0 && n.fract() == 0.0 => {
            items.get(*n as usize)
        }
        _ => None,
    }
}

fn binary(op: Op, left: Value, right: Value) -> Option<Value> {
    Some(match (op, left, right) {
        (Op::Equal, a, b) => Value::Bool(a == b),
        (Op::NotEqual, a, b) => Value::Bool(a != b),
        (Op::And, Value::Bool(a), Value::Bool(b)) => Value::Bool(a && b),
        (Op::Or, Value::Bool(a), Value::Bool(b)) => Value::Bool(a || b),
        (op, Value::Number(a), Value::Number(b)) => match op {
            Op::Less => Value::Bool(a < b),
            Op::LessOrEqual => Value::Bool(a <= b),
            Op::Greater => Value::Bool(a > b),
            Op::GreaterOrEqual => Value::Bool(a >= b),
            Op::Add => Value::Number(a + b),
            Op::Subtract => Value::Number(a - b),
            Op::Multiply => Value::Number(a * b),
            Op::Divide if b != 0.0 => Value::Number(a / b),
            Op::Modulo if b != 0.0 => Value::Number(a % b),
            _ => return None,
        },
        _ => return None,
    })
}

/// A recursive-descent parser over one expression's tokens (no comments or newlines).
struct Parser<'t, 's> {
    toks: &'t [Token<'s>],
    pos: usize,
    depth: usize,
}

/// Binary operators from the loosest to the tightest binding, as HCL groups them.
const LEVELS: &[&[(Kind, Op)]] = &[
    &[(Kind::Or, Op::Or)],
    &[(Kind::And, Op::And)],
    &[(Kind::EqualOp, Op::Equal), (Kind::NotEqual, Op::NotEqual)],
    &[
        (Kind::LessThan, Op::Less),
        (Kind::LessThanEq, Op::LessOrEqual),
        (Kind::GreaterThan, Op::Greater),
        (Kind::GreaterThanEq, Op::GreaterOrEqual),
    ],
    &[(Kind::Plus, Op::Add), (Kind::Minus, Op::Subtract)],
    &[
        (Kind::Star, Op::Multiply),
        (Kind::Slash, Op::Divide),
        (Kind::Percent, Op::Modulo),
    ],
];

impl Parser<'_, '_> {
    fn peek(&self) -> Option<Kind> {
        self.toks.get(self.pos).map(|t| t.kind)
    }

    fn eat(&mut self, kind: Kind) -> Option<()> {
        (self.peek() == Some(kind)).then(|| self.pos += 1)
    }

    /// The next token's text and kind, consumed.
    fn next(&mut self) -> Option<&Token<'_>> {
        let tok = self.toks.get(self.pos)?;
        self.pos += 1;
        Some(tok)
    }

    fn expression(&mut self) -> Option<Term> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return None;
        }
        let condition = self.binary(0)?;
        let term = if self.eat(Kind::Question).is_some() {
            let then = self.expression()?;
            self.eat(Kind::Colon)?;
            let otherwise = self.expression()?;
            Term::Conditional(Box::new(condition), Box::new(then), Box::new(otherwise))
        } else {
            condition
        };
        self.depth -= 1;
        Some(term)
    }

    /// Operators binding at least as tightly as level `min` (precedence climbing: one frame per
    /// nesting, not one per level).
    fn binary(&mut self, min: usize) -> Option<Term> {
        let mut left = self.unary()?;
        while let Some((level, op)) = self.operator().filter(|(level, _)| *level >= min) {
            self.pos += 1;
            let right = self.binary(level + 1)?;
            left = Term::Binary(op, Box::new(left), Box::new(right));
        }
        Some(left)
    }

    /// The binary operator at the current token, with its level.
    fn operator(&self) -> Option<(usize, Op)> {
        let kind = self.peek()?;
        LEVELS.iter().enumerate().find_map(|(level, ops)| {
            ops.iter()
                .find(|(k, _)| *k == kind)
                .map(|(_, op)| (level, *op))
        })
    }

    fn unary(&mut self) -> Option<Term> {
        let op = match self.peek() {
            Some(Kind::Bang) => Op::Not,
            Some(Kind::Minus) => Op::Negate,
            _ => return self.postfix(),
        };
        self.pos += 1;
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return None;
        }
        let inner = self.unary()?;
        self.depth -= 1;
        Some(Term::Unary(op, Box::new(inner)))
    }

    fn postfix(&mut self) -> Option<Term> {
        let mut term = self.primary()?;
        loop {
            match self.peek() {
                Some(Kind::Dot) => {
                    self.pos += 1;
                    let step = self.next()?;
                    term = match step.kind {
                        Kind::Ident => Term::Attribute(Box::new(term), step.text.to_string()),
                        Kind::NumberLit => {
                            let index = step.text.parse().ok()?;
                            Term::Index(
                                Box::new(term),
                                Box::new(Term::Literal(Value::Number(index))),
                            )
                        }
                        Kind::Star => Term::Unknown,
                        _ => return None,
                    };
                }
                Some(Kind::OBrack) => {
                    self.pos += 1;
                    if self.eat(Kind::Star).is_some() {
                        self.eat(Kind::CBrack)?;
                        term = Term::Unknown;
                        continue;
                    }
                    let key = self.expression()?;
                    self.eat(Kind::CBrack)?;
                    term = Term::Index(Box::new(term), Box::new(key));
                }
                _ => return Some(term),
            }
        }
    }

    /// Skips from an opening token to just past its closing one.
    fn skip_group(&mut self) -> Option<()> {
        let mut depth = 0usize;
        while let Some(tok) = self.toks.get(self.pos) {
            self.pos += 1;
            if opens(tok.kind) {
                depth += 1;
            } else if closes(tok.kind) {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(());
                }
            }
        }
        None
    }

    /// `for` right after an opening bracket or brace.
    fn is_for(&self) -> bool {
        self.toks
            .get(self.pos + 1)
            .is_some_and(|t| t.is_keyword("for"))
    }

    fn primary(&mut self) -> Option<Term> {
        let tok = self.toks.get(self.pos)?;
        Some(match tok.kind {
            Kind::NumberLit => {
                self.pos += 1;
                Term::Literal(Value::Number(tok.text.parse().ok()?))
            }
            Kind::Ident => {
                self.pos += 1;
                match tok.text.as_ref() {
                    "true" => Term::Literal(Value::Bool(true)),
                    "false" => Term::Literal(Value::Bool(false)),
                    "null" => Term::Literal(Value::Null),
                    name if self.peek() == Some(Kind::OParen) => {
                        self.pos += 1;
                        let args = self.list(Kind::CParen)?;
                        Term::Call(name.to_string(), args)
                    }
                    name => Term::Variable(name.to_string()),
                }
            }
            Kind::OParen => {
                self.pos += 1;
                let inner = self.expression()?;
                self.eat(Kind::CParen)?;
                inner
            }
            Kind::OBrack | Kind::OBrace | Kind::OHeredoc
                if tok.kind == Kind::OHeredoc || self.is_for() =>
            {
                self.skip_group()?;
                Term::Unknown
            }
            Kind::OBrack => {
                self.pos += 1;
                Term::Tuple(self.list(Kind::CBrack)?)
            }
            Kind::OBrace => {
                self.pos += 1;
                self.object()?
            }
            Kind::OQuote => self.template()?,
            _ => return None,
        })
    }

    /// Comma-separated expressions up to `close` (consumed); a trailing comma is allowed and
    /// `...` (argument expansion) makes the whole list unknown.
    fn list(&mut self, close: Kind) -> Option<Vec<Term>> {
        let mut items = Vec::new();
        loop {
            if self.eat(close).is_some() {
                return Some(items);
            }
            items.push(self.expression()?);
            if self.eat(Kind::Ellipsis).is_some() {
                items.push(Term::Unknown);
            }
            if self.eat(Kind::Comma).is_none() {
                self.eat(close)?;
                return Some(items);
            }
        }
    }

    /// Object entries up to `}` (consumed): `key = value` or `key: value`, commas optional.
    fn object(&mut self) -> Option<Term> {
        let mut entries = Vec::new();
        loop {
            if self.eat(Kind::CBrace).is_some() {
                return Some(Term::Object(entries));
            }
            let key = match self.toks.get(self.pos) {
                Some(t)
                    if t.kind == Kind::Ident
                        && self
                            .toks
                            .get(self.pos + 1)
                            .is_some_and(|n| matches!(n.kind, Kind::Equal | Kind::Colon)) =>
                {
                    self.pos += 1;
                    Term::Literal(Value::String(t.text.to_string()))
                }
                _ => self.expression()?,
            };
            if self.eat(Kind::Equal).is_none() {
                self.eat(Kind::Colon)?;
            }
            entries.push((key, self.expression()?));
            self.eat(Kind::Comma);
        }
    }

    /// A quoted template from its `"` to its closing `"` (both consumed).
    fn template(&mut self) -> Option<Term> {
        let start = self.pos;
        self.pos += 1;
        let mut parts = Vec::new();
        loop {
            let tok = self.toks.get(self.pos)?;
            match tok.kind {
                Kind::CQuote => {
                    self.pos += 1;
                    break;
                }
                Kind::QuotedLit => {
                    self.pos += 1;
                    parts.push(Part::Text(decode_quoted(&tok.text).ok()?));
                }
                Kind::TemplateInterp if !tok.text.contains('~') => {
                    self.pos += 1;
                    let inner = self.expression()?;
                    let end = self.next()?;
                    if end.kind != Kind::TemplateSeqEnd || end.text.contains('~') {
                        return None;
                    }
                    parts.push(Part::Interpolation(inner));
                }
                // Directives and strip markers: not computed here.
                _ => {
                    self.pos = start;
                    self.skip_group()?;
                    return Some(Term::Unknown);
                }
            }
        }
        let mut text = String::new();
        for part in &parts {
            match part {
                Part::Text(t) => text.push_str(t),
                Part::Interpolation(_) => return Some(Term::Template(parts)),
            }
        }
        Some(Term::Literal(Value::String(text)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scope() -> Scope {
        let mut scope = Scope::default();
        scope.set(
            "var",
            Value::object([
                ("environment", Value::String("staging".into())),
                ("n", Value::Number(3.0)),
            ]),
        );
        scope.set(
            "local",
            Value::object([(
                "names",
                Value::object([("queue", Value::String("svc-staging-jobs".into()))]),
            )]),
        );
        scope.function("upper", |args| match args {
            [Value::String(s)] => Some(Value::String(s.to_uppercase())),
            _ => None,
        });
        scope
    }

    fn value(text: &str) -> Option<Value> {
        scope().evaluate(&Term::parse(text))
    }

    fn string(text: &str) -> Option<Value> {
        Some(Value::String(text.to_string()))
    }

    #[test]
    fn literals_variables_and_steps() {
        assert_eq!(value("null"), Some(Value::Null));
        assert_eq!(value("-2.5"), Some(Value::Number(-2.5)));
        assert_eq!(value("local.names.queue"), string("svc-staging-jobs"));
        assert_eq!(value("local.names[\"queue\"]"), string("svc-staging-jobs"));
        assert_eq!(value("[1, 2, 3][1]"), Some(Value::Number(2.0)));
        assert_eq!(value("[1, 2, 3].2"), Some(Value::Number(3.0)));
        assert_eq!(
            value("{ staging = \"s\", \"production\" = \"p\" }[var.environment]"),
            string("s")
        );
    }

    #[test]
    fn templates_operators_conditionals_and_calls() {
        assert_eq!(
            value("\"${var.environment}-${var.n}\\n\""),
            string("staging-3\n")
        );
        assert_eq!(value("\"$${literal}\""), string("${literal}"));
        assert_eq!(
            value("var.n * 2 + 1 == 7 && !false"),
            Some(Value::Bool(true))
        );
        assert_eq!(value("var.n > 2 ? \"big\" : \"small\""), string("big"));
        assert_eq!(value("upper(var.environment)"), string("STAGING"));
        assert_eq!(value("(1 + 2) * 3"), Some(Value::Number(9.0)));
    }

    #[test]
    fn what_is_not_known_has_no_value() {
        for text in [
            "var.missing",
            "aws_s3_bucket.web.arn",
            "lower(var.environment)",
            "[for x in var.list : x]",
            "{ for k, v in var.map : k => v }",
            "var.list[*].id",
            "\"%{if true}a%{endif}\"",
            "1 / 0",
            "var.environment + 1",
            "a b",
            "(",
        ] {
            assert_eq!(value(text), None, "{text}");
        }
    }

    #[test]
    fn model_expressions_become_terms() {
        let body = crate::model::read(
            "a = jsonencode({ Statement = [{ Action = \"s3:GetObject\" }] })\nb = { staging = { q = \"x\" } }[var.environment]\n",
        )
        .ok();
        let attributes = body.map(|b| b.attributes).unwrap_or_default();
        let terms: Vec<Term> = attributes.iter().map(|a| Term::of(&a.value)).collect();
        assert!(matches!(terms.first(), Some(Term::Call(name, _)) if name == "jsonencode"));
        assert_eq!(
            terms.get(1).and_then(|t| scope().evaluate(t)),
            Some(Value::object([("q", Value::String("x".into()))]))
        );
    }

    #[test]
    fn hostile_nesting_is_unknown_not_a_stack_overflow() {
        let deep = format!("{}1{}", "(".repeat(100_000), ")".repeat(100_000));
        assert_eq!(Term::parse(&deep), Term::Unknown);
        let negations = format!("{}true", "!".repeat(100_000));
        assert_eq!(Term::parse(&negations), Term::Unknown);
    }
}
