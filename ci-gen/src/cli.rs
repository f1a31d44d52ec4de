//! The command line, shared by `ci-gen` and any repository's own generator.
//!
//! ```text
//! <generator> [--check | --force] [--list] [--root DIR] [--color auto|always|never]
//! <generator> fmt [--write] [--kind workflow|action] FILE...
//! <generator> schema [workflow|action]
//! <generator> check [PATH...] [--format human|json|github|sarif] [--deny|--warn|--allow LINT]
//! <generator> affected [--event EVENT] [--branch B | --tag T] [--base B] [--changed FILE...] [--json] ...
//! <generator> graph [WORKFLOW] [--format mermaid|dot]
//! <generator> review [--base REF] [--format text|markdown|json] [PATH...]
//! <generator> bindings [--check | --force]   (ci-gen's workspace: ci-model/src/actions/)
//! <generator> actions list|add|update|adopt|remove|sync ...   (with Cli::actions or Cli::bindings)
//! <generator> import FILE | --crate DIR FILE... | --write DIR   (existing YAML to Rust)
//! <generator> help [COMMAND] | --help | --version
//! ```
//!
//! Every subcommand takes `--help`; a mistyped subcommand or flag gets a
//! suggestion. The arguments are read with clap's builder API; the usage line
//! names the generator by its [`Files::command`] (`cargo run -p my-ci --`).
//!
//! Exit status: 0 when all is well (`--help` and `--version` included), 1
//! when `--check` finds drift or a model or file does not validate, 2 on a
//! usage or I/O error. Help and the version go to stdout, errors to stderr.

use std::fmt::Display;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use ci_model::DocumentKind;
use clap::error::ErrorKind;
use clap::{Arg, ArgAction, ArgMatches, Command, value_parser};

use crate::diff;
pub use crate::escape::{display_path, escape_controls};
use crate::files::Files;
use crate::sync::{self, Status};

/// The version of ci-gen (the library), which `--version` names when a
/// generator does not give its own.
///
/// ```
/// assert_eq!(ci_gen::cli::VERSION, env!("CARGO_PKG_VERSION"));
/// ```
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// What the exit status means, at the end of the top-level help.
const EXIT_STATUS: &str = "exit status: 0 when all is well, 1 when --check finds drift or a model or file does not \
                           validate, 2 on a usage or I/O error";

/// A generator's command line: what it generates, its repository root, and
/// the name and version `--version` prints.
///
/// The name defaults to the package of a `cargo run -p NAME` command (else
/// the command's first word); the version to `(ci-gen X.Y.Z)`, the library
/// it is built on. A generator gives its own with
/// `.version(env!("CARGO_PKG_VERSION"))`.
///
/// ```
/// use ci_gen::{Files, cli::Cli};
///
/// let args = ["--version".to_owned()];
/// let (mut out, mut err) = (Vec::new(), Vec::new());
/// let cli = Cli::new(Files::new("cargo run -p my-ci"), ".").version("1.2.0");
/// assert_eq!(cli.run_with(&args, &mut out, &mut err), 0);
/// assert_eq!(String::from_utf8_lossy(&out), "my-ci 1.2.0\n");
///
/// let mut out = Vec::new();
/// Cli::new(Files::new("./gen"), ".").run_with(&args, &mut out, &mut err);
/// assert_eq!(String::from_utf8_lossy(&out), format!("gen (ci-gen {})\n", ci_gen::cli::VERSION));
/// ```
#[derive(Clone, Debug)]
pub struct Cli {
    files: Files,
    root: PathBuf,
    name: Option<String>,
    version: Option<String>,
    bindings: bool,
    actions: Option<crate::bindings::Target>,
    git: crate::actions::Git,
}

