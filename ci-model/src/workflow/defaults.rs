//! `defaults:`: the shell and working directory of `run:` steps.

use crate::Scalar;
use crate::record::record;

record! {
    /// `defaults:` of a workflow or job.
    ///
    /// ```
    /// use ci_model::Defaults;
    ///
    /// let d = Defaults::run_shell("bash");
    /// assert_eq!(d.run.unwrap().shell.unwrap(), "bash");
    /// ```
    #[derive(Clone, Debug, Default, PartialEq)]
    pub struct Defaults: "a mapping" as defaults_fields {
        /// `run:`.
        pub run: Option<RunDefaults> = "run",
    }
}

record! {
    /// `defaults.run:`.
    ///
    /// ```
    /// use ci_model::{Defaults, RunDefaults, Workflow};
    ///
    /// let run = RunDefaults { shell: Some("bash".into()), working_directory: Some("app".into()), ..Default::default() };
    /// let wf = Workflow::new("CI").on_push().defaults(Defaults { run: Some(run), ..Default::default() });
    /// assert!(wf.to_yaml().contains("defaults:\n  run:\n    shell: bash\n    working-directory: app\n"));
    /// ```
    #[derive(Clone, Debug, Default, PartialEq)]
    pub struct RunDefaults: "a mapping" as run_defaults_fields {
        /// `shell:`.
        pub shell: Option<Scalar> = "shell",
        /// `working-directory:`.
        pub working_directory: Option<Scalar> = "working-directory",
    }
}

impl Defaults {
    /// `defaults: run: shell: <shell>`.
    pub fn run_shell(shell: impl Into<Scalar>) -> Self {
        Defaults {
            run: Some(RunDefaults { shell: Some(shell.into()), ..RunDefaults::default() }),
            ..Defaults::default()
        }
    }
}
