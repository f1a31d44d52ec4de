//! `ci-gen bindings`: typed Rust bindings of third-party actions.
//!
//! Reads the lock of pinned actions (`ci-model/actions.lock` for this
//! workspace, see [`crate::actions::lock`]) and writes one module per action
//! plus a `mod.rs` into `ci-model/src/actions/`, so that every repository
//! using ci-model gets the bindings without running this. The lock holds every
//! fact the bindings need, so this runs offline; `ci-gen actions` fills and
//! updates the lock (with `git`). The source is built as tokens with `quote!`,
//! formatted with syn and prettyplease, and carries a generated header;
//! `bindings --check` reports drift the way `--check` does for workflows.
//!
//! A generator of another repository writes its own bindings module from its
//! own lock the same way (`actions sync`, [`Target::generator`]); that code
//! refers to `ci_model::` instead of `crate::`.
//!
//! The generator needs the `codegen` feature (syn, quote, prettyplease), which
//! is off by default so that the drift check of every repository stays cheap
//! to compile; without it the command says how to run it and exits 2.

use std::io::Write;
use std::path::Path;

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

/// The lock the bindings are generated from, relative to the workspace root.
pub const LOCK: &str = "ci-model/actions.lock";

/// What `bindings` does, in the list of commands; says that it needs the
/// `codegen` feature when that is off.
const ABOUT: &str = if cfg!(feature = "codegen") {
    "write the typed action bindings in ci-model/src/actions/ from ci-model/actions.lock (ci-gen's workspace)"
} else {
    "write the typed action bindings in ci-model/src/actions/ from ci-model/actions.lock (ci-gen's workspace; needs \
     --features codegen)"
};

/// What `bindings` does, in its help.
const LONG_ABOUT: &str = if cfg!(feature = "codegen") {
    "write the typed action bindings in ci-model/src/actions/ (and ci-gen/src/import/bindings.rs) from the facts in \
     ci-model/actions.lock, offline; ci-gen's workspace only. `actions` adds, updates and removes the pins"
} else {
    "write the typed action bindings in ci-model/src/actions/ (and ci-gen/src/import/bindings.rs) from the facts in \
     ci-model/actions.lock, offline; ci-gen's workspace only. It needs ci-gen's `codegen` feature (syn, quote and \
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

/// Where a generator's bindings come from and go: its lock, the folder of
/// its bindings module (both relative to the repository root, in the form
/// `a/b`), and the command each generated header names.
///
/// ```
/// use ci_gen::bindings::Target;
///
/// let t = Target::generator("ci/actions.lock", "ci/src/actions", "cargo run -p my-ci");
/// assert_eq!(t.command, "cargo run -p my-ci --features ci-gen/codegen -- actions sync");
/// assert_eq!(Target::workspace().lock, "ci-model/actions.lock");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    /// The lock file.
    pub lock: String,
    /// The folder of the bindings module (`mod.rs` and one file per action).
    pub module: String,
    /// The command that regenerates the module, named in every header.
    pub command: String,
    /// ci-model's own bindings: `crate::` paths, and the table `import` uses.
    pub(crate) own: bool,
}

impl Target {
    /// This workspace's bindings: [`LOCK`], [`OUT_DIR`] and [`COMMAND`]; the
    /// code refers to `crate::` (it is part of ci-model), and the table of
    /// bindings that `ci-gen import` uses is written with it.
    ///
    /// ```
    /// let t = ci_gen::bindings::Target::workspace();
    /// assert_eq!((t.module.as_str(), t.command.as_str()), (ci_gen::bindings::OUT_DIR, ci_gen::bindings::COMMAND));
    /// ```
    pub fn workspace() -> Self {
        Target { lock: LOCK.to_owned(), module: OUT_DIR.to_owned(), command: COMMAND.to_owned(), own: true }
    }

    /// A generator's bindings: its lock and module folder, the code referring
    /// to `ci_model::`; the headers name `command` (the generator's
    /// [`crate::Files::command`]) with the `codegen` feature and `actions sync`.
    ///
    /// ```
    /// use ci_gen::bindings::Target;
    ///
    /// let t = Target::generator("actions.lock", "src/actions", "./gen");
    /// assert_eq!(t.command, "./gen actions sync");
    /// ```
    pub fn generator(lock: impl Into<String>, module: impl Into<String>, command: &str) -> Self {
        Target {
            lock: lock.into(),
            module: module.into(),
            command: crate::cli::codegen_command(command, " actions sync"),
            own: false,
        }
    }

    /// The command that runs `actions`, with the `codegen` feature.
    pub(crate) fn actions_command(&self) -> String {
        if self.own {
            "cargo run -p ci-gen --features codegen -- actions".to_owned()
        } else {
            self.command.trim_end_matches(" sync").to_owned()
        }
    }

