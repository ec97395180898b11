//! Generated Terraform files in, a model of what they create out: every resource with the
//! instance whose file holds it, its type, name, provider and body; every aws provider's region
//! and default tags; every environment's variables (its tfvars file). Expressions are
//! evaluated per environment where their inputs are known (variables, locals, account, region).

use hcl::eval::{Context, Evaluate, FuncArgs, FuncDef, ParamType};
use hcl::{Body, Expression, Map, Value};
use indexmap::IndexMap;

use crate::emit::GeneratedFile;

/// What the generated files create.
pub struct Model {
    /// Resources, in file order and then source order.
    pub resources: Vec<Resource>,
    /// aws providers by reference (`aws`, `aws.us_east_1`).
    providers: IndexMap<String, Provider>,
    /// Environments with their variables, in tfvars order.
    pub environments: Vec<Environment>,
    /// Each file's locals, by file index.
    locals: Vec<Vec<(String, Expression)>>,
}

/// One `resource` block.
pub struct Resource {
    /// The instance whose file holds it (the file name without `.tf`).
    pub instance: String,
    /// The resource type (`aws_s3_bucket`).
    pub kind: String,
    /// `type.name`.
    pub address: String,
    /// Its body.
    pub body: Body,
    /// The provider reference it uses (`aws`, `aws.us_east_1`).
    pub provider: String,
    file: usize,
}

struct Provider {
    region: Option<Expression>,
    tags: Option<Expression>,
}

/// One environment: its name and the variables its tfvars file sets.
pub struct Environment {
    /// Its name.
    pub name: String,
    vars: Map<String, Value>,
}

/// Why the generated files could not be read.
pub struct ReadError {
    /// The file.
    pub file: String,
    /// What the parser said.
    pub message: String,
}

impl Model {
    /// Reads the generated files. Instance files are `<instance>.tf`; providers come from every
    /// `.tf` file, environments from `environments/<env>.tfvars`.
    pub fn read<'f>(
        files: impl IntoIterator<Item = &'f GeneratedFile>,
    ) -> Result<Model, ReadError> {
        let mut model = Model {
            resources: Vec::new(),
            providers: IndexMap::new(),
            environments: Vec::new(),
            locals: Vec::new(),
        };
        for file in files {
            let parse = || {
                hcl::parse(&file.contents).map_err(|e| ReadError {
                    file: file.name.clone(),
                    message: e.to_string(),
                })
            };
            if let Some(env) = file
                .name
                .strip_prefix("environments/")
                .and_then(|n| n.strip_suffix(".tfvars"))
            {
                let vars = parse()?
                    .attributes()
                    .filter_map(|a| {
                        let value = a.expr.evaluate(&Context::new()).ok()?;
                        Some((a.key.to_string(), value))
                    })
                    .collect();
                model.environments.push(Environment {
                    name: env.to_string(),
                    vars,
                });
                continue;
            }
            let Some(stem) = file.name.strip_suffix(".tf") else {
                continue;
            };
            let index = model.locals.len();
            let mut locals = Vec::new();
            for block in parse()?.into_blocks() {
                let labels: Vec<&str> = block.labels.iter().map(|l| l.as_str()).collect();
                match (block.identifier.as_str(), labels.as_slice()) {
                    ("resource", [kind, name]) => {
                        let provider = block
                            .body
                            .attributes()
                            .find(|a| a.key.as_str() == "provider")
                            .map(|a| expression_text(&a.expr))
                            .unwrap_or_else(|| default_provider(kind));
                        model.resources.push(Resource {
                            instance: stem.to_string(),
                            kind: (*kind).to_string(),
                            address: format!("{kind}.{name}"),
                            body: block.body,
                            provider,
                            file: index,
                        });
                    }
                    ("provider", ["aws"]) => {
                        let attribute =
                            |key: &str| block.body.attributes().find(|a| a.key.as_str() == key);
                        let alias = attribute("alias").map(|a| expression_text(&a.expr));
                        let region = attribute("region").map(|a| a.expr.clone());
                        let tags = block
                            .body
                            .blocks()
                            .find(|b| b.identifier.as_str() == "default_tags")
                            .and_then(|b| b.body.attributes().find(|a| a.key.as_str() == "tags"))
                            .map(|a| a.expr.clone());
                        let key = alias.map_or("aws".to_string(), |a| format!("aws.{a}"));
                        model.providers.insert(key, Provider { region, tags });
                    }
                    ("locals", []) => {
                        for attribute in block.body.into_attributes() {
                            locals.push((attribute.key.to_string(), attribute.expr));
                        }
                    }
                    _ => {}
                }
            }
            model.locals.push(locals);
        }
        Ok(model)
    }

    /// The region expression of a provider reference, when that provider is generated.
    pub fn provider_region(&self, provider: &str) -> Option<&Expression> {
        self.providers.get(provider).and_then(|p| p.region.as_ref())
    }

    /// The default tags expression of a provider reference.
    pub fn provider_tags(&self, provider: &str) -> Option<&Expression> {
        self.providers.get(provider).and_then(|p| p.tags.as_ref())
    }

    /// An evaluator for `environment`'s values (or, with `None`, for what holds in every one).
    pub fn evaluator(&self, environment: Option<&Environment>) -> Evaluator<'_> {
        let vars = environment.map(|e| e.vars.clone()).unwrap_or_default();
        let text = |key: &str| match vars.get(key) {
            Some(Value::String(s)) => Some(s.clone()),
            _ => None,
        };
        // Only the length of the account ID matters to the checks when it is not known.
        let account = text("account_id").unwrap_or_else(|| "000000000000".to_string());
        let mut data = Map::new();
        data.insert(
            "aws_caller_identity".to_string(),
            object([("current", object([("account_id", Value::String(account))]))]),
        );
        if let Some(region) = text("region") {
            let current = object([
                ("region", Value::String(region.clone())),
                ("name", Value::String(region)),
            ]);
            data.insert("aws_region".to_string(), object([("current", current)]));
        }
        data.insert(
            "aws_partition".to_string(),
            object([(
                "current",
                object([
                    ("partition", Value::String("aws".to_string())),
                    ("dns_suffix", Value::String("amazonaws.com".to_string())),
                ]),
            )]),
        );
        let mut context = Context::new();
        context.declare_var("var", Value::Object(vars));
        context.declare_var("data", Value::Object(data));
        context.declare_func(
            "format",
            FuncDef::builder()
                .param(ParamType::String)
                .variadic_param(ParamType::Any)
                .build(format),
        );
        Evaluator {
            model: self,
            context,
            locals: IndexMap::new(),
        }
    }
}

