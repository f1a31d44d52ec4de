//! The writing methods of the model types: [`Workflow::to_yaml`], [`Action::to_yaml`] and
//! [`Document::to_yaml`]. They are written here, in the layer that emits, so
//! the model modules below it import nothing from it.

use super::Lower;
use crate::{Action, Document, Workflow};

impl Workflow {
    /// The canonical YAML of this workflow.
    ///
    /// ```
    /// # use ci_model::{Job, Step, Workflow};
    /// let wf = Workflow::new("CI").on_push().job("test", Job::new("ubuntu-latest").step(Step::run("make test")));
    /// assert_eq!(
    ///     wf.to_yaml(),
    ///     "name: CI\n\non:\n  push:\n\n\
    ///      jobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test\n"
    /// );
    /// ```
    pub fn to_yaml(&self) -> String {
        super::document(self.lower(), self.header.as_deref(), &self.comments, super::Model::Workflow(self))
    }
}

impl Document {
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
}

impl Action {
    /// The canonical YAML.
    ///
    /// ```
    /// # use ci_model::{Action, Step};
    /// let yaml = Action::composite("Hi", [Step::run("echo hi").shell("bash")]).to_yaml();
    /// assert_eq!(yaml, "name: Hi\n\nruns:\n  using: composite\n  steps:\n    - shell: bash\n      run: echo hi\n");
    /// ```
    pub fn to_yaml(&self) -> String {
        super::document(self.lower(), self.header.as_deref(), &self.comments, super::Model::Action(self))
    }
}
