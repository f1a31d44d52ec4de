//! A catalog of invalid models built through the public API: dangling
//! references, contexts used where GitHub does not offer them, and every
//! security lint. Each case's exact messages are an insta snapshot under
//! `snapshots/model_catalog/`; a valid counterpart of each family must give no
//! message at all.

use ci_gen::{Files, LocalAction, ReusableWorkflow};
use ci_model::ex::{always, env, github, hash_files, inputs, matrix, secrets};
use ci_model::lint::{Lint, Lints, Severity};
use ci_model::{
    Action, ActionInput, ActionOutput, CallInput, CallInputType, CallJob, CallSecret, Concurrency, Container,
    DispatchInput, Environment, Job, JobRef, Matrix, NullOr, Permissions, PullRequestFilter, Step, StepRef, Strategy,
    Uses, Workflow, WorkflowCall, WorkflowDispatch,
};

const SHA: &str = "3d3c42e5aac5ba805825da76410c181273ba90b1";

fn checkout() -> Step {
    Step::uses(Uses::pinned("actions/checkout", SHA, "v7.0.1")).with("persist-credentials", false)
}

/// A workflow that passes every check, for cases to break one thing at a time.
fn base() -> Workflow {
    Workflow::new("CI").on_push().permissions(Permissions::none())
}

fn job() -> ci_model::NormalJob {
    Job::new("ubuntu-latest").timeout_minutes(10)
}

fn lints() -> Lints {
    Lints::default().forbid_secret("LIVE_KEY", ["staging"])
}

/// Every message for a workflow: validation, then lints.
fn messages(wf: &Workflow, lints: &Lints) -> String {
    let mut lines: Vec<String> = wf.validate().iter().map(ToString::to_string).collect();
    lines.extend(wf.lint(lints).iter().map(ToString::to_string));
    lines.join("\n")
}

