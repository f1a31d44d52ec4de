//! `ci-tests-coverage.yml`, the main test suite.
//!
//! The guide: on every push and pull request to the default branches, run the
//! unit and component tests on Python 3.11 with Poetry, validate with mypy and
//! ruff, enforce 50% coverage, upload it to Codecov and comment it on the pull
//! request (unless the pull request changes more than 15,000 lines). Then,
//! only if those pass, run the integration tests against Postgres and Redis,
//! waiting for both through the `wait-for-services` action, and clean up
//! Docker whatever happened.

use ci_model::actions::{Codecov, PytestCoverageComment};
use ci_model::ex::{always, github, secrets};
use ci_model::{Container, Level, NormalJob, Permissions, PullRequestFilter, PushFilter, Step, StepRef, Workflow};

use super::facts::{
    COVERAGE_COMMENT_MAX_CHANGED_LINES, COVERAGE_FAIL_UNDER, DEFAULT_BRANCHES, MARKER_INTEGRATION, SOURCE_ROOTS,
    unit_test_markers,
};
use super::steps::{bash, cache_keyed_by, cancel_superseded_pr_runs, checkout, python_with_poetry, upload_always};
use super::wait_for_services;

/// The file this module generates.
pub const FILE: &str = "ci-tests-coverage.yml";

/// The workflow's name. The README's status badge URL is built from it, so it
/// must stay exactly this.
pub const NAME: &str = "CI Tests and Coverage";

/// The first job: static checks, unit tests and coverage.
pub const UNIT_JOB: &str = "test-and-coverage";

/// The second job: integration tests against real infrastructure.
pub const INTEGRATION_JOB: &str = "integration-tests";

/// The JUnit report of the unit tests (part of the `pytest-results` artifact).
const JUNIT_XML: &str = "pytest-results.xml";
/// pytest's terminal coverage table, which the PR comment is built from.
const COVERAGE_TXT: &str = "pytest-coverage.txt";
/// The coverage XML uploaded to Codecov.
const COVERAGE_XML: &str = "coverage.xml";
/// The HTML coverage report (the `coverage-report` artifact).
const COVERAGE_HTML: &str = "htmlcov";

/// The Postgres image. The integration tests expect the guide's `trader` user
/// and `trading_db` database; the password only guards a throwaway container.
const POSTGRES_IMAGE: &str = "postgres:16";
/// The Redis image.
const REDIS_IMAGE: &str = "redis:7";
/// How long Postgres and Redis get to accept connections (the guide measures
/// one to two minutes of waiting for them).
const INFRASTRUCTURE_WAIT_SECONDS: u32 = 120;

/// The workflow.
pub fn workflow() -> Workflow {
    Workflow::new(NAME)
        .on_push_with(PushFilter::new().branches(DEFAULT_BRANCHES))
        .on_pull_request_with(PullRequestFilter::new().branches(DEFAULT_BRANCHES))
        .permissions(Permissions::none())
        .concurrency(cancel_superseded_pr_runs())
        .defaults(bash())
        .job(UNIT_JOB, test_and_coverage())
        .job(INTEGRATION_JOB, integration_tests())
}

/// `--cov=libs --cov=apps --cov=strategies`: coverage of every source root.
fn cov_args() -> String {
    SOURCE_ROOTS.iter().map(|root| format!("--cov={}", root.trim_end_matches('/'))).collect::<Vec<_>>().join(" ")
}

/// The unit-test command: unit and component tests only, a fresh pytest cache,
/// coverage of the source roots with the fail-under threshold, and the reports
/// the later steps need. `tee` keeps the log readable; pipefail (bash) keeps
/// the failure.
pub fn unit_test_command() -> String {
    format!(
        "poetry run pytest -m \"{markers}\" --cache-clear \\\n  {cov} \\\n  --cov-fail-under={COVERAGE_FAIL_UNDER} \\\n  \
         --cov-report=term-missing:skip-covered \\\n  --cov-report=xml:{COVERAGE_XML} \\\n  \
         --cov-report=html:{COVERAGE_HTML} \\\n  --junitxml={JUNIT_XML} | tee {COVERAGE_TXT}\n",
        markers = unit_test_markers(),
        cov = cov_args(),
    )
}

