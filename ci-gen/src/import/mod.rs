//! `ci-gen import`: existing workflow YAML (or an `action.yml`) as Rust
//! source that declares the same file with the ci-model builder API.
//!
//! The file is parsed with [`ci_model::Document::parse`], and the model is
//! written back as tokens built with `quote!`, formatted with syn and
//! prettyplease: one `pub fn workflow() -> Workflow` (or `action()`), one
//! function per job, builders wherever they make the same value (a typed
//! action binding for a step pinned to the binding's commit, `ex` / `JobRef` /
//! `StepRef` for a `${{ }}` that is a plain reference), struct literals for
//! the rest, scripts as raw strings. Every field is carried over: unknown keys
//! (`extra`), suppressions, and every comment (the header, comments above jobs
//! and steps, after `uses:` and `cron:`, and the rest by path in a
//! `comments()` function). So `to_yaml()` of the imported value is
//! byte-identical to `to_yaml()` of the parsed file, which loads to the same
//! data as the original. The comments live in the model, where the emitter
//! needs them, rather than as `//` comments in the Rust source.
//!
//! - `import FILE` prints the module.
//! - `import --crate DIR FILE...` writes a Cargo project (ci-model by path)
//!   whose `cargo run` prints each file's regenerated YAML after a
//!   `# file: <name>` line.
//! - `import --write DIR [--out OUT]` imports a whole `.github/` folder (DIR
//!   is the folder itself or the repository root that holds it): every
//!   `workflows/*.y{a,}ml` and `actions/**/action.y{a,}ml`, one module each plus
//!   a `mod.rs` with `files()`, ready to drop into a generator crate. A
//!   symbolic link to a folder below `workflows/` or `actions/` is not
//!   followed (it may loop); a note names each one skipped.
//!
//! However long a list the file holds, no expression of the module chains
//! more than 64 builder calls, and no value nests more than 8 levels in one
//! expression: longer chains and deeper values go on in `let` statements, so
//! that syn and prettyplease never recurse as deep as a list is long.
//!
//! Like `bindings`, it needs the `codegen` feature; without it the command
//! prints the command to run and exits 2.

use std::io::Write;

use crate::cli::display_path;

#[cfg(feature = "codegen")]
mod catalog;
#[cfg(feature = "codegen")]
mod code;
#[cfg(feature = "codegen")]
mod expr;
#[cfg(feature = "codegen")]
mod lit;
#[cfg(feature = "codegen")]
mod project;
#[cfg(feature = "codegen")]
mod record;
// Written by `ci-gen bindings` and formatted by prettyplease, which rustfmt
// would reformat: the skip keeps `cargo fmt --check` and regeneration in step.
#[cfg(feature = "codegen")]
#[rustfmt::skip]
mod bindings;

#[cfg(feature = "codegen")]
pub use catalog::TABLE_PATH;
#[cfg(feature = "codegen")]
pub(crate) use catalog::render as render_table;
#[cfg(feature = "codegen")]
pub use project::{CrateOptions, Tree, WriteOptions, crate_files, module_name, tree_files};

/// What `import` does, in the list of commands; says that it needs the
/// `codegen` feature when that is off.
const ABOUT: &str = if cfg!(feature = "codegen") {
    "existing workflow or action YAML as Rust source that builds it"
} else {
    "existing workflow or action YAML as Rust source that builds it (needs ci-gen's codegen feature)"
};

/// What `import` does, in its help.
const LONG_ABOUT: &str = "existing workflow or action YAML as Rust source using the ci-model builders: print one \
                          module (import FILE), write a runnable crate that prints each file's regenerated YAML \
                          (import --crate DIR FILE...), or import a whole .github/ folder (import --write DIR)";

/// Why `import` cannot run in this build, and how to run it: `command` is
/// the generator's command, `rest` the arguments after `import`.
fn needs_codegen(command: &str, rest: &str) -> String {
    format!(
        "`import` needs ci-gen's `codegen` feature (syn, quote and prettyplease, left out of the default build so \
         that the drift check compiles fast); {}",
        crate::cli::with_codegen(command, &format!(" import{rest}"))
    )
}

