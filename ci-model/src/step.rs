//! Steps: what a job (or a composite action) runs, one after another.
//!
//! A step either `uses:` an action or `run:`s a script; [`StepBody`] makes that
//! exclusive. The newer `wait`, `wait-all`, `cancel` and `parallel` steps are
//! modelled too. See GitHub's [`jobs.<job_id>.steps`] documentation.
//!
//! [`jobs.<job_id>.steps`]: https://docs.github.com/actions/using-workflows/workflow-syntax-for-github-actions#jobsjob_idsteps

use indexmap::IndexMap;

use crate::common::{Env, Extra, LitOrExpr, OneOrMany, Uses};
use crate::record::record;
use crate::{Number, Scalar};

/// A `with:` mapping: action inputs, scalar-typed as written.
///
/// ```
/// use ci_model::{Scalar, Step, With};
///
/// let step = Step::uses("actions/setup-node@v4").with("node-version", 22).with("cache", "npm");
/// let with: &With = step.with_inputs().unwrap();
/// assert_eq!(with["node-version"], Scalar::from(22));
/// assert_eq!(with.keys().collect::<Vec<_>>(), ["node-version", "cache"]);
/// ```
pub type With = IndexMap<String, Scalar>;

record! {
    /// One step.
    ///
    /// ```
    /// use ci_model::{Step, Uses};
    ///
    /// let checkout = Step::uses(Uses::pinned("actions/checkout", &"a".repeat(40), "v7.0.1"))
    ///     .with("persist-credentials", false);
    /// let test = Step::run("cargo test --workspace").name("Test").env("RUST_BACKTRACE", 1);
    /// assert_eq!(test.name.as_ref().and_then(|n| n.as_str()), Some("Test"));
    /// assert!(checkout.with_inputs().is_some_and(|w| w.contains_key("persist-credentials")));
    /// ```
    #[derive(Clone, Debug, PartialEq)]
    pub struct Step: "a step (a mapping)" as step_fields [own schema] {
        /// `name:` shown in the run log.
        pub name: Option<Scalar> = "name" { set(Scalar) },
        /// `id:`, to refer to the step's outputs as `steps.<id>.outputs`.
        pub id: Option<String> = "id" { set(String) },
        /// `if:`, a condition (the `${{ }}` is optional).
        pub r#if: Option<Scalar> = "if" { when },
        /// `continue-on-error:`.
        pub continue_on_error: Option<LitOrExpr<bool>> = "continue-on-error" { set(LitOrExpr<bool>) },
        /// `timeout-minutes:`.
        pub timeout_minutes: Option<LitOrExpr<Number>> = "timeout-minutes" [positive] { set(LitOrExpr<Number>) },
        /// `background:`, run the step in the background.
        pub background: Option<bool> = "background" { set(bool) },
        /// `env:` for this step.
        pub env: Option<LitOrExpr<Env>> = "env",
    }
    also {
        /// A comment written above the step.
        pub comment: Option<String> { comment },
        /// Lints allowed on this step, each with its reason (written as a comment).
        pub allow: Vec<crate::allow::Allow> { allow },
        /// What the step does.
        pub body: StepBody,
    }
}

/// The keys of the bodies of a step (the step's common keys are declared
/// with [`Step`]).
pub(crate) mod key {
    /// `uses:`.
    pub(crate) const USES: &str = "uses";
    /// `with:` of a `uses:` step.
    pub(crate) const WITH: &str = "with";
    /// `run:`.
    pub(crate) const RUN: &str = "run";
    /// `shell:` of a `run:` step.
    pub(crate) const SHELL: &str = "shell";
    /// `working-directory:` of a `run:` step.
    pub(crate) const WORKING_DIRECTORY: &str = "working-directory";
    /// `wait:`.
    pub(crate) const WAIT: &str = "wait";
    /// `wait-all:`.
    pub(crate) const WAIT_ALL: &str = "wait-all";
    /// `cancel:`.
    pub(crate) const CANCEL: &str = "cancel";
    /// `parallel:`.
    pub(crate) const PARALLEL: &str = "parallel";
}

