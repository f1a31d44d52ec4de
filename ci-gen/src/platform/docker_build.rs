//! `docker-build.yml`, the container image builds.
//!
//! The guide: when application code, dependencies or a Dockerfile change,
//! build all three services' images in parallel (a matrix over the service
//! list), pruning old images first so the runner does not run out of disk.
//! Tag each image `sha-<short commit>` always, `<branch>` on branch pushes,
//! `pr-<number>` on pull requests and `latest` only on the default branches.
//! Pull requests only build; every other event pushes to GHCR. Buildx layers
//! are cached in the GitHub Actions cache (`type=gha`, `mode=max`).

use ci_model::{
    Expr, Level, Matrix, NormalJob, NullOr, Permissions, PullRequestFilter, PushFilter, Step, Strategy, Workflow,
};

use super::facts::{REGISTRY, SERVICES, docker_paths, on_default_branch};
use super::pins;
use super::steps::{bash, cancel_superseded_pr_runs, checkout};

/// The file this module generates.
pub const FILE: &str = "docker-build.yml";

/// The matrix job.
pub const JOB: &str = "build";

/// The matrix axis every service is one value of.
pub const MATRIX_AXIS: &str = "service";

/// The condition under which images are pushed (and the registry logged in to).
pub fn outside_pull_requests() -> Expr {
    Expr::new("github.event_name != 'pull_request'")
}

/// The workflow.
pub fn workflow() -> Workflow {
    let paths = docker_paths();
    Workflow::new("Docker Build")
        .triggers(|t| {
            t.push = Some(NullOr::Value(PushFilter::new().paths(paths.iter())));
            t.pull_request = Some(NullOr::Value(PullRequestFilter::new().paths(paths.iter())));
        })
        .permissions(Permissions::none())
        .concurrency(cancel_superseded_pr_runs())
        .defaults(bash())
        .job(JOB, build())
}

/// The tag rules for docker/metadata-action, one per line.
pub fn tag_rules() -> String {
    format!(
        "type=sha,prefix=sha-,format=short\n\
         type=ref,event=branch\n\
         type=ref,event=pr,prefix=pr-\n\
         type=raw,value=latest,enable=${{{{ {} }}}}\n",
        on_default_branch()
    )
}

/// One job per service. The guide's cold build takes 8 to 12 minutes; 30 is
/// the cap. Writing packages is what this workflow (alone) needs.
fn build() -> NormalJob {
    let service = "${{ matrix.service.name }}";
    NormalJob::new("ubuntu-latest")
        .name(format!("Build {service}"))
        .timeout_minutes(30)
        .permissions(Permissions::none().with("contents", Level::Read).with("packages", Level::Write))
        .strategy(
            Strategy::matrix(Matrix::new().axis(MATRIX_AXIS, SERVICES.iter().map(|s| s.matrix_entry())))
                .fail_fast(true),
        )
        .step(
            Step::run("docker image prune --all --force\ndocker builder prune --all --force\ndf -h /\n")
                .name("Prune Docker images to free disk space"),
        )
        .step(checkout())
        .step(Step::uses(pins::SETUP_BUILDX.uses()).name("Set up Docker Buildx"))
        .step(
            Step::uses(pins::DOCKER_LOGIN.uses())
                .name(format!("Log in to {REGISTRY}"))
                .when(outside_pull_requests().body())
                .with("registry", REGISTRY)
                .with("username", "${{ github.actor }}")
                .with("password", "${{ secrets.GITHUB_TOKEN }}"),
        )
        .step(
            Step::uses(pins::DOCKER_METADATA.uses())
                .name("Compute image tags")
                .id("meta")
                .with("images", format!("{REGISTRY}/${{{{ github.repository }}}}/{service}"))
                .with("flavor", "latest=false")
                .with("tags", tag_rules()),
        )
        .step(
            Step::uses(pins::DOCKER_BUILD_PUSH.uses())
                .name(format!("Build and push {service}"))
                .with("context", ".")
                .with("file", "apps/${{ matrix.service.name }}/Dockerfile")
                .with("build-args", "SERVICE_PORT=${{ matrix.service.port }}")
                .with("push", outside_pull_requests().as_str())
                .with("tags", "${{ steps.meta.outputs.tags }}")
                .with("labels", "${{ steps.meta.outputs.labels }}")
                .with("cache-from", format!("type=gha,scope={service}"))
                .with("cache-to", format!("type=gha,mode=max,scope={service}")),
        )
}
