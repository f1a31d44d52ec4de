//! The trading platform's CI (`ci_tests::platform`): each workflow's key
//! behaviours, asserted on the model; the safety rules that hold for every
//! file; a snapshot of every generated file; and the committed files being
//! exactly what the generator renders.

// The helpers below are part of the tests: panicking is how they fail one.
#![allow(clippy::panic)]

use std::collections::BTreeSet;
use std::fs;

use ci_model::actions::{
    BuildPush, Cache, Checkout, Codecov, DockerLogin, DockerMetadata, PytestCoverageComment, Repomix, SetupBuildx,
    SetupPython, TcortMarkdownLinkCheck, UploadArtifact,
};
use ci_model::{
    Container, Filter, Job, Level, LitOrExpr, NormalJob, NullOr, Permissions, RunsOn, Scalar, Step, Uses, UsesTarget,
    Workflow, Yaml,
};
use ci_tests::platform::facts::{self, SERVICES};
use ci_tests::platform::{
    backtest_regression, ci_review, ci_tests_coverage, deploy_staging, docker_build, markdown_link_check,
    pr_auto_review_request, repomix_context, steps, wait_for_services,
};
use ci_tests::{shared, snapshot_settings, workspace_root};

// ---------------------------------------------------------------------------
// Helpers that walk the model.

/// Every workflow with its file name.
fn workflows() -> Vec<(&'static str, Workflow)> {
    vec![
        (ci_tests_coverage::FILE, ci_tests_coverage::workflow()),
        (backtest_regression::FILE, backtest_regression::workflow()),
        (docker_build::FILE, docker_build::workflow()),
        (deploy_staging::FILE, deploy_staging::workflow()),
        (markdown_link_check::FILE, markdown_link_check::workflow()),
        (pr_auto_review_request::FILE, pr_auto_review_request::workflow()),
        (repomix_context::FILE, repomix_context::workflow()),
        (ci_review::FILE, ci_review::workflow()),
    ]
}

fn job<'a>(wf: &'a Workflow, id: &str) -> &'a NormalJob {
    match wf.jobs.get(id) {
        Some(Job::Normal(j)) => j,
        other => panic!("expected a normal job `{id}`, found {other:?}"),
    }
}

fn normal_jobs(wf: &Workflow) -> impl Iterator<Item = (&String, &NormalJob)> {
    wf.jobs.iter().map(|(id, j)| match j {
        Job::Normal(n) => (id, n),
        Job::Call(_) => panic!("job `{id}` is a reusable-workflow call; the platform has none"),
    })
}

fn steps_of(job: &NormalJob) -> &[Step] {
    job.steps.as_deref().unwrap_or_default()
}

/// Every step of every job of every workflow, plus the composite action's.
fn all_steps() -> Vec<(String, Step)> {
    let mut out = Vec::new();
    for (file, wf) in workflows() {
        for (id, j) in normal_jobs(&wf) {
            for s in steps_of(j) {
                out.push((format!("{file}: jobs.{id}"), s.clone()));
            }
        }
    }
    if let ci_model::Runs::Composite(c) = wait_for_services::action().runs {
        for s in c.steps {
            out.push((wait_for_services::path(), s));
        }
    }
    out
}

fn named<'a>(job: &'a NormalJob, name: &str) -> &'a Step {
    let found = steps_of(job).iter().find(|s| s.name.as_ref().is_some_and(|n| n == name));
    found.unwrap_or_else(|| panic!("no step named `{name}`"))
}

fn position(job: &NormalJob, pred: impl Fn(&Step) -> bool) -> usize {
    steps_of(job).iter().position(pred).unwrap_or_else(|| panic!("no such step"))
}

fn using(job: &NormalJob, uses: Uses) -> Vec<&Step> {
    steps_of(job).iter().filter(|s| s.uses_ref() == Some(&uses)).collect()
}

fn input<'a>(step: &'a Step, key: &str) -> &'a Scalar {
    step.with_inputs().and_then(|w| w.get(key)).unwrap_or_else(|| panic!("step has no input `{key}`"))
}

fn env_of(step: &Step, key: &str) -> Option<String> {
    step.env.as_ref().and_then(LitOrExpr::literal).and_then(|e| e.get(key)).map(|v| v.to_text().into_owned())
}

fn job_env(job: &NormalJob, key: &str) -> Option<String> {
    job.env.as_ref().and_then(LitOrExpr::literal).and_then(|e| e.get(key)).map(|v| v.to_text().into_owned())
}

fn script(step: &Step) -> String {
    step.script().map(|s| s.to_text().into_owned()).unwrap_or_default()
}

fn condition(step: &Step) -> String {
    step.r#if.as_ref().map(|s| s.to_text().into_owned()).unwrap_or_default()
}

fn patterns(f: &Option<Filter>) -> Vec<String> {
    match f {
        Some(Filter::Only(p)) => p.iter().map(|s| s.to_text().into_owned()).collect(),
        other => panic!("expected an inclusive filter, found {other:?}"),
    }
}

fn strings<S: ToString>(items: impl IntoIterator<Item = S>) -> Vec<String> {
    items.into_iter().map(|s| s.to_string()).collect()
}

fn health_urls() -> Vec<String> {
    SERVICES.iter().map(facts::Service::health_url).collect()
}

// ---------------------------------------------------------------------------
// ci-tests-coverage.yml