/// Unit tests, type checks, lint and coverage: about 15 to 20 minutes in the
/// guide, so 30 is the cap.
fn test_and_coverage() -> NormalJob {
    let roots = SOURCE_ROOTS.join(" ");
    NormalJob::new("ubuntu-latest")
        .name("Unit tests and coverage")
        .timeout_minutes(30)
        // The coverage comment is the only write this workflow does.
        .permissions(Permissions::none().with("contents", Level::Read).with("pull-requests", Level::Write))
        .step(checkout())
        .steps(python_with_poetry())
        .step(cache_keyed_by(".mypy_cache", "mypy", "**/*.py").name("Cache mypy"))
        .step(Step::run(format!("poetry run mypy --strict {roots}")).name("Type-check with mypy"))
        .step(Step::run(format!("poetry run ruff check {roots}")).name("Lint with ruff"))
        .step(Step::run(unit_test_command()).name("Run unit and component tests with coverage"))
        .step(
            Codecov::new()
                .files(COVERAGE_XML)
                .token(secrets("CODECOV_TOKEN"))
                .fail_ci_if_error(false)
                .step()
                .name("Upload coverage to Codecov"),
        )
        .step(pr_size_check())
        .step(
            PytestCoverageComment::new()
                .pytest_coverage_path(COVERAGE_TXT)
                .junitxml_path(JUNIT_XML)
                .step()
                .name("Comment coverage on the pull request")
                .when(pr_size().output("comment").eq("true")),
        )
        .step(upload_always("pytest-results", &format!("{JUNIT_XML}\n{COVERAGE_TXT}\n")))
        .step(upload_always("coverage-report", &format!("{COVERAGE_HTML}/")))
}

/// The step that measures the pull request.
pub fn pr_size() -> StepRef {
    StepRef::new("pr-size")
}

/// Decides whether the coverage comment is posted: only on pull requests from
/// this repository (a fork's token cannot comment) that change at most
/// 15,000 lines, where the comment would be too large to be useful.
pub fn pr_size_check() -> Step {
    let pull_request = || github().event().field("pull_request");
    Step::run(format!(
        "changed=$((ADDITIONS + DELETIONS))\n\
         if [ \"$changed\" -gt {COVERAGE_COMMENT_MAX_CHANGED_LINES} ]; then\n  \
           echo \"::notice::This pull request changes $changed lines (over {COVERAGE_COMMENT_MAX_CHANGED_LINES}); skipping the coverage comment\"\n  \
           echo \"comment=false\" >> \"$GITHUB_OUTPUT\"\n\
         else\n  \
           echo \"comment=true\" >> \"$GITHUB_OUTPUT\"\n\
         fi\n"
    ))
    .name("Measure the pull request")
    .id(pr_size().id())
    .when(
        github()
            .event_name()
            .eq("pull_request")
            .and(pull_request().field("head").field("repo").field("full_name").eq(github().repository())),
    )
    .env("ADDITIONS", pull_request().field("additions"))
    .env("DELETIONS", pull_request().field("deletions"))
}

/// Integration tests need the unit tests to pass first (no wasted runs). The
/// guide's 5 to 7 minutes plus set-up fit in 20.
fn integration_tests() -> NormalJob {
    NormalJob::new("ubuntu-latest")
        .name("Integration tests")
        .needs(UNIT_JOB)
        .timeout_minutes(20)
        .permissions(Permissions::none().with("contents", Level::Read))
        .service(
            "postgres",
            Container::image(POSTGRES_IMAGE)
                .env("POSTGRES_USER", "trader")
                .env("POSTGRES_PASSWORD", "trader")
                .env("POSTGRES_DB", "trading_db")
                .port("5432:5432")
                .options(
                    "--health-cmd \"pg_isready -U trader -d trading_db\" --health-interval 5s \
                     --health-timeout 5s --health-retries 10",
                ),
        )
        .service(
            "redis",
            Container::image(REDIS_IMAGE).port("6379:6379").options(
                "--health-cmd \"redis-cli ping\" --health-interval 5s --health-timeout 5s --health-retries 10",
            ),
        )
        .env("DATABASE_URL", "postgresql://trader:trader@localhost:5432/trading_db")
        .env("REDIS_URL", "redis://localhost:6379/0")
        .step(checkout())
        .steps(python_with_poetry())
        .step(
            Step::uses(wait_for_services::uses())
                .name("Wait for Postgres and Redis")
                .with("tcp", "localhost:5432 localhost:6379")
                .with("timeout-seconds", INFRASTRUCTURE_WAIT_SECONDS),
        )
        .step(
            Step::run(format!("poetry run pytest -m {MARKER_INTEGRATION} --cache-clear")).name("Run integration tests"),
        )
        .step(
            Step::run("docker ps --all\ndocker system prune --all --force --volumes\n")
                .name("Clean up Docker resources")
                .when(always()),
        )
}
