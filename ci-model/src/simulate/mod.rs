//! Which workflows and jobs an event runs, decided on the model before a push.
//!
//! [`Workflow::simulate`] applies GitHub's documented trigger rules to one
//! [`Event`] (a push, a pull request, a schedule, a manual run, ...) and
//! says, for the workflow and each of its jobs, whether it [runs](Outcome::Runs),
//! is [skipped](Outcome::Skipped) or [may run](Outcome::MayRun) (when the
//! answer depends on something the event does not tell), and why.
//!
//! The rules, from GitHub's [workflow syntax] and [events] documentation:
//!
//! - **One event, its own filters.** A workflow runs only for events listed
//!   under `on:`, and only the filters written under that event apply.
//! - **Pairs are exclusive.** `branches`/`branches-ignore`, `tags`/`tags-ignore`
//!   and `paths`/`paths-ignore` "cannot be used for the same event"; the model's
//!   [`Filter`] holds one side of each pair.
//! - **Patterns** are GitHub's globs ([`Pattern`]), checked in order: "a
//!   matching negative pattern (prefixed with `!`) after a positive match will
//!   exclude the Git ref [or path]. A matching positive pattern after a
//!   negative match will include the Git ref again" ([`Patterns`]).
//! - **Branches and tags of a push** ([`on.push.<branches|tags|branches-ignore|tags-ignore>`]):
//!   "If you define only `tags`/`tags-ignore` or only
//!   `branches`/`branches-ignore`, the workflow won't run for events affecting
//!   the undefined Git ref. If you define neither [...], the workflow will run
//!   for events affecting either branches or tags."
//! - **Branches of a pull request** ([`on.<pull_request|pull_request_target>.<branches|branches-ignore>`])
//!   are those the pull request *targets*: the filters match the base branch.
//! - **Activity types** ([`on.<event_name>.types`]): an event with `types:` runs
//!   only for those activities. Without `types:`, every activity triggers it,
//!   except `pull_request` and `pull_request_target`, which default to
//!   `opened`, `synchronize` and `reopened`.
//! - **Paths** ([`on.<push|pull_request|pull_request_target>.<paths|paths-ignore>`]):
//!   with `paths`, the workflow runs if *any* changed file is included (after
//!   the negations); with `paths-ignore`, "when all the path names match
//!   patterns in `paths-ignore`, the workflow will not run. If any path names
//!   do not match [...] the workflow will run". "Path filters are not evaluated
//!   for pushes of tags." "If there are no files changed, the workflow will
//!   not run." "Diffs are limited to 300 files": only the first 300 changed
//!   files count. Branch and path filters must both be satisfied.
//! - **`schedule`** runs "on the latest commit on the default branch", so a
//!   workflow whose schedule should fire must be simulated on the default
//!   branch; **`workflow_dispatch`** runs whenever the workflow declares it.
//! - **Jobs** run when their workflow runs, unless their `if:` is false for the
//!   event, or a job they `need` does not run. Without a status check
//!   function, `if: x` is evaluated as `success() && (x)`, and `success()` is
//!   false when a needed job was skipped ([`jobs.<job_id>.if`]). Conditions are
//!   evaluated by [`evaluate`] over the `github` context the event determines
//!   ([`Event::scope`]); what it cannot know makes the job "may run", naming
//!   the unknown values.
//!
//! ```
//! use ci_model::simulate::{Event, Outcome};
//! use ci_model::{Job, PushFilter, Step, Workflow};
//!
//! let docs = Workflow::new("Docs")
//!     .on_push_with(PushFilter::new().paths(["docs/**", "!docs/drafts/**"]))
//!     .job("build", Job::new("ubuntu-latest").step(Step::run("make docs")));
//!
//! let verdict = docs.simulate(&Event::push("main").changed(["docs/guide.md"])).unwrap();
//! assert_eq!(verdict.outcome, Outcome::Runs);
//!
//! let verdict = docs.simulate(&Event::push("main").changed(["docs/drafts/next.md", "src/lib.rs"])).unwrap();
//! assert_eq!(verdict.outcome, Outcome::Skipped);
//! assert_eq!(verdict.reason, "no changed file matches paths: [docs/**, '!docs/drafts/**']");
//! assert_eq!(verdict.jobs[0].outcome, Outcome::Skipped);
//! ```
//!
//! [workflow syntax]: https://docs.github.com/actions/using-workflows/workflow-syntax-for-github-actions
//! [events]: https://docs.github.com/actions/using-workflows/events-that-trigger-workflows
//! [`Filter`]: crate::Filter
//! [`on.push.<branches|tags|branches-ignore|tags-ignore>`]: https://docs.github.com/actions/using-workflows/workflow-syntax-for-github-actions#onpushbranchestagsbranches-ignoretags-ignore
//! [`on.<pull_request|pull_request_target>.<branches|branches-ignore>`]: https://docs.github.com/actions/using-workflows/workflow-syntax-for-github-actions#onpull_requestpull_request_targetbranchesbranches-ignore
//! [`on.<event_name>.types`]: https://docs.github.com/actions/using-workflows/workflow-syntax-for-github-actions#onevent_nametypes
//! [`on.<push|pull_request|pull_request_target>.<paths|paths-ignore>`]: https://docs.github.com/actions/using-workflows/workflow-syntax-for-github-actions#onpushpull_requestpull_request_targetpathspaths-ignore
//! [`jobs.<job_id>.if`]: https://docs.github.com/actions/using-workflows/workflow-syntax-for-github-actions#jobsjob_idif

mod evaluate;
mod glob;

use std::collections::HashSet;
use std::fmt;

use indexmap::IndexMap;

pub use evaluate::{Evaluation, Partial, Scope, Value, evaluate, has_status_check};
pub use glob::{Pattern, PatternError, PatternProblem, Patterns};

use crate::expression::{Ast, template};
use crate::workflow::EVENT;
use crate::{EventInfo, Filter, Job, NullOr, OneOrMany, Scalar, Triggers, Workflow};

/// Only the first this many changed files are compared with path filters:
/// "Diffs are limited to 300 files. If there are files changed that aren't
/// matched in the first 300 files returned by the filter, the workflow will
/// not run."
///
/// ```
/// use ci_model::simulate::{DIFF_FILE_LIMIT, Event, Outcome};
/// use ci_model::{Job, NullOr, PushFilter, Step, Workflow};
///
/// let wf = Workflow::new("CI")
///     .on_push_with(PushFilter::new().paths(["src/**"]))
///     .job("test", Job::new("ubuntu-latest").step(Step::run("make test")));
/// // The one source file comes after the limit: it does not count.
/// let mut files: Vec<String> = (0..DIFF_FILE_LIMIT).map(|i| format!("docs/{i}.md")).collect();
/// files.push("src/lib.rs".to_owned());
/// assert_eq!(wf.simulate(&Event::push("main").changed(files)).unwrap().outcome, Outcome::Skipped);
/// ```
pub const DIFF_FILE_LIMIT: usize = 300;

/// The activity types `pull_request` and `pull_request_target` run for when
/// their `types:` is not written.
///
/// ```
/// use ci_model::simulate::{DEFAULT_PULL_REQUEST_TYPES, Event, Outcome};
/// use ci_model::{Job, NullOr, Step, Workflow};
///
/// let wf = Workflow::new("PR")
///     .on_pull_request()
///     .job("test", Job::new("ubuntu-latest").step(Step::run("make test")));
/// for activity in DEFAULT_PULL_REQUEST_TYPES {
///     assert_eq!(wf.simulate(&Event::pull_request("main").activity(activity)).unwrap().outcome, Outcome::Runs);
/// }
/// assert_eq!(wf.simulate(&Event::pull_request("main").activity("closed")).unwrap().outcome, Outcome::Skipped);
/// ```
pub const DEFAULT_PULL_REQUEST_TYPES: [&str; 3] = ["opened", "synchronize", "reopened"];

