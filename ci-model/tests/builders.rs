//! The builder methods `record!` generates from a field's builder options
//! (`{ set(..) }`, `{ push(..) }`, `{ only }`, `{ comment }`, `{ allow }`...):
//! what each writes, for every record that declares them.

use ci_model::lint::Lint;
use ci_model::{CallJob, Filter, Job, Matrix, NullOr, PullRequestFilter, PushFilter, Step, Strategy, Workflow};

#[test]
fn needs_adds_one_job_per_call() {
    let deploy = Job::new("ubuntu-latest").needs("build").needs("test").step(Step::run("./deploy.sh"));
    let yaml = Workflow::new("CI").on_push().job("deploy", deploy).to_yaml();
    assert!(yaml.contains("    needs: [build, test]\n"), "{yaml}");
    let release: Job = CallJob::new("./.github/workflows/release.yml").needs("build").needs("test").into();
    assert_eq!(release.needs(), ["build", "test"]);
}

#[test]
fn comments_are_normalised_as_they_read_back() {
    let job = Job::new("ubuntu-latest").comment("Ships\u{2029}the site ").step(Step::run("make deploy"));
    assert_eq!(job.comment.as_deref(), Some("Ships\nthe site"));
    let yaml = Workflow::new("CI").on_push().job("deploy", job).to_yaml();
    assert!(yaml.contains("jobs:\n  # Ships\n  # the site\n  deploy:\n"), "{yaml}");

    let call = CallJob::new("./.github/workflows/deploy.yml").comment("Ships it \r\nto production");
    assert_eq!(call.comment.as_deref(), Some("Ships it\nto production"));

    let step = Step::run("make").comment("one \r\ntwo\u{85}three");
    assert_eq!(step.comment.as_deref(), Some("one\ntwo\nthree"));
    let yaml = Workflow::new("CI").on_push().job("a", Job::new("ubuntu-latest").step(step)).to_yaml();
    assert!(yaml.contains("      # one\n      # two\n      # three\n      - run: make\n"), "{yaml}");
}

#[test]
fn allow_trims_its_reason() {
    let job =
        Job::new("ubuntu-latest").allow(Lint::Permissions, "publishes a release ").step(Step::run("make release"));
    let yaml = Workflow::new("Release").on_push().job("release", job).to_yaml();
    assert!(yaml.contains("  # ci-model: allow(permissions): publishes a release\n  release:\n"), "{yaml}");

    let call = CallJob::new("octo/flows/.github/workflows/ci.yml@v1").allow(Lint::UnpinnedUses, " our own workflows ");
    assert_eq!(call.allow[0].reason, "our own workflows");
    let yaml = Workflow::new("CI").on_push().job("ci", call).to_yaml();
    assert!(yaml.contains("  # ci-model: allow(unpinned-uses): our own workflows\n  ci:\n"), "{yaml}");

    let step = Step::run("echo ok").allow(Lint::TemplateInjection, " the value is a constant\t");
    assert_eq!(step.allow[0].reason, "the value is a constant");
}

#[test]
fn a_call_job_has_the_setters_of_a_normal_job() {
    let matrix = Matrix::new().axis("os", ["ubuntu-latest"]);
    let job: Job = CallJob::new("./.github/workflows/test.yml").name("Tests").strategy(Strategy::matrix(matrix)).into();
    assert_eq!(job.name().and_then(|n| n.as_str()), Some("Tests"));
    assert!(job.strategy().and_then(|s| s.literal()).is_some());
}

#[test]
fn filters_set_one_side_of_a_pair() {
    let push = PushFilter::new().tags(["v*"]).paths(["src/**"]).paths_ignore(["**.md"]);
    // One side of the pair only: the later call wins.
    assert_eq!(push.paths, Some(Filter::ignore(["**.md"])));
    let wf = Workflow::new("Release").triggers(|t| t.push = Some(NullOr::Value(push)));
    assert!(wf.to_yaml().contains("  push:\n    tags: [v*]\n    paths-ignore: ['**.md']\n"), "{}", wf.to_yaml());

    let pr = PullRequestFilter::new().types(["opened", "labeled"]).branches(["main"]).paths_ignore(["docs/**"]);
    let wf = Workflow::new("Triage").triggers(|t| t.pull_request = Some(NullOr::Value(pr)));
    let yaml = wf.to_yaml();
    assert!(
        yaml.contains(
            "  pull_request:\n    types: [opened, labeled]\n    branches: [main]\n    paths-ignore: [docs/**]\n"
        ),
        "{yaml}"
    );
}
