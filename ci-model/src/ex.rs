//! Typed expressions: `${{ }}` built from contexts, literals, operators and
//! GitHub's functions instead of strings.
//!
//! ```
//! use ci_model::ex::{github, matrix, starts_with};
//!
//! let on_tag = starts_with(github().ref_(), "refs/tags/");
//! let not_pr = github().event_name().ne("pull_request");
//! assert_eq!(on_tag.and(not_pr).body(), "startsWith(github.ref, 'refs/tags/') && github.event_name != 'pull_request'");
//! assert_eq!(matrix("service").field("port").body(), "matrix.service.port");
//! ```
//!
//! Operators add the parentheses precedence needs, and string literals are
//! escaped (`'it''s'`). Each builder returns an [`Expr`], the one expression
//! type of ci-model: the model holds the same type where a field is written
//! with `${{ }}`, it converts into [`Scalar`](crate::Scalar) and
//! [`LitOrExpr`](crate::LitOrExpr) so it goes wherever the model takes a
//! value, and `format!` interpolates it as `${{ ... }}`:
//!
//! ```
//! use ci_model::ex::{hash_files, runner};
//! assert_eq!(format!("{}-{}", runner("os"), hash_files(["Cargo.lock"])), "${{ runner.os }}-${{ hashFiles('Cargo.lock') }}");
//! ```
//!
//! ```
//! use ci_model::ex::{github, matrix, secrets};
//! use ci_model::{Job, Step};
//!
//! let job = Job::new(matrix("os"))
//!     .when(github().ref_name().eq("main"))
//!     .step(Step::run("./publish.sh").env("TOKEN", secrets("NPM_TOKEN")));
//! assert_eq!(job.r#if.unwrap(), "github.ref_name == 'main'");
//! assert_eq!(job.runs_on.labels()[0], "${{ matrix.os }}");
//! ```
//!
//! The expression language itself (parsing, printing, what each field may
//! use) is [`expression`](crate::expression).

use crate::expression::{Ast, BinOp, Index};
use crate::{Expr, Number, Scalar};

/// The old name of [`Expr`], from when typed expressions and the `${{ }}`
/// text of the model were two types.
///
/// ```
/// #[allow(deprecated)]
/// let e: ci_model::E = ci_model::ex::matrix("os");
/// assert_eq!(e, ci_model::Expr::new("matrix.os"));
/// ```
#[deprecated(since = "0.2.0", note = "use `ci_model::Expr`: typed expressions are `Expr` values")]
pub type E = Expr;

/// The typed builders of [`Expr`]: each reads the expression's syntax tree
/// ([`Expr::ast`]), combines it, and writes the result back as text.
impl Expr {
    /// Wraps a syntax tree.
    ///
    /// ```
    /// # use ci_model::Expr;
    /// # use ci_model::expression::Ast;
    /// let e = Expr::from_ast(Ast::parse("github.ref_name=='main'").unwrap());
    /// assert_eq!(e.and(true).body(), "github.ref_name == 'main' && true");
    /// ```
    pub fn from_ast(ast: Ast) -> Self {
        Expr::built(ast)
    }

    /// The syntax tree: of the body when the text is one `${{ body }}`; a
    /// `format(..)` call when text surrounds the expressions
    /// (`v${{ inputs.version }}`); a body that does not parse is kept as
    /// written, in parentheses, so that combining never hides it from
    /// validation.
    ///
    /// ```
    /// # use ci_model::Expr;
    /// let mixed = Expr::parse("v${{ inputs.version }}-${{ github.sha }}").unwrap();
    /// assert_eq!(mixed.ast().to_string(), "format('v{0}-{1}', inputs.version, github.sha)");
    /// assert_eq!(mixed.eq("v1-abc").body(), "format('v{0}-{1}', inputs.version, github.sha) == 'v1-abc'");
    /// assert_eq!(Expr::new("a ==").and(true).body(), "(a ==) && true");
    /// ```
    pub fn ast(&self) -> Ast {
        if let Some(tree) = self.built_tree() {
            return tree.clone();
        }
        self.parsed_ast()
    }

