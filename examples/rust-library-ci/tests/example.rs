//! The example generates a valid workflow, and its output is reviewed as a snapshot.

use example_rust_library_ci::{ci, files};

#[test]
fn the_example_workflow_validates_and_expands_to_nine_test_jobs() {
    let wf = ci();
    assert_eq!(wf.validate(), vec![]);
    let Some(ci_model::Job::Normal(test)) = wf.jobs.get("test") else { panic!("no test job") };
    let Some(ci_model::LitOrExpr::Lit(strategy)) = &test.strategy else { panic!("no strategy") };
    let Some(ci_model::LitOrExpr::Lit(matrix)) = &strategy.matrix else { panic!("no matrix") };
    assert_eq!(matrix.combinations().len(), 9);
}

#[test]
fn the_example_renders_and_round_trips() {
    let rendered = files().render().unwrap();
    let ci_yml = &rendered[0];
    assert_eq!(ci_yml.path, ".github/workflows/ci.yml");
    let parsed = ci_model::Workflow::parse(&ci_yml.bytes).unwrap();
    assert_eq!(parsed.to_yaml(), ci_yml.bytes, "comments and all survive a round trip");
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(concat!(env!("CARGO_MANIFEST_DIR"), "/../../snapshots/examples"));
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.bind(|| insta::assert_snapshot!("rust-library-ci", ci_yml.bytes));
}

/// What the README walks a new repository through: write, `--check` green,
/// a hand edit makes `--check` fail with a diff, regenerating fixes it.
#[test]
fn write_then_check_catches_a_hand_edit() {
    let root = std::env::temp_dir().join(format!("example-rust-library-ci-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(&root).unwrap();
    let run = |args: &[&str]| {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
        let code = ci_gen::cli::Cli::new(files(), &root).run_with(&args, &mut out, &mut err);
        (code, String::from_utf8_lossy(&out).into_owned(), String::from_utf8_lossy(&err).into_owned())
    };
    assert_eq!(run(&[]).0, 0);
    assert_eq!(run(&["--check"]).0, 0);
    let ci_yml = root.join(".github/workflows/ci.yml");
    let edited = std::fs::read_to_string(&ci_yml).unwrap().replace("timeout-minutes: 30", "timeout-minutes: 300");
    std::fs::write(&ci_yml, edited).unwrap();
    let (code, out, _) = run(&["--check"]);
    assert_eq!(code, 1);
    assert!(out.contains("-    timeout-minutes: 300\n") && out.contains("+    timeout-minutes: 30\n"), "{out}");
    assert_eq!(run(&[]).0, 0);
    assert_eq!(run(&["--check"]).0, 0);
    std::fs::remove_dir_all(&root).unwrap();
}

/// A step pinned to this repository's own binding of `actions/checkout` is
/// checked against that release's inputs before anything is written.
#[test]
fn a_step_of_the_repository_s_own_binding_is_checked() {
    use ci_model::{Job, Permissions, Step, Workflow};
    let checkout = Step::uses(example_rust_library_ci::actions::Checkout::uses()).with("fetch-dpth", 0);
    let wf = Workflow::new("CI")
        .on_push()
        .permissions(Permissions::none())
        .job("a", Job::new("ubuntu-latest").timeout_minutes(5).step(checkout.with("persist-credentials", false)));
    let files = ci_gen::Files::new("gen").bindings(example_rust_library_ci::actions::TABLE).workflow("ci.yml", wf);
    let errors = files.render().unwrap_err();
    let text = errors[0].to_string();
    assert!(text.contains("has no input `fetch-dpth`; did you mean `fetch-depth`?"), "{text}");
}