fn cases() -> Vec<(&'static str, Workflow)> {
    let build = JobRef::new("build");
    let meta = StepRef::new("meta");
    let services = || {
        Matrix::new().axis(
            "service",
            [ci_model::Yaml::map([("name", ci_model::Yaml::from("api")), ("port", ci_model::Yaml::from(8001))])],
        )
    };
    let producer = || job().output("image", meta.output("tags")).step(Step::run("make").id("meta"));
    vec![
        // ---- inputs of a bundled binding's action (pinned to its release) ----
        (
            "binding-unknown-input",
            base().job("a", job().step(checkout().with("fetch-dpth", 0)).step(Step::run("make"))),
        ),
        (
            "binding-missing-required-input",
            base().job(
                "a",
                job().step(checkout()).step(Step::uses(Uses::pinned(
                    "actions/cache",
                    ci_model::actions::Cache::SHA,
                    "v5.0.5",
                ))),
            ),
        ),
        // ---- references ----
        ("needs-unknown-job", base().job("deploy", job().needs("buld").step(Step::run("x"))).job("build", producer())),
        (
            "needs-output-not-declared",
            base()
                .job("build", producer())
                .job("deploy", job().needs("build").env("IMAGE", build.output("imgae")).step(Step::run("x"))),
        ),
        (
            "needs-not-listed",
            base()
                .job("build", producer())
                .job("deploy", job().env("IMAGE", build.output("image")).step(Step::run("x"))),
        ),
        ("needs-itself", base().job("a", job().needs("a").step(Step::run("x")))),
        (
            "needs-cycle",
            base()
                .job("a", job().needs("c").step(Step::run("x")))
                .job("b", job().needs("a").step(Step::run("x")))
                .job("c", job().needs("b").step(Step::run("x"))),
        ),
        (
            "needs-result-of-unknown-job",
            base().job("a", job().when(JobRef::new("ghost").result().eq("success")).step(Step::run("x"))),
        ),
        (
            "step-output-of-a-later-step",
            base().job(
                "b",
                job().step(Step::run("echo").env("TAGS", meta.output("tags"))).step(Step::run("make").id("meta")),
            ),
        ),
        (
            "step-output-of-unknown-step",
            base().job(
                "b",
                job()
                    .step(Step::run("make").id("meta"))
                    .step(Step::run("x").env("T", StepRef::new("mta").output("tags"))),
            ),
        ),
        (
            "job-output-of-unknown-step",
            base()
                .job("b", job().output("tags", StepRef::new("nope").output("tags")).step(Step::run("make").id("meta"))),
        ),
        (
            "matrix-unknown-key",
            base()
                .job("b", job().strategy(Strategy::matrix(services())).step(Step::run("x").env("S", matrix("servce")))),
        ),
        (
            "matrix-unknown-field",
            base().job(
                "b",
                job()
                    .strategy(Strategy::matrix(services()))
                    .step(Step::run("x").env("P", matrix("service").field("prot"))),
            ),
        ),
        ("matrix-without-strategy", base().job("b", Job::new(matrix("os")).timeout_minutes(5).step(Step::run("x")))),
        (
            "input-not-declared",
            base()
                .triggers(|t| {
                    t.workflow_dispatch =
                        Some(NullOr::Value(WorkflowDispatch::new().input("dry-run", DispatchInput::boolean())))
                })
                .job("b", job().step(Step::run("x").env("DRY", inputs("dry_run")))),
        ),
        ("input-with-no-inputs-declared", base().job("b", job().step(Step::run("x").env("V", inputs("version"))))),
        (
            "secret-not-declared-in-called-workflow",
            Workflow::new("Reusable")
                .triggers(|t| {
                    let mut call = WorkflowCall::default();
                    call.secrets.get_or_insert_default().insert("token".into(), NullOr::Value(CallSecret::default()));
                    call.inputs.get_or_insert_default().insert("v".into(), CallInput::new(CallInputType::String));
                    t.workflow_call = Some(NullOr::Value(call));
                })
                .permissions(Permissions::none())
                .job("b", job().step(Step::run("x").env("T", secrets("tokn")))),
        ),
        (
            "workflow-call-output-not-declared",
            Workflow::new("Reusable")
                .triggers(|t| {
                    let mut call = WorkflowCall::default();
                    call.outputs.get_or_insert_default().insert(
                        "digest".into(),
                        ci_model::CallOutput {
                            description: None,
                            value: "${{ jobs.build.outputs.digets }}".into(),
                            extra: Default::default(),
                        },
                    );
                    t.workflow_call = Some(NullOr::Value(call));
                })
                .permissions(Permissions::none())
                .job("build", job().output("digest", "x").step(Step::run("x"))),
        ),
        // ---- contexts and functions ----
        ("matrix-in-workflow-env", base().env("OS", matrix("os")).job("b", job().step(Step::run("x")))),
        ("secrets-in-job-if", base().job("b", job().when(secrets("TOKEN").ne("")).step(Step::run("x")))),
        ("secrets-in-step-if", base().job("b", job().step(Step::run("x").when(secrets("TOKEN").ne(""))))),
        (
            "steps-in-job-env",
            base().job("b", job().env("T", StepRef::new("s").output("x")).step(Step::run("x").id("s"))),
        ),
        ("hashfiles-in-job-if", base().job("b", job().when(hash_files(["*.lock"]).ne("")).step(Step::run("x")))),
        ("status-function-outside-if", base().job("b", job().step(Step::run("x").name(always())))),
        (
            "env-in-concurrency",
            base().concurrency(Concurrency::group(env("GROUP"))).job("b", job().step(Step::run("x"))),
        ),
        (
            "expression-in-uses",
            base().job("b", job().step(Step::uses(Uses::new("actions/checkout@${{ github.sha }}")))),
        ),
        (
            "expression-unknown-context",
            base().job("b", Job::new("${{ githb.ref }}").timeout_minutes(5).step(Step::run("x"))),
        ),
        ("expression-syntax-error", base().job("b", job().step(Step::run("x").when("github.ref = 'main'")))),
        ("expression-unclosed", base().job("b", job().step(Step::run("x").env("A", "${{ github.ref")))),
        (
            "condition-always-true",
            base().job("b", job().step(Step::run("x").when("${{ success() }} && ${{ failure() }}"))),
        ),
        ("unknown-function", base().job("b", job().step(Step::run("x").env("A", "${{ toUpper(github.ref) }}")))),
        (
            "too-many-arguments",
            base().job("b", job().step(Step::run("x").env("A", "${{ contains(github.ref, 'a', 'b') }}"))),
        ),
        // ---- security lints ----
        ("unpinned-uses-tag", base().job("b", job().step(Step::uses("actions/setup-python@v5")))),
        ("unpinned-uses-branch", base().job("b", job().step(Step::uses("actions/cache@main")))),
        ("unpinned-uses-short-sha", base().job("b", job().step(Step::uses("actions/cache@0057852")))),
        ("unpinned-docker-image", base().job("b", job().step(Step::uses("docker://alpine:3.20")))),
        ("unpinned-reusable-workflow", base().job("call", CallJob::new("octo/ci/.github/workflows/build.yml@v2"))),
        ("permissions-missing", Workflow::new("CI").on_push().job("b", job().step(Step::run("x")))),
        ("permissions-write-all", base().permissions(Permissions::WriteAll).job("b", job().step(Step::run("x")))),
        (
            "permissions-write-at-workflow-level",
            base()
                .permissions(Permissions::none().with("contents", ci_model::Level::Write))
                .job("b", job().step(Step::run("x"))),
        ),
        (
            "permissions-write-no-step-can-use",
            base().job(
                "b",
                job().permissions(Permissions::none().with("packages", ci_model::Level::Write)).step(Step::run("make")),
            ),
        ),
        (
            "permissions-write-all-on-job",
            base().job("b", job().permissions(Permissions::WriteAll).step(Step::run("x"))),
        ),
        (
            "template-injection-head-ref",
            base().job("b", job().step(Step::run(format!("git checkout {}", github().head_ref())))),
        ),
        (
            "template-injection-pr-title",
            base().job("b", job().step(Step::run("echo \"${{ github.event.pull_request.title }}\""))),
        ),
        (
            "template-injection-secret",
            base().job("b", job().step(Step::run("curl -H \"token: ${{ secrets.API }}\" x"))),
        ),
        (
            "template-injection-github-script",
            base().job(
                "b",
                job().step(
                    Step::uses(Uses::pinned(
                        "actions/github-script",
                        "ed597411d8f924073f98dfc5c65a23a2325f34cd",
                        "v8.0.0",
                    ))
                    .with("script", "console.log('${{ github.event.issue.body }}')"),
                ),
            ),
        ),
        (
            "untrusted-checkout-pull-request-target",
            Workflow::new("PR")
                .triggers(|t| t.pull_request_target = Some(NullOr::Value(PullRequestFilter::new())))
                .permissions(Permissions::none())
                .job(
                    "b",
                    job()
                        .step(checkout().with("ref", "${{ github.event.pull_request.head.sha }}"))
                        .step(Step::run("make").env("TOKEN", secrets("DEPLOY_TOKEN"))),
                ),
        ),
        (
            "untrusted-checkout-workflow-run",
            Workflow::new("After CI")
                .triggers(|t| t.workflow_run = Some(NullOr::Null))
                .permissions(Permissions::none().with("contents", ci_model::Level::Write))
                .job(
                    "b",
                    job()
                        .step(checkout().with("ref", "${{ github.event.workflow_run.head_sha }}"))
                        .step(Step::run("make")),
                ),
        ),
        (
            "persist-credentials-left-on",
            base().job("b", job().step(Step::uses(Uses::pinned("actions/checkout", SHA, "v7.0.1")))),
        ),
        (
            "secrets-policy-live-key-in-staging",
            base().job(
                "deploy",
                job()
                    .environment(Environment::named("staging"))
                    .env("KEY", secrets("LIVE_KEY"))
                    .step(Step::run("deploy")),
            ),
        ),
        (
            "container-and-services-are-checked-too",
            base().job(
                "b",
                job()
                    .container(Container::image("node:20").env("X", "${{ steps.a.outputs.b }}"))
                    .service("db", Container::image("postgres:16").options(matrix("opts")))
                    .step(Step::run("x").id("a")),
            ),
        ),
    ]
}

