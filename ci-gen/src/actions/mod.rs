//! `actions`: the pinned actions of a generator, kept in a lock of facts
//! inside its repository ([`lock`]), and their typed bindings.
//!
//! ```text
//! <generator> actions list [--outdated]
//! <generator> actions add OWNER/REPO[/PATH]@REF...
//! <generator> actions update [OWNER/REPO[/PATH]...] [--major]
//! <generator> actions adopt
//! <generator> actions remove OWNER/REPO[/PATH]...
//! <generator> actions sync [--check | --force]
//! ```
//!
//! Every command but `sync` and `list` (without `--outdated`) reads the
//! repositories through the `git` command line ([`Git`]): `ls-remote` for
//! tags and branches, and one commit fetched into a temporary bare
//! repository to read `action.yml` (or `action.yaml`). The user's git
//! configuration applies (`url.<base>.insteadOf`, credentials, proxies).
//! Everything is fetched and checked before anything is written; then the
//! lock and the bindings module are written together, all or nothing
//! ([`crate::sync::apply`]). `sync` regenerates the bindings from the lock
//! alone, offline.
//!
//! A change of pin prints the interface changes between the two versions:
//! inputs added and removed, newly required (a `new` argument) or no longer,
//! newly deprecated, defaults changed, outputs added and removed.

use std::io::Write;
use std::path::Path;

use clap::{Arg, ArgMatches, Command};

use crate::bindings::Target;
use crate::escape::escape_controls;

#[cfg_attr(not(feature = "codegen"), allow(dead_code))]
mod git;
#[cfg_attr(not(feature = "codegen"), allow(dead_code))]
pub mod lock;

pub use git::{DEFAULT_TIMEOUT, Git};

