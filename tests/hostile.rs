//! The hostile-input catalog: inputs an attacker or a careless user could
//! hand to ci-model, each with the behaviour it must get (a message
//! snapshotted under `snapshots/hostile/`, or an invariant checked here).
//!
//! Every case runs on its own thread with a time bound (a hang fails the
//! case instead of stalling the suite) and counts the bytes it allocates at
//! its peak. The bound is generous, for debug builds on a loaded machine:
//! it detects hangs and blow-ups, it does not time anything (the worst cases
//! are timed in `BENCHMARKS.md`).
//!
//! The numbers in the case names are those of issue #10. The file-system
//! and command-line cases are in `hostile_writes.rs` and `cli.rs`; the
//! emitter's (what a model can make the emitter write) in
//! `ci-model/tests/emit_invariant.rs`.

use std::sync::mpsc;
use std::time::Duration;

use ci_model::{Document, DocumentKind, Problem, Workflow, comment_lines, locate, text_from_bytes};
use ci_tests::{snapshot_settings, stale_snapshots};

/// How long a case may take before it counts as hung.
const HANG: Duration = Duration::from_secs(60);
/// The most a case may allocate at once.
const PEAK_BYTES: u64 = 400 << 20;

/// Runs `case` on a thread of its own; fails when it does not finish within
/// [`HANG`] or its allocations peak above [`PEAK_BYTES`].
#[allow(clippy::panic)] // the harness fails the test that runs the case
fn bounded<T: Send + 'static>(name: &str, case: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    let spawned = std::thread::Builder::new().name(name.to_owned()).stack_size(8 << 20).spawn(move || {
        let mut out = None;
        let info = allocation_counter::measure(|| out = Some(case()));
        let _ = tx.send((out, info.bytes_max));
    });
    if let Err(e) = spawned {
        panic!("{name}: could not start a thread: {e}");
    }
    match rx.recv_timeout(HANG) {
        Ok((Some(out), peak)) => {
            assert!(peak <= PEAK_BYTES, "{name}: allocations peaked at {} MB", peak >> 20);
            out
        }
        Ok((None, _)) => panic!("{name}: the case returned nothing"),
        Err(mpsc::RecvTimeoutError::Timeout) => panic!("{name}: did not finish within {HANG:?}"),
        Err(mpsc::RecvTimeoutError::Disconnected) => panic!("{name}: the case panicked"),
    }
}

/// Every message the model gives for `text`: the parse errors, or the
/// validation problems located in the text. More than eight are summed up.
fn messages(text: &str) -> String {
    let mut all = match Document::parse(text, None) {
        Err(e) => e.into_diagnostics(),
        Ok(doc) => {
            let mut d = doc.validate();
            locate(text, &mut d);
            d
        }
    };
    let n = all.len();
    let unlocated = all.iter().filter(|d| d.location.is_none()).count();
    all.truncate(8);
    let mut out: Vec<String> = all.iter().map(ToString::to_string).collect();
    if n > 8 {
        out.push(format!("... {} messages in all, {unlocated} without a line", n));
    }
    out.join("\n")
}

/// A message case: its name, the input, and the snapshot of [`messages`].
struct Case {
    name: &'static str,
    input: fn() -> String,
}

fn many_jobs(n: usize, job: &str) -> String {
    let mut text = String::from("on: push\njobs:\n");
    for i in 0..n {
        text.push_str(&format!("  j{i}:\n{job}"));
    }
    text
}

/// A job that needs `n` jobs that do not exist, in a workflow of `n` other
/// jobs.
fn unknown_needs(n: usize) -> String {
    let needs: Vec<String> = (0..n).map(|i| format!("z{i}")).collect();
    let mut text = format!("on: push\njobs:\n  a:\n    runs-on: x\n    needs: [{}]\n", needs.join(", "));
    for i in 0..n {
        text.push_str(&format!("  j{i}: {{runs-on: x}}\n"));
    }
    text
}

