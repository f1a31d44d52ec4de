//! Canonical emit fixtures: each hand-written file in `tests/fixtures/` is
//! formatted by `ci_gen::fmt::format`, and its canonical form is snapshotted
//! under `snapshots/fmt/`. The output must load to the same data as the input,
//! format to itself again, and the (valid) fixtures must raise no warning.

use std::fs;
use std::path::PathBuf;

use ci_tests::{snapshot_settings, stale_snapshots, workspace_root};

/// The `.yml` files of `tests/fixtures/`, sorted by name.
fn fixtures() -> std::io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in fs::read_dir(workspace_root().join("tests").join("fixtures"))? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "yml" || e == "yaml") {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// The data of a YAML text (after a byte-order mark, if any).
fn load(text: &str) -> Result<serde_yaml::Value, serde_yaml::Error> {
    serde_yaml::from_str(text.trim_start_matches('\u{feff}'))
}

#[test]
fn fixtures_format_to_their_snapshot_with_equal_data_and_idempotently() {
    let files = fixtures().unwrap_or_else(|e| panic!("tests/fixtures: {e}"));
    assert!((6..=12).contains(&files.len()), "expected 6-12 fixtures, found {}", files.len());
    let mut settings = snapshot_settings("fmt");
    let (mut crlf, mut bom) = (false, false);
    for path in &files {
        let name = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{name}: {e}"));
        crlf |= text.contains("\r\n");
        bom |= text.starts_with('\u{feff}');
        let formatted = ci_gen::fmt::format(&text, None).unwrap_or_else(|e| panic!("{name}: does not format:\n{e}"));
        let warnings: Vec<String> = formatted.warnings.iter().map(ToString::to_string).collect();
        assert!(warnings.is_empty(), "{name}: a fixture must be valid, found:\n{}", warnings.join("\n"));

        let input = load(&text).unwrap_or_else(|e| panic!("{name}: the input does not load: {e}"));
        let output = load(&formatted.text).unwrap_or_else(|e| panic!("{name}: the output does not load: {e}"));
        assert_eq!(output, input, "{name}: the output loads to different data:\n{}", formatted.text);
        let again = ci_gen::fmt::format(&formatted.text, Some(formatted.kind))
            .unwrap_or_else(|e| panic!("{name}: the output does not parse:\n{e}"));
        assert_eq!(again.text, formatted.text, "{name}: formatting the output again changes it");
        assert!(!formatted.text.contains('\r'), "{name}: the output has a carriage return");
        assert!(!formatted.text.starts_with('\u{feff}'), "{name}: the output has a byte-order mark");
        assert!(
            formatted.text.lines().all(|l| l == l.trim_end()),
            "{name}: the output has trailing whitespace:\n{}",
            formatted.text
        );

        settings.set_description(format!("tests/fixtures/{name}.yml"));
        settings.bind(|| insta::assert_snapshot!(name.as_str(), formatted.text));
    }
    // A checkout that normalises line ends or strips the mark would quietly
    // stop testing them.
    assert!(crlf && bom, "a fixture must have CRLF line ends ({crlf}) and one a byte-order mark ({bom})");
    let names: Vec<String> =
        files.iter().filter_map(|p| p.file_stem()).map(|s| s.to_string_lossy().into_owned()).collect();
    let stale = stale_snapshots("fmt", &names).unwrap_or_else(|e| panic!("snapshots/fmt: {e}"));
    assert!(stale.is_empty(), "snapshots/fmt/ holds snapshots of no case: {stale:?}");
}
