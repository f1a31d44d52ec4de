//! `check` over every file of `../shared/corpus`: the full list of findings
//! is snapshotted (`snapshots/check/corpus.snap`), and each was read and
//! judged true; a false positive is a bug in ci-model, not something to
//! snapshot. The 480 findings, with the default lints (all `deny`):
//!
//! - `unpinned-uses` (266): every one a `uses:` on a tag or branch
//!   (`@v4`, `@stable`, `@master`, `@2024.01.0`) or a docker image without a
//!   digest; local actions are not reported.
//! - `persist-credentials` (105): checkouts without `persist-credentials:
//!   false` and no later `git push` or push action in the job. The one judged
//!   false (nodejs/node's commit queue checks out itself with a token of its
//!   own, for a script that pushes) led to a fix: such a checkout keeps its
//!   token on purpose.
//! - `template-injection` (74): a `${{ }}` pasted into a `run:` script (or
//!   github-script's `script`), each listed with the variable to use.
//! - `permissions` (21): no workflow-level `permissions:` (12), or write
//!   scopes granted at workflow level (9; the single-job ones too: a job added
//!   later would inherit them).
//! - `reference` (7): `matrix.<key>` for keys no matrix row has (apache/arrow
//!   `continue-on-error`, `run-options`; tokio `rustflags`, `target`, `rust`)
//!   and `matrix.goos`/`goarch` in a hashicorp/terraform job with no matrix;
//!   each evaluates to an empty string at run time. The two that were false
//!   (rust-lang's `matrix.rustflags` for the key `RUSTFLAGS`) are gone:
//!   references resolve ignoring case, as GitHub resolves them.
//! - `expression` (2): sveltejs/svelte's `if: (${{ success() }} || ${{
//!   failure() }})`, a non-empty string, so always true.
//! - `value` (1): etcd's dispatch input of `type: int`, which GitHub refuses.
//! - `secrets-inherit` (3): `secrets: inherit` to the repository's own
//!   workflow (astral-sh/uv, hashicorp/terraform, servo: warnings) and to
//!   another repository's (the workflow-ts example: an error).
//! - `runner-label` (1): nautilus_trader's `self-hosted-linux-x86`, a label
//!   of its own runners that `check` has not been told of (actionlint reports
//!   it too until it is declared); bare `self-hosted` (QuantConnect) is
//!   accepted, as any self-hosted runner has it.
//!
//! The corpus keeps its files flat (`owner__repo__name.yml`), so the files
//! are given explicitly, each with the kind MANIFEST.tsv says: a file whose
//! original path ends in `action.yml`/`action.yaml` is action metadata,
//! every other one a workflow.

use std::fs;
use std::path::Path;

use ci_gen::check::{self, Format, Report, Target};
use ci_model::DocumentKind;
use ci_model::lint::Lints;
use ci_tests::{shared, snapshot_settings};

/// The corpus's files with their kinds, from MANIFEST.tsv (columns: set,
/// file, repo, path, ...).
#[allow(clippy::panic)] // test setup
fn targets(dir: &Path) -> Vec<Target> {
    let manifest = fs::read_to_string(dir.join("MANIFEST.tsv")).unwrap_or_else(|e| panic!("MANIFEST.tsv: {e}"));
    let mut targets: Vec<Target> = manifest
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let cols: Vec<&str> = line.split('\t').collect();
            let (Some(file), Some(path)) = (cols.get(1), cols.get(3)) else {
                panic!("MANIFEST.tsv: short line {line:?}")
            };
            let action = path.ends_with("action.yml") || path.ends_with("action.yaml");
            Target {
                shown: (*file).to_owned(),
                path: dir.join(file),
                kind: Some(if action { DocumentKind::Action } else { DocumentKind::Workflow }),
            }
        })
        .collect();
    targets.sort_by(|a, b| a.shown.cmp(&b.shown));
    targets
}

fn run(dir: &Path) -> (Vec<Target>, Report) {
    let targets = targets(dir);
    let report = check::check(&targets, &Lints::default());
    (targets, report)
}

#[test]
fn every_corpus_finding_matches_the_judged_snapshot() {
    let Some(dir) = shared("corpus") else { return };
    let (targets, report) = run(&dir);
    // Every YAML file of the folder is listed in the manifest, and checked.
    let on_disk = fs::read_dir(&dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .filter(|e| e.path().extension().is_some_and(|x| x == "yml" || x == "yaml"))
                .count()
        })
        .unwrap_or(0);
    assert_eq!(targets.len(), on_disk, "MANIFEST.tsv and the corpus folder disagree");
    assert!(targets.len() >= 42, "expected the 42 corpus files, found {}", targets.len());
    assert_eq!(report.files, targets.len());
    assert!(!report.unreadable);
    // Every file parses: no finding of the parser's rules.
    let parse_rules = ["syntax", "limit", "io"];
    let unparsed: Vec<_> = report.findings.iter().filter(|f| parse_rules.contains(&f.rule)).collect();
    assert!(unparsed.is_empty(), "corpus files that do not parse: {unparsed:#?}");
    // The false positives issue #13 names are gone: GitHub resolves
    // `matrix.rustflags` to the key `RUSTFLAGS`.
    let case = report.findings.iter().find(|f| f.message.contains("matrix.rustflags") && f.file.contains("rust-lang"));
    assert!(case.is_none(), "a reference in another case is reported: {case:?}");
    let text = check::render(&report, Format::Human, false);
    snapshot_settings("check").bind(|| insta::assert_snapshot!("corpus", text));
}

#[test]
fn the_report_does_not_depend_on_the_order_of_the_files_or_the_workers() {
    let Some(dir) = shared("corpus") else { return };
    let (mut targets, report) = run(&dir);
    targets.reverse();
    let again = check::check(&targets, &Lints::default());
    assert_eq!(report.findings, again.findings);
    // One file at a time, on this thread: the same findings.
    let mut one_by_one = Vec::new();
    for t in &targets {
        one_by_one.extend(check::check(std::slice::from_ref(t), &Lints::default()).findings);
    }
    one_by_one.sort();
    assert_eq!(report.findings, one_by_one);
}
