//! The hbmod compiler as a library: spec text in, diagnostics (and, later, Terraform) out.
//! It does no file-system, environment or process access; the `hbmod` binary does that.

pub mod catalog;
pub mod check;
pub mod config;
pub use source::SourceFile;
pub mod diagnostic;
pub mod diff;
pub mod emit;
pub mod escape;
pub mod expand;
pub mod ir;
pub mod memo;
pub mod package;
pub mod policy;
pub mod publish;
pub mod resolve;
pub mod rules;
pub mod source;
pub mod stdlib;
pub mod syntax;
pub mod template;
pub mod text;
pub mod types;
pub mod unified;
pub mod version;
pub mod workspace;
pub mod world;

use diagnostic::Diagnostic;
use rayon::prelude::*;

/// Parses and checks one spec: every diagnostic the front end finds, sorted by position.
pub fn check_source(source: &SourceFile) -> (syntax::ast::File, Vec<Diagnostic>) {
    let (file, mut diagnostics) = syntax::parse(source);
    diagnostics.extend(check::structure(&file));
    diagnostic::sort(&mut diagnostics);
    (file, diagnostics)
}

/// Everything `build` needs besides the spec text.
pub struct BuildInput<'a> {
    /// The module catalog.
    pub catalog: &'a catalog::Catalog,
    /// The repository, read-only.
    pub world: &'a dyn world::World,
    /// Where the spec and its output are, relative to the repository root.
    pub spec: resolve::SpecContext<'a>,
    /// The environments names are generated for.
    pub environments: &'a [&'a str],
    /// The org config, when the repository has one.
    pub config: Option<&'a config::OrgConfig>,
}

/// Parses, checks and resolves one spec against the catalog: the plan when there is no error,
/// and every diagnostic, sorted by position.
pub fn check_spec(
    source: &SourceFile,
    input: &BuildInput<'_>,
) -> (Option<ir::Plan>, Vec<Diagnostic>) {
    // A syntax error makes the tree unreliable: stop there. Structural mistakes (an overlay on
    // an unknown instance, a duplicate name) do not: the spec is also resolved, so that one run
    // reports every independent mistake, not the first stage's only.
    let (file, mut diagnostics) = syntax::parse(source);
    if diagnostic::has_errors(&diagnostics) {
        diagnostic::sort(&mut diagnostics);
        return (None, diagnostics);
    }
    diagnostics.extend(check::structure(&file));
    let (plan, found) = resolve::resolve(
        &file,
        input.catalog,
        input.world,
        input.spec,
        input.config,
        input.environments,
    );
    diagnostics.extend(found);
    diagnostic::sort(&mut diagnostics);
    // Both stages may see one mistake (a duplicate name): report it once.
    diagnostics.dedup_by(|a, b| a.code == b.code && a.primary_span() == b.primary_span());
    let plan = plan.filter(|_| !diagnostic::has_errors(&diagnostics));
    (plan, diagnostics)
}

/// Builds one spec into the files of its Terraform root module. Files come only when there is
/// no error: a failed build produces nothing, never part of an output.
pub fn build(
    source: &SourceFile,
    input: &BuildInput<'_>,
) -> (Option<Vec<emit::GeneratedFile>>, Vec<Diagnostic>) {
    build_with(source, input, None)
}

/// `build`, reusing from `memo` what the previous build of this spec computed for instances
/// whose inputs are unchanged, and leaving this build's results in it. The result is the one
/// `build` gives.
pub fn build_with(
    source: &SourceFile,
    input: &BuildInput<'_>,
    memo: Option<&memo::Memo>,
) -> (Option<Vec<emit::GeneratedFile>>, Vec<Diagnostic>) {
    let (plan, diagnostics) = check_spec(source, input);
    let Some(plan) = plan else {
        return (None, diagnostics);
    };
    build_resolved(&plan, input, memo, diagnostics)
}

/// `build_with` for a spec `check_spec` resolved already (to `plan`, with `diagnostics`, which
/// hold no error): expansion, printing and the org policies. An editor publishes the front
/// end's diagnostics first and completes them with this.
pub fn build_resolved(
    plan: &ir::Plan,
    input: &BuildInput<'_>,
    memo: Option<&memo::Memo>,
    diagnostics: Vec<Diagnostic>,
) -> (Option<Vec<emit::GeneratedFile>>, Vec<Diagnostic>) {
    if let Some(memo) = memo {
        memo.start(input.catalog.fingerprint());
    }
    let (files, diagnostics) = expand_and_check(plan, input, memo, diagnostics);
    if let Some(memo) = memo {
        memo.finish();
    }
    (files, diagnostics)
}

