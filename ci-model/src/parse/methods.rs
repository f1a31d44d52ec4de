//! The parsing methods of the model types: [`Workflow::parse`], [`Action::parse`] (and
//! [`Document::parse`](crate::Document::parse), in `document.rs`). They are
//! written here, in the layer that parses, so the model modules below it
//! import nothing from it.

use super::ParseError;
use super::raise::Raise;
use crate::{Action, Workflow};

impl Workflow {
    /// Reads a workflow file. Every problem is reported at once, each with its
    /// path, line and column; keys the model does not know are kept.
    ///
    /// ```
    /// use ci_model::Workflow;
    ///
    /// let err = Workflow::parse("on: push\njobs:\n  a:\n    runs-on: x\n    timeout-minutes: soon\n").unwrap_err();
    /// assert_eq!(
    ///     err.to_string(),
    ///     "5:22: jobs.a.timeout-minutes: expected a number or a ${{ }} expression, found the string `soon` [type]"
    /// );
    /// ```
    pub fn parse(text: &str) -> Result<Workflow, ParseError> {
        let (mut wf, comments) = super::document(text, "a workflow (a mapping with `on` and `jobs`)", Workflow::raise)?;
        super::layout::apply_workflow(&mut wf, comments);
        Ok(wf)
    }
}

impl Action {
    /// Reads an `action.yml`; every problem is reported at once.
    ///
    /// ```
    /// # use ci_model::Action;
    /// let err = Action::parse("name: x\nruns:\n  main: index.js\n").unwrap_err();
    /// assert_eq!(err.to_string(), "3:3: runs: missing required key `using`; add the action's runtime: `composite`, `docker` or `node24` [type]");
    /// ```
    pub fn parse(text: &str) -> Result<Action, ParseError> {
        let (mut action, comments) = super::document(text, "action metadata (a mapping with `runs`)", Action::raise)?;
        super::layout::apply_action(&mut action, comments);
        Ok(action)
    }
}
