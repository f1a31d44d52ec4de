//! What a binding says, decided from the facts of an `action.yml` and its
//! pin in the lock (`crate::actions::lock`): the type and module names, each
//! input's method and type, each output's accessor.
//! No tokens here; `emit.rs` turns a [`Binding`] into Rust source.

use std::collections::BTreeMap;
use std::fmt;

use ci_model::Scalar;

use crate::actions::lock::{Lock, Locked};

use crate::escape::escape_controls;

/// One action's pin: the name, tag and commit of its lock entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Pin {
    /// `owner/repo[/path]`, as written in `uses:`.
    pub(crate) action: String,
    /// The release tag, e.g. `v7.0.1`.
    pub(crate) tag: String,
    /// The 40-hex commit SHA the tag points at.
    pub(crate) sha: String,
}

impl Pin {
    /// `owner__repo`: how [`UNTYPED`] names the action.
    pub(crate) fn folder(&self) -> String {
        let mut parts = self.action.splitn(3, '/');
        let owner = parts.next().unwrap_or("");
        let repo = parts.next().unwrap_or("");
        format!("{owner}__{repo}")
    }
}

/// How an input's value is typed in its builder method.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// `impl Into<LitOrExpr<bool>>`, written as a YAML boolean.
    Bool,
    /// `impl Into<LitOrExpr<Number>>`, written as a YAML number.
    Number,
    /// `impl Into<Scalar>`, written as given.
    Text,
    /// One of the words of an enumeration the binding declares, or an
    /// expression (`impl Into<LitOrExpr<Enum>>`): listed in [`TYPED`].
    Choice(&'static Choice),
}

/// An input that takes one of a few words, as a Rust enum of the binding.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Choice {
    /// The enum's name.
    pub(crate) type_name: &'static str,
    /// Each word as written, with its variant.
    pub(crate) values: &'static [(&'static str, &'static str)],
}

/// Inputs typed more precisely than their default says (`(folder, input,
/// kind)`): numbers without a default, and enumerations, whose words the
/// action's description lists.
pub(crate) const TYPED: &[(&str, &str, Kind)] = &[
    ("actions__upload-artifact", "retention-days", Kind::Number),
    (
        "actions__upload-artifact",
        "if-no-files-found",
        Kind::Choice(&Choice {
            type_name: "IfNoFilesFound",
            values: &[("warn", "Warn"), ("error", "Error"), ("ignore", "Ignore")],
        }),
    ),
];

/// One input of a binding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Input {
    /// The name in `with:`.
    pub(crate) name: String,
    /// The method (or `new` argument) name, without any `r#`.
    pub(crate) method: String,
    /// The value's type.
    pub(crate) kind: Kind,
    /// Required and without a default: an argument of `new`.
    pub(crate) required: bool,
    /// The default as text, if any (null counts as none).
    pub(crate) default: Option<String>,
    /// The action marks it deprecated.
    pub(crate) deprecated: bool,
    /// Listed in [`UNTYPED`]: a string although the default looks typed.
    pub(crate) widened: bool,
    /// Its snake_case name is a function of the binding, so the method has a suffix.
    pub(crate) renamed: bool,
}

/// One output of a binding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Output {
    /// The name in `steps.<id>.outputs`.
    pub(crate) name: String,
    /// The accessor method name, without any `r#`.
    pub(crate) method: String,
}

/// Everything one generated file says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Binding {
    /// `owner__repo` ([`Pin::folder`]).
    pub(crate) folder: String,
    /// The pin.
    pub(crate) pin: Pin,
    /// The struct name, PascalCase.
    pub(crate) type_name: String,
    /// The module (file) name, snake_case.
    pub(crate) module: String,
    /// The key of `runs:` that chose how the action runs, with its value:
    /// `using` with `composite`, `docker` or the Node.js runtime (`node24`).
    pub(crate) runs: (&'static str, String),
    /// Inputs in written order.
    pub(crate) inputs: Vec<Input>,
    /// Outputs in written order.
    pub(crate) outputs: Vec<Output>,
}

