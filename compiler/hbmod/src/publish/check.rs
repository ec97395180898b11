//! A loaded catalog and its files in, every problem a platform engineer must fix before
//! publishing out: module versions that are not semver, templates using undeclared parameters,
//! declared parameters no template uses, and every diagnostic `build` reports for each module
//! example and for generated boundary values of each parameter (shortest and longest strings,
//! smallest and largest numbers, durations and sizes, every enum member, both booleans, empty
//! lists and maps, optional parameters omitted). Org policy checks run inside `build`, so they
//! apply here too.

use rayon::prelude::*;

use crate::catalog::{Catalog, CatalogFile, Module};
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::resolve::SpecContext;
use crate::source::{SourceFile, Span};
use crate::syntax::ast;
use crate::types::{self, Type};
use crate::world::{Entry, World};

/// What `check` found, file by file (a module.toml, a template, an example or a generated
/// boundary-value spec), and how much it built.
#[derive(Debug, Default)]
pub struct Report {
    /// Each file with its diagnostics; only files with diagnostics are listed.
    pub files: Vec<(SourceFile, Vec<Diagnostic>)>,
    /// How many example specs were built.
    pub examples: usize,
    /// How many boundary-value specs were built.
    pub boundary: usize,
    /// How many boundary-value specs the module itself refused (HB0052): its own rules, such as
    /// "exactly one of source and artifact", which types cannot express. Not problems.
    pub refused: usize,
}

impl Report {
    /// Whether any error was found.
    pub fn has_errors(&self) -> bool {
        self.files
            .iter()
            .any(|(_, d)| crate::diagnostic::has_errors(d))
    }
}

/// A repository stand-in for building catalog examples: every path with a `.` in its last part
/// is a file, every other path a folder holding `index.html` and the files dir parameters
/// require. (Examples name their files, `./dist` and `./build/handler.zip`; their contents never
/// reach the generated Terraform.)
pub struct ExampleWorld {
    contents: Vec<String>,
}

impl ExampleWorld {
    /// A world whose folders hold what every `dir` parameter of `catalog` requires.
    pub fn for_catalog(catalog: &Catalog) -> Self {
        let mut contents = vec!["index.html".to_string()];
        for module in catalog.modules() {
            for param in module.params.values() {
                for file in &param.contains {
                    if !contents.contains(file) {
                        contents.push(file.clone());
                    }
                }
            }
        }
        contents.sort();
        ExampleWorld { contents }
    }
}

impl World for ExampleWorld {
    fn entry(&self, path: &str) -> Entry {
        match path.rsplit('/').next() {
            Some(last) if last.contains('.') => Entry::File,
            _ => Entry::Dir,
        }
    }

    fn files(&self, dir: &str) -> Vec<(String, Entry)> {
        self.contents
            .iter()
            .map(|f| (format!("{dir}/{f}"), Entry::File))
            .collect()
    }

    fn list(&self, _dir: &str) -> Vec<(String, Entry)> {
        self.contents
            .iter()
            .map(|f| (f.clone(), Entry::File))
            .collect()
    }

    fn read(&self, _path: &str) -> Result<Vec<u8>, crate::world::ReadError> {
        // Example files are stand-ins: they exist, and hold nothing.
        Ok(Vec::new())
    }
}

/// Builds one catalog example (`<module>/examples/<file>.hb`, or a boundary-value variant named
/// `<module>/examples/<file>.hb [<instance>: <change>]`) in the example world, as if it lay in
/// its module's `examples/` folder.
pub fn build_example(
    catalog: &Catalog,
    world: &ExampleWorld,
    source: &SourceFile,
) -> (Option<Vec<crate::emit::GeneratedFile>>, Vec<Diagnostic>) {
    let spec_path = source
        .name()
        .split(" [")
        .next()
        .unwrap_or_default()
        .to_string();
    let output_dir = match spec_path.rsplit_once('/') {
        Some((dir, _)) => format!("{dir}/terraform"),
        None => "terraform".to_string(),
    };
    let input = crate::BuildInput {
        catalog,
        world,
        spec: SpecContext {
            spec_path: &spec_path,
            output_dir: &output_dir,
        },
        environments: crate::stdlib::DEFAULT_ENVIRONMENTS,
        config: None,
    };
    crate::build(source, &input)
}

