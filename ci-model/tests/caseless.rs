//! GitHub reads context property names and ids ignoring ASCII case: every
//! reference validation resolves, and every reference a lint looks for, is
//! compared the same way.

use ci_model::lint::{Lint, Lints};
use ci_model::{Job, JobRef, Step, Workflow};

#[allow(clippy::panic)] // test input that must parse
fn parse(text: &str) -> Workflow {
    Workflow::parse(text).unwrap_or_else(|e| panic!("{e}"))
}

fn messages(wf: &Workflow) -> Vec<String> {
    wf.validate().iter().map(ToString::to_string).collect()
}

#[test]
fn references_in_another_case_resolve() {
    let wf = parse(
        "on:\n  workflow_dispatch:\n    inputs:\n      Target: {}\njobs:\n  Build:\n    runs-on: ubuntu-latest\n    strategy:\n      \
         matrix:\n        RUSTFLAGS: [a]\n    outputs:\n      comment_file_written: ${{ steps.Write.outputs.X }}\n    \
         steps:\n      - id: write\n        run: echo\n        env:\n          F: ${{ matrix.rustflags }}\n          \
         T: ${{ inputs.TARGET }}\n  test:\n    needs: build\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n        \
         env:\n          W: ${{ needs.BUILD.outputs.COMMENT_FILE_WRITTEN }}\n          N: ${{ Needs.build.Outputs.comment_file_written }}\n",
    );
    assert_eq!(messages(&wf), Vec::<String>::new());
}

#[test]
fn unknown_names_are_still_refused_with_the_declared_spelling_suggested() {
    let wf = parse(
        "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n        RUSTFLAGS: [a]\n    steps:\n      \
         - run: echo\n        env:\n          F: ${{ matrix.rustflag }}\n  test:\n    needs: Buidl\n    runs-on: ubuntu-latest\n    \
         steps:\n      - run: echo\n",
    );
    assert_eq!(
        messages(&wf),
        [
            "jobs.test.needs: no job `Buidl`; did you mean `build`? [needs]",
            "jobs.build.steps[0].env.F: `matrix.rustflag` is not in the matrix; did you mean `RUSTFLAGS`?; it has `RUSTFLAGS` [reference]",
        ]
    );
}

#[test]
fn needs_and_step_ids_compare_ignoring_case() {
    let wf = parse(
        "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - id: A\n        run: echo\n      - id: a\n        run: echo\n  \
         test:\n    needs: [BUILD, build]\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n",
    );
    assert_eq!(
        messages(&wf),
        [
            "jobs.build.steps[1].id: step id `a` is already used by steps[0]; step ids must be unique within a job, ignoring case [id]",
            "jobs.test.needs[1]: job `build` is listed twice; list each job once [needs]",
        ]
    );
}

#[test]
fn infer_needs_adds_the_job_as_declared_once() {
    let build = Job::new("ubuntu-latest").output("hit", "x").step(Step::run("make"));
    let deploy = Job::new("ubuntu-latest").env("HIT", JobRef::new("BUILD").output("hit")).step(Step::run("deploy"));
    let wf = Workflow::new("CI").on_push().job("build", build).job("deploy", deploy).infer_needs();
    assert_eq!(wf.jobs["deploy"].needs(), ["build"]);
    assert!(wf.validate().is_empty(), "{:?}", messages(&wf));
    // A `needs:` already listed in another case is not added again.
    let again = wf.clone().infer_needs();
    assert_eq!(again.jobs["deploy"].needs(), ["build"]);
}

#[test]
fn lints_see_secrets_and_refs_in_any_case() {
    let wf = parse(
        "on: pull_request_target\npermissions: {}\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    environment: staging\n    steps:\n      \
         - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1\n        with:\n          persist-credentials: false\n          \
         ref: ${{ github.event.PULL_REQUEST.head.sha }}\n      - run: ./deploy\n        env:\n          KEY: ${{ SECRETS.live_key }}\n",
    );
    let lints = Lints::new().forbid_secret("LIVE_KEY", ["staging"]);
    let found: Vec<Lint> = wf.lint(&lints).iter().map(|f| f.lint).collect();
    assert_eq!(found, [Lint::UntrustedCheckout, Lint::SecretsPolicy]);
}

/// Not about case, but found by the same corpus review: a checkout of the
/// repository itself with a token of its own keeps it for the git commands
/// of later steps (nodejs/node's commit queue pushes from a script).
#[test]
fn a_checkout_given_its_own_token_keeps_it_on_purpose() {
    let with_token = |token: &str, extra: &str| {
        parse(&format!(
            "on: push\npermissions: {{}}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      \
             - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1\n        with:\n          \
             token: {token}\n{extra}      - run: ./tools/commit-queue.sh\n"
        ))
    };
    let lints = Lints::new();
    let found = |wf: &Workflow| wf.lint(&lints).iter().map(|f| f.lint).collect::<Vec<_>>();
    assert_eq!(found(&with_token("${{ secrets.GH_USER_TOKEN }}", "")), []);
    // The job's own token, another repository, or submodules: still a finding.
    assert_eq!(found(&with_token("${{ github.token }}", "")), [Lint::PersistCredentials]);
    assert_eq!(found(&with_token("${{ Secrets.github_token }}", "")), [Lint::PersistCredentials]);
    assert_eq!(
        found(&with_token("${{ secrets.PAT }}", "          repository: o/private\n")),
        [Lint::PersistCredentials]
    );
    assert_eq!(found(&with_token("${{ secrets.PAT }}", "          submodules: true\n")), [Lint::PersistCredentials]);
}