    /// The tree of the text as written (see [`Expr::ast`]).
    fn parsed_ast(&self) -> Ast {
        let raw = |text: &str| Ast::Group(Box::new(Ast::Context(text.trim().to_owned())));
        let text = self.as_str();
        let Ok(parts) = crate::expression::template::parts(text) else { return raw(text) };
        let mut template = String::new();
        let mut args = Vec::new();
        for part in &parts {
            match part {
                crate::expression::template::Part::Text(t) => {
                    template.push_str(&t.replace('{', "{{").replace('}', "}}"));
                }
                crate::expression::template::Part::Expr(body) => {
                    let Ok(ast) = Ast::parse(body) else { return raw(body) };
                    template.push_str(&format!("{{{}}}", args.len()));
                    args.push(ast);
                }
            }
        }
        match (parts.as_slice(), args.pop()) {
            ([crate::expression::template::Part::Expr(_)], Some(only)) => only,
            (_, last) => {
                args.extend(last);
                let mut all = vec![Ast::String(template)];
                all.extend(args);
                Ast::Call("format".to_owned(), all)
            }
        }
    }

    /// `self.name`, or `self['name']` when `name` is not an identifier.
    ///
    /// ```
    /// # use ci_model::ex::env;
    /// assert_eq!(ci_model::ex::github().field("event").field("pull_request").body(), "github.event.pull_request");
    /// assert_eq!(env("A").body(), "env.A");
    /// assert_eq!(ci_model::ex::vars("a.b").body(), "vars['a.b']");
    /// ```
    pub fn field(self, name: &str) -> Expr {
        let base = self.operand(PRIMARY);
        let index = if is_identifier(name) {
            Index::Property(name.to_owned())
        } else {
            Index::Expr(Ast::String(name.to_owned()))
        };
        Expr::from_ast(Ast::Index(Box::new(base), Box::new(index)))
    }

    /// `self[index]`.
    ///
    /// ```
    /// # use ci_model::ex::{github, matrix};
    /// assert_eq!(github().event().field("commits").index(0).body(), "github.event.commits[0]");
    /// assert_eq!(github().event().index(matrix("key")).body(), "github.event[matrix.key]");
    /// ```
    pub fn index(self, index: impl Into<Expr>) -> Expr {
        let base = self.operand(PRIMARY);
        Expr::from_ast(Ast::Index(Box::new(base), Box::new(Index::Expr(index.into().into_ast()))))
    }

    /// `self.*`: the property of every element (`needs.*.result`).
    ///
    /// ```
    /// # use ci_model::Expr;
    /// # use ci_model::expression::Ast;
    /// let needs = Expr::from_ast(Ast::Context("needs".to_owned()));
    /// assert_eq!(needs.star().field("result").body(), "needs.*.result");
    /// ```
    pub fn star(self) -> Expr {
        Expr::from_ast(Ast::Index(Box::new(self.operand(PRIMARY)), Box::new(Index::DotStar)))
    }

    fn binary(self, op: BinOp, rhs: impl Into<Expr>) -> Expr {
        let p = if matches!(op, BinOp::Eq | BinOp::Ne) { EQUALITY } else { COMPARISON };
        let left = self.operand(p);
        let right = rhs.into().operand(p + 1);
        Expr::from_ast(Ast::Binary(Box::new(left), op, Box::new(right)))
    }

    /// `self == rhs`.
    ///
    /// ```
    /// # use ci_model::ex::github;
    /// assert_eq!(github().ref_name().eq("main").body(), "github.ref_name == 'main'");
    /// ```
    pub fn eq(self, rhs: impl Into<Expr>) -> Expr {
        self.binary(BinOp::Eq, rhs)
    }

    /// `self != rhs`.
    ///
    /// ```
    /// # use ci_model::ex::github;
    /// assert_eq!(github().actor().ne("dependabot[bot]").body(), "github.actor != 'dependabot[bot]'");
    /// ```
    pub fn ne(self, rhs: impl Into<Expr>) -> Expr {
        self.binary(BinOp::Ne, rhs)
    }

    /// `self < rhs`.
    ///
    /// ```
    /// # use ci_model::ex::matrix;
    /// assert_eq!(matrix("shard").lt(4).body(), "matrix.shard < 4");
    /// ```
    pub fn lt(self, rhs: impl Into<Expr>) -> Expr {
        self.binary(BinOp::Lt, rhs)
    }

    /// `self <= rhs`.
    ///
    /// ```
    /// # use ci_model::ex::strategy;
    /// assert_eq!(strategy("job-index").le(1).body(), "strategy.job-index <= 1");
    /// ```
    pub fn le(self, rhs: impl Into<Expr>) -> Expr {
        self.binary(BinOp::Le, rhs)
    }

    /// `self > rhs`.
    ///
    /// ```
    /// # use ci_model::ex::github;
    /// assert_eq!(github().run_number().gt(100).body(), "github.run_number > 100");
    /// ```
    pub fn gt(self, rhs: impl Into<Expr>) -> Expr {
        self.binary(BinOp::Gt, rhs)
    }

