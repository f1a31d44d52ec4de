//! Jobs: a normal job with steps on a runner, or a call of a reusable workflow.
//!
//! See GitHub's [`jobs.<job_id>`] syntax.
//!
//! [`jobs.<job_id>`]: https://docs.github.com/actions/using-workflows/workflow-syntax-for-github-actions#jobsjob_id

use indexmap::IndexMap;

use super::{Concurrency, Container, Defaults, Permissions, Strategy};
use crate::common::{Env, Extra, LitOrExpr, OneOrMany, Uses};
use crate::record::record;
use crate::step::{Step, env_insert};
use crate::{Number, Scalar};

/// One job: exactly one of the two kinds GitHub runs.
///
/// ```
/// use ci_model::{Job, Step, Workflow};
///
/// let wf = Workflow::new("CI")
///     .on_push()
///     .job("test", Job::new("ubuntu-latest").step(Step::run("make test")))
///     .job("release", Job::call("./.github/workflows/release.yml").needs("test"));
/// assert!(matches!(wf.jobs["test"], Job::Normal(_)));
/// assert!(matches!(wf.jobs["release"], Job::Call(_)));
/// ```
#[derive(Clone, Debug, PartialEq, schemars::JsonSchema)]
#[serde(untagged)]
pub enum Job {
    /// A job with `runs-on` and `steps`.
    Normal(NormalJob),
    /// A job that `uses:` a reusable workflow.
    Call(CallJob),
}

/// The same expression over either kind of job, `j` naming it.
macro_rules! either {
    ($job:expr, $j:ident => $e:expr) => {
        match $job {
            Job::Normal($j) => $e,
            Job::Call($j) => $e,
        }
    };
}

impl Job {
    /// A normal job on `runs_on` (shorthand for [`NormalJob::new`]); it
    /// converts into a `Job` where one is needed.
    ///
    /// ```
    /// # use ci_model::{Job, NormalJob, Scalar};
    /// let job: NormalJob = Job::new("ubuntu-latest");
    /// assert_eq!(job.runs_on.labels(), [Scalar::from("ubuntu-latest")]);
    /// assert!(job.steps.is_none());
    /// ```
    #[allow(clippy::new_ret_no_self)]
    pub fn new(runs_on: impl Into<Scalar>) -> NormalJob {
        NormalJob::new(runs_on)
    }

    /// A call of a reusable workflow (shorthand for [`CallJob::new`]).
    ///
    /// ```
    /// # use ci_model::{CallJob, Job};
    /// let job: CallJob = Job::call("octo-org/ci/.github/workflows/build.yml@v1");
    /// assert_eq!(job.uses.as_str(), "octo-org/ci/.github/workflows/build.yml@v1");
    /// ```
    pub fn call(workflow: impl Into<Uses>) -> CallJob {
        CallJob::new(workflow)
    }

    /// `needs:`, whichever kind of job.
    ///
    /// ```
    /// # use ci_model::{Job, Step};
    /// let test: Job = Job::new("ubuntu-latest").needs("build").step(Step::run("make test")).into();
    /// assert_eq!(test.needs(), ["build"]);
    /// let release: Job = Job::call("./.github/workflows/release.yml").needs("test").into();
    /// assert_eq!(release.needs(), ["test"]);
    /// ```
    pub fn needs(&self) -> &[String] {
        let needs = either!(self, j => &j.needs);
        needs.as_ref().map_or(&[], OneOrMany::as_slice)
    }

    /// `name:`, whichever kind of job.
    ///
    /// ```
    /// # use ci_model::Job;
    /// let job: Job = Job::new("ubuntu-latest").name("Unit tests").into();
    /// assert_eq!(job.name().unwrap(), "Unit tests");
    /// ```
    pub fn name(&self) -> Option<&Scalar> {
        either!(self, j => j.name.as_ref())
    }