    /// The crate the generated code refers to.
    #[cfg(feature = "codegen")]
    pub(crate) fn krate(&self) -> &'static str {
        if self.own { "crate" } else { "ci_model" }
    }

    /// [`Target::krate`] as a path.
    #[cfg(feature = "codegen")]
    pub(crate) fn krate_path(&self) -> proc_macro2::TokenStream {
        if self.own {
            quote::quote! { crate }
        } else {
            quote::quote! { ci_model }
        }
    }

    /// The header's source lines of one action's file.
    #[cfg(feature = "codegen")]
    pub(crate) fn binding_source(&self, action: &str) -> Vec<String> {
        vec![format!("the `{action}` entry of {}.", self.lock)]
    }

    /// The header's source lines of `mod.rs` and the import table.
    #[cfg(feature = "codegen")]
    pub(crate) fn mod_source(&self) -> Vec<String> {
        vec![format!("every entry of {}.", self.lock)]
    }

    /// The file that holds the module's `mod.rs`.
    #[cfg(feature = "codegen")]
    fn mod_path(&self) -> String {
        format!("{}/mod.rs", self.module)
    }
}

/// Whether a Rust file starts with the generated header.
pub fn has_marker(text: &str) -> bool {
    text.lines().take(3).any(|l| l.starts_with("//") && l.contains(crate::files::MARKER))
}

/// Reads the lock of `target` under `root`; a missing file is an empty lock
/// when `missing_ok`.
///
/// ```
/// use ci_gen::bindings::{Target, read_lock};
///
/// let root = std::path::Path::new("/nonexistent");
/// let target = Target::generator("ci/actions.lock", "ci/src/actions", "cargo run -p my-ci");
/// assert!(read_lock(root, &target, true).unwrap().actions.is_empty());
/// assert!(read_lock(root, &target, false).unwrap_err().to_string().starts_with("ci/actions.lock: "));
/// ```
#[cfg(feature = "codegen")]
pub fn read_lock(root: &Path, target: &Target, missing_ok: bool) -> Result<crate::actions::lock::Lock, BindingError> {
    let shown = target.lock.clone();
    match std::fs::read_to_string(root.join(&target.lock)) {
        Ok(text) => crate::actions::lock::Lock::parse(&text)
            .map_err(|e| BindingError::Lock { path: shown, message: e.to_string() }),
        Err(e) if missing_ok && e.kind() == std::io::ErrorKind::NotFound => Ok(Default::default()),
        Err(e) => Err(BindingError::Lock { path: shown, message: e.to_string() }),
    }
}