/// Why an `actions` command failed; each names the action. Nothing was
/// written.
///
/// ```
/// use ci_gen::actions::ActionsError;
///
/// let e = ActionsError::NotLocked { action: "o/r".into(), lock: "ci/actions.lock".into() };
/// assert_eq!(e.to_string(), "`o/r` is not pinned in ci/actions.lock");
/// ```
#[derive(Debug, thiserror::Error)]
pub enum ActionsError {
    /// `git` could not be run or failed for another reason.
    #[error("{}: {}", escape_controls(.action), escape_controls(.message))]
    Git {
        /// The action.
        action: String,
        /// What went wrong.
        message: String,
    },
    /// The repository cannot be read (`git ls-remote` failed).
    #[error("{}: cannot read the repository {}: {}", escape_controls(.action), escape_controls(.url), escape_controls(.message))]
    Unreachable {
        /// The action.
        action: String,
        /// The URL, before git's `insteadOf`.
        url: String,
        /// git's message.
        message: String,
    },
    /// No tag or branch of that name.
    #[error("{}: no tag or branch `{}` in {}{}", escape_controls(.action), escape_controls(.reference), escape_controls(.url), escape_controls(.hint))]
    NoRef {
        /// The action.
        action: String,
        /// The ref asked for.
        reference: String,
        /// The URL.
        url: String,
        /// The newest tags, if any (`; newest tags: ...`).
        hint: String,
    },
    /// A commit that cannot be fetched.
    #[error("{}: commit {} cannot be fetched from {}: {}", escape_controls(.action), escape_controls(.commit), escape_controls(.url), escape_controls(.message))]
    NoCommit {
        /// The action.
        action: String,
        /// The URL.
        url: String,
        /// The commit.
        commit: String,
        /// git's message.
        message: String,
    },
    /// Neither `action.yml` nor `action.yaml` at that commit.
    #[error("{}: no action.yml or action.yaml in {} at commit {}", escape_controls(.action), escape_controls(.folder), escape_controls(.commit))]
    NoActionFile {
        /// The action.
        action: String,
        /// The folder looked in.
        folder: String,
        /// The commit.
        commit: String,
    },
    /// The action file does not parse as an `action.yml`.
    #[error("{}: {} at {} ({}) does not parse: {}", escape_controls(.action), escape_controls(.file), escape_controls(.tag), escape_controls(.commit), escape_controls(.message))]
    BadActionFile {
        /// The action.
        action: String,
        /// The file in the repository.
        file: String,
        /// The tag.
        tag: String,
        /// The commit.
        commit: String,
        /// The parser's message.
        message: String,
    },
    /// An argument that is not `OWNER/REPO[/PATH]@REF` (or `OWNER/REPO[/PATH]`).
    #[error("`{}` is not {}", escape_controls(.given), .expected)]
    BadSpec {
        /// What was given.
        given: String,
        /// The form expected.
        expected: &'static str,
    },
    /// An action the lock does not hold.
    #[error("`{}` is not pinned in {}", escape_controls(.action), escape_controls(.lock))]
    NotLocked {
        /// The action.
        action: String,
        /// The lock.
        lock: String,
    },
    /// Generated files that pin one action to two different commits.
    #[error("{}: the generated files pin two commits: {}", escape_controls(.action), escape_controls(.pins))]
    Conflict {
        /// The action.
        action: String,
        /// Each commit with a file that pins it.
        pins: String,
    },
    /// A generated file that cannot be read.
    #[error("{}: {}", escape_controls(.path), .source)]
    Io {
        /// The file.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
}

/// What `actions` does, in the list of commands.
const ABOUT: &str = if cfg!(feature = "codegen") {
    "pin actions in the lock and generate their typed bindings: list, add, update, adopt, remove, sync"
} else {
    "pin actions in the lock and generate their typed bindings: list, add, update, adopt, remove, sync (needs \
     ci-gen's codegen feature)"
};

/// `actions`' subcommands and arguments.
pub(crate) fn subcommand(target: &Target) -> Command {
    let sub = |name: &'static str, about: String| crate::cli::with_help(Command::new(name)).about(about);
    let actions_arg = |help: &'static str| Arg::new("action").value_name("OWNER/REPO[/PATH]").num_args(1..).help(help);
    let lock = escape_controls(&target.lock).into_owned();
    let module = escape_controls(&target.module).into_owned();
    crate::cli::with_help(Command::new("actions"))
        .about(ABOUT)
        .long_about(format!(
            "pin third-party actions in {lock} (the tag, the commit, and the facts of each action.yml its binding \
             needs) and write their typed bindings in {module}/. add, update, adopt and list --outdated read the \
             repositories with the git command line (your git configuration applies); sync and list work offline. \
             The lock and the bindings are written together, or not at all."
        ))
        .subcommand_required(true)
        .disable_help_subcommand(true)
        .subcommand(
            sub("list", format!("every action pinned in {lock}, with its tag and commit"))
                .arg(crate::cli::flag("outdated", "also the newest tag in the same major version, and the newest")),
        )
        .subcommand(
            sub("add", "pin actions: resolve REF (a tag, a branch or a full commit SHA) to a commit and to the most specific version tag there (v4 -> v4.2.3), read its action.yml, write the lock entry and the binding".to_owned())
                .arg(Arg::new("spec").value_name("OWNER/REPO[/PATH]@REF").num_args(1..).required(true)),
        )
        .subcommand(
            sub("update", "move pins to the newest tag of their major version (every pin, or those named), and print each interface change".to_owned())
                .arg(actions_arg("the actions to update (default: all)"))
                .arg(crate::cli::flag("major", "move to the newest tag, across major versions")),
        )
        .subcommand(sub(
            "adopt",
            "take over the pins of the generated files that differ from the lock (a bot's bump of a `uses:` line): read each new commit's action.yml, update the lock and the bindings".to_owned(),
        ))
        .subcommand(
            sub("remove", format!("unpin actions: remove their lock entries and bindings from {lock} and {module}/"))
                .arg(actions_arg("the actions to remove").required(true)),
        )
        .subcommand(
            sub("sync", format!("regenerate the bindings in {module}/ from {lock}, offline"))
                .arg(crate::cli::flag("check", "write nothing; diff every file that differs; exit 1 if any does"))
                .arg(
                    crate::cli::flag("force", "overwrite files there that carry no generated header")
                        .conflicts_with("check"),
                )
                .arg(crate::cli::color_arg("colour the diffs of --check")),
        )
}

/// Runs `actions ...` (`args` after the word `actions`) for `target`'s lock
/// and bindings under `root`; `files` are the generator's files, whose
/// copies on disk `adopt` reads (and compares with what the generator writes,
/// to point out a bumped action the lock does not hold). Returns the exit status: 0 fine, 1 an action
/// could not be pinned (nothing written) or `sync --check` found drift, 2 a
/// usage or I/O error.
///
/// ```
/// use ci_gen::actions::{self, Git};
/// use ci_gen::bindings::Target;
///
/// let target = Target::generator("ci/actions.lock", "ci/src/actions", "cargo run -p my-ci");
/// let (mut out, mut err) = (Vec::new(), Vec::new());
/// let files = ci_gen::Files::new("cargo run -p my-ci");
/// let code = actions::run(".".as_ref(), &target, &Git::new(), &files, &["add".to_owned()], &mut out, &mut err);
/// assert_eq!(code, 2, "add needs an action");
/// ```
pub fn run(
    root: &Path,
    target: &Target,
    git: &Git,
    files: &crate::Files,
    args: &[String],
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    match crate::cli::parse(&mut subcommand(target), args, out, err) {
        Ok(m) => run_parsed(root, target, git, files, &m, out, err),
        Err(code) => code,
    }
}

/// Runs `actions` with its parsed arguments.
pub(crate) fn run_parsed(
    root: &Path,
    target: &Target,
    git: &Git,
    files: &crate::Files,
    m: &ArgMatches,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let Some((name, m)) = m.subcommand() else { return 2 };
    if name == "sync" {
        let (check, force) = (m.get_flag("check"), m.get_flag("force"));
        return crate::bindings::sync_target(root, target, check, force, crate::cli::color(m), out, err);
    }
    let values = |id: &str| -> Vec<String> { m.get_many::<String>(id).into_iter().flatten().cloned().collect() };
    let command = match name {
        "list" => Cmd::List { outdated: m.get_flag("outdated") },
        "add" => Cmd::Add(values("spec")),
        "update" => Cmd::Update { actions: values("action"), major: m.get_flag("major") },
        "adopt" => Cmd::Adopt(files),
        "remove" => Cmd::Remove(values("action")),
        _ => return 2,
    };
    imp::run(root, target, git, command, out, err)
}

/// One command, parsed.
#[cfg_attr(not(feature = "codegen"), allow(dead_code))]
#[derive(Debug)]
enum Cmd<'a> {
    List { outdated: bool },
    Add(Vec<String>),
    Update { actions: Vec<String>, major: bool },
    Adopt(&'a crate::Files),
    Remove(Vec<String>),
}

#[cfg(not(feature = "codegen"))]
mod imp {
    use super::*;

