//! `pr-auto-review-request.yml`, automated review requests.
//!
//! The guide: when a pull request is opened, reopened, marked ready or pushed
//! to, ask `@gemini-code-assist` for a review with the five-point checklist,
//! commenting as the user (through the `USER_PR_TOKEN` personal access token)
//! rather than as `github-actions[bot]`, whose comments the reviewer ignores.
//!
//! Drafts are skipped (not ready for review), and so are pull requests from
//! forks: they get no secrets, so there is no token to comment with.

use ci_model::ex::{github, secrets};
use ci_model::{Concurrency, Expr, NormalJob, Permissions, PullRequestFilter, Step, Workflow};

use super::steps::bash;

/// The file this module generates.
pub const FILE: &str = "pr-auto-review-request.yml";

/// The job.
pub const JOB: &str = "request-review";

/// The pull request activity that asks for a review.
pub const ACTIVITY: [&str; 4] = ["opened", "reopened", "ready_for_review", "synchronize"];

/// The secret holding the user's personal access token.
pub const TOKEN_SECRET: &str = "USER_PR_TOKEN";

/// The reviewer the comment mentions.
pub const REVIEWER: &str = "@gemini-code-assist";

/// The five things the reviewer is asked to check.
pub const CHECKS: [&str; 5] = [
    "Code quality issues",
    "Potential bugs or security vulnerabilities",
    "Test coverage gaps",
    "Documentation completeness",
    "Compliance with project standards",
];

/// The guide's review-request comment.
pub fn comment_body() -> String {
    let mut body = format!(
        "\u{1f916} **Automated Review Request**\n\n{REVIEWER} please review this pull request and check for:\n"
    );
    for check in CHECKS {
        body.push_str(&format!("- {check}\n"));
    }
    body
}

/// Runs only for ready pull requests from this repository.
pub fn condition() -> Expr {
    let pr = || github().event().field("pull_request");
    pr().field("draft").not().and(pr().field("head").field("repo").field("full_name").eq(github().repository()))
}

/// The workflow.
pub fn workflow() -> Workflow {
    Workflow::new("PR Auto Review Request")
        .on_pull_request_with(PullRequestFilter::new().types(ACTIVITY))
        .permissions(Permissions::none())
        .concurrency(
            Concurrency::group(format!(
                "{}-{}",
                github().workflow(),
                github().event().field("pull_request").field("number")
            ))
            .cancel_in_progress(true),
        )
        .defaults(bash())
        .job(JOB, request_review())
}

/// Under 30 seconds of work; two minutes is plenty. The comment goes out with
/// the user's token, so the job's own token needs no permissions at all.
fn request_review() -> NormalJob {
    NormalJob::new("ubuntu-latest")
        .name("Request AI code review")
        .when(condition())
        .timeout_minutes(2)
        .permissions(Permissions::none())
        .step(
            Step::run(format!(
                "if [ -z \"$GH_TOKEN\" ]; then\n  \
                   echo \"::error::The {TOKEN_SECRET} secret is not set; cannot request a review\"\n  \
                   exit 1\n\
                 fi\n\
                 gh pr comment \"$PR_NUMBER\" --repo \"$GITHUB_REPOSITORY\" --body \"$BODY\"\n"
            ))
            .name("Comment the review request")
            .env("GH_TOKEN", secrets(TOKEN_SECRET))
            .env("PR_NUMBER", github().event().field("pull_request").field("number"))
            .env("BODY", comment_body()),
        )
}
