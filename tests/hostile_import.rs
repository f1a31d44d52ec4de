//! `ci-gen import` of hostile input.
//!
//! - Long lists (30,000 `env:` entries, jobs, steps of one job) import on a
//!   thread with the 2 MB stack of a test thread: the importer writes no
//!   expression whose depth grows with a list, so neither syn, prettyplease
//!   nor dropping the syntax tree recurses that deep. A smaller version of
//!   every such list, and values nested as deep as the YAML loader allows,
//!   import into code that compiles, passes clippy, and regenerates the same
//!   YAML.
//! - `import --write` of a `.github/` folder holding symbolic links to
//!   folders (one looping back up, one leading outside) finishes, imports the
//!   real files and names each link it skipped (unix only).

// Helpers that set up and check the test fail it by panicking, like the tests.
#![allow(clippy::panic, clippy::expect_used)]

use std::fmt::Write as _;
use std::fs;
use std::path::PathBuf;
use std::sync::mpsc;
use std::time::Duration;

use ci_model::Document;
use ci_tests::{cargo, workspace_root};

/// A test thread's stack: what `cargo test` gives each test by default.
const TEST_STACK: usize = 2 * 1024 * 1024;

/// The longest builder chain the importer writes in one expression.
const MAX_CHAIN: usize = 64;

/// Runs `f` on a new thread with a 2 MB stack (a stack overflow there
/// aborts the test binary: the test fails).
fn on_test_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    let thread = std::thread::Builder::new().stack_size(TEST_STACK).spawn(f).expect("spawn a thread");
    match thread.join() {
        Ok(v) => v,
        Err(e) => std::panic::resume_unwind(e),
    }
}

/// Imports `text` on a 2 MB stack; panics with the error.
fn import(text: String, file: &'static str) -> String {
    on_test_stack(move || match ci_gen::import::import(&text, file) {
        Ok(m) => m.source,
        Err(e) => panic!("{e}"),
    })
}

