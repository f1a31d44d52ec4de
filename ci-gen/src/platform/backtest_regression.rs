//! `backtest-regression.yml`, backtest parity validation.
//!
//! The guide: make sure research backtest results match production signal
//! generation, but only when backtest-related code or the golden results
//! change. Before any test runs, refuse a golden manifest older than 90 days
//! (forcing a periodic refresh) and one whose recorded checksums no longer
//! match the golden files.
//!
//! The golden manifest is expected to look like
//! `{"last_updated": "2026-01-14", "checksums": {"<file next to the manifest>": "<sha256>"}}`.

use ci_model::{Level, NormalJob, Permissions, PullRequestFilter, PushFilter, Step, Workflow};

use super::facts::{BACKTEST_PATHS, GOLDEN_MANIFEST, GOLDEN_MANIFEST_MAX_AGE_DAYS};
use super::steps::{bash, cancel_superseded_pr_runs, checkout, python_with_poetry};

/// The file this module generates.
pub const FILE: &str = "backtest-regression.yml";

/// The job.
pub const JOB: &str = "backtest-parity";

/// The guide's staleness check, with the manifest and the limit passed in.
const STALENESS_SCRIPT: &str = r#"LAST_UPDATED=$(jq -r '.last_updated // empty' "$GOLDEN_MANIFEST")
if [ -z "$LAST_UPDATED" ]; then
  echo "::error file=$GOLDEN_MANIFEST::Golden manifest has no last_updated date"
  exit 1
fi
DAYS_OLD=$(( ($(date +%s) - $(date -d "$LAST_UPDATED" +%s)) / 86400 ))
if [ "$DAYS_OLD" -gt "$MAX_AGE_DAYS" ]; then
  echo "::error file=$GOLDEN_MANIFEST::Golden manifest is stale ($DAYS_OLD days old, limit $MAX_AGE_DAYS); regenerate the golden backtests"
  exit 1
fi
echo "Golden manifest is $DAYS_OLD days old (limit $MAX_AGE_DAYS)."
"#;

/// Every file the manifest lists must still have the SHA-256 it records.
const CHECKSUM_SCRIPT: &str = r#"sums="$RUNNER_TEMP/golden.sha256"
jq -r '.checksums // {} | to_entries[] | "\(.value)  \(.key)"' "$GOLDEN_MANIFEST" > "$sums"
if [ ! -s "$sums" ]; then
  echo "::error file=$GOLDEN_MANIFEST::Golden manifest lists no checksums"
  exit 1
fi
cd "$(dirname "$GOLDEN_MANIFEST")"
if ! sha256sum --check --strict "$sums"; then
  echo "::error file=$GOLDEN_MANIFEST::Golden backtest files do not match the manifest's checksums"
  exit 1
fi
"#;

/// The workflow.
pub fn workflow() -> Workflow {
    Workflow::new("Backtest Regression")
        .on_push_with(PushFilter::new().paths(BACKTEST_PATHS))
        .on_pull_request_with(PullRequestFilter::new().paths(BACKTEST_PATHS))
        .permissions(Permissions::none())
        .concurrency(cancel_superseded_pr_runs())
        .defaults(bash())
        .job(JOB, parity())
}

/// The golden-manifest gates, then the parity tests. The guide gives 5 to 10
/// minutes; 20 leaves room for the dependency install.
fn parity() -> NormalJob {
    NormalJob::new("ubuntu-latest")
        .name("Backtest parity")
        .timeout_minutes(20)
        .permissions(Permissions::none().with("contents", Level::Read))
        .env("GOLDEN_MANIFEST", GOLDEN_MANIFEST)
        .step(checkout())
        .step(staleness_check())
        .step(checksum_check())
        .steps(python_with_poetry())
        .step(
            Step::run("poetry run pytest -k backtest_parity --cache-clear -v")
                .name("Run backtest parity tests (research backtest vs production signals)"),
        )
}

/// Fails with an `::error::` annotation when the manifest is older than 90 days.
pub fn staleness_check() -> Step {
    Step::run(STALENESS_SCRIPT)
        .name(format!("Golden manifest is at most {GOLDEN_MANIFEST_MAX_AGE_DAYS} days old"))
        .env("MAX_AGE_DAYS", GOLDEN_MANIFEST_MAX_AGE_DAYS)
}

/// Fails when a golden file no longer matches its recorded checksum.
pub fn checksum_check() -> Step {
    Step::run(CHECKSUM_SCRIPT).name("Golden manifest checksums match")
}
