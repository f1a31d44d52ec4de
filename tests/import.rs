//! `ci-gen import`: every corpus file (and every shared `action.yml`, fixture,
//! catalog file and generated platform file that parses, and a file of odd
//! constructs) imported into ONE Cargo project, built once, run, and each
//! regenerated file compared with the original: byte for byte with what
//! ci-model's emitter writes for the parsed file, and as data (YAML 1.2) with
//! the original. The seven generated workflows and the composite action come
//! back byte-identical, header included. The same build also compiles a
//! `--write` import of this repository's `.github/` as a module and renders it
//! through `ci_gen::Files`. Then `cargo clippy -D warnings` runs on the project.
//!
//! The project builds with `CARGO_TARGET_DIR=target/import-corpus`, so its
//! dependencies stay compiled between runs.

// Helpers that set up and check the test fail it by panicking, like the tests.
#![allow(clippy::panic, clippy::expect_used)]

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use ci_model::Document;
use ci_tests::{cargo, shared, workspace_root};

/// Every construct the corpus lacks: each `OneOrMany`, `NullOr` and `LitOrExpr`
/// form, unknown keys at every level, every step body, numbers YAML writes
/// oddly, strings a raw literal cannot hold, comments everywhere, typed
/// bindings with values they do and do not take.
const ODD_WORKFLOW: &str = r###"# A header
# over two lines

