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
