//! Shapes shared by workflows and actions: one-or-many lists, values that may be
//! `${{ }}` expressions, `env` maps and `uses:` references.

use std::fmt;

use indexmap::IndexMap;

use crate::{Number, Path, Scalar, Yaml};

/// An `env:` mapping: variable names to values, in written order.
///
/// ```
/// use ci_model::{Env, Job, Scalar};
///
/// let mut env = Env::new();
/// env.insert("RUST_LOG".to_owned(), Scalar::from("debug"));
/// env.insert("CARGO_INCREMENTAL".to_owned(), Scalar::from(0));
/// let job = Job::new("ubuntu-latest").env("RUST_LOG", "debug").env("CARGO_INCREMENTAL", 0);
/// assert_eq!(job.env.unwrap().literal(), Some(&env));
/// ```
pub type Env = IndexMap<String, Scalar>;

/// Comments read from a file that no model field holds, by the path of the
/// node they sit above or after. Parsing fills it so that formatting a file
/// keeps its comments; the emitter puts each back at its path. Values built in
/// Rust use the `comment` fields of jobs and steps instead.
///
/// ```
/// use ci_model::Workflow;
///
/// let text = "on: push\njobs:\n  a:\n    # the runner\n    runs-on: x # any\n    steps: [{run: y}]\n";
/// let wf = Workflow::parse(text).unwrap();
/// let at = ci_model::Path::root().key("jobs").key("a").key("runs-on");
/// assert_eq!(wf.comments.above(&at), Some("the runner"));
/// assert!(wf.to_yaml().contains("    # the runner\n    runs-on: x # any\n"));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SourceComments {
    pub(crate) above: std::collections::BTreeMap<Path, String>,
    pub(crate) trailing: std::collections::BTreeMap<Path, String>,
    pub(crate) footer: Option<String>,
}

impl SourceComments {
    /// The comment lines directly above the node at `path`.
    ///
    /// ```
    /// # use ci_model::{Path, Workflow};
    /// let wf = Workflow::parse("# when\non: push\njobs: {}\n").unwrap();
    /// assert_eq!(wf.comments.above(&Path::root().key("on")), Some("when"));
    /// assert_eq!(wf.comments.above(&Path::root().key("jobs")), None);
    /// ```
    pub fn above(&self, path: &Path) -> Option<&str> {
        self.above.get(path).map(String::as_str)
    }

    /// The comment after the node at `path`, on its line.
    ///
    /// ```
    /// # use ci_model::{Path, Workflow};
    /// let wf = Workflow::parse("on: push # every push\njobs: {}\n").unwrap();
    /// assert_eq!(wf.comments.trailing(&Path::root().key("on")), Some("every push"));
    /// ```
    pub fn trailing(&self, path: &Path) -> Option<&str> {
        self.trailing.get(path).map(String::as_str)
    }

    /// The comment lines after the last node of the file.
    ///
    /// ```
    /// # use ci_model::Workflow;
    /// let wf = Workflow::parse("on: push\njobs: {}\n# the end\n").unwrap();
    /// assert_eq!(wf.comments.footer(), Some("the end"));
    /// ```
    pub fn footer(&self) -> Option<&str> {
        self.footer.as_deref()
    }