name: 123
run-name: ${{ github.actor }} runs
description: odd
cache-mode: read
x-unknown-top: {a: [1, 2.5, null, true, 'x']}
on:
  push:
    branches: main
    tags-ignore: [v0*]
    paths: []
    x-push: 1
  pull_request:
    types: opened
    branches-ignore: [wip/**]
    tags: [t]
    paths-ignore: ['docs/**']
  pull_request_target:
    types: []
  merge_group:
    types: [checks_requested]
    branches: [main]
  schedule:
    - cron: '0 0 * * *' # nightly
      timezone: Europe/Paris
    - cron: '5 4 * * 0'
      x-cron: yes
  workflow_dispatch:
    inputs:
      a: {description: untyped}
      b: {type: choice}
      c: {type: choice, options: []}
      d: {type: weird, default: 3}
      e: {type: environment, required: false, deprecationMessage: old}
      f: {type: number, default: 1.5, x-in: 1}
    x-dispatch: true
  workflow_call:
    inputs:
      n: {type: number, required: true, default: 3, description: count}
      o: {type: other}
    secrets:
      plain:
      described: {description: d, required: true}
    outputs:
      out: {description: o, value: '${{ jobs.a.outputs.x }}'}
  workflow_run:
    workflows: build
    types: [completed]
    branches-ignore: [x]
  repository_dispatch:
    types: deploy
  image_version:
    names: [img]
    versions: ['1.0']
    types: [ready]
  release:
    types: [published]
    x-rel: 1
  watch:
  issues: {}
  my_custom_event: {x: 1}
permissions:
  contents: read
  made-up: weird
env: ${{ fromJSON(vars.ENV) }}
defaults:
  run:
    working-directory: src
  x-def: 1
concurrency: ${{ github.ref }}
jobs:
  # job comment
  # ci-model: allow(template-injection): trusted input
  a:
    name: 0.5
    needs: b
    runs-on: {group: big, labels: [x64, 'gpu'], x-run: 1}
    snapshot: {image-name: snap, if: always(), version: '2'}
    environment: {name: prod, url: 'https://x', deployment: false, x-env: 1}
    permissions: write-all
    concurrency: {group: g, queue: max, x-c: 1}
    cache-mode: none
    timeout-minutes: 1.5
    cancel-timeout-minutes: ${{ inputs.n }}
    continue-on-error: true
    strategy: ${{ fromJSON(needs.b.outputs.strategy) }}
    container: {image: node:20, credentials: {username: u}, env: {A: 1, B: -2, C: -0.5}, ports: [80, '443', -1], volumes: [v], options: --x, entrypoint: sh, command: run}
    services: ${{ fromJSON(vars.SERVICES) }}
    outputs: {}
    env: {}
    defaults: {run: {shell: bash, working-directory: w}}
    steps: []
    x-job: {deep: [{a: 1}]}
  b:
    needs: []
    runs-on: [self-hosted, linux]
    outputs:
      strategy: ${{ steps.s.outputs.json }}
    strategy:
      matrix:
        os: ${{ fromJSON(vars.OSES) }}
        v: [1, 'two', 3.0, null, {k: v}, [1]]
        include: ${{ fromJSON(vars.INCLUDE) }}
        exclude: [{}]
      fail-fast: ${{ inputs.ff }}
      max-parallel: ${{ inputs.mp }}
      x-strat: 1
    services:
      db: postgres:16
      cache: {image: redis, ports: [6379]}
      empty: {}
    env:
      BIG: 18446744073709551615
      NEG: -9223372036854775808
      NEGSMALL: -3
      FLOAT: 1.0e-7
      INF: .inf
      NINF: -.inf
      NAN: .nan
      NULLVAL: null
      ZERO: -0.0
      QUOTES: 'say "#hi" and \ backslash'
      TABS: "a\tb"
      CR: "a\rb"
      UNI: "é ✓ \u202e"
    steps:
      # a parallel group
      - parallel:
          # inner
          - run: a
            background: true
            id: bg
          - wait: bg
          - wait: [bg, bg2]
          - wait-all:
          - wait-all: false
          - cancel: bg
      - uses: actions/checkout@v4 # v4
        with: ${{ fromJSON(vars.WITH) }}
      - uses: actions/checkout@v4
        with: {}
      - uses: docker://alpine:3
        env: ${{ fromJSON(vars.STEP_ENV) }}
        continue-on-error: ${{ inputs.coe }}
        timeout-minutes: ${{ inputs.t }}
        if: ${{ !cancelled() }}
      - id: s
        if: steps.bg.outcome == 'success'
        run: |
          echo "json={}" >> "$GITHUB_OUTPUT"
          echo '"#' "##"
        shell: bash
        working-directory: ${{ matrix.dir }}
        x-step: 1
      - name: ${{ matrix.v }}
        if: needs.a.result
        run: 1
      - run: echo
        env: {}
  c:
    # call comment
    # ci-model: allow(unpinned-uses): internal
    name: Call
    needs: [a, b]
    if: always()
    permissions: {contents: read}
    concurrency: c
    strategy: {matrix: {x: [1]}}
    cache-mode: write
    uses: org/repo/.github/workflows/x.yml@main # main
    with: {}
    secrets: {TOKEN: '${{ secrets.TOKEN }}', N: 1}
    x-call: 1
  d:
    uses: ./.github/workflows/y.yml
    needs: a
    with: {k: v}
  e:
    runs-on: ${{ matrix.os }}
    steps:
      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1
        with:
          fetch-depth: '0'
      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1
        with:
          fetch-depth: ${{ inputs.depth }}
          lfs: ${{inputs.lfs}}
          ref: ${{ github.ref }}
          submodules: true
      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1
        with:
          fetch-depth: 0
          clean: false
          path: 12
          token: null
# the end
# of the file
"###;

/// A Docker action with every key.
const ODD_DOCKER_ACTION: &str = r###"name: Docker thing
author: me
description: d
branding: {icon: x, color: blue, x-b: 1}
inputs:
  a: {required: 'true', default: 1}
  b: {description: b, deprecationMessage: gone, x-i: 1}
  c: {}
outputs:
  o: {description: o}
  p: {}
runs:
  using: docker
  image: Dockerfile
  entrypoint: /e.sh
  args: [a, '${{ inputs.a }}', 3]
  env: {A: b}
  pre-entrypoint: /pre.sh
  pre-if: always()
  post-entrypoint: /post.sh
  post-if: failure()
  x-runs: 1
x-top: 1
"###;

/// A JavaScript action with every key.
const ODD_NODE_ACTION: &str = r###"# node action
name: Node thing
inputs: {}
runs:
  using: node24
  main: index.js
  pre: pre.js
  pre-if: runner.os == 'Linux'
  post: post.js
  post-if: always()
"###;

/// A composite action without a name (no builder makes it).
const ODD_COMPOSITE_ACTION: &str = r###"description: no name
runs:
  using: composite
  steps:
    - run: echo
      shell: bash
  x-comp: 1
"###;

/// An action that runs a plugin of the runner (actions/checkout@v1).
const ODD_PLUGIN_ACTION: &str =
    "name: 'Checkout'\ndescription: 'Checkout a Git repository.'\nruns:\n  plugin: 'checkout'\n";

/// Only typed steps (so the module uses no `Step`).
const ODD_TYPED_ONLY: &str = "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      \
    - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1\n";

/// The files above, written where the import reads them.
fn odd_files(dir: &Path) -> Vec<PathBuf> {
    let files = [
        ("odd-constructs.yml", ODD_WORKFLOW),
        ("odd-docker-action.yml", ODD_DOCKER_ACTION),
        ("odd-node-action.yml", ODD_NODE_ACTION),
        ("odd-composite-action.yml", ODD_COMPOSITE_ACTION),
        ("odd-plugin-action.yml", ODD_PLUGIN_ACTION),
        ("odd-typed-only.yml", ODD_TYPED_ONLY),
    ];
    fs::create_dir_all(dir).expect("scratch folder");
    files
        .iter()
        .map(|(name, text)| {
            let p = dir.join(name);
            fs::write(&p, text).expect("write a file to import");
            p
        })
        .collect()
}

/// One file to import: its label (the `# file:` line) and path.
struct Input {
    label: String,
    path: PathBuf,
    /// From `../shared/corpus`: must import, and load to the same data.
    corpus: bool,
    /// Must load to the same data as the original (the corpus, and the
    /// files above).
    same_data: bool,
    /// Generated by ci-gen: must come back byte for byte.
    generated: bool,
}

fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> =
        fs::read_dir(dir).map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect()).unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "yml" || e == "yaml"));
    files.sort();
    files
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// What `--crate` names a file: its file name, or the path given for an `action.yml`.
fn label(arg: &str) -> String {
    let name = Path::new(arg).file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    if name == "action.yml" || name == "action.yaml" { arg.to_owned() } else { name }
}

fn inputs(corpus: Option<&Path>, actions: Option<&Path>, scratch: &Path) -> Vec<Input> {
    let root = workspace_root();
    let mut out = Vec::new();
    let mut add = |path: PathBuf, corpus: bool, same_data: bool, generated: bool| {
        let arg = path.to_string_lossy().into_owned();
        out.push(Input { label: label(&arg), path, corpus, same_data, generated });
    };
    if let Some(dir) = corpus {
        for p in yaml_files(dir) {
            add(p, true, true, false);
        }
    }
    // The action metadata the bindings come from: real composite, Docker
    // and JavaScript actions.
    if let Some(dir) = actions {
        let mut files: Vec<PathBuf> = fs::read_dir(dir)
            .map(|rd| rd.filter_map(Result::ok).map(|e| e.path().join("action.yml")).collect())
            .unwrap_or_default();
        files.retain(|p| p.is_file());
        files.sort();
        for p in files {
            add(p, false, true, false);
        }
    }
    for p in odd_files(&scratch.join("odd")) {
        add(p, false, true, false);
    }
    for p in yaml_files(&root.join(".github/workflows")) {
        add(p, false, true, true);
    }
    add(root.join(".github/actions/wait-for-services/action.yml"), false, true, true);
    // Fixtures and the error catalog: odd shapes (unknown keys, empty
    // matrices, anchors, quoting traps). Those the parser rejects stay out.
    let mut odd = yaml_files(&root.join("tests/fixtures"));
    odd.extend(yaml_files(&root.join("tests/catalog/good")));
    odd.extend(yaml_files(&root.join("tests/catalog/bad")));
    for p in odd {
        if Document::parse(&read(&p), None).is_ok() {
            add(p, false, false, false);
        }
    }
    out
}

fn run_cli(args: &[String]) -> (u8, String, String) {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = ci_gen::cli::run_with(ci_tests::platform::files(), &workspace_root(), args, &mut out, &mut err);
    (code, String::from_utf8_lossy(&out).into_owned(), String::from_utf8_lossy(&err).into_owned())
}

/// Splits the output at the `# file: <label>` lines, in the order given.
fn split<'a>(output: &'a str, labels: &[&str]) -> Result<Vec<&'a str>, String> {
    let mut parts = Vec::new();
    let mut rest = output;
    for (i, l) in labels.iter().enumerate() {
        let marker = format!("# file: {l}\n");
        rest = rest.strip_prefix(&marker).ok_or_else(|| format!("expected `# file: {l}` next"))?;
        let end = match labels.get(i + 1) {
            Some(next) => rest.find(&format!("\n# file: {next}\n")).map(|e| e + 1),
            None => rest.find("\n# files rendered by ci_gen::Files\n").map(|e| e + 1),
        }
        .ok_or_else(|| format!("no end after `# file: {l}`"))?;
        parts.push(&rest[..end]);
        rest = &rest[end..];
    }
    Ok(parts)
}

/// The project's `main.rs`, extended to render the `--write` import of
/// `.github/` (module `github`) through `ci_gen::Files`.
fn add_tree(main: &str) -> String {
    let main = main.replacen("\nmod ", "\nmod github;\nmod ", 1);
    let end = main.rfind('}').unwrap_or(main.len());
    format!(
        "{}    println!(\"# files rendered by ci_gen::Files\");\n    \
         match github::files().render() {{\n        \
         Ok(files) => for f in files {{ println!(\"# path: {{}}\", f.path); print!(\"{{}}\", f.bytes); }},\n        \
         Err(e) => for e in e {{ println!(\"# error: {{e}}\"); }},\n    }}\n}}\n",
        &main[..end]
    )
}

#[test]
fn every_file_imports_compiles_and_regenerates_what_the_parser_reads() {
    let corpus = shared("corpus");
    let scratch = std::env::temp_dir().join(format!("ci-gen-import-{}", std::process::id()));
    let _ = fs::remove_dir_all(&scratch);
    let inputs = inputs(corpus.as_deref(), shared("actions").as_deref(), &scratch);
    if corpus.is_some() {
        assert!(inputs.iter().filter(|i| i.corpus).count() >= 42, "expected the 42 corpus files");
    }
    let labels: Vec<&str> = inputs.iter().map(|i| i.label.as_str()).collect();
    let mut unique = labels.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), labels.len(), "two inputs share a label");

    let root = workspace_root();
    let dir = scratch.join("imported");

    // `ci-gen import --crate DIR FILE...`
    let started = Instant::now();
    let mut args = vec!["import".to_owned(), "--crate".to_owned(), dir.to_string_lossy().into_owned()];
    args.extend(inputs.iter().map(|i| i.path.to_string_lossy().into_owned()));
    let (code, out, err) = run_cli(&args);
    assert_eq!(code, 0, "import --crate failed:\n{err}{out}");
    eprintln!("import of {} files took {:.2} s", inputs.len(), started.elapsed().as_secs_f64());
    let toml = read(&dir.join("Cargo.toml"));
    assert!(toml.contains("edition = \"2024\"\npublish = false\n"), "{toml}");
    assert!(toml.contains("\n[workspace]\n"), "{toml}");
    assert!(dir.join("Cargo.lock").is_file(), "the workspace's Cargo.lock is copied");

    // `ci-gen import --write .github --out DIR/src/github`, compiled in the same project.
    let tree = dir.join("src/github");
    let args: Vec<String> = ["import", "--write", &root.to_string_lossy(), "--out", &tree.to_string_lossy()]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    let (code, out, err) = run_cli(&args);
    assert_eq!(code, 0, "import --write failed:\n{err}{out}");
    let ci_gen = root.join("ci-gen");
    let toml = toml.replace("[dependencies]\n", &format!("[dependencies]\nci-gen = {{ path = {:?} }}\n", ci_gen));
    fs::write(dir.join("Cargo.toml"), toml).expect("Cargo.toml");
    let main = add_tree(&read(&dir.join("src/main.rs")));
    fs::write(dir.join("src/main.rs"), main).expect("main.rs");

    // Build once; run.
    let target = root.join("target/import-corpus");
    let build_started = Instant::now();
    cargo(&dir, &target, &["build", "--offline", "--quiet"]);
    let output = cargo(&dir, &target, &["run", "--offline", "--quiet"]);
    let built = build_started.elapsed();

    let parts = split(&output, &labels).unwrap_or_else(|e| panic!("{e}\n--- output ---\n{output}"));
    let mut failures = Vec::new();
    for (input, part) in inputs.iter().zip(&parts) {
        let original = read(&input.path);
        let name = &input.label;
        let expected = match Document::parse(&original, None) {
            Ok(d) => d.to_yaml(),
            Err(e) => {
                failures.push(format!("{name}: does not parse: {e}"));
                continue;
            }
        };
        if *part != expected {
            let line = part.lines().zip(expected.lines()).position(|(a, b)| a != b).unwrap_or(0) + 1;
            failures.push(format!("{name}: differs from the parsed file's YAML at line {line}"));
            continue;
        }
        if input.generated && *part != original {
            failures.push(format!("{name}: not byte-identical to the generated file"));
        }
        let load = |t: &str| serde_yaml::from_str::<serde_yaml::Value>(t.trim_start_matches('\u{feff}'));
        match (load(&original), load(part)) {
            (Ok(a), Ok(b)) if a == b => {}
            (Ok(_), Ok(_)) if !input.same_data => {
                // Formatting this file already changes its data (an invalid
                // catalog file); the import reproduces the formatter exactly.
            }
            (Ok(_), Ok(_)) => failures.push(format!("{name}: loads to different data than the original")),
            (Err(e), _) if !input.same_data => {
                eprintln!("{name}: the original does not load ({e}); compared by bytes only")
            }
            (a, b) => failures.push(format!("{name}: does not load: {:?} / {:?}", a.err(), b.err())),
        }
    }
    let corpus_ok = inputs.iter().zip(&parts).filter(|(i, _)| i.corpus).count()
        - failures
            .iter()
            .filter(|f| inputs.iter().any(|i| i.corpus && f.starts_with(&format!("{}:", i.label))))
            .count();
    eprintln!(
        "{corpus_ok}/{} corpus files import, compile and round-trip; {} files in all; build and run took {:.1} s",
        inputs.iter().filter(|i| i.corpus).count(),
        inputs.len(),
        built.as_secs_f64()
    );
    assert!(failures.is_empty(), "{} of {} files failed:\n{}", failures.len(), inputs.len(), failures.join("\n"));

    // The `--write` import, rendered through `ci_gen::Files`, is the files on
    // disk but for the `Source:` line of their header (the imported modules
    // are not in this repository).
    let rendered = &output[output.find("# files rendered by ci_gen::Files\n").unwrap_or(0)..];
    assert!(!rendered.contains("# error: "), "{rendered}");
    let mut checked = 0;
    for chunk in rendered.split("# path: ").skip(1) {
        let (path, bytes) = chunk.split_once('\n').unwrap_or((chunk, ""));
        if path.ends_with("ci-gen-manifest.txt") {
            continue;
        }
        let on_disk: String =
            read(&root.join(path)).split_inclusive('\n').filter(|l| !l.starts_with("# Source: ")).collect();
        assert_eq!(bytes, on_disk, "{path} rendered from its --write import");
        checked += 1;
    }
    assert_eq!(checked, 9, "the eight workflows and the composite action");

    // The generated code is warning-free under clippy.
    cargo(&dir, &target, &["clippy", "--offline", "--quiet", "--all-targets", "--", "-D", "warnings"]);
    eprintln!("all of it took {:.1} s", started.elapsed().as_secs_f64());
    let _ = fs::remove_dir_all(&scratch);
}

#[test]
fn the_import_table_is_what_bindings_writes() {
    let table = ci_gen::bindings::import_table(&workspace_root()).unwrap_or_else(|e| panic!("{e}"));
    let committed = read(&workspace_root().join(&table.path));
    assert!(committed == table.bytes, "{} is stale: run `{}`", table.path, ci_gen::bindings::COMMAND);
}

#[test]
fn a_platform_workflow_imports_to_idiomatic_code() {
    let path = workspace_root().join(".github/workflows/markdown-link-check.yml");
    let m = ci_gen::import::import(&read(&path), "markdown-link-check.yml").unwrap_or_else(|e| panic!("{e}"));
    let settings = ci_tests::snapshot_settings("import");
    settings.bind(|| insta::assert_snapshot!("markdown_link_check", m.source));
}

#[test]
fn importing_is_deterministic() {
    let path = workspace_root().join(".github/workflows/docker-build.yml");
    let text = read(&path);
    let a = ci_gen::import::import(&text, "docker-build.yml").map(|m| m.source).ok();
    let b = ci_gen::import::import(&text, "docker-build.yml").map(|m| m.source).ok();
    assert!(a.is_some());
    assert_eq!(a, b);
}

#[test]
fn a_file_that_cannot_be_read_as_a_workflow_is_named_with_its_problem() {
    let dir = std::env::temp_dir().join(format!("ci-gen-import-bad-{}", std::process::id()));
    fs::create_dir_all(&dir).expect("temp dir");
    let bad = dir.join("bad.yml");
    fs::write(&bad, "on: push\njobs:\n  a:\n    runs-on: x\n    timeout-minutes: soon\n").expect("write");
    let out_dir = dir.join("crate");
    let args: Vec<String> = ["import", "--crate", &out_dir.to_string_lossy(), &bad.to_string_lossy()]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    let (code, _, err) = run_cli(&args);
    assert_eq!(code, 1);
    assert!(err.contains("bad.yml:5:22: jobs.a.timeout-minutes: expected a number"), "{err}");
    assert!(err.contains("nothing was written"), "{err}");
    assert!(!out_dir.join("Cargo.toml").exists());
    let _ = fs::remove_dir_all(&dir);
}

/// The Rust source with every string literal emptied (`""`) and every
/// comment dropped, so that what a script or a doc comment says is never
/// taken for code.
fn code_only(source: &str) -> String {
    let b = source.as_bytes();
    let mut out = String::with_capacity(source.len());
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        // A raw string: `r"`, `r#"`, `r##"` ...
        if c == b'r' && (i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_')) {
            let hashes = b[i + 1..].iter().take_while(|c| **c == b'#').count();
            if b.get(i + 1 + hashes) == Some(&b'"') {
                let end = format!("\"{}", "#".repeat(hashes));
                let start = i + 2 + hashes;
                let close = source[start..].find(&end).map_or(b.len(), |e| start + e + end.len());
                out.push_str("\"\"");
                i = close;
                continue;
            }
        }
        match c {
            b'"' => {
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                out.push_str("\"\"");
                i += 1;
            }
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            // A character literal (`'['`, `'\''`), not a lifetime.
            b'\'' if b.get(i + 2) == Some(&b'\'') || b.get(i + 1) == Some(&b'\\') => {
                let close = source[i + 1..].find('\'').map_or(b.len(), |e| i + 1 + e);
                let close = if b.get(i + 1) == Some(&b'\\') { close.max(i + 3) } else { close };
                out.push_str("' '");
                i = close + 1;
            }
            _ => {
                let ch = source[i..].chars().next().unwrap_or(' ');
                out.push(ch);
                i += ch.len_utf8();
            }
        }
    }
    out
}

/// What an imported program writes that a builder should: struct literals
/// (`Name {`, named by their type), struct updates (`..`), and the wrappers
/// `NullOr::`, `OneOrMany::`, `Some(` and a `|t|` closure. One entry per
/// occurrence, named by its kind.
fn not_builders(source: &str) -> Vec<String> {
    let code = code_only(source);
    let b = code.as_bytes();
    let is_ident = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let mut found = Vec::new();
    for (i, _) in code.match_indices('{') {
        // The path before the brace: `Name`, `Enum::Variant`.
        let mut end = i;
        while end > 0 && b[end - 1] == b' ' {
            end -= 1;
        }
        let mut start = end;
        while start > 0 && (is_ident(b[start - 1]) || b[start - 1] == b':') {
            start -= 1;
        }
        let path = &code[start..end];
        // `use ci_model::{..}` is a group of imports.
        if path.ends_with("::") || !path.chars().next().is_some_and(|c| c.is_ascii_uppercase()) && !path.contains("::")
        {
            continue;
        }
        // `-> Workflow {`: a function's return type, not a literal.
        if code[..start].trim_end().ends_with("->") || path.is_empty() {
            continue;
        }
        found.push(format!("{path} {{"));
    }
    let mut from = 0;
    while let Some(at) = code[from..].find("..") {
        let at = from + at;
        let base: String = code[at + 2..].chars().take_while(|c| *c != '(' && *c != '\n' && *c != ' ').collect();
        found.push(format!("..{base}"));
        from = at + 2;
    }
    for word in ["NullOr::", "OneOrMany::", "Some(", "|t|"] {
        for (at, _) in code.match_indices(word) {
            if word.as_bytes()[0].is_ascii_alphabetic() && at > 0 && is_ident(b[at - 1]) {
                continue;
            }
            let rest: String = code[at + word.len()..].chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
            found.push(if word.ends_with("::") { format!("{word}{rest}") } else { word.to_owned() });
        }
    }
    found
}

#[test]
fn the_scan_for_what_is_not_a_builder_finds_each_form_and_skips_strings() {
    let source = r####"fn f() -> NormalJob {
    let s = "A { .. } Some(x)"; // Some(y) ..
    let r = r#"NullOr::Value(x) "quoted" B { }"#;
    let c = '[';
    CallJob { name: Some(x), ..Job::call("a") }.triggers(|t| t.push = NullOr::Null).x(OneOrMany::One(1))
}"####;
    let found = not_builders(source);
    assert_eq!(found, ["CallJob {", "..Job::call", "NullOr::Null", "OneOrMany::One", "Some(", "|t|"], "{found:?}");
}

/// Issue #13: the import of every corpus file (and every shared action,
/// generated file, odd construct, fixture and catalog file) is written
/// with builders alone: no struct literal, no struct update, no `NullOr::`, `OneOrMany::`
/// or `Some(..)` wrapper and no `.triggers(|t| ..)` closure. The offenders
/// are listed per file and counted by kind.
#[test]
fn every_real_file_imports_to_builders_only() {
    let Some(corpus) = shared("corpus") else { return };
    // The corpus, the shared actions the bindings come from, and this
    // repository's generated files.
    let mut files = yaml_files(&corpus);
    if let Some(actions) = shared("actions") {
        let mut more: Vec<PathBuf> = fs::read_dir(&actions)
            .map(|rd| rd.filter_map(Result::ok).map(|e| e.path().join("action.yml")).collect())
            .unwrap_or_default();
        more.retain(|p| p.is_file());
        more.sort();
        files.extend(more);
    }
    let root = workspace_root();
    files.extend(yaml_files(&root.join(".github/workflows")));
    files.push(root.join(".github/actions/wait-for-services/action.yml"));
    // The files of every construct the corpus lacks, the fixtures and the
    // catalog files that parse.
    let scratch = std::env::temp_dir().join(format!("ci-gen-import-scan-{}", std::process::id()));
    files.extend(odd_files(&scratch));
    for dir in ["tests/fixtures", "tests/catalog/good", "tests/catalog/bad"] {
        files.extend(yaml_files(&root.join(dir)).into_iter().filter(|p| Document::parse(&read(p), None).is_ok()));
    }
    let mut by_kind: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    let mut report = Vec::new();
    let mut total = 0;
    for path in files {
        let name = label(&path.to_string_lossy());
        let module = ci_gen::import::import(&read(&path), &name).unwrap_or_else(|e| panic!("{name}: {e}"));
        let found = not_builders(&module.source);
        if found.is_empty() {
            continue;
        }
        let mut counts: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
        for f in &found {
            *counts.entry(f).or_default() += 1;
            *by_kind.entry(f.clone()).or_default() += 1;
        }
        total += found.len();
        let list: Vec<String> = counts.iter().map(|(k, n)| format!("{n} x `{k}`")).collect();
        report.push(format!("{name}: {}", list.join(", ")));
    }
    let mut kinds: Vec<(&String, &usize)> = by_kind.iter().collect();
    kinds.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let kinds: Vec<String> = kinds.iter().map(|(k, n)| format!("{n:5}  {k}")).collect();
    let message = format!(
        "{total} places in {} imported files are not builders:\n{}\n\nby kind:\n{}",
        report.len(),
        report.join("\n"),
        kinds.join("\n")
    );
    let _ = fs::remove_dir_all(&scratch);
    assert!(report.is_empty(), "{message}");
}
