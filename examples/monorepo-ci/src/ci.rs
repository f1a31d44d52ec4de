//! `.github/workflows/ci.yml`: tests on every push to `main` and every pull
//! request, only for the parts of the monorepo that changed.

use ci_gen::LocalAction;
use ci_model::actions::{Checkout, PathsFilter, SetupNode};
use ci_model::ex::{always, github, matrix};
use ci_model::{
    Artifact, Concurrency, Container, HealthCheck, Job, JobRef, Level, Matrix, NormalJob, Permissions, PushFilter,
    Step, StepRef, Strategy, Workflow,
};

use crate::facts::{
    API_DIR, BUILD_NODE, COVERAGE_ARTIFACT, COVERAGE_PYTHON, DATABASE_URL, EXPERIMENTAL_PYTHON, NODES, POSTGRES_IMAGE,
    PYTHONS, WEB_BUILD_ARTIFACT, WEB_DIR,
};

/// The file.
pub const FILE: &str = "ci.yml";

/// The step of `changes` that tells which parts changed.
const FILTER_STEP: &str = "filter";

/// The workflow.
pub fn workflow(setup: &LocalAction) -> Workflow {
    Workflow::new("CI")
        .on_push_with(PushFilter::new().branches(["main"]))
        .on_pull_request()
        .permissions(Permissions::none())
        .concurrency(
            Concurrency::group(format!("{}-{}", github().workflow(), github().ref_()))
                .cancel_in_progress(github().event_name().eq("pull_request")),
        )
        .job("changes", changes())
        .job("api", api(setup))
        .job("web", web())
        .job("coverage", coverage())
}

/// Checks out without keeping the token: nothing here pushes.
fn checkout() -> Step {
    Checkout::new().persist_credentials(false).step()
}

/// Which parts changed: `api` and `web` are `'true'` or `'false'`.
fn changes() -> NormalJob {
    let filters = format!("api:\n  - '{API_DIR}/**'\n  - '.github/actions/**'\nweb:\n  - '{WEB_DIR}/**'\n");
    let filter = StepRef::new(FILTER_STEP);
    Job::new("ubuntu-latest")
        .name("Which parts changed")
        .timeout_minutes(5)
        .permissions(Permissions::none().contents(Level::Read).pull_requests(Level::Read))
        .output("api", filter.output("api"))
        .output("web", filter.output("web"))
        .step(checkout())
        .step(PathsFilter::new(filters).step().id(FILTER_STEP))
}

/// Runs only when the `changes` job says `part` changed.
fn when_changed(part: &str) -> ci_model::Expr {
    JobRef::new("changes").output(part).eq("true")
}

/// The API's tests on each supported Python (and the next one, allowed to
/// fail) against Postgres; the coverage of one run is uploaded.
fn api(setup: &LocalAction) -> NormalJob {
    let postgres = Container::image(POSTGRES_IMAGE)
        .env("POSTGRES_PASSWORD", "postgres")
        .env("POSTGRES_DB", "api")
        .port("5432:5432")
        .health_check(
            HealthCheck::cmd("pg_isready")
                .interval(std::time::Duration::from_secs(10))
                .timeout(std::time::Duration::from_secs(5))
                .retries(5),
        );
    let matrix_of = Matrix::new()
        .axis("python", PYTHONS)
        .axis("experimental", [false])
        .include_row((("python", EXPERIMENTAL_PYTHON), ("experimental", true)));
    Job::new("ubuntu-latest")
        .name(format!("API (Python {})", matrix("python")))
        .needs("changes")
        .when(when_changed("api"))
        .timeout_minutes(20)
        .permissions(Permissions::none().contents(Level::Read))
        .strategy(Strategy::matrix(matrix_of).fail_fast(false))
        .continue_on_error(matrix("experimental"))
        .service("postgres", postgres)
        .step(checkout())
        .step(setup.step().id("setup").with("python-version", matrix("python")))
        .step(
            Step::run("python -m pytest --cov --cov-report=xml\n")
                .name("Test")
                .working_directory(API_DIR)
                .env("DATABASE_URL", DATABASE_URL)
                .env("PYTHON", setup.output("setup", "python-path")),
        )
        .step(
            Artifact::new(COVERAGE_ARTIFACT)
                .upload(format!("{API_DIR}/coverage.xml"))
                .retention_days(7)
                .step()
                .name("Upload the coverage")
                .when(matrix("python").eq(COVERAGE_PYTHON)),
        )
}

/// The web app's lint, tests and build on each supported Node.js; the build
/// of one is uploaded.
fn web() -> NormalJob {
    Job::new("ubuntu-latest")
        .name(format!("Web (Node.js {})", matrix("node")))
        .needs("changes")
        .when(when_changed("web"))
        .timeout_minutes(15)
        .permissions(Permissions::none().contents(Level::Read))
        .strategy(Strategy::matrix(Matrix::new().axis("node", NODES)))
        .step(checkout())
        .step(
            SetupNode::new()
                .node_version(matrix("node"))
                .cache("npm")
                .cache_dependency_path(format!("{WEB_DIR}/package-lock.json"))
                .step(),
        )
        .step(
            Step::run("npm ci\nnpm run lint\nnpm test\nnpm run build\n")
                .name("Lint, test, build")
                .working_directory(WEB_DIR),
        )
        .step(
            Artifact::new(WEB_BUILD_ARTIFACT)
                .upload(format!("{WEB_DIR}/dist/"))
                .step()
                .name("Upload the build")
                .when(matrix("node").eq(BUILD_NODE)),
        )
}

/// The API's coverage, reported once its tests ran (also when one failed).
fn coverage() -> NormalJob {
    Job::new("ubuntu-latest")
        .name("Coverage report")
        .needs("api")
        .when(always().and(JobRef::new("api").result().ne("skipped")))
        .timeout_minutes(5)
        .permissions(Permissions::none())
        .step(Artifact::new(COVERAGE_ARTIFACT).download().step())
        .step(Step::run("python -m coverage report --data-file coverage.xml || cat coverage.xml\n").name("Report"))
}
