//! Never panic, never hang, never blow up: broken or hostile input gets
//! messages, not a crash.
//!
//! Every corpus file in `../shared/corpus` is mutated (byte flips, deleted and
//! duplicated lines, truncation, inserted `:`, `-`, `{`, tabs and other YAML
//! indicators) by a deterministic generator, and random YAML-ish text is
//! generated from YAML's tokens and GitHub's keys. Each text goes through
//! `Document::parse` (as the kind it looks like; random text also as the other
//! kind) and `locate`; whatever parses through `validate`, `locate` and `to_yaml`, and the
//! canonical output must parse again, write the same bytes again, and hold the
//! same data as the input.
//!
//! Mutations include hostile ones (deep bracket runs, alias bombs, tags,
//! every YAML line break inside comments). Each input runs on a thread of its
//! own with a time bound (a hang fails the input instead of stalling the
//! suite) and a bound on the bytes it allocates at its peak.

use std::fs;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc;
use std::time::Duration;

use ci_model::{Document, DocumentKind, locate};
use ci_tests::{Rng, shared};

/// Mutations per corpus file (each applies one to three changes).
const MUTATIONS: usize = 20;
/// Random documents.
const RANDOM_DOCUMENTS: usize = 1500;

/// Text inserted by mutations: YAML's indicators and the characters that
/// break indentation and quoting.
const INSERTS: &[&str] = &[
    ":",
    ": ",
    "-",
    "- ",
    "{",
    "}",
    "[",
    "]",
    "\t",
    "\n",
    " ",
    "  ",
    "#",
    " #",
    "'",
    "\"",
    "&a ",
    "*a",
    "!tag ",
    "|",
    ">",
    "? ",
    ",",
    "%",
    "@",
    "`",
    "<<: ",
    "---\n",
    "...\n",
    "\r",
    "\u{feff}",
    "\0",
    "${{",
    "}}",
    "é",
    "\u{2028}",
    "\u{85}",
    "\u{2029}",
    "# c\r- run: x\n",
    "!!binary ",
    "!!!",
    "&b ",
    "*b",
];

/// How long one input may take before it counts as hung.
const HANG: Duration = Duration::from_secs(30);
/// The most one input may allocate at once.
const PEAK_BYTES: u64 = 400 << 20;