#[test]
fn ci_tests_coverage_keeps_the_badge_name_and_runs_on_default_branch_pushes_and_prs() {
    let wf = ci_tests_coverage::workflow();
    assert_eq!(wf.name.as_ref().map(|n| n.to_text().into_owned()).as_deref(), Some("CI Tests and Coverage"));
    let t = wf.on.triggers().expect("a trigger mapping");
    let push = t.push.as_ref().and_then(NullOr::value).expect("push filter");
    let pr = t.pull_request.as_ref().and_then(NullOr::value).expect("pull_request filter");
    assert_eq!(patterns(&push.branches), ["master", "main"]);
    assert_eq!(patterns(&pr.branches), ["master", "main"]);
    assert_eq!(wf.on.event_names(), ["push", "pull_request"]);
}

#[test]
fn ci_tests_coverage_enforces_50_percent_coverage_of_the_source_roots() {
    let wf = ci_tests_coverage::workflow();
    let unit = job(&wf, ci_tests_coverage::UNIT_JOB);
    let tests = script(named(unit, "Run unit and component tests with coverage"));
    assert!(tests.contains("pytest -m \"not integration and not e2e\" --cache-clear"), "{tests}");
    assert!(tests.contains("--cov-fail-under=50"), "{tests}");
    for root in ["libs", "apps", "strategies"] {
        assert!(tests.contains(&format!("--cov={root}")), "{tests}");
    }
    assert_eq!(script(named(unit, "Type-check with mypy")), "poetry run mypy --strict libs/ apps/ strategies/");
    assert!(script(named(unit, "Lint with ruff")).starts_with("poetry run ruff"));
    let codecov = using(unit, Codecov::uses());
    assert_eq!(codecov.len(), 1, "one Codecov upload");
    let artifacts: Vec<String> =
        using(unit, UploadArtifact::uses()).iter().map(|s| input(s, "name").to_text().into_owned()).collect();
    assert_eq!(artifacts, ["pytest-results", "coverage-report"]);
}

#[test]
fn ci_tests_coverage_skips_the_pr_comment_over_15000_changed_lines() {
    let wf = ci_tests_coverage::workflow();
    let unit = job(&wf, ci_tests_coverage::UNIT_JOB);
    let size = named(unit, "Measure the pull request");
    assert!(script(size).contains("-gt 15000"), "{}", script(size));
    assert_eq!(env_of(size, "ADDITIONS").as_deref(), Some("${{ github.event.pull_request.additions }}"));
    let comment = using(unit, PytestCoverageComment::uses());
    assert_eq!(comment.len(), 1);
    assert_eq!(condition(comment[0]), "steps.pr-size.outputs.comment == 'true'");
    assert!(position(unit, |s| s.id.as_deref() == Some("pr-size")) < position(unit, |s| std::ptr::eq(s, comment[0])));
    // Commenting is the job's only write.
    assert_eq!(unit.permissions.as_ref().and_then(|p| p.level("pull-requests")), Some(Level::Write));
}

#[test]
fn ci_tests_coverage_caches_poetry_by_lock_file_and_mypy_by_sources() {
    let wf = ci_tests_coverage::workflow();
    let unit = job(&wf, ci_tests_coverage::UNIT_JOB);
    let caches: Vec<(String, String)> = using(unit, Cache::uses())
        .iter()
        .map(|s| (input(s, "path").to_text().into_owned(), input(s, "key").to_text().into_owned()))
        .collect();
    assert_eq!(
        caches,
        [
            ("~/.cache/pypoetry".to_owned(), "${{ runner.os }}-poetry-${{ hashFiles('**/poetry.lock') }}".to_owned()),
            (".mypy_cache".to_owned(), "${{ runner.os }}-mypy-${{ hashFiles('**/*.py') }}".to_owned()),
        ]
    );
    let python = using(unit, SetupPython::uses());
    assert_eq!(input(python[0], "python-version"), &Scalar::from("3.11"));
}

#[test]
fn integration_tests_need_unit_tests_and_wait_for_healthy_postgres_and_redis() {
    let wf = ci_tests_coverage::workflow();
    let it = job(&wf, ci_tests_coverage::INTEGRATION_JOB);
    assert_eq!(wf.jobs[ci_tests_coverage::INTEGRATION_JOB].needs(), [ci_tests_coverage::UNIT_JOB]);
    let services = it.services.as_ref().and_then(LitOrExpr::literal).expect("services");
    assert_eq!(services.keys().collect::<Vec<_>>(), ["postgres", "redis"]);
    for (name, c) in services {
        let Container::Spec(spec) = c else { panic!("{name}: expected the mapping form") };
        let options = spec.options.as_ref().map(|o| o.to_text().into_owned()).unwrap_or_default();
        assert!(options.contains("--health-cmd"), "{name} has no health check: {options}");
    }
    let wait = steps_of(it).iter().find(|s| s.uses_ref() == Some(&wait_for_services::uses())).expect("wait step");
    assert_eq!(input(wait, "tcp"), &Scalar::from("localhost:5432 localhost:6379"));
    let tests = position(it, |s| script(s).contains("pytest -m integration"));
    assert!(position(it, |s| s.uses_ref() == Some(&wait_for_services::uses())) < tests);
    let cleanup = named(it, "Clean up Docker resources");
    assert_eq!(condition(cleanup), "always()");
    assert!(script(cleanup).contains("docker system prune"));
}

// ---------------------------------------------------------------------------
// backtest-regression.yml

#[test]
fn backtest_regression_runs_only_for_backtest_paths() {
    let wf = backtest_regression::workflow();
    let t = wf.on.triggers().expect("a trigger mapping");
    let expected = [
        "strategies/alpha_baseline/**",
        "libs/backtest/**",
        "libs/data/**",
        "artifacts/backtests/golden_manifest.json",
    ];
    let push = t.push.as_ref().and_then(NullOr::value).expect("push filter");
    let pr = t.pull_request.as_ref().and_then(NullOr::value).expect("pull_request filter");
    assert_eq!(patterns(&push.paths), expected);
    assert_eq!(patterns(&pr.paths), expected);
    assert!(push.branches.is_none() && pr.branches.is_none());
}

