//! `ci-gen bindings`: typed Rust bindings of third-party actions.
//!
//! Reads every `<owner>__<repo>/action.yml` under `../shared/actions` (with
//! `ci_model::Action::parse`) and its `latest` pin in `pins.tsv`, and writes one
//! module per action plus a `mod.rs` into `ci-model/src/actions/`, so that
//! every repository using ci-model gets the bindings without running this.
//! The source is built as tokens with `quote!`, formatted with syn and
//! prettyplease, and carries a generated header; `bindings --check` reports
//! drift the way `--check` does for workflows.
//!
//! The generator needs the `codegen` feature (syn, quote, prettyplease), which
//! is off by default so that the drift check of every repository stays cheap
//! to compile; without it the command says how to run it and exits 2.

use std::io::Write;
use std::path::{Path, PathBuf};

#[cfg(feature = "codegen")]
mod emit;
#[cfg(feature = "codegen")]
pub(crate) mod spec;

#[cfg(feature = "codegen")]
pub use spec::{BindingError, BindingErrors};

/// The command that regenerates the bindings (named in every header).
pub const COMMAND: &str = "cargo run -p ci-gen --features codegen -- bindings";

/// Where the bindings are written, relative to the workspace root.
pub const OUT_DIR: &str = "ci-model/src/actions";

/// Where the actions are read from, relative to the workspace root, as the
/// headers name it.
pub const SOURCE_DIR: &str = "../shared/actions";

/// What `bindings` does, in the list of commands; says that it needs the
/// `codegen` feature when that is off.
const ABOUT: &str = if cfg!(feature = "codegen") {
    "write the typed action bindings in ci-model/src/actions/ (ci-gen's workspace)"
} else {
    "write the typed action bindings in ci-model/src/actions/ (ci-gen's workspace; needs --features codegen)"
};

/// What `bindings` does, in its help.
const LONG_ABOUT: &str = if cfg!(feature = "codegen") {
    "write the typed action bindings in ci-model/src/actions/ from ../shared/actions (or \
     $CI_MODEL_SHARED/actions); ci-gen's workspace only"
} else {
    "write the typed action bindings in ci-model/src/actions/ from ../shared/actions (or \
     $CI_MODEL_SHARED/actions); ci-gen's workspace only. It needs ci-gen's `codegen` feature (syn, quote and \
     prettyplease, left out of the default build so that the drift check compiles fast), which this build \
     lacks; run: cargo run -p ci-gen --features codegen -- bindings"
};

/// `bindings`' arguments, for the command line and its help.
pub(crate) fn subcommand() -> clap::Command {
    crate::cli::with_help(clap::Command::new("bindings"))
        .about(ABOUT)
        .long_about(LONG_ABOUT)
        .arg(crate::cli::flag("check", "write nothing; diff every file that differs; exit 1 if any does"))
        .arg(crate::cli::flag("force", "overwrite files there that carry no generated header").conflicts_with("check"))
        .arg(crate::cli::color_arg("colour the diffs of --check"))
}

/// The actions folder: `$CI_MODEL_SHARED/actions` when that is set, else
/// `../shared/actions` beside `root`.
pub fn source_dir(root: &Path) -> PathBuf {
    match std::env::var_os("CI_MODEL_SHARED") {
        Some(base) => PathBuf::from(base).join("actions"),
        None => root.join(SOURCE_DIR),
    }
}

/// Whether a Rust file starts with the generated header.
pub fn has_marker(text: &str) -> bool {
    text.lines().take(3).any(|l| l.starts_with("//") && l.contains(crate::files::MARKER))
}