    /// `strategy:`, whichever kind of job.
    ///
    /// ```
    /// # use ci_model::{Job, Matrix, Strategy};
    /// let matrix = Matrix::new().axis("os", ["ubuntu-latest"]);
    /// let job: Job = Job::new("${{ matrix.os }}").strategy(Strategy::matrix(matrix)).into();
    /// assert!(job.strategy().and_then(|s| s.literal()).is_some());
    /// ```
    pub fn strategy(&self) -> Option<&LitOrExpr<Strategy>> {
        either!(self, j => j.strategy.as_ref())
    }

    /// `permissions:`, whichever kind of job.
    ///
    /// ```
    /// # use ci_model::{Job, Level, Permissions};
    /// let job: Job = Job::call("./.github/workflows/deploy.yml").into();
    /// assert_eq!(job.permissions(), None);
    /// let job: Job = Job::new("ubuntu-latest").permissions(Permissions::none().with("id-token", Level::Write)).into();
    /// assert_eq!(job.permissions().and_then(|p| p.level("id-token")), Some(Level::Write));
    /// ```
    pub fn permissions(&self) -> Option<&Permissions> {
        either!(self, j => j.permissions.as_ref())
    }

    /// The comment written above the job.
    ///
    /// ```
    /// # use ci_model::Job;
    /// let job: Job = Job::new("ubuntu-latest").comment("Runs nightly").into();
    /// assert_eq!(job.comment(), Some("Runs nightly"));
    /// ```
    pub fn comment(&self) -> Option<&str> {
        either!(self, j => j.comment.as_deref())
    }

    /// The lints allowed on the job.
    ///
    /// ```
    /// # use ci_model::Job;
    /// # use ci_model::lint::Lint;
    /// let job: Job = Job::new("ubuntu-latest").allow(Lint::Permissions, "publishes a release").into();
    /// assert_eq!(job.allowed()[0].lint, Lint::Permissions);
    /// assert_eq!(job.allowed()[0].reason, "publishes a release");
    /// ```
    pub fn allowed(&self) -> &[crate::allow::Allow] {
        either!(self, j => &j.allow)
    }

    /// Keys the model does not know.
    ///
    /// ```
    /// # use ci_model::{Workflow, Yaml};
    /// let text = "on: push\njobs:\n  a:\n    runs-on: x\n    x-team: infra\n    steps: [{run: y}]\n";
    /// let wf = Workflow::parse(text).unwrap();
    /// assert_eq!(wf.jobs["a"].extra().get("x-team"), Some(&Yaml::from("infra")));
    /// ```
    pub fn extra(&self) -> &Extra {
        either!(self, j => &j.extra)
    }
}

impl From<NormalJob> for Job {
    fn from(j: NormalJob) -> Self {
        Job::Normal(j)
    }
}

impl From<CallJob> for Job {
    fn from(j: CallJob) -> Self {
        Job::Call(j)
    }
}

/// `runs-on:`: runner labels (one or a list), or a runner group.
///
/// ```
/// use ci_model::RunsOn;
///
/// let r: RunsOn = "ubuntu-latest".into();
/// assert_eq!(r.labels().len(), 1);
/// ```
#[derive(Clone, Debug, PartialEq, schemars::JsonSchema)]
#[serde(untagged)]
pub enum RunsOn {
    /// `runs-on: ubuntu-latest` or `runs-on: [self-hosted, linux]`.
    Labels(OneOrMany<Scalar>),
    /// `runs-on: { group: ..., labels: ... }`.
    Group(RunnerGroup),
}

record! {
    /// The group form of `runs-on:`.
    ///
    /// ```
    /// use ci_model::{NormalJob, RunnerGroup, RunsOn};
    ///
    /// let group = RunnerGroup::new().group("large-runners");
    /// let job = NormalJob::on(group);
    /// assert!(job.runs_on.labels().is_empty());
    /// ```
    #[derive(Clone, Debug, Default, PartialEq)]
    pub struct RunnerGroup: "a mapping with `group` or `labels`" as runner_group_fields {
        /// `group:`.
        pub group: Option<Scalar> = "group" { set(Scalar) },
        /// `labels:`.
        pub labels: Option<OneOrMany<Scalar>> = "labels" { list(Scalar), one(labels_one: Scalar) },
    }
}

