//! The command line as a user meets it: `--help` for every subcommand,
//! `--version`, suggestions for typos, exit statuses and streams, `--root`
//! that must exist, `affected` arguments checked against the model's lists,
//! control characters escaped, `--check`'s advice, and a generator of
//! another repository that is named as itself.

use std::fs;
use std::path::{Path, PathBuf};

use ci_gen::Files;
use ci_gen::cli::{self, Cli};
use ci_model::{Job, NullOr, Permissions, Step, Workflow};
use ci_tests::workspace_root;

/// What one run printed.
#[derive(Debug)]
struct Run {
    code: u8,
    out: String,
    err: String,
}

fn run_cli(cli: Cli, args: &[&str]) -> Run {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let args: Vec<String> = args.iter().map(|s| (*s).to_owned()).collect();
    let code = cli.run_with(&args, &mut out, &mut err);
    Run { code, out: String::from_utf8_lossy(&out).into_owned(), err: String::from_utf8_lossy(&err).into_owned() }
}

/// `ci-gen` itself, as `cargo run -p ci-gen` runs it.
fn ci_gen(args: &[&str]) -> Run {
    run_cli(Cli::new(ci_tests::platform::files(), workspace_root()).version(cli::VERSION).bindings(), args)
}

fn workflow() -> Workflow {
    Workflow::new("CI")
        .triggers(|t| t.workflow_dispatch = Some(NullOr::Null))
        .permissions(Permissions::none())
        .job("test", Job::new("ubuntu-latest").timeout_minutes(10).step(Step::run("make test")))
}

/// Another repository's generator, built on `ci_gen::cli`.
fn my_ci() -> Files {
    Files::new("cargo run -p my-ci").workflow("ci.yml", workflow())
}

fn generator(root: &Path, args: &[&str]) -> Run {
    run_cli(Cli::new(my_ci(), root), args)
}

