//! `actions list / add / update / adopt / remove / sync` against git
//! repositories made here, offline: bare repositories with tags (`v1.0.0`, a
//! moving `v1`, an annotated `v1.1.0` that adds an input and deprecates
//! another, `v2.0.0` that removes it) and branches, reached as
//! `https://github.com/OWNER/REPO` through git's `url.<base>.insteadOf` set
//! in the environment of every git run (and the user's and system's git
//! configuration left out). The transcripts, interface-change reports
//! included, are snapshots (`snapshots/actions/`).

#![allow(clippy::panic, clippy::expect_used)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use ci_gen::Files;
use ci_gen::actions::Git;
use ci_gen::actions::lock::Lock;
use ci_gen::cli::Cli;
use ci_model::{Job, Permissions, Step, Uses, Workflow};
use ci_tests::snapshot_settings;

const V1_0_0: &str = "\
name: Greet
description: Says hello.
inputs:
  who:
    description: Whom to greet.
    required: true
  style:
    description: How.
    default: plain
  old-flag:
    description: An old switch.
    default: false
outputs:
  greeting:
    description: The text.
runs:
  using: node20
  main: index.js
";

const V1_1_0: &str = "\
name: Greet
description: Says hello.
inputs:
  who:
    description: Whom to greet.
    required: true
  style:
    description: How.
    default: fancy
  old-flag:
    description: An old switch.
    default: false
    deprecationMessage: Use style instead.
  extra:
    description: More words.
    default: ''
outputs:
  greeting:
    description: The text.
runs:
  using: node20
  main: index.js
";

const V2_0_0: &str = "\
name: Greet
description: Says hello.
inputs:
  who:
    description: Whom to greet.
    required: true
  style:
    description: How.
    default: fancy
  extra:
    description: More words.
    required: true
outputs:
  greeting:
    description: The text.
  mood:
    description: How it went.
runs:
  using: node24
  main: index.js
";

/// The repositories, made once per test run: their parent folder (what
/// `https://github.com/` stands for) and the commits of `acme/greet`.
struct Hub {
    dir: PathBuf,
    v1_0_0: String,
    v1_1_0: String,
    v2_0_0: String,
    dev: String,
}

/// Runs git in `dir` with a fixed identity and dates (so commits are the
/// same on every run) and no user or system configuration.
fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Fixture")
        .env("GIT_AUTHOR_EMAIL", "fixture@example.com")
        .env("GIT_COMMITTER_NAME", "Fixture")
        .env("GIT_COMMITTER_EMAIL", "fixture@example.com")
        .env("GIT_AUTHOR_DATE", "2026-01-01T00:00:00Z")
        .env("GIT_COMMITTER_DATE", "2026-01-01T00:00:00Z")
        .output()
        .unwrap_or_else(|e| panic!("git {args:?}: {e}"));
    assert!(out.status.success(), "git {args:?} in {}: {}", dir.display(), String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

/// One commit: its files (path, text) and its tags (`annotated:` in front
/// for an annotated one).
type Commit<'a> = (&'a [(&'a str, &'a str)], &'a [&'a str]);

