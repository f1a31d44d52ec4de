//! The monorepo example: every file it generates (snapshotted), written
//! with builders only, valid; and its mistakes catalog: each mistake issue
//! #13 lists (sections 3 and 4), made in the example's own workflows and
//! refused by `Files::render` before anything is written, its messages
//! snapshotted.

// Test setup and assertions: panicking is how a test fails.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]

use ci_gen::Files;
use ci_model::actions::{Checkout, DownloadArtifact, UploadArtifact};
use ci_model::ex::{inputs, secrets};
use ci_model::{Action, Artifact, Container, Cron, Job, Permissions, Step, Workflow};
use example_monorepo_ci::{ci, deploy, files, files_of, release, setup_python};

fn settings(folder: &str) -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.set_snapshot_path(format!("{}/../../snapshots/{folder}", env!("CARGO_MANIFEST_DIR")));
    s.set_prepend_module_to_snapshot(false);
    s.set_omit_expression(true);
    s
}

#[test]
fn every_file_renders_and_matches_its_snapshot() {
    let rendered = files().render().unwrap_or_else(|errors| panic!("{errors:?}"));
    let paths: Vec<&str> = rendered.iter().map(|r| r.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            ".github/actions/setup-python/action.yml",
            ".github/workflows/deploy.yml",
            ".github/workflows/ci.yml",
            ".github/workflows/release.yml",
            ".github/ci-gen-manifest.txt",
        ]
    );
    settings("examples").bind(|| {
        for file in &rendered {
            let name = format!("monorepo-ci__{}", file.path.trim_start_matches(".github/").replace('/', "__"));
            insta::assert_snapshot!(name, file.bytes);
        }
    });
}

#[test]
fn the_generator_is_written_with_builders_only() {
    // No struct literal or update syntax, no model wrapper spelled out, no
    // closure over the triggers, and no `${{ }}` typed by hand.
    let forbidden = ["NullOr", "OneOrMany", "Some(", "..Default", "..Job", "triggers(|", "${{", "LitOrExpr::"];
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for entry in std::fs::read_dir(&src).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.trim_start().starts_with("//")) {
            for f in forbidden {
                assert!(!line.contains(f), "{}:{}: `{f}` in {line}", path.display(), n + 1);
            }
            // `Name {` opens a struct literal (a `{` after `)` or `|` is a block).
            let literal =
                line.split_whitespace().collect::<Vec<_>>().windows(2).any(|w| {
                    w[1] == "{" && w[0].chars().next().is_some_and(char::is_uppercase) && !w[0].ends_with(')')
                });
            assert!(
                !literal || line.trim_start().starts_with("pub fn") || line.contains("fn "),
                "{}:{}: {line}",
                path.display(),
                n + 1
            );
        }
    }
}

/// The example's files with `extra` (a job with one mistake) in `ci.yml`.
fn with_ci_job(id: &str, job: impl Into<Job>) -> Files {
    let setup = setup_python::action();
    let deploy = deploy::workflow();
    files_of(ci::workflow(&setup).job(id, job), release::workflow(&deploy))
}

/// The example's files with `job` added to `release.yml`.
fn with_release_job(id: &str, job: impl Into<Job>) -> Files {
    let setup = setup_python::action();
    let deploy = deploy::workflow();
    files_of(ci::workflow(&setup), release::workflow(&deploy).job(id, job))
}

fn ubuntu() -> ci_model::NormalJob {
    Job::new("ubuntu-latest").timeout_minutes(5).permissions(Permissions::none())
}

