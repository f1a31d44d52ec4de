//! `deploy-staging.yml`, the staging deployment.
//!
//! The guide: on every push to a default branch (or by hand), first prove that
//! staging can only paper-trade: the paper key and secret exist, no live key
//! is visible, and `DRY_RUN` is `true`. Only then pull the latest images, stop
//! the running services, start them with the paper credentials, wait at most
//! 120 seconds for every health endpoint, and smoke-test them: each `/health`
//! answers, and the order-placing service reports `dry_run=true` and
//! `alpaca_paper=true`.
//!
//! Deployments never overlap: a second run waits for the first instead of
//! cancelling it halfway through a restart.

use ci_model::ex::secrets;
use ci_model::lint::Lint;
use ci_model::{
    Concurrency, Environment, Expr, Level, NormalJob, Permissions, PushFilter, RunnerGroup, Step, Workflow,
};

use super::facts::{DEFAULT_BRANCHES, HEALTH_WAIT_SECONDS, SERVICES, STAGING_ENVIRONMENT, Service};
use super::steps::{bash, checkout, registry_login};
use super::wait_for_services;

/// The file this module generates.
pub const FILE: &str = "deploy-staging.yml";

/// The first job: the credential gates.
pub const VALIDATE_JOB: &str = "validate-credentials";

/// The second job: the deployment itself.
pub const DEPLOY_JOB: &str = "deploy";

/// The concurrency group every staging deployment joins.
pub const CONCURRENCY_GROUP: &str = "deploy-staging";

/// The self-hosted runner group whose runners live on the staging host: the
/// smoke tests reach the services on `localhost`.
pub const RUNNER_GROUP: &str = "staging";

/// The Compose file that describes staging (Compose reads `COMPOSE_FILE`).
pub const COMPOSE_FILE: &str = "docker-compose.staging.yml";

/// The secret holding the paper-trading API key.
pub const PAPER_KEY_SECRET: &str = "ALPACA_PAPER_API_KEY";
/// The secret holding the paper-trading API secret.
pub const PAPER_SECRET_SECRET: &str = "ALPACA_PAPER_API_SECRET";
/// The live-trading key that must never be visible to staging.
pub const LIVE_KEY_SECRET: &str = "ALPACA_LIVE_API_KEY";

/// The non-secret settings staging runs with: paper trading, dry run. Both
/// jobs get them, so the gate checks exactly what the deployment uses.
pub fn staging_flags() -> [(&'static str, &'static str); 3] {
    [("ALPACA_PAPER", "true"), ("DRY_RUN", "true"), ("ENVIRONMENT", STAGING_ENVIRONMENT)]
}

fn secret(name: &str) -> Expr {
    secrets(name)
}

fn space_separated(items: impl IntoIterator<Item = String>) -> String {
    items.into_iter().collect::<Vec<_>>().join(" ")
}

/// The health URLs of all services, space-separated.
pub fn health_urls() -> String {
    space_separated(SERVICES.iter().map(Service::health_url))
}

/// The workflow.
pub fn workflow() -> Workflow {
    Workflow::new("Deploy to Staging")
        .on_push_with(PushFilter::new().branches(DEFAULT_BRANCHES))
        .on_workflow_dispatch()
        .permissions(Permissions::none())
        .concurrency(Concurrency::group(CONCURRENCY_GROUP).cancel_in_progress(false))
        .defaults(bash())
        .job(VALIDATE_JOB, validate_credentials())
        .job(DEPLOY_JOB, deploy())
}

fn with_flags(mut job: NormalJob) -> NormalJob {
    for (key, value) in staging_flags() {
        job = job.env(key, value);
    }
    job
}

/// The safety gates. The job runs in the `staging` environment so that it sees
/// the same secrets the deployment would: a live key stored there is found
/// here, before anything is restarted. It needs no token permissions.
fn validate_credentials() -> NormalJob {
    let job = NormalJob::new("ubuntu-latest")
        .name("Validate staging credentials")
        .environment(Environment::named(STAGING_ENVIRONMENT))
        .timeout_minutes(5)
        .permissions(Permissions::none());
    with_flags(job)
        .step(require_secret("Paper API key exists", "PAPER_API_KEY", PAPER_KEY_SECRET))
        .step(require_secret("Paper API secret exists", "PAPER_API_SECRET", PAPER_SECRET_SECRET))
        .step(block_live_keys())
        .step(
            Step::run(
                "if [ \"$DRY_RUN\" != \"true\" ] || [ \"$ALPACA_PAPER\" != \"true\" ]; then\n  \
                   echo \"::error::Staging must run with DRY_RUN=true and ALPACA_PAPER=true \
                 (got DRY_RUN=$DRY_RUN, ALPACA_PAPER=$ALPACA_PAPER)\"\n  \
                   exit 1\n\
                 fi\n",
            )
            .name("DRY_RUN is true"),
        )
}