/// Renders every binding of `lock` and the `mod.rs` into `target`'s module,
/// plus, for this workspace, the table of bindings `ci-gen import` uses;
/// paths are relative to the repository root, sorted. Every problem is
/// reported at once.
///
/// ```
/// use ci_gen::actions::lock::Lock;
/// use ci_gen::bindings::{Target, render};
///
/// let lock = Lock::parse(r#"{"lock": 1, "actions": [{"action": "o/hello", "tag": "v1.0.0",
///     "commit": "0123456789abcdef0123456789abcdef01234567", "runs": {"using": "node24"},
///     "inputs": [{"name": "who", "required": true}], "outputs": []}]}"#).unwrap();
/// let target = Target::generator("actions.lock", "src/actions", "cargo run -p my-ci");
/// let files = render(&target, &lock).unwrap();
/// assert_eq!(files.iter().map(|f| f.path.as_str()).collect::<Vec<_>>(), ["src/actions/hello.rs", "src/actions/mod.rs"]);
/// assert!(files[0].bytes.contains("pub fn new(who: impl Into<Scalar>) -> Self"));
/// assert!(files[0].bytes.contains("use ci_model::{"));
/// ```
#[cfg(feature = "codegen")]
pub fn render(target: &Target, lock: &crate::actions::lock::Lock) -> Result<Vec<crate::Rendered>, BindingErrors> {
    let bindings = spec::decide(lock)?;
    let mut out = Vec::with_capacity(bindings.len() + 2);
    let mut errors = Vec::new();
    let mut push = |path: String, text: Result<String, BindingError>| match text {
        Ok(bytes) => out.push(crate::Rendered { path, bytes, has_header: true }),
        Err(e) => errors.push(e),
    };
    for b in &bindings {
        push(format!("{}/{}.rs", target.module, b.module), emit::binding_file(target, b));
    }
    push(target.mod_path(), emit::mod_file(target, &bindings));
    if target.own {
        let table = crate::import::render_table(target, &bindings).map_err(|message| {
            let module = crate::import::TABLE_PATH.trim_end_matches(".rs").to_owned();
            BindingError::Syntax { module, message }
        });
        push(crate::import::TABLE_PATH.to_owned(), table);
    }
    if !errors.is_empty() {
        return Err(BindingErrors(errors));
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

/// Renders this workspace's bindings and `mod.rs` from the lock under
/// `root` (the files of [`OUT_DIR`], without the import table).
#[cfg(feature = "codegen")]
pub fn generate(root: &Path) -> Result<Vec<crate::Rendered>, BindingErrors> {
    let target = Target::workspace();
    let lock = read_lock(root, &target, false).map_err(|e| BindingErrors(vec![e]))?;
    let mut files = render(&target, &lock)?;
    files.retain(|f| f.path != crate::import::TABLE_PATH);
    Ok(files)
}

/// Renders the table of bindings that `ci-gen import` writes typed steps
/// with ([`crate::import::TABLE_PATH`]), from the same lock as
/// [`generate`]; the `bindings` command writes and checks it with them.
#[cfg(feature = "codegen")]
pub fn import_table(root: &Path) -> Result<crate::Rendered, BindingErrors> {
    let target = Target::workspace();
    let lock = read_lock(root, &target, false).map_err(|e| BindingErrors(vec![e]))?;
    let files = render(&target, &lock)?;
    files.into_iter().find(|f| f.path == crate::import::TABLE_PATH).ok_or_else(|| {
        BindingErrors(vec![BindingError::Syntax {
            module: "import table".to_owned(),
            message: "not rendered".to_owned(),
        }])
    })
}

/// Compares rendered bindings with the files under `root`: unchanged, missing,
/// changed, not generated (no header), and stale (a generated `.rs` file in
/// [`OUT_DIR`] that nothing renders now). [`crate::sync::apply`] writes it.
pub fn plan(root: &Path, rendered: &[crate::Rendered]) -> Result<Vec<crate::sync::Entry>, crate::sync::SyncError> {
    plan_in(root, OUT_DIR, rendered)
}

/// [`plan`] for the bindings module in `dir` (relative to `root`).
///
/// ```
/// use ci_gen::sync::Status;
///
/// let root = std::env::temp_dir().join(format!("ci-gen-doc-plan-in-{}", std::process::id()));
/// let file = ci_gen::Rendered { path: "src/actions/mod.rs".into(), bytes: "// x\n".into(), has_header: true };
/// let plan = ci_gen::bindings::plan_in(&root, "src/actions", &[file]).unwrap();
/// assert_eq!(plan[0].status, Status::Missing);
/// ```
pub fn plan_in(
    root: &Path,
    dir: &str,
    rendered: &[crate::Rendered],
) -> Result<Vec<crate::sync::Entry>, crate::sync::SyncError> {
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
    match std::fs::read_dir(root.join(dir)) {
        Ok(rd) => {
            for entry in rd {
                let entry = entry.map_err(|e| io(dir, e))?;
                let name = entry.file_name().to_string_lossy().into_owned();
                if name.ends_with(".rs") && entry.path().is_file() {
                    on_disk.push(format!("{dir}/{name}"));
                }
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(io(dir, e)),
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
    sync_target(root, &Target::workspace(), m.get_flag("check"), m.get_flag("force"), crate::cli::color(m), out, err)
}

/// Regenerates (or with `check`, compares) `target`'s bindings from its lock.
#[cfg(not(feature = "codegen"))]
pub(crate) fn sync_target(
    _root: &Path,
    target: &Target,
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
        "error: this command needs ci-gen's `codegen` feature (syn, quote and prettyplease, left out of the \
         default build so that the drift check compiles fast); run:\n\n    {}{flags}",
        target.command
    );
    2
}

/// Regenerates (or with `check`, compares) `target`'s bindings from its lock.
#[cfg(feature = "codegen")]
pub(crate) fn sync_target(
    root: &Path,
    target: &Target,
    check: bool,
    force: bool,
    color: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let rendered =
        match read_lock(root, target, false).map_err(|e| BindingErrors(vec![e])).and_then(|lock| render(target, &lock))
        {
            Ok(r) => r,
            Err(errors) => {
                for e in &errors.0 {
                    let _ = writeln!(err, "error: {e}");
                }
                let _ = writeln!(err, "{}", if check { "the files were not compared" } else { "nothing was written" });
                return 1;
            }
        };
    let plan = match plan_in(root, &target.module, &rendered) {
        Ok(p) => p,
        Err(e) => {
            let _ = writeln!(err, "error: {e}\nnothing was written");
            return 2;
        }
    };
    if check {
        return crate::cli::report_check(&plan, color, &target.command, out);
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