const CASES: &[Case] = &[
    Case { name: "04-flow-nesting-100000", input: || "[".repeat(100_000) + &"]".repeat(100_000) },
    // Ten times the limit, inside a workflow.
    Case {
        name: "04-flow-nesting-10x-limit",
        input: || {
            format!("on: push\njobs:\n  a:\n    runs-on: x\n    env: {{A: {}{}}}\n", "[".repeat(1280), "]".repeat(1280))
        },
    },
    Case { name: "04-block-nesting-10x-limit", input: || format!("on: push\njobs:\n{}x\n", "- ".repeat(1280)) },
    Case {
        name: "04-every-job-a-type-error",
        input: || many_jobs(4000, "    runs-on: x\n    timeout-minutes: soon\n"),
    },
    Case {
        name: "04-every-job-an-unknown-key",
        input: || many_jobs(4000, "    runs-on: ubuntu-latest\n    step: []\n"),
    },
    // Inside flow mappings the layout scan cannot place a value: the text is
    // re-read for the first ones (up to 2 MiB of re-reading, ten times over
    // for this 200 KB file), the rest take their job's position.
    Case {
        name: "04-every-flow-job-a-type-error",
        input: || {
            let mut t = String::from("on: push\njobs:\n");
            for i in 0..4000 {
                t.push_str(&format!("  j{i}: {{runs-on: x, timeout-minutes: soon}}\n"));
            }
            t
        },
    },
    Case {
        name: "05-alias-expansion-10x-limit",
        // One 1 MB string aliased 1,280 times: 1.28 GB if expanded.
        input: || {
            let mut t = format!("on: push\nx: &big '{}'\njobs:\n  a:\n    runs-on: x\n    env:\n", "a".repeat(1 << 20));
            for i in 0..1280 {
                t.push_str(&format!("      V{i}: *big\n"));
            }
            t
        },
    },
    Case {
        name: "05-billion-laughs",
        input: || {
            let mut t =
                String::from("on: push\na0: &a0 ['lol', 'lol', 'lol', 'lol', 'lol', 'lol', 'lol', 'lol', 'lol']\n");
            for i in 1..10 {
                let prev = format!("*a{}", i - 1);
                t.push_str(&format!("a{i}: &a{i} [{}]\n", vec![prev; 9].join(", ")));
            }
            t.push_str("jobs: {}\n");
            t
        },
    },
    Case { name: "limit-input-10x", input: || format!("on: push\n# {}\njobs: {{}}\n", "x".repeat(40 << 20)) },
    Case { name: "12-tag-binary", input: || "on: push\njobs:\n  a:\n    runs-on: !!binary aGVsbG8=\n".to_owned() },
    Case {
        name: "12-tag-python-object",
        input: || "on: push\njobs:\n  a:\n    runs-on: !!python/object:os.system x\n".to_owned(),
    },
    Case {
        name: "12-tag-triple-bang",
        input: || "on: push\njobs:\n  a:\n    runs-on: x\n    if: !!!true\n".to_owned(),
    },
    Case { name: "12-tag-in-flow", input: || "on: push\njobs:\n  a:\n    runs-on: [x, !!str y]\n".to_owned() },
    Case {
        name: "14-integer-beyond-64-bits",
        input: || "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    env: {P: 18446744073709551616}\n".to_owned(),
    },
    Case { name: "15-control-character", input: || "on: push\njobs:\n  a:\n    runs-on: x\u{1}\n".to_owned() },
    Case { name: "15-two-documents", input: || "on: push\njobs: {}\n---\non: pull_request\n".to_owned() },
    // 8,000 unknown `needs` in a workflow of 8,000 jobs: each message names
    // a few jobs, and suggestions stop at the document's budget (this took
    // 30 s and 3.6 GB when each one copied and compared every job id).
    Case { name: "validate-unknown-needs-8000", input: || unknown_needs(8000) },
    // Names holding ESC, BEL and U+2028: each message shows them as `\u{..}`.
    Case {
        name: "validate-control-characters-in-names",
        input: || {
            "on: push\njobs:\n  \"a\\e[31mRED\":\n    runs-on: ubuntu-latest\n    steps:\n      - run: x\n        \"k\\e]0;title\\aX\": 1\n    \"needs\": [\"b\\e[2Jzz\"]\n\"x\\u2028y\": 1\n"
                .to_owned()
        },
    },
    Case {
        name: "15-key-over-1024-characters",
        input: || format!("on: push\njobs:\n  a:\n    runs-on: x\n    env:\n      {}: 1\n", "K".repeat(1100)),
    },
];

