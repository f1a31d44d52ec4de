//! GitHub Actions workflows and action metadata as typed Rust values.
//!
//! `ci-model` models the whole [workflow syntax] and `action.yml` [metadata]:
//! every event and filter, permissions, concurrency, jobs and reusable-workflow
//! calls, matrices, containers and services, steps. Where GitHub's rules are
//! exclusive the model uses a sum type ([`Job`], [`StepBody`], [`Filter`]),
//! and wherever GitHub accepts a `${{ }}` expression the model does too
//! ([`LitOrExpr`]).
//!
//! It writes canonical YAML with its own emitter (so a SHA-pinned `uses:` can
//! carry its `# v4.2.2` comment), reads YAML back without losing anything
//! (unknown keys are kept and reported), validates a model before it is
//! written, and describes itself as a JSON Schema.
//!
//! ```
//! use ci_model::{Job, Permissions, Step, Uses, Workflow};
//!
//! let checkout = Uses::pinned("actions/checkout", "3d3c42e5aac5ba805825da76410c181273ba90b1", "v7.0.1");
//! let wf = Workflow::new("CI")
//!     .on_push_branches(["main"])
//!     .permissions(Permissions::none().with("contents", ci_model::Level::Read))
//!     .job(
//!         "test",
//!         Job::new("ubuntu-latest")
//!             .timeout_minutes(15)
//!             .step(Step::uses(checkout).with("persist-credentials", false))
//!             .step(Step::run("cargo test --workspace")),
//!     );
//! assert!(wf.validate().is_empty());
//!
//! let yaml = wf.to_yaml();
//! assert!(yaml.contains("uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1\n"));
//! let back = Workflow::parse(&yaml).unwrap();
//! assert_eq!(back.to_yaml().replace(" # v7.0.1", ""), yaml.replace(" # v7.0.1", ""));
//! ```
//!
//! [workflow syntax]: https://docs.github.com/actions/using-workflows/workflow-syntax-for-github-actions
//! [metadata]: https://docs.github.com/actions/creating-actions/metadata-syntax-for-github-actions

#![deny(missing_docs)]
// Model values are built once and moved rarely; boxing the large variants
// (a normal job, a mapping of triggers) would make every match and builder
// noisier for no measurable gain.
#![allow(clippy::large_enum_variant)]

mod action;
mod common;
pub mod diagnostic;
mod document;
mod emit;
pub mod expression;
mod parse;
mod path;
mod scalar;
mod schema;
mod step;
mod validate;
mod workflow;
mod yaml;

pub use action::{Action, ActionInput, ActionOutput, Branding, CompositeRuns, DockerRuns, NodeRuns, Runs};
pub use common::{Env, Expr, Extra, LitOrExpr, OneOrMany, SourceComments, Uses, UsesTarget};
pub use diagnostic::{Diagnostic, Location, Problem};
pub use document::{Document, DocumentKind, comment_lines};
pub use parse::{ParseError, locate};
pub use path::{Path, Segment};
pub use scalar::{Number, Scalar};
pub use schema::{action_schema, workflow_schema};
pub use step::{Run, Step, StepBody, With};
pub use workflow::*;
pub use yaml::Yaml;
