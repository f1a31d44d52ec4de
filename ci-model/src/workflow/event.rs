//! `on:`: the events that trigger a workflow, with their filters and inputs.
//!
//! See GitHub's [events that trigger workflows] and the [`on`] syntax.
//!
//! [events that trigger workflows]: https://docs.github.com/actions/using-workflows/events-that-trigger-workflows
//! [`on`]: https://docs.github.com/actions/using-workflows/workflow-syntax-for-github-actions#on

use indexmap::IndexMap;

use crate::common::{Extra, OneOrMany};
use crate::record::{Kind, Named, record};
use crate::{Scalar, Yaml};

/// `on:`, written as one event name, a list of names, or a mapping with
/// configuration. The form is kept; workflows built in Rust use the mapping.
///
/// ```
/// use ci_model::{On, Triggers, PushFilter, NullOr};
///
/// let on = On::Map(Triggers {
///     push: Some(NullOr::Value(PushFilter::new().branches(["main"]))),
///     workflow_dispatch: Some(NullOr::Null),
///     ..Triggers::default()
/// });
/// assert_eq!(on.event_names(), ["push", "workflow_dispatch"]);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub enum On {
    /// `on: push`.
    Event(String),
    /// `on: [push, pull_request]`.
    Events(Vec<String>),
    /// `on:` with a mapping of events.
    Map(Triggers),
}

impl Default for On {
    fn default() -> Self {
        On::Map(Triggers::default())
    }
}

impl On {
    /// `on: <event>`: one event, by name.
    ///
    /// ```
    /// # use ci_model::{On, Workflow};
    /// let wf = Workflow::new("CI").on(On::event("push"));
    /// assert!(wf.to_yaml().contains("\non: push\n"));
    /// ```
    pub fn event(name: impl Into<String>) -> Self {
        On::Event(name.into())
    }

    /// `on: [<event>, ...]`: a list of event names.
    ///
    /// ```
    /// # use ci_model::{On, Workflow};
    /// let wf = Workflow::new("CI").on(On::events(["push", "pull_request"]));
    /// assert!(wf.to_yaml().contains("\non: [push, pull_request]\n"));
    /// ```
    pub fn events<S: Into<String>>(names: impl IntoIterator<Item = S>) -> Self {
        On::Events(names.into_iter().map(Into::into).collect())
    }

    /// The names of the events, in the order they are written.
    ///
    /// ```
    /// # use ci_model::{On, Workflow};
    /// assert_eq!(On::Event("push".to_owned()).event_names(), ["push"]);
    /// let wf = Workflow::parse("on: [pull_request, push]\njobs: {}\n").unwrap();
    /// assert_eq!(wf.on.event_names(), ["pull_request", "push"]);
    /// ```
    pub fn event_names(&self) -> Vec<&str> {
        match self {
            On::Event(e) => vec![e.as_str()],
            On::Events(es) => es.iter().map(String::as_str).collect(),
            On::Map(t) => t.event_names(),
        }
    }

    /// The mapping form, converting a name or a list into it first.
    ///
    /// ```
    /// # use ci_model::{NullOr, On};
    /// let mut on = On::Event("push".to_owned());
    /// on.triggers_mut().workflow_dispatch = Some(NullOr::Null);
    /// assert!(matches!(on, On::Map(_)));
    /// assert_eq!(on.event_names(), ["push", "workflow_dispatch"]);
    /// ```
    pub fn triggers_mut(&mut self) -> &mut Triggers {
        if !matches!(self, On::Map(_)) {
            let mut t = Triggers::default();
            for name in self.event_names() {
                t.set_bare(name);
            }
            *self = On::Map(t);
        }
        match self {
            On::Map(t) => t,
            On::Event(_) | On::Events(_) => unreachable!("converted to a mapping above"),
        }
    }

    /// The triggers when written as a mapping.
    ///
    /// ```
    /// # use ci_model::{On, Workflow};
    /// let wf = Workflow::parse("on:\n  schedule:\n    - cron: '0 3 * * *'\njobs: {}\n").unwrap();
    /// assert_eq!(wf.on.triggers().and_then(|t| t.schedule.as_ref()).map(Vec::len), Some(1));
    /// assert!(On::Event("push".to_owned()).triggers().is_none());
    /// ```
    pub fn triggers(&self) -> Option<&Triggers> {
        match self {
            On::Map(t) => Some(t),
            _ => None,
        }
    }
}

/// An event written without configuration (`workflow_dispatch:`, which is
/// `null`) or with it. The difference is kept so re-emitting is exact.
///
/// ```
/// use ci_model::{NullOr, Workflow, WorkflowDispatch};
///
/// let wf = Workflow::new("Manual").on_workflow_dispatch();
/// assert!(wf.to_yaml().contains("on:\n  workflow_dispatch:\n"));
/// let with_inputs: NullOr<WorkflowDispatch> = NullOr::Value(WorkflowDispatch::new());
/// assert!(with_inputs.value().is_some());
/// ```
#[derive(Clone, Debug, PartialEq)]
pub enum NullOr<T> {
    /// Written with no value.
    Null,
    /// Written with a value.
    Value(T),
}

impl<T> NullOr<T> {
    /// The value, when there is one.
    ///
    /// ```
    /// # use ci_model::{NullOr, PushFilter};
    /// assert_eq!(NullOr::<PushFilter>::Null.value(), None);
    /// let push = NullOr::Value(PushFilter::new().branches(["main"]));
    /// assert!(push.value().is_some_and(|f| f.branches.is_some()));
    /// ```
    pub fn value(&self) -> Option<&T> {
        match self {
            NullOr::Null => None,
            NullOr::Value(t) => Some(t),
        }
    }
}

/// A pair of filters GitHub lets you write one way or the other, never both:
/// `branches` or `branches-ignore`, `tags` or `tags-ignore`, `paths` or
/// `paths-ignore`.
///
/// Patterns are GitHub's globs (`*`, `**`, `?`, `+`, `[]`, `!` to negate).
///
/// ```
/// use ci_model::{Filter, PushFilter, Workflow};
///
/// let wf = Workflow::parse("on:\n  push:\n    branches-ignore: ['dependabot/**']\njobs: {}\n").unwrap();
/// let push = wf.on.triggers().and_then(|t| t.push.as_ref()).and_then(|p| p.value()).unwrap();
/// assert_eq!(push.branches, Some(Filter::ignore(["dependabot/**"])));
/// assert_eq!(PushFilter::new().branches(["main"]).branches, Some(Filter::only(["main"])));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub enum Filter {
    /// `branches:` (or `tags:`, `paths:`): run only for matches.
    Only(OneOrMany<Scalar>),
    /// `branches-ignore:` (or `tags-ignore:`, `paths-ignore:`): skip matches.
    Ignore(OneOrMany<Scalar>),
}

impl crate::record::Patterns for Filter {
    fn only<S: Into<Scalar>>(patterns: impl IntoIterator<Item = S>) -> Self {
        Filter::only(patterns)
    }

    fn ignore<S: Into<Scalar>>(patterns: impl IntoIterator<Item = S>) -> Self {
        Filter::ignore(patterns)
    }

    fn only_one(pattern: Scalar) -> Self {
        Filter::Only(OneOrMany::One(pattern))
    }

    fn ignore_one(pattern: Scalar) -> Self {
        Filter::Ignore(OneOrMany::One(pattern))
    }
}