impl RunnerGroup {
    /// Nothing set yet.
    pub fn new() -> Self {
        Self::default()
    }
}

impl From<RunnerGroup> for RunsOn {
    fn from(group: RunnerGroup) -> Self {
        RunsOn::Group(group)
    }
}

/// A list of labels (`runs-on: [self-hosted, linux]`).
///
/// ```
/// # use ci_model::{NormalJob, Scalar};
/// let job = NormalJob::on(["self-hosted", "linux"]);
/// assert_eq!(job.runs_on.labels(), [Scalar::from("self-hosted"), Scalar::from("linux")]);
/// ```
impl<S: Into<Scalar>, const N: usize> From<[S; N]> for RunsOn {
    fn from(labels: [S; N]) -> Self {
        RunsOn::Labels(OneOrMany::Many(labels.into_iter().map(Into::into).collect()))
    }
}

impl<S: Into<Scalar>> From<Vec<S>> for RunsOn {
    fn from(labels: Vec<S>) -> Self {
        RunsOn::Labels(OneOrMany::Many(labels.into_iter().map(Into::into).collect()))
    }
}

impl RunsOn {
    /// The labels, whichever form is written.
    ///
    /// ```
    /// # use ci_model::{OneOrMany, RunnerGroup, RunsOn, Scalar};
    /// let labels = RunsOn::Labels(OneOrMany::Many(vec!["self-hosted".into(), "linux".into()]));
    /// assert_eq!(labels.labels(), [Scalar::from("self-hosted"), Scalar::from("linux")]);
    /// let group = RunnerGroup { labels: Some(OneOrMany::One("gpu".into())), ..Default::default() };
    /// assert_eq!(RunsOn::Group(group).labels(), [Scalar::from("gpu")]);
    /// ```
    pub fn labels(&self) -> &[Scalar] {
        match self {
            RunsOn::Labels(l) => l.as_slice(),
            RunsOn::Group(g) => g.labels.as_ref().map_or(&[], OneOrMany::as_slice),
        }
    }
}

impl From<Scalar> for RunsOn {
    fn from(label: Scalar) -> Self {
        RunsOn::Labels(OneOrMany::One(label))
    }
}

impl From<&str> for RunsOn {
    fn from(label: &str) -> Self {
        RunsOn::from(Scalar::from(label))
    }
}

/// `environment:`: a name, or a name with a URL.
///
/// ```
/// use ci_model::Environment;
///
/// let e = Environment::named("staging");
/// assert_eq!(e.name(), "staging");
/// ```
#[derive(Clone, Debug, PartialEq, schemars::JsonSchema)]
#[serde(untagged)]
pub enum Environment {
    /// `environment: staging`.
    Name(Scalar),
    /// `environment: { name: ..., url: ... }`.
    Spec(EnvironmentSpec),
}

record! {
    /// The mapping form of [`Environment`].
    ///
    /// ```
    /// use ci_model::{Environment, EnvironmentSpec, Job, Step, Workflow};
    ///
    /// let env = EnvironmentSpec::new("production").url("https://example.com");
    /// let job = Job::new("ubuntu-latest").environment(env).step(Step::run("./deploy.sh"));
    /// let yaml = Workflow::new("Deploy").on_push().job("deploy", job).to_yaml();
    /// assert!(yaml.contains("    environment:\n      name: production\n      url: https://example.com\n"));
    /// ```
    #[derive(Clone, Debug, PartialEq)]
    pub struct EnvironmentSpec: "a mapping with `name`" as environment_spec_fields {
        /// `name:`.
        pub name: Scalar = "name" [required],
        /// `url:` shown on the deployment.
        pub url: Option<Scalar> = "url" { set(Scalar) },
        /// `deployment:`: whether to create a deployment record.
        pub deployment: Option<LitOrExpr<bool>> = "deployment" { set(LitOrExpr<bool>) },
    }
}