/// One mutation of `text`.
fn mutate(text: &str, rng: &mut Rng) -> String {
    let mut bytes = text.as_bytes().to_vec();
    if bytes.is_empty() {
        return rng.pick(INSERTS).to_string();
    }
    match rng.below(12) {
        // A run of brackets deep enough to reach the nesting limit.
        7 => {
            let at = rng.below(bytes.len() + 1);
            let depth = [100, 127, 128, 129, 3000][rng.below(5)];
            let open = if rng.below(2) == 0 { "[" } else { "{a: " };
            bytes.splice(at..at, open.repeat(depth).bytes());
        }
        // An alias bomb at the top (8 to the power 2 to 4 values; the
        // limits themselves are reached in hostile.rs), aliased where a
        // value goes.
        8 => {
            let levels = 2 + rng.below(3);
            let mut bomb = String::from("b0: &b0 ['lol', 'lol', 'lol', 'lol', 'lol', 'lol', 'lol', 'lol']\n");
            for i in 1..=levels {
                bomb.push_str(&format!("b{i}: &b{i} [{}]\n", vec![format!("*b{}", i - 1); 8].join(", ")));
            }
            let mut text = bomb;
            text.push_str(&String::from_utf8_lossy(&bytes).replacen(": ubuntu-latest", &format!(": *b{levels}"), 1));
            return text;
        }
        // Flip bits of one byte (the result is made UTF-8 again below).
        0 | 9 => {
            let at = rng.below(bytes.len());
            bytes[at] ^= 1 << rng.below(8);
        }
        // Replace one byte by a printable ASCII character.
        1 | 10 => {
            let at = rng.below(bytes.len());
            bytes[at] = b' ' + rng.below(95) as u8;
        }
        // Delete a line.
        2 | 3 => {
            let mut lines: Vec<&str> = text.split_inclusive('\n').collect();
            if !lines.is_empty() {
                let at = rng.below(lines.len());
                if rng.below(2) == 0 {
                    lines.remove(at);
                } else {
                    // Duplicate it instead.
                    lines.insert(at, lines[at]);
                }
            }
            return lines.concat();
        }
        // Truncate.
        4 => {
            bytes.truncate(rng.below(bytes.len()));
        }
        // Insert an indicator.
        _ => {
            let at = rng.below(bytes.len() + 1);
            let insert = rng.pick(INSERTS).as_bytes();
            bytes.splice(at..at, insert.iter().copied());
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Keys GitHub knows, so random documents get past the top level sometimes.
const KEYS: &[&str] = &[
    "on",
    "jobs",
    "name",
    "runs-on",
    "steps",
    "run",
    "uses",
    "with",
    "env",
    "needs",
    "if",
    "strategy",
    "matrix",
    "include",
    "exclude",
    "push",
    "pull_request",
    "branches",
    "branches-ignore",
    "paths",
    "types",
    "schedule",
    "cron",
    "workflow_dispatch",
    "inputs",
    "type",
    "options",
    "default",
    "permissions",
    "contents",
    "concurrency",
    "group",
    "timeout-minutes",
    "continue-on-error",
    "container",
    "services",
    "image",
    "outputs",
    "secrets",
    "defaults",
    "shell",
    "runs",
    "using",
    "main",
    "description",
    "id",
    "build",
    "test",
    "a",
    "b",
    "<<",
    "workflow_call",
    "environment",
];

const VALUES: &[&str] = &[
    "push",
    "ubuntu-latest",
    "make",
    "actions/checkout@v4",
    "true",
    "false",
    "null",
    "~",
    "0",
    "-1",
    "1.5",
    ".inf",
    "'3.10'",
    "\"x\"",
    "[a, b]",
    "{}",
    "[]",
    "{a: 1}",
    "'0 9 * * 1'",
    "read",
    "write",
    "composite",
    "node20",
    "${{ x }}",
    "*a",
    "&a x",
    "!tag x",
    "|",
    "|-",
    ">",
    "'unclosed",
    "\"bad \\q\"",
    "a: b",
    "- x",
    "? x",
    "@x",
    "`x",
    "%x",
];

/// A random document made of YAML's tokens, keys and values.
fn random_document(rng: &mut Rng) -> String {
    let mut out = String::new();
    let lines = 1 + rng.below(25);
    let mut indent = 0usize;
    for _ in 0..lines {
        match rng.below(10) {
            0 => indent = indent.saturating_sub(2 * (1 + rng.below(2))),
            1 | 2 => indent += 2,
            3 => indent = rng.below(9),
            _ => {}
        }
        out.push_str(&" ".repeat(indent));
        match rng.below(12) {
            0 => out.push_str("- "),
            1 => out.push('\t'),
            2 => out.push_str("? "),
            _ => {}
        }
        match rng.below(8) {
            0 => {
                out.push_str(rng.pick(VALUES));
            }
            1 => {
                out.push_str(rng.pick(KEYS));
                out.push(':');
            }
            2 => {
                out.push_str("- ");
                out.push_str(rng.pick(VALUES));
            }
            3 => {
                // A flow collection, maybe unbalanced.
                let open = if rng.below(2) == 0 { "[" } else { "{" };
                out.push_str(rng.pick(KEYS));
                out.push_str(": ");
                out.push_str(open);
                for i in 0..rng.below(4) {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    out.push_str(rng.pick(VALUES));
                }
                if rng.below(4) > 0 {
                    out.push_str(if open == "[" { "]" } else { "}" });
                }
            }
            4 => out.push_str(rng.pick(INSERTS)),
            _ => {
                out.push_str(rng.pick(KEYS));
                out.push_str(": ");
                out.push_str(rng.pick(VALUES));
            }
        }
        if rng.below(10) == 0 {
            out.push_str(" # comment");
        }
        out.push_str(if rng.below(15) == 0 { "\r\n" } else { "\n" });
    }
    out
}

/// Documents that stress limits: deep nesting, alias bombs, huge keys.
fn pathological() -> Vec<String> {
    let deep_flow = format!("on: push\njobs: {}{}\n", "[".repeat(5000), "]".repeat(5000));
    let deep_block: String = (0..400).map(|i| format!("{}a{i}:\n", " ".repeat(i))).collect();
    let deep_seq = format!("on: push\njobs:\n  a:\n    steps: {}x\n", "- ".repeat(500));
    let mut laughs = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        let prev = format!("*a{}", i - 1);
        laughs.push_str(&format!("a{i}: &a{i} [{}]\n", vec![prev; 10].join(", ")));
    }
    laughs.push_str("on: push\njobs:\n  j:\n    runs-on: *a11\n");
    vec![
        deep_flow,
        deep_block,
        deep_seq,
        laughs,
        format!("on: push\njobs:\n  {}: {{runs-on: x, steps: [{{run: y}}]}}\n", "k".repeat(100_000)),
        "a: &x *x\n".to_owned(),
        "\u{feff}\u{feff}on: push\n".to_owned(),
        "--- !!map\n? [a]\n: b\n".to_owned(),
        "%YAML 1.1\n---\non: push\n".to_owned(),
        "on: push\n---\njobs: {}\n".to_owned(),
        String::new(),
        "\n".to_owned(),
        "\0".to_owned(),
    ]
}

/// Runs every entry point on `text` (parsing it as both kinds of document
/// with `both_kinds`) on a thread of its own, within [`HANG`] and
/// [`PEAK_BYTES`]; returns what went wrong, if anything.
fn exercise(text: &str, both_kinds: bool) -> Result<(), String> {
    let (tx, rx) = mpsc::channel();
    let owned = text.to_owned();
    let spawned = std::thread::Builder::new().stack_size(8 << 20).spawn(move || {
        let mut result = Err("did not run".to_owned());
        let info = allocation_counter::measure(|| result = guarded(&owned, both_kinds));
        let _ = tx.send((result, info.bytes_max));
    });
    if let Err(e) = spawned {
        return Err(format!("could not start a thread: {e}"));
    }
    match rx.recv_timeout(HANG) {
        Ok((result, peak)) if peak > PEAK_BYTES => result.and(Err(format!("allocations peaked at {} MB", peak >> 20))),
        Ok((result, _)) => result,
        Err(mpsc::RecvTimeoutError::Timeout) => Err(format!("did not finish within {HANG:?}")),
        Err(mpsc::RecvTimeoutError::Disconnected) => Err("the thread died".to_owned()),
    }
}

fn guarded(text: &str, both_kinds: bool) -> Result<(), String> {
    let outcome = catch_unwind(AssertUnwindSafe(|| check(text, both_kinds)));
    match outcome {
        Ok(result) => result,
        Err(panic) => {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_default();
            Err(format!("panicked: {message}"))
        }
    }
}

fn check(text: &str, both_kinds: bool) -> Result<(), String> {
    if both_kinds {
        // Read as the other kind too: only the messages matter there.
        let other = match DocumentKind::detect(text) {
            DocumentKind::Workflow => DocumentKind::Action,
            DocumentKind::Action => DocumentKind::Workflow,
        };
        if let Err(e) = Document::parse(text, Some(other)) {
            parse_error(text, e.into_diagnostics())?;
        }
    }
    let doc = match Document::parse(text, None) {
        Ok(doc) => doc,
        Err(e) => return parse_error(text, e.into_diagnostics()),
    };
    messages(text, doc.validate())?;
    let yaml = doc.to_yaml();
    let again = Document::parse(&yaml, Some(doc.kind()))
        .map_err(|e| format!("the canonical output does not parse:\n{e}\n--- output:\n{yaml}"))?;
    if again.to_yaml() != yaml {
        return Err(format!("the canonical output writes different bytes again:\n{yaml}"));
    }
    let output: serde_yaml::Value =
        serde_yaml::from_str(&yaml).map_err(|e| format!("yaml_serde cannot read the canonical output: {e}\n{yaml}"))?;
    if let Ok(input) = serde_yaml::from_str::<serde_yaml::Value>(text.trim_start_matches('\u{feff}'))
        && input != output
    {
        return Err(format!("the canonical output holds different data:\n{yaml}"));
    }
    Ok(())
}

/// A parse error has at least one message.
fn parse_error(text: &str, diagnostics: Vec<ci_model::Diagnostic>) -> Result<(), String> {
    if diagnostics.is_empty() {
        return Err("a parse error without a message".to_owned());
    }
    messages(text, diagnostics)
}

/// Every message can be located in the text and printed.
fn messages(text: &str, mut diagnostics: Vec<ci_model::Diagnostic>) -> Result<(), String> {
    locate(text, &mut diagnostics);
    match diagnostics.iter().find(|d| d.location.is_none()) {
        Some(d) => Err(format!("a message without line and column: {d}")),
        None => Ok(()),
    }
}

fn report(failures: &[(String, String)]) -> String {
    failures.iter().take(5).map(|(text, why)| format!("--- input {text:?}\n{why}")).collect::<Vec<_>>().join("\n")
}

#[test]
fn mutated_corpus_files_never_panic() {
    let Some(dir) = shared("corpus") else { return };
    let mut files: Vec<_> =
        fs::read_dir(&dir).map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect()).unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "yml" || e == "yaml"));
    files.sort();
    assert!(!files.is_empty(), "no corpus files in {}", dir.display());
    let mut failures = Vec::new();
    let mut cases = 0;
    for (n, path) in files.iter().enumerate() {
        let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let mut rng = Rng(0x5eed_0000 + n as u64);
        for _ in 0..MUTATIONS {
            let mut mutated = text.clone();
            for _ in 0..1 + rng.below(3) {
                mutated = mutate(&mutated, &mut rng);
            }
            cases += 1;
            if let Err(why) = exercise(&mutated, false) {
                failures.push((mutated, format!("{}: {why}", path.display())));
            }
        }
    }
    assert!(failures.is_empty(), "{} of {cases} mutated files failed:\n{}", failures.len(), report(&failures));
}

#[test]
fn random_and_pathological_documents_never_panic() {
    let mut rng = Rng(0xc1_0de1);
    let mut texts = pathological();
    texts.extend((0..RANDOM_DOCUMENTS).map(|_| random_document(&mut rng)));
    let failures: Vec<(String, String)> =
        texts.iter().filter_map(|t| exercise(t, true).err().map(|why| (t.clone(), why))).collect();
    assert!(failures.is_empty(), "{} of {} documents failed:\n{}", failures.len(), texts.len(), report(&failures));
}