#[test]
fn backtest_regression_rejects_stale_or_tampered_golden_manifest_before_any_test() {
    let wf = backtest_regression::workflow();
    let j = job(&wf, backtest_regression::JOB);
    let stale = backtest_regression::staleness_check();
    assert_eq!(env_of(&stale, "MAX_AGE_DAYS").as_deref(), Some("90"));
    assert!(script(&stale).contains("jq -r '.last_updated"));
    assert!(script(&stale).contains("::error"));
    assert!(script(&backtest_regression::checksum_check()).contains("sha256sum --check"));
    assert_eq!(job_env(j, "GOLDEN_MANIFEST").as_deref(), Some("artifacts/backtests/golden_manifest.json"));
    let staleness = position(j, |s| *s == stale);
    let checksums = position(j, |s| *s == backtest_regression::checksum_check());
    let first_test = position(j, |s| script(s).contains("pytest"));
    let install = position(j, |s| script(s).contains("poetry install"));
    assert!(staleness < checksums && checksums < install && install < first_test);
}

// ---------------------------------------------------------------------------
// The service list.

#[test]
fn service_list_feeds_matrix_health_checks_and_smoke_tests() {
    assert_eq!(
        SERVICES.iter().map(|s| (s.name, s.port)).collect::<Vec<_>>(),
        [("signal_service", 8001), ("execution_gateway", 8002), ("orchestrator", 8003)]
    );
    // The docker-build matrix: one job per service, with its name and port.
    let wf = docker_build::workflow();
    let build = job(&wf, docker_build::JOB);
    let strategy = build.strategy.as_ref().and_then(LitOrExpr::literal).expect("strategy");
    let matrix = strategy.matrix.as_ref().and_then(LitOrExpr::literal).expect("matrix");
    let rows = matrix.combinations();
    let built: Vec<(String, String)> = rows
        .iter()
        .map(|r| {
            let s = &r[docker_build::MATRIX_AXIS];
            let text =
                |k: &str| s.get(k).and_then(Yaml::as_scalar).map(|v| v.to_text().into_owned()).unwrap_or_default();
            (text("name"), text("port"))
        })
        .collect();
    let expected: Vec<(String, String)> = SERVICES.iter().map(|s| (s.name.to_owned(), s.port.to_string())).collect();
    assert_eq!(built, expected);

    // The staging health wait and the smoke tests: every service's /health.
    let deploy = deploy_staging::workflow();
    let d = job(&deploy, deploy_staging::DEPLOY_JOB);
    let wait = steps_of(d).iter().find(|s| s.uses_ref() == Some(&wait_for_services::uses())).expect("wait");
    assert_eq!(strings(input(wait, "urls").to_text().split(' ')), health_urls());
    let smoke = named(d, "Smoke tests");
    assert_eq!(strings(env_of(smoke, "HEALTH_URLS").unwrap_or_default().split(' ')), health_urls());
    assert_eq!(env_of(smoke, "TRADING_HEALTH_URLS").as_deref(), Some("http://localhost:8002/health"));
    // Compose pulls, stops and starts the same services.
    assert_eq!(job_env(d, "SERVICES").as_deref(), Some("signal_service execution_gateway orchestrator"));
}

// ---------------------------------------------------------------------------
// docker-build.yml

#[test]
fn docker_build_pushes_only_outside_pull_requests() {
    let wf = docker_build::workflow();
    let build = job(&wf, docker_build::JOB);
    let push = using(build, BuildPush::uses());
    assert_eq!(push.len(), 1);
    assert_eq!(input(push[0], "push"), &Scalar::from("${{ github.event_name != 'pull_request' }}"));
    let login = using(build, DockerLogin::uses());
    assert_eq!(condition(login[0]), "github.event_name != 'pull_request'");
    assert_eq!(input(login[0], "registry"), &Scalar::from("ghcr.io"));
}

#[test]
fn docker_build_tags_sha_branch_pr_and_latest_on_default_branches_only() {
    let wf = docker_build::workflow();
    let build = job(&wf, docker_build::JOB);
    let meta = using(build, DockerMetadata::uses());
    let tags = input(meta[0], "tags").to_text().into_owned();
    let rules: Vec<&str> = tags.lines().collect();
    assert_eq!(
        rules,
        [
            "type=sha,prefix=sha-,format=short",
            "type=ref,event=branch",
            "type=ref,event=pr,prefix=pr-",
            "type=raw,value=latest,enable=${{ github.ref == 'refs/heads/master' || github.ref == 'refs/heads/main' }}",
        ]
    );
    // No implicit `latest` from the action's own rules.
    assert_eq!(input(meta[0], "flavor"), &Scalar::from("latest=false"));
}

#[test]
fn docker_build_caches_layers_in_github_actions_cache_and_prunes_first() {
    let wf = docker_build::workflow();
    let build = job(&wf, docker_build::JOB);
    let push = using(build, BuildPush::uses())[0];
    assert!(input(push, "cache-from").to_text().starts_with("type=gha"));
    assert!(input(push, "cache-to").to_text().starts_with("type=gha,mode=max"));
    assert_eq!(using(build, SetupBuildx::uses()).len(), 1);
    let prune = position(build, |s| script(s).contains("docker image prune"));
    assert!(prune < position(build, |s| s.uses_ref() == Some(&BuildPush::uses())));
}

