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
        pub run: Option<RunDefaults> = "run" { set(RunDefaults) },
    }
}

record! {
    /// `defaults.run:`.
    ///
    /// ```
    /// use ci_model::{Defaults, RunDefaults, Workflow};
    ///
    /// let run = RunDefaults::new().shell("bash").working_directory("app");
    /// let wf = Workflow::new("CI").on_push().defaults(Defaults::new().run(run));
    /// assert!(wf.to_yaml().contains("defaults:\n  run:\n    shell: bash\n    working-directory: app\n"));
    /// ```
    #[derive(Clone, Debug, Default, PartialEq)]
    pub struct RunDefaults: "a mapping" as run_defaults_fields {
        /// `shell:`.
        pub shell: Option<Scalar> = "shell" { set(Scalar) },
        /// `working-directory:`.
        pub working_directory: Option<Scalar> = "working-directory" { set(Scalar) },
    }
}

impl RunDefaults {
    /// Nothing set yet.
    pub fn new() -> Self {
        Self::default()
    }
}

impl Defaults {
    /// Nothing set yet (`defaults: {}`).
    pub fn new() -> Self {
        Self::default()
    }

    /// `defaults: run: shell: <shell>`.
    pub fn run_shell(shell: impl Into<Scalar>) -> Self {
        Defaults {
            run: Some(RunDefaults { shell: Some(shell.into()), ..RunDefaults::default() }),
            ..Defaults::default()
        }
    }
}
