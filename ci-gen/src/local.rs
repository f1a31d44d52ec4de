//! Handles of the repository's own composite actions and reusable workflows.
//!
//! A generator that writes a composite action or a reusable workflow keeps
//! a handle to it: [`LocalAction`] makes the steps that use the action,
//! [`ReusableWorkflow`] the jobs that call the workflow, and both give the
//! outputs as typed expressions. [`Files::render`](crate::Files::render)
//! checks every use against the file it names (inputs, secrets, outputs;
//! see [`Repository::validate`](ci_model::Repository::validate)) before
//! anything is written.
//!
//! References are written with the self-repository syntax `$/…` (the file
//! at the commit being run, whatever the workspace holds); `./…`, relative
//! to the workspace, is one call away
//! ([`LocalAction::workspace_relative`]).
//!
//! ```
//! use ci_gen::Files;
//! use ci_gen::local::LocalAction;
//! use ci_model::{Action, ActionInput, ActionOutput, Job, Permissions, Step, Workflow};
//!
//! let setup = LocalAction::new(
//!     ".github/actions/setup",
//!     Action::composite("Setup", [Step::run("./setup.sh \"$V\"").shell("bash").env("V", "${{ inputs.python-version }}").id("run")])
//!         .description("Sets up Python")
//!         .input("python-version", ActionInput::new("Python").required(true))
//!         .output("path", ActionOutput { value: Some("${{ steps.run.outputs.path }}".into()), ..Default::default() }),
//! );
//! let ci = Workflow::new("CI").on_push().permissions(Permissions::none()).job(
//!     "test",
//!     Job::new("ubuntu-latest")
//!         .timeout_minutes(10)
//!         .step(setup.step().id("setup").with("python-version", "3.12"))
//!         .step(Step::run("echo \"$P\"").env("P", setup.output("setup", "path"))),
//! );
//! let files = Files::new("cargo run -p my-ci").add(&setup).workflow("ci.yml", ci.clone());
//! let rendered = files.render().unwrap();
//! assert!(rendered[1].bytes.contains("uses: $/.github/actions/setup\n"));
//!
//! // A typo in an input is refused, with the name the action declares.
//! let typo = ci.job("lint", Job::new("ubuntu-latest").timeout_minutes(5).step(setup.step().with("python-versoin", "3.12")));
//! let errors = Files::new("gen").add(&setup).workflow("ci.yml", typo).render().unwrap_err();
//! assert_eq!(
//!     errors[0].diagnostics[0].to_string(),
//!     "jobs.lint.steps[0].with.python-versoin: the action `$/.github/actions/setup` has no input `python-versoin`; did you mean `python-version`? [inputs]"
//! );
//! ```

use ci_model::{Action, CallJob, Expr, JobRef, Step, StepRef, Uses, Workflow};

use crate::files::{Content, FileSpec};

/// How a reference to a file of this repository is written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Style {
    /// `$/path`: the file at the commit being run.
    #[default]
    SelfRepository,
    /// `./path`: the file in the workspace (what `actions/checkout` put there).
    WorkspaceRelative,
}

impl Style {
    fn uses(self, path: &str) -> Uses {
        match self {
            Style::SelfRepository => Uses::new(format!("$/{path}")),
            Style::WorkspaceRelative => Uses::local(path),
        }
    }
}

/// A composite (or any other) action of this repository, in the folder a
/// generator writes it to, and the steps that use it.
///
/// ```
/// use ci_gen::local::LocalAction;
/// use ci_model::{Action, Step};
///
/// let lint = LocalAction::new(".github/actions/lint", Action::composite("Lint", [Step::run("make lint").shell("bash")]));
/// assert_eq!(lint.path(), ".github/actions/lint/action.yml");
/// assert_eq!(lint.uses().as_str(), "$/.github/actions/lint");
/// assert_eq!(lint.clone().workspace_relative().uses().as_str(), "./.github/actions/lint");
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct LocalAction {
    folder: String,
    action: Action,
    style: Style,
}