/// A working repository with one commit per `(files, tags)`, cloned bare to
/// `hub/owner/repo`; the commits.
fn repository(hub: &Path, name: &str, commits: &[Commit<'_>], branch: Option<(&str, usize)>) -> Vec<String> {
    let work = hub.join("work").join(name);
    fs::create_dir_all(&work).expect("work folder");
    git(&work, &["init", "--quiet", "--initial-branch=main"]);
    let mut shas = Vec::new();
    for (files, tags) in commits {
        for (path, text) in *files {
            let file = work.join(path);
            fs::create_dir_all(file.parent().expect("parent")).expect("folder");
            fs::write(&file, text).expect("write");
        }
        git(&work, &["add", "--all"]);
        git(&work, &["commit", "--quiet", "--allow-empty", "-m", tags.first().copied().unwrap_or("work")]);
        for tag in *tags {
            if tag.starts_with("annotated:") {
                let tag = tag.trim_start_matches("annotated:");
                git(&work, &["tag", "--force", "--annotate", "-m", tag, tag]);
            } else {
                git(&work, &["tag", "--force", tag]);
            }
        }
        shas.push(git(&work, &["rev-parse", "HEAD"]));
    }
    if let Some((name, at)) = branch {
        git(&work, &["branch", name, &shas[at]]);
    }
    let bare = hub.join(name);
    fs::create_dir_all(bare.parent().expect("owner")).expect("owner folder");
    git(hub, &["clone", "--quiet", "--bare", &work.to_string_lossy(), &bare.to_string_lossy()]);
    shas
}

fn hub() -> &'static Hub {
    static HUB: OnceLock<Hub> = OnceLock::new();
    HUB.get_or_init(|| {
        // In cargo's scratch folder for tests, rebuilt on every run.
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("actions-hub");
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).expect("hub");
        let dev = V2_0_0.replace("outputs:", "  beta:\n    description: Try it.\noutputs:");
        let shas = repository(
            &dir,
            "acme/greet",
            &[
                (&[("action.yml", V1_0_0)], &["v1.0.0", "v1"]),
                (&[("action.yml", V1_1_0)], &["annotated:v1.1.0", "v1"]),
                (&[("action.yml", V2_0_0)], &["v2.0.0", "v2"]),
                (&[("action.yml", dev.as_str())], &[]),
            ],
            Some(("dev", 3)),
        );
        // `main` stays at v2.0.0: the last commit is only on `dev`.
        git(&dir.join("acme/greet"), &["update-ref", "refs/heads/main", &shas[2]]);
        let lint = "name: Lint\ndescription: Lints.\ninputs:\n  files:\n    description: Which.\n    default: '**'\nruns:\n  using: composite\n  steps: []\n";
        repository(&dir, "acme/mono", &[(&[("tools/lint/action.yaml", lint)], &["v3.2.1", "v3"])], None);
        repository(&dir, "acme/broken", &[(&[("action.yml", "name: Broken\nruns: [1, 2]\n")], &["v1.0.0"])], None);
        repository(&dir, "acme/empty", &[(&[("README.md", "nothing here\n")], &["v1.0.0"])], None);
        Hub { dir, v1_0_0: shas[0].clone(), v1_1_0: shas[1].clone(), v2_0_0: shas[2].clone(), dev: shas[3].clone() }
    })
}

/// git as `actions` runs it: `https://github.com/` is the hub.
fn hub_git() -> Git {
    let hub = hub();
    Git::new()
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_COUNT", "1")
        .env("GIT_CONFIG_KEY_0", format!("url.{}/.insteadOf", hub.dir.display()))
        .env("GIT_CONFIG_VALUE_0", "https://github.com/")
}

const LOCK: &str = "ci/actions.lock";
const MODULE: &str = "ci/src/actions";

