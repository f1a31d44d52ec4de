//! Building blocks more than one workflow shares: the safe checkout, the
//! Python and Poetry set-up with its cache, artifact uploads, and the
//! concurrency group that cancels superseded pull-request runs.

use ci_model::actions::{Cache, Checkout, DockerLogin, IfNoFilesFound, InstallPoetry, SetupPython, UploadArtifact};
use ci_model::ex::{always, github, hash_files, runner, secrets};
use ci_model::{Concurrency, Defaults, Step};

use super::facts::{LOCK_FILE, PYTHON_VERSION, REGISTRY};

/// The version of Poetry every job installs. `poetry install --sync` (the
/// guide's way to make the environment match the lock file) is Poetry 1.x.
pub const POETRY_VERSION: &str = "1.8.5";

/// Checks out the repository without leaving the token in `.git/config`:
/// none of these workflows pushes, so later steps have no use for it.
pub fn checkout() -> Step {
    Checkout::new().persist_credentials(false).step().name("Check out the repository")
}

/// Python, Poetry, the Poetry download cache keyed by the lock file, and the
/// project's dependencies.
pub fn python_with_poetry() -> Vec<Step> {
    vec![
        SetupPython::new().python_version(PYTHON_VERSION).step().name(format!("Set up Python {PYTHON_VERSION}")),
        InstallPoetry::new()
            .version(POETRY_VERSION)
            .virtualenvs_create(true)
            .virtualenvs_in_project(true)
            .step()
            .name("Install Poetry"),
        cache_keyed_by("~/.cache/pypoetry", "poetry", &format!("**/{LOCK_FILE}")).name("Cache Poetry dependencies"),
        Step::run("poetry install --no-interaction --sync").name("Install dependencies"),
    ]
}

/// Logs in to the container registry as the workflow's actor, with the
/// job's own token (which needs `packages: read` to pull, `write` to push).
pub fn registry_login() -> Step {
    DockerLogin::new()
        .registry(REGISTRY)
        .username(github().actor())
        .password(secrets("GITHUB_TOKEN"))
        .step()
        .name(format!("Log in to {REGISTRY}"))
}

/// Caches `path` under `<runner os>-<prefix>-<hash of the files matching
/// pattern>`, falling back to the newest `<runner os>-<prefix>-` entry.
pub fn cache_keyed_by(path: &str, prefix: &str, pattern: &str) -> Step {
    let os = runner("os");
    let hash = hash_files([pattern]);
    Cache::new(path, format!("{os}-{prefix}-{hash}")).restore_keys(format!("{os}-{prefix}-")).step()
}

/// Uploads `path` as the artifact `name`, even when an earlier step failed
/// (a failed run is when the results matter most).
pub fn upload_always(name: &str, path: &str) -> Step {
    UploadArtifact::new(path)
        .name(name)
        .if_no_files_found(IfNoFilesFound::Warn)
        .step()
        .name(format!("Upload {name}"))
        .when(always())
}

/// One run per workflow and pull request (or ref): a new push to a pull
/// request cancels the run it supersedes; runs on branches queue instead, so
/// every commit on the default branch is checked.
pub fn cancel_superseded_pr_runs() -> Concurrency {
    let pr_or_ref = github().event().field("pull_request").field("number").or(github().ref_());
    Concurrency::group(format!("{}-{pr_or_ref}", github().workflow()))
        .cancel_in_progress(github().event_name().eq("pull_request"))
}

/// `run:` steps use bash with `-eo pipefail`, so a failure inside a pipe
/// fails the step.
pub fn bash() -> Defaults {
    Defaults::run_shell("bash")
}
