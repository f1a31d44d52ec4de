//! A complete example of a repository's own generator: the CI of a Rust
//! library, declared with `ci-model` and written by `ci-gen`'s machinery.
//!
//! Copy this crate into your repository as `ci/` (or any name), adjust
//! [`ci`], and run `cargo run -p my-ci`; `cargo run -p my-ci -- --check` in CI
//! keeps the YAML honest.

use ci_gen::Files;
use ci_model::{Concurrency, Expr, Job, Level, Matrix, Permissions, Step, Strategy, Workflow};

// The typed bindings of the actions pinned in `actions.lock`, written by
// `cargo run -p example-rust-library-ci --features ci-gen/codegen -- actions sync`
// (or `actions add` / `update` / `adopt`); formatted by prettyplease, which
// rustfmt would format otherwise, so `cargo fmt` leaves it alone.
#[rustfmt::skip]
pub mod actions;

/// How this repository regenerates its workflows.
pub const COMMAND: &str = "cargo run -p example-rust-library-ci";

/// `actions/checkout`, pinned by `actions.lock` to a commit (the version
/// rides along as a comment).
fn checkout() -> Step {
    actions::Checkout::new().persist_credentials(false).into()
}

/// Installs a toolchain with rustup (already on GitHub's runners), so no
/// third-party action is needed.
fn toolchain(version: &str, components: &str) -> Step {
    let mut script = format!("rustup toolchain install {version} --profile minimal");
    if !components.is_empty() {
        script.push_str(&format!(" --component {components}"));
    }
    script.push_str(&format!("\nrustup default {version}\n"));
    Step::run(script).name(format!("Install Rust {version}"))
}

/// The library's CI: formatting and lints once, tests on three systems and
/// three toolchains.
pub fn ci() -> Workflow {
    let lint = Job::new("ubuntu-latest")
        .name("fmt and clippy")
        .timeout_minutes(15)
        .step(checkout())
        .step(toolchain("stable", "rustfmt,clippy"))
        .step(Step::run("cargo fmt --all --check").name("Formatting"))
        .step(Step::run("cargo clippy --all-targets -- -D warnings").name("Clippy"));
    let test = Job::new("${{ matrix.os }}")
        .name("test (${{ matrix.os }}, ${{ matrix.toolchain }})")
        .timeout_minutes(30)
        .strategy(
            Strategy::matrix(
                Matrix::new()
                    .axis("os", ["ubuntu-latest", "macos-latest", "windows-latest"])
                    .axis("toolchain", ["stable", "beta", "1.88"]),
            )
            .fail_fast(false),
        )
        .step(checkout())
        .step(
            Step::run("rustup toolchain install \"$TOOLCHAIN\" --profile minimal\nrustup default \"$TOOLCHAIN\"\n")
                .name("Install Rust")
                .shell("bash")
                .env("TOOLCHAIN", "${{ matrix.toolchain }}"),
        )
        .step(Step::run("cargo test --all-targets").name("Test"));
    // The YAML on disk must be what this crate writes: the job fails with a
    // diff when someone edits a generated file by hand or forgets to
    // regenerate after changing the Rust.
    let generated = Job::new("ubuntu-latest")
        .name("generated workflows are up to date")
        .timeout_minutes(15)
        .step(checkout())
        .step(Step::run(format!("{COMMAND} -- --check")).name("Drift check"));
    Workflow::new("CI")
        .triggers(|t| {
            t.push = Some(ci_model::NullOr::Value(ci_model::PushFilter::new().branches(["main"])));
            t.pull_request = Some(ci_model::NullOr::Null);
        })
        .permissions(Permissions::none().with("contents", Level::Read))
        .concurrency(
            Concurrency::group("${{ github.workflow }}-${{ github.ref }}")
                .cancel_in_progress(Expr::new("github.event_name == 'pull_request'")),
        )
        .env("CARGO_TERM_COLOR", "always")
        .job("lint", lint)
        .job("test", test)
        .job("generated", generated)
}

/// Everything this repository generates.
pub fn files() -> Files {
    // The `with:` of each step pinned to one of this repository's own
    // bindings is checked against the action's inputs, as ci-model's are.
    Files::new(COMMAND)
        .bindings(actions::TABLE)
        .workflow("ci.yml", ci())
        .from_source("examples/rust-library-ci/src/lib.rs")
}
