//! Tests of type expressions in (`parse_type`) and their text and descriptions out.

use super::*;

fn parsed(text: &str) -> Type {
    parse_type(text).unwrap_or_else(|e| panic!("{text}: {e}"))
}

fn error(text: &str) -> String {
    parse_type(text).expect_err(text).reason
}

fn boxed(ty: Type) -> Box<Type> {
    Box::new(ty)
}

#[test]
fn parses_every_type() {
    assert_eq!(
        parsed("string"),
        Type::String {
            min: None,
            max: None
        }
    );
    assert_eq!(
        parsed("string(1..64)"),
        Type::String {
            min: Some(1),
            max: Some(64)
        }
    );
    assert_eq!(
        parsed("int(128..10240)"),
        Type::Int {
            min: Some(128),
            max: Some(10240)
        }
    );
    assert_eq!(
        parsed("int(-10..-1)"),
        Type::Int {
            min: Some(-10),
            max: Some(-1)
        }
    );
    assert_eq!(
        parsed("int(1..)"),
        Type::Int {
            min: Some(1),
            max: None
        }
    );
    assert_eq!(
        parsed("int(..1_000)"),
        Type::Int {
            min: None,
            max: Some(1000)
        }
    );
    assert_eq!(parsed("bool"), Type::Bool);
    assert_eq!(
        parsed("duration(1s..15m)"),
        Type::Duration {
            min_ms: Some(1_000),
            max_ms: Some(900_000)
        }
    );
    assert_eq!(
        parsed("size(128MB..10GB)"),
        Type::Size {
            min_bytes: Some(128 * 1024 * 1024),
            max_bytes: Some(10 * 1024 * 1024 * 1024)
        }
    );
    for (text, ty) in [
        ("domain", Type::Domain),
        ("dir", Type::Dir),
        ("file", Type::File),
        ("email", Type::Email),
        ("url", Type::Url),
        ("arn", Type::Arn),
        ("region", Type::Region),
        ("cidr", Type::Cidr),
    ] {
        assert_eq!(parsed(text), ty);
    }
    assert_eq!(
        parsed("enum{us_eu, us_eu_asia, all}"),
        Type::Enum(vec!["us_eu".into(), "us_eu_asia".into(), "all".into()])
    );
    assert_eq!(parsed("list<domain>"), Type::List(boxed(Type::Domain)));
    assert_eq!(
        parsed("map<string>"),
        Type::Map(boxed(Type::String {
            min: None,
            max: None
        }))
    );
    assert_eq!(parsed("domain?"), Type::Optional(boxed(Type::Domain)));
    assert_eq!(
        parsed("list<string>?"),
        Type::Optional(boxed(Type::List(boxed(Type::String {
            min: None,
            max: None
        }))))
    );
    assert_eq!(parsed("ref<spa>"), Type::Ref("spa".into()));
    assert_eq!(
        parsed("list<ref<function>>"),
        Type::List(boxed(Type::Ref("function".into())))
    );
}

#[test]
fn tolerates_spaces_and_trailing_commas() {
    assert_eq!(
        parsed("  list < domain >  "),
        Type::List(boxed(Type::Domain))
    );
    assert_eq!(
        parsed("int( 1 .. 5 )"),
        Type::Int {
            min: Some(1),
            max: Some(5)
        }
    );
    assert_eq!(
        parsed("enum{a,b,}"),
        Type::Enum(vec!["a".into(), "b".into()])
    );
    assert_eq!(parsed("domain ?"), Type::Optional(boxed(Type::Domain)));
}

#[test]
fn round_trips_through_display() {
    for text in [
        "string",
        "string(1..64)",
        "string(..255)",
        "int",
        "int(128..10240)",
        "int(-5..)",
        "bool",
        "duration",
        "duration(1s..15m)",
        "duration(250ms..14d)",
        "size(128MB..10GB)",
        "size(1B..)",
        "domain",
        "enum{us_eu, us_eu_asia, all}",
        "list<domain>",
        "map<list<int(1..3)>>",
        "list<string>?",
        "ref<spa>?",
        "map<ref<queue>>",
    ] {
        let ty = parsed(text);
        assert_eq!(ty.to_string(), text);
        assert_eq!(parsed(&ty.to_string()), ty);
    }
    // Equal values print in the largest unit; the text changes, the type does not.
    let ty = parsed("duration(60s..1440m)");
    assert_eq!(ty.to_string(), "duration(1m..1d)");
    assert_eq!(parsed(&ty.to_string()), ty);
}