/// The Git ref an event is about.
///
/// ```
/// use ci_model::simulate::{Event, GitRef};
///
/// assert_eq!(Event::push("main").git_ref, Some(GitRef::Branch("main".to_owned())));
/// assert_eq!(Event::push_tag("v1.2.0").git_ref, Some(GitRef::Tag("v1.2.0".to_owned())));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GitRef {
    /// A branch, by name (`main`, `feature/x`).
    Branch(String),
    /// A tag, by name (`v1.2.0`).
    Tag(String),
}

impl GitRef {
    /// The short name.
    ///
    /// ```
    /// # use ci_model::simulate::GitRef;
    /// assert_eq!(GitRef::Branch("feature/x".to_owned()).name(), "feature/x");
    /// assert_eq!(GitRef::Tag("v1.0".to_owned()).name(), "v1.0");
    /// ```
    pub fn name(&self) -> &str {
        match self {
            GitRef::Branch(n) | GitRef::Tag(n) => n,
        }
    }

    /// The full ref: `refs/heads/<branch>` or `refs/tags/<tag>`.
    ///
    /// ```
    /// # use ci_model::simulate::GitRef;
    /// assert_eq!(GitRef::Branch("main".to_owned()).full(), "refs/heads/main");
    /// assert_eq!(GitRef::Tag("v1.0".to_owned()).full(), "refs/tags/v1.0");
    /// ```
    pub fn full(&self) -> String {
        match self {
            GitRef::Branch(n) => format!("refs/heads/{n}"),
            GitRef::Tag(n) => format!("refs/tags/{n}"),
        }
    }

    fn kind(&self) -> &'static str {
        match self {
            GitRef::Branch(_) => "branch",
            GitRef::Tag(_) => "tag",
        }
    }
}

/// One event to simulate: what happened, on which ref, with which files.
///
/// ```
/// use ci_model::simulate::Event;
///
/// let pr = Event::pull_request("main").head("feature/x").changed(["README.md"]);
/// assert_eq!(pr.name, "pull_request");
/// assert_eq!(pr.activity.as_deref(), Some("opened"));
/// assert_eq!(pr.to_string(), "pull_request (opened) from `feature/x` into `main`");
/// assert_eq!(Event::push_tag("v1.0").to_string(), "push of tag `v1.0`");
/// assert_eq!(Event::push("main").to_string(), "push to branch `main`");
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    /// The event's name, as written under `on:` (`push`, `pull_request`, ...).
    pub name: String,
    /// The ref: what a push pushed, the head branch of a pull request, the
    /// branch a manual run or a scheduled run uses. `None` when not given.
    pub git_ref: Option<GitRef>,
    /// The base branch of a pull request (or of a merge group).
    pub base: Option<String>,
    /// The activity type (`opened`, `closed`, `completed`, ...).
    pub activity: Option<String>,
    /// The changed files, relative to the repository root; `None` when not
    /// given (path filters then make a workflow "may run").
    pub changed: Option<Vec<String>>,
    /// The repository's default branch (`main` unless set).
    pub default_branch: String,
    /// Further expression values by dotted path (for example
    /// `github.event.pull_request.draft`), over those the event determines.
    pub values: IndexMap<String, Value>,
}

impl Event {
    /// An event by name, with nothing else known.
    ///
    /// ```
    /// # use ci_model::simulate::Event;
    /// let e = Event::new("release").activity("published");
    /// assert_eq!(e.to_string(), "release (published)");
    /// assert_eq!((e.git_ref, e.changed, e.default_branch.as_str()), (None, None, "main"));
    /// ```
    pub fn new(name: impl Into<String>) -> Self {
        Event {
            name: name.into(),
            git_ref: None,
            base: None,
            activity: None,
            changed: None,
            default_branch: "main".to_owned(),
            values: IndexMap::new(),
        }
    }

    /// A push to a branch.
    ///
    /// ```
    /// # use ci_model::simulate::{Event, Value};
    /// let e = Event::push("main");
    /// assert_eq!(e.to_string(), "push to branch `main`");
    /// assert_eq!(e.scope().get("github.ref_name"), Some(Value::from("main")));
    /// ```
    pub fn push(branch: impl Into<String>) -> Self {
        Event::new("push").branch(branch)
    }

    /// A push of a tag.
    ///
    /// ```
    /// # use ci_model::simulate::{Event, Value};
    /// let e = Event::push_tag("v2.0.0");
    /// assert_eq!(e.scope().get("github.ref"), Some(Value::from("refs/tags/v2.0.0")));
    /// assert_eq!(e.scope().get("github.ref_type"), Some(Value::from("tag")));
    /// ```
    pub fn push_tag(tag: impl Into<String>) -> Self {
        Event::new("push").tag(tag)
    }

    /// A pull request into `base`, `opened`.
    ///
    /// ```
    /// # use ci_model::simulate::Event;
    /// let pr = Event::pull_request("main");
    /// assert_eq!(pr.name, "pull_request");
    /// assert_eq!((pr.base.as_deref(), pr.activity.as_deref()), (Some("main"), Some("opened")));
    /// ```
    pub fn pull_request(base: impl Into<String>) -> Self {
        Event::new("pull_request").base(base).activity("opened")
    }

    /// A scheduled run.
    ///
    /// ```
    /// # use ci_model::simulate::{Event, Outcome};
    /// # use ci_model::{Cron, Job, Step, Workflow};
    /// let nightly = Workflow::new("Nightly")
    ///     .on_schedule(Cron::new("0 3 * * *"))
    ///     .job("e2e", Job::new("ubuntu-latest").step(Step::run("make e2e")));
    /// assert_eq!(nightly.simulate(&Event::schedule()).unwrap().outcome, Outcome::Runs);
    /// // Scheduled runs use the default branch only.
    /// assert_eq!(nightly.simulate(&Event::schedule().branch("dev")).unwrap().outcome, Outcome::Skipped);
    /// ```
    pub fn schedule() -> Self {
        Event::new("schedule")
    }

    /// A manual run.
    ///
    /// ```
    /// # use ci_model::simulate::{Event, Outcome};
    /// # use ci_model::{Job, NullOr, Step, Workflow};
    /// let manual = Workflow::new("Release")
    ///     .on_workflow_dispatch()
    ///     .job("release", Job::new("ubuntu-latest").step(Step::run("make release")));
    /// let v = manual.simulate(&Event::workflow_dispatch()).unwrap();
    /// assert_eq!((v.outcome, v.reason.as_str()), (Outcome::Runs, "workflow_dispatch: a manual run always runs it"));
    /// ```
    pub fn workflow_dispatch() -> Self {
        Event::new(EVENT.workflow_dispatch.name)
    }

    /// Sets the branch (for a pull request, the head branch).
    ///
    /// ```
    /// # use ci_model::simulate::{Event, GitRef, Value};
    /// let e = Event::workflow_dispatch().branch("release/1.x");
    /// assert_eq!(e.git_ref, Some(GitRef::Branch("release/1.x".to_owned())));
    /// assert_eq!(e.scope().get("github.ref"), Some(Value::from("refs/heads/release/1.x")));
    /// ```
    pub fn branch(mut self, branch: impl Into<String>) -> Self {
        self.git_ref = Some(GitRef::Branch(branch.into()));
        self
    }

    /// The head branch of a pull request (the same as [`Event::branch`]).
    ///
    /// ```
    /// # use ci_model::simulate::{Event, Value};
    /// let pr = Event::pull_request("main").head("fix/typo");
    /// assert_eq!(pr.scope().get("github.head_ref"), Some(Value::from("fix/typo")));
    /// assert_eq!(pr.to_string(), "pull_request (opened) from `fix/typo` into `main`");
    /// ```
    pub fn head(self, branch: impl Into<String>) -> Self {
        self.branch(branch)
    }