#[test]
fn every_hostile_input_gets_its_message_quickly_and_in_bounded_memory() {
    let mut settings = snapshot_settings("hostile");
    settings.set_description("issue #10: hostile input");
    let _guard = settings.bind_to_scope();
    for case in CASES {
        let input = case.input;
        let got = bounded(case.name, move || messages(&input()));
        insta::assert_snapshot!(case.name, got);
    }
    let names: Vec<&str> = CASES.iter().map(|c| c.name).collect();
    let stale = stale_snapshots("hostile", &names).unwrap_or_else(|e| panic!("snapshots/hostile: {e}"));
    assert!(stale.is_empty(), "snapshots without a case: {stale:?}");
}

/// Each of 8,000 unknown `needs` names a few of the 8,000 jobs, not all of
/// them: the messages of a document grow with its problems, not with
/// problems times names.
#[test]
fn a_message_names_a_few_of_many_jobs() {
    let messages = bounded("unknown-needs", || match Workflow::parse(&unknown_needs(8000)) {
        Ok(wf) => wf.validate().iter().filter(|d| d.rule() == "needs").map(ToString::to_string).collect(),
        Err(e) => vec![e.to_string()],
    });
    assert_eq!(messages.len(), 8000);
    assert!(messages.iter().all(|m| m.len() < 300), "{:?}", messages.iter().max_by_key(|m| m.len()));
    let last = messages.last().map(String::as_str).unwrap_or_default();
    assert!(last.ends_with("; the jobs are `j0`, `j1`, `j2`, `j3`, `j4`, `j5`, `j6`, `j7`, `j8`, `j9`, `j10`, `j11`, `j12`, `j13`, `j14`, `j15`, `j16`, `j17`, `j18`, `j19` and 7980 more [needs]"), "{last}");
}

#[test]
fn limits_are_refused_by_kind() {
    let rule = |text: String| -> Vec<&'static str> {
        bounded("rule", move || match Workflow::parse(&text) {
            Err(e) => e.diagnostics().iter().map(|d| d.rule()).collect(),
            Ok(_) => Vec::new(),
        })
    };
    assert_eq!(rule("[".repeat(100_000)), ["limit"]);
    assert_eq!(rule(format!("a: {}", "{a: ".repeat(200))), ["limit"]);
    assert_eq!(rule("x".repeat(5 << 20)), ["limit"]);
}

/// Item 2: A comment line holding a carriage return ends at it, as the loader
/// reads it: what follows is a step. Formatting keeps exactly the steps the
/// file has, run after run.
#[test]
fn a_carriage_return_in_a_comment_does_not_duplicate_a_step() {
    let text = "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: a\n      # note\r      - run: evil\n";
    let wf = Workflow::parse(text).unwrap_or_else(|e| panic!("{e}"));
    let steps = |wf: &Workflow| match wf.jobs.get("a") {
        Some(ci_model::Job::Normal(j)) => j.steps.as_ref().map_or(0, Vec::len),
        _ => 0,
    };
    assert_eq!(steps(&wf), 2);
    let once = wf.to_yaml();
    assert!(once.contains("      # note\n      - run: evil\n"), "{once}");
    let twice = Workflow::parse(&once).unwrap_or_else(|e| panic!("{e}")).to_yaml();
    assert_eq!(once, twice);
    assert_eq!(steps(&Workflow::parse(&twice).unwrap_or_else(|e| panic!("{e}"))), 2);
}

/// Item 3: Old Mac line ends (CR only) read like Unix ones, comments included,
/// and the canonical form of both is the same text.
#[test]
fn carriage_return_line_ends_format_like_newlines() {
    let unix = "# header\n\non: push # when\njobs:\n  # the job\n  a:\n    runs-on: x\n    steps:\n      - run: |\n          one\n          two\n";
    let mac = unix.replace('\n', "\r");
    let windows = unix.replace('\n', "\r\n");
    let canonical = Workflow::parse(unix).unwrap_or_else(|e| panic!("{e}")).to_yaml();
    for other in [mac, windows] {
        let wf = Workflow::parse(&other).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(wf.to_yaml(), canonical);
    }
    assert!(canonical.starts_with("# header\n\non: push # when\n"), "{canonical}");
    assert_eq!(comment_lines(&unix.replace('\n', "\r")), 3);
}

