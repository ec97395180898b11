//! The hbmod compiler as a library: spec text in, diagnostics and the Terraform files out
//! (returned, or handed over one by one as each is complete: `build_into`). It does no
//! file-system, environment or process access; the `hbmod` binary does that.

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
/// The HCL printer, model and evaluator the library builds on, for callers that keep models.
pub use hbmod_hcl;
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
    let kept = std::sync::Mutex::new(Vec::new());
    let keep = |file, _| {
        kept.lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(file)
    };
    let (built, diagnostics) = expand_and_check(plan, input, memo, diagnostics, &keep);
    if let Some(memo) = memo {
        memo.finish();
    }
    let files = built.map(|_| {
        let mut files = kept
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        files.sort_by(|a: &emit::GeneratedFile, b| a.name.cmp(&b.name));
        files
    });
    (files, diagnostics)
}

/// Builds one spec as `build` does, but hands each file to `put` as soon as it is complete and
/// policy-checked instead of keeping them all, so that memory holds a few files at a time
/// whatever the spec's size. `put` is called from several threads, in no particular order.
/// Returns the names of the files put, sorted, when the build succeeded; when it failed, some
/// files may have been put already and the caller must discard them (`hbmod build` writes
/// into a staging folder that it then drops).
pub fn build_into(
    source: &SourceFile,
    input: &BuildInput<'_>,
    put: &(dyn Fn(emit::GeneratedFile) + Sync),
) -> (Option<Vec<String>>, Vec<Diagnostic>) {
    let (plan, diagnostics) = check_spec(source, input);
    let Some(plan) = plan else {
        return (None, diagnostics);
    };
    expand_and_check(&plan, input, None, diagnostics, &|file, _| put(file))
}

/// Builds one spec as `build` does, and keeps with each instance's file the model read while it
/// was printed (`None` for the shared files): for callers that look into the files they build
/// (`hbmod diff`), so that they never parse them again.
pub fn build_and_read(
    source: &SourceFile,
    input: &BuildInput<'_>,
) -> (Option<Vec<Read>>, Vec<Diagnostic>) {
    let (plan, diagnostics) = check_spec(source, input);
    let Some(plan) = plan else {
        return (None, diagnostics);
    };
    let kept = std::sync::Mutex::new(Vec::new());
    let keep = |file, body| {
        kept.lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push((file, body))
    };
    let (built, diagnostics) = expand_and_check(&plan, input, None, diagnostics, &keep);
    let files = built.map(|_| {
        let mut files = kept
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        files.sort_by(|a: &Read, b| a.0.name.cmp(&b.0.name));
        files
    });
    (files, diagnostics)
}

/// A generated file and, for an instance's file, its model (`hbmod_hcl::model`).
pub type Read = (emit::GeneratedFile, Option<hbmod_hcl::model::Body>);

/// Where the build stage hands each file once it is printed and checked, with its model when it
/// has one.
type Sink<'p> = &'p (dyn Fn(emit::GeneratedFile, Option<hbmod_hcl::model::Body>) + Sync);

