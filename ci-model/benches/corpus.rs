//! Parse + emit throughput over the conformance corpus (`../shared/corpus`).
//!
//! `cargo bench -p ci-model --bench corpus`; divan reports bytes per second for
//! each phase. Without the corpus folder the benchmarks have nothing to read and
//! say so.

use std::path::PathBuf;
use std::sync::OnceLock;

use ci_model::Document;
use divan::counter::BytesCount;

fn main() {
    divan::main();
}

/// Every corpus file's text.
fn corpus() -> &'static [String] {
    static CORPUS: OnceLock<Vec<String>> = OnceLock::new();
    CORPUS.get_or_init(|| {
        let dir = std::env::var_os("CI_MODEL_SHARED")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared"))
            .join("corpus");
        let mut files: Vec<PathBuf> =
            std::fs::read_dir(&dir).map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect()).unwrap_or_default();
        files.retain(|p| p.extension().is_some_and(|e| e == "yml" || e == "yaml"));
        files.sort();
        if files.is_empty() {
            eprintln!("no corpus at {}: nothing to measure", dir.display());
        }
        files.iter().filter_map(|p| std::fs::read_to_string(p).ok()).collect()
    })
}

fn total_bytes() -> usize {
    corpus().iter().map(String::len).sum()
}

/// Text to model, every file.
#[divan::bench]
fn parse(bencher: divan::Bencher) {
    bencher.counter(BytesCount::new(total_bytes())).bench(|| {
        for text in corpus() {
            divan::black_box(Document::parse(text, None).ok());
        }
    });
}

/// Model to text, every file.
#[divan::bench]
fn emit(bencher: divan::Bencher) {
    let docs: Vec<Document> = corpus().iter().filter_map(|t| Document::parse(t, None).ok()).collect();
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
        for text in corpus() {
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
        for text in corpus() {
            divan::black_box(serde_yaml::from_str::<serde_yaml::Value>(text.trim_start_matches('\u{feff}')).ok());
        }
    });
}
