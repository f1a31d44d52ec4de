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

/// The folders of the shared conformance material the tests read.
pub const SHARED_PARTS: &[&str] = &["actions", "corpus", "schemas"];

/// The environment variable that lets the conformance tests pass as skipped
/// when the shared material is missing (outside CI): `CI_MODEL_SKIP_SHARED=1`.
pub const SKIP_SHARED: &str = "CI_MODEL_SKIP_SHARED";

/// The shared conformance material: `$CI_MODEL_SHARED`, or `../shared`
/// beside the workspace.
pub fn shared_base() -> PathBuf {
    std::env::var_os("CI_MODEL_SHARED").map(PathBuf::from).unwrap_or_else(|| workspace_root().join("..").join("shared"))
}

/// Whether `CI=true`: CI must run the conformance suite.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true")
}

/// Whether `CI_MODEL_SKIP_SHARED=1` (and not in CI, where it does not count).
pub fn skipping_shared() -> bool {
    !in_ci() && std::env::var(SKIP_SHARED).is_ok_and(|v| v == "1")
}

/// `../shared/<sub>` beside the workspace (or `$CI_MODEL_SHARED/<sub>`).
///
/// When the folder is missing this says so on stderr and returns `None`, so a
/// contributor without it can still run the rest; the test
/// `shared_material_is_present` (tests/shared_present.rs) fails then unless
/// `CI_MODEL_SKIP_SHARED=1` says that is meant. Under `CI=true` a missing
/// folder fails this test too, because CI must run the conformance suite.
#[allow(clippy::panic)]
pub fn shared(sub: &str) -> Option<PathBuf> {
    let dir = shared_base().join(sub);
    if dir.is_dir() {
        return Some(dir);
    }
    let msg = format!(
        "{} is missing: this test reads the shared conformance material there (set CI_MODEL_SHARED to its location)",
        dir.display()
    );
    if in_ci() {
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

/// A random number generator for deterministic test inputs: SplitMix64,
/// small, fast and the same on every machine.
#[derive(Debug)]
pub struct Rng(pub u64);

impl Rng {
    /// The next number.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// One of `items`.
    pub fn pick(&mut self, items: &[&'static str]) -> &'static str {
        items[self.below(items.len())]
    }
}

/// Runs a generator's command line on `files` with `root` and `args`;
/// returns (exit status, stdout, stderr).
pub fn run_generator(files: ci_gen::Files, root: &Path, args: &[&str]) -> (u8, String, String) {
    let mut out = Vec::new();
    let mut err = Vec::new();
    let args: Vec<String> = args.iter().map(|s| (*s).to_owned()).collect();
    let code = ci_gen::cli::run_with(files, root, &args, &mut out, &mut err);
    (code, String::from_utf8_lossy(&out).into_owned(), String::from_utf8_lossy(&err).into_owned())
}

/// The trading platform's CI, as the `ci-gen` binary compiles it (the
/// library leaves it out, so that other repositories' generators do not
/// compile it).
#[path = "../ci-gen/src/platform/mod.rs"]
pub mod platform;

/// README.md's Rust examples, compiled and run as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeExamples;

/// A scratch git repository under the temporary folder, removed when
/// dropped: commits are made with a fixed identity and no signing, whatever
/// the machine's git configuration says.
#[derive(Debug)]
pub struct ScratchRepo(pub PathBuf);

impl ScratchRepo {
    /// An empty repository on the branch `main`, in a folder named after
    /// `name`, this process and a counter (so tests may run in parallel).
    #[allow(clippy::panic)] // test setup: a failure is how a test fails
    pub fn new(name: &str) -> Self {
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("{name}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("mkdir {}: {e}", dir.display()));
        let repo = ScratchRepo(dir);
        repo.git(&["init", "--quiet", "--initial-branch=main"]);
        repo
    }

    /// Writes a file (and its folders).
    #[allow(clippy::panic)]
    pub fn write(&self, rel: &str, text: &str) {
        let path = self.0.join(rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).unwrap_or_else(|e| panic!("mkdir {}: {e}", dir.display()));
        }
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("write {rel}: {e}"));
    }

    /// Removes a file.
    #[allow(clippy::panic)]
    pub fn remove(&self, rel: &str) {
        std::fs::remove_file(self.0.join(rel)).unwrap_or_else(|e| panic!("rm {rel}: {e}"));
    }

    /// Stages everything and commits it.
    pub fn commit(&self, message: &str) {
        self.git(&["add", "."]);
        self.git(&["commit", "--quiet", "-m", message]);
    }

    /// Runs git in the repository; it must succeed.
    #[allow(clippy::panic)]
    pub fn git(&self, args: &[&str]) {
        let status = Command::new("git")
            .arg("-C")
            .arg(&self.0)
            .args([
                "-c",
                "user.name=ci-gen tests",
                "-c",
                "user.email=tests@example.invalid",
                "-c",
                "commit.gpgsign=false",
            ])
            .args(args)
            .status()
            .unwrap_or_else(|e| panic!("git: {e}"));
        assert!(status.success(), "git {args:?}");
    }

    /// What git prints for `args`, trimmed.
    #[allow(clippy::panic)]
    pub fn git_output(&self, args: &[&str]) -> String {
        let out = Command::new("git").arg("-C").arg(&self.0).args(args).output().unwrap_or_else(|e| panic!("git: {e}"));
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    }
}

impl Drop for ScratchRepo {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
