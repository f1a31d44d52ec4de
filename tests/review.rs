//! `review`: each class of CI change, made in a small git history in a
//! scratch folder and reviewed from the command line (`--base main`), with
//! the report snapshotted (`snapshots/review/`).

// The helpers below are test setup: panicking is how they fail one.
#![allow(clippy::panic)]

use std::path::Path;

use ci_gen::Files;
use ci_gen::cli::Cli;

const OLD_SHA: &str = "11bd71901bbe5b1630ceea73d27597364c9af683";
const NEW_SHA: &str = "3d3c42e5aac5ba805825da76410c181273ba90b1";

/// A git repository with `main` holding the base files and a branch `pr`
/// checked out on top of it.
struct Repo(ci_tests::ScratchRepo);

impl Repo {
    fn new(files: &[(&str, &str)]) -> Repo {
        let repo = ci_tests::ScratchRepo::new("ci-gen-review");
        for (path, text) in files {
            repo.write(path, text);
        }
        repo.commit("base");
        repo.git(&["checkout", "--quiet", "-b", "pr"]);
        Repo(repo)
    }

    fn write(&self, path: &str, text: &str) {
        self.0.write(path, text);
    }

    fn remove(&self, path: &str) {
        self.0.remove(path);
    }

    fn root(&self) -> &Path {
        &self.0.0
    }

    /// `review --base main` with these arguments; the report, with the base
    /// commit (which differs per run) replaced by `BASE`.
    fn review(&self, args: &[&str]) -> String {
        let mut all = vec!["review".to_owned(), "--base".to_owned(), "main".to_owned()];
        all.extend(args.iter().map(|a| (*a).to_owned()));
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = Cli::new(Files::new("cargo run -p my-ci"), self.root()).run_with(&all, &mut out, &mut err);
        let (out, err) = (String::from_utf8_lossy(&out).into_owned(), String::from_utf8_lossy(&err).into_owned());
        assert_eq!(code, 0, "{err}");
        let base = self.0.git_output(&["rev-parse", "main"]);
        out.replace(&base, "BASE").replace(&base[..12], "BASE")
    }
}

fn snapshot(name: &str, report: &str) {
    ci_tests::snapshot_settings("review").bind(|| insta::assert_snapshot!(name, report));
}

const CI: &str = "\
name: CI
on:
  push:
    branches: [main]
    paths: ['src/**']
  pull_request:
permissions:
  contents: read
jobs:
  test:
    runs-on: ubuntu-latest
    timeout-minutes: 10
    env:
      API_KEY: ${{ secrets.API_KEY }}
    strategy:
      matrix:
        python: ['3.11', '3.12']
    steps:
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
        with:
          persist-credentials: false
      - name: Test
        run: make test
";

fn ci_yml() -> String {
    CI.to_owned()
}

const WF: &str = ".github/workflows/ci.yml";

#[test]
fn a_pin_bumped_by_a_bot() {
    let repo = Repo::new(&[(WF, CI)]);
    repo.write(WF, &ci_yml().replace(&format!("{OLD_SHA} # v4.2.2"), &format!("{NEW_SHA} # v4.3.0")));
    let report = repo.review(&[]);
    assert!(report.contains("medium  third-party  job `test`: `actions/checkout` pin moved: v4.2.2"), "{report}");
    snapshot("pin-bumped-by-a-bot", &report);
}

#[test]
fn a_commit_moved_under_the_same_version() {
    let repo = Repo::new(&[(WF, CI)]);
    repo.write(WF, &ci_yml().replace(OLD_SHA, NEW_SHA));
    let report = repo.review(&[]);
    assert!(report.contains("high    third-party  job `test`: `actions/checkout` moved to another commit"), "{report}");
    snapshot("commit-moved-under-the-same-version", &report);
}

#[test]
fn a_permission_raised_through_the_workflow_level() {
    let repo = Repo::new(&[(WF, CI)]);
    repo.write(WF, &ci_yml().replace("  contents: read\n", "  contents: write\n  id-token: write\n"));
    let report = repo.review(&[]);
    assert!(
        report.contains("high    permissions  job `test`: token permissions raised: `contents` read → write"),
        "{report}"
    );
    assert!(report.contains("(through the workflow's `permissions:`) [7→7]"), "{report}");
    snapshot("permission-raised-through-the-workflow", &report);
}

#[test]
fn a_widened_path_filter_and_a_privileged_trigger() {
    let repo = Repo::new(&[(WF, CI)]);
    let wider = ci_yml()
        .replace("paths: ['src/**']", "paths: ['src/**', 'docs/**']")
        .replace("  pull_request:\n", "  pull_request:\n  pull_request_target:\n    types: [opened]\n");
    repo.write(WF, &wider);
    let report = repo.review(&[]);
    assert!(report.contains("low     triggers     `push` widened: `paths`: added 'docs/**'"), "{report}");
    assert!(report.contains("high    triggers     now also runs on `pull_request_target`"), "{report}");
    snapshot("widened-path-filter-and-privileged-trigger", &report);
}