/// Fails unless `secret` is set in the staging environment (read through the
/// variable `var`, never spliced into the script).
fn require_secret(name: &str, var: &str, secret_name: &str) -> Step {
    Step::run(format!(
        "if [ -z \"${var}\" ]; then\n  \
           echo \"::error::{secret_name} is not set for the staging environment\"\n  \
           exit 1\n\
         fi\n"
    ))
    .name(name)
    .env(var, secret(secret_name))
}

/// The guide's critical safety check: staging must only ever hold paper
/// credentials, so the mere presence of the live key fails the run.
pub fn block_live_keys() -> Step {
    Step::run(format!(
        "if [ -n \"$LIVE_API_KEY\" ]; then\n  \
           echo \"::error::{LIVE_KEY_SECRET} found in staging environment\"\n  \
           echo \"::error::Staging environment must ONLY have paper trading credentials\"\n  \
           exit 1\n\
         fi\n"
    ))
    .name("No live API key is visible")
    .env("LIVE_API_KEY", secret(LIVE_KEY_SECRET))
    .allow(Lint::SecretsPolicy, "reads the live key only to fail the run when staging can see it")
}

/// The smoke tests: every health endpoint answers, and every service that
/// places orders reports paper trading in dry-run mode.
const SMOKE_SCRIPT: &str = r#"read -r -a health_urls <<< "$HEALTH_URLS"
read -r -a trading_urls <<< "$TRADING_HEALTH_URLS"
failed=0
for url in "${health_urls[@]}"; do
  if curl --silent --show-error --fail --max-time 10 --output /dev/null "$url"; then
    echo "ok: $url"
  else
    echo "::error::Smoke test failed: $url did not answer with a success status"
    failed=1
  fi
done
for url in "${trading_urls[@]}"; do
  if ! report=$(curl --silent --show-error --fail --max-time 10 "$url"); then
    echo "::error::Smoke test failed: $url did not answer with a success status"
    failed=1
    continue
  fi
  if jq -e '(.dry_run | tostring) == "true" and (.alpaca_paper | tostring) == "true"' <<< "$report" > /dev/null; then
    echo "ok: $url reports dry_run=true and alpaca_paper=true"
  else
    echo "::error::Smoke test failed: $url does not report dry_run=true and alpaca_paper=true"
    failed=1
  fi
done
exit "$failed"
"#;

/// The smoke-test step, fed from the service list.
pub fn smoke_tests() -> Step {
    let trading = space_separated(SERVICES.iter().filter(|s| s.places_orders).map(Service::health_url));
    Step::run(SMOKE_SCRIPT).name("Smoke tests").env("HEALTH_URLS", health_urls()).env("TRADING_HEALTH_URLS", trading)
}

/// The deployment, on a runner on the staging host. The guide gives 6 to 8
/// minutes; 15 is the cap. Reading packages lets it pull the images.
fn deploy() -> NormalJob {
    let runner = RunnerGroup::new().group(RUNNER_GROUP);
    let services = space_separated(SERVICES.iter().map(|s| s.name.to_owned()));
    let job = NormalJob::on(runner)
        .name("Deploy to staging")
        .needs(VALIDATE_JOB)
        .environment(Environment::named(STAGING_ENVIRONMENT))
        .timeout_minutes(15)
        .permissions(Permissions::none().with("contents", Level::Read).with("packages", Level::Read))
        .env("ALPACA_API_KEY_ID", secret(PAPER_KEY_SECRET))
        .env("ALPACA_API_SECRET_KEY", secret(PAPER_SECRET_SECRET));
    with_flags(job)
        .env("COMPOSE_FILE", COMPOSE_FILE)
        .env("IMAGE_TAG", "latest")
        .env("SERVICES", services)
        .step(checkout())
        .step(registry_login())
        .step(compose("Pull latest images", "pull"))
        .step(compose("Stop running services", "stop"))
        .step(compose("Start services with paper trading credentials", "up --detach"))
        .step(
            Step::uses(wait_for_services::uses())
                .name(format!("Wait for health checks (at most {HEALTH_WAIT_SECONDS} s)"))
                .with("urls", health_urls())
                .with("timeout-seconds", HEALTH_WAIT_SECONDS),
        )
        .step(smoke_tests())
}

/// `docker compose <command>` on the platform's services.
fn compose(name: &str, command: &str) -> Step {
    Step::run(format!("read -r -a services <<< \"$SERVICES\"\ndocker compose {command} \"${{services[@]}}\"\n"))
        .name(name)
}
