//! A YAML file that is either a workflow or action metadata.

use crate::{Action, Workflow};

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

impl Document {
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

    /// How many comment lines the model holds (header, above jobs and steps,
    /// after `uses:` and `cron:`); compare with [`comment_lines`](crate::comment_lines) of the text
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
}
