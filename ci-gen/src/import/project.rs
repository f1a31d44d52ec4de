//! What `import` writes besides one module: a runnable Cargo project
//! (`--crate`), or a `.github/` tree as modules with a `mod.rs` (`--write`).

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

use ci_model::DocumentKind;
use quote::{format_ident, quote};

use clap::{ArgMatches, Command};

use super::{ImportError, Module, ModuleOptions, format, import_with};
use crate::escape::{display_path, escape_controls};
use crate::sync::leads_to;

/// Names a module cannot take: the crate's own files, and crates in scope.
const RESERVED: &[&str] = &["main", "lib", "mod", "std", "core", "alloc", "ci_model", "ci_gen", "tests", "build"];

/// A module name for a file: the snake_case of its name without the
/// extension (for an `action.yml`, of the folder that holds it), never a
/// keyword, a reserved name, or one in `taken`; it is added to `taken`.
///
/// ```
/// use std::collections::BTreeSet;
/// let mut taken = BTreeSet::new();
/// assert_eq!(ci_gen::import::module_name("docker-build.yml", &mut taken), "docker_build");
/// assert_eq!(ci_gen::import::module_name("Docker_Build.yaml", &mut taken), "docker_build_2");
/// assert_eq!(ci_gen::import::module_name(".github/actions/wait/action.yml", &mut taken), "wait");
/// assert_eq!(ci_gen::import::module_name("main.yml", &mut taken), "main_file");
/// ```
pub fn module_name(file: &str, taken: &mut BTreeSet<String>) -> String {
    let path = Path::new(file);
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let stem = if stem == "action" {
        path.parent().and_then(Path::file_name).map_or(stem, |d| d.to_string_lossy().into_owned())
    } else {
        stem
    };
    let mut name = crate::bindings::spec::snake(&stem);
    if name.is_empty() {
        name = "file".to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name = format!("file_{name}");
    }
    if RESERVED.contains(&name.as_str()) || crate::bindings::spec::ident_text(&name) != name {
        name.push_str("_file");
    }
    let mut unique = name.clone();
    let mut n = 2;
    while !taken.insert(unique.clone()) {
        unique = format!("{name}_{n}");
        n += 1;
    }
    unique
}

/// How `--crate` writes its project.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CrateOptions {
    /// The package name.
    pub package: String,
    /// The path to ci-model, as `Cargo.toml` names it.
    pub ci_model: String,
}

