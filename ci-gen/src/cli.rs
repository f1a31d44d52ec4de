//! The command line, shared by `ci-gen` and any repository's own generator.
//!
//! ```text
//! <generator> [--check] [--force] [--list] [--root DIR] [--color auto|always|never]
//! <generator> fmt [--write] [--kind workflow|action] FILE...
//! <generator> schema [workflow|action]
//! <generator> affected [--event EVENT] [--branch B | --tag T] [--base B] [--changed FILE...] [--json] ...
//! <generator> graph [WORKFLOW] [--format mermaid|dot]
//! ci-gen bindings [--check]   (this workspace: ci-model/src/actions/)
//! ci-gen import FILE | --crate DIR FILE... | --write DIR   (existing YAML to Rust)
//! ```
//!
//! Exit status: 0 when all is well, 1 when `--check` finds drift or a model or
//! file does not validate, 2 on a usage or I/O error.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use ci_model::DocumentKind;

use crate::diff;
use crate::files::Files;
use crate::sync::{self, Status};

const USAGE: &str = "\
usage:
  {bin} [--check] [--force] [--list] [--root DIR] [--color WHEN]
      write the generated files (only those whose bytes changed)
      --check   write nothing; show a diff for every file that differs, and name
                missing and stale files; exit 1 if anything differs
      --force   overwrite files that exist but were not generated
      --list    print the files this generator writes
      --root    the repository root (default: {root})
      --color   auto, always or never (default auto: on a terminal, unless NO_COLOR)
  {bin} fmt [--write] [--kind workflow|action] FILE...
      print each file in canonical form (--write: rewrite it in place when it changes)
  {bin} schema [workflow|action]
      print the JSON Schema of the model
  {bin} affected [--event EVENT] [--branch B | --tag T] [--base B] [--types ACTIVITY]
               [--changed FILE... | --changed-from-git BASE..HEAD] [--default-branch B]
               [--draft true|false] [--set PATH=VALUE] [--root DIR] [--json]
      which workflows and jobs an event would run, and the filter or `if:` that
      skips the others (GitHub's trigger rules, simulated on the models)
      --event   push (default), pull_request, pull_request_target, schedule,
                workflow_dispatch, or any other event name
      --branch  the pushed branch, or a pull request's head branch; --tag a pushed tag
                (a push or manual run without either uses the default branch)
      --base    a pull request's base branch (default: the default branch)
      --types   the activity type (pull_request default: opened)
      --changed the changed files; --changed-from-git runs `git diff --name-only`
                in the root (without either, path filters give `may run`)
      --default-branch  the repository's default branch (default: main)
      --draft   whether the pull request is a draft; --set gives any other
                expression value (e.g. github.repository=octo/repo)
      --json    print {workflows: [{file, name, runs, reason, jobs: [{id, runs, reason}]}]}
                as JSON, with runs true, false, or null for `may run`
  {bin} graph [WORKFLOW] [--format mermaid|dot]
      print the job dependency graph of one workflow (file name, with or without
      .yml) or of all of them, as a Mermaid flowchart (default) or Graphviz DOT
  {bin} bindings [--check] [--force]
      (ci-gen's workspace only; needs `--features codegen`) write the typed action
      bindings in ci-model/src/actions/ from ../shared/actions
  {bin} import FILE | --crate DIR FILE... | --write DIR [--out OUT]
      (needs `--features codegen`) existing workflow or action YAML as Rust source
      using the ci-model builders: print one module, write a runnable crate that
      prints the regenerated YAML, or import a whole .github/ folder (`import --help`)
";

/// Runs the command line with `files` as what to generate, `root` as the
/// default repository root, and `args` without the program name. Prints to
/// stdout/stderr and returns the exit status.
///
/// ```no_run
/// use ci_gen::{Files, cli};
///
/// fn main() -> std::process::ExitCode {
///     let files = Files::new("cargo run -p my-ci"); // .workflow("ci.yml", ...)
///     let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
///     cli::run(files, &root, std::env::args().skip(1).collect())
/// }
/// ```
pub fn run(files: Files, root: &Path, args: Vec<String>) -> ExitCode {
    let mut out = std::io::stdout().lock();
    let mut err = std::io::stderr().lock();
    let code = run_with(files, root, &args, &mut out, &mut err);
    let _ = out.flush();
    ExitCode::from(code)
}

/// [`run`] writing to the given streams and returning the status as a number
/// (for tests).
pub fn run_with(files: Files, root: &Path, args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let bin = files.command().to_owned();
    // `cargo run -p x` needs `--` before the generator's own arguments.
    let invoke = if bin.starts_with("cargo run") { format!("{bin} --") } else { bin.clone() };
    let usage = || USAGE.replace("{bin}", &invoke).replace("{root}", &root.display().to_string());
    match args.first().map(String::as_str) {
        Some("fmt") => return fmt(&args[1..], out, err),
        Some("schema") => return schema(&args[1..], out, err),
        Some("affected") => return crate::affected::command(&files, root, &args[1..], out, err),
        Some("graph") => return crate::graph::command(&files, &args[1..], out, err),
        Some("bindings") => return crate::bindings::run(root, &args[1..], out, err),
        Some("import") => return crate::import::run(&args[1..], out, err),
        Some("help" | "-h" | "--help") => {
            let _ = write!(out, "{}", usage());
            return 0;
        }
        _ => {}
    }
    let mut check = false;
    let mut force = false;
    let mut list = false;
    let mut root = root.to_path_buf();
    let mut color = color_by_default();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--check" => check = true,
            "--force" => force = true,
            "--list" => list = true,
            "--root" => match it.next() {
                Some(d) => root = PathBuf::from(d),
                None => return usage_error(err, "--root needs a directory", &usage()),
            },
            "--color" => match color_choice(it.next(), color) {
                Some(c) => color = c,
                None => return usage_error(err, COLOR_VALUES, &usage()),
            },
            other => return usage_error(err, &format!("unknown argument `{other}`"), &usage()),
        }
    }
    if check && force {
        return usage_error(err, "--check writes nothing, so --force has no meaning with it", &usage());
    }
    if list {
        for spec in files.specs() {
            let _ = writeln!(out, "{}", spec.path);
        }
        let _ = writeln!(out, "{}", crate::files::MANIFEST);
        return 0;
    }
    let (rendered, warnings) = files.render_with_warnings();
    for (path, finding) in warnings {
        let _ = writeln!(err, "{path}: {finding}");
    }
    let rendered = match rendered {
        Ok(r) => r,
        Err(errors) => {
            for e in errors {
                let _ = writeln!(err, "error: {e}");
            }
            let _ = writeln!(err, "nothing was written");
            return 1;
        }
    };
    let plan = match sync::plan(&root, &rendered) {
        Ok(p) => p,
        Err(e) => {
            let _ = writeln!(err, "error: {e}\nnothing was written");
            return 2;
        }
    };
    if check {
        return report_check(&plan, color, &bin, out);
    }
    report_apply(sync::apply(&root, &plan, force), true, out, err)
}