impl Filter {
    /// `Filter::Only` from a list of patterns.
    pub fn only<S: Into<Scalar>>(patterns: impl IntoIterator<Item = S>) -> Self {
        Filter::Only(OneOrMany::Many(patterns.into_iter().map(Into::into).collect()))
    }

    /// `Filter::Ignore` from a list of patterns.
    ///
    /// ```
    /// # use ci_model::{Filter, NullOr, PushFilter, Workflow};
    /// let push = PushFilter { branches: Some(Filter::ignore(["gh-pages"])), ..PushFilter::new() };
    /// let wf = Workflow::new("CI").on_push_with(push);
    /// assert!(wf.to_yaml().contains("  push:\n    branches-ignore: [gh-pages]\n"));
    /// ```
    pub fn ignore<S: Into<Scalar>>(patterns: impl IntoIterator<Item = S>) -> Self {
        Filter::Ignore(OneOrMany::Many(patterns.into_iter().map(Into::into).collect()))
    }

    /// The patterns, whichever way the filter is written.
    ///
    /// ```
    /// # use ci_model::{Filter, Scalar};
    /// assert_eq!(Filter::ignore(["docs/**"]).patterns(), [Scalar::from("docs/**")]);
    /// assert_eq!(Filter::only(["main", "release/*"]).patterns().len(), 2);
    /// ```
    pub fn patterns(&self) -> &[Scalar] {
        match self {
            Filter::Only(p) | Filter::Ignore(p) => p.as_slice(),
        }
    }
}

record! {
    /// Activity types, for events that take only `types:`.
    ///
    /// ```
    /// use ci_model::{Activity, NullOr, Workflow};
    ///
    /// let wf = Workflow::new("Release").on_release_with(Activity::types(["published"]));
    /// assert!(wf.to_yaml().contains("on:\n  release:\n    types: [published]\n"));
    /// ```
    #[derive(Clone, Debug, Default, PartialEq)]
    pub struct Activity: "a mapping" as activity_fields {
        /// `types:`: which activities trigger the workflow.
        pub types: Option<OneOrMany<String>> = "types" { one(types_one: String) },
    }
}

impl Activity {
    /// No `types:` (`{}`: every activity).
    pub fn new() -> Self {
        Self::default()
    }

    /// Activity `types`.
    pub fn types<S: Into<String>>(types: impl IntoIterator<Item = S>) -> Self {
        Activity { types: Some(OneOrMany::Many(types.into_iter().map(Into::into).collect())), extra: Extra::new() }
    }
}

record! {
    /// Filters of `push:`.
    ///
    /// ```
    /// use ci_model::{Filter, PushFilter};
    ///
    /// let f = PushFilter::new().branches(["master", "main"]).paths(["apps/**", "libs/**"]);
    /// assert!(matches!(f.paths, Some(Filter::Only(_))));
    /// // One side of a pair only: the later call wins.
    /// let f = f.paths_ignore(["**.md"]);
    /// assert_eq!(f.paths, Some(Filter::ignore(["**.md"])));
    /// ```
    #[derive(Clone, Debug, Default, PartialEq)]
    pub struct PushFilter: "a mapping" as push_filter_fields [own schema] {
        /// `branches` / `branches-ignore`.
        pub branches: Option<Filter> = "branches" [filter] { only, ignore(branches_ignore), only_one(branches_one), ignore_one(branches_ignore_one) },
        /// `tags` / `tags-ignore`.
        pub tags: Option<Filter> = "tags" [filter] { only, ignore(tags_ignore), only_one(tags_one), ignore_one(tags_ignore_one) },
        /// `paths` / `paths-ignore`.
        pub paths: Option<Filter> = "paths" [filter] { only, ignore(paths_ignore), only_one(paths_one), ignore_one(paths_ignore_one) },
    }
}

impl PushFilter {
    /// No filters: every push.
    pub fn new() -> Self {
        Self::default()
    }
}

record! {
    /// Filters of `pull_request:` and `pull_request_target:`.
    ///
    /// ```
    /// use ci_model::{NullOr, PullRequestFilter, Workflow};
    ///
    /// let pr = PullRequestFilter::new().types(["opened", "labeled"]).branches(["main"]).paths(["web/**"]);
    /// let wf = Workflow::new("Triage").on_pull_request_with(pr);
    /// assert!(wf.to_yaml().contains("  pull_request:\n    types: [opened, labeled]\n    branches: [main]\n    paths: [web/**]\n"));
    /// ```
    #[derive(Clone, Debug, Default, PartialEq)]
    pub struct PullRequestFilter: "a mapping" as pull_request_filter_fields [own schema] {
        /// `types:` (default: `opened`, `synchronize`, `reopened`).
        pub types: Option<OneOrMany<String>> = "types" { list(String), one(types_one: String) },
        /// `branches` / `branches-ignore`: the base branch.
        pub branches: Option<Filter> = "branches" [filter] { only, ignore(branches_ignore), only_one(branches_one), ignore_one(branches_ignore_one) },
        /// `tags` / `tags-ignore`: in SchemaStore's schema, but GitHub's parser
        /// rejects them here; validation reports them.
        pub tags: Option<Filter> = "tags" [filter, schema only] { only, ignore(tags_ignore), only_one(tags_one), ignore_one(tags_ignore_one) },
        /// `paths` / `paths-ignore`.
        pub paths: Option<Filter> = "paths" [filter] { only, ignore(paths_ignore), only_one(paths_one), ignore_one(paths_ignore_one) },
    }
}

impl PullRequestFilter {
    /// No filters.
    pub fn new() -> Self {
        Self::default()
    }
}

record! {
    /// Filters of `merge_group:`.
    ///
    /// ```
    /// use ci_model::{Filter, Workflow};
    ///
    /// let text = "on:\n  merge_group:\n    types: [checks_requested]\n    branches: [main]\njobs: {}\n";
    /// let wf = Workflow::parse(text).unwrap();
    /// let mg = wf.on.triggers().and_then(|t| t.merge_group.as_ref()).and_then(|m| m.value()).unwrap();
    /// assert_eq!(mg.types.as_ref().unwrap().as_slice(), ["checks_requested"]);
    /// assert_eq!(mg.branches, Some(Filter::only(["main"])));
    /// ```
    #[derive(Clone, Debug, Default, PartialEq)]
    pub struct MergeGroupFilter: "a mapping" as merge_group_filter_fields [own schema] {
        /// `types:` (only `checks_requested`).
        pub types: Option<OneOrMany<String>> = "types" { list(String), one(types_one: String) },
        /// `branches` / `branches-ignore`.
        pub branches: Option<Filter> = "branches" [filter] { only, ignore(branches_ignore), only_one(branches_one), ignore_one(branches_ignore_one) },
    }
}

impl MergeGroupFilter {
    /// No filters.
    pub fn new() -> Self {
        Self::default()
    }
}

record! {
    /// Filters of `workflow_run:`.
    ///
    /// ```
    /// use ci_model::{Filter, Workflow};
    ///
    /// let text = "on:\n  workflow_run:\n    workflows: [CI]\n    branches-ignore: [dev]\njobs: {}\n";
    /// let wf = Workflow::parse(text).unwrap();
    /// let run = wf.on.triggers().and_then(|t| t.workflow_run.as_ref()).and_then(|r| r.value()).unwrap();
    /// assert_eq!(run.workflows.as_ref().unwrap().as_slice(), ["CI"]);
    /// assert!(matches!(run.branches, Some(Filter::Ignore(_))));
    /// ```
    #[derive(Clone, Debug, Default, PartialEq)]
    pub struct WorkflowRunFilter: "a mapping" as workflow_run_filter_fields [own schema] {
        /// `types:` (`completed`, `requested`, `in_progress`).
        pub types: Option<OneOrMany<String>> = "types" { list(String), one(types_one: String) },
        /// `workflows:`: names of the workflows to follow.
        pub workflows: Option<OneOrMany<Scalar>> = "workflows" { list(Scalar), one(workflows_one: Scalar) },
        /// `branches` / `branches-ignore`.
        pub branches: Option<Filter> = "branches" [filter] { only, ignore(branches_ignore), only_one(branches_one), ignore_one(branches_ignore_one) },
    }
}