    /// `self >= rhs`.
    ///
    /// ```
    /// # use ci_model::ex::matrix;
    /// assert_eq!(matrix("node").ge(20).body(), "matrix.node >= 20");
    /// ```
    pub fn ge(self, rhs: impl Into<Expr>) -> Expr {
        self.binary(BinOp::Ge, rhs)
    }

    /// `self && rhs` (chains flatten: `a && b && c`).
    ///
    /// ```
    /// # use ci_model::ex::{github, lit};
    /// let e = github().event_name().eq("push").or(lit(false)).and(lit(true));
    /// assert_eq!(e.body(), "(github.event_name == 'push' || false) && true");
    /// ```
    pub fn and(self, rhs: impl Into<Expr>) -> Expr {
        let mut args = match self.into_ast() {
            Ast::And(args) => args,
            other => vec![grouped(other, AND + 1)],
        };
        args.push(rhs.into().operand(AND + 1));
        Expr::from_ast(Ast::And(args))
    }

    /// `self || rhs` (chains flatten).
    ///
    /// ```
    /// # use ci_model::ex::{failure, github, success};
    /// let e = success().or(failure()).or(github().event_name().eq("schedule"));
    /// assert_eq!(e.body(), "success() || failure() || github.event_name == 'schedule'");
    /// // An `||` inside `&&` keeps its parentheses.
    /// assert_eq!(success().or(failure()).and(true).body(), "(success() || failure()) && true");
    /// ```
    pub fn or(self, rhs: impl Into<Expr>) -> Expr {
        let mut args = match self.into_ast() {
            Ast::Or(args) => args,
            other => vec![grouped(other, OR + 1)],
        };
        args.push(rhs.into().operand(OR + 1));
        Expr::from_ast(Ast::Or(args))
    }

    /// `!self`.
    ///
    /// ```
    /// # use ci_model::ex::{cancelled, github};
    /// assert_eq!(cancelled().not().body(), "!cancelled()");
    /// assert_eq!(github().event_name().eq("push").not().body(), "!(github.event_name == 'push')");
    /// ```
    #[allow(clippy::should_implement_trait)] // `!` on a builder value would read poorly
    pub fn not(self) -> Expr {
        Expr::from_ast(Ast::Not(Box::new(self.operand(UNARY))))
    }

    /// The tree, in parentheses when it binds looser than `min`.
    fn operand(self, min: u8) -> Ast {
        grouped(self.into_ast(), min)
    }

    /// The tree, without a copy when this is the only holder of a built one.
    fn into_ast(self) -> Ast {
        self.into_built_tree().unwrap_or_else(|written| written.parsed_ast())
    }

    /// The expression itself: typed expressions are [`Expr`] values now.
    ///
    /// ```
    /// # #![allow(deprecated)]
    /// let e = ci_model::ex::matrix("os");
    /// assert_eq!(e.to_expr(), e);
    /// ```
    #[deprecated(since = "0.2.0", note = "an `Expr` is the expression; `format!` writes it as `${{ }}`")]
    pub fn to_expr(&self) -> Expr {
        self.clone()
    }
}

const OR: u8 = 1;
const AND: u8 = 2;
const EQUALITY: u8 = 3;
const COMPARISON: u8 = 4;
const UNARY: u8 = 5;
const PRIMARY: u8 = 6;

/// `a`, in parentheses when it binds looser than `min`.
fn grouped(a: Ast, min: u8) -> Ast {
    if precedence(&a) < min { Ast::Group(Box::new(a)) } else { a }
}

fn precedence(a: &Ast) -> u8 {
    match a {
        Ast::Or(_) => OR,
        Ast::And(_) => AND,
        Ast::Binary(_, BinOp::Eq | BinOp::Ne, _) => EQUALITY,
        Ast::Binary(..) => COMPARISON,
        Ast::Not(_) => UNARY,
        _ => PRIMARY,
    }
}

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// A string literal (`'it''s'`), for the typed builders' operands.
impl From<&str> for Expr {
    fn from(s: &str) -> Self {
        Expr::from_ast(Ast::String(s.to_owned()))
    }
}

impl From<String> for Expr {
    fn from(s: String) -> Self {
        Expr::from_ast(Ast::String(s))
    }
}

impl From<bool> for Expr {
    fn from(b: bool) -> Self {
        Expr::from_ast(Ast::Bool(b))
    }
}

macro_rules! e_from_number {
    ($($t:ty),*) => {$(
        impl From<$t> for Expr {
            #[allow(clippy::cast_precision_loss, clippy::cast_lossless)]
            fn from(n: $t) -> Self { Expr::from_ast(Ast::Number(n as f64)) }
        }
    )*};
}

