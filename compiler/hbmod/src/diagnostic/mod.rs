//! The library's one diagnostic type: stages produce `Diagnostic`s, renderers turn them into text.

mod codes;
pub mod render;

pub use codes::Code;

use crate::source::Span;

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Worth knowing; the build goes on.
    Warning,
    /// The spec cannot be built until this is fixed.
    Error,
}

impl Severity {
    /// The lowercase word used in every output format.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A span with a short message under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// Where in the spec.
    pub span: Span,
    /// What is there (may be empty).
    pub message: String,
    /// The primary label is the place the diagnostic is about; others give context.
    pub primary: bool,
}

/// A finding about a spec, positioned in its source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The stable code, `HB0001`…; `hbmod explain CODE` describes it.
    pub code: Code,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, in words: lowercase, no final period.
    pub message: String,
    /// Labelled spans; the first primary one is the diagnostic's position.
    pub labels: Vec<Label>,
    /// Extra facts worth knowing.
    pub notes: Vec<String>,
    /// How to fix it.
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error with `code` and `message`, labelled at `span` with `label`.
    pub fn error(
        code: Code,
        span: Span,
        message: impl Into<String>,
        label: impl Into<String>,
    ) -> Self {
        Diagnostic {
            code,
            severity: Severity::Error,
            message: message.into(),
            labels: vec![Label {
                span,
                message: label.into(),
                primary: true,
            }],
            notes: Vec::new(),
            help: None,
        }
    }

    /// Adds a secondary label giving context.
    pub fn with_label(mut self, span: Span, message: impl Into<String>) -> Self {
        self.labels.push(Label {
            span,
            message: message.into(),
            primary: false,
        });
        self
    }

    /// Adds a note.
    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// Sets the help line that says how to fix the problem.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// The span of the primary label (the diagnostic's position).
    pub fn primary_span(&self) -> Span {
        self.labels
            .iter()
            .find(|label| label.primary)
            .or(self.labels.first())
            .map_or_else(Span::default, |label| label.span)
    }
}

/// True when any diagnostic is an error.
pub fn has_errors(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(|d| d.severity == Severity::Error)
}

/// Sorts diagnostics by position, then code, so output order never depends on stage order.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by_key(|d| (d.primary_span().start, d.primary_span().end, d.code));
}
