//! `ci-review.yml`: what a pull request changes in CI, reviewed.
//!
//! Not one of the guide's seven: issue #14's review of CI changes. On a pull
//! request that touches the generator or `.github/`, the generated files must
//! be what the generator writes (`--check`), and `review` writes what the
//! change does to CI (triggers, permissions, pins, secrets, what runs) into
//! the job summary, for the reviewer. It runs on `pull_request` only (a fork's
//! pull request gets no secrets and a read-only token), and its token may
//! only read the repository.

use ci_model::actions::Checkout;
use ci_model::ex::github;
use ci_model::{Level, NormalJob, Permissions, PullRequestFilter, Step, Workflow};

use super::steps::{bash, cancel_superseded_pr_runs};

/// The file this module generates.
pub const FILE: &str = "ci-review.yml";

/// The job.
pub const JOB: &str = "review";

/// What the generated CI is made from: the generator, the model, the
/// workspace's manifests, and the generated files themselves.
pub const CI_SOURCES: [&str; 5] = ["ci-gen/**", "ci-model/**", "Cargo.toml", "Cargo.lock", ".github/**"];

/// The generator, as this workflow runs it.
const GENERATOR: &str = "cargo run --quiet --locked -p ci-gen --";

/// The workflow.
pub fn workflow() -> Workflow {
    Workflow::new("CI Review")
        .on_pull_request_with(PullRequestFilter::new().paths(CI_SOURCES))
        .permissions(Permissions::none())
        .concurrency(cancel_superseded_pr_runs())
        .defaults(bash())
        .job(JOB, review())
}

/// A cold build of the generator takes 2 to 4 minutes on a hosted runner; 20
/// is the cap.
fn review() -> NormalJob {
    NormalJob::new("ubuntu-latest")
        .name("Review CI changes")
        .timeout_minutes(20)
        .permissions(Permissions::none().with("contents", Level::Read))
        .step(
            // The whole history, so that the base branch and its merge base
            // with the pull request are there to compare with.
            Checkout::new().persist_credentials(false).fetch_depth(0).step().name("Check out the repository"),
        )
        .step(
            Step::run(format!(
                "{GENERATOR} review --base \"origin/$BASE_REF\" --format markdown >> \"$GITHUB_STEP_SUMMARY\"\n"
            ))
            .name("Review what the change does to CI")
            .env("BASE_REF", github().base_ref()),
        )
        .step(Step::run(format!("{GENERATOR} --check\n")).name("The generated files are what the generator writes"))
}
