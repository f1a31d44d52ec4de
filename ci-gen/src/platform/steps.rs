//! Building blocks more than one workflow shares: the safe checkout, the
//! Python and Poetry set-up with its cache, artifact uploads, and the
//! concurrency group that cancels superseded pull-request runs.

use ci_model::{Concurrency, Defaults, Expr, Step};

use super::facts::{LOCK_FILE, PYTHON_VERSION};
use super::pins;

/// The version of Poetry every job installs. `poetry install --sync` (the
/// guide's way to make the environment match the lock file) is Poetry 1.x.
pub const POETRY_VERSION: &str = "1.8.5";

/// Checks out the repository without leaving the token in `.git/config`:
/// none of these workflows pushes, so later steps have no use for it.
pub fn checkout() -> Step {
    Step::uses(pins::CHECKOUT.uses()).name("Check out the repository").with("persist-credentials", false)
}

/// Python, Poetry, the Poetry download cache keyed by the lock file, and the
/// project's dependencies.
pub fn python_with_poetry() -> Vec<Step> {
    vec![
        Step::uses(pins::SETUP_PYTHON.uses())
            .name(format!("Set up Python {PYTHON_VERSION}"))
            .with("python-version", PYTHON_VERSION),
        Step::uses(pins::INSTALL_POETRY.uses())
            .name("Install Poetry")
            .with("version", POETRY_VERSION)
            .with("virtualenvs-create", true)
            .with("virtualenvs-in-project", true),
        Step::uses(pins::CACHE.uses())
            .name("Cache Poetry dependencies")
            .with("path", "~/.cache/pypoetry")
            .with("key", format!("${{{{ runner.os }}}}-poetry-${{{{ hashFiles('**/{LOCK_FILE}') }}}}"))
            .with("restore-keys", "${{ runner.os }}-poetry-"),
        Step::run("poetry install --no-interaction --sync").name("Install dependencies"),
    ]
}

/// Uploads `path` as the artifact `name`, even when an earlier step failed
/// (a failed run is when the results matter most).
pub fn upload_always(name: &str, path: &str) -> Step {
    Step::uses(pins::UPLOAD_ARTIFACT.uses())
        .name(format!("Upload {name}"))
        .when("always()")
        .with("name", name)
        .with("path", path)
        .with("if-no-files-found", "warn")
}

/// One run per workflow and pull request (or ref): a new push to a pull
/// request cancels the run it supersedes; runs on branches queue instead, so
/// every commit on the default branch is checked.
pub fn cancel_superseded_pr_runs() -> Concurrency {
    Concurrency::group("${{ github.workflow }}-${{ github.event.pull_request.number || github.ref }}")
        .cancel_in_progress(Expr::new("github.event_name == 'pull_request'"))
}

/// `run:` steps use bash with `-eo pipefail`, so a failure inside a pipe
/// fails the step.
pub fn bash() -> Defaults {
    Defaults::run_shell("bash")
}