impl Cli {
    /// The command line of a generator of `files`, with `root` as the
    /// repository root unless `--root` says otherwise.
    ///
    /// ```no_run
    /// use ci_gen::{Files, cli::Cli};
    ///
    /// fn main() -> std::process::ExitCode {
    ///     let files = Files::new("cargo run -p my-ci"); // .workflow("ci.yml", ...)
    ///     let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    ///     Cli::new(files, root).version(env!("CARGO_PKG_VERSION")).run(std::env::args().skip(1).collect())
    /// }
    /// ```
    pub fn new(files: Files, root: impl Into<PathBuf>) -> Self {
        Cli {
            files,
            root: root.into(),
            name: None,
            version: None,
            bindings: false,
            actions: None,
            git: crate::actions::Git::new(),
        }
    }

    /// The name `--version` and the help print (default: from the command).
    ///
    /// ```
    /// use ci_gen::{Files, cli::Cli};
    ///
    /// let (mut out, mut err) = (Vec::new(), Vec::new());
    /// let cli = Cli::new(Files::new("cargo run -p my-ci"), ".").name("our-ci").version("2.0.0");
    /// cli.run_with(&["--version".to_owned()], &mut out, &mut err);
    /// assert_eq!(String::from_utf8_lossy(&out), "our-ci 2.0.0\n");
    /// ```
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// The version `--version` prints after the name.
    ///
    /// ```
    /// use ci_gen::{Files, cli::Cli};
    ///
    /// let (mut out, mut err) = (Vec::new(), Vec::new());
    /// let cli = Cli::new(Files::new("cargo run -p ci-gen"), ".").version(ci_gen::cli::VERSION);
    /// cli.run_with(&["--version".to_owned()], &mut out, &mut err);
    /// assert_eq!(String::from_utf8_lossy(&out), format!("ci-gen {}\n", ci_gen::cli::VERSION));
    /// ```
    pub fn version(mut self, version: impl Into<String>) -> Self {
        self.version = Some(version.into());
        self
    }

    /// Offers `bindings`, which writes the typed action bindings bundled in
    /// `ci-model/src/actions/`: a command of ci-gen's own workspace, which
    /// other generators leave out.
    ///
    /// ```
    /// use ci_gen::{Files, cli::Cli};
    ///
    /// let help = |cli: Cli| {
    ///     let (mut out, mut err) = (Vec::new(), Vec::new());
    ///     cli.run_with(&["--help".to_owned()], &mut out, &mut err);
    ///     String::from_utf8_lossy(&out).into_owned()
    /// };
    /// assert!(!help(Cli::new(Files::new("cargo run -p my-ci"), ".")).contains("bindings"));
    /// assert!(help(Cli::new(Files::new("cargo run -p ci-gen"), ".").bindings()).contains("bindings"));
    /// ```
    pub fn bindings(mut self) -> Self {
        self.bindings = true;
        self.actions = Some(crate::bindings::Target::workspace());
        self
    }

    /// Offers `actions` (list, add, update, adopt, remove, sync): the pinned
    /// actions of this generator in the lock `lock`, and their typed bindings
    /// in the module folder `module` (a `mod.rs` and one file per action, for
    /// `mod actions;`), both relative to the repository root. The generated
    /// code refers to `ci_model::`, so the generator depends on ci-model, and
    /// declares the module as `#[rustfmt::skip] mod actions;` (prettyplease
    /// formats it). The commands need ci-gen's `codegen` feature; without it
    /// they say how to run them.
    ///
    /// ```
    /// use ci_gen::{Files, cli::Cli};
    ///
    /// let cli = Cli::new(Files::new("cargo run -p my-ci"), ".").actions("ci/actions.lock", "ci/src/actions");
    /// let (mut out, mut err) = (Vec::new(), Vec::new());
    /// assert_eq!(cli.run_with(&["actions".to_owned(), "--help".to_owned()], &mut out, &mut err), 0);
    /// assert!(String::from_utf8_lossy(&out).contains("ci/actions.lock"));
    /// ```
    pub fn actions(mut self, lock: impl Into<String>, module: impl Into<String>) -> Self {
        self.actions = Some(crate::bindings::Target::generator(lock, module, self.files.command()));
        self
    }