/// `import`'s arguments, for the command line and its help.
pub(crate) fn subcommand(command: &str) -> clap::Command {
    use clap::{Arg, ArgAction, ArgGroup, value_parser};
    let long_about = if cfg!(feature = "codegen") {
        LONG_ABOUT.to_owned()
    } else {
        format!("{LONG_ABOUT}. {}", needs_codegen(command, " ..."))
    };
    let dir = |name: &'static str, value_name: &'static str, help: &'static str| {
        Arg::new(name).long(name).value_name(value_name).value_parser(value_parser!(std::path::PathBuf)).help(help)
    };
    crate::cli::with_help(clap::Command::new("import"))
        .about(ABOUT)
        .long_about(long_about)
        .arg(
            Arg::new("file")
                .value_name("FILE")
                .num_args(0..)
                .action(ArgAction::Append)
                .conflicts_with("write")
                .help("a workflow or an action.yml: one to print, or several with --crate"),
        )
        .arg(dir(
            "crate",
            "DIR",
            "write a Cargo project in DIR whose `cargo run` prints each file's YAML, each after a `# file: <name>` line",
        ))
        .arg(dir(
            "ci-model",
            "PATH",
            "with --crate: the ci-model the project depends on, by path (default: this checkout's)",
        )
        .requires("crate"))
        .arg(dir(
            "write",
            "DIR",
            "import a .github/ folder (DIR is the folder or the repository root that holds it): workflows/*.yml and \
             actions/**/action.yml, one module each plus a mod.rs whose files() registers them with ci_gen::Files; \
             symbolic links to folders below workflows/ and actions/ are skipped and named",
        ))
        .arg(dir("out", "OUT", "with --write: where the modules go (default: ./imported)").requires("write"))
        .arg(
            Arg::new("command")
                .long("command")
                .value_name("CMD")
                .requires("write")
                .help("with --write: the regenerate command named in each header (default: this generator's)"),
        )
        .arg(
            crate::cli::flag("force", "with --crate or --write: write into a folder that is not empty, overwrite files")
                .requires("output"),
        )
        .group(ArgGroup::new("output").args(["crate", "write"]))
}
/// Why a file could not be imported.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file is not a workflow or action ci-model can read; every problem,
    /// each with its line, column and path.
    #[error("{}", .diagnostics.iter().map(|d| format!("{}:{d}", display_path(file))).collect::<Vec<_>>().join("\n"))]
    Parse {
        /// The file, as named.
        file: String,
        /// The parser's problems.
        diagnostics: Vec<ci_model::Diagnostic>,
    },
    /// A file or folder could not be read or written.
    #[error("{}: {message}", display_path(.path))]
    Io {
        /// The path.
        path: String,
        /// The cause.
        message: String,
    },
    /// The generated tokens are not Rust (a bug in the importer).
    #[error("{}: the generated Rust does not parse ({message}); this is a bug in `ci-gen import`", display_path(.file))]
    Syntax {
        /// The file.
        file: String,
        /// syn's message.
        message: String,
    },
}

/// One imported file: the module's name and source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Module {
    /// The file as named (in messages, the module doc and `# file:` lines).
    pub file: String,
    /// Whether it builds a workflow (`workflow()`) or an action (`action()`).
    pub kind: ci_model::DocumentKind,
    /// The Rust source, formatted.
    pub source: String,
}

/// How a module is written.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ModuleOptions {
    /// Leave the header comment out of the builder (when `ci_gen::Files`
    /// writes its own): it goes into the module's documentation instead,
    /// unless it is a ci-gen header.
    pub header_in_docs: bool,
}

/// Imports one file: `text` is its content, `file` its name for messages and
/// the module documentation.
///
/// ```
/// # #[cfg(feature = "codegen")] {
/// let m = ci_gen::import::import("on: push\njobs:\n  t:\n    runs-on: x\n    steps:\n      - run: make\n", "ci.yml").unwrap();
/// assert!(m.source.contains("pub fn workflow() -> Workflow {"));
/// assert!(m.source.contains(".step(Step::run(\"make\"))"));
/// # }
/// ```
#[cfg(feature = "codegen")]
pub fn import(text: &str, file: &str) -> Result<Module, ImportError> {
    import_with(text, file, &ModuleOptions::default())
}

