//! `docker-build.yml`, the container image builds.
//!
//! The guide: when application code, dependencies or a Dockerfile change,
//! build all three services' images in parallel (a matrix over the service
//! list), pruning old images first so the runner does not run out of disk.
//! Tag each image `sha-<short commit>` always, `<branch>` on branch pushes,
//! `pr-<number>` on pull requests and `latest` only on the default branches.
//! Pull requests only build; every other event pushes to GHCR. Buildx layers
//! are cached in the GitHub Actions cache (`type=gha`, `mode=max`).

use ci_model::actions::{BuildPush, DockerMetadata, SetupBuildx};
use ci_model::ex::{github, matrix};
use ci_model::{
    Expr, Level, Matrix, NormalJob, Permissions, PullRequestFilter, PushFilter, Step, StepRef, Strategy, Workflow,
};

use super::facts::{REGISTRY, SERVICES, docker_paths, on_default_branch};
use super::steps::{bash, cancel_superseded_pr_runs, checkout, registry_login};

/// The file this module generates.
pub const FILE: &str = "docker-build.yml";

/// The matrix job.
pub const JOB: &str = "build";

/// The matrix axis every service is one value of.
pub const MATRIX_AXIS: &str = "service";

/// The condition under which images are pushed (and the registry logged in to).
pub fn outside_pull_requests() -> Expr {
    github().event_name().ne("pull_request")
}

/// `matrix.service.<field>`: a field of the service this job builds.
fn service(field: &str) -> String {
    matrix(MATRIX_AXIS).field(field).to_string()
}

/// The metadata step, whose outputs are the image's tags and labels.
pub fn meta() -> StepRef {
    StepRef::new("meta")
}

/// The workflow.
pub fn workflow() -> Workflow {
    let paths = docker_paths();
    Workflow::new("Docker Build")
        .on_push_with(PushFilter::new().paths(paths.iter()))
        .on_pull_request_with(PullRequestFilter::new().paths(paths.iter()))
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
         type=raw,value=latest,enable={}\n",
        on_default_branch()
    )
}

/// One job per service. The guide's cold build takes 8 to 12 minutes; 30 is
/// the cap. Writing packages is what this workflow (alone) needs.
fn build() -> NormalJob {
    let name = service("name");
    NormalJob::new("ubuntu-latest")
        .name(format!("Build {name}"))
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
        .step(SetupBuildx::new().step().name("Set up Docker Buildx"))
        .step(registry_login().when(outside_pull_requests()))
        .step(
            DockerMetadata::new()
                .images(format!("{REGISTRY}/{}/{name}", github().repository()))
                .flavor("latest=false")
                .tags(tag_rules())
                .step()
                .name("Compute image tags")
                .id(meta().id()),
        )
        .step(
            BuildPush::new()
                .context(".")
                .file(format!("apps/{name}/Dockerfile"))
                .build_args(format!("SERVICE_PORT={}", service("port")))
                .push(outside_pull_requests())
                .tags(meta().output("tags"))
                .labels(meta().output("labels"))
                .cache_from(format!("type=gha,scope={name}"))
                .cache_to(format!("type=gha,mode=max,scope={name}"))
                .step()
                .name(format!("Build and push {name}")),
        )
}
