//! `ci-gen affected` on the platform's real workflows: the guide's selective
//! execution ("change only docs/ → skip docker-build"), checked before any
//! push, through the model (`Workflow::simulate`) and through the command
//! line (text and `--json`).

use std::path::Path;

use ci_gen::{affected, cli};
use ci_model::Workflow;
use ci_model::simulate::{Event, Outcome};
use ci_tests::platform::{
    backtest_regression, ci_tests_coverage, deploy_staging, docker_build, markdown_link_check, pr_auto_review_request,
    repomix_context,
};
use ci_tests::{snapshot_settings, workspace_root};

#[allow(clippy::expect_used)] // test helper
fn outcome(wf: &Workflow, event: &Event) -> Outcome {
    wf.simulate(event).expect("the platform's filters compile").outcome
}

#[allow(clippy::expect_used)] // test helper
fn reason(wf: &Workflow, event: &Event) -> String {
    wf.simulate(event).expect("the platform's filters compile").reason
}

/// Every workflow's outcome, by file, in the generator's order.
#[allow(clippy::expect_used)] // test helper
fn outcomes(event: &Event) -> Vec<(String, Outcome)> {
    let files = ci_tests::platform::files();
    affected::simulate(&files, event)
        .expect("the platform's filters compile")
        .into_iter()
        .map(|a| (a.file, a.verdict.outcome))
        .collect()
}

fn runs(list: &[(String, Outcome)], file: &str) -> Outcome {
    list.iter().find(|(f, _)| f == file).map(|(_, o)| *o).unwrap_or(Outcome::MayRun)
}

#[test]
fn a_docs_only_change_runs_the_link_check_but_not_the_builds() {
    for event in [
        Event::push("main").changed(["docs/GETTING_STARTED.md", "docs/ARCHITECTURE/overview.md"]),
        Event::pull_request("main").head("docs/typos").changed(["docs/GETTING_STARTED.md"]),
    ] {
        assert_eq!(outcome(&markdown_link_check::workflow(), &event), Outcome::Runs, "{event}");
        assert_eq!(outcome(&docker_build::workflow(), &event), Outcome::Skipped, "{event}");
        assert_eq!(outcome(&backtest_regression::workflow(), &event), Outcome::Skipped, "{event}");
    }
    let event = Event::push("main").changed(["docs/GETTING_STARTED.md"]);
    assert_eq!(
        reason(&docker_build::workflow(), &event),
        "no changed file matches paths: [libs/**, apps/**, strategies/**, pyproject.toml, poetry.lock, apps/*/Dockerfile]"
    );
    assert_eq!(
        reason(&markdown_link_check::workflow(), &event),
        "`docs/GETTING_STARTED.md` matches `**.md` in paths: ['**.md']"
    );
    // The link check's own jobs run too.
    let v = markdown_link_check::workflow().simulate(&event).expect("compiles");
    assert!(v.jobs.iter().all(|j| j.outcome == Outcome::Runs));
}

#[test]
fn a_backtest_change_runs_the_regression_and_the_docker_build() {
    for event in [
        Event::push("main").changed(["libs/backtest/engine.py"]),
        Event::pull_request("main").head("faster-backtests").changed(["libs/backtest/engine.py"]),
    ] {
        let all = outcomes(&event);
        assert_eq!(runs(&all, "backtest-regression.yml"), Outcome::Runs, "{event}");
        assert_eq!(runs(&all, "docker-build.yml"), Outcome::Runs, "{event}");
        assert_eq!(runs(&all, "markdown-link-check.yml"), Outcome::Skipped, "{event}");
    }
    let event = Event::push("main").changed(["libs/backtest/engine.py"]);
    assert_eq!(
        reason(&backtest_regression::workflow(), &event),
        "`libs/backtest/engine.py` matches `libs/backtest/**` in paths: [strategies/alpha_baseline/**, libs/backtest/**, libs/data/**, artifacts/backtests/golden_manifest.json]"
    );
    // A change elsewhere in libs/ builds images but leaves the backtests alone.
    let event = Event::push("main").changed(["libs/risk/limits.py"]);
    assert_eq!(outcome(&docker_build::workflow(), &event), Outcome::Runs);
    assert_eq!(outcome(&backtest_regression::workflow(), &event), Outcome::Skipped);
}

#[test]
fn a_push_to_a_feature_branch_does_not_deploy_staging() {
    let event = Event::push("feature/new-signal").changed(["apps/signal_service/main.py"]);
    let v = deploy_staging::workflow().simulate(&event).expect("compiles");
    assert_eq!(v.outcome, Outcome::Skipped);
    assert_eq!(v.reason, "push to branch `feature/new-signal` does not match branches: [master, main]");
    assert!(v.jobs.iter().all(|j| j.outcome == Outcome::Skipped));
    // Neither do the unit tests run for it; the image build does.
    assert_eq!(outcome(&ci_tests_coverage::workflow(), &event), Outcome::Skipped);
    assert_eq!(outcome(&docker_build::workflow(), &event), Outcome::Runs);
    // A push to either default branch deploys, after the credential check.
    for branch in ["main", "master"] {
        let v = deploy_staging::workflow().simulate(&Event::push(branch).changed(["README.md"])).expect("compiles");
        assert_eq!(v.outcome, Outcome::Runs, "{branch}");
        assert!(v.jobs.iter().all(|j| j.outcome == Outcome::Runs), "{branch}: {:?}", v.jobs);
    }
}