#[test]
fn docker_build_triggers_on_code_dependency_and_dockerfile_changes() {
    let wf = docker_build::workflow();
    let t = wf.on.triggers().expect("a trigger mapping");
    let expected: BTreeSet<&str> =
        ["apps/**", "libs/**", "strategies/**", "pyproject.toml", "poetry.lock", "apps/*/Dockerfile"].into();
    let push = t.push.as_ref().and_then(NullOr::value).expect("push");
    let pr = t.pull_request.as_ref().and_then(NullOr::value).expect("pull_request");
    for filter in [&push.paths, &pr.paths] {
        let got = patterns(filter);
        assert_eq!(got.iter().map(String::as_str).collect::<BTreeSet<_>>(), expected);
    }
}

#[test]
fn only_docker_build_may_write_packages() {
    for (file, wf) in workflows() {
        for (id, j) in normal_jobs(&wf) {
            let writes = j.permissions.as_ref().and_then(|p| p.level("packages")) == Some(Level::Write);
            assert_eq!(writes, file == docker_build::FILE, "{file}: jobs.{id} packages permission");
        }
    }
}

// ---------------------------------------------------------------------------
// deploy-staging.yml

#[test]
fn deploy_staging_blocks_live_keys_before_deploying() {
    let wf = deploy_staging::workflow();
    let gate = job(&wf, deploy_staging::VALIDATE_JOB);
    assert_eq!(wf.jobs[deploy_staging::DEPLOY_JOB].needs(), [deploy_staging::VALIDATE_JOB]);
    // The gate sees the staging environment's secrets, as the deployment does.
    assert_eq!(gate.environment.as_ref().map(|e| e.name().to_text().into_owned()).as_deref(), Some("staging"));
    let live = named(gate, "No live API key is visible");
    assert_eq!(*live, deploy_staging::block_live_keys());
    assert_eq!(env_of(live, "LIVE_API_KEY").as_deref(), Some("${{ secrets.ALPACA_LIVE_API_KEY }}"));
    assert!(script(live).contains("if [ -n \"$LIVE_API_KEY\" ]"));
    assert!(script(live).contains("exit 1"));
    let key = named(gate, "Paper API key exists");
    assert_eq!(env_of(key, "PAPER_API_KEY").as_deref(), Some("${{ secrets.ALPACA_PAPER_API_KEY }}"));
    let secret = named(gate, "Paper API secret exists");
    assert_eq!(env_of(secret, "PAPER_API_SECRET").as_deref(), Some("${{ secrets.ALPACA_PAPER_API_SECRET }}"));
    let dry_run = named(gate, "DRY_RUN is true");
    assert!(script(dry_run).contains("\"$DRY_RUN\" != \"true\""));
    assert_eq!(job_env(gate, "DRY_RUN").as_deref(), Some("true"));
}

#[test]
fn deploy_staging_runs_on_default_branch_pushes_with_paper_credentials_only() {
    let wf = deploy_staging::workflow();
    let t = wf.on.triggers().expect("a trigger mapping");
    assert_eq!(patterns(&t.push.as_ref().and_then(NullOr::value).expect("push").branches), ["master", "main"]);
    assert!(t.workflow_dispatch.is_some());
    let d = job(&wf, deploy_staging::DEPLOY_JOB);
    assert_eq!(d.environment.as_ref().map(|e| e.name().to_text().into_owned()).as_deref(), Some("staging"));
    for (key, value) in [
        ("ALPACA_API_KEY_ID", "${{ secrets.ALPACA_PAPER_API_KEY }}"),
        ("ALPACA_API_SECRET_KEY", "${{ secrets.ALPACA_PAPER_API_SECRET }}"),
        ("ALPACA_PAPER", "true"),
        ("DRY_RUN", "true"),
        ("ENVIRONMENT", "staging"),
    ] {
        assert_eq!(job_env(d, key).as_deref(), Some(value), "{key}");
    }
    let env = d.env.as_ref().and_then(LitOrExpr::literal).expect("env");
    assert!(env.values().all(|v| !v.to_text().contains("LIVE")), "the deployment never sees a live key");
}

#[test]
fn deploy_staging_never_overlaps_and_never_cancels_a_running_deploy() {
    let wf = deploy_staging::workflow();
    let Some(ci_model::Concurrency::Spec(c)) = &wf.concurrency else { panic!("no concurrency mapping") };
    assert_eq!(c.group, Scalar::from("deploy-staging"), "one fixed group: no expression splits it");
    assert_eq!(c.cancel_in_progress, Some(LitOrExpr::Lit(false)));
}

#[test]
fn deploy_staging_waits_at_most_120_seconds_then_smoke_tests() {
    let wf = deploy_staging::workflow();
    let d = job(&wf, deploy_staging::DEPLOY_JOB);
    let order: Vec<usize> =
        ["Pull latest images", "Stop running services", "Start services with paper trading credentials"]
            .iter()
            .map(|n| position(d, |s| s.name.as_ref().is_some_and(|x| x == *n)))
            .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "pull, stop, start in that order");
    let wait = position(d, |s| s.uses_ref() == Some(&wait_for_services::uses()));
    let smoke = position(d, |s| s.name.as_ref().is_some_and(|n| n == "Smoke tests"));
    assert!(order[2] < wait && wait < smoke);
    assert_eq!(input(&steps_of(d)[wait], "timeout-seconds"), &Scalar::from(120u32));
    let smoke = script(&deploy_staging::smoke_tests());
    assert!(smoke.contains(".dry_run") && smoke.contains(".alpaca_paper"), "{smoke}");
    // The runner is on the staging host: the services answer on localhost.
    assert!(matches!(&d.runs_on, RunsOn::Group(g) if g.group == Some(Scalar::from("staging"))));
}

// ---------------------------------------------------------------------------
// markdown-link-check.yml