/// Prints what a write did (each file, then a summary; with `list_unchanged`
/// also the files left alone) and returns the exit status. After a failure it
/// says "nothing was written" only when that is true; otherwise the error
/// lists exactly which files were written and removed, and which were not.
pub(crate) fn report_apply(
    result: Result<sync::Report, sync::ApplyError>,
    list_unchanged: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    match result {
        Ok(report) => {
            for p in &report.written {
                let _ = writeln!(out, "wrote     {p}");
            }
            for p in &report.removed {
                let _ = writeln!(out, "removed   {p} (stale: no longer generated)");
            }
            for p in &report.kept {
                let _ = writeln!(out, "kept      {p}: {}", sync::kept_note(p));
            }
            for p in &report.skipped {
                let _ = writeln!(out, "skipped   {p}: {}", sync::SKIPPED_NOTE);
            }
            if list_unchanged {
                for p in &report.unchanged {
                    let _ = writeln!(out, "unchanged {p}");
                }
            }
            let kept = if report.kept.is_empty() { String::new() } else { format!(", {} kept", report.kept.len()) };
            let _ = writeln!(
                out,
                "{} files: {} written, {} unchanged, {} removed{kept}",
                report.written.len() + report.unchanged.len(),
                report.written.len(),
                report.unchanged.len(),
                report.removed.len()
            );
            0
        }
        Err(e) => {
            let _ = writeln!(err, "error: {e}");
            if e.nothing_changed() {
                let _ = writeln!(err, "nothing was written");
            }
            2
        }
    }
}

/// Whether diffs are coloured when `--color` is not given: on a terminal,
/// unless `NO_COLOR` is set.
pub(crate) fn color_by_default() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

/// The setting `--color WHEN` asks for (`auto` keeps `current`), or `None`
/// when `WHEN` is missing or not one of the three.
pub(crate) fn color_choice(when: Option<&String>, current: bool) -> Option<bool> {
    match when.map(String::as_str) {
        Some("always") => Some(true),
        Some("never") => Some(false),
        Some("auto") => Some(current),
        _ => None,
    }
}

/// The error for a bad `--color` value.
pub(crate) const COLOR_VALUES: &str = "--color takes auto, always or never";