    /// How `actions` runs `git` (default: [`crate::actions::Git::new`], the
    /// user's own configuration); tests point it at local repositories.
    ///
    /// ```
    /// use ci_gen::{Files, actions::Git, cli::Cli};
    ///
    /// let git = Git::new().env("GIT_CONFIG_NOSYSTEM", "1");
    /// let cli = Cli::new(Files::new("cargo run -p my-ci"), ".").actions("a.lock", "src/actions").git(git);
    /// # let _ = cli;
    /// ```
    pub fn git(mut self, git: crate::actions::Git) -> Self {
        self.git = git;
        self
    }

    /// Runs with `args` (without the program name), printing to stdout and
    /// stderr; returns the exit status.
    ///
    /// ```no_run
    /// use ci_gen::{Files, cli::Cli};
    ///
    /// let status = Cli::new(Files::new("cargo run -p my-ci"), ".").run(vec!["--check".to_owned()]);
    /// ```
    pub fn run(self, args: Vec<String>) -> ExitCode {
        let mut out = std::io::stdout().lock();
        let mut err = std::io::stderr().lock();
        let code = self.run_with(&args, &mut out, &mut err);
        let _ = out.flush();
        ExitCode::from(code)
    }

    /// [`Cli::run`] writing to the given streams and returning the status as
    /// a number (for tests).
    ///
    /// ```
    /// use ci_gen::{Files, cli::Cli};
    ///
    /// let (mut out, mut err) = (Vec::new(), Vec::new());
    /// let code = Cli::new(Files::new("cargo run -p my-ci"), ".").run_with(&["fnt".to_owned()], &mut out, &mut err);
    /// assert_eq!(code, 2);
    /// let err = String::from_utf8_lossy(&err);
    /// assert!(err.contains("'fnt'") && err.contains("'fmt'"), "{err}");
    /// assert!(err.contains("Usage: cargo run -p my-ci -- "), "{err}");
    /// ```
    pub fn run_with(self, args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> u8 {
        let mut cmd = self.command();
        let matches = match parse(&mut cmd, args, out, err) {
            Ok(m) => m,
            Err(code) => return code,
        };
        let Some((name, m)) = matches.subcommand() else {
            return self.generate(&matches, out, err);
        };
        // The subcommand as parsed (with its usage line), for the errors
        // found after parsing.
        let mut sub = cmd.find_subcommand_mut(name).cloned().unwrap_or_default();
        match name {
            "fmt" => fmt(m, out, err),
            "schema" => schema(m, out),
            "check" => crate::check::run(&self.root, self.files.lint_config(), self.files.runner_config(), m, out, err),
            "affected" => crate::affected::run(&self.files, &self.root, m, &mut sub, out, err),
            "graph" => crate::graph::run(&self.files, m, out, err),
            "review" => crate::review::run(&self.files, &self.root, m, out, err),
            "bindings" => crate::bindings::run_parsed(&self.root, m, out, err),
            "actions" => match &self.actions {
                Some(target) => crate::actions::run_parsed(&self.root, target, &self.git, &self.files, m, out, err),
                None => 2,
            },
            // The subcommand is the first argument: the top level's own
            // flags cannot come before it.
            "import" => {
                let given = args.get(1..).unwrap_or_default();
                crate::import::run_parsed(m, &mut sub, given, self.files.command(), out, err)
            }
            // `help [COMMAND]` is `[COMMAND] --help`.
            "help" => {
                let mut again: Vec<String> = m.get_one::<String>("command").cloned().into_iter().collect();
                again.push("--help".to_owned());
                parse(&mut self.command(), &again, out, err).map_or_else(|code| code, |_| 0)
            }
            other => usage_error(&mut cmd, format!("unknown command `{}`", escape_controls(other)), err),
        }
    }

    /// The whole command line, subcommands included.
    fn command(&self) -> Command {
        let bin = self.files.command();
        let name = self.name.clone().unwrap_or_else(|| default_name(bin));
        let version = self.version.clone().unwrap_or_else(|| format!("(ci-gen {VERSION})"));
        let mut commands = vec!["fmt", "schema", "check", "affected", "graph", "review", "import"];
        if self.bindings {
            commands.insert(6, "bindings");
        }
        if self.actions.is_some() {
            commands.insert(4, "actions");
        }
        let cmd =
            with_help(Command::new(name))
                .bin_name(invocation(bin))
                .version(version)
                .disable_version_flag(true)
                .arg(
                    Arg::new("version")
                        .short('V')
                        .long("version")
                        .action(ArgAction::Version)
                        .display_order(LAST)
                        .help("print the name and version"),
                )
                .about("write the generated files (only those whose bytes changed), or check them")
                .after_help(EXIT_STATUS)
                .args_conflicts_with_subcommands(true)
                // Its own `help`, to word it like the rest.
                .disable_help_subcommand(true)
                .arg(flag(
                    "check",
                    "write nothing; show a diff for every file that differs, and name missing and stale files; \
                 exit 1 if anything differs",
                ))
                .arg(
                    flag("force", "overwrite files that exist but were not generated (they carry no generated header)")
                        .conflicts_with("check"),
                )
                .arg(flag("list", "print the files this generator writes"))
                .arg(Arg::new("root").long("root").value_name("DIR").value_parser(value_parser!(PathBuf)).help(
                    format!("the repository root, an existing directory (default: {})", display_path(&self.root)),
                ))
                .arg(color_arg("colour the diffs of --check"))
                .subcommand(fmt_command())
                .subcommand(schema_command())
                .subcommand(crate::check::subcommand())
                .subcommand(crate::affected::subcommand())
                .subcommand(crate::graph::subcommand())
                .subcommand(crate::review::subcommand());
        let cmd = if self.bindings { cmd.subcommand(crate::bindings::subcommand()) } else { cmd };
        let cmd = match &self.actions {
            Some(target) => cmd.subcommand(crate::actions::subcommand(target)),
            None => cmd,
        };
        cmd.subcommand(crate::import::subcommand(bin)).subcommand(
            with_help(Command::new("help"))
                .about("print this help, or a command's")
                .arg(Arg::new("command").value_name("COMMAND").value_parser(commands)),
        )
    }

    /// Writes, checks or lists the files.
    fn generate(&self, m: &ArgMatches, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
        let check = m.get_flag("check");
        let force = m.get_flag("force");
        let color = color(m);
        if m.get_flag("list") {
            for spec in self.files.specs() {
                let _ = writeln!(out, "{}", escape_controls(&spec.path));
            }
            let _ = writeln!(out, "{}", crate::files::MANIFEST);
            return 0;
        }
        let root = m.get_one::<PathBuf>("root").unwrap_or(&self.root);
        if let Err(e) = check_root(root) {
            let _ = writeln!(err, "error: {e}");
            return 2;
        }
        let bin = self.files.command();
        let (rendered, warnings) = self.files.render_with_warnings();
        for (path, finding) in warnings {
            let _ = writeln!(err, "{}: {finding}", escape_controls(&path));
        }
        let rendered = match rendered {
            Ok(r) => r,
            Err(errors) => {
                for e in errors {
                    let _ = writeln!(err, "error: {e}");
                }
                let _ = writeln!(
                    err,
                    "{}",
                    if check {
                        "the files were not compared: the models must validate first"
                    } else {
                        "nothing was written"
                    }
                );
                return 1;
            }
        };
        let plan = match sync::plan(root, &rendered) {
            Ok(p) => p,
            Err(e) => {
                let _ = writeln!(err, "error: {e}");
                if !check {
                    let _ = writeln!(err, "nothing was written");
                }
                return 2;
            }
        };
        if check {
            return report_check(&plan, color, bin, out);
        }
        report_apply(sync::apply(root, &plan, force), true, out, err)
    }
}

/// Runs the command line with `files` as what to generate, `root` as the
/// default repository root, and `args` without the program name. Prints to
/// stdout/stderr and returns the exit status. The same as
/// [`Cli::new`]`(files, root).run(args)`; [`Cli`] also takes the
/// generator's version.
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
    Cli::new(files, root).run(args)
}

