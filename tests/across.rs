//! The checks across files on YAML read from a repository: the `.github/`
//! tree of `tests/fixtures/crossfile` (a workflow that uses two local
//! actions and calls two workflows of the repository, with every mistake
//! those uses can make, and a composite action that uses another one) read
//! as `check` reads a folder, every problem placed at its file, line and
//! column; the list is an insta snapshot under `snapshots/across/`.

// A fixture that cannot be read or parsed fails the test with its name.
#![allow(clippy::panic)]

use std::fs;
use std::path::{Path, PathBuf};

use ci_model::{Document, Repository};
use ci_tests::workspace_root;

/// Every `*.yml` under `dir`, relative to `root`, sorted.
fn yaml_under(root: &Path, dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            yaml_under(root, &path, out);
        } else if path.extension().is_some_and(|e| e == "yml" || e == "yaml") {
            out.push(path.strip_prefix(root).map(Path::to_path_buf).unwrap_or(path));
        }
    }
}

/// The fixture's files: (path relative to the fixture's root, text).
fn fixture() -> Vec<(String, String)> {
    let root = workspace_root().join("tests/fixtures/crossfile");
    let mut files = Vec::new();
    yaml_under(&root, &root.join(".github"), &mut files);
    files.sort();
    files
        .into_iter()
        .map(|rel| {
            let text = fs::read_to_string(root.join(&rel)).unwrap_or_else(|e| panic!("{}: {e}", rel.display()));
            (rel.to_string_lossy().replace('\\', "/"), text)
        })
        .collect()
}

#[test]
fn every_mistake_across_the_files_of_a_github_folder_is_reported_with_its_line() {
    let files = fixture();
    assert_eq!(files.len(), 5, "{:?}", files.iter().map(|f| &f.0).collect::<Vec<_>>());
    let docs: Vec<Document> = files
        .iter()
        .map(|(path, text)| Document::parse(text, None).unwrap_or_else(|e| panic!("{path}: {e}")))
        .collect();
    let set = files.iter().zip(&docs).map(|((path, text), doc)| (path.as_str(), doc, text.as_str()));
    let mut lines: Vec<String> = Repository::github_folder(set).validate().iter().map(ToString::to_string).collect();
    // The files' own problems: here, a bundled action's unknown input.
    for ((path, text), doc) in files.iter().zip(&docs) {
        let mut own = doc.validate();
        ci_model::locate(text, &mut own);
        lines.extend(own.iter().map(|d| format!("{path}:{d}")));
    }
    let text = lines.join("\n");
    ci_tests::snapshot_settings("across").bind(|| insta::assert_snapshot!("crossfile-fixture", text));
    // Each kind of mistake is there.
    for rule in ["[inputs]", "[secrets]", "[uses]", "[reusable-call]", "[reference]"] {
        assert!(text.contains(rule), "no {rule} finding:\n{text}");
    }
}

/// Read without the files it names, a workflow's local uses are not
/// reported (the set does not hold them); with them, as a set that is not
/// declared complete, a path that names no file is not reported either.
#[test]
fn a_partial_set_reports_only_what_it_can_see() {
    let files = fixture();
    let Some((path, text)) = files.iter().find(|(p, _)| p.ends_with("ci.yml")) else { panic!("no ci.yml") };
    let doc = Document::parse(text, None).unwrap_or_else(|e| panic!("{path}: {e}"));
    assert_eq!(Repository::new().document(path.as_str(), &doc, Some(text)).validate(), []);
    let docs: Vec<Document> =
        files.iter().map(|(_, t)| Document::parse(t, None).unwrap_or_else(|e| panic!("{e}"))).collect();
    let mut repo = Repository::new();
    for ((p, t), d) in files.iter().zip(&docs) {
        repo = repo.document(p.as_str(), d, Some(t.as_str()));
    }
    let problems = repo.validate();
    assert!(!problems.is_empty());
    assert!(problems.iter().all(|d| d.diagnostic.rule() != "uses"), "{problems:?}");
}