/// The most builder calls in a row in formatted code: the longest run of
/// lines that start (after the indentation) with `.`.
fn longest_chain(source: &str) -> usize {
    let mut longest = 0;
    let mut run = 0;
    for line in source.lines() {
        if line.trim_start().starts_with('.') {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    longest
}

/// A scratch folder for one test, empty.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ci-gen-hostile-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("scratch folder");
    dir
}

fn run_cli(args: Vec<String>) -> (u8, String, String) {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = ci_gen::cli::run_with(ci_gen::Files::new("x"), &workspace_root(), &args, &mut out, &mut err);
    (code, String::from_utf8_lossy(&out).into_owned(), String::from_utf8_lossy(&err).into_owned())
}

fn env_entries(n: usize) -> String {
    let mut w = String::from("on: push\nenv:\n");
    for i in 0..n {
        let _ = writeln!(w, "  VAR_{i}: value {i}");
    }
    w.push_str("jobs:\n  a:\n    runs-on: x\n    steps:\n      - run: make\n");
    w
}

fn jobs(n: usize) -> String {
    let mut w = String::from("on: push\njobs:\n");
    for i in 0..n {
        let _ = writeln!(w, "  job-{i}:\n    runs-on: x\n    steps:\n      - run: make {i}");
    }
    w
}

fn steps(n: usize) -> String {
    let mut w = String::from("on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n");
    for i in 0..n {
        let _ = writeln!(w, "      - run: step {i}");
    }
    w
}

#[test]
fn thirty_thousand_env_entries_import_on_a_test_stack() {
    let source = import(env_entries(30_000), "env.yml");
    assert!(source.contains(".env(\"VAR_29999\", \"value 29999\")"), "the last entry is written");
    assert!(source.contains("    let workflow = workflow\n"), "the chain goes on in statements");
    assert_eq!(longest_chain(&source), MAX_CHAIN);
}

#[test]
fn thirty_thousand_jobs_import_on_a_test_stack() {
    let source = import(jobs(30_000), "jobs.yml");
    assert!(source.contains(".job(\"job-29999\", job_29999())"), "the last job is added");
    assert!(source.contains("fn job_29999() -> NormalJob {\n    Job::new(\"x\").step(Step::run(\"make 29999\"))\n}"));
    assert_eq!(longest_chain(&source), MAX_CHAIN);
}

#[test]
fn thirty_thousand_steps_of_one_job_import_on_a_test_stack() {
    let source = import(steps(30_000), "steps.yml");
    assert!(source.contains(".step(Step::run(\"step 29999\"))"), "the last step is added");
    assert!(source.contains("    let job = job\n"), "the chain goes on in statements");
    assert_eq!(longest_chain(&source), MAX_CHAIN);
}

/// A workflow with 300 of every list the importer writes as builder calls
/// (some inside others: a step's `env:` among a job's steps, a struct update
/// over a long chain), and values nested as deep as the YAML loader takes.
fn long_workflow() -> String {
    const N: usize = 300;
    const SOME: usize = 100;
    let mut w = String::from("name: long\non:\n  push:\n  workflow_dispatch:\n    inputs:\n");
    for i in 0..SOME {
        let _ = writeln!(w, "      in-{i}: {{description: input {i}, default: '{i}'}}");
    }
    w.push_str("permissions:\n  contents: read\n");
    for i in 0..SOME {
        let _ = writeln!(w, "  x-scope-{i}: write");
    }
    w.push_str("env:\n");
    for i in 0..N {
        let _ = writeln!(w, "  VAR_{i}: {i}");
    }
    // 120 levels under the root mapping (the loader takes 128).
    let _ = writeln!(w, "x-deep: {}1{}", "{a: [".repeat(60), "]}".repeat(60));
    w.push_str("jobs:\n  first:\n    runs-on: x\n    x-job: {k: v}\n    needs: [");
    w.push_str(&(1..=SOME).map(|i| format!("job-{i}")).collect::<Vec<_>>().join(", "));
    w.push_str("]\n    container:\n      image: node\n      ports: [");
    w.push_str(&(0..SOME).map(|i| (8000 + i).to_string()).collect::<Vec<_>>().join(", "));
    w.push_str("]\n      env:\n");
    for i in 0..SOME {
        let _ = writeln!(w, "        C_{i}: c");
    }
    w.push_str("    strategy:\n      matrix:\n        include:\n");
    for i in 0..SOME {
        let _ = writeln!(w, "          - {{os: os-{i}, n: {i}}}");
    }
    w.push_str("    services:\n");
    for i in 0..SOME {
        let _ = writeln!(w, "      svc-{i}: image-{i}");
    }
    w.push_str("    outputs:\n");
    for i in 0..SOME {
        let _ = writeln!(w, "      out-{i}: ${{{{ steps.s.outputs.o{i} }}}}");
    }
    w.push_str("    steps:\n      - id: s\n        uses: someone/else@v1\n        with:\n");
    for i in 0..SOME {
        let _ = writeln!(w, "          w-{i}: {i}");
    }
    w.push_str("        env:\n");
    for i in 0..SOME {
        let _ = writeln!(w, "          S_{i}: s");
    }
    // `parallel:` groups 58 deep (each a mapping and a sequence).
    let mut group = "{run: inner}".to_owned();
    for i in 0..58 {
        group = format!("{{parallel: [{group}, {{run: 'level {i}'}}]}}");
    }
    let _ = writeln!(w, "      - {group}");
    for i in 0..N {
        let _ = writeln!(w, "      - run: step {i}");
    }
    for i in 1..N {
        let _ = writeln!(w, "  job-{i}:\n    runs-on: x\n    steps:\n      - run: make {i}");
    }
    w
}

/// A composite action with 100 inputs, outputs and steps.
fn long_action() -> String {
    let mut a = String::from("name: long\ninputs:\n");
    for i in 0..100 {
        let _ = writeln!(a, "  in-{i}: {{description: input {i}}}");
    }
    a.push_str("outputs:\n");
    for i in 0..100 {
        let _ = writeln!(a, "  out-{i}: {{description: o, value: v}}");
    }
    a.push_str("runs:\n  using: composite\n  steps:\n");
    for i in 0..100 {
        let _ = writeln!(a, "    - {{run: step {i}, shell: bash}}");
    }
    a
}

#[test]
fn long_lists_and_deep_values_import_to_code_that_builds_the_same_yaml() {
    let dir = scratch("long");
    let files = [("long.yml", long_workflow()), ("long-action/action.yml", long_action())];
    let mut args = vec!["import".to_owned(), "--crate".to_owned(), dir.join("project").to_string_lossy().into_owned()];
    for (name, text) in &files {
        let path = dir.join(name);
        fs::create_dir_all(path.parent().expect("a folder")).expect("folder");
        fs::write(&path, text).expect("write");
        args.push(path.to_string_lossy().into_owned());
    }
    let (code, out, err) = on_test_stack(move || run_cli(args));
    assert_eq!(code, 0, "import --crate failed:\n{err}{out}");
    let project = dir.join("project");
    let module = fs::read_to_string(project.join("src/long.rs")).expect("the workflow's module");
    assert!(module.contains("    let workflow = workflow\n"), "{module}");
    assert!(module.contains("let value1 = "), "a deep value is built in steps");
    assert!(module.contains("let step1 = "), "deep parallel groups are built in steps");
    assert!(longest_chain(&module) <= MAX_CHAIN);

    let target = workspace_root().join("target/import-corpus");
    let output = cargo(&project, &target, &["run", "--offline", "--quiet"]);
    let mut rest = output.as_str();
    for (i, (name, text)) in files.iter().enumerate() {
        let label = if name.ends_with("action.yml") {
            dir.join(name).to_string_lossy().into_owned()
        } else {
            (*name).to_owned()
        };
        rest = rest.strip_prefix(&format!("# file: {label}\n")).unwrap_or_else(|| panic!("no `# file: {label}` next"));
        let end = if i + 1 < files.len() { rest.find("\n# file: ").map_or(rest.len(), |e| e + 1) } else { rest.len() };
        let expected = Document::parse(text, None).unwrap_or_else(|e| panic!("{name}: {e}")).to_yaml();
        assert!(rest[..end] == expected, "{name}: the imported code writes other YAML than the parsed file");
        rest = &rest[end..];
    }
    cargo(&project, &target, &["clippy", "--offline", "--quiet", "--", "-D", "warnings"]);
    let _ = fs::remove_dir_all(&dir);
}

#[cfg(unix)]
#[test]
fn import_write_skips_links_to_folders_and_names_them() {
    use std::os::unix::fs::symlink;

    let root = scratch("links");
    let github = root.join("repo/.github");
    let outside = root.join("outside");
    fs::create_dir_all(github.join("workflows")).expect("folder");
    fs::create_dir_all(github.join("actions/setup")).expect("folder");
    fs::create_dir_all(outside.join("elsewhere")).expect("folder");
    let workflow = "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: make\n";
    let action = "name: setup\nruns:\n  using: composite\n  steps:\n    - run: make\n      shell: bash\n";
    fs::write(github.join("workflows/ci.yml"), workflow).expect("write");
    fs::write(github.join("actions/setup/action.yml"), action).expect("write");
    fs::write(outside.join("other.yml"), workflow).expect("write");
    fs::write(outside.join("elsewhere/action.yml"), action).expect("write");
    // Loops back up (`.github/workflows/loop/workflows/loop/...`), and leads outside.
    symlink("..", github.join("workflows/loop")).expect("link");
    symlink(&outside, github.join("workflows/outside")).expect("link");
    symlink("../..", github.join("actions/setup/loop")).expect("link");
    symlink(&outside, github.join("actions/outside")).expect("link");
    // A name that would move the cursor if printed as is.
    symlink("..", github.join("actions/esc\u{1b}[2J")).expect("link");

    let out_dir = root.join("imported");
    let args: Vec<String> =
        ["import", "--write", &root.join("repo").to_string_lossy(), "--out", &out_dir.to_string_lossy()]
            .iter()
            .map(|s| (*s).to_owned())
            .collect();
    // Following a loop would never end: give it a minute.
    let (tx, rx) = mpsc::channel();
    std::thread::Builder::new()
        .stack_size(TEST_STACK)
        .spawn(move || {
            let _ = tx.send(run_cli(args));
        })
        .expect("spawn a thread");
    let (code, out, err) = rx.recv_timeout(Duration::from_secs(60)).expect("import --write finishes");
    assert_eq!(code, 0, "{err}{out}");

    let mut written: Vec<String> = fs::read_dir(&out_dir)
        .expect("the output folder")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    assert_eq!(written, ["ci.rs", "mod.rs", "setup.rs"]);
    for link in
        [".github/actions/outside", ".github/actions/setup/loop", ".github/workflows/loop", ".github/workflows/outside"]
    {
        let note = format!("note: skipped {link}: a symbolic link to a folder, which import does not follow\n");
        assert!(err.contains(&note), "no note for {link}:\n{err}");
    }
    assert!(err.contains("note: skipped .github/actions/esc\\u{1b}[2J: "), "{err}");
    assert!(!err.contains('\u{1b}'), "{err}");
    assert!(out.contains("2 files imported"), "{out}");
    let _ = fs::remove_dir_all(&root);
}