/// Prints `msg` and the usage to `err`; the exit status of a usage error.
pub(crate) fn usage_error(err: &mut dyn Write, msg: &str, usage: &str) -> u8 {
    let _ = writeln!(err, "error: {msg}\n\n{usage}");
    2
}

pub(crate) fn report_check(plan: &[sync::Entry], color: bool, bin: &str, out: &mut dyn Write) -> u8 {
    let mut differ = 0;
    for e in plan {
        match &e.status {
            Status::Unchanged => {}
            Status::Changed { old } => {
                differ += 1;
                let _ = write!(out, "{}", diff::unified(&e.path, old, e.new.as_deref().unwrap_or(""), color));
            }
            Status::NotGenerated { old } => {
                differ += 1;
                let _ =
                    writeln!(out, "not generated: {} exists but has no generated header; it would be replaced", e.path);
                let _ = write!(out, "{}", diff::unified(&e.path, old, e.new.as_deref().unwrap_or(""), color));
            }
            Status::Missing => {
                differ += 1;
                let _ = writeln!(out, "missing: {}", e.path);
            }
            Status::Stale => {
                differ += 1;
                let proof = if crate::files::is_yaml(&e.path) {
                    "carries the generated header"
                } else {
                    "is still what ci-gen wrote"
                };
                let _ = writeln!(out, "stale: {} {proof} but nothing generates it now", e.path);
            }
            // A write would leave these alone: shown, not counted.
            Status::StaleNotGenerated => {
                let _ = writeln!(out, "kept: {}: {}", e.path, sync::kept_note(&e.path));
            }
            Status::SkippedLink => {
                let _ = writeln!(out, "skipped: {}: {}", e.path, sync::SKIPPED_NOTE);
            }
        }
    }
    let files = plan.iter().filter(|e| !matches!(e.status, Status::StaleNotGenerated | Status::SkippedLink)).count();
    if differ == 0 {
        let _ = writeln!(out, "{files} files up to date");
        0
    } else {
        let _ = writeln!(out, "{differ} of {files} files differ; run `{bin}` to update them");
        1
    }
}

fn fmt(args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let mut write = false;
    let mut kind = None;
    let mut paths = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--write" => write = true,
            "--kind" => match it.next().map(String::as_str) {
                Some("workflow") => kind = Some(DocumentKind::Workflow),
                Some("action") => kind = Some(DocumentKind::Action),
                _ => {
                    return usage_error(
                        err,
                        "--kind takes workflow or action",
                        "usage: fmt [--write] [--kind workflow|action] FILE...",
                    );
                }
            },
            s if s.starts_with("--") => {
                return usage_error(
                    err,
                    &format!("unknown argument `{s}`"),
                    "usage: fmt [--write] [--kind workflow|action] FILE...",
                );
            }
            _ => paths.push(a.clone()),
        }
    }
    if paths.is_empty() {
        return usage_error(
            err,
            "fmt needs at least one file",
            "usage: fmt [--write] [--kind workflow|action] FILE...",
        );
    }
    let mut status = 0;
    for p in &paths {
        let text = match std::fs::read_to_string(p) {
            Ok(t) => t,
            Err(e) => {
                let _ = writeln!(err, "error: {p}: {e}");
                status = 2;
                continue;
            }
        };
        match crate::fmt::format(&text, kind) {
            Err(e) => {
                for d in e.diagnostics() {
                    let _ = writeln!(err, "error: {p}:{d}");
                }
                status = status.max(1);
            }
            Ok(f) => {
                for w in &f.warnings {
                    let _ = writeln!(err, "warning: {p}:{w}");
                }
                if f.dropped_comments > 0 {
                    let _ = writeln!(
                        err,
                        "note: {p}: {} comment lines dropped (fmt keeps the header, comments above jobs and steps, and after `uses:` and `cron:`)",
                        f.dropped_comments
                    );
                }
                if write {
                    if f.text != text {
                        if let Err(e) = sync::write_atomic(Path::new(p), &f.text) {
                            let _ = writeln!(err, "error: {p}: {e}");
                            status = 2;
                        } else {
                            let _ = writeln!(out, "formatted {p}");
                        }
                    }
                } else {
                    let _ = write!(out, "{}", f.text);
                }
            }
        }
    }
    status
}

fn schema(args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    match args.first().map(String::as_str) {
        None | Some("workflow") => {
            let _ = write!(out, "{}", ci_model::workflow_schema());
            0
        }
        Some("action") => {
            let _ = write!(out, "{}", ci_model::action_schema());
            0
        }
        Some(other) => usage_error(err, &format!("unknown schema `{other}`"), "usage: schema [workflow|action]"),
    }
}