/// Checks the catalog; `files` are its files as loaded (module.toml and templates give positions).
pub fn check(catalog: &Catalog, files: &[CatalogFile]) -> Report {
    let mut report = Report::default();
    let world = ExampleWorld::for_catalog(catalog);
    // Module by module: interface findings, then every example, then every boundary value.
    let mut jobs: Vec<(bool, SourceFile)> = Vec::new();
    let mut interfaces = Vec::new();
    for module in catalog.modules() {
        let mut found = Report::default();
        interface(module, files, &mut found);
        interfaces.push((jobs.len(), found.files));
        for (file, text) in &module.examples {
            let source = SourceFile::new(format!("{}/examples/{file}", module.name), text.clone());
            jobs.push((false, source));
        }
        jobs.extend(boundary_specs(module).into_iter().map(|s| (true, s)));
    }
    let results = build_all(catalog, &world, &jobs);
    let mut interfaces = interfaces.into_iter().peekable();
    for (at, ((boundary, source), diagnostics)) in jobs.into_iter().zip(results).enumerate() {
        while let Some((_, files)) = interfaces.next_if(|(start, _)| *start == at) {
            report.files.extend(files);
        }
        if !boundary {
            report.examples += 1;
            if !diagnostics.is_empty() {
                report.files.push((source, diagnostics));
            }
            continue;
        }
        report.boundary += 1;
        let (refused, kept): (Vec<_>, Vec<_>) = diagnostics
            .into_iter()
            .partition(|d| d.code == Code::HB0052);
        if !refused.is_empty() && !crate::diagnostic::has_errors(&kept) {
            report.refused += 1;
        }
        if !kept.is_empty() {
            report.files.push((source, kept));
        }
    }
    for (_, files) in interfaces {
        report.files.extend(files);
    }
    report
}

/// Every job's diagnostics, in job order; the builds are independent, so they run on all
/// cores (rayon, which keeps the order).
fn build_all(
    catalog: &Catalog,
    world: &ExampleWorld,
    jobs: &[(bool, SourceFile)],
) -> Vec<Vec<Diagnostic>> {
    let one = |(_, source): &(bool, SourceFile)| build_example(catalog, world, source).1;
    jobs.par_iter().map(one).collect()
}

/// The module's version, and parameters used by templates against those declared.
fn interface(module: &Module, files: &[CatalogFile], report: &mut Report) {
    let toml_path = format!("{}/module.toml", module.name);
    let toml = files
        .iter()
        .find(|f| f.path == toml_path)
        .map_or(String::new(), |f| f.contents.clone());
    let toml_source = SourceFile::new(toml_path.clone(), toml.clone());
    let mut toml_diagnostics = Vec::new();
    if super::index::Version::parse(&module.version).is_none() {
        toml_diagnostics.push(
            Diagnostic::error(
                Code::HB0082,
                key_span(&toml, "version", &module.version),
                format!(
                    "module version \"{}\" is not a semver version",
                    module.version
                ),
                "not MAJOR.MINOR.PATCH",
            )
            .with_help("write three numbers, like \"1.4.0\"; publishing compares versions by them"),
        );
    }
    let mut used: Vec<String> = Vec::new();
    for path in &module.templates {
        let Some(file) = files.iter().find(|f| &f.path == path) else {
            continue;
        };
        let mut diagnostics = Vec::new();
        for (name, span) in param_uses(&file.contents) {
            if module.params.contains_key(&name) {
                if !used.contains(&name) {
                    used.push(name);
                }
                continue;
            }
            let declared: Vec<&str> = module.params.keys().map(String::as_str).collect();
            let mut diagnostic = Diagnostic::error(
                Code::HB0080,
                span,
                format!("the template uses `p.{name}`, which `{toml_path}` does not declare"),
                "undeclared parameter",
            );
            diagnostic = match crate::text::did_you_mean(&name, declared.iter().copied()) {
                Some(close) => diagnostic.with_help(format!(
                    "did you mean `p.{close}`? otherwise declare `[params.{name}]` in module.toml"
                )),
                None => diagnostic.with_help(format!(
                    "declare `[params.{name}]` in module.toml, or remove the use"
                )),
            };
            diagnostics.push(diagnostic);
        }
        if !diagnostics.is_empty() {
            report.files.push((
                SourceFile::new(path.clone(), file.contents.clone()),
                diagnostics,
            ));
        }
    }
    for name in module.params.keys() {
        if used.contains(name) {
            continue;
        }
        let header = format!("[params.{name}]");
        let span = toml
            .find(&header)
            .map_or(Span::empty(0), |at| Span::new(at, at + header.len()));
        toml_diagnostics.push(
            Diagnostic::error(
                Code::HB0081,
                span,
                format!("parameter `{name}` is declared but no template of `{}` uses it", module.name),
                "never used",
            )
            .with_help(format!("use `p.{name}` in a template, or remove the parameter (a removal needs a major version)")),
        );
    }
    if !toml_diagnostics.is_empty() {
        report.files.push((toml_source, toml_diagnostics));
    }
}

