//! The generated files in, a model of what they create out: the shared files (providers.tf,
//! environments/*.tfvars) read once into every aws provider's region and default tags and every
//! environment's variables; each instance file's model (`hbmod_hcl::model`, read where the file
//! was printed) into its resources (type, name, provider, body) and locals. Expressions are
//! evaluated per environment (`hbmod_hcl::eval`) where their inputs are known: variables,
//! locals, account, region.

use hbmod_hcl::eval::{Scope, Term, Value};
use hbmod_hcl::model::{Body, Expr};
use indexmap::IndexMap;

use crate::emit::GeneratedFile;

/// What every instance file is checked with: the aws providers and the environments, read
/// once from the shared files (providers.tf, environments/*.tfvars).
#[derive(Default)]
pub struct Shared {
    /// aws providers by reference (`aws`, `aws.us_east_1`).
    providers: IndexMap<String, Provider>,
    /// Environments with their variables, in tfvars order.
    pub environments: Vec<Environment>,
}

/// What one instance file creates, with the shared context.
pub struct Model<'s, 'b> {
    shared: &'s Shared,
    /// Resources, in source order.
    pub resources: Vec<Resource<'b>>,
    /// Providers the file itself declares (none in the catalog today), before the shared ones.
    providers: IndexMap<String, Provider>,
    /// The file's locals.
    locals: Vec<(String, Term)>,
}

/// One `resource` block.
pub struct Resource<'b> {
    /// The instance whose file holds it (the file name without `.tf`).
    pub instance: String,
    /// The resource type (`aws_s3_bucket`).
    pub kind: String,
    /// `type.name`.
    pub address: String,
    /// Its body.
    pub body: &'b Body,
    /// The provider reference it uses (`aws`, `aws.us_east_1`).
    pub provider: String,
}

struct Provider {
    region: Option<Term>,
    tags: Option<Expr>,
}

/// One environment: its name and the variables its tfvars file sets.
pub struct Environment {
    /// Its name.
    pub name: String,
    vars: Vec<(String, Value)>,
}

/// Why a generated file could not be read.
pub struct ReadError {
    /// The file.
    pub file: String,
    /// What the parser said.
    pub message: String,
}

impl ReadError {
    fn new(file: &GeneratedFile, error: &hbmod_hcl::FormatError) -> ReadError {
        ReadError {
            file: file.name.clone(),
            message: error.to_string(),
        }
    }
}

impl Shared {
    /// Reads the shared files: providers from every `.tf` file, environments from
    /// `environments/<env>.tfvars`.
    pub fn read<'f>(
        files: impl IntoIterator<Item = &'f GeneratedFile>,
    ) -> Result<Shared, ReadError> {
        let mut shared = Shared::default();
        for file in files {
            let body =
                hbmod_hcl::model::read(&file.contents).map_err(|e| ReadError::new(file, &e))?;
            if let Some(env) = file
                .name
                .strip_prefix("environments/")
                .and_then(|n| n.strip_suffix(".tfvars"))
            {
                let nothing = Scope::default();
                let vars = body
                    .attributes
                    .into_iter()
                    .filter_map(|a| Some((a.name, nothing.evaluate(&Term::of(&a.value))?)))
                    .collect();
                shared.environments.push(Environment {
                    name: env.to_string(),
                    vars,
                });
            } else if file.name.ends_with(".tf") {
                read_providers(&body, &mut shared.providers);
            }
        }
        Ok(shared)
    }
}

/// The aws provider blocks of a body, by reference.
fn read_providers(body: &Body, providers: &mut IndexMap<String, Provider>) {
    for block in &body.blocks {
        if block.kind != "provider" || block.labels != ["aws"] {
            continue;
        }
        let alias = attribute(&block.body, "alias").map(expression_text);
        let region = attribute(&block.body, "region").map(Term::of);
        let tags = block
            .body
            .blocks
            .iter()
            .find(|b| b.kind == "default_tags")
            .and_then(|b| attribute(&b.body, "tags"))
            .cloned();
        let key = alias.map_or("aws".to_string(), |a| format!("aws.{a}"));
        providers.insert(key, Provider { region, tags });
    }
}

impl<'s, 'b> Model<'s, 'b> {
    /// The model of `instance`'s file (`body`, read once where it was printed).
    pub fn new(shared: &'s Shared, instance: &str, body: &'b Body) -> Model<'s, 'b> {
        let mut model = Model {
            shared,
            resources: Vec::new(),
            providers: IndexMap::new(),
            locals: Vec::new(),
        };
        read_providers(body, &mut model.providers);
        for block in &body.blocks {
            match (block.kind.as_str(), block.labels.as_slice()) {
                ("resource", [kind, name]) => {
                    let provider = attribute(&block.body, "provider")
                        .map(expression_text)
                        .unwrap_or_else(|| default_provider(kind));
                    model.resources.push(Resource {
                        instance: instance.to_string(),
                        kind: kind.clone(),
                        address: format!("{kind}.{name}"),
                        body: &block.body,
                        provider,
                    });
                }
                ("locals", []) => {
                    for attribute in &block.body.attributes {
                        model
                            .locals
                            .push((attribute.name.clone(), Term::of(&attribute.value)));
                    }
                }
                _ => {}
            }
        }
        model
    }