/// One kind of step: the keys of its body (the first names the kind and is
/// always written) and the fields of [`Step`] it takes besides (by field
/// name; `None`: all of them).
pub(crate) struct Kind {
    pub(crate) keys: &'static [&'static str],
    pub(crate) takes: Option<&'static [&'static str]>,
}

/// The kinds of step, in the order a body key is looked for.
pub(crate) const KINDS: [Kind; 6] = [
    Kind { keys: &[key::USES, key::WITH], takes: None },
    Kind { keys: &[key::RUN, key::SHELL, key::WORKING_DIRECTORY], takes: None },
    Kind { keys: &[key::WAIT], takes: Some(&["name", "id", "continue_on_error"]) },
    Kind { keys: &[key::WAIT_ALL], takes: Some(&["name", "id", "continue_on_error"]) },
    Kind { keys: &[key::CANCEL], takes: Some(&["name", "id", "continue_on_error"]) },
    Kind { keys: &[key::PARALLEL], takes: Some(&[]) },
];

impl StepBody {
    /// The kind of step this body makes (see [`KINDS`]).
    pub(crate) fn kind(&self) -> &'static Kind {
        let i = match self {
            StepBody::Uses { .. } => 0,
            StepBody::Run(_) => 1,
            StepBody::Wait(_) => 2,
            StepBody::WaitAll(_) => 3,
            StepBody::Cancel(_) => 4,
            StepBody::Parallel(_) => 5,
        };
        &KINDS[i]
    }
}

/// A literal mapping (`env:`, `with:`), for the builders that take a
/// mapping or an expression.
impl From<IndexMap<String, Scalar>> for LitOrExpr<IndexMap<String, Scalar>> {
    fn from(m: IndexMap<String, Scalar>) -> Self {
        LitOrExpr::Lit(m)
    }
}

/// What a step does: exactly one of these.
///
/// ```
/// use ci_model::{OneOrMany, Step, StepBody};
///
/// let tests = Step::run("cargo test").id("tests");
/// assert!(matches!(tests.body, StepBody::Run(_)));
/// let wait = Step::new(StepBody::Wait(OneOrMany::One("tests".to_owned())));
/// assert!(matches!(Step::uses("actions/checkout@v4").body, StepBody::Uses { .. }));
/// assert_ne!(wait.body, tests.body);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub enum StepBody {
    /// `uses:` an action, with its `with:` inputs.
    Uses {
        /// The action.
        uses: Uses,
        /// `with:`, the action's inputs (or one expression for all of them).
        with: Option<LitOrExpr<With>>,
    },
    /// `run:` a script.
    Run(Run),
    /// `wait:` for background steps by id.
    Wait(OneOrMany<String>),
    /// `wait-all:` background steps (`null` or a boolean).
    WaitAll(Option<bool>),
    /// `cancel:` a background step by id.
    Cancel(String),
    /// `parallel:` run the inner steps concurrently.
    Parallel(Vec<Step>),
}

/// A `run:` step's script and how it runs.
///
/// ```
/// use ci_model::{Step, StepBody};
///
/// let step = Step::run("npm test").shell("bash").working_directory("web");
/// let StepBody::Run(run) = &step.body else { unreachable!() };
/// assert_eq!(run.script, "npm test");
/// assert_eq!(run.shell.as_ref().unwrap(), "bash");
/// assert_eq!(run.working_directory.as_ref().unwrap(), "web");
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Run {
    /// `run:`, the script.
    pub script: Scalar,
    /// `shell:` (`bash`, `pwsh`, `python`, or a custom `cmd {0}`).
    pub shell: Option<Scalar>,
    /// `working-directory:`.
    pub working_directory: Option<Scalar>,
}

impl Step {
    fn with_body(body: StepBody) -> Self {
        Step {
            comment: None,
            name: None,
            id: None,
            r#if: None,
            continue_on_error: None,
            timeout_minutes: None,
            background: None,
            env: None,
            allow: Vec::new(),
            body,
            extra: Extra::new(),
        }
    }