/// A scratch folder, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    #[allow(clippy::panic)] // test setup
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("ci-gen-cli-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        if let Err(e) = fs::create_dir_all(&dir) {
            panic!("cannot create {}: {e}", dir.display());
        }
        Scratch(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// Each subcommand with the flags and arguments its help must name.
const SUBCOMMANDS: &[(&str, &[&str])] = &[
    ("fmt", &["--write", "--kind <KIND>", "<FILE>...", "workflow, action"]),
    ("schema", &["[KIND]", "workflow, action"]),
    (
        "affected",
        &[
            "--event <EVENT>",
            "--branch <B>",
            "--tag <T>",
            "--base <B>",
            "--types <ACTIVITY>",
            "--changed <FILE>...",
            "--changed-from-git <BASE..HEAD>",
            "--default-branch <B>",
            "--draft <BOOL>",
            "--set <PATH=VALUE>",
            "--root <DIR>",
            "--json",
        ],
    ),
    ("graph", &["[WORKFLOW]", "--format <FORMAT>", "mermaid, dot"]),
    ("bindings", &["--check", "--force", "--color <WHEN>"]),
    (
        "import",
        &[
            "[FILE]...",
            "--crate <DIR>",
            "--ci-model <PATH>",
            "--write <DIR>",
            "--out <OUT>",
            "--command <CMD>",
            "--force",
        ],
    ),
];

#[test]
fn every_subcommand_has_help_on_stdout() {
    for (sub, flags) in SUBCOMMANDS {
        for args in [vec![*sub, "--help"], vec![*sub, "-h"], vec!["help", *sub]] {
            let r = ci_gen(&args);
            assert_eq!((r.code, r.err.as_str()), (0, ""), "{args:?}");
            assert!(r.out.contains(&format!("Usage: cargo run -p ci-gen -- {sub} ")), "{args:?}: {}", r.out);
            for flag in *flags {
                assert!(r.out.contains(flag), "{args:?} does not mention {flag}:\n{}", r.out);
            }
            assert!(r.out.contains("-h, --help"), "{args:?}: {}", r.out);
        }
    }
    for args in [&["--help"][..], &["-h"], &["help"]] {
        let r = ci_gen(args);
        assert_eq!((r.code, r.err.as_str()), (0, ""), "{args:?}");
        for flag in ["--check", "--force", "--list", "--root <DIR>", "--color <WHEN>", "-V, --version"] {
            assert!(r.out.contains(flag), "{args:?} does not mention {flag}:\n{}", r.out);
        }
        // Every subcommand is listed, `bindings` and `import` too.
        for (sub, _) in SUBCOMMANDS {
            assert!(r.out.contains(&format!("\n  {sub} ")), "{args:?} does not list {sub}:\n{}", r.out);
        }
        assert!(r.out.contains("exit status: 0 when all is well, 1 when --check finds drift"), "{}", r.out);
    }
}

#[test]
fn version_names_the_generator() {
    let r = ci_gen(&["--version"]);
    assert_eq!((r.code, r.out.as_str(), r.err.as_str()), (0, format!("ci-gen {}\n", cli::VERSION).as_str(), ""));
    assert_eq!(ci_gen(&["-V"]).out, format!("ci-gen {}\n", cli::VERSION));
    // A generator that gives its own version, and one that does not.
    let root = workspace_root();
    assert_eq!(run_cli(Cli::new(my_ci(), &root).version("3.1.4"), &["--version"]).out, "my-ci 3.1.4\n");
    assert_eq!(generator(&root, &["--version"]).out, format!("my-ci (ci-gen {})\n", cli::VERSION));
    assert_eq!(run_cli(Cli::new(my_ci(), &root).name("our-ci").version("1"), &["-V"]).out, "our-ci 1\n");
    // Subcommands have no version of their own.
    let r = ci_gen(&["fmt", "--version"]);
    assert_eq!(r.code, 2);
    assert!(r.err.contains("unexpected argument '--version' found"), "{}", r.err);
}

#[test]
fn a_mistyped_subcommand_gets_a_suggestion() {
    let r = ci_gen(&["fnt", "x.yml"]);
    assert_eq!((r.code, r.out.as_str()), (2, ""));
    assert!(r.err.starts_with("error: unrecognized subcommand 'fnt'\n"), "{}", r.err);
    assert!(r.err.contains("tip: a similar subcommand exists: 'fmt'"), "{}", r.err);
    assert!(r.err.contains("\n       cargo run -p ci-gen -- <COMMAND>\n"), "{}", r.err);
    let r = ci_gen(&["help", "afected"]);
    assert_eq!(r.code, 2);
    assert!(r.err.contains("tip: a similar value exists: 'affected'"), "{}", r.err);
}

#[test]
fn another_generator_names_itself_and_leaves_out_the_workspace_commands() {
    let other = |args: &[&str]| {
        let files = Files::new("cargo run -p my-ci").workflow("ci.yml", workflow());
        run_cli(Cli::new(files, workspace_root()), args)
    };
    let help = other(&["--help"]);
    assert_eq!(help.code, 0);
    assert!(help.out.contains("Usage: cargo run -p my-ci -- "), "{}", help.out);
    assert!(!help.out.contains("bindings") && !help.out.contains("ci-gen"), "{}", help.out);
    for sub in ["fmt", "schema", "affected", "graph", "import"] {
        let r = other(&[sub, "--help"]);
        assert_eq!(r.code, 0, "{sub}");
        assert!(r.out.contains(&format!("Usage: cargo run -p my-ci -- {sub} ")), "{sub}: {}", r.out);
        assert!(!r.out.contains("-p ci-gen"), "{sub}: {}", r.out);
    }
    let r = other(&["bindings"]);
    assert_eq!(r.code, 2);
    assert!(r.err.contains("unrecognized subcommand 'bindings'"), "{}", r.err);
    let r = other(&["help", "bindings"]);
    assert_eq!(r.code, 2, "{}", r.err);
}

#[test]
fn a_mistyped_flag_gets_a_suggestion() {
    for (args, suggestion) in [
        (&["--chek"][..], "'--check'"),
        (&["fmt", "--wrte", "x.yml"], "'--write'"),
        (&["affected", "--jsno"], "'--json'"),
        (&["affected", "--changd", "a"], "'--changed'"),
        (&["graph", "--fromat", "dot"], "'--format'"),
        (&["bindings", "--forse"], "'--force'"),
        (&["import", "--crat", "x"], "'--crate'"),
    ] {
        let r = ci_gen(args);
        assert_eq!((r.code, r.out.as_str()), (2, ""), "{args:?}");
        assert!(r.err.contains("error: unexpected argument '"), "{args:?}: {}", r.err);
        assert!(r.err.contains(&format!("tip: a similar argument exists: {suggestion}")), "{args:?}: {}", r.err);
    }
    // A value out of its list names the list.
    let r = ci_gen(&["--color", "sometimes"]);
    assert_eq!(r.code, 2);
    assert!(r.err.contains("[possible values: auto, always, never]"), "{}", r.err);
    // The top level's flags do not mix with a subcommand.
    let r = ci_gen(&["--check", "fmt", "x.yml"]);
    assert_eq!(r.code, 2, "{}", r.err);
}

#[test]
fn a_missing_root_is_an_error_and_nothing_is_created() {
    let s = Scratch::new("missing-root");
    let typo = s.0.join("typo").join("dir");
    let typo_arg = typo.to_string_lossy().into_owned();
    for args in [vec!["--root", &typo_arg], vec!["--check", "--root", &typo_arg], vec!["--force", "--root", &typo_arg]]
    {
        let r = generator(&s.0, &args);
        assert_eq!((r.code, r.out.as_str()), (2, ""), "{args:?}");
        assert_eq!(
            r.err,
            format!("error: the root `{typo_arg}` does not exist; give the repository root, an existing directory\n"),
            "{args:?}"
        );
        assert!(!typo.exists() && !s.0.join("typo").exists(), "{args:?} created the root");
    }
    // The default root is checked the same way.
    let r = generator(&typo, &[]);
    assert_eq!(r.code, 2, "{}", r.err);
    assert!(!s.0.join("typo").exists());
    // `affected --root` too.
    let r = ci_gen(&["affected", "--changed-from-git", "HEAD~1..HEAD", "--root", &typo_arg]);
    assert_eq!(r.code, 2);
    assert!(r.err.starts_with(&format!("error: the root `{typo_arg}` does not exist")), "{}", r.err);
}

#[test]
fn a_root_that_is_a_file_is_named() {
    let s = Scratch::new("file-root");
    let file = s.0.join("not-a-dir.txt");
    fs::write(&file, "x").unwrap_or_default();
    let file_arg = file.to_string_lossy().into_owned();
    let r = generator(&s.0, &["--root", &file_arg]);
    assert_eq!(r.code, 2);
    assert_eq!(r.err, format!("error: the root `{file_arg}` is not a directory; give the repository root\n"));
    assert_eq!(fs::read_to_string(&file).unwrap_or_default(), "x");
    // Control characters in the root are escaped when it is named.
    let odd = s.0.join("a\u{1b}[2Jb");
    let r = generator(&s.0, &["--root", &odd.to_string_lossy()]);
    assert_eq!(r.code, 2);
    assert!(r.err.contains("a\\u{1b}[2Jb") && !r.err.contains('\u{1b}'), "{:?}", r.err);
}

#[test]
fn affected_rejects_what_the_model_does_not_know() {
    for (args, expected) in [
        (
            &["affected", "--event", "pushh"][..],
            "error: invalid value 'pushh' for '--event <EVENT>': unknown event `pushh`; did you mean `push`?\n",
        ),
        (
            &["affected", "--event", "pull_request", "--types", "opend"],
            "error: `pull_request` has no activity type `opend`; did you mean `opened`?\n",
        ),
        (&["affected", "--types", "opened"], "error: `push` has no activity types, so --types does not apply to it\n"),
        (
            &["affected", "--set", "=x"],
            "error: invalid value '=x' for '--set <PATH=VALUE>': `=x` is not PATH=VALUE; --set takes e.g. github.repository=octo/repo\n",
        ),
        (
            &["affected", "--set", "githb.repository=octo/x"],
            "error: invalid value 'githb.repository=octo/x' for '--set <PATH=VALUE>': `githb.repository` does not start with a context: `githb` is not one; did you mean `github`?\n",
        ),
    ] {
        let r = ci_gen(args);
        assert_eq!(r.code, 2, "{args:?}");
        assert_eq!(r.out, "", "{args:?}: nothing may be reported as skipped");
        assert!(r.err.starts_with(expected), "{args:?}:\n{}", r.err);
    }
    // Known values still run.
    let r = ci_gen(&["affected", "--event", "pull_request", "--types", "closed", "--set", "github.repository=octo/x"]);
    assert_eq!((r.code, r.err.as_str()), (0, ""));
    assert!(r.out.contains("0 of 8 workflows run, 0 may run, 8 skipped"), "{}", r.out);
}

#[test]
fn control_characters_in_file_names_are_escaped() {
    let name = "docs/a\u{1b}[2J\u{7}b\u{9b}c\u{2028}d.md";
    let r = ci_gen(&["affected", "--changed", name]);
    assert_eq!((r.code, r.err.as_str()), (0, ""));
    assert!(r.out.contains("1 changed file: docs/a\\u{1b}[2J\\u{7}b\\u{9b}c\\u{2028}d.md\n"), "{}", r.out);
    // The reason that quotes the file is escaped too.
    assert!(r.out.contains("`docs/a\\u{1b}[2J\\u{7}b\\u{9b}c\\u{2028}d.md` matches `**.md`"), "{}", r.out);
    assert!(!r.out.contains(['\u{1b}', '\u{7}', '\u{9b}', '\u{2028}']), "{:?}", r.out);
    // `fmt` names the file it cannot read the same way.
    let r = ci_gen(&["fmt", "/nonexistent/x\u{1b}]0;title\u{7}.yml"]);
    assert_eq!(r.code, 2);
    assert!(r.err.starts_with("error: /nonexistent/x\\u{1b}]0;title\\u{7}.yml: "), "{:?}", r.err);
    assert!(!r.err.contains(['\u{1b}', '\u{7}']), "{:?}", r.err);
    // clap's own messages quote what was typed: escaped too.
    for args in [&["--\u{1b}[2J"][..], &["fmt", "--kind", "\u{9b}31m"], &["affected", "--event", "\u{1b}]0;x\u{7}"]] {
        let r = ci_gen(args);
        assert_eq!(r.code, 2, "{args:?}");
        assert!(!r.err.contains(['\u{1b}', '\u{7}', '\u{9b}']), "{:?}", r.err);
        assert!(r.err.contains("\\u{"), "{:?}", r.err);
    }
    let r = ci_gen(&["graph", "x\u{85}y"]);
    assert_eq!(r.code, 2);
    assert!(r.err.starts_with("error: no generated workflow `x\\u{85}y`"), "{:?}", r.err);
}

#[test]
fn check_advises_force_for_hand_written_files_and_never_claims_a_write() {
    let s = Scratch::new("check");
    let path = s.0.join(".github/workflows/ci.yml");
    fs::create_dir_all(s.0.join(".github/workflows")).unwrap_or_default();
    fs::write(&path, "name: mine\non: push\njobs: {}\n").unwrap_or_default();
    let r = generator(&s.0, &["--check", "--color", "never"]);
    assert_eq!(r.code, 1);
    assert!(
        r.out.contains(
            "2 of 2 files differ, 1 of them without the generated header; run `cargo run -p my-ci -- --force` to \
             replace the hand-written files, or move them away\n"
        ),
        "{}",
        r.out
    );
    assert!(r.out.contains("not generated: .github/workflows/ci.yml exists but has no generated header"), "{}", r.out);
    assert!(!format!("{}{}", r.out, r.err).contains("nothing was written"), "{r:?}");
    assert!(!r.out.contains("to update them"), "a write without --force would refuse: {}", r.out);
    // The advice works: a write refuses, a forced write replaces.
    assert_eq!(generator(&s.0, &[]).code, 2);
    assert_eq!(generator(&s.0, &["--force"]).code, 0);
    assert_eq!(generator(&s.0, &["--check"]).code, 0);

    // A model that does not validate: a check compares nothing and says so.
    let bad = Files::new("cargo run -p my-ci").workflow("ci.yml", workflow().job("x", Job::new("y").needs("nope")));
    let r = run_cli(Cli::new(bad.clone(), &s.0), &["--check"]);
    assert_eq!(r.code, 1);
    assert!(r.err.contains("no job `nope`"), "{}", r.err);
    assert!(r.err.contains("the files were not compared") && !r.err.contains("nothing was written"), "{}", r.err);
    let r = run_cli(Cli::new(bad, &s.0), &[]);
    assert!(r.err.contains("nothing was written"), "{}", r.err);
}

#[test]
fn a_generator_on_ci_gen_cli_is_named_as_itself() {
    let s = Scratch::new("generator");
    let mut runs = vec![generator(&s.0, &["--help"]), generator(&s.0, &["fnt"]), generator(&s.0, &["--chek"])];
    for (sub, _) in SUBCOMMANDS {
        runs.push(generator(&s.0, &[sub, "--help"]));
        runs.push(generator(&s.0, &[sub, "--bogus"]));
    }
    runs.push(generator(&s.0, &["affected", "--event", "pull_request", "--types", "opend"]));
    for r in &runs {
        let text = format!("{}{}", r.out, r.err);
        assert!(text.contains("Usage: cargo run -p my-ci -- "), "{text}");
        assert!(!text.contains("cargo run -p ci-gen"), "{text}");
    }
    let top = &runs[0];
    assert!(
        top.out.contains("Usage: cargo run -p my-ci -- [OPTIONS]\n       cargo run -p my-ci -- <COMMAND>\n"),
        "{}",
        top.out
    );
    // A generator run as a plain binary gets no `--`.
    let r = run_cli(Cli::new(Files::new("./gen"), &s.0), &["--help"]);
    assert!(r.out.contains("Usage: ./gen [OPTIONS]\n"), "{}", r.out);
    // The free functions are the same command line.
    let (mut out, mut err) = (Vec::new(), Vec::new());
    assert_eq!(cli::run_with(my_ci(), &s.0, &["graph".to_owned(), "-h".to_owned()], &mut out, &mut err), 0);
    assert!(String::from_utf8_lossy(&out).contains("Usage: cargo run -p my-ci -- graph [OPTIONS] [WORKFLOW]"));
}

/// Issue #10, item 15: `fmt` of a file that is not YAML says so instead of
/// quoting a YAML error, unless `--kind` says what it holds; bytes that are
/// not UTF-8 are named with their line and column.
#[test]
fn fmt_names_files_that_are_not_workflows() {
    let s = Scratch::new("fmt-not-yaml");
    let (toml, readme, latin1) = (s.0.join("Cargo.toml"), s.0.join("README.md"), s.0.join("ci.yml"));
    fs::write(&toml, "[package]\nname = \"x\"\n").unwrap();
    fs::write(&readme, "# Title\n\nSome *text*: here\n").unwrap();
    fs::write(&latin1, b"on: push\njobs:\n  a:\n    runs-on: caf\xe9\n").unwrap();
    for file in [&toml, &readme] {
        let r = ci_gen(&["fmt", file.to_str().unwrap()]);
        assert_eq!(r.code, 1, "{r:?}");
        assert!(r.out.is_empty(), "{r:?}");
        assert!(
            r.err.contains("is not a workflow or an action.yml (those end in .yml or .yaml); give `--kind workflow`"),
            "{r:?}"
        );
        assert!(!r.err.contains("YAML document"), "{r:?}");
    }
    let r = ci_gen(&["fmt", latin1.to_str().unwrap()]);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(
        r.err.ends_with(
            "ci.yml:4:17: the file is not UTF-8 text: byte 36 starts an invalid sequence; save it as UTF-8 [syntax]\n"
        ),
        "{r:?}"
    );
    // Told what it holds, fmt reads it and reports what YAML finds.
    let r = ci_gen(&["fmt", "--kind", "workflow", readme.to_str().unwrap()]);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(r.err.contains("README.md:"), "{r:?}");
}

/// Names found on disk (a link under `.github/workflows`, a file whose name
/// ci-gen never writes, a manifest line) and generated paths reach the
/// terminal escaped: none can clear the screen or forge a line of output.
#[cfg(unix)]
#[test]
fn paths_from_disk_and_from_the_generator_are_printed_escaped() {
    let s = Scratch::new("hostile-names");
    let workflows = s.0.join(".github/workflows");
    fs::create_dir_all(&workflows).unwrap();
    let clean = |what: &str, r: &Run| {
        let text = format!("{}{}", r.out, r.err);
        assert!(!text.contains(|c: char| c != '\n' && (c.is_control() || c == '\u{2028}')), "{what}: {text:?}");
        assert!(!text.lines().any(|l| l.starts_with("forged")), "{what}: {text:?}");
    };

    // A link to nothing, named to clear the screen and forge a line.
    std::os::unix::fs::symlink("/nonexistent", workflows.join("x\u{1b}[2Jevil\nforged line.yml")).unwrap();
    let link = ".github/workflows/x\\u{1b}[2Jevil\\u{a}forged line.yml";
    let r = generator(&s.0, &["--check", "--color", "never"]);
    clean("--check", &r);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(r.out.contains(&format!("skipped: {link}: a symbolic link, not followed")), "{r:?}");
    let r = generator(&s.0, &[]);
    clean("a write", &r);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(r.out.contains(&format!("skipped   {link}: a symbolic link, not followed")), "{r:?}");

    // A file with the header whose name no generated path can have, and a
    // manifest line no generated path can be: reported, never removed.
    let odd = workflows.join("y\u{9b}31m\u{2028}forged.yml");
    let header = "# Generated by ci-gen. Do not edit by hand: regenerate with `cargo run -p my-ci`.\n";
    fs::write(&odd, format!("{header}on: push\n")).unwrap();
    let manifest = s.0.join(".github/ci-gen-manifest.txt");
    let listed = fs::read_to_string(&manifest).unwrap() + "z\u{7}\u{1b}]0;title\u{7}.json\n";
    fs::write(&manifest, listed).unwrap();
    let (file, listed) = (".github/workflows/y\\u{9b}31m\\u{2028}forged.yml", "z\\u{7}\\u{1b}]0;title\\u{7}.json");
    let r = generator(&s.0, &["--check", "--color", "never"]);
    clean("--check", &r);
    assert_eq!(r.code, 1, "the manifest differs: {r:?}");
    assert!(r.out.contains(&format!("ignored: {file}: not in the form ci-gen writes paths in")), "{r:?}");
    assert!(r.out.contains(&format!("ignored: {listed}: not in the form")), "{r:?}");
    assert!(r.out.contains(&format!("\n-{listed}\n")), "the manifest's diff: {r:?}");
    let r = generator(&s.0, &[]);
    clean("a write", &r);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(r.out.contains(&format!("ignored   {file}: ")), "{r:?}");
    assert!(odd.is_file(), "a name ci-gen never writes is not removed");

    // A generator's own paths: listed, refused and named escaped.
    let evil = Files::new("cargo run -p my-ci")
        .workflow("w\u{1b}[2J\nforged.yml", workflow())
        .json("c\u{9b}\u{2028}forged.json", serde_json::json!({}));
    let r = run_cli(Cli::new(evil.clone(), &s.0), &["--list"]);
    clean("--list", &r);
    assert_eq!(
        r.out,
        ".github/workflows/w\\u{1b}[2J\\u{a}forged.yml\nc\\u{9b}\\u{2028}forged.json\n.github/ci-gen-manifest.txt\n"
    );
    let r = run_cli(Cli::new(evil.clone(), &s.0), &["--check"]);
    clean("--check of bad paths", &r);
    assert!(r.err.starts_with("error: .github/workflows/w\\u{1b}[2J\\u{a}forged.yml: generated paths"), "{r:?}");
    let r = run_cli(Cli::new(evil, &s.0), &["graph", "nope"]);
    clean("graph", &r);
    assert!(r.err.contains("the workflows are: w\\u{1b}[2J\\u{a}forged.yml\n"), "{r:?}");
}

/// `fmt` and `import` run the checks across files when the file sits in a
/// `.github/` folder with the actions and workflows it uses.
#[test]
fn fmt_and_import_check_a_file_against_its_neighbours() {
    let ci = workspace_root().join("tests/fixtures/crossfile/.github/workflows/ci.yml");
    let ci = ci.to_string_lossy().into_owned();
    let r = ci_gen(&["fmt", &ci]);
    assert_eq!(r.code, 0, "{}", r.err);
    assert!(
        r.err.contains("jobs.test.steps[1].with.python-versoin: the action `./.github/actions/setup` has no input"),
        "{}",
        r.err
    );
    assert!(
        r.err.contains("the workflow `./.github/workflows/deploy.yml` requires the input `environment`"),
        "{}",
        r.err
    );
    let r = ci_gen(&["import", &ci]);
    assert_eq!(r.code, 0, "{}", r.err);
    assert!(r.err.contains("has no input `python-versoin`; did you mean `python-version`?"), "{}", r.err);
    // Outside a `.github/` folder there is nothing to check against.
    let lone = workspace_root().join("tests/fixtures/kitchen-sink.yml");
    let r = ci_gen(&["fmt", &lone.to_string_lossy()]);
    assert!(!r.err.contains("[inputs]") && !r.err.contains("[uses]"), "{}", r.err);
}
