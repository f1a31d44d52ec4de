//! `cargo run -p ci-gen`: writes the trading platform's workflows.

use std::path::Path;
use std::process::ExitCode;

use ci_gen::cli::Cli;

fn main() -> ExitCode {
    // The workspace root: this crate's parent folder.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap_or(Path::new("."));
    Cli::new(ci_gen::platform::files(), root).version(env!("CARGO_PKG_VERSION")).run(std::env::args().skip(1).collect())
}