#[test]
fn pull_requests_match_their_base_branch() {
    // Into main: the tests run, whatever the head branch is called.
    let into_main = Event::pull_request("main").head("feature/x").changed(["apps/x.py"]);
    assert_eq!(outcome(&ci_tests_coverage::workflow(), &into_main), Outcome::Runs);
    assert_eq!(outcome(&repomix_context::workflow(), &into_main), Outcome::Runs);
    // Into another branch: not, even from main.
    let into_dev = Event::pull_request("develop").head("main").changed(["apps/x.py"]);
    assert_eq!(outcome(&ci_tests_coverage::workflow(), &into_dev), Outcome::Skipped);
    assert_eq!(
        reason(&ci_tests_coverage::workflow(), &into_dev),
        "pull_request into `develop` does not match branches: [master, main]"
    );
    // Closing a pull request runs nothing: `closed` is not a default type.
    let closed = Event::pull_request("main").activity("closed").changed(["apps/x.py"]);
    assert!(outcomes(&closed).iter().all(|(_, o)| *o == Outcome::Skipped), "{:?}", outcomes(&closed));
}

#[test]
fn the_review_request_skips_drafts_and_cannot_know_about_forks() {
    let wf = pr_auto_review_request::workflow();
    let ready = Event::pull_request("main").activity("ready_for_review");
    assert_eq!(outcome(&wf, &ready), Outcome::Runs);
    assert_eq!(
        reason(&wf, &ready),
        "activity `ready_for_review` is in types: [opened, reopened, ready_for_review, synchronize]"
    );
    assert_eq!(outcome(&wf, &Event::pull_request("main").activity("edited")), Outcome::Skipped);
    let job = |e: &Event| wf.simulate(e).expect("compiles").jobs.remove(0);
    let draft = job(&Event::pull_request("main").value("github.event.pull_request.draft", true));
    assert_eq!(draft.outcome, Outcome::Skipped);
    assert_eq!(
        draft.reason.as_deref(),
        Some(
            "if: !github.event.pull_request.draft && github.event.pull_request.head.repo.full_name == github.repository is false (github.event.pull_request.draft is true)"
        )
    );
    let not_draft = job(&Event::pull_request("main").value("github.event.pull_request.draft", false));
    assert_eq!(not_draft.outcome, Outcome::MayRun);
    assert_eq!(
        not_draft.reason.as_deref(),
        Some(
            "if: !github.event.pull_request.draft && github.event.pull_request.head.repo.full_name == github.repository depends on github.event.pull_request.head.repo.full_name, github.repository"
        )
    );
    let same_repo = job(&Event::pull_request("main")
        .value("github.event.pull_request.draft", false)
        .value("github.repository", "octo/trading")
        .value("github.event.pull_request.head.repo.full_name", "octo/trading"));
    assert_eq!(same_repo.outcome, Outcome::Runs);
}

#[test]
fn schedules_manual_runs_and_tags() {
    let scheduled = outcomes(&Event::schedule());
    assert_eq!(runs(&scheduled, "markdown-link-check.yml"), Outcome::Runs);
    assert_eq!(scheduled.iter().filter(|(_, o)| *o == Outcome::Runs).count(), 1, "{scheduled:?}");
    let manual = outcomes(&Event::workflow_dispatch().branch("main"));
    let running: Vec<&str> = manual.iter().filter(|(_, o)| *o == Outcome::Runs).map(|(f, _)| f.as_str()).collect();
    assert_eq!(running, ["deploy-staging.yml", "markdown-link-check.yml", "repomix-context.yml"]);
    // A tag push: the branch-filtered workflows skip it, and the path-filtered
    // ones run, because GitHub does not evaluate path filters for tags.
    let tag = Event::push_tag("v1.4.0").changed(["docs/x.md"]);
    assert_eq!(
        reason(&ci_tests_coverage::workflow(), &tag),
        "push of tag `v1.4.0`, but push filters only branches (branches: [master, main]), so tag pushes never run it"
    );
    assert_eq!(outcome(&docker_build::workflow(), &tag), Outcome::Runs);
    assert_eq!(
        reason(&docker_build::workflow(), &tag),
        "every tag push triggers it (path filters are not evaluated for tags)"
    );
}

/// Runs the CLI on the platform's files; returns (status, stdout, stderr).
fn run(root: &Path, args: &[&str]) -> (u8, String, String) {
    let mut out = Vec::new();
    let mut err = Vec::new();
    let args: Vec<String> = args.iter().map(|s| (*s).to_owned()).collect();
    let code = cli::run_with(ci_tests::platform::files(), root, &args, &mut out, &mut err);
    (code, String::from_utf8_lossy(&out).into_owned(), String::from_utf8_lossy(&err).into_owned())
}

