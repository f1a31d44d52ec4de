//! No quadratic step: validating, linting, emitting and simulating a workflow
//! ten times larger must cost about ten times more, not a hundred.
//!
//! Nothing is timed (timings are noise on a shared machine). The cost counted
//! is the number of heap allocations, which is deterministic and which every
//! per-job, per-step and per-expression piece of work in these passes makes;
//! a step that redid the work of the whole workflow for each job (lowering,
//! cloning paths, rescanning the jobs) shows up as ~100x at 10x the size. The
//! throughput itself is measured by the benchmarks (`benches/monorepo.rs`).
//!
//! The workflows come from the benchmarks' synthetic monorepo
//! (`benches/support/monorepo.rs`): needs chains with fan-ins, matrices,
//! outputs, and expressions in every place they go.

#[path = "../benches/support/monorepo.rs"]
mod monorepo;

use ci_model::lint::Lints;
use ci_model::{Job, Matrix, Permissions, Step, Uses, Workflow};

/// Allocations `f` makes (on this thread: the tests run on several).
fn allocations<T>(f: impl FnOnce() -> T) -> u64 {
    allocation_counter::measure(|| {
        std::hint::black_box(f());
    })
    .count_total
}

/// The small and the ten-times-larger size of one dimension.
const SMALL: usize = 40;
const LARGE: usize = 400;

/// Linear work grows 10x (plus a constant); quadratic work ~100x. 15x leaves
/// room for per-workflow constants and amortised growth of vectors.
const LIMIT: f64 = 15.0;

fn assert_linear(what: &str, small: u64, large: u64) {
    let ratio = large as f64 / small.max(1) as f64;
    eprintln!("{what}: {small} -> {large} allocations ({ratio:.2}x)");
    assert!(
        ratio < LIMIT,
        "{what}: {small} allocations at size {SMALL}, {large} at size {LARGE} ({ratio:.1}x for 10x the input): \
         some step is worse than linear"
    );
}

fn workflow(jobs: usize) -> Workflow {
    let wf = monorepo::workflow(7, jobs);
    let problems = wf.validate();
    assert!(problems.is_empty(), "the synthetic workflow must validate: {}", problems[0]);
    wf
}

#[test]
fn validation_is_linear_in_jobs() {
    let (small, large) = (workflow(SMALL), workflow(LARGE));
    assert_linear("validate", allocations(|| small.validate()), allocations(|| large.validate()));
}

#[test]
fn lints_are_linear_in_jobs() {
    let (small, large) = (workflow(SMALL), workflow(LARGE));
    let lints = Lints::default();
    assert!(small.lint(&lints).is_empty(), "the synthetic workflow must lint clean");
    // A clean job allocates nothing (paths are made only for findings), so
    // this case only bounds the per-workflow work.
    assert_linear("lint", allocations(|| small.lint(&lints)), allocations(|| large.lint(&lints)));
    // Every job with findings (an unpinned checkout that keeps its
    // credentials): each finding allocates its path and message, and each is
    // checked against the job's and the step's suppressions.
    let findings = |n: usize| {
        (0..n).fold(Workflow::new("W").on_push().permissions(Permissions::none()), |wf, i| {
            wf.job(
                format!("j{i}"),
                Job::new("ubuntu-latest").timeout_minutes(5).step(Step::uses(Uses::new("actions/checkout@v4"))),
            )
        })
    };
    let (small, large) = (findings(SMALL), findings(LARGE));
    assert_eq!(small.lint(&lints).len(), 2 * SMALL, "two findings per job");
    assert_linear("lint (findings)", allocations(|| small.lint(&lints)), allocations(|| large.lint(&lints)));
}

#[test]
fn lints_are_linear_in_steps() {
    // Every other step a checkout that keeps its credentials: each one asks
    // whether a later step pushes.
    let workflow = |n: usize| {
        let steps = (0..n).map(|i| {
            if i % 2 == 0 {
                Step::uses(Uses::pinned("actions/checkout", "3d3c42e5aac5ba805825da76410c181273ba90b1", "v7.0.1"))
            } else {
                Step::run("make")
            }
        });
        Workflow::new("W")
            .on_push()
            .permissions(Permissions::none())
            .job("j", Job::new("ubuntu-latest").timeout_minutes(5).steps(steps))
    };
    let (small, large) = (workflow(SMALL), workflow(LARGE));
    let lints = Lints::default();
    assert_eq!(small.lint(&lints).len(), SMALL / 2);
    assert_linear("lint (steps)", allocations(|| small.lint(&lints)), allocations(|| large.lint(&lints)));
}

#[test]
fn emitting_is_linear_in_jobs() {
    let (small, large) = (workflow(SMALL), workflow(LARGE));
    assert_linear("to_yaml", allocations(|| small.to_yaml()), allocations(|| large.to_yaml()));
}