/// Item 15: Bytes that are not UTF-8 get a position.
#[test]
fn invalid_utf8_is_located() {
    let err = text_from_bytes(b"on: push\njobs:\n  a:\n    runs-on: \xff\n").unwrap_err();
    assert_eq!(
        err.to_string(),
        "4:14: the file is not UTF-8 text: byte 33 starts an invalid sequence; save it as UTF-8 [syntax]"
    );
}

/// Item 16: Comments `fmt` cannot keep are counted, so it can say so; the one
/// after a block scalar's header is kept.
#[test]
fn comments_that_cannot_be_kept_are_counted() {
    let text = "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - {run: b} # after a flow step\n      - run: | # after a block header\n          echo\n";
    let doc = Document::parse(text, Some(DocumentKind::Workflow)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(comment_lines(text), 2);
    let out = doc.to_yaml();
    assert!(out.contains("run: | # after a block header\n"), "{out}");
    assert!(!out.contains("after a flow step"), "{out}");
    assert_eq!(doc.kept_comment_lines(), 1);
}

/// Item 14: An integer too large for 64 bits is a number, as GitHub reads it.
#[test]
fn integers_beyond_64_bits_are_numbers() {
    let wf = Workflow::parse("on: push\njobs:\n  a:\n    runs-on: x\n    env: {P: 18446744073709551616}\n")
        .unwrap_or_else(|e| panic!("{e}"));
    let again = Workflow::parse(&wf.to_yaml()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(wf, again);
    assert!(wf.validate().iter().all(|d| !matches!(d.problem, Problem::Syntax(_))));
}

/// Red-team regressions: nesting hidden behind anchors, aliases, anchored
/// keys, `? ` keys, a flow key before a block scalar and a byte-order mark
/// at a line's start was once missed by the depth guard (libyaml then spent
/// seconds on 80 KB); a very long key once made the scan copy it per line.
#[test]
fn nesting_behind_any_construct_is_refused_while_scanning() {
    let d = "[".repeat(40_000) + &"]".repeat(40_000);
    let cases = [
        format!("on: push\njobs: [&x:\"x \",{d}]\n"),
        format!("on: push\njobs: [&x a, *x:'x ',{d}]\n"),
        format!("&x on: push\njobs: {d}\n"),
        format!("? on\n: push\njobs: {d}\n"),
        format!("on: push\njobs:\n  [a]: |\n   x\n  b: {d}\n"),
        format!("on: push\njobs:\n\u{feff} {d}\n"),
    ];
    for (i, text) in cases.into_iter().enumerate() {
        let rules = bounded("hidden nesting", move || match Workflow::parse(&text) {
            Err(e) => e.diagnostics().iter().map(|d| d.rule()).collect::<Vec<_>>(),
            Ok(_) => Vec::new(),
        });
        assert_eq!(rules, ["limit"], "case {i}");
    }
    let long_key = format!("{}:\n{}", "k".repeat(2_000_000), "  a: 1\n".repeat(100_000));
    let rules = bounded("long key", move || Workflow::parse(&long_key).err().map(|e| e.diagnostics()[0].rule()));
    assert_eq!(rules, Some("syntax"));
}

/// Differential test of the depth guard against libyaml itself: random
/// documents made of every construct that changes how libyaml reads what
/// follows (anchors, aliases, `? ` keys, flow keys, quoted and plain scalars
/// over several lines, block scalars with and without indentation
/// indicators, comments, tabs, byte-order marks, every line break), then
/// 200 nested brackets where a value may go. Whenever the guard lets a text
/// through, yaml_serde (libyaml) must not reach its own depth limit on it:
/// nesting the guard did not see is nesting libyaml would have scanned in
/// quadratic time.
#[test]
fn the_depth_guard_sees_every_nesting_libyaml_reads() {
    const PIECES: &[&str] = &[
        "a: b\n",
        "a:\n  b: c\n",
        "- a\n",
        "- - a\n",
        "? a\n: b\n",
        "&x a: b\n",
        "a: &y b\n",
        "a: *y\n",
        "a: 'x\n  y'\n",
        "a: \"x\\\n  y\"\n",
        "a: \"[\" # ]\n",
        "a: |\n  [[[ '\n  \" ]\n",
        "a: >2\n   [\n  x\n",
        "a: |-\n\n    [[\n",
        "a: x\n  [y\n",
        "a: [b, 'c]', \"d]\", {e: f}]\n",
        "a: [b,\n  c]\n",
        "a: {b: [c,\n  'd'], e: f}\n",
        "[a]: b\n",
        "{a: b}: c\n",
        "'a': b\n",
        "\"a\": b\n",
        "a:\tb\n",
        "a: b # c [\n",
        "# [[[[\n",
        "\u{feff}a: b\n",
        "a: b\r\n",
        "a: b\rc: d\n",
        "a: b\u{85}",
        "a: x'y\n",
        "a: [x'y, z]\n",
        "a: &z [x]\n",
        "? [a,\n  b]\n: c\n",
        "- |\n  x\n- y\n",
        "-\n  a: b\n",
        "  - a\n",
        "    k: v\n",
    ];
    const SLOTS: &[&str] = &["a: ", "- ", "? ", ": ", "[", "a: [", "a: {b: ", "- - ", "&q ", "a: &w ", ""];
    // `GUARD_CASES=1000000 GUARD_SEED=7` for a longer search by hand.
    let number = |name: &str, default: u64| std::env::var(name).ok().and_then(|n| n.parse().ok()).unwrap_or(default);
    let mut rng = ci_tests::Rng(number("GUARD_SEED", 0xdee9));
    let mut failures = Vec::new();
    let cases = number("GUARD_CASES", 3000);
    for case in 0..cases {
        let mut text = String::new();
        for _ in 0..rng.below(6) {
            text.push_str(rng.pick(PIECES));
        }
        let indent = " ".repeat(rng.below(4));
        let deep = if rng.below(2) == 0 { "[".repeat(200) } else { "{a: ".repeat(200) };
        text.push_str(&format!("{indent}{}{deep}\n", rng.pick(SLOTS)));
        for _ in 0..rng.below(3) {
            text.push_str(rng.pick(PIECES));
        }
        let refused = match Workflow::parse(&text) {
            Err(e) => e.diagnostics().iter().any(|d| d.rule() == "limit"),
            Ok(_) => false,
        };
        if refused {
            continue;
        }
        if let Err(e) = serde_yaml::from_str::<serde_yaml::Value>(text.trim_start_matches('\u{feff}'))
            && e.to_string().contains("recursion limit exceeded")
        {
            failures.push(format!("case {case}: {text:?}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} texts passed the guard that libyaml nests past 128:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Red-team regressions: comments `fmt` once wrote and then lost on the
/// second run, or lost without counting them, or moved to another node.
#[test]
fn formatting_twice_keeps_or_counts_every_comment() {
    let cases = [
        "on: push\njobs: {}\nx:\n  - \"l1\\nl2\" # c\n",
        "on: push\njobs: {}\nx: &a []\ny:\n  - *a # c\n",
        "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - # c1\n        run: x\n",
        "on: push\njobs: {}\nx:\n  - # c1\n    k: v\n",
        "on: push\njobs: {}\nx: &a\n  k: v\ny:\n  - *a # c\n",
        "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      # c0\n      -\n        # c1\n        run: x\n",
        "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: |\n          echo hi\n         # note\n      - run: b\n",
        "on: push\nenv:\n  &k A: 1 # about A\n  B: 2\njobs: {}\n",
    ];
    for text in cases {
        let once = ci_gen::fmt::format(text, None).unwrap_or_else(|e| panic!("{text:?}: {e}"));
        let twice = ci_gen::fmt::format(&once.text, None).unwrap_or_else(|e| panic!("{text:?}: {e}"));
        assert_eq!(twice.text, once.text, "{text:?}: not idempotent");
        assert_eq!(twice.dropped_comments, 0, "{text:?}: the second run drops\n{}", once.text);
        assert_eq!(
            comment_lines(text),
            comment_lines(&once.text) + once.dropped_comments,
            "{text:?}: every comment is kept or counted\n{}",
            once.text
        );
        let data = |t: &str| serde_yaml::from_str::<serde_yaml::Value>(t).unwrap_or_else(|e| panic!("{t:?}: {e}"));
        assert_eq!(data(text), data(&once.text), "{text:?}");
    }
    // The comment after an anchored key stays with that key.
    let moved = ci_gen::fmt::format("on: push\nenv:\n  &k A: 1 # about A\n  B: 2\njobs: {}\n", None)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(moved.text.contains("  A: 1 # about A\n"), "{}", moved.text);
}