    /// A step that runs `script` in the job's default shell.
    ///
    /// ```
    /// # use ci_model::Step;
    /// let step = Step::run("cargo build --release");
    /// assert_eq!(step.script().unwrap(), "cargo build --release");
    /// assert!(step.uses_ref().is_none());
    /// ```
    pub fn run(script: impl Into<Scalar>) -> Self {
        Self::with_body(StepBody::Run(Run { script: script.into(), shell: None, working_directory: None }))
    }

    /// A step that uses an action.
    ///
    /// ```
    /// # use ci_model::Step;
    /// let s = Step::uses("./.github/actions/wait-for-services").with("timeout", 120);
    /// ```
    pub fn uses(action: impl Into<Uses>) -> Self {
        Self::with_body(StepBody::Uses { uses: action.into(), with: None })
    }

    /// A step of another kind (`wait`, `cancel`, `parallel`...).
    ///
    /// ```
    /// # use ci_model::{Step, StepBody};
    /// let step = Step::new(StepBody::Cancel("server".to_owned()));
    /// assert_eq!(step.body, StepBody::Cancel("server".to_owned()));
    /// assert!(step.script().is_none() && step.uses_ref().is_none());
    /// ```
    pub fn new(body: StepBody) -> Self {
        Self::with_body(body)
    }

    /// `wait:` for one background step, by id.
    ///
    /// ```
    /// # use ci_model::{Job, Step, Workflow};
    /// let job = Job::new("ubuntu-latest")
    ///     .step(Step::parallel([Step::run("./server").id("server").background(true), Step::run("./warm-cache")]))
    ///     .step(Step::wait("server"))
    ///     .step(Step::wait_for(["server"]))
    ///     .step(Step::cancel("server"))
    ///     .step(Step::wait_all());
    /// let yaml = Workflow::new("CI").on_push().job("it", job).to_yaml();
    /// assert!(yaml.contains("      - wait: server\n      - wait: [server]\n      - cancel: server\n      - wait-all:\n"));
    /// ```
    pub fn wait(id: impl Into<String>) -> Self {
        Self::with_body(StepBody::Wait(OneOrMany::One(id.into())))
    }

    /// `wait:` for these background steps (written as a list).
    ///
    /// ```
    /// # use ci_model::{OneOrMany, Step, StepBody};
    /// assert_eq!(Step::wait_for(["db", "cache"]).body, StepBody::Wait(OneOrMany::Many(vec!["db".into(), "cache".into()])));
    /// ```
    pub fn wait_for<S: Into<String>>(ids: impl IntoIterator<Item = S>) -> Self {
        Self::with_body(StepBody::Wait(OneOrMany::Many(ids.into_iter().map(Into::into).collect())))
    }

    /// `wait-all:` the background steps (written with no value).
    ///
    /// ```
    /// # use ci_model::{Step, StepBody};
    /// assert_eq!(Step::wait_all().body, StepBody::WaitAll(None));
    /// ```
    pub fn wait_all() -> Self {
        Self::with_body(StepBody::WaitAll(None))
    }

    /// `wait-all: <bool>`, the value written out.
    ///
    /// ```
    /// # use ci_model::{Step, StepBody};
    /// assert_eq!(Step::wait_all_as(true).body, StepBody::WaitAll(Some(true)));
    /// ```
    pub fn wait_all_as(value: bool) -> Self {
        Self::with_body(StepBody::WaitAll(Some(value)))
    }

    /// `cancel:` a background step, by id.
    ///
    /// ```
    /// # use ci_model::{Step, StepBody};
    /// assert_eq!(Step::cancel("server").body, StepBody::Cancel("server".to_owned()));
    /// ```
    pub fn cancel(id: impl Into<String>) -> Self {
        Self::with_body(StepBody::Cancel(id.into()))
    }

    /// `parallel:` run these steps at once.
    ///
    /// ```
    /// # use ci_model::{Step, StepBody};
    /// let both = Step::parallel([Step::run("make a"), Step::run("make b")]);
    /// assert!(matches!(&both.body, StepBody::Parallel(steps) if steps.len() == 2));
    /// ```
    pub fn parallel(steps: impl IntoIterator<Item = Step>) -> Self {
        Self::with_body(StepBody::Parallel(steps.into_iter().collect()))
    }