impl EnvironmentSpec {
    /// The mapping form with a name and nothing else yet
    /// (`environment: { name: .. }`).
    pub fn new(name: impl Into<Scalar>) -> Self {
        EnvironmentSpec { name: name.into(), url: None, deployment: None, extra: Extra::new() }
    }
}

impl From<EnvironmentSpec> for Environment {
    fn from(spec: EnvironmentSpec) -> Self {
        Environment::Spec(spec)
    }
}

impl Environment {
    /// `environment: <name>`.
    pub fn named(name: impl Into<Scalar>) -> Self {
        Environment::Name(name.into())
    }

    /// The same environment with the URL shown on its deployment (written
    /// in the mapping form, `name:` and `url:`).
    ///
    /// ```
    /// # use ci_model::{Environment, Job, Step, Workflow};
    /// let prod = Environment::named("production").url("https://example.com");
    /// let job = Job::new("ubuntu-latest").environment(prod).step(Step::run("./deploy.sh"));
    /// let yaml = Workflow::new("Deploy").on_push().job("deploy", job).to_yaml();
    /// assert!(yaml.contains("    environment:\n      name: production\n      url: https://example.com\n"));
    /// ```
    pub fn url(self, url: impl Into<Scalar>) -> Self {
        Environment::Spec(self.into_spec().url(url))
    }

    /// The same environment with `deployment:` (whether a deployment
    /// record is made), in the mapping form.
    ///
    /// ```
    /// # use ci_model::Environment;
    /// let Environment::Spec(spec) = Environment::named("ci").deployment(false) else { unreachable!() };
    /// assert_eq!(spec.deployment.and_then(|d| d.literal().copied()), Some(false));
    /// ```
    pub fn deployment(self, deployment: impl Into<LitOrExpr<bool>>) -> Self {
        Environment::Spec(self.into_spec().deployment(deployment))
    }

    /// The mapping form of this environment.
    fn into_spec(self) -> EnvironmentSpec {
        match self {
            Environment::Name(n) => EnvironmentSpec::new(n),
            Environment::Spec(s) => s,
        }
    }

    /// The environment's name, whichever form is written.
    ///
    /// ```
    /// # use ci_model::{Environment, Job, Workflow};
    /// let text = "on: push\njobs:\n  a:\n    runs-on: x\n    environment: {name: prod}\n    steps: [{run: y}]\n";
    /// let wf = Workflow::parse(text).unwrap();
    /// let Job::Normal(job) = &wf.jobs["a"] else { unreachable!() };
    /// assert_eq!(job.environment.as_ref().unwrap().name(), "prod");
    /// assert_eq!(Environment::named("staging").name(), "staging");
    /// ```
    pub fn name(&self) -> &Scalar {
        match self {
            Environment::Name(n) => n,
            Environment::Spec(s) => &s.name,
        }
    }
}

/// `snapshot:`: save the runner as a custom image after the job.
///
/// ```
/// use ci_model::{Job, Snapshot, Workflow};
///
/// let text = "on: push\njobs:\n  a:\n    runs-on: x\n    snapshot: my-image\n    steps: [{run: y}]\n";
/// let wf = Workflow::parse(text).unwrap();
/// let Job::Normal(job) = &wf.jobs["a"] else { unreachable!() };
/// assert_eq!(job.snapshot, Some(Snapshot::Image("my-image".into())));
/// ```
#[derive(Clone, Debug, PartialEq, schemars::JsonSchema)]
#[serde(untagged)]
pub enum Snapshot {
    /// `snapshot: image-name`.
    Image(Scalar),
    /// The mapping form.
    Spec(SnapshotSpec),
}

