//! A repository: its workflows and local actions together, so that what one
//! file says of another (a step that uses a local action, a job that calls a
//! reusable workflow) can be checked against the other file (see
//! [`Repository::validate`]).

use std::fmt;

use crate::{Action, Diagnostic, Document, Workflow};

/// What a module of typed bindings knows of its actions, for validation to
/// check the `with:` of a step pinned to one of them: the lookups that
/// `ci-gen actions sync` writes into a generator's bindings module (as
/// `actions::TABLE`), and [`ActionTable::BUNDLED`] for the bindings of
/// `ci_model::actions`, which every validation uses.
///
/// ```
/// use ci_model::{ActionTable, InputType, Job, Repository, Step, Uses, Workflow};
///
/// fn pin_of(action: &str) -> Option<(&'static str, &'static str)> {
///     (action == "acme/greet").then_some(("0123456789abcdef0123456789abcdef01234567", "v1.1.0"))
/// }
/// fn inputs_of(action: &str) -> Option<&'static [&'static str]> {
///     (action == "acme/greet").then_some(&["who", "style"])
/// }
/// fn required_inputs_of(action: &str) -> Option<&'static [&'static str]> {
///     (action == "acme/greet").then_some(&["who"])
/// }
/// fn deprecated_inputs_of(_: &str) -> Option<&'static [&'static str]> {
///     Some(&[])
/// }
/// fn input_types_of(_: &str) -> Option<&'static [(&'static str, InputType)]> {
///     Some(&[])
/// }
/// let table = ActionTable { pin_of, inputs_of, required_inputs_of, deprecated_inputs_of, input_types_of };
/// let step = Step::uses(Uses::pinned("acme/greet", "0123456789abcdef0123456789abcdef01234567", "v1.1.0"));
/// let wf = Workflow::new("CI").on_push().job("a", Job::new("ubuntu-latest").step(step.with("whom", "me")));
/// let problems = Repository::new().workflow(".github/workflows/ci.yml", &wf).bindings(table).validate();
/// let messages: Vec<String> = problems.iter().map(|p| p.diagnostic.problem.to_string()).collect();
/// assert_eq!(messages, [
///     "the action `acme/greet` has no input `whom`; did you mean `who`?",
///     "the action `acme/greet` requires the input `who`; add it to `with:`",
/// ]);
/// ```
#[derive(Clone, Copy, Debug)]
pub struct ActionTable {
    /// `(commit, tag)` of the release an action is pinned to.
    pub pin_of: fn(&str) -> Option<(&'static str, &'static str)>,
    /// The inputs the action declares.
    pub inputs_of: fn(&str) -> Option<&'static [&'static str]>,
    /// The inputs it requires (and gives no default for).
    pub required_inputs_of: fn(&str) -> Option<&'static [&'static str]>,
    /// The inputs it marks deprecated.
    pub deprecated_inputs_of: fn(&str) -> Option<&'static [&'static str]>,
    /// The inputs whose values its binding types: a boolean, a number, or
    /// one of a few words.
    pub input_types_of: fn(&str) -> Option<crate::TypedInputs>,
}

impl ActionTable {
    /// The bindings bundled in `ci_model::actions`.
    ///
    /// ```
    /// let checkout = (ci_model::ActionTable::BUNDLED.inputs_of)("actions/checkout").unwrap();
    /// assert!(checkout.contains(&"fetch-depth"));
    /// ```
    pub const BUNDLED: ActionTable = ActionTable {
        pin_of: crate::actions::pin_of,
        inputs_of: crate::actions::inputs_of,
        required_inputs_of: crate::actions::required_inputs_of,
        deprecated_inputs_of: crate::actions::deprecated_inputs_of,
        input_types_of: crate::actions::input_types_of,
    };
}

