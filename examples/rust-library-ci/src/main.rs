//! `cargo run -p example-rust-library-ci [-- --check]`: writes (or checks) this
//! example's `.github/` inside `examples/rust-library-ci/`.

use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    ci_gen::cli::run(example_rust_library_ci::files(), root, std::env::args().skip(1).collect())
}