    /// Whether there are none.
    ///
    /// ```
    /// # use ci_model::{SourceComments, Workflow};
    /// assert!(SourceComments::default().is_empty());
    /// assert!(Workflow::parse("on: push\njobs: {}\n").unwrap().comments.is_empty());
    /// assert!(!Workflow::parse("on: push # any\njobs: {}\n").unwrap().comments.is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.above.is_empty() && self.trailing.is_empty() && self.footer.is_none()
    }

    /// How many comment lines are held.
    ///
    /// ```
    /// # use ci_model::Workflow;
    /// let wf = Workflow::parse("# why\n# and how\non: push # any\njobs: {}\n# end\n").unwrap();
    /// // Two lines above `on`, one after it, one at the end.
    /// assert_eq!(wf.comments.lines(), 4);
    /// ```
    pub fn lines(&self) -> usize {
        let block = |c: &String| c.split('\n').count();
        self.above.values().map(block).sum::<usize>()
            + self.trailing.len()
            + self.footer.iter().map(block).sum::<usize>()
    }

    /// Puts a comment block above the node at `path` (lines joined by `\n`,
    /// without the `# `), replacing one already there. Every line break
    /// (CRLF, CR, NEL, LS, PS) is kept as `\n` and the whitespace at the end
    /// of each line is dropped, as a reader of the file would see them.
    ///
    /// Validation refuses (rule `unwritable`) a comment that would not read
    /// back as itself: at a path the document does not have, above a job or
    /// a step (use their own `comment`), or above the first key of a list
    /// item (it is written above the item's `-`: put it at the item).
    ///
    /// ```
    /// use ci_model::{Path, SourceComments, Workflow};
    ///
    /// let mut wf = Workflow::parse("on: push\njobs:\n  a:\n    runs-on: x\n    steps: [{run: y}]\n").unwrap();
    /// let mut comments = SourceComments::default();
    /// comments.insert_above(Path::root().key("jobs").key("a").key("runs-on"), "the runner");
    /// comments.insert_trailing(Path::root().key("on"), "every push");
    /// comments.set_footer("end");
    /// wf.comments = comments;
    /// let yaml = wf.to_yaml();
    /// assert!(yaml.contains("on: push # every push\n"));
    /// assert!(yaml.contains("    # the runner\n    runs-on: x\n"));
    /// assert!(yaml.ends_with("# end\n"));
    /// ```
    pub fn insert_above(&mut self, path: Path, text: impl Into<String>) {
        self.above.insert(path, crate::comment::normalise_block(text.into()));
    }

    /// Puts a comment after the node at `path`, on its line, replacing one
    /// already there (see [`SourceComments::insert_above`]). The whitespace
    /// at its end is dropped; the comment ends with its line, so validation
    /// refuses one that holds a line break. It also refuses one that would
    /// not read back as itself: at a path the document does not have, after
    /// a `uses:` or `cron:` (use `Uses::with_comment`, `Cron::comment`), or
    /// after a list item whose value is a mapping (not written: put it after
    /// the mapping's first key).
    ///
    /// ```
    /// # use ci_model::{Job, Path, Step, Workflow};
    /// let mut wf = Workflow::new("CI").on_push().job("a", Job::new("ubuntu-latest").step(Step::run("make")));
    /// let step = Path::root().key("jobs").key("a").key("steps").index(0);
    /// wf.comments.insert_trailing(step.clone(), "after the step");
    /// assert_eq!(wf.validate()[0].rule(), "unwritable");
    /// wf.comments.clear();
    /// wf.comments.insert_trailing(step.key("run"), "after the step");
    /// assert!(wf.validate().is_empty());
    /// assert!(wf.to_yaml().contains("      - run: make # after the step\n"));
    /// ```
    ///
    /// ```
    /// # use ci_model::{Path, Workflow};
    /// let mut wf = Workflow::parse("on: push\njobs: {}\n").unwrap();
    /// wf.comments.insert_trailing(Path::root().key("on"), "every branch");
    /// wf.comments.insert_trailing(Path::root().key("on"), "every push ");
    /// assert_eq!(wf.comments.trailing(&Path::root().key("on")), Some("every push"));
    /// assert!(wf.to_yaml().starts_with("on: push # every push\n"));
    /// ```
    pub fn insert_trailing(&mut self, path: Path, text: impl Into<String>) {
        self.trailing.insert(path, crate::comment::normalise_line(text.into()));
    }

    /// Sets the comment lines after the last node of the file (line breaks
    /// and trailing whitespace as in [`SourceComments::insert_above`]).
    ///
    /// ```
    /// # use ci_model::Workflow;
    /// let mut wf = Workflow::parse("on: push\njobs: {}\n").unwrap();
    /// wf.comments.set_footer("vim: set ts=2: \r");
    /// assert_eq!(wf.comments.footer(), Some("vim: set ts=2:\n"));
    /// wf.comments.set_footer("vim: set ts=2:");
    /// assert_eq!(wf.comments.footer(), Some("vim: set ts=2:"));
    /// assert!(wf.to_yaml().ends_with("\n# vim: set ts=2:\n"));
    /// ```
    pub fn set_footer(&mut self, text: impl Into<String>) {
        self.footer = Some(crate::comment::normalise_block(text.into()));
    }

    /// Every comment block above a node, by path, in path order.
    ///
    /// ```
    /// use ci_model::Workflow;
    ///
    /// let wf = Workflow::parse("# header\n\n# the trigger\non: push # any\njobs: {}\n").unwrap();
    /// let above: Vec<(String, &str)> = wf.comments.iter_above().map(|(p, c)| (p.to_string(), c)).collect();
    /// assert_eq!(above, [("on".to_owned(), "the trigger")]);
    /// assert_eq!(wf.comments.iter_trailing().count(), 1);
    /// ```
    pub fn iter_above(&self) -> impl Iterator<Item = (&Path, &str)> {
        self.above.iter().map(|(p, c)| (p, c.as_str()))
    }

    /// Every comment after a node on its line, by path, in path order.
    ///
    /// ```
    /// # use ci_model::Workflow;
    /// let wf = Workflow::parse("name: CI # the name\non: push # any\njobs: {}\n").unwrap();
    /// let trailing: Vec<(String, &str)> = wf.comments.iter_trailing().map(|(p, c)| (p.to_string(), c)).collect();
    /// assert_eq!(trailing, [("name".to_owned(), "the name"), ("on".to_owned(), "any")]);
    /// ```
    pub fn iter_trailing(&self) -> impl Iterator<Item = (&Path, &str)> {
        self.trailing.iter().map(|(p, c)| (p, c.as_str()))
    }

    /// Forgets them all (e.g. after restructuring a parsed model, when paths
    /// no longer point where they did).
    ///
    /// ```
    /// # use ci_model::Workflow;
    /// let mut wf = Workflow::parse("on: push # any\njobs: {}\n").unwrap();
    /// wf.comments.clear();
    /// assert!(wf.comments.is_empty());
    /// assert!(!wf.to_yaml().contains("# any"));
    /// ```
    pub fn clear(&mut self) {
        self.above.clear();
        self.trailing.clear();
        self.footer = None;
    }
}

