//! A synthetic monorepo: `workflows` workflows of `jobs` jobs each, one per
//! service, built through the public API the way a generator would.
//!
//! Each workflow has push and pull-request triggers with branch and path
//! filters (`services/svc-NNNN/**`, shared libraries, `!**.md`), a manual
//! dispatch input, workflow-level permissions, concurrency and env. Its jobs
//! form a `needs` chain with a fan-in every tenth job; every fifth job is a
//! 3 x 3 matrix (with `include` and `exclude`); jobs declare outputs that
//! later jobs read through `needs.<job>.outputs`, steps read earlier steps'
//! outputs, and conditions use `github`, `needs`, `matrix` and `steps`. Every
//! action is SHA-pinned and every checkout drops its credentials, so the
//! model validates and lints clean: the benchmarks measure the work on a
//! correct model, not on building messages.
//!
//! Shared by `benches/monorepo.rs`, `benches/simulate.rs` and
//! `tests/scaling.rs` (through `#[path]`).

// Each includer uses a different part.
#![allow(dead_code)]

use ci_model::simulate::Event;
use ci_model::{
    Concurrency, Defaults, DispatchInput, Environment, Job, Level, Matrix, NormalJob, NullOr, Permissions,
    PullRequestFilter, PushFilter, Step, Strategy, Uses, Workflow, WorkflowDispatch,
};

/// The shape the issue asks for: 1,000 workflows of 50 jobs.
pub(crate) const WORKFLOWS: usize = 1_000;
/// Jobs per workflow.
pub(crate) const JOBS: usize = 50;

const CHECKOUT: (&str, &str, &str) = ("actions/checkout", "3d3c42e5aac5ba805825da76410c181273ba90b1", "v7.0.1");
const SETUP_PYTHON: (&str, &str, &str) = ("actions/setup-python", "a26af69be951a213d495a4c3e4e4022e16d87065", "v5.6.0");
const CACHE: (&str, &str, &str) = ("actions/cache", "5a3ec84eff668545956fd18022155c47e93e2684", "v4.2.3");
const UPLOAD: (&str, &str, &str) = ("actions/upload-artifact", "ea165f8d65b6e75b540449e92b4886f43607fa02", "v4.6.2");

fn pin((repo, sha, version): (&str, &str, &str)) -> Uses {
    Uses::pinned(repo, sha, version)
}

/// The service a workflow builds.
pub(crate) fn service(w: usize) -> String {
    format!("svc-{w:04}")
}

fn job_id(j: usize) -> String {
    match j {
        0 => "changes".to_owned(),
        j if j % 5 == 1 => format!("test-{j:02}"),
        j => format!("build-{j:02}"),
    }
}

fn checkout() -> Step {
    Step::uses(pin(CHECKOUT)).name("Check out").with("persist-credentials", false).with("fetch-depth", 1)
}

fn setup_python(version: &str) -> [Step; 2] {
    [
        Step::uses(pin(SETUP_PYTHON)).name("Set up Python").with("python-version", version),
        Step::uses(pin(CACHE))
            .name("Cache pip")
            .with("path", "~/.cache/pip")
            .with("key", "${{ runner.os }}-pip-${{ hashFiles('**/requirements*.txt') }}")
            .with("restore-keys", "${{ runner.os }}-pip-"),
    ]
}

/// The first job: decides whether the service changed.
fn changes(svc: &str) -> NormalJob {
    Job::new("ubuntu-latest")
        .name("Detect changes")
        .timeout_minutes(5)
        .permissions(Permissions::none().with("contents", Level::Read))
        .output("code", "${{ steps.filter.outputs.code }}")
        .output("version", "${{ steps.version.outputs.version }}")
        .step(checkout())
        .step(
            Step::run(format!(
                "if git diff --name-only \"$BASE\" HEAD | grep -q '^services/{svc}/'; then\n  \
                 echo \"code=true\" >> \"$GITHUB_OUTPUT\"\nelse\n  echo \"code=false\" >> \"$GITHUB_OUTPUT\"\nfi\n"
            ))
            .name("Filter paths")
            .id("filter")
            .env("BASE", "${{ github.event.before || github.event.pull_request.base.sha }}"),
        )
        .step(
            Step::run("echo \"version=$(cat VERSION)-${SHA::7}\" >> \"$GITHUB_OUTPUT\"\n")
                .name("Read the version")
                .id("version")
                .env("SHA", "${{ github.sha }}"),
        )
}