/// A composite action with a required input, an optional one, a
/// deprecated one and an output, as a generator writes it.
fn setup_action() -> LocalAction {
    let run = Step::run("echo \"path=$(which python3)\" >> \"$GITHUB_OUTPUT\"").shell("bash").id("python");
    LocalAction::new(
        ".github/actions/setup",
        Action::composite("Setup", [run])
            .description("Installs Python")
            .input("python-version", ActionInput::new("The Python version").required(true))
            .input("cache", ActionInput::new("Cache pip downloads").default("true"))
            .input(
                "extras",
                ActionInput { deprecation_message: Some("Use `groups` instead.".into()), ..ActionInput::new("Extras") },
            )
            .output(
                "python-path",
                ActionOutput { value: Some("${{ steps.python.outputs.path }}".into()), ..Default::default() },
            ),
    )
}

/// A reusable workflow with typed inputs, a required secret and an output.
fn deploy_workflow() -> ReusableWorkflow {
    let mut call = WorkflowCall::default();
    let inputs = call.inputs.get_or_insert_default();
    inputs.insert("environment".into(), CallInput::new(CallInputType::String).required(true));
    inputs.insert("dry-run".into(), CallInput::new(CallInputType::Boolean).default(false));
    inputs.insert("replicas".into(), CallInput::new(CallInputType::Number));
    let declared = call.secrets.get_or_insert_default();
    declared.insert("deploy-token".into(), NullOr::Value(CallSecret { required: Some(true), ..CallSecret::default() }));
    declared.insert("slack-webhook".into(), NullOr::Null);
    call.outputs.get_or_insert_default().insert(
        "url".into(),
        ci_model::CallOutput {
            description: None,
            value: "${{ jobs.deploy.outputs.url }}".into(),
            extra: Default::default(),
        },
    );
    let deploy = StepRef::new("deploy");
    ReusableWorkflow::new(
        "deploy.yml",
        base()
            .triggers(|t| {
                t.push = None;
                t.workflow_call = Some(NullOr::Value(call));
            })
            .job(
                "deploy",
                job()
                    .output("url", deploy.output("url"))
                    .step(Step::run("./deploy.sh").id("deploy").env("TOKEN", secrets("deploy-token"))),
            ),
    )
}

