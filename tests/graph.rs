//! `ci-gen graph`: the job graphs of the platform's seven workflows, as
//! Mermaid and as DOT, and the README's picture of `ci-tests-coverage`,
//! which must be what the command prints.

use ci_gen::graph::{self, Format};
use ci_gen::{affected, cli};
use ci_tests::{snapshot_settings, workspace_root};

fn run(args: &[&str]) -> (u8, String, String) {
    let mut out = Vec::new();
    let mut err = Vec::new();
    let args: Vec<String> = args.iter().map(|s| (*s).to_owned()).collect();
    let code = cli::run_with(ci_tests::platform::files(), &workspace_root(), &args, &mut out, &mut err);
    (code, String::from_utf8_lossy(&out).into_owned(), String::from_utf8_lossy(&err).into_owned())
}

#[test]
fn every_workflow_s_graph_matches_its_snapshot() {
    let files = ci_tests::platform::files();
    let built = affected::workflows(&files);
    let workflows: Vec<(&str, &ci_model::Workflow)> = built.iter().map(|(f, w)| (*f, w.as_ref())).collect();
    assert_eq!(workflows.len(), 8);
    let settings = snapshot_settings("graph");
    settings.bind(|| {
        for (file, wf) in &workflows {
            let stem = file.trim_end_matches(".yml");
            insta::assert_snapshot!(format!("{stem}.mermaid"), graph::mermaid(wf));
            insta::assert_snapshot!(format!("{stem}.dot"), graph::dot(file, wf));
        }
        insta::assert_snapshot!("all.mermaid", graph::render(&workflows, Format::Mermaid));
        insta::assert_snapshot!("all.dot", graph::render(&workflows, Format::Dot));
    });
}

#[test]
fn the_command_draws_one_workflow_or_all() {
    let files = ci_tests::platform::files();
    let built = affected::workflows(&files);
    let workflows: Vec<(&str, &ci_model::Workflow)> = built.iter().map(|(f, w)| (*f, w.as_ref())).collect();
    let docker = workflows.iter().find(|(f, _)| *f == "docker-build.yml").map(|(_, w)| *w).expect("listed");
    for name in ["docker-build", "docker-build.yml", ".github/workflows/docker-build.yml"] {
        assert_eq!(
            run(&["graph", name, "--format", "dot"]),
            (0, graph::dot("docker-build.yml", docker), String::new())
        );
    }
    assert_eq!(run(&["graph", "docker-build"]).1, graph::mermaid(docker));
    assert_eq!(run(&["graph"]).1, graph::render(&workflows, Format::Mermaid));
    let (code, _, err) = run(&["graph", "deploy"]);
    assert_eq!(code, 2);
    assert!(
        err.starts_with("error: no generated workflow `deploy`; the workflows are: ci-tests-coverage.yml, "),
        "{err}"
    );
    let (code, _, err) = run(&["graph", "--format", "png"]);
    assert_eq!(code, 2);
    assert!(
        err.starts_with("error: invalid value 'png' for '--format <FORMAT>'\n  [possible values: mermaid, dot]"),
        "{err}"
    );
}

#[test]
fn matrix_jobs_show_their_axes() {
    let (_, out, _) = run(&["graph", "docker-build"]);
    assert!(out.contains("build[\"build<br/>Build ${{ matrix.service.name }}<br/>matrix: service (3)\"]"), "{out}");
}

#[test]
fn the_readme_shows_the_graph_the_command_prints() {
    let readme = std::fs::read_to_string(workspace_root().join("README.md")).expect("README.md");
    let (code, graph, _) = run(&["graph", "ci-tests-coverage"]);
    assert_eq!(code, 0);
    let block = format!("```mermaid\n{graph}```\n");
    assert!(
        readme.contains(&block),
        "README.md must show `cargo run -p ci-gen -- graph ci-tests-coverage` in a mermaid block:\n{block}"
    );
}