/// A 3 x 3 test matrix with an `include` and an `exclude`.
fn test(svc: &str, j: usize, prev: &str) -> NormalJob {
    let matrix = Matrix::new()
        .axis("os", ["ubuntu-latest", "macos-latest", "windows-latest"])
        .axis("python", ["3.11", "3.12", "3.13"])
        .include([("os", "ubuntu-latest"), ("python", "3.13"), ("coverage", "true")])
        .exclude([("os", "windows-latest"), ("python", "3.11")]);
    let job = Job::new("${{ matrix.os }}").needs("changes");
    let job = if prev == "changes" { job } else { job.needs(prev) };
    job.name(format!("Test {svc} ({j}) on ${{{{ matrix.os }}}} / ${{{{ matrix.python }}}}"))
        .when("needs.changes.outputs.code == 'true'")
        .timeout_minutes(30)
        .permissions(Permissions::none().with("contents", Level::Read))
        .strategy(Strategy::matrix(matrix).fail_fast(false))
        .output("digest", "${{ steps.pytest.outputs.digest }}")
        .env("PYTHONUNBUFFERED", "1")
        .step(checkout())
        .steps(setup_python("${{ matrix.python }}"))
        .step(
            Step::run(format!(
                "python -m pip install -r services/{svc}/requirements-dev.txt\n\
                 python -m pytest services/{svc}/tests -q --junitxml=report-{j}.xml\n\
                 echo \"digest=$(sha256sum report-{j}.xml | cut -c1-64)\" >> \"$GITHUB_OUTPUT\"\n"
            ))
            .name("Run the tests")
            .id("pytest"),
        )
        .step(
            Step::uses(pin(UPLOAD))
                .name("Upload the report")
                .when("always() && matrix.coverage == 'true'")
                .with("name", format!("report-{svc}-{j}-${{{{ matrix.os }}}}-${{{{ matrix.python }}}}"))
                .with("path", format!("report-{j}.xml")),
        )
}

/// A build step in the chain; every tenth job waits for three earlier ones.
fn build(svc: &str, j: usize, needs: &[String]) -> NormalJob {
    let prev = needs.last().map(String::as_str).unwrap_or("changes");
    let mut job = Job::new("ubuntu-latest")
        .name(format!("Build {svc} stage {j}"))
        .needs("changes")
        .when(format!("needs.changes.outputs.code == 'true' && !cancelled() && needs.{prev}.result == 'success'"))
        .timeout_minutes(20)
        .permissions(Permissions::none().with("contents", Level::Read))
        .output("digest", "${{ steps.build.outputs.digest }}")
        .env("VERSION", "${{ needs.changes.outputs.version }}")
        .env("STAGE", j.to_string());
    for n in needs {
        job = job.needs(n.as_str());
    }
    job.step(checkout())
        .steps(setup_python("3.12"))
        .step(
            Step::run(format!(
                "python -m build services/{svc} --outdir dist/{j}\n\
                 echo \"digest=$(sha256sum dist/{j}/* | cut -c1-64 | head -1)\" >> \"$GITHUB_OUTPUT\"\n"
            ))
            .name("Build")
            .id("build")
            .env("PREVIOUS", format!("${{{{ needs.{prev}.outputs.digest || 'none' }}}}")),
        )
        .step(
            Step::run("test -n \"$DIGEST\" && echo \"built $DIGEST\"\n")
                .name("Check the digest")
                .when("steps.build.outcome == 'success'")
                .env("DIGEST", "${{ steps.build.outputs.digest }}"),
        )
        .step(
            Step::uses(pin(UPLOAD))
                .name("Upload the package")
                .with("name", format!("{svc}-{j}-${{{{ github.sha }}}}"))
                .with("path", format!("dist/{j}/")),
        )
}