#[test]
fn a_secret_moved_into_a_step_of_a_pull_request_workflow() {
    let repo = Repo::new(&[(WF, CI)]);
    let moved = ci_yml().replace("    env:\n      API_KEY: ${{ secrets.API_KEY }}\n", "").replace(
        "        run: make test\n",
        "        run: make test\n        env:\n          API_KEY: ${{ secrets.API_KEY }}\n          SIGNING: ${{ secrets.signing_key }}\n",
    );
    repo.write(WF, &moved);
    let report = repo.review(&[]);
    assert!(
        report.contains("secret `API_KEY` now read in step 2 (`Test`) (moved or copied within the job)"),
        "{report}"
    );
    assert!(report.contains("secret `SIGNING_KEY` now read in step 2 (`Test`); on `pull_request`"), "{report}");
    snapshot("secret-moved-into-a-step", &report);
}

#[test]
fn a_formatting_only_change_is_no_semantic_change() {
    let repo = Repo::new(&[(WF, CI)]);
    let reformatted = ci_yml()
        .replace("    branches: [main]\n", "    branches:\n      - main  # the default branch\n")
        .replace("name: CI\n", "# Continuous integration\nname: CI\n\n");
    repo.write(WF, &reformatted);
    let report = repo.review(&[]);
    assert!(report.contains("comments or layout only: no semantic change"), "{report}");
    assert!(report.contains("0 high, 0 medium, 0 low, 0 info"), "{report}");
    snapshot("formatting-only", &report);
}

#[test]
fn what_runs() {
    let repo = Repo::new(&[(WF, CI)]);
    let changed = ci_yml()
        .replace("    timeout-minutes: 10\n", "")
        .replace(
            "python: ['3.11', '3.12']",
            "python: ['3.11', '3.12', '3.13']\n        os: [ubuntu-latest, macos-latest]",
        )
        .replace(
            "    runs-on: ubuntu-latest\n",
            "    runs-on: ${{ matrix.os }}\n    if: github.event_name == 'push'\n",
        )
        + "  lint:\n    runs-on: ubuntu-latest\n    timeout-minutes: 5\n    needs: test\n    steps:\n      - run: make lint\n";
    repo.write(WF, &changed);
    let report = repo.review(&[]);
    assert!(report.contains("medium  runs         job `test`: timeout removed (was `10`)"), "{report}");
    assert!(report.contains("job `test`: starts 6 jobs instead of 2"), "{report}");
    assert!(report.contains("low     runs         job `lint`: new job"), "{report}");
    snapshot("what-runs", &report);
}

#[test]
fn environments_inherited_secrets_and_images() {
    let caller = "\
on: push
permissions: {}
jobs:
  deploy:
    uses: ./.github/workflows/deploy.yml
  db:
    runs-on: ubuntu-latest
    timeout-minutes: 5
    services:
      pg:
        image: postgres:15
    steps:
      - run: make db
";
    let repo = Repo::new(&[(WF, caller)]);
    let changed = caller
        .replace(
            "    uses: ./.github/workflows/deploy.yml\n",
            "    uses: ./.github/workflows/deploy.yml\n    secrets: inherit\n",
        )
        .replace("postgres:15", "postgres:16")
        .replace("    timeout-minutes: 5\n", "    timeout-minutes: 5\n    environment: production\n");
    repo.write(WF, &changed);
    let report = repo.review(&[]);
    assert!(report.contains("high    secrets      job `deploy`: `secrets: inherit` added"), "{report}");
    assert!(report.contains("job `db`: service `pg` image `postgres:15` → `postgres:16`"), "{report}");
    assert!(report.contains("job `db`: now deploys to the environment `production`"), "{report}");
    snapshot("environments-inherit-images", &report);
}

#[test]
fn files_added_removed_and_renamed() {
    let other = "name: Docs\non: push\npermissions: {}\njobs:\n  d:\n    runs-on: ubuntu-latest\n    timeout-minutes: 5\n    steps:\n      - run: make docs\n";
    let action = "name: Setup\nruns:\n  using: composite\n  steps:\n    - run: ./setup.sh\n      shell: bash\n";
    let repo =
        Repo::new(&[(WF, CI), (".github/workflows/docs.yml", other), (".github/actions/setup/action.yml", action)]);
    repo.remove(WF);
    repo.remove(".github/workflows/docs.yml");
    repo.write(".github/workflows/documentation.yml", other);
    repo.write(
        ".github/actions/setup/action.yml",
        &action
            .replace("    - run: ./setup.sh\n", "    - uses: docker/setup-buildx-action@v3\n    - run: ./setup.sh\n"),
    );
    repo.write(
        ".github/workflows/release.yml",
        "on:\n  workflow_run:\n    workflows: [CI]\npermissions:\n  contents: write\njobs:\n  r:\n    runs-on: ubuntu-latest\n    timeout-minutes: 5\n    steps:\n      - run: echo ${{ secrets.RELEASE_TOKEN }}\n",
    );
    let report = repo.review(&[]);
    assert!(
        report.contains(".github/workflows/documentation.yml (renamed from .github/workflows/docs.yml)"),
        "{report}"
    );
    assert!(report.contains(".github/workflows/ci.yml (removed)"), "{report}");
    assert!(report.contains(".github/workflows/release.yml (added)"), "{report}");
    assert!(report.contains("new action `docker/setup-buildx-action` at v3, not pinned to a commit"), "{report}");
    snapshot("files-added-removed-renamed", &report);
    let md = repo.review(&["--format", "markdown"]);
    snapshot("files-added-removed-renamed-markdown", &md);
    let json: serde_json::Value = serde_json::from_str(&repo.review(&["--format", "json"]))
        .unwrap_or_else(|e| panic!("review --format json is not JSON: {e}"));
    let files = json["files"].as_array().map(Vec::len);
    assert_eq!(files, Some(4), "{json}");
    assert_eq!(json["files"][2]["status"], "renamed");
    assert_eq!(json["files"][2]["renamed_from"], ".github/workflows/docs.yml");
}

