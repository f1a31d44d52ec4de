//! `repomix-context.yml` and `repomix.config.json`, AI review context.
//!
//! The guide: for every pull request to a default branch (or by hand), pack
//! the whole codebase into `repomix-full.xml` (compressed with Tree-sitter)
//! and the pull request's changed files into `repomix-changed.xml`, leaving
//! out binaries and anything that may hold a credential. Before the files are
//! kept, scan them for secrets and fail if one shows up; keep them as
//! artifacts for 7 days. A check warns when the workflow's ignore patterns and
//! `repomix.config.json` disagree: both are generated from one list, so that
//! warning means someone edited the config by hand.

use ci_model::actions::{IfNoFilesFound, Repomix, UploadArtifact};
use ci_model::ex::github;
use ci_model::{Expr, Level, NormalJob, Permissions, PullRequestFilter, Step, StepRef, Workflow};
use serde_json::json;

use super::facts::{CONTEXT_RETENTION_DAYS, DEFAULT_BRANCHES, SECRET_PATTERN, repomix_ignore_patterns};
use super::steps::{bash, cancel_superseded_pr_runs, checkout};

/// The file this module generates.
pub const FILE: &str = "repomix-context.yml";

/// The job.
pub const JOB: &str = "repomix";

/// Where repomix's configuration is generated.
pub const CONFIG_PATH: &str = "repomix.config.json";

/// The whole codebase, compressed.
pub const FULL_OUTPUT: &str = "repomix-full.xml";
/// The pull request's changed files only.
pub const CHANGED_OUTPUT: &str = "repomix-changed.xml";

/// The artifact holding [`FULL_OUTPUT`].
pub const FULL_ARTIFACT: &str = "repomix-full-context";
/// The artifact holding [`CHANGED_OUTPUT`].
pub const CHANGED_ARTIFACT: &str = "repomix-changed-context";

/// The ignore patterns as repomix's `--ignore` takes them: comma-separated.
pub fn ignore_list() -> String {
    repomix_ignore_patterns().join(",")
}

/// The workflow.
pub fn workflow() -> Workflow {
    Workflow::new("Repomix Context")
        .on_pull_request_with(PullRequestFilter::new().branches(DEFAULT_BRANCHES))
        .on_workflow_dispatch()
        .permissions(Permissions::none())
        .concurrency(cancel_superseded_pr_runs())
        .defaults(bash())
        .job(JOB, context())
}

/// The guide's sync check, comparing sorted lists.
const SYNC_SCRIPT: &str = r#"WORKFLOW_SORTED=$(tr ',' '\n' <<< "$REPOMIX_IGNORE" | LC_ALL=C sort | paste -sd, -)
CONFIG_SORTED=$(jq -r '.ignore.customPatterns | sort | join(",")' "$REPOMIX_CONFIG")
if [ "$WORKFLOW_SORTED" != "$CONFIG_SORTED" ]; then
  echo "::warning file=$REPOMIX_CONFIG::Ignore patterns may be out of sync between the workflow and $REPOMIX_CONFIG; regenerate both with cargo run -p ci-gen"
fi
"#;

/// The files the pull request adds or changes, comma-separated for
/// repomix's `--include`.
const CHANGED_FILES_SCRIPT: &str = r#"files=$(git diff --name-only --diff-filter=d "$BASE_SHA" HEAD | paste -sd, -)
echo "Changed files: ${files:-none}"
echo "files=$files" >> "$GITHUB_OUTPUT"
"#;

/// Fails the run, before anything is uploaded, when an output matches the
/// secret pattern. It names the file and line count, never the match.
const SECRET_SCAN_SCRIPT: &str = r#"found=0
for file in "$FULL_OUTPUT" "$CHANGED_OUTPUT"; do
  [ -f "$file" ] || continue
  hits=$(grep -cE "$SECRET_PATTERN" "$file" || true)
  if [ "$hits" -gt 0 ]; then
    echo "::error file=$file::Potential secret detected ($hits matching lines); the context was not uploaded"
    found=1
  fi
done
exit "$found"
"#;

/// The context job. The guide gives 3 to 5 minutes; 15 is the cap.
fn context() -> NormalJob {
    let pr = github().event_name().eq("pull_request");
    let changed_files = changed().output("files");
    NormalJob::new("ubuntu-latest")
        .name("Generate AI review context")
        .timeout_minutes(15)
        .permissions(Permissions::none().with("contents", Level::Read))
        .env("REPOMIX_IGNORE", ignore_list())
        .env("REPOMIX_CONFIG", CONFIG_PATH)
        .env("FULL_OUTPUT", FULL_OUTPUT)
        .env("CHANGED_OUTPUT", CHANGED_OUTPUT)
        // The whole history, so the pull request's base commit is present.
        .step(checkout().with("fetch-depth", 0))
        .step(Step::run(SYNC_SCRIPT).name(format!("Ignore patterns match {CONFIG_PATH}")))
        .step(
            Repomix::new()
                .output(FULL_OUTPUT)
                .style("xml")
                .compress(true)
                .ignore(ignore_list())
                .repomix_version(repomix_cli_version())
                .step()
                .name("Pack the whole codebase"),
        )
        .step(
            Step::run(CHANGED_FILES_SCRIPT)
                .name("List the pull request's changed files")
                .id(changed().id())
                .when(pr)
                .env("BASE_SHA", github().event().field("pull_request").field("base").field("sha")),
        )
        .step(
            Repomix::new()
                .include(changed_files.clone())
                .output(CHANGED_OUTPUT)
                .style("xml")
                .compress(false)
                .ignore(ignore_list())
                .repomix_version(repomix_cli_version())
                .step()
                .name("Pack the changed files")
                .when(changed_files.clone().ne("")),
        )
        .step(Step::run(SECRET_SCAN_SCRIPT).name("Scan the context for secrets").env("SECRET_PATTERN", SECRET_PATTERN))
        .step(context_artifact(FULL_ARTIFACT, FULL_OUTPUT, None))
        .step(context_artifact(CHANGED_ARTIFACT, CHANGED_OUTPUT, Some(changed_files.ne(""))))
}

/// The step that lists the pull request's changed files.
pub fn changed() -> StepRef {
    StepRef::new("changed")
}

/// The repomix CLI the action installs: the release the action is pinned to,
/// rather than whatever npm calls `latest` on the day.
pub fn repomix_cli_version() -> &'static str {
    Repomix::VERSION.trim_start_matches('v')
}

/// Keeps one context file for [`CONTEXT_RETENTION_DAYS`] days.
fn context_artifact(name: &str, path: &str, condition: Option<Expr>) -> Step {
    let step = UploadArtifact::new(path)
        .name(name)
        .if_no_files_found(IfNoFilesFound::Error)
        .retention_days(CONTEXT_RETENTION_DAYS)
        .step()
        .name(format!("Upload {name}"));
    match condition {
        Some(c) => step.when(c),
        None => step,
    }
}

/// `repomix.config.json`: the same output settings as the full pack, and the
/// same ignore patterns as the workflow, on top of `.gitignore` and repomix's
/// defaults, with repomix's own secret check on.
pub fn config() -> serde_json::Value {
    json!({
        "output": { "filePath": FULL_OUTPUT, "style": "xml", "compress": true },
        "ignore": {
            "useGitignore": true,
            "useDefaultPatterns": true,
            "customPatterns": repomix_ignore_patterns(),
        },
        "security": { "enableSecurityCheck": true },
    })
}