#[test]
fn parsing_is_linear_in_jobs() {
    let (small, large) = (workflow(SMALL).to_yaml(), workflow(LARGE).to_yaml());
    assert_linear(
        "parse",
        allocations(|| Workflow::parse(&small).is_ok()),
        allocations(|| Workflow::parse(&large).is_ok()),
    );
}

#[test]
fn simulation_is_linear_in_jobs_and_changed_files() {
    let (small, large) = (workflow(SMALL), workflow(LARGE));
    let event = monorepo::push_event(1_000, 10);
    assert_linear("simulate (jobs)", allocations(|| small.simulate(&event)), allocations(|| large.simulate(&event)));
    // Changed files that touch other services (0 to 4), so that every one is
    // compared with the path filters; past GitHub's 300 the cost stops growing.
    let (few, many) = (monorepo::push_event(SMALL, 5), monorepo::push_event(LARGE, 5));
    assert_linear(
        "simulate (changed files)",
        allocations(|| small.simulate(&few)),
        allocations(|| small.simulate(&many)),
    );
}

#[test]
fn matrix_expansion_is_linear_in_combinations() {
    // 2 x 2 x n combinations, one exclude and one include: each row is built
    // once and compared with each entry (GitHub's rules; a matrix has at most
    // 256 jobs, so the number of entries stays small).
    let matrix = |n: usize| {
        Matrix::new()
            .axis("os", ["ubuntu-latest", "windows-latest"])
            .axis("python", ["3.12", "3.13"])
            .axis("shard", (0..n).map(|i| i.to_string()))
            .exclude([("os", "windows-latest"), ("shard", "0")])
            .include([("os", "ubuntu-latest"), ("coverage", "true")])
    };
    let (small, large) = (matrix(SMALL), matrix(LARGE));
    assert_eq!(small.combinations().len(), 4 * SMALL - 2);
    assert_linear("combinations", allocations(|| small.combinations()), allocations(|| large.combinations()));
}

/// Many unknown names among many known ones: each message lists a few of
/// them and suggestions share one budget per document, so the work grows
/// with the names and the references, not with their product (each problem
/// copied every name, and each suggestion lower-cased every candidate).
#[test]
fn unknown_names_are_linear_in_names_and_references() {
    use ci_model::{DispatchInput, NullOr, Strategy, WorkflowDispatch};
    let workflow = |n: usize| {
        let mut dispatch = WorkflowDispatch::new();
        for i in 0..n {
            dispatch = dispatch.input(format!("in{i}"), DispatchInput::string());
        }
        let mut matrix = Matrix::new();
        for i in 0..n {
            matrix = matrix.axis(format!("axis{i}"), ["x"]);
        }
        let mut a = Job::new("ubuntu-latest").strategy(Strategy::matrix(matrix));
        for i in 0..n {
            a = a.needs(format!("z{i}")).step(Step::run("true").id(format!("s{i}")));
        }
        for i in 0..n {
            let text = format!(
                "echo ${{{{ inputs.x{i} }}}} ${{{{ matrix.x{i} }}}} ${{{{ steps.x{i}.outputs.o }}}} ${{{{ needs.x{i}.result }}}}"
            );
            a = a.step(Step::run(text));
        }
        let mut wf = Workflow::new("W").on_push().triggers(|t| t.workflow_dispatch = Some(NullOr::Value(dispatch)));
        wf = wf.job("a", a);
        for i in 0..n {
            wf = wf.job(format!("j{i}"), Job::new("ubuntu-latest").step(Step::run("true")));
        }
        wf
    };
    let (small, large) = (workflow(SMALL), workflow(LARGE));
    let rules = |wf: &Workflow| {
        let mut rules: Vec<&str> = wf.validate().iter().map(|d| d.rule()).collect();
        rules.dedup();
        rules
    };
    assert_eq!(rules(&small), ["needs", "reference"]);
    // Both sizes once before counting: expression analyses are kept per
    // thread, and both should find theirs kept.
    assert_eq!(small.validate().len(), 5 * SMALL);
    assert_eq!(large.validate().len(), 5 * LARGE);
    assert_linear("validate (unknown names)", allocations(|| small.validate()), allocations(|| large.validate()));
}

/// A message is escaped as it is written: printing one, with or without
/// characters to escape, allocates nothing but the text it is written to.
#[test]
fn messages_are_escaped_without_allocating() {
    use std::fmt::Write as _;
    let wf = Workflow::new("W")
        .on_push()
        .job("a\u{1b}[31m", Job::new("ubuntu-latest").needs("b\u{7}").step(Step::run("true")));
    let problems = wf.validate();
    assert_eq!(problems.len(), 2, "{problems:?}");
    let mut text = String::with_capacity(4096);
    let written = allocations(|| {
        for p in &problems {
            let _ = write!(text, "{p}\n{}\n", p.problem);
        }
    });
    assert!(text.contains("jobs.\"a\\u{1b}[31m\".needs: no job `b\\u{7}` [needs]"), "{text}");
    assert_eq!(written, 0, "{text}");
}