impl LocalAction {
    /// The action written to `folder/action.yml` (`folder` relative to the
    /// repository's root, e.g. `.github/actions/setup`).
    ///
    /// ```
    /// # use ci_gen::local::LocalAction;
    /// # use ci_model::{Action, Step};
    /// let a = LocalAction::new("./.github/actions/setup/", Action::composite("Setup", [Step::run("true").shell("bash")]));
    /// assert_eq!(a.folder(), ".github/actions/setup");
    /// ```
    pub fn new(folder: impl AsRef<str>, action: Action) -> Self {
        let folder = folder.as_ref().trim_start_matches("./").trim_end_matches('/').to_owned();
        LocalAction { folder, action, style: Style::default() }
    }

    /// Writes references as `./folder` (relative to the workspace) instead
    /// of `$/folder`.
    ///
    /// ```
    /// # use ci_gen::local::LocalAction;
    /// # use ci_model::{Action, Step};
    /// let a = LocalAction::new(".github/actions/x", Action::composite("X", [Step::run("true").shell("bash")])).workspace_relative();
    /// assert_eq!(a.step().uses_ref().map(|u| u.as_str().to_owned()), Some("./.github/actions/x".to_owned()));
    /// ```
    pub fn workspace_relative(mut self) -> Self {
        self.style = Style::WorkspaceRelative;
        self
    }

    /// The folder, relative to the root.
    pub fn folder(&self) -> &str {
        &self.folder
    }

    /// The file written: `<folder>/action.yml`.
    pub fn path(&self) -> String {
        format!("{}/action.yml", self.folder)
    }

    /// The action's metadata.
    ///
    /// ```
    /// # use ci_gen::local::LocalAction;
    /// # use ci_model::{Action, Step};
    /// let a = LocalAction::new(".github/actions/x", Action::composite("X", [Step::run("true").shell("bash")]));
    /// assert_eq!(a.action().name.as_ref().and_then(|n| n.as_str()), Some("X"));
    /// ```
    pub fn action(&self) -> &Action {
        &self.action
    }

    /// The `uses:` reference of the action.
    pub fn uses(&self) -> Uses {
        self.style.uses(&self.folder)
    }

    /// A step that uses the action; give its inputs with
    /// [`Step::with`], its id with [`Step::id`]. `render` checks the inputs
    /// against the action's.
    ///
    /// ```
    /// # use ci_gen::local::LocalAction;
    /// # use ci_model::{Action, Step, Scalar};
    /// let a = LocalAction::new(".github/actions/x", Action::composite("X", [Step::run("true").shell("bash")]));
    /// let step = a.step().with("level", 3);
    /// assert_eq!(step.with_inputs().map(|w| w["level"].clone()), Some(Scalar::from(3)));
    /// ```
    pub fn step(&self) -> Step {
        Step::uses(self.uses())
    }

    /// The inputs the action declares, in order.
    ///
    /// ```
    /// # use ci_gen::local::LocalAction;
    /// # use ci_model::{Action, ActionInput, Step};
    /// let a = LocalAction::new(".github/actions/x", Action::composite("X", [Step::run("true").shell("bash")]).input("level", ActionInput::new("How much")));
    /// assert_eq!(a.inputs().collect::<Vec<_>>(), ["level"]);
    /// ```
    pub fn inputs(&self) -> impl Iterator<Item = &str> {
        self.action.inputs.iter().flatten().map(|(k, _)| k.as_str())
    }

    /// The outputs the action declares, in order.
    pub fn outputs(&self) -> impl Iterator<Item = &str> {
        self.action.outputs.iter().flatten().map(|(k, _)| k.as_str())
    }

    /// `${{ steps.<step_id>.outputs.<name> }}`: the output `name` of the
    /// step whose id is `step_id` and that uses this action. `render`
    /// checks that the action declares it.
    ///
    /// ```
    /// # use ci_gen::local::LocalAction;
    /// # use ci_model::{Action, Step};
    /// let a = LocalAction::new(".github/actions/x", Action::composite("X", [Step::run("true").shell("bash")]));
    /// assert_eq!(a.output("x", "path").body(), "steps.x.outputs.path");
    /// ```
    pub fn output(&self, step_id: &str, name: &str) -> Expr {
        StepRef::new(step_id).output(name)
    }
}

