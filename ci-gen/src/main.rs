//! `cargo run -p ci-gen`: writes the trading platform's workflows.
//!
//! The platform's code is part of this binary only: a repository whose
//! generator depends on the `ci-gen` library compiles none of it.

use std::path::Path;
use std::process::ExitCode;

use ci_gen::cli::Cli;

// Its items are `pub` for the `ci-tests` crate, which compiles the same
// module (`tests/support.rs`) to check the platform's facts; in this binary
// only `files()` is reached.
#[allow(unreachable_pub, dead_code)]
mod platform;

fn main() -> ExitCode {
    // The workspace root: this crate's parent folder.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap_or(Path::new("."));
    Cli::new(platform::files(), root)
        .version(env!("CARGO_PKG_VERSION"))
        .bindings()
        .run(std::env::args().skip(1).collect())
}