    /// Sets `env:` to one expression that yields the whole mapping
    /// (`env: ${{ fromJSON(vars.ENV) }}`), or to an empty mapping.
    ///
    /// ```
    /// # use ci_model::{ex, Env, Step};
    /// let step = Step::run("make").env_all(ex::from_json(ex::vars("ENV")));
    /// assert!(step.env.unwrap().literal().is_none());
    /// let step = Step::run("make").env_all(Env::new());
    /// assert_eq!(step.env.unwrap().literal().map(|e| e.len()), Some(0));
    /// ```
    pub fn env_all(mut self, env: impl Into<LitOrExpr<Env>>) -> Self {
        self.env = Some(env.into());
        self
    }

    /// Sets `with:` of a `uses:` step to one expression that yields every
    /// input (`with: ${{ fromJSON(vars.WITH) }}`), or to an empty mapping;
    /// ignored on other steps.
    ///
    /// ```
    /// # use ci_model::{ex, Step, With};
    /// let step = Step::uses("actions/checkout@v4").with_all(ex::from_json(ex::vars("WITH")));
    /// assert!(step.with_inputs().is_none());
    /// let step = Step::uses("actions/checkout@v4").with_all(With::new());
    /// assert_eq!(step.with_inputs().map(|w| w.len()), Some(0));
    /// ```
    pub fn with_all(mut self, inputs: impl Into<LitOrExpr<With>>) -> Self {
        if let StepBody::Uses { with, .. } = &mut self.body {
            *with = Some(inputs.into());
        }
        self
    }

    /// Adds one `env:` variable (replacing an `env:` expression, if any).
    ///
    /// ```
    /// # use ci_model::{Scalar, Step};
    /// let step = Step::run("cargo test").env("RUST_BACKTRACE", 1).env("RUST_LOG", "debug");
    /// let env = step.env.unwrap();
    /// assert_eq!(env.literal().unwrap()["RUST_BACKTRACE"], Scalar::from(1));
    /// assert_eq!(env.literal().unwrap().len(), 2);
    /// ```
    pub fn env(mut self, key: impl Into<String>, value: impl Into<Scalar>) -> Self {
        env_insert(&mut self.env, key.into(), value.into());
        self
    }

    /// Adds one `with:` input. Only meaningful for a `uses:` step; on other
    /// steps it is ignored.
    ///
    /// ```
    /// # use ci_model::Step;
    /// let step = Step::uses("actions/checkout@v4").with("fetch-depth", 0);
    /// assert_eq!(step.with_inputs().unwrap()["fetch-depth"].to_text(), "0");
    /// // A `run:` step has no inputs.
    /// assert!(Step::run("make").with("fetch-depth", 0).with_inputs().is_none());
    /// ```
    pub fn with(mut self, key: impl Into<String>, value: impl Into<Scalar>) -> Self {
        if let StepBody::Uses { with, .. } = &mut self.body {
            match with {
                Some(LitOrExpr::Lit(map)) => {
                    map.insert(key.into(), value.into());
                }
                _ => {
                    let mut map = With::new();
                    map.insert(key.into(), value.into());
                    *with = Some(LitOrExpr::Lit(map));
                }
            }
        }
        self
    }

    /// The `with:` inputs of a `uses:` step, when written as a mapping.
    ///
    /// ```
    /// # use ci_model::Step;
    /// let step = Step::uses("actions/setup-go@v5").with("go-version", "1.24");
    /// assert_eq!(step.with_inputs().map(|w| w.len()), Some(1));
    /// assert_eq!(Step::uses("actions/checkout@v4").with_inputs(), None);
    /// ```
    pub fn with_inputs(&self) -> Option<&With> {
        match &self.body {
            StepBody::Uses { with: Some(LitOrExpr::Lit(w)), .. } => Some(w),
            _ => None,
        }
    }

    /// Sets `shell:` of a `run:` step.
    ///
    /// ```
    /// # use ci_model::{Job, Step, Workflow};
    /// let step = Step::run("Get-ChildItem").shell("pwsh");
    /// let yaml = Workflow::new("CI").on_push().job("a", Job::new("windows-latest").step(step)).to_yaml();
    /// assert!(yaml.contains("      - shell: pwsh\n        run: Get-ChildItem\n"));
    /// ```
    pub fn shell(mut self, shell: impl Into<Scalar>) -> Self {
        if let StepBody::Run(r) = &mut self.body {
            r.shell = Some(shell.into());
        }
        self
    }