/// The project that prints each file's regenerated YAML: `(path, contents)`
/// relative to its folder, `Cargo.toml` and `src/main.rs` first. `files` are
/// `(name, text)`; every file that cannot be imported is reported.
pub fn crate_files(
    files: &[(String, String)],
    options: &CrateOptions,
) -> Result<Vec<(String, String)>, Vec<ImportError>> {
    let mut taken = BTreeSet::new();
    let mut modules = Vec::new();
    let mut errors = Vec::new();
    for (name, text) in files {
        match import_with(text, name, &ModuleOptions::default()) {
            Ok(m) => modules.push((module_name(name, &mut taken), m)),
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mods = modules.iter().map(|(n, _)| format_ident!("{}", n));
    let prints = modules.iter().map(|(n, m)| {
        let n = format_ident!("{}", n);
        // The name is part of the format string, its braces doubled.
        let line = format!("# file: {}", m.file.replace('{', "{{").replace('}', "}}"));
        let build = match m.kind {
            DocumentKind::Workflow => quote! { #n::workflow() },
            DocumentKind::Action => quote! { #n::action() },
        };
        quote! {
            println!(#line);
            print!("{}", #build.to_yaml());
        }
    });
    let main = quote! {
        #![doc = " Prints the YAML of each imported file, each after a `# file: <name>` line."]
        #(mod #mods;)*
        fn main() {
            #(#prints)*
        }
    };
    let main = format(main).map_err(|message| vec![ImportError::Syntax { file: "src/main.rs".to_owned(), message }])?;
    let mut out = vec![("Cargo.toml".to_owned(), cargo_toml(options)), ("src/main.rs".to_owned(), main)];
    out.extend(modules.into_iter().map(|(n, m)| (format!("src/{n}.rs"), m.source)));
    Ok(out)
}

/// A TOML basic string.
fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn cargo_toml(o: &CrateOptions) -> String {
    format!(
        "[package]\nname = {}\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\nci-model = {{ path = {} }}\n\n\
         # Not part of any enclosing workspace.\n[workspace]\n",
        toml_string(&o.package),
        toml_string(&o.ci_model)
    )
}

/// How `--write` writes a `.github/` tree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WriteOptions {
    /// The regenerate command `files()` names in each header.
    pub command: String,
    /// Where the modules sit relative to the repository root (for each
    /// file's `Source:` line), when they are inside it.
    pub source_dir: Option<String>,
}

/// Files to import: each path relative to the repository root, and where it is.
type Inputs = Vec<(String, PathBuf)>;

/// The workflows and actions of a `.github/` folder: `workflows/*.y{a,}ml`
/// and `actions/**/action.y{a,}ml`, each with its path relative to the
/// repository root, sorted; and the symbolic links to folders the walk met
/// and did not follow (sorted, relative to the repository root).
///
/// `workflows/` and `actions/` are read even when they are links
/// themselves, but no link to a folder below them is: a link can point back
/// up (`ln -s .. loop`), and following it would walk forever.
fn tree_inputs(github: &Path) -> Result<(Inputs, Vec<String>), ImportError> {
    let io = |p: &Path, e: std::io::Error| ImportError::Io { path: p.display().to_string(), message: e.to_string() };
    let yaml = |p: &Path| p.extension().is_some_and(|e| e == "yml" || e == "yaml");
    let rel = |p: &Path| {
        let rel = p.strip_prefix(github).unwrap_or(p);
        let rel: Vec<String> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
        format!(".github/{}", rel.join("/"))
    };
    // A link whose target is a folder (`is_dir` follows links, the entry's type does not).
    let linked_dir =
        |entry: &std::fs::DirEntry| entry.file_type().is_ok_and(|t| t.is_symlink()) && entry.path().is_dir();
    let mut out = Vec::new();
    let mut skipped = Vec::new();
    let workflows = github.join("workflows");
    if workflows.is_dir() {
        let mut files = Vec::new();
        for entry in std::fs::read_dir(&workflows).map_err(|e| io(&workflows, e))?.filter_map(Result::ok) {
            let p = entry.path();
            if linked_dir(&entry) {
                skipped.push(rel(&p));
            } else if p.is_file() && yaml(&p) {
                files.push(p);
            }
        }
        files.sort();
        for f in files {
            let name = f.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            out.push((format!(".github/workflows/{name}"), f));
        }
    }
    let mut actions = Vec::new();
    let mut stack = vec![github.join("actions")];
    while let Some(dir) = stack.pop() {
        if !dir.is_dir() {
            continue;
        }
        for entry in std::fs::read_dir(&dir).map_err(|e| io(&dir, e))?.filter_map(Result::ok) {
            let p = entry.path();
            let name = entry.file_name();
            if linked_dir(&entry) {
                skipped.push(rel(&p));
            } else if p.is_dir() {
                stack.push(p);
            } else if name == "action.yml" || name == "action.yaml" {
                actions.push(p);
            }
        }
    }
    actions.sort();
    for a in actions {
        out.push((rel(&a), a));
    }
    skipped.sort();
    Ok((out, skipped))
}

/// The `.github/` folder `dir` names: the folder itself, or the one inside a
/// repository root.
fn github_dir(dir: &Path) -> Option<PathBuf> {
    let inner = dir.join(".github");
    if inner.is_dir() {
        return Some(inner);
    }
    (dir.join("workflows").is_dir() || dir.join("actions").is_dir()).then(|| dir.to_path_buf())
}

/// What `--write` makes of a `.github/` folder.
///
/// ```
/// # #[cfg(unix)] {
/// let root = std::env::temp_dir().join(format!("ci-gen-tree-doc-{}", std::process::id()));
/// let github = root.join(".github");
/// std::fs::create_dir_all(github.join("workflows")).unwrap();
/// std::fs::write(github.join("workflows/ci.yml"), "on: push\njobs:\n  t:\n    runs-on: x\n    steps: [{run: make}]\n").unwrap();
/// std::os::unix::fs::symlink("..", github.join("workflows/loop")).unwrap();
/// let options = ci_gen::import::WriteOptions { command: "cargo run -p ci".to_owned(), source_dir: None };
/// let tree = ci_gen::import::tree_files(&github, &options).unwrap();
/// let names: Vec<&str> = tree.files.iter().map(|(n, _)| n.as_str()).collect();
/// assert_eq!(names, ["mod.rs", "ci.rs"]);
/// assert_eq!(tree.skipped, [".github/workflows/loop"]);
/// std::fs::remove_dir_all(&root).unwrap();
/// # }
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tree {
    /// `(file name, contents)`: `mod.rs` first, then one module per file.
    pub files: Vec<(String, String)>,
    /// The symbolic links to folders under `workflows/` and `actions/`,
    /// which the walk does not follow (one may loop back up), relative to
    /// the repository root (`.github/actions/loop`).
    pub skipped: Vec<String>,
}

/// One module per workflow and action of the `.github/` folder `github`,
/// plus `mod.rs` with `files()`; see [`Tree`] for an example.
pub fn tree_files(github: &Path, options: &WriteOptions) -> Result<Tree, Vec<ImportError>> {
    let (inputs, skipped) = tree_inputs(github).map_err(|e| vec![e])?;
    let mut taken = BTreeSet::new();
    let mut modules: Vec<(String, String, Module)> = Vec::new();
    let mut errors = Vec::new();
    let module_options = ModuleOptions { header_in_docs: true };
    for (rel, path) in &inputs {
        let text = match crate::fmt::read_yaml(path, true) {
            Ok(t) => t,
            Err(e) => {
                errors.push(ImportError::Io { path: path.display().to_string(), message: e.reason() });
                continue;
            }
        };
        match import_with(&text, rel, &module_options) {
            Ok(m) => modules.push((module_name(rel, &mut taken), rel.clone(), m)),
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mods = modules.iter().map(|(n, _, _)| format_ident!("{}", n));
    let registrations: Vec<_> = modules
        .iter()
        .map(|(n, rel, m)| {
            let module = format_ident!("{}", n);
            let add = match m.kind {
                DocumentKind::Workflow => {
                    let file = rel.rsplit('/').next().unwrap_or(rel);
                    quote! { .workflow(#file, #module::workflow()) }
                }
                DocumentKind::Action => quote! { .action(#rel, #module::action()) },
            };
            let source = options.source_dir.as_ref().map(|d| {
                let s = format!("{d}/{n}.rs");
                quote! { .from_source(#s) }
            });
            quote! { #add #source }
        })
        .collect();
    // Thousands of files would make one chain too deep for syn and prettyplease.
    let (statements, files) = super::code::chain("files", quote! { ci_gen::Files::new(COMMAND) }, registrations);
    let command = &options.command;
    let docs = [
        " The workflows and actions of `.github/`, imported by `ci-gen import`.",
        "",
        " [`files`] registers each at its path; a generator's `main` runs",
        " `ci_gen::cli::run(files(), root, args)`. Every security lint is at `deny`, as",
        " `ci_gen::Files` has them by default, so a finding stops generation until it is",
        " fixed (or allowed on the job or step, or relaxed with `Files::lints`).",
    ];
    let tokens = quote! {
        #(#![doc = #docs])*
        #(pub mod #mods;)*
        #[doc = " The command that regenerates the files, named in each file's header."]
        pub const COMMAND: &str = #command;
        #[doc = " Every imported file, at its path."]
        pub fn files() -> ci_gen::Files {
            #(#statements)*
            #files
        }
    };
    let mod_rs = format(tokens).map_err(|message| vec![ImportError::Syntax { file: "mod.rs".to_owned(), message }])?;
    let mut files = vec![("mod.rs".to_owned(), mod_rs)];
    files.extend(modules.into_iter().map(|(n, _, m)| (format!("{n}.rs"), m.source)));
    Ok(Tree { files, skipped })
}

/// `to` relative to `from` (both absolute), when they share more than the
/// file system's root.
fn relative(from: &Path, to: &Path) -> Option<PathBuf> {
    let a: Vec<Component> = from.components().collect();
    let b: Vec<Component> = to.components().collect();
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    if common <= 1 {
        return None;
    }
    let mut p = PathBuf::new();
    for _ in common..a.len() {
        p.push("..");
    }
    for c in &b[common..] {
        p.push(c);
    }
    Some(p)
}

/// `/` separators, as Cargo.toml and `from_source` want them.
fn slashes(p: &Path) -> String {
    p.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect::<Vec<_>>().join("/")
}

/// A package name from a folder's name.
fn package_name(dir: &Path) -> String {
    let raw = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let mut name: String = raw
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c.to_ascii_lowercase() } else { '-' })
        .collect();
    name = name.trim_matches('-').to_owned();
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        name = format!("imported-{name}").trim_end_matches('-').to_owned();
    }
    name
}

fn is_empty_dir(dir: &Path) -> bool {
    std::fs::read_dir(dir).map(|mut rd| rd.next().is_none()).unwrap_or(true)
}

/// Writes `files` (relative to `dir`) all or nothing, as the generator
/// writes ([`crate::sync::write_files`]): each staged beside its target,
/// then all renamed into place; each must lead inside `dir` once symbolic
/// links are followed. Prints each file written, or after a failure what it
/// left: "nothing was written", or exactly which files were written and not.
fn write_all(dir: &Path, files: &[(String, String)], out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    match crate::sync::write_files(dir, files) {
        Ok(written) => {
            for path in written {
                let _ = writeln!(out, "wrote     {}", escape_controls(&path));
            }
            0
        }
        Err(e) => {
            let _ = writeln!(err, "error: {}", e.error);
            if e.nothing_changed() {
                let _ = writeln!(err, "nothing was written");
            } else {
                let (done, all) = (e.done.written.len(), e.done.written.len() + e.not_written.len());
                let _ = writeln!(err, "the write stopped part way: {done} of {all} files written");
                for p in &e.done.written {
                    let _ = writeln!(err, "  wrote       {}", escape_controls(p));
                }
                for p in &e.not_written {
                    let _ = writeln!(err, "  not written {} (its old content is untouched)", escape_controls(p));
                }
            }
            2
        }
    }
}

fn report(errors: &[ImportError], err: &mut dyn Write) -> u8 {
    for e in errors {
        let _ = writeln!(err, "error: {e}");
    }
    let _ = writeln!(err, "nothing was written");
    if errors.iter().all(|e| matches!(e, ImportError::Io { .. })) { 2 } else { 1 }
}

/// The default ci-model: the one beside this ci-gen's source.
fn default_ci_model() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join("ci-model")
}

/// Runs the import the parsed arguments ask for; `cmd` is the subcommand,
/// for the usage line of an error, and `regenerate` the command `--write`
/// names in each header unless `--command` gives one.
pub(super) fn command(
    m: &ArgMatches,
    cmd: &mut Command,
    regenerate: &str,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let files: Vec<String> = m.get_many::<String>("file").into_iter().flatten().cloned().collect();
    let path = |id: &str| m.get_one::<PathBuf>(id).cloned();
    let force = m.get_flag("force");
    // clap has checked which options go together.
    match (path("crate"), path("write")) {
        (Some(dir), _) => {
            if files.is_empty() {
                return crate::cli::usage_error(cmd, "--crate needs at least one file to import", err);
            }
            write_crate(&dir, &files, path("ci-model"), force, out, err)
        }
        (None, Some(dir)) => {
            let out_dir = path("out").unwrap_or_else(|| PathBuf::from("imported"));
            let command = m.get_one::<String>("command").map_or(regenerate, String::as_str).to_owned();
            write_tree(&dir, &out_dir, command, force, out, err)
        }
        (None, None) => {
            let [file] = files.as_slice() else {
                return crate::cli::usage_error(cmd, "give one file to print (or --crate DIR for several)", err);
            };
            print_one(file, out, err)
        }
    }
}

fn print_one(file: &str, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let text = match crate::fmt::read_yaml(Path::new(file), true) {
        Ok(t) => t,
        Err(e) => {
            let _ = writeln!(err, "error: {e}");
            return 2;
        }
    };
    for d in crate::check::cross_file_of(Path::new(file), &text) {
        let _ = writeln!(err, "warning: {}:{d}", escape_controls(file));
    }
    match import_with(&text, file, &ModuleOptions::default()) {
        Ok(m) => {
            let _ = write!(out, "{}", m.source);
            0
        }
        Err(e) => {
            let _ = writeln!(err, "error: {e}");
            1
        }
    }
}

fn write_crate(
    dir: &Path,
    files: &[String],
    ci_model: Option<PathBuf>,
    force: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    if !force && dir.exists() && !is_empty_dir(dir) {
        let _ = writeln!(err, "error: {} is not empty; pass --force to write into it", display_path(&dir));
        return 2;
    }
    let ci_model = ci_model.unwrap_or_else(default_ci_model);
    let Ok(ci_model) = ci_model.canonicalize() else {
        let _ = writeln!(
            err,
            "error: {} does not exist: the project depends on ci-model by path; name it with --ci-model PATH",
            display_path(&ci_model)
        );
        return 2;
    };
    let mut texts = Vec::new();
    let mut errors = Vec::new();
    for f in files {
        match crate::fmt::read_yaml(Path::new(f), true) {
            Ok(t) => {
                let name = Path::new(f).file_name().map_or_else(|| f.clone(), |n| n.to_string_lossy().into_owned());
                // An `action.yml` is named with its folder, so that several stay apart.
                let name = if name == "action.yml" || name == "action.yaml" { f.clone() } else { name };
                texts.push((name, t));
            }
            Err(e) => errors.push(ImportError::Io { path: f.clone(), message: e.reason() }),
        }
    }
    if !errors.is_empty() {
        return report(&errors, err);
    }
    // Where the folder is (or will be: nothing is made before the write).
    let abs = leads_to(dir).unwrap_or_else(|_| dir.to_path_buf());
    let path = relative(&abs, &ci_model).unwrap_or_else(|| ci_model.clone());
    let options = CrateOptions { package: package_name(&abs), ci_model: slashes(&path) };
    let mut generated = match crate_files(&texts, &options) {
        Ok(g) => g,
        Err(errors) => return report(&errors, err),
    };
    // The versions ci-model's own workspace builds with, so that the project
    // builds with what is already downloaded; written with the rest, and
    // only where there is no Cargo.lock (nor a link by that name).
    let lock = ci_model.join("..").join("Cargo.lock");
    if lock.is_file() && std::fs::symlink_metadata(dir.join("Cargo.lock")).is_err() {
        match std::fs::read_to_string(&lock) {
            Ok(text) => generated.push(("Cargo.lock".to_owned(), text)),
            Err(e) => {
                let _ = writeln!(err, "warning: could not copy {}: {e}", display_path(&lock));
            }
        }
    }
    let status = write_all(dir, &generated, out, err);
    if status != 0 {
        return status;
    }
    let _ = writeln!(
        out,
        "{} files imported; run: cargo run --manifest-path {}",
        texts.len(),
        display_path(&dir.join("Cargo.toml"))
    );
    0
}

fn write_tree(
    dir: &Path,
    out_dir: &Path,
    command: String,
    force: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let Some(github) = github_dir(dir) else {
        let _ = writeln!(
            err,
            "error: {} is neither a `.github/` folder (with workflows/ or actions/) nor a repository root that holds one",
            display_path(&dir)
        );
        return 2;
    };
    let root = github.parent().map(Path::to_path_buf).unwrap_or_default();
    // Where the output folder is (or will be: nothing is made before the write).
    let source_dir = match (root.canonicalize(), leads_to(out_dir)) {
        (Ok(root), Ok(out_abs)) => out_abs.strip_prefix(&root).ok().map(slashes).filter(|s| !s.is_empty()),
        (_, Err(e)) => {
            let _ = writeln!(err, "error: {}: {e}", display_path(&out_dir));
            return 2;
        }
        _ => None,
    };
    let generated = match tree_files(&github, &WriteOptions { command, source_dir }) {
        Ok(Tree { files, skipped }) => {
            for s in skipped {
                let _ = writeln!(
                    err,
                    "note: skipped {}: a symbolic link to a folder, which import does not follow",
                    escape_controls(&s)
                );
            }
            files
        }
        Err(errors) => return report(&errors, err),
    };
    // What the files say of each other (a local action's inputs, a called
    // workflow's inputs and secrets): the import keeps the mistakes, and says so.
    for (file, d) in crate::check::cross_file_in(&github) {
        let _ = writeln!(err, "warning: {}:{d}", file.shown);
    }
    if generated.len() == 1 {
        let _ = writeln!(err, "error: {} holds no workflows/*.yml and no actions/**/action.yml", display_path(&github));
        return 2;
    }
    if !force {
        let existing: Vec<String> = generated
            .iter()
            .map(|(f, _)| out_dir.join(f))
            // A link to nothing is in the way too.
            .filter(|p| std::fs::symlink_metadata(p).is_ok())
            .map(|p| display_path(&p).into_owned())
            .collect();
        if !existing.is_empty() {
            let _ =
                writeln!(err, "error: these files exist; pass --force to overwrite them:\n  {}", existing.join("\n  "));
            return 2;
        }
    }
    let status = write_all(out_dir, &generated, out, err);
    if status == 0 {
        let count = generated.len() - 1;
        let module = out_dir.file_name().map_or_else(|| "imported".into(), display_path);
        let _ = writeln!(
            out,
            "{count} files imported; add `mod {module};` to a generator crate that depends on ci-gen and ci-model, \
             and pass `{module}::files()` to `ci_gen::cli::run`"
        );
    }
    status
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths() {
        assert_eq!(relative(Path::new("/a/b/c"), Path::new("/a/x")), Some(PathBuf::from("../../x")));
        assert_eq!(relative(Path::new("/a"), Path::new("/a/x")), Some(PathBuf::from("x")));
        assert_eq!(relative(Path::new("/tmp/x"), Path::new("/work/y")), None);
    }

    #[test]
    fn package_names() {
        assert_eq!(package_name(Path::new("/tmp/My Crate")), "my-crate");
        assert_eq!(package_name(Path::new("/tmp/1st")), "imported-1st");
        assert_eq!(package_name(Path::new("/")), "imported");
    }

    #[test]
    fn a_crate_prints_each_file_after_its_name() {
        let files = vec![
            ("ci.yml".to_owned(), "on: push\njobs:\n  a:\n    runs-on: x\n    steps: [{run: y}]\n".to_owned()),
            ("x/action.yml".to_owned(), "name: x\nruns:\n  using: node24\n  main: index.js\n".to_owned()),
        ];
        let options = CrateOptions { package: "p".to_owned(), ci_model: "../ci-model".to_owned() };
        let out = crate_files(&files, &options).unwrap_or_default();
        let paths: Vec<&str> = out.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(paths, ["Cargo.toml", "src/main.rs", "src/ci.rs", "src/x.rs"]);
        assert!(out[0].1.contains("ci-model = { path = \"../ci-model\" }\n"), "{}", out[0].1);
        assert!(out[0].1.contains("\n[workspace]\n"));
        let main = &out[1].1;
        assert!(main.contains("mod ci;\nmod x;\n"), "{main}");
        assert!(
            main.contains("println!(\"# file: ci.yml\");\n    print!(\"{}\", ci::workflow().to_yaml());"),
            "{main}"
        );
        assert!(main.contains("x::action().to_yaml()"), "{main}");
    }

    /// A fresh scratch folder for one test.
    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("ci-gen-project-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    const WORKFLOW: &str = "on: push\njobs:\n  a:\n    runs-on: x\n    steps: [{run: y}]\n";

    #[test]
    fn many_files_are_registered_in_statements_of_bounded_length() -> Result<(), Box<dyn std::error::Error>> {
        let github = scratch("many").join(".github");
        std::fs::create_dir_all(github.join("workflows"))?;
        for i in 0..130 {
            std::fs::write(github.join(format!("workflows/w{i:03}.yml")), WORKFLOW)?;
        }
        let options = WriteOptions { command: "x".to_owned(), source_dir: None };
        let tree = tree_files(&github, &options).map_err(|e| format!("{e:?}"))?;
        assert_eq!(tree.files.len(), 131);
        let mod_rs = &tree.files[0].1;
        assert!(mod_rs.contains("    let files = ci_gen::Files::new(COMMAND)\n"), "{mod_rs}");
        // 64 calls, 64 more, and the last two.
        assert_eq!(mod_rs.matches("let files = files\n").count(), 1, "{mod_rs}");
        assert!(mod_rs.contains(".workflow(\"w127.yml\", w127::workflow());\n"), "{mod_rs}");
        assert!(
            mod_rs.contains(
                "    files.workflow(\"w128.yml\", w128::workflow()).workflow(\"w129.yml\", w129::workflow())\n}"
            ),
            "{mod_rs}"
        );
        let _ = std::fs::remove_dir_all(github.parent().unwrap_or(&github));
        Ok(())
    }

    #[cfg(unix)]
    #[test]
    fn links_to_folders_are_listed_and_not_followed() -> Result<(), Box<dyn std::error::Error>> {
        use std::os::unix::fs::symlink;
        let root = scratch("links");
        let github = root.join(".github");
        std::fs::create_dir_all(github.join("workflows"))?;
        std::fs::create_dir_all(github.join("actions/a/inner"))?;
        std::fs::create_dir_all(root.join("outside/b"))?;
        std::fs::write(github.join("workflows/ci.yml"), WORKFLOW)?;
        std::fs::write(github.join("actions/a/inner/action.yml"), "name: a\nruns: {using: node24, main: i.js}\n")?;
        std::fs::write(root.join("outside/b/action.yml"), "name: b\nruns: {using: node24, main: i.js}\n")?;
        std::fs::write(root.join("outside/x.yml"), WORKFLOW)?;
        symlink("..", github.join("workflows/loop"))?;
        symlink("../..", github.join("actions/a/up"))?;
        symlink(root.join("outside"), github.join("actions/outside"))?;
        symlink(root.join("outside"), github.join("workflows/outside"))?;
        // A link to a file is read like the file.
        symlink(root.join("outside/x.yml"), github.join("workflows/linked.yml"))?;
        let options = WriteOptions { command: "x".to_owned(), source_dir: None };
        let tree = tree_files(&github, &options).map_err(|e| format!("{e:?}"))?;
        let names: Vec<&str> = tree.files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["mod.rs", "ci.rs", "linked.rs", "inner.rs"]);
        assert_eq!(
            tree.skipped,
            [".github/actions/a/up", ".github/actions/outside", ".github/workflows/loop", ".github/workflows/outside"]
        );
        let _ = std::fs::remove_dir_all(&root);
        Ok(())
    }

    #[test]
    fn a_crate_reports_every_file_it_cannot_import() {
        let files = vec![
            ("a.yml".to_owned(), "on: push\njobs: [x]\n".to_owned()),
            ("b.yml".to_owned(), "jobs: {}\n".to_owned()),
        ];
        let options = CrateOptions { package: "p".to_owned(), ci_model: "x".to_owned() };
        let errors = crate_files(&files, &options).err().unwrap_or_default();
        assert_eq!(errors.len(), 2);
        assert!(errors[0].to_string().starts_with("a.yml:"), "{}", errors[0]);
    }
}