/// Keys the model does not know, kept in written order so nothing is lost.
/// [`Workflow::validate`](crate::Workflow::validate) reports each of them.
///
/// ```
/// use ci_model::{Workflow, Yaml};
///
/// let wf = Workflow::parse("on: push\njobs: {}\nx-owner: platform\n").unwrap();
/// assert_eq!(wf.extra.get("x-owner").and_then(Yaml::as_str), Some("platform"));
/// // Kept when written back, and reported by validation.
/// assert!(wf.to_yaml().contains("x-owner: platform\n"));
/// assert!(!wf.validate().is_empty());
/// ```
pub type Extra = IndexMap<String, Yaml>;

/// A value GitHub accepts as one item or as a list (`needs: build` or
/// `needs: [build, lint]`). It remembers which form was written, so a parsed file
/// re-emits the same way; values built in Rust use [`OneOrMany::Many`].
///
/// ```
/// use ci_model::OneOrMany;
///
/// let one = OneOrMany::One("build".to_owned());
/// assert_eq!(one.as_slice(), ["build".to_owned()]);
/// let many: OneOrMany<String> = vec!["a".to_owned(), "b".to_owned()].into();
/// assert_eq!(many.len(), 2);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OneOrMany<T> {
    /// Written as a single value.
    One(T),
    /// Written as a list.
    Many(Vec<T>),
}

