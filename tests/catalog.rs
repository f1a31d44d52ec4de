//! The error catalog: every file in `tests/catalog/bad/` is a small broken
//! workflow or action, and its exact messages are snapshotted under
//! `snapshots/catalog/`; every file in `tests/catalog/good/` is the valid
//! counterpart of a rule family and must produce no message at all.

use std::fs;
use std::path::{Path, PathBuf};

use ci_model::{Diagnostic, Document, Runners, locate};
use ci_tests::{snapshot_settings, stale_snapshots, workspace_root};

/// The `.yml` files of `tests/catalog/<sub>/`, sorted by name.
fn cases(sub: &str) -> std::io::Result<Vec<PathBuf>> {
    let dir = workspace_root().join("tests").join("catalog").join(sub);
    let mut files = Vec::new();
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "yml" || e == "yaml") {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

fn stem(path: &Path) -> String {
    path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
}

/// The runners a case declares, as a repository's configuration would: a
/// comment line `# self-hosted-runner labels: [a, b]` (actionlint's key)
/// declares self-hosted runners with those labels; without it, none.
fn runners(text: &str) -> Runners {
    let declared = text.lines().find_map(|l| l.strip_prefix("# self-hosted-runner labels:"));
    match declared {
        None => Runners::new(),
        Some(list) => {
            let list = list.trim().trim_start_matches('[').trim_end_matches(']');
            Runners::new().self_hosted(list.split(',').map(str::trim).filter(|l| !l.is_empty()))
        }
    }
}

/// Everything the model reports for `text`: the parse errors, or else the
/// validation problems located in the text.
fn diagnostics(text: &str) -> Vec<Diagnostic> {
    match Document::parse(text, None) {
        Err(e) => e.into_diagnostics(),
        Ok(doc) => {
            let mut d = doc.validate_with(&runners(text));
            locate(text, &mut d);
            d
        }
    }
}

#[test]
fn every_bad_input_has_located_messages_matching_its_snapshot() {
    let files = cases("bad").unwrap_or_else(|e| panic!("tests/catalog/bad: {e}"));
    assert!(files.len() >= 30, "expected at least 30 catalog cases, found {}", files.len());
    let mut settings = snapshot_settings("catalog");
    let mut failures = Vec::new();
    for path in &files {
        let name = stem(path);
        let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{name}: {e}"));
        let diags = diagnostics(&text);
        if diags.is_empty() {
            failures.push(format!("{name}: expected at least one message, found none"));
        }
        for d in &diags {
            if d.location.is_none() {
                failures.push(format!("{name}: message without line and column: {d}"));
            }
        }
        let messages: Vec<String> = diags.iter().map(ToString::to_string).collect();
        settings.set_description(format!("tests/catalog/bad/{name}.yml"));
        settings.bind(|| insta::assert_snapshot!(name.as_str(), messages.join("\n")));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    let names: Vec<String> =
        files.iter().filter_map(|p| p.file_stem()).map(|s| s.to_string_lossy().into_owned()).collect();
    let stale = stale_snapshots("catalog", &names).unwrap_or_else(|e| panic!("snapshots/catalog: {e}"));
    assert!(stale.is_empty(), "snapshots/catalog/ holds snapshots of no case: {stale:?}");
}

#[test]
fn every_good_input_has_no_message() {
    let files = cases("good").unwrap_or_else(|e| panic!("tests/catalog/good: {e}"));
    assert!(!files.is_empty(), "tests/catalog/good is empty");
    let mut failures = Vec::new();
    for path in &files {
        let name = stem(path);
        let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{name}: {e}"));
        let diags = diagnostics(&text);
        if !diags.is_empty() {
            let messages: Vec<String> = diags.iter().map(ToString::to_string).collect();
            failures.push(format!("{name}:\n  {}", messages.join("\n  ")));
        }
    }
    assert!(failures.is_empty(), "valid inputs produced messages:\n{}", failures.join("\n"));
}