record! {
    /// The mapping form of [`Snapshot`].
    ///
    /// ```
    /// use ci_model::{Job, Snapshot, Workflow};
    ///
    /// let text = "on: push\njobs:\n  a:\n    runs-on: x\n    snapshot: {image-name: my-image, version: '2.*'}\n";
    /// let wf = Workflow::parse(text).unwrap();
    /// let Job::Normal(job) = &wf.jobs["a"] else { unreachable!() };
    /// let Some(Snapshot::Spec(spec)) = &job.snapshot else { unreachable!() };
    /// assert_eq!(spec.image_name, "my-image");
    /// assert_eq!(spec.version.as_ref().unwrap(), "2.*");
    /// ```
    #[derive(Clone, Debug, PartialEq)]
    pub struct SnapshotSpec: "a mapping with `image-name`" as snapshot_spec_fields {
        /// `image-name:`.
        pub image_name: Scalar = "image-name" [required],
        /// `if:`.
        pub r#if: Option<Scalar> = "if" { when },
        /// `version:`.
        pub version: Option<Scalar> = "version" { set(Scalar) },
    }
}

impl SnapshotSpec {
    /// The mapping form with the image's name.
    ///
    /// ```
    /// # use ci_model::{Job, SnapshotSpec, Step, Workflow};
    /// let job = Job::new("ubuntu-latest").snapshot(SnapshotSpec::new("my-image").version("2.*")).step(Step::run("make"));
    /// let yaml = Workflow::new("CI").on_push().job("a", job).to_yaml();
    /// assert!(yaml.contains("    snapshot:\n      image-name: my-image\n      version: 2.*\n"));
    /// ```
    pub fn new(image_name: impl Into<Scalar>) -> Self {
        SnapshotSpec { image_name: image_name.into(), r#if: None, version: None, extra: Extra::new() }
    }
}

impl From<SnapshotSpec> for Snapshot {
    fn from(spec: SnapshotSpec) -> Self {
        Snapshot::Spec(spec)
    }
}

/// `snapshot: <image-name>`.
impl From<&str> for Snapshot {
    fn from(image: &str) -> Self {
        Snapshot::Image(image.into())
    }
}

impl From<Scalar> for Snapshot {
    fn from(image: Scalar) -> Self {
        Snapshot::Image(image)
    }
}

record! {
    /// A job that runs steps on a runner.
    ///
    /// ```
    /// use ci_model::{Job, Step};
    ///
    /// let job = Job::new("ubuntu-latest")
    ///     .name("Lint")
    ///     .timeout_minutes(10)
    ///     .step(Step::uses("actions/checkout@v4"))
    ///     .step(Step::run("cargo fmt --check"))
    ///     .step(Step::run("cargo clippy -- -D warnings"));
    /// assert_eq!(job.steps.as_ref().map(Vec::len), Some(3));
    /// ```
    #[derive(Clone, Debug, PartialEq)]
    pub struct NormalJob: "a job (a mapping)" as normal_job_fields {
        /// `name:` shown in the UI.
        pub name: Option<Scalar> = "name" { set(Scalar) },
        /// `needs:`: jobs that must succeed first.
        pub needs: Option<OneOrMany<String>> = "needs" { push(String), one(needs_one: String), empty(needs_none) },
        /// `if:`.
        pub r#if: Option<Scalar> = "if" { when },
        /// `runs-on:`.
        pub runs_on: RunsOn = "runs-on" [required = "add the runner the job runs on, e.g. `runs-on: ubuntu-latest`"],
        /// `snapshot:`.
        pub snapshot: Option<Snapshot> = "snapshot" { set(Snapshot) },
        /// `environment:`.
        pub environment: Option<Environment> = "environment" { set(Environment) },
        /// `permissions:` for this job's token.
        pub permissions: Option<Permissions> = "permissions" { set(Permissions) },
        /// `concurrency:`.
        pub concurrency: Option<Concurrency> = "concurrency" { set(Concurrency) },
        /// `cache-mode:`: GitHub Actions cache access for this job.
        pub cache_mode: Option<Scalar> = "cache-mode" { set(Scalar) },
        /// `timeout-minutes:` (GitHub's default is 360).
        pub timeout_minutes: Option<LitOrExpr<Number>> = "timeout-minutes" [positive] { set(LitOrExpr<Number>) },
        /// `cancel-timeout-minutes:`.
        pub cancel_timeout_minutes: Option<LitOrExpr<Number>> = "cancel-timeout-minutes" [positive] { set(LitOrExpr<Number>) },
        /// `continue-on-error:`.
        pub continue_on_error: Option<LitOrExpr<bool>> = "continue-on-error" { set(LitOrExpr<bool>) },
        /// `strategy:`.
        pub strategy: Option<LitOrExpr<Strategy>> = "strategy" { set(LitOrExpr<Strategy>) },
        /// `container:`.
        pub container: Option<Container> = "container" { set(Container) },
        /// `services:`.
        pub services: Option<LitOrExpr<IndexMap<String, Container>>> = "services",
        /// `outputs:`.
        pub outputs: Option<IndexMap<String, Scalar>> = "outputs",
        /// `env:`.
        pub env: Option<LitOrExpr<Env>> = "env",
        /// `defaults:`.
        pub defaults: Option<Defaults> = "defaults" { set(Defaults) },
        /// `steps:`.
        pub steps: Option<Vec<Step>> = "steps",
    }
    also {
        /// A comment written above the job.
        pub comment: Option<String> { comment },
        /// Lints allowed on this job, each with its reason (written as a comment).
        pub allow: Vec<crate::allow::Allow> { allow },
    }
}

impl NormalJob {
    /// A job on `runs_on` with no steps yet.
    ///
    /// ```
    /// # use ci_model::{NormalJob, Scalar};
    /// let job = NormalJob::new("macos-latest");
    /// assert_eq!(job.runs_on.labels(), [Scalar::from("macos-latest")]);
    /// ```
    pub fn new(runs_on: impl Into<Scalar>) -> Self {
        NormalJob::on(RunsOn::from(runs_on.into()))
    }