/// [`run`] writing to the given streams and returning the status as a number
/// (for tests).
///
/// ```
/// use ci_gen::{Files, cli};
///
/// let (mut out, mut err) = (Vec::new(), Vec::new());
/// let code = cli::run_with(Files::new("cargo run -p my-ci"), ".".as_ref(), &["fmt".to_owned(), "--help".to_owned()], &mut out, &mut err);
/// assert_eq!(code, 0);
/// assert!(String::from_utf8_lossy(&out).contains("--write"));
/// ```
pub fn run_with(files: Files, root: &Path, args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    Cli::new(files, root).run_with(args, out, err)
}

/// How to run `rest` (a subcommand and its arguments, after a space) with a
/// build of the generator `command` that has ci-gen's `codegen` feature:
/// `cargo run -p ci-gen --features codegen -- import x` for ci-gen itself,
/// `cargo run -p my-ci --features ci-gen/codegen -- import x` for another
/// generator that cargo runs, and a sentence saying how otherwise.
pub(crate) fn with_codegen(command: &str, rest: &str) -> String {
    if command.split_whitespace().take(2).eq(["cargo", "run"]) {
        format!("run:\n\n    {}", codegen_command(command, rest))
    } else {
        format!(
            "build `{command}` with ci-gen's `codegen` feature (`ci-gen = {{ features = [\"codegen\"] }}`), then run:\n\n    {command}{rest}"
        )
    }
}

