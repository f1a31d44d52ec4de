//! `check` as a user meets it, through a generator built on `ci_gen::cli`:
//! its help, exit statuses, the default `.github/` under the root, a missing
//! path, and each output format on a small repository with one error and one
//! warning (snapshotted under `snapshots/check/`).

use std::fs;
use std::path::{Path, PathBuf};

use ci_gen::Files;
use ci_gen::cli::Cli;
use ci_model::lint::{Lint, Lints, Severity};
use ci_tests::snapshot_settings;

/// What one run printed.
#[derive(Debug)]
struct Run {
    code: u8,
    out: String,
    err: String,
}

/// Another repository's generator, whose lints make `persist-credentials` a
/// warning, run in `root`.
fn generator(root: &Path, args: &[&str]) -> Run {
    let files =
        Files::new("cargo run -p my-ci").lints(Lints::default().level(Lint::PersistCredentials, Severity::Warn));
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let args: Vec<String> = args.iter().map(|s| (*s).to_owned()).collect();
    let code = Cli::new(files, root).run_with(&args, &mut out, &mut err);
    Run { code, out: String::from_utf8_lossy(&out).into_owned(), err: String::from_utf8_lossy(&err).into_owned() }
}

/// A scratch repository, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    #[allow(clippy::panic)] // test setup
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("ci-gen-check-cli-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
        Scratch(dir)
    }

    #[allow(clippy::panic)] // test setup
    fn write(&self, path: &str, text: &str) -> PathBuf {
        let file = self.0.join(path);
        if let Some(parent) = file.parent() {
            fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{}: {e}", parent.display()));
        }
        fs::write(&file, text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        file
    }

    fn path(&self, sub: &str) -> String {
        self.0.join(sub).to_string_lossy().into_owned()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// A workflow with one error (`needs:` a job that does not exist) and one
/// finding of a lint the generator sets to `warn`.
const MIXED: &str = "on: push
permissions: {}
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1
      - run: make
  test:
    needs: biuld
    runs-on: ubuntu-latest
    steps:
      - run: make test
";

/// A clean workflow.
const CLEAN: &str = "on: push
permissions: {}
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - run: make test
";

/// A clean composite action.
const ACTION: &str = "name: Setup
description: set up
runs:
  using: composite
  steps:
    - run: echo hi
      shell: bash
";

/// A repository with the mixed workflow, a clean one, an action, and a YAML
/// file under `.github/` that is neither (never read).
fn repository(name: &str) -> Scratch {
    let repo = Scratch::new(name);
    repo.write(".github/workflows/ci.yml", MIXED);
    repo.write(".github/workflows/clean.yaml", CLEAN);
    repo.write(".github/actions/setup/action.yml", ACTION);
    repo.write(".github/dependabot.yml", "version: 2\nupdates: []\n");
    repo
}

#[test]
fn check_has_help_naming_its_flags() {
    let repo = Scratch::new("help");
    for args in [vec!["check", "--help"], vec!["help", "check"]] {
        let r = generator(&repo.0, &args);
        assert_eq!((r.code, r.err.as_str()), (0, ""), "{args:?}");
        for flag in
            ["Usage: cargo run -p my-ci -- check", "[PATH]...", "--format <FORMAT>", "human, json, github, sarif"]
                .into_iter()
                .chain(["--deny <LINT>", "--warn <LINT>", "--allow <LINT>", "--color <WHEN>"])
        {
            assert!(r.out.contains(flag), "{args:?} does not mention {flag}:\n{}", r.out);
        }
    }
    let top = generator(&repo.0, &["--help"]);
    assert!(top.out.contains("check"), "{}", top.out);
}

#[test]
fn the_default_path_is_github_under_the_root_and_errors_exit_1() {
    let repo = repository("default");
    let r = generator(&repo.0, &["check", "--color", "never"]);
    assert_eq!(r.code, 1, "{r:?}");
    assert_eq!(r.err, "");
    // Files shown relative to the root; dependabot.yml is not a workflow.
    assert_eq!(
        r.out,
        ".github/workflows/ci.yml:7:9: warning: jobs.build.steps[0]: checkout leaves the token in `.git/config` for \
         every later step, and no later step pushes; add `persist-credentials: false` to `with:` [persist-credentials]\n\
         .github/workflows/ci.yml:10:12: error: jobs.test.needs: no job `biuld`; did you mean `build`? [needs]\n\
         1 error, 1 warning in 3 files\n"
    );
}

#[test]
fn warnings_alone_exit_0_and_clean_files_say_so() {
    let repo = repository("exit");
    let clean =
        generator(&repo.0, &["check", &repo.path(".github/workflows/clean.yaml"), &repo.path(".github/actions")]);
    assert_eq!((clean.code, clean.out.as_str()), (0, "0 errors, 0 warnings in 2 files\n"), "{clean:?}");
    let fixed = MIXED.replace("needs: biuld", "needs: build");
    let file = repo.write(".github/workflows/ci.yml", &fixed);
    let warned = generator(&repo.0, &["check", &file.to_string_lossy()]);
    assert_eq!(warned.code, 0, "{warned:?}");
    assert!(warned.out.ends_with("0 errors, 1 warning in 1 file\n"), "{}", warned.out);
    // `--deny` makes the warning an error; `--allow all` silences every lint; the last flag wins.
    let denied = generator(&repo.0, &["check", "--deny", "persist-credentials", &file.to_string_lossy()]);
    assert_eq!(denied.code, 1, "{denied:?}");
    let allowed = generator(&repo.0, &["check", "--deny", "all", "--allow", "all", &file.to_string_lossy()]);
    assert_eq!((allowed.code, allowed.out.as_str()), (0, "0 errors, 0 warnings in 1 file\n"));
    let denied_last = generator(&repo.0, &["check", "--allow", "all", "--deny", "all", &file.to_string_lossy()]);
    assert_eq!(denied_last.code, 1, "{denied_last:?}");
}

#[test]
fn a_missing_path_is_a_clear_error_with_exit_2() {
    let repo = Scratch::new("missing");
    let r = generator(&repo.0, &["check", &repo.path("nope.yml")]);
    assert_eq!((r.code, r.out.as_str()), (2, ""));
    assert_eq!(
        r.err,
        format!(
            "error: `{}` does not exist; give workflow files, action.yml files or folders that hold them (default: \
             .github/)\n",
            repo.path("nope.yml")
        )
    );
    // No `.github/` under the root: the same error, naming it.
    let r = generator(&repo.0, &["check"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.err.contains(&repo.path(".github")), "{}", r.err);
    // A folder with nothing to check: a note, and nothing fails.
    repo.write("empty/README.md", "nothing here\n");
    let r = generator(&repo.0, &["check", &repo.path("empty")]);
    assert_eq!((r.code, r.out.as_str()), (0, "0 errors, 0 warnings in 0 files\n"));
    assert!(r.err.starts_with("note: no workflows"), "{}", r.err);
}

#[test]
fn a_file_that_does_not_parse_is_an_error_with_its_position() {
    let repo = Scratch::new("syntax");
    let file = repo.write("broken.yml", "on: push\njobs:\n  a: [\n");
    let r = generator(&repo.0, &["check", "--format", "json", &file.to_string_lossy()]);
    assert_eq!(r.code, 1, "{r:?}");
    let findings: serde_json::Value = serde_json::from_str(&r.out).unwrap_or_default();
    assert_eq!(findings[0]["rule"], "syntax", "{}", r.out);
    assert!(findings[0]["line"].as_u64().is_some_and(|l| l >= 3), "{}", r.out);
}

/// Each format of the mixed repository, snapshotted.
#[test]
fn each_format_of_an_error_and_a_warning_matches_its_snapshot() {
    let repo = repository("formats");
    let settings = snapshot_settings("check");
    for format in ["human", "json", "github", "sarif"] {
        let r = generator(&repo.0, &["check", "--format", format]);
        assert_eq!((r.code, r.err.as_str()), (1, ""), "{format}: {r:?}");
        settings.bind(|| insta::assert_snapshot!(format!("fixture-{format}"), r.out));
    }
}

#[test]
fn human_output_is_coloured_only_when_asked_and_other_formats_never() {
    let repo = repository("color");
    let coloured = generator(&repo.0, &["check", "--color", "always"]);
    assert!(coloured.out.contains("\x1b[1;31merror\x1b[0m"), "{}", coloured.out);
    assert!(coloured.out.contains("\x1b[1;33mwarning\x1b[0m"), "{}", coloured.out);
    // Tests do not run on a terminal: `auto` is no colour.
    let auto = generator(&repo.0, &["check"]);
    assert!(!auto.out.contains('\x1b'), "{}", auto.out);
    for format in ["json", "github", "sarif"] {
        let r = generator(&repo.0, &["check", "--color", "always", "--format", format]);
        assert!(!r.out.contains('\x1b'), "{format}: {}", r.out);
    }
}

#[test]
fn json_is_an_array_of_findings_with_stable_keys() {
    let repo = repository("json");
    let r = generator(&repo.0, &["check", "--format", "json"]);
    let findings: Vec<serde_json::Value> = serde_json::from_str(&r.out).unwrap_or_default();
    assert_eq!(findings.len(), 2, "{}", r.out);
    let error = &findings[1];
    assert_eq!(error["file"], ".github/workflows/ci.yml");
    assert_eq!((error["line"].as_u64(), error["column"].as_u64()), (Some(10), Some(12)));
    assert_eq!((error["severity"].as_str(), error["rule"].as_str()), (Some("error"), Some("needs")));
    assert_eq!(error["message"], "jobs.test.needs: no job `biuld`; did you mean `build`?");
    assert_eq!(findings[0]["severity"], "warning");
    // The keys in the documented order.
    let order = ["\"file\"", "\"line\"", "\"column\"", "\"severity\"", "\"rule\"", "\"message\""];
    let at: Vec<usize> = order.iter().filter_map(|k| r.out.find(k)).collect();
    assert_eq!(at.len(), order.len());
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{}", r.out);
    // No finding: an empty array.
    let clean = Scratch::new("json-clean");
    clean.write(".github/workflows/ci.yml", CLEAN);
    assert_eq!(generator(&clean.0, &["check", "--format", "json"]).out, "[]\n");
}

#[test]
fn github_annotations_escape_properties_and_data() {
    let repo = Scratch::new("github");
    // A file name with `,`, `:` and `%`, and a key with `%` in the message.
    repo.write(".github/workflows/a,b:c%.yml", &CLEAN.replace("permissions: {}", "permissions: {}\n50%off: x"));
    let r = generator(&repo.0, &["check", "--format", "github"]);
    assert_eq!(r.code, 1, "{r:?}");
    let line = r.out.lines().next().unwrap_or_default();
    assert!(
        line.starts_with("::error file=.github/workflows/a%2Cb%3Ac%25.yml,line=3,col=1,title=unknown-key::"),
        "{line}"
    );
    assert!(line.contains("unknown key `50%25off`"), "{line}");
    assert_eq!(r.out.lines().count(), 1, "{}", r.out);
}

#[test]
fn sarif_is_a_valid_log_with_the_required_fields() {
    let repo = repository("sarif");
    let r = generator(&repo.0, &["check", "--format", "sarif"]);
    let log: serde_json::Value = serde_json::from_str(&r.out).unwrap_or_default();
    assert_eq!(log["version"], "2.1.0");
    assert!(log["$schema"].as_str().is_some_and(|s| s.contains("sarif-2.1.0")));
    let run = &log["runs"][0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "ci-gen check");
    let rules: Vec<&str> = driver["rules"].as_array().into_iter().flatten().filter_map(|r| r["id"].as_str()).collect();
    assert_eq!(rules, ["needs", "persist-credentials"]);
    let results = run["results"].as_array().cloned().unwrap_or_default();
    assert_eq!(results.len(), 2);
    for result in &results {
        let rule = result["ruleId"].as_str().unwrap_or_default();
        let index = result["ruleIndex"].as_u64().and_then(|i| usize::try_from(i).ok());
        assert_eq!(index.and_then(|i| rules.get(i)), Some(&rule), "{result}");
        assert!(matches!(result["level"].as_str(), Some("error" | "warning")), "{result}");
        assert!(result["message"]["text"].as_str().is_some_and(|t| !t.is_empty()), "{result}");
        let location = &result["locations"][0]["physicalLocation"];
        assert_eq!(location["artifactLocation"]["uri"], ".github/workflows/ci.yml");
        assert!(location["region"]["startLine"].as_u64().is_some_and(|l| l >= 1), "{result}");
        assert!(location["region"]["startColumn"].as_u64().is_some_and(|c| c >= 1), "{result}");
    }
    assert_eq!(results[1]["ruleId"], "needs");
    assert_eq!(results[1]["level"], "error");
}

#[test]
fn ci_gen_itself_offers_check() {
    let repo = repository("ci-gen");
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let args = ["check".to_owned(), repo.path(".github/workflows/ci.yml")];
    let code = Cli::new(ci_tests::platform::files(), &repo.0).run_with(&args, &mut out, &mut err);
    // ci-gen's own lints are all `deny`: the checkout is an error too.
    assert_eq!(code, 1);
    assert!(String::from_utf8_lossy(&out).ends_with("2 errors, 0 warnings in 1 file\n"));
}

#[test]
fn the_generated_files_of_this_workspace_check_clean() {
    let root = ci_tests::workspace_root();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = Cli::new(ci_tests::platform::files(), &root).run_with(&["check".to_owned()], &mut out, &mut err);
    let out = String::from_utf8_lossy(&out);
    assert_eq!(code, 0, "{out}");
    assert!(out.starts_with("0 errors, 0 warnings in "), "{out}");
}

/// Labels of the repository's own runners come from actionlint's
/// configuration file or `--runner-label`; without them a label of its own
/// is an error, and a broken configuration file is named.
#[test]
fn self_hosted_labels_come_from_the_configuration_or_the_command_line() {
    let repo = Scratch::new("runners");
    repo.write(
        ".github/workflows/gpu.yml",
        "on: push\npermissions: {}\njobs:\n  train:\n    runs-on: [self-hosted, linux, gpu-a100]\n    steps:\n      - run: make train\n",
    );
    let r = generator(&repo.0, &["check"]);
    assert_eq!(r.code, 1, "{}", r.out);
    assert!(r.out.contains("declare them (`Runners::new().self_hosted([\"gpu-a100\"])`)"), "{}", r.out);
    let r = generator(&repo.0, &["check", "--runner-label", "gpu-a100"]);
    assert_eq!((r.code, r.err.as_str()), (0, ""), "{}", r.out);
    repo.write(".github/actionlint.yaml", "self-hosted-runner:\n  labels:\n    - gpu-a100\n");
    let r = generator(&repo.0, &["check"]);
    assert_eq!((r.code, r.err.as_str()), (0, ""), "{}", r.out);
    repo.write(".github/actionlint.yaml", "self-hosted-runner:\n  labels: gpu-a100\n");
    let r = generator(&repo.0, &["check"]);
    assert_eq!(r.code, 2);
    assert!(r.err.contains("actionlint.yaml: `self-hosted-runner.labels` must be a list of labels"), "{}", r.err);
}