/// The files of a resolved plan and every diagnostic: `build` after `check_spec`.
fn expand_and_check(
    plan: &ir::Plan,
    input: &BuildInput<'_>,
    memo: Option<&memo::Memo>,
    mut diagnostics: Vec<Diagnostic>,
) -> (Option<Vec<emit::GeneratedFile>>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    for result in expand_instances(plan, input, memo) {
        match result {
            Ok(file) => files.push(file),
            Err(Failure::Bug(instance, message)) => {
                diagnostics.push(module_bug(plan, &instance, &message))
            }
            Err(Failure::Refused(instance, message)) => {
                diagnostics.push(refused(plan, &instance, &message))
            }
        }
    }
    match emit::shared_files(plan, input.catalog, input.environments, input.config) {
        Ok(shared) => files.extend(shared),
        Err(error) => diagnostics.push(module_bug(
            plan,
            "",
            &format!("{}: {}", error.file, error.message),
        )),
    }
    if diagnostic::has_errors(&diagnostics) {
        return (None, diagnostics);
    }
    files.sort_by(|a, b| a.name.cmp(&b.name));
    diagnostics.extend(check_policies(plan, &files, input.config, memo));
    if diagnostic::has_errors(&diagnostics) {
        diagnostic::sort(&mut diagnostics);
        return (None, diagnostics);
    }
    (Some(files), diagnostics)
}

/// The org policies (the stdlib's, then the org config's) over the generated files.
fn check_policies(
    plan: &ir::Plan,
    files: &[emit::GeneratedFile],
    config: Option<&config::OrgConfig>,
    memo: Option<&memo::Memo>,
) -> Vec<Diagnostic> {
    let mut rules = policy::rules::stdlib();
    let mut allowed_regions = Vec::new();
    let mut required_tags = Vec::new();
    if let Some(config) = config {
        rules.extend(config.policies.iter().cloned());
        allowed_regions.clone_from(&config.allowed_regions);
        required_tags.extend(config.required_tags.keys().cloned());
    }
    policy::check(plan, files, &rules, &allowed_regions, &required_tags, memo)
}

/// Each instance's file, in plan order. Instances are independent, so they are expanded and
/// printed on all cores (rayon, which keeps the order); the result does not depend on how the
/// work was split.
fn expand_instances(
    plan: &ir::Plan,
    input: &BuildInput<'_>,
    memo: Option<&memo::Memo>,
) -> Vec<Result<emit::GeneratedFile, Failure>> {
    // (new, old) of every instance renamed with `was`: their resources, and resources of
    // other instances named after them, get `moved` blocks.
    let renames: Vec<(String, String)> = plan
        .instances
        .iter()
        .filter_map(|i| i.was.clone().map(|old| (i.name.clone(), old)))
        .collect();
    let failure = |e: expand::ExpandError| {
        if e.refused {
            Failure::Refused(e.instance, e.message)
        } else {
            Failure::Bug(e.instance, e.message)
        }
    };
    let indexed = expand::Indexed::new(plan);
    let one = |instance: &ir::Instance| -> Result<emit::GeneratedFile, Failure> {
        let expansion =
            expand::instance_input(&indexed, instance, input.catalog, input.environments)
                .map_err(failure)?;
        // What the file is made of besides the catalog: the expansion input, the renames that
        // add `moved` blocks, and the spec path in the header.
        let key = memo.map(|_| format!("{}\0{renames:?}\0{}", expansion.key(), plan.spec_path));
        if let (Some(memo), Some(key)) = (memo, &key) {
            if let Some(result) = memo.expanded(&instance.name, key) {
                return result;
            }
        }
        let result = expansion
            .render(input.catalog)
            .map_err(failure)
            .map(|mut text| {
                if !renames.is_empty() {
                    let moved = expand::moved_blocks(&text, &instance.name, &renames);
                    if !moved.is_empty() {
                        text.push('\n');
                        text.push_str(&moved);
                    }
                }
                text
            })
            .and_then(|text| {
                emit::instance_file(plan, &instance.name, &text).map_err(|e| {
                    Failure::Bug(instance.name.clone(), format!("{}: {}", e.file, e.message))
                })
            });
        if let (Some(memo), Some(key)) = (memo, key) {
            memo.expand(&instance.name, key, &result);
        }
        result
    };
    plan.instances.par_iter().map(one).collect()
}

use memo::Failure;

/// A module's refusal of an instance's values (a rule its types cannot express).
fn refused(plan: &ir::Plan, instance: &str, message: &str) -> Diagnostic {
    let found = plan.instances.iter().find(|i| i.name == instance);
    let span = found.map_or(source::Span::empty(0), |i| i.span);
    let module = found.map_or("?", |i| i.module.as_str());
    Diagnostic::error(
        diagnostic::Code::HB0052,
        span,
        format!("the `{module}` module refuses these values for `{instance}`"),
        "this instance",
    )
    .with_note(message.to_string())
    .with_help(format!("change the spec as the note says (the parameters of `{instance}`, or of the instances that reference it); `hbmod catalog show {module}` lists its parameters"))
}

/// A catalog template that failed: the platform team's bug, reported at the instance.
fn module_bug(plan: &ir::Plan, instance: &str, message: &str) -> Diagnostic {
    let found = plan.instances.iter().find(|i| i.name == instance);
    let span = found.map_or(source::Span::empty(0), |i| i.span);
    let module = found.map_or("?", |i| i.module.as_str());
    Diagnostic::error(
        diagnostic::Code::HB0048,
        span,
        format!("the `{module}` module produced invalid Terraform for `{instance}`"),
        "while expanding this instance",
    )
    .with_note(message.to_string())
    .with_help(format!("this is a bug in the catalog module `{module}`, not in your spec: report it to the team that maintains the catalog"))
}