/// Files whose every model is valid on its own but that use each other
/// wrongly: each refused at `render`, in the file that has the mistake.
fn across_cases() -> Vec<(&'static str, Files)> {
    let setup = setup_action();
    let deploy = deploy_workflow();
    let files = |ci: Workflow| Files::new("gen").add(&setup).add(&deploy).workflow("ci.yml", ci);
    let with_step = |step: Step| files(base().job("test", job().step(step)));
    let with_call = |call: CallJob| files(base().job("deploy", call));
    vec![
        (
            "local-action-unknown-input",
            with_step(setup.step().with("python-version", "3.12").with("python-versoin", "3.12")),
        ),
        ("local-action-missing-required-input", with_step(setup.step().with("cache", "false"))),
        ("local-action-deprecated-input", with_step(setup.step().with("python-version", "3.12").with("extras", "dev"))),
        (
            "local-action-unknown-output",
            files(
                base().job(
                    "test",
                    job()
                        .step(setup.step().id("setup").with("python-version", "3.12"))
                        .step(Step::run("echo \"$PY\"").env("PY", setup.output("setup", "python_path"))),
                ),
            ),
        ),
        (
            "local-action-in-a-composite-action",
            Files::new("gen").add(&setup).add(&LocalAction::new(
                ".github/actions/test",
                Action::composite("Test", [setup.step().with("python-versoin", "3.12")]),
            )),
        ),
        (
            "reusable-unknown-input",
            with_call(deploy.call().with("environment", "staging").with("enviroment", "staging").secrets_inherit()),
        ),
        ("reusable-missing-required-input", with_call(deploy.call().secrets_inherit())),
        (
            "reusable-input-types",
            with_call(
                deploy
                    .call()
                    .with("environment", "staging")
                    .with("dry-run", "yes")
                    .with("replicas", true)
                    .secrets_inherit(),
            ),
        ),
        (
            "reusable-unknown-secret",
            with_call(
                deploy
                    .call()
                    .with("environment", "staging")
                    .secret("deploy-token", secrets("TOKEN"))
                    .secret("deploy-tokn", secrets("TOKEN")),
            ),
        ),
        (
            "reusable-missing-secret",
            with_call(deploy.call().with("environment", "staging").secret("slack-webhook", secrets("SLACK"))),
        ),
        (
            "reusable-unknown-output",
            files(base().job("deploy", deploy.call().with("environment", "staging").secrets_inherit()).job(
                "announce",
                job().needs("deploy").step(Step::run("echo \"$URL\"").env("URL", deploy.output("deploy", "adress"))),
            )),
        ),
        (
            "reusable-not-callable",
            Files::new("gen")
                .add(&setup)
                .add(&ReusableWorkflow::new("build.yml", base().job("a", job().step(Step::run("make")))))
                .workflow("ci.yml", base().job("build", ReusableWorkflow::new("build.yml", base()).call())),
        ),
    ]
}

