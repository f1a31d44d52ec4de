//! Parse + emit throughput over the conformance corpus (`../shared/corpus`).
//!
//! `cargo bench -p ci-model --bench corpus`; divan reports bytes per second for
//! each phase. Without the corpus folder the benchmarks have nothing to read and
//! say so.

#[path = "support/corpus.rs"]
mod support;

use ci_model::Document;
use divan::counter::BytesCount;
use support::{corpus, total_bytes};

fn main() {
    divan::main();
}

/// Text to model, every file.
#[divan::bench]
fn parse(bencher: divan::Bencher) {
    bencher.counter(BytesCount::new(total_bytes())).bench(|| {
        for (_, text) in corpus() {
            divan::black_box(Document::parse(text, None).ok());
        }
    });
}

/// Model to text, every file.
#[divan::bench]
fn emit(bencher: divan::Bencher) {
    let docs: Vec<Document> = corpus().iter().filter_map(|(_, t)| Document::parse(t, None).ok()).collect();
    bencher.counter(BytesCount::new(total_bytes())).bench(|| {
        for d in &docs {
            divan::black_box(d.to_yaml());
        }
    });
}

/// Text to model to text (what `ci-gen fmt` does), every file.
#[divan::bench]
fn parse_and_emit(bencher: divan::Bencher) {
    bencher.counter(BytesCount::new(total_bytes())).bench(|| {
        for (_, text) in corpus() {
            if let Ok(d) = Document::parse(text, None) {
                divan::black_box(d.to_yaml());
            }
        }
    });
}

/// The raw YAML load alone (yaml_serde into a generic value), for comparison.
#[divan::bench]
fn yaml_serde_load_only(bencher: divan::Bencher) {
    bencher.counter(BytesCount::new(total_bytes())).bench(|| {
        for (_, text) in corpus() {
            divan::black_box(serde_yaml::from_str::<serde_yaml::Value>(text.trim_start_matches('\u{feff}')).ok());
        }
    });
}
