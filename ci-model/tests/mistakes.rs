//! The checks of what users get wrong (issue 13, section 4), on YAML as it
//! is loaded from a repository (`tests/model_catalog.rs` builds the same
//! mistakes in Rust): each fires where it should, at the right path and
//! line, and stays silent where GitHub would run the workflow (the cases
//! where a check cannot see everything it would need are skipped, not
//! guessed).

#![allow(clippy::panic)]

use ci_model::lint::{Lint, Lints, Severity};
use ci_model::{Document, Runners, Workflow, locate};

/// Every validation message of `text`, located, with its rule.
fn problems(text: &str, runners: &Runners) -> Vec<String> {
    let doc = Document::parse(text, None).unwrap_or_else(|e| panic!("{e}"));
    let mut d = doc.validate_with(runners);
    locate(text, &mut d);
    d.iter().map(ToString::to_string).collect()
}

fn rules(text: &str) -> Vec<String> {
    let doc = Document::parse(text, None).unwrap_or_else(|e| panic!("{e}"));
    doc.validate().iter().map(|d| d.rule().to_owned()).collect()
}

const JOBS: &str = "on: push\njobs:\n";

#[test]
fn composite_run_steps_need_a_shell_and_uses_steps_do_not() {
    let text = "name: A\ndescription: B\nruns:\n  using: composite\n  steps:\n    - uses: actions/cache@v4\n      with: {path: x, key: y}\n    - run: make\n";
    assert_eq!(
        problems(text, &Runners::new()),
        [
            "8:7: runs.steps[1]: a composite action's `run:` step needs `shell:`; add `shell: bash` (or `pwsh`, `sh`, `python`, ...) [shell]"
        ]
    );
    // A workflow's `run:` step takes the job's default shell.
    assert!(rules(&format!("{JOBS}  a:\n    runs-on: ubuntu-latest\n    steps: [{{run: make}}]\n")).is_empty());
}

#[test]
fn runner_labels_compare_without_case_and_skip_expressions_and_groups() {
    for runs_on in [
        "Ubuntu-Latest",
        "[MACOS-15]",
        "${{ vars.RUNNER }}",
        "ubuntu-${{ vars.UBUNTU }}",
        "{group: large-runners}",
        "{group: g, labels: [made-up]}",
    ] {
        let text = format!("{JOBS}  a:\n    runs-on: {runs_on}\n    steps: [{{run: make}}]\n");
        assert!(rules(&text).is_empty(), "{runs_on}: {:?}", rules(&text));
    }
    let text = format!("{JOBS}  a:\n    runs-on: [ubuntu-latest, windows-lastest]\n    steps: [{{run: make}}]\n");
    let found = problems(&text, &Runners::new());
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].starts_with(
        "4:30: jobs.a.runs-on[1]: unknown runner label `windows-lastest`; did you mean `windows-latest`?"
    ));
}

#[test]
fn self_hosted_labels_are_accepted_once_declared() {
    let text = format!("{JOBS}  a:\n    runs-on: [self-hosted, Linux, ARM64, gpu]\n    steps: [{{run: make}}]\n");
    assert_eq!(rules(&text), ["runner-label"]);
    assert!(problems(&text, &Runners::new().self_hosted(["GPU"])).is_empty());
    let found = problems(&text, &Runners::new().self_hosted(["gpv"]));
    assert_eq!(found.len(), 1);
    assert!(
        found[0].contains("`gpu`; did you mean `gpv`?; it is neither GitHub-hosted nor a declared self-hosted label"),
        "{found:?}"
    );
    // A declared label needs no `self-hosted` beside it (a larger runner's name).
    let text = format!("{JOBS}  a:\n    runs-on: linux-16-core\n    steps: [{{run: make}}]\n");
    assert!(problems(&text, &Runners::new().self_hosted(["linux-16-core"])).is_empty());
}

#[test]
fn services_need_a_linux_runner() {
    let job = |runs_on: &str| {
        format!(
            "{JOBS}  a:\n    runs-on: {runs_on}\n    services:\n      db: {{image: postgres:16}}\n    steps: [{{run: make}}]\n"
        )
    };
    assert_eq!(rules(&job("windows-latest")), ["services"]);
    assert_eq!(rules(&job("[macos-15-xlarge]")), ["services"]);
    for ok in ["ubuntu-latest", "ubuntu-24.04-arm", "${{ vars.RUNNER }}"] {
        assert!(rules(&job(ok)).is_empty(), "{ok}");
    }
    let self_hosted = job("[self-hosted, windows]");
    assert!(problems(&self_hosted, &Runners::new().self_hosted(Vec::<String>::new())).is_empty());
}

/// A workflow with an upload job and a download job, the download's `with:`
/// and one more step of the upload job given.
fn artifacts(on: &str, upload_extra: &str, download_with: &str) -> String {
    format!(
        "on: {on}\njobs:\n  up:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/upload-artifact@v4\n        with: {{name: dist, path: dist/}}\n{upload_extra}  down:\n    needs: up\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/download-artifact@v4\n        with: {download_with}\n"
    )
}

