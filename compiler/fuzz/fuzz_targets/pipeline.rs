//! Fuzzer bytes in, a valid-shaped spec against the real (embedded) catalog out, run through
//! the whole pipeline: parse, check, resolve, expand, emit and the policy checks, with the
//! files its paths name in an in-memory world. Asserts the invariants: no panic; the spec's
//! formatting is idempotent; every generated file is already in `terraform fmt` layout; every
//! string value reaches the output as one literal; no block type appears that the module
//! templates do not contain. Diagnostics are never rendered (cheap in the fuzz build).

#![no_main]

use std::collections::HashSet;
use std::sync::{Arc, OnceLock};

use hbmod::catalog::{Catalog, Module};
use hbmod::types::Type;
use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;

/// Text pieces strings are made of: ordinary words and everything HCL and the spec language
/// treat specially.
const PIECES: &[&str] = &[
    "a", "web", "-", "_", ".", "/", " ", "é", "e\u{301}", "${", "%{", "}", "$${", "\"", "\\", "\n",
    "#", "//", "/*", "<<EOF", "\t", "\u{202E}", "\u{200B}", "日本", "🚀", "*", "?",
];

/// Parameters whose values hbmod reads itself and the templates never print.
const NOT_RENDERED: &[&str] = &["exclude"];

struct Context<'a> {
    catalog: &'a Catalog,
    /// (instance name, module) of instances already written.
    instances: Vec<(String, String)>,
    /// String values written, to be found in the output.
    strings: Vec<String>,
}

/// The embedded catalog, and every `resource "type"` / `data "type"` opening its templates
/// hold (looked up per generated block; scanning the templates' text each time was a third of
/// an execution).
fn catalog() -> &'static (Arc<Catalog>, HashSet<String>) {
    static CATALOG: OnceLock<(Arc<Catalog>, HashSet<String>)> = OnceLock::new();
    CATALOG.get_or_init(|| {
        let files = hbmod::catalog::embedded_files();
        let mut blocks = HashSet::new();
        for file in files.iter().filter(|f| f.path.ends_with(".tera")) {
            for line in file.contents.lines() {
                let trimmed = line.trim_start();
                for keyword in ["resource \"", "data \""] {
                    if let Some(rest) = trimmed.strip_prefix(keyword) {
                        let kind = rest.split('"').next().unwrap_or_default();
                        blocks.insert(format!("{keyword}{kind}\""));
                    }
                }
            }
        }
        (
            hbmod::workspace::embedded().unwrap_or_else(|_| panic!("the embedded catalog loads")),
            blocks,
        )
    })
}

fn text(u: &mut Unstructured<'_>, max: usize) -> Result<String> {
    let count = u.int_in_range(0..=max)?;
    let mut out = String::new();
    for _ in 0..count {
        out.push_str(u.choose(PIECES)?);
    }
    Ok(out)
}

/// The spec string literal for `value` (`\"`, `\\`, `\n`, `\t`, `\u{...}` for the rest).
fn literal(value: &str) -> String {
    let mut out = String::from("\"");
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_ascii() && !c.is_ascii_control() => out.push(c),
            c => out.push_str(&format!("\\u{{{:X}}}", u32::from(c))),
        }
    }
    out.push('"');
    out
}

fn value(u: &mut Unstructured<'_>, ty: &Type, cx: &mut Context<'_>, depth: usize) -> Result<String> {
    Ok(match ty {
        Type::Optional(inner) => value(u, inner, cx, depth)?,
        Type::String { max, .. } => {
            let s = text(u, max.unwrap_or(12).min(12))?;
            cx.strings.push(s.clone());
            literal(&s)
        }
        Type::Int { min, max } => {
            let low = min.unwrap_or(0);
            let high = max.unwrap_or(low + 100).max(low);
            u.int_in_range(low..=high)?.to_string()
        }
        Type::Bool => u.choose(&["true", "false"])?.to_string(),
        Type::Duration { .. } => format!("{}{}", u.int_in_range(1..=400u32)?, u.choose(&["s", "m", "h", "d"])?),
        Type::Size { .. } => format!("{}{}", u.int_in_range(1..=2048u32)?, u.choose(&["MB", "GB", "KB"])?),
        Type::Domain => literal(u.choose(&["app.example.com", "api.example.com", "x.y.example.org", "bad..name"])?),
        Type::Dir => literal(u.choose(&["./dist", "./src", "./missing", "../out"])?),
        Type::File => literal(u.choose(&["./code.zip", "./dist/index.html", "./none.zip"])?),
        Type::Email => literal(u.choose(&["team@example.com", "not-an-email"])?),
        Type::Url => literal(u.choose(&["https://issuer.example.com/x", "http://insecure"])?),
        Type::Arn => literal(u.choose(&["arn:aws:lambda:eu-west-1:123456789012:code-signing-config:csc-0123456789abcdef0", "arn:bad"])?),
        Type::Region => literal(u.choose(&["eu-west-1", "us-east-1", "mars-1"])?),
        Type::Cidr => literal(u.choose(&["10.0.0.0/16", "::/0", "300.1.1.1/8"])?),
        Type::Enum(members) => u.choose(members)?.clone(),
        Type::List(inner) if depth < 2 => {
            let count = u.int_in_range(0..=3)?;
            let items: Result<Vec<String>> = (0..count).map(|_| value(u, inner, cx, depth + 1)).collect();
            format!("[{}]", items?.join(", "))
        }
        Type::Map(inner) if depth < 2 => {
            let count = u.int_in_range(0..=3)?;
            let mut entries = Vec::new();
            for _ in 0..count {
                let key = text(u, 4)?;
                entries.push(format!("{} = {}", literal(&key), value(u, inner, cx, depth + 1)?));
            }
            format!("{{ {} }}", entries.join(", "))
        }
        Type::List(_) => "[]".to_string(),
        Type::Map(_) => "{}".to_string(),
        Type::Ref(kinds) => {
            let wanted: Vec<&str> = kinds.split('|').collect();
            let found: Vec<&(String, String)> = cx.instances.iter().filter(|(_, m)| wanted.contains(&m.as_str())).collect();
            match found.is_empty() {
                true => "nothing".to_string(),
                false => u.choose(&found)?.0.clone(),
            }
        }
    })
}