/// The workflows and local actions of one repository, each under its path
/// relative to the repository's root: a workflow as
/// `.github/workflows/ci.yml`, an action as its folder, `.github/actions/setup`
/// (a path ending in `/action.yml` or `/action.yaml` is taken as its folder).
/// Models are borrowed; the source text of a file read from disk can be
/// given too, to place each problem at its line.
///
/// A repository knows no more than it is given: a `uses: ./path` naming a
/// file that is not in the set is reported only under a folder declared
/// complete ([`complete`](Self::complete), [`complete_under`](Self::complete_under)).
///
/// ```
/// use ci_model::{Action, ActionInput, Job, Repository, Step, Uses, Workflow};
///
/// let setup = Action::composite("Setup", [Step::run("./setup.sh").shell("bash")])
///     .input("python-version", ActionInput::new("Python").required(true));
/// let ci = Workflow::new("CI").on_push().job(
///     "test",
///     Job::new("ubuntu-latest").step(Step::uses(Uses::new("$/.github/actions/setup")).with("python-versoin", "3.12")),
/// );
/// let repo = Repository::new().action(".github/actions/setup", &setup).workflow(".github/workflows/ci.yml", &ci);
/// let problems: Vec<String> = repo.validate().iter().map(ToString::to_string).collect();
/// assert_eq!(problems, [
///     ".github/workflows/ci.yml: jobs.test.steps[0].with.python-versoin: the action `$/.github/actions/setup` has no input `python-versoin`; did you mean `python-version`? [inputs]",
///     ".github/workflows/ci.yml: jobs.test.steps[0].with: the action `$/.github/actions/setup` requires the input `python-version`; add it to `with:` [inputs]",
/// ]);
/// ```
#[derive(Clone, Debug, Default)]
pub struct Repository<'a> {
    pub(crate) workflows: Vec<Entry<'a, Workflow>>,
    pub(crate) actions: Vec<Entry<'a, Action>>,
    /// The facts of the actions the repository pins in bindings of its own.
    pub(crate) tables: Vec<ActionTable>,
    /// Folders (normalised, no trailing `/`; empty for the whole
    /// repository) whose every action and workflow is in the set.
    pub(crate) complete: Vec<String>,
}

/// One file of a [`Repository`].
#[derive(Clone, Debug)]
pub(crate) struct Entry<'a, T> {
    /// The path as given (a workflow's file, an action's folder or file).
    pub(crate) file: String,
    /// The normalised path a `uses:` names: `.github/workflows/ci.yml`,
    /// `.github/actions/setup`.
    pub(crate) key: String,
    pub(crate) model: &'a T,
    /// The text the model was read from, if it was.
    pub(crate) text: Option<&'a str>,
}

impl<'a> Repository<'a> {
    /// An empty set; a local path it does not hold is not reported.
    ///
    /// ```
    /// # use ci_model::Repository;
    /// assert!(Repository::new().validate().is_empty());
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds the facts of actions the repository pins in bindings of its own
    /// (see [`ActionTable`]): the `with:` of each step pinned to one of
    /// their releases is checked as the bundled bindings' are.
    pub fn bindings(mut self, table: ActionTable) -> Self {
        self.tables.push(table);
        self
    }