#[test]
fn nothing_changed_and_a_missing_base() {
    let repo = Repo::new(&[(WF, CI)]);
    assert!(repo.review(&[]).contains("no workflow or action changed"));
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let args: Vec<String> = ["review", "--base", "no-such-branch"].iter().map(|a| (*a).to_owned()).collect();
    let code = Cli::new(Files::new("x"), repo.root()).run_with(&args, &mut out, &mut err);
    assert_eq!(code, 2);
    let err = String::from_utf8_lossy(&err);
    assert!(err.contains("error: git rev-parse") && err.contains("--base REF"), "{err}");
}

#[test]
fn a_generator_is_reviewed_by_what_it_would_write() {
    use ci_model::{Job, Permissions, Step, Workflow};
    let repo = Repo::new(&[(WF, CI)]);
    let workflow = Workflow::new("CI")
        .on_push()
        .permissions(Permissions::none())
        .job("test", Job::new("ubuntu-latest").timeout_minutes(10).step(Step::run("make test")));
    let files = Files::new("cargo run -p my-ci").workflow("ci.yml", workflow);
    let args: Vec<String> = ["review", "--base", "main"].iter().map(|a| (*a).to_owned()).collect();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    assert_eq!(Cli::new(files, repo.root()).run_with(&args, &mut out, &mut err), 0);
    let out = String::from_utf8_lossy(&out);
    // The file on disk is unchanged; the generator's version is what is reviewed.
    assert!(out.contains("no longer runs on `pull_request`"), "{out}");
    assert!(out.contains("token permissions lowered: `contents` read → none"), "{out}");
    assert!(!repo.root().join(".github/ci-gen-manifest.txt").exists(), "review writes nothing");
}

/// Every corpus file, reviewed against itself reformatted (canonical form,
/// a comment added) and against itself with its first job removed: the
/// first is no semantic change, the second names the job, and neither
/// panics on real-world YAML.
#[test]
fn the_corpus_reviews_without_surprises() {
    let Some(dir) = ci_tests::shared("corpus") else { return };
    let mut files: Vec<_> =
        std::fs::read_dir(&dir).map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect()).unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "yml" || e == "yaml"));
    files.sort();
    assert!(files.len() >= 40, "{} corpus files", files.len());
    let mut workflows = 0;
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let Ok(wf) = ci_model::Workflow::parse(&text) else { continue };
        if wf.jobs.is_empty() {
            continue;
        }
        workflows += 1;
        let name = ".github/workflows/w.yml";
        let reformatted = format!("# reviewed\n{}", wf.to_yaml());
        let same = ci_gen::review::review_texts(&[(name, Some(&text), Some(&reformatted))]);
        let changes: Vec<String> = same.iter().flat_map(|f| f.changes.iter().map(ToString::to_string)).collect();
        assert!(changes.is_empty(), "{}: {changes:?}", file.display());
        let mut fewer = wf.clone();
        let first = fewer.jobs.keys().next().cloned().unwrap_or_default();
        fewer.jobs.shift_remove(&first);
        let review = ci_gen::review::review_texts(&[(name, Some(&text), Some(&fewer.to_yaml()))]);
        let removed = review.iter().flat_map(|f| &f.changes).any(|c| c.job.as_deref() == Some(first.as_str()));
        assert!(removed, "{}: removing job `{first}` is not reported", file.display());
    }
    assert!(workflows >= 30, "{workflows} workflows reviewed");
}

/// What a pull request writes reaches the job summary as text: HTML in a
/// step's name or a secret's is escaped, and `|` cannot break the table.
#[test]
fn the_markdown_report_writes_a_pull_request_s_html_as_text() {
    let repo = Repo::new(&[(WF, CI)]);
    let hostile = ci_yml().replace(
        "      - name: Test\n        run: make test\n",
        "      - name: \"<img src=x onerror=alert(1)> | `x`\"\n        run: make test\n        env:\n          K: ${{ secrets.A }}\n",
    );
    repo.write(WF, &hostile);
    let md = repo.review(&["--format", "markdown"]);
    assert!(md.contains("&lt;img src=x onerror=alert(1)&gt; \\| `x`"), "{md}");
    assert!(!md.contains("<img"), "{md}");
}
