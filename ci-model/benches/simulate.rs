//! `affected` over the synthetic monorepo (`support/monorepo.rs`): a push to
//! `main` changing 1,000 paths, simulated on 100, 300 and 1,000 workflows of
//! 50 jobs, which is what `ci-gen affected` does per workflow.
//!
//! `cargo bench -p ci-model --bench simulate`; divan reports workflows per
//! second.

#[path = "support/monorepo.rs"]
mod support;

use ci_model::Workflow;
use ci_model::simulate::Outcome;
use divan::counter::ItemsCount;
use support::{JOBS, monorepo, push_event};

fn main() {
    divan::main();
}

const SIZES: [usize; 3] = [100, 300, 1_000];

/// Changed paths in the push.
const CHANGED: usize = 1_000;

/// Every workflow's verdict (and its jobs') for the push.
#[divan::bench(args = SIZES, sample_count = 10)]
fn affected(bencher: divan::Bencher, workflows: usize) {
    let wfs: Vec<Workflow> = monorepo(workflows, JOBS).into_iter().map(|(_, w)| w).collect();
    let event = push_event(CHANGED, workflows);
    let runs = wfs.iter().filter_map(|w| w.simulate(&event).ok()).filter(|v| v.outcome == Outcome::Runs).count();
    assert!(runs > 0 && runs < workflows, "the push should run some workflows and skip others");
    bencher
        .counter(ItemsCount::new(workflows))
        .bench(|| wfs.iter().map(|w| w.simulate(&event).map(|v| v.jobs.len()).unwrap_or(0)).sum::<usize>());
}