/// The command line that runs `rest` with a build of the generator `command`
/// that has ci-gen's `codegen` feature (`cargo run -p my-ci --features
/// ci-gen/codegen -- actions sync`); a command that cargo does not run is
/// taken as built with it.
pub(crate) fn codegen_command(command: &str, rest: &str) -> String {
    let words: Vec<&str> = command.split_whitespace().collect();
    if words.starts_with(&["cargo", "run"]) {
        let split = words.iter().position(|w| *w == "--").unwrap_or(words.len());
        let (cargo, own) = words.split_at(split);
        let feature = if default_name(command) == "ci-gen" { "codegen" } else { "ci-gen/codegen" };
        let own: String = own.iter().skip(1).map(|w| format!(" {w}")).collect();
        format!("{} --features {feature} --{own}{rest}", cargo.join(" "))
    } else {
        format!("{command}{rest}")
    }
}

/// `cargo run -p NAME`'s package, else the file name of the command's first
/// word.
fn default_name(command: &str) -> String {
    let words: Vec<&str> = command.split_whitespace().collect();
    let package = words.iter().enumerate().find_map(|(i, w)| match *w {
        "-p" | "--package" => words.get(i + 1).copied(),
        _ => w.strip_prefix("--package=").or_else(|| w.strip_prefix("-p").filter(|p| !p.is_empty())),
    });
    let name =
        package.or_else(|| words.first().map(|w| Path::new(w).file_name().and_then(|n| n.to_str()).unwrap_or(w)));
    name.filter(|n| !n.is_empty()).unwrap_or("generator").to_owned()
}

/// How the generator is invoked with arguments: `cargo run -p x` needs `--`
/// before the generator's own.
fn invocation(command: &str) -> String {
    if command.starts_with("cargo run") && !command.split_whitespace().any(|w| w == "--") {
        format!("{command} --")
    } else {
        command.to_owned()
    }
}

/// Where `--help` and `--version` go in the help: after the command's own.
const LAST: usize = 1000;

/// `cmd` with a lower-case `-h, --help` and repeated flags allowed (the last
/// one wins).
pub(crate) fn with_help(cmd: Command) -> Command {
    cmd.disable_help_flag(true).args_override_self(true).arg(
        Arg::new("help").short('h').long("help").action(ArgAction::Help).display_order(LAST).help("print this help"),
    )
}

/// A `--name` flag.
pub(crate) fn flag(name: &'static str, help: &'static str) -> Arg {
    Arg::new(name).long(name).action(ArgAction::SetTrue).help(help)
}