/// Renders every binding and the `mod.rs` from the actions under
/// `actions_dir`; paths are relative to the workspace root, sorted. Every
/// problem is reported at once.
#[cfg(feature = "codegen")]
pub fn generate(actions_dir: &Path) -> Result<Vec<crate::Rendered>, BindingErrors> {
    let bindings = spec::read_all(actions_dir, SOURCE_DIR)?;
    let mut out = Vec::with_capacity(bindings.len() + 1);
    let mut errors = Vec::new();
    let mut push = |module: &str, text: Result<String, BindingError>| match text {
        Ok(bytes) => out.push(crate::Rendered { path: format!("{OUT_DIR}/{module}.rs"), bytes, has_header: true }),
        Err(e) => errors.push(e),
    };
    for b in &bindings {
        push(&b.module, emit::binding_file(b));
    }
    push("mod", emit::mod_file(&bindings));
    if !errors.is_empty() {
        return Err(BindingErrors(errors));
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

/// Renders the table of bindings that `ci-gen import` writes typed steps
/// with ([`crate::import::TABLE_PATH`]), from the same actions as
/// [`generate`]; the `bindings` command writes and checks it with them.
#[cfg(feature = "codegen")]
pub fn import_table(actions_dir: &Path) -> Result<crate::Rendered, BindingErrors> {
    let bindings = spec::read_all(actions_dir, SOURCE_DIR)?;
    let bytes = crate::import::render_table(&bindings).map_err(|message| {
        let module = crate::import::TABLE_PATH.trim_end_matches(".rs").to_owned();
        BindingErrors(vec![BindingError::Syntax { module, message }])
    })?;
    Ok(crate::Rendered { path: crate::import::TABLE_PATH.to_owned(), bytes, has_header: true })
}

/// Compares rendered bindings with the files under `root`: unchanged, missing,
/// changed, not generated (no header), and stale (a generated `.rs` file in
/// [`OUT_DIR`] that nothing renders now). [`crate::sync::apply`] writes it.
pub fn plan(root: &Path, rendered: &[crate::Rendered]) -> Result<Vec<crate::sync::Entry>, crate::sync::SyncError> {
    use crate::sync::{Entry, Status, SyncError};
    let io = |path: &str, source: std::io::Error| SyncError::Io { path: path.to_owned(), source };
    let read = |path: &str| match std::fs::read(root.join(path)) {
        Ok(bytes) => Ok(Some(String::from_utf8_lossy(&bytes).into_owned())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(io(path, e)),
    };
    let mut entries = Vec::with_capacity(rendered.len());
    for file in rendered {
        let status = match read(&file.path)? {
            None => Status::Missing,
            Some(old) if old == file.bytes => Status::Unchanged,
            Some(old) if has_marker(&old) => Status::Changed { old },
            Some(old) => Status::NotGenerated { old },
        };
        entries.push(Entry { path: file.path.clone(), status, new: Some(file.bytes.clone()) });
    }
    let mut on_disk = Vec::new();
    match std::fs::read_dir(root.join(OUT_DIR)) {
        Ok(rd) => {
            for entry in rd {
                let entry = entry.map_err(|e| io(OUT_DIR, e))?;
                let name = entry.file_name().to_string_lossy().into_owned();
                if name.ends_with(".rs") && entry.path().is_file() {
                    on_disk.push(format!("{OUT_DIR}/{name}"));
                }
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(io(OUT_DIR, e)),
    }
    on_disk.sort();
    for path in on_disk {
        if !rendered.iter().any(|f| f.path == path) && read(&path)?.is_some_and(|t| has_marker(&t)) {
            entries.push(Entry { path, status: Status::Stale, new: None });
        }
    }
    Ok(entries)
}

/// `bindings [--check] [--force] [--color WHEN]` with `root` as the workspace
/// root; returns the exit status (0 fine, 1 drift or a generation error, 2 a
/// usage or I/O error, or the `codegen` feature is off).
///
/// ```
/// let (mut out, mut err) = (Vec::new(), Vec::new());
/// let args = ["--check".to_owned(), "--force".to_owned()];
/// assert_eq!(ci_gen::bindings::run(".".as_ref(), &args, &mut out, &mut err), 2);
/// assert!(String::from_utf8_lossy(&err).contains("'--check' cannot be used with '--force'"));
/// ```
pub fn run(root: &Path, args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    match crate::cli::parse(&mut subcommand(), args, out, err) {
        Ok(m) => run_parsed(root, &m, out, err),
        Err(code) => code,
    }
}

/// Runs `bindings` with its parsed arguments.
pub(crate) fn run_parsed(root: &Path, m: &clap::ArgMatches, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    generate_and_sync(root, m.get_flag("check"), m.get_flag("force"), crate::cli::color(m), out, err)
}

#[cfg(not(feature = "codegen"))]
fn generate_and_sync(
    _root: &Path,
    check: bool,
    force: bool,
    _color: bool,
    _out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let flags = match (check, force) {
        (true, _) => " --check",
        (_, true) => " --force",
        _ => "",
    };
    let _ = writeln!(
        err,
        "error: `bindings` needs ci-gen's `codegen` feature (syn, quote and prettyplease, left out of the \
         default build so that the drift check compiles fast); run:\n\n    {COMMAND}{flags}"
    );
    2
}

#[cfg(feature = "codegen")]
fn generate_and_sync(
    root: &Path,
    check: bool,
    force: bool,
    color: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let dir = source_dir(root);
    if !dir.is_dir() {
        let _ = writeln!(
            err,
            "error: {} is missing: the bindings are generated from the action metadata there \
             (set CI_MODEL_SHARED to the folder that holds `actions/`)",
            crate::cli::display_path(&dir)
        );
        return 2;
    }
    let rendered = match generate(&dir).and_then(|mut r| {
        r.push(import_table(&dir)?);
        r.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(r)
    }) {
        Ok(r) => r,
        Err(errors) => {
            for e in &errors.0 {
                let _ = writeln!(err, "error: {e}");
            }
            let _ = writeln!(err, "{}", if check { "the files were not compared" } else { "nothing was written" });
            return 1;
        }
    };
    let plan = match plan(root, &rendered) {
        Ok(p) => p,
        Err(e) => {
            let _ = writeln!(err, "error: {e}\nnothing was written");
            return 2;
        }
    };
    if check {
        return crate::cli::report_check(&plan, color, COMMAND, out);
    }
    crate::cli::report_apply(crate::sync::apply(root, &plan, force), false, out, err)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run_args(args: &[&str]) -> (u8, String, String) {
        let args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let root = std::env::temp_dir().join("ci-gen-bindings-no-root");
        let code = run(&root, &args, &mut out, &mut err);
        (code, String::from_utf8_lossy(&out).into_owned(), String::from_utf8_lossy(&err).into_owned())
    }

    #[test]
    fn usage_errors_exit_2() {
        assert_eq!(run_args(&["--bogus"]).0, 2);
        assert_eq!(run_args(&["--check", "--force"]).0, 2);
        assert_eq!(run_args(&["--color", "sometimes"]).0, 2);
        assert_eq!(run_args(&["--help"]).0, 0);
    }

    #[cfg(not(feature = "codegen"))]
    #[test]
    fn without_codegen_it_names_the_command_and_exits_2() {
        let (code, _, err) = run_args(&["--check"]);
        assert_eq!(code, 2);
        assert!(err.contains("cargo run -p ci-gen --features codegen -- bindings --check"), "{err}");
    }

    #[test]
    fn the_marker_is_a_rust_comment() {
        assert!(has_marker("// Generated by ci-gen. Do not edit by hand\n"));
        assert!(!has_marker("# Generated by ci-gen.\n"));
        assert!(!has_marker("fn main() {}\n"));
    }
}
