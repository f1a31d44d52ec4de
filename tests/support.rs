//! Helpers shared by the conformance tests: finding `../shared`, insta
//! settings that put snapshots under the workspace's `snapshots/` folder,
//! and running cargo on a generated project.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    here.parent().map(PathBuf::from).unwrap_or(here)
}

/// `../shared/<sub>` beside the workspace (or `$CI_MODEL_SHARED/<sub>`).
///
/// When the folder is missing this says so on stderr and returns `None`, so a
/// contributor without it can still run the rest; under `CI=true` a missing
/// folder fails the test instead, because CI must run the conformance suite.
#[allow(clippy::panic)]
pub fn shared(sub: &str) -> Option<PathBuf> {
    let base = std::env::var_os("CI_MODEL_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("..").join("shared"));
    let dir = base.join(sub);
    if dir.is_dir() {
        return Some(dir);
    }
    let msg = format!(
        "{} is missing: this test reads the shared conformance material there (set CI_MODEL_SHARED to its location)",
        dir.display()
    );
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("{msg}; CI=true, so this is a failure");
    }
    eprintln!("SKIPPED: {msg}");
    None
}

/// Runs cargo in `dir` with the target folder `target`; panics with its
/// output when it fails, and returns its stdout.
#[allow(clippy::panic)]
pub fn cargo(dir: &Path, target: &Path, args: &[&str]) -> String {
    let started = Instant::now();
    let output = Command::new(env!("CARGO"))
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .output()
        .unwrap_or_else(|e| panic!("running cargo {args:?}: {e}"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "cargo {} failed in {}:\n{}",
        args.join(" "),
        dir.display(),
        stderr.lines().take(200).collect::<Vec<_>>().join("\n")
    );
    eprintln!("cargo {} took {:.1} s", args.join(" "), started.elapsed().as_secs_f64());
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// insta settings writing snapshots to `snapshots/<group>/` at the workspace root.
pub fn snapshot_settings(group: &str) -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.set_snapshot_path(workspace_root().join("snapshots").join(group));
    s.set_prepend_module_to_snapshot(false);
    s.set_omit_expression(true);
    s
}

/// The files in `snapshots/<group>/` (pending `.snap.new` files included)
/// that are not `<name>.snap` for one of `names`: snapshots of a renamed or
/// removed case, which a test should reject.
pub fn stale_snapshots<S: AsRef<str>>(group: &str, names: &[S]) -> std::io::Result<Vec<String>> {
    let expected: Vec<String> = names.iter().map(|n| format!("{}.snap", n.as_ref())).collect();
    let mut stale = Vec::new();
    for entry in std::fs::read_dir(workspace_root().join("snapshots").join(group))? {
        let file = entry?.file_name().to_string_lossy().into_owned();
        if !expected.contains(&file) {
            stale.push(file);
        }
    }
    stale.sort();
    Ok(stale)
}