impl<T> OneOrMany<T> {
    /// The items, whichever form was written.
    ///
    /// ```
    /// # use ci_model::OneOrMany;
    /// assert_eq!(OneOrMany::One("build").as_slice(), ["build"]);
    /// assert_eq!(OneOrMany::Many(vec!["build", "lint"]).as_slice(), ["build", "lint"]);
    /// ```
    pub fn as_slice(&self) -> &[T] {
        match self {
            OneOrMany::One(t) => std::slice::from_ref(t),
            OneOrMany::Many(v) => v,
        }
    }

    /// How many items there are.
    ///
    /// ```
    /// # use ci_model::OneOrMany;
    /// assert_eq!(OneOrMany::One("build").len(), 1);
    /// assert_eq!(OneOrMany::Many(vec!["build", "lint"]).len(), 2);
    /// ```
    pub fn len(&self) -> usize {
        self.as_slice().len()
    }

    /// Whether there are none (only possible as an empty list).
    ///
    /// ```
    /// # use ci_model::OneOrMany;
    /// assert!(OneOrMany::<&str>::Many(vec![]).is_empty());
    /// assert!(!OneOrMany::One("build").is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.as_slice().is_empty()
    }

    /// Iterates over the items.
    ///
    /// ```
    /// # use ci_model::OneOrMany;
    /// let needs = OneOrMany::Many(vec!["build", "lint"]);
    /// assert_eq!(needs.iter().map(|n| n.len()).sum::<usize>(), 9);
    /// ```
    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.as_slice().iter()
    }

    /// Adds an item, turning a single value into a list.
    ///
    /// ```
    /// # use ci_model::OneOrMany;
    /// let mut n = OneOrMany::One(1);
    /// n.push(2);
    /// assert_eq!(n, OneOrMany::Many(vec![1, 2]));
    /// ```
    pub fn push(&mut self, item: T) {
        match self {
            OneOrMany::Many(v) => v.push(item),
            OneOrMany::One(_) => {
                let OneOrMany::One(first) = std::mem::replace(self, OneOrMany::Many(Vec::new())) else {
                    return;
                };
                *self = OneOrMany::Many(vec![first, item]);
            }
        }
    }
}

impl<T> From<Vec<T>> for OneOrMany<T> {
    fn from(v: Vec<T>) -> Self {
        OneOrMany::Many(v)
    }
}

impl<'a, T> IntoIterator for &'a OneOrMany<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

/// A `${{ ... }}` expression, kept as written (including the braces).
///
/// ```
/// use ci_model::Expr;
///
/// let e = Expr::new("github.event_name != 'pull_request'");
/// assert_eq!(e.as_str(), "${{ github.event_name != 'pull_request' }}");
/// assert_eq!(e.body(), "github.event_name != 'pull_request'");
/// ```
#[derive(Clone)]
pub struct Expr {
    /// The text with its braces; written from `tree` when first asked for.
    text: std::sync::OnceLock<String>,
    /// The syntax tree of an expression the typed builders made, so that
    /// combining expressions never parses text again; `None` for text as
    /// written (read from a file, or [`Expr::new`]).
    tree: Option<std::sync::Arc<crate::expression::Ast>>,
}

impl Expr {
    /// Text as written.
    fn written(text: String) -> Self {
        Expr { text: std::sync::OnceLock::from(text), tree: None }
    }

    /// An expression the builders made, by its tree; its text is written
    /// when it is needed.
    pub(crate) fn built(tree: crate::expression::Ast) -> Self {
        Expr { text: std::sync::OnceLock::new(), tree: Some(std::sync::Arc::new(tree)) }
    }

    /// The tree the builders made it from, if they did.
    pub(crate) fn built_tree(&self) -> Option<&crate::expression::Ast> {
        self.tree.as_deref()
    }