/// The file a [`LocalAction`] is written to.
impl From<&LocalAction> for FileSpec {
    fn from(a: &LocalAction) -> FileSpec {
        FileSpec { path: a.path(), source: None, content: Content::Action(Box::new(a.action.clone())) }
    }
}

/// A reusable workflow of this repository (one with `on.workflow_call`), in
/// the file a generator writes it to, and the jobs that call it.
///
/// ```
/// use ci_gen::local::ReusableWorkflow;
/// use ci_model::{Job, Step, Workflow};
///
/// let deploy = ReusableWorkflow::new("deploy.yml", Workflow::new("Deploy").job("a", Job::new("ubuntu-latest").step(Step::run("true"))));
/// assert_eq!(deploy.path(), ".github/workflows/deploy.yml");
/// assert_eq!(deploy.call().uses.as_str(), "$/.github/workflows/deploy.yml");
/// assert_eq!(deploy.output("deploy", "url").body(), "needs.deploy.outputs.url");
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct ReusableWorkflow {
    file: String,
    workflow: Workflow,
    style: Style,
}

impl ReusableWorkflow {
    /// The workflow written to `.github/workflows/<file>`.
    pub fn new(file: impl Into<String>, workflow: Workflow) -> Self {
        ReusableWorkflow { file: file.into(), workflow, style: Style::default() }
    }

    /// Writes references as `./.github/workflows/<file>` instead of `$/…`.
    ///
    /// ```
    /// # use ci_gen::local::ReusableWorkflow;
    /// # use ci_model::Workflow;
    /// let w = ReusableWorkflow::new("x.yml", Workflow::new("X")).workspace_relative();
    /// assert_eq!(w.uses().as_str(), "./.github/workflows/x.yml");
    /// ```
    pub fn workspace_relative(mut self) -> Self {
        self.style = Style::WorkspaceRelative;
        self
    }

    /// The file written, relative to the root.
    pub fn path(&self) -> String {
        format!(".github/workflows/{}", self.file)
    }

    /// The workflow.
    pub fn workflow(&self) -> &Workflow {
        &self.workflow
    }

    /// The `uses:` reference of the workflow.
    pub fn uses(&self) -> Uses {
        self.style.uses(&self.path())
    }

    /// A job that calls the workflow; give its inputs with
    /// [`CallJob::with`], its secrets with [`CallJob::secret`] (or
    /// [`CallJob::secrets_inherit`]). `render` checks them against the
    /// workflow's `on.workflow_call`.
    ///
    /// ```
    /// # use ci_gen::local::ReusableWorkflow;
    /// # use ci_model::Workflow;
    /// let w = ReusableWorkflow::new("x.yml", Workflow::new("X"));
    /// let job = w.call().with("dry-run", true).secret("token", "${{ secrets.TOKEN }}");
    /// assert!(job.with.is_some() && job.secrets.is_some());
    /// ```
    pub fn call(&self) -> CallJob {
        CallJob::new(self.uses())
    }

    /// `${{ needs.<job_id>.outputs.<name> }}`: the output `name` of the job
    /// `job_id` that calls this workflow. `render` checks that the workflow
    /// declares it.
    pub fn output(&self, job_id: &str, name: &str) -> Expr {
        JobRef::new(job_id).output(name)
    }

    /// The inputs `on.workflow_call` declares, in order.
    ///
    /// ```
    /// # use ci_gen::local::ReusableWorkflow;
    /// # use ci_model::Workflow;
    /// assert_eq!(ReusableWorkflow::new("x.yml", Workflow::new("X")).inputs().count(), 0);
    /// ```
    pub fn inputs(&self) -> impl Iterator<Item = &str> {
        let call = self.workflow.on.triggers().and_then(|t| t.workflow_call.as_ref());
        call.and_then(|c| match c {
            ci_model::NullOr::Value(c) => c.inputs.as_ref(),
            ci_model::NullOr::Null => None,
        })
        .into_iter()
        .flatten()
        .map(|(k, _)| k.as_str())
    }
}

/// The file a [`ReusableWorkflow`] is written to.
impl From<&ReusableWorkflow> for FileSpec {
    fn from(w: &ReusableWorkflow) -> FileSpec {
        FileSpec { path: w.path(), source: None, content: Content::Workflow(Box::new(w.workflow.clone())) }
    }
}