#[test]
fn markdown_link_check_runs_weekly_on_monday_9_utc_and_on_markdown_changes() {
    let wf = markdown_link_check::workflow();
    let t = wf.on.triggers().expect("a trigger mapping");
    let crons: Vec<&str> = t.schedule.iter().flatten().map(|c| c.cron.as_str()).collect();
    assert_eq!(crons, ["0 9 * * 1"]);
    assert_eq!(patterns(&t.push.as_ref().and_then(NullOr::value).expect("push").paths), ["**.md"]);
    assert_eq!(patterns(&t.pull_request.as_ref().and_then(NullOr::value).expect("pr").paths), ["**.md"]);
    assert!(t.workflow_dispatch.is_some());
}

#[test]
fn markdown_link_check_uses_the_maintained_checker_with_the_generated_config() {
    let wf = markdown_link_check::workflow();
    let j = job(&wf, markdown_link_check::JOB);
    let check = using(j, TcortMarkdownLinkCheck::uses());
    assert_eq!(check.len(), 1);
    assert_eq!(input(check[0], "config-file"), &Scalar::from(".github/markdown-link-check-config.json"));
    assert!(steps_of(j).iter().all(|s| !s.uses_ref().is_some_and(|u| u.as_str().starts_with("gaurav-nelson/"))));
}

#[test]
fn link_check_exclusions_feed_the_config_and_the_scan() {
    let config = markdown_link_check::config();
    let ignored: Vec<&str> = config["ignorePatterns"]
        .as_array()
        .expect("ignorePatterns")
        .iter()
        .filter_map(|p| p["pattern"].as_str())
        .collect();
    assert_eq!(ignored, [r"(^|/)\.venv/", "(^|/)docs/ARCHIVE/", r"(^|/)CLAUDE\.md", r"(^|/)AGENTS\.md"]);
    let dropped = script(&markdown_link_check::drop_excluded_paths());
    for path in [".venv", "docs/ARCHIVE", "CLAUDE.md", "AGENTS.md"] {
        assert!(dropped.contains(&format!("'{path}'")), "{dropped}");
    }
    let wf = markdown_link_check::workflow();
    let j = job(&wf, markdown_link_check::JOB);
    let drop = position(j, |s| *s == markdown_link_check::drop_excluded_paths());
    assert!(drop < position(j, |s| s.uses_ref() == Some(&TcortMarkdownLinkCheck::uses())));
}

// ---------------------------------------------------------------------------
// pr-auto-review-request.yml

#[test]
fn pr_auto_review_request_skips_drafts_and_forks_and_comments_as_the_user() {
    let wf = pr_auto_review_request::workflow();
    let t = wf.on.triggers().expect("a trigger mapping");
    let pr = t.pull_request.as_ref().and_then(NullOr::value).expect("pull_request");
    let types: Vec<&str> = pr.types.iter().flatten().map(String::as_str).collect();
    assert_eq!(types, ["opened", "reopened", "ready_for_review", "synchronize"]);
    let j = job(&wf, pr_auto_review_request::JOB);
    let cond = j.r#if.as_ref().map(|c| c.to_text().into_owned()).unwrap_or_default();
    assert!(cond.contains("!github.event.pull_request.draft"), "{cond}");
    assert!(cond.contains("github.event.pull_request.head.repo.full_name == github.repository"), "{cond}");
    let comment = &steps_of(j)[0];
    assert_eq!(env_of(comment, "GH_TOKEN").as_deref(), Some("${{ secrets.USER_PR_TOKEN }}"));
    let body = env_of(comment, "BODY").unwrap_or_default();
    assert!(body.starts_with("\u{1f916} **Automated Review Request**"));
    assert!(body.contains("@gemini-code-assist please review this pull request"));
    assert_eq!(body.lines().filter(|l| l.starts_with("- ")).count(), 5);
    // The user's token comments; the job's own token gets nothing.
    assert_eq!(j.permissions, Some(Permissions::none()));
    assert!(matches!(j.timeout_minutes, Some(LitOrExpr::Lit(n)) if n.as_u64() <= Some(5)));
}

// ---------------------------------------------------------------------------
// repomix-context.yml

#[test]
fn repomix_context_packs_full_and_changed_outputs_and_keeps_them_7_days() {
    let wf = repomix_context::workflow();
    let t = wf.on.triggers().expect("a trigger mapping");
    let pr = t.pull_request.as_ref().and_then(NullOr::value).expect("pull_request");
    assert_eq!(patterns(&pr.branches), ["master", "main"]);
    assert!(t.workflow_dispatch.is_some());
    let j = job(&wf, repomix_context::JOB);
    let packs = using(j, Repomix::uses());
    let outputs: Vec<String> = packs.iter().map(|s| input(s, "output").to_text().into_owned()).collect();
    assert_eq!(outputs, ["repomix-full.xml", "repomix-changed.xml"]);
    assert_eq!(input(packs[0], "compress"), &Scalar::Bool(true), "the full pack is compressed (Tree-sitter)");
    assert_eq!(input(packs[1], "include"), &Scalar::from("${{ steps.changed.outputs.files }}"));
    let uploads = using(j, UploadArtifact::uses());
    let kept: Vec<(String, String)> = uploads
        .iter()
        .map(|s| (input(s, "name").to_text().into_owned(), input(s, "retention-days").to_text().into_owned()))
        .collect();
    assert_eq!(
        kept,
        [("repomix-full-context".to_owned(), "7".to_owned()), ("repomix-changed-context".to_owned(), "7".to_owned())]
    );
}