impl WorkflowRunFilter {
    /// No filters yet (GitHub needs `workflows:`).
    ///
    /// ```
    /// # use ci_model::{Workflow, WorkflowRunFilter};
    /// let after_ci = WorkflowRunFilter::new().workflows(["CI"]).types(["completed"]);
    /// let wf = Workflow::new("Report").on_workflow_run_with(after_ci);
    /// assert!(wf.to_yaml().contains("  workflow_run:\n    types: [completed]\n    workflows: [CI]\n"));
    /// ```
    pub fn new() -> Self {
        Self::default()
    }
}

record! {
    /// Filters of `image_version:`.
    ///
    /// ```
    /// use ci_model::Workflow;
    ///
    /// let text = "on:\n  image_version:\n    names: [my-image]\n    versions: ['1.*']\njobs: {}\n";
    /// let wf = Workflow::parse(text).unwrap();
    /// let image = wf.on.triggers().and_then(|t| t.image_version.as_ref()).and_then(|i| i.value()).unwrap();
    /// assert_eq!(image.names.as_ref().unwrap().as_slice(), ["my-image"]);
    /// assert_eq!(image.versions.as_ref().unwrap().as_slice(), ["1.*"]);
    /// ```
    #[derive(Clone, Debug, Default, PartialEq)]
    pub struct ImageVersionFilter: "a mapping" as image_version_filter_fields {
        /// `types:`.
        pub types: Option<OneOrMany<String>> = "types" { list(String), one(types_one: String) },
        /// `names:`: image names.
        pub names: Option<OneOrMany<Scalar>> = "names" { list(Scalar), one(names_one: Scalar) },
        /// `versions:`: image versions.
        pub versions: Option<OneOrMany<Scalar>> = "versions" { list(Scalar), one(versions_one: Scalar) },
    }
}

impl ImageVersionFilter {
    /// No filters.
    pub fn new() -> Self {
        Self::default()
    }
}

record! {
    /// One `schedule:` entry.
    ///
    /// ```
    /// use ci_model::Cron;
    ///
    /// let weekly = Cron::new("0 9 * * 1");
    /// assert_eq!(weekly.cron, "0 9 * * 1");
    /// ```
    #[derive(Clone, Debug, PartialEq)]
    pub struct Cron: "a mapping with `cron`" as cron_fields {
        /// `cron:`, five fields in UTC: minute, hour, day of month, month, day of week.
        pub cron: String = "cron" [required, commented],
        /// `timezone:`, an IANA time zone for the schedule.
        pub timezone: Option<Scalar> = "timezone" { set(Scalar) },
    }
    also {
        /// A comment after the cron (e.g. `Mondays 09:00 UTC`).
        pub comment: Option<String>,
    }
}

impl From<&str> for Cron {
    fn from(cron: &str) -> Self {
        Cron::new(cron)
    }
}

impl From<String> for Cron {
    fn from(cron: String) -> Self {
        Cron::new(cron)
    }
}

impl Cron {
    /// A schedule entry.
    ///
    /// ```
    /// # use ci_model::{Cron, Workflow};
    /// let wf = Workflow::new("Nightly").on_schedule(Cron::new("0 3 * * *"));
    /// assert!(wf.to_yaml().contains("  schedule:\n    - cron: 0 3 * * *\n"));
    /// ```
    pub fn new(cron: impl Into<String>) -> Self {
        Cron { cron: cron.into(), timezone: None, comment: None, extra: Extra::new() }
    }

    /// The same entry with a comment after it. The whitespace at its end is
    /// dropped (a reader trims it); the comment ends with its line, so
    /// validation refuses one that holds a line break.
    ///
    /// ```
    /// # use ci_model::{Cron, Workflow};
    /// let weekly = Cron::new("0 9 * * 1").comment("Mondays 09:00 UTC ");
    /// assert_eq!(weekly.comment.as_deref(), Some("Mondays 09:00 UTC"));
    /// let wf = Workflow::new("Weekly").on_schedule(weekly);
    /// assert!(wf.to_yaml().contains("    - cron: 0 9 * * 1 # Mondays 09:00 UTC\n"));
    /// ```
    pub fn comment(mut self, comment: impl Into<String>) -> Self {
        self.comment = Some(crate::comment::normalise_line(comment.into()));
        self
    }
}

/// The kind of a `workflow_dispatch` input, with what only that kind has.
///
/// ```
/// use ci_model::{DispatchInput, InputKind, Workflow};
///
/// assert_eq!(DispatchInput::boolean().kind, InputKind::Boolean);
/// let text = "on:\n  workflow_dispatch:\n    inputs:\n      tag:\n        description: The tag\njobs: {}\n";
/// let wf = Workflow::parse(text).unwrap();
/// let dispatch = wf.on.triggers().and_then(|t| t.workflow_dispatch.as_ref()).and_then(|d| d.value()).unwrap();
/// assert_eq!(dispatch.inputs.as_ref().unwrap()["tag"].kind, InputKind::Untyped);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub enum InputKind {
    /// No `type:` written (GitHub treats it as a string).
    Untyped,
    /// `type: string`.
    String,
    /// `type: boolean`.
    Boolean,
    /// `type: number`.
    Number,
    /// `type: environment`: one of the repository's environments.
    Environment,
    /// `type: choice` with its `options:`.
    Choice {
        /// `options:`, the values offered.
        options: Option<Vec<Scalar>>,
    },
    /// A `type:` GitHub does not define, kept as written; validation reports it.
    Other(Scalar),
}

impl Kind for InputKind {
    type Detail = Vec<Scalar>;

    const NAMES: &'static [&'static str] = &["string", "boolean", "number", "environment", "choice"];

    fn read(name: Option<Scalar>, options: impl FnOnce() -> Option<Vec<Scalar>>) -> Self {
        let Some(written) = name else { return InputKind::Untyped };
        let known = [
            InputKind::String,
            InputKind::Boolean,
            InputKind::Number,
            InputKind::Environment,
            InputKind::Choice { options: None },
        ];
        match known.into_iter().find(|k| k.known_name().is_some_and(|n| Some(n) == written.as_str())) {
            Some(InputKind::Choice { .. }) => InputKind::Choice { options: options() },
            Some(kind) => kind,
            None => InputKind::Other(written),
        }
    }

    fn name(&self) -> Option<Named<'_>> {
        match self {
            InputKind::Untyped => None,
            InputKind::Other(written) => Some(Named::Other(written)),
            known => known.known_name().map(Named::Known),
        }
    }

    fn detail(&self) -> Option<&Option<Vec<Scalar>>> {
        match self {
            InputKind::Choice { options } => Some(options),
            _ => None,
        }
    }
}