    /// The tree, taken out when no other copy holds it.
    pub(crate) fn into_built_tree(self) -> Result<crate::expression::Ast, Self> {
        match self.tree {
            Some(tree) => Ok(std::sync::Arc::try_unwrap(tree).unwrap_or_else(|shared| (*shared).clone())),
            None => Err(self),
        }
    }

    /// Wraps an expression body in `${{ }}`.
    ///
    /// ```
    /// # use ci_model::Expr;
    /// assert_eq!(Expr::new("matrix.os").as_str(), "${{ matrix.os }}");
    /// // Surrounding whitespace is trimmed.
    /// assert_eq!(Expr::new("  matrix.os\n"), Expr::new("matrix.os"));
    /// ```
    pub fn new(body: impl AsRef<str>) -> Self {
        Expr::written(format!("${{{{ {} }}}}", body.as_ref().trim()))
    }

    /// Keeps a string that already contains `${{ }}` as it is; `None` when
    /// it has no expression.
    ///
    /// ```
    /// # use ci_model::Expr;
    /// assert!(Expr::parse("${{ inputs.fast }}").is_some());
    /// assert!(Expr::parse("true").is_none());
    /// ```
    pub fn parse(text: impl Into<String>) -> Option<Self> {
        let text = text.into();
        crate::expression::template::has_expression(&text).then(|| Expr::written(text))
    }

    /// The text as written, with the braces.
    ///
    /// ```
    /// # use ci_model::Expr;
    /// assert_eq!(Expr::new("inputs.fast").as_str(), "${{ inputs.fast }}");
    /// let mixed = Expr::parse("v${{ inputs.version }}").unwrap();
    /// assert_eq!(mixed.as_str(), "v${{ inputs.version }}");
    /// ```
    pub fn as_str(&self) -> &str {
        self.text.get_or_init(|| match &self.tree {
            Some(tree) => format!("${{{{ {tree} }}}}"),
            None => String::new(),
        })
    }

    /// The text between `${{` and `}}` when the whole string is one
    /// expression; otherwise the whole text.
    ///
    /// ```
    /// # use ci_model::Expr;
    /// assert_eq!(Expr::new("inputs.fast").body(), "inputs.fast");
    /// // Text around the expression: the whole text.
    /// assert_eq!(Expr::parse("v${{ inputs.version }}").unwrap().body(), "v${{ inputs.version }}");
    /// ```
    pub fn body(&self) -> &str {
        let t = self.as_str().trim();
        t.strip_prefix("${{")
            .and_then(|r| r.strip_suffix("}}"))
            .filter(|inner| !crate::expression::template::has_expression(inner))
            .map_or(t, str::trim)
    }
}

impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Written as its text: `Expr("${{ matrix.os }}")`.
impl fmt::Debug for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Expr").field(&self.as_str()).finish()
    }
}

/// Two expressions are equal when they are written the same.
impl PartialEq for Expr {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Expr {}

impl std::hash::Hash for Expr {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

/// An expression where a string is expected: its text, with the braces.
///
/// ```
/// # use ci_model::{Expr, Scalar};
/// assert_eq!(Scalar::from(Expr::new("github.ref")), Scalar::from("${{ github.ref }}"));
/// ```
impl From<Expr> for Scalar {
    fn from(e: Expr) -> Self {
        Scalar::String(e.as_str().to_owned())
    }
}

impl From<&Expr> for Scalar {
    fn from(e: &Expr) -> Self {
        Scalar::String(e.as_str().to_owned())
    }
}

/// A typed value or a `${{ }}` expression that GitHub evaluates at run time:
/// `fail-fast: false` or `fail-fast: ${{ inputs.fail-fast }}`.
///
/// ```
/// use ci_model::{Expr, LitOrExpr};
///
/// let lit: LitOrExpr<bool> = false.into();
/// let expr: LitOrExpr<bool> = Expr::new("inputs.fast").into();
/// assert_eq!(lit.literal(), Some(&false));
/// assert!(expr.literal().is_none());
/// ```
#[derive(Clone, Debug, PartialEq)]
pub enum LitOrExpr<T> {
    /// A literal value.
    Lit(T),
    /// An expression.
    Expr(Expr),
}

impl<T> LitOrExpr<T> {
    /// The literal, when this is one.
    ///
    /// ```
    /// # use ci_model::{Expr, LitOrExpr};
    /// assert_eq!(LitOrExpr::from(true).literal(), Some(&true));
    /// assert_eq!(LitOrExpr::<bool>::from(Expr::new("inputs.fast")).literal(), None);
    /// ```
    pub fn literal(&self) -> Option<&T> {
        match self {
            LitOrExpr::Lit(t) => Some(t),
            LitOrExpr::Expr(_) => None,
        }
    }

