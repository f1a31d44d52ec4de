//! Every public item of `ci-model` is documented with a runnable example.
//!
//! The project's standard asks library code for "public items documented with
//! examples". This test reads `ci-model/src` as text and, for every `pub` fn,
//! struct, enum, trait, type alias, const, static, union and module, looks for a
//! doc-test (a ```` ``` ```` block that is Rust, not `text` or `ignore`) in the
//! `///` lines and attributes right above it. A `pub mod name;` counts as
//! documented by the `//!` lines of its own file.
//!
//! Skipped: the generated `actions/` folder (its generator, `ci-gen bindings`,
//! writes its examples), `#[cfg(test)]` items, `pub(crate)` and narrower items
//! (they do not start with `pub `), and items that a `macro_rules!` body names
//! with a metavariable (`pub fn $method`): their docs come from each invocation's
//! `$(#[$doc])*`, which this scan does not follow. Items a macro body names
//! literally (`pub struct Triggers`) carry their own `///` and are checked.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use ci_tests::workspace_root;

/// Item keywords a public item starts with (after `pub` and qualifiers).
const KINDS: &[&str] = &["fn", "struct", "enum", "trait", "type", "const", "static", "mod", "union"];
/// Qualifiers that may stand between `pub` and the item keyword.
const QUALIFIERS: &[&str] = &["const", "async", "unsafe", "extern", "\"C\"", "safe"];

/// The `.rs` files under `dir`, in path order, without the `actions/` folder.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) -> io::Result<()> {
    let mut entries = Vec::new();
    for entry in fs::read_dir(dir)? {
        entries.push(entry?.path());
    }
    entries.sort();
    for path in entries {
        if path.is_dir() {
            if path.file_name().is_some_and(|n| n != "actions") {
                rust_files(&path, out)?;
            }
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    Ok(())
}

/// The kind and name of the public item `line` declares, if it declares one.
fn public_item(line: &str) -> Option<(&str, &str)> {
    let mut words = line.trim_start().strip_prefix("pub ")?.split_whitespace();
    let mut word = words.next()?;
    loop {
        if KINDS.contains(&word) {
            let after = words.clone().next()?;
            // `pub const fn`, `pub const unsafe fn`: `const` is a qualifier here.
            let qualified = word == "const" && (KINDS.contains(&after) || QUALIFIERS.contains(&after));
            if !qualified {
                let end = after.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(after.len());
                let name = &after[..end];
                // A metavariable (`$method`) leaves no name.
                return (!name.is_empty()).then_some((word, name));
            }
        } else if !QUALIFIERS.contains(&word) {
            return None;
        }
        word = words.next()?;
    }
}

/// Whether some doc line (its `///` or `//!` already removed) opens a doc-test.
fn has_doctest<'a>(docs: impl IntoIterator<Item = &'a str>) -> bool {
    let mut in_block = false;
    for doc in docs {
        let Some(info) = doc.trim().strip_prefix("```") else { continue };
        if in_block {
            in_block = false;
            continue;
        }
        in_block = true;
        let rust = info
            .split([',', ' '])
            .filter(|t| !t.is_empty())
            .all(|t| matches!(t, "rust" | "should_panic" | "no_run" | "compile_fail") || t.starts_with("edition"));
        if rust {
            return true;
        }
    }
    false
}

/// The `//!` lines of `file`, without their marker.
fn inner_docs(file: &str) -> Vec<&str> {
    file.lines().filter_map(|l| l.trim_start().strip_prefix("//!")).collect()
}

/// The file holding `pub mod name;` declared in `file`.
fn module_file(file: &Path, name: &str) -> Option<PathBuf> {
    let stem = file.file_stem()?.to_str()?;
    let parent = file.parent()?;
    let dir = if stem == "lib" || stem == "mod" { parent.to_path_buf() } else { parent.join(stem) };
    [dir.join(format!("{name}.rs")), dir.join(name).join("mod.rs")].into_iter().find(|p| p.is_file())
}

/// `file:line: kind name` for each public item of `path` without an example.
fn missing_examples(path: &Path, root: &Path) -> io::Result<Vec<String>> {
    let text = fs::read_to_string(path)?;
    let lines: Vec<&str> = text.lines().collect();
    let mut missing = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if line.trim_start().starts_with("#[cfg(test)]") {
            // Skip the item: up to its `;`, or to the `}` at its own indentation.
            let mut j = i + 1;
            while j < lines.len() && lines[j].trim_start().starts_with("#[") {
                j += 1;
            }
            if let Some(item) = lines.get(j).filter(|l| l.trim_end().ends_with('{')) {
                let close = format!("{}}}", &item[..item.len() - item.trim_start().len()]);
                while j < lines.len() && lines[j].trim_end() != close {
                    j += 1;
                }
            }
            i = j + 1;
            continue;
        }
        if let Some((kind, name)) = public_item(line) {
            let mut docs = Vec::new();
            let mut j = i;
            while j > 0 {
                let above = lines[j - 1].trim_start();
                if let Some(doc) = above.strip_prefix("///") {
                    docs.push(doc);
                } else if !above.starts_with("#[") {
                    break;
                }
                j -= 1;
            }
            docs.reverse();
            let mut documented = has_doctest(docs);
            if !documented
                && kind == "mod"
                && line.trim_end().ends_with(';')
                && let Some(module) = module_file(path, name)
            {
                documented = has_doctest(inner_docs(&fs::read_to_string(module)?));
            }
            if !documented {
                let shown = path.strip_prefix(root).unwrap_or(path).display();
                missing.push(format!("{shown}:{}: {kind} {name}", i + 1));
            }
        }
        i += 1;
    }
    Ok(missing)
}

#[test]
fn every_public_item_has_an_example() {
    let root = workspace_root();
    let mut files = Vec::new();
    rust_files(&root.join("ci-model").join("src"), &mut files).unwrap();
    assert!(files.len() > 10, "found only {} files under ci-model/src", files.len());
    let missing: Vec<String> =
        files.iter().map(|f| missing_examples(f, &root)).collect::<io::Result<Vec<_>>>().unwrap().concat();
    assert!(
        missing.is_empty(),
        "{} public items of ci-model have no example (a ``` doc-test in their `///` docs):\n{}",
        missing.len(),
        missing.join("\n")
    );
}

#[test]
fn the_scan_sees_items_and_examples() {
    assert_eq!(public_item("    pub fn parse(text: &str) -> Self {"), Some(("fn", "parse")));
    assert_eq!(public_item("pub const EVENTS: &[&str] = &[];"), Some(("const", "EVENTS")));
    assert_eq!(public_item("pub const fn new() -> Self {"), Some(("fn", "new")));
    assert_eq!(public_item("pub struct Github(E);"), Some(("struct", "Github")));
    assert_eq!(public_item("pub(crate) fn lower(&self) {"), None);
    assert_eq!(public_item("$( pub fn $method(&self) -> E { } )*"), None);
    assert_eq!(public_item("pub use crate::x;"), None);
    assert!(has_doctest([" Text.", " ```", " assert!(true);", " ```"]));
    assert!(has_doctest([" ```rust,no_run", " ```"]));
    assert!(!has_doctest([" ```text", " a: b", " ```"]));
    assert!(!has_doctest([" ```ignore", " ```", " ```text", " ```"]));
    assert!(!has_doctest([" No example."]));
}