    /// A job on any [`RunsOn`]: one label, a list of labels, or a
    /// [`RunnerGroup`].
    ///
    /// ```
    /// # use ci_model::{NormalJob, RunnerGroup};
    /// let job = NormalJob::on(["self-hosted", "arm64"]);
    /// assert_eq!(job.runs_on.labels().len(), 2);
    /// let job = NormalJob::on(RunnerGroup::new().group("big").labels(["gpu"]));
    /// assert_eq!(job.runs_on.labels().len(), 1);
    /// ```
    pub fn on(runs_on: impl Into<RunsOn>) -> Self {
        let runs_on = runs_on.into();
        NormalJob {
            comment: None,
            name: None,
            needs: None,
            r#if: None,
            runs_on,
            snapshot: None,
            environment: None,
            permissions: None,
            concurrency: None,
            cache_mode: None,
            timeout_minutes: None,
            cancel_timeout_minutes: None,
            continue_on_error: None,
            strategy: None,
            container: None,
            services: None,
            outputs: None,
            env: None,
            defaults: None,
            steps: None,
            allow: Vec::new(),
            extra: Extra::new(),
        }
    }

    /// Adds a service container.
    ///
    /// ```
    /// # use ci_model::{Container, Job, Step, Workflow};
    /// let job = Job::new("ubuntu-latest").service("redis", Container::image("redis:7")).step(Step::run("make it"));
    /// let yaml = Workflow::new("CI").on_push().job("it", job).to_yaml();
    /// assert!(yaml.contains("    services:\n      redis:\n        image: redis:7\n"));
    /// ```
    pub fn service(mut self, name: impl Into<String>, c: impl Into<Container>) -> Self {
        let c = c.into();
        match &mut self.services {
            Some(LitOrExpr::Lit(m)) => {
                m.insert(name.into(), c);
            }
            _ => {
                let mut m = IndexMap::new();
                m.insert(name.into(), c);
                self.services = Some(LitOrExpr::Lit(m));
            }
        }
        self
    }