/// The files of a resolved plan, each handed to `put` when printed and checked, and every
/// diagnostic: `build` after `check_spec`. The names of the files put come back when there is
/// no error. The shared files come first, so that each instance's file is policy-checked right
/// where it is printed, from the model read in the same parse, and never read again.
fn expand_and_check(
    plan: &ir::Plan,
    input: &BuildInput<'_>,
    memo: Option<&memo::Memo>,
    mut diagnostics: Vec<Diagnostic>,
    put: Sink<'_>,
) -> (Option<Vec<String>>, Vec<Diagnostic>) {
    let shared = match emit::shared_files(plan, input.catalog, input.environments, input.config) {
        Ok(shared) => shared,
        Err(error) => {
            diagnostics.push(module_bug(
                plan,
                "",
                &format!("{}: {}", error.file, error.message),
            ));
            return (None, diagnostics);
        }
    };
    let policies = Policies::of(input.config);
    let (mut context, others): (Vec<emit::GeneratedFile>, Vec<emit::GeneratedFile>) =
        shared.into_iter().partition(|f| policy::is_shared(&f.name));
    // In file-name order, as in the output folder: environments are judged in that order.
    context.sort_by(|a, b| a.name.cmp(&b.name));
    let checker = policy::Checker::new(
        plan,
        &context,
        &policies.rules,
        &policies.allowed_regions,
        &policies.required_tags,
        memo,
    );
    let mut names: Vec<String> = context
        .iter()
        .chain(&others)
        .map(|f| f.name.clone())
        .collect();
    context
        .into_iter()
        .chain(others)
        .for_each(|file| put(file, None));
    let mut findings = Vec::new();
    for result in expand_instances(plan, input, memo, &checker, put) {
        match result {
            Ok((name, found)) => {
                names.push(name);
                findings.push(found);
            }
            Err(Failure::Bug(instance, message)) => {
                diagnostics.push(module_bug(plan, &instance, &message))
            }
            Err(Failure::Refused(instance, message)) => {
                diagnostics.push(refused(plan, &instance, &message))
            }
        }
    }
    if diagnostic::has_errors(&diagnostics) {
        return (None, diagnostics);
    }
    diagnostics.extend(checker.diagnostics(findings));
    if diagnostic::has_errors(&diagnostics) {
        diagnostic::sort(&mut diagnostics);
        return (None, diagnostics);
    }
    names.sort();
    (Some(names), diagnostics)
}

/// The org policies a build checks: the stdlib's rules, then the org config's, with the org's
/// allowed regions and required tags.
struct Policies {
    rules: Vec<policy::Rule>,
    allowed_regions: Vec<String>,
    required_tags: Vec<String>,
}

impl Policies {
    fn of(config: Option<&config::OrgConfig>) -> Policies {
        let mut policies = Policies {
            rules: policy::rules::stdlib(),
            allowed_regions: Vec::new(),
            required_tags: Vec::new(),
        };
        if let Some(config) = config {
            policies.rules.extend(config.policies.iter().cloned());
            policies.allowed_regions.clone_from(&config.allowed_regions);
            policies
                .required_tags
                .extend(config.required_tags.keys().cloned());
        }
        policies
    }
}

/// Each instance's file name, with what the policy checks found in the file, in plan order;
/// the file itself goes to `put` once checked. Instances are independent, so they are expanded,
/// printed and checked on all cores (rayon, which keeps the order); the result does not depend
/// on how the work was split.
fn expand_instances(
    plan: &ir::Plan,
    input: &BuildInput<'_>,
    memo: Option<&memo::Memo>,
    checker: &policy::Checker<'_>,
    put: Sink<'_>,
) -> Vec<Result<(String, policy::Findings), Failure>> {
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
    let check =
        |instance: &str, file: emit::GeneratedFile, body: Option<hbmod_hcl::model::Body>| {
            let found = checker.instance(instance, &file, body.as_ref());
            let name = file.name.clone();
            put(file, body);
            (name, found)
        };
    let one = |instance: &ir::Instance| {
        let expansion =
            expand::instance_input(&indexed, instance, input.catalog, input.environments)
                .map_err(failure)?;
        // What the file is made of besides the catalog: the expansion input, the renames that
        // add `moved` blocks, and the spec path in the header.
        let key = memo.map(|_| format!("{}\0{renames:?}\0{}", expansion.key(), plan.spec_path));
        if let (Some(memo), Some(key)) = (memo, &key) {
            if let Some(result) = memo.expanded(&instance.name, key) {
                return result.map(|file| check(&instance.name, file, None));
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
                emit::instance_file_and_model(plan, &instance.name, &text).map_err(|e| {
                    Failure::Bug(instance.name.clone(), format!("{}: {}", e.file, e.message))
                })
            });
        let (result, body) = match result {
            Ok((file, body)) => (Ok(file), Some(body)),
            Err(failure) => (Err(failure), None),
        };
        if let (Some(memo), Some(key)) = (memo, key) {
            memo.expand(&instance.name, key, &result);
        }
        result.map(|file| check(&instance.name, file, body))
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