/// Why the bindings could not be generated; every problem is collected.
#[derive(Debug, thiserror::Error)]
pub enum BindingError {
    /// A file could not be read.
    #[error("{}: {}", escape_controls(.path), escape_controls(.message))]
    Io {
        /// The file or folder, as given.
        path: String,
        /// The cause.
        message: String,
    },
    /// The lock cannot be read or is malformed.
    #[error("{}: {}", escape_controls(.path), escape_controls(.message))]
    Lock {
        /// The lock, as shown.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// A way of running (`runs:`) that the bindings do not know.
    #[error("{}", escape_controls(.0))]
    Runs(String),
    /// Two names that would become the same Rust identifier.
    #[error("{}", escape_controls(.0))]
    Clash(String),
    /// The generated tokens did not parse as Rust (a generator bug).
    #[error("{}.rs: the generated tokens are not valid Rust: {message}", escape_controls(.module))]
    Syntax {
        /// The module.
        module: String,
        /// syn's message.
        message: String,
    },
}

/// Several problems at once.
#[derive(Debug)]
pub struct BindingErrors(pub Vec<BindingError>);

impl fmt::Display for BindingErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for BindingErrors {}

/// Inputs whose default is a boolean or a number but which also take other
/// words, so they stay `impl Into<Scalar>`: `(folder, input)`.
pub(crate) const UNTYPED: &[(&str, &str)] = &[
    // `true`, `false` or `recursive`.
    ("actions__checkout", "submodules"),
    // A Node.js version such as `22` or `lts/*`.
    ("yamadashy__repomix", "node-version"),
];

/// Type names that say too little on their own; the owner is put in front.
const GENERIC: &[&str] = &["Action", "Build", "Deploy", "Login", "Metadata", "Release", "Setup", "Test"];

/// Method names the binding itself uses; an input (or output) of that name
/// gets the suffix `_input` (`_output`).
pub(crate) const RESERVED_INPUT: &[&str] =
    &["new", "default", "uses", "step", "outputs", "with_input", "clone", "fmt", "eq"];
/// Method names of the outputs struct.
pub(crate) const RESERVED_OUTPUT: &[&str] = &["step_id", "output", "clone", "fmt", "eq"];

/// Splits a name into lower-case words: at `-`, `_`, `.`, spaces, and at
/// camelCase and acronym boundaries (`enableCrossOsArchive`, `GITHUB_TOKEN`).
pub(crate) fn words(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    for chunk in name.split(|c: char| !c.is_ascii_alphanumeric()).filter(|c| !c.is_empty()) {
        let chars: Vec<char> = chunk.chars().collect();
        let mut word = String::new();
        for (i, &c) in chars.iter().enumerate() {
            let prev = i.checked_sub(1).map(|p| chars[p]);
            let next = chars.get(i + 1).copied();
            let boundary = c.is_ascii_uppercase()
                && prev.is_some_and(|p| {
                    p.is_ascii_lowercase()
                        || p.is_ascii_digit()
                        || (p.is_ascii_uppercase() && next.is_some_and(|n| n.is_ascii_lowercase()))
                });
            if boundary && !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            word.push(c.to_ascii_lowercase());
        }
        if !word.is_empty() {
            out.push(word);
        }
    }
    out
}

/// `snake_case` of a name.
pub(crate) fn snake(name: &str) -> String {
    words(name).join("_")
}

/// `PascalCase` of a name.
pub(crate) fn pascal(name: &str) -> String {
    words(name)
        .iter()
        .map(|w| {
            let mut c = w.chars();
            c.next().map(|f| f.to_ascii_uppercase().to_string() + c.as_str()).unwrap_or_default()
        })
        .collect()
}

/// The name a binding gets before clashes are resolved: the repository (or,
/// for an action in a subfolder, the subfolder's last segment) without a
/// leading `github-action-` and a trailing `-action`, in PascalCase; the owner
/// goes in front when that leaves nothing or a generic word.
fn base_name(action: &str) -> String {
    let parts: Vec<&str> = action.split('/').collect();
    let owner = parts.first().copied().unwrap_or("");
    let last = parts.last().copied().unwrap_or("");
    let mut stem = last.to_ascii_lowercase();
    if stem == "action" {
        stem.clear();
    }
    stem = stem.strip_prefix("github-action-").unwrap_or(&stem).to_owned();
    stem = stem.strip_suffix("-action").unwrap_or(&stem).to_owned();
    let name = pascal(&stem);
    if name.is_empty() || GENERIC.contains(&name.as_str()) { pascal(owner) + &name } else { name }
}

/// Type names for every pinned action: the base name, or the owner in front
/// of it for every action whose base name another action shares.
fn type_names(actions: &[&str]) -> BTreeMap<String, String> {
    let mut count: BTreeMap<String, usize> = BTreeMap::new();
    for a in actions {
        *count.entry(base_name(a)).or_default() += 1;
    }
    actions
        .iter()
        .map(|a| {
            let base = base_name(a);
            let owner = a.split('/').next().unwrap_or("");
            let name = if count[&base] > 1 && !base.starts_with(&pascal(owner)) { pascal(owner) + &base } else { base };
            ((*a).to_owned(), name)
        })
        .collect()
}

/// Rust keywords (strict, reserved and 2024's `gen`).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate", "do", "dyn", "else",
    "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod",
    "move", "mut", "override", "priv", "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait",
    "true", "try", "type", "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers; they get a trailing `_`.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super", "_"];

