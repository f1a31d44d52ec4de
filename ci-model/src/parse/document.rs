//! Reading a file whose kind is not known yet: [`DocumentKind::detect`],
//! [`Document::parse`], and [`comment_lines`]. Written here, in the layer
//! that parses, so the model module `document` imports nothing from it.

use super::ParseError;
use crate::{Action, Document, DocumentKind, Workflow};

/// How many comment lines `text` holds (outside strings and block scalars).
///
/// ```
/// # use ci_model::comment_lines;
/// assert_eq!(comment_lines("# header\non: push # any push\n"), 2);
/// // A `#` inside a block scalar is part of the script.
/// assert_eq!(comment_lines("run: |\n  # not a comment\n"), 0);
/// ```
pub fn comment_lines(text: &str) -> usize {
    super::layout::comments(text).lines
}

impl DocumentKind {
    /// Tells a document's kind from its content: a top-level `runs:` means
    /// action metadata; anything else is read as a workflow.
    ///
    /// ```
    /// # use ci_model::DocumentKind;
    /// assert_eq!(DocumentKind::detect("on: push\njobs: {}\n"), DocumentKind::Workflow);
    /// assert_eq!(DocumentKind::detect("runs:\n  using: composite\n"), DocumentKind::Action);
    /// // Old Mac line ends too.
    /// assert_eq!(DocumentKind::detect("name: x\rruns:\r  using: composite\r"), DocumentKind::Action);
    /// ```
    pub fn detect(text: &str) -> DocumentKind {
        // Lines end at every YAML line break, as the loader reads them.
        let lines = || super::layout::lines(text.trim_start_matches('\u{feff}'));
        let top_level_runs =
            lines().any(|l| l.starts_with("runs:") || l.starts_with("\"runs\":") || l.starts_with("'runs':"));
        let top_level_jobs = lines().any(|l| l.starts_with("jobs:"));
        if top_level_runs && !top_level_jobs { DocumentKind::Action } else { DocumentKind::Workflow }
    }
}

impl Document {
    /// Parses `text` as `kind`, or as the kind [`DocumentKind::detect`] finds.
    ///
    /// ```
    /// # use ci_model::{Document, DocumentKind};
    /// let doc = Document::parse("on: push\njobs: {}\n", None).unwrap();
    /// assert!(matches!(doc, Document::Workflow(_)));
    /// // Read as the other kind, the same text is missing `runs`.
    /// let err = Document::parse("on: push\njobs: {}\n", Some(DocumentKind::Action)).unwrap_err();
    /// assert!(err.to_string().contains("missing required key `runs`"));
    /// ```
    pub fn parse(text: &str, kind: Option<DocumentKind>) -> Result<Document, ParseError> {
        // A text over the size limit is refused before its kind is looked for.
        let detect = || {
            if text.len() > super::load::MAX_INPUT_BYTES { DocumentKind::Workflow } else { DocumentKind::detect(text) }
        };
        match kind.unwrap_or_else(detect) {
            DocumentKind::Workflow => Workflow::parse(text).map(Document::Workflow),
            DocumentKind::Action => Action::parse(text).map(Document::Action),
        }
    }
}
