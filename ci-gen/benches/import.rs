//! `ci-gen import` throughput over the conformance corpus (`../shared/corpus`).
//!
//! `cargo bench -p ci-gen --features codegen --bench import`; divan reports
//! bytes of YAML per second: the whole import (parse, tokens, syn, prettyplease),
//! and, beside it, the parse alone, to see what the code generation costs.
//! Without the corpus folder there is nothing to measure, and it says so.

use std::path::PathBuf;
use std::sync::OnceLock;

use divan::counter::BytesCount;

fn main() {
    divan::main();
}

/// Every corpus file's name and text.
fn corpus() -> &'static [(String, String)] {
    static CORPUS: OnceLock<Vec<(String, String)>> = OnceLock::new();
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
        files
            .iter()
            .filter_map(|p| {
                let name = p.file_name()?.to_string_lossy().into_owned();
                Some((name, std::fs::read_to_string(p).ok()?))
            })
            .collect()
    })
}

fn total_bytes() -> usize {
    corpus().iter().map(|(_, t)| t.len()).sum()
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