const DOCS_ONLY: &[&str] =
    &["affected", "--event", "pull_request", "--branch", "docs/typos", "--changed", "docs/GETTING_STARTED.md"];
const BACKTEST: &[&str] = &["affected", "--event", "push", "--branch", "main", "--changed", "libs/backtest/engine.py"];
const FEATURE: &[&str] =
    &["affected", "--event", "push", "--branch", "feature/new-signal", "--changed", "apps/signal_service/main.py"];

#[test]
fn the_command_prints_text_and_json() {
    let root = workspace_root();
    let settings = snapshot_settings("affected");
    settings.bind(|| {
        for (name, args) in [("docs-only", DOCS_ONLY), ("backtest", BACKTEST), ("feature-branch", FEATURE)] {
            let (code, out, err) = run(&root, args);
            assert_eq!((code, err.as_str()), (0, ""), "{name}");
            insta::assert_snapshot!(format!("{name}.txt"), out);
            let json_args: Vec<&str> = args.iter().copied().chain(["--json"]).collect();
            let (code, out, err) = run(&root, &json_args);
            assert_eq!((code, err.as_str()), (0, ""), "{name}");
            let parsed: serde_json::Value = serde_json::from_str(&out).expect("--json prints JSON");
            assert!(parsed["workflows"].as_array().is_some_and(|w| w.len() == 8), "{name}");
            insta::assert_snapshot!(format!("{name}.json"), out);
        }
    });
}

#[test]
fn the_json_answers_the_guide_s_questions() {
    let (_, out, _) = run(&workspace_root(), &[DOCS_ONLY, &["--json"]].concat());
    let parsed: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let runs = |file: &str| {
        parsed["workflows"].as_array().and_then(|ws| ws.iter().find(|w| w["file"] == file)).map(|w| w["runs"].clone())
    };
    assert_eq!(runs("markdown-link-check.yml"), Some(serde_json::Value::Bool(true)));
    assert_eq!(runs("docker-build.yml"), Some(serde_json::Value::Bool(false)));
    assert_eq!(runs("backtest-regression.yml"), Some(serde_json::Value::Bool(false)));
    // "may run" is null, with the reason.
    let review = parsed["workflows"]
        .as_array()
        .and_then(|ws| ws.iter().find(|w| w["file"] == "pr-auto-review-request.yml"))
        .map(|w| w["jobs"][0].clone())
        .expect("the review workflow is listed");
    assert_eq!(review["runs"], serde_json::Value::Null);
    assert!(review["reason"].as_str().is_some_and(|r| r.contains("depends on")), "{review}");
}

#[test]
fn usage_errors_exit_2() {
    let root = workspace_root();
    let (code, _, err) = run(&root, &["affected", "--tag", "v1", "--branch", "main"]);
    assert_eq!(code, 2);
    assert!(err.starts_with("error: the argument '--tag <T>' cannot be used with '--branch <B>'\n"), "{err}");
    assert!(err.contains("\nUsage: cargo run -p ci-gen -- affected "), "{err}");
    let (code, _, err) = run(&root, &["affected", "--frobnicate"]);
    assert_eq!(code, 2);
    assert!(err.starts_with("error: unexpected argument '--frobnicate' found"), "{err}");
    let (code, out, _) = run(&root, &["help"]);
    assert_eq!(code, 0);
    assert!(out.contains("\n  affected  which workflows") && out.contains("\n  graph     print the job"), "{out}");
    let (code, out, _) = run(&root, &["help", "affected"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("Usage: cargo run -p ci-gen -- affected [OPTIONS]") && out.contains("--changed-from-git"),
        "{out}"
    );
}

/// A scratch git repository with two commits.
struct Repo(ci_tests::ScratchRepo);

impl Repo {
    fn new() -> Self {
        let repo = ci_tests::ScratchRepo::new("ci-gen-affected");
        repo.write("README.md", "hello\n");
        repo.commit("first");
        repo.write("docs/guide.md", "guide\n");
        repo.write("README.md", "hello again\n");
        repo.commit("second");
        Repo(repo)
    }
}

#[test]
fn changed_files_can_come_from_git() {
    let repo = Repo::new();
    let root = repo.0.0.display().to_string();
    let (code, out, err) = run(
        &workspace_root(),
        &["affected", "--branch", "main", "--changed-from-git", "HEAD~1..HEAD", "--root", &root, "--json"],
    );
    assert_eq!((code, err.as_str()), (0, ""));
    let parsed: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let link_check = parsed["workflows"]
        .as_array()
        .and_then(|ws| ws.iter().find(|w| w["file"] == "markdown-link-check.yml"))
        .expect("listed");
    assert_eq!(link_check["runs"], true);
    assert_eq!(link_check["reason"], "`README.md` matches `**.md` in paths: ['**.md']");
    let (code, _, err) = run(&workspace_root(), &["affected", "--changed-from-git", "nope..HEAD", "--root", &root]);
    assert_eq!(code, 2);
    assert!(err.starts_with("error: git diff --name-only nope..HEAD failed in "), "{err}");
}
