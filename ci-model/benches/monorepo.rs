//! A synthetic monorepo of 100, 300 and 1,000 workflows of 50 jobs each
//! (`support/monorepo.rs`): building the models, validating, linting,
//! emitting, and all of it in a row, at three sizes so that the cost per
//! job can be compared across them (it should not grow with the size).
//!
//! `cargo bench -p ci-model --bench monorepo`; divan reports jobs per second
//! (bytes per second for `emit`).

#[path = "support/monorepo.rs"]
mod support;

use ci_model::Workflow;
use ci_model::lint::Lints;
use divan::counter::{BytesCount, ItemsCount};
use support::{JOBS, monorepo};

fn main() {
    divan::main();
}

/// Workflows in the repository; 1,000 is the size the target is set for.
const SIZES: [usize; 3] = [100, 300, 1_000];

fn models(workflows: usize) -> Vec<Workflow> {
    monorepo(workflows, JOBS).into_iter().map(|(_, w)| w).collect()
}

fn jobs(workflows: usize) -> ItemsCount {
    ItemsCount::new(workflows * JOBS)
}

/// Building the models through the builder API.
#[divan::bench(args = SIZES, sample_count = 10)]
fn build(bencher: divan::Bencher, workflows: usize) {
    bencher.counter(jobs(workflows)).bench(|| monorepo(workflows, JOBS));
}

/// `Workflow::validate` on every workflow.
#[divan::bench(args = SIZES, sample_count = 10)]
fn validate(bencher: divan::Bencher, workflows: usize) {
    let wfs = models(workflows);
    assert!(wfs.iter().all(|w| w.validate().is_empty()), "the synthetic monorepo must validate");
    bencher.counter(jobs(workflows)).bench(|| wfs.iter().map(|w| w.validate().len()).sum::<usize>());
}

/// The security lints on every workflow.
#[divan::bench(args = SIZES, sample_count = 10)]
fn lint(bencher: divan::Bencher, workflows: usize) {
    let wfs = models(workflows);
    let lints = Lints::default();
    assert!(wfs.iter().all(|w| w.lint(&lints).is_empty()), "the synthetic monorepo must lint clean");
    bencher.counter(jobs(workflows)).bench(|| wfs.iter().map(|w| w.lint(&lints).len()).sum::<usize>());
}

/// `Workflow::to_yaml` on every workflow.
#[divan::bench(args = SIZES, sample_count = 10)]
fn emit(bencher: divan::Bencher, workflows: usize) {
    let wfs = models(workflows);
    let bytes: usize = wfs.iter().map(|w| w.to_yaml().len()).sum();
    bencher.counter(BytesCount::new(bytes)).bench(|| wfs.iter().map(|w| w.to_yaml().len()).sum::<usize>());
}

/// `Workflow::checked_yaml`: validate and emit, walking each model once.
#[divan::bench(args = SIZES, sample_count = 10)]
fn validate_emit(bencher: divan::Bencher, workflows: usize) {
    let wfs = models(workflows);
    bencher
        .counter(jobs(workflows))
        .bench(|| wfs.iter().map(|w| w.checked_yaml(None).map_or(0, |y| y.len())).sum::<usize>());
}

/// Build, validate and emit on one thread: the "generate" of the
/// whole monorepo with the library alone (`ci-gen/benches/monorepo.rs` is
/// the same through `ci_gen::Files`, on every core).
#[divan::bench(args = SIZES, sample_count = 10)]
fn build_validate_emit(bencher: divan::Bencher, workflows: usize) {
    bencher.counter(jobs(workflows)).bench(|| {
        monorepo(workflows, JOBS).iter().map(|(_, w)| w.checked_yaml(None).map_or(0, |y| y.len())).sum::<usize>()
    });
}