/// Each mistake with the files that make it.
fn mistakes() -> Vec<(&'static str, Files)> {
    let setup = setup_python::action();
    let deploy = deploy::workflow();
    let call = || deploy.call().permissions(Permissions::none()).needs("version");
    vec![
        // Section 3: local actions and reusable workflows, checked across files.
        (
            "local-action-unknown-input",
            with_ci_job("lint", ubuntu().step(setup.step().with("python-version", "3.13").with("pyhton", "3.13"))),
        ),
        (
            "local-action-missing-required-input",
            with_ci_job("lint", ubuntu().step(setup.step().with("extras", "lint"))),
        ),
        (
            "local-action-unknown-output",
            with_ci_job(
                "lint",
                ubuntu()
                    .step(setup.step().id("setup").with("python-version", "3.13"))
                    .step(Step::run("\"$PY\" -m ruff check").env("PY", setup.output("setup", "python_path"))),
            ),
        ),
        (
            "reusable-unknown-input",
            with_release_job(
                "preview",
                call()
                    .with("environment", "preview")
                    .with("image-tag", "x")
                    .with("dryrun", true)
                    .secret("deploy-token", secrets("PREVIEW_TOKEN")),
            ),
        ),
        (
            "reusable-missing-required-input",
            with_release_job("preview", call().with("environment", "preview").secret("deploy-token", secrets("T"))),
        ),
        (
            "reusable-input-type",
            with_release_job(
                "preview",
                call()
                    .with("environment", "preview")
                    .with("image-tag", "x")
                    .with("dry-run", "yes")
                    .secret("deploy-token", secrets("T")),
            ),
        ),
        (
            "reusable-unknown-secret",
            with_release_job(
                "preview",
                call()
                    .with("environment", "preview")
                    .with("image-tag", "x")
                    .secret("deploy-token", secrets("T"))
                    .secret("slack-webhook", secrets("SLACK")),
            ),
        ),
        (
            "reusable-missing-secret",
            with_release_job("preview", call().with("environment", "preview").with("image-tag", "x")),
        ),
        (
            "reusable-unknown-output",
            with_release_job(
                "notify",
                ubuntu()
                    .needs("production")
                    .step(Step::run("echo \"$URL\"").env("URL", deploy.output("production", "adress"))),
            ),
        ),
        (
            "bound-action-unknown-input",
            with_ci_job("lint", ubuntu().step(Step::uses(Checkout::uses()).with("fetch-dpth", 0))),
        ),
        (
            // A bound action's typed inputs: a word outside its choices, a
            // boolean given a word `core.getBooleanInput` does not read.
            "bound-action-choice-and-boolean",
            with_ci_job(
                "lint",
                ubuntu()
                    .step(Step::uses(Checkout::uses()).with("persist-credentials", "no"))
                    .step(Step::uses(UploadArtifact::uses()).with("path", "out/").with("if-no-files-found", "fail")),
            ),
        ),
        // Section 4: what users get wrong.
        (
            "composite-run-without-shell",
            with_ci_job("lint", ubuntu().step(Step::run("make lint"))).add(&ci_gen::LocalAction::new(
                ".github/actions/lint",
                Action::composite("Lint", [Step::run("make lint")]),
            )),
        ),
        (
            "action-input-not-declared",
            with_ci_job("lint", ubuntu().step(Step::run("make lint"))).add(&ci_gen::LocalAction::new(
                ".github/actions/lint",
                Action::composite("Lint", [Step::run("make lint").shell("bash").env("LEVEL", inputs("levle"))]),
            )),
        ),
        (
            "runner-label-typo",
            with_ci_job("lint", Job::new("ubuntu-lastest").timeout_minutes(5).step(Step::run("make"))),
        ),
        (
            "self-hosted-not-declared",
            with_ci_job(
                "gpu",
                ci_model::NormalJob::on(["self-hosted", "linux", "gpu"]).timeout_minutes(5).step(Step::run("make")),
            ),
        ),
        (
            "services-on-macos",
            with_ci_job(
                "mac",
                Job::new("macos-latest")
                    .timeout_minutes(5)
                    .service("postgres", Container::image("postgres:16"))
                    .step(Step::run("make test")),
            ),
        ),
        (
            // In a workflow of its own: `ci.yml` uses a local action, which
            // could upload an artifact the check cannot see.
            "artifact-never-uploaded",
            files_of(ci::workflow(&setup), release::workflow(&deploy)).workflow(
                "nightly.yml",
                Workflow::new("Nightly")
                    .on_schedule(Cron::new("0 3 * * *"))
                    .permissions(Permissions::none())
                    .job("build", ubuntu().step(Artifact::new("web-dist").upload("web/dist/").step()))
                    .job("smoke", ubuntu().needs("build").step(DownloadArtifact::new().name("web-dits").step())),
            ),
        ),
        (
            "secrets-inherit-to-another-repository",
            with_release_job(
                "scan",
                Job::call("octo-org/security/.github/workflows/scan.yml@0123456789abcdef0123456789abcdef01234567")
                    .permissions(Permissions::none())
                    .secrets_inherit(),
            ),
        ),
    ]
}

#[test]
fn every_mistake_is_refused_before_anything_is_written() {
    let settings = settings("examples/monorepo-ci-mistakes");
    let root = std::env::temp_dir().join(format!("example-monorepo-mistakes-{}", std::process::id()));
    std::fs::create_dir_all(&root).unwrap();
    for (name, files) in mistakes() {
        let errors = match files.render() {
            Ok(_) => panic!("{name}: rendered without a word"),
            Err(errors) => errors,
        };
        let text: Vec<String> = errors.iter().map(ToString::to_string).collect();
        settings.bind(|| insta::assert_snapshot!(name, text.join("\n")));
        // The command line writes nothing either.
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = ci_gen::cli::Cli::new(files, &root).run_with(&[], &mut out, &mut err);
        assert_eq!(code, 1, "{name}");
        assert!(String::from_utf8_lossy(&err).ends_with("nothing was written\n"), "{name}");
        assert_eq!(std::fs::read_dir(&root).unwrap().count(), 0, "{name}: a file was written");
    }
    std::fs::remove_dir_all(&root).unwrap();
}
