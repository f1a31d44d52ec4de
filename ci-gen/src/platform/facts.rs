//! The facts the CI/CD guide states more than once, each declared exactly once.
//!
//! Every workflow reads these values instead of spelling them again, so the
//! service list, the branches, the paths and the thresholds cannot drift apart
//! between files: changing a port here changes the docker-build matrix, the
//! staging health wait and the smoke tests together.

use ci_model::ex::github;
use ci_model::{Expr, Yaml};

/// The branches the guide treats as the default branch: pushes there deploy
/// to staging and get the `latest` image tag.
pub const DEFAULT_BRANCHES: [&str; 2] = ["master", "main"];

/// One of the platform's services: a Docker image of its own and an HTTP port
/// with a `/health` endpoint.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Service {
    /// The service's name: its folder under `apps/`, its image name and its
    /// Compose service name.
    pub name: &'static str,
    /// The port it listens on, on the host it runs on.
    pub port: u16,
    /// Whether it talks to the broker, so its health report must show paper
    /// trading (`dry_run=true`, `alpaca_paper=true`) on staging.
    pub places_orders: bool,
}

/// The three services, in the guide's order. The docker-build matrix, the
/// staging health wait and the staging smoke tests are all built from this
/// one list.
pub const SERVICES: [Service; 3] = [
    Service { name: "signal_service", port: 8001, places_orders: false },
    Service { name: "execution_gateway", port: 8002, places_orders: true },
    Service { name: "orchestrator", port: 8003, places_orders: false },
];

/// The path of every service's health endpoint.
pub const HEALTH_PATH: &str = "/health";

impl Service {
    /// `http://localhost:<port>/health`, where the service answers on the host
    /// that runs it.
    pub fn health_url(&self) -> String {
        format!("http://localhost:{}{HEALTH_PATH}", self.port)
    }

    /// The service as one entry of the `service` matrix axis: `{name, port}`.
    pub fn matrix_entry(&self) -> Yaml {
        Yaml::map([("name", Yaml::from(self.name)), ("port", Yaml::from(self.port))])
    }
}

/// The Python version every job runs.
pub const PYTHON_VERSION: &str = "3.11";

/// Poetry's lock file; its hash keys the dependency cache.
pub const LOCK_FILE: &str = "poetry.lock";

/// The project file Poetry reads.
pub const PYPROJECT: &str = "pyproject.toml";

/// The source roots: type-checked, linted, measured for coverage, and built
/// into the images.
pub const SOURCE_ROOTS: [&str; 3] = ["libs/", "apps/", "strategies/"];

/// `@pytest.mark.integration`: needs Postgres and Redis.
pub const MARKER_INTEGRATION: &str = "integration";
/// `@pytest.mark.e2e`: the full workflow end to end.
pub const MARKER_E2E: &str = "e2e";
/// `@pytest.mark.slow`: takes more than five seconds.
pub const MARKER_SLOW: &str = "slow";
/// Every pytest marker the guide defines.
pub const PYTEST_MARKERS: [&str; 3] = [MARKER_INTEGRATION, MARKER_E2E, MARKER_SLOW];

/// The marker expression of the unit and component tests: everything that
/// needs no infrastructure.
pub fn unit_test_markers() -> String {
    format!("not {MARKER_INTEGRATION} and not {MARKER_E2E}")
}

/// The container registry the images are pushed to.
pub const REGISTRY: &str = "ghcr.io";

/// The coverage the unit tests must reach, in percent (the guide plans 80).
pub const COVERAGE_FAIL_UNDER: u32 = 50;

/// Pull requests changing more lines than this get no coverage comment.
pub const COVERAGE_COMMENT_MAX_CHANGED_LINES: u32 = 15_000;

/// The golden backtest results the parity tests compare against.
pub const GOLDEN_MANIFEST: &str = "artifacts/backtests/golden_manifest.json";

/// The golden manifest must have been refreshed within this many days.
pub const GOLDEN_MANIFEST_MAX_AGE_DAYS: u32 = 90;

/// The paths whose changes can move backtest results.
pub const BACKTEST_PATHS: [&str; 4] =
    ["strategies/alpha_baseline/**", "libs/backtest/**", "libs/data/**", GOLDEN_MANIFEST];

/// The paths whose changes can change an image: the source roots, the
/// dependency files and the Dockerfiles.
pub fn docker_paths() -> Vec<String> {
    let mut paths: Vec<String> = SOURCE_ROOTS.iter().map(|root| format!("{root}**")).collect();
    paths.extend([PYPROJECT.to_owned(), LOCK_FILE.to_owned(), "apps/*/Dockerfile".to_owned()]);
    paths
}

/// The paths whose changes can break a documentation link.
pub const MARKDOWN_PATHS: [&str; 1] = ["**.md"];

/// What the link check leaves alone: the virtual environment, the archive of
/// historical documents with stale links, and the two root symlinks.
pub const LINK_CHECK_EXCLUSIONS: [&str; 4] = [".venv/", "docs/ARCHIVE/", "CLAUDE.md", "AGENTS.md"];

/// Binary files repomix never packs: they carry no reviewable text.
pub const REPOMIX_BINARY_PATTERNS: [&str; 10] =
    ["*.png", "*.jpg", "*.jpeg", "*.gif", "*.ico", "*.pdf", "*.zip", "*.tar.gz", "*.parquet", "*.pkl"];

/// Files repomix never packs because they may hold a credential.
pub const REPOMIX_CREDENTIAL_PATTERNS: [&str; 7] =
    [".env", ".env.*", "*.pem", "*.key", "*.p12", "credentials.json", "secrets.json"];

/// Every repomix ignore pattern: binaries, then credentials. The workflow
/// passes these to repomix and `repomix.config.json` lists them, both from
/// this one list.
pub fn repomix_ignore_patterns() -> Vec<&'static str> {
    REPOMIX_BINARY_PATTERNS.iter().chain(&REPOMIX_CREDENTIAL_PATTERNS).copied().collect()
}

/// The secret pattern the guide scans generated context for: a key-like name,
/// an assignment, and a quoted value of twenty or more key characters.
pub const SECRET_PATTERN: &str =
    r#"(API_KEY|SECRET_KEY|PASSWORD|AUTH_TOKEN)["']?[[:space:]]*[:=][[:space:]]*["'][A-Za-z0-9+/]{20,}"#;

/// How long staging may take to answer on every health endpoint.
pub const HEALTH_WAIT_SECONDS: u32 = 120;

/// How long the repomix context artifacts are kept.
pub const CONTEXT_RETENTION_DAYS: u32 = 7;

/// The GitHub environment that holds staging's (paper-only) secrets.
pub const STAGING_ENVIRONMENT: &str = "staging";

/// An expression that is true on a push to one of [`DEFAULT_BRANCHES`].
pub fn on_default_branch() -> Expr {
    let mut branches = DEFAULT_BRANCHES.iter().map(|b| github().ref_().eq(format!("refs/heads/{b}")));
    let first = branches.next().unwrap_or_else(|| github().ref_().eq(""));
    branches.fold(first, Expr::or)
}
