//! `review` of the platform's files (the seven workflows and the composite
//! action under `.github/`): a change to each file (a pin moved, a
//! permission raised, a trigger added, a step changed), compared by meaning;
//! and the whole command in a scratch git repository (listing and reading the
//! base with git, reading the working tree, comparing, rendering).
//!
//! `cargo bench -p ci-gen --bench review`. The target is under 100 ms for
//! the platform's files; `BENCHMARKS.md` has the figures.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use ci_gen::review;

fn main() {
    divan::main();
    let _ = std::fs::remove_dir_all(scratch());
}

/// The platform's generated workflows and actions, by path.
fn platform() -> BTreeMap<String, String> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut out = BTreeMap::new();
    let mut todo = vec![root.join(".github")];
    while let Some(dir) = todo.pop() {
        for e in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                todo.push(p);
            } else if p.extension().is_some_and(|x| x == "yml" || x == "yaml") {
                let rel = p.strip_prefix(&root).unwrap_or(&p).to_string_lossy().replace('\\', "/");
                out.insert(rel, std::fs::read_to_string(&p).unwrap_or_default());
            }
        }
    }
    out
}

/// Each file changed the way a pull request would change it.
fn changed(files: &BTreeMap<String, String>) -> BTreeMap<String, String> {
    files
        .iter()
        .map(|(p, t)| {
            let t = t
                .replacen("contents: read", "contents: write", 1)
                .replacen("timeout-minutes: 10", "timeout-minutes: 20", 1)
                .replacen("pull_request:\n", "pull_request:\n  pull_request_target:\n", 1)
                .replacen(" # v", " # v9", 1);
            (p.clone(), t)
        })
        .collect()
}

#[divan::bench]
fn compare_the_platforms_files(bencher: divan::Bencher) {
    let old = platform();
    let new = changed(&old);
    let triples: Vec<(&str, Option<&str>, Option<&str>)> =
        old.keys().map(|p| (p.as_str(), old.get(p).map(String::as_str), new.get(p).map(String::as_str))).collect();
    bencher.bench(|| review::review_texts(&triples));
}

fn scratch() -> PathBuf {
    std::env::temp_dir().join(format!("ci-gen-review-bench-{}", std::process::id()))
}

fn git(root: &Path, args: &[&str]) {
    let _ = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["-c", "user.name=bench", "-c", "user.email=bench@example.invalid", "-c", "commit.gpgsign=false"])
        .args(args)
        .output();
}

/// A repository with the platform's files on `main` and the changed ones in
/// the working tree.
fn repository() -> PathBuf {
    let root = scratch();
    let _ = std::fs::remove_dir_all(&root);
    let write = |files: &BTreeMap<String, String>| {
        for (p, t) in files {
            let path = root.join(p);
            let _ = std::fs::create_dir_all(path.parent().unwrap_or(&root));
            let _ = std::fs::write(path, t);
        }
    };
    let files = platform();
    write(&files);
    git(&root, &["init", "--quiet", "--initial-branch=main"]);
    git(&root, &["add", "."]);
    git(&root, &["commit", "--quiet", "-m", "base"]);
    write(&changed(&files));
    root
}

#[divan::bench]
fn the_whole_command_in_a_git_repository(bencher: divan::Bencher) {
    let root = repository();
    let empty = BTreeMap::new();
    bencher.bench(|| {
        let base = review::base_commit(&root, Some("main")).unwrap_or_default();
        let files = review::review(&root, &base, &[".github".to_owned()], &empty).unwrap_or_default();
        review::markdown(&base, &files)
    });
}