    /// Sets `services:` to one expression that yields them all
    /// (`services: ${{ fromJSON(vars.SERVICES) }}`), or to an empty mapping.
    ///
    /// ```
    /// # use ci_model::{ex, Job};
    /// let job = Job::new("ubuntu-latest").services_all(ex::from_json(ex::vars("SERVICES")));
    /// assert!(job.services.unwrap().literal().is_none());
    /// ```
    pub fn services_all(mut self, services: impl Into<LitOrExpr<IndexMap<String, Container>>>) -> Self {
        self.services = Some(services.into());
        self
    }

    /// Sets `env:` to one expression that yields the whole mapping, or to
    /// an empty mapping (see [`Step::env_all`](crate::Step::env_all)).
    pub fn env_all(mut self, env: impl Into<LitOrExpr<Env>>) -> Self {
        self.env = Some(env.into());
        self
    }

    /// Writes `services: {}`.
    pub fn empty_services(mut self) -> Self {
        self.services = Some(LitOrExpr::Lit(IndexMap::new()));
        self
    }

    /// Writes `outputs: {}`.
    pub fn empty_outputs(mut self) -> Self {
        self.outputs = Some(IndexMap::new());
        self
    }

    /// Adds an output.
    ///
    /// ```
    /// # use ci_model::{Job, StepRef};
    /// let version = StepRef::new("version");
    /// let job = Job::new("ubuntu-latest").output("version", version.output("value"));
    /// assert_eq!(job.outputs.unwrap()["version"], "${{ steps.version.outputs.value }}");
    /// ```
    pub fn output(mut self, name: impl Into<String>, value: impl Into<Scalar>) -> Self {
        self.outputs.get_or_insert_with(IndexMap::new).insert(name.into(), value.into());
        self
    }

    /// Adds an `env:` variable.
    ///
    /// ```
    /// # use ci_model::{Job, Scalar};
    /// let job = Job::new("ubuntu-latest").env("NODE_ENV", "test").env("CI_SHARDS", 4);
    /// let env = job.env.unwrap();
    /// assert_eq!(env.literal().unwrap()["CI_SHARDS"], Scalar::from(4));
    /// ```
    pub fn env(mut self, key: impl Into<String>, value: impl Into<Scalar>) -> Self {
        env_insert(&mut self.env, key.into(), value.into());
        self
    }

    /// Appends a step.
    pub fn step(mut self, step: Step) -> Self {
        self.steps.get_or_insert_with(Vec::new).push(step);
        self
    }

    /// Appends steps.
    pub fn steps(mut self, steps: impl IntoIterator<Item = Step>) -> Self {
        self.steps.get_or_insert_with(Vec::new).extend(steps);
        self
    }
}

/// `secrets:` of a reusable-workflow call.
///
/// ```
/// use ci_model::{CallJob, CallSecrets, Workflow};
///
/// let mut named = CallSecrets::Map(Default::default());
/// if let CallSecrets::Map(m) = &mut named {
///     m.insert("token".to_owned(), "${{ secrets.DEPLOY_TOKEN }}".into());
/// }
/// let job = CallJob { secrets: Some(named), ..CallJob::new("./.github/workflows/deploy.yml") };
/// let yaml = Workflow::new("CD").on_push().job("deploy", job).to_yaml();
/// assert!(yaml.contains("    secrets:\n      token: ${{ secrets.DEPLOY_TOKEN }}\n"));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub enum CallSecrets {
    /// `secrets: inherit`: pass all of the caller's secrets.
    Inherit,
    /// Named secrets.
    Map(IndexMap<String, Scalar>),
}

