//! Security lints, checked on the model before a file is written.
//!
//! | lint | what it refuses |
//! |---|---|
//! | `unpinned-uses` | a `uses:` of a repository action or reusable workflow not pinned to a 40-hex commit SHA, or a `docker://` image not pinned by digest (local actions are exempt) |
//! | `permissions` | no workflow-level `permissions`, `write-all`, write scopes at workflow level, or a job's write scope no step can use |
//! | `template-injection` | a `${{ }}` inside a `run:` script (or `actions/github-script`'s `script`), above all attacker-controlled event fields |
//! | `untrusted-checkout` | a `pull_request_target` or `workflow_run` job that checks out the pull request's code while secrets or write permissions are available |
//! | `persist-credentials` | `actions/checkout` without `persist-credentials: false` when no later step pushes (a checkout of the repository itself given a token of its own, not the job's, keeps it on purpose: for the git commands of later steps) |
//! | `secrets-policy` | a secret named in [`Lints::forbid_secret`] referenced by a job in a forbidden environment |
//! | `secrets-inherit` | `secrets: inherit` on a reusable-workflow call: `deny` to another repository's workflow, `warn` to this repository's own (`./.github/workflows/...`, `$/...`) |
//!
//! Each lint is `deny` by default (but `secrets-inherit` to this
//! repository's own workflow, `warn`); [`Lints::level`] sets one lint's
//! level for all its findings: `deny`, `warn` or `allow`. One job or step can allow a lint with a reason
//! ([`Step::allow`](crate::Step::allow), [`NormalJob::allow`](crate::NormalJob::allow)); the
//! reason is written as a comment next to it, so a reviewer sees it in the YAML.
//!
//! ```
//! use ci_model::lint::{Lint, Lints, Severity};
//! use ci_model::{Job, Permissions, Step, Workflow};
//!
//! let job = Job::new("ubuntu-latest").timeout_minutes(5).step(Step::uses("actions/checkout@v4"));
//! let wf = Workflow::new("CI").on_push().permissions(Permissions::none()).job("test", job);
//! let lints: Vec<Lint> = wf.lint(&Lints::new()).iter().map(|f| f.lint).collect();
//! assert_eq!(lints, [Lint::UnpinnedUses, Lint::PersistCredentials]);
//! let relaxed = Lints::new().level(Lint::UnpinnedUses, Severity::Allow);
//! assert!(wf.lint(&relaxed).iter().all(|f| f.lint != Lint::UnpinnedUses));
//! ```

mod checks;

pub use crate::allow::{Allow, Lint};

use std::collections::BTreeMap;
use std::fmt;

use crate::{Diagnostic, Workflow};

/// The old name of [`Severity`], which said the same thing as the
/// permission [`Level`](crate::Level) of the crate root.
///
/// ```
/// #[allow(deprecated)]
/// let warn = ci_model::lint::Level::Warn;
/// assert_eq!(warn, ci_model::lint::Severity::Warn);
/// ```
#[deprecated(since = "0.2.0", note = "renamed to `ci_model::lint::Severity`")]
pub type Level = Severity;

/// What a lint's findings do.
///
/// ```
/// use ci_model::lint::{Lint, Lints, Severity};
/// use ci_model::{Action, Step};
///
/// let action = Action::composite("Greet", [Step::run("echo ${{ github.head_ref }}").shell("bash")]);
/// let warn = Lints::new().level(Lint::TemplateInjection, Severity::Warn);
/// assert!(action.lint(&warn)[0].to_string().starts_with("warning: runs.steps[0].run: "));
/// let allow = Lints::new().level(Lint::TemplateInjection, Severity::Allow);
/// assert!(action.lint(&allow).is_empty());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Ignored.
    Allow,
    /// Reported; generation goes on.
    Warn,
    /// Reported; nothing is written.
    Deny,
}

/// Which lints run at which level, and the secrets policy.
///
/// ```
/// use ci_model::lint::{Lint, Lints, Severity};
///
/// let lints = Lints::default()
///     .level(Lint::PersistCredentials, Severity::Warn)
///     .forbid_secret("ALPACA_LIVE_API_KEY", ["staging"]);
/// assert_eq!(lints.level_of(Lint::PersistCredentials), Severity::Warn);
/// assert_eq!(lints.level_of(Lint::UnpinnedUses), Severity::Deny);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Lints {
    levels: BTreeMap<Lint, Severity>,
    forbidden: Vec<(String, Vec<String>)>,
}

impl Lints {
    /// Every lint at `deny`, no secrets policy.
    ///
    /// ```
    /// # use ci_model::lint::{Lint, Lints, Severity};
    /// let lints = Lints::new();
    /// assert!(Lint::ALL.iter().all(|l| lints.level_of(*l) == Severity::Deny));
    /// assert!(lints.forbidden_secrets().is_empty());
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets a lint's level.
    pub fn level(mut self, lint: Lint, level: Severity) -> Self {
        self.levels.insert(lint, level);
        self
    }

    /// The level of `lint`: the one set with [`level`](Self::level), else
    /// `deny` (the default of every finding but a `secrets-inherit` one on
    /// a call of this repository's own workflow, which is `warn`).
    ///
    /// ```
    /// # use ci_model::lint::{Lint, Lints, Severity};
    /// let lints = Lints::new().level(Lint::Permissions, Severity::Warn);
    /// assert_eq!(lints.level_of(Lint::Permissions), Severity::Warn);
    /// assert_eq!(lints.level_of(Lint::TemplateInjection), Severity::Deny);
    /// ```
    pub fn level_of(&self, lint: Lint) -> Severity {
        self.levels.get(&lint).copied().unwrap_or(Severity::Deny)
    }