/// How a snake_case name is written as an identifier: `r#ref`, `self_`, or as is.
pub(crate) fn ident_text(name: &str) -> String {
    if NOT_RAW.contains(&name) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name) {
        format!("r#{name}")
    } else {
        name.to_owned()
    }
}

/// A method name for `name`: snake_case, prefixed when it would start with a
/// digit, suffixed when the binding uses that name itself.
fn method_name(name: &str, reserved: &[&str], suffix: &str) -> String {
    let mut m = snake(name);
    if m.starts_with(|c: char| c.is_ascii_digit()) {
        m = format!("{}_{m}", suffix.trim_start_matches('_'));
    }
    if reserved.contains(&m.as_str()) {
        m.push_str(suffix);
    }
    m
}

fn default_text(default: Option<&Scalar>) -> Option<String> {
    match default {
        None | Some(Scalar::Null) => None,
        Some(s) => Some(s.to_text().into_owned()),
    }
}

fn kind_of(folder: &str, name: &str, default: Option<&Scalar>) -> Kind {
    if UNTYPED.contains(&(folder, name)) {
        return Kind::Text;
    }
    if let Some((_, _, kind)) = TYPED.iter().find(|(f, n, _)| *f == folder && *n == name) {
        return *kind;
    }
    match default {
        Some(Scalar::Bool(_)) => Kind::Bool,
        Some(Scalar::Number(n)) if n.as_i64().is_some() => Kind::Number,
        Some(Scalar::String(s)) if s == "true" || s == "false" => Kind::Bool,
        Some(Scalar::String(s))
            if !s.is_empty() && s.strip_prefix('-').unwrap_or(s).bytes().all(|b| b.is_ascii_digit()) =>
        {
            Kind::Number
        }
        _ => Kind::Text,
    }
}

/// Decides every binding from the facts of `lock`, sorted by folder (then
/// action). All problems are reported at once.
pub(crate) fn decide(lock: &Lock) -> Result<Vec<Binding>, BindingErrors> {
    let mut errors = Vec::new();
    let mut parsed: Vec<(String, Pin, &Locked)> = Vec::new();
    for locked in &lock.actions {
        let pin = Pin { action: locked.action.clone(), tag: locked.tag.clone(), sha: locked.commit.clone() };
        parsed.push((pin.folder(), pin, locked));
    }
    parsed.sort_by(|a, b| (&a.0, &a.1.action).cmp(&(&b.0, &b.1.action)));
    let actions: Vec<&str> = parsed.iter().map(|(_, p, _)| p.action.as_str()).collect();
    let names = type_names(&actions);
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    let mut out = Vec::new();
    for (folder, pin, facts) in &parsed {
        let type_name = names[&pin.action].clone();
        let module = snake(&type_name);
        if let Some(other) = seen.insert(type_name.clone(), pin.action.clone()) {
            errors.push(BindingError::Clash(format!(
                "`{}` and `{other}` would both be named `{type_name}`; extend the naming rule in ci-gen/src/bindings/spec.rs",
                pin.action
            )));
        }
        let runs = match RUNS_KEYS.iter().find(|k| **k == facts.runs.0) {
            Some(key) => (*key, facts.runs.1.clone()),
            None => {
                errors.push(BindingError::Runs(format!(
                    "{}: `runs:` is chosen by `{}`, which ci-gen does not know",
                    pin.action, facts.runs.0
                )));
                continue;
            }
        };
        let mut inputs = Vec::new();
        let mut methods: BTreeMap<String, String> = BTreeMap::new();
        for input in &facts.inputs {
            let name = &input.name;
            let method = method_name(name, RESERVED_INPUT, "_input");
            if method.is_empty() {
                errors.push(BindingError::Clash(format!(
                    "{folder}: input `{name}` has no letters or digits to name a method"
                )));
                continue;
            }
            if let Some(other) = methods.insert(method.clone(), name.clone()) {
                errors.push(BindingError::Clash(format!(
                    "{folder}: inputs `{other}` and `{name}` would both become the method `{method}`"
                )));
            }
            let default = default_text(input.default.as_ref());
            inputs.push(Input {
                name: name.clone(),
                method,
                kind: kind_of(folder, name, input.default.as_ref()),
                required: input.required && default.is_none(),
                default,
                deprecated: input.deprecated,
                widened: UNTYPED.contains(&(folder.as_str(), name.as_str())),
                renamed: RESERVED_INPUT.contains(&snake(name).as_str()),
            });
        }
        let mut outputs = Vec::new();
        let mut methods: BTreeMap<String, String> = BTreeMap::new();
        for name in &facts.outputs {
            let method = method_name(name, RESERVED_OUTPUT, "_output");
            if method.is_empty() {
                errors.push(BindingError::Clash(format!(
                    "{folder}: output `{name}` has no letters or digits to name a method"
                )));
                continue;
            }
            if let Some(other) = methods.insert(method.clone(), name.clone()) {
                errors.push(BindingError::Clash(format!(
                    "{folder}: outputs `{other}` and `{name}` would both become the method `{method}`"
                )));
            }
            outputs.push(Output { name: name.clone(), method });
        }
        out.push(Binding { folder: folder.clone(), pin: pin.clone(), type_name, module, runs, inputs, outputs });
    }
    if errors.is_empty() { Ok(out) } else { Err(BindingErrors(errors)) }
}