record! {
    /// A job that calls a reusable workflow.
    ///
    /// ```
    /// use ci_model::{CallJob, CallSecrets};
    ///
    /// let j = CallJob::new("./.github/workflows/release.yml").with("dry-run", true).secrets_inherit();
    /// assert_eq!(j.secrets, Some(CallSecrets::Inherit));
    /// ```
    #[derive(Clone, Debug, PartialEq)]
    pub struct CallJob: "a job (a mapping)" as call_job_fields {
        /// `name:`.
        pub name: Option<Scalar> = "name" { set(Scalar) },
        /// `needs:`.
        pub needs: Option<OneOrMany<String>> = "needs" { push(String), one(needs_one: String), empty(needs_none) },
        /// `if:`.
        pub r#if: Option<Scalar> = "if" { when },
        /// `permissions:`.
        pub permissions: Option<Permissions> = "permissions" { set(Permissions) },
        /// `concurrency:`.
        pub concurrency: Option<Concurrency> = "concurrency" { set(Concurrency) },
        /// `strategy:`.
        pub strategy: Option<LitOrExpr<Strategy>> = "strategy" { set(LitOrExpr<Strategy>) },
        /// `cache-mode:`.
        pub cache_mode: Option<Scalar> = "cache-mode" { set(Scalar) },
        /// `uses:`: the workflow (`owner/repo/.github/workflows/x.yml@ref` or `./...`).
        pub uses: Uses = "uses" [required],
        /// `with:`: the workflow's inputs.
        pub with: Option<IndexMap<String, Scalar>> = "with",
        /// `secrets:`.
        pub secrets: Option<CallSecrets> = "secrets",
    }
    also {
        /// A comment written above the job.
        pub comment: Option<String> { comment },
        /// Lints allowed on this job, each with its reason (written as a comment).
        pub allow: Vec<crate::allow::Allow> { allow },
    }
}

impl CallJob {
    /// A call of `workflow`.
    ///
    /// ```
    /// # use ci_model::{CallJob, Uses};
    /// let job = CallJob::new(Uses::local(".github/workflows/build.yml"));
    /// assert_eq!(job.uses.as_str(), "./.github/workflows/build.yml");
    /// assert!(job.with.is_none() && job.secrets.is_none());
    /// ```
    pub fn new(workflow: impl Into<Uses>) -> Self {
        CallJob {
            comment: None,
            name: None,
            needs: None,
            r#if: None,
            permissions: None,
            concurrency: None,
            strategy: None,
            cache_mode: None,
            uses: workflow.into(),
            with: None,
            secrets: None,
            allow: Vec::new(),
            extra: Extra::new(),
        }
    }

    /// Writes `with: {}`.
    pub fn empty_with(mut self) -> Self {
        self.with = Some(IndexMap::new());
        self
    }

    /// Adds an input.
    pub fn with(mut self, key: impl Into<String>, value: impl Into<Scalar>) -> Self {
        self.with.get_or_insert_with(IndexMap::new).insert(key.into(), value.into());
        self
    }

    /// `secrets: inherit`.
    pub fn secrets_inherit(mut self) -> Self {
        self.secrets = Some(CallSecrets::Inherit);
        self
    }

    /// Writes `secrets: {}`.
    pub fn empty_secrets(mut self) -> Self {
        self.secrets = Some(CallSecrets::Map(IndexMap::new()));
        self
    }

    /// Passes one secret (`secrets: { name: value }`), replacing
    /// `secrets: inherit` if it was set.
    ///
    /// ```
    /// # use ci_model::{CallJob, ex, Workflow};
    /// let job = CallJob::new("./.github/workflows/deploy.yml").secret("token", ex::secrets("DEPLOY_TOKEN"));
    /// let yaml = Workflow::new("CD").on_push().job("deploy", job).to_yaml();
    /// assert!(yaml.contains("    secrets:\n      token: ${{ secrets.DEPLOY_TOKEN }}\n"));
    /// ```
    pub fn secret(mut self, name: impl Into<String>, value: impl Into<Scalar>) -> Self {
        match &mut self.secrets {
            Some(CallSecrets::Map(m)) => {
                m.insert(name.into(), value.into());
            }
            _ => self.secrets = Some(CallSecrets::Map([(name.into(), value.into())].into_iter().collect())),
        }
        self
    }
}