/// A scratch generator repository.
fn scratch(name: &str) -> PathBuf {
    let root = std::env::temp_dir().join(format!("ci-gen-actions-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&root);
    fs::create_dir_all(&root).expect("scratch");
    root
}

/// The commit of an action the generator pins in its own code, not in the lock.
const UNTRACKED: &str = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

/// A generator whose one workflow uses `acme/greet` at `pin` (commit, tag),
/// and `acme/untracked` pinned in its own code.
fn files(pin: Option<(&str, &str)>) -> Files {
    let mut job = Job::new("ubuntu-latest").timeout_minutes(5).step(Step::run("true"));
    if let Some((sha, tag)) = pin {
        job = job
            .step(Step::uses(Uses::pinned("acme/greet", sha, tag)).with("who", "world"))
            .step(Step::uses(Uses::pinned("acme/untracked", UNTRACKED, "v1.0.0")));
    }
    Files::new("cargo run -p my-ci")
        .workflow("ci.yml", Workflow::new("CI").on_push().permissions(Permissions::none()).job("greet", job))
}

/// Runs the generator's command line; `$ args`, its output and its status,
/// with the hub's folder written `<hub>`, and git's own words for a
/// repository it cannot read (they differ between git versions) written
/// `<git's message>`.
fn run(root: &Path, files: Files, args: &[&str]) -> (u8, String) {
    let args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let cli = Cli::new(files, root).actions(LOCK, MODULE).git(hub_git());
    let code = cli.run_with(&args, &mut out, &mut err);
    let text = format!(
        "$ {}\n{}{}exit {code}\n\n",
        args.join(" "),
        String::from_utf8_lossy(&out),
        String::from_utf8_lossy(&err)
    );
    let text = text.replace(&*hub().dir.to_string_lossy(), "<hub>");
    let text: Vec<String> = text
        .split_inclusive('\n')
        .map(|line| {
            const MARK: &str = ": cannot read the repository ";
            let Some(url) = line.find(MARK).map(|at| at + MARK.len()) else { return line.to_owned() };
            let Some(end) = line[url..].find(": ").map(|i| url + i) else { return line.to_owned() };
            assert!(line.trim_end().len() > end + 2, "git said nothing: {line}");
            format!("{}: <git's message>\n", &line[..end])
        })
        .collect();
    (code, text.concat())
}

fn lock(root: &Path) -> Lock {
    Lock::parse(&fs::read_to_string(root.join(LOCK)).expect("lock")).unwrap_or_else(|e| panic!("{e}"))
}

/// Every file under `dir`, with its bytes, sorted.
fn tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push((p.clone(), fs::read(&p).unwrap_or_default()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn add_list_update_and_remove() {
    let hub = hub();
    let root = scratch("lifecycle");
    let mut transcript = String::new();
    let mut step = |args: &[&str], expect: u8| {
        let (code, text) = run(&root, files(None), args);
        assert_eq!(code, expect, "{text}");
        transcript.push_str(&text);
    };
    step(&["actions", "list"], 0);
    step(&["actions", "update"], 0);
    assert!(tree(&root).is_empty(), "nothing pinned, nothing written");
    // A tag, then the list.
    step(&["actions", "add", "acme/greet@v1.0.0"], 0);
    assert_eq!(lock(&root).get("acme/greet").map(|l| l.commit.clone()), Some(hub.v1_0_0.clone()));
    step(&["actions", "list"], 0);
    step(&["actions", "list", "--outdated"], 0);
    // Within the major version: v1.0.0 -> v1.1.0, an input added, one deprecated, a default changed.
    step(&["actions", "update"], 0);
    assert_eq!(
        lock(&root).get("acme/greet").map(|l| (l.tag.clone(), l.commit.clone())),
        Some(("v1.1.0".into(), hub.v1_1_0.clone()))
    );
    step(&["actions", "update", "acme/greet"], 0);
    // Across: v1.1.0 -> v2.0.0, the deprecated input removed, another newly required.
    step(&["actions", "update", "--major"], 0);
    assert_eq!(lock(&root).get("acme/greet").map(|l| l.commit.clone()), Some(hub.v2_0_0.clone()));
    let binding = fs::read_to_string(root.join(MODULE).join("greet.rs")).expect("greet.rs");
    assert!(binding.contains("pub fn new(who: impl Into<Scalar>, extra: impl Into<Scalar>) -> Self"), "{binding}");
    assert!(binding.contains("use ci_model::{"), "a generator's bindings refer to ci_model: {binding}");
    assert!(!binding.contains("old_flag"), "{binding}");
    // A moving tag resolves to the most specific tag at its commit.
    step(&["actions", "add", "acme/greet@v1"], 0);
    assert_eq!(lock(&root).get("acme/greet").map(|l| l.tag.clone()), Some("v1.1.0".into()));
    // A branch with no tag at its commit: the pin stands for the branch.
    step(&["actions", "add", "acme/greet@dev"], 0);
    assert_eq!(
        lock(&root).get("acme/greet").map(|l| (l.tag.clone(), l.commit.clone())),
        Some(("dev".into(), hub.dev.clone()))
    );
    step(&["actions", "update"], 0);
    // A full SHA, and an action in a folder with an action.yaml.
    let sha = hub.v1_0_0.to_uppercase();
    step(&["actions", "add", &format!("acme/greet@{sha}"), "acme/mono/tools/lint@v3"], 0);
    assert_eq!(lock(&root).get("acme/greet").map(|l| l.tag.clone()), Some("v1.0.0".into()));
    assert_eq!(lock(&root).get("acme/mono/tools/lint").map(|l| l.tag.clone()), Some("v3.2.1".into()));
    step(&["actions", "list"], 0);
    step(&["actions", "sync", "--check", "--color", "never"], 0);
    step(&["actions", "remove", "acme/greet"], 0);
    assert!(!root.join(MODULE).join("greet.rs").exists());
    step(&["actions", "list"], 0);
    let mod_rs = fs::read_to_string(root.join(MODULE).join("mod.rs")).expect("mod.rs");
    assert!(mod_rs.contains("#![allow(dead_code, unused_imports, unreachable_pub)]"), "{mod_rs}");
    assert!(mod_rs.contains("cargo run -p my-ci --features ci-gen/codegen -- actions sync"), "{mod_rs}");
    snapshot_settings("actions").bind(|| insta::assert_snapshot!("lifecycle", transcript));
    let _ = fs::remove_dir_all(&root);
}

#[test]
fn every_error_names_the_action_and_changes_nothing() {
    let hub = hub();
    let root = scratch("errors");
    let (code, _) = run(&root, files(None), &["actions", "add", "acme/greet@v1.0.0"]);
    assert_eq!(code, 0);
    let before = tree(&root);
    let mut transcript = String::new();
    let zeros = "0".repeat(40);
    let cases: Vec<Vec<String>> = [
        vec!["add", "acme/missing@v1"],
        vec!["add", "acme/greet@v9"],
        vec!["add", &format!("acme/greet@{zeros}")],
        vec!["add", "acme/empty@v1.0.0"],
        vec!["add", "acme/broken@v1.0.0"],
        vec!["add", "acme/mono/nothing@v3"],
        // The first would succeed: nothing is written unless all do.
        vec!["add", "acme/mono/tools/lint@v3", "acme/missing@v1"],
        vec!["add", "acme@v1"],
        vec!["add", "acme/greet"],
        vec!["update", "acme/other"],
        vec!["remove", "acme/other"],
        vec!["remove", "acme/greet/../x"],
    ]
    .iter()
    .map(|c| std::iter::once("actions").chain(c.iter().copied()).map(str::to_owned).collect())
    .collect();
    for case in &cases {
        let args: Vec<&str> = case.iter().map(String::as_str).collect();
        let (code, text) = run(&root, files(None), &args);
        assert_eq!(code, 1, "{text}");
        assert!(text.contains("nothing was written"), "{text}");
        // git's message there comes from two processes, in either order.
        let text: Vec<String> = text
            .replace(&zeros, "<zeros>")
            .lines()
            .map(|l| match l.split_once("/acme/greet: fatal:") {
                Some((head, _)) if l.contains("cannot be fetched") => format!("{head}/acme/greet: <git's message>"),
                _ => l.to_owned(),
            })
            .collect();
        transcript.push_str(&(text.join("\n") + "\n"));
        assert!(tree(&root) == before, "{args:?} changed files");
    }
    // A hand-written file in the bindings folder is never overwritten.
    fs::write(root.join(MODULE).join("greet.rs"), "// mine\n").expect("write");
    let before = tree(&root);
    let (code, text) = run(&root, files(None), &["actions", "update"]);
    assert_eq!(code, 2, "{text}");
    assert!(text.contains("nothing was written"), "{text}");
    transcript.push_str(&text);
    assert!(tree(&root) == before);
    // A lock that does not read.
    fs::write(root.join(LOCK), "{\"lock\": 1}").expect("write");
    let (code, text) = run(&root, files(None), &["actions", "list"]);
    assert_eq!(code, 2, "{text}");
    transcript.push_str(&text);
    let _ = hub;
    snapshot_settings("actions").bind(|| insta::assert_snapshot!("errors", transcript));
    let _ = fs::remove_dir_all(&root);
}

#[test]
fn adopt_keeps_a_bots_bump() {
    let hub = hub();
    let root = scratch("adopt");
    let mut transcript = String::new();
    let (code, text) = run(&root, files(None), &["actions", "add", "acme/greet@v1.0.0"]);
    assert_eq!(code, 0, "{text}");
    transcript.push_str(&text);
    // The generator writes its workflow with the pin of the lock.
    let pinned = files(Some((&hub.v1_0_0, "v1.0.0")));
    let (code, text) = run(&root, pinned, &[]);
    assert_eq!(code, 0, "{text}");
    let workflow = root.join(".github/workflows/ci.yml");
    let yaml = fs::read_to_string(&workflow).expect("ci.yml");
    assert!(yaml.contains(&format!("uses: acme/greet@{} # v1.0.0\n", hub.v1_0_0)), "{yaml}");
    // Nothing to adopt yet.
    let (code, text) = run(&root, files(Some((&hub.v1_0_0, "v1.0.0"))), &["actions", "adopt"]);
    assert_eq!(code, 0, "{text}");
    transcript.push_str(&text);
    // A bot bumps the `uses:` lines of the generated file, comments included:
    // one of an action in the lock, one of an action pinned in the generator's code.
    let bumped = yaml
        .replace(&format!("{} # v1.0.0", hub.v1_0_0), &format!("{} # v1.1.0", hub.v1_1_0))
        .replace(&format!("{UNTRACKED} # v1.0.0"), &format!("{} # v1.1.0", "b".repeat(40)));
    fs::write(&workflow, &bumped).expect("bot edit");
    // The drift check fails until the bump is adopted ...
    let (code, _) = run(&root, files(Some((&hub.v1_0_0, "v1.0.0"))), &["--check"]);
    assert_eq!(code, 1);
    let (code, text) = run(&root, files(Some((&hub.v1_0_0, "v1.0.0"))), &["actions", "adopt"]);
    assert_eq!(code, 0, "{text}");
    transcript.push_str(&text);
    let locked = lock(&root).get("acme/greet").cloned().expect("locked");
    assert_eq!((locked.tag.as_str(), locked.commit.as_str()), ("v1.1.0", hub.v1_1_0.as_str()));
    let binding = fs::read_to_string(root.join(MODULE).join("greet.rs")).expect("greet.rs");
    assert!(binding.contains(&format!("pub const SHA: &str = \"{}\";", hub.v1_1_0)), "{binding}");
    assert!(binding.contains("pub fn extra("), "{binding}");
    // ... and then the generator, built with the new binding (its pin), writes
    // what is on disk, but for the action the lock does not hold, which the
    // note pointed out.
    fs::write(
        &workflow,
        bumped
            .replace(&"b".repeat(40), UNTRACKED)
            .replace(&format!("{UNTRACKED} # v1.1.0"), &format!("{UNTRACKED} # v1.0.0")),
    )
    .expect("w");
    let (code, text) = run(&root, files(Some((&locked.commit, &locked.tag))), &["--check"]);
    assert_eq!(code, 0, "{text}");
    let (code, text) = run(&root, files(None), &["actions", "sync", "--check"]);
    assert_eq!(code, 0, "{text}");
    // Two different bumps of one action: refused, nothing written.
    let other = root.join(".github/workflows/other.yml");
    fs::write(&other, format!("jobs:\n  a:\n    steps:\n      - uses: acme/greet@{} # v2.0.0\n", hub.v2_0_0))
        .expect("w");
    fs::write(&workflow, yaml.replace(&hub.v1_0_0, &hub.dev)).expect("w");
    let both = files(None).workflow("other.yml", Workflow::new("x"));
    let before = tree(&root);
    let (code, text) = run(&root, both, &["actions", "adopt"]);
    assert_eq!(code, 1, "{text}");
    transcript.push_str(&text);
    assert!(tree(&root) == before);
    snapshot_settings("actions").bind(|| insta::assert_snapshot!("adopt", transcript));
    let _ = fs::remove_dir_all(&root);
}

#[test]
fn the_commands_are_offered_where_asked() {
    let help = |cli: Cli| {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        cli.run_with(&["--help".to_owned()], &mut out, &mut err);
        String::from_utf8_lossy(&out).into_owned()
    };
    assert!(!help(Cli::new(Files::new("cargo run -p my-ci"), ".")).contains("actions"));
    assert!(help(Cli::new(Files::new("cargo run -p my-ci"), ".").actions(LOCK, MODULE)).contains("actions"));
    assert!(help(Cli::new(Files::new("cargo run -p ci-gen"), ".").bindings()).contains("actions"));
    // ci-gen's own lock, offline.
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let cli = Cli::new(Files::new("cargo run -p ci-gen"), ci_tests::workspace_root()).bindings();
    let args = ["actions".to_owned(), "list".to_owned()];
    assert_eq!(cli.run_with(&args, &mut out, &mut err), 0, "{}", String::from_utf8_lossy(&err));
    assert!(String::from_utf8_lossy(&out).contains("actions/checkout"));
}

/// The example generator pins its actions in its own lock; its bindings
/// module is what `actions sync` writes from it, offline.
#[test]
fn the_examples_bindings_come_from_its_lock() {
    let root = ci_tests::workspace_root().join("examples/rust-library-ci");
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let cli =
        Cli::new(Files::new("cargo run -p example-rust-library-ci"), &root).actions("actions.lock", "src/actions");
    let args: Vec<String> =
        ["actions", "sync", "--check", "--color", "never"].iter().map(|a| (*a).to_owned()).collect();
    let code = cli.run_with(&args, &mut out, &mut err);
    let (out, err) = (String::from_utf8_lossy(&out), String::from_utf8_lossy(&err));
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("2 files up to date"), "{out}");
}

/// In ci-gen's own workspace (`Cli::bindings`), `actions` writes
/// `ci-model/actions.lock`, `ci-model/src/actions/` (code that refers to
/// `crate::`) and the table `import` uses.
#[test]
fn the_workspace_target_writes_ci_models_bindings_and_the_import_table() {
    let root = scratch("workspace");
    let args: Vec<String> = ["actions", "add", "acme/greet@v1"].iter().map(|a| (*a).to_owned()).collect();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let cli = Cli::new(Files::new("cargo run -p ci-gen"), &root).bindings().git(hub_git());
    let code = cli.run_with(&args, &mut out, &mut err);
    let (out, err) = (String::from_utf8_lossy(&out), String::from_utf8_lossy(&err));
    assert_eq!(code, 0, "{out}{err}");
    for path in [
        "ci-model/actions.lock",
        "ci-model/src/actions/greet.rs",
        "ci-model/src/actions/mod.rs",
        "ci-gen/src/import/bindings.rs",
    ] {
        assert!(out.contains(&format!("wrote     {path}\n")), "{path}: {out}");
    }
    let greet = fs::read_to_string(root.join("ci-model/src/actions/greet.rs")).expect("greet.rs");
    assert!(greet.contains("use crate::{"), "{greet}");
    assert!(greet.contains("`cargo run -p ci-gen --features codegen -- bindings`"), "{greet}");
    assert!(greet.contains("// Source: the `acme/greet` entry of ci-model/actions.lock."), "{greet}");
    let _ = fs::remove_dir_all(&root);
}

/// Without a `git` to run, the error says so and names the action.
#[test]
fn a_missing_git_is_an_error_naming_the_action() {
    let root = scratch("no-git");
    let args: Vec<String> = ["actions", "add", "acme/greet@v1"].iter().map(|a| (*a).to_owned()).collect();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let cli = Cli::new(Files::new("cargo run -p my-ci"), &root).actions(LOCK, MODULE).git(Git::new().env("PATH", ""));
    let code = cli.run_with(&args, &mut out, &mut err);
    let err = String::from_utf8_lossy(&err);
    assert_eq!(code, 1, "{err}");
    assert!(err.starts_with("error: acme/greet: `git` could not be run: "), "{err}");
    assert!(err.ends_with("nothing was written\n"), "{err}");
    assert!(tree(&root).is_empty());
    let _ = fs::remove_dir_all(&root);
}

/// A server that never answers stops `actions` after the timeout, naming
/// the action, and nothing is written.
#[test]
#[cfg(unix)]
fn a_git_that_never_answers_is_stopped() {
    use std::os::unix::fs::PermissionsExt;
    let root = scratch("hanging-git");
    // A `git` that waits forever, first on the PATH.
    let bin = root.join("fake-bin");
    fs::create_dir_all(&bin).unwrap_or_else(|e| panic!("{e}"));
    let git = bin.join("git");
    let sleep = ["/bin/sleep", "/usr/bin/sleep"].into_iter().find(|p| std::path::Path::new(p).exists());
    let sleep = sleep.unwrap_or_else(|| panic!("no sleep(1) to fake a hanging git with"));
    fs::write(&git, format!("#!/bin/sh\nexec {sleep} 600\n")).unwrap_or_else(|e| panic!("{e}"));
    fs::set_permissions(&git, fs::Permissions::from_mode(0o755)).unwrap_or_else(|e| panic!("{e}"));
    let before = tree(&root);
    let args: Vec<String> = ["actions", "add", "acme/greet@v1"].iter().map(|a| (*a).to_owned()).collect();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let slow = Git::new().env("PATH", &bin).timeout(std::time::Duration::from_millis(300));
    let cli = Cli::new(Files::new("cargo run -p my-ci"), &root).actions(LOCK, MODULE).git(slow);
    let started = std::time::Instant::now();
    let code = cli.run_with(&args, &mut out, &mut err);
    let err = String::from_utf8_lossy(&err);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("acme/greet: `git ls-remote` took longer than 0.3 s and was stopped"), "{err}");
    assert!(err.ends_with("nothing was written\n"), "{err}");
    assert_eq!(tree(&root), before);
    // Stopped, not waited for (the fake git would wait ten minutes).
    assert!(started.elapsed() < std::time::Duration::from_secs(60));
    let _ = fs::remove_dir_all(&root);
}
