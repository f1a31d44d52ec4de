//! `check` over every file of `../shared/corpus` (or `$CI_MODEL_SHARED/corpus`):
//! reading, parsing, validating and linting each file on every core, then
//! sorting the findings, as `ci-gen check FILE...` does, with and without
//! rendering them.
//!
//! `cargo bench -p ci-gen --bench check`; divan reports bytes of YAML
//! checked per second. `BENCHMARKS.md` compares the whole command with
//! actionlint on the same files.

use std::path::PathBuf;

use ci_gen::check::{self, Format, Target};
use ci_model::lint::Lints;
use divan::counter::BytesCount;

fn main() {
    if corpus().is_empty() {
        eprintln!("SKIPPED: no corpus at {} (set CI_MODEL_SHARED)", shared().join("corpus").display());
        return;
    }
    divan::main();
}

/// `$CI_MODEL_SHARED`, else `../shared` beside the workspace.
fn shared() -> PathBuf {
    std::env::var_os("CI_MODEL_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..").join("..").join("shared"))
}

/// Every YAML file of the corpus, sorted.
fn corpus() -> Vec<Target> {
    let dir = shared().join("corpus");
    let mut files: Vec<PathBuf> =
        std::fs::read_dir(&dir).map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect()).unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "yml" || e == "yaml"));
    files.sort();
    files.into_iter().map(Target::new).collect()
}

fn corpus_bytes(targets: &[Target]) -> BytesCount {
    BytesCount::new(targets.iter().filter_map(|t| std::fs::metadata(&t.path).ok()).map(|m| m.len()).sum::<u64>())
}

/// Read, parse, validate and lint every file; the findings sorted.
#[divan::bench]
fn check_corpus(bencher: divan::Bencher<'_, '_>) {
    let targets = corpus();
    let lints = Lints::default();
    bencher.counter(corpus_bytes(&targets)).bench(|| check::check(&targets, &lints).findings.len());
}

/// The same, and the report written as the terminal shows it.
#[divan::bench]
fn check_corpus_and_render(bencher: divan::Bencher<'_, '_>) {
    let targets = corpus();
    let lints = Lints::default();
    bencher
        .counter(corpus_bytes(&targets))
        .bench(|| check::render(&check::check(&targets, &lints), Format::Human, false).len());
}

/// The same, as SARIF.
#[divan::bench]
fn check_corpus_sarif(bencher: divan::Bencher<'_, '_>) {
    let targets = corpus();
    let lints = Lints::default();
    bencher
        .counter(corpus_bytes(&targets))
        .bench(|| check::render(&check::check(&targets, &lints), Format::Sarif, false).len());
}
