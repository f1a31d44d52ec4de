//! `ci-gen`: GitHub Actions workflows declared as Rust values, written to disk,
//! and kept in sync.
//!
//! The library is what any repository needs to run its own generator: a set of
//! [`Files`] (workflows, actions and JSON configs as `ci-model` values), the
//! [`sync`] machinery that writes only what changed (atomically) and checks for
//! drift, and the [`cli`] that wraps both in one command line. The `ci-gen` binary
//! adds the trading platform's workflows, which the library leaves out.
//!
//! ```
//! use ci_gen::Files;
//! use ci_model::{Job, Permissions, Step, Workflow};
//!
//! let files = Files::new("cargo run -p my-ci").workflow(
//!     "ci.yml",
//!     Workflow::new("CI")
//!         .on_push()
//!         .permissions(Permissions::none())
//!         .job("t", Job::new("ubuntu-latest").timeout_minutes(5).step(Step::run("true"))),
//! );
//! let dir = std::env::temp_dir().join(format!("ci-gen-doc-{}", std::process::id()));
//! let rendered = files.render().unwrap();
//! let plan = ci_gen::sync::plan(&dir, &rendered).unwrap();
//! let report = ci_gen::sync::apply(&dir, &plan, false).unwrap();
//! assert_eq!(report.written.len(), 2); // the workflow and the manifest
//! let again = ci_gen::sync::apply(&dir, &ci_gen::sync::plan(&dir, &rendered).unwrap(), false).unwrap();
//! assert!(again.written.is_empty());
//! # std::fs::remove_dir_all(&dir).unwrap();
//! ```

#![deny(missing_docs)]

pub mod actions;
pub mod affected;
pub mod bindings;
pub mod check;
pub mod cli;
pub mod diff;
pub mod escape;
pub mod files;
pub mod fmt;
pub mod graph;
pub mod import;
pub mod local;
pub mod review;
pub mod sync;

pub use files::{Content, FileSpec, Files, Later, Rendered};
pub use local::{LocalAction, ReusableWorkflow};
