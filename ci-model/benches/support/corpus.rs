//! The conformance corpus (`../shared/corpus`, or `$CI_MODEL_SHARED/corpus`)
//! for the benchmarks: each file's name and text, read once. Without the
//! folder there is nothing to measure, and it says so.

use std::path::PathBuf;
use std::sync::OnceLock;

/// Every corpus file's name and text, in name order.
pub(crate) fn corpus() -> &'static [(String, String)] {
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

/// The corpus's size in bytes.
pub(crate) fn total_bytes() -> usize {
    corpus().iter().map(|(_, t)| t.len()).sum()
}
