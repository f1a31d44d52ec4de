//! `ci-gen fmt`: rewrite workflow and action files in canonical form.

use ci_model::{Diagnostic, Document, DocumentKind, ParseError, comment_lines, locate};

/// A file formatted: the canonical text, and what validation found in it.
#[derive(Debug)]
pub struct Formatted {
    /// The canonical YAML.
    pub text: String,
    /// The kind of document.
    pub kind: DocumentKind,
    /// Validation problems, located in the input.
    pub warnings: Vec<Diagnostic>,
    /// How many comment lines of the input the canonical form does not keep
    /// (it keeps the header, comments above jobs and steps, and the comment
    /// after `uses:` and `cron:`).
    pub dropped_comments: usize,
}

/// Parses `text` (as `kind`, or the kind its content shows) and returns its
/// canonical form. A parse error leaves nothing formatted.
///
/// ```
/// let f = ci_gen::fmt::format("on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n    - run: echo hi\n", None).unwrap();
/// assert_eq!(f.text, "on: push\n\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: echo hi\n");
/// ```
pub fn format(text: &str, kind: Option<DocumentKind>) -> Result<Formatted, ParseError> {
    let doc = Document::parse(text, kind)?;
    let mut warnings = doc.validate();
    locate(text, &mut warnings);
    let dropped_comments = comment_lines(text).saturating_sub(doc.kept_comment_lines());
    Ok(Formatted { text: doc.to_yaml(), kind: doc.kind(), warnings, dropped_comments })
}