fn instance(u: &mut Unstructured<'_>, module: &Module, name: &str, cx: &mut Context<'_>) -> Result<String> {
    let mut out = format!("{} {name} <\n", module.name);
    for (param, declared) in &module.params {
        let required = declared.default.is_none() && !declared.ty.is_optional();
        if required || u.ratio(1, 3)? {
            let before = cx.strings.len();
            out.push_str(&format!("  {param} = {},\n", value(u, &declared.ty, cx, 0)?));
            // Read by `hbmod package`, never written into Terraform.
            if NOT_RENDERED.contains(&param.as_str()) {
                cx.strings.truncate(before);
            }
        }
    }
    out.push_str(">\n");
    Ok(out)
}

/// The spec text, the string values in it, and its instances' names.
fn spec(u: &mut Unstructured<'_>, catalog: &Catalog) -> Result<(String, Vec<String>, Vec<String>)> {
    let modules: Vec<&Module> = catalog.modules().collect();
    let mut cx = Context { catalog, instances: Vec::new(), strings: Vec::new() };
    let mut out = String::from("service svc <\n  team = \"platform\",\n");
    if u.ratio(1, 2)? {
        // A comment in versions.tf, not a literal: not pushed to `strings`.
        let description = text(u, 8)?;
        out.push_str(&format!("  description = {},\n", literal(&description)));
    }
    out.push_str(">\n");
    let count = u.int_in_range(1..=6)?;
    for index in 0..count {
        let module = *u.choose(&modules)?;
        let name = format!("{}_{index}", module.name);
        out.push('\n');
        out.push_str(&instance(u, module, &name, &mut cx)?);
        cx.instances.push((name, module.name.clone()));
    }
    let _ = cx.catalog;
    let names = cx.instances.into_iter().map(|(name, _)| name).collect();
    Ok((out, cx.strings, names))
}

fuzz_target!(|bytes: &[u8]| {
    let (catalog, blocks) = catalog();
    let mut u = Unstructured::new(bytes);
    let Ok((text, strings, names)) = spec(&mut u, catalog) else {
        return;
    };
    let world = hbmod::world::MemoryWorld::default()
        .with_file("svc/dist/index.html", "<h1>hi</h1>\n")
        .with_file("svc/src/index.mjs", "export const handler = async () => 1;\n")
        .with_file("svc/code.zip", "PK");
    let source = hbmod::SourceFile::new("svc/spec.hb", text.clone());
    let environments = hbmod::stdlib::DEFAULT_ENVIRONMENTS.to_vec();
    let input = hbmod::BuildInput {
        catalog,
        world: &world,
        spec: hbmod::resolve::SpecContext { spec_path: "svc/spec.hb", output_dir: "svc/terraform" },
        environments: &environments,
        config: None,
    };
    let (file, front) = hbmod::check_source(&source);
    if front.is_empty() {
        let once = hbmod::syntax::format(&source, &file);
        let again = hbmod::SourceFile::new("svc/spec.hb", once.clone());
        let (file, _) = hbmod::check_source(&again);
        assert_eq!(hbmod::syntax::format(&again, &file), once, "spec formatting is not idempotent");
    }
    let (files, diagnostics) = hbmod::build(&source, &input);
    let Some(files) = files else {
        assert!(hbmod::diagnostic::has_errors(&diagnostics), "no output and no error:\n{text}");
        return;
    };
    for generated in &files {
        if generated.name.ends_with(".tf") {
            let formatted = hbmod_hcl::format(&generated.contents)
                .unwrap_or_else(|e| panic!("{} is not valid HCL ({e:?}):\n{text}", generated.name));
            assert_eq!(formatted, generated.contents, "{} is not in fmt layout:\n{text}", generated.name);
        }
        // An instance's own file holds only blocks its module's template has (the shared
        // files come from hbmod's standard library).
        let own = names.iter().any(|n| generated.name == format!("{n}.tf"));
        for line in generated.contents.lines().filter(|_| own) {
            let trimmed = line.trim_start();
            for keyword in ["resource \"", "data \""] {
                if let Some(rest) = trimmed.strip_prefix(keyword) {
                    let kind = rest.split('"').next().unwrap_or_default();
                    assert!(blocks.contains(&format!("{keyword}{kind}\"")), "block {keyword}{kind} is in no template:\n{text}");
                }
            }
        }
    }
    let all: String = files.iter().map(|f| f.contents.as_str()).collect();
    for value in strings {
        let nfc: String = unicode_normalization::UnicodeNormalization::nfc(value.as_str()).collect();
        let quoted = hbmod::escape::quote(&nfc);
        assert!(all.contains(&quoted) || all.contains(&hbmod::escape::escape(&nfc)), "the value {value:?} is not in the output as one literal ({quoted}):\n{text}");
    }
});
