//! The trading platform's CI, as the CI/CD guide describes it.

use crate::Files;

/// The command that regenerates the platform's files.
pub const COMMAND: &str = "cargo run -p ci-gen";

/// Every file the platform's CI consists of.
pub fn files() -> Files {
    Files::new(COMMAND)
}