/// The span of `key = "value"`'s value on a top-level line of module.toml.
fn key_span(toml: &str, key: &str, value: &str) -> Span {
    let mut offset = 0;
    for line in toml.split_inclusive('\n') {
        if line.trim_start().starts_with(key) {
            if let Some(at) = line.find(value) {
                return Span::new(offset + at, offset + at + value.len());
            }
        }
        offset += line.len();
    }
    Span::empty(0)
}

/// Every `p.<name>` inside a template's Tera tags (`{{ }}`, `{% %}`), with its span.
pub fn param_uses(template: &str) -> Vec<(String, Span)> {
    let mut uses = Vec::new();
    let bytes = template.as_bytes();
    let mut at = 0;
    while let Some(open) = template.get(at..).and_then(|rest| {
        let a = rest.find("{{");
        let b = rest.find("{%");
        match (a, b) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }) {
        let start = at + open + 2;
        let close_marker = if bytes.get(at + open + 1) == Some(&b'{') {
            "}}"
        } else {
            "%}"
        };
        let end = template
            .get(start..)
            .and_then(|rest| rest.find(close_marker))
            .map_or(template.len(), |e| start + e);
        let tag = template.get(start..end).unwrap_or_default();
        let tag_bytes = tag.as_bytes();
        let mut i = 0;
        while let Some(found) = tag.get(i..).and_then(|rest| rest.find("p.")) {
            let p = i + found;
            let before = if p == 0 {
                None
            } else {
                tag_bytes.get(p - 1).copied()
            };
            let boundary =
                before.is_none_or(|c| !(c.is_ascii_alphanumeric() || c == b'_' || c == b'.'));
            let name_start = p + 2;
            let name_len = tag.get(name_start..).map_or(0, |rest| {
                rest.bytes()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == b'_')
                    .count()
            });
            if boundary && name_len > 0 {
                let name = tag
                    .get(name_start..name_start + name_len)
                    .unwrap_or_default();
                uses.push((
                    name.to_string(),
                    Span::new(start + name_start - 2, start + name_start + name_len),
                ));
            }
            i = name_start + name_len;
        }
        at = end;
    }
    uses
}

/// Specs that set each parameter of `module` to its boundary values, one change at a time, on
/// the first instance of the module in its shortest example (plus one with every optional
/// parameter left out).
pub fn boundary_specs(module: &Module) -> Vec<SourceFile> {
    let mut bases: Vec<&(String, String)> = module.examples.iter().collect();
    bases.sort_by_key(|(name, text)| (text.len(), name.clone()));
    for (file, text) in bases {
        let source = SourceFile::new(format!("{}/examples/{file}", module.name), text.clone());
        let (ast, diagnostics) = crate::syntax::parse(&source);
        if crate::diagnostic::has_errors(&diagnostics) {
            continue;
        }
        let Some(block) = ast.items.iter().find_map(|item| match item {
            ast::Item::Instance(block) if block.head.name == module.name => Some(block),
            _ => None,
        }) else {
            continue;
        };
        return variants(module, &source, block);
    }
    Vec::new()
}

fn variants(module: &Module, source: &SourceFile, block: &ast::Block) -> Vec<SourceFile> {
    let text = source.text();
    let instance = block.name.as_ref().map_or("?", |n| n.name.as_str());
    let entry = |param: &str| block.entries.iter().find(|e| e.key_text() == param);
    let mut out = Vec::new();
    let mut push = |label: String, new_text: String| {
        out.push(SourceFile::new(
            format!("{} [{instance}: {label}]", source.name()),
            new_text,
        ));
    };
    for param in module.params.values() {
        for value in boundary_values(&param.ty) {
            let new_text = match entry(&param.name) {
                Some(e) => splice(text, e.value.span, &value),
                None => splice(
                    text,
                    Span::empty(block.open.end),
                    &format!(" {} = {value},", param.name),
                ),
            };
            let shown: String = if value.chars().count() > 24 {
                format!(
                    "{}… ({} characters)",
                    value.chars().take(12).collect::<String>(),
                    value.chars().count().saturating_sub(2)
                )
            } else {
                value.clone()
            };
            push(format!("{} = {shown}", param.name), new_text);
        }
    }
    // Every optional parameter left out, removed from the last so spans stay valid.
    let mut omitted = text.to_string();
    let mut removed = Vec::new();
    for e in block.entries.iter().rev() {
        let name = e.key_text();
        if module.params.get(&name).is_some_and(|p| !p.required()) {
            let mut end = e.span.end;
            let rest = text.get(end..).unwrap_or_default();
            let skip = rest.len() - rest.trim_start().len();
            if rest.trim_start().starts_with(',') {
                end += skip + 1;
            }
            omitted = splice(&omitted, Span::new(e.span.start, end), "");
            removed.push(name);
        }
    }
    if !removed.is_empty() {
        removed.reverse();
        push(format!("{} left out", removed.join(", ")), omitted);
    }
    out
}