    /// Sets the tag.
    pub fn tag(mut self, tag: impl Into<String>) -> Self {
        self.git_ref = Some(GitRef::Tag(tag.into()));
        self
    }

    /// Sets the base branch.
    ///
    /// ```
    /// # use ci_model::simulate::{Event, Value};
    /// let e = Event::new("pull_request_target").base("main").activity("opened");
    /// assert_eq!(e.scope().get("github.ref"), Some(Value::from("refs/heads/main")));
    /// ```
    pub fn base(mut self, branch: impl Into<String>) -> Self {
        self.base = Some(branch.into());
        self
    }

    /// Sets the activity type.
    ///
    /// ```
    /// # use ci_model::simulate::{Event, Value};
    /// let e = Event::pull_request("main").activity("labeled");
    /// assert_eq!(e.scope().get("github.event.action"), Some(Value::from("labeled")));
    /// ```
    pub fn activity(mut self, activity: impl Into<String>) -> Self {
        self.activity = Some(activity.into());
        self
    }

    /// Sets the changed files.
    ///
    /// ```
    /// # use ci_model::simulate::{Event, Outcome};
    /// # use ci_model::{Job, NullOr, PushFilter, Step, Workflow};
    /// let wf = Workflow::new("Web")
    ///     .on_push_with(PushFilter::new().paths(["web/**"]))
    ///     .job("build", Job::new("ubuntu-latest").step(Step::run("npm run build")));
    /// assert_eq!(wf.simulate(&Event::push("main")).unwrap().outcome, Outcome::MayRun);
    /// assert_eq!(wf.simulate(&Event::push("main").changed(["web/app.ts"])).unwrap().outcome, Outcome::Runs);
    /// assert_eq!(wf.simulate(&Event::push("main").changed(["api/main.go"])).unwrap().outcome, Outcome::Skipped);
    /// ```
    pub fn changed<S: Into<String>>(mut self, files: impl IntoIterator<Item = S>) -> Self {
        self.changed = Some(files.into_iter().map(Into::into).collect());
        self
    }

    /// Sets the default branch.
    ///
    /// ```
    /// # use ci_model::simulate::{Event, Value};
    /// let e = Event::schedule().default_branch("trunk");
    /// assert_eq!(e.default_branch, "trunk");
    /// assert_eq!(e.scope().get("github.ref"), Some(Value::from("refs/heads/trunk")));
    /// ```
    pub fn default_branch(mut self, branch: impl Into<String>) -> Self {
        self.default_branch = branch.into();
        self
    }

    /// Sets an expression value (`github.event.pull_request.draft`, `inputs.x`).
    pub fn value(mut self, path: impl Into<String>, value: impl Into<Value>) -> Self {
        self.values.insert(path.into(), value.into());
        self
    }

    /// What the table of events declares about this one (nothing for an
    /// event GitHub does not define).
    fn info(&self) -> EventInfo {
        Triggers::info(&self.name).unwrap_or(EventInfo::NONE)
    }

    fn is_pull_request(&self) -> bool {
        self.info().pull_request
    }

    /// The expression values this event determines, then [`Event::values`].
    ///
    /// For every event: `github.event_name`, `github.event.action` (the
    /// activity, when given), `github.base_ref` and `github.head_ref` (the
    /// pull request's branches; empty for other events). `github.ref`,
    /// `github.ref_name` and `github.ref_type` come from the ref: a push's
    /// branch or tag, the base branch for `pull_request_target`, unknown for
    /// `pull_request` (`refs/pull/<number>/merge`), the given branch or else
    /// the default branch for other events. `github.event.pull_request` is
    /// `null` for `push`, `schedule` and `workflow_dispatch`, and carries
    /// `base.ref` and `head.ref` for pull requests.
    ///
    /// ```
    /// use ci_model::simulate::{Event, Value};
    ///
    /// let s = Event::push("main").scope();
    /// assert_eq!(s.get("github.ref"), Some(Value::from("refs/heads/main")));
    /// assert_eq!(s.get("github.event.pull_request.draft"), Some(Value::Null));
    /// let s = Event::pull_request("main").value("github.event.pull_request.draft", true).scope();
    /// assert_eq!(s.get("github.base_ref"), Some(Value::from("main")));
    /// assert_eq!(s.get("github.event.pull_request.draft"), Some(Value::Bool(true)));
    /// assert_eq!(s.get("github.ref"), None);
    /// ```
    pub fn scope(&self) -> Scope {
        let mut s = Scope::new();
        s.set("github.event_name", self.name.as_str());
        if let Some(a) = &self.activity {
            s.set("github.event.action", a.as_str());
        }
        let info = self.info();
        let git_ref = if info.base_ref {
            self.base.clone().map(GitRef::Branch)
        } else if info.pull_request {
            None
        } else {
            Some(self.git_ref.clone().unwrap_or_else(|| GitRef::Branch(self.default_branch.clone())))
        };
        if let Some(r) = git_ref {
            s.set("github.ref", r.full());
            s.set("github.ref_name", r.name());
            s.set("github.ref_type", r.kind());
        }
        if self.is_pull_request() {
            let head = match &self.git_ref {
                Some(GitRef::Branch(b)) => Some(b.as_str()),
                _ => None,
            };
            if let Some(base) = &self.base {
                s.set("github.base_ref", base.as_str());
                s.set("github.event.pull_request.base.ref", base.as_str());
            }
            if let Some(head) = head {
                s.set("github.head_ref", head);
                s.set("github.event.pull_request.head.ref", head);
            }
        } else {
            s.set("github.base_ref", "");
            s.set("github.head_ref", "");
        }
        if info.no_pull_request {
            s.set("github.event.pull_request", Value::Null);
        }
        for (path, value) in &self.values {
            s.set(path, value.clone());
        }
        s
    }
}

impl fmt::Display for Event {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)?;
        if let Some(a) = &self.activity {
            write!(f, " ({a})")?;
        }
        if self.is_pull_request() {
            if let Some(head) = &self.git_ref {
                write!(f, " from `{}`", head.name())?;
            }
            if let Some(base) = &self.base {
                write!(f, " into `{base}`")?;
            }
        } else if let Some(r) = &self.git_ref {
            let preposition = match (self.name.as_str(), r) {
                ("push", GitRef::Branch(_)) => "to",
                ("push", GitRef::Tag(_)) => "of",
                _ => "on",
            };
            write!(f, " {preposition} {} `{}`", r.kind(), r.name())?;
        }
        Ok(())
    }
}

/// Whether something runs.
///
/// ```
/// use ci_model::simulate::{Event, Outcome};
/// use ci_model::{Job, Step, Workflow};
///
/// let wf = Workflow::new("CI")
///     .on_push()
///     .job("deploy", Job::new("ubuntu-latest").when("github.repository == 'octo/app'").step(Step::run("make")));
/// let v = wf.simulate(&Event::push("main")).unwrap();
/// assert_eq!(v.outcome, Outcome::Runs);
/// // The event does not tell the repository.
/// assert_eq!(v.jobs[0].outcome, Outcome::MayRun);
/// assert!(Outcome::Skipped < Outcome::MayRun && Outcome::MayRun < Outcome::Runs);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Outcome {
    /// It does not run.
    Skipped,
    /// It depends on something the event does not tell.
    MayRun,
    /// It runs.
    Runs,
}