#[test]
fn repomix_context_fails_on_secrets_before_uploading() {
    let wf = repomix_context::workflow();
    let j = job(&wf, repomix_context::JOB);
    let scan = named(j, "Scan the context for secrets");
    let pattern = env_of(scan, "SECRET_PATTERN").unwrap_or_default();
    for key in ["API_KEY", "SECRET_KEY", "PASSWORD", "AUTH_TOKEN"] {
        assert!(pattern.contains(key), "{pattern}");
    }
    assert!(script(scan).contains("grep -cE \"$SECRET_PATTERN\""));
    assert!(script(scan).contains("exit \"$found\""));
    let scan_at = position(j, |s| s == scan);
    let last_pack = steps_of(j).iter().rposition(|s| s.uses_ref() == Some(&Repomix::uses())).unwrap_or(usize::MAX);
    let first_upload = position(j, |s| s.uses_ref() == Some(&UploadArtifact::uses()));
    assert!(last_pack < scan_at && scan_at < first_upload);
}

#[test]
fn repomix_ignore_patterns_feed_the_workflow_and_the_config() {
    let config = repomix_context::config();
    let in_config: Vec<&str> = config["ignore"]["customPatterns"]
        .as_array()
        .expect("customPatterns")
        .iter()
        .filter_map(serde_json::Value::as_str)
        .collect();
    assert_eq!(in_config, facts::repomix_ignore_patterns());
    for pattern in ["*.png", "*.jpg", "*.pdf", ".env", "*.pem", "*.key", "credentials.json", "secrets.json"] {
        assert!(in_config.contains(&pattern), "{pattern} is not ignored");
    }
    assert!(in_config.iter().all(|p| !p.contains(',')), "patterns are passed comma-separated");
    let wf = repomix_context::workflow();
    let j = job(&wf, repomix_context::JOB);
    let list = in_config.join(",");
    assert_eq!(job_env(j, "REPOMIX_IGNORE"), Some(list.clone()), "the sync check compares this list");
    for pack in using(j, Repomix::uses()) {
        assert_eq!(input(pack, "ignore"), &Scalar::from(list.clone()));
    }
    let sync = named(j, "Ignore patterns match repomix.config.json");
    assert!(script(sync).contains("::warning"));
}

// ---------------------------------------------------------------------------
// wait-for-services

#[test]
fn wait_for_services_takes_inputs_through_env_and_fails_with_errors_on_timeout() {
    let action = wait_for_services::action();
    let inputs = action.inputs.as_ref().expect("inputs");
    assert_eq!(inputs.keys().collect::<Vec<_>>(), ["tcp", "urls", "timeout-seconds", "interval-seconds"]);
    assert_eq!(inputs["timeout-seconds"].default, Some(Scalar::from("120")));
    let ci_model::Runs::Composite(runs) = &action.runs else { panic!("a composite action") };
    let step = &runs.steps[0];
    assert_eq!(env_of(step, "INPUT_TCP").as_deref(), Some("${{ inputs.tcp }}"));
    let body = script(step);
    assert!(body.contains("::error::wait-for-services:") && body.contains("exit 1"));
}

// ---------------------------------------------------------------------------
// Rules every generated file follows.

#[test]
fn every_model_validates() {
    for (file, wf) in workflows() {
        assert_eq!(wf.validate(), [], "{file}");
    }
    assert_eq!(wait_for_services::action().validate(), []);
}

#[test]
fn every_third_party_action_is_sha_pinned_with_its_version() {
    for (at, step) in all_steps() {
        let Some(uses) = step.uses_ref() else { continue };
        match uses.target() {
            Ok(UsesTarget::Repository { .. }) => {
                assert!(uses.is_sha_pinned(), "{at}: {uses} is not pinned to a commit SHA");
                assert!(uses.comment().is_some_and(|c| c.starts_with('v')), "{at}: {uses} has no version comment");
                let (name, sha) = action_name(uses);
                let binding = ci_model::actions::pin_of(&name);
                assert_eq!(binding.map(|(s, _)| s), Some(sha.as_str()), "{at}: {uses} is not a typed binding's pin");
                assert_eq!(binding.map(|(_, v)| v), uses.comment(), "{at}: {uses} has the wrong version comment");
            }
            Ok(UsesTarget::SelfRepository(_) | UsesTarget::Local(_)) => {}
            other => panic!("{at}: unexpected `uses: {uses}` ({other:?})"),
        }
    }
}

#[test]
fn no_expression_inside_any_run_script() {
    for (at, step) in all_steps() {
        if let Some(s) = step.script() {
            assert!(!s.has_expression(), "{at}: `${{{{` inside a run script:\n{s}");
        }
    }
}

#[test]
fn every_checkout_leaves_no_credentials_behind() {
    let checkouts: Vec<(String, Step)> =
        all_steps().into_iter().filter(|(_, s)| s.uses_ref() == Some(&Checkout::uses())).collect();
    assert!(!checkouts.is_empty());
    for (at, step) in checkouts {
        assert_eq!(input(&step, "persist-credentials"), &Scalar::Bool(false), "{at}");
    }
}

#[test]
fn every_job_has_a_timeout_and_workflow_permissions_are_empty() {
    for (file, wf) in workflows() {
        assert_eq!(wf.permissions, Some(Permissions::none()), "{file}: workflow-level permissions");
        for (id, j) in normal_jobs(&wf) {
            assert!(
                matches!(j.timeout_minutes, Some(LitOrExpr::Lit(n)) if n.as_u64().is_some_and(|m| (1..=30).contains(&m))),
                "{file}: jobs.{id} needs a timeout of at most 30 minutes"
            );
            let p = j.permissions.as_ref().unwrap_or_else(|| panic!("{file}: jobs.{id} states its permissions"));
            let Permissions::Scopes(scopes) = p else { panic!("{file}: jobs.{id} uses a shorthand") };
            let writes: Vec<&str> = scopes.iter().filter(|(_, l)| *l == Level::Write).map(|(s, _)| s).collect();
            let allowed: &[&str] = match (file, id.as_str()) {
                (f, "test-and-coverage") if f == ci_tests_coverage::FILE => &["pull-requests"],
                (f, "build") if f == docker_build::FILE => &["packages"],
                _ => &[],
            };
            assert_eq!(writes, allowed, "{file}: jobs.{id} writes");
        }
    }
}