fn splice(text: &str, span: Span, with: &str) -> String {
    format!(
        "{}{with}{}",
        text.get(..span.start).unwrap_or_default(),
        text.get(span.end..).unwrap_or_default()
    )
}

/// The values at the edges of `ty`, as spec source text.
pub fn boundary_values(ty: &Type) -> Vec<String> {
    let string = |n: usize| format!("\"{}\"", "a".repeat(n));
    match ty {
        Type::Optional(inner) => boundary_values(inner),
        Type::String { min, max } => {
            let low = min.unwrap_or(0);
            let high = max.unwrap_or(256);
            if low == high {
                vec![string(low)]
            } else {
                vec![string(low), string(high)]
            }
        }
        Type::Int { min, max } => min
            .iter()
            .chain(max.iter())
            .map(ToString::to_string)
            .collect(),
        Type::Duration { min_ms, max_ms } => min_ms
            .iter()
            .chain(max_ms.iter())
            .map(|ms| types::format_duration(*ms))
            .collect(),
        Type::Size {
            min_bytes,
            max_bytes,
        } => min_bytes
            .iter()
            .chain(max_bytes.iter())
            .map(|b| types::format_size(*b))
            .collect(),
        Type::Enum(members) => members.clone(),
        Type::Bool => vec!["true".to_string(), "false".to_string()],
        Type::List(_) => vec!["[]".to_string()],
        Type::Map(_) => vec!["{}".to_string()],
        _ => Vec::new(),
    }
}

/// Whether any diagnostic in the report is an error (warnings alone do not fail a check).
pub fn errors(report: &Report) -> usize {
    report
        .files
        .iter()
        .flat_map(|(_, d)| d)
        .filter(|d| d.severity == Severity::Error)
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::embedded_files;

    #[test]
    fn param_uses_are_found_in_tags_only() {
        let uses =
            param_uses("p.x {{ p.domain | hcl }} {% if p.fifo and not a.p.y %}p.z{% endif %}");
        let names: Vec<&str> = uses.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["domain", "fifo"]);
        assert_eq!(uses[0].1, Span::new(7, 15));
    }

    #[test]
    fn boundary_values_cover_the_edges() {
        let ty = |t: &str| types::parse_type(t).unwrap();
        assert_eq!(boundary_values(&ty("string(1..3)")), ["\"a\"", "\"aaa\""]);
        assert_eq!(boundary_values(&ty("int(1..1000)?")), ["1", "1000"]);
        assert_eq!(boundary_values(&ty("duration(1m..14d)")), ["1m", "14d"]);
        assert_eq!(boundary_values(&ty("enum{a, b}")), ["a", "b"]);
    }

    #[test]
    fn a_module_version_must_be_semver() {
        let mut files = embedded_files();
        let toml = files
            .iter_mut()
            .find(|f| f.path == "queue/module.toml")
            .unwrap();
        toml.contents = toml
            .contents
            .replacen("version = \"0.1.0\"", "version = \"v1.4\"", 1);
        let catalog = Catalog::load(&files).unwrap();
        let report = check(&catalog, &files);
        let (source, diagnostics) = report
            .files
            .iter()
            .find(|(s, _)| s.name() == "queue/module.toml")
            .unwrap();
        assert_eq!(diagnostics[0].code, Code::HB0082);
        let rendered = crate::diagnostic::render::human(source, diagnostics, false);
        assert!(rendered.contains("queue/module.toml:2:12"), "{rendered}");
    }

    #[test]
    fn the_embedded_catalog_passes() {
        let files = embedded_files();
        let catalog = Catalog::load(&files).unwrap();
        let report = check(&catalog, &files);
        let rendered: String = report
            .files
            .iter()
            .map(|(s, d)| crate::diagnostic::render::human(s, d, false))
            .collect();
        assert!(!report.has_errors(), "{rendered}");
        assert!(report.boundary > 50, "{}", report.boundary);
    }
}