impl InputKind {
    /// How a kind GitHub defines is written (one of [`Kind::NAMES`]).
    fn known_name(&self) -> Option<&'static str> {
        match self {
            InputKind::String => Some("string"),
            InputKind::Boolean => Some("boolean"),
            InputKind::Number => Some("number"),
            InputKind::Environment => Some("environment"),
            InputKind::Choice { .. } => Some("choice"),
            InputKind::Untyped | InputKind::Other(_) => None,
        }
    }
}

record! {
    /// One `workflow_dispatch` input.
    ///
    /// ```
    /// use ci_model::{DispatchInput, InputKind};
    ///
    /// let level = DispatchInput::choice(["info", "debug"]).description("Log level").default("info");
    /// assert!(matches!(level.kind, InputKind::Choice { .. }));
    /// ```
    #[derive(Clone, Debug, PartialEq)]
    pub struct DispatchInput: "an input definition (a mapping)" as dispatch_input_fields [own schema] {
        /// `description:`.
        pub description: Option<Scalar> = "description" { set(Scalar) },
        /// `required:`.
        pub required: Option<bool> = "required" { set(bool) },
        /// `type:` and, for choices, `options:` (written after `default:`).
        pub kind: InputKind = "type" [kind "options"],
        /// `default:`.
        pub default: Option<Scalar> = "default" { set(Scalar) },
        /// `deprecationMessage:` (in SchemaStore's schema; GitHub's parser rejects
        /// it for workflow inputs, and validation says so).
        pub deprecation_message: Option<Scalar> = "deprecationMessage" [schema only] { set(Scalar) },
    }
}

impl DispatchInput {
    fn of(kind: InputKind) -> Self {
        DispatchInput {
            description: None,
            required: None,
            default: None,
            kind,
            deprecation_message: None,
            extra: Extra::new(),
        }
    }

    /// An input with no `type:` (GitHub reads it as a string).
    ///
    /// ```
    /// # use ci_model::{DispatchInput, InputKind};
    /// assert_eq!(DispatchInput::untyped().description("The tag").kind, InputKind::Untyped);
    /// ```
    pub fn untyped() -> Self {
        Self::of(InputKind::Untyped)
    }

    /// A `type:` GitHub does not define, kept as written (validation
    /// reports it); for files read as they are.
    ///
    /// ```
    /// # use ci_model::{DispatchInput, InputKind, Scalar};
    /// assert_eq!(DispatchInput::other_type("int").kind, InputKind::Other(Scalar::from("int")));
    /// ```
    pub fn other_type(name: impl Into<Scalar>) -> Self {
        Self::of(InputKind::Other(name.into()))
    }

    /// A `type: choice` input whose `options:` are not written.
    ///
    /// ```
    /// # use ci_model::{DispatchInput, InputKind};
    /// assert_eq!(DispatchInput::choice_without_options().kind, InputKind::Choice { options: None });
    /// ```
    pub fn choice_without_options() -> Self {
        Self::of(InputKind::Choice { options: None })
    }

    /// A `type: string` input.
    ///
    /// ```
    /// # use ci_model::{DispatchInput, InputKind};
    /// let tag = DispatchInput::string().description("The tag to release");
    /// assert_eq!(tag.kind, InputKind::String);
    /// ```
    pub fn string() -> Self {
        Self::of(InputKind::String)
    }

    /// A `type: boolean` input.
    ///
    /// ```
    /// # use ci_model::{DispatchInput, InputKind, Scalar};
    /// let dry_run = DispatchInput::boolean().default(true);
    /// assert_eq!(dry_run.kind, InputKind::Boolean);
    /// assert_eq!(dry_run.default, Some(Scalar::Bool(true)));
    /// ```
    pub fn boolean() -> Self {
        Self::of(InputKind::Boolean)
    }

    /// A `type: number` input.
    ///
    /// ```
    /// # use ci_model::{DispatchInput, InputKind};
    /// assert_eq!(DispatchInput::number().default(3).kind, InputKind::Number);
    /// ```
    pub fn number() -> Self {
        Self::of(InputKind::Number)
    }

    /// A `type: environment` input.
    ///
    /// ```
    /// # use ci_model::{DispatchInput, InputKind};
    /// let target = DispatchInput::environment().required(true);
    /// assert_eq!(target.kind, InputKind::Environment);
    /// ```
    pub fn environment() -> Self {
        Self::of(InputKind::Environment)
    }

    /// A `type: choice` input with its options.
    ///
    /// ```
    /// # use ci_model::{DispatchInput, InputKind, Scalar};
    /// let level = DispatchInput::choice(["info", "debug"]);
    /// let InputKind::Choice { options } = level.kind else { unreachable!() };
    /// assert_eq!(options.unwrap(), [Scalar::from("info"), Scalar::from("debug")]);
    /// ```
    pub fn choice<S: Into<Scalar>>(options: impl IntoIterator<Item = S>) -> Self {
        Self::of(InputKind::Choice { options: Some(options.into_iter().map(Into::into).collect()) })
    }
}

record! {
    /// `workflow_dispatch:`: a manual run, with typed inputs.
    ///
    /// ```
    /// use ci_model::{DispatchInput, WorkflowDispatch};
    ///
    /// let d = WorkflowDispatch::new().input("dry-run", DispatchInput::boolean().default(true));
    /// assert!(d.inputs.unwrap().contains_key("dry-run"));
    /// ```
    #[derive(Clone, Debug, Default, PartialEq)]
    pub struct WorkflowDispatch: "a mapping" as workflow_dispatch_fields {
        /// `inputs:`.
        pub inputs: Option<IndexMap<String, DispatchInput>> = "inputs",
    }
}

impl WorkflowDispatch {
    /// No inputs.
    pub fn new() -> Self {
        Self::default()
    }

    /// Writes `inputs: {}` (the key with no input).
    pub fn empty_inputs(mut self) -> Self {
        self.inputs = Some(IndexMap::new());
        self
    }

    /// Adds an input.
    pub fn input(mut self, name: impl Into<String>, input: DispatchInput) -> Self {
        self.inputs.get_or_insert_with(IndexMap::new).insert(name.into(), input);
        self
    }
}

/// The `type:` of a `workflow_call` input.
///
/// ```
/// use ci_model::{CallInput, CallInputType, NullOr, Workflow, WorkflowCall};
///
/// let mut call = WorkflowCall::default();
/// call.inputs = Some([("shards".to_owned(), CallInput::new(CallInputType::Number))].into_iter().collect());
/// let wf = Workflow::new("Tests").on_workflow_call_with(call);
/// assert!(wf.to_yaml().contains("      shards:\n        type: number\n"));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub enum CallInputType {
    /// `string`.
    String,
    /// `boolean`.
    Boolean,
    /// `number`.
    Number,
    /// Another value, kept; validation reports it.
    Other(Scalar),
}

record! {
    /// One `workflow_call` input.
    ///
    /// ```
    /// use ci_model::{CallInput, CallInputType, Workflow};
    ///
    /// let text = "on:\n  workflow_call:\n    inputs:\n      env:\n        type: string\n        required: true\n\
    ///             jobs: {}\n";
    /// let wf = Workflow::parse(text).unwrap();
    /// let call = wf.on.triggers().and_then(|t| t.workflow_call.as_ref()).and_then(|c| c.value()).unwrap();
    /// assert_eq!(call.inputs.as_ref().unwrap()["env"], CallInput::new(CallInputType::String).required(true));
    /// ```
    #[derive(Clone, Debug, PartialEq)]
    pub struct CallInput: "an input definition (a mapping)" as call_input_fields {
        /// `description:`.
        pub description: Option<Scalar> = "description" { set(Scalar) },
        /// `required:`.
        pub required: Option<bool> = "required" { set(bool) },
        /// `type:`.
        pub input_type: CallInputType = "type" [required],
        /// `default:`.
        pub default: Option<Scalar> = "default" { set(Scalar) },
    }
}

