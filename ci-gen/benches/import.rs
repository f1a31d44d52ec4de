//! `ci-gen import` throughput over the conformance corpus (`../shared/corpus`).
//!
//! `cargo bench -p ci-gen --features codegen --bench import`; divan reports
//! bytes of YAML per second: the whole import (parse, tokens, syn, prettyplease),
//! and, beside it, the parse alone, to see what the code generation costs.
//! Without the corpus folder there is nothing to measure, and it says so.

#[path = "../../ci-model/benches/support/corpus.rs"]
mod support;

use divan::counter::BytesCount;
use support::{corpus, total_bytes};

fn main() {
    divan::main();
}

/// YAML to formatted Rust source, every file.
#[divan::bench]
fn import(bencher: divan::Bencher) {
    bencher.counter(BytesCount::new(total_bytes())).bench(|| {
        for (name, text) in corpus() {
            divan::black_box(ci_gen::import::import(text, name).ok());
        }
    });
}

/// The parse alone (what `import` starts with), for comparison.
#[divan::bench]
fn parse_only(bencher: divan::Bencher) {
    bencher.counter(BytesCount::new(total_bytes())).bench(|| {
        for (_, text) in corpus() {
            divan::black_box(ci_model::Document::parse(text, None).ok());
        }
    });
}