/// Every message `render` gives, each with its file.
fn render_messages(files: &Files) -> String {
    match files.render() {
        Ok(_) => String::new(),
        Err(errors) => errors
            .iter()
            .flat_map(|e| e.diagnostics.iter().map(move |d| format!("{}: {d}", e.path)))
            .collect::<Vec<_>>()
            .join("\n"),
    }
}

#[test]
fn every_mistake_across_files_is_refused_at_render() {
    let settings = ci_tests::snapshot_settings("model_catalog");
    let mut silent = Vec::new();
    for (name, files) in across_cases() {
        let text = render_messages(&files);
        if text.is_empty() {
            silent.push(name);
        }
        settings.bind(|| insta::assert_snapshot!(name, text));
    }
    assert!(silent.is_empty(), "cases that report nothing: {silent:?}");
}

/// The same uses, right: nothing to report, and `$/` (or `./` when asked)
/// written.
#[test]
fn right_uses_across_files_render() {
    let setup = setup_action();
    let deploy = deploy_workflow();
    let ci = base()
        .job(
            "test",
            job()
                .step(setup.step().id("setup").with("PYTHON-VERSION", "3.12").with("cache", false))
                .step(Step::run("echo \"$PY\"").env("PY", setup.output("setup", "Python-Path"))),
        )
        .job(
            "staging",
            deploy
                .call()
                .with("environment", "staging")
                .with("dry-run", true)
                .with("replicas", 2)
                .secret("deploy-token", secrets("TOKEN")),
        )
        .job("production", deploy.call().needs("staging").with("environment", "production").secrets_inherit())
        .job(
            "announce",
            job().needs("production").step(Step::run("echo \"$URL\"").env("URL", deploy.output("production", "URL"))),
        )
        .job("local", job().step(setup.clone().workspace_relative().step().with("python-version", "3.13")));
    let rendered = Files::new("gen").add(&setup).add(&deploy).workflow("ci.yml", ci).render();
    let rendered =
        rendered.unwrap_or_else(|e| panic!("{}", e.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n")));
    let ci =
        rendered.iter().find(|r| r.path == ".github/workflows/ci.yml").map(|r| r.bytes.as_str()).unwrap_or_default();
    assert!(ci.contains("uses: $/.github/actions/setup\n"), "{ci}");
    assert!(ci.contains("uses: $/.github/workflows/deploy.yml\n"), "{ci}");
    assert!(ci.contains("uses: ./.github/actions/setup\n"), "{ci}");
}

#[test]
fn every_invalid_model_reports_its_exact_messages() {
    let settings = ci_tests::snapshot_settings("model_catalog");
    let lints = lints();
    let cases = cases();
    assert!(cases.len() >= 40, "the catalog has {} cases", cases.len());
    let mut silent = Vec::new();
    for (name, wf) in &cases {
        let text = messages(wf, &lints);
        if text.is_empty() {
            silent.push(*name);
        }
        settings.bind(|| insta::assert_snapshot!(*name, text));
    }
    assert!(silent.is_empty(), "cases that report nothing: {silent:?}");
    let mut names: Vec<&str> = cases.iter().map(|(n, _)| *n).collect();
    names.extend(across_cases().iter().map(|(n, _)| *n));
    let stale = ci_tests::stale_snapshots("model_catalog", &names).unwrap_or_default();
    assert!(stale.is_empty(), "snapshots with no case (renamed or removed): {stale:?}");
}

#[test]
fn valid_counterparts_report_nothing() {
    let build = JobRef::new("build");
    let meta = StepRef::new("meta");
    let good = base()
        .triggers(|t| {
            t.workflow_dispatch =
                Some(NullOr::Value(WorkflowDispatch::new().input("dry-run", DispatchInput::boolean())))
        })
        .env("RELEASE", inputs("dry-run"))
        .job("build", job().output("image", meta.output("tags")).step(checkout()).step(Step::run("make").id("meta")))
        .job(
            "deploy",
            job()
                .needs("build")
                .when(build.result().eq("success").and(github().ref_().eq("refs/heads/main")))
                .strategy(Strategy::matrix(Matrix::new().axis("os", ["ubuntu-latest"])))
                .environment(Environment::named("production"))
                .env("IMAGE", build.output("image"))
                .step(Step::run("deploy \"$IMAGE\"").env("OS", matrix("os")).when(always()))
                .step(Step::run_with_env("echo ${{ github.head_ref }}")),
        );
    assert_eq!(messages(&good, &lints()), "");
}

#[test]
fn needs_are_checked_when_listed_and_inferred_when_asked() {
    let build = JobRef::new("build");
    let wf = base()
        .job("build", job().output("image", "x").step(Step::run("make")))
        .job("deploy", job().env("IMAGE", build.output("image")).step(Step::run("x")));
    // Listed: the reference without `needs` is an error naming the fix.
    let text = messages(&wf, &lints());
    assert!(text.contains("is not in this job's `needs`"), "{text}");
    // Inferred: `infer_needs` adds the dependency the reference implies.
    let inferred = wf.infer_needs();
    assert_eq!(inferred.jobs["deploy"].needs(), ["build"]);
    assert_eq!(messages(&inferred, &lints()), "");
}

#[test]
fn a_suppressed_lint_is_silent_and_its_reason_is_written_next_to_it() {
    let wf = base().job(
        "b",
        job().step(Step::uses("actions/setup-python@v5").allow(Lint::UnpinnedUses, "internal mirror pins by tag")),
    );
    assert_eq!(messages(&wf, &lints()), "");
    let yaml = wf.to_yaml();
    assert!(yaml.contains("      # ci-model: allow(unpinned-uses): internal mirror pins by tag\n      - uses: actions/setup-python@v5\n"), "{yaml}");
    // The suppression survives a parse.
    let back = Workflow::parse(&yaml).unwrap();
    assert_eq!(back, wf);
}

#[test]
fn lint_levels_turn_errors_into_warnings_or_silence() {
    let wf = base().job("b", job().step(Step::uses("actions/setup-python@v5")));
    let warn = Lints::default().level(Lint::UnpinnedUses, Severity::Warn);
    let findings = wf.lint(&warn);
    assert_eq!(findings.len(), 1);
    assert!(
        findings[0].to_string().starts_with("warning: jobs.b.steps[0].uses: `actions/setup-python@v5` is not pinned")
    );
    assert!(wf.lint(&Lints::default().level(Lint::UnpinnedUses, Severity::Allow)).is_empty());
}