impl Outcome {
    /// `runs`, `skipped` or `may run`.
    ///
    /// ```
    /// # use ci_model::simulate::Outcome;
    /// assert_eq!(Outcome::MayRun.as_str(), "may run");
    /// assert_eq!(Outcome::Skipped.to_string(), "skipped");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Runs => "runs",
            Outcome::Skipped => "skipped",
            Outcome::MayRun => "may run",
        }
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What an event does to a workflow.
///
/// ```
/// use ci_model::simulate::{Event, Outcome};
/// use ci_model::{Job, Step, Workflow};
///
/// let test = Job::new("ubuntu-latest").step(Step::run("make test"));
/// let wf = Workflow::new("CI").on_push_branches(["main"]).job("test", test);
/// let v = wf.simulate(&Event::push("feature/x")).unwrap();
/// assert_eq!(v.outcome, Outcome::Skipped);
/// assert_eq!(v.reason, "push to branch `feature/x` does not match branches: [main]");
/// assert_eq!(v.jobs.len(), 1);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkflowVerdict {
    /// Whether the workflow runs.
    pub outcome: Outcome,
    /// Which rule decided, in words (the filter that excluded it, or what let
    /// it through, or what is not known).
    pub reason: String,
    /// Each job, in order.
    pub jobs: Vec<JobVerdict>,
}

/// What an event does to one job.
///
/// ```
/// use ci_model::simulate::{Event, JobVerdict, Outcome};
/// use ci_model::{Job, Step, Workflow};
///
/// let publish = Job::new("ubuntu-latest").needs("test").when("github.ref_type == 'tag'").step(Step::run("make"));
/// let wf = Workflow::new("CI")
///     .on_push()
///     .job("test", Job::new("ubuntu-latest").step(Step::run("make test")))
///     .job("publish", publish);
/// let v = wf.simulate(&Event::push("main")).unwrap();
/// assert_eq!(v.jobs[0], JobVerdict { id: "test".to_owned(), outcome: Outcome::Runs, reason: None });
/// let why = v.jobs[1].reason.as_deref();
/// assert_eq!(why, Some("if: github.ref_type == 'tag' is false (github.ref_type is 'branch')"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JobVerdict {
    /// The job's id.
    pub id: String,
    /// Whether it runs; never more than its workflow.
    pub outcome: Outcome,
    /// Why, when it is not simply "the workflow runs": its `if:`, or a needed
    /// job. `None` when the workflow's reason says it all.
    pub reason: Option<String>,
}

/// A workflow that cannot be simulated because GitHub would not accept it.
///
/// ```
/// use ci_model::simulate::{Event, SimulateError};
/// use ci_model::{Job, Step, Workflow};
///
/// let job = Job::new("ubuntu-latest").step(Step::run("make"));
/// let wf = Workflow::new("CI").on_push_branches(["release/[a-"]).job("a", job);
/// let err = wf.simulate(&Event::push("main")).unwrap_err();
/// assert!(matches!(&err, SimulateError::Pattern { event, key, .. } if event == "push" && key == "branches"));
/// let message = "invalid filter pattern `release/[a-`: `[` is not closed by `]` at character 9";
/// assert_eq!(err.to_string(), format!("on.push.branches: {message} [filter-pattern]"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SimulateError {
    /// A filter pattern does not compile.
    #[error("on.{event}.{key}: {source} [filter-pattern]")]
    Pattern {
        /// The event.
        event: String,
        /// The filter key (`paths`, `branches-ignore`, ...).
        key: String,
        /// The problem.
        source: PatternError,
    },
}

impl Workflow {
    /// Whether `event` runs this workflow, and which of its jobs; see the
    /// [module documentation](crate::simulate) for the rules.
    ///
    /// ```
    /// use ci_model::simulate::{Event, Outcome};
    /// use ci_model::{Job, Step, Workflow};
    ///
    /// let wf = Workflow::new("CI")
    ///     .on_push_branches(["main", "releases/**"])
    ///     .job("test", Job::new("ubuntu-latest").step(Step::run("make test")))
    ///     .job("publish", Job::new("ubuntu-latest").needs("test").when("github.ref == 'refs/heads/main'").step(Step::run("make publish")));
    ///
    /// let v = wf.simulate(&Event::push("releases/1.x")).unwrap();
    /// assert_eq!(v.outcome, Outcome::Runs);
    /// assert_eq!(v.reason, "push to branch `releases/1.x` matches branches: [main, releases/**]");
    /// assert_eq!(v.jobs[0].outcome, Outcome::Runs);
    /// assert_eq!(v.jobs[1].outcome, Outcome::Skipped);
    /// assert_eq!(
    ///     v.jobs[1].reason.as_deref(),
    ///     Some("if: github.ref == 'refs/heads/main' is false (github.ref is 'refs/heads/releases/1.x')")
    /// );
    ///
    /// let v = wf.simulate(&Event::push("feature/x")).unwrap();
    /// assert_eq!(v.outcome, Outcome::Skipped);
    /// assert_eq!(v.reason, "push to branch `feature/x` does not match branches: [main, releases/**]");
    /// ```
    pub fn simulate(&self, event: &Event) -> Result<WorkflowVerdict, SimulateError> {
        let (outcome, mut reason) = trigger(self, event)?;
        if reason.is_empty() {
            reason = format!("every {} triggers it", event.name);
        }
        let jobs = if outcome == Outcome::Skipped {
            self.jobs.keys().map(|id| JobVerdict { id: id.clone(), outcome, reason: None }).collect()
        } else {
            let mut scope = event.scope();
            if let Some(name) = &self.name {
                scope.set("github.workflow", name.to_text().into_owned());
            }
            jobs(self, &scope)
                .into_iter()
                .map(|mut j| {
                    j.outcome = j.outcome.min(outcome);
                    j
                })
                .collect()
        };
        Ok(WorkflowVerdict { outcome, reason, jobs })
    }
}

type Decision = (Outcome, String);

fn runs(reason: impl Into<String>) -> Result<Decision, SimulateError> {
    Ok((Outcome::Runs, reason.into()))
}

fn skipped(reason: impl Into<String>) -> Result<Decision, SimulateError> {
    Ok((Outcome::Skipped, reason.into()))
}

fn may_run(reason: impl Into<String>) -> Result<Decision, SimulateError> {
    Ok((Outcome::MayRun, reason.into()))
}