#[test]
fn errors_say_what_is_wrong() {
    let cases = [
        ("", "the type is empty"),
        ("list<", "`list<` needs an element type, like `list<string>`"),
        ("list<domain", "`list<domain` is missing its closing `>`"),
        ("list", "`list` needs an element type in angle brackets"),
        ("map<string,int>", "expected `>` to close `map<string`, found `,`"),
        ("list<string?>", "elements of a list cannot be optional; to make the whole list optional write `list<string>?`"),
        ("int(10..1)", "the range `10..1` is empty: its lower bound is above its upper bound; write `int(1..10)`"),
        ("int(5)", "the range `5` has no `..`"),
        ("int(1..=5)", "ranges are inclusive already; write `int(1..5)`"),
        ("int(..)", "write just `int` for no limit"),
        ("int(1..5", "missing the `)`"),
        ("int(a..b)", "`a` is not a whole number"),
        ("string(-1..5)", "`-1` is not a length"),
        ("duration(1..5m)", "`1` has no duration unit"),
        ("size(1mb..2GB)", "units are written in capitals: `1MB`"),
        ("duration(15m..1s)", "is empty"),
        ("enum{}", "`enum{}` has no members; list them like `enum{a, b}`"),
        ("enum{a,,b}", "empty member"),
        ("enum{a, a}", "`a` is listed twice"),
        ("enum{all, All}", "differ only in case"),
        ("enum{1st}", "not a bare word"),
        ("enum{a, b", "missing the `}` that closes the members"),
        ("enum", "needs its members in braces"),
        ("ref<>", "`ref<>` needs a module name, like `ref<queue>`"),
        ("ref", "`ref` needs a module name in angle brackets"),
        ("ref<Spa>", "`Spa` is not a module name"),
        ("ref<a b>", "`b` in `ref<…>`"),
        ("domian", "unknown type `domian`; did you mean `domain`?"),
        ("Domain", "did you mean `domain`?"),
        ("integer", "did you mean `int`?"),
        ("boolean", "did you mean `bool`?"),
        ("strng", "did you mean `string`?"),
        ("quux", "unknown type `quux`; the types are `string`, `int`"),
        ("bool(1..2)", "`bool` takes no parameters, but `(` follows it"),
        ("domain<x>", "`domain` takes no parameters"),
        ("string<x>", "`string` takes a range in parentheses, not `<`"),
        ("domain??", "more than one `?`"),
        ("string x", "unexpected `x` after the type `string`"),
        ("?", "`?` where a type name should be"),
        ("list<>", "`list<` needs an element type"),
        ("list<dom\u{202E}ain>", "holds U+202E"),
        ("list<\tdomain>", "holds U+0009"),
    ];
    for (text, expected) in cases {
        let message = error(text);
        assert!(message.contains(expected), "{text:?}: {message}");
    }
}

#[test]
fn nesting_is_limited() {
    let deep = format!("{}string{}", "list<".repeat(20), ">".repeat(20));
    assert!(error(&deep).contains("nest at most"));
    let ok = format!(
        "{}string{}",
        "list<".repeat(MAX_TYPE_DEPTH - 1),
        ">".repeat(MAX_TYPE_DEPTH - 1)
    );
    assert!(parse_type(&ok).is_ok());
}

#[test]
fn descriptions() {
    let cases = [
        ("domain", "a domain name like \"app.example.com\""),
        ("int(128..10240)", "a whole number from 128 to 10240"),
        ("int", "a whole number like 42"),
        ("int(1..)", "a whole number of at least 1"),
        ("string", "a string like \"hello\""),
        ("string(1..64)", "a string of 1 to 64 characters"),
        ("string(..1)", "a string of at most 1 character"),
        ("string(3..3)", "a string of exactly 3 characters"),
        ("bool", "`true` or `false`"),
        ("duration", "a duration like 30s"),
        ("duration(1s..15m)", "a duration from 1s to 15m"),
        ("size", "a size like 256MB"),
        ("size(..10GB)", "a size of at most 10GB"),
        ("dir", "a folder path like \"./dist\", relative to the spec"),
        (
            "file",
            "a file path like \"./handler.zip\", relative to the spec",
        ),
        (
            "list<file>",
            "a list of file paths relative to the spec like [\"./handler.zip\"]",
        ),
        ("email", "an email address like \"team@example.com\""),
        ("url", "an https URL like \"https://example.com/path\""),
        (
            "arn",
            "an ARN like \"arn:aws:sns:eu-west-1:123456789012:alerts\"",
        ),
        ("region", "an AWS region like \"eu-west-1\""),
        ("cidr", "a CIDR block like \"10.0.0.0/16\""),
        (
            "enum{us_eu, us_eu_asia, all}",
            "one of `us_eu`, `us_eu_asia`, `all`",
        ),
        (
            "list<domain>",
            "a list of domain names like [\"app.example.com\"]",
        ),
        (
            "list<int(128..10240)>",
            "a list of whole numbers from 128 to 10240 like [128]",
        ),
        (
            "list<enum{a, b}>",
            "a list of words out of `a`, `b` like [a]",
        ),
        (
            "list<list<string>>",
            "a list of lists of strings like [[\"hello\"]]",
        ),
        ("map<string>", "a map of strings like { key = \"hello\" }"),
        (
            "map<bool>",
            "a map of `true`/`false` values like { key = true }",
        ),
        (
            "domain?",
            "a domain name like \"app.example.com\", or nothing",
        ),
        (
            "ref<queue>",
            "the name of a `queue` instance in this spec, like `my_queue`",
        ),
        (
            "list<ref<function>>",
            "a list of names of `function` instances like [my_function]",
        ),
        (
            "list<duration(1m..)>",
            "a list of durations of at least 1m like [1m]",
        ),
        (
            "list<string(20..30)>",
            "a list of strings of 20 to 30 characters like [\"...\"]",
        ),
        (
            "list<string(3..3)>",
            "a list of strings of exactly 3 characters like [\"xxx\"]",
        ),
    ];
    for (text, expected) in cases {
        assert_eq!(parsed(text).describe(), expected, "{text}");
    }
}