impl CallInput {
    /// An input of the given type.
    pub fn new(input_type: CallInputType) -> Self {
        CallInput { description: None, required: None, input_type, default: None, extra: Extra::new() }
    }
}

impl CallInputType {
    /// How each type is written, as GitHub's parser accepts it.
    pub(crate) const NAMES: &'static [&'static str] = &["string", "boolean", "number"];

    /// The type as written.
    pub(crate) fn name(&self) -> Option<&'static str> {
        match self {
            CallInputType::String => Some("string"),
            CallInputType::Boolean => Some("boolean"),
            CallInputType::Number => Some("number"),
            CallInputType::Other(_) => None,
        }
    }
}

record! {
    /// One `workflow_call` secret.
    ///
    /// ```
    /// use ci_model::{NullOr, Workflow};
    ///
    /// let text = "on:\n  workflow_call:\n    secrets:\n      token:\n        required: true\n      optional:\njobs: {}\n";
    /// let wf = Workflow::parse(text).unwrap();
    /// let call = wf.on.triggers().and_then(|t| t.workflow_call.as_ref()).and_then(|c| c.value()).unwrap();
    /// let secrets = call.secrets.as_ref().unwrap();
    /// assert_eq!(secrets["token"].value().and_then(|s| s.required), Some(true));
    /// assert_eq!(secrets["optional"], NullOr::Null);
    /// ```
    #[derive(Clone, Debug, Default, PartialEq)]
    pub struct CallSecret: "a secret definition (a mapping)" as call_secret_fields {
        /// `description:`.
        pub description: Option<Scalar> = "description" { set(Scalar) },
        /// `required:`.
        pub required: Option<bool> = "required" { set(bool) },
    }
}

impl CallSecret {
    /// A secret with nothing said of it yet (written `{}`; see
    /// [`WorkflowCall::secret_bare`] for the bare form).
    pub fn new() -> Self {
        Self::default()
    }
}

record! {
    /// One `workflow_call` output.
    ///
    /// ```
    /// use ci_model::{CallOutput, NullOr, Workflow, WorkflowCall};
    ///
    /// let value = "${{ jobs.deploy.outputs.url }}".into();
    /// let url = CallOutput { description: None, value, extra: Default::default() };
    /// let call = WorkflowCall { outputs: Some([("url".to_owned(), url)].into_iter().collect()), ..Default::default() };
    /// let wf = Workflow::new("Deploy").on_workflow_call_with(call);
    /// assert!(wf.to_yaml().contains("    outputs:\n      url:\n        value: ${{ jobs.deploy.outputs.url }}\n"));
    /// ```
    #[derive(Clone, Debug, PartialEq)]
    pub struct CallOutput: "an output definition (a mapping)" as call_output_fields {
        /// `description:`.
        pub description: Option<Scalar> = "description" { set(Scalar) },
        /// `value:`, usually `${{ jobs.<id>.outputs.<name> }}`.
        pub value: Scalar = "value" [required],
    }
}

impl CallOutput {
    /// An output whose value is `value` (a typed expression, such as
    /// `ex::jobs("deploy").field("outputs").field("url")`, or its text);
    /// [`CallOutput::of_job`] for the usual case.
    ///
    /// ```
    /// # use ci_model::{CallOutput, ex::jobs};
    /// let url = CallOutput::new(jobs("deploy").field("outputs").field("url")).description("Where it runs");
    /// assert_eq!(url.value, "${{ jobs.deploy.outputs.url }}");
    /// ```
    pub fn new(value: impl Into<Scalar>) -> Self {
        CallOutput { description: None, value: value.into(), extra: Extra::new() }
    }

    /// The output `output` of this workflow's job `job`
    /// (`${{ jobs.<job>.outputs.<output> }}`), which is what a caller reads
    /// as `needs.<call job>.outputs.<name>`.
    ///
    /// ```
    /// use ci_model::{CallOutput, Job, Step, Workflow, WorkflowCall};
    ///
    /// let deploy = Job::new("ubuntu-latest").output("url", "https://example.com").step(Step::run("./deploy.sh"));
    /// let wf = Workflow::new("Deploy")
    ///     .on_workflow_call_with(WorkflowCall::new().output("url", CallOutput::of_job("deploy", "url")))
    ///     .job("deploy", deploy);
    /// assert!(wf.to_yaml().contains("      url:\n        value: ${{ jobs.deploy.outputs.url }}\n"));
    /// assert!(wf.validate().iter().all(|d| d.rule() != "context"), "{:?}", wf.validate());
    /// ```
    pub fn of_job(job: &str, output: &str) -> Self {
        let jobs = crate::Expr::from_ast(crate::expression::Ast::Context("jobs".to_owned()));
        CallOutput::new(jobs.field(job).field("outputs").field(output))
    }
}

record! {
    /// `workflow_call:`: this workflow can be called by other workflows.
    ///
    /// ```
    /// use ci_model::{NullOr, Workflow, WorkflowCall};
    ///
    /// let wf = Workflow::new("Reusable").on_workflow_call_with(WorkflowCall::default());
    /// assert_eq!(wf.on.event_names(), ["workflow_call"]);
    /// assert!(wf.to_yaml().contains("on:\n  workflow_call: {}\n"));
    /// ```
    #[derive(Clone, Debug, Default, PartialEq)]
    pub struct WorkflowCall: "a mapping" as workflow_call_fields {
        /// `inputs:`.
        pub inputs: Option<IndexMap<String, CallInput>> = "inputs",
        /// `secrets:` (a secret may be written with no definition).
        pub secrets: Option<IndexMap<String, NullOr<CallSecret>>> = "secrets",
        /// `outputs:`.
        pub outputs: Option<IndexMap<String, CallOutput>> = "outputs",
    }
}

impl WorkflowCall {
    /// No inputs, secrets or outputs yet (written `workflow_call: {}`).
    ///
    /// ```
    /// use ci_model::{CallInput, CallInputType, CallOutput, CallSecret, Workflow, WorkflowCall};
    ///
    /// let call = WorkflowCall::new()
    ///     .input("shards", CallInput::new(CallInputType::Number).required(true))
    ///     .secret("token", CallSecret::new().required(true))
    ///     .secret_bare("optional")
    ///     .output("url", CallOutput::new("${{ jobs.deploy.outputs.url }}"));
    /// let yaml = Workflow::new("Deploy").on_workflow_call_with(call).to_yaml();
    /// assert!(yaml.contains("    secrets:\n      token:\n        required: true\n      optional:\n"));
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Writes `inputs: {}` (the key with no input).
    pub fn empty_inputs(mut self) -> Self {
        self.inputs = Some(IndexMap::new());
        self
    }

    /// Writes `secrets: {}` (the key with no secret).
    pub fn empty_secrets(mut self) -> Self {
        self.secrets = Some(IndexMap::new());
        self
    }

    /// Writes `outputs: {}` (the key with no output).
    pub fn empty_outputs(mut self) -> Self {
        self.outputs = Some(IndexMap::new());
        self
    }

    /// Adds an input (replacing one of the same name).
    pub fn input(mut self, name: impl Into<String>, input: CallInput) -> Self {
        self.inputs.get_or_insert_with(IndexMap::new).insert(name.into(), input);
        self
    }

