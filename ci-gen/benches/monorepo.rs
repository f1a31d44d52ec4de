//! The synthetic monorepo of `ci-model/benches/support/monorepo.rs` (100, 300
//! and 1,000 workflows of 50 jobs) generated the way a generator built on
//! `ci_gen::Files` does it: validate, lint and render every file, the files
//! split over the machine's cores; the models either built first, on one
//! thread (`Files::workflow`), or by each rendering thread as it reaches the
//! file (`Files::workflow_with`).
//!
//! `cargo bench -p ci-gen --bench monorepo`; divan reports jobs per second.

#[path = "../../ci-model/benches/support/monorepo.rs"]
mod support;

use ci_gen::Files;
use divan::counter::ItemsCount;
use support::{JOBS, monorepo, service, workflow};

fn main() {
    divan::main();
}

/// Workflows in the repository; 1,000 is the size the target is set for.
const SIZES: [usize; 3] = [100, 300, 1_000];

fn files(workflows: usize) -> Files {
    monorepo(workflows, JOBS)
        .into_iter()
        .fold(Files::new("cargo run -p monorepo-ci"), |f, (name, w)| f.workflow(&name, w))
}

/// The same files, each model built when its file is rendered.
fn files_built_later(workflows: usize) -> Files {
    (0..workflows).fold(Files::new("cargo run -p monorepo-ci"), |f, w| {
        f.workflow_with(&format!("{}.yml", service(w)), move || workflow(w, JOBS))
    })
}

fn jobs(workflows: usize) -> ItemsCount {
    ItemsCount::new(workflows * JOBS)
}

/// `Files::render` on models already built: validate, lint, emit.
#[divan::bench(args = SIZES, sample_count = 10)]
fn render(bencher: divan::Bencher, workflows: usize) {
    let files = files(workflows);
    assert!(files.render().is_ok(), "the synthetic monorepo must validate and lint clean");
    bencher.counter(jobs(workflows)).bench(|| files.render().map_or(0, |r| r.len()));
}

/// Build the models, then render: the whole generation before writing.
#[divan::bench(args = SIZES, sample_count = 10)]
fn build_and_render(bencher: divan::Bencher, workflows: usize) {
    bencher.counter(jobs(workflows)).bench(|| files(workflows).render().map_or(0, |r| r.len()));
}

/// Build each model on the thread that renders it, then render: the whole
/// generation before writing, with building spread over the cores too.
#[divan::bench(args = SIZES, sample_count = 10)]
fn build_later_and_render(bencher: divan::Bencher, workflows: usize) {
    assert_eq!(
        files_built_later(workflows).render().ok(),
        files(workflows).render().ok(),
        "building later must give the same files"
    );
    bencher.counter(jobs(workflows)).bench(|| files_built_later(workflows).render().map_or(0, |r| r.len()));
}
