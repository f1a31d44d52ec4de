//! `cargo run -p example-monorepo-ci [-- --check]`: writes (or checks) this
//! example's `.github/` inside `examples/monorepo-ci/`.

use std::path::Path;
use std::process::ExitCode;

use ci_gen::cli::Cli;

fn main() -> ExitCode {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    Cli::new(example_monorepo_ci::files(), root)
        .version(env!("CARGO_PKG_VERSION"))
        .run(std::env::args().skip(1).collect())
}