#[test]
fn pull_request_runs_cancel_superseded_ones() {
    for (file, wf) in workflows() {
        let triggered_by_prs = wf.on.triggers().is_some_and(|t| t.pull_request.is_some());
        if !triggered_by_prs {
            continue;
        }
        let Some(ci_model::Concurrency::Spec(c)) = &wf.concurrency else { panic!("{file}: no concurrency") };
        assert!(c.cancel_in_progress.is_some(), "{file}: superseded pull request runs keep running");
    }
    assert_eq!(ci_tests_coverage::workflow().concurrency, Some(steps::cancel_superseded_pr_runs()));
}

/// `owner/repo[/path]` and the ref of a repository action.
fn action_name(uses: &Uses) -> (String, String) {
    match uses.target() {
        Ok(UsesTarget::Repository { owner, repo, path, git_ref }) => {
            let name = path.map_or_else(|| format!("{owner}/{repo}"), |p| format!("{owner}/{repo}/{p}"));
            (name, git_ref.to_owned())
        }
        other => panic!("{uses} is not a repository action ({other:?})"),
    }
}

/// Every repository action the platform uses, once each.
fn actions_used() -> BTreeSet<String> {
    all_steps()
        .into_iter()
        .filter_map(|(_, s)| s.uses_ref().cloned())
        .filter(|u| matches!(u.target(), Ok(UsesTarget::Repository { .. })))
        .map(|u| action_name(&u).0)
        .collect()
}

/// The `with:` inputs of an action, as its binding knows them (from the facts
/// of its `action.yml` in `ci-model/actions.lock`).
fn declared_inputs(action: &str) -> Option<BTreeSet<String>> {
    Some(ci_model::actions::inputs_of(action)?.iter().map(|i| (*i).to_owned()).collect())
}

#[test]
fn every_input_passed_to_an_action_is_one_it_declares() {
    for (at, step) in all_steps() {
        let Some(uses) = step.uses_ref() else { continue };
        if !matches!(uses.target(), Ok(UsesTarget::Repository { .. })) {
            continue;
        }
        let (name, _) = action_name(uses);
        let declared = declared_inputs(&name).unwrap_or_else(|| panic!("no action.yml for {name}"));
        for key in step.with_inputs().into_iter().flat_map(|w| w.keys()) {
            assert!(declared.contains(key), "{at}: {name} has no input `{key}`");
        }
    }
    // The local action too.
    let action = wait_for_services::action();
    let declared: BTreeSet<&String> = action.inputs.iter().flat_map(|i| i.keys()).collect();
    for (at, step) in all_steps() {
        if step.uses_ref() == Some(&wait_for_services::uses()) {
            for key in step.with_inputs().into_iter().flat_map(|w| w.keys()) {
                assert!(declared.contains(key), "{at}: wait-for-services has no input `{key}`");
            }
        }
    }
}

#[test]
fn pins_are_the_newest_verified_releases() {
    let Some(dir) = shared("actions") else { return };
    let tsv = fs::read_to_string(dir.join("pins.tsv")).expect("pins.tsv");
    let rows: Vec<Vec<&str>> = tsv.lines().skip(1).map(|l| l.split('\t').collect()).collect();
    let used = actions_used();
    assert!(used.len() >= 12, "{used:?}");
    for action in &used {
        let row = rows.iter().find(|r| r.first() == Some(&action.as_str()) && r.get(3) == Some(&"latest"));
        let row = row.unwrap_or_else(|| panic!("{action} has no `latest` row in pins.tsv"));
        assert_eq!(ci_model::actions::pin_of(action), Some((row[2], row[1])), "{action}");
        assert!(!row.get(6).is_some_and(|note| note.contains("DEPRECATED")), "{action} is deprecated");
    }
}

// ---------------------------------------------------------------------------
// Generated files.

#[test]
fn files_lists_all_eleven_files_with_their_sources() {
    let files = ci_tests::platform::files();
    let paths: Vec<&str> = files.specs().iter().map(|s| s.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            ".github/workflows/ci-tests-coverage.yml",
            ".github/workflows/backtest-regression.yml",
            ".github/workflows/docker-build.yml",
            ".github/workflows/deploy-staging.yml",
            ".github/workflows/markdown-link-check.yml",
            ".github/workflows/pr-auto-review-request.yml",
            ".github/workflows/repomix-context.yml",
            ".github/workflows/ci-review.yml",
            ".github/actions/wait-for-services/action.yml",
            ".github/markdown-link-check-config.json",
            "repomix.config.json",
        ]
    );
    let root = workspace_root();
    for spec in files.specs() {
        let source = spec.source.as_deref().unwrap_or_else(|| panic!("{}: no source", spec.path));
        assert!(root.join(source).is_file(), "{}: source {source} does not exist", spec.path);
    }
}

#[test]
fn every_generated_file_matches_its_snapshot() {
    let rendered = ci_tests::platform::files().render().expect("every model validates");
    let settings = snapshot_settings("platform");
    settings.bind(|| {
        for file in &rendered {
            let name = file.path.trim_start_matches(".github/").replace('/', "__");
            insta::assert_snapshot!(name, file.bytes);
        }
    });
}

