//! Generating the platform's files (the seven workflows, the composite action,
//! the two JSON configs and the manifest): building the models, validating,
//! linting and rendering them, and writing them the way `cargo run -p ci-gen`
//! does (plan, then temporary file and rename) into an empty folder.
//!
//! `cargo bench -p ci-gen --bench generate`; divan reports bytes of rendered
//! files per second. `BENCHMARKS.md` compares the whole command with
//! actionlint linting the same seven workflows.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use ci_gen::{Files, Rendered, sync};
use ci_model::simulate::Event;
use divan::counter::BytesCount;

// The platform's code belongs to the `ci-gen` binary, not the library.
#[path = "../src/platform/mod.rs"]
#[allow(dead_code, unreachable_pub)]
mod platform;

fn main() {
    divan::main();
    let _ = std::fs::remove_dir_all(scratch());
}

fn rendered_bytes() -> BytesCount {
    let rendered = platform::files().render().unwrap_or_default();
    BytesCount::new(rendered.iter().map(|r| r.bytes.len()).sum::<usize>())
}

/// A folder of this process for the written files.
fn scratch() -> PathBuf {
    std::env::temp_dir().join(format!("ci-gen-bench-{}", std::process::id()))
}

/// A new empty root under [`scratch`] for each write.
fn empty_root() -> PathBuf {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    scratch().join(NEXT.fetch_add(1, Ordering::Relaxed).to_string())
}

fn write(root: &Path, rendered: &[Rendered]) -> usize {
    let plan = sync::plan(root, rendered).unwrap_or_default();
    sync::apply(root, &plan, false).map(|r| r.written.len()).unwrap_or(0)
}

/// Building the models (`platform::files()`), nothing else.
#[divan::bench]
fn build() -> Files {
    platform::files()
}

/// Validate, lint and render models already built.
#[divan::bench]
fn render(bencher: divan::Bencher) {
    let files = platform::files();
    bencher.counter(rendered_bytes()).bench(|| files.render());
}

/// Build, validate, lint and render: everything but the disk.
#[divan::bench]
fn build_and_render(bencher: divan::Bencher) {
    bencher.counter(rendered_bytes()).bench(|| platform::files().render());
}

/// Build, render and write every file into an empty folder, as a first
/// `cargo run -p ci-gen` does.
#[divan::bench]
fn build_render_write(bencher: divan::Bencher) {
    bencher.counter(rendered_bytes()).with_inputs(empty_root).bench_values(|root| {
        let rendered = platform::files().render().unwrap_or_default();
        write(&root, &rendered)
    });
}

/// Build, render and compare with files already on disk (what `--check`
/// and a run with nothing to do cost).
#[divan::bench]
fn build_render_check(bencher: divan::Bencher) {
    let root = empty_root();
    write(&root, &platform::files().render().unwrap_or_default());
    bencher.counter(rendered_bytes()).bench(|| {
        let rendered = platform::files().render().unwrap_or_default();
        sync::plan(&root, &rendered).map(|p| p.len()).unwrap_or(0)
    });
}

/// `ci-gen affected` on the seven workflows: a pull request changing a few
/// files across the repository.
#[divan::bench]
fn affected(bencher: divan::Bencher) {
    let files = platform::files();
    let event = Event::pull_request("main").head("feature/x").changed([
        "docs/GETTING_STARTED.md",
        "libs/core/src/orders.py",
        "apps/api/Dockerfile",
        "tests/integration/test_orders.py",
    ]);
    bencher.bench(|| ci_gen::affected::simulate(&files, &event).map(|r| r.len()).unwrap_or(0));
}
