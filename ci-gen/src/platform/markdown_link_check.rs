//! `markdown-link-check.yml` and its configuration,
//! `.github/markdown-link-check-config.json`.
//!
//! The guide: catch broken cross-references, moved workflow files and dead
//! external URLs in the documentation, whenever a Markdown file changes and
//! once a week (Mondays 09:00 UTC) for links that rot on their own. The
//! virtual environment, the archived documents and the two root symlinks are
//! left out.

use ci_model::actions::TcortMarkdownLinkCheck;
use ci_model::{Cron, Level, NormalJob, Permissions, PullRequestFilter, PushFilter, Step, Workflow};
use serde_json::json;

use super::facts::{LINK_CHECK_EXCLUSIONS, MARKDOWN_PATHS};
use super::steps::{bash, cancel_superseded_pr_runs, checkout};

/// The file this module generates.
pub const FILE: &str = "markdown-link-check.yml";

/// The job.
pub const JOB: &str = "link-check";

/// Where the link checker's configuration is generated.
pub const CONFIG_PATH: &str = ".github/markdown-link-check-config.json";

/// The weekly schedule: Mondays at 09:00 UTC.
pub const WEEKLY: &str = "0 9 * * 1";

/// The workflow.
pub fn workflow() -> Workflow {
    Workflow::new("Markdown Link Check")
        .on_push_with(PushFilter::new().paths(MARKDOWN_PATHS))
        .on_pull_request_with(PullRequestFilter::new().paths(MARKDOWN_PATHS))
        .on_schedule(Cron::new(WEEKLY).comment("Mondays 09:00 UTC"))
        .on_workflow_dispatch()
        .permissions(Permissions::none())
        .concurrency(cancel_superseded_pr_runs())
        .defaults(bash())
        .job(JOB, link_check())
}

/// The check takes 2 to 3 minutes in the guide; 10 is the cap.
fn link_check() -> NormalJob {
    NormalJob::new("ubuntu-latest")
        .name("Check Markdown links")
        .timeout_minutes(10)
        .permissions(Permissions::none().with("contents", Level::Read))
        .step(checkout())
        .step(drop_excluded_paths())
        .step(
            TcortMarkdownLinkCheck::new()
                .config_file(CONFIG_PATH)
                .use_quiet_mode("yes")
                .use_verbose_mode("yes")
                .step()
                .name("Check links"),
        )
}

/// The checker scans every Markdown file under the workspace and has no
/// option to skip some, so the excluded paths are removed from this job's
/// throwaway checkout before it runs. The configuration ignores links into
/// them as well.
pub fn drop_excluded_paths() -> Step {
    let paths: Vec<String> = LINK_CHECK_EXCLUSIONS.iter().map(|p| format!("'{}'", p.trim_end_matches('/'))).collect();
    Step::run(format!("rm -rf -- {}\n", paths.join(" "))).name("Leave excluded paths out of the check")
}

/// Escapes the characters a regular expression would read specially.
fn regex_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\.+*?()|[]{}^$".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// markdown-link-check's configuration: links into the excluded paths are
/// ignored (a pattern per exclusion, matching it as a path segment), and
/// flaky remote servers get retries and a generous timeout.
pub fn config() -> serde_json::Value {
    let ignore: Vec<serde_json::Value> =
        LINK_CHECK_EXCLUSIONS.iter().map(|p| json!({ "pattern": format!("(^|/){}", regex_escape(p)) })).collect();
    json!({
        "ignorePatterns": ignore,
        "timeout": "20s",
        "retryOn429": true,
        "retryCount": 3,
        "fallbackRetryDelay": "30s",
        "aliveStatusCodes": [200, 206],
    })
}
