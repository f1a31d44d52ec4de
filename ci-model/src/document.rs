//! A YAML file that is either a workflow or action metadata.

use crate::parse::ParseError;
use crate::{Action, Diagnostic, Workflow};

/// Which kind of file a document is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DocumentKind {
    /// `.github/workflows/*.yml`.
    Workflow,
    /// `action.yml`.
    Action,
}

/// A parsed workflow or action metadata file.
///
/// ```
/// use ci_model::{Document, DocumentKind};
///
/// let doc = Document::parse("name: x\nruns:\n  using: node24\n  main: index.js\n", None).unwrap();
/// assert_eq!(doc.kind(), DocumentKind::Action);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub enum Document {
    /// A workflow.
    Workflow(Workflow),
    /// Action metadata.
    Action(Action),
}

impl DocumentKind {
    /// Tells a document's kind from its content: a top-level `runs:` means
    /// action metadata; anything else is read as a workflow.
    ///
    /// ```
    /// # use ci_model::DocumentKind;
    /// assert_eq!(DocumentKind::detect("on: push\njobs: {}\n"), DocumentKind::Workflow);
    /// assert_eq!(DocumentKind::detect("runs:\n  using: composite\n"), DocumentKind::Action);
    /// ```
    pub fn detect(text: &str) -> DocumentKind {
        let top_level_runs = text.lines().any(|l| {
            let l = l.trim_start_matches('\u{feff}');
            l.starts_with("runs:") || l.starts_with("\"runs\":") || l.starts_with("'runs':")
        });
        let top_level_jobs = text.lines().any(|l| l.starts_with("jobs:"));
        if top_level_runs && !top_level_jobs { DocumentKind::Action } else { DocumentKind::Workflow }
    }
}

impl Document {
    /// Parses `text` as `kind`, or as the kind [`DocumentKind::detect`] finds.
    pub fn parse(text: &str, kind: Option<DocumentKind>) -> Result<Document, ParseError> {
        match kind.unwrap_or_else(|| DocumentKind::detect(text)) {
            DocumentKind::Workflow => Workflow::parse(text).map(Document::Workflow),
            DocumentKind::Action => Action::parse(text).map(Document::Action),
        }
    }

    /// The document's kind.
    pub fn kind(&self) -> DocumentKind {
        match self {
            Document::Workflow(_) => DocumentKind::Workflow,
            Document::Action(_) => DocumentKind::Action,
        }
    }

    /// The canonical YAML.
    pub fn to_yaml(&self) -> String {
        match self {
            Document::Workflow(w) => w.to_yaml(),
            Document::Action(a) => a.to_yaml(),
        }
    }

    /// Every validation problem.
    pub fn validate(&self) -> Vec<Diagnostic> {
        match self {
            Document::Workflow(w) => w.validate(),
            Document::Action(a) => a.validate(),
        }
    }
}