#[test]
fn committed_files_are_byte_identical_to_the_rendered_output() {
    let root = workspace_root();
    let rendered = ci_tests::platform::files().render().expect("every model validates");
    let mut differ = Vec::new();
    for file in &rendered {
        match fs::read(root.join(&file.path)) {
            Ok(bytes) if bytes == file.bytes.as_bytes() => {}
            Ok(_) => differ.push(format!("{} differs", file.path)),
            Err(e) => differ.push(format!("{} cannot be read: {e}", file.path)),
        }
    }
    assert!(differ.is_empty(), "run `cargo run -p ci-gen`:\n{}", differ.join("\n"));
}

#[test]
fn uses_of_the_local_action_point_at_the_generated_action() {
    assert_eq!(wait_for_services::uses().as_str(), "$/.github/actions/wait-for-services");
    assert_eq!(wait_for_services::path(), ".github/actions/wait-for-services/action.yml");
}

/// The `mod` declarations of a Rust file (`mod x;`, with a `#[path]` when
/// one comes right before it), as the files they load.
fn loaded_modules(file: &std::path::Path) -> Vec<std::path::PathBuf> {
    let text = fs::read_to_string(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    let dir = file.parent().unwrap_or(file);
    // `lib.rs` and `mod.rs` own their folder; `x.rs` owns `x/`.
    let own = match file.file_name().and_then(|n| n.to_str()) {
        Some("lib.rs" | "main.rs" | "mod.rs") => dir.to_path_buf(),
        _ => dir.join(file.file_stem().unwrap_or_default()),
    };
    let mut path_attr = None;
    let mut out = Vec::new();
    for line in text.lines().map(str::trim) {
        if let Some(p) = line.strip_prefix("#[path = \"").and_then(|r| r.strip_suffix("\"]")) {
            path_attr = Some(dir.join(p));
            continue;
        }
        let decl = line.strip_prefix("pub ").or_else(|| line.strip_prefix("pub(crate) ")).unwrap_or(line);
        if let Some(name) = decl.strip_prefix("mod ").and_then(|r| r.strip_suffix(';')) {
            let flat = own.join(format!("{name}.rs"));
            out.push(path_attr.take().unwrap_or(if flat.exists() { flat } else { own.join(name).join("mod.rs") }));
        } else if !line.starts_with("#[") {
            path_attr = None;
        }
    }
    out
}

#[test]
fn the_library_compiles_none_of_the_platform() {
    let src = workspace_root().join("ci-gen/src");
    let platform = src.join("platform");
    // Every file the library loads, from lib.rs down.
    let mut todo = vec![src.join("lib.rs")];
    let mut seen = BTreeSet::new();
    while let Some(file) = todo.pop() {
        if seen.insert(file.clone()) {
            todo.extend(loaded_modules(&file));
        }
    }
    // The walk reaches nested modules (it would miss the platform otherwise).
    for nested in ["cli.rs", "import/mod.rs", "import/code.rs", "bindings/spec.rs"] {
        assert!(seen.contains(&src.join(nested)), "the walk missed {nested}: {seen:?}");
    }
    let reached: Vec<_> = seen.iter().filter(|f| f.starts_with(&platform)).collect();
    assert!(reached.is_empty(), "the ci-gen library compiles the platform's code: {reached:?}");
    for file in &seen {
        let text = fs::read_to_string(file).unwrap_or_default();
        assert!(!text.contains("platform::"), "{} names the platform's code", file.display());
    }
    // The binary does load it.
    assert!(loaded_modules(&src.join("main.rs")).contains(&platform.join("mod.rs")));
}

// ---------------------------------------------------------------------------
// ci-review.yml (issue #14).

#[test]
fn ci_review_reviews_pull_requests_with_a_read_only_token() {
    let wf = ci_review::workflow();
    // Pull requests only: never `pull_request_target`, so a fork's pull
    // request runs without secrets and with a read-only token.
    assert_eq!(wf.on.event_names(), ["pull_request"]);
    let filter = wf.on.triggers().and_then(|t| t.pull_request.as_ref()).and_then(NullOr::value);
    let paths = filter.and_then(|f| f.paths.as_ref()).map(|p| p.patterns().to_vec()).unwrap_or_default();
    let paths: Vec<String> = paths.iter().map(ToString::to_string).collect();
    assert_eq!(paths, ci_review::CI_SOURCES);
    assert_eq!(wf.permissions, Some(Permissions::none()));
    let job = job(&wf, ci_review::JOB);
    assert_eq!(job.permissions, Some(Permissions::none().with("contents", Level::Read)));
    let scripts: Vec<String> = job.steps.iter().flatten().filter_map(|s| s.script()).map(ToString::to_string).collect();
    assert!(scripts[0].contains("-- review --base \"origin/$BASE_REF\" --format markdown >> \"$GITHUB_STEP_SUMMARY\""));
    assert!(scripts[1].contains("-p ci-gen -- --check"));
    // The merge base needs the history.
    let checkout = job.steps.iter().flatten().find_map(|s| s.with_inputs()).cloned();
    assert_eq!(checkout.and_then(|w| w.get("fetch-depth").cloned()), Some(Scalar::from(0)));
}

#[test]
fn the_platform_is_written_with_builders_only() {
    // No closure over the triggers, no model wrapper spelled out, no struct
    // update: every value is built with the builders (issue #13).
    let forbidden = ["triggers(|", "NullOr::", "OneOrMany::", "LitOrExpr::", "::default()", "Default::default"];
    let dir = workspace_root().join("ci-gen/src/platform");
    let mut found = Vec::new();
    for entry in fs::read_dir(&dir).expect("the platform's sources") {
        let path = entry.expect("an entry").path();
        let text = fs::read_to_string(&path).expect("a source file");
        for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.trim_start().starts_with("//")) {
            found.extend(
                forbidden.iter().filter(|f| line.contains(*f)).map(|f| format!("{}:{}: {f}", path.display(), n + 1)),
            );
        }
    }
    assert!(found.is_empty(), "{found:#?}");
}