    /// The level set for `lint` with [`level`](Self::level), if any.
    fn level_set(&self, lint: Lint) -> Option<Severity> {
        self.levels.get(&lint).copied()
    }

    /// Forbids `secret` in jobs that run in any of `environments`.
    ///
    /// ```
    /// # use ci_model::lint::Lints;
    /// # use ci_model::{Environment, Job, Permissions, Step, Workflow};
    /// let deploy = Job::new("ubuntu-latest")
    ///     .timeout_minutes(5)
    ///     .environment(Environment::named("staging"))
    ///     .step(Step::run("./deploy.sh").env("KEY", "${{ secrets.LIVE_KEY }}"));
    /// let wf = Workflow::new("CD").on_push().permissions(Permissions::none()).job("deploy", deploy);
    /// let findings = wf.lint(&Lints::new().forbid_secret("LIVE_KEY", ["staging"]));
    /// assert_eq!(findings[0].diagnostic.path.to_string(), "jobs.deploy.steps[0].env.KEY");
    /// assert!(wf.lint(&Lints::new()).is_empty());
    /// ```
    pub fn forbid_secret<S: Into<String>>(mut self, secret: &str, environments: impl IntoIterator<Item = S>) -> Self {
        self.forbidden.push((secret.to_owned(), environments.into_iter().map(Into::into).collect()));
        self
    }

    /// The secrets policy: each secret with the environments it is forbidden in.
    pub fn forbidden_secrets(&self) -> &[(String, Vec<String>)] {
        &self.forbidden
    }
}

/// One lint finding.
///
/// ```
/// use ci_model::lint::{Lint, Lints, Severity};
/// use ci_model::{Job, Step, Workflow};
///
/// let job = Job::new("ubuntu-latest").timeout_minutes(5).step(Step::run("make"));
/// let wf = Workflow::new("CI").on_push().job("a", job);
/// let finding = &wf.lint(&Lints::new())[0];
/// assert_eq!((finding.lint, finding.level), (Lint::Permissions, Severity::Deny));
/// assert_eq!(finding.diagnostic.rule(), "permissions");
/// assert!(finding.to_string().starts_with("error: <root>: no workflow-level `permissions`"));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    /// The lint.
    pub lint: Lint,
    /// Its level under the configuration used.
    pub level: Severity,
    /// Where and what (the rule name in the message is the lint's name).
    pub diagnostic: Diagnostic,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.level {
            Severity::Deny => "error",
            Severity::Warn => "warning",
            Severity::Allow => "allowed",
        };
        write!(f, "{level}: {}", self.diagnostic)
    }
}

impl Workflow {
    /// Runs the security lints; findings of `allow`-level lints and those
    /// allowed on their job or step are left out.
    ///
    /// ```
    /// use ci_model::lint::Lints;
    /// use ci_model::{Job, Permissions, Step, Workflow};
    ///
    /// let wf = Workflow::new("CI")
    ///     .on_push()
    ///     .permissions(Permissions::none())
    ///     .job("t", Job::new("ubuntu-latest").timeout_minutes(5).step(Step::uses("actions/checkout@v4")));
    /// let findings = wf.lint(&Lints::default());
    /// assert_eq!(
    ///     findings[0].to_string(),
    ///     "error: jobs.t.steps[0].uses: `actions/checkout@v4` is not pinned to a commit; pin the full 40-hex \
    ///      commit SHA and keep the version as a comment (`Uses::pinned(\"actions/checkout\", \"<sha>\", \"v4\")`) \
    ///      [unpinned-uses]"
    /// );
    /// ```
    pub fn lint(&self, lints: &Lints) -> Vec<Finding> {
        checks::workflow(self, lints)
            .into_iter()
            .map(|(lint, diagnostic)| {
                let level =
                    lints.level_set(lint).unwrap_or_else(|| checks::default_level(self, lint, &diagnostic.path));
                Finding { lint, level, diagnostic }
            })
            .filter(|f| f.level != Severity::Allow)
            .collect()
    }
}

impl crate::Action {
    /// Runs the security lints that apply to a composite action's steps.
    ///
    /// ```
    /// # use ci_model::lint::{Lint, Lints};
    /// # use ci_model::{Action, Step};
    /// let action = Action::composite("Greet", [Step::run("echo ${{ github.head_ref }}").shell("bash")]);
    /// let findings = action.lint(&Lints::new());
    /// assert_eq!(findings.len(), 1);
    /// assert_eq!(findings[0].lint, Lint::TemplateInjection);
    /// // The fix the lint asks for.
    /// let fixed = Action::composite("Greet", [Step::run_with_env("echo \"${{ github.head_ref }}\"").shell("bash")]);
    /// assert!(fixed.lint(&Lints::new()).is_empty());
    /// ```
    pub fn lint(&self, lints: &Lints) -> Vec<Finding> {
        checks::action(self, lints)
            .into_iter()
            .map(|(lint, diagnostic)| Finding { lint, level: lints.level_of(lint), diagnostic })
            .filter(|f| f.level != Severity::Allow)
            .collect()
    }
}