    /// The environments, in tfvars order.
    pub fn environments(&self) -> &'s [Environment] {
        &self.shared.environments
    }

    fn provider(&self, provider: &str) -> Option<&Provider> {
        self.providers
            .get(provider)
            .or_else(|| self.shared.providers.get(provider))
    }

    /// The region of a provider reference, when that provider is generated.
    pub fn provider_region(&self, provider: &str) -> Option<&Term> {
        self.provider(provider).and_then(|p| p.region.as_ref())
    }

    /// The default tags expression of a provider reference.
    pub fn provider_tags(&self, provider: &str) -> Option<&Expr> {
        self.provider(provider).and_then(|p| p.tags.as_ref())
    }

    /// An evaluator for `environment`'s values (or, with `None`, for what holds in every one).
    pub fn evaluator(&self, environment: Option<&Environment>) -> Evaluator<'_> {
        let vars = environment.map(|e| e.vars.clone()).unwrap_or_default();
        let text = |key: &str| match vars.iter().find(|(k, _)| k == key) {
            Some((_, Value::String(s))) => Some(s.clone()),
            _ => None,
        };
        // Only the length of the account ID matters to the checks when it is not known.
        let account = text("account_id").unwrap_or_else(|| "000000000000".to_string());
        let mut data = vec![(
            "aws_caller_identity",
            Value::object([(
                "current",
                Value::object([("account_id", Value::String(account))]),
            )]),
        )];
        if let Some(region) = text("region") {
            let current = Value::object([
                ("region", Value::String(region.clone())),
                ("name", Value::String(region)),
            ]);
            data.push(("aws_region", Value::object([("current", current)])));
        }
        data.push((
            "aws_partition",
            Value::object([(
                "current",
                Value::object([
                    ("partition", Value::String("aws".to_string())),
                    ("dns_suffix", Value::String("amazonaws.com".to_string())),
                ]),
            )]),
        ));
        let mut scope = Scope::default();
        scope.set("var", Value::Object(vars));
        scope.set("data", Value::object(data));
        scope.function("format", format);
        Evaluator {
            locals: &self.locals,
            scope,
            with_locals: None,
        }
    }
}

/// Evaluates expressions of one environment, with the file's locals computed once.
pub struct Evaluator<'m> {
    locals: &'m [(String, Term)],
    scope: Scope,
    with_locals: Option<Scope>,
}

impl Evaluator<'_> {
    /// The value of `term` without locals, when everything it reads is known.
    pub fn value(&self, term: &Term) -> Option<Value> {
        self.scope.evaluate(term)
    }

    /// The value of `term` with the file's locals known, when known.
    pub fn value_in(&mut self, term: &Term) -> Option<Value> {
        if self.with_locals.is_none() {
            self.with_locals = Some(self.compute_locals());
        }
        self.with_locals.as_ref()?.evaluate(term)
    }

    /// The scope with the file's locals that can be computed: passes until none is added, so
    /// a local may use another declared after it.
    fn compute_locals(&self) -> Scope {
        let mut scope = self.scope.clone();
        scope.set("local", Value::Object(Vec::new()));
        let mut known = vec![false; self.locals.len()];
        loop {
            let mut added = false;
            for ((key, term), known) in self.locals.iter().zip(known.iter_mut()) {
                if *known {
                    continue;
                }
                if let Some(value) = scope.evaluate(term) {
                    if let Some(Value::Object(locals)) = scope.variable_mut("local") {
                        locals.push((key.clone(), value));
                    }
                    *known = true;
                    added = true;
                }
            }
            if !added {
                return scope;
            }
        }
    }
}

/// The attribute `key` of a body.
pub fn attribute<'b>(body: &'b Body, key: &str) -> Option<&'b Expr> {
    body.attributes
        .iter()
        .find(|a| a.name == key)
        .map(|a| &a.value)
}

/// Terraform's `format` for the verbs generated code uses: `%s`, `%d` and `%%`.
fn format(args: &[Value]) -> Option<Value> {
    let (Some(Value::String(spec)), values) = (args.first(), args.get(1..).unwrap_or_default())
    else {
        return None;
    };
    let mut values = values.iter();
    let mut out = String::new();
    let mut chars = spec.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('%') => out.push('%'),
            Some('s' | 'd') => out.push_str(&values.next()?.as_text()?),
            _ => return None,
        }
    }
    Some(Value::String(out))
}

/// The provider a resource uses without a `provider` argument: its type's prefix.
fn default_provider(kind: &str) -> String {
    kind.split('_').next().unwrap_or(kind).to_string()
}

/// A string literal's value (`alias = "us_east_1"`); other expressions (`aws.us_east_1`) as
/// their text.
pub fn expression_text(expression: &Expr) -> String {
    expression
        .as_literal_string()
        .unwrap_or_else(|| expression.text())
}