/// `--color WHEN`.
pub(crate) fn color_arg(what: &'static str) -> Arg {
    Arg::new("color")
        .long("color")
        .value_name("WHEN")
        .value_parser(["auto", "always", "never"])
        .default_value("auto")
        .help(format!("{what} (auto: on a terminal, unless NO_COLOR is set)"))
}

/// Whether to colour, from `--color`.
pub(crate) fn color(m: &ArgMatches) -> bool {
    match m.get_one::<String>("color").map(String::as_str) {
        Some("always") => true,
        Some("never") => false,
        _ => color_by_default(),
    }
}

/// Whether diffs are coloured when `--color` is not given: on a terminal,
/// unless `NO_COLOR` is set.
pub(crate) fn color_by_default() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

/// Parses `args` (without the program name) with `cmd`. Help and the version
/// are printed to `out` and give `Err(0)`; a usage error is printed to `err`
/// with the usage and gives `Err(2)`.
pub(crate) fn parse(
    cmd: &mut Command,
    args: &[String],
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<ArgMatches, u8> {
    let argv = std::iter::once(cmd.get_name().to_owned()).chain(args.iter().cloned());
    cmd.try_get_matches_from_mut(argv).map_err(|e| {
        let _ = if e.use_stderr() {
            write!(err, "{}", escape_within_lines(&e.render().to_string()))
        } else {
            write!(out, "{}", e.render())
        };
        u8::try_from(e.exit_code()).unwrap_or(2)
    })
}

/// Prints `message` as a usage error of `cmd` (with its usage line) to
/// `err`; the exit status of a usage error.
pub(crate) fn usage_error(cmd: &mut Command, message: impl Display, err: &mut dyn Write) -> u8 {
    let text = cmd.error(ErrorKind::ValueValidation, message).render().to_string();
    let _ = write!(err, "{}", escape_within_lines(&text));
    2
}

/// A message of several lines with [`escape_controls`] applied to each line:
/// clap quotes what the user typed (`unexpected argument '...'`) as it is.
fn escape_within_lines(text: &str) -> String {
    text.split('\n').map(escape_controls).collect::<Vec<_>>().join("\n")
}

/// Why a repository root cannot be used.
#[derive(Debug, thiserror::Error)]
pub(crate) enum RootError {
    /// Nothing is there: most likely a typo, so nothing is created.
    #[error("the root `{}` does not exist; give the repository root, an existing directory", display_path(.root))]
    Missing {
        /// The root.
        root: PathBuf,
    },
    /// A file, not a directory.
    #[error("the root `{}` is not a directory; give the repository root", display_path(.root))]
    NotADirectory {
        /// The root.
        root: PathBuf,
    },
    /// It could not be looked at.
    #[error("the root `{}`: {source}", display_path(.root))]
    Io {
        /// The root.
        root: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
}

/// Whether `root` is an existing directory.
pub(crate) fn check_root(root: &Path) -> Result<(), RootError> {
    match std::fs::metadata(root) {
        Ok(m) if m.is_dir() => Ok(()),
        Ok(_) => Err(RootError::NotADirectory { root: root.to_path_buf() }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(RootError::Missing { root: root.to_path_buf() }),
        Err(source) => Err(RootError::Io { root: root.to_path_buf(), source }),
    }
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
                let _ = writeln!(out, "wrote     {}", escape_controls(p));
            }
            for p in &report.removed {
                let _ = writeln!(out, "removed   {} (stale: no longer generated)", escape_controls(p));
            }
            for p in &report.kept {
                let _ = writeln!(out, "kept      {}: {}", escape_controls(p), sync::kept_note(p));
            }
            for p in &report.skipped {
                let _ = writeln!(out, "skipped   {}: {}", escape_controls(p), sync::SKIPPED_NOTE);
            }
            for p in &report.ignored {
                let _ = writeln!(out, "ignored   {}: {}", escape_controls(p), sync::IGNORED_NOTE);
            }
            if list_unchanged {
                for p in &report.unchanged {
                    let _ = writeln!(out, "unchanged {}", escape_controls(p));
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

/// Prints what a write would do (a diff for each file that differs) and
/// returns 0 when nothing differs, 1 otherwise. `bin` is the command that
/// writes the files; files without the generated header need its `--force`.
pub(crate) fn report_check(plan: &[sync::Entry], color: bool, bin: &str, out: &mut dyn Write) -> u8 {
    let mut differ = 0;
    let mut hand_written = 0;
    for e in plan {
        let path = escape_controls(&e.path);
        match &e.status {
            Status::Unchanged => {}
            Status::Changed { old } => {
                differ += 1;
                let _ = write!(out, "{}", diff::unified(&e.path, old, e.new.as_deref().unwrap_or(""), color));
            }
            Status::NotGenerated { old } => {
                differ += 1;
                hand_written += 1;
                let _ = writeln!(
                    out,
                    "not generated: {path} exists but has no generated header; a write replaces it only with --force"
                );
                let _ = write!(out, "{}", diff::unified(&e.path, old, e.new.as_deref().unwrap_or(""), color));
            }
            Status::Missing => {
                differ += 1;
                let _ = writeln!(out, "missing: {path}");
            }
            Status::Stale => {
                differ += 1;
                let proof = if crate::files::is_yaml(&e.path) {
                    "carries the generated header"
                } else {
                    "is still what ci-gen wrote"
                };
                let _ = writeln!(out, "stale: {path} {proof} but nothing generates it now");
            }
            // A write would leave these alone: shown, not counted.
            Status::StaleNotGenerated => {
                let _ = writeln!(out, "kept: {path}: {}", sync::kept_note(&e.path));
            }
            Status::SkippedLink => {
                let _ = writeln!(out, "skipped: {path}: {}", sync::SKIPPED_NOTE);
            }
            Status::Ignored => {
                let _ = writeln!(out, "ignored: {path}: {}", sync::IGNORED_NOTE);
            }
        }
    }
    let files = plan
        .iter()
        .filter(|e| !matches!(e.status, Status::StaleNotGenerated | Status::SkippedLink | Status::Ignored))
        .count();
    if differ == 0 {
        let _ = writeln!(out, "{files} files up to date");
        0
    } else if hand_written == 0 {
        let _ = writeln!(out, "{differ} of {files} files differ; run `{bin}` to update them");
        1
    } else {
        let _ = writeln!(
            out,
            "{differ} of {files} files differ, {hand_written} of them without the generated header; run `{} --force` to \
             replace the hand-written files, or move them away",
            invocation(bin)
        );
        1
    }
}

fn fmt_command() -> Command {
    with_help(Command::new("fmt"))
        .about("print workflows and action.yml files in canonical form, or rewrite them (--write)")
        .long_about(
            "print each file in canonical form, or rewrite it in place when that differs (--write); comments are \
             kept: the header, comments above any key or list item, and after a value on its line",
        )
        .arg(flag("write", "rewrite each file in place when its canonical form differs, instead of printing it"))
        .arg(
            Arg::new("kind")
                .long("kind")
                .value_name("KIND")
                .value_parser(["workflow", "action"])
                .help("read every file as this kind (default: what its content shows)"),
        )
        .arg(
            Arg::new("file")
                .value_name("FILE")
                .num_args(1..)
                .required(true)
                .value_parser(value_parser!(PathBuf))
                .help("the workflows and action.yml files to format"),
        )
}

fn schema_command() -> Command {
    with_help(Command::new("schema")).about("print the JSON Schema of a workflow or of an action.yml").arg(
        Arg::new("kind")
            .value_name("KIND")
            .value_parser(["workflow", "action"])
            .default_value("workflow")
            .help("the schema of a workflow or of an action.yml"),
    )
}

fn fmt(m: &ArgMatches, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let write = m.get_flag("write");
    let kind = match m.get_one::<String>("kind").map(String::as_str) {
        Some("workflow") => Some(DocumentKind::Workflow),
        Some("action") => Some(DocumentKind::Action),
        _ => None,
    };
    let mut status = 0;
    // The checks across files, each `.github` folder read once.
    let mut across = crate::check::FolderChecks::default();
    for p in m.get_many::<PathBuf>("file").into_iter().flatten() {
        let shown = display_path(p);
        let text = match crate::fmt::read_yaml(p, kind.is_some()) {
            Ok(t) => t,
            Err(e) => {
                let _ = writeln!(err, "error: {e}");
                status = status.max(if matches!(e, crate::fmt::ReadError::Io { .. }) { 2 } else { 1 });
                continue;
            }
        };
        match crate::fmt::format(&text, kind) {
            Err(e) => {
                for d in e.diagnostics() {
                    let _ = writeln!(err, "error: {shown}:{d}");
                }
                status = status.max(1);
            }
            Ok(f) => {
                for w in f.warnings.iter().chain(&across.of(p, &text)) {
                    let _ = writeln!(err, "warning: {shown}:{w}");
                }
                if f.dropped_comments > 0 {
                    let _ = writeln!(
                        err,
                        "note: {shown}: {} comments dropped (fmt keeps comments on their own lines above keys and list items, and after a value on its line; not those inside a `[...]` or `{{...}}` list, or after one that is a list item)",
                        f.dropped_comments
                    );
                }
                if write {
                    if f.text != text {
                        if let Err(e) = sync::write_atomic(p, &f.text) {
                            let _ = writeln!(err, "error: {shown}: {e}");
                            status = 2;
                        } else {
                            let _ = writeln!(out, "formatted {shown}");
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

fn schema(m: &ArgMatches, out: &mut dyn Write) -> u8 {
    let schema = match m.get_one::<String>("kind").map(String::as_str) {
        Some("action") => ci_model::action_schema(),
        _ => ci_model::workflow_schema(),
    };
    let _ = write!(out, "{schema}");
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_come_from_the_command() {
        assert_eq!(default_name("cargo run -p my-ci"), "my-ci");
        assert_eq!(default_name("cargo run --package=my-ci --release"), "my-ci");
        assert_eq!(default_name("cargo run -pmy-ci"), "my-ci");
        assert_eq!(default_name("./target/release/gen --flag"), "gen");
        assert_eq!(default_name(""), "generator");
    }

    #[test]
    fn the_codegen_hint_names_the_generator() {
        assert_eq!(
            with_codegen("cargo run -p ci-gen", " import x"),
            "run:\n\n    cargo run -p ci-gen --features codegen -- import x"
        );
        assert_eq!(
            with_codegen("cargo run -q -p my-ci --", " import x"),
            "run:\n\n    cargo run -q -p my-ci --features ci-gen/codegen -- import x"
        );
        let other = with_codegen("./gen", " import x");
        assert!(other.starts_with("build `./gen` with ci-gen's `codegen` feature"), "{other}");
        assert!(other.ends_with("then run:\n\n    ./gen import x"), "{other}");
    }

    #[test]
    fn cargo_run_gets_its_separator_once() {
        assert_eq!(invocation("cargo run -p my-ci"), "cargo run -p my-ci --");
        assert_eq!(
            invocation("cargo run -p ci-gen --features codegen -- bindings"),
            "cargo run -p ci-gen --features codegen -- bindings"
        );
        assert_eq!(invocation("gen"), "gen");
    }

    #[test]
    fn only_controls_and_line_separators_are_escaped() {
        assert!(matches!(escape_controls("ünïcode/ok"), std::borrow::Cow::Borrowed(_)));
        assert_eq!(escape_controls("\0\t\u{9f}\u{2029}"), "\\u{0}\\u{9}\\u{9f}\\u{2029}");
    }

    #[test]
    fn a_root_must_be_an_existing_directory() {
        let dir = std::env::temp_dir().join(format!("ci-gen-root-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        assert!(matches!(check_root(&dir), Err(RootError::Missing { .. })));
        std::fs::create_dir_all(&dir).unwrap();
        assert!(check_root(&dir).is_ok());
        let file = dir.join("file");
        std::fs::write(&file, "x").unwrap();
        let e = check_root(&file).unwrap_err();
        assert_eq!(
            e.to_string(),
            format!("the root `{}` is not a directory; give the repository root", file.display())
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