/// The keys of `runs:` that choose how an action runs (`ci_model::Runs::chosen_by`).
const RUNS_KEYS: &[&str] = &["using", "plugin"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_split_at_every_boundary() {
        assert_eq!(snake("enableCrossOsArchive"), "enable_cross_os_archive");
        assert_eq!(snake("GITHUB_TOKEN"), "github_token");
        assert_eq!(snake("fetch-depth"), "fetch_depth");
        assert_eq!(snake("notSuccessTestInfo"), "not_success_test_info");
        assert_eq!(snake("HTTPServer2Url"), "http_server2_url");
        assert_eq!(pascal("setup-python"), "SetupPython");
    }

    #[test]
    fn naming_rule() {
        let names = type_names(&[
            "actions/checkout",
            "docker/build-push-action",
            "docker/login-action",
            "pre-commit/action",
            "gaurav-nelson/github-action-markdown-link-check",
            "tcort/github-action-markdown-link-check",
            "yamadashy/repomix/.github/actions/repomix",
            "py-cov-action/python-coverage-comment-action",
        ]);
        let got: Vec<&str> = names.values().map(String::as_str).collect();
        assert_eq!(
            got,
            [
                "Checkout",
                "BuildPush",
                "DockerLogin",
                "GauravNelsonMarkdownLinkCheck",
                "PreCommit",
                "PythonCoverageComment",
                "TcortMarkdownLinkCheck",
                "Repomix"
            ]
        );
    }

    #[test]
    fn idents_escape_keywords() {
        assert_eq!(ident_text("ref"), "r#ref");
        assert_eq!(ident_text("self"), "self_");
        assert_eq!(ident_text("path"), "path");
        assert_eq!(method_name("outputs", RESERVED_INPUT, "_input"), "outputs_input");
        assert_eq!(method_name("1st", RESERVED_INPUT, "_input"), "input_1st");
    }

    #[test]
    fn kinds_follow_the_default() {
        let b = Scalar::Bool(true);
        assert_eq!(kind_of("x", "a", Some(&b)), Kind::Bool);
        assert_eq!(kind_of("x", "a", Some(&Scalar::from("false"))), Kind::Bool);
        assert_eq!(kind_of("x", "a", Some(&Scalar::from(1))), Kind::Number);
        assert_eq!(kind_of("x", "a", Some(&Scalar::from("-1"))), Kind::Number);
        assert_eq!(kind_of("x", "a", Some(&Scalar::from("${{ github.token }}"))), Kind::Text);
        assert_eq!(kind_of("x", "a", Some(&Scalar::from(""))), Kind::Text);
        assert_eq!(kind_of("x", "a", None), Kind::Text);
        assert_eq!(kind_of("actions__checkout", "submodules", Some(&b)), Kind::Text);
    }
}
