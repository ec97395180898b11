//! The typed, resolved plan of one spec: what `resolve` produces from the AST and the catalog,
//! and what `expand` renders. Values carry their parameter's type; nothing here is unchecked.

use indexmap::IndexMap;

use crate::source::Span;

/// Everything a spec asks for, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// The spec's path relative to the repository root (`services/web/site.hb`).
    pub spec_path: String,
    /// Who owns it.
    pub service: Service,
    /// Instances in source order.
    pub instances: Vec<Instance>,
    /// The naming pattern physical names follow (the org config's, or the stdlib default).
    pub naming_pattern: String,
    /// The organisation's name (empty without an org config).
    pub org: String,
    /// The tag key that names the owning team on every resource and role (`Team` by default).
    pub team_tag: String,
    /// ABAC is on (the org config names the team tag key): granted statements are conditioned
    /// on the resource's team tag matching the principal's.
    pub abac: bool,
}

/// The service header, completed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Service {
    /// The service's name (the header's, or the spec's folder name).
    pub name: String,
    /// The owning team.
    pub team: String,
    /// Who to ask.
    pub owner: Option<String>,
    /// What it is.
    pub description: Option<String>,
    /// Tags from the header's `tags`, added to every resource (the org config may require some).
    pub tags: IndexMap<String, String>,
}

/// One instance of a catalog module.
#[derive(Debug, Clone, PartialEq)]
pub struct Instance {
    /// Its name: a safe identifier.
    pub name: String,
    /// The module it instantiates.
    pub module: String,
    /// Every parameter of the module, defaults applied, in the module's order.
    pub params: IndexMap<String, Value>,
    /// Parameters whose value differs between environments (through overlays): for each, the
    /// value in every environment. They become Terraform variables set by the tfvars files.
    pub varying: IndexMap<String, IndexMap<String, Value>>,
    /// Where it is declared in the spec.
    pub span: Span,
    /// `was OLD`: the name it had before a rename. Physical names keep following OLD, and
    /// its file moves every resource from OLD's addresses (`moved` blocks).
    pub was: Option<String>,
}

impl Instance {
    /// The name physical names are made from: the old one while `was` is there.
    pub fn physical_name(&self) -> &str {
        self.was.as_deref().unwrap_or(&self.name)
    }
}

/// A checked value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Text (strings, domains, emails, URLs, ARNs, regions, CIDRs), NFC-normalised.
    String(String),
    /// An enum member.
    Enum(String),
    /// A whole number.
    Int(i64),
    /// A boolean.
    Bool(bool),
    /// A duration in whole seconds.
    Seconds(u64),
    /// A size in whole megabytes.
    Megabytes(u64),
    /// A file or folder, as a path relative to the generated root module.
    Path(String),
    /// A list.
    List(Vec<Value>),
    /// A map with string keys.
    Map(IndexMap<String, Value>),
    /// Another instance.
    Ref(String),
    /// Another instance's output, as the HCL expression that yields it.
    OutputRef {
        /// The instance.
        instance: String,
        /// The output.
        output: String,
        /// The HCL expression.
        expression: String,
    },
    /// An optional parameter left out.
    Null,
}
