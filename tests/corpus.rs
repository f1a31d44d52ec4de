//! Conformance: every real workflow and action in `../shared/corpus` formats,
//! the output loads to the same data as the original (YAML 1.2), and
//! formatting the output again changes nothing.

use std::fs;

use ci_tests::shared;

#[test]
fn every_corpus_file_round_trips_to_equal_data_and_is_idempotent() {
    let Some(dir) = shared("corpus") else { return };
    let mut files: Vec<_> =
        fs::read_dir(&dir).map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect()).unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "yml" || e == "yaml"));
    files.sort();
    assert!(files.len() >= 42, "expected the 42 corpus files, found {}", files.len());
    let mut failures = Vec::new();
    for path in &files {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let text = match fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) => {
                failures.push(format!("{name}: unreadable: {e}"));
                continue;
            }
        };
        let formatted = match ci_gen::fmt::format(&text, None) {
            Ok(f) => f,
            Err(e) => {
                failures.push(format!("{name}: fmt failed:\n{e}"));
                continue;
            }
        };
        let original: serde_yaml::Value = match serde_yaml::from_str(text.trim_start_matches('\u{feff}')) {
            Ok(v) => v,
            Err(e) => {
                failures.push(format!("{name}: the original does not load: {e}"));
                continue;
            }
        };
        match serde_yaml::from_str::<serde_yaml::Value>(&formatted.text) {
            Ok(v) if v == original => {}
            Ok(_) => failures.push(format!("{name}: output loads to different data")),
            Err(e) => failures.push(format!("{name}: output is not YAML: {e}")),
        }
        match ci_gen::fmt::format(&formatted.text, Some(formatted.kind)) {
            Ok(again) if again.text == formatted.text => {}
            Ok(_) => failures.push(format!("{name}: formatting the output again changes it")),
            Err(e) => failures.push(format!("{name}: the output does not parse:\n{e}")),
        }
    }
    assert!(failures.is_empty(), "{} of {} files failed:\n{}", failures.len(), files.len(), failures.join("\n"));
}