    pub(super) fn run(
        _root: &Path,
        target: &Target,
        _git: &Git,
        command: Cmd<'_>,
        _out: &mut dyn Write,
        err: &mut dyn Write,
    ) -> u8 {
        let word = match command {
            Cmd::List { .. } => "list",
            Cmd::Add(_) => "add",
            Cmd::Update { .. } => "update",
            Cmd::Adopt(_) => "adopt",
            Cmd::Remove(_) => "remove",
        };
        let command = target.actions_command();
        let _ = writeln!(
            err,
            "error: `actions {word}` needs ci-gen's `codegen` feature (syn, quote and prettyplease, left out of the \
             default build so that the drift check compiles fast); run:\n\n    {command} {word} ..."
        );
        2
    }
}

#[cfg(feature = "codegen")]
mod imp;

#[cfg(test)]
mod tests {
    use super::*;

    fn run_args(args: &[&str]) -> (u8, String) {
        let target = Target::generator("a.lock", "src/actions", "cargo run -p my-ci");
        let args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let root = std::env::temp_dir().join("ci-gen-actions-no-root");
        let files = crate::Files::new("cargo run -p my-ci");
        let code = run(&root, &target, &Git::new(), &files, &args, &mut out, &mut err);
        (code, String::from_utf8_lossy(&out).into_owned() + &String::from_utf8_lossy(&err))
    }

    #[test]
    fn usage_errors_exit_2() {
        assert_eq!(run_args(&[]).0, 2);
        assert_eq!(run_args(&["bogus"]).0, 2);
        assert_eq!(run_args(&["add"]).0, 2);
        assert_eq!(run_args(&["remove"]).0, 2);
        assert_eq!(run_args(&["sync", "--check", "--force"]).0, 2);
        assert_eq!(run_args(&["--help"]).0, 0);
    }

    #[cfg(not(feature = "codegen"))]
    #[test]
    fn without_codegen_it_names_the_command_and_exits_2() {
        let (code, text) = run_args(&["add", "a/b@v1"]);
        assert_eq!(code, 2);
        assert!(text.contains("cargo run -p my-ci --features ci-gen/codegen -- actions add"), "{text}");
        let (code, text) = run_args(&["sync", "--check"]);
        assert_eq!(code, 2);
        assert!(text.contains("cargo run -p my-ci --features ci-gen/codegen -- actions sync --check"), "{text}");
    }
}
