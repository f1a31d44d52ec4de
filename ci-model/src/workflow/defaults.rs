//! `defaults:`: the shell and working directory of `run:` steps.

use crate::common::Extra;
use crate::emit::{Lower, MapBuilder, Node};
use crate::parse::raise::{Cx, Fields, Raise};
use crate::{Path, Scalar, Yaml};

/// `defaults:` of a workflow or job.
///
/// ```
/// use ci_model::Defaults;
///
/// let d = Defaults::run_shell("bash");
/// assert_eq!(d.run.unwrap().shell.unwrap(), "bash");
/// ```
#[derive(Clone, Debug, Default, PartialEq, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Defaults {
    /// `run:`.
    pub run: Option<RunDefaults>,
    /// Keys the model does not know.
    #[schemars(skip)]
    pub extra: Extra,
}

/// `defaults.run:`.
///
/// ```
/// use ci_model::{Defaults, RunDefaults, Workflow};
///
/// let run = RunDefaults { shell: Some("bash".into()), working_directory: Some("app".into()), ..Default::default() };
/// let wf = Workflow::new("CI").on_push().defaults(Defaults { run: Some(run), ..Default::default() });
/// assert!(wf.to_yaml().contains("defaults:\n  run:\n    shell: bash\n    working-directory: app\n"));
/// ```
#[derive(Clone, Debug, Default, PartialEq, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct RunDefaults {
    /// `shell:`.
    pub shell: Option<Scalar>,
    /// `working-directory:`.
    pub working_directory: Option<Scalar>,
    /// Keys the model does not know.
    #[schemars(skip)]
    pub extra: Extra,
}

impl Defaults {
    /// `defaults: run: shell: <shell>`.
    ///
    /// ```
    /// # use ci_model::Defaults;
    /// let d = Defaults::run_shell("pwsh");
    /// let run = d.run.unwrap();
    /// assert_eq!(run.shell.unwrap(), "pwsh");
    /// assert!(run.working_directory.is_none());
    /// ```
    pub fn run_shell(shell: impl Into<Scalar>) -> Self {
        Defaults { run: Some(RunDefaults { shell: Some(shell.into()), ..RunDefaults::default() }), extra: Extra::new() }
    }
}

impl Lower for RunDefaults {
    fn lower(&self) -> Node<'_> {
        MapBuilder::new()
            .field("shell", &self.shell)
            .field("working-directory", &self.working_directory)
            .extra(&self.extra)
            .build()
    }
}

impl Raise for RunDefaults {
    const EXPECTED: &'static str = "a mapping";
    fn raise(y: &Yaml, at: &Path, cx: &mut Cx) -> Option<Self> {
        let mut f = Fields::of(y, at, cx, Self::EXPECTED)?;
        let shell = f.opt("shell", cx);
        let working_directory = f.opt("working-directory", cx);
        Some(RunDefaults { shell, working_directory, extra: f.rest() })
    }
}

impl Lower for Defaults {
    fn lower(&self) -> Node<'_> {
        MapBuilder::new().field("run", &self.run).extra(&self.extra).build()
    }
}

impl Raise for Defaults {
    const EXPECTED: &'static str = "a mapping";
    fn raise(y: &Yaml, at: &Path, cx: &mut Cx) -> Option<Self> {
        let mut f = Fields::of(y, at, cx, Self::EXPECTED)?;
        let run = f.opt("run", cx);
        Some(Defaults { run, extra: f.rest() })
    }
}