    /// Sets `working-directory:` of a `run:` step.
    ///
    /// ```
    /// # use ci_model::{Job, Step, Workflow};
    /// let step = Step::run("npm ci").working_directory("web");
    /// let yaml = Workflow::new("CI").on_push().job("a", Job::new("ubuntu-latest").step(step)).to_yaml();
    /// assert!(yaml.contains("      - working-directory: web\n        run: npm ci\n"));
    /// ```
    pub fn working_directory(mut self, dir: impl Into<Scalar>) -> Self {
        if let StepBody::Run(r) = &mut self.body {
            r.working_directory = Some(dir.into());
        }
        self
    }

    /// A `run:` step whose `${{ }}` expressions are moved into `env:`, the fix
    /// the `template-injection` lint asks for: each expression becomes an
    /// environment variable, and the script reads it as `${NAME}` (keep it in
    /// double quotes where word splitting matters).
    ///
    /// ```
    /// use ci_model::Step;
    ///
    /// let s = Step::run_with_env("echo \"${{ github.head_ref }}\"");
    /// assert_eq!(s.script().unwrap().as_str(), Some("echo \"${GITHUB_HEAD_REF}\""));
    /// let env = s.env.unwrap();
    /// assert_eq!(env.literal().unwrap()["GITHUB_HEAD_REF"], "${{ github.head_ref }}");
    /// ```
    pub fn run_with_env(script: &str) -> Self {
        let mut out = String::with_capacity(script.len());
        let mut env: Vec<(String, String)> = Vec::new();
        match crate::expression::template::parts(script) {
            Ok(parts) => {
                for part in parts {
                    match part {
                        crate::expression::template::Part::Text(t) => out.push_str(t),
                        crate::expression::template::Part::Expr(e) => {
                            let body = e.trim();
                            let name = crate::expression::template::env_name(body);
                            out.push_str(&format!("${{{name}}}"));
                            if !env.iter().any(|(n, _)| *n == name) {
                                env.push((name, format!("${{{{ {body} }}}}")));
                            }
                        }
                    }
                }
            }
            Err(_) => out.push_str(script),
        }
        let mut step = Step::run(out);
        for (k, v) in env {
            step = step.env(k, v);
        }
        step
    }

    /// The action, for a `uses:` step.
    ///
    /// ```
    /// # use ci_model::{Step, Uses};
    /// let step = Step::uses("actions/checkout@v4");
    /// assert_eq!(step.uses_ref(), Some(&Uses::new("actions/checkout@v4")));
    /// assert_eq!(Step::run("make").uses_ref(), None);
    /// ```
    pub fn uses_ref(&self) -> Option<&Uses> {
        match &self.body {
            StepBody::Uses { uses, .. } => Some(uses),
            _ => None,
        }
    }

    /// The script, for a `run:` step.
    ///
    /// ```
    /// # use ci_model::Step;
    /// assert_eq!(Step::run("make").script().unwrap(), "make");
    /// assert!(Step::uses("actions/checkout@v4").script().is_none());
    /// ```
    pub fn script(&self) -> Option<&Scalar> {
        match &self.body {
            StepBody::Run(r) => Some(&r.script),
            _ => None,
        }
    }
}

/// Inserts into an optional `env:`, turning an expression into a mapping.
pub(crate) fn env_insert(env: &mut Option<LitOrExpr<Env>>, key: String, value: Scalar) {
    match env {
        Some(LitOrExpr::Lit(map)) => {
            map.insert(key, value);
        }
        _ => {
            let mut map = Env::new();
            map.insert(key, value);
            *env = Some(LitOrExpr::Lit(map));
        }
    }
}

/// Whether `k` is a key of some kind of step: a common one or a body's.
pub(crate) fn is_step_key(k: &str) -> bool {
    use crate::record::Declared;
    Step::FIELDS.iter().any(|(_, key)| *key == k) || KINDS.iter().any(|kind| kind.keys.contains(&k))
}