/// [`import`] with options.
#[cfg(feature = "codegen")]
pub fn import_with(text: &str, file: &str, options: &ModuleOptions) -> Result<Module, ImportError> {
    let doc = ci_model::Document::parse(text, None)
        .map_err(|e| ImportError::Parse { file: file.to_owned(), diagnostics: e.into_diagnostics() })?;
    let source = source(&doc, file, options)?;
    Ok(Module { file: file.to_owned(), kind: doc.kind(), source })
}

/// The module's source for a parsed document.
#[cfg(feature = "codegen")]
fn source(doc: &ci_model::Document, file: &str, options: &ModuleOptions) -> Result<String, ImportError> {
    use ci_model::Document;
    use quote::quote;

    let mut cx = code::Imports::new();
    let mut items = Vec::new();
    // An absolute path says where the file was on this machine, not what it is.
    let path = std::path::Path::new(file);
    let shown = if path.is_absolute() {
        let parts: Vec<String> = path.iter().rev().take(2).map(|c| c.to_string_lossy().into_owned()).collect();
        match parts.as_slice() {
            [name, dir] if name.starts_with("action.") => format!("{dir}/{name}"),
            [name, ..] => name.clone(),
            [] => file.to_owned(),
        }
    } else {
        file.to_owned()
    };
    let shown = shown.replace('`', "'");
    let mut docs = vec![match doc {
        Document::Workflow(_) => format!(" The workflow `{shown}`, imported by `ci-gen import`."),
        Document::Action(_) => format!(" The action `{shown}`, imported by `ci-gen import`."),
    }];
    let (header, comments) = match doc {
        Document::Workflow(w) => (&w.header, &w.comments),
        Document::Action(a) => (&a.header, &a.comments),
    };
    if options.header_in_docs
        && let Some(h) = header
        && !h.starts_with(crate::files::MARKER)
    {
        docs.push(String::new());
        docs.push(" Its header comment, which `ci_gen::Files` replaces with its own:".to_owned());
        docs.push(String::new());
        docs.push(" ```text".to_owned());
        docs.extend(h.split('\n').map(|l| if l.is_empty() { String::new() } else { format!(" {l}") }));
        docs.push(" ```".to_owned());
    }
    let comments_fn = code::comments(comments, &mut cx);
    match doc {
        Document::Workflow(w) => {
            let mut w = w.clone();
            if options.header_in_docs {
                w.header = None;
            }
            let names = fn_names(w.jobs.keys().map(String::as_str));
            let mut jobs = Vec::new();
            for ((id, job), f) in w.jobs.iter().zip(&names) {
                let (ret, body) = code::job(job, &mut cx);
                let d = format!(" The `{}` job.", id.replace('`', "'"));
                jobs.push(quote! {
                    #[doc = #d]
                    fn #f() -> #ret {
                        #body
                    }
                });
            }
            let body = code::workflow(&w, &names, comments_fn.is_some(), &mut cx);
            let ty = cx.ty("Workflow");
            items.push(quote! {
                #[doc = " The workflow."]
                pub fn workflow() -> #ty {
                    #body
                }
            });
            items.extend(jobs);
        }
        Document::Action(a) => {
            let mut a = a.clone();
            if options.header_in_docs {
                a.header = None;
            }
            let body = code::action(&a, comments_fn.is_some(), &mut cx);
            let ty = cx.ty("Action");
            items.push(quote! {
                #[doc = " The action."]
                pub fn action() -> #ty {
                    #body
                }
            });
        }
    }
    if let Some(body) = comments_fn {
        let ty = cx.ty("SourceComments");
        items.push(quote! {
            #[doc = " The comments of the file that no builder holds, by the path of the node they belong to."]
            fn comments() -> #ty {
                #body
            }
        });
    }
    let uses = imports(&cx);
    let tokens = quote! {
        #(#![doc = #docs])*
        #(#uses)*
        #(#items)*
    };
    format(tokens).map_err(|message| ImportError::Syntax { file: file.to_owned(), message })
}

