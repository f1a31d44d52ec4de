//! Reading YAML into the model: [`load`] turns text into [`Yaml`] with GitHub's
//! YAML rules, [`raise`] turns that into model values, and [`locate`] maps a
//! path back to a line and column for messages.

pub(crate) mod comments;
pub(crate) mod load;
pub(crate) mod raise;

use std::fmt;

use crate::diagnostic::{Diagnostic, Problem};
use crate::{Path, Scalar, Yaml};
use raise::Cx;

/// A file that could not be read into the model: every problem found, each
/// with its path and, where known, line and column.
///
/// ```
/// use ci_model::Workflow;
///
/// let err = Workflow::parse("on: push\njobs:\n  a: {runs-on: x}\n  a: {runs-on: y}\n").unwrap_err();
/// assert_eq!(err.diagnostics().len(), 1);
/// assert_eq!(err.diagnostics()[0].rule(), "syntax");
/// ```
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("{}", Listing(.diagnostics))]
pub struct ParseError {
    diagnostics: Vec<Diagnostic>,
}

impl ParseError {
    /// The problems, in document order of discovery.
    ///
    /// ```
    /// # use ci_model::Workflow;
    /// let text = "on: push\njobs:\n  a:\n    runs-on: x\n    timeout-minutes: soon\n    continue-on-error: maybe\n";
    /// let err = Workflow::parse(text).unwrap_err();
    /// let paths: Vec<String> = err.diagnostics().iter().map(|d| d.path.to_string()).collect();
    /// assert_eq!(paths, ["jobs.a.timeout-minutes", "jobs.a.continue-on-error"]);
    /// ```
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// Takes the problems.
    ///
    /// ```
    /// # use ci_model::Workflow;
    /// let err = Workflow::parse("on: push\njobs: [a]\n").unwrap_err();
    /// let diagnostics = err.into_diagnostics();
    /// assert_eq!(diagnostics.len(), 1);
    /// assert_eq!(diagnostics[0].rule(), "type");
    /// ```
    pub fn into_diagnostics(self) -> Vec<Diagnostic> {
        self.diagnostics
    }
}

struct Listing<'a>(&'a [Diagnostic]);

impl fmt::Display for Listing<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

/// Loads `text` and raises it with `raise`, locating every problem.
pub(crate) fn document<T>(
    text: &str,
    what: &str,
    raise: impl FnOnce(&Yaml, &Path, &mut Cx) -> Option<T>,
) -> Result<T, ParseError> {
    let yaml = load::load(text).map_err(|d| ParseError { diagnostics: vec![d] })?;
    let mut cx = Cx::default();
    let value = match &yaml {
        Yaml::Scalar(Scalar::Null) => {
            cx.error(&Path::root(), Problem::Empty { expected: what.to_owned() });
            None
        }
        Yaml::Map(_) => raise(&yaml, &Path::root(), &mut cx),
        other => {
            cx.wrong_type(&Path::root(), what, other);
            None
        }
    };
    match value {
        Some(v) if cx.diags.is_empty() => Ok(v),
        _ => {
            let mut diagnostics = cx.diags;
            locate(text, &mut diagnostics);
            Err(ParseError { diagnostics })
        }
    }
}

/// Fills in the line and column of each diagnostic from the text it was found
/// in (an unknown or shadowed key, or a misspelling of a missing one, points at
/// the key; anything else at the value).
///
/// ```
/// use ci_model::{locate, Workflow};
///
/// let text = "on: push\njobs:\n  a:\n    runs-on: x\n    step: []\n";
/// let wf = Workflow::parse(text).unwrap();
/// let mut problems = wf.validate();
/// locate(text, &mut problems);
/// assert!(problems[0].to_string().starts_with("5:5: jobs.a: unknown key `step`"));
/// ```
pub fn locate(text: &str, diagnostics: &mut [Diagnostic]) {
    for d in diagnostics.iter_mut().filter(|d| d.location.is_none()) {
        let (path, at_key) = match &d.problem {
            Problem::UnknownKey { key, .. }
            | Problem::ShadowedKey { key }
            | Problem::SchemaOnlyKey { key }
            | Problem::MissingKey { found: Some(key), .. }
            | Problem::NoStepBody { found: Some(key), .. } => (d.path.key(key), true),
            _ => (d.path.clone(), false),
        };
        d.location = load::locate(text, &path, at_key).or_else(|| {
            // Fall back to the nearest ancestor that is in the text.
            let mut p = path.parent();
            while let Some(q) = p {
                if let Some(l) = load::locate(text, &q, false) {
                    return Some(l);
                }
                p = q.parent();
            }
            None
        });
    }
}
