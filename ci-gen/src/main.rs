//! `cargo run -p ci-gen`: writes the trading platform's workflows.

use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    // The workspace root: this crate's parent folder.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap_or(Path::new("."));
    ci_gen::cli::run(ci_gen::platform::files(), root, std::env::args().skip(1).collect())
}