    /// Every document read from a repository's `.github/` folder, each with
    /// its path relative to the repository's root (`.github/workflows/ci.yml`,
    /// `.github/actions/setup/action.yml`) and the text it was parsed from;
    /// the set is declared complete under `.github` (see
    /// [`complete_under`](Self::complete_under)), so a `uses: ./.github/…`
    /// naming no file of it is reported. What `check` and `fmt` call with
    /// the documents they parsed: `Repository::github_folder(files).validate()`.
    ///
    /// ```
    /// use ci_model::{Document, Repository};
    ///
    /// let action_yml = "name: Setup\ninputs:\n  python-version:\n    required: true\nruns:\n  using: composite\n  steps:\n    - run: ./setup.sh\n      shell: bash\n";
    /// let ci_yml = "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: ./.github/actions/setup\n        with:\n          Python-Version: '3.12'\n          cache: pip\n";
    /// let action = Document::parse(action_yml, None).unwrap();
    /// let ci = Document::parse(ci_yml, None).unwrap();
    /// let files = [
    ///     (".github/actions/setup/action.yml", &action, action_yml),
    ///     (".github/workflows/ci.yml", &ci, ci_yml),
    /// ];
    /// let problems: Vec<String> = Repository::github_folder(files).validate().iter().map(ToString::to_string).collect();
    /// // Input names are compared ignoring case, as GitHub does.
    /// assert_eq!(problems, [
    ///     ".github/workflows/ci.yml:9:11: jobs.a.steps[0].with.cache: the action `./.github/actions/setup` has no input `cache`; it declares `python-version` [inputs]",
    /// ]);
    /// ```
    pub fn github_folder(files: impl IntoIterator<Item = (&'a str, &'a Document, &'a str)>) -> Self {
        let mut repo = Repository::new().complete_under(".github");
        for (file, document, text) in files {
            repo = repo.document(file, document, Some(text));
        }
        repo
    }

    /// Declares that the set holds every action and workflow of the
    /// repository: a `uses: ./path` (or `$/path`) that names none of them is
    /// an error, with the closest path as a suggestion.
    ///
    /// ```
    /// # use ci_model::{Job, Repository, Step, Uses, Workflow};
    /// let ci = Workflow::new("CI").on_push()
    ///     .job("a", Job::new("ubuntu-latest").step(Step::uses(Uses::local(".github/actions/setpu"))));
    /// let setup = ci_model::Action::composite("Setup", [Step::run("true").shell("bash")]);
    /// let repo = Repository::new().workflow(".github/workflows/ci.yml", &ci).action(".github/actions/setup", &setup);
    /// assert!(repo.validate().is_empty());
    /// let problems = repo.complete().validate();
    /// assert_eq!(problems[0].diagnostic.problem.to_string(),
    ///     "no action at `./.github/actions/setpu` in this repository; did you mean `./.github/actions/setup`?");
    /// ```
    pub fn complete(self) -> Self {
        self.complete_under("")
    }

    /// Declares that the set holds every action and workflow under
    /// `folder` (relative to the root, e.g. `.github` for what `check`
    /// reads of a `.github/` folder): a local path under it that names none
    /// of them is an error.
    ///
    /// ```
    /// # use ci_model::{Job, Repository, Step, Uses, Workflow};
    /// let ci = Workflow::new("CI").on_push().job("a", Job::new("ubuntu-latest")
    ///     .step(Step::uses(Uses::local("tools/lint")))
    ///     .step(Step::uses(Uses::local(".github/actions/lint"))));
    /// let problems = Repository::new().workflow(".github/workflows/ci.yml", &ci).complete_under(".github").validate();
    /// assert_eq!(problems.len(), 1);
    /// assert_eq!(problems[0].diagnostic.path.to_string(), "jobs.a.steps[1].uses");
    /// ```
    pub fn complete_under(mut self, folder: &str) -> Self {
        self.complete.push(normalise(folder));
        self
    }

    /// Adds a workflow at `file` (`.github/workflows/ci.yml`).
    ///
    /// ```
    /// # use ci_model::{Repository, Workflow};
    /// let wf = Workflow::new("CI").on_push();
    /// let repo = Repository::new().workflow(".github/workflows/ci.yml", &wf);
    /// assert_eq!(repo.files().collect::<Vec<_>>(), [".github/workflows/ci.yml"]);
    /// ```
    pub fn workflow(mut self, file: impl Into<String>, workflow: &'a Workflow) -> Self {
        self.push_workflow(file.into(), workflow, None);
        self
    }

    /// Adds an action at `folder` (`.github/actions/setup`, or the path of
    /// its `action.yml`).
    ///
    /// ```
    /// # use ci_model::{Action, Repository, Step};
    /// let a = Action::composite("Setup", [Step::run("true").shell("bash")]);
    /// let repo = Repository::new().action(".github/actions/setup/action.yml", &a);
    /// assert_eq!(repo.files().collect::<Vec<_>>(), [".github/actions/setup/action.yml"]);
    /// ```
    pub fn action(mut self, folder: impl Into<String>, action: &'a Action) -> Self {
        self.push_action(folder.into(), action, None);
        self
    }

    /// Adds a document read from `text` at `file`: a workflow, or an
    /// action (`file` its `action.yml`). Its problems are placed at their
    /// line and column in `text`.
    ///
    /// ```
    /// # use ci_model::{Document, Repository};
    /// let text = "on: push\njobs:\n  a:\n    uses: ./.github/workflows/missing.yml\n";
    /// let doc = Document::parse(text, None).unwrap();
    /// let problems = Repository::new().document(".github/workflows/ci.yml", &doc, Some(text)).complete().validate();
    /// assert_eq!(problems[0].to_string(),
    ///     ".github/workflows/ci.yml:4:11: jobs.a.uses: no workflow at `./.github/workflows/missing.yml` in this repository [uses]");
    /// ```
    pub fn document(mut self, file: impl Into<String>, document: &'a Document, text: Option<&'a str>) -> Self {
        match document {
            Document::Workflow(w) => self.push_workflow(file.into(), w, text),
            Document::Action(a) => self.push_action(file.into(), a, text),
        }
        self
    }

    /// The files added, in order: workflows, then actions.
    ///
    /// ```
    /// # use ci_model::{Action, Repository, Step, Workflow};
    /// let (wf, a) = (Workflow::new("CI"), Action::composite("X", [Step::run("true").shell("bash")]));
    /// let repo = Repository::new().action(".github/actions/x", &a).workflow(".github/workflows/ci.yml", &wf);
    /// assert_eq!(repo.files().collect::<Vec<_>>(), [".github/workflows/ci.yml", ".github/actions/x"]);
    /// ```
    pub fn files(&self) -> impl Iterator<Item = &str> {
        self.workflows.iter().map(|e| e.file.as_str()).chain(self.actions.iter().map(|e| e.file.as_str()))
    }

    fn push_workflow(&mut self, file: String, model: &'a Workflow, text: Option<&'a str>) {
        let key = normalise(&file);
        self.workflows.push(Entry { file, key, model, text });
    }

    fn push_action(&mut self, file: String, model: &'a Action, text: Option<&'a str>) {
        let mut key = normalise(&file);
        for name in ["action.yml", "action.yaml"] {
            if key == name {
                key.clear();
            } else if let Some(folder) = key.strip_suffix(name).and_then(|k| k.strip_suffix('/')) {
                key = folder.to_owned();
            }
        }
        self.actions.push(Entry { file, key, model, text });
    }
}

/// A path as a `uses:` names it, relative to the root: no leading `./`,
/// `$/` or `/`, no trailing `/`, `\` read as `/`, no `.` segments.
pub(crate) fn normalise(path: &str) -> String {
    let path = path.replace('\\', "/");
    let path = path.strip_prefix("$/").unwrap_or(&path);
    path.split('/').filter(|s| !s.is_empty() && *s != ".").collect::<Vec<_>>().join("/")
}

/// A problem in one file of a [`Repository`].
///
/// ```
/// use ci_model::{Diagnostic, Path, Problem, RepositoryDiagnostic};
///
/// let d = RepositoryDiagnostic { file: ".github/workflows/ci.yml".into(), diagnostic: Diagnostic::new(Path::root().key("jobs"), Problem::NoJobs) };
/// assert_eq!(d.to_string(), ".github/workflows/ci.yml: jobs: a workflow needs at least one job [jobs]");
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct RepositoryDiagnostic {
    /// The file, as it was added to the repository.
    pub file: String,
    /// The problem, its path in that file and (when the file's text was
    /// given) its line and column.
    pub diagnostic: Diagnostic,
}

/// `file:line:column: path: message [rule]`, the line and column when known.
impl fmt::Display for RepositoryDiagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The file name may hold anything a file system allows: escape it
        // as the message escapes names.
        for c in self.file.chars() {
            if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') {
                write!(f, "{}", c.escape_unicode())?;
            } else {
                write!(f, "{c}")?;
            }
        }
        if self.diagnostic.location.is_some() {
            write!(f, ":{}", self.diagnostic)
        } else {
            write!(f, ": {}", self.diagnostic)
        }
    }
}