/// Evaluates expressions of one environment, with each file's locals computed once.
pub struct Evaluator<'m> {
    model: &'m Model,
    context: Context<'static>,
    locals: IndexMap<usize, Context<'static>>,
}

impl Evaluator<'_> {
    /// The value of `expression` without locals, when everything it reads is known.
    pub fn value(&self, expression: &Expression) -> Option<Value> {
        expression.evaluate(&self.context).ok()
    }

    /// The value of `expression` in `resource`'s file (its locals known), when known.
    pub fn value_in(&mut self, resource: &Resource, expression: &Expression) -> Option<Value> {
        let file = resource.file;
        if !self.locals.contains_key(&file) {
            let context = self.with_locals(file);
            self.locals.insert(file, context);
        }
        let context = self.locals.get(&file)?;
        expression.evaluate(context).ok()
    }

    /// The context with the file's locals that can be computed: passes until none is added, so
    /// a local may use another declared after it.
    fn with_locals(&self, file: usize) -> Context<'static> {
        let declared = self
            .model
            .locals
            .get(file)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let mut known = Map::new();
        loop {
            let mut context = self.context.clone();
            context.declare_var("local", Value::Object(known.clone()));
            let mut added = false;
            for (key, expression) in declared {
                if known.contains_key(key) {
                    continue;
                }
                if let Ok(value) = expression.evaluate(&context) {
                    known.insert(key.clone(), value);
                    added = true;
                }
            }
            if !added {
                return context;
            }
        }
    }
}

fn object<const N: usize>(entries: [(&str, Value); N]) -> Value {
    Value::Object(
        entries
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
    )
}

/// Terraform's `format` for the verbs generated code uses: `%s`, `%d` and `%%`.
fn format(args: FuncArgs) -> Result<Value, String> {
    let mut positional = args.positional_args();
    let Some(Value::String(spec)) = positional.next() else {
        return Err("format: the first argument must be a string".to_string());
    };
    let mut values = args.variadic_args();
    let mut out = String::new();
    let mut chars = spec.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('%') => out.push('%'),
            Some('s' | 'd') => match values.next() {
                Some(Value::String(s)) => out.push_str(s),
                Some(Value::Number(n)) => out.push_str(&n.to_string()),
                Some(Value::Bool(b)) => out.push_str(&b.to_string()),
                _ => return Err("format: too few or unprintable arguments".to_string()),
            },
            _ => return Err("format: an unsupported verb".to_string()),
        }
    }
    Ok(Value::String(out))
}

/// The provider a resource uses without a `provider` argument: its type's prefix.
fn default_provider(kind: &str) -> String {
    kind.split('_').next().unwrap_or(kind).to_string()
}

/// A traversal (`aws.us_east_1`, `var.x`) as text; other expressions as HCL.
pub fn expression_text(expression: &Expression) -> String {
    match expression {
        Expression::String(s) => s.clone(),
        other => hcl::format::to_string(other).unwrap_or_default(),
    }
}