e_from_number!(i32, i64, u16, u32, u64, usize, f64);

impl From<Number> for Expr {
    fn from(n: Number) -> Self {
        Expr::from_ast(Ast::Number(n.as_f64()))
    }
}

/// An `if:` condition: a string (the `${{ }}` is optional in `if:`), a
/// boolean, or a typed expression, which is written without the braces.
///
/// ```
/// use ci_model::ex::{always, github};
/// use ci_model::Step;
///
/// let s = Step::run("make").when(always().or(github().event_name().eq("push")));
/// assert_eq!(s.r#if.unwrap().as_str(), Some("always() || github.event_name == 'push'"));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Condition(pub(crate) Scalar);

impl From<Expr> for Condition {
    /// GitHub's documentation asks for `${{ }}` around a condition that starts
    /// with `!` (YAML reads a leading `!` as a tag); every other condition that
    /// is one expression is written bare, and text around `${{ }}` as it is.
    fn from(e: Expr) -> Self {
        let body = e.body();
        if body.starts_with('!') || body == e.as_str() {
            Condition(Scalar::String(e.as_str().to_owned()))
        } else {
            Condition(Scalar::String(body.to_owned()))
        }
    }
}

impl Condition {
    /// The expression written in `${{ }}`, as some files do (`if: ${{
    /// steps.x.outputs.changed }}`); [`From<Expr>`](Condition#impl-From<Expr>-for-Condition)
    /// writes it bare.
    ///
    /// ```
    /// use ci_model::ex::steps;
    /// use ci_model::{Condition, Step};
    ///
    /// let changed = steps("x").field("outputs").field("changed");
    /// let step = Step::run("make").when(Condition::braced(changed.clone()));
    /// assert_eq!(step.r#if.unwrap().as_str(), Some("${{ steps.x.outputs.changed }}"));
    /// assert_eq!(Step::run("make").when(changed).r#if.unwrap().as_str(), Some("steps.x.outputs.changed"));
    /// ```
    pub fn braced(e: impl Into<Expr>) -> Condition {
        Condition(Scalar::String(e.into().as_str().to_owned()))
    }
}

impl From<&str> for Condition {
    fn from(s: &str) -> Self {
        Condition(Scalar::from(s))
    }
}

impl From<String> for Condition {
    fn from(s: String) -> Self {
        Condition(Scalar::from(s))
    }
}

impl From<Scalar> for Condition {
    fn from(s: Scalar) -> Self {
        Condition(s)
    }
}

impl From<bool> for Condition {
    fn from(b: bool) -> Self {
        Condition(Scalar::Bool(b))
    }
}

/// A literal: a string (escaped), number, boolean.
///
/// ```
/// # use ci_model::ex::lit;
/// assert_eq!(lit("it's").body(), "'it''s'");
/// assert_eq!(lit(3).body(), "3");
/// ```
pub fn lit(value: impl Into<Expr>) -> Expr {
    value.into()
}

/// `null`.
///
/// ```
/// # use ci_model::ex::{inputs, null};
/// assert_eq!(inputs("tag").ne(null()).body(), "inputs.tag != null");
/// ```
pub fn null() -> Expr {
    Expr::from_ast(Ast::Null)
}

fn context(name: &str) -> Expr {
    Expr::from_ast(Ast::Context(name.to_owned()))
}

fn call(name: &str, args: Vec<Expr>) -> Expr {
    Expr::from_ast(Ast::Call(name.to_owned(), args.into_iter().map(Expr::into_ast).collect()))
}

/// The `github` context.
///
/// ```
/// # use ci_model::ex::github;
/// assert_eq!(github().event().field("pull_request").field("title").body(), "github.event.pull_request.title");
/// ```
pub fn github() -> Github {
    Github(context("github"))
}

/// The `github` context, with its documented properties as methods.
///
/// ```
/// use ci_model::Expr;
/// use ci_model::ex::{github, to_json};
///
/// let g = github();
/// assert_eq!(g.repository().body(), "github.repository");
/// assert_eq!(to_json(g).body(), "toJSON(github)");
/// let whole: Expr = github().into();
/// assert_eq!(whole.body(), "github");
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Github(Expr);