    /// Adds a secret (replacing one of the same name).
    pub fn secret(mut self, name: impl Into<String>, secret: CallSecret) -> Self {
        self.secrets.get_or_insert_with(IndexMap::new).insert(name.into(), NullOr::Value(secret));
        self
    }

    /// Adds a secret written by name alone (`name:` with no definition).
    pub fn secret_bare(mut self, name: impl Into<String>) -> Self {
        self.secrets.get_or_insert_with(IndexMap::new).insert(name.into(), NullOr::Null);
        self
    }

    /// Adds an output (replacing one of the same name).
    pub fn output(mut self, name: impl Into<String>, output: CallOutput) -> Self {
        self.outputs.get_or_insert_with(IndexMap::new).insert(name.into(), output);
        self
    }
}

/// Declares every event once: its field, its key, the type of its
/// configuration (which says which filters it takes), its activity types
/// (`[..]`: any string) and, in braces, what else code elsewhere needs to
/// know of it (the fields of [`EventInfo`] it sets). The struct, the list
/// of events, the activity types `validate` checks and `affected`
/// simulates, each event's [`EventInfo`], and the table `import` reads
/// ([`triggers_table!`]) all come from this one list; so do the struct's
/// conversions, which the layers that parse and emit derive from the table
/// (`events_table!`), so this model file imports nothing from them.
macro_rules! triggers {
    (@types ..) => { None };
    (@bare_doc NullOr $key:literal) => { concat!("Triggers on `", $key, "`, written `", $key, ":` with no configuration.") };
    (@bare_doc Vec $key:literal) => { concat!("Triggers on `", $key, "` with no entry yet, written `", $key, ": []`.") };
    (@with_doc NullOr) => { "a later call replaces it." };
    (@with_doc Vec) => { "each call adds one entry." };
    (@types $($t:ident),*) => { Some(&[$(stringify!($t)),*]) };
    (
        $(
            $(#[$doc:meta])* $field:ident : $key:literal => $wrap:ident<$cfg:ty> [$($types:tt)*]
            $({ $($flag:ident),* })? as $bare:ident / $with:ident
        ),* $(,)?
    ) => {
        triggers! { @dollar ($) $( $(#[$doc])* $field : $key => $wrap<$cfg> [$($types)*] { $($($flag),*)? } as $bare / $with ),* }
    };
    (
        @dollar ($d:tt) $(
            $(#[$doc:meta])* $field:ident : $key:literal => $wrap:ident<$cfg:ty> [$($types:tt)*] { $($flag:ident),* }
            as $bare:ident / $with:ident
        ),*
    ) => {
        /// Hands the table of events (`field: "key" => Type as bare /
        /// with`, one per event, in canonical order, with the names of its
        /// two [`Workflow`](crate::Workflow) builders) to the macro `cb`:
        /// how code outside this crate (`ci-gen import`) goes over every
        /// event without listing them again.
        #[doc(hidden)]
        #[macro_export]
        macro_rules! triggers_table {
            ($d cb:path) => { $d cb! { $( $field : $key => $wrap<$cfg> as $bare / $with ),* } };
        }

        // The two builders of every event (see the example on `Triggers`).
        impl crate::Workflow {
            $(
                #[doc = triggers!(@bare_doc $wrap $key)]
                #[doc = concat!("[`Workflow::", stringify!($with), "`] takes its configuration.")]
                #[doc = ""]
                $(#[$doc])*
                pub fn $bare(self) -> Self {
                    self.triggers(|t| t.$field = Some(bare()))
                }

                #[doc = concat!("Triggers on `", $key, "` with this configuration (`", $key, ": {}` when it sets nothing);")]
                #[doc = triggers!(@with_doc $wrap)]
                #[doc = ""]
                $(#[$doc])*
                pub fn $with(self, config: impl Into<$cfg>) -> Self {
                    let config = config.into();
                    self.triggers(|t| EventSlot::add(&mut t.$field, config))
                }
            )*
        }

        /// The same table for the layers of this crate (`parse`, `emit`,
        /// `validate`): a macro made by a macro and exported cannot be
        /// named by its path in the crate that makes it.
        macro_rules! events_table {
            ($d cb:path) => { $d cb! { $( $field : $key => $wrap<$cfg> ),* } };
        }
        pub(crate) use events_table;

        /// Each event's [`EventInfo`], by its field: for the code that
        /// names one event (most of them name none).
        #[allow(dead_code)] // one field per event, read where one is named
        pub(crate) struct Events {
            $( pub(crate) $field: EventInfo, )*
        }

        /// Each event's [`EventInfo`], by its field.
        pub(crate) const EVENT: Events = Events {
            $( $field: EventInfo { name: $key, $($flag: true,)* ..EventInfo::NONE }, )*
        };

        impl Triggers {
            /// What is declared about every event, in canonical order.
            const INFO: &'static [EventInfo] = &[$(EVENT.$field),*];
        }

        /// The events of an `on:` mapping, each with its configuration, written
        /// in this order. Events GitHub does not define stay in `extra`.
        ///
        /// ```
        /// use ci_model::{NullOr, PushFilter, Triggers};
        ///
        /// let t = Triggers {
        ///     push: Some(NullOr::Value(PushFilter::new().branches(["main"]))),
        ///     pull_request: Some(NullOr::Null),
        ///     ..Triggers::default()
        /// };
        /// assert_eq!(t.event_names(), ["push", "pull_request"]);
        /// ```
        #[derive(Clone, Debug, Default, PartialEq, schemars::JsonSchema)]
        #[serde(deny_unknown_fields)]
        pub struct Triggers {
            $( $(#[$doc])* pub $field: Option<$wrap<$cfg>>, )*
            /// Events the model does not know.
            #[schemars(skip)]
            pub extra: Extra,
        }

        impl Triggers {
            /// Every event key GitHub defines, in canonical order.
            ///
            /// ```
            /// # use ci_model::Triggers;
            /// assert_eq!(Triggers::EVENTS[0], "push");
            /// assert!(Triggers::EVENTS.contains(&"workflow_dispatch"));
            /// assert!(!Triggers::EVENTS.contains(&"pull-request"));
            /// ```
            pub const EVENTS: &'static [&'static str] = &[$($key),*];

            /// The names of the events present, in canonical order, then unknown ones.
            ///
            /// ```
            /// # use ci_model::Workflow;
            /// // Canonical order, whatever order the file uses; unknown events last.
            /// let wf = Workflow::parse("on:\n  x-custom:\n  workflow_dispatch:\n  push:\njobs: {}\n").unwrap();
            /// assert_eq!(wf.on.triggers().unwrap().event_names(), ["push", "workflow_dispatch", "x-custom"]);
            /// ```
            pub fn event_names(&self) -> Vec<&str> {
                let mut v = Vec::new();
                $( if self.$field.is_some() { v.push($key); } )*
                v.extend(self.extra.keys().map(String::as_str));
                v
            }

            /// Sets an event by name with no configuration; unknown names go to `extra`.
            pub(crate) fn set_bare(&mut self, name: &str) {
                match name {
                    $( $key => self.$field = Some(bare()), )*
                    other => { self.extra.insert(other.to_owned(), Yaml::Scalar(Scalar::Null)); }
                }
            }
        }

        impl Triggers {
            /// The activity types `event` accepts, as declared (`None`: any
            /// string, or an unknown event).
            fn declared_activity_types(event: &str) -> Option<&'static [&'static str]> {
                match event {
                    $( $key => triggers!(@types $($types)*), )*
                    _ => None,
                }
            }

            /// The filters of `event` when it is a pull request's event
            /// ([`EventInfo::pull_request`]) and written with filters.
            pub(crate) fn pull_request_filter(&self, event: &str) -> Option<&PullRequestFilter> {
                match event {
                    $( $key => self.$field.as_ref().and_then(EventBody::pull_request), )*
                    _ => None,
                }
            }

            /// `types:` of `event` when that is the event's only filter
            /// (`Some(None)` when it is written without one); `None` for an
            /// event with other filters, or an unknown one.
            pub(crate) fn activity_filter(&self, event: &str) -> Option<Option<&[String]>> {
                match event {
                    $(
                        $key if <$wrap<$cfg> as EventBody>::ACTIVITY_ONLY => Some(
                            self.$field
                                .as_ref()
                                .and_then(EventBody::activity)
                                .and_then(|a| a.types.as_ref())
                                .map(OneOrMany::as_slice),
                        ),
                    )*
                    _ => None,
                }
            }
        }
    };
}

/// The configuration an event written by name alone gets.
trait Bare {
    fn bare() -> Self;
}

impl<T> Bare for NullOr<T> {
    fn bare() -> Self {
        NullOr::Null
    }
}

impl Bare for Vec<Cron> {
    fn bare() -> Self {
        Vec::new()
    }
}

fn bare<T: Bare>() -> T {
    T::bare()
}

/// How an event's configuration is set by its builder (`on_<event>_with`):
/// a mapping replaces what was there, a schedule entry is added.
trait EventSlot: Sized {
    /// The item the builder takes.
    type Item;
    /// Sets (or adds) `item`.
    fn add(slot: &mut Option<Self>, item: Self::Item);
}

impl<T> EventSlot for NullOr<T> {
    type Item = T;
    fn add(slot: &mut Option<Self>, item: T) {
        *slot = Some(NullOr::Value(item));
    }
}

impl EventSlot for Vec<Cron> {
    type Item = Cron;
    fn add(slot: &mut Option<Self>, item: Cron) {
        slot.get_or_insert_with(Vec::new).push(item);
    }
}

triggers! {
    /// `push:` a commit or tag.
    push: "push" => NullOr<PushFilter> [] { on_ref, no_pull_request } as on_push / on_push_with,
    /// `pull_request:` activity, run in the context of the merge commit.
    pull_request: "pull_request" => NullOr<PullRequestFilter> [assigned, unassigned, labeled, unlabeled, opened, edited, closed, reopened, synchronize, converted_to_draft, locked, unlocked, enqueued, dequeued, milestoned, demilestoned, ready_for_review, review_requested, review_request_removed, auto_merge_enabled, auto_merge_disabled, stacked] { pull_request } as on_pull_request / on_pull_request_with,
    /// `pull_request_target:` activity, run in the context of the base branch
    /// (with secrets: never check out the pull request's code here).
    pull_request_target: "pull_request_target" => NullOr<PullRequestFilter> [assigned, unassigned, labeled, unlabeled, opened, edited, closed, reopened, synchronize, converted_to_draft, locked, unlocked, enqueued, dequeued, milestoned, demilestoned, ready_for_review, review_requested, review_request_removed, auto_merge_enabled, auto_merge_disabled, stacked] { pull_request, base_ref, privileged } as on_pull_request_target / on_pull_request_target_with,
    /// `merge_group:` a pull request is added to a merge queue.
    merge_group: "merge_group" => NullOr<MergeGroupFilter> [checks_requested] as on_merge_group / on_merge_group_with,
    /// `schedule:` cron entries (UTC).
    schedule: "schedule" => Vec<Cron> [] { no_pull_request } as on_schedule_empty / on_schedule,
    /// `workflow_dispatch:` a manual run.
    workflow_dispatch: "workflow_dispatch" => NullOr<WorkflowDispatch> [] { manual, on_ref, no_pull_request } as on_workflow_dispatch / on_workflow_dispatch_with,
    /// `workflow_call:` called by another workflow.
    workflow_call: "workflow_call" => NullOr<WorkflowCall> [] as on_workflow_call / on_workflow_call_with,
    /// `workflow_run:` another workflow ran.
    workflow_run: "workflow_run" => NullOr<WorkflowRunFilter> [requested, completed, in_progress] { privileged } as on_workflow_run / on_workflow_run_with,
    /// `repository_dispatch:` a webhook event with custom `types`.
    repository_dispatch: "repository_dispatch" => NullOr<Activity> [..] as on_repository_dispatch / on_repository_dispatch_with,
    /// `branch_protection_rule:` activity.
    branch_protection_rule: "branch_protection_rule" => NullOr<Activity> [created, edited, deleted] as on_branch_protection_rule / on_branch_protection_rule_with,
    /// `check_run:` activity.
    check_run: "check_run" => NullOr<Activity> [completed, created, rerequested, requested_action] as on_check_run / on_check_run_with,
    /// `check_suite:` activity.
    check_suite: "check_suite" => NullOr<Activity> [completed] as on_check_suite / on_check_suite_with,
    /// `create:` a branch or tag is created.
    create: "create" => NullOr<Activity> [] as on_create / on_create_with,
    /// `delete:` a branch or tag is deleted.
    delete: "delete" => NullOr<Activity> [] as on_delete / on_delete_with,
    /// `deployment:` created.
    deployment: "deployment" => NullOr<Activity> [] as on_deployment / on_deployment_with,
    /// `deployment_status:` changed.
    deployment_status: "deployment_status" => NullOr<Activity> [] as on_deployment_status / on_deployment_status_with,
    /// `discussion:` activity.
    discussion: "discussion" => NullOr<Activity> [created, edited, deleted, transferred, pinned, unpinned, labeled, unlabeled, locked, unlocked, category_changed, answered, unanswered] as on_discussion / on_discussion_with,
    /// `discussion_comment:` activity.
    discussion_comment: "discussion_comment" => NullOr<Activity> [created, edited, deleted] as on_discussion_comment / on_discussion_comment_with,
    /// `fork:` the repository is forked.
    fork: "fork" => NullOr<Activity> [] as on_fork / on_fork_with,
    /// `gollum:` a wiki page changes.
    gollum: "gollum" => NullOr<Activity> [] as on_gollum / on_gollum_with,
    /// `image_version:` a runner image version changes.
    image_version: "image_version" => NullOr<ImageVersionFilter> [created, ready, deleted] as on_image_version / on_image_version_with,
    /// `issue_comment:` activity on issues and pull requests.
    issue_comment: "issue_comment" => NullOr<Activity> [created, edited, deleted] as on_issue_comment / on_issue_comment_with,
    /// `issues:` activity.
    issues: "issues" => NullOr<Activity> [opened, edited, deleted, transferred, pinned, unpinned, closed, reopened, assigned, unassigned, labeled, unlabeled, locked, unlocked, milestoned, demilestoned, field_added, field_removed, typed, untyped] as on_issues / on_issues_with,
    /// `label:` activity.
    label: "label" => NullOr<Activity> [created, edited, deleted] as on_label / on_label_with,
    /// `milestone:` activity.
    milestone: "milestone" => NullOr<Activity> [created, closed, opened, edited, deleted] as on_milestone / on_milestone_with,
    /// `page_build:` a GitHub Pages build.
    page_build: "page_build" => NullOr<Activity> [] as on_page_build / on_page_build_with,
    /// `project:` (classic) activity.
    project: "project" => NullOr<Activity> [created, closed, reopened, edited, deleted] as on_project / on_project_with,
    /// `project_card:` (classic) activity.
    project_card: "project_card" => NullOr<Activity> [created, moved, converted, edited, deleted] as on_project_card / on_project_card_with,
    /// `project_column:` (classic) activity.
    project_column: "project_column" => NullOr<Activity> [created, updated, moved, deleted] as on_project_column / on_project_column_with,
    /// `public:` the repository becomes public.
    public: "public" => NullOr<Activity> [] as on_public / on_public_with,
    /// `pull_request_comment:` (use `issue_comment`).
    pull_request_comment: "pull_request_comment" => NullOr<Activity> [created, edited, deleted] as on_pull_request_comment / on_pull_request_comment_with,
    /// `pull_request_review:` activity.
    pull_request_review: "pull_request_review" => NullOr<Activity> [submitted, edited, dismissed] as on_pull_request_review / on_pull_request_review_with,
    /// `pull_request_review_comment:` activity.
    pull_request_review_comment: "pull_request_review_comment" => NullOr<Activity> [created, edited, deleted] as on_pull_request_review_comment / on_pull_request_review_comment_with,
    /// `registry_package:` activity.
    registry_package: "registry_package" => NullOr<Activity> [published, updated] as on_registry_package / on_registry_package_with,
    /// `release:` activity.
    release: "release" => NullOr<Activity> [published, unpublished, created, edited, deleted, prereleased, released] as on_release / on_release_with,
    /// `status:` a commit status changes.
    status: "status" => NullOr<Activity> [] as on_status / on_status_with,
    /// `watch:` the repository is starred.
    watch: "watch" => NullOr<Activity> [started] as on_watch / on_watch_with,
}

/// What code beyond an event's configuration needs to know of it: how the
/// simulation, the lints and `ci-gen affected` treat it. Declared with the
/// event, in the table of events; see [`Triggers::info`].
///
/// ```
/// use ci_model::Triggers;
///
/// let target = Triggers::info("pull_request_target").unwrap();
/// assert!(target.pull_request && target.base_ref && target.privileged);
/// let push = Triggers::info("push").unwrap();
/// assert!(push.on_ref && !push.pull_request && !push.manual);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct EventInfo {
    /// The event's key under `on:`.
    pub name: &'static str,
    /// A pull request's event: it has a head and a base branch, its
    /// `branches` filter matches the base branch, and `types:` defaults to
    /// `opened`, `synchronize` and `reopened`.
    pub pull_request: bool,
    /// Runs on the base branch (`github.ref` is the base branch), not on
    /// the pull request's merge commit.
    pub base_ref: bool,
    /// Runs with the base repository's token and secrets on input an
    /// outside contributor controls (a fork's pull request, the run of a
    /// workflow it triggered).
    pub privileged: bool,
    /// Started by hand: it always runs the workflow that lists it.
    pub manual: bool,
    /// Runs on a ref the event names (the branch or tag pushed, the one a
    /// manual run picks); the default branch when none is given.
    pub on_ref: bool,
    /// Its payload has no pull request: `github.event.pull_request` is null.
    pub no_pull_request: bool,
}

impl EventInfo {
    /// An event with none of the properties, for the table to add to.
    pub(crate) const NONE: EventInfo = EventInfo {
        name: "",
        pull_request: false,
        base_ref: false,
        privileged: false,
        manual: false,
        on_ref: false,
        no_pull_request: false,
    };
}

impl Triggers {
    /// What is declared about `event` beyond its configuration; `None`
    /// for an event GitHub does not define.
    ///
    /// ```
    /// # use ci_model::Triggers;
    /// assert!(Triggers::info("workflow_run").is_some_and(|e| e.privileged && !e.pull_request));
    /// assert!(Triggers::info("pull_request").is_some_and(|e| e.pull_request && !e.base_ref));
    /// assert_eq!(Triggers::info("pull-request"), None);
    /// // Every event is declared once, in canonical order.
    /// assert!(Triggers::EVENTS.iter().all(|e| Triggers::info(e).is_some_and(|i| i.name == *e)));
    /// ```
    pub fn info(event: &str) -> Option<EventInfo> {
        Self::INFO.iter().find(|i| i.name == event).copied()
    }

    /// The activity types `event` accepts in `types:` (GitHub's parser
    /// schema): an empty list for an event that has none (`push`,
    /// `schedule`, ...), and `None` when any string is allowed
    /// (`repository_dispatch`) or the event is not one of [`Triggers::EVENTS`].
    ///
    /// ```
    /// # use ci_model::Triggers;
    /// assert!(Triggers::activity_types("pull_request").is_some_and(|t| t.contains(&"opened")));
    /// assert_eq!(Triggers::activity_types("check_suite"), Some(&["completed"][..]));
    /// assert_eq!(Triggers::activity_types("push"), Some(&[][..]));
    /// assert_eq!(Triggers::activity_types("repository_dispatch"), None);
    /// // Every event but `repository_dispatch` has a list, empty or not.
    /// assert!(Triggers::EVENTS.iter().all(|e| Triggers::activity_types(e).is_some() == (*e != "repository_dispatch")));
    /// ```
    pub fn activity_types(event: &str) -> Option<&'static [&'static str]> {
        activity_types(event)
    }
}

/// Activity types each event accepts (GitHub's parser schema, declared with
/// the events), or `None` when any string is allowed (`repository_dispatch`)
/// or the event is unknown.
pub(crate) fn activity_types(event: &str) -> Option<&'static [&'static str]> {
    Triggers::declared_activity_types(event)
}

/// What the checks that treat every event alike need of its configuration.
pub(crate) trait EventBody {
    /// Whether the configuration is [`Activity`]: its only filter is `types:`.
    const ACTIVITY_ONLY: bool = false;

    /// The configuration as [`Activity`], when it is one and is written.
    fn activity(&self) -> Option<&Activity> {
        None
    }

    /// The configuration as [`PullRequestFilter`], when it is one and is written.
    fn pull_request(&self) -> Option<&PullRequestFilter> {
        None
    }
}

impl EventBody for NullOr<Activity> {
    const ACTIVITY_ONLY: bool = true;

    fn activity(&self) -> Option<&Activity> {
        self.value()
    }
}

impl EventBody for NullOr<PushFilter> {}
impl EventBody for NullOr<PullRequestFilter> {
    fn pull_request(&self) -> Option<&PullRequestFilter> {
        self.value()
    }
}
impl EventBody for NullOr<MergeGroupFilter> {}
impl EventBody for NullOr<WorkflowRunFilter> {}
impl EventBody for NullOr<ImageVersionFilter> {}
impl EventBody for NullOr<WorkflowDispatch> {}
impl EventBody for NullOr<WorkflowCall> {}
impl EventBody for Vec<Cron> {}

#[cfg(test)]
mod input_kind_tests {
    use super::*;

    #[test]
    fn every_name_reads_and_writes_back_and_only_choice_reads_options() {
        for name in InputKind::NAMES {
            let mut read_options = false;
            let kind = InputKind::read(Some(Scalar::from(*name)), || {
                read_options = true;
                Some(vec![Scalar::from("a")])
            });
            assert_eq!(kind.name(), Some(Named::Known(name)));
            assert_eq!(read_options, *name == "choice");
            assert_eq!(kind.detail().is_some(), *name == "choice");
        }
        assert_eq!(InputKind::read(None, || None), InputKind::Untyped);
        assert_eq!(InputKind::read(Some(Scalar::from(5)), || None).name(), Some(Named::Other(&Scalar::from(5))));
    }
}
