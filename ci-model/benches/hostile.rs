//! The worst inputs the parser is meant to survive, each refused (or read)
//! in bounded time: the limits of ARCHITECTURE.md at ten times their value,
//! and the examples of issue #10 that used to hang.
//!
//! `cargo bench -p ci-model --bench hostile`

use ci_model::{Document, locate};

fn main() {
    divan::main();
}

/// Parse, then validate and locate what is wrong: what `ci-gen fmt` and
/// `check` do with a file.
fn read(text: &str) -> usize {
    match Document::parse(text, None) {
        Err(e) => e.diagnostics().len(),
        Ok(doc) => {
            let mut d = doc.validate();
            locate(text, &mut d);
            d.len()
        }
    }
}

fn jobs(n: usize, body: &str) -> String {
    let mut t = String::from("on: push\njobs:\n");
    for i in 0..n {
        t.push_str(&format!("  j{i}:\n{body}"));
    }
    t
}

/// The inputs, by name.
fn input(name: &str) -> String {
    match name {
        "flow_nesting_100000" => "[".repeat(100_000),
        "flow_nesting_1280" => format!("on: push\njobs: {}\n", "[".repeat(1280)),
        "block_nesting_1280" => format!("on: push\njobs:\n{}x\n", "- ".repeat(1280)),
        "type_errors_4000_jobs" => jobs(4000, "    runs-on: x\n    timeout-minutes: soon\n"),
        "unknown_keys_4000_jobs" => jobs(4000, "    runs-on: x\n    step: []\n"),
        "flow_type_errors_4000_jobs" => {
            let mut t = String::from("on: push\njobs:\n");
            t.extend((0..4000).map(|i| format!("  j{i}: {{runs-on: x, timeout-minutes: soon}}\n")));
            t
        }
        "alias_1mb_x1280" => {
            let mut t = format!("on: push\nx: &big '{}'\njobs:\n  a:\n    runs-on: x\n    env:\n", "a".repeat(1 << 20));
            t.extend((0..1280).map(|i| format!("      V{i}: *big\n")));
            t
        }
        "billion_laughs" => {
            let mut t = String::from("on: push\na0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
            t.extend((1..10).map(|i| format!("a{i}: &a{i} [{}]\n", vec![format!("*a{}", i - 1); 10].join(", "))));
            t + "jobs: {}\n"
        }
        "unknown_needs_8000" => {
            let needs: Vec<String> = (0..8000).map(|i| format!("z{i}")).collect();
            let mut t = format!("on: push\njobs:\n  a:\n    runs-on: x\n    needs: [{}]\n", needs.join(", "));
            t.extend((0..8000).map(|i| format!("  j{i}: {{runs-on: x}}\n")));
            t
        }
        "input_40_mib" => format!("on: push\n# {}\njobs: {{}}\n", "x".repeat(40 << 20)),
        // The largest text read: 4 MiB of valid jobs, for scale.
        _ => jobs(8000, "    runs-on: ubuntu-latest\n    timeout-minutes: 5\n    steps:\n      - run: make test && make lint && make docs\n      - uses: actions/checkout@v4\n        with:\n          fetch-depth: 0\n      - run: echo done\n")
            .chars()
            .take(4 << 20)
            .collect::<String>()
            .rsplit_once("\n  j")
            .map(|(head, _)| format!("{head}\n"))
            .unwrap_or_default(),
    }
}

#[divan::bench(args = [
    "flow_nesting_100000",
    "flow_nesting_1280",
    "block_nesting_1280",
    "type_errors_4000_jobs",
    "unknown_keys_4000_jobs",
    "flow_type_errors_4000_jobs",
    "alias_1mb_x1280",
    "billion_laughs",
    "unknown_needs_8000",
    "input_40_mib",
    "valid_4_mib",
], sample_count = 5)]
fn worst_case(bencher: divan::Bencher, name: &str) {
    let text = input(name);
    bencher.bench(|| divan::black_box(read(&text)));
}
