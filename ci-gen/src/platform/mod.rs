//! The trading platform's CI, as the CI/CD guide describes it: seven
//! workflows, the `wait-for-services` composite action and two JSON configs;
//! and an eighth workflow, `ci-review.yml`, that reviews changes to all of
//! them (issue #14).
//!
//! [`facts`] holds what the guide repeats (branches, services, paths,
//! thresholds), and [`steps`] the building blocks several workflows share.
//! Third-party actions come from `ci_model::actions`, the typed bindings pinned
//! to reviewed commits. Each other module is one generated file, named after it.

pub mod backtest_regression;
pub mod ci_review;
pub mod ci_tests_coverage;
pub mod deploy_staging;
pub mod docker_build;
pub mod facts;
pub mod markdown_link_check;
pub mod pr_auto_review_request;
pub mod repomix_context;
pub mod steps;
pub mod wait_for_services;

use ci_model::lint::Lints;

use ci_gen::Files;

/// The command that regenerates the platform's files.
pub const COMMAND: &str = "cargo run -p ci-gen";

/// The security lints: all at `deny`, and the guide's credential rule as a
/// policy on the model: a live trading key is never visible in `staging`.
pub fn lints() -> Lints {
    Lints::new().forbid_secret(deploy_staging::LIVE_KEY_SECRET, [facts::STAGING_ENVIRONMENT])
}

/// Every file the platform's CI consists of.
pub fn files() -> Files {
    const SRC: &str = "ci-gen/src/platform";
    Files::new(COMMAND)
        .lints(lints())
        .workflow(ci_tests_coverage::FILE, ci_tests_coverage::workflow())
        .from_source(&format!("{SRC}/ci_tests_coverage.rs"))
        .workflow(backtest_regression::FILE, backtest_regression::workflow())
        .from_source(&format!("{SRC}/backtest_regression.rs"))
        .workflow(docker_build::FILE, docker_build::workflow())
        .from_source(&format!("{SRC}/docker_build.rs"))
        .workflow(deploy_staging::FILE, deploy_staging::workflow())
        .from_source(&format!("{SRC}/deploy_staging.rs"))
        .workflow(markdown_link_check::FILE, markdown_link_check::workflow())
        .from_source(&format!("{SRC}/markdown_link_check.rs"))
        .workflow(pr_auto_review_request::FILE, pr_auto_review_request::workflow())
        .from_source(&format!("{SRC}/pr_auto_review_request.rs"))
        .workflow(repomix_context::FILE, repomix_context::workflow())
        .from_source(&format!("{SRC}/repomix_context.rs"))
        .workflow(ci_review::FILE, ci_review::workflow())
        .from_source(&format!("{SRC}/ci_review.rs"))
        .action(&wait_for_services::path(), wait_for_services::action())
        .from_source(&format!("{SRC}/wait_for_services.rs"))
        .json(markdown_link_check::CONFIG_PATH, markdown_link_check::config())
        .from_source(&format!("{SRC}/markdown_link_check.rs"))
        .json(repomix_context::CONFIG_PATH, repomix_context::config())
        .from_source(&format!("{SRC}/repomix_context.rs"))
}