/// `use` items for what the code uses.
#[cfg(feature = "codegen")]
fn imports(cx: &code::Imports) -> Vec<proc_macro2::TokenStream> {
    use quote::{format_ident, quote};
    let list = |names: &std::collections::BTreeSet<String>| -> Vec<proc_macro2::Ident> {
        // `ex` (a module) first, then the types, as rustfmt orders them.
        let mut v: Vec<&String> = names.iter().collect();
        v.sort_by_key(|n| (n.starts_with(|c: char| c.is_ascii_uppercase()), n.as_str()));
        v.into_iter().map(|n| format_ident!("{}", n)).collect()
    };
    let mut out = Vec::new();
    let one_or_more = |path: proc_macro2::TokenStream, names: Vec<proc_macro2::Ident>| match names.as_slice() {
        [] => None,
        [one] => Some(quote! { use #path::#one; }),
        _ => Some(quote! { use #path::{#(#names),*}; }),
    };
    out.extend(one_or_more(quote! { ci_model::actions }, list(&cx.actions)));
    out.extend(one_or_more(quote! { ci_model::lint }, list(&cx.lint)));
    out.extend(one_or_more(quote! { ci_model }, list(&cx.model)));
    out
}

/// Function names for job ids: snake_case, unique, never a keyword or a
/// name the module uses itself.
#[cfg(feature = "codegen")]
fn fn_names<'a>(ids: impl Iterator<Item = &'a str>) -> Vec<proc_macro2::Ident> {
    const RESERVED: &[&str] = &["workflow", "action", "comments", "main", "ex"];
    let mut used = std::collections::BTreeSet::new();
    ids.map(|id| {
        let mut name = crate::bindings::spec::snake(id);
        if name.is_empty() {
            name = "job".to_owned();
        }
        if name.starts_with(|c: char| c.is_ascii_digit()) {
            name = format!("job_{name}");
        }
        if RESERVED.contains(&name.as_str()) || crate::bindings::spec::ident_text(&name) != name {
            name.push_str("_job");
        }
        let mut unique = name.clone();
        let mut n = 2;
        while !used.insert(unique.clone()) {
            unique = format!("{name}_{n}");
            n += 1;
        }
        quote::format_ident!("{}", unique)
    })
    .collect()
}

/// Parses tokens as a file and prints them with prettyplease, with a blank
/// line between items.
#[cfg(feature = "codegen")]
pub(crate) fn format(tokens: proc_macro2::TokenStream) -> Result<String, String> {
    let file: syn::File = syn::parse2(tokens).map_err(|e| e.to_string())?;
    Ok(space_items(&prettyplease::unparse(&file)))
}

/// prettyplease puts no blank line between top-level items; this adds one
/// before each item (or its doc comment) that follows another, and after the
/// module documentation. Only whole lines at the top level are inserted, so
/// nothing inside a string changes.
#[cfg(feature = "codegen")]
fn space_items(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 256);
    let mut prev = "";
    let mut in_raw: Option<String> = None;
    for line in text.lines() {
        let starts_item = ["///", "#[", "pub ", "fn ", "mod ", "use "].iter().any(|s| line.starts_with(s));
        let prev_is_head = prev.starts_with("///") || prev.starts_with("#[");
        let module_doc_ends = prev.starts_with("//!") && !line.starts_with("//!");
        let after_item = prev == "}" || (prev.ends_with(';') && !prev.starts_with(' '));
        let same_kind = prev.starts_with("use ") && line.starts_with("use ")
            || prev.starts_with("mod ") && line.starts_with("mod ")
            || prev.starts_with("pub mod ") && line.starts_with("pub mod ");
        if in_raw.is_none()
            && !prev.is_empty()
            && (module_doc_ends || (starts_item && !prev_is_head && after_item && !same_kind))
        {
            out.push('\n');
        }
        out.push_str(line);
        out.push('\n');
        in_raw = raw_state(line, in_raw);
        prev = line;
    }
    out
}

/// Whether a raw string is still open after `line`: the `"#...` that closes
/// it, when so.
#[cfg(feature = "codegen")]
fn raw_state(line: &str, mut open: Option<String>) -> Option<String> {
    let mut rest = line;
    loop {
        match &open {
            Some(close) => match rest.find(close.as_str()) {
                Some(at) => {
                    rest = &rest[at + close.len()..];
                    open = None;
                }
                None => return open,
            },
            None => {
                // A raw string that starts on this line and does not end on it.
                let at = rest.find("r#")?;
                let after = &rest[at + 1..];
                let hashes = after.len() - after.trim_start_matches('#').len();
                if !after[hashes..].starts_with('"') {
                    rest = &rest[at + 2..];
                    continue;
                }
                let close = format!("\"{}", "#".repeat(hashes));
                rest = &after[hashes + 1..];
                open = Some(close);
            }
        }
    }
}

/// `import ...` of the generator `command` (the regenerate command `--write`
/// names, and the one a hint names): returns the exit status (0 fine, 1 a file could not be
/// imported, 2 a usage or I/O error, or the `codegen` feature is off).
///
/// ```
/// let (mut out, mut err) = (Vec::new(), Vec::new());
/// assert_eq!(ci_gen::import::run("cargo run -p my-ci", &["--help".to_owned()], &mut out, &mut err), 0);
/// assert!(String::from_utf8_lossy(&out).contains("--crate <DIR>"));
/// ```
pub fn run(command: &str, args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let mut cmd = subcommand(command);
    match crate::cli::parse(&mut cmd, args, out, err) {
        Ok(m) => run_parsed(&m, &mut cmd, args, command, out, err),
        Err(code) => code,
    }
}

/// Runs `import` with its parsed arguments; `cmd` is the subcommand (for
/// the usage line of an error), `args` the arguments as given (named in the
/// command to run when the `codegen` feature is off), and `command` the
/// regenerate command `--write` names when `--command` is not given.
#[cfg(not(feature = "codegen"))]
pub(crate) fn run_parsed(
    _m: &clap::ArgMatches,
    _cmd: &mut clap::Command,
    args: &[String],
    command: &str,
    _out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let rest: String = args.iter().map(|a| format!(" {}", shell_word(a))).collect();
    let rest = crate::escape::escape_controls(&rest);
    let _ = writeln!(err, "error: {}", needs_codegen(command, &rest));
    2
}

/// Runs `import` with its parsed arguments; `cmd` is the subcommand (for
/// the usage line of an error), and `command` the regenerate command
/// `--write` names when `--command` is not given.
#[cfg(feature = "codegen")]
pub(crate) fn run_parsed(
    m: &clap::ArgMatches,
    cmd: &mut clap::Command,
    _args: &[String],
    command: &str,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    project::command(m, cmd, command, out, err)
}

/// `a` as one shell word.
#[cfg(not(feature = "codegen"))]
fn shell_word(a: &str) -> String {
    if !a.is_empty() && a.chars().all(|c| c.is_ascii_alphanumeric() || "-_./=:@+,".contains(c)) {
        a.to_owned()
    } else {
        format!("'{}'", a.replace('\'', "'\\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run_args(args: &[&str]) -> (u8, String, String) {
        let args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = run("cargo run -p ci-gen", &args, &mut out, &mut err);
        (code, String::from_utf8_lossy(&out).into_owned(), String::from_utf8_lossy(&err).into_owned())
    }

    #[test]
    fn help_exits_0() {
        assert_eq!(run_args(&["--help"]).0, 0);
    }

    #[cfg(not(feature = "codegen"))]
    #[test]
    fn without_codegen_it_names_the_command_and_exits_2() {
        let (code, _, err) = run_args(&["--crate", "out dir", "ci.yml"]);
        assert_eq!(code, 2);
        assert!(err.contains("cargo run -p ci-gen --features codegen -- import --crate 'out dir' ci.yml"), "{err}");
        let (mut out, mut err) = (Vec::new(), Vec::new());
        assert_eq!(run("cargo run -p my-ci", &["ci.yml".to_owned()], &mut out, &mut err), 2);
        let err = String::from_utf8_lossy(&err);
        assert!(err.contains("cargo run -p my-ci --features ci-gen/codegen -- import ci.yml"), "{err}");
        assert!(!err.contains("-p ci-gen"), "{err}");
    }

    #[cfg(feature = "codegen")]
    #[test]
    fn usage_errors_exit_2() {
        assert_eq!(run_args(&[]).0, 2);
        assert_eq!(run_args(&["--bogus"]).0, 2);
        assert_eq!(run_args(&["a.yml", "b.yml"]).0, 2);
        assert_eq!(run_args(&["--crate"]).0, 2);
    }

    #[cfg(feature = "codegen")]
    #[test]
    fn a_file_that_does_not_parse_names_the_path() {
        let e = import("on: push\njobs:\n  a:\n    runs-on: x\n    timeout-minutes: soon\n", "ci.yml").unwrap_err();
        let text = e.to_string();
        assert!(text.starts_with("ci.yml:5:22: jobs.a.timeout-minutes: expected a number"), "{text}");
    }

    #[cfg(feature = "codegen")]
    #[test]
    fn job_function_names() {
        let names: Vec<String> = fn_names(["build", "Build", "type", "2nd", "workflow", "--"].into_iter())
            .iter()
            .map(|i| i.to_string())
            .collect();
        assert_eq!(names, ["build", "build_2", "type_job", "job_2nd", "workflow_job", "job"]);
    }

    /// The depth of the deepest expression of a Rust file, as syn reads it
    /// (a `vec![..]`'s items included).
    #[cfg(feature = "codegen")]
    fn depth(source: &str) -> usize {
        use syn::punctuated::Punctuated;
        use syn::{Block, Expr, Item, Stmt};
        fn most<'a>(exprs: impl IntoIterator<Item = &'a Expr>) -> usize {
            exprs.into_iter().map(expr).max().unwrap_or(0)
        }
        fn block(b: &Block) -> usize {
            b.stmts
                .iter()
                .map(|s| match s {
                    Stmt::Local(l) => l.init.as_ref().map_or(0, |i| expr(&i.expr)),
                    Stmt::Expr(e, _) => expr(e),
                    Stmt::Item(Item::Fn(f)) => block(&f.block),
                    _ => 0,
                })
                .max()
                .unwrap_or(0)
        }
        fn expr(e: &Expr) -> usize {
            1 + match e {
                Expr::MethodCall(m) => expr(&m.receiver).max(most(&m.args)),
                Expr::Call(c) => expr(&c.func).max(most(&c.args)),
                Expr::Array(a) => most(&a.elems),
                Expr::Tuple(t) => most(&t.elems),
                Expr::Struct(s) => most(s.fields.iter().map(|f| &f.expr)).max(s.rest.as_deref().map_or(0, expr)),
                Expr::Block(b) => block(&b.block),
                Expr::Closure(c) => expr(&c.body),
                Expr::Reference(r) => expr(&r.expr),
                Expr::Assign(a) => expr(&a.left).max(expr(&a.right)),
                Expr::Field(f) => expr(&f.base),
                Expr::Unary(u) => expr(&u.expr),
                Expr::Paren(p) => expr(&p.expr),
                Expr::Macro(m) => m
                    .mac
                    .parse_body_with(Punctuated::<Expr, syn::Token![,]>::parse_terminated)
                    .map_or(0, |items| most(&items)),
                _ => 0,
            }
        }
        let file = syn::parse_file(source).unwrap_or_else(|e| panic!("{e}\n{source}"));
        file.items.iter().map(|i| if let Item::Fn(f) = i { block(&f.block) } else { 0 }).max().unwrap_or(0)
    }

    /// A workflow with `n` of every list the importer writes as builder
    /// calls, and a file holding a composite action with `n` of each list.
    #[cfg(feature = "codegen")]
    fn long_lists(n: usize) -> (String, String) {
        use std::fmt::Write;
        let mut w = String::from("# top\non:\n  push:\n    branches: [main]\n  workflow_dispatch:\n    inputs:\n");
        for i in 0..n {
            let _ = writeln!(w, "      i{i}: {{description: d}}");
        }
        w.push_str("permissions:\n");
        for i in 0..n {
            let _ = writeln!(w, "  x-scope-{i}: read");
        }
        w.push_str("env:\n");
        for i in 0..n {
            let _ = writeln!(w, "  E{i}: v{i}  # env {i}");
        }
        w.push_str("jobs:\n  first:\n    runs-on: x\n    x-job: 1\n    needs: [");
        w.push_str(&(1..n).map(|i| format!("j{i}")).collect::<Vec<_>>().join(", "));
        w.push_str("]\n    container:\n      image: node\n      env:\n");
        for i in 0..n {
            let _ = writeln!(w, "        C{i}: v");
        }
        w.push_str("    strategy:\n      matrix:\n        include:\n");
        for i in 0..n {
            let _ = writeln!(w, "          - {{k: {i}}}");
        }
        w.push_str("    services:\n");
        for i in 0..n {
            let _ = writeln!(w, "      s{i}: img");
        }
        w.push_str("    outputs:\n");
        for i in 0..n {
            let _ = writeln!(w, "      o{i}: v");
        }
        w.push_str("    steps:\n      - uses: someone/else@v1\n        with:\n");
        for i in 0..n {
            let _ = writeln!(w, "          w{i}: v");
        }
        for i in 0..n {
            let _ = writeln!(w, "      - run: s{i}");
        }
        for i in 1..n {
            let _ = writeln!(w, "  j{i}:\n    uses: o/r/.github/workflows/x.yml@main\n    with: {{a: {i}}}");
        }
        let mut a = String::from("name: a\ninputs:\n");
        for i in 0..n {
            let _ = writeln!(a, "  i{i}: {{description: d}}");
        }
        a.push_str("runs:\n  using: composite\n  steps:\n");
        for i in 0..n {
            let _ = writeln!(a, "    - {{run: s{i}, shell: bash}}");
        }
        (w, a)
    }

    #[cfg(feature = "codegen")]
    #[test]
    fn long_lists_make_code_no_deeper_than_short_ones() {
        let depths = |n: usize| {
            let (w, a) = long_lists(n);
            let w = import(&w, "ci.yml").unwrap_or_else(|e| panic!("{e}"));
            let a = import(&a, "action.yml").unwrap_or_else(|e| panic!("{e}"));
            assert!(w.source.contains("let workflow = workflow"), "{}", w.source);
            // A long chain goes on in statements.
            assert!(w.source.contains("    let job = job\n"), "{}", w.source);
            assert!(w.source.contains(".unknown_key(\"x-job\", 1)"), "{}", w.source);
            (depth(&w.source), depth(&a.source))
        };
        let (short, long) = (depths(100), depths(1_000));
        assert_eq!(short, long);
        // A chain holds chains (a job's steps, a step's `with:`), each of
        // MAX_CHAIN calls at most.
        assert!(long.0 <= 3 * code::MAX_CHAIN && long.1 <= 3 * code::MAX_CHAIN, "{long:?}");
    }

    #[cfg(feature = "codegen")]
    #[test]
    fn deep_values_make_code_of_bounded_depth() {
        let workflow = |levels: usize| {
            let map = format!("{}1{}", "{a: ".repeat(levels), "}".repeat(levels));
            let seq = format!("{}1{}", "[".repeat(levels), "]".repeat(levels));
            let mut step = "{run: a}".to_owned();
            for _ in 0..levels / 2 - 2 {
                step = format!("{{parallel: [{step}, {{run: b}}]}}");
            }
            format!("on: push\nx-map: {map}\nx-seq: {seq}\njobs:\n  a:\n    runs-on: x\n    steps: [{step}]\n")
        };
        let depth_of = |levels: usize| {
            let m = import(&workflow(levels), "ci.yml").unwrap_or_else(|e| panic!("{e}"));
            depth(&m.source)
        };
        // Unbounded, each level would add two or three (120 levels: 300 deep).
        // The YAML loader takes 128 levels at most.
        let depths: Vec<usize> = (8..=120).step_by(7).map(depth_of).collect();
        assert!(depths.iter().all(|d| *d <= 6 * lit::MAX_NESTING), "{depths:?}");
    }

    #[cfg(feature = "codegen")]
    #[test]
    fn spacing_skips_raw_strings() {
        let text = "//! Doc.\nuse a::b;\nfn x() {\n    f(r#\"\n}\nfn y() {}\n\"#);\n}\nfn z() {}\n";
        assert_eq!(
            space_items(text),
            "//! Doc.\n\nuse a::b;\n\nfn x() {\n    f(r#\"\n}\nfn y() {}\n\"#);\n}\n\nfn z() {}\n"
        );
    }
}
