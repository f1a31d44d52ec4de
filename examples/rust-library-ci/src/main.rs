//! `cargo run -p example-rust-library-ci [-- --check]`: writes (or checks) this
//! example's `.github/` inside `examples/rust-library-ci/`.

use std::path::Path;
use std::process::ExitCode;

use ci_gen::cli::Cli;

fn main() -> ExitCode {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    Cli::new(example_rust_library_ci::files(), root)
        .version(env!("CARGO_PKG_VERSION"))
        // `actions add actions/checkout@v7`, `actions update`, `actions adopt`...:
        // the pins live in actions.lock, their bindings in src/actions/.
        .actions("actions.lock", "src/actions")
        .run(std::env::args().skip(1).collect())
}