#[test]
fn a_download_of_a_name_nobody_uploads_is_an_error() {
    let text = artifacts("push", "", "{name: dits}");
    let found = problems(&text, &Runners::new());
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].starts_with("13:22: jobs.down.steps[0].with.name: no job of this workflow uploads an artifact named `dits`; did you mean `dist`?"), "{found:?}");
    // Owner and repository compare without case, as GitHub compares them.
    assert_eq!(rules(&text.replace("actions/download-artifact", "Actions/Download-Artifact")), ["artifact"]);
    // Uploaded (letter case aside), or uploaded under the default name.
    assert!(rules(&artifacts("push", "", "{name: DIST}")).is_empty());
    assert!(rules(&artifacts("push", "", "{name: dist}")).is_empty());
    let unnamed = "      - uses: actions/upload-artifact@v4\n        with: {path: out/}\n";
    assert!(rules(&artifacts("push", unnamed, "{name: artifact}")).is_empty());
    // Inside a `parallel:` group too.
    let parallel = artifacts("push", "", "{name: dits}").replace(
        "      - uses: actions/download-artifact@v4\n        with: {name: dits}\n",
        "      - parallel:\n          - uses: actions/download-artifact@v4\n            with: {name: dits}\n",
    );
    let found = problems(&parallel, &Runners::new());
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("jobs.down.steps[0].parallel[0].with.name"), "{found:?}");
}

#[test]
fn downloads_that_may_come_from_elsewhere_are_not_checked() {
    // Everything downloaded, or by pattern, or named by an expression.
    for with in ["{path: all/}", "{pattern: 'dist-*'}", "{name: 'dist-${{ github.sha }}'}"] {
        assert!(rules(&artifacts("push", "", with)).is_empty(), "{with}");
    }
    // From another run or repository.
    for with in [
        "{name: nightly, run-id: '${{ github.event.workflow_run.id }}', github-token: '${{ github.token }}'}",
        "{name: x, repository: octo/other}",
    ] {
        assert!(rules(&artifacts("push", "", with)).is_empty(), "{with}");
    }
    // A workflow another calls shares its caller's run and artifacts.
    assert!(rules(&artifacts("workflow_call", "", "{name: from-caller}")).is_empty());
    // An action outside `actions/` may upload through the toolkit.
    let third_party = "      - uses: hynek/build-and-inspect-python-package@v2\n";
    assert!(rules(&artifacts("push", third_party, "{name: Packages}")).is_empty());
    // A called workflow shares this run.
    let with_call =
        format!("{}  call:\n    uses: ./.github/workflows/build.yml\n", artifacts("push", "", "{name: from-callee}"));
    assert!(rules(&with_call).is_empty());
    // A name with an expression matches by its literal ends.
    let matrix =
        "      - uses: actions/upload-artifact@v4\n        with: {name: 'logs-${{ github.run_id }}-x', path: logs/}\n";
    assert!(rules(&artifacts("push", matrix, "{name: logs-1-x}")).is_empty());
    assert_eq!(rules(&artifacts("push", matrix, "{name: logs-1-y}")), ["artifact"]);
}

#[test]
fn secrets_inherit_is_a_lint_allowed_by_its_comment() {
    let text = "on: push\npermissions: {}\njobs:\n  own:\n    uses: ./.github/workflows/release.yml\n    secrets: inherit\n  other:\n    uses: octo/ci/.github/workflows/build.yml@3d3c42e5aac5ba805825da76410c181273ba90b1\n    secrets: inherit\n";
    let wf = Workflow::parse(text).unwrap_or_else(|e| panic!("{e}"));
    let findings = wf.lint(&Lints::new());
    let found: Vec<(Lint, Severity, String)> =
        findings.iter().map(|f| (f.lint, f.level, f.diagnostic.path.to_string())).collect();
    assert_eq!(
        found,
        [
            (Lint::SecretsInherit, Severity::Warn, "jobs.own.secrets".to_owned()),
            (Lint::SecretsInherit, Severity::Deny, "jobs.other.secrets".to_owned()),
        ]
    );
    let mut located: Vec<_> = findings.into_iter().map(|f| f.diagnostic).collect();
    locate(text, &mut located);
    assert_eq!(located[1].location.map(|l| l.line), Some(9));
    // The allowance above the job, as the other lints take it.
    let allowed =
        text.replace("  other:\n", "  # ci-model: allow(secrets-inherit): our own org's shared CI\n  other:\n");
    let wf = Workflow::parse(&allowed).unwrap_or_else(|e| panic!("{e}"));
    let left: Vec<String> = wf.lint(&Lints::new()).iter().map(|f| f.diagnostic.path.to_string()).collect();
    assert_eq!(left, ["jobs.own.secrets"]);
    assert!(wf.to_yaml().contains("  # ci-model: allow(secrets-inherit): our own org's shared CI\n  other:\n"));
}