/// Decides the workflow: is the event listed, and do its filters let it through?
fn trigger(wf: &Workflow, event: &Event) -> Result<Decision, SimulateError> {
    let names = wf.on.event_names();
    if !names.contains(&event.name.as_str()) {
        return skipped(format!("not triggered by {} (on: {})", event.name, names.join(", ")));
    }
    // `on: push` and `on: [push, ...]` are the mapping form without filters.
    let mut on = wf.on.clone();
    let t: &Triggers = on.triggers_mut();
    let name = event.name.as_str();
    match name {
        "push" => match &t.push {
            Some(NullOr::Value(f)) => push(event, &f.branches, &f.tags, &f.paths),
            // No filters: the fallback reason says "every push triggers it".
            _ => runs(""),
        },
        _ if event.is_pull_request() => match t.pull_request_filter(name) {
            Some(f) => pull_request(event, f.types.as_ref().map(OneOrMany::as_slice), &f.branches, &f.paths),
            None => pull_request(event, None, &None, &None),
        },
        "merge_group" => {
            let f = t.merge_group.as_ref().and_then(NullOr::value);
            let types = f.and_then(|f| f.types.as_ref()).map(OneOrMany::as_slice);
            all(vec![
                activity(event, types, None),
                branches_of(
                    event,
                    "branches",
                    f.and_then(|f| f.branches.as_ref()),
                    event.base.as_deref(),
                    "merge group into",
                ),
            ])
        }
        "workflow_run" => {
            let f = t.workflow_run.as_ref().and_then(NullOr::value);
            let types = f.and_then(|f| f.types.as_ref()).map(OneOrMany::as_slice);
            let branch = match &event.git_ref {
                Some(GitRef::Branch(b)) => Some(b.as_str()),
                _ => None,
            };
            let mut checks = vec![
                activity(event, types, None),
                branches_of(event, "branches", f.and_then(|f| f.branches.as_ref()), branch, "workflow run on"),
            ];
            if let Some(w) = f.and_then(|f| f.workflows.as_ref()) {
                checks.push(may_run(format!(
                    "runs only after workflows: {}, which the simulation does not follow",
                    list(w.as_slice())
                )));
            }
            all(checks)
        }
        "schedule" => {
            let crons = t.schedule.as_deref().unwrap_or_default();
            if crons.is_empty() {
                return skipped("schedule lists no cron");
            }
            let when = crons.iter().map(|c| c.cron.as_str()).collect::<Vec<_>>().join(", ");
            match &event.git_ref {
                Some(r) if *r != GitRef::Branch(event.default_branch.clone()) => skipped(format!(
                    "scheduled runs use the default branch `{}`, not {} `{}`",
                    event.default_branch,
                    r.kind(),
                    r.name()
                )),
                _ => runs(format!("scheduled ({when}) on the default branch `{}`", event.default_branch)),
            }
        }
        _ if event.info().manual => runs(format!("{name}: a manual run always runs it")),
        "workflow_call" => runs("workflow_call: called by another workflow"),
        "image_version" => {
            let f = t.image_version.as_ref().and_then(NullOr::value);
            let types = f.and_then(|f| f.types.as_ref()).map(OneOrMany::as_slice);
            let mut checks = vec![activity(event, types, None)];
            if f.is_some_and(|f| f.names.is_some() || f.versions.is_some()) {
                checks.push(may_run("image_version names and versions are not simulated"));
            }
            all(checks)
        }
        _ => match t.activity_filter(name) {
            Some(types) => activity(event, types, None),
            None => may_run(format!("the model does not know the filters of `{name}`")),
        },
    }
}

/// Runs when every check runs; otherwise the first skip, or else the first
/// "may run".
fn all(checks: Vec<Result<Decision, SimulateError>>) -> Result<Decision, SimulateError> {
    let mut reasons = Vec::new();
    let mut maybe = None;
    for check in checks {
        let (outcome, reason) = check?;
        match outcome {
            Outcome::Skipped => return Ok((outcome, reason)),
            Outcome::MayRun => {
                maybe.get_or_insert(reason);
            }
            Outcome::Runs => {
                if !reason.is_empty() {
                    reasons.push(reason);
                }
            }
        }
    }
    match maybe {
        Some(reason) => may_run(reason),
        None if reasons.is_empty() => runs(String::new()),
        None => runs(reasons.join("; ")),
    }
}

/// The activity type against `types:` (or the event's default types).
fn activity(event: &Event, types: Option<&[String]>, default: Option<&[&str]>) -> Result<Decision, SimulateError> {
    let allowed: Vec<&str> = match (types, default) {
        (Some(t), _) => t.iter().map(String::as_str).collect(),
        (None, Some(d)) => d.to_vec(),
        (None, None) => return runs(""),
    };
    let which = if types.is_some() { "types" } else { "the default types" };
    match &event.activity {
        None => may_run(format!("the activity type is not given ({which}: [{}])", allowed.join(", "))),
        Some(a) if allowed.contains(&a.as_str()) && types.is_some() => {
            runs(format!("activity `{a}` is in types: [{}]", allowed.join(", ")))
        }
        Some(a) if allowed.contains(&a.as_str()) => runs(""),
        Some(a) => skipped(format!("activity `{a}` is not in {which}: [{}]", allowed.join(", "))),
    }
}

fn pull_request(
    event: &Event,
    types: Option<&[String]>,
    branches: &Option<Filter>,
    paths: &Option<Filter>,
) -> Result<Decision, SimulateError> {
    let what = format!("{} into", event.name);
    let (outcome, reason) = all(vec![
        activity(event, types, Some(&DEFAULT_PULL_REQUEST_TYPES)),
        branches_of(event, "branches", branches.as_ref(), event.base.as_deref(), &what),
        paths_of(event, paths.as_ref()),
    ])?;
    match (&event.activity, reason.is_empty()) {
        (Some(a), true) => Ok((
            outcome,
            format!("activity `{a}` is one of the default types: [{}]", DEFAULT_PULL_REQUEST_TYPES.join(", ")),
        )),
        _ => Ok((outcome, reason)),
    }
}

fn push(
    event: &Event,
    branches: &Option<Filter>,
    tags: &Option<Filter>,
    paths: &Option<Filter>,
) -> Result<Decision, SimulateError> {
    match &event.git_ref {
        None if branches.is_some() || tags.is_some() => may_run("the pushed branch or tag is not given"),
        None => all(vec![paths_of(event, paths.as_ref())]),
        Some(GitRef::Branch(b)) => {
            if branches.is_none() && tags.is_some() {
                return skipped(format!(
                    "push to branch `{b}`, but push filters only tags ({}), so branch pushes never run it",
                    describe(event, "tags", tags.as_ref())?
                ));
            }
            all(vec![
                branches_of(event, "branches", branches.as_ref(), Some(b), "push to branch"),
                paths_of(event, paths.as_ref()),
            ])
        }
        Some(GitRef::Tag(tag)) => {
            if tags.is_none() && branches.is_some() {
                return skipped(format!(
                    "push of tag `{tag}`, but push filters only branches ({}), so tag pushes never run it",
                    describe(event, "branches", branches.as_ref())?
                ));
            }
            let (outcome, reason) = branches_of(event, "tags", tags.as_ref(), Some(tag), "push of tag")?;
            let note = if paths.is_some() { " (path filters are not evaluated for tags)" } else { "" };
            let reason = if reason.is_empty() { format!("every tag push triggers it{note}") } else { reason + note };
            Ok((outcome, reason))
        }
    }
}

/// `key: [patterns]`, after checking that they compile.
fn describe(event: &Event, key: &str, filter: Option<&Filter>) -> Result<String, SimulateError> {
    let Some(filter) = filter else {
        return Ok(String::new());
    };
    let (_, name) = compiled(event, key, filter)?;
    Ok(format!("{name}: {}", list(filter.patterns())))
}

/// Compiles a filter's patterns; returns them with the key as written
/// (`branches` or `branches-ignore`).
fn compiled(event: &Event, key: &str, filter: &Filter) -> Result<(Patterns, String), SimulateError> {
    let name = match filter {
        Filter::Only(_) => key.to_owned(),
        Filter::Ignore(_) => format!("{key}-ignore"),
    };
    let texts: Vec<String> = filter.patterns().iter().map(|p| p.to_text().into_owned()).collect();
    let patterns = Patterns::new(&texts).map_err(|source| SimulateError::Pattern {
        event: event.name.clone(),
        key: name.clone(),
        source,
    })?;
    Ok((patterns, name))
}

/// A branch or tag name against `branches`/`tags` (or their `-ignore`).
fn branches_of(
    event: &Event,
    key: &str,
    filter: Option<&Filter>,
    name: Option<&str>,
    what: &str,
) -> Result<Decision, SimulateError> {
    let Some(filter) = filter else {
        return runs("");
    };
    let (patterns, key) = compiled(event, key, filter)?;
    let shown = format!("{key}: {}", list(filter.patterns()));
    let Some(name) = name else {
        return may_run(format!("{what} a branch that is not given ({shown})"));
    };
    let decided = patterns.decide(name);
    match (filter, decided) {
        (Filter::Only(_), Some(p)) if !p.negated() => runs(format!("{what} `{name}` matches {shown}")),
        (Filter::Only(_), Some(p)) => skipped(format!("{what} `{name}` is excluded by `{p}` in {shown}")),
        (Filter::Only(_), None) => skipped(format!("{what} `{name}` does not match {shown}")),
        (Filter::Ignore(_), Some(p)) if !p.negated() => skipped(format!("{what} `{name}` is ignored by {shown}")),
        (Filter::Ignore(_), _) => runs(format!("{what} `{name}` is not ignored by {shown}")),
    }
}

