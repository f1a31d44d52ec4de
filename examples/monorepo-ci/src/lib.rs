//! A repository unlike the trading platform: a Python API (`services/api`)
//! and a TypeScript web app (`web`) in one monorepo, with its CI declared in
//! Rust through builders only (no struct literal, no raw `${{ }}` string).
//!
//! - [`setup_python`]: a composite action, `.github/actions/setup-python`;
//! - [`ci`]: tests on every push and pull request, only for the parts that
//!   changed: the API on three Pythons against a Postgres service, the web
//!   app on two Node.js versions, and a coverage report from the artifact the
//!   API tests upload;
//! - [`deploy`]: a reusable workflow that deploys one image to one
//!   environment and gives back its URL;
//! - [`release`]: on a version tag, builds once and calls [`deploy`] for
//!   staging, then production.
//!
//! Each local file is added through a typed handle, so a step that uses the
//! composite action and a job that calls the deploy workflow are checked
//! against their inputs, secrets and outputs before anything is written.

pub mod ci;
pub mod deploy;
pub mod facts;
pub mod release;
pub mod setup_python;

use ci_gen::Files;

/// How this repository regenerates its CI.
pub const COMMAND: &str = "cargo run -p example-monorepo-ci";

/// Everything this repository generates.
pub fn files() -> Files {
    let setup = setup_python::action();
    let deploy = deploy::workflow();
    files_of(ci::workflow(&setup), release::workflow(&deploy))
}

/// The files with these two workflows (the mistakes catalog swaps one).
pub fn files_of(ci: ci_model::Workflow, release: ci_model::Workflow) -> Files {
    const SRC: &str = "examples/monorepo-ci/src";
    Files::new(COMMAND)
        .add(&setup_python::action())
        .from_source(&format!("{SRC}/setup_python.rs"))
        .add(&deploy::workflow())
        .from_source(&format!("{SRC}/deploy.rs"))
        .workflow(ci::FILE, ci)
        .from_source(&format!("{SRC}/ci.rs"))
        .workflow(release::FILE, release)
        .from_source(&format!("{SRC}/release.rs"))
}
