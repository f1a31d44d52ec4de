//! `.github/workflows/release.yml`: on a version tag, the image's tag is
//! worked out once, and [`deploy`](crate::deploy) is called for staging, then
//! for production, each with its own token.

use ci_gen::ReusableWorkflow;
use ci_model::ex::{github, secrets};
use ci_model::{Job, JobRef, Level, NormalJob, Permissions, PushFilter, Step, StepRef, Workflow};

use crate::facts::ENVIRONMENTS;

/// The file.
pub const FILE: &str = "release.yml";

/// The step of `version` that writes the tag.
const TAG_STEP: &str = "tag";

/// The workflow.
pub fn workflow(deploy: &ReusableWorkflow) -> Workflow {
    let [staging, production] = ENVIRONMENTS;
    let image_tag = JobRef::new("version").output("image-tag");
    let call = |environment: &str, secret: &str| {
        deploy
            .call()
            .name(format!("Deploy to {environment}"))
            .permissions(Permissions::none().contents(Level::Read))
            .with("environment", environment)
            .with("image-tag", image_tag.clone())
            .secret("deploy-token", secrets(secret))
    };
    Workflow::new("Release")
        .on_push_with(PushFilter::new().tags(["v*"]))
        .permissions(Permissions::none())
        .job("version", version())
        .job(staging, call(staging, "STAGING_DEPLOY_TOKEN").needs("version"))
        .job(production, call(production, "PRODUCTION_DEPLOY_TOKEN").needs("version").needs(staging))
        .job("announce", announce(deploy, production))
}

/// The image's tag: the version tag without its `v`.
fn version() -> NormalJob {
    Job::new("ubuntu-latest")
        .name("Version")
        .timeout_minutes(5)
        .permissions(Permissions::none())
        .output("image-tag", StepRef::new(TAG_STEP).output("value"))
        .step(
            Step::run("echo \"value=${REF_NAME#v}\" >> \"$GITHUB_OUTPUT\"\n")
                .id(TAG_STEP)
                .name("Image tag")
                .env("REF_NAME", github().ref_name()),
        )
}

/// Says where production is, from the deploy workflow's output.
fn announce(deploy: &ReusableWorkflow, production: &str) -> NormalJob {
    Job::new("ubuntu-latest")
        .name("Announce")
        .needs(production)
        .timeout_minutes(5)
        .permissions(Permissions::none())
        .step(
            Step::run("echo \"Released: $URL\" >> \"$GITHUB_STEP_SUMMARY\"\n")
                .name("Summary")
                .env("URL", deploy.output(production, "url")),
        )
}