    /// The expression, when this is one.
    ///
    /// ```
    /// # use ci_model::{Expr, LitOrExpr};
    /// let v: LitOrExpr<bool> = Expr::new("inputs.fast").into();
    /// assert_eq!(v.expr().map(Expr::body), Some("inputs.fast"));
    /// assert!(LitOrExpr::from(false).expr().is_none());
    /// ```
    pub fn expr(&self) -> Option<&Expr> {
        match self {
            LitOrExpr::Lit(_) => None,
            LitOrExpr::Expr(e) => Some(e),
        }
    }
}

impl<T> From<Expr> for LitOrExpr<T> {
    fn from(e: Expr) -> Self {
        LitOrExpr::Expr(e)
    }
}

impl From<bool> for LitOrExpr<bool> {
    fn from(b: bool) -> Self {
        LitOrExpr::Lit(b)
    }
}

macro_rules! lit_number_from {
    ($($t:ty),*) => {$(
        impl From<$t> for LitOrExpr<Number> {
            fn from(n: $t) -> Self { LitOrExpr::Lit(n.into()) }
        }
    )*};
}

lit_number_from!(Number, u8, u16, u32, u64, usize, i8, i16, i32, i64, f32, f64);

/// A typed value as a YAML scalar: a literal keeps its type (`false`, `3`),
/// an expression becomes its `${{ }}` text.
///
/// ```
/// # use ci_model::{Expr, LitOrExpr, Number, Scalar};
/// assert_eq!(Scalar::from(LitOrExpr::from(false)), Scalar::Bool(false));
/// assert_eq!(Scalar::from(LitOrExpr::<Number>::from(3)).to_text(), "3");
/// let e: LitOrExpr<bool> = Expr::new("inputs.lfs").into();
/// assert_eq!(Scalar::from(e), Scalar::from("${{ inputs.lfs }}"));
/// ```
impl<T: Into<Scalar>> From<LitOrExpr<T>> for Scalar {
    fn from(v: LitOrExpr<T>) -> Self {
        match v {
            LitOrExpr::Lit(t) => t.into(),
            LitOrExpr::Expr(e) => e.into(),
        }
    }
}

/// What a step or job `uses:`: an action in a repository, a local action or
/// workflow (`./path`), or a Docker image (`docker://image`).
///
/// The reference is kept as written; [`Uses::target`] reads it, and validation
/// reports one that GitHub would reject. A SHA-pinned reference carries the
/// version it stands for as a comment, written after it on the same line.
///
/// ```
/// use ci_model::{Uses, UsesTarget};
///
/// let u = Uses::pinned("actions/checkout", "3d3c42e5aac5ba805825da76410c181273ba90b1", "v7.0.1");
/// assert_eq!(u.as_str(), "actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1");
/// assert_eq!(u.comment(), Some("v7.0.1"));
/// assert!(matches!(u.target(), Ok(UsesTarget::Repository { owner: "actions", .. })));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Uses {
    raw: String,
    comment: Option<String>,
}

/// A parsed `uses:` reference.
///
/// ```
/// use ci_model::{Uses, UsesTarget};
///
/// let u = Uses::new("github/codeql-action/init@v3");
/// let Ok(UsesTarget::Repository { owner, repo, path, git_ref }) = u.target() else { unreachable!() };
/// assert_eq!((owner, repo, path, git_ref), ("github", "codeql-action", Some("init"), "v3"));
/// assert_eq!(Uses::local("ci/setup").target(), Ok(UsesTarget::Local("./ci/setup")));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UsesTarget<'a> {
    /// `owner/repo[/path]@ref`.
    Repository {
        /// The account or organisation.
        owner: &'a str,
        /// The repository.
        repo: &'a str,
        /// A folder inside the repository (or a workflow file), if any.
        path: Option<&'a str>,
        /// The tag, branch or commit SHA after `@`.
        git_ref: &'a str,
    },
    /// `./path/to/action` or `./.github/workflows/x.yml`.
    Local(&'a str),
    /// `$/path`: a path in the same repository at the commit being run.
    SelfRepository(&'a str),
    /// `docker://image:tag`.
    Docker(&'a str),
}

impl Uses {
    /// A reference exactly as written: `actions/checkout@v4`, `./.github/actions/x`,
    /// `docker://alpine:3`.
    pub fn new(reference: impl Into<String>) -> Self {
        Uses { raw: reference.into(), comment: None }
    }

    /// `repository@sha`, with the version it stands for as a trailing comment.
    ///
    /// ```
    /// # use ci_model::{Job, Step, Uses, Workflow};
    /// let sha = "3d3c42e5aac5ba805825da76410c181273ba90b1";
    /// let u = Uses::pinned("actions/checkout", sha, "v7.0.1");
    /// assert_eq!(u.as_str(), format!("actions/checkout@{sha}"));
    /// let yaml = Workflow::new("CI").on_push().job("a", Job::new("ubuntu-latest").step(Step::uses(u))).to_yaml();
    /// assert!(yaml.contains(&format!("uses: actions/checkout@{sha} # v7.0.1\n")));
    /// ```
    pub fn pinned(repository: &str, sha: &str, version: &str) -> Self {
        let mut raw = String::with_capacity(repository.len() + 1 + sha.len());
        raw.push_str(repository);
        raw.push('@');
        raw.push_str(sha);
        Uses { raw, comment: Some(crate::comment::normalise_line(version.to_owned())) }
    }

    /// A local action or workflow (`./path`).
    ///
    /// ```
    /// # use ci_model::Uses;
    /// assert_eq!(Uses::local(".github/actions/setup").as_str(), "./.github/actions/setup");
    /// assert_eq!(Uses::local("./.github/actions/setup"), Uses::local(".github/actions/setup"));
    /// ```
    pub fn local(path: &str) -> Self {
        let p = path.trim_start_matches("./");
        Uses::new(format!("./{p}"))
    }

    /// The same reference with a trailing comment. The whitespace at its end
    /// is dropped (a reader trims it); the comment ends with its line, so
    /// validation refuses one that holds a line break.
    ///
    /// ```
    /// # use ci_model::Uses;
    /// let u = Uses::new("actions/cache@v4").with_comment("renovate: keep on v4 ");
    /// assert_eq!(u.comment(), Some("renovate: keep on v4"));
    /// assert_eq!(u.as_str(), "actions/cache@v4");
    /// ```
    pub fn with_comment(mut self, comment: impl Into<String>) -> Self {
        self.comment = Some(crate::comment::normalise_line(comment.into()));
        self
    }

    /// The reference as written.
    pub fn as_str(&self) -> &str {
        &self.raw
    }

    /// The trailing comment, e.g. the version of a SHA pin.
    pub fn comment(&self) -> Option<&str> {
        self.comment.as_deref()
    }

    /// Reads the reference, or says why GitHub would reject it.
    ///
    /// ```
    /// # use ci_model::{Uses, UsesTarget};
    /// assert_eq!(Uses::new("docker://alpine:3").target(), Ok(UsesTarget::Docker("alpine:3")));
    /// assert!(Uses::new("actions/checkout").target().is_err());
    /// ```
    pub fn target(&self) -> Result<UsesTarget<'_>, String> {
        let raw = self.raw.as_str();
        if let Some(image) = raw.strip_prefix("docker://") {
            if image.is_empty() {
                return Err("`docker://` needs an image".to_owned());
            }
            return Ok(UsesTarget::Docker(image));
        }
        if raw.starts_with("./") || raw.starts_with(".\\") {
            if raw.contains('@') {
                return Err("a local path takes no `@ref`; it uses the checked-out files".to_owned());
            }
            return Ok(UsesTarget::Local(raw));
        }
        if let Some(path) = raw.strip_prefix("$/") {
            if raw.contains('@') {
                return Err("a `$/` path takes no `@ref`; it uses the commit being run".to_owned());
            }
            return Ok(UsesTarget::SelfRepository(path));
        }
        let Some((spec, git_ref)) = raw.rsplit_once('@') else {
            return Err("expected `owner/repo@ref`, `./path` or `docker://image`".to_owned());
        };
        if git_ref.is_empty() {
            return Err("the ref after `@` is empty".to_owned());
        }
        let mut parts = spec.splitn(3, '/');
        let owner = parts.next().unwrap_or("");
        let repo = parts.next().unwrap_or("");
        let path = parts.next();
        if owner.is_empty() || repo.is_empty() {
            return Err("expected `owner/repo@ref`".to_owned());
        }
        if path.is_some_and(str::is_empty) {
            return Err("the path after `owner/repo/` is empty".to_owned());
        }
        Ok(UsesTarget::Repository { owner, repo, path, git_ref })
    }

    /// The action a repository reference names, `owner/repo` or
    /// `owner/repo/path`, without its `@ref`; `None` for a local, `$/` or
    /// `docker://` reference, or one GitHub would reject.
    ///
    /// ```
    /// # use ci_model::Uses;
    /// assert_eq!(Uses::new("github/codeql-action/init@v3").action(), Some("github/codeql-action/init"));
    /// assert_eq!(Uses::new("./.github/actions/setup").action(), None);
    /// ```
    pub fn action(&self) -> Option<&str> {
        match self.target() {
            Ok(UsesTarget::Repository { .. }) => self.raw.rsplit_once('@').map(|(action, _)| action),
            _ => None,
        }
    }

    /// Whether this is a repository reference pinned to a full 40-hex commit SHA.
    ///
    /// ```
    /// # use ci_model::Uses;
    /// assert!(!Uses::new("actions/checkout@v4").is_sha_pinned());
    /// ```
    pub fn is_sha_pinned(&self) -> bool {
        matches!(self.target(), Ok(UsesTarget::Repository { git_ref, .. })
            if git_ref.len() == 40 && git_ref.bytes().all(|b| b.is_ascii_hexdigit()))
    }
}

impl fmt::Display for Uses {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.raw)
    }
}

impl From<&str> for Uses {
    fn from(s: &str) -> Self {
        Uses::new(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uses_forms() {
        let t = Uses::new("yamadashy/repomix/.github/actions/repomix@abc");
        assert_eq!(
            t.target(),
            Ok(UsesTarget::Repository {
                owner: "yamadashy",
                repo: "repomix",
                path: Some(".github/actions/repomix"),
                git_ref: "abc"
            })
        );
        assert_eq!(Uses::local("./.github/actions/x").as_str(), "./.github/actions/x");
        assert_eq!(Uses::local(".github/actions/x").as_str(), "./.github/actions/x");
        assert!(Uses::new("./x@v1").target().is_err());
        assert!(Uses::new("owner@v1").target().is_err());
        assert!(Uses::new("docker://").target().is_err());
    }

    #[test]
    fn expr_body() {
        assert_eq!(Expr::new("  a  ").as_str(), "${{ a }}");
        assert_eq!(Expr::parse("x-${{ a }}").map(|e| e.body().to_owned()), Some("x-${{ a }}".into()));
    }
}