macro_rules! github_fields {
    ($($(#[$doc:meta])* $method:ident => $name:literal),* $(,)?) => {
        impl Github {
            $( $(#[$doc])* pub fn $method(&self) -> Expr { self.0.clone().field($name) } )*

            /// Any other property.
            ///
            /// ```
            /// # use ci_model::ex::github;
            /// assert_eq!(github().field("server_url").body(), "github.server_url");
            /// assert_eq!(github().field("event.x").body(), "github['event.x']");
            /// ```
            pub fn field(&self, name: &str) -> Expr {
                self.0.clone().field(name)
            }
        }
    };
}

github_fields! {
    /// `github.action`.
    ///
    /// ```
    /// # use ci_model::ex::github;
    /// assert_eq!(github().action().body(), "github.action");
    /// ```
    action => "action",
    /// `github.actor`.
    ///
    /// ```
    /// # use ci_model::ex::github;
    /// assert_eq!(github().actor().body(), "github.actor");
    /// ```
    actor => "actor",
    /// `github.base_ref`: the target branch of a pull request.
    ///
    /// ```
    /// # use ci_model::ex::github;
    /// assert_eq!(github().base_ref().body(), "github.base_ref");
    /// ```
    base_ref => "base_ref",
    /// `github.event`: the webhook payload.
    ///
    /// ```
    /// # use ci_model::ex::github;
    /// let number = github().event().field("pull_request").field("number");
    /// assert_eq!(number.body(), "github.event.pull_request.number");
    /// ```
    event => "event",
    /// `github.event_name`.
    ///
    /// ```
    /// # use ci_model::ex::github;
    /// assert_eq!(github().event_name().eq("push").body(), "github.event_name == 'push'");
    /// ```
    event_name => "event_name",
    /// `github.head_ref`: the source branch of a pull request (attacker-controlled).
    ///
    /// ```
    /// # use ci_model::ex::github;
    /// assert_eq!(github().head_ref().to_expr().as_str(), "${{ github.head_ref }}");
    /// ```
    head_ref => "head_ref",
    /// `github.job`.
    ///
    /// ```
    /// # use ci_model::ex::github;
    /// assert_eq!(github().job().body(), "github.job");
    /// ```
    job => "job",
    /// `github.ref`.
    ///
    /// ```
    /// # use ci_model::ex::github;
    /// // `ref` is a Rust keyword, hence the underscore.
    /// assert_eq!(github().ref_().eq("refs/heads/main").body(), "github.ref == 'refs/heads/main'");
    /// ```
    ref_ => "ref",
    /// `github.ref_name`.
    ///
    /// ```
    /// # use ci_model::ex::github;
    /// assert_eq!(github().ref_name().body(), "github.ref_name");
    /// ```
    ref_name => "ref_name",
    /// `github.ref_type`.
    ///
    /// ```
    /// # use ci_model::ex::github;
    /// assert_eq!(github().ref_type().eq("tag").body(), "github.ref_type == 'tag'");
    /// ```
    ref_type => "ref_type",
    /// `github.repository`.
    ///
    /// ```
    /// # use ci_model::ex::github;
    /// assert_eq!(github().repository().body(), "github.repository");
    /// ```
    repository => "repository",
    /// `github.repository_owner`.
    ///
    /// ```
    /// # use ci_model::ex::github;
    /// assert_eq!(github().repository_owner().body(), "github.repository_owner");
    /// ```
    repository_owner => "repository_owner",
    /// `github.run_id`.
    ///
    /// ```
    /// # use ci_model::ex::github;
    /// assert_eq!(github().run_id().body(), "github.run_id");
    /// ```
    run_id => "run_id",
    /// `github.run_number`.
    ///
    /// ```
    /// # use ci_model::ex::github;
    /// assert_eq!(github().run_number().body(), "github.run_number");
    /// ```
    run_number => "run_number",
    /// `github.sha`.
    ///
    /// ```
    /// # use ci_model::ex::github;
    /// assert_eq!(github().sha().to_expr().as_str(), "${{ github.sha }}");
    /// ```
    sha => "sha",
    /// `github.token`.
    ///
    /// ```
    /// # use ci_model::ex::github;
    /// assert_eq!(github().token().body(), "github.token");
    /// ```
    token => "token",
    /// `github.workflow`.
    ///
    /// ```
    /// # use ci_model::ex::github;
    /// assert_eq!(github().workflow().body(), "github.workflow");
    /// ```
    workflow => "workflow",
    /// `github.workspace`.
    ///
    /// ```
    /// # use ci_model::ex::github;
    /// assert_eq!(github().workspace().body(), "github.workspace");
    /// ```
    workspace => "workspace",
}

impl From<Github> for Expr {
    fn from(g: Github) -> Self {
        g.0
    }
}

/// `env.<name>`.
///
/// ```
/// # use ci_model::ex::env;
/// assert_eq!(env("RUST_LOG").body(), "env.RUST_LOG");
/// ```
pub fn env(name: &str) -> Expr {
    context("env").field(name)
}

/// `vars.<name>`: a configuration variable.
///
/// ```
/// # use ci_model::ex::vars;
/// assert_eq!(vars("DEPLOY_REGION").to_expr().as_str(), "${{ vars.DEPLOY_REGION }}");
/// ```
pub fn vars(name: &str) -> Expr {
    context("vars").field(name)
}

/// `secrets.<name>`.
///
/// ```
/// # use ci_model::Step;
/// # use ci_model::ex::secrets;
/// let step = Step::run("./publish.sh").env("TOKEN", secrets("NPM_TOKEN"));
/// assert_eq!(step.env.unwrap().literal().unwrap()["TOKEN"], "${{ secrets.NPM_TOKEN }}");
/// ```
pub fn secrets(name: &str) -> Expr {
    context("secrets").field(name)
}

/// `inputs.<name>`: a `workflow_dispatch` or `workflow_call` input.
///
/// ```
/// # use ci_model::ex::inputs;
/// assert_eq!(inputs("dry-run").eq(true).body(), "inputs.dry-run == true");
/// ```
pub fn inputs(name: &str) -> Expr {
    context("inputs").field(name)
}

/// `matrix.<key>`.
///
/// ```
/// # use ci_model::ex::matrix;
/// assert_eq!(matrix("os").body(), "matrix.os");
/// assert_eq!(matrix("service").field("port").body(), "matrix.service.port");
/// ```
pub fn matrix(key: &str) -> Expr {
    context("matrix").field(key)
}

/// `jobs.<job>`: a job of this workflow, as the outputs of `on.workflow_call`
/// name it (`jobs.<job>.outputs.<name>`; see
/// [`CallOutput::of_job`](crate::CallOutput::of_job)).
///
/// ```
/// # use ci_model::ex::jobs;
/// assert_eq!(jobs("deploy").field("outputs").field("url").body(), "jobs.deploy.outputs.url");
/// ```
pub fn jobs(job: &str) -> Expr {
    context("jobs").field(job)
}

/// `needs.<job>` (see [`crate::JobRef`] for outputs).
///
/// ```
/// # use ci_model::ex::needs;
/// assert_eq!(needs("build").field("result").eq("success").body(), "needs.build.result == 'success'");
/// ```
pub fn needs(job: &str) -> Expr {
    context("needs").field(job)
}

/// `steps.<id>` (see [`crate::StepRef`] for outputs).
///
/// ```
/// # use ci_model::ex::steps;
/// assert_eq!(steps("cache").field("outputs").field("cache-hit").body(), "steps.cache.outputs.cache-hit");
/// ```
pub fn steps(id: &str) -> Expr {
    context("steps").field(id)
}

/// `runner.<property>`: `os`, `arch`, `temp`, `tool_cache`, `name`.
///
/// ```
/// # use ci_model::ex::runner;
/// assert_eq!(runner("os").eq("Windows").body(), "runner.os == 'Windows'");
/// ```
pub fn runner(property: &str) -> Expr {
    context("runner").field(property)
}

/// `job.<property>`: `status`, `container`, `services`.
///
/// ```
/// # use ci_model::ex::job;
/// assert_eq!(job("status").body(), "job.status");
/// ```
pub fn job(property: &str) -> Expr {
    context("job").field(property)
}

/// `strategy.<property>`: `fail-fast`, `job-index`, `job-total`, `max-parallel`.
///
/// ```
/// # use ci_model::ex::strategy;
/// assert_eq!(strategy("job-total").body(), "strategy.job-total");
/// ```
pub fn strategy(property: &str) -> Expr {
    context("strategy").field(property)
}

/// `contains(search, item)`.
///
/// ```
/// # use ci_model::ex::{contains, github};
/// let labelled = contains(github().event().field("pull_request").field("labels").star().field("name"), "deploy");
/// assert_eq!(labelled.body(), "contains(github.event.pull_request.labels.*.name, 'deploy')");
/// ```
pub fn contains(search: impl Into<Expr>, item: impl Into<Expr>) -> Expr {
    call("contains", vec![search.into(), item.into()])
}

/// `startsWith(text, prefix)`.
///
/// ```
/// # use ci_model::ex::{github, starts_with};
/// assert_eq!(starts_with(github().ref_(), "refs/tags/v").body(), "startsWith(github.ref, 'refs/tags/v')");
/// ```
pub fn starts_with(text: impl Into<Expr>, prefix: impl Into<Expr>) -> Expr {
    call("startsWith", vec![text.into(), prefix.into()])
}

/// `endsWith(text, suffix)`.
///
/// ```
/// # use ci_model::ex::{ends_with, github};
/// assert_eq!(ends_with(github().repository(), "-docs").body(), "endsWith(github.repository, '-docs')");
/// ```
pub fn ends_with(text: impl Into<Expr>, suffix: impl Into<Expr>) -> Expr {
    call("endsWith", vec![text.into(), suffix.into()])
}

/// `format(template, args...)`.
///
/// ```
/// # use ci_model::ex::{format, github};
/// assert_eq!(format("sha-{0}", [github().sha()]).body(), "format('sha-{0}', github.sha)");
/// ```
pub fn format(template: &str, args: impl IntoIterator<Item = Expr>) -> Expr {
    let mut all = vec![Expr::from(template)];
    all.extend(args);
    call("format", all)
}

/// `join(array, separator)`.
///
/// ```
/// # use ci_model::ex::{join, matrix};
/// assert_eq!(join(matrix("features"), ",").body(), "join(matrix.features, ',')");
/// ```
pub fn join(array: impl Into<Expr>, separator: &str) -> Expr {
    call("join", vec![array.into(), Expr::from(separator)])
}

/// `toJSON(value)`.
///
/// ```
/// # use ci_model::ex::{matrix, to_json};
/// assert_eq!(to_json(matrix("target")).body(), "toJSON(matrix.target)");
/// ```
pub fn to_json(value: impl Into<Expr>) -> Expr {
    call("toJSON", vec![value.into()])
}

/// `fromJSON(text)`.
///
/// ```
/// # use ci_model::JobRef;
/// # use ci_model::ex::from_json;
/// let plan = JobRef::new("plan");
/// assert_eq!(from_json(plan.output("matrix")).body(), "fromJSON(needs.plan.outputs.matrix)");
/// ```
pub fn from_json(text: impl Into<Expr>) -> Expr {
    call("fromJSON", vec![text.into()])
}

/// `hashFiles(patterns...)`.
///
/// ```
/// # use ci_model::ex::hash_files;
/// assert_eq!(hash_files(["**/poetry.lock"]).body(), "hashFiles('**/poetry.lock')");
/// ```
pub fn hash_files<'a>(patterns: impl IntoIterator<Item = &'a str>) -> Expr {
    call("hashFiles", patterns.into_iter().map(Expr::from).collect())
}

/// `success()`.
///
/// ```
/// # use ci_model::ex::{github, success};
/// assert_eq!(success().and(github().ref_name().eq("main")).body(), "success() && github.ref_name == 'main'");
/// ```
pub fn success() -> Expr {
    call("success", Vec::new())
}

/// `always()`.
///
/// ```
/// # use ci_model::Step;
/// # use ci_model::ex::always;
/// let cleanup = Step::run("docker compose down").when(always());
/// assert_eq!(cleanup.r#if.unwrap(), "always()");
/// ```
pub fn always() -> Expr {
    call("always", Vec::new())
}

/// `cancelled()`.
///
/// ```
/// # use ci_model::ex::cancelled;
/// assert_eq!(cancelled().body(), "cancelled()");
/// ```
pub fn cancelled() -> Expr {
    call("cancelled", Vec::new())
}

/// `failure()`.
///
/// ```
/// # use ci_model::Step;
/// # use ci_model::ex::failure;
/// let notify = Step::run("./notify-failure.sh").when(failure());
/// assert_eq!(notify.r#if.unwrap(), "failure()");
/// ```
pub fn failure() -> Expr {
    call("failure", Vec::new())
}

/// A reference to a job, for `needs.<id>.outputs.<name>` and
/// `needs.<id>.result`. Validation checks that the job exists, declares the
/// output, and is listed in `needs` of the job that refers to it (or
/// [`Workflow::infer_needs`](crate::Workflow::infer_needs) adds it).
///
/// ```
/// use ci_model::JobRef;
///
/// let build = JobRef::new("build");
/// assert_eq!(build.output("image").body(), "needs.build.outputs.image");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct JobRef {
    id: String,
}

impl JobRef {
    /// A reference to the job with this id.
    pub fn new(id: impl Into<String>) -> Self {
        JobRef { id: id.into() }
    }

    /// The job's id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// `needs.<id>.outputs.<name>`.
    ///
    /// ```
    /// # use ci_model::{Job, JobRef, Step, Workflow};
    /// let build = JobRef::new("build");
    /// let deploy = Job::new("ubuntu-latest")
    ///     .needs(build.id())
    ///     .env("IMAGE", build.output("image"))
    ///     .step(Step::run("./deploy.sh"));
    /// let wf = Workflow::new("CD")
    ///     .on_push()
    ///     .job("build", Job::new("ubuntu-latest").output("image", "app:1").step(Step::run("make")))
    ///     .job("deploy", deploy);
    /// assert!(wf.validate().is_empty());
    /// assert!(wf.to_yaml().contains("      IMAGE: ${{ needs.build.outputs.image }}\n"));
    /// ```
    pub fn output(&self, name: &str) -> Expr {
        needs(&self.id).field("outputs").field(name)
    }

    /// `needs.<id>.result`: `success`, `failure`, `cancelled` or `skipped`.
    ///
    /// ```
    /// # use ci_model::JobRef;
    /// assert_eq!(JobRef::new("test").result().eq("failure").body(), "needs.test.result == 'failure'");
    /// ```
    pub fn result(&self) -> Expr {
        needs(&self.id).field("result")
    }
}

/// A reference to a step by id, for `steps.<id>.outputs.<name>`,
/// `.outcome` and `.conclusion`. Validation checks that a step with the id
/// comes earlier in the same job.
///
/// ```
/// use ci_model::StepRef;
///
/// let meta = StepRef::new("meta");
/// assert_eq!(meta.output("tags").body(), "steps.meta.outputs.tags");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct StepRef {
    id: String,
}

impl StepRef {
    /// A reference to the step with this id.
    pub fn new(id: impl Into<String>) -> Self {
        StepRef { id: id.into() }
    }

    /// The step's id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// `steps.<id>.outputs.<name>`.
    ///
    /// ```
    /// # use ci_model::StepRef;
    /// let missed = StepRef::new("cache").output("cache-hit").ne("true");
    /// assert_eq!(missed.body(), "steps.cache.outputs.cache-hit != 'true'");
    /// ```
    pub fn output(&self, name: &str) -> Expr {
        steps(&self.id).field("outputs").field(name)
    }

    /// `steps.<id>.outcome` (before `continue-on-error`).
    ///
    /// ```
    /// # use ci_model::StepRef;
    /// assert_eq!(StepRef::new("lint").outcome().eq("failure").body(), "steps.lint.outcome == 'failure'");
    /// ```
    pub fn outcome(&self) -> Expr {
        steps(&self.id).field("outcome")
    }

    /// `steps.<id>.conclusion` (after `continue-on-error`).
    ///
    /// ```
    /// # use ci_model::StepRef;
    /// assert_eq!(StepRef::new("lint").conclusion().body(), "steps.lint.conclusion");
    /// ```
    pub fn conclusion(&self) -> Expr {
        steps(&self.id).field("conclusion")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::LitOrExpr;

    #[test]
    fn operators_parenthesise_by_precedence() {
        let a = env("A").eq("1");
        let b = env("B").eq("2");
        assert_eq!(a.clone().and(b.clone()).or(env("C")).body(), "env.A == '1' && env.B == '2' || env.C");
        assert_eq!(a.clone().or(b.clone()).and(env("C")).body(), "(env.A == '1' || env.B == '2') && env.C");
        assert_eq!(a.clone().not().body(), "!(env.A == '1')");
        assert_eq!(env("A").eq(env("B").eq(env("C"))).body(), "env.A == (env.B == env.C)");
        assert_eq!(a.and(b).and(env("C")).body(), "env.A == '1' && env.B == '2' && env.C");
    }

    #[test]
    fn built_expressions_parse_back_to_the_same_tree() {
        let e = contains(github().event().field("pull_request").field("labels").star().field("name"), "ci")
            .and(github().ref_().ne("refs/heads/main").or(always().not()))
            .or(from_json(steps("x").field("outputs").field("list")).index(0).ge(2.5));
        let text = e.body();
        let parsed = Ast::parse(text).unwrap_or(Ast::Null);
        assert_eq!(parsed.to_string(), text);
        // The text is the tree's canonical form: reading it back and writing it
        // again changes nothing.
        assert_eq!(Expr::from_ast(e.ast()), e);
    }

    #[test]
    fn conversions_wrap_in_braces() {
        let s: Scalar = github().sha().into();
        assert_eq!(s, Scalar::from("${{ github.sha }}"));
        let l: LitOrExpr<bool> = github().event_name().ne("pull_request").into();
        assert_eq!(l.expr().map(Expr::as_str), Some("${{ github.event_name != 'pull_request' }}"));
    }
}