/// The changed files against `paths`/`paths-ignore`.
fn paths_of(event: &Event, filter: Option<&Filter>) -> Result<Decision, SimulateError> {
    let Some(filter) = filter else {
        return runs("");
    };
    let (patterns, key) = compiled(event, "paths", filter)?;
    let shown = format!("{key}: {}", list(filter.patterns()));
    let Some(changed) = &event.changed else {
        return may_run(format!("the changed files are not given ({shown})"));
    };
    if changed.is_empty() {
        return skipped(format!("no files changed, and {shown} needs at least one"));
    }
    let considered = &changed[..changed.len().min(DIFF_FILE_LIMIT)];
    let limit = if changed.len() > DIFF_FILE_LIMIT {
        format!(" (only the first {DIFF_FILE_LIMIT} of {} changed files count)", changed.len())
    } else {
        String::new()
    };
    match filter {
        Filter::Only(_) => match considered.iter().find(|f| patterns.includes(f)) {
            Some(f) => {
                let by = patterns.decide(f).map(|p| p.to_string()).unwrap_or_default();
                runs(format!("`{f}` matches `{by}` in {shown}{limit}"))
            }
            None => skipped(format!("no changed file matches {shown}{limit}")),
        },
        Filter::Ignore(_) => match considered.iter().find(|f| !patterns.includes(f)) {
            Some(f) => runs(format!("`{f}` is not ignored by {shown}{limit}")),
            None => skipped(format!("every changed file is ignored by {shown}{limit}")),
        },
    }
}

/// `[a, b]`, quoting patterns that start with a YAML special character.
fn list(patterns: &[Scalar]) -> String {
    let items: Vec<String> = patterns
        .iter()
        .map(|p| {
            let t = p.to_text();
            if t.starts_with(['*', '!', '[', '&', '{', '?', '|', '>', '\'', '"', '%', '@', '`']) {
                crate::expression::quote(&t)
            } else {
                t.into_owned()
            }
        })
        .collect();
    format!("[{}]", items.join(", "))
}

/// Each job's verdict, assuming the workflow runs.
fn jobs(wf: &Workflow, scope: &Scope) -> Vec<JobVerdict> {
    let mut done: IndexMap<String, (Outcome, Option<String>)> = IndexMap::new();
    // The jobs being decided (a set: a long needs chain is as deep).
    let mut visiting = HashSet::new();
    for id in wf.jobs.keys() {
        job(wf, id, scope, &mut done, &mut visiting);
    }
    wf.jobs
        .keys()
        .map(|id| {
            let (outcome, reason) = done.get(id).cloned().unwrap_or((Outcome::MayRun, None));
            JobVerdict { id: id.clone(), outcome, reason }
        })
        .collect()
}

/// Decides one job after the jobs it needs.
fn job(
    wf: &Workflow,
    id: &str,
    scope: &Scope,
    done: &mut IndexMap<String, (Outcome, Option<String>)>,
    visiting: &mut HashSet<String>,
) -> (Outcome, Option<String>) {
    if let Some(d) = done.get(id) {
        return d.clone();
    }
    let Some(j) = wf.jobs.get(id) else {
        return (Outcome::MayRun, Some(format!("no job `{id}`")));
    };
    if visiting.contains(id) {
        return (Outcome::MayRun, Some("its needs form a cycle".to_owned()));
    }
    visiting.insert(id.to_owned());
    let mut scope = scope.clone();
    let mut skipped_need = None;
    let mut unknown_need = None;
    for need in j.needs() {
        let (outcome, _) = job(wf, need, &scope, done, visiting);
        match outcome {
            Outcome::Runs => scope.set(&format!("needs.{need}.result"), "success"),
            Outcome::Skipped => {
                scope.set(&format!("needs.{need}.result"), "skipped");
                skipped_need.get_or_insert(need.as_str());
            }
            Outcome::MayRun => {
                unknown_need.get_or_insert(need.as_str());
            }
        }
    }
    visiting.remove(id);
    scope.success = match (skipped_need, unknown_need) {
        (Some(_), _) => Some(false),
        (None, Some(_)) => None,
        (None, None) => Some(true),
    };
    let needs_reason = || match (skipped_need, unknown_need) {
        (Some(n), _) => format!("needs `{n}`, which is skipped"),
        (None, Some(n)) => format!("needs `{n}`, which may run"),
        (None, None) => String::new(),
    };
    let decision = match condition(j) {
        None => match scope.success {
            Some(true) => (Outcome::Runs, None),
            Some(false) => (Outcome::Skipped, Some(needs_reason())),
            None => (Outcome::MayRun, Some(needs_reason())),
        },
        Some(Err(e)) => (Outcome::MayRun, Some(e)),
        Some(Ok(Cond::AlwaysTrue(text))) => {
            (Outcome::Runs, Some(format!("if: {text} is always true (text outside ${{{{ }}}})")))
        }
        Some(Ok(Cond::Expr(ast))) => {
            let implicit_success = !has_status_check(&ast);
            let e = evaluate(&ast, &scope);
            let known = if e.known.is_empty() {
                String::new()
            } else {
                let values: Vec<String> = e.known.iter().map(|(p, v)| format!("{p} is {}", v.to_literal())).collect();
                format!(" ({})", values.join(", "))
            };
            match (implicit_success, scope.success, e.result.truthy()) {
                (true, Some(false), _) => (Outcome::Skipped, Some(needs_reason())),
                (_, _, Some(false)) => (Outcome::Skipped, Some(format!("if: {ast} is false{known}"))),
                (true, None, Some(true)) => (Outcome::MayRun, Some(needs_reason())),
                (_, _, Some(true)) => (Outcome::Runs, Some(format!("if: {ast} is true{known}"))),
                (_, _, None) => (Outcome::MayRun, Some(format!("if: {ast} depends on {}", e.unknown.join(", ")))),
            }
        }
    };
    done.insert(id.to_owned(), decision.clone());
    decision
}

enum Cond {
    Expr(Ast),
    /// A string with text outside `${{ }}`: always truthy.
    AlwaysTrue(String),
}