/// The last job: deploys from `main` only.
fn deploy(svc: &str, prev: &str) -> NormalJob {
    Job::new("ubuntu-latest")
        .name(format!("Deploy {svc}"))
        .needs("changes")
        .needs(prev)
        .when("github.ref == 'refs/heads/main' && github.event_name == 'push'")
        .timeout_minutes(15)
        .environment(Environment::named("staging"))
        .concurrency(Concurrency::group(format!("deploy-{svc}")).cancel_in_progress(false))
        .permissions(Permissions::none().with("contents", Level::Read).with("id-token", Level::Write))
        .step(checkout())
        .step(
            Step::run(format!("./deploy.sh {svc} \"$VERSION\" \"$DIGEST\"\n"))
                .name("Deploy")
                .env("VERSION", "${{ needs.changes.outputs.version }}")
                .env("DIGEST", format!("${{{{ needs.{prev}.outputs.digest }}}}"))
                .env("TOKEN", "${{ github.token }}"),
        )
}

/// Workflow number `w` with `jobs` jobs (at least 3).
pub(crate) fn workflow(w: usize, jobs: usize) -> Workflow {
    let svc = service(w);
    let paths = [format!("services/{svc}/**"), "libs/common/**".to_owned(), "!**.md".to_owned()];
    let mut wf = Workflow::new(format!("Service {svc}"))
        .triggers(|t| {
            t.push = Some(NullOr::Value(PushFilter::new().branches(["main", "release/**"]).paths(paths.clone())));
            t.pull_request = Some(NullOr::Value(PullRequestFilter::new().branches(["main"]).paths(paths.clone())));
            t.workflow_dispatch = Some(NullOr::Value(
                WorkflowDispatch::new().input("debug", DispatchInput::boolean().description("Verbose logs")),
            ));
        })
        .permissions(Permissions::none())
        .concurrency(
            Concurrency::group("${{ github.workflow }}-${{ github.ref }}")
                .cancel_in_progress(ci_model::Expr::new("github.event_name == 'pull_request'")),
        )
        .defaults(Defaults::run_shell("bash"))
        .env("SERVICE", svc.as_str())
        .env("DEBUG", "${{ inputs.debug || false }}")
        .job("changes", changes(&svc));
    for j in 1..jobs - 1 {
        let prev = job_id(j - 1);
        let job = if j % 5 == 1 {
            test(&svc, j, &prev)
        } else {
            let needs: Vec<String> = if j % 10 == 0 { (1..=3).map(|k| job_id(j - k)).collect() } else { vec![prev] };
            build(&svc, j, &needs)
        };
        wf = wf.job(job_id(j), job);
    }
    wf.job("deploy", deploy(&svc, &job_id(jobs - 2)))
}

/// `workflows` workflows of `jobs` jobs, as file name and model.
pub(crate) fn monorepo(workflows: usize, jobs: usize) -> Vec<(String, Workflow)> {
    (0..workflows).map(|w| (format!("{}.yml", service(w)), workflow(w, jobs))).collect()
}

/// A push to `main` changing `files` paths: documentation first (ignored by
/// every workflow's `!**.md`), then sources spread over the services, so most
/// workflows look through the first 300 files (GitHub's limit) and find
/// nothing.
pub(crate) fn push_event(files: usize, workflows: usize) -> Event {
    let changed = (0..files).map(|i| {
        if i % 4 == 0 {
            format!("docs/guide/part-{i:04}.md")
        } else {
            format!("services/{}/src/module_{i:04}.py", service((i * 7) % workflows.max(1)))
        }
    });
    Event::push("main").changed(changed.collect::<Vec<_>>())
}
