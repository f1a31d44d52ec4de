//! A YAML file that is either a workflow or action metadata.

use crate::parse::ParseError;
use crate::{Action, Diagnostic, Workflow};

/// How many comment lines `text` holds (outside strings and block scalars).
///
/// ```
/// # use ci_model::comment_lines;
/// assert_eq!(comment_lines("# header\non: push # any push\n"), 2);
/// // A `#` inside a block scalar is part of the script.
/// assert_eq!(comment_lines("run: |\n  # not a comment\n"), 0);
/// ```
pub fn comment_lines(text: &str) -> usize {
    crate::parse::layout::comments(text).lines
}

/// Which kind of file a document is.
///
/// ```
/// use ci_model::{Document, DocumentKind};
///
/// let text = "on: push\njobs: {}\n";
/// assert_eq!(DocumentKind::detect(text), DocumentKind::Workflow);
/// assert_eq!(Document::parse(text, Some(DocumentKind::Workflow)).unwrap().kind(), DocumentKind::Workflow);
/// ```
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
    /// // Old Mac line ends too.
    /// assert_eq!(DocumentKind::detect("name: x\rruns:\r  using: composite\r"), DocumentKind::Action);
    /// ```
    pub fn detect(text: &str) -> DocumentKind {
        // Lines end at every YAML line break, as the loader reads them.
        let lines = || crate::parse::layout::lines(text.trim_start_matches('\u{feff}'));
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
            if text.len() > crate::parse::load::MAX_INPUT_BYTES {
                DocumentKind::Workflow
            } else {
                DocumentKind::detect(text)
            }
        };
        match kind.unwrap_or_else(detect) {
            DocumentKind::Workflow => Workflow::parse(text).map(Document::Workflow),
            DocumentKind::Action => Action::parse(text).map(Document::Action),
        }
    }

    /// The document's kind.
    ///
    /// ```
    /// # use ci_model::{Document, DocumentKind};
    /// let doc = Document::parse("runs:\n  using: docker\n  image: Dockerfile\n", None).unwrap();
    /// assert_eq!(doc.kind(), DocumentKind::Action);
    /// ```
    pub fn kind(&self) -> DocumentKind {
        match self {
            Document::Workflow(_) => DocumentKind::Workflow,
            Document::Action(_) => DocumentKind::Action,
        }
    }

    /// The canonical YAML.
    ///
    /// ```
    /// # use ci_model::Document;
    /// let doc = Document::parse("on: push\njobs: {a: {runs-on: x, steps: [{run: make}]}}\n", None).unwrap();
    /// assert_eq!(doc.to_yaml(), "on: push\n\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: make\n");
    /// ```
    pub fn to_yaml(&self) -> String {
        match self {
            Document::Workflow(w) => w.to_yaml(),
            Document::Action(a) => a.to_yaml(),
        }
    }

    /// How many comment lines the model holds (header, above jobs and steps,
    /// after `uses:` and `cron:`); compare with [`comment_lines`] of the text
    /// to see how many a round trip would drop.
    ///
    /// ```
    /// # use ci_model::{Document, comment_lines};
    /// let text = "# header\non: push # dropped\njobs:\n  # kept\n  a: {runs-on: x, steps: [{run: y}]}\n";
    /// let doc = Document::parse(text, None).unwrap();
    /// assert_eq!((comment_lines(text), doc.kept_comment_lines()), (3, 3));
    /// ```
    pub fn kept_comment_lines(&self) -> usize {
        fn lines(c: &Option<String>) -> usize {
            c.as_deref().map_or(0, |c| c.split('\n').count())
        }
        fn steps(s: &[crate::Step]) -> usize {
            s.iter()
                .map(|s| {
                    lines(&s.comment)
                        + match &s.body {
                            crate::StepBody::Uses { uses, .. } => usize::from(uses.comment().is_some()),
                            crate::StepBody::Parallel(inner) => steps(inner),
                            _ => 0,
                        }
                })
                .sum()
        }
        match self {
            Document::Workflow(w) => {
                let crons =
                    w.on.triggers()
                        .and_then(|t| t.schedule.as_ref())
                        .map_or(0, |s| s.iter().filter(|c| c.comment.is_some()).count());
                let header = w.header.as_deref().map_or(0, |h| h.split('\n').count());
                header
                    + w.comments.lines()
                    + crons
                    + w.jobs
                        .values()
                        .map(|j| {
                            j.comment().map_or(0, |c| c.split('\n').count())
                                + match j {
                                    crate::Job::Normal(n) => n.steps.as_deref().map_or(0, steps),
                                    crate::Job::Call(c) => usize::from(c.uses.comment().is_some()),
                                }
                        })
                        .sum::<usize>()
            }
            Document::Action(a) => {
                let header = a.header.as_deref().map_or(0, |h| h.split('\n').count());
                header
                    + a.comments.lines()
                    + match &a.runs {
                        crate::Runs::Composite(c) => steps(&c.steps),
                        _ => 0,
                    }
            }
        }
    }

    /// Every validation problem.
    ///
    /// ```
    /// # use ci_model::Document;
    /// let text = "on: push\njobs:\n  a:\n    runs-on: x\n    needs: b\n    steps: [{run: y}]\n";
    /// let doc = Document::parse(text, None).unwrap();
    /// let problems = doc.validate();
    /// assert_eq!(problems.len(), 1);
    /// assert_eq!(problems[0].to_string(), "jobs.a.needs: no job `b` [needs]");
    /// ```
    pub fn validate(&self) -> Vec<Diagnostic> {
        match self {
            Document::Workflow(w) => w.validate(),
            Document::Action(a) => a.validate(),
        }
    }
}