/// A job's `if:`, parsed; `None` without one.
fn condition(j: &Job) -> Option<Result<Cond, String>> {
    let text = match j {
        Job::Normal(n) => n.r#if.as_ref(),
        Job::Call(c) => c.r#if.as_ref(),
    }?;
    let text = text.to_text();
    let trimmed = text.trim();
    let body = if template::has_expression(trimmed) {
        match template::parts(trimmed) {
            Ok(parts) => match parts.as_slice() {
                [template::Part::Expr(body)] => *body,
                _ => return Some(Ok(Cond::AlwaysTrue(trimmed.to_owned()))),
            },
            Err(e) => return Some(Err(format!("if: {e}"))),
        }
    } else {
        trimmed
    };
    Some(Ast::parse(body.trim()).map(Cond::Expr).map_err(|e| format!("if: does not parse: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Cron, PullRequestFilter, PushFilter, Step, WorkflowDispatch};

    fn job() -> crate::NormalJob {
        Job::new("ubuntu-latest").step(Step::run("true"))
    }

    fn wf(f: impl FnOnce(&mut Triggers)) -> Workflow {
        Workflow::new("W").triggers(f).job("a", job())
    }

    fn push_filter(f: PushFilter) -> Workflow {
        wf(|t| t.push = Some(NullOr::Value(f)))
    }

    fn outcome(w: &Workflow, e: &Event) -> Outcome {
        w.simulate(e).unwrap().outcome
    }

    fn reason(w: &Workflow, e: &Event) -> String {
        w.simulate(e).unwrap().reason
    }

    #[test]
    fn only_listed_events_run_it() {
        let w = wf(|t| t.pull_request = Some(NullOr::Null));
        assert_eq!(outcome(&w, &Event::push("main")), Outcome::Skipped);
        assert_eq!(reason(&w, &Event::push("main")), "not triggered by push (on: pull_request)");
        let w = Workflow::new("W").on(crate::On::Events(vec!["push".into(), "pull_request".into()])).job("a", job());
        assert_eq!(outcome(&w, &Event::push("x")), Outcome::Runs);
        assert_eq!(reason(&w, &Event::push("x")), "every push triggers it");
    }

    #[test]
    fn branch_filters_last_match_wins() {
        let w = push_filter(PushFilter::new().branches(["releases/**", "!releases/**-alpha"]));
        assert_eq!(outcome(&w, &Event::push("releases/10")), Outcome::Runs);
        assert_eq!(outcome(&w, &Event::push("releases/beta/mona")), Outcome::Runs);
        assert_eq!(outcome(&w, &Event::push("releases/10-alpha")), Outcome::Skipped);
        assert_eq!(
            reason(&w, &Event::push("releases/10-alpha")),
            "push to branch `releases/10-alpha` is excluded by `!releases/**-alpha` in branches: [releases/**, '!releases/**-alpha']"
        );
        assert_eq!(outcome(&w, &Event::push("main")), Outcome::Skipped);
    }

    #[test]
    fn branches_ignore_skips_matches_and_negation_reincludes() {
        let mut f = PushFilter::new();
        f.branches = Some(Filter::ignore(["mona/octocat", "releases/**-alpha", "!releases/keep-alpha"]));
        let w = push_filter(f);
        assert_eq!(outcome(&w, &Event::push("mona/octocat")), Outcome::Skipped);
        assert_eq!(outcome(&w, &Event::push("releases/beta/3-alpha")), Outcome::Skipped);
        assert_eq!(outcome(&w, &Event::push("releases/keep-alpha")), Outcome::Runs);
        assert_eq!(outcome(&w, &Event::push("main")), Outcome::Runs);
        assert_eq!(
            reason(&w, &Event::push("mona/octocat")),
            "push to branch `mona/octocat` is ignored by branches-ignore: [mona/octocat, releases/**-alpha, '!releases/keep-alpha']"
        );
    }

    #[test]
    fn tags_and_branches_exclude_the_undefined_ref_kind() {
        // Only branches: a tag push does not run it.
        let w = push_filter(PushFilter::new().branches(["main"]));
        assert_eq!(outcome(&w, &Event::push_tag("v1.0")), Outcome::Skipped);
        assert_eq!(
            reason(&w, &Event::push_tag("v1.0")),
            "push of tag `v1.0`, but push filters only branches (branches: [main]), so tag pushes never run it"
        );
        // Only tags: a branch push does not run it.
        let w = push_filter(PushFilter::new().tags(["v[0-9]+.*"]));
        assert_eq!(outcome(&w, &Event::push("main")), Outcome::Skipped);
        assert_eq!(outcome(&w, &Event::push_tag("v12.0")), Outcome::Runs);
        assert_eq!(outcome(&w, &Event::push_tag("x12.0")), Outcome::Skipped);
        // Tags-ignore alone also leaves branch pushes out.
        let mut f = PushFilter::new();
        f.tags = Some(Filter::ignore(["v*-rc"]));
        let w = push_filter(f);
        assert_eq!(outcome(&w, &Event::push("main")), Outcome::Skipped);
        assert_eq!(outcome(&w, &Event::push_tag("v1-rc")), Outcome::Skipped);
        assert_eq!(outcome(&w, &Event::push_tag("v1")), Outcome::Runs);
        // Neither: both run it.
        let w = push_filter(PushFilter::new().paths(["src/**"]));
        assert_eq!(outcome(&w, &Event::push_tag("v1")), Outcome::Runs);
        assert_eq!(outcome(&w, &Event::push("main").changed(["src/a"])), Outcome::Runs);
    }

    #[test]
    fn path_filters_are_not_evaluated_for_tags() {
        let w = push_filter(PushFilter::new().tags(["v*"]).paths(["src/**"]));
        let e = Event::push_tag("v1").changed(["docs/x.md"]);
        assert_eq!(outcome(&w, &e), Outcome::Runs);
        assert_eq!(reason(&w, &e), "push of tag `v1` matches tags: [v*] (path filters are not evaluated for tags)");
    }

    #[test]
    fn paths_run_if_any_file_is_included_after_negations() {
        let w = push_filter(PushFilter::new().paths(["sub-project/**", "!sub-project/docs/**"]));
        let e = |files: &[&str]| Event::push("main").changed(files.iter().copied());
        assert_eq!(outcome(&w, &e(&["sub-project/index.js"])), Outcome::Runs);
        assert_eq!(outcome(&w, &e(&["sub-project/src/index.js"])), Outcome::Runs);
        assert_eq!(outcome(&w, &e(&["sub-project/docs/readme.md"])), Outcome::Skipped);
        assert_eq!(outcome(&w, &e(&["sub-project/docs/readme.md", "sub-project/a.js"])), Outcome::Runs);
        assert_eq!(
            reason(&w, &e(&["sub-project/docs/readme.md", "sub-project/a.js"])),
            "`sub-project/a.js` matches `sub-project/**` in paths: [sub-project/**, '!sub-project/docs/**']"
        );
    }

    #[test]
    fn paths_ignore_skips_only_when_every_file_is_ignored() {
        let w = push_filter(PushFilter::new().paths_ignore(["docs/**"]));
        let e = |files: &[&str]| Event::push("main").changed(files.iter().copied());
        assert_eq!(outcome(&w, &e(&["docs/a.md", "docs/b/c.md"])), Outcome::Skipped);
        assert_eq!(reason(&w, &e(&["docs/a.md"])), "every changed file is ignored by paths-ignore: [docs/**]");
        assert_eq!(outcome(&w, &e(&["docs/a.md", "src/main.rs"])), Outcome::Runs);
        assert_eq!(
            reason(&w, &e(&["docs/a.md", "src/main.rs"])),
            "`src/main.rs` is not ignored by paths-ignore: [docs/**]"
        );
    }

    #[test]
    fn paths_need_changed_files() {
        let w = push_filter(PushFilter::new().paths(["**"]));
        assert_eq!(outcome(&w, &Event::push("main").changed(Vec::<String>::new())), Outcome::Skipped);
        assert_eq!(outcome(&w, &Event::push("main")), Outcome::MayRun);
        assert_eq!(reason(&w, &Event::push("main")), "the changed files are not given (paths: ['**'])");
    }

    #[test]
    fn only_the_first_300_changed_files_count() {
        let w = push_filter(PushFilter::new().paths(["src/**"]));
        let mut files: Vec<String> = (0..300).map(|i| format!("docs/{i}.md")).collect();
        files.push("src/lib.rs".to_owned());
        let e = Event::push("main").changed(files);
        assert_eq!(outcome(&w, &e), Outcome::Skipped);
        assert_eq!(
            reason(&w, &e),
            "no changed file matches paths: [src/**] (only the first 300 of 301 changed files count)"
        );
    }

    #[test]
    fn branches_and_paths_must_both_be_satisfied() {
        let w = push_filter(PushFilter::new().branches(["main"]).paths(["src/**"]));
        assert_eq!(outcome(&w, &Event::push("main").changed(["src/a"])), Outcome::Runs);
        assert_eq!(
            reason(&w, &Event::push("main").changed(["src/a"])),
            "push to branch `main` matches branches: [main]; `src/a` matches `src/**` in paths: [src/**]"
        );
        assert_eq!(outcome(&w, &Event::push("dev").changed(["src/a"])), Outcome::Skipped);
        assert_eq!(outcome(&w, &Event::push("main").changed(["docs/a"])), Outcome::Skipped);
    }

    #[test]
    fn pull_request_branches_match_the_base() {
        let w = wf(|t| t.pull_request = Some(NullOr::Value(PullRequestFilter::new().branches(["main"]))));
        assert_eq!(outcome(&w, &Event::pull_request("main").head("feature")), Outcome::Runs);
        assert_eq!(outcome(&w, &Event::pull_request("dev").head("main")), Outcome::Skipped);
        assert_eq!(
            reason(&w, &Event::pull_request("dev").head("main")),
            "pull_request into `dev` does not match branches: [main]"
        );
        let mut no_base = Event::pull_request("x");
        no_base.base = None;
        assert_eq!(outcome(&w, &no_base), Outcome::MayRun);
    }

    #[test]
    fn pull_request_activity_types_and_defaults() {
        let w = wf(|t| t.pull_request = Some(NullOr::Null));
        for a in DEFAULT_PULL_REQUEST_TYPES {
            assert_eq!(outcome(&w, &Event::pull_request("main").activity(a)), Outcome::Runs, "{a}");
        }
        assert_eq!(outcome(&w, &Event::pull_request("main").activity("closed")), Outcome::Skipped);
        assert_eq!(
            reason(&w, &Event::pull_request("main").activity("closed")),
            "activity `closed` is not in the default types: [opened, synchronize, reopened]"
        );
        let w =
            wf(|t| t.pull_request_target = Some(NullOr::Value(PullRequestFilter::new().types(["labeled", "closed"]))));
        let e = Event::new("pull_request_target").base("main");
        assert_eq!(outcome(&w, &e.clone().activity("closed")), Outcome::Runs);
        assert_eq!(outcome(&w, &e.clone().activity("opened")), Outcome::Skipped);
        assert_eq!(outcome(&w, &e), Outcome::MayRun);
        // Other events: every activity by default, `types:` narrows.
        let w = wf(|t| t.issues = Some(NullOr::Null));
        assert_eq!(outcome(&w, &Event::new("issues").activity("closed")), Outcome::Runs);
        let w = wf(|t| {
            t.issues = Some(NullOr::Value(crate::Activity {
                types: Some(OneOrMany::One("opened".into())),
                ..Default::default()
            }))
        });
        assert_eq!(outcome(&w, &Event::new("issues").activity("closed")), Outcome::Skipped);
        assert_eq!(outcome(&w, &Event::new("issues").activity("opened")), Outcome::Runs);
    }

    #[test]
    fn schedule_runs_on_the_default_branch_and_dispatch_always() {
        let w = wf(|t| {
            t.schedule = Some(vec![Cron::new("0 9 * * 1")]);
            t.workflow_dispatch = Some(NullOr::Value(WorkflowDispatch::default()));
        });
        assert_eq!(outcome(&w, &Event::schedule()), Outcome::Runs);
        assert_eq!(reason(&w, &Event::schedule()), "scheduled (0 9 * * 1) on the default branch `main`");
        assert_eq!(outcome(&w, &Event::schedule().branch("dev")), Outcome::Skipped);
        assert_eq!(outcome(&w, &Event::schedule().branch("dev").default_branch("dev")), Outcome::Runs);
        assert_eq!(outcome(&w, &Event::workflow_dispatch().branch("anything")), Outcome::Runs);
        let w = wf(|t| t.push = Some(NullOr::Null));
        assert_eq!(outcome(&w, &Event::workflow_dispatch()), Outcome::Skipped);
    }

    #[test]
    fn invalid_patterns_are_errors() {
        let w = push_filter(PushFilter::new().branches(["release/[a-"]));
        let e = w.simulate(&Event::push("main")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "on.push.branches: invalid filter pattern `release/[a-`: `[` is not closed by `]` at character 9 [filter-pattern]"
        );
    }

    fn jobs_of(w: &Workflow, e: &Event) -> Vec<(String, Outcome, Option<String>)> {
        w.simulate(e).unwrap().jobs.into_iter().map(|j| (j.id, j.outcome, j.reason)).collect()
    }

    #[test]
    fn job_conditions_are_evaluated_over_the_event() {
        let w = Workflow::new("W")
            .on_push()
            .on_pull_request()
            .job("build", job())
            .job("publish", job().needs("build").when("${{ github.event_name != 'pull_request' }}"))
            .job("notify", job().needs("publish").when("always()"))
            .job("after", job().needs("publish"))
            .job("review", job().when("!github.event.pull_request.draft && github.event.pull_request.head.repo.full_name == github.repository"));
        let pr = jobs_of(&w, &Event::pull_request("main"));
        assert_eq!(pr[0], ("build".into(), Outcome::Runs, None));
        assert_eq!(
            pr[1],
            (
                "publish".into(),
                Outcome::Skipped,
                Some("if: github.event_name != 'pull_request' is false (github.event_name is 'pull_request')".into())
            )
        );
        assert_eq!(pr[2], ("notify".into(), Outcome::Runs, Some("if: always() is true".into())));
        assert_eq!(pr[3], ("after".into(), Outcome::Skipped, Some("needs `publish`, which is skipped".into())));
        assert_eq!(pr[4].1, Outcome::MayRun);
        assert_eq!(
            pr[4].2.as_deref(),
            Some(
                "if: !github.event.pull_request.draft && github.event.pull_request.head.repo.full_name == github.repository depends on github.event.pull_request.draft, github.event.pull_request.head.repo.full_name, github.repository"
            )
        );
        // A draft pull request decides it.
        let draft = jobs_of(&w, &Event::pull_request("main").value("github.event.pull_request.draft", true));
        assert_eq!(draft[4].1, Outcome::Skipped);
        let push = jobs_of(&w, &Event::push("main"));
        assert_eq!(push[1].1, Outcome::Runs);
        assert_eq!(push[3], ("after".into(), Outcome::Runs, None));
    }

    #[test]
    fn needs_results_and_unknown_needs() {
        let w = Workflow::new("W")
            .on_push()
            .job("maybe", job().when("github.repository == 'a/b'"))
            .job("next", job().needs("maybe"))
            .job("report", job().needs("maybe").when("always() && needs.maybe.result == 'skipped'"))
            .job("skipped", job().when("github.ref == 'refs/heads/other'"))
            .job("cleanup", job().needs("skipped").when("always() && needs.skipped.result == 'skipped'"));
        let v = jobs_of(&w, &Event::push("main"));
        assert_eq!(v[1], ("next".into(), Outcome::MayRun, Some("needs `maybe`, which may run".into())));
        assert_eq!(v[2].1, Outcome::MayRun);
        assert_eq!(v[4].1, Outcome::Runs);
    }

    #[test]
    fn jobs_never_run_more_than_their_workflow() {
        let w = push_filter(PushFilter::new().paths(["src/**"]));
        let v = w.simulate(&Event::push("main")).unwrap();
        assert_eq!(v.outcome, Outcome::MayRun);
        assert_eq!(v.jobs[0].outcome, Outcome::MayRun);
        let v = w.simulate(&Event::push("main").changed(["x"])).unwrap();
        assert_eq!(v.jobs[0], JobVerdict { id: "a".into(), outcome: Outcome::Skipped, reason: None });
    }

    #[test]
    fn text_outside_the_braces_is_always_true() {
        let w = Workflow::new("W").on_push().job("a", job().when("${{ false }} and more"));
        assert_eq!(jobs_of(&w, &Event::push("main"))[0].1, Outcome::Runs);
    }
}
